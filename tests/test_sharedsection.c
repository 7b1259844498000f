/*
 * test_sharedsection.c — dh_shared_section_parse, one test per rule.
 * Expected numbers are worked out by hand from KB 184802 (128 KB minimum,
 * 3rd value defaults to the 2nd) and the page rounding of the Desktop Heap
 * Overview's comment 60 (4 KB pages unless a test says otherwise).
 */
#include "testutil.h"

#define PAGE 4096u

/* The SubSystems\Windows value as shipped (Desktop Heap Overview; KB 184802). */
#define WINDOWS_VALUE                                                        \
    "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows "          \
    "SharedSection=1024,3072,512 Windows=On SubSystemType=Windows "          \
    "ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 "    \
    "ServerDll=winsrv:ConServerDllInitialization,2 ProfileControl=Off "      \
    "MaxRequestThreads=16"

static dh_shared_section parse_ok(const char *text, uint32_t page)
{
    dh_shared_section ss;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_shared_section_parse(text, page, &ss, &err);
    if (st != DH_OK)
        print_message("input \"%s\": %s\n", text, err.text);
    assert_int_equal(st, DH_OK);
    assert_int_equal(err.status, DH_OK);
    return ss;
}

static void assert_no_adjustment(const dh_shared_section *ss)
{
    for (int i = 0; i < 4; i++) {
        assert_false(ss->raised_to_min[i]);
        assert_false(ss->rounded[i]);
    }
}

static void assert_defaults_x86(const dh_shared_section *ss)
{
    assert_int_equal(ss->count, 3);
    assert_int_equal(ss->raw_kb[0], 1024);
    assert_int_equal(ss->raw_kb[1], 3072);
    assert_int_equal(ss->raw_kb[2], 512);
    assert_int_equal(ss->shared_kb, 1024);
    assert_int_equal(ss->interactive_kb, 3072);
    assert_int_equal(ss->noninteractive_kb, 512);
    assert_true(ss->noninteractive_given);
    assert_false(ss->fourth_given);
    assert_no_adjustment(ss);
}

/* Bad input: DH_EINPUT, the column in the original string, and words of the
 * message (word2 may be NULL). */
static void expect_bad(const char *text, int column, const char *word1,
                       const char *word2)
{
    dh_shared_section ss;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_shared_section_parse(text, PAGE, &ss, &err);
    bool words = strstr(err.text, word1) != NULL &&
                 (word2 == NULL || strstr(err.text, word2) != NULL);
    if (st != DH_EINPUT || err.column != column || !words)
        print_message("input \"%s\" -> column %d: %s\n", text, err.column,
                      err.text);
    assert_int_equal(st, DH_EINPUT);
    assert_int_equal(err.status, DH_EINPUT);
    assert_int_equal(err.column, column);
    assert_non_null(strstr(err.text, word1));
    if (word2 != NULL)
        assert_non_null(strstr(err.text, word2));
    assert_int_equal(ss.count, 0); /* nothing half-filled on error */
}

/* ------------------------------------------------------------ input forms */

static void test_bare_list_parsed(void **state)
{
    (void)state;
    dh_shared_section ss = parse_ok("1024,3072,512", PAGE);
    assert_defaults_x86(&ss);
}

static void test_token_form_parsed(void **state)
{
    (void)state;
    dh_shared_section ss = parse_ok("SharedSection=1024,3072,512", PAGE);
    assert_defaults_x86(&ss);
}

static void test_token_found_in_whole_windows_string(void **state)
{
    (void)state;
    dh_shared_section ss = parse_ok(WINDOWS_VALUE, PAGE);
    assert_defaults_x86(&ss);
}

static void test_token_name_case_insensitive(void **state)
{
    (void)state;
    dh_shared_section a = parse_ok("sharedsection=1024,3072,512", PAGE);
    assert_defaults_x86(&a);
    dh_shared_section b = parse_ok("SHAREDSECTION=1024,3072,512", PAGE);
    assert_defaults_x86(&b);
    dh_shared_section c = parse_ok(
        "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows "
        "sharedSECTION=1024,3072,512 Windows=On",
        PAGE);
    assert_defaults_x86(&c);
}

static void test_whitespace_around_input_allowed(void **state)
{
    (void)state;
    dh_shared_section a = parse_ok("  \t1024,3072,512 \r\n", PAGE);
    assert_defaults_x86(&a);
    dh_shared_section b = parse_ok("\n SharedSection=1024,3072,512\t", PAGE);
    assert_defaults_x86(&b);
}

static void test_spaces_around_commas_allowed(void **state)
{
    (void)state;
    dh_shared_section a = parse_ok("1024, 3072, 512", PAGE);
    assert_defaults_x86(&a);
    dh_shared_section b = parse_ok("1024 ,3072 , 512", PAGE);
    assert_defaults_x86(&b);
    dh_shared_section c =
        parse_ok("ObjectDirectory=\\Windows SharedSection=1024, 3072, 512 "
                 "Windows=On",
                 PAGE);
    assert_defaults_x86(&c);
}

/* ------------------------------------------------------------- semantics */

static void test_third_value_absent_means_interactive_size(void **state)
{
    (void)state;
    dh_shared_section ss = parse_ok("1024,3072", PAGE);
    assert_int_equal(ss.count, 2);
    assert_int_equal(ss.shared_kb, 1024);
    assert_int_equal(ss.interactive_kb, 3072);
    assert_int_equal(ss.noninteractive_kb, 3072);
    assert_false(ss.noninteractive_given);
    assert_false(ss.fourth_given);
    assert_no_adjustment(&ss);
}

static void test_third_value_absent_uses_effective_second(void **state)
{
    (void)state;
    /* 2nd 100 -> 128; the non-interactive size follows the effective 128. */
    dh_shared_section ss = parse_ok("1024,100", PAGE);
    assert_int_equal(ss.raw_kb[1], 100);
    assert_int_equal(ss.interactive_kb, 128);
    assert_int_equal(ss.noninteractive_kb, 128);
    assert_true(ss.raised_to_min[1]);
    assert_false(ss.raised_to_min[2]); /* no 3rd value was written */
    assert_false(ss.noninteractive_given);
}

static void test_value_below_128_becomes_128(void **state)
{
    (void)state;
    dh_shared_section ss = parse_ok("1024,3072,100", PAGE);
    assert_int_equal(ss.raw_kb[2], 100);
    assert_int_equal(ss.noninteractive_kb, 128);
    assert_true(ss.raised_to_min[2]);
    assert_false(ss.rounded[2]); /* 128 is already a multiple of 4 KB */
    assert_false(ss.raised_to_min[1]);
    assert_int_equal(ss.interactive_kb, 3072);
}

static void test_second_value_below_128_becomes_128(void **state)
{
    (void)state;
    dh_shared_section ss = parse_ok("1024,0,512", PAGE);
    assert_int_equal(ss.raw_kb[1], 0);
    assert_int_equal(ss.interactive_kb, 128);
    assert_true(ss.raised_to_min[1]);
    assert_int_equal(ss.noninteractive_kb, 512);
    assert_false(ss.raised_to_min[2]);
}

static void test_value_of_128_is_kept(void **state)
{
    (void)state;
    dh_shared_section ss = parse_ok("1024,128,128", PAGE);
    assert_int_equal(ss.interactive_kb, 128);
    assert_int_equal(ss.noninteractive_kb, 128);
    assert_no_adjustment(&ss);
}

static void test_values_rounded_up_to_page(void **state)
{
    (void)state;
    dh_shared_section a = parse_ok("1024,3072,1030", PAGE);
    assert_int_equal(a.raw_kb[2], 1030);
    assert_int_equal(a.noninteractive_kb, 1032); /* 258 pages of 4 KB */
    assert_true(a.rounded[2]);
    assert_false(a.raised_to_min[2]);

    dh_shared_section b = parse_ok("1024,3072,130", PAGE);
    assert_int_equal(b.noninteractive_kb, 132);
    assert_true(b.rounded[2]);

    dh_shared_section c = parse_ok("1024,3073,512", PAGE);
    assert_int_equal(c.interactive_kb, 3076);
    assert_true(c.rounded[1]);
    assert_false(c.rounded[2]);
}

static void test_rounding_follows_page_size(void **state)
{
    (void)state;
    /* 8 KB pages: 1030 -> 1032 (129 pages); 3076 -> 3080 (385 pages). */
    dh_shared_section a = parse_ok("1024,3076,1030", 8192);
    assert_int_equal(a.interactive_kb, 3080);
    assert_int_equal(a.noninteractive_kb, 1032);
    /* 64 KB pages: 130 -> 192; 3072 is 48 pages, kept. */
    dh_shared_section b = parse_ok("1024,3072,130", 65536);
    assert_int_equal(b.interactive_kb, 3072);
    assert_false(b.rounded[1]);
    assert_int_equal(b.noninteractive_kb, 192);
    assert_true(b.rounded[2]);
}

static void test_minimum_applied_before_rounding(void **state)
{
    (void)state;
    /* 3 KB pages make the order visible: 100 -> 128 (minimum) -> 129
     * (43 pages). Rounding first would give 102 -> 128. */
    dh_shared_section ss = parse_ok("1024,3072,100", 3072);
    assert_int_equal(ss.noninteractive_kb, 129);
    assert_true(ss.raised_to_min[2]);
    assert_true(ss.rounded[2]);
    assert_int_equal(ss.interactive_kb, 3072); /* 1024 pages, kept */
}

static void test_first_value_kept_as_written(void **state)
{
    (void)state;
    /* 1030 is not a multiple of 4 KB and 0 is below 128: both kept. */
    dh_shared_section a = parse_ok("1030,3072,512", PAGE);
    assert_int_equal(a.shared_kb, 1030);
    assert_int_equal(a.raw_kb[0], 1030);
    dh_shared_section b = parse_ok("0,3072,512", PAGE);
    assert_int_equal(b.shared_kb, 0);
    assert_no_adjustment(&a);
    assert_no_adjustment(&b);
}

static void test_fourth_value_ignored(void **state)
{
    (void)state;
    dh_shared_section ss = parse_ok("1024,3072,512,4096", PAGE);
    assert_int_equal(ss.count, 4);
    assert_true(ss.fourth_given);
    assert_int_equal(ss.raw_kb[3], 4096);
    assert_int_equal(ss.shared_kb, 1024);
    assert_int_equal(ss.interactive_kb, 3072);
    assert_int_equal(ss.noninteractive_kb, 512);
    assert_true(ss.noninteractive_given);
    assert_no_adjustment(&ss);
}

static void test_x64_defaults(void **state)
{
    (void)state;
    /* Win7 SP1 x64 / 2008 R2 / 2012 R2 as shipped (KB 947246). */
    dh_shared_section ss = parse_ok("SharedSection=1024,20480,768", PAGE);
    assert_int_equal(ss.count, 3);
    assert_int_equal(ss.shared_kb, 1024);
    assert_int_equal(ss.interactive_kb, 20480);
    assert_int_equal(ss.noninteractive_kb, 768);
    assert_no_adjustment(&ss);
}

static void test_largest_value_accepted(void **state)
{
    (void)state;
    /* 4294967295 KB is the maximum; rounded up it is 4294967296 KB. */
    dh_shared_section ss = parse_ok("4294967295,4294967295", PAGE);
    assert_int_equal(ss.shared_kb, 4294967295u);
    assert_int_equal(ss.raw_kb[1], 4294967295u);
    assert_true(ss.interactive_kb == 4294967296ull);
    assert_true(ss.noninteractive_kb == 4294967296ull);
    assert_true(ss.rounded[1]);
}

static void test_page_size_not_whole_kb_is_internal_error(void **state)
{
    (void)state;
    const uint32_t bad[] = {0, 512, 1023, 1500};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dh_shared_section ss;
        dh_error err;
        dh_error_clear(&err);
        assert_int_equal(dh_shared_section_parse("1024,3072,512", bad[i], &ss,
                                                 &err),
                         DH_EINTERNAL);
        assert_int_equal(err.status, DH_EINTERNAL);
        assert_non_null(strstr(err.text, "page size"));
    }
}

static void test_earlier_error_is_kept(void **state)
{
    (void)state;
    dh_shared_section ss;
    dh_error err;
    dh_error_clear(&err);
    dh_error_set(&err, DH_ELIMIT, "earlier");
    err.column = 7;
    assert_int_equal(dh_shared_section_parse("1024,,512", PAGE, &ss, &err),
                     DH_EINPUT);
    assert_int_equal(err.status, DH_ELIMIT);
    assert_int_equal(err.column, 7);
    assert_string_equal(err.text, "earlier");
}

/* -------------------------------------------------------------- bad input */

static void test_empty_input_rejected(void **state)
{
    (void)state;
    expect_bad("", 1, "empty", "value 1");
    expect_bad(" \t\n ", 1, "empty", "value 1");
}

static void test_empty_value_rejected(void **state)
{
    (void)state;
    expect_bad("1024,,512", 6, "value 2", "empty");
    expect_bad(",3072,512", 1, "value 1", "empty");
    expect_bad("1024, ,512", 7, "value 2", "empty");
}

static void test_trailing_comma_rejected(void **state)
{
    (void)state;
    expect_bad("1024,3072,", 11, "value 3", "empty");
}

static void test_empty_token_rejected(void **state)
{
    (void)state;
    expect_bad("SharedSection=", 15, "value 1", "empty");
    /* Whitespace right after '=' ends the token. */
    expect_bad("  sharedsection= 1024,3072", 17, "value 1", "empty");
}

static void test_column_counts_leading_whitespace(void **state)
{
    (void)state;
    expect_bad("  1024,,512", 8, "value 2", "empty");
}

static void test_non_numeric_rejected(void **state)
{
    (void)state;
    expect_bad("1024,abc,512", 6, "value 2", "not a number");
    expect_bad("1024,+5,512", 6, "value 2", "not a number");
    expect_bad("1024,3072,512KB", 11, "value 3", "not a number");
}

static void test_fraction_rejected(void **state)
{
    (void)state;
    expect_bad("1024,3072.5,512", 6, "value 2", "not a number");
}

static void test_hex_rejected(void **state)
{
    (void)state;
    expect_bad("0x400,3072,512", 1, "value 1", "decimal");
}

static void test_negative_rejected(void **state)
{
    (void)state;
    expect_bad("1024,-5,512", 6, "value 2", "negative");
}

static void test_uint64_overflow_rejected(void **state)
{
    (void)state;
    expect_bad("1024,3072,99999999999999999999999", 11, "value 3",
               "too large");
    /* 2^64 exactly: one past UINT64_MAX. */
    expect_bad("18446744073709551616,3072", 1, "value 1", "too large");
}

static void test_value_above_max_rejected(void **state)
{
    (void)state;
    expect_bad("1024,4294967296,512", 6, "value 2", "too large");
}

static void test_one_value_rejected(void **state)
{
    (void)state;
    expect_bad("1024", 5, "value 2", "needs at least two values");
    /* In a token the list ends at the space: the column points there. */
    expect_bad("SharedSection=1024 Windows=On", 19, "value 2",
               "needs at least two values");
}

static void test_five_values_rejected(void **state)
{
    (void)state;
    expect_bad("1,2,3,4,5", 9, "value 5", "more than four");
}

static void test_missing_token_rejected(void **state)
{
    (void)state;
    expect_bad("ObjectDirectory=\\Windows Windows=On", 1,
               "no SharedSection= token found", NULL);
    expect_bad("  hello world", 3, "no SharedSection= token found", NULL);
    expect_bad("1024 3072 512", 1, "no SharedSection= token found", NULL);
    expect_bad("Shared Section=1024,3072", 1, "no SharedSection= token found",
               NULL);
}

static void test_bad_value_in_whole_string_column(void **state)
{
    (void)state;
    /* %SystemRoot%\system32\csrss.exe is 31 characters, then a space,
     * "ObjectDirectory=\Windows " (25) and "SharedSection=1024," (19):
     * 31 + 1 + 25 + 19 = 76 characters before the 'x', so column 77. */
    expect_bad("%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows "
               "SharedSection=1024,x,512 Windows=On",
               77, "value 2", "not a number");
}

static void test_token_given_twice_rejected(void **state)
{
    (void)state;
    expect_bad("SharedSection=1024,3072 SharedSection=1024,512", 25, "twice",
               NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bare_list_parsed),
        cmocka_unit_test(test_token_form_parsed),
        cmocka_unit_test(test_token_found_in_whole_windows_string),
        cmocka_unit_test(test_token_name_case_insensitive),
        cmocka_unit_test(test_whitespace_around_input_allowed),
        cmocka_unit_test(test_spaces_around_commas_allowed),
        cmocka_unit_test(test_third_value_absent_means_interactive_size),
        cmocka_unit_test(test_third_value_absent_uses_effective_second),
        cmocka_unit_test(test_value_below_128_becomes_128),
        cmocka_unit_test(test_second_value_below_128_becomes_128),
        cmocka_unit_test(test_value_of_128_is_kept),
        cmocka_unit_test(test_values_rounded_up_to_page),
        cmocka_unit_test(test_rounding_follows_page_size),
        cmocka_unit_test(test_minimum_applied_before_rounding),
        cmocka_unit_test(test_first_value_kept_as_written),
        cmocka_unit_test(test_fourth_value_ignored),
        cmocka_unit_test(test_x64_defaults),
        cmocka_unit_test(test_largest_value_accepted),
        cmocka_unit_test(test_page_size_not_whole_kb_is_internal_error),
        cmocka_unit_test(test_earlier_error_is_kept),
        cmocka_unit_test(test_empty_input_rejected),
        cmocka_unit_test(test_empty_value_rejected),
        cmocka_unit_test(test_trailing_comma_rejected),
        cmocka_unit_test(test_empty_token_rejected),
        cmocka_unit_test(test_column_counts_leading_whitespace),
        cmocka_unit_test(test_non_numeric_rejected),
        cmocka_unit_test(test_fraction_rejected),
        cmocka_unit_test(test_hex_rejected),
        cmocka_unit_test(test_negative_rejected),
        cmocka_unit_test(test_uint64_overflow_rejected),
        cmocka_unit_test(test_value_above_max_rejected),
        cmocka_unit_test(test_one_value_rejected),
        cmocka_unit_test(test_five_values_rejected),
        cmocka_unit_test(test_missing_token_rejected),
        cmocka_unit_test(test_bad_value_in_whole_string_column),
        cmocka_unit_test(test_token_given_twice_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

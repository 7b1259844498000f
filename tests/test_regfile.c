/*
 * test_regfile.c — the .reg reader (REGEDIT4 and 5.00, UTF-16LE and ANSI,
 * hex(2) with continuations, dword) and writer (byte layout worked out by
 * hand from regedit's rules in Wine/ReactOS regproc.c: "xx," per byte, wrap
 * once a line reaches 77 columns, two-space continuation), and the round
 * trip: what recommend writes, import reads back to the same values.
 */
#include "testutil.h"

#include <stdio.h>

#define KEY_SUB "[" DH_REG_KEY_SUBSYSTEMS "]"
#define KEY_MEM "[" DH_REG_KEY_MEMORY "]"

static dh_regfile parse_ok(const char *buf, size_t len)
{
    dh_regfile r;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_regfile_parse(buf, len, "t.reg", &r, &err);
    if (st != DH_OK)
        print_message("line %d: %s\n", err.line, err.text);
    assert_int_equal(st, DH_OK);
    return r;
}

/* "1024,128" as UTF-16LE: '1'=31 '0'=30 '2'=32 '4'=34 ','=2c '1'=31 '2'=32
 * '8'=38, each followed by 00, then the NUL 00,00. Split over two lines. */
#define HEX_1024_128 "31,00,30,00,32,00,34,00,2c,00,\\\r\n" \
                     "  31,00,32,00,38,00,00,00"

static void test_regedit4_ansi(void **state)
{
    (void)state;
    /* REGEDIT4: hex(2) bytes are ANSI, one per character. */
    const char *t = "REGEDIT4\r\n\r\n" KEY_SUB "\r\n"
                    "\"Windows\"=hex(2):31,30,32,34,2c,31,32,38,00\r\n\r\n"
                    KEY_MEM "\r\n\"SessionViewSize\"=dword:00000030\r\n";
    dh_regfile r = parse_ok(t, strlen(t));
    assert_int_equal(r.version, 4);
    assert_true(r.has_windows);
    assert_string_equal(r.windows, "1024,128");
    assert_int_equal(r.windows_line, 4);
    assert_true(r.has_svs);
    assert_int_equal(r.svs_mb, 0x30); /* 48 MB */
    assert_int_equal(r.svs_line, 7);
    dh_regfile_free(&r);
}

static void test_v5_continuation(void **state)
{
    (void)state;
    const char *t = "Windows Registry Editor Version 5.00\r\n\r\n" KEY_SUB
                    "\r\n\"Other\"=dword:00000001\r\n"
                    "\"Windows\"=hex(2):" HEX_1024_128 "\r\n\r\n";
    dh_regfile r = parse_ok(t, strlen(t));
    assert_int_equal(r.version, 5);
    assert_false(r.utf16);
    assert_string_equal(r.windows, "1024,128");
    assert_int_equal(r.windows_line, 5);
    assert_false(r.has_svs);
    dh_regfile_free(&r);
}

/* The same file as regedit 5.00 saves it: UTF-16LE with a BOM (FF FE). */
static void test_v5_utf16(void **state)
{
    (void)state;
    const char *t = "Windows Registry Editor Version 5.00\r\n\r\n" KEY_SUB
                    "\r\n\"Windows\"=hex(2):" HEX_1024_128 "\r\n\r\n";
    size_t n = strlen(t);
    char *u = malloc(2 * n + 2);
    assert_non_null(u);
    u[0] = (char)0xFF;
    u[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++) {
        u[2 + 2 * i] = t[i];
        u[3 + 2 * i] = 0;
    }
    dh_regfile r = parse_ok(u, 2 * n + 2);
    assert_true(r.utf16);
    assert_string_equal(r.windows, "1024,128");
    dh_regfile_free(&r);
    free(u);
}

/* An export of ControlSet001 (another control set, or an offline hive). */
static void test_control_set_001(void **state)
{
    (void)state;
    const char *t = "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001"
                    "\\Control\\Session Manager\\Memory Management]\n"
                    "\"SessionViewSize\"=dword:00000040\n";
    dh_regfile r = parse_ok(t, strlen(t));
    assert_true(r.has_svs);
    assert_int_equal(r.svs_mb, 64);
    dh_regfile_free(&r);
}

static void test_string_value(void **state)
{
    (void)state;
    const char *t = "Windows Registry Editor Version 5.00\n\n" KEY_SUB "\n"
                    "\"Windows\"=\"%SystemRoot%\\\\system32\\\\csrss.exe "
                    "SharedSection=1024,3072,512 Windows=On\"\n";
    dh_regfile r = parse_ok(t, strlen(t));
    assert_string_equal(r.windows, "%SystemRoot%\\system32\\csrss.exe "
                        "SharedSection=1024,3072,512 Windows=On");
    dh_regfile_free(&r);
}

static void expect_error(const char *t, int line, const char *needle)
{
    dh_regfile r;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_regfile_parse(t, strlen(t), "bad.reg", &r, &err);
    if (st == DH_OK || err.line != line || !strstr(err.text, needle))
        print_message("got line %d: %s\n", err.line, err.text);
    assert_int_equal(st, DH_EINPUT);
    assert_string_equal(err.file, "bad.reg");
    assert_int_equal(err.line, line);
    assert_non_null(strstr(err.text, needle));
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("hello\n", 1, "not a regedit export");
    expect_error("REGEDIT4\n" KEY_SUB "\n\"Windows\"=hex(2):31,3g,00\n", 3,
                 "two-digit hex byte");
    expect_error("REGEDIT4\n" KEY_MEM "\n\"SessionViewSize\"=dword:0\n", 3,
                 "out of range");
    expect_error("REGEDIT4\n" KEY_SUB "\n\"Windows\"=hex(2):31,00\n", 3,
                 "\"Windows\"");
    expect_error("REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\"Windows\"=\"1,2\"\n", 3,
                 "no SubSystems");
}

static const char *const HEAD =
    "Windows Registry Editor Version 5.00\r\n\r\n" KEY_SUB "\r\n";

/* "A" -> 41,00 and the terminating NUL 00,00. */
static void test_write_short(void **state)
{
    (void)state;
    char *out = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_regfile_write("A", false, 0, &out, &err), DH_OK);
    char want[512];
    snprintf(want, sizeof want, "%s\"Windows\"=hex(2):41,00,00,00\r\n\r\n",
             HEAD);
    assert_string_equal(out, want);
    free(out);
    assert_int_equal(dh_regfile_write("A", true, 64, &out, &err), DH_OK);
    snprintf(want, sizeof want, "%s\"Windows\"=hex(2):41,00,00,00\r\n\r\n"
             KEY_MEM "\r\n\"SessionViewSize\"=dword:00000040\r\n\r\n", HEAD);
    assert_string_equal(out, want);
    free(out);
}

/* 40 characters -> 82 bytes. The first line starts at column 17
 * ("Windows"=hex(2): is 17 characters) and wraps once 17 + 3k >= 77,
 * k = 20 bytes; continuation lines start at 2 and take 25 bytes
 * (2 + 3 x 25 = 77); 82 = 20 + 25 + 25 + 12. */
static void test_write_wrap(void **state)
{
    (void)state;
    char value[41];
    memset(value, 'a', 40);
    value[40] = '\0';
    char *out = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_regfile_write(value, false, 0, &out, &err), DH_OK);
    const char *p = out + strlen(HEAD);
    const char *lines[5];
    size_t lens[5];
    int n = 0;
    while (n < 5 && *p != '\0' && strncmp(p, "\r\n", 2) != 0) {
        const char *e = strstr(p, "\r\n");
        lines[n] = p;
        lens[n++] = (size_t)(e - p);
        p = e + 2;
    }
    assert_int_equal(n, 4);
    assert_int_equal(lens[0], 17 + 20 * 3 + 1);   /* ...,\ = 78 */
    assert_int_equal(lens[1], 2 + 25 * 3 + 1);    /* 78 */
    assert_int_equal(lens[2], 2 + 25 * 3 + 1);
    assert_int_equal(lens[3], 2 + 12 * 3 - 1);    /* last: no comma */
    assert_memory_equal(lines[0], "\"Windows\"=hex(2):61,00,61,00,", 29);
    assert_int_equal(lines[0][lens[0] - 1], '\\');
    /* byte 21 (index 20, even) is an "a": 61 */
    assert_memory_equal(lines[1], "  61,00,", 8);
    assert_memory_equal(lines[3] + lens[3] - 11, "61,00,00,00", 11);
    free(out);
}

static void test_non_ascii_refused(void **state)
{
    (void)state;
    char *out = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_regfile_write("caf\xc3\xa9", false, 0, &out, &err),
                     DH_EINPUT);
    assert_null(out);
}

/* What recommend writes, import reads back to the same values. */
static void test_round_trip(void **state)
{
    (void)state;
    const dh_profile *p = dh_profile_find("win2003-x86");
    char *windows = NULL, *out = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_windows_value_with(NULL, "1024,3072,768", p,
                                           &windows, &err), DH_OK);
    assert_non_null(strstr(windows, " SharedSection=1024,3072,768 "));
    assert_int_equal(dh_regfile_write(windows, true, 96, &out, &err), DH_OK);
    dh_regfile r = parse_ok(out, strlen(out));
    assert_string_equal(r.windows, windows);
    assert_true(r.has_svs);
    assert_int_equal(r.svs_mb, 96);
    /* and import turns it into the registry of a scenario */
    dh_import_guess g;
    char *json = NULL;
    assert_int_equal(dh_import_scenario(NULL, NULL, &r, "r.reg", NULL, &g,
                                        &json, &err), DH_OK);
    assert_string_equal(g.shared_section, "1024,3072,768");
    dh_scenario *sc = NULL;
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "r.json",
                                             &sc, &err), DH_OK);
    assert_string_equal(sc->registry.shared_section, windows);
    assert_int_equal(sc->registry.svs, DH_SVS_SET);
    assert_int_equal(sc->registry.svs_mb, 96);
    dh_scenario_free(sc);
    free(json);
    dh_regfile_free(&r);
    free(out);
    free(windows);
}

/* Issue 17 item 7: the file as regedit writes it. Version 5.00 in
 * UTF-16LE with a BOM (FF FE, then every ASCII byte followed by 00) and
 * CR LF; REGEDIT4 in ANSI, its hex(2) bytes the ANSI string and one NUL.
 * Both read back through the importer to the same value. */
static void test_written_as_regedit_writes_it(void **state)
{
    (void)state;
    const char *v = "%SystemRoot%\\system32\\csrss.exe SharedSection="
                    "1024,20480,1024 Windows=On";
    char *out = NULL;
    size_t len = 0;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_regfile_write_as(v, true, 64, DH_REG_V5_UTF16, &out,
                                         &len, &err), DH_OK);
    assert_true(len > 4 && len % 2 == 0);
    assert_int_equal((unsigned char)out[0], 0xFF);
    assert_int_equal((unsigned char)out[1], 0xFE);
    assert_int_equal(out[2], 'W');
    assert_int_equal(out[3], 0);
    assert_memory_equal(out + len - 8, "\r\0\n\0\r\0\n\0", 8);
    dh_regfile r = parse_ok(out, len);
    assert_string_equal(r.windows, v);
    assert_true(r.has_svs);
    assert_int_equal(r.svs_mb, 64);
    dh_regfile_free(&r);
    free(out);
    assert_int_equal(dh_regfile_write_as(v, false, 0, DH_REG_REGEDIT4, &out,
                                         &len, &err), DH_OK);
    assert_int_equal(len, strlen(out));
    assert_memory_equal(out, "REGEDIT4\r\n\r\n", 12);
    /* '%' 'S' 'y' as single bytes, not UTF-16 */
    assert_non_null(strstr(out, "\"Windows\"=hex(2):25,53,79,"));
    assert_non_null(strstr(out, ",00\r\n"));
    r = parse_ok(out, len);
    assert_string_equal(r.windows, v);
    assert_false(r.has_svs);
    dh_regfile_free(&r);
    free(out);
}

/* Issue 13 item 5: a surrogate pair in a hex(2) value is one character
 * (U+1F600: D83D DE00 -> F0 9F 98 80 in UTF-8); a lone surrogate is an
 * error with the line; a lone one in the file's own UTF-16 text too. */
static void test_utf16_surrogates(void **state)
{
    (void)state;
    /* "SharedSection=1,2 " then U+1F600, as UTF-16LE hex */
    char v5[1024];
    int n = snprintf(v5, sizeof v5, "Windows Registry Editor Version 5.00"
                     "\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\"
                     "CurrentControlSet\\Control\\Session Manager\\"
                     "SubSystems]\r\n\"Windows\"=hex(2):");
    for (const char *c = "SharedSection=1,2 "; *c; c++)
        n += snprintf(v5 + n, sizeof v5 - (size_t)n, "%02x,00,", *c);
    n += snprintf(v5 + n, sizeof v5 - (size_t)n, "3d,d8,00,de,00,00\r\n");
    dh_regfile r = parse_ok(v5, (size_t)n);
    assert_string_equal(r.windows, "SharedSection=1,2 \xF0\x9F\x98\x80");
    dh_regfile_free(&r);
    static const char lone[] =
        "Windows Registry Editor Version 5.00\r\n\r\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
        "Session Manager\\SubSystems]\r\n"
        "\"Windows\"=hex(2):53,00,3d,d8,41,00,00,00\r\n";
    dh_regfile bad;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_regfile_parse(lone, sizeof lone - 1, "l.reg", &bad,
                                      &err), DH_EINPUT);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.text, "lone UTF-16 surrogate"));
    /* in the file's UTF-16 text itself: line 2 */
    static const char text16[] = "\xff\xfeW\0i\0\n\0\x00\xdcx\0";
    dh_error_clear(&err);
    assert_int_equal(dh_regfile_parse(text16, sizeof text16 - 1, "t.reg",
                                      &bad, &err), DH_EINPUT);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.file, "t.reg");
}

/* Issue 13 item 4: continuation lines are joined in linear time (each
 * join copied and measured the whole value again); 3000 lines of one
 * space each still give the right value, and too long a value for a
 * scenario is refused by import with its file and line. */
static void test_long_continuations_join(void **state)
{
    (void)state;
    enum { N = 3000 };
    size_t cap = 16 * N + 1024, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    n += (size_t)snprintf(b + n, cap - n, "Windows Registry Editor Version "
                          "5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\"
                          "CurrentControlSet\\Control\\Session Manager\\"
                          "SubSystems]\r\n\"Windows\"=hex(2):");
    for (const char *c = "SharedSection=1,2"; *c; c++)
        n += (size_t)snprintf(b + n, cap - n, "%02x,00,", *c);
    n += (size_t)snprintf(b + n, cap - n, "\\\r\n");
    for (int i = 0; i < N; i++)
        n += (size_t)snprintf(b + n, cap - n, "  20,00,\\\r\n");
    n += (size_t)snprintf(b + n, cap - n, "  00,00\r\n");
    dh_regfile r = parse_ok(b, n);
    assert_int_equal(strlen(r.windows), 17 + N);
    assert_memory_equal(r.windows, "SharedSection=1,2   ", 20);
    assert_int_equal(r.windows_line, 4);
    dh_import_guess g;
    char *json = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_import_scenario(NULL, NULL, &r, "long.reg", NULL, &g,
                                        &json, &err), DH_ELIMIT);
    assert_string_equal(err.file, "long.reg");
    assert_int_equal(err.line, 4);
    dh_regfile_free(&r);
    free(b);
}

/* Only SharedSection changes in a whole command line. */
static void test_windows_value_with(void **state)
{
    (void)state;
    char *s = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_windows_value_with("a.exe SharedSection=1,2,3 X=1",
                                           "1024,4096,768", NULL, &s, &err),
                     DH_OK);
    assert_string_equal(s, "a.exe SharedSection=1024,4096,768 X=1");
    free(s);
    assert_int_equal(dh_windows_value_with("a.exe X=1", "1,2,3", NULL, &s,
                                           &err), DH_EINPUT);
}

/* The value is replaced where the parser reads it: a list with a space
 * after a comma is one list ("1024, 3072,512"), and the token is found
 * in any case, at a word start only (rules/sharedsection.c). */
static void test_windows_value_with_spaced_list(void **state)
{
    (void)state;
    char *s = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_windows_value_with("a.exe sharedsection=1024, 3072,"
                                           "512 Windows=On", "1024,3072,768",
                                           NULL, &s, &err), DH_OK);
    assert_string_equal(s, "a.exe sharedsection=1024,3072,768 Windows=On");
    free(s);
    size_t off = 0, len = 0;
    assert_true(dh_shared_section_locate("XSharedSection=1,2 SharedSection="
                                         "4,5", &off, &len));
    assert_int_equal(off, 33);
    assert_int_equal(len, 3);
    assert_false(dh_shared_section_locate("XSharedSection=1,2", &off, &len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regedit4_ansi),
        cmocka_unit_test(test_written_as_regedit_writes_it),
        cmocka_unit_test(test_utf16_surrogates),
        cmocka_unit_test(test_long_continuations_join),
        cmocka_unit_test(test_v5_continuation),
        cmocka_unit_test(test_v5_utf16),
        cmocka_unit_test(test_string_value),
        cmocka_unit_test(test_control_set_001),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_write_short),
        cmocka_unit_test(test_write_wrap),
        cmocka_unit_test(test_non_ascii_refused),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_windows_value_with),
        cmocka_unit_test(test_windows_value_with_spaced_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_jsonpos.c — dh_json_path_line: the line of a JSON path in the text.
 * Every expected line below was counted by hand from the literal above it.
 */
#include "testutil.h"

#define DEEP 100000

static int line_of(const char *text, const char *path)
{
    return dh_json_path_line(text, strlen(text), path);
}

/* Lines:  1 ... 22, see the comments at the right. */
static const char *doc =
    "{\n"                                                 /* 1 */
    "  \"name\": \"demo\",\n"                             /* 2 */
    "  \"os\": \"win2003-x86\",\n"                        /* 3 */
    "  \"registry\": {\n"                                 /* 4 */
    "    \"shared_section\": \"1024,3072,512\",\n"        /* 5 */
    "    \"boot_3gb\": false\n"                           /* 6 */
    "  },\n"                                              /* 7 */
    "  \"steps\": [\n"                                    /* 8 */
    "    { \"kind\": \"logon_session\", \"session\": 1 },\n" /* 9 */
    "    {\n"                                             /* 10 */
    "      \"kind\": \"start_service\",\n"                /* 11 */
    "      \"name\": \"svc\"\n"                           /* 12 */
    "    },\n"                                            /* 13 */
    "    { \"kind\": \"create_windows\",\n"               /* 14 */
    "      \"count\": 40, \"bytes\": 1024 },\n"           /* 15 */
    "    {\n"                                             /* 16 */
    "      \"kind\": \"snapshot\"\n"                      /* 17 */
    "    }\n"                                             /* 18 */
    "  ],\n"                                              /* 19 */
    "  \"sizes\": [1, 2.5e3, -3, true, null, \"x\"],\n"   /* 20 */
    "  \"empty\": {}, \"none\": []\n"                     /* 21 */
    "}\n";                                                /* 22 */

static void test_root(void **state)
{
    (void)state;
    assert_int_equal(line_of(doc, "$"), 1);
    assert_int_equal(line_of("\n\n  [1]", "$"), 3);
    assert_int_equal(line_of("  \n\n 42\n", "$"), 3);
    assert_int_equal(line_of("\"s\"", "$"), 1);
}

static void test_top_level_keys(void **state)
{
    (void)state;
    assert_int_equal(line_of(doc, "$.name"), 2);
    assert_int_equal(line_of(doc, "$.os"), 3);
    assert_int_equal(line_of(doc, "$.registry"), 4);
    assert_int_equal(line_of(doc, "$.steps"), 8);
    assert_int_equal(line_of(doc, "$.sizes"), 20);
    assert_int_equal(line_of(doc, "$.empty"), 21);
    assert_int_equal(line_of(doc, "$.none"), 21);
}

static void test_nested_keys(void **state)
{
    (void)state;
    assert_int_equal(line_of(doc, "$.registry.shared_section"), 5);
    assert_int_equal(line_of(doc, "$.registry.boot_3gb"), 6);
}

static void test_array_elements(void **state)
{
    (void)state;
    assert_int_equal(line_of(doc, "$.steps[0]"), 9);
    assert_int_equal(line_of(doc, "$.steps[1]"), 10);
    assert_int_equal(line_of(doc, "$.steps[2]"), 14);
    assert_int_equal(line_of(doc, "$.steps[3]"), 16);
    /* Elements on the same line, every kind of scalar. */
    assert_int_equal(line_of(doc, "$.sizes[0]"), 20);
    assert_int_equal(line_of(doc, "$.sizes[1]"), 20);
    assert_int_equal(line_of(doc, "$.sizes[3]"), 20);
    assert_int_equal(line_of(doc, "$.sizes[4]"), 20);
    assert_int_equal(line_of(doc, "$.sizes[5]"), 20);
    /* Elements on their own lines, and a nested array. */
    const char *a = "[\n"
                    "  10,\n"
                    "  [ 1,\n"
                    "    2 ],\n"
                    "\n"
                    "  \"last\"\n"
                    "]";
    assert_int_equal(line_of(a, "$[0]"), 2);
    assert_int_equal(line_of(a, "$[1]"), 3);
    assert_int_equal(line_of(a, "$[1][0]"), 3);
    assert_int_equal(line_of(a, "$[1][1]"), 4);
    assert_int_equal(line_of(a, "$[2]"), 6);
}

static void test_key_in_object_in_array(void **state)
{
    (void)state;
    assert_int_equal(line_of(doc, "$.steps[2].count"), 15);
    assert_int_equal(line_of(doc, "$.steps[2].kind"), 14);
    assert_int_equal(line_of(doc, "$.steps[2].bytes"), 15);
    assert_int_equal(line_of(doc, "$.steps[1].name"), 12);
    assert_int_equal(line_of(doc, "$.steps[0].session"), 9);
    assert_int_equal(line_of(doc, "$.steps[3].kind"), 17);
}

static void test_tricky_strings(void **state)
{
    (void)state;
    const char *t =
        "{\n"                                                    /* 1 */
        "  \"a{\": \"{[\\\"}]\",\n"                              /* 2 */
        "  \"b\": \"back\\\\slash\\\\\",\n"                      /* 3 */
        "  \"c\": \"quote \\\" { [ ] } \\\\\\\" , : still\",\n"  /* 4 */
        "  \"d\": \"line\\nbreak\\r\\n\\t\\u0041\\u005c\",\n"    /* 5 */
        "  \"e\\\"q\": [ \"]\", \"[\", \"\\\\\" ,\n"             /* 6 */
        "    \"}\" ],\n"                                         /* 7 */
        "  \"f\": \"\\\"g\\\": 1, \\\"name\\\"\",\n"             /* 8 */
        "  \"outer\": { \"name\": 1, \"g\": [ { \"g\": 0 } ] },\n" /* 9 */
        "  \"g\": 2,\n"                                          /* 10 */
        "  \"name\": \"top\"\n"                                  /* 11 */
        "}\n";                                                   /* 12 */
    assert_int_equal(line_of(t, "$.a{"), 2);
    assert_int_equal(line_of(t, "$.b"), 3);
    assert_int_equal(line_of(t, "$.c"), 4);
    assert_int_equal(line_of(t, "$.d"), 5);
    /* Keys compare decoded: the key e\"q is e"q, named $["e\"q"]. */
    assert_int_equal(line_of(t, "$[\"e\\\"q\"]"), 6);
    assert_int_equal(line_of(t, "$[\"e\\\"q\"][0]"), 6);
    assert_int_equal(line_of(t, "$[\"e\\\"q\"][2]"), 6);
    assert_int_equal(line_of(t, "$[\"e\\\"q\"][3]"), 7);
    assert_int_equal(line_of(t, "$.e\\\"q"), 0); /* raw form: not a key */
    assert_int_equal(line_of(t, "$.e\\\"q[4]"), 0);
    assert_int_equal(line_of(t, "$.e\"q"), 6); /* dot form, decoded key */
    assert_int_equal(line_of(t, "$.f"), 8);
    /* Keys inside strings and inside nested values do not count. */
    assert_int_equal(line_of(t, "$.g"), 10);
    assert_int_equal(line_of(t, "$.name"), 11);
    assert_int_equal(line_of(t, "$.outer.name"), 9);
    assert_int_equal(line_of(t, "$.outer.g[0].g"), 9);
}

static void test_duplicate_keys_first_wins(void **state)
{
    (void)state;
    const char *t = "{\n"
                    "  \"x\": 1,\n"
                    "  \"y\": { \"x\": 5 },\n"
                    "  \"x\": 2\n"
                    "}";
    assert_int_equal(line_of(t, "$.x"), 2);
    assert_int_equal(line_of(t, "$.y.x"), 3);
}

static void test_path_not_present(void **state)
{
    (void)state;
    assert_int_equal(line_of(doc, "$.nope"), 0);
    assert_int_equal(line_of(doc, "$.nam"), 0);    /* prefix of a key */
    assert_int_equal(line_of(doc, "$.names"), 0);  /* key is its prefix */
    assert_int_equal(line_of(doc, "$.registry.nope"), 0);
    assert_int_equal(line_of(doc, "$.steps[4]"), 0);
    assert_int_equal(line_of(doc, "$.steps[1].count"), 0);
    assert_int_equal(line_of(doc, "$.sizes[6]"), 0);
    assert_int_equal(line_of(doc, "$.empty.x"), 0);
    assert_int_equal(line_of(doc, "$.none[0]"), 0);
    /* Wrong kind of value for the step. */
    assert_int_equal(line_of(doc, "$.name.x"), 0);
    assert_int_equal(line_of(doc, "$.name[0]"), 0);
    assert_int_equal(line_of(doc, "$.steps.kind"), 0);
    assert_int_equal(line_of(doc, "$.registry[0]"), 0);
    assert_int_equal(line_of(doc, "$[0]"), 0);
    assert_int_equal(line_of(doc, "$.sizes[0][0]"), 0);
}

static void test_malformed_path(void **state)
{
    (void)state;
    assert_int_equal(dh_json_path_line(doc, strlen(doc), NULL), 0);
    assert_int_equal(dh_json_path_line(NULL, 0, "$"), 0);
    assert_int_equal(line_of(doc, ""), 0);
    assert_int_equal(line_of(doc, "name"), 0);
    assert_int_equal(line_of(doc, ".name"), 0);
    assert_int_equal(line_of(doc, "$name"), 0);
    assert_int_equal(line_of(doc, "$ .name"), 0);
    assert_int_equal(line_of(doc, "$."), 0);
    assert_int_equal(line_of(doc, "$..name"), 0);
    assert_int_equal(line_of(doc, "$.steps["), 0);
    assert_int_equal(line_of(doc, "$.steps[]"), 0);
    assert_int_equal(line_of(doc, "$.steps[x]"), 0);
    assert_int_equal(line_of(doc, "$.steps[-1]"), 0);
    assert_int_equal(line_of(doc, "$.steps[1"), 0);
    assert_int_equal(line_of(doc, "$.steps[1]x"), 0);
    assert_int_equal(line_of(doc, "$.steps[1]]"), 0);
    assert_int_equal(line_of(doc, "$.steps[ 1]"), 0);
    assert_int_equal(line_of(doc,
                             "$.steps[999999999999999999999999999999]"), 0);
}

/* Call on an exact-size heap copy so ASan sees any read past len. */
static int line_of_prefix(const char *text, size_t n, const char *path)
{
    char *copy = malloc(n > 0 ? n : 1);
    assert_non_null(copy);
    memcpy(copy, text, n);
    int line = dh_json_path_line(copy, n, path);
    free(copy);
    return line;
}

static void test_truncated_text(void **state)
{
    (void)state;
    size_t full = strlen(doc);
    const char *count = strstr(doc, "\"count\": 40");
    assert_non_null(count);
    size_t value_at = (size_t)(count - doc) + strlen("\"count\": ");
    for (size_t n = 0; n < full; n++) {
        /* The root never ends before the last '}'. */
        int root = line_of_prefix(doc, n, "$");
        assert_int_equal(root, n > strlen(doc) - 2 ? 1 : 0);
        int c = line_of_prefix(doc, n, "$.steps[2].count");
        if (n <= value_at)
            assert_int_equal(c, 0);
        else if (n >= value_at + 2)
            assert_int_equal(c, 15);
        (void)line_of_prefix(doc, n, "$.sizes[5]");
        (void)line_of_prefix(doc, n, "$.none[0]");
        assert_int_equal(line_of_prefix(doc, n, "$.steps[3].kind"),
                         n >= (size_t)(strstr(doc, "\"snapshot\"") - doc) + 10
                             ? 17 : 0);
    }
    assert_int_equal(line_of(doc, "$.steps[2].count"), 15);
    assert_int_equal(line_of("", "$"), 0);
    assert_int_equal(line_of("   \n", "$"), 0);
    assert_int_equal(line_of("{", "$"), 0);
    assert_int_equal(line_of("{\"a\"", "$.a"), 0);
    assert_int_equal(line_of("{\"a\":", "$.a"), 0);
    assert_int_equal(line_of("{\"a\": \"abc", "$.a"), 0);
    assert_int_equal(line_of("{\"a\": \"abc\\", "$.a"), 0);
    assert_int_equal(line_of("{\"a\": [1, {\"b\": ", "$.a"), 0);
    assert_int_equal(line_of("[1, 2", "$[2]"), 0);
    /* len shorter than the string: the rest is not read. */
    assert_int_equal(dh_json_path_line("{\"a\": 1}", 3, "$.a"), 0);
}

static void test_malformed_text(void **state)
{
    (void)state;
    assert_int_equal(line_of("}}}]]]", "$[0]"), 0);
    assert_int_equal(line_of("]", "$"), 0);
    assert_int_equal(line_of("{\"a\" 1}", "$.a"), 0);
    assert_int_equal(line_of("{\"a\": 1 \"b\": 2}", "$.b"), 0);
    assert_int_equal(line_of("{a: 1}", "$.a"), 0);
    assert_int_equal(line_of("{\"a\": ]}", "$.a"), 0);
    assert_int_equal(line_of("[,]", "$[0]"), 0);
    assert_int_equal(line_of("[1,]", "$[1]"), 0);
    assert_int_equal(line_of("[1 2]", "$[1]"), 0);
    assert_int_equal(line_of("@", "$"), 0);
}

static void test_crlf(void **state)
{
    (void)state;
    const char *t = "{\r\n"
                    "  \"a\": 1,\r\n"
                    "  \"b\": [\r\n"
                    "    10,\r\n"
                    "    20\r\n"
                    "  ],\r\n"
                    "  \"c\": \"x\\r\\ny\"\r\n"
                    "}\r\n";
    assert_int_equal(line_of(t, "$"), 1);
    assert_int_equal(line_of(t, "$.a"), 2);
    assert_int_equal(line_of(t, "$.b"), 3);
    assert_int_equal(line_of(t, "$.b[0]"), 4);
    assert_int_equal(line_of(t, "$.b[1]"), 5);
    assert_int_equal(line_of(t, "$.c"), 7);
}

/* "[\n[\n[\n" + "[" x (DEEP-3) + "]" x (DEEP-1) + ",\n42\n]":
 * line 1 the root, lines 2 and 3 one array each, the rest of the DEEP-deep
 * nesting on line 4, then the root's second element 42 on line 5. */
static char *deep_arrays(void)
{
    size_t n = 6 + (DEEP - 3) + (DEEP - 1) + 6 + 1;
    char *t = malloc(n);
    assert_non_null(t);
    char *p = t;
    memcpy(p, "[\n[\n[\n", 6);
    p += 6;
    memset(p, '[', DEEP - 3);
    p += DEEP - 3;
    memset(p, ']', DEEP - 1);
    p += DEEP - 1;
    memcpy(p, ",\n42\n]", 7);
    return t;
}

static char *repeat_path(const char *head, const char *step, size_t times)
{
    size_t hl = strlen(head), sl = strlen(step);
    char *p = malloc(hl + sl * times + 1);
    assert_non_null(p);
    memcpy(p, head, hl);
    for (size_t i = 0; i < times; i++)
        memcpy(p + hl + i * sl, step, sl);
    p[hl + sl * times] = '\0';
    return p;
}

static void test_deep_arrays(void **state)
{
    (void)state;
    char *t = deep_arrays();
    assert_int_equal(line_of(t, "$"), 1);
    assert_int_equal(line_of(t, "$[0]"), 2);
    assert_int_equal(line_of(t, "$[0][0]"), 3);
    assert_int_equal(line_of(t, "$[0][0][0]"), 4);   /* depth 3 */
    assert_int_equal(line_of(t, "$[0][0][0][0][0]"), 4);
    /* Not there: each needs the deep value skipped first. */
    assert_int_equal(line_of(t, "$[0][0][1]"), 0);
    assert_int_equal(line_of(t, "$[2]"), 0);
    assert_int_equal(line_of(t, "$.x"), 0);
    assert_int_equal(line_of(t, "$[1]"), 5);         /* after the deep one */
    /* The innermost array is empty; one step further is not there. */
    char *inner = repeat_path("$", "[0]", DEEP - 1);
    assert_int_equal(line_of(t, inner), 4);
    free(inner);
    inner = repeat_path("$", "[0]", DEEP);
    assert_int_equal(line_of(t, inner), 0);
    free(inner);
    /* Truncated deep text: no crash, 0. */
    assert_int_equal(dh_json_path_line(t, 6 + DEEP, "$[1]"), 0);
    assert_int_equal(dh_json_path_line(t, 6 + DEEP, "$"), 0);
    free(t);
}

/* "{\n\"deep\": " + "{\"d\":" x DEEP + "0" + "}" x DEEP + ",\n\"b\": 1\n}" */
static void test_deep_objects(void **state)
{
    (void)state;
    size_t n = 10 + 5 * DEEP + 1 + DEEP + 10 + 1;
    char *t = malloc(n);
    assert_non_null(t);
    char *p = t;
    memcpy(p, "{\n\"deep\": ", 10);
    p += 10;
    for (size_t i = 0; i < DEEP; i++, p += 5)
        memcpy(p, "{\"d\":", 5);
    *p++ = '0';
    memset(p, '}', DEEP);
    p += DEEP;
    memcpy(p, ",\n\"b\": 1\n}", 11);
    assert_int_equal(line_of(t, "$.deep"), 2);
    assert_int_equal(line_of(t, "$.b"), 3);
    assert_int_equal(line_of(t, "$.c"), 0);
    char *path = repeat_path("$.deep", ".d", DEEP);
    assert_int_equal(line_of(t, path), 2);
    free(path);
    path = repeat_path("$.deep", ".d", DEEP + 1);
    assert_int_equal(line_of(t, path), 0);
    free(path);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root),
        cmocka_unit_test(test_top_level_keys),
        cmocka_unit_test(test_nested_keys),
        cmocka_unit_test(test_array_elements),
        cmocka_unit_test(test_key_in_object_in_array),
        cmocka_unit_test(test_tricky_strings),
        cmocka_unit_test(test_duplicate_keys_first_wins),
        cmocka_unit_test(test_path_not_present),
        cmocka_unit_test(test_malformed_path),
        cmocka_unit_test(test_truncated_text),
        cmocka_unit_test(test_malformed_text),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_deep_arrays),
        cmocka_unit_test(test_deep_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_valuecheck.c — `check-value`'s rules (rules/valuecheck.c), one test
 * each: the SharedSection token (KB 184802, KB 947246, the seed) and the
 * tokens a version ships with ([P3], [S5]).
 */
#include "testutil.h"

#define XP_VALUE                                                           \
    "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows "          \
    "SharedSection=1024,3072,512 Windows=On SubSystemType=Windows "        \
    "ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 "  \
    "ServerDll=winsrv:ConServerDllInitialization,2 ProfileControl=Off "    \
    "MaxRequestThreads=16"
#define W10_VALUE                                                          \
    "C:\\Windows\\system32\\csrss.exe ObjectDirectory=\\Windows "           \
    "SharedSection=1024,20480,768 Windows=On SubSystemType=Windows "       \
    "ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 "  \
    "ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16"

static dh_value_check check(const char *v, const char *os)
{
    dh_value_check c;
    dh_check_windows_value(v, dh_profile_find(os), &c);
    return c;
}

static bool has(const dh_value_check *c, const char *text)
{
    for (size_t i = 0; i < c->nproblems; i++)
        if (strstr(c->problems[i], text) != NULL)
            return true;
    return false;
}

/* The shipped values pass on their own version (the csrss path may be
 * expanded: only its file name counts). */
static void test_shipped_value_is_safe(void **s)
{
    (void)s;
    dh_value_check c = check(XP_VALUE, "winxp-x86");
    assert_int_equal(c.nproblems, 0);
    c = check(W10_VALUE, "server2019");
    assert_int_equal(c.nproblems, 0);
    assert_false(c.bare);
}

/* The XP/2003 value on Server 2019: one token too many (the console
 * server left csrss in Windows 8), one missing (sxssrv,4). */
static void test_tokens_the_version_does_not_ship(void **s)
{
    (void)s;
    dh_value_check c = check(XP_VALUE, "server2019");
    assert_int_equal(c.nproblems, 2);
    assert_int_equal(c.token_problems, 2);
    assert_true(has(&c, "'ServerDll=winsrv:ConServerDllInitialization,2' "
                        "is not in the value server2019 ships with"));
    assert_true(has(&c, "'ServerDll=sxssrv,4' that server2019 ships with "
                        "is missing"));
    /* a value with any other setting is still the same token */
    c = check("csrss.exe SharedSection=1024,3072,512 Windows=Off "
              "SubSystemType=Windows ServerDll=basesrv,1 "
              "ServerDll=winsrv:UserServerDllInitialization,3 "
              "ServerDll=winsrv:ConServerDllInitialization,2 "
              "ProfileControl=Off MaxRequestThreads=16 ObjectDirectory=\\W",
              "win2003-x86");
    assert_int_equal(c.token_problems, 0);
}

/* KB 184802: below 128 becomes 128; KB 947246: at most 20480; the seed:
 * the 1st value is the shared heap, leave it at 1024; a 4th value is
 * undocumented; page rounding (seed comment 60). */
static void test_shared_section_bounds(void **s)
{
    (void)s;
    dh_value_check c = check("1024,40000,64", "win7-x64");
    assert_true(c.bare);
    assert_int_equal(c.nproblems, 2);
    assert_true(has(&c, "2nd (interactive) value 40000 KB is above 20480"));
    assert_true(has(&c, "3rd (non-interactive) value 64 KB is below 128"));
    c = check("SharedSection=2048,3072,512,1024", "winxp-x86");
    assert_int_equal(c.nproblems, 2);
    assert_true(has(&c, "the 1st value (2048 KB) is the shared heap"));
    assert_true(has(&c, "a 4th SharedSection value"));
    c = check("1024,3070,512", "winxp-x86");
    assert_int_equal(c.nproblems, 1);
    assert_true(has(&c, "3070 KB is not a multiple of the 4 KB page"));
    c = check("1024", "winxp-x86");
    assert_true(has(&c, "has 1 value: it needs at least 2"));
    c = check("1024,abc", "winxp-x86");
    assert_true(has(&c, "value 2 is not a number of KB: 'abc'"));
}

/* One token, no space inside it (csrss splits at spaces). */
static void test_one_token_without_spaces(void **s)
{
    (void)s;
    dh_value_check c = check("csrss.exe SharedSection=1024,3072,512 "
                             "SharedSection=1024,3072,1024", "winxp-x86");
    assert_true(has(&c, "2 SharedSection= tokens: give exactly one"));
    c = check("csrss.exe Windows=On", "winxp-x86");
    assert_true(has(&c, "no SharedSection= token"));
    c = check("SharedSection=1024, 3072,512", "winxp-x86");
    assert_true(c.bare);
    assert_int_equal(c.nproblems, 1);
    assert_true(has(&c, "a space inside the SharedSection token"));
    c = check("csrss.exe SharedSection=1024,3072,512\tWindows=On\n",
              "winxp-x86");
    assert_true(has(&c, "a control character (0x09) at column 38"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_value_is_safe),
        cmocka_unit_test(test_tokens_the_version_does_not_ship),
        cmocka_unit_test(test_shared_section_bounds),
        cmocka_unit_test(test_one_token_without_spaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

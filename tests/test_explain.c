/*
 * test_explain.c — `dheapsim explain` text (model/report/report_explain.c): the
 * seed's numbers by hand (5824 KB / 8 desktops; 51488 KB / 9 on x64 from
 * seed comment 64), the view budget (shared heap + desktops), the
 * reservation sums of rule 3 and the registry change for Event 244.
 */
#include "testutil.h"

static char *explain(const char *file, const char *ss, size_t step,
                     dh_status want)
{
    dh_scenario *sc;
    dh_result *r;
    dh_error e;
    dh_error_clear(&e);
    dh_run_options o = {.shared_section = ss, .snapshot_step = step};
    assert_int_equal(dh_scenario_load_file(file, &sc, &e), DH_OK);
    assert_int_equal(dh_run(sc, &o, &r, &e), DH_OK);
    char *text = NULL;
    assert_int_equal(dh_report_explain(r, step, &text, &e), want);
    if (want != DH_OK)
        assert_non_null(strstr(e.text, "--step"));
    dh_result_free(r);
    dh_scenario_free(sc);
    return text;
}

static void has(const char *text, const char *what)
{
    if (strstr(text, what) == NULL)
        fail_msg("missing: %s", what);
}

/* Seed body table: 3072 + 64 + 128 + 5 x 512 = 5824 KB in 8 desktops;
 * view: 1024 (shared) + 5824 = 6848 KB of 48 MB = 49152 KB.
 * Reservation: 1024 + 0 + 3072 + 128 + 64 + 10 x 512 = 9408 KB. */
static void test_seed_win2003_numbers(void **state)
{
    (void)state;
    char *t = explain("scenarios/seed-win2003-session0.json", NULL, 0, DH_OK);
    has(t, "- Session 0: Total Desktop 5824 KB - 8 desktops\n");
    has(t, "  |-- WinSta0 (interactive window station");
    has(t, "  |     |-- Disconnect: 64 KB - fixed Disconnect heap\n");
    has(t, "  |     |-- Winlogon: 128 KB - fixed Winlogon heap\n");
    has(t, "  |-- SAWinSta (non-interactive: Task Scheduler tasks");
    has(t, "registry: SharedSection 3rd value = 512 KB [seed; KB 184802 "
           "value 3]");
    has(t, "6848 KB used of 49152 KB");
    has(t, "    = 9408 KB\n");
    has(t, "9408 KB <= 49152 KB of view space: it fits");
    has(t, "Nothing failed");
    has(t, "https://learn.microsoft.com/en-us/archive/blogs/ntdebugging/"
           "desktop-heap-overview");
    free(t);
}

/* Seed comment 64 (x64, SharedSection 1024,20480,2048): Default and
 * Screen-saver 2 x 20480 + Disconnect 96 + Winlogon 192 (comment 20: x64)
 * + 5 x 2048 = 51488 KB in 9 desktops, the table's total. */
static void test_seed_x64_comment64_total(void **state)
{
    (void)state;
    char *t = explain("scenarios/seed-win2003-x64-comment64.json", NULL, 0,
                      DH_OK);
    has(t, "- Session 0: Total Desktop 51488 KB - 9 desktops\n");
    has(t, "|-- Disconnect: 96 KB - fixed Disconnect heap");
    has(t, "|-- Winlogon: 192 KB - fixed Winlogon heap");
    has(t, "|-- Screen-saver: 20480 KB - interactive: SharedSection 2nd "
           "value");
    free(t);
}

/* /3GB: 20480 KB; 4288 + 10 x 2048 = 24768 > 20480: fallback; the
 * largest 3rd value that fits is (20480 - 4288) / 10 = 1619 -> 1600 KB in
 * 64 KB steps; the service heap is 128 KB (seed comment 26). */
static void test_3gb_fallback_arithmetic(void **state)
{
    (void)state;
    char *t = explain("scenarios/3gb-fallback-comment26.json", NULL, 0,
                      DH_OK);
    has(t, "    = 24768 KB\n");
    has(t, "24768 KB > 20480 KB of view space (/3GB: 20 MB): it does not "
           "fit");
    has(t, "The largest 3rd value that fits: 1600 KB (4288 + 10 x 1600 = "
           "20288 <= 20480 KB)");
    has(t, "|-- Default: 128 KB - fallback safe size 128 KB");
    has(t, "|-- Default: 512 KB - fallback safe size 512 KB");
    free(t);
}

/* 87 logons of 512 KB + 1024 + 3264 = 48832 KB: 320 KB left; the 88th
 * needs 512: short by 192 KB, so 49152 + 192 KB -> at least 49 MB. */
static void test_event_244_chain(void **state)
{
    (void)state;
    char *t = explain("scenarios/user-service-logons.json", NULL, 0, DH_OK);
    has(t, "  when: step 1, iteration 88 (service logons): start_service\n");
    has(t, "the heap needs a view of 512 KB and the largest free run of "
           "view space was 320 KB");
    has(t, "  event: Event 244 logged");
    has(t, "SessionViewSize of at least 49 MB (now 48 MB)");
    has(t, "87 iterations succeeded before this one");
    free(t);
}

/* After step 1 of seed comment 49: WinSta0's three desktops and the
 * service's 512 KB heap: 3072 + 64 + 128 + 512 = 3776 KB in 4 desktops;
 * view 1024 + 3776 = 4800 KB. */
static void test_step_option(void **state)
{
    (void)state;
    char *t = explain("scenarios/comment49-service-children.json", NULL, 1,
                      DH_OK);
    has(t, "The session tree after step 1");
    has(t, "- Session 0: Total Desktop 3776 KB - 4 desktops\n");
    has(t, "4800 KB used of 49152 KB");
    free(t);
    assert_null(explain("scenarios/comment49-service-children.json", NULL,
                        99, DH_EINPUT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_win2003_numbers),
        cmocka_unit_test(test_seed_x64_comment64_total),
        cmocka_unit_test(test_3gb_fallback_arithmetic),
        cmocka_unit_test(test_event_244_chain),
        cmocka_unit_test(test_step_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

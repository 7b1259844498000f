/*
 * test_engine.c — rule 5 (failures, events, symptoms) and the shipped
 * scenarios, asserting numbers derived by hand from the seed: heap sizes,
 * Total Desktop, desktop counts, and the "how many until it breaks" counts.
 */
#include "testrun.h"
#include "engine/result.h"

static dh_result *run_text(const char *json, const dh_run_options *o)
{
    dh_scenario *sc = NULL;
    dh_result *r = tr_run_text(json, o, &sc);
    r->scenario = NULL; /* the scenario is freed here */
    dh_scenario_free(sc);
    return r;
}

#define run_file tr_run_file
#define desk tr_desk

static uint64_t repeat_count(const char *file, const char *ss)
{
    dh_run_options o = {.shared_section = ss};
    dh_scenario *sc;
    dh_result *r = run_file(file, &o, &sc);
    assert_int_equal(r->nrepeats, 1);
    uint64_t n = r->repeats[0].succeeded;
    dh_result_free(r);
    dh_scenario_free(sc);
    return n;
}

/* stop_after_applied: the world after iteration N of the run (the web
 * page's slider). Three per-logon service starts (a new station and 512 KB
 * desktop each, step 1) then two more (step 2): cut after 4 iterations, the
 * run holds session 0's three WinSta0 desktops and 4 service desktops, step
 * 2 stopped after its first iteration; 0 runs it all (5 service desktops). */
static void test_stop_after_applied_is_the_world_after_iteration_n(void **st)
{
    (void)st;
    static const char json[] =
        "{\"name\":\"t\",\"source\":\"s\",\"os\":\"win2003-x86\",\"steps\":["
        "{\"action\":\"start_service\",\"name\":\"a\",\"account\":\"D\\\\u\","
        "\"kind\":\"console\",\"count\":3},"
        "{\"action\":\"start_service\",\"name\":\"b\",\"account\":\"D\\\\v\","
        "\"kind\":\"console\",\"count\":2}]}";
    dh_run_options o = {.empty = true, .stop_after_applied = 4};
    dh_result *r = run_text(json, &o);
    assert_true(r->stopped_after);
    assert_int_equal(r->steps_applied, 4);
    assert_int_equal(r->final.nsessions, 1);
    assert_int_equal(r->final.sessions[0].ndesktops, 3 + 4);
    dh_result_free(r);
    o.stop_after_applied = 0;
    r = run_text(json, &o);
    assert_false(r->stopped_after);
    assert_int_equal(r->steps_applied, 5);
    assert_int_equal(r->final.sessions[0].ndesktops, 3 + 5);
    dh_result_free(r);
    o.stop_after_applied = 5; /* the end of the run: nothing cut */
    r = run_text(json, &o);
    assert_int_equal(r->steps_applied, 5);
    assert_int_equal(r->final.sessions[0].ndesktops, 3 + 5);
    dh_result_free(r);
}

/* Work bounded before a run starts (engine/workbound.c) ---------------- */

/* The error a run gives (its status returned). */
static dh_status run_error(const char *json, dh_error *e)
{
    dh_scenario *sc = NULL;
    dh_result *r = NULL;
    dh_run_options bare = {.empty = true};
    dh_error_clear(e);
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "t.json",
                                             &sc, e), DH_OK);
    dh_status st = dh_run(sc, &bare, &r, e);
    dh_result_free(r);
    dh_scenario_free(sc);
    return st;
}

/* A process of 1,000 opaque 16-byte objects on Server 2003 x86: 8 + 1,000
 * = 1,008 heap operations per start (OPS_PROCESS 8), 1,009 with the step itself. The largest heap is
 * the interactive 3072 KB one, 3,145,728 / 16 = 196,608 blocks (x86: 8-byte
 * header, 16-byte smallest block). */
#define WORK_SCENARIO(COUNT)                                                \
    "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win2003-x86\",\n"            \
    " \"assumptions\":{\"repeat_limit\":1000000},\n"                          \
    " \"steps\":[{\"action\":\"start_process\",\"name\":\"p\",\n"              \
    "  \"objects\":[{\"type\":\"opaque\",\"bytes\":16,\"count\":1000}],\n"       \
    "  " COUNT "}]}"

static void test_limit_heap_operations_counted_before_the_run(void **st)
{
    (void)st;
    dh_error e;
    /* 39,644 x 1,009 = 40,000,796 > 40,000,000 (1 for the step itself): refused, naming the step */
    assert_int_equal(run_error(WORK_SCENARIO("\"count\":39644"), &e),
                     DH_ELIMIT);
    assert_string_equal(e.path, "$.steps[0].count");
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.text, "40000796, more than the model's limit "
                                   "of 40000000"));
    /* 39,643 x 1,009 = 39,999,787: the bound lets it run */
    dh_result *r = run_text(WORK_SCENARIO("\"count\":39643"), NULL);
    dh_result_free(r);
    /* a million counted starts: 1,009,000,000 */
    assert_int_equal(run_error(WORK_SCENARIO("\"count\":1000000"), &e),
                     DH_ELIMIT);
    assert_non_null(strstr(e.text, "1009000000, more"));
}

static void test_limit_repeat_until_failure_keeps_blocks_in_one_heap(void **st)
{
    (void)st;
    /* Repeated until failure, every start before the failing one keeps
     * its blocks: at most 196,608 + 1,009 operations, not 10^6 x 1,009.
     * It runs, and stops when the heap is full: a 16-byte object is a
     * 24-byte block (8-byte header), 3,145,728 / 24,000 = 131 starts at
     * most, fewer by the desktop's and each process's own objects. */
    dh_result *r = run_text(WORK_SCENARIO("\"repeat_until_failure\":true"),
                            NULL);
    assert_int_equal(r->nrepeats, 1);
    assert_true(r->repeats[0].succeeded >= 120);
    assert_true(r->repeats[0].succeeded <= 131);
    dh_result_free(r);
}

static void test_limit_view_granules_counted_before_the_run(void **st)
{
    (void)st;
    dh_error e;
    /* One 33,554,428 KB desktop on Windows 7 x64 (dynamic view space: its
     * view is the heap), 4 KB granules: 8,388,607 granules a desktop, and
     * 1 + 8 desktops may be open (DESKTOPS_SESSION0 8): 75,497,463 >
     * 67,108,864. With 64 KB granules: 524,288 x 9 = 4,718,592. */
    static const char big[] =
        "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win7-x64\",\n"
        " \"assumptions\":{\"view_granularity_kb\":4},\n"
        " \"steps\":[{\"action\":\"create_desktop\",\"station\":\"WinSta0\","
        "\"name\":\"big\",\"heap_kb\":33554428}]}";
    assert_int_equal(run_error(big, &e), DH_ELIMIT);
    assert_string_equal(e.path, "$.steps[0]");
    assert_non_null(strstr(e.text, "granules of view space"));
    assert_non_null(strstr(e.text, "75497463, more than the model's limit "
                                   "of 67108864"));
}

/* Rule 5 ---------------------------------------------------------------- */

/* A LocalSystem service of 100 KB, then three 20 KB children, on a 128 KB
 * non-interactive heap; LOGGING is extra registry JSON. */
#define TWO_FAILURES(LOGGING)                                               \
    "{\"name\":\"t\",\"source\":\"test\",\"os\":\"winxp-x86\",\n"             \
    " \"registry\":{\"shared_section\":\"1024,3072,128\"" LOGGING "},\n"     \
    " \"steps\":[\n"                                                        \
    "  {\"action\":\"start_service\",\"name\":\"s\",\"account\":"             \
    "\"LocalSystem\",\"cost_kb\":100},\n"                                    \
    "  {\"action\":\"start_process\",\"name\":\"c\",\"parent\":\"s\","        \
    "\"cost_kb\":20,\"count\":3}]}"

static const char two_failures[] = TWO_FAILURES("");

static void test_rule5_heap_full_fails_process_start_and_logs_243_once(void **st)
{
    (void)st;
    /* 128 KB = 131072. The fresh desktop (XP x86, unit 8): header 1416 +
     * DESKTOPINFO "Default" 176+16=192 -> 200 + desktop WND 160+8 -> 176 +
     * message WND 160 -> 168 + tooltip WND -> 168 = 2128. The service's
     * 100 KB in 64 KB opaque chunks: 65536 -> 65544, 36864 -> 36872 =
     * 102416. Used 104544, free 26528: one 20 KB child (20480 -> 20488)
     * fits, leaving 6040; the next two do not. */
    dh_result *r = run_text(two_failures, NULL);
    assert_int_equal(r->failures[DH_EV_PROCESS_START_FAILED], 2);
    assert_int_equal(r->failures[DH_EV_EVENTLOG_243], 2);
    size_t logged = 0;
    for (size_t i = 0; i < r->nevents; i++)
        logged += r->events[i].event_id == 243;
    assert_int_equal(logged, 1); /* once per session (seed comment 50) */
    assert_int_equal(r->logged_243, 1);
    assert_int_equal(r->logged_244, 0);
    /* the text report says both: one logged, two failures */
    char *t = NULL;
    assert_int_equal(dh_report_text(r, &t), DH_OK);
    assert_non_null(strstr(t, "  Event 243 logged: 1 (once per session)\n"
                              "  desktop heap allocation failures: 2\n"));
    free(t);
    assert_true(r->first_failure.happened);
    assert_int_equal(r->first_failure.step, 2);
    assert_int_equal(r->first_failure.iteration, 2);
    assert_string_equal(r->first_failure.kind, "desktop_heap");
    assert_non_null(strstr(r->first_failure.symptom, "0xC0000142"));
    const dh_desktop_rec *d = desk(&r->final.sessions[0], "Service-0x0-3e7$",
                                   "Default");
    assert_int_equal(d->used_bytes, 2128 + 102416 + 20488);
    dh_result_free(r);
}

/* Issue 17 item 9: a class that does not fit is RegisterClassEx failing,
 * not CreateWindowEx; and 20 identical failures print as the first three
 * and "and 17 more like it". 128 KB heap as above: the service's 100 KB
 * leaves 26528 bytes; a class with cbClsExtra 40000 needs more. */
static void test_rule5_failed_class_is_not_a_window(void **st)
{
    (void)st;
    dh_result *r = run_text(
        "{\"name\":\"t\",\"source\":\"test\",\"os\":\"winxp-x86\",\n"
        " \"registry\":{\"shared_section\":\"1024,3072,128\"},\n"
        " \"steps\":[\n"
        "  {\"action\":\"start_service\",\"name\":\"s\",\"account\":"
        "\"LocalSystem\",\"cost_kb\":100},\n"
        "  {\"action\":\"create_objects\",\"process\":\"s\",\"objects\":"
        "[{\"type\":\"class\",\"count\":1,\"extra\":40000}],\"count\":20}]}",
        NULL);
    assert_int_equal(r->failures[DH_EV_OBJECT_CREATE_FAILED], 20);
    assert_int_equal(r->failures[DH_EV_WINDOW_CREATE_FAILED], 0);
    assert_string_equal(r->first_failure.symptom, "RegisterClassEx returned 0");
    char *t = NULL;
    assert_int_equal(dh_report_text(r, &t), DH_OK);
    assert_null(strstr(t, "CreateWindowEx"));
    assert_non_null(strstr(t, "  ... and 17 more like it (through step 2.20)\n"));
    assert_non_null(strstr(t, "step 2.3 session 0"));
    assert_null(strstr(t, "step 2.4 session 0"));
    free(t);
    dh_result_free(r);
}

/* Bytes a LocalSystem service's desktop uses after the given steps (after
 * a service "agent" of 4 KB raw cost) on os. */
static uint64_t service_heap_after(const char *os, const char *steps)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"name\":\"t\",\"source\":\"test\",\"os\":\"%s\",\n"
             " \"steps\":[{\"action\":\"start_service\",\"name\":\"agent\","
             "\"account\":\"LocalSystem\",\"cost_kb\":4}%s]}", os, steps);
    dh_result *r = run_text(json, NULL);
    assert_false(r->first_failure.happened);
    uint64_t used = desk(&r->final.sessions[0], "Service-0x0-3e7$",
                         "Default")->used_bytes;
    dh_result_free(r);
    return used;
}

/* Issue 12 item 2: from Windows 7 on a console program that gets a new
 * console gets a conhost.exe, whose objects start and stop with it
 * (catalogue: conhost typical 6 KB, cmd typical 1 KB on x64; every block
 * there is a multiple of 16, so each is exactly its bytes). A child of a
 * service (no console) gets one; a console child of a console program
 * shares its parent's; DETACHED_PROCESS gives none, CREATE_NO_WINDOW a
 * hidden one; Windows 2003 has no conhost. */
static void test_rule_conhost_starts_and_stops_with_its_console(void **st)
{
    (void)st;
    const char *cmd = ",{\"action\":\"start_process\",\"name\":\"c\","
                      "\"parent\":\"agent\",\"kind\":\"cmd\"%s}";
    char one[256], det[256], now[256];
    snprintf(one, sizeof one, cmd, "");
    snprintf(det, sizeof det, cmd, ",\"console\":\"detached\"");
    snprintf(now, sizeof now, cmd, ",\"console\":\"no_window\"");
    uint64_t base = service_heap_after("server2019", "");
    assert_int_equal(service_heap_after("server2019", one) - base,
                     1024 + 6144);
    assert_int_equal(service_heap_after("server2019", det) - base, 1024);
    assert_int_equal(service_heap_after("server2019", now) - base,
                     1024 + 6144);
    /* cmd starting git: git shares cmd's console (git typical 4 KB) */
    char two[512];
    snprintf(two, sizeof two, "%s,{\"action\":\"start_process\",\"name\":"
             "\"g\",\"parent\":\"c\",\"kind\":\"git\"}", one);
    assert_int_equal(service_heap_after("server2019", two) - base,
                     1024 + 6144 + 4096);
    /* stopping cmd frees its conhost with it */
    char stop[512];
    snprintf(stop, sizeof stop, "%s,{\"action\":\"stop_process\",\"name\":"
             "\"c\"}", one);
    assert_int_equal(service_heap_after("server2019", stop), base);
    /* no conhost before Windows 7: detached or not, the same */
    uint64_t xp = service_heap_after("win2003-x86", "");
    assert_int_equal(service_heap_after("win2003-x86", one) - xp,
                     service_heap_after("win2003-x86", det) - xp);
}

/* Issue 12 item 4: capacity with ranged costs answers low / typical /
 * high. On Server 2019 (x64) a unit is a cmd child of a LocalSystem agent
 * (a new console: cmd + conhost) and a git child of that cmd (shares its
 * console). Catalogue bytes, each block exactly its bytes on x64:
 * high costs 3072 + 12288 + 15360 = 30720, typical 1024 + 6144 + 4096 =
 * 11264, low 512 + 3072 + 1024 = 4608 per unit. The 768 KB service heap
 * less what the agent and the desktop hold, divided by each: the counts.
 * The low count of the range comes from the high costs. */
static void test_rule_capacity_ranges_from_cost_ends(void **st)
{
    (void)st;
    uint64_t base = service_heap_after("server2019", "");
    uint64_t free_bytes = 768 * 1024 - base;
    const char *json =
        "{\"name\":\"t\",\"source\":\"test\",\"os\":\"server2019\",\n"
        " \"steps\":[{\"action\":\"start_service\",\"name\":\"agent\","
        "\"account\":\"LocalSystem\",\"cost_kb\":4},\n"
        " {\"action\":\"unit\",\"label\":\"jobs\",\"repeat_until_failure\":"
        "true,\"steps\":[\n"
        "  {\"action\":\"start_process\",\"name\":\"c\",\"parent\":"
        "\"agent\",\"kind\":\"cmd\"},\n"
        "  {\"action\":\"start_process\",\"name\":\"g\",\"parent\":"
        "\"c\",\"kind\":\"git\"}]}]}";
    dh_scenario *sc = NULL;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "t.json",
                                             &sc, &e), DH_OK);
    assert_true(dh_scenario_has_ranges(sc));
    dh_run_options o = {.grow_label = "jobs", .empty = true};
    dh_result *r = NULL;
    dh_capacity cap;
    assert_int_equal(dh_capacity_run(sc, &o, &r, &cap, &e), DH_OK);
    assert_true(cap.ranged);
    assert_int_equal(cap.count, free_bytes / 11264);
    assert_int_equal(cap.range_low, free_bytes / 30720);
    assert_int_equal(cap.range_high, free_bytes / 4608);
    char *t = NULL;
    assert_int_equal(dh_report_capacity_text(r, &cap, &t), DH_OK);
    char want[96];
    snprintf(want, sizeof want, "Capacity: %llu units (%llu-%llu) - unit",
             (unsigned long long)cap.count,
             (unsigned long long)cap.range_low,
             (unsigned long long)cap.range_high);
    assert_non_null(strstr(t, want));
    free(t);
    dh_result_free(r);
    /* --cost-end high: one run, the pessimistic count, no range */
    o.cost_end = DH_COST_HIGH;
    assert_int_equal(dh_capacity_run(sc, &o, &r, &cap, &e), DH_OK);
    assert_false(cap.ranged);
    assert_int_equal(cap.count, free_bytes / 30720);
    dh_result_free(r);
    dh_scenario_free(sc);
}

/* The starting load (assumption start_load; rules/startload.c): Server
 * 2003 x86's Service-0x0-3e7$\Default starts at the seed's 15.1 % /
 * mean / 23.8 % of 512 KB: 79167, 101974 and 124780 bytes used at the
 * low, typical and high end; a desktop the scenario charges itself gets
 * none; --empty none; Vista and later have no user in session 0. */
static void test_rule_desktops_start_with_a_real_machines_load(void **st)
{
    (void)st;
    static const char json[] =
        "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win2003-x86\",\n"
        " \"steps\":[{\"action\":\"start_service\",\"name\":\"s\","
        "\"account\":\"LocalSystem\",\"kind\":\"none\"},\n"
        "  {\"action\":\"start_process\",\"name\":\"p\",\"parent\":\"s\","
        "\"cost_bytes\":0}]}";
    static const dh_cost_end ends[3] = {DH_COST_LOW, DH_COST_TYPICAL,
                                        DH_COST_HIGH};
    static const uint64_t want[3] = {79167, 101974, 124780};
    for (int i = 0; i < 3; i++) {
        dh_run_options o = {.cost_end = ends[i]};
        dh_scenario *sc = NULL;
        dh_result *r = tr_run_text(json, &o, &sc);
        const dh_desktop_rec *d = desk(&r->final.sessions[0],
                                       "Service-0x0-3e7$", "Default");
        /* the charge is at most two 64 KB opaque blocks: each adds its
         * 8-byte header and a rounding to the 8-byte unit */
        assert_true(d->used_bytes >= want[i] && d->used_bytes < want[i] + 32);
        dh_result_free(r);
        dh_scenario_free(sc);
    }
    dh_run_options empty = {.empty = true};
    dh_scenario *sc = NULL;
    dh_result *r = tr_run_text(json, &empty, &sc);
    assert_true(desk(&r->final.sessions[0], "Service-0x0-3e7$",
                     "Default")->used_bytes < 4096);
    dh_result_free(r);
    dh_scenario_free(sc);
    /* charged by the scenario (an imported table): that is the load */
    dh_run_options typical = {0};
    r = tr_run_text(
        "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win2003-x86\",\n"
        " \"steps\":[{\"action\":\"start_service\",\"name\":\"s\","
        "\"account\":\"LocalSystem\",\"kind\":\"none\"},\n"
        "  {\"action\":\"start_process\",\"name\":\"p\",\"parent\":\"s\","
        "\"cost_bytes\":0},\n"
        "  {\"action\":\"charge\",\"desktop\":\"Service-0x0-3e7$\\\\Default\","
        "\"used_pct\":2}]}", &typical, &sc);
    const dh_desktop_rec *d = desk(&r->final.sessions[0], "Service-0x0-3e7$",
                                   "Default");
    assert_true(d->used_bytes < 524288 / 50 + 16);
    dh_result_free(r);
    dh_scenario_free(sc);
    /* the loads of the rule: users' desktops, not session 0 from Vista on */
    const char *src;
    assert_int_equal(dh_start_load_bytes(dh_profile_find("win2003-x86"), 0,
                                         "WinSta0", "Default",
                                         DH_COST_LOW, &src), 179306);
    assert_int_equal(dh_start_load_bytes(dh_profile_find("server2019"), 0,
                                         "WinSta0", "Default",
                                         DH_COST_TYPICAL, &src), 0);
    assert_int_equal(dh_start_load_bytes(dh_profile_find("server2019"), 1,
                                         "WinSta0", "Default",
                                         DH_COST_TYPICAL, &src), 490734);
    assert_int_equal(dh_start_load_bytes(dh_profile_find("server2019"), 0,
                                         "Service-0x0-10000$", "Default",
                                         DH_COST_TYPICAL, &src), 0);
}

/* Issue 12 item 8 (KB 831135): IIS worker processes under their pools'
 * own identities get a station and desktop each; UseSharedWPDesktop=1
 * puts all of them on one desktop. 20 pools: 20 desktops more than the
 * session's own, or 1. */
static void test_rule_app_pools_own_or_shared_desktop(void **st)
{
    (void)st;
    const char *fmt =
        "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win2003-x86\",\n"
        " \"registry\":{\"use_shared_wp_desktop\":%s},\n"
        " \"steps\":[{\"action\":\"start_app_pool\",\"name\":\"w3wp\","
        "\"account\":\"pool identity\",\"kind\":\"w3wp\",\"count\":20}]}";
    size_t n[2];
    for (int shared = 0; shared < 2; shared++) {
        char json[1024];
        snprintf(json, sizeof json, fmt, shared ? "true" : "false");
        dh_scenario *sc = NULL;
        dh_result *r = tr_run_text(json, NULL, &sc);
        assert_false(r->first_failure.happened);
        n[shared] = r->final.sessions[0].ndesktops;
        if (shared)
            assert_true(desk(&r->final.sessions[0], "W3SVC-shared-WP$",
                             "Default")->used_bytes > 20 * 1024);
        dh_result_free(r);
        dh_scenario_free(sc);
    }
    assert_int_equal(n[0], n[1] + 19);
}

static void test_rule5_logging_off_counts_but_logs_nothing(void **st)
{
    (void)st;
    const char *with = TWO_FAILURES(",\"desktop_heap_logging\":false");
    dh_result *r = run_text(with, NULL);
    assert_int_equal(r->failures[DH_EV_EVENTLOG_243], 2);
    for (size_t i = 0; i < r->nevents; i++)
        assert_int_equal(r->events[i].event_id, 0);
    dh_result_free(r);
}

static void test_rule5_window_creation_returns_null_when_heap_full(void **st)
{
    (void)st;
    const char *j = "{\"name\":\"t\",\"source\":\"test\",\"os\":\"vista-x86\","
        "\"steps\":[{\"action\":\"start_process\",\"name\":\"app\",\"kind\":\"gui\"},"
        "{\"action\":\"create_windows\",\"process\":\"app\",\"bytes_each\":500000,"
        "\"repeat_until_failure\":true}]}";
    /* Vista x86 (WND 176): fresh Default = header 1416 + DESKTOPINFO 200 +
     * desktop WND 176+8 -> 192 + message and tooltip WND 176 -> 184 each
     * = 2176. gui: thread info 20 -> 32, IMC 32 -> 40, 31 classes 96 ->
     * 104 = 3224, OLE window 176 -> 184 + title 20 chars 42 -> 56, opaque
     * 9216 - 3520 (its XP x86 itemised sum) = 5696 block: 9232. Free
     * 3145728 - 11408 = 3134320: six 500000-byte windows (500008 each,
     * 3000048) fit, leaving 134272; the seventh does not. */
    dh_result *r = run_text(j, NULL);
    assert_int_equal(r->repeats[0].succeeded, 6);
    assert_string_equal(r->repeats[0].stopped_by, "desktop_heap");
    assert_non_null(strstr(r->first_failure.symptom, "CreateWindowEx"));
    assert_string_equal(r->first_failure.heap_outcome, "full");
    assert_int_equal(r->first_failure.free_bytes, 134272);
    dh_result_free(r);
}

static void test_rule5_charges_return_when_process_exits(void **st)
{
    (void)st;
    const char *j = "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win2003-x86\","
        "\"steps\":[{\"action\":\"start_process\",\"name\":\"a\",\"kind\":\"gui\"},"
        "{\"action\":\"create_windows\",\"process\":\"a\",\"bytes_each\":1000,\"count\":5},"
        "{\"action\":\"stop_process\",\"name\":\"a\"}]}";
    dh_result *r = run_text(j, NULL);
    const dh_desktop_rec *d = desk(&r->final.sessions[0], "WinSta0", "Default");
    /* back to the fresh desktop: 1416 + 200 + 176 + 168 + 168 */
    assert_int_equal(d->used_bytes, 2128);
    dh_result_free(r);
}

static void test_rule5_view_space_full_logs_244_and_fails_start(void **st)
{
    (void)st;
    dh_scenario *sc;
    dh_result *r = run_file("scenarios/user-service-logons.json", NULL, &sc);
    /* 48 MB = 768 granules of 64 KB; shared 16 + Default 48 + Disconnect
     * 1 + Winlogon 2 = 67; each logon's 512 KB heap takes 8: 87 fit. */
    assert_int_equal(r->repeats[0].succeeded, 87);
    assert_string_equal(r->repeats[0].stopped_by, "view_space");
    assert_int_equal(r->failures[DH_EV_EVENTLOG_244], 1);
    assert_string_equal(r->first_failure.winsta, "Service-0x0-10057$");
    assert_int_equal(r->final.sessions[0].ndesktops, 3 + 87);
    assert_int_equal(r->final.sessions[0].view_used, KB(64) * (67 + 87 * 8));
    dh_result_free(r);
    dh_scenario_free(sc);
}

static void test_rule5_stopping_per_logon_service_frees_its_view(void **st)
{
    (void)st;
    const char *j = "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win2003-x86\","
        "\"steps\":[{\"action\":\"start_service\",\"name\":\"u\",\"account\":\"bob\"},"
        "{\"action\":\"stop_service\",\"name\":\"u\"}]}";
    dh_result *r = run_text(j, NULL);
    assert_int_equal(r->final.sessions[0].ndesktops, 3);
    assert_int_equal(r->final.sessions[0].view_used, KB(64) * 67);
    dh_result_free(r);
}

/* Shipped scenarios ----------------------------------------------------- */

static void check_table(const char *file, uint32_t sid, uint64_t total_kb,
                        size_t n)
{
    dh_scenario *sc;
    dh_result *r = run_file(file, NULL, &sc);
    const dh_session_rec *s = NULL;
    for (size_t i = 0; i < r->final.nsessions; i++)
        if (r->final.sessions[i].id == sid)
            s = &r->final.sessions[i];
    assert_non_null(s);
    assert_int_equal(s->total_desktop_bytes, KB(total_kb));
    assert_int_equal(s->ndesktops, n);
    dh_result_free(r);
    dh_scenario_free(sc);
}

static void test_seed_tables_match_total_desktop(void **st)
{
    (void)st;
    /* Sums of the heap sizes the rules give, as the seed's tables print. */
    check_table("scenarios/seed-win2003-session0.json", 0, 5824, 8);
    check_table("scenarios/seed-winxp-session0-comment62.json", 0, 5312, 7);
    check_table("scenarios/seed-win2000-comment28.json", 0, 7296, 6);
    check_table("scenarios/seed-win2000-comment74.json", 0, 3968, 5);
    check_table("scenarios/seed-win2003-x64-comment64.json", 0, 51488, 9);
    check_table("scenarios/seed-vista-session1-comment7.json", 1, 3264, 3);
}

static void test_seed_first_table_rows(void **st)
{
    (void)st;
    dh_scenario *sc;
    dh_result *r = run_file("scenarios/seed-win2003-session0.json", NULL, &sc);
    const dh_session_rec *s = &r->final.sessions[0];
    static const char *const order[][2] = {
        {"WinSta0", "Default"}, {"WinSta0", "Disconnect"},
        {"WinSta0", "Winlogon"}, {"Service-0x0-3e7$", "Default"},
        {"Service-0x0-3e4$", "Default"}, {"Service-0x0-3e5$", "Default"},
        {"SAWinSta", "SADesktop"}, {"__X78B95_89_IW", "__A8D9S1_42_ID"}};
    static const uint64_t kbs[] = {3072, 64, 128, 512, 512, 512, 512, 512};
    for (size_t i = 0; i < 8; i++) {
        assert_string_equal(s->desktops[i].winsta, order[i][0]);
        assert_string_equal(s->desktops[i].desktop, order[i][1]);
        assert_int_equal(s->desktops[i].heap_bytes, KB(kbs[i]));
    }
    /* 5824 KB of desktops + the 1024 KB shared heap, in 48 MB. */
    assert_int_equal(s->view_used, KB(6848));
    assert_int_equal(s->view_size, MB(48));
    dh_result_free(r);
    dh_scenario_free(sc);
}

static void test_3gb_comment26_localsystem_heap_is_128kb(void **st)
{
    (void)st;
    dh_scenario *sc;
    dh_result *r = run_file("scenarios/3gb-fallback-comment26.json", NULL, &sc);
    const dh_session_rec *s = &r->final.sessions[0];
    assert_true(s->fallback);
    assert_int_equal(desk(s, "Service-0x0-3e7$", "Default")->heap_bytes, KB(128));
    assert_int_equal(desk(s, "WinSta0", "Default")->heap_bytes, KB(512));
    dh_result_free(r);
    dh_scenario_free(sc);
    /* The same registry without /3GB keeps 2048 KB (48 MB view space). */
    dh_run_options o = {.boot_3gb_given = true, .boot_3gb = false};
    r = run_file("scenarios/3gb-fallback-comment26.json", &o, &sc);
    assert_false(r->final.sessions[0].fallback);
    assert_int_equal(desk(&r->final.sessions[0], "Service-0x0-3e7$",
                          "Default")->heap_bytes, KB(2048));
    dh_result_free(r);
    dh_scenario_free(sc);
}

static void test_comment49_counts_at_256_512_1024(void **st)
{
    (void)st;
    const char *f = "scenarios/comment49-service-children.json";
    /* Before the children: fresh desktop 2128, other services 122733 in
     * 64 KB chunks 65544 + 57208 = 122752, the gui service 9216: 134096.
     * Each child 15872 -> 15880 bytes:
     * 256 KB: 128048 / 15880 = 8.06 -> 8 (seed: "only 8")
     * 512 KB: 390192 / 15880 = 24.6 -> 24 (seed: 20-25)
     * 1024 KB: 914480 / 15880 = 57.6 -> 57 (seed: "at least 40") */
    assert_int_equal(repeat_count(f, "1024,3072,256"), 8);
    assert_int_equal(repeat_count(f, NULL), 24);
    assert_int_equal(repeat_count(f, "1024,3072,1024"), 57);
}

/* The first failure's place over the whole run (dh_failure.applied): at
 * 256 KB the two service starts (steps 1, 2) apply once each and the 9th
 * child fails (8 fit, above): 2 + 9 = 11, the run ends there. */
static void test_first_failure_applied_counts_all_steps(void **st)
{
    (void)st;
    dh_run_options o = {.shared_section = "1024,3072,256"};
    dh_scenario *sc;
    dh_result *r = run_file("scenarios/comment49-service-children.json", &o,
                            &sc);
    assert_true(r->first_failure.happened);
    assert_int_equal(r->first_failure.step, 3);
    assert_int_equal(r->first_failure.iteration, 9);
    assert_int_equal(r->first_failure.applied, 11);
    assert_int_equal(r->steps_applied, 11);
    dh_result_free(r);
    dh_scenario_free(sc);
}

static void test_ie_tabs_comment7_reach_86_percent(void **st)
{
    (void)st;
    dh_scenario *sc;
    dh_result *r = run_file("scenarios/ie-tabs-comment7.json", NULL, &sc);
    /* Before IE: 15 % of 3145728 = 471859; the fresh desktop has 2176,
     * the charge of 469683 goes in 64 KB chunks: 7 x 65544 + 10944 =
     * 469752, so 471928. iexplore (gui, Vista x86) 9232: 481160. A tab:
     * 194 windows x (WND 176+8 -> 192, title 16 chars 34 -> 48, two
     * properties 16 -> 24 each) = 194 x 288 = 55872; 40 tabs 2234880.
     * After 40 tabs 2716040 of 3145728 = 86.3 % (seed: 86 %). */
    const dh_session_rec *s0 = &r->snapshots[0].sessions[1];
    assert_int_equal(desk(s0, "WinSta0", "Default")->used_bytes, 471928);
    const dh_session_rec *s = &r->snapshots[1].sessions[1];
    uint64_t used = desk(s, "WinSta0", "Default")->used_bytes;
    assert_int_equal(used, 2716040);
    assert_int_equal(used * 100 / KB(3072), 86);
    /* 429688 bytes left: 7 more tabs (seed: "several more"). */
    assert_int_equal(r->repeats[0].succeeded, 7);
    dh_result_free(r);
    dh_scenario_free(sc);
}

static void test_command_line_registry_overrides_scenario(void **st)
{
    (void)st;
    dh_run_options o = {.shared_section = "1024,3072,768", .svs_given = true,
                        .svs = DH_SVS_ABSENT};
    dh_scenario *sc;
    dh_result *r = run_file("scenarios/seed-win2003-session0.json", &o, &sc);
    /* 3072 + 64 + 128 + 5 x 768 = 7104 KB; view space 20 MB. */
    assert_int_equal(r->final.sessions[0].total_desktop_bytes, KB(7104));
    assert_int_equal(r->config.view_size, MB(20));
    dh_result_free(r);
    dh_scenario_free(sc);
}

static void test_runs_are_deterministic(void **st)
{
    (void)st;
    dh_scenario *sc;
    char *a = NULL, *b = NULL;
    dh_result *r = run_file("scenarios/user-service-logons.json", NULL, &sc);
    assert_int_equal(dh_report_json(r, &a), DH_OK);
    dh_result_free(r);
    dh_scenario_free(sc);
    r = run_file("scenarios/user-service-logons.json", NULL, &sc);
    assert_int_equal(dh_report_json(r, &b), DH_OK);
    assert_string_equal(a, b);
    free(a);
    free(b);
    dh_result_free(r);
    dh_scenario_free(sc);
}

/* Notes are kept once each, by text, however many there are (the hashed
 * set grows past its first 64 slots many times here). */
static void test_notes_each_once_at_any_count(void **state)
{
    (void)state;
    dh_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 20000; i++)
            assert_int_equal(dh_result_note(r, "test", "note %d", i), DH_OK);
    assert_int_equal(r->nnotes, 20000);
    assert_string_equal(r->notes[0].text, "note 0");
    assert_string_equal(r->notes[19999].text, "note 19999");
    assert_int_equal(dh_result_note(r, "test", "note %d", 12345), DH_OK);
    assert_int_equal(dh_result_note(r, "test", "a new one"), DH_OK);
    assert_int_equal(r->nnotes, 20001);
    assert_string_equal(r->notes[20000].text, "a new one");
    dh_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule5_heap_full_fails_process_start_and_logs_243_once),
        cmocka_unit_test(test_rule5_logging_off_counts_but_logs_nothing),
        cmocka_unit_test(test_rule5_failed_class_is_not_a_window),
        cmocka_unit_test(test_rule_conhost_starts_and_stops_with_its_console),
        cmocka_unit_test(test_rule_capacity_ranges_from_cost_ends),
        cmocka_unit_test(test_rule_desktops_start_with_a_real_machines_load),
        cmocka_unit_test(test_rule_app_pools_own_or_shared_desktop),
        cmocka_unit_test(test_rule5_window_creation_returns_null_when_heap_full),
        cmocka_unit_test(test_rule5_charges_return_when_process_exits),
        cmocka_unit_test(test_rule5_view_space_full_logs_244_and_fails_start),
        cmocka_unit_test(test_rule5_stopping_per_logon_service_frees_its_view),
        cmocka_unit_test(test_seed_tables_match_total_desktop),
        cmocka_unit_test(test_notes_each_once_at_any_count),
        cmocka_unit_test(test_seed_first_table_rows),
        cmocka_unit_test(test_3gb_comment26_localsystem_heap_is_128kb),
        cmocka_unit_test(test_comment49_counts_at_256_512_1024),
        cmocka_unit_test(test_first_failure_applied_counts_all_steps),
        cmocka_unit_test(test_ie_tabs_comment7_reach_86_percent),
        cmocka_unit_test(test_command_line_registry_overrides_scenario),
        cmocka_unit_test(test_runs_are_deterministic),
        cmocka_unit_test(test_stop_after_applied_is_the_world_after_iteration_n),
        cmocka_unit_test(test_limit_heap_operations_counted_before_the_run),
        cmocka_unit_test(test_limit_repeat_until_failure_keeps_blocks_in_one_heap),
        cmocka_unit_test(test_limit_view_granules_counted_before_the_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

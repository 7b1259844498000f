/*
 * test_plot.c — the gnuplot input the model writes (model/plot_*.c): rows
 * of the view-space and usage data derived by hand from the rules (heap
 * sizes of seed comment 20 and KB 184802, 64 KB views, the 24768 KB
 * reservation of seed comments 26/29), and the compare/sweep CSV checks.
 */
#include "testutil.h"

#include <stdio.h>

typedef struct {
    dh_scenario *sc;
    dh_result *r;
} run_t;

static run_t run_json(const char *json, const char *ss)
{
    run_t t = {NULL, NULL};
    dh_run_options o = {.trace_iterations = true, .shared_section = ss};
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "t.json",
                                             &t.sc, &e), DH_OK);
    assert_int_equal(dh_run(t.sc, &o, &t.r, &e), DH_OK);
    return t;
}

/* A shipped scenario, run with the plots' trace. */
static run_t run_file(const char *file)
{
    run_t t = {NULL, NULL};
    dh_run_options o = {.trace_iterations = true};
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_file(file, &t.sc, &e), DH_OK);
    assert_int_equal(dh_run(t.sc, &o, &t.r, &e), DH_OK);
    return t;
}

static void done(run_t *t, dh_plot_input *in)
{
    dh_plot_input_free(in);
    dh_result_free(t->r);
    dh_scenario_free(t->sc);
}

/* Server 2003 x86, default registry: a LocalSystem service, then a task. */
static const char two_stations[] =
    "{\"name\": \"two stations\", \"source\": \"test\", \"os\": "
    "\"win2003-x86\", \"steps\": ["
    "{\"action\": \"start_service\", \"name\": \"svc\", \"account\": "
    "\"LocalSystem\"},"
    "{\"action\": \"start_task\", \"name\": \"job\"}]}";

/* Rows by hand: shared heap 1024 KB (1st value), other 0; WinSta0\Default
 * 3072 (2nd value), Disconnect 64, Winlogon 128 (seed comment 20, x86);
 * Service-0x0-3e7$\Default and SAWinSta\SADesktop 512 (3rd value), each a
 * multiple of 64 KB so its view is its size; view space 48 MB = 49152 KB
 * (SessionViewSize as shipped); used = the sum. */
static void test_viewspace_rows_by_hand(void **state)
{
    (void)state;
    run_t t = run_json(two_stations, NULL);
    dh_plot_input in;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_plot_viewspace(t.r, -1, &in, &e), DH_OK);
    const char *rows = strstr(in.data, "size used\n");
    assert_non_null(rows);
    assert_string_equal(rows + strlen("size used\n"),
                        "0 1024 0 3072 64 128 0 0 49152 4288\n"
                        "1 1024 0 3072 64 128 512 0 49152 4800\n"
                        "2 1024 0 3072 64 128 512 512 49152 5312\n");
    assert_non_null(strstr(in.params, "nlayers = 7\nsizecol = 9\n"
                                      "usedcol = 10\nxmax = 2\n"));
    assert_non_null(strstr(in.params, "'0\\WinSta0\\Default', "
                                      "'0\\WinSta0\\Disconnect', "
                                      "'0\\WinSta0\\Winlogon', "
                                      "'0\\Service-0x0-3e7$\\Default', "
                                      "'0\\SAWinSta\\SADesktop']"));
    assert_non_null(strstr(in.params, "has_fallback = 0\n"));
    assert_non_null(strstr(in.params, "has_244 = 0\n"));
    done(&t, &in);
}

/* /3GB: 20 MB. Reservation: 1024 + 3072 + 128 + 64 + 10 x 2048 = 24768 KB
 * > 20480 KB, so the service heap falls back to 128 KB (seed comments 26,
 * 29): the row after step 1 has a 128 KB layer. */
static void test_viewspace_marks_3gb_fallback(void **state)
{
    (void)state;
    run_t t = run_file("scenarios/3gb-fallback-comment26.json");
    dh_result *r = t.r;
    dh_error e;
    dh_error_clear(&e);
    dh_plot_input in;
    assert_int_equal(dh_plot_viewspace(r, 0, &in, &e), DH_OK);
    assert_non_null(strstr(in.params, "has_fallback = 1\nneed_kb = 24768\n"));
    assert_non_null(strstr(in.params, "24768 KB > view space 20480 KB"));
    /* fallback heaps: Default 512 KB, fixed Disconnect 64, Winlogon 128 */
    assert_non_null(strstr(in.data, "\n1 1024 0 512 64 128 128 20480 "
                                    "1856\n"));
    dh_plot_input_free(&in);
    assert_int_equal(dh_plot_viewspace(r, 7, &in, &e), DH_EINPUT);
    assert_non_null(strstr(e.text, "--session 7"));
    assert_null(in.data);
    done(&t, &in);
}

/* Count the data blocks (separated by two blank lines) and check the
 * columns applied/step/iteration/heap_kb of block k's rows. */
static size_t blocks(const char *data)
{
    size_t n = 0;
    for (const char *p = data; (p = strstr(p, "\n\n\n")) != NULL; p += 3)
        n++;
    return n;
}

/* Data rows of block k (lines after its "# desktop" line, up to the
 * blank lines; a blank line inside, a closed stretch, is not counted). */
static size_t block_rows(const char *data, size_t k)
{
    const char *p = data;
    for (size_t i = 0; i < k; i++)
        p = strstr(p, "\n\n\n") + 3;
    p = strchr(strstr(p, "# desktop "), '\n') + 1;
    const char *end = strstr(p - 1, "\n\n\n");
    size_t n = 0;
    for (; p < end; p = strchr(p, '\n') + 1)
        n += *p != '\n';
    return n;
}

static void block_row(const char *data, size_t k, size_t row,
                      const char *name, unsigned long long applied,
                      unsigned long long step, unsigned long long iter,
                      unsigned long long heap_kb)
{
    const char *p = data;
    for (size_t i = 0; i < k; i++)
        p = strstr(p, "\n\n\n") + 3;
    p = strstr(p, "# desktop ");
    assert_non_null(p);
    assert_memory_equal(p + 10, name, strlen(name));
    p = strchr(p, '\n') + 1;
    for (size_t i = 0; i < row; i++)
        p = strchr(p, '\n') + 1;
    unsigned long long a, s, it, h, used;
    double pct;
    assert_int_equal(sscanf(p, "%llu %lf %llu %llu %llu %llu", &a, &pct, &s,
                            &it, &h, &used), 6);
    assert_int_equal(a, applied);
    assert_int_equal(s, step);
    assert_int_equal(it, iter);
    assert_int_equal(h, heap_kb);
    assert_true(pct >= 0.0 && pct <= 100.0);
}

static void test_usage_blocks_by_hand(void **state)
{
    (void)state;
    run_t t = run_json(two_stations, NULL);
    dh_plot_input in;
    assert_int_equal(dh_plot_usage(t.r, &in), DH_OK);
    /* Compact trace: a desktop has a row where it changed; its last row is
     * repeated at the last point (x 2) so its curve holds. WinSta0's three
     * do not change after step 0 (the service and the task have stations
     * of their own): rows at 0 and, held, at 2, both "step 0". */
    assert_int_equal(blocks(in.data), 5);
    block_row(in.data, 0, 0, "0\\WinSta0\\Default", 0, 0, 1, 3072);
    block_row(in.data, 0, 1, "0\\WinSta0\\Default", 2, 0, 1, 3072);
    assert_int_equal(block_rows(in.data, 0), 2);
    block_row(in.data, 1, 0, "0\\WinSta0\\Disconnect", 0, 0, 1, 64);
    block_row(in.data, 2, 1, "0\\WinSta0\\Winlogon", 2, 0, 1, 128);
    block_row(in.data, 3, 0, "0\\Service-0x0-3e7$\\Default", 1, 1, 1, 512);
    block_row(in.data, 3, 1, "0\\Service-0x0-3e7$\\Default", 2, 1, 1, 512);
    block_row(in.data, 4, 0, "0\\SAWinSta\\SADesktop", 2, 2, 1, 512);
    assert_int_equal(block_rows(in.data, 4), 1);
    assert_non_null(strstr(in.params, "ndesk = 5\nntitled = 5\n"));
    assert_non_null(strstr(in.params, "has_fail = 0\n"));
    done(&t, &in);
}

/* A per-logon station closed at step 3 (its service stopped): its block
 * ends there (row at 1, held at 2, nothing after: no hold to the last
 * point), and the view-space chart counts its 512 KB at 1 and 2 only. */
static void test_trace_closed_desktop_ends_its_curve(void **state)
{
    (void)state;
    static const char json[] =
        "{\"name\": \"closed\", \"source\": \"test\", \"os\": "
        "\"win2003-x86\", \"steps\": ["
        "{\"action\": \"start_service\", \"name\": \"u\", \"account\": "
        "\"bob\"},"
        "{\"action\": \"start_task\", \"name\": \"job\"},"
        "{\"action\": \"stop_service\", \"name\": \"u\"},"
        "{\"action\": \"start_task\", \"name\": \"job2\"}]}";
    run_t t = run_json(json, NULL);
    assert_true(t.r->trace_compact);
    assert_int_equal(t.r->trace_points, 5); /* step 0 and four steps */
    dh_plot_input in;
    assert_int_equal(dh_plot_usage(t.r, &in), DH_OK);
    assert_int_equal(blocks(in.data), 5);
    block_row(in.data, 3, 0, "0\\Service-0x0-10000$\\Default", 1, 1, 1, 512);
    block_row(in.data, 3, 1, "0\\Service-0x0-10000$\\Default", 2, 1, 1, 512);
    assert_int_equal(block_rows(in.data, 3), 2);
    block_row(in.data, 0, 1, "0\\WinSta0\\Default", 4, 0, 1, 3072);
    dh_plot_input_free(&in);
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_plot_viewspace(t.r, 0, &in, &e), DH_OK);
    /* shared 1024, other 0, Default 3072, Disconnect 64, Winlogon 128,
     * then the station's 512 (d4) and SAWinSta's 512 (d5) */
    assert_non_null(strstr(in.data, "\n1 1024 0 3072 64 128 512 0 49152 "
                                    "4800\n"));
    assert_non_null(strstr(in.data, "\n2 1024 0 3072 64 128 512 512 49152 "
                                    "5312\n"));
    assert_non_null(strstr(in.data, "\n3 1024 0 3072 64 128 0 512 49152 "
                                    "4800\n"));
    done(&t, &in);
}

/* The compact trace carried forward is the full trace: at every point, the
 * open desktops' last rows (closed rows dropping theirs) are exactly the
 * rows a full trace (trace_every_row) has at that point, in its order. */
static void test_compact_trace_equals_full_trace(void **state)
{
    (void)state;
    static const char *const files[] = {
        "scenarios/comment49-service-children.json",
        "scenarios/fragmentation.json",
        "scenarios/ie7-leak-comment71.json",
        "scenarios/3gb-fallback-comment26.json",
        "scenarios/unit-of-work.json",
        "scenarios/wpf-thread-leak.json",
        "scenarios/seed-vista-session1-comment7.json",
    };
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        dh_scenario *sc;
        dh_result *c, *full;
        dh_error e;
        dh_error_clear(&e);
        assert_int_equal(dh_scenario_load_file(files[f], &sc, &e), DH_OK);
        dh_run_options o = {.trace_iterations = true, .trace_points = 100000};
        assert_int_equal(dh_run(sc, &o, &c, &e), DH_OK);
        o.trace_every_row = true;
        assert_int_equal(dh_run(sc, &o, &full, &e), DH_OK);
        assert_true(c->trace_compact);
        assert_false(full->trace_compact);
        assert_int_equal(c->trace_points, full->trace_points);
        size_t ndesk = 0;
        for (size_t i = 0; i < c->ntrace; i++)
            ndesk = c->trace[i].desk >= ndesk ? c->trace[i].desk + 1 : ndesk;
        const dh_trace_row **cur = calloc(ndesk + 1, sizeof *cur);
        assert_non_null(cur);
        size_t ci = 0, fi = 0, rows_full = 0;
        for (size_t p = 0; p < full->nvtrace; p++) {
            uint64_t x = full->vtrace[p].applied;
            if (p > 0 && x == full->vtrace[p - 1].applied)
                continue; /* one point, several sessions */
            for (; ci < c->ntrace && c->trace[ci].applied <= x; ci++)
                cur[c->trace[ci].desk] =
                    c->trace[ci].closed ? NULL : &c->trace[ci];
            for (; fi < full->ntrace && full->trace[fi].applied <= x; fi++) {
                const dh_trace_row *t = &full->trace[fi];
                if (t->closed)
                    continue;
                rows_full++;
                const dh_trace_row *k = cur[t->desk];
                if (k == NULL || k->used_bytes != t->used_bytes ||
                    k->heap_bytes != t->heap_bytes ||
                    k->committed_bytes != t->committed_bytes ||
                    k->largest_free_bytes != t->largest_free_bytes ||
                    k->view_bytes != t->view_bytes ||
                    k->session != t->session ||
                    strcmp(k->winsta, t->winsta) != 0 ||
                    strcmp(k->desktop, t->desktop) != 0)
                    fail_msg("%s: at x %llu, desktop %s\\%s differs",
                             files[f], (unsigned long long)x, t->winsta,
                             t->desktop);
            }
            /* and no desktop open in the compact trace that the full one
             * does not have at this point */
            size_t open_c = 0, open_f = 0;
            for (size_t d = 0; d < ndesk; d++)
                open_c += cur[d] != NULL;
            for (size_t j = 0; j < full->ntrace; j++)
                open_f += full->trace[j].applied == x && !full->trace[j].closed;
            assert_int_equal(open_c, open_f);
        }
        assert_true(rows_full > 0);
        assert_true(c->ntrace <= full->ntrace);
        free(cur);
        dh_result_free(c);
        dh_result_free(full);
        dh_scenario_free(sc);
    }
}

/* The point budget: 100 points by the usual rule, then further apart;
 * the first failure's point and the run's end are always kept. A leaking
 * churn on Server 2003's 3072 KB heap fails after about 3,000 windows
 * (1,000 bytes left behind each), then the process stops. */
static void test_trace_point_budget_keeps_failure_and_end(void **state)
{
    (void)state;
    static const char json[] =
        "{\"name\": \"budget\", \"source\": \"test\", \"os\": "
        "\"win2003-x86\", \"steps\": ["
        "{\"action\": \"start_process\", \"name\": \"p\", \"kind\": \"gui\"},"
        "{\"action\": \"churn_windows\", \"process\": \"p\", "
        "\"leak_bytes\": 1000, \"repeat_until_failure\": true},"
        "{\"action\": \"stop_process\", \"name\": \"p\"}]}";
    dh_scenario *sc;
    dh_result *r;
    dh_error e;
    dh_error_clear(&e);
    dh_run_options o = {.trace_iterations = true, .trace_points = 100};
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "t.json",
                                             &sc, &e), DH_OK);
    assert_int_equal(dh_run(sc, &o, &r, &e), DH_OK);
    assert_true(r->first_failure.happened);
    assert_true(r->first_failure.iteration > 2000);
    assert_true(r->trace_thinned);
    /* 100, then 25 per doubling of the gap (it starts at 4 and exceeds
     * the run's ~3,000 iterations after 10 doublings), + failure + end */
    assert_true(r->trace_points >= 100);
    assert_true(r->trace_points <= 100 + 25 * 10 + 2);
    bool fail_point = false;
    for (size_t i = 0; i < r->nvtrace; i++)
        fail_point = fail_point ||
                     (r->vtrace[i].step == r->first_failure.step &&
                      r->vtrace[i].iteration == r->first_failure.iteration);
    assert_true(fail_point);
    assert_int_equal(r->vtrace[r->nvtrace - 1].applied, r->steps_applied);
    assert_int_equal(r->vtrace[r->nvtrace - 1].step, 3);
    /* without a budget of its own: the default 2000 holds all ~3,000
     * iterations' rule points (1,000 dense + ~20 + failure + ends) */
    dh_result *full;
    o.trace_points = 0;
    assert_int_equal(dh_run(sc, &o, &full, &e), DH_OK);
    assert_false(full->trace_thinned);
    dh_result_free(full);
    dh_result_free(r);
    dh_scenario_free(sc);
}

/* 60 user-account logons on Server 2003: 3 + 60 = 63 desktops, 10 named
 * (WinSta0's three and the first stations: the highest peaks, ties to the
 * first), 53 unnamed: more than DH_PLOT_GREY_MAX (40), so they are one
 * block, the fullest of them at each point. Every station's desktop holds
 * the same (its own objects and the console service), so that block is
 * the rate of the last station's desktop, from x 8 on (the first unnamed
 * one opens with the 8th logon) to x 60. */
static void test_usage_aggregates_many_unnamed_desktops(void **state)
{
    (void)state;
    static const char json[] =
        "{\"name\": \"logons\", \"source\": \"test\", \"os\": "
        "\"win2003-x86\", \"steps\": ["
        "{\"action\": \"start_service\", \"name\": \"u\", \"account\": "
        "\"bob\", \"count\": 60}]}";
    run_t t = run_json(json, NULL);
    dh_plot_input in;
    assert_int_equal(dh_plot_usage(t.r, &in), DH_OK);
    assert_non_null(strstr(in.params, "ndesk = 63\nntitled = 10\n"
                                      "aggregated = 1\n"));
    assert_int_equal(blocks(in.data), 11);
    const char *agg = strstr(in.data, "# desktop (the fullest of the "
                                      "unnamed ones)\n");
    assert_non_null(agg);
    uint64_t rate = 0;
    for (size_t i = 0; i < t.r->final.nsessions; i++)
        for (size_t k = 0; k < t.r->final.sessions[i].ndesktops; k++) {
            const dh_desktop_rec *d = &t.r->final.sessions[i].desktops[k];
            if (strcmp(d->winsta, "Service-0x0-1003b$") == 0)
                rate = dh_used_tenths(d->used_bytes, d->heap_bytes);
        }
    assert_true(rate > 0);
    char first[64], last[64], pct[DH_TENTHS_LEN];
    snprintf(first, sizeof first, "unnamed ones)\n8 %s\n",
             dh_tenths_text(pct, rate));
    snprintf(last, sizeof last, "\n60 %s\n\n\n", dh_tenths_text(pct, rate));
    assert_non_null(strstr(agg, first));
    assert_non_null(strstr(agg, last));
    done(&t, &in);
}

/* Twelve user-account logons: twelve stations Service-0x0-10000$ ..
 * -1000b$ (first_logon_luid 0x10000), 3 + 12 = 15 desktops, 10 named;
 * then 600 KB charged to the last 512 KB heap: the first failure, at
 * applied 13 (12 iterations of step 1, then step 2), named in the legend. */
static void test_usage_names_failed_desktop_and_marks_it(void **state)
{
    (void)state;
    static const char json[] =
        "{\"name\": \"logons\", \"source\": \"test\", \"os\": "
        "\"win2003-x86\", \"steps\": ["
        "{\"action\": \"start_service\", \"name\": \"u\", \"account\": "
        "\"bob\", \"count\": 12},"
        "{\"action\": \"charge\", \"desktop\": "
        "\"Service-0x0-1000b$\\\\Default\", \"kb\": 600}]}";
    run_t t = run_json(json, NULL);
    dh_plot_input in;
    assert_int_equal(dh_plot_usage(t.r, &in), DH_OK);
    assert_int_equal(blocks(in.data), 15);
    assert_non_null(strstr(in.params, "ndesk = 15\nntitled = 10\n"));
    assert_non_null(strstr(in.params, "'0\\Service-0x0-1000b$\\Default'"));
    assert_non_null(strstr(in.params, "has_fail = 1\nfail_x = 13\n"));
    assert_non_null(strstr(in.params, "fail_what = 'desktop heap full: "
                                      "0\\Service-0x0-1000b$\\Default'"));
    /* The charge is rolled back: the heap holds its fresh objects (2128)
     * and the console service (3072): 5200 of 524288 = 1.0 %. */
    assert_non_null(strstr(in.params, "fail_y = 1.0\n"));
    assert_non_null(strstr(in.params, "xmax = 13\n"));
    done(&t, &in);
}

/* A quote in a scenario name is doubled in gnuplot's single quotes; a
 * leading one is joined as a string of its own. */
static void test_titles_quote_for_gnuplot(void **state)
{
    (void)state;
    static const char json[] =
        "{\"name\": \"Bob's run\", \"source\": \"test\", \"os\": "
        "\"winxp-x86\", \"steps\": [{\"action\": \"snapshot\", \"label\": "
        "\"s\"}]}";
    run_t t = run_json(json, "1024,3072,256");
    dh_plot_input in;
    assert_int_equal(dh_plot_usage(t.r, &in), DH_OK);
    assert_non_null(strstr(in.params, "plot_scenario = 'Bob''s run'\n"));
    assert_non_null(strstr(in.params, "plot_config = 'winxp-x86, "
                                      "SharedSection 1024,3072,256, session "
                                      "view space 48 MB'\n"));
    done(&t, &in);
    /* gnuplot takes no '' right after the opening quote: a leading quote
     * is a string of its own, joined with '.' */
    static const char lead[] =
        "{\"name\": \"'Quoted' run\", \"source\": \"test\", \"os\": "
        "\"winxp-x86\", \"steps\": [{\"action\": \"snapshot\", \"label\": "
        "\"s\"}]}";
    t = run_json(lead, NULL);
    assert_int_equal(dh_plot_usage(t.r, &in), DH_OK);
    assert_non_null(strstr(in.params, "plot_scenario = \"'\".'Quoted'' "
                                      "run'\n"));
    done(&t, &in);
}

static const char sweep_ok[] =
    "os,shared_section,noninteractive_kb,interactive_kb,session_view_mb,"
    "count,stopped_by,extra\n"
    "winxp-x86,\"1024,3072,256\",256,3072,48,8,desktop_heap,x\n"
    "win7-x64,\"1024,20480,256\",256,20480,,7,desktop_heap,y\n"
    "winxp-x86,\"1024,3072,512\",512,3072,48,24,desktop_heap,z\n";

static void test_table_sweep_ok_lists_oses_in_order(void **state)
{
    (void)state;
    dh_plot_input in;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_plot_table(sweep_ok, strlen(sweep_ok), "s.csv",
                                   "sweep", &in, &e), DH_OK);
    assert_non_null(strstr(in.params, "nrows = 3\nnos = 2\narray oses[2] = "
                                      "['winxp-x86', 'win7-x64']\n"));
    /* Two keys, two series: XP at 48 MB (its rows 1 and 3 joined, by 3rd
     * value), Windows 7 with no session_view_mb (dynamic, no cap). */
    assert_non_null(strstr(in.params, "nseries = 2\narray series[2] = "
                                      "['winxp-x86, view space 48 MB', "
                                      "'win7-x64, view space dynamic, no "
                                      "cap']\n"));
    const char *d = strstr(in.data, "# series 1");
    assert_non_null(d);
    assert_string_equal(d, "# series 1: winxp-x86, view space 48 MB\n"
                           "256 8\n512 24\n\n\n"
                           "# series 2: win7-x64, view space dynamic, no "
                           "cap\n256 7\n\n\n");
    dh_plot_input_free(&in);
}

static void expect_bad(const char *csv, const char *kind, int line,
                       const char *what)
{
    dh_plot_input in;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_plot_table(csv, strlen(csv), "x.csv", kind, &in, &e),
                     DH_EINPUT);
    assert_string_equal(e.file, "x.csv");
    assert_int_equal(e.line, line);
    if (strstr(e.text, what) == NULL)
        fail_msg("'%s' not in '%s'", what, e.text);
}

static void test_table_bad_input_names_line(void **state)
{
    (void)state;
    expect_bad("", "sweep", 1, "empty");
    expect_bad("os,count\nx,1\n", "sweep", 1, "column 2 is 'count', "
               "expected 'shared_section'");
    expect_bad("os,shared_section,noninteractive_kb,interactive_kb,"
               "session_view_mb,count,stopped_by\n", "sweep", 1, "no rows");
    expect_bad("os,shared_section,noninteractive_kb,interactive_kb,"
               "session_view_mb,count,stopped_by\n"
               "a,\"1,2\",256,3072,48,8,x\n"
               "a,\"1,2\",256,3072,48,8\n", "sweep", 3, "6 fields, the "
               "header 7");
    expect_bad("os,shared_section,noninteractive_kb,interactive_kb,"
               "session_view_mb,count,stopped_by\n"
               "a,\"1,2,256,3072,48,8,x\n", "sweep", 2, "not closed");
    expect_bad("os,interactive_kb,noninteractive_kb,winlogon_kb,"
               "disconnect_kb,view_size_kb,view_used_kb,fallback,"
               "first_failure_step,first_failure_kind,min_headroom_kb\n"
               "winxp-x86,3072,512,128,64,49152,lots,false,,,\n",
               "compare", 2, "view_used_kb: 'lots' is not a number");
}

/* Sweep marks: today's 3rd value as given; the smallest swept value of
 * the first OS (winxp-x86) with at least 40 repeats is 768 (41), not the
 * 1024 of the second OS's rows or 512 (24). */
static void test_sweep_marks_today_and_smallest_with_want(void **state)
{
    (void)state;
    static const char csv[] =
        "os,shared_section,noninteractive_kb,interactive_kb,session_view_mb,"
        "count,stopped_by\n"
        "winxp-x86,1024/3072/512,512,3072,48,24,desktop_heap\n"
        "winxp-x86,1024/3072/768,768,3072,48,41,desktop_heap\n"
        "winxp-x86,1024/3072/1024,1024,3072,48,57,desktop_heap\n"
        "win7-x64,1024/20480/512,512,20480,0,45,desktop_heap\n";
    dh_plot_input in = {NULL, NULL};
    assert_int_equal(dh_plot_sweep_marks(csv, strlen(csv), 512, 40, &in),
                     DH_OK);
    assert_non_null(strstr(in.params, "today_kb = 512\nwant = 40\n"
                                      "rec_kb = 768\n"));
    dh_plot_input_free(&in);
    /* Nothing reaches 100: no mark. */
    assert_int_equal(dh_plot_sweep_marks(csv, strlen(csv), 512, 100, &in),
                     DH_OK);
    assert_non_null(strstr(in.params, "rec_kb = 0\n"));
    dh_plot_input_free(&in);
}

/* The sweep chart from the planning result in memory: seed comment 49's
 * service children fit 8, 24 and 57 times at 256, 512 and 1024 KB (the
 * seed's numbers); with want 24 the smallest is 512; the OS list is the
 * scenario's one profile; no CSV is read. */
static void test_plot_sweep_from_memory(void **state)
{
    (void)state;
    dh_scenario *sc = NULL;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_file(
                         "scenarios/comment49-service-children.json", &sc, &e),
                     DH_OK);
    dh_ss_point *ss = NULL;
    size_t nss = 0;
    assert_int_equal(dh_sweep_parse_shared("256,512,1024", &ss, &nss, &e),
                     DH_OK);
    dh_run_options o;
    memset(&o, 0, sizeof o);
    o.grow_label = "child processes";
    const char *os[] = {sc->os};
    dh_sweep *sw = NULL;
    assert_int_equal(dh_sweep_run(sc, &o, os, 1, ss, nss, NULL, 0, NULL, NULL,
                                  &sw, &e), DH_OK);
    dh_plot_input in = {NULL, NULL};
    assert_int_equal(dh_plot_sweep(sw, "dir/c49.json", 512, 24, &in), DH_OK);
    const char *d = strstr(in.data, "# series 1");
    assert_non_null(d);
    assert_string_equal(d, "# series 1: winxp-x86, view space 48 MB\n"
                           "256 8\n512 24\n1024 57\n\n\n");
    assert_non_null(strstr(in.params, "nseries = 1\n"));
    assert_non_null(strstr(in.params, "sweep_ylabel = 'repeats of ''child "
                                      "processes'' that succeeded before the "
                                      "first failure'\n"));
    assert_non_null(strstr(in.params, "from c49.json (3 rows)"));
    assert_non_null(strstr(in.params, "nos = 1\narray oses[1] = "
                                      "['winxp-x86']\n"));
    assert_non_null(strstr(in.params, "today_kb = 512\nwant = 24\n"
                                      "rec_kb = 512\n"));
    dh_plot_input_free(&in);
    dh_sweep_free(sw);
    free(ss);
    dh_scenario_free(sc);
}

/* The compare chart in memory, seed comment 49's children on XP and
 * Windows 7 x64 (one row per profile, in the order asked, the first at
 * the top). XP (scenario description): the 512 KB 3rd value holds the
 * fresh desktop's 2128 bytes, the other services' 122752, the service's
 * 9216 and 24 children of 15880 (the 25th does not fit): 515216 of 524288
 * = 98.3 %, the heap of the failure. View space: shared 1024 + WinSta0's
 * 3072 + 64 + 128 + the 512 KB station heap = 4800 KB of 48 MB. Windows 7
 * x64 (KB 947246): a 768 KB heap, so more children; dynamic view space
 * with no cap, drawn as what it used: 1024 + 20480 + Disconnect 96 in two
 * 64 KB granules (128) + Winlogon 192 + 768 = 22592 KB. */
static void test_plot_compare_from_memory(void **state)
{
    (void)state;
    dh_scenario *sc = NULL;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_file(
                         "scenarios/comment49-service-children.json", &sc, &e),
                     DH_OK);
    const char *os[] = {"winxp-x86", "win7-x64"};
    dh_run_options o;
    memset(&o, 0, sizeof o);
    dh_compare *c = NULL;
    assert_int_equal(dh_compare_run(sc, &o, os, 2, &c, &e), DH_OK);
    dh_plot_input in = {NULL, NULL};
    assert_int_equal(dh_plot_compare(c, "dir/c49.json", &in), DH_OK);
    /* y cap cap_colour heap_pct heap_colour view_used_kb view_size_kb
     * dynamic; 0xe15759 (a desktop heap stopped it) = 14767961 */
    assert_non_null(strstr(in.data, "\n2 24 14767961 98.3 14767961 4800 "
                                    "49152 0\n1 "));
    assert_non_null(strstr(in.data, " 22592 0 1\n"));
    assert_non_null(strstr(in.params, "nrows = 2\nnos = 2\narray oses[2] = "
                                      "['winxp-x86', 'win7-x64']\n"));
    assert_non_null(strstr(in.params, "array rowname[2] = ['winxp-x86', "
                                      "'win7-x64']\n"));
    assert_non_null(strstr(in.params, "array captext[2] = ['24: desktop heap "
                                      "full', '"));
    assert_non_null(strstr(in.params, "array heaptext[2] = ['98.3 % of 512 "
                                      "KB', '"));
    assert_non_null(strstr(in.params, "% of 768 KB']\n"));
    assert_non_null(strstr(in.params, "array viewtext[2] = ['4.6 of 48.0 "
                                      "MB', '22.0 MB dynamic']\n"));
    assert_non_null(strstr(in.params, "heap_title = 'fullest heap: "
                                      "0\\Service-0x0-3e7$\\Default'\n"));
    assert_non_null(strstr(in.params, "cap_title = 'repeats of ''child "
                                      "processes'' that succeeded'\n"));
    assert_non_null(strstr(in.params, "plot_scenario = 'A LocalSystem "
                                      "service starting child processes"));
    /* Windows 7 x64 fits more children in its larger heap */
    unsigned long long cap7 = 0;
    const char *w7 = strstr(in.data, " 49152 0\n1 ");
    assert_non_null(w7);
    assert_int_equal(sscanf(w7 + strlen(" 49152 0\n1 "), "%llu", &cap7), 1);
    assert_true(cap7 > 24);
    dh_plot_input_free(&in);
    dh_compare_free(c);
    dh_scenario_free(sc);
}

/* Another workload, another chart: one user-account logon after another
 * (at most 100), no starting load. Each logon is a station with a 512 KB
 * heap (3rd value) in 512 KB of view space. XP: 48 MB less shared 1024,
 * WinSta0's 3072 + 64 + 128 = 44864 KB hold 87 (the 88th: Event 244);
 * Windows 2000 Terminal Services: 20 MB, no Disconnect desktop: 20480 -
 * 4224 = 16256 KB hold 31; Windows 7 x64: dynamic, all 100 fit (the
 * repeat limit), 1024 + 20480 + 128 + 192 + 100 x 768 = 98624 KB used. */
static const char logons[] =
    "{\"name\": \"logons\", \"source\": \"test\", \"os\": \"win2003-x86\", "
    "\"assumptions\": {\"start_load\": false}, \"steps\": ["
    "{\"action\": \"start_service\", \"name\": \"u\", \"account\": \"bob\", "
    "\"kind\": \"console\", \"repeat_until_failure\": true, \"count\": 100, "
    "\"label\": \"logons\"}]}";

static void test_plot_compare_shows_the_workload(void **state)
{
    (void)state;
    dh_scenario *sc = NULL;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_buffer(logons, strlen(logons), "l.json",
                                             &sc, &e), DH_OK);
    const char *os[] = {"winxp-x86", "win2000-ts", "win7-x64"};
    dh_run_options o;
    memset(&o, 0, sizeof o);
    dh_compare *c = NULL;
    assert_int_equal(dh_compare_run(sc, &o, os, 3, &c, &e), DH_OK);
    dh_plot_input in = {NULL, NULL};
    assert_int_equal(dh_plot_compare(c, "l.json", &in), DH_OK);
    /* 0x4e79a7 (view space stopped it) = 5142951, 0x59a14f (no failure)
     * = 5873999 */
    assert_non_null(strstr(in.data, "\n3 87 5142951 "));
    assert_non_null(strstr(in.data, " 48832 49152 0\n2 31 5142951 "));
    assert_non_null(strstr(in.data, " 20096 20480 0\n1 100 5873999 "));
    assert_non_null(strstr(in.data, " 98624 0 1\n"));
    assert_non_null(strstr(in.params, "array captext[3] = ['87: view space "
                                      "full', '31: view space full', '100: "
                                      "repeat limit']\n"));
    /* 48832 KB = 47.6 MB, 20096 = 19.6, 98624 = 96.3 (tenths, down) */
    assert_non_null(strstr(in.params, "array viewtext[3] = ['47.6 of 48.0 "
                                      "MB', '19.6 of 20.0 MB', '96.3 MB "
                                      "dynamic']\n"));
    assert_non_null(strstr(in.params, "cap_title = 'repeats of ''logons'' "
                                      "that succeeded'\n"));
    assert_non_null(strstr(in.params, "plot_scenario = 'logons'\n"));
    /* 100 / 31 < 20: a linear count axis; the legend: both outcomes */
    assert_non_null(strstr(in.params, "cap_max = 100\ncap_log = 0\n"));
    assert_non_null(strstr(in.params, "noutcomes = 2\n"));
    assert_non_null(strstr(in.params, "view_fixed = 1\nview_dynamic = 1\n"
                                      "view_cap = 0\n"));
    dh_plot_input_free(&in);
    dh_compare_free(c);
    dh_scenario_free(sc);
}

/* The compare CSV draws what it has: view space and the first failure,
 * no count or peak (NaN: no bar). */
static void test_table_compare_csv_rows(void **state)
{
    (void)state;
    static const char csv[] =
        "os,interactive_kb,noninteractive_kb,winlogon_kb,disconnect_kb,"
        "view_size_kb,view_used_kb,fallback,first_failure_step,"
        "first_failure_kind,min_headroom_kb\n"
        "winxp-x86,3072,512,128,64,49152,4800,0,3.25,desktop_heap,8\n"
        "win7-x64,20480,768,192,96,0,22592,0,,,41\n";
    dh_plot_input in;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_plot_table(csv, strlen(csv), "c.csv", "compare", &in,
                                   &e), DH_OK);
    assert_string_equal(strstr(in.data, "\n2 "), "\n2 NaN 14767961 NaN "
                        "9215925 4800 49152 0\n1 NaN 5873999 NaN 9215925 "
                        "22592 0 1\n");
    assert_non_null(strstr(in.params, "array captext[2] = ['fails at 3.25: "
                                      "desktop heap', 'no failure']\n"));
    assert_non_null(strstr(in.params, "array heaptext[2] = ['8 KB left', "
                                      "'41 KB left']\n"));
    assert_non_null(strstr(in.params, "has_caps = 0\nhas_pcts = 0\n"));
    dh_plot_input_free(&in);
}

/* Sweep with two SessionViewSize values (20, 48 MB) on Server 2003: one
 * series each, never one line. Per logon, a station heap of the 3rd value
 * in as much view space; free: 20480 - 4288 = 16192 KB holds 63 of 256 KB
 * and 31 of 512; 49152 - 4288 = 44864 holds 175 and 87. */
static void test_plot_sweep_one_series_per_view_size(void **state)
{
    (void)state;
    static const char json[] =
        "{\"name\": \"logons\", \"source\": \"test\", \"os\": \"win2003-x86\", "
        "\"assumptions\": {\"start_load\": false}, \"steps\": ["
        "{\"action\": \"start_service\", \"name\": \"u\", \"account\": "
        "\"bob\", \"kind\": \"console\", \"repeat_until_failure\": true, "
        "\"label\": \"logons\"}]}";
    dh_scenario *sc = NULL;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "l.json",
                                             &sc, &e), DH_OK);
    dh_ss_point *ss = NULL;
    size_t nss = 0;
    assert_int_equal(dh_sweep_parse_shared("256,512", &ss, &nss, &e), DH_OK);
    const uint64_t svs[] = {20, 48};
    dh_run_options o;
    memset(&o, 0, sizeof o);
    o.grow_label = "logons";
    const char *os[] = {sc->os};
    dh_sweep *sw = NULL;
    assert_int_equal(dh_sweep_run(sc, &o, os, 1, ss, nss, svs, 2, NULL, NULL,
                                  &sw, &e), DH_OK);
    dh_plot_input in = {NULL, NULL};
    assert_int_equal(dh_plot_sweep(sw, "l.json", 512, 0, &in), DH_OK);
    assert_string_equal(strstr(in.data, "# series 1"),
                        "# series 1: win2003-x86, view space 20 MB\n"
                        "256 63\n512 31\n\n\n"
                        "# series 2: win2003-x86, view space 48 MB\n"
                        "256 175\n512 87\n\n\n");
    assert_non_null(strstr(in.params, "nseries = 2\narray series[2] = "
                                      "['win2003-x86, view space 20 MB', "
                                      "'win2003-x86, view space 48 MB']\n"));
    dh_plot_input_free(&in);
    dh_sweep_free(sw);
    free(ss);
    dh_scenario_free(sc);
}

/* A key swept twice (two SessionViewSize values Windows 7 x64 ignores:
 * dynamic both times) is two series, the second numbered; rows of one
 * key apart in the CSV are one series, drawn by 3rd value; the marks
 * read the first series only (its 40 at 768, not the second's 1024). */
static void test_table_sweep_key_twice_two_series(void **state)
{
    (void)state;
    static const char csv[] =
        "os,shared_section,noninteractive_kb,interactive_kb,session_view_mb,"
        "count,stopped_by\n"
        "win7-x64,a,512,20480,0,21,desktop_heap\n"
        "win7-x64,b,256,20480,0,7,desktop_heap\n"
        "win7-x64,c,768,20480,0,40,desktop_heap\n"
        "win7-x64,d,256,20480,0,6,desktop_heap\n"
        "win7-x64,e,1024,20480,0,50,desktop_heap\n";
    dh_plot_input in;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_plot_table(csv, strlen(csv), "k.csv", "sweep", &in,
                                   &e), DH_OK);
    assert_string_equal(strstr(in.data, "# series 1"),
                        "# series 1: win7-x64, view space dynamic, no cap\n"
                        "256 7\n512 21\n768 40\n1024 50\n\n\n"
                        "# series 2: win7-x64, view space dynamic, no cap "
                        "(2)\n256 6\n\n\n");
    assert_int_equal(dh_plot_sweep_marks(csv, strlen(csv), 512, 40, &in),
                     DH_OK);
    assert_non_null(strstr(in.params, "rec_kb = 768\n"));
    dh_plot_input_free(&in);
}

/* The fragmentation lesson: the heap filled to 160 bytes (524128 of
 * 524288: 100.0 %), then 1,297 windows of 200 bytes close: 264728 left,
 * 50.5 %; the drop is at the 4th step's point, x = 1 + 2593 + 1 + 1 =
 * 2596, and the dialog fails after it (x 2598) at 50.5 %. The notes: the
 * failure in red (two lines), the drop in black (wrapped at 120). */
static void test_usage_marks_the_drop(void **state)
{
    (void)state;
    run_t f = run_file("scenarios/fragmentation.json");
    dh_plot_input in;
    assert_int_equal(dh_plot_usage(f.r, &in), DH_OK);
    assert_non_null(strstr(in.params, "has_fail = 1\nfail_x = 2598\n"));
    assert_non_null(strstr(in.params, "fail_y = 50.5\n"));
    assert_non_null(strstr(in.params, "has_drop = 1\ndrop_x = 2596\n"
                                      "drop_from = 100.0\ndrop_to = 50.5\n"));
    assert_non_null(strstr(in.params, "drop_note = 'the drop, the black "
                                      "arrow: at step 4 (every other window "
                                      "closes), 0\\Service-0x0-3e7$\\Default "
                                      "falls from 100.0 % to 50.5 % used'\n"));
    assert_non_null(strstr(in.params, "nnotes = 4\n"));
    assert_non_null(strstr(in.params, "array note_colour[4] = ['#c00000', "
                                      "'#c00000', '#222222', '#222222']\n"));
    assert_non_null(strstr(in.params, "'first failure: step 6.1 (a dialog), "
                                      "the red line and dot: desktop heap "
                                      "fragmented: 0\\Service-0x0-3e7$\\"
                                      "Default', '    Event 243, "));
    done(&f, &in);
    /* No fall of 10 points: no drop, no notes. */
    run_t t = run_json(two_stations, NULL);
    assert_int_equal(dh_plot_usage(t.r, &in), DH_OK);
    assert_non_null(strstr(in.params, "has_drop = 0\n"));
    assert_non_null(strstr(in.params, "nnotes = 0\n"));
    done(&t, &in);
}

/* The leak lesson: the heap climbs to full (the failure: what is left is
 * less than one window and its 1024-byte leak, < 0.05 % of 3072 KB), then
 * iexplore ends (step 7, no label: its action and name) and the heap is
 * back at the 10 % charged before IE. */
static void test_usage_marks_the_leak_drop(void **state)
{
    (void)state;
    run_t t = run_file("scenarios/ie7-leak-comment71.json");
    dh_plot_input in;
    assert_int_equal(dh_plot_usage(t.r, &in), DH_OK);
    char want[64];
    snprintf(want, sizeof want, "has_drop = 1\ndrop_x = %llu\n",
             (unsigned long long)t.r->steps_applied);
    assert_non_null(strstr(in.params, want));
    assert_non_null(strstr(in.params, "drop_from = 100.0\ndrop_to = 10.0\n"));
    assert_non_null(strstr(in.params, "at step 7 (stop_process iexplore), "
                                      "0\\WinSta0\\Default falls"));
    done(&t, &in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_viewspace_rows_by_hand),
        cmocka_unit_test(test_viewspace_marks_3gb_fallback),
        cmocka_unit_test(test_usage_blocks_by_hand),
        cmocka_unit_test(test_usage_names_failed_desktop_and_marks_it),
        cmocka_unit_test(test_trace_closed_desktop_ends_its_curve),
        cmocka_unit_test(test_compact_trace_equals_full_trace),
        cmocka_unit_test(test_usage_aggregates_many_unnamed_desktops),
        cmocka_unit_test(test_trace_point_budget_keeps_failure_and_end),
        cmocka_unit_test(test_titles_quote_for_gnuplot),
        cmocka_unit_test(test_table_sweep_ok_lists_oses_in_order),
        cmocka_unit_test(test_table_bad_input_names_line),
        cmocka_unit_test(test_sweep_marks_today_and_smallest_with_want),
        cmocka_unit_test(test_plot_sweep_from_memory),
        cmocka_unit_test(test_plot_compare_from_memory),
        cmocka_unit_test(test_plot_compare_shows_the_workload),
        cmocka_unit_test(test_table_compare_csv_rows),
        cmocka_unit_test(test_plot_sweep_one_series_per_view_size),
        cmocka_unit_test(test_table_sweep_key_twice_two_series),
        cmocka_unit_test(test_usage_marks_the_drop),
        cmocka_unit_test(test_usage_marks_the_leak_drop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

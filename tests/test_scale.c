/*
 * test_scale.c — what the farm-scale work must not change: the heap trace
 * replays to the same blocks through dh_heap_* alone, processes found by
 * name after slots are recycled are the most recent running ones, and the
 * step lines come out as dh_json_path_line gives them.
 */
#include "testutil.h"
#include "alloc/deskheap_layout.h" /* the heap by value and its layout */

#include <stdio.h>

static dh_result *run_json(const char *json, dh_run_options *o)
{
    dh_scenario *sc = NULL;
    dh_result *r = NULL;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "t.json",
                                             &sc, &e), DH_OK);
    assert_int_equal(dh_run(sc, o, &r, &e), DH_OK);
    r->scenario = NULL;
    dh_scenario_free(sc);
    return r;
}

/* Two sessions, windows made and destroyed, a process stopped, a per-logon
 * service started and stopped (its desktop closes), a window that fails. */
static const char traced[] =
    "{\"name\":\"t\",\"source\":\"test\",\"os\":\"winxp-x86\",\n"
    " \"registry\":{\"shared_section\":\"1024,3072,128\"},\n"
    " \"steps\":[\n"
    "  {\"action\":\"logon_session\",\"session\":1},\n"
    "  {\"action\":\"start_process\",\"name\":\"a\",\"session\":1,"
    "\"kind\":\"gui\"},\n"
    "  {\"action\":\"create_windows\",\"process\":\"a\",\"count\":50,"
    "\"title_chars\":20,\"props\":2},\n"
    "  {\"action\":\"destroy_windows\",\"process\":\"a\","
    "\"which\":\"every_other\"},\n"
    "  {\"action\":\"start_service\",\"name\":\"s\",\"account\":\"D\\\\u\","
    "\"kind\":\"service\"},\n"
    "  {\"action\":\"create_windows\",\"process\":\"s\",\"count\":2000,"
    "\"bytes_each\":100},\n"
    "  {\"action\":\"stop_service\",\"name\":\"s\"},\n"
    "  {\"action\":\"stop_process\",\"name\":\"a\"}]}";

static void test_heap_trace_replays_to_the_same_blocks(void **st)
{
    (void)st;
    dh_heap_trace t = {0};
    dh_run_options o = {.heap_trace = &t};
    dh_result *r = run_json(traced, &o);
    assert_true(r->first_failure.happened); /* the 128 KB heap fills */
    assert_false(t.oom);
    assert_true(t.nheaps >= 7);
    dh_heap *h = calloc(t.nheaps, sizeof *h);
    size_t allocs = 0, releases = 0, closes = 0, failed = 0;
    for (size_t i = 0; i < t.nops; i++) {
        const dh_heap_trace_rec *x = &t.ops[i];
        dh_block b;
        dh_heap_outcome why;
        assert_true(x->heap < t.nheaps);
        if (x->op == DH_HT_OPEN) {
            assert_int_equal(dh_heap_init(&h[x->heap], &t.heaps[x->heap],
                                          NULL), DH_OK);
        } else if (x->op == DH_HT_ALLOC) {
            assert_int_equal(dh_heap_alloc(&h[x->heap], x->request, &b,
                                           &why), DH_OK);
            assert_int_equal(why == DH_HEAP_OK ? b : DH_BLOCK_NONE,
                             x->block);
            allocs++;
            failed += x->block == DH_BLOCK_NONE;
        } else if (x->op == DH_HT_RELEASE) {
            dh_heap_release(&h[x->heap], x->block);
            releases++;
        } else {
            assert_true(dh_heap_check(&h[x->heap]));
            dh_heap_free(&h[x->heap]);
            memset(&h[x->heap], 0, sizeof h[x->heap]);
            closes++;
        }
    }
    assert_true(allocs > 2000 && releases > 25 && closes >= 1);
    assert_true(failed >= 1);
    /* What is still open agrees with the run's final snapshot. */
    const dh_session_rec *s1 = &r->final.sessions[1];
    assert_int_equal(s1->id, 1);
    assert_int_equal(s1->ndesktops, 3);
    for (size_t d = 0; d < s1->ndesktops; d++) {
        const dh_desktop_rec *dr = &s1->desktops[d];
        dh_heap_stats hs;
        dh_heap_get_stats(&h[dr->world_index], &hs);
        assert_int_equal(hs.busy_blocks, dr->busy_blocks);
        assert_int_equal(hs.free, dr->free_bytes);
    }
    for (size_t i = 0; i < t.nheaps; i++)
        dh_heap_free(&h[i]);
    free(h);
    dh_heap_trace_free(&t);
    dh_result_free(r);
}

static void test_no_trace_by_default_gives_the_same_result(void **st)
{
    (void)st;
    dh_heap_trace t = {0};
    dh_run_options o = {.heap_trace = &t}, plain = {0};
    dh_result *a = run_json(traced, &o), *b = run_json(traced, &plain);
    char *ta, *tb;
    assert_int_equal(dh_report_json(a, &ta), DH_OK);
    assert_int_equal(dh_report_json(b, &tb), DH_OK);
    assert_string_equal(ta, tb);
    free(ta);
    free(tb);
    dh_heap_trace_free(&t);
    dh_result_free(a);
    dh_result_free(b);
}

/* Three "w" started, each gets windows; stop_process stops the newest;
 * the next windows go to the newest still running. Slots of stopped ones
 * are reused by later starts without changing whom a name finds. */
static void test_recycled_slots_keep_most_recent_running(void **st)
{
    (void)st;
    char json[8192];
    int n = snprintf(json, sizeof json,
        "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win7-x64\",\n"
        " \"steps\":[\n");
    for (int i = 0; i < 20; i++) /* churn: 20 x (start 5, stop 5) */
        n += snprintf(json + n, sizeof json - (size_t)n,
            "  {\"action\":\"start_process\",\"name\":\"w\",\"count\":5},\n"
            "  {\"action\":\"stop_process\",\"name\":\"w\",\"count\":5},\n");
    snprintf(json + n, sizeof json - (size_t)n,
        "  {\"action\":\"start_process\",\"name\":\"w\",\"count\":3,"
        "\"kind\":\"gui\"},\n"
        "  {\"action\":\"create_windows\",\"process\":\"w\",\"count\":7},\n"
        "  {\"action\":\"stop_process\",\"name\":\"w\"},\n"
        "  {\"action\":\"create_windows\",\"process\":\"w\",\"count\":4},\n"
        "  {\"action\":\"start_process\",\"name\":\"x\",\"parent\":\"w\"},\n"
        "  {\"action\":\"stop_process\",\"name\":\"w\",\"count\":2},\n"
        "  {\"action\":\"create_windows\",\"process\":\"w\"}]}");
    dh_run_options o = {0};
    dh_result *r = run_json(json, &o);
    const dh_session_rec *s0 = &r->final.sessions[0];
    const dh_desktop_rec *def = NULL;
    for (size_t i = 0; i < s0->ndesktops; i++)
        if (!strcmp(s0->desktops[i].desktop, "Default"))
            def = &s0->desktops[i];
    assert_non_null(def);
    /* Only x runs at the end: w's windows went with w. */
    assert_int_equal(def->nconsumers, 2);
    bool x = false;
    for (size_t i = 0; i < def->nconsumers; i++)
        if (!strcmp(def->consumers[i].name, "x")) {
            x = true;
            assert_int_equal(def->consumers[i].processes, 1);
        }
    assert_true(x);
    /* The last create_windows found no running w: a note, no error. */
    bool skipped = false;
    for (size_t i = 0; i < r->nnotes; i++)
        skipped |= strstr(r->notes[i].text, "'w' is not running") != NULL;
    assert_true(skipped);
    dh_result_free(r);
}

static void test_stopped_process_name_is_still_known(void **st)
{
    (void)st;
    static const char json[] =
        "{\"name\":\"t\",\"source\":\"test\",\"os\":\"win7-x64\",\n"
        " \"steps\":[\n"
        "  {\"action\":\"start_process\",\"name\":\"w\"},\n"
        "  {\"action\":\"stop_process\",\"name\":\"w\"},\n"
        "  {\"action\":\"create_windows\",\"process\":\"w\"},\n"
        "  {\"action\":\"create_windows\",\"process\":\"nobody\"}]}";
    dh_scenario *sc = NULL;
    dh_result *r = NULL;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "t.json",
                                             &sc, &e), DH_OK);
    assert_int_equal(dh_run(sc, NULL, &r, &e), DH_EINPUT);
    assert_int_equal(e.line, 6); /* the unknown one, not the stopped one */
    assert_non_null(strstr(e.text, "nobody"));
    dh_scenario_free(sc);
}

static void test_array_lines_match_path_lines(void **st)
{
    (void)st;
    static const char text[] =
        "{\"a\": 1,\n \"steps\": [ {\"x\": [1,\n 2]}, \"s\\\"]\",\n\n"
        "  3, {\"y\": {}}\n ]}";
    int lines[5];
    dh_json_array_lines(text, strlen(text), "$.steps", lines, 5);
    for (int i = 0; i < 4; i++) {
        char p[32];
        snprintf(p, sizeof p, "$.steps[%d]", i);
        assert_int_equal(lines[i], dh_json_path_line(text, strlen(text), p));
    }
    assert_int_equal(lines[0], 2);
    assert_int_equal(lines[2], 5);
    assert_int_equal(lines[3], 5);
    assert_int_equal(lines[4], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_trace_replays_to_the_same_blocks),
        cmocka_unit_test(test_no_trace_by_default_gives_the_same_result),
        cmocka_unit_test(test_recycled_slots_keep_most_recent_running),
        cmocka_unit_test(test_stopped_process_name_is_still_known),
        cmocka_unit_test(test_array_lines_match_path_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

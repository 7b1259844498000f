/*
 * test_reports.c — the reporters (text, JSON, CSV, profiles, SharedSection
 * explanation) on a result built by hand, so only formatting is tested.
 * Expected lines and percentages are worked out by hand in the comments.
 */
#include "testrun.h"

#include <jansson.h>

/* ------------------------------------------------------------ fixtures */

static dh_scenario scenario = {
    .file = "tests/hand.json", .name = "test, scenario",
    .source = "by hand",
};

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    assert_non_null(p);
    return p;
}

static void set_desktop(dh_desktop_rec *d, const char *winsta,
                        const char *desktop, uint64_t heap, uint64_t used,
                        dh_heap_rule rule)
{
    d->winsta = xstrdup(winsta);
    d->desktop = xstrdup(desktop);
    d->heap_bytes = heap;
    d->used_bytes = used;
    d->view_bytes = heap; /* both are multiples of 64 KB */
    d->rule = rule;
}

/* Session 0 of the seed's first dheapmon table, cut to two desktops:
 * 179306 / 3145728 = 5.69998 % -> 5.7; 79167 / 524288 = 15.0999 % -> 15.1.
 * View: shared 1024 + other 256 + 3072 + 512 = 4864 KB of 48 MB. */
static void fill_snapshot(dh_snapshot *s, const char *label, size_t step)
{
    s->label = label ? xstrdup(label) : NULL;
    s->step = step;
    s->nsessions = 1;
    s->sessions = calloc(1, sizeof *s->sessions);
    assert_non_null(s->sessions);
    dh_session_rec *sr = &s->sessions[0];
    sr->id = 0;
    sr->view_size = MB(48);
    sr->view_used = KB(4864);
    sr->view_extent = KB(4864);
    sr->other_bytes = KB(256);
    sr->shared_heap_bytes = KB(1024);
    sr->total_desktop_bytes = KB(3072) + KB(512);
    sr->ndesktops = 2;
    sr->desktops = calloc(2, sizeof *sr->desktops);
    assert_non_null(sr->desktops);
    set_desktop(&sr->desktops[0], "WinSta0", "Default", 3145728, 179306,
                DH_RULE_INTERACTIVE);
    set_desktop(&sr->desktops[1], "Service-0x0-3e7$", "Default", 524288,
                79167, DH_RULE_NONINTERACTIVE);
}

static void configure(dh_result *r, const char *os, bool override_other)
{
    dh_registry reg;
    dh_assumptions a;
    dh_error err;
    dh_error_clear(&err);
    dh_registry_default(&reg);
    dh_assumptions_default(&a);
    if (override_other)
        assert_int_equal(dh_assumption_set(&a, DH_A_OTHER, 256, &err), DH_OK);
    assert_int_equal(dh_config_resolve(dh_profile_find(os), &reg, &a,
                                       &r->config, &err), DH_OK);
    r->scenario = &scenario;
}

static void add_event(dh_result *r, dh_event_kind kind, int id,
                      const char *text)
{
    dh_event *e = &r->events[r->nevents++];
    e->step = 3;
    e->iteration = 7;
    e->kind = kind;
    e->event_id = id;
    e->session = 0;
    e->winsta = xstrdup("WinSta0");
    e->desktop = xstrdup("Default");
    e->process = xstrdup("app.exe");
    e->text = xstrdup(text);
    r->failures[kind]++;
    if (id == 243)
        r->logged_243++; /* an Event 243 in the list is one Windows logged */
}

static void add_trace(dh_result *r, size_t step, const char *label,
                      const char *winsta, const char *desktop, uint64_t heap,
                      uint64_t used)
{
    dh_trace_row *t = &r->trace[r->ntrace++];
    t->step = step;
    t->label = label;
    t->session = 0;
    t->winsta = xstrdup(winsta);
    t->desktop = xstrdup(desktop);
    t->heap_bytes = heap;
    t->used_bytes = used;
}

/* Used rates through the CSV, each worked out by hand:
 *  1 / 1 MB = 0.0001 % -> 0.0;   95 / 1000 = 9.5 %;
 *  1 / 2000 = 0.05 % (a half) -> 0.1;   1 / 2001 = 0.04998 % -> 0.0;
 *  1024 / 1024 -> 100.0;   a heap of 0 -> 0.0. */
static void fill_trace(dh_result *r)
{
    r->trace = calloc(8, sizeof *r->trace);
    assert_non_null(r->trace);
    r->captrace = 8;
    add_trace(r, 1, NULL, "WinSta0", "Default", 3145728, 179306);
    add_trace(r, 2, "a, \"b\"", "WinSta0", "Default", 3145728, 179306);
    add_trace(r, 2, "plain", "WinSta0", "x,y", 1048576, 1);
    add_trace(r, 3, NULL, "S", "D", 1000, 95);
    add_trace(r, 3, NULL, "S", "D", 2000, 1);
    add_trace(r, 3, NULL, "S", "D", 2001, 1);
    add_trace(r, 3, NULL, "S", "D", 1024, 1024);
    add_trace(r, 3, NULL, "S", "D", 0, 0);
}

static dh_result *sample_result(void)
{
    dh_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    configure(r, "win2003-x86", true);
    fill_snapshot(&r->final, "final", 4);
    r->snapshots = calloc(1, sizeof *r->snapshots);
    assert_non_null(r->snapshots);
    r->nsnapshots = r->capsnapshots = 1;
    fill_snapshot(&r->snapshots[0], NULL, 2);
    r->events = calloc(2, sizeof *r->events);
    assert_non_null(r->events);
    r->capevents = 2;
    add_event(r, DH_EV_EVENTLOG_243, 243, "A desktop heap allocation failed.");
    add_event(r, DH_EV_CHARGE_FAILED, 0, "charge of 9216 bytes failed");
    dh_failure *f = &r->first_failure;
    f->happened = true;
    f->step = 3;
    f->iteration = 7;
    f->label = xstrdup("fill, up");
    f->kind = "desktop_heap";
    f->winsta = xstrdup("WinSta0");
    f->desktop = xstrdup("Default");
    f->process = xstrdup("app.exe");
    f->symptom = "desktop heap allocation failed";
    f->need_bytes = 9216;
    f->free_bytes = 100;
    r->repeats = calloc(1, sizeof *r->repeats);
    assert_non_null(r->repeats);
    r->nrepeats = r->caprepeats = 1;
    r->repeats[0] = (dh_repeat_result){xstrdup("loop"), 3, 6, "desktop_heap", NULL};
    r->notes = calloc(1, sizeof *r->notes);
    assert_non_null(r->notes);
    r->nnotes = r->capnotes = 1;
    r->notes[0] = (dh_note){xstrdup("a note"), "seed"};
    fill_trace(r);
    r->steps_applied = 10;
    return r;
}

/* A dynamic (win7-x64) session that fell back, stopped by view space. */
static dh_result *dynamic_result(void)
{
    dh_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    configure(r, "win7-x64", false);
    fill_snapshot(&r->final, "final", 1);
    dh_session_rec *s = &r->final.sessions[0];
    s->view_dynamic = true;
    s->view_size = 0;
    s->view_extent = KB(8192);
    s->fallback = true;
    dh_failure *f = &r->first_failure;
    f->happened = true;
    f->step = 1;
    f->iteration = 1;
    f->kind = "view_space";
    f->session = 0;
    f->winsta = xstrdup("WinSta0");
    f->desktop = xstrdup("Big");
    f->symptom = "CreateDesktop returned NULL";
    f->need_bytes = KB(3072);
    f->free_bytes = KB(1024);
    return r;
}

static void assert_has(const char *text, const char *want)
{
    if (strstr(text, want) == NULL)
        print_message("missing:\n%s\n--- in:\n%s\n", want, text);
    assert_non_null(strstr(text, want));
}

/* ------------------------------------------------------------ text */

static void test_text_header_and_table(void **state)
{
    (void)state;
    dh_result *r = sample_result();
    char *t = NULL;
    assert_int_equal(dh_report_text(r, &t), DH_OK);
    assert_non_null(t);
    assert_int_equal(strncmp(t, "dheapsim: test, scenario\n", 25), 0);
    assert_has(t, "\nOS: win2003-x86 - Windows Server 2003 (x86)\n");
    assert_has(t, "\nSharedSection: 1024,3072,512 -> shared 1024 KB, "
                  "interactive 3072 KB, non-interactive 512 KB "
                  "(profile default)\n");
    assert_has(t, "\nSession view space: 48 MB (SessionViewSize as shipped");
    assert_has(t, "\n/3GB: off   DesktopHeapLogging: on\n\n");
    /* 3072 + 512 = 3584 KB, dheapmon's widths %4u, %6llu, %4zu. */
    assert_has(t, "\n  Session ID:    0 Total Desktop: (  3584 KB -    2 "
                  "desktops)\n\n");
    assert_has(t, "\n  WinStation\\Desktop            Heap Size(KB)    "
                  "Used Rate(%)\n");
    /* %-30s%9llu%17s: 15 + 15 pad, 5 + 3072, 14 + 5.7. */
    assert_has(t, "\n  WinSta0\\Default                    3072"
                  "              5.7\n");
    /* 24 + 6 pad, 6 + 512, 13 + 15.1. */
    assert_has(t, "\n  Service-0x0-3e7$\\Default            512"
                  "             15.1\n");
    assert_has(t, "\n  View space: 4864 KB used of 49152 KB - shared heap "
                  "1024 KB, other 256 KB, desktops 3584 KB\n");
    assert_null(strstr(t, "fell back"));
    assert_has(t, "\n\nHeap size rules:\n  0\\WinSta0\\Default: 3072 KB - "
                  "interactive: SharedSection 2nd value [seed; KB 184802 "
                  "value 2]\n  0\\Service-0x0-3e7$\\Default: 512 KB - "
                  "non-interactive: SharedSection 3rd value [seed; "
                  "KB 184802 value 3]\n");
    assert_has(t, "\nSnapshot \"(no label)\" after step 2:\n\n  Session ID:"
                  "    0 Total Desktop: (  3584 KB -    2 desktops)\n");
    /* The table appears for the final state and the snapshot: twice. */
    const char *again = strstr(t, "  WinSta0\\Default          ");
    assert_non_null(again);
    assert_non_null(strstr(again + 1, "  WinSta0\\Default          "));
    dh_result_free(r);
    free(t);
}

static void test_text_outcome(void **state)
{
    (void)state;
    dh_result *r = sample_result();
    r->events_dropped = 5;
    char *t = NULL;
    assert_int_equal(dh_report_text(r, &t), DH_OK);
    assert_has(t, "\nEvents:\n  step 3.7 session 0 WinSta0\\Default process "
                  "app.exe: Event 243: A desktop heap allocation failed.\n"
                  "  step 3.7 session 0 WinSta0\\Default process app.exe: "
                  "charge_failed: charge of 9216 bytes failed\n"
                  "  ... and 5 more failures not listed\n");
    assert_has(t, "\nFirst failure: step 3.7 (fill, up) - desktop_heap in "
                  "session 0 WinSta0\\Default, process app.exe\n"
                  "  symptom: desktop heap allocation failed\n"
                  "  needed 9216 bytes, 100 bytes free\n");
    assert_has(t, "\nFailures:\n  Event 243 logged: 1 (once per session)\n"
                  "  desktop heap allocation failures: 1\n"
                  "  charge_failed: 1\n");
    assert_has(t, "\nRepeat until failure:\n  step 3 (loop): 6 succeeded, "
                  "stopped by desktop_heap\n");
    assert_has(t, "\nNotes:\n  - a note [seed]\n");
    assert_has(t, "\nAssumptions (override in the scenario's "
                  "\"assumptions\"):\n  view_granularity_kb = 64 KB - ");
    assert_has(t, "\n  reserve_noninteractive = 10 - ");
    assert_has(t, "\n  other_kb = 256 KB  (set by scenario) - ");
    assert_has(t, "\n  desktop_baseline_bytes = 0 bytes - ");
    assert_has(t, "\n  shared_heap_in_view = true - ");
    assert_has(t, "\n  first_logon_luid = 0x10000 - ");
    assert_has(t, "\n  dynamic_view_cap_mb = 0 MB - ");
    assert_int_equal(t[strlen(t) - 1], '\n');
    dh_result_free(r);
    free(t);
}

static void test_text_dynamic_and_empty(void **state)
{
    (void)state;
    dh_result *r = dynamic_result();
    char *t = NULL;
    assert_int_equal(dh_report_text(r, &t), DH_OK);
    assert_has(t, "\nOS: win7-x64 - Windows 7 (x64) (also Vista x64, "
                  "Server 2008 R2)\n");
    assert_has(t, "\nSession view space: dynamic, no cap (dynamic session "
                  "view space");
    assert_has(t, "\n  View space: 4864 KB used of unlimited (dynamic, "
                  "reached 8192 KB) - shared heap 1024 KB");
    assert_has(t, "\n  Heap sizes fell back to 512 KB interactive / 128 KB "
                  "non-interactive (rule 3)\n");
    assert_has(t, "\nFirst failure: step 1.1 - view_space in session 0 "
                  "WinSta0\\Big\n  symptom: CreateDesktop returned NULL\n"
                  "  needed 3072 KB of view space, largest free run "
                  "1024 KB\n");
    assert_has(t, "\nEvents: none\n");
    assert_has(t, "\nFailures: none\n");
    assert_has(t, "\nNotes: none\n");
    assert_null(strstr(t, "Snapshot \""));
    assert_null(strstr(t, "Repeat until failure"));
    assert_null(strstr(t, "(set by scenario)"));
    free(t);
    dh_result_free(r);
}

/* ------------------------------------------------------------ JSON */

static json_t *get(json_t *o, const char *path)
{
    char key[64];
    while (*path != '\0') {
        size_t n = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)n, path);
        if (json_is_array(o))
            o = json_array_get(o, (size_t)atoi(key));
        else
            o = json_object_get(o, key);
        if (o == NULL)
            print_message("no %s\n", path);
        assert_non_null(o);
        path += n + (path[n] == '.');
    }
    return o;
}

static void assert_json_str(json_t *root, const char *path, const char *want)
{
    json_t *v = get(root, path);
    assert_true(json_is_string(v));
    assert_string_equal(json_string_value(v), want);
}

static void assert_json_int(json_t *root, const char *path, long long want)
{
    json_t *v = get(root, path);
    assert_true(json_is_integer(v));
    assert_int_equal(json_integer_value(v), want);
}

static json_t *parse(const char *text)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (root == NULL)
        print_message("%d: %s\n", jerr.line, jerr.text);
    assert_non_null(root);
    return root;
}

static void test_json_config(void **state)
{
    (void)state;
    dh_result *r = sample_result();
    char *t = NULL;
    assert_int_equal(dh_report_json(r, &t), DH_OK);
    assert_int_equal(t[strlen(t) - 1], '\n');
    assert_int_equal(t[strlen(t) - 2], '}');
    json_t *root = parse(t);
    assert_json_str(root, "dheapsim_version", DH_VERSION);
    assert_json_str(root, "scenario.name", "test, scenario");
    assert_json_str(root, "scenario.source", "by hand");
    assert_json_str(root, "scenario.file", "tests/hand.json");
    assert_json_str(root, "os", "win2003-x86");
    assert_json_str(root, "os_name", "Windows Server 2003 (x86)");
    assert_json_str(root, "config.shared_section.text", "1024,3072,512");
    assert_json_int(root, "config.shared_section.interactive_kb", 3072);
    assert_json_int(root, "config.shared_section.noninteractive_kb", 512);
    assert_true(json_is_true(get(root, "config.shared_section.profile_default")));
    assert_true(json_is_true(
        get(root, "config.shared_section.noninteractive_given")));
    assert_json_int(root, "config.session_view_kb", 49152);
    assert_json_str(root, "config.view_mode", "fixed-registry");
    assert_true(json_is_false(get(root, "config.boot_3gb")));
    assert_true(json_is_true(get(root, "config.desktop_heap_logging")));
    assert_true(json_is_null(get(root, "config.session_view_size_mb")));
    assert_true(json_is_false(get(root, "config.fallback")));
    assert_json_str(root, "config.notes.0.text", "a note");
    assert_json_str(root, "config.notes.0.source", "seed");
    assert_json_int(root, "config.assumptions.other_kb", 256);
    assert_json_int(root, "config.assumptions.view_granularity_kb", 64);
    assert_json_str(root, "config.assumptions.first_logon_luid", "0x10000");
    assert_true(json_is_true(get(root, "config.assumptions.shared_heap_in_view")));
    assert_int_equal(json_object_size(get(root, "config.assumptions")),
                     DH_A_COUNT);
    assert_int_equal(json_array_size(get(root, "config.assumptions_overridden")),
                     1);
    assert_json_str(root, "config.assumptions_overridden.0", "other_kb");
    json_decref(root);
    dh_result_free(r);
    free(t);
}

static void test_json_sessions(void **state)
{
    (void)state;
    dh_result *r = sample_result();
    char *t = NULL;
    assert_int_equal(dh_report_json(r, &t), DH_OK);
    /* The rate prints as typed, not as 5.7000000000000002. */
    assert_has(t, "\"used_pct\": 5.7,");
    assert_has(t, "\"used_pct\": 15.1,");
    json_t *root = parse(t);
    assert_json_int(root, "sessions.0.id", 0);
    assert_true(json_is_false(get(root, "sessions.0.fallback")));
    assert_json_int(root, "sessions.0.view_space.size_kb", 49152);
    assert_json_int(root, "sessions.0.view_space.used_kb", 4864);
    assert_true(json_is_false(get(root, "sessions.0.view_space.dynamic")));
    assert_json_int(root, "sessions.0.view_space.shared_heap_kb", 1024);
    assert_json_int(root, "sessions.0.view_space.other_kb", 256);
    assert_json_int(root, "sessions.0.total_desktop_kb", 3584);
    assert_json_int(root, "sessions.0.desktop_count", 2);
    assert_json_str(root, "sessions.0.desktops.0.winsta", "WinSta0");
    assert_json_str(root, "sessions.0.desktops.0.desktop", "Default");
    assert_json_int(root, "sessions.0.desktops.0.heap_kb", 3072);
    assert_json_int(root, "sessions.0.desktops.0.used_bytes", 179306);
    json_t *pct = get(root, "sessions.0.desktops.0.used_pct");
    assert_true(json_is_real(pct));
    assert_true(json_real_value(pct) == 5.7);
    assert_true(json_real_value(get(root, "sessions.0.desktops.1.used_pct"))
                == 15.1);
    assert_json_int(root, "sessions.0.desktops.0.view_kb", 3072);
    assert_json_str(root, "sessions.0.desktops.0.rule",
                    "interactive: SharedSection 2nd value");
    assert_json_str(root, "sessions.0.desktops.0.rule_source",
                    "seed; KB 184802 value 2");
    assert_true(json_is_null(get(root, "snapshots.0.label")));
    assert_json_int(root, "snapshots.0.step", 2);
    assert_json_int(root, "snapshots.0.sessions.0.desktops.1.heap_kb", 512);
    json_decref(root);
    dh_result_free(r);
    free(t);
}

static void test_json_outcome(void **state)
{
    (void)state;
    dh_result *r = sample_result();
    char *t = NULL;
    assert_int_equal(dh_report_json(r, &t), DH_OK);
    json_t *root = parse(t);
    assert_json_int(root, "events.0.step", 3);
    assert_json_int(root, "events.0.iteration", 7);
    assert_json_str(root, "events.0.kind", "event_243");
    assert_json_int(root, "events.0.event_id", 243);
    assert_json_str(root, "events.0.process", "app.exe");
    assert_json_str(root, "events.1.kind", "charge_failed");
    assert_true(json_is_null(get(root, "events.1.event_id")));
    assert_json_int(root, "events_dropped", 0);
    assert_json_str(root, "first_failure.kind", "desktop_heap");
    assert_json_str(root, "first_failure.label", "fill, up");
    assert_json_str(root, "first_failure.winsta", "WinSta0");
    assert_json_str(root, "first_failure.symptom",
                    "desktop heap allocation failed");
    assert_json_int(root, "first_failure.need_bytes", 9216);
    assert_json_int(root, "first_failure.free_bytes", 100);
    assert_int_equal(json_object_size(get(root, "failures")), 2);
    assert_json_int(root, "failures.event_243", 1);
    assert_json_int(root, "events_logged.event_243", 1);
    assert_json_int(root, "events_logged.event_244", 0);
    assert_json_int(root, "failures.charge_failed", 1);
    assert_json_str(root, "repeat_results.0.label", "loop");
    assert_json_int(root, "repeat_results.0.succeeded", 6);
    assert_json_str(root, "repeat_results.0.stopped_by", "desktop_heap");
    assert_json_int(root, "steps_applied", 10);
    json_decref(root);
    dh_result_free(r);
    free(t);
}

static void test_json_dynamic(void **state)
{
    (void)state;
    dh_result *r = dynamic_result();
    char *t = NULL;
    assert_int_equal(dh_report_json(r, &t), DH_OK);
    json_t *root = parse(t);
    assert_true(json_is_null(get(root, "config.session_view_kb")));
    assert_json_str(root, "config.view_mode", "dynamic");
    assert_true(json_is_true(get(root, "config.fallback")));
    assert_true(json_is_null(get(root, "sessions.0.view_space.size_kb")));
    assert_json_int(root, "sessions.0.view_space.extent_kb", 8192);
    assert_true(json_is_true(get(root, "sessions.0.view_space.dynamic")));
    assert_true(json_is_null(get(root, "first_failure.label")));
    assert_true(json_is_null(get(root, "first_failure.process")));
    assert_int_equal(json_array_size(get(root, "events")), 0);
    assert_int_equal(json_object_size(get(root, "failures")), 0);
    assert_int_equal(json_array_size(get(root, "snapshots")), 0);
    assert_int_equal(json_array_size(get(root, "config.assumptions_overridden")),
                     0);
    json_decref(root);
    dh_result_free(r);
    free(t);
}

/* ------------------------------------------------------------ CSV */

static void test_csv(void **state)
{
    (void)state;
    dh_result *r = sample_result();
    char *t = NULL;
    r->trace[0].committed_bytes = 180224;
    r->trace[0].largest_free_bytes = 2966312;
    assert_int_equal(dh_report_csv(r, &t), DH_OK);
    assert_string_equal(t,
        "step,label,session,desktop,heap_kb,used_bytes,used_pct,"
        "committed_bytes,largest_free_bytes\n"
        "1,,0,WinSta0\\Default,3072,179306,5.7,180224,2966312\n"
        "2,\"a, \"\"b\"\"\",0,WinSta0\\Default,3072,179306,5.7,0,0\n"
        "2,plain,0,\"WinSta0\\x,y\",1024,1,0.0,0,0\n"
        "3,,0,S\\D,0,95,9.5,0,0\n"
        "3,,0,S\\D,1,1,0.1,0,0\n"
        "3,,0,S\\D,1,1,0.0,0,0\n"
        "3,,0,S\\D,1,1024,100.0,0,0\n"
        "3,,0,S\\D,0,0,0.0,0,0\n");
    free(t);
    size_t ntrace = r->ntrace;
    r->ntrace = 0;
    assert_int_equal(dh_report_csv(r, &t), DH_OK);
    assert_string_equal(t, "step,label,session,desktop,heap_kb,used_bytes,"
                           "used_pct,committed_bytes,largest_free_bytes\n");
    free(t);
    r->ntrace = ntrace;
    dh_result_free(r);
}

/* Where each view sits (view_offset_kb): first fit in 64 KB granules in
 * creation order on a bare Server 2003 x86 (SharedSection 1024,3072,512):
 * the shared heap at 0 (1024 KB), then Winlogon 128 KB at 1024, Disconnect
 * 64 KB at 1152, Default 3072 KB at 1216, a service desktop 512 KB at
 * 1216 + 3072 = 4288; nothing else is mapped (other_offset_kb null). */
static void test_json_view_offsets(void **state)
{
    (void)state;
    dh_scenario *sc = NULL;
    dh_result *r = tr_run_text(
        "{\"name\": \"n\", \"source\": \"s\", \"os\": \"win2003-x86\", "
        "\"steps\": [{\"action\": \"start_service\", \"name\": \"s\", "
        "\"account\": \"D\\\\u\", \"kind\": \"console\"}]}", NULL, &sc);
    char *t = NULL;
    assert_int_equal(dh_report_json(r, &t), DH_OK);
    json_error_t je;
    json_t *root = json_loads(t, 0, &je);
    assert_non_null(root);
    json_t *s0 = get(root, "sessions.0");
    assert_int_equal(json_integer_value(get(s0, "view_space.shared_heap_offset_kb")), 0);
    assert_true(json_is_null(get(s0, "view_space.other_offset_kb")));
    static const struct { const char *desktop; long long off; } want[] = {
        {"Winlogon", 1024}, {"Disconnect", 1152}, {"Default", 1216}};
    json_t *d = get(s0, "desktops");
    size_t found = 0;
    for (size_t i = 0; i < json_array_size(d); i++) {
        json_t *x = json_array_get(d, i);
        const char *ws = json_string_value(get(x, "winsta"));
        const char *dt = json_string_value(get(x, "desktop"));
        long long off = json_integer_value(get(x, "view_offset_kb"));
        for (size_t k = 0; k < 3; k++)
            if (strcmp(ws, "WinSta0") == 0 && strcmp(dt, want[k].desktop) == 0) {
                assert_int_equal(off, want[k].off);
                found++;
            }
        if (strncmp(ws, "Service-0x0-", 12) == 0) {
            assert_int_equal(off, 4288);
            found++;
        }
    }
    assert_int_equal(found, 4);
    assert_true(json_is_null(get(root, "stopped_after_applied")));
    json_decref(root);
    free(t);
    dh_result_free(r);
    dh_scenario_free(sc);
}

/* --csv-rows changed: the nine columns, then iteration (0 at step 0),
 * applied, the desktop's index and the closed flag. */
static void test_csv_changes(void **state)
{
    (void)state;
    dh_result *r = sample_result();
    char *t = NULL;
    assert_int_equal(dh_report_csv_changes(r, &t), DH_EINTERNAL);
    assert_null(t);
    r->trace_compact = true;
    size_t ntrace = r->ntrace;
    r->ntrace = 2;
    r->trace[0].step = 0;
    r->trace[0].iteration = 1; /* the engine's boot iteration: printed 0 */
    r->trace[0].desk = 2;
    r->trace[1].iteration = 7;
    r->trace[1].applied = 9;
    r->trace[1].desk = 4;
    r->trace[1].closed = true;
    assert_int_equal(dh_report_csv_changes(r, &t), DH_OK);
    assert_string_equal(t,
        "step,label,session,desktop,heap_kb,used_bytes,used_pct,"
        "committed_bytes,largest_free_bytes,iteration,applied,"
        "desktop_index,closed\n"
        "0,,0,WinSta0\\Default,3072,179306,5.7,0,0,0,0,2,0\n"
        "2,\"a, \"\"b\"\"\",0,WinSta0\\Default,3072,179306,5.7,0,0,7,9,4,1\n");
    free(t);
    r->ntrace = ntrace;
    dh_result_free(r);
}

/* A run with --csv-rows changed: three per-logon service starts on a bare
 * Windows Server 2003 (one new Service-0x0-<luid>$ station and 512 KB
 * desktop each, README "Rules"; nothing else changes), so the CSV holds
 * session 0's three WinSta0 desktops at step 0 and then one row per start. */
static void test_csv_changes_run(void **state)
{
    (void)state;
    dh_scenario *sc = NULL;
    dh_run_options o = {.empty = true, .trace_iterations = true};
    dh_result *r = tr_run_text(
        "{\"name\": \"n\", \"source\": \"s\", \"os\": \"win2003-x86\", \"steps\": [{\"action\": "
        "\"start_service\", \"name\": \"s\", \"account\": \"D\\\\u\", "
        "\"kind\": \"console\", \"count\": 3, \"label\": \"L\"}]}", &o, &sc);
    char *t = NULL;
    assert_int_equal(dh_report_csv_changes(r, &t), DH_OK);
    size_t lines = 0, step0 = 0;
    for (const char *p = t; *p != '\0'; p++)
        lines += *p == '\n';
    for (const char *p = strstr(t, "\n0,"); p != NULL; p = strstr(p + 1, "\n0,"))
        step0++;
    assert_int_equal(lines, 1 + 3 + 3);
    assert_int_equal(step0, 3);
    const char *row = t;
    for (int k = 1; k <= 3; k++) { /* in order: iteration, applied, index */
        char want[64];
        row = strstr(row, "\n1,L,0,Service-0x0-");
        assert_non_null(row);
        assert_non_null(strstr(row, "$\\Default,512,"));
        snprintf(want, sizeof want, ",%d,%d,%d,0\n", k, k, 2 + k);
        const char *end = strchr(row + 1, '\n');
        assert_true(end != NULL && strncmp(end - strlen(want) + 1, want,
                                           strlen(want)) == 0);
        row = end;
    }
    free(t);
    dh_result_free(r);
    dh_scenario_free(sc);
}

/* ------------------------------------------------------------ profiles */

static void test_profiles_text(void **state)
{
    (void)state;
    char *t = NULL;
    assert_int_equal(dh_report_profiles_text(&t), DH_OK);
    assert_has(t, "Winlogon/Disconnect KB");
    /* %-17s %-4s %-14s %-38s %-22s %-4s %s: the view text is 38 wide;
     * the WND of XP/2003 x86 is 0xA0 = 160 bytes (USER 5.2). */
    assert_has(t, "\nwin2003-x86       x86  1024,3072,512  48 MB value (20 MB "
                  "absent, 20 MB /3GB) 128/64" "                 " "yes  "
                  "160 B (USER 5.2)\n");
    assert_has(t, "\nwin81-x64         x64  1024,20480,768 dynamic");
    assert_has(t, "368 B (USER 6.3)\n");
    assert_has(t, "\nwin2000           x86  1024,3072,512  system 48 MB");
    assert_has(t, "128/-");
    assert_has(t, "  fixed 20 MB  ");
    assert_has(t, "\nwin2003-x64       x64  1024,20480,768 104 MB absent");
    assert_has(t, "\nwin10-x64         x64  1024,20480,768 dynamic   ");
    assert_has(t, "\nSources:\nwin2000: Windows 2000 (no Terminal Services)\n"
                  "  shared section: seed comment 34");
    assert_has(t, "\nwin2003-x64: Windows Server 2003 (x64) (also Windows "
                  "XP x64)\n");
    assert_has(t, "\n  SECONDARY: session view space 104 MB rests on");
    free(t);
}

static void test_profiles_json(void **state)
{
    (void)state;
    char *t = NULL;
    assert_int_equal(dh_report_profiles_json(&t), DH_OK);
    assert_int_equal(t[strlen(t) - 1], '\n');
    json_t *root = parse(t);
    json_t *list = get(root, "profiles");
    /* 2000 (3), XP, 2003 x86/x64, Vista RTM/SP1, 7, 8, 8.1 (x86, x64),
     * 10 (x64, x86), 11 x64, Server 2016, 2019, 2022, 2025. */
    assert_int_equal(json_array_size(list), 21);
    size_t i;
    json_t *p, *found = NULL;
    json_array_foreach(list, i, p)
        if (strcmp(json_string_value(json_object_get(p, "id")),
                   "win2003-x86") == 0)
            found = p;
    assert_non_null(found);
    assert_json_str(found, "default_shared_section", "1024,3072,512");
    assert_json_str(found, "view_mode", "fixed-registry");
    assert_json_int(found, "svs_default_mb", 48);
    assert_json_int(found, "svs_absent_mb", 20);
    assert_json_int(found, "page_size", 4096);
    assert_json_int(found, "winlogon_kb", 128);
    assert_json_int(found, "disconnect_kb", 64);
    assert_true(json_is_true(get(found, "has_3gb")));
    assert_true(json_is_null(get(found, "secondary")));
    assert_json_str(found, "also", "");
    assert_json_str(found, "user_version", "5.2");
    assert_json_int(found, "wnd_bytes", 160);
    assert_true(json_is_string(get(found, "sources.fixed_heaps")));
    assert_true(json_is_string(get(root, "profiles.5.secondary")));
    json_decref(root);
    free(t);
}

/* ------------------------------------------------------------ SharedSection */

static char *explain(const char *text, const char *os)
{
    char *t = NULL;
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_report_shared_section(text, dh_profile_find(os), &t,
                                              &err), DH_OK);
    assert_non_null(t);
    return t;
}

static void test_shared_section_raised(void **state)
{
    (void)state;
    char *t = explain("1024,3072,100", "win2003-x86");
    assert_has(t, "SharedSection 1024,3072,100 on win2003-x86 (page size "
                  "4096 bytes):\n");
    assert_has(t, "\n  value 1: 1024 KB - shared heap common to all "
                  "desktops; not a desktop heap (seed; KB 184802)\n");
    assert_has(t, "\n  value 2: 3072 KB -> 3072 KB - heap of each desktop on "
                  "the interactive station WinSta0 except Winlogon (128 KB) "
                  "and Disconnect (64 KB)\n");
    assert_has(t, "\n  value 3: 100 KB -> 128 KB - heap of each desktop on a "
                  "non-interactive window station (services, SAWinSta); "
                  "raised to the 128 KB minimum (KB 184802)\n");
    assert_null(strstr(t, "value 4"));
    free(t);
}

static void test_shared_section_rounded_absent_fourth(void **state)
{
    (void)state;
    char *t = explain("1024,3070", "win2000");
    assert_has(t, "\n  value 2: 3070 KB -> 3072 KB - heap of each desktop on "
                  "the interactive station WinSta0 except Winlogon (128 KB); "
                  "no Disconnect desktop; rounded up to a whole page (seed "
                  "comment 60)\n");
    assert_has(t, "\n  value 3: absent - non-interactive desktops use value "
                  "2, 3072 KB (seed; KB Q142676)\n");
    free(t);
    t = explain("1024,3072,512,7", "win7-x64");
    assert_has(t, "\n  value 4: 7 - ignored: no public source documents a "
                  "4th value\n");
    free(t);
}

static void test_shared_section_error(void **state)
{
    (void)state;
    char *t = (char *)"untouched";
    dh_error err;
    dh_error_clear(&err);
    assert_int_equal(dh_report_shared_section("1024,abc",
                                              dh_profile_find("win2003-x86"),
                                              &t, &err), DH_EINPUT);
    assert_null(t);
    assert_int_equal(err.status, DH_EINPUT);
    assert_int_equal(err.column, 6);
}

/* ------------------------------------------------------------ names */

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(dh_event_kind_name(DH_EV_EVENTLOG_243), "event_243");
    assert_string_equal(dh_event_kind_name(DH_EV_EVENTLOG_244), "event_244");
    assert_string_equal(dh_event_kind_name(DH_EV_PROCESS_START_FAILED),
                        "process_start_failed");
    assert_string_equal(dh_event_kind_name(DH_EV_WINDOW_CREATE_FAILED),
                        "window_create_failed");
    assert_string_equal(dh_event_kind_name(DH_EV_DESKTOP_CREATE_FAILED),
                        "desktop_create_failed");
    assert_string_equal(dh_event_kind_name(DH_EV_CHARGE_FAILED),
                        "charge_failed");
    assert_string_equal(dh_event_kind_name(DH_EV_FALLBACK), "heap_fallback");
    assert_string_equal(dh_event_kind_name(DH_EV_SESSION_REFUSED),
                        "session_refused");
    assert_string_equal(dh_event_kind_name(DH_EV_OBJECT_CREATE_FAILED),
                        "object_create_failed");
    static const char *const steps[DH_STEP_KIND_COUNT] = {
        "logon_session", "logoff_session", "start_service", "stop_service",
        "start_process", "start_task", "stop_process", "create_windows",
        "destroy_windows", "create_desktop", "close_desktop", "charge",
        "snapshot", "create_objects", "churn_windows", "unit",
        "start_app_pool"};
    for (int k = 0; k < DH_STEP_KIND_COUNT; k++)
        assert_string_equal(dh_step_kind_name((dh_step_kind)k), steps[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_header_and_table),
        cmocka_unit_test(test_text_outcome),
        cmocka_unit_test(test_text_dynamic_and_empty),
        cmocka_unit_test(test_json_config),
        cmocka_unit_test(test_json_sessions),
        cmocka_unit_test(test_json_outcome),
        cmocka_unit_test(test_json_dynamic),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json_view_offsets),
        cmocka_unit_test(test_csv_changes),
        cmocka_unit_test(test_csv_changes_run),
        cmocka_unit_test(test_profiles_text),
        cmocka_unit_test(test_profiles_json),
        cmocka_unit_test(test_shared_section_raised),
        cmocka_unit_test(test_shared_section_rounded_absent_fourth),
        cmocka_unit_test(test_shared_section_error),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * report_json.c — the JSON report, a contract read by outside scripts: the
 * field names below must not change. Built with jansson; used rates are
 * tenths computed in integers (strbuf.h) so every build prints the same.
 */
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Percentages are the only reals; 15 digits print 5.7 as "5.7". */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | \
                    JSON_REAL_PRECISION(15))

/* Every builder below takes this: a failed set or append is remembered
 * here and reported as DH_ENOMEM once, at the end. */
typedef struct {
    bool oom;
} jctx;

/* Every key is one of the program's own ASCII names (literals, object
 * type, event kind and assumption names), so jansson need not check it
 * for UTF-8. */
static void set(jctx *j, json_t *obj, const char *key, json_t *v)
{
    if (obj == NULL || v == NULL ||
        json_object_set_new_nocheck(obj, key, v) != 0)
        j->oom = true;
    if (obj == NULL)
        json_decref(v);
}

static void append(jctx *j, json_t *arr, json_t *v)
{
    if (arr == NULL || v == NULL || json_array_append_new(arr, v) != 0)
        j->oom = true;
    if (arr == NULL)
        json_decref(v);
}

/* A string, null for NULL. Bytes that are not valid UTF-8 (a SharedSection
 * from the command line, say) become '?' rather than failing. */
static json_t *str(const char *s)
{
    if (s == NULL)
        return json_null();
    json_t *v = json_string(s);
    if (v != NULL)
        return v;
    char *copy = strdup(s);
    if (copy == NULL)
        return NULL;
    for (char *p = copy; *p != '\0'; p++)
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    v = json_string(copy);
    free(copy);
    return v;
}

static json_t *u64(uint64_t v)
{
    return json_integer((json_int_t)v);
}

static json_t *kb_or_null(uint64_t bytes)
{
    return bytes == 0 ? json_null() : u64(bytes / DH_KB);
}

static json_t *pct(uint64_t used, uint64_t heap)
{
    return json_real((double)dh_used_tenths(used, heap) / 10.0);
}

/* ------------------------------------------------------------ sessions */

static json_t *desktop_obj(jctx *j, const dh_desktop_rec *d)
{
    json_t *o = json_object();
    set(j, o, "winsta", str(d->winsta));
    set(j, o, "desktop", str(d->desktop));
    set(j, o, "heap_kb", u64(d->heap_bytes / DH_KB));
    set(j, o, "used_bytes", u64(d->used_bytes));
    set(j, o, "used_pct", pct(d->used_bytes, d->heap_bytes));
    set(j, o, "view_kb", u64(d->view_bytes / DH_KB));
    set(j, o, "rule", str(dh_heap_rule_name(d->rule)));
    set(j, o, "rule_source", str(dh_heap_rule_source(d->rule)));
    set(j, o, "header_bytes", u64(d->header_bytes));
    set(j, o, "committed_bytes", u64(d->committed_bytes));
    set(j, o, "free_bytes", u64(d->free_bytes));
    set(j, o, "largest_free_bytes", u64(d->largest_free_bytes));
    set(j, o, "busy_blocks", u64(d->busy_blocks));
    set(j, o, "free_blocks", u64(d->free_blocks));
    json_t *cs = json_array();
    for (size_t i = 0; i < d->nconsumers; i++) {
        const dh_consumer *c = &d->consumers[i];
        json_t *co = json_object(), *objs = json_object();
        set(j, co, "name", str(c->name));
        set(j, co, "processes", u64(c->processes));
        set(j, co, "bytes", u64(c->bytes));
        for (int t = 0; t < DH_OBJ_TYPE_COUNT; t++)
            if (c->objects[t] != 0)
                set(j, objs, dh_obj_type_name((dh_obj_type)t),
                    u64(c->objects[t]));
        set(j, co, "objects", objs);
        append(j, cs, co);
    }
    set(j, o, "consumers", cs);
    return o;
}

static json_t *view_obj(jctx *j, const dh_session_rec *s)
{
    json_t *o = json_object();
    set(j, o, "size_kb", kb_or_null(s->view_size));
    set(j, o, "used_kb", u64(s->view_used / DH_KB));
    set(j, o, "dynamic", json_boolean(s->view_dynamic));
    set(j, o, "extent_kb", u64(s->view_extent / DH_KB));
    set(j, o, "shared_heap_kb", u64(s->shared_heap_bytes / DH_KB));
    set(j, o, "other_kb", u64(s->other_bytes / DH_KB));
    return o;
}

static json_t *session_obj(jctx *j, const dh_session_rec *s)
{
    json_t *o = json_object();
    json_t *desktops = json_array();
    set(j, o, "id", u64(s->id));
    set(j, o, "fallback", json_boolean(s->fallback));
    set(j, o, "view_space", view_obj(j, s));
    set(j, o, "total_desktop_kb", u64(s->total_desktop_bytes / DH_KB));
    set(j, o, "desktop_count", u64(s->ndesktops));
    for (size_t i = 0; i < s->ndesktops; i++)
        append(j, desktops, desktop_obj(j, &s->desktops[i]));
    set(j, o, "desktops", desktops);
    return o;
}

static json_t *sessions_arr(jctx *j, const dh_snapshot *snap)
{
    json_t *a = json_array();
    for (size_t i = 0; i < snap->nsessions; i++)
        append(j, a, session_obj(j, &snap->sessions[i]));
    return a;
}

/* ------------------------------------------------------------ config */

static json_t *shared_section_obj(jctx *j, const dh_config *c)
{
    json_t *o = json_object();
    set(j, o, "text", str(c->shared_section_text));
    set(j, o, "shared_kb", u64(c->ss.shared_kb));
    set(j, o, "interactive_kb", u64(c->ss.interactive_kb));
    set(j, o, "noninteractive_kb", u64(c->ss.noninteractive_kb));
    set(j, o, "noninteractive_given", json_boolean(c->ss.noninteractive_given));
    set(j, o, "profile_default", json_boolean(c->shared_section_default));
    return o;
}

static json_t *notes_arr(jctx *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nnotes; i++) {
        json_t *o = json_object();
        set(j, o, "text", str(r->notes[i].text));
        set(j, o, "source", str(r->notes[i].source));
        append(j, a, o);
    }
    return a;
}

static json_t *assumption_json(const char *unit, uint64_t v)
{
    if (strcmp(unit, "bool") == 0)
        return json_boolean(v != 0);
    if (strcmp(unit, "luid") == 0) {
        char buf[32];
        snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)v);
        return json_string(buf);
    }
    if (strcmp(unit, "fit") == 0)
        return json_string(dh_fit_policy_name((dh_fit_policy)v));
    return u64(v);
}

static void assumptions(jctx *j, json_t *cfg, const dh_assumptions *a)
{
    json_t *values = json_object();
    json_t *overridden = json_array();
    for (int i = 0; i < DH_A_COUNT; i++) {
        const dh_assumption_info *info = dh_assumption_info_at(i);
        set(j, values, info->key,
            assumption_json(info->unit, dh_assumption_value(a, i)));
        if (a->overridden & (1u << i))
            append(j, overridden, str(info->key));
    }
    set(j, cfg, "assumptions", values);
    set(j, cfg, "assumptions_overridden", overridden);
}

static bool any_fallback(const dh_snapshot *snap)
{
    for (size_t i = 0; i < snap->nsessions; i++)
        if (snap->sessions[i].fallback)
            return true;
    return false;
}

static json_t *config_obj(jctx *j, const dh_result *r)
{
    const dh_config *c = &r->config;
    json_t *o = json_object();
    set(j, o, "shared_section", shared_section_obj(j, c));
    set(j, o, "session_view_kb", kb_or_null(c->view_size));
    set(j, o, "view_mode", str(dh_view_mode_name(c->profile->view_mode)));
    set(j, o, "view_rule", str(c->view_rule));
    set(j, o, "boot_3gb", json_boolean(c->registry.boot_3gb));
    set(j, o, "desktop_heap_logging",
        json_boolean(c->registry.desktop_heap_logging));
    set(j, o, "session_view_size_mb", c->registry.svs == DH_SVS_SET
                                          ? u64(c->registry.svs_mb)
                                          : json_null());
    set(j, o, "fallback", json_boolean(any_fallback(&r->final)));
    set(j, o, "notes", notes_arr(j, r));
    assumptions(j, o, &c->assume);
    return o;
}

/* ------------------------------------------------------------ outcome */

static json_t *event_obj(jctx *j, const dh_event *e)
{
    json_t *o = json_object();
    set(j, o, "step", u64(e->step));
    set(j, o, "iteration", u64(e->iteration));
    set(j, o, "kind", str(dh_event_kind_name(e->kind)));
    set(j, o, "event_id", e->event_id != 0 ? json_integer(e->event_id)
                                           : json_null());
    set(j, o, "session", u64(e->session));
    set(j, o, "winsta", str(e->winsta));
    set(j, o, "desktop", str(e->desktop));
    set(j, o, "process", str(e->process));
    set(j, o, "text", str(e->text));
    return o;
}

static json_t *events_arr(jctx *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nevents; i++)
        append(j, a, event_obj(j, &r->events[i]));
    return a;
}

static json_t *first_failure_obj(jctx *j, const dh_failure *f)
{
    if (!f->happened)
        return json_null();
    json_t *o = json_object();
    set(j, o, "step", u64(f->step));
    set(j, o, "iteration", u64(f->iteration));
    set(j, o, "label", str(f->label));
    set(j, o, "kind", str(f->kind));
    set(j, o, "session", u64(f->session));
    set(j, o, "winsta", str(f->winsta));
    set(j, o, "desktop", str(f->desktop));
    set(j, o, "process", str(f->process));
    set(j, o, "symptom", str(f->symptom));
    set(j, o, "need_bytes", u64(f->need_bytes));
    set(j, o, "free_bytes", u64(f->free_bytes));
    set(j, o, "limit", str(f->limit));
    set(j, o, "heap_outcome", str(f->heap_outcome));
    set(j, o, "largest_free_bytes", u64(f->largest_free_bytes));
    return o;
}

static json_t *failures_obj(jctx *j, const dh_result *r)
{
    json_t *o = json_object();
    for (int k = 0; k < DH_EV_KIND_COUNT; k++)
        if (r->failures[k] != 0)
            set(j, o, dh_event_kind_name((dh_event_kind)k),
                u64(r->failures[k]));
    return o;
}

static json_t *repeats_arr(jctx *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nrepeats; i++) {
        const dh_repeat_result *rr = &r->repeats[i];
        json_t *o = json_object();
        set(j, o, "label", str(rr->label));
        set(j, o, "step", u64(rr->step));
        set(j, o, "succeeded", u64(rr->succeeded));
        set(j, o, "stopped_by", str(rr->stopped_by));
        append(j, a, o);
    }
    return a;
}

static json_t *snapshots_arr(jctx *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nsnapshots; i++) {
        const dh_snapshot *s = &r->snapshots[i];
        json_t *o = json_object();
        set(j, o, "label", str(s->label));
        set(j, o, "step", u64(s->step));
        set(j, o, "sessions", sessions_arr(j, s));
        append(j, a, o);
    }
    return a;
}

static json_t *scenario_obj(jctx *j, const dh_scenario *sc)
{
    json_t *o = json_object();
    set(j, o, "name", str(sc != NULL ? sc->name : NULL));
    set(j, o, "source", str(sc != NULL ? sc->source : NULL));
    set(j, o, "file", str(sc != NULL ? sc->file : NULL));
    return o;
}

static json_t *report_obj(jctx *j, const dh_result *r)
{
    json_t *o = json_object();
    set(j, o, "dheapsim_version", str(DH_VERSION));
    set(j, o, "scenario", scenario_obj(j, r->scenario));
    set(j, o, "os", str(r->config.profile->id));
    set(j, o, "os_name", str(r->config.profile->name));
    set(j, o, "config", config_obj(j, r));
    set(j, o, "sessions", sessions_arr(j, &r->final));
    set(j, o, "events", events_arr(j, r));
    set(j, o, "events_dropped", u64(r->events_dropped));
    set(j, o, "first_failure", first_failure_obj(j, &r->first_failure));
    set(j, o, "failures", failures_obj(j, r));
    set(j, o, "repeat_results", repeats_arr(j, r));
    set(j, o, "snapshots", snapshots_arr(j, r));
    set(j, o, "steps_applied", u64(r->steps_applied));
    return o;
}

/* json_dump_callback sink: the text goes straight into a dh_buf. */
static int to_buf(const char *p, size_t n, void *data)
{
    dh_buf *b = data;
    dh_buf_add(b, p, n);
    return b->oom ? -1 : 0;
}

dh_status dh_report_json(const dh_result *r, char **out)
{
    jctx j = {false};
    json_t *root = report_obj(&j, r);
    return dh_json_take(root, j.oom, out);
}

/* ------------------------------------------------------------ shared */

void dh_json_set(bool *oom, json_t *obj, const char *key, json_t *v)
{
    jctx j = {*oom};
    set(&j, obj, key, v);
    *oom = j.oom;
}

void dh_json_append(bool *oom, json_t *arr, json_t *v)
{
    jctx j = {*oom};
    append(&j, arr, v);
    *oom = j.oom;
}

json_t *dh_json_str(const char *s)
{
    return str(s);
}

json_t *dh_json_u64(uint64_t v)
{
    return u64(v);
}

json_t *dh_json_scenario(bool *oom, const dh_scenario *sc)
{
    jctx j = {*oom};
    json_t *v = scenario_obj(&j, sc);
    *oom = j.oom;
    return v;
}

json_t *dh_json_config(bool *oom, const dh_result *r)
{
    jctx j = {*oom};
    json_t *v = config_obj(&j, r);
    *oom = j.oom;
    return v;
}

json_t *dh_json_sessions(bool *oom, const dh_snapshot *snap)
{
    jctx j = {*oom};
    json_t *v = sessions_arr(&j, snap);
    *oom = j.oom;
    return v;
}

json_t *dh_json_first_failure(bool *oom, const dh_failure *f)
{
    jctx j = {*oom};
    json_t *v = first_failure_obj(&j, f);
    *oom = j.oom;
    return v;
}

dh_status dh_json_take(json_t *root, bool oom, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    *out = NULL;
    if (oom || root == NULL ||
        json_dump_callback(root, to_buf, &b, DUMP_FLAGS) != 0)
        b.oom = true;
    json_decref(root);
    dh_buf_puts(&b, "\n");
    return dh_buf_take(&b, out);
}

/*
 * report_json.c — the JSON report, a contract read by outside scripts: the
 * field names below must not change. Built with jansson; used rates are
 * tenths computed in integers (base/strbuf.c) so every build prints the same.
 */
#include "report_private.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static json_t *kb_or_null(uint64_t bytes)
{
    return bytes == 0 ? json_null() : dh_ju64(bytes / DH_KB);
}

static json_t *pct(uint64_t used, uint64_t heap)
{
    return json_real((double)dh_used_tenths(used, heap) / 10.0);
}

/* ------------------------------------------------------------ sessions */

static json_t *desktop_obj(dh_jc *j, const dh_desktop_rec *d)
{
    json_t *o = json_object();
    dh_jset(j, o, "winsta", dh_jstr(d->winsta));
    dh_jset(j, o, "desktop", dh_jstr(d->desktop));
    dh_jset(j, o, "heap_kb", dh_ju64(d->heap_bytes / DH_KB));
    dh_jset(j, o, "used_bytes", dh_ju64(d->used_bytes));
    dh_jset(j, o, "used_pct", pct(d->used_bytes, d->heap_bytes));
    dh_jset(j, o, "view_kb", dh_ju64(d->view_bytes / DH_KB));
    dh_jset(j, o, "view_offset_kb", d->view_bytes != 0
            ? dh_ju64(d->view_offset / DH_KB) : json_null());
    dh_jset(j, o, "rule", dh_jstr(dh_heap_rule_name(d->rule)));
    dh_jset(j, o, "rule_source", dh_jstr(dh_heap_rule_source(d->rule)));
    dh_jset(j, o, "header_bytes", dh_ju64(d->header_bytes));
    dh_jset(j, o, "committed_bytes", dh_ju64(d->committed_bytes));
    dh_jset(j, o, "free_bytes", dh_ju64(d->free_bytes));
    dh_jset(j, o, "largest_free_bytes", dh_ju64(d->largest_free_bytes));
    dh_jset(j, o, "busy_blocks", dh_ju64(d->busy_blocks));
    dh_jset(j, o, "free_blocks", dh_ju64(d->free_blocks));
    json_t *cs = json_array();
    for (size_t i = 0; i < d->nconsumers; i++) {
        const dh_consumer *c = &d->consumers[i];
        json_t *co = json_object(), *objs = json_object();
        dh_jset(j, co, "name", dh_jstr(c->name));
        dh_jset(j, co, "processes", dh_ju64(c->processes));
        dh_jset(j, co, "bytes", dh_ju64(c->bytes));
        for (int t = 0; t < DH_OBJ_TYPE_COUNT; t++)
            if (c->objects[t] != 0)
                dh_jset(j, objs, dh_obj_type_name((dh_obj_type)t),
                    dh_ju64(c->objects[t]));
        dh_jset(j, co, "objects", objs);
        dh_jpush(j, cs, co);
    }
    dh_jset(j, o, "consumers", cs);
    return o;
}

static json_t *view_obj(dh_jc *j, const dh_session_rec *s)
{
    json_t *o = json_object();
    dh_jset(j, o, "size_kb", kb_or_null(s->view_size));
    dh_jset(j, o, "used_kb", dh_ju64(s->view_used / DH_KB));
    dh_jset(j, o, "dynamic", json_boolean(s->view_dynamic));
    dh_jset(j, o, "extent_kb", dh_ju64(s->view_extent / DH_KB));
    dh_jset(j, o, "shared_heap_kb", dh_ju64(s->shared_heap_bytes / DH_KB));
    dh_jset(j, o, "other_kb", dh_ju64(s->other_bytes / DH_KB));
    /* where they sit in the session's view space (null: not mapped) */
    dh_jset(j, o, "shared_heap_offset_kb", s->shared_heap_bytes != 0
            ? dh_ju64(s->shared_heap_offset / DH_KB) : json_null());
    dh_jset(j, o, "other_offset_kb", s->other_bytes != 0
            ? dh_ju64(s->other_offset / DH_KB) : json_null());
    return o;
}

static json_t *session_obj(dh_jc *j, const dh_session_rec *s)
{
    json_t *o = json_object();
    json_t *desktops = json_array();
    dh_jset(j, o, "id", dh_ju64(s->id));
    dh_jset(j, o, "fallback", json_boolean(s->fallback));
    dh_jset(j, o, "view_space", view_obj(j, s));
    dh_jset(j, o, "total_desktop_kb", dh_ju64(s->total_desktop_bytes / DH_KB));
    dh_jset(j, o, "desktop_count", dh_ju64(s->ndesktops));
    for (size_t i = 0; i < s->ndesktops; i++)
        dh_jpush(j, desktops, desktop_obj(j, &s->desktops[i]));
    dh_jset(j, o, "desktops", desktops);
    return o;
}

static json_t *sessions_arr(dh_jc *j, const dh_snapshot *snap)
{
    json_t *a = json_array();
    for (size_t i = 0; i < snap->nsessions; i++)
        dh_jpush(j, a, session_obj(j, &snap->sessions[i]));
    return a;
}

/* ------------------------------------------------------------ config */

static json_t *shared_section_obj(dh_jc *j, const dh_config *c)
{
    json_t *o = json_object();
    dh_jset(j, o, "text", dh_jstr(c->shared_section_text));
    dh_jset(j, o, "shared_kb", dh_ju64(c->ss.shared_kb));
    dh_jset(j, o, "interactive_kb", dh_ju64(c->ss.interactive_kb));
    dh_jset(j, o, "noninteractive_kb", dh_ju64(c->ss.noninteractive_kb));
    dh_jset(j, o, "noninteractive_given", json_boolean(c->ss.noninteractive_given));
    dh_jset(j, o, "profile_default", json_boolean(c->shared_section_default));
    return o;
}

static json_t *notes_arr(dh_jc *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nnotes; i++) {
        json_t *o = json_object();
        dh_jset(j, o, "text", dh_jstr(r->notes[i].text));
        dh_jset(j, o, "source", dh_jstr(r->notes[i].source));
        dh_jpush(j, a, o);
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
    return dh_ju64(v);
}

static void assumptions(dh_jc *j, json_t *cfg, const dh_assumptions *a)
{
    json_t *values = json_object();
    json_t *overridden = json_array();
    for (int i = 0; i < DH_A_COUNT; i++) {
        const dh_assumption_info *info = dh_assumption_info_at(i);
        dh_jset(j, values, info->key,
            assumption_json(info->unit, dh_assumption_value(a, i)));
        if (a->overridden & (1u << i))
            dh_jpush(j, overridden, dh_jstr(info->key));
    }
    dh_jset(j, cfg, "assumptions", values);
    dh_jset(j, cfg, "assumptions_overridden", overridden);
}

static bool any_fallback(const dh_snapshot *snap)
{
    for (size_t i = 0; i < snap->nsessions; i++)
        if (snap->sessions[i].fallback)
            return true;
    return false;
}

static json_t *config_obj(dh_jc *j, const dh_result *r)
{
    const dh_config *c = &r->config;
    json_t *o = json_object();
    dh_jset(j, o, "shared_section", shared_section_obj(j, c));
    dh_jset(j, o, "session_view_kb", kb_or_null(c->view_size));
    dh_jset(j, o, "view_mode", dh_jstr(dh_view_mode_name(c->profile->view_mode)));
    dh_jset(j, o, "view_rule", dh_jstr(c->view_rule));
    dh_jset(j, o, "boot_3gb", json_boolean(c->registry.boot_3gb));
    dh_jset(j, o, "desktop_heap_logging",
        json_boolean(c->registry.desktop_heap_logging));
    dh_jset(j, o, "session_view_size_mb", c->registry.svs == DH_SVS_SET
                                          ? dh_ju64(c->registry.svs_mb)
                                          : json_null());
    dh_jset(j, o, "fallback", json_boolean(any_fallback(&r->final)));
    dh_jset(j, o, "notes", notes_arr(j, r));
    assumptions(j, o, &c->assume);
    return o;
}

/* ------------------------------------------------------------ outcome */

static json_t *event_obj(dh_jc *j, const dh_event *e)
{
    json_t *o = json_object();
    dh_jset(j, o, "step", dh_ju64(e->step));
    dh_jset(j, o, "iteration", dh_ju64(e->iteration));
    dh_jset(j, o, "kind", dh_jstr(dh_event_kind_name(e->kind)));
    dh_jset(j, o, "event_id", e->event_id != 0 ? json_integer(e->event_id)
                                           : json_null());
    dh_jset(j, o, "session", dh_ju64(e->session));
    dh_jset(j, o, "winsta", dh_jstr(e->winsta));
    dh_jset(j, o, "desktop", dh_jstr(e->desktop));
    dh_jset(j, o, "process", dh_jstr(e->process));
    dh_jset(j, o, "text", dh_jstr(e->text));
    return o;
}

static json_t *events_arr(dh_jc *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nevents; i++)
        dh_jpush(j, a, event_obj(j, &r->events[i]));
    return a;
}

static json_t *first_failure_obj(dh_jc *j, const dh_failure *f)
{
    if (!f->happened)
        return json_null();
    json_t *o = json_object();
    dh_jset(j, o, "step", dh_ju64(f->step));
    dh_jset(j, o, "iteration", dh_ju64(f->iteration));
    dh_jset(j, o, "label", dh_jstr(f->label));
    dh_jset(j, o, "kind", dh_jstr(f->kind));
    dh_jset(j, o, "session", dh_ju64(f->session));
    dh_jset(j, o, "winsta", dh_jstr(f->winsta));
    dh_jset(j, o, "desktop", dh_jstr(f->desktop));
    dh_jset(j, o, "process", dh_jstr(f->process));
    dh_jset(j, o, "member", dh_jstr(f->member));
    dh_jset(j, o, "member_index",
        f->member != NULL ? dh_ju64(f->member_index) : json_null());
    dh_jset(j, o, "symptom", dh_jstr(f->symptom));
    dh_jset(j, o, "need_bytes", dh_ju64(f->need_bytes));
    dh_jset(j, o, "free_bytes", dh_ju64(f->free_bytes));
    dh_jset(j, o, "limit", dh_jstr(f->limit));
    dh_jset(j, o, "heap_outcome", dh_jstr(f->heap_outcome));
    dh_jset(j, o, "largest_free_bytes", dh_ju64(f->largest_free_bytes));
    dh_jset(j, o, "applied", dh_ju64(f->applied));
    return o;
}

static json_t *failures_obj(dh_jc *j, const dh_result *r)
{
    json_t *o = json_object();
    for (int k = 0; k < DH_EV_KIND_COUNT; k++)
        if (r->failures[k] != 0)
            dh_jset(j, o, dh_event_kind_name((dh_event_kind)k),
                dh_ju64(r->failures[k]));
    return o;
}

static json_t *repeats_arr(dh_jc *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nrepeats; i++) {
        const dh_repeat_result *rr = &r->repeats[i];
        json_t *o = json_object();
        dh_jset(j, o, "label", dh_jstr(rr->label));
        dh_jset(j, o, "step", dh_ju64(rr->step));
        dh_jset(j, o, "succeeded", dh_ju64(rr->succeeded));
        dh_jset(j, o, "stopped_by", dh_jstr(rr->stopped_by));
        dh_jset(j, o, "failed_member", dh_jstr(rr->failed_member));
        dh_jpush(j, a, o);
    }
    return a;
}

static json_t *snapshots_arr(dh_jc *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nsnapshots; i++) {
        const dh_snapshot *s = &r->snapshots[i];
        json_t *o = json_object();
        dh_jset(j, o, "label", dh_jstr(s->label));
        dh_jset(j, o, "step", dh_ju64(s->step));
        dh_jset(j, o, "sessions", sessions_arr(j, s));
        dh_jpush(j, a, o);
    }
    return a;
}

static json_t *scenario_obj(dh_jc *j, const dh_scenario *sc)
{
    json_t *o = json_object();
    dh_jset(j, o, "name", dh_jstr(sc != NULL ? sc->name : NULL));
    dh_jset(j, o, "source", dh_jstr(sc != NULL ? sc->source : NULL));
    dh_jset(j, o, "file", dh_jstr(sc != NULL ? sc->file : NULL));
    return o;
}

static json_t *report_obj(dh_jc *j, const dh_result *r)
{
    json_t *o = json_object();
    dh_jset(j, o, "dheapsim_version", dh_jstr(DH_VERSION));
    dh_jset(j, o, "scenario", scenario_obj(j, r->scenario));
    dh_jset(j, o, "os", dh_jstr(r->config.profile->id));
    dh_jset(j, o, "os_name", dh_jstr(r->config.profile->name));
    dh_jset(j, o, "config", config_obj(j, r));
    dh_jset(j, o, "sessions", sessions_arr(j, &r->final));
    dh_jset(j, o, "events", events_arr(j, r));
    dh_jset(j, o, "events_dropped", dh_ju64(r->events_dropped));
    dh_jset(j, o, "first_failure", first_failure_obj(j, &r->first_failure));
    dh_jset(j, o, "failures", failures_obj(j, r));
    json_t *lg = json_object();
    dh_jset(j, lg, "event_243", dh_ju64(r->logged_243));
    dh_jset(j, lg, "event_244", dh_ju64(r->logged_244));
    dh_jset(j, o, "events_logged", lg);
    dh_jset(j, o, "repeat_results", repeats_arr(j, r));
    dh_jset(j, o, "snapshots", snapshots_arr(j, r));
    dh_jset(j, o, "steps_applied", dh_ju64(r->steps_applied));
    /* the run was cut after this many iterations (stop_after_applied) */
    dh_jset(j, o, "stopped_after_applied", r->stopped_after
            ? dh_ju64(r->steps_applied) : json_null());
    return o;
}

dh_status dh_report_json(const dh_result *r, char **out)
{
    dh_jc j = {false};
    json_t *root = report_obj(&j, r);
    return dh_json_take(root, j.oom, out);
}

/* ------------------------------------------------------------ shared */

json_t *dh_json_scenario(dh_jc *j, const dh_scenario *sc)
{
    return scenario_obj(j, sc);
}

json_t *dh_json_config(dh_jc *j, const dh_result *r)
{
    return config_obj(j, r);
}

json_t *dh_json_sessions(dh_jc *j, const dh_snapshot *snap)
{
    return sessions_arr(j, snap);
}

json_t *dh_json_first_failure(dh_jc *j, const dh_failure *f)
{
    return first_failure_obj(j, f);
}


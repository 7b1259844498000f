/*
 * recommend_probe.c — one probe of recommend's search: a dh_run at the
 * values probed (observed used_pct kept as bytes), read into a verdict per
 * heap kind (rule 1's interactive / non-interactive / fixed heaps, view
 * space: rule 2) against the headroom; and the memo of probes run.
 */
#include "recommend_private.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int kind_of(const char *station, const char *desktop)
{
    if (station == NULL || desktop == NULL)
        return K_VIEW;
    if (!dh_station_is_interactive(station))
        return K_NONINT;
    if (strcasecmp(desktop, "Winlogon") == 0 ||
        strcasecmp(desktop, "Disconnect") == 0)
        return K_FIXED;
    return K_INTER;
}

static void mark(verdict *v, int k, const char *fmt, const char *a,
                 const char *b, uint64_t x, uint64_t y)
{
    if (v->bad[k])
        return;
    v->bad[k] = true;
    snprintf(v->what[k], sizeof v->what[k], fmt, a, b, x, y);
}

/* Rescale used_pct charges so each brings its desktop to the bytes it was
 * observed at under the scenario's own registry, whatever the heap size
 * now: an observed usage is bytes, not a percentage of a future size. */
static void rescale(const search *S, dh_step *steps, const dh_config *c)
{
    for (size_t i = 0; i < S->copy.nsteps; i++) {
        dh_step *s = &steps[i];
        if (s->kind != DH_STEP_CHARGE || !s->used_pct_given)
            continue;
        dh_heap_rule rule;
        uint64_t h = dh_rule_desktop_heap_size(c, s->station, s->name, 0,
                                               false, &rule);
        uint64_t m = h == 0 ? 100000
                            : (S->target[i] * 100000 + h - 1) / h;
        s->used_pct_milli = m > 100000 ? 100000 : m;
    }
}

/* pb: the heap sizes the probed values set, by kind. */
static void check_heaps(const search *S, const uint64_t *pb,
                        const dh_snapshot *snap, verdict *v)
{
    uint64_t lim = 100 - S->headroom;
    for (size_t i = 0; i < snap->nsessions; i++) {
        const dh_session_rec *s = &snap->sessions[i];
        if (s->view_used > v->view_used)
            v->view_used = s->view_used;
        if (s->view_size > v->view_size)
            v->view_size = s->view_size;
        /* the headroom holds for view space too (issue 17 item 4) */
        if (s->view_size != 0 && s->view_used * 100 > lim * s->view_size &&
            !v->bad[K_VIEW]) {
            v->bad[K_VIEW] = true;
            snprintf(v->what[K_VIEW], sizeof v->what[K_VIEW], "session %"
                     PRIu32 "'s view space uses %" PRIu64 " of %" PRIu64
                     " KB, above the headroom limit (%" PRIu64 " %%)", s->id,
                     s->view_used / DH_KB, s->view_size / DH_KB, lim);
        }
        for (size_t k = 0; k < s->ndesktops; k++) {
            const dh_desktop_rec *d = &s->desktops[k];
            int kd = kind_of(d->winsta, d->desktop);
            v->inter_seen |= kd == K_INTER;
            v->nonint_seen |= kd == K_NONINT;
            bool over = d->used_bytes * 100 > lim * d->heap_bytes;
            if (over)
                mark(v, kd, "%s\\%s uses %" PRIu64 " of %" PRIu64 " bytes, "
                     "above the headroom limit", d->winsta, d->desktop,
                     d->used_bytes, d->heap_bytes);
            if (d->heap_bytes == pb[kd] && kd != K_FIXED) {
                if (d->used_bytes > v->peak[kd])
                    v->peak[kd] = d->used_bytes;
            } else if (over) {
                v->other[kd] = true;
            }
        }
    }
}

static bool in_snapshot(const dh_snapshot *snap, const char *st,
                        const char *dt)
{
    for (size_t i = 0; i < snap->nsessions; i++)
        for (size_t k = 0; k < snap->sessions[i].ndesktops; k++) {
            const dh_desktop_rec *d = &snap->sessions[i].desktops[k];
            if (strcasecmp(d->winsta, st) == 0 &&
                strcasecmp(d->desktop, dt) == 0)
                return true;
        }
    return false;
}

static bool existed(const dh_result *res, const char *st, const char *dt)
{
    if (st == NULL || dt == NULL)
        return false;
    for (size_t i = 0; i < res->nsnapshots; i++)
        if (in_snapshot(&res->snapshots[i], st, dt))
            return true;
    return in_snapshot(&res->final, st, dt);
}

/* Run with SharedSection shared,ikb,nkb and SessionViewSize svs (0: as
 * the scenario has it); stop: at the first failure (*stopped: whether it
 * did). */
static dh_status run_probe(search *S, uint64_t ikb, uint64_t nkb,
                           uint32_t svs, bool stop, verdict *v,
                           bool *stopped);

memo *rec_memo_find(const search *S, uint64_t ikb, uint64_t nkb)
{
    for (size_t i = 0; i < S->nmemo; i++)
        if (S->memos[i].ikb == ikb && S->memos[i].nkb == nkb)
            return &S->memos[i];
    return NULL;
}

static void memo_put(search *S, uint64_t ikb, uint64_t nkb, bool partial,
                     int stopped, const verdict *v);

/* The whole verdict at (ikb, nkb) and SessionViewSize svs (0: the
 * scenario's): a whole run, or one already made. */
dh_status rec_evaluate(search *S, uint64_t ikb, uint64_t nkb, uint32_t svs,
                       verdict *v)
{
    const memo *m = svs == 0 ? rec_memo_find(S, ikb, nkb) : NULL;
    if (m != NULL && !m->partial) {
        *v = m->v;
        return DH_OK;
    }
    bool stopped;
    dh_status st = run_probe(S, ikb, nkb, svs, false, v, &stopped);
    if (st == DH_OK && svs == 0)
        memo_put(S, ikb, nkb, false, 0, v);
    return st;
}

static void memo_put(search *S, uint64_t ikb, uint64_t nkb, bool partial,
                     int stopped, const verdict *v)
{
    if (S->memos == NULL)
        return; /* no room was had: every probe runs */
    memo *m = rec_memo_find(S, ikb, nkb);
    if (m == NULL) {
        m = &S->memos[S->nmemo < MEMO_MAX ? S->nmemo++ : S->memo_next];
        if (S->nmemo == MEMO_MAX)
            S->memo_next = (S->memo_next + 1) % MEMO_MAX;
    }
    *m = (memo){ikb, nkb, partial, stopped, *v};
}

/* Is kind k bad at (ikb, nkb)? A probe for the search: it stops at the
 * first failure when that failure is of kind k (the rest of the run could
 * not make k good again); a failure of another kind first runs it whole.
 * Probes already run are not run again. */
dh_status rec_probe_kind(search *S, uint64_t ikb, uint64_t nkb, int k,
                         verdict *v)
{
    const memo *m = rec_memo_find(S, ikb, nkb);
    if (m != NULL && (!m->partial || m->stopped == k)) {
        *v = m->v;
        return DH_OK;
    }
    bool stopped;
    dh_status st = run_probe(S, ikb, nkb, 0, !S->exhaustive, v, &stopped);
    if (st == DH_OK && stopped && !v->bad[k])
        st = run_probe(S, ikb, nkb, 0, false, v, &stopped);
    if (st == DH_OK)
        memo_put(S, ikb, nkb, stopped, k, v);
    return st;
}

/* One probe, a pure function of its key (the engine is deterministic):
 * reads S, writes only *v, *stopped, *err and steps (its own copy of the
 * scenario's steps to rescale; NULL when nothing is rescaled), so several
 * run at once. */
dh_status rec_probe_exec(const search *S, dh_step *steps, uint64_t ikb,
                         uint64_t nkb, uint32_t svs, bool stop,
                         verdict *v, bool *stopped, dh_error *err)
{
    *stopped = false;
    char ss[96];
    memset(v, 0, sizeof *v);
    snprintf(ss, sizeof ss, "%" PRIu64 ",%" PRIu64 ",%" PRIu64,
             S->base.ss.shared_kb, ikb, nkb);
    dh_run_options o = S->opt;
    o.shared_section = ss;
    o.record_trace = false;
    o.stop_at_failure = stop;
    if (svs != 0) {
        o.svs_given = true;
        o.svs = DH_SVS_SET;
        o.svs_mb = svs;
    }
    dh_registry r = S->base.registry;
    r.shared_section = ss;
    if (svs != 0) {
        r.svs = DH_SVS_SET;
        r.svs_mb = svs;
    }
    dh_config c;
    dh_status st = dh_config_resolve(S->p, &r, &S->base.assume, &c, err);
    if (st != DH_OK)
        return st;
    dh_scenario copy = S->copy;
    if (steps != NULL)
        rescale(S, steps, &c);
    copy.steps = steps != NULL ? steps : S->sc->steps;
    dh_heap_rule rule;
    uint64_t pb[K_COUNT] = {0};
    pb[K_INTER] = dh_rule_desktop_heap_size(&c, "WinSta0", "Default", 0,
                                            false, &rule);
    pb[K_NONINT] = dh_rule_desktop_heap_size(&c, "Service-0x0-3e7$",
                                             "Default", 0, false, &rule);
    dh_result *res = NULL;
    st = dh_run(&copy, &o, &res, err);
    if (st != DH_OK)
        return st;
    *stopped = res->stopped_early;
    for (size_t i = 0; i < res->nevents; i++) {
        const dh_event *e = &res->events[i];
        int k;
        switch (e->kind) {
        case DH_EV_PROCESS_START_FAILED:
            /* a heap failure if its desktop exists; else the desktop could
             * not be created: view space */
            k = existed(res, e->winsta, e->desktop)
                    ? kind_of(e->winsta, e->desktop) : K_VIEW;
            break;
        case DH_EV_EVENTLOG_243:
        case DH_EV_WINDOW_CREATE_FAILED:
        case DH_EV_OBJECT_CREATE_FAILED:
        case DH_EV_CHARGE_FAILED:
            k = kind_of(e->winsta, e->desktop);
            break;
        default:
            k = K_VIEW;
        }
        if (!v->bad[k]) {
            v->bad[k] = true;
            snprintf(v->what[k], sizeof v->what[k], "step %zu: %.200s",
                     e->step, e->text ? e->text : dh_event_kind_name(e->kind));
        }
    }
    if (res->first_failure.happened) {
        const dh_failure *f = &res->first_failure;
        int k = strcmp(f->kind, "desktop_heap") == 0
                    ? kind_of(f->winsta, f->desktop) : K_VIEW;
        if (!v->bad[k]) {
            v->bad[k] = true;
            snprintf(v->what[k], sizeof v->what[k], "step %zu: %s failure "
                     "in %s\\%s", f->step, f->kind,
                     f->winsta ? f->winsta : "?", f->desktop ? f->desktop
                                                             : "?");
        }
    }
    for (size_t i = 0; i < res->nsnapshots; i++)
        check_heaps(S, pb, &res->snapshots[i], v);
    check_heaps(S, pb, &res->final, v);
    dh_result_free(res);
    return DH_OK;
}

/* A probe the search asks for: taken from those run ahead, else run
 * now. Counted either way (the report's runs are the probes the search
 * used, the same at every -j). */
static dh_status run_probe(search *S, uint64_t ikb, uint64_t nkb,
                           uint32_t svs, bool stop, verdict *v,
                           bool *stopped)
{
    S->runs++;
    for (size_t i = 0; i < S->nahead; i++) {
        ahead *a = &S->ahead[i];
        if (a->ikb != ikb || a->nkb != nkb || a->svs != svs ||
            a->stop != stop)
            continue;
        dh_status st = a->st;
        *v = a->v;
        *stopped = a->stopped;
        if (st != DH_OK && S->err != NULL)
            *S->err = a->err;
        S->ahead[i] = S->ahead[--S->nahead]; /* used once */
        if (st != DH_ENOMEM)
            return st;
        break; /* out of memory beside other probes: try it alone */
    }
    return rec_probe_exec(S, S->rescaled ? S->copy.steps : NULL, ikb, nkb,
                          svs, stop, v, stopped, S->err);
}

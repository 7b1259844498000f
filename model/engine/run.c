/*
 * run.c — dh_run: resolves the configuration, starts the declared sessions,
 * interprets each scenario step (with count and repeat_until_failure), and
 * gathers notes, snapshots, repeat results and the CSV trace. In capacity
 * mode (grow_label) one step repeats until failure and the run stops there.
 */
#include "engine_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A step that names something that never existed is a scenario error. */
static dh_status step_error(engine *e, const char *fmt, const char *what)
{
    dh_error *err = e->err;
    dh_status st = dh_error_set(err, DH_EINPUT, fmt, what);
    if (err != NULL && e->r->scenario->file != NULL) {
        snprintf(err->file, sizeof err->file, "%s", e->r->scenario->file);
        err->line = e->cur->line;
        snprintf(err->path, sizeof err->path, "$.steps[%zu]", e->step - 1);
    }
    return st;
}

static void skip_note(engine *e, const char *what, const char *name)
{
    dh_result_note(e->r, "dheapsim", "step %zu (%s): %s '%s' is not "
                   "running; skipped", e->step,
                   dh_step_kind_name(e->cur->kind), what, name);
}

/* The session's index; on a profile without Terminal Services a session
 * other than 0 was refused (a failure, rule 5), so a step in it is
 * skipped with a note and *si is DH_NONE; elsewhere a session not logged
 * on is a scenario error. */
static dh_status session_of(engine *e, uint32_t id, size_t *si)
{
    *si = dh_world_session(&e->w, id);
    if (*si != DH_NONE)
        return DH_OK;
    if (!e->cfg->profile->multi_session && id != 0) {
        dh_result_note(e->r, "seed", "session %u does not exist on %s (no "
                       "Terminal Services: only session 0): its steps are "
                       "skipped", id, e->cfg->profile->id);
        return DH_OK;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%u", id);
    return step_error(e, "session %s is not logged on at this step", buf);
}

/* ------------------------------------------------------------ steps */

static dh_status do_logon(engine *e)
{
    const dh_step *s = e->cur;
    if (!e->cfg->profile->multi_session && s->session != 0)
        return dh_engine_fail_session(e, s->session, "this profile has no "
                                      "Terminal Services: only session 0 "
                                      "exists (seed)");
    if (dh_world_session(&e->w, s->session) != DH_NONE) {
        dh_result_note(e->r, "dheapsim", "step %zu: session %u is already "
                       "logged on; skipped", e->step, s->session);
        return DH_OK;
    }
    return dh_engine_session_start(e, s->session, e->cfg->assume.other_bytes);
}

static dh_status do_logoff(engine *e)
{
    size_t si;
    dh_status st = session_of(e, e->cur->session, &si);
    if (st == DH_OK && si != DH_NONE)
        dh_engine_close_session(e, si);
    return st;
}

static dh_status do_start_service(engine *e)
{
    const dh_step *s = e->cur;
    size_t si, pi;
    dh_status st = session_of(e, 0, &si);
    if (st != DH_OK)
        return st;
    uint64_t luid = 0;
    if (s->account == DH_ACCOUNT_USER)
        luid = s->luid != 0 ? s->luid + (e->iter - 1) : e->w.next_luid++;
    char station[64];
    dh_rule_service_station(s->account, s->interact, luid, station,
                            sizeof station);
    bool winsta0 = dh_station_is_interactive(station);
    st = dh_engine_add_process(e, s->name, si, station, "Default",
                               s->account == DH_ACCOUNT_USER, !winsta0, &pi);
    if (st != DH_OK)
        return st;
    if (dh_grow((void **)&e->w.services, &e->w.capservices, e->w.nservices,
                sizeof *e->w.services) != DH_OK)
        return DH_ENOMEM;
    dh_w_service *sv = &e->w.services[e->w.nservices++];
    sv->name = dh_strdup(s->name);
    sv->account = s->account;
    sv->process = pi;
    sv->running = e->w.processes[pi].running;
    e->w.processes[pi].pinned = sv->running; /* else its slot is free */
    return sv->name ? DH_OK : DH_ENOMEM;
}

/* An IIS worker process (KB 831135): under its pool's identity it gets
 * that logon's own station and desktop, as a service under a user account
 * does; a built-in identity (NetworkService, LocalSystem) its account's.
 * With UseSharedWPDesktop=1 every worker process shares one desktop, on a
 * station of its own: its name is the model's (no source gives it). */
static dh_status do_start_app_pool(engine *e)
{
    const dh_step *s = e->cur;
    size_t si, pi;
    dh_status st = session_of(e, 0, &si);
    if (st != DH_OK)
        return st;
    if (e->cfg->registry.use_shared_wp_desktop)
        return dh_engine_add_process(e, s->name, si, "W3SVC-shared-WP$",
                                     "Default", false, true, &pi);
    uint64_t luid = s->account == DH_ACCOUNT_USER ? e->w.next_luid++ : 0;
    char station[64];
    dh_rule_service_station(s->account, false, luid, station,
                            sizeof station);
    return dh_engine_add_process(e, s->name, si, station, "Default",
                                 s->account == DH_ACCOUNT_USER, true, &pi);
}

static dh_status do_stop_service(engine *e)
{
    size_t v = dh_world_service(&e->w, e->cur->name);
    if (v == DH_NONE)
        return step_error(e, "no service named '%s' was started before "
                          "this step", e->cur->name);
    dh_w_service *sv = &e->w.services[v];
    if (!sv->running) {
        skip_note(e, "service", sv->name);
        return DH_OK;
    }
    sv->running = false;
    dh_engine_unpin_process(e, sv->process);
    if (e->w.processes[sv->process].running)
        dh_engine_stop_process(e, sv->process);
    return DH_OK;
}

/* Split "Station\\Desktop" (the loader checked there is one backslash). */
static void split_desktop(const char *full, char *st, size_t stlen,
                          const char **desk)
{
    const char *bs = strchr(full, '\\');
    size_t n = (size_t)(bs - full);
    snprintf(st, stlen, "%.*s", (int)(n < stlen ? n : stlen - 1), full);
    *desk = bs + 1;
}

/* snprintf(dst, size, "%s", src) without a format to parse: every
 * started process comes here. */
static void copy_name(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static dh_status do_start_process(engine *e)
{
    const dh_step *s = e->cur;
    size_t si, pi;
    char station[256] = "WinSta0";
    const char *desktop = "Default";
    bool per_logon = false, auto_create = false;
    dh_status st;
    if (s->parent != NULL) {
        size_t par = dh_world_process(&e->w, s->parent);
        if (par == DH_NONE && !dh_world_process_known(&e->w, s->parent))
            return step_error(e, "no process named '%s' was started before "
                              "this step", s->parent);
        if (par == DH_NONE) {
            skip_note(e, "parent process", s->parent);
            return DH_OK;
        }
        const dh_w_process *pp = &e->w.processes[par];
        si = pp->session;
        snprintf(station, sizeof station, "%s", pp->station);
        desktop = pp->desktop;
        per_logon = pp->per_logon;
        auto_create = pp->auto_create;
    } else if ((st = session_of(e, s->session, &si)) != DH_OK) {
        return st;
    } else if (si == DH_NONE) { /* its session was refused: skipped */
        return dh_world_know_process_name(&e->w, s->name);
    }
    if (s->desktop != NULL) {
        split_desktop(s->desktop, station, sizeof station, &desktop);
        per_logon = false;
        auto_create = false;
    }
    char desk[256];
    copy_name(desk, sizeof desk, desktop); /* parent may move */
    e->start_parent = s->parent != NULL ? dh_world_process(&e->w, s->parent)
                                        : DH_NONE;
    st = dh_engine_add_process(e, s->name, si, station, desk, per_logon,
                               auto_create, &pi);
    e->start_parent = DH_NONE;
    return st;
}

static dh_status do_start_task(engine *e)
{
    size_t si, pi;
    dh_status st = session_of(e, 0, &si);
    if (st != DH_OK)
        return st;
    /* Seed: SAWinSta\SADesktop is used by processes the Task Scheduler
     * starts (comment 64). */
    return dh_engine_add_process(e, e->cur->name, si, "SAWinSta", "SADesktop",
                                 false, true, &pi);
}

static inline dh_status running_process(engine *e, const char *name,
                                        size_t *pi)
{
    *pi = dh_world_process(&e->w, name);
    if (*pi == DH_NONE && !dh_world_process_known(&e->w, name))
        return step_error(e, "no process named '%s' was started before this "
                          "step", name);
    if (*pi == DH_NONE)
        skip_note(e, "process", name);
    return DH_OK;
}

static dh_status do_stop_process(engine *e)
{
    size_t pi;
    dh_status st = running_process(e, e->cur->name, &pi);
    if (st == DH_OK && pi != DH_NONE)
        dh_engine_stop_process(e, pi);
    return st;
}

static dh_status do_create_window(engine *e)
{
    size_t pi;
    dh_status st = running_process(e, e->cur->process, &pi);
    if (st != DH_OK || pi == DH_NONE)
        return st;
    return dh_engine_create_window(e, pi, e->cur->bytes);
}

static dh_status do_destroy_window(engine *e)
{
    size_t pi;
    dh_status st = running_process(e, e->cur->process, &pi);
    if (st == DH_OK && pi != DH_NONE &&
        !dh_engine_destroy_windows(e, pi, e->cur->which))
        dh_result_note(e->r, "dheapsim", "step %zu: process '%s' has no "
                       "window left to destroy", e->step, e->cur->process);
    return st;
}

static dh_status do_process_op(engine *e)
{
    size_t pi;
    dh_status st = running_process(e, e->cur->process, &pi);
    if (st != DH_OK || pi == DH_NONE)
        return st;
    return e->cur->kind == DH_STEP_CHURN_WINDOWS
               ? dh_engine_churn_window(e, pi)
               : dh_engine_create_objects(e, pi);
}

/* The step's station and desktop (DH_NONE when missing); *gone: its
 * session was refused (no Terminal Services): the step is skipped. */
static dh_status find_desktop(engine *e, bool create_station, size_t *t,
                              size_t *d, bool *gone)
{
    const dh_step *s = e->cur;
    size_t si;
    *t = *d = DH_NONE;
    dh_status st = session_of(e, s->session, &si);
    *gone = si == DH_NONE;
    if (st != DH_OK || *gone)
        return st;
    *t = dh_world_station(&e->w, si, s->station);
    if (*t == DH_NONE && create_station &&
        (st = dh_world_add_station(&e->w, si, s->station, false, t)) != DH_OK)
        return st;
    *d = *t == DH_NONE ? DH_NONE : dh_world_desktop(&e->w, *t, s->name);
    return DH_OK;
}

static dh_status do_create_desktop(engine *e)
{
    size_t t, d;
    bool gone;
    dh_status st = find_desktop(e, true, &t, &d, &gone);
    if (st != DH_OK || gone)
        return st;
    if (d != DH_NONE) {
        dh_result_note(e->r, "dheapsim", "step %zu: desktop %s\\%s already "
                       "exists; CreateDesktop opens it", e->step,
                       e->cur->station, e->cur->name);
        return DH_OK;
    }
    st = dh_engine_create_desktop(e, t, e->cur->name, e->cur->heap_kb, &d);
    if (st == DH_OK && d == DH_NONE)
        dh_engine_tidy_station(e, t);
    return st;
}

static bool desktop_in_use(const engine *e, size_t d)
{
    for (size_t p = 0; p < e->w.nprocesses; p++)
        if (e->w.processes[p].connected && e->w.processes[p].dt == d)
            return true;
    return false;
}

static dh_status do_close_desktop(engine *e)
{
    size_t t, d;
    bool gone;
    dh_status st = find_desktop(e, false, &t, &d, &gone);
    if (st != DH_OK || gone)
        return st;
    if (d == DH_NONE) {
        dh_result_note(e->r, "dheapsim", "step %zu: desktop %s\\%s does not "
                       "exist; nothing to close", e->step, e->cur->station,
                       e->cur->name);
    } else if (desktop_in_use(e, d)) {
        dh_result_note(e->r, "dheapsim", "step %zu: desktop %s\\%s still has "
                       "running processes; not closed", e->step,
                       e->cur->station, e->cur->name);
    } else {
        dh_engine_close_desktop(e, d);
    }
    return DH_OK;
}

static dh_status do_charge(engine *e)
{
    size_t t, d;
    bool gone;
    dh_status st = find_desktop(e, false, &t, &d, &gone);
    if (st != DH_OK || gone)
        return st;
    if (d == DH_NONE) {
        char what[300];
        snprintf(what, sizeof what, "%s\\%s", e->cur->station, e->cur->name);
        return step_error(e, "charge: no open desktop %s at this step", what);
    }
    uint64_t bytes = e->cur->bytes;
    if (e->cur->used_pct_given) {
        /* Bring the desktop to the observed Used Rate: the charge is what
         * the model's own objects do not already account for. */
        const dh_w_desktop *dt = &e->w.desktops[d];
        uint64_t target = dt->heap_bytes / 100000 * e->cur->used_pct_milli +
                          dt->heap_bytes % 100000 * e->cur->used_pct_milli /
                              100000;
        if (target <= dt->used_bytes)
            return DH_OK;
        bytes = target - dt->used_bytes;
    }
    return dh_engine_charge(e, d, bytes);
}

static dh_status add_snapshot(engine *e)
{
    dh_result *r = e->r;
    if (dh_grow((void **)&r->snapshots, &r->capsnapshots, r->nsnapshots,
                sizeof *r->snapshots) != DH_OK)
        return DH_ENOMEM;
    dh_status st = dh_world_snapshot(&e->w, e->cur->label, e->step,
                                     &r->snapshots[r->nsnapshots]);
    if (st == DH_OK)
        st = dh_world_consumers(&e->w, &r->snapshots[r->nsnapshots]);
    r->nsnapshots++;
    return st;
}
static dh_status apply(engine *e);

/* One iteration of a unit: each member in order, each its own count; a
 * member that fails ends the iteration (what it started stays). The
 * unit's iteration is every member's iteration in events and failures. */
static dh_status do_unit(engine *e)
{
    const dh_step *u = e->cur;
    dh_status st = DH_OK;
    e->unit = u;
    e->unit_failed_member = NULL;
    for (size_t m = 0; st == DH_OK && m < u->nmembers; m++) {
        const dh_step *s = &u->members[m];
        e->cur = s;
        e->member = m + 1;
        uint64_t before = e->iter_failures;
        for (uint64_t k = 0; st == DH_OK && k < s->count; k++)
            st = apply(e);
        if (e->iter_failures != before) {
            e->unit_failed_member = s;
            break;
        }
    }
    e->cur = u;
    e->unit = NULL;
    e->member = 0;
    return st;
}

static dh_status apply(engine *e)
{
    switch (e->cur->kind) {
    case DH_STEP_LOGON_SESSION: return do_logon(e);
    case DH_STEP_LOGOFF_SESSION: return do_logoff(e);
    case DH_STEP_START_SERVICE: return do_start_service(e);
    case DH_STEP_STOP_SERVICE: return do_stop_service(e);
    case DH_STEP_START_PROCESS: return do_start_process(e);
    case DH_STEP_START_TASK: return do_start_task(e);
    case DH_STEP_STOP_PROCESS: return do_stop_process(e);
    case DH_STEP_CREATE_WINDOWS: return do_create_window(e);
    case DH_STEP_DESTROY_WINDOWS: return do_destroy_window(e);
    case DH_STEP_CREATE_DESKTOP: return do_create_desktop(e);
    case DH_STEP_CLOSE_DESKTOP: return do_close_desktop(e);
    case DH_STEP_CHARGE: return do_charge(e);
    case DH_STEP_SNAPSHOT: return add_snapshot(e);
    case DH_STEP_CREATE_OBJECTS:
    case DH_STEP_CHURN_WINDOWS: return do_process_op(e);
    case DH_STEP_UNIT: return do_unit(e);
    case DH_STEP_START_APP_POOL: return do_start_app_pool(e);
    case DH_STEP_KIND_COUNT: break;
    }
    return dh_error_set(e->err, DH_EINTERNAL, "unknown step kind");
}

/* ------------------------------------------------------------ the loop */

static dh_status add_session_trace(engine *e, const dh_session_rec *s)
{
    dh_result *r = e->r;
    if (dh_grow((void **)&r->vtrace, &r->capvtrace, r->nvtrace,
                sizeof *r->vtrace) != DH_OK)
        return DH_ENOMEM;
    dh_trace_session *v = &r->vtrace[r->nvtrace++];
    v->step = e->step;
    v->iteration = e->iter;
    v->applied = r->steps_applied;
    v->session = s->id;
    v->fallback = s->fallback;
    v->view_dynamic = s->view_dynamic;
    v->view_size = s->view_size;
    v->view_extent = s->view_extent;
    v->view_used = s->view_used;
    v->shared_heap_bytes = s->shared_heap_bytes;
    v->other_bytes = s->other_bytes;
    return DH_OK;
}

/* What a desktop's last trace row said (compact traces). */
struct dh_trace_last {
    uint64_t used, committed, largest, view, heap;
    bool open;
};

static dh_trace_row *trace_row(dh_result *r)
{
    if (dh_grow((void **)&r->trace, &r->captrace, r->ntrace,
                sizeof *r->trace) != DH_OK)
        return NULL;
    dh_trace_row *row = &r->trace[r->ntrace++];
    memset(row, 0, sizeof *row);
    return row;
}

/* A trace row at this point: desktop `desk` of session sid with the
 * values v, its names taken over (NULL: out of memory, and the other one
 * freed). */
static dh_status put_row(engine *e, uint32_t sid, char *winsta,
                         char *desktop, const struct dh_trace_last *v,
                         dh_heap_rule rule, size_t desk, bool closed)
{
    dh_result *r = e->r;
    dh_trace_row *row = winsta && desktop ? trace_row(r) : NULL;
    if (row == NULL) {
        free(winsta);
        free(desktop);
        return DH_ENOMEM;
    }
    *row = (dh_trace_row){
        .step = e->step, .label = e->cur->label, .session = sid,
        .winsta = winsta, .desktop = desktop, .heap_bytes = v->heap,
        .used_bytes = v->used, .committed_bytes = v->committed,
        .largest_free_bytes = v->largest, .iteration = e->iter,
        .applied = r->steps_applied, .view_bytes = v->view, .rule = rule,
        .desk = desk, .closed = closed,
    };
    return DH_OK;
}

/* Room for the last rows of desktops 0..n-1. */
static dh_status tlast_room(engine *e, size_t n)
{
    if (n <= e->ntlast)
        return DH_OK;
    size_t cap = e->ntlast ? e->ntlast : 16;
    while (cap < n)
        cap *= 2;
    struct dh_trace_last *p = realloc(e->tlast, cap * sizeof *p);
    if (p == NULL)
        return DH_ENOMEM;
    memset(p + e->ntlast, 0, (cap - e->ntlast) * sizeof *p);
    e->tlast = p;
    e->ntlast = cap;
    return DH_OK;
}

/* A closed row for each desktop whose last row had it open and that is
 * closed now (its names from the world, its values its last). */
static dh_status trace_closed(engine *e)
{
    for (size_t d = 0; d < e->ntlast && d < e->w.ndesktops; d++) {
        struct dh_trace_last *l = &e->tlast[d];
        const dh_w_desktop *dt = &e->w.desktops[d];
        if (!l->open || dt->open)
            continue;
        const dh_w_station *st = &e->w.stations[dt->station];
        dh_status rc = put_row(e, e->w.sessions[st->session].id,
                               dh_strdup(st->name), dh_strdup(dt->name), l,
                               dt->rule, d, true);
        if (rc != DH_OK)
            return rc;
        l->open = false;
    }
    return DH_OK;
}

/* One compact trace point straight from the world: a session row per
 * active session, a row per open desktop that changed since its last row
 * (in dheapmon's order, as a snapshot has them), a closed row per desktop
 * closed since. Linear in the open desktops (and a sort), where a full
 * snapshot is sessions x desktops. */
static dh_status add_trace_compact(engine *e)
{
    dh_world *w = &e->w;
    dh_result *r = e->r;
    dh_status st = tlast_room(e, w->ndesktops);
    dh_desk_order *ss = malloc((w->nsessions + 1) * sizeof *ss);
    dh_desk_order *dk = malloc((w->ndesktops + 1) * sizeof *dk);
    size_t ns = 0, nd = 0;
    if (st == DH_OK && (ss == NULL || dk == NULL))
        st = DH_ENOMEM;
    for (size_t i = 0; st == DH_OK && i < w->nsessions; i++)
        if (w->sessions[i].active) /* (id, 0, index): sorted by id */
            ss[ns++] = (dh_desk_order){w->sessions[i].id, 0, i};
    for (size_t d = 0; st == DH_OK && d < w->ndesktops; d++) {
        const dh_w_station *t = &w->stations[w->desktops[d].station];
        if (w->desktops[d].open && t->open)
            dk[nd++] = (dh_desk_order){w->sessions[t->session].id,
                                       w->desktops[d].station, d};
    }
    if (st == DH_OK) {
        qsort(ss, ns, sizeof *ss, dh_world_display_order); /* ids unique */
        qsort(dk, nd, sizeof *dk, dh_world_display_order);
    }
    for (size_t i = 0, k = 0; st == DH_OK && i < ns; i++) {
        dh_session_rec head;
        dh_world_session_head(w, ss[i].desktop, &head);
        st = add_session_trace(e, &head);
        for (; st == DH_OK && k < nd && dk[k].session_id <= head.id; k++) {
            if (dk[k].session_id != head.id)
                continue;
            const dh_w_desktop *dt = &w->desktops[dk[k].desktop];
            struct dh_trace_last *l = &e->tlast[dk[k].desktop];
            dh_heap_stats hs;
            dh_heap_get_stats(dt->heap, &hs);
            if (l->open && l->used == dt->used_bytes &&
                l->committed == hs.committed &&
                l->largest == hs.largest_free && l->view == dt->view_bytes &&
                l->heap == dt->heap_bytes)
                continue; /* unchanged since its last row */
            struct dh_trace_last now = {dt->used_bytes, hs.committed,
                                        hs.largest_free, dt->view_bytes,
                                        dt->heap_bytes, true};
            st = put_row(e, head.id, dh_strdup(w->stations[dt->station].name),
                         dh_strdup(dt->name), &now, dt->rule, dk[k].desktop,
                         false);
            if (st != DH_OK)
                break;
            *l = now;
        }
    }
    free(ss);
    free(dk);
    if (st == DH_OK)
        st = trace_closed(e);
    if (st == DH_OK)
        r->trace_points++;
    return st;
}

/* One trace point: a row per open desktop, and with sessions (the
 * trace_iterations runs) a row per session for the view-space plot and a
 * closed row per desktop closed since; compact traces: add_trace_compact. */
static dh_status add_trace(engine *e, bool sessions)
{
    if (sessions && e->r->trace_compact)
        return add_trace_compact(e);
    dh_snapshot snap;
    dh_result *r = e->r;
    bool keyed = sessions; /* trace_iterations: rows keyed, closes noted */
    dh_status st = dh_world_snapshot(&e->w, NULL, e->step, &snap);
    if (st == DH_OK && keyed)
        st = tlast_room(e, e->w.ndesktops);
    for (size_t i = 0; st == DH_OK && i < snap.nsessions; i++) {
        const dh_session_rec *s = &snap.sessions[i];
        if (sessions)
            st = add_session_trace(e, s);
        for (size_t j = 0; st == DH_OK && j < s->ndesktops; j++) {
            dh_desktop_rec *dr = &s->desktops[j];
            struct dh_trace_last now = {dr->used_bytes, dr->committed_bytes,
                                        dr->largest_free_bytes, dr->view_bytes,
                                        dr->heap_bytes, true};
            st = put_row(e, s->id, dr->winsta, dr->desktop, &now, dr->rule,
                         dr->world_index, false);
            dr->winsta = dr->desktop = NULL; /* the row's now (or freed) */
            if (st == DH_OK && keyed)
                e->tlast[dr->world_index] = now;
        }
    }
    dh_snapshot_free(&snap);
    if (st == DH_OK && keyed)
        st = trace_closed(e);
    if (st == DH_OK && sessions)
        r->trace_points++;
    return st;
}

/* Which iterations a trace_iterations run records (see engine.h): the
 * rule below up to the point budget; beyond it, points at least
 * trace_gap iterations apart, the gap doubling every budget / 4 points,
 * and the run's first failure always. */
static bool sample_iteration(engine *e, uint64_t limit)
{
    dh_result *r = e->r;
    const dh_failure *f = &r->first_failure;
    bool first_fail = e->iter_failures != 0 && f->happened &&
                      f->step == e->step && f->iteration == e->iter;
    bool rule = e->iter <= DH_TRACE_DENSE || e->iter % DH_TRACE_STRIDE == 0 ||
                e->iter == limit || e->iter_failures != 0;
    if (r->trace_points < e->trace_budget)
        return rule;
    uint64_t x = r->steps_applied;
    if (e->trace_gap == 0) { /* the budget reached: half the density */
        r->trace_thinned = true;
        e->trace_gap = 2 * (x / e->trace_budget + 1);
        e->trace_next = x + e->trace_gap;
    }
    if (first_fail)
        return true;
    if (!rule || x < e->trace_next)
        return false;
    uint64_t beyond = r->trace_points - e->trace_budget + 1;
    if (beyond % (e->trace_budget / 4 ? e->trace_budget / 4 : 1) == 0 &&
        e->trace_gap <= UINT64_MAX / 2)
        e->trace_gap *= 2;
    e->trace_next = x + e->trace_gap;
    return true;
}

static dh_status add_repeat(engine *e, uint64_t ok, const char *stopped_by)
{
    dh_result *r = e->r;
    if (dh_grow((void **)&r->repeats, &r->caprepeats, r->nrepeats,
                sizeof *r->repeats) != DH_OK)
        return DH_ENOMEM;
    dh_repeat_result *rr = &r->repeats[r->nrepeats++];
    rr->label = dh_strdup(e->cur->label);
    rr->failed_member = NULL;
    if (e->cur->kind == DH_STEP_UNIT && e->unit_failed_member != NULL &&
        strcmp(stopped_by, "repeat_limit") != 0)
        rr->failed_member =
            dh_strdup(dh_step_display_name(e->unit_failed_member));
    rr->step = e->step;
    rr->succeeded = ok;
    rr->stopped_by = stopped_by;
    return DH_OK;
}

static void peak_of(engine *e, size_t i)
{
    const dh_w_session *s = &e->w.sessions[i];
    uint64_t used = s->active ? dh_viewspace_used(&s->view) : 0;
    if (used > e->r->view_peak_bytes) {
        e->r->view_peak_bytes = used;
        e->r->view_peak_session = s->id;
    }
}

/* Peak view space use: the most one session has mapped after any
 * iteration (view space is per session). A session whose view did not
 * change since the last check cannot raise the peak, so only the touched
 * ones are looked at, in index order as a full scan would. */
static void check_touched(engine *e)
{
    dh_world *w = &e->w;
    if (w->touched_oom) {
        for (size_t i = 0; i < w->nsessions; i++)
            peak_of(e, i);
    } else {
        for (size_t k = 1; k < w->ntouched; k++) /* a few; insertion sort */
            for (size_t j = k; j > 0 && w->touched[j - 1] > w->touched[j];
                 j--) {
                size_t t = w->touched[j];
                w->touched[j] = w->touched[j - 1];
                w->touched[j - 1] = t;
            }
        for (size_t k = 0; k < w->ntouched; k++)
            peak_of(e, w->touched[k]);
    }
    for (size_t k = 0; k < w->ntouched; k++)
        w->sessions[w->touched[k]].view_touched = false;
    w->ntouched = 0;
    w->touched_oom = false;
}

/* Most iterations map nothing: that test alone is inlined in the loop. */
static inline void note_peak(engine *e)
{
    if (e->w.ntouched != 0 || e->w.touched_oom)
        check_touched(e);
}

/* How the loop runs: the step to grow (0 = none) and whether the run
 * stops at its first failure (capacity mode). */
typedef struct {
    size_t grow_step;
    bool stop_at_failure;
    bool trace;             /* one trace row set per step (CSV) */
    bool iters;             /* trace points after iterations (plots) */
    uint64_t stop_after;    /* stop once this many iterations were
                               applied, all steps (0: never) */
} run_mode;

static dh_status run_step(engine *e, const run_mode *m)
{
    const dh_step *s = e->cur;
    bool grow = e->step == m->grow_step;
    bool repeat = s->repeat_until_failure || grow;
    uint64_t limit = s->count;
    if (grow || (s->repeat_until_failure && !s->count_given))
        limit = e->cfg->assume.repeat_limit;
    uint64_t ok = 0;
    const char *stopped_by = "repeat_limit";
    for (e->iter = 1; e->iter <= limit; e->iter++) {
        e->iter_failures = 0;
        dh_status st = apply(e);
        if (st != DH_OK)
            return st;
        e->r->steps_applied++;
        note_peak(e);
        if (m->iters && sample_iteration(e, limit) &&
            (st = add_trace(e, true)) != DH_OK)
            return st;
        if (repeat && e->iter_failures != 0) {
            stopped_by = e->iter_fail_kind;
            break;
        }
        ok++;
        if (m->stop_at_failure && e->r->first_failure.happened)
            break;
        if (m->stop_after != 0 && e->r->steps_applied >= m->stop_after) {
            e->halted = true;
            e->halted_in_step = e->iter < limit;
            stopped_by = "stop_after";
            break;
        }
    }
    e->iter = limit; /* for anything recorded after the loop */
    dh_status st = DH_OK;
    if (repeat)
        st = add_repeat(e, ok, stopped_by);
    if (st == DH_OK && m->trace)
        st = add_trace(e, false);
    return st;
}

static dh_status start_declared_sessions(engine *e, const dh_scenario *sc)
{
    uint64_t other0 = e->cfg->assume.other_bytes;
    for (size_t i = 0; i < sc->nsessions; i++)
        if (sc->sessions[i].id == 0 && sc->sessions[i].other_given)
            other0 = sc->sessions[i].other_bytes;
    dh_status st = dh_engine_session_start(e, 0, other0);
    for (size_t i = 0; st == DH_OK && i < sc->nsessions; i++) {
        const dh_session_decl *d = &sc->sessions[i];
        if (d->id == 0)
            continue;
        if (!e->cfg->profile->multi_session) {
            st = dh_engine_fail_session(e, d->id, "this profile has no "
                                        "Terminal Services: only session 0 "
                                        "exists (seed)");
            continue;
        }
        st = dh_engine_session_start(e, d->id, d->other_given
                                                   ? d->other_bytes
                                                   : e->cfg->assume.other_bytes);
    }
    return st;
}

static dh_status config_notes(dh_result *r)
{
    const dh_config *c = &r->config;
    const dh_shared_section *ss = &c->ss;
    static const char *const which[] = {"1st", "2nd", "3rd", "4th"};
    for (int i = 1; i < 3 && i < ss->count; i++) {
        if (ss->raised_to_min[i])
            dh_result_note(r, "KB 184802", "SharedSection %s value %llu KB "
                           "is below the 128 KB minimum; 128 KB is used",
                           which[i], (unsigned long long)ss->raw_kb[i]);
        if (ss->rounded[i])
            dh_result_note(r, "seed comment 60", "SharedSection %s value "
                           "%llu KB rounded up to a multiple of the %u-byte "
                           "page: %llu KB", which[i],
                           (unsigned long long)ss->raw_kb[i],
                           c->profile->page_size,
                           (unsigned long long)(i == 1 ? ss->interactive_kb
                                                       : ss->noninteractive_kb));
    }
    if (!ss->noninteractive_given)
        dh_result_note(r, "seed; KB Q142676", "SharedSection has no 3rd "
                       "value: non-interactive heaps use the 2nd, %llu KB",
                       (unsigned long long)ss->interactive_kb);
    if (ss->fourth_given)
        dh_result_note(r, "domain-facts s.6 gap 6", "SharedSection 4th value "
                       "%llu is ignored: no public source documents it",
                       (unsigned long long)ss->raw_kb[3]);
    if (c->svs_ignored)
        dh_result_note(r, c->view_rule, "SessionViewSize %u MB is not "
                       "honoured on %s", c->registry.svs_mb, c->profile->id);
    if (c->boot_3gb_ignored)
        dh_result_note(r, "profile table", "/3GB ignored: %s has no /3GB "
                       "switch", c->profile->id);
    if (c->registry.boot_3gb && c->profile->has_3gb &&
        c->profile->view_mode != DH_VIEW_FIXED)
        dh_result_note(r, "assumption", "/3GB is taken not to change view "
                       "space on %s (no source)", c->profile->id);
    if (c->svs_over_practical)
        dh_result_note(r, "seed", "SessionViewSize %u MB is above the ~450 "
                       "MB practical maximum of session view space plus "
                       "session paged pool on 32-bit Windows",
                       c->registry.svs_mb);
    if (c->profile->secondary != NULL)
        dh_result_note(r, "profile table", "%s: %s", c->profile->id,
                       c->profile->secondary);
    return DH_OK;
}

static dh_status resolve(const dh_scenario *sc, const dh_run_options *o,
                         dh_config *cfg, dh_error *err)
{
    const char *os = o && o->os ? o->os : sc->os;
    const dh_profile *p = dh_profile_find(os);
    if (p == NULL)
    {
        char hint[128];
        dh_profile_suggest(os, hint, sizeof hint);
        return dh_error_set(err, DH_EINPUT, "unknown OS profile '%s' (see "
                            "'dheapsim profiles'%s)", os, hint);
    }
    dh_registry reg = sc->registry;
    if (o != NULL && o->shared_section != NULL)
        reg.shared_section = o->shared_section;
    if (o != NULL && o->svs_given) {
        reg.svs = o->svs;
        reg.svs_mb = o->svs_mb;
    }
    if (o != NULL && o->boot_3gb_given)
        reg.boot_3gb = o->boot_3gb;
    dh_assumptions a = sc->assume;
    if (o != NULL && o->empty) { /* --empty: a bare machine */
        a.start_load = false;
        a.overridden |= 1u << DH_A_START_LOAD;
    }
    return dh_config_resolve(p, &reg, &a, cfg, err);
}


/* An unknown grow label: name the labels the scenario has. */
static dh_status unknown_label(const dh_scenario *sc, const char *label,
                               dh_error *err)
{
    char have[300] = "";
    size_t len = 0;
    for (size_t i = 0; i < sc->nsteps && len < sizeof have; i++) {
        const char *l = sc->steps[i].label;
        if (l != NULL && dh_scenario_find_label(sc, l) == i + 1) {
            int n = snprintf(have + len, sizeof have - len, "%s'%s'",
                             len ? ", " : "", l);
            len += n > 0 ? (size_t)n : 0;
        }
    }
    dh_status st = dh_error_set(err, DH_EINPUT, "no step has the label '%s' "
                                "(labels: %s)", label,
                                have[0] ? have : "none");
    if (err != NULL && sc->file != NULL && err->file[0] == '\0')
        snprintf(err->file, sizeof err->file, "%s", sc->file);
    return st;
}

dh_status dh_run(const dh_scenario *sc, const dh_run_options *opt,
                 dh_result **out, dh_error *err)
{
    *out = NULL;
    run_mode mode = {0, false,
                     opt != NULL && opt->record_trace && !opt->trace_iterations,
                     opt != NULL && opt->trace_iterations, 0};
    if (opt != NULL && opt->stop_at_failure)
        mode.stop_at_failure = true;
    if (opt != NULL)
        mode.stop_after = opt->stop_after_applied;
    if (opt != NULL && opt->grow_label != NULL) {
        mode.grow_step = dh_scenario_find_label(sc, opt->grow_label);
        mode.stop_at_failure = true;
        if (mode.grow_step == 0)
            return unknown_label(sc, opt->grow_label, err);
    }
    dh_result *r = calloc(1, sizeof *r);
    if (r == NULL)
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    r->scenario = sc;
    r->grow_step = mode.grow_step;
    dh_status st = resolve(sc, opt, &r->config, err);
    if (st != DH_OK) {
        dh_result_free(r);
        return st;
    }
    /* The registry copy points into the config's own text buffer. */
    r->config.registry.shared_section = r->config.shared_section_text;
    st = dh_work_check(sc, &r->config, opt != NULL ? opt->cost_end
                       : DH_COST_TYPICAL, mode.grow_step, err);
    if (st != DH_OK) {
        dh_result_free(r);
        return st;
    }
    engine e;
    dh_engine_init(&e, &r->config, r, err);
    e.ht = opt != NULL ? opt->heap_trace : NULL;
    dh_engine_find_charged(&e, sc);
    e.cost_end = opt != NULL ? opt->cost_end : DH_COST_TYPICAL;
    r->cost_end = e.cost_end;
    e.trace_budget = opt != NULL && opt->trace_points != 0
                     ? opt->trace_points : DH_TRACE_POINTS;
    if (opt != NULL && opt->trace_every_row)
        e.trace_budget = UINT32_MAX; /* every step's last point: no budget */
    r->trace_compact = mode.iters && !(opt != NULL && opt->trace_every_row);
    dh_step boot = {.kind = DH_STEP_LOGON_SESSION, .count = 1};
    e.cur = &boot;
    e.iter = 1;
    st = config_notes(r);
    if (st == DH_OK)
        st = start_declared_sessions(&e, sc);
    if (st != DH_OK && st != DH_ENOMEM && err != NULL &&
        err->file[0] == '\0' && sc->file != NULL) {
        /* the heaps of a session's first desktops: the SharedSection */
        snprintf(err->file, sizeof err->file, "%s", sc->file);
        snprintf(err->path, sizeof err->path, "$.registry.shared_section");
    }
    note_peak(&e);
    if (st == DH_OK && mode.iters)
        st = add_trace(&e, true); /* step 0: the sessions as they start */
    for (size_t i = 0; st == DH_OK && i < sc->nsteps; i++) {
        if (mode.stop_at_failure && r->first_failure.happened) {
            r->stopped_early = true;
            break;
        }
        e.cur = &sc->steps[i];
        e.step = i + 1;
        st = run_step(&e, &mode);
        if (st == DH_OK && e.halted) {
            /* cut, unless that was the run's last iteration anyway */
            r->stopped_after = e.halted_in_step || i + 1 < sc->nsteps;
            break;
        }
        if (st == DH_OK && opt != NULL && opt->snapshot_step == i + 1) {
            st = dh_world_snapshot(&e.w, NULL, i + 1, &r->at_step);
            r->at_step_of = i + 1;
        }
        if (st != DH_OK && st != DH_ENOMEM && err != NULL &&
            err->file[0] == '\0' && sc->file != NULL) {
            /* an error from below the engine (the allocator's limits):
             * name the step it happened at */
            snprintf(err->file, sizeof err->file, "%s", sc->file);
            err->line = sc->steps[i].line;
            snprintf(err->path, sizeof err->path, "$.steps[%zu]", i);
        }
    }
    if (mode.stop_at_failure && r->first_failure.happened)
        r->stopped_early = true;
    /* Beyond the point budget the run's last iterations may fall between
     * points: the end of the run is always one. */
    if (st == DH_OK && mode.iters && r->nvtrace > 0 &&
        r->vtrace[r->nvtrace - 1].applied != r->steps_applied)
        st = add_trace(&e, true);
    if (st == DH_OK)
        st = dh_world_snapshot(&e.w, "final", sc->nsteps, &r->final);
    if (st == DH_OK)
        st = dh_world_consumers(&e.w, &r->final);
    dh_engine_free(&e);
    if (st != DH_OK) {
        if (st == DH_ENOMEM)
            dh_error_set(err, DH_ENOMEM, "out of memory");
        dh_result_free(r);
        return st;
    }
    *out = r;
    return DH_OK;
}

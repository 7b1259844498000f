/*
 * engine.c — applies a scenario's steps, in order, to the world. It asks the
 * rules for heap sizes, the view-space allocator for room, and records rule
 * 5's failures and symptoms (seed "Where things go wrong"; KB 184802 Event
 * 243/244; seed comment 50: each event logged once per session).
 */
#include "engine_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const SYM_PROCESS =
    "STATUS_DLL_INIT_FAILED (0xC0000142): user32.dll failed to initialize";
static const char *const SYM_WINDOW = "CreateWindowEx returned NULL";
static const char *const SYM_DESKTOP = "CreateDesktop returned NULL";
static const char *const SYM_CHARGE = "desktop heap allocation failed";
static const char *const SYM_SESSION = "session not created";
static const char *const SYM_HANDLES =
    "ERROR_NO_MORE_USER_HANDLES (1158): the USER object is not created";
static const char *const SYM_GDI =
    "GDI object creation returns NULL (GDIProcessHandleQuota)";

static const char *const TEXT_243 = "A desktop heap allocation failed.";
static const char *const TEXT_244 =
    "Failed to create a desktop due to desktop heap exhaustion.";

/* ------------------------------------------------------------ failures */

typedef struct {
    size_t session;          /* world index, DH_NONE for none */
    const char *kind;        /* first_failure.kind */
    dh_event_kind ev;
    int eventlog;            /* 243, 244 or 0 */
    const char *winsta, *desktop, *process;
    const char *symptom;
    uint64_t need, left;
    const char *text;
    const char *limit;       /* which limit; NULL: derived from kind */
    const char *heap_outcome; /* full / fragmented / too_big, or NULL */
    uint64_t largest;        /* largest free block or run */
} failure;

static dh_status set_first_failure(engine *e, const failure *f)
{
    dh_failure *ff = &e->r->first_failure;
    ff->happened = true;
    ff->step = e->step;
    ff->iteration = e->iter;
    /* the iteration in progress, counted over all steps (0: as the
     * sessions start) */
    ff->applied = e->step == 0 ? 0 : e->r->steps_applied + 1;
    ff->kind = f->kind;
    ff->session = f->session != DH_NONE ? e->w.sessions[f->session].id
                                        : e->cur->session;
    ff->symptom = f->symptom;
    ff->need_bytes = f->need;
    ff->free_bytes = f->left;
    ff->limit = f->limit;
    ff->heap_outcome = f->heap_outcome;
    ff->largest_free_bytes = f->largest;
    ff->label = dh_strdup(e->unit != NULL ? e->unit->label : e->cur->label);
    if (e->unit != NULL) {
        ff->member = dh_strdup(dh_step_display_name(e->cur));
        ff->member_index = e->member;
    }
    ff->winsta = dh_strdup(f->winsta);
    ff->desktop = dh_strdup(f->desktop);
    ff->process = dh_strdup(f->process);
    return DH_OK;
}

static dh_status log_event(engine *e, const failure *f, uint32_t sid)
{
    dh_w_session *s = f->session != DH_NONE ? &e->w.sessions[f->session]
                                            : NULL;
    bool *logged = NULL;
    if (s != NULL)
        logged = f->eventlog == 243 ? &s->logged_243 : &s->logged_244;
    e->r->failures[f->eventlog == 243 ? DH_EV_EVENTLOG_243
                                      : DH_EV_EVENTLOG_244]++;
    if (!e->cfg->registry.desktop_heap_logging || logged == NULL || *logged)
        return DH_OK;
    *logged = true;
    if (f->eventlog == 243)
        e->r->logged_243++;
    else
        e->r->logged_244++;
    dh_event ev = {
        .step = e->step, .iteration = e->iter,
        .kind = f->eventlog == 243 ? DH_EV_EVENTLOG_243 : DH_EV_EVENTLOG_244,
        .event_id = f->eventlog, .session = sid,
        .winsta = (char *)f->winsta, .desktop = (char *)f->desktop,
        .process = (char *)f->process,
        .text = (char *)(f->eventlog == 243 ? TEXT_243 : TEXT_244),
    };
    return dh_result_event(e->r, &ev);
}

static dh_status fail(engine *e, const failure *f)
{
    uint32_t sid = f->session != DH_NONE ? e->w.sessions[f->session].id
                                         : e->cur->session;
    dh_status st = DH_OK;
    if (f->eventlog != 0)
        st = log_event(e, f, sid);
    if (st != DH_OK)
        return st;
    dh_event ev = {
        .step = e->step, .iteration = e->iter, .kind = f->ev,
        .session = sid, .winsta = (char *)f->winsta,
        .desktop = (char *)f->desktop, .process = (char *)f->process,
        .text = (char *)f->text,
    };
    e->r->failures[f->ev]++;
    if ((st = dh_result_event(e->r, &ev)) != DH_OK)
        return st;
    if (e->iter_failures++ == 0)
        e->iter_fail_kind = f->kind;
    if (!e->r->first_failure.happened)
        return set_first_failure(e, f);
    return DH_OK;
}

/* ------------------------------------------------------------ desktops */

static void close_desktop_at(engine *e, size_t d)
{
    dh_w_desktop *dt = &e->w.desktops[d];
    dh_w_station *t = &e->w.stations[dt->station];
    if (!dt->open)
        return;
    dh_viewspace_unmap(&e->w.sessions[t->session].view, dt->view_offset,
                       dt->view_bytes);
    dh_world_touch_view(&e->w, t->session);
    dh_objs_desktop_free(e, d);
    dt->open = false;
}

/* The station's own desktop list, not every desktop of the world: a
 * service host that starts and stops per-logon services stays linear. */
static void close_station(engine *e, size_t t)
{
    dh_w_station *s = &e->w.stations[t];
    for (size_t k = 0; k < s->ndesks; k++)
        close_desktop_at(e, s->desks[k]);
    free(s->desks);
    s->desks = NULL;
    s->ndesks = s->capdesks = 0;
    s->open = false;
}

static bool station_has_desktops(engine *e, size_t t)
{
    dh_w_station *s = &e->w.stations[t];
    size_t m = 0;
    for (size_t k = 0; k < s->ndesks; k++) /* drop closed ones */
        if (e->w.desktops[s->desks[k]].open)
            s->desks[m++] = s->desks[k];
    s->ndesks = m;
    return m > 0;
}

static void maybe_close_station(engine *e, size_t t)
{
    dh_w_station *s = &e->w.stations[t];
    if (s->open && s->per_logon && s->attached == 0)
        close_station(e, t);
    else if (s->open && !s->interactive && !station_has_desktops(e, t))
        s->open = false;
}

static uint64_t kb(uint64_t b)
{
    return b / DH_KB;
}

static dh_status view_full(engine *e, size_t si, size_t t, const char *name,
                           uint64_t heap, uint64_t view, const char *process,
                           const char *symptom, dh_event_kind ev)
{
    const dh_viewspace *v = &e->w.sessions[si].view;
    char text[400];
    uint64_t used = dh_viewspace_used(v);
    uint64_t largest = dh_viewspace_largest_free(v);
    snprintf(text, sizeof text, "desktop %s\\%s needs a %llu KB view for "
             "its %llu KB heap; session %u view space has %llu KB used of "
             "%llu KB, largest free run %llu KB",
             e->w.stations[t].name, name, (unsigned long long)kb(view),
             (unsigned long long)kb(heap), e->w.sessions[si].id,
             (unsigned long long)kb(used),
             (unsigned long long)kb(e->cfg->view_size),
             (unsigned long long)kb(largest));
    failure f = {
        .session = si, .kind = "view_space", .ev = ev, .eventlog = 244,
        .winsta = e->w.stations[t].name, .desktop = name, .process = process,
        .symptom = symptom, .need = view, .left = largest, .text = text,
        .limit = "session view space", .largest = largest,
    };
    return fail(e, &f);
}

/* The desktop's heap: the allocator over its size with the heap header
 * at the start (assumptions heap_header_*, heap_fit, max_block_kb), then
 * the desktop's own objects (heapobjs.c). */
static dh_status open_heap(engine *e, size_t di)
{
    const dh_assumptions *a = &e->cfg->assume;
    dh_w_desktop *d = &e->w.desktops[di];
    bool x64 = e->cfg->profile->arch == DH_ARCH_X64;
    dh_heap_params hp = {
        .reserve = d->heap_bytes, .unit = dh_objs_unit(e->cfg),
        .header = x64 ? a->heap_header_x64 : a->heap_header_x86,
        .page = e->cfg->profile->page_size, .max_block = a->max_block,
        .fit = (dh_fit_policy)a->heap_fit,
    };
    if (hp.header >= hp.reserve)
        hp.header = hp.reserve / 2;
    d->heap = dh_heap_new(&hp, e->err);
    if (d->heap == NULL)
        return e->err != NULL && e->err->status != DH_OK ? e->err->status
                                                         : DH_ENOMEM;
    dh_status st;
    dh_ht_open(e, di, &hp);
    d->header = hp.header;
    d->used_bytes = a->used_counts_header ? hp.header : 0;
    dh_alloc_fail f;
    st = dh_objs_desktop_init(e, di, &f);
    if (st == DH_OK && f.limit != NULL)
        st = dh_result_note(e->r, "dheapsim", "desktop %s: its own objects "
                            "do not fit its %llu-byte heap (%s)", d->name,
                            (unsigned long long)d->heap_bytes, f.limit);
    return st;
}

static const char *const load_stations[4] = {
    "Service-0x0-3e7$", "Service-0x0-3e4$", "Service-0x0-3e5$", "WinSta0"};

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void note_charged(engine *e, const dh_step *s, size_t *cap)
{
    if (s->kind != DH_STEP_CHARGE || s->name == NULL ||
        strcasecmp(s->name, "Default") != 0)
        return;
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s->station, load_stations[i]) == 0 && s->session == 0)
            e->charged0[i] = true;
    if (strcasecmp(s->station, "WinSta0") == 0 && s->session != 0 &&
        dh_grow((void **)&e->charged_ws, cap, e->ncharged_ws,
                sizeof *e->charged_ws) == DH_OK)
        e->charged_ws[e->ncharged_ws++] = s->session;
}

/* Which load desktops the scenario charges itself (engine init). */
void dh_engine_find_charged(engine *e, const dh_scenario *sc)
{
    size_t cap = 0;
    for (size_t i = 0; sc != NULL && i < sc->nsteps; i++) {
        note_charged(e, &sc->steps[i], &cap);
        for (size_t m = 0; m < sc->steps[i].nmembers; m++)
            note_charged(e, &sc->steps[i].members[m], &cap);
    }
    if (e->ncharged_ws > 1)
        qsort(e->charged_ws, e->ncharged_ws, sizeof *e->charged_ws, cmp_u32);
}

static bool charged_by_scenario(const engine *e, uint32_t sid,
                                const char *station)
{
    if (sid == 0) {
        for (int i = 0; i < 4; i++)
            if (strcasecmp(station, load_stations[i]) == 0)
                return e->charged0[i];
        return false;
    }
    return e->ncharged_ws != 0 &&
           bsearch(&sid, e->charged_ws, e->ncharged_ws,
                   sizeof *e->charged_ws, cmp_u32) != NULL;
}

/* A real machine's desktop starts loaded (rules/startload.c): charge what
 * its own objects do not already hold; a heap too small for it is filled
 * (and says so). */
static dh_status start_load(engine *e, size_t di)
{
    if (!e->cfg->assume.start_load)
        return DH_OK;
    dh_w_desktop *d = &e->w.desktops[di];
    const dh_w_station *t = &e->w.stations[d->station];
    uint32_t sid = e->w.sessions[t->session].id;
    const char *src = NULL;
    uint64_t target = dh_start_load_bytes(e->cfg->profile, sid, t->name,
                                          d->name, e->cost_end, &src);
    if (target == 0 || charged_by_scenario(e, sid, t->name))
        return DH_OK;
    if (target <= d->used_bytes)
        return DH_OK;
    dh_alloc_fail af;
    size_t n0 = d->own.n;
    dh_status st = dh_objs_charge(e, di, target - d->used_bytes, &af);
    if (st == DH_OK && af.limit != NULL && af.largest > 256) {
        /* a heap too small for what the machine holds: as full as it
         * gets (what the machine's own services would find) */
        d = &e->w.desktops[di];
        st = dh_objs_charge(e, di, af.largest - 128, &af);
    }
    if (st != DH_OK)
        return st;
    d = &e->w.desktops[di];
    for (size_t k = n0; k < d->own.n; k++)
        d->own.v[k].observed = 2; /* reported as the starting load */
    return dh_result_note(e->r, "assumption start_load",
                          "%u\\%s\\%s starts with %llu bytes used, as a "
                          "real machine's (%s; %s end)%s", (unsigned)sid,
                          t->name, d->name,
                          (unsigned long long)e->w.desktops[di].used_bytes,
                          src, dh_cost_end_name(e->cost_end),
                          af.limit != NULL ? ": it did not all fit" : "");
}

/* Create desktop `name` on station t. *out = index, or DH_NONE when the
 * view did not fit (the failure is recorded with symptom). */
static dh_status create_desktop(engine *e, size_t t, const char *name,
                                uint64_t explicit_kb, const char *process,
                                const char *symptom, dh_event_kind ev,
                                size_t *out)
{
    dh_w_station *st = &e->w.stations[t];
    size_t si = st->session;
    dh_w_session *s = &e->w.sessions[si];
    dh_heap_rule rule;
    *out = DH_NONE;
    if (explicit_kb != 0 && !e->cfg->profile->has_createdesktopex)
        dh_result_note(e->r, "CreateDesktopEx docs (domain-facts rule 21)",
                       "heap_kb %llu for desktop %s\\%s ignored: "
                       "CreateDesktopEx heap sizes exist from Vista on",
                       (unsigned long long)explicit_kb, st->name, name);
    uint64_t heap = dh_rule_desktop_heap_size(e->cfg, st->name, name,
                                              explicit_kb, s->fallback, &rule);
    uint64_t view = dh_rule_view_bytes(e->cfg, heap);
    uint64_t off = 0;
    dh_status vs = dh_viewspace_map(&s->view, view, &off);
    if (vs == DH_ENOMEM)
        return DH_ENOMEM;
    if (vs == DH_ELIMIT)
        return view_full(e, si, t, name, heap, view, process, symptom, ev);
    dh_world_touch_view(&e->w, si);
    if (dh_grow((void **)&e->w.desktops, &e->w.capdesktops, e->w.ndesktops,
                sizeof *e->w.desktops) != DH_OK)
        return DH_ENOMEM;
    dh_w_desktop *d = &e->w.desktops[e->w.ndesktops];
    memset(d, 0, sizeof *d);
    if ((d->name = dh_strdup(name)) == NULL)
        return DH_ENOMEM;
    d->station = t;
    d->open = true;
    d->heap_bytes = heap;
    d->view_offset = off;
    d->view_bytes = view;
    d->rule = rule;
    *out = e->w.ndesktops++;
    if (dh_grow((void **)&st->desks, &st->capdesks, st->ndesks,
                sizeof *st->desks) != DH_OK)
        return DH_ENOMEM;
    st->desks[st->ndesks++] = *out;
    dh_status ix = dh_world_index_desktop(&e->w, *out);
    if (ix == DH_OK)
        ix = open_heap(e, *out);
    return ix == DH_OK ? start_load(e, *out) : ix;
}

/* ------------------------------------------------------------ sessions */

static dh_status map_fixed_consumers(engine *e, dh_w_session *s)
{
    const dh_config *c = e->cfg;
    if (c->assume.shared_heap_in_view) {
        uint64_t b = dh_rule_view_bytes(c, c->ss.shared_kb * DH_KB);
        dh_status st = dh_viewspace_map(&s->view, b, &s->shared_off);
        if (st == DH_ENOMEM)
            return st;
        s->shared_bytes = st == DH_OK ? b : 0;
    }
    uint64_t o = dh_rule_view_bytes(c, s->other_bytes);
    dh_status st = dh_viewspace_map(&s->view, o, &s->other_off);
    if (st == DH_ENOMEM)
        return st;
    s->other_mapped = st == DH_OK ? o : 0;
    return DH_OK;
}

static dh_status note_fallback(engine *e, dh_w_session *s, uint64_t need)
{
    char text[400];
    snprintf(text, sizeof text, "session %u: the expected heaps need %llu KB "
             "of view space but only %llu KB exist; interactive heaps other "
             "than Winlogon/Disconnect fall back to %u KB, non-interactive "
             "heaps to %u KB", s->id, (unsigned long long)kb(need),
             (unsigned long long)kb(e->cfg->view_size),
             DH_FALLBACK_INTERACTIVE_KB, DH_FALLBACK_NONINTERACTIVE_KB);
    dh_event ev = {
        .step = e->step, .iteration = e->iter, .kind = DH_EV_FALLBACK,
        .session = s->id, .text = text,
    };
    e->r->failures[DH_EV_FALLBACK]++;
    dh_status st = dh_result_event(e->r, &ev);
    if (st == DH_OK)
        st = dh_result_note(e->r, "seed comment 29; Desktop Heap part 2 "
                            "[P7], [S1]", "%s", text);
    return st;
}

/* The interactive station and its desktops, in the order winlogon creates
 * them (so that dheapmon's newest-first order shows Default first). */
static dh_status create_winsta0(engine *e, size_t si)
{
    size_t t, d;
    dh_status st = dh_world_add_station(&e->w, si, "WinSta0", false, &t);
    if (st != DH_OK)
        return st;
    const char *names[] = {"Winlogon", "Disconnect", "Default"};
    for (size_t i = 0; i < 3; i++) {
        if (i == 1 && e->cfg->profile->disconnect_kb == 0)
            continue; /* Windows 2000 has no Disconnect desktop */
        st = create_desktop(e, t, names[i], 0, NULL, SYM_DESKTOP,
                            DH_EV_DESKTOP_CREATE_FAILED, &d);
        if (st != DH_OK)
            return st;
    }
    return DH_OK;
}

static dh_status start_session(engine *e, uint32_t id, uint64_t other,
                               dh_error *err)
{
    if (dh_grow((void **)&e->w.sessions, &e->w.capsessions, e->w.nsessions,
                sizeof *e->w.sessions) != DH_OK)
        return DH_ENOMEM;
    size_t si = e->w.nsessions;
    dh_w_session *s = &e->w.sessions[si];
    memset(s, 0, sizeof *s);
    s->id = id;
    s->active = true;
    s->other_bytes = other;
    dh_status st = dh_viewspace_init(&s->view, e->cfg->assume.view_granularity,
                                     e->cfg->view_size, err);
    if (st != DH_OK)
        return st;
    e->w.nsessions++;
    if ((st = dh_world_index_session(&e->w, si)) != DH_OK)
        return st;
    dh_world_touch_view(&e->w, si);
    if ((st = map_fixed_consumers(e, s)) != DH_OK)
        return st;
    uint64_t need = 0;
    if (dh_rule_reservation_falls_back(e->cfg, &need)) {
        s->fallback = true;
        if ((st = note_fallback(e, s, need)) != DH_OK)
            return st;
    }
    return create_winsta0(e, si);
}

/* ------------------------------------------------------------ processes */

static const char *outcome_name(dh_heap_outcome o)
{
    return o == DH_HEAP_FRAGMENTED ? "fragmented"
           : o == DH_HEAP_TOO_BIG  ? "too_big" : "full";
}

/* A heap allocation or a handle quota said no (af from heapobjs.c). */
static dh_status alloc_fail(engine *e, size_t d, const dh_alloc_fail *af,
                            const char *process, const char *symptom,
                            dh_event_kind ev, const char *what)
{
    dh_w_desktop *dt = &e->w.desktops[d];
    dh_w_station *t = &e->w.stations[dt->station];
    char text[500];
    bool heap = strcmp(af->kind, "desktop_heap") == 0;
    bool gdi = strcmp(af->kind, "gdi_handle_quota") == 0;
    if (heap)
        snprintf(text, sizeof text, "%s: a block of %llu bytes (%s) does "
                 "not fit desktop heap %s\\%s (%s): %llu of %llu bytes used "
                 "(%.1f %%), %llu free, largest free block %llu", what,
                 (unsigned long long)af->need, dh_obj_type_name(af->type),
                 t->name, dt->name, af->limit,
                 (unsigned long long)dt->used_bytes,
                 (unsigned long long)dt->heap_bytes,
                 100.0 * (double)dt->used_bytes / (double)dt->heap_bytes,
                 (unsigned long long)af->left,
                 (unsigned long long)af->largest);
    else
        snprintf(text, sizeof text, "%s: %s reached (%s): needs %llu more, "
                 "%llu left", what, af->limit,
                 gdi ? "GDI objects cannot be created"
                     : "ERROR_NO_MORE_USER_HANDLES, 1158",
                 (unsigned long long)af->need, (unsigned long long)af->left);
    failure f = {
        .session = t->session, .kind = af->kind, .ev = ev,
        .eventlog = heap ? 243 : 0, .winsta = t->name, .desktop = dt->name,
        .process = process,
        .symptom = heap ? symptom : gdi ? SYM_GDI : SYM_HANDLES,
        .need = af->need, .left = af->left, .text = text,
        .limit = af->limit, .heap_outcome = heap ? outcome_name(af->heap)
                                                 : NULL,
        .largest = af->largest,
    };
    return fail(e, &f);
}

static dh_status no_desktop(engine *e, size_t pi, const char *symptom,
                            dh_event_kind ev)
{
    dh_w_process *p = &e->w.processes[pi];
    char text[300];
    snprintf(text, sizeof text, "process %s names desktop %s\\%s, which "
             "does not exist in session %u", p->name, p->station, p->desktop,
             e->w.sessions[p->session].id);
    failure f = {
        .session = p->session, .kind = "no_desktop", .ev = ev,
        .winsta = p->station, .desktop = p->desktop, .process = p->name,
        .symptom = symptom, .text = text,
    };
    return fail(e, &f);
}

/* Find or create the process's station and desktop and charge its cost.
 * *ok is false when it failed (the failure is recorded). */
static dh_status connect_process(engine *e, size_t pi, const char *symptom,
                                 dh_event_kind ev, bool *ok)
{
    dh_w_process *p = &e->w.processes[pi];
    dh_status st;
    *ok = false;
    size_t t = dh_world_station(&e->w, p->session, p->station);
    size_t d = t == DH_NONE ? DH_NONE : dh_world_desktop(&e->w, t, p->desktop);
    if (d == DH_NONE && (!p->auto_create || dh_station_is_interactive(p->station)))
        return no_desktop(e, pi, symptom, ev);
    if (t == DH_NONE &&
        (st = dh_world_add_station(&e->w, p->session, p->station,
                                   p->per_logon, &t)) != DH_OK)
        return st;
    p = &e->w.processes[pi];
    if (d == DH_NONE) {
        st = create_desktop(e, t, p->desktop, 0, p->name, symptom, ev, &d);
        if (st != DH_OK || d == DH_NONE) {
            maybe_close_station(e, t);
            return st;
        }
    }
    p->dt = d;
    p->connected = true;
    dh_alloc_fail af;
    st = dh_objs_process_start(e, pi, &af);
    p = &e->w.processes[pi];
    if (st != DH_OK || af.limit != NULL) {
        p->connected = false;
        if (st == DH_OK)
            st = alloc_fail(e, d, &af, p->name, symptom, ev,
                            "user32 initialization of the process");
        maybe_close_station(e, t);
        return st;
    }
    e->w.stations[t].attached++;
    *ok = true;
    return DH_OK;
}

static void stop_process_at(engine *e, size_t pi)
{
    dh_w_process *p = &e->w.processes[pi];
    if (p->connected) {
        dh_objs_process_free(e, pi);
        dh_w_desktop *d = &e->w.desktops[p->dt];
        dh_w_station *t = &e->w.stations[d->station];
        t->attached--;
        maybe_close_station(e, d->station);
    }
    p->running = false;
    p->connected = false;
    dh_world_recycle_process(&e->w, pi);
}

/* A new process record; target station/desktop copied. */
/* Whether the new process p (started by step s) has a console and a new
 * one of its own, from its subsystem, its parent and the step's
 * "console" (process creation flags, docs/sources.md "conhost"). A
 * service has none: the SCM starts it without one. */
static void console_of(const engine *e, const dh_step *s, dh_w_process *p)
{
    bool console_prog = s->proc_kind == DH_KIND_CONSOLE ||
                        (s->proc_kind == DH_KIND_CATALOGUE &&
                         dh_catalogue_at((size_t)s->catalogue)->console);
    bool parent_console = s->kind == DH_STEP_START_PROCESS &&
                          e->start_parent != DH_NONE &&
                          e->w.processes[e->start_parent].has_console;
    p->has_console = p->new_console = false;
    if (!console_prog || s->kind == DH_STEP_START_SERVICE ||
        s->kind == DH_STEP_START_APP_POOL || !s->uses_user32)
        return;
    switch (s->console) {
    case DH_CONSOLE_AUTO:
        p->has_console = true;
        p->new_console = !parent_console;
        break;
    case DH_CONSOLE_NEW:
    case DH_CONSOLE_NO_WINDOW:
        p->has_console = p->new_console = true;
        break;
    case DH_CONSOLE_INHERIT:
        p->has_console = parent_console;
        break;
    case DH_CONSOLE_DETACHED:
        break;
    }
}

static dh_status add_process(engine *e, const char *name, size_t si,
                             const char *station, const char *desktop,
                             bool per_logon, bool auto_create, size_t *out)
{
    const dh_step *s = e->cur;
    size_t pi;
    if (dh_world_new_process(&e->w, &pi) != DH_OK)
        return DH_ENOMEM;
    dh_w_process *p = &e->w.processes[pi];
    p->name = dh_strdup(name);
    p->station = dh_strdup(station);
    p->desktop = dh_strdup(desktop);
    if (p->name == NULL || p->station == NULL || p->desktop == NULL)
        return DH_ENOMEM;
    p->session = si;
    p->per_logon = per_logon;
    p->auto_create = auto_create;
    p->uses_user32 = s->uses_user32;
    console_of(e, s, p);
    p->start = s;
    p->running = true;
    *out = pi;
    return dh_world_name_process(&e->w, pi);
}

/* Start process pi: connect it now if it loads user32. */
static dh_status launch(engine *e, size_t pi)
{
    bool ok = true;
    dh_status st = DH_OK;
    if (e->w.processes[pi].uses_user32)
        st = connect_process(e, pi, SYM_PROCESS, DH_EV_PROCESS_START_FAILED,
                             &ok);
    if (!ok) {
        e->w.processes[pi].running = false;
        dh_world_recycle_process(&e->w, pi);
    }
    return st;
}

/* ------------------------------------------------------------ public */

dh_status dh_engine_init(engine *e, const dh_config *cfg, dh_result *r,
                         dh_error *err)
{
    memset(e, 0, sizeof *e);
    e->cfg = cfg;
    e->r = r;
    e->err = err;
    e->start_parent = DH_NONE;
    dh_world_init(&e->w, cfg);
    return DH_OK;
}

void dh_engine_free(engine *e)
{
    free(e->charged_ws);
    e->charged_ws = NULL;
    free(e->tlast);
    e->tlast = NULL;
    dh_world_free(&e->w);
}

dh_status dh_engine_session_start(engine *e, uint32_t id, uint64_t other)
{
    return start_session(e, id, other, e->err);
}

/* Exposed to engine_steps.c. */
dh_status dh_engine_fail_session(engine *e, uint32_t id, const char *why)
{
    char text[300];
    snprintf(text, sizeof text, "session %u not created: %s", id, why);
    failure f = {
        .session = DH_NONE, .kind = "session_refused",
        .ev = DH_EV_SESSION_REFUSED, .symptom = SYM_SESSION, .text = text,
    };
    return fail(e, &f);
}

dh_status dh_engine_create_desktop(engine *e, size_t t, const char *name,
                                   uint64_t heap_kb, size_t *out)
{
    return create_desktop(e, t, name, heap_kb, NULL, SYM_DESKTOP,
                          DH_EV_DESKTOP_CREATE_FAILED, out);
}

dh_status dh_engine_add_process(engine *e, const char *name, size_t si,
                                const char *station, const char *desktop,
                                bool per_logon, bool auto_create, size_t *out)
{
    dh_status st = add_process(e, name, si, station, desktop, per_logon,
                               auto_create, out);
    return st == DH_OK ? launch(e, *out) : st;
}

void dh_engine_stop_process(engine *e, size_t pi)
{
    stop_process_at(e, pi);
}

void dh_engine_unpin_process(engine *e, size_t pi)
{
    e->w.processes[pi].pinned = false;
    dh_world_recycle_process(&e->w, pi);
}

void dh_engine_close_desktop(engine *e, size_t d)
{
    size_t t = e->w.desktops[d].station;
    close_desktop_at(e, d);
    maybe_close_station(e, t);
}

void dh_engine_close_session(engine *e, size_t si)
{
    for (size_t p = 0; p < e->w.nprocesses; p++)
        if (e->w.processes[p].running && e->w.processes[p].session == si)
            stop_process_at(e, p);
    for (size_t t = 0; t < e->w.nstations; t++)
        if (e->w.stations[t].open && e->w.stations[t].session == si)
            close_station(e, t);
    dh_w_session *s = &e->w.sessions[si];
    dh_viewspace_free(&s->view);
    s->active = false;
}

/* Connect pi to its desktop if it is not yet (a process that creates its
 * first window). *ok false: it failed, the failure is recorded. */
static dh_status ensure_connected(engine *e, size_t pi, bool *ok)
{
    *ok = e->w.processes[pi].connected;
    if (*ok)
        return DH_OK;
    return connect_process(e, pi, SYM_WINDOW, DH_EV_WINDOW_CREATE_FAILED,
                           ok);
}

/* The windows of the current step: made once a step, as every iteration
 * of a counted step creates the same window. */
static const dh_window_spec *window_spec(engine *e)
{
    const dh_step *s = e->cur;
    if (e->wstep != s) {
        e->wspec = (dh_window_spec){.raw = s->bytes_given ? s->bytes : 0,
                                    .extra = s->wnd_extra,
                                    .chars = s->title_chars,
                                    .props = s->props, .gdi = s->gdi_objects};
        dh_objs_window_requests(e, &e->wspec);
        e->wstep = s;
    }
    return &e->wspec;
}

dh_status dh_engine_create_window(engine *e, size_t pi, uint64_t bytes)
{
    bool ok;
    (void)bytes;
    dh_status st = ensure_connected(e, pi, &ok);
    if (st != DH_OK || !ok)
        return st;
    dh_alloc_fail af;
    /* A counted create_windows step: the process's window array grows
     * once, to hold them all (a repeat until failure may stop early). */
    if (e->iter == 1 && e->cur->kind == DH_STEP_CREATE_WINDOWS &&
        !e->cur->repeat_until_failure)
        dh_objs_reserve_windows(e, pi, e->cur->count);
    st = dh_objs_window(e, pi, window_spec(e), &af);
    if (st != DH_OK || af.limit == NULL)
        return st;
    dh_w_process *p = &e->w.processes[pi];
    return alloc_fail(e, p->dt, &af, p->name, SYM_WINDOW,
                      DH_EV_WINDOW_CREATE_FAILED, "a window");
}

/* One iteration of churn_windows: a window opens and closes, and
 * leak_bytes stay behind with the process (seed comment 71: IE7). */
dh_status dh_engine_churn_window(engine *e, size_t pi)
{
    dh_status st = dh_engine_create_window(e, pi, 0);
    if (st != DH_OK || e->iter_failures > 0)
        return st;
    dh_w_process *p = &e->w.processes[pi];
    dh_objs_window_free(e, pi, p->nwindows - 1);
    dh_alloc_fail af;
    if ((st = dh_objs_opaque(e, pi, e->cur->leak_bytes, &af)) != DH_OK ||
        af.limit == NULL)
        return st;
    p = &e->w.processes[pi];
    return alloc_fail(e, p->dt, &af, p->name, SYM_WINDOW,
                      DH_EV_WINDOW_CREATE_FAILED, "a leaked allocation");
}

/* What the program sees when an object of this type does not fit: only a
 * window's failure is CreateWindowEx returning NULL. */
static const char *object_symptom(dh_obj_type t, dh_event_kind *ev)
{
    *ev = DH_EV_OBJECT_CREATE_FAILED;
    switch (t) {
    case DH_OBJ_WINDOW:
    case DH_OBJ_TITLE:
        *ev = DH_EV_WINDOW_CREATE_FAILED;
        return SYM_WINDOW;
    case DH_OBJ_PROPERTY: return "SetProp returned FALSE";
    case DH_OBJ_CLASS: return "RegisterClassEx returned 0";
    case DH_OBJ_MENU:
    case DH_OBJ_MENU_ITEMS: return "CreateMenu or InsertMenuItem failed";
    case DH_OBJ_HOOK: return "SetWindowsHookEx returned NULL";
    case DH_OBJ_THREADINFO:
    case DH_OBJ_IMC:
        return "the thread's first USER call fails (its per-thread USER "
               "state does not fit)";
    default: return SYM_CHARGE;
    }
}

dh_status dh_engine_create_objects(engine *e, size_t pi)
{
    bool ok;
    dh_status st = ensure_connected(e, pi, &ok);
    if (st != DH_OK || !ok)
        return st;
    dh_alloc_fail af;
    st = dh_objs_lines(e, pi, e->cur->objects, e->cur->nobjects, &af);
    if (st != DH_OK || af.limit == NULL)
        return st;
    dh_w_process *p = &e->w.processes[pi];
    dh_event_kind ev;
    const char *symptom = object_symptom(af.type, &ev);
    return alloc_fail(e, p->dt, &af, p->name, symptom, ev, "objects");
}

bool dh_engine_destroy_windows(engine *e, size_t pi, int which)
{
    dh_w_process *p = &e->w.processes[pi];
    if (!p->connected || p->nwindows == 0)
        return false;
    if (which == 0)
        dh_objs_window_free(e, pi, p->nwindows - 1);
    else if (which == 1)
        dh_objs_window_free(e, pi, 0);
    else
        for (size_t i = 1; i < e->w.processes[pi].nwindows; i++)
            dh_objs_window_free(e, pi, i);
    return true;
}

bool dh_engine_destroy_window(engine *e, size_t pi)
{
    return dh_engine_destroy_windows(e, pi, 0);
}

dh_status dh_engine_charge(engine *e, size_t d, uint64_t bytes)
{
    dh_alloc_fail af;
    dh_status st = dh_objs_charge(e, d, bytes, &af);
    if (st != DH_OK || af.limit == NULL)
        return st;
    return alloc_fail(e, d, &af, NULL, SYM_CHARGE, DH_EV_CHARGE_FAILED,
                      "a charge");
}

void dh_engine_tidy_station(engine *e, size_t t)
{
    maybe_close_station(e, t);
}

/*
 * heapobjs.c — the USER objects a process or a desktop holds in a desktop
 * heap: allocation from the catalogue (userobj.c) and recipes (recipes.c)
 * through the heap allocator (deskheap.c), the per-process USER and GDI
 * handle quotas and the session's handle table (domain-facts 2f), release.
 * A failed allocation rolls back what it had taken, as a process whose
 * user32 initialisation fails exits and loses its objects.
 */
#include "engine_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint32_t dh_objs_unit(const dh_config *c)
{
    return c->profile->arch == DH_ARCH_X64 ? 16 : 8;
}

static dh_w_desktop *desk(engine *e, size_t d)
{
    return &e->w.desktops[d];
}

static dh_w_session *session_of(engine *e, size_t d)
{
    return &e->w.sessions[e->w.stations[desk(e, d)->station].session];
}

static dh_status push(dh_w_objs *o, dh_w_obj ob)
{
    if (dh_grow((void **)&o->v, &o->cap, o->n, sizeof *o->v) != DH_OK)
        return DH_ENOMEM;
    o->v[o->n++] = ob;
    return DH_OK;
}

static void heap_failed(engine *e, size_t d, dh_heap_outcome why,
                        dh_obj_type t, uint64_t request, dh_alloc_fail *f)
{
    dh_heap_stats hs;
    dh_heap_get_stats(desk(e, d)->heap, &hs);
    f->limit = why == DH_HEAP_FRAGMENTED ? "desktop heap fragmented"
               : why == DH_HEAP_TOO_BIG  ? "desktop heap block too big"
                                         : "desktop heap full";
    f->kind = "desktop_heap";
    f->heap = why;
    f->type = t;
    f->need = dh_heap_block_bytes(dh_objs_unit(e->cfg), request);
    f->left = hs.free;
    f->largest = hs.largest_free;
}

/* One block of `request` bytes in desktop d. *blk is DH_BLOCK_NONE and f
 * filled when it does not fit. Inline: the farm makes millions of blocks,
 * and a call's entry and exit cost a third of what the engine adds to
 * the allocator's work for each. */
static inline dh_status block(engine *e, size_t d, dh_obj_type t,
                              uint64_t request, dh_block *blk,
                              uint64_t *bytes, dh_alloc_fail *f)
{
    dh_heap_outcome why;
    dh_w_desktop *dt = desk(e, d);
    dh_status st = dh_heap_alloc(dt->heap, request, blk, &why);
    if (st != DH_OK)
        return st;
    if (e->ht != NULL)
        dh_ht_alloc(e, d, request, why == DH_HEAP_OK ? *blk : DH_BLOCK_NONE);
    if (why != DH_HEAP_OK) {
        *blk = DH_BLOCK_NONE;
        heap_failed(e, d, why, t, request, f);
        return DH_OK;
    }
    *bytes = dh_heap_block_size(dt->heap, *blk);
    dt->used_bytes += *bytes;
    return DH_OK;
}

static void unblock(engine *e, size_t d, dh_block blk, uint64_t bytes)
{
    dh_heap_release(desk(e, d)->heap, blk);
    if (e->ht != NULL)
        dh_ht_release(e, d, blk);
    desk(e, d)->used_bytes -= bytes;
}

/* Take n USER handles for process p (NULL: the desktop's own windows).
 * Inline: every window takes one. */
static inline bool take_handles(engine *e, size_t d, dh_w_process *p,
                                uint64_t n, dh_alloc_fail *f)
{
    dh_w_session *s = session_of(e, d);
    uint64_t quota = e->cfg->registry.user_handle_quota;
    if (p != NULL && p->user_handles + n > quota) {
        *f = (dh_alloc_fail){.limit = "USER handle quota",
            .kind = "user_handle_quota", .need = n,
            .left = quota - p->user_handles};
        return false;
    }
    uint64_t cap = e->cfg->assume.session_user_handles;
    if (s->user_handles + n > cap) {
        *f = (dh_alloc_fail){.limit = "session USER handle table",
            .kind = "session_handle_table", .need = n,
            .left = cap > s->user_handles ? cap - s->user_handles : 0};
        return false;
    }
    s->user_handles += n;
    if (p != NULL)
        p->user_handles += n;
    return true;
}

static void give_handles(engine *e, size_t d, dh_w_process *p, uint64_t n)
{
    session_of(e, d)->user_handles -= n;
    if (p != NULL)
        p->user_handles -= n;
}

static bool take_gdi(engine *e, dh_w_process *p, uint64_t n, dh_alloc_fail *f)
{
    uint64_t quota = e->cfg->registry.gdi_handle_quota;
    if (p->gdi_handles + n > quota) {
        *f = (dh_alloc_fail){.limit = "GDI handle quota",
            .kind = "gdi_handle_quota", .need = n,
            .left = quota - p->gdi_handles};
        return false;
    }
    p->gdi_handles += n;
    return true;
}

/* One non-window object (a MENU brings its item array) into o. */
static dh_status object(engine *e, size_t d, dh_w_process *p,
                        const dh_obj_spec *l, uint8_t observed, dh_w_objs *o,
                        dh_alloc_fail *f)
{
    const dh_profile *pr = e->cfg->profile;
    bool handle = dh_obj_takes_user_handle(l->type);
    if (handle && !take_handles(e, d, p, 1, f))
        return DH_OK;
    dh_block b;
    uint64_t bytes = 0;
    uint64_t req = dh_obj_request_bytes(pr, l->type, l->extra, l->chars,
                                        l->bytes);
    if (l->type == DH_OBJ_MENU)
        req = dh_obj_request_bytes(pr, DH_OBJ_MENU, 0, 0, 0);
    dh_status st = block(e, d, l->type, req, &b, &bytes, f);
    if (st == DH_OK && b != DH_BLOCK_NONE)
        st = push(o, (dh_w_obj){.blk = b, .type = (uint8_t)l->type,
                                .observed = observed, .bytes = bytes});
    if (st == DH_OK && b != DH_BLOCK_NONE && l->type == DH_OBJ_MENU &&
        l->extra > 0) {
        dh_obj_spec items = {.type = DH_OBJ_MENU_ITEMS, .count = 1,
                             .extra = l->extra};
        return object(e, d, p, &items, observed, o, f);
    }
    if (st == DH_OK && b == DH_BLOCK_NONE && handle)
        give_handles(e, d, p, 1);
    return st;
}

/* Opaque bytes as blocks of at most opaque_block bytes each. */
static dh_status opaque(engine *e, size_t d, dh_w_process *p, uint64_t bytes,
                        uint8_t observed, dh_w_objs *o, dh_alloc_fail *f)
{
    uint64_t chunk = e->cfg->assume.opaque_block;
    while (bytes > 0 && f->limit == NULL) {
        uint64_t n = bytes < chunk ? bytes : chunk;
        dh_obj_spec l = {.type = DH_OBJ_OPAQUE, .count = 1, .bytes = n};
        dh_status st = object(e, d, p, &l, observed, o, f);
        if (st != DH_OK)
            return st;
        bytes -= n;
    }
    return DH_OK;
}

static void free_objs(engine *e, size_t d, dh_w_process *p, dh_w_objs *o,
                      size_t from)
{
    while (o->n > from) {
        dh_w_obj *ob = &o->v[--o->n];
        unblock(e, d, ob->blk, ob->bytes);
        if (dh_obj_takes_user_handle((dh_obj_type)ob->type))
            give_handles(e, d, p, 1);
    }
}

/* ------------------------------------------------------------ windows */

/* Release window w's blocks; returns their bytes. */
static uint64_t window_blocks_free(engine *e, size_t d, const dh_w_window *w)
{
    dh_heap *h = desk(e, d)->heap;
    uint64_t bytes = dh_w_window_bytes(h, w);
    for (uint8_t i = 0; i < w->n; i++) {
        dh_heap_release(h, w->blk[i]);
        if (e->ht != NULL)
            dh_ht_release(e, d, w->blk[i]);
    }
    desk(e, d)->used_bytes -= bytes;
    return bytes;
}

/* One block of window w; its bytes are added to *total. Inline, as
 * block(): three of these make each of the farm's millions of windows. */
static inline dh_status window_block(engine *e, size_t d, dh_w_window *w,
                                     dh_obj_type t, uint64_t req,
                                     uint64_t *total, dh_alloc_fail *f)
{
    uint64_t bytes = 0;
    dh_block b;
    dh_status st = block(e, d, t, req, &b, &bytes, f);
    if (st == DH_OK && b != DH_BLOCK_NONE) {
        w->blk[w->n++] = b;
        *total += bytes;
    }
    return st;
}

void dh_objs_window_requests(const engine *e, dh_window_spec *s)
{
    const dh_profile *pr = e->cfg->profile;
    s->wnd_req = s->raw ? s->raw
                        : dh_obj_request_bytes(pr, DH_OBJ_WINDOW, s->extra,
                                               0, 0);
    s->title_req = dh_obj_request_bytes(pr, DH_OBJ_TITLE, 0, s->chars, 0);
    s->prop_req = dh_obj_request_bytes(pr, DH_OBJ_PROPERTY, 0, 0, 0);
}

/* Build window w in desktop d: WND (+ extra), title, properties; *total
 * gets its heap bytes. */
static dh_status window_build(engine *e, size_t d, const dh_window_spec *s,
                              dh_w_window *w, uint64_t *total,
                              dh_alloc_fail *f)
{
    memset(w, 0, sizeof *w);
    *total = 0;
    dh_status st = window_block(e, d, w, DH_OBJ_WINDOW, s->wnd_req, total, f);
    if (st == DH_OK && f->limit == NULL && s->chars > 0) {
        st = window_block(e, d, w, DH_OBJ_TITLE, s->title_req, total, f);
        w->titled = 1;
    }
    for (uint64_t i = 0; st == DH_OK && f->limit == NULL && i < s->props; i++)
        st = window_block(e, d, w, DH_OBJ_PROPERTY, s->prop_req, total, f);
    if (f->limit != NULL)
        window_blocks_free(e, d, w);
    return st;
}

static dh_status add_window(engine *e, size_t pi, const dh_window_spec *s,
                            dh_alloc_fail *f)
{
    dh_w_process *p = &e->w.processes[pi];
    size_t d = p->dt;
    /* A counted step reserved room for its windows (engine.c). */
    if (p->nwindows == p->capwindows &&
        dh_grow((void **)&p->windows, &p->capwindows, p->nwindows,
                sizeof *p->windows) != DH_OK)
        return DH_ENOMEM;
    if (s->gdi > 0 && !take_gdi(e, p, s->gdi, f))
        return DH_OK;
    if (!take_handles(e, d, p, 1, f)) {
        p->gdi_handles -= s->gdi;
        return DH_OK;
    }
    dh_w_window *w = &p->windows[p->nwindows];
    uint64_t bytes;
    dh_status st = window_build(e, d, s, w, &bytes, f);
    if (st != DH_OK || f->limit != NULL) {
        give_handles(e, d, p, 1);
        p->gdi_handles -= s->gdi;
        return st;
    }
    w->gdi = (uint32_t)s->gdi;
    p->charged += bytes;
    p->titles += w->titled;
    p->props += s->props; /* all of them: the window was built */
    p->nwindows++;
    return DH_OK;
}

dh_status dh_objs_window(engine *e, size_t pi, const dh_window_spec *w,
                         dh_alloc_fail *f)
{
    memset(f, 0, sizeof *f);
    return add_window(e, pi, w, f);
}

void dh_objs_reserve_windows(engine *e, size_t pi, uint64_t n)
{
    dh_w_process *p = &e->w.processes[pi];
    size_t most = SIZE_MAX / sizeof *p->windows;
    if (n > most - p->nwindows || p->nwindows + n <= p->capwindows)
        return;
    size_t cap = p->nwindows + (size_t)n;
    dh_w_window *v = realloc(p->windows, cap * sizeof *v);
    if (v == NULL)
        return; /* add_window grows it window by window */
    p->windows = v;
    p->capwindows = cap;
}

void dh_objs_window_free(engine *e, size_t pi, size_t wi)
{
    dh_w_process *p = &e->w.processes[pi];
    dh_w_window *w = &p->windows[wi];
    uint64_t bytes = window_blocks_free(e, p->dt, w);
    give_handles(e, p->dt, p, 1);
    p->gdi_handles -= w->gdi;
    p->charged -= bytes;
    p->titles -= w->titled;
    p->props -= (uint64_t)(w->n - 1 - w->titled);
    memmove(w, w + 1, (p->nwindows - wi - 1) * sizeof *w);
    p->nwindows--;
}

/* ------------------------------------------------------------ lines */

static void rollback(engine *e, size_t pi, size_t objs0, size_t wins0)
{
    dh_w_process *p = &e->w.processes[pi];
    while (p->nwindows > wins0)
        dh_objs_window_free(e, pi, p->nwindows - 1);
    uint64_t before = e->w.desktops[p->dt].used_bytes;
    free_objs(e, p->dt, p, &p->objs, objs0);
    p->charged -= before - e->w.desktops[p->dt].used_bytes;
}

static dh_status line(engine *e, size_t pi, const dh_obj_spec *l,
                      dh_alloc_fail *f)
{
    dh_w_process *p = &e->w.processes[pi];
    dh_status st = DH_OK;
    for (uint64_t i = 0; st == DH_OK && f->limit == NULL && i < l->count;
         i++) {
        if (l->type == DH_OBJ_WINDOW) {
            dh_window_spec w = {.extra = l->extra, .chars = l->chars,
                                .props = l->props};
            dh_objs_window_requests(e, &w);
            st = add_window(e, pi, &w, f);
            continue;
        }
        uint64_t before = e->w.desktops[p->dt].used_bytes;
        st = l->type == DH_OBJ_OPAQUE
                 ? opaque(e, p->dt, p, l->bytes, 0, &p->objs, f)
                 : object(e, p->dt, p, l, 0, &p->objs, f);
        p->charged += e->w.desktops[p->dt].used_bytes - before;
    }
    return st;
}

dh_status dh_objs_lines(engine *e, size_t pi, const dh_obj_spec *l, size_t n,
                        dh_alloc_fail *f)
{
    dh_w_process *p = &e->w.processes[pi];
    size_t objs0 = p->objs.n, wins0 = p->nwindows;
    dh_status st = DH_OK;
    memset(f, 0, sizeof *f);
    for (size_t i = 0; st == DH_OK && f->limit == NULL && i < n; i++)
        st = line(e, pi, &l[i], f);
    if (st == DH_OK && f->limit != NULL)
        rollback(e, pi, objs0, wins0);
    return st;
}

dh_status dh_objs_opaque(engine *e, size_t pi, uint64_t bytes,
                         dh_alloc_fail *f)
{
    dh_obj_spec l = {.type = DH_OBJ_OPAQUE, .count = 1, .bytes = bytes};
    return bytes == 0 ? (memset(f, 0, sizeof *f), DH_OK)
                      : dh_objs_lines(e, pi, &l, 1, f);
}

/* What the process's kind puts in the heap when user32 initialises. */
dh_status dh_objs_process_start(engine *e, size_t pi, dh_alloc_fail *f)
{
    dh_w_process *p = &e->w.processes[pi];
    const dh_step *s = p->start;
    dh_obj_spec l[2 * DH_RECIPE_MAX_LINES];
    memset(f, 0, sizeof *f);
    if (s->gdi_objects > 0 && !take_gdi(e, p, s->gdi_objects, f))
        return DH_OK;
    dh_status st;
    /* A new console of its own brings a conhost.exe (Windows 7 on): its
     * objects start and stop with the process (rules/catalogue.c). */
    size_t nc = 0;
    if (p->new_console && dh_profile_has_conhost(e->cfg->profile))
        nc = dh_catalogue_lines(dh_catalogue_conhost(), e->cost_end,
                                &e->cfg->assume, e->cfg->profile,
                                l + DH_RECIPE_MAX_LINES, DH_RECIPE_MAX_LINES);
    uint64_t raw = !s->cost_ranged ? s->cost_bytes
                   : e->cost_end == DH_COST_LOW ? s->cost_low
                   : e->cost_end == DH_COST_HIGH ? s->cost_high
                                                 : s->cost_bytes;
    if (s->proc_kind == DH_KIND_RAW && nc == 0)
        st = dh_objs_opaque(e, pi, raw, f);
    else if (s->proc_kind == DH_KIND_OBJECTS)
        st = dh_objs_lines(e, pi, s->objects, s->nobjects, f);
    else {
        size_t n = 0;
        if (s->proc_kind == DH_KIND_RAW && raw > 0)
            l[n++] = (dh_obj_spec){.type = DH_OBJ_OPAQUE, .count = 1,
                                   .bytes = raw};
        else if (s->proc_kind == DH_KIND_CATALOGUE)
            n = dh_catalogue_lines(dh_catalogue_at((size_t)s->catalogue),
                                   e->cost_end, &e->cfg->assume,
                                   e->cfg->profile, l, DH_RECIPE_MAX_LINES);
        else if (s->proc_kind != DH_KIND_RAW)
            n = dh_recipe_lines_at(s->proc_kind, e->cost_end,
                                   &e->cfg->assume, e->cfg->profile, l,
                                   DH_RECIPE_MAX_LINES);
        memmove(l + n, l + DH_RECIPE_MAX_LINES, nc * sizeof *l);
        st = dh_objs_lines(e, pi, l, n + nc, f);
    }
    if (f->limit != NULL && strcmp(f->kind, "gdi_handle_quota") != 0)
        p->gdi_handles -= s->gdi_objects;
    return st;
}

void dh_objs_process_free(engine *e, size_t pi)
{
    dh_w_process *p = &e->w.processes[pi];
    rollback(e, pi, 0, 0);
    p->gdi_handles = 0;
    p->charged = 0;
}

/* ------------------------------------------------------------ desktops */

/* A new desktop's own objects: DESKTOPINFO with its name, the desktop
 * window (cbWndExtra 8), the message-only window (reactos-notes s.2) and
 * the tooltip window Windows adds (reactos-notes s.2, estimate), plus the
 * desktop_baseline_bytes assumption. */
dh_status dh_objs_desktop_init(engine *e, size_t d, dh_alloc_fail *f)
{
    dh_w_desktop *dt = desk(e, d);
    const dh_profile *pr = e->cfg->profile;
    memset(f, 0, sizeof *f);
    dh_obj_spec info = {.type = DH_OBJ_DESKTOPINFO, .count = 1,
                        .chars = strlen(dt->name)};
    dh_status st = object(e, d, NULL, &info, 0, &dt->own, f);
    static const uint64_t extra[] = {8, 0, 0};
    for (size_t i = 0; st == DH_OK && f->limit == NULL && i < 3; i++) {
        dh_obj_spec w = {.type = DH_OBJ_WINDOW, .count = 1};
        uint64_t bytes = 0;
        dh_block b;
        if (!take_handles(e, d, NULL, 1, f))
            break;
        st = block(e, d, DH_OBJ_WINDOW,
                   dh_obj_request_bytes(pr, DH_OBJ_WINDOW, extra[i], 0, 0),
                   &b, &bytes, f);
        if (st == DH_OK && b != DH_BLOCK_NONE)
            st = push(&dt->own, (dh_w_obj){.blk = b, .type = (uint8_t)w.type,
                                           .bytes = bytes});
    }
    if (st == DH_OK && f->limit == NULL)
        st = opaque(e, d, NULL, e->cfg->assume.desktop_baseline_bytes, 0,
                    &dt->own, f);
    return st;
}

dh_status dh_objs_charge(engine *e, size_t d, uint64_t bytes,
                         dh_alloc_fail *f)
{
    dh_w_desktop *dt = desk(e, d);
    size_t n0 = dt->own.n;
    memset(f, 0, sizeof *f);
    dh_status st = opaque(e, d, NULL, bytes, 1, &dt->own, f);
    if (st == DH_OK && f->limit != NULL)
        free_objs(e, d, NULL, &dt->own, n0);
    return st;
}

/* The desktop goes: its own objects (windows give back their handles). */
void dh_objs_desktop_free(engine *e, size_t d)
{
    dh_w_desktop *dt = desk(e, d);
    for (size_t i = 0; i < dt->own.n; i++)
        if (dt->own.v[i].type == DH_OBJ_WINDOW)
            give_handles(e, d, NULL, 1);
    free(dt->own.v);
    memset(&dt->own, 0, sizeof dt->own);
    dh_heap_delete(dt->heap);
    dt->heap = NULL;
    dh_ht_close(e, d);
    dt->used_bytes = 0;
}

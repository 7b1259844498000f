/*
 * world.c — the arrays of sessions, window stations, desktops, processes and
 * services, their look-ups, and snapshots in dheapmon's display order (the
 * seed's tables: stations in creation order, each station's desktops newest
 * first — Screen-saver above Default in seed comment 64 and in !dskheap).
 */
#include "world.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void free_process(dh_w_process *p)
{
    free(p->name);
    free(p->station);
    free(p->desktop);
    free(p->windows);
    free(p->objs.v);
}

void dh_world_init(dh_world *w, const dh_config *cfg)
{
    memset(w, 0, sizeof *w);
    w->cfg = cfg;
    w->next_luid = cfg->assume.first_logon_luid;
}

void dh_world_free(dh_world *w)
{
    for (size_t i = 0; i < w->nsessions; i++)
        dh_viewspace_free(&w->sessions[i].view);
    for (size_t i = 0; i < w->nstations; i++) {
        free(w->stations[i].name);
        free(w->stations[i].desks);
    }
    for (size_t i = 0; i < w->ndesktops; i++) {
        free(w->desktops[i].name);
        free(w->desktops[i].own.v);
        dh_heap_delete(w->desktops[i].heap);
    }
    for (size_t i = 0; i < w->nprocesses; i++)
        free_process(&w->processes[i]);
    free(w->spare);
    dh_w_pnames_free(&w->pnames);
    for (size_t i = 0; i < w->nservices; i++)
        free(w->services[i].name);
    free(w->sessions);
    free(w->stations);
    free(w->desktops);
    free(w->processes);
    free(w->services);
    free(w->touched);
    dh_w_index_free(&w->station_ix);
    dh_w_index_free(&w->desktop_ix);
    dh_w_index_free(&w->session_ix);
    memset(w, 0, sizeof *w);
}

void dh_world_touch_view(dh_world *w, size_t si)
{
    if (w->sessions[si].view_touched)
        return;
    if (dh_grow((void **)&w->touched, &w->captouched, w->ntouched,
                sizeof *w->touched) != DH_OK) {
        w->touched_oom = true;
        return;
    }
    w->sessions[si].view_touched = true;
    w->touched[w->ntouched++] = si;
}

dh_status dh_world_new_process(dh_world *w, size_t *out)
{
    if (w->nspare > 0) {
        *out = w->spare[--w->nspare];
    } else {
        if (dh_grow((void **)&w->processes, &w->capprocesses, w->nprocesses,
                    sizeof *w->processes) != DH_OK)
            return DH_ENOMEM;
        *out = w->nprocesses++;
    }
    dh_w_process *p = &w->processes[*out];
    memset(p, 0, sizeof *p);
    p->seq = ++w->next_seq;
    return DH_OK;
}

/* Memory stays with what runs, not with how many ever started. Nothing
 * reports a stopped process: its objects are gone, its name is kept in
 * procnames.c, events and failures hold copies of its strings. */
void dh_world_recycle_process(dh_world *w, size_t pi)
{
    dh_w_process *p = &w->processes[pi];
    if (p->seq == 0 || p->running || p->connected || p->pinned)
        return;
    if (dh_grow((void **)&w->spare, &w->capspare, w->nspare,
                sizeof *w->spare) != DH_OK)
        return; /* kept as it is: only memory is lost */
    free_process(p);
    memset(p, 0, sizeof *p);
    w->spare[w->nspare++] = pi;
}

size_t dh_world_service(const dh_world *w, const char *name)
{
    size_t last = DH_NONE;
    for (size_t i = w->nservices; i-- > 0;) {
        if (strcmp(w->services[i].name, name) != 0)
            continue;
        if (w->services[i].running)
            return i;
        if (last == DH_NONE)
            last = i;
    }
    return last;
}

dh_status dh_world_add_station(dh_world *w, size_t session, const char *name,
                               bool per_logon, size_t *out)
{
    if (dh_grow((void **)&w->stations, &w->capstations, w->nstations,
                sizeof *w->stations) != DH_OK)
        return DH_ENOMEM;
    dh_w_station *s = &w->stations[w->nstations];
    memset(s, 0, sizeof *s);
    s->name = dh_strdup(name);
    if (s->name == NULL)
        return DH_ENOMEM;
    s->session = session;
    s->interactive = dh_station_is_interactive(name);
    s->per_logon = per_logon;
    s->open = true;
    *out = w->nstations++;
    return dh_world_index_station(w, *out);
}

static dh_status add_desktop_rec(const dh_world *w, const dh_w_desktop *d,
                                 dh_session_rec *sr)
{
    dh_desktop_rec *r = &sr->desktops[sr->ndesktops++];
    memset(r, 0, sizeof *r);
    r->winsta = dh_strdup(w->stations[d->station].name);
    r->desktop = dh_strdup(d->name);
    if (r->winsta == NULL || r->desktop == NULL)
        return DH_ENOMEM;
    r->heap_bytes = d->heap_bytes;
    r->used_bytes = d->used_bytes;
    r->view_offset = d->view_offset;
    r->view_bytes = d->view_bytes;
    r->rule = d->rule;
    dh_heap_stats hs;
    dh_heap_get_stats(d->heap, &hs);
    r->header_bytes = d->header;
    r->world_index = (size_t)(d - w->desktops);
    r->committed_bytes = hs.committed;
    r->free_bytes = hs.free;
    r->largest_free_bytes = hs.largest_free;
    r->busy_blocks = hs.busy_blocks;
    r->free_blocks = hs.free_blocks;
    sr->total_desktop_bytes += d->heap_bytes;
    return DH_OK;
}

typedef struct {
    size_t station, desktop;
} desk_key;

/* dheapmon's order: stations in creation order, each station's desktops
 * newest first (a total order: no two desktops share an index). */
static int display_order(const void *a, const void *b)
{
    const desk_key *x = a, *y = b;
    if (x->station != y->station)
        return x->station < y->station ? -1 : 1;
    return x->desktop > y->desktop ? -1 : (x->desktop < y->desktop ? 1 : 0);
}

void dh_world_session_head(const dh_world *w, size_t si, dh_session_rec *sr)
{
    const dh_w_session *s = &w->sessions[si];
    memset(sr, 0, sizeof *sr);
    sr->id = s->id;
    sr->fallback = s->fallback;
    sr->view_dynamic = w->cfg->profile->view_mode == DH_VIEW_DYNAMIC;
    sr->view_size = w->cfg->view_size;
    sr->view_extent = s->view.extent * s->view.granule;
    sr->view_used = dh_viewspace_used(&s->view);
    sr->other_bytes = s->other_mapped;
    sr->shared_heap_bytes = s->shared_bytes;
    sr->other_offset = s->other_off;
    sr->shared_heap_offset = s->shared_off;
}

int dh_world_display_order(const void *a, const void *b)
{
    const dh_desk_order *x = a, *y = b;
    if (x->session_id != y->session_id)
        return x->session_id < y->session_id ? -1 : 1;
    if (x->station != y->station)
        return x->station < y->station ? -1 : 1;
    return x->desktop > y->desktop ? -1 : (x->desktop < y->desktop ? 1 : 0);
}

static dh_status snapshot_session(const dh_world *w, size_t si,
                                  dh_session_rec *sr)
{
    dh_world_session_head(w, si, sr);
    size_t n = 0;
    desk_key *idx = malloc((w->ndesktops ? w->ndesktops : 1) * sizeof *idx);
    if (idx == NULL)
        return DH_ENOMEM;
    for (size_t i = 0; i < w->ndesktops; i++) {
        const dh_w_station *t = &w->stations[w->desktops[i].station];
        if (w->desktops[i].open && t->open && t->session == si)
            idx[n++] = (desk_key){w->desktops[i].station, i};
    }
    qsort(idx, n, sizeof *idx, display_order);
    sr->desktops = calloc(n ? n : 1, sizeof *sr->desktops);
    dh_status st = sr->desktops == NULL ? DH_ENOMEM : DH_OK;
    for (size_t k = 0; st == DH_OK && k < n; k++)
        st = add_desktop_rec(w, &w->desktops[idx[k].desktop], sr);
    free(idx);
    return st;
}

dh_status dh_world_snapshot(const dh_world *w, const char *label, size_t step,
                            dh_snapshot *out)
{
    memset(out, 0, sizeof *out);
    out->step = step;
    if (label != NULL && (out->label = dh_strdup(label)) == NULL)
        return DH_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < w->nsessions; i++)
        n += w->sessions[i].active;
    out->sessions = calloc(n ? n : 1, sizeof *out->sessions);
    if (out->sessions == NULL)
        return DH_ENOMEM;
    /* Sessions in id order, whatever order they logged on in. */
    uint32_t last = 0;
    bool first = true;
    for (size_t k = 0; k < n; k++) {
        size_t best = DH_NONE;
        for (size_t i = 0; i < w->nsessions; i++) {
            const dh_w_session *s = &w->sessions[i];
            if (!s->active || (!first && s->id <= last))
                continue;
            if (best == DH_NONE || s->id < w->sessions[best].id)
                best = i;
        }
        dh_status st = snapshot_session(w, best, &out->sessions[k]);
        out->nsessions = k + 1;
        if (st != DH_OK)
            return st;
        last = w->sessions[best].id;
        first = false;
    }
    return DH_OK;
}

void dh_snapshot_free(dh_snapshot *s)
{
    for (size_t i = 0; i < s->nsessions; i++) {
        dh_session_rec *sr = &s->sessions[i];
        for (size_t j = 0; j < sr->ndesktops; j++) {
            free(sr->desktops[j].winsta);
            free(sr->desktops[j].desktop);
            for (size_t k = 0; k < sr->desktops[j].nconsumers; k++)
                free(sr->desktops[j].consumers[k].name);
            free(sr->desktops[j].consumers);
        }
        free(sr->desktops);
    }
    free(s->sessions);
    free(s->label);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------ attribution */

/* The consumer of that name in r, added if new; make_room gave r room. */
static dh_consumer *consumer(dh_desktop_rec *r, const char *name)
{
    for (size_t i = 0; i < r->nconsumers; i++)
        if (strcmp(r->consumers[i].name, name) == 0)
            return &r->consumers[i];
    dh_consumer *c = &r->consumers[r->nconsumers];
    if ((c->name = dh_strdup(name)) == NULL)
        return NULL;
    r->nconsumers++;
    return c;
}

/* Each desktop's consumers in one allocation, room for all it can have:
 * its own two and one per process in it (names merge, so often fewer). */
static dh_status make_room(const dh_world *w, dh_desktop_rec **map)
{
    size_t *n = calloc(w->ndesktops ? w->ndesktops : 1, sizeof *n);
    if (n == NULL)
        return DH_ENOMEM;
    for (size_t i = 0; i < w->nprocesses; i++) {
        const dh_w_process *p = &w->processes[i];
        n[p->dt] += p->running && p->connected;
    }
    dh_status st = DH_OK;
    for (size_t d = 0; st == DH_OK && d < w->ndesktops; d++)
        if (map[d] != NULL &&
            (map[d]->consumers = calloc(n[d] + 2, sizeof(dh_consumer))) == NULL)
            st = DH_ENOMEM;
    free(n);
    return st;
}

static void count_objs(dh_consumer *c, const dh_w_obj *v, size_t n,
                       int observed)
{
    for (size_t i = 0; i < n; i++) {
        if (observed >= 0 && v[i].observed != observed)
            continue;
        c->objects[v[i].type]++;
        c->bytes += v[i].bytes;
    }
}

uint64_t dh_w_window_bytes(const dh_heap *h, const dh_w_window *w)
{
    uint64_t bytes = 0;
    for (uint8_t i = 0; i < w->n; i++)
        bytes += dh_heap_block_size(h, w->blk[i]);
    return bytes;
}

/* A process's bytes are its `charged` and its windows' titles and
 * properties are counted (both kept as its blocks come and go:
 * heapobjs.c), so its windows need not be looked at here. */
static dh_status process_consumer(const dh_w_process *p, dh_desktop_rec *r)
{
    dh_consumer *c = consumer(r, p->name);
    if (c == NULL)
        return DH_ENOMEM;
    c->processes++;
    for (size_t i = 0; i < p->objs.n; i++)
        c->objects[p->objs.v[i].type]++;
    c->objects[DH_OBJ_WINDOW] += p->nwindows;
    c->objects[DH_OBJ_TITLE] += p->titles;
    c->objects[DH_OBJ_PROPERTY] += p->props;
    c->bytes += p->charged;
    return DH_OK;
}

static int by_bytes(const void *a, const void *b)
{
    const dh_consumer *x = a, *y = b;
    if (x->bytes != y->bytes)
        return x->bytes < y->bytes ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* Fill each desktop record's consumers: one pass over the processes. */
dh_status dh_world_consumers(const dh_world *w, dh_snapshot *snap)
{
    dh_desktop_rec **map = calloc(w->ndesktops ? w->ndesktops : 1,
                                  sizeof *map);
    if (map == NULL)
        return DH_ENOMEM;
    dh_status st = DH_OK;
    for (size_t i = 0; i < snap->nsessions; i++) {
        dh_session_rec *sr = &snap->sessions[i];
        for (size_t j = 0; j < sr->ndesktops; j++)
            map[sr->desktops[j].world_index] = &sr->desktops[j];
    }
    st = make_room(w, map);
    for (size_t d = 0; st == DH_OK && d < w->ndesktops; d++) {
        if (map[d] == NULL)
            continue;
        dh_consumer *c = consumer(map[d], "(desktop)");
        if (c == NULL)
            st = DH_ENOMEM;
        else
            count_objs(c, w->desktops[d].own.v, w->desktops[d].own.n, 0);
        bool any = false, load = false;
        for (size_t k = 0; k < w->desktops[d].own.n; k++) {
            any |= w->desktops[d].own.v[k].observed == 1;
            load |= w->desktops[d].own.v[k].observed == 2;
        }
        if (st == DH_OK && any) {
            if ((c = consumer(map[d], "(observed)")) == NULL)
                st = DH_ENOMEM;
            else
                count_objs(c, w->desktops[d].own.v, w->desktops[d].own.n, 1);
        }
        /* the starting load of a real machine (assumption start_load) */
        if (st == DH_OK && load) {
            if ((c = consumer(map[d], "(starting load)")) == NULL)
                st = DH_ENOMEM;
            else
                count_objs(c, w->desktops[d].own.v, w->desktops[d].own.n, 2);
        }
    }
    for (size_t i = 0; st == DH_OK && i < w->nprocesses; i++) {
        const dh_w_process *p = &w->processes[i];
        if (p->running && p->connected && map[p->dt] != NULL)
            st = process_consumer(p, map[p->dt]);
    }
    for (size_t d = 0; d < w->ndesktops; d++)
        if (map[d] != NULL && map[d]->nconsumers > 1)
            qsort(map[d]->consumers, map[d]->nconsumers,
                  sizeof *map[d]->consumers, by_bytes);
    free(map);
    return st;
}

/*
 * worldindex.c — hash indexes over the world's sessions (by id), window
 * stations (by session and name) and desktops (by station and name), so
 * that a farm of thousands of sessions or per-logon stations is not
 * searched linearly. Names compare
 * without case, as Windows object names do. The tables only answer
 * look-ups; nothing iterates them, so hash order never reaches a report.
 */
#include "world.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EMPTY UINT32_MAX

static uint64_t key_hash(size_t owner, const char *name)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)owner;
    h *= 1099511628211ull;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= (uint64_t)tolower(*p);
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static dh_status put(dh_w_index *ix, uint64_t hash, uint32_t item)
{
    if ((ix->n + 1) * 2 > ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        uint32_t *slots = malloc(cap * sizeof *slots);
        uint64_t *hashes = malloc(cap * sizeof *hashes);
        if (slots == NULL || hashes == NULL) {
            free(slots);
            free(hashes);
            return DH_ENOMEM;
        }
        memset(slots, 0xff, cap * sizeof *slots);
        for (size_t i = 0; i < ix->cap; i++) {
            if (ix->slots[i] == EMPTY)
                continue;
            size_t j = ix->hashes[i] & (cap - 1);
            while (slots[j] != EMPTY)
                j = (j + 1) & (cap - 1);
            slots[j] = ix->slots[i];
            hashes[j] = ix->hashes[i];
        }
        free(ix->slots);
        free(ix->hashes);
        ix->slots = slots;
        ix->hashes = hashes;
        ix->cap = cap;
    }
    size_t j = hash & (ix->cap - 1);
    while (ix->slots[j] != EMPTY)
        j = (j + 1) & (ix->cap - 1);
    ix->slots[j] = item;
    ix->hashes[j] = hash;
    ix->n++;
    return DH_OK;
}

void dh_w_index_free(dh_w_index *ix)
{
    free(ix->slots);
    free(ix->hashes);
    memset(ix, 0, sizeof *ix);
}

dh_status dh_world_index_station(dh_world *w, size_t t)
{
    const dh_w_station *s = &w->stations[t];
    return put(&w->station_ix, key_hash(s->session, s->name), (uint32_t)t);
}

dh_status dh_world_index_desktop(dh_world *w, size_t d)
{
    const dh_w_desktop *dt = &w->desktops[d];
    return put(&w->desktop_ix, key_hash(dt->station, dt->name), (uint32_t)d);
}

dh_status dh_world_index_session(dh_world *w, size_t si)
{
    return put(&w->session_ix, key_hash(w->sessions[si].id, ""), (uint32_t)si);
}

/* The active session of that id (at most one is: a logon of an active id
 * is skipped); logged-off ones stay in the index and are passed over. */
size_t dh_world_session(const dh_world *w, uint32_t id)
{
    const dh_w_index *ix = &w->session_ix;
    if (ix->cap == 0)
        return DH_NONE;
    uint64_t h = key_hash(id, "");
    for (size_t j = h & (ix->cap - 1); ix->slots[j] != EMPTY;
         j = (j + 1) & (ix->cap - 1)) {
        const dh_w_session *s = &w->sessions[ix->slots[j]];
        if (ix->hashes[j] == h && s->active && s->id == id)
            return ix->slots[j];
    }
    return DH_NONE;
}

/* The open station of that session and name (the newest if closed ones
 * share its name). */
size_t dh_world_station(const dh_world *w, size_t session, const char *name)
{
    const dh_w_index *ix = &w->station_ix;
    if (ix->cap == 0)
        return DH_NONE;
    uint64_t h = key_hash(session, name);
    for (size_t j = h & (ix->cap - 1); ix->slots[j] != EMPTY;
         j = (j + 1) & (ix->cap - 1)) {
        const dh_w_station *s = &w->stations[ix->slots[j]];
        if (ix->hashes[j] == h && s->open && s->session == session &&
            strcasecmp(s->name, name) == 0)
            return ix->slots[j];
    }
    return DH_NONE;
}

size_t dh_world_desktop(const dh_world *w, size_t station, const char *name)
{
    const dh_w_index *ix = &w->desktop_ix;
    if (ix->cap == 0)
        return DH_NONE;
    uint64_t h = key_hash(station, name);
    for (size_t j = h & (ix->cap - 1); ix->slots[j] != EMPTY;
         j = (j + 1) & (ix->cap - 1)) {
        const dh_w_desktop *d = &w->desktops[ix->slots[j]];
        if (ix->hashes[j] == h && d->open && d->station == station &&
            strcasecmp(d->name, name) == 0)
            return ix->slots[j];
    }
    return DH_NONE;
}

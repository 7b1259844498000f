/*
 * procnames.c — processes by name: for each name ever started, the slots of
 * its processes in start order, so that "the most recent running process
 * of that name" is found without scanning every process ever started, and
 * stopped processes' slots can be recycled (world.c keeps them).
 */
#include "world.h"

#include <stdlib.h>
#include <string.h>

#define EMPTY UINT32_MAX

static uint64_t name_hash(const char *name)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

/* The entry of name, or EMPTY; *slot gets the hash slot it is in or
 * would go to. */
static uint32_t lookup(const dh_w_pnames *t, const char *name, size_t *slot)
{
    if (t->cap == 0)
        return EMPTY;
    size_t j = name_hash(name) & (t->cap - 1);
    while (t->slots[j] != EMPTY && strcmp(t->v[t->slots[j]].name, name) != 0)
        j = (j + 1) & (t->cap - 1);
    *slot = j;
    return t->slots[j];
}

static dh_status rehash(dh_w_pnames *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    uint32_t *slots = malloc(cap * sizeof *slots);
    if (slots == NULL)
        return DH_ENOMEM;
    memset(slots, 0xff, cap * sizeof *slots);
    for (size_t i = 0; i < t->n; i++) {
        size_t j = name_hash(t->v[i].name) & (cap - 1);
        while (slots[j] != EMPTY)
            j = (j + 1) & (cap - 1);
        slots[j] = (uint32_t)i;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return DH_OK;
}

static bool live(const dh_world *w, const dh_w_pname *e, size_t k)
{
    const dh_w_process *p = &w->processes[e->slot[k]];
    return p->seq == e->seq[k] && p->running;
}

/* Drop entries of stopped processes (keeps the order of the rest). */
static void compact(const dh_world *w, dh_w_pname *e)
{
    size_t m = 0;
    for (size_t k = 0; k < e->n; k++)
        if (live(w, e, k)) {
            e->slot[m] = e->slot[k];
            e->seq[m++] = e->seq[k];
        }
    e->n = m;
}

/* The entry of name, made (with no processes) when there is none. */
static dh_status entry_of(dh_w_pnames *t, const char *name, uint32_t *out)
{
    size_t slot = 0;
    uint32_t i = lookup(t, name, &slot);
    if (i == EMPTY) {
        if ((t->n + 1) * 2 > t->cap) {
            if (rehash(t) != DH_OK)
                return DH_ENOMEM;
            lookup(t, name, &slot);
        }
        if (dh_grow((void **)&t->v, &t->capv, t->n, sizeof *t->v) != DH_OK)
            return DH_ENOMEM;
        dh_w_pname *e = &t->v[t->n];
        memset(e, 0, sizeof *e);
        if ((e->name = dh_strdup(name)) == NULL)
            return DH_ENOMEM;
        i = (uint32_t)t->n++;
        t->slots[slot] = i;
    }
    *out = i;
    return DH_OK;
}

dh_status dh_world_know_process_name(dh_world *w, const char *name)
{
    uint32_t i;
    return entry_of(&w->pnames, name, &i);
}

dh_status dh_world_name_process(dh_world *w, size_t pi)
{
    dh_w_pnames *t = &w->pnames;
    const dh_w_process *p = &w->processes[pi];
    uint32_t i;
    if (entry_of(t, p->name, &i) != DH_OK)
        return DH_ENOMEM;
    dh_w_pname *e = &t->v[i];
    if (e->n == e->cap) {
        compact(w, e);
        if (e->cap == 0 || e->n * 2 > e->cap) {
            size_t cap = e->cap ? e->cap * 2 : 4;
            uint32_t *s = realloc(e->slot, cap * sizeof *s);
            if (s == NULL)
                return DH_ENOMEM;
            e->slot = s;
            uint64_t *q = realloc(e->seq, cap * sizeof *q);
            if (q == NULL)
                return DH_ENOMEM;
            e->seq = q;
            e->cap = cap;
        }
    }
    e->slot[e->n] = (uint32_t)pi;
    e->seq[e->n++] = p->seq;
    return DH_OK;
}

bool dh_world_process_known(const dh_world *w, const char *name)
{
    size_t slot = 0;
    return lookup(&w->pnames, name, &slot) != EMPTY;
}

size_t dh_world_find_process(dh_world *w, const char *name)
{
    size_t slot = 0;
    dh_w_pnames *t = &w->pnames;
    /* A repeated step passes the same string each iteration; entries are
     * never removed, so the entry found for it stays right. */
    uint32_t i = name == t->last ? t->last_entry : lookup(t, name, &slot);
    if (i == EMPTY)
        return DH_NONE;
    t->last = name;
    t->last_entry = i;
    dh_w_pname *e = &w->pnames.v[i];
    while (e->n > 0 && !live(w, e, e->n - 1))
        e->n--; /* a stopped process never runs again */
    t->found = e->n > 0 ? e->slot[e->n - 1] : DH_NONE;
    t->found_seq = e->n > 0 ? e->seq[e->n - 1] : 0;
    t->found_at = w->next_seq;
    return t->found;
}

void dh_w_pnames_free(dh_w_pnames *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].name);
        free(t->v[i].slot);
        free(t->v[i].seq);
    }
    free(t->v);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/*
 * hint_ref.c — a deliberately simple reference of the desktop heap under
 * DH_FIT_BEST_HINT, written for the differential checker check_hint.c
 * from the rules alone (reactos-notes s.6 as the brief states them), not
 * from model/alloc/deskheap.c. Not part of the model; slow on purpose.
 *
 * - Blocks are an array in address order (offsets and sizes in units);
 *   inserting or removing one moves the rest.
 * - Each exact size u <= 4 KB has its list as a plain array of block
 *   offsets in list order; entry 0 is the hint. A block that becomes free
 *   in that size goes to index 1 (index 0 if the list is empty); a request
 *   served from that size takes entry 0; a block merged away is found by a
 *   linear search and removed wherever it is.
 * - A request takes the smallest free size that fits (a scan of all
 *   blocks); of that size, the hint if it is an exact size, else the
 *   lowest address. It is split if at least two units are left: the low
 *   part is the new busy block, the rest stays free.
 * - Every count and sum is recomputed from the blocks when asked.
 */
#include "hint_ref.h"

#include <stdlib.h>
#include <string.h>

static uint64_t round_up(uint64_t x, uint64_t m)
{
    return (x + m - 1) / m * m;
}

uint64_t hr_block_bytes(uint32_t unit, uint64_t n)
{
    if (n == 0)
        n = 1;
    if (n > UINT64_MAX - 2 * (uint64_t)unit)
        return UINT64_MAX / unit * unit;
    return round_up(n + unit, unit);
}

static void grow(void **p, size_t *cap, size_t need, size_t each)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap * 2 : 16;
    while (c < need)
        c *= 2;
    *p = realloc(*p, c * each);
    if (*p == NULL)
        abort();
    *cap = c;
}

/* ------------------------------------------------------------------ lists */

static bool exact(const hr_heap *h, uint64_t size)
{
    return size <= h->small_units;
}

/* A block of `size` units at `off` becomes free: after the hint. */
static void list_add(hr_heap *h, uint64_t size, uint64_t off)
{
    if (!exact(h, size))
        return;
    hr_list *l = &h->lists[size];
    grow((void **)&l->off, &l->cap, l->len + 1, sizeof *l->off);
    size_t at = l->len == 0 ? 0 : 1;
    memmove(&l->off[at + 1], &l->off[at], (l->len - at) * sizeof *l->off);
    l->off[at] = off;
    l->len++;
}

/* The free block of `size` units at `off` leaves its list. */
static void list_remove(hr_heap *h, uint64_t size, uint64_t off)
{
    if (!exact(h, size))
        return;
    hr_list *l = &h->lists[size];
    for (size_t i = 0; i < l->len; i++) {
        if (l->off[i] == off) {
            memmove(&l->off[i], &l->off[i + 1],
                    (l->len - i - 1) * sizeof *l->off);
            l->len--;
            return;
        }
    }
    abort(); /* a free block of an exact size is always in its list */
}

/* ----------------------------------------------------------------- blocks */

static void insert_block(hr_heap *h, size_t at, hr_block b)
{
    grow((void **)&h->b, &h->cap, h->n + 1, sizeof *h->b);
    memmove(&h->b[at + 1], &h->b[at], (h->n - at) * sizeof *h->b);
    h->b[at] = b;
    h->n++;
}

static void remove_block(hr_heap *h, size_t at)
{
    memmove(&h->b[at], &h->b[at + 1], (h->n - at - 1) * sizeof *h->b);
    h->n--;
}

static size_t index_of_off(const hr_heap *h, uint64_t off)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->b[i].off == off)
            return i;
    abort();
}

static void update_commit(hr_heap *h)
{
    uint64_t top = h->high_water > h->header ? h->high_water : h->header;
    uint64_t c = round_up(top, h->p.page);
    h->committed = c > h->p.page ? c : h->p.page;
}

/* ------------------------------------------------------------- lifecycle */

void hr_init(hr_heap *h, const dh_heap_params *p)
{
    memset(h, 0, sizeof *h);
    h->p = *p;
    h->unit = p->unit;
    h->header = round_up(p->header, p->unit);
    if (h->header > p->reserve)
        h->header = p->reserve;
    h->small_units = 4096 / p->unit;
    h->lists = calloc(h->small_units + 1, sizeof *h->lists);
    if (h->lists == NULL)
        abort();
    uint64_t units = (p->reserve - h->header) / p->unit;
    h->tiled = units >= 2 ? units * p->unit : 0;
    h->next_id = 1;
    if (units >= 2) {
        insert_block(h, 0, (hr_block){h->header / p->unit, units, true, 0});
        list_add(h, units, h->header / p->unit);
    }
    update_commit(h);
}

void hr_free(hr_heap *h)
{
    for (uint64_t u = 0; u <= h->small_units; u++)
        free(h->lists[u].off);
    free(h->lists);
    free(h->b);
    memset(h, 0, sizeof *h);
}

/* ------------------------------------------------------------ allocation */

static uint64_t free_bytes(const hr_heap *h)
{
    uint64_t f = 0;
    for (size_t i = 0; i < h->n; i++)
        if (h->b[i].free)
            f += h->b[i].size * h->unit;
    return f;
}

/* Index of the free block that serves u units, or h->n if none fits. */
static size_t choose(const hr_heap *h, uint64_t u)
{
    uint64_t best = UINT64_MAX;
    for (size_t i = 0; i < h->n; i++)
        if (h->b[i].free && h->b[i].size >= u && h->b[i].size < best)
            best = h->b[i].size;
    if (best == UINT64_MAX)
        return h->n;
    if (exact(h, best))
        return index_of_off(h, h->lists[best].off[0]);
    for (size_t i = 0; i < h->n; i++) /* in address order: the lowest */
        if (h->b[i].free && h->b[i].size == best)
            return i;
    abort();
}

hr_outcome hr_alloc_block(hr_heap *h, uint64_t bytes, uint32_t *id)
{
    *id = 0;
    if (bytes % h->unit != 0 || bytes < 2u * h->unit)
        return HR_BAD_SIZE;
    uint64_t limit = h->p.max_block ? h->p.max_block : UINT64_MAX;
    if (bytes > limit)
        return HR_TOO_BIG;
    if (bytes > free_bytes(h))
        return HR_FULL;
    uint64_t u = bytes / h->unit;
    size_t i = choose(h, u);
    if (i == h->n)
        return HR_FRAGMENTED;
    hr_block f = h->b[i];
    list_remove(h, f.size, f.off);
    if (f.size - u >= 2) {
        h->b[i].size = u;
        insert_block(h, i + 1, (hr_block){f.off + u, f.size - u, true, 0});
        list_add(h, f.size - u, f.off + u);
    }
    h->b[i].free = false;
    h->b[i].id = h->next_id++;
    uint64_t end = (h->b[i].off + h->b[i].size) * h->unit;
    if (end > h->high_water)
        h->high_water = end;
    update_commit(h);
    *id = h->b[i].id;
    return HR_OK;
}

hr_outcome hr_alloc(hr_heap *h, uint64_t n, uint32_t *id)
{
    return hr_alloc_block(h, hr_block_bytes(h->unit, n), id);
}

/* ------------------------------------------------------------------ free */

void hr_release(hr_heap *h, uint32_t id)
{
    size_t i = 0;
    while (i < h->n && (h->b[i].free || h->b[i].id != id))
        i++;
    if (id == 0 || i == h->n)
        return;
    if (i + 1 < h->n && h->b[i + 1].free) { /* the right neighbour */
        list_remove(h, h->b[i + 1].size, h->b[i + 1].off);
        h->b[i].size += h->b[i + 1].size;
        remove_block(h, i + 1);
    }
    if (i > 0 && h->b[i - 1].free) { /* the left neighbour */
        list_remove(h, h->b[i - 1].size, h->b[i - 1].off);
        h->b[i - 1].size += h->b[i].size;
        remove_block(h, i);
        i--;
    }
    h->b[i].free = true;
    h->b[i].id = 0;
    list_add(h, h->b[i].size, h->b[i].off);
}

/* --------------------------------------------------------------- queries */

const hr_block *hr_find(const hr_heap *h, uint32_t id)
{
    for (size_t i = 0; id != 0 && i < h->n; i++)
        if (!h->b[i].free && h->b[i].id == id)
            return &h->b[i];
    return NULL;
}

void hr_get_stats(const hr_heap *h, dh_heap_stats *s)
{
    memset(s, 0, sizeof *s);
    s->reserve = h->p.reserve;
    s->header = h->header;
    for (size_t i = 0; i < h->n; i++) {
        uint64_t bytes = h->b[i].size * h->unit;
        if (h->b[i].free) {
            s->free += bytes;
            s->free_blocks++;
            s->largest_free = bytes > s->largest_free ? bytes
                                                      : s->largest_free;
        } else {
            s->used += bytes;
            s->busy_blocks++;
        }
    }
    s->committed = h->committed;
}

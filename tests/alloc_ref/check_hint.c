/*
 * check_hint.c — differential checker of DH_FIT_BEST_HINT: drives
 * model/alloc/deskheap.c (dh_heap_*) and the simple reference hint_ref.c
 * (hr_*) with the same random traces and stops at the first difference.
 *
 * After every operation it compares the outcome (ok, full, fragmented,
 * too big, bad size), the new block's offset and size, every field of
 * dh_heap_get_stats, and requires dh_heap_check; and it compares the
 * whole heap: every block's offset, size and free bit in address order,
 * every hint list in list order (read from the model's internals), and
 * the offset and size of live blocks by their names in both (four at
 * random after every operation, all every 256). The two name blocks
 * differently (the model reuses node slots, the reference never reuses an
 * id), so live blocks are kept as pairs; a release of a stale or invalid
 * model handle is a release in the reference too only if that handle
 * names a live block now, else the model must change nothing.
 *
 * usage: check_hint [OPS_PER_RUN [SEEDS]]   (defaults 200000 and 4)
 * (tests/test_hint_diff.c runs a short one as a unit test)
 */
#include "dheapsim.h"
#include "alloc/deskheap_layout.h" /* the heap by value and its layout */
#include "hint_ref.h"
#include "xorshift.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HINT DH_FIT_BEST_HINT

static const dh_heap_params HPARAMS[] = {
    {1 * DH_MB, 8, 2880, 4096, 0x80000 - 4096, HINT},
    {256 * 1024, 16, 2880, 4096, 64 * 1024, HINT},
    {64 * 1024, 8, 1000, 4096, 0, HINT},
    {48 * 1024 + 13, 8, 24, 4096, 0, HINT},
    {12 * 1024, 16, 2880, 4096, 0, HINT},
    {8 * 1024 + 5, 8, 8 * 1024 - 8, 4096, 0, HINT}, /* no room: all full */
    {24, 8, 0, 8, 0, HINT},                          /* one 3-unit block */
    {3 * DH_MB, 16, 100, 8192, 0x7F000, HINT},
    {2 * DH_MB, 8, 2880, 3 * 4096, 0, HINT},         /* a page of 12 KB */
    {5000, 8, 64, 4096, 1024, HINT},                 /* too big above 1 KB */
    {4096 + 64, 16, 64, 4096, 0, HINT}, /* 4 KB: the largest hint size */
    {4096 + 8, 8, 8, 4096, 0, HINT},    /* the same with unit 8 */
};
#define NHPARAMS (sizeof HPARAMS / sizeof HPARAMS[0])

static uint64_t hint_outcomes[5], hint_compares; /* coverage */

typedef struct {
    dh_block k; /* the model's handle */
    uint32_t id; /* the reference's */
} pair;

typedef struct {
    dh_heap *a;
    hr_heap *b;
    pair *live;
    uint32_t nlive, cap;
    dh_block *dead;
    uint32_t ndead;
    uint64_t step, mode;
    unsigned param;
    uint64_t seed;
} hctx;

static int hdiffer(const hctx *c, const char *what)
{
    fprintf(stderr,
            "check_hint: DIFFERENCE (%s) at op %" PRIu64 ", seed %" PRIu64
            ", param set %u, mode %" PRIu64 "\n",
            what, c->step, c->seed, c->param, c->mode % 7);
    return 1;
}

/* ------------------------------------------------------------ comparing */

static int same_hstats(const hctx *c)
{
    dh_heap_stats x, y;
    dh_heap_get_stats(c->a, &x);
    hr_get_stats(c->b, &y);
    if (memcmp(&x, &y, sizeof x) != 0) {
        fprintf(stderr, "used %" PRIu64 "/%" PRIu64 " free %" PRIu64
                "/%" PRIu64 " committed %" PRIu64 "/%" PRIu64
                " largest %" PRIu64 "/%" PRIu64 " busy %" PRIu64 "/%" PRIu64
                " free blocks %" PRIu64 "/%" PRIu64 "\n",
                x.used, y.used, x.free, y.free, x.committed, y.committed,
                x.largest_free, y.largest_free, x.busy_blocks,
                y.busy_blocks, x.free_blocks, y.free_blocks);
        return hdiffer(c, "stats");
    }
    return 0;
}

/* Model block k against reference block id (NULL: not busy). */
static int same_pair(const hctx *c, dh_block k, uint32_t id)
{
    const hr_block *r = hr_find(c->b, id);
    uint64_t off = r ? r->off * c->b->unit : 0;
    uint64_t size = r ? r->size * c->b->unit : 0;
    if (dh_heap_block_offset(c->a, k) != off ||
        dh_heap_block_size(c->a, k) != size)
        return hdiffer(c, "block offset or size");
    return 0;
}

/* Every block in address order, every hint list in order. */
static int same_layout(const hctx *c)
{
    const dh_heap *h = c->a;
    size_t j = 0;
    for (uint32_t i = h->first; i != DH_BLOCK_NONE; i = h->nodes[i].next, j++) {
        const dh_heap_node *n = &h->nodes[i];
        if (j >= c->b->n || n->off != c->b->b[j].off ||
            n->size != c->b->b[j].size || n->is_free != c->b->b[j].free)
            return hdiffer(c, "layout");
    }
    if (j != c->b->n)
        return hdiffer(c, "number of blocks");
    for (uint64_t u = 0; u <= c->b->small_units; u++) {
        const hr_list *l = &c->b->lists[u];
        size_t k = 0;
        for (uint32_t i = h->hint[u]; i != DH_BLOCK_NONE;
             i = h->link[i].next, k++)
            if (k >= l->len || h->nodes[i].off != l->off[k])
                return hdiffer(c, "hint list order");
        if (k != l->len)
            return hdiffer(c, "hint list length");
    }
    return 0;
}

/* Live blocks, named by both: four at random after every operation, all
 * of them every 256 (each look-up in the reference is a scan). */
static int same_live(const hctx *c)
{
    bool all = c->step % 256 == 0;
    uint32_t n = all ? c->nlive : c->nlive < 4 ? c->nlive : 4;
    for (uint32_t j = 0; j < n; j++) {
        const pair *q = &c->live[all ? j : below(c->nlive)];
        if (same_pair(c, q->k, q->id))
            return 1;
    }
    return 0;
}

/* --------------------------------------------------------------- driving */

/* A request size by the current mode; few distinct sizes make ties. */
static uint64_t hrequest(const hctx *c)
{
    static const uint64_t few[] = {8, 16, 40};
    static const uint64_t mixed[] = {40, 100, 5000, 6000};
    uint64_t reserve = HPARAMS[c->param].reserve;
    switch (c->mode % 7) {
    case 0: return few[below(3)];
    case 1: return below(65);                     /* tiny, incl. 0 */
    case 2: return 16 + below(600);               /* the bench mix */
    case 3: return below(9000);                   /* across 4 KB */
    case 4: return below(reserve / 8 + 1);        /* large */
    case 5: return mixed[below(4)];
    default: /* anything, too big, or near 2^64 */
        return below(16) ? below(reserve + 64) : UINT64_MAX - below(2048);
    }
}

static void add_pair(hctx *c, dh_block k, uint32_t id)
{
    if (c->nlive == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->live = realloc(c->live, c->cap * sizeof *c->live);
        c->dead = realloc(c->dead, c->cap * sizeof *c->dead);
        if (c->live == NULL || c->dead == NULL)
            abort();
    }
    c->live[c->nlive++] = (pair){k, id};
}

static const dh_heap_outcome AS_DH[] = {DH_HEAP_OK, DH_HEAP_FULL,
                                        DH_HEAP_FRAGMENTED, DH_HEAP_TOO_BIG,
                                        DH_HEAP_OK};

static int do_halloc(hctx *c, bool exact)
{
    dh_block x;
    dh_heap_outcome wx;
    dh_status sx;
    uint32_t id;
    hr_outcome wy;
    if (exact) {
        uint64_t bytes = hrequest(c);
        if (below(4) != 0) /* mostly valid block sizes */
            bytes = hr_block_bytes(HPARAMS[c->param].unit, bytes);
        sx = dh_heap_alloc_block(c->a, bytes, &x, &wx);
        wy = hr_alloc_block(c->b, bytes, &id);
    } else {
        uint64_t n = hrequest(c);
        sx = dh_heap_alloc(c->a, n, &x, &wx);
        wy = hr_alloc(c->b, n, &id);
    }
    hint_outcomes[wy]++;
    if (sx != (wy == HR_BAD_SIZE ? DH_EINPUT : DH_OK) || wx != AS_DH[wy] ||
        (x == DH_BLOCK_NONE) != (wy != HR_OK))
        return hdiffer(c, "alloc status or outcome");
    if (wy != HR_OK)
        return 0;
    for (uint32_t i = 0; i < c->nlive; i++)
        if (c->live[i].k == x)
            return hdiffer(c, "a live handle handed out again");
    add_pair(c, x, id);
    return same_pair(c, x, id);
}

/* Release model handle k: the live block it names now, in both, or
 * nothing at all. */
static int release_handle(hctx *c, dh_block k)
{
    uint32_t i = 0;
    while (i < c->nlive && c->live[i].k != k)
        i++;
    if (i == c->nlive) { /* stale or invalid: the model must ignore it */
        dh_heap_release(c->a, k);
        return 0;
    }
    uint32_t id = c->live[i].id;
    c->live[i] = c->live[--c->nlive];
    if (c->ndead < c->cap)
        c->dead[c->ndead++] = k;
    dh_heap_release(c->a, k);
    hr_release(c->b, id);
    return same_pair(c, k, 0) || hr_find(c->b, id) != NULL;
}

static int do_hrelease(hctx *c)
{
    uint64_t r = below(100);
    if (r < 88 && c->nlive > 0)
        return release_handle(c, c->live[below(c->nlive)].k);
    if (r < 94 && c->ndead > 0)
        return release_handle(c, c->dead[below(c->ndead)]);
    return release_handle(c, below(3) == 0 ? DH_BLOCK_NONE
                                            : (dh_block)below(c->a->nnodes + 8));
}

/* One run of `ops` operations on parameter set `param`. */
static int hrun(unsigned param, uint64_t seed, uint64_t ops)
{
    dh_heap a;
    hr_heap b;
    hctx c = {&a, &b, NULL, 0, 0, NULL, 0, 0, 0, param, seed};
    dh_error err;
    dh_error_clear(&err);
    rng = seed * 0x9E3779B97F4A7C15ull + param + 1;
    if (dh_heap_init(&a, &HPARAMS[param], &err) != DH_OK)
        return hdiffer(&c, "init");
    hr_init(&b, &HPARAMS[param]);
    int bad = same_hstats(&c) || same_layout(&c) || same_live(&c);
    uint64_t alloc_pct = 55, phase_end = 0;
    for (c.step = 0; !bad && c.step < ops; c.step++) {
        if (c.step == phase_end) { /* a new phase */
            c.mode = next();
            alloc_pct = 20 + below(72);
            phase_end += 200 + below(5000);
        }
        uint64_t r = below(100);
        bad = r < alloc_pct ? do_halloc(&c, r < alloc_pct / 8)
                            : do_hrelease(&c);
        if (!bad)
            bad = same_hstats(&c);
        if (!bad && !dh_heap_check(&a))
            bad = hdiffer(&c, "dh_heap_check");
        if (!bad)
            bad = same_layout(&c) || same_live(&c);
        hint_compares++;
    }
    dh_heap_free(&a);
    hr_free(&b);
    free(c.live);
    free(c.dead);
    return bad;
}

#ifndef CHECK_HINT_NO_MAIN
int main(int argc, char **argv)
{
    uint64_t ops = argc > 1 ? strtoull(argv[1], NULL, 10) : 200000;
    uint64_t seeds = argc > 2 ? strtoull(argv[2], NULL, 10) : 4;
    for (uint64_t s = 1; s <= seeds; s++)
        for (unsigned p = 0; p < NHPARAMS; p++)
            if (hrun(p, s, ops))
                return 1;
    printf("check_hint: outcomes ok %" PRIu64 ", full %" PRIu64
           ", fragmented %" PRIu64 ", too_big %" PRIu64 ", bad size %" PRIu64
           "\n", hint_outcomes[0], hint_outcomes[1], hint_outcomes[2],
           hint_outcomes[3], hint_outcomes[4]);
    printf("check_hint: %" PRIu64 " operations on %zu parameter sets x %"
           PRIu64 " seeds, each followed by a full comparison: no difference"
           "\n", hint_compares, NHPARAMS, seeds);
    return 0;
}
#endif

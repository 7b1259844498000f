/*
 * check_alloc.c — differential checker of the desktop heap allocator: drives
 * model/alloc/deskheap.c (dh_heap_*) and a frozen copy of it (ref_deskheap.c,
 * ref_heap_*) with the same long random traces and stops at the first
 * difference in a status, an outcome, a handle, a block's offset or size, a
 * stat of get_stats, or the result of the check function.
 *
 * usage: check_alloc [OPS_PER_RUN [SEEDS]]   (defaults 200000 and 8)
 * (tests/test_alloc_diff.c runs 50000 and 2 as a unit test)
 * Every seed runs every parameter set (unit 8 and 16, best and first fit,
 * heaps from a few KB, which run full, fragmented and too big, to 64 MB,
 * various headers, pages (one not a power of two) and max_block limits).
 */
#include "dheapsim.h"
#include "alloc/deskheap_layout.h" /* the heap by value and its layout */
#include "ref_heap.h"
#include "xorshift.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t outcomes[4], heap_bins, max_live; /* coverage, of the ref */

static const dh_heap_params PARAMS[] = {
    {20 * DH_MB, 8, 2880, 4096, 0x80000 - 4096, DH_FIT_BEST},
    {20 * DH_MB, 16, 4096, 4096, 0, DH_FIT_BEST},
    {3 * DH_MB, 8, 2880, 4096, 0, DH_FIT_FIRST},
    {3 * DH_MB, 16, 100, 8192, 0x7F000, DH_FIT_FIRST},
    {1 * DH_MB, 8, 0, 4096, 0, DH_FIT_BEST},
    {256 * 1024, 16, 2880, 4096, 64 * 1024, DH_FIT_BEST},
    {64 * 1024, 8, 1000, 4096, 0, DH_FIT_BEST},
    {48 * 1024 + 13, 8, 24, 4096, 0, DH_FIT_FIRST},
    {12 * 1024, 16, 2880, 4096, 0, DH_FIT_BEST},
    {8 * 1024 + 5, 8, 8 * 1024 - 8, 4096, 0, DH_FIT_BEST},
    {4096, 8, 4096, 4096, 0, DH_FIT_FIRST},
    {24, 8, 0, 8, 0, DH_FIT_BEST},
    {64 * 1024 * 1024, 8, 2880, 65536, 0, DH_FIT_BEST},
    {2 * DH_MB, 8, 2880, 3 * 4096, 0, DH_FIT_BEST}, /* a page of 12 KB */
};
#define NPARAMS (sizeof PARAMS / sizeof PARAMS[0])

typedef struct {
    dh_heap *a;
    ref_heap *b;
    dh_block *live;
    uint8_t *pin;   /* live[i] is kept in a release of the PIN_MODE */
    uint32_t nlive, cap;
    dh_block *dead; /* released handles, for double releases */
    uint32_t ndead;
    uint64_t ops, step, mode;
    unsigned param;
    uint64_t seed;
} ctx;

static int differ(const ctx *c, const char *what)
{
    fprintf(stderr,
            "check_alloc: DIFFERENCE (%s) at op %" PRIu64 ", seed %" PRIu64
            ", param set %u, mode %" PRIu64 "\n",
            what, c->step, c->seed, c->param, c->mode);
    return 1;
}

static int same_stats(const ctx *c)
{
    dh_heap_stats x, y;
    dh_heap_get_stats(c->a, &x);
    ref_heap_get_stats(c->b, &y);
    if (memcmp(&x, &y, sizeof x) != 0) {
        fprintf(stderr, "used %" PRIu64 "/%" PRIu64 " free %" PRIu64
                "/%" PRIu64 " largest %" PRIu64 "/%" PRIu64 "\n",
                x.used, y.used, x.free, y.free, x.largest_free,
                y.largest_free);
        return differ(c, "stats");
    }
    return 0;
}

static int same_block(const ctx *c, dh_block k)
{
    if (dh_heap_block_size(c->a, k) != ref_heap_block_size(c->b, k) ||
        dh_heap_block_offset(c->a, k) != ref_heap_block_offset(c->b, k))
        return differ(c, "block size or offset");
    return 0;
}

/* A request size by the current mode. In PIN_MODE big blocks alternate
 * with small ones, which releases keep, so that many free blocks of one
 * range bin cannot merge: it becomes a heap and the heap's last bin. */
#define NMODES 9
#define PIN_MODE 7

static uint64_t request(const ctx *c)
{
    uint64_t reserve = PARAMS[c->param].reserve;
    switch (c->mode % NMODES) {
    case 0: return below(65);                     /* tiny, incl. 0 */
    case 1: return 16 + below(600);               /* the bench mix */
    case 2: return below(9000);                   /* across 4 KB */
    case 3: return below(reserve / 8 + 1);        /* large */
    case 4: return 8 * (c->mode / 8 % 5);         /* one size: big bins */
    case 5: return 4000 + below(200000);          /* range bins */
    case 6: return 4100 + below(500);             /* one range bin */
    case PIN_MODE: return c->step & 1 ? 4100 + below(500) : 16;
    default: /* anything, too big, or near 2^64 (the block rule saturates) */
        return below(16) ? below(reserve + 64) : UINT64_MAX - below(2048);
    }
}

static void add_live(ctx *c, dh_block k, bool pinned)
{
    if (c->nlive == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->live = realloc(c->live, c->cap * sizeof *c->live);
        c->dead = realloc(c->dead, c->cap * sizeof *c->dead);
        c->pin = realloc(c->pin, c->cap);
        if (c->live == NULL || c->dead == NULL || c->pin == NULL)
            abort();
    }
    c->pin[c->nlive] = pinned;
    c->live[c->nlive++] = k;
}

static int do_alloc(ctx *c, bool exact)
{
    dh_block x, y;
    dh_heap_outcome wx, wy;
    dh_status sx, sy;
    uint64_t n = 0;
    if (exact) {
        uint64_t bytes = request(c);
        if (below(4) != 0) /* mostly valid block sizes */
            bytes = dh_heap_block_bytes(PARAMS[c->param].unit, bytes);
        sx = dh_heap_alloc_block(c->a, bytes, &x, &wx);
        sy = ref_heap_alloc_block(c->b, bytes, &y, &wy);
    } else {
        n = request(c);
        sx = dh_heap_alloc(c->a, n, &x, &wx);
        sy = ref_heap_alloc(c->b, n, &y, &wy);
    }
    if (sx != sy || wx != wy || x != y)
        return differ(c, "alloc status, outcome or handle");
    if (sx == DH_OK)
        outcomes[wx]++;
    if (sx == DH_OK && wx == DH_HEAP_OK) {
        if (same_block(c, x))
            return 1;
        add_live(c, x, c->mode % NMODES == PIN_MODE && n == 16);
    }
    return 0;
}

static int do_release(ctx *c)
{
    uint64_t r = below(100);
    dh_block k;
    if (r < 90 && c->nlive > 0) { /* a live block */
        uint32_t i = (uint32_t)below(c->nlive);
        for (int t = 0; t < 16 && c->pin[i] && c->mode % NMODES == PIN_MODE;
             t++)
            i = (uint32_t)below(c->nlive);
        k = c->live[i];
        c->pin[i] = c->pin[c->nlive - 1];
        c->live[i] = c->live[--c->nlive];
        if (c->ndead < c->cap)
            c->dead[c->ndead++] = k;
    } else if (r < 96 && c->ndead > 0) { /* released before */
        k = c->dead[below(c->ndead)];
    } else { /* anything */
        k = below(3) == 0 ? DH_BLOCK_NONE : (dh_block)below(c->a->nnodes + 8);
    }
    if (same_block(c, k))
        return 1;
    dh_heap_release(c->a, k);
    ref_heap_release(c->b, k);
    return same_block(c, k);
}

/* One run of `ops` operations on parameter set `param`. */
static int run(unsigned param, uint64_t seed, uint64_t ops)
{
    dh_heap a;
    ref_heap b;
    ctx c = {&a, &b, NULL, NULL, 0, 0, NULL, 0, ops, 0, 0, param, seed};
    dh_error e1 = {0}, e2 = {0};
    rng = seed * 0x9E3779B97F4A7C15ull + param + 1;
    dh_status s1 = dh_heap_init(&a, &PARAMS[param], &e1);
    dh_status s2 = ref_heap_init(&b, &PARAMS[param], &e2);
    if (s1 != s2)
        return differ(&c, "init status");
    if (s1 != DH_OK)
        return 0;
    int bad = same_stats(&c);
    uint64_t alloc_pct = 55, phase_end = 0;
    uint64_t check_every = PARAMS[param].reserve <= 16384 ? 3 : 997;
    for (c.step = 0; !bad && c.step < ops; c.step++) {
        if (c.step == phase_end) { /* a new phase */
            c.mode = next();
            alloc_pct = 20 + below(72);
            phase_end += 500 + below(20000);
        }
        uint64_t r = below(100);
        if (r < alloc_pct)
            bad = do_alloc(&c, r < alloc_pct / 8);
        else
            bad = do_release(&c);
        if (!bad)
            bad = same_stats(&c);
        max_live = c.nlive > max_live ? c.nlive : max_live;
        if (!bad && c.step % check_every == 0) {
            bool k1 = dh_heap_check(&a), k2 = ref_heap_check(&b);
            if (k1 != k2 || !k1)
                bad = differ(&c, "check");
        }
    }
    if (!bad && (!dh_heap_check(&a) || !ref_heap_check(&b)))
        bad = differ(&c, "final check");
    for (uint32_t g = 0; g < REF_HEAP_GROUPS; g++)
        for (uint32_t i = 0; b.groups[g] && i < REF_HEAP_GROUP_BINS; i++)
            heap_bins += b.groups[g][i].cap > 256;
    dh_heap_free(&a);
    ref_heap_free(&b);
    free(c.live);
    free(c.pin);
    free(c.dead);
    return bad;
}

#ifndef CHECK_ALLOC_NO_MAIN
int main(int argc, char **argv)
{
    uint64_t ops = argc > 1 ? strtoull(argv[1], NULL, 10) : 200000;
    uint64_t seeds = argc > 2 ? strtoull(argv[2], NULL, 10) : 8;
    uint64_t total = 0;
    for (uint64_t s = 1; s <= seeds; s++) {
        for (unsigned p = 0; p < NPARAMS; p++) {
            clock_t t0 = clock();
            if (run(p, s, ops))
                return 1;
            total += ops;
            if (getenv("CHECK_ALLOC_VERBOSE"))
                fprintf(stderr, "seed %" PRIu64 " set %u: %.2f s\n", s, p,
                        (double)(clock() - t0) / CLOCKS_PER_SEC);
        }
    }
    printf("check_alloc: outcomes ok %" PRIu64 ", full %" PRIu64
           ", fragmented %" PRIu64 ", too_big %" PRIu64
           "; bins that became heaps %" PRIu64 "; most live blocks %" PRIu64
           "\n", outcomes[0], outcomes[1], outcomes[2], outcomes[3],
           heap_bins, max_live);
    printf("check_alloc: %" PRIu64 " operations on %zu parameter sets x %"
           PRIu64 " seeds: no difference\n", total, NPARAMS, seeds);
    return 0;
}
#endif

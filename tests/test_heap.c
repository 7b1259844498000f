/*
 * test_heap.c — the desktop heap allocator (model/alloc/deskheap.c), one test per
 * rule, with offsets and sizes worked out by hand (comments give the
 * arithmetic); then a long pseudo-random run checked against invariants.
 */
#include "testutil.h"
#include "alloc/deskheap_layout.h" /* the heap by value and its layout */

#define X86 8u
#define X64 16u
#define PAGE 4096u
#define MAX_BLOCK (0x80000u - 4096u) /* reactos-notes s.6: 508 KB */

static dh_heap mk(uint64_t reserve, uint32_t unit, uint64_t header,
                  uint64_t max_block, dh_fit_policy fit)
{
    dh_heap_params p = {reserve, unit, header, PAGE, max_block, fit};
    dh_heap h;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_heap_init(&h, &p, &e), DH_OK);
    assert_true(dh_heap_check(&h));
    return h;
}

/* Allocate a block of exactly `bytes`; it must succeed. */
static dh_block get(dh_heap *h, uint64_t bytes)
{
    dh_block b;
    dh_heap_outcome why;
    assert_int_equal(dh_heap_alloc_block(h, bytes, &b, &why), DH_OK);
    assert_int_equal(why, DH_HEAP_OK);
    assert_int_not_equal(b, DH_BLOCK_NONE);
    assert_true(dh_heap_check(h));
    return b;
}

static dh_heap_outcome try_block(dh_heap *h, uint64_t bytes)
{
    dh_block b;
    dh_heap_outcome why;
    assert_int_equal(dh_heap_alloc_block(h, bytes, &b, &why), DH_OK);
    if (why == DH_HEAP_OK)
        assert_int_not_equal(b, DH_BLOCK_NONE);
    else
        assert_int_equal(b, DH_BLOCK_NONE);
    assert_true(dh_heap_check(h));
    return why;
}

static void put(dh_heap *h, dh_block b)
{
    dh_heap_release(h, b);
    assert_true(dh_heap_check(h));
}

static dh_heap_stats stats(const dh_heap *h)
{
    dh_heap_stats s;
    dh_heap_get_stats(h, &s);
    return s;
}

/* ------------------------------------------------------------ block rule */

static void test_block_size_rounding_x86(void **s)
{
    (void)s; /* round_up(max(n,1) + 8, 8) */
    assert_int_equal(dh_heap_block_bytes(X86, 0), 16);   /* 1+8=9 -> 16 */
    assert_int_equal(dh_heap_block_bytes(X86, 1), 16);   /* 9 -> 16 */
    assert_int_equal(dh_heap_block_bytes(X86, 8), 16);   /* 16 -> 16 */
    assert_int_equal(dh_heap_block_bytes(X86, 9), 24);   /* 17 -> 24 */
    assert_int_equal(dh_heap_block_bytes(X86, 100), 112); /* 108 -> 112 */
}

static void test_block_size_rounding_x64(void **s)
{
    (void)s; /* round_up(max(n,1) + 16, 16) */
    assert_int_equal(dh_heap_block_bytes(X64, 0), 32);   /* 1+16=17 -> 32 */
    assert_int_equal(dh_heap_block_bytes(X64, 1), 32);   /* 17 -> 32 */
    assert_int_equal(dh_heap_block_bytes(X64, 8), 32);   /* 24 -> 32 */
    assert_int_equal(dh_heap_block_bytes(X64, 9), 32);   /* 25 -> 32 */
    assert_int_equal(dh_heap_block_bytes(X64, 16), 32);  /* 32 -> 32 */
    assert_int_equal(dh_heap_block_bytes(X64, 17), 48);  /* 33 -> 48 */
    assert_int_equal(dh_heap_block_bytes(X64, 100), 128); /* 116 -> 128 */
}

static void test_alloc_applies_block_rule(void **s)
{
    (void)s; /* x64: n=100 -> 128-byte block; n=0 -> 32 */
    dh_heap h = mk(KB(64), X64, 0, 0, DH_FIT_BEST);
    dh_block b;
    dh_heap_outcome why;
    assert_int_equal(dh_heap_alloc(&h, 100, &b, &why), DH_OK);
    assert_int_equal(why, DH_HEAP_OK);
    assert_int_equal(dh_heap_block_size(&h, b), 128);
    assert_int_equal(dh_heap_alloc(&h, 0, &b, &why), DH_OK);
    assert_int_equal(dh_heap_block_size(&h, b), 32);
    assert_int_equal(stats(&h).used, 160);
    dh_heap_free(&h);
}

static void test_alloc_block_rejects_bad_sizes(void **s)
{
    (void)s; /* a block is whole units and at least two of them */
    dh_heap h = mk(KB(64), X86, 0, 0, DH_FIT_BEST);
    dh_block b;
    dh_heap_outcome why;
    assert_int_equal(dh_heap_alloc_block(&h, 8, &b, &why), DH_EINPUT);
    assert_int_equal(dh_heap_alloc_block(&h, 20, &b, &why), DH_EINPUT);
    assert_int_equal(b, DH_BLOCK_NONE);
    assert_int_equal(stats(&h).used, 0);
    dh_heap_free(&h);
}

/* ----------------------------------------------------------------- header */

static void test_header_rounded_to_unit_and_tail_fragment_ignored(void **s)
{
    (void)s;
    /* header 2881 -> 2888 (x86); reserve 8196: 8196-2888 = 5308 bytes,
     * whole units 5304 (663 * 8); the last 4 bytes are unusable. */
    dh_heap h = mk(8196, X86, 2881, 0, DH_FIT_BEST);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.header, 2888);
    assert_int_equal(st.used, 0);
    assert_int_equal(st.free, 5304);
    assert_int_equal(st.largest_free, 5304);
    assert_int_equal(st.free_blocks, 1);
    dh_block b = get(&h, 16);
    assert_int_equal(dh_heap_block_offset(&h, b), 2888);
    /* 5304 - 16 = 5288 left, so 5296 does not fit: FULL */
    assert_int_equal(try_block(&h, 5296), DH_HEAP_FULL);
    assert_int_equal(try_block(&h, 5288), DH_HEAP_OK);
    dh_heap_free(&h);
}

/* -------------------------------------------------------------- splitting */

static void test_split_takes_low_part(void **s)
{
    (void)s;
    /* x86, header 64, reserve 4096: free [64, 4096). n=100 -> 112 at 64;
     * n=8 -> 16 at 176; the rest [192, 4096) = 3904 stays free. */
    dh_heap h = mk(4096, X86, 64, 0, DH_FIT_BEST);
    dh_block a, b;
    dh_heap_outcome why;
    assert_int_equal(dh_heap_alloc(&h, 100, &a, &why), DH_OK);
    assert_int_equal(dh_heap_block_offset(&h, a), 64);
    assert_int_equal(dh_heap_block_size(&h, a), 112);
    assert_int_equal(dh_heap_alloc(&h, 8, &b, &why), DH_OK);
    assert_int_equal(dh_heap_block_offset(&h, b), 176);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.free, 3904);
    assert_int_equal(st.largest_free, 3904);
    assert_int_equal(st.used, 128);
    dh_heap_free(&h);
}

static void test_one_unit_remainder_absorbed(void **s)
{
    (void)s;
    /* x86, header 64, reserve 104: one free block of 40 (5 units).
     * Asking 32 leaves 8 = one unit: not split, the block is 40. */
    dh_heap h = mk(104, X86, 64, 0, DH_FIT_BEST);
    dh_block b = get(&h, 32);
    assert_int_equal(dh_heap_block_size(&h, b), 40);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.used, 40);
    assert_int_equal(st.free, 0);
    assert_int_equal(st.free_blocks, 0);
    dh_heap_free(&h);
}

static void test_two_unit_remainder_split_off(void **s)
{
    (void)s;
    /* reserve 112: a free block of 48; asking 32 leaves 16 = two units,
     * the smallest block: it is split off and stays free at 96. */
    dh_heap h = mk(112, X86, 64, 0, DH_FIT_BEST);
    dh_block b = get(&h, 32);
    assert_int_equal(dh_heap_block_size(&h, b), 32);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.used, 32);
    assert_int_equal(st.free, 16);
    assert_int_equal(st.free_blocks, 1);
    dh_block c = get(&h, 16);
    assert_int_equal(dh_heap_block_offset(&h, c), 96);
    dh_heap_free(&h);
}

/* ------------------------------------------------------------- coalescing */

/* x86, header 64, reserve 4096: A@64, B@128, C@192, D@256 (64 bytes each),
 * free tail [320, 4096) = 3776. */
static dh_heap four_blocks(dh_block *blk)
{
    dh_heap h = mk(4096, X86, 64, 0, DH_FIT_BEST);
    for (int i = 0; i < 4; i++) {
        blk[i] = get(&h, 64);
        assert_int_equal(dh_heap_block_offset(&h, blk[i]), 64 + 64 * i);
    }
    assert_int_equal(stats(&h).free, 3776);
    return h;
}

static void test_coalesce_with_left_neighbour(void **s)
{
    (void)s; /* free A then B: B joins A -> [64, 192) = 128 */
    dh_block k[4];
    dh_heap h = four_blocks(k);
    put(&h, k[0]);
    put(&h, k[1]);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.free_blocks, 2);   /* [64,192) and the tail */
    assert_int_equal(st.free, 128 + 3776);
    dh_block b = get(&h, 128);             /* exact fit: the merged block */
    assert_int_equal(dh_heap_block_offset(&h, b), 64);
    dh_heap_free(&h);
}

static void test_coalesce_with_right_neighbour(void **s)
{
    (void)s; /* free B then A: A joins B -> [64, 192) */
    dh_block k[4];
    dh_heap h = four_blocks(k);
    put(&h, k[1]);
    put(&h, k[0]);
    assert_int_equal(stats(&h).free_blocks, 2);
    dh_block b = get(&h, 128);
    assert_int_equal(dh_heap_block_offset(&h, b), 64);
    dh_heap_free(&h);
}

static void test_coalesce_with_both_neighbours(void **s)
{
    (void)s; /* free A and C (3 free blocks with the tail), then B:
              * [64, 256) = 192 in one block, 2 free blocks. */
    dh_block k[4];
    dh_heap h = four_blocks(k);
    put(&h, k[0]);
    put(&h, k[2]);
    assert_int_equal(stats(&h).free_blocks, 3);
    put(&h, k[1]);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.free_blocks, 2);
    assert_int_equal(st.free, 192 + 3776);
    assert_int_equal(st.busy_blocks, 1);
    /* D last: everything from 64 to 4096 is one block again */
    put(&h, k[3]);
    st = stats(&h);
    assert_int_equal(st.free_blocks, 1);
    assert_int_equal(st.largest_free, 4096 - 64);
    dh_heap_free(&h);
}

static void test_release_of_stale_handle_ignored(void **s)
{
    (void)s;
    dh_block k[4];
    dh_heap h = four_blocks(k);
    put(&h, k[1]);
    put(&h, k[1]);           /* again: nothing happens */
    put(&h, 12345);          /* never a handle */
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.used, 3 * 64);
    assert_int_equal(st.free, 64 + 3776);
    dh_heap_free(&h);
}

/* ------------------------------------------------------------ fit policy */

/* x86, header 64, reserve 4096. A=64@64, S1=32@128, C=48@160, S2=32@208,
 * tail [240, 4096). Free A and C: holes of 64 at 64 and 48 at 160. */
static dh_heap two_holes(dh_fit_policy fit)
{
    dh_heap h = mk(4096, X86, 64, 0, fit);
    dh_block a = get(&h, 64), c;
    (void)get(&h, 32);
    c = get(&h, 48);
    (void)get(&h, 32);
    assert_int_equal(dh_heap_block_offset(&h, c), 160);
    put(&h, a);
    put(&h, c);
    return h;
}

static void test_best_fit_takes_smallest_hole(void **s)
{
    (void)s; /* 48 fits both holes; the 48-byte one at 160 is smallest */
    dh_heap h = two_holes(DH_FIT_BEST);
    dh_block b = get(&h, 48);
    assert_int_equal(dh_heap_block_offset(&h, b), 160);
    assert_int_equal(stats(&h).free_blocks, 2); /* hole at 64 and tail */
    dh_heap_free(&h);
}

static void test_first_fit_takes_lowest_hole(void **s)
{
    (void)s; /* 48 at 64 (64-48 = 16 left: split off at 112) */
    dh_heap h = two_holes(DH_FIT_FIRST);
    dh_block b = get(&h, 48);
    assert_int_equal(dh_heap_block_offset(&h, b), 64);
    assert_int_equal(stats(&h).free_blocks, 3); /* 16@112, 48@160, tail */
    dh_block c = get(&h, 16);
    assert_int_equal(dh_heap_block_offset(&h, c), 112);
    dh_heap_free(&h);
}

static void test_best_fit_ties_go_to_lowest_address(void **s)
{
    (void)s;
    /* A=48@64, S=32@112, C=48@144, S=32@192. Free A first, then C: two
     * holes of 48; LIFO would give 144, lowest address gives 64. */
    dh_heap h = mk(4096, X86, 64, 0, DH_FIT_BEST);
    dh_block a = get(&h, 48), c;
    (void)get(&h, 32);
    c = get(&h, 48);
    (void)get(&h, 32);
    assert_int_equal(dh_heap_block_offset(&h, c), 144);
    put(&h, a);
    put(&h, c);
    dh_block b = get(&h, 48);
    assert_int_equal(dh_heap_block_offset(&h, b), 64);
    dh_heap_free(&h);
}

/* Holes above 4 KB share range bins: 5096 (637 units) and 5000 (625 units)
 * are both in the bin for 576..639 units. x86, header 64, reserve 64 KB:
 * A=5096@64, S=32@5160, B=5000@5192, S=32@10192, tail from 10224. */
static dh_heap two_big_holes(dh_fit_policy fit)
{
    dh_heap h = mk(KB(64), X86, 64, 0, fit);
    dh_block a = get(&h, 5096), b;
    (void)get(&h, 32);
    b = get(&h, 5000);
    (void)get(&h, 32);
    assert_int_equal(dh_heap_block_offset(&h, b), 5192);
    put(&h, a);
    put(&h, b);
    return h;
}

static void test_best_fit_searches_range_bins(void **s)
{
    (void)s;
    dh_heap h = two_big_holes(DH_FIT_BEST);
    dh_block x = get(&h, 5000);   /* exact: the hole at 5192 */
    assert_int_equal(dh_heap_block_offset(&h, x), 5192);
    dh_block y = get(&h, 5008);   /* only the 5096 hole fits below the tail */
    assert_int_equal(dh_heap_block_offset(&h, y), 64);
    dh_heap_free(&h);
    h = two_big_holes(DH_FIT_FIRST);
    x = get(&h, 5000);            /* lowest address: 64 */
    assert_int_equal(dh_heap_block_offset(&h, x), 64);
    dh_heap_free(&h);
}

static void test_best_fit_ties_lowest_address_at_scale(void **s)
{
    (void)s;
    /* x86, header 64, 20 MB: 50,000 blocks of 24 (n=16: 16+8) at
     * 64 + 24i. Free the even ones in creation order (i = 0, 2, ...), then
     * ask 24 again 25,000 times: each hole is exact, and ties go to the
     * lowest address, so the k-th answer is hole 2k at 64 + 48k. */
    dh_heap h = mk(MB(20), X86, 64, 0, DH_FIT_BEST);
    enum { N = 50000 };
    dh_block *k = malloc(N * sizeof *k);
    dh_heap_outcome why;
    assert_non_null(k);
    for (uint32_t i = 0; i < N; i++)
        assert_int_equal(dh_heap_alloc(&h, 16, &k[i], &why), DH_OK);
    assert_int_equal(dh_heap_block_offset(&h, k[N - 1]), 64 + 24 * (N - 1));
    for (uint32_t i = 0; i < N; i += 2)
        dh_heap_release(&h, k[i]);
    assert_int_equal(stats(&h).free_blocks, N / 2 + 1); /* + the tail */
    for (uint32_t j = 0; j < N / 2; j++) {
        dh_block b;
        assert_int_equal(dh_heap_alloc(&h, 16, &b, &why), DH_OK);
        assert_int_equal(dh_heap_block_offset(&h, b), 64 + 48 * (uint64_t)j);
    }
    assert_int_equal(stats(&h).free_blocks, 1);
    assert_true(dh_heap_check(&h));
    free(k);
    dh_heap_free(&h);
}

/* ----------------------------------------------------- best_fit_hint ties */

/* Offset of a new block of exactly `bytes`. */
static uint64_t at(dh_heap *h, uint64_t bytes)
{
    return dh_heap_block_offset(h, get(h, bytes));
}

static void test_best_fit_hint_takes_oldest_then_newest(void **s)
{
    (void)s;
    /* x86, header 64, reserve 4096: A=48@64, S1=32@112, B=48@144,
     * S2=32@192, C=48@224, S3=32@272, tail [304, 4096). Each hole of 48
     * (6 units) has busy neighbours. Free A, B, C: A is the hint, and each
     * later one goes right after it: list [A, C, B]. Lowest address would
     * give 64, 144, 224; LIFO 224, 144, 64; the hint rule gives 64 (the
     * oldest), then 224 (the newest), then 144. */
    dh_heap h = mk(4096, X86, 64, 0, DH_FIT_BEST_HINT);
    dh_block a = get(&h, 48), b, c;
    (void)get(&h, 32);
    b = get(&h, 48);
    (void)get(&h, 32);
    c = get(&h, 48);
    (void)get(&h, 32);
    assert_int_equal(dh_heap_block_offset(&h, c), 224);
    put(&h, a);
    put(&h, b);
    put(&h, c);
    assert_int_equal(stats(&h).free_blocks, 4); /* three holes, the tail */
    a = get(&h, 48);
    assert_int_equal(dh_heap_block_offset(&h, a), 64); /* list [C, B] */
    /* A freed again goes after the new hint C: [C, A, B]. */
    put(&h, a);
    assert_int_equal(at(&h, 48), 224);
    assert_int_equal(at(&h, 48), 64);
    assert_int_equal(at(&h, 48), 144);
    assert_int_equal(stats(&h).free_blocks, 1); /* the tail */
    dh_heap_free(&h);
}

static void test_best_fit_hint_coalesced_hint_moves_on(void **s)
{
    (void)s;
    /* x86, header 64, reserve 4096: A=48@64, N1=32@112, S1=32@144,
     * B=48@176, S2=32@224, C=48@256, N2=32@304, S3=32@336, D=48@368,
     * S4=32@416, tail [448, 4096). Free A, B, C, D: list of 6 units
     * [A, D, C, B]. Release N2: it merges with C (its left neighbour) into
     * 80@256 (10 units), so C leaves the middle of its list: [A, D, B].
     * Release N1: it merges with A into 80@64, and A was the hint, so D is
     * now: [D, B]; the 10-unit list is [M2@256, M1@64] (M1 after the
     * hint). Requests of 48 then get 368, 176; of 80, 256 and 64 (lowest
     * address would give 176, 368 and 64, 256). */
    dh_heap h = mk(4096, X86, 64, 0, DH_FIT_BEST_HINT);
    dh_block a = get(&h, 48), n1 = get(&h, 32), b, c, n2, d;
    (void)get(&h, 32);
    b = get(&h, 48);
    (void)get(&h, 32);
    c = get(&h, 48);
    n2 = get(&h, 32);
    (void)get(&h, 32);
    d = get(&h, 48);
    (void)get(&h, 32);
    assert_int_equal(dh_heap_block_offset(&h, d), 368);
    assert_int_equal(stats(&h).free, 4096 - 448);
    put(&h, a);
    put(&h, b);
    put(&h, c);
    put(&h, d);
    put(&h, n2);
    put(&h, n1);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.free_blocks, 5); /* 80@64, 48@176, 80@256, 48@368,
                                            the tail */
    assert_int_equal(st.used, 4 * 32); /* S1..S4 */
    assert_int_equal(st.free, 4096 - 64 - 4 * 32);
    assert_int_equal(at(&h, 48), 368);
    assert_int_equal(at(&h, 48), 176);
    assert_int_equal(at(&h, 80), 256);
    assert_int_equal(at(&h, 80), 64);
    dh_heap_free(&h);
}

static void test_best_fit_hint_split_remainder_goes_after_hint(void **s)
{
    (void)s;
    /* x86, header 64, reserve 4096: A=48@64, S1=32@112, B=48@144,
     * S2=32@192, X=104@224, S3=32@328, tail [360, 4096). Free A, B: list
     * of 6 units [A, B]; free X: 13 units. A block of 56 (7 units): no
     * free size from 7 to 12, so X is split: 56@224 busy, the rest 48@280
     * (6 units) goes right after the hint A: [A, R, B]. Requests of 48
     * then get 64, 280, 144 (lowest address: 64, 144, 280). */
    dh_heap h = mk(4096, X86, 64, 0, DH_FIT_BEST_HINT);
    dh_block a = get(&h, 48), b, x;
    (void)get(&h, 32);
    b = get(&h, 48);
    (void)get(&h, 32);
    x = get(&h, 104);
    (void)get(&h, 32);
    assert_int_equal(dh_heap_block_offset(&h, x), 224);
    put(&h, a);
    put(&h, b);
    put(&h, x);
    assert_int_equal(at(&h, 56), 224);
    assert_int_equal(stats(&h).free_blocks, 4); /* A, R, B, the tail */
    assert_int_equal(at(&h, 48), 64);
    assert_int_equal(at(&h, 48), 280);
    assert_int_equal(at(&h, 48), 144);
    dh_heap_free(&h);
}

static void test_best_fit_hint_range_bins_tie_to_lowest_address(void **s)
{
    (void)s;
    /* Above 4 KB the notes say only "stay sorted": ties go to the lowest
     * address, as under best fit. x86, header 64, reserve 64 KB:
     * A=5000@64, S1=32@5064, B=5000@5096, S2=32@10096, tail from 10128.
     * Free B, then A: a hint list would serve B (the older); the range
     * bin serves A at 64, then B at 5096. */
    dh_heap h = mk(KB(64), X86, 64, 0, DH_FIT_BEST_HINT);
    dh_block a = get(&h, 5000), b;
    (void)get(&h, 32);
    b = get(&h, 5000);
    (void)get(&h, 32);
    assert_int_equal(dh_heap_block_offset(&h, b), 5096);
    put(&h, b);
    put(&h, a);
    assert_int_equal(at(&h, 5000), 64);
    assert_int_equal(at(&h, 5000), 5096);
    dh_heap_free(&h);
}

static void test_best_fit_hint_picks_size_as_best_fit(void **s)
{
    (void)s; /* the same holes as test_best_fit_takes_smallest_hole: 48
              * fits the 64 at 64 and the 48 at 160; the smallest wins */
    dh_heap h = two_holes(DH_FIT_BEST_HINT);
    assert_int_equal(at(&h, 48), 160);
    assert_int_equal(stats(&h).free_blocks, 2);
    dh_heap_free(&h);
}

static void test_best_fit_hint_name(void **s)
{
    (void)s;
    assert_string_equal(dh_fit_policy_name(DH_FIT_BEST_HINT), "best_fit_hint");
}

/* ------------------------------------------------------- failure outcomes */

static void test_full_versus_fragmented(void **s)
{
    (void)s;
    /* x86, header 64, reserve 384: 320 bytes = ten 32-byte blocks (n=24:
     * 24+8 = 32) at 64, 96, ..., 352. Then nothing is free: FULL. */
    dh_heap h = mk(384, X86, 64, 0, DH_FIT_BEST);
    dh_block k[10];
    dh_heap_outcome why;
    for (int i = 0; i < 10; i++) {
        assert_int_equal(dh_heap_alloc(&h, 24, &k[i], &why), DH_OK);
        assert_int_equal(why, DH_HEAP_OK);
        assert_int_equal(dh_heap_block_offset(&h, k[i]), 64 + 32 * i);
    }
    assert_int_equal(try_block(&h, 16), DH_HEAP_FULL);
    /* Free blocks 0, 2, 4, 6, 8: 160 free, 160 used (50 %), holes of 32
     * with busy blocks between: 64 fits the total but no hole. */
    for (int i = 0; i < 10; i += 2)
        put(&h, k[i]);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.used, 160);
    assert_int_equal(st.free, 160);
    assert_int_equal(st.largest_free, 32);
    assert_int_equal(st.free_blocks, 5);
    assert_int_equal(try_block(&h, 64), DH_HEAP_FRAGMENTED);
    assert_int_equal(try_block(&h, 160), DH_HEAP_FRAGMENTED);
    assert_int_equal(try_block(&h, 168), DH_HEAP_FULL); /* 168 > 160 */
    assert_int_equal(try_block(&h, 32), DH_HEAP_OK);    /* 128 free now */
    assert_int_equal(try_block(&h, 136), DH_HEAP_FULL);
    dh_heap_free(&h);
}

static void test_too_big_above_max_block(void **s)
{
    (void)s;
    /* max block 0x80000 - 4096 = 520192. n = 520184: 520192 -> allowed.
     * n = 520185: 520193 -> 520200 > 520192 -> TOO_BIG, even though the
     * 3 MB heap has room. Without a limit the same request succeeds. */
    dh_heap h = mk(MB(3), X86, 2880, MAX_BLOCK, DH_FIT_BEST);
    dh_block b;
    dh_heap_outcome why;
    assert_int_equal(dh_heap_alloc(&h, 520184, &b, &why), DH_OK);
    assert_int_equal(why, DH_HEAP_OK);
    assert_int_equal(dh_heap_block_size(&h, b), 520192);
    assert_int_equal(dh_heap_alloc(&h, 520185, &b, &why), DH_OK);
    assert_int_equal(why, DH_HEAP_TOO_BIG);
    assert_int_equal(b, DH_BLOCK_NONE);
    assert_true(dh_heap_check(&h));
    dh_heap_free(&h);
    h = mk(MB(3), X86, 2880, 0, DH_FIT_BEST);
    assert_int_equal(dh_heap_alloc(&h, 520185, &b, &why), DH_OK);
    assert_int_equal(why, DH_HEAP_OK);
    dh_heap_free(&h);
}

/* ----------------------------------------------------------------- commit */

static void test_committed_grows_by_pages_never_shrinks(void **s)
{
    (void)s;
    /* x86, header 2880, reserve 64 KB. At start: one page, 4096.
     * n=1200 -> 1208 at [2880, 4088): still 4096.
     * n=8 -> 16 at [4088, 4104): 8192.
     * n=9992 -> 10000 at [4104, 14104): round_up(14104, 4096) = 16384. */
    dh_heap h = mk(KB(64), X86, 2880, 0, DH_FIT_BEST);
    dh_block a, b, c;
    dh_heap_outcome why;
    assert_int_equal(stats(&h).committed, 4096);
    assert_int_equal(dh_heap_alloc(&h, 1200, &a, &why), DH_OK);
    assert_int_equal(stats(&h).committed, 4096);
    assert_int_equal(dh_heap_alloc(&h, 8, &b, &why), DH_OK);
    assert_int_equal(dh_heap_block_offset(&h, b), 4088);
    assert_int_equal(stats(&h).committed, 8192);
    assert_int_equal(dh_heap_alloc(&h, 9992, &c, &why), DH_OK);
    assert_int_equal(dh_heap_block_size(&h, c), 10000);
    assert_int_equal(stats(&h).committed, 16384);
    put(&h, a);
    put(&h, b);
    put(&h, c);
    assert_int_equal(stats(&h).committed, 16384);
    assert_int_equal(stats(&h).used, 0);
    assert_int_equal(dh_heap_alloc(&h, 8, &a, &why), DH_OK);
    assert_int_equal(dh_heap_block_offset(&h, a), 2880);
    assert_int_equal(stats(&h).committed, 16384);
    dh_heap_free(&h);
}

static void test_header_beyond_first_page_is_committed(void **s)
{
    (void)s; /* header 5000 -> round_up(5000, 4096) = 8192 at start */
    dh_heap h = mk(KB(64), X86, 5000, 0, DH_FIT_BEST);
    assert_int_equal(stats(&h).committed, 8192);
    dh_heap_free(&h);
}

/* ------------------------------------------------------------------ stats */

static void test_stats_after_a_sequence_x64(void **s)
{
    (void)s;
    /* x64, header 3520, reserve 65536: free [3520, 65536) = 62016.
     * a: n=100 -> 128 at 3520; b: n=0 -> 32 at 3648;
     * c: n=1000 -> 1016 -> 1024 at 3680; d: n=17 -> 33 -> 48 at 4704.
     * Release b: used 128+1024+48 = 1200; free 62016-1200 = 60816 =
     * hole 32 at 3648 + tail 65536-4752 = 60784. High water 4752 -> 8192. */
    dh_heap h = mk(65536, X64, 3520, 0, DH_FIT_BEST);
    dh_block a, b, c, d;
    dh_heap_outcome why;
    assert_int_equal(dh_heap_alloc(&h, 100, &a, &why), DH_OK);
    assert_int_equal(dh_heap_alloc(&h, 0, &b, &why), DH_OK);
    assert_int_equal(dh_heap_alloc(&h, 1000, &c, &why), DH_OK);
    assert_int_equal(dh_heap_alloc(&h, 17, &d, &why), DH_OK);
    assert_int_equal(dh_heap_block_offset(&h, d), 4704);
    put(&h, b);
    dh_heap_stats st = stats(&h);
    assert_int_equal(st.reserve, 65536);
    assert_int_equal(st.header, 3520);
    assert_int_equal(st.used, 1200);
    assert_int_equal(st.free, 60816);
    assert_int_equal(st.committed, 8192);
    assert_int_equal(st.largest_free, 60784);
    assert_int_equal(st.busy_blocks, 3);
    assert_int_equal(st.free_blocks, 2);
    (void)a;
    (void)c;
    dh_heap_free(&h);
}

static void test_names(void **s)
{
    (void)s;
    assert_string_equal(dh_fit_policy_name(DH_FIT_BEST), "best_fit");
    assert_string_equal(dh_fit_policy_name(DH_FIT_FIRST), "first_fit");
    assert_string_equal(dh_heap_outcome_name(DH_HEAP_FULL), "full");
    assert_string_equal(dh_heap_outcome_name(DH_HEAP_FRAGMENTED),
                        "fragmented");
    assert_string_equal(dh_heap_outcome_name(DH_HEAP_TOO_BIG), "too_big");
}

/* ------------------------------------------------------- invariants, long */

static uint64_t xorshift64(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void test_check_detects_corruption(void **s)
{
    (void)s; /* the checker must be able to say no */
    dh_block k[4];
    dh_heap h = four_blocks(k);
    h.used += 8;
    assert_false(dh_heap_check(&h));
    h.used -= 8;
    h.free_blocks++;
    assert_false(dh_heap_check(&h));
    h.free_blocks--;
    h.nodes[k[1]].size += 8;
    assert_false(dh_heap_check(&h));
    h.nodes[k[1]].size -= 8;
    assert_true(dh_heap_check(&h));
    dh_heap_free(&h);
}

#define LIVE_MAX 2000

/* 100,000 operations: 55 % allocate (1..2000 bytes, 1 in 50 a big one of
 * up to 96 KB), else release a random live block. Every block must hold
 * its request plus at most one spare unit (its header and rounding), the
 * sum of live blocks must equal `used`, and every invariant must hold
 * (checked every 997 operations and at the end). */
static void random_run(dh_fit_policy fit, uint64_t seed)
{
    dh_heap h = mk(MB(1), X86, 2880, MAX_BLOCK, fit);
    dh_block *live = malloc(LIVE_MAX * sizeof *live);
    uint64_t x = seed, sum = 0, fails = 0;
    uint32_t nlive = 0;
    assert_non_null(live);
    for (int op = 0; op < 100000; op++) {
        uint64_t r = xorshift64(&x);
        if (nlive > 0 && (r % 100 >= 55 || nlive == LIVE_MAX)) {
            uint32_t i = (uint32_t)((r >> 8) % nlive);
            sum -= dh_heap_block_size(&h, live[i]);
            dh_heap_release(&h, live[i]);
            live[i] = live[--nlive];
        } else {
            uint64_t n = (r >> 8) % 50 == 0 ? (r >> 16) % KB(96)
                                            : 1 + (r >> 16) % 2000;
            uint64_t want = dh_heap_block_bytes(X86, n);
            dh_block b;
            dh_heap_outcome why;
            assert_int_equal(dh_heap_alloc(&h, n, &b, &why), DH_OK);
            if (why != DH_HEAP_OK) {
                fails++;
                continue;
            }
            uint64_t got = dh_heap_block_size(&h, b);
            assert_true(got == want || got == want + X86);
            sum += got;
            live[nlive++] = b;
        }
        assert_int_equal(stats(&h).used, sum);
        if (op % 997 == 0)
            assert_true(dh_heap_check(&h));
    }
    assert_true(dh_heap_check(&h));
    assert_true(fails < 100000);
    while (nlive > 0)
        dh_heap_release(&h, live[--nlive]);
    dh_heap_stats st = stats(&h);
    /* all free: one block of 1 MB - 2880 */
    assert_int_equal(st.used, 0);
    assert_int_equal(st.free, MB(1) - 2880);
    assert_int_equal(st.free_blocks, 1);
    assert_true(dh_heap_check(&h));
    free(live);
    dh_heap_free(&h);
}

static void test_invariants_hold_over_100k_random_ops_best_fit(void **s)
{
    (void)s;
    random_run(DH_FIT_BEST, 0x9E3779B97F4A7C15ull);
}

static void test_invariants_hold_over_100k_random_ops_first_fit(void **s)
{
    (void)s;
    random_run(DH_FIT_FIRST, 0x2545F4914F6CDD1Dull);
}

static void test_invariants_hold_over_100k_random_ops_best_fit_hint(void **s)
{
    (void)s;
    random_run(DH_FIT_BEST_HINT, 0x9E3779B97F4A7C15ull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_size_rounding_x86),
        cmocka_unit_test(test_block_size_rounding_x64),
        cmocka_unit_test(test_alloc_applies_block_rule),
        cmocka_unit_test(test_alloc_block_rejects_bad_sizes),
        cmocka_unit_test(test_header_rounded_to_unit_and_tail_fragment_ignored),
        cmocka_unit_test(test_split_takes_low_part),
        cmocka_unit_test(test_one_unit_remainder_absorbed),
        cmocka_unit_test(test_two_unit_remainder_split_off),
        cmocka_unit_test(test_coalesce_with_left_neighbour),
        cmocka_unit_test(test_coalesce_with_right_neighbour),
        cmocka_unit_test(test_coalesce_with_both_neighbours),
        cmocka_unit_test(test_release_of_stale_handle_ignored),
        cmocka_unit_test(test_best_fit_takes_smallest_hole),
        cmocka_unit_test(test_first_fit_takes_lowest_hole),
        cmocka_unit_test(test_best_fit_ties_go_to_lowest_address),
        cmocka_unit_test(test_best_fit_searches_range_bins),
        cmocka_unit_test(test_best_fit_ties_lowest_address_at_scale),
        cmocka_unit_test(test_best_fit_hint_takes_oldest_then_newest),
        cmocka_unit_test(test_best_fit_hint_coalesced_hint_moves_on),
        cmocka_unit_test(test_best_fit_hint_split_remainder_goes_after_hint),
        cmocka_unit_test(test_best_fit_hint_range_bins_tie_to_lowest_address),
        cmocka_unit_test(test_best_fit_hint_picks_size_as_best_fit),
        cmocka_unit_test(test_best_fit_hint_name),
        cmocka_unit_test(test_full_versus_fragmented),
        cmocka_unit_test(test_too_big_above_max_block),
        cmocka_unit_test(test_committed_grows_by_pages_never_shrinks),
        cmocka_unit_test(test_header_beyond_first_page_is_committed),
        cmocka_unit_test(test_stats_after_a_sequence_x64),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_check_detects_corruption),
        cmocka_unit_test(test_invariants_hold_over_100k_random_ops_best_fit),
        cmocka_unit_test(test_invariants_hold_over_100k_random_ops_first_fit),
        cmocka_unit_test(test_invariants_hold_over_100k_random_ops_best_fit_hint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * deskheap_layout.h — internal to alloc/: the layout of a desktop heap
 * (nodes, size bins, hint lists). deskheap.c and the allocator's own tests
 * read it; everything else goes through alloc.h.
 */
#ifndef DH_DESKHEAP_LAYOUT_H
#define DH_DESKHEAP_LAYOUT_H

#include "alloc/alloc.h"

/* Internal state; read it only through the functions below. Offsets and
 * sizes are in units. Blocks are 16-byte nodes in an array, linked in
 * address order; a handle is a node index. Free blocks sit in size bins:
 * one bin per exact size up to 4 KB, then 8 bins per power of two. A bin
 * with few entries is an array sorted by descending key (size << 32 |
 * offset), so its top, the last entry, is its smallest block, lowest
 * address first; a bin whose capacity grows past 256 entries turns into a
 * binary min-heap of the same keys and stays one (cap > 256 says so). A
 * free node's index in a heap bin is kept in a side array (pos, allocated
 * with the first heap bin), so a block leaving a bin by coalescing is
 * unlinked at once. Bin headers come in groups of 16, allocated when one of
 * their bins is first used: a fresh heap owns one group.
 * Under DH_FIT_BEST_HINT the exact bins (sizes up to 4 KB) are instead
 * lists in ReactOS's hint order: hint[size] is the list's first node, and
 * each free node's list links are in a side array, link (both allocated
 * with the heap); their bin headers stay unused. */
typedef struct {
    uint32_t off;                 /* block offset in units */
    uint32_t size : 31;           /* block size in units (reserve < 2^31
                                     units); 0: a spare slot */
    uint32_t is_free : 1;
    uint32_t prev, next;          /* neighbours in address order; next also
                                     links the spare (recycled) slots */
} dh_heap_node;

typedef struct {
    uint64_t key;                 /* size << 32 | offset, in units */
    uint32_t node;
} dh_heap_entry;

typedef struct {
    dh_heap_entry *e;             /* sorted (cap <= 256) or a min-heap */
    uint32_t len, cap;
} dh_heap_bin;

typedef struct {
    uint32_t next;                /* the next node of its hint list, or
                                     DH_BLOCK_NONE */
    uint32_t prev;                /* the one before; not kept up to date
                                     for the list's first node (the hint) */
} dh_heap_link;

/* Bins at most: 512 exact (unit 8) + 1 + 23 rows of 8 = 697: 11 bitmap
 * words, 44 groups of 16 bin headers. */
#define DH_HEAP_BIN_WORDS 11
#define DH_HEAP_GROUP_BINS 16
#define DH_HEAP_GROUPS 44

struct dh_heap {
    dh_heap_params p;
    dh_heap_node *nodes;
    uint32_t *pos;                /* pos[i]: free node i's index in its heap
                                     bin; NULL until a bin becomes a heap,
                                     then capnodes entries */
    uint32_t *hint;               /* best_fit_hint: hint[u] is the first
                                     free node of u units (u <= small_units)
                                     or DH_BLOCK_NONE; else NULL */
    dh_heap_link *link;           /* best_fit_hint: link[i], free node i's
                                     place in its hint list (capnodes
                                     entries); else NULL */
    uint32_t nnodes, capnodes;
    uint32_t spare;               /* recycled node slots, linked by next */
    uint32_t first;               /* lowest-address block */
    uint32_t shift;               /* log2(unit) */
    uint32_t small_units;         /* sizes up to this many units: exact bins */
    uint32_t small_shift;         /* log2(small_units) */
    uint32_t nbins;
    uint32_t fast_units;          /* best fit: small_units; first fit and
                                     best_fit_hint (own path): 0 */
    uint32_t list_units;          /* bins up to this are hint lists:
                                     best_fit_hint small_units, else 0 */
    uint64_t limit;               /* largest block served: max_block or
                                     all; 0 once out of memory */
    uint64_t binmap[DH_HEAP_BIN_WORDS + 1]; /* bit i set: bin i is not
                                     empty; the last word, all ones, ends
                                     a scan */
    dh_heap_bin *groups[DH_HEAP_GROUPS]; /* bin i: groups[i/16][i%16] */
    uint64_t span;                /* bytes from header that blocks tile */
    uint64_t tiled;               /* bytes the blocks tile: span, or 0 */
    uint64_t used, committed, busy_blocks, free_blocks; /* free: tiled-used */
    uint64_t high_water;          /* highest end offset of any busy block */
    bool oom;                     /* a release could not grow a bin */
};
/* A heap in the caller's memory (tests and benchmarks keep heaps by value):
 * the rules of dh_heap_new; dh_heap_free frees what init allocated. */
dh_status dh_heap_init(dh_heap *h, const dh_heap_params *p, dh_error *err);
void dh_heap_free(dh_heap *h);

#endif /* DH_DESKHEAP_LAYOUT_H */

/*
 * ref_heap.h — a frozen copy of the desktop heap allocator's internal types
 * as of commit e0bf01f (model/dheapsim.h, dh_heap*), renamed ref_heap*, for
 * the differential checker (check_alloc.c). Not part of the model.
 */
#ifndef REF_HEAP_H
#define REF_HEAP_H
#include "dheapsim.h"

/* Internal state; read it only through the functions below. Offsets and
 * sizes are in units. Blocks are nodes in an array, linked in address
 * order; a handle is a node index. Free blocks sit in size bins: one bin
 * per exact size up to 4 KB, then 8 bins per power of two. Each bin is a
 * binary min-heap of keys (size << 32 | offset), so its top is its smallest
 * block, lowest address first; a free node knows its index in its bin's
 * heap (pos), so a block leaving a bin by coalescing is unlinked at once.
 * A bin with few entries is instead an array sorted by descending key
 * (its top is last); a bin whose capacity grows past 256 entries turns
 * into the heap and stays one (cap > 256 says so). Bin headers come in
 * groups of 16, allocated when one of their bins is first used: a fresh
 * heap owns one group. */
typedef struct {
    uint32_t off, size;           /* block offset and size, in units */
    uint32_t prev, next;          /* neighbours in address order; next also
                                     links the spare (recycled) slots */
    uint32_t pos;                 /* free block: index in its bin's heap */
    uint8_t is_free;
    uint8_t in_use;               /* node slot holds a block */
    uint8_t prev_free, next_free; /* the address neighbours are free */
} ref_heap_node;

typedef struct {
    uint64_t key;                 /* size << 32 | offset, in units */
    uint32_t node;
} ref_heap_entry;

typedef struct {
    ref_heap_entry *e;             /* sorted (cap <= 256) or a min-heap */
    uint32_t len, cap;
} ref_heap_bin;

/* Bins at most: 512 exact (unit 8) + 1 + 23 rows of 8 = 697: 11 bitmap
 * words, 44 groups of 16 bin headers. */
#define REF_HEAP_BIN_WORDS 11
#define REF_HEAP_GROUP_BINS 16
#define REF_HEAP_GROUPS 44

typedef struct {
    dh_heap_params p;
    ref_heap_node *nodes;
    uint32_t nnodes, capnodes;
    uint32_t spare;               /* recycled node slots, linked by next */
    uint32_t first;               /* lowest-address block */
    uint32_t shift;               /* log2(unit) */
    uint32_t small_units;         /* sizes up to this many units: exact bins */
    uint32_t small_shift;         /* log2(small_units) */
    uint32_t nbins;
    uint32_t fast_units;          /* best fit: small_units; first fit: 0 */
    uint64_t limit;               /* largest block served: max_block or
                                     all; 0 once out of memory */
    uint64_t binmap[REF_HEAP_BIN_WORDS]; /* bit i set: bin i is not empty */
    ref_heap_bin *groups[REF_HEAP_GROUPS]; /* bin i: groups[i/16][i%16] */
    uint64_t span;                /* bytes from header that blocks tile */
    uint64_t tiled;               /* bytes the blocks tile: span, or 0 */
    uint64_t used, committed, busy_blocks, free_blocks; /* free: tiled-used */
    uint64_t high_water;          /* highest end offset of any busy block */
    bool oom;                     /* a release could not grow a bin */
} ref_heap;


uint64_t ref_heap_block_bytes(uint32_t unit, uint64_t n);
dh_status ref_heap_init(ref_heap *h, const dh_heap_params *p, dh_error *err);
void ref_heap_free(ref_heap *h);
dh_status ref_heap_alloc(ref_heap *h, uint64_t n, dh_block *out, dh_heap_outcome *why);
dh_status ref_heap_alloc_block(ref_heap *h, uint64_t bytes, dh_block *out, dh_heap_outcome *why);
void ref_heap_release(ref_heap *h, dh_block b);
uint64_t ref_heap_block_size(const ref_heap *h, dh_block b);
uint64_t ref_heap_block_offset(const ref_heap *h, dh_block b);
void ref_heap_get_stats(const ref_heap *h, dh_heap_stats *s);
bool ref_heap_check(const ref_heap *h);
const char *ref_fit_policy_name(dh_fit_policy f);
const char *ref_heap_outcome_name(dh_heap_outcome o);

#endif

/*
 * alloc.h — the allocators of the dheapsim model: session view space in
 * granules, first fit from the lowest address, and one desktop heap as the
 * NT heap's block rule over its reserved size (reactos-notes s.6, s.7 in
 * docs/sources.md). They know bytes and blocks, never desktops or rules.
 */
#ifndef DH_ALLOC_H
#define DH_ALLOC_H

#include "base/base.h"

/* -------------------------------------------------------------- view space */

/* A first-fit allocator over granules of view space, lowest address first.
 * limit_granules 0 = grows without bound (dynamic view space). */
typedef struct {
    uint64_t granule;        /* bytes per granule */
    uint64_t limit_granules; /* 0 = unbounded */
    uint8_t *used;           /* one byte per granule: 1 = taken */
    uint64_t extent;         /* granules ever reached (high-water mark) */
    uint64_t cap;            /* allocated length of used[] */
    uint64_t in_use;         /* granules taken now */
    uint64_t first_free;     /* every granule below it is taken */
} dh_viewspace;

dh_status dh_viewspace_init(dh_viewspace *v, uint64_t granule,
                            uint64_t size_bytes, dh_error *err);
void dh_viewspace_free(dh_viewspace *v);
/* Map bytes (rounded up to granules). On success *offset is the byte offset.
 * Returns DH_OK, or DH_ELIMIT when it does not fit (not an error: a result),
 * or DH_ENOMEM. */
dh_status dh_viewspace_map(dh_viewspace *v, uint64_t bytes, uint64_t *offset);
void dh_viewspace_unmap(dh_viewspace *v, uint64_t offset, uint64_t bytes);
uint64_t dh_viewspace_used(const dh_viewspace *v);
uint64_t dh_viewspace_largest_free(const dh_viewspace *v);

/* ------------------------------------------------------------ desktop heap */

/* One desktop heap as an allocator over its reserved size (reactos-notes
 * s.6; the NT heap: block = round_up(max(n,1) + unit, unit), the unit
 * being the 8/16-byte block header; a heap header at the start; commit a
 * page at a time, never decommitted; free blocks coalesce with both
 * neighbours). Which free block serves a request is a policy, an explicit
 * assumption: best fit whose ties among blocks of one size up to 4 KB
 * follow ReactOS's free hints (reactos-notes s.6: the oldest surviving
 * block first, then the newest freed; the default, heap_fit), best fit
 * with every tie to the lowest address, or first fit. */
typedef enum {
    DH_FIT_BEST = 0,
    DH_FIT_FIRST = 1,
    DH_FIT_BEST_HINT = 2
} dh_fit_policy;

typedef struct {
    uint64_t reserve;   /* heap size in bytes (the desktop's heap size) */
    uint32_t unit;      /* 8 (x86) or 16 (x64): block header and granularity */
    uint64_t header;    /* heap header bytes at the start (rounded up to unit) */
    uint32_t page;      /* commit granularity in bytes */
    uint64_t max_block; /* largest single block in bytes; 0 = no limit */
    dh_fit_policy fit;
} dh_heap_params;

typedef uint32_t dh_block;            /* handle of a busy block */
#define DH_BLOCK_NONE ((dh_block)0xFFFFFFFFu)

typedef enum {
    DH_HEAP_OK = 0,
    DH_HEAP_FULL,       /* free bytes in all blocks < the block needed */
    DH_HEAP_FRAGMENTED, /* enough free bytes in all, but no one block fits */
    DH_HEAP_TOO_BIG     /* block above max_block (STATUS_BUFFER_TOO_SMALL) */
} dh_heap_outcome;

typedef struct {
    uint64_t reserve;       /* heap size */
    uint64_t header;        /* heap header (not counted as used) */
    uint64_t used;          /* bytes in busy blocks, block headers included */
    uint64_t free;          /* bytes in free blocks */
    uint64_t committed;     /* bytes committed: whole pages, high-water mark */
    uint64_t largest_free;  /* the largest free block */
    uint64_t busy_blocks;
    uint64_t free_blocks;
} dh_heap_stats;

/* One heap; its layout is the allocator's own (alloc/deskheap_layout.h).
 * dh_heap_new allocates and initialises one, NULL with err set on failure
 * (unit: a power of two, 8..512; page: a multiple of unit; reserve: below
 * 2^31 units; header <= reserve: DH_EINTERNAL / DH_ELIMIT otherwise); dh_heap_delete frees it (NULL is fine). */
typedef struct dh_heap dh_heap;
dh_heap *dh_heap_new(const dh_heap_params *p, dh_error *err);
void dh_heap_delete(dh_heap *h);

/* Block bytes of a request of n bytes: round_up(max(n,1) + unit, unit). */
uint64_t dh_heap_block_bytes(uint32_t unit, uint64_t n);
/* Allocate a request of n bytes (the block rule applies). On DH_OK with
 * *why == DH_HEAP_OK, *out is the block; otherwise *out = DH_BLOCK_NONE and
 * *why says why. DH_ENOMEM only when the host is out of memory. */
dh_status dh_heap_alloc(dh_heap *h, uint64_t n, dh_block *out,
                        dh_heap_outcome *why);
/* Allocate a block of exactly `bytes` (a multiple of unit, at least two
 * units, else DH_EINPUT; a one-unit split remainder is still added to it). */
dh_status dh_heap_alloc_block(dh_heap *h, uint64_t bytes, dh_block *out,
                              dh_heap_outcome *why);
/* Free a busy block; an unknown or already released handle is ignored (a
 * released handle's slot may later be reused for another block).
 * Should the host run out of memory while the free block is filed, the block
 * stays busy and every later allocation returns DH_ENOMEM. */
void dh_heap_release(dh_heap *h, dh_block b);
uint64_t dh_heap_block_size(const dh_heap *h, dh_block b);
uint64_t dh_heap_block_offset(const dh_heap *h, dh_block b);
void dh_heap_get_stats(const dh_heap *h, dh_heap_stats *s);
/* Check every invariant (blocks tile the heap, no two free neighbours,
 * counters agree, free lists hold exactly the free blocks). For tests. */
bool dh_heap_check(const dh_heap *h);
const char *dh_fit_policy_name(dh_fit_policy f);
const char *dh_heap_outcome_name(dh_heap_outcome o);

#endif /* DH_ALLOC_H */

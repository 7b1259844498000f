/*
 * hint_ref.h — the simple reference of DH_FIT_BEST_HINT (hint_ref.c) for
 * the differential checker check_hint.c. Not part of the model.
 */
#ifndef HINT_REF_H
#define HINT_REF_H
#include "dheapsim.h"

typedef struct {
    uint64_t off, size; /* in units */
    bool free;
    uint32_t id;        /* a busy block's name (never reused); 0 if free */
} hr_block;

typedef struct {
    uint64_t *off;      /* offsets of free blocks of one size, list order */
    size_t len, cap;
} hr_list;

typedef struct {
    dh_heap_params p;
    uint32_t unit;
    uint64_t header;      /* rounded up to the unit */
    uint64_t small_units; /* 4096 / unit: sizes with a hint list */
    uint64_t tiled;       /* bytes the blocks cover */
    hr_block *b;          /* address order */
    size_t n, cap;
    hr_list *lists;       /* lists[u], u <= small_units */
    uint64_t high_water, committed;
    uint32_t next_id;
} hr_heap;

typedef enum {
    HR_OK = 0,
    HR_FULL,
    HR_FRAGMENTED,
    HR_TOO_BIG,
    HR_BAD_SIZE
} hr_outcome;

uint64_t hr_block_bytes(uint32_t unit, uint64_t n);
void hr_init(hr_heap *h, const dh_heap_params *p); /* params must be valid */
void hr_free(hr_heap *h);
hr_outcome hr_alloc(hr_heap *h, uint64_t n, uint32_t *id);
hr_outcome hr_alloc_block(hr_heap *h, uint64_t bytes, uint32_t *id);
void hr_release(hr_heap *h, uint32_t id); /* unknown ids are ignored */
const hr_block *hr_find(const hr_heap *h, uint32_t id); /* busy, or NULL */
void hr_get_stats(const hr_heap *h, dh_heap_stats *s);

#endif

/*
 * viewspace.c — session view space as a first-fit allocator over
 * fixed granules (rule 2's bytes: rules/viewbytes.c), lowest address first, freed on unmap (reactos-notes s.7:
 * one bitmap bit per 64 KB bucket, RtlFindClearBitsAndSet from 0). The
 * granule is the assumption view_granularity_kb.
 */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

dh_status dh_viewspace_init(dh_viewspace *v, uint64_t granule,
                            uint64_t size_bytes, dh_error *err)
{
    memset(v, 0, sizeof *v);
    if (granule == 0)
        return dh_error_set(err, DH_EINTERNAL, "view granule of 0 bytes");
    v->granule = granule;
    v->limit_granules = size_bytes / granule; /* a partial granule is lost */
    bool too_small = size_bytes != 0 && v->limit_granules == 0;
    v->cap = v->limit_granules != 0 ? v->limit_granules : 64;
    v->used = calloc(v->cap, 1);
    if (v->used == NULL)
        return dh_error_set(err, DH_ENOMEM, "out of memory for view space");
    if (too_small)
        v->limit_granules = UINT64_MAX; /* marker: nothing fits */
    return DH_OK;
}

void dh_viewspace_free(dh_viewspace *v)
{
    free(v->used);
    memset(v, 0, sizeof *v);
}

static bool unbounded(const dh_viewspace *v)
{
    return v->limit_granules == 0;
}

static dh_status grow(dh_viewspace *v, uint64_t need)
{
    uint64_t cap = v->cap;
    while (cap < need) {
        if (cap > UINT64_MAX / 2)
            return DH_ENOMEM;
        cap *= 2;
    }
    if (cap == v->cap)
        return DH_OK;
    if (cap > SIZE_MAX)
        return DH_ENOMEM;
    uint8_t *p = realloc(v->used, (size_t)cap);
    if (p == NULL)
        return DH_ENOMEM;
    memset(p + v->cap, 0, (size_t)(cap - v->cap));
    v->used = p;
    v->cap = cap;
    return DH_OK;
}

/* First run of n clear granules in [0, end), or end if none. Nothing
 * below first_free is clear, so the search starts there. */
static uint64_t find_run(const dh_viewspace *v, uint64_t n, uint64_t end)
{
    uint64_t run = 0;
    for (uint64_t i = v->first_free; i < end; i++) {
        run = v->used[i] ? 0 : run + 1;
        if (run == n)
            return i + 1 - n;
    }
    return end;
}

dh_status dh_viewspace_map(dh_viewspace *v, uint64_t bytes, uint64_t *offset)
{
    uint64_t n = bytes / v->granule + (bytes % v->granule != 0);
    if (n == 0) {
        *offset = 0;
        return DH_OK;
    }
    if (v->limit_granules == UINT64_MAX)
        return DH_ELIMIT;
    uint64_t end = unbounded(v) ? v->extent : v->limit_granules;
    uint64_t at = find_run(v, n, end);
    if (at == end) {
        if (!unbounded(v))
            return DH_ELIMIT;
        /* Dynamic: extend from the last free run touching the end. */
        at = end;
        while (at > 0 && !v->used[at - 1])
            at--;
        if (at > UINT64_MAX - n)
            return DH_ENOMEM;
        if (grow(v, at + n) != DH_OK)
            return DH_ENOMEM;
    }
    memset(v->used + at, 1, (size_t)n);
    if (at + n > v->extent)
        v->extent = at + n;
    v->in_use += n;
    while (v->first_free < v->extent && v->used[v->first_free])
        v->first_free++;
    *offset = at * v->granule;
    return DH_OK;
}

void dh_viewspace_unmap(dh_viewspace *v, uint64_t offset, uint64_t bytes)
{
    uint64_t n = bytes / v->granule + (bytes % v->granule != 0);
    uint64_t at = offset / v->granule;
    if (n == 0 || at + n > v->cap)
        return;
    memset(v->used + at, 0, (size_t)n);
    v->in_use -= n;
    if (at < v->first_free)
        v->first_free = at;
}

uint64_t dh_viewspace_used(const dh_viewspace *v)
{
    return v->in_use * v->granule;
}

uint64_t dh_viewspace_largest_free(const dh_viewspace *v)
{
    if (unbounded(v))
        return UINT64_MAX;
    if (v->limit_granules == UINT64_MAX)
        return 0;
    uint64_t best = 0, run = 0;
    for (uint64_t i = 0; i < v->limit_granules; i++) {
        run = v->used[i] ? 0 : run + 1;
        if (run > best)
            best = run;
    }
    return best * v->granule;
}

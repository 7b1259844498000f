/*
 * heaptrace.c — the optional record of a run's desktop-heap operations
 * (dh_run_options.heap_trace): appended to by the engine, off by default,
 * replayed by tests/bench/bench_scale.c through dh_heap_* alone.
 */
#include "engine_private.h"

#include <stdlib.h>
#include <string.h>

static void put(engine *e, dh_heap_trace_op op, size_t d, uint64_t request,
                dh_block b)
{
    dh_heap_trace *t = e->ht;
    if (t->oom)
        return;
    if (dh_grow((void **)&t->ops, &t->capops, t->nops, sizeof *t->ops) !=
        DH_OK) {
        t->oom = true;
        return;
    }
    t->ops[t->nops++] = (dh_heap_trace_rec){request, (uint32_t)d, b,
                                            (uint32_t)op};
}

void dh_ht_open(engine *e, size_t d, const dh_heap_params *p)
{
    dh_heap_trace *t = e->ht;
    if (t == NULL || t->oom)
        return;
    while (t->nheaps <= d) {
        if (dh_grow((void **)&t->heaps, &t->capheaps, t->nheaps,
                    sizeof *t->heaps) != DH_OK) {
            t->oom = true;
            return;
        }
        memset(&t->heaps[t->nheaps++], 0, sizeof *t->heaps);
    }
    t->heaps[d] = *p;
    put(e, DH_HT_OPEN, d, 0, DH_BLOCK_NONE);
}

void dh_ht_alloc(engine *e, size_t d, uint64_t request, dh_block b)
{
    if (e->ht != NULL)
        put(e, DH_HT_ALLOC, d, request, b);
}

void dh_ht_release(engine *e, size_t d, dh_block b)
{
    if (e->ht != NULL)
        put(e, DH_HT_RELEASE, d, 0, b);
}

void dh_ht_close(engine *e, size_t d)
{
    if (e->ht != NULL)
        put(e, DH_HT_CLOSE, d, 0, DH_BLOCK_NONE);
}

void dh_heap_trace_free(dh_heap_trace *t)
{
    if (t == NULL)
        return;
    free(t->ops);
    free(t->heaps);
    memset(t, 0, sizeof *t);
}

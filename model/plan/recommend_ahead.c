/*
 * recommend_ahead.c — probes run ahead of recommend's search (-j N): the
 * ones it will ask for next (the gallop's next values, a bisection's next
 * levels), at once through the run options' executor, kept until asked
 * for. Verdicts depend on the probe's values alone (the engine is
 * deterministic), so the search decides the same at every N.
 */
#include "recommend_private.h"

#include <stdlib.h>
#include <string.h>

bool rec_is_ahead(const search *S, uint64_t ikb, uint64_t nkb,
                  uint32_t svs, bool stop)
{
    for (size_t i = 0; i < S->nahead; i++)
        if (S->ahead[i].ikb == ikb && S->ahead[i].nkb == nkb &&
            S->ahead[i].svs == svs && S->ahead[i].stop == stop)
            return true;
    return false;
}

/* Would rec_probe_kind(ikb, nkb, k) run a probe, and would rec_evaluate?
 * (the memo rules of those two, recommend_probe.c) */
static bool kind_would_run(const search *S, uint64_t ikb, uint64_t nkb,
                           int k)
{
    const memo *m = rec_memo_find(S, ikb, nkb);
    return m == NULL || (m->partial && m->stopped != k);
}

bool rec_eval_would_run(const search *S, uint64_t ikb, uint64_t nkb,
                        uint32_t svs)
{
    const memo *m = svs == 0 ? rec_memo_find(S, ikb, nkb) : NULL;
    return m == NULL || m->partial;
}

void rec_batch_add(const search *S, batch *b, uint64_t ikb, uint64_t nkb,
                   uint32_t svs, bool stop)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->a[i].ikb == ikb && b->a[i].nkb == nkb && b->a[i].svs == svs &&
            b->a[i].stop == stop)
            return;
    if (b->n < S->jobs && b->n < AHEAD_MAX)
        b->a[b->n++] = (ahead){.ikb = ikb, .nkb = nkb, .svs = svs,
                               .stop = stop};
}

static bool batch_full(const search *S, const batch *b)
{
    return b->n >= S->jobs || b->n >= AHEAD_MAX;
}

/* A probe kind_would_run and not run ahead yet: worth a batch. */
static void batch_kind(const search *S, batch *b, uint64_t ikb, uint64_t nkb,
                       int k)
{
    if (kind_would_run(S, ikb, nkb, k) &&
        !rec_is_ahead(S, ikb, nkb, 0, !S->exhaustive))
        rec_batch_add(S, b, ikb, nkb, 0, !S->exhaustive);
}

static void ahead_one(void *ctx, size_t i)
{
    batch_jobs *j = ctx;
    ahead *a = &j->a[i];
    dh_error_clear(&a->err);
    a->st = rec_probe_exec(j->S, a->steps, a->ikb, a->nkb, a->svs, a->stop,
                           &a->v, &a->stopped, &a->err);
}

/* Run b's probes at once when the search will ask for b's first one next
 * (need: it is not run ahead yet); what was run ahead before and not
 * asked for is dropped. Each probe that rescales has its own steps. A
 * batch that cannot be set up is skipped: the search runs its probes. */
void rec_run_ahead(search *S, batch *b)
{
    if (b->n < 2 || S->exec == NULL)
        return; /* one probe: the search runs it itself */
    S->nahead = 0;
    size_t ok = 0;
    for (; ok < b->n && S->rescaled; ok++) {
        b->a[ok].steps = malloc(S->copy.nsteps * sizeof *b->a[ok].steps);
        if (b->a[ok].steps == NULL)
            break;
        memcpy(b->a[ok].steps, S->sc->steps,
               S->copy.nsteps * sizeof *b->a[ok].steps);
    }
    if (S->rescaled && ok < b->n) {
        for (size_t i = 0; i < ok; i++)
            free(b->a[i].steps);
        return;
    }
    batch_jobs j = {S, b->a};
    dh_execute(S->exec, b->n, ahead_one, NULL, &j);
    for (size_t i = 0; i < b->n; i++) {
        free(b->a[i].steps);
        b->a[i].steps = NULL;
        S->ahead[S->nahead++] = b->a[i];
    }
}

/* The first probes of a bisection of [lo, hi] in steps of step (mid =
 * lo + (hi - lo) / step / 2 * step; good: [lo, mid], bad: [mid + step,
 * hi]), breadth first, until b is full: the probe asked for next, then
 * both it might ask for after that, and so on. */
void rec_ahead_tree(const search *S, batch *b, uint64_t lo, uint64_t hi,
                    uint64_t step, ahead_key key, void *ctx)
{
    enum { Q = 2 * AHEAD_MAX + 2 };
    uint64_t qlo[Q], qhi[Q];
    size_t head = 0, tail = 0;
    qlo[tail] = lo;
    qhi[tail++] = hi;
    while (head < tail && !batch_full(S, b)) {
        uint64_t l = qlo[head], h = qhi[head++];
        if (l >= h)
            continue;
        uint64_t mid = l + (h - l) / step / 2 * step;
        int known = key(S, b, mid, ctx);
        if (known != 0 && tail < Q) { /* bad, or not known */
            qlo[tail] = mid + step;
            qhi[tail++] = h;
        }
        if (known != 1 && tail < Q) { /* good, or not known */
            qlo[tail] = l;
            qhi[tail++] = mid;
        }
    }
}

int rec_kind_key(const search *S, batch *b, uint64_t x, void *ctx)
{
    const kind_ctx *c = ctx;
    uint64_t ikb = c->inter ? x : c->other, nkb = c->inter ? c->other : x;
    if (!kind_would_run(S, ikb, nkb, c->k))
        return rec_memo_find(S, ikb, nkb)->v.bad[c->k] ? 1 : 0;
    batch_kind(S, b, ikb, nkb, c->k);
    return -1;
}

/* The gallop's probes from x: x, 2 x, 4 x, ... hi, until b is full. */
void rec_ahead_gallop(const search *S, batch *b, const kind_ctx *c,
                      uint64_t x, uint64_t hi)
{
    for (;; x = x * 2 > hi ? hi : x * 2) {
        if (batch_full(S, b) || rec_kind_key(S, b, x, (void *)c) == 0 ||
            x == hi)
            return;
    }
}

int rec_view_key(const search *S, batch *b, uint64_t x, void *ctx)
{
    const view_ctx *c = ctx;
    if (!rec_is_ahead(S, c->ikb, c->nkb, (uint32_t)x, false))
        rec_batch_add(S, b, c->ikb, c->nkb, (uint32_t)x, false);
    return -1;
}

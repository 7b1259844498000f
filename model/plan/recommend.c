/*
 * recommend.c — the smallest SharedSection 2nd/3rd values (and, where the
 * profile has a settable fixed view space, SessionViewSize) that run a
 * scenario with no failure and every heap at most (100 - headroom) % used:
 * bisection over dh_run in page-size steps. Bounds: 128 KB (KB 184802),
 * 20480 KB (KB 947246), x86 session space ~450 MB (seed body).
 */
#include "plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { K_INTER, K_NONINT, K_FIXED, K_VIEW, K_COUNT };

typedef struct {
    bool bad[K_COUNT];
    char what[K_COUNT][256];   /* the first problem of each kind */
    uint64_t view_used, view_size;
    bool inter_seen, nonint_seen;
    /* Most bytes used, at any snapshot or the end, in a desktop whose heap
     * the probed 2nd (K_INTER) or 3rd (K_NONINT) value sizes; other:
     * a desktop of that kind with another size is over the limit. */
    uint64_t peak[K_COUNT];
    bool other[K_COUNT];
} verdict;

/* Probes already run: the same values give the same verdict (the engine
 * is deterministic). partial: the run stopped at its first failure, of
 * kind `stopped`: only bad[stopped] is known. */
#define MEMO_MAX 64
typedef struct {
    uint64_t ikb, nkb;
    bool partial;
    int stopped;
    verdict v;
} memo;

/* A probe run ahead of the search, on another core, before the search
 * asks for it (speculation over what it will ask next); the search takes
 * it when it asks for that probe, else it is dropped. A probe's verdict
 * depends on its key alone, so the search decides the same at every -j. */
#define AHEAD_MAX 16
typedef struct {
    uint64_t ikb, nkb;
    uint32_t svs;
    bool stop;
    dh_status st;
    dh_error err;
    verdict v;
    bool stopped;
    dh_step *steps;            /* this probe's rescaled copy, or NULL */
} ahead;

typedef struct {
    const dh_scenario *sc;
    dh_scenario copy;          /* shallow copy; steps is ours */
    bool rescaled;             /* some used_pct step: each probe rescales */
    uint64_t *target;          /* used_pct steps: observed bytes */
    const dh_profile *p;
    dh_config base;
    dh_run_options opt;
    uint32_t headroom;
    const char *windows_value; /* --windows-value */
    uint32_t runs;
    dh_error *err;
    memo *memos;                   /* MEMO_MAX, oldest replaced first */
    size_t nmemo, memo_next;
    bool exhaustive;               /* no shortcuts (--exhaustive) */
    const dh_executor *exec;       /* the run options': probes ahead */
    size_t jobs;                   /* at most this many at once */
    ahead ahead[AHEAD_MAX];        /* run ahead, not yet asked for */
    size_t nahead;
} search;

static int kind_of(const char *station, const char *desktop)
{
    if (station == NULL || desktop == NULL)
        return K_VIEW;
    if (!dh_station_is_interactive(station))
        return K_NONINT;
    if (strcasecmp(desktop, "Winlogon") == 0 ||
        strcasecmp(desktop, "Disconnect") == 0)
        return K_FIXED;
    return K_INTER;
}

static void mark(verdict *v, int k, const char *fmt, const char *a,
                 const char *b, uint64_t x, uint64_t y)
{
    if (v->bad[k])
        return;
    v->bad[k] = true;
    snprintf(v->what[k], sizeof v->what[k], fmt, a, b, x, y);
}

/* Rescale used_pct charges so each brings its desktop to the bytes it was
 * observed at under the scenario's own registry, whatever the heap size
 * now: an observed usage is bytes, not a percentage of a future size. */
static void rescale(const search *S, dh_step *steps, const dh_config *c)
{
    for (size_t i = 0; i < S->copy.nsteps; i++) {
        dh_step *s = &steps[i];
        if (s->kind != DH_STEP_CHARGE || !s->used_pct_given)
            continue;
        dh_heap_rule rule;
        uint64_t h = dh_rule_desktop_heap_size(c, s->station, s->name, 0,
                                               false, &rule);
        uint64_t m = h == 0 ? 100000
                            : (S->target[i] * 100000 + h - 1) / h;
        s->used_pct_milli = m > 100000 ? 100000 : m;
    }
}

/* pb: the heap sizes the probed values set, by kind. */
static void check_heaps(const search *S, const uint64_t *pb,
                        const dh_snapshot *snap, verdict *v)
{
    uint64_t lim = 100 - S->headroom;
    for (size_t i = 0; i < snap->nsessions; i++) {
        const dh_session_rec *s = &snap->sessions[i];
        if (s->view_used > v->view_used)
            v->view_used = s->view_used;
        if (s->view_size > v->view_size)
            v->view_size = s->view_size;
        /* the headroom holds for view space too (issue 17 item 4) */
        if (s->view_size != 0 && s->view_used * 100 > lim * s->view_size &&
            !v->bad[K_VIEW]) {
            v->bad[K_VIEW] = true;
            snprintf(v->what[K_VIEW], sizeof v->what[K_VIEW], "session %"
                     PRIu32 "'s view space uses %" PRIu64 " of %" PRIu64
                     " KB, above the headroom limit (%" PRIu64 " %%)", s->id,
                     s->view_used / DH_KB, s->view_size / DH_KB, lim);
        }
        for (size_t k = 0; k < s->ndesktops; k++) {
            const dh_desktop_rec *d = &s->desktops[k];
            int kd = kind_of(d->winsta, d->desktop);
            v->inter_seen |= kd == K_INTER;
            v->nonint_seen |= kd == K_NONINT;
            bool over = d->used_bytes * 100 > lim * d->heap_bytes;
            if (over)
                mark(v, kd, "%s\\%s uses %" PRIu64 " of %" PRIu64 " bytes, "
                     "above the headroom limit", d->winsta, d->desktop,
                     d->used_bytes, d->heap_bytes);
            if (d->heap_bytes == pb[kd] && kd != K_FIXED) {
                if (d->used_bytes > v->peak[kd])
                    v->peak[kd] = d->used_bytes;
            } else if (over) {
                v->other[kd] = true;
            }
        }
    }
}

static bool in_snapshot(const dh_snapshot *snap, const char *st,
                        const char *dt)
{
    for (size_t i = 0; i < snap->nsessions; i++)
        for (size_t k = 0; k < snap->sessions[i].ndesktops; k++) {
            const dh_desktop_rec *d = &snap->sessions[i].desktops[k];
            if (strcasecmp(d->winsta, st) == 0 &&
                strcasecmp(d->desktop, dt) == 0)
                return true;
        }
    return false;
}

static bool existed(const dh_result *res, const char *st, const char *dt)
{
    if (st == NULL || dt == NULL)
        return false;
    for (size_t i = 0; i < res->nsnapshots; i++)
        if (in_snapshot(&res->snapshots[i], st, dt))
            return true;
    return in_snapshot(&res->final, st, dt);
}

/* Run with SharedSection shared,ikb,nkb and SessionViewSize svs (0: as
 * the scenario has it); stop: at the first failure (*stopped: whether it
 * did). */
static dh_status run_probe(search *S, uint64_t ikb, uint64_t nkb,
                           uint32_t svs, bool stop, verdict *v,
                           bool *stopped);

static memo *memo_find(const search *S, uint64_t ikb, uint64_t nkb)
{
    for (size_t i = 0; i < S->nmemo; i++)
        if (S->memos[i].ikb == ikb && S->memos[i].nkb == nkb)
            return &S->memos[i];
    return NULL;
}

static void memo_put(search *S, uint64_t ikb, uint64_t nkb, bool partial,
                     int stopped, const verdict *v);

/* The whole verdict at (ikb, nkb) and SessionViewSize svs (0: the
 * scenario's): a whole run, or one already made. */
static dh_status evaluate(search *S, uint64_t ikb, uint64_t nkb, uint32_t svs,
                          verdict *v)
{
    const memo *m = svs == 0 ? memo_find(S, ikb, nkb) : NULL;
    if (m != NULL && !m->partial) {
        *v = m->v;
        return DH_OK;
    }
    bool stopped;
    dh_status st = run_probe(S, ikb, nkb, svs, false, v, &stopped);
    if (st == DH_OK && svs == 0)
        memo_put(S, ikb, nkb, false, 0, v);
    return st;
}

static void memo_put(search *S, uint64_t ikb, uint64_t nkb, bool partial,
                     int stopped, const verdict *v)
{
    if (S->memos == NULL)
        return; /* no room was had: every probe runs */
    memo *m = memo_find(S, ikb, nkb);
    if (m == NULL) {
        m = &S->memos[S->nmemo < MEMO_MAX ? S->nmemo++ : S->memo_next];
        if (S->nmemo == MEMO_MAX)
            S->memo_next = (S->memo_next + 1) % MEMO_MAX;
    }
    *m = (memo){ikb, nkb, partial, stopped, *v};
}

/* Is kind k bad at (ikb, nkb)? A probe for the search: it stops at the
 * first failure when that failure is of kind k (the rest of the run could
 * not make k good again); a failure of another kind first runs it whole.
 * Probes already run are not run again. */
static dh_status probe_kind(search *S, uint64_t ikb, uint64_t nkb, int k,
                            verdict *v)
{
    const memo *m = memo_find(S, ikb, nkb);
    if (m != NULL && (!m->partial || m->stopped == k)) {
        *v = m->v;
        return DH_OK;
    }
    bool stopped;
    dh_status st = run_probe(S, ikb, nkb, 0, !S->exhaustive, v, &stopped);
    if (st == DH_OK && stopped && !v->bad[k])
        st = run_probe(S, ikb, nkb, 0, false, v, &stopped);
    if (st == DH_OK)
        memo_put(S, ikb, nkb, stopped, k, v);
    return st;
}

/* One probe, a pure function of its key (the engine is deterministic):
 * reads S, writes only *v, *stopped, *err and steps (its own copy of the
 * scenario's steps to rescale; NULL when nothing is rescaled), so several
 * run at once. */
static dh_status probe_exec(const search *S, dh_step *steps, uint64_t ikb,
                            uint64_t nkb, uint32_t svs, bool stop,
                            verdict *v, bool *stopped, dh_error *err)
{
    *stopped = false;
    char ss[96];
    memset(v, 0, sizeof *v);
    snprintf(ss, sizeof ss, "%" PRIu64 ",%" PRIu64 ",%" PRIu64,
             S->base.ss.shared_kb, ikb, nkb);
    dh_run_options o = S->opt;
    o.shared_section = ss;
    o.record_trace = false;
    o.stop_at_failure = stop;
    if (svs != 0) {
        o.svs_given = true;
        o.svs = DH_SVS_SET;
        o.svs_mb = svs;
    }
    dh_registry r = S->base.registry;
    r.shared_section = ss;
    if (svs != 0) {
        r.svs = DH_SVS_SET;
        r.svs_mb = svs;
    }
    dh_config c;
    dh_status st = dh_config_resolve(S->p, &r, &S->base.assume, &c, err);
    if (st != DH_OK)
        return st;
    dh_scenario copy = S->copy;
    if (steps != NULL)
        rescale(S, steps, &c);
    copy.steps = steps != NULL ? steps : S->sc->steps;
    dh_heap_rule rule;
    uint64_t pb[K_COUNT] = {0};
    pb[K_INTER] = dh_rule_desktop_heap_size(&c, "WinSta0", "Default", 0,
                                            false, &rule);
    pb[K_NONINT] = dh_rule_desktop_heap_size(&c, "Service-0x0-3e7$",
                                             "Default", 0, false, &rule);
    dh_result *res = NULL;
    st = dh_run(&copy, &o, &res, err);
    if (st != DH_OK)
        return st;
    *stopped = res->stopped_early;
    for (size_t i = 0; i < res->nevents; i++) {
        const dh_event *e = &res->events[i];
        int k;
        switch (e->kind) {
        case DH_EV_PROCESS_START_FAILED:
            /* a heap failure if its desktop exists; else the desktop could
             * not be created: view space */
            k = existed(res, e->winsta, e->desktop)
                    ? kind_of(e->winsta, e->desktop) : K_VIEW;
            break;
        case DH_EV_EVENTLOG_243:
        case DH_EV_WINDOW_CREATE_FAILED:
        case DH_EV_OBJECT_CREATE_FAILED:
        case DH_EV_CHARGE_FAILED:
            k = kind_of(e->winsta, e->desktop);
            break;
        default:
            k = K_VIEW;
        }
        if (!v->bad[k]) {
            v->bad[k] = true;
            snprintf(v->what[k], sizeof v->what[k], "step %zu: %.200s",
                     e->step, e->text ? e->text : dh_event_kind_name(e->kind));
        }
    }
    if (res->first_failure.happened) {
        const dh_failure *f = &res->first_failure;
        int k = strcmp(f->kind, "desktop_heap") == 0
                    ? kind_of(f->winsta, f->desktop) : K_VIEW;
        if (!v->bad[k]) {
            v->bad[k] = true;
            snprintf(v->what[k], sizeof v->what[k], "step %zu: %s failure "
                     "in %s\\%s", f->step, f->kind,
                     f->winsta ? f->winsta : "?", f->desktop ? f->desktop
                                                             : "?");
        }
    }
    for (size_t i = 0; i < res->nsnapshots; i++)
        check_heaps(S, pb, &res->snapshots[i], v);
    check_heaps(S, pb, &res->final, v);
    dh_result_free(res);
    return DH_OK;
}

/* A probe the search asks for: taken from those run ahead, else run
 * now. Counted either way (the report's runs are the probes the search
 * used, the same at every -j). */
static dh_status run_probe(search *S, uint64_t ikb, uint64_t nkb,
                           uint32_t svs, bool stop, verdict *v,
                           bool *stopped)
{
    S->runs++;
    for (size_t i = 0; i < S->nahead; i++) {
        ahead *a = &S->ahead[i];
        if (a->ikb != ikb || a->nkb != nkb || a->svs != svs ||
            a->stop != stop)
            continue;
        dh_status st = a->st;
        *v = a->v;
        *stopped = a->stopped;
        if (st != DH_OK && S->err != NULL)
            *S->err = a->err;
        S->ahead[i] = S->ahead[--S->nahead]; /* used once */
        return st;
    }
    return probe_exec(S, S->rescaled ? S->copy.steps : NULL, ikb, nkb, svs,
                      stop, v, stopped, S->err);
}

/* ------------------------------------------------- probes run ahead (-j) */

static bool is_ahead(const search *S, uint64_t ikb, uint64_t nkb,
                     uint32_t svs, bool stop)
{
    for (size_t i = 0; i < S->nahead; i++)
        if (S->ahead[i].ikb == ikb && S->ahead[i].nkb == nkb &&
            S->ahead[i].svs == svs && S->ahead[i].stop == stop)
            return true;
    return false;
}

/* Would probe_kind(ikb, nkb, k) run a probe, and would evaluate? (the
 * memo rules of those two, below) */
static bool kind_would_run(const search *S, uint64_t ikb, uint64_t nkb,
                           int k)
{
    const memo *m = memo_find(S, ikb, nkb);
    return m == NULL || (m->partial && m->stopped != k);
}

static bool eval_would_run(const search *S, uint64_t ikb, uint64_t nkb,
                           uint32_t svs)
{
    const memo *m = svs == 0 ? memo_find(S, ikb, nkb) : NULL;
    return m == NULL || m->partial;
}

/* A list of probes to run ahead, built before a batch. */
typedef struct {
    ahead a[AHEAD_MAX];
    size_t n;
} batch;

static void batch_add(const search *S, batch *b, uint64_t ikb, uint64_t nkb,
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
        !is_ahead(S, ikb, nkb, 0, !S->exhaustive))
        batch_add(S, b, ikb, nkb, 0, !S->exhaustive);
}

typedef struct {
    const search *S;
    ahead *a;
} batch_jobs;

static void ahead_one(void *ctx, size_t i)
{
    batch_jobs *j = ctx;
    ahead *a = &j->a[i];
    dh_error_clear(&a->err);
    a->st = probe_exec(j->S, a->steps, a->ikb, a->nkb, a->svs, a->stop,
                       &a->v, &a->stopped, &a->err);
}

/* Run b's probes at once when the search will ask for b's first one next
 * (need: it is not run ahead yet); what was run ahead before and not
 * asked for is dropped. Each probe that rescales has its own steps. A
 * batch that cannot be set up is skipped: the search runs its probes. */
static void run_ahead(search *S, batch *b)
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

/* What the search will probe over [lo, hi] for value x: adds the probe
 * to b when it would run; returns 1 when its answer is already known bad,
 * 0 known good, -1 not known. */
typedef int (*ahead_key)(const search *S, batch *b, uint64_t x, void *ctx);

/* The first probes of a bisection of [lo, hi] in steps of step (mid =
 * lo + (hi - lo) / step / 2 * step; good: [lo, mid], bad: [mid + step,
 * hi]), breadth first, until b is full: the probe asked for next, then
 * both it might ask for after that, and so on. */
static void ahead_tree(const search *S, batch *b, uint64_t lo, uint64_t hi,
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

/* bisect's probes: kind k of the value x, the other value fixed. */
typedef struct {
    bool inter;
    uint64_t other;
    int k;
} kind_ctx;

static int kind_key(const search *S, batch *b, uint64_t x, void *ctx)
{
    const kind_ctx *c = ctx;
    uint64_t ikb = c->inter ? x : c->other, nkb = c->inter ? c->other : x;
    if (!kind_would_run(S, ikb, nkb, c->k))
        return memo_find(S, ikb, nkb)->v.bad[c->k] ? 1 : 0;
    batch_kind(S, b, ikb, nkb, c->k);
    return -1;
}

/* The gallop's probes from x: x, 2 x, 4 x, ... hi, until b is full. */
static void ahead_gallop(const search *S, batch *b, const kind_ctx *c,
                         uint64_t x, uint64_t hi)
{
    for (;; x = x * 2 > hi ? hi : x * 2) {
        if (batch_full(S, b) || kind_key(S, b, x, (void *)c) == 0 || x == hi)
            return;
    }
}

/* search_view's probes: the whole run at SessionViewSize x. */
typedef struct {
    uint64_t ikb, nkb;
} view_ctx;

static int view_key(const search *S, batch *b, uint64_t x, void *ctx)
{
    const view_ctx *c = ctx;
    if (!is_ahead(S, c->ikb, c->nkb, (uint32_t)x, false))
        batch_add(S, b, c->ikb, c->nkb, (uint32_t)x, false);
    return -1;
}

static bool all_ok(const verdict *v)
{
    for (int k = 0; k < K_COUNT; k++)
        if (v->bad[k])
            return false;
    return true;
}

/* The smallest value (a multiple of step in [lo, hi]) at which the peak
 * bytes a good run saw in the heaps the value sets stay within the
 * headroom; 0 when other desktops of the kind were over it (no value of
 * this one helps) or nothing was seen. Heap size does not change what the
 * workload allocates until something fails, so the good run's peak
 * predicts the need; the two probes around it check that. */
static uint64_t predict(const search *S, const verdict *good, int k,
                        uint64_t lo, uint64_t hi, uint64_t step)
{
    uint64_t lim = 100 - S->headroom;
    if (good->other[k] || good->peak[k] == 0 || lim == 0)
        return 0;
    /* bytes >= peak * 100 / lim, in whole steps of step KB */
    uint64_t need = (good->peak[k] * 100 + lim - 1) / lim;
    uint64_t unit = step * DH_KB;
    uint64_t x = (need + unit - 1) / unit * step;
    if (x < lo)
        x = lo;
    return x > hi ? hi : x;
}

/* Smallest value in [lo, hi] (steps of step) for which kind k is not bad,
 * the other value fixed; *found 0 when none is. Galloping up from lo
 * (lo, 2 lo, 4 lo, ... hi), then the value the first good run predicts
 * (predict), checked by a probe at it and one a step below; when the
 * check does not hold, bisection between the last bad and the first good
 * value: large values can make a session fall back to the safe sizes
 * (rule 3), so hi is never assumed good. Assumes a larger heap never
 * makes its own kind worse below the fallback point. */
static dh_status bisect(search *S, bool inter, uint64_t other, uint64_t lo,
                        uint64_t hi, uint64_t step, uint64_t *found,
                        verdict *last)
{
    int k = inter ? K_INTER : K_NONINT;
    verdict v, good_v;
    dh_status st;
    uint64_t bad = 0, good = 0;
    kind_ctx kc = {inter, other, k};
    batch b;
    for (uint64_t x = lo;; x = x * 2 > hi ? hi : x * 2) {
        b.n = 0;
        if (kind_key(S, &b, x, &kc) == -1 && b.n == 1) {
            ahead_gallop(S, &b, &kc, x, hi); /* x is not run ahead yet */
            run_ahead(S, &b);
        }
        st = probe_kind(S, inter ? x : other, inter ? other : x, k, &v);
        if (st != DH_OK)
            return st;
        *last = v;
        if (!v.bad[k]) {
            good = x;
            good_v = v;
            break;
        }
        bad = x;
        if (x == hi)
            break;
    }
    if (good == 0) {
        *found = 0;
        return DH_OK;
    }
    lo = bad == 0 ? good : bad + step;
    hi = good;
    uint64_t x = lo < hi && !S->exhaustive
                     ? predict(S, &good_v, k, lo, hi, step) : 0;
    if (x != 0) {
        b.n = 0; /* x and the step below it, at once */
        if (kind_key(S, &b, x, &kc) == -1 && b.n == 1) {
            if (x > lo)
                kind_key(S, &b, x - step, &kc);
            run_ahead(S, &b);
        }
        st = probe_kind(S, inter ? x : other, inter ? other : x, k, &v);
        if (st != DH_OK)
            return st;
        if (v.bad[k]) {
            lo = x + step;
        } else {
            hi = x;
            if (x > lo) { /* a step below must be bad for x to be it */
                st = probe_kind(S, inter ? x - step : other,
                                inter ? other : x - step, k, &v);
                if (st != DH_OK)
                    return st;
                if (v.bad[k])
                    lo = x; /* the prediction held: lo == hi == x */
                else
                    hi = x - step;
            }
        }
    }
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / step / 2 * step;
        b.n = 0;
        if (kind_key(S, &b, mid, &kc) == -1 && b.n == 1) {
            b.n = 0;
            ahead_tree(S, &b, lo, hi, step, kind_key, &kc);
            run_ahead(S, &b);
        }
        st = probe_kind(S, inter ? mid : other, inter ? other : mid, k, &v);
        if (st != DH_OK)
            return st;
        if (v.bad[k])
            lo = mid + step;
        else
            hi = mid;
    }
    *found = hi;
    return DH_OK;
}

/* What goes wrong one step below the value found: the desktop that set
 * it. */
static dh_status limiter(search *S, bool inter, uint64_t ikb, uint64_t nkb,
                         uint64_t step, uint64_t floor_kb, char *buf,
                         size_t len)
{
    uint64_t v0 = inter ? ikb : nkb;
    buf[0] = '\0';
    if (v0 < DH_SHARED_SECTION_MIN_KB + step) {
        snprintf(buf, len, "the smallest value allowed (KB 184802)");
        return DH_OK;
    }
    if (v0 < floor_kb + step) {
        snprintf(buf, len, "the current value: no value goes below today's");
        return DH_OK;
    }
    verdict v;
    dh_status st = evaluate(S, inter ? ikb - step : ikb,
                            inter ? nkb : nkb - step, 0, &v);
    if (st == DH_OK)
        snprintf(buf, len, "at %" PRIu64 " KB: %.250s", v0 - step,
                 v.what[inter ? K_INTER : K_NONINT]);
    return st;
}

void dh_recommendation_free(dh_recommendation *r)
{
    if (r == NULL)
        return;
    free(r->windows_before);
    free(r->windows_after);
    for (size_t i = 0; i < r->nshrunk; i++) {
        free(r->shrunk[i].winsta);
        free(r->shrunk[i].desktop);
    }
    free(r->shrunk);
    memset(r, 0, sizeof *r);
}

static dh_status setup(search *S, const dh_scenario *sc,
                       const dh_recommend_options *o, dh_error *err)
{
    memset(S, 0, sizeof *S);
    S->exhaustive = o->exhaustive;
    S->memos = o->exhaustive ? NULL /* no memo */
                             : calloc(MEMO_MAX, sizeof *S->memos);
    S->sc = sc;
    S->err = err;
    S->opt = o->run;
    S->exec = o->run.exec;
    S->jobs = S->exec != NULL && S->exec->jobs > 1 ? S->exec->jobs : 1;
    S->headroom = o->headroom_pct;
    S->windows_value = o->windows_value;
    const char *os = o->run.os ? o->run.os : sc->os;
    S->p = os ? dh_profile_find(os) : NULL;
    if (S->p == NULL)
        return dh_error_set(err, DH_EINPUT, "unknown OS profile '%s'",
                            os ? os : "(none)");
    dh_registry r = sc->registry;
    if (o->windows_value != NULL && o->run.shared_section != NULL)
        return dh_error_set(err, DH_EINPUT, "give --windows-value or "
                            "--shared-section, not both (the value holds "
                            "the SharedSection in force)");
    if (o->windows_value != NULL) {
        size_t off, len;
        if (!dh_shared_section_locate(o->windows_value, &off, &len) ||
            strchr(o->windows_value, ' ') == NULL) {
            dh_error_set(err, DH_EINPUT, "not a whole "
                         "SubSystems\\Windows value with a SharedSection= "
                         "token (copy it from 'reg query \"HKLM\\SYSTEM\\"
                         "CurrentControlSet\\Control\\Session Manager\\"
                         "SubSystems\" /v Windows')");
            snprintf(err->file, sizeof err->file, "--windows-value");
            return DH_EINPUT;
        }
        r.shared_section = o->windows_value;
    }
    if (o->run.shared_section)
        r.shared_section = o->run.shared_section;
    if (o->run.svs_given) {
        r.svs = o->run.svs;
        r.svs_mb = o->run.svs_mb;
    }
    if (o->run.boot_3gb_given)
        r.boot_3gb = o->run.boot_3gb;
    dh_status st = dh_config_resolve(S->p, &r, &sc->assume, &S->base, err);
    if (st != DH_OK)
        return st;
    S->copy = *sc;
    S->copy.steps = malloc((sc->nsteps ? sc->nsteps : 1) * sizeof *sc->steps);
    S->target = calloc(sc->nsteps ? sc->nsteps : 1, sizeof *S->target);
    if (S->copy.steps == NULL || S->target == NULL)
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    memcpy(S->copy.steps, sc->steps, sc->nsteps * sizeof *sc->steps);
    for (size_t i = 0; i < sc->nsteps; i++) {
        const dh_step *s = &sc->steps[i];
        if (s->kind != DH_STEP_CHARGE || !s->used_pct_given)
            continue;
        S->rescaled = true;
        dh_heap_rule rule;
        uint64_t h = dh_rule_desktop_heap_size(&S->base, s->station, s->name,
                                               0, false, &rule);
        /* the engine's own arithmetic (run.c do_charge) */
        S->target[i] = h / 100000 * s->used_pct_milli +
                       h % 100000 * s->used_pct_milli / 100000;
    }
    return DH_OK;
}

/* The value before and after: the machine's own when the user gave it
 * (--windows-value, or a whole value in the scenario: a .reg import), else
 * the value this version ships with; none when no source gives that. Only
 * the SharedSection token changes (issue 17 item 3). */
static dh_status windows_strings(search *S, dh_recommendation *R)
{
    dh_status st;
    const char *cur = S->base.shared_section_default
                          ? NULL : S->base.shared_section_text;
    char vals[96];
    if (cur != NULL && strchr(cur, ' ') != NULL) {
        R->windows_origin = DH_WV_MACHINE;
        R->windows_before = strdup(cur);
        st = R->windows_before ? DH_OK : DH_ENOMEM;
    } else if (S->p->windows_after == NULL) {
        R->windows_origin = DH_WV_UNKNOWN;
        return DH_OK;
    } else {
        /* a bare value: the shipped command line around it */
        R->windows_origin = DH_WV_SHIPPED;
        snprintf(vals, sizeof vals, "%.90s", cur ? cur
                 : S->p->default_shared_section);
        const char *eq = strchr(vals, '=');
        st = dh_windows_value_with(NULL, eq ? eq + 1 : vals, S->p,
                                   &R->windows_before, S->err);
    }
    if (st != DH_OK)
        return st;
    snprintf(vals, sizeof vals, "%" PRIu64 ",%" PRIu64 ",%" PRIu64,
             R->shared_kb, R->interactive_kb, R->noninteractive_kb);
    return dh_windows_value_with(R->windows_before, vals, S->p,
                                 &R->windows_after, S->err);
}

static dh_status search_view(search *S, dh_recommendation *R, verdict *v);

/* x rounded up to a multiple of step (0: unchanged), at most cap. */
static uint64_t round_up(uint64_t x, uint32_t step, uint64_t cap)
{
    if (step == 0 || x % step == 0)
        return x;
    uint64_t r = x + (step - x % step);
    return r > cap ? (x > cap ? x : cap) : r;
}

/* Values a person would set: the 2nd and 3rd rounded up to the steps; if
 * the rounded pair fails where the exact one did not (view space), the
 * exact values stay and the report says so. */
static dh_status round_values(search *S, dh_recommendation *R,
                              const dh_recommend_options *o, verdict *out)
{
    R->need_interactive_kb = R->interactive_kb;
    R->need_noninteractive_kb = R->noninteractive_kb;
    R->round_interactive_kb = o->round_interactive_kb;
    R->round_noninteractive_kb = o->round_noninteractive_kb;
    uint64_t ikb = round_up(R->interactive_kb, o->round_interactive_kb,
                            DH_SHARED_SECTION_ADVISED_MAX_KB);
    uint64_t nkb = R->noninteractive_used
                       ? round_up(R->noninteractive_kb,
                                  o->round_noninteractive_kb,
                                  DH_SHARED_SECTION_ADVISED_MAX_KB)
                       : R->noninteractive_kb;
    if (ikb == R->interactive_kb && nkb == R->noninteractive_kb)
        return DH_OK;
    verdict v;
    dh_status st = evaluate(S, ikb, nkb, R->svs_changed ? R->svs_mb : 0, &v);
    if (st != DH_OK)
        return st;
    if (!all_ok(&v) && v.bad[K_VIEW] && !v.bad[K_INTER] && !v.bad[K_NONINT] &&
        R->view_fixed && !S->base.registry.boot_3gb) {
        /* the rounded heaps need more view space: look for it */
        dh_recommendation keep = *R;
        R->interactive_kb = ikb;
        R->noninteractive_kb = nkb;
        R->feasible = false;
        verdict w;
        st = search_view(S, R, &w);
        if (st != DH_OK)
            return st;
        if (R->feasible) {
            *out = w;
            return DH_OK;
        }
        *R = keep;
    }
    if (!all_ok(&v)) {
        R->rounding_dropped = true;
        return DH_OK;
    }
    R->interactive_kb = ikb;
    R->noninteractive_kb = nkb;
    *out = v;
    return DH_OK;
}

static uint32_t svs_max(const dh_profile *p)
{
    return p->arch == DH_ARCH_X86
               ? DH_X86_SESSION_SPACE_MAX_MB - DH_X86_SESSION_POOL_DEFAULT_MB
               : 1048576;
}

static dh_status search_view(search *S, dh_recommendation *R, verdict *v)
{
    if (!R->view_fixed || S->base.registry.boot_3gb) {
        snprintf(R->why, sizeof R->why, "view space cannot hold the "
                 "desktops at %" PRIu64 "/%" PRIu64 " KB (%s) and %s",
                 R->interactive_kb, R->noninteractive_kb, v->what[K_VIEW],
                 S->base.registry.boot_3gb
                     ? "/3GB fixes session view space at 20 MB whatever "
                       "SessionViewSize says: remove /3GB or lower the "
                       "heap sizes"
                     : "this version's view space is not set by "
                       "SessionViewSize");
        return DH_OK;
    }
    uint32_t lo = R->cur_svs_mb + 1, hi = svs_max(S->p);
    verdict w;
    view_ctx vc = {R->interactive_kb, R->noninteractive_kb};
    batch b = {.n = 0}; /* the largest, then the bisection's first */
    view_key(S, &b, hi, &vc);
    ahead_tree(S, &b, lo, hi, 1, view_key, &vc);
    run_ahead(S, &b);
    dh_status st = evaluate(S, R->interactive_kb, R->noninteractive_kb, hi,
                            &w);
    if (st != DH_OK)
        return st;
    if (!all_ok(&w)) {
        snprintf(R->why, sizeof R->why, "even SessionViewSize %" PRIu32 " MB "
                 "(%u MB session space less %u MB session pool, seed) "
                 "cannot run it: %s", hi, DH_X86_SESSION_SPACE_MAX_MB,
                 DH_X86_SESSION_POOL_DEFAULT_MB,
                 w.bad[K_VIEW] ? w.what[K_VIEW] : "heaps still fail");
        return DH_OK;
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        b.n = 0;
        if (!is_ahead(S, R->interactive_kb, R->noninteractive_kb, mid,
                      false)) {
            ahead_tree(S, &b, lo, hi, 1, view_key, &vc);
            run_ahead(S, &b);
        }
        if ((st = evaluate(S, R->interactive_kb, R->noninteractive_kb, mid,
                           &w)) != DH_OK)
            return st;
        if (all_ok(&w))
            hi = mid;
        else
            lo = mid + 1;
    }
    R->svs_mb = hi;
    R->svs_changed = true;
    R->feasible = true;
    return evaluate(S, R->interactive_kb, R->noninteractive_kb, hi, v);
}

/* Add d (heap sized by its rule from the SharedSection 2nd or 3rd value)
 * to R->shrunk when the recommended value is smaller; once per desktop. */
static dh_status note_shrunk(dh_recommendation *R, uint32_t session,
                             const dh_desktop_rec *d, size_t *cap)
{
    uint64_t after;
    if (d->rule == DH_RULE_INTERACTIVE ||
        d->rule == DH_RULE_FALLBACK_INTERACTIVE)
        after = R->interactive_kb;
    else if (d->rule == DH_RULE_NONINTERACTIVE ||
             d->rule == DH_RULE_NONINTERACTIVE_2ND ||
             d->rule == DH_RULE_FALLBACK_NONINTERACTIVE)
        after = R->noninteractive_kb;
    else
        return DH_OK; /* fixed and explicit sizes do not change */
    uint64_t before = d->heap_bytes / DH_KB;
    if (after >= before)
        return DH_OK;
    for (size_t i = 0; i < R->nshrunk; i++)
        if (R->shrunk[i].session == session &&
            strcmp(R->shrunk[i].winsta, d->winsta) == 0 &&
            strcmp(R->shrunk[i].desktop, d->desktop) == 0)
            return DH_OK;
    if (dh_grow((void **)&R->shrunk, cap, R->nshrunk, sizeof *R->shrunk) !=
        DH_OK)
        return DH_ENOMEM;
    dh_shrunk_desktop *s = &R->shrunk[R->nshrunk++];
    s->session = session;
    s->before_kb = before;
    s->after_kb = after;
    s->winsta = dh_strdup(d->winsta);
    s->desktop = dh_strdup(d->desktop);
    return s->winsta != NULL && s->desktop != NULL ? DH_OK : DH_ENOMEM;
}

/* Every desktop the workload opens at today's values that the recommended
 * ones make smaller (one run of the scenario as given). */
static dh_status list_shrunk(search *S, const dh_scenario *sc,
                             const dh_recommend_options *o,
                             dh_recommendation *R, dh_error *err)
{
    dh_result *res = NULL;
    dh_status st = dh_run(sc, &o->run, &res, err);
    S->runs++;
    size_t cap = 0;
    for (size_t k = 0; st == DH_OK && k <= res->nsnapshots; k++) {
        const dh_snapshot *snap = k < res->nsnapshots ? &res->snapshots[k]
                                                      : &res->final;
        for (size_t i = 0; st == DH_OK && i < snap->nsessions; i++)
            for (size_t j = 0; st == DH_OK && j < snap->sessions[i].ndesktops;
                 j++)
                st = note_shrunk(R, snap->sessions[i].id,
                                 &snap->sessions[i].desktops[j], &cap);
    }
    dh_result_free(res);
    return st;
}

dh_status dh_recommend(const dh_scenario *sc, const dh_recommend_options *o,
                       dh_recommendation *R, dh_error *err)
{
    memset(R, 0, sizeof *R);
    search S;
    dh_status st = setup(&S, sc, o, err);
    if (st != DH_OK)
        goto out;
    R->profile = S.p;
    R->cost_end = o->run.cost_end;
    R->shared_kb = S.base.ss.shared_kb;
    R->cur_interactive_kb = R->interactive_kb = S.base.ss.interactive_kb;
    R->cur_noninteractive_kb = R->noninteractive_kb =
        S.base.ss.noninteractive_kb;
    R->step_kb = S.p->page_size / 1024;
    R->no_shrink = !o->allow_shrink;
    R->view_fixed = S.p->view_mode == DH_VIEW_FIXED;
    R->cur_svs_mb = R->svs_mb = (uint32_t)(S.base.view_size / DH_MB);
    for (size_t i = 0; i < sc->nsteps; i++)
        if (sc->steps[i].repeat_until_failure &&
            !sc->steps[i].count_given) {
            snprintf(R->why, sizeof R->why, "step %zu repeats until the "
                     "first failure (repeat_until_failure without count): "
                     "every configuration fails it; give it a count", i + 1);
            st = windows_strings(&S, R);
            goto out;
        }
    uint64_t step = R->step_kb, lo = DH_SHARED_SECTION_MIN_KB,
             hi = DH_SHARED_SECTION_ADVISED_MAX_KB, found;
    uint64_t ilo = lo, nlo = lo;
    if (!o->allow_shrink) {
        ilo = R->cur_interactive_kb > lo ? R->cur_interactive_kb : lo;
        nlo = R->cur_noninteractive_kb > lo ? R->cur_noninteractive_kb : lo;
        ilo = ilo > hi ? hi : ilo;
        nlo = nlo > hi ? hi : nlo;
    }
    /* Ahead: the values of today and the first of the 2nd value's gallop. */
    batch b = {.n = 0};
    kind_ctx kc = {true, R->noninteractive_kb, K_INTER};
    if (eval_would_run(&S, R->interactive_kb, R->noninteractive_kb, 0))
        batch_add(&S, &b, R->interactive_kb, R->noninteractive_kb, 0, false);
    ahead_gallop(&S, &b, &kc, ilo, hi);
    run_ahead(&S, &b);
    verdict v;
    if ((st = evaluate(&S, R->interactive_kb, R->noninteractive_kb, 0, &v)) !=
        DH_OK)
        goto out;
    for (int k = 0; k < K_COUNT && !R->current_problem[0]; k++)
        if (v.bad[k])
            snprintf(R->current_problem, sizeof R->current_problem, "%s",
                     v.what[k]);
    R->interactive_used = true; /* WinSta0\Default exists in every session */
    R->noninteractive_used = v.nonint_seen;
    if (v.bad[K_FIXED]) {
        snprintf(R->why, sizeof R->why, "a fixed heap (Winlogon/Disconnect, "
                 "not set by SharedSection) is the problem: %s",
                 v.what[K_FIXED]);
        st = windows_strings(&S, R);
        goto out;
    }
    verdict at_hi;
    /* Two rounds: each value's need can depend on the other only through
     * failures that move work between desktops. */
    for (int round = 0; round < 2; round++) {
        if ((st = bisect(&S, true, R->noninteractive_kb, ilo, hi, step,
                         &found, &at_hi)) != DH_OK)
            goto out;
        if (found == 0) {
            snprintf(R->why, sizeof R->why, "no 2nd value up to %u KB (the "
                     "most KB 947246 advises) is enough; at the largest tried:"
                     " %s",
                     DH_SHARED_SECTION_ADVISED_MAX_KB, at_hi.what[K_INTER]);
            st = windows_strings(&S, R);
            goto out;
        }
        R->interactive_kb = found;
        if ((st = limiter(&S, true, found, R->noninteractive_kb, step, ilo,
                          R->limit_interactive,
                          sizeof R->limit_interactive)) != DH_OK)
            goto out;
        if (!R->noninteractive_used)
            break;
        if ((st = bisect(&S, false, R->interactive_kb, nlo, hi, step, &found,
                         &at_hi)) != DH_OK)
            goto out;
        if (found == 0) {
            snprintf(R->why, sizeof R->why, "no 3rd value up to %u KB is "
                     "enough; at the largest tried: %s", DH_SHARED_SECTION_ADVISED_MAX_KB,
                     at_hi.what[K_NONINT]);
            st = windows_strings(&S, R);
            goto out;
        }
        R->noninteractive_kb = found;
        if ((st = limiter(&S, false, R->interactive_kb, found, step, nlo,
                          R->limit_noninteractive,
                          sizeof R->limit_noninteractive)) != DH_OK)
            goto out;
    }
    if ((st = evaluate(&S, R->interactive_kb, R->noninteractive_kb, 0, &v)) !=
        DH_OK)
        goto out;
    if (all_ok(&v))
        R->feasible = true;
    else if (v.bad[K_VIEW] && !v.bad[K_INTER] && !v.bad[K_NONINT])
        st = search_view(&S, R, &v);
    else
        snprintf(R->why, sizeof R->why, "the values found separately do not "
                 "work together: %s", v.what[K_INTER][0] ? v.what[K_INTER]
                 : v.what[K_NONINT][0] ? v.what[K_NONINT] : v.what[K_VIEW]);
    if (st != DH_OK)
        goto out;
    if (R->feasible && (st = round_values(&S, R, o, &v)) != DH_OK)
        goto out;
    R->view_used_kb = v.view_used / DH_KB;
    R->view_size_kb = v.view_size / DH_KB;
    if (R->feasible && (R->interactive_kb < R->cur_interactive_kb ||
                        R->noninteractive_kb < R->cur_noninteractive_kb) &&
        (st = list_shrunk(&S, sc, o, R, err)) != DH_OK)
        goto out;
    st = windows_strings(&S, R);
out:
    R->runs = S.runs;
    free(S.memos);
    free(S.copy.steps);
    free(S.target);
    if (st != DH_OK)
        dh_recommendation_free(R);
    return st;
}

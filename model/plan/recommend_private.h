/*
 * recommend_private.h — what recommend's search, its probes and the
 * probes it runs ahead share (model/plan/recommend*.c only): a probe's
 * verdict, the memo of probes run, the search's state, batches run ahead.
 */
#ifndef DH_RECOMMEND_PRIVATE_H
#define DH_RECOMMEND_PRIVATE_H

#include "plan.h"

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

/* A list of probes to run ahead, built before a batch. */
typedef struct {
    ahead a[AHEAD_MAX];
    size_t n;
} batch;

/* The context the executor's jobs get (rec_run_ahead): job i fills a[i]. */
typedef struct {
    const search *S;
    ahead *a;
} batch_jobs;

/* bisect's probes: kind k of the value x, the other value fixed. */
typedef struct {
    bool inter;
    uint64_t other;
    int k;
} kind_ctx;

/* search_view's probes: the whole run at SessionViewSize x. */
typedef struct {
    uint64_t ikb, nkb;
} view_ctx;

/* What the search will probe over [lo, hi] for value x: adds the probe
 * to b when it would run; returns 1 when its answer is already known bad,
 * 0 known good, -1 not known. */
typedef int (*ahead_key)(const search *S, batch *b, uint64_t x, void *ctx);

/* recommend_probe.c: one probe and the memo of probes run. */
memo *rec_memo_find(const search *S, uint64_t ikb, uint64_t nkb);
/* The whole verdict at (ikb, nkb) and SessionViewSize svs (0: the
 * scenario's): a whole run, or one already made. */
dh_status rec_evaluate(search *S, uint64_t ikb, uint64_t nkb, uint32_t svs,
                       verdict *v);
/* Is kind k bad at (ikb, nkb)? (stops at the first failure of kind k) */
dh_status rec_probe_kind(search *S, uint64_t ikb, uint64_t nkb, int k,
                         verdict *v);
/* One probe, a pure function of its values: several run at once. */
dh_status rec_probe_exec(const search *S, dh_step *steps, uint64_t ikb,
                         uint64_t nkb, uint32_t svs, bool stop, verdict *v,
                         bool *stopped, dh_error *err);

/* recommend_ahead.c: probes run ahead of the search (-j N). */
bool rec_is_ahead(const search *S, uint64_t ikb, uint64_t nkb, uint32_t svs,
                  bool stop);
bool rec_eval_would_run(const search *S, uint64_t ikb, uint64_t nkb,
                        uint32_t svs);
void rec_batch_add(const search *S, batch *b, uint64_t ikb, uint64_t nkb,
                   uint32_t svs, bool stop);
void rec_run_ahead(search *S, batch *b);
void rec_ahead_tree(const search *S, batch *b, uint64_t lo, uint64_t hi,
                    uint64_t step, ahead_key key, void *ctx);
int rec_kind_key(const search *S, batch *b, uint64_t x, void *ctx);
void rec_ahead_gallop(const search *S, batch *b, const kind_ctx *c,
                      uint64_t x, uint64_t hi);
int rec_view_key(const search *S, batch *b, uint64_t x, void *ctx);

#endif /* DH_RECOMMEND_PRIVATE_H */

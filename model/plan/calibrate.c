/*
 * calibrate.c — the per-unit cost under which the model fails where the
 * machine did: the raw costs (cost_kb / cost_bytes) of the grown step, or
 * of its unit's members, scaled together; capacity is monotone in that
 * cost, so each end is a bracketing search over it, guessing by the
 * 1 / cost shape, every cost simulated once for all ends (issue 12 item 5).
 */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

/* The raw-cost steps the calibration scales: the grown step itself, or
 * its unit's members with a cost_kb / cost_bytes. */
static bool scaled_step(const dh_step *s)
{
    return s->proc_kind == DH_KIND_RAW &&
           (s->kind == DH_STEP_START_PROCESS ||
            s->kind == DH_STEP_START_SERVICE || s->kind == DH_STEP_START_TASK ||
            s->kind == DH_STEP_START_APP_POOL);
}

/* Capacities already simulated, by per-unit cost (the engine is
 * deterministic: a cost is run once for all four searches). */
#define CALIB_MEMO 512
typedef struct {
    uint64_t u, count;
} calib_point;

typedef struct {
    const dh_scenario *sc;
    dh_scenario copy;       /* shallow; steps (and the unit's members) ours */
    dh_step *members;       /* the grown unit's members, or NULL */
    size_t grown;           /* 0-based index of the grown step */
    uint64_t written;       /* per-unit raw bytes as the scenario has them */
    dh_run_options opt;
    uint32_t runs;
    calib_point memo[CALIB_MEMO]; /* sorted by u */
    size_t nmemo;
} calib;

/* Per-unit raw bytes of step s (a unit: its members' raw costs times
 * their counts). */
static uint64_t unit_bytes(const dh_step *s)
{
    if (s->kind != DH_STEP_UNIT)
        return scaled_step(s) ? s->cost_bytes : 0;
    uint64_t sum = 0;
    for (size_t m = 0; m < s->nmembers; m++)
        if (scaled_step(&s->members[m]))
            sum += s->members[m].cost_bytes * s->members[m].count;
    return sum;
}

/* Set every scaled cost so the unit's raw bytes are u (each member keeps
 * its share of what the scenario wrote). */
static void apply(calib *c, uint64_t u)
{
    const dh_step *orig = &c->sc->steps[c->grown];
    dh_step *s = &c->copy.steps[c->grown];
    if (orig->kind != DH_STEP_UNIT) {
        s->cost_bytes = u;
        s->cost_ranged = false;
        return;
    }
    for (size_t m = 0; m < orig->nmembers; m++) {
        if (!scaled_step(&orig->members[m]))
            continue;
        /* u <= 2^40 and cost_bytes <= 2^40 / count: the product fits in
         * 128 bits; divide first where it would not fit in 64 */
        uint64_t w = orig->members[m].cost_bytes;
        uint64_t share = c->written == 0 ? 0
                         : w <= UINT64_MAX / (u ? u : 1)
                               ? w * u / c->written
                               : w / c->written * u;
        c->members[m].cost_bytes = share;
        c->members[m].cost_ranged = false;
    }
}

static dh_status capacity_at(calib *c, uint64_t u, uint64_t *count,
                             dh_error *err)
{
    size_t at = 0;
    while (at < c->nmemo && c->memo[at].u < u)
        at++;
    if (at < c->nmemo && c->memo[at].u == u) {
        *count = c->memo[at].count;
        return DH_OK;
    }
    apply(c, u);
    dh_result *r = NULL;
    dh_capacity cap;
    dh_run_options o = c->opt;
    o.cost_end = DH_COST_TYPICAL;
    c->runs++;
    dh_status st = dh_run(&c->copy, &o, &r, err);
    if (st != DH_OK)
        return st;
    dh_capacity_of(r, o.grow_label, &cap);
    *count = cap.count;
    dh_result_free(r);
    if (c->nmemo < CALIB_MEMO) {
        memmove(&c->memo[at + 1], &c->memo[at],
                (c->nmemo - at) * sizeof c->memo[0]);
        c->memo[at] = (calib_point){u, *count};
        c->nmemo++;
    }
    return DH_OK;
}

/* The next cost to try in (lo, hi] for the largest with capacity >= want,
 * knowing capacity(lo) = nlo >= want (and capacity(hi + 1) = nhi < want
 * when have_hi). Capacity falls about as F / cost, F the bytes the units
 * have room for: n units at cost u put F in [n u, (n + 1) u), so the cost
 * giving want is near u (2 n + 1) / (2 want); the mean of the two ends'
 * guesses when both are known. bisect: the midpoint instead. */
static uint64_t next_cost(uint64_t lo, uint64_t nlo, uint64_t hi, bool have_hi,
                          uint64_t nhi, uint64_t want, bool bisect)
{
    uint64_t mid = lo + (hi - lo + 1) / 2;
    if (bisect || want == 0)
        return mid;
    /* costs <= 2^41 and counts <= 2^21: the products fit in 64 bits */
    uint64_t g = lo * (2 * nlo + 1) / (2 * want);
    if (have_hi)
        g = g / 2 + (hi + 1) * (2 * nhi + 1) / (2 * want) / 2;
    return g <= lo ? lo + 1 : g > hi ? hi : g;
}

/* The largest per-unit cost u in [1, hi] with capacity(u) >= want, or 0
 * when even 1 byte gives less: a bracketing search on a curve that only
 * falls as the cost grows, started from the costs already simulated,
 * guessing by the 1 / cost shape and bisecting whenever a guess did not
 * halve the bracket (so never more probes than about twice a bisection's,
 * and the answer is the bracket's, as a bisection's). */
static dh_status largest_with(calib *c, uint64_t want, uint64_t hi,
                              uint64_t *out, dh_error *err)
{
    uint64_t lo = 1, nlo = 0, nhi = 0;
    dh_status st = capacity_at(c, lo, &nlo, err);
    if (st != DH_OK)
        return st;
    if (nlo < want) {
        *out = 0;
        return DH_OK;
    }
    bool have_hi = false;
    for (size_t i = 0; i < c->nmemo; i++) {
        const calib_point *m = &c->memo[i];
        if (m->u > hi + 1)
            break;
        if (m->count >= want && m->u > lo && m->u <= hi) {
            lo = m->u;
            nlo = m->count;
        } else if (m->count < want && m->u > lo && !have_hi) {
            hi = m->u - 1;
            nhi = m->count;
            have_hi = true;
        }
    }
    bool bisect = false;
    while (lo < hi) { /* capacity(lo) >= want */
        uint64_t width = hi - lo, n;
        uint64_t x = next_cost(lo, nlo, hi, have_hi, nhi, want, bisect);
        if ((st = capacity_at(c, x, &n, err)) != DH_OK)
            return st;
        if (n >= want) {
            lo = x;
            nlo = n;
        } else {
            hi = x - 1;
            nhi = n;
            have_hi = true;
        }
        bisect = !bisect && hi - lo > width / 2;
    }
    *out = lo;
    return DH_OK;
}

dh_status dh_calibrate(const dh_scenario *sc, const dh_run_options *opt,
                       uint64_t obs_low, uint64_t obs_high,
                       dh_calibration *out, dh_error *err)
{
    memset(out, 0, sizeof *out);
    if (opt == NULL || opt->grow_label == NULL)
        return dh_error_set(err, DH_EINTERNAL, "calibrate without a label");
    if (obs_low == 0 || obs_low > obs_high)
        return dh_error_set(err, DH_EINPUT, "--observed: a count from 1, "
                            "LOW-HIGH with LOW <= HIGH");
    size_t step = dh_scenario_find_label(sc, opt->grow_label);
    if (step == 0) {
        dh_result *r = NULL;
        dh_status st = dh_run(sc, opt, &r, err); /* its error names them */
        dh_result_free(r);
        return st != DH_OK ? st : dh_error_set(err, DH_EINPUT, "no label");
    }
    calib c = {.sc = sc, .copy = *sc, .grown = step - 1, .opt = *opt};
    const dh_step *g = &sc->steps[step - 1];
    c.written = unit_bytes(g);
    if (c.written == 0)
        return dh_error_set(err, DH_EINPUT, "step %zu ('%s'): calibrate "
                            "scales the cost_kb / cost_bytes of the grown "
                            "step or of its unit's members, and it has none "
                            "(a kind's cost comes from the catalogue: give "
                            "the unknown part as cost_kb)", step,
                            opt->grow_label);
    c.copy.steps = malloc(sc->nsteps * sizeof *sc->steps);
    if (g->kind == DH_STEP_UNIT)
        c.members = malloc(g->nmembers * sizeof *g->members);
    if (c.copy.steps == NULL || (g->kind == DH_STEP_UNIT && !c.members)) {
        free(c.copy.steps);
        free(c.members);
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    }
    memcpy(c.copy.steps, sc->steps, sc->nsteps * sizeof *sc->steps);
    if (c.members != NULL) {
        memcpy(c.members, g->members, g->nmembers * sizeof *g->members);
        c.copy.steps[step - 1].members = c.members;
    }
    /* an upper bound where the count is below obs_low: grow it */
    uint64_t hi = c.written, n = 0;
    dh_status st = DH_OK;
    for (int k = 0; st == DH_OK && k < 48; k++) {
        if ((st = capacity_at(&c, hi, &n, err)) != DH_OK || n < obs_low)
            break;
        if (hi > DH_MAX_BYTES / 2)
            break;
        hi *= 2;
    }
    uint64_t mid = obs_low + (obs_high - obs_low) / 2;
    if (st == DH_OK)
        st = largest_with(&c, obs_low, hi, &out->unit_high, err);
    if (st == DH_OK)
        st = largest_with(&c, mid, hi, &out->unit_typical, err);
    if (st == DH_OK)
        st = largest_with(&c, obs_high, hi, &out->unit_low, err);
    /* the cheapest cost still at obs_high or below: one more than the
     * largest giving obs_high + 1 */
    if (st == DH_OK && out->unit_low != 0) {
        uint64_t above = 0;
        st = largest_with(&c, obs_high + 1, hi, &above, err);
        if (st == DH_OK && above + 1 <= out->unit_low)
            out->unit_low = above + 1;
    }
    if (st == DH_OK && out->unit_high != 0)
        st = capacity_at(&c, out->unit_high, &out->count_high_cost, err);
    if (st == DH_OK && out->unit_low != 0)
        st = capacity_at(&c, out->unit_low, &out->count_low_cost, err);
    if (st == DH_OK && out->unit_typical != 0)
        st = capacity_at(&c, out->unit_typical, &out->count_typical, err);
    out->step = step;
    out->written = c.written;
    out->runs = c.runs;
    out->found = out->unit_high != 0 && out->unit_low != 0;
    free(c.copy.steps);
    free(c.members);
    return st;
}

/* The scenario's member costs for a unit cost u: member m's share, as
 * apply() sets them (0 for members not scaled). */
uint64_t dh_calibration_member_bytes(const dh_scenario *sc, size_t step,
                                     size_t member, uint64_t u)
{
    const dh_step *g = &sc->steps[step - 1];
    if (g->kind != DH_STEP_UNIT)
        return u;
    uint64_t w = unit_bytes(g);
    const dh_step *m = &g->members[member];
    if (!scaled_step(m) || w == 0)
        return 0;
    return m->cost_bytes <= UINT64_MAX / (u ? u : 1)
               ? m->cost_bytes * u / w
               : m->cost_bytes / w * u;
}

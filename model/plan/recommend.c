/*
 * recommend.c — the smallest SharedSection 2nd/3rd values (and, where the
 * profile has a settable fixed view space, SessionViewSize) that run a
 * scenario with no failure and every heap at most (100 - headroom) % used:
 * bisection over dh_run in page-size steps. Bounds: 128 KB (KB 184802),
 * 20480 KB (KB 947246), x86 session space ~450 MB (seed body). One probe:
 * recommend_probe.c; probes run ahead of the search: recommend_ahead.c.
 */
#include "recommend_private.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        if (rec_kind_key(S, &b, x, &kc) == -1 && b.n == 1) {
            rec_ahead_gallop(S, &b, &kc, x, hi); /* x is not run ahead yet */
            rec_run_ahead(S, &b);
        }
        st = rec_probe_kind(S, inter ? x : other, inter ? other : x, k, &v);
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
        if (rec_kind_key(S, &b, x, &kc) == -1 && b.n == 1) {
            if (x > lo)
                rec_kind_key(S, &b, x - step, &kc);
            rec_run_ahead(S, &b);
        }
        st = rec_probe_kind(S, inter ? x : other, inter ? other : x, k, &v);
        if (st != DH_OK)
            return st;
        if (v.bad[k]) {
            lo = x + step;
        } else {
            hi = x;
            if (x > lo) { /* a step below must be bad for x to be it */
                st = rec_probe_kind(S, inter ? x - step : other,
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
        if (rec_kind_key(S, &b, mid, &kc) == -1 && b.n == 1) {
            b.n = 0;
            rec_ahead_tree(S, &b, lo, hi, step, rec_kind_key, &kc);
            rec_run_ahead(S, &b);
        }
        st = rec_probe_kind(S, inter ? mid : other, inter ? other : mid, k,
                            &v);
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
    dh_status st = rec_evaluate(S, inter ? ikb - step : ikb,
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
    dh_status st = rec_evaluate(S, ikb, nkb, R->svs_changed ? R->svs_mb : 0,
                                &v);
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
    rec_view_key(S, &b, hi, &vc);
    rec_ahead_tree(S, &b, lo, hi, 1, rec_view_key, &vc);
    rec_run_ahead(S, &b);
    dh_status st = rec_evaluate(S, R->interactive_kb, R->noninteractive_kb, hi,
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
        if (!rec_is_ahead(S, R->interactive_kb, R->noninteractive_kb, mid,
                          false)) {
            rec_ahead_tree(S, &b, lo, hi, 1, rec_view_key, &vc);
            rec_run_ahead(S, &b);
        }
        if ((st = rec_evaluate(S, R->interactive_kb, R->noninteractive_kb, mid,
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
    return rec_evaluate(S, R->interactive_kb, R->noninteractive_kb, hi, v);
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
    if (rec_eval_would_run(&S, R->interactive_kb, R->noninteractive_kb, 0))
        rec_batch_add(&S, &b, R->interactive_kb, R->noninteractive_kb, 0,
                      false);
    rec_ahead_gallop(&S, &b, &kc, ilo, hi);
    rec_run_ahead(&S, &b);
    verdict v;
    if ((st = rec_evaluate(&S, R->interactive_kb, R->noninteractive_kb, 0,
                           &v)) != DH_OK)
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
                     "enough; at the largest tried: %s",
                     DH_SHARED_SECTION_ADVISED_MAX_KB, at_hi.what[K_NONINT]);
            st = windows_strings(&S, R);
            goto out;
        }
        R->noninteractive_kb = found;
        if ((st = limiter(&S, false, R->interactive_kb, found, step, nlo,
                          R->limit_noninteractive,
                          sizeof R->limit_noninteractive)) != DH_OK)
            goto out;
    }
    if ((st = rec_evaluate(&S, R->interactive_kb, R->noninteractive_kb, 0,
                           &v)) != DH_OK)
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

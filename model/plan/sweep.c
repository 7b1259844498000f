/*
 * sweep.c — capacity (capacity.c: one pass per point) over every
 * combination of OS profile, SessionViewSize and SharedSection (through
 * the run options' executor: several points at once), for
 * planning a registry change (seed: SharedSection 3rd value vs. the number
 * of services; KB 184802 / KB Q142676).
 */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dh_sweep_free(dh_sweep *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->rows[i].fail_winsta);
        free(s->rows[i].fail_desktop);
    }
    free(s->rows);
    free(s);
}

/* The SharedSection text of a point: the whole triple, or the scenario's
 * (else the profile's) first two values with the point's 3rd. */
static dh_status shared_text(const dh_scenario *sc, const dh_profile *p,
                             const dh_ss_point *pt, char *buf, size_t len,
                             dh_error *err)
{
    uint64_t v[3] = {pt->kb[0], pt->kb[1], pt->kb[2]};
    if (!pt->full) {
        const char *base = sc->registry.shared_section != NULL
                               ? sc->registry.shared_section
                               : p->default_shared_section;
        dh_shared_section ss;
        dh_status st = dh_shared_section_parse(base, p->page_size, &ss, err);
        if (st != DH_OK)
            return st;
        v[0] = ss.raw_kb[0];
        v[1] = ss.raw_kb[1];
    }
    snprintf(buf, len, "%llu,%llu,%llu", (unsigned long long)v[0],
             (unsigned long long)v[1], (unsigned long long)v[2]);
    return DH_OK;
}

static dh_status run_point(const dh_scenario *sc, dh_run_options o,
                           const dh_ss_point *pt, dh_sweep_row *row,
                           dh_error *err)
{
    row->profile = dh_profile_find(o.os);
    if (row->profile == NULL)
        return dh_error_set(err, DH_EINPUT, "unknown OS profile '%s'", o.os);
    dh_status st = shared_text(sc, row->profile, pt, row->shared_section,
                               sizeof row->shared_section, err);
    if (st != DH_OK)
        return st;
    o.shared_section = row->shared_section;
    o.record_trace = false;
    o.exec = NULL; /* the sweep's points are the jobs: no threads in them */
    dh_result *r = NULL;
    if ((st = dh_capacity_run(sc, &o, &r, &row->cap, err)) != DH_OK)
        return st;
    row->interactive_kb = r->config.ss.interactive_kb;
    row->noninteractive_kb = r->config.ss.noninteractive_kb;
    row->view_mb = r->config.view_size / DH_MB;
    row->fallback = r->failures[DH_EV_FALLBACK] != 0;
    const dh_failure *f = &r->first_failure;
    if (f->happened) {
        row->fail_session = f->session;
        row->fail_winsta = f->winsta ? strdup(f->winsta) : NULL;
        row->fail_desktop = f->desktop ? strdup(f->desktop) : NULL;
        if ((f->winsta && !row->fail_winsta) ||
            (f->desktop && !row->fail_desktop))
            st = dh_error_set(err, DH_ENOMEM, "out of memory");
    }
    dh_result_free(r);
    return st;
}

typedef struct {
    const dh_scenario *sc;
    const dh_run_options *base;
    const char *const *os_ids;
    const dh_ss_point *ss;
    size_t nss, nv, nsvs;
    const uint64_t *svs;
    dh_sweep *s;
    dh_error *errs;
    dh_status *st;
    dh_progress_fn progress;
    void *ctx;
} sweep_jobs;

static void sweep_one(void *ctx, size_t i)
{
    sweep_jobs *j = ctx;
    dh_run_options o = *j->base;
    o.os = j->os_ids[i / (j->nv * j->nss)];
    if (j->nsvs != 0) {
        uint64_t mb = j->svs[i / j->nss % j->nv];
        o.svs_given = true;
        o.svs = mb == 0 ? DH_SVS_ABSENT : DH_SVS_SET;
        o.svs_mb = (uint32_t)mb;
    }
    dh_error_clear(&j->errs[i]);
    j->st[i] = run_point(j->sc, o, &j->ss[i % j->nss], &j->s->rows[i],
                         &j->errs[i]);
}

static void sweep_done(void *ctx, size_t finished, size_t n)
{
    sweep_jobs *j = ctx;
    if (j->progress != NULL)
        j->progress(j->ctx, finished, n);
}

dh_status dh_sweep_run(const dh_scenario *sc, const dh_run_options *base,
                       const char *const *os_ids, size_t nos,
                       const dh_ss_point *ss, size_t nss,
                       const uint64_t *svs, size_t nsvs,
                       dh_progress_fn progress, void *ctx,
                       dh_sweep **out, dh_error *err)
{
    *out = NULL;
    size_t nv = nsvs == 0 ? 1 : nsvs;
    if (base == NULL || base->grow_label == NULL)
        return dh_error_set(err, DH_EINTERNAL, "sweep without --grow");
    if (nos == 0 || nss == 0 || nos > DH_SWEEP_MAX_POINTS / nv ||
        nos * nv > DH_SWEEP_MAX_POINTS / nss)
        return dh_error_set(err, DH_ELIMIT, "a sweep has 1 to %u points; "
                            "%zu OS x %zu SessionViewSize x %zu "
                            "SharedSection values is not", DH_SWEEP_MAX_POINTS,
                            nos, nv, nss);
    size_t total = nos * nv * nss;
    dh_sweep *s = calloc(1, sizeof *s);
    sweep_jobs j = {sc, base, os_ids, ss, nss, nv, nsvs, svs, s, NULL, NULL,
                    progress, ctx};
    if (s != NULL)
        s->cost_end = base->cost_end;
    if (s == NULL || (s->rows = calloc(total, sizeof *s->rows)) == NULL ||
        (j.errs = calloc(total, sizeof *j.errs)) == NULL ||
        (j.st = calloc(total, sizeof *j.st)) == NULL) {
        free(j.errs);
        dh_sweep_free(s);
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    }
    s->scenario = sc;
    s->label = base->grow_label;
    s->n = total; /* every row is filled, or freed as empty */
    dh_execute(base->exec, total, sweep_one, sweep_done, &j);
    /* The first failed point in sweep order, as a serial sweep would have
     * stopped there. */
    dh_status st = DH_OK;
    for (size_t i = 0; i < total && st == DH_OK; i++)
        if ((st = j.st[i]) != DH_OK && err != NULL)
            *err = j.errs[i];
    free(j.errs);
    free(j.st);
    if (st != DH_OK) {
        dh_sweep_free(s);
        return st;
    }
    *out = s;
    return DH_OK;
}

/*
 * compare.c — one workload on several OS profiles: a full dh_run per
 * profile with the same registry options (through the run options'
 * executor: several at once), kept for the compare reporters (heap sizes
 * from rule 1 and the profile table, view space from rule 2).
 */
#include "plan.h"

#include <stdlib.h>

void dh_compare_free(dh_compare *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++) /* NULL where a run failed */
        dh_result_free(c->results[i]);
    free(c->results);
    free(c);
}

typedef struct {
    const dh_scenario *sc;
    const dh_run_options *base;
    const char *const *os_ids;
    dh_compare *c;
    dh_error *errs;
    dh_status *st;
} compare_jobs;

static void compare_one(void *ctx, size_t i)
{
    compare_jobs *j = ctx;
    dh_run_options o = j->base != NULL ? *j->base : (dh_run_options){0};
    o.os = j->os_ids[i];
    o.record_trace = false;
    o.grow_label = NULL;
    dh_error_clear(&j->errs[i]);
    j->st[i] = dh_run(j->sc, &o, &j->c->results[i], &j->errs[i]);
}

dh_status dh_compare_run(const dh_scenario *sc, const dh_run_options *base,
                         const char *const *os_ids, size_t nos,
                         dh_compare **out, dh_error *err)
{
    *out = NULL;
    dh_compare *c = calloc(1, sizeof *c);
    compare_jobs j = {sc, base, os_ids, c, NULL, NULL};
    if (c == NULL || (nos > 0 && (c->results = calloc(nos, sizeof *c->results))
                                     == NULL) ||
        (j.errs = calloc(nos + 1, sizeof *j.errs)) == NULL ||
        (j.st = calloc(nos + 1, sizeof *j.st)) == NULL) {
        free(j.errs);
        dh_compare_free(c);
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    }
    c->list_desktops = DH_COMPARE_NEAREST;
    dh_execute(base != NULL ? base->exec : NULL, nos, compare_one, NULL, &j);
    /* The first failed profile in the order asked, as a serial run would
     * have stopped there. */
    dh_status st = DH_OK;
    for (size_t i = 0; i < nos; i++) {
        if (j.st[i] != DH_OK && st == DH_OK) {
            st = j.st[i];
            if (err != NULL)
                *err = j.errs[i];
        }
        if (c->results[i] != NULL)
            c->n = i + 1;
    }
    free(j.errs);
    free(j.st);
    if (st != DH_OK) {
        dh_compare_free(c);
        return st;
    }
    *out = c;
    return DH_OK;
}

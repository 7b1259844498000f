/*
 * compare.c — one workload on several OS profiles: a full dh_run per
 * profile with the same registry options, kept for the compare reporters
 * (heap sizes from rule 1 and the profile table, view space from rule 2).
 */
#include "plan.h"

#include <stdlib.h>

void dh_compare_free(dh_compare *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        dh_result_free(c->results[i]);
    free(c->results);
    free(c);
}

dh_status dh_compare_run(const dh_scenario *sc, const dh_run_options *base,
                         const char *const *os_ids, size_t nos,
                         dh_compare **out, dh_error *err)
{
    *out = NULL;
    dh_compare *c = calloc(1, sizeof *c);
    if (c == NULL || (nos > 0 && (c->results = calloc(nos, sizeof *c->results))
                                     == NULL)) {
        dh_compare_free(c);
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    }
    dh_status st = DH_OK;
    for (size_t i = 0; st == DH_OK && i < nos; i++) {
        dh_run_options o = base != NULL ? *base : (dh_run_options){0};
        o.os = os_ids[i];
        o.record_trace = false;
        o.grow_label = NULL;
        st = dh_run(sc, &o, &c->results[i], err);
        if (st == DH_OK)
            c->n++;
    }
    if (st != DH_OK) {
        dh_compare_free(c);
        return st;
    }
    *out = c;
    return DH_OK;
}

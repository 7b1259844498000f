/*
 * plot_plan.c — the compare and sweep charts' input straight from the
 * planning results (dh_compare, dh_sweep): one data row per profile or
 * sweep point, with the columns the gnuplot scripts read by name.
 */
#include "plot_private.h"

#include <stdlib.h>

static unsigned long long kb(uint64_t bytes)
{
    return (unsigned long long)(bytes / DH_KB);
}

/* The chart's parameters from the rows' profiles (prof: n entries, NULL
 * when it could not be allocated), the OS list in first-seen order;
 * frees prof. */
static void table_params(dh_buf *p, const char *kind, const char *name,
                         const dh_profile **prof, size_t n)
{
    const char **ids = prof != NULL ? calloc(n ? n : 1, sizeof *ids) : NULL;
    size_t nos = 0;
    for (size_t i = 0; ids != NULL && i < n; i++) {
        size_t k = 0;
        while (k < nos && ids[k] != prof[i]->id)
            k++;
        if (k == nos)
            ids[nos++] = prof[i]->id;
    }
    if (ids == NULL)
        p->oom = true;
    else
        dh_plot_table_params(p, kind, name, ids, nos, (int)n);
    free(ids);
    free(prof);
}

static dh_status finish(dh_buf *data, dh_buf *par, dh_plot_input *out)
{
    dh_status st = dh_buf_take(data, &out->data);
    dh_status sp = dh_buf_take(par, &out->params);
    if (st != DH_OK || sp != DH_OK) {
        dh_plot_input_free(out);
        return DH_ENOMEM;
    }
    return DH_OK;
}

dh_status dh_plot_compare(const dh_compare *c, const char *name,
                          dh_plot_input *out)
{
    out->data = out->params = NULL;
    if (c->n == 0)
        return DH_EINTERNAL;
    dh_buf d, p;
    dh_buf_init(&d);
    dh_buf_init(&p);
    dh_buf_puts(&d, "os,interactive_kb,noninteractive_kb,winlogon_kb,"
                    "disconnect_kb,view_size_kb,view_used_kb,fallback,"
                    "first_failure_step\n");
    const dh_profile **prof = calloc(c->n, sizeof *prof);
    for (size_t i = 0; i < c->n; i++) {
        const dh_result *r = c->results[i];
        dh_heap_sizes hs;
        dh_heap_sizes_of(r, &hs);
        if (prof != NULL)
            prof[i] = r->config.profile;
        dh_buf_printf(&d, "%s,%llu,%llu,%llu,%llu,%llu,%llu,%d,%zu\n",
                      r->config.profile->id,
                      (unsigned long long)hs.interactive_kb,
                      (unsigned long long)hs.noninteractive_kb,
                      (unsigned long long)hs.winlogon_kb,
                      (unsigned long long)hs.disconnect_kb,
                      kb(r->config.view_size), kb(r->view_peak_bytes),
                      hs.fallback ? 1 : 0,
                      r->first_failure.happened ? r->first_failure.step : 0);
    }
    table_params(&p, "compare", name, prof, c->n);
    return finish(&d, &p, out);
}

dh_status dh_plot_sweep(const dh_sweep *s, const char *name,
                        uint64_t today_kb, uint64_t want, dh_plot_input *out)
{
    out->data = out->params = NULL;
    if (s->n == 0)
        return DH_EINTERNAL;
    dh_buf d, p;
    dh_buf_init(&d);
    dh_buf_init(&p);
    dh_buf_puts(&d, "os,noninteractive_kb,count\n");
    const dh_profile **prof = calloc(s->n, sizeof *prof);
    uint64_t rec = 0;
    for (size_t i = 0; i < s->n; i++) {
        const dh_sweep_row *r = &s->rows[i];
        if (prof != NULL)
            prof[i] = r->profile;
        dh_buf_printf(&d, "%s,%llu,%llu\n", r->profile->id,
                      (unsigned long long)r->noninteractive_kb,
                      (unsigned long long)r->cap.count);
        if (r->profile == s->rows[0].profile && want > 0 &&
            r->cap.count >= want && (rec == 0 || r->noninteractive_kb < rec))
            rec = r->noninteractive_kb;
    }
    table_params(&p, "sweep", name, prof, s->n);
    dh_buf_printf(&p, "today_kb = %llu\nwant = %llu\nrec_kb = %llu\n",
                  (unsigned long long)today_kb, (unsigned long long)want,
                  (unsigned long long)rec);
    return finish(&d, &p, out);
}

/*
 * plot_usage.c — gnuplot input for `plot --kind usage`: the used rate of
 * every desktop heap at every trace point (one data block per desktop) and
 * the first failure, from the run's trace (plots/usage.gp draws it).
 */
#include "plot_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const dh_trace_row *first; /* names from the first row of the desktop */
    uint64_t peak;             /* highest used rate, tenths of a percent */
    bool failed;               /* the first failure happened here */
    bool titled;
} key;

static bool same_desktop(const dh_trace_row *a, const dh_trace_row *b)
{
    return a->session == b->session && strcmp(a->winsta, b->winsta) == 0 &&
           strcmp(a->desktop, b->desktop) == 0;
}

/* Index of each row's desktop in keys (first appearance order). */
static dh_status index_rows(const dh_result *r, key **keys, size_t *nkeys,
                            size_t *of)
{
    size_t cap = 0;
    *keys = NULL;
    *nkeys = 0;
    for (size_t i = 0; i < r->ntrace; i++) {
        const dh_trace_row *t = &r->trace[i];
        size_t k = 0;
        while (k < *nkeys && !same_desktop((*keys)[k].first, t))
            k++;
        if (k == *nkeys) {
            if (*nkeys == cap) {
                cap = cap ? cap * 2 : 16;
                key *p = realloc(*keys, cap * sizeof *p);
                if (p == NULL)
                    return DH_ENOMEM;
                *keys = p;
            }
            memset(&(*keys)[k], 0, sizeof **keys);
            (*keys)[k].first = t;
            (*nkeys)++;
        }
        uint64_t pct = dh_used_tenths(t->used_bytes, t->heap_bytes);
        if (pct > (*keys)[k].peak)
            (*keys)[k].peak = pct;
        of[i] = k;
    }
    return DH_OK;
}

/* Name the failed desktop and the highest peaks, at most DH_PLOT_TITLED. */
static size_t choose_titled(const dh_result *r, key *keys, size_t n)
{
    const dh_failure *f = &r->first_failure;
    size_t titled = 0;
    for (size_t k = 0; k < n; k++) {
        const dh_trace_row *t = keys[k].first;
        keys[k].failed = f->happened && f->winsta != NULL &&
                         f->desktop != NULL && t->session == f->session &&
                         strcmp(t->winsta, f->winsta) == 0 &&
                         strcmp(t->desktop, f->desktop) == 0;
        if (n <= DH_PLOT_TITLED || keys[k].failed) {
            keys[k].titled = true;
            titled++;
        }
    }
    while (titled < DH_PLOT_TITLED && titled < n) {
        size_t best = n;
        for (size_t k = 0; k < n; k++)
            if (!keys[k].titled && (best == n || keys[k].peak > keys[best].peak))
                best = k;
        keys[best].titled = true;
        titled++;
    }
    return titled;
}

/* One block: "applied used_pct step iteration heap_kb used_bytes"; a blank
 * line where the desktop was closed for a while. */
static void block(dh_buf *b, const dh_result *r, const size_t *of,
                  const size_t *pt, size_t k)
{
    char pct[DH_TENTHS_LEN], name[600];
    const dh_trace_row *f = NULL;
    size_t last = 0;
    bool any = false;
    for (size_t i = 0; i < r->ntrace; i++) {
        if (of[i] != k)
            continue;
        const dh_trace_row *t = &r->trace[i];
        if (f == NULL) {
            f = t;
            dh_plot_desktop_name(name, sizeof name, t->session, t->winsta,
                                 t->desktop);
            dh_buf_printf(b, "# desktop %s\n", name);
        }
        if (any && pt[i] != last + 1) /* closed at the points between */
            dh_buf_puts(b, "\n");
        dh_buf_printf(b, "%llu %s %zu %llu %llu %llu\n",
                      (unsigned long long)t->applied,
                      dh_tenths_text(pct, dh_used_tenths(t->used_bytes,
                                                         t->heap_bytes)),
                      t->step, (unsigned long long)t->iteration,
                      (unsigned long long)(t->heap_bytes / DH_KB),
                      (unsigned long long)t->used_bytes);
        last = pt[i];
        any = true;
    }
    dh_buf_puts(b, "\n\n");
}

/* Trace point of each row: rows of one point share `applied`. */
static void number_points(const dh_result *r, size_t *pt)
{
    size_t p = 0;
    for (size_t i = 0; i < r->ntrace; i++) {
        if (i > 0 && r->trace[i].applied != r->trace[i - 1].applied)
            p++;
        pt[i] = p;
    }
}

/* Three lines: "first failure: step 3.9 (label)", "heap full:
 * 0\Service-0x0-3e7$\Default", "Event 243, STATUS_DLL_INIT_FAILED
 * (0xC0000142)". */
static void failure_label(dh_buf *b, const dh_result *r)
{
    const dh_failure *f = &r->first_failure;
    char name[600] = "", sym[200] = "", t[1000];
    int ev = 0;
    for (size_t i = 0; i < r->nevents && ev == 0; i++)
        if (r->events[i].step == f->step &&
            r->events[i].iteration == f->iteration &&
            r->events[i].event_id != 0)
            ev = r->events[i].event_id;
    if (f->winsta != NULL)
        dh_plot_desktop_name(name, sizeof name, f->session, f->winsta,
                             f->desktop != NULL ? f->desktop : "");
    snprintf(t, sizeof t, "first failure: step %zu.%llu%s%s%s", f->step,
             (unsigned long long)f->iteration, f->label ? " (" : "",
             f->label ? f->label : "", f->label ? ")" : "");
    dh_gp_assign(b, "fail_label", t);
    snprintf(t, sizeof t, "%s %s",
             f->kind != NULL && strcmp(f->kind, "view_space") == 0
                 ? "no view space for"
             : f->limit != NULL ? f->limit : "heap full:", name);
    if (f->limit != NULL && strcmp(f->kind, "view_space") != 0)
        snprintf(t, sizeof t, "%s: %s", f->limit, name);
    dh_gp_assign(b, "fail_what", t);
    snprintf(sym, sizeof sym, "%s", f->symptom != NULL ? f->symptom : "");
    char *colon = strchr(sym, ':');
    if (colon != NULL)
        *colon = '\0';
    snprintf(t, sizeof t, "%s%s%s", ev == 244 ? "Event 244, " :
             ev == 243 ? "Event 243, " : "", sym, "");
    dh_gp_assign(b, "fail_symptom", t);
}

static void params(dh_buf *b, const dh_result *r, const key *keys, size_t n,
                   size_t titled)
{
    char name[600];
    dh_buf_puts(b, "# dheapsim plot parameters (usage); generated\n");
    dh_gp_titles(b, r, "Desktop heap use");
    dh_buf_printf(b, "ndesk = %zu\nntitled = %zu\n", n, titled);
    dh_buf_printf(b, "array desk[%zu] = [", titled > 0 ? titled : 1);
    if (titled == 0)
        dh_buf_puts(b, "''");
    for (size_t k = 0, j = 0; k < n; k++) {
        if (!keys[k].titled)
            continue;
        const dh_trace_row *t = keys[k].first;
        dh_plot_desktop_name(name, sizeof name, t->session, t->winsta,
                             t->desktop);
        dh_buf_puts(b, j++ ? ", " : "");
        dh_gp_string(b, name);
    }
    dh_buf_puts(b, "]\n");
    uint64_t xmax = r->ntrace ? r->trace[r->ntrace - 1].applied : 0;
    dh_buf_printf(b, "xmax = %llu\n", (unsigned long long)(xmax ? xmax : 1));
    const dh_failure *f = &r->first_failure;
    uint64_t x = 0;
    bool has = f->happened && dh_plot_point_x(r, f->step, f->iteration, &x);
    dh_buf_printf(b, "has_fail = %d\nfail_x = %llu\n", has ? 1 : 0,
                  (unsigned long long)x);
    dh_buf_printf(b, "fail_in_heap = %d\n", has && f->kind != NULL &&
                  strcmp(f->kind, "view_space") != 0 ? 1 : 0);
    /* The marker sits at the failing desktop's Used Rate at that point. */
    uint64_t tenths = 1000;
    for (size_t i = 0; has && i < r->ntrace; i++) {
        const dh_trace_row *t = &r->trace[i];
        if (t->applied == x && f->winsta != NULL && f->desktop != NULL &&
            t->session == f->session && strcmp(t->winsta, f->winsta) == 0 &&
            strcmp(t->desktop, f->desktop) == 0)
            tenths = dh_used_tenths(t->used_bytes, t->heap_bytes);
    }
    dh_buf_printf(b, "fail_y = %llu.%llu\n",
                  (unsigned long long)(tenths / 10),
                  (unsigned long long)(tenths % 10));
    if (has) {
        failure_label(b, r);
    } else {
        dh_gp_assign(b, "fail_label", "no failure");
        dh_gp_assign(b, "fail_what", "");
        dh_gp_assign(b, "fail_symptom", "");
    }
}

dh_status dh_plot_usage(const dh_result *r, dh_plot_input *out)
{
    out->data = out->params = NULL;
    size_t n = 0, *of = malloc((r->ntrace + 1) * sizeof *of);
    size_t *pt = malloc((r->ntrace + 1) * sizeof *pt);
    key *keys = NULL;
    dh_status st = of && pt ? index_rows(r, &keys, &n, of) : DH_ENOMEM;
    if (st == DH_OK) {
        number_points(r, pt);
        size_t titled = choose_titled(r, keys, n);
        dh_buf b;
        dh_buf_init(&b);
        dh_buf_puts(&b, "# dheapsim plot data (usage): one block per desktop "
                        "heap, legend-named first\n# applied used_pct step "
                        "iteration heap_kb used_bytes\n");
        for (int pass = 1; pass >= 0; pass--)
            for (size_t k = 0; k < n; k++)
                if (keys[k].titled == (pass == 1))
                    block(&b, r, of, pt, k);
        st = dh_buf_take(&b, &out->data);
        dh_buf_init(&b);
        params(&b, r, keys, n, titled);
        if (st == DH_OK)
            st = dh_buf_take(&b, &out->params);
        else
            dh_buf_free(&b);
    }
    free(of);
    free(pt);
    free(keys);
    if (st != DH_OK)
        dh_plot_input_free(out);
    return st;
}

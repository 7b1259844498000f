/*
 * plot_viewspace.c — gnuplot input for `plot --kind viewspace`: one
 * session's view space at every trace point, stacked by consumer (shared
 * heap, other, desktops), its size, the reservation fallback (seed comments
 * 26, 29) and the first Event 244 (plots/viewspace.gp draws it).
 */
#include "plot_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long kb(uint64_t bytes)
{
    return (unsigned long long)(bytes / DH_KB);
}

/* The session to draw: asked, else the one of a view-space first failure,
 * else the one whose view use peaked highest (first such). */
static dh_status pick_session(const dh_result *r, long asked, uint32_t *out,
                              dh_error *err)
{
    const dh_failure *f = &r->first_failure;
    uint64_t best = 0;
    bool found = false;
    for (size_t i = 0; i < r->nvtrace; i++) {
        const dh_trace_session *v = &r->vtrace[i];
        if (asked >= 0 && v->session == (uint32_t)asked) {
            *out = v->session;
            return DH_OK;
        }
        if (asked < 0 && (!found || v->view_used > best)) {
            best = v->view_used;
            *out = v->session;
            found = true;
        }
    }
    if (asked >= 0)
        return dh_error_set(err, DH_EINPUT, "--session %ld: no such session "
                            "in this run", asked);
    if (!found)
        return dh_error_set(err, DH_EINPUT, "no session was ever logged on: "
                            "nothing to plot");
    if (f->happened && f->kind != NULL && strcmp(f->kind, "view_space") == 0)
        *out = f->session;
    return DH_OK;
}

typedef struct {
    const dh_trace_row *first;
} layer;

/* Desktops of the session in first-appearance order; of[i]: row i's. */
static dh_status desktops_of(const dh_result *r, uint32_t s, layer **out,
                             size_t *n, size_t *of)
{
    size_t *first = NULL;
    *out = NULL;
    dh_status st = dh_plot_key_rows(r, (long)s, of, &first, n);
    if (st == DH_OK && (*out = calloc(*n ? *n : 1, sizeof **out)) == NULL)
        st = DH_ENOMEM;
    for (size_t k = 0; st == DH_OK && k < *n; k++)
        (*out)[k].first = &r->trace[first[k]];
    free(first);
    return st;
}

/* Rows: applied shared other d1..dK [more] size used (KB). Each desktop's
 * view is its last row's up to the point (compact traces have rows only
 * where something changed), 0 once closed. cur: one per desktop key. */
static void data(dh_buf *b, const dh_result *r, uint32_t s, size_t n,
                 const size_t *of, uint64_t *cur)
{
    size_t nl = n < DH_PLOT_LAYERS ? n : DH_PLOT_LAYERS;
    bool more = n > DH_PLOT_LAYERS;
    uint64_t v[DH_PLOT_LAYERS + 1];
    size_t c = 0;
    memset(v, 0, sizeof v);
    dh_buf_printf(b, "# dheapsim plot data (viewspace), session %u, KB\n"
                  "# applied shared other", (unsigned)s);
    for (size_t k = 0; k < nl; k++)
        dh_buf_printf(b, " d%zu", k + 1);
    dh_buf_puts(b, more ? " more size used\n" : " size used\n");
    for (size_t i = 0; i < r->nvtrace; i++) {
        const dh_trace_session *p = &r->vtrace[i];
        if (p->session != s)
            continue;
        for (; c < r->ntrace && r->trace[c].applied <= p->applied; c++) {
            const dh_trace_row *t = &r->trace[c];
            if (of[c] == SIZE_MAX)
                continue;
            size_t l = of[c] < DH_PLOT_LAYERS ? of[c] : DH_PLOT_LAYERS;
            v[l] -= cur[of[c]];
            cur[of[c]] = t->closed ? 0 : t->view_bytes;
            v[l] += cur[of[c]];
        }
        dh_buf_printf(b, "%llu %llu %llu", (unsigned long long)p->applied,
                      kb(p->shared_heap_bytes), kb(p->other_bytes));
        for (size_t k = 0; k < nl; k++)
            dh_buf_printf(b, " %llu", kb(v[k]));
        if (more)
            dh_buf_printf(b, " %llu", kb(v[DH_PLOT_LAYERS]));
        dh_buf_printf(b, " %llu %llu\n",
                      kb(p->view_size != 0 ? p->view_size : p->view_extent),
                      kb(p->view_used));
    }
}

/* The first Event 244 of the session, else its first view-space failure. */
static const dh_event *event_244(const dh_result *r, uint32_t s)
{
    const dh_event *any = NULL;
    for (size_t i = 0; i < r->nevents; i++) {
        const dh_event *e = &r->events[i];
        if (e->session != s)
            continue;
        if (e->event_id == 244)
            return e;
        if (any == NULL && e->kind == DH_EV_DESKTOP_CREATE_FAILED)
            any = e;
    }
    return any;
}

static void marks(dh_buf *b, const dh_result *r, uint32_t s, bool fallback)
{
    char t[1200];
    const dh_config *c = &r->config;
    uint64_t need = 0;
    dh_rule_reservation_falls_back(c, &need);
    dh_buf_printf(b, "has_fallback = %d\nneed_kb = %llu\n", fallback ? 1 : 0,
                  kb(need));
    snprintf(t, sizeof t, "reservation asked %llu KB > view space %llu KB%s:"
             " heaps fell back to %d/%d KB (seed comments 26, 29)", kb(need),
             kb(c->view_size), c->view_3gb_forced ? " (/3GB: 20 MB)" : "",
             DH_FALLBACK_INTERACTIVE_KB, DH_FALLBACK_NONINTERACTIVE_KB);
    dh_gp_assign(b, "fallback_label", fallback ? t : "");
    dh_gp_notes notes = {.n = 0};
    if (fallback) {
        char note[1300];
        snprintf(note, sizeof note, "the dashed brown line: %s",
                 t);
        dh_gp_note(&notes, "#7a4b00", note);
    }
    const dh_event *e = event_244(r, s);
    uint64_t x = 0;
    bool has = e != NULL && dh_plot_point_x(r, e->step, e->iteration, &x);
    dh_buf_printf(b, "has_244 = %d\nx_244 = %llu\n", has ? 1 : 0,
                  (unsigned long long)x);
    if (has)
        snprintf(t, sizeof t, "step %zu.%llu: %s %s\\%s not created%s",
                 e->step, (unsigned long long)e->iteration,
                 e->event_id == 244 ? "Event 244," : "view space full,",
                 e->winsta != NULL ? e->winsta : "?",
                 e->desktop != NULL ? e->desktop : "?",
                 e->process != NULL ? " (0xC0000142)" : "");
    dh_gp_assign(b, "label_244", has ? t : "");
    if (has) {
        char note[1300];
        snprintf(note, sizeof note, "the red line: %s", t);
        dh_gp_note(&notes, "#c00000", note);
    }
    dh_gp_notes_write(b, &notes);
}

static void params(dh_buf *b, const dh_result *r, uint32_t s, const layer *ls,
                   size_t n)
{
    char name[600], what[64];
    size_t nl = n < DH_PLOT_LAYERS ? n : DH_PLOT_LAYERS;
    size_t layers = 2 + nl + (n > DH_PLOT_LAYERS ? 1 : 0);
    bool fallback = false, dynamic = false;
    uint64_t xmax = 1;
    for (size_t i = 0; i < r->nvtrace; i++)
        if (r->vtrace[i].session == s) {
            fallback = fallback || r->vtrace[i].fallback;
            dynamic = r->vtrace[i].view_dynamic && r->vtrace[i].view_size == 0;
            xmax = r->vtrace[i].applied > xmax ? r->vtrace[i].applied : xmax;
        }
    dh_buf_puts(b, "# dheapsim plot parameters (viewspace); generated\n");
    snprintf(what, sizeof what, "Session %u view space", (unsigned)s);
    dh_gp_titles(b, r, what);
    dh_buf_printf(b, "has_more = %d\n", n > DH_PLOT_LAYERS ? 1 : 0);
    dh_buf_printf(b, "nlayers = %zu\nsizecol = %zu\nusedcol = %zu\n"
                  "xmax = %llu\n", layers, layers + 2, layers + 3,
                  (unsigned long long)xmax);
    dh_buf_printf(b, "array layer[%zu] = ['shared heap (SharedSection 1st "
                  "value)', 'other: printer/font drivers, GDI (KB 184802)'",
                  layers);
    for (size_t k = 0; k < nl; k++) {
        const dh_trace_row *t = ls[k].first;
        dh_plot_desktop_name(name, sizeof name, t->session, t->winsta,
                             t->desktop);
        dh_buf_puts(b, ", ");
        dh_gp_string(b, name);
    }
    if (n > DH_PLOT_LAYERS)
        dh_buf_printf(b, ", '%zu more desktops'", n - DH_PLOT_LAYERS);
    dh_buf_puts(b, "]\n");
    dh_gp_assign(b, "size_label", dynamic
                     ? "view space reached (dynamic, no cap)"
                     : "session view space size");
    marks(b, r, s, fallback);
}

dh_status dh_plot_viewspace(const dh_result *r, long session,
                            dh_plot_input *out, dh_error *err)
{
    out->data = out->params = NULL;
    uint32_t s = 0;
    layer *ls = NULL;
    size_t n = 0;
    dh_status st = pick_session(r, session, &s, err);
    if (st != DH_OK)
        return st;
    size_t *of = malloc((r->ntrace + 1) * sizeof *of);
    uint64_t *cur = NULL;
    st = of != NULL ? desktops_of(r, s, &ls, &n, of) : DH_ENOMEM;
    if (st == DH_OK && (cur = calloc(n + 1, sizeof *cur)) == NULL)
        st = DH_ENOMEM;
    if (st == DH_OK) {
        dh_buf b;
        dh_buf_init(&b);
        data(&b, r, s, n, of, cur);
        st = dh_buf_take(&b, &out->data);
        dh_buf_init(&b);
        params(&b, r, s, ls, n);
        if (st == DH_OK)
            st = dh_buf_take(&b, &out->params);
        else
            dh_buf_free(&b);
    }
    free(ls);
    free(of);
    free(cur);
    if (st != DH_OK) {
        dh_plot_input_free(out);
        dh_error_set(err, st, "out of memory");
    }
    return st;
}

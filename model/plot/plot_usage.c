/*
 * plot_usage.c — gnuplot input for `plot --kind usage`: the used rate of
 * every desktop heap at every trace point (one data block per desktop;
 * beyond DH_PLOT_GREY_MAX unnamed ones, one block of the fullest of them)
 * and the first failure, from the run's trace (plots/usage.gp draws it),
 * and the largest drop of one curve (windows closed, a process ended).
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

/* Index of each row's desktop in keys (first appearance order). */
static dh_status index_rows(const dh_result *r, key **keys, size_t *nkeys,
                            size_t *of)
{
    size_t *first = NULL;
    *keys = NULL;
    dh_status st = dh_plot_key_rows(r, -1, of, &first, nkeys);
    if (st == DH_OK &&
        (*keys = calloc(*nkeys ? *nkeys : 1, sizeof **keys)) == NULL)
        st = DH_ENOMEM;
    for (size_t k = 0; st == DH_OK && k < *nkeys; k++)
        (*keys)[k].first = &r->trace[first[k]];
    for (size_t i = 0; st == DH_OK && i < r->ntrace; i++) {
        const dh_trace_row *t = &r->trace[i];
        uint64_t pct = dh_used_tenths(t->used_bytes, t->heap_bytes);
        if (pct > (*keys)[of[i]].peak)
            (*keys)[of[i]].peak = pct;
    }
    free(first);
    return st;
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

static void row_line(dh_buf *b, uint64_t x, const dh_trace_row *t)
{
    char pct[DH_TENTHS_LEN];
    dh_buf_printf(b, "%llu %s %zu %llu %llu %llu\n", (unsigned long long)x,
                  dh_tenths_text(pct, dh_used_tenths(t->used_bytes,
                                                     t->heap_bytes)),
                  t->step, (unsigned long long)t->iteration,
                  (unsigned long long)(t->heap_bytes / DH_KB),
                  (unsigned long long)t->used_bytes);
}

/* One block: "applied used_pct step iteration heap_kb used_bytes"; a blank
 * line where the desktop was closed for a while. A desktop that did not
 * change has no row at a point (compact traces): its last row is repeated
 * at the point before its next one, and at the last point, so the curve
 * holds its value. rows: the desktop's rows in order; xs: each point's x. */
static void block(dh_buf *b, const dh_result *r, const size_t *rows,
                  size_t n, const size_t *pt, const uint64_t *xs,
                  size_t last_point)
{
    char name[600];
    const dh_trace_row *prev = NULL; /* last open row, NULL once closed */
    size_t prevp = 0;
    bool any = false;
    for (size_t k = 0; k < n; k++) {
        const dh_trace_row *t = &r->trace[rows[k]];
        size_t p = pt[rows[k]];
        if (k == 0) {
            dh_plot_desktop_name(name, sizeof name, t->session, t->winsta,
                                 t->desktop);
            dh_buf_printf(b, "# desktop %s\n", name);
        }
        if (prev != NULL && p > prevp + 1) /* held, unchanged */
            row_line(b, xs[p - 1], prev);
        if (t->closed) {
            prev = NULL;
            continue;
        }
        if (any && prev == NULL) /* closed at the points between */
            dh_buf_puts(b, "\n");
        row_line(b, t->applied, t);
        prev = t;
        prevp = p;
        any = true;
    }
    if (prev != NULL && prevp < last_point)
        row_line(b, xs[last_point], prev);
    dh_buf_puts(b, "\n\n");
}

/* Every trace point's x (the session rows: a point where no desktop
 * changed has none of its own) and each row's point; returns the number
 * of points. Both lists are in increasing x. */
static size_t number_points(const dh_result *r, size_t *pt, uint64_t *xs)
{
    size_t p = 0;
    for (size_t i = 0; i < r->nvtrace; i++)
        if (p == 0 || r->vtrace[i].applied != xs[p - 1])
            xs[p++] = r->vtrace[i].applied;
    for (size_t i = 0, k = 0; i < r->ntrace; i++) {
        while (k + 1 < p && xs[k] < r->trace[i].applied)
            k++;
        pt[i] = k;
    }
    return p;
}

/* The unnamed desktops as one block: at each point the highest used rate
 * among those open (each carrying its last row's value forward), a blank
 * line where none is open. cur: one per key (UINT64_MAX: not open). */
static void aggregate(dh_buf *b, const dh_result *r, const key *keys,
                      size_t n, const size_t *of, const uint64_t *xs,
                      size_t npoints, uint64_t *cur)
{
    char pct[DH_TENTHS_LEN];
    uint64_t max = UINT64_MAX;
    size_t argmax = n, c = 0;
    bool gap = false, any = false;
    for (size_t k = 0; k < n; k++)
        cur[k] = UINT64_MAX;
    dh_buf_puts(b, "# desktop (the fullest of the unnamed ones)\n");
    for (size_t p = 0; p < npoints; p++) {
        for (; c < r->ntrace && r->trace[c].applied <= xs[p]; c++) {
            size_t k = of[c];
            if (keys[k].titled)
                continue;
            const dh_trace_row *t = &r->trace[c];
            uint64_t v = t->closed ? UINT64_MAX
                                   : dh_used_tenths(t->used_bytes,
                                                    t->heap_bytes);
            cur[k] = v;
            if (v != UINT64_MAX && (max == UINT64_MAX || v > max)) {
                max = v;
                argmax = k;
            } else if (k == argmax && v != max) { /* it fell: look again */
                max = UINT64_MAX;
                argmax = n;
                for (size_t j = 0; j < n; j++)
                    if (!keys[j].titled && cur[j] != UINT64_MAX &&
                        (max == UINT64_MAX || cur[j] > max)) {
                        max = cur[j];
                        argmax = j;
                    }
            }
        }
        if (max == UINT64_MAX) {
            gap = any;
            continue;
        }
        if (gap)
            dh_buf_puts(b, "\n");
        gap = false;
        any = true;
        dh_buf_printf(b, "%llu %s\n", (unsigned long long)xs[p],
                      dh_tenths_text(pct, max));
    }
    dh_buf_puts(b, "\n\n");
}

/* Three lines: "first failure: step 3.9 (label)", "heap full:
 * 0\Service-0x0-3e7$\Default", "Event 243, STATUS_DLL_INIT_FAILED
 * (0xC0000142)"; and the notes that say them in the top margin. */
static void failure_label(dh_buf *b, const dh_result *r, bool dot,
                          dh_gp_notes *notes)
{
    const dh_failure *f = &r->first_failure;
    char name[600] = "", sym[200] = "", label[800], what[800], t[1000];
    int ev = 0;
    for (size_t i = 0; i < r->nevents && ev == 0; i++)
        if (r->events[i].step == f->step &&
            r->events[i].iteration == f->iteration &&
            r->events[i].event_id != 0)
            ev = r->events[i].event_id;
    if (f->winsta != NULL)
        dh_plot_desktop_name(name, sizeof name, f->session, f->winsta,
                             f->desktop != NULL ? f->desktop : "");
    snprintf(label, sizeof label, "first failure: step %zu.%llu%s%s%s",
             f->step, (unsigned long long)f->iteration, f->label ? " (" : "",
             f->label ? f->label : "", f->label ? ")" : "");
    dh_gp_assign(b, "fail_label", label);
    snprintf(what, sizeof what, "%s %s",
             f->kind != NULL && strcmp(f->kind, "view_space") == 0
                 ? "no view space for"
             : f->limit != NULL ? f->limit : "heap full:", name);
    if (f->limit != NULL && strcmp(f->kind, "view_space") != 0)
        snprintf(what, sizeof what, "%s: %s", f->limit, name);
    dh_gp_assign(b, "fail_what", what);
    snprintf(sym, sizeof sym, "%s", f->symptom != NULL ? f->symptom : "");
    char *colon = strchr(sym, ':');
    if (colon != NULL)
        *colon = '\0';
    snprintf(t, sizeof t, "%s%s%s", ev == 244 ? "Event 244, " :
             ev == 243 ? "Event 243, " : "", sym, "");
    dh_gp_assign(b, "fail_symptom", t);
    char note[1800];
    snprintf(note, sizeof note, "%s, the red line%s: %s", label,
             dot ? " and dot" : "", what);
    dh_gp_note(notes, "#c00000", note);
    if (t[0] != '\0') {
        snprintf(note, sizeof note, "    %s", t);
        dh_gp_note(notes, "#c00000", note);
    }
}

/* A drop worth marking: the largest fall of one drawn curve between two
 * of its points that follow each other, at least DROP_MIN tenths of a
 * percent (the first of equal falls). */
#define DROP_MIN 100

typedef struct {
    bool found;
    uint64_t x, from, to; /* x of the lower point; rates in tenths */
    const dh_trace_row *row; /* the row after the fall */
} drop;

static dh_status find_drop(const dh_result *r, const key *keys, size_t n,
                           const size_t *of, bool aggregated, drop *d)
{
    memset(d, 0, sizeof *d);
    uint64_t *last = malloc((n + 1) * sizeof *last); /* UINT64_MAX: none */
    if (last == NULL)
        return DH_ENOMEM;
    for (size_t k = 0; k < n; k++)
        last[k] = UINT64_MAX;
    uint64_t best = DROP_MIN - 1;
    for (size_t i = 0; i < r->ntrace; i++) {
        const dh_trace_row *t = &r->trace[i];
        size_t k = of[i];
        if (aggregated && !keys[k].titled)
            continue; /* not a curve of its own */
        if (t->closed) {
            last[k] = UINT64_MAX;
            continue;
        }
        uint64_t v = dh_used_tenths(t->used_bytes, t->heap_bytes);
        if (last[k] != UINT64_MAX && last[k] > v && last[k] - v > best) {
            best = last[k] - v;
            *d = (drop){true, t->applied, last[k], v, t};
        }
        last[k] = v;
    }
    free(last);
    return DH_OK;
}

/* "step 4 (every other window closes)", "step 7 (stop_process iexplore)" */
static void step_text(char *buf, size_t len, const dh_result *r, size_t step)
{
    const dh_step *s = r->scenario != NULL && step >= 1 &&
                               step <= r->scenario->nsteps
                           ? &r->scenario->steps[step - 1]
                           : NULL;
    if (s == NULL)
        snprintf(buf, len, "step %zu", step);
    else if (s->label != NULL)
        snprintf(buf, len, "step %zu (%s)", step, s->label);
    else
        snprintf(buf, len, "step %zu (%s%s%s)", step,
                 dh_step_kind_name(s->kind), s->name != NULL ? " " : "",
                 s->name != NULL ? s->name : "");
}

static void drop_params(dh_buf *b, const dh_result *r, const drop *d,
                        dh_gp_notes *notes)
{
    char from[DH_TENTHS_LEN], to[DH_TENTHS_LEN], name[600], st[400];
    char t[1200];
    dh_buf_printf(b, "has_drop = %d\n", d->found ? 1 : 0);
    if (!d->found) {
        dh_buf_puts(b, "drop_x = 0\ndrop_from = 0\ndrop_to = 0\n");
        dh_gp_assign(b, "drop_note", "");
        return;
    }
    dh_tenths_text(from, d->from);
    dh_tenths_text(to, d->to);
    dh_buf_printf(b, "drop_x = %llu\ndrop_from = %s\ndrop_to = %s\n",
                  (unsigned long long)d->x, from, to);
    dh_plot_desktop_name(name, sizeof name, d->row->session, d->row->winsta,
                         d->row->desktop);
    step_text(st, sizeof st, r, d->row->step);
    snprintf(t, sizeof t, "the drop, the black arrow: at %s, %s falls "
             "from %s %% to %s %% used", st, name, from, to);
    dh_gp_assign(b, "drop_note", t);
    dh_gp_note(notes, "#222222", t);
}

static void params(dh_buf *b, const dh_result *r, const key *keys, size_t n,
                   size_t titled, const drop *d)
{
    char name[600];
    dh_buf_puts(b, "# dheapsim plot parameters (usage); generated\n");
    dh_gp_titles(b, r, "Desktop heap use");
    dh_buf_printf(b, "ndesk = %zu\nntitled = %zu\naggregated = %d\n", n,
                  titled, n - titled > DH_PLOT_GREY_MAX ? 1 : 0);
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
    uint64_t xmax = r->nvtrace ? r->vtrace[r->nvtrace - 1].applied : 0;
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
    for (size_t i = 0; has && i < r->ntrace && r->trace[i].applied <= x;
         i++) {
        const dh_trace_row *t = &r->trace[i]; /* its last row up to x */
        if (!t->closed && f->winsta != NULL && f->desktop != NULL &&
            t->session == f->session && strcmp(t->winsta, f->winsta) == 0 &&
            strcmp(t->desktop, f->desktop) == 0)
            tenths = dh_used_tenths(t->used_bytes, t->heap_bytes);
    }
    dh_buf_printf(b, "fail_y = %llu.%llu\n",
                  (unsigned long long)(tenths / 10),
                  (unsigned long long)(tenths % 10));
    dh_gp_notes notes = {.n = 0};
    if (has) {
        failure_label(b, r, has && f->kind != NULL &&
                                strcmp(f->kind, "view_space") != 0,
                      &notes);
    } else {
        dh_gp_assign(b, "fail_label", "no failure");
        dh_gp_assign(b, "fail_what", "");
        dh_gp_assign(b, "fail_symptom", "");
    }
    drop_params(b, r, d, &notes);
    dh_gp_notes_write(b, &notes);
}

dh_status dh_plot_usage(const dh_result *r, dh_plot_input *out)
{
    out->data = out->params = NULL;
    size_t n = 0, *of = malloc((r->ntrace + 1) * sizeof *of);
    size_t *pt = malloc((r->ntrace + 1) * sizeof *pt);
    uint64_t *xs = malloc((r->nvtrace + 1) * sizeof *xs);
    size_t *rows = malloc((r->ntrace + 1) * sizeof *rows);
    key *keys = NULL;
    size_t *start = NULL;
    dh_status st = of && pt && xs && rows ? index_rows(r, &keys, &n, of)
                                          : DH_ENOMEM;
    if (st == DH_OK && (start = calloc(n + 1, sizeof *start)) == NULL)
        st = DH_ENOMEM;
    if (st == DH_OK) {
        size_t npoints = number_points(r, pt, xs);
        /* rows grouped by desktop, in trace order within each */
        for (size_t i = 0; i < r->ntrace; i++)
            start[of[i] + 1]++;
        for (size_t k = 0; k < n; k++)
            start[k + 1] += start[k];
        for (size_t i = 0; i < r->ntrace; i++) /* start[k]: k's end after */
            rows[start[of[i]]++] = i;
        for (size_t k = n; k > 0; k--) /* back to each group's start */
            start[k] = start[k - 1];
        start[0] = 0;
        size_t titled = choose_titled(r, keys, n);
        dh_buf b;
        dh_buf_init(&b);
        dh_buf_puts(&b, "# dheapsim plot data (usage): one block per desktop "
                        "heap, legend-named first\n# applied used_pct step "
                        "iteration heap_kb used_bytes\n");
        bool agg = n - titled > DH_PLOT_GREY_MAX;
        for (int pass = 1; pass >= (agg ? 1 : 0); pass--)
            for (size_t k = 0; k < n; k++)
                if (keys[k].titled == (pass == 1))
                    block(&b, r, rows + start[k], start[k + 1] - start[k],
                          pt, xs, npoints ? npoints - 1 : 0);
        if (agg) {
            uint64_t *cur = malloc((n + 1) * sizeof *cur);
            if (cur == NULL)
                b.oom = true;
            else
                aggregate(&b, r, keys, n, of, xs, npoints, cur);
            free(cur);
        }
        st = dh_buf_take(&b, &out->data);
        dh_buf_init(&b);
        drop d;
        if (st == DH_OK)
            st = find_drop(r, keys, n, of, agg, &d);
        if (st == DH_OK)
            params(&b, r, keys, n, titled, &d);
        if (st == DH_OK)
            st = dh_buf_take(&b, &out->params);
        else
            dh_buf_free(&b);
    }
    free(of);
    free(pt);
    free(xs);
    free(rows);
    free(start);
    free(keys);
    if (st != DH_OK)
        dh_plot_input_free(out);
    return st;
}

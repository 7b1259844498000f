/*
 * plot_plan.c — the compare and sweep charts' input from the planning
 * results (dh_compare, dh_sweep): per profile, what the workload reached
 * (the grown step's count or the first failure), how full its fullest heap
 * got and how much view space it used of the size; per swept key (OS and
 * session view space), one series of repeats against the 3rd value.
 */
#include "plot_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The rows' OS list, each once in first-seen order (*ids malloc'd). */
static dh_status os_list(const char *const *os, size_t n, const char ***ids,
                         size_t *nos)
{
    *nos = 0;
    if ((*ids = calloc(n ? n : 1, sizeof **ids)) == NULL)
        return DH_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < *nos && strcmp((*ids)[k], os[i]) != 0)
            k++;
        if (k == *nos)
            (*ids)[(*nos)++] = os[i];
    }
    return DH_OK;
}

static void string_array(dh_buf *b, const char *name, size_t n,
                         const char *(*get)(const void *, size_t),
                         const void *ctx)
{
    dh_buf_printf(b, "array %s[%zu] = [", name, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        dh_buf_puts(b, i ? ", " : "");
        dh_gp_string(b, get(ctx, i));
    }
    dh_buf_printf(b, "%s]\n", n ? "" : "''");
}

/* "4.7" MB from KB, one decimal, rounded down (integers only: the same
 * text on every platform). */
static void mb_text(char *buf, size_t len, uint64_t kb)
{
    uint64_t tenths = kb * 10 / 1024;
    if (tenths >= 1000)
        snprintf(buf, len, "%llu", (unsigned long long)(tenths / 10));
    else
        snprintf(buf, len, "%llu.%llu", (unsigned long long)(tenths / 10),
                 (unsigned long long)(tenths % 10));
}

/* ---------------------------------------------------------------- compare */

static const char *const outcome_colour[DH_PLOT_OUTCOMES] = {
    [DH_PLOT_NO_FAILURE] = "#59a14f",
    [DH_PLOT_HEAP] = "#e15759",
    [DH_PLOT_VIEW] = "#4e79a7",
    [DH_PLOT_OTHER] = "#9c755f",
};
static const char *const outcome_name[DH_PLOT_OUTCOMES] = {
    [DH_PLOT_NO_FAILURE] = "no failure (ran to the end or the repeat limit)",
    [DH_PLOT_HEAP] = "stopped by a desktop heap",
    [DH_PLOT_VIEW] = "stopped by session view space",
    [DH_PLOT_OTHER] = "stopped by another limit",
};

static dh_plot_outcome outcome_of(const char *kind)
{
    if (kind == NULL || strcmp(kind, "repeat_limit") == 0 ||
        strcmp(kind, "not_reached") == 0)
        return DH_PLOT_NO_FAILURE;
    if (strcmp(kind, "desktop_heap") == 0)
        return DH_PLOT_HEAP;
    if (strcmp(kind, "view_space") == 0)
        return DH_PLOT_VIEW;
    return DH_PLOT_OTHER;
}

static unsigned long colour_value(const char *hex)
{
    return strtoul(hex + 1, NULL, 16);
}

static const char *row_os(const void *ctx, size_t i)
{
    return ((const dh_plot_compare_row *)ctx)[i].os;
}
static const char *row_cap(const void *ctx, size_t i)
{
    return ((const dh_plot_compare_row *)ctx)[i].cap_text;
}
static const char *row_heap(const void *ctx, size_t i)
{
    return ((const dh_plot_compare_row *)ctx)[i].heap_text;
}
static const char *row_view(const void *ctx, size_t i)
{
    return ((const dh_plot_compare_row *)ctx)[i].view_text;
}

dh_status dh_plot_compare_write(const dh_plot_compare_row *rows, size_t n,
                                const dh_plot_compare_titles *t,
                                dh_plot_input *out)
{
    out->data = out->params = NULL;
    if (n == 0)
        return DH_EINTERNAL;
    dh_buf d, p;
    dh_buf_init(&d);
    dh_buf_init(&p);
    dh_buf_puts(&d, "# dheapsim plot data (compare): one row per profile, "
                    "the first at the top\n# y cap cap_colour heap_pct "
                    "heap_colour view_used_kb view_size_kb view_dynamic\n");
    uint64_t cap_max = 0, cap_min = 0, view_min = 0, view_max = 0;
    bool seen[DH_PLOT_OUTCOMES] = {false};
    bool dyn = false, fixed = false, cap_dyn = false, hfail = false,
         hok = false, any_cap = false;
    for (size_t i = 0; i < n; i++) {
        const dh_plot_compare_row *r = &rows[i];
        char cap[32] = "NaN", pct[DH_TENTHS_LEN] = "NaN";
        if (r->has_cap) {
            any_cap = true;
            snprintf(cap, sizeof cap, "%llu", (unsigned long long)r->cap);
            cap_max = r->cap > cap_max ? r->cap : cap_max;
            if (r->cap > 0 && (cap_min == 0 || r->cap < cap_min))
                cap_min = r->cap;
        }
        if (r->has_pct)
            dh_tenths_text(pct, r->pct_tenths);
        seen[r->outcome] = true;
        hfail = hfail || (r->has_pct && r->heap_failed);
        hok = hok || (r->has_pct && !r->heap_failed);
        dyn = dyn || r->dynamic;
        fixed = fixed || !r->dynamic;
        cap_dyn = cap_dyn || (r->dynamic && r->view_size_kb > 0);
        uint64_t v[2] = {r->view_used_kb, r->view_size_kb};
        for (size_t k = 0; k < 2; k++) {
            if (v[k] > 0 && (view_min == 0 || v[k] < view_min))
                view_min = v[k];
            view_max = v[k] > view_max ? v[k] : view_max;
        }
        dh_buf_printf(&d, "%zu %s %lu %s %lu %llu %llu %d\n", n - i, cap,
                      colour_value(outcome_colour[r->outcome]), pct,
                      colour_value(r->heap_failed ? "#e15759" : "#8c9fb5"),
                      (unsigned long long)r->view_used_kb,
                      (unsigned long long)r->view_size_kb,
                      r->dynamic ? 1 : 0);
    }
    dh_buf_printf(&p, "# dheapsim plot parameters (compare); generated\n");
    dh_gp_assign(&p, "plot_title", t->title);
    size_t lines = dh_gp_assign_wrapped(&p, "plot_scenario", t->workload,
                                        125);
    dh_gp_assign(&p, "plot_config", t->config);
    dh_buf_printf(&p, "title_lines = %zu\n", lines + 2);
    string_array(&p, "rowname", n, row_os, rows);
    string_array(&p, "captext", n, row_cap, rows);
    string_array(&p, "heaptext", n, row_heap, rows);
    string_array(&p, "viewtext", n, row_view, rows);
    dh_gp_assign(&p, "cap_title", t->cap_title);
    dh_gp_assign(&p, "cap_xlabel", t->cap_xlabel);
    dh_gp_assign(&p, "heap_title", t->heap_title);
    /* A log scale when the counts span more than 20 times. */
    bool cap_log = cap_min > 0 && cap_max / cap_min > 20;
    dh_buf_printf(&p, "cap_max = %llu\ncap_log = %d\n",
                  (unsigned long long)(cap_max ? cap_max : 1),
                  cap_log ? 1 : 0);
    dh_buf_printf(&p, "view_min_kb = %llu\nview_max_kb = %llu\n",
                  (unsigned long long)(view_min ? view_min : 1),
                  (unsigned long long)(view_max ? view_max : 1));
    dh_buf_printf(&p, "view_fixed = %d\nview_dynamic = %d\nview_cap = %d\n",
                  fixed ? 1 : 0, dyn ? 1 : 0, cap_dyn ? 1 : 0);
    dh_buf_printf(&p, "heap_failed_any = %d\nheap_ok_any = %d\n"
                  "has_caps = %d\nhas_pcts = %d\n", hfail ? 1 : 0,
                  hok ? 1 : 0, any_cap ? 1 : 0, hfail || hok ? 1 : 0);
    size_t no = 0;
    for (size_t k = 0; k < DH_PLOT_OUTCOMES; k++)
        no += seen[k];
    dh_buf_printf(&p, "noutcomes = %zu\narray outcome_name[%zu] = [", no,
                  no);
    for (size_t k = 0, j = 0; k < DH_PLOT_OUTCOMES; k++)
        if (seen[k]) {
            dh_buf_puts(&p, j++ ? ", " : "");
            dh_gp_string(&p, outcome_name[k]);
        }
    dh_buf_printf(&p, "]\narray outcome_colour[%zu] = [", no);
    for (size_t k = 0, j = 0; k < DH_PLOT_OUTCOMES; k++)
        if (seen[k]) {
            dh_buf_puts(&p, j++ ? ", " : "");
            dh_gp_string(&p, outcome_colour[k]);
        }
    dh_buf_printf(&p, "]\nnrows = %zu\n", n);
    const char **os = calloc(n, sizeof *os), **ids = NULL;
    size_t nos = 0;
    for (size_t i = 0; os != NULL && i < n; i++)
        os[i] = rows[i].os;
    if (os == NULL || os_list(os, n, &ids, &nos) != DH_OK)
        p.oom = true;
    dh_buf_printf(&p, "nos = %zu\narray oses[%zu] = [", nos, nos ? nos : 1);
    for (size_t i = 0; i < nos; i++) {
        dh_buf_puts(&p, i ? ", " : "");
        dh_gp_string(&p, ids[i]);
    }
    dh_buf_printf(&p, "%s]\n", nos ? "" : "''");
    free(ids);
    free(os);
    return finish(&d, &p, out);
}

/* The workload's grown step when the run grew none (grow_label): the
 * first step that repeats until failure (0: none). */
static size_t grown_step(const dh_scenario *sc)
{
    for (size_t i = 0; sc != NULL && i < sc->nsteps; i++)
        if (sc->steps[i].repeat_until_failure)
            return i + 1;
    return 0;
}

static void limit_words(char *buf, size_t len, const dh_failure *f,
                        const char *kind)
{
    bool first = f->happened && f->limit != NULL && kind != NULL &&
                 f->kind != NULL && strcmp(f->kind, kind) == 0;
    if (kind != NULL && strcmp(kind, "view_space") == 0)
        snprintf(buf, len, "view space full");
    else if (first && strcmp(f->limit, "desktop heap fragmented") == 0)
        snprintf(buf, len, "heap fragmented");
    else if (first)
        snprintf(buf, len, "%.24s", f->limit);
    else if (kind == NULL)
        snprintf(buf, len, "no failure");
    else if (strcmp(kind, "repeat_limit") == 0)
        snprintf(buf, len, "repeat limit");
    else if (strcmp(kind, "not_reached") == 0)
        snprintf(buf, len, "not reached");
    else
        snprintf(buf, len, "%s", kind);
}

/* The fullest desktop of any snapshot (the scenario's and the final one):
 * the failed one when the first failure is in a desktop heap. */
static void fullest_heap(const dh_result *r, dh_plot_compare_row *row)
{
    const dh_failure *f = &r->first_failure;
    bool heap_fail = f->happened && f->kind != NULL &&
                     strcmp(f->kind, "desktop_heap") == 0 &&
                     f->winsta != NULL && f->desktop != NULL;
    const dh_desktop_rec *best = NULL;
    uint32_t best_session = 0;
    uint64_t best_pct = 0;
    for (size_t k = 0; k <= r->nsnapshots; k++) {
        const dh_snapshot *s = k < r->nsnapshots ? &r->snapshots[k]
                                                 : &r->final;
        for (size_t i = 0; i < s->nsessions; i++)
            for (size_t j = 0; j < s->sessions[i].ndesktops; j++) {
                const dh_desktop_rec *d = &s->sessions[i].desktops[j];
                uint32_t id = s->sessions[i].id;
                bool failed = heap_fail && id == f->session &&
                              strcmp(d->winsta, f->winsta) == 0 &&
                              strcmp(d->desktop, f->desktop) == 0;
                if (heap_fail && !failed)
                    continue;
                uint64_t pct = dh_used_tenths(d->used_bytes, d->heap_bytes);
                if (best == NULL || pct > best_pct) {
                    best = d;
                    best_pct = pct;
                    best_session = id;
                }
            }
    }
    if (best == NULL) {
        snprintf(row->heap_text, sizeof row->heap_text, "no desktop");
        return;
    }
    char pct[DH_TENTHS_LEN];
    row->has_pct = true;
    row->pct_tenths = best_pct;
    row->heap_failed = heap_fail;
    snprintf(row->heap_text, sizeof row->heap_text, "%s %% of %llu KB",
             dh_tenths_text(pct, best_pct),
             (unsigned long long)(best->heap_bytes / DH_KB));
    dh_plot_desktop_name(row->heap_name, sizeof row->heap_name, best_session,
                         best->winsta, best->desktop);
}

void dh_plot_view_text(dh_plot_compare_row *row)
{
    char used[32], size[32];
    mb_text(used, sizeof used, row->view_used_kb);
    mb_text(size, sizeof size, row->view_size_kb);
    if (!row->dynamic)
        snprintf(row->view_text, sizeof row->view_text, "%s of %s MB%s", used,
                 size, row->fallback ? ", fallback" : "");
    else if (row->view_size_kb > 0)
        snprintf(row->view_text, sizeof row->view_text, "%s MB dynamic, cap "
                 "%s", used, size);
    else
        snprintf(row->view_text, sizeof row->view_text, "%s MB dynamic",
                 used);
}

void dh_plot_compare_row_of(const dh_result *r, dh_plot_compare_row *row)
{
    memset(row, 0, sizeof *row);
    const dh_failure *f = &r->first_failure;
    row->os = r->config.profile->id;
    size_t gs = r->grow_step ? r->grow_step : grown_step(r->scenario);
    char words[64];
    row->has_cap = true;
    if (gs != 0) {
        const char *kind = "not_reached";
        for (size_t i = 0; i < r->nrepeats; i++)
            if (r->repeats[i].step == gs) {
                row->cap = r->repeats[i].succeeded;
                kind = r->repeats[i].stopped_by;
                break;
            }
        if (strcmp(kind, "not_reached") == 0 && f->happened)
            kind = f->kind; /* it stopped before the grown step */
        row->outcome = outcome_of(kind);
        limit_words(words, sizeof words, f, kind);
        snprintf(row->cap_text, sizeof row->cap_text, "%llu: %s",
                 (unsigned long long)row->cap, words);
    } else { /* no grown step: the operations before the first failure */
        row->cap = r->steps_applied;
        if (f->happened && r->scenario != NULL) {
            row->cap = f->iteration > 0 ? f->iteration - 1 : 0;
            for (size_t i = 0; i + 1 < f->step && i < r->scenario->nsteps;
                 i++)
                row->cap += r->scenario->steps[i].count;
        }
        row->outcome = f->happened ? outcome_of(f->kind) : DH_PLOT_NO_FAILURE;
        if (f->happened)
            snprintf(row->cap_text, sizeof row->cap_text, "%llu: fails at "
                     "%zu.%llu", (unsigned long long)row->cap, f->step,
                     (unsigned long long)f->iteration);
        else
            snprintf(row->cap_text, sizeof row->cap_text, "%llu: no failure",
                     (unsigned long long)row->cap);
    }
    fullest_heap(r, row);
    row->dynamic = r->config.profile->view_mode == DH_VIEW_DYNAMIC;
    row->view_used_kb = r->view_peak_bytes / DH_KB;
    row->view_size_kb = r->config.view_size / DH_KB;
    row->fallback = r->failures[DH_EV_FALLBACK] != 0;
    dh_plot_view_text(row);
}

dh_status dh_plot_compare(const dh_compare *c, const char *name,
                          dh_plot_input *out)
{
    out->data = out->params = NULL;
    if (c->n == 0)
        return DH_EINTERNAL;
    dh_plot_compare_row *rows = calloc(c->n, sizeof *rows);
    if (rows == NULL)
        return DH_ENOMEM;
    for (size_t i = 0; i < c->n; i++)
        dh_plot_compare_row_of(c->results[i], &rows[i]);
    const dh_result *r0 = c->results[0];
    const dh_scenario *sc = r0->scenario;
    size_t gs = r0->grow_step ? r0->grow_step : grown_step(sc);
    const char *base = strrchr(name, '/');
    char config[800], cap_title[600], heap_title[800];
    snprintf(config, sizeof config, "from %s: the same steps and registry "
             "on %zu profiles (dheapsim compare)", base ? base + 1 : name,
             c->n);
    const dh_step *st = gs ? &sc->steps[gs - 1] : NULL;
    if (st != NULL)
        snprintf(cap_title, sizeof cap_title, "repeats of '%s' that "
                 "succeeded",
                 st->label != NULL ? st->label : dh_step_display_name(st));
    else
        snprintf(cap_title, sizeof cap_title, "how far it got: operations "
                 "before the first failure");
    /* The fullest heap's name in the panel title when every row has the
     * same one. */
    bool same = rows[0].heap_name[0] != '\0';
    for (size_t i = 1; same && i < c->n; i++)
        same = strcmp(rows[i].heap_name, rows[0].heap_name) == 0;
    if (same)
        snprintf(heap_title, sizeof heap_title, "fullest heap: %s",
                 rows[0].heap_name);
    else
        snprintf(heap_title, sizeof heap_title, "fullest desktop heap");
    dh_plot_compare_titles t = {
        .title = "What differs between Windows versions for this workload",
        .workload = sc != NULL && sc->name != NULL ? sc->name : "(no name)",
        .config = config,
        .cap_title = cap_title,
        .cap_xlabel = st != NULL ? "repeats before the first failure"
                                 : "operations (each repeat counts one)",
        .heap_title = heap_title,
    };
    dh_status s = dh_plot_compare_write(rows, c->n, &t, out);
    free(rows);
    return s;
}

/* ------------------------------------------------------------------ sweep */

static bool same_key(const dh_plot_sweep_point *a,
                     const dh_plot_sweep_point *b)
{
    return strcmp(a->os, b->os) == 0 && a->view_mb == b->view_mb;
}

typedef struct {
    const char *os;
    uint64_t view_mb, kb;
    size_t i, occ, first; /* point, its key and 3rd value's occurrence,
                             the first point of its series */
} sweep_ref;

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

/* By key, then 3rd value, then order: the occurrences of one point. */
static int by_point(const void *pa, const void *pb)
{
    const sweep_ref *a = pa, *b = pb;
    int c = strcmp(a->os, b->os);
    if (c == 0)
        c = cmp_u64(a->view_mb, b->view_mb);
    if (c == 0)
        c = cmp_u64(a->kb, b->kb);
    return c != 0 ? c : cmp_u64(a->i, b->i);
}

/* By key, then occurrence, then order: the series. */
static int by_series(const void *pa, const void *pb)
{
    const sweep_ref *a = pa, *b = pb;
    int c = strcmp(a->os, b->os);
    if (c == 0)
        c = cmp_u64(a->view_mb, b->view_mb);
    if (c == 0)
        c = cmp_u64(a->occ, b->occ);
    return c != 0 ? c : cmp_u64(a->i, b->i);
}

static int by_first(const void *pa, const void *pb)
{
    const sweep_ref *a = pa, *b = pb;
    int c = cmp_u64(a->first, b->first);
    return c != 0 ? c : cmp_u64(a->i, b->i);
}

size_t dh_plot_sweep_series(const dh_plot_sweep_point *p, size_t n,
                            size_t *of)
{
    sweep_ref *r = malloc((n ? n : 1) * sizeof *r);
    if (r == NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        r[i] = (sweep_ref){p[i].os, p[i].view_mb, p[i].kb, i, 0, 0};
    /* The k-th time a key meets a 3rd value, the point is in the key's
     * k-th series (a key swept twice draws two lines). */
    qsort(r, n, sizeof *r, by_point);
    for (size_t i = 1; i < n; i++)
        if (strcmp(r[i].os, r[i - 1].os) == 0 &&
            r[i].view_mb == r[i - 1].view_mb && r[i].kb == r[i - 1].kb)
            r[i].occ = r[i - 1].occ + 1;
    qsort(r, n, sizeof *r, by_series);
    for (size_t i = 0; i < n; i++)
        r[i].first = i > 0 && strcmp(r[i].os, r[i - 1].os) == 0 &&
                             r[i].view_mb == r[i - 1].view_mb &&
                             r[i].occ == r[i - 1].occ
                         ? r[i - 1].first
                         : r[i].i;
    /* Series numbered in the order their first points come. */
    qsort(r, n, sizeof *r, by_first);
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || r[i].first != r[i - 1].first)
            ns++;
        if (of != NULL)
            of[r[i].i] = ns - 1;
    }
    free(r);
    return ns;
}

static void view_words(char *buf, size_t len, uint64_t mb)
{
    if (mb == 0)
        snprintf(buf, len, "view space dynamic, no cap");
    else
        snprintf(buf, len, "view space %llu MB", (unsigned long long)mb);
}

typedef struct {
    size_t series;
    uint64_t kb;
    size_t i;
} series_point;

static int by_series_kb(const void *pa, const void *pb)
{
    const series_point *a = pa, *b = pb;
    int c = cmp_u64(a->series, b->series);
    if (c == 0)
        c = cmp_u64(a->kb, b->kb);
    return c != 0 ? c : cmp_u64(a->i, b->i);
}

dh_status dh_plot_sweep_write(const dh_plot_sweep_point *p, size_t n,
                              const char *name, const char *label,
                              dh_plot_input *out)
{
    out->data = out->params = NULL;
    if (n == 0)
        return DH_EINTERNAL;
    size_t *of = malloc(n * sizeof *of), *first = malloc(n * sizeof *first);
    series_point *sp = malloc(n * sizeof *sp);
    const char **os = malloc(n * sizeof *os), **ids = NULL;
    size_t ns = of != NULL ? dh_plot_sweep_series(p, n, of) : 0, nos = 0;
    if (first == NULL || sp == NULL || os == NULL || ns == 0) {
        free(of);
        free(first);
        free(sp);
        free(os);
        return DH_ENOMEM;
    }
    for (size_t i = n; i-- > 0;)
        first[of[i]] = i;
    for (size_t i = 0; i < n; i++) {
        sp[i] = (series_point){of[i], p[i].kb, i};
        os[i] = p[i].os;
    }
    qsort(sp, n, sizeof *sp, by_series_kb); /* each series by 3rd value */
    dh_buf d, b;
    dh_buf_init(&d);
    dh_buf_init(&b);
    dh_buf_puts(&d, "# dheapsim plot data (sweep): one block per series, "
                    "by 3rd value\n# noninteractive_kb count\n");
    if (os_list(os, n, &ids, &nos) != DH_OK)
        b.oom = true;
    else
        dh_plot_table_params(&b, "sweep", name, ids, nos, (int)n);
    free(ids);
    dh_buf_printf(&b, "nseries = %zu\narray series[%zu] = [", ns, ns);
    for (size_t s = 0, k = 0; s < ns; s++) {
        const dh_plot_sweep_point *f = &p[first[s]];
        char view[64], t[400];
        view_words(view, sizeof view, f->view_mb);
        snprintf(t, sizeof t, "%s, %s", f->os, view);
        size_t same = 0; /* an earlier series with this key: number it */
        for (size_t e = 0; e < s; e++)
            same += same_key(&p[first[e]], f);
        if (same > 0) {
            size_t l = strlen(t);
            snprintf(t + l, sizeof t - l, " (%zu)", same + 1);
        }
        dh_buf_puts(&b, s ? ", " : "");
        dh_gp_string(&b, t);
        dh_buf_printf(&d, "# series %zu: %s\n", s + 1, t);
        for (; k < n && sp[k].series == s; k++)
            dh_buf_printf(&d, "%llu %llu\n", (unsigned long long)sp[k].kb,
                          (unsigned long long)p[sp[k].i].count);
        dh_buf_puts(&d, "\n\n");
    }
    dh_buf_puts(&b, "]\n");
    char yl[400];
    if (label != NULL)
        snprintf(yl, sizeof yl, "repeats of '%s' that succeeded before "
                 "the first failure", label);
    else
        snprintf(yl, sizeof yl, "repeats that succeeded before the first "
                 "failure");
    dh_gp_assign(&b, "sweep_ylabel", yl);
    free(of);
    free(first);
    free(sp);
    free(os);
    return finish(&d, &b, out);
}

dh_status dh_plot_sweep_marks_of(const dh_plot_sweep_point *p, size_t n,
                                 uint64_t today_kb, uint64_t want,
                                 dh_plot_input *in)
{
    size_t *of = malloc((n ? n : 1) * sizeof *of);
    if (of == NULL || (n > 0 && dh_plot_sweep_series(p, n, of) == 0)) {
        free(of);
        return DH_ENOMEM;
    }
    uint64_t rec = 0;
    for (size_t i = 0; i < n && want > 0; i++)
        if (of[i] == 0 && p[i].count >= want && (rec == 0 || p[i].kb < rec))
            rec = p[i].kb;
    free(of);
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_puts(&b, in->params != NULL ? in->params : "");
    dh_buf_printf(&b, "today_kb = %llu\nwant = %llu\nrec_kb = %llu\n",
                  (unsigned long long)today_kb, (unsigned long long)want,
                  (unsigned long long)rec);
    free(in->params);
    in->params = NULL;
    return dh_buf_take(&b, &in->params);
}

dh_status dh_plot_sweep(const dh_sweep *s, const char *name,
                        uint64_t today_kb, uint64_t want, dh_plot_input *out)
{
    out->data = out->params = NULL;
    if (s->n == 0)
        return DH_EINTERNAL;
    dh_plot_sweep_point *p = calloc(s->n, sizeof *p);
    if (p == NULL)
        return DH_ENOMEM;
    for (size_t i = 0; i < s->n; i++) {
        const dh_sweep_row *r = &s->rows[i];
        p[i] = (dh_plot_sweep_point){r->profile->id, r->view_mb,
                                     r->noninteractive_kb, r->cap.count};
    }
    dh_status st = dh_plot_sweep_write(p, s->n, name, s->label, out);
    if (st == DH_OK)
        st = dh_plot_sweep_marks_of(p, s->n, today_kb, want, out);
    free(p);
    return st;
}

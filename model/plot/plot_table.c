/*
 * plot_table.c — checks the CSV of `dheapsim compare --format csv` or
 * `dheapsim sweep --format csv` (documented leading columns, equal field
 * counts, numbers where the chart needs them) and turns its rows into the
 * input plots/compare.gp or plots/sweep.gp draw, the same as from memory
 * (plot_plan.c) where the CSV has the numbers.
 */
#include "plot_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const compare_cols[] = {
    "os", "interactive_kb", "noninteractive_kb", "winlogon_kb",
    "disconnect_kb", "view_size_kb", "view_used_kb", "fallback",
    "first_failure_step", "first_failure_kind", "min_headroom_kb", NULL};
/* 1 = a number (or empty) is required */
static const int compare_num[] = {0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
static const char *const sweep_cols[] = {
    "os", "shared_section", "noninteractive_kb", "interactive_kb",
    "session_view_mb", "count", "stopped_by", NULL};
static const int sweep_num[] = {0, 0, 1, 1, 1, 1, 0};

#define MAX_FIELDS 64
#define MAX_FIELD 256

typedef struct {
    char f[MAX_FIELDS][MAX_FIELD];
    int n;
} fields;

/* Split one CSV line (RFC 4180 quotes, no line breaks inside fields).
 * Returns an error text or NULL. */
static const char *split(const char *p, const char *end, fields *out)
{
    out->n = 0;
    for (;;) {
        if (out->n == MAX_FIELDS)
            return "more than 64 fields";
        char *d = out->f[out->n];
        size_t len = 0;
        bool quoted = p < end && *p == '"';
        if (quoted)
            p++;
        while (p < end) {
            if (quoted && *p == '"') {
                if (p + 1 < end && p[1] == '"') {
                    p++;
                } else {
                    quoted = false;
                    p++;
                    continue;
                }
            } else if (!quoted && *p == ',') {
                break;
            } else if (!quoted && *p == '"') {
                return "a quote inside an unquoted field";
            }
            if (len + 1 >= MAX_FIELD)
                return "a field longer than 255 characters";
            d[len++] = *p++;
        }
        if (quoted)
            return "a quoted field is not closed on its line";
        d[len] = '\0';
        out->n++;
        if (p >= end)
            return NULL;
        p++; /* the comma */
    }
}

static bool is_number(const char *s)
{
    if (*s == '-')
        s++;
    bool digit = false, dot = false;
    for (; *s != '\0'; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (*s == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digit;
}

typedef struct {
    char (*os)[MAX_FIELD];
    size_t n, cap;
} os_list;

static dh_status add_os(os_list *l, const char *os)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->os[i], os) == 0)
            return DH_OK;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        void *p = realloc(l->os, nc * sizeof *l->os);
        if (p == NULL)
            return DH_ENOMEM;
        l->os = p;
        l->cap = nc;
    }
    snprintf(l->os[l->n++], MAX_FIELD, "%s", os);
    return DH_OK;
}

static dh_status bad(dh_error *err, const char *file, int line,
                     const char *what, const char *detail)
{
    dh_status st = dh_error_set(err, DH_EINPUT, "%s%s", what, detail);
    if (err != NULL) {
        snprintf(err->file, sizeof err->file, "%s", file);
        err->line = line;
    }
    return st;
}

static dh_status check_header(const fields *h, const char *const *cols,
                              const char *file, dh_error *err)
{
    char what[400];
    for (int i = 0; cols[i] != NULL; i++)
        if (i >= h->n || strcmp(h->f[i], cols[i]) != 0) {
            snprintf(what, sizeof what, "CSV header column %d is '%s', "
                     "expected '%s' (leading columns: ", i + 1,
                     i < h->n ? h->f[i] : "", cols[i]);
            size_t len = strlen(what);
            for (int j = 0; cols[j] != NULL && len + 40 < sizeof what; j++)
                len += (size_t)snprintf(what + len, sizeof what - len, "%s%s",
                                        j ? "," : "", cols[j]);
            return bad(err, file, 1, what, ")");
        }
    return DH_OK;
}

static dh_status check_rows(const char *csv, size_t len, const char *file,
                            const char *const *cols, const int *num,
                            fields *h, fields *row, os_list *oses,
                            int *rows, dh_error *err)
{
    const char *p = csv, *end = csv + len;
    int line = 0;
    *rows = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl != NULL ? nl : end;
        const char *ce = le > p && le[-1] == '\r' ? le - 1 : le;
        line++;
        fields *f = line == 1 ? h : row;
        const char *why = split(p, ce, f);
        p = nl != NULL ? nl + 1 : end;
        if (why != NULL)
            return bad(err, file, line, "CSV: ", why);
        if (line == 1) {
            dh_status st = check_header(h, cols, file, err);
            if (st != DH_OK)
                return st;
            continue;
        }
        if (f->n == 1 && f->f[0][0] == '\0' && p >= end)
            break; /* the final line break */
        char what[600];
        if (f->n != h->n) {
            snprintf(what, sizeof what, "CSV row has %d fields, the header "
                     "%d", f->n, h->n);
            return bad(err, file, line, what, "");
        }
        for (int i = 0; cols[i] != NULL; i++)
            if (num[i] && f->f[i][0] != '\0' && !is_number(f->f[i])) {
                snprintf(what, sizeof what, "CSV column %s: '%s' is not a "
                         "number", cols[i], f->f[i]);
                return bad(err, file, line, what, "");
            }
        if (f->f[0][0] == '\0')
            return bad(err, file, line, "CSV column os is empty", "");
        if (add_os(oses, f->f[0]) != DH_OK)
            return DH_ENOMEM;
        (*rows)++;
    }
    if (line == 0)
        return bad(err, file, 1, "CSV is empty: no header line", "");
    if (*rows == 0)
        return bad(err, file, line, "CSV has a header but no rows", "");
    return DH_OK;
}

void dh_plot_table_params(dh_buf *b, const char *kind, const char *file,
                          const char *const *oses, size_t nos, int rows)
{
    dh_buf_printf(b, "# dheapsim plot parameters (%s); generated\n", kind);
    dh_gp_assign(b, "plot_title", "Successful repeats before the first "
                 "failure, by SharedSection");
    const char *base = strrchr(file, '/');
    char sub[600];
    snprintf(sub, sizeof sub, "from %s (%d rows)", base ? base + 1 : file,
             rows);
    dh_gp_assign(b, "plot_scenario", sub);
    dh_gp_assign(b, "plot_config", "one line per OS profile and session "
                 "view space, as simulated by dheapsim sweep");
    dh_buf_printf(b, "title_lines = 3\nnrows = %d\nnos = %zu\n"
                  "array oses[%zu] = [", rows, nos, nos);
    for (size_t i = 0; i < nos; i++) {
        dh_buf_puts(b, i ? ", " : "");
        dh_gp_string(b, oses[i]);
    }
    dh_buf_puts(b, "]\n");
}

/* Each data line of a checked CSV split, in order: fn(ctx, header, row). */
typedef dh_status (*row_fn)(void *ctx, const fields *h, const fields *row);

static dh_status each_row(const char *csv, size_t len, fields *h, fields *row,
                          row_fn fn, void *ctx)
{
    const char *p = csv, *end = csv + len;
    for (int line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl != NULL ? nl : end;
        const char *ce = le > p && le[-1] == '\r' ? le - 1 : le;
        fields *f = line == 1 ? h : row;
        bool ok = split(p, ce, f) == NULL;
        p = nl != NULL ? nl + 1 : end;
        if (!ok || line == 1 || (f->n == 1 && f->f[0][0] == '\0'))
            continue;
        dh_status st = fn(ctx, h, f);
        if (st != DH_OK)
            return st;
    }
    return DH_OK;
}

/* Column name's field in row, "" when the CSV has no such column. */
static const char *col(const fields *h, const fields *row, const char *name)
{
    for (int i = 0; i < h->n && i < row->n; i++)
        if (strcmp(h->f[i], name) == 0)
            return row->f[i];
    return "";
}

static uint64_t num(const char *s)
{
    return strtoull(s, NULL, 10);
}

typedef struct {
    dh_plot_compare_row *rows;
    char (*os)[MAX_FIELD];
    size_t n;
} compare_rows;

/* A compare CSV row: view space and the first failure; the CSV has no
 * count of the grown step and no peak Used Rate (no bars for those). */
static dh_status compare_row(void *ctx, const fields *h, const fields *f)
{
    compare_rows *c = ctx;
    dh_plot_compare_row *r = &c->rows[c->n];
    memset(r, 0, sizeof *r);
    snprintf(c->os[c->n], MAX_FIELD, "%s", f->f[0]);
    r->os = c->os[c->n++];
    const char *step = col(h, f, "first_failure_step");
    const char *kind = col(h, f, "first_failure_kind");
    bool failed = step[0] != '\0' && strcmp(step, "0") != 0;
    r->outcome = !failed                          ? DH_PLOT_NO_FAILURE
                 : strcmp(kind, "desktop_heap") == 0 ? DH_PLOT_HEAP
                 : strcmp(kind, "view_space") == 0   ? DH_PLOT_VIEW
                                                     : DH_PLOT_OTHER;
    static const char *const words[DH_PLOT_OUTCOMES] = {
        [DH_PLOT_NO_FAILURE] = "?", [DH_PLOT_HEAP] = "desktop heap",
        [DH_PLOT_VIEW] = "view space", [DH_PLOT_OTHER] = "other"};
    if (failed)
        snprintf(r->cap_text, sizeof r->cap_text, "fails at %.20s: %s", step,
                 words[r->outcome]);
    else
        snprintf(r->cap_text, sizeof r->cap_text, "no failure");
    const char *head = col(h, f, "min_headroom_kb");
    snprintf(r->heap_text, sizeof r->heap_text, "%s%.40s%s",
             head[0] != '\0' ? "" : "-", head,
             head[0] != '\0' ? " KB left" : "");
    r->view_used_kb = num(col(h, f, "view_used_kb"));
    r->view_size_kb = num(col(h, f, "view_size_kb"));
    r->dynamic = r->view_size_kb == 0;
    const char *fb = col(h, f, "fallback");
    r->fallback = strcmp(fb, "1") == 0 || strcmp(fb, "true") == 0 ||
                  strcmp(fb, "yes") == 0;
    dh_plot_view_text(r);
    return DH_OK;
}

typedef struct {
    dh_plot_sweep_point *p;
    char (*os)[MAX_FIELD];
    size_t n;
} sweep_points;

static dh_status sweep_point(void *ctx, const fields *h, const fields *f)
{
    sweep_points *s = ctx;
    snprintf(s->os[s->n], MAX_FIELD, "%s", f->f[0]);
    s->p[s->n] = (dh_plot_sweep_point){
        s->os[s->n], num(col(h, f, "session_view_mb")),
        num(col(h, f, "noninteractive_kb")), num(col(h, f, "count"))};
    s->n++;
    return DH_OK;
}

/* The points of a sweep CSV (not checked: marks read what they can). */
static dh_status read_points(const char *csv, size_t len, sweep_points *s,
                             fields *h, fields *row)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += csv[i] == '\n';
    s->n = 0;
    s->p = calloc(lines, sizeof *s->p);
    s->os = calloc(lines, sizeof *s->os);
    if (s->p == NULL || s->os == NULL)
        return DH_ENOMEM;
    return each_row(csv, len, h, row, sweep_point, s);
}

dh_status dh_plot_table(const char *csv, size_t len, const char *file,
                        const char *kind, dh_plot_input *out, dh_error *err)
{
    out->data = out->params = NULL;
    bool compare = strcmp(kind, "compare") == 0;
    if (!compare && strcmp(kind, "sweep") != 0)
        return dh_error_set(err, DH_EINPUT, "plot kind '%s' reads no CSV",
                            kind);
    fields *h = malloc(sizeof *h), *row = malloc(sizeof *row);
    os_list oses = {NULL, 0, 0};
    int rows = 0;
    dh_status st = h && row ? DH_OK : DH_ENOMEM;
    if (st == DH_OK)
        st = check_rows(csv, len, file, compare ? compare_cols : sweep_cols,
                        compare ? compare_num : sweep_num, h, row, &oses,
                        &rows, err);
    const char *base = strrchr(file, '/');
    base = base != NULL ? base + 1 : file;
    if (st == DH_OK && compare) {
        compare_rows c = {calloc((size_t)rows, sizeof *c.rows),
                          calloc((size_t)rows, sizeof *c.os), 0};
        st = c.rows && c.os ? each_row(csv, len, h, row, compare_row, &c)
                            : DH_ENOMEM;
        char config[600];
        snprintf(config, sizeof config, "from %s (%d rows): the CSV of "
                 "dheapsim compare has no counts or peaks; plot SCENARIO "
                 "--kind compare draws them", base, rows);
        dh_plot_compare_titles t = {
            .title = "What differs between Windows versions for this "
                     "workload",
            .workload = "(a compare CSV: the workload is not named)",
            .config = config,
            .cap_title = "first failure (step.iteration)",
            .cap_xlabel = "(no count in the CSV)",
            .heap_title = "least headroom at the end",
        };
        if (st == DH_OK)
            st = dh_plot_compare_write(c.rows, c.n, &t, out);
        free(c.rows);
        free(c.os);
    } else if (st == DH_OK) {
        sweep_points s = {NULL, NULL, 0};
        st = read_points(csv, len, &s, h, row);
        if (st == DH_OK)
            st = dh_plot_sweep_write(s.p, s.n, file, NULL, out);
        free(s.p);
        free(s.os);
    }
    free(h);
    free(row);
    free(oses.os);
    if (st == DH_ENOMEM)
        dh_error_set(err, st, "out of memory");
    return st;
}

/* Marks on a sweep chart from its CSV (dh_plot_sweep_marks_of). */
dh_status dh_plot_sweep_marks(const char *csv, size_t len, uint64_t today_kb,
                              uint64_t want, dh_plot_input *in)
{
    fields *h = malloc(sizeof *h), *row = malloc(sizeof *row);
    sweep_points s = {NULL, NULL, 0};
    dh_status st = h && row ? read_points(csv, len, &s, h, row) : DH_ENOMEM;
    if (st == DH_OK)
        st = dh_plot_sweep_marks_of(s.p, s.n, today_kb, want, in);
    free(s.p);
    free(s.os);
    free(h);
    free(row);
    return st;
}

/*
 * plot_table.c — checks the CSV of `dheapsim compare --format csv` or
 * `dheapsim sweep --format csv` before plots/compare.gp or plots/sweep.gp
 * read it (documented leading columns, equal field counts, numbers where
 * the chart needs them) and gives those scripts the OS list and titles.
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
    dh_gp_assign(b, "plot_title", strcmp(kind, "compare") == 0
                 ? "Heap sizes and session view space by Windows version"
                 : "Successful repeats before the first failure, by "
                   "SharedSection");
    const char *base = strrchr(file, '/');
    char sub[600];
    snprintf(sub, sizeof sub, "from %s (%d rows)", base ? base + 1 : file,
             rows);
    dh_gp_assign(b, "plot_scenario", sub);
    dh_gp_assign(b, "plot_config", strcmp(kind, "compare") == 0
                 ? "one row per OS profile, as simulated by dheapsim compare"
                 : "one point per SharedSection value, as simulated by "
                   "dheapsim sweep");
    dh_buf_printf(b, "nrows = %d\nnos = %zu\narray oses[%zu] = [", rows,
                  nos, nos);
    for (size_t i = 0; i < nos; i++) {
        dh_buf_puts(b, i ? ", " : "");
        dh_gp_string(b, oses[i]);
    }
    dh_buf_puts(b, "]\n");
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
    if (st == DH_OK) {
        dh_buf b;
        dh_buf_init(&b);
        const char **ids = calloc(oses.n ? oses.n : 1, sizeof *ids);
        for (size_t i = 0; ids != NULL && i < oses.n; i++)
            ids[i] = oses.os[i];
        if (ids == NULL)
            b.oom = true;
        else
            dh_plot_table_params(&b, kind, file, ids, oses.n, rows);
        free(ids);
        st = dh_buf_take(&b, &out->params);
    }
    free(h);
    free(row);
    free(oses.os);
    if (st == DH_ENOMEM)
        dh_error_set(err, st, "out of memory");
    return st;
}

/* Marks on a sweep chart: today's 3rd value, and the smallest swept 3rd
 * value of the first OS whose count reaches `want` (0: no such mark). */
dh_status dh_plot_sweep_marks(const char *csv, size_t len, uint64_t today_kb,
                              uint64_t want, dh_plot_input *in)
{
    fields *f = malloc(sizeof *f);
    if (f == NULL)
        return DH_ENOMEM;
    int kb_col = -1, count_col = -1, line = 0;
    char first_os[MAX_FIELD] = "";
    uint64_t rec = 0;
    for (const char *p = csv, *end = csv + len; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl != NULL ? nl : end;
        bool ok = split(p, le > p && le[-1] == '\r' ? le - 1 : le, f) == NULL;
        p = nl != NULL ? nl + 1 : end;
        for (int i = 0; ok && line == 0 && i < f->n; i++) {
            if (strcmp(f->f[i], "noninteractive_kb") == 0)
                kb_col = i;
            if (strcmp(f->f[i], "count") == 0)
                count_col = i;
        }
        if (!ok || line == 0 || kb_col < 0 || count_col < 0 ||
            f->n <= kb_col || f->n <= count_col)
            continue;
        if (first_os[0] == '\0')
            snprintf(first_os, sizeof first_os, "%s", f->f[0]);
        uint64_t kb = strtoull(f->f[kb_col], NULL, 10);
        uint64_t count = strtoull(f->f[count_col], NULL, 10);
        if (strcmp(f->f[0], first_os) == 0 && want > 0 && count >= want &&
            (rec == 0 || kb < rec))
            rec = kb;
    }
    free(f);
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

/*
 * report_csv.c — the CSV trace: one row per desktop after every step, for
 * plotting heap use over time; or (`--csv-rows changed`) the compact trace
 * of plot: rows only for desktops that changed since the point before.
 * Fields from users (labels, names) are quoted the RFC 4180 way when they
 * hold a comma, a quote or a line break.
 */
#include "report_private.h"

#include <string.h>

static bool needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

/* Append s with each double quote doubled. */
static void escaped(dh_buf *b, const char *s)
{
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        dh_buf_add(b, s, (size_t)(q - s));
        dh_buf_puts(b, "\"\"");
    }
    dh_buf_puts(b, s);
}

static void field(dh_buf *b, const char *s)
{
    bool quote = needs_quotes(s);
    if (quote)
        dh_buf_puts(b, "\"");
    escaped(b, s);
    if (quote)
        dh_buf_puts(b, "\"");
}

/* "WinSta\Desktop" as one field, quoted when either part needs it. */
static void desktop_field(dh_buf *b, const dh_trace_row *t)
{
    bool quote = needs_quotes(t->winsta) || needs_quotes(t->desktop);
    if (quote)
        dh_buf_puts(b, "\"");
    escaped(b, t->winsta);
    dh_buf_puts(b, "\\");
    escaped(b, t->desktop);
    if (quote)
        dh_buf_puts(b, "\"");
}

/* The nine columns every CSV row starts with (no line end). */
static void columns(dh_buf *b, const dh_trace_row *t)
{
    char pct[DH_TENTHS_LEN];
    dh_buf_printf(b, "%zu,", t->step);
    field(b, t->label != NULL ? t->label : "");
    dh_buf_printf(b, ",%u,", (unsigned)t->session);
    desktop_field(b, t);
    dh_buf_printf(b, ",%llu,%llu,%s,%llu,%llu",
                  (unsigned long long)(t->heap_bytes / DH_KB),
                  (unsigned long long)t->used_bytes,
                  dh_tenths_text(pct, dh_used_tenths(t->used_bytes,
                                                     t->heap_bytes)),
                  (unsigned long long)t->committed_bytes,
                  (unsigned long long)t->largest_free_bytes);
}

#define CSV_COLUMNS "step,label,session,desktop,heap_kb,used_bytes," \
                    "used_pct,committed_bytes,largest_free_bytes"

dh_status dh_report_csv(const dh_result *r, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_puts(&b, CSV_COLUMNS "\n");
    for (size_t i = 0; i < r->ntrace; i++) {
        columns(&b, &r->trace[i]);
        dh_buf_puts(&b, "\n");
    }
    return dh_buf_take(&b, out);
}

/* The compact trace (a trace_iterations run): the nine columns, then the
 * iteration of the step, the iterations applied so far (all steps), the
 * desktop's index in the run (its rows share it) and 1 on the row that
 * says it closed (its last values). Step 0, iteration 0, is the machine
 * before step 1. */
dh_status dh_report_csv_changes(const dh_result *r, char **out)
{
    if (!r->trace_compact)
        return DH_EINTERNAL;
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_puts(&b, CSV_COLUMNS ",iteration,applied,desktop_index,closed\n");
    for (size_t i = 0; i < r->ntrace; i++) {
        const dh_trace_row *t = &r->trace[i];
        columns(&b, t);
        dh_buf_printf(&b, ",%llu,%llu,%zu,%d\n",
                      (unsigned long long)(t->step == 0 ? 0 : t->iteration),
                      (unsigned long long)t->applied, t->desk,
                      t->closed ? 1 : 0);
    }
    return dh_buf_take(&b, out);
}

void dh_csv_field(dh_buf *b, const char *s)
{
    field(b, s);
}

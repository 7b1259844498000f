/*
 * report_html.c — `dheapsim report`: one self-contained HTML page for a
 * change request: configuration, the charts (SVG text gnuplot drew, given
 * by the caller, inlined), dheapmon-style tables with each heap's rule and
 * source, events, the plain-words explanation (report_explain.c) and the
 * assumptions in force. No scripts, no external files.
 */
#include "report_private.h"

#include <stdlib.h>
#include <string.h>

static void esc(dh_buf *b, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        switch (*s) {
        case '&': dh_buf_puts(b, "&amp;"); break;
        case '<': dh_buf_puts(b, "&lt;"); break;
        case '>': dh_buf_puts(b, "&gt;"); break;
        case '"': dh_buf_puts(b, "&quot;"); break;
        default: dh_buf_add(b, s, 1);
        }
    }
}

static unsigned long long kb(uint64_t bytes)
{
    return (unsigned long long)(bytes / DH_KB);
}

static const char style[] =
    "body{font-family:sans-serif;margin:2em auto;max-width:1000px;"
    "color:#222;line-height:1.4}h1{font-size:1.5em}h2{margin-top:2em;"
    "border-bottom:1px solid #ccc}table{border-collapse:collapse;"
    "margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;"
    "text-align:left;vertical-align:top}td.n{text-align:right}"
    "pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:.85em}"
    "figure{margin:1em 0}figure svg{width:100%;height:auto}"
    "figcaption{font-weight:bold}.fail{color:#a00000;font-weight:bold}"
    ".small{font-size:.85em;color:#555}";

static void head(dh_buf *b, const dh_result *r)
{
    const dh_scenario *sc = r->scenario;
    const char *name = sc != NULL && sc->name ? sc->name : "(no name)";
    dh_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                   "<meta charset=\"utf-8\">\n<title>dheapsim report: ");
    esc(b, name);
    dh_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n"
                  "<main id=\"dheapsim-report\">\n<h1>Desktop heap and "
                  "session view space: ", style);
    esc(b, name);
    dh_buf_puts(b, "</h1>\n");
    if (sc != NULL && sc->source != NULL) {
        dh_buf_puts(b, "<p class=\"small\">Workload source: ");
        esc(b, sc->source);
        dh_buf_puts(b, "</p>\n");
    }
}

static void summary(dh_buf *b, const dh_result *r)
{
    const dh_config *c = &r->config;
    const dh_failure *f = &r->first_failure;
    dh_buf_puts(b, "<h2>Summary</h2>\n<table id=\"dheapsim-config\">\n");
    dh_buf_puts(b, "<tr><th>Windows</th><td>");
    esc(b, c->profile->id);
    dh_buf_puts(b, " - ");
    esc(b, c->profile->name);
    dh_buf_puts(b, "</td></tr>\n<tr><th>SharedSection</th><td>");
    esc(b, c->shared_section_text);
    dh_buf_printf(b, " (shared %llu KB, interactive %llu KB, "
                  "non-interactive %llu KB)</td></tr>\n",
                  (unsigned long long)c->ss.shared_kb,
                  (unsigned long long)c->ss.interactive_kb,
                  (unsigned long long)c->ss.noninteractive_kb);
    dh_buf_puts(b, "<tr><th>Session view space</th><td>");
    if (c->view_size == 0)
        dh_buf_puts(b, "dynamic, no cap");
    else
        dh_buf_printf(b, "%llu MB", (unsigned long long)(c->view_size /
                                                          DH_MB));
    dh_buf_puts(b, " (");
    esc(b, c->view_rule);
    dh_buf_printf(b, ")</td></tr>\n<tr><th>/3GB</th><td>%s</td></tr>\n",
                  c->registry.boot_3gb ? "on" : "off");
    dh_buf_puts(b, "<tr><th>First failure</th><td>");
    if (!f->happened) {
        dh_buf_puts(b, "none");
    } else {
        dh_buf_printf(b, "<span class=\"fail\">step %zu.%llu: ", f->step,
                      (unsigned long long)f->iteration);
        esc(b, f->kind);
        dh_buf_printf(b, " in session %u ", (unsigned)f->session);
        if (f->winsta != NULL) {
            esc(b, f->winsta);
            dh_buf_puts(b, "\\");
            esc(b, f->desktop);
        }
        dh_buf_puts(b, "</span> - ");
        esc(b, f->symptom);
    }
    dh_buf_puts(b, "</td></tr>\n</table>\n");
}

static void charts(dh_buf *b, const dh_html_chart *ch, size_t n)
{
    dh_buf_printf(b, "<h2>Charts</h2>\n<div id=\"dheapsim-charts\" "
                  "data-charts=\"%zu\">\n", n);
    for (size_t i = 0; i < n; i++) {
        dh_buf_puts(b, "<figure class=\"chart\">\n<figcaption>");
        esc(b, ch[i].caption);
        dh_buf_puts(b, "</figcaption>\n");
        const char *svg = ch[i].svg != NULL ? strstr(ch[i].svg, "<svg")
                                            : NULL;
        if (svg != NULL)
            dh_buf_puts(b, svg);
        else
            dh_buf_puts(b, "<p>(no chart)</p>");
        dh_buf_puts(b, "\n</figure>\n");
    }
    dh_buf_puts(b, "</div>\n");
}

static void tables(dh_buf *b, const dh_snapshot *s)
{
    char pct[DH_TENTHS_LEN];
    dh_buf_puts(b, "<h2>Desktop heaps at the end of the run</h2>\n");
    for (size_t i = 0; i < s->nsessions; i++) {
        const dh_session_rec *se = &s->sessions[i];
        dh_buf_printf(b, "<h3>Session %u: Total Desktop %llu KB - %zu "
                      "desktops; view space %llu KB used", (unsigned)se->id,
                      kb(se->total_desktop_bytes), se->ndesktops,
                      kb(se->view_used));
        if (se->view_size != 0)
            dh_buf_printf(b, " of %llu KB", kb(se->view_size));
        dh_buf_printf(b, "%s</h3>\n<table class=\"dheapmon\">\n<tr><th>"
                      "WinStation\\Desktop</th><th>Heap Size (KB)</th><th>"
                      "Used Rate (%%)</th><th>View (KB)</th><th>Rule</th>"
                      "<th>Source</th></tr>\n",
                      se->fallback ? " - heaps fell back (rule 3)" : "");
        for (size_t j = 0; j < se->ndesktops; j++) {
            const dh_desktop_rec *d = &se->desktops[j];
            dh_buf_puts(b, "<tr><td>");
            esc(b, d->winsta);
            dh_buf_puts(b, "\\");
            esc(b, d->desktop);
            dh_buf_printf(b, "</td><td class=\"n\">%llu</td><td class=\"n\">"
                          "%s</td><td class=\"n\">%llu</td><td>",
                          kb(d->heap_bytes),
                          dh_tenths_text(pct, dh_used_tenths(d->used_bytes,
                                                             d->heap_bytes)),
                          kb(d->view_bytes));
            esc(b, dh_heap_rule_name(d->rule));
            dh_buf_puts(b, "</td><td>");
            esc(b, dh_heap_rule_source(d->rule));
            dh_buf_puts(b, "</td></tr>\n");
        }
        dh_buf_puts(b, "</table>\n");
    }
}

static void events(dh_buf *b, const dh_result *r)
{
    dh_buf_printf(b, "<h2>Events (%zu recorded)</h2>\n", r->nevents);
    if (r->nevents == 0) {
        dh_buf_puts(b, "<p>none</p>\n");
        return;
    }
    dh_buf_puts(b, "<table id=\"dheapsim-events\">\n<tr><th>Step</th><th>"
                   "Session</th><th>Desktop</th><th>Event</th><th>What"
                   "</th></tr>\n");
    size_t n = r->nevents < 200 ? r->nevents : 200;
    for (size_t i = 0; i < n; i++) {
        const dh_event *e = &r->events[i];
        dh_buf_printf(b, "<tr><td>%zu.%llu</td><td>%u</td><td>", e->step,
                      (unsigned long long)e->iteration, (unsigned)e->session);
        if (e->winsta != NULL) {
            esc(b, e->winsta);
            dh_buf_puts(b, "\\");
            esc(b, e->desktop);
        }
        if (e->event_id != 0)
            dh_buf_printf(b, "</td><td>Event %d</td><td>", e->event_id);
        else
            dh_buf_printf(b, "</td><td>%s</td><td>",
                          dh_event_kind_name(e->kind));
        esc(b, e->text);
        dh_buf_puts(b, "</td></tr>\n");
    }
    dh_buf_puts(b, "</table>\n");
    if (n < r->nevents)
        dh_buf_printf(b, "<p>... and %zu more</p>\n", r->nevents - n);
}

static void assumptions(dh_buf *b, const dh_result *r)
{
    const dh_assumptions *a = &r->config.assume;
    dh_buf_puts(b, "<h2>Assumptions in force</h2>\n<table id=\"dheapsim-"
                   "assumptions\">\n<tr><th>Key</th><th>Value</th><th>Unit"
                   "</th><th>What it stands for</th></tr>\n");
    for (int i = 0; i < DH_A_COUNT; i++) {
        const dh_assumption_info *info = dh_assumption_info_at(i);
        dh_buf_puts(b, "<tr><td>");
        esc(b, info->key);
        dh_buf_printf(b, "</td><td class=\"n\">%llu%s</td><td>",
                      (unsigned long long)dh_assumption_value(a, i),
                      a->overridden & (1u << i) ? " (set by scenario)" : "");
        esc(b, info->unit);
        dh_buf_puts(b, "</td><td>");
        esc(b, info->why);
        dh_buf_puts(b, "</td></tr>\n");
    }
    dh_buf_puts(b, "</table>\n");
}

dh_status dh_report_html(const dh_result *r, const dh_html_chart *ch,
                         size_t ncharts, char **out)
{
    *out = NULL;
    char *explain = NULL;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_report_explain(r, 0, &explain, &err);
    if (st != DH_OK)
        return st;
    dh_buf b;
    dh_buf_init(&b);
    head(&b, r);
    summary(&b, r);
    charts(&b, ch, ncharts);
    tables(&b, &r->final);
    events(&b, r);
    dh_buf_puts(&b, "<h2>Explanation: tree, view-space budget, reservation,"
                    " first failure, sources</h2>\n<pre id=\"dheapsim-"
                    "explain\">");
    esc(&b, explain);
    dh_buf_puts(&b, "</pre>\n");
    assumptions(&b, r);
    dh_buf_printf(&b, "<p class=\"small\">Generated by dheapsim %s, a "
                  "deterministic model; every number comes from the rules "
                  "and assumptions above.</p>\n</main>\n</body>\n</html>\n",
                  DH_VERSION);
    free(explain);
    return dh_buf_take(&b, out);
}

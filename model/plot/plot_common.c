/*
 * plot_common.c — what the plot data writers share: gnuplot string
 * literals, the title lines every chart carries (scenario, OS, registry),
 * the x of a failure, a trace row's desktop by name, and freeing a plot
 * input.
 */
#include "plot_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dh_gp_string(dh_buf *b, const char *s)
{
    /* gnuplot reads '' as a quote inside a string, not right after the
     * opening one: a leading quote is a string of its own, joined. */
    for (; s != NULL && *s == '\''; s++)
        dh_buf_puts(b, "\"'\".");
    dh_buf_puts(b, "'");
    for (; s != NULL && *s != '\0'; s++) {
        if (*s == '\'')
            dh_buf_puts(b, "''");
        else if (*s == '\n' || *s == '\r' || *s == '\t')
            dh_buf_puts(b, " ");
        else
            dh_buf_add(b, s, 1);
    }
    dh_buf_puts(b, "'");
}

void dh_gp_assign(dh_buf *b, const char *name, const char *value)
{
    dh_buf_printf(b, "%s = ", name);
    dh_gp_string(b, value);
    dh_buf_puts(b, "\n");
}

size_t dh_gp_assign_wrapped(dh_buf *b, const char *name, const char *value,
                            size_t width)
{
    size_t lines = 0;
    dh_buf_printf(b, "%s = ", name);
    char line[1200];
    const char *p = value;
    bool first = true;
    while (*p != '\0') {
        size_t n = strlen(p);
        if (n > width) {
            n = width;
            while (n > 0 && p[n] != ' ')
                n--;
            if (n == 0)
                n = width;
        }
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        if (!first)
            dh_buf_puts(b, ".\"\\n\".");
        dh_gp_string(b, line);
        first = false;
        lines++;
        p += n;
        while (*p == ' ')
            p++;
    }
    if (first)
        dh_buf_puts(b, "''");
    dh_buf_puts(b, "\n");
    return lines ? lines : 1;
}

void dh_gp_titles(dh_buf *b, const dh_result *r, const char *what)
{
    const dh_config *c = &r->config;
    const dh_scenario *sc = r->scenario;
    char t[1200], view[64];
    dh_gp_assign(b, "plot_title", what);
    size_t lines = dh_gp_assign_wrapped(
        b, "plot_scenario",
        sc != NULL && sc->name != NULL ? sc->name : "(no name)", 100);
    if (c->view_size == 0)
        snprintf(view, sizeof view, "dynamic, no cap");
    else
        snprintf(view, sizeof view, "%llu MB%s",
                 (unsigned long long)(c->view_size / DH_MB),
                 c->profile->view_mode == DH_VIEW_DYNAMIC ? " cap" : "");
    snprintf(t, sizeof t, "%s, SharedSection %s, session view space %s%s",
             c->profile->id, c->shared_section_text, view,
             c->registry.boot_3gb ? ", /3GB" : "");
    dh_gp_assign(b, "plot_config", t);
    dh_buf_printf(b, "title_lines = %zu\n", lines + 2);
}

bool dh_plot_point_x(const dh_result *r, size_t step, uint64_t iteration,
                     uint64_t *x)
{
    for (size_t i = 0; i < r->nvtrace; i++)
        if (r->vtrace[i].step == step &&
            (step == 0 || r->vtrace[i].iteration == iteration)) {
            *x = r->vtrace[i].applied;
            return true;
        }
    return false;
}

void dh_plot_desktop_name(char *buf, size_t len, uint32_t session,
                          const char *winsta, const char *desktop)
{
    snprintf(buf, len, "%u\\%s\\%s", (unsigned)session, winsta, desktop);
}

void dh_gp_note(dh_gp_notes *n, const char *colour, const char *text)
{
    const char *p = text;
    bool first = true;
    while (*p != '\0' && n->n < DH_GP_NOTES_MAX) {
        size_t indent = first ? 0 : 4, width = DH_GP_NOTE_WIDTH - indent;
        size_t len = strlen(p);
        if (len > width) {
            len = width;
            while (len > 0 && p[len] != ' ')
                len--;
            if (len == 0)
                len = width;
        }
        snprintf(n->line[n->n], sizeof n->line[n->n], "%*s%.*s",
                 (int)indent, "", (int)len, p);
        n->colour[n->n++] = colour;
        first = false;
        p += len;
        while (*p == ' ')
            p++;
    }
}

void dh_gp_notes_write(dh_buf *b, const dh_gp_notes *n)
{
    dh_buf_printf(b, "nnotes = %zu\narray note[%zu] = [", n->n,
                  n->n ? n->n : 1);
    for (size_t i = 0; i < n->n; i++) {
        dh_buf_puts(b, i ? ", " : "");
        dh_gp_string(b, n->line[i]);
    }
    dh_buf_printf(b, "%s]\narray note_colour[%zu] = [", n->n ? "" : "''",
                  n->n ? n->n : 1);
    for (size_t i = 0; i < n->n; i++) {
        dh_buf_puts(b, i ? ", " : "");
        dh_gp_string(b, n->colour[i]);
    }
    dh_buf_printf(b, "%s]\n", n->n ? "" : "'#000000'");
}

void dh_plot_input_free(dh_plot_input *p)
{
    if (p == NULL)
        return;
    free(p->data);
    free(p->params);
    p->data = p->params = NULL;
}

/* ------------------------------------------------------ desktop identity */

static uint64_t name_hash(const dh_trace_row *t)
{
    uint64_t h = 1469598103934665603ull ^ t->session; /* FNV-1a */
    for (const char *p = t->winsta; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ '\\') * 1099511628211ull;
    for (const char *p = t->desktop; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h;
}

static bool same_name(const dh_trace_row *a, const dh_trace_row *b)
{
    return a->session == b->session && strcmp(a->winsta, b->winsta) == 0 &&
           strcmp(a->desktop, b->desktop) == 0;
}

dh_status dh_plot_key_rows(const dh_result *r, long session, size_t *of,
                           size_t **first, size_t *n)
{
    size_t ndesk = 0, cap = 0, nk = 0;
    *first = NULL;
    *n = 0;
    for (size_t i = 0; i < r->ntrace; i++)
        if (r->trace[i].desk >= ndesk)
            ndesk = r->trace[i].desk + 1;
    size_t hcap = 16;
    while (hcap < 2 * ndesk)
        hcap *= 2;
    size_t *by_desk = calloc(ndesk ? ndesk : 1, sizeof *by_desk); /* k+1 */
    size_t *table = calloc(hcap, sizeof *table);                 /* k+1 */
    size_t *keys = NULL;
    dh_status st = by_desk && table ? DH_OK : DH_ENOMEM;
    for (size_t i = 0; st == DH_OK && i < r->ntrace; i++) {
        const dh_trace_row *t = &r->trace[i];
        if (session >= 0 && t->session != (uint32_t)session) {
            of[i] = SIZE_MAX;
            continue;
        }
        if (by_desk[t->desk] != 0) {
            of[i] = by_desk[t->desk] - 1;
            continue;
        }
        size_t h = (size_t)(name_hash(t) & (hcap - 1));
        while (table[h] != 0 && !same_name(&r->trace[keys[table[h] - 1]], t))
            h = (h + 1) & (hcap - 1);
        if (table[h] == 0) { /* a new desktop: at most one per index */
            if (nk == cap) {
                cap = cap ? cap * 2 : 16;
                size_t *p = realloc(keys, cap * sizeof *p);
                if (p == NULL) {
                    st = DH_ENOMEM;
                    break;
                }
                keys = p;
            }
            keys[nk++] = i;
            table[h] = nk;
        }
        by_desk[t->desk] = table[h];
        of[i] = table[h] - 1;
    }
    free(by_desk);
    free(table);
    if (st != DH_OK) {
        free(keys);
        return st;
    }
    *first = keys;
    *n = nk;
    return DH_OK;
}

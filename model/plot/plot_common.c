/*
 * plot_common.c — what the plot data writers share: gnuplot string
 * literals, the title lines every chart carries (scenario, OS, registry),
 * the x of a failure, and freeing a plot input.
 */
#include "plot_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dh_gp_string(dh_buf *b, const char *s)
{
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

/* Break value into lines of at most width characters at spaces, joined
 * with gnuplot's "\n". */
static void assign_wrapped(dh_buf *b, const char *name, const char *value,
                           size_t width)
{
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
        p += n;
        while (*p == ' ')
            p++;
    }
    if (first)
        dh_buf_puts(b, "''");
    dh_buf_puts(b, "\n");
}

void dh_gp_titles(dh_buf *b, const dh_result *r, const char *what)
{
    const dh_config *c = &r->config;
    const dh_scenario *sc = r->scenario;
    char t[1200], view[64];
    dh_gp_assign(b, "plot_title", what);
    assign_wrapped(b, "plot_scenario",
                   sc != NULL && sc->name != NULL ? sc->name : "(no name)",
                   100);
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

void dh_plot_input_free(dh_plot_input *p)
{
    if (p == NULL)
        return;
    free(p->data);
    free(p->params);
    p->data = p->params = NULL;
}

/*
 * plot_private.h — internal: helpers the plot data writers share (plot_common.c):
 * gnuplot string literals, the title line, the x of a step's iteration.
 */
#ifndef DH_PLOT_PRIVATE_H
#define DH_PLOT_PRIVATE_H

#include "plot.h"

/* Append s as a gnuplot single-quoted string ('' for ', no line breaks). */
void dh_gp_string(dh_buf *b, const char *s);
/* "name = 'value'\n" */
void dh_gp_assign(dh_buf *b, const char *name, const char *value);
/* plot_title (what), plot_scenario (its name), plot_config (OS,
 * SharedSection, view space). */
void dh_gp_titles(dh_buf *b, const dh_result *r, const char *what);
/* `applied` of the trace point of (step, iteration); false if none. */
bool dh_plot_point_x(const dh_result *r, size_t step, uint64_t iteration,
                     uint64_t *x);
/* "S\Station\Desktop" into buf. */
void dh_plot_desktop_name(char *buf, size_t len, uint32_t session,
                          const char *winsta, const char *desktop);

/* Each trace row's desktop, as the plots name it (session, station and
 * desktop: a desktop closed and made again is the same one), numbered in
 * first appearance order: of[i] for row i (rows of other sessions than
 * `session` get SIZE_MAX when session >= 0), *first[k] the first row of
 * desktop k, *n their number. Names are hashed once per row desktop
 * index: linear in the rows. */
dh_status dh_plot_key_rows(const dh_result *r, long session, size_t *of,
                           size_t **first, size_t *n);

/* The parameters of plots/compare.gp and plots/sweep.gp: titles, the
 * source's name (file), the row count and the OS list in first-seen order. */
void dh_plot_table_params(dh_buf *b, const char *kind, const char *file,
                          const char *const *oses, size_t nos, int rows);

#endif

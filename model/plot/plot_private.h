/*
 * plot_private.h — internal: helpers the plot data writers share (plot_common.c):
 * gnuplot string literals, the title lines, the notes of the top margin, the
 * x of a step's iteration.
 */
#ifndef DH_PLOT_PRIVATE_H
#define DH_PLOT_PRIVATE_H

#include "plot.h"

/* Append s as a gnuplot single-quoted string ('' for ', no line breaks; a
 * leading ' as "'". joined to the rest). */
void dh_gp_string(dh_buf *b, const char *s);
/* "name = 'value'\n" */
void dh_gp_assign(dh_buf *b, const char *name, const char *value);
/* "name = 'value'" with value broken into lines of at most width
 * characters at spaces (joined with gnuplot's "\n"); returns the lines. */
size_t dh_gp_assign_wrapped(dh_buf *b, const char *name, const char *value,
                            size_t width);
/* plot_title (what), plot_scenario (its name), plot_config (OS,
 * SharedSection, view space) and title_lines, the lines of the three. */
void dh_gp_titles(dh_buf *b, const dh_result *r, const char *what);
/* `applied` of the trace point of (step, iteration); false if none. */
bool dh_plot_point_x(const dh_result *r, size_t step, uint64_t iteration,
                     uint64_t *x);
/* Lines of text a chart prints in its top margin, under the title (never
 * on a curve), each with its colour. */
#define DH_GP_NOTES_MAX 8
#define DH_GP_NOTE_WIDTH 120 /* characters a line holds at the PNG size */
typedef struct {
    char line[DH_GP_NOTES_MAX][DH_GP_NOTE_WIDTH + 8];
    const char *colour[DH_GP_NOTES_MAX];
    size_t n;
} dh_gp_notes;
/* Add text in colour ('#rrggbb'), broken at spaces into lines of at most
 * DH_GP_NOTE_WIDTH characters, the ones after the first indented; lines
 * past DH_GP_NOTES_MAX are dropped. */
void dh_gp_note(dh_gp_notes *n, const char *colour, const char *text);
/* "nnotes = N", "array note[N]", "array note_colour[N]" (N >= 1 entries). */
void dh_gp_notes_write(dh_buf *b, const dh_gp_notes *n);
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

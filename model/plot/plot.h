/*
 * plot.h — the plot layer: gnuplot's input (a data file and a parameter
 * file of assignments the scripts in plots/ load) built from results in
 * memory: desktop heap use over a run, a session's view space, and the
 * tables of compare and sweep.
 */
#ifndef DH_PLOT_H
#define DH_PLOT_H

#include "plan/plan.h"

/* ------------------------------------------------------------------ plots */

/* Input for the gnuplot scripts in plots/: a data file and a parameter file
 * of gnuplot assignments (titles, counts, marks) the script loads. Both are
 * built from a result run with trace_iterations; x is `applied`. */
typedef struct {
    char *data;
    char *params;
} dh_plot_input;

#define DH_PLOT_TITLED 10   /* usage: desktops named in the legend */
#define DH_PLOT_GREY_MAX 40 /* usage: unnamed desktops drawn one by one; more
                               are one grey line, the fullest of them */
#define DH_PLOT_LAYERS 8    /* viewspace: desktops stacked one by one */

/* Used % of each desktop heap over the trace points, one data block per
 * desktop (legend-named ones first), the first failure marked, and the
 * largest fall of one curve (at least 10 points of Used Rate) as drop_x,
 * drop_from, drop_to; the notes say both above the graph. */
dh_status dh_plot_usage(const dh_result *r, dh_plot_input *out);
/* View space of one session stacked by consumer, its size, the fallback
 * and the first Event 244 / view-space failure. session < 0: the session of
 * the first view-space failure, else the one that used the most. */
dh_status dh_plot_viewspace(const dh_result *r, long session,
                            dh_plot_input *out, dh_error *err);
/* Check a `compare` or `sweep` CSV (kind "compare" or "sweep"): its header
 * starts with the documented columns and every row has as many fields.
 * Errors name file and line. out gets the chart's input as from memory
 * (below) where the CSV has the numbers: a sweep's series; a compare's
 * view space and first failure (the CSV has no count or peak). */
dh_status dh_plot_table(const char *csv, size_t len, const char *file,
                        const char *kind, dh_plot_input *out, dh_error *err);
void dh_plot_input_free(dh_plot_input *p);
/* The compare and sweep charts from the planning results in memory (no
 * CSV round trip); name titles the chart (the scenario file). compare: a
 * row per profile (in the order asked) with the count of the workload's
 * grown step (its first repeat_until_failure step; none: the operations
 * before the first failure) and what stopped it, the fullest heap's peak
 * Used Rate and size, the view space used and its size (dynamic: used,
 * and the cap if any). sweep: one series per OS and session view space;
 * the marks as dh_plot_sweep_marks. */
dh_status dh_plot_compare(const dh_compare *c, const char *name,
                          dh_plot_input *out);
dh_status dh_plot_sweep(const dh_sweep *s, const char *name,
                        uint64_t today_kb, uint64_t want, dh_plot_input *out);
/* Append sweep marks to in->params: today_kb (the scenario's 3rd value),
 * want and rec_kb = the smallest swept 3rd value of the CSV's first series
 * (OS and session view space) whose count reaches want (0 when none or
 * want is 0). */
dh_status dh_plot_sweep_marks(const char *csv, size_t len, uint64_t today_kb,
                              uint64_t want, dh_plot_input *in);

#endif /* DH_PLOT_H */

/*
 * report.h — the report layer: results as text, JSON (a contract: fields
 * are added, never renamed or removed; docs/format.md), CSV, HTML and
 * plain-words explanations. Reporters only format: every decision was made
 * below them.
 */
#ifndef DH_REPORT_H
#define DH_REPORT_H

#include "plot/plot.h"

/* ---------------------------------------------------------------- reports */

/* Reporters build text in memory; *out is malloc'd, NUL-terminated. */
dh_status dh_report_text(const dh_result *r, char **out);
dh_status dh_report_json(const dh_result *r, char **out);
dh_status dh_report_csv(const dh_result *r, char **out);
/* The compact trace of a trace_iterations run as CSV (run --csv-rows
 * changed): DH_EINTERNAL for a result without one. */
dh_status dh_report_csv_changes(const dh_result *r, char **out);
dh_status dh_report_profiles_text(char **out);
dh_status dh_report_profiles_json(char **out);
dh_status dh_report_shared_section(const char *text, const dh_profile *p,
                                   char **out, dh_error *err);
dh_status dh_report_capacity_text(const dh_result *r, const dh_capacity *c,
                                  char **out);
dh_status dh_report_capacity_json(const dh_result *r, const dh_capacity *c,
                                  char **out);


/* ----------------------------------------------------------------- explain */

/* Plain-words explanation of a result: the session tree with each heap's
 * rule and registry value, the view-space budget line by line, the
 * reservation decision, the first failure's chain, the sources. step > 0:
 * the tree and budget as they were after that step (needs a trace run:
 * record_trace); 0: at the end. */
dh_status dh_report_explain(const dh_result *r, size_t step, char **out,
                            dh_error *err);

/* One self-contained HTML page for a change request. charts: SVG texts
 * (may be NULL) with captions, inlined in order. */
typedef struct {
    const char *caption;
    const char *svg;
} dh_html_chart;
dh_status dh_report_html(const dh_result *r, const dh_html_chart *charts,
                         size_t ncharts, char **out);

/* -------------------------------------------------- planning reports */

dh_status dh_report_compare_text(const dh_compare *c, char **out);
dh_status dh_report_compare_json(const dh_compare *c, char **out);
dh_status dh_report_compare_csv(const dh_compare *c, char **out);
dh_status dh_report_sweep_text(const dh_sweep *s, char **out);
dh_status dh_report_sweep_json(const dh_sweep *s, char **out);
dh_status dh_report_sweep_csv(const dh_sweep *s, char **out);
/* `dheapsim calibrate`: c for sc run with o, observed obs_low-obs_high;
 * written_to the calibrated scenario's file, or NULL. */
dh_status dh_report_calibration_text(const dh_calibration *c,
                                     const dh_scenario *sc,
                                     const dh_run_options *o,
                                     uint64_t obs_low, uint64_t obs_high,
                                     const char *written_to, char **out);
/* `dheapsim kinds`: every process kind with its bytes on p (NULL: on
 * XP/2003 x86 and Windows 10 x64) and its source. */
dh_status dh_report_kinds_text(const dh_profile *p, char **out);
dh_status dh_report_kinds_json(const dh_profile *p, char **out);
/* `dheapsim check-value`: c as found for value on profile p (NULL: no
 * --os; matching then lists the ids whose shipped tokens it matches). */
dh_status dh_report_value_check_text(const char *value, const dh_profile *p,
                                     const dh_value_check *c,
                                     const char *matching, char **out);
dh_status dh_report_value_check_json(const char *value, const dh_profile *p,
                                     const dh_value_check *c,
                                     const char *matching, char **out);
/* Backing up and getting back, for profile p: 3 lines (reg export, the
 * reboot, Last Known Good or the recovery environment). */
size_t dh_recovery_lines(const dh_profile *p, const char *lines[3]);
dh_status dh_report_recommend_text(const dh_recommendation *r,
                                   const dh_scenario *sc, char **out);
dh_status dh_report_recommend_json(const dh_recommendation *r,
                                   const dh_scenario *sc, char **out);

#endif /* DH_REPORT_H */

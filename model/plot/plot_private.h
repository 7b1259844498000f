/*
 * plot_private.h — internal: helpers the plot data writers share (plot_common.c):
 * gnuplot string literals, the title lines, the notes of the top margin, the
 * x of a step's iteration; the rows of the compare and sweep charts.
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

/* The parameters of plots/sweep.gp: titles, the source's name (file), the
 * row count and the OS list (each once, in first-seen order). */
void dh_plot_table_params(dh_buf *b, const char *kind, const char *file,
                          const char *const *oses, size_t nos, int rows);

/* ------------------------------------------- compare and sweep (plot_plan.c)
 * Both the planning results in memory and their CSV (plot_table.c) come
 * to these rows, so both draw the same chart. */

typedef enum {
    DH_PLOT_NO_FAILURE, /* ran to the end or to the repeat limit */
    DH_PLOT_HEAP,       /* a desktop heap stopped it */
    DH_PLOT_VIEW,       /* session view space stopped it */
    DH_PLOT_OTHER,      /* a quota, a handle table ... */
    DH_PLOT_OUTCOMES
} dh_plot_outcome;

/* One profile of the compare chart. */
typedef struct {
    const char *os;
    bool has_cap;           /* the CSV has no count: false */
    uint64_t cap;           /* the grown step's successes, or operations
                               applied when the workload grows none */
    dh_plot_outcome outcome;
    char cap_text[96];      /* "24: desktop heap full" */
    bool has_pct;
    uint64_t pct_tenths;    /* the fullest heap's peak Used Rate */
    bool heap_failed;       /* the first failure is in that heap */
    char heap_text[96];     /* "98.4 % of 512 KB" */
    char heap_name[320];    /* "0\Service-0x0-3e7$\Default" */
    uint64_t view_used_kb;  /* most one session mapped */
    uint64_t view_size_kb;  /* its size; dynamic: the cap, 0 = none */
    bool dynamic, fallback;
    char view_text[96];     /* "4.6 of 48 MB", "22.0 MB dynamic" */
} dh_plot_compare_row;

typedef struct {
    const char *title, *workload, *config; /* the chart's three lines */
    const char *cap_title, *cap_xlabel, *heap_title; /* the panels' */
} dh_plot_compare_titles;

/* A compare row from one profile's run: the workload's grown step (its
 * first repeat_until_failure step) and where it stopped, the fullest heap
 * of the scenario's snapshots and the end (the failed one when the first
 * failure is a desktop heap's), the view space's peak use and size. */
void dh_plot_compare_row_of(const dh_result *r, dh_plot_compare_row *row);
/* row->view_text from its view space numbers. */
void dh_plot_view_text(dh_plot_compare_row *row);
/* The compare chart's data (numbers: one line per row, the first row at
 * y = n) and parameters (texts, ranges, legends). */
dh_status dh_plot_compare_write(const dh_plot_compare_row *rows, size_t n,
                                const dh_plot_compare_titles *t,
                                dh_plot_input *out);

/* One point of a sweep: a profile at one session view space (MB; 0 =
 * dynamic, no cap) and one SharedSection 3rd value. */
typedef struct {
    const char *os;
    uint64_t view_mb;
    uint64_t kb;
    uint64_t count;
} dh_plot_sweep_point;

/* The series of the points: one per key (OS, view space), numbered in the
 * order their first points come; a key swept twice (a 3rd value met
 * again) has more: the k-th point of one key and 3rd value is in the
 * key's k-th series. of[i] (when not NULL) gets point i's series. Returns
 * the number of series, 0 when out of memory. */
size_t dh_plot_sweep_series(const dh_plot_sweep_point *p, size_t n,
                            size_t *of);
/* The sweep chart: one data block per series, sorted by 3rd value (never
 * joined across series), each titled "OS, view space N MB"; label: the grown step (NULL: not known). */
dh_status dh_plot_sweep_write(const dh_plot_sweep_point *p, size_t n,
                              const char *name, const char *label,
                              dh_plot_input *out);
/* Append today_kb, want and rec_kb: the smallest 3rd value of the first
 * series whose count reaches want (0: none, or want 0). */
dh_status dh_plot_sweep_marks_of(const dh_plot_sweep_point *p, size_t n,
                                 uint64_t today_kb, uint64_t want,
                                 dh_plot_input *in);

#endif

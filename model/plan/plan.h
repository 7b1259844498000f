/*
 * plan.h — the planning layer: what an administrator decides with.
 * Capacity (how many of a labelled step fit), the same workload on several
 * profiles, sweeps over registry values, and the smallest SharedSection
 * and SessionViewSize that meet a target with headroom.
 */
#ifndef DH_PLAN_H
#define DH_PLAN_H

#include "engine/engine.h"
#include "import/import.h"

/* ---------------------------------------------------------------- capacity */


/* What a capacity run (dh_run_options.grow_label) found. */
typedef struct {
    const char *label;      /* borrowed from the options */
    size_t step;            /* 1-based index of the grown step */
    bool reached;           /* the run got to that step */
    uint64_t count;         /* iterations of it that ran with no failure */
    const char *stopped_by; /* failure kind ("desktop_heap", "view_space",
                               ...), "repeat_limit", or "not_reached" */
    bool ranged;            /* costs have ranges: the two runs below */
    uint64_t range_low;     /* count with every cost at its high end */
    uint64_t range_high;    /* count with every cost at its low end */
    bool range_high_open;   /* that run hit repeat_limit: "at least" */
    /* A desktop heap stopped the grown step, and it (or a member of the
     * grown unit) costs a single figure of the seed's presets or of a
     * catalogue kind without a range (dh_capacity_single_figure);
     * unit_cost_from names it ("preset gui"), borrowed from the scenario. */
    bool unit_single_figure;
    const char *unit_cost_from;
} dh_capacity;

/* Does step (1-based) of sc, or a member of it, cost a single figure
 * with no range: a preset kind (console, gui, service, browser-tab: one
 * figure each, derived from the seed's counts) or a catalogue kind whose
 * low and high are the same? Field cases grown with those presets have
 * run out before the model's count (README, Field validation), so a
 * capacity on them is an upper bound. *from: the step's cost_from. */
bool dh_capacity_single_figure(const dh_scenario *sc, size_t step,
                               const char **from);

/* Run sc with opt->grow_label set (required) and read the count: one pass
 * at opt->cost_end; when the scenario's costs have ranges (catalogue
 * kinds, conhost) and opt->cost_end is typical, one more pass at each end
 * for cap->range_low / range_high. An unknown label is DH_EINPUT naming
 * the labels the scenario has. */
dh_status dh_capacity_run(const dh_scenario *sc, const dh_run_options *opt,
                          dh_result **out, dh_capacity *cap, dh_error *err);
/* Read the capacity of a finished grow run. */
void dh_capacity_of(const dh_result *r, const char *label, dh_capacity *cap);

/* Heap sizes the rules give on a run's configuration (KB), with the
 * fallback of rule 3 when any session fell back. */
typedef struct {
    uint64_t interactive_kb, noninteractive_kb, winlogon_kb, disconnect_kb;
    bool fallback;
} dh_heap_sizes;
void dh_heap_sizes_of(const dh_result *r, dh_heap_sizes *hs);

/* Smallest heap headroom (heap bytes minus used) of any open desktop at
 * the end of a run; false when no desktop is open. */
bool dh_min_headroom(const dh_result *r, uint64_t *bytes, uint32_t *session,
                     const char **winsta, const char **desktop);

/* ----------------------------------------------------------------- compare */

/* The same workload on several profiles, one full run each. */
typedef struct {
    dh_result **results;    /* one per profile, in the order asked */
    size_t n;
    /* The text report lists this many desktops per profile, those nearest
     * to full (DH_COMPARE_NEAREST by default); 0: every desktop, in the
     * order of the run's final snapshot. JSON and CSV: unchanged. */
    size_t list_desktops;
} dh_compare;
#define DH_COMPARE_NEAREST 5

dh_status dh_compare_run(const dh_scenario *sc, const dh_run_options *base,
                         const char *const *os_ids, size_t nos,
                         dh_compare **out, dh_error *err);
void dh_compare_free(dh_compare *c);
/* ------------------------------------------------------------------- sweep */

#define DH_SWEEP_MAX_POINTS 10000u

/* A --shared-section sweep item: the 3rd value alone (the first two from
 * the scenario or profile), or a whole triple "1024/3072/512". */
typedef struct {
    bool full;
    uint64_t kb[3];         /* full: all three; else kb[2] only */
} dh_ss_point;

/* "256,512", "256:4096:256" (start:end:step, both ends included) or a mix;
 * each value within [min, max]; at most DH_SWEEP_MAX_POINTS values. With
 * allow_absent, the word "absent" is an item, stored as 0. *out malloc'd. */
dh_status dh_sweep_parse_values(const char *text, const char *what,
                                uint64_t min, uint64_t max, bool allow_absent,
                                uint64_t **out, size_t *n, dh_error *err);
/* The same for SharedSection items: N, start:end:step, or S/I/N. */
dh_status dh_sweep_parse_shared(const char *text, dh_ss_point **out,
                                size_t *n, dh_error *err);

typedef struct {
    const dh_profile *profile;
    char shared_section[96];   /* "1024,3072,512" as run */
    uint64_t interactive_kb;   /* effective 2nd and 3rd values */
    uint64_t noninteractive_kb;
    uint64_t view_mb;          /* session view space, 0 = unbounded */
    bool fallback;
    dh_capacity cap;
    uint32_t fail_session;     /* where it stopped (when a failure did) */
    char *fail_winsta, *fail_desktop;
} dh_sweep_row;

typedef struct {
    const dh_scenario *scenario; /* borrowed */
    const char *label;           /* borrowed */
    dh_sweep_row *rows;
    size_t n;
    dh_cost_end cost_end;        /* the end of ranged costs it ran at */
} dh_sweep;

/* Called after each point (no I/O in the library: the caller prints). */
typedef void (*dh_progress_fn)(void *ctx, size_t done, size_t total);

/* Capacity for every (os, SessionViewSize, SharedSection) point: os_ids
 * outermost, shared sections innermost. nsvs 0: the scenario's own value;
 * an svs value 0 means the registry value is absent. */
dh_status dh_sweep_run(const dh_scenario *sc, const dh_run_options *base,
                       const char *const *os_ids, size_t nos,
                       const dh_ss_point *ss, size_t nss,
                       const uint64_t *svs, size_t nsvs,
                       dh_progress_fn progress, void *ctx,
                       dh_sweep **out, dh_error *err);
void dh_sweep_free(dh_sweep *s);
/* --------------------------------------------------------------- calibrate */

/* What calibrate found: the per-unit raw cost (bytes: the grown step's
 * cost_kb/cost_bytes, or its unit's members' together) under which the
 * model gives the observed count. */
typedef struct {
    size_t step;             /* the grown step, 1-based */
    uint64_t written;        /* per-unit raw bytes as the scenario had them */
    bool found;              /* some cost gives each end */
    uint64_t unit_low;       /* the cheapest cost giving at most obs_high */
    uint64_t unit_typical;   /* the dearest giving the middle count */
    uint64_t unit_high;      /* the dearest still giving obs_low */
    uint64_t count_low_cost, count_typical, count_high_cost; /* the counts
                                the model gives at those three costs */
    uint32_t runs;           /* simulations made */
} dh_calibration;

/* opt->grow_label names the step; the counts are the units that ran
 * before the failure on that machine (LOW == HIGH for one count). */
dh_status dh_calibrate(const dh_scenario *sc, const dh_run_options *opt,
                       uint64_t obs_low, uint64_t obs_high,
                       dh_calibration *out, dh_error *err);
/* Member m's raw cost (bytes) when the unit's cost is u (a plain step:
 * u itself; a member without a raw cost: 0). */
uint64_t dh_calibration_member_bytes(const dh_scenario *sc, size_t step,
                                     size_t member, uint64_t u);

/* --------------------------------------------------------------- recommend */

/* 32-bit kernels: session view space + session paged pool "has a
 * theoretical maximum of slightly under 500 MB ... In practice the maximum
 * value is around 450 MB" (seed body). SessionPoolSize as shipped on
 * XP/2003 x86 Terminal Services: 16 MB (domain-facts open question 5,
 * [P13]). */
#define DH_X86_SESSION_SPACE_MAX_MB 450
#define DH_X86_SESSION_POOL_DEFAULT_MB 16

/* Steps a person would type (issue 17: documented, configurable): the
 * defaults of `recommend`'s --round-2nd / --round-3rd. */
#define DH_ROUND_INTERACTIVE_KB 1024
#define DH_ROUND_NONINTERACTIVE_KB 256

typedef struct {
    uint32_t headroom_pct;   /* 0..99: every heap and every session's view
                                space at most 100 - h % used */
    bool allow_shrink;       /* false (the default): no value goes below
                                today's; true: search from 128 KB */
    uint32_t round_interactive_kb;    /* round the 2nd value up to a */
    uint32_t round_noninteractive_kb; /* multiple (0: the page only) */
    const char *windows_value; /* the machine's SubSystems\Windows value
                                  (--windows-value), or NULL */
    dh_run_options run;      /* --os and registry overrides */
    /* The search's shortcuts off (README: recommend): every probe a whole
     * run, none remembered, no predicted value; the same answer, more
     * runs (--exhaustive; the tests compare the two). */
    bool exhaustive;
} dh_recommend_options;

/* Where the Windows value a recommendation rewrites came from. */
typedef enum {
    DH_WV_MACHINE,  /* the machine's own: --windows-value, a .reg import */
    DH_WV_SHIPPED,  /* the value this version ships with (profile) */
    DH_WV_UNKNOWN   /* no source gives the shipped value: none written */
} dh_windows_origin;

/* A desktop whose heap a recommendation makes smaller (--allow-shrink). */
typedef struct {
    uint32_t session;
    char *winsta, *desktop;
    uint64_t before_kb, after_kb;
} dh_shrunk_desktop;

typedef struct {
    bool feasible;
    char why[512];           /* when not feasible: what cannot be met */
    const dh_profile *profile;
    uint64_t shared_kb;      /* 1st value, kept */
    uint64_t cur_interactive_kb, cur_noninteractive_kb;
    uint64_t interactive_kb, noninteractive_kb;   /* recommended */
    bool interactive_used, noninteractive_used;   /* any such desktop */
    char limit_interactive[320];   /* what fails one step below */
    char limit_noninteractive[320];
    bool view_fixed;         /* profile has a fixed, settable view space */
    uint32_t cur_svs_mb, svs_mb;
    bool svs_changed;
    uint64_t view_used_kb, view_size_kb; /* at the recommendation, worst
                                            session, peak over snapshots */
    char current_problem[512]; /* what fails with the current values, or "" */
    char *windows_before;    /* SubSystems\Windows value, malloc'd; */
    char *windows_after;     /* NULL when origin is DH_WV_UNKNOWN */
    dh_windows_origin windows_origin;
    uint64_t need_interactive_kb, need_noninteractive_kb; /* before the
                                rounding to the steps below */
    uint32_t round_interactive_kb, round_noninteractive_kb;
    bool rounding_dropped;   /* the rounded values failed: unrounded kept */
    dh_cost_end cost_end;    /* the end of ranged costs it sized for */
    uint32_t runs;           /* dh_run calls made */
    uint32_t step_kb;        /* search step */
    bool no_shrink;          /* searched from the current values up */
    dh_shrunk_desktop *shrunk; /* feasible and smaller than now: every
                                  desktop of the workload that loses room */
    size_t nshrunk;
} dh_recommendation;

dh_status dh_recommend(const dh_scenario *sc, const dh_recommend_options *o,
                       dh_recommendation *out, dh_error *err);
void dh_recommendation_free(dh_recommendation *r);

#endif /* DH_PLAN_H */

/*
 * engine.h — the engine layer: runs a scenario's steps, in order, against
 * the world (sessions, window stations, desktops, processes, windows) the
 * rules build, and yields a result: snapshots, events, the first failure,
 * repeat counts and the optional traces. Deterministic: the same scenario
 * and options give the same result on every platform.
 */
#ifndef DH_ENGINE_H
#define DH_ENGINE_H

#include "scenario/scenario.h"

/* ------------------------------------------------------ heap trace */

/* An optional record of the desktop-heap operations of one run, in order,
 * so that a benchmark can replay exactly them through dh_heap_* alone.
 * Heaps are numbered by desktop, 0-based in creation order. */
typedef enum {
    DH_HT_OPEN = 0,     /* dh_heap_init with heaps[heap] */
    DH_HT_ALLOC,        /* dh_heap_alloc of `request` bytes -> block */
    DH_HT_RELEASE,      /* dh_heap_release of block */
    DH_HT_CLOSE         /* dh_heap_free (the desktop closed) */
} dh_heap_trace_op;

typedef struct {
    uint64_t request;   /* ALLOC: bytes asked */
    uint32_t heap;      /* desktop number */
    uint32_t block;     /* ALLOC: block returned (DH_BLOCK_NONE: it did
                           not fit); RELEASE: the block */
    uint32_t op;        /* dh_heap_trace_op */
} dh_heap_trace_rec;

typedef struct dh_heap_trace {
    dh_heap_trace_rec *ops;
    size_t nops, capops;
    dh_heap_params *heaps;   /* heaps[i]: parameters of heap i */
    size_t nheaps, capheaps;
    bool oom;                /* recording ran out of memory: incomplete */
} dh_heap_trace;

/* Free what a run appended (the struct itself is the caller's). */
void dh_heap_trace_free(dh_heap_trace *t);


/* ------------------------------------------------------------------ result */

/* Who holds how much of one desktop heap (seed comment 56). */
typedef struct {
    char *name;             /* process name, "(desktop)" for the desktop's
                               own objects, "(observed)" for charges */
    uint64_t processes;     /* running processes of that name */
    uint64_t bytes;         /* heap bytes of their blocks */
    uint64_t objects[DH_OBJ_TYPE_COUNT]; /* blocks by type */
} dh_consumer;

typedef struct {
    char *winsta;
    char *desktop;
    uint64_t heap_bytes;
    uint64_t used_bytes;    /* Used Rate numerator (header if counted) */
    uint64_t view_offset;
    uint64_t view_bytes;
    dh_heap_rule rule;
    uint64_t header_bytes;  /* heap header */
    uint64_t committed_bytes;
    uint64_t free_bytes;    /* in free blocks */
    uint64_t largest_free_bytes;
    uint64_t busy_blocks, free_blocks;
    dh_consumer *consumers; /* largest first; only in snapshots and final */
    size_t nconsumers;
    size_t world_index;     /* internal: the engine's desktop index */
} dh_desktop_rec;

typedef struct {
    uint32_t id;
    bool fallback;          /* rule 3 applied to this session */
    bool view_dynamic;
    uint64_t view_size;     /* bytes; for dynamic: the cap, 0 = none */
    uint64_t view_extent;   /* bytes reached so far (dynamic) */
    uint64_t view_used;     /* bytes mapped now */
    uint64_t other_bytes;   /* non-desktop consumers mapped */
    uint64_t shared_heap_bytes; /* 1st SharedSection value mapped */
    uint64_t other_offset;  /* where they are in the view space (when */
    uint64_t shared_heap_offset; /* mapped: their bytes are not 0) */
    uint64_t total_desktop_bytes;
    dh_desktop_rec *desktops;
    size_t ndesktops;
} dh_session_rec;

typedef struct {
    char *label;
    size_t step;            /* 1-based step after which it was taken */
    dh_session_rec *sessions;
    size_t nsessions;
} dh_snapshot;

typedef enum {
    DH_EV_EVENTLOG_243,       /* "A desktop heap allocation failed." */
    DH_EV_EVENTLOG_244,       /* "Failed to create a desktop ..." */
    DH_EV_PROCESS_START_FAILED,
    DH_EV_WINDOW_CREATE_FAILED,
    DH_EV_DESKTOP_CREATE_FAILED,
    DH_EV_CHARGE_FAILED,
    DH_EV_FALLBACK,
    DH_EV_SESSION_REFUSED,
    DH_EV_OBJECT_CREATE_FAILED, /* a class, menu, hook... (not a window) */
    DH_EV_KIND_COUNT
} dh_event_kind;

const char *dh_event_kind_name(dh_event_kind k);

typedef struct {
    size_t step;            /* 1-based step index */
    uint64_t iteration;     /* 1-based repeat iteration */
    dh_event_kind kind;
    int event_id;           /* 243, 244 or 0 */
    uint32_t session;
    char *winsta;           /* may be NULL */
    char *desktop;          /* may be NULL */
    char *process;          /* may be NULL */
    char *text;
} dh_event;

typedef struct {
    bool happened;
    size_t step;
    uint64_t iteration;
    uint64_t applied;       /* iterations applied when it failed, the
                               failing one included (all steps; 0: as the
                               sessions started) */
    char *label;            /* the step's label, may be NULL */
    const char *kind;       /* "view_space" or "desktop_heap" or ... */
    uint32_t session;
    char *winsta;
    char *desktop;
    char *process;
    const char *symptom;
    uint64_t need_bytes;    /* what was asked (bytes, or handles) */
    uint64_t free_bytes;    /* what was left */
    const char *limit;      /* "desktop heap full", "desktop heap
                               fragmented", "session view space",
                               "USER handle quota", ... */
    const char *heap_outcome; /* "full", "fragmented", "too_big" or NULL */
    uint64_t largest_free_bytes; /* largest free block (heap) or run */
    char *member;           /* a unit's step: the member that failed (its
                               label, name or action), else NULL */
    size_t member_index;    /* its 1-based index in the unit, 0: none */
} dh_failure;

typedef struct {
    char *label;
    size_t step;
    uint64_t succeeded;
    const char *stopped_by; /* failure kind, or "repeat_limit" */
    char *failed_member;    /* a unit: the member the last iteration failed
                               at, else NULL */
} dh_repeat_result;

typedef struct {
    size_t step;
    const char *label;      /* borrowed from the scenario */
    uint32_t session;
    char *winsta;
    char *desktop;
    uint64_t heap_bytes;
    uint64_t used_bytes;
    uint64_t committed_bytes;
    uint64_t largest_free_bytes;
    uint64_t iteration;     /* repeat iteration (trace_iterations runs) */
    uint64_t applied;       /* iterations applied so far, all steps */
    uint64_t view_bytes;    /* view space the desktop's heap takes */
    dh_heap_rule rule;      /* the rule that sized the heap */
    size_t desk;            /* the desktop's index in the run: rows of one
                               desktop share it (trace_iterations runs) */
    bool closed;            /* trace_iterations runs: the desktop closed
                               since the point before (values: its last) */
} dh_trace_row;

/* View space of one session at one trace point (trace_iterations runs). */
typedef struct {
    size_t step;            /* 0 = after the sessions started, before step 1 */
    uint64_t iteration;
    uint64_t applied;       /* x of the plots: iterations applied so far */
    uint32_t session;
    bool fallback;
    bool view_dynamic;
    uint64_t view_size;     /* bytes; 0 = unbounded */
    uint64_t view_extent;
    uint64_t view_used;
    uint64_t shared_heap_bytes;
    uint64_t other_bytes;
} dh_trace_session;

typedef struct {
    char *text;
    const char *source;
} dh_note;

typedef struct {
    dh_config config;
    const dh_scenario *scenario; /* borrowed */
    dh_note *notes;
    size_t nnotes;
    size_t capnotes;               /* internal: allocated notes */
    struct dh_note_set *note_set;  /* internal: notes by text (result.c) */
    dh_event *events;
    size_t nevents, capevents;
    uint64_t events_dropped; /* failures past the recording limit */
    uint64_t failures[DH_EV_KIND_COUNT]; /* counted, logged or not: for
                                            243/244, every allocation that
                                            met the event's condition */
    uint64_t logged_243, logged_244; /* Events 243/244 Windows logged: at
                                        most one each per session */
    dh_failure first_failure;
    dh_repeat_result *repeats;
    size_t nrepeats, caprepeats;
    dh_snapshot *snapshots;
    size_t nsnapshots, capsnapshots;
    dh_snapshot final;
    dh_snapshot at_step;    /* after step at_step_of (snapshot_step), no
                               consumers; at_step_of 0: not taken */
    size_t at_step_of;
    dh_trace_row *trace;    /* only when asked for */
    size_t ntrace, captrace;
    dh_trace_session *vtrace; /* only with trace_iterations */
    size_t nvtrace, capvtrace;
    size_t trace_points;    /* trace points recorded (trace_iterations) */
    bool trace_compact;     /* rows only for desktops that changed since
                               their last row, and a closed row when one
                               closes: consumers carry values forward */
    bool trace_thinned;     /* the point budget was reached: later points
                               are further apart */
    uint64_t steps_applied; /* iterations applied, all steps */
    uint64_t view_peak_bytes; /* most view space one session had mapped
                                 after any iteration (peak use) */
    uint32_t view_peak_session; /* that session's id */
    size_t grow_step;       /* 1-based step grown (grow_label), 0 = none */
    dh_cost_end cost_end;   /* the end of ranged costs it ran at */
    bool stopped_early;     /* the run stopped at the first failure */
    bool stopped_after;     /* stop_after_applied ended the run */
} dh_result;

typedef struct {
    const char *os;         /* overrides the scenario, or NULL */
    const char *shared_section; /* overrides, or NULL */
    bool svs_given;         /* --session-view-size given */
    dh_svs_state svs;
    uint32_t svs_mb;
    bool boot_3gb_given;
    bool boot_3gb;
    bool record_trace;      /* fill result->trace (CSV) */
    const char *grow_label; /* capacity mode, or NULL: the first step with
                               this label repeats until failure (its count
                               ignored, at most repeat_limit times) and the
                               run stops at the first failure of any step */
    /* Fill trace and vtrace at step 0 and after iterations (plots): every
     * iteration up to DH_TRACE_DENSE, then every DH_TRACE_STRIDE-th, plus
     * the last and every one with a failure. */
    bool trace_iterations;
    /* trace_iterations: at most about this many trace points (0: the
     * default DH_TRACE_POINTS); beyond it points grow further apart. */
    uint32_t trace_points;
    /* trace_iterations: a row for every open desktop at every point, and
     * no point budget, not only rows for those that changed (the tests
     * check the compact trace against it). */
    bool trace_every_row;
    /* NULL (default): nothing. Else every desktop-heap operation of the
     * run is appended to it (benchmarks replay it, tests/bench/). */
    struct dh_heap_trace *heap_trace;
    /* Which end of ranged costs the run takes (zero: typical). */
    dh_cost_end cost_end;
    bool cost_end_given;    /* --cost-end was given (sweep and recommend
                               take the high end unless told) */
    bool empty;             /* --empty: no starting load (a bare machine) */
    bool stop_at_failure;   /* stop at the first failure (recommend's
                               probes: a bad probe need not run on) */
    /* Stop once this many iterations were applied, all steps counted (0:
     * run to the end): the world after iteration N of the run, for the web
     * page's step slider (README "In the browser"). */
    uint64_t stop_after_applied;
    size_t snapshot_step;   /* 1-based: result->at_step is the world after
                               this step's last iteration (explain --step);
                               0: none */
    /* Planning commands (compare, sweep, recommend) run their independent
     * runs through it (base.h); NULL: one after another. dh_run itself
     * ignores it. */
    const dh_executor *exec;
} dh_run_options;

#define DH_TRACE_DENSE 1000
#define DH_TRACE_STRIDE 100
/* The point budget: DH_TRACE_POINTS points by the rule above, then each
 * further DH_TRACE_POINTS / 4 points twice as far apart as the ones
 * before (at most 1,000,000 iterations: about 9,000 points in all). */
#define DH_TRACE_POINTS 2000u
#define DH_TRACE_POINTS_MAX 100000u

/* Run a scenario. Exhaustion is a result, not an error. */
dh_status dh_run(const dh_scenario *sc, const dh_run_options *opt,
                 dh_result **out, dh_error *err);
void dh_result_free(dh_result *r);

#endif /* DH_ENGINE_H */

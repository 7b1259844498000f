/*
 * engine_private.h — internal: the engine's state and the operations engine.c gives
 * the step interpreter (engine_steps.c).
 */
#ifndef DH_ENGINE_PRIVATE_H
#define DH_ENGINE_PRIVATE_H

#include "result.h"

/* What to allocate for one window: raw bytes (bytes_each) or a catalogue
 * window (extra, chars, props). */
typedef struct {
    uint64_t raw;             /* 0: catalogue window */
    uint64_t extra, chars, props, gdi;
    /* The heap requests of its blocks (dh_objs_window_requests). */
    uint64_t wnd_req, title_req, prop_req;
} dh_window_spec;

typedef struct {
    const dh_config *cfg;
    dh_world w;
    dh_result *r;
    dh_error *err;
    const dh_step *cur;       /* step being applied */
    const dh_step *unit;      /* the unit cur is a member of, or NULL */
    size_t start_parent;      /* start_process: its parent, or DH_NONE */
    /* Desktops the scenario charges itself (observed): no starting load.
     * charged0[i]: session 0's Service-0x0-3e7$/3e4$/3e5$/WinSta0
     * Default; charged_ws: sorted session ids whose WinSta0\Default is
     * charged. */
    bool charged0[4];
    uint32_t *charged_ws;
    size_t ncharged_ws;
    size_t member;            /* cur's 1-based index in unit */
    const dh_step *unit_failed_member; /* the member this unit iteration
                                          failed at, or NULL */
    size_t step;              /* its 1-based index */
    uint64_t iter;            /* 1-based iteration */
    uint64_t iter_failures;   /* failures in this iteration */
    bool halted;              /* stop_after_applied was reached ... */
    bool halted_in_step;      /* ... before this step's last iteration */
    const char *iter_fail_kind;
    dh_heap_trace *ht;        /* NULL: no heap trace (heaptrace.c) */
    const dh_step *wstep;     /* the step wspec was made for, or NULL */
    dh_window_spec wspec;     /* its windows (engine.c), made once a step */
    dh_cost_end cost_end;     /* which end of ranged costs (run options) */
    /* trace_iterations runs (run.c): what each desktop's last trace row
     * said, the point budget and the spacing beyond it. */
    struct dh_trace_last *tlast;
    size_t ntlast;
    uint32_t trace_budget;
    uint64_t trace_next, trace_gap;
} engine;

/* Note which desktops sc charges itself (no starting load for them). */
void dh_engine_find_charged(engine *e, const dh_scenario *sc);
dh_status dh_engine_init(engine *e, const dh_config *cfg, dh_result *r,
                         dh_error *err);
void dh_engine_free(engine *e);
dh_status dh_engine_session_start(engine *e, uint32_t id, uint64_t other);
dh_status dh_engine_fail_session(engine *e, uint32_t id, const char *why);
void dh_engine_close_session(engine *e, size_t si);
dh_status dh_engine_create_desktop(engine *e, size_t t, const char *name,
                                   uint64_t heap_kb, size_t *out);
void dh_engine_close_desktop(engine *e, size_t d);
/* Close station t if nothing keeps it open any more. */
void dh_engine_tidy_station(engine *e, size_t t);
/* Add a process for the current step and start it (charging it if it
 * loads user32). */
dh_status dh_engine_add_process(engine *e, const char *name, size_t si,
                                const char *station, const char *desktop,
                                bool per_logon, bool auto_create, size_t *out);
void dh_engine_stop_process(engine *e, size_t pi);
/* No service refers to pi any more: its slot may go once it stops. */
void dh_engine_unpin_process(engine *e, size_t pi);
dh_status dh_engine_create_window(engine *e, size_t pi, uint64_t bytes);
bool dh_engine_destroy_window(engine *e, size_t pi);
dh_status dh_engine_charge(engine *e, size_t d, uint64_t bytes);
dh_status dh_engine_create_objects(engine *e, size_t pi);
dh_status dh_engine_churn_window(engine *e, size_t pi);
/* Destroy live windows of pi: which 0 newest, 1 oldest, 2 every other. */
bool dh_engine_destroy_windows(engine *e, size_t pi, int which);

/* heapobjs.c: objects in desktop heaps. A failed allocation fills a
 * dh_alloc_fail and leaves nothing behind (what it had taken is freed). */
typedef struct {
    const char *limit;        /* NULL: it fitted; else which limit */
    const char *kind;         /* first_failure.kind */
    dh_heap_outcome heap;     /* for heap limits */
    dh_obj_type type;         /* the object that did not fit */
    uint64_t need, left, largest;
} dh_alloc_fail;

/* Fill the request fields of s from its other fields. */
void dh_objs_window_requests(const engine *e, dh_window_spec *s);

dh_status dh_objs_desktop_init(engine *e, size_t d, dh_alloc_fail *f);
dh_status dh_objs_charge(engine *e, size_t d, uint64_t bytes,
                         dh_alloc_fail *f);
dh_status dh_objs_lines(engine *e, size_t pi, const dh_obj_spec *l, size_t n,
                        dh_alloc_fail *f);
dh_status dh_objs_process_start(engine *e, size_t pi, dh_alloc_fail *f);
dh_status dh_objs_opaque(engine *e, size_t pi, uint64_t bytes,
                         dh_alloc_fail *f);
dh_status dh_objs_window(engine *e, size_t pi, const dh_window_spec *w,
                         dh_alloc_fail *f);
void dh_objs_window_free(engine *e, size_t pi, size_t wi);
/* Room for n more windows of process pi in one step (a create_windows
 * step's count), so the array is not grown window by window. */
void dh_objs_reserve_windows(engine *e, size_t pi, uint64_t n);
void dh_objs_process_free(engine *e, size_t pi);
void dh_objs_desktop_free(engine *e, size_t d);
uint32_t dh_objs_unit(const dh_config *c);

/* workbound.c: DH_ELIMIT (err names the step and the limit) when the run
 * of sc under c may ask for more than DH_MAX_HEAP_OPS heap operations or
 * DH_MAX_VIEW_GRANULES granules of view space; grow_step (1-based, 0 =
 * none) is counted at repeat_limit. */
dh_status dh_work_check(const dh_scenario *sc, const dh_config *c,
                        dh_cost_end end, size_t grow_step, dh_error *err);

/* heaptrace.c: append one heap operation of desktop d to e->ht (if any). */
void dh_ht_open(engine *e, size_t d, const dh_heap_params *p);
void dh_ht_alloc(engine *e, size_t d, uint64_t request, dh_block b);
void dh_ht_release(engine *e, size_t d, dh_block b);
void dh_ht_close(engine *e, size_t d);

#endif

/*
 * engine.h — internal: the engine's state and the operations engine.c gives
 * the step interpreter (engine_steps.c).
 */
#ifndef DH_ENGINE_H
#define DH_ENGINE_H

#include "result.h"

typedef struct {
    const dh_config *cfg;
    dh_world w;
    dh_result *r;
    dh_error *err;
    const dh_step *cur;       /* step being applied */
    size_t step;              /* its 1-based index */
    uint64_t iter;            /* 1-based iteration */
    uint64_t iter_failures;   /* failures in this iteration */
    const char *iter_fail_kind;
} engine;

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
dh_status dh_engine_create_window(engine *e, size_t pi, uint64_t bytes);
bool dh_engine_destroy_window(engine *e, size_t pi);
dh_status dh_engine_charge(engine *e, size_t d, uint64_t bytes);

#endif

/*
 * result.h — internal: how the engine adds notes and events to a result.
 */
#ifndef DH_RESULT_H
#define DH_RESULT_H

#include "world.h"

dh_status dh_result_note(dh_result *r, const char *source, const char *fmt,
                         ...)
    DH_PRINTF(3, 4)
    ;
dh_status dh_result_event(dh_result *r, const dh_event *ev);

#endif

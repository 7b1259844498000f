/*
 * names.c — the stable names of event kinds, as they appear in reports and
 * the JSON contract (step kinds: scenario/scenario_keys.c).
 */
#include "engine.h"

static const char *const event_names[DH_EV_KIND_COUNT] = {
    [DH_EV_EVENTLOG_243] = "event_243",
    [DH_EV_EVENTLOG_244] = "event_244",
    [DH_EV_PROCESS_START_FAILED] = "process_start_failed",
    [DH_EV_WINDOW_CREATE_FAILED] = "window_create_failed",
    [DH_EV_DESKTOP_CREATE_FAILED] = "desktop_create_failed",
    [DH_EV_CHARGE_FAILED] = "charge_failed",
    [DH_EV_FALLBACK] = "heap_fallback",
    [DH_EV_SESSION_REFUSED] = "session_refused",
    [DH_EV_OBJECT_CREATE_FAILED] = "object_create_failed",
};


const char *dh_event_kind_name(dh_event_kind k)
{
    if ((unsigned)k >= DH_EV_KIND_COUNT)
        return "?";
    return event_names[k];
}

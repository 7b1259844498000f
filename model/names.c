/*
 * names.c — the stable names of event kinds and scenario step kinds, as
 * they appear in reports, the JSON contract and scenario files.
 */
#include "dheapsim.h"

static const char *const event_names[DH_EV_KIND_COUNT] = {
    [DH_EV_EVENTLOG_243] = "event_243",
    [DH_EV_EVENTLOG_244] = "event_244",
    [DH_EV_PROCESS_START_FAILED] = "process_start_failed",
    [DH_EV_WINDOW_CREATE_FAILED] = "window_create_failed",
    [DH_EV_DESKTOP_CREATE_FAILED] = "desktop_create_failed",
    [DH_EV_CHARGE_FAILED] = "charge_failed",
    [DH_EV_FALLBACK] = "heap_fallback",
    [DH_EV_SESSION_REFUSED] = "session_refused",
};

static const char *const step_names[DH_STEP_KIND_COUNT] = {
    [DH_STEP_LOGON_SESSION] = "logon_session",
    [DH_STEP_LOGOFF_SESSION] = "logoff_session",
    [DH_STEP_START_SERVICE] = "start_service",
    [DH_STEP_STOP_SERVICE] = "stop_service",
    [DH_STEP_START_PROCESS] = "start_process",
    [DH_STEP_START_TASK] = "start_task",
    [DH_STEP_STOP_PROCESS] = "stop_process",
    [DH_STEP_CREATE_WINDOWS] = "create_windows",
    [DH_STEP_DESTROY_WINDOWS] = "destroy_windows",
    [DH_STEP_CREATE_DESKTOP] = "create_desktop",
    [DH_STEP_CLOSE_DESKTOP] = "close_desktop",
    [DH_STEP_CHARGE] = "charge",
    [DH_STEP_SNAPSHOT] = "snapshot",
    [DH_STEP_CREATE_OBJECTS] = "create_objects",
    [DH_STEP_CHURN_WINDOWS] = "churn_windows",
};

const char *dh_event_kind_name(dh_event_kind k)
{
    if ((unsigned)k >= DH_EV_KIND_COUNT)
        return "?";
    return event_names[k];
}

const char *dh_step_kind_name(dh_step_kind k)
{
    if ((unsigned)k >= DH_STEP_KIND_COUNT)
        return "?";
    return step_names[k];
}

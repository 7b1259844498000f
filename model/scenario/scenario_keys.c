/*
 * scenario_keys.c — the names of a scenario's step actions (one table, also
 * the names reports print) and the keys a step may have, numbered, so the
 * loader looks each key of a step up once and then works with its number.
 */
#include "scenario_json.h"

#include <string.h>

static const char *const names[DH_SK_COUNT] = {
    [DH_SK_ACTION] = "action",
    [DH_SK_LABEL] = "label",
    [DH_SK_COUNT_] = "count",
    [DH_SK_REPEAT] = "repeat_until_failure",
    [DH_SK_COMMENT] = "comment",
    [DH_SK_SESSION] = "session",
    [DH_SK_NAME] = "name",
    [DH_SK_STATION] = "station",
    [DH_SK_DESKTOP] = "desktop",
    [DH_SK_PARENT] = "parent",
    [DH_SK_PROCESS] = "process",
    [DH_SK_ACCOUNT] = "account",
    [DH_SK_INTERACT] = "interact_with_desktop",
    [DH_SK_LUID] = "logon_luid",
    [DH_SK_KIND] = "kind",
    [DH_SK_COST_KB] = "cost_kb",
    [DH_SK_COST_BYTES] = "cost_bytes",
    [DH_SK_OBJECTS] = "objects",
    [DH_SK_GDI] = "gdi_objects",
    [DH_SK_BYTES_EACH] = "bytes_each",
    [DH_SK_BYTES] = "bytes",
    [DH_SK_EXTRA] = "extra",
    [DH_SK_TITLE] = "title_chars",
    [DH_SK_PROPS] = "props",
    [DH_SK_LEAK] = "leak_bytes",
    [DH_SK_WHICH] = "which",
    [DH_SK_HEAP_KB] = "heap_kb",
    [DH_SK_KB] = "kb",
    [DH_SK_USED_PCT] = "used_pct",
    [DH_SK_STEPS] = "steps",
    [DH_SK_CONSOLE] = "console",
};

int dh_ld_step_key(const char *key)
{
    for (int k = 0; k < DH_SK_COUNT; k++)
        if (names[k][0] == key[0] && strcmp(names[k], key) == 0)
            return k;
    return -1;
}

const char *dh_ld_step_key_name(int k)
{
    return k >= 0 && k < DH_SK_COUNT ? names[k] : "?";
}

/* ------------------------------------------------------------ actions */

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
    [DH_STEP_UNIT] = "unit",
    [DH_STEP_START_APP_POOL] = "start_app_pool",
};

const char *dh_step_kind_name(dh_step_kind k)
{
    if ((unsigned)k >= DH_STEP_KIND_COUNT)
        return "?";
    return step_names[k];
}

bool dh_step_kind_find(const char *name, dh_step_kind *out)
{
    for (int k = 0; k < DH_STEP_KIND_COUNT; k++)
        if (step_names[k][0] == name[0] && strcmp(step_names[k], name) == 0) {
            *out = (dh_step_kind)k;
            return true;
        }
    return false;
}

const char *dh_step_display_name(const dh_step *s)
{
    if (s->label != NULL)
        return s->label;
    if (s->name != NULL)
        return s->name;
    if (s->process != NULL)
        return s->process;
    return dh_step_kind_name(s->kind);
}

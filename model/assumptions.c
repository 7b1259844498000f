/*
 * assumptions.c — the values the public sources do not give, with their
 * defaults and why. Each can be overridden in a scenario's "assumptions"
 * object and is printed by every report, so no guess is hidden.
 */
#include "dheapsim.h"

static const dh_assumption_info infos[DH_A_COUNT] = {
    [DH_A_VIEW_GRANULARITY] = {
        "view_granularity_kb", "KB",
        "each desktop heap view is rounded up to this; 64 KB as ReactOS "
        "maps session views in 64 KB buckets (reactos-notes s.7); no "
        "Windows source found"},
    [DH_A_RESERVE_NONINTERACTIVE] = {
        "reserve_noninteractive", "count",
        "non-interactive heaps win32k reserves view space for at session "
        "start (rule 3); calibrated: 1024,3072,512 fits 20 MB while "
        "1024,3072,2048 falls back (seed comments 26, 29); any value "
        "from 9 to 15 does both"},
    [DH_A_OTHER] = {
        "other_kb", "KB",
        "view space per session taken by printer/font drivers and GDI "
        "(KB 184802 says they share it; no size given)"},
    [DH_A_DESKTOP_BASELINE] = {
        "desktop_baseline_bytes", "bytes",
        "heap a new desktop uses before any process: 0.4 % of 512 KB for "
        "the idle SADesktop in the seed's first dheapmon table"},
    [DH_A_SHARED_HEAP_IN_VIEW] = {
        "shared_heap_in_view", "bool",
        "the 1st SharedSection value (shared heap) is mapped into each "
        "session's view space, as ReactOS maps its global heap there "
        "(reactos-notes s.7); not stated by a Windows source"},
    [DH_A_FIRST_LOGON_LUID] = {
        "first_logon_luid", "luid",
        "LUID given to the first service logon under a user account; "
        "later logons count up by one (seed: 'a new window station is "
        "created for each logon'); real LUIDs look like 0x22e1"},
    [DH_A_REPEAT_LIMIT] = {
        "repeat_limit", "count",
        "most iterations a repeat_until_failure step runs if nothing "
        "fails (a model limit, not a Windows one)"},
    [DH_A_DYNAMIC_VIEW_CAP] = {
        "dynamic_view_cap_mb", "MB",
        "Vista and later grow session view space on demand; 0 = no cap "
        "([P9]); set a cap to model a kernel address-space limit"},
    [DH_A_COST_CONSOLE] = {
        "cost_console_bytes", "bytes",
        "per-process charge of preset 'console': about 3 KB (seed "
        "comments 58 and 65)"},
    [DH_A_COST_GUI] = {
        "cost_gui_bytes", "bytes",
        "per-process charge of preset 'gui': just over 9 KB for a process "
        "calling wsprintf/SHGetFolderPath (seed comment 58)"},
};

void dh_assumptions_default(dh_assumptions *a)
{
    a->view_granularity = 64 * DH_KB;
    a->reserve_noninteractive = 10;
    a->other_bytes = 0;
    a->desktop_baseline_bytes = 2048;
    a->shared_heap_in_view = true;
    a->first_logon_luid = 0x10000;
    a->repeat_limit = 100000;
    a->dynamic_view_cap = 0;
    a->cost_console = 3 * DH_KB;
    a->cost_gui = 9 * DH_KB;
    a->overridden = 0;
}

const dh_assumption_info *dh_assumption_info_at(int i)
{
    return (i >= 0 && i < DH_A_COUNT) ? &infos[i] : NULL;
}

uint64_t dh_assumption_value(const dh_assumptions *a, int i)
{
    switch (i) {
    case DH_A_VIEW_GRANULARITY: return a->view_granularity / DH_KB;
    case DH_A_RESERVE_NONINTERACTIVE: return a->reserve_noninteractive;
    case DH_A_OTHER: return a->other_bytes / DH_KB;
    case DH_A_DESKTOP_BASELINE: return a->desktop_baseline_bytes;
    case DH_A_SHARED_HEAP_IN_VIEW: return a->shared_heap_in_view ? 1 : 0;
    case DH_A_FIRST_LOGON_LUID: return a->first_logon_luid;
    case DH_A_REPEAT_LIMIT: return a->repeat_limit;
    case DH_A_DYNAMIC_VIEW_CAP: return a->dynamic_view_cap / DH_MB;
    case DH_A_COST_CONSOLE: return a->cost_console;
    case DH_A_COST_GUI: return a->cost_gui;
    }
    return 0;
}

/* Multiply a user value by a unit, refusing results above DH_MAX_BYTES. */
static dh_status scaled(uint64_t v, uint64_t unit, uint64_t *out,
                        const char *key, dh_error *err)
{
    if (v > DH_MAX_BYTES / unit)
        return dh_error_set(err, DH_ELIMIT, "%s: %llu is too large (limit "
                            "%llu bytes)", key, (unsigned long long)v,
                            (unsigned long long)DH_MAX_BYTES);
    *out = v * unit;
    return DH_OK;
}

dh_status dh_assumption_set(dh_assumptions *a, int i, uint64_t v,
                            dh_error *err)
{
    const char *key = infos[i].key;
    dh_status st = DH_OK;
    switch (i) {
    case DH_A_VIEW_GRANULARITY:
        if (v < 4 || (v & (v - 1)) != 0 || v > 1024 * 1024)
            return dh_error_set(err, DH_EINPUT, "%s must be a power of two "
                                "from 4 to 1048576 KB", key);
        a->view_granularity = v * DH_KB;
        break;
    case DH_A_RESERVE_NONINTERACTIVE:
        if (v > 100000)
            return dh_error_set(err, DH_ELIMIT, "%s must be at most 100000",
                                key);
        a->reserve_noninteractive = (uint32_t)v;
        break;
    case DH_A_OTHER: st = scaled(v, DH_KB, &a->other_bytes, key, err); break;
    case DH_A_DESKTOP_BASELINE:
        st = scaled(v, 1, &a->desktop_baseline_bytes, key, err);
        break;
    case DH_A_SHARED_HEAP_IN_VIEW: a->shared_heap_in_view = v != 0; break;
    case DH_A_FIRST_LOGON_LUID:
        if (v == 0 || v > 0xFFFFFFFFull)
            return dh_error_set(err, DH_EINPUT, "%s must be from 1 to "
                                "0xffffffff", key);
        a->first_logon_luid = v;
        break;
    case DH_A_REPEAT_LIMIT:
        if (v == 0 || v > DH_MAX_COUNT)
            return dh_error_set(err, DH_ELIMIT, "%s must be from 1 to %llu",
                                key, (unsigned long long)DH_MAX_COUNT);
        a->repeat_limit = v;
        break;
    case DH_A_DYNAMIC_VIEW_CAP:
        st = scaled(v, DH_MB, &a->dynamic_view_cap, key, err);
        break;
    case DH_A_COST_CONSOLE: st = scaled(v, 1, &a->cost_console, key, err); break;
    case DH_A_COST_GUI: st = scaled(v, 1, &a->cost_gui, key, err); break;
    default:
        return dh_error_set(err, DH_EINTERNAL, "no assumption %d", i);
    }
    if (st == DH_OK)
        a->overridden |= 1u << i;
    return st;
}

/*
 * assumptions.c — the values the public sources do not give, with their
 * defaults and why. Each can be overridden in a scenario's "assumptions"
 * object and is printed by every report, so no guess is hidden.
 */
#include "rules.h"

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
        "opaque bytes charged to every new desktop beyond its own modelled "
        "objects (header, DESKTOPINFO, desktop, message and tooltip "
        "windows); 0 as those already give the seed's 0.4 % idle rate"},
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
        "heap a 'console' process takes on XP/2003 x86, about 3 KB (seed "
        "comments 58 and 65); its objects are itemised and an opaque "
        "block makes up the rest"},
    [DH_A_COST_GUI] = {
        "cost_gui_bytes", "bytes",
        "heap a 'gui' process takes on XP/2003 x86: just over 9 KB for a "
        "process calling wsprintf/SHGetFolderPath (seed comment 58); "
        "itemised objects plus an opaque rest"},
    [DH_A_HEAP_HEADER_X86] = {
        "heap_header_x86_bytes", "bytes",
        "heap header at the start of each x86 desktop heap: sizeof(_HEAP) "
        "0x588 on XP/2003 x86 (terminus.rewolf.pl _HEAP x86); calibrated "
        "too: an idle 512 KB desktop then shows 0.4 % as in the seed's "
        "first table"},
    [DH_A_HEAP_HEADER_X64] = {
        "heap_header_x64_bytes", "bytes",
        "heap header on x64: estimate, twice the x86 header (pointer-sized "
        "fields and free lists double)"},
    [DH_A_HEAP_FIT] = {
        "heap_fit", "fit",
        "which free block serves a request: best_fit_hint (2, the default): "
        "the smallest block that fits, ties among blocks of one size up to "
        "4 KB as ReactOS's FreeHints (reactos-notes s.6: the hint, the "
        "oldest surviving block, first, then the newest freed; above 4 KB "
        "the notes say only \"stay sorted\": lowest address, an "
        "assumption); best fit (0): the same with every tie to the lowest "
        "address (our assumption: the layout then does not depend on the "
        "order of frees); first fit (1). XP's 128 exact-size lists are "
        "described as close to best fit, not verified"},
    [DH_A_MAX_BLOCK] = {
        "max_block_kb", "KB",
        "largest block a desktop heap hands out: 0x80000 - 4096 = 508 KB "
        "(VirtualMemoryThreshold, reactos-notes s.6)"},
    [DH_A_USED_COUNTS_HEADER] = {
        "used_counts_header", "bool",
        "dheapmon's Used Rate counts the heap header as used; with it an "
        "idle Disconnect desktop shows about 3 % (seed table: 4.0 %)"},
    [DH_A_OPAQUE_BLOCK] = {
        "opaque_block_bytes", "bytes",
        "an observed charge or cost_bytes is allocated as blocks of at "
        "most this many bytes (a model choice; many USER objects, not one)"},
    [DH_A_X64_OPAQUE_SCALE] = {
        "x64_opaque_scale_pct", "percent",
        "opaque recipe bytes on x64 relative to x86: +50 % as the fixed "
        "heaps grow from x86 to x64 (seed comment 20); an estimate"},
    [DH_A_TAB_WINDOWS] = {
        "tab_windows", "count",
        "windows in one browser tab: calibrated so 40 tabs take 71 % of a "
        "3072 KB heap on Vista x86 (seed comment 7)"},
    [DH_A_SESSION_USER_HANDLES] = {
        "session_user_handles", "count",
        "USER handles a session can hold: 65,536 in theory, about 32,700 in "
        "practice (Raymond Chen; domain-facts rules 37, 39)"},
    [DH_A_START_LOAD] = {
        "start_load", "bool",
        "the service desktops of session 0 and a logged-on user's "
        "WinSta0\\Default start with what a real machine already holds "
        "there (the seed's dheapmon tables: 15.1-23.8 % of the LocalSystem "
        "service heap, 5.7-15 % of the interactive one; ranged, "
        "startload.c); not for a desktop the scenario charges itself (an "
        "imported table); false (or --empty): a bare machine"},
};

void dh_assumptions_default(dh_assumptions *a)
{
    a->view_granularity = 64 * DH_KB;
    a->reserve_noninteractive = 10;
    a->other_bytes = 0;
    a->desktop_baseline_bytes = 0;
    a->shared_heap_in_view = true;
    a->first_logon_luid = 0x10000;
    a->repeat_limit = 100000;
    a->dynamic_view_cap = 0;
    a->cost_console = 3 * DH_KB;
    a->cost_gui = 9 * DH_KB;
    a->heap_header_x86 = 0x588;
    a->heap_header_x64 = 2 * 0x588;
    a->heap_fit = DH_FIT_BEST_HINT;
    a->max_block = 0x80000 - 4096;
    a->used_counts_header = true;
    a->opaque_block = 64 * DH_KB;
    a->x64_opaque_scale_pct = 150;
    a->tab_windows = 194;
    a->session_user_handles = DH_SESSION_HANDLES_PRACTICAL;
    a->start_load = true;
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
    case DH_A_HEAP_HEADER_X86: return a->heap_header_x86;
    case DH_A_HEAP_HEADER_X64: return a->heap_header_x64;
    case DH_A_HEAP_FIT: return a->heap_fit;
    case DH_A_MAX_BLOCK: return a->max_block / DH_KB;
    case DH_A_USED_COUNTS_HEADER: return a->used_counts_header ? 1 : 0;
    case DH_A_OPAQUE_BLOCK: return a->opaque_block;
    case DH_A_X64_OPAQUE_SCALE: return a->x64_opaque_scale_pct;
    case DH_A_TAB_WINDOWS: return a->tab_windows;
    case DH_A_SESSION_USER_HANDLES: return a->session_user_handles;
    case DH_A_START_LOAD: return a->start_load ? 1 : 0;
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
    case DH_A_START_LOAD: a->start_load = v != 0; break;
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
    case DH_A_HEAP_HEADER_X86:
    case DH_A_HEAP_HEADER_X64:
        if (v > 1024 * 1024)
            return dh_error_set(err, DH_ELIMIT, "%s must be at most 1048576 "
                                "bytes", key);
        *(i == DH_A_HEAP_HEADER_X86 ? &a->heap_header_x86
                                    : &a->heap_header_x64) = v;
        break;
    case DH_A_HEAP_FIT:
        if (v > 2)
            return dh_error_set(err, DH_EINPUT, "%s is 0 (best fit), 1 "
                                "(first fit) or 2 (best_fit_hint)", key);
        a->heap_fit = (uint32_t)v;
        break;
    case DH_A_MAX_BLOCK: st = scaled(v, DH_KB, &a->max_block, key, err); break;
    case DH_A_USED_COUNTS_HEADER: a->used_counts_header = v != 0; break;
    case DH_A_OPAQUE_BLOCK:
        if (v < 1 || v > 16 * DH_MB)
            return dh_error_set(err, DH_EINPUT, "%s must be from 1 to "
                                "16777216", key);
        a->opaque_block = v;
        break;
    case DH_A_X64_OPAQUE_SCALE:
        if (v > 1000)
            return dh_error_set(err, DH_EINPUT, "%s must be at most 1000",
                                key);
        a->x64_opaque_scale_pct = (uint32_t)v;
        break;
    case DH_A_TAB_WINDOWS:
        if (v > 100000)
            return dh_error_set(err, DH_ELIMIT, "%s must be at most 100000",
                                key);
        a->tab_windows = v;
        break;
    case DH_A_SESSION_USER_HANDLES:
        if (v < 1 || v > DH_SESSION_HANDLES_THEORETICAL)
            return dh_error_set(err, DH_EINPUT, "%s must be from 1 to 65536",
                                key);
        a->session_user_handles = (uint32_t)v;
        break;
    default:
        return dh_error_set(err, DH_EINTERNAL, "no assumption %d", i);
    }
    if (st == DH_OK)
        a->overridden |= 1u << i;
    return st;
}

/*
 * recipes.c — what each kind of process puts in its desktop heap, as lists
 * of USER objects (userobj.c). Totals are calibrated to the seed's field
 * measurements on XP/2003 x86: a console process about 3 KB (comments 58,
 * 65), a GUI process that calls wsprintf/SHGetFolderPath about 9 KB
 * (comment 58), 40 IE tabs 71 % of a 3072 KB heap (comment 7). Bytes no
 * source itemises are one OPAQUE block, labelled as such.
 */
#include "rules.h"

#include <string.h>

/* user32 registers its system control classes in the desktop heap of each
 * process's first GUI thread: 10 in ReactOS's RegisterSystemControls
 * (reactos-notes s.4). */
#define SYSTEM_CLASSES 10
/* Estimate: comctl32 registers about 20 common-control classes when a
 * process pulls in shell32 (SHGetFolderPath), plus OLE's
 * OleMainThreadWndClass (seed comment 58: 'OLE STA thread windows'). */
#define COMCTL_CLASSES 20
/* "OleMainThreadWndName": the hidden COM apartment window's title. */
#define OLE_TITLE_CHARS 20

static const char *const sources[DH_KIND_COUNT] = {
    [DH_KIND_NONE] = "seed: 'If an application does not depend on "
                     "user32.dll, it does not consume desktop heap'",
    [DH_KIND_CONSOLE] = "seed comments 58 and 65: about 3 KB per console "
                        "process; itemised: thread info, input context, "
                        "10 system classes (reactos-notes s.4); the rest "
                        "opaque, calibrated",
    [DH_KIND_GUI] = "seed comment 58: just over 9 KB with wsprintf and "
                    "SHGetFolderPath; itemised: console's objects, 21 more "
                    "classes and OLE's hidden window (estimate); the rest "
                    "opaque, calibrated",
    [DH_KIND_SERVICE] = "console objects plus the hidden COM apartment "
                        "window and its class (seed comment 58: 'OLE STA "
                        "thread windows')",
    [DH_KIND_BROWSER_TAB] = "seed comment 7: 40 IE tabs took a 3072 KB heap "
                            "from 15 % to 86 %; a tab is a tree of "
                            "tab_windows windows, each with cbWndExtra 8, a "
                            "16-character title and 2 properties "
                            "(calibrated count)",
    [DH_KIND_RAW] = "the scenario's cost_bytes / cost_kb, one opaque amount",
    [DH_KIND_OBJECTS] = "the scenario's own object list",
    [DH_KIND_CATALOGUE] = "the catalogue of today's programs (dheapsim "
                          "kinds): each with its own source",
};

static const char *const names[DH_KIND_COUNT] = {
    "none", "console", "gui", "service", "browser-tab", "raw", "objects",
    "catalogue"};

const char *dh_proc_kind_name(dh_proc_kind k)
{
    return (unsigned)k < DH_KIND_COUNT ? names[k] : "?";
}

const char *dh_recipe_source(dh_proc_kind k)
{
    return (unsigned)k < DH_KIND_COUNT ? sources[k] : "";
}

static size_t put(dh_obj_spec *out, size_t n, size_t max, dh_obj_type t,
                  uint64_t count, uint64_t extra, uint64_t chars)
{
    if (n < max && count > 0)
        out[n++] = (dh_obj_spec){.type = t, .count = count, .extra = extra,
                                 .chars = chars};
    return n;
}

/* Heap bytes the lines take on profile p (block rule included). */
static uint64_t itemised(const dh_obj_spec *l, size_t n, const dh_profile *p)
{
    uint32_t unit = p->arch == DH_ARCH_X64 ? 16 : 8;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t b = dh_heap_block_bytes(
            unit, dh_obj_request_bytes(p, l[i].type, l[i].extra, 0,
                                       l[i].bytes));
        if (l[i].type == DH_OBJ_WINDOW && l[i].chars > 0)
            b += dh_heap_block_bytes(unit, dh_obj_request_bytes(
                                               p, DH_OBJ_TITLE, 0,
                                               l[i].chars, 0));
        if (l[i].type == DH_OBJ_WINDOW)
            b += l[i].props * dh_heap_block_bytes(
                                  unit, dh_obj_request_bytes(
                                            p, DH_OBJ_PROPERTY, 0, 0, 0));
        sum += b * l[i].count;
    }
    return sum;
}

/* Append the opaque remainder that makes the lines total `target` heap
 * bytes on the reference profile (Server 2003 x86, where the seed measured),
 * scaled for x64 by x64_opaque_scale_pct. */
static size_t calibrate(dh_obj_spec *out, size_t n, size_t max,
                        uint64_t target, const dh_assumptions *a,
                        const dh_profile *p)
{
    const dh_profile *ref = dh_profile_find("win2003-x86");
    uint64_t have = itemised(out, n, ref);
    if (ref == NULL || target < have + 16 || n >= max)
        return n;
    uint64_t bytes = target - have - 8; /* the block adds an 8-byte header */
    if (p->arch == DH_ARCH_X64)
        bytes = bytes / 100 * a->x64_opaque_scale_pct +
                bytes % 100 * a->x64_opaque_scale_pct / 100;
    out[n++] = (dh_obj_spec){.type = DH_OBJ_OPAQUE, .count = 1,
                             .bytes = bytes};
    return n;
}

static size_t console_objects(dh_obj_spec *out, size_t max)
{
    size_t n = put(out, 0, max, DH_OBJ_THREADINFO, 1, 0, 0);
    n = put(out, n, max, DH_OBJ_IMC, 1, 0, 0);
    return put(out, n, max, DH_OBJ_CLASS, SYSTEM_CLASSES, 0, 0);
}

static size_t ole_window(dh_obj_spec *out, size_t n, size_t max,
                         uint64_t classes)
{
    n = put(out, n, max, DH_OBJ_CLASS, classes, 0, 0);
    return put(out, n, max, DH_OBJ_WINDOW, 1, 0, OLE_TITLE_CHARS);
}

const char *dh_cost_end_name(dh_cost_end e)
{
    switch (e) {
    case DH_COST_LOW: return "low";
    case DH_COST_HIGH: return "high";
    default: return "typical";
    }
}

size_t dh_recipe_lines(dh_proc_kind k, const dh_assumptions *a,
                       const dh_profile *p, dh_obj_spec *out, size_t max)
{
    return dh_recipe_lines_at(k, DH_COST_TYPICAL, a, p, out, max);
}

/* The seed's kinds have one measured point each: every end is the same. */
size_t dh_recipe_lines_at(dh_proc_kind k, dh_cost_end end,
                          const dh_assumptions *a, const dh_profile *p,
                          dh_obj_spec *out, size_t max)
{
    (void)end;
    size_t n = 0;
    switch (k) {
    case DH_KIND_CONSOLE:
        n = console_objects(out, max);
        return calibrate(out, n, max, a->cost_console, a, p);
    case DH_KIND_GUI:
        n = console_objects(out, max);
        n = ole_window(out, n, max, COMCTL_CLASSES + 1);
        return calibrate(out, n, max, a->cost_gui, a, p);
    case DH_KIND_SERVICE:
        n = console_objects(out, max);
        n = calibrate(out, n, max, a->cost_console, a, p);
        return ole_window(out, n, max, 1);
    case DH_KIND_BROWSER_TAB:
        n = put(out, 0, max, DH_OBJ_WINDOW, a->tab_windows, 8, 16);
        if (n > 0)
            out[0].props = 2;
        return n;
    default:
        return 0;
    }
}

size_t dh_catalogue_lines(const dh_catalogue_kind *k, dh_cost_end end,
                          const dh_assumptions *a, const dh_profile *p,
                          dh_obj_spec *out, size_t max)
{
    (void)a;
    size_t n = put(out, 0, max, DH_OBJ_THREADINFO, 1, 0, 0);
    n = put(out, n, max, DH_OBJ_IMC, 1, 0, 0);
    if (k->gui)
        n = put(out, n, max, DH_OBJ_WINDOW, 1, 0, 0);
    uint64_t target = dh_catalogue_bytes(k, end, a, p);
    uint64_t have = itemised(out, n, p);
    uint32_t unit = p->arch == DH_ARCH_X64 ? 16 : 8;
    if (target > have + 2 * unit && n < max)
        out[n++] = (dh_obj_spec){.type = DH_OBJ_OPAQUE, .count = 1,
                                 .bytes = target - have - unit};
    return n;
}

const char *dh_console_mode_name(dh_console_mode m)
{
    switch (m) {
    case DH_CONSOLE_NEW: return "new";
    case DH_CONSOLE_INHERIT: return "inherit";
    case DH_CONSOLE_DETACHED: return "detached";
    case DH_CONSOLE_NO_WINDOW: return "no_window";
    default: return "auto";
    }
}

uint64_t dh_lines_heap_bytes(const dh_obj_spec *l, size_t n,
                             const dh_profile *p)
{
    return itemised(l, n, p);
}

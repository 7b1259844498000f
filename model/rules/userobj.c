/*
 * userobj.c — the catalogue of USER objects a desktop heap holds and the
 * bytes each asks of the heap, per Windows version and architecture.
 * WND sizes: Geoff Chappell's WND page (domain-facts 4a, via the profile's
 * wnd_bytes); the other sizes are ReactOS layouts (reactos-notes s.4),
 * marked as estimates: no public source gives Windows' own.
 */
#include "rules.h"

#include <string.h>

typedef struct {
    const char *name;
    uint32_t x86, x64;      /* sizeof, bytes, before the heap's block rule */
    bool handle;            /* takes a USER handle */
    const char *source;
} obj_info;

static const obj_info infos[DH_OBJ_TYPE_COUNT] = {
    [DH_OBJ_DESKTOPINFO] = {"desktopinfo", 176, 344, false,
        "estimate: ReactOS DESKTOPINFO 176/344 B + the name "
        "(reactos-notes s.4)"},
    [DH_OBJ_WINDOW] = {"window", 0, 0, true,
        "WND per USER version (Geoff Chappell, domain-facts 4a) + "
        "cbWndExtra"},
    [DH_OBJ_TITLE] = {"title", 0, 0, false,
        "2 bytes a character + NUL terminator (reactos-notes s.4)"},
    [DH_OBJ_PROPERTY] = {"property", 16, 16, false,
        "estimate: DesktopAlloc 'with a size of 16' in CreateProp "
        "(ReactOS Techwiki, domain-facts 4a); Windows keeps properties "
        "in the desktop heap (reactos-notes s.4)"},
    [DH_OBJ_CLASS] = {"class", 96, 168, false,
        "estimate: ReactOS CLS 96/168 B + cbClsExtra (reactos-notes s.4)"},
    [DH_OBJ_MENU] = {"menu", 104, 168, true,
        "estimate: ReactOS MENU 104/168 B (reactos-notes s.4)"},
    [DH_OBJ_MENU_ITEMS] = {"menu_items", 84, 128, false,
        "estimate: ReactOS ITEM 84/128 B per item (reactos-notes s.4)"},
    [DH_OBJ_HOOK] = {"hook", 72, 144, true,
        "estimate: ReactOS HOOK 72/144 B (reactos-notes s.4)"},
    [DH_OBJ_THREADINFO] = {"threadinfo", 20, 20, false,
        "estimate: CLIENTTHREADINFO 20 B per GUI thread and desktop "
        "(reactos-notes s.4)"},
    [DH_OBJ_IMC] = {"imc", 32, 64, false,
        "estimate: ReactOS input context 32/64 B per GUI thread "
        "(reactos-notes s.4)"},
    [DH_OBJ_CALLPROC] = {"callproc", 32, 64, false,
        "estimate: ReactOS CALLPROCDATA 32/64 B (reactos-notes s.4)"},
    [DH_OBJ_OPAQUE] = {"opaque", 0, 0, false,
        "bytes no source itemises: calibrated recipe remainders and "
        "observed charges"},
};

const char *dh_obj_type_name(dh_obj_type t)
{
    return (unsigned)t < DH_OBJ_TYPE_COUNT ? infos[t].name : "?";
}

bool dh_obj_takes_user_handle(dh_obj_type t)
{
    return (unsigned)t < DH_OBJ_TYPE_COUNT && infos[t].handle;
}

const char *dh_obj_size_source(dh_obj_type t)
{
    return (unsigned)t < DH_OBJ_TYPE_COUNT ? infos[t].source : "";
}

/* extra, chars and bytes come from the loader, which bounds each to
 * DH_MAX_BYTES (2^40), so no product below can overflow 64 bits. */
uint64_t dh_obj_request_bytes(const dh_profile *p, dh_obj_type t,
                              uint64_t extra, uint64_t chars, uint64_t bytes)
{
    bool x64 = p->arch == DH_ARCH_X64;
    uint64_t base = (unsigned)t < DH_OBJ_TYPE_COUNT
                        ? (x64 ? infos[t].x64 : infos[t].x86) : 0;
    switch (t) {
    case DH_OBJ_WINDOW: return p->wnd_bytes + extra;
    case DH_OBJ_TITLE: return 2 * chars + 2;
    case DH_OBJ_DESKTOPINFO: return base + 2 * chars + 2;
    case DH_OBJ_CLASS: return base + extra;
    case DH_OBJ_MENU_ITEMS: return base * extra;
    case DH_OBJ_OPAQUE: return bytes;
    default: return base;
    }
}

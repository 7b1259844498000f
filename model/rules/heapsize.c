/*
 * heapsize.c — rule 1: the heap size of a desktop. Winlogon and Disconnect
 * on the interactive station have fixed sizes; other WinSta0 desktops take
 * the 2nd SharedSection value; non-interactive stations the 3rd (seed,
 * "Configuring the size of individual desktop heaps"; KB 184802).
 */
#include "rules.h"

#include <strings.h>

static const struct {
    const char *name;
    const char *source;
} rules[] = {
    [DH_RULE_FIXED_WINLOGON] = {"fixed Winlogon heap",
        "seed: 'Winlogon desktop heap is 128 KB'; comment 20: 192 KB x64"},
    [DH_RULE_FIXED_DISCONNECT] = {"fixed Disconnect heap",
        "seed: 'Disconnect desktop heap is 64 KB'; comment 20: 96 KB x64"},
    [DH_RULE_INTERACTIVE] = {"interactive: SharedSection 2nd value",
        "seed; KB 184802 value 2"},
    [DH_RULE_NONINTERACTIVE] = {"non-interactive: SharedSection 3rd value",
        "seed; KB 184802 value 3"},
    [DH_RULE_NONINTERACTIVE_2ND] = {"non-interactive, no 3rd value: 2nd "
        "value", "seed: 'If this value is not present ... same as ... "
        "interactive'; KB Q142676"},
    [DH_RULE_EXPLICIT] = {"CreateDesktopEx heap size",
        "CreateDesktopEx ulHeapSize, Vista and later (seed comment 52)"},
    [DH_RULE_FALLBACK_INTERACTIVE] = {"fallback safe size 512 KB",
        "seed comment 29: reservation failed, 'safe' 512 KB interactive"},
    [DH_RULE_FALLBACK_NONINTERACTIVE] = {"fallback safe size 128 KB",
        "seed comments 26 and 29: 'safe' 128 KB non-interactive"},
};

const char *dh_heap_rule_name(dh_heap_rule r)
{
    return rules[r].name;
}

const char *dh_heap_rule_source(dh_heap_rule r)
{
    return rules[r].source;
}

/* Seed: 'Only one window station per session is permitted to interact with
 * the user. This window station is named "Winsta0."' Object names are
 * case-insensitive in Windows. */
bool dh_station_is_interactive(const char *station)
{
    return station != NULL && strcasecmp(station, "WinSta0") == 0;
}

static uint64_t round_up(uint64_t v, uint64_t unit)
{
    return (v + unit - 1) / unit * unit;
}

uint64_t dh_rule_desktop_heap_size(const dh_config *c, const char *station,
                                   const char *desktop, uint64_t explicit_kb,
                                   bool fallback, dh_heap_rule *rule)
{
    const dh_profile *p = c->profile;
    bool interactive = dh_station_is_interactive(station);
    if (interactive && strcasecmp(desktop, "Winlogon") == 0) {
        *rule = DH_RULE_FIXED_WINLOGON;
        return (uint64_t)p->winlogon_kb * DH_KB;
    }
    if (interactive && p->disconnect_kb != 0 &&
        strcasecmp(desktop, "Disconnect") == 0) {
        *rule = DH_RULE_FIXED_DISCONNECT;
        return (uint64_t)p->disconnect_kb * DH_KB;
    }
    if (explicit_kb != 0 && p->has_createdesktopex) {
        *rule = DH_RULE_EXPLICIT;
        return round_up(explicit_kb * DH_KB, p->page_size);
    }
    if (fallback) {
        *rule = interactive ? DH_RULE_FALLBACK_INTERACTIVE
                            : DH_RULE_FALLBACK_NONINTERACTIVE;
        return (interactive ? DH_FALLBACK_INTERACTIVE_KB
                            : DH_FALLBACK_NONINTERACTIVE_KB) * DH_KB;
    }
    if (interactive) {
        *rule = DH_RULE_INTERACTIVE;
        return c->ss.interactive_kb * DH_KB;
    }
    *rule = c->ss.noninteractive_given ? DH_RULE_NONINTERACTIVE
                                       : DH_RULE_NONINTERACTIVE_2ND;
    return c->ss.noninteractive_kb * DH_KB;
}

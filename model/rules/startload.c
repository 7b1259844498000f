/*
 * startload.c — what a real machine's desktops already hold before the
 * workload: the seed's dheapmon tables measured it (Used Rate, which
 * counts the desktop's own objects and header). An assumption with a
 * range (low, typical, high), on by default (start_load), shown in every
 * report; a desktop the scenario charges itself (an imported table) gets
 * none. docs/sources.md "Assumptions": start_load.
 */
#include "rules.h"

#include <string.h>
#include <strings.h>

/* Bytes used on 32-bit XP/2003 as the seed's tables show them (Used Rate
 * times the heap size of that table):
 * - Service-0x0-3e7$\Default (LocalSystem services), 512 KB: 15.1 %
 *   (seed body, Server 2003) and 23.8 % (seed comment 62, XP): 79167 and
 *   124780 bytes; typical their mean;
 * - Service-0x0-3e4$ (NetworkService): 5.1 % and 4.3 %; Service-0x0-3e5$
 *   (LocalService): 1.1 % and 2.4 %;
 * - WinSta0\Default with a user logged on, 3072 KB: 5.7 % (seed body),
 *   10.4 % (comment 62), 15 % (comment 7, Vista, before IE): 179306,
 *   327156 and 471859 bytes.
 * 64-bit: the seed's Server 2003 x64 table (comment 64, 768 KB service
 * heaps) shows 5.1 %, 0.9 % and 0.2 % as the low end; the high end is the
 * 32-bit one scaled by x64_opaque_scale_pct (150 %). */
typedef struct {
    const char *station;
    uint32_t x86[3];
    uint32_t x64[3];
    const char *source;
} load_row;

#define SRC_SVC "seed body table (15.1 %, Server 2003), seed comment 62 " \
                "(23.8 %, XP), comment 64 (5.1 %, 2003 x64)"
static const load_row service_rows[] = {
    {"Service-0x0-3e7$", {79167, 101974, 124780}, {40108, 113639, 187170},
     SRC_SVC},
    {"Service-0x0-3e4$", {22544, 24642, 26739}, {7078, 23575, 40108},
     "seed body table (5.1 %), comment 62 (4.3 %), comment 64 (0.9 %)"},
    {"Service-0x0-3e5$", {5767, 9175, 12583}, {1573, 10224, 18874},
     "seed body table (1.1 %), comment 62 (2.4 %), comment 64 (0.2 %)"},
};

static const load_row interactive_row = {
    "WinSta0", {179306, 327156, 471859}, {268959, 490734, 707789},
    "seed body table (5.7 %), comment 62 (10.4 %), comment 7 (15 %, "
    "Vista session 1 before IE) of 3072 KB; x64 scaled by 150 %"};

static uint64_t pick(const load_row *r, const dh_profile *p,
                     dh_cost_end end)
{
    int i = end == DH_COST_LOW ? 0 : end == DH_COST_HIGH ? 2 : 1;
    return p->arch == DH_ARCH_X64 ? r->x64[i] : r->x86[i];
}

uint64_t dh_start_load_bytes(const dh_profile *p, uint32_t session,
                             const char *station, const char *desktop,
                             dh_cost_end end, const char **source)
{
    *source = NULL;
    if (station == NULL || desktop == NULL ||
        strcasecmp(desktop, "Default") != 0)
        return 0;
    if (session == 0)
        for (size_t i = 0; i < sizeof service_rows / sizeof *service_rows;
             i++)
            if (strcasecmp(station, service_rows[i].station) == 0) {
                *source = service_rows[i].source;
                return pick(&service_rows[i], p, end);
            }
    /* A user's desktop: session 0 before Vista (the console user), any
     * other session always; Vista and later keep users out of session 0. */
    const char *v = p->user_version;
    int major = 0;
    while (*v >= '0' && *v <= '9')
        major = major * 10 + (*v++ - '0');
    bool vista = major >= 6; /* USER 6.0 is Vista */
    if (strcasecmp(station, "WinSta0") == 0 && (session != 0 || !vista)) {
        *source = interactive_row.source;
        return pick(&interactive_row, p, end);
    }
    return 0;
}

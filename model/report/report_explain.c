/*
 * report_explain.c — `dheapsim explain`: plain words from a result. The
 * session tree as the seed draws it, each heap with the rule that sized it
 * and the registry value behind it (heapsize.c), the view-space budget
 * with its 64 KB rounding (viewspace.c), the reservation decision with its
 * arithmetic (reservation.c), the first failure (explain_failure.c), and
 * the sources (explain_sources.c).
 */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long kb(uint64_t bytes)
{
    return (unsigned long long)(bytes / DH_KB);
}

/* ------------------------------------------------------------ config */

static void configuration(dh_buf *b, const dh_result *r)
{
    const dh_config *c = &r->config;
    const dh_profile *p = c->profile;
    const dh_shared_section *ss = &c->ss;
    dh_buf_printf(b, "Configuration\n  Windows: %s - %s\n", p->id, p->name);
    dh_buf_printf(b, "  SharedSection=%s%s%s%s\n", c->shared_section_text,
                  c->shared_section_default ? " as shipped [" : "",
                  c->shared_section_default ? p->src_shared_section : "",
                  c->shared_section_default ? "]" : "");
    dh_buf_printf(b, "    1st value %llu KB: the shared heap, common to all "
                  "desktops; not a desktop heap [seed; KB 184802]\n",
                  (unsigned long long)ss->shared_kb);
    dh_buf_printf(b, "    2nd value %llu KB: each desktop of the interactive "
                  "window station WinSta0, except Winlogon and Disconnect "
                  "[seed; KB 184802]\n",
                  (unsigned long long)ss->interactive_kb);
    if (ss->noninteractive_given)
        dh_buf_printf(b, "    3rd value %llu KB: each desktop of a "
                      "non-interactive window station [seed; KB 184802]\n",
                      (unsigned long long)ss->noninteractive_kb);
    else
        dh_buf_printf(b, "    no 3rd value: non-interactive desktops take the "
                      "2nd, %llu KB [seed; KB Q142676]\n",
                      (unsigned long long)ss->noninteractive_kb);
    if (c->view_size == 0)
        dh_buf_printf(b, "  Session view space: dynamic, no cap (%s)\n",
                      c->view_rule);
    else
        dh_buf_printf(b, "  Session view space: %llu MB = %llu KB (%s)\n",
                      (unsigned long long)(c->view_size / DH_MB),
                      kb(c->view_size), c->view_rule);
    dh_buf_printf(b, "  /3GB: %s%s\n\n", c->registry.boot_3gb ? "on" : "off",
                  c->view_3gb_forced ? " - it fixes session view space at "
                  "20 MB whatever SessionViewSize says [P7; KB 184802]" : "");
}

/* ------------------------------------------------------------ tree */

static const char *station_kind(const char *st)
{
    if (dh_station_is_interactive(st))
        return "interactive window station: the one that can interact with "
               "the user [seed]";
    if (strcmp(st, "Service-0x0-3e7$") == 0)
        return "non-interactive: services running as LocalSystem "
               "(SYSTEM_LUID 0x3e7) [seed comment 23]";
    if (strcmp(st, "Service-0x0-3e4$") == 0)
        return "non-interactive: NetworkService (LUID 0x3e4) [seed]";
    if (strcmp(st, "Service-0x0-3e5$") == 0)
        return "non-interactive: LocalService (LUID 0x3e5) [seed]";
    if (strcmp(st, "SAWinSta") == 0)
        return "non-interactive: Task Scheduler tasks [seed comment 64]";
    if (strncmp(st, "Service-0x0-", 12) == 0)
        return "non-interactive: one logon of a service under a user "
               "account; a new station each logon [seed; KB Q142676]";
    return "non-interactive window station";
}

/* The registry value behind the rule, in words. */
static void rule_value(dh_buf *b, const dh_config *c, dh_heap_rule rule)
{
    const dh_shared_section *ss = &c->ss;
    switch (rule) {
    case DH_RULE_INTERACTIVE:
        dh_buf_printf(b, "registry: SharedSection 2nd value = %llu KB",
                      (unsigned long long)ss->interactive_kb);
        break;
    case DH_RULE_NONINTERACTIVE:
        dh_buf_printf(b, "registry: SharedSection 3rd value = %llu KB",
                      (unsigned long long)ss->noninteractive_kb);
        break;
    case DH_RULE_NONINTERACTIVE_2ND:
        dh_buf_printf(b, "registry: SharedSection has no 3rd value, so the "
                      "2nd = %llu KB", (unsigned long long)ss->interactive_kb);
        break;
    case DH_RULE_FIXED_WINLOGON:
    case DH_RULE_FIXED_DISCONNECT:
        dh_buf_printf(b, "no registry value: fixed on %s", c->profile->id);
        break;
    case DH_RULE_EXPLICIT:
        dh_buf_puts(b, "no registry value: the size given to "
                       "CreateDesktopEx");
        break;
    case DH_RULE_FALLBACK_INTERACTIVE:
        dh_buf_printf(b, "registry: SharedSection 2nd value %llu KB not "
                      "used: the reservation failed (see below)",
                      (unsigned long long)ss->interactive_kb);
        break;
    case DH_RULE_FALLBACK_NONINTERACTIVE:
        dh_buf_printf(b, "registry: SharedSection 3rd value %llu KB not "
                      "used: the reservation failed (see below)",
                      (unsigned long long)ss->noninteractive_kb);
        break;
    }
}

static void tree(dh_buf *b, const dh_result *r, const dh_snapshot *s,
                 const char *when)
{
    dh_buf_printf(b, "The session tree %s (session -> window station -> "
                  "desktop, as the seed draws it)\n", when);
    if (s->nsessions == 0)
        dh_buf_puts(b, "  (no session)\n");
    for (size_t i = 0; i < s->nsessions; i++) {
        const dh_session_rec *se = &s->sessions[i];
        dh_buf_printf(b, "- Session %u: Total Desktop %llu KB - %zu "
                      "desktops\n", (unsigned)se->id,
                      kb(se->total_desktop_bytes), se->ndesktops);
        const char *last = NULL;
        for (size_t j = 0; j < se->ndesktops; j++) {
            const dh_desktop_rec *d = &se->desktops[j];
            if (last == NULL || strcmp(last, d->winsta) != 0)
                dh_buf_printf(b, "  |-- %s (%s)\n", d->winsta,
                              station_kind(d->winsta));
            last = d->winsta;
            dh_buf_printf(b, "  |     |-- %s: %llu KB - %s\n", d->desktop,
                          kb(d->heap_bytes), dh_heap_rule_name(d->rule));
            dh_buf_puts(b, "  |     |     ");
            rule_value(b, &r->config, d->rule);
            dh_buf_printf(b, " [%s]\n", dh_heap_rule_source(d->rule));
        }
    }
    dh_buf_puts(b, "\n");
}

/* ------------------------------------------------------------ budget */

static void budget(dh_buf *b, const dh_result *r, const dh_snapshot *s,
                   const char *when)
{
    const dh_config *c = &r->config;
    unsigned long long g = kb(c->assume.view_granularity);
    for (size_t i = 0; i < s->nsessions; i++) {
        const dh_session_rec *se = &s->sessions[i];
        dh_buf_printf(b, "View-space budget of session %u %s\n",
                      (unsigned)se->id, when);
        dh_buf_printf(b, "  %-44s %9s %9s\n", "", "size KB", "view KB");
        dh_buf_printf(b, "  %-44s %9llu %9llu%s\n",
                      "shared heap (SharedSection 1st value)",
                      (unsigned long long)c->ss.shared_kb,
                      kb(se->shared_heap_bytes),
                      c->assume.shared_heap_in_view ? ""
                      : "  (assumption shared_heap_in_view off)");
        dh_buf_printf(b, "  %-44s %9llu %9llu\n",
                      "other: printer/font drivers, GDI (other_kb)",
                      kb(se->other_bytes), kb(se->other_bytes));
        uint64_t sum = se->shared_heap_bytes + se->other_bytes;
        size_t rounded = 0;
        for (size_t j = 0; j < se->ndesktops; j++) {
            const dh_desktop_rec *d = &se->desktops[j];
            char name[300];
            snprintf(name, sizeof name, "%s\\%s", d->winsta, d->desktop);
            dh_buf_printf(b, "  %-44s %9llu %9llu%s\n", name,
                          kb(d->heap_bytes), kb(d->view_bytes),
                          d->view_bytes != d->heap_bytes ? "  (rounded up)"
                                                         : "");
            rounded += d->view_bytes != d->heap_bytes;
            sum += d->view_bytes;
        }
        if (sum != se->view_used)
            dh_buf_printf(b, "  %-44s %9s %9llu\n", "other mappings", "",
                          kb(se->view_used - sum));
        dh_buf_printf(b, "  %-44s %9s %9llu\n", "total", "",
                      kb(se->view_used));
        if (se->view_size != 0) {
            uint64_t left = se->view_size > se->view_used
                                ? se->view_size - se->view_used : 0;
            dh_buf_printf(b, "  %llu KB used of %llu KB (%llu %%), %llu KB "
                          "free\n", kb(se->view_used), kb(se->view_size),
                          (unsigned long long)(se->view_used * 100 /
                                               se->view_size), kb(left));
        } else {
            dh_buf_printf(b, "  dynamic view space: no fixed size, it grows "
                          "on demand [P9]; reached %llu KB\n",
                          kb(se->view_extent));
        }
        dh_buf_printf(b, "  Each heap takes a view rounded up to %llu KB "
                      "(assumption view_granularity_kb; reactos-notes s.7); "
                      "%zu heap%s rounded up.\n\n", g, rounded,
                      rounded == 1 ? " was" : "s were");
    }
}

/* ------------------------------------------------------------ rule 3 */

static void reservation(dh_buf *b, const dh_result *r)
{
    const dh_config *c = &r->config;
    const dh_profile *p = c->profile;
    const dh_assumptions *a = &c->assume;
    dh_buf_puts(b, "Reservation at session start (rule 3)\n");
    if (p->view_mode == DH_VIEW_DYNAMIC || c->view_size == 0) {
        dh_buf_puts(b, "  Dynamic session view space: nothing is reserved "
                       "up front, so there is no fallback [P9].\n\n");
        return;
    }
    uint64_t need = 0;
    bool falls = dh_rule_reservation_falls_back(c, &need);
    uint64_t sh = a->shared_heap_in_view
                      ? dh_rule_view_bytes(c, c->ss.shared_kb * DH_KB) : 0;
    uint64_t ot = dh_rule_view_bytes(c, a->other_bytes);
    uint64_t in = dh_rule_view_bytes(c, c->ss.interactive_kb * DH_KB);
    uint64_t wl = dh_rule_view_bytes(c, (uint64_t)p->winlogon_kb * DH_KB);
    uint64_t dc = dh_rule_view_bytes(c, (uint64_t)p->disconnect_kb * DH_KB);
    uint64_t ni = dh_rule_view_bytes(c, c->ss.noninteractive_kb * DH_KB);
    dh_buf_puts(b, "  win32k reserves view space for the heaps a session is "
                   "expected to need [P7 via S1; seed comment 29]:\n");
    dh_buf_printf(b, "    shared heap %llu + other %llu + Default %llu + "
                  "Winlogon %llu + Disconnect %llu\n", kb(sh), kb(ot), kb(in),
                  kb(wl), kb(dc));
    dh_buf_printf(b, "    + %u non-interactive heaps x %llu "
                  "(reserve_noninteractive: an assumption calibrated on seed "
                  "comments 26 and 29)\n", (unsigned)a->reserve_noninteractive,
                  kb(ni));
    dh_buf_printf(b, "    = %llu KB\n", kb(need));
    if (!falls) {
        dh_buf_printf(b, "  %llu KB <= %llu KB of view space: it fits; the "
                      "desktops get their SharedSection sizes.\n\n", kb(need),
                      kb(c->view_size));
        return;
    }
    dh_buf_printf(b, "  %llu KB > %llu KB of view space%s: it does not fit, "
                  "so the session's heaps fall back to the safe sizes: %d KB "
                  "interactive (not Winlogon or Disconnect) and %d KB "
                  "non-interactive [seed comments 26, 29; P7 via S1].\n",
                  kb(need), kb(c->view_size),
                  c->view_3gb_forced ? " (/3GB: 20 MB)" : "",
                  DH_FALLBACK_INTERACTIVE_KB, DH_FALLBACK_NONINTERACTIVE_KB);
    uint64_t fixed = sh + ot + in + wl + dc;
    uint64_t n = a->reserve_noninteractive;
    if (n > 0 && fixed < c->view_size) {
        uint64_t g = a->view_granularity;
        uint64_t most = (c->view_size - fixed) / n / g * g;
        dh_buf_printf(b, "  The largest 3rd value that fits: %llu KB "
                      "(%llu + %llu x %llu = %llu <= %llu KB).\n", kb(most),
                      kb(fixed), (unsigned long long)n, kb(most),
                      kb(fixed + n * most), kb(c->view_size));
    }
    if (c->view_3gb_forced)
        dh_buf_puts(b, "  Or boot without /3GB: SessionViewSize is then "
                       "honoured again [P7; KB 184802].\n");
    dh_buf_puts(b, "\n");
}

/* ------------------------------------------------------------ --step */

dh_status dh_report_explain(const dh_result *r, size_t step, char **out,
                            dh_error *err)
{
    *out = NULL;
    const dh_snapshot *s = &r->final;
    char when[64] = "at the end of the run";
    if (step > 0) {
        size_t nsteps = r->scenario != NULL ? r->scenario->nsteps : 0;
        if (step > nsteps)
            return dh_error_set(err, DH_EINPUT, "--step %zu: the scenario "
                                "has %zu step%s", step, nsteps,
                                nsteps == 1 ? "" : "s");
        if (r->at_step_of != step)
            return dh_error_set(err, DH_EINTERNAL, "--step %zu needs a run "
                                "with snapshot_step %zu", step, step);
        s = &r->at_step;
        snprintf(when, sizeof when, "after step %zu", step);
    }
    dh_buf b;
    dh_buf_init(&b);
    const dh_scenario *sc = r->scenario;
    dh_buf_printf(&b, "dheapsim explain: %s\n",
                  sc != NULL && sc->name ? sc->name : "(no name)");
    if (sc != NULL && sc->source != NULL)
        dh_buf_printf(&b, "Workload source: %s\n", sc->source);
    dh_buf_puts(&b, "\n");
    configuration(&b, r);
    tree(&b, r, s, when);
    budget(&b, r, s, when);
    reservation(&b, r);
    dh_explain_failure(&b, r, &r->final);
    dh_explain_sources(&b);
    return dh_buf_take(&b, out);
}

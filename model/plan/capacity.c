/*
 * capacity.c — capacity planning read from one run: how many times the
 * grown step ran before the first failure (run.c's grow_label mode), and
 * with ranged costs the runs at both ends too (at once through the
 * executor); the heap sizes the rules give (rules 1 and 3) and the
 * headroom left per heap.
 */
#include "plan.h"

#include <string.h>

void dh_capacity_of(const dh_result *r, const char *label, dh_capacity *cap)
{
    memset(cap, 0, sizeof *cap);
    cap->label = label;
    cap->step = r->grow_step;
    cap->stopped_by = "not_reached";
    for (size_t i = 0; i < r->nrepeats; i++) {
        const dh_repeat_result *rr = &r->repeats[i];
        if (rr->step != r->grow_step)
            continue;
        cap->reached = true;
        cap->count = rr->succeeded;
        cap->stopped_by = rr->stopped_by;
        return;
    }
    /* A failure before the grown step stopped the run: it never ran. */
    if (r->first_failure.happened && r->first_failure.kind != NULL)
        cap->stopped_by = r->first_failure.kind;
}

static bool step_single_figure(const dh_step *s)
{
    switch (s->proc_kind) {
    case DH_KIND_CONSOLE:
    case DH_KIND_GUI:
    case DH_KIND_SERVICE:
    case DH_KIND_BROWSER_TAB:
        return true;
    case DH_KIND_CATALOGUE: {
        const dh_catalogue_kind *k = dh_catalogue_at((size_t)s->catalogue);
        return k != NULL && k->bytes[0] == k->bytes[2];
    }
    default:
        return false;
    }
}

bool dh_capacity_single_figure(const dh_scenario *sc, size_t step,
                               const char **from)
{
    *from = NULL;
    if (sc == NULL || step == 0 || step > sc->nsteps)
        return false;
    const dh_step *s = &sc->steps[step - 1];
    if (s->nmembers == 0) {
        *from = step_single_figure(s) ? s->cost_from : NULL;
        return *from != NULL;
    }
    for (size_t i = 0; i < s->nmembers; i++)
        if (step_single_figure(&s->members[i])) {
            *from = s->members[i].cost_from;
            return true;
        }
    return false;
}

typedef struct {
    const dh_scenario *sc;
    const dh_run_options *opt;
    dh_result *r[3];        /* typical, high, low */
    dh_error errs[3];
    dh_status st[3];
} cap_jobs;

static void cap_one(void *ctx, size_t i)
{
    cap_jobs *j = ctx;
    dh_run_options o = *j->opt;
    if (i > 0) { /* the range's ends: counts only */
        o.cost_end = i == 1 ? DH_COST_HIGH : DH_COST_LOW;
        o.record_trace = false;
        o.trace_iterations = false;
        o.heap_trace = NULL;
    }
    dh_error_clear(&j->errs[i]);
    j->st[i] = dh_run(j->sc, &o, &j->r[i], &j->errs[i]);
}

dh_status dh_capacity_run(const dh_scenario *sc, const dh_run_options *opt,
                          dh_result **out, dh_capacity *cap, dh_error *err)
{
    *out = NULL;
    memset(cap, 0, sizeof *cap);
    if (opt == NULL || opt->grow_label == NULL)
        return dh_error_set(err, DH_EINTERNAL, "capacity run without a "
                            "label to grow");
    /* Ranged costs: the typical end and both ends of the range, three
     * independent runs (at once through the executor). */
    bool ranged = opt->cost_end == DH_COST_TYPICAL &&
                  dh_scenario_has_ranges(sc) &&
                  !(opt->empty && !dh_scenario_has_ranges_besides_load(sc));
    cap_jobs j = {.sc = sc, .opt = opt};
    dh_execute(opt->exec, ranged ? 3 : 1, cap_one, NULL, &j);
    dh_status st = DH_OK;
    for (size_t i = 0; i < (ranged ? 3u : 1u); i++)
        if (j.st[i] != DH_OK && st == DH_OK) {
            st = j.st[i];
            if (err != NULL)
                *err = j.errs[i];
        }
    if (st != DH_OK) {
        for (size_t i = 0; i < 3; i++)
            dh_result_free(j.r[i]);
        return st;
    }
    *out = j.r[0];
    dh_capacity_of(*out, opt->grow_label, cap);
    /* Only where the heap the unit costs stopped it: a view-space limit
     * comes from the heap sizes, not from the unit's cost. */
    if (cap->reached && strcmp(cap->stopped_by, "desktop_heap") == 0)
        cap->unit_single_figure =
            dh_capacity_single_figure(sc, cap->step, &cap->unit_cost_from);
    if (!ranged)
        return DH_OK;
    dh_capacity c;
    dh_capacity_of(j.r[1], opt->grow_label, &c);
    cap->range_low = c.count;
    dh_capacity_of(j.r[2], opt->grow_label, &c);
    cap->range_high = c.count;
    cap->range_high_open = strcmp(c.stopped_by, "repeat_limit") == 0;
    dh_result_free(j.r[1]);
    dh_result_free(j.r[2]);
    cap->ranged = true;
    return DH_OK;
}

void dh_heap_sizes_of(const dh_result *r, dh_heap_sizes *hs)
{
    const dh_config *c = &r->config;
    dh_heap_rule rule;
    hs->fallback = r->failures[DH_EV_FALLBACK] != 0;
    hs->interactive_kb = dh_rule_desktop_heap_size(c, "WinSta0", "Default", 0,
                                                   hs->fallback, &rule) /
                         DH_KB;
    hs->noninteractive_kb =
        dh_rule_desktop_heap_size(c, "Service-0x0-3e7$", "Default", 0,
                                  hs->fallback, &rule) / DH_KB;
    hs->winlogon_kb = dh_rule_desktop_heap_size(c, "WinSta0", "Winlogon", 0,
                                                hs->fallback, &rule) / DH_KB;
    /* Windows 2000 has no Disconnect desktop: 0. */
    hs->disconnect_kb = c->profile->disconnect_kb == 0
                            ? 0
                            : dh_rule_desktop_heap_size(c, "WinSta0",
                                                        "Disconnect", 0,
                                                        hs->fallback, &rule) /
                                  DH_KB;
}

bool dh_min_headroom(const dh_result *r, uint64_t *bytes, uint32_t *session,
                     const char **winsta, const char **desktop)
{
    bool any = false;
    for (size_t i = 0; i < r->final.nsessions; i++) {
        const dh_session_rec *s = &r->final.sessions[i];
        for (size_t j = 0; j < s->ndesktops; j++) {
            const dh_desktop_rec *d = &s->desktops[j];
            uint64_t left = d->heap_bytes - d->used_bytes;
            if (!any || left < *bytes) {
                any = true;
                *bytes = left;
                *session = s->id;
                *winsta = d->winsta;
                *desktop = d->desktop;
            }
        }
    }
    return any;
}

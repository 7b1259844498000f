/*
 * report_capacity.c — the capacity report: how many times the grown step
 * ran with no failure, which limit stopped it and where (rule 5's first
 * failure), and the desktops at that point, as text and as JSON.
 */
#include "report_private.h"

#include <stdio.h>
#include <string.h>

static const char *step_action(const dh_result *r, size_t step)
{
    const dh_scenario *sc = r->scenario;
    if (sc == NULL || step == 0 || step > sc->nsteps)
        return "?";
    return dh_step_kind_name(sc->steps[step - 1].kind);
}

static bool is_unit(const dh_result *r, size_t step)
{
    const dh_scenario *sc = r->scenario;
    return sc != NULL && step >= 1 && step <= sc->nsteps &&
           sc->steps[step - 1].kind == DH_STEP_UNIT;
}

/* " (19-31)" when the costs' ends give other counts, else "". */
static void range_text(char *buf, size_t len, const dh_capacity *c)
{
    buf[0] = '\0';
    if (!c->ranged || (c->range_low == c->count && c->range_high == c->count))
        return;
    snprintf(buf, len, " (%llu-%s%llu)", (unsigned long long)c->range_low,
             c->range_high_open ? "at least " : "",
             (unsigned long long)c->range_high);
}

static void capacity_line(dh_buf *b, const dh_result *r,
                          const dh_capacity *c)
{
    unsigned long long n = (unsigned long long)c->count;
    char rg[96];
    range_text(rg, sizeof rg, c);
    dh_buf_printf(b, "Grown step: %zu (%s, %s), repeated until the first "
                  "failure\n", c->step, c->label ? c->label : "",
                  step_action(r, c->step));
    if (!c->reached)
        dh_buf_printf(b, "Capacity: 0 - a failure at step %zu stopped the "
                      "run before the grown step (%s)\n",
                      r->first_failure.step, c->stopped_by);
    else if (strcmp(c->stopped_by, "repeat_limit") == 0)
        dh_buf_printf(b, "Capacity: at least %llu - no failure within "
                      "repeat_limit; nothing stopped it\n", n);
    else if (is_unit(r, c->step)) {
        const dh_failure *f = &r->first_failure;
        dh_buf_printf(b, "Capacity: %llu unit%s%s - unit %llu failed", n,
                      n == 1 ? "" : "s", rg, n + 1);
        if (f->happened && f->member != NULL)
            dh_buf_printf(b, " at its member '%s'", f->member);
        dh_buf_printf(b, " (%s", f->happened && f->limit ? f->limit
                                                         : c->stopped_by);
        if (f->happened && f->winsta != NULL)
            dh_buf_printf(b, " in %u\\%s\\%s", (unsigned)f->session,
                          f->winsta, f->desktop ? f->desktop : "");
        dh_buf_puts(b, ")\n");
    } else
        dh_buf_printf(b, "Capacity: %llu%s - number %llu fails: %s\n", n, rg,
                      n + 1, c->stopped_by);
    if (rg[0] != '\0')
        dh_buf_printf(b, "  range: %llu with every ranged cost at its high "
                      "end, %s%llu at its low end (the starting load, "
                      "catalogue kinds and conhost: dheapsim kinds); plan "
                      "on the low count\n",
                      (unsigned long long)c->range_low,
                      c->range_high_open ? "at least " : "",
                      (unsigned long long)c->range_high);
    if (c->unit_single_figure)
        dh_buf_printf(b, "  caution: a unit costs one figure (%s), not a "
                      "range; field cases grown on such figures failed "
                      "sooner than the model's count (README, Field "
                      "validation): read the capacity as an upper bound "
                      "and check it against a count you have seen "
                      "(dheapsim calibrate)\n",
                      c->unit_cost_from ? c->unit_cost_from : "?");
    dh_buf_puts(b, "\n");
}

dh_status dh_report_capacity_text(const dh_result *r, const dh_capacity *c,
                                  char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    dh_text_header(&b, r);
    capacity_line(&b, r, c);
    dh_text_first_failure(&b, &r->first_failure);
    dh_buf_puts(&b, "State at that point:\n\n");
    dh_text_tables(&b, &r->final);
    dh_text_notes(&b, r);
    dh_text_assumptions(&b, &r->config.assume);
    return dh_buf_take(&b, out);
}

static json_t *capacity_obj(dh_jc *j, const dh_result *r,
                            const dh_capacity *c)
{
    json_t *o = json_object();
    dh_jset(j, o, "label", dh_jstr(c->label));
    dh_jset(j, o, "step", dh_ju64(c->step));
    dh_jset(j, o, "action", dh_jstr(step_action(r, c->step)));
    dh_jset(j, o, "reached", json_boolean(c->reached));
    dh_jset(j, o, "count", dh_ju64(c->count));
    dh_jset(j, o, "stopped_by", dh_jstr(c->stopped_by));
    dh_jset(j, o, "unit", json_boolean(is_unit(r, c->step)));
    if (c->ranged) {
        json_t *rg = json_object();
        dh_jset(j, rg, "low", dh_ju64(c->range_low));
        dh_jset(j, rg, "typical", dh_ju64(c->count));
        dh_jset(j, rg, "high", dh_ju64(c->range_high));
        dh_jset(j, rg, "high_is_at_least", json_boolean(c->range_high_open));
        dh_jset(j, o, "range", rg);
    } else {
        dh_jset(j, o, "range", json_null());
    }
    dh_jset(j, o, "cost_end", dh_jstr(dh_cost_end_name(r->cost_end)));
    json_t *uc = json_object();
    dh_jset(j, uc, "single_figure", json_boolean(c->unit_single_figure));
    dh_jset(j, uc, "from", c->unit_single_figure && c->unit_cost_from
                               ? dh_jstr(c->unit_cost_from) : json_null());
    dh_jset(j, o, "unit_cost", uc);
    dh_jset(j, o, "failed_member",
        is_unit(r, c->step) && r->first_failure.happened
            ? dh_jstr(r->first_failure.member) : json_null());
    return o;
}

dh_status dh_report_capacity_json(const dh_result *r, const dh_capacity *c,
                                  char **out)
{
    dh_jc j = {false};
    json_t *o = json_object();
    dh_jset(&j, o, "dheapsim_version", dh_jstr(DH_VERSION));
    dh_jset(&j, o, "scenario", dh_json_scenario(&j, r->scenario));
    dh_jset(&j, o, "os", dh_jstr(r->config.profile->id));
    dh_jset(&j, o, "os_name", dh_jstr(r->config.profile->name));
    dh_jset(&j, o, "config", dh_json_config(&j, r));
    dh_jset(&j, o, "capacity", capacity_obj(&j, r, c));
    dh_jset(&j, o, "first_failure",
                dh_json_first_failure(&j, &r->first_failure));
    dh_jset(&j, o, "view_peak_kb",
                dh_ju64(r->view_peak_bytes / DH_KB));
    dh_jset(&j, o, "sessions", dh_json_sessions(&j, &r->final));
    dh_jset(&j, o, "steps_applied", dh_ju64(r->steps_applied));
    return dh_json_take(o, j.oom, out);
}

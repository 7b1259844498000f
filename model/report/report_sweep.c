/*
 * report_sweep.c — the sweep report: one line per (OS, SessionViewSize,
 * SharedSection) point with the capacity found and what stopped it; text,
 * JSON, and CSV (its leading columns are a contract for plots).
 */
#include "report_private.h"

#include <stdio.h>
#include <string.h>

/* "0\Station\Desktop" of a row's failure, "" when none. */
static void where(char *buf, size_t len, const dh_sweep_row *r)
{
    if (r->fail_winsta == NULL)
        buf[0] = '\0';
    else
        snprintf(buf, len, "%u\\%s\\%s", (unsigned)r->fail_session,
                 r->fail_winsta, r->fail_desktop ? r->fail_desktop : "");
}

/* SharedSection with slashes, so a CSV field needs no quotes. */
static void slashed(char *buf, size_t len, const char *ss)
{
    snprintf(buf, len, "%s", ss);
    for (char *p = buf; *p != '\0'; p++)
        if (*p == ',')
            *p = '/';
}

static const char *step_label(const dh_sweep *s)
{
    return s->label != NULL ? s->label : "";
}

dh_status dh_report_sweep_text(const dh_sweep *s, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    const dh_scenario *sc = s->scenario;
    dh_buf_printf(&b, "dheapsim sweep: %s\n", sc && sc->name ? sc->name
                                                             : "(no name)");
    dh_buf_printf(&b, "Grown step: %zu (%s), repeated until the first "
                  "failure at each point\n",
                  s->n > 0 ? s->rows[0].cap.step : 0, step_label(s));
    if (s->scenario != NULL && dh_scenario_has_ranges(s->scenario))
        dh_buf_printf(&b, "Ranged costs (starting load, catalogue kinds, conhost) at their "
                      "%s end%s\n", dh_cost_end_name(s->cost_end),
                      s->cost_end == DH_COST_HIGH
                          ? ": the pessimistic plan (--cost-end to change)"
                          : "");
    dh_buf_puts(&b, "\n");
    dh_buf_printf(&b, "%-17s %-20s %7s %-8s %7s  %-13s %s\n", "os",
                  "SharedSection", "view MB", "fallback", "count",
                  "stopped by", "where");
    for (size_t i = 0; i < s->n; i++) {
        const dh_sweep_row *r = &s->rows[i];
        char w[400];
        where(w, sizeof w, r);
        dh_buf_printf(&b, "%-17s %-20s %7llu %-8s %7llu  %-13s %s\n",
                      r->profile->id, r->shared_section,
                      (unsigned long long)r->view_mb,
                      r->fallback ? "yes" : "no",
                      (unsigned long long)r->cap.count, r->cap.stopped_by, w);
    }
    dh_buf_puts(&b, "\nview MB 0: dynamic view space without a cap. "
                    "stopped by repeat_limit: no failure within the "
                    "assumption repeat_limit.\n");
    size_t flagged = 0;
    const char *from = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (s->rows[i].cap.unit_single_figure) {
            flagged++;
            from = s->rows[i].cap.unit_cost_from;
        }
    if (flagged > 0)
        dh_buf_printf(&b, "caution: at %zu of %zu points a desktop heap "
                      "stopped a unit that costs one figure (%s), not a "
                      "range: read those counts as upper bounds (README, "
                      "capacity)\n", flagged, s->n, from ? from : "?");
    return dh_buf_take(&b, out);
}

static json_t *row_obj(dh_jc *j, const dh_sweep_row *r)
{
    json_t *o = json_object();
    dh_jset(j, o, "os", dh_jstr(r->profile->id));
    dh_jset(j, o, "shared_section", dh_jstr(r->shared_section));
    dh_jset(j, o, "interactive_kb", dh_ju64(r->interactive_kb));
    dh_jset(j, o, "noninteractive_kb",
                dh_ju64(r->noninteractive_kb));
    dh_jset(j, o, "session_view_mb",
                r->view_mb == 0 ? json_null() : dh_ju64(r->view_mb));
    dh_jset(j, o, "fallback", json_boolean(r->fallback));
    dh_jset(j, o, "count", dh_ju64(r->cap.count));
    dh_jset(j, o, "reached", json_boolean(r->cap.reached));
    dh_jset(j, o, "stopped_by", dh_jstr(r->cap.stopped_by));
    json_t *f = json_null();
    if (r->fail_winsta != NULL) {
        f = json_object();
        dh_jset(j, f, "session", dh_ju64(r->fail_session));
        dh_jset(j, f, "winsta", dh_jstr(r->fail_winsta));
        dh_jset(j, f, "desktop", dh_jstr(r->fail_desktop));
    }
    dh_jset(j, o, "stopped_at", f);
    json_t *uc = json_object();
    dh_jset(j, uc, "single_figure", json_boolean(r->cap.unit_single_figure));
    dh_jset(j, uc, "from", r->cap.unit_single_figure && r->cap.unit_cost_from
                               ? dh_jstr(r->cap.unit_cost_from)
                               : json_null());
    dh_jset(j, o, "unit_cost", uc);
    return o;
}

dh_status dh_report_sweep_json(const dh_sweep *s, char **out)
{
    dh_jc j = {false};
    json_t *o = json_object(), *a = json_array();
    dh_jset(&j, o, "dheapsim_version", dh_jstr(DH_VERSION));
    dh_jset(&j, o, "scenario", dh_json_scenario(&j, s->scenario));
    dh_jset(&j, o, "label", dh_jstr(step_label(s)));
    dh_jset(&j, o, "step",
                dh_ju64(s->n > 0 ? s->rows[0].cap.step : 0));
    for (size_t i = 0; i < s->n; i++)
        dh_jpush(&j, a, row_obj(&j, &s->rows[i]));
    dh_jset(&j, o, "points", a);
    return dh_json_take(o, j.oom, out);
}

dh_status dh_report_sweep_csv(const dh_sweep *s, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_puts(&b, "os,shared_section,noninteractive_kb,interactive_kb,"
                    "session_view_mb,count,stopped_by,fallback,"
                    "stopped_at\n");
    for (size_t i = 0; i < s->n; i++) {
        const dh_sweep_row *r = &s->rows[i];
        char ss[sizeof r->shared_section], w[400];
        slashed(ss, sizeof ss, r->shared_section);
        where(w, sizeof w, r);
        dh_csv_field(&b, r->profile->id);
        dh_buf_printf(&b, ",%s,%llu,%llu,%llu,%llu,", ss,
                      (unsigned long long)r->noninteractive_kb,
                      (unsigned long long)r->interactive_kb,
                      (unsigned long long)r->view_mb,
                      (unsigned long long)r->cap.count);
        dh_csv_field(&b, r->cap.stopped_by);
        dh_buf_printf(&b, ",%d,", r->fallback ? 1 : 0);
        dh_csv_field(&b, w);
        dh_buf_puts(&b, "\n");
    }
    return dh_buf_take(&b, out);
}

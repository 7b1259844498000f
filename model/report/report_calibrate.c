/*
 * report_calibrate.c — `dheapsim calibrate` as text: the grown step, what
 * it cost as written, what was observed, the cost found with its range
 * and the counts the model gives at each end.
 */
#include "report_private.h"

#include <inttypes.h>

static void kb(dh_buf *b, uint64_t bytes)
{
    dh_buf_printf(b, "%" PRIu64 " bytes (%" PRIu64 ".%01" PRIu64 " KB)",
                  bytes, bytes / 1024, bytes % 1024 * 10 / 1024);
}

dh_status dh_report_calibration_text(const dh_calibration *c,
                                     const dh_scenario *sc,
                                     const dh_run_options *o,
                                     uint64_t obs_low, uint64_t obs_high,
                                     const char *written_to, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    const dh_step *g = &sc->steps[c->step - 1];
    dh_buf_printf(&b, "dheapsim calibrate: %s\n", sc->name);
    dh_buf_printf(&b, "OS: %s; SharedSection %s\n", o->os ? o->os : sc->os,
                  o->shared_section ? o->shared_section
                  : sc->registry.shared_section ? sc->registry.shared_section
                                                : "as the profile ships it");
    dh_buf_printf(&b, "Grown step: %zu (%s, %s); its raw cost per unit as "
                  "written: ", c->step, o->grow_label,
                  dh_step_kind_name(g->kind));
    kb(&b, c->written);
    dh_buf_printf(&b, "\nObserved: %" PRIu64, obs_low);
    if (obs_high != obs_low)
        dh_buf_printf(&b, "-%" PRIu64, obs_high);
    dh_buf_printf(&b, " units before the failure\nSearch: bracketing over "
                  "the per-unit cost, each cost run once, %" PRIu32
                  " runs\n\n", c->runs);
    if (!c->found) {
        dh_buf_puts(&b, "No cost gives that count: even a 1-byte unit runs "
                    "fewer (something else of the workload fails first, "
                    "or the counted step is not what fails).\n");
        return dh_buf_take(&b, out);
    }
    dh_buf_puts(&b, "Per-unit cost: ");
    kb(&b, c->unit_typical);
    dh_buf_puts(&b, " typical\n  low:  ");
    kb(&b, c->unit_low);
    dh_buf_printf(&b, " (the model then gives %" PRIu64 ")\n  high: ",
                  c->count_low_cost);
    kb(&b, c->unit_high);
    dh_buf_printf(&b, " (the model then gives %" PRIu64 ")\n",
                  c->count_high_cost);
    dh_buf_printf(&b, "  at the typical cost the model gives %" PRIu64 "\n",
                  c->count_typical);
    if (written_to != NULL)
        dh_buf_printf(&b, "\nWrote %s: the scenario with that cost as "
                      "cost_bytes {low, typical, high}; capacity, sweep and "
                      "recommend on it answer other settings (sweep and "
                      "recommend plan on the high end).\n", written_to);
    dh_buf_puts(&b, "\nA cost fitted to one observation: it holds the "
                "machine's whole workload of that step, what the scenario "
                "left out included, so it moves with the workload.\n");
    return dh_buf_take(&b, out);
}

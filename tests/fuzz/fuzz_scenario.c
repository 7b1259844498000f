/*
 * fuzz_scenario.c — libFuzzer target for the scenario JSON loader; each
 * scenario it accepts is run twice (counts capped; the 2nd time with the CSV
 * trace and another OS profile) and given to the three reporters.
 */
#include "dheapsim.h"

#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_REPEAT 20 /* iterations per step in a fuzzed run */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Cap every step at FUZZ_MAX_REPEAT iterations: the loader accepts counts
 * up to its documented limits, which a fuzzer run cannot afford. */
static void cap_counts(dh_scenario *sc)
{
    if (sc->assume.repeat_limit > FUZZ_MAX_REPEAT)
        sc->assume.repeat_limit = FUZZ_MAX_REPEAT;
    for (size_t i = 0; i < sc->nsteps; i++) {
        if (sc->steps[i].count > FUZZ_MAX_REPEAT)
            sc->steps[i].count = FUZZ_MAX_REPEAT;
        for (size_t m = 0; m < sc->steps[i].nmembers; m++)
            if (sc->steps[i].members[m].count > FUZZ_MAX_REPEAT)
                sc->steps[i].members[m].count = FUZZ_MAX_REPEAT;
    }
}

static void report_all(const dh_result *r)
{
    dh_status (*const reporters[])(const dh_result *, char **) = {
        dh_report_text, dh_report_json, dh_report_csv};
    for (size_t i = 0; i < 3; i++) {
        char *out = NULL;
        if (reporters[i](r, &out) == DH_OK && out == NULL)
            abort();
        free(out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_scenario_load_buffer((const char *)data, size,
                                           "fuzz.json", &sc, &err);
    if (st != DH_OK) {
        char buf[1200];
        if (sc != NULL || err.text[0] == '\0' || err.file[0] == '\0')
            abort(); /* an error names the file and the problem */
        dh_error_format(&err, buf, sizeof buf);
        return 0;
    }
    cap_counts(sc);
    for (int trace = 0; trace < 2; trace++) {
        dh_run_options opt;
        memset(&opt, 0, sizeof opt);
        opt.record_trace = trace != 0;
        /* The second run also overrides the OS profile, as --os does, so
         * every view-space mode meets every scenario. */
        if (trace)
            opt.os = dh_profile_at(size % dh_profile_count())->id;
        dh_result *r = NULL;
        dh_error_clear(&err);
        if (dh_run(sc, &opt, &r, &err) == DH_OK) {
            report_all(r);
            dh_result_free(r);
        } else if (r != NULL || err.text[0] == '\0') {
            abort();
        }
    }
    dh_scenario_free(sc);
    return 0;
}

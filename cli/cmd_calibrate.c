/*
 * cmd_calibrate.c — `dheapsim calibrate SCENARIO --grow LABEL --observed
 * N|LOW-HIGH [registry options] [-o FILE]`: the per-unit cost under which
 * the model fails where the machine did (plan/calibrate.c), printed with
 * its range, and the scenario written again with that cost.
 */
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim calibrate SCENARIO --grow LABEL --observed N|LOW-HIGH\n"
    "                          [registry options] [-o FILE]\n"
    "\n"
    "Write the workload as you know it, with the part you do not know as a\n"
    "cost_kb (or cost_bytes) of the grown step, or of its unit's members;\n"
    "say how many units ran on that machine before the failure (and give\n"
    "its registry as it was). calibrate finds the per-unit cost under\n"
    "which the model fails there: the dearest that still gives LOW, the\n"
    "cheapest that gives HIGH, and the middle; each member keeps its\n"
    "share. With -o FILE it writes the scenario with that cost as\n"
    "cost_bytes {low, typical, high}, for capacity, sweep and recommend to\n"
    "answer 'and at 1024 KB?' (they plan on its high end).\n"
    "\n"
    "options:\n"
    "  --grow LABEL                the step (or unit) that was counted\n"
    "  --observed N|LOW-HIGH       how many ran before the failure\n"
    "%s"
    "  -o FILE                     write the calibrated scenario (atomically)\n"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim calibrate scenarios/comment49-service-children.json \\\n"
    "    --grow 'child processes' --observed 20-25 -o calibrated.json\n"
    "  dheapsim capacity calibrated.json --grow 'child processes' \\\n"
    "    --shared-section 1024,3072,1024\n";

static int observed(const char *v, uint64_t *lo, uint64_t *hi)
{
    char *end = NULL;
    unsigned long long a = strtoull(v, &end, 10), b = a;
    if (v[0] >= '0' && v[0] <= '9' && *end == '-') {
        const char *w = end + 1;
        b = strtoull(w, &end, 10);
        if (w[0] < '0' || w[0] > '9')
            end = (char *)w;
    }
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || a == 0 || a > b ||
        b > DH_MAX_COUNT)
        return cli_usage_error("calibrate", "--observed: '%s' is not a count "
                               "N or LOW-HIGH (1 to %llu, LOW <= HIGH)", v,
                               (unsigned long long)DH_MAX_COUNT);
    *lo = a, *hi = b;
    return -1;
}

int cmd_calibrate(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_RUN_LONGOPTS,
        {"grow", required_argument, NULL, 'g'},
        {"observed", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    dh_run_options run;
    memset(&run, 0, sizeof run);
    const char *output = NULL, *obs = NULL;
    int c, rc;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if ((rc = cli_run_option("calibrate", c, optarg, &run)) >= 0) {
            if (rc != 0)
                return rc;
            continue;
        }
        switch (c) {
        case 'g': run.grow_label = optarg; break;
        case 'b': obs = optarg; break;
        case 'o': output = optarg; break;
        case 'h': printf(help, cli_run_options_help); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("calibrate", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv, "OSV3nEYgb"));
        }
    }
    if (run.grow_label == NULL)
        return cli_usage_error("calibrate", "needs --grow LABEL (the step "
                               "that was counted)");
    if (obs == NULL)
        return cli_usage_error("calibrate", "needs --observed N|LOW-HIGH");
    uint64_t lo = 0, hi = 0;
    if ((rc = observed(obs, &lo, &hi)) >= 0)
        return rc;
    if (optind != argc - 1)
        return cli_usage_error("calibrate", optind >= argc
                               ? "needs a SCENARIO file"
                               : "takes one SCENARIO");
    const char *file = argv[optind];
    char *text = NULL;
    size_t len = 0;
    if ((rc = cli_read_file(file, &text, &len)) != EXIT_RESULT_OK)
        return rc;
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    if (dh_scenario_load_buffer(text, len, file, &sc, &err) != DH_OK) {
        free(text);
        return cli_fail(&err);
    }
    dh_calibration cal;
    if (dh_calibrate(sc, &run, lo, hi, &cal, &err) != DH_OK) {
        free(text);
        dh_scenario_free(sc);
        if (err.file[0] == '\0')
            snprintf(err.file, sizeof err.file, "%s", file);
        return cli_fail(&err);
    }
    char *report = NULL, *json = NULL;
    dh_status st = dh_report_calibration_text(&cal, sc, &run, lo, hi,
                                              output, &report);
    rc = st == DH_OK ? EXIT_RESULT_OK : EXIT_INTERNAL;
    if (rc == EXIT_RESULT_OK && output != NULL && cal.found) {
        const dh_step *g = &sc->steps[cal.step - 1];
        size_t n = g->kind == DH_STEP_UNIT ? g->nmembers : 1;
        uint64_t *v = calloc(3 * n, sizeof *v);
        if (v == NULL) {
            rc = EXIT_INTERNAL;
        } else {
            for (size_t m = 0; m < n; m++) {
                v[m] = dh_calibration_member_bytes(sc, cal.step, m,
                                                   cal.unit_low);
                v[n + m] = dh_calibration_member_bytes(sc, cal.step, m,
                                                       cal.unit_typical);
                v[2 * n + m] = dh_calibration_member_bytes(sc, cal.step, m,
                                                           cal.unit_high);
            }
            char note[512];
            snprintf(note, sizeof note, "Calibrated by dheapsim calibrate: "
                     "%s%s%s units of '%s' ran on %s; the per-unit cost is "
                     "%" PRIu64 " bytes typical (%" PRIu64 "-%" PRIu64 ").",
                     obs, "", "", run.grow_label,
                     run.os ? run.os : sc->os, cal.unit_typical,
                     cal.unit_low, cal.unit_high);
            dh_error_clear(&err);
            if (dh_scenario_patch_costs(text, len, cal.step, n, v, v + n,
                                        v + 2 * n, note, &json, &err) != DH_OK)
                rc = cli_fail(&err);
            else
                rc = cli_write_output(output, json, file);
            free(v);
        }
    }
    if (rc == EXIT_RESULT_OK)
        rc = cli_write_output(NULL, report, NULL);
    if (rc == EXIT_RESULT_OK && !cal.found)
        rc = EXIT_NO_CONFIG;
    free(report);
    free(json);
    free(text);
    dh_scenario_free(sc);
    return rc;
}

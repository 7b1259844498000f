/*
 * cmd_explain.c — `dheapsim explain`: runs a scenario and prints the
 * model's plain-words explanation (model/report/report_explain.c builds it).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim explain SCENARIO [--step N] [-o FILE] [options]\n"
    "\n"
    "Explains in plain words what the simulation found and why: the session\n"
    "tree (session, window station, desktop) with each desktop's heap size,\n"
    "the rule that chose it and the registry value behind it; the view-space\n"
    "budget line by line with the 64 KB rounding; the reservation/fallback\n"
    "decision with its arithmetic; for the first failure the chain from the\n"
    "step to the symptom and the registry change that would have avoided\n"
    "it; and the source of every rule and constant.\n"
    "\n"
    "options:\n"
    "  --step N                    the tree and budget after step N\n"
    "                              (default: at the end)\n"
    "  -o FILE                     write the explanation to FILE\n"
    "%s"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim explain scenarios/3gb-fallback-comment26.json\n";

int cmd_explain(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_RUN_LONGOPTS,
        {"step", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    dh_run_options run;
    memset(&run, 0, sizeof run);
    const char *out = NULL;
    unsigned long long step = 0;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if ((rc = cli_run_option("explain", c, optarg, &run)) >= 0) {
            if (rc != 0)
                return rc;
            continue;
        }
        char *end = NULL;
        switch (c) {
        case 't':
            step = strtoull(optarg, &end, 10);
            if (optarg[0] < '1' || optarg[0] > '9' || *end != '\0' ||
                step > DH_MAX_STEPS)
                return cli_usage_error("explain", "--step: '%s' is not a "
                                       "step number from 1", optarg);
            break;
        case 'o': out = optarg; break;
        case 'h': printf(help, cli_run_options_help); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("explain", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv, "OSV3ntE"));
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("explain", optind >= argc
                                              ? "needs a SCENARIO file"
                                              : "takes one SCENARIO");
    run.snapshot_step = step; /* the world after that step (0: none) */
    dh_scenario *sc;
    dh_result *r;
    if ((rc = cli_load_and_run(argv[optind], &run, &sc, &r)) != 0)
        return rc;
    char *text = NULL;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_report_explain(r, (size_t)step, &text, &err);
    if (st != DH_OK) {
        if (st == DH_ENOMEM)
            dh_error_set(&err, st, "out of memory");
        rc = cli_fail(&err);
    } else {
        rc = cli_write_output(out, text, argv[optind]);
    }
    free(text);
    dh_result_free(r);
    dh_scenario_free(sc);
    return rc;
}

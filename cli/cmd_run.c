/*
 * cmd_run.c — `dheapsim run` and `dheapsim demo`: load a scenario, apply the
 * registry options given on the command line over it, simulate, report.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char run_help[] =
    "usage: dheapsim run SCENARIO [options]\n"
    "\n"
    "Simulates SCENARIO (a JSON workload, see README) and prints, per session,\n"
    "a dheapmon-style table, view space use, events, the first failure and\n"
    "the rules and assumptions applied. Registry options override the\n"
    "scenario's, for what-if runs without editing files.\n"
    "\n"
    "options:\n"
    "  --os ID                     OS profile (see 'dheapsim profiles')\n"
    CLI_REGISTRY_HELP
    CLI_CSV_ROWS_HELP
    CLI_OUTPUT_HELP
    "\n"
    "example:\n"
    "  dheapsim run scenarios/comment49-service-children.json "
    "--shared-section 1024,3072,1024\n";

static const char demo_help[] =
    "usage: dheapsim demo [--format text|json|csv] [--csv-rows all|changed]\n"
    "                     [-o FILE]\n"
    "\n"
    "Runs the built-in default scenario: Windows Server 2003 x86, session 0,\n"
    "default registry, the eight desktops of the seed's first dheapmon table.\n"
    "Takes the same options as 'run'.\n"
    "\n"
    "example:\n"
    "  dheapsim demo --shared-section 1024,3072,256\n";

static dh_status (*const reporters[])(const dh_result *, char **) = {
    dh_report_text, dh_report_json, dh_report_csv,
};

static int simulate(const dh_scenario *sc, cli_args *a, const char *input)
{
    dh_error err;
    dh_result *r = NULL;
    dh_error_clear(&err);
    /* --csv-rows changed: the compact trace of plot (its point budget);
     * else a row per open desktop after every step. */
    a->run.trace_iterations = a->fmt == 2 && a->csv_changed;
    a->run.record_trace = a->fmt == 2 && !a->csv_changed;
    /* The loader checked the limits without the CSV trace. */
    if (a->run.record_trace &&
        dh_scenario_check_limits(sc, true, &err) != DH_OK)
        return cli_fail(&err);
    dh_status st = dh_run(sc, &a->run, &r, &err);
    if (st != DH_OK)
        return cli_run_fail(&err, a->run.shared_section);
    char *text = NULL;
    st = a->run.trace_iterations ? dh_report_csv_changes(r, &text)
                                 : reporters[a->fmt](r, &text);
    dh_result_free(r);
    return cli_emit(st, text, a->output, input);
}

int cmd_run(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse("run", run_help, CLI_CSV_ROWS, argc, argv, &a);
    if (rc >= 0)
        return rc;
    dh_scenario *sc = NULL;
    if ((rc = cli_load_scenario("run", argc, argv, &sc)) >= 0)
        return rc;
    rc = simulate(sc, &a, argv[optind]);
    dh_scenario_free(sc);
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse("demo", demo_help, CLI_CSV_ROWS, argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (optind != argc)
        return cli_usage_error("demo", "takes no SCENARIO (see 'run')");
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    if (dh_scenario_load_buffer(dh_builtin_scenario, dh_builtin_scenario_len,
                                dh_builtin_scenario_name, &sc, &err) != DH_OK)
        return cli_fail(&err);
    rc = simulate(sc, &a, NULL);
    dh_scenario_free(sc);
    return rc;
}

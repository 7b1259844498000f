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
    "  --format text|json|csv      report format (default text)\n"
    "  -o FILE                     write the report to FILE (atomically)\n"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim run scenarios/comment49-service-children.json "
    "--shared-section 1024,3072,1024\n";

static const char demo_help[] =
    "usage: dheapsim demo [--format text|json|csv] [-o FILE]\n"
    "\n"
    "Runs the built-in default scenario: Windows Server 2003 x86, session 0,\n"
    "default registry, the eight desktops of the seed's first dheapmon table.\n"
    "Takes the same options as 'run'.\n"
    "\n"
    "example:\n"
    "  dheapsim demo --shared-section 1024,3072,256\n";

typedef struct {
    dh_run_options run;
    const char *format;
    const char *output;
} run_args;

/* Parse options; returns -1 to go on, else an exit code. */
static int parse_args(const char *cmd, const char *help, int argc,
                      char **argv, run_args *a)
{
    static const struct option opts[] = {
        CLI_REGISTRY_LONGOPTS,
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    memset(a, 0, sizeof *a);
    a->format = "text";
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        int reg = cli_registry_option(cmd, c, optarg, &a->run);
        if (reg < 0)
            return EXIT_USAGE;
        if (reg > 0)
            continue;
        switch (c) {
        case 'f': a->format = optarg; break;
        case 'o': a->output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error(cmd, "unknown or incomplete option '%s'",
                                   cli_bad_option(argv, CLI_REGISTRY_LETTERS
                                                  "f"));
        }
    }
    int rc = cli_check_format(cmd, a->format, true);
    if (rc < 0)
        rc = cli_check_os(cmd, a->run.os);
    if (rc >= 0)
        return rc;
    a->run.record_trace = strcmp(a->format, "csv") == 0;
    return -1;
}

static int simulate(const dh_scenario *sc, run_args *a, const char *input)
{
    dh_error err;
    dh_result *r = NULL;
    dh_error_clear(&err);
    dh_status st = dh_run(sc, &a->run, &r, &err);
    if (st != DH_OK)
        return cli_run_fail(&err, a->run.shared_section);
    char *text = NULL;
    if (strcmp(a->format, "json") == 0)
        st = dh_report_json(r, &text);
    else if (strcmp(a->format, "csv") == 0)
        st = dh_report_csv(r, &text);
    else
        st = dh_report_text(r, &text);
    dh_result_free(r);
    return cli_emit(st, text, a->output, input);
}

int cmd_run(int argc, char **argv)
{
    run_args a;
    int rc = parse_args("run", run_help, argc, argv, &a);
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
    run_args a;
    int rc = parse_args("demo", demo_help, argc, argv, &a);
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

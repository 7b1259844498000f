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
    "  --shared-section S          SharedSection, e.g. 1024,3072,1024\n"
    "  --session-view-size MB      SessionViewSize in MB, or 'absent'\n"
    "  --3gb / --no-3gb            boot with or without /3GB\n"
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

static int parse_svs(const char *cmd, const char *v, run_args *a)
{
    a->run.svs_given = true;
    if (strcmp(v, "absent") == 0) {
        a->run.svs = DH_SVS_ABSENT;
        return 0;
    }
    char *end = NULL;
    unsigned long long mb = strtoull(v, &end, 10);
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || mb == 0 || mb > 1048576)
        return cli_usage_error(cmd, "--session-view-size: '%s' is not a size "
                               "in MB from 1 to 1048576, or 'absent'", v);
    a->run.svs = DH_SVS_SET;
    a->run.svs_mb = (uint32_t)mb;
    return 0;
}

/* Parse options; returns -1 to go on, else an exit code. */
static int parse_args(const char *cmd, const char *help, int argc,
                      char **argv, run_args *a)
{
    static const struct option opts[] = {
        {"os", required_argument, NULL, 'O'},
        {"shared-section", required_argument, NULL, 'S'},
        {"session-view-size", required_argument, NULL, 'V'},
        {"3gb", no_argument, NULL, '3'},
        {"no-3gb", no_argument, NULL, 'n'},
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
        switch (c) {
        case 'O': a->run.os = optarg; break;
        case 'S': a->run.shared_section = optarg; break;
        case 'V':
            if (parse_svs(cmd, optarg, a) != 0)
                return EXIT_USAGE;
            break;
        case '3': a->run.boot_3gb_given = a->run.boot_3gb = true; break;
        case 'n': a->run.boot_3gb_given = true; a->run.boot_3gb = false; break;
        case 'f': a->format = optarg; break;
        case 'o': a->output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error(cmd, "unknown or incomplete option '%s'",
                                   cli_bad_option(argv, "OSV3nf"));
        }
    }
    if (strcmp(a->format, "text") && strcmp(a->format, "json") &&
        strcmp(a->format, "csv"))
        return cli_usage_error(cmd, "--format must be text, json or csv, "
                               "not '%s'", a->format);
    if (a->run.os != NULL && dh_profile_find(a->run.os) == NULL)
        return cli_usage_error(cmd, "unknown OS profile '%s' (see 'dheapsim "
                               "profiles')", a->run.os);
    a->run.record_trace = strcmp(a->format, "csv") == 0;
    return -1;
}

static int simulate(const dh_scenario *sc, run_args *a, const char *input)
{
    dh_error err;
    dh_result *r = NULL;
    dh_error_clear(&err);
    /* The loader checked the limits without the CSV trace. */
    if (a->run.record_trace &&
        dh_scenario_check_limits(sc, true, &err) != DH_OK)
        return cli_fail(&err);
    dh_status st = dh_run(sc, &a->run, &r, &err);
    if (st != DH_OK) {
        if (err.file[0] == '\0' && a->run.shared_section != NULL &&
            strstr(err.text, "value") != NULL)
            snprintf(err.file, sizeof err.file, "--shared-section");
        return cli_fail(&err);
    }
    char *text = NULL;
    if (strcmp(a->format, "json") == 0)
        st = dh_report_json(r, &text);
    else if (strcmp(a->format, "csv") == 0)
        st = dh_report_csv(r, &text);
    else
        st = dh_report_text(r, &text);
    dh_result_free(r);
    if (st != DH_OK) {
        fprintf(stderr, "dheapsim: out of memory while reporting\n");
        return EXIT_INTERNAL;
    }
    int rc = cli_write_output(a->output, text, input);
    free(text);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    run_args a;
    int rc = parse_args("run", run_help, argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (optind != argc - 1)
        return cli_usage_error("run", optind >= argc ? "needs a SCENARIO file"
                                                     : "takes one SCENARIO");
    const char *file = argv[optind];
    if (file[0] == '\0')
        return cli_usage_error("run", "SCENARIO '' is an empty file name");
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    if (dh_scenario_load_file(file, &sc, &err) != DH_OK)
        return cli_fail(&err);
    rc = simulate(sc, &a, file);
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

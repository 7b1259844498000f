/*
 * cmd_compare.c — `dheapsim compare`: the same scenario and registry
 * options on several OS profiles, side by side (model/compare.c and
 * model/report_compare.c).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim compare SCENARIO --os ID,ID,...|all [options]\n"
    "\n"
    "Runs SCENARIO once per OS profile with the same registry options and\n"
    "shows them side by side: heap sizes (interactive, non-interactive,\n"
    "Winlogon, Disconnect), session view space size and peak use, whether\n"
    "rule 3's fallback applied, the first failure (step, kind, where) and\n"
    "the heap headroom left per desktop at the end.\n"
    "\n"
    "options:\n"
    "  --os LIST                   profile ids with commas, or 'all'\n"
    "                              (required; see 'dheapsim profiles')\n"
    CLI_REGISTRY_HELP
    "  --format text|json|csv      report format (default text)\n"
    "  -o FILE                     write the report to FILE (atomically)\n"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim compare scenarios/comment49-service-children.json "
    "--os winxp-x86,win2003-x64,vista-sp1-x86\n";

typedef struct {
    dh_run_options run;
    const char *os_list;
    const char *format;
    const char *output;
} cmp_args;

static int parse_args(int argc, char **argv, cmp_args *a)
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
        if (c == 'O') {
            a->os_list = optarg;
            continue;
        }
        int reg = cli_registry_option("compare", c, optarg, &a->run);
        if (reg < 0)
            return EXIT_USAGE;
        if (reg > 0)
            continue;
        switch (c) {
        case 'f': a->format = optarg; break;
        case 'o': a->output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("compare", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv,
                                   CLI_REGISTRY_LETTERS "f"));
        }
    }
    if (a->os_list == NULL)
        return cli_usage_error("compare", "needs --os with a list of "
                               "profile ids, or --os all");
    return cli_check_format("compare", a->format, true);
}

static int report(const dh_compare *cmp, const cmp_args *a, const char *in)
{
    char *text = NULL;
    dh_status st;
    if (strcmp(a->format, "json") == 0)
        st = dh_report_compare_json(cmp, &text);
    else if (strcmp(a->format, "csv") == 0)
        st = dh_report_compare_csv(cmp, &text);
    else
        st = dh_report_compare_text(cmp, &text);
    return cli_emit(st, text, a->output, in);
}

int cmd_compare(int argc, char **argv)
{
    cmp_args a;
    const char **ids = NULL;
    size_t n = 0;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0 || (rc = cli_os_list("compare", a.os_list, &ids, &n)) >= 0)
        return rc;
    dh_scenario *sc = NULL;
    if ((rc = cli_load_scenario("compare", argc, argv, &sc)) >= 0) {
        free(ids);
        return rc;
    }
    dh_error err;
    dh_error_clear(&err);
    dh_compare *cmp = NULL;
    if (dh_compare_run(sc, &a.run, ids, n, &cmp, &err) != DH_OK)
        rc = cli_run_fail(&err, a.run.shared_section);
    else
        rc = report(cmp, &a, argv[optind]);
    dh_compare_free(cmp);
    dh_scenario_free(sc);
    free(ids);
    return rc;
}

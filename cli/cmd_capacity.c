/*
 * cmd_capacity.c — `dheapsim capacity`: the largest count of one labelled
 * step that runs with no failure, in one simulation pass (the step repeats
 * until its first failure, model/capacity.c), and what stopped it.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim capacity SCENARIO --grow LABEL [options]\n"
    "\n"
    "Repeats the first step labelled LABEL (any action: services, child\n"
    "processes, logons, windows...) until its first failure, ignoring its\n"
    "count, in one simulation pass; the run stops at the first failure of\n"
    "any step. Prints how many times the step ran with no failure, the\n"
    "limit that stopped it (desktop_heap, view_space or another failure\n"
    "kind, and where), and the desktops at that point.\n"
    "\n"
    "options:\n"
    "  --grow LABEL                the step to grow (its \"label\"); required\n"
    "  --os ID                     OS profile (see 'dheapsim profiles')\n"
    CLI_REGISTRY_HELP
    "  --format text|json          report format (default text)\n"
    "  -o FILE                     write the report to FILE (atomically)\n"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim capacity scenarios/comment49-service-children.json "
    "--grow \"child processes\" --shared-section 1024,3072,256\n";

typedef struct {
    dh_run_options run;
    const char *format;
    const char *output;
} cap_args;

static int parse_args(int argc, char **argv, cap_args *a)
{
    static const struct option opts[] = {
        CLI_REGISTRY_LONGOPTS,
        {"grow", required_argument, NULL, 'g'},
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
        int reg = cli_registry_option("capacity", c, optarg, &a->run);
        if (reg < 0)
            return EXIT_USAGE;
        if (reg > 0)
            continue;
        switch (c) {
        case 'g': a->run.grow_label = optarg; break;
        case 'f': a->format = optarg; break;
        case 'o': a->output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("capacity", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv,
                                   CLI_REGISTRY_LETTERS "gf"));
        }
    }
    if (a->run.grow_label == NULL)
        return cli_usage_error("capacity", "needs --grow LABEL (the label "
                               "of the step to repeat)");
    int rc = cli_check_format("capacity", a->format, false);
    if (rc < 0)
        rc = cli_check_os("capacity", a->run.os);
    return rc;
}

int cmd_capacity(int argc, char **argv)
{
    cap_args a;
    int rc = parse_args(argc, argv, &a);
    dh_scenario *sc = NULL;
    if (rc >= 0 || (rc = cli_load_scenario("capacity", argc, argv, &sc)) >= 0)
        return rc;
    dh_error err;
    dh_error_clear(&err);
    dh_result *r = NULL;
    dh_capacity cap;
    dh_status st = dh_capacity_run(sc, &a.run, &r, &cap, &err);
    if (st != DH_OK) {
        dh_scenario_free(sc);
        return cli_run_fail(&err, a.run.shared_section);
    }
    char *text = NULL;
    if (strcmp(a.format, "json") == 0)
        st = dh_report_capacity_json(r, &cap, &text);
    else
        st = dh_report_capacity_text(r, &cap, &text);
    dh_result_free(r);
    rc = cli_emit(st, text, a.output, argv[optind]);
    dh_scenario_free(sc);
    return rc;
}

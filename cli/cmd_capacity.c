/*
 * cmd_capacity.c — `dheapsim capacity`: the largest count of one labelled
 * step that runs with no failure, in one simulation pass (the step repeats
 * until its first failure, model/plan/capacity.c), and what stopped it.
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
    "kind, and where), and the desktops at that point. Where costs have a\n"
    "range (catalogue kinds, conhost, the starting load) it also runs both\n"
    "ends: Capacity: N (LOW-HIGH); the three runs go at once (-j).\n"
    "\n"
    "options:\n"
    "  --grow LABEL                the step to grow (its \"label\"); required\n"
    "  --os ID                     OS profile (see 'dheapsim profiles')\n"
    CLI_REGISTRY_HELP
    CLI_JOBS_HELP
    "  --format text|json          report format (default text)\n"
    "  -o FILE                     write the report to FILE (atomically)\n"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim capacity scenarios/comment49-service-children.json "
    "--grow \"child processes\" --shared-section 1024,3072,256\n";

static dh_status (*const reporters[])(const dh_result *,
                                     const dh_capacity *, char **) = {
    dh_report_capacity_text, dh_report_capacity_json,
};

int cmd_capacity(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse("capacity", help, CLI_GROW | CLI_NO_CSV | CLI_JOBS,
                       argc, argv, &a);
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
    st = reporters[a.fmt](r, &cap, &text);
    dh_result_free(r);
    rc = cli_emit(st, text, a.output, argv[optind]);
    dh_scenario_free(sc);
    return rc;
}

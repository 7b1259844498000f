/*
 * cmd_compare.c — `dheapsim compare`: the same scenario and registry
 * options on several OS profiles, side by side (model/plan/compare.c and
 * model/report/report_compare.c).
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
    "  --all-desktops              list every desktop's headroom (default:\n"
    "                              the 5 nearest to full per profile)\n"
    CLI_JOBS_HELP
    CLI_OUTPUT_HELP
    "\n"
    "example:\n"
    "  dheapsim compare scenarios/comment49-service-children.json "
    "--os winxp-x86,win2003-x64,vista-sp1-x86\n";

static dh_status (*const reporters[])(const dh_compare *, char **) = {
    dh_report_compare_text, dh_report_compare_json, dh_report_compare_csv,
};

int cmd_compare(int argc, char **argv)
{
    cli_args a;
    const char **ids = NULL;
    size_t n = 0;
    int rc = cli_parse("compare", help, CLI_OS_LIST | CLI_JOBS | CLI_DESKTOPS, argc,
                       argv, &a);
    if (rc < 0 && a.os_list == NULL)
        rc = cli_usage_error("compare", "needs --os with a list of profile "
                             "ids, or --os all");
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
    else {
        char *text = NULL;
        if (a.all_desktops)
            cmp->list_desktops = 0;
        dh_status st = reporters[a.fmt](cmp, &text);
        rc = cli_emit(st, text, a.output, argv[optind]);
    }
    dh_compare_free(cmp);
    dh_scenario_free(sc);
    free(ids);
    return rc;
}

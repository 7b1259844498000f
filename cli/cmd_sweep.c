/*
 * cmd_sweep.c — `dheapsim sweep`: capacity of a labelled step for every
 * SharedSection (and SessionViewSize, OS) value in lists, for planning a
 * registry change (model/plan/sweep.c, model/plan/sweeplist.c, model/report/report_sweep.c).
 */
#include "cli.h"
#include "platform.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim sweep SCENARIO --grow LABEL --shared-section LIST "
    "[options]\n"
    "\n"
    "Runs 'dheapsim capacity' (one pass each) at every point of the lists:\n"
    "for each OS, each SessionViewSize, each SharedSection. A LIST is items\n"
    "with commas; an item is a value or a range start:end:step (both ends\n"
    "included, step > 0). At most 10000 points in all.\n"
    "\n"
    "options:\n"
    "  --grow LABEL                the step to grow (its \"label\"); required\n"
    "  --shared-section LIST       required; an item is the 3rd value in KB\n"
    "                              (the first two from the scenario, else the\n"
    "                              profile), a range of it, or all three\n"
    "                              values with slashes: 1024/3072/512\n"
    "  --session-view-size LIST    SessionViewSize values in MB or ranges;\n"
    "                              'absent' is an item (default: scenario's)\n"
    "  --os LIST                   profile ids with commas, or 'all'\n"
    "                              (default: the scenario's)\n"
    "  --3gb / --no-3gb            boot with or without /3GB\n"
    CLI_JOBS_HELP
    CLI_OUTPUT_HELP
    "\n"
    "Progress goes to stderr when it is a terminal.\n"
    "\n"
    "example:\n"
    "  dheapsim sweep scenarios/user-service-logons.json --grow "
    "\"service logons\" \\\n"
    "      --shared-section 256:1024:256,1024/3072/2048 "
    "--session-view-size 20,48\n";

static dh_status (*const reporters[])(const dh_sweep *, char **) = {
    dh_report_sweep_text, dh_report_sweep_json, dh_report_sweep_csv,
};

/* The lists of a sweep, parsed. */
typedef struct {
    const char **os;
    size_t nos;
    dh_ss_point *ss;
    size_t nss;
    uint64_t *svs;
    size_t nsvs;
} lists;

static void free_lists(lists *l)
{
    free(l->os);
    free(l->ss);
    free(l->svs);
}

static int parse_lists(const cli_args *a, const dh_scenario *sc, lists *l)
{
    dh_error err;
    dh_error_clear(&err);
    memset(l, 0, sizeof *l);
    if (dh_sweep_parse_shared(a->ss_list, &l->ss, &l->nss, &err) != DH_OK ||
        (a->svs_list != NULL &&
         dh_sweep_parse_values(a->svs_list, "--session-view-size", 1,
                               1048576, true, &l->svs, &l->nsvs,
                               &err) != DH_OK))
        return cli_fail(&err);
    if (a->os_list != NULL)
        return cli_os_list("sweep", a->os_list, &l->os, &l->nos);
    if ((l->os = calloc(1, sizeof *l->os)) == NULL)
        return EXIT_INTERNAL;
    l->os[0] = sc->os;
    l->nos = 1;
    return -1;
}

static void progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    fprintf(stderr, "\rsweep: %zu of %zu points", done, total);
    if (done == total)
        fputs("\n", stderr);
}

static int sweep(const dh_scenario *sc, const cli_args *a, const lists *l,
                 const char *input)
{
    dh_error err;
    dh_error_clear(&err);
    dh_sweep *s = NULL;
    if (dh_sweep_run(sc, &a->run, l->os, l->nos, l->ss, l->nss, l->svs,
                     l->nsvs, plat_stderr_is_terminal() ? progress : NULL, NULL,
                     &s, &err) != DH_OK)
        return cli_run_fail(&err, NULL);
    char *text = NULL;
    dh_status st = reporters[a->fmt](s, &text);
    dh_sweep_free(s);
    return cli_emit(st, text, a->output, input);
}

int cmd_sweep(int argc, char **argv)
{
    cli_args a;
    lists l = {0};
    dh_scenario *sc = NULL;
    int rc = cli_parse("sweep", help, CLI_GROW | CLI_OS_LIST |
                       CLI_VALUE_LISTS | CLI_JOBS, argc, argv, &a);
    if (rc < 0 && a.ss_list == NULL)
        rc = cli_usage_error("sweep", "needs --shared-section LIST");
    if (rc >= 0 || (rc = cli_load_scenario("sweep", argc, argv, &sc)) >= 0)
        return rc;
    if (!a.run.cost_end_given) /* plan on the pessimistic end */
        a.run.cost_end = DH_COST_HIGH;
    if ((rc = parse_lists(&a, sc, &l)) < 0)
        rc = sweep(sc, &a, &l, argv[optind]);
    free_lists(&l);
    dh_scenario_free(sc);
    return rc;
}

/*
 * cmd_sweep.c — `dheapsim sweep`: capacity of a labelled step for every
 * SharedSection (and SessionViewSize, OS) value in lists, for planning a
 * registry change (model/sweep.c, model/sweeplist.c, model/report_sweep.c).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    "  --format text|json|csv      report format (default text)\n"
    "  -o FILE                     write the report to FILE (atomically)\n"
    "  -h, --help                  this text\n"
    "\n"
    "Progress goes to stderr when it is a terminal.\n"
    "\n"
    "example:\n"
    "  dheapsim sweep scenarios/user-service-logons.json --grow "
    "\"service logons\" \\\n"
    "      --shared-section 256:1024:256,1024/3072/2048 "
    "--session-view-size 20,48\n";

typedef struct {
    dh_run_options run;
    const char *os_list, *ss_list, *svs_list;
    const char *format;
    const char *output;
} sweep_args;

static int parse_args(int argc, char **argv, sweep_args *a)
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
        switch (c) {
        case 'O': a->os_list = optarg; continue;
        case 'S': a->ss_list = optarg; continue;
        case 'V': a->svs_list = optarg; continue;
        default: break;
        }
        int reg = cli_registry_option("sweep", c, optarg, &a->run);
        if (reg > 0)
            continue;
        switch (c) {
        case 'g': a->run.grow_label = optarg; break;
        case 'f': a->format = optarg; break;
        case 'o': a->output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("sweep", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv,
                                   CLI_REGISTRY_LETTERS "gf"));
        }
    }
    if (a->run.grow_label == NULL || a->ss_list == NULL)
        return cli_usage_error("sweep", "needs --grow LABEL and "
                               "--shared-section LIST");
    return cli_check_format("sweep", a->format, true);
}

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

static int parse_lists(const sweep_args *a, const dh_scenario *sc, lists *l)
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

static int sweep(const dh_scenario *sc, const sweep_args *a, const lists *l,
                 const char *input)
{
    dh_error err;
    dh_error_clear(&err);
    dh_sweep *s = NULL;
    if (dh_sweep_run(sc, &a->run, l->os, l->nos, l->ss, l->nss, l->svs,
                     l->nsvs, isatty(STDERR_FILENO) ? progress : NULL, NULL,
                     &s, &err) != DH_OK)
        return cli_run_fail(&err, NULL);
    char *text = NULL;
    dh_status st;
    if (strcmp(a->format, "json") == 0)
        st = dh_report_sweep_json(s, &text);
    else if (strcmp(a->format, "csv") == 0)
        st = dh_report_sweep_csv(s, &text);
    else
        st = dh_report_sweep_text(s, &text);
    dh_sweep_free(s);
    return cli_emit(st, text, a->output, input);
}

int cmd_sweep(int argc, char **argv)
{
    sweep_args a;
    lists l = {0};
    dh_scenario *sc = NULL;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0 || (rc = cli_load_scenario("sweep", argc, argv, &sc)) >= 0)
        return rc;
    if ((rc = parse_lists(&a, sc, &l)) < 0)
        rc = sweep(sc, &a, &l, argv[optind]);
    free_lists(&l);
    dh_scenario_free(sc);
    return rc;
}

/*
 * cmd_plot.c — `dheapsim plot`: runs a scenario with a per-iteration trace,
 * has the model write gnuplot's input (usage, viewspace) or check a
 * compare/sweep CSV, and has gnuplot draw it (cli/gnuplot.c).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim plot SCENARIO --kind usage|viewspace [-o FILE.png|.svg]"
    " [options]\n"
    "       dheapsim plot --kind compare|sweep --data FILE.csv [-o FILE]\n"
    "       dheapsim plot SCENARIO --kind compare [--os LIST|all] [-o FILE]\n"
    "       dheapsim plot SCENARIO --kind sweep --grow LABEL --shared-section"
    " LIST\n"
    "                     [--session-view-size LIST] [--os LIST] [-o FILE]\n"
    "\n"
    "Draws a chart with gnuplot (Debian package gnuplot-nox):\n"
    "  usage      used %% of each desktop heap over the run, a 100 %% line,\n"
    "             the first failure and the largest drop marked\n"
    "  viewspace  one session's view space stacked by desktop, its size,\n"
    "             the reservation fallback (/3GB) and Event 244 marked\n"
    "  compare    per Windows version: what the workload reached, its\n"
    "             fullest heap, view space used of its size: runs\n"
    "             'dheapsim compare' on SCENARIO (--os, default all), or\n"
    "             reads its CSV (--data)\n"
    "  sweep      repeats that succeeded per SharedSection value, one line\n"
    "             per OS and SessionViewSize: runs 'dheapsim sweep' on\n"
    "             SCENARIO (--grow, --shared-section lists), or reads its\n"
    "             CSV (--data)\n"
    "The x axis of usage/viewspace counts operations applied: each repeat\n"
    "of a step is one.\n"
    "\n"
    "options:\n"
    "  --kind K                    the chart (required)\n"
    "  --data FILE.csv             compare/sweep: the CSV to draw\n"
    "  --grow LABEL                sweep: the step to grow\n"
    "  --want N                    sweep: mark the smallest swept value\n"
    "                              that fits N repeats (and today's value)\n"
    "  --session N                 viewspace: the session (default: the one\n"
    "                              that failed, else the fullest)\n"
    "  -o FILE                     .png or .svg (default KIND.png)\n"
    "%s%s"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim plot scenarios/comment49-service-children.json --kind usage"
    " -o usage.png\n";

typedef struct {
    dh_run_options run;
    const char *kind, *data, *out, *grow;
    long want;                  /* sweep: mark the smallest value with it */
    const char *os, *ss, *svs;  /* as given: lists for compare/sweep */
    int boot_3gb;               /* -1 not given, 0 --no-3gb, 1 --3gb */
    const char *cost_end;       /* --cost-end as given */
    long session;
} plot_args;

/* The registry options as `run` takes them (usage, viewspace). */
static int run_options(plot_args *a)
{
    int rc = 0;
    if (a->os != NULL)
        rc = cli_run_option("plot", 'O', a->os, &a->run);
    if (rc == 0 && a->ss != NULL)
        rc = cli_run_option("plot", 'S', a->ss, &a->run);
    if (rc == 0 && a->svs != NULL)
        rc = cli_run_option("plot", 'V', a->svs, &a->run);
    if (rc == 0 && a->boot_3gb >= 0)
        rc = cli_run_option("plot", a->boot_3gb ? '3' : 'n', NULL, &a->run);
    if (rc == 0 && a->cost_end != NULL)
        rc = cli_run_option("plot", 'E', a->cost_end, &a->run);
    return rc;
}

static int parse(int argc, char **argv, plot_args *a)
{
    static const struct option opts[] = {
        CLI_RUN_LONGOPTS,
        CLI_TRACE_LONGOPT,
        {"grow", required_argument, NULL, 'g'},
        {"want", required_argument, NULL, 'w'},
        {"kind", required_argument, NULL, 'k'},
        {"data", required_argument, NULL, 'd'},
        {"session", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->session = -1;
    a->boot_3gb = -1;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'O': a->os = optarg; break;
        case 'S': a->ss = optarg; break;
        case 'V': a->svs = optarg; break;
        case '3': a->boot_3gb = 1; break;
        case 'n': a->boot_3gb = 0; break;
        case 'g': a->grow = optarg; break;
        case 'E': a->cost_end = optarg; break;
        case 'Y': a->run.empty = true; break;
        case 'P': {
            int rc = cli_run_option("plot", c, optarg, &a->run);
            if (rc != 0)
                return rc;
            break;
        }
        case 'w':
            a->want = strtol(optarg, &end, 10);
            if (optarg[0] < '1' || optarg[0] > '9' || *end != '\0' ||
                a->want > 100000000)
                return cli_usage_error("plot", "--want: '%s' is not a count "
                                       "from 1 to 100000000", optarg);
            break;
        case 'k': a->kind = optarg; break;
        case 'd': a->data = optarg; break;
        case 'o': a->out = optarg; break;
        case 's':
            a->session = strtol(optarg, &end, 10);
            if (optarg[0] < '0' || optarg[0] > '9' || *end != '\0' ||
                a->session > 1000000)
                return cli_usage_error("plot", "--session: '%s' is not a "
                                       "session id", optarg);
            break;
        case 'h':
            printf(help, cli_run_options_help, cli_trace_points_help);
            return EXIT_RESULT_OK;
        default:
            return cli_usage_error("plot", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv, "OSV3ngwkdsEP"));
        }
    }
    if (a->kind == NULL)
        return cli_usage_error("plot", "--kind is required: usage, "
                               "viewspace, compare or sweep");
    if (strcmp(a->kind, "usage") && strcmp(a->kind, "viewspace") &&
        strcmp(a->kind, "compare") && strcmp(a->kind, "sweep"))
        return cli_usage_error("plot", "--kind must be usage, viewspace, "
                               "compare or sweep, not '%s'", a->kind);
    return -1;
}

/* "png" or "svg" from the output name. */
static const char *format_of(const char *out)
{
    size_t n = strlen(out);
    if (n > 4 && strcmp(out + n - 4, ".svg") == 0)
        return "svg";
    if (n > 4 && strcmp(out + n - 4, ".png") == 0)
        return "png";
    return NULL;
}

/* Draw the CSV in a->data; `name` is what titles and errors call it;
 * today_kb > 0 (sweep from a scenario) adds the sweep marks. */
static int plot_csv(const plot_args *a, const char *fmt, const char *out,
                    const char *name, uint64_t today_kb)
{
    if (a->data == NULL)
        return cli_usage_error("plot", "--kind %s needs --data FILE.csv (the "
                               "output of 'dheapsim %s ... --format csv')",
                               a->kind, a->kind);
    char *buf = NULL;
    size_t len = 0;
    int rrc = cli_read_file(a->data, &buf, &len);
    if (rrc != EXIT_RESULT_OK)
        return rrc;
    dh_plot_input in = {NULL, NULL};
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_plot_table(buf, len, name, a->kind, &in, &err);
    if (st == DH_OK && today_kb > 0)
        st = dh_plot_sweep_marks(buf, len, today_kb, (uint64_t)a->want, &in);
    free(buf);
    if (st != DH_OK)
        return cli_fail(&err);
    int rc = cli_gnuplot(a->kind, &in, a->data, fmt, out, NULL);
    dh_plot_input_free(&in);
    return rc;
}

/* The scenario's SharedSection 3rd value as it runs today (the profile's
 * default or the scenario's registry; --os when it names one profile). */
static uint64_t today_3rd_kb(const plot_args *a, const dh_scenario *sc)
{
    const char *os = a->os != NULL && strchr(a->os, ',') == NULL ? a->os
                                                                 : sc->os;
    const dh_profile *p = dh_profile_find(os);
    dh_error err;
    dh_error_clear(&err);
    dh_config c;
    if (p != NULL &&
        dh_config_resolve(p, &sc->registry, &sc->assume, &c, &err) == DH_OK)
        return c.ss.noninteractive_kb;
    return 0;
}

/* plot SCENARIO --kind compare: the planning layer's compare, drawn. */
static int plot_compare(plot_args *a, const dh_scenario *sc,
                        const char *name, const char *fmt, const char *out)
{
    if (a->grow != NULL) /* compare runs the scenario as it is written */
        return cli_usage_error("plot", "--grow is for --kind sweep; the "
                               "compare chart counts the scenario's own "
                               "repeat_until_failure step");
    const char **ids = NULL;
    size_t n = 0;
    int rc = cli_os_list("plot", a->os != NULL ? a->os : "all", &ids, &n);
    if (rc >= 0)
        return rc;
    const char *os = a->os;
    a->os = NULL; /* a list here, not one profile for run_options */
    rc = run_options(a);
    a->os = os;
    if (rc != 0) {
        free(ids);
        return rc;
    }
    dh_error err;
    dh_error_clear(&err);
    dh_compare *cmp = NULL;
    dh_plot_input in = {NULL, NULL};
    cli_progress("simulating %s on %zu profiles", name, n);
    if (dh_compare_run(sc, &a->run, ids, n, &cmp, &err) != DH_OK) {
        rc = cli_run_fail(&err, a->run.shared_section);
    } else if (dh_plot_compare(cmp, name, &in) != DH_OK) {
        dh_error_set(&err, DH_ENOMEM, "out of memory");
        rc = cli_fail(&err);
    } else {
        rc = cli_gnuplot(a->kind, &in, name, fmt, out, NULL);
    }
    dh_plot_input_free(&in);
    dh_compare_free(cmp);
    free(ids);
    return rc;
}

/* plot SCENARIO --kind sweep: the planning layer's sweep, drawn. */
static int plot_sweep(plot_args *a, const dh_scenario *sc, const char *name,
                      const char *fmt, const char *out)
{
    if (a->grow == NULL)
        return cli_usage_error("plot", "--kind sweep needs --grow LABEL");
    if (a->ss == NULL)
        return cli_usage_error("plot", "--kind sweep needs --shared-section "
                               "LIST");
    dh_error err;
    dh_error_clear(&err);
    dh_ss_point *ss = NULL;
    size_t nss = 0, nsvs = 0, nos = 0;
    uint64_t *svs = NULL;
    const char **ids = NULL;
    int rc = -1;
    if (dh_sweep_parse_shared(a->ss, &ss, &nss, &err) != DH_OK ||
        (a->svs != NULL &&
         dh_sweep_parse_values(a->svs, "--session-view-size", 1, 1048576,
                               true, &svs, &nsvs, &err) != DH_OK))
        rc = cli_fail(&err);
    else if (a->os != NULL)
        rc = cli_os_list("plot", a->os, &ids, &nos);
    else if ((ids = calloc(1, sizeof *ids)) == NULL)
        rc = EXIT_INTERNAL;
    else
        ids[nos++] = sc->os;
    dh_sweep *sw = NULL;
    dh_plot_input in = {NULL, NULL};
    if (rc < 0) {
        a->run.grow_label = a->grow;
        if (a->boot_3gb >= 0) {
            a->run.boot_3gb_given = true;
            a->run.boot_3gb = a->boot_3gb == 1;
        }
        cli_progress("simulating %s at %zu points", name,
                     nos * nss * (nsvs ? nsvs : 1));
        if (dh_sweep_run(sc, &a->run, ids, nos, ss, nss, svs, nsvs, NULL,
                         NULL, &sw, &err) != DH_OK)
            rc = cli_run_fail(&err, NULL);
        else if (dh_plot_sweep(sw, name, today_3rd_kb(a, sc),
                               (uint64_t)a->want, &in) != DH_OK) {
            dh_error_set(&err, DH_ENOMEM, "out of memory");
            rc = cli_fail(&err);
        } else {
            rc = cli_gnuplot(a->kind, &in, name, fmt, out, NULL);
        }
    }
    dh_plot_input_free(&in);
    dh_sweep_free(sw);
    free(ss);
    free(svs);
    free(ids);
    return rc;
}

/* plot SCENARIO --kind compare|sweep: the scenario loaded once, the
 * planning layer's result handed to the plot layer in memory. */
static int plot_scenario_plan(plot_args *a, const char *scenario,
                              const char *fmt, const char *out)
{
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    if (dh_scenario_load_file(scenario, &sc, &err) != DH_OK)
        return cli_fail(&err);
    int rc = strcmp(a->kind, "sweep") == 0
                 ? plot_sweep(a, sc, scenario, fmt, out)
                 : plot_compare(a, sc, scenario, fmt, out);
    dh_scenario_free(sc);
    return rc;
}

int cmd_plot(int argc, char **argv)
{
    plot_args a;
    int rc = parse(argc, argv, &a);
    if (rc >= 0)
        return rc;
    char defout[64];
    snprintf(defout, sizeof defout, "%s.png", a.kind);
    const char *out = a.out != NULL ? a.out : defout;
    const char *fmt = format_of(out);
    if (fmt == NULL)
        return cli_usage_error("plot", "-o %s: the name must end in .png or "
                               ".svg", out);
    bool csv = strcmp(a.kind, "compare") == 0 || strcmp(a.kind, "sweep") == 0;
    if (csv && a.data != NULL && optind != argc)
        return cli_usage_error("plot", "give --data FILE.csv or a SCENARIO, "
                               "not both");
    if (csv && a.data != NULL)
        return plot_csv(&a, fmt, out, a.data, 0);
    if (csv && optind == argc - 1)
        return plot_scenario_plan(&a, argv[optind], fmt, out);
    if (csv)
        return cli_usage_error("plot", "--kind %s needs a SCENARIO or "
                               "--data FILE.csv", a.kind);
    if (a.data != NULL || a.grow != NULL)
        return cli_usage_error("plot", "%s is for --kind compare|sweep",
                               a.data != NULL ? "--data" : "--grow");
    if ((rc = run_options(&a)) != 0)
        return rc;
    if (optind != argc - 1)
        return cli_usage_error("plot", optind >= argc ? "needs a SCENARIO file"
                                                      : "takes one SCENARIO");
    a.run.trace_iterations = true;
    dh_scenario *sc;
    dh_result *r;
    cli_progress("simulating %s", argv[optind]);
    if ((rc = cli_load_and_run(argv[optind], &a.run, &sc, &r)) != 0)
        return rc;
    dh_plot_input in = {NULL, NULL};
    dh_error err;
    dh_error_clear(&err);
    dh_status st = strcmp(a.kind, "usage") == 0
                       ? dh_plot_usage(r, &in)
                       : dh_plot_viewspace(r, a.session, &in, &err);
    if (st == DH_ENOMEM)
        dh_error_set(&err, st, "out of memory");
    rc = st != DH_OK ? cli_fail(&err)
                     : cli_gnuplot(a.kind, &in, argv[optind], fmt, out, NULL);
    dh_plot_input_free(&in);
    dh_result_free(r);
    dh_scenario_free(sc);
    return rc;
}

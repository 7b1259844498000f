/*
 * cmd_plot.c — `dheapsim plot`: runs a scenario with a per-iteration trace,
 * has the model write gnuplot's input (usage, viewspace) or check a
 * compare/sweep CSV, and has gnuplot draw it (cli/gnuplot.c).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    "             the first failure marked and labelled\n"
    "  viewspace  one session's view space stacked by desktop, its size,\n"
    "             the reservation fallback (/3GB) and Event 244 marked\n"
    "  compare    heap sizes and view space per Windows version: runs\n"
    "             'dheapsim compare' on SCENARIO (--os, default all), or\n"
    "             reads its CSV (--data)\n"
    "  sweep      repeats that succeeded per SharedSection value: runs\n"
    "             'dheapsim sweep' on SCENARIO (--grow, --shared-section\n"
    "             lists), or reads its CSV (--data)\n"
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
    "%s"
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
    return rc;
}

static int parse(int argc, char **argv, plot_args *a)
{
    static const struct option opts[] = {
        CLI_RUN_LONGOPTS,
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
    optind = 1;
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
        case 'h': printf(help, cli_run_options_help); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("plot", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv, "OSV3ngwkds"));
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
    FILE *f = fopen(a->data, "rb");
    if (f == NULL) {
        perror(a->data);
        return EXIT_USAGE;
    }
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap);
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *p = realloc(buf, cap *= 2);
            if (p == NULL)
                free(buf);
            buf = p;
        }
    }
    fclose(f);
    if (buf == NULL)
        return EXIT_INTERNAL;
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
static uint64_t today_3rd_kb(const plot_args *a, const char *scenario)
{
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    if (dh_scenario_load_file(scenario, &sc, &err) != DH_OK)
        return 0;
    const char *os = a->os != NULL && strchr(a->os, ',') == NULL ? a->os
                                                                 : sc->os;
    const dh_profile *p = dh_profile_find(os);
    dh_config c;
    uint64_t kb = 0;
    if (p != NULL &&
        dh_config_resolve(p, &sc->registry, &sc->assume, &c, &err) == DH_OK)
        kb = c.ss.noninteractive_kb;
    dh_scenario_free(sc);
    return kb;
}

/* plot SCENARIO --kind compare|sweep: `dheapsim compare|sweep` writes its
 * CSV to a temporary file, which is drawn and removed. */
static int plot_scenario_csv(plot_args *a, const char *scenario,
                             const char *fmt, const char *out)
{
    char tmp[] = "/tmp/dheapsim-plot-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        perror("dheapsim plot: temporary file");
        return EXIT_INTERNAL;
    }
    close(fd);
    char *v[24];
    int n = 0;
    bool sweep = strcmp(a->kind, "sweep") == 0;
    v[n++] = (char *)a->kind;
    v[n++] = (char *)scenario;
    if (sweep && a->grow != NULL)
        v[n++] = "--grow", v[n++] = (char *)a->grow;
    if (a->os != NULL || !sweep)
        v[n++] = "--os", v[n++] = (char *)(a->os != NULL ? a->os : "all");
    if (a->ss != NULL)
        v[n++] = "--shared-section", v[n++] = (char *)a->ss;
    if (a->svs != NULL)
        v[n++] = "--session-view-size", v[n++] = (char *)a->svs;
    if (a->boot_3gb >= 0)
        v[n++] = a->boot_3gb ? "--3gb" : "--no-3gb";
    v[n++] = "--format", v[n++] = "csv", v[n++] = "-o", v[n++] = tmp;
    v[n] = NULL;
    int rc = sweep ? cmd_sweep(n, v) : cmd_compare(n, v);
    if (rc == 0) {
        a->data = tmp;
        rc = plot_csv(a, fmt, out, scenario,
                      sweep ? today_3rd_kb(a, scenario) : 0);
    }
    unlink(tmp);
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
        return plot_scenario_csv(&a, argv[optind], fmt, out);
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

/*
 * cmd_report.c — `dheapsim report`: runs a scenario, has gnuplot draw the
 * usage and view-space charts as SVG, and writes the model's one-page HTML
 * report (model/report/report_html.c) atomically.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim report SCENARIO -o FILE.html [options]\n"
    "\n"
    "Writes one self-contained HTML page for a change request: the\n"
    "configuration, the heap-use and view-space charts (inline SVG drawn by\n"
    "gnuplot), dheapmon-style tables with each heap's rule and source, the\n"
    "events, the plain-words explanation (as 'dheapsim explain') and the\n"
    "assumptions in force. Needs gnuplot (Debian package gnuplot-nox).\n"
    "\n"
    "options:\n"
    "  -o FILE                     the HTML file (default: standard output)\n"
    "  --session N                 the session of the view-space chart\n"
    "%s%s"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim report scenarios/user-service-logons.json -o report.html\n";

static int chart(const char *kind, const dh_result *r, long session,
                 const char *input, char **svg)
{
    dh_plot_input in = {NULL, NULL};
    dh_error err;
    dh_error_clear(&err);
    dh_status st = strcmp(kind, "usage") == 0
                       ? dh_plot_usage(r, &in)
                       : dh_plot_viewspace(r, session, &in, &err);
    if (st == DH_ENOMEM)
        dh_error_set(&err, st, "out of memory");
    int rc = st != DH_OK ? cli_fail(&err)
                         : cli_gnuplot(kind, &in, input, "svg", NULL, svg);
    dh_plot_input_free(&in);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_RUN_LONGOPTS,
        CLI_TRACE_LONGOPT,
        {"session", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    dh_run_options run;
    memset(&run, 0, sizeof run);
    const char *out = NULL;
    long session = -1;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if ((rc = cli_run_option("report", c, optarg, &run)) >= 0) {
            if (rc != 0)
                return rc;
            continue;
        }
        char *end = NULL;
        switch (c) {
        case 'o': out = optarg; break;
        case 's':
            session = strtol(optarg, &end, 10);
            if (optarg[0] < '0' || optarg[0] > '9' || *end != '\0' ||
                session > 1000000)
                return cli_usage_error("report", "--session: '%s' is not a "
                                       "session id", optarg);
            break;
        case 'h':
            printf(help, cli_run_options_help, cli_trace_points_help);
            return EXIT_RESULT_OK;
        default:
            return cli_usage_error("report", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv, "OSV3nsEP"));
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("report", optind >= argc
                                             ? "needs a SCENARIO file"
                                             : "takes one SCENARIO");
    run.trace_iterations = true;
    dh_scenario *sc;
    dh_result *r;
    cli_progress("simulating %s", argv[optind]);
    if ((rc = cli_load_and_run(argv[optind], &run, &sc, &r)) != 0)
        return rc;
    char *svg[2] = {NULL, NULL};
    rc = chart("usage", r, session, argv[optind], &svg[0]);
    if (rc == 0)
        rc = chart("viewspace", r, session, argv[optind], &svg[1]);
    if (rc == 0) {
        dh_html_chart ch[2] = {
            {"Desktop heap use over the run", svg[0]},
            {"Session view space over the run", svg[1]},
        };
        char *html = NULL;
        if (dh_report_html(r, ch, 2, &html) != DH_OK) {
            fprintf(stderr, "dheapsim: out of memory while reporting\n");
            rc = EXIT_INTERNAL;
        } else {
            rc = cli_write_output(out, html, argv[optind]);
        }
        free(html);
    }
    free(svg[0]);
    free(svg[1]);
    dh_result_free(r);
    dh_scenario_free(sc);
    return rc;
}

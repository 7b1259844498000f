/*
 * cmd_recommend.c — `dheapsim recommend`: the smallest SharedSection (and
 * SessionViewSize) that run a scenario with headroom, printed as the new
 * SubSystems\Windows value and optionally written as a .reg file.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim recommend SCENARIO [options]\n"
    "\n"
    "Finds the smallest SharedSection 2nd and 3rd values (and, on versions\n"
    "whose view space SessionViewSize sets, the smallest SessionViewSize\n"
    "above the current one when the current one is too small) that run\n"
    "the whole scenario with no failure and every desktop heap at most\n"
    "100 - HEADROOM % used at every snapshot and at the end. Bisection\n"
    "over the simulation in page-size steps (4 KB), from 128 KB (KB 184802)\n"
    "to 20480 KB (KB 947246). Prints the new SubSystems\\Windows value with\n"
    "only SharedSection changed. Observed usage (charge used_pct) is kept\n"
    "as the bytes it was at the scenario's own sizes.\n"
    "\n"
    "options:\n"
    "  --headroom PCT              free share every heap keeps (default 25)\n"
    "  --allow-shrink              may go below the current values (the\n"
    "                              search starts at 128 KB) and lists every\n"
    "                              desktop that loses room; by default no\n"
    "                              value goes below today's\n"
    "  --no-shrink                 the default, kept for old scripts\n"
    "  --os ID                     OS profile (see 'dheapsim profiles')\n"
    "  --shared-section S          start from this SharedSection\n"
    "  --session-view-size MB      start from this SessionViewSize, or 'absent'\n"
    "  --3gb / --no-3gb            boot with or without /3GB\n"
    "  --format text|json          report format (default text)\n"
    "  --reg FILE                  also write a .reg file for regedit\n"
    "                              (atomically)\n"
    "  -o FILE                     write the report to FILE (atomically)\n"
    "  -h, --help                  this text\n"
    "\n"
    "example:\n"
    "  dheapsim import tests/import/seed-comment74-dheapmon.txt -o w2k.json\n"
    "  dheapsim recommend w2k.json --headroom 30 --reg w2k.reg\n";

static int number(const char *opt, const char *v, unsigned long max,
                  unsigned long *out)
{
    char *end = NULL;
    unsigned long long x = strtoull(v, &end, 10);
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || x > max)
        return cli_usage_error("recommend", "%s: '%s' is not a number from 0 "
                               "to %lu", opt, v, max);
    *out = (unsigned long)x;
    return 0;
}

int cmd_recommend(int argc, char **argv)
{
    static const struct option opts[] = {
        {"headroom", required_argument, NULL, 'H'},
        {"os", required_argument, NULL, 'O'},
        {"shared-section", required_argument, NULL, 'S'},
        {"session-view-size", required_argument, NULL, 'V'},
        {"3gb", no_argument, NULL, '3'},
        {"no-3gb", no_argument, NULL, 'n'},
        {"format", required_argument, NULL, 'f'},
        {"reg", required_argument, NULL, 'R'},
        {"no-shrink", no_argument, NULL, 'K'},
        {"allow-shrink", no_argument, NULL, 'A'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    dh_recommend_options o;
    memset(&o, 0, sizeof o);
    o.headroom_pct = 25;
    const char *format = "text", *output = NULL, *reg = NULL;
    unsigned long v = 0;
    int c;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        int rc = cli_run_option("recommend", c, optarg, &o.run);
        if (rc >= 0) { /* --os, --shared-section, ... (runopts.c) */
            if (rc != 0)
                return rc;
            continue;
        }
        switch (c) {
        case 'H':
            if (number("--headroom", optarg, 99, &v) != 0)
                return EXIT_USAGE;
            o.headroom_pct = (uint32_t)v;
            break;
        case 'f': format = optarg; break;
        case 'R': reg = optarg; break;
        case 'K': o.allow_shrink = false; break;
        case 'A': o.allow_shrink = true; break;
        case 'o': output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("recommend", "unknown or incomplete "
                                   "option '%s'",
                                   cli_bad_option(argv, "HOSV3nfRKA"));
        }
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("recommend", "--format must be text or json, "
                               "not '%s'", format);
    if (o.run.os != NULL && dh_profile_find(o.run.os) == NULL)
        return cli_usage_error("recommend", "unknown OS profile '%s' (see "
                               "'dheapsim profiles')", o.run.os);
    if (optind != argc - 1)
        return cli_usage_error("recommend", optind >= argc
                               ? "needs a SCENARIO file" : "takes one "
                                 "SCENARIO");
    const char *file = argv[optind];
    dh_scenario *sc = NULL;
    dh_error err;
    dh_error_clear(&err);
    if (dh_scenario_load_file(file, &sc, &err) != DH_OK)
        return cli_fail(&err);
    dh_recommendation r;
    int rc = EXIT_RESULT_OK;
    if (dh_recommend(sc, &o, &r, &err) != DH_OK) {
        if (err.file[0] == '\0' && o.run.shared_section != NULL &&
            strstr(err.text, "value") != NULL)
            snprintf(err.file, sizeof err.file, "--shared-section");
        rc = cli_fail(&err);
        dh_scenario_free(sc);
        return rc;
    }
    char *text = NULL, *regtext = NULL;
    dh_status st = strcmp(format, "json") == 0
                       ? dh_report_recommend_json(&r, sc, &text)
                       : dh_report_recommend_text(&r, sc, &text);
    if (st != DH_OK) {
        fprintf(stderr, "dheapsim: out of memory while reporting\n");
        rc = EXIT_INTERNAL;
    }
    if (rc == EXIT_RESULT_OK && reg != NULL && !r.feasible) {
        fprintf(stderr, "dheapsim recommend: no .reg written: no "
                "configuration found\n");
    } else if (rc == EXIT_RESULT_OK && reg != NULL) {
        if (dh_regfile_write(r.windows_after, r.svs_changed, r.svs_mb,
                             &regtext, &err) != DH_OK)
            rc = cli_fail(&err);
        else
            rc = cli_write_output(reg, regtext, file);
    }
    if (rc == EXIT_RESULT_OK)
        rc = cli_write_output(output, text, file);
    if (rc == EXIT_RESULT_OK && reg != NULL && r.feasible &&
        strcmp(reg, "-") != 0)
        fprintf(stderr, "dheapsim recommend: wrote %s (import it with "
                "regedit, then reboot)\n", reg);
    if (rc == EXIT_RESULT_OK && !r.feasible)
        rc = EXIT_NO_CONFIG; /* the report says what stands in the way */
    free(text);
    free(regtext);
    dh_recommendation_free(&r);
    dh_scenario_free(sc);
    return rc;
}

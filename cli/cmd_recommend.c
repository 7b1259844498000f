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
    "100 - HEADROOM % used, and every session's view space too, at every\n"
    "snapshot and at the end. Bisection over the simulation in page-size\n"
    "steps (4 KB), from today's values (no value goes below them) to\n"
    "20480 KB (KB 947246); the values found are rounded up to steps a\n"
    "person would set (1024 KB for the 2nd, 256 KB for the 3rd). Prints the\n"
    "new SubSystems\\Windows value with only SharedSection changed, built\n"
    "from this machine's value when given (--windows-value, or a .reg\n"
    "through 'dheapsim import'), else from the value the version ships\n"
    "with, said so; and how to back up and recover on that version.\n"
    "Observed usage (charge used_pct) is kept as the bytes it was at the\n"
    "scenario's own sizes.\n"
    "\n"
    "exit status: 0 a recommendation; 3 no configuration meets the\n"
    "targets (the report says what stands in the way); 2 bad input.\n"
    "\n"
    "options:\n"
    "  --headroom PCT              free share every heap keeps (default 25)\n"
    "  --allow-shrink              may go below the current values (the\n"
    "                              search starts at 128 KB) and lists every\n"
    "                              desktop that loses room; by default no\n"
    "                              value goes below today's\n"
    "  --no-shrink                 the default, kept for old scripts\n"
    "  --exhaustive                the search without its shortcuts (every\n"
    "                              probe a whole run, none remembered, no\n"
    "                              predicted value): the same answer, more\n"
    "                              runs\n"
    "  --round-2nd KB              round the 2nd value up to a multiple of\n"
    "                              KB (default 1024; 4: the page only)\n"
    "  --round-3rd KB              the same for the 3rd value (default 256)\n"
    "  --windows-value STRING      this machine's SubSystems\\Windows value\n"
    "                              (reg query ... /v Windows): the new one is\n"
    "                              built from it, every other token kept\n"
    "  --os ID                     OS profile (see 'dheapsim profiles')\n"
    "  --shared-section S          start from this SharedSection\n"
    "  --session-view-size MB      start from this SessionViewSize, or 'absent'\n"
    "  --3gb / --no-3gb            boot with or without /3GB\n"
    "  --format text|json          report format (default text)\n"
    "  --reg FILE                  also write a .reg file for regedit\n"
    "                              (atomically; refused when the version's\n"
    "                              shipped value is unknown and none given)\n"
    "  --reg-format regedit5|regedit4\n"
    "                              regedit5 (default): version 5.00 in\n"
    "                              UTF-16LE with a BOM, as regedit exports;\n"
    "                              regedit4: ANSI REGEDIT4\n"
    "  -j, --jobs N                run up to N probes at once, ahead of the\n"
    "                              search (default 1: one after another;\n"
    "                              more takes more memory, README); the\n"
    "                              report is the same at every N\n"
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
        {"cost-end", required_argument, NULL, 'E'},
        {"empty", no_argument, NULL, 'Y'},
        {"format", required_argument, NULL, 'f'},
        {"reg", required_argument, NULL, 'R'},
        {"no-shrink", no_argument, NULL, 'K'},
        {"allow-shrink", no_argument, NULL, 'A'},
        {"exhaustive", no_argument, NULL, 'X'},
        {"round-2nd", required_argument, NULL, '2'},
        {"round-3rd", required_argument, NULL, '4'},
        {"windows-value", required_argument, NULL, 'W'},
        {"reg-format", required_argument, NULL, 'G'},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    dh_recommend_options o;
    memset(&o, 0, sizeof o);
    o.headroom_pct = 25;
    o.round_interactive_kb = DH_ROUND_INTERACTIVE_KB;
    o.round_noninteractive_kb = DH_ROUND_NONINTERACTIVE_KB;
    const char *format = "text", *output = NULL, *reg = NULL;
    dh_reg_format regfmt = DH_REG_V5_UTF16;
    unsigned long v = 0;
    unsigned jobs = 0;
    dh_executor exec;
    int c;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:j:h", opts, NULL)) != -1) {
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
        case '2':
        case '4':
            if (number(c == '2' ? "--round-2nd" : "--round-3rd", optarg,
                       20480, &v) != 0)
                return EXIT_USAGE;
            if (v == 0 || v % 4 != 0)
                return cli_usage_error("recommend", "%s: '%s' is not a "
                                       "multiple of the 4 KB page from 4 to "
                                       "20480", c == '2' ? "--round-2nd"
                                       : "--round-3rd", optarg);
            if (c == '2')
                o.round_interactive_kb = v == 4 ? 0 : (uint32_t)v;
            else
                o.round_noninteractive_kb = v == 4 ? 0 : (uint32_t)v;
            break;
        case 'W': o.windows_value = optarg; break;
        case 'G':
            if (strcmp(optarg, "regedit5") == 0)
                regfmt = DH_REG_V5_UTF16;
            else if (strcmp(optarg, "regedit4") == 0)
                regfmt = DH_REG_REGEDIT4;
            else
                return cli_usage_error("recommend", "--reg-format must be "
                                       "regedit5 or regedit4, not '%s'",
                                       optarg);
            break;
        case 'K': o.allow_shrink = false; break;
        case 'A': o.allow_shrink = true; break;
        case 'X': o.exhaustive = true; break;
        case 'j':
            if (cli_jobs_option("recommend", optarg, &jobs) != 0)
                return EXIT_USAGE;
            break;
        case 'o': output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("recommend", "unknown or incomplete "
                                   "option '%s'",
                                   cli_bad_option(argv, "HOSV3nfRKAX24WGEj"));
        }
    }
    /* 1 unless asked: on the 2-core bench machine probes at once were
     * not faster and took 1.6 times the memory (README) */
    cli_executor(&exec, jobs != 0 ? jobs : 1);
    o.run.exec = &exec;
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("recommend", "--format must be text or json, "
                               "not '%s'", format);
    if (o.run.os != NULL && dh_profile_find(o.run.os) == NULL)
        return cli_unknown_os("recommend", o.run.os);
    if (!o.run.cost_end_given) /* size heaps for the pessimistic end */
        o.run.cost_end = DH_COST_HIGH;
    if (o.windows_value != NULL && o.run.shared_section != NULL)
        return cli_usage_error("recommend", "give --windows-value or "
                               "--shared-section, not both (the value holds "
                               "the SharedSection in force)");
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
    size_t reglen = 0;
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
    } else if (rc == EXIT_RESULT_OK && reg != NULL &&
               r.windows_after == NULL) {
        fprintf(stderr, "dheapsim recommend: no .reg written: no source "
                "gives the SubSystems\\Windows value %s ships with. Save "
                "this machine's first:\n  reg export \"HKLM\\SYSTEM\\"
                "CurrentControlSet\\Control\\Session Manager\\SubSystems\" "
                "subsystems.reg\nthen run 'dheapsim import' on it, or give "
                "the value with --windows-value\n", r.profile->name);
        rc = EXIT_USAGE;
    } else if (rc == EXIT_RESULT_OK && reg != NULL) {
        if (dh_regfile_write_as(r.windows_after, r.svs_changed, r.svs_mb,
                                regfmt, &regtext, &reglen, &err) != DH_OK)
            rc = cli_fail(&err);
        else
            rc = cli_write_bytes(reg, regtext, reglen, file);
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

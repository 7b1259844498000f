/*
 * regopts.c — what every simulating subcommand (run, demo, compare,
 * capacity, sweep) shares: its options (the registry options over the
 * scenario's: --os, --shared-section, --session-view-size, --3gb/--no-3gb;
 * --grow, --format, -o), the SCENARIO argument and run-error messages.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* The registry options are runopts.c's: 1 taken, -1 bad, 0 not one. */
static int registry_option(const char *cmd, int c, const char *arg,
                           dh_run_options *o)
{
    int rc = cli_run_option(cmd, c, arg, o);
    return rc < 0 ? 0 : rc == 0 ? 1 : -1;
}

/* An option that takes a list in this command (compare --os; sweep --os,
 * --shared-section, --session-view-size): kept as text for later. */
static bool list_option(int c, const char *arg, unsigned flags, cli_args *a)
{
    const char **slot = NULL;
    if (c == 'O' && (flags & CLI_OS_LIST))
        slot = &a->os_list;
    else if (c == 'S' && (flags & CLI_VALUE_LISTS))
        slot = &a->ss_list;
    else if (c == 'V' && (flags & CLI_VALUE_LISTS))
        slot = &a->svs_list;
    if (slot != NULL)
        *slot = arg;
    return slot != NULL;
}

static int check_format(const char *cmd, cli_args *a, bool csv)
{
    static const char *const names[] = {"text", "json", "csv"};
    for (int i = 0; i < (csv ? 3 : 2); i++)
        if (strcmp(a->format, names[i]) == 0) {
            a->fmt = i;
            return -1;
        }
    return cli_usage_error(cmd, "--format must be text, json%s, not '%s'",
                           csv ? " or csv" : " (no csv here)", a->format);
}

int cli_jobs_option(const char *cmd, const char *arg, unsigned *jobs)
{
    char *end = NULL;
    unsigned long n = strtoul(arg, &end, 10);
    if (arg[0] < '1' || arg[0] > '9' || *end != '\0' || n > CLI_MAX_JOBS)
        return cli_usage_error(cmd, "-j: '%s' is not a count from 1 to %u",
                               arg, CLI_MAX_JOBS);
    *jobs = (unsigned)n;
    return 0;
}

int cli_parse(const char *cmd, const char *help, unsigned flags, int argc,
              char **argv, cli_args *a)
{
    static const struct option opts[] = {
        {"os", required_argument, NULL, 'O'},
        {"shared-section", required_argument, NULL, 'S'},
        {"session-view-size", required_argument, NULL, 'V'},
        {"3gb", no_argument, NULL, '3'},
        {"no-3gb", no_argument, NULL, 'n'},
        {"cost-end", required_argument, NULL, 'E'},
        {"empty", no_argument, NULL, 'Y'},
        {"grow", required_argument, NULL, 'g'},
        {"format", required_argument, NULL, 'f'},
        {"jobs", required_argument, NULL, 'j'},
        {"all-desktops", no_argument, NULL, 'D'},
        {"csv-rows", required_argument, NULL, 'R'},
        CLI_TRACE_LONGOPT,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    memset(a, 0, sizeof *a);
    a->format = "text";
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:j:h", opts, NULL)) != -1) {
        if (list_option(c, optarg, flags, a))
            continue;
        if (c == 'j' && (flags & CLI_JOBS)) {
            if (cli_jobs_option(cmd, optarg, &a->jobs) != 0)
                return EXIT_USAGE;
            continue;
        }
        if (c == 'D' && (flags & CLI_DESKTOPS)) {
            a->all_desktops = true;
            continue;
        }
        if (c == 'R' && (flags & CLI_CSV_ROWS)) {
            if (strcmp(optarg, "all") != 0 && strcmp(optarg, "changed") != 0)
                return cli_usage_error(cmd, "--csv-rows must be all or "
                                       "changed, not '%s'", optarg);
            a->csv_changed = strcmp(optarg, "changed") == 0;
            continue;
        }
        if (c == 'P' && !(flags & CLI_CSV_ROWS))
            return cli_usage_error(cmd, "unknown or incomplete option "
                                   "'--trace-points'");
        if (c == 'P')
            a->trace_points_given = true;
        int reg = registry_option(cmd, c, optarg, &a->run);
        if (reg < 0)
            return EXIT_USAGE;
        if (reg > 0)
            continue;
        if (c == 'g' && (flags & CLI_GROW))
            a->run.grow_label = optarg;
        else if (c == 'f')
            a->format = optarg;
        else if (c == 'o')
            a->output = optarg;
        else if (c == 'h') {
            fputs(help, stdout);
            return EXIT_RESULT_OK;
        } else {
            const char *w = c == 'g' ? "--grow"
                            : c == 'j' ? "-j"
                            : c == 'D' ? "--all-desktops"
                            : c == 'R' ? "--csv-rows"
                                       : cli_bad_option(argv, "OSV3ngfEjP");
            return cli_usage_error(cmd, "unknown or incomplete option '%s'",
                                   w);
        }
    }
    if ((flags & CLI_GROW) && a->run.grow_label == NULL)
        return cli_usage_error(cmd, "needs --grow LABEL (the label of the "
                               "step to repeat)");
    if (flags & CLI_JOBS) {
        cli_executor(&a->exec, a->jobs);
        a->run.exec = &a->exec;
    }
    int rc = check_format(cmd, a, !(flags & CLI_NO_CSV));
    if (rc < 0 && (a->csv_changed || a->trace_points_given) && a->fmt != 2)
        rc = cli_usage_error(cmd, "%s is for --format csv",
                             a->csv_changed ? "--csv-rows changed"
                                            : "--trace-points");
    else if (rc < 0 && a->trace_points_given && !a->csv_changed)
        rc = cli_usage_error(cmd, "--trace-points needs --csv-rows changed "
                             "(the full CSV has every step)");
    if (rc < 0 && a->run.os != NULL && dh_profile_find(a->run.os) == NULL)
        rc = cli_unknown_os(cmd, a->run.os);
    return rc;
}

int cli_load_scenario(const char *cmd, int argc, char **argv,
                      dh_scenario **sc)
{
    *sc = NULL;
    if (optind != argc - 1)
        return cli_usage_error(cmd, optind >= argc ? "needs a SCENARIO file"
                                                   : "takes one SCENARIO");
    if (argv[optind][0] == '\0')
        return cli_usage_error(cmd, "SCENARIO '' is an empty file name");
    dh_error err;
    dh_error_clear(&err);
    if (dh_scenario_load_file(argv[optind], sc, &err) != DH_OK)
        return cli_fail(&err);
    return -1;
}

int cli_run_fail(dh_error *err, const char *shared_section)
{
    if (err->file[0] == '\0' && shared_section != NULL &&
        strstr(err->text, "value") != NULL)
        snprintf(err->file, sizeof err->file, "--shared-section");
    return cli_fail(err);
}

/* "all" or ids separated by commas, each a known profile, none twice. */
int cli_os_list(const char *cmd, const char *text, const char ***ids,
                size_t *n)
{
    size_t np = dh_profile_count();
    *ids = calloc(np, sizeof **ids);
    *n = 0;
    if (*ids == NULL)
        return EXIT_INTERNAL;
    if (strcmp(text, "all") == 0) {
        for (size_t i = 0; i < np; i++)
            (*ids)[(*n)++] = dh_profile_at(i)->id;
        return -1;
    }
    for (const char *p = text;; p++) {
        size_t len = strcspn(p, ",");
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)(len < 63 ? len : 63), p);
        const dh_profile *pr = len < 63 ? dh_profile_find(id) : NULL;
        size_t k = 0;
        while (pr != NULL && k < *n && (*ids)[k] != pr->id)
            k++;
        const char *why = len == 0 ? "an empty item"
                          : pr == NULL ? "an unknown OS profile"
                          : k < *n ? "given twice" : NULL;
        if (why != NULL) {
            char hint[128] = "";
            if (pr == NULL && len != 0)
                dh_profile_suggest(id, hint, sizeof hint);
            free(*ids);
            *ids = NULL;
            return cli_usage_error(cmd, "--os '%s': '%s' is %s (a list of "
                                   "ids from 'dheapsim profiles', or "
                                   "'all'%s)", text, id, why, hint);
        }
        (*ids)[(*n)++] = pr->id;
        p += len;
        if (*p == '\0')
            return -1;
    }
}

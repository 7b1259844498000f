/*
 * runopts.c — the run options plot, explain and report share with `run`
 * (--os, --shared-section, --session-view-size, --3gb/--no-3gb): their
 * getopt table entries and how each sets dh_run_options.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_run_options_help[] =
    "  --os ID                     OS profile (see 'dheapsim profiles')\n"
    "  --shared-section S          SharedSection, e.g. 1024,3072,1024\n"
    "  --session-view-size MB      SessionViewSize in MB, or 'absent'\n"
    "  --3gb / --no-3gb            boot with or without /3GB\n"
    "  --cost-end typical|low|high which end of ranged costs (catalogue\n"
    "                              kinds, conhost: dheapsim kinds)\n"
    "  --empty                     a bare machine: no starting load on the\n"
    "                              service and user desktops\n";

const char cli_trace_points_help[] =
    "  --trace-points N            chart points budget (default 2000, 10 to\n"
    "                              100000): beyond it points grow further\n"
    "                              apart (README: plot)\n";

int cli_unknown_os(const char *cmd, const char *id)
{
    char hint[128];
    dh_profile_suggest(id, hint, sizeof hint);
    return cli_usage_error(cmd, "unknown OS profile '%s' (see 'dheapsim "
                           "profiles'%s)", id, hint);
}

int cli_run_option(const char *cmd, int c, const char *arg,
                   dh_run_options *o)
{
    switch (c) {
    case 'O':
        if (dh_profile_find(arg) == NULL)
            return cli_unknown_os(cmd, arg);
        o->os = arg;
        return 0;
    case 'S': o->shared_section = arg; return 0;
    case 'V': {
        o->svs_given = true;
        if (strcmp(arg, "absent") == 0) {
            o->svs = DH_SVS_ABSENT;
            return 0;
        }
        char *end = NULL;
        unsigned long long mb = strtoull(arg, &end, 10);
        if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || mb == 0 ||
            mb > 1048576)
            return cli_usage_error(cmd, "--session-view-size: '%s' is not a "
                                   "size in MB from 1 to 1048576, or "
                                   "'absent'", arg);
        o->svs = DH_SVS_SET;
        o->svs_mb = (uint32_t)mb;
        return 0;
    }
    case 'E':
        if (strcmp(arg, "typical") == 0)
            o->cost_end = DH_COST_TYPICAL;
        else if (strcmp(arg, "low") == 0)
            o->cost_end = DH_COST_LOW;
        else if (strcmp(arg, "high") == 0)
            o->cost_end = DH_COST_HIGH;
        else
            return cli_usage_error(cmd, "--cost-end must be typical, low or "
                                   "high, not '%s'", arg);
        o->cost_end_given = true;
        return 0;
    case 'Y': o->empty = true; return 0;
    case 'P': {
        char *end = NULL;
        unsigned long long n = strtoull(arg, &end, 10);
        if (arg[0] < '1' || arg[0] > '9' || *end != '\0' || n < 10 ||
            n > DH_TRACE_POINTS_MAX)
            return cli_usage_error(cmd, "--trace-points: '%s' is not a count "
                                   "from 10 to %u", arg, DH_TRACE_POINTS_MAX);
        o->trace_points = (uint32_t)n;
        return 0;
    }
    case '3': o->boot_3gb_given = o->boot_3gb = true; return 0;
    case 'n': o->boot_3gb_given = true; o->boot_3gb = false; return 0;
    default: return -1;
    }
}

/* Load and run SCENARIO with the options; prints the error itself. */
int cli_load_and_run(const char *file, const dh_run_options *o,
                     dh_scenario **sc, dh_result **r)
{
    dh_error err;
    dh_error_clear(&err);
    *sc = NULL;
    *r = NULL;
    if (dh_scenario_load_file(file, sc, &err) != DH_OK)
        return cli_fail(&err);
    if (dh_run(*sc, o, r, &err) != DH_OK) {
        if (err.file[0] == '\0' && o->shared_section != NULL &&
            strstr(err.text, "value") != NULL)
            snprintf(err.file, sizeof err.file, "--shared-section");
        dh_scenario_free(*sc);
        *sc = NULL;
        return cli_fail(&err);
    }
    return 0;
}

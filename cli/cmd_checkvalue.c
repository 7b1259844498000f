/*
 * cmd_checkvalue.c — `dheapsim check-value STRING|FILE.reg [--os ID]`: the
 * linter for the SubSystems\Windows value an administrator is about to
 * apply (rules/valuecheck.c decides, report/report_valuecheck.c prints).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char help[] =
    "usage: dheapsim check-value STRING|FILE.reg [--os ID] [--format text|json]\n"
    "                            [-o FILE]\n"
    "\n"
    "Checks the SubSystems\\Windows value you are about to apply, given as\n"
    "the string 'reg query ... /v Windows' prints or as a .reg file (an\n"
    "export, or what 'dheapsim recommend --reg' wrote): one SharedSection\n"
    "token, no space inside it, 2 or 3 numbers (a 4th is undocumented), the\n"
    "1st left at 1024 (the shared heap), the 2nd and 3rd from 128 KB\n"
    "(KB 184802) to 20480 KB (KB 947246) in whole pages, no control\n"
    "characters, and, with --os, exactly the tokens that version ships with\n"
    "(none added, none dropped; dheapsim profiles shows them and their\n"
    "source). Without --os it says which versions' tokens it matches.\n"
    "\n"
    "exit status: 0 no problem found; 2 one line per problem (or bad input).\n"
    "\n"
    "example:\n"
    "  dheapsim check-value 'C:\\Windows\\system32\\csrss.exe ObjectDirectory=\\Windows\n"
    "    SharedSection=1024,20480,2048 Windows=On ...' --os server2019\n"
    "  dheapsim check-value new.reg --os win2003-x86\n";

static bool looks_like_file(const char *arg)
{
    size_t n = strlen(arg);
    struct stat st;
    if (n > 4 && strcasecmp(arg + n - 4, ".reg") == 0)
        return true;
    return strchr(arg, ' ') == NULL && strchr(arg, ',') == NULL &&
           stat(arg, &st) == 0;
}

/* The value of a .reg file; *value malloc'd. */
static int value_from_reg(const char *path, char **value)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = cli_read_file(path, &buf, &len);
    if (rc != EXIT_RESULT_OK)
        return rc;
    dh_regfile r;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_regfile_parse(buf, len, path, &r, &err);
    free(buf);
    if (st != DH_OK)
        return cli_fail(&err);
    if (!r.has_windows) {
        dh_regfile_free(&r);
        fprintf(stderr, "dheapsim check-value: %s: no SubSystems\\Windows "
                "value in this file\n", path);
        return EXIT_USAGE;
    }
    *value = r.windows;
    r.windows = NULL;
    dh_regfile_free(&r);
    return EXIT_RESULT_OK;
}

/* Ids of the profiles whose shipped tokens value matches, "a, b, c". */
static void matching_ids(const char *value, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < dh_profile_count() && n < len; i++) {
        const dh_profile *p = dh_profile_at(i);
        if (p->windows_after == NULL)
            continue;
        dh_value_check c;
        dh_check_windows_value(value, p, &c);
        if (c.token_problems == 0)
            n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
                                  p->id);
    }
}

int cmd_check_value(int argc, char **argv)
{
    static const struct option opts[] = {
        {"os", required_argument, NULL, 'O'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *os = NULL, *format = "text", *output = NULL;
    int c;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'O': os = optarg; break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("check-value", "unknown or incomplete "
                                   "option '%s'", cli_bad_option(argv, "Of"));
        }
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("check-value", "--format must be text or "
                               "json, not '%s'", format);
    const dh_profile *p = NULL;
    if (os != NULL && (p = dh_profile_find(os)) == NULL)
        return cli_unknown_os("check-value", os);
    if (optind != argc - 1)
        return cli_usage_error("check-value", "needs one STRING or "
                               "FILE.reg");
    const char *arg = argv[optind];
    char *value = NULL;
    if (looks_like_file(arg)) {
        int rc = value_from_reg(arg, &value);
        if (rc != EXIT_RESULT_OK)
            return rc;
    } else if ((value = strdup(arg)) == NULL) {
        fprintf(stderr, "dheapsim: out of memory\n");
        return EXIT_INTERNAL;
    }
    dh_value_check chk;
    /* without --os: page size and bounds are the same on every profile */
    dh_check_windows_value(value, p != NULL ? p : dh_profile_at(0), &chk);
    char matching[1024] = "";
    if (p == NULL) {
        matching_ids(value, matching, sizeof matching);
        /* token comparison with one profile means nothing without --os */
        size_t k = 0;
        for (size_t i = 0; i < chk.nproblems; i++)
            if (strstr(chk.problems[i], "ships with") == NULL)
                memmove(chk.problems[k++], chk.problems[i],
                        sizeof chk.problems[0]);
        chk.nproblems = k;
    }
    char *text = NULL;
    dh_status st = strcmp(format, "json") == 0
        ? dh_report_value_check_json(value, p, &chk, matching, &text)
        : dh_report_value_check_text(value, p, &chk, matching, &text);
    free(value);
    if (st != DH_OK) {
        fprintf(stderr, "dheapsim: out of memory\n");
        return EXIT_INTERNAL;
    }
    int rc = cli_write_output(output, text, arg);
    free(text);
    if (rc == EXIT_RESULT_OK && (chk.nproblems != 0 || chk.more != 0))
        rc = EXIT_USAGE;
    return rc;
}

/*
 * cmd_info.c — `dheapsim profiles` and `dheapsim sharedsection`: the
 * reference commands that explain the OS table and a registry value.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char profiles_help[] =
    "usage: dheapsim profiles [--format text|json] [-o FILE]\n"
    "\n"
    "Lists the Windows version profiles: architecture, default SharedSection,\n"
    "how session view space is sized, the fixed Winlogon/Disconnect heaps,\n"
    "/3GB, and the source of every value.\n"
    "\n"
    "example:\n"
    "  dheapsim profiles --format json\n";

static const char ss_help[] =
    "usage: dheapsim sharedsection STRING [--os ID]\n"
    "\n"
    "Explains a SharedSection value: each number, what it sizes, and what the\n"
    "128 KB minimum and page rounding did. STRING may be '1024,3072,512',\n"
    "'SharedSection=1024,3072,512' or the whole SubSystems\\Windows value.\n"
    "--os picks the profile whose page size and fixed heaps are used\n"
    "(default win2003-x86).\n"
    "\n"
    "example:\n"
    "  dheapsim sharedsection 1024,3072,100\n";

static int finish(dh_status st, char *text, const char *out)
{
    if (st != DH_OK) {
        fprintf(stderr, "dheapsim: out of memory\n");
        return EXIT_INTERNAL;
    }
    int rc = cli_write_output(out, text, NULL);
    free(text);
    return rc;
}

int cmd_profiles(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *format = "text", *out = NULL;
    int c;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if (c == 'f')
            format = optarg;
        else if (c == 'o')
            out = optarg;
        else if (c == 'h')
            return fputs(profiles_help, stdout), EXIT_RESULT_OK;
        else
            return cli_usage_error("profiles", "unknown or incomplete "
                                   "option '%s'", cli_bad_option(argv, "fO"));
    }
    if (optind != argc)
        return cli_usage_error("profiles", "takes no arguments");
    char *text = NULL;
    dh_status st;
    if (strcmp(format, "json") == 0)
        st = dh_report_profiles_json(&text);
    else if (strcmp(format, "text") == 0)
        st = dh_report_profiles_text(&text);
    else
        return cli_usage_error("profiles", "--format must be text or json");
    return finish(st, text, out);
}

int cmd_sharedsection(int argc, char **argv)
{
    static const struct option opts[] = {
        {"os", required_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *os = "win2003-x86";
    int c;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'O')
            os = optarg;
        else if (c == 'h')
            return fputs(ss_help, stdout), EXIT_RESULT_OK;
        else
            return cli_usage_error("sharedsection", "unknown or incomplete "
                                   "option '%s'", cli_bad_option(argv, "fO"));
    }
    if (optind != argc - 1)
        return cli_usage_error("sharedsection", "needs one STRING");
    const dh_profile *p = dh_profile_find(os);
    if (p == NULL)
        return cli_unknown_os("sharedsection", os);
    char *text = NULL;
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_report_shared_section(argv[optind], p, &text, &err);
    if (st == DH_EINPUT) {
        snprintf(err.file, sizeof err.file, "SharedSection '%s'", argv[optind]);
        return cli_fail(&err);
    }
    return finish(st, text, NULL);
}

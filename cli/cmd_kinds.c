/*
 * cmd_kinds.c — `dheapsim kinds [--os ID] [--format text|json]`: the
 * process kinds a scenario's "kind" may name, with their heap bytes per
 * version and their sources (report/report_kinds.c).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: dheapsim kinds [--os ID] [--format text|json] [-o FILE]\n"
    "\n"
    "Lists the process kinds a scenario's \"kind\" may name: the seed's\n"
    "(none, console, gui, service, browser-tab) and the catalogue of\n"
    "programs servers run today (cmd, powershell, python, node, git, go,\n"
    "jvm, dotnet, dotnet-service, chromium-headless, electron, office-com,\n"
    "w3wp, svchost) and conhost, each with its desktop heap bytes per\n"
    "instance at the low, typical and high end, whether it is measured,\n"
    "derived or assumed, whether it gets a console, and its source. With\n"
    "--os the bytes on that version; without, XP/2003 x86 and Windows 10\n"
    "x64 side by side.\n"
    "\n"
    "example:\n"
    "  dheapsim kinds --os server2022\n";

int cmd_kinds(int argc, char **argv)
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
            return cli_usage_error("kinds", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv, "Of"));
        }
    }
    if (optind != argc)
        return cli_usage_error("kinds", "takes no arguments");
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("kinds", "--format must be text or json, not "
                               "'%s'", format);
    const dh_profile *p = NULL;
    if (os != NULL && (p = dh_profile_find(os)) == NULL)
        return cli_unknown_os("kinds", os);
    char *text = NULL;
    dh_status st = strcmp(format, "json") == 0 ? dh_report_kinds_json(p, &text)
                                               : dh_report_kinds_text(p, &text);
    if (st != DH_OK) {
        fprintf(stderr, "dheapsim: out of memory\n");
        return EXIT_INTERNAL;
    }
    int rc = cli_write_output(output, text, NULL);
    free(text);
    return rc;
}

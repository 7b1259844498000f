/*
 * cmd_import.c — `dheapsim import`: a scenario from what an administrator
 * can paste: dheapmon or !dskheap output and/or a regedit export of the
 * SubSystems and Memory Management keys (domain-facts 5a, 5b).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
    "usage: dheapsim import FILE [REGFILE] [-o scenario.json] [--os ID]\n"
    "\n"
    "Reads dheapmon output (-s listing or plain), !dskheap output, or a\n"
    "regedit export (REGEDIT4 or version 5.00, UTF-16LE or ANSI) of\n"
    "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\SubSystems\n"
    "and ...\\Memory Management, detecting the format from the content, and\n"
    "writes a scenario: the OS guessed from the heap sizes (a guess: check\n"
    "it, or give --os), SharedSection derived from the sizes (1st value 1024\n"
    "unless a .reg says otherwise), one create_desktop per desktop the\n"
    "system does not create by itself and one charge per desktop with the\n"
    "observed Used Rate. Give at most one table and one .reg. Inconsistent\n"
    "input (a Total that does not add up, a wrong desktop count, a rate\n"
    "above 100, a truncated table) is an error naming file and line.\n"
    "\n"
    "options:\n"
    "  -o FILE      write the scenario to FILE (atomically; default stdout)\n"
    "  --os ID      use this OS profile instead of guessing\n"
    "  -h, --help   this text\n"
    "\n"
    "example:\n"
    "  dheapsim import tests/import/seed-body-dheapmon.txt -o server.json\n"
    "  dheapsim run server.json\n";

typedef struct {
    const char *path;
    char *buf;
    size_t len;
    dh_import_format fmt;
} input;

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"os", required_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL, *os = NULL;
    int c;
    optind = 0; /* 0: glibc and mingw-w64 reset all of getopt's state */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'O': os = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_RESULT_OK;
        default:
            return cli_usage_error("import", "unknown or incomplete option "
                                   "'%s'", cli_bad_option(argv, "O"));
        }
    }
    int nin = argc - optind;
    if (nin < 1 || nin > 2)
        return cli_usage_error("import", nin < 1 ? "needs a FILE"
                               : "takes at most two files (a table and a "
                                 ".reg)");
    if (os != NULL && dh_profile_find(os) == NULL)
        return cli_unknown_os("import", os);
    input in[2];
    memset(in, 0, sizeof in);
    int rc = EXIT_RESULT_OK;
    const input *table = NULL, *regf = NULL;
    for (int i = 0; i < nin && rc == EXIT_RESULT_OK; i++) {
        in[i].path = argv[optind + i];
        rc = cli_read_file(in[i].path, &in[i].buf, &in[i].len);
        if (rc != EXIT_RESULT_OK)
            break;
        in[i].fmt = dh_import_detect(in[i].buf, in[i].len);
        if (in[i].fmt == DH_IMPORT_UNKNOWN) {
            fprintf(stderr, "dheapsim: %s:1: unknown format: not a dheapmon "
                    "or !dskheap table (no 'Heap Size(KB)' header line) nor "
                    "a regedit export\n", in[i].path);
            rc = EXIT_USAGE;
        } else if (in[i].fmt == DH_IMPORT_REGFILE ? regf != NULL
                                                  : table != NULL) {
            fprintf(stderr, "dheapsim: %s: a second %s: give at most one "
                    "table and one .reg\n", in[i].path,
                    in[i].fmt == DH_IMPORT_REGFILE ? ".reg" : "table");
            rc = EXIT_USAGE;
        } else if (in[i].fmt == DH_IMPORT_REGFILE) {
            regf = &in[i];
        } else {
            table = &in[i];
        }
    }
    dh_obs_table t;
    dh_regfile r;
    dh_error err;
    dh_import_guess g;
    char *json = NULL;
    memset(&t, 0, sizeof t);
    memset(&r, 0, sizeof r);
    dh_error_clear(&err);
    if (rc == EXIT_RESULT_OK && table != NULL &&
        dh_obs_table_parse(table->buf, table->len, table->path, &t, &err) !=
            DH_OK)
        rc = cli_fail(&err);
    if (rc == EXIT_RESULT_OK && regf != NULL &&
        dh_regfile_parse(regf->buf, regf->len, regf->path, &r, &err) != DH_OK)
        rc = cli_fail(&err);
    if (rc == EXIT_RESULT_OK &&
        dh_import_scenario(table ? &t : NULL, table ? table->path : NULL,
                           regf ? &r : NULL, regf ? regf->path : NULL, os,
                           &g, &json, &err) != DH_OK)
        rc = cli_fail(&err);
    if (rc == EXIT_RESULT_OK) {
        /* The scenario must load as it is written. */
        dh_scenario *sc = NULL;
        if (dh_scenario_load_buffer(json, strlen(json), "(imported)", &sc,
                                    &err) != DH_OK) {
            char b[1200];
            fprintf(stderr, "dheapsim: internal error: the imported scenario "
                    "does not load: %s\n", dh_error_format(&err, b, sizeof b));
            rc = EXIT_INTERNAL;
        }
        dh_scenario_free(sc);
    }
    if (rc == EXIT_RESULT_OK) {
        if (table != NULL)
            fprintf(stderr, "dheapsim import: %s: %s table, session %u, "
                    "%zu desktops, %llu KB\n", table->path,
                    dh_import_format_name(t.format), (unsigned)t.session,
                    t.ndesktops, (unsigned long long)t.total_kb);
        if (os == NULL)
            fprintf(stderr, "dheapsim import: OS is a GUESS: %s (%s); check "
                    "it, or give --os\n", g.profile->id, g.why);
        fprintf(stderr, "dheapsim import: SharedSection %s\n",
                g.shared_section);
        if (t.nguessed > 0)
            fprintf(stderr, "dheapsim import: note: %zu desktop names were "
                    "not accessible: named by size and order, a GUESS "
                    "(check them)\n", t.nguessed);
        if (t.nrecovered > 0)
            fprintf(stderr, "dheapsim import: note: %zu names had lost their "
                    "backslash; split at a known window station name\n",
                    t.nrecovered);
        struct stat so, sr;
        if (out != NULL && regf != NULL && table != NULL &&
            stat(out, &so) == 0 && stat(regf->path, &sr) == 0 &&
            so.st_dev == sr.st_dev && so.st_ino == sr.st_ino) {
            fprintf(stderr, "dheapsim: %s: refusing to overwrite the input "
                    "file\n", out);
            rc = EXIT_USAGE;
        } else {
            rc = cli_write_output(out, json, table ? table->path
                                                   : regf->path);
        }
    }
    free(json);
    dh_obs_table_free(&t);
    dh_regfile_free(&r);
    for (int i = 0; i < 2; i++)
        free(in[i].buf);
    return rc;
}

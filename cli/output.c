/*
 * output.c — how the program ends: exit codes from error values, messages on
 * stderr, reports on standard output or in a file written whole or not at
 * all (the -o rules are the platform's: plat_*_output.c).
 */
#include "cli.h"
#include "platform.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>

int cli_exit_code(dh_status st)
{
    switch (st) {
    case DH_OK: return EXIT_RESULT_OK;
    case DH_EINPUT:
    case DH_ELIMIT: return EXIT_USAGE;
    case DH_ENOMEM:
    case DH_EINTERNAL: return EXIT_INTERNAL;
    }
    return EXIT_INTERNAL;
}

int cli_fail(const dh_error *err)
{
    char buf[1200], safe[1200 * 4];
    /* A message may quote the input: its control characters are escaped,
     * so it cannot send terminal escapes or forge lines. */
    dh_escape_controls(dh_error_format(err, buf, sizeof buf), safe,
                       sizeof safe);
    fprintf(stderr, "dheapsim: %s\n", safe);
    return cli_exit_code(err->status);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "dheapsim %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'dheapsim %s --help')\n", cmd);
    return EXIT_USAGE;
}

int cli_write_output(const char *path, const char *text, const char *input)
{
    return cli_write_bytes(path, text, strlen(text), input);
}

int cli_write_bytes(const char *path, const char *text, size_t len,
                    const char *input)
{
    if (path == NULL || strcmp(path, "-") == 0) {
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
            fprintf(stderr, "dheapsim: cannot write output: %s\n",
                    strerror(errno));
            return EXIT_INTERNAL;
        }
        return EXIT_RESULT_OK;
    }
    if (path[0] == '\0') {
        fprintf(stderr, "dheapsim: -o '': the output file name is empty\n");
        return EXIT_USAGE;
    }
    if (plat_same_file(path, input)) {
        fprintf(stderr, "dheapsim: %s: refusing to overwrite the input "
                "file\n", path);
        return EXIT_USAGE;
    }
    return plat_write_file(path, text, len);
}

/* The option getopt_long just refused: "-x" for an unknown short option
 * (even inside a bundle such as -xz), else the word itself (a long option
 * without its value; long-only option values are the letters in longs). */
const char *cli_bad_option(char **argv, const char *longs)
{
    static char buf[3];
    if (optopt != 0 && optopt != '?' && strchr(longs, optopt) == NULL) {
        buf[0] = '-';
        buf[1] = (char)optopt;
        buf[2] = '\0';
        return buf;
    }
    return argv[optind - 1];
}

/* Write a report a reporter built (st its status), then free it. */
int cli_emit(dh_status st, char *text, const char *path, const char *input)
{
    if (st != DH_OK || text == NULL) {
        free(text);
        fprintf(stderr, "dheapsim: out of memory while reporting\n");
        return EXIT_INTERNAL;
    }
    int rc = cli_write_output(path, text, input);
    free(text);
    return rc;
}

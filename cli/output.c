/*
 * output.c — how the program ends: exit codes from error values, messages on
 * stderr, and output files written whole or not at all (a temporary file in
 * the same directory, renamed into place).
 */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <getopt.h>
#include <unistd.h>

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
    char buf[1200];
    fprintf(stderr, "dheapsim: %s\n", dh_error_format(err, buf, sizeof buf));
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

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int write_all(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        text += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_special(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY);
    int bad = fd < 0 || write_all(fd, text, len) != 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && !bad)
        bad = 1, saved = errno;
    if (bad)
        fprintf(stderr, "dheapsim: %s: cannot write: %s\n", path,
                strerror(saved));
    return bad ? EXIT_USAGE : EXIT_RESULT_OK;
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
    if (same_file(path, input)) {
        fprintf(stderr, "dheapsim: %s: refusing to overwrite the input "
                "file\n", path);
        return EXIT_USAGE;
    }
    /* A device or a pipe (-o /dev/null, -o /dev/stdout) is written as it
     * is: renaming a temporary file over it would replace the device. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return write_special(path, text, len);
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (tmp == NULL)
        return EXIT_INTERNAL;
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    sigset_t old;
    cli_guard_begin(&old);
    int fd = mkstemp(tmp);
    int saved = errno;
    if (fd >= 0)
        cli_guard_set(tmp);
    cli_guard_end(&old);
    if (fd < 0) {
        fprintf(stderr, "dheapsim: %s: cannot create: %s\n", path,
                strerror(saved));
        free(tmp);
        return EXIT_USAGE;
    }
    mode_t mask = umask(0);
    umask(mask);
    int bad = fchmod(fd, 0666 & ~mask) != 0;
    bad |= write_all(fd, text, len) != 0 || fsync(fd) != 0;
    bad |= close(fd) != 0;
    saved = errno;
    cli_guard_begin(&old);
    if (!bad && rename(tmp, path) != 0)
        bad = 1, saved = errno;
    if (bad)
        unlink(tmp);
    cli_guard_set(NULL);
    cli_guard_end(&old);
    if (bad)
        fprintf(stderr, "dheapsim: %s: cannot write: %s\n", path,
                strerror(saved));
    free(tmp);
    return bad ? EXIT_USAGE : EXIT_RESULT_OK;
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

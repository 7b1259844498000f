/*
 * readfile.c — the one reader of every input (scenario, import, plot
 * data, standard input): a regular file or a pipe, read whole up to a cap;
 * a directory, a device, a socket or a named FIFO is refused (the FIFO is
 * opened without waiting for a writer); standard input may be a pipe. The library's only file input.
 */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a C library may not have (mingw-w64's, for the Windows build):
 * no FIFO to wait on, no sockets in st_mode; O_BINARY reads the bytes as
 * they are (no CR-LF folding), as POSIX always does. */
#ifndef O_NONBLOCK
#define O_NONBLOCK 0
#endif
#ifndef O_BINARY
#define O_BINARY 0
#endif
#ifndef S_ISSOCK
#define S_ISSOCK(m) 0
#endif
#ifndef S_ISBLK
#define S_ISBLK(m) 0
#endif

static dh_status fail(dh_error *err, const char *path, dh_status st,
                      const char *what, int e)
{
    if (e != 0)
        dh_error_set(err, st, "%s: %s", what, strerror(e));
    else
        dh_error_set(err, st, "%s", what);
    if (err != NULL && err->file[0] == '\0')
        snprintf(err->file, sizeof err->file, "%s", path);
    return st;
}

static const char *kind_of(mode_t m)
{
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "something else";
}

dh_status dh_read_input(const char *path, size_t max, char **buf,
                        size_t *len, dh_error *err)
{
    *buf = NULL;
    *len = 0;
    bool std_in = strcmp(path, "-") == 0;
    const char *name = std_in ? "(standard input)" : path;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = std_in ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_BINARY);
    if (fd < 0) {
        int e = errno;
        struct stat ds;
        /* Windows' C library cannot open a directory at all (EACCES): it
         * is refused as a directory, as POSIX refuses it below. */
        if (stat(path, &ds) == 0 && S_ISDIR(ds.st_mode))
            return fail(err, name, DH_EINPUT,
                        "not a regular file (a directory)", 0);
        return fail(err, name, DH_EINPUT, "cannot open", e);
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        if (!std_in)
            close(fd);
        return fail(err, name, DH_EINPUT, "cannot read", e);
    }
    bool reg = S_ISREG(sb.st_mode);
    /* A named FIFO is refused like a device (its writer could keep us
     * waiting); standard input may be a pipe. */
    if (!reg && !(std_in && S_ISFIFO(sb.st_mode))) {
        if (!std_in)
            close(fd);
        char what[96];
        snprintf(what, sizeof what, "not a regular file (%s)",
                 kind_of(sb.st_mode));
        return fail(err, name, DH_EINPUT, what, 0);
    }
    if (reg && (uint64_t)sb.st_size > max) {
        if (!std_in)
            close(fd);
        char what[96];
        snprintf(what, sizeof what, "larger than %zu MB (the input limit)",
                 max / (1024 * 1024));
        return fail(err, name, DH_ELIMIT, what, 0);
    }
    size_t cap = reg && sb.st_size > 0 ? (size_t)sb.st_size + 1 : 65536;
    if (cap > max + 1)
        cap = max + 1;
    char *b = malloc(cap + 1);
    size_t n = 0;
    dh_status st = DH_OK;
    const char *why = NULL;
    int e = 0;
    while (b != NULL) {
        ssize_t got = read(fd, b + n, cap - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            e = errno;
            st = DH_EINPUT;
            why = "cannot read";
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > max) {
            st = DH_ELIMIT;
            why = "larger than the input limit";
            break;
        }
        if (n == cap) {
            size_t nc = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nb = realloc(b, nc + 1);
            if (nb == NULL)
                free(b);
            b = nb;
            cap = nc;
        }
    }
    if (!std_in)
        close(fd);
    if (b == NULL)
        return fail(err, name, DH_ENOMEM, "out of memory reading it", 0);
    if (st != DH_OK) {
        free(b);
        if (st == DH_ELIMIT) {
            char what[96];
            snprintf(what, sizeof what,
                     "larger than %zu MB (the input limit)",
                     max / (1024 * 1024));
            return fail(err, name, st, what, 0);
        }
        return fail(err, name, st, why, e);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return DH_OK;
}

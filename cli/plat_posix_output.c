/*
 * plat_posix_output.c — the -o rules on POSIX (issue 13): an output file
 * written whole or not at all (a temporary file in the same directory,
 * renamed into place) without replacing what is not a regular file: links,
 * devices, FIFOs; /dev/stdout and /dev/fd/N written through.
 */
#define _XOPEN_SOURCE 700
#include "cli.h"
#include "platform.h"
#include "plat_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

bool plat_same_file(const char *a, const char *b)
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

static int cannot(const char *path, const char *what, int e)
{
    fprintf(stderr, "dheapsim: %s: %s: %s\n", path, what, strerror(e));
    return EXIT_USAGE;
}

/* "/dev/stdout", "/dev/stderr", "/dev/fd/N", "/proc/self/fd/N": the
 * descriptor they name, else -1. Written through the descriptor itself,
 * so a shell's >> keeps appending and the link is never replaced. */
static int fd_alias(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    const char *n = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0)
        n = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0)
        n = path + 14;
    if (n == NULL || *n < '0' || *n > '9' || strlen(n) > 6)
        return -1;
    int fd = 0;
    for (; *n >= '0' && *n <= '9'; n++)
        fd = fd * 10 + (*n - '0');
    return *n == '\0' ? fd : -1;
}

static int write_fd(const char *path, int fd, const char *text, size_t len)
{
    if (fcntl(fd, F_GETFD) < 0)
        return cannot(path, "cannot write", EBADF);
    if (write_all(fd, text, len) != 0)
        return cannot(path, "cannot write", errno);
    return EXIT_RESULT_OK;
}

/* A terminal, device or FIFO: written in place. A FIFO is opened without
 * blocking, retried for FIFO_WAIT_MS (a reader started beside us may not
 * have opened it yet), so one with no reader is an error, not a hang. */
#define FIFO_WAIT_MS 2000
static int write_special(const char *path, const struct stat *st,
                         const char *text, size_t len)
{
    int fd = -1;
    for (int waited = 0;; waited += 50) {
        fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd >= 0 || errno != ENXIO || !S_ISFIFO(st->st_mode) ||
            waited >= FIFO_WAIT_MS)
            break;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (fd < 0 && errno == ENXIO && S_ISFIFO(st->st_mode)) {
        fprintf(stderr, "dheapsim: %s: a FIFO with no reader (none opened "
                "it within %d s): refusing to wait longer\n", path,
                FIFO_WAIT_MS / 1000);
        return EXIT_USAGE;
    }
    if (fd < 0)
        return cannot(path, "cannot open", errno);
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    int bad = write_all(fd, text, len) != 0;
    int saved = errno;
    if (close(fd) != 0 && !bad)
        bad = 1, saved = errno;
    return bad ? cannot(path, "cannot write", saved) : EXIT_RESULT_OK;
}

/* The directory part and the last name of path (a fresh copy each). */
static int split_path(const char *path, char **dir, char **base)
{
    const char *slash = strrchr(path, '/');
    size_t dl = slash == NULL ? 1 : slash == path ? 1 : (size_t)(slash - path);
    *dir = malloc(dl + 1);
    *base = strdup(slash == NULL ? path : slash + 1);
    if (*dir == NULL || *base == NULL) {
        free(*dir), free(*base);
        return -1;
    }
    memcpy(*dir, slash == NULL ? "." : path, dl);
    (*dir)[dl] = '\0';
    return 0;
}

/* Create a temporary ".dheapsim-XXXXXX" in dirfd: short, whatever the
 * length of the target's name (NAME_MAX), and relative to the directory
 * (PATH_MAX). */
static int make_temp(int dirfd, char name[32], mode_t mode)
{
    static unsigned counter;
    unsigned seed = (unsigned)getpid() * 2654435761u;
    for (int tries = 0; tries < 100; tries++) {
        unsigned v = seed ^ (++counter * 40503u) ^ (unsigned)time(NULL);
        snprintf(name, 32, ".dheapsim-%06x", v & 0xffffffu);
        int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                        mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/* Replace the regular file (or the new name) dir/base: a temporary in the
 * same directory, renamed over it. old: its stat, NULL when absent. */
static int replace_file(const char *path, const char *dir, const char *base,
                        const struct stat *old, const char *text, size_t len)
{
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return cannot(path, "cannot open its directory", errno);
    struct stat ds;
    if (old != NULL && fstat(dirfd, &ds) == 0 && (ds.st_mode & S_ISVTX) &&
        (ds.st_mode & S_IWOTH) && old->st_uid != geteuid()) {
        close(dirfd);
        fprintf(stderr, "dheapsim: %s: owned by another user (uid %lu) in a "
                "sticky world-writable directory: refusing to replace it\n",
                path, (unsigned long)old->st_uid);
        return EXIT_USAGE;
    }
    mode_t mask = umask(0);
    umask(mask);
    mode_t mode = old != NULL ? (old->st_mode & 07777) : (0666 & ~mask);
    char tmp[32];
    cli_guard_begin();
    int fd = make_temp(dirfd, tmp, 0600);
    int saved = errno;
    int slot = fd >= 0 ? plat_guard_add_at(dirfd, tmp, false) : -1;
    cli_guard_end();
    if (fd < 0) {
        close(dirfd);
        return cannot(path, "cannot create", saved);
    }
    int bad = fchmod(fd, mode) != 0;
    bad |= write_all(fd, text, len) != 0 || fsync(fd) != 0;
    saved = errno;
    bad |= close(fd) != 0;
    if (bad && saved == 0)
        saved = errno;
    cli_guard_begin();
    if (!bad && renameat(dirfd, tmp, dirfd, base) != 0)
        bad = 1, saved = errno;
    if (bad)
        unlinkat(dirfd, tmp, 0);
    cli_guard_drop(slot);
    cli_guard_end();
    close(dirfd);
    return bad ? cannot(path, "cannot write", saved) : EXIT_RESULT_OK;
}

int plat_write_file(const char *path, const char *text, size_t len)
{
    int alias = fd_alias(path);
    if (alias >= 0) {
        fflush(stdout);
        return write_fd(path, alias, text, len);
    }
    struct stat ls, st;
    bool exists = lstat(path, &ls) == 0;
    if (!exists && errno != ENOENT)
        return cannot(path, "cannot write", errno);
    char *target = NULL; /* a link's target, replaced in its place */
    if (exists && S_ISLNK(ls.st_mode)) {
        if (stat(path, &st) != 0) {
            fprintf(stderr, "dheapsim: %s: a symbolic link to a missing "
                    "file: refusing to write through it\n", path);
            return EXIT_USAGE;
        }
        target = realpath(path, NULL);
        if (target == NULL)
            return cannot(path, "cannot resolve the link", errno);
    } else if (exists) {
        st = ls;
    }
    int rc;
    if (exists && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "dheapsim: %s: is a directory\n", path);
        rc = EXIT_USAGE;
    } else if (exists && !S_ISREG(st.st_mode)) {
        rc = write_special(path, &st, text, len);
    } else {
        char *dir, *base;
        if (split_path(target != NULL ? target : path, &dir, &base) != 0) {
            free(target);
            return EXIT_INTERNAL;
        }
        rc = replace_file(path, dir, base, exists ? &st : NULL, text, len);
        free(dir);
        free(base);
    }
    free(target);
    return rc;
}


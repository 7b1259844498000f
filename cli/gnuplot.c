/*
 * gnuplot.c — runs gnuplot for `plot` and `report`: writes the chart's
 * script (plots/common.gp + plots/KIND.gp, compiled in), its parameter and
 * data files into a temporary directory, and renames the image into place
 * only when gnuplot succeeded.
 */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define SCRIPT(k) \
    extern const char dh_gp_##k[];
SCRIPT(common)
SCRIPT(usage)
SCRIPT(viewspace)
SCRIPT(compare)
SCRIPT(sweep)

static const char *script_of(const char *kind)
{
    if (strcmp(kind, "usage") == 0) return dh_gp_usage;
    if (strcmp(kind, "viewspace") == 0) return dh_gp_viewspace;
    if (strcmp(kind, "compare") == 0) return dh_gp_compare;
    if (strcmp(kind, "sweep") == 0) return dh_gp_sweep;
    return NULL;
}

void cli_progress(const char *fmt, ...)
{
    if (!isatty(STDERR_FILENO))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("dheapsim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n", stderr);
    va_end(ap);
}

static bool on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/usr/bin:/bin";
    char buf[4096];
    while (*path != '\0') {
        size_t n = strcspn(path, ":");
        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, n ? path : ".", prog);
        if (access(buf, X_OK) == 0)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

static int write_file(const char *path, const char *a, const char *b)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    int bad = fputs(a, f) < 0 || (b != NULL && fputs(b, f) < 0);
    return (fclose(f) != 0 || bad) ? -1 : 0;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *p = realloc(buf, cap * 2);
            if (p == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

/* 'text' as a gnuplot string literal into buf. */
static void gp_quote(char *buf, size_t len, const char *s)
{
    size_t j = 0;
    buf[j++] = '\'';
    for (; *s != '\0' && j + 3 < len; s++) {
        if (*s == '\'')
            buf[j++] = '\'';
        buf[j++] = *s;
    }
    buf[j++] = '\'';
    buf[j] = '\0';
}

static int spawn_gnuplot(const char *vars, const char *script)
{
    char *argv[] = {"gnuplot", "-e", (char *)vars, (char *)script, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "dheapsim: cannot run gnuplot: %s\n", strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int cli_gnuplot(const char *kind, const dh_plot_input *in,
                const char *csv_path, const char *fmt, const char *outpath,
                char **svg_out)
{
    const char *script = script_of(kind);
    if (script == NULL)
        return EXIT_INTERNAL;
    if (!on_path("gnuplot")) {
        fprintf(stderr, "dheapsim: gnuplot is not installed; install it "
                "with: apt-get install gnuplot-nox (or run tools/"
                "bootstrap.sh)\n");
        return EXIT_USAGE;
    }
    /* Working files live under $TMPDIR (else /tmp) only, and every exit
     * path and every catchable signal removes them. */
    const char *tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL || tmpdir[0] == '\0')
        tmpdir = "/tmp";
    char dir[1024], sp[1100], pp[1100], dp[1100], op[1100];
    if (strlen(tmpdir) > sizeof dir - 32) {
        fprintf(stderr, "dheapsim: TMPDIR is longer than %zu characters\n",
                sizeof dir - 32);
        return EXIT_USAGE;
    }
    snprintf(dir, sizeof dir, "%s/dheapsim-plot-XXXXXX", tmpdir);
    sigset_t sigs;
    int slots[5] = {-1, -1, -1, -1, -1};
    cli_guard_begin(&sigs);
    char *made = mkdtemp(dir);
    int saved = errno;
    if (made != NULL) {
        snprintf(sp, sizeof sp, "%s/chart.gp", dir);
        snprintf(pp, sizeof pp, "%s/params.gp", dir);
        snprintf(dp, sizeof dp, "%s/data.dat", dir);
        snprintf(op, sizeof op, "%s/chart.%s", dir, fmt);
        slots[0] = cli_guard_add(AT_FDCWD, dir, true);
        slots[1] = cli_guard_add(AT_FDCWD, sp, false);
        slots[2] = cli_guard_add(AT_FDCWD, pp, false);
        slots[3] = cli_guard_add(AT_FDCWD, dp, false);
        slots[4] = cli_guard_add(AT_FDCWD, op, false);
    }
    cli_guard_end(&sigs);
    if (made == NULL) {
        fprintf(stderr, "dheapsim: cannot make a temporary directory in "
                "%s: %s\n", tmpdir, strerror(saved));
        return EXIT_INTERNAL;
    }
    int rc = EXIT_INTERNAL;
    if (write_file(sp, dh_gp_common, script) != 0 ||
        write_file(pp, in->params, NULL) != 0 ||
        (in->data != NULL && write_file(dp, in->data, NULL) != 0)) {
        fprintf(stderr, "dheapsim: cannot write gnuplot input in %s\n", dir);
        goto out;
    }
    char qo[2300], qp[2300], qd[2300], vars[8000];
    gp_quote(qo, sizeof qo, op);
    gp_quote(qp, sizeof qp, pp);
    gp_quote(qd, sizeof qd, in->data != NULL ? dp : csv_path);
    snprintf(vars, sizeof vars, "fmt='%s'; outfile=%s; paramfile=%s; "
             "datafile=%s", fmt, qo, qp, qd);
    cli_progress("gnuplot: drawing the %s chart", kind);
    if (spawn_gnuplot(vars, sp) != 0) {
        fprintf(stderr, "dheapsim: gnuplot failed on the %s chart (its "
                "messages are above)\n", kind);
        goto out;
    }
    if (svg_out != NULL) {
        *svg_out = read_file(op);
        rc = *svg_out != NULL ? EXIT_RESULT_OK : EXIT_INTERNAL;
    } else {
        char *img = NULL;
        struct stat stt;
        rc = EXIT_INTERNAL;
        if (stat(op, &stt) == 0 && (img = malloc((size_t)stt.st_size + 1)))
        {
            FILE *f = fopen(op, "rb");
            size_t n = f ? fread(img, 1, (size_t)stt.st_size, f) : 0;
            if (f)
                fclose(f);
            if (n == (size_t)stt.st_size)
                rc = cli_write_bytes(outpath, img, n, csv_path);
            free(img);
        }
    }
out:
    cli_guard_begin(&sigs);
    unlink(sp);
    unlink(pp);
    unlink(dp);
    unlink(op);
    rmdir(dir);
    for (size_t i = 0; i < 5; i++)
        cli_guard_drop(slots[i]);
    cli_guard_end(&sigs);
    return rc;
}

/*
 * gnuplot.c — runs gnuplot for `plot` and `report`: writes the chart's
 * script (plots/common.gp + plots/KIND.gp, compiled in), its parameter and
 * data files into a temporary directory, and renames the image into place
 * only when gnuplot succeeded.
 */
#include "cli.h"
#include "platform.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
    if (!plat_stderr_is_terminal())
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("dheapsim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n", stderr);
    va_end(ap);
}

static int write_file(const char *path, const char *a, const char *b)
{
    FILE *f = fopen(path, "wb");
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
    return plat_run_wait("gnuplot", argv) == 0 ? 0 : -1;
}

/* The whole of a file, or NULL. */
static char *read_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 65536, len = 0, got;
    char *buf = malloc(cap);
    while (buf != NULL && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *p = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (p == NULL)
                free(buf);
            buf = p;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *n = len;
    return buf;
}

int cli_gnuplot(const char *kind, const dh_plot_input *in,
                const char *csv_path, const char *fmt, const char *outpath,
                char **svg_out)
{
    const char *script = script_of(kind);
    if (script == NULL)
        return EXIT_INTERNAL;
    if (!plat_on_path("gnuplot")) {
        fprintf(stderr, "dheapsim: gnuplot is not installed; %s\n",
                plat_gnuplot_hint);
        return EXIT_USAGE;
    }
    /* Working files live in the user's temporary folder only, and every
     * exit path and every interruption the platform can catch removes
     * them. */
    char dir[1024], sp[1100], pp[1100], dp[1100], op[1100];
    int slots[5] = {-1, -1, -1, -1, -1};
    if (plat_make_temp_dir("dheapsim-plot", dir, sizeof dir, &slots[0]) != 0)
        return EXIT_INTERNAL;
    const char *sep = plat_dir_sep;
    snprintf(sp, sizeof sp, "%s%schart.gp", dir, sep);
    snprintf(pp, sizeof pp, "%s%sparams.gp", dir, sep);
    snprintf(dp, sizeof dp, "%s%sdata.dat", dir, sep);
    snprintf(op, sizeof op, "%s%schart.%s", dir, sep, fmt);
    cli_guard_begin();
    slots[1] = cli_guard_add(sp, false);
    slots[2] = cli_guard_add(pp, false);
    slots[3] = cli_guard_add(dp, false);
    slots[4] = cli_guard_add(op, false);
    cli_guard_end();
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
        size_t n = 0;
        char *img = read_bytes(op, &n);
        rc = img != NULL ? cli_write_bytes(outpath, img, n, csv_path)
                         : EXIT_INTERNAL;
        free(img);
    }
out:
    cli_guard_begin();
    plat_remove(sp, false);
    plat_remove(pp, false);
    plat_remove(dp, false);
    plat_remove(op, false);
    plat_remove(dir, true);
    for (size_t i = 0; i < 5; i++)
        cli_guard_drop(slots[i]);
    cli_guard_end();
    return rc;
}

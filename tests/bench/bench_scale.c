/*
 * bench_scale.c — times whole runs of large scenarios: `dheapsim run FILE
 * --format json` end to end (wall time, peak RSS), `jq . FILE` on the same
 * file, and a replay of the run's own desktop-heap trace through dh_heap_*
 * alone; with FILE@LABEL also `dheapsim capacity --grow LABEL`. Prints the
 * ratios and, for FILE names PREFIX-N.json, how cost grows with N.
 * The replay is timed twice: cold (free memory handed back to the kernel
 * first, so the heaps' pages fault in as they do in the `run` process, a
 * fresh one) and warm (on pages the previous replay left mapped). The
 * run/replay ratio is taken against the cold replay: the run pays the same
 * first-touch faults for the same heaps.
 * A benchmark, not a test: times vary; nothing here is enforced.
 *
 * With --plan FARM..., recommend, plot, report and compare on each farm
 * against one run of it; with --sweep FILE@LABEL SVS..., a 4-point sweep
 * against one capacity pass at each SessionViewSize (issue 14's ratios).
 *
 * usage: bench_scale DHEAPSIM JQ FILE[@LABEL]... [--plan FARM...
 *        [--sweep FILE@LABEL SVS...]]
 */
#define _DEFAULT_SOURCE /* wait4 */
#include "dheapsim.h"
#include "alloc/deskheap_layout.h" /* the heap by value and its layout */

#include <fcntl.h>
#include <malloc.h> /* malloc_trim: the cold replay (glibc) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REPEAT 3        /* runs of each command; the best time counts */
#define MAXFILES 32

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct {
    double seconds;     /* best wall time */
    long maxrss_kb;     /* peak resident set of the child */
    bool ok;
} cmd_time;

/* Run argv with stdout to /dev/null, REPEAT times. */
static cmd_time time_cmd(char *const argv[])
{
    cmd_time r = {1e30, 0, true};
    for (int k = 0; k < REPEAT && r.ok; k++) {
        double t0 = now();
        pid_t pid = fork();
        if (pid < 0) {
            r.ok = false;
            break;
        }
        if (pid == 0) {
            int fd = open("/dev/null", O_WRONLY);
            if (fd >= 0)
                dup2(fd, 1);
            execvp(argv[0], argv);
            _exit(127);
        }
        int status = 0;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0) {
            r.ok = false;
            break;
        }
        double t = now() - t0;
        if (t < r.seconds)
            r.seconds = t;
        if (ru.ru_maxrss > r.maxrss_kb)
            r.maxrss_kb = ru.ru_maxrss;
    }
    return r;
}

/* What the in-process part measures (in a child, so that peak RSS is its
 * own): the model's memory after loading and after the run, the trace and
 * its replay. */
typedef struct {
    bool ok;
    long load_kb, run_kb;       /* peak RSS after load / after the run */
    uint64_t steps_applied;
    uint64_t ops, allocs, heaps;
    uint64_t mismatches;        /* replayed blocks unlike the run's */
    double replay_s;            /* cold replay, best of REPEAT */
    double warm_s;              /* warm replay, best of REPEAT */
} model_part;

static long self_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Replay trace t; cold: hand free memory back to the kernel first. */
static double replay(const dh_heap_trace *t, bool cold, uint64_t *mismatches)
{
    dh_heap *h = calloc(t->nheaps ? t->nheaps : 1, sizeof *h);
    bool *open = calloc(t->nheaps ? t->nheaps : 1, sizeof *open);
    uint64_t bad = 0;
    if (h == NULL || open == NULL) {
        free(h);
        free(open);
        return -1;
    }
    if (cold)
        malloc_trim(0);
    double t0 = now();
    for (size_t i = 0; i < t->nops; i++) {
        const dh_heap_trace_rec *r = &t->ops[i];
        dh_block b;
        dh_heap_outcome why;
        switch (r->op) {
        case DH_HT_OPEN:
            if (dh_heap_init(&h[r->heap], &t->heaps[r->heap], NULL) != DH_OK)
                bad++;
            open[r->heap] = true;
            break;
        case DH_HT_ALLOC:
            if (dh_heap_alloc(&h[r->heap], r->request, &b, &why) != DH_OK ||
                (why == DH_HEAP_OK ? b : DH_BLOCK_NONE) != r->block)
                bad++;
            break;
        case DH_HT_RELEASE:
            dh_heap_release(&h[r->heap], r->block);
            break;
        case DH_HT_CLOSE:
            dh_heap_free(&h[r->heap]);
            open[r->heap] = false;
            break;
        }
    }
    for (size_t i = 0; i < t->nheaps; i++)
        if (open[i])
            dh_heap_free(&h[i]);
    double s = now() - t0;
    free(h);
    free(open);
    *mismatches = bad;
    return s;
}

static model_part measure_model(const char *file)
{
    model_part m = {0};
    dh_scenario *sc = NULL;
    dh_result *r = NULL;
    dh_error err = {0};
    if (dh_scenario_load_file(file, &sc, &err) != DH_OK)
        return m;
    m.load_kb = self_rss_kb();
    dh_run_options o = {0};
    if (dh_run(sc, &o, &r, &err) != DH_OK)
        return m;
    m.run_kb = self_rss_kb();
    m.steps_applied = r->steps_applied;
    dh_result_free(r);
    dh_heap_trace t = {0};
    o.heap_trace = &t;
    if (dh_run(sc, &o, &r, &err) != DH_OK || t.oom)
        return m;
    dh_result_free(r);
    m.ops = t.nops;
    m.heaps = t.nheaps;
    for (size_t i = 0; i < t.nops; i++)
        m.allocs += t.ops[i].op == DH_HT_ALLOC;
    m.replay_s = m.warm_s = 1e30;
    for (int k = 0; k < 2 * REPEAT; k++) {
        uint64_t bad = 0;
        bool cold = k % 2 == 0;
        double s = replay(&t, cold, &bad);
        double *best = cold ? &m.replay_s : &m.warm_s;
        if (s < 0)
            return m;
        if (s < *best)
            *best = s;
        m.mismatches += bad;
    }
    dh_heap_trace_free(&t);
    dh_scenario_free(sc);
    m.ok = true;
    return m;
}

static model_part model_in_child(const char *file)
{
    model_part m = {0};
    int fd[2];
    if (pipe(fd) != 0)
        return m;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        model_part c = measure_model(file);
        ssize_t n = write(fd[1], &c, sizeof c);
        _exit(n == (ssize_t)sizeof c ? 0 : 1);
    }
    close(fd[1]);
    if (pid < 0 || read(fd[0], &m, sizeof m) != (ssize_t)sizeof m)
        m.ok = false;
    close(fd[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return m;
}

typedef struct {
    char file[512];
    const char *label;
    char name[128];      /* base name without .json */
    cmd_time run, jq, cap;
    model_part m;
} row;

static double mb(long kb)
{
    return (double)kb / 1024.0;
}

/* "dir/farm-500.json" -> prefix "farm", n 500; false when not that form. */
static bool size_of(const char *name, char *prefix, size_t len, long *n)
{
    const char *dash = strrchr(name, '-');
    char *end;
    if (dash == NULL || dash[1] < '0' || dash[1] > '9')
        return false;
    *n = strtol(dash + 1, &end, 10);
    if (*end != '\0' || *n <= 0)
        return false;
    snprintf(prefix, len, "%.*s", (int)(dash - name), name);
    return true;
}

static void print_growth(const row *rows, size_t n)
{
    printf("\ncost against workload size (same generator, two sizes):\n");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            char pi[128], pj[128];
            long ni, nj;
            if (i == j || !size_of(rows[i].name, pi, sizeof pi, &ni) ||
                !size_of(rows[j].name, pj, sizeof pj, &nj) ||
                strcmp(pi, pj) != 0 || nj <= ni || !rows[i].run.ok ||
                !rows[j].run.ok)
                continue;
            printf("  %-10s %ld -> %ld (x%.1f): run time x%.2f, run peak "
                   "RSS x%.2f, trace replay x%.2f\n", pi, ni, nj,
                   (double)nj / (double)ni,
                   rows[j].run.seconds / rows[i].run.seconds,
                   (double)rows[j].run.maxrss_kb /
                       (double)rows[i].run.maxrss_kb,
                   rows[i].m.ok && rows[j].m.ok && rows[i].m.replay_s > 0
                       ? rows[j].m.replay_s / rows[i].m.replay_s : 0.0);
        }
}

/* ------------------------------------------------ planning commands */

static void plan_line(const char *what, cmd_time c, cmd_time one,
                      double target, const char *target_text)
{
    if (!c.ok || !one.ok) {
        printf("  %-44s FAILED\n", what);
        return;
    }
    double r = c.seconds / one.seconds;
    double m = (double)c.maxrss_kb / (double)one.maxrss_kb;
    printf("  %-44s %7.3f s %7.1f MB  x%6.2f time  x%5.2f memory  "
           "(time %s: %s; memory <= 1.5: %s)\n", what, c.seconds,
           mb(c.maxrss_kb), r, m, target_text, r <= target ? "met" : "NOT met",
           m <= 1.5 ? "met" : "NOT met");
}

/* recommend, plot, report and compare on a farm, each against one run of
 * the same file in the same bench run. */
static void plan_farm(const char *bin, const char *file, const char *tmp,
                      long cores)
{
    char png[600], html[600], jobs[24];
    snprintf(png, sizeof png, "%s/bench-plot.png", tmp);
    snprintf(html, sizeof html, "%s/bench-report.html", tmp);
    snprintf(jobs, sizeof jobs, "%ld", cores);
    char *run_argv[] = {(char *)bin, "run", (char *)file, NULL};
    char *rec1_argv[] = {(char *)bin, "recommend", (char *)file,
                         "--shared-section", "1024,3072,768",
                         "--allow-shrink", "-j", "1", NULL};
    char *rec_argv[] = {(char *)bin, "recommend", (char *)file,
                        "--shared-section", "1024,3072,768", "--allow-shrink",
                        "-j", jobs, NULL};
    char *plot_argv[] = {(char *)bin, "plot", (char *)file, "--kind",
                         "usage", "-o", png, NULL};
    char *rep_argv[] = {(char *)bin, "report", (char *)file, "-o", html,
                        NULL};
    char *cmp_argv[] = {(char *)bin, "compare", (char *)file, "--os",
                        "win7-x64,server2016,server2019,server2022", "-j",
                        jobs, NULL};
    char *cmp1_argv[] = {(char *)bin, "compare", (char *)file, "--os",
                         "win7-x64,server2016,server2019,server2022", "-j",
                         "1", NULL};
    cmd_time one = time_cmd(run_argv);
    printf("%s: one run %.3f s, %.1f MB\n", file, one.seconds,
           mb(one.maxrss_kb));
    char t[64];
    snprintf(t, sizeof t, "<= %.1f", 4.0 / (double)cores * 1.2);
    plan_line("recommend (SharedSection 1024,3072,768), -j 1",
              time_cmd(rec1_argv), one, 10.0, "<= 10");
    plan_line("recommend, the same, -j cores", time_cmd(rec_argv), one,
              10.0, "<= 10");
    plan_line("plot --kind usage", time_cmd(plot_argv), one, 2.0, "<= 2");
    plan_line("report", time_cmd(rep_argv), one, 2.0, "<= 2");
    snprintf(t, sizeof t, "<= %.1f", 4.0 * 1.2);
    plan_line("compare, 4 profiles, -j 1", time_cmd(cmp1_argv), one, 4.0 * 1.2,
              t);
    snprintf(t, sizeof t, "<= %.1f", 4.0 / (double)cores * 1.2);
    plan_line("compare, 4 profiles, -j cores", time_cmd(cmp_argv), one,
              4.0 / (double)cores * 1.2, t);
}

/* sweep over 4 SharedSection values against one capacity pass at one of
 * them, at a SessionViewSize (the size of the workload). */
static void plan_sweep(const char *bin, const char *file, const char *label,
                       const char *svs, long cores)
{
    char jobs[24];
    snprintf(jobs, sizeof jobs, "%ld", cores);
    char *cap_argv[] = {(char *)bin, "capacity", (char *)file, "--grow",
                        (char *)label, "--session-view-size", (char *)svs,
                        "--shared-section", "1024,3072,256", NULL};
    char *sw_argv[] = {(char *)bin, "sweep", (char *)file, "--grow",
                       (char *)label, "--session-view-size", (char *)svs,
                       "--shared-section", "128,256,384,512", "-j", jobs,
                       NULL};
    cmd_time one = time_cmd(cap_argv);
    printf("%s --session-view-size %s: one capacity pass %.3f s, %.1f MB\n",
           file, svs, one.seconds, mb(one.maxrss_kb));
    char t[64];
    snprintf(t, sizeof t, "<= %.1f", 4.0 / (double)cores * 1.2);
    plan_line("sweep, 4 points, -j cores", time_cmd(sw_argv), one,
              4.0 / (double)cores * 1.2, t);
}

int main(int argc, char **argv)
{
    /* bench_scale DHEAPSIM JQ FILE[@LABEL]... [--plan FARM... --sweep
     * FILE@LABEL SVS...] */
    int nfiles = argc - 3, plan_at = argc;
    for (int i = 3; i < argc; i++)
        if (strcmp(argv[i], "--plan") == 0) {
            nfiles = i - 3;
            plan_at = i + 1;
            break;
        }
    if (argc < 4 || nfiles < 1 || nfiles > MAXFILES) {
        fprintf(stderr, "usage: bench_scale DHEAPSIM JQ FILE[@LABEL]... "
                "[--plan FARM... --sweep FILE@LABEL SVS...] (at most %d "
                "files)\n", MAXFILES);
        return 2;
    }
    static row rows[MAXFILES];
    size_t n = (size_t)nfiles;
    printf("scale: best of %d wall times; peak RSS of each process; replay ="
           " the run's own desktop-heap trace through dh_heap_* alone, cold "
           "(pages fault in afresh, as in the run); warm = the same on pages "
           "already mapped\n", REPEAT);
    printf("%-18s %9s %9s %7s %7s %6s %6s %8s %6s %7s %10s %8s %9s %9s\n",
           "scenario", "steps", "heap ops", "run s", "run MB", "jq s",
           "jq MB", "replay s", "warm s", "run/jq", "run/replay", "run/warm",
           "load MB", "model MB");
    bool failed = false;
    for (size_t i = 0; i < n; i++) {
        row *r = &rows[i];
        snprintf(r->file, sizeof r->file, "%s", argv[3 + i]);
        char *at = strchr(r->file, '@');
        if (at != NULL) {
            *at = '\0';
            r->label = at + 1;
        }
        const char *base = strrchr(r->file, '/');
        base = base ? base + 1 : r->file;
        snprintf(r->name, sizeof r->name, "%.*s",
                 (int)(strstr(base, ".json") ? strstr(base, ".json") - base
                                             : (long)strlen(base)), base);
        char *run_argv[] = {argv[1], "run", r->file, "--format", "json",
                            NULL};
        char *jq_argv[] = {argv[2], ".", r->file, NULL};
        r->run = time_cmd(run_argv);
        r->jq = time_cmd(jq_argv);
        r->m = model_in_child(r->file);
        if (r->label != NULL) {
            char *cap_argv[] = {argv[1], "capacity", r->file, "--grow",
                                (char *)r->label, "--format", "json", NULL};
            r->cap = time_cmd(cap_argv);
        }
        if (!r->run.ok || !r->m.ok || r->m.mismatches != 0) {
            printf("%-18s FAILED (run %s, model %s, %llu replay mismatches)"
                   "\n", r->name, r->run.ok ? "ok" : "failed",
                   r->m.ok ? "ok" : "failed",
                   (unsigned long long)r->m.mismatches);
            failed = true;
            continue;
        }
        printf("%-18s %9llu %9llu %7.3f %7.1f %6.3f %6.1f %8.3f %6.3f %7.2f "
               "%10.2f %8.2f %9.1f %9.1f\n", r->name,
               (unsigned long long)r->m.steps_applied,
               (unsigned long long)r->m.ops, r->run.seconds,
               mb(r->run.maxrss_kb),
               r->jq.ok ? r->jq.seconds : 0.0, mb(r->jq.maxrss_kb),
               r->m.replay_s, r->m.warm_s,
               r->jq.ok ? r->run.seconds / r->jq.seconds : 0.0,
               r->run.seconds / r->m.replay_s,
               r->run.seconds / r->m.warm_s, mb(r->m.load_kb),
               mb(r->m.run_kb - r->m.load_kb));
        fflush(stdout);
    }
    printf("  load MB: peak RSS after loading the scenario in-process; model "
           "MB: what the run added on top of that\n");
    print_growth(rows, n);
    printf("\ncapacity (one pass growing the labelled step) against run to "
           "the failure point:\n");
    for (size_t i = 0; i < n; i++)
        if (rows[i].label != NULL && rows[i].cap.ok && rows[i].run.ok)
            printf("  %-18s --grow \"%s\": capacity %.3f s, run %.3f s, "
                   "capacity/run %.2f (target <= 1.5)\n", rows[i].name,
                   rows[i].label, rows[i].cap.seconds, rows[i].run.seconds,
                   rows[i].cap.seconds / rows[i].run.seconds);
        else if (rows[i].label != NULL)
            printf("  %-18s capacity FAILED\n", rows[i].name);
    printf("targets (reported, not enforced): run/replay (cold) <= 3 on the farm; "
           "capacity/run <= 1.5; cost linear in size\n");
    if (plan_at < argc) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        cores = cores < 1 ? 1 : cores > 64 ? 64 : cores; /* -j's range */
        printf("\nplanning commands against one run of the same scenario "
               "(%ld cores; best of %d wall times, peak RSS):\n", cores,
               REPEAT);
        const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        int i = plan_at;
        for (; i < argc && strcmp(argv[i], "--sweep") != 0; i++)
            plan_farm(argv[1], argv[i], tmp, cores);
        if (i < argc && i + 2 < argc) {
            char file[512];
            snprintf(file, sizeof file, "%s", argv[i + 1]);
            char *at = strchr(file, '@');
            if (at != NULL) {
                *at = '\0';
                for (int k = i + 2; k < argc; k++)
                    plan_sweep(argv[1], file, at + 1, argv[k], cores);
            }
        }
    }
    return failed ? 1 : 0;
}

/*
 * plat_posix.c — platform.h on POSIX: removes the program's working files
 * (an output file's temporary, plot's working directory) when a signal
 * that can be caught ends the program before they were renamed into place
 * or removed; temporary directories, running gnuplot, processors.
 */
#define _XOPEN_SOURCE 700
#include "cli.h"
#include "platform.h"
#include "plat_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char plat_dir_sep[] = "/";
const char plat_gnuplot_hint[] = "install it with: apt-get install "
                                 "gnuplot-nox (or run tools/bootstrap.sh)";

/* Every signal whose default action ends the program and that a handler
 * can catch (SIGKILL and SIGSTOP cannot be caught). */
static const int guarded_signals[] = {
    SIGHUP,  SIGINT,  SIGQUIT, SIGTERM, SIGPIPE,   SIGALRM,
    SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF,
};
#define NGUARDED (sizeof guarded_signals / sizeof guarded_signals[0])

/* Working files, removed last-added first (a directory after its files).
 * Set and cleared only with the guarded signals blocked. */
typedef struct {
    int dirfd;             /* AT_FDCWD or the directory name is relative to */
    const char *volatile name; /* NULL: free slot */
    bool is_dir;
} guard_slot;
static guard_slot slots[CLI_GUARD_SLOTS];

static void remove_all(void)
{
    for (size_t i = CLI_GUARD_SLOTS; i-- > 0;) {
        const char *p = slots[i].name;
        if (p != NULL) /* unlinkat is async-signal-safe */
            (void)unlinkat(slots[i].dirfd, p,
                           slots[i].is_dir ? AT_REMOVEDIR : 0);
    }
}

static void on_signal(int sig)
{
    remove_all();
    signal(sig, SIG_DFL);
    raise(sig); /* die of the signal, so the parent sees it */
}

static void block(bool on, sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NGUARDED; i++)
        sigaddset(&set, guarded_signals[i]);
    sigprocmask(on ? SIG_BLOCK : SIG_SETMASK, on ? &set : old,
                on ? old : NULL);
}

static sigset_t saved_mask;

void cli_guard_begin(void)
{
    static bool installed;
    block(true, &saved_mask);
    if (installed)
        return;
    installed = true;
    for (size_t i = 0; i < NGUARDED; i++) {
        struct sigaction sa, prev;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigfillset(&sa.sa_mask); /* one handler at a time */
        /* Only a signal whose action is still the default (to end the
         * program) is taken over: one ignored by whoever started us stays
         * ignored, and a handler someone else installed (a fuzzing driver's
         * SIGALRM timer) is kept. */
        if (sigaction(guarded_signals[i], NULL, &prev) == 0 &&
            !(prev.sa_flags & SA_SIGINFO) && prev.sa_handler == SIG_DFL)
            sigaction(guarded_signals[i], &sa, NULL);
    }
}

int plat_guard_add_at(int dirfd, const char *name, bool is_dir)
{
    for (int i = 0; i < CLI_GUARD_SLOTS; i++)
        if (slots[i].name == NULL) {
            slots[i].dirfd = dirfd;
            slots[i].is_dir = is_dir;
            slots[i].name = name;
            return i;
        }
    return -1;
}

void cli_guard_drop(int slot)
{
    if (slot >= 0 && slot < CLI_GUARD_SLOTS)
        slots[slot].name = NULL;
}

int cli_guard_add(const char *path, bool is_dir)
{
    return plat_guard_add_at(AT_FDCWD, path, is_dir);
}

void cli_guard_end(void)
{
    block(false, &saved_mask);
}

void plat_remove(const char *path, bool is_dir)
{
    if (is_dir)
        (void)rmdir(path);
    else
        (void)unlink(path);
}

void plat_init(void)
{
}

unsigned plat_processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 4096 ? 4096 : (unsigned)n;
}

bool plat_stderr_is_terminal(void)
{
    return isatty(STDERR_FILENO) != 0;
}

bool plat_on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/usr/bin:/bin";
    char buf[4096];
    while (*path != '\0') {
        size_t n = strcspn(path, ":");
        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, n ? path : ".", name);
        if (access(buf, X_OK) == 0)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

int plat_run_wait(const char *name, char *const argv[])
{
    pid_t pid;
    int rc = posix_spawnp(&pid, name, NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "dheapsim: cannot run %s: %s\n", name, strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* Under $TMPDIR (else /tmp) only. */
int plat_make_temp_dir(const char *prefix, char *buf, size_t len, int *slot)
{
    const char *tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL || tmpdir[0] == '\0')
        tmpdir = "/tmp";
    if (strlen(tmpdir) + strlen(prefix) + 9 >= len) {
        fprintf(stderr, "dheapsim: TMPDIR is longer than %zu characters\n",
                len - strlen(prefix) - 9);
        return -1;
    }
    snprintf(buf, len, "%s/%s-XXXXXX", tmpdir, prefix);
    cli_guard_begin();
    char *made = mkdtemp(buf);
    int saved = errno;
    *slot = made != NULL ? cli_guard_add(buf, true) : -1;
    cli_guard_end();
    if (made == NULL) {
        fprintf(stderr, "dheapsim: cannot make a temporary directory in "
                "%s: %s\n", tmpdir, strerror(saved));
        return -1;
    }
    return 0;
}

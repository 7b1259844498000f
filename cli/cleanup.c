/*
 * cleanup.c — removes the program's working files (an output file's
 * temporary, plot's working directory) when a signal that can be caught
 * ends the program before they were renamed into place or removed.
 */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

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

void cli_guard_begin(sigset_t *old)
{
    static bool installed;
    block(true, old);
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

int cli_guard_add(int dirfd, const char *name, bool is_dir)
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

void cli_guard_end(sigset_t *old)
{
    block(false, old);
}

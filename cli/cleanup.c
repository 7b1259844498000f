/*
 * cleanup.c — removes the temporary output file when SIGINT, SIGTERM or
 * SIGHUP ends the program before the file was renamed into place.
 */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int guarded_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NGUARDED (sizeof guarded_signals / sizeof guarded_signals[0])

/* Set and cleared only with the guarded signals blocked. */
static const char *volatile guarded_path;

static void on_signal(int sig)
{
    const char *p = guarded_path;
    if (p != NULL)
        unlink(p); /* async-signal-safe */
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
        sigemptyset(&sa.sa_mask);
        /* A signal ignored by whoever started us stays ignored. */
        if (sigaction(guarded_signals[i], NULL, &prev) == 0 &&
            prev.sa_handler != SIG_IGN)
            sigaction(guarded_signals[i], &sa, NULL);
    }
}

void cli_guard_set(const char *tmp_path)
{
    guarded_path = tmp_path;
}

void cli_guard_end(sigset_t *old)
{
    block(false, old);
}

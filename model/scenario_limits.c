/*
 * scenario_limits.c — refuses a loaded scenario that asks for more than the
 * model's limits (sessions, total iterations, bytes per step, report rows)
 * before anything is simulated, naming the step that crosses the limit.
 */
#include "scenario_json.h"

#include <stdio.h>

/* Desktops a session has before any step: WinSta0's three and room for
 * the service stations a profile starts with (generous on purpose). */
#define DESKTOPS_PER_SESSION 8u

/* Iterations a step runs at most. */
static uint64_t step_iterations(const dh_scenario *sc, const dh_step *s)
{
    if (s->repeat_until_failure && !s->count_given)
        return sc->assume.repeat_limit;
    return s->count;
}

/* Desktops the step can add to those open at once: a per-logon station
 * for every start of a service under a user account, one named desktop
 * per create_desktop step (a repeat opens the same one); the stations of
 * the built-in accounts and SAWinSta are in DESKTOPS_PER_SESSION. */
static uint64_t opens_desktops(const dh_step *s, uint64_t n)
{
    if (s->kind == DH_STEP_START_SERVICE && s->account == DH_ACCOUNT_USER)
        return n;
    return s->kind == DH_STEP_CREATE_DESKTOP ? 1 : 0;
}

/* Bytes one iteration of the step asks for at most. */
static uint64_t step_bytes(const dh_step *s)
{
    if (s->kind == DH_STEP_CREATE_WINDOWS || s->kind == DH_STEP_CHARGE)
        return s->bytes;
    return s->cost_bytes; /* 0 for steps without a cost */
}

static dh_status refuse(dh_loader *L, size_t i, const char *key,
                        const char *what, uint64_t n, uint64_t limit)
{
    char p[DH_LD_PATH];
    snprintf(p, sizeof p, "$.steps[%zu]%s%s", i, key[0] ? "." : "", key);
    return dh_ld_error(L, p, DH_ELIMIT, "%s: %llu, more than the model's limit "
                       "of %llu (README: Hardening)", what,
                       (unsigned long long)n, (unsigned long long)limit);
}

dh_status dh_ld_limits(dh_loader *L, const dh_scenario *sc)
{
    uint64_t sessions = sc->nsessions;
    uint64_t iterations = 0, desktops = 0, snapshots = 1; /* "final" */
    for (size_t i = 0; i < sc->nsteps; i++) {
        const dh_step *s = &sc->steps[i];
        uint64_t n = step_iterations(sc, s); /* <= DH_MAX_COUNT */
        const char *key = s->count_given ? "count"
                          : s->repeat_until_failure ? "repeat_until_failure"
                                                    : "";
        /* n <= 2^20 and bytes <= 2^40: the product cannot overflow. */
        if (n * step_bytes(s) > DH_MAX_BYTES)
            return refuse(L, i, key, "bytes this step asks for (count x "
                          "bytes of one iteration)", n * step_bytes(s),
                          DH_MAX_BYTES);
        iterations += n;
        if (iterations > DH_MAX_ITERATIONS)
            return refuse(L, i, key, "iterations of all steps up to this "
                          "one (count, or repeat_limit for "
                          "repeat_until_failure, added up)", iterations,
                          DH_MAX_ITERATIONS);
        if (s->kind == DH_STEP_LOGON_SESSION && ++sessions > DH_MAX_SESSIONS)
            return refuse(L, i, "session", "sessions declared or logged on "
                          "up to this step", sessions, DH_MAX_SESSIONS);
        if (s->kind == DH_STEP_SNAPSHOT)
            snapshots += n;
        desktops += opens_desktops(s, n);
        /* The CSV trace takes one more snapshot after every step. */
        uint64_t most = (desktops + (sessions + 1) * DESKTOPS_PER_SESSION) *
                        (snapshots + i + 1);
        if (most > DH_MAX_REPORT_ROWS)
            return refuse(L, i, key, "report rows up to this step "
                          "(snapshots x desktops that may be open, "
                          "estimated; a lower count or repeat_limit helps)",
                          most, DH_MAX_REPORT_ROWS);
    }
    return DH_OK;
}

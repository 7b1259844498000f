/*
 * scenario_limits.c — refuses a loaded scenario that asks for more than the
 * model's limits (sessions, total iterations, bytes per step, report rows)
 * before anything is simulated, naming the step that crosses the limit.
 */
#include "scenario_json.h"

#include <stdio.h>
#include <string.h>

/* Desktops open before any step, generous on purpose: session 0 has
 * WinSta0's three and room for the stations of the built-in service
 * accounts and SAWinSta; every other session WinSta0's three and one. */
#define DESKTOPS_SESSION0 8u
#define DESKTOPS_PER_SESSION 4u

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
    if ((s->kind == DH_STEP_START_SERVICE ||
         s->kind == DH_STEP_START_APP_POOL) && s->account == DH_ACCOUNT_USER)
        return n;
    return s->kind == DH_STEP_CREATE_DESKTOP ? 1 : 0;
}

/* Bytes one iteration of the step asks for at most. */
static uint64_t step_bytes(const dh_step *s)
{
    if (s->kind == DH_STEP_CREATE_WINDOWS || s->kind == DH_STEP_CHARGE)
        return s->bytes;
    /* 0 for steps without a cost; a ranged cost at its high end */
    return s->cost_ranged ? s->cost_high : s->cost_bytes;
}

static dh_status refuse(const dh_scenario *sc, size_t i, const char *key,
                        const char *what, uint64_t n, uint64_t limit,
                        dh_error *err)
{
    if (err == NULL || err->status != DH_OK)
        return DH_ELIMIT;
    dh_error_set(err, DH_ELIMIT, "%s: %llu, more than the model's limit of "
                 "%llu (README: Hardening)", what, (unsigned long long)n,
                 (unsigned long long)limit);
    snprintf(err->file, sizeof err->file, "%s", sc->file ? sc->file : "");
    snprintf(err->path, sizeof err->path, "$.steps[%zu]%s%s", i,
             key[0] ? "." : "", key);
    err->line = sc->steps[i].line;
    return DH_ELIMIT;
}

/* What one iteration of a unit does: its members' iterations, bytes,
 * logons, snapshots and desktops, each member counted count times. The
 * sums stay small: at most 64 members of 2^20 iterations and 2^40 bytes
 * (the product is checked per member first). */
typedef struct {
    uint64_t iterations, bytes, logons, snapshots, desktops;
} unit_load;

static bool unit_of(const dh_step *u, unit_load *l)
{
    memset(l, 0, sizeof *l);
    for (size_t m = 0; m < u->nmembers; m++) {
        const dh_step *s = &u->members[m];
        if (s->count * step_bytes(s) > DH_MAX_BYTES)
            return false;
        l->iterations += s->count;
        l->bytes += s->count * step_bytes(s);
        l->logons += s->kind == DH_STEP_LOGON_SESSION ? s->count : 0;
        l->snapshots += s->kind == DH_STEP_SNAPSHOT ? s->count : 0;
        l->desktops += opens_desktops(s, s->count);
    }
    return true;
}

dh_status dh_scenario_check_limits(const dh_scenario *sc, bool trace,
                                   dh_error *err)
{
    uint64_t sessions = sc->nsessions;
    uint64_t iterations = 0, desktops = 0, snapshots = 1; /* "final" */
    for (size_t i = 0; i < sc->nsteps; i++) {
        const dh_step *s = &sc->steps[i];
        uint64_t n = step_iterations(sc, s); /* <= DH_MAX_COUNT */
        const char *key = s->count_given ? "count"
                          : s->repeat_until_failure ? "repeat_until_failure"
                                                    : "";
        if (s->kind == DH_STEP_UNIT) {
            unit_load l;
            if (!unit_of(s, &l) ||
                (l.bytes != 0 && n > DH_MAX_BYTES / l.bytes))
                return refuse(sc, i, key, "bytes this unit asks for (count "
                              "x the bytes of its members)", DH_MAX_BYTES + 1,
                              DH_MAX_BYTES, err);
            /* n <= 2^20, l.iterations <= 2^26: no overflow */
            iterations += n * l.iterations;
            if (iterations > DH_MAX_ITERATIONS)
                return refuse(sc, i, key, "iterations of all steps up to "
                              "this one (a unit counts each member's "
                              "iterations, count times)", iterations,
                              DH_MAX_ITERATIONS, err);
            sessions += n * l.logons;
            if (sessions > DH_MAX_SESSIONS)
                return refuse(sc, i, key, "sessions declared or logged on "
                              "up to this step", sessions, DH_MAX_SESSIONS,
                              err);
            snapshots += n * l.snapshots;
            desktops += n * l.desktops;
        } else {
            /* n <= 2^20 and bytes <= 2^40: the product cannot overflow. */
            if (n * step_bytes(s) > DH_MAX_BYTES)
                return refuse(sc, i, key, "bytes this step asks for (count x "
                              "bytes of one iteration)", n * step_bytes(s),
                              DH_MAX_BYTES, err);
            iterations += n;
            if (iterations > DH_MAX_ITERATIONS)
                return refuse(sc, i, key, "iterations of all steps up to this "
                              "one (count, or repeat_limit for "
                              "repeat_until_failure, added up)", iterations,
                              DH_MAX_ITERATIONS, err);
            if (s->kind == DH_STEP_LOGON_SESSION && ++sessions > DH_MAX_SESSIONS)
                return refuse(sc, i, "session", "sessions declared or logged on "
                              "up to this step", sessions, DH_MAX_SESSIONS, err);
            if (s->kind == DH_STEP_SNAPSHOT)
                snapshots += n;
            desktops += opens_desktops(s, n);
        }
        if (snapshots > DH_MAX_REPORT_ROWS || desktops > DH_MAX_REPORT_ROWS)
            return refuse(sc, i, key, "report rows up to this step "
                          "(snapshots x desktops that may be open, "
                          "estimated)", snapshots > desktops ? snapshots
                          : desktops, DH_MAX_REPORT_ROWS, err);
        /* The CSV trace takes one more snapshot after every step. */
        uint64_t most = (desktops + DESKTOPS_SESSION0 +
                         sessions * DESKTOPS_PER_SESSION) *
                        (snapshots + (trace ? i + 1 : 0));
        if (most > DH_MAX_REPORT_ROWS)
            return refuse(sc, i, key, trace
                          ? "CSV rows up to this step (steps and snapshots x "
                            "desktops that may be open, estimated; a lower "
                            "count or repeat_limit helps, or --csv-rows "
                            "changed)"
                          : "report rows up to this step (snapshots x "
                            "desktops that may be open, estimated; a lower "
                            "count or repeat_limit helps)",
                          most, DH_MAX_REPORT_ROWS, err);
    }
    return DH_OK;
}

void dh_scenario_open_bound(const dh_scenario *sc, size_t grow_step,
                            dh_open_bound *out)
{
    /* Called on a scenario the limits above accepted: every sum is below
     * DH_MAX_ITERATIONS or DH_MAX_SESSIONS, so none overflows. */
    memset(out, 0, sizeof *out);
    out->sessions = sc->nsessions;
    for (size_t i = 0; i < sc->nsteps; i++) {
        const dh_step *s = &sc->steps[i];
        uint64_t n = i + 1 == grow_step ? sc->assume.repeat_limit
                                        : step_iterations(sc, s);
        const dh_step *one = s;
        size_t nm = 1;
        if (s->kind == DH_STEP_UNIT) {
            one = s->members;
            nm = s->nmembers;
        }
        for (size_t m = 0; m < nm; m++) {
            const dh_step *x = &one[m];
            uint64_t k = s->kind == DH_STEP_UNIT ? n * x->count : n;
            if (x->kind == DH_STEP_LOGON_SESSION)
                out->sessions += k;
            else if (x->kind == DH_STEP_CREATE_DESKTOP)
                out->created += s->kind == DH_STEP_UNIT ? n : 1;
            else
                out->logon_desktops += opens_desktops(x, k);
        }
    }
    out->base = DESKTOPS_SESSION0 + out->sessions * DESKTOPS_PER_SESSION;
}

dh_status dh_ld_limits(dh_loader *L, const dh_scenario *sc)
{
    dh_error e;
    dh_error_clear(&e);
    if (dh_scenario_check_limits(sc, false, &e) == DH_OK)
        return DH_OK;
    /* Again through the loader: the line of the key itself. */
    return dh_ld_error(L, e.path, e.status, "%s", e.text);
}

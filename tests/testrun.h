/*
 * testrun.h — helpers the scenario-level tests share: load and run a
 * scenario (from a file or a string) and find a desktop in a result.
 */
#ifndef DH_TESTRUN_H
#define DH_TESTRUN_H

#include "testutil.h"

/* Load and run; the caller frees *sc and the result. Without options the
 * run is on a bare machine (--empty): these tests derive their numbers by
 * hand from the rules they test; the starting load has its own test. */
static inline dh_result *tr_run_text(const char *json,
                                     const dh_run_options *o,
                                     dh_scenario **sc)
{
    dh_result *r = NULL;
    dh_error e;
    dh_run_options bare = {.empty = true};
    if (o == NULL)
        o = &bare;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_buffer(json, strlen(json), "t.json",
                                             sc, &e), DH_OK);
    assert_int_equal(dh_run(*sc, o, &r, &e), DH_OK);
    return r;
}

static inline dh_result *tr_run_file(const char *file,
                                     const dh_run_options *o,
                                     dh_scenario **sc)
{
    dh_result *r = NULL;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_file(file, sc, &e), DH_OK);
    assert_int_equal(dh_run(*sc, o, &r, &e), DH_OK);
    return r;
}

static inline const dh_desktop_rec *tr_desk(const dh_session_rec *s,
                                            const char *st, const char *d)
{
    for (size_t i = 0; i < s->ndesktops; i++)
        if (!strcmp(s->desktops[i].winsta, st) &&
            !strcmp(s->desktops[i].desktop, d))
            return &s->desktops[i];
    fail_msg("no desktop %s\\%s", st, d);
    return NULL;
}

#endif

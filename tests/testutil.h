/*
 * testutil.h — what every cmocka test file includes: cmocka's required
 * headers in the order it wants them, the model's public header, and a
 * loader every test uses.
 */
#ifndef DH_TESTUTIL_H
#define DH_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>

#include "dheapsim.h"

/* A scenario file loaded, or the test fails. */
static inline dh_scenario *test_load_file(const char *file)
{
    dh_scenario *sc = NULL;
    dh_error e;
    dh_error_clear(&e);
    dh_status st = dh_scenario_load_file(file, &sc, &e);
    if (st != DH_OK)
        print_message("%s:%d: %s\n", file, e.line, e.text);
    assert_int_equal(st, DH_OK);
    return sc;
}

#define KB(x) ((uint64_t)(x) * 1024u)
#define MB(x) ((uint64_t)(x) * 1024u * 1024u)

#endif

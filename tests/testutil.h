/*
 * testutil.h — what every cmocka test file includes: cmocka's required
 * headers in the order it wants them, and the model's public header.
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

#define KB(x) ((uint64_t)(x) * 1024u)
#define MB(x) ((uint64_t)(x) * 1024u * 1024u)

#endif

/*
 * xorshift.h — the random numbers of the allocator's differential
 * checkers (check_alloc.c, check_hint.c): xorshift64, one state a checker,
 * seeded by the checker so every run is repeatable.
 */
#ifndef DH_XORSHIFT_H
#define DH_XORSHIFT_H

#include <stdint.h>

static uint64_t rng;

static inline uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A number in [0, n), or 0 when n is 0. */
static inline uint64_t below(uint64_t n)
{
    return n ? next() % n : 0;
}

#endif

/*
 * viewbytes.c — rule 2: the view space a desktop heap takes, its size
 * rounded up to the view granularity (the assumption view_granularity_kb;
 * reactos-notes s.7: 64 KB buckets).
 */
#include "rules.h"

uint64_t dh_rule_view_bytes(const dh_config *c, uint64_t heap_bytes)
{
    uint64_t g = c->assume.view_granularity;
    return (heap_bytes + g - 1) / g * g;
}

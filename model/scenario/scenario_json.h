/*
 * scenario_json.h — internal to scenario/: the loader's state and its
 * checked readers (string, integer, KB, boolean, allowed keys; in
 * scenario_read.c), shared by scenario.c, scenario_fields.c and
 * scenario_limits.c.
 */
#ifndef DH_SCENARIO_JSON_H
#define DH_SCENARIO_JSON_H

#include "scenario.h"

#include <jansson.h>
#include <stdarg.h>

#define DH_LD_PATH 160

/* Values a scenario's JSON text may hold, counted before jansson builds
 * the tree (jsonshape.c): enough for DH_MAX_STEPS steps of a few keys
 * each; the tree they make stays under about 1.5 GB (README: Hardening). */
#define DH_MAX_JSON_CONTAINERS 3000000ull
#define DH_MAX_JSON_VALUES 12000000ull
typedef struct {
    uint64_t containers, values;
    const char *over;  /* NULL, or what went over its limit */
    uint64_t limit;    /* that limit */
    size_t at;         /* the offset where it went over */
} dh_json_shape_t;
void dh_json_shape(const char *buf, size_t len, dh_json_shape_t *out);
#define DH_NAME_MAX 255

typedef struct {
    const char *file;
    const char *text;
    size_t len;
    dh_error *err;
} dh_loader;

dh_status dh_ld_error(dh_loader *L, const char *path, dh_status st,
                      const char *fmt, ...)
    DH_PRINTF(4, 5)
    ;
dh_status dh_ld_type(dh_loader *L, const char *path, const json_t *v,
                     const char *want);
void dh_ld_path(char *buf, size_t len, const char *base, const char *key);
dh_status dh_ld_keys(dh_loader *L, const char *path, json_t *obj,
                     const char *const *allowed);
dh_status dh_ld_string(dh_loader *L, const char *path, json_t *v,
                       size_t maxlen, char **out);
dh_status dh_ld_uint(dh_loader *L, const char *path, json_t *v, uint64_t min,
                     uint64_t max, uint64_t *out);
dh_status dh_ld_bool(dh_loader *L, const char *path, json_t *v, bool *out);
dh_status dh_ld_kb(dh_loader *L, const char *path, json_t *v, uint64_t *bytes);

/* scenario_keys.c: every key a step may have, by number. */
typedef enum {
    DH_SK_ACTION, DH_SK_LABEL, DH_SK_COUNT_, DH_SK_REPEAT, DH_SK_COMMENT,
    DH_SK_SESSION, DH_SK_NAME, DH_SK_STATION, DH_SK_DESKTOP, DH_SK_PARENT,
    DH_SK_PROCESS, DH_SK_ACCOUNT, DH_SK_INTERACT, DH_SK_LUID, DH_SK_KIND,
    DH_SK_COST_KB, DH_SK_COST_BYTES, DH_SK_OBJECTS, DH_SK_GDI,
    DH_SK_BYTES_EACH, DH_SK_BYTES, DH_SK_EXTRA, DH_SK_TITLE, DH_SK_PROPS,
    DH_SK_LEAK, DH_SK_WHICH, DH_SK_HEAP_KB, DH_SK_KB, DH_SK_USED_PCT,
    DH_SK_STEPS, DH_SK_CONSOLE,
    DH_SK_COUNT
} dh_step_key;
#define DH_SK_BIT(k) (1u << (k))

/* The number of key, -1 when no step may have it. */
int dh_ld_step_key(const char *key);
const char *dh_ld_step_key_name(int k);

/* scenario_limits.c: DH_ELIMIT when sc asks for more than the limits. */
dh_status dh_ld_limits(dh_loader *L, const dh_scenario *sc);

/* scenario_fields.c: the whole document into sc. */
dh_status dh_ld_scenario(dh_loader *L, json_t *root, dh_scenario *sc);

#endif

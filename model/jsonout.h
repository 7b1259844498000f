/*
 * jsonout.h — internal: building a jansson document while remembering
 * whether any allocation failed, so a reporter checks once at the end.
 */
#ifndef DH_JSONOUT_H
#define DH_JSONOUT_H

#include <jansson.h>
#include <stdbool.h>

typedef struct {
    bool oom;
} jc;

/* o[k] = v (v's reference is taken); a NULL anywhere marks jc oom. */
static inline void set(jc *j, json_t *o, const char *k, json_t *v)
{
    if (o == NULL || v == NULL || json_object_set_new(o, k, v) != 0)
        j->oom = true;
}

/* a[] += v (v's reference is taken). */
static inline void push(jc *j, json_t *a, json_t *v)
{
    if (a == NULL || v == NULL || json_array_append_new(a, v) != 0)
        j->oom = true;
}

#endif

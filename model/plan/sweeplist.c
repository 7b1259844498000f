/*
 * sweeplist.c — the value lists of a sweep: "256,512", "256:4096:256"
 * (start:end:step, both ends included) and, for SharedSection, whole
 * triples "1024/3072/512". Every number is checked for overflow and range;
 * a list holds at most DH_SWEEP_MAX_POINTS values.
 */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing array of list values (uint64_t or dh_ss_point). */
typedef struct {
    void *items;
    size_t n;
} list_acc;

typedef struct {
    const char *text;   /* the whole list */
    const char *what;   /* "--shared-section", for messages */
    dh_error *err;
} lctx;

static dh_status bad(const lctx *c, const char *at, const char *fmt,
                     const char *item, unsigned long long a,
                     unsigned long long b)
{
    char why[200];
    snprintf(why, sizeof why, fmt, a, b);
    dh_status st = dh_error_set(c->err, DH_EINPUT, "item '%s': %s", item,
                                why);
    if (c->err != NULL) {
        snprintf(c->err->file, sizeof c->err->file, "%s", c->what);
        c->err->column = (int)(at - c->text) + 1;
    }
    return st;
}

/* A decimal number [min, max] from s[0..len). */
static dh_status number(const lctx *c, const char *s, size_t len,
                        const char *item, uint64_t min, uint64_t max,
                        uint64_t *out)
{
    uint64_t v = 0;
    if (len == 0)
        return bad(c, s, "a number is missing%.0llu%.0llu", item, 0, 0);
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return bad(c, s, "not a number (decimal digits only)%.0llu%.0llu",
                       item, 0, 0);
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return bad(c, s, "number too large (at most %llu)%.0llu", item,
                       (unsigned long long)max, 0);
        v = v * 10 + d;
    }
    if (v < min || v > max)
        return bad(c, s, "out of range (%llu to %llu)", item,
                   (unsigned long long)min, (unsigned long long)max);
    *out = v;
    return DH_OK;
}

/* Split item at sep into at most n parts; returns the number of parts. */
static size_t split(const char *s, size_t len, char sep, const char **part,
                    size_t *plen, size_t n)
{
    size_t k = 0;
    part[0] = s;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != sep)
            continue;
        if (k < n)
            plen[k] = (size_t)(s + i - part[k]);
        k++;
        if (i < len && k < n)
            part[k] = s + i + 1;
    }
    return k;
}

/* Append one value, or a start:end:step range, to the uint64_t list. */
static dh_status add_item(const lctx *c, const char *s, size_t len,
                          const char *item, uint64_t min, uint64_t max,
                          list_acc *acc)
{
    size_t *n = &acc->n;
    const char *p[3];
    size_t pl[3];
    size_t k = split(s, len, ':', p, pl, 3);
    uint64_t start, end = 0, step = 1;
    if (k != 1 && k != 3)
        return bad(c, s, "a range is start:end:step%.0llu%.0llu", item, 0, 0);
    dh_status st = number(c, p[0], pl[0], item, min, max, &start);
    if (st == DH_OK && k == 3 &&
        (st = number(c, p[1], pl[1], item, min, max, &end)) == DH_OK &&
        (st = number(c, p[2], pl[2], item, 0, UINT64_MAX, &step)) == DH_OK) {
        if (step == 0)
            st = bad(c, s, "the step must be above 0%.0llu%.0llu", item, 0, 0);
        else if (start > end)
            st = bad(c, s, "start %llu is above end %llu", item,
                     (unsigned long long)start, (unsigned long long)end);
    }
    if (st != DH_OK)
        return st;
    uint64_t count = k == 3 ? (end - start) / step + 1 : 1;
    if (count > DH_SWEEP_MAX_POINTS - *n)
        return bad(c, s, "the list would have more than %llu values%.0llu",
                   item, DH_SWEEP_MAX_POINTS, 0);
    uint64_t *a = realloc(acc->items, (*n + (size_t)count) * sizeof *a);
    if (a == NULL)
        return dh_error_set(c->err, DH_ENOMEM, "out of memory");
    acc->items = a;
    for (uint64_t i = 0; i < count; i++)
        a[(*n)++] = start + i * step;
    return DH_OK;
}

/* Walk the comma-separated items; each goes to fn. */
typedef dh_status (*item_fn)(const lctx *c, const char *s, size_t len,
                             const char *item, void *data);


static dh_status each_item(const lctx *c, item_fn fn, list_acc *data)
{
    const char *s = c->text;
    if (*s == '\0')
        return bad(c, s, "the list is empty%.0llu%.0llu", "", 0, 0);
    /* fn gets data as void *: the struct whose first member it is (a
     * pointer to a struct is a pointer to its first member, C11 6.7.2.1) */
    for (;;) {
        size_t len = strcspn(s, ",");
        char item[64];
        snprintf(item, sizeof item, "%.*s", (int)(len < 63 ? len : 63), s);
        if (len == 0)
            return bad(c, s, "an empty item%.0llu%.0llu", item, 0, 0);
        dh_status st = fn(c, s, len, item, data);
        if (st != DH_OK)
            return st;
        s += len;
        if (*s++ == '\0')
            return DH_OK;
    }
}

/* Parse the whole list into data (its first member the list_acc); on an
 * error the list is freed and left empty. */
static dh_status parse_list(const lctx *c, item_fn fn, list_acc *data,
                            size_t *n)
{
    dh_status st = each_item(c, fn, data);
    if (st != DH_OK) {
        free(data->items);
        data->items = NULL;
        data->n = 0;
    }
    *n = data->n;
    return st;
}

typedef struct {
    list_acc acc;
    uint64_t min, max;
    bool allow_absent;
} values_data;

static dh_status value_item(const lctx *c, const char *s, size_t len,
                            const char *item, void *data)
{
    values_data *d = data;
    if (d->allow_absent && len == 6 && strncmp(s, "absent", 6) == 0)
        return add_item(c, "0", 1, item, 0, 0, &d->acc);
    return add_item(c, s, len, item, d->min, d->max, &d->acc);
}

dh_status dh_sweep_parse_values(const char *text, const char *what,
                                uint64_t min, uint64_t max, bool allow_absent,
                                uint64_t **out, size_t *n, dh_error *err)
{
    lctx c = {text, what, err};
    values_data d = {{NULL, 0}, min, max, allow_absent};
    dh_status st = parse_list(&c, value_item, &d.acc, n);
    *out = d.acc.items;
    return st;
}


static dh_status shared_item(const lctx *c, const char *s, size_t len,
                             const char *item, void *data)
{
    list_acc *d = data;
    const char *p[3];
    size_t pl[3];
    size_t k = split(s, len, '/', p, pl, 3);
    if (k != 1 && k != 3)
        return bad(c, s, "write the 3rd value N, a range start:end:step, or "
                   "all three values S/I/N%.0llu%.0llu", item, 0, 0);
    list_acc third = {NULL, 0}; /* 3rd values; one 0 for a triple */
    dh_status st = DH_OK;
    dh_ss_point pt = {k == 3, {0, 0, 0}};
    if (k == 3) {
        for (size_t i = 0; st == DH_OK && i < 3; i++)
            st = number(c, p[i], pl[i], item, 1, DH_SHARED_SECTION_MAX_VALUE,
                        &pt.kb[i]);
        if (st == DH_OK)
            st = add_item(c, "0", 1, item, 0, 0, &third);
    } else {
        st = add_item(c, s, len, item, 1, DH_SHARED_SECTION_MAX_VALUE,
                      &third);
    }
    size_t nv = third.n;
    const uint64_t *vals = third.items;
    if (st == DH_OK && nv > DH_SWEEP_MAX_POINTS - d->n)
        st = bad(c, s, "the list would have more than %llu values%.0llu",
                 item, DH_SWEEP_MAX_POINTS, 0);
    if (st == DH_OK) {
        dh_ss_point *a = realloc(d->items, (d->n + nv) * sizeof *a);
        if (a == NULL)
            st = dh_error_set(c->err, DH_ENOMEM, "out of memory");
        else
            d->items = a;
    }
    for (size_t i = 0; st == DH_OK && i < nv; i++) {
        if (!pt.full)
            pt.kb[2] = vals[i];
        ((dh_ss_point *)d->items)[d->n++] = pt;
    }
    free(third.items);
    return st;
}

dh_status dh_sweep_parse_shared(const char *text, dh_ss_point **out,
                                size_t *n, dh_error *err)
{
    lctx c = {text, "--shared-section", err};
    list_acc d = {NULL, 0};
    dh_status st = parse_list(&c, shared_item, &d, n);
    *out = d.items;
    return st;
}

/*
 * scenario_read.c — the loader's field readers: one typed value of the
 * scenario JSON each (string, count, bool, KB), checked against its range,
 * and the errors they raise, named by JSON path and line.
 */
#include "scenario_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ errors */

dh_status dh_ld_error(dh_loader *L, const char *path, dh_status st,
                      const char *fmt, ...)
{
    dh_error *err = L->err;
    if (err == NULL || err->status != DH_OK)
        return st;
    va_list ap;
    va_start(ap, fmt);
    err->status = st;
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    snprintf(err->file, sizeof err->file, "%s", L->file);
    snprintf(err->path, sizeof err->path, "%s", path);
    err->line = dh_json_path_line(L->text, L->len, path);
    return st;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "?";
}

dh_status dh_ld_type(dh_loader *L, const char *path, const json_t *v,
                     const char *want)
{
    return dh_ld_error(L, path, DH_EINPUT, "expected %s, got %s", want,
                       type_name(v));
}

/* ------------------------------------------------------------ values */

/* base.key, or base["key"] when the key has characters that would make
 * the path ambiguous (dh_json_path_line reads both forms). */
void dh_ld_path(char *buf, size_t len, const char *base, const char *key)
{
    if (key[0] != '\0' && strpbrk(key, ".[]\"\\") == NULL) {
        /* Every field of every step comes here: copy, no snprintf, when
         * it fits (farm-250: 25,250 steps, 163,500 paths). */
        size_t nb = strlen(base), nk = strlen(key);
        if (nb + 1 + nk < len) {
            memcpy(buf, base, nb);
            buf[nb] = '.';
            memcpy(buf + nb + 1, key, nk + 1);
        } else {
            snprintf(buf, len, "%s.%s", base, key);
        }
        return;
    }
    size_t n = (size_t)snprintf(buf, len, "%s[\"", base);
    for (const char *k = key; *k != '\0' && n + 4 < len; k++) {
        if (*k == '"' || *k == '\\')
            buf[n++] = '\\';
        buf[n++] = *k;
    }
    if (n + 3 <= len)
        snprintf(buf + n, len - n, "\"]");
}

dh_status dh_ld_keys(dh_loader *L, const char *path, json_t *obj,
                     const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i] != NULL && !ok; i++)
            ok = strcmp(allowed[i], key) == 0;
        if (!ok) {
            char p[DH_LD_PATH];
            dh_ld_path(p, sizeof p, path, key);
            return dh_ld_error(L, p, DH_EINPUT, "unknown key '%s'", key);
        }
    }
    (void)v;
    return DH_OK;
}

dh_status dh_ld_string(dh_loader *L, const char *path, json_t *v,
                       size_t maxlen, char **out)
{
    if (!json_is_string(v))
        return dh_ld_type(L, path, v, "a string");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n == 0)
        return dh_ld_error(L, path, DH_EINPUT, "must not be empty");
    if (n > maxlen)
        return dh_ld_error(L, path, DH_ELIMIT, "longer than %zu characters",
                           maxlen);
    if (strlen(s) != n)
        return dh_ld_error(L, path, DH_EINPUT, "contains a NUL character");
    /* Names are printed in reports: no control character (a newline could
     * forge a line, an ESC drive a terminal). Longer texts (source,
     * description) may hold tabs and line ends. */
    uint32_t code;
    const char *bad = dh_first_control(s, maxlen > 2 * DH_NAME_MAX + 1,
                                       &code);
    if (bad != NULL)
        return dh_ld_error(L, path, DH_EINPUT, "contains the control "
                           "character U+%04X at byte %zu: names and texts "
                           "are printed in reports", (unsigned)code,
                           (size_t)(bad - s) + 1);
    *out = strdup(s);
    return *out ? DH_OK : dh_ld_error(L, path, DH_ENOMEM, "out of memory");
}

dh_status dh_ld_uint(dh_loader *L, const char *path, json_t *v, uint64_t min,
                     uint64_t max, uint64_t *out)
{
    if (!json_is_integer(v))
        return dh_ld_type(L, path, v, "an integer");
    json_int_t i = json_integer_value(v);
    if (i < 0)
        return dh_ld_error(L, path, DH_EINPUT, "must not be negative (%lld)",
                           (long long)i);
    if ((uint64_t)i < min || (uint64_t)i > max)
        return dh_ld_error(L, path, (uint64_t)i > max ? DH_ELIMIT : DH_EINPUT,
                           "%lld is out of range (%llu to %llu)",
                           (long long)i, (unsigned long long)min,
                           (unsigned long long)max);
    *out = (uint64_t)i;
    return DH_OK;
}

dh_status dh_ld_bool(dh_loader *L, const char *path, json_t *v, bool *out)
{
    if (!json_is_boolean(v))
        return dh_ld_type(L, path, v, "true or false");
    *out = json_is_true(v);
    return DH_OK;
}

/* A size in KB that may have a fraction ("cost_kb": 15.5): bytes, rounded
 * up, checked against DH_MAX_BYTES before multiplying. */
dh_status dh_ld_kb(dh_loader *L, const char *path, json_t *v, uint64_t *bytes)
{
    if (!json_is_number(v))
        return dh_ld_type(L, path, v, "a number of KB");
    if (json_is_integer(v)) {
        uint64_t kb;
        dh_status st = dh_ld_uint(L, path, v, 0, DH_MAX_BYTES / DH_KB, &kb);
        *bytes = kb * DH_KB;
        return st;
    }
    double d = json_real_value(v);
    if (!(d >= 0.0))
        return dh_ld_error(L, path, DH_EINPUT, "must not be negative");
    if (d > (double)(DH_MAX_BYTES / DH_KB))
        return dh_ld_error(L, path, DH_ELIMIT, "too large (limit %llu KB)",
                           (unsigned long long)(DH_MAX_BYTES / DH_KB));
    double b = d * 1024.0;
    uint64_t u = (uint64_t)b;
    *bytes = (double)u < b ? u + 1 : u;
    return DH_OK;
}


/*
 * scenario_patch.c — the scenario file with new costs: calibrate's output.
 * The JSON text is read again with jansson and only the costs of one step
 * (or of its unit's members) and the description change; every other key
 * stays as written (the format is a contract: docs/format.md).
 */
#include "scenario_json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static json_t *ranged(uint64_t lo, uint64_t typ, uint64_t hi)
{
    json_t *o = json_object();
    if (o != NULL && (json_object_set_new(o, "low", json_integer((json_int_t)lo)) ||
                      json_object_set_new(o, "typical",
                                          json_integer((json_int_t)typ)) ||
                      json_object_set_new(o, "high",
                                          json_integer((json_int_t)hi)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static bool set_cost(json_t *step, uint64_t lo, uint64_t typ, uint64_t hi)
{
    json_t *c = ranged(lo, typ, hi);
    if (c == NULL)
        return false;
    json_object_del(step, "cost_kb");
    return json_object_set_new(step, "cost_bytes", c) == 0;
}

dh_status dh_scenario_patch_costs(const char *text, size_t len, size_t step,
                                  size_t n, const uint64_t *low,
                                  const uint64_t *typ, const uint64_t *high,
                                  const char *note, char **out,
                                  dh_error *err)
{
    *out = NULL;
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL)
        return dh_error_set(err, DH_EINPUT, "the scenario does not read "
                            "back: %s", je.text);
    json_t *steps = json_object_get(root, "steps");
    json_t *s = json_array_get(steps, step - 1);
    json_t *members = s != NULL ? json_object_get(s, "steps") : NULL;
    bool ok = s != NULL;
    if (ok && json_is_array(members)) {
        for (size_t m = 0; ok && m < n && m < json_array_size(members); m++)
            if (typ[m] != 0 || high[m] != 0)
                ok = set_cost(json_array_get(members, m), low[m], typ[m],
                              high[m]);
    } else if (ok) {
        ok = set_cost(s, low[0], typ[0], high[0]);
    }
    const char *d = json_string_value(json_object_get(root, "description"));
    char buf[4096];
    snprintf(buf, sizeof buf, "%s%s%s", d ? d : "", d ? " " : "", note);
    if (ok)
        ok = json_object_set_new(root, "description", json_string(buf)) == 0;
    if (!ok) {
        json_decref(root);
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    }
    return dh_json_take(root, false, out);
}

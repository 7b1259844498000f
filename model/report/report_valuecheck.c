/*
 * report_valuecheck.c — `dheapsim check-value` as text (one line per
 * problem) and JSON: what rules/valuecheck.c found, nothing decided here.
 */
#include "report_private.h"

#include <jansson.h>

dh_status dh_report_value_check_text(const char *value, const dh_profile *p,
                                     const dh_value_check *c,
                                     const char *matching, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_printf(&b, "dheapsim check-value: %s\n  %s\n",
                  p != NULL ? p->name : "no --os (SharedSection only; the "
                  "other tokens compared with every version)", value);
    for (size_t i = 0; i < c->nproblems; i++)
        dh_buf_printf(&b, "problem: %s\n", c->problems[i]);
    if (c->more)
        dh_buf_printf(&b, "problem: and %zu more\n", c->more);
    if (p == NULL && !c->bare)
        dh_buf_printf(&b, "note: the tokens other than SharedSection match "
                      "the value shipped by: %s\n",
                      matching[0] ? matching : "no version the profiles "
                      "know (give --os to see which differ)");
    if (c->bare)
        dh_buf_puts(&b, "note: only a SharedSection list was given; the "
                    "rest of the value was not checked\n");
    size_t n = c->nproblems + c->more;
    if (n == 0)
        dh_buf_puts(&b, "OK: no problem found\n");
    else
        dh_buf_printf(&b, "%zu problem%s\n", n, n == 1 ? "" : "s");
    return dh_buf_take(&b, out);
}

dh_status dh_report_value_check_json(const char *value, const dh_profile *p,
                                     const dh_value_check *c,
                                     const char *matching, char **out)
{
    dh_jc j = {false};
    json_t *root = json_object();
    dh_jset(&j, root, "dheapsim_version", dh_jstr(DH_VERSION));
    dh_jset(&j, root, "value", dh_jstr(value));
    dh_jset(&j, root, "os", p != NULL ? json_string(p->id) : json_null());
    dh_jset(&j, root, "safe",
        json_boolean(c->nproblems == 0 && c->more == 0));
    json_t *list = json_array();
    for (size_t i = 0; i < c->nproblems; i++)
        dh_jpush(&j, list, dh_jstr(c->problems[i]));
    dh_jset(&j, root, "problems", list);
    dh_jset(&j, root, "more_problems", dh_ju64(c->more));
    dh_jset(&j, root, "only_shared_section", json_boolean(c->bare));
    dh_jset(&j, root, "tokens_match",
        p == NULL && !c->bare ? dh_jstr(matching) : json_null());
    return dh_json_take(root, j.oom, out);
}

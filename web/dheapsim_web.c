/*
 * dheapsim_web.c — the JSON edge of the browser page: the same model and
 * reporters as the CLI, compiled to WebAssembly (make web). One call takes
 * a request as JSON and returns the answer as JSON; no rule lives here.
 *
 * Request: {"cmd": "run"|"capacity"|"profiles"|"import", "scenario": TEXT,
 *   "file": NAME, "os": ID, "shared_section": "a,b,c",
 *   "session_view_size": MB|"absent", "boot_3gb": true|false,
 *   "grow": LABEL, "stop_after": N, "cost_end": "typical"|"low"|"high",
 *   "empty": bool, "table": TEXT}  (all but cmd optional)
 * Answer: {"ok": true, ...} or {"ok": false, "error": MESSAGE,
 *   "exit": 2 (bad input, as the CLI's exit status) or 1}.
 *   run: "report" (the `run --format json` report) and "explain" (the
 *   `explain` text); capacity: "capacity" (`capacity --format json`);
 *   profiles: "profiles" (`profiles --format json`); import: "scenario"
 *   (the text `import` writes) and "guess".
 */
#include "dheapsim.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
#define DHW_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define DHW_EXPORT
#endif

/* The answer's text (malloc'd), the object consumed. */
static char *answer(json_t *o)
{
    char *t = o != NULL ? json_dumps(o, JSON_INDENT(0) | JSON_COMPACT) : NULL;
    json_decref(o);
    return t != NULL ? t : dh_strdup("{\"ok\": false, \"error\": \"out of "
                                  "memory\", \"exit\": 1}");
}

static char *fail(const dh_error *err)
{
    char buf[1200];
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_false());
    json_object_set_new(o, "error",
                        dh_jstr(dh_error_format(err, buf, sizeof buf)));
    json_object_set_new(o, "exit", json_integer(
        err->status == DH_EINPUT || err->status == DH_ELIMIT ? 2 : 1));
    return answer(o);
}

static char *fail_text(const char *what)
{
    dh_error err;
    dh_error_clear(&err);
    dh_error_set(&err, DH_EINPUT, "%s", what);
    return fail(&err);
}

/* A reporter's JSON text as a member of the answer. */
static bool put_json(json_t *o, const char *key, char *text)
{
    json_error_t je;
    json_t *v = text != NULL ? json_loads(text, 0, &je) : NULL;
    free(text);
    if (v == NULL)
        return false;
    json_object_set_new(o, key, v);
    return true;
}

static const char *str_of(json_t *req, const char *key)
{
    json_t *v = json_object_get(req, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The run options of the request, as the CLI's options set them. */
static bool options_of(json_t *req, dh_run_options *o, char *why, size_t n)
{
    memset(o, 0, sizeof *o);
    o->os = str_of(req, "os");
    if (o->os != NULL && dh_profile_find(o->os) == NULL) {
        snprintf(why, n, "unknown OS profile '%s'", o->os);
        return false;
    }
    o->shared_section = str_of(req, "shared_section");
    json_t *svs = json_object_get(req, "session_view_size");
    if (json_is_string(svs) && strcmp(json_string_value(svs), "absent") == 0) {
        o->svs_given = true;
        o->svs = DH_SVS_ABSENT;
    } else if (json_is_integer(svs)) {
        json_int_t mb = json_integer_value(svs);
        if (mb < 1 || mb > 1048576) {
            snprintf(why, n, "SessionViewSize must be 1 to 1048576 MB");
            return false;
        }
        o->svs_given = true;
        o->svs = DH_SVS_SET;
        o->svs_mb = (uint32_t)mb;
    } else if (svs != NULL && !json_is_null(svs)) {
        snprintf(why, n, "session_view_size: a size in MB or \"absent\"");
        return false;
    }
    json_t *b3 = json_object_get(req, "boot_3gb");
    if (json_is_boolean(b3)) {
        o->boot_3gb_given = true;
        o->boot_3gb = json_is_true(b3);
    }
    o->grow_label = str_of(req, "grow");
    json_t *sa = json_object_get(req, "stop_after");
    if (json_is_integer(sa) && json_integer_value(sa) > 0)
        o->stop_after_applied = (uint64_t)json_integer_value(sa);
    const char *ce = str_of(req, "cost_end");
    if (ce != NULL) {
        if (strcmp(ce, "low") == 0)
            o->cost_end = DH_COST_LOW;
        else if (strcmp(ce, "high") == 0)
            o->cost_end = DH_COST_HIGH;
        else if (strcmp(ce, "typical") != 0) {
            snprintf(why, n, "cost_end: typical, low or high");
            return false;
        }
        o->cost_end_given = true;
    }
    o->empty = json_is_true(json_object_get(req, "empty"));
    return true;
}

static char *cmd_run(json_t *req, const dh_scenario *sc, bool capacity)
{
    dh_run_options o;
    char why[128];
    if (!options_of(req, &o, why, sizeof why))
        return fail_text(why);
    if (capacity && o.grow_label == NULL)
        return fail_text("capacity needs \"grow\": the label of the step to "
                         "repeat");
    dh_error err;
    dh_error_clear(&err);
    dh_result *r = NULL;
    dh_capacity cap;
    dh_status st = capacity ? dh_capacity_run(sc, &o, &r, &cap, &err)
                            : dh_run(sc, &o, &r, &err);
    if (st != DH_OK)
        return fail(&err);
    json_t *a = json_object();
    json_object_set_new(a, "ok", json_true());
    char *text = NULL;
    bool ok;
    if (capacity) {
        ok = dh_report_capacity_json(r, &cap, &text) == DH_OK &&
             put_json(a, "capacity", text);
    } else {
        ok = dh_report_json(r, &text) == DH_OK && put_json(a, "report", text);
        text = NULL;
        if (ok && dh_report_explain(r, 0, &text, &err) == DH_OK)
            json_object_set_new(a, "explain", dh_jstr(text));
        free(text);
    }
    dh_result_free(r);
    if (!ok) {
        json_decref(a);
        dh_error_set(&err, DH_ENOMEM, "out of memory while reporting");
        return fail(&err);
    }
    return answer(a);
}

static char *cmd_import(json_t *req)
{
    const char *table = str_of(req, "table");
    if (table == NULL)
        return fail_text("import needs \"table\": a dheapmon or !dskheap "
                         "table");
    const char *os = str_of(req, "os");
    if (os != NULL && dh_profile_find(os) == NULL)
        return fail_text("unknown OS profile");
    dh_error err;
    dh_error_clear(&err);
    dh_obs_table t;
    dh_import_guess g;
    char *json = NULL;
    memset(&t, 0, sizeof t);
    char *out = NULL;
    if (dh_obs_table_parse(table, strlen(table), "(pasted table)", &t, &err)
            != DH_OK ||
        dh_import_scenario(&t, "(pasted table)", NULL, NULL, os, &g, &json,
                           &err) != DH_OK) {
        out = fail(&err);
    } else {
        json_t *a = json_object();
        json_object_set_new(a, "ok", json_true());
        json_object_set_new(a, "scenario", dh_jstr(json));
        json_object_set_new(a, "guess", dh_jstr(g.why));
        out = answer(a);
    }
    free(json);
    dh_obs_table_free(&t);
    return out;
}

DHW_EXPORT char *dhw_call(const char *request)
{
    json_error_t je;
    json_t *req = json_loads(request != NULL ? request : "", 0, &je);
    if (!json_is_object(req)) {
        json_decref(req);
        return fail_text("the request is not a JSON object");
    }
    const char *cmd = str_of(req, "cmd");
    char *out = NULL;
    if (cmd != NULL && strcmp(cmd, "profiles") == 0) {
        char *text = NULL;
        json_t *a = json_object();
        json_object_set_new(a, "ok", json_true());
        if (dh_report_profiles_json(&text) == DH_OK &&
            put_json(a, "profiles", text))
            out = answer(a);
        else {
            json_decref(a);
            out = fail_text("out of memory");
        }
    } else if (cmd != NULL && strcmp(cmd, "import") == 0) {
        out = cmd_import(req);
    } else if (cmd != NULL && (strcmp(cmd, "run") == 0 ||
                               strcmp(cmd, "capacity") == 0)) {
        const char *text = str_of(req, "scenario");
        const char *file = str_of(req, "file");
        dh_scenario *sc = NULL;
        dh_error err;
        dh_error_clear(&err);
        if (text == NULL)
            out = fail_text("needs \"scenario\": the scenario's JSON text");
        else if (dh_scenario_load_buffer(text, strlen(text),
                                         file != NULL ? file : "(pasted)",
                                         &sc, &err) != DH_OK)
            out = fail(&err);
        else
            out = cmd_run(req, sc, strcmp(cmd, "capacity") == 0);
        dh_scenario_free(sc);
    } else {
        out = fail_text("cmd must be run, capacity, profiles or import");
    }
    json_decref(req);
    return out;
}

DHW_EXPORT void dhw_free(char *p)
{
    free(p);
}

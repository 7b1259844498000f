/*
 * scenario.c — the JSON edge: loads a scenario with jansson, checks every
 * key and type (a typo never passes silently), and yields typed steps.
 * Errors name the file, the JSON path and the line (dh_json_path_line).
 */
#include "scenario_json.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ file */

dh_status dh_scenario_load_file(const char *file, dh_scenario **out,
                                dh_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    dh_status st = dh_read_input(file, DH_MAX_INPUT_BYTES, &buf, &len, err);
    if (st != DH_OK)
        return st;
    st = dh_scenario_load_buffer(buf, len, file, out, err);
    free(buf);
    return st;
}

/* Line and column (1-based) of byte at in text. */
static void place_of(const char *text, const char *at, int *line, int *col)
{
    size_t l = 1, c = 1;
    for (const char *p = text; p < at; p++, c++)
        if (*p == '\n')
            l++, c = 0;
    *line = l > INT_MAX ? 0 : (int)l;
    *col = c > INT_MAX ? 0 : (int)c;
}

dh_status dh_scenario_load_buffer(const char *buf, size_t len,
                                  const char *file, dh_scenario **out,
                                  dh_error *err)
{
    json_error_t je;
    *out = NULL;
    if (file == NULL)
        file = "<input>";
    bool bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
    const char *nul = len == 0 ? NULL : memchr(buf, '\0', len);
    if (len == 0 || bom || nul != NULL) {
        bool first = err != NULL && err->status == DH_OK;
        dh_error_set(err, DH_EINPUT, len == 0 ? "empty file"
                     : bom ? "starts with a UTF-8 byte order mark; save it "
                             "as UTF-8 without BOM (RFC 8259 section 8.1)"
                           : "NUL byte in file: not JSON text");
        if (first) {
            snprintf(err->file, sizeof err->file, "%s", file);
            if (len > 0)
                place_of(buf, bom ? buf : nul, &err->line, &err->column);
        }
        return DH_EINPUT;
    }
    /* A lone CR (old Mac line ends) counts as a line end: jansson and the
     * path lines count LF only, so it becomes LF in a copy. Both are JSON
     * white space, and a raw CR inside a string is invalid either way. */
    const char *cr = memchr(buf, '\r', len);
    while (cr != NULL && (size_t)(cr - buf) + 1 < len && cr[1] == '\n')
        cr = memchr(cr + 2, '\r', len - (size_t)(cr + 2 - buf));
    if (cr != NULL) {
        char *copy = malloc(len);
        if (copy == NULL)
            return dh_error_set(err, DH_ENOMEM, "out of memory");
        memcpy(copy, buf, len);
        for (size_t i = 0; i < len; i++)
            if (copy[i] == '\r' && (i + 1 == len || copy[i + 1] != '\n'))
                copy[i] = '\n';
        dh_status st = dh_scenario_load_buffer(copy, len, file, out, err);
        free(copy);
        return st;
    }
    dh_json_shape_t shape;
    dh_json_shape(buf, len, &shape);
    if (shape.over != NULL) {
        dh_error_set(err, DH_ELIMIT, "more than %llu %s: the model's limit "
                     "for one scenario file (README: Hardening)",
                     (unsigned long long)shape.limit, shape.over);
        if (err != NULL) {
            snprintf(err->file, sizeof err->file, "%s", file);
            place_of(buf, buf + shape.at, &err->line, &err->column);
        }
        return DH_ELIMIT;
    }
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL && json_error_code(&je) == json_error_out_of_memory) {
        dh_error_set(err, DH_ENOMEM, "out of memory while reading the JSON "
                     "text (%llu values)", (unsigned long long)shape.values);
        if (err != NULL)
            snprintf(err->file, sizeof err->file, "%s", file);
        return DH_ENOMEM;
    }
    if (root == NULL) {
        dh_error_set(err, DH_EINPUT, "invalid JSON: %s",
                     je.text[0] != '\0' ? je.text : "(no reason given)");
        if (err != NULL) {
            snprintf(err->file, sizeof err->file, "%s", file);
            err->line = je.line > 0 ? je.line : 0;
            err->column = je.column > 0 ? je.column : 0;
        }
        return DH_EINPUT;
    }
    dh_loader L = {.file = file, .text = buf, .len = len, .err = err};
    dh_scenario *sc = calloc(1, sizeof *sc);
    dh_status st = sc ? DH_OK : dh_ld_error(&L, "$", DH_ENOMEM, "out of memory");
    if (st == DH_OK && (sc->file = strdup(file)) == NULL)
        st = dh_ld_error(&L, "$", DH_ENOMEM, "out of memory");
    if (st == DH_OK)
        st = dh_ld_scenario(&L, root, sc);
    json_decref(root);
    if (st != DH_OK) {
        dh_scenario_free(sc);
        return st;
    }
    *out = sc;
    return DH_OK;
}

static void free_step(dh_step *s)
{
    for (size_t i = 0; i < s->nmembers; i++)
        free_step(&s->members[i]);
    free(s->members);
    free(s->label);
    free(s->name);
    free(s->station);
    free(s->desktop);
    free(s->parent);
    free(s->process);
    free(s->account_name);
    free(s->cost_from);
    free(s->objects);
}

void dh_scenario_free(dh_scenario *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->nsteps; i++)
        free_step(&s->steps[i]);
    free(s->steps);
    free(s->sessions);
    free(s->file);
    free(s->name);
    free(s->source);
    free(s->description);
    free(s->os);
    free(s->shared_section);
    free(s);
}

size_t dh_scenario_find_label(const dh_scenario *sc, const char *label)
{
    for (size_t i = 0; label != NULL && i < sc->nsteps; i++)
        if (sc->steps[i].label != NULL &&
            strcmp(sc->steps[i].label, label) == 0)
            return i + 1;
    return 0;
}

static bool step_ranged(const dh_step *s)
{
    bool costed = s->kind == DH_STEP_START_PROCESS ||
                  s->kind == DH_STEP_START_SERVICE ||
                  s->kind == DH_STEP_START_APP_POOL ||
                  s->kind == DH_STEP_START_TASK;
    if (costed && s->proc_kind == DH_KIND_CATALOGUE)
        return true;
    if (costed && s->proc_kind == DH_KIND_RAW && s->cost_ranged)
        return true;
    if (costed && s->proc_kind == DH_KIND_CONSOLE &&
        s->kind != DH_STEP_START_SERVICE)
        return true;
    for (size_t i = 0; i < s->nmembers; i++)
        if (step_ranged(&s->members[i]))
            return true;
    return false;
}

bool dh_scenario_has_ranges(const dh_scenario *sc)
{
    if (sc->assume.start_load) /* the starting load has a range */
        return true;
    for (size_t i = 0; i < sc->nsteps; i++)
        if (step_ranged(&sc->steps[i]))
            return true;
    return false;
}

bool dh_scenario_has_ranges_besides_load(const dh_scenario *sc)
{
    for (size_t i = 0; i < sc->nsteps; i++)
        if (step_ranged(&sc->steps[i]))
            return true;
    return false;
}

/*
 * scenario_fields.c — the scenario format itself: which keys each part of a
 * scenario may have, their types and ranges, and how a step's JSON becomes a
 * typed dh_step. scenarios/scenario.schema describes the same format.
 */
#include "scenario_json.h"
#include "jsonpos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SESSION_ID 0x7FFFFFFFull

/* ------------------------------------------------------------ steps */

typedef struct {
    dh_step_kind kind;
    uint32_t keys;            /* DH_SK_BIT()s beyond the common ones */
    const char *required[4];
} step_schema;

#define B(k) DH_SK_BIT(DH_SK_##k)
#define COST (B(KIND) | B(COST_KB) | B(COST_BYTES) | B(OBJECTS) | B(GDI))
#define WINDOW (B(BYTES_EACH) | B(EXTRA) | B(TITLE) | B(PROPS) | B(GDI))

static const step_schema schemas[] = {
    {DH_STEP_LOGON_SESSION, B(SESSION), {"session"}},
    {DH_STEP_LOGOFF_SESSION, B(SESSION), {"session"}},
    {DH_STEP_START_SERVICE,
     B(NAME) | B(ACCOUNT) | B(INTERACT) | B(LUID) | COST,
     {"name", "account"}},
    {DH_STEP_STOP_SERVICE, B(NAME), {"name"}},
    {DH_STEP_START_PROCESS,
     B(NAME) | B(SESSION) | B(PARENT) | B(DESKTOP) | B(CONSOLE) | COST,
     {"name"}},
    {DH_STEP_START_TASK, B(NAME) | B(CONSOLE) | COST, {"name"}},
    {DH_STEP_STOP_PROCESS, B(NAME), {"name"}},
    {DH_STEP_CREATE_WINDOWS, B(PROCESS) | WINDOW,
     {"process"}},
    {DH_STEP_DESTROY_WINDOWS, B(PROCESS) | B(WHICH),
     {"process"}},
    {DH_STEP_CREATE_OBJECTS, B(PROCESS) | B(OBJECTS),
     {"process", "objects"}},
    {DH_STEP_CHURN_WINDOWS, B(PROCESS) | WINDOW | B(LEAK),
     {"process"}},
    {DH_STEP_CREATE_DESKTOP,
     B(SESSION) | B(STATION) | B(NAME) | B(HEAP_KB), {"station", "name"}},
    {DH_STEP_CLOSE_DESKTOP,
     B(SESSION) | B(STATION) | B(NAME), {"station", "name"}},
    {DH_STEP_CHARGE,
     B(SESSION) | B(DESKTOP) | B(KB) | B(BYTES) | B(USED_PCT),
     {"desktop"}},
    {DH_STEP_SNAPSHOT, 0, {NULL}},
    {DH_STEP_UNIT, B(STEPS), {"steps"}},
    {DH_STEP_START_APP_POOL, B(NAME) | B(ACCOUNT) | COST, {"name", "account"}},
};

static const uint32_t common_keys = B(ACTION) | B(LABEL) | B(COUNT_) |
                                    B(REPEAT) | B(COMMENT);

/* A step's members, in the object's order and by key number. */
typedef struct {
    const char *key[DH_SK_COUNT];
    json_t *val[DH_SK_COUNT];
    int id[DH_SK_COUNT];
    size_t n;
    json_t *by[DH_SK_COUNT];  /* NULL: the step has no such key */
} step_members;

static const step_schema *find_schema(const char *action)
{
    dh_step_kind k;
    if (!dh_step_kind_find(action, &k))
        return NULL;
    for (size_t i = 0; i < sizeof schemas / sizeof schemas[0]; i++)
        if (schemas[i].kind == k)
            return &schemas[i];
    return NULL;
}
/* Every key allowed (the first one that is not is the error), then the
 * required ones; m gets the members. */
static dh_status check_step_keys(dh_loader *L, const char *path, json_t *o,
                                 const step_schema *s, step_members *m)
{
    const char *key;
    json_t *v;
    char p[DH_LD_PATH];
    memset(m->by, 0, sizeof m->by);
    m->n = 0;
    json_object_foreach(o, key, v) {
        int id = dh_ld_step_key(key);
        if (id < 0 || !((common_keys | s->keys) & DH_SK_BIT(id))) {
            dh_ld_path(p, sizeof p, path, key);
            return dh_ld_error(L, p, DH_EINPUT, "unknown key '%s' for "
                               "action %s", key, dh_step_kind_name(s->kind));
        }
        m->key[m->n] = key, m->val[m->n] = v, m->id[m->n] = id, m->n++;
        m->by[id] = v;
    }
    for (size_t i = 0; i < 4 && s->required[i] != NULL; i++)
        if (m->by[dh_ld_step_key(s->required[i])] == NULL)
            return dh_ld_error(L, path, DH_EINPUT, "action %s needs '%s'",
                               dh_step_kind_name(s->kind), s->required[i]);
    return DH_OK;
}

/* A name for a window station or desktop: no backslash. */
static dh_status object_name(dh_loader *L, const char *path, json_t *v,
                             char **out)
{
    dh_status st = dh_ld_string(L, path, v, DH_NAME_MAX, out);
    if (st == DH_OK && strchr(*out, '\\') != NULL)
        return dh_ld_error(L, path, DH_EINPUT, "'%s' must not contain a "
                           "backslash", *out);
    return st;
}

/* "Station\\Desktop": exactly one backslash, both parts non-empty. */
static dh_status desktop_path(dh_loader *L, const char *path, json_t *v,
                              char **out)
{
    dh_status st = dh_ld_string(L, path, v, 2 * DH_NAME_MAX + 1, out);
    if (st != DH_OK)
        return st;
    const char *bs = strchr(*out, '\\');
    if (bs == NULL || bs == *out || bs[1] == '\0' || strchr(bs + 1, '\\'))
        return dh_ld_error(L, path, DH_EINPUT, "'%s' is not of the form "
                           "Station\\Desktop", *out);
    return DH_OK;
}

static dh_status account(dh_loader *L, const char *path, json_t *v,
                         dh_step *s)
{
    static const struct { const char *name; dh_account a; } known[] = {
        {"LocalSystem", DH_ACCOUNT_LOCALSYSTEM},
        {"NT AUTHORITY\\SYSTEM", DH_ACCOUNT_LOCALSYSTEM},
        {"NetworkService", DH_ACCOUNT_NETWORKSERVICE},
        {"NT AUTHORITY\\NetworkService", DH_ACCOUNT_NETWORKSERVICE},
        {"LocalService", DH_ACCOUNT_LOCALSERVICE},
        {"NT AUTHORITY\\LocalService", DH_ACCOUNT_LOCALSERVICE},
    };
    dh_status st = dh_ld_string(L, path, v, DH_NAME_MAX, &s->account_name);
    if (st != DH_OK)
        return st;
    s->account = DH_ACCOUNT_USER;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcasecmp(known[i].name, s->account_name) == 0)
            s->account = known[i].a;
    return DH_OK;
}

static dh_status luid(dh_loader *L, const char *path, json_t *v, dh_step *s)
{
    if (json_is_integer(v))
        return dh_ld_uint(L, path, v, 1, 0xFFFFFFFFull, &s->luid);
    if (!json_is_string(v))
        return dh_ld_type(L, path, v, "an integer or a \"0x...\" string");
    const char *t = json_string_value(v);
    char *end = NULL;
    unsigned long long u = 0;
    bool hex = strncasecmp(t, "0x", 2) == 0 && t[2] != '\0' &&
               strspn(t + 2, "0123456789abcdefABCDEF") == strlen(t + 2) &&
               strlen(t + 2) <= 8;
    if (hex)
        u = strtoull(t + 2, &end, 16);
    if (!hex || u == 0)
        return dh_ld_error(L, path, DH_EINPUT, "'%s' is not a LUID such as "
                           "\"0x22e1\" (1 to 0xffffffff)", t);
    s->luid = u;
    return DH_OK;
}

/* cost_kb / cost_bytes as {"low": a, "typical": b, "high": c}: a cost
 * with a range (low <= typical <= high), as calibrate writes it. */
static dh_status ranged_cost(dh_loader *L, const char *path, json_t *o,
                             bool kb, dh_step *s)
{
    static const char *const keys[3] = {"low", "typical", "high"};
    uint64_t v[3];
    const char *key;
    json_t *x;
    char p[DH_LD_PATH];
    json_object_foreach(o, key, x) {
        if (strcmp(key, "low") != 0 && strcmp(key, "typical") != 0 &&
            strcmp(key, "high") != 0 && strcmp(key, "comment") != 0) {
            dh_ld_path(p, sizeof p, path, key);
            return dh_ld_error(L, p, DH_EINPUT, "unknown key '%s' (a ranged "
                               "cost has low, typical and high)", key);
        }
    }
    for (int i = 0; i < 3; i++) {
        dh_ld_path(p, sizeof p, path, keys[i]);
        x = json_object_get(o, keys[i]);
        if (x == NULL)
            return dh_ld_error(L, path, DH_EINPUT, "a ranged cost needs "
                               "'%s'", keys[i]);
        dh_status st = kb ? dh_ld_kb(L, p, x, &v[i])
                          : dh_ld_uint(L, p, x, 0, DH_MAX_BYTES, &v[i]);
        if (st != DH_OK)
            return st;
    }
    if (v[0] > v[1] || v[1] > v[2])
        return dh_ld_error(L, path, DH_EINPUT, "a ranged cost needs low <= "
                           "typical <= high");
    s->cost_low = v[0], s->cost_bytes = v[1], s->cost_high = v[2];
    s->cost_ranged = true;
    return DH_OK;
}

/* kind / cost_kb / cost_bytes / objects: at most one; default console. */
static dh_status cost(dh_loader *L, const char *path, json_t *const *by,
                      dh_step *s, const dh_assumptions *a)
{
    json_t *k = by[DH_SK_KIND], *kb = by[DH_SK_COST_KB];
    json_t *b = by[DH_SK_COST_BYTES];
    json_t *ol = by[DH_SK_OBJECTS];
    char p[DH_LD_PATH];
    dh_status st = DH_OK;
    (void)a;
    if ((k != NULL) + (kb != NULL) + (b != NULL) + (ol != NULL) > 1)
        return dh_ld_error(L, path, DH_EINPUT, "give at most one of kind, "
                           "cost_kb, cost_bytes, objects");
    s->uses_user32 = true;
    s->proc_kind = DH_KIND_CONSOLE;
    const char *from = "preset console (default)";
    if (k != NULL) {
        dh_ld_path(p, sizeof p, path, "kind");
        const char *t = json_is_string(k) ? json_string_value(k) : NULL;
        if (t == NULL)
            return dh_ld_type(L, p, k, "a string");
        static const dh_proc_kind kinds[] = {DH_KIND_NONE, DH_KIND_CONSOLE,
            DH_KIND_GUI, DH_KIND_SERVICE, DH_KIND_BROWSER_TAB};
        bool found = false;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (strcmp(t, dh_proc_kind_name(kinds[i])) == 0)
                s->proc_kind = kinds[i], found = true;
        int cat = found ? -1 : dh_catalogue_find(t);
        if (cat >= 0) {
            s->proc_kind = DH_KIND_CATALOGUE;
            s->catalogue = cat;
            found = true;
        }
        if (!found) {
            char list[512];
            size_t n = 0, nk = dh_catalogue_count();
            list[0] = '\0';
            for (size_t i = 0; i < nk && n < sizeof list; i++)
                n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
                                      i + 1 == nk ? " or " : ", ",
                                      dh_catalogue_at(i)->name);
            return dh_ld_error(L, p, DH_EINPUT, "unknown kind '%s' (none, "
                               "console, gui, service, browser-tab%s): see "
                               "'dheapsim kinds'", t, list);
        }
        from = s->proc_kind == DH_KIND_CATALOGUE ? "catalogue"
               : s->proc_kind == DH_KIND_NONE ? "preset none (no user32)"
               : s->proc_kind == DH_KIND_CONSOLE ? "preset console"
               : s->proc_kind == DH_KIND_GUI ? "preset gui"
               : s->proc_kind == DH_KIND_SERVICE ? "preset service"
                                                 : "preset browser-tab";
        s->uses_user32 = s->proc_kind != DH_KIND_NONE;
    } else if (kb != NULL) {
        dh_ld_path(p, sizeof p, path, "cost_kb");
        st = json_is_object(kb) ? ranged_cost(L, p, kb, true, s)
                                : dh_ld_kb(L, p, kb, &s->cost_bytes);
        s->proc_kind = DH_KIND_RAW, from = "cost_kb";
    } else if (b != NULL) {
        dh_ld_path(p, sizeof p, path, "cost_bytes");
        st = json_is_object(b) ? ranged_cost(L, p, b, false, s)
                               : dh_ld_uint(L, p, b, 0, DH_MAX_BYTES,
                                            &s->cost_bytes);
        s->proc_kind = DH_KIND_RAW, from = "cost_bytes";
    } else if (ol != NULL) {
        s->proc_kind = DH_KIND_OBJECTS, from = "objects";
    }
    char cat_from[64];
    if (s->proc_kind == DH_KIND_CATALOGUE) {
        snprintf(cat_from, sizeof cat_from, "catalogue %s",
                 dh_catalogue_at((size_t)s->catalogue)->name);
        from = cat_from;
    }
    s->cost_from = strdup(from);
    if (st == DH_OK && s->cost_from == NULL)
        st = dh_ld_error(L, path, DH_ENOMEM, "out of memory");
    return st;
}

/* A Used Rate in percent, 0 to 100, kept as thousandths of a percent so
 * that one-decimal dheapmon rates are exact. */
static dh_status used_pct(dh_loader *L, const char *p, json_t *v, dh_step *s)
{
    if (!json_is_number(v))
        return dh_ld_type(L, p, v, "a percentage (0 to 100)");
    double d = json_number_value(v);
    if (!(d >= 0.0 && d <= 100.0))
        return dh_ld_error(L, p, DH_EINPUT, "a Used Rate is from 0 to 100 %%");
    s->used_pct_milli = (uint64_t)(d * 1000.0 + 0.5);
    s->used_pct_given = true;
    return DH_OK;
}

/* destroy_windows: which live windows go. */
static dh_status which(dh_loader *L, const char *p, json_t *v, dh_step *s)
{
    static const char *const names[] = {"newest", "oldest", "every_other"};
    const char *t = json_is_string(v) ? json_string_value(v) : NULL;
    if (t == NULL)
        return dh_ld_type(L, p, v, "a string");
    for (int i = 0; i < 3; i++)
        if (strcmp(t, names[i]) == 0) {
            s->which = i;
            return DH_OK;
        }
    return dh_ld_error(L, p, DH_EINPUT, "unknown which '%s' (newest, oldest "
                       "or every_other)", t);
}

static dh_status object_type(dh_loader *L, const char *p, json_t *v,
                             dh_obj_type *t)
{
    const char *n = json_is_string(v) ? json_string_value(v) : NULL;
    if (n == NULL)
        return dh_ld_type(L, p, v, "a string (an object type)");
    for (int i = 0; i < DH_OBJ_TYPE_COUNT; i++)
        if (i != DH_OBJ_DESKTOPINFO && strcmp(n, dh_obj_type_name(i)) == 0) {
            *t = (dh_obj_type)i;
            return DH_OK;
        }
    return dh_ld_error(L, p, DH_EINPUT, "unknown object type '%s' (window, "
                       "title, property, class, menu, menu_items, hook, "
                       "threadinfo, imc, callproc or opaque)", n);
}

/* One line of an objects list: {"type", "count", "extra", "chars",
 * "props", "bytes"}. */
static dh_status object_line(dh_loader *L, const char *path, json_t *o,
                             dh_obj_spec *l)
{
    static const char *const keys[] = {"type", "count", "extra", "chars",
                                       "props", "bytes", "comment", NULL};
    char p[DH_LD_PATH];
    if (!json_is_object(o))
        return dh_ld_type(L, path, o, "an object (an object line)");
    dh_status st = dh_ld_keys(L, path, o, keys);
    json_t *v;
    l->count = 1;
    dh_ld_path(p, sizeof p, path, "type");
    if (st == DH_OK && (v = json_object_get(o, "type")) == NULL)
        st = dh_ld_error(L, path, DH_EINPUT, "object line has no 'type'");
    if (st == DH_OK)
        st = object_type(L, p, v, &l->type);
    struct { const char *k; uint64_t min, max; uint64_t *dst; } f[] = {
        {"count", 1, DH_MAX_OBJECT_COUNT, &l->count},
        {"extra", 0, 65536, &l->extra},
        {"chars", 0, 65535, &l->chars},
        {"props", 0, DH_MAX_PROPS, &l->props},
        {"bytes", 1, DH_MAX_BYTES, &l->bytes},
    };
    for (size_t i = 0; st == DH_OK && i < sizeof f / sizeof f[0]; i++)
        if ((v = json_object_get(o, f[i].k)) != NULL) {
            dh_ld_path(p, sizeof p, path, f[i].k);
            st = dh_ld_uint(L, p, v, f[i].min, f[i].max, f[i].dst);
        }
    if (st == DH_OK && (l->type == DH_OBJ_OPAQUE) != (l->bytes != 0))
        st = dh_ld_error(L, path, DH_EINPUT, "'bytes' goes with type opaque, "
                         "and opaque needs it");
    return st;
}

static dh_status object_list(dh_loader *L, const char *path, json_t *v,
                             dh_step *s)
{
    char p[DH_LD_PATH];
    if (!json_is_array(v) || json_array_size(v) == 0)
        return dh_ld_type(L, path, v, "a non-empty array of object lines");
    if (json_array_size(v) > DH_MAX_OBJECT_LINES)
        return dh_ld_error(L, path, DH_ELIMIT, "at most %u object lines",
                           DH_MAX_OBJECT_LINES);
    s->objects = calloc(json_array_size(v), sizeof *s->objects);
    if (s->objects == NULL)
        return dh_ld_error(L, path, DH_ENOMEM, "out of memory");
    s->nobjects = json_array_size(v);
    for (size_t i = 0; i < s->nobjects; i++) {
        if (snprintf(p, sizeof p, "%.140s[%zu]", path, i) < 0)
            p[0] = '\0';
        dh_status st = object_line(L, p, json_array_get(v, i), &s->objects[i]);
        if (st != DH_OK)
            return st;
    }
    return DH_OK;
}

/* start_process / start_task "console": how it gets a console. */
static dh_status console_mode(dh_loader *L, const char *p, json_t *v,
                              dh_step *s)
{
    static const dh_console_mode modes[] = {
        DH_CONSOLE_AUTO, DH_CONSOLE_NEW, DH_CONSOLE_INHERIT,
        DH_CONSOLE_DETACHED, DH_CONSOLE_NO_WINDOW};
    if (!json_is_string(v))
        return dh_ld_type(L, p, v, "a string");
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcmp(json_string_value(v), dh_console_mode_name(modes[i])) == 0) {
            s->console = modes[i];
            return DH_OK;
        }
    return dh_ld_error(L, p, DH_EINPUT, "unknown console '%s' (auto, new, "
                       "inherit, detached or no_window)",
                       json_string_value(v));
}

/* Names and strings of a step. */
static dh_status text_field(dh_loader *L, const char *p, int id, json_t *v,
                            dh_step *s)
{
    switch (id) {
    case DH_SK_LABEL:
        return dh_ld_string(L, p, v, DH_NAME_MAX, &s->label);
    case DH_SK_NAME:
        return s->kind == DH_STEP_CREATE_DESKTOP ||
                       s->kind == DH_STEP_CLOSE_DESKTOP
                   ? object_name(L, p, v, &s->name)
                   : dh_ld_string(L, p, v, DH_NAME_MAX, &s->name);
    case DH_SK_STATION: return object_name(L, p, v, &s->station);
    case DH_SK_DESKTOP: return desktop_path(L, p, v, &s->desktop);
    case DH_SK_PARENT:
        return dh_ld_string(L, p, v, DH_NAME_MAX, &s->parent);
    case DH_SK_PROCESS:
        return dh_ld_string(L, p, v, DH_NAME_MAX, &s->process);
    case DH_SK_ACCOUNT: return account(L, p, v, s);
    case DH_SK_LUID: return luid(L, p, v, s);
    case DH_SK_WHICH: return which(L, p, v, s);
    case DH_SK_OBJECTS: return object_list(L, p, v, s);
    case DH_SK_USED_PCT: return used_pct(L, p, v, s);
    case DH_SK_CONSOLE: return console_mode(L, p, v, s);
    case DH_SK_COMMENT:
        return json_is_string(v) ? DH_OK : dh_ld_type(L, p, v, "a string");
    }
    return DH_OK; /* action and the cost keys: read elsewhere */
}

/* Numbers and booleans of a step. */
static dh_status field(dh_loader *L, const char *p, int id, json_t *v,
                       dh_step *s)
{
    uint64_t u;
    dh_status st;
    switch (id) {
    case DH_SK_COUNT_:
        s->count_given = true;
        return dh_ld_uint(L, p, v, 1, DH_MAX_COUNT, &s->count);
    case DH_SK_REPEAT: return dh_ld_bool(L, p, v, &s->repeat_until_failure);
    case DH_SK_SESSION:
        st = dh_ld_uint(L, p, v, 0, MAX_SESSION_ID, &u);
        s->session = (uint32_t)u, s->session_given = true;
        return st;
    case DH_SK_INTERACT: return dh_ld_bool(L, p, v, &s->interact);
    case DH_SK_BYTES_EACH:
    case DH_SK_BYTES:
        s->bytes_given = true;
        return dh_ld_uint(L, p, v, 1, DH_MAX_BYTES, &s->bytes);
    case DH_SK_EXTRA: return dh_ld_uint(L, p, v, 0, 65536, &s->wnd_extra);
    case DH_SK_TITLE: return dh_ld_uint(L, p, v, 0, 65535, &s->title_chars);
    case DH_SK_PROPS: return dh_ld_uint(L, p, v, 0, DH_MAX_PROPS, &s->props);
    case DH_SK_GDI:
        return dh_ld_uint(L, p, v, 0, DH_GDI_QUOTA_MAX, &s->gdi_objects);
    case DH_SK_LEAK:
        return dh_ld_uint(L, p, v, 0, DH_MAX_BYTES, &s->leak_bytes);
    case DH_SK_KB: return dh_ld_kb(L, p, v, &s->bytes);
    case DH_SK_HEAP_KB:
        return dh_ld_uint(L, p, v, 1, DH_MAX_BYTES / DH_KB, &s->heap_kb);
    }
    return text_field(L, p, id, v, s);
}

/* Rules that tie several keys of one step together. */
static dh_status step_consistency(dh_loader *L, const char *path,
                                  const step_members *m, dh_step *s)
{
    if (s->kind == DH_STEP_START_SERVICE && s->interact &&
        s->account != DH_ACCOUNT_LOCALSYSTEM)
        return dh_ld_error(L, path, DH_EINPUT, "interact_with_desktop needs "
                           "account LocalSystem (seed: only LocalSystem "
                           "services may interact)");
    if (s->kind == DH_STEP_START_SERVICE && s->luid != 0 &&
        s->account != DH_ACCOUNT_USER)
        return dh_ld_error(L, path, DH_EINPUT, "logon_luid is only for user "
                           "accounts; %s has a fixed LUID", s->account_name);
    bool win = s->kind == DH_STEP_CREATE_WINDOWS ||
               s->kind == DH_STEP_CHURN_WINDOWS;
    if (win && s->bytes_given &&
        (m->by[DH_SK_EXTRA] || m->by[DH_SK_TITLE] || m->by[DH_SK_PROPS]))
        return dh_ld_error(L, path, DH_EINPUT, "bytes_each is a raw window "
                           "size; extra, title_chars and props describe a "
                           "catalogue window instead: give one or the other");
    if (s->kind == DH_STEP_START_PROCESS && s->parent && s->session_given)
        return dh_ld_error(L, path, DH_EINPUT, "give parent or session, not "
                           "both: a child runs in its parent's session");
    if (s->kind == DH_STEP_CHARGE &&
        (m->by[DH_SK_KB] != NULL) + (m->by[DH_SK_BYTES] != NULL) +
                (m->by[DH_SK_USED_PCT] != NULL) != 1)
        return dh_ld_error(L, path, DH_EINPUT, "charge needs exactly one of "
                           "kb, bytes and used_pct");
    if (s->kind == DH_STEP_CHARGE) {
        /* Split "Station\\Desktop" into station and name. */
        char *bs = strchr(s->desktop, '\\');
        s->station = dh_strndup(s->desktop, (size_t)(bs - s->desktop));
        s->name = strdup(bs + 1);
        if (s->station == NULL || s->name == NULL)
            return dh_ld_error(L, path, DH_ENOMEM, "out of memory");
    }
    return DH_OK;
}

static dh_status load_step(dh_loader *L, const char *path, json_t *o,
                           int line, dh_step *s, const dh_assumptions *a);

/* A unit's "steps": one level of members, none of them a unit or
 * repeating until failure (the unit is what repeats). */
static dh_status load_members(dh_loader *L, const char *path, json_t *arr,
                              dh_step *s, const dh_assumptions *a)
{
    char p[DH_LD_PATH];
    dh_ld_path(p, sizeof p, path, "steps");
    if (!json_is_array(arr))
        return dh_ld_type(L, p, arr, "an array of steps (the unit's "
                          "members)");
    size_t n = json_array_size(arr);
    if (n == 0)
        return dh_ld_error(L, p, DH_EINPUT, "a unit needs at least one "
                           "member step");
    if (n > DH_MAX_UNIT_MEMBERS)
        return dh_ld_error(L, p, DH_ELIMIT, "%zu member steps: more than "
                           "the limit of %u", n, DH_MAX_UNIT_MEMBERS);
    s->members = calloc(n, sizeof *s->members);
    int lines[DH_MAX_UNIT_MEMBERS];
    if (s->members == NULL)
        return dh_ld_error(L, p, DH_ENOMEM, "out of memory");
    dh_json_array_lines(L->text, L->len, p, lines, n);
    dh_status st = DH_OK;
    for (size_t i = 0; st == DH_OK && i < n; i++) {
        char mp[DH_LD_PATH + 24]; /* the path, "[", 20 digits, "]" */
        snprintf(mp, sizeof mp, "%.*s[%zu]", DH_LD_PATH, p, i);
        s->nmembers = i + 1;
        dh_step *m = &s->members[i];
        st = load_step(L, mp, json_array_get(arr, i),
                       lines[i] ? lines[i] : s->line, m, a);
        if (st == DH_OK && m->kind == DH_STEP_UNIT)
            st = dh_ld_error(L, mp, DH_EINPUT, "a unit cannot hold a unit "
                             "(one level of members)");
        if (st == DH_OK && m->repeat_until_failure)
            st = dh_ld_error(L, mp, DH_EINPUT, "a member cannot repeat "
                             "until failure: the unit does (give the unit "
                             "repeat_until_failure, the member a count)");
    }
    return st;
}

static dh_status load_step(dh_loader *L, const char *path, json_t *o,
                           int line, dh_step *s, const dh_assumptions *a)
{
    char p[DH_LD_PATH];
    if (!json_is_object(o))
        return dh_ld_type(L, path, o, "an object (a step)");
    json_t *act = json_object_get(o, "action");
    dh_ld_path(p, sizeof p, path, "action");
    if (act == NULL)
        return dh_ld_error(L, path, DH_EINPUT, "step has no 'action'");
    if (!json_is_string(act))
        return dh_ld_type(L, p, act, "a string");
    const step_schema *sch = find_schema(json_string_value(act));
    if (sch == NULL)
        return dh_ld_error(L, p, DH_EINPUT, "unknown action '%s'",
                           json_string_value(act));
    s->kind = sch->kind;
    s->count = 1;
    s->line = line;
    step_members m;
    dh_status st = check_step_keys(L, path, o, sch, &m);
    for (size_t i = 0; st == DH_OK && i < m.n; i++) {
        dh_ld_path(p, sizeof p, path, m.key[i]);
        st = field(L, p, m.id[i], m.val[i], s);
    }
    bool costed = s->kind == DH_STEP_START_SERVICE ||
                  s->kind == DH_STEP_START_APP_POOL ||
                  s->kind == DH_STEP_START_PROCESS ||
                  s->kind == DH_STEP_START_TASK;
    if (st == DH_OK && costed)
        st = cost(L, path, m.by, s, a);
    if (st == DH_OK)
        st = step_consistency(L, path, &m, s);
    if (st == DH_OK && s->kind == DH_STEP_UNIT)
        st = load_members(L, path, m.by[DH_SK_STEPS], s, a);
    return st;
}

/* "$.steps[i]" into p (at least 32 bytes), without snprintf: every step
 * comes here. */
static void step_path(char *p, size_t i)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + i % 10);
        i /= 10;
    } while (i > 0);
    memcpy(p, "$.steps[", 8);
    for (size_t k = 0; k < n; k++)
        p[8 + k] = digits[n - 1 - k];
    memcpy(p + 8 + n, "]", 2);
}

static dh_status load_steps(dh_loader *L, json_t *arr, dh_scenario *sc)
{
    if (!json_is_array(arr))
        return dh_ld_type(L, "$.steps", arr, "an array");
    size_t n = json_array_size(arr);
    if (n > DH_MAX_STEPS)
        return dh_ld_error(L, "$.steps", DH_ELIMIT, "%zu steps: more than the "
                           "limit of %u", n, DH_MAX_STEPS);
    sc->steps = calloc(n ? n : 1, sizeof *sc->steps);
    /* Every step's line in one pass over the text (one scan per step
     * would take time quadratic in the file). */
    int *lines = malloc((n ? n : 1) * sizeof *lines);
    if (sc->steps == NULL || lines == NULL) {
        free(lines);
        return dh_ld_error(L, "$.steps", DH_ENOMEM, "out of memory");
    }
    dh_json_array_lines(L->text, L->len, "$.steps", lines, n);
    dh_status st = DH_OK;
    for (size_t i = 0; st == DH_OK && i < n; i++) {
        char p[DH_LD_PATH];
        step_path(p, i);
        sc->nsteps = i + 1;
        st = load_step(L, p, json_array_get(arr, i), lines[i], &sc->steps[i],
                       &sc->assume);
    }
    free(lines);
    return st == DH_OK ? dh_ld_limits(L, sc) : st;
}

/* ------------------------------------------------------------ sections */

static dh_status load_registry(dh_loader *L, json_t *o, dh_scenario *sc)
{
    static const char *const keys[] = {"shared_section",
        "session_view_size_mb", "boot_3gb", "desktop_heap_logging", "comment",
        "use_shared_wp_desktop",
        "user_process_handle_quota", "gdi_process_handle_quota", NULL};
    if (!json_is_object(o))
        return dh_ld_type(L, "$.registry", o, "an object");
    dh_status st = dh_ld_keys(L, "$.registry", o, keys);
    json_t *v;
    if (st == DH_OK && (v = json_object_get(o, "shared_section")) != NULL) {
        st = dh_ld_string(L, "$.registry.shared_section", v,
                          DH_WINDOWS_VALUE_MAX,
                          &sc->shared_section);
        sc->registry.shared_section = sc->shared_section;
    }
    if (st == DH_OK && (v = json_object_get(o, "session_view_size_mb"))) {
        uint64_t mb = 0;
        if (json_is_null(v)) {
            sc->registry.svs = DH_SVS_ABSENT;
        } else {
            st = dh_ld_uint(L, "$.registry.session_view_size_mb", v, 1,
                            1048576, &mb);
            sc->registry.svs = DH_SVS_SET;
            sc->registry.svs_mb = (uint32_t)mb;
        }
    }
    if (st == DH_OK && (v = json_object_get(o, "boot_3gb")) != NULL)
        st = dh_ld_bool(L, "$.registry.boot_3gb", v, &sc->registry.boot_3gb);
    if (st == DH_OK && (v = json_object_get(o, "use_shared_wp_desktop")))
        st = dh_ld_bool(L, "$.registry.use_shared_wp_desktop", v,
                        &sc->registry.use_shared_wp_desktop);
    if (st == DH_OK && (v = json_object_get(o, "desktop_heap_logging")))
        st = dh_ld_bool(L, "$.registry.desktop_heap_logging", v,
                        &sc->registry.desktop_heap_logging);
    if (st == DH_OK && (v = json_object_get(o, "comment")) && !json_is_string(v))
        st = dh_ld_type(L, "$.registry.comment", v, "a string");
    uint64_t q;
    if (st == DH_OK && (v = json_object_get(o, "user_process_handle_quota"))) {
        st = dh_ld_uint(L, "$.registry.user_process_handle_quota", v,
                        DH_USER_QUOTA_MIN, DH_USER_QUOTA_MAX, &q);
        sc->registry.user_handle_quota = (uint32_t)q;
    }
    if (st == DH_OK && (v = json_object_get(o, "gdi_process_handle_quota"))) {
        st = dh_ld_uint(L, "$.registry.gdi_process_handle_quota", v,
                        DH_GDI_QUOTA_MIN, DH_GDI_QUOTA_MAX, &q);
        sc->registry.gdi_handle_quota = (uint32_t)q;
    }
    /* The registry string itself is checked here, so a bad one points at
     * the scenario line rather than failing later. */
    if (st == DH_OK && sc->shared_section != NULL) {
        dh_shared_section ss;
        dh_error e2;
        dh_error_clear(&e2);
        if (dh_shared_section_parse(sc->shared_section, 4096, &ss, &e2) != DH_OK)
            st = dh_ld_error(L, "$.registry.shared_section", DH_EINPUT,
                             "SharedSection: %s", e2.text);
    }
    return st;
}

static dh_status load_assumptions(dh_loader *L, json_t *o, dh_scenario *sc)
{
    if (!json_is_object(o))
        return dh_ld_type(L, "$.assumptions", o, "an object");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        char p[DH_LD_PATH];
        dh_ld_path(p, sizeof p, "$.assumptions", key);
        int found = -1;
        for (int i = 0; i < DH_A_COUNT; i++)
            if (strcmp(dh_assumption_info_at(i)->key, key) == 0)
                found = i;
        if (found < 0 && strcmp(key, "comment") == 0)
            continue;
        if (found < 0)
            return dh_ld_error(L, p, DH_EINPUT, "unknown assumption '%s'", key);
        uint64_t u = 0;
        bool b = false;
        dh_status st;
        const char *unit = dh_assumption_info_at(found)->unit;
        if (strcmp(unit, "bool") == 0) {
            st = dh_ld_bool(L, p, v, &b);
            u = b;
        } else if (strcmp(unit, "fit") == 0 && json_is_string(v)) {
            const char *f = json_string_value(v);
            bool first = strcmp(f, "first") == 0 ||
                         strcmp(f, "first_fit") == 0;
            bool hint = strcmp(f, "hint") == 0 ||
                        strcmp(f, "best_fit_hint") == 0;
            st = first || hint || strcmp(f, "best") == 0 ||
                         strcmp(f, "best_fit") == 0
                     ? DH_OK
                     : dh_ld_error(L, p, DH_EINPUT, "heap_fit is \"best_fit\", "
                                   "\"first_fit\" or \"best_fit_hint\"");
            u = hint ? DH_FIT_BEST_HINT : first ? DH_FIT_FIRST : DH_FIT_BEST;
        } else {
            st = dh_ld_uint(L, p, v, 0, UINT64_MAX >> 1, &u);
        }
        dh_error e2;
        dh_error_clear(&e2);
        if (st == DH_OK && dh_assumption_set(&sc->assume, found, u, &e2) != DH_OK)
            st = dh_ld_error(L, p, e2.status, "%s", e2.text);
        if (st != DH_OK)
            return st;
    }
    return DH_OK;
}

static dh_status load_session(dh_loader *L, const char *p, json_t *v,
                              dh_session_decl *d)
{
    static const char *const keys[] = {"id", "other_kb", "comment", NULL};
    uint64_t u;
    dh_status st;
    if (json_is_integer(v)) {
        st = dh_ld_uint(L, p, v, 0, MAX_SESSION_ID, &u);
        d->id = (uint32_t)u;
        return st;
    }
    if (!json_is_object(v))
        return dh_ld_type(L, p, v, "a session id or an object");
    if ((st = dh_ld_keys(L, p, v, keys)) != DH_OK)
        return st;
    char q[DH_LD_PATH];
    json_t *id = json_object_get(v, "id"), *o = json_object_get(v, "other_kb");
    if (id == NULL)
        return dh_ld_error(L, p, DH_EINPUT, "session needs an 'id'");
    dh_ld_path(q, sizeof q, p, "id");
    st = dh_ld_uint(L, q, id, 0, MAX_SESSION_ID, &u);
    d->id = (uint32_t)u;
    if (st == DH_OK && o != NULL) {
        dh_ld_path(q, sizeof q, p, "other_kb");
        st = dh_ld_uint(L, q, o, 0, DH_MAX_BYTES / DH_KB, &u);
        d->other_bytes = u * DH_KB;
        d->other_given = true;
    }
    return st;
}

static dh_status load_sessions(dh_loader *L, json_t *arr, dh_scenario *sc)
{
    if (!json_is_array(arr))
        return dh_ld_type(L, "$.sessions", arr, "an array");
    size_t n = json_array_size(arr);
    if (n > DH_MAX_SESSIONS)
        return dh_ld_error(L, "$.sessions", DH_ELIMIT, "%zu sessions: more "
                           "than the limit of %u", n, DH_MAX_SESSIONS);
    sc->sessions = calloc(n ? n : 1, sizeof *sc->sessions);
    if (sc->sessions == NULL)
        return dh_ld_error(L, "$.sessions", DH_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char p[DH_LD_PATH];
        snprintf(p, sizeof p, "$.sessions[%zu]", i);
        dh_status st = load_session(L, p, json_array_get(arr, i),
                                    &sc->sessions[i]);
        for (size_t j = 0; st == DH_OK && j < i; j++)
            if (sc->sessions[j].id == sc->sessions[i].id)
                st = dh_ld_error(L, p, DH_EINPUT, "session %u is listed "
                                 "twice", sc->sessions[i].id);
        sc->nsessions = i + 1;
        if (st != DH_OK)
            return st;
    }
    return DH_OK;
}

static dh_status required_string(dh_loader *L, json_t *root, const char *key,
                                 char **out)
{
    char p[DH_LD_PATH];
    dh_ld_path(p, sizeof p, "$", key);
    json_t *v = json_object_get(root, key);
    if (v == NULL)
        return dh_ld_error(L, "$", DH_EINPUT, "scenario needs '%s'", key);
    return dh_ld_string(L, p, v, 4000, out);
}

dh_status dh_ld_scenario(dh_loader *L, json_t *root, dh_scenario *sc)
{
    static const char *const keys[] = {"$schema", "name", "source",
        "description", "os", "registry", "assumptions", "sessions", "steps",
        "comment", NULL};
    if (!json_is_object(root))
        return dh_ld_type(L, "$", root, "an object (a scenario)");
    dh_registry_default(&sc->registry);
    dh_assumptions_default(&sc->assume);
    dh_status st = dh_ld_keys(L, "$", root, keys);
    json_t *v;
    if (st == DH_OK)
        st = required_string(L, root, "name", &sc->name);
    if (st == DH_OK)
        st = required_string(L, root, "source", &sc->source);
    if (st == DH_OK && (v = json_object_get(root, "description")) != NULL)
        st = dh_ld_string(L, "$.description", v, 4000, &sc->description);
    if (st == DH_OK)
        st = required_string(L, root, "os", &sc->os);
    if (st == DH_OK && dh_profile_find(sc->os) == NULL) {
        char hint[128];
        dh_profile_suggest(sc->os, hint, sizeof hint);
        st = dh_ld_error(L, "$.os", DH_EINPUT, "unknown OS profile '%s' (see "
                         "'dheapsim profiles'%s)", sc->os, hint);
    }
    if (st == DH_OK && (v = json_object_get(root, "registry")) != NULL)
        st = load_registry(L, v, sc);
    if (st == DH_OK && (v = json_object_get(root, "assumptions")) != NULL)
        st = load_assumptions(L, v, sc);
    if (st == DH_OK && (v = json_object_get(root, "sessions")) != NULL)
        st = load_sessions(L, v, sc);
    if (st == DH_OK && (v = json_object_get(root, "$schema")) &&
        !json_is_string(v))
        st = dh_ld_type(L, "$.$schema", v, "a string");
    if (st == DH_OK && (v = json_object_get(root, "comment")) &&
        !json_is_string(v))
        st = dh_ld_type(L, "$.comment", v, "a string");
    if (st == DH_OK && (v = json_object_get(root, "steps")) == NULL)
        st = dh_ld_error(L, "$", DH_EINPUT, "scenario needs 'steps'");
    if (st == DH_OK)
        st = load_steps(L, v, sc);
    return st;
}

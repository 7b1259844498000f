/*
 * report_kinds.c — `dheapsim kinds`: every process kind a scenario may
 * name, with its heap bytes at the low, typical and high end on one
 * profile (or on XP/2003 x86 and Windows 10 x64 side by side), whether it
 * gets a console (conhost), and its source. Text and JSON.
 */
#include "report_private.h"

#include <jansson.h>
#include <stdio.h>

typedef struct {
    const char *name, *what, *source, *basis;
    bool console;
    uint64_t bytes[3];
} kind_row;

static const dh_cost_end ends[3] = {DH_COST_LOW, DH_COST_TYPICAL,
                                    DH_COST_HIGH};

/* The seed's kinds: one measured point, the same at every end. */
static void seed_row(kind_row *r, dh_proc_kind k, const dh_profile *p)
{
    dh_assumptions a;
    dh_assumptions_default(&a);
    dh_obj_spec l[DH_RECIPE_MAX_LINES];
    r->name = dh_proc_kind_name(k);
    r->what = k == DH_KIND_NONE ? "a program that loads no user32"
              : k == DH_KIND_CONSOLE ? "a console program (the seed's, "
                                       "XP/2003)"
              : k == DH_KIND_GUI ? "a GUI program (the seed's, XP/2003)"
              : k == DH_KIND_SERVICE ? "a service with a hidden COM window"
                                     : "one browser tab (IE, seed comment 7)";
    r->source = dh_recipe_source(k);
    r->basis = k == DH_KIND_NONE ? "measured" : "derived";
    r->console = k == DH_KIND_CONSOLE;
    for (int e = 0; e < 3; e++)
        r->bytes[e] = dh_lines_heap_bytes(
            l, dh_recipe_lines_at(k, ends[e], &a, p, l, DH_RECIPE_MAX_LINES),
            p);
}

static void cat_row(kind_row *r, const dh_catalogue_kind *k,
                    const dh_profile *p)
{
    dh_assumptions a;
    dh_assumptions_default(&a);
    dh_obj_spec l[DH_RECIPE_MAX_LINES];
    r->name = k->name;
    r->what = k->what;
    r->source = k->source;
    r->basis = dh_basis_name(k->basis);
    r->console = k->console;
    for (int e = 0; e < 3; e++)
        r->bytes[e] = dh_lines_heap_bytes(
            l, dh_catalogue_lines(k, ends[e], &a, p, l, DH_RECIPE_MAX_LINES),
            p);
}

static const dh_proc_kind seed_kinds[] = {DH_KIND_NONE, DH_KIND_CONSOLE,
    DH_KIND_GUI, DH_KIND_SERVICE, DH_KIND_BROWSER_TAB};
#define NSEED (sizeof seed_kinds / sizeof seed_kinds[0])

static size_t nrows(void)
{
    return NSEED + dh_catalogue_count() + 1; /* + conhost */
}

static void row_at(size_t i, const dh_profile *p, kind_row *r)
{
    if (i < NSEED)
        seed_row(r, seed_kinds[i], p);
    else if (i < NSEED + dh_catalogue_count())
        cat_row(r, dh_catalogue_at(i - NSEED), p);
    else
        cat_row(r, dh_catalogue_conhost(), p);
}

static void text_for(dh_buf *b, const dh_profile *p)
{
    dh_buf_printf(b, "Heap bytes per instance on %s (%s, %s):\n", p->id,
                  p->name, dh_arch_name(p->arch));
    dh_buf_printf(b, "%-18s %8s %8s %8s  %-8s %s\n", "kind", "low",
                  "typical", "high", "basis", "console");
    for (size_t i = 0; i < nrows(); i++) {
        kind_row r;
        row_at(i, p, &r);
        dh_buf_printf(b, "%-18s %8llu %8llu %8llu  %-8s %s\n", r.name,
                      (unsigned long long)r.bytes[0],
                      (unsigned long long)r.bytes[1],
                      (unsigned long long)r.bytes[2], r.basis,
                      r.console ? (dh_profile_has_conhost(p)
                                       ? "yes: + conhost when its console "
                                         "is new"
                                       : "yes (no conhost before Windows 7)")
                                : "no");
    }
}

dh_status dh_report_kinds_text(const dh_profile *p, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    if (p != NULL) {
        text_for(&b, p);
    } else {
        text_for(&b, dh_profile_find("win2003-x86"));
        dh_buf_puts(&b, "\n");
        text_for(&b, dh_profile_find("win10-x64"));
        dh_buf_puts(&b, "\n(the same bytes on every version of one "
                    "architecture: --os ID for one)\n");
    }
    dh_buf_puts(&b, "\nWhat they are and where the numbers come from "
                "(docs/sources.md \"catalogue\"):\n");
    const dh_profile *ref = p != NULL ? p : dh_profile_find("win10-x64");
    for (size_t i = 0; i < nrows(); i++) {
        kind_row r;
        row_at(i, ref, &r);
        dh_buf_printf(&b, "%s: %s\n  %s: %s\n", r.name, r.what, r.basis,
                      r.source);
    }
    dh_buf_puts(&b, "\nA console program gets a conhost.exe of its own when "
                "its console is new (no parent console, or \"console\": "
                "\"new\" / \"no_window\"); \"detached\" gives none; a "
                "child of a console program shares its parent's.\n");
    return dh_buf_take(&b, out);
}

dh_status dh_report_kinds_json(const dh_profile *p, char **out)
{
    dh_jc j = {false};
    json_t *root = json_object();
    dh_jset(&j, root, "dheapsim_version", dh_jstr(DH_VERSION));
    const dh_profile *ps[2] = {p, NULL};
    if (p == NULL) {
        ps[0] = dh_profile_find("win2003-x86");
        ps[1] = dh_profile_find("win10-x64");
    }
    json_t *list = json_array();
    for (size_t i = 0; i < nrows(); i++) {
        kind_row r;
        row_at(i, ps[0], &r);
        json_t *o = json_object();
        dh_jset(&j, o, "name", json_string(r.name));
        dh_jset(&j, o, "what", json_string(r.what));
        dh_jset(&j, o, "basis", json_string(r.basis));
        dh_jset(&j, o, "console", json_boolean(r.console));
        dh_jset(&j, o, "source", json_string(r.source));
        dh_jset(&j, o, "conhost_itself", json_boolean(i == nrows() - 1));
        json_t *per = json_object();
        for (int k = 0; k < 2 && ps[k] != NULL; k++) {
            kind_row q;
            row_at(i, ps[k], &q);
            json_t *by = json_object();
            dh_jset(&j, by, "low", dh_ju64(q.bytes[0]));
            dh_jset(&j, by, "typical", dh_ju64(q.bytes[1]));
            dh_jset(&j, by, "high", dh_ju64(q.bytes[2]));
            dh_jset(&j, per, ps[k]->id, by);
        }
        dh_jset(&j, o, "bytes", per);
        dh_jpush(&j, list, o);
    }
    dh_jset(&j, root, "kinds", list);
    return dh_json_take(root, j.oom, out);
}

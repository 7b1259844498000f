/*
 * import_scenario.c — turns an observed desktop heap table (and/or a .reg)
 * into a scenario: the OS guessed from the fixed heap sizes (Winlogon
 * 128/192 KB, Disconnect 64/96 KB or none on Windows 2000: seed body and
 * comments 20, 28, 74), SharedSection derived from the other heap sizes
 * (rule 1, KB 184802), one create_desktop per desktop the system does not
 * create by itself, one charge per desktop with the observed Used Rate.
 */
#include "import.h"


#include <inttypes.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static dh_status fail_at(dh_error *err, const char *file, int line,
                         const char *fmt, ...)
    DH_PRINTF(4, 5)
    ;

static dh_status fail_at(dh_error *err, const char *file, int line,
                         const char *fmt, ...)
{
    if (err == NULL || err->status != DH_OK)
        return DH_EINPUT;
    va_list ap;
    va_start(ap, fmt);
    err->status = DH_EINPUT;
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    return DH_EINPUT;
}

static bool is_fixed(const dh_obs_desktop *d, const char *which)
{
    return dh_station_is_interactive(d->station) &&
           strcasecmp(d->desktop, which) == 0;
}

/* Desktops that exist once a session has started: WinSta0's Default,
 * Winlogon and (when the profile has one) Disconnect (seed body). */
static bool is_builtin(const dh_obs_desktop *d, const dh_profile *p)
{
    return is_fixed(d, "Default") || is_fixed(d, "Winlogon") ||
           (p->disconnect_kb != 0 && is_fixed(d, "Disconnect"));
}

static const dh_obs_desktop *find_row(const dh_obs_table *t,
                                      const char *which)
{
    for (size_t i = 0; i < t->ndesktops; i++)
        if (is_fixed(&t->desktops[i], which))
            return &t->desktops[i];
    return NULL;
}

/* Architecture and profile from the fixed heaps; *why says how. */
static dh_status guess_profile(const dh_obs_table *t, const char *file,
                               uint64_t interactive_kb, dh_import_guess *g,
                               dh_error *err)
{
    const dh_obs_desktop *wl = find_row(t, "Winlogon");
    const dh_obs_desktop *dc = find_row(t, "Disconnect");
    bool x64;
    if (wl != NULL && (wl->heap_kb == 128 || wl->heap_kb == 192))
        x64 = wl->heap_kb == 192;
    else if (wl != NULL)
        return fail_at(err, file, wl->line, "WinSta0\\Winlogon has %" PRIu64
                       " KB: the fixed Winlogon heap is 128 KB (x86) or 192 "
                       "KB (x64) (seed comment 20)", wl->heap_kb);
    else if (dc != NULL && (dc->heap_kb == 64 || dc->heap_kb == 96))
        x64 = dc->heap_kb == 96;
    else if (dc != NULL)
        return fail_at(err, file, dc->line, "WinSta0\\Disconnect has %"
                       PRIu64 " KB: the fixed Disconnect heap is 64 KB (x86) "
                       "or 96 KB (x64) (seed comment 20)", dc->heap_kb);
    else
        return fail_at(err, file, t->header_line, "no WinSta0\\Winlogon or "
                       "WinSta0\\Disconnect row: the architecture cannot be "
                       "told (give --os)");
    if (dc != NULL && wl != NULL && (dc->heap_kb == 96) != x64)
        return fail_at(err, file, dc->line, "WinSta0\\Disconnect has %" PRIu64
                       " KB but Winlogon %" PRIu64 " KB: one is x86, the "
                       "other x64", dc->heap_kb, wl->heap_kb);
    const char *id, *why;
    if (!x64 && dc == NULL) {
        id = t->session != 0 ? "win2000-ts" : "win2000";
        why = "x86 (Winlogon 128 KB) with no Disconnect desktop: the Windows "
              "2000 family (seed comments 28 and 74); with Terminal Services "
              "it may be win2000-ts or win2000-ts-318942";
    } else if (!x64 && interactive_kb == 12288) {
        id = "vista-sp1-x86";
        why = "x86 with an interactive heap of 12288 KB, the default from "
              "Vista SP1 on (seed update); could equally be win7-x86";
    } else if (!x64) {
        id = "win2003-x86";
        why = t->format == DH_IMPORT_DHEAPMON
                  ? "x86 (Winlogon 128 KB, Disconnect 64 KB) and dheapmon, "
                    "which runs on XP and Server 2003 only (KB 949296); "
                    "could equally be winxp-x86"
                  : "x86 (Winlogon 128 KB, Disconnect 64 KB); could equally "
                    "be winxp-x86 or vista-x86";
    } else if (t->format == DH_IMPORT_DHEAPMON) {
        id = "win2003-x64";
        why = "x64 (Winlogon 192 KB, Disconnect 96 KB) and dheapmon, which "
              "runs on XP and Server 2003 only (KB 949296)";
    } else {
        id = "win7-x64";
        why = "x64 (Winlogon 192 KB, Disconnect 96 KB) and !dskheap; could "
              "equally be win2003-x64 or a later x64 version";
    }
    g->profile = dh_profile_find(id);
    snprintf(g->why, sizeof g->why, "%s", why);
    return g->profile ? DH_OK : dh_error_set(err, DH_EINTERNAL, "no profile "
                                             "%s", id);
}

/* The size of the first desktop of a kind (0: none). Later desktops of
 * another size are caught by check_sizes. */
static uint64_t first_size(const dh_obs_table *t, bool interactive)
{
    for (size_t i = 0; i < t->ndesktops; i++) {
        const dh_obs_desktop *d = &t->desktops[i];
        if (dh_station_is_interactive(d->station) == interactive &&
            !is_fixed(d, "Winlogon") && !is_fixed(d, "Disconnect"))
            return d->heap_kb;
    }
    return 0;
}

/* Every row's size must be what rule 1 gives under the derived registry. */
static dh_status check_sizes(const dh_obs_table *t, const char *file,
                             const dh_config *c, dh_error *err)
{
    for (size_t i = 0; i < t->ndesktops; i++) {
        const dh_obs_desktop *d = &t->desktops[i];
        dh_heap_rule rule;
        uint64_t b = dh_rule_desktop_heap_size(c, d->station, d->desktop, 0,
                                               false, &rule);
        if (b != d->heap_kb * DH_KB)
            return fail_at(err, file, d->line, "%s\\%s has %" PRIu64 " KB, "
                           "but SharedSection=%s on %s gives it %" PRIu64
                           " KB (%s): one SharedSection cannot reproduce "
                           "this table", d->station, d->desktop, d->heap_kb,
                           c->shared_section_text, c->profile->id, b / DH_KB,
                           dh_heap_rule_source(rule));
    }
    return DH_OK;
}


static json_t *used_pct(const dh_obs_desktop *d)
{
    if (d->used_integer && d->used_milli % 1000 == 0)
        return json_integer(d->used_milli / 1000);
    return json_real((double)d->used_milli / 1000.0);
}

typedef struct {
    const char *station;
    size_t index;           /* the row */
} row_ref;

typedef struct {
    size_t first;           /* the station's first row */
    size_t begin, end;      /* its rows in the sorted row_ref array */
} group;

static int by_station(const void *a, const void *b)
{
    const row_ref *x = a, *y = b;
    int c = strcasecmp(x->station, y->station);
    return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_first(const void *a, const void *b)
{
    const group *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static void table_steps(dh_jc *j, json_t *steps, const dh_obs_table *t,
                        const char *file, const dh_profile *p)
{
    char buf[512];
    /* create_desktop: stations in order of first appearance; within one,
     * oldest first, i.e. the table's rows bottom up (newest listed first).
     * Rows sorted by station (then row), groups by their first row: n log
     * n for a table of many stations. */
    size_t n = t->ndesktops;
    row_ref *r = malloc((n ? n : 1) * sizeof *r);
    group *gr = malloc((n ? n : 1) * sizeof *gr);
    if (r == NULL || gr == NULL) {
        free(r);
        free(gr);
        j->oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        r[i] = (row_ref){t->desktops[i].station, i};
    qsort(r, n, sizeof *r, by_station);
    size_t ng = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && strcasecmp(r[b].station, r[a].station) == 0)
            b++;
        gr[ng++] = (group){r[a].index, a, b};
        a = b;
    }
    qsort(gr, ng, sizeof *gr, by_first);
    for (size_t g = 0; g < ng; g++) {
        for (size_t k = gr[g].end; k-- > gr[g].begin;) {
            const dh_obs_desktop *d = &t->desktops[r[k].index];
            if (is_builtin(d, p))
                continue;
            json_t *o = json_object();
            dh_jset(j, o, "action", json_string("create_desktop"));
            if (t->session != 0)
                dh_jset(j, o, "session", json_integer(t->session));
            dh_jset(j, o, "station", json_string(d->station));
            dh_jset(j, o, "name", json_string(d->desktop));
            snprintf(buf, sizeof buf, "%s line %d: not created by the system "
                     "at session start", file, d->line);
            dh_jset(j, o, "comment", json_string(buf));
            dh_jpush(j, steps, o);
        }
    }
    free(r);
    free(gr);
    for (size_t i = 0; i < t->ndesktops; i++) {
        const dh_obs_desktop *d = &t->desktops[i];
        json_t *o = json_object();
        dh_jset(j, o, "action", json_string("charge"));
        if (t->session != 0)
            dh_jset(j, o, "session", json_integer(t->session));
        snprintf(buf, sizeof buf, "%s\\%s", d->station, d->desktop);
        dh_jset(j, o, "desktop", json_string(buf));
        dh_jset(j, o, "used_pct", used_pct(d));
        snprintf(buf, sizeof buf, "%s line %d: observed Used Rate, an opaque "
                 "baseline%s", file, d->line, d->split_recovered
                     ? "; backslash recovered from the station name" : "");
        dh_jset(j, o, "comment", json_string(buf));
        dh_jpush(j, steps, o);
    }
}

static char *describe(const dh_obs_table *t, const dh_import_guess *g,
                      bool forced, const dh_regfile *reg, char *buf,
                      size_t len)
{
    size_t n = 0;
    if (forced)
        n += (size_t)snprintf(buf + n, len - n, "OS %s as given with --os. ",
                              g->profile->id);
    else
        n += (size_t)snprintf(buf + n, len - n, "OS GUESSED%s: %s (%s); set "
                              "\"os\" if it is wrong.%s", t ? " from the "
                              "heap sizes" : "", g->profile->id, g->why,
                              t ? " " : "");
    if (n < len && t != NULL)
        n += (size_t)snprintf(buf + n, len - n, "SharedSection %s derived "
                              "from the heap sizes%s. Each desktop's usage is "
                              "an opaque observed baseline (charge used_pct)."
                              , g->shared_section,
                              reg && reg->has_windows ? " and the .reg"
                              : " (1st value 1024 assumed: the table does "
                                "not show it)");
    if (n < len && t != NULL && t->nguessed > 0)
        n += (size_t)snprintf(buf + n, len - n, " The debugger could not read "
                              "%zu desktop names ('name not accessible'): "
                              "they were named by size and order (128/192 KB "
                              "Winlogon, 64/96 KB Disconnect, the first other "
                              "WinSta0\\Default), a GUESS.", t->nguessed);
    if (n < len && t != NULL && t->nrecovered > 0)
        snprintf(buf + n, len - n, " The table had lost its backslashes: %zu "
                 "WinStation\\Desktop names were split at a known window "
                 "station name (WinSta0, Service-0x...$, SAWinSta, "
                 "__X78B95_89_IW).", t->nrecovered);
    return buf;
}

static dh_status build_json(const dh_obs_table *t, const char *tfile,
                            const dh_regfile *reg, const char *rfile,
                            const dh_import_guess *g, bool forced,
                            const char *ss_text, char **out)
{
    dh_jc j = {false};
    char buf[1024], desc[1400];
    json_t *root = json_object();
    if (t != NULL)
        snprintf(buf, sizeof buf, "Imported %s: session %" PRIu32 ", %"
                 PRIu64 " desktops, %" PRIu64 " KB", tfile, t->session,
                 t->total_count, t->total_kb);
    else
        snprintf(buf, sizeof buf, "Imported %s: registry only", rfile);
    dh_jset(&j, root, "name", json_string(buf));
    size_t n = 0;
    buf[0] = '\0';
    if (t != NULL)
        n += (size_t)snprintf(buf, sizeof buf, "%s (%s output%s%s%s)", tfile,
                              dh_import_format_name(t->format),
                              t->tool_version[0] ? ", version " : "",
                              t->tool_version, "");
    if (reg != NULL && n < sizeof buf)
        snprintf(buf + n, sizeof buf - n, "%s%s (regedit export, %s)",
                 n ? "; " : "", rfile,
                 reg->version == 4 ? "REGEDIT4" : "version 5.00");
    dh_jset(&j, root, "source", json_string(buf));
    dh_jset(&j, root, "description",
        json_string(describe(t, g, forced, reg, desc, sizeof desc)));
    dh_jset(&j, root, "os", json_string(g->profile->id));
    json_t *regj = json_object();
    dh_jset(&j, regj, "shared_section", json_string(ss_text));
    if (reg != NULL && reg->has_svs)
        dh_jset(&j, regj, "session_view_size_mb", json_integer(reg->svs_mb));
    dh_jset(&j, root, "registry", regj);
    if (t != NULL && t->session != 0) {
        json_t *ss = json_array();
        dh_jpush(&j, ss, json_integer(t->session));
        dh_jset(&j, root, "sessions", ss);
    }
    json_t *steps = json_array();
    if (t != NULL) {
        table_steps(&j, steps, t, tfile, g->profile);
    } else {
        json_t *o = json_object();
        dh_jset(&j, o, "action", json_string("snapshot"));
        dh_jset(&j, o, "label", json_string("session start"));
        dh_jpush(&j, steps, o);
    }
    dh_jset(&j, root, "steps", steps);
    return dh_json_take(root, j.oom, out);
}

dh_status dh_import_scenario(const dh_obs_table *t, const char *table_file,
                             const dh_regfile *reg, const char *reg_file,
                             const char *os, dh_import_guess *g, char **json,
                             dh_error *err)
{
    memset(g, 0, sizeof *g);
    *json = NULL;
    if (t == NULL && reg == NULL)
        return dh_error_set(err, DH_EINPUT, "nothing to import");
    uint64_t ikb = t ? first_size(t, true) : 0;
    uint64_t nkb = t ? first_size(t, false) : 0;
    dh_status st = DH_OK;
    if (os != NULL) {
        g->profile = dh_profile_find(os);
        if (g->profile == NULL)
            return dh_error_set(err, DH_EINPUT, "unknown OS profile '%s'", os);
        snprintf(g->why, sizeof g->why, "given with --os");
    } else if (t != NULL) {
        st = guess_profile(t, table_file, ikb, g, err);
    } else {
        g->profile = dh_profile_find("win2003-x86");
        snprintf(g->why, sizeof g->why, "a registry export alone does not "
                 "tell the version; Server 2003 x86 assumed");
    }
    if (st != DH_OK)
        return st;
    const dh_profile *p = g->profile;
    if (reg != NULL && reg->has_windows &&
        strlen(reg->windows) > DH_WINDOWS_VALUE_MAX) {
        dh_error_set(err, DH_ELIMIT, "the SubSystems\\Windows value is %zu "
                     "characters: more than the %u a scenario holds (a "
                     "model limit; Windows' own are under 300)",
                     strlen(reg->windows), DH_WINDOWS_VALUE_MAX);
        if (reg_file != NULL)
            snprintf(err->file, sizeof err->file, "%s", reg_file);
        err->line = reg->windows_line;
        return DH_ELIMIT;
    }
    uint32_t code = 0;
    const char *cc = reg != NULL && reg->has_windows
                         ? dh_first_control(reg->windows, false, &code)
                         : NULL;
    if (cc != NULL) {
        dh_error_set(err, DH_EINPUT, "the SubSystems\\Windows value holds "
                     "the control character U+%04X at byte %zu: not a "
                     "value csrss is started with", (unsigned)code,
                     (size_t)(cc - reg->windows) + 1);
        if (reg_file != NULL)
            snprintf(err->file, sizeof err->file, "%s", reg_file);
        err->line = reg->windows_line;
        return DH_EINPUT;
    }
    /* Start from the .reg's SharedSection, else the profile's. */
    dh_shared_section base;
    const char *base_text = reg && reg->has_windows ? reg->windows
                                                    : p->default_shared_section;
    if (dh_shared_section_parse(base_text, p->page_size, &base, err) != DH_OK)
        return st = err->status;
    if (ikb == 0)
        ikb = base.interactive_kb;
    if (nkb == 0)
        nkb = base.noninteractive_kb;
    uint64_t shared = reg && reg->has_windows ? base.shared_kb : 1024;
    snprintf(g->shared_section, sizeof g->shared_section, "%" PRIu64 ",%"
             PRIu64 ",%" PRIu64, shared, ikb, nkb);
    /* A .reg's whole command line is kept, with SharedSection as the table
     * shows it (they agree unless the table was taken before a reboot). */
    char *ss_text = NULL;
    if (reg && reg->has_windows)
        st = dh_windows_value_with(reg->windows, g->shared_section, p,
                                   &ss_text, err);
    else
        ss_text = strdup(g->shared_section);
    if (st != DH_OK)
        return st;
    if (ss_text == NULL)
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    if (strlen(ss_text) > DH_WINDOWS_VALUE_MAX) {
        /* the table's values written into the .reg's value made it longer
         * than a scenario holds */
        dh_error_set(err, DH_ELIMIT, "the SubSystems\\Windows value with "
                     "the table's SharedSection is %zu characters: more "
                     "than the %u a scenario holds", strlen(ss_text),
                     DH_WINDOWS_VALUE_MAX);
        free(ss_text);
        if (reg_file != NULL)
            snprintf(err->file, sizeof err->file, "%s", reg_file);
        err->line = reg ? reg->windows_line : 0;
        return DH_ELIMIT;
    }
    if (reg && reg->has_windows && t != NULL &&
        (base.interactive_kb != ikb || base.noninteractive_kb != nkb ||
         base.shared_kb != shared)) {
        free(ss_text);
        return fail_at(err, reg_file, reg->windows_line, "SharedSection in "
                       "the .reg gives %" PRIu64 "/%" PRIu64 " KB heaps but "
                       "the table (%s) shows %" PRIu64 "/%" PRIu64 " KB: "
                       "taken before a reboot?", base.interactive_kb,
                       base.noninteractive_kb, table_file, ikb, nkb);
    }
    if (t != NULL) {
        dh_registry r;
        dh_assumptions a;
        dh_config c;
        dh_registry_default(&r);
        r.shared_section = g->shared_section;
        dh_assumptions_default(&a);
        st = dh_config_resolve(p, &r, &a, &c, err);
        if (st == DH_OK)
            st = check_sizes(t, table_file, &c, err);
    }
    if (st == DH_OK) {
        st = build_json(t, table_file, reg, reg_file, g, os != NULL, ss_text,
                        json);
        if (st != DH_OK)
            dh_error_set(err, st, "out of memory building the scenario");
    }
    free(ss_text);
    return st;
}

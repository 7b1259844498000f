/*
 * report_profiles.c — `dheapsim profiles`: the OS profile table as aligned
 * text with each row's sources, and the same table as JSON for scripts.
 */
#include "strbuf.h"

#include <jansson.h>
#include <stdio.h>

#define ROW_FORMAT "%-17s %-4s %-14s %-38s %-22s %-4s %s\n"

/* ------------------------------------------------------------ text */

/* "fixed 20 MB", "48 MB value (20 MB absent, 20 MB /3GB)", "dynamic"... */
static void view_text(char *buf, size_t len, const dh_profile *p)
{
    char gb3[32] = "";
    if (p->has_3gb && p->view_3gb_mb != 0)
        snprintf(gb3, sizeof gb3, "%u MB /3GB", (unsigned)p->view_3gb_mb);
    switch (p->view_mode) {
    case DH_VIEW_SYSTEM_SHARED:
        snprintf(buf, len, "system %u MB", (unsigned)p->view_const_mb);
        return;
    case DH_VIEW_FIXED_CONST:
        snprintf(buf, len, "fixed %u MB", (unsigned)p->view_const_mb);
        return;
    case DH_VIEW_FIXED:
        if (p->svs_present_default)
            snprintf(buf, len, "%u MB value (%u MB absent%s%s)",
                     (unsigned)p->svs_default_mb, (unsigned)p->svs_absent_mb,
                     gb3[0] ? ", " : "", gb3);
        else if (gb3[0])
            snprintf(buf, len, "%u MB absent (%s)",
                     (unsigned)p->svs_absent_mb, gb3);
        else
            snprintf(buf, len, "%u MB absent", (unsigned)p->svs_absent_mb);
        return;
    case DH_VIEW_DYNAMIC:
        snprintf(buf, len, "dynamic");
        return;
    }
    snprintf(buf, len, "?");
}

static void profile_row(dh_buf *b, const dh_profile *p)
{
    char view[96], fixed[32];
    view_text(view, sizeof view, p);
    if (p->disconnect_kb != 0)
        snprintf(fixed, sizeof fixed, "%u/%u", (unsigned)p->winlogon_kb,
                 (unsigned)p->disconnect_kb);
    else
        snprintf(fixed, sizeof fixed, "%u/-", (unsigned)p->winlogon_kb);
    char wnd[32];
    snprintf(wnd, sizeof wnd, "%u B (USER %s)", (unsigned)p->wnd_bytes,
             p->user_version);
    dh_buf_printf(b, ROW_FORMAT, p->id, dh_arch_name(p->arch),
                  p->default_shared_section, view, fixed,
                  p->has_3gb ? "yes" : "no", wnd);
}

static void profile_sources(dh_buf *b, const dh_profile *p)
{
    dh_buf_printf(b, "%s: %s", p->id, p->name);
    if (p->also != NULL && p->also[0] != '\0')
        dh_buf_printf(b, " (also %s)", p->also);
    dh_buf_printf(b, "\n  shared section: %s\n  view space: %s\n"
                  "  fixed heaps: %s\n  window (WND): %u bytes, USER %s "
                  "(Geoff Chappell's WND page, domain-facts 4a)\n",
                  p->src_shared_section, p->src_view, p->src_fixed_heaps,
                  (unsigned)p->wnd_bytes, p->user_version);
    if (p->secondary != NULL)
        dh_buf_printf(b, "  SECONDARY: %s\n", p->secondary);
}

dh_status dh_report_profiles_text(char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_printf(&b, ROW_FORMAT, "id", "arch", "SharedSection",
                  "view space", "Winlogon/Disconnect KB", "/3GB", "WND");
    for (size_t i = 0; i < dh_profile_count(); i++)
        profile_row(&b, dh_profile_at(i));
    dh_buf_puts(&b, "\nSources:\n");
    for (size_t i = 0; i < dh_profile_count(); i++)
        profile_sources(&b, dh_profile_at(i));
    return dh_buf_take(&b, out);
}

/* ------------------------------------------------------------ JSON */

/* Set obj[key] = v; a failure (v NULL included) clears *ok. */
static void set(bool *ok, json_t *obj, const char *key, json_t *v)
{
    if (obj == NULL || v == NULL || json_object_set_new(obj, key, v) != 0)
        *ok = false;
    if (obj == NULL)
        json_decref(v);
}

static json_t *sources_obj(bool *ok, const dh_profile *p)
{
    json_t *o = json_object();
    set(ok, o, "shared_section", json_string(p->src_shared_section));
    set(ok, o, "view", json_string(p->src_view));
    set(ok, o, "fixed_heaps", json_string(p->src_fixed_heaps));
    return o;
}

static json_t *profile_obj(bool *ok, const dh_profile *p)
{
    json_t *o = json_object();
    set(ok, o, "id", json_string(p->id));
    set(ok, o, "name", json_string(p->name));
    set(ok, o, "also", json_string(p->also != NULL ? p->also : ""));
    set(ok, o, "arch", json_string(dh_arch_name(p->arch)));
    set(ok, o, "page_size", json_integer(p->page_size));
    set(ok, o, "user_version", json_string(p->user_version));
    set(ok, o, "wnd_bytes", json_integer(p->wnd_bytes));
    set(ok, o, "default_shared_section",
        json_string(p->default_shared_section));
    set(ok, o, "view_mode", json_string(dh_view_mode_name(p->view_mode)));
    set(ok, o, "view_const_mb", json_integer(p->view_const_mb));
    set(ok, o, "svs_present_default", json_boolean(p->svs_present_default));
    set(ok, o, "svs_default_mb", json_integer(p->svs_default_mb));
    set(ok, o, "svs_absent_mb", json_integer(p->svs_absent_mb));
    set(ok, o, "has_3gb", json_boolean(p->has_3gb));
    set(ok, o, "view_3gb_mb", json_integer(p->view_3gb_mb));
    set(ok, o, "winlogon_kb", json_integer(p->winlogon_kb));
    set(ok, o, "disconnect_kb", json_integer(p->disconnect_kb));
    set(ok, o, "has_createdesktopex", json_boolean(p->has_createdesktopex));
    set(ok, o, "multi_session", json_boolean(p->multi_session));
    set(ok, o, "sources", sources_obj(ok, p));
    set(ok, o, "secondary", p->secondary != NULL ? json_string(p->secondary)
                                                 : json_null());
    return o;
}

static int to_buf(const char *p, size_t n, void *data)
{
    dh_buf *b = data;
    dh_buf_add(b, p, n);
    return b->oom ? -1 : 0;
}

dh_status dh_report_profiles_json(char **out)
{
    bool ok = true;
    json_t *root = json_object();
    json_t *list = json_array();
    for (size_t i = 0; i < dh_profile_count(); i++) {
        json_t *p = profile_obj(&ok, dh_profile_at(i));
        if (list == NULL || p == NULL || json_array_append_new(list, p) != 0)
            ok = false;
        if (list == NULL)
            json_decref(p);
    }
    set(&ok, root, "profiles", list);
    dh_buf b;
    dh_buf_init(&b);
    if (!ok || json_dump_callback(root, to_buf, &b,
                                  JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        b.oom = true;
    json_decref(root);
    dh_buf_puts(&b, "\n");
    return dh_buf_take(&b, out);
}

/*
 * report_profiles.c — `dheapsim profiles`: the OS profile table as aligned
 * text with each row's sources, and the same table as JSON for scripts.
 */
#include "report_private.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

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
        if (p->kernel_va_mb != 0)
            snprintf(buf, len, "dynamic, < %u MB kernel space",
                     (unsigned)p->kernel_va_mb);
        else
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
    dh_buf_printf(b, "  SubSystems\\Windows as shipped: %s\n",
                  p->windows_after != NULL ? p->src_windows
                                           : "NOT FOUND (recommend --reg "
                                             "needs the machine's own)");
    if (p->kernel_va_mb != 0)
        dh_buf_printf(b, "  view space bound: the %u MB kernel address space "
                      "(%u MB under /3GB), an upper bound\n",
                      (unsigned)p->kernel_va_mb,
                      (unsigned)p->kernel_va_3gb_mb);
    dh_buf_printf(b, "  recovery: %s\n", p->has_last_known_good
                  ? "Last Known Good Configuration"
                  : "no Last Known Good: recovery environment, offline hive");
    bool first = true;
    for (size_t i = 0; i < dh_profile_count(); i++) {
        const dh_profile *q = dh_profile_at(i);
        if (q == p || !dh_profile_same_values(p, q))
            continue;
        dh_buf_printf(b, "%s%s", first ? "  same values as: " : ", ", q->id);
        first = false;
    }
    if (!first)
        dh_buf_puts(b, " (only the sources differ)\n");
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


static json_t *sources_obj(dh_jc *j, const dh_profile *p)
{
    json_t *o = json_object();
    dh_jset(j, o, "shared_section", json_string(p->src_shared_section));
    dh_jset(j, o, "view", json_string(p->src_view));
    dh_jset(j, o, "fixed_heaps", json_string(p->src_fixed_heaps));
    dh_jset(j, o, "windows_value",
        p->src_windows ? json_string(p->src_windows) : json_null());
    return o;
}

static json_t *profile_obj(dh_jc *j, const dh_profile *p)
{
    json_t *o = json_object();
    dh_jset(j, o, "id", json_string(p->id));
    dh_jset(j, o, "name", json_string(p->name));
    dh_jset(j, o, "also", json_string(p->also != NULL ? p->also : ""));
    dh_jset(j, o, "arch", json_string(dh_arch_name(p->arch)));
    dh_jset(j, o, "page_size", json_integer(p->page_size));
    dh_jset(j, o, "user_version", json_string(p->user_version));
    dh_jset(j, o, "wnd_bytes", json_integer(p->wnd_bytes));
    dh_jset(j, o, "default_shared_section",
        json_string(p->default_shared_section));
    dh_jset(j, o, "view_mode", json_string(dh_view_mode_name(p->view_mode)));
    dh_jset(j, o, "view_const_mb", json_integer(p->view_const_mb));
    dh_jset(j, o, "svs_present_default", json_boolean(p->svs_present_default));
    dh_jset(j, o, "svs_default_mb", json_integer(p->svs_default_mb));
    dh_jset(j, o, "svs_absent_mb", json_integer(p->svs_absent_mb));
    dh_jset(j, o, "has_3gb", json_boolean(p->has_3gb));
    dh_jset(j, o, "view_3gb_mb", json_integer(p->view_3gb_mb));
    dh_jset(j, o, "winlogon_kb", json_integer(p->winlogon_kb));
    dh_jset(j, o, "disconnect_kb", json_integer(p->disconnect_kb));
    dh_jset(j, o, "has_createdesktopex", json_boolean(p->has_createdesktopex));
    dh_jset(j, o, "multi_session", json_boolean(p->multi_session));
    char *wv = NULL;
    dh_jset(j, o, "shipped_windows_value",
        dh_default_windows_value(p, &wv) == DH_OK ? dh_jstr(wv)
                                                  : json_null());
    free(wv);
    dh_jset(j, o, "kernel_va_mb", json_integer(p->kernel_va_mb));
    dh_jset(j, o, "kernel_va_3gb_mb", json_integer(p->kernel_va_3gb_mb));
    dh_jset(j, o, "has_last_known_good",
        json_boolean(p->has_last_known_good));
    json_t *same = json_array();
    for (size_t i = 0; i < dh_profile_count(); i++) {
        const dh_profile *q = dh_profile_at(i);
        if (q != p && dh_profile_same_values(p, q))
            dh_jpush(j, same, json_string(q->id));
    }
    dh_jset(j, o, "same_values_as", same);
    dh_jset(j, o, "sources", sources_obj(j, p));
    dh_jset(j, o, "secondary", p->secondary != NULL ? json_string(p->secondary)
                                                 : json_null());
    return o;
}

dh_status dh_report_profiles_json(char **out)
{
    dh_jc j = {false};
    json_t *root = json_object();
    dh_jset(&j, root, "dheapsim_version", dh_jstr(DH_VERSION));
    json_t *list = json_array();
    for (size_t i = 0; i < dh_profile_count(); i++)
        dh_jpush(&j, list, profile_obj(&j, dh_profile_at(i)));
    dh_jset(&j, root, "profiles", list);
    return dh_json_take(root, j.oom, out);
}

/*
 * report_compare.c — the compare report: per OS profile the heap sizes
 * (rule 1, rule 3's fallback), view space size and peak use (rule 2), the
 * first failure (rule 5) and the heap headroom left per desktop; text,
 * JSON and CSV (the CSV's leading columns are a contract for plots).
 */
#include "report_private.h"

#include <string.h>

static unsigned long long kb(uint64_t bytes)
{
    return (unsigned long long)(bytes / DH_KB);
}

/* "step.iteration kind session\winsta\desktop", or "none". */
static void failure_cell(dh_buf *b, const dh_failure *f)
{
    if (!f->happened) {
        dh_buf_puts(b, "none");
        return;
    }
    dh_buf_printf(b, "step %zu.%llu %s", f->step,
                  (unsigned long long)f->iteration, f->kind ? f->kind : "?");
    if (f->kind != NULL && strcmp(f->kind, "session_refused") == 0)
        dh_buf_puts(b, " (no Terminal Services: only session 0; the steps "
                       "of other sessions skipped)");
    if (f->winsta != NULL)
        dh_buf_printf(b, " %u\\%s\\%s", (unsigned)f->session, f->winsta,
                      f->desktop != NULL ? f->desktop : "");
}

static void text_row(dh_buf *b, const dh_result *r)
{
    dh_heap_sizes hs;
    dh_heap_sizes_of(r, &hs);
    dh_buf_printf(b, "%-18s%7llu %7llu %5llu/%-5llu %9llu %8llu %-8s ",
                  r->config.profile->id,
                  (unsigned long long)hs.interactive_kb,
                  (unsigned long long)hs.noninteractive_kb,
                  (unsigned long long)hs.winlogon_kb,
                  (unsigned long long)hs.disconnect_kb,
                  kb(r->config.view_size), kb(r->view_peak_bytes),
                  hs.fallback ? "yes" : "no");
    failure_cell(b, &r->first_failure);
    dh_buf_puts(b, "\n");
}

static void headroom_line(dh_buf *b, uint32_t sid, const dh_desktop_rec *d,
                          bool pct)
{
    char t[DH_TENTHS_LEN];
    size_t len = strlen(d->winsta) + strlen(d->desktop) + 1;
    int pad = len < 30 ? (int)(30 - len) : 0;
    dh_buf_printf(b, "  %u\\%s\\%s%*s%8llu KB heap %10llu bytes left",
                  (unsigned)sid, d->winsta, d->desktop, pad, "",
                  kb(d->heap_bytes),
                  (unsigned long long)(d->heap_bytes - d->used_bytes));
    if (pct)
        dh_buf_printf(b, " (%s %% used)",
                      dh_tenths_text(t, dh_used_tenths(d->used_bytes,
                                                       d->heap_bytes)));
    dh_buf_puts(b, "\n");
}

static void text_headroom(dh_buf *b, const dh_result *r)
{
    dh_buf_printf(b, "%s:\n", r->config.profile->id);
    for (size_t i = 0; i < r->final.nsessions; i++) {
        const dh_session_rec *s = &r->final.sessions[i];
        for (size_t k = 0; k < s->ndesktops; k++)
            headroom_line(b, s->id, &s->desktops[k], false);
    }
}

/* A desktop of the final snapshot and its used rate, for ranking. */
typedef struct {
    uint32_t sid;
    const dh_desktop_rec *d;
    uint64_t tenths;
    size_t order;
} ranked;

static bool fuller(const ranked *a, const ranked *b)
{
    return a->tenths != b->tenths ? a->tenths > b->tenths
                                  : a->order < b->order;
}

/* The `keep` desktops nearest to full (highest used rate; the first in
 * snapshot order on a tie) and how many more there are: one pass, a
 * small sorted list. */
static void text_nearest(dh_buf *b, const dh_result *r, size_t keep)
{
    ranked top[16];
    size_t n = 0, all = 0;
    if (keep > 16)
        keep = 16;
    for (size_t i = 0; i < r->final.nsessions; i++) {
        const dh_session_rec *s = &r->final.sessions[i];
        for (size_t k = 0; k < s->ndesktops; k++, all++) {
            const dh_desktop_rec *d = &s->desktops[k];
            ranked x = {s->id, d, dh_used_tenths(d->used_bytes,
                                                 d->heap_bytes), all};
            if (n == keep && !fuller(&x, &top[n - 1]))
                continue;
            size_t j = n < keep ? n++ : n - 1;
            while (j > 0 && fuller(&x, &top[j - 1])) {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = x;
        }
    }
    dh_buf_printf(b, "%s:\n", r->config.profile->id);
    for (size_t j = 0; j < n; j++)
        headroom_line(b, top[j].sid, top[j].d, true);
    if (all > n)
        dh_buf_printf(b, "  ... and %zu more desktop%s, each at most as "
                      "full (--all-desktops lists them)\n", all - n,
                      all - n == 1 ? "" : "s");
}

dh_status dh_report_compare_text(const dh_compare *c, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    const dh_scenario *sc = c->n > 0 ? c->results[0]->scenario : NULL;
    dh_buf_printf(&b, "dheapsim compare: %s\n\n",
                  sc != NULL && sc->name != NULL ? sc->name : "(no name)");
    dh_buf_puts(&b, "Heap sizes in KB (interactive, non-interactive, "
                    "Winlogon/Disconnect); view space in KB (size, 0 = "
                    "dynamic without cap; peak used)\n\n");
    dh_buf_printf(&b, "%-18s%7s %7s %11s %9s %8s %-8s %s\n", "os", "inter",
                  "nonint", "wl/disc", "view KB", "peak KB", "fallback",
                  "first failure");
    for (size_t i = 0; i < c->n; i++)
        text_row(&b, c->results[i]);
    dh_buf_puts(&b, "\nSharedSection as run:\n");
    for (size_t i = 0; i < c->n; i++)
        dh_buf_printf(&b, "  %-18s%s%s\n", c->results[i]->config.profile->id,
                      c->results[i]->config.shared_section_text,
                      c->results[i]->config.shared_section_default
                          ? " (profile default)" : "");
    if (c->list_desktops == 0) {
        dh_buf_puts(&b, "\nHeadroom per desktop at the end (heap size minus "
                        "used):\n");
        for (size_t i = 0; i < c->n; i++)
            text_headroom(&b, c->results[i]);
    } else {
        dh_buf_printf(&b, "\nDesktops nearest to full at the end (at most %zu "
                      "per profile; heap size minus used):\n",
                      c->list_desktops);
        for (size_t i = 0; i < c->n; i++)
            text_nearest(&b, c->results[i], c->list_desktops);
    }
    return dh_buf_take(&b, out);
}

/* ------------------------------------------------------------ JSON */

static json_t *headroom_arr(dh_jc *j, const dh_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->final.nsessions; i++) {
        const dh_session_rec *s = &r->final.sessions[i];
        for (size_t k = 0; k < s->ndesktops; k++) {
            const dh_desktop_rec *d = &s->desktops[k];
            json_t *o = json_object();
            dh_jset(j, o, "session", dh_ju64(s->id));
            dh_jset(j, o, "winsta", dh_jstr(d->winsta));
            dh_jset(j, o, "desktop", dh_jstr(d->desktop));
            dh_jset(j, o, "heap_kb", dh_ju64(d->heap_bytes / DH_KB));
            dh_jset(j, o, "used_bytes", dh_ju64(d->used_bytes));
            dh_jset(j, o, "headroom_bytes",
                        dh_ju64(d->heap_bytes - d->used_bytes));
            dh_jpush(j, a, o);
        }
    }
    return a;
}

static json_t *profile_obj(dh_jc *j, const dh_result *r)
{
    dh_heap_sizes hs;
    dh_heap_sizes_of(r, &hs);
    json_t *o = json_object(), *h = json_object(), *v = json_object();
    dh_jset(j, o, "os", dh_jstr(r->config.profile->id));
    dh_jset(j, o, "os_name", dh_jstr(r->config.profile->name));
    dh_jset(j, o, "shared_section",
                dh_jstr(r->config.shared_section_text));
    dh_jset(j, h, "interactive_kb", dh_ju64(hs.interactive_kb));
    dh_jset(j, h, "noninteractive_kb",
                dh_ju64(hs.noninteractive_kb));
    dh_jset(j, h, "winlogon_kb", dh_ju64(hs.winlogon_kb));
    dh_jset(j, h, "disconnect_kb", dh_ju64(hs.disconnect_kb));
    dh_jset(j, o, "heap_sizes", h);
    dh_jset(j, o, "fallback", json_boolean(hs.fallback));
    dh_jset(j, v, "size_kb", r->config.view_size == 0
                                       ? json_null()
                                       : dh_ju64(r->config.view_size /
                                                     DH_KB));
    dh_jset(j, v, "dynamic", json_boolean(r->config.profile->view_mode
                                                == DH_VIEW_DYNAMIC));
    dh_jset(j, v, "peak_used_kb", dh_ju64(r->view_peak_bytes /
                                                    DH_KB));
    dh_jset(j, v, "peak_session", dh_ju64(r->view_peak_session));
    dh_jset(j, v, "rule", dh_jstr(r->config.view_rule));
    dh_jset(j, o, "view_space", v);
    dh_jset(j, o, "first_failure",
                dh_json_first_failure(j, &r->first_failure));
    uint64_t min = 0;
    uint32_t sid;
    const char *ws, *dt;
    bool any = dh_min_headroom(r, &min, &sid, &ws, &dt);
    dh_jset(j, o, "min_headroom_kb",
                any ? dh_ju64(min / DH_KB) : json_null());
    dh_jset(j, o, "headroom", headroom_arr(j, r));
    return o;
}

dh_status dh_report_compare_json(const dh_compare *c, char **out)
{
    dh_jc j = {false};
    json_t *o = json_object(), *a = json_array();
    const dh_scenario *sc = c->n > 0 ? c->results[0]->scenario : NULL;
    dh_jset(&j, o, "dheapsim_version", dh_jstr(DH_VERSION));
    dh_jset(&j, o, "scenario", dh_json_scenario(&j, sc));
    for (size_t i = 0; i < c->n; i++)
        dh_jpush(&j, a, profile_obj(&j, c->results[i]));
    dh_jset(&j, o, "profiles", a);
    return dh_json_take(o, j.oom, out);
}

/* ------------------------------------------------------------ CSV */

static void csv_row(dh_buf *b, const dh_result *r)
{
    dh_heap_sizes hs;
    dh_heap_sizes_of(r, &hs);
    const dh_failure *f = &r->first_failure;
    uint64_t min = 0;
    uint32_t sid;
    const char *ws, *dt;
    dh_min_headroom(r, &min, &sid, &ws, &dt);
    dh_csv_field(b, r->config.profile->id);
    dh_buf_printf(b, ",%llu,%llu,%llu,%llu,%llu,%llu,%d,%zu,",
                  (unsigned long long)hs.interactive_kb,
                  (unsigned long long)hs.noninteractive_kb,
                  (unsigned long long)hs.winlogon_kb,
                  (unsigned long long)hs.disconnect_kb,
                  kb(r->config.view_size), kb(r->view_peak_bytes),
                  hs.fallback ? 1 : 0, f->happened ? f->step : 0);
    dh_csv_field(b, f->happened && f->kind ? f->kind : "");
    dh_buf_printf(b, ",%llu,", kb(min));
    if (f->happened && f->winsta != NULL) {
        dh_buf b2;
        dh_buf_init(&b2);
        dh_buf_printf(&b2, "%u\\%s\\%s", (unsigned)f->session, f->winsta,
                      f->desktop != NULL ? f->desktop : "");
        dh_csv_field(b, b2.oom || b2.data == NULL ? "" : b2.data);
        b->oom |= b2.oom;
        dh_buf_free(&b2);
    }
    dh_buf_printf(b, ",%llu\n", (unsigned long long)(f->happened
                                                      ? f->iteration : 0));
}

dh_status dh_report_compare_csv(const dh_compare *c, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_puts(&b, "os,interactive_kb,noninteractive_kb,winlogon_kb,"
                    "disconnect_kb,view_size_kb,view_used_kb,fallback,"
                    "first_failure_step,first_failure_kind,min_headroom_kb,"
                    "first_failure_where,first_failure_iteration\n");
    for (size_t i = 0; i < c->n; i++)
        csv_row(&b, c->results[i]);
    return dh_buf_take(&b, out);
}

/*
 * report_text.c — the human-readable report: configuration, a dheapmon-style
 * table per session (column widths measured from real dheapmon output),
 * the heap size rule of each desktop, events, failures, notes, assumptions.
 */
#include "report_private.h"

#include <string.h>

#define NAME_WIDTH 30 /* width of dheapmon's WinStation\Desktop column */

static const char *on_off(bool b)
{
    return b ? "on" : "off";
}

static unsigned long long kb(uint64_t bytes)
{
    return (unsigned long long)(bytes / DH_KB);
}

/* ------------------------------------------------------------ header */

static void header(dh_buf *b, const dh_result *r)
{
    const dh_config *c = &r->config;
    const dh_profile *p = c->profile;
    const dh_scenario *sc = r->scenario;
    dh_buf_printf(b, "dheapsim: %s\n",
                  sc != NULL && sc->name != NULL ? sc->name : "(no name)");
    dh_buf_printf(b, "OS: %s - %s", p->id, p->name);
    if (p->also != NULL && p->also[0] != '\0')
        dh_buf_printf(b, " (also %s)", p->also);
    dh_buf_printf(b, "\nSharedSection: %s -> shared %llu KB, interactive "
                  "%llu KB, non-interactive %llu KB%s\n",
                  c->shared_section_text,
                  (unsigned long long)c->ss.shared_kb,
                  (unsigned long long)c->ss.interactive_kb,
                  (unsigned long long)c->ss.noninteractive_kb,
                  c->shared_section_default ? " (profile default)" : "");
    const char *rule = c->view_rule != NULL ? c->view_rule : "?";
    if (c->view_size == 0)
        dh_buf_printf(b, "Session view space: dynamic, no cap (%s)\n", rule);
    else if (p->view_mode == DH_VIEW_DYNAMIC)
        dh_buf_printf(b, "Session view space: dynamic, cap %llu MB (%s)\n",
                      (unsigned long long)(c->view_size / DH_MB), rule);
    else
        dh_buf_printf(b, "Session view space: %llu MB (%s)\n",
                      (unsigned long long)(c->view_size / DH_MB), rule);
    dh_buf_printf(b, "/3GB: %s   DesktopHeapLogging: %s\n\n",
                  on_off(c->registry.boot_3gb),
                  on_off(c->registry.desktop_heap_logging));
}

/* ------------------------------------------------------------ dheapmon */

/* "  %-30s%9llu%17s" with the name written in two parts. */
static void desktop_row(dh_buf *b, const dh_desktop_rec *d)
{
    char pct[DH_TENTHS_LEN];
    size_t len = strlen(d->winsta) + 1 + strlen(d->desktop);
    int pad = len < NAME_WIDTH ? (int)(NAME_WIDTH - len) : 0;
    dh_buf_printf(b, "  %s\\%s%*s%9llu%17s\n", d->winsta, d->desktop, pad, "",
                  kb(d->heap_bytes),
                  dh_tenths_text(pct, dh_used_tenths(d->used_bytes,
                                                     d->heap_bytes)));
}

static void view_line(dh_buf *b, const dh_session_rec *s)
{
    uint64_t desktops = 0;
    for (size_t i = 0; i < s->ndesktops; i++)
        desktops += s->desktops[i].view_bytes;
    dh_buf_printf(b, "  View space: %llu KB used of ", kb(s->view_used));
    if (s->view_size == 0)
        dh_buf_puts(b, "unlimited");
    else
        dh_buf_printf(b, "%llu KB", kb(s->view_size));
    if (s->view_dynamic)
        dh_buf_printf(b, " (dynamic, reached %llu KB)", kb(s->view_extent));
    dh_buf_printf(b, " - shared heap %llu KB, other %llu KB, desktops "
                  "%llu KB\n", kb(s->shared_heap_bytes), kb(s->other_bytes),
                  kb(desktops));
    if (s->fallback)
        dh_buf_printf(b, "  Heap sizes fell back to %d KB interactive / "
                      "%d KB non-interactive (rule 3)\n",
                      DH_FALLBACK_INTERACTIVE_KB,
                      DH_FALLBACK_NONINTERACTIVE_KB);
}

/* One session as dheapmon prints it, then its view space; a blank line. */
static void session_table(dh_buf *b, const dh_session_rec *s)
{
    dh_buf_printf(b, "  Session ID: %4u Total Desktop: (%6llu KB - %4zu "
                  "desktops)\n\n", (unsigned)s->id,
                  kb(s->total_desktop_bytes), s->ndesktops);
    dh_buf_puts(b, "  WinStation\\Desktop            Heap Size(KB)    "
                   "Used Rate(%)\n");
    for (size_t i = 0; i < s->ndesktops; i++)
        desktop_row(b, &s->desktops[i]);
    dh_buf_puts(b, "\n");
    view_line(b, s);
    dh_buf_puts(b, "\n");
}

static void snapshot_tables(dh_buf *b, const dh_snapshot *snap)
{
    if (snap->nsessions == 0)
        dh_buf_puts(b, "  (no sessions)\n\n");
    for (size_t i = 0; i < snap->nsessions; i++)
        session_table(b, &snap->sessions[i]);
}

static void heap_rules(dh_buf *b, const dh_snapshot *snap)
{
    dh_buf_puts(b, "Heap size rules:\n");
    for (size_t i = 0; i < snap->nsessions; i++) {
        const dh_session_rec *s = &snap->sessions[i];
        for (size_t j = 0; j < s->ndesktops; j++) {
            const dh_desktop_rec *d = &s->desktops[j];
            dh_buf_printf(b, "  %u\\%s\\%s: %llu KB - %s [%s]\n",
                          (unsigned)s->id, d->winsta, d->desktop,
                          kb(d->heap_bytes), dh_heap_rule_name(d->rule),
                          dh_heap_rule_source(d->rule));
        }
    }
    dh_buf_puts(b, "\n");
}

static void consumer_line(dh_buf *b, const dh_consumer *c)
{
    dh_buf_printf(b, "    %-24s %10llu bytes", c->name,
                  (unsigned long long)c->bytes);
    if (c->processes > 1)
        dh_buf_printf(b, " (%llu processes)",
                      (unsigned long long)c->processes);
    const char *sep = ":";
    for (int t = 0; t < DH_OBJ_TYPE_COUNT; t++)
        if (c->objects[t] != 0) {
            dh_buf_printf(b, "%s %llu %s", sep,
                          (unsigned long long)c->objects[t],
                          dh_obj_type_name((dh_obj_type)t));
            sep = ",";
        }
    dh_buf_puts(b, "\n");
}

/* The allocator's view of each heap and who holds it (seed comment 56). */
static void heap_detail(dh_buf *b, const dh_snapshot *snap)
{
    dh_buf_puts(b, "Desktop heaps (bytes; Used Rate = used / heap size):\n");
    for (size_t i = 0; i < snap->nsessions; i++) {
        const dh_session_rec *s = &snap->sessions[i];
        for (size_t j = 0; j < s->ndesktops; j++) {
            const dh_desktop_rec *d = &s->desktops[j];
            dh_buf_printf(b, "  %u\\%s\\%s: used %llu of %llu (header "
                          "%llu), committed %llu, free %llu in %llu "
                          "blocks, largest free %llu, %llu busy blocks\n",
                          (unsigned)s->id, d->winsta, d->desktop,
                          (unsigned long long)d->used_bytes,
                          (unsigned long long)d->heap_bytes,
                          (unsigned long long)d->header_bytes,
                          (unsigned long long)d->committed_bytes,
                          (unsigned long long)d->free_bytes,
                          (unsigned long long)d->free_blocks,
                          (unsigned long long)d->largest_free_bytes,
                          (unsigned long long)d->busy_blocks);
            for (size_t k = 0; k < d->nconsumers; k++)
                consumer_line(b, &d->consumers[k]);
        }
    }
    dh_buf_puts(b, "\n");
}

static void snapshots(dh_buf *b, const dh_result *r)
{
    for (size_t i = 0; i < r->nsnapshots; i++) {
        const dh_snapshot *s = &r->snapshots[i];
        dh_buf_printf(b, "Snapshot \"%s\" after step %zu:\n\n",
                      s->label != NULL ? s->label : "(no label)", s->step);
        snapshot_tables(b, s);
    }
}

/* ------------------------------------------------------------ events */

static void event_line(dh_buf *b, const dh_event *e)
{
    dh_buf_printf(b, "  step %zu.%llu session %u", e->step,
                  (unsigned long long)e->iteration, (unsigned)e->session);
    if (e->winsta != NULL)
        dh_buf_printf(b, " %s\\%s", e->winsta,
                      e->desktop != NULL ? e->desktop : "");
    if (e->process != NULL)
        dh_buf_printf(b, " process %s", e->process);
    if (e->event_id == 243 || e->event_id == 244)
        dh_buf_printf(b, ": Event %d", e->event_id);
    else
        dh_buf_printf(b, ": %s", dh_event_kind_name(e->kind));
    dh_buf_printf(b, ": %s\n", e->text != NULL ? e->text : "");
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The same event again: only the iteration differs. */
static bool repeats_event(const dh_event *a, const dh_event *b)
{
    return a->step == b->step && a->kind == b->kind &&
           a->event_id == b->event_id && a->session == b->session &&
           same_str(a->winsta, b->winsta) && same_str(a->desktop, b->desktop) &&
           same_str(a->process, b->process) && same_str(a->text, b->text);
}

#define EVENT_REPEATS_SHOWN 3 /* identical lines printed before "N more" */

static void events(dh_buf *b, const dh_result *r)
{
    if (r->nevents == 0 && r->events_dropped == 0) {
        dh_buf_puts(b, "Events: none\n\n");
        return;
    }
    dh_buf_puts(b, "Events:\n");
    for (size_t i = 0; i < r->nevents;) {
        size_t j = i + 1;
        while (j < r->nevents && repeats_event(&r->events[i], &r->events[j]))
            j++;
        size_t shown = j - i > EVENT_REPEATS_SHOWN + 1 ? EVENT_REPEATS_SHOWN
                                                       : j - i;
        for (size_t k = i; k < i + shown; k++)
            event_line(b, &r->events[k]);
        if (shown < j - i)
            dh_buf_printf(b, "  ... and %zu more like it (through step "
                          "%zu.%llu)\n", j - i - shown, r->events[j - 1].step,
                          (unsigned long long)r->events[j - 1].iteration);
        i = j;
    }
    if (r->events_dropped > 0)
        dh_buf_printf(b, "  ... and %llu more failures not listed\n",
                      (unsigned long long)r->events_dropped);
    dh_buf_puts(b, "\n");
}

static void first_failure(dh_buf *b, const dh_failure *f)
{
    if (!f->happened) {
        dh_buf_puts(b, "First failure: none\n\n");
        return;
    }
    const char *kind = f->kind != NULL ? f->kind : "?";
    dh_buf_printf(b, "First failure: step %zu.%llu", f->step,
                  (unsigned long long)f->iteration);
    if (f->label != NULL && f->member != NULL)
        dh_buf_printf(b, " (%s, at its member '%s')", f->label, f->member);
    else if (f->member != NULL)
        dh_buf_printf(b, " (at the unit's member '%s')", f->member);
    else if (f->label != NULL)
        dh_buf_printf(b, " (%s)", f->label);
    dh_buf_printf(b, " - %s in session %u", kind, (unsigned)f->session);
    if (f->winsta != NULL)
        dh_buf_printf(b, " %s\\%s", f->winsta,
                      f->desktop != NULL ? f->desktop : "");
    if (f->process != NULL)
        dh_buf_printf(b, ", process %s", f->process);
    dh_buf_printf(b, "\n  symptom: %s\n",
                  f->symptom != NULL ? f->symptom : "");
    if (f->limit != NULL)
        dh_buf_printf(b, "  limit: %s\n", f->limit);
    if (strcmp(kind, "view_space") == 0)
        dh_buf_printf(b, "  needed %llu KB of view space, largest free run "
                      "%llu KB\n\n", kb(f->need_bytes), kb(f->free_bytes));
    else if (strcmp(kind, "desktop_heap") == 0 && f->heap_outcome != NULL)
        dh_buf_printf(b, "  needed a %llu-byte block, %llu bytes free, "
                      "largest free block %llu bytes%s\n\n",
                      (unsigned long long)f->need_bytes,
                      (unsigned long long)f->free_bytes,
                      (unsigned long long)f->largest_free_bytes,
                      strcmp(f->heap_outcome, "fragmented") == 0
                          ? " (the heap is fragmented: enough bytes are "
                            "free, but no one block is large enough)"
                          : "");
    else if (strstr(kind, "handle") != NULL)
        dh_buf_printf(b, "  needed %llu more handles, %llu left\n\n",
                      (unsigned long long)f->need_bytes,
                      (unsigned long long)f->free_bytes);
    else
        dh_buf_printf(b, "  needed %llu bytes, %llu bytes free\n\n",
                      (unsigned long long)f->need_bytes,
                      (unsigned long long)f->free_bytes);
}

static void failure_counts(dh_buf *b, const dh_result *r)
{
    bool any = false;
    for (int k = 0; k < DH_EV_KIND_COUNT; k++)
        any = any || r->failures[k] != 0;
    if (!any) {
        dh_buf_puts(b, "Failures: none\n\n");
        return;
    }
    dh_buf_puts(b, "Failures:\n");
    /* Windows logs Event 243/244 once per session; the failures that met
     * their condition are counted apart (seed comment 50). */
    if (r->failures[DH_EV_EVENTLOG_243] != 0)
        dh_buf_printf(b, "  Event 243 logged: %llu (once per session)\n"
                      "  desktop heap allocation failures: %llu\n",
                      (unsigned long long)r->logged_243,
                      (unsigned long long)r->failures[DH_EV_EVENTLOG_243]);
    if (r->failures[DH_EV_EVENTLOG_244] != 0)
        dh_buf_printf(b, "  Event 244 logged: %llu (once per session)\n"
                      "  desktops not created for want of view space: "
                      "%llu\n", (unsigned long long)r->logged_244,
                      (unsigned long long)r->failures[DH_EV_EVENTLOG_244]);
    for (int k = 0; k < DH_EV_KIND_COUNT; k++)
        if (r->failures[k] != 0 && k != DH_EV_EVENTLOG_243 &&
            k != DH_EV_EVENTLOG_244)
            dh_buf_printf(b, "  %s: %llu\n",
                          dh_event_kind_name((dh_event_kind)k),
                          (unsigned long long)r->failures[k]);
    dh_buf_puts(b, "\n");
}

static void repeats(dh_buf *b, const dh_result *r)
{
    if (r->nrepeats == 0)
        return;
    dh_buf_puts(b, "Repeat until failure:\n");
    for (size_t i = 0; i < r->nrepeats; i++) {
        const dh_repeat_result *rr = &r->repeats[i];
        dh_buf_printf(b, "  step %zu", rr->step);
        if (rr->label != NULL)
            dh_buf_printf(b, " (%s)", rr->label);
        dh_buf_printf(b, ": %llu succeeded, stopped by %s",
                      (unsigned long long)rr->succeeded,
                      rr->stopped_by != NULL ? rr->stopped_by : "?");
        if (rr->failed_member != NULL)
            dh_buf_printf(b, " at its member '%s'", rr->failed_member);
        dh_buf_puts(b, "\n");
    }
    dh_buf_puts(b, "\n");
}

/* ------------------------------------------------------------ notes */

static void notes(dh_buf *b, const dh_result *r)
{
    if (r->nnotes == 0) {
        dh_buf_puts(b, "Notes: none\n\n");
        return;
    }
    dh_buf_puts(b, "Notes:\n");
    for (size_t i = 0; i < r->nnotes; i++)
        dh_buf_printf(b, "  - %s [%s]\n", r->notes[i].text,
                      r->notes[i].source != NULL ? r->notes[i].source : "");
    dh_buf_puts(b, "\n");
}

static void assumption_value(dh_buf *b, const char *unit, uint64_t v)
{
    unsigned long long u = (unsigned long long)v;
    if (strcmp(unit, "bool") == 0)
        dh_buf_puts(b, v ? "true" : "false");
    else if (strcmp(unit, "luid") == 0)
        dh_buf_printf(b, "0x%llx", u);
    else if (strcmp(unit, "fit") == 0)
        dh_buf_puts(b, dh_fit_policy_name((dh_fit_policy)v));
    else if (strcmp(unit, "percent") == 0)
        dh_buf_printf(b, "%llu %%", u);
    else if (strcmp(unit, "KB") == 0 || strcmp(unit, "MB") == 0)
        dh_buf_printf(b, "%llu %s", u, unit);
    else if (strcmp(unit, "bytes") == 0)
        dh_buf_printf(b, "%llu bytes", u);
    else
        dh_buf_printf(b, "%llu", u);
}

static void assumptions(dh_buf *b, const dh_assumptions *a)
{
    dh_buf_puts(b, "Assumptions (override in the scenario's "
                   "\"assumptions\"):\n");
    for (int i = 0; i < DH_A_COUNT; i++) {
        const dh_assumption_info *info = dh_assumption_info_at(i);
        dh_buf_printf(b, "  %s = ", info->key);
        assumption_value(b, info->unit, dh_assumption_value(a, i));
        if (a->overridden & (1u << i))
            dh_buf_puts(b, "  (set by scenario)");
        dh_buf_printf(b, " - %s\n", info->why);
    }
}

dh_status dh_report_text(const dh_result *r, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    header(&b, r);
    snapshot_tables(&b, &r->final);
    heap_rules(&b, &r->final);
    heap_detail(&b, &r->final);
    snapshots(&b, r);
    events(&b, r);
    first_failure(&b, &r->first_failure);
    failure_counts(&b, r);
    repeats(&b, r);
    notes(&b, r);
    assumptions(&b, &r->config.assume);
    return dh_buf_take(&b, out);
}

/* ------------------------------------------------------------ shared */

void dh_text_header(dh_buf *b, const dh_result *r)
{
    header(b, r);
}

void dh_text_tables(dh_buf *b, const dh_snapshot *snap)
{
    snapshot_tables(b, snap);
}

void dh_text_first_failure(dh_buf *b, const dh_failure *f)
{
    first_failure(b, f);
}

void dh_text_notes(dh_buf *b, const dh_result *r)
{
    notes(b, r);
}

void dh_text_assumptions(dh_buf *b, const dh_assumptions *a)
{
    assumptions(b, a);
}

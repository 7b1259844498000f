/*
 * explain_failure.c — the first failure's chain for `dheapsim explain`:
 * the step and allocation, the heap or view space it needed, why it did
 * not fit, the event and symptom (KB 184802; seed), and the registry
 * change that would have made that allocation fit (rules 1-3).
 */
#include "explain.h"

#include <string.h>

static unsigned long long kb(uint64_t bytes)
{
    return (unsigned long long)(bytes / DH_KB);
}

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

/* The failed desktop's record at the end of the run, if still open. */
static const dh_desktop_rec *failed_desktop(const dh_snapshot *s,
                                            const dh_failure *f)
{
    for (size_t i = 0; s != NULL && i < s->nsessions; i++) {
        if (s->sessions[i].id != f->session)
            continue;
        for (size_t j = 0; j < s->sessions[i].ndesktops; j++) {
            const dh_desktop_rec *d = &s->sessions[i].desktops[j];
            if (f->winsta && f->desktop && !strcmp(d->winsta, f->winsta) &&
                !strcmp(d->desktop, f->desktop))
                return d;
        }
    }
    return NULL;
}

/* The failure's own event (not the event-log one) and its log event. */
static void find_events(const dh_result *r, const dh_failure *f,
                        const dh_event **what, const dh_event **logged)
{
    *what = *logged = NULL;
    for (size_t i = 0; i < r->nevents; i++) {
        const dh_event *e = &r->events[i];
        if (e->step != f->step || e->iteration != f->iteration)
            continue;
        if (e->event_id != 0 && *logged == NULL)
            *logged = e;
        else if (e->event_id == 0 && *what == NULL)
            *what = e;
    }
}

static void heap_change(dh_buf *b, const dh_config *c, const dh_failure *f,
                        const dh_desktop_rec *d)
{
    const dh_shared_section *ss = &c->ss;
    uint64_t page = c->profile->page_size;
    /* When the free bytes are one block (the end of the heap), growing the
     * heap by the shortfall makes that block large enough; when they are
     * scattered (fragmented), only room for the whole block at the end is
     * sure to help. */
    bool one_block = f->heap_outcome == NULL ||
                     f->largest_free_bytes == f->free_bytes;
    uint64_t short_by = !one_block ? f->need_bytes
                        : f->need_bytes > f->free_bytes
                            ? f->need_bytes - f->free_bytes : 0;
    uint64_t want = ceil_div(d->heap_bytes + short_by, page) * page;
    unsigned long long w = (unsigned long long)ceil_div(want, DH_KB);
    switch (d->rule) {
    case DH_RULE_INTERACTIVE:
        dh_buf_printf(b, "a SharedSection 2nd value of at least %llu KB "
                      "(now %llu): SharedSection=%llu,%llu,%llu [KB 184802]",
                      w, (unsigned long long)ss->interactive_kb,
                      (unsigned long long)ss->shared_kb, w,
                      (unsigned long long)ss->noninteractive_kb);
        break;
    case DH_RULE_NONINTERACTIVE:
    case DH_RULE_NONINTERACTIVE_2ND:
        dh_buf_printf(b, "a SharedSection 3rd value of at least %llu KB "
                      "(now %llu): SharedSection=%llu,%llu,%llu [KB 184802]",
                      w, (unsigned long long)ss->noninteractive_kb,
                      (unsigned long long)ss->shared_kb,
                      (unsigned long long)ss->interactive_kb, w);
        break;
    case DH_RULE_FALLBACK_INTERACTIVE:
    case DH_RULE_FALLBACK_NONINTERACTIVE:
        dh_buf_puts(b, "this heap had the safe fallback size because the "
                       "view-space reservation failed at session start: "
                       "make the reservation fit first (see above)");
        break;
    case DH_RULE_FIXED_WINLOGON:
    case DH_RULE_FIXED_DISCONNECT:
        dh_buf_puts(b, "none: no registry value sizes this heap (fixed by "
                       "the OS, seed comment 20); run less on it");
        break;
    case DH_RULE_EXPLICIT:
        dh_buf_puts(b, "none: the program chose this size with "
                       "CreateDesktopEx (seed comment 52)");
        break;
    }
    dh_buf_puts(b, ".\n    It makes this one allocation fit; a workload "
                   "that keeps growing fails later, and every heap of that "
                   "kind takes more view space.\n");
}

static void view_change(dh_buf *b, const dh_config *c, const dh_failure *f,
                        uint64_t view_size)
{
    const dh_profile *p = c->profile;
    /* When the free bytes are one block (the end of the heap), growing the
     * heap by the shortfall makes that block large enough; when they are
     * scattered (fragmented), only room for the whole block at the end is
     * sure to help. */
    bool one_block = f->heap_outcome == NULL ||
                     f->largest_free_bytes == f->free_bytes;
    uint64_t short_by = !one_block ? f->need_bytes
                        : f->need_bytes > f->free_bytes
                            ? f->need_bytes - f->free_bytes : 0;
    unsigned long long mb =
        (unsigned long long)ceil_div(view_size + short_by, DH_MB);
    if (p->view_mode == DH_VIEW_DYNAMIC) {
        dh_buf_printf(b, "view space is dynamic here; the cap is the "
                      "assumption dynamic_view_cap_mb: at least %llu MB "
                      "[P9]", mb);
    } else if (p->view_mode != DH_VIEW_FIXED) {
        dh_buf_printf(b, "none on %s: its view region is fixed and "
                      "SessionViewSize is not honoured (%s); use fewer or "
                      "smaller heaps (a smaller SharedSection 3rd value)",
                      p->id, p->src_view);
    } else if (c->view_3gb_forced) {
        dh_buf_printf(b, "boot without /3GB (with it session view space is "
                      "20 MB whatever SessionViewSize says [P7; KB 184802]),"
                      " then SessionViewSize of at least %llu MB; or a "
                      "smaller SharedSection 3rd value", mb);
    } else {
        dh_buf_printf(b, "SessionViewSize of at least %llu MB (now %llu MB) "
                      "[KB 184802]; or a smaller SharedSection 3rd value, so "
                      "that each non-interactive heap takes less view space",
                      mb, (unsigned long long)(view_size / DH_MB));
    }
    dh_buf_puts(b, ".\n    That fits this one desktop (first fit, when the "
                   "free space is at the end); a workload that keeps "
                   "creating stations fails later.\n");
}

void dh_explain_failure(dh_buf *b, const dh_result *r,
                        const dh_snapshot *at_end)
{
    const dh_failure *f = &r->first_failure;
    dh_buf_puts(b, "What failed first, and why\n");
    if (!f->happened) {
        dh_buf_puts(b, "  Nothing failed: every desktop was created and "
                       "every allocation fitted.\n\n");
        return;
    }
    const dh_scenario *sc = r->scenario;
    const char *action = sc != NULL && f->step >= 1 && f->step <= sc->nsteps
                             ? dh_step_kind_name(sc->steps[f->step - 1].kind)
                             : "session start";
    dh_buf_printf(b, "  when: step %zu, iteration %llu%s%s%s: %s\n", f->step,
                  (unsigned long long)f->iteration, f->label ? " (" : "",
                  f->label ? f->label : "", f->label ? ")" : "", action);
    const dh_event *what, *logged;
    find_events(r, f, &what, &logged);
    if (what != NULL)
        dh_buf_printf(b, "  what was asked: %s\n", what->text);
    bool view = f->kind != NULL && strcmp(f->kind, "view_space") == 0;
    const dh_desktop_rec *d = failed_desktop(at_end, f);
    uint64_t view_size = r->config.view_size;
    if (view) {
        dh_buf_printf(b, "  where: session %u view space (%llu KB), for the "
                      "heap of %s\\%s\n", (unsigned)f->session,
                      kb(view_size), f->winsta ? f->winsta : "?",
                      f->desktop ? f->desktop : "?");
        dh_buf_printf(b, "  why it did not fit: the heap needs a view of "
                      "%llu KB and the largest free run of view space was "
                      "%llu KB, so the desktop was not created\n",
                      kb(f->need_bytes), kb(f->free_bytes));
    } else if (d != NULL) {
        dh_buf_printf(b, "  where: desktop heap %u\\%s\\%s, %llu KB (%s)\n",
                      (unsigned)f->session, d->winsta, d->desktop,
                      kb(d->heap_bytes), dh_heap_rule_name(d->rule));
        if (f->heap_outcome != NULL &&
            strcmp(f->heap_outcome, "fragmented") == 0)
            dh_buf_printf(b, "  why it did not fit: it needed a %llu-byte "
                          "block; %llu of the heap's %llu bytes were free, "
                          "but the largest free block was %llu bytes: the "
                          "heap is fragmented (free blocks coalesce only "
                          "with free neighbours; reactos-notes s.6)\n",
                          (unsigned long long)f->need_bytes,
                          (unsigned long long)f->free_bytes,
                          (unsigned long long)d->heap_bytes,
                          (unsigned long long)f->largest_free_bytes);
        else if (f->heap_outcome != NULL &&
                 strcmp(f->heap_outcome, "too_big") == 0)
            dh_buf_printf(b, "  why it did not fit: a %llu-byte block is "
                          "above the largest block a desktop heap hands out "
                          "(max_block_kb; reactos-notes s.6)\n",
                          (unsigned long long)f->need_bytes);
        else
            dh_buf_printf(b, "  why it did not fit: it needed a %llu-byte "
                          "block and only %llu of the heap's %llu bytes "
                          "were free\n",
                          (unsigned long long)f->need_bytes,
                          (unsigned long long)f->free_bytes,
                          (unsigned long long)d->heap_bytes);
    } else {
        dh_buf_printf(b, "  where: %s in session %u (%s); needed %llu, "
                      "%llu left\n", f->kind ? f->kind : "?",
                      (unsigned)f->session, f->limit ? f->limit : "?",
                      (unsigned long long)f->need_bytes,
                      (unsigned long long)f->free_bytes);
    }
    if (logged != NULL)
        dh_buf_printf(b, "  event: Event %d logged: \"%s\" (win32k logs it "
                      "once per session when DesktopHeapLogging is on) "
                      "[KB 184802; KB 947246]\n", logged->event_id,
                      logged->text);
    else
        dh_buf_printf(b, "  event: none logged (DesktopHeapLogging %s, or "
                      "already logged in this session)\n",
                      r->config.registry.desktop_heap_logging ? "on"
                                                              : "off");
    dh_buf_printf(b, "  symptom: %s [KB 184802; seed]\n",
                  f->symptom ? f->symptom : "?");
    dh_buf_puts(b, "  the registry change that would have avoided it: ");
    if (view)
        view_change(b, &r->config, f, view_size);
    else if (d != NULL)
        heap_change(b, &r->config, f, d);
    else
        dh_buf_puts(b, "none found: the desktop is gone by the end of the "
                       "run.\n");
    for (size_t i = 0; i < r->nrepeats; i++)
        if (r->repeats[i].step == f->step)
            dh_buf_printf(b, "  The step repeats until failure: %llu "
                          "iterations succeeded before this one.\n",
                          (unsigned long long)r->repeats[i].succeeded);
    dh_buf_puts(b, "\n");
}

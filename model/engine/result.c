/*
 * result.c — the run's result: notes (rules applied, assumptions used),
 * events (Event 243/244 as logged, and every failure), the first failure,
 * repeat results, snapshots and the CSV trace; and freeing it all.
 */
#include "result.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 10000 /* recorded; failures beyond are only counted */

/* Notes by text, open addressing over indices into r->notes: each note is
 * kept once, and finding it costs the same with ten notes or a million
 * (a failing probe adds one per skipped iteration: issue 14). */
struct dh_note_set {
    size_t *slot; /* index + 1; 0 = empty */
    size_t cap;   /* a power of two, at least twice the notes */
};

static uint64_t text_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot holding text, or the empty slot where it would go. */
static size_t *set_find(const struct dh_note_set *set, const dh_note *notes,
                        const char *text)
{
    size_t i = (size_t)text_hash(text) & (set->cap - 1);
    while (set->slot[i] != 0 &&
           strcmp(notes[set->slot[i] - 1].text, text) != 0)
        i = (i + 1) & (set->cap - 1);
    return &set->slot[i];
}

static dh_status set_grow(dh_result *r)
{
    struct dh_note_set *set = r->note_set;
    if (set == NULL) {
        set = calloc(1, sizeof *set);
        if (set == NULL)
            return DH_ENOMEM;
        r->note_set = set;
    }
    if (set->cap >= 2 * (r->nnotes + 1))
        return DH_OK;
    size_t nc = set->cap ? set->cap * 2 : 64;
    size_t *ns = calloc(nc, sizeof *ns);
    if (ns == NULL)
        return DH_ENOMEM;
    free(set->slot);
    set->slot = ns;
    set->cap = nc;
    for (size_t i = 0; i < r->nnotes; i++)
        *set_find(set, r->notes, r->notes[i].text) = i + 1;
    return DH_OK;
}

dh_status dh_result_note(dh_result *r, const char *source, const char *fmt,
                         ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (set_grow(r) != DH_OK)
        return DH_ENOMEM;
    size_t *slot = set_find(r->note_set, r->notes, buf);
    if (*slot != 0)
        return DH_OK; /* each note once */
    if (r->nnotes == r->capnotes) {
        size_t nc = r->capnotes ? r->capnotes * 2 : 16;
        dh_note *p = realloc(r->notes, nc * sizeof *p);
        if (p == NULL)
            return DH_ENOMEM;
        r->notes = p;
        r->capnotes = nc;
    }
    dh_note *n = &r->notes[r->nnotes];
    n->text = strdup(buf);
    n->source = source;
    if (n->text == NULL)
        return DH_ENOMEM;
    r->nnotes++;
    *slot = r->nnotes;
    return DH_OK;
}

dh_status dh_result_event(dh_result *r, const dh_event *ev)
{
    if (r->nevents >= MAX_EVENTS) {
        r->events_dropped++;
        return DH_OK;
    }
    if (r->nevents == r->capevents) {
        size_t nc = r->capevents ? r->capevents * 2 : 16;
        dh_event *p = realloc(r->events, nc * sizeof *p);
        if (p == NULL)
            return DH_ENOMEM;
        r->events = p;
        r->capevents = nc;
    }
    dh_event *e = &r->events[r->nevents];
    *e = *ev;
    e->winsta = ev->winsta ? strdup(ev->winsta) : NULL;
    e->desktop = ev->desktop ? strdup(ev->desktop) : NULL;
    e->process = ev->process ? strdup(ev->process) : NULL;
    e->text = strdup(ev->text);
    if (e->text == NULL || (ev->winsta && !e->winsta) ||
        (ev->desktop && !e->desktop) || (ev->process && !e->process))
        return DH_ENOMEM;
    r->nevents++;
    return DH_OK;
}

static void free_event(dh_event *e)
{
    free(e->winsta);
    free(e->desktop);
    free(e->process);
    free(e->text);
}

void dh_result_free(dh_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nnotes; i++)
        free(r->notes[i].text);
    free(r->notes);
    if (r->note_set != NULL)
        free(r->note_set->slot);
    free(r->note_set);
    for (size_t i = 0; i < r->nevents; i++)
        free_event(&r->events[i]);
    free(r->events);
    free(r->first_failure.label);
    free(r->first_failure.winsta);
    free(r->first_failure.desktop);
    free(r->first_failure.process);
    free(r->first_failure.member);
    for (size_t i = 0; i < r->nrepeats; i++) {
        free(r->repeats[i].label);
        free(r->repeats[i].failed_member);
    }
    free(r->repeats);
    for (size_t i = 0; i < r->nsnapshots; i++)
        dh_snapshot_free(&r->snapshots[i]);
    free(r->snapshots);
    dh_snapshot_free(&r->final);
    dh_snapshot_free(&r->at_step);
    for (size_t i = 0; i < r->ntrace; i++) {
        free(r->trace[i].winsta);
        free(r->trace[i].desktop);
    }
    free(r->trace);
    free(r->vtrace);
    free(r);
}

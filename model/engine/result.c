/*
 * result.c — the run's result: notes (rules applied, assumptions used),
 * events (Event 243/244 as logged, and every failure), the first failure,
 * repeat results, snapshots and the CSV trace; and freeing it all.
 */
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 10000 /* recorded; failures beyond are only counted */

dh_status dh_result_note(dh_result *r, const char *source, const char *fmt,
                         ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < r->nnotes; i++)
        if (strcmp(r->notes[i].text, buf) == 0)
            return DH_OK; /* each note once */
    size_t cap = r->nnotes; /* grow exactly: notes are few */
    dh_note *p = realloc(r->notes, (cap + 1) * sizeof *p);
    if (p == NULL)
        return DH_ENOMEM;
    r->notes = p;
    p[r->nnotes].text = strdup(buf);
    p[r->nnotes].source = source;
    if (p[r->nnotes].text == NULL)
        return DH_ENOMEM;
    r->nnotes++;
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
    for (size_t i = 0; i < r->nevents; i++)
        free_event(&r->events[i]);
    free(r->events);
    free(r->first_failure.label);
    free(r->first_failure.winsta);
    free(r->first_failure.desktop);
    free(r->first_failure.process);
    for (size_t i = 0; i < r->nrepeats; i++)
        free(r->repeats[i].label);
    free(r->repeats);
    for (size_t i = 0; i < r->nsnapshots; i++)
        dh_snapshot_free(&r->snapshots[i]);
    free(r->snapshots);
    dh_snapshot_free(&r->final);
    for (size_t i = 0; i < r->ntrace; i++) {
        free(r->trace[i].winsta);
        free(r->trace[i].desktop);
    }
    free(r->trace);
    free(r->vtrace);
    free(r);
}

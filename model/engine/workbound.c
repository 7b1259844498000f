/*
 * workbound.c — the work a run may do, bounded before it starts: heap
 * operations (iterations x blocks per iteration) and view-space granules
 * (desktops x the largest heap's view), estimated from above with the
 * run's configuration, so an accepted scenario runs in bounded time and
 * memory (README "Hardening"). No source: a model limit.
 */
#include "engine_private.h"

#include <stdio.h>

/* Blocks a desktop-heap operation of any kind adds to the estimate for
 * what is not a recipe line: a desktop's own objects, a station's, a
 * process's thread state. Generous on purpose. */
#define OPS_DESKTOP 8u
#define OPS_PROCESS 8u
#define DESKTOPS_PER_LOGON 4u /* WinSta0's three and one more */

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
    return a / b + (a % b != 0);
}

typedef struct {
    const dh_config *cfg;
    dh_cost_end end;
    uint64_t heap;        /* the largest heap a desktop of the run can have */
    uint64_t service_heap; /* a per-logon station's (non-interactive) */
    uint64_t heap_blocks; /* the most blocks that heap holds */
    uint64_t opaque;      /* opaque request cap (assumption opaque_block) */
} bound;

/* Blocks the lines ask for: a window with its title and properties, a
 * menu with its items, an opaque amount in opaque_block pieces. */
static uint64_t lines_ops(const bound *b, const dh_obj_spec *l, size_t n)
{
    uint64_t ops = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t per = 1;
        if (l[i].type == DH_OBJ_WINDOW)
            per += (l[i].chars > 0) + l[i].props;
        else if (l[i].type == DH_OBJ_MENU)
            per += l[i].extra > 0;
        else if (l[i].type == DH_OBJ_OPAQUE && l[i].bytes > b->opaque)
            per = ceil_div(l[i].bytes, b->opaque);
        ops = sat_add(ops, sat_mul(l[i].count, per));
    }
    return ops;
}

/* What a process of the step puts in its heap when it starts. */
static uint64_t process_ops(const bound *b, const dh_step *s)
{
    const dh_config *c = b->cfg;
    dh_obj_spec l[DH_RECIPE_MAX_LINES];
    uint64_t ops = OPS_PROCESS;
    if (dh_profile_has_conhost(c->profile)) /* whether or not it gets one */
        ops += lines_ops(b, l, dh_catalogue_lines(dh_catalogue_conhost(),
                         b->end, &c->assume, c->profile, l,
                         DH_RECIPE_MAX_LINES));
    if (s->proc_kind == DH_KIND_OBJECTS)
        return sat_add(ops, lines_ops(b, s->objects, s->nobjects));
    if (s->proc_kind == DH_KIND_RAW) {
        uint64_t raw = s->cost_ranged && s->cost_high > s->cost_bytes
                       ? s->cost_high : s->cost_bytes;
        return ops + ceil_div(raw, b->opaque);
    }
    size_t n = s->proc_kind == DH_KIND_CATALOGUE
        ? dh_catalogue_lines(dh_catalogue_at((size_t)s->catalogue), b->end,
                             &c->assume, c->profile, l, DH_RECIPE_MAX_LINES)
        : dh_recipe_lines_at(s->proc_kind, b->end, &c->assume, c->profile,
                             l, DH_RECIPE_MAX_LINES);
    return sat_add(ops, lines_ops(b, l, n));
}

static uint64_t window_ops(const dh_step *s)
{
    return 1 + (s->title_chars > 0) + s->props + OPS_PROCESS;
}

/* Heap operations one iteration of a step (not a unit) asks for at most.
 * What goes to one heap is capped at the blocks that heap holds, plus the
 * one that fails: an operation stops at its first failure. */
static uint64_t step_ops(const bound *b, const dh_step *s, bool *keeps)
{
    uint64_t ops = 1, one_heap = 0;
    /* Its iterations keep what they allocate, in one heap: a process's
     * objects, a process's windows, a desktop's charge. */
    *keeps = s->kind == DH_STEP_START_PROCESS ||
             s->kind == DH_STEP_START_TASK ||
             s->kind == DH_STEP_CREATE_WINDOWS ||
             s->kind == DH_STEP_CHARGE || s->kind == DH_STEP_CREATE_OBJECTS;
    switch (s->kind) {
    case DH_STEP_LOGON_SESSION: /* its desktops and their starting load */
        ops = sat_mul(DESKTOPS_PER_LOGON,
                      OPS_DESKTOP + b->heap / b->opaque + 1);
        break;
    case DH_STEP_START_SERVICE:
    case DH_STEP_START_APP_POOL: /* a per-logon station's desktop too */
        ops = OPS_DESKTOP + b->service_heap / b->opaque + 1;
        one_heap = process_ops(b, s);
        break;
    case DH_STEP_START_PROCESS:
    case DH_STEP_START_TASK:
        one_heap = process_ops(b, s);
        break;
    case DH_STEP_CREATE_WINDOWS:
        one_heap = window_ops(s);
        break;
    case DH_STEP_CHURN_WINDOWS:
        one_heap = sat_add(2 * window_ops(s),
                           ceil_div(s->leak_bytes, b->opaque) + 1);
        break;
    case DH_STEP_CHARGE:
        one_heap = ceil_div(s->used_pct_given ? b->heap : s->bytes,
                            b->opaque) + 1;
        break;
    case DH_STEP_CREATE_OBJECTS:
        one_heap = sat_add(OPS_PROCESS,
                           lines_ops(b, s->objects, s->nobjects));
        break;
    case DH_STEP_CREATE_DESKTOP:
        ops = OPS_DESKTOP;
        break;
    default: /* stops, closes, destroys, snapshots: no more than were made */
        break;
    }
    if (one_heap > b->heap_blocks + 1)
        one_heap = b->heap_blocks + 1;
    return sat_add(ops, one_heap);
}

static dh_status refuse(const dh_scenario *sc, size_t i, const char *what,
                        uint64_t n, uint64_t limit, dh_error *err)
{
    const dh_step *s = &sc->steps[i];
    dh_error_set(err, DH_ELIMIT, "%s: %llu, more than the model's limit of "
                 "%llu (README: Hardening)", what, (unsigned long long)n,
                 (unsigned long long)limit);
    if (err != NULL) {
        snprintf(err->file, sizeof err->file, "%s", sc->file ? sc->file : "");
        snprintf(err->path, sizeof err->path, "$.steps[%zu]%s", i,
                 s->count_given ? ".count"
                 : s->repeat_until_failure ? ".repeat_until_failure" : "");
        err->line = s->line;
    }
    return DH_ELIMIT;
}

dh_status dh_work_check(const dh_scenario *sc, const dh_config *c,
                        dh_cost_end end, size_t grow_step, dh_error *err)
{
    bound b = {.cfg = c, .end = end, .opaque = c->assume.opaque_block};
    if (b.opaque == 0)
        b.opaque = 1;
    dh_heap_rule rule;
    b.heap = dh_rule_desktop_heap_size(c, "WinSta0", "Default", 0, false,
                                       &rule);
    uint64_t ni = dh_rule_desktop_heap_size(c, "Service-0x0-3e7$",
                                            "Default", 0, false, &rule);
    b.service_heap = ni;
    b.heap = ni > b.heap ? ni : b.heap;
    for (size_t i = 0; i < sc->nsteps; i++) {
        const dh_step *s = &sc->steps[i];
        if (s->kind == DH_STEP_CREATE_DESKTOP && s->heap_kb * DH_KB > b.heap)
            b.heap = s->heap_kb * DH_KB; /* heap_kb <= 2^30: no overflow */
        for (size_t m = 0; m < s->nmembers; m++)
            if (s->members[m].kind == DH_STEP_CREATE_DESKTOP &&
                s->members[m].heap_kb * DH_KB > b.heap)
                b.heap = s->members[m].heap_kb * DH_KB;
    }
    b.heap_blocks = b.heap / (2 * (uint64_t)dh_objs_unit(c));

    /* View space first: it does not depend on the steps' order. The
     * sessions' own desktops and created ones at the largest heap, the
     * per-logon stations' at the non-interactive one. */
    dh_open_bound o;
    dh_scenario_open_bound(sc, grow_step, &o);
    uint64_t g = c->assume.view_granularity ? c->assume.view_granularity : 1;
    uint64_t big = ceil_div(dh_rule_view_bytes(c, b.heap), g);
    uint64_t svc = ceil_div(dh_rule_view_bytes(c, ni), g);
    uint64_t granules = sat_add(sat_mul(o.base + o.created, big),
                                sat_mul(o.logon_desktops, svc));
    if (c->view_size != 0 && granules > sat_mul(o.sessions + 1,
                                                c->view_size / g))
        granules = sat_mul(o.sessions + 1, c->view_size / g);
    if (granules > DH_MAX_VIEW_GRANULES && sc->nsteps > 0)
        return refuse(sc, sc->nsteps - 1, "granules of view space the "
                      "sessions may map (their desktops at the largest "
                      "heap's view, per-logon stations' at the "
                      "non-interactive one, / view_granularity_kb; "
                      "estimated; a larger granule or smaller heaps help)",
                      granules, DH_MAX_VIEW_GRANULES, err);

    uint64_t ops = 0;
    for (size_t i = 0; i < sc->nsteps; i++) {
        const dh_step *s = &sc->steps[i];
        uint64_t n = i + 1 == grow_step ? sc->assume.repeat_limit
                     : s->repeat_until_failure && !s->count_given
                         ? sc->assume.repeat_limit : s->count;
        uint64_t per = 0;
        bool keeps = false;
        if (s->kind == DH_STEP_UNIT)
            for (size_t m = 0; m < s->nmembers; m++)
                per = sat_add(per, sat_mul(s->members[m].count,
                                           step_ops(&b, &s->members[m],
                                                    &keeps)));
        else
            per = step_ops(&b, s, &keeps);
        uint64_t step = sat_mul(n, per);
        /* A step repeated until its first failure whose iterations keep
         * their blocks in one heap: every iteration before the failing
         * one leaves at least one block there, so at most the heap's
         * blocks, then the failing iteration. */
        bool until_failure = s->repeat_until_failure || i + 1 == grow_step;
        if (s->kind != DH_STEP_UNIT && keeps && until_failure &&
            step > sat_add(b.heap_blocks, per))
            step = sat_add(b.heap_blocks, per);
        ops = sat_add(ops, step);
        if (ops > DH_MAX_HEAP_OPS)
            return refuse(sc, i, "desktop-heap operations the steps up to "
                          "this one may ask for (iterations x the blocks "
                          "one iteration allocates, at most what its heap "
                          "holds; estimated from above; a lower count or "
                          "repeat_limit helps)", ops,
                          DH_MAX_HEAP_OPS, err);
    }
    return DH_OK;
}

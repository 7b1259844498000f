/*
 * scenario.h — the scenario layer: the workload as typed steps, its loader
 * (the JSON edge: every key and type checked, errors with file, path and
 * line), the model limits it enforces before anything runs, and the lines
 * of JSON paths. The format is a contract: docs/format.md.
 */
#ifndef DH_SCENARIO_H
#define DH_SCENARIO_H

#include "rules/rules.h"

/* ---------------------------------------------------------------- scenario */

typedef enum {
    DH_STEP_LOGON_SESSION,
    DH_STEP_LOGOFF_SESSION,
    DH_STEP_START_SERVICE,
    DH_STEP_STOP_SERVICE,
    DH_STEP_START_PROCESS,
    DH_STEP_START_TASK,
    DH_STEP_STOP_PROCESS,
    DH_STEP_CREATE_WINDOWS,
    DH_STEP_DESTROY_WINDOWS,
    DH_STEP_CREATE_DESKTOP,
    DH_STEP_CLOSE_DESKTOP,
    DH_STEP_CHARGE,
    DH_STEP_SNAPSHOT,
    DH_STEP_CREATE_OBJECTS,
    DH_STEP_CHURN_WINDOWS,
    DH_STEP_UNIT,           /* members run in order, as one unit of work */
    DH_STEP_START_APP_POOL, /* an IIS worker process (KB 831135) */
    DH_STEP_KIND_COUNT
} dh_step_kind;

/* Members a unit may hold (its "steps"). */
#define DH_MAX_UNIT_MEMBERS 64u

const char *dh_step_kind_name(dh_step_kind k);
/* The kind whose scenario action is name; false when there is none. */
bool dh_step_kind_find(const char *name, dh_step_kind *out);

typedef struct dh_step_s {
    dh_step_kind kind;
    int line;               /* line of the step in the scenario file */
    char *label;            /* NULL when none */
    uint64_t count;         /* repeat count (1 by default) */
    bool repeat_until_failure;
    bool count_given;
    uint32_t session;       /* session id the step names (default 0) */
    bool session_given;
    char *name;             /* service, process, task or desktop name */
    char *station;          /* create/close_desktop, charge */
    char *desktop;          /* start_process "Station\\Desktop"; charge */
    char *parent;           /* start_process: parent process name */
    char *process;          /* windows: owning process */
    dh_account account;
    char *account_name;     /* user account name, for display */
    bool interact;          /* interact_with_desktop */
    bool uses_user32;       /* process loads user32 (kind != none) */
    dh_proc_kind proc_kind; /* what the process is made of */
    dh_obj_spec *objects;   /* kind objects, create_objects: the list */
    size_t nobjects;
    uint64_t gdi_objects;   /* GDI handles per process / per window */
    bool bytes_given;       /* create/churn_windows: bytes_each given */
    uint64_t wnd_extra;     /* windows without bytes_each: cbWndExtra */
    uint64_t title_chars;   /* ... title characters */
    uint64_t props;         /* ... window properties (at most 4) */
    uint64_t leak_bytes;    /* churn_windows: left behind per iteration */
    int which;              /* destroy_windows: 0 newest, 1 oldest,
                               2 every other live window */
    uint64_t cost_bytes;    /* per-process charge (kind raw): typical */
    bool cost_ranged;       /* cost_kb/cost_bytes gave low/typical/high */
    uint64_t cost_low, cost_high; /* its ends (cost_bytes the typical) */
    char *cost_from;        /* "preset console", "cost_kb", ... */
    uint64_t bytes;         /* per window / charge bytes */
    bool used_pct_given;    /* charge: bring the desktop to this Used Rate */
    uint64_t used_pct_milli; /* charge: thousandths of a percent (24.2 % =
                               24200); the charge is what is missing */
    uint64_t heap_kb;       /* create_desktop explicit size, 0 = none */
    uint64_t luid;          /* explicit logon LUID, 0 = next counter */
    int catalogue;          /* kind DH_KIND_CATALOGUE: its index */
    dh_console_mode console; /* start_process/start_task: "console" */
    struct dh_step_s *members; /* unit: its member steps, in order */
    size_t nmembers;
} dh_step;

/* A member's name for reports: its label, else its name or process, else
 * its action. */
const char *dh_step_display_name(const dh_step *s);

typedef struct {
    uint32_t id;
    uint64_t other_bytes;   /* overrides assumption other_kb; see flag */
    bool other_given;
} dh_session_decl;

typedef struct {
    char *file;             /* where it was loaded from */
    char *name;
    char *source;
    char *description;      /* may be NULL */
    char *os;
    dh_registry registry;
    char *shared_section;   /* owned copy behind registry.shared_section */
    dh_assumptions assume;
    dh_session_decl *sessions;
    size_t nsessions;
    dh_step *steps;
    size_t nsteps;
} dh_scenario;

/* The model limits (DH_MAX_*) are in rules/rules.h. */

/* DH_ELIMIT (err names the step) when sc asks for more than the limits
 * above; trace: the run will record the CSV trace (a snapshot per step).
 * The loader checks without the trace; a caller that asks for the trace
 * checks again with it. */
dh_status dh_scenario_check_limits(const dh_scenario *sc, bool trace,
                                   dh_error *err);

/* Upper bounds of what a scenario the limits accepted can have open, the
 * step grow_step (1-based, 0 = none) counted at repeat_limit as capacity
 * runs it. */
typedef struct {
    uint64_t sessions;       /* declared and logged on */
    uint64_t base;           /* the sessions' own desktops (WinSta0's,
                                session 0's service stations) */
    uint64_t logon_desktops; /* per-logon stations' desktops (services
                                and app pools under user accounts) */
    uint64_t created;        /* create_desktop: one per step (a unit's:
                                one per unit iteration) */
} dh_open_bound;
void dh_scenario_open_bound(const dh_scenario *sc, size_t grow_step,
                            dh_open_bound *out);

/* Load from a buffer (file names errors) or from a file. */
dh_status dh_scenario_load_buffer(const char *buf, size_t len,
                                  const char *file, dh_scenario **out,
                                  dh_error *err);
dh_status dh_scenario_load_file(const char *file, dh_scenario **out,
                                dh_error *err);
void dh_scenario_free(dh_scenario *s);
/* Whether a run's result can depend on dh_run_options.cost_end: the
 * starting load (assumption start_load), a step (or a unit's member) of a
 * catalogue kind, or a console program started as a process (its conhost
 * has a range). */
bool dh_scenario_has_ranges(const dh_scenario *sc);
/* The scenario text with step `step` (1-based)'s cost, or its unit's n
 * members' costs, set to cost_bytes {low, typical, high} (a member whose
 * typical and high are 0 is left), and note appended to its description;
 * *out malloc'd JSON. */
dh_status dh_scenario_patch_costs(const char *text, size_t len, size_t step,
                                  size_t n, const uint64_t *low,
                                  const uint64_t *typ, const uint64_t *high,
                                  const char *note, char **out,
                                  dh_error *err);
/* The same without the starting load (a run with --empty). */
bool dh_scenario_has_ranges_besides_load(const dh_scenario *sc);

/* Line of a JSON path ("$.steps[2].count") in JSON text, 0 if not found.
 * The text must already be valid JSON. */
int dh_json_path_line(const char *text, size_t len, const char *path);
/* The line of each of the first n elements of the array at path, in one
 * pass (0 where not found): lines[i] as dh_json_path_line of path[i]. */
void dh_json_array_lines(const char *text, size_t len, const char *path,
                         int *lines, size_t n);

/* 1-based index of the first step labelled `label`, 0 when none has it. */
size_t dh_scenario_find_label(const dh_scenario *sc, const char *label);

#endif /* DH_SCENARIO_H */

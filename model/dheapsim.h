/*
 * dheapsim.h — the one public header of the dheapsim model library.
 *
 * dheapsim models Windows session view space and desktop heaps (NTDebugging
 * "Desktop Heap Overview", 2007, and the fact sheets in shared/research).
 * Sizes inside the model are bytes in uint64_t; KB and MB appear only at the
 * edges (scenario loader, reporters). Every function reports errors through a
 * dh_error value; nothing in the library exits or prints.
 *
 * Ownership: whoever calls a *_load / dh_run / dh_report_* function frees the
 * result with the matching *_free function or free().
 */
#ifndef DHEAPSIM_H
#define DHEAPSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DH_VERSION "0.1.0"
#define DH_KB ((uint64_t)1024)
#define DH_MB ((uint64_t)1024 * 1024)

/* ------------------------------------------------------------------ errors */

typedef enum {
    DH_OK = 0,
    DH_EINPUT,    /* bad scenario, bad registry string, bad option: exit 2 */
    DH_ELIMIT,    /* input asks for more than the documented limits: exit 2 */
    DH_ENOMEM,    /* out of memory: exit 1 */
    DH_EINTERNAL  /* a bug: exit 1 */
} dh_status;

typedef struct {
    dh_status status;
    char file[256];  /* input file, "" when none */
    char path[160];  /* JSON path such as $.steps[3].count, "" when none */
    int line;        /* 1-based line in file, 0 when unknown */
    int column;      /* 1-based column, 0 when unknown */
    char text[512];  /* what was wrong, one sentence */
} dh_error;

/* Fill err (if not NULL and not already set: the first error wins). */
dh_status dh_error_set(dh_error *err, dh_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void dh_error_clear(dh_error *err);
/* "file:line: path: text" in buf; returns buf. */
const char *dh_error_format(const dh_error *err, char *buf, size_t len);

/* ------------------------------------------------------------- OS profiles */

typedef enum { DH_ARCH_X86, DH_ARCH_X64 } dh_arch;

typedef enum {
    DH_VIEW_SYSTEM_SHARED, /* no session space: one system view region */
    DH_VIEW_FIXED_CONST,   /* fixed size, registry value not honoured */
    DH_VIEW_FIXED,         /* fixed at boot from SessionViewSize */
    DH_VIEW_DYNAMIC        /* Vista and later: grows on demand */
} dh_view_mode;

typedef struct {
    const char *id;       /* "win2003-x86" */
    const char *name;     /* "Windows Server 2003 (x86)" */
    const char *also;     /* other versions the row stands for, or "" */
    const char *user_version; /* "5.2": which USER structure layouts apply */
    uint32_t wnd_bytes;   /* sizeof(WND) of this version and architecture */
    dh_arch arch;
    uint32_t page_size;   /* bytes */
    const char *default_shared_section; /* SharedSection as shipped */
    dh_view_mode view_mode;
    uint32_t view_const_mb;     /* SYSTEM_SHARED / FIXED_CONST: the size */
    bool svs_present_default;   /* FIXED: SessionViewSize present as shipped */
    uint32_t svs_default_mb;    /* FIXED: its shipped value */
    uint32_t svs_absent_mb;     /* FIXED: size when the value is absent */
    bool has_3gb;               /* the /3GB boot switch exists */
    uint32_t view_3gb_mb;       /* FIXED: size under /3GB (0: no change) */
    uint32_t winlogon_kb;       /* fixed Winlogon heap */
    uint32_t disconnect_kb;     /* fixed Disconnect heap (0: no such desktop) */
    bool has_createdesktopex;   /* CreateDesktopEx heap size honoured */
    bool multi_session;         /* sessions other than 0 can exist */
    const char *src_shared_section; /* sources, one line each */
    const char *src_view;
    const char *src_fixed_heaps;
    const char *secondary;      /* non-NULL: what rests on a secondary source */
} dh_profile;

size_t dh_profile_count(void);
const dh_profile *dh_profile_at(size_t i);
const dh_profile *dh_profile_find(const char *id); /* NULL if unknown */
const char *dh_arch_name(dh_arch a);
const char *dh_view_mode_name(dh_view_mode m);

/* ----------------------------------------------------------- SharedSection */

#define DH_SHARED_SECTION_MIN_KB 128 /* KB 184802: smaller becomes 128 */
#define DH_SHARED_SECTION_MAX_VALUE 0xFFFFFFFFull /* a ULONG count of KB */

typedef struct {
    int count;               /* values written: 2, 3 or 4 */
    uint64_t raw_kb[4];      /* as written */
    uint64_t shared_kb;      /* 1st value: shared heap, as written */
    uint64_t interactive_kb; /* effective 2nd value */
    uint64_t noninteractive_kb; /* effective 3rd value (2nd when absent) */
    bool noninteractive_given;  /* a 3rd value was written */
    bool fourth_given;          /* a 4th value was written (ignored) */
    bool raised_to_min[4];      /* value i (0-based) was below 128 */
    bool rounded[4];            /* value i was rounded up to the page */
} dh_shared_section;

/* Parse "1024,3072,512", "SharedSection=1024,3072,512" or a whole
 * SubSystems\Windows value string. err->column points at the bad value. */
dh_status dh_shared_section_parse(const char *text, uint32_t page_size,
                                  dh_shared_section *out, dh_error *err);

/* ---------------------------------------------------------------- registry */

typedef enum {
    DH_SVS_DEFAULT = 0, /* as the profile ships it */
    DH_SVS_ABSENT,      /* the value is not in the registry */
    DH_SVS_SET          /* the value is present with svs_mb */
} dh_svs_state;

/* Registry as the user wrote it (scenario, then command line on top). */
typedef struct {
    const char *shared_section; /* NULL: profile default */
    dh_svs_state svs;
    uint32_t svs_mb;
    bool boot_3gb;
    bool desktop_heap_logging;  /* on by default */
} dh_registry;

void dh_registry_default(dh_registry *r);

/* ------------------------------------------------------------- assumptions */

/* Values the sources do not give. Each has a default, can be overridden in
 * the scenario's "assumptions" object, and is printed in every report. */
typedef struct {
    uint64_t view_granularity;        /* bytes a view is rounded up to */
    uint32_t reserve_noninteractive;  /* N non-interactive heaps reserved */
    uint64_t other_bytes;             /* per-session other view consumers */
    uint64_t desktop_baseline_bytes;  /* charge of a new desktop */
    bool shared_heap_in_view;         /* 1st SharedSection value takes view */
    uint64_t first_logon_luid;        /* first LUID handed to a logon */
    uint64_t repeat_limit;            /* cap on repeat_until_failure */
    uint64_t dynamic_view_cap;        /* bytes, 0 = no cap (Vista+) */
    uint64_t cost_console;            /* preset "console", bytes */
    uint64_t cost_gui;                /* preset "gui", bytes */
    uint32_t overridden;              /* bit i set: field i set by user */
} dh_assumptions;

enum {
    DH_A_VIEW_GRANULARITY,
    DH_A_RESERVE_NONINTERACTIVE,
    DH_A_OTHER,
    DH_A_DESKTOP_BASELINE,
    DH_A_SHARED_HEAP_IN_VIEW,
    DH_A_FIRST_LOGON_LUID,
    DH_A_REPEAT_LIMIT,
    DH_A_DYNAMIC_VIEW_CAP,
    DH_A_COST_CONSOLE,
    DH_A_COST_GUI,
    DH_A_COUNT
};

typedef struct {
    const char *key;      /* scenario key, e.g. "view_granularity_kb" */
    const char *unit;     /* "KB", "MB", "count", "bool", "bytes", "luid" */
    const char *why;      /* what it stands for and where its default is from */
} dh_assumption_info;

void dh_assumptions_default(dh_assumptions *a);
const dh_assumption_info *dh_assumption_info_at(int i);
/* Value of assumption i in its edge unit (KB, MB, count, 0/1, luid). */
uint64_t dh_assumption_value(const dh_assumptions *a, int i);
/* Set assumption i from a value in its edge unit; checks range/overflow. */
dh_status dh_assumption_set(dh_assumptions *a, int i, uint64_t v,
                            dh_error *err);

/* ------------------------------------------------------------ configuration */

/* Registry and profile resolved into the numbers the rules use. */
typedef struct {
    const dh_profile *profile;
    dh_registry registry;
    char shared_section_text[512]; /* what was parsed */
    bool shared_section_default;    /* from the profile */
    dh_shared_section ss;
    uint64_t view_size;       /* bytes; 0 = unbounded (dynamic, no cap) */
    const char *view_rule;    /* which rule chose view_size, with source */
    bool view_3gb_forced;     /* /3GB fixed the size at 20 MB */
    bool svs_ignored;         /* SessionViewSize given but not honoured */
    bool boot_3gb_ignored;    /* /3GB given on a profile without it */
    bool svs_over_practical;  /* x86 SessionViewSize above ~450 MB */
    dh_assumptions assume;
} dh_config;

dh_status dh_config_resolve(const dh_profile *p, const dh_registry *r,
                            const dh_assumptions *a, dh_config *out,
                            dh_error *err);

/* ------------------------------------------------------------------- rules */

typedef enum {
    DH_RULE_FIXED_WINLOGON,
    DH_RULE_FIXED_DISCONNECT,
    DH_RULE_INTERACTIVE,        /* SharedSection 2nd value */
    DH_RULE_NONINTERACTIVE,     /* SharedSection 3rd value */
    DH_RULE_NONINTERACTIVE_2ND, /* 3rd absent: 2nd value */
    DH_RULE_EXPLICIT,           /* CreateDesktopEx heap size */
    DH_RULE_FALLBACK_INTERACTIVE,    /* safe size 512 KB */
    DH_RULE_FALLBACK_NONINTERACTIVE  /* safe size 128 KB */
} dh_heap_rule;

#define DH_FALLBACK_INTERACTIVE_KB 512    /* Desktop Heap part 2 via [S1] */
#define DH_FALLBACK_NONINTERACTIVE_KB 128 /* seed comments 26 and 29 */

const char *dh_heap_rule_name(dh_heap_rule r);
const char *dh_heap_rule_source(dh_heap_rule r);

bool dh_station_is_interactive(const char *station);

/* Rule 1: heap size of a desktop, in bytes. explicit_kb 0 = none given.
 * fallback: the session fell back to the safe sizes (rule 3). */
uint64_t dh_rule_desktop_heap_size(const dh_config *c, const char *station,
                                   const char *desktop, uint64_t explicit_kb,
                                   bool fallback, dh_heap_rule *rule);

/* Rule 2: bytes of view space a heap of heap_bytes takes. */
uint64_t dh_rule_view_bytes(const dh_config *c, uint64_t heap_bytes);

/* Rule 3: does the session's expected set of heaps fit its view space?
 * Returns true when it must fall back; *need gets the bytes it asked for. */
bool dh_rule_reservation_falls_back(const dh_config *c, uint64_t *need);

/* Rule 4: the window station a service uses. luid is the service's logon
 * LUID (used for accounts other than the three built-in ones). */
typedef enum {
    DH_ACCOUNT_LOCALSYSTEM,
    DH_ACCOUNT_NETWORKSERVICE,
    DH_ACCOUNT_LOCALSERVICE,
    DH_ACCOUNT_USER
} dh_account;
#define DH_LUID_SYSTEM 0x3e7         /* winnt.h SYSTEM_LUID, seed comment 23 */
#define DH_LUID_NETWORKSERVICE 0x3e4 /* NETWORKSERVICE_LUID */
#define DH_LUID_LOCALSERVICE 0x3e5   /* LOCALSERVICE_LUID */
/* Writes "WinSta0", "Service-0x0-3e7$" ... into buf. */
void dh_rule_service_station(dh_account acct, bool interactive, uint64_t luid,
                             char *buf, size_t len);
const char *dh_account_name(dh_account a);

/* -------------------------------------------------------------- view space */

/* A first-fit allocator over granules of view space, lowest address first.
 * limit_granules 0 = grows without bound (dynamic view space). */
typedef struct {
    uint64_t granule;        /* bytes per granule */
    uint64_t limit_granules; /* 0 = unbounded */
    uint8_t *used;           /* one byte per granule: 1 = taken */
    uint64_t extent;         /* granules ever reached (high-water mark) */
    uint64_t cap;            /* allocated length of used[] */
    uint64_t in_use;         /* granules taken now */
} dh_viewspace;

dh_status dh_viewspace_init(dh_viewspace *v, uint64_t granule,
                            uint64_t size_bytes, dh_error *err);
void dh_viewspace_free(dh_viewspace *v);
/* Map bytes (rounded up to granules). On success *offset is the byte offset.
 * Returns DH_OK, or DH_ELIMIT when it does not fit (not an error: a result),
 * or DH_ENOMEM. */
dh_status dh_viewspace_map(dh_viewspace *v, uint64_t bytes, uint64_t *offset);
void dh_viewspace_unmap(dh_viewspace *v, uint64_t offset, uint64_t bytes);
uint64_t dh_viewspace_used(const dh_viewspace *v);
uint64_t dh_viewspace_largest_free(const dh_viewspace *v);

/* ------------------------------------------------------------ desktop heap */

/* One desktop heap as an allocator over its reserved size (reactos-notes.md
 * section 6; the NT heap: block = round_up(max(n,1) + unit, unit), the unit
 * being the 8/16-byte block header; a heap header at the start; commit a
 * page at a time, never decommitted; free blocks coalesce with both
 * neighbours). Which free block serves a request is a policy, an explicit
 * assumption: best fit (default) or first fit. */
typedef enum { DH_FIT_BEST = 0, DH_FIT_FIRST } dh_fit_policy;

typedef struct {
    uint64_t reserve;   /* heap size in bytes (the desktop's heap size) */
    uint32_t unit;      /* 8 (x86) or 16 (x64): block header and granularity */
    uint64_t header;    /* heap header bytes at the start (rounded up to unit) */
    uint32_t page;      /* commit granularity in bytes */
    uint64_t max_block; /* largest single block in bytes; 0 = no limit */
    dh_fit_policy fit;
} dh_heap_params;

typedef uint32_t dh_block;            /* handle of a busy block */
#define DH_BLOCK_NONE ((dh_block)0xFFFFFFFFu)

typedef enum {
    DH_HEAP_OK = 0,
    DH_HEAP_FULL,       /* free bytes in all blocks < the block needed */
    DH_HEAP_FRAGMENTED, /* enough free bytes in all, but no one block fits */
    DH_HEAP_TOO_BIG     /* block above max_block (STATUS_BUFFER_TOO_SMALL) */
} dh_heap_outcome;

typedef struct {
    uint64_t reserve;       /* heap size */
    uint64_t header;        /* heap header (not counted as used) */
    uint64_t used;          /* bytes in busy blocks, block headers included */
    uint64_t free;          /* bytes in free blocks */
    uint64_t committed;     /* bytes committed: whole pages, high-water mark */
    uint64_t largest_free;  /* the largest free block */
    uint64_t busy_blocks;
    uint64_t free_blocks;
} dh_heap_stats;

/* Internal state; read it only through the functions below. */
typedef struct {
    uint64_t off, size;           /* byte offset and size of the block */
    uint32_t prev, next;          /* neighbours in address order */
    uint32_t fprev, fnext;        /* free-list links (free blocks) */
    uint8_t is_free;
    uint8_t in_use;               /* node slot holds a block */
} dh_heap_node;

typedef struct {
    dh_heap_params p;
    dh_heap_node *nodes;
    uint32_t nnodes, capnodes;
    uint32_t spare;               /* recycled node slots, linked by next */
    uint32_t first;               /* lowest-address block */
    uint32_t *bins;               /* free-list heads, one per size class */
    uint32_t nbins;
    uint64_t *binmap;             /* bit i set: bins[i] not empty */
    uint32_t nbinmap;
    uint64_t used, free, committed, busy_blocks, free_blocks;
    uint64_t high_water;          /* highest end offset of any busy block */
} dh_heap;

/* Block bytes of a request of n bytes: round_up(max(n,1) + unit, unit). */
uint64_t dh_heap_block_bytes(uint32_t unit, uint64_t n);
dh_status dh_heap_init(dh_heap *h, const dh_heap_params *p, dh_error *err);
void dh_heap_free(dh_heap *h);
/* Allocate a request of n bytes (the block rule applies). On DH_OK with
 * *why == DH_HEAP_OK, *out is the block; otherwise *out = DH_BLOCK_NONE and
 * *why says why. DH_ENOMEM only when the host is out of memory. */
dh_status dh_heap_alloc(dh_heap *h, uint64_t n, dh_block *out,
                        dh_heap_outcome *why);
/* Allocate a block of exactly `bytes` (a multiple of unit, at least two
 * units; a one-unit split remainder is still added to it). */
dh_status dh_heap_alloc_block(dh_heap *h, uint64_t bytes, dh_block *out,
                              dh_heap_outcome *why);
void dh_heap_release(dh_heap *h, dh_block b);
uint64_t dh_heap_block_size(const dh_heap *h, dh_block b);
uint64_t dh_heap_block_offset(const dh_heap *h, dh_block b);
void dh_heap_get_stats(const dh_heap *h, dh_heap_stats *s);
/* Check every invariant (blocks tile the heap, no two free neighbours,
 * counters agree, free lists hold exactly the free blocks). For tests. */
bool dh_heap_check(const dh_heap *h);
const char *dh_fit_policy_name(dh_fit_policy f);
const char *dh_heap_outcome_name(dh_heap_outcome o);

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
    DH_STEP_KIND_COUNT
} dh_step_kind;

const char *dh_step_kind_name(dh_step_kind k);

typedef struct {
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
    uint64_t cost_bytes;    /* per-process charge */
    char *cost_from;        /* "preset console", "cost_kb", ... */
    uint64_t bytes;         /* per window / charge bytes */
    uint64_t heap_kb;       /* create_desktop explicit size, 0 = none */
    uint64_t luid;          /* explicit logon LUID, 0 = next counter */
} dh_step;

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

/* Model limits: the loader refuses (DH_ELIMIT) a scenario above any of
 * them before anything is simulated, so a run's memory and time stay
 * bounded. README "Hardening" lists them. */
#define DH_MAX_SESSIONS 10000u       /* declared + logon_session steps */
#define DH_MAX_STEPS 1000000u        /* entries of "steps" */
#define DH_MAX_COUNT 1000000ull      /* one step's count; repeat_limit */
#define DH_MAX_ITERATIONS 1000000ull /* all steps' counts added up */
#define DH_MAX_REPORT_ROWS 500000ull /* snapshots x desktops, estimated */
#define DH_MAX_BYTES (1ull << 40) /* one charge or heap: 1 TB */

/* DH_ELIMIT (err names the step) when sc asks for more than the limits
 * above; trace: the run will record the CSV trace (a snapshot per step).
 * The loader checks without the trace; a caller that asks for the trace
 * checks again with it. */
dh_status dh_scenario_check_limits(const dh_scenario *sc, bool trace,
                                   dh_error *err);

/* Load from a buffer (file names errors) or from a file. */
dh_status dh_scenario_load_buffer(const char *buf, size_t len,
                                  const char *file, dh_scenario **out,
                                  dh_error *err);
dh_status dh_scenario_load_file(const char *file, dh_scenario **out,
                                dh_error *err);
void dh_scenario_free(dh_scenario *s);

/* Line of a JSON path ("$.steps[2].count") in JSON text, 0 if not found.
 * The text must already be valid JSON. */
int dh_json_path_line(const char *text, size_t len, const char *path);

/* ------------------------------------------------------------------ result */

typedef struct {
    char *winsta;
    char *desktop;
    uint64_t heap_bytes;
    uint64_t used_bytes;
    uint64_t view_offset;
    uint64_t view_bytes;
    dh_heap_rule rule;
} dh_desktop_rec;

typedef struct {
    uint32_t id;
    bool fallback;          /* rule 3 applied to this session */
    bool view_dynamic;
    uint64_t view_size;     /* bytes; for dynamic: the cap, 0 = none */
    uint64_t view_extent;   /* bytes reached so far (dynamic) */
    uint64_t view_used;     /* bytes mapped now */
    uint64_t other_bytes;   /* non-desktop consumers mapped */
    uint64_t shared_heap_bytes; /* 1st SharedSection value mapped */
    uint64_t total_desktop_bytes;
    dh_desktop_rec *desktops;
    size_t ndesktops;
} dh_session_rec;

typedef struct {
    char *label;
    size_t step;            /* 1-based step after which it was taken */
    dh_session_rec *sessions;
    size_t nsessions;
} dh_snapshot;

typedef enum {
    DH_EV_EVENTLOG_243,       /* "A desktop heap allocation failed." */
    DH_EV_EVENTLOG_244,       /* "Failed to create a desktop ..." */
    DH_EV_PROCESS_START_FAILED,
    DH_EV_WINDOW_CREATE_FAILED,
    DH_EV_DESKTOP_CREATE_FAILED,
    DH_EV_CHARGE_FAILED,
    DH_EV_FALLBACK,
    DH_EV_SESSION_REFUSED,
    DH_EV_KIND_COUNT
} dh_event_kind;

const char *dh_event_kind_name(dh_event_kind k);

typedef struct {
    size_t step;            /* 1-based step index */
    uint64_t iteration;     /* 1-based repeat iteration */
    dh_event_kind kind;
    int event_id;           /* 243, 244 or 0 */
    uint32_t session;
    char *winsta;           /* may be NULL */
    char *desktop;          /* may be NULL */
    char *process;          /* may be NULL */
    char *text;
} dh_event;

typedef struct {
    bool happened;
    size_t step;
    uint64_t iteration;
    char *label;            /* the step's label, may be NULL */
    const char *kind;       /* "view_space" or "desktop_heap" or ... */
    uint32_t session;
    char *winsta;
    char *desktop;
    char *process;
    const char *symptom;
    uint64_t need_bytes;    /* what was asked */
    uint64_t free_bytes;    /* what was left */
} dh_failure;

typedef struct {
    char *label;
    size_t step;
    uint64_t succeeded;
    const char *stopped_by; /* failure kind, or "repeat_limit" */
} dh_repeat_result;

typedef struct {
    size_t step;
    const char *label;      /* borrowed from the scenario */
    uint32_t session;
    char *winsta;
    char *desktop;
    uint64_t heap_bytes;
    uint64_t used_bytes;
} dh_trace_row;

typedef struct {
    char *text;
    const char *source;
} dh_note;

typedef struct {
    dh_config config;
    const dh_scenario *scenario; /* borrowed */
    dh_note *notes;
    size_t nnotes;
    dh_event *events;
    size_t nevents, capevents;
    uint64_t events_dropped; /* failures past the recording limit */
    uint64_t failures[DH_EV_KIND_COUNT]; /* counted, logged or not */
    dh_failure first_failure;
    dh_repeat_result *repeats;
    size_t nrepeats, caprepeats;
    dh_snapshot *snapshots;
    size_t nsnapshots, capsnapshots;
    dh_snapshot final;
    dh_trace_row *trace;    /* only when asked for */
    size_t ntrace, captrace;
    uint64_t steps_applied; /* iterations applied, all steps */
} dh_result;

typedef struct {
    const char *os;         /* overrides the scenario, or NULL */
    const char *shared_section; /* overrides, or NULL */
    bool svs_given;         /* --session-view-size given */
    dh_svs_state svs;
    uint32_t svs_mb;
    bool boot_3gb_given;
    bool boot_3gb;
    bool record_trace;      /* fill result->trace (CSV) */
} dh_run_options;

/* Run a scenario. Exhaustion is a result, not an error. */
dh_status dh_run(const dh_scenario *sc, const dh_run_options *opt,
                 dh_result **out, dh_error *err);
void dh_result_free(dh_result *r);

/* ---------------------------------------------------------------- reports */

/* Reporters build text in memory; *out is malloc'd, NUL-terminated. */
dh_status dh_report_text(const dh_result *r, char **out);
dh_status dh_report_json(const dh_result *r, char **out);
dh_status dh_report_csv(const dh_result *r, char **out);
dh_status dh_report_profiles_text(char **out);
dh_status dh_report_profiles_json(char **out);
dh_status dh_report_shared_section(const char *text, const dh_profile *p,
                                   char **out, dh_error *err);

#endif /* DHEAPSIM_H */

/*
 * rules.h — the rules of the dheapsim model: OS profiles, SharedSection,
 * the registry as written, assumptions, the resolved configuration, rules
 * 1-4 (heap size, view bytes, reservation, window station), USER objects
 * and process recipes. Sources under their keys in docs/sources.md. Rules
 * see plain structs only: no JSON, no files.
 */
#ifndef DH_RULES_H
#define DH_RULES_H

#include "alloc/alloc.h"

/* ------------------------------------------------------------ model limits */

/* Model limits: the loader refuses (DH_ELIMIT) a scenario above any of
 * them before anything is simulated, so a run's memory and time stay
 * bounded. README "Hardening" lists them. */
#define DH_MAX_SESSIONS 10000u       /* declared + logon_session steps */
#define DH_MAX_STEPS 1000000u        /* entries of "steps" */
#define DH_MAX_COUNT 1000000ull      /* one step's count; repeat_limit */
#ifndef DH_MAX_ITERATIONS           /* make bench raises it (Makefile) */
#define DH_MAX_ITERATIONS 1000000ull /* all steps' counts added up */
#endif
#define DH_MAX_REPORT_ROWS 500000ull /* snapshots x desktops, estimated */
#define DH_MAX_BYTES (1ull << 40) /* one charge or heap: 1 TB */
#define DH_MAX_OBJECT_COUNT 1000000ull /* one object line's count */
#define DH_MAX_OBJECT_LINES 64u        /* lines in one objects list */
#define DH_MAX_PROPS 4u                /* properties per window */
/* Checked by the engine when a run starts (the configuration sets the heap
 * sizes): heap operations the whole run may ask for (iterations x blocks
 * per iteration, estimated from above) and granules of view space the
 * sessions may map (desktops x granules of the largest heap's view). */
#ifndef DH_MAX_HEAP_OPS             /* make bench raises it (Makefile) */
#define DH_MAX_HEAP_OPS 40000000ull
#endif
#define DH_MAX_VIEW_GRANULES 67108864ull /* 64 Mi: one byte each */

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
    const char *windows_after;  /* SubSystems\Windows as shipped: the text
                                 * after the SharedSection values; NULL
                                 * when no source gives it */
    const char *src_windows;    /* its source */
    dh_view_mode view_mode;
    uint32_t view_const_mb;     /* SYSTEM_SHARED / FIXED_CONST: the size */
    bool svs_present_default;   /* FIXED: SessionViewSize present as shipped */
    uint32_t svs_default_mb;    /* FIXED: its shipped value */
    uint32_t svs_absent_mb;     /* FIXED: size when the value is absent */
    bool has_3gb;               /* the /3GB boot switch exists */
    uint32_t view_3gb_mb;       /* FIXED: size under /3GB (0: no change) */
    uint32_t kernel_va_mb;      /* DYNAMIC x86: kernel address space, the
                                 * bound of view space (0: none, x64) */
    uint32_t kernel_va_3gb_mb;  /* the same under /3GB */
    uint32_t winlogon_kb;       /* fixed Winlogon heap */
    uint32_t disconnect_kb;     /* fixed Disconnect heap (0: no such desktop) */
    bool has_createdesktopex;   /* CreateDesktopEx heap size honoured */
    bool multi_session;         /* sessions other than 0 can exist */
    bool has_last_known_good;   /* F8 Last Known Good Configuration boots
                                 * the previous control set (through 7 /
                                 * 2008 R2; gone from Windows 8 on) */
    const char *src_shared_section; /* sources, one line each */
    const char *src_view;
    const char *src_fixed_heaps;
    const char *secondary;      /* non-NULL: what rests on a secondary source */
} dh_profile;

size_t dh_profile_count(void);
const dh_profile *dh_profile_at(size_t i);
const dh_profile *dh_profile_find(const char *id); /* NULL if unknown */
/* true when a and b differ in id, names and sources only: every value the
 * model uses is the same. */
bool dh_profile_same_values(const dh_profile *a, const dh_profile *b);
/* For an unknown id: "; did you mean 'win11-x64'?" naming up to three
 * close ids, or "" when none is close. */
void dh_profile_suggest(const char *id, char *buf, size_t len);
const char *dh_arch_name(dh_arch a);
const char *dh_view_mode_name(dh_view_mode m);

/* ----------------------------------------------------------- SharedSection */

#define DH_SHARED_SECTION_MIN_KB 128 /* KB 184802: smaller becomes 128 */
/* Longest SubSystems\Windows value a scenario holds (a model limit: the
 * shipped values are under 300 characters). */
#define DH_WINDOWS_VALUE_MAX 500
/* KB 947246: "we do not recommend that you set a value that is over 20480
 * KB" for the 2nd SharedSection value; used for the 3rd value too. */
#define DH_SHARED_SECTION_ADVISED_MAX_KB 20480
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
/* Where the value list of the first SharedSection= token (any case, at a
 * word start) is in s: offset and length, as the parser reads it ("1024,
 * 3072" is one list). false when s has no such token. */
bool dh_shared_section_locate(const char *s, size_t *off, size_t *len);

/* `dheapsim check-value`: what is wrong with a SubSystems\Windows value
 * (or a bare SharedSection list) an administrator is about to apply, one
 * line each; none when it is safe by every rule the sources give. */
#define DH_VALUE_CHECK_MAX 32
typedef struct {
    size_t nproblems;
    char problems[DH_VALUE_CHECK_MAX][400];
    size_t more;        /* problems past DH_VALUE_CHECK_MAX */
    size_t token_problems; /* of them: tokens added or missing against
                              the version's shipped value */
    bool bare;          /* no other tokens given: only SharedSection checked */
} dh_value_check;
void dh_check_windows_value(const char *value, const dh_profile *p,
                            dh_value_check *out);

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
    bool use_shared_wp_desktop; /* W3SVC UseSharedWPDesktop=1: every IIS
                                   worker process on one desktop
                                   (KB 831135); off by default */
    uint32_t user_handle_quota; /* USERProcessHandleQuota, 200-18000 */
    uint32_t gdi_handle_quota;  /* GDIProcessHandleQuota, 256-65536 */
} dh_registry;

/* learn.microsoft.com sysinfo/user-objects and gdi-objects (domain-facts
 * 2f, rules 37-41): per-process quotas and the session's handle table. */
#define DH_USER_QUOTA_DEFAULT 10000
#define DH_USER_QUOTA_MIN 200
#define DH_USER_QUOTA_MAX 18000
#define DH_GDI_QUOTA_DEFAULT 10000
#define DH_GDI_QUOTA_MIN 256
#define DH_GDI_QUOTA_MAX 65536
#define DH_SESSION_HANDLES_THEORETICAL 65536
#define DH_SESSION_HANDLES_PRACTICAL 32700 /* Raymond Chen, rule 39 */

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
    uint64_t heap_header_x86;         /* heap header bytes, x86 */
    uint64_t heap_header_x64;         /* heap header bytes, x64 */
    uint32_t heap_fit;                /* dh_fit_policy */
    uint64_t max_block;               /* largest heap block, bytes */
    bool used_counts_header;          /* Used Rate counts the heap header */
    uint64_t opaque_block;            /* opaque charges: request size cap */
    uint32_t x64_opaque_scale_pct;    /* x64 opaque recipe bytes, percent */
    uint64_t tab_windows;             /* windows in one browser tab */
    uint32_t session_user_handles;    /* practical session handle cap */
    bool start_load;                  /* a real machine's desktops start
                                         loaded (startload.c) */
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
    DH_A_HEAP_HEADER_X86,
    DH_A_HEAP_HEADER_X64,
    DH_A_HEAP_FIT,
    DH_A_MAX_BLOCK,
    DH_A_USED_COUNTS_HEADER,
    DH_A_OPAQUE_BLOCK,
    DH_A_X64_OPAQUE_SCALE,
    DH_A_TAB_WINDOWS,
    DH_A_SESSION_USER_HANDLES,
    DH_A_START_LOAD,
    DH_A_COUNT
};

typedef struct {
    const char *key;      /* scenario key, e.g. "view_granularity_kb" */
    const char *unit;     /* "KB", "MB", "count", "bool", "bytes", "luid",
                             "fit" (0 best, 1 first), "percent" */
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


/* ------------------------------------------------------- USER objects */

/* What a desktop heap holds (seed: "windows, menus, and hooks"; KB 184802:
 * strings too; reactos-notes s.4 for the rest). Sizes: model/rules/userobj.c. */
typedef enum {
    DH_OBJ_DESKTOPINFO,   /* the desktop's own DESKTOPINFO and name */
    DH_OBJ_WINDOW,        /* WND + the class's cbWndExtra */
    DH_OBJ_TITLE,         /* a window title: 2 bytes a character + NUL */
    DH_OBJ_PROPERTY,      /* a window property (SetProp) */
    DH_OBJ_CLASS,         /* CLS + cbClsExtra, per process and desktop */
    DH_OBJ_MENU,          /* MENU */
    DH_OBJ_MENU_ITEMS,    /* a menu's item array */
    DH_OBJ_HOOK,          /* HOOK */
    DH_OBJ_THREADINFO,    /* CLIENTTHREADINFO, per GUI thread */
    DH_OBJ_IMC,           /* input context, per GUI thread */
    DH_OBJ_CALLPROC,      /* ANSI/Unicode window-procedure thunk */
    DH_OBJ_OPAQUE,        /* bytes no source itemises (calibration, charges) */
    DH_OBJ_TYPE_COUNT
} dh_obj_type;

const char *dh_obj_type_name(dh_obj_type t);
/* Objects that take a USER handle (GetGuiResources GR_USEROBJECTS). */
bool dh_obj_takes_user_handle(dh_obj_type t);
/* Bytes requested from the heap for one object on profile p (the heap adds
 * its block header and rounding): extra = cbWndExtra / cbClsExtra / menu
 * items, chars = characters of a title or name, bytes = OPAQUE size. */
uint64_t dh_obj_request_bytes(const dh_profile *p, dh_obj_type t,
                              uint64_t extra, uint64_t chars, uint64_t bytes);
/* Where the size of type t comes from (one line). */
const char *dh_obj_size_source(dh_obj_type t);

/* One line of a recipe or of a scenario's explicit object list. A WINDOW
 * line also allocates a TITLE when chars > 0 and `props` PROPERTY blocks;
 * a MENU line also allocates its item array when extra (items) > 0. */
typedef struct {
    dh_obj_type type;
    uint64_t count;
    uint64_t extra;
    uint64_t chars;
    uint64_t props;
    uint64_t bytes;     /* OPAQUE: bytes (x86; x64 scaled, see recipes.c) */
} dh_obj_spec;

/* What a process is made of in the desktop heap. */
typedef enum {
    DH_KIND_NONE = 0,     /* loads no user32: no heap, no desktop */
    DH_KIND_CONSOLE,      /* about 3 KB (seed comments 58, 65) */
    DH_KIND_GUI,          /* about 9 KB (seed comment 58) */
    DH_KIND_SERVICE,      /* console + hidden COM apartment window */
    DH_KIND_BROWSER_TAB,  /* a tree of windows (seed comment 7) */
    DH_KIND_RAW,          /* cost_bytes / cost_kb: one opaque amount */
    DH_KIND_OBJECTS,      /* the step's own object list */
    DH_KIND_CATALOGUE,    /* a program of the catalogue (catalogue.c) */
    DH_KIND_COUNT
} dh_proc_kind;

const char *dh_proc_kind_name(dh_proc_kind k);
/* The recipe of kind k (NONE..BROWSER_TAB) on profile p as the
 * assumptions set it: lines written to out (at most max, 8 always
 * suffice); returns the number of lines. OPAQUE bytes are final. */
#define DH_RECIPE_MAX_LINES 8
size_t dh_recipe_lines(dh_proc_kind k, const dh_assumptions *a,
                       const dh_profile *p, dh_obj_spec *out, size_t max);

/* Which end of a cost's measured range a run uses: costs with a range
 * (catalogue kinds, ranged cost_kb) take their low, typical or high end;
 * costs without one are the same at every end. */
typedef enum {
    DH_COST_TYPICAL = 0,
    DH_COST_LOW,
    DH_COST_HIGH
} dh_cost_end;
const char *dh_cost_end_name(dh_cost_end e); /* "typical", "low", "high" */
/* dh_recipe_lines at one end of the kind's range. */
size_t dh_recipe_lines_at(dh_proc_kind k, dh_cost_end end,
                          const dh_assumptions *a, const dh_profile *p,
                          dh_obj_spec *out, size_t max);
const char *dh_recipe_source(dh_proc_kind k);

/* ---------------------------------------------------------------- catalogue */

/* How a catalogue cost is known (catalogue.c, docs/sources.md). */
typedef enum {
    DH_BASIS_MEASURED,  /* a tool's output or a vendor's measured figure */
    DH_BASIS_DERIVED,   /* arithmetic from a failure count or a bound */
    DH_BASIS_ASSUMED    /* nothing found: an assumption, a wide range */
} dh_basis;
const char *dh_basis_name(dh_basis b); /* "measured", "derived", "assumed" */

/* A program servers run today, as one process kind. */
typedef struct {
    const char *name;      /* "powershell": the scenario's kind */
    const char *what;      /* one line: what the program is */
    bool console;          /* console subsystem: gets a console (conhost) */
    bool gui;              /* creates windows of its own */
    dh_arch arch;          /* architecture the bytes were found on */
    uint32_t bytes[3];     /* heap bytes per instance: low, typical, high */
    dh_basis basis;
    const char *source;
} dh_catalogue_kind;

size_t dh_catalogue_count(void);
const dh_catalogue_kind *dh_catalogue_at(size_t i);
int dh_catalogue_find(const char *name);   /* index, or -1 */
const dh_catalogue_kind *dh_catalogue_conhost(void);
/* Bytes of k at one end on profile p: found on k->arch, scaled to the
 * other architecture by the x64_opaque_scale_pct assumption. */
uint64_t dh_catalogue_bytes(const dh_catalogue_kind *k, dh_cost_end end,
                            const dh_assumptions *a, const dh_profile *p);
/* Recipe lines of k at one end: a thread's USER state (and a window for
 * GUI programs), the rest opaque up to dh_catalogue_bytes. */
size_t dh_catalogue_lines(const dh_catalogue_kind *k, dh_cost_end end,
                          const dh_assumptions *a, const dh_profile *p,
                          dh_obj_spec *out, size_t max);
/* Heap bytes recipe lines take on profile p (each block's header and
 * rounding included): what `dheapsim kinds` prints. */
uint64_t dh_lines_heap_bytes(const dh_obj_spec *l, size_t n,
                             const dh_profile *p);
/* The starting load of a real machine's desktop (startload.c): the bytes
 * a desktop already holds before the workload (its own objects included:
 * the target Used Rate in bytes) at one end of its range; 0 when the
 * model gives it none. session is the session id; source gets a line. */
uint64_t dh_start_load_bytes(const dh_profile *p, uint32_t session,
                             const char *station, const char *desktop,
                             dh_cost_end end, const char **source);
/* conhost.exe exists: Windows 7 / 2008 R2 (USER 6.1) and later. */
bool dh_profile_has_conhost(const dh_profile *p);

/* How a process gets its console (the step's "console" key): Microsoft's
 * process creation flags, docs/sources.md "conhost". */
typedef enum {
    DH_CONSOLE_AUTO = 0, /* a console program: its parent's console if the
                            parent has one, else a new one (a conhost) */
    DH_CONSOLE_NEW,      /* CREATE_NEW_CONSOLE: always a new conhost */
    DH_CONSOLE_INHERIT,  /* shares its parent's console: no conhost */
    DH_CONSOLE_DETACHED, /* DETACHED_PROCESS: no console, no conhost */
    DH_CONSOLE_NO_WINDOW /* CREATE_NO_WINDOW: a hidden console, still a
                            conhost of its own */
} dh_console_mode;
const char *dh_console_mode_name(dh_console_mode m);

#endif /* DH_RULES_H */

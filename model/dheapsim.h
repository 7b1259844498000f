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
    uint64_t first_free;     /* every granule below it is taken */
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
 * assumption: best fit whose ties among blocks of one size up to 4 KB
 * follow ReactOS's free hints (reactos-notes s.6: the oldest surviving
 * block first, then the newest freed; the default, heap_fit), best fit
 * with every tie to the lowest address, or first fit. */
typedef enum {
    DH_FIT_BEST = 0,
    DH_FIT_FIRST = 1,
    DH_FIT_BEST_HINT = 2
} dh_fit_policy;

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

/* Internal state; read it only through the functions below. Offsets and
 * sizes are in units. Blocks are 16-byte nodes in an array, linked in
 * address order; a handle is a node index. Free blocks sit in size bins:
 * one bin per exact size up to 4 KB, then 8 bins per power of two. A bin
 * with few entries is an array sorted by descending key (size << 32 |
 * offset), so its top, the last entry, is its smallest block, lowest
 * address first; a bin whose capacity grows past 256 entries turns into a
 * binary min-heap of the same keys and stays one (cap > 256 says so). A
 * free node's index in a heap bin is kept in a side array (pos, allocated
 * with the first heap bin), so a block leaving a bin by coalescing is
 * unlinked at once. Bin headers come in groups of 16, allocated when one of
 * their bins is first used: a fresh heap owns one group.
 * Under DH_FIT_BEST_HINT the exact bins (sizes up to 4 KB) are instead
 * lists in ReactOS's hint order: hint[size] is the list's first node, and
 * each free node's list links are in a side array, link (both allocated
 * with the heap); their bin headers stay unused. */
typedef struct {
    uint32_t off;                 /* block offset in units */
    uint32_t size : 31;           /* block size in units (reserve < 2^31
                                     units); 0: a spare slot */
    uint32_t is_free : 1;
    uint32_t prev, next;          /* neighbours in address order; next also
                                     links the spare (recycled) slots */
} dh_heap_node;

typedef struct {
    uint64_t key;                 /* size << 32 | offset, in units */
    uint32_t node;
} dh_heap_entry;

typedef struct {
    dh_heap_entry *e;             /* sorted (cap <= 256) or a min-heap */
    uint32_t len, cap;
} dh_heap_bin;

typedef struct {
    uint32_t next;                /* the next node of its hint list, or
                                     DH_BLOCK_NONE */
    uint32_t prev;                /* the one before; not kept up to date
                                     for the list's first node (the hint) */
} dh_heap_link;

/* Bins at most: 512 exact (unit 8) + 1 + 23 rows of 8 = 697: 11 bitmap
 * words, 44 groups of 16 bin headers. */
#define DH_HEAP_BIN_WORDS 11
#define DH_HEAP_GROUP_BINS 16
#define DH_HEAP_GROUPS 44

typedef struct {
    dh_heap_params p;
    dh_heap_node *nodes;
    uint32_t *pos;                /* pos[i]: free node i's index in its heap
                                     bin; NULL until a bin becomes a heap,
                                     then capnodes entries */
    uint32_t *hint;               /* best_fit_hint: hint[u] is the first
                                     free node of u units (u <= small_units)
                                     or DH_BLOCK_NONE; else NULL */
    dh_heap_link *link;           /* best_fit_hint: link[i], free node i's
                                     place in its hint list (capnodes
                                     entries); else NULL */
    uint32_t nnodes, capnodes;
    uint32_t spare;               /* recycled node slots, linked by next */
    uint32_t first;               /* lowest-address block */
    uint32_t shift;               /* log2(unit) */
    uint32_t small_units;         /* sizes up to this many units: exact bins */
    uint32_t small_shift;         /* log2(small_units) */
    uint32_t nbins;
    uint32_t fast_units;          /* best fit: small_units; first fit and
                                     best_fit_hint (own path): 0 */
    uint32_t list_units;          /* bins up to this are hint lists:
                                     best_fit_hint small_units, else 0 */
    uint64_t limit;               /* largest block served: max_block or
                                     all; 0 once out of memory */
    uint64_t binmap[DH_HEAP_BIN_WORDS + 1]; /* bit i set: bin i is not
                                     empty; the last word, all ones, ends
                                     a scan */
    dh_heap_bin *groups[DH_HEAP_GROUPS]; /* bin i: groups[i/16][i%16] */
    uint64_t span;                /* bytes from header that blocks tile */
    uint64_t tiled;               /* bytes the blocks tile: span, or 0 */
    uint64_t used, committed, busy_blocks, free_blocks; /* free: tiled-used */
    uint64_t high_water;          /* highest end offset of any busy block */
    bool oom;                     /* a release could not grow a bin */
} dh_heap;

/* Block bytes of a request of n bytes: round_up(max(n,1) + unit, unit). */
uint64_t dh_heap_block_bytes(uint32_t unit, uint64_t n);
/* unit: a power of two, 8..512; page: a multiple of unit; reserve: below
 * 2^31 units; header <= reserve. DH_EINTERNAL / DH_ELIMIT otherwise. */
dh_status dh_heap_init(dh_heap *h, const dh_heap_params *p, dh_error *err);
void dh_heap_free(dh_heap *h);
/* Allocate a request of n bytes (the block rule applies). On DH_OK with
 * *why == DH_HEAP_OK, *out is the block; otherwise *out = DH_BLOCK_NONE and
 * *why says why. DH_ENOMEM only when the host is out of memory. */
dh_status dh_heap_alloc(dh_heap *h, uint64_t n, dh_block *out,
                        dh_heap_outcome *why);
/* Allocate a block of exactly `bytes` (a multiple of unit, at least two
 * units, else DH_EINPUT; a one-unit split remainder is still added to it). */
dh_status dh_heap_alloc_block(dh_heap *h, uint64_t bytes, dh_block *out,
                              dh_heap_outcome *why);
/* Free a busy block; an unknown or already released handle is ignored (a
 * released handle's slot may later be reused for another block).
 * Should the host run out of memory while the free block is filed, the block
 * stays busy and every later allocation returns DH_ENOMEM. */
void dh_heap_release(dh_heap *h, dh_block b);
uint64_t dh_heap_block_size(const dh_heap *h, dh_block b);
uint64_t dh_heap_block_offset(const dh_heap *h, dh_block b);
void dh_heap_get_stats(const dh_heap *h, dh_heap_stats *s);
/* Check every invariant (blocks tile the heap, no two free neighbours,
 * counters agree, free lists hold exactly the free blocks). For tests. */
bool dh_heap_check(const dh_heap *h);
const char *dh_fit_policy_name(dh_fit_policy f);
const char *dh_heap_outcome_name(dh_heap_outcome o);

/* ------------------------------------------------------ heap trace */

/* An optional record of the desktop-heap operations of one run, in order,
 * so that a benchmark can replay exactly them through dh_heap_* alone.
 * Heaps are numbered by desktop, 0-based in creation order. */
typedef enum {
    DH_HT_OPEN = 0,     /* dh_heap_init with heaps[heap] */
    DH_HT_ALLOC,        /* dh_heap_alloc of `request` bytes -> block */
    DH_HT_RELEASE,      /* dh_heap_release of block */
    DH_HT_CLOSE         /* dh_heap_free (the desktop closed) */
} dh_heap_trace_op;

typedef struct {
    uint64_t request;   /* ALLOC: bytes asked */
    uint32_t heap;      /* desktop number */
    uint32_t block;     /* ALLOC: block returned (DH_BLOCK_NONE: it did
                           not fit); RELEASE: the block */
    uint32_t op;        /* dh_heap_trace_op */
} dh_heap_trace_rec;

typedef struct dh_heap_trace {
    dh_heap_trace_rec *ops;
    size_t nops, capops;
    dh_heap_params *heaps;   /* heaps[i]: parameters of heap i */
    size_t nheaps, capheaps;
    bool oom;                /* recording ran out of memory: incomplete */
} dh_heap_trace;

/* Free what a run appended (the struct itself is the caller's). */
void dh_heap_trace_free(dh_heap_trace *t);

/* ------------------------------------------------------- USER objects */

/* What a desktop heap holds (seed: "windows, menus, and hooks"; KB 184802:
 * strings too; reactos-notes s.4 for the rest). Sizes: model/userobj.c. */
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
    DH_KIND_COUNT
} dh_proc_kind;

const char *dh_proc_kind_name(dh_proc_kind k);
/* The recipe of kind k (NONE..BROWSER_TAB) on profile p as the
 * assumptions set it: lines written to out (at most max, 8 always
 * suffice); returns the number of lines. OPAQUE bytes are final. */
#define DH_RECIPE_MAX_LINES 8
size_t dh_recipe_lines(dh_proc_kind k, const dh_assumptions *a,
                       const dh_profile *p, dh_obj_spec *out, size_t max);
const char *dh_recipe_source(dh_proc_kind k);

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
    uint64_t cost_bytes;    /* per-process charge (kind raw) */
    char *cost_from;        /* "preset console", "cost_kb", ... */
    uint64_t bytes;         /* per window / charge bytes */
    bool used_pct_given;    /* charge: bring the desktop to this Used Rate */
    uint64_t used_pct_milli; /* charge: thousandths of a percent (24.2 % =
                               24200); the charge is what is missing */
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
#ifndef DH_MAX_ITERATIONS           /* make bench raises it (Makefile) */
#define DH_MAX_ITERATIONS 1000000ull /* all steps' counts added up */
#endif
#define DH_MAX_REPORT_ROWS 500000ull /* snapshots x desktops, estimated */
#define DH_MAX_BYTES (1ull << 40) /* one charge or heap: 1 TB */
#define DH_MAX_OBJECT_COUNT 1000000ull /* one object line's count */
#define DH_MAX_OBJECT_LINES 64u        /* lines in one objects list */
#define DH_MAX_PROPS 4u                /* properties per window */

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
/* The line of each of the first n elements of the array at path, in one
 * pass (0 where not found): lines[i] as dh_json_path_line of path[i]. */
void dh_json_array_lines(const char *text, size_t len, const char *path,
                         int *lines, size_t n);

/* ------------------------------------------------------------------ result */

/* Who holds how much of one desktop heap (seed comment 56). */
typedef struct {
    char *name;             /* process name, "(desktop)" for the desktop's
                               own objects, "(observed)" for charges */
    uint64_t processes;     /* running processes of that name */
    uint64_t bytes;         /* heap bytes of their blocks */
    uint64_t objects[DH_OBJ_TYPE_COUNT]; /* blocks by type */
} dh_consumer;

typedef struct {
    char *winsta;
    char *desktop;
    uint64_t heap_bytes;
    uint64_t used_bytes;    /* Used Rate numerator (header if counted) */
    uint64_t view_offset;
    uint64_t view_bytes;
    dh_heap_rule rule;
    uint64_t header_bytes;  /* heap header */
    uint64_t committed_bytes;
    uint64_t free_bytes;    /* in free blocks */
    uint64_t largest_free_bytes;
    uint64_t busy_blocks, free_blocks;
    dh_consumer *consumers; /* largest first; only in snapshots and final */
    size_t nconsumers;
    size_t world_index;     /* internal: the engine's desktop index */
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
    uint64_t need_bytes;    /* what was asked (bytes, or handles) */
    uint64_t free_bytes;    /* what was left */
    const char *limit;      /* "desktop heap full", "desktop heap
                               fragmented", "session view space",
                               "USER handle quota", ... */
    const char *heap_outcome; /* "full", "fragmented", "too_big" or NULL */
    uint64_t largest_free_bytes; /* largest free block (heap) or run */
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
    uint64_t committed_bytes;
    uint64_t largest_free_bytes;
    uint64_t iteration;     /* repeat iteration (trace_iterations runs) */
    uint64_t applied;       /* iterations applied so far, all steps */
    uint64_t view_bytes;    /* view space the desktop's heap takes */
    dh_heap_rule rule;      /* the rule that sized the heap */
} dh_trace_row;

/* View space of one session at one trace point (trace_iterations runs). */
typedef struct {
    size_t step;            /* 0 = after the sessions started, before step 1 */
    uint64_t iteration;
    uint64_t applied;       /* x of the plots: iterations applied so far */
    uint32_t session;
    bool fallback;
    bool view_dynamic;
    uint64_t view_size;     /* bytes; 0 = unbounded */
    uint64_t view_extent;
    uint64_t view_used;
    uint64_t shared_heap_bytes;
    uint64_t other_bytes;
} dh_trace_session;

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
    dh_trace_session *vtrace; /* only with trace_iterations */
    size_t nvtrace, capvtrace;
    uint64_t steps_applied; /* iterations applied, all steps */
    uint64_t view_peak_bytes; /* most view space one session had mapped
                                 after any iteration (peak use) */
    uint32_t view_peak_session; /* that session's id */
    size_t grow_step;       /* 1-based step grown (grow_label), 0 = none */
    bool stopped_early;     /* the run stopped at the first failure */
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
    const char *grow_label; /* capacity mode, or NULL: the first step with
                               this label repeats until failure (its count
                               ignored, at most repeat_limit times) and the
                               run stops at the first failure of any step */
    /* Fill trace and vtrace at step 0 and after iterations (plots): every
     * iteration up to DH_TRACE_DENSE, then every DH_TRACE_STRIDE-th, plus
     * the last and every one with a failure. */
    bool trace_iterations;
    /* NULL (default): nothing. Else every desktop-heap operation of the
     * run is appended to it (benchmarks replay it, tests/bench/). */
    struct dh_heap_trace *heap_trace;
} dh_run_options;

#define DH_TRACE_DENSE 1000
#define DH_TRACE_STRIDE 100

/* Run a scenario. Exhaustion is a result, not an error. */
dh_status dh_run(const dh_scenario *sc, const dh_run_options *opt,
                 dh_result **out, dh_error *err);
void dh_result_free(dh_result *r);

/* ---------------------------------------------------------------- capacity */

/* 1-based index of the first step labelled `label`, 0 when none has it. */
size_t dh_scenario_find_label(const dh_scenario *sc, const char *label);

/* What a capacity run (dh_run_options.grow_label) found. */
typedef struct {
    const char *label;      /* borrowed from the options */
    size_t step;            /* 1-based index of the grown step */
    bool reached;           /* the run got to that step */
    uint64_t count;         /* iterations of it that ran with no failure */
    const char *stopped_by; /* failure kind ("desktop_heap", "view_space",
                               ...), "repeat_limit", or "not_reached" */
} dh_capacity;

/* One pass: run sc with opt->grow_label set (required) and read the count.
 * An unknown label is DH_EINPUT naming the labels the scenario has. */
dh_status dh_capacity_run(const dh_scenario *sc, const dh_run_options *opt,
                          dh_result **out, dh_capacity *cap, dh_error *err);
/* Read the capacity of a finished grow run. */
void dh_capacity_of(const dh_result *r, const char *label, dh_capacity *cap);

/* Heap sizes the rules give on a run's configuration (KB), with the
 * fallback of rule 3 when any session fell back. */
typedef struct {
    uint64_t interactive_kb, noninteractive_kb, winlogon_kb, disconnect_kb;
    bool fallback;
} dh_heap_sizes;
void dh_heap_sizes_of(const dh_result *r, dh_heap_sizes *hs);

/* Smallest heap headroom (heap bytes minus used) of any open desktop at
 * the end of a run; false when no desktop is open. */
bool dh_min_headroom(const dh_result *r, uint64_t *bytes, uint32_t *session,
                     const char **winsta, const char **desktop);

/* ----------------------------------------------------------------- compare */

/* The same workload on several profiles, one full run each. */
typedef struct {
    dh_result **results;    /* one per profile, in the order asked */
    size_t n;
} dh_compare;

dh_status dh_compare_run(const dh_scenario *sc, const dh_run_options *base,
                         const char *const *os_ids, size_t nos,
                         dh_compare **out, dh_error *err);
void dh_compare_free(dh_compare *c);
dh_status dh_report_compare_text(const dh_compare *c, char **out);
dh_status dh_report_compare_json(const dh_compare *c, char **out);
dh_status dh_report_compare_csv(const dh_compare *c, char **out);

/* ------------------------------------------------------------------- sweep */

#define DH_SWEEP_MAX_POINTS 10000u

/* A --shared-section sweep item: the 3rd value alone (the first two from
 * the scenario or profile), or a whole triple "1024/3072/512". */
typedef struct {
    bool full;
    uint64_t kb[3];         /* full: all three; else kb[2] only */
} dh_ss_point;

/* "256,512", "256:4096:256" (start:end:step, both ends included) or a mix;
 * each value within [min, max]; at most DH_SWEEP_MAX_POINTS values. With
 * allow_absent, the word "absent" is an item, stored as 0. *out malloc'd. */
dh_status dh_sweep_parse_values(const char *text, const char *what,
                                uint64_t min, uint64_t max, bool allow_absent,
                                uint64_t **out, size_t *n, dh_error *err);
/* The same for SharedSection items: N, start:end:step, or S/I/N. */
dh_status dh_sweep_parse_shared(const char *text, dh_ss_point **out,
                                size_t *n, dh_error *err);

typedef struct {
    const dh_profile *profile;
    char shared_section[96];   /* "1024,3072,512" as run */
    uint64_t interactive_kb;   /* effective 2nd and 3rd values */
    uint64_t noninteractive_kb;
    uint64_t view_mb;          /* session view space, 0 = unbounded */
    bool fallback;
    dh_capacity cap;
    uint32_t fail_session;     /* where it stopped (when a failure did) */
    char *fail_winsta, *fail_desktop;
} dh_sweep_row;

typedef struct {
    const dh_scenario *scenario; /* borrowed */
    const char *label;           /* borrowed */
    dh_sweep_row *rows;
    size_t n;
} dh_sweep;

/* Called after each point (no I/O in the library: the caller prints). */
typedef void (*dh_progress_fn)(void *ctx, size_t done, size_t total);

/* Capacity for every (os, SessionViewSize, SharedSection) point: os_ids
 * outermost, shared sections innermost. nsvs 0: the scenario's own value;
 * an svs value 0 means the registry value is absent. */
dh_status dh_sweep_run(const dh_scenario *sc, const dh_run_options *base,
                       const char *const *os_ids, size_t nos,
                       const dh_ss_point *ss, size_t nss,
                       const uint64_t *svs, size_t nsvs,
                       dh_progress_fn progress, void *ctx,
                       dh_sweep **out, dh_error *err);
void dh_sweep_free(dh_sweep *s);
dh_status dh_report_sweep_text(const dh_sweep *s, char **out);
dh_status dh_report_sweep_json(const dh_sweep *s, char **out);
dh_status dh_report_sweep_csv(const dh_sweep *s, char **out);

/* ---------------------------------------------------------------- reports */

/* Reporters build text in memory; *out is malloc'd, NUL-terminated. */
dh_status dh_report_text(const dh_result *r, char **out);
dh_status dh_report_json(const dh_result *r, char **out);
dh_status dh_report_csv(const dh_result *r, char **out);
dh_status dh_report_profiles_text(char **out);
dh_status dh_report_profiles_json(char **out);
dh_status dh_report_shared_section(const char *text, const dh_profile *p,
                                   char **out, dh_error *err);
dh_status dh_report_capacity_text(const dh_result *r, const dh_capacity *c,
                                  char **out);
dh_status dh_report_capacity_json(const dh_result *r, const dh_capacity *c,
                                  char **out);

/* ------------------------------------------------------------------ plots */

/* Input for the gnuplot scripts in plots/: a data file and a parameter file
 * of gnuplot assignments (titles, counts, marks) the script loads. Both are
 * built from a result run with trace_iterations; x is `applied`. */
typedef struct {
    char *data;   /* NULL for compare/sweep: the script reads the CSV */
    char *params;
} dh_plot_input;

#define DH_PLOT_TITLED 10   /* usage: desktops named in the legend */
#define DH_PLOT_LAYERS 8    /* viewspace: desktops stacked one by one */

/* Used % of each desktop heap over the trace points, one data block per
 * desktop (legend-named ones first), the first failure marked. */
dh_status dh_plot_usage(const dh_result *r, dh_plot_input *out);
/* View space of one session stacked by consumer, its size, the fallback
 * and the first Event 244 / view-space failure. session < 0: the session of
 * the first view-space failure, else the one that used the most. */
dh_status dh_plot_viewspace(const dh_result *r, long session,
                            dh_plot_input *out, dh_error *err);
/* Check a `compare` or `sweep` CSV (kind "compare" or "sweep"): its header
 * starts with the documented columns and every row has as many fields.
 * Errors name file and line. params gets the OS list and titles. */
dh_status dh_plot_table(const char *csv, size_t len, const char *file,
                        const char *kind, dh_plot_input *out, dh_error *err);
void dh_plot_input_free(dh_plot_input *p);
/* Append sweep marks to in->params: today_kb (the scenario's 3rd value),
 * want and rec_kb = the smallest swept 3rd value of the CSV's first OS
 * whose count reaches want (0 when none or want is 0). */
dh_status dh_plot_sweep_marks(const char *csv, size_t len, uint64_t today_kb,
                              uint64_t want, dh_plot_input *in);

/* ----------------------------------------------------------------- explain */

/* Plain-words explanation of a result: the session tree with each heap's
 * rule and registry value, the view-space budget line by line, the
 * reservation decision, the first failure's chain, the sources. step > 0:
 * the tree and budget as they were after that step (needs a trace run:
 * record_trace); 0: at the end. */
dh_status dh_report_explain(const dh_result *r, size_t step, char **out,
                            dh_error *err);

/* One self-contained HTML page for a change request. charts: SVG texts
 * (may be NULL) with captions, inlined in order. */
typedef struct {
    const char *caption;
    const char *svg;
} dh_html_chart;
dh_status dh_report_html(const dh_result *r, const dh_html_chart *charts,
                         size_t ncharts, char **out);

/* ------------------------------------------------------------------ import */

/* Text of an input file as lines: UTF-16LE (with BOM) and UTF-8 are decoded,
 * CR LF and CR end lines, U+00A0 becomes a space, en/em dashes become '-',
 * other non-ASCII characters are kept as UTF-8. Line i is lines[i] (0-based;
 * line number i + 1). */
typedef struct {
    char **lines;
    size_t nlines;
    bool utf16;            /* the buffer was UTF-16LE with a BOM */
} dh_textlines;

dh_status dh_textlines_split(const char *buf, size_t len, dh_textlines *out,
                             dh_error *err);
void dh_textlines_free(dh_textlines *t);

typedef enum {
    DH_IMPORT_UNKNOWN = 0,
    DH_IMPORT_DHEAPMON,    /* Desktop Heap Monitor table (section 5a) */
    DH_IMPORT_DSKHEAP,     /* kernel debugger !dskheap (section 5b) */
    DH_IMPORT_REGFILE      /* regedit export (REGEDIT4 or 5.00) */
} dh_import_format;

const char *dh_import_format_name(dh_import_format f);
/* Which format the text is, from its content (not its file name). */
dh_import_format dh_import_detect(const char *buf, size_t len);

typedef struct {
    char *station;         /* "WinSta0" */
    char *desktop;         /* "Default" */
    uint64_t heap_kb;      /* Heap Size(KB) */
    uint32_t used_milli;   /* Used Rate in thousandths of a percent */
    bool used_integer;     /* the rate was written without decimals */
    bool split_recovered;  /* the backslash was missing; split by pattern */
    int line;
} dh_obs_desktop;

typedef struct {
    dh_import_format format;
    uint32_t session;      /* Session ID */
    int session_line;
    uint64_t total_kb;     /* Total Desktop: ( N KB - ... */
    uint64_t total_count;  /* ... M desktops) */
    int total_line;
    int header_line;
    dh_obs_desktop *desktops;
    size_t ndesktops;
    size_t nrecovered;     /* rows whose backslash was recovered */
    char tool_version[64]; /* "8.1.2925.0" or "" */
} dh_obs_table;

/* Parse a dheapmon or !dskheap table; checks Total against the rows (sum,
 * count), rates (0..100) and completeness; errors name file and line. */
dh_status dh_obs_table_parse(const char *buf, size_t len, const char *file,
                             dh_obs_table *out, dh_error *err);
void dh_obs_table_free(dh_obs_table *t);
/* Split "WinSta0Default" whose backslash was lost into station and desktop
 * by the known station names (WinSta0, Service-0x...$, SAWinSta,
 * __X78B95_89_IW). false when no pattern applies. */
bool dh_obs_split_name(const char *name, size_t *station_len);

/* ---------------------------------------------------------------- regfile */

#define DH_REG_KEY_SUBSYSTEMS "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet" \
    "\\Control\\Session Manager\\SubSystems"
#define DH_REG_KEY_MEMORY "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet" \
    "\\Control\\Session Manager\\Memory Management"

/* The values of a regedit export dheapsim reads (other keys and values are
 * skipped). */
typedef struct {
    int version;           /* 4 (REGEDIT4) or 5 */
    bool utf16;
    bool has_windows;      /* SubSystems\Windows */
    char *windows;         /* its string (UTF-8) */
    int windows_line;
    bool has_svs;          /* Memory Management\SessionViewSize */
    uint32_t svs_mb;
    int svs_line;
} dh_regfile;

dh_status dh_regfile_parse(const char *buf, size_t len, const char *file,
                           dh_regfile *out, dh_error *err);
void dh_regfile_free(dh_regfile *r);
/* A .reg file regedit accepts ("Windows Registry Editor Version 5.00",
 * CR LF): SubSystems\Windows as hex(2) UTF-16LE bytes wrapped as regedit
 * wraps them, and Memory Management\SessionViewSize as a dword when
 * with_svs. windows must be ASCII. */
dh_status dh_regfile_write(const char *windows, bool with_svs,
                           uint32_t svs_mb, char **out, dh_error *err);

/* The csrss command line as shipped (seed body), with the profile's default
 * SharedSection; *out malloc'd. */
dh_status dh_default_windows_value(const dh_profile *p, char **out);
/* Replace the value of SharedSection= in a SubSystems\Windows string (or
 * build the default one around a bare "a,b,c"); *out malloc'd. */
dh_status dh_windows_value_with(const char *windows, const char *values,
                                const dh_profile *p, char **out,
                                dh_error *err);

/* ------------------------------------------------------ import -> scenario */

typedef struct {
    const dh_profile *profile; /* the guess */
    char why[256];             /* why this profile (a guess) */
    char shared_section[64];   /* "1024,3072,512" */
} dh_import_guess;

/* Build the scenario JSON (the scenario format) from a table and/or a
 * .reg; either may be NULL, not both. The file names go into "source";
 * os (NULL: guess from the sizes) forces the profile. Heap sizes the derived SharedSection cannot reproduce are
 * errors at the row's line. *json malloc'd. */
dh_status dh_import_scenario(const dh_obs_table *t, const char *table_file,
                             const dh_regfile *reg, const char *reg_file,
                             const char *os, dh_import_guess *guess,
                             char **json, dh_error *err);

/* --------------------------------------------------------------- recommend */

/* 32-bit kernels: session view space + session paged pool "has a
 * theoretical maximum of slightly under 500 MB ... In practice the maximum
 * value is around 450 MB" (seed body). SessionPoolSize as shipped on
 * XP/2003 x86 Terminal Services: 16 MB (domain-facts open question 5,
 * [P13]). */
#define DH_X86_SESSION_SPACE_MAX_MB 450
#define DH_X86_SESSION_POOL_DEFAULT_MB 16
/* KB 947246: "we do not recommend that you set a value that is over 20480
 * KB" for the 2nd SharedSection value; used for the 3rd value too. */
#define DH_SHARED_SECTION_ADVISED_MAX_KB 20480

typedef struct {
    uint32_t headroom_pct;   /* 0..99: every heap at most 100 - h % used */
    bool no_shrink;          /* search from the current values up */
    dh_run_options run;      /* --os and registry overrides */
} dh_recommend_options;

typedef struct {
    bool feasible;
    char why[512];           /* when not feasible: what cannot be met */
    const dh_profile *profile;
    uint64_t shared_kb;      /* 1st value, kept */
    uint64_t cur_interactive_kb, cur_noninteractive_kb;
    uint64_t interactive_kb, noninteractive_kb;   /* recommended */
    bool interactive_used, noninteractive_used;   /* any such desktop */
    char limit_interactive[320];   /* what fails one step below */
    char limit_noninteractive[320];
    bool view_fixed;         /* profile has a fixed, settable view space */
    uint32_t cur_svs_mb, svs_mb;
    bool svs_changed;
    uint64_t view_used_kb, view_size_kb; /* at the recommendation, worst
                                            session, peak over snapshots */
    char current_problem[512]; /* what fails with the current values, or "" */
    char *windows_before;    /* SubSystems\Windows value, malloc'd */
    char *windows_after;
    uint32_t runs;           /* dh_run calls made */
    uint32_t step_kb;        /* search step */
    bool no_shrink;          /* searched from the current values up */
} dh_recommendation;

dh_status dh_recommend(const dh_scenario *sc, const dh_recommend_options *o,
                       dh_recommendation *out, dh_error *err);
void dh_recommendation_free(dh_recommendation *r);
dh_status dh_report_recommend_text(const dh_recommendation *r,
                                   const dh_scenario *sc, char **out);
dh_status dh_report_recommend_json(const dh_recommendation *r,
                                   const dh_scenario *sc, char **out);

#endif /* DHEAPSIM_H */

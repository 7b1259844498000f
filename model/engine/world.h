/*
 * world.h — internal: the simulated world of sessions, window stations,
 * desktops, services and processes that the engine changes step by step.
 * Everything is kept in arrays in creation order, so iteration (and hence
 * every report) is deterministic.
 */
#ifndef DH_WORLD_H
#define DH_WORLD_H

#include "engine.h"

#define DH_NONE ((size_t)-1)

/* One object in a desktop heap, owned by a process or by the desktop
 * (16 bytes: the small fields sit in the padding after blk). */
typedef struct {
    dh_block blk;
    uint8_t type;                  /* dh_obj_type */
    uint8_t observed;              /* desktop-owned: 1 an observed charge,
                                      2 the starting load */
    uint64_t bytes;                /* block bytes */
} dh_w_obj;

typedef struct {
    dh_w_obj *v;
    size_t n, cap;
} dh_w_objs;

/* A window: its WND block, then title and properties. 32 bytes, as the
 * farm holds millions: its heap bytes are not kept but summed from the
 * blocks' sizes when needed (dh_w_window_bytes). */
typedef struct {
    dh_block blk[2 + DH_MAX_PROPS];
    uint32_t gdi;                  /* GDI handles it holds */
    uint8_t n;
    uint8_t titled;                /* blk[1] is its title */
} dh_w_window;

/* Heap bytes of window w's blocks in heap h. */
uint64_t dh_w_window_bytes(const dh_heap *h, const dh_w_window *w);

typedef struct {
    uint32_t id;
    bool active;
    uint64_t user_handles;         /* USER handles held in the session */
    bool fallback;
    uint64_t other_bytes;
    dh_viewspace view;
    uint64_t shared_off, shared_bytes; /* 1st SharedSection value mapped */
    uint64_t other_off, other_mapped;
    bool logged_243, logged_244;   /* events are logged once per session */
    bool view_touched;             /* view mapped/unmapped this iteration */
} dh_w_session;

typedef struct {
    char *name;
    size_t session;                /* index into world.sessions */
    bool interactive;
    bool per_logon;                /* closes with its last process */
    bool open;
    size_t attached;               /* running processes on its desktops */
    size_t *desks;                 /* its desktops, in creation order (closed
                                      ones dropped when looked through) */
    size_t ndesks, capdesks;
} dh_w_station;

typedef struct {
    char *name;
    size_t station;
    bool open;
    uint64_t heap_bytes, used_bytes; /* used: header (if counted) + blocks */
    uint64_t view_offset, view_bytes;
    dh_heap_rule rule;
    dh_heap *heap;                 /* the allocator over heap_bytes (NULL
                                      once closed) */
    uint64_t header;               /* heap header bytes */
    dh_w_objs own;                 /* the desktop's own objects, charges */
} dh_w_desktop;

typedef struct {
    char *name;
    size_t session;
    char *station;                 /* target station name */
    char *desktop;                 /* target desktop name */
    bool per_logon;                /* target station is per-logon */
    bool auto_create;              /* the system makes its station/desktop */
    bool uses_user32;
    bool has_console;              /* owns or shares a console */
    bool new_console;              /* its own new console: a conhost.exe
                                      on Windows 7 and later */
    const dh_step *start;          /* the step that started it: its kind */
    bool running;
    bool connected;                /* its objects are in desktop `dt` */
    size_t dt;
    uint64_t charged;              /* heap bytes of all its objects */
    dh_w_objs objs;                /* objects other than windows */
    dh_w_window *windows;          /* live windows, oldest first */
    size_t nwindows, capwindows;
    uint64_t titles, props;        /* blocks of its windows by kind, kept
                                      with them (reports need not walk
                                      every window) */
    uint64_t user_handles, gdi_handles;
    uint64_t seq;                  /* start number, 1-based; 0: free slot */
    bool pinned;                   /* a service record refers to it */
} dh_w_process;

typedef struct {
    char *name;
    dh_account account;
    size_t process;
    bool running;
} dh_w_service;

/* An open-addressing hash index of item numbers (worldindex.c). */
typedef struct {
    uint32_t *slots;               /* item index, UINT32_MAX = empty */
    uint64_t *hashes;
    size_t n, cap;
} dh_w_index;

/* Processes by name (procnames.c): slots in start order, stale entries
 * (stopped or recycled: seq differs) dropped lazily. */
typedef struct {
    char *name;
    uint32_t *slot;
    uint64_t *seq;
    size_t n, cap;
} dh_w_pname;

typedef struct {
    dh_w_pname *v;                 /* names, in first-start order */
    size_t n, capv;
    uint32_t *slots;               /* hash of name -> index into v */
    size_t cap;
    const char *last;              /* the name string last looked up (a
                                      step's: steps repeat) and its entry */
    uint32_t last_entry;
    size_t found;                  /* what that look-up returned, */
    uint64_t found_seq;            /* that process's seq */
    uint64_t found_at;             /* and next_seq then */
} dh_w_pnames;

typedef struct {
    const dh_config *cfg;
    dh_w_session *sessions; size_t nsessions, capsessions;
    dh_w_station *stations; size_t nstations, capstations;
    dh_w_desktop *desktops; size_t ndesktops, capdesktops;
    dh_w_process *processes; size_t nprocesses, capprocesses;
    dh_w_service *services; size_t nservices, capservices;
    uint64_t next_luid;
    dh_w_index station_ix, desktop_ix, session_ix;
    dh_w_pnames pnames;
    size_t *spare;                 /* free process slots, reused LIFO */
    size_t nspare, capspare;
    uint64_t next_seq;
    size_t *touched;               /* sessions whose view changed since the
                                      last peak check (run.c note_peak) */
    size_t ntouched, captouched;
    bool touched_oom;              /* the list could not grow: scan all */
} dh_world;


/* A session's own fields of a snapshot (no desktops). */
void dh_world_session_head(const dh_world *w, size_t si, dh_session_rec *sr);
/* An open desktop and its place in dheapmon's order: sessions by id,
 * stations in creation order, a station's desktops newest first (qsort
 * comparator dh_world_display_order). */
typedef struct {
    uint32_t session_id;
    size_t station, desktop;
} dh_desk_order;
int dh_world_display_order(const void *a, const void *b);

void dh_world_init(dh_world *w, const dh_config *cfg);
void dh_world_free(dh_world *w);
/* Session si's view space changed (the peak check looks only at these). */
void dh_world_touch_view(dh_world *w, size_t si);
/* Add station t / desktop d / session si to the look-up indexes
 * (worldindex.c). */
dh_status dh_world_index_station(dh_world *w, size_t t);
dh_status dh_world_index_desktop(dh_world *w, size_t d);
dh_status dh_world_index_session(dh_world *w, size_t si);
void dh_w_index_free(dh_w_index *ix);
size_t dh_world_session(const dh_world *w, uint32_t id); /* active only */
size_t dh_world_station(const dh_world *w, size_t session, const char *name);
size_t dh_world_desktop(const dh_world *w, size_t station, const char *name);
/* procnames.c: file process pi under its name (after it got its seq). */
dh_status dh_world_name_process(dh_world *w, size_t pi);
/* A start of a process of that name was skipped (its session does not
 * exist on this version): later steps naming it are skipped, not errors. */
dh_status dh_world_know_process_name(dh_world *w, const char *name);
/* Was a process of that name ever started (or its start skipped)? */
bool dh_world_process_known(const dh_world *w, const char *name);
/* The most recently started running process of that name, or DH_NONE.
 * name must not change while the world lives (a step's string): the last
 * one looked up is remembered by address. */
size_t dh_world_find_process(dh_world *w, const char *name);
/* dh_world_find_process, but the last answer for name is reused while it
 * must still be right: no process started since (next_seq unchanged) and
 * the one found still runs (a stopped process never runs again, so no
 * older one can be the most recent running one). Inline: a counted step
 * asks once per iteration. */
static inline size_t dh_world_process(dh_world *w, const char *name)
{
    const dh_w_pnames *t = &w->pnames;
    if (name == t->last && t->found_at == w->next_seq && t->found != DH_NONE) {
        const dh_w_process *p = &w->processes[t->found];
        if (p->seq == t->found_seq && p->running)
            return t->found;
    }
    return dh_world_find_process(w, name);
}
void dh_w_pnames_free(dh_w_pnames *t);
/* A slot for a new process (a recycled one first), zeroed, *out its index. */
dh_status dh_world_new_process(dh_world *w, size_t *out);
/* Give back the slot of a process that no longer runs (unless pinned). */
void dh_world_recycle_process(dh_world *w, size_t pi);
size_t dh_world_service(const dh_world *w, const char *name);
dh_status dh_world_add_station(dh_world *w, size_t session, const char *name,
                               bool per_logon, size_t *out);
/* Snapshot of every active session, display order as dheapmon shows it. */
dh_status dh_world_snapshot(const dh_world *w, const char *label, size_t step,
                            dh_snapshot *out);
void dh_snapshot_free(dh_snapshot *s);
/* Who holds what in each desktop of snap (dh_consumer), largest first. */
dh_status dh_world_consumers(const dh_world *w, dh_snapshot *snap);

#endif

/*
 * base.h — the bottom layer of the dheapsim model library: errors as
 * values, the growable text buffer, allocation helpers and the helpers
 * that build and dump jansson documents. Every other layer builds on it;
 * it includes nothing of the project.
 */
#ifndef DH_BASE_H
#define DH_BASE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DH_VERSION "0.1.0"
#define DH_KB ((uint64_t)1024)
#define DH_MB ((uint64_t)1024 * 1024)

/* ------------------------------------------------------------------ errors */

/* printf-style checking of a function's format (mingw-w64's C99 printf,
 * __USE_MINGW_ANSI_STDIO, is gnu_printf there, not the MS one). */
#if defined(__MINGW32__)
#define DH_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
#define DH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DH_PRINTF(f, a)
#endif

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
    DH_PRINTF(3, 4)
    ;
void dh_error_clear(dh_error *err);
/* "file:line: path: text" in buf; returns buf. */
const char *dh_error_format(const dh_error *err, char *buf, size_t len);

/* ------------------------------------------------------------ allocation */

/* Make room for element n of *arr (capacity *cap, elements of elem bytes):
 * doubles the capacity; DH_ENOMEM on overflow or when realloc fails. */
dh_status dh_grow(void **arr, size_t *cap, size_t n, size_t elem);
/* malloc'd copy of s; NULL for NULL or when out of memory. */
char *dh_strdup(const char *s);
/* At most n bytes of s, NUL-ended (strndup is POSIX, not C11). */
char *dh_strndup(const char *s, size_t n);

/* textcheck.c: the first control character in s (C0, DEL, C1 as UTF-8;
 * with allow_lines, tab, CR and LF pass), its code in *code; NULL when
 * none. dh_escape_controls copies in to out (len bytes, always ended)
 * with each control written as \xNN or \uNNNN. */
const char *dh_first_control(const char *s, bool allow_lines,
                             uint32_t *code);
void dh_escape_controls(const char *in, char *out, size_t len);

/* ------------------------------------------------------------ input */

/* Every input's size limit (scenario, import, plot data, stdin). */
#define DH_MAX_INPUT_BYTES ((size_t)64 * 1024 * 1024)

/* Read a regular file or a pipe whole ("-": standard input) into *buf
 * (malloc'd, NUL-terminated; *len without the NUL). More than max bytes
 * is DH_ELIMIT; a directory, device, socket or named FIFO is refused
 * (DH_EINPUT; a FIFO is opened without waiting for a writer); standard
 * input may be a pipe. err->file names it. */
dh_status dh_read_input(const char *path, size_t max, char **buf,
                        size_t *len, dh_error *err);

/* ------------------------------------------------------------ text buffer */

typedef struct {
    char *data;   /* NUL-terminated once anything was appended */
    size_t len;   /* bytes used, without the NUL */
    size_t cap;   /* bytes allocated */
    bool oom;     /* an append failed; the buffer is no longer trusted */
} dh_buf;

void dh_buf_init(dh_buf *b);
void dh_buf_free(dh_buf *b);
void dh_buf_printf(dh_buf *b, const char *fmt, ...)
    DH_PRINTF(2, 3)
    ;
void dh_buf_puts(dh_buf *b, const char *s);
/* dh_buf_add when the bytes and the NUL may not fit (or oom is set). */
void dh_buf_add_grow(dh_buf *b, const char *p, size_t n);

/* Append n bytes. The JSON reporters append millions of short pieces
 * (jansson's dump callback): when they fit, a copy and nothing else. */
static inline void dh_buf_add(dh_buf *b, const char *p, size_t n)
{
    if (n >= b->cap - b->len || b->oom) {
        dh_buf_add_grow(b, p, n);
        return;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}
/* Hand the text to *out (the buffer is left empty). DH_ENOMEM, *out NULL
 * and the buffer freed when an append had failed. */
dh_status dh_buf_take(dh_buf *b, char **out);

/* Used rate in tenths of a percent, rounded half up; 0 when heap is 0.
 * Integer arithmetic so text, JSON and CSV agree on every build. */
uint64_t dh_used_tenths(uint64_t used, uint64_t heap);
/* Write a rate in tenths as "N.N" into buf (DH_TENTHS_LEN bytes). */
#define DH_TENTHS_LEN 32
const char *dh_tenths_text(char *buf, uint64_t tenths);

/* ------------------------------------------------------------ executor */

/* How a planning command runs its independent jobs (compare's profiles,
 * sweep's points, recommend's probes): run() calls job(ctx, i) once for
 * every i in 0..n-1, in any order, several at once where it can, and
 * done(ctx, finished, n) after each (one at a time, finished counting
 * up; done may be NULL); it returns when all have finished. Each job
 * writes its own result slot, so what a plan reports does not depend on
 * the order. The model has no threads: the program gives one (cli/jobs.c);
 * a NULL executor runs the jobs one after another, in order. */
typedef void (*dh_job_fn)(void *ctx, size_t i);
typedef void (*dh_done_fn)(void *ctx, size_t finished, size_t n);
typedef struct dh_executor {
    void (*run)(const struct dh_executor *self, size_t n, dh_job_fn job,
                dh_done_fn done, void *ctx);
    unsigned jobs;          /* how many at once (1: one after another) */
} dh_executor;

/* ex->run, or the serial loop when ex is NULL. */
void dh_execute(const dh_executor *ex, size_t n, dh_job_fn job,
                dh_done_fn done, void *ctx);

/* ------------------------------------------------------------ JSON output */

/* Building a jansson document while remembering whether any allocation
 * failed, so a builder checks once, at the end (dh_json_take). */
typedef struct {
    bool oom;
} dh_jc;

/* obj[key] = v, v's reference taken (also on failure: never leaked). Keys
 * are the program's own ASCII names (literals, type and kind names), so
 * jansson need not check them for UTF-8. */
static inline void dh_jset(dh_jc *j, json_t *obj, const char *key, json_t *v)
{
    if (obj == NULL || v == NULL ||
        json_object_set_new_nocheck(obj, key, v) != 0)
        j->oom = true;
    if (obj == NULL)
        json_decref(v);
}

/* arr[] += v, v's reference taken (also on failure). */
static inline void dh_jpush(dh_jc *j, json_t *arr, json_t *v)
{
    if (arr == NULL || v == NULL || json_array_append_new(arr, v) != 0)
        j->oom = true;
    if (arr == NULL)
        json_decref(v);
}

/* A string, null for NULL; bytes that are not valid UTF-8 become '?'. */
json_t *dh_jstr(const char *s);

static inline json_t *dh_ju64(uint64_t v)
{
    return json_integer((json_int_t)v);
}

/* Dump root (indent 2, key order kept, reals with 15 digits, one final
 * newline) into *out and free root; DH_ENOMEM when oom or dumping failed. */
dh_status dh_json_take(json_t *root, bool oom, char **out);

#endif /* DH_BASE_H */

/*
 * strbuf.h — internal: a small growable string buffer the reporters build
 * their text in (printf-style appends, out-of-memory remembered, taken as
 * one malloc'd string at the end), plus the used-rate helper they share.
 */
#ifndef DH_STRBUF_H
#define DH_STRBUF_H

#include "dheapsim.h"

#include <string.h>

typedef struct {
    char *data;   /* NUL-terminated once anything was appended */
    size_t len;   /* bytes used, without the NUL */
    size_t cap;   /* bytes allocated */
    bool oom;     /* an append failed; the buffer is no longer trusted */
} dh_buf;

void dh_buf_init(dh_buf *b);
void dh_buf_free(dh_buf *b);
void dh_buf_printf(dh_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
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

#endif

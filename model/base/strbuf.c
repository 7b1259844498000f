/*
 * strbuf.c — the reporters' growable string buffer: appends with vsnprintf,
 * doubles its size when full and remembers a failed allocation, so a
 * reporter checks for out-of-memory once, when it takes the text.
 */
#include "base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INITIAL_CAP 256

void dh_buf_init(dh_buf *b)
{
    memset(b, 0, sizeof *b);
}

void dh_buf_free(dh_buf *b)
{
    free(b->data);
    dh_buf_init(b);
}

/* Make room for need more bytes plus the NUL. */
static bool reserve(dh_buf *b, size_t need)
{
    if (b->oom)
        return false;
    if (need < b->cap && b->len < b->cap - need)
        return true;
    size_t cap = b->cap ? b->cap : INITIAL_CAP;
    while (cap - b->len <= need) {
        if (cap > SIZE_MAX / 2) {
            b->oom = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (p == NULL) {
        b->oom = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void dh_buf_printf(dh_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = true; /* only an encoding error; treat as unusable */
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void dh_buf_add_grow(dh_buf *b, const char *p, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void dh_buf_puts(dh_buf *b, const char *s)
{
    dh_buf_add(b, s, strlen(s));
}

dh_status dh_buf_take(dh_buf *b, char **out)
{
    *out = NULL;
    if (!b->oom && b->data == NULL)
        reserve(b, 0);
    if (b->oom) {
        dh_buf_free(b);
        return DH_ENOMEM;
    }
    b->data[b->len] = '\0';
    *out = b->data;
    dh_buf_init(b);
    return DH_OK;
}

uint64_t dh_used_tenths(uint64_t used, uint64_t heap)
{
    if (heap == 0)
        return 0;
    return (used * 1000 + heap / 2) / heap;
}

const char *dh_tenths_text(char *buf, uint64_t tenths)
{
    snprintf(buf, DH_TENTHS_LEN, "%llu.%llu",
             (unsigned long long)(tenths / 10),
             (unsigned long long)(tenths % 10));
    return buf;
}

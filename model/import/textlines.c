/*
 * textlines.c — turns an imported file's bytes into lines of UTF-8 text:
 * regedit 5.00 exports are UTF-16LE with a BOM, dheapmon output pasted from
 * the web has U+00A0 for spaces and en dashes for '-' (seed body, comment 64).
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *data;
    size_t len, cap;
} sbuf;

static bool put(sbuf *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (d == NULL)
            return false;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

/* One code point as UTF-8, with the normalisations above. */
static bool put_cp(sbuf *b, uint32_t cp)
{
    char u[4];
    if (cp == 0xA0 || cp == 0x2007 || cp == 0x202F)
        cp = ' ';
    else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2212)
        cp = '-';
    else if ((cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)
        cp = 0xFFFD; /* a lone surrogate: keep the text valid UTF-8 */
    if (cp < 0x80) {
        u[0] = (char)cp;
        return put(b, u, 1);
    }
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        return put(b, u, 2);
    }
    if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        return put(b, u, 3);
    }
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    return put(b, u, 4);
}

/* Decode to code points; invalid UTF-8 bytes are taken as Windows-1252-ish
 * Latin-1 (ANSI .reg files), so nothing is lost or rejected. UTF-16: a
 * surrogate pair is one code point; a lone surrogate is refused (0: ok,
 * 1: out of memory, 2: a lone surrogate on line *line). */
static int decode(const unsigned char *s, size_t len, bool utf16, sbuf *b,
                  int *line)
{
    size_t i = 0;
    *line = 1;
    while (i < len) {
        uint32_t cp;
        if (utf16) {
            if (i + 1 >= len)
                break; /* odd trailing byte */
            cp = (uint32_t)s[i] | (uint32_t)s[i + 1] << 8;
            i += 2;
            if (cp >= 0xD800 && cp < 0xDC00) {
                uint32_t lo = i + 1 < len
                                  ? ((uint32_t)s[i] | (uint32_t)s[i + 1] << 8)
                                  : 0;
                if (lo < 0xDC00 || lo >= 0xE000)
                    return 2;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                return 2;
            }
            if (cp == '\n')
                (*line)++;
        } else if (s[i] < 0x80) {
            cp = s[i++];
        } else {
            int n = (s[i] & 0xE0) == 0xC0 ? 1 : (s[i] & 0xF0) == 0xE0 ? 2
                    : (s[i] & 0xF8) == 0xF0 ? 3 : 0;
            bool ok = n > 0;
            uint32_t v = n == 1 ? s[i] & 0x1Fu : n == 2 ? s[i] & 0x0Fu
                                                        : s[i] & 0x07u;
            for (int k = 1; ok && k <= n; k++) {
                if (i + (size_t)k >= len || (s[i + k] & 0xC0) != 0x80)
                    ok = false;
                else
                    v = v << 6 | (s[i + k] & 0x3Fu);
            }
            if (ok) {
                cp = v;
                i += (size_t)n + 1;
            } else {
                cp = s[i++]; /* Latin-1 */
            }
        }
        if (cp == 0)
            cp = ' ';
        if (!put_cp(b, cp))
            return 1;
    }
    return 0;
}

/* UTF-16LE without a BOM, as some tools write it: NULs in every second
 * byte of the first line. */
static bool looks_utf16le(const unsigned char *s, size_t len)
{
    if (len < 8)
        return false;
    size_t n = len < 64 ? len & ~(size_t)1 : 64, zeros = 0;
    for (size_t i = 1; i < n; i += 2)
        zeros += s[i] == 0 && s[i - 1] != 0;
    return zeros * 4 >= n; /* at least half of the pairs */
}

bool dh_text_is_utf16(const char *buf, size_t len)
{
    const unsigned char *s = (const unsigned char *)buf;
    return (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) || looks_utf16le(s, len);
}

dh_status dh_text_to_utf8(const char *buf, size_t len, char **out,
                          size_t *outlen)
{
    const unsigned char *s = (const unsigned char *)buf;
    bool bom = len >= 2 && s[0] == 0xFF && s[1] == 0xFE;
    sbuf b = {NULL, 0, 0};
    int line;
    int rc = decode(bom ? s + 2 : s, bom ? len - 2 : len, true, &b, &line);
    if (rc != 0 || !put(&b, "", 0)) {
        free(b.data);
        *out = NULL;
        return rc == 2 ? DH_EINPUT : DH_ENOMEM;
    }
    *out = b.data;
    *outlen = b.len;
    return DH_OK;
}

void dh_textlines_free(dh_textlines *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->nlines; i++)
        free(t->lines[i]);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

dh_status dh_textlines_split(const char *buf, size_t len, dh_textlines *out,
                             dh_error *err)
{
    memset(out, 0, sizeof *out);
    const unsigned char *s = (const unsigned char *)buf;
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        out->utf16 = true;
        s += 2;
        len -= 2;
    } else if (looks_utf16le(s, len)) {
        out->utf16 = true;
    } else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        len -= 3;
    }
    sbuf b = {NULL, 0, 0};
    int bad_line = 0;
    int rc = decode(s, len, out->utf16, &b, &bad_line);
    if (rc != 0 || !put(&b, "", 0)) {
        free(b.data);
        if (rc == 2) {
            dh_error_set(err, DH_EINPUT, "a lone UTF-16 surrogate (half a "
                         "character): the file is damaged or not UTF-16");
            err->line = bad_line;
            return DH_EINPUT;
        }
        return dh_error_set(err, DH_ENOMEM, "out of memory reading text");
    }
    size_t cap = 0;
    const char *p = b.data;
    const char *end = b.data + b.len;
    while (p < end || (p == end && out->nlines == 0 && b.len > 0)) {
        const char *e = p;
        while (e < end && *e != '\n' && *e != '\r')
            e++;
        if (out->nlines == cap) {
            cap = cap ? cap * 2 : 64;
            char **l = realloc(out->lines, cap * sizeof *l);
            if (l == NULL)
                goto oom;
            out->lines = l;
        }
        char *line = malloc((size_t)(e - p) + 1);
        if (line == NULL)
            goto oom;
        memcpy(line, p, (size_t)(e - p));
        line[e - p] = '\0';
        out->lines[out->nlines++] = line;
        if (e < end && *e == '\r' && e + 1 < end && e[1] == '\n')
            e++;
        p = e + 1;
        if (e == end)
            break;
    }
    free(b.data);
    return DH_OK;
oom:
    free(b.data);
    dh_textlines_free(out);
    return dh_error_set(err, DH_ENOMEM, "out of memory reading text");
}

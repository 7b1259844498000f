/*
 * textcheck.c — control characters in text that reports print: a name
 * holding a newline could forge a report line, an ESC could drive the
 * reader's terminal (issue 13). Names refuse them at the edge (loader,
 * import); messages escape them.
 */
#include "base.h"

#include <stdio.h>
#include <string.h>

/* C0 controls, DEL, and C1 controls as UTF-8 (C2 80 to C2 9F). */
const char *dh_first_control(const char *s, bool allow_lines,
                             uint32_t *code)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (allow_lines && (*p == '\n' || *p == '\t' || *p == '\r'))
            continue;
        if (*p < 0x20 || *p == 0x7f) {
            *code = *p;
            return (const char *)p;
        }
        if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            *code = p[1];
            return (const char *)p;
        }
    }
    return NULL;
}

void dh_escape_controls(const char *in, char *out, size_t len)
{
    size_t o = 0;
    if (len == 0)
        return;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        char esc[8];
        size_t n;
        if (*p < 0x20 || *p == 0x7f) {
            n = (size_t)snprintf(esc, sizeof esc, "\\x%02x", *p);
        } else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            n = (size_t)snprintf(esc, sizeof esc, "\\u%04x", p[1]);
            p++;
        } else {
            esc[0] = (char)*p;
            n = 1;
        }
        if (o + n >= len)
            break;
        memcpy(out + o, esc, n);
        o += n;
    }
    out[o] = '\0';
}

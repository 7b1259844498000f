/*
 * error.c — errors as values: the dh_error struct every function fills.
 * Follows jansson's json_error_t habit: the first error wins, and it carries
 * the file, the place (JSON path, line, column) and one sentence.
 */
#include "base.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

dh_status dh_error_set(dh_error *err, dh_status st, const char *fmt, ...)
{
    if (err == NULL || err->status != DH_OK)
        return st;
    err->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return st;
}

void dh_error_clear(dh_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
}

const char *dh_error_format(const dh_error *err, char *buf, size_t len)
{
    size_t n = 0;
    if (len == 0)
        return buf;
    buf[0] = '\0';
    if (err->file[0] != '\0') {
        n += (size_t)snprintf(buf + n, len - n, "%s", err->file);
        if (n < len && err->line > 0)
            n += (size_t)snprintf(buf + n, len - n, ":%d", err->line);
        if (n < len && err->column > 0)
            n += (size_t)snprintf(buf + n, len - n, err->line > 0 ? ":%d"
                                  : " (column %d)", err->column);
        if (n < len)
            n += (size_t)snprintf(buf + n, len - n, ": ");
    }
    if (n < len && err->path[0] != '\0')
        n += (size_t)snprintf(buf + n, len - n, "%s: ", err->path);
    if (n < len)
        snprintf(buf + n, len - n, "%s", err->text);
    return buf;
}

/*
 * regfile_write.c — writes the .reg file `recommend --reg` produces, laid
 * out as regedit exports it (Wine/ReactOS programs/regedit/regproc.c:
 * header, blank line, [key], values, blank line; CR LF; REG_EXPAND_SZ as
 * hex(2): UTF-16LE bytes with the terminating NUL, "xx," per byte, a "\"
 * continuation once a line reaches 77 columns, continuation lines indented
 * by two spaces; dword:%08x), and the csrss command line of the seed body.
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_HEX_CHARS 77 /* regproc.c: wrap once a line reaches this */

static const char *const CSRSS_BEFORE =
    "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows "
    "SharedSection=";

/* The value as version p ships it (rules/osprofile.c windows_after and its
 * source); DH_EINPUT when no source gives it. */
dh_status dh_default_windows_value(const dh_profile *p, char **out)
{
    *out = NULL;
    if (p == NULL || p->windows_after == NULL)
        return DH_EINPUT;
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_printf(&b, "%s%s%s", CSRSS_BEFORE, p->default_shared_section,
                  p->windows_after);
    return dh_buf_take(&b, out);
}

dh_status dh_windows_value_with(const char *windows, const char *values,
                                const dh_profile *p, char **out,
                                dh_error *err)
{
    dh_buf b;
    dh_buf_init(&b);
    size_t off = 0, vl = 0;
    if (windows != NULL && dh_shared_section_locate(windows, &off, &vl)) {
        dh_buf_add(&b, windows, off);
        dh_buf_puts(&b, values);
        dh_buf_puts(&b, windows + off + vl);
    } else if (windows == NULL || strchr(windows, ' ') == NULL) {
        /* A bare "1024,3072,512": the shipped command line around it. */
        if (p == NULL || p->windows_after == NULL) {
            dh_buf_free(&b);
            return dh_error_set(err, DH_EINPUT, "no source gives the "
                                "SubSystems\\Windows value %s ships with",
                                p ? p->name : "this version");
        }
        dh_buf_printf(&b, "%s%s%s", CSRSS_BEFORE, values, p->windows_after);
    } else {
        dh_buf_free(&b);
        return dh_error_set(err, DH_EINPUT, "the SubSystems\\Windows value "
                            "has no SharedSection= to change");
    }
    return dh_buf_take(&b, out);
}

static void hex_bytes(dh_buf *b, size_t line_len, const unsigned char *d,
                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dh_buf_printf(b, "%02x", d[i]);
        if (i + 1 == n)
            break;
        dh_buf_puts(b, ",");
        line_len += 3;
        if (line_len >= MAX_HEX_CHARS) {
            dh_buf_puts(b, "\\\r\n  ");
            line_len = 2;
        }
    }
}

dh_status dh_regfile_write(const char *windows, bool with_svs,
                           uint32_t svs_mb, char **out, dh_error *err)
{
    size_t n = strlen(windows);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)windows[i] >= 0x80)
            return dh_error_set(err, DH_EINPUT, "the Windows value has a "
                                "non-ASCII character at column %zu", i + 1);
    if (n > 65536)
        return dh_error_set(err, DH_ELIMIT, "the Windows value is longer "
                            "than 65536 characters");
    /* UTF-16LE of an ASCII string, then the terminating NUL (2 bytes). */
    size_t nb = 2 * n + 2;
    unsigned char *bytes = calloc(nb, 1);
    if (bytes == NULL)
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        bytes[2 * i] = (unsigned char)windows[i];
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_puts(&b, "Windows Registry Editor Version 5.00\r\n\r\n");
    dh_buf_printf(&b, "[%s]\r\n", DH_REG_KEY_SUBSYSTEMS);
    static const char name[] = "\"Windows\"=hex(2):";
    dh_buf_puts(&b, name);
    hex_bytes(&b, strlen(name), bytes, nb);
    dh_buf_puts(&b, "\r\n\r\n");
    if (with_svs) {
        dh_buf_printf(&b, "[%s]\r\n", DH_REG_KEY_MEMORY);
        dh_buf_printf(&b, "\"SessionViewSize\"=dword:%08x\r\n\r\n",
                      (unsigned)svs_mb);
    }
    free(bytes);
    dh_status st = dh_buf_take(&b, out);
    if (st != DH_OK)
        return dh_error_set(err, st, "out of memory");
    return DH_OK;
}

/* REGEDIT4: ANSI file, hex(2) bytes are the ANSI string and one NUL. */
static dh_status regedit4(const char *windows, bool with_svs, uint32_t svs_mb,
                          char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_puts(&b, "REGEDIT4\r\n\r\n");
    dh_buf_printf(&b, "[%s]\r\n", DH_REG_KEY_SUBSYSTEMS);
    static const char name[] = "\"Windows\"=hex(2):";
    dh_buf_puts(&b, name);
    hex_bytes(&b, strlen(name), (const unsigned char *)windows,
              strlen(windows) + 1);
    dh_buf_puts(&b, "\r\n\r\n");
    if (with_svs) {
        dh_buf_printf(&b, "[%s]\r\n", DH_REG_KEY_MEMORY);
        dh_buf_printf(&b, "\"SessionViewSize\"=dword:%08x\r\n\r\n",
                      (unsigned)svs_mb);
    }
    return dh_buf_take(&b, out);
}

dh_status dh_regfile_write_as(const char *windows, bool with_svs,
                              uint32_t svs_mb, dh_reg_format fmt, char **out,
                              size_t *len, dh_error *err)
{
    *out = NULL;
    *len = 0;
    char *text = NULL;
    dh_status st = dh_regfile_write(windows, with_svs, svs_mb, &text, err);
    if (st != DH_OK)
        return st;
    if (fmt == DH_REG_REGEDIT4) {
        free(text);
        if ((st = regedit4(windows, with_svs, svs_mb, &text)) != DH_OK)
            return dh_error_set(err, st, "out of memory");
        *out = text;
        *len = strlen(text);
        return DH_OK;
    }
    /* Version 5.00 as regedit exports it: UTF-16LE with a BOM. The text
     * is ASCII (dh_regfile_write refused anything else). */
    size_t n = strlen(text);
    char *u = malloc(2 * n + 2);
    if (u == NULL) {
        free(text);
        return dh_error_set(err, DH_ENOMEM, "out of memory");
    }
    u[0] = (char)0xFF;
    u[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++) {
        u[2 + 2 * i] = text[i];
        u[3 + 2 * i] = 0;
    }
    free(text);
    *out = u;
    *len = 2 * n + 2;
    return DH_OK;
}

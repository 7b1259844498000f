/*
 * regfile.c — reads a regedit export (REGEDIT4, or "Windows Registry Editor
 * Version 5.00" in UTF-16LE or ANSI/UTF-8) for the two values the model
 * uses: Session Manager\SubSystems "Windows" (the csrss command line with
 * SharedSection, seed body; KB 184802) and Memory Management
 * "SessionViewSize" (a dword of MB, seed body). Other keys and values are
 * skipped. Value syntax as regedit writes it (Wine/ReactOS regproc.c).
 */
#include "import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *file;
    dh_error *err;
    dh_regfile *out;
} rparser;

static dh_status fail(rparser *P, int line, const char *fmt, const char *a)
{
    if (P->err == NULL || P->err->status != DH_OK)
        return DH_EINPUT;
    dh_error_set(P->err, DH_EINPUT, fmt, a);
    snprintf(P->err->file, sizeof P->err->file, "%s", P->file ? P->file : "");
    P->err->line = line;
    return DH_EINPUT;
}

void dh_regfile_free(dh_regfile *r)
{
    if (r == NULL)
        return;
    free(r->windows);
    memset(r, 0, sizeof *r);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Append code point cp as UTF-8 to s (room checked by the caller). */
static size_t utf8(char *s, uint32_t cp)
{
    if (cp < 0x80) {
        s[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    s[0] = (char)(0xF0 | (cp >> 18));
    s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    s[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* hex(2):xx,xx,... -> string. Version 5: UTF-16LE; REGEDIT4: ANSI bytes.
 * Stops at the terminating NUL. */
static dh_status hex_string(rparser *P, int line, const char *p, char **out)
{
    size_t n = strlen(p);
    unsigned char *bytes = malloc(n / 2 + 1);
    char *s = malloc(n * 2 + 4);
    size_t nb = 0, ns = 0;
    if (bytes == NULL || s == NULL) {
        free(bytes);
        free(s);
        return dh_error_set(P->err, DH_ENOMEM, "out of memory");
    }
    while (*p != '\0') {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        int hi = hexval(p[0]), lo = hi < 0 ? -1 : hexval(p[1]);
        if (hi < 0 || lo < 0) {
            free(bytes);
            free(s);
            return fail(P, line, "\"Windows\"=hex(2): '%.8s' is not a "
                        "two-digit hex byte", p);
        }
        bytes[nb++] = (unsigned char)(hi * 16 + lo);
        p += 2;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',')
            p++;
        else if (*p != '\0') {
            free(bytes);
            free(s);
            return fail(P, line, "\"Windows\"=hex(2): expected ',' at "
                        "'%.8s'", p);
        }
    }
    if (P->out->version == 5) {
        /* UTF-16LE: a surrogate pair is one character (4 bytes of UTF-8
         * for 4 bytes of hex: room as for the rest); a lone one is an
         * error */
        for (size_t i = 0; i + 1 < nb; i += 2) {
            uint32_t cp = (uint32_t)bytes[i] | (uint32_t)bytes[i + 1] << 8;
            if (cp == 0)
                break;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < nb) {
                uint32_t lo2 = (uint32_t)bytes[i + 2] |
                               (uint32_t)bytes[i + 3] << 8;
                if (lo2 >= 0xDC00 && lo2 < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo2 - 0xDC00);
                    i += 2;
                }
            }
            if (cp >= 0xD800 && cp < 0xE000) {
                free(bytes);
                free(s);
                return fail(P, line, "\"Windows\"=hex(2): a lone UTF-16 "
                            "surrogate%s: half a character", "");
            }
            ns += utf8(s + ns, cp);
        }
    } else {
        for (size_t i = 0; i < nb && bytes[i] != 0; i++)
            ns += utf8(s + ns, bytes[i]);
    }
    s[ns] = '\0';
    free(bytes);
    *out = s;
    return DH_OK;
}

/* "text" with \\ and \" escapes -> string. */
static dh_status quoted(rparser *P, int line, const char *p, char **out,
                        const char **end)
{
    if (*p != '"')
        return fail(P, line, "%sexpected a quoted string", "");
    p++;
    char *s = malloc(strlen(p) + 1);
    size_t n = 0;
    if (s == NULL)
        return dh_error_set(P->err, DH_ENOMEM, "out of memory");
    while (*p != '\0' && *p != '"') {
        if (*p == '\\' && (p[1] == '\\' || p[1] == '"'))
            p++;
        s[n++] = *p++;
    }
    if (*p != '"') {
        free(s);
        return fail(P, line, "%sunterminated quoted string", "");
    }
    s[n] = '\0';
    *out = s;
    if (end != NULL)
        *end = p + 1;
    return DH_OK;
}

static dh_status windows_value(rparser *P, int line, const char *data)
{
    char *s = NULL;
    dh_status st;
    if (strncasecmp(data, "hex(2):", 7) == 0)
        st = hex_string(P, line, data + 7, &s);
    else if (*data == '"')
        st = quoted(P, line, data, &s, NULL);
    else
        return fail(P, line, "\"Windows\" is neither a string nor "
                    "hex(2): '%.20s'", data);
    if (st != DH_OK)
        return st;
    dh_shared_section ss;
    dh_error e;
    dh_error_clear(&e);
    if (dh_shared_section_parse(s, 4096, &ss, &e) != DH_OK) {
        free(s);
        return fail(P, line, "\"Windows\": %s", e.text);
    }
    free(P->out->windows);
    P->out->windows = s;
    P->out->has_windows = true;
    P->out->windows_line = line;
    return DH_OK;
}

static dh_status svs_value(rparser *P, int line, const char *data)
{
    if (strncasecmp(data, "dword:", 6) != 0)
        return fail(P, line, "\"SessionViewSize\" is not a dword: '%.20s'",
                    data);
    const char *p = data + 6;
    uint64_t v = 0;
    size_t n = 0;
    for (; hexval(*p) >= 0; p++, n++)
        v = v * 16 + (uint64_t)hexval(*p);
    while (*p == ' ' || *p == '\t')
        p++;
    if (n == 0 || n > 8 || *p != '\0')
        return fail(P, line, "\"SessionViewSize\"=dword: '%.20s' is not 1 "
                    "to 8 hex digits", data + 6);
    if (v == 0 || v > 1048576)
        return fail(P, line, "\"SessionViewSize\" %s is out of range (1 to "
                    "1048576 MB)", data + 6);
    P->out->has_svs = true;
    P->out->svs_mb = (uint32_t)v;
    P->out->svs_line = line;
    return DH_OK;
}

enum { KEY_OTHER, KEY_SUBSYSTEMS, KEY_MEMORY };

static dh_status value_line(rparser *P, int line, const char *s, int key)
{
    char *name = NULL;
    const char *p = s;
    dh_status st;
    if (*p == '@') {
        p++;
    } else if ((st = quoted(P, line, p, &name, &p)) != DH_OK) {
        return st;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '=') {
        free(name);
        return fail(P, line, "%sexpected '=' after the value name", "");
    }
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    st = DH_OK;
    if (name != NULL && key == KEY_SUBSYSTEMS &&
        strcasecmp(name, "Windows") == 0)
        st = windows_value(P, line, p);
    else if (name != NULL && key == KEY_MEMORY &&
             strcasecmp(name, "SessionViewSize") == 0)
        st = svs_value(P, line, p);
    free(name);
    return st;
}

/* HKEY_LOCAL_MACHINE\SYSTEM\<set><tail>, the set CurrentControlSet or
 * ControlSetNNN (an export from another control set or an offline hive). */
static bool key_is(const char *k, size_t n, const char *tail)
{
    static const char head[] = "HKEY_LOCAL_MACHINE\\SYSTEM\\";
    size_t h = sizeof head - 1, t = strlen(tail), set;
    if (n < h || strncasecmp(k, head, h) != 0)
        return false;
    if (n >= h + 17 && strncasecmp(k + h, "CurrentControlSet", 17) == 0)
        set = 17;
    else if (n >= h + 13 && strncasecmp(k + h, "ControlSet", 10) == 0 &&
             isdigit((unsigned char)k[h + 10]) &&
             isdigit((unsigned char)k[h + 11]) &&
             isdigit((unsigned char)k[h + 12]))
        set = 13;
    else
        return false;
    return n == h + set + t && strncasecmp(k + h + set, tail, t) == 0;
}

static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
}

static dh_status parse_lines(rparser *P, dh_textlines *L)
{
    size_t i = 0;
    while (i < L->nlines && L->lines[i][strspn(L->lines[i], " \t")] == '\0')
        i++;
    if (i == L->nlines)
        return fail(P, 1, "%snot a regedit export: the file is empty", "");
    if (strncmp(L->lines[i], "REGEDIT4", 8) == 0)
        P->out->version = 4;
    else if (strncmp(L->lines[i], "Windows Registry Editor Version 5.00",
                     36) == 0)
        P->out->version = 5;
    else
        return fail(P, (int)i + 1, "%snot a regedit export: the first line "
                    "is not REGEDIT4 or 'Windows Registry Editor Version "
                    "5.00'", "");
    int key = KEY_OTHER;
    for (i++; i < L->nlines; i++) {
        int line = (int)i + 1;
        rtrim(L->lines[i]);
        /* Join "\" continuations (regedit indents them by two spaces);
         * the joined lines are emptied so line numbers stay true. */
        size_t len = strlen(L->lines[i]), cap = len + 1;
        for (size_t j = i + 1; len > 0 && L->lines[i][len - 1] == '\\' &&
                               L->lines[i][0] != '[' && j < L->nlines; j++) {
            rtrim(L->lines[j]);
            const char *t = L->lines[j] + strspn(L->lines[j], " \t");
            size_t tl = strlen(t);
            if (len + tl + 1 > cap) { /* doubling: linear in the value */
                size_t want = cap * 2 > len + tl + 1 ? cap * 2 : len + tl + 1;
                char *joined = realloc(L->lines[i], want);
                if (joined == NULL)
                    return dh_error_set(P->err, DH_ENOMEM, "out of memory");
                L->lines[i] = joined;
                cap = want;
            }
            memcpy(L->lines[i] + len - 1, t, tl + 1);
            L->lines[j][0] = '\0';
            len = len - 1 + tl;
        }
        const char *s = L->lines[i] + strspn(L->lines[i], " \t");
        if (*s == '\0' || *s == ';')
            continue;
        if (*s == '[') {
            const char *e = strrchr(s, ']');
            if (e == NULL)
                return fail(P, line, "%sa key line without ']'", "");
            size_t n = (size_t)(e - s - 1);
            const char *k = s + 1;
            if (key_is(k, n, "\\Control\\Session Manager\\SubSystems"))
                key = KEY_SUBSYSTEMS;
            else if (key_is(k, n, "\\Control\\Session Manager\\Memory "
                                  "Management"))
                key = KEY_MEMORY;
            else
                key = KEY_OTHER;
            continue;
        }
        if (*s != '"' && *s != '@')
            return fail(P, line, "%sneither a [key] nor a \"value\"=data "
                        "line", "");
        dh_status st = value_line(P, line, s, key);
        if (st != DH_OK)
            return st;
    }
    if (!P->out->has_windows && !P->out->has_svs)
        return fail(P, (int)L->nlines, "%sno SubSystems \"Windows\" value "
                    "and no Memory Management \"SessionViewSize\" value in "
                    "this export", "");
    return DH_OK;
}

dh_status dh_regfile_parse(const char *buf, size_t len, const char *file,
                           dh_regfile *out, dh_error *err)
{
    memset(out, 0, sizeof *out);
    dh_textlines L;
    dh_status st = dh_textlines_split(buf, len, &L, err);
    if (st != DH_OK) {
        if (err != NULL && err->file[0] == '\0' && file != NULL)
            snprintf(err->file, sizeof err->file, "%s", file);
        return st;
    }
    out->utf16 = L.utf16;
    rparser P = {file, err, out};
    st = parse_lines(&P, &L);
    dh_textlines_free(&L);
    if (st != DH_OK)
        dh_regfile_free(out);
    return st;
}

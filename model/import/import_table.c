/*
 * import_table.c — parses a desktop heap table as dheapmon prints it (banner,
 * Session ID and Total Desktop before the table, rates like 5.7) or as the
 * debugger's !dskheap prints it (table first, rates like 15%, totals after):
 * domain-facts 5a and 5b; the samples of the seed (body,
 * comments 28, 62, 64, 74), whose backslashes were lost on the web page.
 */
#include "import.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_ROWS 100000
#define MAX_HEAP_KB (DH_MAX_BYTES / DH_KB)

static const char *skip_sp(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p != '\0'; p++)
        if (strncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

static int col(const char *line, const char *p)
{
    return (int)(p - line) + 1;
}

static dh_status fail(dh_error *err, const char *file, int line, int column,
                      const char *fmt, const char *a, uint64_t x, uint64_t y)
{
    if (err == NULL || err->status != DH_OK)
        return DH_EINPUT;
    dh_error_set(err, DH_EINPUT, fmt, a, x, y);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    return DH_EINPUT;
}

/* Decimal digits at *pp into *v (at most max); false when none or too big. */
static bool number(const char **pp, uint64_t max, uint64_t *v)
{
    const char *p = *pp;
    uint64_t x = 0;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p)) {
        unsigned d = (unsigned)(*p - '0');
        if (x > (max - d) / 10)
            return false;
        x = x * 10 + d;
        p++;
    }
    *pp = p;
    *v = x;
    return true;
}

bool dh_obs_split_name(const char *name, size_t *station_len)
{
    size_t n = strlen(name);
    static const char *const fixed[] = {"WinSta0", "SAWinSta",
                                        "__X78B95_89_IW"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        size_t k = strlen(fixed[i]);
        if (n > k && strncasecmp(name, fixed[i], k) == 0) {
            *station_len = k;
            return true;
        }
    }
    /* Service-0x<high>-<low>$: the station of a logon session (seed). */
    if (strncasecmp(name, "Service-0x", 10) == 0) {
        const char *d = strchr(name, '$');
        if (d != NULL && d[1] != '\0') {
            *station_len = (size_t)(d - name) + 1;
            return true;
        }
    }
    return false;
}

const char *dh_import_format_name(dh_import_format f)
{
    switch (f) {
    case DH_IMPORT_DHEAPMON: return "dheapmon";
    case DH_IMPORT_DSKHEAP: return "!dskheap";
    case DH_IMPORT_REGFILE: return "regedit export";
    case DH_IMPORT_UNKNOWN: break;
    }
    return "unknown";
}

void dh_obs_table_free(dh_obs_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->ndesktops; i++) {
        free(t->desktops[i].station);
        free(t->desktops[i].desktop);
    }
    free(t->desktops);
    memset(t, 0, sizeof *t);
}

typedef struct {
    const char *file;
    dh_error *err;
    dh_obs_table *t;
    size_t cap;
    size_t *slots;          /* hashed row names: row index + 1, 0 empty */
    size_t nslots;          /* a power of two, at least twice the rows */
} parser;

/* FNV-1a of station "\\" desktop, case folded (names compare so). */
static uint64_t name_hash(const char *st, size_t slen, const char *dt)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < slen; i++)
        h = (h ^ (unsigned char)tolower((unsigned char)st[i])) *
            1099511628211ull;
    h = (h ^ '\\') * 1099511628211ull;
    for (; *dt; dt++)
        h = (h ^ (unsigned char)tolower((unsigned char)*dt)) *
            1099511628211ull;
    return h;
}

/* The row already named station\desktop, or NULL: one probe sequence of
 * the hashed set, so a table of many rows is read in linear time. */
static const dh_obs_desktop *find_row(const parser *P, const char *st,
                                      size_t slen, const char *dt)
{
    if (P->nslots == 0)
        return NULL;
    size_t m = P->nslots - 1;
    for (size_t i = (size_t)name_hash(st, slen, dt) & m;; i = (i + 1) & m) {
        if (P->slots[i] == 0)
            return NULL;
        const dh_obs_desktop *o = &P->t->desktops[P->slots[i] - 1];
        if (strlen(o->station) == slen &&
            strncasecmp(o->station, st, slen) == 0 &&
            strcasecmp(o->desktop, dt) == 0)
            return o;
    }
}

static bool add_slot(parser *P, size_t row);

/* Room for one more name: doubled (and every row hashed again) at half
 * full. */
static bool grow_slots(parser *P)
{
    size_t n = P->nslots ? P->nslots * 2 : 64;
    size_t *s = calloc(n, sizeof *s);
    if (s == NULL)
        return false;
    free(P->slots);
    P->slots = s;
    P->nslots = n;
    for (size_t r = 0; r < P->t->ndesktops; r++)
        if (!add_slot(P, r))
            return false;
    return true;
}

static bool add_slot(parser *P, size_t row)
{
    if (2 * (row + 1) > P->nslots && !grow_slots(P))
        return false;
    const dh_obs_desktop *d = &P->t->desktops[row];
    size_t m = P->nslots - 1;
    size_t i = (size_t)name_hash(d->station, strlen(d->station), d->desktop) &
               m;
    while (P->slots[i] != 0 && P->slots[i] != row + 1)
        i = (i + 1) & m;
    P->slots[i] = row + 1;
    return true;
}

/* "Session ID:  3" anywhere in the line. */
static dh_status session_id(parser *P, const char *line, int ln)
{
    const char *p = find_ci(line, "Session ID:");
    if (p == NULL)
        return DH_OK;
    const char *v = skip_sp(p + 11);
    uint64_t id;
    if (!number(&v, DH_MAX_SESSIONS, &id))
        return fail(P->err, P->file, ln, col(line, v), "%sSession ID is not "
                    "a number from 0 to %" PRIu64, "", DH_MAX_SESSIONS, 0);
    if (P->t->session_line != 0)
        return fail(P->err, P->file, ln, col(line, p), "%sa second Session "
                    "ID (the first is on line %" PRIu64 "): import one table "
                    "per file", "", (uint64_t)P->t->session_line, 0);
    P->t->session = (uint32_t)id;
    P->t->session_line = ln;
    return DH_OK;
}

/* "Total Desktop: ( 5824 KB - 8 desktops)" anywhere in the line. */
static dh_status total(parser *P, const char *line, int ln)
{
    const char *p = find_ci(line, "Total Desktop:");
    if (p == NULL)
        return DH_OK;
    if (P->t->total_line != 0)
        return fail(P->err, P->file, ln, col(line, p), "%sa second Total "
                    "Desktop line (the first is on line %" PRIu64 "): import "
                    "one table per file", "", (uint64_t)P->t->total_line, 0);
    const char *v = skip_sp(p + 14);
    uint64_t kb, n;
    if (*v != '(')
        goto bad;
    v = skip_sp(v + 1);
    if (!number(&v, MAX_HEAP_KB * MAX_ROWS, &kb))
        goto bad;
    v = skip_sp(v);
    if (strncasecmp(v, "KB", 2) != 0)
        goto bad;
    v = skip_sp(v + 2);
    if (*v != '-')
        goto bad;
    v = skip_sp(v + 1);
    if (!number(&v, MAX_ROWS, &n))
        goto bad;
    v = skip_sp(v);
    if (strncasecmp(v, "desktop", 7) != 0)
        goto bad;
    P->t->total_kb = kb;
    P->t->total_count = n;
    P->t->total_line = ln;
    return DH_OK;
bad:
    return fail(P->err, P->file, ln, col(line, v), "%sTotal Desktop is not "
                "'( N KB - M desktops)'", "", 0, 0);
}

static bool is_rule(const char *line)
{
    const char *p = skip_sp(line);
    size_t n = 0;
    while (p[n] == '-' || p[n] == '=')
        n++;
    return n >= 10 && *skip_sp(p + n) == '\0';
}

/* Rate "5.7", "15%" or "15.0 %": thousandths of a percent. */
static bool rate(const char *s, uint64_t *milli, bool *integer)
{
    uint64_t whole;
    const char *p = s;
    if (!number(&p, 1000000, &whole))
        return false;
    uint64_t frac = 0, scale = 100;
    *integer = true;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        *integer = false;
        while (isdigit((unsigned char)*p)) {
            frac += (uint64_t)(*p - '0') * scale;
            scale /= 10;
            p++;
        }
    }
    p = skip_sp(p);
    if (*p == '%')
        p++;
    if (*p != '\0')
        return false;
    *milli = whole * 1000 + frac;
    return true;
}

static dh_status add_row(parser *P, const char *line, int ln, char **tok,
                         const char **tokat, int ntok)
{
    dh_obs_table *t = P->t;
    uint64_t heap, milli;
    bool integer;
    const char *h = tok[ntok - 2];
    if (!number(&h, MAX_HEAP_KB, &heap) || *h != '\0' || heap == 0)
        return fail(P->err, P->file, ln, col(line, tokat[ntok - 2]), "%sHeap "
                    "Size(KB) is not a number of KB from 1 to %" PRIu64, "",
                    MAX_HEAP_KB, 0);
    if (!rate(tok[ntok - 1], &milli, &integer))
        return fail(P->err, P->file, ln, col(line, tokat[ntok - 1]), "%sUsed "
                    "Rate is not a percentage such as 5.7 or 15%%", "", 0, 0);
    if (milli > 100000)
        return fail(P->err, P->file, ln, col(line, tokat[ntok - 1]),
                    "Used Rate %s%% is above 100 %%", tok[ntok - 1], 0, 0);
    if (t->ndesktops >= MAX_ROWS)
        return fail(P->err, P->file, ln, 1, "%smore than %" PRIu64 " rows",
                    "", MAX_ROWS, 0);
    /* The name: every token before the two numbers. */
    size_t nlen = (size_t)(tokat[ntok - 2] - tokat[0]);
    while (nlen > 0 && (tokat[0][nlen - 1] == ' ' ||
                        tokat[0][nlen - 1] == '\t'))
        nlen--;
    char name[512];
    if (nlen >= sizeof name)
        return fail(P->err, P->file, ln, 1, "%sthe name is too long", "", 0,
                    0);
    memcpy(name, tokat[0], nlen);
    name[nlen] = '\0';
    size_t slen;
    bool recovered = false;
    const char *bs = strchr(name, '\\');
    if (bs != NULL) {
        slen = (size_t)(bs - name);
        if (slen == 0 || bs[1] == '\0' || strchr(bs + 1, '\\') != NULL)
            return fail(P->err, P->file, ln, col(line, tokat[0]), "'%s' "
                        "is not WinStation\\Desktop (one backslash)", name,
                        0, 0);
    } else if (dh_obs_split_name(name, &slen)) {
        recovered = true;
    } else {
        return fail(P->err, P->file, ln, col(line, tokat[0]), "'%s' has no "
                    "backslash and no known window station name (WinSta0, "
                    "Service-0x...$, SAWinSta, __X78B95_89_IW) to split it "
                    "at", name, 0, 0);
    }
    uint32_t code;
    if (dh_first_control(name, false, &code) != NULL)
        return fail(P->err, P->file, ln, col(line, tokat[0]), "%sa window "
                    "station or desktop name holds a control character",
                    "", 0, 0);
    /* Object names in a scenario are at most 255 characters. */
    if (slen > 255 || strlen(name + slen + (bs != NULL)) > 255)
        return fail(P->err, P->file, ln, col(line, tokat[0]), "%sa window "
                    "station or desktop name is longer than 255 characters",
                    "", 0, 0);
    {
        const dh_obs_desktop *o = find_row(P, name, slen,
                                           name + slen + (bs != NULL));
        if (o != NULL)
            return fail(P->err, P->file, ln, col(line, tokat[0]), "%s "
                        "is listed twice (first on line %" PRIu64 ")", name,
                        (uint64_t)o->line, 0);
    }
    if (t->ndesktops == P->cap) {
        size_t cap = P->cap ? P->cap * 2 : 16;
        dh_obs_desktop *d = realloc(t->desktops, cap * sizeof *d);
        if (d == NULL)
            return dh_error_set(P->err, DH_ENOMEM, "out of memory");
        t->desktops = d;
        P->cap = cap;
    }
    dh_obs_desktop *d = &t->desktops[t->ndesktops];
    memset(d, 0, sizeof *d);
    d->station = dh_strndup(name, slen);
    d->desktop = strdup(name + slen + (bs != NULL));
    if (d->station == NULL || d->desktop == NULL) {
        free(d->station);
        free(d->desktop);
        return dh_error_set(P->err, DH_ENOMEM, "out of memory");
    }
    d->heap_kb = heap;
    d->used_milli = (uint32_t)milli;
    d->used_integer = integer;
    d->split_recovered = recovered;
    d->line = ln;
    t->ndesktops++;
    t->nrecovered += recovered;
    if (!add_slot(P, t->ndesktops - 1))
        return dh_error_set(P->err, DH_ENOMEM, "out of memory");
    return DH_OK;
}

#define MAX_TOK 32

/* A table row, the end of the table (*done), or an error. */
static dh_status row(parser *P, const char *line, int ln, bool *done)
{
    char copy[1024];
    char *tok[MAX_TOK];
    const char *tokat[MAX_TOK];
    int ntok = 0;
    snprintf(copy, sizeof copy, "%s", line);
    for (char *p = copy; *p != '\0' && ntok < MAX_TOK;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        tok[ntok] = p;
        tokat[ntok++] = line + (p - copy);
        while (*p != '\0' && *p != ' ' && *p != '\t')
            p++;
        if (*p != '\0')
            *p++ = '\0';
    }
    /* "15 %": join a lone % to the rate. */
    if (ntok >= 2 && strcmp(tok[ntok - 1], "%") == 0)
        ntok--;
    uint64_t x;
    bool integer;
    const char *h = ntok >= 3 ? tok[ntok - 2] : "";
    if (ntok >= 3 && number(&h, UINT64_MAX, &x) && *h == '\0' &&
        rate(tok[ntok - 1], &x, &integer))
        return add_row(P, line, ln, tok, tokat, ntok);
    /* A row cut short: a station\desktop name and at most one number. */
    const char *n1 = ntok == 2 ? tok[1] : "";
    size_t split;
    if ((ntok == 1 && (strchr(tok[0], '\\') ||
                       dh_obs_split_name(tok[0], &split)))
        || (ntok == 2 && number(&n1, UINT64_MAX, &x) && *n1 == '\0'))
        return fail(P->err, P->file, ln, col(line, tokat[ntok - 1]), "%s"
                    "truncated row: expected a name, Heap Size(KB) and Used "
                    "Rate", "", 0, 0);
    *done = true;
    return DH_OK;
}

dh_import_format dh_import_detect(const char *buf, size_t len)
{
    /* UTF-16 (a regedit export, or text a PowerShell redirect saved):
     * look at it as UTF-8 */
    if (dh_text_is_utf16(buf, len)) {
        char *u = NULL;
        size_t ulen = 0;
        if (dh_text_to_utf8(buf, len, &u, &ulen) != DH_OK)
            return (unsigned char)buf[0] == 0xFF ? DH_IMPORT_REGFILE
                                                 : DH_IMPORT_UNKNOWN;
        dh_import_format f = dh_import_detect(u, ulen);
        free(u);
        /* UTF-16 with a BOM and no table in it: a regedit export (its
         * parser says what is wrong) */
        if (f == DH_IMPORT_UNKNOWN && (unsigned char)buf[0] == 0xFF &&
            (unsigned char)buf[1] == 0xFE)
            return DH_IMPORT_REGFILE;
        return f;
    }
    const unsigned char *s = (const unsigned char *)buf;
    size_t i = len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3
                                                                        : 0;
    while (i < len && isspace(s[i]))
        i++;
    if ((len - i >= 8 && memcmp(buf + i, "REGEDIT4", 8) == 0) ||
        (len - i >= 31 &&
         memcmp(buf + i, "Windows Registry Editor Version", 31) == 0))
        return DH_IMPORT_REGFILE;
    /* A table: whichever comes first, the totals or the header. */
    const char *hdr = NULL, *tot = NULL;
    for (size_t k = 0; k + 14 <= len && (!hdr || !tot); k++) {
        if (!hdr && strncasecmp(buf + k, "Heap Size(KB)", 13) == 0)
            hdr = buf + k;
        if (!tot && strncasecmp(buf + k, "Total Desktop:", 14) == 0)
            tot = buf + k;
    }
    if (hdr == NULL)
        return DH_IMPORT_UNKNOWN;
    return tot != NULL && tot < hdr ? DH_IMPORT_DHEAPMON : DH_IMPORT_DSKHEAP;
}

/* Rows whose names the debugger could not read (station "?N"), named by
 * size and order as seed comment 7 shows them: 128 or 192 KB the
 * Winlogon desktop, 64 or 96 KB Disconnect (the fixed heaps, 32- and
 * 64-bit), the first other one WinSta0\Default, the rest stations of
 * their own ("Unreadable-N"). A guess: the import says so. */
static dh_status guess_names(dh_obs_table *t)
{
    bool wl = false, dc = false, def = false;
    size_t other = 0;
    for (size_t i = 0; i < t->ndesktops; i++) {
        dh_obs_desktop *d = &t->desktops[i];
        if (d->station[0] != '?')
            continue;
        char st[64], dt[32];
        if (!wl && (d->heap_kb == 128 || d->heap_kb == 192)) {
            wl = true;
            snprintf(st, sizeof st, "WinSta0");
            snprintf(dt, sizeof dt, "Winlogon");
        } else if (!dc && (d->heap_kb == 64 || d->heap_kb == 96)) {
            dc = true;
            snprintf(st, sizeof st, "WinSta0");
            snprintf(dt, sizeof dt, "Disconnect");
        } else if (!def) {
            def = true;
            snprintf(st, sizeof st, "WinSta0");
            snprintf(dt, sizeof dt, "Default");
        } else {
            snprintf(st, sizeof st, "Unreadable-%zu", ++other);
            snprintf(dt, sizeof dt, "Default");
        }
        char *a = strdup(st), *b = strdup(dt);
        if (a == NULL || b == NULL) {
            free(a);
            free(b);
            return DH_ENOMEM;
        }
        free(d->station);
        free(d->desktop);
        d->station = a;
        d->desktop = b;
        t->nguessed++;
    }
    return DH_OK;
}

static dh_status check(parser *P, const dh_textlines *L)
{
    dh_obs_table *t = P->t;
    int last = (int)L->nlines;
    if (t->ndesktops == 0)
        return fail(P->err, P->file, t->header_line, 1, "%struncated table: "
                    "no rows after the header line", "", 0, 0);
    if (t->total_line == 0)
        return fail(P->err, P->file, last, 1, "%struncated table: no 'Total "
                    "Desktop: ( N KB - M desktops)' line", "", 0, 0);
    if (t->session_line == 0)
        return fail(P->err, P->file, last, 1, "%struncated table: no "
                    "'Session ID:' line", "", 0, 0);
    if (t->format == DH_IMPORT_DSKHEAP && t->total_line < t->header_line)
        return fail(P->err, P->file, t->total_line, 1, "%s!dskheap prints "
                    "Total Desktop after the table", "", 0, 0);
    uint64_t sum = 0;
    for (size_t i = 0; i < t->ndesktops; i++)
        sum += t->desktops[i].heap_kb; /* at most 1e5 rows of 2^30 */
    if (t->total_count != t->ndesktops)
        return fail(P->err, P->file, t->total_line, 1, "%sTotal Desktop says "
                    "%" PRIu64 " desktops but the table has %" PRIu64 " rows",
                    "", t->total_count, (uint64_t)t->ndesktops);
    if (t->total_kb != sum)
        return fail(P->err, P->file, t->total_line, 1, "%sTotal Desktop says "
                    "%" PRIu64 " KB but the heap sizes add up to %" PRIu64
                    " KB", "", t->total_kb, sum);
    return DH_OK;
}

dh_status dh_obs_table_parse(const char *buf, size_t len, const char *file,
                             dh_obs_table *out, dh_error *err)
{
    memset(out, 0, sizeof *out);
    dh_textlines L;
    dh_status st = dh_textlines_split(buf, len, &L, err);
    if (st != DH_OK) {
        if (err != NULL && err->file[0] == '\0' && file != NULL)
            snprintf(err->file, sizeof err->file, "%s", file);
        return st;
    }
    parser P = {file, err, out, 0, NULL, 0};
    out->format = dh_import_detect(buf, len);
    if (out->format != DH_IMPORT_DHEAPMON &&
        out->format != DH_IMPORT_DSKHEAP) {
        dh_textlines_free(&L);
        return fail(err, file, 1, 0, "%sunknown format: not a dheapmon or "
                    "!dskheap table (no 'Heap Size(KB)' header line) nor a "
                    "regedit export", "", 0, 0);
    }
    enum { BEFORE, IN, AFTER } state = BEFORE;
    for (size_t i = 0; st == DH_OK && i < L.nlines; i++) {
        const char *line = L.lines[i];
        int ln = (int)i + 1;
        const char *v = find_ci(line, "(Version ");
        /* The version goes into the scenario's source text: only a
         * version's characters are kept (a control there would be
         * refused when the scenario loads back). */
        size_t vlen = v != NULL ? strspn(v + 9, "0123456789.") : 0;
        if (v != NULL && vlen > 0 && v[9 + vlen] == ')' &&
            find_ci(line, "Desktop Heap") != NULL &&
            out->tool_version[0] == '\0')
            snprintf(out->tool_version, sizeof out->tool_version, "%.*s",
                     (int)vlen, v + 9);
        if (find_ci(line, "Heap Size(KB)") != NULL) {
            if (out->header_line != 0)
                st = fail(err, file, ln, 1, "%sa second table (the first "
                          "header is on line %" PRIu64 "): import one table "
                          "per file", "", (uint64_t)out->header_line, 0);
            out->header_line = ln;
            state = IN;
            continue;
        }
        bool has_total = find_ci(line, "Total Desktop:") != NULL;
        bool has_session = find_ci(line, "Session ID:") != NULL;
        if (has_total || has_session) {
            if (state == IN)
                state = AFTER;
            st = session_id(&P, line, ln);
            if (st == DH_OK)
                st = total(&P, line, ln);
            continue;
        }
        const char *na = state != BEFORE
                             ? find_ci(line, "name not accessible)") : NULL;
        if (na != NULL) {
            /* seed comment 7: "(000002B8: name not accessible)  3072 15%":
             * a row without its name (named below, a guess); the same
             * text before a pUniStr dump is not a row */
            char named[1024];
            snprintf(named, sizeof named, "?%zu\\? %s", out->ndesktops,
                     na + 20);
            if (strstr(na, "pUniStr") == NULL) {
                bool done = false;
                st = row(&P, named, ln, &done);
            }
            continue;
        }
        if (state == IN && find_ci(line, "pUniStr") == skip_sp(line))
            continue; /* the debugger's string dump between rows */
        if (state != IN || *skip_sp(line) == '\0')
            continue;
        if (is_rule(line)) {
            if (out->ndesktops > 0)
                state = AFTER;
            continue;
        }
        bool done = false;
        st = row(&P, line, ln, &done);
        if (done)
            state = AFTER;
    }
    free(P.slots);
    P.slots = NULL;
    if (st == DH_OK)
        st = guess_names(out);
    if (st == DH_OK)
        st = check(&P, &L);
    dh_textlines_free(&L);
    if (st != DH_OK)
        dh_obs_table_free(out);
    return st;
}

/*
 * sharedsection.c — parses the SharedSection=a,b[,c[,d]] token of the
 * SubSystems\Windows registry value into the desktop heap sizes it sets.
 * Sources: NTDebugging "Desktop Heap Overview" (2007) with its comment 60,
 * KB 184802 and KB Q142676 (docs/sources.md).
 */
#include "rules.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * What the parser follows:
 * - The token lives in HKLM\System\CurrentControlSet\Control\Session Manager
 *   \SubSystems\Windows, e.g. "%SystemRoot%\system32\csrss.exe ...
 *   SharedSection=1024,3072,512 Windows=On ..." (Desktop Heap Overview;
 *   KB 184802). Values are KB.
 * - 1st: the shared heap, not a desktop heap; kept as written.
 *   2nd: each desktop on WinSta0. 3rd: each desktop on a non-interactive
 *   window station; when absent, the 2nd value is used (KB 184802, Q142676).
 * - 2nd and 3rd: "a smaller value is silently replaced by 128" (KB 184802),
 *   then "internally rounded up to a multiple of the page size (4KB on x86)"
 *   (Desktop Heap Overview, comment 60). Minimum first, then rounding.
 * - A 4th value is accepted and ignored: no public source documents one
 *   (the question in comment 82 of the overview went unanswered).
 */

#define TOKEN_NAME "SharedSection="
#define TOKEN_LEN (sizeof TOKEN_NAME - 1)
#define MAX_VALUES 4
#define SHOW_MAX 40 /* characters of a bad value quoted in a message */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int column_of(size_t off)
{
    return off < (size_t)INT_MAX ? (int)off + 1 : INT_MAX;
}

/* DH_EINPUT with a message; the column (1-based) of offset off is recorded
 * only when this call is the one that sets err (the first error wins). */
DH_PRINTF(3, 4)
static dh_status bad_input(dh_error *err, size_t off, const char *fmt, ...)
{
    bool first = err != NULL && err->status == DH_OK;
    char msg[sizeof err->text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dh_error_set(err, DH_EINPUT, "%s", msg);
    if (first)
        err->column = column_of(off);
    return DH_EINPUT;
}

/* Does a "SharedSection=" token (name in any case) start at s[i]? */
static bool token_at(const char *s, size_t end, size_t i)
{
    if (end - i < TOKEN_LEN)
        return false;
    for (size_t k = 0; k < TOKEN_LEN; k++)
        if (ascii_lower(s[i + k]) != ascii_lower(TOKEN_NAME[k]))
            return false;
    return true;
}

/* Offset of the first token at a word start in [from, end), or end. */
static size_t find_token(const char *s, size_t from, size_t end)
{
    for (size_t i = from; i < end; i++)
        if ((i == 0 || is_space(s[i - 1])) && token_at(s, end, i))
            return i;
    return end;
}

/* End of a list that starts at s[i]: the first run of whitespace with no
 * comma on either side of it, or end. "1024, 3072" stays one list. */
static size_t list_end(const char *s, size_t i, size_t end)
{
    size_t start = i;
    while (i < end) {
        if (!is_space(s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < end && is_space(s[j]))
            j++;
        bool comma_before = i > start && s[i - 1] == ',';
        bool comma_after = j < end && s[j] == ',';
        if (!comma_before && !comma_after)
            return i;
        i = j;
    }
    return end;
}

/* Find the value list in the trimmed input [b, e): after a SharedSection=
 * token, or the whole input when it is a bare list. */
static dh_status find_list(const char *s, size_t b, size_t e, size_t *ls,
                           size_t *le, dh_error *err)
{
    size_t tok = find_token(s, b, e);
    if (tok == e) {
        if (memchr(s + b, '=', e - b) != NULL || list_end(s, b, e) != e)
            return bad_input(err, b, "no SharedSection= token found");
        *ls = b;
        *le = e;
        return DH_OK;
    }
    *ls = tok + TOKEN_LEN;
    *le = list_end(s, *ls, e);
    size_t again = find_token(s, *le, e);
    if (again != e)
        return bad_input(err, again,
                         "SharedSection= is given twice; give it once");
    return DH_OK;
}

/* One value in [vs, ve), already trimmed; pos is its 1-based position. */
static dh_status parse_value(const char *s, size_t vs, size_t ve, int pos,
                             uint64_t *v, dh_error *err)
{
    size_t n = ve - vs;
    int show = n < SHOW_MAX ? (int)n : SHOW_MAX;
    if (n == 0)
        return bad_input(err, vs, "value %d is empty", pos);
    if (s[vs] == '-' && n > 1 && is_digit(s[vs + 1]))
        return bad_input(err, vs, "value %d is negative: \"%.*s\"", pos, show,
                         s + vs);
    for (size_t i = vs; i < ve; i++)
        if (!is_digit(s[i]))
            return bad_input(err, vs,
                             "value %d is not a number of KB (decimal digits "
                             "only): \"%.*s\"",
                             pos, show, s + vs);
    uint64_t x = 0;
    for (size_t i = vs; i < ve; i++) {
        uint64_t d = (uint64_t)(s[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return bad_input(err, vs, "value %d is too large: \"%.*s\"", pos,
                             show, s + vs);
        x = x * 10 + d;
    }
    if (x > DH_SHARED_SECTION_MAX_VALUE)
        return bad_input(err, vs,
                         "value %d is too large: %" PRIu64
                         " KB is above the maximum %" PRIu64 " KB",
                         pos, x, (uint64_t)DH_SHARED_SECTION_MAX_VALUE);
    *v = x;
    return DH_OK;
}

/* Split [ls, le) at commas and parse 2 to 4 values into raw[]. */
static dh_status parse_values(const char *s, size_t ls, size_t le,
                              uint64_t raw[MAX_VALUES], int *count,
                              dh_error *err)
{
    int n = 0;
    size_t p = ls;
    for (;;) {
        size_t vs = p;
        while (vs < le && is_space(s[vs]))
            vs++;
        size_t comma = vs;
        while (comma < le && s[comma] != ',')
            comma++;
        size_t ve = comma;
        while (ve > vs && is_space(s[ve - 1]))
            ve--;
        if (n == MAX_VALUES)
            return bad_input(err, vs,
                             "value %d: more than four values are given",
                             n + 1);
        dh_status st = parse_value(s, vs, ve, n + 1, &raw[n], err);
        if (st != DH_OK)
            return st;
        n++;
        if (comma >= le)
            break;
        p = comma + 1;
    }
    if (n < 2)
        return bad_input(err, le,
                         "value 2 is missing: SharedSection needs at least "
                         "two values");
    *count = n;
    return DH_OK;
}

/* Effective size of the 2nd or 3rd value: the minimum, then the page. */
static uint64_t desktop_heap_kb(uint64_t raw, uint64_t page_kb, bool *raised,
                                bool *rounded)
{
    uint64_t v = raw;
    *raised = v < DH_SHARED_SECTION_MIN_KB;
    if (*raised)
        v = DH_SHARED_SECTION_MIN_KB;
    uint64_t up = (v + page_kb - 1) / page_kb * page_kb;
    *rounded = up != v;
    return up;
}

dh_status dh_shared_section_parse(const char *text, uint32_t page_size,
                                  dh_shared_section *out, dh_error *err)
{
    if (out == NULL || text == NULL)
        return dh_error_set(err, DH_EINTERNAL,
                            "dh_shared_section_parse: NULL argument");
    memset(out, 0, sizeof *out);
    if (page_size < 1024 || page_size % 1024 != 0)
        return dh_error_set(err, DH_EINTERNAL,
                            "dh_shared_section_parse: page size %" PRIu32
                            " bytes is below 1 KB or not a multiple of 1 KB",
                            page_size);

    size_t b = 0, e = strlen(text);
    while (b < e && is_space(text[b]))
        b++;
    while (e > b && is_space(text[e - 1]))
        e--;
    if (b == e)
        return bad_input(err, 0, "empty input: value 1 is missing");

    size_t ls = 0, le = 0;
    dh_status st = find_list(text, b, e, &ls, &le, err);
    if (st != DH_OK)
        return st;

    dh_shared_section ss;
    memset(&ss, 0, sizeof ss);
    st = parse_values(text, ls, le, ss.raw_kb, &ss.count, err);
    if (st != DH_OK)
        return st;

    uint64_t page_kb = page_size / 1024;
    ss.shared_kb = ss.raw_kb[0];
    ss.interactive_kb = desktop_heap_kb(ss.raw_kb[1], page_kb,
                                        &ss.raised_to_min[1], &ss.rounded[1]);
    ss.noninteractive_given = ss.count >= 3;
    if (ss.noninteractive_given)
        ss.noninteractive_kb = desktop_heap_kb(
            ss.raw_kb[2], page_kb, &ss.raised_to_min[2], &ss.rounded[2]);
    else
        ss.noninteractive_kb = ss.interactive_kb;
    ss.fourth_given = ss.count == MAX_VALUES;
    *out = ss;
    return DH_OK;
}

bool dh_shared_section_locate(const char *s, size_t *off, size_t *len)
{
    size_t end = strlen(s);
    size_t tok = find_token(s, 0, end);
    if (tok == end)
        return false;
    *off = tok + TOKEN_LEN;
    *len = list_end(s, *off, end) - *off;
    return true;
}

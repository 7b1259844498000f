/*
 * jsonpos.c — find the line where the value at a JSON path ("$.steps[2].count")
 * starts in the scenario text. jansson gives no value positions, so the loader
 * re-scans the original text with this small scanner to report error lines.
 *
 * The scanner is iterative (no recursion at all) and checks every index
 * against len, so invalid, truncated or very deeply nested text gives 0.
 */
#include "scenario.h"
#include "jsonpos.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *text;
    size_t len;
    size_t pos;
    size_t line; /* 1-based line of text[pos] */
} scanner;

static bool at_end(const scanner *s)
{
    return s->pos >= s->len;
}

static char peek(const scanner *s)
{
    return at_end(s) ? '\0' : s->text[s->pos];
}

/* Move past one byte, counting lines. */
static void advance(scanner *s)
{
    if (s->text[s->pos] == '\n')
        s->line++;
    s->pos++;
}

static void skip_ws(scanner *s)
{
    while (!at_end(s)) {
        char c = s->text[s->pos];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return;
        advance(s);
    }
}

/* At '"': move past the closing quote. false if the string never ends. */
static bool skip_string(scanner *s)
{
    advance(s); /* opening quote */
    while (!at_end(s)) {
        char c = s->text[s->pos];
        if (c == '"') {
            s->pos++;
            return true;
        }
        if (c == '\\') {
            s->pos++;
            if (at_end(s))
                return false;
        }
        advance(s);
    }
    return false;
}

/* true, false, null and numbers: a run of these bytes. */
static bool is_scalar_byte(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
}

static bool skip_scalar(scanner *s)
{
    char c = peek(s);
    if (!(c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ||
          c == 'n'))
        return false;
    while (!at_end(s) && is_scalar_byte(s->text[s->pos]))
        s->pos++;
    return true;
}

/* At '{' or '[': move past the matching close. Iterative, with a depth
 * counter, so any nesting depth is fine. Brackets are not checked for kind:
 * the text is valid JSON, and a bad text cannot make this read out of
 * bounds or loop. */
static bool skip_container(scanner *s)
{
    size_t depth = 0;
    while (!at_end(s)) {
        char c = s->text[s->pos];
        if (c == '"') {
            if (!skip_string(s))
                return false;
            continue;
        }
        if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return false;
            depth--;
        }
        advance(s);
        if (depth == 0)
            return true;
    }
    return false;
}

/* At the first byte of a value: move past the value. */
static bool skip_value(scanner *s)
{
    char c = peek(s);
    if (c == '"')
        return skip_string(s);
    if (c == '{' || c == '[')
        return skip_container(s);
    return skip_scalar(s);
}

/* After a member or element: "," (true, *more set) or the close (true,
 * *more clear). Anything else is malformed. */
static bool next_item(scanner *s, char close, bool *more)
{
    skip_ws(s);
    if (peek(s) == ',') {
        s->pos++;
        *more = true;
        return true;
    }
    if (peek(s) == close) {
        *more = false;
        return true;
    }
    return false;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Code point of "\uXXXX" at r (r[0] == 'u'), or -1. */
static long hex4(const char *r, size_t n)
{
    long v = 0;
    if (n < 5)
        return -1;
    for (size_t i = 1; i < 5; i++) {
        int h = hexval(r[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t utf8(unsigned long cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decode one escape at r (after the backslash) into out; returns the raw
 * bytes used, 0 if malformed. */
static size_t unescape(const char *r, size_t n, char *out, size_t *outlen)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = n > 0 ? strchr(from, r[0]) : NULL;
    if (k != NULL && r[0] != '\0') {
        out[0] = to[k - from];
        *outlen = 1;
        return 1;
    }
    long cp = n > 0 && r[0] == 'u' ? hex4(r, n) : -1;
    if (cp < 0)
        return 0;
    size_t used = 5;
    if (cp >= 0xD800 && cp < 0xDC00 && n >= 11 && r[5] == '\\') {
        long lo = r[6] == 'u' ? hex4(r + 6, n - 6) : -1;
        if (lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            used = 11;
        }
    }
    *outlen = utf8((unsigned long)cp, out);
    return used;
}

/* Does the raw JSON string body raw[0..n) decode to key[0..klen)? */
static bool key_equals(const char *raw, size_t n, const char *key, size_t klen)
{
    size_t i = 0, j = 0;
    while (i < n) {
        char buf[4];
        size_t len = 1;
        if (raw[i] == '\\') {
            size_t used = unescape(raw + i + 1, n - i - 1, buf, &len);
            if (used == 0)
                return false;
            i += used + 1;
        } else {
            buf[0] = raw[i++];
        }
        if (j + len > klen || memcmp(key + j, buf, len) != 0)
            return false;
        j += len;
    }
    return j == klen;
}

/* At the value of an object: find member key[0..klen). On success s is at
 * the member's value and *key_line is the line of its key. */
static bool find_member(scanner *s, const char *key, size_t klen,
                        size_t *key_line)
{
    bool more = true;
    skip_ws(s);
    if (peek(s) != '{')
        return false;
    s->pos++;
    skip_ws(s);
    if (peek(s) == '}')
        return false;
    while (more) {
        skip_ws(s);
        if (peek(s) != '"')
            return false;
        size_t line = s->line;
        size_t start = s->pos + 1;
        if (!skip_string(s))
            return false;
        size_t n = s->pos - 1 - start;
        skip_ws(s);
        if (peek(s) != ':')
            return false;
        s->pos++;
        skip_ws(s);
        if (key_equals(s->text + start, n, key, klen)) {
            *key_line = line;
            return true;
        }
        if (!skip_value(s) || !next_item(s, '}', &more))
            return false;
    }
    return false;
}

/* At the value of an array: find element index. On success s is at the
 * element's first byte. */
static bool find_element(scanner *s, size_t index)
{
    bool more = true;
    skip_ws(s);
    if (peek(s) != '[')
        return false;
    s->pos++;
    skip_ws(s);
    if (peek(s) == ']')
        return false;
    for (size_t i = 0; more; i++) {
        skip_ws(s);
        if (i == index)
            return true;
        if (!skip_value(s) || !next_item(s, ']', &more))
            return false;
    }
    return false;
}

/* "[N]" at path: *index gets N, returns the bytes used, 0 if malformed. */
static size_t parse_index(const char *path, size_t *index)
{
    size_t i = 1, v = 0;
    if (path[i] < '0' || path[i] > '9')
        return 0;
    for (; path[i] >= '0' && path[i] <= '9'; i++) {
        size_t d = (size_t)(path[i] - '0');
        if (v > (SIZE_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    if (path[i] != ']')
        return 0;
    *index = v;
    return i + 1;
}

/* Follow one path step ".key" or "[N]" from s. Returns the bytes of path
 * used, 0 if the step is malformed or not found; *line gets the line the
 * step names. */
static size_t follow_step(scanner *s, const char *path, size_t *line)
{
    if (path[0] == '.') {
        size_t klen = strcspn(path + 1, ".[");
        if (klen == 0 || !find_member(s, path + 1, klen, line))
            return 0;
        return klen + 1;
    }
    if (path[0] == '[' && path[1] == '"') {
        char key[512];
        size_t klen = 0, i = 2;
        for (; path[i] != '\0' && path[i] != '"'; i++) {
            if (path[i] == '\\' && path[i + 1] != '\0')
                i++;
            if (klen == sizeof key)
                return 0;
            key[klen++] = path[i];
        }
        if (path[i] != '"' || path[i + 1] != ']' ||
            !find_member(s, key, klen, line))
            return 0;
        return i + 2;
    }
    if (path[0] == '[') {
        size_t index = 0;
        size_t used = parse_index(path, &index);
        if (used == 0 || !find_element(s, index))
            return 0;
        *line = s->line;
        return used;
    }
    return 0;
}

/* Follow path from the start of the text; s is left at the value's first
 * byte and *line at the line the path names. false if not found. */
static bool follow_path(scanner *s, const char *path, size_t *line)
{
    if (s->text == NULL || path == NULL || path[0] != '$')
        return false;
    skip_ws(s);
    *line = s->line;
    size_t p = 1;
    while (path[p] != '\0') {
        size_t used = follow_step(s, path + p, line);
        if (used == 0)
            return false;
        p += used;
    }
    skip_ws(s);
    return true;
}

int dh_json_path_line(const char *text, size_t len, const char *path)
{
    scanner s = { text, len, 0, 1 };
    size_t line = 0;
    if (!follow_path(&s, path, &line))
        return 0;
    /* The value named must be there in full. */
    if (!skip_value(&s) || line > INT_MAX)
        return 0;
    return (int)line;
}

void dh_json_array_lines(const char *text, size_t len, const char *path,
                         int *lines, size_t n)
{
    scanner s = { text, len, 0, 1 };
    size_t line = 0;
    bool more = true;
    for (size_t i = 0; i < n; i++)
        lines[i] = 0;
    if (!follow_path(&s, path, &line) || peek(&s) != '[')
        return;
    s.pos++;
    skip_ws(&s);
    if (peek(&s) == ']')
        return;
    for (size_t i = 0; more && i < n; i++) {
        skip_ws(&s);
        size_t at = s.line;
        if (!skip_value(&s) || !next_item(&s, ']', &more))
            return;
        lines[i] = at > INT_MAX ? 0 : (int)at;
    }
}

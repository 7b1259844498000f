/*
 * valuecheck.c — lints a SubSystems\Windows value before an administrator
 * applies it: the SharedSection token (KB 184802 minimum 128, KB 947246
 * at most 20480, the seed's "do not change the 1st value"), and the other
 * tokens against the value the version ships with ([P3], [S5]).
 */
#include "rules.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define TOKEN "sharedsection="
#define TOKEN_LEN (sizeof TOKEN - 1)

static void add(dh_value_check *c, const char *fmt, ...)
    DH_PRINTF(2, 3)
    ;

static void add(dh_value_check *c, const char *fmt, ...)
{
    if (c->nproblems >= DH_VALUE_CHECK_MAX) {
        c->more++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->problems[c->nproblems++], sizeof c->problems[0], fmt, ap);
    va_end(ap);
}

static bool word_start(const char *s, size_t i)
{
    return i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t';
}

/* Every SharedSection= at a word start, any case. */
static size_t count_tokens(const char *s)
{
    size_t n = 0;
    for (size_t i = 0; s[i] != '\0'; i++)
        if (word_start(s, i) && strncasecmp(s + i, TOKEN, TOKEN_LEN) == 0)
            n++;
    return n;
}

/* The next space-separated token of *p: [*start, *start + *len). */
static bool next_token(const char **p, const char **start, size_t *len)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return false;
    *start = s;
    while (*s != '\0' && *s != ' ' && *s != '\t')
        s++;
    *len = (size_t)(s - *start);
    *p = s;
    return true;
}

/* A token's identity: the csrss path by its file name; ServerDll=... whole
 * (each names one server DLL); other Name=value by the name alone. */
static void token_key(const char *t, size_t n, char *key, size_t keylen,
                      bool first)
{
    if (first) {
        size_t k = n;
        while (k > 0 && t[k - 1] != '\\' && t[k - 1] != '/')
            k--;
        snprintf(key, keylen, "#%.*s", (int)(n - k), t + k);
    } else if (n >= 10 && strncasecmp(t, "ServerDll=", 10) == 0) {
        snprintf(key, keylen, "%.*s", (int)n, t);
    } else {
        const char *eq = memchr(t, '=', n);
        size_t k = eq ? (size_t)(eq - t) : n;
        snprintf(key, keylen, "%.*s", (int)k, t);
    }
    for (char *q = key; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
}

static bool has_key(const char *value, const char *key)
{
    const char *p = value, *t;
    size_t n;
    bool first = true;
    char k[160];
    while (next_token(&p, &t, &n)) {
        token_key(t, n, k, sizeof k, first);
        first = false;
        if (strcmp(k, key) == 0)
            return true;
    }
    return false;
}

/* Tokens one value has and the other lacks: added (in value, not in
 * shipped) or missing. */
static void compare_tokens(dh_value_check *c, const char *value,
                           const char *shipped, const dh_profile *p)
{
    const char *q = value, *t;
    size_t n;
    bool first = true;
    char k[160];
    while (next_token(&q, &t, &n)) {
        token_key(t, n, k, sizeof k, first);
        if (!has_key(shipped, k) && ++c->token_problems)
            add(c, "token '%.*s' is not in the value %s ships with (%s): "
                "csrss reads every token, and a wrong value can stop the "
                "machine from booting (seed comment 39)", (int)(n > 80 ? 80
                : n), t, p->id, p->src_windows);
        first = false;
    }
    q = shipped;
    first = true;
    while (next_token(&q, &t, &n)) {
        token_key(t, n, k, sizeof k, first);
        if (!has_key(value, k) && ++c->token_problems)
            add(c, "token '%.*s' that %s ships with is missing (%s)",
                (int)(n > 80 ? 80 : n), t, p->id, p->src_windows);
        first = false;
    }
}

/* true when s has a token that is not part of its SharedSection list
 * (the list may hold spaces after commas: "1024, 3072,512"). */
static bool has_other_token(const char *s)
{
    size_t off, len;
    if (!dh_shared_section_locate(s, &off, &len))
        return true;
    for (const char *q = s + off + len; *q; q++)
        if (*q != ' ' && *q != '\t')
            return true;
    return false;
}

static void check_values(dh_value_check *c, const char *list, size_t len,
                         const dh_profile *p)
{
    uint64_t v[5] = {0};
    int nv = 0;
    size_t i = 0;
    while (i <= len && nv < 5) {
        size_t j = i;
        uint64_t x = 0;
        bool big = false;
        while (j < len && list[j] >= '0' && list[j] <= '9') {
            if (x > (UINT64_MAX - 9) / 10)
                big = true;
            else
                x = x * 10 + (uint64_t)(list[j] - '0');
            j++;
        }
        if (j == i || big || (j < len && list[j] != ',')) {
            add(c, "SharedSection value %d is not a number of KB: '%.*s'",
                nv + 1, (int)(len - i > 40 ? 40 : len - i), list + i);
            return;
        }
        v[nv++] = x;
        i = j + 1;
        if (j >= len)
            break;
    }
    if (nv < 2) {
        add(c, "SharedSection has %d value%s: it needs at least 2 "
            "(shared, interactive[, non-interactive]; KB 184802)", nv,
            nv == 1 ? "" : "s");
        return;
    }
    if (nv > 3)
        add(c, "a 4th SharedSection value: no source documents one (the "
            "seed's comment 82 asked and got no answer)");
    if (v[0] != 1024)
        add(c, "the 1st value (%" PRIu64 " KB) is the shared heap, not a "
            "desktop heap: the seed says not to change it for desktop heap "
            "problems (1024 as shipped)", v[0]);
    static const char *const names[] = {"", "2nd (interactive)",
                                        "3rd (non-interactive)"};
    for (int k = 1; k < nv && k < 3; k++) {
        if (v[k] < DH_SHARED_SECTION_MIN_KB)
            add(c, "the %s value %" PRIu64 " KB is below 128 KB: Windows "
                "uses 128 instead (KB 184802)", names[k], v[k]);
        if (v[k] > DH_SHARED_SECTION_ADVISED_MAX_KB)
            add(c, "the %s value %" PRIu64 " KB is above 20480 KB, the most "
                "KB 947246 advises", names[k], v[k]);
        if (v[k] % (p->page_size / 1024) != 0)
            add(c, "the %s value %" PRIu64 " KB is not a multiple of the %u "
                "KB page: Windows rounds it up (seed comment 60)", names[k],
                v[k], (unsigned)(p->page_size / 1024));
    }
}

void dh_check_windows_value(const char *value, const dh_profile *p,
                            dh_value_check *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; value[i] != '\0'; i++) {
        unsigned char ch = (unsigned char)value[i];
        if (ch < 0x20 || ch == 0x7f) {
            add(c, "a control character (0x%02x) at column %zu: the value "
                "is one line of printable text", ch, i + 1);
            break;
        }
    }
    const char *v0 = value;
    while (*v0 == ' ' || *v0 == '\t')
        v0++;
    if (*v0 >= '0' && *v0 <= '9') { /* a bare "1024,3072,512" */
        c->bare = true;
        char list[128];
        size_t k = 0;
        for (size_t i = 0; v0[i] != '\0' && k + 1 < sizeof list; i++)
            if (v0[i] != ' ' && v0[i] != '\t')
                list[k++] = v0[i];
        list[k] = '\0';
        if (strpbrk(v0, " \t") != NULL)
            add(c, "a space inside the SharedSection list: csrss splits its "
                "command line at spaces, so the values after it are lost");
        check_values(c, list, k, p);
        return;
    }
    /* "SharedSection=..." alone: no other token to compare */
    c->bare = strncasecmp(v0, TOKEN, TOKEN_LEN) == 0 && count_tokens(v0) == 1 &&
              !has_other_token(v0);
    size_t ntok = count_tokens(value);
    if (ntok == 0)
        add(c, "no SharedSection= token: the desktop heap sizes are not "
            "set (KB 184802)");
    else if (ntok > 1)
        add(c, "%zu SharedSection= tokens: give exactly one", ntok);
    size_t off = 0, len = 0;
    if (ntok > 0 && dh_shared_section_locate(value, &off, &len)) {
        if (memchr(value + off, ' ', len) != NULL ||
            memchr(value + off, '\t', len) != NULL)
            add(c, "a space inside the SharedSection token ('%.*s'): csrss "
                "splits its command line at spaces, so the values after it "
                "are lost", (int)(len > 60 ? 60 : len), value + off);
        char list[128];
        size_t k = 0;
        for (size_t i = 0; i < len && k + 1 < sizeof list; i++)
            if (value[off + i] != ' ' && value[off + i] != '\t')
                list[k++] = value[off + i];
        list[k] = '\0';
        check_values(c, list, k, p);
    }
    if (!c->bare && p->windows_after != NULL) {
        char shipped[1024];
        snprintf(shipped, sizeof shipped, "%%SystemRoot%%\\system32\\csrss.exe "
                 "ObjectDirectory=\\Windows SharedSection=%s%s",
                 p->default_shared_section, p->windows_after);
        compare_tokens(c, value, shipped, p);
    }
}

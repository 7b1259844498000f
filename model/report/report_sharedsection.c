/*
 * report_sharedsection.c — `dheapsim explain-sharedsection`: parses a
 * SharedSection string for one OS profile and says, value by value, what
 * each number sizes and how the parser adjusted it (KB 184802, seed).
 */
#include "report_private.h"

/* "; raised to the 128 KB minimum ...; rounded up to a whole page ..." */
static void adjustments(dh_buf *b, const dh_shared_section *ss, int i)
{
    if (ss->raised_to_min[i])
        dh_buf_printf(b, "; raised to the %d KB minimum (KB 184802)",
                      DH_SHARED_SECTION_MIN_KB);
    if (ss->rounded[i])
        dh_buf_puts(b, "; rounded up to a whole page (seed comment 60)");
}

static void value1(dh_buf *b, const dh_shared_section *ss)
{
    dh_buf_printf(b, "  value 1: %llu KB - shared heap common to all "
                  "desktops; not a desktop heap (seed; KB 184802)\n",
                  (unsigned long long)ss->raw_kb[0]);
}

static void value2(dh_buf *b, const dh_shared_section *ss,
                   const dh_profile *p)
{
    dh_buf_printf(b, "  value 2: %llu KB -> %llu KB - heap of each desktop "
                  "on the interactive station WinSta0 except Winlogon "
                  "(%u KB)", (unsigned long long)ss->raw_kb[1],
                  (unsigned long long)ss->interactive_kb,
                  (unsigned)p->winlogon_kb);
    if (p->disconnect_kb != 0)
        dh_buf_printf(b, " and Disconnect (%u KB)",
                      (unsigned)p->disconnect_kb);
    else
        dh_buf_puts(b, "; no Disconnect desktop");
    adjustments(b, ss, 1);
    dh_buf_puts(b, "\n");
}

static void value3(dh_buf *b, const dh_shared_section *ss)
{
    if (!ss->noninteractive_given) {
        dh_buf_printf(b, "  value 3: absent - non-interactive desktops use "
                      "value 2, %llu KB (seed; KB Q142676)\n",
                      (unsigned long long)ss->noninteractive_kb);
        return;
    }
    dh_buf_printf(b, "  value 3: %llu KB -> %llu KB - heap of each desktop "
                  "on a non-interactive window station (services, "
                  "SAWinSta)", (unsigned long long)ss->raw_kb[2],
                  (unsigned long long)ss->noninteractive_kb);
    adjustments(b, ss, 2);
    dh_buf_puts(b, "\n");
}

static void value4(dh_buf *b, const dh_shared_section *ss)
{
    if (ss->fourth_given)
        dh_buf_printf(b, "  value 4: %llu - ignored: no public source "
                      "documents a 4th value\n",
                      (unsigned long long)ss->raw_kb[3]);
}

dh_status dh_report_shared_section(const char *text, const dh_profile *p,
                                   char **out, dh_error *err)
{
    dh_shared_section ss;
    *out = NULL;
    if (text == NULL || p == NULL)
        return dh_error_set(err, DH_EINTERNAL, "dh_report_shared_section: "
                            "NULL argument");
    dh_status st = dh_shared_section_parse(text, p->page_size, &ss, err);
    if (st != DH_OK)
        return st;
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_printf(&b, "SharedSection %s on %s (page size %u bytes):\n", text,
                  p->id, (unsigned)p->page_size);
    value1(&b, &ss);
    value2(&b, &ss, p);
    value3(&b, &ss);
    value4(&b, &ss);
    st = dh_buf_take(&b, out);
    if (st != DH_OK)
        dh_error_set(err, st, "out of memory");
    return st;
}

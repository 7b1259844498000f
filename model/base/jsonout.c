/*
 * jsonout.c — the one way the library writes JSON: strings that are never
 * refused for bad UTF-8, and a document dumped straight into a text buffer
 * with the flags of the report contract (indent 2, key order kept).
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

/* Percentages are the only reals; 15 digits print 5.7 as "5.7". */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | \
                    JSON_REAL_PRECISION(15))

json_t *dh_jstr(const char *s)
{
    if (s == NULL)
        return json_null();
    json_t *v = json_string(s);
    if (v != NULL)
        return v;
    char *copy = dh_strdup(s);
    if (copy == NULL)
        return NULL;
    for (char *p = copy; *p != '\0'; p++)
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    v = json_string(copy);
    free(copy);
    return v;
}

/* json_dump_callback sink: the text goes straight into a dh_buf. */
static int to_buf(const char *p, size_t n, void *data)
{
    dh_buf *b = data;
    dh_buf_add(b, p, n);
    return b->oom ? -1 : 0;
}

dh_status dh_json_take(json_t *root, bool oom, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    *out = NULL;
    if (oom || root == NULL ||
        json_dump_callback(root, to_buf, &b, DUMP_FLAGS) != 0)
        b.oom = true;
    json_decref(root);
    dh_buf_puts(&b, "\n");
    return dh_buf_take(&b, out);
}

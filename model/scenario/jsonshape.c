/*
 * jsonshape.c — counts a JSON text's values in one linear pass before
 * jansson builds the tree, so that a file of millions of empty objects or
 * numbers is refused by count, not after it has taken gigabytes (issue 13:
 * 63 MB of {} took 5 GB before the error).
 */
#include "scenario_json.h"

/* Count containers ({ and [) and all values (containers, strings, object
 * keys, numbers, literals) outside strings. Stops at the first count over
 * its limit: *at is that byte's offset (else len). Malformed text is
 * counted as it comes; jansson reports the syntax. */
void dh_json_shape(const char *buf, size_t len, dh_json_shape_t *out)
{
    uint64_t containers = 0, values = 0;
    size_t i = 0;
    out->over = NULL;
    while (i < len) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '"') {
            values++;
            for (i++; i < len && buf[i] != '"'; i++)
                if (buf[i] == '\\')
                    i++;
            i++;
        } else if (c == '{' || c == '[') {
            containers++, values++, i++;
        } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' ||
                   c == 'f' || c == 'n') {
            values++;
            while (i < len && buf[i] != ',' && buf[i] != ']' &&
                   buf[i] != '}' && buf[i] != ' ' && buf[i] != '\n' &&
                   buf[i] != '\r' && buf[i] != '\t' && buf[i] != '"' &&
                   buf[i] != '{' && buf[i] != '[' && buf[i] != ':')
                i++;
        } else {
            i++;
            continue;
        }
        if (containers > DH_MAX_JSON_CONTAINERS) {
            out->over = "objects and arrays";
            out->limit = DH_MAX_JSON_CONTAINERS;
        } else if (values > DH_MAX_JSON_VALUES) {
            out->over = "JSON values (objects, arrays, keys, strings, "
                        "numbers)";
            out->limit = DH_MAX_JSON_VALUES;
        }
        if (out->over != NULL) {
            out->at = i > len ? len : i;
            break;
        }
    }
    out->containers = containers;
    out->values = values;
}

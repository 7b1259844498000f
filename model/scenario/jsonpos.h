/*
 * jsonpos.h — internal: line numbers of JSON values found by re-scanning the
 * text (jsonpos.c), beyond the public dh_json_path_line.
 */
#ifndef DH_JSONPOS_H
#define DH_JSONPOS_H

#include <stddef.h>

/* Lines of the first n elements of the array at path, in one pass over
 * the text: lines[i] = 0 where element i is not found. */
void dh_json_array_lines(const char *text, size_t len, const char *path,
                         int *lines, size_t n);

#endif

/*
 * report.h — internal: pieces of the run reporters (report_text.c,
 * report_json.c, report_csv.c) that the capacity, compare and sweep
 * reporters reuse, so every report prints a table or a field the same way.
 */
#ifndef DH_REPORT_H
#define DH_REPORT_H

#include "strbuf.h"

#include <jansson.h>

/* Text: the run header (scenario, OS, SharedSection, view space, /3GB),
 * dheapmon tables of a snapshot, the first failure, notes, assumptions. */
void dh_text_header(dh_buf *b, const dh_result *r);
void dh_text_tables(dh_buf *b, const dh_snapshot *snap);
void dh_text_first_failure(dh_buf *b, const dh_failure *f);
void dh_text_notes(dh_buf *b, const dh_result *r);
void dh_text_assumptions(dh_buf *b, const dh_assumptions *a);

/* JSON builders; *oom is set when an allocation failed. */
void dh_json_set(bool *oom, json_t *obj, const char *key, json_t *v);
void dh_json_append(bool *oom, json_t *arr, json_t *v);
json_t *dh_json_str(const char *s);
json_t *dh_json_u64(uint64_t v);
json_t *dh_json_scenario(bool *oom, const dh_scenario *sc);
json_t *dh_json_config(bool *oom, const dh_result *r);
json_t *dh_json_sessions(bool *oom, const dh_snapshot *snap);
json_t *dh_json_first_failure(bool *oom, const dh_failure *f);
/* Dump root (indented, key order kept, one final newline) into *out and
 * release it. */
dh_status dh_json_take(json_t *root, bool oom, char **out);

/* CSV: one field, quoted the RFC 4180 way when it needs it. */
void dh_csv_field(dh_buf *b, const char *s);

#endif

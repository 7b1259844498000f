/*
 * report_private.h — internal: pieces of the run reporters (report_text.c,
 * report_json.c, report_csv.c) that the capacity, compare and sweep
 * reporters reuse, so every report prints a table or a field the same way.
 */
#ifndef DH_REPORT_PRIVATE_H
#define DH_REPORT_PRIVATE_H

#include "report.h"

#include <jansson.h>

/* Text: the run header (scenario, OS, SharedSection, view space, /3GB),
 * dheapmon tables of a snapshot, the first failure, notes, assumptions. */
void dh_text_header(dh_buf *b, const dh_result *r);
void dh_text_tables(dh_buf *b, const dh_snapshot *snap);
void dh_text_first_failure(dh_buf *b, const dh_failure *f);
void dh_text_notes(dh_buf *b, const dh_result *r);
void dh_text_assumptions(dh_buf *b, const dh_assumptions *a);

/* JSON builders of the report contract's shared parts (base.h's dh_jc
 * remembers a failed allocation). */
json_t *dh_json_scenario(dh_jc *j, const dh_scenario *sc);
json_t *dh_json_config(dh_jc *j, const dh_result *r);
json_t *dh_json_sessions(dh_jc *j, const dh_snapshot *snap);
json_t *dh_json_first_failure(dh_jc *j, const dh_failure *f);

/* CSV: one field, quoted the RFC 4180 way when it needs it. */
void dh_csv_field(dh_buf *b, const char *s);

#endif

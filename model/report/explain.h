/*
 * explain.h — internal: the parts of `dheapsim explain` (report_explain.c
 * assembles them): the first failure's chain (explain_failure.c) and the
 * source list with URLs (explain_sources.c).
 */
#ifndef DH_EXPLAIN_H
#define DH_EXPLAIN_H

#include "report.h"

/* Section "What failed first, and why": step, allocation, heap or view
 * space, why it did not fit, event, symptom, the registry change. */
void dh_explain_failure(dh_buf *b, const dh_result *r,
                        const dh_snapshot *at_end);
/* Section "Sources": each reference the explanation cites, with its URL
 * (docs/sources.md). */
void dh_explain_sources(dh_buf *b);

#endif

/*
 * dheapsim.h — the umbrella header of the dheapsim model library, for the
 * program and the tests: it includes every layer's API, bottom to top.
 * Inside model/ a file includes only its own layer's header and lower ones
 * (`make layers` checks it); see README "Layout".
 *
 * dheapsim models Windows session view space and desktop heaps (the
 * sources are in docs/sources.md). Sizes inside the model are bytes in
 * uint64_t; KB and MB appear only at the edges. Every function reports
 * errors through a dh_error value; nothing in the library exits or prints.
 * Whoever calls a *_load / dh_run / dh_report_* function frees the result
 * with the matching *_free function or free().
 */
#ifndef DHEAPSIM_H
#define DHEAPSIM_H

#include "base/base.h"         /* errors, text buffer, input, JSON output */
#include "alloc/alloc.h"       /* view space and desktop heap allocators */
#include "rules/rules.h"       /* profiles, SharedSection, rules 1-4 */
#include "scenario/scenario.h" /* the workload and its loader */
#include "engine/engine.h"     /* dh_run and its result */
#include "import/import.h"     /* dheapmon, !dskheap, .reg */
#include "plan/plan.h"         /* capacity, compare, sweep, recommend */
#include "plot/plot.h"         /* gnuplot input */
#include "report/report.h"     /* text, JSON, CSV, HTML, explain */

#endif /* DHEAPSIM_H */

/*
 * report_recommend.c — text and JSON of `dheapsim recommend`: the values
 * found, why, the new SubSystems\Windows string and the warnings the seed
 * gives for changing it (a reboot; comment 39: a wrong value can stop the
 * machine from booting). JSON built with jansson; fields are a contract.
 */
#include "strbuf.h"
#include "jsonout.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const WARN_REBOOT =
    "SharedSection and SessionViewSize are read at boot: the change takes "
    "effect after a reboot.";
static const char *const WARN_BOOT =
    "A wrong value can stop the machine from booting (seed comment 39): "
    "export the key first, change one machine, and keep a way back (Last "
    "Known Good Configuration).";

dh_status dh_report_recommend_text(const dh_recommendation *r,
                                   const dh_scenario *sc, char **out)
{
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_printf(&b, "dheapsim recommend: %s\n", sc->name);
    dh_buf_printf(&b, "OS: %s - %s\n", r->profile->id, r->profile->name);
    if (r->no_shrink)
        dh_buf_puts(&b, "Search: SharedSection 2nd and 3rd values from the "
                    "current ones (--no-shrink)");
    else
        dh_buf_printf(&b, "Search: SharedSection 2nd and 3rd values from %u",
                      DH_SHARED_SECTION_MIN_KB);
    dh_buf_printf(&b, " to %u KB (KB 184802, KB 947246) in %" PRIu32 " KB "
                  "steps (the page size), bisection over the simulation (%"
                  PRIu32 " runs)\n", DH_SHARED_SECTION_ADVISED_MAX_KB,
                  r->step_kb, r->runs);
    dh_buf_printf(&b, "Now: SharedSection %" PRIu64 ",%" PRIu64 ",%" PRIu64,
                  r->shared_kb, r->cur_interactive_kb,
                  r->cur_noninteractive_kb);
    if (r->view_fixed)
        dh_buf_printf(&b, ", SessionViewSize %" PRIu32 " MB", r->cur_svs_mb);
    dh_buf_printf(&b, ": %s\n\n", r->current_problem[0] ? r->current_problem
                                  : r->runs == 0 ? "not simulated"
                                                 : "no problem");
    if (!r->feasible) {
        dh_buf_printf(&b, "No configuration found: %s\n", r->why);
        return dh_buf_take(&b, out);
    }
    dh_buf_printf(&b, "Recommended: SharedSection=%" PRIu64 ",%" PRIu64 ",%"
                  PRIu64 "\n", r->shared_kb, r->interactive_kb,
                  r->noninteractive_kb);
    dh_buf_printf(&b, "  2nd value (interactive): %" PRIu64 " KB -> %" PRIu64
                  " KB (%s)\n", r->cur_interactive_kb, r->interactive_kb,
                  r->limit_interactive);
    if (r->noninteractive_used)
        dh_buf_printf(&b, "  3rd value (non-interactive): %" PRIu64 " KB -> "
                      "%" PRIu64 " KB (%s)\n", r->cur_noninteractive_kb,
                      r->noninteractive_kb, r->limit_noninteractive);
    else
        dh_buf_printf(&b, "  3rd value (non-interactive): %" PRIu64 " KB, "
                      "unchanged: no non-interactive desktop in the "
                      "workload\n", r->noninteractive_kb);
    if (!r->view_fixed)
        dh_buf_puts(&b, "  SessionViewSize: not used by this version\n");
    else if (r->svs_changed)
        dh_buf_printf(&b, "  SessionViewSize: %" PRIu32 " MB -> %" PRIu32
                      " MB (smallest in 1 MB steps; at most %u MB with a "
                      "%u MB session pool on x86, seed)\n", r->cur_svs_mb,
                      r->svs_mb, DH_X86_SESSION_SPACE_MAX_MB -
                      DH_X86_SESSION_POOL_DEFAULT_MB,
                      DH_X86_SESSION_POOL_DEFAULT_MB);
    else
        dh_buf_printf(&b, "  SessionViewSize: %" PRIu32 " MB, unchanged (it "
                      "holds the desktops; recommend never shrinks it)\n",
                      r->svs_mb);
    dh_buf_printf(&b, "  View space at the peak: %" PRIu64 " KB used of %s",
                  r->view_used_kb, r->view_size_kb ? "" : "an unbounded ");
    if (r->view_size_kb)
        dh_buf_printf(&b, "%" PRIu64 " KB\n", r->view_size_kb);
    else
        dh_buf_puts(&b, "dynamic view space\n");
    if (r->interactive_kb < r->cur_interactive_kb ||
        r->noninteractive_kb < r->cur_noninteractive_kb)
        dh_buf_puts(&b, "  Smaller than now: only if the workload holds "
                    "everything this machine runs.\n");
    dh_buf_printf(&b, "\nNew SubSystems\\Windows value (only SharedSection "
                  "changed):\n  %s\n", r->windows_after);
    dh_buf_printf(&b, "\nWARNING: %s\nWARNING: %s\n", WARN_REBOOT,
                  WARN_BOOT);
    return dh_buf_take(&b, out);
}


static json_t *u64(uint64_t v)
{
    return json_integer((json_int_t)v);
}

static json_t *str(const char *s)
{
    return s ? json_string(s) : json_null();
}

dh_status dh_report_recommend_json(const dh_recommendation *r,
                                   const dh_scenario *sc, char **out)
{
    jc j = {false};
    char ss[96];
    json_t *root = json_object();
    set(&j, root, "scenario", str(sc->name));
    set(&j, root, "os", str(r->profile->id));
    set(&j, root, "feasible", json_boolean(r->feasible));
    set(&j, root, "reason", r->feasible ? json_null() : str(r->why));
    json_t *s = json_object();
    set(&j, s, "step_kb", u64(r->step_kb));
    set(&j, s, "min_kb", u64(DH_SHARED_SECTION_MIN_KB));
    set(&j, s, "max_kb", u64(DH_SHARED_SECTION_ADVISED_MAX_KB));
    set(&j, s, "runs", u64(r->runs));
    set(&j, s, "no_shrink", json_boolean(r->no_shrink));
    set(&j, root, "search", s);
    json_t *c = json_object();
    snprintf(ss, sizeof ss, "%" PRIu64 ",%" PRIu64 ",%" PRIu64, r->shared_kb,
             r->cur_interactive_kb, r->cur_noninteractive_kb);
    set(&j, c, "shared_section", json_string(ss));
    set(&j, c, "session_view_size_mb",
        r->view_fixed ? u64(r->cur_svs_mb) : json_null());
    set(&j, c, "problem",
        r->current_problem[0] ? str(r->current_problem) : json_null());
    set(&j, root, "current", c);
    if (r->feasible) {
        json_t *n = json_object();
        snprintf(ss, sizeof ss, "%" PRIu64 ",%" PRIu64 ",%" PRIu64,
                 r->shared_kb, r->interactive_kb, r->noninteractive_kb);
        set(&j, n, "shared_section", json_string(ss));
        set(&j, n, "interactive_kb", u64(r->interactive_kb));
        set(&j, n, "noninteractive_kb", u64(r->noninteractive_kb));
        set(&j, n, "interactive_limit", str(r->limit_interactive));
        set(&j, n, "noninteractive_limit",
            r->noninteractive_used ? str(r->limit_noninteractive)
                                   : json_null());
        set(&j, n, "session_view_size_mb",
            r->view_fixed ? u64(r->svs_mb) : json_null());
        set(&j, n, "session_view_size_changed", json_boolean(r->svs_changed));
        set(&j, n, "view_used_kb", u64(r->view_used_kb));
        set(&j, n, "view_size_kb",
            r->view_size_kb ? u64(r->view_size_kb) : json_null());
        set(&j, root, "recommended", n);
    } else {
        set(&j, root, "recommended", json_null());
    }
    set(&j, root, "windows_value_before", str(r->windows_before));
    set(&j, root, "windows_value_after",
        r->feasible ? str(r->windows_after) : json_null());
    json_t *w = json_array();
    if (w == NULL || json_array_append_new(w, json_string(WARN_REBOOT)) ||
        json_array_append_new(w, json_string(WARN_BOOT)))
        j.oom = true;
    set(&j, root, "warnings", w);
    char *text = j.oom ? NULL : json_dumps(root, JSON_INDENT(2) |
                                                     JSON_PRESERVE_ORDER);
    json_decref(root);
    if (text == NULL)
        return DH_ENOMEM;
    dh_buf b;
    dh_buf_init(&b);
    dh_buf_printf(&b, "%s\n", text);
    free(text);
    return dh_buf_take(&b, out);
}

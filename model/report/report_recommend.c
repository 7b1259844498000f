/*
 * report_recommend.c — text and JSON of `dheapsim recommend`: the values
 * found, why, the new SubSystems\Windows string and the warnings the seed
 * gives for changing it (a reboot; comment 39: a wrong value can stop the
 * machine from booting). JSON built with jansson; fields are a contract.
 */
#include "report_private.h"


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
                    "current ones (no value goes below today's; "
                    "--allow-shrink searches from 128 KB)");
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
        r->noninteractive_kb < r->cur_noninteractive_kb) {
        dh_buf_printf(&b, "\nSMALLER THAN NOW (--allow-shrink): safe only if "
                      "the workload holds everything this machine runs. "
                      "%zu desktop%s of the workload lose%s room%s\n",
                      r->nshrunk, r->nshrunk == 1 ? "" : "s",
                      r->nshrunk == 1 ? "s" : "", r->nshrunk ? ":" : ".");
        for (size_t i = 0; i < r->nshrunk; i++) {
            const dh_shrunk_desktop *d = &r->shrunk[i];
            dh_buf_printf(&b, "  %" PRIu32 "\\%s\\%s: %" PRIu64 " KB -> %"
                          PRIu64 " KB (loses %" PRIu64 " KB)\n", d->session,
                          d->winsta, d->desktop, d->before_kb, d->after_kb,
                          d->before_kb - d->after_kb);
        }
    }
    dh_buf_printf(&b, "\nNew SubSystems\\Windows value (only SharedSection "
                  "changed):\n  %s\n", r->windows_after);
    dh_buf_printf(&b, "\nWARNING: %s\nWARNING: %s\n", WARN_REBOOT,
                  WARN_BOOT);
    return dh_buf_take(&b, out);
}


dh_status dh_report_recommend_json(const dh_recommendation *r,
                                   const dh_scenario *sc, char **out)
{
    dh_jc j = {false};
    char ss[96];
    json_t *root = json_object();
    dh_jset(&j, root, "scenario", dh_jstr(sc->name));
    dh_jset(&j, root, "os", dh_jstr(r->profile->id));
    dh_jset(&j, root, "feasible", json_boolean(r->feasible));
    dh_jset(&j, root, "reason", r->feasible ? json_null() : dh_jstr(r->why));
    json_t *s = json_object();
    dh_jset(&j, s, "step_kb", dh_ju64(r->step_kb));
    dh_jset(&j, s, "min_kb", dh_ju64(DH_SHARED_SECTION_MIN_KB));
    dh_jset(&j, s, "max_kb", dh_ju64(DH_SHARED_SECTION_ADVISED_MAX_KB));
    dh_jset(&j, s, "runs", dh_ju64(r->runs));
    dh_jset(&j, s, "no_shrink", json_boolean(r->no_shrink));
    dh_jset(&j, root, "search", s);
    json_t *c = json_object();
    snprintf(ss, sizeof ss, "%" PRIu64 ",%" PRIu64 ",%" PRIu64, r->shared_kb,
             r->cur_interactive_kb, r->cur_noninteractive_kb);
    dh_jset(&j, c, "shared_section", json_string(ss));
    dh_jset(&j, c, "session_view_size_mb",
        r->view_fixed ? dh_ju64(r->cur_svs_mb) : json_null());
    dh_jset(&j, c, "problem",
        r->current_problem[0] ? dh_jstr(r->current_problem) : json_null());
    dh_jset(&j, root, "current", c);
    if (r->feasible) {
        json_t *n = json_object();
        snprintf(ss, sizeof ss, "%" PRIu64 ",%" PRIu64 ",%" PRIu64,
                 r->shared_kb, r->interactive_kb, r->noninteractive_kb);
        dh_jset(&j, n, "shared_section", json_string(ss));
        dh_jset(&j, n, "interactive_kb", dh_ju64(r->interactive_kb));
        dh_jset(&j, n, "noninteractive_kb", dh_ju64(r->noninteractive_kb));
        dh_jset(&j, n, "interactive_limit", dh_jstr(r->limit_interactive));
        dh_jset(&j, n, "noninteractive_limit",
            r->noninteractive_used ? dh_jstr(r->limit_noninteractive)
                                   : json_null());
        dh_jset(&j, n, "session_view_size_mb",
            r->view_fixed ? dh_ju64(r->svs_mb) : json_null());
        dh_jset(&j, n, "session_view_size_changed", json_boolean(r->svs_changed));
        dh_jset(&j, n, "view_used_kb", dh_ju64(r->view_used_kb));
        dh_jset(&j, n, "view_size_kb",
            r->view_size_kb ? dh_ju64(r->view_size_kb) : json_null());
        dh_jset(&j, root, "recommended", n);
    } else {
        dh_jset(&j, root, "recommended", json_null());
    }
    json_t *sh = json_array();
    for (size_t i = 0; i < r->nshrunk; i++) {
        const dh_shrunk_desktop *d = &r->shrunk[i];
        json_t *o = json_object();
        dh_jset(&j, o, "session", dh_ju64(d->session));
        dh_jset(&j, o, "winsta", dh_jstr(d->winsta));
        dh_jset(&j, o, "desktop", dh_jstr(d->desktop));
        dh_jset(&j, o, "heap_kb_before", dh_ju64(d->before_kb));
        dh_jset(&j, o, "heap_kb_after", dh_ju64(d->after_kb));
        dh_jpush(&j, sh, o);
    }
    dh_jset(&j, root, "shrinks", sh);
    dh_jset(&j, root, "windows_value_before", dh_jstr(r->windows_before));
    dh_jset(&j, root, "windows_value_after",
        r->feasible ? dh_jstr(r->windows_after) : json_null());
    json_t *w = json_array();
    dh_jpush(&j, w, json_string(WARN_REBOOT));
    dh_jpush(&j, w, json_string(WARN_BOOT));
    dh_jset(&j, root, "warnings", w);
    return dh_json_take(root, j.oom, out);
}

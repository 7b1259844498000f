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
static const char *const WARN_BOOT_LKG =
    "A wrong value can stop the machine from booting (seed comment 39): "
    "export the key first, change one machine, and keep a way back (Last "
    "Known Good Configuration).";
static const char *const WARN_BOOT_WINRE =
    "A wrong value can stop the machine from booting (seed comment 39): "
    "export the key first, change one machine, and keep a way back (this "
    "version has no Last Known Good Configuration: the recovery "
    "environment and the offline hive, below).";

static const char *warn_boot(const dh_profile *p)
{
    return p->has_last_known_good ? WARN_BOOT_LKG : WARN_BOOT_WINRE;
}

#define REG_KEY_CMD "\"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session " \
                    "Manager\\SubSystems\""

/* How to back up before and get back after, for this version (issue 17
 * item 6; docs/sources.md "Recovery"). */
static const char *const RECOVERY_BACKUP =
    "Before: reg export " REG_KEY_CMD " subsystems-backup.reg (regedit "
    "or 'reg import subsystems-backup.reg' puts it back).";
static const char *const RECOVERY_REBOOT =
    "The values are read at boot: reboot to apply, and to undo.";
static const char *const RECOVERY_LKG =
    "If it does not boot: F8 at start, Last Known Good Configuration (it "
    "restores CurrentControlSet, which holds this key, as it was at the "
    "last good logon).";
static const char *const RECOVERY_WINRE =
    "If it does not boot: there is no Last Known Good Configuration on "
    "this version. Start the Windows Recovery Environment (installation "
    "media, Repair, Troubleshoot, Command Prompt), then 'reg load "
    "HKLM\\OFFLINE D:\\Windows\\System32\\config\\SYSTEM' (the Windows "
    "drive's letter may differ there), put the old value back under "
    "HKLM\\OFFLINE\\ControlSet001\\Control\\Session Manager\\SubSystems "
    "(the set HKLM\\OFFLINE\\Select names as Current), and 'reg unload "
    "HKLM\\OFFLINE'.";

size_t dh_recovery_lines(const dh_profile *p, const char *lines[3])
{
    lines[0] = RECOVERY_BACKUP;
    lines[1] = RECOVERY_REBOOT;
    lines[2] = p->has_last_known_good ? RECOVERY_LKG : RECOVERY_WINRE;
    return 3;
}

static const char *origin_name(dh_windows_origin o)
{
    return o == DH_WV_MACHINE ? "machine"
           : o == DH_WV_SHIPPED ? "shipped" : "unknown";
}

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
    if (dh_scenario_has_ranges(sc))
        dh_buf_printf(&b, "Ranged costs (starting load, catalogue kinds, conhost) at their "
                      "%s end%s\n", dh_cost_end_name(r->cost_end),
                      r->cost_end == DH_COST_HIGH
                          ? ": heaps sized for the pessimistic end "
                            "(--cost-end to change)" : "");
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
    if (r->interactive_kb != r->need_interactive_kb)
        dh_buf_printf(&b, "    rounded up from the %" PRIu64 " KB needed to "
                      "a multiple of %" PRIu32 " KB (--round-2nd)\n",
                      r->need_interactive_kb, r->round_interactive_kb);
    if (r->noninteractive_used) {
        dh_buf_printf(&b, "  3rd value (non-interactive): %" PRIu64 " KB -> "
                      "%" PRIu64 " KB (%s)\n", r->cur_noninteractive_kb,
                      r->noninteractive_kb, r->limit_noninteractive);
        if (r->noninteractive_kb != r->need_noninteractive_kb)
            dh_buf_printf(&b, "    rounded up from the %" PRIu64 " KB needed "
                          "to a multiple of %" PRIu32 " KB (--round-3rd)\n",
                          r->need_noninteractive_kb,
                          r->round_noninteractive_kb);
    }
    if (r->rounding_dropped)
        dh_buf_printf(&b, "  (not rounded to %" PRIu32 "/%" PRIu32 " KB "
                      "steps: the rounded values do not run the workload; "
                      "these are the exact ones)\n", r->round_interactive_kb,
                      r->round_noninteractive_kb);
    if (!r->noninteractive_used)
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
    if (r->windows_origin == DH_WV_UNKNOWN) {
        dh_buf_printf(&b, "\nNew SubSystems\\Windows value: not written. No "
                      "source gives the value %s ships with, and this one's "
                      "was not given. Save it with 'reg export " REG_KEY_CMD
                      " subsystems.reg' and give the file to 'dheapsim "
                      "import', or the value to --windows-value; the token to "
                      "change is SharedSection=%" PRIu64 ",%" PRIu64 ",%"
                      PRIu64 ".\n", r->profile->name, r->shared_kb,
                      r->interactive_kb, r->noninteractive_kb);
    } else {
        dh_buf_printf(&b, "\nNew SubSystems\\Windows value (only "
                      "SharedSection changed):\n  %s\n", r->windows_after);
        if (r->windows_origin == DH_WV_MACHINE)
            dh_buf_puts(&b, "  built from this machine's own value (as "
                        "given), every other token kept\n");
        else
            dh_buf_printf(&b, "  built from the value %s ships with (%s), "
                          "NOT this machine's: compare it with 'reg query "
                          REG_KEY_CMD " /v Windows' first, or give yours "
                          "with --windows-value\n", r->profile->id,
                          r->profile->src_windows);
    }
    dh_buf_printf(&b, "\nWARNING: %s\nWARNING: %s\n", WARN_REBOOT,
                  warn_boot(r->profile));
    const char *rec[3];
    size_t nrec = dh_recovery_lines(r->profile, rec);
    dh_buf_puts(&b, "\nRecovery:\n");
    for (size_t i = 0; i < nrec; i++)
        dh_buf_printf(&b, "  %s\n", rec[i]);
    return dh_buf_take(&b, out);
}


dh_status dh_report_recommend_json(const dh_recommendation *r,
                                   const dh_scenario *sc, char **out)
{
    dh_jc j = {false};
    char ss[96];
    json_t *root = json_object();
    dh_jset(&j, root, "dheapsim_version", dh_jstr(DH_VERSION));
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
    dh_jset(&j, s, "cost_end", json_string(dh_cost_end_name(r->cost_end)));
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
        dh_jset(&j, n, "interactive_needed_kb",
            dh_ju64(r->need_interactive_kb));
        dh_jset(&j, n, "noninteractive_needed_kb",
            dh_ju64(r->need_noninteractive_kb));
        json_t *rd = json_object();
        dh_jset(&j, rd, "interactive_step_kb",
            dh_ju64(r->round_interactive_kb));
        dh_jset(&j, rd, "noninteractive_step_kb",
            dh_ju64(r->round_noninteractive_kb));
        dh_jset(&j, rd, "dropped", json_boolean(r->rounding_dropped));
        dh_jset(&j, n, "rounding", rd);
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
    dh_jset(&j, root, "windows_value_before",
        r->windows_before ? dh_jstr(r->windows_before) : json_null());
    dh_jset(&j, root, "windows_value_after",
        r->feasible && r->windows_after ? dh_jstr(r->windows_after)
                                        : json_null());
    dh_jset(&j, root, "windows_value_origin",
        json_string(origin_name(r->windows_origin)));
    dh_jset(&j, root, "windows_value_source",
        r->windows_origin == DH_WV_SHIPPED && r->profile->src_windows
            ? dh_jstr(r->profile->src_windows) : json_null());
    json_t *w = json_array();
    dh_jpush(&j, w, json_string(WARN_REBOOT));
    dh_jpush(&j, w, json_string(warn_boot(r->profile)));
    dh_jset(&j, root, "warnings", w);
    const char *rec[3];
    size_t nrec = dh_recovery_lines(r->profile, rec);
    json_t *rv = json_array();
    for (size_t i = 0; i < nrec; i++)
        dh_jpush(&j, rv, json_string(rec[i]));
    dh_jset(&j, root, "recovery", rv);
    return dh_json_take(root, j.oom, out);
}

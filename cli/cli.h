/*
 * cli.h — the dheapsim program's subcommands and the helpers they share:
 * exit codes, error printing, and atomic output files.
 */
#ifndef DH_CLI_H
#define DH_CLI_H

#include "dheapsim.h"

#include <stdio.h>

/* 3: recommend found no configuration that meets the targets. */
enum { EXIT_RESULT_OK = 0, EXIT_INTERNAL = 1, EXIT_USAGE = 2,
       EXIT_NO_CONFIG = 3 };

int cmd_run(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_sharedsection(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_capacity(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

/* jobs.c: the executor of -j N (0: the processors online, at most
 * CLI_MAX_JOBS). */
#define CLI_MAX_JOBS 64u
unsigned cli_default_jobs(void);
void cli_executor(dh_executor *ex, unsigned jobs);
/* -j N / --jobs N: a count from 1 to CLI_MAX_JOBS into *jobs, else the
 * usage error printed (nonzero). */
int cli_jobs_option(const char *cmd, const char *arg, unsigned *jobs);

/* Options of the simulating subcommands (regopts.c). */
typedef struct {
    dh_run_options run;      /* registry options, --grow */
    const char *format;      /* as given */
    int fmt;                 /* 0 text, 1 json, 2 csv */
    const char *output;      /* -o */
    const char *os_list;     /* --os with CLI_OS_LIST */
    const char *ss_list;     /* --shared-section with CLI_VALUE_LISTS */
    const char *svs_list;    /* --session-view-size with CLI_VALUE_LISTS */
    unsigned jobs;           /* -j N with CLI_JOBS (0: not given) */
    bool all_desktops;       /* --all-desktops with CLI_DESKTOPS */
    bool csv_changed;        /* --csv-rows changed with CLI_CSV_ROWS */
    bool trace_points_given; /* --trace-points with CLI_CSV_ROWS */
    dh_executor exec;        /* with CLI_JOBS: run.exec points here */
} cli_args;
enum {
    CLI_GROW = 1,        /* takes --grow LABEL (required) */
    CLI_OS_LIST = 2,     /* --os is a list */
    CLI_VALUE_LISTS = 4, /* --shared-section, --session-view-size are lists */
    CLI_NO_CSV = 8,      /* --format text|json only */
    CLI_JOBS = 16,       /* -j N / --jobs N: runs at once */
    CLI_DESKTOPS = 32,   /* --all-desktops */
    CLI_CSV_ROWS = 64    /* --csv-rows all|changed, --trace-points N */
};
#define CLI_JOBS_HELP                                                      \
    "  -j, --jobs N                runs at once (default: the processors\n" \
    "                              online; 1: one after another); the\n"  \
    "                              output is the same at every N\n"
#define CLI_REGISTRY_HELP                                                  \
    "  --shared-section S          SharedSection, e.g. 1024,3072,1024\n"   \
    "  --session-view-size MB      SessionViewSize in MB, or 'absent'\n"   \
    "  --3gb / --no-3gb            boot with or without /3GB\n"         \
    "  --cost-end typical|low|high which end of ranged costs (catalogue\n"  \
    "                              kinds, conhost: dheapsim kinds)\n"   \
    "  --empty                     a bare machine: no starting load on the\n" \
    "                              service and user desktops\n"
#define CLI_OUTPUT_HELP                                                    \
    "  --format text|json|csv      report format (default text)\n"         \
    "  -o FILE                     write the report to FILE (atomically)\n" \
    "  -h, --help                  this text\n"
#define CLI_CSV_ROWS_HELP                                                  \
    "  --csv-rows all|changed      with --format csv: a row per open desktop\n" \
    "                              after every step (all, the default), or\n" \
    "                              rows only for desktops that changed, at\n" \
    "                              plot's trace points (changed; README)\n"  \
    "  --trace-points N            with --csv-rows changed: points budget\n" \
    "                              (default 2000, 10 to 100000)\n"
/* Parse a subcommand's options (help printed for -h): -1 to go on, else
 * the exit code (message printed). */
int cli_parse(const char *cmd, const char *help, unsigned flags, int argc,
              char **argv, cli_args *a);
/* Load argv[optind], the only operand left: -1 and *sc, or an exit code. */
int cli_load_scenario(const char *cmd, int argc, char **argv,
                      dh_scenario **sc);
/* --os LIST: "all" or profile ids with commas; *ids malloc'd (the
 * strings are the profiles'). -1 when fine, else the exit code. */
int cli_os_list(const char *cmd, const char *text, const char ***ids,
                size_t *n);
/* Report a dh_run error (naming --shared-section when it was at fault). */
int cli_run_fail(dh_error *err, const char *shared_section);
int cmd_plot(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Run options shared with `run` (runopts.c): long options with letters
 * O S V 3 n; cli_run_option returns 0, an exit code, or -1 (not one). */
#define CLI_RUN_LONGOPTS \
    {"os", required_argument, NULL, 'O'}, \
    {"shared-section", required_argument, NULL, 'S'}, \
    {"session-view-size", required_argument, NULL, 'V'}, \
    {"3gb", no_argument, NULL, '3'}, \
    {"no-3gb", no_argument, NULL, 'n'}, \
    {"cost-end", required_argument, NULL, 'E'}, \
    {"empty", no_argument, NULL, 'Y'}
extern const char cli_run_options_help[];
/* plot and report: --trace-points N (letter P, through cli_run_option). */
#define CLI_TRACE_LONGOPT {"trace-points", required_argument, NULL, 'P'}
extern const char cli_trace_points_help[];
/* "unknown OS profile 'ID' (see 'dheapsim profiles'; did you mean ...?)":
 * the usage error, its exit code returned. */
int cli_unknown_os(const char *cmd, const char *id);
int cli_run_option(const char *cmd, int c, const char *arg,
                   dh_run_options *o);
int cli_load_and_run(const char *file, const dh_run_options *o,
                     dh_scenario **sc, dh_result **r);

/* gnuplot.c: draw chart `kind` (usage, viewspace, compare, sweep) from in
 * (and the CSV datafile for compare/sweep) into outpath as png or svg,
 * atomically; with svg_out (outpath NULL) the SVG text is returned. */
int cli_gnuplot(const char *kind, const dh_plot_input *in,
                const char *csv_path, const char *fmt, const char *outpath,
                char **svg_out);
/* Progress line on stderr, only when stderr is a terminal. */
void cli_progress(const char *fmt, ...)
    DH_PRINTF(1, 2)
    ;
int cmd_import(int argc, char **argv);
int cmd_recommend(int argc, char **argv);
int cmd_check_value(int argc, char **argv);
int cmd_kinds(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);

/* Read a whole file (NUL-terminated); prints the error, returns an exit
 * code (0 on success). */
int cli_read_file(const char *path, char **buf, size_t *len);

/* Exit code for a status: 2 for bad input, 1 for the rest. */
int cli_exit_code(dh_status st);
/* Print "dheapsim: <error>" on stderr and return the exit code. */
int cli_fail(const dh_error *err);
int cli_usage_error(const char *cmd, const char *fmt, ...)
    DH_PRINTF(2, 3)
    ;
/* Name of the option getopt just refused. */
const char *cli_bad_option(char **argv, const char *longs);
/* Write text to path, whole or not at all, or to stdout when path is NULL
 * or "-"; refuses to overwrite `input`. The -o rules (README "Hardening"):
 * a regular file is replaced by a temporary in its directory renamed over
 * it, keeping its mode; a symbolic link stays a link and its target is
 * replaced; /dev/stdout, /dev/stderr and /dev/fd/N write to that
 * descriptor; a terminal, device or FIFO is written in place (a FIFO with
 * no reader is an error); a file another user owns in a sticky
 * world-writable directory is refused. An exit code. */
int cli_write_output(const char *path, const char *text, const char *input);
/* Write a report built with status st (freeing text); an exit code. */
int cli_emit(dh_status st, char *text, const char *path, const char *input);
/* The same for len bytes that may hold NULs (images). */
int cli_write_bytes(const char *path, const char *text, size_t len,
                    const char *input);

extern const char dh_builtin_scenario[];
extern const size_t dh_builtin_scenario_len;
extern const char dh_builtin_scenario_name[];

#endif

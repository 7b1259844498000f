/*
 * cli.h — the dheapsim program's subcommands and the helpers they share:
 * exit codes, error printing, and atomic output files.
 */
#ifndef DH_CLI_H
#define DH_CLI_H

#include "dheapsim.h"

#include <signal.h>
#include <stdio.h>

enum { EXIT_RESULT_OK = 0, EXIT_INTERNAL = 1, EXIT_USAGE = 2 };

int cmd_run(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_sharedsection(int argc, char **argv);

/* Exit code for a status: 2 for bad input, 1 for the rest. */
int cli_exit_code(dh_status st);
/* Print "dheapsim: <error>" on stderr and return the exit code. */
int cli_fail(const dh_error *err);
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Write text to path atomically (temporary file + rename), or to stdout
 * when path is NULL or "-". Refuses to overwrite `input`. */
/* Name of the option getopt just refused. */
const char *cli_bad_option(char **argv, const char *longs);
int cli_write_output(const char *path, const char *text, const char *input);

/* cleanup.c: a temporary output file that SIGINT, SIGTERM and SIGHUP
 * remove. Between begin and end those signals are blocked: begin, create
 * the file, set its path, end; later begin, rename, set NULL, end. */
void cli_guard_begin(sigset_t *old);
void cli_guard_set(const char *tmp_path);
void cli_guard_end(sigset_t *old);

extern const char dh_builtin_scenario[];
extern const size_t dh_builtin_scenario_len;
extern const char dh_builtin_scenario_name[];

#endif

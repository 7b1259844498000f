/*
 * platform.h — the little that differs between the POSIX and the Windows
 * program: output files written whole (the -o rules), working files removed
 * when the program is interrupted, temporary directories, running gnuplot,
 * the processor count, standard streams. plat_posix*.c and plat_win32*.c
 * implement it; the Makefile builds one pair. The model has none of this.
 */
#ifndef DH_PLATFORM_H
#define DH_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>

/* First thing main does. Windows: standard input, output and error in
 * binary mode (reports are LF, byte for byte the Linux ones). */
void plat_init(void);

/* Write len bytes to path (not "-", not empty, not the input: output.c
 * checks) whole or not at all, by the -o rules of the platform (README
 * "Hardening", "On Windows"). Prints its own messages; an exit code. */
int plat_write_file(const char *path, const char *text, size_t len);
/* Do a and b (either may be NULL: false) name the same existing file (a
 * hard link, another spelling)? */
bool plat_same_file(const char *a, const char *b);

/* Processors online (at least 1). */
unsigned plat_processors(void);

/* Is standard error a terminal (a console)? */
bool plat_stderr_is_terminal(void);

/* Is the program `name` on PATH (Windows: name.exe, ';' between folders)? */
bool plat_on_path(const char *name);

/* Run `name` (found on PATH) with args (argv[0] first, NULL-ended) and
 * wait: 0 when it exited with status 0, 1 when it ran and failed, -1 when
 * it could not be started (message printed). */
int plat_run_wait(const char *name, char *const argv[]);

/* A fresh temporary directory of the user's (TMPDIR, else /tmp; Windows:
 * GetTempPath) named PREFIX-XXXXXX into buf, added to the guard (see
 * below; its slot in *slot) in the same breath; 0, or -1 with the message
 * printed. */
int plat_make_temp_dir(const char *prefix, char *buf, size_t len, int *slot);

/* Where to get gnuplot, for the message when it is not on PATH. */
extern const char plat_gnuplot_hint[];

/* The separator between a folder and a name in paths the program makes:
 * "/", or "\\" on Windows. */
extern const char plat_dir_sep[];

/* Working files that an interruption removes (POSIX: every catchable
 * signal; Windows: Ctrl-C, Ctrl-Break, closing the console). Between begin
 * and end the removal cannot run: begin, create the file, add it, end;
 * later begin, rename or remove it, drop it, end. path is kept alive by
 * the caller. */
#define CLI_GUARD_SLOTS 8
void cli_guard_begin(void);
int cli_guard_add(const char *path, bool is_dir); /* slot, -1 */
void cli_guard_drop(int slot);
void cli_guard_end(void);
/* Remove a file or an (empty) directory; quiet. */
void plat_remove(const char *path, bool is_dir);

#endif

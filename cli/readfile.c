/*
 * readfile.c — the program's inputs that are not scenarios (import tables,
 * .reg files, plot --data) go through the library's one reader, as the
 * scenario loader does: the same cap, the same refusals, the same errors.
 */
#include "cli.h"

int cli_read_file(const char *path, char **buf, size_t *len)
{
    dh_error err;
    dh_error_clear(&err);
    dh_status st = dh_read_input(path, DH_MAX_INPUT_BYTES, buf, len, &err);
    return st == DH_OK ? EXIT_RESULT_OK : cli_fail(&err);
}

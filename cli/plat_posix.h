/*
 * plat_posix.h — what the two POSIX platform files share: a working file
 * named relative to a directory descriptor (the output file's temporary).
 */
#ifndef DH_PLAT_POSIX_H
#define DH_PLAT_POSIX_H

#include <stdbool.h>

/* cli_guard_add for a name relative to dirfd (AT_FDCWD: a path). */
int plat_guard_add_at(int dirfd, const char *name, bool is_dir);

#endif

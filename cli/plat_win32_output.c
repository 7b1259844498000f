/*
 * plat_win32_output.c — the -o rules on Windows: an output file written
 * whole or not at all (a temporary file in the same folder, moved over the
 * old one with MoveFileEx), never the input file, never a folder; a device
 * (CON, NUL, a named pipe) written in place. README "On Windows".
 */
#define WIN32_LEAN_AND_MEAN
#include "cli.h"
#include "platform.h"

#include <windows.h>

#include <stdlib.h>
#include <string.h>

/* Windows' own words for error e, without the line end. */
static const char *win_error(DWORD e, char *buf, size_t len)
{
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
                                 FORMAT_MESSAGE_IGNORE_INSERTS,
                             NULL, e, 0, buf, (DWORD)len, NULL);
    while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == '\n' ||
                     buf[n - 1] == ' ' || buf[n - 1] == '.'))
        n--;
    if (n == 0)
        snprintf(buf, len, "Windows error %lu", (unsigned long)e);
    else
        buf[n] = '\0';
    return buf;
}

static int cannot(const char *path, const char *what, DWORD e)
{
    char msg[256];
    fprintf(stderr, "dheapsim: %s: %s: %s\n", path, what,
            win_error(e, msg, sizeof msg));
    return EXIT_USAGE;
}

/* The file's volume and index: the same file under two names (a hard
 * link, another spelling of the path) has the same. */
static bool file_id(const char *path, BY_HANDLE_FILE_INFORMATION *fi)
{
    HANDLE h = CreateFileA(path, 0,
                           FILE_SHARE_READ | FILE_SHARE_WRITE |
                               FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
                           NULL);
    if (h == INVALID_HANDLE_VALUE)
        return false;
    BOOL ok = GetFileInformationByHandle(h, fi);
    CloseHandle(h);
    return ok != 0;
}

bool plat_same_file(const char *a, const char *b)
{
    BY_HANDLE_FILE_INFORMATION fa, fb;
    return a != NULL && b != NULL && file_id(a, &fa) && file_id(b, &fb) &&
           fa.dwVolumeSerialNumber == fb.dwVolumeSerialNumber &&
           fa.nFileIndexHigh == fb.nFileIndexHigh &&
           fa.nFileIndexLow == fb.nFileIndexLow;
}

static bool write_all(HANDLE h, const char *text, size_t len)
{
    while (len > 0) {
        DWORD chunk = len > 1u << 30 ? 1u << 30 : (DWORD)len, done = 0;
        if (!WriteFile(h, text, chunk, &done, NULL) || done == 0)
            return false;
        text += done;
        len -= done;
    }
    return true;
}

/* A character device or a pipe that exists (CON, NUL, \\.\pipe\x): 1,
 * else 0. */
static int is_device(const char *path)
{
    HANDLE h = CreateFileA(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    DWORD t = GetFileType(h);
    CloseHandle(h);
    return t == FILE_TYPE_CHAR || t == FILE_TYPE_PIPE;
}

static int write_device(const char *path, const char *text, size_t len)
{
    HANDLE h = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ |
                           FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return cannot(path, "cannot open", GetLastError());
    bool ok = write_all(h, text, len);
    DWORD e = GetLastError();
    CloseHandle(h);
    return ok ? EXIT_RESULT_OK : cannot(path, "cannot write", e);
}

/* The folder part of path with its separator ("" for a bare name, "C:" for
 * "C:name"), into buf. */
static bool folder_of(const char *path, char *buf, size_t len)
{
    size_t cut = 0;
    for (size_t i = 0; path[i] != '\0'; i++)
        if (path[i] == '\\' || path[i] == '/' || (i == 1 && path[i] == ':'))
            cut = i + 1;
    if (cut >= len)
        return false;
    memcpy(buf, path, cut);
    buf[cut] = '\0';
    return true;
}

static int replace_file(const char *path, const char *text, size_t len)
{
    char tmp[MAX_PATH * 2 + 32];
    if (!folder_of(path, tmp, sizeof tmp - 32))
        return cannot(path, "cannot write", ERROR_FILENAME_EXCED_RANGE);
    size_t at = strlen(tmp);
    static unsigned counter;
    unsigned seed = (unsigned)GetCurrentProcessId() * 2654435761u ^
                    (unsigned)GetTickCount();
    HANDLE h = INVALID_HANDLE_VALUE;
    DWORD e = 0;
    int slot = -1;
    for (int tries = 0; tries < 100; tries++) {
        unsigned v = seed ^ (++counter * 40503u);
        snprintf(tmp + at, sizeof tmp - at, ".dheapsim-%06x", v & 0xffffffu);
        cli_guard_begin();
        h = CreateFileA(tmp, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                        FILE_ATTRIBUTE_NORMAL, NULL);
        e = GetLastError();
        if (h != INVALID_HANDLE_VALUE)
            slot = cli_guard_add(tmp, false);
        cli_guard_end();
        if (h != INVALID_HANDLE_VALUE || e != ERROR_FILE_EXISTS)
            break;
    }
    if (h == INVALID_HANDLE_VALUE)
        return cannot(path, e == ERROR_PATH_NOT_FOUND
                                ? "cannot create (no such folder)"
                                : "cannot create", e);
    bool ok = write_all(h, text, len) && FlushFileBuffers(h);
    e = ok ? 0 : GetLastError();
    if (!CloseHandle(h) && ok) {
        ok = false;
        e = GetLastError();
    }
    cli_guard_begin();
    if (ok && !MoveFileExA(tmp, path, MOVEFILE_REPLACE_EXISTING |
                                          MOVEFILE_WRITE_THROUGH)) {
        ok = false;
        e = GetLastError();
    }
    if (!ok)
        DeleteFileA(tmp);
    cli_guard_drop(slot);
    cli_guard_end();
    return ok ? EXIT_RESULT_OK : cannot(path, "cannot write", e);
}

int plat_write_file(const char *path, const char *text, size_t len)
{
    DWORD a = GetFileAttributesA(path);
    if (a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY)) {
        fprintf(stderr, "dheapsim: %s: is a directory\n", path);
        return EXIT_USAGE;
    }
    if (is_device(path))
        return write_device(path, text, len);
    return replace_file(path, text, len);
}

/*
 * plat_win32.c — platform.h on Windows (the mingw-w64 build): binary
 * standard streams, working files removed on Ctrl-C, Ctrl-Break or when the
 * console closes (SetConsoleCtrlHandler), temporary folders, running
 * gnuplot.exe from PATH, the processor count. Win32 API, ANSI paths.
 */
#define WIN32_LEAN_AND_MEAN
#include "cli.h"
#include "platform.h"

#include <windows.h>

#include <fcntl.h>
#include <io.h>
#include <stdlib.h>
#include <string.h>

const char plat_dir_sep[] = "\\";
const char plat_gnuplot_hint[] = "get it from http://www.gnuplot.info/ "
                                 "and put the folder of gnuplot.exe on PATH";

/* Working files, removed last-added first (a folder after its files).
 * Changed only inside the lock, which the console handler takes too. */
typedef struct {
    const char *volatile path; /* NULL: free slot */
    bool is_dir;
} guard_slot;
static guard_slot slots[CLI_GUARD_SLOTS];
static CRITICAL_SECTION guard_lock;

/* Runs on a thread of its own when the console sends Ctrl-C, Ctrl-Break,
 * close, logoff or shutdown: removes the working files and keeps the lock
 * (the program is ending), then lets the default handler end the program. */
static BOOL WINAPI on_console_event(DWORD type)
{
    (void)type;
    EnterCriticalSection(&guard_lock);
    for (size_t i = CLI_GUARD_SLOTS; i-- > 0;) {
        const char *p = slots[i].path;
        if (p != NULL)
            plat_remove(p, slots[i].is_dir);
    }
    return FALSE;
}

void plat_init(void)
{
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    InitializeCriticalSection(&guard_lock);
    SetConsoleCtrlHandler(on_console_event, TRUE);
}

void cli_guard_begin(void)
{
    EnterCriticalSection(&guard_lock);
}

int cli_guard_add(const char *path, bool is_dir)
{
    for (int i = 0; i < CLI_GUARD_SLOTS; i++)
        if (slots[i].path == NULL) {
            slots[i].is_dir = is_dir;
            slots[i].path = path;
            return i;
        }
    return -1;
}

void cli_guard_drop(int slot)
{
    if (slot >= 0 && slot < CLI_GUARD_SLOTS)
        slots[slot].path = NULL;
}

void cli_guard_end(void)
{
    LeaveCriticalSection(&guard_lock);
}

void plat_remove(const char *path, bool is_dir)
{
    if (is_dir)
        (void)RemoveDirectoryA(path);
    else
        (void)DeleteFileA(path);
}

unsigned plat_processors(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwNumberOfProcessors < 1 ? 1 : (unsigned)si.dwNumberOfProcessors;
}

/* A console, not a file or the NUL device (which _isatty calls one). */
bool plat_stderr_is_terminal(void)
{
    DWORD mode;
    return GetConsoleMode(GetStdHandle(STD_ERROR_HANDLE), &mode) != 0;
}

/* name.exe in a folder of PATH: its full path into buf. */
static bool find_on_path(const char *name, char *buf, size_t len)
{
    const char *path = getenv("PATH");
    if (path == NULL)
        return false;
    while (*path != '\0') {
        size_t n = strcspn(path, ";");
        if (n > 0) {
            bool sep = path[n - 1] == '\\' || path[n - 1] == '/';
            int w = snprintf(buf, len, "%.*s%s%s.exe", (int)n, path,
                             sep ? "" : "\\", name);
            DWORD a = w > 0 && (size_t)w < len ? GetFileAttributesA(buf)
                                                : INVALID_FILE_ATTRIBUTES;
            if (a != INVALID_FILE_ATTRIBUTES &&
                !(a & FILE_ATTRIBUTE_DIRECTORY))
                return true;
        }
        path += n + (path[n] == ';');
    }
    return false;
}

bool plat_on_path(const char *name)
{
    char buf[MAX_PATH * 2];
    return find_on_path(name, buf, sizeof buf);
}

/* arg quoted for the command line the way CommandLineToArgvW and the C
 * runtime split it: in double quotes, a quote as \", backslashes doubled
 * only before a quote. false when it does not fit. */
static bool quote_arg(char *buf, size_t len, size_t *at, const char *arg)
{
    size_t j = *at;
    if (j + 1 >= len)
        return false;
    buf[j++] = '"';
    for (const char *p = arg;; p++) {
        size_t bs = 0;
        while (*p == '\\') {
            bs++;
            p++;
        }
        size_t need = *p == '\0' ? 2 * bs : *p == '"' ? 2 * bs + 2 : bs + 1;
        if (j + need + 2 >= len)
            return false;
        if (*p == '\0') {
            for (size_t k = 0; k < 2 * bs; k++)
                buf[j++] = '\\';
            break;
        }
        for (size_t k = 0; k < (*p == '"' ? 2 * bs + 1 : bs); k++)
            buf[j++] = '\\';
        buf[j++] = *p;
    }
    buf[j++] = '"';
    buf[j] = '\0';
    *at = j;
    return true;
}

int plat_run_wait(const char *name, char *const argv[])
{
    char exe[MAX_PATH * 2];
    if (!find_on_path(name, exe, sizeof exe)) {
        fprintf(stderr, "dheapsim: cannot run %s: not found on PATH\n", name);
        return -1;
    }
    size_t len = 32768, at = 0; /* the longest command line Windows takes */
    char *cmd = malloc(len);
    bool fits = cmd != NULL && quote_arg(cmd, len, &at, exe);
    for (size_t i = 1; fits && argv[i] != NULL; i++) {
        cmd[at++] = ' ';
        fits = quote_arg(cmd, len, &at, argv[i]);
    }
    if (!fits) {
        free(cmd);
        fprintf(stderr, "dheapsim: cannot run %s: the command line is too "
                "long\n", name);
        return -1;
    }
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    BOOL ok = CreateProcessA(exe, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si,
                             &pi);
    free(cmd);
    if (!ok) {
        fprintf(stderr, "dheapsim: cannot run %s: Windows error %lu\n", exe,
                (unsigned long)GetLastError());
        return -1;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 1;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code == 0 ? 0 : 1;
}

/* In GetTempPath's folder (TMP, TEMP, USERPROFILE, the Windows folder). */
int plat_make_temp_dir(const char *prefix, char *buf, size_t len, int *slot)
{
    char tmp[MAX_PATH + 1];
    DWORD n = GetTempPathA(sizeof tmp, tmp);
    *slot = -1;
    if (n == 0 || n > MAX_PATH || n + strlen(prefix) + 9 >= len) {
        fprintf(stderr, "dheapsim: no usable temporary folder (TMP, TEMP)\n");
        return -1;
    }
    static unsigned counter;
    unsigned seed = (unsigned)GetCurrentProcessId() * 2654435761u ^
                    (unsigned)GetTickCount();
    DWORD e = 0;
    for (int tries = 0; tries < 100; tries++) {
        unsigned v = seed ^ (++counter * 40503u);
        snprintf(buf, len, "%s%s-%06x", tmp, prefix, v & 0xffffffu);
        cli_guard_begin();
        BOOL made = CreateDirectoryA(buf, NULL);
        e = GetLastError();
        if (made)
            *slot = cli_guard_add(buf, true);
        cli_guard_end();
        if (made)
            return 0;
        if (e != ERROR_ALREADY_EXISTS)
            break;
    }
    fprintf(stderr, "dheapsim: cannot make a temporary folder in %s: "
            "Windows error %lu\n", tmp, (unsigned long)e);
    return -1;
}

/*
 * fuzz_cli.c — libFuzzer target for the command line of every subcommand:
 * the input is the arguments, separated by NUL bytes, given to the
 * program's own main (cli/main.c built as dh_cli_main). It runs in a
 * scratch directory holding a small scenario, a dheapmon table and a .reg
 * (s.json, t.txt, r.reg); an argument with a '/' is refused by the target,
 * so nothing outside that directory is read or written, and PATH is empty
 * (no gnuplot); stdout and stderr are closed (-close_fd_mask=3). What must hold: no crash, no sanitizer report, no leak, and
 * an exit status of 0, 1, 2 or 3.
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int dh_cli_main(int argc, char **argv);

#define MAXARGS 24

static const char scenario[] =
    "{\"name\": \"fuzz\", \"source\": \"fuzz_cli.c\", \"os\": \"win2003-x86\",\n"
    " \"steps\": [\n"
    "  {\"action\": \"start_service\", \"name\": \"svc\", \"account\": \"LocalSystem\"},\n"
    "  {\"action\": \"start_process\", \"label\": \"kids\", \"name\": \"kid\",\n"
    "   \"parent\": \"svc\", \"kind\": \"console\", \"count\": 3},\n"
    "  {\"action\": \"snapshot\"}]}\n";
static const char table[] =
    "  Desktop Heap Information Monitor Tool (Version 7.0.2727.0)\n"
    "Session ID:    0 Total Desktop: (  5824 KB -    8 desktops)\n\n"
    "  WinStation\\Desktop            Heap Size(KB)    Used Rate(%)\n"
    "------------------------------------------------------------------\n"
    "  WinSta0\\Default                    3072              5.7\n"
    "  WinSta0\\Disconnect                   64              4.0\n"
    "  WinSta0\\Winlogon                    128              8.7\n"
    "  Service-0x0-3e7$\\Default             512             15.1\n"
    "------------------------------------------------------------------\n";
static const char reg[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session "
    "Manager\\SubSystems]\r\n"
    "\"Windows\"=\"%SystemRoot%\\\\system32\\\\csrss.exe "
    "ObjectDirectory=\\\\Windows SharedSection=1024,3072,512 Windows=On "
    "SubSystemType=Windows ServerDll=basesrv,1 "
    "ServerDll=winsrv:UserServerDllInitialization,3 "
    "ServerDll=winsrv:ConServerDllInitialization,2 ProfileControl=Off "
    "MaxRequestThreads=16\"\r\n";

static int null_fd = -1;
static int home_fd = -1, scratch_fd = -1; /* libFuzzer's paths are relative */

static void put(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
        abort();
}

/* Remove what the run wrote, so that every input starts the same. */
static void tidy(void)
{
    DIR *d = opendir(".");
    if (d == NULL)
        abort();
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            strcmp(e->d_name, "s.json") != 0 &&
            strcmp(e->d_name, "t.txt") != 0 &&
            strcmp(e->d_name, "r.reg") != 0)
            unlink(e->d_name);
    closedir(d);
}

/* The program's output and messages are noise in the fuzz log: libFuzzer
 * closes the target's stdout and stderr (-close_fd_mask=3) and still
 * prints its own reports, sanitizer reports included. */
static char scratch[] = "/tmp/fuzz-cli-XXXXXX";

static void remove_scratch(void)
{
    if (scratch_fd >= 0 && fchdir(scratch_fd) == 0) {
        unlink("s.json"), unlink("t.txt"), unlink("r.reg");
        tidy();
        if (chdir("/") == 0)
            rmdir(scratch);
    }
}

static void setup(void)
{
    char *dir = scratch;
    home_fd = open(".", O_RDONLY | O_DIRECTORY);
    if (home_fd < 0 || mkdtemp(dir) == NULL || chdir(dir) != 0)
        abort();
    scratch_fd = open(".", O_RDONLY | O_DIRECTORY);
    if (scratch_fd < 0)
        abort();
    atexit(remove_scratch);
    put("s.json", scenario);
    put("t.txt", table);
    put("r.reg", reg);
    setenv("PATH", "", 1);
    null_fd = open("/dev/null", O_RDWR);
    if (null_fd < 0 || dup2(null_fd, 0) < 0 || fchdir(home_fd) != 0)
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static char mask[] = "-close_fd_mask=3";
    static char *args[64];
    if (*argc < 1 || *argc > 62)
        return 0;
    args[0] = (*argv)[0];
    args[1] = mask;
    for (int i = 1; i < *argc; i++)
        args[i + 1] = (*argv)[i];
    args[*argc + 1] = NULL;
    *argc += 1;
    *argv = args;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (null_fd < 0)
        setup();
    if (size == 0 || size > 4096 || fchdir(scratch_fd) != 0)
        return 0;
    char *buf = malloc(size + 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[MAXARGS + 2];
    int argc = 0;
    argv[argc++] = "dheapsim";
    for (size_t i = 0; i <= size && argc <= MAXARGS;) {
        char *a = buf + i;
        size_t n = strlen(a);
        if (memchr(a, '/', n) != NULL) { /* stay in the scratch directory */
            free(buf);
            return fchdir(home_fd) == 0 ? 0 : (abort(), 0);
        }
        argv[argc++] = a;
        i += n + 1;
    }
    argv[argc] = NULL;
    /* getopt starts afresh (glibc: optind 0 reinitialises it). */
    optind = 0;
    int rc = dh_cli_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    free(buf);
    tidy();
    if (fchdir(home_fd) != 0)
        abort();
    if (rc < 0 || rc > 3)
        abort();
    return 0;
}

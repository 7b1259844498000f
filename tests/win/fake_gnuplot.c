/*
 * fake_gnuplot.c — a stand-in gnuplot.exe for `make check-windows` (no
 * gnuplot for Windows comes from Debian): proves that dheapsim.exe finds
 * it on PATH and hands it its arguments whole. It writes every argument
 * it was given, one per line, into the file named by outfile='...' in the
 * -e argument, and exits 0 (3 when the arguments are not gnuplot's shape).
 * With FAKE_GNUPLOT_WAIT=FILE it writes its arguments to FILE instead and
 * waits a minute (the test interrupts dheapsim.exe meanwhile).
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 4 || strcmp(argv[1], "-e") != 0)
        return 3;
    const char *wait = getenv("FAKE_GNUPLOT_WAIT");
    if (wait != NULL) {
        FILE *w = fopen(wait, "wb");
        if (w == NULL)
            return 3;
        for (int i = 1; i < argc; i++)
            fprintf(w, "%s\n", argv[i]);
        fclose(w);
        Sleep(60000);
        return 0;
    }
    const char *o = strstr(argv[2], "outfile='");
    if (o == NULL)
        return 3;
    o += strlen("outfile='");
    char path[4096];
    size_t n = 0;
    /* gnuplot's single-quoted string: '' is one quote */
    while (*o != '\0' && n + 1 < sizeof path) {
        if (o[0] == '\'' && o[1] == '\'') {
            path[n++] = '\'';
            o += 2;
        } else if (o[0] == '\'') {
            break;
        } else {
            path[n++] = *o++;
        }
    }
    path[n] = '\0';
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return 3;
    for (int i = 1; i < argc; i++)
        fprintf(f, "%s\n", argv[i]);
    return fclose(f) == 0 ? 0 : 3;
}

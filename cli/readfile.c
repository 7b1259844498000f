/*
 * readfile.c — reads a whole input file into memory for the parsers, which
 * take buffers (the library does no file I/O outside the scenario loader).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT (64u * 1024 * 1024)

int cli_read_file(const char *path, char **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    *buf = NULL;
    *len = 0;
    if (f == NULL) {
        fprintf(stderr, "dheapsim: %s: cannot open: %s\n", path,
                strerror(errno));
        return EXIT_USAGE;
    }
    size_t cap = 65536, n = 0;
    char *b = malloc(cap + 1);
    while (b != NULL) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= MAX_INPUT) {
            fprintf(stderr, "dheapsim: %s: larger than %u MB\n", path,
                    MAX_INPUT / 1024 / 1024);
            free(b);
            fclose(f);
            return EXIT_USAGE;
        }
        char *nb = realloc(b, cap * 2 + 1);
        if (nb == NULL)
            free(b);
        b = nb;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (b == NULL) {
        fprintf(stderr, "dheapsim: out of memory reading %s\n", path);
        return EXIT_INTERNAL;
    }
    if (bad) {
        fprintf(stderr, "dheapsim: %s: cannot read\n", path);
        free(b);
        return EXIT_USAGE;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return EXIT_RESULT_OK;
}

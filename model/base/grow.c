/*
 * grow.c — the allocation helpers every layer uses: growing an array by
 * doubling, with its size checked for overflow, and a NULL-safe strdup.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

dh_status dh_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return DH_OK;
    size_t nc = *cap ? *cap * 2 : 8;
    if (nc < *cap || nc > SIZE_MAX / elem)
        return DH_ENOMEM;
    void *p = realloc(*arr, nc * elem);
    if (p == NULL)
        return DH_ENOMEM;
    *arr = p;
    *cap = nc;
    return DH_OK;
}

char *dh_strndup(const char *s, size_t n)
{
    size_t len = 0;
    while (len < n && s[len] != '\0')
        len++;
    char *d = malloc(len + 1);
    if (d != NULL) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

char *dh_strdup(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

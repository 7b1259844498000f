/*
 * fuzz_regfile.c — libFuzzer target for the regedit export reader
 * (REGEDIT4 and 5.00, ANSI and UTF-16LE, hex(2) continuations) and, for
 * what it accepts, the writer's round trip (model/regfile*.c).
 */
#include "dheapsim.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dh_regfile r;
    dh_error err;
    dh_error_clear(&err);
    memset(&r, 0, sizeof r);
    dh_status st = dh_regfile_parse((const char *)data, size, "fuzz.reg", &r,
                                    &err);
    if (st != DH_OK) {
        if ((st != DH_EINPUT && st != DH_ELIMIT) || err.text[0] == '\0')
            abort();
        dh_regfile_free(&r);
        return 0;
    }
    /* A Windows value the writer can take comes back the same. */
    if (r.has_windows && r.windows != NULL && r.windows[0] != '\0' &&
        ascii(r.windows)) {
        char *out = NULL;
        dh_error_clear(&err);
        if (dh_regfile_write(r.windows, r.has_svs, r.svs_mb, &out, &err) ==
            DH_OK) {
            dh_regfile back;
            memset(&back, 0, sizeof back);
            dh_error_clear(&err);
            if (dh_regfile_parse(out, strlen(out), "again.reg", &back,
                                 &err) != DH_OK ||
                !back.has_windows || strcmp(back.windows, r.windows) != 0 ||
                back.has_svs != r.has_svs ||
                (r.has_svs && back.svs_mb != r.svs_mb))
                abort();
            dh_regfile_free(&back);
        }
        free(out);
    }
    dh_regfile_free(&r);
    return 0;
}

/*
 * fuzz_regfile.c — libFuzzer target for the regedit export reader
 * (REGEDIT4 and 5.00, ANSI and UTF-16LE, hex(2) continuations, surrogate
 * pairs), and for what it accepts: the import entry point (the scenario it
 * writes must load) and the writer's round trip in every format.
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
    /* Through the import entry point: its scenario loads as written. */
    dh_import_guess g;
    char *json = NULL;
    dh_error_clear(&err);
    st = dh_import_scenario(NULL, NULL, &r, "fuzz.reg", NULL, &g, &json,
                            &err);
    if (st == DH_OK) {
        dh_scenario *sc = NULL;
        dh_error_clear(&err);
        if (dh_scenario_load_buffer(json, strlen(json), "(imported)", &sc,
                                    &err) != DH_OK)
            abort();
        dh_scenario_free(sc);
    } else if ((st != DH_EINPUT && st != DH_ELIMIT) || err.text[0] == '\0') {
        abort();
    }
    free(json);
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
        /* and in regedit's own UTF-16 file, and as REGEDIT4 */
        for (int f = 0; f < 2; f++) {
            size_t len = 0;
            dh_error_clear(&err);
            if (dh_regfile_write_as(r.windows, r.has_svs, r.svs_mb,
                                    f ? DH_REG_REGEDIT4 : DH_REG_V5_UTF16,
                                    &out, &len, &err) != DH_OK)
                continue;
            dh_regfile back;
            memset(&back, 0, sizeof back);
            dh_error_clear(&err);
            if (dh_regfile_parse(out, len, "again.reg", &back, &err) !=
                    DH_OK ||
                !back.has_windows || strcmp(back.windows, r.windows) != 0)
                abort();
            dh_regfile_free(&back);
            free(out);
        }
    }
    dh_regfile_free(&r);
    return 0;
}

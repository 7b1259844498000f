/*
 * fuzz_import.c — libFuzzer target for the dheapmon / !dskheap table
 * parser and the scenario it imports to (model/import/import_table.c,
 * model/import/import_scenario.c). Build and run with `make fuzz`.
 */
#include "dheapsim.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dh_obs_table t;
    dh_error err;
    dh_error_clear(&err);
    memset(&t, 0, sizeof t);
    dh_status st = dh_obs_table_parse((const char *)data, size, "fuzz.txt",
                                      &t, &err);
    if (st != DH_OK) {
        if (st != DH_EINPUT && st != DH_ELIMIT)
            abort();
        if (err.text[0] == '\0')
            abort(); /* every error says what was wrong */
        dh_obs_table_free(&t);
        return 0;
    }
    /* What the parser promises about a table it accepted. */
    uint64_t sum = 0;
    for (size_t i = 0; i < t.ndesktops; i++) {
        if (t.desktops[i].used_milli > 100000)
            abort();
        sum += t.desktops[i].heap_kb;
    }
    if (t.ndesktops == 0 || sum != t.total_kb || t.ndesktops != t.total_count)
        abort();
    char *json = NULL;
    dh_import_guess g;
    dh_error_clear(&err);
    if (dh_import_scenario(&t, "fuzz.txt", NULL, NULL, NULL, &g, &json,
                           &err) == DH_OK) {
        /* The scenario it writes loads back. */
        dh_scenario *sc = NULL;
        dh_error_clear(&err);
        if (json == NULL ||
            dh_scenario_load_buffer(json, strlen(json), "imported.json", &sc,
                                    &err) != DH_OK)
            abort();
        dh_scenario_free(sc);
    }
    free(json);
    dh_obs_table_free(&t);
    return 0;
}

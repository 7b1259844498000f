/*
 * fuzz_sharedsection.c — libFuzzer target for the SharedSection /
 * SubSystems\Windows value parser and its explaining reporter.
 * Build and run with `make fuzz` (clang -fsanitize=fuzzer,address,undefined).
 */
#include "dheapsim.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* the parser takes a C string: stops at a NUL */

    static const uint32_t pages[] = {4096, 8192, 65536};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        dh_shared_section ss;
        dh_error err;
        dh_error_clear(&err);
        dh_status st = dh_shared_section_parse(text, pages[i], &ss, &err);
        if (st == DH_OK) {
            /* What the parser promises about a value it accepted. */
            if (ss.count < 2 || ss.count > 4 ||
                ss.interactive_kb < DH_SHARED_SECTION_MIN_KB ||
                ss.noninteractive_kb < DH_SHARED_SECTION_MIN_KB)
                abort();
        } else {
            char buf[1200];
            if (st != DH_EINPUT && st != DH_ELIMIT)
                abort();
            dh_error_format(&err, buf, sizeof buf);
            if (err.text[0] == '\0')
                abort(); /* every error says what was wrong */
        }
    }
    const dh_profile *p = dh_profile_at(size % dh_profile_count());
    char *out = NULL;
    dh_error err;
    dh_error_clear(&err);
    if (dh_report_shared_section(text, p, &out, &err) == DH_OK &&
        (out == NULL || out[0] == '\0'))
        abort();
    free(out);
    free(text);
    return 0;
}

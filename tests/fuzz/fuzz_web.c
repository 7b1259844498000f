/*
 * fuzz_web.c — libFuzzer target for the browser page's JSON edge
 * (web/dheapsim_web.c): any request text must give a JSON answer with
 * "ok", and a failed one an "error" message and exit 1 or 2; never a
 * crash. Build and run with `make fuzz`.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *dhw_call(const char *request);
void dhw_free(char *p);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *req = malloc(size + 1);
    if (req == NULL)
        return 0;
    memcpy(req, data, size);
    req[size] = '\0';
    char *ans = dhw_call(req);
    free(req);
    if (ans == NULL)
        abort();
    json_error_t je;
    json_t *a = json_loads(ans, 0, &je);
    if (!json_is_object(a))
        abort(); /* the answer is always a JSON object */
    json_t *ok = json_object_get(a, "ok");
    if (!json_is_boolean(ok))
        abort();
    if (json_is_false(ok)) {
        const char *e = json_string_value(json_object_get(a, "error"));
        json_int_t x = json_integer_value(json_object_get(a, "exit"));
        if (e == NULL || e[0] == '\0' || (x != 1 && x != 2))
            abort();
    }
    json_decref(a);
    dhw_free(ans);
    return 0;
}

/*
 * test_hint_diff.c — a short run of the best_fit_hint differential checker
 * (tests/alloc_ref/check_hint.c): model/alloc/deskheap.c under DH_FIT_BEST_HINT
 * against the simple reference tests/alloc_ref/hint_ref.c, compared in
 * full after every operation. `make alloc-diff` runs it longer.
 */
#include "testutil.h"

#include "alloc_ref/hint_ref.c"
#define CHECK_HINT_NO_MAIN
#include "alloc_ref/check_hint.c"

#define OPS 10000

static void test_best_fit_hint_matches_simple_reference(void **s)
{
    (void)s;
    for (uint64_t seed = 1; seed <= 2; seed++)
        for (unsigned p = 0; p < NHPARAMS; p++)
            assert_int_equal(hrun(p, seed, OPS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_best_fit_hint_matches_simple_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

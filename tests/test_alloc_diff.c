/*
 * test_alloc_diff.c — a short run of the allocator's differential checker
 * (tests/alloc_ref/check_alloc.c): model/alloc/deskheap.c against its frozen copy
 * (tests/alloc_ref/ref_deskheap.c), which must agree on every status,
 * outcome, handle, offset, size and stat. `make alloc-diff` runs it longer.
 */
#include "testutil.h"

#include "alloc_ref/ref_deskheap.c"
#define CHECK_ALLOC_NO_MAIN
#include "alloc_ref/check_alloc.c"

#define OPS 50000

static void test_model_matches_reference(void **s)
{
    (void)s;
    for (uint64_t seed = 1; seed <= 2; seed++)
        for (unsigned p = 0; p < NPARAMS; p++)
            assert_int_equal(run(p, seed, OPS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

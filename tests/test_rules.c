/*
 * test_rules.c — one test per sizing rule, with numbers worked out by hand
 * from the seed and the fact sheet (comments give the arithmetic).
 */
#include "testutil.h"

static dh_config cfg(const char *os, const char *ss, dh_svs_state svs,
                     uint32_t svs_mb, bool g3)
{
    dh_registry r;
    dh_assumptions a;
    dh_config c;
    dh_error e;
    dh_registry_default(&r);
    dh_assumptions_default(&a);
    dh_error_clear(&e);
    r.shared_section = ss;
    r.svs = svs;
    r.svs_mb = svs_mb;
    r.boot_3gb = g3;
    assert_int_equal(dh_config_resolve(dh_profile_find(os), &r, &a, &c, &e),
                     DH_OK);
    return c;
}

static uint64_t heap(const dh_config *c, const char *st, const char *d,
                     uint64_t explicit_kb, bool fb, dh_heap_rule *rule)
{
    return dh_rule_desktop_heap_size(c, st, d, explicit_kb, fb, rule);
}

/* Rule 1 ------------------------------------------------------------ */

static void test_rule1_winlogon_and_disconnect_fixed_x86(void **s)
{
    (void)s;
    dh_config c = cfg("win2003-x86", "1024,8192,512", DH_SVS_DEFAULT, 0, false);
    dh_heap_rule r;
    assert_int_equal(heap(&c, "WinSta0", "Winlogon", 0, false, &r), KB(128));
    assert_int_equal(r, DH_RULE_FIXED_WINLOGON);
    assert_int_equal(heap(&c, "WinSta0", "Disconnect", 0, false, &r), KB(64));
    assert_int_equal(r, DH_RULE_FIXED_DISCONNECT);
}

static void test_rule1_fixed_heaps_50_percent_larger_on_x64(void **s)
{
    (void)s; /* seed comment 20: 192 KB and 96 KB */
    dh_config c = cfg("win7-x64", NULL, DH_SVS_DEFAULT, 0, false);
    dh_heap_rule r;
    assert_int_equal(heap(&c, "WinSta0", "Winlogon", 0, false, &r), KB(192));
    assert_int_equal(heap(&c, "WinSta0", "Disconnect", 0, false, &r), KB(96));
}

static void test_rule1_other_winsta0_desktops_take_second_value(void **s)
{
    (void)s;
    dh_config c = cfg("winxp-x86", "1024,4096,512", DH_SVS_DEFAULT, 0, false);
    dh_heap_rule r;
    assert_int_equal(heap(&c, "WinSta0", "Default", 0, false, &r), KB(4096));
    assert_int_equal(r, DH_RULE_INTERACTIVE);
    assert_int_equal(heap(&c, "winsta0", "Screen-saver", 0, false, &r), KB(4096));
    assert_int_equal(heap(&c, "WinSta0", "MyDesktop", 0, false, &r), KB(4096));
}

static void test_rule1_noninteractive_takes_third_value(void **s)
{
    (void)s;
    dh_config c = cfg("winxp-x86", "1024,3072,1024", DH_SVS_DEFAULT, 0, false);
    dh_heap_rule r;
    assert_int_equal(heap(&c, "Service-0x0-3e7$", "Default", 0, false, &r),
                     KB(1024));
    assert_int_equal(r, DH_RULE_NONINTERACTIVE);
    /* A "Winlogon" desktop on a service station is not the fixed one. */
    assert_int_equal(heap(&c, "SAWinSta", "Winlogon", 0, false, &r), KB(1024));
}

static void test_rule1_third_value_absent_uses_second(void **s)
{
    (void)s;
    dh_config c = cfg("winxp-x86", "1024,3072", DH_SVS_DEFAULT, 0, false);
    dh_heap_rule r;
    assert_int_equal(heap(&c, "Service-0x0-3e4$", "Default", 0, false, &r),
                     KB(3072));
    assert_int_equal(r, DH_RULE_NONINTERACTIVE_2ND);
}

static void test_rule1_createdesktopex_size_vista_only(void **s)
{
    (void)s;
    dh_heap_rule r;
    dh_config v = cfg("vista-x86", NULL, DH_SVS_DEFAULT, 0, false);
    /* 1001 KB rounds up to the next 4 KB page: 1004 KB. */
    assert_int_equal(heap(&v, "MySta", "MyDesk", 1001, false, &r), KB(1004));
    assert_int_equal(r, DH_RULE_EXPLICIT);
    dh_config x = cfg("winxp-x86", NULL, DH_SVS_DEFAULT, 0, false);
    assert_int_equal(heap(&x, "MySta", "MyDesk", 1001, false, &r), KB(512));
    assert_int_equal(r, DH_RULE_NONINTERACTIVE);
}

static void test_rule1_fallback_sizes_spare_winlogon(void **s)
{
    (void)s;
    dh_config c = cfg("win2003-x86", "1024,3072,2048", DH_SVS_DEFAULT, 0, true);
    dh_heap_rule r;
    assert_int_equal(heap(&c, "WinSta0", "Default", 0, true, &r), KB(512));
    assert_int_equal(r, DH_RULE_FALLBACK_INTERACTIVE);
    assert_int_equal(heap(&c, "Service-0x0-3e7$", "Default", 0, true, &r),
                     KB(128));
    assert_int_equal(heap(&c, "WinSta0", "Winlogon", 0, true, &r), KB(128));
    assert_int_equal(heap(&c, "WinSta0", "Disconnect", 0, true, &r), KB(64));
}

static void test_rule1_win2000_has_no_disconnect_desktop(void **s)
{
    (void)s;
    dh_config c = cfg("win2000", NULL, DH_SVS_DEFAULT, 0, false);
    dh_heap_rule r;
    assert_int_equal(c.profile->disconnect_kb, 0);
    /* A desktop named Disconnect there is an ordinary interactive one. */
    assert_int_equal(heap(&c, "WinSta0", "Disconnect", 0, false, &r), KB(3072));
}

/* Rule 2: view space size and placement --------------------------------- */

static void test_rule2_view_size_from_profile_and_registry(void **s)
{
    (void)s;
    assert_int_equal(cfg("winxp-x86", NULL, DH_SVS_DEFAULT, 0, false).view_size, MB(48));
    assert_int_equal(cfg("win2003-x86", NULL, DH_SVS_ABSENT, 0, false).view_size, MB(20));
    assert_int_equal(cfg("win2003-x86", NULL, DH_SVS_SET, 64, false).view_size, MB(64));
    assert_int_equal(cfg("win2000-ts-318942", NULL, DH_SVS_DEFAULT, 0, false).view_size, MB(20));
    assert_int_equal(cfg("win2000-ts-318942", NULL, DH_SVS_SET, 32, false).view_size, MB(32));
    assert_int_equal(cfg("win2000", NULL, DH_SVS_DEFAULT, 0, false).view_size, MB(48));
    assert_int_equal(cfg("win2003-x64", NULL, DH_SVS_DEFAULT, 0, false).view_size, MB(104));
    /* Dynamic view space: no bound on x64; on x86 the kernel address
     * space, 2 GB, 1 GB under /3GB (modern-windows sheet). */
    assert_int_equal(cfg("win7-x64", NULL, DH_SVS_DEFAULT, 0, false).view_size, 0);
    assert_int_equal(cfg("server2022", NULL, DH_SVS_DEFAULT, 0, false).view_size, 0);
}

/* Version profiles as users name them (issue 12 item 6): where two share
 * every value the model uses, the tool says so; an unknown id gets the
 * close ones. */
static void test_profiles_that_share_every_value(void **s)
{
    (void)s;
    const dh_profile *w10 = dh_profile_find("win10-x64");
    assert_non_null(w10);
    assert_true(dh_profile_same_values(w10, dh_profile_find("win11-x64")));
    assert_true(dh_profile_same_values(dh_profile_find("server2019"),
                                       dh_profile_find("server2022")));
    /* x86: other SharedSection, WND size and a /3GB switch */
    assert_false(dh_profile_same_values(w10, dh_profile_find("win10-x86")));
    /* Windows 7 still ships ConServerDllInitialization and has LKG */
    assert_false(dh_profile_same_values(dh_profile_find("win7-x64"),
                                        dh_profile_find("win81-x64")));
    assert_false(dh_profile_find("win7-x64")->windows_after == NULL);
    assert_null(strstr(dh_profile_find("server2025")->windows_after,
                       "ConServerDll"));
    assert_non_null(strstr(dh_profile_find("win7-x64")->windows_after,
                           "ConServerDllInitialization,2 ServerDll=sxssrv,4"));
    assert_true(dh_profile_find("win7-x64")->has_last_known_good);
    assert_false(dh_profile_find("win8-x64")->has_last_known_good);
}

static void test_unknown_profile_suggests_close_ids(void **s)
{
    (void)s;
    char hint[128];
    dh_profile_suggest("win11", hint, sizeof hint);
    assert_string_equal(hint, "; did you mean 'win11-x64'?");
    dh_profile_suggest("Windows-Server-2019", hint, sizeof hint);
    assert_non_null(strstr(hint, "'server2019'"));
    dh_profile_suggest("win10", hint, sizeof hint);
    assert_string_equal(hint, "; did you mean 'win10-x64' or 'win10-x86'?");
    dh_profile_suggest("nope", hint, sizeof hint);
    assert_string_equal(hint, "");
    dh_profile_suggest("", hint, sizeof hint);
    assert_string_equal(hint, "");
}

/* The catalogue (issue 12 item 3): every kind has low <= typical <= high
 * and a source; bytes found on one architecture scale to the other by
 * x64_opaque_scale_pct (150 %): the JVM's 25 KB on x86 (Tanuki) is
 * 25600 x 1.5 = 38400 bytes on x64, powershell's 4 KB on x64 is 4096 /
 * 1.5 = 2730 bytes on x86. conhost exists from USER 6.1 (Windows 7). */
static void test_catalogue_kinds_have_ranges_and_sources(void **s)
{
    (void)s;
    dh_assumptions a;
    dh_assumptions_default(&a);
    const dh_profile *x64 = dh_profile_find("server2022");
    const dh_profile *x86 = dh_profile_find("win2003-x86");
    static const char *const want[] = {"cmd", "powershell", "python", "node",
        "git", "go", "jvm", "dotnet", "dotnet-service", "chromium-headless",
        "electron", "office-com", "w3wp", "svchost"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_true(dh_catalogue_find(want[i]) >= 0);
    for (size_t i = 0; i < dh_catalogue_count(); i++) {
        const dh_catalogue_kind *k = dh_catalogue_at(i);
        assert_true(k->bytes[0] <= k->bytes[1] && k->bytes[1] <= k->bytes[2]);
        assert_true(strlen(k->source) > 10);
    }
    const dh_catalogue_kind *jvm = dh_catalogue_at((size_t)dh_catalogue_find("jvm"));
    assert_int_equal(dh_catalogue_bytes(jvm, DH_COST_TYPICAL, &a, x64), 38400);
    assert_int_equal(dh_catalogue_bytes(jvm, DH_COST_TYPICAL, &a, x86), 25600);
    const dh_catalogue_kind *ps =
        dh_catalogue_at((size_t)dh_catalogue_find("powershell"));
    assert_int_equal(dh_catalogue_bytes(ps, DH_COST_TYPICAL, &a, x86), 2730);
    assert_int_equal(dh_catalogue_bytes(ps, DH_COST_HIGH, &a, x64), 13312);
    assert_int_equal(dh_catalogue_find("nope"), -1);
    assert_false(dh_profile_has_conhost(dh_profile_find("vista-sp1-x86")));
    assert_true(dh_profile_has_conhost(dh_profile_find("win7-x86")));
    assert_true(dh_profile_has_conhost(x64));
}

static void test_rule2_dynamic_x86_view_space_bounded_by_kernel_space(void **s)
{
    (void)s;
    assert_int_equal(cfg("vista-x86", NULL, DH_SVS_DEFAULT, 0, false).view_size, MB(2048));
    assert_int_equal(cfg("win7-x86", NULL, DH_SVS_DEFAULT, 0, true).view_size, MB(1024));
    assert_int_equal(cfg("win10-x86", NULL, DH_SVS_SET, 4096, false).view_size, MB(2048));
}

static void test_rule2_3gb_fixes_view_space_at_20mb(void **s)
{
    (void)s;
    dh_config c = cfg("win2003-x86", NULL, DH_SVS_SET, 48, true);
    assert_int_equal(c.view_size, MB(20));
    assert_true(c.view_3gb_forced);
    assert_true(c.svs_ignored);
    dh_config x = cfg("win7-x64", NULL, DH_SVS_DEFAULT, 0, true);
    assert_true(x.boot_3gb_ignored);
}

static void test_rule2_win2000_without_hotfix_ignores_sessionviewsize(void **s)
{
    (void)s;
    dh_config c = cfg("win2000-ts", NULL, DH_SVS_SET, 64, false);
    assert_int_equal(c.view_size, MB(20));
    assert_true(c.svs_ignored);
}

static void test_rule2_views_round_up_to_64kb(void **s)
{
    (void)s;
    dh_config c = cfg("win2003-x86", NULL, DH_SVS_DEFAULT, 0, false);
    assert_int_equal(dh_rule_view_bytes(&c, KB(64)), KB(64));
    assert_int_equal(dh_rule_view_bytes(&c, KB(96)), KB(128));
    assert_int_equal(dh_rule_view_bytes(&c, KB(3072)), KB(3072));
    assert_int_equal(dh_rule_view_bytes(&c, 1), KB(64));
}

static void test_rule2_first_fit_from_lowest_address(void **s)
{
    (void)s;
    dh_viewspace v;
    dh_error e;
    uint64_t a, b, c, d;
    dh_error_clear(&e);
    assert_int_equal(dh_viewspace_init(&v, KB(64), KB(640), &e), DH_OK);
    assert_int_equal(dh_viewspace_map(&v, KB(128), &a), DH_OK); /* 0..1 */
    assert_int_equal(dh_viewspace_map(&v, KB(192), &b), DH_OK); /* 2..4 */
    assert_int_equal(dh_viewspace_map(&v, KB(64), &c), DH_OK);  /* 5 */
    assert_int_equal(a, 0);
    assert_int_equal(b, KB(128));
    assert_int_equal(c, KB(320));
    dh_viewspace_unmap(&v, b, KB(192));
    /* The freed hole at 128 KB is the lowest fit for 100 KB (2 granules). */
    assert_int_equal(dh_viewspace_map(&v, KB(100), &d), DH_OK);
    assert_int_equal(d, KB(128));
    assert_int_equal(dh_viewspace_used(&v), KB(128 + 128 + 64));
    /* Free now: granule 4 and granules 6..9 (256 KB): 320 KB does not fit. */
    assert_int_equal(dh_viewspace_largest_free(&v), KB(256));
    assert_int_equal(dh_viewspace_map(&v, KB(320), &d), DH_ELIMIT);
    dh_viewspace_free(&v);
}

static void test_rule2_dynamic_view_space_grows(void **s)
{
    (void)s;
    dh_viewspace v;
    dh_error e;
    uint64_t off = 0;
    dh_error_clear(&e);
    assert_int_equal(dh_viewspace_init(&v, KB(64), 0, &e), DH_OK);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(dh_viewspace_map(&v, KB(20480), &off), DH_OK);
    assert_int_equal(off, (uint64_t)999 * KB(20480));
    assert_int_equal(dh_viewspace_used(&v), (uint64_t)1000 * KB(20480));
    dh_viewspace_free(&v);
}

/* Rule 3: reservation and fallback ------------------------------------- */

static void test_rule3_default_values_fit_20mb(void **s)
{
    (void)s;
    /* Shared 1024 + Default 3072 + Disconnect 64 + Winlogon 128 + 10 x 512
     * = 9408 KB (all multiples of 64 KB) <= 20480 KB. */
    dh_config c = cfg("win2003-x86", "1024,3072,512", DH_SVS_ABSENT, 0, false);
    uint64_t need = 0;
    assert_false(dh_rule_reservation_falls_back(&c, &need));
    assert_int_equal(need, KB(9408));
}

static void test_rule3_2048_under_3gb_falls_back(void **s)
{
    (void)s;
    /* 1024 + 3072 + 64 + 128 + 10 x 2048 = 24768 KB > 20480 KB. */
    dh_config c = cfg("win2003-x86", "1024,3072,2048", DH_SVS_DEFAULT, 0, true);
    uint64_t need = 0;
    assert_true(dh_rule_reservation_falls_back(&c, &need));
    assert_int_equal(need, KB(24768));
    /* Without /3GB the 48 MB default holds it. */
    dh_config n = cfg("win2003-x86", "1024,3072,2048", DH_SVS_DEFAULT, 0, false);
    assert_false(dh_rule_reservation_falls_back(&n, &need));
}

static void test_rule3_win2000_1024_fits_20mb(void **s)
{
    (void)s;
    /* Seed comment 28 shows 1024 KB heaps on 2000: 1024 + 3072 + 128 +
     * 10 x 1024 = 14464 KB <= 20480 KB, no Disconnect desktop. */
    dh_config c = cfg("win2000-ts", "1024,3072,1024", DH_SVS_DEFAULT, 0, false);
    uint64_t need = 0;
    assert_false(dh_rule_reservation_falls_back(&c, &need));
    assert_int_equal(need, KB(14464));
}

static void test_rule3_dynamic_view_space_never_falls_back(void **s)
{
    (void)s;
    dh_config c = cfg("win7-x86", "1024,20480,20480", DH_SVS_DEFAULT, 0, false);
    uint64_t need = 0;
    assert_false(dh_rule_reservation_falls_back(&c, &need));
}

/* Rule 4: window stations ----------------------------------------------- */

static void test_rule4_service_station_names(void **s)
{
    (void)s;
    char b[64];
    dh_rule_service_station(DH_ACCOUNT_LOCALSYSTEM, false, 0, b, sizeof b);
    assert_string_equal(b, "Service-0x0-3e7$");
    dh_rule_service_station(DH_ACCOUNT_NETWORKSERVICE, false, 0, b, sizeof b);
    assert_string_equal(b, "Service-0x0-3e4$");
    dh_rule_service_station(DH_ACCOUNT_LOCALSERVICE, false, 0, b, sizeof b);
    assert_string_equal(b, "Service-0x0-3e5$");
    dh_rule_service_station(DH_ACCOUNT_USER, false, 0x22e1, b, sizeof b);
    assert_string_equal(b, "Service-0x0-22e1$");
    dh_rule_service_station(DH_ACCOUNT_USER, false, 0x100000000ull, b, sizeof b);
    assert_string_equal(b, "Service-0x1-0$");
}

static void test_rule4_interactive_localsystem_uses_winsta0(void **s)
{
    (void)s;
    char b[64];
    dh_rule_service_station(DH_ACCOUNT_LOCALSYSTEM, true, 0, b, sizeof b);
    assert_string_equal(b, "WinSta0");
    assert_true(dh_station_is_interactive("winsta0"));
    assert_false(dh_station_is_interactive("Service-0x0-3e7$"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule1_winlogon_and_disconnect_fixed_x86),
        cmocka_unit_test(test_rule1_fixed_heaps_50_percent_larger_on_x64),
        cmocka_unit_test(test_rule1_other_winsta0_desktops_take_second_value),
        cmocka_unit_test(test_rule1_noninteractive_takes_third_value),
        cmocka_unit_test(test_rule1_third_value_absent_uses_second),
        cmocka_unit_test(test_rule1_createdesktopex_size_vista_only),
        cmocka_unit_test(test_rule1_fallback_sizes_spare_winlogon),
        cmocka_unit_test(test_rule1_win2000_has_no_disconnect_desktop),
        cmocka_unit_test(test_rule2_view_size_from_profile_and_registry),
        cmocka_unit_test(test_rule2_dynamic_x86_view_space_bounded_by_kernel_space),
        cmocka_unit_test(test_profiles_that_share_every_value),
        cmocka_unit_test(test_catalogue_kinds_have_ranges_and_sources),
        cmocka_unit_test(test_unknown_profile_suggests_close_ids),
        cmocka_unit_test(test_rule2_3gb_fixes_view_space_at_20mb),
        cmocka_unit_test(test_rule2_win2000_without_hotfix_ignores_sessionviewsize),
        cmocka_unit_test(test_rule2_views_round_up_to_64kb),
        cmocka_unit_test(test_rule2_first_fit_from_lowest_address),
        cmocka_unit_test(test_rule2_dynamic_view_space_grows),
        cmocka_unit_test(test_rule3_default_values_fit_20mb),
        cmocka_unit_test(test_rule3_2048_under_3gb_falls_back),
        cmocka_unit_test(test_rule3_win2000_1024_fits_20mb),
        cmocka_unit_test(test_rule3_dynamic_view_space_never_falls_back),
        cmocka_unit_test(test_rule4_service_station_names),
        cmocka_unit_test(test_rule4_interactive_localsystem_uses_winsta0),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

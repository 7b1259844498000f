/*
 * test_report_html.c — the HTML page of `dheapsim report`
 * (model/report/report_html.c): charts inlined without their XML prolog, the
 * marker elements the HTML check looks for, text escaped, the seed's
 * numbers in the tables (5824 KB, 8 desktops), no external resources.
 */
#include "testutil.h"

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (; (s = strstr(s, what)) != NULL; s += strlen(what))
        n++;
    return n;
}

static void test_html_page(void **state)
{
    (void)state;
    dh_scenario *sc;
    dh_result *r;
    dh_error e;
    dh_error_clear(&e);
    assert_int_equal(dh_scenario_load_file(
                         "scenarios/seed-win2003-session0.json", &sc, &e),
                     DH_OK);
    assert_int_equal(dh_run(sc, NULL, &r, &e), DH_OK);
    const dh_html_chart ch[2] = {
        {"usage <1>", "<?xml version=\"1.0\"?>\n<svg id=\"a\"></svg>\n"},
        {"view & space", "<svg id=\"b\"></svg>"},
    };
    char *html = NULL;
    assert_int_equal(dh_report_html(r, ch, 2, &html), DH_OK);
    assert_int_equal(count(html, "<svg"), 2);
    assert_null(strstr(html, "<?xml"));
    assert_non_null(strstr(html, "<figcaption>usage &lt;1&gt;</figcaption>"));
    assert_non_null(strstr(html, "<figcaption>view &amp; space</figcaption>"));
    assert_non_null(strstr(html, "id=\"dheapsim-report\""));
    assert_non_null(strstr(html, "<div id=\"dheapsim-charts\" "
                                 "data-charts=\"2\">"));
    assert_non_null(strstr(html, "id=\"dheapsim-explain\""));
    assert_non_null(strstr(html, "id=\"dheapsim-assumptions\""));
    /* seed body: Total Desktop 5824 KB in 8 desktops; 1024 + 5824 KB of
     * 48 MB view space */
    assert_non_null(strstr(html, "Session 0: Total Desktop 5824 KB - 8 "
                                 "desktops; view space 6848 KB used of "
                                 "49152 KB"));
    assert_non_null(strstr(html, "<td>SAWinSta\\SADesktop</td><td "
                                 "class=\"n\">512</td>"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    free(html);
    dh_result_free(r);
    dh_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

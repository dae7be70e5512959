/*
 * test_report.c - flow_report_options_init() and flow_report_string()
 * (libflow/report.h): the sections and drawings are there, every text from
 * the data is escaped, maps are thinned as they say, geographic maps get
 * the basemap and others a seeded layout, the modelled caution appears when
 * the data's README says so, and bad options fail cleanly. The page is
 * opened in a browser by tests/report/browser_check.py.
 */
#include "testutil.h"

static size_t count(const char *s, const char *what)
{
    size_t n = 0, len = strlen(what);
    for (const char *p = strstr(s, what); p; p = strstr(p + len, what)) n++;
    return n;
}

/* A small network: a ring with a chord, one name per escaping hazard,
 * coordinates when geo, two groups, two years. */
static flow_network *small(int geo)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    const char *ids[] = {"a", "b", "c", "d", "e"};
    const char *names[] = {"<script>alert(1)</script>", "&\"'", "Beijing", "北京", "e"};
    const double lat[] = {39.9, 31.2, 23.1, 30.6, 43.8}, lon[] = {116.4, 121.5, 113.3, 104.1, 87.6};
    for (int i = 0; i < 5; i++) {
        assert_flow_ok(flow_network_add_node(net, ids[i], names[i], "region", NULL));
        if (geo) {
            assert_flow_ok(flow_network_set_number(net, ids[i], "lat", lat[i]));
            assert_flow_ok(flow_network_set_number(net, ids[i], "lon", lon[i]));
        }
    }
    for (int y = 2020; y <= 2021; y++)
        for (int i = 0; i < 5; i++) {
            assert_flow_ok(flow_network_add_flow(net, ids[i], ids[(i + 1) % 5], "talent",
                                                 10.0 + i + y - 2020, y));
            assert_flow_ok(flow_network_add_flow(net, ids[(i + 2) % 5], ids[i], "talent", 3.0, y));
        }
    assert_flow_ok(flow_network_add_flow(net, "a", "c", "<b>capital</b>", 7.0, 2021));
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons & \"more\""));
    assert_flow_ok(flow_network_add_member(net, "east<g>", "a", NULL));
    assert_flow_ok(flow_network_add_member(net, "east<g>", "b", NULL));
    assert_flow_ok(flow_network_add_member(net, "west", "d", NULL));
    assert_flow_ok(flow_network_add_member(net, "west", "e", NULL));
    return net;
}

static char *report_of(flow_network *net, const flow_report_options *o)
{
    flow_selection *sel = NULL;
    char *text = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_report_string(&text, sel, o));
    flow_selection_free(sel);
    assert_non_null(text);
    return text;
}

static void test_report__options_init(void **state)
{
    (void)state;
    flow_report_options o, d = FLOW_REPORT_OPTIONS_INIT;
    memset(&o, 0xff, sizeof o);
    assert_flow_ok(flow_report_options_init(&o, FLOW_REPORT_OPTIONS_VERSION));
    assert_int_equal(o.version, FLOW_REPORT_OPTIONS_VERSION);
    assert_int_equal(o.what, FLOW_REPORT_HTML);
    assert_int_equal(o.cluster_method, FLOW_CLUSTER_LOUVAIN);
    assert_int_equal(o.max_edges, 300);
    assert_true(o.alpha == 0.05);
    assert_int_equal(o.basemap, 1);
    assert_int_equal(o.gravity, 1);
    assert_int_equal(o.significance, 1);
    assert_int_equal(o.samples, 999);
    assert_null(o.from);
    assert_int_equal(o.seed, d.seed);
    assert_int_equal(o.top, d.top);
    assert_int_equal(o.top_labels, d.top_labels);
    assert_null(o.title);
    assert_null(o.label_attr);
    assert_int_equal(o.from_count + o.to_count, 0);
    assert_flow_fails(FLOW_EINVAL, flow_report_options_init(&o, 99));
    assert_flow_fails(FLOW_EINVAL, flow_report_options_init(NULL, FLOW_REPORT_OPTIONS_VERSION));
}

static void test_report__sections_and_drawings(void **state)
{
    (void)state;
    flow_network *net = small(0);
    char *html = report_of(net, NULL);
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    const char *sections[] = {"data",     "summary", "maps",   "hubs",     "bottleneck",
                              "clusters", "matrix",  "trends", "inference"};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        char want[64];
        snprintf(want, sizeof want, "<section id=\"%s\">", sections[i]);
        assert_int_equal(count(html, want), 1);
    }
    /* a map per factor (two), plus the bottleneck's: curved edges with
     * arrowheads, nodes, a legend, a year slider (two years) */
    assert_int_equal(count(html, "<svg class=\"map\""), 3);
    assert_true(count(html, "<path class=\"c\" d=\"M") >= 10);
    assert_true(count(html, "<path class=\"a\"") >= 10);
    assert_true(count(html, "<circle class=\"n") >= 10);
    assert_non_null(strstr(html, "<g class=\"legend\">"));
    assert_non_null(strstr(html, "type=\"range\""));
    assert_non_null(strstr(html, "data-years=\"all,2020,2021\""));
    assert_non_null(strstr(html, "<svg class=\"heat\""));
    assert_non_null(strstr(html, "<div class=\"mini\">"));
    /* no coordinates: a layout and no basemap; no provenance */
    assert_null(strstr(html, "class=\"land\""));
    assert_non_null(strstr(html, "force-directed layout"));
    assert_non_null(strstr(html, "no README.md beside the data"));
    assert_null(strstr(html, "Modelled, not observed"));
    /* nothing fetched at view time */
    assert_null(strstr(html, "src=\"http"));
    assert_null(strstr(html, "href=\"http"));
    assert_null(strstr(html, "@import"));
    assert_null(strstr(html, "url("));
    /* deterministic */
    char *again = report_of(net, NULL);
    assert_string_equal(html, again);
    flow_free(again);
    flow_free(html);
    flow_network_free(net);
}

static void test_report__escapes_every_text_from_the_data(void **state)
{
    (void)state;
    flow_network *net = small(1);
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    o.title = "<t>&";
    for (int what = FLOW_REPORT_HTML; what <= FLOW_REPORT_SVG; what++) {
        o.what = what;
        char *text = report_of(net, &o);
        /* the page has exactly its own scripts; no raw markup from the data */
        assert_int_equal(count(text, "<script"), what == FLOW_REPORT_HTML ? 2 : 0);
        assert_null(strstr(text, "alert(1)</script>"));
        assert_null(strstr(text, "<b>capital"));
        assert_null(strstr(text, "east<g>"));
        assert_null(strstr(text, "<t>"));
        assert_non_null(strstr(text, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert_non_null(strstr(text, "&amp;&quot;&#39;"));
        assert_non_null(strstr(text, "&lt;t&gt;&amp;"));
        assert_non_null(strstr(text, "北京"));
        if (what == FLOW_REPORT_HTML) {
            assert_non_null(strstr(text, "&lt;b&gt;capital&lt;/b&gt;"));
            assert_non_null(strstr(text, "east&lt;g&gt;"));
            assert_non_null(strstr(text, "persons &amp; &quot;more&quot;"));
        }
        flow_free(text);
    }
    flow_network_free(net);
}

static void test_report__geographic_maps_have_the_basemap(void **state)
{
    (void)state;
    flow_network *net = small(1);
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    o.what = FLOW_REPORT_SVG;
    char *svg = report_of(net, &o);
    assert_true(strncmp(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=", 50) == 0);
    assert_non_null(strstr(svg, "<path class=\"land\" d=\"M"));
    assert_int_equal(count(svg, "<svg"), 1);
    assert_int_equal(count(svg, "</svg>"), 1);
    flow_free(svg);
    o.basemap = 0;
    svg = report_of(net, &o);
    assert_null(strstr(svg, "class=\"land\""));
    flow_free(svg);
    flow_network_free(net);
}

/* Node k's circle centre in a drawing. */
static void centre(const char *svg, int k, double *x, double *y)
{
    char want[32];
    snprintf(want, sizeof want, "data-n=\"%d\" cx=\"", k);
    const char *p = strstr(svg, want);
    assert_non_null(p);
    p += strlen(want);
    *x = strtod(p, NULL);
    p = strstr(p, "cy=\"");
    assert_non_null(p);
    *y = strtod(p + 4, NULL);
}

static void test_report__projection_keeps_east_and_north(void **state)
{
    (void)state;
    flow_network *net = small(1);
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    o.what = FLOW_REPORT_SVG;
    char *svg = report_of(net, &o);
    double ax, ay, bx, by, cx, cy, dx, dy;
    centre(svg, 0, &ax, &ay); /* Beijing's coordinates: 39.9N 116.4E */
    centre(svg, 1, &bx, &by); /* Shanghai: 31.2N 121.5E */
    centre(svg, 2, &cx, &cy); /* Guangzhou: 23.1N 113.3E */
    centre(svg, 3, &dx, &dy); /* Chengdu: 30.6N 104.1E */
    assert_true(bx > ax && ax > cx && cx > dx); /* east is right */
    assert_true(ay < by && by < cy);           /* north is up */
    flow_free(svg);
    flow_network_free(net);
}

static void test_report__layout_is_seeded(void **state)
{
    (void)state;
    flow_network *net = small(0);
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    o.what = FLOW_REPORT_SVG;
    o.seed = 7;
    char *a = report_of(net, &o), *b = report_of(net, &o);
    assert_string_equal(a, b);
    o.seed = 8;
    char *c = report_of(net, &o);
    assert_string_not_equal(a, c);
    flow_free(a);
    flow_free(b);
    flow_free(c);
    flow_network_free(net);
}

static void test_report__dense_maps_are_thinned(void **state)
{
    (void)state;
    /* a complete directed graph on 30 nodes: 870 edges, each node with
     * one strong out-flow */
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char id[16], jd[16];
    for (int i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "n%d", i);
        assert_flow_ok(flow_network_add_node(net, id, NULL, NULL, NULL));
    }
    for (int i = 0; i < 30; i++)
        for (int j = 0; j < 30; j++) {
            if (i == j) continue;
            snprintf(id, sizeof id, "n%d", i);
            snprintf(jd, sizeof jd, "n%d", j);
            assert_flow_ok(flow_network_add_flow(net, id, jd, "f", j == (i + 1) % 30 ? 500 : 1,
                                                 FLOW_NO_YEAR));
        }
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    o.what = FLOW_REPORT_SVG;
    o.max_edges = 40;
    char *svg = report_of(net, &o);
    size_t drawn = count(svg, "<g class=\"e\"");
    assert_true(drawn > 0 && drawn <= 40);
    char want[64];
    snprintf(want, sizeof want, "%zu of 870 flows drawn", drawn);
    assert_non_null(strstr(svg, want));
    assert_non_null(strstr(svg, "backbone"));
    flow_free(svg);
    o.max_edges = 1000;
    svg = report_of(net, &o);
    assert_int_equal(count(svg, "<g class=\"e\""), 870);
    assert_non_null(strstr(svg, "870 of 870 flows drawn"));
    flow_free(svg);
    flow_network_free(net);
}

static void test_report__bottleneck_sets_and_labels(void **state)
{
    (void)state;
    flow_network *net = small(1);
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    const char *from[] = {"east<g>"}, *to[] = {"e"};
    o.from = from, o.from_count = 1, o.to = to, o.to_count = 1;
    o.label_attr = "lon";
    char *html = report_of(net, &o);
    assert_true(count(html, "class=\"e cut\"") >= 1);
    assert_non_null(strstr(html, "class=\"ring\""));
    assert_non_null(strstr(html, ">116.4</text>")); /* a's label: its longitude */
    assert_null(strstr(html, "strongest net exporter"));
    flow_free(html);
    o.from_count = o.to_count = 0;
    html = report_of(net, &o);
    assert_non_null(strstr(html, "strongest net exporter"));
    flow_free(html);
    flow_network_free(net);
}

static void test_report__modelled_data_carry_the_caution(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/report_modelled", FLOW_TEST_TMPDIR);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/flows.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("source,target,factor,weight,year\nA,B,talent,2,2020\nB,C,talent,3,2021\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/README.md", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("---\nflows: modelled\n---\n\n# `demo` <data>\n\nThe flows are **modelled**, not "
          "observed & made up.\n",
          f);
    fclose(f);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    char *html = report_of(net, NULL);
    assert_non_null(strstr(html, "<p class=\"caution\"><strong>Modelled, not observed."));
    assert_non_null(strstr(html, "demo &lt;data&gt;"));                 /* the README's title */
    assert_non_null(strstr(html, "The flows are modelled, not observed &amp; made up.")); /* its words */
    assert_non_null(strstr(html, "<title>Flow report: report_modelled</title>"));
    flow_free(html);
    flow_network_free(net);
}

/* The text of a figure as the page writes it (3 significant digits). */
static void fig3(char *buf, size_t size, double x)
{
    snprintf(buf, size, fabs(x) >= 100 ? "%.0f" : "%.3g", x); /* C locale */
}

static void test_report__inference_names_its_baselines(void **state)
{
    (void)state;
    flow_network *net = small(1);
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    o.samples = 199, o.seed = 7;
    char *html = report_of(net, &o);
    const char *inf = strstr(html, "<section id=\"inference\">");
    assert_non_null(inf);
    /* the gravity fit of the factor with most flows, as flow_gravity_fit()
     * gives it: pseudo-R2 and the distance coefficient on the page */
    flow_selection *sel = NULL;
    const char *talent = "talent";
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_factors(sel, &talent, 1));
    flow_table *fit = NULL;
    assert_flow_ok(flow_gravity_fit(&fit, sel, NULL));
    char want[128], v[64];
    fig3(v, sizeof v, flow_table_scalar(fit, "pseudo_r2"));
    snprintf(want, sizeof want, "pseudo-R\xc2\xb2 <strong>%s</strong>", v);
    assert_non_null(strstr(inf, want));
    assert_non_null(strstr(inf, "<td>log_distance</td>"));
    fig3(v, sizeof v, flow_table_doubles(fit, 1)[0]);
    snprintf(want, sizeof want, "<td>log_distance</td><td class=\"num\">%s</td>", v);
    assert_non_null(strstr(inf, want));
    assert_non_null(strstr(inf, "<svg class=\"scatter\""));
    assert_non_null(strstr(inf, "Most above expected"));
    assert_non_null(strstr(inf, "Expected flows are modelled"));
    flow_table_free(fit);
    /* the agreement of the clusters with the groups against permutations:
     * the p-value flow_significance_test() gives with the same method and
     * seed */
    flow_significance_options so = FLOW_SIGNIFICANCE_OPTIONS_INIT;
    so.samples = 199, so.seed = 7, so.method = FLOW_CLUSTER_LOUVAIN;
    flow_table *t = NULL;
    flow_selection_free(sel);
    assert_flow_ok(flow_selection_new(&sel, net));
    const char *groups[] = {"east<g>", "west"};
    assert_flow_ok(flow_significance_test(&t, sel, FLOW_TEST_AGREEMENT, groups, 2, &so));
    const double *p = flow_table_doubles(t, (size_t)flow_table_column_index(t, "p_value"));
    fig3(v, sizeof v, p[0]);
    snprintf(want, sizeof want, "199 permutations, seed 7): NMI expected");
    assert_non_null(strstr(html, want));
    snprintf(want, sizeof want, "p = <strong>%s</strong>; ARI", v);
    assert_non_null(strstr(html, want));
    flow_table_free(t);
    flow_selection_free(sel);
    assert_non_null(strstr(html, "Modularity against the configuration model"));
    flow_free(html);

    /* switched off: no fit, no p-value, and the page says so */
    o.gravity = 0, o.significance = 0;
    html = report_of(net, &o);
    inf = strstr(html, "<section id=\"inference\">");
    assert_non_null(strstr(inf, "not asked for"));
    assert_null(strstr(html, "pseudo-R"));
    assert_null(strstr(html, "p = "));
    assert_null(strstr(html, "<svg class=\"scatter\""));
    flow_free(html);

    /* undirected flows: no gravity model, said why */
    o.gravity = 1;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_flow_ok(flow_report_string(&html, sel, &o));
    assert_non_null(strstr(html, "No gravity model: the flows are undirected"));
    /* and no arrowheads on its maps: a flow without direction */
    assert_true(count(html, "<path class=\"c\" d=\"M") >= 5);
    assert_null(strstr(html, "<path class=\"a\""));
    assert_non_null(strstr(html, " \xe2\x80\x94 "));
    flow_free(html);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_report__bad_arguments(void **state)
{
    (void)state;
    flow_network *net = small(0);
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    char *text = (char *)"unchanged";
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    assert_flow_fails(FLOW_EINVAL, flow_report_string(NULL, sel, NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_report_string(&text, NULL, NULL));
    assert_null(text);
    o.alpha = 1;
    assert_flow_fails(FLOW_EINVAL, flow_report_string(&text, sel, &o));
    o.alpha = 0.05, o.max_edges = 0;
    assert_flow_fails(FLOW_EINVAL, flow_report_string(&text, sel, &o));
    o.max_edges = 10, o.what = 7;
    assert_flow_fails(FLOW_EINVAL, flow_report_string(&text, sel, &o));
    o.what = FLOW_REPORT_HTML, o.cluster_method = 42;
    assert_flow_fails(FLOW_EINVAL, flow_report_string(&text, sel, &o));
    o.cluster_method = FLOW_CLUSTER_LEIDEN, o.samples = 0;
    assert_flow_fails(FLOW_EINVAL, flow_report_string(&text, sel, &o));
    o.significance = 0; /* samples matter only with significance */
    assert_flow_ok(flow_report_string(&text, sel, &o));
    flow_free(text);
    text = NULL;
    o.significance = 1, o.samples = 99, o.version = 2;
    assert_flow_fails(FLOW_EINVAL, flow_report_string(&text, sel, &o));
    o.version = FLOW_REPORT_OPTIONS_VERSION;
    const char *from[] = {"a"}, *to[] = {"zz"};
    o.from = from, o.from_count = 1;
    assert_flow_fails(FLOW_EINVAL, flow_report_string(&text, sel, &o)); /* from without to */
    o.to = to, o.to_count = 1;
    assert_flow_fails(FLOW_ENOTFOUND, flow_report_string(&text, sel, &o));
    o.from_count = o.to_count = 0, o.label_attr = "name_zh";
    assert_flow_fails(FLOW_ENOTFOUND, flow_report_string(&text, sel, &o));
    assert_null(text);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_report__empty_network(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char *html = report_of(net, NULL);
    assert_non_null(strstr(html, "</html>"));
    assert_non_null(strstr(html, "<section id=\"inference\">"));
    flow_free(html);
    flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
    o.what = FLOW_REPORT_SVG;
    char *svg = report_of(net, &o);
    assert_non_null(strstr(svg, "</svg>"));
    flow_free(svg);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__options_init),
        cmocka_unit_test(test_report__sections_and_drawings),
        cmocka_unit_test(test_report__escapes_every_text_from_the_data),
        cmocka_unit_test(test_report__geographic_maps_have_the_basemap),
        cmocka_unit_test(test_report__projection_keeps_east_and_north),
        cmocka_unit_test(test_report__layout_is_seeded),
        cmocka_unit_test(test_report__dense_maps_are_thinned),
        cmocka_unit_test(test_report__bottleneck_sets_and_labels),
        cmocka_unit_test(test_report__modelled_data_carry_the_caution),
        cmocka_unit_test(test_report__inference_names_its_baselines),
        cmocka_unit_test(test_report__bad_arguments),
        cmocka_unit_test(test_report__empty_network),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}

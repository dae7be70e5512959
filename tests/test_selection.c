/*
 * Selections (libflow/selection.h): filters, combination, direction,
 * roll-up, and the built graph.
 *
 * Most cases use `tiny`, a network small enough to aggregate by hand:
 *
 *   nodes (in order)  A region, B region, C country, D institution (no flow)
 *   factors           talent (persons), capital (100M yuan)
 *   flows (in order)  f0 B->C capital 30   2021
 *                     f1 A->B talent   3   2019
 *                     f2 A->B talent   2   2020
 *                     f3 A->B capital  10  2020
 *                     f4 B->A talent   1   2019
 *                     f5 C->A talent   4   (no year)
 *                     f6 A->A talent   5   2020   (self-loop)
 *
 * and `geo`, a parent forest for the roll-up cases (see geo_network()).
 * Expected values are worked out by hand in the comments beside them;
 * test_selection__edge_weights_match_python_aggregation checks the
 * aggregation against an independent Python implementation.
 */
#include "testutil.h"
#include "pyoracle.h"

#include <dlfcn.h>

/* ---- fixtures --------------------------------------------------------------- */


/*
 * A parent forest (index: id kind -> parent):
 *   0 CN country            7 P2 province -> CN
 *   1 P1 province -> CN     8 C3 city -> P2
 *   2 C1 city -> P1         9 U4 institution -> C3
 *   3 U1 institution -> C1 10 X  institution (no parent)
 *   4 U2 institution -> C1 11 C4 city (no parent)
 *   5 C2 city -> P1        12 U5 institution -> C4
 *   6 U3 institution -> C2
 * Flows, all talent 2020:
 *   U1->U2 2, U1->U3 3, U3->U4 5, U4->U1 7, C3->P1 1, X->U1 4, U5->U4 6,
 *   U4->C3 9.
 */
static flow_network *geo_network(void)
{
    static const char *const nodes[][3] = {
        {"CN", "country", NULL},      {"P1", "province", "CN"},     {"C1", "city", "P1"},
        {"U1", "institution", "C1"},  {"U2", "institution", "C1"},  {"C2", "city", "P1"},
        {"U3", "institution", "C2"},  {"P2", "province", "CN"},     {"C3", "city", "P2"},
        {"U4", "institution", "C3"},  {"X", "institution", NULL},   {"C4", "city", NULL},
        {"U5", "institution", "C4"},
    };
    static const struct {
        const char *s, *t;
        double w;
    } flows[] = {{"U1", "U2", 2}, {"U1", "U3", 3}, {"U3", "U4", 5}, {"U4", "U1", 7},
                 {"C3", "P1", 1}, {"X", "U1", 4},  {"U5", "U4", 6}, {"U4", "C3", 9}};
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        assert_flow_ok(flow_network_add_node(net, nodes[i][0], NULL, nodes[i][1], nodes[i][2]));
    for (size_t i = 0; i < sizeof flows / sizeof flows[0]; i++)
        assert_flow_ok(flow_network_add_flow(net, flows[i].s, flows[i].t, "talent", flows[i].w, 2020));
    return net;
}

static flow_selection *new_selection(flow_network *net)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_non_null(sel);
    return sel;
}

static int64_t vertex_of(flow_selection *sel, const char *id)
{
    int64_t i = flow_network_node_index(flow_selection_network(sel), id);
    assert_true(i >= 0);
    return graph_vertex(sel, (size_t)i);
}

/*
 * Weight of the edge from a's vertex to b's (either way round when
 * undirected); NAN when there is none. Fails when the pair has two edges.
 */
static double edge_weight(flow_selection *sel, const char *a, const char *b)
{
    int64_t va = vertex_of(sel, a), vb = vertex_of(sel, b);
    int directed = flow_selection_is_directed(sel);
    graph_view g = graph_view_of(sel);
    double w = NAN;
    int hits = 0;
    for (size_t e = 0; e < g.ne; e++) {
        int64_t s = g.source[e], t = g.target[e];
        if ((s == va && t == vb) || (!directed && s == vb && t == va)) {
            w = g.weight[e];
            hits++;
        }
    }
    graph_view_free(&g);
    assert_true(hits <= 1);
    return w;
}

/* The graph is simple, loop-free, undirected edges run from the lower
 * vertex, and every weight is finite and > 0. */
static void assert_simple_graph(flow_selection *sel)
{
    graph_view g = graph_view_of(sel);
    size_t m = g.ne, n = g.nv;
    int directed = flow_selection_is_directed(sel);
    for (size_t e = 0; e < m; e++) {
        int64_t s = g.source[e], t = g.target[e];
        assert_true(s >= 0 && (size_t)s < n);
        assert_true(t >= 0 && (size_t)t < n);
        assert_true(s != t);
        if (!directed) assert_true(s < t);
        double w = g.weight[e];
        assert_true(isfinite(w) && w > 0);
        for (size_t f = e + 1; f < m; f++) {
            int64_t s2 = g.source[f], t2 = g.target[f];
            assert_false(s == s2 && t == t2);
        }
    }
    graph_view_free(&g);
}

static double internal_of(flow_selection *sel, const char *id)
{
    return graph_internal(sel, (size_t)vertex_of(sel, id));
}

/* ---- defaults ----------------------------------------------------------------- */

static void test_selection__defaults_select_everything(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_ptr_equal(flow_selection_network(sel), net);
    assert_int_equal(flow_selection_is_directed(sel), 1);
    assert_flow_ok(flow_selection_build(sel));

    /* every node is a vertex, in network order */
    assert_int_equal(graph_vertex_count(sel), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(graph_node(sel, i), (int64_t)i);
        assert_int_equal(graph_vertex(sel, i), (int64_t)i);
    }
    /* every factor, every year (yearless f5 included), raw sums:
     * A->B = 3 + 2 + 10 = 15, B->A = 1, B->C = 30, C->A = 4 */
    assert_int_equal(graph_edge_count(sel), 4);
    assert_close(edge_weight(sel, "A", "B"), 15, 1e-15);
    assert_close(edge_weight(sel, "B", "A"), 1, 1e-15);
    assert_close(edge_weight(sel, "B", "C"), 30, 1e-15);
    assert_close(edge_weight(sel, "C", "A"), 4, 1e-15);
    assert_true(isnan(edge_weight(sel, "A", "C")));
    /* the self-loop f6 is A's internal flow */
    assert_close(internal_of(sel, "A"), 5, 1e-15);
    assert_close(internal_of(sel, "B"), 0, 1e-15);
    assert_close(internal_of(sel, "D"), 0, 1e-15);
    assert_simple_graph(sel);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__build_is_lazy_and_explicit(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    /* accessors build on demand ... */
    flow_selection *sel = new_selection(net);
    assert_int_equal(graph_edge_count(sel), 4);
    flow_selection_free(sel);
    /* ... and an explicit build is idempotent */
    sel = new_selection(net);
    assert_flow_ok(flow_selection_build(sel));
    assert_flow_ok(flow_selection_build(sel));
    assert_int_equal(graph_edge_count(sel), 4);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- factors ------------------------------------------------------------------ */

static void test_selection__set_factors_keeps_a_subset(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    /* talent only: A->B = 3 + 2, B->A = 1, C->A = 4; B->C (capital) gone */
    assert_int_equal(graph_edge_count(sel), 3);
    assert_close(edge_weight(sel, "A", "B"), 5, 1e-15);
    assert_close(edge_weight(sel, "B", "A"), 1, 1e-15);
    assert_close(edge_weight(sel, "C", "A"), 4, 1e-15);
    assert_true(isnan(edge_weight(sel, "B", "C")));
    assert_close(internal_of(sel, "A"), 5, 1e-15);
    assert_int_equal(graph_vertex_count(sel), 4);

    const char *capital[] = {"capital", "capital"}; /* a repeated name counts once */
    assert_flow_ok(flow_selection_set_factors(sel, capital, 2));
    /* capital: A->B 10, B->C 30; no internal flow */
    assert_int_equal(graph_edge_count(sel), 2);
    assert_close(edge_weight(sel, "A", "B"), 10, 1e-15);
    assert_close(edge_weight(sel, "B", "C"), 30, 1e-15);
    assert_close(internal_of(sel, "A"), 0, 1e-15);

    const char *both[] = {"capital", "talent"};
    assert_flow_ok(flow_selection_set_factors(sel, both, 2));
    assert_int_equal(graph_edge_count(sel), 4);
    assert_close(edge_weight(sel, "A", "B"), 15, 1e-15);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__set_factors_empty_list_means_all(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_int_equal(graph_edge_count(sel), 3);
    assert_flow_ok(flow_selection_set_factors(sel, NULL, 0));
    assert_int_equal(graph_edge_count(sel), 4);
    assert_close(edge_weight(sel, "A", "B"), 15, 1e-15);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__set_factors_unknown_suggests_and_keeps_selection(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_int_equal(graph_edge_count(sel), 3);

    const char *typo[] = {"capital", "talnet"};
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_factors(sel, typo, 2));
    assert_error_contains("talnet");
    assert_error_contains("did you mean 'talent'");
    /* unchanged: still talent only, same edges as before */
    assert_int_equal(graph_edge_count(sel), 3);
    assert_close(edge_weight(sel, "A", "B"), 5, 1e-15);
    assert_true(isnan(edge_weight(sel, "B", "C")));

    /* nothing close: no suggestion, still ENOTFOUND */
    const char *far[] = {"zzzzzzzzzz"};
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_factors(sel, far, 1));
    assert_null(strstr(flow_last_error(), "did you mean"));
    assert_int_equal(graph_edge_count(sel), 3);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__set_factors_rejects_null_names(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_factors(sel, NULL, 2));
    const char *with_null[] = {"capital", NULL};
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_factors(sel, with_null, 2));
    assert_int_equal(graph_edge_count(sel), 3); /* unchanged */
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- combination -------------------------------------------------------------- */

static void test_selection__combine_share_normalises_each_factor(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    /* totals over every kept flow, self-loop included:
     *   talent  = 3 + 2 + 1 + 4 + 5 = 15, capital = 30 + 10 = 40
     * A->B = (3 + 2)/15 + 10/40 = 1/3 + 1/4 = 7/12
     * B->A = 1/15, B->C = 30/40 = 3/4, C->A = 4/15, internal A = 5/15 */
    assert_int_equal(graph_edge_count(sel), 4);
    assert_close(edge_weight(sel, "A", "B"), 7.0 / 12, 1e-15);
    assert_close(edge_weight(sel, "B", "A"), 1.0 / 15, 1e-15);
    assert_close(edge_weight(sel, "B", "C"), 3.0 / 4, 1e-15);
    assert_close(edge_weight(sel, "C", "A"), 4.0 / 15, 1e-15);
    assert_close(internal_of(sel, "A"), 1.0 / 3, 1e-15);
    /* each factor weighs 1 in total: edges + internal = 2 factors */
    double total = internal_of(sel, "A");
    for (size_t e = 0; e < graph_edge_count(sel); e++)
        total += graph_weight(sel, e);
    assert_close(total, 2, 1e-14);

    /* back to raw sums */
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SUM));
    assert_close(edge_weight(sel, "A", "B"), 15, 1e-15);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__combine_share_totals_within_the_year_filter(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2020));
    /* kept: f1 talent 3, f2 talent 2, f3 capital 10, f4 talent 1, f6 talent 5
     *   talent total = 3 + 2 + 1 + 5 = 11, capital total = 10
     * A->B = 5/11 + 10/10 = 16/11, B->A = 1/11, internal A = 5/11 */
    assert_int_equal(graph_edge_count(sel), 2);
    assert_close(edge_weight(sel, "A", "B"), 16.0 / 11, 1e-15);
    assert_close(edge_weight(sel, "B", "A"), 1.0 / 11, 1e-15);
    assert_close(internal_of(sel, "A"), 5.0 / 11, 1e-15);

    /* with a factor subset: talent only, totals 11 -> A->B = 5/11 */
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_int_equal(graph_edge_count(sel), 2);
    assert_close(edge_weight(sel, "A", "B"), 5.0 / 11, 1e-15);
    assert_close(edge_weight(sel, "B", "A"), 1.0 / 11, 1e-15);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__set_combine_rejects_unknown_modes(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_combine(sel, 2));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_combine(sel, -1));
    assert_close(edge_weight(sel, "A", "B"), 15, 1e-15); /* still SUM */
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- years -------------------------------------------------------------------- */

static void test_selection__years_single(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2019));
    /* 2019: f1 A->B 3, f4 B->A 1 */
    assert_int_equal(graph_edge_count(sel), 2);
    assert_close(edge_weight(sel, "A", "B"), 3, 1e-15);
    assert_close(edge_weight(sel, "B", "A"), 1, 1e-15);
    assert_close(internal_of(sel, "A"), 0, 1e-15);
    assert_int_equal(graph_vertex_count(sel), 4); /* filters keep every node */
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__years_range(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 2020, 2021));
    /* f0 B->C 30 (2021), f2 + f3 A->B 2 + 10 (2020), f6 A->A 5 (2020) */
    assert_int_equal(graph_edge_count(sel), 2);
    assert_close(edge_weight(sel, "A", "B"), 12, 1e-15);
    assert_close(edge_weight(sel, "B", "C"), 30, 1e-15);
    assert_close(internal_of(sel, "A"), 5, 1e-15);
    /* the yearless C->A is out once a range is set */
    assert_true(isnan(edge_weight(sel, "C", "A")));
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__years_open_ends(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    /* 2020 onwards: same as 2020-2021 above, no yearless flow */
    assert_flow_ok(flow_selection_set_years(sel, 2020, FLOW_NO_YEAR));
    assert_int_equal(graph_edge_count(sel), 2);
    assert_close(edge_weight(sel, "A", "B"), 12, 1e-15);
    assert_close(edge_weight(sel, "B", "C"), 30, 1e-15);
    assert_true(isnan(edge_weight(sel, "C", "A")));
    /* up to 2019: f1, f4 */
    assert_flow_ok(flow_selection_set_years(sel, FLOW_NO_YEAR, 2019));
    assert_int_equal(graph_edge_count(sel), 2);
    assert_close(edge_weight(sel, "A", "B"), 3, 1e-15);
    assert_close(edge_weight(sel, "B", "A"), 1, 1e-15);
    assert_true(isnan(edge_weight(sel, "C", "A")));
    /* both open: no range, everything back (yearless included) */
    assert_flow_ok(flow_selection_set_years(sel, FLOW_NO_YEAR, FLOW_NO_YEAR));
    assert_int_equal(graph_edge_count(sel), 4);
    assert_close(edge_weight(sel, "C", "A"), 4, 1e-15);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__years_bad_ranges_fail_and_keep_selection(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2019));
    assert_int_equal(graph_edge_count(sel), 2);
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_years(sel, 2021, 2019));
    assert_error_contains("2021");
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_years(sel, 2019, 10000));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_years(sel, -10000, 2019));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_years(sel, 10000, FLOW_NO_YEAR));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_years(sel, INT32_MAX, INT32_MAX));
    /* unchanged: still 2019 only */
    assert_int_equal(graph_edge_count(sel), 2);
    assert_close(edge_weight(sel, "A", "B"), 3, 1e-15);
    /* the limits themselves are fine */
    assert_flow_ok(flow_selection_set_years(sel, -9999, 9999));
    assert_int_equal(graph_edge_count(sel), 3); /* every dated flow */
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- direction ---------------------------------------------------------------- */

static void test_selection__undirected_sums_both_directions(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_int_equal(flow_selection_is_directed(sel), 0);
    /* A-B = 15 + 1, B-C = 30, A-C = 4 (from C->A); internal A = 5 */
    assert_int_equal(graph_edge_count(sel), 3);
    assert_close(edge_weight(sel, "A", "B"), 16, 1e-15);
    assert_close(edge_weight(sel, "B", "A"), 16, 1e-15);
    assert_close(edge_weight(sel, "B", "C"), 30, 1e-15);
    assert_close(edge_weight(sel, "A", "C"), 4, 1e-15);
    assert_close(internal_of(sel, "A"), 5, 1e-15);
    assert_simple_graph(sel);
    /* back to directed */
    assert_flow_ok(flow_selection_set_directed(sel, 7)); /* any non-zero: directed */
    assert_int_equal(flow_selection_is_directed(sel), 1);
    assert_int_equal(graph_edge_count(sel), 4);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: igraph stores an undirected edge with the larger vertex as
 * "from", so the edge's source was the larger end although selection.h
 * promises source_vertex < target_vertex. */
static void test_selection__undirected_edge_source_is_lower_vertex(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    /* vertices A=0, B=1, C=2: the edges are exactly (0,1), (1,2), (0,2) */
    int seen[3] = {0, 0, 0};
    for (size_t e = 0; e < graph_edge_count(sel); e++) {
        int64_t s = graph_source(sel, e), t = graph_target(sel, e);
        assert_true(s < t);
        if (s == 0 && t == 1) seen[0]++;
        if (s == 1 && t == 2) seen[1]++;
        if (s == 0 && t == 2) seen[2]++;
    }
    assert_int_equal(seen[0], 1);
    assert_int_equal(seen[1], 1);
    assert_int_equal(seen[2], 1);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- level -------------------------------------------------------------------- */

static void test_selection__level_rolls_up_to_provinces(void **state)
{
    (void)state;
    flow_network *net = geo_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    /* nearest province ancestor (itself included); a node without one
     * stays itself:
     *   CN -> CN (country, no province above), P1 C1 U1 U2 C2 U3 -> P1,
     *   P2 C3 U4 -> P2, X -> X, C4 -> C4, U5 -> U5 (C4 is a city with no
     *   province: neither it nor U5 is rolled up)
     * vertices in network order: CN 0, P1 1, P2 2, X 3, C4 4, U5 5 */
    assert_int_equal(graph_vertex_count(sel), 6);
    static const int64_t node_of[] = {0, 1, 7, 10, 11, 12};
    for (size_t v = 0; v < 6; v++) assert_int_equal(graph_node(sel, v), node_of[v]);
    static const int64_t vertex_of_node[] = {0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5};
    for (size_t i = 0; i < 13; i++)
        assert_int_equal(graph_vertex(sel, i), vertex_of_node[i]);
    /* flows: U1->U2 2, U1->U3 3 intra P1; U3->U4 5 P1->P2; U4->U1 7 and
     * C3->P1 1 P2->P1 = 8; X->U1 4 X->P1; U5->U4 6 U5->P2; U4->C3 9 intra P2 */
    assert_int_equal(graph_edge_count(sel), 4);
    assert_close(edge_weight(sel, "P1", "P2"), 5, 1e-15);
    assert_close(edge_weight(sel, "P2", "P1"), 8, 1e-15);
    assert_close(edge_weight(sel, "X", "P1"), 4, 1e-15);
    assert_close(edge_weight(sel, "U5", "P2"), 6, 1e-15);
    /* intra-province flows are internal flow */
    assert_close(graph_internal(sel, 1), 5, 1e-15);
    assert_close(graph_internal(sel, 2), 9, 1e-15);
    for (size_t v = 0; v < 6; v++)
        if (v != 1 && v != 2) assert_close(graph_internal(sel, v), 0, 1e-15);
    /* an institution stands for its province: */
    assert_int_equal(vertex_of(sel, "U3"), vertex_of(sel, "P1"));
    assert_simple_graph(sel);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__level_rolls_up_to_cities(void **state)
{
    (void)state;
    flow_network *net = geo_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "city"));
    /* CN, P1 (no city at or above), C1, C2, P2, C3, X, C4 */
    assert_int_equal(graph_vertex_count(sel), 8);
    static const int64_t node_of[] = {0, 1, 2, 5, 7, 8, 10, 11};
    for (size_t v = 0; v < 8; v++) assert_int_equal(graph_node(sel, v), node_of[v]);
    /* U1->U2 intra C1 2; C1->C2 3; C2->C3 5; C3->C1 7; C3->P1 1; X->C1 4;
     * C4->C3 6; U4->C3 intra C3 9 */
    assert_int_equal(graph_edge_count(sel), 6);
    assert_close(edge_weight(sel, "C1", "C2"), 3, 1e-15);
    assert_close(edge_weight(sel, "C2", "C3"), 5, 1e-15);
    assert_close(edge_weight(sel, "C3", "C1"), 7, 1e-15);
    assert_close(edge_weight(sel, "C3", "P1"), 1, 1e-15);
    assert_close(edge_weight(sel, "X", "C1"), 4, 1e-15);
    assert_close(edge_weight(sel, "C4", "C3"), 6, 1e-15);
    assert_close(internal_of(sel, "C1"), 2, 1e-15);
    assert_close(internal_of(sel, "C3"), 9, 1e-15);
    /* combined with undirected: C1-C3 = 7, and the rest one each */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_int_equal(graph_edge_count(sel), 6);
    assert_close(edge_weight(sel, "C1", "C3"), 7, 1e-15);
    assert_simple_graph(sel);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__level_unknown_kind_suggests(void **state)
{
    (void)state;
    flow_network *net = geo_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_level(sel, "provnce"));
    assert_error_contains("provnce");
    assert_error_contains("did you mean 'province'");
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_level(sel, "galaxy"));
    assert_error_contains("; kinds: "); /* the kinds there are */
    assert_error_contains("province");
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_level(sel, "\xff\xfe"));
    /* unchanged: still rolled up to provinces */
    assert_int_equal(graph_vertex_count(sel), 6);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__level_cleared_with_null_or_empty(void **state)
{
    (void)state;
    flow_network *net = geo_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    assert_int_equal(graph_vertex_count(sel), 6);
    assert_flow_ok(flow_selection_set_level(sel, NULL));
    assert_int_equal(graph_vertex_count(sel), 13);
    assert_int_equal(graph_edge_count(sel), 8); /* 8 flows, none a loop */
    assert_flow_ok(flow_selection_set_level(sel, "city"));
    assert_int_equal(graph_vertex_count(sel), 8);
    assert_flow_ok(flow_selection_set_level(sel, ""));
    assert_int_equal(graph_vertex_count(sel), 13);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- graph shape -------------------------------------------------------------- */

static void test_selection__self_loops_are_never_edges(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "A", "A", "talent", 2, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "A", "capital", 3, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_add_flow(net, "B", "B", "talent", 1.5, 2021));
    flow_selection *sel = new_selection(net);
    for (int directed = 1; directed >= 0; directed--) {
        assert_flow_ok(flow_selection_set_directed(sel, directed));
        assert_int_equal(graph_vertex_count(sel), 2);
        assert_int_equal(graph_edge_count(sel), 0);
        assert_close(internal_of(sel, "A"), 5, 1e-15);
        assert_close(internal_of(sel, "B"), 1.5, 1e-15);
    }
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__isolated_nodes_are_vertices(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    /* D has no flow at all; with capital only, A and C have none either */
    const char *capital[] = {"capital"};
    assert_flow_ok(flow_selection_set_factors(sel, capital, 1));
    assert_int_equal(graph_vertex_count(sel), 4);
    assert_int_equal(vertex_of(sel, "D"), 3);
    assert_close(internal_of(sel, "D"), 0, 1e-15);
    flow_selection_free(sel);

    /* an empty network: no vertex, no edge */
    flow_network *empty = NULL;
    assert_flow_ok(flow_network_new(&empty));
    sel = new_selection(empty);
    assert_flow_ok(flow_selection_build(sel));
    assert_int_equal(graph_vertex_count(sel), 0);
    assert_int_equal(graph_edge_count(sel), 0);
    assert_int_equal(graph_node(sel, 0), -1);
    assert_int_equal(graph_vertex(sel, 0), -1);
    flow_selection_free(sel);
    flow_network_free(empty);
    flow_network_free(net);
}

static void test_selection__rebuilds_after_network_changes(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_int_equal(graph_vertex_count(sel), 4);
    assert_int_equal(graph_edge_count(sel), 4);

    /* a new flow between existing nodes: one more edge */
    assert_flow_ok(flow_network_add_flow(net, "C", "D", "capital", 2, 2021));
    assert_int_equal(graph_edge_count(sel), 5);
    assert_close(edge_weight(sel, "C", "D"), 2, 1e-15);
    /* a repeated row: merged into f1, the edge grows, no new edge */
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 1, 2019));
    assert_int_equal(graph_edge_count(sel), 5);
    assert_close(edge_weight(sel, "A", "B"), 16, 1e-15);
    /* a new node and a new factor */
    assert_flow_ok(flow_network_add_node(net, "E", NULL, "region", "A"));
    assert_flow_ok(flow_network_add_flow(net, "E", "A", "technology", 8, 2022));
    assert_int_equal(graph_vertex_count(sel), 5);
    assert_int_equal(graph_edge_count(sel), 6);
    assert_close(edge_weight(sel, "E", "A"), 8, 1e-15);
    /* a re-parented node changes a roll-up */
    assert_flow_ok(flow_selection_set_level(sel, "country"));
    assert_int_equal(graph_vertex_count(sel), 5); /* nothing under C yet */
    assert_flow_ok(flow_network_set_parent(net, "B", "C"));
    assert_int_equal(graph_vertex_count(sel), 4); /* B now rolls up into C */
    assert_int_equal(vertex_of(sel, "B"), vertex_of(sel, "C"));
    assert_close(internal_of(sel, "C"), 30, 1e-15); /* B->C became internal */
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__network_is_not_modified(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    size_t nflows = flow_network_flow_count(net), nnodes = flow_network_node_count(net);
    flow_table *before = NULL, *after = NULL; /* snapshots of the flows */
    assert_flow_ok(flow_network_table(&before, net, "flows"));
    flow_selection *sel = new_selection(net);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    assert_flow_ok(flow_selection_build(sel));
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2020));
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_flow_ok(flow_selection_set_level(sel, "country"));
    assert_flow_ok(flow_selection_build(sel));
    flow_table *sum = NULL;
    assert_flow_ok(flow_summary_compute(&sum, sel));
    flow_table_free(sum);
    flow_selection_free(sel);

    assert_int_equal(flow_network_flow_count(net), nflows);
    assert_int_equal(flow_network_node_count(net), nnodes);
    assert_int_equal(flow_network_factor_count(net), 2);
    assert_flow_ok(flow_network_table(&after, net, "flows"));
    assert_int_equal(flow_table_row_count(after), nflows);
    for (size_t k = 0; k < nflows; k++) {
        /* source, target, factor, weight (bit-exact), year */
        assert_int_equal(flow_table_ints(after, 0)[k], flow_table_ints(before, 0)[k]);
        assert_int_equal(flow_table_ints(after, 1)[k], flow_table_ints(before, 1)[k]);
        assert_ptr_equal(flow_table_texts(after, 2)[k], flow_table_texts(before, 2)[k]);
        assert_true(flow_table_doubles(after, 3)[k] == flow_table_doubles(before, 3)[k]);
        assert_int_equal(flow_table_ints(after, 4)[k], flow_table_ints(before, 4)[k]);
    }
    flow_table_free(before);
    flow_table_free(after);
    flow_network_free(net);
}

/* ---- lifetimes and misuse ----------------------------------------------------- */

static void test_selection__outlives_the_network_handle(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_selection *unbuilt = new_selection(net);
    assert_flow_ok(flow_selection_build(sel));
    flow_network_free(net); /* the selections keep the network alive */

    assert_int_equal(graph_edge_count(sel), 4);
    assert_close(edge_weight(sel, "A", "B"), 15, 1e-15);
    assert_ptr_equal(flow_selection_network(sel), net);
    /* a selection first built after the handle was freed still works, and
     * changing its settings rebuilds from the live network */
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(unbuilt, talent, 1));
    assert_int_equal(graph_edge_count(unbuilt), 3);
    /* but the closed handle cannot start a new selection */
    flow_selection *late = (flow_selection *)1;
    assert_flow_fails(FLOW_EMISUSE, flow_selection_new(&late, net));
    assert_null(late);

    flow_selection_free(unbuilt);
    flow_selection_free(sel); /* the last reference: the network goes too (ASan) */
}

static void test_selection__null_handles(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = (flow_selection *)1;
    assert_flow_fails(FLOW_EINVAL, flow_selection_new(NULL, net));
    assert_flow_fails(FLOW_EMISUSE, flow_selection_new(&sel, NULL));
    assert_null(sel);

    const char *talent[] = {"talent"};
    assert_flow_fails(FLOW_EMISUSE, flow_selection_set_factors(NULL, talent, 1));
    assert_flow_fails(FLOW_EMISUSE, flow_selection_set_combine(NULL, FLOW_COMBINE_SUM));
    assert_flow_fails(FLOW_EMISUSE, flow_selection_set_years(NULL, 2019, 2020));
    assert_flow_fails(FLOW_EMISUSE, flow_selection_set_directed(NULL, 1));
    assert_flow_fails(FLOW_EMISUSE, flow_selection_set_level(NULL, "region"));
    assert_flow_fails(FLOW_EMISUSE, flow_selection_set_progress(NULL, NULL, NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_selection_build(NULL));
    assert_null(flow_selection_network(NULL));
    assert_int_equal(flow_selection_is_directed(NULL), 0);
    flow_table *t = (flow_table *)&t;
    assert_flow_fails(FLOW_EMISUSE, flow_selection_table(&t, NULL));
    assert_null(t);
    flow_selection_free(NULL); /* no-op */
    flow_network_free(net);
}

static int progress_calls;
static int count_progress(double percent, const char *message, void *payload)
{
    (void)percent;
    (void)message;
    (void)payload;
    progress_calls++;
    return 0;
}

static void test_selection__set_progress_accepted(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    int payload = 42;
    assert_flow_ok(flow_selection_set_progress(sel, count_progress, &payload));
    /* a callback does not change what is built */
    assert_flow_ok(flow_selection_build(sel));
    assert_int_equal(graph_edge_count(sel), 4);
    assert_flow_ok(flow_selection_set_progress(sel, NULL, NULL));
    assert_int_equal(graph_edge_count(sel), 4);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: the igraph gate installed libflow's igraph handlers for good
 * on first use, so an application's own igraph error handler was silently
 * replaced (and then ran libflow's handler outside the gate's lock). STYLE
 * rule 17: the old handlers are restored when a gate is left. igraph is
 * reached through dlsym because the test links only libflow. The case runs
 * first in the suite: the bug showed only when the application's handler
 * was in place before libflow's first igraph call. */
typedef void igraph_error_handler_fn(const char *, const char *, int, int);
typedef igraph_error_handler_fn *set_error_handler_fn(igraph_error_handler_fn *);

static void app_error_handler(const char *reason, const char *file, int line, int err)
{
    (void)reason;
    (void)file;
    (void)line;
    (void)err;
}

static void test_selection__gate_restores_igraph_handlers(void **state)
{
    (void)state;
    set_error_handler_fn *set_handler;
    *(void **)&set_handler = dlsym(RTLD_DEFAULT, "igraph_set_error_handler");
    if (!set_handler) {
        print_message("skipped: igraph_set_error_handler not reachable\n");
        skip();
    }
    igraph_error_handler_fn *original = set_handler(app_error_handler);
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_build(sel)); /* enters and leaves the gate */
    flow_selection_free(sel);                  /* and again */
    igraph_error_handler_fn *after = set_handler(original);
    assert_ptr_equal(after, app_error_handler);
    flow_network_free(net);
}

/* ---- cross-check -------------------------------------------------------------- */

/*
 * The reference is a plain-Python aggregation of the raw generated rows
 * (not of the network's merged flows): keep years 2019-2021 and the factors
 * talent + technology, drop self-loops, sum by (source, target). It prints
 * one "edge SRC TGT WEIGHT" line per pair.
 */
static const char aggregate_py[] =
    "import sys\n"
    "agg = {}\n"
    "for line in open(sys.argv[1]):\n"
    "    s, t, f, w, y = line.rstrip('\\n').split('\\t')\n"
    "    if y == '' or not (2019 <= int(y) <= 2021): continue\n"
    "    if f not in ('talent', 'technology'): continue\n"
    "    if s == t: continue\n"
    "    agg[(s, t)] = agg.get((s, t), 0.0) + float(w)\n"
    "for (s, t), w in sorted(agg.items()):\n"
    "    print('edge %s %s %r' % (s, t, w))\n"
    "# undirected: both directions summed, each pair once\n"
    "und = {}\n"
    "for (s, t), w in agg.items():\n"
    "    k = (min(s, t), max(s, t))\n"
    "    und[k] = und.get(k, 0.0) + w\n"
    "for (s, t), w in sorted(und.items()):\n"
    "    print('pair %s %s %r' % (s, t, w))\n";

static void test_selection__edge_weights_match_python_aggregation(void **state)
{
    (void)state;
    random_row rows[RANDOM_ROWS];
    random_rows(rows, 20240611u);
    char rows_path[512];
    temp_path(rows_path, sizeof rows_path, "selection-rows");
    write_random_rows(rows_path, rows);
    char *out = run_python(aggregate_py, rows_path, NULL, NULL);
    unlink(rows_path);

    flow_network *net = random_network(rows);
    flow_selection *sel = new_selection(net);
    const char *factors[] = {"technology", "talent"};
    assert_flow_ok(flow_selection_set_factors(sel, factors, 2));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2021));
    flow_selection *und = new_selection(net);
    assert_flow_ok(flow_selection_set_factors(und, factors, 2));
    assert_flow_ok(flow_selection_set_years(und, 2019, 2021));
    assert_flow_ok(flow_selection_set_directed(und, 0));
    assert_simple_graph(sel);
    assert_simple_graph(und);

    size_t edges = 0, pairs = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char kind[8], s[16], t[16];
        double w;
        assert_int_equal(sscanf(line, "%7s %15s %15s %lf", kind, s, t, &w), 4);
        if (strcmp(kind, "edge") == 0) {
            edges++;
            assert_close(edge_weight(sel, s, t), w, 1e-12);
        } else {
            pairs++;
            assert_close(edge_weight(und, s, t), w, 1e-12);
        }
    }
    /* the selection has no edge Python does not have */
    assert_true(edges > 50); /* a non-trivial graph */
    assert_int_equal(graph_edge_count(sel), edges);
    assert_int_equal(graph_edge_count(und), pairs);
    free(out);
    flow_selection_free(und);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: a progress callback that calls libflow again deadlocked on
 * the igraph gate's lock. The gate is now recursive per thread. */
typedef struct {
    flow_network *net;
    int calls;
    int nested_ok;
} nested_payload;

static int nested_progress(double percent, const char *message, void *payload)
{
    (void)percent;
    (void)message;
    nested_payload *p = payload;
    if (p->calls++ > 3) return 0;
    flow_selection *other = NULL;
    flow_table *pr = NULL;
    if (flow_selection_new(&other, p->net) == FLOW_OK &&
        flow_centrality_compute(&pr, other, FLOW_PAGERANK, NULL) == FLOW_OK &&
        flow_table_row_count(pr) == flow_network_node_count(p->net))
        p->nested_ok++;
    flow_table_free(pr);
    flow_selection_free(other); /* destroys a built igraph graph, nested */
    return 0;
}

static void test_selection__callback_may_call_libflow(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    const char *ids[] = {"a", "b", "c", "d"};
    for (size_t i = 0; i < 4; i++)
        assert_flow_ok(flow_network_add_node(net, ids[i], NULL, NULL, NULL));
    for (size_t i = 0; i < 4; i++)
        assert_flow_ok(flow_network_add_flow(net, ids[i], ids[(i + 1) % 4], "x", 1.0 + (double)i,
                                             FLOW_NO_YEAR));
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    nested_payload p = {net, 0, 0};
    assert_flow_ok(flow_selection_set_progress(sel, nested_progress, &p));
    flow_table *alone = NULL, *with = NULL;
    flow_selection *plain = NULL;
    assert_flow_ok(flow_selection_new(&plain, net));
    assert_flow_ok(flow_centrality_compute(&alone, plain, FLOW_BETWEENNESS, NULL));
    assert_flow_ok(flow_centrality_compute(&with, sel, FLOW_BETWEENNESS, NULL));
    assert_true(p.calls > 0);
    assert_int_equal(p.nested_ok, p.calls > 4 ? 4 : p.calls);
    /* the outer analysis is unaffected by the nested ones */
    for (size_t v = 0; v < 4; v++)
        assert_true(flow_table_doubles(alone, 1)[v] == flow_table_doubles(with, 1)[v]);
    flow_table_free(alone);
    flow_table_free(with);
    flow_selection_free(plain);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: an edge weight that overflowed (flows of two years summing
 * past DBL_MAX) or a share that underflowed to 0 reached igraph, where
 * clustering returned partitions and label propagation a wrong message. */
static void test_selection__weights_out_of_range_are_refused(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "C", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "f", 1e308, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "f", 1e308, 2021));
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_fails(FLOW_ELIMIT, flow_selection_build(sel));
    assert_error_contains("from 'A' to 'B'");
    assert_error_contains("overflows");
    assert_int_equal(graph_edge_count(sel), 0);
    /* one year at a time is fine */
    assert_flow_ok(flow_selection_set_years(sel, 2020, 2020));
    assert_int_equal(graph_edge_count(sel), 1);
    /* shares: 1e-300 of a factor whose total is ~1e300 underflows to 0 */
    assert_flow_ok(flow_network_add_flow(net, "B", "C", "g", 1e300, 2020));
    assert_flow_ok(flow_network_add_flow(net, "C", "A", "g", 1e-300, 2020));
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    assert_flow_fails(FLOW_ELIMIT, flow_selection_build(sel));
    assert_error_contains("from 'C' to 'A'");
    assert_error_contains("underflow");
    flow_table *p = NULL;
    assert_flow_fails(FLOW_ELIMIT, flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, NULL));
    assert_null(p);
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SUM));
    assert_flow_ok(flow_selection_build(sel));
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- the graph as a table ------------------------------------------------------ */

/* flow_selection_table() is well formed and consistent: the columns and
 * parts with their types, every edge between two vertices of part
 * "vertices" with its source and target the nodes that stand for them,
 * undirected edges from the lower vertex, weights finite and > 0, and the
 * vertex of the node that stands for vertex v is v. Returns the table for
 * further checks. */
static flow_table *graph_table(flow_selection *sel)
{
    flow_table *t = NULL;
    assert_flow_ok(flow_selection_table(&t, sel));
    assert_non_null(t);
    assert_string_equal(flow_table_name(t), "graph");
    assert_ptr_equal(flow_table_network(t), flow_selection_network(sel));
    size_t ne = flow_table_row_count(t);
    size_t nn = flow_network_node_count(flow_selection_network(sel));
    int directed = flow_selection_is_directed(sel);
    assert_int_equal(flow_table_column_count(t), 5);
    assert_int_equal(table_col_typed(t, "source", FLOW_COLUMN_NODE), 0);
    assert_int_equal(table_col_typed(t, "target", FLOW_COLUMN_NODE), 1);
    const int64_t *src = flow_table_ints(t, 0), *tgt = flow_table_ints(t, 1);
    const double *w = flow_table_doubles(t, table_col_typed(t, "weight", FLOW_COLUMN_DOUBLE));
    const int64_t *sv = flow_table_ints(t, table_col_typed(t, "source_vertex", FLOW_COLUMN_INT));
    const int64_t *tv = flow_table_ints(t, table_col_typed(t, "target_vertex", FLOW_COLUMN_INT));
    assert_int_equal(flow_table_part_count(t), 2);
    const flow_table *vt = flow_table_part(t, "vertices");
    assert_non_null(vt);
    assert_ptr_equal(flow_table_part_at(t, 0), vt);
    size_t nv = flow_table_row_count(vt);
    assert_true(nv <= nn);
    assert_int_equal(flow_table_column_count(vt), 2);
    const int64_t *vnode = flow_table_ints(vt, table_col_typed(vt, "node", FLOW_COLUMN_NODE));
    const double *internal = flow_table_doubles(vt, table_col_typed(vt, "internal", FLOW_COLUMN_DOUBLE));
    for (size_t e = 0; e < ne; e++) {
        assert_true(sv[e] >= 0 && (size_t)sv[e] < nv);
        assert_true(tv[e] >= 0 && (size_t)tv[e] < nv);
        assert_true(sv[e] != tv[e]);
        if (!directed) assert_true(sv[e] < tv[e]);
        assert_int_equal(src[e], vnode[sv[e]]);
        assert_int_equal(tgt[e], vnode[tv[e]]);
        assert_true(isfinite(w[e]) && w[e] > 0);
    }
    const flow_table *nt = flow_table_part(t, "nodes");
    assert_non_null(nt);
    assert_int_equal(flow_table_row_count(nt), nn);
    const int64_t *node = flow_table_ints(nt, table_col_typed(nt, "node", FLOW_COLUMN_NODE));
    const int64_t *vertex = flow_table_ints(nt, table_col_typed(nt, "vertex", FLOW_COLUMN_INT));
    for (size_t i = 0; i < nn; i++) {
        assert_int_equal(node[i], (int64_t)i);
        assert_true(vertex[i] >= 0 && (size_t)vertex[i] < nv);
    }
    for (size_t v = 0; v < nv; v++) {
        assert_true(vnode[v] >= 0 && (size_t)vnode[v] < nn);
        assert_int_equal(vertex[vnode[v]], (int64_t)v);
        assert_true(isfinite(internal[v]) && internal[v] >= 0);
    }
    return t;
}

static void test_selection__table_contents(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *t = graph_table(sel); /* builds the graph itself */
    /* A->B = 15, B->A = 1, B->C = 30, C->A = 4; internal A = 5 */
    assert_int_equal(flow_table_row_count(t), 4);
    double sum = 0;
    for (size_t e = 0; e < 4; e++) sum += flow_table_doubles(t, 2)[e];
    assert_close(sum, 50, 1e-15);
    assert_close(flow_table_doubles(flow_table_part(t, "vertices"), 1)[0], 5, 1e-15);
    assert_string_equal(flow_table_meta(t, "analysis"), "graph");
    assert_string_equal(flow_table_meta(t, "directed"), "yes");
    assert_string_equal(flow_table_meta(t, "years"), "all");
    flow_table_free(t);

    assert_flow_ok(flow_selection_set_directed(sel, 0));
    t = graph_table(sel);
    assert_int_equal(flow_table_row_count(t), 3);
    assert_string_equal(flow_table_meta(t, "directed"), "no");
    flow_table_free(t);

    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2020));
    t = graph_table(sel);
    assert_string_equal(flow_table_meta(t, "factors"), "talent");
    assert_string_equal(flow_table_meta(t, "unit"), "persons");
    assert_string_equal(flow_table_meta(t, "years"), "2019-2020");
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);

    /* a roll-up: 6 vertices stand for 13 nodes */
    net = geo_network();
    sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    t = graph_table(sel);
    assert_int_equal(flow_table_row_count(flow_table_part(t, "vertices")), 6);
    assert_int_equal(flow_table_row_count(flow_table_part(t, "nodes")), 13);
    /* U3 (node 6) stands under P1 (vertex 1); a node cell reads as the id */
    assert_int_equal(flow_table_ints(flow_table_part(t, "nodes"), 1)[6], 1);
    assert_string_equal(flow_table_text(flow_table_part(t, "vertices"), 0, 1), "P1");
    assert_string_equal(flow_table_meta(t, "level"), "province");
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Edges are numbered in the order of their first flows (the build sorts
 * the flows by source vertex to merge them: the numbering must not follow
 * that order). tiny: f0 B->C, f1 A->B, f4 B->A, f5 C->A; A->A is internal. */
static void test_selection__edges_in_order_of_first_flow(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *t = graph_table(sel);
    static const int64_t src[] = {1, 0, 1, 2}, tgt[] = {2, 1, 0, 0};
    static const double w[] = {30, 15, 1, 4};
    assert_int_equal(flow_table_row_count(t), 4);
    for (size_t e = 0; e < 4; e++) {
        assert_int_equal(flow_table_ints(t, 3)[e], src[e]);
        assert_int_equal(flow_table_ints(t, 4)[e], tgt[e]);
        assert_close(flow_table_doubles(t, 2)[e], w[e], 1e-15);
    }
    flow_table_free(t);
    /* undirected: {B, C} first (f0), then {A, B} (f1 and f4), then {A, C} */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    t = graph_table(sel);
    static const int64_t usrc[] = {1, 0, 0}, utgt[] = {2, 1, 2};
    static const double uw[] = {30, 16, 4};
    assert_int_equal(flow_table_row_count(t), 3);
    for (size_t e = 0; e < 3; e++) {
        assert_int_equal(flow_table_ints(t, 3)[e], usrc[e]);
        assert_int_equal(flow_table_ints(t, 4)[e], utgt[e]);
        assert_close(flow_table_doubles(t, 2)[e], uw[e], 1e-15);
    }
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__table_of_empty_selection(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net);
    flow_table *t = graph_table(sel);
    assert_int_equal(flow_table_row_count(t), 0);
    assert_int_equal(flow_table_row_count(flow_table_part(t, "vertices")), 0);
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_selection__table_is_a_snapshot(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *t = NULL;
    assert_flow_ok(flow_selection_table(&t, sel));
    /* the network's interned id, valid as long as the table holds it */
    const char *first = flow_network_node_id(
        net, (size_t)graph_node(sel, (size_t)graph_source(sel, 0)));
    /* the table outlives the selection and the network handle, and keeps
     * the graph it was made from */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_int_equal(graph_edge_count(sel), 3);
    flow_selection_free(sel);
    flow_network_free(net);
    assert_int_equal(flow_table_row_count(t), 4);
    assert_string_equal(flow_table_text(t, 0, 0), first);
    assert_string_equal(flow_table_text(flow_table_part(t, "nodes"), 0, 3), "D");
    flow_table_free(t); /* the last reference: the network goes too (ASan) */
}

static void test_selection__table_errors(void **state)
{
    (void)state;
    flow_table *t = (flow_table *)&t;
    assert_flow_fails(FLOW_EMISUSE, flow_selection_table(&t, NULL));
    assert_null(t);
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_fails(FLOW_EINVAL, flow_selection_table(NULL, sel));
    flow_selection_free(sel);
    flow_network_free(net);

    /* a graph that cannot be built: the build's status, no table */
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "f", 1e308, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "f", 1e308, 2021));
    sel = new_selection(net);
    t = (flow_table *)&t;
    assert_flow_fails(FLOW_ELIMIT, flow_selection_table(&t, sel));
    assert_null(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* first: it must run before anything else enters the igraph gate */
        cmocka_unit_test(test_selection__gate_restores_igraph_handlers),
        cmocka_unit_test(test_selection__defaults_select_everything),
        cmocka_unit_test(test_selection__build_is_lazy_and_explicit),
        cmocka_unit_test(test_selection__set_factors_keeps_a_subset),
        cmocka_unit_test(test_selection__set_factors_empty_list_means_all),
        cmocka_unit_test(test_selection__set_factors_unknown_suggests_and_keeps_selection),
        cmocka_unit_test(test_selection__set_factors_rejects_null_names),
        cmocka_unit_test(test_selection__combine_share_normalises_each_factor),
        cmocka_unit_test(test_selection__combine_share_totals_within_the_year_filter),
        cmocka_unit_test(test_selection__set_combine_rejects_unknown_modes),
        cmocka_unit_test(test_selection__years_single),
        cmocka_unit_test(test_selection__years_range),
        cmocka_unit_test(test_selection__years_open_ends),
        cmocka_unit_test(test_selection__years_bad_ranges_fail_and_keep_selection),
        cmocka_unit_test(test_selection__undirected_sums_both_directions),
        cmocka_unit_test(test_selection__undirected_edge_source_is_lower_vertex),
        cmocka_unit_test(test_selection__level_rolls_up_to_provinces),
        cmocka_unit_test(test_selection__level_rolls_up_to_cities),
        cmocka_unit_test(test_selection__level_unknown_kind_suggests),
        cmocka_unit_test(test_selection__level_cleared_with_null_or_empty),
        cmocka_unit_test(test_selection__self_loops_are_never_edges),
        cmocka_unit_test(test_selection__isolated_nodes_are_vertices),
        cmocka_unit_test(test_selection__rebuilds_after_network_changes),
        cmocka_unit_test(test_selection__network_is_not_modified),
        cmocka_unit_test(test_selection__outlives_the_network_handle),
        cmocka_unit_test(test_selection__null_handles),
        cmocka_unit_test(test_selection__set_progress_accepted),
        cmocka_unit_test(test_selection__edge_weights_match_python_aggregation),
        cmocka_unit_test(test_selection__callback_may_call_libflow),
        cmocka_unit_test(test_selection__weights_out_of_range_are_refused),
        cmocka_unit_test(test_selection__table_contents),
        cmocka_unit_test(test_selection__edges_in_order_of_first_flow),
        cmocka_unit_test(test_selection__table_of_empty_selection),
        cmocka_unit_test(test_selection__table_is_a_snapshot),
        cmocka_unit_test(test_selection__table_errors),
    };
    return cmocka_run_group_tests_name("selection", tests, NULL, NULL);
}

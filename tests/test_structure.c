/*
 * Flow structure (libflow/structure.h): totals per factor and year, net
 * flow and ranking, partner concentration (HHI), reciprocity, the
 * disparity-filter backbone and per-year series.
 *
 * Hand-checked cases use `tiny`:
 *
 *   nodes (in order)  A, B, C, D, E (E has no flow)
 *   factors           talent (persons), capital (100M yuan)
 *   flows             A->B talent  6 2020     B->A talent  3 2020
 *                     A->C talent  2 2020     C->A capital 4 2021
 *                     A->D talent  2 2021     B->C capital 5 (no year)
 *                     C->B talent  1 2021     D->D talent  7 2020 (self-loop)
 *
 * Its default (directed, all factors, all years) graph has the edges
 *   A->B 6, A->C 2, A->D 2, B->A 3, B->C 5, C->A 4, C->B 1   (total 23)
 * so out-strengths A 10, B 8, C 5, D 0, E 0 and in-strengths A 7, B 7,
 * C 7, D 2, E 0. Every expected value is derived in the comment beside it.
 *
 * Cross-checks: tests/fixtures/structure/oracle.py recomputes everything
 * from the raw rows (or a data set's flows.csv) with networkx 2.8 and plain
 * Python formulas, on seeded random multi-factor graphs and on the shared
 * data sets; the data sets' README reference values are checked too.
 */
#include "testutil.h"
#include "pyoracle.h"

#include "libflow/structure.h"

/* ---- fixtures --------------------------------------------------------------- */

static flow_network *tiny_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    const char *ids[] = {"A", "B", "C", "D", "E"};
    for (int i = 0; i < 5; i++)
        assert_flow_ok(flow_network_add_node(net, ids[i], NULL, "region", NULL));
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons"));
    assert_flow_ok(flow_network_add_factor(net, "capital", "100M yuan"));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 6, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "C", "talent", 2, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "D", "talent", 2, 2021));
    assert_flow_ok(flow_network_add_flow(net, "C", "B", "talent", 1, 2021));
    assert_flow_ok(flow_network_add_flow(net, "B", "A", "talent", 3, 2020));
    assert_flow_ok(flow_network_add_flow(net, "C", "A", "capital", 4, 2021));
    assert_flow_ok(flow_network_add_flow(net, "B", "C", "capital", 5, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_add_flow(net, "D", "D", "talent", 7, 2020));
    return net;
}

/*
 * Roll-up fixture: X and Y are cities of province P; Z and W are cities
 * without a parent. Flows, all talent 2020:
 *   X->Z 2, Y->Z 6, X->W 2, Y->X 3, Z->W 1.
 * At level "province" the vertices are P (P, X, Y), Z, W and the edges
 * P->Z 8, P->W 2, Z->W 1; Y->X becomes P's internal flow.
 */
static flow_network *geo_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "P", NULL, "province", NULL));
    assert_flow_ok(flow_network_add_node(net, "X", NULL, "city", "P"));
    assert_flow_ok(flow_network_add_node(net, "Y", NULL, "city", "P"));
    assert_flow_ok(flow_network_add_node(net, "Z", NULL, "city", NULL));
    assert_flow_ok(flow_network_add_node(net, "W", NULL, "city", NULL));
    assert_flow_ok(flow_network_add_flow(net, "X", "Z", "talent", 2, 2020));
    assert_flow_ok(flow_network_add_flow(net, "Y", "Z", "talent", 6, 2020));
    assert_flow_ok(flow_network_add_flow(net, "X", "W", "talent", 2, 2020));
    assert_flow_ok(flow_network_add_flow(net, "Y", "X", "talent", 3, 2020));
    assert_flow_ok(flow_network_add_flow(net, "Z", "W", "talent", 1, 2020));
    return net;
}

static flow_selection *new_selection(flow_network *net)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_non_null(sel);
    return sel;
}

/* ---- reading the result tables ------------------------------------------------
 * Small readers over the tables, with the old accessors' out-of-range
 * answers (-1, FLOW_NO_YEAR, 0, NAN, NULL) so that every check reads as it
 * did. Totals: factor, year, flows, weight, internal. Per-vertex: node,
 * value. Backbone: source, target, factor, weight, p_value. Series: node,
 * year, value, rows grouped by year; part "years". */

static size_t cidx(const flow_table *t, const char *name)
{
    int64_t c = flow_table_column_index(t, name);
    assert_true(c >= 0);
    return (size_t)c;
}

static size_t tot_count(const flow_table *t) { return flow_table_row_count(t); }
static const char *tot_factor_name(const flow_table *t, size_t r)
{
    return flow_table_text(t, cidx(t, "factor"), r);
}
static int64_t tot_factor(const flow_table *t, size_t r)
{
    const char *f = tot_factor_name(t, r);
    return f ? flow_network_factor_index(flow_table_network(t), f) : -1;
}
static int tot_year(const flow_table *t, size_t r)
{
    return r < tot_count(t) ? (int)flow_table_ints(t, cidx(t, "year"))[r] : FLOW_NO_YEAR;
}
static size_t tot_flows(const flow_table *t, size_t r)
{
    return r < tot_count(t) ? (size_t)flow_table_ints(t, cidx(t, "flows"))[r] : 0;
}
static double tot_weight(const flow_table *t, size_t r)
{
    return r < tot_count(t) ? flow_table_doubles(t, cidx(t, "weight"))[r] : NAN;
}
static double tot_internal(const flow_table *t, size_t r)
{
    return r < tot_count(t) ? flow_table_doubles(t, cidx(t, "internal"))[r] : NAN;
}

static size_t sc_count(const flow_table *t) { return flow_table_row_count(t); }
static double sc_value(const flow_table *t, size_t v)
{
    return v < sc_count(t) ? flow_table_doubles(t, 1)[v] : NAN;
}
static const char *sc_id(const flow_table *t, size_t v) { return flow_table_text(t, 0, v); }
static const double *sc_values(const flow_table *t) { return flow_table_doubles(t, 1); }

static size_t ed_count(const flow_table *t) { return flow_table_row_count(t); }
static const char *ed_source_id(const flow_table *t, size_t i)
{
    return flow_table_text(t, cidx(t, "source"), i);
}
static const char *ed_target_id(const flow_table *t, size_t i)
{
    return flow_table_text(t, cidx(t, "target"), i);
}
static int64_t ed_factor(const flow_table *t, size_t i)
{
    const char *f = flow_table_text(t, cidx(t, "factor"), i);
    return f ? flow_network_factor_index(flow_table_network(t), f) : -1;
}
static double ed_weight(const flow_table *t, size_t i)
{
    return i < ed_count(t) ? flow_table_doubles(t, cidx(t, "weight"))[i] : NAN;
}
static double ed_value(const flow_table *t, size_t i)
{
    return i < ed_count(t) ? flow_table_doubles(t, cidx(t, "p_value"))[i] : NAN;
}

static const char *se_measure(const flow_table *t) { return flow_table_meta(t, "measure"); }
static size_t se_year_count(const flow_table *t)
{
    return flow_table_row_count(flow_table_part(t, "years"));
}
static size_t se_node_count(const flow_table *t)
{
    size_t ny = se_year_count(t);
    return ny ? flow_table_row_count(t) / ny : 0;
}
static int se_year(const flow_table *t, size_t y)
{
    const flow_table *years = flow_table_part(t, "years");
    return y < se_year_count(t) ? (int)flow_table_ints(years, 0)[y] : FLOW_NO_YEAR;
}
static const double *se_values(const flow_table *t, size_t y)
{
    return y < se_year_count(t) ? flow_table_doubles(t, 2) + y * se_node_count(t) : NULL;
}
static double se_value(const flow_table *t, size_t y, size_t v)
{
    return y < se_year_count(t) && v < se_node_count(t) ? se_values(t, y)[v] : NAN;
}
static int64_t se_node(const flow_table *t, size_t v)
{
    return v < se_node_count(t) ? flow_table_ints(t, 0)[v] : -1;
}
static const char *se_id(const flow_table *t, size_t v)
{
    return v < se_node_count(t) ? flow_table_text(t, 0, v) : NULL;
}

static size_t vertex_of(flow_selection *sel, const char *id)
{
    int64_t i = flow_network_node_index(flow_selection_network(sel), id);
    assert_true(i >= 0);
    int64_t v = graph_vertex(sel, (size_t)i);
    assert_true(v >= 0);
    return (size_t)v;
}

static double score_of(flow_table *s, flow_selection *sel, const char *id)
{
    return sc_value(s, vertex_of(sel, id));
}

/* Index of the backbone edge src -> tgt of a factor (by name), or -1. */
static long find_edge(const flow_table *e, flow_network *net, const char *factor, const char *src,
                      const char *tgt)
{
    int64_t f = flow_network_factor_index(net, factor);
    long hit = -1;
    for (size_t i = 0; i < ed_count(e); i++) {
        if (ed_factor(e, i) != f) continue;
        if (strcmp(ed_source_id(e, i), src) || strcmp(ed_target_id(e, i), tgt))
            continue;
        assert_int_equal(hit, -1); /* listed once */
        hit = (long)i;
    }
    return hit;
}

static int stop_at_call; /* the progress callback's call number that says stop */
static int progress_calls;

static int stop_progress(double percent, const char *message, void *payload)
{
    (void)message;
    (void)payload;
    assert_true(percent >= 0 && percent <= 100);
    return ++progress_calls >= stop_at_call;
}

/* ---- totals ------------------------------------------------------------------- */

static void test_structure__totals_by_factor_and_year(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *t = NULL;
    assert_flow_ok(flow_structure_totals(&t, sel));
    /* talent (factor 0): 2020 = A->B 6, A->C 2, B->A 3, D->D 7 (internal)
     *                    2021 = A->D 2, C->B 1
     * capital (factor 1): no year = B->C 5; 2021 = C->A 4.
     * Sorted by factor, then year with FLOW_NO_YEAR first. */
    assert_int_equal(tot_count(t), 4);
    static const struct {
        const char *factor;
        int year;
        size_t flows;
        double weight, internal;
    } want[] = {{"talent", 2020, 4, 18, 7},
                {"talent", 2021, 2, 3, 0},
                {"capital", FLOW_NO_YEAR, 1, 5, 0},
                {"capital", 2021, 1, 4, 0}};
    for (size_t r = 0; r < 4; r++) {
        assert_string_equal(tot_factor_name(t, r), want[r].factor);
        assert_int_equal(tot_factor(t, r), flow_network_factor_index(net, want[r].factor));
        assert_int_equal(tot_year(t, r), want[r].year);
        assert_int_equal(tot_flows(t, r), want[r].flows);
        assert_true(tot_weight(t, r) == want[r].weight);
        assert_true(tot_internal(t, r) == want[r].internal);
    }
    /* out of range */
    assert_null(tot_factor_name(t, 4));
    assert_int_equal(tot_factor(t, 4), -1);
    assert_int_equal(tot_year(t, 4), FLOW_NO_YEAR);
    assert_int_equal(tot_flows(t, 4), 0);
    assert_true(isnan(tot_weight(t, 4)));
    assert_true(isnan(tot_internal(t, 4)));
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__totals_follow_filters_and_level(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *t = NULL;
    /* capital only, years 2021-2030: only C->A 4 (2021) is left; the
     * undated B->C falls out with any range. SHARE does not change totals
     * (raw weights). */
    const char *cap[] = {"capital"};
    assert_flow_ok(flow_selection_set_factors(sel, cap, 1));
    assert_flow_ok(flow_selection_set_years(sel, 2021, 2030));
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_int_equal(tot_count(t), 1);
    assert_string_equal(tot_factor_name(t, 0), "capital");
    assert_int_equal(tot_year(t, 0), 2021);
    assert_int_equal(tot_flows(t, 0), 1);
    assert_true(tot_weight(t, 0) == 4);
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);

    /* Roll-up: at level province, Y->X (3) is internal to P; the totals of
     * talent 2020 are 5 flows, 2+6+2+3+1 = 14, internal 3. Without the
     * level nothing but self-loops is internal: 0. */
    net = geo_network();
    sel = new_selection(net);
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_int_equal(tot_count(t), 1);
    assert_int_equal(tot_flows(t, 0), 5);
    assert_true(tot_weight(t, 0) == 14);
    assert_true(tot_internal(t, 0) == 0);
    flow_table_free(t);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_int_equal(tot_flows(t, 0), 5);
    assert_true(tot_weight(t, 0) == 14);
    assert_true(tot_internal(t, 0) == 3);
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__empty_selection(void **state)
{
    (void)state;
    /* Two nodes, no flow: no totals rows, net flow 0, HHI NAN, reciprocity
     * NAN, an empty backbone, a series without years. */
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, NULL, NULL));
    flow_selection *sel = new_selection(net);
    flow_table *t = NULL;
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_int_equal(tot_count(t), 0);
    flow_table_free(t);
    flow_table *s = NULL;
    assert_flow_ok(flow_structure_net_flow(&s, sel));
    assert_int_equal(sc_count(s), 2);
    assert_true(sc_value(s, 0) == 0 && sc_value(s, 1) == 0);
    flow_table_free(s);
    assert_flow_ok(flow_structure_hhi(&s, sel, FLOW_STRUCTURE_TOTAL));
    assert_true(isnan(sc_value(s, 0)) && isnan(sc_value(s, 1)));
    flow_table_free(s);
    double u = 0, w = 0;
    assert_flow_ok(flow_structure_reciprocity(&u, &w, sel));
    assert_true(isnan(u) && isnan(w));
    flow_table *e = NULL;
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.05));
    assert_int_equal(ed_count(e), 0);
    assert_string_equal(flow_table_name(e), "backbone");
    assert_string_equal(flow_table_column_name(e, 4), "p_value");
    flow_table_free(e);
    flow_table *ser = NULL;
    assert_flow_ok(flow_structure_series(&ser, sel, "out_strength", NULL));
    assert_int_equal(se_year_count(ser), 0);
    assert_int_equal(flow_table_row_count(ser), 0); /* 0 years x 2 vertices */
    assert_null(se_values(ser, 0));
    flow_table_free(ser);
    flow_selection_free(sel);
    flow_network_free(net);

    /* A network without nodes at all. */
    assert_flow_ok(flow_network_new(&net));
    sel = new_selection(net);
    assert_flow_ok(flow_structure_net_flow(&s, sel));
    assert_int_equal(sc_count(s), 0);
    flow_table_free(s);
    assert_flow_ok(flow_structure_series(&ser, sel, "hhi_in", NULL));
    assert_int_equal(se_node_count(ser), 0);
    flow_table_free(ser);
    flow_selection_free(sel);
    flow_network_free(net);
}

/*
 * Empty selections, every function of the module: 0 vertices (a network
 * without nodes), and vertices without edges five ways (nodes without
 * flows; only self-loops; every flow outside the year range; a kept
 * factor without flows; a kept factor with only a self-loop), directed
 * and undirected. What structure.h says:
 *  - totals: "An empty selection gives a table with 0 rows"; rows exist
 *    for every (factor, year) with a kept flow, intra-node ones included
 *    and also reported by tot_internal();
 *  - net flow: "isolated vertices get 0"; it is flow_centrality_compute(
 *    FLOW_NET_FLOW), which gives count 0 on 0 vertices (centrality.h,
 *    CONVENTIONS: "An empty selection ... gives an empty table");
 *  - HHI: "A vertex without partners in the chosen direction ... gets
 *    NAN", "Internal flow is not a partner";
 *  - reciprocity: "A selection without edges gives NAN for both";
 *  - backbone: "Factors without edges, and an empty selection, contribute
 *    nothing (an empty list is a success)", measure "p_value";
 *  - series: "a selection with no dated flows gives 0 years (a success)",
 *    columns = the selection's vertices; "A vertex that has no kept flow
 *    in year Y (not even an intra-node one) is absent that year: its value
 *    is NAN";
 *  - the argument checks (unknown HHI mode, alpha outside (0, 1), unknown
 *    series measure) hold whether or not there is anything to compute.
 * The HHI of a selection with 0 vertices is not stated in structure.h;
 * like every per-vertex result it has one value per vertex: count 0.
 */
static void check_edgeless(flow_selection *sel, size_t n)
{
    assert_int_equal(graph_vertex_count(sel), n);
    assert_int_equal(graph_edge_count(sel), 0);

    flow_table *s = NULL;
    assert_flow_ok(flow_structure_net_flow(&s, sel));
    assert_string_equal(flow_table_name(s), "net_flow");
    assert_int_equal(sc_count(s), n);
    for (size_t v = 0; v < n; v++) assert_true(sc_value(s, v) == 0);
    flow_table_free(s);

    static const int modes[] = {FLOW_STRUCTURE_OUT, FLOW_STRUCTURE_IN, FLOW_STRUCTURE_TOTAL};
    static const char *const hhi_names[] = {"hhi_out", "hhi_in", "hhi_total"};
    for (size_t m = 0; m < 3; m++) {
        s = NULL;
        assert_flow_ok(flow_structure_hhi(&s, sel, modes[m]));
        assert_string_equal(flow_table_name(s), hhi_names[m]);
        assert_int_equal(sc_count(s), n);
        for (size_t v = 0; v < n; v++) assert_true(isnan(sc_value(s, v)));
        flow_table_free(s);
    }
    s = (flow_table *)&s;
    assert_flow_fails(FLOW_EINVAL, flow_structure_hhi(&s, sel, 3));
    assert_null(s);

    double u = 0, w = 0;
    assert_flow_ok(flow_structure_reciprocity(&u, &w, sel));
    assert_true(isnan(u) && isnan(w));
    u = 0;
    assert_flow_ok(flow_structure_reciprocity(&u, NULL, sel));
    assert_true(isnan(u));
    assert_flow_fails(FLOW_EINVAL, flow_structure_reciprocity(NULL, NULL, sel));

    flow_table *e = NULL;
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.05));
    assert_int_equal(ed_count(e), 0);
    assert_string_equal(flow_table_name(e), "backbone");
    assert_string_equal(flow_table_column_name(e, 4), "p_value");
    flow_table_free(e);
    e = (flow_table *)&e;
    assert_flow_fails(FLOW_EINVAL, flow_structure_backbone(&e, sel, 1.0));
    assert_null(e);
    e = (flow_table *)&e;
    assert_flow_fails(FLOW_EINVAL, flow_structure_backbone(&e, sel, 0.0));
    assert_null(e);

    flow_table *ser = (flow_table *)&ser;
    assert_flow_fails(FLOW_ENOTFOUND, flow_structure_series(&ser, sel, "pagerankk", NULL));
    assert_null(ser);

    size_t order[1] = {7};
    assert_flow_ok(flow_structure_rank(order, NULL, 0, 1)); /* nothing to rank */
    assert_int_equal(order[0], 7);
}

/* Series of an edgeless selection: `years` rows (given), every value NAN
 * except present[y][v] (then `present_value`, or anything non-NAN when
 * present_value is NAN). */
static void check_series(flow_selection *sel, const char *measure, const int *years,
                         size_t nyears, const int present[][3], double present_value)
{
    size_t n = graph_vertex_count(sel);
    flow_table *ser = NULL;
    assert_flow_ok(flow_structure_series(&ser, sel, measure, NULL));
    assert_string_equal(se_measure(ser), measure);
    assert_int_equal(se_year_count(ser), nyears);
    assert_int_equal(flow_table_row_count(ser), nyears * n);
    for (size_t y = 0; y < nyears; y++) {
        assert_int_equal(se_year(ser, y), years[y]);
        assert_non_null(se_values(ser, y));
        for (size_t v = 0; v < n; v++) {
            double x = se_value(ser, y, v);
            if (!present[y][v]) {
                if (!isnan(x)) {
                    print_error("%s: vertex %zu is absent in %d but has %g\n", measure, v,
                                years[y], x);
                    fail();
                }
            } else if (isnan(present_value) ? isnan(x) : x != present_value) {
                print_error("%s: vertex %zu in %d has %g, expected %g\n", measure, v, years[y],
                            x, present_value);
                fail();
            }
        }
    }
    assert_null(se_values(ser, nyears));
    assert_true(isnan(se_value(ser, nyears, 0)));
    flow_table_free(ser);
}

static void test_structure__empty_selections_every_function(void **state)
{
    (void)state;
    static const int none[1][3] = {{0, 0, 0}};
    for (int directed = 0; directed <= 1; directed++) {
        /* 0 vertices */
        flow_network *net = NULL;
        assert_flow_ok(flow_network_new(&net));
        flow_selection *sel = new_selection(net);
        assert_flow_ok(flow_selection_set_directed(sel, directed));
        check_edgeless(sel, 0);
        flow_table *t = NULL;
        assert_flow_ok(flow_structure_totals(&t, sel));
        assert_int_equal(tot_count(t), 0);
        flow_table_free(t);
        check_series(sel, "out_strength", NULL, 0, none, 0);
        check_series(sel, "hhi_total", NULL, 0, none, 0);
        flow_selection_free(sel);
        flow_network_free(net);

        /* three nodes, no flow at all */
        assert_flow_ok(flow_network_new(&net));
        assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
        assert_flow_ok(flow_network_add_node(net, "B", NULL, NULL, NULL));
        assert_flow_ok(flow_network_add_node(net, "C", NULL, NULL, NULL));
        assert_flow_ok(flow_network_add_factor(net, "capital", "100M yuan"));
        sel = new_selection(net);
        assert_flow_ok(flow_selection_set_directed(sel, directed));
        check_edgeless(sel, 3);
        assert_flow_ok(flow_structure_totals(&t, sel));
        assert_int_equal(tot_count(t), 0);
        flow_table_free(t);
        check_series(sel, "pagerank", NULL, 0, none, 0);
        flow_selection_free(sel);

        /* only self-loops: A talent 3 (2020) and capital 2 (2021), B talent
         * 1.5 (no year); C nothing. Talent is declared by the first flow,
         * after capital. */
        assert_flow_ok(flow_network_add_flow(net, "A", "A", "talent", 3, 2020));
        assert_flow_ok(flow_network_add_flow(net, "A", "A", "capital", 2, 2021));
        assert_flow_ok(flow_network_add_flow(net, "B", "B", "talent", 1.5, FLOW_NO_YEAR));
        sel = new_selection(net);
        assert_flow_ok(flow_selection_set_directed(sel, directed));
        check_edgeless(sel, 3);
        assert_true(graph_internal(sel, 0) == 5);
        assert_true(graph_internal(sel, 1) == 1.5);
        /* totals count the loops, all internal: capital 2021 2; talent
         * (no year) 1.5, talent 2020 3 */
        assert_flow_ok(flow_structure_totals(&t, sel));
        assert_int_equal(tot_count(t), 3);
        static const struct {
            const char *factor;
            int year;
            double weight;
        } rows[] = {{"capital", 2021, 2}, {"talent", FLOW_NO_YEAR, 1.5}, {"talent", 2020, 3}};
        for (size_t r = 0; r < 3; r++) {
            assert_string_equal(tot_factor_name(t, r), rows[r].factor);
            assert_int_equal(tot_year(t, r), rows[r].year);
            assert_int_equal(tot_flows(t, r), 1);
            assert_true(tot_weight(t, r) == rows[r].weight);
            assert_true(tot_internal(t, r) == rows[r].weight);
        }
        flow_table_free(t);
        /* series: the dated years 2020, 2021; A is present in both (its
         * loops), B (undated) and C never */
        static const int loop_years[2] = {2020, 2021};
        static const int a_only[2][3] = {{1, 0, 0}, {1, 0, 0}};
        check_series(sel, "out_strength", loop_years, 2, a_only, 0);
        check_series(sel, "net_flow", loop_years, 2, a_only, 0);
        check_series(sel, "pagerank", loop_years, 2, a_only, 1.0 / 3); /* uniform over 3 */
        static const int nobody[2][3] = {{0, 0, 0}, {0, 0, 0}};
        check_series(sel, "hhi_out", loop_years, 2, nobody, 0); /* no partners */

        /* the loops outside the year range: no kept flow */
        assert_flow_ok(flow_selection_set_years(sel, 2022, FLOW_NO_YEAR));
        check_edgeless(sel, 3);
        assert_true(graph_internal(sel, 0) == 0);
        assert_flow_ok(flow_structure_totals(&t, sel));
        assert_int_equal(tot_count(t), 0);
        flow_table_free(t);
        check_series(sel, "out_strength", NULL, 0, none, 0);

        /* a kept factor without any flow: no rows, no years */
        const char *tech[] = {"technology"}, *cap[] = {"capital"};
        assert_flow_ok(flow_network_add_factor(net, "technology", NULL));
        assert_flow_ok(flow_selection_set_years(sel, FLOW_NO_YEAR, FLOW_NO_YEAR));
        assert_flow_ok(flow_selection_set_factors(sel, tech, 1));
        check_edgeless(sel, 3);
        assert_flow_ok(flow_structure_totals(&t, sel));
        assert_int_equal(tot_count(t), 0);
        flow_table_free(t);
        check_series(sel, "in_strength", NULL, 0, none, 0);

        /* a kept factor whose only flow is a loop: A's capital 2021 */
        assert_flow_ok(flow_selection_set_factors(sel, cap, 1));
        check_edgeless(sel, 3);
        static const int y2021[1] = {2021};
        static const int a_2021[1][3] = {{1, 0, 0}};
        check_series(sel, "strength", y2021, 1, a_2021, 0);
        assert_flow_ok(flow_structure_totals(&t, sel));
        assert_int_equal(tot_count(t), 1);
        assert_string_equal(tot_factor_name(t, 0), "capital");
        assert_true(tot_internal(t, 0) == 2);
        flow_table_free(t);
        flow_selection_free(sel);
        flow_network_free(net);
    }
}

/* ---- net flow and ranking ------------------------------------------------------ */

static void test_structure__net_flow_by_hand(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = NULL;
    assert_flow_ok(flow_structure_net_flow(&s, sel));
    assert_string_equal(flow_table_name(s), "net_flow");
    /* out - in: A 10-7 = 3, B 8-7 = 1, C 5-7 = -2, D 0-2 = -2 (its
     * self-loop 7 is internal and left out), E 0. */
    assert_true(score_of(s, sel, "A") == 3);
    assert_true(score_of(s, sel, "B") == 1);
    assert_true(score_of(s, sel, "C") == -2);
    assert_true(score_of(s, sel, "D") == -2);
    assert_true(score_of(s, sel, "E") == 0);

    /* Ranking: exporters first A 3, B 1, E 0, C -2, D -2 (tie: index
     * order); importers first C, D, E, B, A. */
    size_t order[5];
    assert_flow_ok(flow_structure_rank(order, sc_values(s), 5, 1));
    size_t want_desc[5] = {0, 1, 4, 2, 3};
    for (int i = 0; i < 5; i++) assert_int_equal(order[i], want_desc[i]);
    assert_flow_ok(flow_structure_rank(order, sc_values(s), 5, 0));
    size_t want_asc[5] = {2, 3, 4, 1, 0};
    for (int i = 0; i < 5; i++) assert_int_equal(order[i], want_asc[i]);
    flow_table_free(s);

    /* Talent 2020 only: A->B 6, A->C 2, B->A 3: A 8-3 = 5, B 3-6 = -3,
     * C -2, D 0 (self-loop only), E 0. */
    const char *tal[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, tal, 1));
    assert_flow_ok(flow_selection_set_years(sel, 2020, 2020));
    assert_flow_ok(flow_structure_net_flow(&s, sel));
    assert_true(score_of(s, sel, "A") == 5);
    assert_true(score_of(s, sel, "B") == -3);
    assert_true(score_of(s, sel, "C") == -2);
    assert_true(score_of(s, sel, "D") == 0);
    flow_table_free(s);

    /* Undirected: no direction, so every net flow is 0 (as the centrality
     * module's net_flow). */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_flow_ok(flow_structure_net_flow(&s, sel));
    for (size_t v = 0; v < 5; v++) assert_true(sc_value(s, v) == 0);
    flow_table_free(s);
    s = (flow_table *)&s; /* must be reset to NULL */
    assert_flow_fails(FLOW_EMISUSE, flow_structure_net_flow(&s, NULL));
    assert_null(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__rank_ties_and_nan(void **state)
{
    (void)state;
    /* NAN last both ways; ties in index order both ways. */
    const double v[6] = {2, NAN, 5, 2, -1, NAN};
    size_t order[6];
    assert_flow_ok(flow_structure_rank(order, v, 6, 1));
    size_t desc[6] = {2, 0, 3, 4, 1, 5};
    for (int i = 0; i < 6; i++) assert_int_equal(order[i], desc[i]);
    assert_flow_ok(flow_structure_rank(order, v, 6, 0));
    size_t asc[6] = {4, 0, 3, 2, 1, 5};
    for (int i = 0; i < 6; i++) assert_int_equal(order[i], asc[i]);
    assert_flow_ok(flow_structure_rank(NULL, NULL, 0, 1)); /* nothing to do */
    assert_flow_fails(FLOW_EINVAL, flow_structure_rank(NULL, v, 6, 1));
    assert_flow_fails(FLOW_EINVAL, flow_structure_rank(order, NULL, 6, 1));
}

/* ---- partner concentration ---------------------------------------------------- */

static void test_structure__hhi_by_hand(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = NULL;

    /* out: A sends B 6, C 2, D 2 of 10: .36 + .04 + .04 = .44;
     *      B sends A 3, C 5 of 8: (9 + 25) / 64; C sends A 4, B 1 of 5:
     *      (16 + 1) / 25; D and E send nothing: NAN. */
    assert_flow_ok(flow_structure_hhi(&s, sel, FLOW_STRUCTURE_OUT));
    assert_string_equal(flow_table_name(s), "hhi_out");
    assert_close(score_of(s, sel, "A"), 0.44, 1e-15);
    assert_close(score_of(s, sel, "B"), 34.0 / 64, 1e-15);
    assert_close(score_of(s, sel, "C"), 17.0 / 25, 1e-15);
    assert_true(isnan(score_of(s, sel, "D")));
    assert_true(isnan(score_of(s, sel, "E")));
    flow_table_free(s);

    /* in: A gets B 3, C 4 of 7: 25/49; B gets A 6, C 1: 37/49; C gets A 2,
     *     B 5: 29/49; D gets A 2 only: 1 (its self-loop is no partner);
     *     E: NAN. */
    assert_flow_ok(flow_structure_hhi(&s, sel, FLOW_STRUCTURE_IN));
    assert_string_equal(flow_table_name(s), "hhi_in");
    assert_close(score_of(s, sel, "A"), 25.0 / 49, 1e-15);
    assert_close(score_of(s, sel, "B"), 37.0 / 49, 1e-15);
    assert_close(score_of(s, sel, "C"), 29.0 / 49, 1e-15);
    assert_true(score_of(s, sel, "D") == 1);
    assert_true(isnan(score_of(s, sel, "E")));
    flow_table_free(s);

    /* total: A's partners B 6+3 = 9, C 2+4 = 6, D 2 of 17: 121/289;
     *        B's: A 9, C 5+1 = 6 of 15: 117/225; C's: A 6, B 6: 1/2;
     *        D's: A 2: 1. */
    assert_flow_ok(flow_structure_hhi(&s, sel, FLOW_STRUCTURE_TOTAL));
    assert_string_equal(flow_table_name(s), "hhi_total");
    assert_close(score_of(s, sel, "A"), 121.0 / 289, 1e-15);
    assert_close(score_of(s, sel, "B"), 117.0 / 225, 1e-15);
    assert_close(score_of(s, sel, "C"), 0.5, 1e-15);
    assert_true(score_of(s, sel, "D") == 1);
    assert_true(isnan(score_of(s, sel, "E")));
    flow_table_free(s);

    /* Undirected: the edges are A-B 9, A-C 6, A-D 2, B-C 6, the same
     * partners as "total", for every mode. */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    for (int mode = FLOW_STRUCTURE_OUT; mode <= FLOW_STRUCTURE_TOTAL; mode++) {
        assert_flow_ok(flow_structure_hhi(&s, sel, mode));
        assert_close(score_of(s, sel, "A"), 121.0 / 289, 1e-15);
        assert_close(score_of(s, sel, "B"), 117.0 / 225, 1e-15);
        assert_close(score_of(s, sel, "C"), 0.5, 1e-15);
        assert_true(score_of(s, sel, "D") == 1);
        assert_true(isnan(score_of(s, sel, "E")));
        flow_table_free(s);
    }
    s = (flow_table *)&s;
    assert_flow_fails(FLOW_EINVAL, flow_structure_hhi(&s, sel, 3));
    assert_null(s);
    assert_flow_fails(FLOW_EINVAL, flow_structure_hhi(NULL, sel, FLOW_STRUCTURE_OUT));
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- reciprocity -------------------------------------------------------------------- */

static void test_structure__reciprocity_by_hand(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    double u = 0, w = 0;
    /* 7 edges; mutual pairs A-B, A-C, B-C cover 6 of them: 6/7.
     * Weighted (ordered pairs): 2 min(6,3) + 2 min(2,4) + 2 min(5,1) = 12
     * of 23. */
    assert_flow_ok(flow_structure_reciprocity(&u, &w, sel));
    assert_close(u, 6.0 / 7, 1e-15);
    assert_close(w, 12.0 / 23, 1e-15);
    /* either output alone */
    u = w = 0;
    assert_flow_ok(flow_structure_reciprocity(&u, NULL, sel));
    assert_close(u, 6.0 / 7, 1e-15);
    assert_flow_ok(flow_structure_reciprocity(NULL, &w, sel));
    assert_close(w, 12.0 / 23, 1e-15);
    assert_flow_fails(FLOW_EINVAL, flow_structure_reciprocity(NULL, NULL, sel));

    /* talent 2021 only: A->D 2, C->B 1, nothing mutual: 0 and 0. */
    const char *tal[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, tal, 1));
    assert_flow_ok(flow_selection_set_years(sel, 2021, 2021));
    assert_flow_ok(flow_structure_reciprocity(&u, &w, sel));
    assert_true(u == 0 && w == 0);

    /* undirected: 1 and 1 */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_flow_ok(flow_structure_reciprocity(&u, &w, sel));
    assert_true(u == 1 && w == 1);
    flow_selection_free(sel);

    /* A bad handle leaves NANs. */
    u = w = 0;
    assert_flow_fails(FLOW_EMISUSE, flow_structure_reciprocity(&u, &w, NULL));
    assert_true(isnan(u) && isnan(w));
    flow_network_free(net);
}

/* ---- backbone ----------------------------------------------------------------------- */

static void test_structure__backbone_directed_by_hand(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *e = NULL;
    /*
     * talent (all years): A->B 6, A->C 2, A->D 2, B->A 3, C->B 1 (D->D is a
     * loop). Out: A s 10 k 3; B s 3 k 1; C s 1 k 1. In: B s 7 k 2 (A 6,
     * C 1); C s 2 k 1; D s 2 k 1; A s 3 k 1.
     *   A->B: out (1 - 6/10)^2 = .16, in (1 - 6/7)^1 = 1/7  -> 1/7
     *   A->C: out (1 - 2/10)^2 = .64, in k = 1 -> 1         -> .64
     *   A->D: likewise                                     -> .64
     *   B->A: both ends k = 1                               -> 1
     *   C->B: out k = 1, in (1 - 1/7)^1 = 6/7               -> 6/7
     * capital: C->A 4, B->C 5, every end of degree 1       -> 1, 1
     */
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.15));
    assert_int_equal(ed_count(e), 1);
    assert_string_equal(ed_source_id(e, 0), "A");
    assert_string_equal(ed_target_id(e, 0), "B");
    assert_int_equal(ed_factor(e, 0), flow_network_factor_index(net, "talent"));
    assert_true(ed_weight(e, 0) == 6);
    assert_close(ed_value(e, 0), 1.0 / 7, 1e-15);
    flow_table_free(e);

    /* alpha .9: also A->C, A->D (.64) and C->B (6/7), in factor, source,
     * target order: A->B, A->C, A->D, C->B. B->A and the capital edges
     * (p = 1) never pass. */
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.9));
    assert_int_equal(ed_count(e), 4);
    const char *want[4][2] = {{"A", "B"}, {"A", "C"}, {"A", "D"}, {"C", "B"}};
    const double wp[4] = {1.0 / 7, 0.64, 0.64, 6.0 / 7};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(ed_source_id(e, i), want[i][0]);
        assert_string_equal(ed_target_id(e, i), want[i][1]);
        assert_close(ed_value(e, i), wp[i], 1e-15);
    }
    assert_int_equal(find_edge(e, net, "talent", "B", "A"), -1);
    flow_table_free(e);

    /* FLOW_COMBINE_SHARE divides talent by its total 21 (incl. the loop):
     * weights shrink, p-values stay. */
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.15));
    assert_int_equal(ed_count(e), 1);
    assert_close(ed_weight(e, 0), 6.0 / 21, 1e-15);
    assert_close(ed_value(e, 0), 1.0 / 7, 1e-15);
    flow_table_free(e);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__backbone_undirected_by_hand(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    flow_table *e = NULL;
    /*
     * talent undirected: A-B 6+3 = 9, A-C 2, A-D 2, B-C 1. Strength/degree:
     * A 13/3, B 10/2, C 3/2, D 2/1.
     *   A-B: A (1 - 9/13)^2 = 16/169, B (1 - 9/10) = .1   -> 16/169
     *   A-C: A (11/13)^2 = 121/169, C (1 - 2/3) = 1/3      -> 1/3
     *   A-D: A 121/169, D k = 1 -> 1                        -> 121/169
     *   B-C: B (1 - 1/10) = .9, C (1 - 1/3) = 2/3           -> 2/3
     * capital undirected: A-C 4, B-C 5; C s 9 k 2, A and B k 1.
     *   A-C: C (1 - 4/9) = 5/9; B-C: C (1 - 5/9) = 4/9.
     */
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.99));
    assert_int_equal(ed_count(e), 6);
    static const struct {
        const char *f, *s, *t;
        double w, p;
    } want[] = {{"talent", "A", "B", 9, 16.0 / 169}, {"talent", "A", "C", 2, 1.0 / 3},
                {"talent", "A", "D", 2, 121.0 / 169}, {"talent", "B", "C", 1, 2.0 / 3},
                {"capital", "A", "C", 4, 5.0 / 9},    {"capital", "B", "C", 5, 4.0 / 9}};
    for (size_t i = 0; i < 6; i++) {
        long k = find_edge(e, net, want[i].f, want[i].s, want[i].t);
        assert_int_equal(k, (long)i); /* factor, then source, then target */
        assert_true(ed_weight(e, (size_t)k) == want[i].w);
        assert_close(ed_value(e, (size_t)k), want[i].p, 1e-15);
    }
    flow_table_free(e);
    /* alpha .4: A-B (.0947), A-C (1/3) of talent only. */
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.4));
    assert_int_equal(ed_count(e), 2);
    assert_int_equal(find_edge(e, net, "talent", "A", "B"), 0);
    assert_int_equal(find_edge(e, net, "talent", "A", "C"), 1);
    flow_table_free(e);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__backbone_rolls_up(void **state)
{
    (void)state;
    flow_network *net = geo_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    flow_table *e = NULL;
    /*
     * Level province: P->Z 8, P->W 2, Z->W 1 (Y->X is internal to P).
     * Out: P s 10 k 2, Z s 1 k 1. In: Z s 8 k 1, W s 3 k 2.
     *   P->Z: out (1 - .8) = .2, in 1       -> .2
     *   P->W: out (1 - .2) = .8, in 1 - 2/3 -> 1/3
     *   Z->W: out 1, in 1 - 1/3             -> 2/3
     */
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.25));
    assert_int_equal(ed_count(e), 1);
    assert_string_equal(ed_source_id(e, 0), "P");
    assert_string_equal(ed_target_id(e, 0), "Z");
    assert_true(ed_weight(e, 0) == 8);
    assert_close(ed_value(e, 0), 0.2, 1e-15);
    flow_table_free(e);
    /*
     * Without the level: X->Z 2, Y->Z 6, X->W 2, Y->X 3, Z->W 1.
     * Out: X s 4 k 2, Y s 9 k 2, Z s 1 k 1. In: Z s 8 k 2, W s 3 k 2,
     * X s 3 k 1.
     *   X->Z: min(1 - 2/4, 1 - 2/8) = .5     Y->Z: min(1 - 6/9, 1 - 6/8) = .25
     *   X->W: min(.5, 1 - 2/3) = 1/3         Y->X: min(1 - 3/9, 1) = 2/3
     *   Z->W: min(1, 1 - 1/3) = 2/3
     */
    assert_flow_ok(flow_selection_set_level(sel, NULL));
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.4));
    assert_int_equal(ed_count(e), 2);
    /* vertex order X(1), Y(2): X->W first, then Y->Z */
    assert_int_equal(find_edge(e, net, "talent", "X", "W"), 0);
    assert_int_equal(find_edge(e, net, "talent", "Y", "Z"), 1);
    assert_close(ed_value(e, 0), 1.0 / 3, 1e-15);
    assert_close(ed_value(e, 1), 0.25, 1e-15);
    flow_table_free(e);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__backbone_checks_alpha(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    const double bad[] = {0, 1, -0.5, 1.5, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        flow_table *e = (flow_table *)&e;
        assert_flow_fails(FLOW_EINVAL, flow_structure_backbone(&e, sel, bad[i]));
        assert_null(e);
        assert_error_contains("alpha");
    }
    assert_flow_fails(FLOW_EINVAL, flow_structure_backbone(NULL, sel, 0.05));
    flow_table *e = NULL;
    assert_flow_fails(FLOW_EMISUSE, flow_structure_backbone(&e, NULL, 0.05));
    assert_null(e);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- series --------------------------------------------------------------------------- */

static void test_structure__series_by_hand(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = NULL;
    /*
     * Years 2020 and 2021 (B->C has no year and belongs to none).
     *   2020: A->B 6, A->C 2, B->A 3, D->D 7  present A B C D; E absent
     *   2021: A->D 2, C->A 4, C->B 1          present A B C D; E absent
     * out_strength 2020: A 8, B 3, C 0, D 0 (loop only), E NAN
     *              2021: A 2, B 0, C 5, D 0, E NAN
     */
    assert_flow_ok(flow_structure_series(&s, sel, "out_strength", NULL));
    assert_string_equal(se_measure(s), "out_strength");
    assert_int_equal(se_year_count(s), 2);
    assert_int_equal(se_year(s, 0), 2020);
    assert_int_equal(se_year(s, 1), 2021);
    assert_int_equal(se_node_count(s), 5);
    const double want[2][5] = {{8, 3, 0, 0, NAN}, {2, 0, 5, 0, NAN}};
    for (size_t y = 0; y < 2; y++) {
        const double *row = se_values(s, y);
        assert_non_null(row);
        for (size_t v = 0; v < 5; v++) {
            assert_string_equal(se_id(s, v), flow_network_node_id(net, v));
            assert_int_equal(se_node(s, v), (int64_t)v);
            if (isnan(want[y][v])) {
                assert_true(isnan(se_value(s, y, v)));
            } else {
                assert_true(se_value(s, y, v) == want[y][v]);
                assert_true(row[v] == want[y][v]);
            }
        }
    }
    assert_int_equal(se_year(s, 2), FLOW_NO_YEAR);
    assert_true(isnan(se_value(s, 2, 0)));
    assert_true(isnan(se_value(s, 0, 5)));
    assert_int_equal(se_node(s, 5), -1);
    assert_null(se_id(s, 5));
    flow_table_free(s);

    /* net_flow 2020: A 8-3 = 5, B 3-6 = -3, C -2, D 0;
     *          2021: A 2-4 = -2, B 0-1 = -1, C 5-0 = 5, D 0-2 = -2. */
    assert_flow_ok(flow_structure_series(&s, sel, "net_flow", NULL));
    const double net_want[2][4] = {{5, -3, -2, 0}, {-2, -1, 5, -2}};
    for (size_t y = 0; y < 2; y++)
        for (size_t v = 0; v < 4; v++) assert_true(se_value(s, y, v) == net_want[y][v]);
    assert_true(isnan(se_value(s, 0, 4)));
    flow_table_free(s);

    /* A year range on the selection bounds the years: 2021 only. */
    assert_flow_ok(flow_selection_set_years(sel, 2021, FLOW_NO_YEAR));
    assert_flow_ok(flow_structure_series(&s, sel, "in_strength", NULL));
    assert_int_equal(se_year_count(s), 1);
    assert_int_equal(se_year(s, 0), 2021);
    /* in 2021: A 4 (from C), B 1, C 0, D 2 */
    const double in_want[4] = {4, 1, 0, 2};
    for (size_t v = 0; v < 4; v++) assert_true(se_value(s, 0, v) == in_want[v]);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__series_copies_the_settings(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = NULL;
    /*
     * SHARE normalises each factor within each year. 2021: talent A->D 2,
     * C->B 1 (total 3), capital C->A 4 (total 4): out_strength A 2/3,
     * B 0, C 1/3 + 4/4 = 4/3, D 0.
     */
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    assert_flow_ok(flow_structure_series(&s, sel, "out_strength", NULL));
    assert_int_equal(se_year(s, 1), 2021);
    assert_close(se_value(s, 1, 0), 2.0 / 3, 1e-15);
    assert_true(se_value(s, 1, 1) == 0);
    assert_close(se_value(s, 1, 2), 4.0 / 3, 1e-15);
    flow_table_free(s);

    /* Factors: capital only has one dated year (2021: C->A 4). In 2021
     * A and C are present, B and D are not (their 2021 flows are talent). */
    const char *cap[] = {"capital"};
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SUM));
    assert_flow_ok(flow_selection_set_factors(sel, cap, 1));
    assert_flow_ok(flow_structure_series(&s, sel, "strength", NULL));
    assert_int_equal(se_year_count(s), 1);
    assert_true(se_value(s, 0, 0) == 4);
    assert_true(isnan(se_value(s, 0, 1)));
    assert_true(se_value(s, 0, 2) == 4);
    assert_true(isnan(se_value(s, 0, 3)));
    flow_table_free(s);

    /* Undirected, hhi_total 2020: A-B 9, A-C 2: A (81 + 4) / 121, B 1,
     * C 1, D present (loop) without partners: NAN. */
    assert_flow_ok(flow_selection_set_factors(sel, NULL, 0));
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_flow_ok(flow_structure_series(&s, sel, "hhi_total", NULL));
    assert_close(se_value(s, 0, 0), 85.0 / 121, 1e-15);
    assert_true(se_value(s, 0, 1) == 1);
    assert_true(se_value(s, 0, 2) == 1);
    assert_true(isnan(se_value(s, 0, 3)));
    flow_table_free(s);
    /* ... and net flow is 0 without a direction (absent E still NAN) */
    assert_flow_ok(flow_structure_series(&s, sel, "net_flow", NULL));
    for (size_t v = 0; v < 4; v++) assert_true(se_value(s, 0, v) == 0);
    assert_true(isnan(se_value(s, 0, 4)));
    flow_table_free(s);
    flow_selection_free(sel);

    /* Level: the geo network at province level, 2020: P->Z 8, P->W 2,
     * Z->W 1: out_strength P 10, Z 1, W 0. */
    flow_network_free(net);
    net = geo_network();
    sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    assert_flow_ok(flow_structure_series(&s, sel, "out_strength", NULL));
    assert_int_equal(se_node_count(s), 3);
    assert_string_equal(se_id(s, 0), "P");
    assert_string_equal(se_id(s, 1), "Z");
    assert_string_equal(se_id(s, 2), "W");
    assert_true(se_value(s, 0, 0) == 10);
    assert_true(se_value(s, 0, 1) == 1);
    assert_true(se_value(s, 0, 2) == 0);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__series_rejects_bad_measures(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = (flow_table *)&s;
    assert_flow_fails(FLOW_ENOTFOUND, flow_structure_series(&s, sel, "out_strenght", NULL));
    assert_null(s);
    assert_error_contains("did you mean 'out_strength'");
    assert_flow_fails(FLOW_ENOTFOUND, flow_structure_series(&s, sel, "zzzzzzzzzzzz", NULL));
    assert_flow_fails(FLOW_EINVAL, flow_structure_series(&s, sel, NULL, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_structure_series(NULL, sel, "net_flow", NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_structure_series(&s, NULL, "net_flow", NULL));
    /* options: a bad version, and a bad value the centrality module refuses */
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    o.version = 99;
    assert_flow_fails(FLOW_EINVAL, flow_structure_series(&s, sel, "pagerank", &o));
    assert_null(s);
    assert_flow_ok(flow_centrality_options_init(&o, FLOW_CENTRALITY_OPTIONS_VERSION));
    o.damping = 1.5;
    assert_flow_fails(FLOW_EINVAL, flow_structure_series(&s, sel, "pagerank", &o));
    assert_null(s);
    assert_error_contains("series, year 2020");
    assert_error_contains("damping");
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- the result tables ------------------------------------------------------------- */

static void test_structure__table_shapes(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *t = NULL;
    static const char *const tcols[] = {"factor", "year", "flows", "weight", "internal"};
    static const int ttypes[] = {FLOW_COLUMN_TEXT, FLOW_COLUMN_INT, FLOW_COLUMN_INT,
                                 FLOW_COLUMN_DOUBLE, FLOW_COLUMN_DOUBLE};

    /* totals: two units, so no "unit"; the undated capital row */
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_string_equal(flow_table_name(t), "totals");
    assert_int_equal(flow_table_column_count(t), 5);
    for (size_t c = 0; c < 5; c++) {
        assert_string_equal(flow_table_column_name(t, c), tcols[c]);
        assert_int_equal(flow_table_column_type(t, c), ttypes[c]);
    }
    assert_string_equal(flow_table_meta(t, "analysis"), "totals");
    assert_string_equal(flow_table_meta(t, "factors"), "talent,capital");
    assert_null(flow_table_meta(t, "unit"));
    assert_int_equal(flow_table_scalar_count(t), 0);
    assert_int_equal(flow_table_part_count(t), 0);
    assert_string_equal(flow_table_text(t, 0, 2), "capital");
    assert_int_equal(flow_table_ints(t, 1)[2], FLOW_NO_YEAR);
    flow_table_free(t);
    /* one factor under shares: totals stay raw, in the factor's unit */
    const char *cap[] = {"capital"}, *tal[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, cap, 1));
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_string_equal(flow_table_meta(t, "unit"), "100M yuan");
    assert_string_equal(flow_table_meta(t, "combine"), "share");
    flow_table_free(t);
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SUM));
    assert_flow_ok(flow_selection_set_factors(sel, tal, 1));

    /* net flow is in the unit; an HHI is not */
    assert_flow_ok(flow_structure_net_flow(&t, sel));
    assert_string_equal(flow_table_name(t), "net_flow");
    assert_string_equal(flow_table_column_name(t, 1), "net_flow");
    assert_string_equal(flow_table_meta(t, "unit"), "persons");
    flow_table_free(t);
    assert_flow_ok(flow_structure_hhi(&t, sel, FLOW_STRUCTURE_IN));
    assert_string_equal(flow_table_name(t), "hhi_in");
    assert_int_equal(flow_table_column_count(t), 2);
    assert_string_equal(flow_table_column_name(t, 0), "node");
    assert_int_equal(flow_table_column_type(t, 0), FLOW_COLUMN_NODE);
    assert_string_equal(flow_table_column_name(t, 1), "hhi_in");
    assert_string_equal(flow_table_meta(t, "analysis"), "hhi_in");
    assert_null(flow_table_meta(t, "unit"));
    assert_int_equal(flow_table_row_count(t), 5);
    flow_table_free(t);

    /* backbone: an edge table with the factor's name and alpha */
    static const char *const bcols[] = {"source", "target", "factor", "weight", "p_value"};
    static const int btypes[] = {FLOW_COLUMN_NODE, FLOW_COLUMN_NODE, FLOW_COLUMN_TEXT,
                                 FLOW_COLUMN_DOUBLE, FLOW_COLUMN_DOUBLE};
    assert_flow_ok(flow_structure_backbone(&t, sel, 0.5));
    assert_string_equal(flow_table_name(t), "backbone");
    assert_int_equal(flow_table_column_count(t), 5);
    for (size_t c = 0; c < 5; c++) {
        assert_string_equal(flow_table_column_name(t, c), bcols[c]);
        assert_int_equal(flow_table_column_type(t, c), btypes[c]);
    }
    assert_string_equal(flow_table_meta(t, "analysis"), "backbone");
    assert_string_equal(flow_table_meta(t, "alpha"), "0.5");
    assert_string_equal(flow_table_meta(t, "unit"), "persons");
    assert_true(flow_table_row_count(t) > 0);
    for (size_t r = 0; r < flow_table_row_count(t); r++)
        assert_string_equal(flow_table_texts(t, 2)[r], "talent");
    assert_int_equal(flow_table_ints(t, 0)[0], flow_network_node_index(net, "A"));
    flow_table_free(t);

    /* series: node, year, values; part "years"; the measure and its options */
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    o.damping = 0.5;
    assert_flow_ok(flow_structure_series(&t, sel, "pagerank", &o));
    assert_string_equal(flow_table_name(t), "series");
    assert_int_equal(flow_table_column_count(t), 3);
    assert_string_equal(flow_table_column_name(t, 0), "node");
    assert_int_equal(flow_table_column_type(t, 0), FLOW_COLUMN_NODE);
    assert_string_equal(flow_table_column_name(t, 1), "year");
    assert_int_equal(flow_table_column_type(t, 1), FLOW_COLUMN_INT);
    assert_string_equal(flow_table_column_name(t, 2), "pagerank");
    assert_int_equal(flow_table_column_type(t, 2), FLOW_COLUMN_DOUBLE);
    assert_string_equal(flow_table_meta(t, "analysis"), "series");
    assert_string_equal(flow_table_meta(t, "measure"), "pagerank");
    assert_string_equal(flow_table_meta(t, "damping"), "0.5");
    assert_null(flow_table_meta(t, "unit"));
    const flow_table *years = flow_table_part(t, "years");
    assert_non_null(years);
    assert_int_equal(flow_table_row_count(years), 2);
    assert_int_equal(flow_table_row_count(t), 2 * 5);
    for (size_t r = 0; r < 10; r++) { /* grouped by year, vertex order within */
        assert_int_equal(flow_table_ints(t, 1)[r], flow_table_ints(years, 0)[r / 5]);
        assert_int_equal(flow_table_ints(t, 0)[r], (int64_t)(r % 5));
    }
    flow_table_free(t);
    assert_flow_ok(flow_structure_series(&t, sel, "in_strength", NULL));
    assert_string_equal(flow_table_meta(t, "unit"), "persons");
    assert_null(flow_table_meta(t, "damping"));
    flow_table_free(t);
    assert_flow_ok(flow_structure_series(&t, sel, "hhi_total", NULL));
    assert_string_equal(flow_table_column_name(t, 2), "hhi_total");
    assert_string_equal(flow_table_meta(t, "measure"), "hhi_total");
    assert_null(flow_table_meta(t, "unit"));
    flow_table_free(t);

    /* a series without years still checks the options */
    assert_flow_ok(flow_selection_set_years(sel, 1990, 1991));
    o.damping = 2;
    t = (flow_table *)&t;
    assert_flow_fails(FLOW_EINVAL, flow_structure_series(&t, sel, "pagerank", &o));
    assert_null(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- interruption, lifetimes, handles ----------------------------------------------- */

static void test_structure__interruption(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_progress(sel, stop_progress, NULL));

    /* backbone: stop at once, then after the first factor */
    for (int at = 1; at <= 2; at++) {
        stop_at_call = at;
        progress_calls = 0;
        flow_table *e = (flow_table *)&e;
        assert_flow_fails(FLOW_EINTERRUPTED, flow_structure_backbone(&e, sel, 0.5));
        assert_null(e);
        assert_int_equal(progress_calls, at);
    }
    /* series of an HHI (no inner progress): calls before each of the 2
     * years and the final 100 */
    for (int at = 1; at <= 3; at++) {
        stop_at_call = at;
        progress_calls = 0;
        flow_table *s = (flow_table *)&s;
        assert_flow_fails(FLOW_EINTERRUPTED, flow_structure_series(&s, sel, "hhi_in", NULL));
        assert_null(s);
        assert_int_equal(progress_calls, at);
    }
    /* series of a centrality measure: the measure asks too (in-strength:
     * once per year, at its 0 %), so call 2 stops inside the first year's
     * computation */
    for (int at = 1; at <= 5; at++) {
        stop_at_call = at;
        progress_calls = 0;
        flow_table *s = (flow_table *)&s;
        assert_flow_fails(FLOW_EINTERRUPTED, flow_structure_series(&s, sel, "in_strength", NULL));
        assert_null(s);
        assert_int_equal(progress_calls, at);
    }
    /* a callback that lets it run sees the work through to 100 */
    stop_at_call = 1000;
    progress_calls = 0;
    flow_table *s = NULL;
    assert_flow_ok(flow_structure_series(&s, sel, "in_strength", NULL));
    assert_int_equal(progress_calls, 5); /* 2 x (year + measure) + the final 100 */
    flow_table_free(s);
    /* PageRank asks after each of its sweeps as well: every call of a full
     * run stops the series */
    progress_calls = 0;
    assert_flow_ok(flow_structure_series(&s, sel, "pagerank", NULL));
    flow_table_free(s);
    int calls = progress_calls;
    assert_true(calls > 5);
    for (int at = 1; at <= calls; at++) {
        stop_at_call = at;
        progress_calls = 0;
        s = (flow_table *)&s;
        assert_flow_fails(FLOW_EINTERRUPTED, flow_structure_series(&s, sel, "pagerank", NULL));
        assert_null(s);
        assert_int_equal(progress_calls, at);
    }
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__results_outlive_network_and_selection(void **state)
{
    (void)state;
    flow_network *net = tiny_network();
    flow_selection *sel = new_selection(net);
    flow_table *t = NULL;
    flow_table *s = NULL;
    flow_table *e = NULL;
    flow_table *h = NULL;
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_flow_ok(flow_structure_series(&s, sel, "hhi_out", NULL));
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.5));
    assert_flow_ok(flow_structure_hhi(&h, sel, FLOW_STRUCTURE_OUT));
    flow_network_free(net);
    flow_selection_free(sel);
    assert_string_equal(tot_factor_name(t, 0), "talent");
    assert_string_equal(se_id(s, 4), "E");
    assert_string_equal(ed_source_id(e, 0), "A");
    assert_string_equal(sc_id(h, 0), "A");
    flow_table_free(t);
    flow_table_free(s);
    flow_table_free(e);
    flow_table_free(h);
}

static void test_structure__null_handles(void **state)
{
    (void)state;
    flow_table_free(NULL);
    flow_table *t = (flow_table *)&t;
    assert_flow_fails(FLOW_EMISUSE, flow_structure_totals(&t, NULL));
    assert_null(t);
    assert_flow_fails(FLOW_EINVAL, flow_structure_totals(NULL, NULL));
    flow_table *s = (flow_table *)&s;
    assert_flow_fails(FLOW_EMISUSE, flow_structure_net_flow(&s, NULL));
    assert_null(s);
    assert_flow_fails(FLOW_EMISUSE, flow_structure_hhi(&s, NULL, FLOW_STRUCTURE_IN));
}

/* ---- cross-checks against Python ------------------------------------------------------- */

/* The oracle's output, one "key ... value" line each, sorted for lookup. */
typedef struct {
    char *text;
    char **lines;
    size_t n;
} oracle;

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void oracle_parse(oracle *o, char *text)
{
    o->text = text;
    o->n = 0;
    for (char *p = text; *p; p++) o->n += *p == '\n';
    o->lines = malloc((o->n + 1) * sizeof *o->lines);
    assert_non_null(o->lines);
    size_t k = 0;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = '\0';
        o->lines[k++] = p;
        p = nl + 1;
    }
    o->n = k;
    qsort(o->lines, o->n, sizeof *o->lines, cmp_line);
}

static void oracle_free(oracle *o)
{
    free(o->lines);
    free(o->text);
}

static int cmp_prefix(const void *key, const void *elem)
{
    const char *k = key;
    return strncmp(k, *(char *const *)elem, strlen(k));
}

/* The rest of the line that starts with "<key> ", or NULL. */
static const char *oracle_find(const oracle *o, const char *key)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s ", key);
    char *const *hit = bsearch(buf, o->lines, o->n, sizeof *o->lines, cmp_prefix);
    return hit ? *hit + strlen(buf) : NULL;
}

static double oracle_value(const oracle *o, const char *key)
{
    const char *rest = oracle_find(o, key);
    if (!rest) {
        print_error("oracle has no '%s'\n", key);
        fail();
    }
    return strtod(rest, NULL);
}

static size_t oracle_count(const oracle *o, const char *prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < o->n; i++) n += strncmp(o->lines[i], prefix, strlen(prefix)) == 0;
    return n;
}

static void assert_same(double got, double want, double rel)
{
    if (isnan(want)) {
        assert_true(isnan(got));
        return;
    }
    assert_close(got, want, rel);
}

static char *read_fixture(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    return buf;
}

/* Runs the oracle on SOURCE (data folder or rows TSV) for the selection. */
static void run_oracle(oracle *o, flow_selection *sel, const char *source, const char *options)
{
    char nodes_path[512];
    temp_path(nodes_path, sizeof nodes_path, "structure-nodes");
    FILE *f = fopen(nodes_path, "w");
    assert_non_null(f);
    write_vertex_ids(f, sel);
    assert_int_equal(fclose(f), 0);
    char *script = read_fixture(FIXTURE("structure/oracle.py"));
    char *out = run_python(script, source, nodes_path, options);
    free(script);
    unlink(nodes_path);
    oracle_parse(o, out);
}

static const char *year_key(int y, char *buf, size_t size)
{
    if (y == FLOW_NO_YEAR)
        snprintf(buf, size, "none");
    else
        snprintf(buf, size, "%d", y);
    return buf;
}

/*
 * Compares every structure result on `sel` with the oracle's. Exact sums
 * (weights that are multiples of 1/4, or integers) are compared to 1e-12
 * relative, which also absorbs summation order; p-values (pow) likewise.
 * Returns the number of values compared.
 */
static size_t compare_with_oracle(flow_selection *sel, const oracle *o)
{
    size_t nv = graph_vertex_count(sel), checked = 0;
    char key[512], yb[16];

    /* totals */
    flow_table *t = NULL;
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_int_equal(tot_count(t), oracle_count(o, "totals "));
    for (size_t r = 0; r < tot_count(t); r++) {
        snprintf(key, sizeof key, "totals %s %s", tot_factor_name(t, r),
                 year_key(tot_year(t, r), yb, sizeof yb));
        const char *rest = oracle_find(o, key);
        assert_non_null(rest);
        size_t n = 0;
        double w = 0, in = 0;
        assert_int_equal(sscanf(rest, "%zu %lf %lf", &n, &w, &in), 3);
        assert_int_equal(tot_flows(t, r), n);
        assert_close(tot_weight(t, r), w, 1e-12);
        assert_close(tot_internal(t, r), in, 1e-12);
        checked += 3;
    }
    flow_table_free(t);

    /* per-vertex measures */
    static const struct {
        const char *key;
        int mode;
    } hhi[] = {{"hhi_out", FLOW_STRUCTURE_OUT},
               {"hhi_in", FLOW_STRUCTURE_IN},
               {"hhi_total", FLOW_STRUCTURE_TOTAL}};
    for (size_t m = 0; m < 3; m++) {
        flow_table *s = NULL;
        assert_flow_ok(flow_structure_hhi(&s, sel, hhi[m].mode));
        for (size_t v = 0; v < nv; v++) {
            snprintf(key, sizeof key, "%s %s", hhi[m].key, sc_id(s, v));
            assert_same(sc_value(s, v), oracle_value(o, key), 1e-12);
            checked++;
        }
        flow_table_free(s);
    }
    {
        flow_table *s = NULL;
        assert_flow_ok(flow_structure_net_flow(&s, sel));
        for (size_t v = 0; v < nv; v++) {
            snprintf(key, sizeof key, "net %s", sc_id(s, v));
            assert_close(sc_value(s, v), oracle_value(o, key), 1e-12);
            checked++;
        }
        flow_table_free(s);
    }

    /* reciprocity */
    double u = 0, w = 0;
    assert_flow_ok(flow_structure_reciprocity(&u, &w, sel));
    assert_same(u, oracle_value(o, "recip unweighted"), 1e-12);
    assert_same(w, oracle_value(o, "recip weighted"), 1e-12);
    checked += 2;

    /* backbone: alpha just below 1 lists every edge with p < 1 */
    const double alphas[] = {nextafter(1.0, 0.0), 0.3, 0.05};
    for (size_t a = 0; a < 3; a++) {
        flow_table *e = NULL;
        assert_flow_ok(flow_structure_backbone(&e, sel, alphas[a]));
        size_t expect = 0;
        for (size_t i = 0; i < o->n; i++) {
            if (strncmp(o->lines[i], "p ", 2) != 0) continue;
            const char *p = strrchr(o->lines[i], ' ');
            expect += strtod(p + 1, NULL) < alphas[a];
        }
        assert_int_equal(ed_count(e), expect);
        for (size_t i = 0; i < ed_count(e); i++) {
            snprintf(key, sizeof key, "p %s %s %s",
                     flow_table_text(e, cidx(e, "factor"), i),
                     ed_source_id(e, i), ed_target_id(e, i));
            const char *rest = oracle_find(o, key);
            assert_non_null(rest);
            double ow = 0, op = 0;
            assert_int_equal(sscanf(rest, "%lf %lf", &ow, &op), 2);
            /* SHARE scales the weight, never the p-value */
            assert_close(ed_value(e, i), op, 1e-12);
            assert_true(ed_value(e, i) < alphas[a]);
            if (i > 0) /* factor, source vertex, target vertex order */
                assert_true(ed_factor(e, i - 1) < ed_factor(e, i) ||
                            (ed_factor(e, i - 1) == ed_factor(e, i) &&
                             (vertex_of(sel, ed_source_id(e, i - 1)) <
                                  vertex_of(sel, ed_source_id(e, i)) ||
                              (vertex_of(sel, ed_source_id(e, i - 1)) ==
                                   vertex_of(sel, ed_source_id(e, i)) &&
                               vertex_of(sel, ed_target_id(e, i - 1)) <
                                   vertex_of(sel, ed_target_id(e, i))))));
            checked++;
        }
        flow_table_free(e);
    }

    /* series: the strengths, net flow and PageRank (through the centrality
     * module) and the HHIs; PageRank is iterative: 1e-9 relative */
    static const char *const series[] = {"out_strength", "in_strength", "strength", "net_flow",
                                         "hhi_out",      "hhi_in",      "hhi_total", "pagerank"};
    for (size_t m = 0; m < 8; m++) {
        double rel = strcmp(series[m], "pagerank") == 0 ? 1e-9 : 1e-12;
        flow_table *s = NULL;
        assert_flow_ok(flow_structure_series(&s, sel, series[m], NULL));
        size_t rows = 0;
        for (size_t i = 0; i < o->n; i++) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "series %s ", series[m]);
            rows += strncmp(o->lines[i], prefix, strlen(prefix)) == 0;
        }
        assert_int_equal(se_year_count(s) * nv, rows);
        for (size_t y = 0; y < se_year_count(s); y++)
            for (size_t v = 0; v < nv; v++) {
                snprintf(key, sizeof key, "series %s %d %s", series[m], se_year(s, y),
                         se_id(s, v));
                assert_same(se_value(s, y, v), oracle_value(o, key), rel);
                checked++;
            }
        flow_table_free(s);
    }
    return checked;
}

/*
 * A denser random data set than pyoracle.h's (so the backbone has degrees
 * to work with): 24 nodes, 700 rows over talent / capital / technology,
 * years 2018-2021 or none (1 in 8), self-loops (1 in 20) and repeated
 * keys (every 25th row); weights multiples of 0.25.
 */
#define DENSE_NODES 24
#define DENSE_ROWS 700

static void dense_rows(random_row *rows, uint32_t seed)
{
    uint32_t st = seed;
    for (int i = 0; i < DENSE_ROWS; i++) {
        random_row r;
        if (i > 0 && i % 25 == 24) {
            r = rows[i - 1];
        } else {
            r.source = (int)(lcg_next(&st) % DENSE_NODES);
            r.target = i % 20 == 3 ? r.source : (int)(lcg_next(&st) % DENSE_NODES);
            r.factor = (int)(lcg_next(&st) % 3);
            r.year = lcg_next(&st) % 8 == 0 ? FLOW_NO_YEAR : 2018 + (int)(lcg_next(&st) % 4);
        }
        r.weight = (1 + (int)(lcg_next(&st) % 400)) * 0.25;
        rows[i] = r;
    }
}

static flow_network *dense_network(const random_row *rows, const char *rows_path)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char id[16], id2[16];
    for (int i = 0; i < DENSE_NODES + 1; i++) { /* the last node stays isolated */
        random_node_id(id, sizeof id, i);
        assert_flow_ok(flow_network_add_node(net, id, NULL, "region", NULL));
    }
    FILE *f = fopen(rows_path, "w");
    assert_non_null(f);
    for (int i = 0; i < DENSE_ROWS; i++) {
        random_node_id(id, sizeof id, rows[i].source);
        random_node_id(id2, sizeof id2, rows[i].target);
        assert_flow_ok(flow_network_add_flow(net, id, id2, random_factors[rows[i].factor],
                                             rows[i].weight, rows[i].year));
        fprintf(f, "%s\t%s\t%s\t%.17g\t", id, id2, random_factors[rows[i].factor],
                rows[i].weight);
        if (rows[i].year != FLOW_NO_YEAR) fprintf(f, "%d", rows[i].year);
        fputc('\n', f);
    }
    assert_int_equal(fclose(f), 0);
    return net;
}

static void test_structure__matches_python_on_random_graphs(void **state)
{
    (void)state;
    static const uint32_t seeds[] = {20240611u, 7u};
    for (size_t k = 0; k < 2; k++) {
        random_row rows[DENSE_ROWS];
        dense_rows(rows, seeds[k]);
        char rows_path[512];
        temp_path(rows_path, sizeof rows_path, "structure-rows");
        flow_network *net = dense_network(rows, rows_path);
        flow_selection *sel = new_selection(net);
        oracle o;

        /* directed, everything */
        run_oracle(&o, sel, rows_path, "directed=1");
        size_t n = compare_with_oracle(sel, &o);
        oracle_free(&o);
        print_message("seed %u directed: %zu values agree\n", seeds[k], n);
        assert_true(n > 1000);

        /* undirected */
        assert_flow_ok(flow_selection_set_directed(sel, 0));
        run_oracle(&o, sel, rows_path, "directed=0");
        n = compare_with_oracle(sel, &o);
        oracle_free(&o);
        print_message("seed %u undirected: %zu values agree\n", seeds[k], n);

        /* two factors, years 2019-2020, directed */
        const char *two[] = {"technology", "talent"};
        assert_flow_ok(flow_selection_set_directed(sel, 1));
        assert_flow_ok(flow_selection_set_factors(sel, two, 2));
        assert_flow_ok(flow_selection_set_years(sel, 2019, 2020));
        run_oracle(&o, sel, rows_path, "factors=technology,talent;years=2019-2020;directed=1");
        n = compare_with_oracle(sel, &o);
        oracle_free(&o);
        print_message("seed %u filtered: %zu values agree\n", seeds[k], n);

        unlink(rows_path);
        flow_selection_free(sel);
        flow_network_free(net);
    }
}

/* ---- real data -------------------------------------------------------------------------- */

static flow_network *load_shared(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FLOW_SHARED_DATA, name);
    skip_unless_exists(path);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, path));
    return net;
}

static void test_structure__china_census_reference_values(void **state)
{
    (void)state;
    flow_network *net = load_shared("china_census_migration");
    flow_selection *sel = new_selection(net);

    /* README: 930 arcs per year, totals 7,305,955 (2000) and 10,230,691
     * (2010). */
    flow_table *t = NULL;
    assert_flow_ok(flow_structure_totals(&t, sel));
    assert_int_equal(tot_count(t), 2);
    assert_int_equal(tot_year(t, 0), 2000);
    assert_int_equal(tot_flows(t, 0), 930);
    assert_true(tot_weight(t, 0) == 7305955);
    assert_int_equal(tot_year(t, 1), 2010);
    assert_int_equal(tot_flows(t, 1), 930);
    assert_true(tot_weight(t, 1) == 10230691);
    flow_table_free(t);

    /* README "biggest net gain (in - out)": Guangdong +1,365,581 (2000),
     * +2,113,063 (2010); "biggest net loss": Sichuan -682,647 (2000), Anhui
     * -876,510 (2010). Net flow here is out - in: the signs flip, and the
     * ranking puts the loser first as top exporter. */
    flow_table *s = NULL;
    assert_flow_ok(flow_structure_series(&s, sel, "net_flow", NULL));
    assert_int_equal(se_year_count(s), 2);
    size_t n = se_node_count(s);
    assert_int_equal(n, 31);
    size_t order[31];
    static const struct {
        int year;
        const char *gain, *loss;
        double gain_v, loss_v;
    } want[] = {{2000, "CN-GD", "CN-SC", 1365581, 682647},
                {2010, "CN-GD", "CN-AH", 2113063, 876510}};
    for (size_t y = 0; y < 2; y++) {
        assert_int_equal(se_year(s, y), want[y].year);
        assert_flow_ok(flow_structure_rank(order, se_values(s, y), n, 1));
        assert_string_equal(se_id(s, order[0]), want[y].loss);
        assert_true(se_value(s, y, order[0]) == want[y].loss_v);
        assert_string_equal(se_id(s, order[n - 1]), want[y].gain);
        assert_true(se_value(s, y, order[n - 1]) == -want[y].gain_v);
    }
    flow_table_free(s);

    /* README "top in-strength 2010": Guangdong 2,227,842, Zhejiang
     * 1,274,695, Shanghai 1,009,214. */
    assert_flow_ok(flow_structure_series(&s, sel, "in_strength", NULL));
    assert_flow_ok(flow_structure_rank(order, se_values(s, 1), n, 1));
    assert_string_equal(se_id(s, order[0]), "CN-GD");
    assert_true(se_value(s, 1, order[0]) == 2227842);
    assert_string_equal(se_id(s, order[1]), "CN-ZJ");
    assert_true(se_value(s, 1, order[1]) == 1274695);
    assert_string_equal(se_id(s, order[2]), "CN-SH");
    assert_true(se_value(s, 1, order[2]) == 1009214);
    flow_table_free(s);

    /* Everything else against the Python oracle on flows.csv, for 2010
     * (dense: 930 arcs, reciprocity 1 by count but not by weight). */
    assert_flow_ok(flow_selection_set_years(sel, 2010, 2010));
    oracle o;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FLOW_SHARED_DATA, "china_census_migration");
    run_oracle(&o, sel, path, "years=2010-2010;directed=1");
    size_t checked = compare_with_oracle(sel, &o);
    oracle_free(&o);
    print_message("china 2010: %zu values agree\n", checked);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_structure__reciprocity_of_real_layers(void **state)
{
    (void)state;
    /* README reciprocities (2 decimals, networkx 2.8, self-loops kept in
     * their count, hence the 0.005 tolerance): lazega advice 0.17,
     * friendship 0.30, co-work 1.0; ckm advice 0.13, discussion 0.24,
     * friendship 0.33. Exact agreement is checked against the Python
     * oracle (loops dropped, as in the selection). */
    static const struct {
        const char *set, *layer;
        double readme;
    } layers[] = {{"lazega_lawfirm", "advice", 0.17},     {"lazega_lawfirm", "friendship", 0.30},
                  {"lazega_lawfirm", "co-work", 1.0},     {"ckm_physicians", "advice", 0.13},
                  {"ckm_physicians", "discussion", 0.24}, {"ckm_physicians", "friendship", 0.33}};
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        flow_network *net = load_shared(layers[i].set);
        flow_selection *sel = new_selection(net);
        assert_flow_ok(flow_selection_set_factors(sel, &layers[i].layer, 1));
        double u = 0, w = 0;
        assert_flow_ok(flow_structure_reciprocity(&u, &w, sel));
        assert_true(fabs(u - layers[i].readme) <= 0.005);
        assert_close(w, u, 1e-12); /* unit weights: weighted = unweighted */
        char path[1024], opts[128];
        snprintf(path, sizeof path, "%s/%s", FLOW_SHARED_DATA, layers[i].set);
        snprintf(opts, sizeof opts, "factors=%s;directed=1", layers[i].layer);
        oracle o;
        run_oracle(&o, sel, path, opts);
        assert_close(u, oracle_value(&o, "recip unweighted"), 1e-12);
        assert_close(w, oracle_value(&o, "recip weighted"), 1e-12);
        if (i == 0) compare_with_oracle(sel, &o); /* one full comparison */
        oracle_free(&o);
        flow_selection_free(sel);
        flow_network_free(net);
    }
}

static void test_structure__backbone_of_multilayer_trade(void **state)
{
    (void)state;
    /* FAO trade 2010: 339 factors (products), self-loops in the source: the
     * per-factor filter on many small layers, against the oracle. */
    flow_network *net = load_shared("fao_trade");
    flow_selection *sel = new_selection(net);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FLOW_SHARED_DATA, "fao_trade");
    oracle o;
    run_oracle(&o, sel, path, "directed=1");
    flow_table *e = NULL;
    assert_flow_ok(flow_structure_backbone(&e, sel, 0.05));
    size_t expect = 0;
    for (size_t i = 0; i < o.n; i++)
        if (strncmp(o.lines[i], "p ", 2) == 0)
            expect += strtod(strrchr(o.lines[i], ' ') + 1, NULL) < 0.05;
    assert_int_equal(ed_count(e), expect);
    char key[512];
    for (size_t i = 0; i < ed_count(e); i++) {
        snprintf(key, sizeof key, "p %s %s %s",
                 flow_table_text(e, cidx(e, "factor"), i),
                 ed_source_id(e, i), ed_target_id(e, i));
        const char *rest = oracle_find(&o, key);
        assert_non_null(rest);
        double ow = 0, op = 0;
        assert_int_equal(sscanf(rest, "%lf %lf", &ow, &op), 2);
        assert_close(ed_weight(e, i), ow, 1e-12);
        assert_close(ed_value(e, i), op, 1e-12);
    }
    print_message("fao_trade: %zu backbone edges of %zu agree\n", ed_count(e),
                  oracle_count(&o, "p "));
    flow_table_free(e);
    oracle_free(&o);
    flow_selection_free(sel);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure__totals_by_factor_and_year),
        cmocka_unit_test(test_structure__totals_follow_filters_and_level),
        cmocka_unit_test(test_structure__empty_selection),
        cmocka_unit_test(test_structure__empty_selections_every_function),
        cmocka_unit_test(test_structure__net_flow_by_hand),
        cmocka_unit_test(test_structure__rank_ties_and_nan),
        cmocka_unit_test(test_structure__hhi_by_hand),
        cmocka_unit_test(test_structure__reciprocity_by_hand),
        cmocka_unit_test(test_structure__backbone_directed_by_hand),
        cmocka_unit_test(test_structure__backbone_undirected_by_hand),
        cmocka_unit_test(test_structure__backbone_rolls_up),
        cmocka_unit_test(test_structure__backbone_checks_alpha),
        cmocka_unit_test(test_structure__series_by_hand),
        cmocka_unit_test(test_structure__series_copies_the_settings),
        cmocka_unit_test(test_structure__series_rejects_bad_measures),
        cmocka_unit_test(test_structure__interruption),
        cmocka_unit_test(test_structure__results_outlive_network_and_selection),
        cmocka_unit_test(test_structure__null_handles),
        cmocka_unit_test(test_structure__table_shapes),
        cmocka_unit_test(test_structure__matches_python_on_random_graphs),
        cmocka_unit_test(test_structure__china_census_reference_values),
        cmocka_unit_test(test_structure__reciprocity_of_real_layers),
        cmocka_unit_test(test_structure__backbone_of_multilayer_trade),
    };
    return cmocka_run_group_tests_name("structure", tests, NULL, NULL);
}

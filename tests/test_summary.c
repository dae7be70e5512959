/*
 * Summaries (libflow/summary.h): counts by kind, factor and year, density,
 * reciprocity, read from the summary table (its scalars and its parts
 * "kinds", "factors" and "years"). The text and JSON renderings belong to
 * flowctl now and are tested with it (tests/cli/run.sh, case summary).
 *
 * Most cases use `tiny` (the same network as test_selection.c):
 *
 *   nodes (in order)  A region, B region, C country, D institution (no flow)
 *   factors           talent (persons), capital (100M yuan) - declared in
 *                     this order, so network order differs from name order
 *   flows (in order)  f0 B->C capital 30   2021
 *                     f1 A->B talent   3   2019
 *                     f2 A->B talent   2   2020
 *                     f3 A->B capital  10  2020
 *                     f4 B->A talent   1   2019
 *                     f5 C->A talent   4   (no year)
 *                     f6 A->A talent   5   2020   (self-loop)
 *
 * Its directed graph has the edges A->B, B->A, B->C, C->A over 4 vertices.
 * Hand-computed values are explained beside each check;
 * test_summary__matches_networkx compares density and reciprocity with
 * networkx on a random graph.
 */
#include "testutil.h"
#include "pyoracle.h"


static flow_selection *new_selection(flow_network *net)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    return sel;
}

static flow_table *summarise(flow_selection *sel)
{
    flow_table *s = NULL;
    assert_flow_ok(flow_summary_compute(&s, sel));
    assert_non_null(s);
    assert_string_equal(flow_table_name(s), "summary");
    return s;
}

/* ---- reading the summary table ---------------------------------------------------
 * Its scalars, and the rows of its parts by column name (the checks read as
 * they did with the summary's old accessors). */

static size_t count_of(const flow_table *s, const char *scalar)
{
    double x = flow_table_scalar(s, scalar);
    assert_false(isnan(x));
    return (size_t)x;
}
#define node_count(s) count_of((s), "nodes")
#define edge_count(s) count_of((s), "edges")
#define flow_count(s) count_of((s), "flows")
#define density(s) flow_table_scalar((s), "density")
#define reciprocity(s) flow_table_scalar((s), "reciprocity")

static const flow_table *part(const flow_table *s, const char *name)
{
    const flow_table *p = flow_table_part(s, name);
    assert_non_null(p);
    return p;
}

static const char *text_at(const flow_table *s, const char *p, const char *c, size_t r)
{
    const flow_table *t = part(s, p);
    assert_true(r < flow_table_row_count(t));
    return flow_table_text(t, table_col(t, c), r);
}

static int64_t int_at(const flow_table *s, const char *p, const char *c, size_t r)
{
    const flow_table *t = part(s, p);
    assert_true(r < flow_table_row_count(t));
    return flow_table_ints(t, table_col(t, c))[r];
}

static double double_at(const flow_table *s, const char *p, const char *c, size_t r)
{
    const flow_table *t = part(s, p);
    assert_true(r < flow_table_row_count(t));
    return flow_table_doubles(t, table_col(t, c))[r];
}

#define kind_count(s) flow_table_row_count(part((s), "kinds"))
#define kind_name(s, k) text_at((s), "kinds", "name", (k))
#define kind_nodes(s, k) int_at((s), "kinds", "nodes", (k))
#define factor_count(s) flow_table_row_count(part((s), "factors"))
#define factor_name(s, f) text_at((s), "factors", "name", (f))
#define factor_unit(s, f) text_at((s), "factors", "unit", (f))
#define factor_flows(s, f) int_at((s), "factors", "flows", (f))
#define factor_weight(s, f) double_at((s), "factors", "weight", (f))
#define year_count(s) flow_table_row_count(part((s), "years"))
#define year_at(s, y) int_at((s), "years", "year", (y))
#define year_flows(s, y) int_at((s), "years", "flows", (y))
#define year_weight(s, y) double_at((s), "years", "weight", (y))

/* ---- counts ------------------------------------------------------------------- */

static void test_summary__counts_of_the_whole_network(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    assert_int_equal(node_count(s), 4);
    assert_int_equal(edge_count(s), 4); /* A->B, B->A, B->C, C->A */
    assert_int_equal(flow_count(s), 7); /* every flow, the self-loop too */
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__kinds_sorted_with_counts(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    /* by name: country (C), institution (D), region (A, B) */
    assert_int_equal(kind_count(s), 3);
    assert_string_equal(kind_name(s, 0), "country");
    assert_int_equal(kind_nodes(s, 0), 1);
    assert_string_equal(kind_name(s, 1), "institution");
    assert_int_equal(kind_nodes(s, 1), 1);
    assert_string_equal(kind_name(s, 2), "region");
    assert_int_equal(kind_nodes(s, 2), 2);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__factors_in_network_order_with_units(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    assert_int_equal(factor_count(s), 2);
    /* talent first (declared first), though "capital" sorts before it */
    assert_string_equal(factor_name(s, 0), "talent");
    assert_string_equal(factor_unit(s, 0), "persons");
    assert_int_equal(factor_flows(s, 0), 5); /* f1 f2 f4 f5 f6 */
    assert_close(factor_weight(s, 0), 15, 1e-15); /* 3+2+1+4+5 */
    assert_string_equal(factor_name(s, 1), "capital");
    assert_string_equal(factor_unit(s, 1), "100M yuan");
    assert_int_equal(factor_flows(s, 1), 2); /* f0 f3 */
    assert_close(factor_weight(s, 1), 40, 1e-15);
    flow_table_free(s);

    /* a factor without a unit reports "" */
    assert_flow_ok(flow_network_add_flow(net, "D", "A", "data", 1, 2022));
    s = summarise(sel); /* the selection rebuilds: the network changed */
    assert_int_equal(factor_count(s), 3);
    assert_string_equal(factor_name(s, 2), "data");
    assert_string_equal(factor_unit(s, 2), "");
    assert_int_equal(flow_count(s), 8);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__years_ascending_no_year_first(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    /* first seen: 2021 (f0), 2019, 2020, none (f5); listed ascending with
     * the yearless first */
    assert_int_equal(year_count(s), 4);
    assert_int_equal(year_at(s, 0), FLOW_NO_YEAR);
    assert_int_equal(year_flows(s, 0), 1); /* f5 */
    assert_close(year_weight(s, 0), 4, 1e-15);
    assert_int_equal(year_at(s, 1), 2019);
    assert_int_equal(year_flows(s, 1), 2); /* f1 3 + f4 1 */
    assert_close(year_weight(s, 1), 4, 1e-15);
    assert_int_equal(year_at(s, 2), 2020);
    assert_int_equal(year_flows(s, 2), 3); /* f2 2 + f3 10 + f6 5 */
    assert_close(year_weight(s, 2), 17, 1e-15);
    assert_int_equal(year_at(s, 3), 2021);
    assert_int_equal(year_flows(s, 3), 1); /* f0 30 */
    assert_close(year_weight(s, 3), 30, 1e-15);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__negative_and_zero_years_sort(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 1, 5));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 2, 0));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 4, -9999));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 8, FLOW_NO_YEAR));
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    static const int years[] = {FLOW_NO_YEAR, -9999, 0, 5};
    static const double weights[] = {8, 4, 2, 1};
    assert_int_equal(year_count(s), 4);
    for (size_t y = 0; y < 4; y++) {
        assert_int_equal(year_at(s, y), years[y]);
        assert_int_equal(year_flows(s, y), 1);
        assert_close(year_weight(s, y), weights[y], 1e-15);
    }
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__follows_factor_and_year_filters(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2020));
    flow_table *s = summarise(sel);
    /* kept: f1 3, f2 2, f4 1 (talent 2019-2020) and the self-loop f6 5 */
    assert_int_equal(flow_count(s), 4);
    assert_int_equal(node_count(s), 4);
    assert_int_equal(edge_count(s), 2); /* A->B, B->A */
    assert_int_equal(factor_count(s), 1);
    assert_string_equal(factor_name(s, 0), "talent");
    assert_int_equal(factor_flows(s, 0), 4);
    assert_close(factor_weight(s, 0), 11, 1e-15);
    assert_int_equal(year_count(s), 2); /* no yearless entry */
    assert_int_equal(year_at(s, 0), 2019);
    assert_close(year_weight(s, 0), 4, 1e-15);
    assert_int_equal(year_at(s, 1), 2020);
    assert_int_equal(year_flows(s, 1), 2);
    assert_close(year_weight(s, 1), 7, 1e-15);
    /* 2 edges over 4 vertices: 2 / 12; both reciprocated */
    assert_close(density(s), 2.0 / 12, 1e-15);
    assert_close(reciprocity(s), 1, 1e-15);
    flow_table_free(s);

    /* a kept factor with nothing in the range is still listed, with 0 */
    const char *both[] = {"talent", "capital"};
    assert_flow_ok(flow_selection_set_factors(sel, both, 2));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2019));
    s = summarise(sel);
    assert_int_equal(factor_count(s), 2);
    assert_string_equal(factor_name(s, 1), "capital");
    assert_int_equal(factor_flows(s, 1), 0);
    assert_close(factor_weight(s, 1), 0, 1e-15);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__share_reports_raw_weights(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    flow_table *s = summarise(sel);
    /* totals in each factor's unit, before normalisation */
    assert_close(factor_weight(s, 0), 15, 1e-15);
    assert_close(factor_weight(s, 1), 40, 1e-15);
    assert_close(year_weight(s, 3), 30, 1e-15);
    assert_int_equal(flow_count(s), 7);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__rolled_up_kinds(void **state)
{
    (void)state;
    /* P1 province <- C1 city <- U1, U2 institutions; C2 city without
     * province <- U3; roll-up to provinces leaves P1, C2, U3 */
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "P1", NULL, "province", NULL));
    assert_flow_ok(flow_network_add_node(net, "C1", NULL, "city", "P1"));
    assert_flow_ok(flow_network_add_node(net, "U1", NULL, "institution", "C1"));
    assert_flow_ok(flow_network_add_node(net, "U2", NULL, "institution", "C1"));
    assert_flow_ok(flow_network_add_node(net, "C2", NULL, "city", NULL));
    assert_flow_ok(flow_network_add_node(net, "U3", NULL, "institution", "C2"));
    assert_flow_ok(flow_network_add_flow(net, "U1", "U2", "talent", 2, 2020)); /* internal P1 */
    assert_flow_ok(flow_network_add_flow(net, "U1", "U3", "talent", 3, 2020)); /* P1->U3 */
    assert_flow_ok(flow_network_add_flow(net, "U3", "C1", "talent", 1, 2020)); /* U3->P1 */
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    flow_table *s = summarise(sel);
    assert_int_equal(node_count(s), 3);
    assert_int_equal(edge_count(s), 2);
    assert_int_equal(flow_count(s), 3); /* flows, not edges */
    assert_int_equal(kind_count(s), 3);
    assert_string_equal(kind_name(s, 0), "city");
    assert_string_equal(kind_name(s, 1), "institution");
    assert_string_equal(kind_name(s, 2), "province");
    for (size_t k = 0; k < 3; k++) assert_int_equal(kind_nodes(s, k), 1);
    /* 2 edges / (3 * 2) directed pairs; P1->U3 and U3->P1 reciprocate */
    assert_close(density(s), 2.0 / 6, 1e-15);
    assert_close(reciprocity(s), 1, 1e-15);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- density and reciprocity ------------------------------------------------ */

static void test_summary__density_directed_and_undirected(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    /* directed: m / (n (n - 1)) = 4 / (4 * 3) */
    assert_close(density(s), 1.0 / 3, 1e-15);
    flow_table_free(s);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    /* undirected: pairs A-B, B-C, A-C: 3 / (4 * 3 / 2) */
    assert_int_equal(edge_count(s), 3);
    assert_close(density(s), 0.5, 1e-15);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__density_zero_below_two_vertices(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel); /* n = 0 */
    assert_int_equal(node_count(s), 0);
    assert_true(density(s) == 0);
    flow_table_free(s);
    /* n = 1 with a self-loop: no edge, density 0 (not 0/0) */
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "A", "A", "talent", 1, 2020));
    s = summarise(sel);
    assert_int_equal(node_count(s), 1);
    assert_int_equal(edge_count(s), 0);
    assert_int_equal(flow_count(s), 1);
    assert_true(density(s) == 0);
    flow_table_free(s);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    assert_true(density(s) == 0);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__reciprocity(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    /* A->B and B->A have their reverse, B->C and C->A do not: 2 / 4
     * (networkx.reciprocity of the same DiGraph: 0.5) */
    assert_close(reciprocity(s), 0.5, 1e-15);
    flow_table_free(s);
    /* unweighted: a heavier reverse changes nothing */
    assert_flow_ok(flow_network_add_flow(net, "B", "A", "capital", 1000, 2020));
    s = summarise(sel);
    assert_close(reciprocity(s), 0.5, 1e-15);
    flow_table_free(s);
    /* undirected: 1 */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    assert_close(reciprocity(s), 1, 1e-15);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__reciprocity_nan_without_edges(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 1990, 1999)); /* nothing */
    flow_table *s = summarise(sel);
    assert_int_equal(edge_count(s), 0);
    assert_int_equal(flow_count(s), 0);
    assert_int_equal(year_count(s), 0);
    assert_int_equal(node_count(s), 4);
    assert_true(isnan(reciprocity(s)));
    assert_true(density(s) == 0);
    flow_table_free(s);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    assert_true(isnan(reciprocity(s))); /* NAN even when undirected */
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- the table ------------------------------------------------------------------ */

static void test_summary__table_shape(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    /* no rows of its own: scalars and three parts */
    assert_int_equal(flow_table_row_count(s), 0);
    assert_int_equal(flow_table_column_count(s), 0);
    static const char *const scalars[] = {"nodes",   "edges",       "flows",
                                          "density", "reciprocity", "weighted_reciprocity"};
    assert_int_equal(flow_table_scalar_count(s), 6);
    for (size_t i = 0; i < 6; i++) assert_string_equal(flow_table_scalar_name(s, i), scalars[i]);
    /* weighted: edges A->B 15 (3 + 2 + 10), B->A 1, B->C 30, C->A 4; the
     * pair A, B reciprocates min(15, 1) = 1 each way: 2 / 50 */
    assert_close(flow_table_scalar(s, "weighted_reciprocity"), 2.0 / 50, 1e-15);
    double u = 0, w = 0;
    assert_flow_ok(flow_structure_reciprocity(&u, &w, sel));
    assert_true(u == reciprocity(s) && w == flow_table_scalar(s, "weighted_reciprocity"));

    static const struct {
        const char *part;
        const char *cols[4];
        int types[4];
    } parts[] = {
        {"kinds", {"name", "nodes"}, {FLOW_COLUMN_TEXT, FLOW_COLUMN_INT}},
        {"factors",
         {"name", "unit", "flows", "weight"},
         {FLOW_COLUMN_TEXT, FLOW_COLUMN_TEXT, FLOW_COLUMN_INT, FLOW_COLUMN_DOUBLE}},
        {"years",
         {"year", "flows", "weight"},
         {FLOW_COLUMN_INT, FLOW_COLUMN_INT, FLOW_COLUMN_DOUBLE}},
    };
    assert_int_equal(flow_table_part_count(s), 3);
    for (size_t i = 0; i < 3; i++) {
        const flow_table *p = flow_table_part_at(s, i);
        assert_string_equal(flow_table_name(p), parts[i].part);
        size_t nc = parts[i].cols[3] ? 4 : parts[i].cols[2] ? 3 : 2;
        assert_int_equal(flow_table_column_count(p), nc);
        for (size_t c = 0; c < nc; c++) {
            assert_string_equal(flow_table_column_name(p, c), parts[i].cols[c]);
            assert_int_equal(flow_table_column_type(p, c), parts[i].types[c]);
        }
    }
    /* the selection, as the totals describe it: two units, so none */
    assert_string_equal(flow_table_meta(s, "analysis"), "summary");
    assert_string_equal(flow_table_meta(s, "factors"), "talent,capital");
    assert_string_equal(flow_table_meta(s, "years"), "all");
    assert_null(flow_table_meta(s, "unit"));
    flow_table_free(s);
    /* one factor: its unit, raw even under shares */
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    s = summarise(sel);
    assert_string_equal(flow_table_meta(s, "unit"), "persons");
    assert_close(factor_weight(s, 0), 15, 1e-15);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* The margins are those of the totals (one computation): every factor's and
 * every year's sums of the totals' rows. */
static void test_summary__margins_of_the_totals(void **state)
{
    (void)state;
    random_row rows[RANDOM_ROWS];
    random_rows(rows, 7u);
    flow_network *net = random_network(rows);
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel), *t = NULL;
    assert_flow_ok(flow_structure_totals(&t, sel));
    const char *const *tf = flow_table_texts(t, table_col(t, "factor"));
    const int64_t *ty = flow_table_ints(t, table_col(t, "year"));
    const int64_t *tn = flow_table_ints(t, table_col(t, "flows"));
    const double *tw = flow_table_doubles(t, table_col(t, "weight"));
    int64_t all = 0;
    for (size_t f = 0; f < factor_count(s); f++) {
        int64_t n = 0;
        double w = 0;
        for (size_t r = 0; r < flow_table_row_count(t); r++)
            if (strcmp(tf[r], factor_name(s, f)) == 0) n += tn[r], w += tw[r];
        assert_int_equal(factor_flows(s, f), n);
        assert_close(factor_weight(s, f), w, 1e-12);
        all += n;
    }
    for (size_t y = 0; y < year_count(s); y++) {
        int64_t n = 0;
        for (size_t r = 0; r < flow_table_row_count(t); r++)
            if (ty[r] == year_at(s, y)) n += tn[r];
        assert_int_equal(year_flows(s, y), n);
    }
    assert_int_equal(flow_count(s), all);
    flow_table_free(t);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Names come through as they are (rendering, escaping, is the reader's
 * business: flowctl's JSON is tested in tests/cli). */
static void test_summary__strings_as_they_are(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", NULL, "say \"hi\"\\", NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, "tab\there\x01", NULL));
    assert_flow_ok(flow_network_add_node(net, "C", NULL, "\xe7\x9c\x81", NULL)); /* 省 */
    assert_flow_ok(flow_network_add_factor(net, "talent", "\"persons\"\n"));
    assert_flow_ok(flow_network_add_flow(net, "A", "A", "talent", 1, FLOW_NO_YEAR));
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    assert_true(isnan(reciprocity(s))); /* no edge */
    assert_true(isnan(flow_table_scalar(s, "weighted_reciprocity")));
    assert_true(density(s) == 0);
    assert_int_equal(kind_count(s), 3);
    assert_string_equal(kind_name(s, 0), "say \"hi\"\\");
    assert_string_equal(kind_name(s, 1), "tab\there\x01");
    assert_string_equal(kind_name(s, 2), "\xe7\x9c\x81");
    assert_string_equal(factor_unit(s, 0), "\"persons\"\n");
    assert_int_equal(year_count(s), 1);
    assert_int_equal(year_at(s, 0), FLOW_NO_YEAR);
    assert_int_equal(year_flows(s, 0), 1);
    assert_true(year_weight(s, 0) == 1);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__of_an_empty_network(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    assert_int_equal(node_count(s), 0);
    assert_int_equal(edge_count(s), 0);
    assert_int_equal(flow_count(s), 0);
    assert_true(density(s) == 0);
    assert_true(isnan(reciprocity(s)));
    assert_int_equal(kind_count(s), 0);
    assert_int_equal(factor_count(s), 0);
    assert_int_equal(year_count(s), 0);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: flow_summary_new() (now flow_summary_compute()) passed the
 * NULL data of an empty GArray to qsort() (no kind: an empty network; no
 * year: nothing kept), undefined behaviour that UBSan aborts on.
 * Meaningful in the sanitised build. */
static void test_summary__empty_kind_and_year_lists_are_not_sorted(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel); /* no kind, no year */
    assert_int_equal(kind_count(s), 0);
    assert_int_equal(year_count(s), 0);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);

    net = tiny_flows_network();
    sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 1900, 1900)); /* kinds, but no year */
    s = summarise(sel);
    assert_int_equal(kind_count(s), 3);
    assert_int_equal(year_count(s), 0);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- lifetimes and misuse ----------------------------------------------------- */

static void test_summary__outlives_network_and_selection(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    flow_network_free(net);   /* first the network handle, */
    flow_selection_free(sel); /* then the selection: the summary keeps the network */
    /* names are borrowed from the network, still alive */
    assert_string_equal(kind_name(s, 2), "region");
    assert_string_equal(factor_name(s, 0), "talent");
    assert_string_equal(factor_unit(s, 1), "100M yuan");
    assert_string_equal(factor_unit(s, 0), "persons");
    assert_non_null(flow_table_network(s));
    flow_table_free(s); /* the last reference (ASan checks the rest) */

    /* and a summary made after the network handle was freed */
    net = tiny_flows_network();
    sel = new_selection(net);
    flow_network_free(net);
    s = summarise(sel);
    assert_int_equal(edge_count(s), 4);
    flow_table_free(s);
    flow_selection_free(sel);
}

static void test_summary__null_handles(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = (flow_table *)1;
    assert_flow_fails(FLOW_EINVAL, flow_summary_compute(NULL, sel));
    assert_flow_fails(FLOW_EMISUSE, flow_summary_compute(&s, NULL));
    assert_null(s);
    flow_table_free(NULL); /* no-op */
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__out_of_range_reads(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_table *s = summarise(sel);
    const flow_table *k = part(s, "kinds"), *f = part(s, "factors"), *y = part(s, "years");
    assert_int_equal(flow_table_row_count(k), 3);
    assert_null(flow_table_text(k, 0, 3));
    assert_int_equal(flow_table_row_count(f), 2);
    assert_null(flow_table_text(f, 0, 2));
    assert_null(flow_table_text(f, 1, 2));
    assert_null(flow_table_text(f, 2, 0)); /* flows: not text */
    assert_int_equal(flow_table_row_count(y), 4);
    assert_null(flow_table_part(s, "nodes"));
    assert_true(isnan(flow_table_scalar(s, "modularity")));
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- cross-check with networkx -------------------------------------------------- */

/*
 * Reference values: networkx (nx.density, nx.reciprocity) on the DiGraph
 * built from the default selection's edges (flow_selection_table()'s
 * source / target) plus every vertex, and nx.density of nx.Graph(that DiGraph) for
 * the undirected selection. The script also rebuilds the edge set from the
 * raw generated rows (self-loops dropped) and checks it equals the
 * selection's, so the graph fed to networkx is itself checked.
 */
static const char networkx_py[] =
    "import sys\n"
    "try:\n"
    "    import networkx as nx\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "rows, edges, nodes = sys.argv[1:4]\n"
    "G = nx.DiGraph()\n"
    "G.add_nodes_from(l.strip() for l in open(nodes) if l.strip())\n"
    "for line in open(edges):\n"
    "    s, t, w = line.split('\\t')\n"
    "    G.add_edge(s, t, weight=float(w))\n"
    "raw = set()\n"
    "for line in open(rows):\n"
    "    s, t = line.split('\\t')[:2]\n"
    "    if s != t: raw.add((s, t))\n"
    "assert raw == set(G.edges()), 'edge sets differ'\n"
    "print('nodes %d' % G.number_of_nodes())\n"
    "print('edges %d' % G.number_of_edges())\n"
    "print('density %r' % nx.density(G))\n"
    "print('reciprocity %r' % nx.reciprocity(G))\n"
    "U = nx.Graph(G)\n"
    "print('uedges %d' % U.number_of_edges())\n"
    "print('udensity %r' % nx.density(U))\n";

static double oracle_value(const char *out, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "%s ", key);
    for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, pat, strlen(pat)) == 0) return strtod(p + strlen(pat), NULL);
    print_error("oracle output lacks '%s':\n%s\n", key, out);
    fail();
    return NAN;
}

static void test_summary__matches_networkx(void **state)
{
    (void)state;
    random_row rows[RANDOM_ROWS];
    random_rows(rows, 20240611u);
    flow_network *net = random_network(rows);
    flow_selection *sel = new_selection(net);

    char rows_path[512], edges_path[512], nodes_path[512];
    temp_path(rows_path, sizeof rows_path, "summary-rows");
    temp_path(edges_path, sizeof edges_path, "summary-edges");
    temp_path(nodes_path, sizeof nodes_path, "summary-nodes");
    write_random_rows(rows_path, rows);
    write_selection_edges(edges_path, sel);
    FILE *f = fopen(nodes_path, "w");
    assert_non_null(f);
    write_vertex_ids(f, sel);
    assert_int_equal(fclose(f), 0);
    char *out = run_python(networkx_py, rows_path, edges_path, nodes_path);
    unlink(rows_path);
    unlink(edges_path);
    unlink(nodes_path);

    flow_table *s = summarise(sel);
    assert_int_equal(node_count(s), (size_t)oracle_value(out, "nodes"));
    assert_int_equal(node_count(s), RANDOM_NODES); /* isolated N38, N39 too */
    assert_int_equal(edge_count(s), (size_t)oracle_value(out, "edges"));
    assert_close(density(s), oracle_value(out, "density"), 1e-12);
    assert_close(reciprocity(s), oracle_value(out, "reciprocity"), 1e-12);
    /* flows: 300 rows, of which the repeated ones merged */
    size_t distinct = 0;
    for (int i = 0; i < RANDOM_ROWS; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = rows[j].source == rows[i].source && rows[j].target == rows[i].target &&
                   rows[j].factor == rows[i].factor && rows[j].year == rows[i].year;
        distinct += !seen;
    }
    assert_int_equal(flow_count(s), distinct);
    assert_true(distinct < RANDOM_ROWS);
    flow_table_free(s);

    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    assert_int_equal(edge_count(s), (size_t)oracle_value(out, "uedges"));
    assert_close(density(s), oracle_value(out, "udensity"), 1e-12);
    assert_close(reciprocity(s), 1, 1e-15);
    flow_table_free(s);
    free(out);
    flow_selection_free(sel);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary__counts_of_the_whole_network),
        cmocka_unit_test(test_summary__kinds_sorted_with_counts),
        cmocka_unit_test(test_summary__factors_in_network_order_with_units),
        cmocka_unit_test(test_summary__years_ascending_no_year_first),
        cmocka_unit_test(test_summary__negative_and_zero_years_sort),
        cmocka_unit_test(test_summary__follows_factor_and_year_filters),
        cmocka_unit_test(test_summary__share_reports_raw_weights),
        cmocka_unit_test(test_summary__rolled_up_kinds),
        cmocka_unit_test(test_summary__density_directed_and_undirected),
        cmocka_unit_test(test_summary__density_zero_below_two_vertices),
        cmocka_unit_test(test_summary__reciprocity),
        cmocka_unit_test(test_summary__reciprocity_nan_without_edges),
        cmocka_unit_test(test_summary__table_shape),
        cmocka_unit_test(test_summary__margins_of_the_totals),
        cmocka_unit_test(test_summary__strings_as_they_are),
        cmocka_unit_test(test_summary__of_an_empty_network),
        cmocka_unit_test(test_summary__empty_kind_and_year_lists_are_not_sorted),
        cmocka_unit_test(test_summary__outlives_network_and_selection),
        cmocka_unit_test(test_summary__null_handles),
        cmocka_unit_test(test_summary__out_of_range_reads),
        cmocka_unit_test(test_summary__matches_networkx),
    };
    return cmocka_run_group_tests_name("summary", tests, NULL, NULL);
}

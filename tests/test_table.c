/*
 * The table reader (libflow/table.h) on analysis tables: a per-vertex
 * centrality table (a node column read as ids and as node indexes, a double
 * column, metadata with a unit), a summary (scalars and parts), lifetimes
 * (a table outlives its selection and the caller's network handle), empty
 * tables, and NULL / out-of-range reads. The reader on registry tables
 * (text and int columns, parts of a table without a network) is in
 * test_registry.c.
 *
 * The network: cities a, c in region x, city b without a region; tech
 * flows (unit "patents") a->b 2.5, c->b 1, b->a 4 (2020), a->c 7 (inside
 * x). At level "region" the vertices are x (node 0: x, a, c) and b
 * (node 2); out-strengths x 2.5 + 1 = 3.5, b 4 (a->c is x's internal
 * flow, in no strength).
 */
#include "testutil.h"

static flow_network *regions_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "x", "Region X", "region", NULL));
    assert_flow_ok(flow_network_add_node(net, "a", "City A", "city", "x"));
    assert_flow_ok(flow_network_add_node(net, "b", "City B", "city", NULL));
    assert_flow_ok(flow_network_add_node(net, "c", "City C", "city", "x"));
    assert_flow_ok(flow_network_add_factor(net, "tech", "patents"));
    assert_flow_ok(flow_network_add_flow(net, "a", "b", "tech", 2.5, 2020));
    assert_flow_ok(flow_network_add_flow(net, "c", "b", "tech", 1, 2020));
    assert_flow_ok(flow_network_add_flow(net, "b", "a", "tech", 4, 2020));
    assert_flow_ok(flow_network_add_flow(net, "a", "c", "tech", 7, 2020));
    return net;
}

static flow_selection *by_region(flow_network *net)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_level(sel, "region"));
    return sel;
}

static flow_table *out_strength(flow_selection *sel)
{
    flow_table *t = NULL;
    assert_flow_ok(flow_centrality_compute(&t, sel, FLOW_OUT_STRENGTH, NULL));
    assert_non_null(t);
    return t;
}

static void test_table__vertex_table_columns(void **state)
{
    (void)state;
    flow_network *net = regions_network();
    flow_selection *sel = by_region(net);
    flow_table *t = out_strength(sel);

    assert_string_equal(flow_table_name(t), "out_strength");
    assert_ptr_equal(flow_table_network(t), net);
    assert_int_equal(flow_table_row_count(t), 2);
    assert_int_equal(flow_table_column_count(t), 2);
    assert_int_equal(flow_table_column_index(t, "node"), 0);
    assert_int_equal(flow_table_column_index(t, "out_strength"), 1);
    assert_int_equal(flow_table_column_index(t, "Node"), -1); /* exact names */
    assert_string_equal(flow_table_column_name(t, 0), "node");
    assert_string_equal(flow_table_column_name(t, 1), "out_strength");
    assert_int_equal(flow_table_column_type(t, 0), FLOW_COLUMN_NODE);
    assert_int_equal(flow_table_column_type(t, 1), FLOW_COLUMN_DOUBLE);

    /* the node column: node indexes (vertex order), read as text as ids */
    const int64_t *node = flow_table_ints(t, 0);
    assert_non_null(node);
    assert_int_equal(node[0], 0); /* x */
    assert_int_equal(node[1], 2); /* b */
    assert_string_equal(flow_table_text(t, 0, 0), "x");
    assert_string_equal(flow_table_text(t, 0, 1), "b");
    for (size_t r = 0; r < 2; r++)
        assert_string_equal(flow_table_text(t, 0, r), flow_network_node_id(net, (size_t)node[r]));
    /* the values */
    const double *v = flow_table_doubles(t, 1);
    assert_non_null(v);
    assert_true(v[0] == 3.5);
    assert_true(v[1] == 4);

    /* each column reads only as its type */
    assert_null(flow_table_doubles(t, 0));
    assert_null(flow_table_texts(t, 0)); /* node ids come one by one */
    assert_null(flow_table_ints(t, 1));
    assert_null(flow_table_texts(t, 1));
    assert_null(flow_table_text(t, 1, 0));
    /* the arrays are stable: the same pointer on every call */
    assert_ptr_equal(flow_table_doubles(t, 1), v);
    assert_ptr_equal(flow_table_ints(t, 0), node);

    /* out of range */
    assert_null(flow_table_text(t, 0, 2));
    assert_null(flow_table_text(t, 2, 0));
    assert_null(flow_table_text(t, SIZE_MAX, SIZE_MAX));
    assert_null(flow_table_column_name(t, 2));
    assert_int_equal(flow_table_column_type(t, 2), 0);
    assert_null(flow_table_doubles(t, 2));
    assert_null(flow_table_ints(t, 2));
    assert_null(flow_table_texts(t, 2));
    assert_int_equal(flow_table_column_index(t, NULL), -1);

    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_table__metadata_with_unit(void **state)
{
    (void)state;
    flow_network *net = regions_network();
    flow_selection *sel = by_region(net);
    flow_table *t = out_strength(sel);
    /* the measure, then the selection; strengths are in the factor's unit */
    assert_true(flow_table_meta_count(t) >= 7);
    assert_string_equal(flow_table_meta_key(t, 0), "analysis");
    assert_string_equal(flow_table_meta(t, "analysis"), "out_strength");
    assert_string_equal(flow_table_meta(t, "unit"), "patents");
    assert_string_equal(flow_table_meta(t, "level"), "region");
    assert_string_equal(flow_table_meta(t, "factors"), "tech");
    assert_string_equal(flow_table_meta(t, "directed"), "yes");
    int unit = 0;
    for (size_t i = 0; i < flow_table_meta_count(t); i++) {
        const char *key = flow_table_meta_key(t, i);
        assert_non_null(key);
        assert_non_null(flow_table_meta(t, key)); /* every key has its value */
        unit += strcmp(key, "unit") == 0;
    }
    assert_int_equal(unit, 1);
    assert_null(flow_table_meta_key(t, flow_table_meta_count(t)));
    assert_null(flow_table_meta(t, "no such key"));
    assert_null(flow_table_meta(t, NULL));
    /* no scalars, no parts */
    assert_int_equal(flow_table_scalar_count(t), 0);
    assert_null(flow_table_scalar_name(t, 0));
    assert_true(isnan(flow_table_scalar(t, "value")));
    assert_int_equal(flow_table_part_count(t), 0);
    assert_null(flow_table_part_at(t, 0));
    assert_null(flow_table_part(t, "nodes"));
    flow_table_free(t);

    /* a measure not in weight units has no "unit" */
    assert_flow_ok(flow_centrality_compute(&t, sel, FLOW_OUT_DEGREE, NULL));
    assert_null(flow_table_meta(t, "unit"));
    assert_string_equal(flow_table_meta(t, "normalized"), "0");
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_table__scalars_and_parts(void **state)
{
    (void)state;
    flow_network *net = regions_network();
    flow_selection *sel = by_region(net);
    flow_table *s = NULL;
    assert_flow_ok(flow_summary_compute(&s, sel));
    /* x -> b 3.5 and b -> x 4: 2 vertices, 2 edges, all reciprocated */
    assert_int_equal(flow_table_scalar_count(s), 6);
    assert_string_equal(flow_table_scalar_name(s, 0), "nodes");
    assert_null(flow_table_scalar_name(s, 6));
    assert_true(flow_table_scalar(s, "nodes") == 2);
    assert_true(flow_table_scalar(s, "edges") == 2);
    assert_true(flow_table_scalar(s, "flows") == 4);
    assert_true(flow_table_scalar(s, "density") == 1);
    assert_true(flow_table_scalar(s, "reciprocity") == 1);
    assert_close(flow_table_scalar(s, "weighted_reciprocity"), 7.0 / 7.5, 1e-15);
    for (size_t i = 0; i < flow_table_scalar_count(s); i++)
        assert_false(isnan(flow_table_scalar(s, flow_table_scalar_name(s, i))));
    assert_true(isnan(flow_table_scalar(s, NULL)));
    /* parts: borrowed, named, in order, with the top table's network */
    assert_int_equal(flow_table_part_count(s), 3);
    const flow_table *kinds = flow_table_part(s, "kinds");
    assert_ptr_equal(flow_table_part_at(s, 0), kinds);
    assert_ptr_equal(flow_table_network(kinds), net);
    assert_string_equal(flow_table_name(flow_table_part_at(s, 2)), "years");
    assert_null(flow_table_part_at(s, 3));
    assert_null(flow_table_part(s, NULL));
    /* kinds: city (b) 1, region (x) 1 */
    assert_int_equal(flow_table_row_count(kinds), 2);
    assert_string_equal(flow_table_text(kinds, 0, 0), "city");
    assert_string_equal(flow_table_texts(kinds, 0)[1], "region");
    assert_int_equal(flow_table_ints(kinds, 1)[0], 1);
    flow_table_free((flow_table *)kinds); /* a part: a no-op */
    assert_string_equal(flow_table_name(kinds), "kinds");
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_table__outlives_selection_and_network(void **state)
{
    (void)state;
    flow_network *net = regions_network();
    flow_selection *sel = by_region(net);
    flow_table *t = out_strength(sel);
    flow_table *s = NULL;
    assert_flow_ok(flow_summary_compute(&s, sel));
    flow_selection_free(sel);
    flow_network_free(net); /* the caller's handle: the tables keep the network */
    flow_network *kept = flow_table_network(t);
    assert_non_null(kept);
    assert_ptr_equal(flow_table_network(s), kept);
    assert_string_equal(flow_table_text(t, 0, 1), "b");
    assert_string_equal(net_text(kept, "nodes", "name", (size_t)flow_table_ints(t, 0)[0]),
                        "Region X");
    assert_true(flow_table_doubles(t, 1)[1] == 4);
    assert_string_equal(flow_table_meta(t, "unit"), "patents");
    assert_string_equal(flow_table_text(flow_table_part(s, "factors"), 0, 0), "tech");
    flow_table_free(t);
    /* the last table frees the network (ASan checks) */
    assert_string_equal(flow_table_text(flow_table_part(s, "kinds"), 0, 1), "region");
    flow_table_free(s);
}

static void test_table__empty_tables(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    flow_table *t = NULL;
    assert_flow_ok(flow_centrality_compute(&t, sel, FLOW_PAGERANK, NULL));
    /* columns without rows: named and typed, but no arrays */
    assert_int_equal(flow_table_row_count(t), 0);
    assert_int_equal(flow_table_column_count(t), 2);
    assert_string_equal(flow_table_column_name(t, 1), "pagerank");
    assert_int_equal(flow_table_column_type(t, 0), FLOW_COLUMN_NODE);
    assert_null(flow_table_ints(t, 0));
    assert_null(flow_table_doubles(t, 1));
    assert_null(flow_table_text(t, 0, 0));
    assert_string_equal(flow_table_meta(t, "analysis"), "pagerank");
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_table__null(void **state)
{
    (void)state;
    /* the readers test_registry.c does not already try on NULL */
    assert_null(flow_table_network(NULL));
    assert_null(flow_table_column_name(NULL, 0));
    assert_int_equal(flow_table_column_type(NULL, 0), 0);
    assert_null(flow_table_doubles(NULL, 0));
    assert_null(flow_table_ints(NULL, 0));
    assert_null(flow_table_texts(NULL, 0));
    assert_null(flow_table_text(NULL, 0, 0));
    assert_int_equal(flow_table_scalar_count(NULL), 0);
    assert_null(flow_table_scalar_name(NULL, 0));
    assert_int_equal(flow_table_meta_count(NULL), 0);
    assert_null(flow_table_meta_key(NULL, 0));
    assert_int_equal(flow_table_part_count(NULL), 0);
    assert_null(flow_table_part_at(NULL, 0));
    /* an analysis that fails hands back NULL, which reads as empty */
    flow_table *t = (flow_table *)&t;
    assert_flow_fails(FLOW_EMISUSE, flow_centrality_compute(&t, NULL, FLOW_PAGERANK, NULL));
    assert_null(t);
    assert_int_equal(flow_table_row_count(t), 0);
    flow_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table__vertex_table_columns),
        cmocka_unit_test(test_table__metadata_with_unit),
        cmocka_unit_test(test_table__scalars_and_parts),
        cmocka_unit_test(test_table__outlives_selection_and_network),
        cmocka_unit_test(test_table__empty_tables),
        cmocka_unit_test(test_table__null),
    };
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}

/* Result handles: flow_edges accessors, ownership and NULL / out-of-range
 * behaviour (flow_scores from centrality are flow_table now: the reader is
 * tested on them in test_table.c). */
#include "testutil.h"

static flow_network *two_nodes(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "a", "Alpha", NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "b", "Beta", NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "a", "b", "tech", 2.5, 2020));
    return net;
}

static void test_result__edges_accessors(void **state)
{
    (void)state;
    flow_network *net = two_nodes();
    flow_selection *sel = NULL;
    flow_edges *e = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_bottleneck_edge_betweenness(&e, sel, FLOW_LENGTH_INVERSE));
    assert_string_equal(flow_edges_measure(e), "edge_betweenness");
    assert_int_equal(flow_edges_count(e), 1);
    assert_int_equal(flow_edges_source(e, 0), 0);
    assert_int_equal(flow_edges_target(e, 0), 1);
    assert_string_equal(flow_edges_source_id(e, 0), "a");
    assert_string_equal(flow_edges_target_id(e, 0), "b");
    assert_int_equal(flow_edges_factor(e, 0), -1);
    assert_true(flow_edges_weight(e, 0) == 2.5);
    assert_true(flow_edges_value(e, 0) == 1); /* one shortest path uses it */
    assert_int_equal(flow_edges_source(e, 1), -1);
    assert_int_equal(flow_edges_target(e, 1), -1);
    assert_null(flow_edges_source_id(e, 1));
    assert_null(flow_edges_target_id(e, 1));
    assert_int_equal(flow_edges_factor(e, 1), -1);
    assert_true(isnan(flow_edges_weight(e, 1)));
    assert_true(isnan(flow_edges_value(e, 1)));
    flow_network_free(net);
    flow_selection_free(sel);
    assert_string_equal(flow_edges_target_id(e, 0), "b");
    flow_edges_free(e);
}

static void test_result__null_handles(void **state)
{
    (void)state;
    flow_scores_free(NULL);
    flow_edges_free(NULL);
    assert_null(flow_scores_measure(NULL));
    assert_int_equal(flow_scores_count(NULL), 0);
    assert_null(flow_scores_values(NULL));
    assert_true(isnan(flow_scores_value(NULL, 0)));
    assert_int_equal(flow_scores_node(NULL, 0), -1);
    assert_null(flow_scores_id(NULL, 0));
    assert_null(flow_edges_measure(NULL));
    assert_int_equal(flow_edges_count(NULL), 0);
    assert_int_equal(flow_edges_source(NULL, 0), -1);
    assert_null(flow_edges_source_id(NULL, 0));
    assert_true(isnan(flow_edges_value(NULL, 0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_result__edges_accessors),
        cmocka_unit_test(test_result__null_handles),
    };
    return cmocka_run_group_tests_name("result", tests, NULL, NULL);
}

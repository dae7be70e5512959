/*
 * Stopping the long analyses through the progress callback, each at a
 * fixed point.
 *
 * An igraph algorithm that reports no progress of its own (Louvain's
 * levels, ...) asks the callback whether to stop at
 * its interruption checks once 0.1 s passed without a call to it
 * (libflow/igraph_gate.h). This test sets that pause to 0
 * (flow__igraph_ask_interval_us), so that every check asks, and replays
 * each analysis with a callback that stops at its 1st, middle and last
 * call: the analysis must return FLOW_EINTERRUPTED, no result and, under
 * the asan preset, leak nothing. PageRank (libflow's own solver) reports
 * after each of its sweeps. Louvain, Infomap and label propagation
 * stop inside igraph at the check that asked (flow__igraph_stop_midway());
 * this replay under asan is what clears an igraph algorithm for that (the
 * ARPACK centralities and Leiden free a stack address when stopped so in
 * igraph 0.10.2). It links the static library to reach the internal
 * setting.
 */
#include "testutil.h"

/* libflow/igraph_gate.h (which needs igraph's headers) */
extern int64_t flow__igraph_ask_interval_us;

typedef struct {
    int calls, stop_at; /* stop_at 0: never */
    int bad_percent;
} counter;

static int on_progress(double percent, const char *message, void *payload)
{
    (void)message;
    counter *c = payload;
    c->calls++;
    if (!(percent >= 0 && percent <= 100)) c->bad_percent++;
    return c->stop_at > 0 && c->calls >= c->stop_at;
}

/* 200 nodes, 2000 seeded flows between them (a few form strong blocks). */
static flow_network *test_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char id[16], id2[16];
    for (int i = 0; i < 200; i++) {
        snprintf(id, sizeof id, "n%d", i);
        assert_flow_ok(flow_network_add_node(net, id, NULL, NULL, NULL));
    }
    uint32_t st = 12345u;
    for (int k = 0; k < 2000; k++) {
        st = st * 1664525u + 1013904223u;
        int a = (int)(st >> 8) % 200;
        st = st * 1664525u + 1013904223u;
        int b = (st >> 30) ? (a / 20) * 20 + (int)(st >> 8) % 20 : (int)(st >> 8) % 200;
        if (a == b) continue;
        snprintf(id, sizeof id, "n%d", a);
        snprintf(id2, sizeof id2, "n%d", b);
        assert_flow_ok(flow_network_add_flow(net, id, id2, "talent", 1 + (st >> 20) % 50, 2020));
    }
    return net;
}

/* Not here: the analyses linear in the graph's size (strengths, degrees,
 * k-core), which make no report and no interruption check. */
enum { CENTRALITY, CLUSTER };

/* checks: igraph's algorithm checks for interruption between the
 * analysis's own reports (so the questions add calls); PageRank (no
 * igraph) and Burt's constraint make no check: a stop is seen at their
 * reports. own: the fewest own reports of a run (PageRank: percent 0,
 * then one per sweep, and it sweeps more than ten times at damping 0.85
 * here). */
typedef struct {
    int kind, which;
    const char *name;
    int checks, own;
} analysis;

static const analysis analyses[] = {
    {CENTRALITY, FLOW_PAGERANK, "pagerank", 0, 10},
    {CENTRALITY, FLOW_HUB, "hub", 1, 1},
    {CENTRALITY, FLOW_EIGENVECTOR, "eigenvector", 1, 1},
    {CENTRALITY, FLOW_BETWEENNESS, "betweenness", 1, 1},
    {CENTRALITY, FLOW_CLOSENESS, "closeness", 0, 1},
    {CENTRALITY, FLOW_CONSTRAINT, "constraint", 0, 1},
    {CLUSTER, FLOW_CLUSTER_LEIDEN, "leiden", 1, 1},
    {CLUSTER, FLOW_CLUSTER_LOUVAIN, "louvain", 1, 1},
    {CLUSTER, FLOW_CLUSTER_INFOMAP, "infomap", 1, 1},
    {CLUSTER, FLOW_CLUSTER_WALKTRAP, "walktrap", 0, 1},
    {CLUSTER, FLOW_CLUSTER_LABEL_PROPAGATION, "label_propagation", 1, 1},
};

static int run(const analysis *a, flow_selection *sel, flow_table **out)
{
    switch (a->kind) {
    case CENTRALITY: return flow_centrality_compute(out, sel, a->which, NULL);
    default: {
        flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
        o.trials = 2;
        return flow_cluster_detect(out, sel, a->which, &o);
    }
    }
}

/* The calls an uninterrupted run makes (its result checked), then stops at
 * the first, middle and last of them. */
static int replay(const analysis *a, flow_selection *sel)
{
    counter all = {0, 0, 0};
    assert_flow_ok(flow_selection_set_progress(sel, on_progress, &all));
    flow_table *t = NULL;
    if (run(a, sel, &t) != FLOW_OK) fail_msg("%s: %s", a->name, flow_last_error());
    assert_non_null(t);
    flow_table_free(t);
    assert_int_equal(all.bad_percent, 0);
    int stops[3] = {1, (all.calls + 1) / 2, all.calls};
    for (int i = 0; i < 3 && all.calls > 0; i++) {
        counter c = {0, stops[i], 0};
        assert_flow_ok(flow_selection_set_progress(sel, on_progress, &c));
        t = (flow_table *)(void *)&t;
        int rc = run(a, sel, &t);
        if (rc != FLOW_EINTERRUPTED)
            fail_msg("%s stopped at call %d of %d: %d (%s)", a->name, stops[i], all.calls, rc,
                     flow_last_error());
        assert_null(t);
        assert_int_equal(c.calls, stops[i]);
        assert_int_equal(c.bad_percent, 0);
    }
    assert_flow_ok(flow_selection_set_progress(sel, NULL, NULL));
    return all.calls;
}

/* Every analysis of the list is asked at least once per run, and stops
 * wherever its callback says so; where igraph checks for interruption,
 * the checks ask beyond the analysis's own reports. Walktrap and
 * closeness report per merge and per chunk of sources already. */
static void test_interrupt__every_long_analysis_stops_at_each_call(void **state)
{
    (void)state;
    int64_t saved = flow__igraph_ask_interval_us;
    flow__igraph_ask_interval_us = 0;
    flow_network *net = test_network();
    for (int directed = 1; directed >= 0; directed--) {
        flow_selection *sel = NULL;
        assert_flow_ok(flow_selection_new(&sel, net));
        assert_flow_ok(flow_selection_set_directed(sel, directed));
        for (size_t i = 0; i < sizeof analyses / sizeof *analyses; i++) {
            /* the analysis's own reports alone (no question ever due) */
            flow__igraph_ask_interval_us = INT64_MAX;
            int own = replay(&analyses[i], sel);
            flow__igraph_ask_interval_us = 0;
            int calls = replay(&analyses[i], sel);
            print_message("%s (%s): %d reports, %d calls\n", analyses[i].name,
                          directed ? "directed" : "undirected", own, calls);
            if (calls < 1) fail_msg("%s (directed %d) never asked its callback",
                                    analyses[i].name, directed);
            if (own < analyses[i].own)
                fail_msg("%s (directed %d): %d own reports, expected at least %d",
                         analyses[i].name, directed, own, analyses[i].own);
            /* was: hub, eigenvector, Leiden, Louvain, Infomap and label
             * propagation asked only at their 1 to 5 own reports */
            if (analyses[i].checks && calls <= own)
                fail_msg("%s (directed %d): igraph's checks asked nothing (%d calls)",
                         analyses[i].name, directed, calls);
        }
        flow_selection_free(sel);
    }
    flow_network_free(net);
    flow__igraph_ask_interval_us = saved;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interrupt__every_long_analysis_stops_at_each_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

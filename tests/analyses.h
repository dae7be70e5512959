/*
 * Every analysis of libflow, run on one selection: the list shared by the
 * numbers suite (test_numbers.c) and the analyses fuzzer
 * (tests/fuzz/fuzz_analyses.c).
 *
 * The registries drive the families that have one ("centrality",
 * "cluster", "kcore", "test": every entry, so a measure added to a
 * registry is run here without editing this file); the table `analyses`
 * below lists the other entry points (bottleneck, structure, brokerage,
 * gravity, summary, cluster tracking, declared groups, reciprocity).
 *
 * run_every_analysis(sel, each, data) calls each(name, rc, table, values,
 * nvalues, data) once per analysis: name as "family/entry", the return
 * code, and the result (NULL on failure; each() takes it over and frees
 * it). Scalar results (reciprocity: unweighted, weighted) come as values.
 * Nothing asserts: callers decide what a failure means.
 *
 * The endpoints of the bottleneck analyses are the selection's first and
 * last network nodes; groups are the network's own ("g" in the fuzzer);
 * significance runs 19 null samples, seed 1; clusters seed 1.
 *
 * nan_documented(analysis, column) says whether a header documents NaN in
 * that column (or scalar, or "value") of that analysis: the one list of
 * them, with where each is documented.
 */
#ifndef LIBFLOW_TESTS_ANALYSES_H
#define LIBFLOW_TESTS_ANALYSES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libflow.h"

typedef void (*analysis_cb)(const char *name, int rc, flow_table *result,
                            const double *values, size_t nvalues, void *data);

typedef struct {
    flow_selection *sel;
    const char *first, *last; /* node ids, NULL when the network has none */
} analysis_env;

typedef int (*analysis_fn)(flow_table **out, const analysis_env *env);

static int an_min_cut(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_min_cut(out, e->sel, &e->first, 1, &e->last, 1, 1);
}
static int an_widest(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_widest_path(out, e->sel, e->first, e->last);
}
static int an_bridges(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_bridges(out, e->sel);
}
static int an_articulation(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_articulation_points(out, e->sel);
}
static int an_dominators(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_dominators(out, e->sel, e->first);
}
static int an_must_cross(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_must_cross(out, e->sel, &e->first, 1, &e->last, 1);
}
static int an_critical_nodes(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_critical_nodes(out, e->sel, &e->first, 1, &e->last, 1);
}
static int an_critical_edges(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_critical_edges(out, e->sel, &e->first, 1, &e->last, 1);
}
static int an_edge_betweenness(flow_table **out, const analysis_env *e)
{
    return flow_bottleneck_edge_betweenness(out, e->sel, FLOW_LENGTH_INVERSE);
}
static int an_totals(flow_table **out, const analysis_env *e)
{
    return flow_structure_totals(out, e->sel);
}
static int an_net_flow(flow_table **out, const analysis_env *e)
{
    return flow_structure_net_flow(out, e->sel);
}
static int an_hhi_out(flow_table **out, const analysis_env *e)
{
    return flow_structure_hhi(out, e->sel, FLOW_STRUCTURE_OUT);
}
static int an_hhi_total(flow_table **out, const analysis_env *e)
{
    return flow_structure_hhi(out, e->sel, FLOW_STRUCTURE_TOTAL);
}
static int an_backbone(flow_table **out, const analysis_env *e)
{
    return flow_structure_backbone(out, e->sel, 0.05);
}
static int an_series(flow_table **out, const analysis_env *e)
{
    return flow_structure_series(out, e->sel, "pagerank", NULL);
}
static int an_brokerage(flow_table **out, const analysis_env *e)
{
    return flow_brokerage_from_groups(out, e->sel, NULL, 0, NULL);
}
static int an_gravity(flow_table **out, const analysis_env *e)
{
    flow_gravity_options o = FLOW_GRAVITY_OPTIONS_INIT;
    o.distance = FLOW_GRAVITY_DISTANCE_NONE;
    return flow_gravity_fit(out, e->sel, &o);
}
static int an_gravity_lat_lon(flow_table **out, const analysis_env *e)
{
    return flow_gravity_fit(out, e->sel, NULL);
}
static int an_summary(flow_table **out, const analysis_env *e)
{
    return flow_summary_compute(out, e->sel);
}
static int an_track(flow_table **out, const analysis_env *e)
{
    return flow_cluster_track(out, e->sel, FLOW_CLUSTER_LOUVAIN, NULL, 0.3);
}
static int an_groups(flow_table **out, const analysis_env *e)
{
    return flow_cluster_from_groups(out, e->sel, NULL, 0);
}

static const struct {
    const char *name;
    analysis_fn fn;
} analyses[] = {
    {"bottleneck/min_cut", an_min_cut},
    {"bottleneck/widest_path", an_widest},
    {"bottleneck/bridges", an_bridges},
    {"bottleneck/articulation_points", an_articulation},
    {"bottleneck/dominators", an_dominators},
    {"bottleneck/must_cross", an_must_cross},
    {"bottleneck/critical_nodes", an_critical_nodes},
    {"bottleneck/critical_edges", an_critical_edges},
    {"bottleneck/edge_betweenness", an_edge_betweenness},
    {"structure/totals", an_totals},
    {"structure/net_flow", an_net_flow},
    {"structure/hhi_out", an_hhi_out},
    {"structure/hhi_total", an_hhi_total},
    {"structure/backbone", an_backbone},
    {"structure/series", an_series},
    {"brokerage/from_groups", an_brokerage},
    {"gravity/fit", an_gravity},
    {"gravity/fit_lat_lon", an_gravity_lat_lon},
    {"summary/compute", an_summary},
    {"cluster/track", an_track},
    {"cluster/from_groups", an_groups},
};

/* Runs one entry (its registry value) of a registry family. */
static int run_family_entry(const char *family, int value, const analysis_env *env,
                            flow_table **out)
{
    if (strcmp(family, "centrality") == 0)
        return flow_centrality_compute(out, env->sel, value, NULL);
    if (strcmp(family, "cluster") == 0) {
        flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
        return flow_cluster_detect(out, env->sel, value, &o);
    }
    if (strcmp(family, "kcore") == 0) return flow_cluster_kcore(out, env->sel, value);
    flow_significance_options o = FLOW_SIGNIFICANCE_OPTIONS_INIT;
    o.samples = 19;
    return flow_significance_test(out, env->sel, value, NULL, 0, &o);
}

/* Runs the entries of a registry family through one call. */
static void run_family(const char *family, const analysis_env *env, analysis_cb each,
                       void *data)
{
    flow_table *reg = NULL;
    if (flow_registry_list(&reg, family) != FLOW_OK) {
        each(family, -1000, NULL, NULL, 0, data);
        return;
    }
    for (size_t r = 0; r < flow_table_row_count(reg); r++) {
        const char *entry = flow_table_text(reg, 0, r);
        int value = (int)flow_table_ints(reg, 1)[r];
        char name[128];
        snprintf(name, sizeof name, "%s/%s", family, entry);
        flow_table *out = NULL;
        int rc = run_family_entry(family, value, env, &out);
        each(name, rc, rc == FLOW_OK ? out : NULL, NULL, 0, data);
        if (rc != FLOW_OK) flow_table_free(out);
    }
    flow_table_free(reg);
}

/* `significance`: 0 skips the family "test" (the slowest: null models). */
static void run_analyses(flow_selection *sel, int significance, analysis_cb each, void *data)
{
    analysis_env env = {sel, NULL, NULL};
    flow_network *net = flow_selection_network(sel);
    size_t nn = net ? flow_network_node_count(net) : 0;
    if (nn) {
        env.first = flow_network_node_id(net, 0);
        env.last = flow_network_node_id(net, nn - 1);
    }
    static const char *const families[] = {"centrality", "cluster", "kcore", "test"};
    for (size_t f = 0; f < sizeof families / sizeof *families; f++)
        if (significance || strcmp(families[f], "test") != 0) run_family(families[f], &env, each, data);
    for (size_t i = 0; i < sizeof analyses / sizeof *analyses; i++) {
        flow_table *out = NULL;
        int rc = analyses[i].fn(&out, &env);
        each(analyses[i].name, rc, rc == FLOW_OK ? out : NULL, NULL, 0, data);
        if (rc != FLOW_OK) flow_table_free(out);
    }
    double u = 0, w = 0;
    int rc = flow_structure_reciprocity(&u, &w, sel);
    double rv[2] = {u, w};
    each("structure/reciprocity", rc, NULL, rv, rc == FLOW_OK ? 2 : 0, data);
}

/* The columns, scalars and values that may hold NaN, and where that is
 * documented. `analysis` is a prefix of the analysis name. */
static const struct {
    const char *analysis, *column, *where;
} documented_nan[] = {
    {"centrality/closeness", "closeness", "centrality.h: isolated vertices, no edges"},
    {"centrality/constraint", "constraint", "centrality.h: isolated vertices, no edges"},
    {"centrality/participation", "participation", "centrality.h: no flow"},
    {"cluster/", "modularity", "cluster.h: NAN without edges"},
    {"cluster/infomap", "codelength", "cluster.h: NAN without edges"},
    {"cluster/", "self_containment", "cluster.h: a cluster without outgoing flow"},
    {"cluster/", "closure", "cluster.h: a cluster without flow"},
    {"bottleneck/critical_nodes", "max_flow_loss", "bottleneck.h: NAN for sources and sinks"},
    {"bottleneck/must_cross", "must_cross", "bottleneck.h: NAN when no sink is reachable"},
    {"bottleneck/widest_path", "weight_to_next", "bottleneck.h: NAN on the last row"},
    {"brokerage/", "_z", "brokerage.h: z NAN where the standard deviation is 0"},
    {"test/", "z", "significance.h: NAN when std is 0 or NAN"},
    {"test/", "null_", "significance.h: NAN when n_null is 0"},
    {"test/", "expected", "significance.h: NAN when n_null is 0"},
    {"test/", "std", "significance.h: NAN when n_null is 0"},
    {"test/", "p_value", "significance.h: NAN when n_null is 0"},
    {"test/", "observed", "significance.h: a statistic 0/0 on the data"},
    {"gravity/", "pseudo_r2", "gravity.h: NAN when null_deviance is 0"},
    {"gravity/", "ratio", "gravity.h: NAN when expected is 0"},
    {"structure/hhi", "hhi_", "structure.h: a node without partners gets NAN"},
    {"cluster/track", "jaccard", "cluster.h: NAN for births and deaths"},
    {"structure/series", "pagerank", "structure.h: NAN where the vertex is absent"},
    {"structure/series", "kendall_tau", "structure.h: fewer than 2 vertices, or all tied"},
    {"brokerage/", "_expected", "brokerage.h: vertices in no group get NAN"},
    {"brokerage/", "_count", "brokerage.h: vertices in no group get NAN"},
    {"structure/reciprocity", "value", "structure.h: NAN without edges"},
    {"summary/", "reciprocity", "summary.h: NAN when there are no edges"},
};

static inline int nan_documented(const char *analysis, const char *column)
{
    for (size_t i = 0; i < sizeof documented_nan / sizeof *documented_nan; i++)
        if (strncmp(analysis, documented_nan[i].analysis, strlen(documented_nan[i].analysis)) ==
                0 &&
            strstr(column, documented_nan[i].column))
            return 1;
    return 0;
}

static inline void run_every_analysis(flow_selection *sel, analysis_cb each, void *data)
{
    run_analyses(sel, 1, each, data);
}

#endif

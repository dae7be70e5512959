/*
 * libflow/selection.h - the part of a network an analysis runs on.
 *
 * A selection picks factors, years, direction and level from a network and
 * builds one weighted graph from them, which every analysis reuses. The
 * network is never changed by a selection or an analysis.
 *
 * Defaults: every factor, every year (flows without a year included),
 * directed, raw weights summed, no roll-up.
 *
 * How the graph is built (the conventions every analysis inherits):
 *  - factors: only the chosen factors' flows count. With FLOW_COMBINE_SUM
 *    their raw weights add up; with FLOW_COMBINE_SHARE each factor's weights
 *    are first divided by that factor's total weight within the selection
 *    (years applied), so persons and yuan can be mixed: each factor then
 *    weighs 1 in total.
 *  - years: a range [first, last] keeps the flows with a year in it; flows
 *    without a year are then left out. With no range, all flows count.
 *  - level: with a kind set, every node is replaced by its nearest ancestor
 *    (itself included) of that kind along the parent forest; a node with no
 *    such ancestor stays itself. The selection's nodes are then the distinct
 *    replacements, in network order.
 *  - edges: all flows between the same pair of selection nodes are summed
 *    into one edge (the graph is simple). Directed: one edge per ordered
 *    pair; undirected: both directions summed into one edge per pair.
 *  - self-loops: flows whose ends fall on the same selection node (intra-node
 *    flows, including those created by a roll-up) are not edges of the
 *    graph; their total per node is kept as the node's internal flow
 *    (column "internal" of flow_selection_table()'s part "vertices").
 *  - weights are strengths (more weight = more flow = a stronger tie).
 *    Analyses that need lengths document their transform. Every edge
 *    weight is finite and > 0: when the flows of a pair sum past the
 *    largest double, or a share underflows to 0, building fails with
 *    FLOW_ELIMIT naming the pair. So is the selection's total weight
 *    (every edge and every intra-node flow): when it overflows, building
 *    fails with FLOW_ELIMIT naming the pair at which it does, so every
 *    sum an analysis makes (strengths, a pair's two directions, a
 *    cluster's flow) is finite.
 *  - every node of the selection is a vertex, isolated or not (except the
 *    nodes a counterfactual removes, see flow_selection_set_counterfactual()).
 *  - stocks: a factor marked FLOW_FACTOR_STOCK (libflow/network.h) is never
 *    added up over years: when the kept flows of a stock factor span two
 *    or more years (undated flows count as one more), building fails with
 *    FLOW_EINVAL naming the factor and two of the years. Keep one year, or
 *    leave the factor out. Per-year analyses (flow_structure_series(),
 *    flow_cluster_track()) run each year on its own and are not refused.
 *
 * The graph is built lazily, on the first call that needs it, and rebuilt
 * after a setter or a change to the network. Building takes no lock, so
 * threads may build their own selections of one network at once. A
 * selection holds a reference on its network and is used by one thread at
 * a time (libflow/common.h).
 *
 *     flow_selection *sel = NULL;
 *     flow_selection_new(&sel, net);
 *     const char *factors[] = {"technology"};
 *     flow_selection_set_factors(sel, factors, 1);
 *     flow_selection_set_years(sel, 2018, 2022);
 *     ... analyses ...
 *     flow_selection_free(sel);
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_SELECTION_H
#define LIBFLOW_SELECTION_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/network.h"

FLOW_BEGIN_DECLS

/** How several factors combine into one weight. */
enum {
    FLOW_COMBINE_SUM = 0,  /**< raw weights added (same unit assumed) */
    FLOW_COMBINE_SHARE = 1 /**< each factor normalised to its total, then added */
};

/**
 * Creates a selection of the whole network (the defaults above).
 * @param[out] out the selection, freed with flow_selection_free()
 * @return FLOW_OK; FLOW_EINVAL (out is NULL); FLOW_EMISUSE (net is NULL or
 *         freed); FLOW_ENOMEM.
 */
FLOW_API int flow_selection_new(flow_selection **out, flow_network *net);

/** Frees a selection (and its reference on the network). NULL is a no-op. */
FLOW_API void flow_selection_free(flow_selection *sel);

/* The setters below (flow_selection_set_*) all return FLOW_EMISUSE when sel
 * is NULL or freed, and leave the selection unchanged when they fail; a
 * successful setter makes the next analysis rebuild the graph. */

/**
 * Keeps only these factors (n == 0: every factor).
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown factor, with a suggestion;
 *         the selection is unchanged); FLOW_EINVAL.
 */
FLOW_API int flow_selection_set_factors(flow_selection *sel, const char *const *factors,
                                        size_t n);

/** FLOW_COMBINE_SUM or FLOW_COMBINE_SHARE. @return FLOW_OK or FLOW_EINVAL. */
FLOW_API int flow_selection_set_combine(flow_selection *sel, int combine);

/**
 * Keeps the flows with a year in [first, last]. FLOW_NO_YEAR for both
 * removes the range; FLOW_NO_YEAR for one end leaves that end open (flows
 * without a year stay out while any range is set).
 * @return FLOW_OK; FLOW_EINVAL (first > last, or a year outside
 *         [-9999, 9999]).
 */
FLOW_API int flow_selection_set_years(flow_selection *sel, int first, int last);

/** 1: directed (default); 0: both directions summed (any non-zero value
 *  is 1). @return FLOW_OK; FLOW_EMISUSE. */
FLOW_API int flow_selection_set_directed(flow_selection *sel, int directed);

/**
 * Rolls nodes up to their nearest ancestor of this kind (NULL or "": no
 * roll-up).
 * @return FLOW_OK; FLOW_ENOTFOUND (no node has this kind; with a suggestion).
 */
FLOW_API int flow_selection_set_level(flow_selection *sel, const char *kind);

/** What flow_selection_set_counterfactual() changes. */
enum {
    FLOW_WITHOUT_NODES = 0,     /**< names: node ids, removed */
    FLOW_WITHOUT_GROUPS = 1,    /**< names: groups, whose members are removed */
    FLOW_WITHOUT_CORRIDORS = 2, /**< names: pairs (side A, side B), each a node
                                 *   id or a group: the flows between the two
                                 *   sides are dropped */
    FLOW_WITH_FLOWS = 3         /**< names: paths of flow files whose flows
                                 *   are added */
};

/**
 * A counterfactual: the selection without some nodes, groups or corridors,
 * or with the flows of extra files, so that any analysis can be rerun on
 * "the network as it would be" and compared with the baseline
 * (flow_table_compare(), libflow/table.h). Each call sets the list of one
 * kind, replacing what an earlier call gave for that kind (n == 0 clears
 * it); kinds combine.
 *
 *  - FLOW_WITHOUT_NODES: each name is a node id. The node is removed with
 *    every node below it in the parent forest (without a province, its
 *    cities go too).
 *  - FLOW_WITHOUT_GROUPS: each name is a group; its members are removed
 *    (as above).
 *  - Removed nodes disappear: they are no vertices of the selection (no
 *    row in any per-node result: the results are those of the network
 *    built without them), every flow they send or receive is dropped
 *    (intra-node flows included), and they leave the groups and node sets
 *    analyses are given (naming a removed node in sources, sinks or a
 *    personalisation set fails with FLOW_EINVAL; a group keeps its other
 *    members).
 *  - FLOW_WITHOUT_CORRIDORS: names come in pairs: names[2c] is side A and
 *    names[2c + 1] side B of corridor c, each a node id (taken first) or
 *    a group name, covering the nodes below it too. Every flow from a node
 *    of one side to a node of the other is dropped, both directions; the
 *    nodes stay (a corridor between sets is the union of its pairs). At
 *    most 32 corridors.
 *  - FLOW_WITH_FLOWS: each name is the path of a flow file or data folder
 *    (flow_io_load(), libflow/io.h), loaded now within the limits the
 *    network was loaded with (flow_io_load_with(); the defaults for a
 *    network built in memory). Its flows are added to
 *    those of the network (summed with a flow of the same source, target,
 *    factor and year): every node id and factor must be the network's (an
 *    unknown one is refused, with a suggestion), a unit given there must
 *    agree. The selection then runs on a private copy of the network with
 *    the added flows: flow_selection_network() and the results' networks
 *    are that copy (same nodes, factors and groups at the same indexes;
 *    it can be read, not changed: a change fails with FLOW_EMISUSE);
 *    the network itself is never changed, and a change to it is taken into
 *    the copy at the next build.
 *
 * Results of a counterfactual selection say so in their metadata:
 * "without_nodes", "without_groups" (names, ';'-separated),
 * "without_corridors" ("A:B;C:D"), "with_flows" (the paths).
 * Per-year analyses (flow_structure_series(), flow_cluster_track()) apply
 * the counterfactual to every year.
 *
 * All-or-nothing: on any error the selection is unchanged.
 *
 * @param sel    the selection
 * @param kind   FLOW_WITHOUT_NODES, FLOW_WITHOUT_GROUPS,
 *               FLOW_WITHOUT_CORRIDORS or FLOW_WITH_FLOWS
 * @param names  n names (ids, groups, paths as the kind says)
 * @param n      number of names (even for corridors)
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown node or group, with a
 *         suggestion; a file's unknown node or factor; a missing file);
 *         FLOW_EINVAL (unknown kind, NULL names, an odd corridor list, more
 *         than 32 corridors, a unit that disagrees); FLOW_EPARSE and the
 *         FLOW_ELIMIT and the other errors of flow_io_load() (naming file,
 *         line, column);
 *         FLOW_EMISUSE; FLOW_ENOMEM.
 *
 * Since 0.3.
 */
FLOW_API int flow_selection_set_counterfactual(flow_selection *sel, int kind,
                                               const char *const *names, size_t n);

/**
 * Routes progress and interruption of the analyses run on this selection to
 * a callback (NULL: none), called with `payload` (flow_progress_cb in
 * libflow/common.h). The callback runs on the analysing thread; the
 * selection keeps the pointers only, so payload must outlive its analyses.
 * Does not rebuild the graph.
 * @return FLOW_OK; FLOW_EMISUSE.
 */
FLOW_API int flow_selection_set_progress(flow_selection *sel, flow_progress_cb cb,
                                         void *payload);

/** Which flows a selection's graph weighs (flow_selection_set_layer();
 *  registry family "layer"). */
enum {
    FLOW_LAYER_OBSERVED = 0, /**< the network's flows (default) */
    FLOW_LAYER_EXPECTED = 1, /**< a gravity fit's expected flows */
    FLOW_LAYER_EXCESS = 2    /**< a gravity fit's positive excess, observed - expected */
};

/**
 * Runs every later analysis of the selection on a gravity fit's expected
 * or excess flows (libflow/gravity.h) instead of the observed ones:
 * centrality, clusters, cuts, structure "on the flows above what size and
 * distance predict".
 *
 * The graph is then built from the fit's part "pairs" instead of the
 * network's flows: one edge per pair whose layer weight is > 0, the
 * weight being the pair's "expected" (FLOW_LAYER_EXPECTED: every pair
 * fitted, a dense graph) or its "excess" (FLOW_LAYER_EXCESS: only the
 * pairs with observed > expected, weighing observed - expected). Pairs
 * whose excess is <= 0 are left out because every analysis needs weights
 * > 0 (strengths): a deficit is not a negative tie. The fit fixed the
 * factor and the years, so the selection's own factor and year settings do
 * not filter the layer; its direction and level still apply (a roll-up
 * sums the pairs' weights; intra-node pairs become internal flow).
 * The fit's pairs are copied: the table may be freed afterwards. Results
 * carry the metadata "layer" ("expected" or "excess", with the fit's
 * factors and years). The backbone filters the layer's edges (as the fit's
 * factor); the other per-factor details (a cut's flows by factor,
 * participation, totals by factor and year) still read the observed
 * flows.
 *
 * @param sel          the selection
 * @param layer        FLOW_LAYER_OBSERVED (back to the flows; the fit is
 *                     ignored and may be NULL), FLOW_LAYER_EXPECTED or
 *                     FLOW_LAYER_EXCESS
 * @param gravity_fit  a table from flow_gravity_fit() on the same network
 * @return FLOW_OK; FLOW_EINVAL (unknown layer; no fit, a table that is not
 *         a gravity fit, or a fit of another network; the selection is
 *         unchanged); FLOW_EMISUSE (sel NULL or freed); FLOW_ENOMEM.
 *
 * Since 0.3.
 */
FLOW_API int flow_selection_set_layer(flow_selection *sel, int layer,
                                      const flow_table *gravity_fit);

/**
 * Builds the graph now if it is not built (analyses do this themselves).
 * @return FLOW_OK, FLOW_ENOMEM, FLOW_EMISUSE, FLOW_ELIMIT (an edge weight
 *         or the total weight overflows, or an edge weight underflows, see
 *         above), FLOW_EINVAL (a stock factor
 *         over several years, see above).
 */
FLOW_API int flow_selection_build(flow_selection *sel);

/** The network of the selection (borrowed); NULL when sel is NULL or freed. */
FLOW_API flow_network *flow_selection_network(const flow_selection *sel);

/** 1 if directed, 0 if not (and when sel is NULL or freed). */
FLOW_API int flow_selection_is_directed(const flow_selection *sel);

/**
 * The built graph as a flow_table (libflow/table.h), read in bulk: one row
 * per edge, in edge order (edge e = row e, the order analyses use: edges
 * come in the order of their first flow in the network). Builds the graph
 * if needed.
 *
 * Table "graph":
 *      source         node    the node that stands for the source vertex
 *      target         node    the same for the target vertex
 *      weight         double  the edge's weight (finite, > 0; a strength)
 *      source_vertex  int     the source vertex (index of part "vertices")
 *      target_vertex  int     the target vertex
 *   Undirected edges have source_vertex < target_vertex.
 *   Metadata: "analysis" = "graph" and the selection's description
 *   ("factors", "combine", "years", "directed", "level", "unit" when the
 *   kept factors share one).
 * Part "vertices": one row per vertex, in vertex order.
 *      node           node    the network node that stands for the vertex
 *      internal       double  the vertex's intra-node (self-loop) weight
 * Part "nodes": one row per network node, in network order.
 *      node           node    the network node
 *      vertex         int     its vertex after any roll-up (-1 for a node
 *                             a counterfactual removed)
 *
 * The table is a snapshot: it holds a reference on the network and none
 * on the selection, so it outlives both, and it does not change when the
 * selection is changed or rebuilt.
 *
 * @param[out] out  the table, freed with flow_table_free(); NULL on failure
 * @param sel       the selection
 * @return FLOW_OK; FLOW_EINVAL (out is NULL); FLOW_EMISUSE (sel is NULL or
 *         freed); what flow_selection_build() returns; FLOW_ENOMEM.
 *
 * Since 0.2.
 */
FLOW_API int flow_selection_table(flow_table **out, flow_selection *sel);

FLOW_END_DECLS

#endif /* LIBFLOW_SELECTION_H */

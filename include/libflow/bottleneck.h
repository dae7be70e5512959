/*
 * libflow/bottleneck.h - where flows are squeezed: cuts, widest paths,
 * bridges, dominators, critical nodes and edges, critical corridors.
 *
 * Every analysis here runs on the graph of a selection (libflow/selection.h)
 * and inherits its conventions:
 *  - weights are strengths: the amount that flows. For max flow they are
 *    capacities; for the widest path they are widths; for edge betweenness
 *    they become lengths through FLOW_LENGTH_* (default 1 / weight, so a
 *    strong tie is a short one);
 *  - direction: a directed selection is analysed along the flows' direction
 *    (except bridges and articulation points, see there); an undirected
 *    selection's edge {u, v} can be used both ways, with its full weight
 *    each way (a capacity of w from u to v and w from v to u);
 *  - self-loops: the selection graph has none; intra-node flows
 *    (flow_selection_node_internal()) take no part in any analysis here;
 *  - isolated vertices are part of every result (they cut nothing, carry no
 *    flow and are reached by no path);
 *  - node sets (sources, sinks) are given as node ids or group names
 *    (a group stands for its members); after a roll-up a node stands for its
 *    vertex. An unknown name fails with FLOW_ENOTFOUND (with a suggestion),
 *    an empty set with FLOW_EINVAL, a vertex in both sets with FLOW_EINVAL;
 *  - per-vertex results are flow_scores (value v belongs to selection vertex
 *    v), edge lists are flow_edges (libflow/result.h); ends are network
 *    nodes after any roll-up, and an undirected selection's edges are listed
 *    with the lower vertex first unless stated otherwise;
 *  - every function is all-or-nothing: on failure *out is NULL and the
 *    selection is unchanged; the caller frees every result with its *_free
 *    (NULL is a no-op). Results hold a reference on the network, so they may
 *    outlive the selection and the network handle;
 *  - the long loops (critical nodes and edges, one max flow or component
 *    count per vertex or edge) and edge betweenness report progress through
 *    the selection's callback (flow_selection_set_progress()) and stop with
 *    FLOW_EINTERRUPTED, producing no result, when it returns non-zero;
 *  - a selection without edges gives: max flow 0 with an empty cut, empty
 *    widest paths, no bridges, no articulation points, dominators -1 for the
 *    root and NAN elsewhere, must-cross NAN (no sink reachable), critical
 *    losses 0 (NAN for the sources and sinks), an empty edge betweenness
 *    list. With no vertices at all, every function that names a node fails
 *    with FLOW_ENOTFOUND and the others return empty results.
 * Nothing here is random: no seed is needed, and the same selection always
 * gives the same result (ties are broken as documented per function).
 *
 *     const char *from[] = {"CN-SH", "CN-BJ"}, *to[] = {"CN-XJ"};
 *     flow_cut *cut = NULL;
 *     if (flow_bottleneck_min_cut(&cut, sel, from, 2, to, 1) == FLOW_OK) {
 *         printf("max flow %g\n", flow_cut_value(cut));
 *         flow_edges *by_factor = NULL;   (prints "CN-SH -> CN-XJ technology 12")
 *         flow_cut_edges(&by_factor, cut);
 *         for (size_t i = 0; i < flow_edges_count(by_factor); i++)
 *             printf("%s -> %s %s %g\n", flow_edges_source_id(by_factor, i),
 *                    flow_edges_target_id(by_factor, i),
 *                    flow_network_factor_name(net, (size_t)flow_edges_factor(by_factor, i)),
 *                    flow_edges_value(by_factor, i));
 *         flow_edges_free(by_factor);
 *         flow_cut_free(cut);
 *     }
 *     flow_path *p = NULL;
 *     if (flow_bottleneck_widest_path(&p, sel, "CN-SH", "CN-XJ") == FLOW_OK) {
 *         printf("width %g, limited by %s -> %s\n", flow_path_width(p),
 *                flow_path_limit_source_id(p), flow_path_limit_target_id(p));
 *         flow_path_free(p);
 *     }
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_BOTTLENECK_H
#define LIBFLOW_BOTTLENECK_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/result.h"
#include "libflow/centrality.h"

FLOW_BEGIN_DECLS

/* Edge lengths for edge betweenness: FLOW_LENGTH_INVERSE (1 / weight, the
 * default), FLOW_LENGTH_UNIT (hops), FLOW_LENGTH_WEIGHT (weight = distance),
 * shared with the centrality measures and defined in libflow/centrality.h. */

/* ---- maximum flow and minimum cut ------------------------------------- */

/** A maximum flow and a minimum cut between two vertex sets. */
typedef struct flow_cut flow_cut;

/**
 * Maximum flow from a set of sources to a set of sinks, and a minimum cut.
 *
 * Capacities are the selection's edge weights. The sets are joined by a
 * super-source with an edge to every source and a super-sink with an edge
 * from every sink; those edges get a large finite capacity (2 * total
 * weight + 1, more than any cut of real edges), so they never appear in the
 * cut and the value is finite. The flow value is the largest total amount
 * that can move from the sources to the sinks along edges (directed
 * selection: along the flow direction; undirected: either way, w each way).
 * The minimum cut is the set of selection edges from the source side to the
 * sink side of a vertex partition: the sink side holds the vertices from
 * which a sink can still be reached in the residual graph of the maximum
 * flow (igraph's push-relabel choice: the minimum cut closest to the
 * sinks), the source side every other vertex (every source, and also the
 * vertices that neither reach a sink nor are reached, isolated ones
 * included). Its total weight equals the flow value (max-flow min-cut
 * theorem), and removing its edges leaves no path from any source to any
 * sink. When no sink is reachable the value is 0 and the cut is empty.
 * Minimum cuts are not unique in general; the one returned is
 * deterministic.
 *
 * @param[out] out  the cut, freed with flow_cut_free(); NULL on failure
 * @param sel       the selection (built if needed)
 * @param sources   node ids or group names, nsources >= 1 of them
 * @param sinks     node ids or group names, nsinks >= 1 of them
 * @return FLOW_OK; FLOW_EINVAL (NULL argument, an empty set, a vertex both a
 *         source and a sink); FLOW_ENOTFOUND (unknown id or group);
 *         FLOW_ELIMIT (the total weight overflows a double); FLOW_EMISUSE
 *         (invalid selection); FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_min_cut(flow_cut **out, flow_selection *sel,
                                     const char *const *sources, size_t nsources,
                                     const char *const *sinks, size_t nsinks);

/** Frees a cut. NULL is a no-op. */
FLOW_API void flow_cut_free(flow_cut *cut);

/** The maximum flow value (= the minimum cut's weight); NAN for NULL. */
FLOW_API double flow_cut_value(const flow_cut *cut);

/** Number of vertices of the selection the cut was made on; 0 for NULL. */
FLOW_API size_t flow_cut_node_count(const flow_cut *cut);

/** Network node index of vertex v; -1 when out of range. */
FLOW_API int64_t flow_cut_node(const flow_cut *cut, size_t v);

/** Side of vertex v: 1 on the source side, 0 on the sink side (the
 *  vertices that can still send flow to a sink), -1 when out of range.
 *  Isolated vertices are on the source side. */
FLOW_API int flow_cut_side(const flow_cut *cut, size_t v);

/**
 * The cut's edges: selection edges going from the source side to the sink
 * side, sorted by weight (descending; ties in selection edge order). Each
 * is given in the direction of the cut (source side -> sink side, also for
 * an undirected selection).
 */
FLOW_API size_t flow_cut_edge_count(const flow_cut *cut);

/** Network node index of cut edge i's source-side / sink-side end; -1 when
 *  out of range. */
FLOW_API int64_t flow_cut_edge_source(const flow_cut *cut, size_t i);
FLOW_API int64_t flow_cut_edge_target(const flow_cut *cut, size_t i);

/** Ids of cut edge i's ends (borrowed); NULL when out of range. */
FLOW_API const char *flow_cut_edge_source_id(const flow_cut *cut, size_t i);
FLOW_API const char *flow_cut_edge_target_id(const flow_cut *cut, size_t i);

/** Weight (capacity) of cut edge i; NAN when out of range. */
FLOW_API double flow_cut_edge_weight(const flow_cut *cut, size_t i);

/**
 * The cut's edges broken down by factor: for each cut edge (in the order of
 * flow_cut_edge_*) one entry per factor that contributes to it, largest
 * contribution first (ties: network factor order). An entry's value is the
 * sum of the kept network flows of that factor between the edge's two
 * vertices, after the year filter and roll-up and scaled like the selection
 * (FLOW_COMBINE_SHARE: divided by the factor's total); for a directed
 * selection only flows in the direction of the cut count, for an undirected
 * one both directions (as in the undirected edge's weight). flow_edges_factor()
 * is the factor index, flow_edges_weight() the whole edge's weight (so the
 * values of one edge sum to its weight), the measure is "cut_flow".
 *
 * @param[out] out the list, freed with flow_edges_free(); NULL on failure
 * @return FLOW_OK; FLOW_EMISUSE (NULL or invalid cut); FLOW_EINVAL (out is
 *         NULL); FLOW_ENOMEM.
 */
FLOW_API int flow_cut_edges(flow_edges **out, const flow_cut *cut);

/**
 * The maximum flow itself: every selection edge carrying flow, oriented in
 * the direction of the flow, with flow_edges_value() = the flow on it and
 * flow_edges_weight() = its capacity, sorted by flow (descending; ties in
 * selection edge order); measure "max_flow", factor -1. For an undirected
 * edge the net flow is given (flow one way minus flow the other). A maximum
 * flow is not unique in general; the value is.
 *
 * @param[out] out the list, freed with flow_edges_free(); NULL on failure
 * @return FLOW_OK; FLOW_EMISUSE; FLOW_EINVAL; FLOW_ENOMEM.
 */
FLOW_API int flow_cut_flows(flow_edges **out, const flow_cut *cut);

/* ---- widest path ------------------------------------------------------ */

/** A widest (maximum-bottleneck) path between two vertices. */
typedef struct flow_path flow_path;

/**
 * The widest path from `source` to `target`: among all paths, one whose
 * smallest edge weight (its width, the most that can pass along it) is the
 * largest. Directed selections follow the flows' direction.
 *
 * Ties: among the paths of maximal width, the one with the fewest edges;
 * among those, the one whose vertex sequence is lexicographically smallest
 * by selection vertex index. The limiting edge is the path's first edge
 * (from the source) whose weight equals the width.
 *
 * No path (target unreachable): success with an empty path: count 0,
 * width 0, no limiting edge.
 *
 * @param[out] out the path, freed with flow_path_free(); NULL on failure
 * @param source   node id (no group names)
 * @param target   node id (no group names)
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown id); FLOW_EINVAL (NULL argument,
 *         source and target are the same vertex); FLOW_EMISUSE; FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_widest_path(flow_path **out, flow_selection *sel,
                                         const char *source, const char *target);

/** Frees a path. NULL is a no-op. */
FLOW_API void flow_path_free(flow_path *p);

/** Number of vertices on the path (edges + 1), 0 when there is no path
 *  (or for NULL). */
FLOW_API size_t flow_path_count(const flow_path *p);

/** Selection vertex / network node index / id (borrowed) of the i-th vertex
 *  along the path (0 = source); -1 / -1 / NULL when out of range. */
FLOW_API int64_t flow_path_vertex(const flow_path *p, size_t i);
FLOW_API int64_t flow_path_node(const flow_path *p, size_t i);
FLOW_API const char *flow_path_id(const flow_path *p, size_t i);

/** Weight of the path's i-th edge (from vertex i to vertex i + 1); NAN when
 *  i + 1 >= flow_path_count(). */
FLOW_API double flow_path_edge_weight(const flow_path *p, size_t i);

/** The width (bottleneck value): the smallest weight along the path, 0 when
 *  there is no path; NAN for NULL. */
FLOW_API double flow_path_width(const flow_path *p);

/** Index i of the limiting edge (vertex i -> vertex i + 1), -1 when there is
 *  no path. */
FLOW_API int64_t flow_path_limit(const flow_path *p);

/** Network node index / id (borrowed) of the limiting edge's ends; -1 /
 *  NULL when there is no path. */
FLOW_API int64_t flow_path_limit_source(const flow_path *p);
FLOW_API int64_t flow_path_limit_target(const flow_path *p);
FLOW_API const char *flow_path_limit_source_id(const flow_path *p);
FLOW_API const char *flow_path_limit_target_id(const flow_path *p);

/** Weight of the limiting edge (= the width); NAN when there is no path. */
FLOW_API double flow_path_limit_weight(const flow_path *p);

/* ---- bridges and articulation points ---------------------------------- */

/**
 * Bridges: edges whose removal splits a connected component, in the
 * undirected sense. A directed selection is first collapsed to its
 * undirected version (u -> v and v -> u become one edge {u, v} whose weight
 * is their sum, exactly as flow_selection_set_directed(sel, 0) would build
 * it), so a reciprocated pair is one edge, not two parallel ones.
 * Each bridge is listed with the lower vertex first, value = weight =
 * the (undirected) edge's weight, factor -1, measure "bridge"; sorted by
 * weight descending (ties: by lower vertex, then higher vertex). A
 * selection without edges has no bridges (an empty list).
 *
 * @param[out] out the list, freed with flow_edges_free(); NULL on failure
 * @return FLOW_OK; FLOW_EINVAL; FLOW_EMISUSE; FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_bridges(flow_edges **out, flow_selection *sel);

/**
 * Articulation points (cut vertices): vertices whose removal splits a
 * connected component, in the undirected sense (directions ignored, as for
 * bridges). Value 1 for an articulation point, 0 otherwise (isolated
 * vertices: 0); measure "articulation_point".
 *
 * @param[out] out the scores, freed with flow_scores_free(); NULL on failure
 * @return FLOW_OK; FLOW_EINVAL; FLOW_EMISUSE; FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_articulation_points(flow_scores **out, flow_selection *sel);

/* ---- dominators ------------------------------------------------------- */

/**
 * The dominator tree of `source`: vertex d dominates v when every path from
 * the source to v passes through d; the immediate dominator of v is its
 * closest strict dominator. An undirected selection is treated as directed
 * with each edge both ways.
 *
 * Value v = the selection vertex index of v's immediate dominator (its
 * node: flow_scores_node(s, (size_t)value), its id: flow_scores_id()),
 * -1 for the source itself, NAN for a vertex the source cannot reach.
 * Measure "immediate_dominator".
 *
 * @param[out] out the scores, freed with flow_scores_free(); NULL on failure
 * @param source   node id (no group names)
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown id); FLOW_EINVAL; FLOW_EMISUSE;
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_dominators(flow_scores **out, flow_selection *sel,
                                        const char *source);

/**
 * The vertices every flow path from the sources to the sinks must cross: a
 * vertex (neither a source nor a sink) is reported when every path from any
 * source to any reachable sink passes through it. Computed from the
 * dominator tree of a super-source linked to every source: the common
 * dominators of the reachable sinks. Sinks that cannot be reached are left
 * out (no path to them); sources and sinks themselves are never reported.
 *
 * Value v = its position along the way, 1 for the must-cross vertex closest
 * to the sources, 2 for the next, ...; 0 for every other vertex; every
 * value NAN when no sink is reachable from any source. Measure
 * "must_cross".
 *
 * @param[out] out the scores, freed with flow_scores_free(); NULL on failure
 * @return as flow_bottleneck_min_cut().
 */
FLOW_API int flow_bottleneck_must_cross(flow_scores **out, flow_selection *sel,
                                        const char *const *sources, size_t nsources,
                                        const char *const *sinks, size_t nsinks);

/* ---- critical nodes and edges ----------------------------------------- */

/**
 * Critical nodes: the flow lost when a vertex is removed (with its edges).
 *
 * With sources and sinks (nsources, nsinks >= 1): the drop of the maximum
 * flow value (flow_bottleneck_min_cut()) from the sources to the sinks:
 * value v = maxflow(G) - maxflow(G - v), >= 0; NAN for the sources and
 * sinks themselves (they are not removed). A vertex that carries no flow in
 * the maximum flow found loses nothing (exactly 0). Measure
 * "max_flow_loss".
 *
 * With no sets (nsources == nsinks == 0): the loss of connected flow. The
 * connected flow C(H) of a graph H is the total edge weight of its heaviest
 * connected component (weakly connected for a directed selection: the main
 * flow system, the largest body of flows linked to each other in either
 * direction; 0 without edges). Value v = C(G) - C(G - v): the vertex's own
 * flows in the main system plus every flow it strands outside it. A vertex
 * outside the heaviest component loses 0. Measure "connected_flow_loss".
 *
 * Cost: with sets, one max flow per vertex that carries flow; without,
 * one union-find pass over the main component per cut vertex (other
 * vertices follow from C(G), C2 = the second-heaviest component's weight
 * and their strength: loss = min(strength, C - C2)). Progress is reported
 * through the selection's callback.
 *
 * @param[out] out the scores, freed with flow_scores_free(); NULL on failure
 * @param sources  node ids or group names (NULL with nsources 0: no sets)
 * @param sinks    node ids or group names (NULL with nsinks 0: no sets)
 * @return FLOW_OK; FLOW_EINVAL (only one of the sets given, a vertex in both,
 *         NULL argument); FLOW_ENOTFOUND; FLOW_EMISUSE; FLOW_ENOMEM;
 *         FLOW_EINTERRUPTED (the callback asked to stop: no result).
 */
FLOW_API int flow_bottleneck_critical_nodes(flow_scores **out, flow_selection *sel,
                                            const char *const *sources, size_t nsources,
                                            const char *const *sinks, size_t nsinks);

/**
 * Critical edges: the flow lost when one selection edge is removed, with the
 * same two definitions as flow_bottleneck_critical_nodes() (max flow drop
 * between the sets: measure "max_flow_loss"; connected flow loss C(G) -
 * C(G - e) without sets: measure "connected_flow_loss"). Every selection
 * edge is listed once (an undirected edge with the lower vertex first),
 * value = the loss, weight = the edge's weight, factor -1; sorted by loss
 * descending (ties in selection edge order).
 *
 * @param[out] out the list, freed with flow_edges_free(); NULL on failure
 * @return as flow_bottleneck_critical_nodes().
 */
FLOW_API int flow_bottleneck_critical_edges(flow_edges **out, flow_selection *sel,
                                            const char *const *sources, size_t nsources,
                                            const char *const *sinks, size_t nsinks);

/* ---- critical corridors ----------------------------------------------- */

/**
 * Edge betweenness (critical corridors): for each edge, the number of
 * shortest paths between ordered pairs of vertices (unordered pairs for an
 * undirected selection) that pass through it, each pair's count split
 * evenly among its shortest paths. Not normalised (as igraph and
 * networkx.edge_betweenness_centrality(normalized=False)). Directed
 * selections use directed paths. Ties between weighted path lengths: two
 * lengths equal within igraph's relative tolerance (1e-10) count as equal,
 * so sums that differ only by rounding are tied paths.
 *
 * @param[out] out   the list, freed with flow_edges_free(); NULL on failure.
 *                   Every selection edge once, value = betweenness, weight =
 *                   the edge's weight, factor -1, measure
 *                   "edge_betweenness", sorted by betweenness descending
 *                   (ties in selection edge order).
 * @param length     FLOW_LENGTH_INVERSE (length 1 / weight: strong ties are
 *                   short; the usual choice), FLOW_LENGTH_UNIT (hops) or
 *                   FLOW_LENGTH_WEIGHT (length = weight)
 * @return FLOW_OK; FLOW_EINVAL (unknown length mode, NULL argument);
 *         FLOW_ELIMIT (a weight too small for 1 / weight to be finite);
 *         FLOW_EMISUSE; FLOW_ENOMEM; FLOW_EINTERRUPTED.
 */
FLOW_API int flow_bottleneck_edge_betweenness(flow_edges **out, flow_selection *sel,
                                              int length);

FLOW_END_DECLS

#endif /* LIBFLOW_BOTTLENECK_H */

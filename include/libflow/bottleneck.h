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
 *    (flow_selection_table(), part "vertices") take no part in any
 *    analysis here;
 *  - isolated vertices are part of every result (they cut nothing, carry no
 *    flow and are reached by no path);
 *  - node sets (sources, sinks) are given as node ids or group names, or
 *    as a node's exact display name ("Beijing") when one node alone has it
 *    (an id is looked up first, then a group, then a name; a name several
 *    nodes share fails with FLOW_EINVAL asking for the id); single nodes
 *    (source, target) as an id or such a name
 *    (a group stands for its members); after a roll-up a node stands for its
 *    vertex. An unknown name fails with FLOW_ENOTFOUND (with a suggestion),
 *    an empty set with FLOW_EINVAL, a vertex in both sets with FLOW_EINVAL;
 *  - every result is a flow_table (libflow/table.h). Per-vertex tables
 *    have a node column "node" (one row per selection vertex, in vertex
 *    order) and then the value column named after the measure; edge tables
 *    have node columns "source" and "target", then (where the edge is split
 *    by factor) a text column "factor", then a double column "weight" (the
 *    edge's weight in the selection) and then the measure's column. Ends
 *    are network nodes after any roll-up, and an undirected selection's
 *    edges are listed with the lower vertex first unless stated otherwise.
 *    Numbers about the whole result are scalars ("value", "width", ...).
 *    Metadata: "analysis" (the table's name), the selection's description
 *    ("factors", "combine", "years", "directed", "level", and "unit" when
 *    the kept factors share one) and the parameters ("sources" and
 *    "sinks" as given, comma-separated; "source", "target", "length");
 *  - every function is all-or-nothing: on failure *out is NULL and the
 *    selection is unchanged; the caller frees every result with
 *    flow_table_free() (NULL is a no-op). Tables hold a reference on the
 *    network, so they may outlive the selection and the network handle;
 *  - the long loops (critical nodes and edges, one max flow or component
 *    count per vertex or edge) and edge betweenness report progress through
 *    the selection's callback (flow_selection_set_progress()) and stop with
 *    FLOW_EINTERRUPTED, producing no result, when it returns non-zero;
 *  - a selection without edges gives: max flow 0 with an empty cut, empty
 *    widest paths, no bridges, no articulation points, no dominator (only
 *    the root reached), must-cross NAN (no sink reachable), critical
 *    losses 0 (NAN for the sources and sinks), an empty edge betweenness
 *    table. With no vertices at all, every function that names a node fails
 *    with FLOW_ENOTFOUND and the others return empty tables.
 * Nothing here is random: no seed is needed, and the same selection always
 * gives the same result (ties are broken as documented per function).
 *
 *     const char *from[] = {"CN-SH", "CN-BJ"}, *to[] = {"CN-XJ"};
 *     flow_table *cut = NULL;
 *     if (flow_bottleneck_min_cut(&cut, sel, from, 2, to, 1, 0) == FLOW_OK) {
 *         printf("max flow %g\n", flow_table_scalar(cut, "value"));
 *         const flow_table *f = flow_table_part(cut, "factor_edges");
 *         const double *w = flow_table_doubles(f, 3);   (source, target, factor, weight)
 *         for (size_t r = 0; r < flow_table_row_count(f); r++)   ("CN-SH -> CN-XJ technology 12")
 *             printf("%s -> %s %s %g\n", flow_table_text(f, 0, r),
 *                    flow_table_text(f, 1, r), flow_table_text(f, 2, r), w[r]);
 *         flow_table_free(cut);
 *     }
 *     flow_table *p = NULL;
 *     if (flow_bottleneck_widest_path(&p, sel, "CN-SH", "CN-XJ") == FLOW_OK) {
 *         double limit = flow_table_scalar(p, "limit");   (-1: no path)
 *         if (limit >= 0)
 *             printf("width %g, limited by %s -> %s\n", flow_table_scalar(p, "width"),
 *                    flow_table_text(p, 0, (size_t)limit),
 *                    flow_table_text(p, 0, (size_t)limit + 1));
 *         flow_table_free(p);
 *     }
 *
 * Since 0.1; results are flow_table since 0.2.
 */
#ifndef LIBFLOW_BOTTLENECK_H
#define LIBFLOW_BOTTLENECK_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/table.h"
#include "libflow/centrality.h"

FLOW_BEGIN_DECLS

/* Edge lengths for edge betweenness: FLOW_LENGTH_INVERSE (1 / weight, the
 * default), FLOW_LENGTH_UNIT (hops), FLOW_LENGTH_WEIGHT (weight = distance),
 * shared with the centrality measures and defined in libflow/centrality.h. */

/* ---- maximum flow and minimum cut ------------------------------------- */

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
 * flow (the minimum cut closest to the sinks, igraph's choice too), the
 * source side every other vertex (every source, and also the
 * vertices that neither reach a sink nor are reached, isolated ones
 * included). Its total weight equals the flow value (max-flow min-cut
 * theorem), and removing its edges leaves no path from any source to any
 * sink. When no sink is reachable the value is 0 and the cut is empty.
 * Minimum cuts are not unique in general; the one returned is
 * deterministic. The flow is computed by Dinic's algorithm (blocking flows
 * along shortest augmenting paths) in double precision; the value agrees
 * with igraph_maxflow_value's to rounding.
 *
 * The table, named "min_cut":
 *  - rows: the cut's edges, selection edges going from the source side to
 *    the sink side, each given in the direction of the cut (source side ->
 *    sink side, also for an undirected selection); columns "source",
 *    "target" (nodes) and "weight" (the edge's weight, its capacity);
 *    sorted by weight, descending (ties in selection edge order);
 *  - scalars: "value" (the maximum flow = the cut's weight), "source_side"
 *    and "sink_side" (the number of vertices on each side);
 *  - part "nodes": one row per selection vertex, in vertex order: "node"
 *    and int "side": 1 on the source side, 0 on the sink side (the vertices
 *    that can still send flow to a sink). Isolated vertices are on the
 *    source side;
 *  - part "factor_edges": the cut's edges broken down by factor. For each
 *    cut edge (in the order of the rows above) one row per factor that
 *    contributes to it, largest contribution first (ties: network factor
 *    order): "source", "target", text "factor" (the factor's name) and
 *    "weight": the sum of the kept network flows of that factor between
 *    the edge's two vertices, after the year filter and roll-up and scaled
 *    like the selection (FLOW_COMBINE_SHARE: divided by the factor's
 *    total). For a directed selection only flows in the direction of the
 *    cut count, for an undirected one both directions (as in the
 *    undirected edge's weight), so the weights of one cut edge's rows sum
 *    to its weight in the top table;
 *  - part "flows", only when `with_flows` is non-zero: the maximum flow
 *    itself, every selection edge carrying flow, oriented in the direction
 *    of the flow: "source", "target", "weight" (its capacity) and "flow"
 *    (the flow on it; for an undirected edge the net flow, one way minus
 *    the other), sorted by flow, descending (ties in selection edge order).
 *    A maximum flow is not unique in general; the value is. The flow is
 *    computed either way; listing it adds a pass over the edges and a
 *    table of those carrying flow;
 *  - metadata: "analysis", the selection's, "sources" and "sinks" (as
 *    given), "flows" ("yes" or "no").
 *
 * @param[out] out   the table, freed with flow_table_free(); NULL on failure
 * @param sel        the selection (built if needed)
 * @param sources    node ids or group names, nsources >= 1 of them
 * @param sinks      node ids or group names, nsinks >= 1 of them
 * @param with_flows non-zero: add the part "flows"
 * @return FLOW_OK; FLOW_EINVAL (NULL argument, an empty set, a vertex both a
 *         source and a sink); FLOW_ENOTFOUND (unknown id or group);
 *         FLOW_ELIMIT (the total weight overflows a double); FLOW_EMISUSE
 *         (invalid selection); FLOW_EINTERRUPTED (the selection's progress
 *         callback asked to stop); FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_min_cut(flow_table **out, flow_selection *sel,
                                     const char *const *sources, size_t nsources,
                                     const char *const *sinks, size_t nsinks, int with_flows);

/* ---- widest path ------------------------------------------------------ */

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
 * The table, named "widest_path":
 *  - rows: the vertices along the path, from the source (row 0) to the
 *    target; no row when there is no path (target unreachable);
 *  - columns: "node" and double "weight_to_next", the weight of the edge
 *    from this vertex to the next one (NAN on the last row);
 *  - scalars: "width" (the smallest weight along the path, 0 when there is
 *    no path) and "limit": the row of the limiting edge's first end (the
 *    edge goes from row limit to row limit + 1 and weighs "width"), -1
 *    when there is no path;
 *  - metadata: "analysis", the selection's, "source" and "target".
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @param source   node id (no group names)
 * @param target   node id (no group names)
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown id); FLOW_EINVAL (NULL argument,
 *         source and target are the same vertex); FLOW_EMISUSE; FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_widest_path(flow_table **out, flow_selection *sel,
                                         const char *source, const char *target);

/* ---- bridges and articulation points ---------------------------------- */

/**
 * Bridges: edges whose removal splits a connected component, in the
 * undirected sense. A directed selection is first collapsed to its
 * undirected version (u -> v and v -> u become one edge {u, v} whose weight
 * is their sum, exactly as flow_selection_set_directed(sel, 0) would build
 * it), so a reciprocated pair is one edge, not two parallel ones.
 *
 * The table, named "bridges": one row per bridge, with the lower vertex
 * first: "source", "target", "weight" (the undirected edge's weight);
 * sorted by weight, descending (ties: by lower vertex, then higher vertex).
 * A selection without edges has no bridges (no row).
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @return FLOW_OK; FLOW_EINVAL; FLOW_EMISUSE; FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_bridges(flow_table **out, flow_selection *sel);

/**
 * Articulation points (cut vertices): vertices whose removal splits a
 * connected component, in the undirected sense (directions ignored, as for
 * bridges).
 *
 * The table, named "articulation_points": per vertex, int column
 * "articulation_point": 1 for an articulation point, 0 otherwise (isolated
 * vertices: 0); scalar "count", the number of articulation points.
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @return FLOW_OK; FLOW_EINVAL; FLOW_EMISUSE; FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_articulation_points(flow_table **out, flow_selection *sel);

/* ---- dominators ------------------------------------------------------- */

/**
 * The dominator tree of `source`: vertex d dominates v when every path from
 * the source to v passes through d; the immediate dominator of v is its
 * closest strict dominator. An undirected selection is treated as directed
 * with each edge both ways.
 *
 * The table, named "dominators": per vertex,
 *  - node column "immediate_dominator": the node of v's immediate
 *    dominator, -1 (read as NULL) for the source itself and for a vertex
 *    the source cannot reach;
 *  - int column "reached": 1 when the source reaches v (the source
 *    included), 0 otherwise;
 *  - scalar "reached": the number of vertices reached (the source
 *    included); metadata "source".
 * Walking "immediate_dominator" up from a reached vertex ends at the
 * source.
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @param source   node id (no group names)
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown id); FLOW_EINVAL; FLOW_EMISUSE;
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_bottleneck_dominators(flow_table **out, flow_selection *sel,
                                        const char *source);

/**
 * The vertices every flow path from the sources to the sinks must cross: a
 * vertex (neither a source nor a sink) is reported when every path from any
 * source to any reachable sink passes through it. Computed from the
 * dominator tree of a super-source linked to every source: the common
 * dominators of the reachable sinks. Sinks that cannot be reached are left
 * out (no path to them); sources and sinks themselves are never reported.
 *
 * The table, named "must_cross": per vertex, double column "must_cross":
 * its position along the way, 1 for the must-cross vertex closest to the
 * sources, 2 for the next, ...; 0 for every other vertex; every value NAN
 * when no sink is reachable from any source. Scalars "count" (the number
 * of must-cross vertices) and "reachable_sinks" (the number of sinks some
 * source reaches; 0 explains an all-NAN column).
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @return as flow_bottleneck_min_cut().
 */
FLOW_API int flow_bottleneck_must_cross(flow_table **out, flow_selection *sel,
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
 * the maximum flow found loses nothing (exactly 0). Column
 * "max_flow_loss"; scalar "max_flow" = maxflow(G).
 *
 * With no sets (nsources == nsinks == 0): the loss of connected flow. The
 * connected flow C(H) of a graph H is the total edge weight of its heaviest
 * connected component (weakly connected for a directed selection: the main
 * flow system, the largest body of flows linked to each other in either
 * direction; 0 without edges). Value v = C(G) - C(G - v): the vertex's own
 * flows in the main system plus every flow it strands outside it. A vertex
 * outside the heaviest component loses 0. Column "connected_flow_loss";
 * scalar "connected_flow" = C(G).
 *
 * The table, named "critical_nodes": per vertex, the double column above;
 * metadata "sources" and "sinks" when given.
 *
 * Cost: with sets, one max flow per vertex that carries flow; without,
 * one union-find pass over the main component per cut vertex (other
 * vertices follow from C(G), C2 = the second-heaviest component's weight
 * and their strength: loss = min(strength, C - C2)). Progress is reported
 * through the selection's callback.
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @param sources  node ids or group names (NULL with nsources 0: no sets)
 * @param sinks    node ids or group names (NULL with nsinks 0: no sets)
 * @return FLOW_OK; FLOW_EINVAL (only one of the sets given, a vertex in both,
 *         NULL argument); FLOW_ENOTFOUND; FLOW_EMISUSE; FLOW_ENOMEM;
 *         FLOW_EINTERRUPTED (the callback asked to stop: no result).
 */
FLOW_API int flow_bottleneck_critical_nodes(flow_table **out, flow_selection *sel,
                                            const char *const *sources, size_t nsources,
                                            const char *const *sinks, size_t nsinks);

/**
 * Critical edges: the flow lost when one selection edge is removed, with the
 * same two definitions as flow_bottleneck_critical_nodes() (max flow drop
 * between the sets: column "max_flow_loss", scalar "max_flow"; connected
 * flow loss C(G) - C(G - e) without sets: column "connected_flow_loss",
 * scalar "connected_flow").
 *
 * The table, named "critical_edges": every selection edge once (an
 * undirected edge with the lower vertex first): "source", "target",
 * "weight" and the loss column; sorted by loss, descending (ties in
 * selection edge order).
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @return as flow_bottleneck_critical_nodes().
 */
FLOW_API int flow_bottleneck_critical_edges(flow_table **out, flow_selection *sel,
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
 * The table, named "edge_betweenness": every selection edge once:
 * "source", "target", "weight" (the edge's weight) and double
 * "edge_betweenness", sorted by betweenness, descending (ties in selection
 * edge order); metadata "length" (the registry name of the length mode).
 *
 * @param[out] out   the table, freed with flow_table_free(); NULL on failure
 * @param length     FLOW_LENGTH_INVERSE (length 1 / weight: strong ties are
 *                   short; the usual choice), FLOW_LENGTH_UNIT (hops) or
 *                   FLOW_LENGTH_WEIGHT (length = weight); by name:
 *                   flow_registry_lookup("length", ...)
 * @return FLOW_OK; FLOW_EINVAL (unknown length mode, NULL argument);
 *         FLOW_ELIMIT (a weight too small for 1 / weight to be finite);
 *         FLOW_EMISUSE; FLOW_ENOMEM; FLOW_EINTERRUPTED.
 */
FLOW_API int flow_bottleneck_edge_betweenness(flow_table **out, flow_selection *sel,
                                              int length);

FLOW_END_DECLS

#endif /* LIBFLOW_BOTTLENECK_H */

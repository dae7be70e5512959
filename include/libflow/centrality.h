/*
 * libflow/centrality.h - per-node centrality measures of a selection.
 *
 * One entry point, flow_centrality_compute(), computes one measure for every
 * vertex of a selection and hands it back as a flow_table (libflow/table.h)
 * named after the measure, with a node column "node" and a value column of
 * the same name as the measure (the snake_case names of the "centrality"
 * registry, libflow/registry.h):
 *
 *   in_strength, out_strength, strength, net_flow,     (flow volumes)
 *   in_degree, out_degree, degree,                     (tie counts)
 *   pagerank, hub, authority, eigenvector,             (walks and spectra)
 *   betweenness, closeness, harmonic,                  (shortest paths)
 *   constraint, participation,                         (brokerage, layers)
 *   reach                                              (reachability)
 *
 * Knobs live in a versioned flow_centrality_options (NULL = the defaults).
 *
 *     flow_table *pr = NULL;
 *     flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
 *     const char *seeds[] = {"CN-SH", "YRD-alliance"};  // ids or groups
 *     o.damping = 0.9;
 *     o.personalization = seeds;
 *     o.personalization_count = 2;
 *     if (flow_centrality_compute(&pr, sel, FLOW_PAGERANK, &o) == FLOW_OK) {
 *         const double *v = flow_table_doubles(pr, 1);   // column "pagerank"
 *         for (size_t r = 0; r < flow_table_row_count(pr); r++)
 *             printf("%s %.4f\n", flow_table_text(pr, 0, r), v[r]);
 *         flow_table_free(pr);
 *     } else {
 *         fprintf(stderr, "%s\n", flow_last_error());
 *     }
 *
 * Measure names and numbers: flow_registry_lookup("centrality", "pagerank")
 * gives FLOW_PAGERANK, flow_registry_name("centrality", FLOW_PAGERANK)
 * gives "pagerank", and flow_registry_list(&t, "centrality") lists them all
 * with their parameters and flags (FLOW_REG_IN_UNITS marks the measures
 * whose values are in the selection's weight unit).
 *
 * CONVENTIONS shared by every measure
 *  - The graph is the selection's (libflow/selection.h): one simple
 *    weighted edge per ordered vertex pair (per unordered pair when the
 *    selection is undirected), its weight the sum of the kept flows.
 *  - Weights are strengths: more weight = more flow = a stronger tie.
 *    Walk and spectral measures (pagerank, hub, authority, eigenvector,
 *    constraint) use them as they are. Path measures (betweenness,
 *    closeness, harmonic) need lengths: by default the length of an edge
 *    is 1 / weight (a strong flow is a short distance); the `length`
 *    option chooses another transform (FLOW_LENGTH_*).
 *  - Direction: edges point the way the flow goes (source -> target).
 *    Directed paths follow the flow. For an undirected selection every
 *    "in", "out" and "all" variant is the same value.
 *  - Self-loops: the selection graph has none. Intra-node flows
 *    (flow_selection_table(), part "vertices") count in no measure here,
 *    not even in strengths; add them yourself if you want them.
 *  - Isolated vertices are vertices like any other: they get 0 strengths
 *    and degrees, 0 betweenness and harmonic, NAN closeness and
 *    constraint (undefined: see below), their share of PageRank's jumps.
 *  - An empty selection (a network without nodes, hence 0 vertices) gives
 *    an empty table (0 rows) and FLOW_OK for every measure. A
 *    selection with vertices but no edges gives: strengths, degrees,
 *    net_flow, betweenness, harmonic 0; pagerank uniform 1/n (or uniform
 *    over the personalisation set); hub, authority, eigenvector 1 for
 *    every vertex (all equally central, as igraph); closeness and
 *    constraint NAN; participation NAN (no vertex has flow).
 *  - Extreme weights (1e-300 to 1e300; the selection's total stays finite,
 *    libflow/selection.h): walk and spectral measures see the weights
 *    divided by the largest, path measures the lengths divided by the
 *    shortest (igraph 0.10 loses lengths below 1e-16 of 1), and closeness
 *    and harmonic are scaled back, so no value is NaN or infinite where
 *    it is finite in exact arithmetic. A ratio beyond the doubles' range
 *    (1e-300 beside 1e300) is clamped: such a tie weighs nothing beside
 *    the strongest, or such a path is practically never the shortest.
 *  - No measure is random: the same selection gives the same values.
 *  - Rows are in selection vertex order (the "node" column maps a row to
 *    its network node: flow_table_ints() gives node indexes,
 *    flow_table_text() node ids). No ranking is done, so there are no ties
 *    to break; rank the values with flow_structure_rank()
 *    (libflow/structure.h) or sort them yourself.
 *  - Threads: as every analysis (libflow/common.h).
 *  - Progress: each call reports percent 0 to the selection's progress
 *    callback (flow_selection_set_progress()) before it starts. The long
 *    ones report more: PageRank after each sweep but the last,
 *    betweenness once per source vertex (from igraph), closeness and
 *    harmonic after each of 100 slices of the vertices, and participation
 *    every 65536 flows it scans. A callback that returns
 *    non-zero stops the call at its next report: FLOW_EINTERRUPTED, no
 *    result. (The other measures are single igraph calls that run to the
 *    end once started.)
 *
 * THE MEASURES (n = vertex count, w_ij = weight of edge i -> j)
 *
 *  FLOW_IN_STRENGTH, FLOW_OUT_STRENGTH, FLOW_STRENGTH (total = in + out):
 *    sums of the selection's edge weights at the vertex, in the factor's
 *    unit (or in shares under FLOW_COMBINE_SHARE). Undirected: in = out =
 *    strength, the sum of the weights of the vertex's edges.
 *  FLOW_NET_FLOW: out_strength - in_strength (> 0: a source, a net
 *    exporter; < 0: an absorber). Always 0 when undirected.
 *  FLOW_IN_DEGREE, FLOW_OUT_DEGREE, FLOW_DEGREE (in + out): numbers of
 *    edges of the simple selection graph (partners, not flows; a
 *    reciprocal pair counts once in each direction, so twice in degree).
 *    Undirected: the number of neighbours for all three. Normalised
 *    (`normalized` = 1): divided by n - 1 (networkx degree_centrality,
 *    in_degree_centrality, out_degree_centrality); 0 when n = 1 (networkx
 *    says 1 there).
 *  FLOW_PAGERANK: weighted PageRank with igraph 0.10.2's conventions
 *    (igraph_personalized_pagerank(), PRPACK), computed by libflow's own
 *    solver on the selection's arrays (no igraph graph). With probability
 *    `damping` the walker follows an out-edge, chosen in proportion to
 *    its weight (w_ij / out-strength of i), and it jumps otherwise. Jumps
 *    go uniformly to all vertices, or uniformly to the personalisation
 *    set when one is given. A dangling vertex (no out-edge) always jumps,
 *    to the same place (all vertices, or the personalisation set).
 *    Undirected: each edge is walked both ways (out-strength = strength).
 *    Intra-node flows are no self-loops here (see above): they change no
 *    value. Disconnected parts are joined by the jumps alone (a part
 *    without a personalisation vertex that no walk enters gets 0).
 *    damping 0: the jump distribution itself; one vertex: 1. The values
 *    sum to 1.
 *    Solver: Gauss-Seidel sweeps over the vertices, deterministic, until
 *    the L1 distance of the values to the exact PageRank (the sum of the
 *    absolute errors) is provably at most 1e-12. The sweeps needed grow
 *    as log(1e-12 (1 - damping)) / log(damping): 87 at 0.85 on the
 *    benchmark's 100k vertices and 657k edges (docs/performance.md); the
 *    cap is twice that plus 100, and a million: a run that reaches it (a
 *    damping too close to 1, such as 1 - 1e-12 on a graph without
 *    dangling vertices) fails with FLOW_ECONVERGE, never returning an
 *    unconverged value. Checked at a relative 1e-9 on every vertex
 *    against python-igraph 0.10.2 Graph.personalized_pagerank(directed,
 *    damping, reset_vertices=set, weights='weight') and networkx 2.8
 *    nx.pagerank(G, alpha=damping, personalization=set, weight='weight',
 *    tol=1e-15) with its default dangling (= personalization), from damping
 *    0 to 0.999, directed and undirected, with dangling and isolated
 *    vertices (observed: within 8e-11).
 *  FLOW_HUB, FLOW_AUTHORITY: Kleinberg's HITS on the weighted adjacency
 *    matrix A (A_ij = w_ij): hubs are the principal eigenvector of A A^T
 *    (vertices that send flow to good absorbers: the sources),
 *    authorities that of A^T A (vertices that receive from good hubs: the
 *    absorbers). Scaled so that the largest value is 1 (igraph's
 *    scaling); networkx's nx.hits() returns the same vectors scaled to sum
 *    1. A vertex without out-edges has hub 0, one without in-edges has
 *    authority 0. Undirected: hub = authority = eigenvector. When the
 *    principal eigenvalue is not simple (e.g. two disconnected parts of
 *    equal weight), the vector is one of several valid ones (igraph's).
 *  FLOW_EIGENVECTOR: the principal eigenvector x of x_i = sum_j w_ji x_j /
 *    lambda: directed, a vertex is central when central vertices send it
 *    flow (in-edges: networkx's nx.eigenvector_centrality(G,
 *    weight='weight') convention). Scaled so that the largest value is 1
 *    (networkx scales to unit Euclidean norm: divide by the norm to
 *    compare). On a directed graph with no cycle (a DAG) the spectral
 *    radius is 0 and every value is 0 (igraph's answer; networkx fails to
 *    converge there). With no edges: 1 for every vertex.
 *  FLOW_BETWEENNESS: sum over pairs s != t (ordered when directed,
 *    unordered when undirected) of the share of the shortest s -> t paths
 *    through the vertex, lengths by `length`. Raw by default (networkx
 *    nx.betweenness_centrality(G, weight='length', normalized=False));
 *    normalised: times 1/((n-1)(n-2)) directed, 2/((n-1)(n-2)) undirected
 *    (networkx normalized=True; Medici 0.522 on the Florentine marriages
 *    with FLOW_LENGTH_UNIT), 0 when n <= 2. Ties: two path lengths that
 *    agree within a relative 1e-10 are equal (igraph's
 *    IGRAPH_SHORTEST_PATH_EPSILON), so lengths 1/10 + 1/5 and 2 x 3/20
 *    give two shortest paths; networkx compares floats exactly and may
 *    count one. Integer weights summed over layers (lengths 1, 1/2, 1/3)
 *    meet such near-ties often. With FLOW_LENGTH_UNIT every count is
 *    exact. The same tolerance lets a weighted distance (closeness,
 *    harmonic) differ from networkx's by a relative 1e-10 at most.
 *    With `sources` = k (2 <= k < n): an estimate from k source vertices
 *    drawn without replacement (seeded by `seed`), networkx's estimator
 *    (nx.betweenness_centrality(G, k)): the dependencies of the sampled
 *    sources on v, summed over every target, times (n - 1) / k, or
 *    (n - 1) / (k - 1) for a sampled v (no path starts through its own
 *    source); then normalised as above. Its cost is k single-source
 *    searches instead of n (M: 100k nodes, 1M flows, 20 sources: about
 *    3 s). The metadata adds "sources" (k) and "seed"; part "sources"
 *    lists the sampled nodes (column "node").
 *  FLOW_CLOSENESS: 1 / (sum of the lengths of the shortest paths from the
 *    vertex to the vertices it reaches), the direction by `mode`
 *    (FLOW_PATH_OUT: paths leaving the vertex, the default; FLOW_PATH_IN:
 *    paths arriving; FLOW_PATH_ALL: direction ignored, the shorter of two
 *    opposite edges counting). Only reached vertices count (igraph's
 *    convention). Normalised: times the number r of vertices reached, i.e.
 *    r / sum, which equals networkx 2.8 nx.closeness_centrality(G.reverse(),
 *    distance='length', wf_improved=False) for FLOW_PATH_OUT (networkx
 *    measures incoming distance: nx.closeness_centrality(G, ...) is
 *    FLOW_PATH_IN). FLOW_PATH_ALL equals networkx on the undirected graph
 *    whose edge length is the shorter of the two directions. No
 *    Wasserman-Faust correction (networkx's wf_improved=True default): on
 *    a disconnected graph prefer harmonic. A vertex that reaches no other
 *    vertex: NAN (networkx says 0).
 *  FLOW_HARMONIC: sum over the other vertices of 1 / length of the
 *    shortest path to them (unreached vertices add 0), direction by `mode`
 *    as closeness. Raw by default; normalised: divided by n - 1 (0 when
 *    n = 1). FLOW_PATH_OUT equals networkx nx.harmonic_centrality(
 *    G.reverse(), distance='length') (networkx sums incoming distances).
 *  FLOW_CONSTRAINT: Burt's constraint (structural holes), igraph's
 *    igraph_constraint(): c_i = sum_{j in N(i)} (p_ij + sum_{q in N(i),
 *    q != i, j} p_iq p_qj)^2 with p_ij = (w_ij + w_ji) / sum_{k in N(i)}
 *    (w_ik + w_ki), N(i) the neighbours in either direction. Direction is
 *    thus ignored: the value equals networkx 2.8 nx.constraint(S,
 *    weight='weight') on the undirected graph S with both directions
 *    summed, and nx.constraint(G, weight='weight') on the directed graph
 *    for every vertex with an out-edge (networkx gives NaN to a vertex
 *    without successors, which libflow scores from its in-neighbours).
 *    Low constraint = a broker spanning structural holes. A vertex without
 *    neighbours: NAN (as networkx).
 *  FLOW_PARTICIPATION: multiplex participation coefficient (F. Battiston,
 *    V. Nicosia, V. Latora, "Structural measures for multiplex networks",
 *    Phys. Rev. E 89, 032804 (2014)): how evenly a vertex's flow spreads
 *    over the factors,
 *        P_i = K / (K - 1) * (1 - sum_f (s_i^f / s_i)^2),
 *    with K the number of factors the selection keeps (its factor list, or
 *    every factor of the network; a kept factor without flow in the chosen
 *    years still counts), s_i^f the total strength (in + out) of vertex i
 *    in factor f, computed from the network's flows after the year filter
 *    and the roll-up (flows inside one vertex left out; raw weights, or
 *    each factor's shares under FLOW_COMBINE_SHARE), and s_i = sum_f s_i^f.
 *    P = 0: all flow in one factor; P = 1: spread evenly over all K. A
 *    vertex without flow: NAN; otherwise 0 when K = 1. Direction makes no
 *    difference.
 *  FLOW_REACH: the number of other vertices a path from the vertex reaches,
 *    direction by `mode` as closeness (FLOW_PATH_OUT: where its flows can
 *    go, directly or through intermediaries; FLOW_PATH_IN: where the flows
 *    reaching it can come from; FLOW_PATH_ALL: its weakly connected
 *    component). Weights and `length` play no part. Normalised: divided by
 *    n - 1 (0 when n = 1). Equals networkx len(nx.descendants(G, v))
 *    (FLOW_PATH_OUT) and len(nx.ancestors(G, v)) (FLOW_PATH_IN). One
 *    breadth-first search per vertex: O(n (n + m)).
 *
 * Since 0.1; results as flow_table since 0.2; FLOW_REACH since 0.3.
 */
#ifndef LIBFLOW_CENTRALITY_H
#define LIBFLOW_CENTRALITY_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/table.h"

FLOW_BEGIN_DECLS

/** The measures (see THE MEASURES above); names in comments. */
enum {
    FLOW_IN_STRENGTH = 0,   /**< "in_strength" */
    FLOW_OUT_STRENGTH = 1,  /**< "out_strength" */
    FLOW_STRENGTH = 2,      /**< "strength" (in + out) */
    FLOW_NET_FLOW = 3,      /**< "net_flow" (out - in) */
    FLOW_IN_DEGREE = 4,     /**< "in_degree" */
    FLOW_OUT_DEGREE = 5,    /**< "out_degree" */
    FLOW_DEGREE = 6,        /**< "degree" (in + out) */
    FLOW_PAGERANK = 7,      /**< "pagerank" */
    FLOW_HUB = 8,           /**< "hub" */
    FLOW_AUTHORITY = 9,     /**< "authority" */
    FLOW_BETWEENNESS = 10,  /**< "betweenness" */
    FLOW_CLOSENESS = 11,    /**< "closeness" */
    FLOW_HARMONIC = 12,     /**< "harmonic" */
    FLOW_EIGENVECTOR = 13,  /**< "eigenvector" */
    FLOW_CONSTRAINT = 14,   /**< "constraint" */
    FLOW_PARTICIPATION = 15, /**< "participation" */
    FLOW_REACH = 16          /**< "reach" */
};

/** Number of measures: valid measures are 0 .. FLOW_CENTRALITY_MEASURES - 1. */
#define FLOW_CENTRALITY_MEASURES 17

/** Edge lengths for the path measures (betweenness, closeness, harmonic). */
enum {
    FLOW_LENGTH_INVERSE = 0, /**< 1 / weight (default: strong flow = short) */
    FLOW_LENGTH_UNIT = 1,    /**< 1 per edge: unweighted hop counts */
    FLOW_LENGTH_WEIGHT = 2   /**< the weight itself is a distance */
};

/** Which paths closeness and harmonic follow on a directed selection. */
enum {
    FLOW_PATH_OUT = 0, /**< paths from the vertex, along the flow (default) */
    FLOW_PATH_IN = 1,  /**< paths into the vertex */
    FLOW_PATH_ALL = 2  /**< direction ignored */
};

/** Version of flow_centrality_options this header describes. */
#define FLOW_CENTRALITY_OPTIONS_VERSION 2

/**
 * Options of flow_centrality_compute(). Set `version` (the INIT macro and
 * flow_centrality_options_init() do). A field that a measure does not use
 * is still range-checked, then ignored; the personalisation set is only
 * resolved by pagerank.
 */
typedef struct {
    /** FLOW_CENTRALITY_OPTIONS_VERSION. */
    unsigned int version;
    /** pagerank: probability of following an edge, in [0, 1); 0.85. */
    double damping;
    /** pagerank: node ids or group names (expanded to their members) the
     *  walker jumps to, uniformly; NULL / count 0 = every vertex. After a
     *  roll-up a node stands for its vertex. Borrowed for the call. */
    const char *const *personalization;
    /** pagerank: number of names in `personalization`. */
    size_t personalization_count;
    /** betweenness, closeness, harmonic: FLOW_LENGTH_*; FLOW_LENGTH_INVERSE. */
    int length;
    /** closeness, harmonic on a directed selection: FLOW_PATH_*;
     *  FLOW_PATH_OUT. */
    int mode;
    /** 1: normalised degrees, betweenness, closeness, harmonic (see each
     *  measure); 0 (default): raw. Other measures ignore it. */
    int normalized;
    /** betweenness: the number of source vertices drawn at random (at
     *  least 2), for an estimate in O(sources * m) instead of the exact
     *  O(n m) (see FLOW_BETWEENNESS); 0 (default), or a number >= the
     *  vertex count: every vertex, exact. (Version 2.) */
    size_t sources;
    /** betweenness with `sources`: the sample's seed (the same seed,
     *  count and selection draw the same sources); 1. (Version 2.) */
    uint64_t seed;
} flow_centrality_options;

/** Initialiser with the defaults: damping 0.85, no personalisation,
 *  lengths 1 / weight, outgoing paths, raw values, exact betweenness.
 *  Version 1 of the options (without `sources` and `seed`) is still
 *  accepted, with exact betweenness. */
#define FLOW_CENTRALITY_OPTIONS_INIT \
    {FLOW_CENTRALITY_OPTIONS_VERSION, 0.85, NULL, 0, FLOW_LENGTH_INVERSE, FLOW_PATH_OUT, 0, 0, 1}

/**
 * Fills options with the defaults (as FLOW_CENTRALITY_OPTIONS_INIT), for
 * callers that cannot use the macro (bindings).
 * @param[out] opts    the options to fill
 * @param version      FLOW_CENTRALITY_OPTIONS_VERSION
 * @return FLOW_OK; FLOW_EINVAL (opts NULL, or a version this library does
 *         not know).
 */
FLOW_API int flow_centrality_options_init(flow_centrality_options *opts, unsigned int version);

/**
 * Computes one centrality measure for every vertex of a selection.
 *
 * Builds the selection's graph if needed. The selection and its network
 * are not changed.
 *
 * The table (libflow/table.h), named after the measure ("pagerank", ...):
 *  - one row per selection vertex, in vertex order;
 *  - column 0 "node" (FLOW_COLUMN_NODE): the vertex's network node;
 *  - column 1, named after the measure (FLOW_COLUMN_DOUBLE): the values,
 *    NAN where a measure is undefined (see THE MEASURES);
 *  - no scalars; no parts, but for a sampled betweenness (`sources`): part
 *    "sources", the sampled nodes (column "node") in vertex order;
 *  - metadata: "analysis" (the measure's name); the selection ("factors",
 *    "combine", "years", "directed", "level"); "unit" (the selection's
 *    weight unit, or "share") only for the measures whose values are in
 *    that unit (the strengths and net_flow: FLOW_REG_IN_UNITS in the
 *    registry) and when the kept factors share one unit; and the options
 *    the measure uses, as text: "damping" and "personalization" (the names
 *    joined with ",", "" for none) for pagerank, "length" (a "length"
 *    registry name), "mode" (a "path" registry name) and "normalized"
 *    ("0" or "1") for the measures that take them (the parameters of the
 *    measure's registry entry), and for betweenness "sources" (the sample
 *    size, "all" when exact) and "seed" (only with a sample).
 * The table holds a reference on the network: it outlives the selection
 * and the caller's network handle.
 *
 * @param[out] out  the table, freed with flow_table_free(); NULL on failure
 * @param sel       the selection
 * @param measure   one of FLOW_IN_STRENGTH ... FLOW_PARTICIPATION
 * @param opts      options, or NULL for FLOW_CENTRALITY_OPTIONS_INIT
 * @return FLOW_OK;
 *         FLOW_EINVAL (out NULL; unknown measure; options version unknown;
 *         damping not in [0, 1); length or mode not one of the constants;
 *         normalized not 0 or 1; a NULL personalisation list with a count,
 *         a NULL name, or a set that resolves to no vertex);
 *         FLOW_ENOTFOUND (a personalisation name that is neither a node id
 *         nor a group; the message suggests the closest);
 *         FLOW_EMISUSE (sel NULL or freed);
 *         FLOW_ELIMIT (a selection edge weight that overflowed to
 *         infinity when its flows were summed, for every measure but the
 *         degrees and participation; or a weight whose length 1 / weight
 *         is not finite, for the path measures);
 *         FLOW_EINTERRUPTED (the progress callback asked to stop);
 *         FLOW_ECONVERGE (PageRank reached its cap of sweeps; an
 *         eigenvector solver failed) or FLOW_ERROR (an eigenvector solver
 *         failed);
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_centrality_compute(flow_table **out, flow_selection *sel, int measure,
                                     const flow_centrality_options *opts);

FLOW_END_DECLS

#endif /* LIBFLOW_CENTRALITY_H */

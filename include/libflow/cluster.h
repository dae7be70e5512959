/*
 * libflow/cluster.h - clusters: community detection, modularity, per-cluster
 * flow accounting, comparison with declared groups, k-core.
 *
 * A partition gives every vertex of a selection a cluster number 0..k-1.
 * It is a flow_table (libflow/table.h), the "partition table" below.
 * Numbers are canonical: clusters are numbered in order of first
 * appearance by vertex index (vertex 0 is always in cluster 0, the first
 * vertex outside cluster 0 starts cluster 1, ...), so two equal partitions
 * have equal "cluster" columns whatever method made them.
 *
 * Where partitions come from:
 *  - flow_cluster_detect(): a community detection method (Leiden, Louvain,
 *    Infomap, walktrap, label propagation) run on the selection's graph;
 *  - flow_cluster_from_groups(): the network's declared groups (a pairing
 *    programme, an alliance, the towns of a study...);
 *  - flow_cluster_from_membership(): any labelling the caller has.
 * Two partitions of the same nodes are compared with flow_cluster_compare()
 * (NMI, ARI, VI): "do the declared mechanisms match the clusters that flows
 * actually form?".
 *
 * THE PARTITION TABLE (made by the three functions above)
 *  - name: the method ("leiden", "louvain", "infomap", "walktrap",
 *    "label_propagation"), "groups" or "membership";
 *  - one row per selection vertex, in vertex order: column "node"
 *    (FLOW_COLUMN_NODE) and column "cluster" (FLOW_COLUMN_INT, the
 *    canonical cluster number);
 *  - scalars: "modularity" (standard modularity, see
 *    flow_cluster_detect(); NAN without edges), "clusters" (the number of
 *    clusters k) and, for Infomap only, "codelength" (Infomap's code
 *    length in bits per step, as igraph reports it; NAN when the
 *    selection has no edge). Other partitions have no "codelength"
 *    scalar, so flow_table_scalar(t, "codelength") is NAN for them;
 *  - metadata: "analysis" and "method" (the table's name), the selection
 *    (flow_table.h: "factors", "combine", "years", "directed", "level",
 *    "unit"), and the parameters: for flow_cluster_detect() "seed" (not
 *    for walktrap, which is deterministic), "resolution" (Leiden, Louvain,
 *    label propagation), "trials" (the runs made, after the method's
 *    default is applied), "steps" (walktrap) and "iterations" (Leiden:
 *    the number, or "until stable"); for
 *    flow_cluster_from_groups() "groups" (the groups used, comma
 *    separated, in the order listed);
 *  - part "clusters": one row per cluster, row c for cluster c, with
 *    columns "cluster" (int, = c), "size" (int, its vertex count), "label"
 *    (text: the declared group's name for clusters made by
 *    flow_cluster_from_groups(); NULL for other clusters and
 *    partitions), and the flow accounting as doubles: "internal",
 *    "inflow", "outflow", "self_containment", "closure" (below).
 *
 * Per-cluster flow accounting, in the selection's weights (after any
 * FLOW_COMBINE_SHARE). For cluster c:
 *  - internal: weights of the edges with both ends in c, plus the
 *    intra-node flow of c's vertices (flow_selection_table(), part
 *    "vertices");
 *  - outflow: weights of the edges from c to other clusters;
 *  - inflow: weights of the edges from other clusters into c.
 *    Undirected selection: inflow = outflow = the boundary weight (edges
 *    with exactly one end in c).
 *  - self_containment = internal / (internal + outflow): the share of the
 *    flow leaving c's nodes that stays in c (1 = closed, 0 = everything
 *    goes out);
 *  - closure = internal / (internal + boundary flow), with boundary flow =
 *    inflow + outflow when directed and the boundary weight when
 *    undirected (then closure = self_containment): the share of all flow
 *    touching c that stays in c. 1 - closure is c's openness.
 * Ratios are NAN when their denominator is 0 (a cluster without any flow).
 *
 * CONVENTIONS (all functions of this module)
 *  - Weights are strengths (more weight = more flow = a stronger tie); no
 *    method here uses path lengths.
 *  - Direction. Modularity and the flow accounting follow the selection: a
 *    directed selection gives directed modularity and separate inflow and
 *    outflow. Leiden, Louvain, walktrap and label propagation are defined
 *    for undirected graphs only: on a directed selection they run on its
 *    undirected collapse (u-v weighs w(u->v) + w(v->u)), the same graph
 *    that flow_selection_set_directed(sel, 0) gives. Infomap uses the
 *    direction (a random walker follows the flows).
 *  - Self-loops: the selection's graph has none. A node's intra-node flow
 *    (flow_selection_table(), part "vertices") takes no part in detection
 *    or in modularity; it is counted as internal flow of the node's
 *    cluster in the flow accounting.
 *  - Isolated vertices (no edge) end up in clusters of their own.
 *  - Empty selections: 0 vertices give an empty partition (0 rows, 0
 *    clusters, modularity NAN); vertices but no edges give one cluster per
 *    vertex (singletons) and modularity NAN (modularity is 0/0 without
 *    edges).
 *  - Randomness: the stochastic methods draw from igraph's generator seeded
 *    with the options' seed (default 1). The same seed, selection and
 *    library build give the same partition.
 *  - Names: the methods, comparison measures and k-core modes are the
 *    registries "cluster", "compare" and "kcore" (libflow/registry.h):
 *    flow_registry_lookup("cluster", "leiden") == FLOW_CLUSTER_LEIDEN.
 *
 *     flow_table *p = NULL;
 *     flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
 *     o.seed = 42;
 *     if (flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, &o) == FLOW_OK) {
 *         printf("%.0f clusters, Q = %.3f\n", flow_table_scalar(p, "clusters"),
 *                flow_table_scalar(p, "modularity"));
 *         const int64_t *cl = flow_table_ints(p, (size_t)flow_table_column_index(p, "cluster"));
 *         for (size_t v = 0; v < flow_table_row_count(p); v++)
 *             printf("%s -> %lld\n", flow_table_text(p, 0, v), (long long)cl[v]);
 *         const flow_table *c = flow_table_part(p, "clusters");
 *         const double *sc = flow_table_doubles(c,
 *             (size_t)flow_table_column_index(c, "self_containment"));
 *         for (size_t k = 0; k < flow_table_row_count(c); k++)
 *             printf("cluster %zu keeps %.0f%% of its outgoing flow\n", k, 100 * sc[k]);
 *         flow_table_free(p);
 *     }
 *
 * Since 0.1; partitions and k-core numbers are tables since 0.2.
 */
#ifndef LIBFLOW_CLUSTER_H
#define LIBFLOW_CLUSTER_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/table.h"

FLOW_BEGIN_DECLS

/* ---- methods and options ------------------------------------------------ */

/** Community detection methods (flow_cluster_detect()). */
enum {
    /** Leiden (Traag, Waltman & van Eck 2019) maximising modularity with a
     *  resolution; iterated until the partition stops changing (at most
     *  FLOW_CLUSTER_LEIDEN_MAX_ROUNDS rounds a trial). Undirected collapse. */
    FLOW_CLUSTER_LEIDEN = 0,
    /** Louvain (Blondel et al. 2008, igraph's multilevel), modularity with a
     *  resolution. Undirected collapse. */
    FLOW_CLUSTER_LOUVAIN = 1,
    /** Infomap (Rosvall & Bergstrom 2008): minimises the description length
     *  of a random walk following the flows; directed and weighted. */
    FLOW_CLUSTER_INFOMAP = 2,
    /** Walktrap (Pons & Latapy 2005): agglomerative on short random walks,
     *  cut at the level of highest modularity. Deterministic. Undirected
     *  collapse. */
    FLOW_CLUSTER_WALKTRAP = 3,
    /** Label propagation (Raghavan, Albert & Kumara 2007), weighted, labels
     *  spread over undirected ties. Undirected collapse. */
    FLOW_CLUSTER_LABEL_PROPAGATION = 4
};

/** Bound on the Leiden rounds of one trial (see flow_cluster_detect()). */
#define FLOW_CLUSTER_LEIDEN_MAX_ROUNDS 100

/** Version of flow_cluster_options understood by this library. */
#define FLOW_CLUSTER_OPTIONS_VERSION 2

/**
 * Knobs of flow_cluster_detect(). Start from FLOW_CLUSTER_OPTIONS_INIT or
 * flow_cluster_options_init(); a NULL options pointer means the defaults.
 */
typedef struct {
    /** FLOW_CLUSTER_OPTIONS_VERSION. */
    unsigned int version;
    /** Seed of the random generator (default 1). Walktrap ignores it. */
    uint64_t seed;
    /** Modularity resolution gamma >= 0 for Leiden and Louvain (default
     *  1: standard modularity; larger: more, smaller clusters). Also the
     *  resolution at which label propagation trials are ranked. */
    double resolution;
    /** Independent runs; the best is kept: highest modularity at
     *  `resolution` on the graph the method ran on (Leiden, Louvain, label
     *  propagation), shortest code length (Infomap). Walktrap is
     *  deterministic and runs once. 0 (the default) means the method's
     *  default, FLOW_CLUSTER_DEFAULT_TRIALS or, for Louvain,
     *  FLOW_CLUSTER_LOUVAIN_TRIALS: a single Louvain run varies much more
     *  than a Leiden run (on ckm_physicians 6% of single Louvain runs and
     *  97% of single Leiden runs reach the modularity of networkx's best
     *  Louvain over 5 seeds). Cost grows linearly: on very large graphs
     *  set 1. Negative: FLOW_EINVAL. */
    int trials;
    /** Walktrap: length of the random walks, 1 to
     *  FLOW_CLUSTER_WALKTRAP_MAX_STEPS (default 4; Pons and Latapy
     *  recommend 3 to 8). Outside: FLOW_EINVAL. */
    int steps;
    /** Leiden: iterations of one trial. 0 (the default): until an
     *  iteration leaves the partition unchanged (at most
     *  FLOW_CLUSTER_LEIDEN_MAX_ROUNDS + 1), the best partition Leiden can
     *  reach from its start; n > 0: exactly n iterations from singletons
     *  (igraph's n_iterations; python-igraph's default is 2), cheaper and
     *  slightly lower in modularity (on the 1M-flow benchmark set of
     *  docs/performance.md, 2 iterations take about a sixth of the time
     *  and give up about 0.004 of modularity). Negative: FLOW_EINVAL. Other
     *  methods ignore it. Since version 2 of these options (a version 1
     *  struct, without this field, is still accepted: until stable). */
    int iterations;
} flow_cluster_options;

/** Default trials of Leiden, Infomap (igraph's own default) and label
 *  propagation. */
#define FLOW_CLUSTER_DEFAULT_TRIALS 10
/** Default trials of Louvain. */
#define FLOW_CLUSTER_LOUVAIN_TRIALS 100
/** The longest walktrap walks. Longer walks approach the stationary
 *  distribution from every start, so the distances walktrap compares fade
 *  away, while the cost grows linearly with the length (here 1000
 *  vertices and 5000 flows take 0.3 s at 4 steps, 4.6 s at 100, 45 s at
 *  1000); igraph's walktrap cannot be interrupted while it prepares the
 *  walks. Since 0.3. */
#define FLOW_CLUSTER_WALKTRAP_MAX_STEPS 100

/** The defaults: version, seed 1, resolution 1, trials 0 (the method's
 *  default), 4 steps, Leiden iterations 0 (until stable). */
#define FLOW_CLUSTER_OPTIONS_INIT {FLOW_CLUSTER_OPTIONS_VERSION, 1, 1.0, 0, 4, 0}

/**
 * Fills options with the defaults (for bindings that cannot use the macro).
 * @param version FLOW_CLUSTER_OPTIONS_VERSION
 * @return FLOW_OK; FLOW_EINVAL (NULL, or a version this library does not
 *         know).
 */
FLOW_API int flow_cluster_options_init(flow_cluster_options *opts, unsigned int version);

/* ---- partitions --------------------------------------------------------- */

/**
 * Detects communities in a selection.
 *
 * Leiden maximises modularity Q_gamma: it is run with node weights = vertex
 * strengths and resolution gamma / (2m) (m = total edge weight), which is
 * modularity in igraph's Leiden, beta = 0.01, from singletons; then, by
 * default, repeated one iteration at a time from its own result until an
 * iteration leaves the partition unchanged (at most
 * FLOW_CLUSTER_LEIDEN_MAX_ROUNDS), or run for exactly `iterations`
 * iterations when the options set them.
 * Label propagation: igraph 0.10.2 truncates this method's weights to
 * integers (weights below 1 would count as 0), so they are passed rescaled
 * to integers in [1, 1e9] (the largest weight becomes 1e9; ratios kept to
 * 1e-9 of the largest weight).
 *
 * The partition's "modularity" scalar is always standard modularity
 * (resolution 1) of the selection's graph, weighted, directed when the
 * selection is (Leicht & Newman: Q = 1/m sum_ij (A_ij - k_i^out k_j^in / m)
 * [c_i = c_j]); undirected: Q = 1/2m sum_ij (A_ij - k_i k_j / 2m)
 * [c_i = c_j]. Use flow_cluster_modularity() for another resolution. On a
 * directed selection, Leiden and Louvain optimise the undirected
 * modularity of the collapse, so the directed value reported is not the
 * one they maximised.
 *
 * Progress is reported to the selection's callback (between trials and
 * Leiden rounds; walktrap: as its merges go, once per whole percent); a
 * non-zero return stops the detection at the next report
 * (FLOW_EINTERRUPTED; walktrap: when igraph's walktrap returns, which
 * cannot be stopped midway without leaking igraph 0.10.2's memory: the
 * callback is not called again, and the bounded steps keep the wait
 * short).
 *
 * @param[out] out    the partition table (see the top of this header;
 *                    named after the method), freed with flow_table_free();
 *                    NULL on failure
 * @param sel         the selection (its graph is built if needed)
 * @param method      FLOW_CLUSTER_*
 * @param opts        options, or NULL for the defaults
 * @return FLOW_OK; FLOW_EINVAL (NULL argument, unknown method, unknown
 *         options version, resolution negative or not finite, trials < 0,
 *         steps outside 1..FLOW_CLUSTER_WALKTRAP_MAX_STEPS, iterations < 0); FLOW_EMISUSE (invalid selection); FLOW_EINTERRUPTED;
 *         FLOW_ELIMIT (weights whose sum overflows: the selection refuses
 *         them, libflow/selection.h, naming the pair); FLOW_ENOMEM;
 *         FLOW_ERROR (igraph failed; the message says why).
 *
 * Extreme weights: the methods and the modularity see the weights divided
 * by the largest (none changes under a common factor), so weights from
 * 1e-300 to 1e300 give the partition and modularity of the same weights
 * near 1.
 */
FLOW_API int flow_cluster_detect(flow_table **out, flow_selection *sel, int method,
                                 const flow_cluster_options *opts);

/**
 * A partition from declared groups: each listed group becomes one cluster
 * of its members' vertices (after any roll-up, a member stands for its
 * vertex). Vertices outside every listed group are declared with no one:
 * each gets a singleton cluster of its own (so comparisons count them
 * neither together with each other nor with a group). To treat them as one
 * "unassigned" label instead, declare a group for them, or build the
 * labelling yourself and use flow_cluster_from_membership().
 * A group with no member contributes no cluster.
 *
 * @param[out] out   the partition table named "groups" (see the top of
 *                   this header): the "label" column of its "clusters"
 *                   part gives each group cluster's group name; freed
 *                   with flow_table_free(); NULL on failure
 * @param groups     group names; n == 0 means every group of the network
 *                   (none declared: every vertex is a singleton)
 * @return FLOW_OK; FLOW_EINVAL (NULL argument; a vertex in two listed groups,
 *         the message names the node and both groups); FLOW_ENOTFOUND
 *         (unknown group, with a suggestion); FLOW_EMISUSE; FLOW_ENOMEM.
 *
 * Since 0.3 (0.2 named it flow_partition_from_groups()).
 */
FLOW_API int flow_cluster_from_groups(flow_table **out, flow_selection *sel,
                                        const char *const *groups, size_t n);

/**
 * A partition from a label per vertex: vertices with equal labels share a
 * cluster. Labels are any values >= 0 (renumbered canonically).
 *
 * @param[out] out   the partition table named "membership" (see the top of
 *                   this header), freed with flow_table_free(); NULL on
 *                   failure
 * @param membership one label per selection vertex, in vertex order (the
 *                   rows of part "vertices" of flow_selection_table())
 * @param n          number of labels: must equal the number of vertices
 * @return FLOW_OK; FLOW_EINVAL (NULL with n > 0, wrong length, negative
 *         label); FLOW_EMISUSE; FLOW_ENOMEM.
 *
 * Since 0.3 (0.2 named it flow_partition_from_membership()).
 */
FLOW_API int flow_cluster_from_membership(flow_table **out, flow_selection *sel,
                                            const int64_t *membership, size_t n);

/* ---- measures ------------------------------------------------------------ */

/**
 * Modularity of any labelling on the selection's graph, weighted, directed
 * when the selection is (formulas at flow_cluster_detect(), with k_i k_j
 * multiplied by the resolution gamma). Self-loops and intra-node
 * flow take no part. Agrees with networkx's
 * nx.community.modularity(G, communities, weight="weight", resolution=gamma).
 *
 * @param[out] out   the modularity; NAN when the selection has no edge (or
 *                   no vertex)
 * @param membership a label >= 0 per vertex (as flow_cluster_from_membership();
 *                   a partition table's "cluster" column can be passed as
 *                   it is)
 * @param n          must equal the selection's vertex count
 * @param resolution gamma, finite and >= 0 (1 for standard modularity)
 * @return FLOW_OK; FLOW_EINVAL (NULL, wrong length, negative label, bad
 *         resolution); FLOW_EMISUSE; FLOW_ENOMEM.
 */
FLOW_API int flow_cluster_modularity(double *out, flow_selection *sel, const int64_t *membership,
                                     size_t n, double resolution);

/** Partition comparison measures (flow_cluster_compare()). */
enum {
    /** Normalised mutual information, 2 I(A;B) / (H(A) + H(B)) (Danon et
     *  al. 2005), in [0, 1]; 1 when both entropies are 0. */
    FLOW_COMPARE_NMI = 0,
    /** Adjusted Rand index (Hubert & Arabie 1985), at most 1, 0 on average
     *  for random labellings. Where the formula is 0/0 (both partitions
     *  all singletons, or both one cluster, and so identical; fewer than 2
     *  vertices) it is 1, as scikit-learn does (igraph gives NaN or fails). */
    FLOW_COMPARE_ARI = 1,
    /** Variation of information, H(A|B) + H(B|A) in nats (Meila 2003); 0
     *  for identical partitions. */
    FLOW_COMPARE_VI = 2
};

/**
 * Compares two partitions of the same vertices: two partition tables
 * (flow_cluster_detect(), flow_cluster_from_groups(),
 * flow_cluster_from_membership()) of selections with the same nodes in
 * the same order, that is selections of one network at one level, whatever
 * their factors, years or direction. The tables may outlive their
 * selections and network.
 * @param[out] out the measure; NAN on failure
 * @param a, b     partition tables: a "node" column and an int "cluster"
 *                 column with labels >= 0
 * @param measure  FLOW_COMPARE_NMI, FLOW_COMPARE_ARI or FLOW_COMPARE_VI
 * @return FLOW_OK; FLOW_EINVAL (NULL, unknown measure, a table that is not
 *         a partition table, partitions over different nodes: another
 *         network, level or vertex count); FLOW_ENOMEM. Two empty
 *         partitions compare as identical (NMI 1, ARI 1, VI 0).
 */
FLOW_API int flow_cluster_compare(double *out, const flow_table *a, const flow_table *b,
                                  int measure);

/** Degree modes of flow_cluster_kcore(). */
enum {
    FLOW_KCORE_ALL = 0, /**< in + out degree (undirected selections: degree) */
    FLOW_KCORE_IN = 1,  /**< in-degree */
    FLOW_KCORE_OUT = 2  /**< out-degree */
};

/**
 * Core numbers (Seidman 1983; Batagelj & Zaversnik's algorithm): vertex v
 * has core number k when it belongs to the k-core (the largest subgraph in
 * which every vertex has degree >= k) but not to the (k+1)-core.
 * Unweighted: degrees count the selection's edges (distinct neighbour
 * pairs after summing factors and years), not their weights; self-loops
 * and intra-node flow do not count. FLOW_KCORE_ALL on a directed selection
 * counts in + out degree (a reciprocated pair counts twice), as
 * networkx's core_number does on a DiGraph; on an undirected selection the
 * mode is ignored. Isolated vertices have core number 0.
 *
 * @param[out] out a per-vertex table named "coreness": columns "node" and
 *                 "coreness" (FLOW_COLUMN_INT, the core number), one row
 *                 per selection vertex in vertex order; metadata
 *                 "analysis" ("coreness"), the selection, and "mode"
 *                 ("all", "in" or "out"); freed with flow_table_free();
 *                 NULL on failure
 * @param mode     FLOW_KCORE_ALL, FLOW_KCORE_IN or FLOW_KCORE_OUT
 * @return FLOW_OK; FLOW_EINVAL (NULL, unknown mode); FLOW_EMISUSE;
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_cluster_kcore(flow_table **out, flow_selection *sel, int mode);

/* ---- communities across years ------------------------------------------ */

/**
 * Follows communities across the years of a selection: clusters every
 * year with the same method and options (the same seed every year), then
 * matches the communities of consecutive years by their overlap.
 *
 * Years are those of flow_structure_series() (libflow/structure.h): the
 * distinct years of the kept dated flows, each clustered on the
 * selection's settings with the year range [Y, Y] (and its counterfactual,
 * flow_selection_set_counterfactual()). A year's communities are its
 * clusters with at least two vertices present that year (a vertex is
 * present when it has a kept flow that year; absent vertices and
 * singletons belong to no community). Community A of year t and B of the
 * next year are linked when their Jaccard overlap |A & B| / |A | B| (over
 * vertices) is >= threshold. With d_out(A) the links of A and d_in(B)
 * those of B:
 *  - continuation: a link with d_out(A) = 1 and d_in(B) = 1 (B continues
 *    A's track);
 *  - split: A has two or more links (each is a row "split");
 *  - merge: B has two or more links (each is a row "merge"); a link that
 *    is both is "split_merge";
 *  - death: A has no link; birth: B has no link.
 * A threshold of 0.3 (a common choice in the literature on dynamic
 * communities, e.g. Greene, Doyle, Cunningham 2010) catches a split into
 * up to three equal parts; a split into more, smaller parts reads as a
 * death and births. Every community of the first year starts a track.
 *
 * The table, named "tracking", has one row per event between consecutive
 * years, years ascending, links by (cluster_from, cluster_to), then
 * deaths, then births:
 *  - "year_from", "year_to" (int);
 *  - "event" (text): continuation, split, merge, split_merge, birth,
 *    death;
 *  - "cluster_from", "cluster_to" (int): the clusters (the method's
 *    canonical numbers within their year; -1 for none);
 *  - "size_from", "size_to" (int): their present vertices (0 for none);
 *  - "track_from", "track_to" (int): their tracks (-1 for none);
 *  - "jaccard" (double): the overlap (NAN for births and deaths).
 * Scalars: "continuations", "splits" (communities that split), "merges"
 * (communities formed by a merge), "births", "deaths", "years".
 * Part "communities": one row per (year, community): "year", "cluster",
 * "size", "track". Part "members": one row per (year, vertex in a
 * community): "year", "node", "cluster", "track". Metadata: "analysis" =
 * "tracking", "method", the selection, "threshold", "min_size" (2),
 * "seed" (not for walktrap).
 *
 * A selection with no dated flow gives an empty table (0 years). A stock
 * factor is not refused here (each year runs alone).
 *
 * @param[out] out     the table, freed with flow_table_free(); NULL on
 *                     failure
 * @param sel          the selection
 * @param method       FLOW_CLUSTER_*
 * @param opts         options for every year's detection, or NULL
 * @param threshold    the Jaccard threshold, in (0, 1] (0.3 is usual)
 * @return FLOW_OK; FLOW_EINVAL (NULL out, unknown method, threshold out of
 *         range, bad options as flow_cluster_detect()); FLOW_EMISUSE;
 *         FLOW_EINTERRUPTED; FLOW_ENOMEM; an error of one year's detection,
 *         naming the year.
 *
 * Since 0.3.
 */
FLOW_API int flow_cluster_track(flow_table **out, flow_selection *sel, int method,
                                const flow_cluster_options *opts, double threshold);

FLOW_END_DECLS

#endif /* LIBFLOW_CLUSTER_H */

/*
 * libflow/brokerage.h - brokerage between groups: the Gould-Fernandez roles.
 *
 * Gould and Fernandez (1989, "Structures of mediation: a formal approach to
 * brokerage in transaction networks", Sociological Methodology 19:89-126)
 * classify each two-path a -> v -> b (a, v, b distinct) by the groups of
 * its three nodes; v is the broker:
 *
 *   role            groups of a, v, b   v mediates ...
 *   coordinator     A  A  A             within its own group       (w_I)
 *   itinerant       A  B  A             within another group       (w_O)
 *   gatekeeper      A  B  B             flow into its own group    (b_OI)
 *   representative  A  A  B             flow out of its own group  (b_IO)
 *   liaison         A  B  C             between two other groups   (b_O)
 *
 * (sna::brokerage's labels in brackets.) Groups are declared (a pairing
 * programme, an alliance, official economic regions:
 * flow_brokerage_from_groups()) or detected (a cluster membership:
 * flow_brokerage_compute()). For innovation-factor flows this
 * tells which regions pass flow between regions of one bloc, which let
 * outside flow into their bloc, which send their bloc's flow out, and which
 * connect two other blocs.
 *
 * Conventions:
 *  - two-paths: the selection's edges, a -> v and v -> b with a, v, b
 *    distinct. By default only OPEN two-paths count, those without a direct
 *    edge a -> b: v is a broker for a and b only when they are not tied
 *    directly. This is the definition of Gould and Fernandez as implemented
 *    by R's sna::brokerage ("v is a broker for distinct vertices a and b iff
 *    a -> v -> b and a -/-> b"). Set closed_paths in the options to count
 *    every two-path.
 *  - undirected selection: each edge counts in both directions, so a - v - b
 *    is the two ordered two-paths a -> v -> b and b -> v -> a (as
 *    sna::brokerage on a symmetric matrix). Both directions of a path land
 *    in the same role, except gatekeeper and representative, which swap:
 *    in an undirected selection every vertex's gatekeeper and representative
 *    values are equal.
 *  - counts: the number of such two-paths per broker and role (each ordered
 *    (a, b) pair at most once per broker: the graph is simple).
 *  - weights are strengths (flow amounts). The weighted value of a two-path
 *    is, by default, min(w_av, w_vb): the most flow that can pass from a to
 *    b through v (a bottleneck, in the flow's own unit). Alternatives by
 *    option: the product w_av * w_vb (the usual "two-step flow" of matrix
 *    products, in squared units) or its square root, the geometric mean.
 *    The weighted role value is the sum over the broker's two-paths.
 *  - membership -1 means "no group": a two-path with any node outside every
 *    group is skipped (it has no role), so such a vertex also has zeros as a
 *    broker.
 *  - self-loops (internal flow) are not edges and play no part; isolated
 *    vertices get zeros. An empty selection gives an empty result.
 *  - no normalisation: raw counts and sums (sna's z-scores against a random
 *    graph are not computed).
 *
 *     flow_brokerage *b = NULL;
 *     const char *blocs[] = {"East", "Central", "West", "Northeast"};
 *     if (flow_brokerage_from_groups(&b, sel, blocs, 4, NULL) == FLOW_OK) {
 *         for (size_t v = 0; v < flow_brokerage_count(b); v++)
 *             printf("%s gatekeeper %llu paths, %.0f persons\n",
 *                    flow_brokerage_id(b, v),
 *                    (unsigned long long)flow_brokerage_paths(b, v, FLOW_BROKER_GATEKEEPER),
 *                    flow_brokerage_weight(b, v, FLOW_BROKER_GATEKEEPER));
 *         flow_brokerage_free(b);
 *     }
 *
 * Progress is reported over the brokers; the callback can stop the work.
 * Cost: the sum over vertices of in-degree x out-degree two-paths, plus,
 * for open two-paths, the out-neighbours of every in-neighbour.
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_BROKERAGE_H
#define LIBFLOW_BROKERAGE_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"

FLOW_BEGIN_DECLS

/** The brokerage roles (indexes for the accessors), and their total. */
enum {
    FLOW_BROKER_COORDINATOR = 0,    /**< a, v, b in one group */
    FLOW_BROKER_ITINERANT = 1,      /**< a, b in one group, v in another */
    FLOW_BROKER_GATEKEEPER = 2,     /**< v, b in one group, a in another */
    FLOW_BROKER_REPRESENTATIVE = 3, /**< a, v in one group, b in another */
    FLOW_BROKER_LIAISON = 4,        /**< three different groups */
    FLOW_BROKER_TOTAL = 5           /**< the sum of the five roles */
};

/** Number of roles (FLOW_BROKER_TOTAL is not one). */
#define FLOW_BROKER_ROLES 5

/** How a two-path a -> v -> b is weighted. */
enum {
    FLOW_BROKERAGE_WEIGHT_MIN = 0,     /**< min(w_av, w_vb) (default) */
    FLOW_BROKERAGE_WEIGHT_PRODUCT = 1, /**< w_av * w_vb */
    FLOW_BROKERAGE_WEIGHT_GEOMEAN = 2  /**< sqrt(w_av * w_vb) */
};

/** Options of a brokerage analysis; NULL means the defaults. */
typedef struct {
    unsigned int version; /**< FLOW_BROKERAGE_OPTIONS_VERSION */
    int weighting;        /**< FLOW_BROKERAGE_WEIGHT_*; default MIN */
    int closed_paths;     /**< 0 (default): only two-paths without a direct
                               edge a -> b (sna::brokerage); 1: every one */
} flow_brokerage_options;

#define FLOW_BROKERAGE_OPTIONS_VERSION 1
#define FLOW_BROKERAGE_OPTIONS_INIT {FLOW_BROKERAGE_OPTIONS_VERSION, FLOW_BROKERAGE_WEIGHT_MIN, 0}

/**
 * Fills opts with the defaults (FLOW_BROKERAGE_OPTIONS_INIT).
 * @param version FLOW_BROKERAGE_OPTIONS_VERSION
 * @return FLOW_OK; FLOW_EINVAL (opts NULL or an unknown version).
 */
FLOW_API int flow_brokerage_options_init(flow_brokerage_options *opts, unsigned int version);

/** Brokerage role values per vertex: an opaque result. */
typedef struct flow_brokerage flow_brokerage;

/**
 * Counts and weighs the brokerage roles of every vertex, groups given as a
 * membership array.
 *
 * @param[out] out   the result, freed with flow_brokerage_free(); NULL on
 *                   failure
 * @param sel        the selection
 * @param membership group of each selection vertex (vertex order, as
 *                   flow_selection_node()): any number >= 0 names a group
 *                   (numbers need not be contiguous), -1 no group. A
 *                   cluster membership can be passed as it is:
 *                   flow_partition_membership() of libflow/cluster.h,
 *                   flow_partition_count() entries.
 * @param n          length of membership: the selection's vertex count
 * @param opts       options, or NULL for the defaults
 * @return FLOW_OK; FLOW_EINVAL (out NULL, membership NULL while n > 0, n not
 *         the vertex count, a group number below -1, bad options);
 *         FLOW_EMISUSE; FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_brokerage_compute(flow_brokerage **out, flow_selection *sel,
                                    const int64_t *membership, size_t n,
                                    const flow_brokerage_options *opts);

/**
 * As flow_brokerage_compute(), with the groups declared in the network.
 * Group i of the list (or network group i when n == 0: every group) is
 * group number i; a vertex in no listed group has no group (-1). A group
 * member stands for its selection vertex (after a roll-up). A vertex that
 * would belong to two listed groups is an error: Gould-Fernandez roles need
 * a partition.
 *
 * @param[out] out the result, freed with flow_brokerage_free(); NULL on
 *                 failure
 * @param sel      the selection
 * @param groups   group names; may be NULL when n == 0
 * @param n        number of names; 0 means every group of the network
 * @param opts     options, or NULL for the defaults
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown group, with a suggestion);
 *         FLOW_EINVAL (a vertex in two listed groups, a name listed twice or
 *         NULL, bad options); FLOW_EMISUSE; FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_brokerage_from_groups(flow_brokerage **out, flow_selection *sel,
                                        const char *const *groups, size_t n,
                                        const flow_brokerage_options *opts);

/** Frees a result (it holds a reference on the network). NULL is a no-op. */
FLOW_API void flow_brokerage_free(flow_brokerage *b);

/** Number of vertices (= the selection's); 0 for NULL. */
FLOW_API size_t flow_brokerage_count(const flow_brokerage *b);

/** Network node index of vertex v; -1 when out of range. */
FLOW_API int64_t flow_brokerage_node(const flow_brokerage *b, size_t v);

/** Id of the node of vertex v (borrowed); NULL when out of range. */
FLOW_API const char *flow_brokerage_id(const flow_brokerage *b, size_t v);

/** Group number of vertex v as used (-1: none, or v out of range). */
FLOW_API int64_t flow_brokerage_group(const flow_brokerage *b, size_t v);

/** Number of two-paths that vertex v brokers in this role
 *  (FLOW_BROKER_COORDINATOR .. FLOW_BROKER_TOTAL); 0 when out of range. */
FLOW_API uint64_t flow_brokerage_paths(const flow_brokerage *b, size_t v, int role);

/** Weighted value of vertex v in this role (sum over its two-paths of the
 *  chosen weighting); NAN when out of range. */
FLOW_API double flow_brokerage_weight(const flow_brokerage *b, size_t v, int role);

/** Name of a role: "coordinator", "itinerant", "gatekeeper",
 *  "representative", "liaison", "total"; NULL for another number. Static. */
FLOW_API const char *flow_brokerage_role_name(int role);

/** The role of a name as above.
 *  @return the FLOW_BROKER_* value (>= 0); FLOW_EINVAL (NULL);
 *          FLOW_ENOTFOUND (another name; the message lists the roles). */
FLOW_API int flow_brokerage_role_from_name(const char *name);

FLOW_END_DECLS

#endif /* LIBFLOW_BROKERAGE_H */

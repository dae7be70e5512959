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
 *    vertices get zeros. An empty selection gives an empty result (a table
 *    with no row).
 *  - no normalisation of the counts and sums; beside them, R sna's
 *    expected counts and z-scores (its exp.nli and z.nli) against a
 *    random graph with the selection's density d = m / (n (n - 1)) (an
 *    undirected edge counts in both directions), every ordered pair tied
 *    independently: columns "<role>_expected" and "<role>_z" (below).
 *    The formulas are sna::brokerage's (sna 2.7, Gould and Fernandez
 *    1989), cross-checked against R at test time; the expectation of a
 *    vertex depends only on its group's size. Vertices with group -1 are
 *    left out of the group sizes (sna has no such vertices) and get NAN.
 *    z is NAN where the standard deviation is 0 and the count equals its
 *    expectation (0/0, as in R: a group of one or two has no coordinator
 *    paths). For an undirected selection sna's variances assume
 *    independent directions and understate the spread of a symmetric
 *    random graph (tests/test_significance.c measures it); the network-
 *    wide counts with their sna moments and sampled p-values are
 *    flow_significance_test()'s "brokerage" test (libflow/significance.h).
 *  - role names are the registry "role" (libflow/registry.h):
 *    flow_registry_name("role", FLOW_BROKER_GATEKEEPER) is "gatekeeper".
 *
 * THE RESULT is a per-vertex flow_table (libflow/table.h) named
 * "brokerage", one row per selection vertex in vertex order:
 *  - "node" (FLOW_COLUMN_NODE): the vertex's node;
 *  - "group" (FLOW_COLUMN_INT): the vertex's group number as used, -1 for
 *    none;
 *  - then for each role in enum order (coordinator, itinerant, gatekeeper,
 *    representative, liaison, total) two columns: the role's name
 *    (FLOW_COLUMN_INT: the number of two-paths the vertex brokers in that
 *    role) and "<role>_weight" (FLOW_COLUMN_DOUBLE: the weighted value, the
 *    sum over those two-paths of the chosen weighting). So the columns are
 *    node, group, coordinator, coordinator_weight, itinerant,
 *    itinerant_weight, ..., total, total_weight; role r's count is column
 *    2 + 2r and its weight column 3 + 2r;
 *  - then for each role in the same order "<role>_expected" and "<role>_z"
 *    (FLOW_COLUMN_DOUBLE; sna's expected count and z-score, see above):
 *    role r's are columns 14 + 2r and 15 + 2r (since 0.3);
 *  - scalar "density": the d of the expectations;
 *  - metadata: "analysis" ("brokerage"), the selection (factors, combine,
 *    years, directed, level, unit), "weighting" ("min", "product" or
 *    "geomean"), "closed_paths" ("yes" or "no") and, for
 *    flow_brokerage_from_groups(), "groups": the group names in group
 *    number order, comma separated (group i is the i-th name).
 *
 *     flow_table *b = NULL;
 *     const char *blocs[] = {"East", "Central", "West", "Northeast"};
 *     if (flow_brokerage_from_groups(&b, sel, blocs, 4, NULL) == FLOW_OK) {
 *         size_t cp = (size_t)flow_table_column_index(b, "gatekeeper");
 *         size_t cw = (size_t)flow_table_column_index(b, "gatekeeper_weight");
 *         const int64_t *paths = flow_table_ints(b, cp);
 *         const double *weight = flow_table_doubles(b, cw);
 *         for (size_t v = 0; v < flow_table_row_count(b); v++)
 *             printf("%s gatekeeper %lld paths, %.0f persons\n",
 *                    flow_table_text(b, 0, v), (long long)paths[v], weight[v]);
 *         flow_table_free(b);
 *     }
 *
 * Progress is reported over the brokers; the callback can stop the work.
 * Cost: the sum over vertices of in-degree x out-degree two-paths, plus,
 * for open two-paths, the out-neighbours of every in-neighbour.
 *
 * Since 0.1; the result is a table since 0.2; expected counts and z-scores
 * since 0.3.
 */
#ifndef LIBFLOW_BROKERAGE_H
#define LIBFLOW_BROKERAGE_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/table.h"

FLOW_BEGIN_DECLS

/** The brokerage roles (their order in the result's columns, and their
 *  values in the registry "role"), and their total. */
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

/**
 * Counts and weighs the brokerage roles of every vertex, groups given as a
 * membership array.
 *
 * @param[out] out   the result table (see THE RESULT above), freed with
 *                   flow_table_free(); NULL on failure
 * @param sel        the selection
 * @param membership group of each selection vertex (vertex order: the rows
 *                   of part "vertices" of flow_selection_table()): any
 *                   number >= 0 names a group
 *                   (numbers need not be contiguous), -1 no group. A
 *                   cluster membership can be passed as it is: the
 *                   "cluster" column of a partition table of libflow/cluster.h
 *                   (flow_table_ints(p, flow_table_column_index(p,
 *                   "cluster")), flow_table_row_count(p) entries).
 * @param n          length of membership: the selection's vertex count
 * @param opts       options, or NULL for the defaults
 * @return FLOW_OK; FLOW_EINVAL (out NULL, membership NULL while n > 0, n not
 *         the vertex count, a group number below -1, bad options);
 *         FLOW_EMISUSE; FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_brokerage_compute(flow_table **out, flow_selection *sel,
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
 * @param[out] out the result table (see THE RESULT above; its metadata
 *                 "groups" names the group numbers), freed with
 *                 flow_table_free(); NULL on failure
 * @param sel      the selection
 * @param groups   group names; may be NULL when n == 0
 * @param n        number of names; 0 means every group of the network
 * @param opts     options, or NULL for the defaults
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown group, with a suggestion);
 *         FLOW_EINVAL (a vertex in two listed groups, a name listed twice or
 *         NULL, bad options); FLOW_EMISUSE; FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_brokerage_from_groups(flow_table **out, flow_selection *sel,
                                        const char *const *groups, size_t n,
                                        const flow_brokerage_options *opts);

FLOW_END_DECLS

#endif /* LIBFLOW_BROKERAGE_H */

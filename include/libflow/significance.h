/*
 * libflow/significance.h - null models, z-scores and p-values: is a group
 * more cohesive, a partition more modular, the agreement of clusters with
 * declared groups higher, a brokerage role more frequent than chance?
 *
 * One function, flow_significance_test(), runs one of four TESTS (the
 * registry "test") against a NULL MODEL (the registry "null") and returns
 * one row per tested statistic: the observed value, the null's expectation
 * and standard deviation, a z-score, an empirical p-value and the Monte
 * Carlo moments.
 *
 * THE NULL MODELS
 *
 *  - "configuration" (FLOW_NULL_CONFIGURATION): the maximum-entropy
 *    weighted configuration model with continuous weights. Among all
 *    distributions of weighted graphs on the selection's vertices whose
 *    EXPECTED out- and in-strengths equal the observed ones, it is the one
 *    of maximum entropy: the weight of each ordered pair i != j is an
 *    independent exponential variable of mean
 *        mu_ij = 1 / (x_i + y_j),
 *    with one "out" parameter x_i per vertex and one "in" parameter y_j,
 *    fitted (maximum likelihood, which is moment matching here) so that
 *    sum_j mu_ij = s_i^out and sum_i mu_ij = s_j^in for every vertex.
 *    Undirected selections: one parameter per vertex, w_ij for i < j
 *    exponential of mean 1 / (x_i + x_j), sum_j mu_ij = s_i.
 *    Why this model: (1) it keeps every node's in- and out-strength, in
 *    expectation, which is what "given how much each region sends and
 *    receives" means; (2) its moments are analytic: the expected internal
 *    flow of a group and its variance are sums of mu_ij and mu_ij^2, so the
 *    test needs no simulation for them, and the simulation can be checked
 *    against them; (3) it has no unit: multiplying every weight by c
 *    multiplies every null weight by c (a geometric, integer-weight model
 *    would depend on whether flows are counted in persons or thousands);
 *    (4) it is the weighted analogue of the expectation k_i^out k_j^in / m
 *    behind modularity. An exact strength-preserving randomisation (every
 *    sample with exactly the observed strengths) is not offered: for real
 *    weights it needs a Markov chain whose mixing cannot be checked, and
 *    its expectations have no closed form.
 *    What the model does not keep: the topology. Every pair of vertices
 *    with out- resp. in-strength gets some flow, so null networks are
 *    complete (n (n - 1) edges: sampling costs O(n^2) per network).
 *    Vertices without out-strength (or in-strength) never send (receive).
 *    Intra-node flow (flow_selection_table(), part "vertices") is not
 *    randomised: it is kept as observed in every null network, and it
 *    counts as internal flow of its node's group, as in libflow/cluster.h.
 *    Fitting: block-coordinate ascent of the (concave) log-likelihood,
 *    each coordinate solved exactly, until every expected strength is
 *    within FLOW_NULL_TOLERANCE (relative) of the observed one, at most
 *    FLOW_NULL_MAX_SWEEPS sweeps; otherwise FLOW_ECONVERGE. The fit does
 *    not exist when the observed strengths can only be met with some pair
 *    at zero flow (a three-node path a -> b -> c is such a case): then
 *    FLOW_ECONVERGE, with a message saying so. The fit runs on the
 *    strengths divided by the largest, so it is the same for flows near
 *    1e-300 and near 1e300; strengths that span more than
 *    FLOW_NULL_MIN_RATIO (one below that fraction of the largest) are
 *    refused with FLOW_ELIMIT naming the node.
 *  - "bernoulli" (FLOW_NULL_BERNOULLI): the random graph of R's
 *    sna::brokerage: the selection's vertices, every ordered pair tied
 *    independently with probability d = the selection's density
 *    (m / (n (n - 1)) directed; an undirected selection is read as
 *    symmetric, m counting both directions of each edge, and its samples
 *    are undirected). Unweighted: brokerage counts two-paths.
 *  - "permutation" (FLOW_NULL_PERMUTATION): the declared groups' labels
 *    shuffled over the vertices (uniformly random groups of the same sizes),
 *    the network untouched.
 *
 * THE TESTS (and the null each one uses; FLOW_NULL_DEFAULT picks it)
 *
 *  - "group_cohesion" (configuration): for each listed group (n == 0:
 *    every group of the network), two rows, with the definitions of the
 *    cluster module's flow accounting (libflow/cluster.h):
 *      "internal": flow between the group's members plus their intra-node
 *      flow; expected and std are ANALYTIC (sum of mu_ij, and the square
 *      root of the sum of mu_ij^2, over ordered member pairs, undirected:
 *      unordered; intra-node flow is a constant);
 *      "self_containment": internal / (internal + outflow), outflow the
 *      flow from members to non-members (undirected: the boundary weight);
 *      expected and std are the Monte Carlo moments.
 *    Each group is sampled on its own (the pairs touching its members), so
 *    rows of different groups use independent null samples.
 *  - "modularity" (configuration): row "detected": the modularity (as
 *    flow_cluster_detect() reports it, resolution 1) of the partition the
 *    method finds on the data, against the modularity of the partition the
 *    same method (same options, seed s + 1 + sample) finds on each null
 *    network: "is there more community structure than strengths alone
 *    produce?". When groups are listed (n > 0), also row "groups": the
 *    modularity of the declared groups' partition (flow_cluster_from_groups())
 *    on the data against the same fixed partition on each null network.
 *    Moments are Monte Carlo. Each sample runs a detection on a complete
 *    graph: this test is the slow one (use fewer samples on large
 *    selections).
 *  - "agreement" (permutation): rows "nmi" and "ari": flow_cluster_compare()
 *    of the partition the method detects and the declared groups' partition
 *    (flow_cluster_from_groups() of the listed groups, n == 0: all), against
 *    the same comparison with the groups' labels permuted over the vertices.
 *    ARI's expectation is ANALYTIC: 0 (ARI is adjusted for exactly this
 *    null); its std and NMI's moments are Monte Carlo.
 *  - "brokerage" (bernoulli): one row per Gould-Fernandez role and the
 *    total (libflow/brokerage.h, open two-paths, groups as
 *    flow_brokerage_from_groups()): the network-wide count of two-paths
 *    in that role. Expected and std are ANALYTIC, the formulas of R's
 *    sna::brokerage (its exp.gli and sd.gli), so z is sna's z.gli;
 *    the p-value is from samples of the Bernoulli graph (undirected when
 *    the selection is: then sna's variances, which assume independent
 *    directions, understate the sampled spread; the expectations hold
 *    either way, and "null_std" shows the sampled spread). Per-vertex
 *    expectations and z-scores are columns of flow_brokerage_compute()'s
 *    own table.
 *
 * THE RESULT is a flow_table named "significance", one row per statistic:
 *  - "group" (text): the group tested ("group_cohesion"), NULL for rows
 *    about the whole selection;
 *  - "statistic" (text): "internal", "self_containment", "detected",
 *    "groups", "nmi", "ari", or a role name ("coordinator", ...,
 *    "total");
 *  - "observed" (double): the value on the data;
 *  - "expected", "std" (double): the null's mean and standard deviation,
 *    analytic where the list above says so, else the Monte Carlo ones;
 *  - "z" (double): (observed - expected) / std; NAN when std is 0 or NAN;
 *  - "p_value" (double): ONE-SIDED, upper tail, empirical:
 *    (k + 1) / (n_null + 1) where k is the number of null samples whose
 *    value is >= the observed one, to within 1e-12 relative so that
 *    rounding does not split ties (Davison & Hinkley's convention: never 0,
 *    exact for a test at level alpha when alpha (n_null + 1) is an
 *    integer). Small p: the observed value is larger than chance gives.
 *    For "less than chance" read the lower tail from z, or 1 - p.
 *  - "n_null" (int): the null samples that gave a value (a sample where
 *    the statistic is 0/0, such as a modularity without flow, is left out);
 *    when it is 0, every sampled moment ("null_mean", "null_std", the
 *    sampled "expected" and "std") and "p_value" are NAN;
 *  - NAN "observed": the statistic is 0/0 on the data (the
 *    "self_containment" of a group that sends no flow);
 *  - "null_mean", "null_std" (double): the Monte Carlo mean and standard
 *    deviation (n - 1 denominator) of those samples, whatever "expected"
 *    holds, so analytic and simulated moments can be compared;
 *  - "moments" (text): where "expected" and "std" come from: "analytic"
 *    (both), "sampled" (both the Monte Carlo ones) or "analytic_mean"
 *    (ARI: expectation 0, sampled std);
 *  - metadata: "analysis" ("significance"), the selection, "test", "null"
 *    (the null model's name), "samples", "seed", "p_value" (the convention,
 *    in words), "groups" (the groups used, comma separated), "method" (the
 *    cluster method, for "modularity" and "agreement"), and for the
 *    configuration null "fit_sweeps" (sweeps the fit took; the error is
 *    checked after each of the first 10 sweeps, then every 10th).
 *
 * Randomness: one generator (GLib's Mersenne Twister) seeded from
 * opts->seed; the same seed, selection and library give the same table.
 * Progress goes to the selection's callback (flow_selection_set_progress())
 * once per sample; a non-zero return stops the test (FLOW_EINTERRUPTED).
 *
 *     flow_significance_options o;
 *     flow_significance_options_init(&o, FLOW_SIGNIFICANCE_OPTIONS_VERSION);
 *     o.samples = 2000;
 *     o.seed = 7;
 *     const char *g[] = {"YRD"};
 *     flow_table *t = NULL;
 *     if (flow_significance_test(&t, sel, FLOW_TEST_GROUP_COHESION, g, 1, &o) == FLOW_OK) {
 *         const double *z = flow_table_doubles(t, (size_t)flow_table_column_index(t, "z"));
 *         const double *p = flow_table_doubles(t, (size_t)flow_table_column_index(t, "p_value"));
 *         for (size_t r = 0; r < flow_table_row_count(t); r++)
 *             printf("%s %s z = %.2f p = %.4f\n", flow_table_text(t, 0, r),
 *                    flow_table_text(t, 1, r), z[r], p[r]);
 *         flow_table_free(t);
 *     }
 *
 * Since 0.3.
 */
#ifndef LIBFLOW_SIGNIFICANCE_H
#define LIBFLOW_SIGNIFICANCE_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/table.h"

FLOW_BEGIN_DECLS

/** The tests (registry "test"). */
enum {
    FLOW_TEST_GROUP_COHESION = 0, /**< internal flow and self-containment of groups */
    FLOW_TEST_MODULARITY = 1,     /**< modularity of detected (and declared) partitions */
    FLOW_TEST_AGREEMENT = 2,      /**< NMI and ARI of detected clusters vs declared groups */
    FLOW_TEST_BROKERAGE = 3       /**< network-wide Gould-Fernandez role counts */
};

/** The null models (registry "null"). */
enum {
    FLOW_NULL_DEFAULT = -1,      /**< the test's own null model */
    FLOW_NULL_CONFIGURATION = 0, /**< maximum-entropy weighted configuration model */
    FLOW_NULL_BERNOULLI = 1,     /**< Bernoulli random graph of the same density */
    FLOW_NULL_PERMUTATION = 2    /**< declared groups' labels shuffled */
};

/** Relative tolerance of the configuration model's fit. */
#define FLOW_NULL_TOLERANCE 1e-9
/** Bound on the sweeps of the configuration model's fit. */
#define FLOW_NULL_MAX_SWEEPS 20000
/** The smallest strength the configuration model takes, as a fraction of
 *  the largest (its fit squares the means). Since 0.3. */
#define FLOW_NULL_MIN_RATIO 1e-150
/** Default number of null samples. */
#define FLOW_SIGNIFICANCE_DEFAULT_SAMPLES 1000

/** Version of flow_significance_options understood by this library. */
#define FLOW_SIGNIFICANCE_OPTIONS_VERSION 1

/** Knobs of flow_significance_test(); NULL means the defaults. */
typedef struct {
    /** FLOW_SIGNIFICANCE_OPTIONS_VERSION. */
    unsigned int version;
    /** FLOW_NULL_*; FLOW_NULL_DEFAULT (the default): the test's own. A
     *  null model the test does not use is FLOW_EINVAL. */
    int null_model;
    /** Null samples, >= 1 (default FLOW_SIGNIFICANCE_DEFAULT_SAMPLES). */
    int samples;
    /** Seed of the random generator (default 1). */
    uint64_t seed;
    /** Cluster method (FLOW_CLUSTER_*, libflow/cluster.h) of the
     *  "modularity" and "agreement" tests (default FLOW_CLUSTER_LEIDEN),
     *  run with its default options and this seed. */
    int method;
} flow_significance_options;

/** The defaults: the test's null, 1000 samples, seed 1, Leiden. */
#define FLOW_SIGNIFICANCE_OPTIONS_INIT \
    {FLOW_SIGNIFICANCE_OPTIONS_VERSION, FLOW_NULL_DEFAULT, FLOW_SIGNIFICANCE_DEFAULT_SAMPLES, 1, 0}

/**
 * Fills opts with the defaults (FLOW_SIGNIFICANCE_OPTIONS_INIT).
 * @param version FLOW_SIGNIFICANCE_OPTIONS_VERSION
 * @return FLOW_OK; FLOW_EINVAL (opts NULL or an unknown version).
 */
FLOW_API int flow_significance_options_init(flow_significance_options *opts,
                                            unsigned int version);

/**
 * Runs a significance test on a selection (see the top of this header).
 *
 * @param[out] out  the result table, freed with flow_table_free(); NULL on
 *                  failure
 * @param sel       the selection
 * @param test      FLOW_TEST_*
 * @param groups    declared group names (see each test); may be NULL when
 *                  n == 0
 * @param n         number of names; 0: every group of the network
 *                  ("modularity": none)
 * @param opts      options, or NULL for the defaults
 * @return FLOW_OK; FLOW_EINVAL (NULL out, unknown test or null model, a
 *         null the test does not use, samples < 1, unknown method or
 *         options version; a group with fewer than 2 vertices in the
 *         selection; a selection without any flow between distinct
 *         vertices; a test that needs groups on a network without any;
 *         overlapping groups where a partition is needed); FLOW_ENOTFOUND
 *         (unknown group); FLOW_ECONVERGE (the configuration model cannot
 *         be fitted); FLOW_EMISUSE; FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_significance_test(flow_table **out, flow_selection *sel, int test,
                                    const char *const *groups, size_t n,
                                    const flow_significance_options *opts);

FLOW_END_DECLS

#endif /* LIBFLOW_SIGNIFICANCE_H */

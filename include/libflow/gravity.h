/*
 * libflow/gravity.h - expected flows: a gravity model fitted by Poisson
 * pseudo-maximum likelihood (PPML).
 *
 * flow_gravity_fit() explains the flows of a selection by the sizes of the
 * ends and what lies between them, and hands back the coefficients and,
 * for every ordered pair of nodes, the flow the model expects and the
 * excess (observed - expected). flow_selection_set_layer() then lets any
 * analysis run on the expected or the excess flows instead of the observed
 * ones: "who is central in the flows that size and distance do not
 * predict".
 *
 *     flow_gravity_options o;
 *     flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION);
 *     const char *groups[] = {"East"};
 *     o.same_groups = groups;                  // dummy "same_group:East"
 *     o.same_group_count = 1;
 *     flow_table *fit = NULL;
 *     if (flow_gravity_fit(&fit, sel, &o) == FLOW_OK) {   // sel: one factor
 *         // rows: term, estimate, std_error, z, p_value
 *         const flow_table *pairs = flow_table_part(fit, "pairs");
 *         flow_selection_set_layer(sel, FLOW_LAYER_EXCESS, fit);
 *         ... any analysis of sel now runs on the positive excess ...
 *         flow_table_free(fit);
 *     }
 *
 * THE MODEL
 *
 * The model's nodes are the selection's vertices that have a flow to or
 * from another vertex (a vertex without any only adds zero pairs, which
 * the fixed effects would leave out anyway). The observations are all
 * ordered pairs (i, j), i != j, of the model's nodes, zero flows included:
 * y_ij is the selection's edge weight from i to j (0 when there is none;
 * intra-node flows are not pairs). The model is
 *
 *     E[y_ij] = mu_ij = exp(a_i + b_j + x_ij' beta)           (fixed effects)
 *     E[y_ij] = mu_ij = exp(c + x_ij' beta)                   (masses)
 *
 * with one origin effect a_i and one destination effect b_j per vertex
 * (the default; they absorb every quantity of a single node: size,
 * multilateral resistance), or, with fixed_effects = 0, an intercept c and
 * the log masses among the terms. It is fitted by PPML (Santos Silva and
 * Tenreyro 2006): the Poisson likelihood equations, which are consistent
 * for any y >= 0 whose mean is mu (y need not be Poisson nor integer), so
 * zero flows are kept and heteroskedasticity does no harm.
 *
 * Terms x_ij (names as in the coefficients table, in this order):
 *  - "intercept"                 only without fixed effects;
 *  - "log_<A>_origin", "log_<A>_destination"
 *                                log of numeric node attribute A (masses[],
 *                                e.g. gdp, population) of i, and of j; only
 *                                without fixed effects (with them a node's
 *                                own attribute is absorbed: FLOW_EINVAL);
 *  - "log_distance"              log of the distance between i and j:
 *                                great-circle km from the numeric node
 *                                attributes "lat" and "lon" (degrees;
 *                                haversine on a sphere of radius 6371 km),
 *                                or read from a CSV file (header row):
 *                                either "source,target,distance" (a pair
 *                                given one way counts both ways; every
 *                                pair needs one), or "id,lat,lon"
 *                                (coordinates in degrees, great-circle
 *                                as above; ids the network lacks are
 *                                skipped, so any table of places serves);
 *  - "same_group"                1 when i and j are both members of one
 *                                declared group (any of the network's
 *                                groups; same_group_any = 1);
 *  - "same_group:<G>"            1 when i and j are both members of group G
 *                                (same_groups[]);
 *  - "boundary:<A>"              1 when the pair crosses the boundary of
 *                                node attribute A: the values of i and j
 *                                differ (A numeric or text, or "kind"; a
 *                                missing value is a value of its own);
 *  - "contiguity"                1 when the pair is listed in the CSV file
 *                                contiguity_file ("source,target", header
 *                                row; symmetric: either order).
 * After a roll-up (flow_selection_set_level) a vertex takes the attributes
 * of the node that stands for it, and is a member of every group one of
 * its nodes is in. Node ids in files must be those of the network; a pair
 * of ids that fall on one vertex is ignored.
 *
 * FITTING (the method of ppmlhdfe, Correia, Guimaraes and Zylkin 2020):
 * iteratively reweighted least squares on the working variable
 * z = eta + (y - mu) / mu with weights mu, starting from
 * mu = (y + mean(y)) / 2. In each step the fixed effects are absorbed:
 * z and the terms are demeaned by origin and by destination, weighted by
 * mu (the weighted projection on the origin and destination dummies), and
 * beta is the weighted least-squares fit of demeaned z on the demeaned
 * terms. The demeaning is the alternating projections of ppmlhdfe
 * accelerated by conjugate gradients (as reghdfe's and ppmlhdfe's default
 * "cg" acceleration): the origin means are eliminated in closed form and
 * the destination effects solved by Jacobi-preconditioned conjugate
 * gradients, each step one pass over the weights, until the residual is
 * below 1e-13 of its scale; each IRLS step starts from the terms demeaned
 * in the step before. Memory: (3 + K) doubles per pair for K terms (eta,
 * mu, a work vector and the demeaned terms; the terms themselves are
 * computed from the nodes on the fly), then 7 per pair while the part
 * "pairs" is filled.
 * Convergence: the relative change of the deviance,
 * |D_old - D| / (|D| + 0.1) < tolerance (default 1e-10, as R's glm with a
 * tighter tolerance), within max_iterations (default 100).
 *
 * Checks, never silent numbers:
 *  - separation: with fixed effects, a vertex with no outflow (inflow) in
 *    the selection has an origin (destination) effect of minus infinity:
 *    its pairs as origin (destination) are left out of the fit, as
 *    ppmlhdfe does, and the fit's metadata "warning" (and
 *    flow_last_warning()) names the vertices; their expected flows are 0;
 *  - collinearity: a term that is constant over the pairs, absorbed by the
 *    fixed effects, or a combination of the earlier terms fails with
 *    FLOW_EINVAL naming the term;
 *  - no convergence within max_iterations fails with FLOW_ECONVERGE (or,
 *    with strict = 0, returns the last iterate with "converged" 0).
 *
 * Standard errors: robust (heteroskedasticity-consistent) sandwich, HC0:
 *   V = (X'WX)^-1 (sum_ij x_ij x_ij' (y_ij - mu_ij)^2) (X'WX)^-1,
 * W = diag(mu), X the terms demeaned by the fixed effects at the final
 * weights (the beta block of the sandwich of the model with dummies); it
 * equals statsmodels' GLM(y, X, family=Poisson()).fit(cov_type='HC0')
 * with dummy fixed effects. z = estimate / std_error, p_value two-sided
 * from the standard normal.
 *
 * pseudo_r2 = 1 - deviance / null_deviance, the Poisson deviances
 * D = 2 sum [y log(y / mu) - (y - mu)] (y log y = 0 at y = 0) of the fit
 * and of the intercept-only model (mu = mean of y), over the pairs fitted.
 *
 * Since 0.3.
 */
#ifndef LIBFLOW_GRAVITY_H
#define LIBFLOW_GRAVITY_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"

FLOW_BEGIN_DECLS

/** Where log_distance comes from (flow_gravity_options.distance). */
enum {
    FLOW_GRAVITY_DISTANCE_NONE = 0,    /**< no distance term */
    FLOW_GRAVITY_DISTANCE_LAT_LON = 1, /**< great circle from attributes lat, lon (default) */
    FLOW_GRAVITY_DISTANCE_FILE = 2     /**< the CSV file distance_file */
};

/** Version of flow_gravity_options this header describes. */
#define FLOW_GRAVITY_OPTIONS_VERSION 1

/**
 * Options of flow_gravity_fit(): the terms and the fit's knobs. Lists and
 * file names are borrowed for the call.
 */
typedef struct {
    /** FLOW_GRAVITY_OPTIONS_VERSION. */
    unsigned int version;
    /** 1 (default): origin and destination fixed effects; 0: an intercept
     *  (and the masses, if any). */
    int fixed_effects;
    /** Numeric node attributes whose logs enter as log_<A>_origin and
     *  log_<A>_destination (values > 0); only with fixed_effects = 0. */
    const char *const *masses;
    /** Number of names in masses. */
    size_t mass_count;
    /** FLOW_GRAVITY_DISTANCE_*; FLOW_GRAVITY_DISTANCE_LAT_LON. */
    int distance;
    /** The CSV file of distances (source,target,distance) or coordinates
     *  (id,lat,lon), for distance FLOW_GRAVITY_DISTANCE_FILE. */
    const char *distance_file;
    /** 1: the term "same_group" (both ends in one declared group). */
    int same_group_any;
    /** Group names, one term "same_group:<G>" each. */
    const char *const *same_groups;
    /** Number of names in same_groups. */
    size_t same_group_count;
    /** Node attributes (or "kind"), one term "boundary:<A>" each. */
    const char *const *boundaries;
    /** Number of names in boundaries. */
    size_t boundary_count;
    /** The "source,target" CSV file of contiguous pairs, or NULL. */
    const char *contiguity_file;
    /** IRLS steps at most; 100. */
    int max_iterations;
    /** Convergence tolerance on the deviance (see FITTING); 1e-10. */
    double tolerance;
    /** 1 (default): no convergence is FLOW_ECONVERGE; 0: return the last
     *  iterate with converged = 0 and a "warning". */
    int strict;
} flow_gravity_options;

/** The range of flows the fit takes (flow_gravity_fit(): FLOW_ELIMIT
 *  outside): it squares flows, and the squares of flows beyond it leave
 *  the doubles. Slopes and their standard errors do not depend on the
 *  flows' unit; the fixed effects (or the intercept) shift by its log.
 *  Since 0.3. */
#define FLOW_GRAVITY_MIN_FLOW 1e-150
#define FLOW_GRAVITY_MAX_FLOW 1e150

/** Initialiser with the defaults: fixed effects, log distance from lat and
 *  lon, no dummies, 100 steps, tolerance 1e-10, strict. */
#define FLOW_GRAVITY_OPTIONS_INIT                                                        \
    {FLOW_GRAVITY_OPTIONS_VERSION, 1, NULL, 0, FLOW_GRAVITY_DISTANCE_LAT_LON, NULL, 0, \
     NULL, 0, NULL, 0, NULL, 100, 1e-10, 1}

/**
 * Fills options with the defaults (as FLOW_GRAVITY_OPTIONS_INIT), for
 * callers that cannot use the macro (bindings).
 * @param[out] opts  the options to fill
 * @param version    FLOW_GRAVITY_OPTIONS_VERSION
 * @return FLOW_OK; FLOW_EINVAL (opts NULL, or a version this library does
 *         not know).
 */
FLOW_API int flow_gravity_options_init(flow_gravity_options *opts, unsigned int version);

/**
 * Fits the gravity model (see THE MODEL) to a selection's flows.
 *
 * The selection must be directed and keep one factor (or the network has
 * only one); its years (one, a range, or all) and level apply as for any
 * analysis.
 *
 * The table, named "gravity" (libflow/table.h), is the coefficients, one
 * row per term in the order of THE MODEL:
 *      term        text    the term's name
 *      estimate    double  its coefficient
 *      std_error   double  robust standard error (HC0 sandwich)
 *      z           double  estimate / std_error
 *      p_value     double  two-sided p-value of z (standard normal)
 *   Scalars: "pseudo_r2" (1 - deviance / null_deviance; NAN when
 *   null_deviance is 0: nothing to explain), "deviance",
 *   "null_deviance", "iterations" (IRLS steps), "converged" (1, or 0 only
 *   with strict = 0), "n_pairs" (pairs fitted: ordered pairs minus those
 *   left out by separation), "n_nodes" (the model's nodes), "n_vertices"
 *   (the selection's vertices).
 *   Metadata: "analysis" = "gravity"; the selection ("factors", "years",
 *   ...); "fixed_effects" ("origin,destination" or "none"), "distance"
 *   ("lat_lon", "none" or the file), "std_error" = "robust HC0",
 *   "pseudo_r2_definition" = "1 - deviance/null_deviance", "convergence" (the
 *   criterion), and "warning" when vertices were left out (separation) or
 *   the fit did not converge.
 * Part "pairs": one row per ordered pair of distinct model nodes, origins
 *   in vertex order and, within an origin, destinations in vertex order
 *   (an edge table: n (n - 1) rows for n model nodes):
 *      source      node    the origin vertex's node
 *      target      node    the destination vertex's node
 *      observed    double  the selection's flow (0 when none)
 *      expected    double  the fitted mean mu (0 for pairs left out by
 *                          separation)
 *      excess      double  observed - expected
 *      ratio       double  observed / expected (NAN when expected is 0)
 *   Its unit is the selection's ("unit" metadata).
 *
 * The coefficients are the main table because they are the model; the
 * pairs are its fitted values, as large as the square of the nodes.
 *
 * @param[out] out  the table, freed with flow_table_free(); NULL on failure
 * @param sel       the selection (built if needed; not changed)
 * @param opts      options, or NULL for FLOW_GRAVITY_OPTIONS_INIT
 * @return FLOW_OK;
 *         FLOW_EINVAL (out NULL; options version unknown or a field out of
 *         range; the selection is undirected, keeps several factors, has
 *         fewer than two vertices with flows, or no flow at all in its
 *         years; a model node without "lat"/"lon" (named) or two at one place; a
 *         mass that is missing or <= 0; masses with fixed effects; a
 *         collinear term (named); a bad line in a file (file:line));
 *         FLOW_ENOTFOUND (an unknown attribute, group or node id in a
 *         file, with a suggestion); FLOW_EIO (a file cannot be read);
 *         FLOW_ECONVERGE (no convergence, with strict);
 *         FLOW_ELIMIT (a flow outside FLOW_GRAVITY_MIN_FLOW ..
 *         FLOW_GRAVITY_MAX_FLOW, named: rescale the data);
 *         FLOW_EMISUSE (sel NULL or freed); FLOW_ENOMEM.
 *
 * Since 0.3.
 */
FLOW_API int flow_gravity_fit(flow_table **out, flow_selection *sel,
                              const flow_gravity_options *opts);

FLOW_END_DECLS

#endif /* LIBFLOW_GRAVITY_H */

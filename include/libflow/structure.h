/*
 * libflow/structure.h - the shape of the flows: totals, net exporters and
 * importers, partner concentration, reciprocity, the disparity-filter
 * backbone, and any node measure followed across years.
 *
 * Conventions shared by every function below (they come from the selection,
 * see libflow/selection.h):
 *  - direction: an edge u -> v carries flow out of u into v. "out" means
 *    flow a node sends, "in" flow it receives. In an undirected selection
 *    both directions are summed into one edge and "in" equals "out".
 *  - weights are strengths: the amount of flow (after the selection's
 *    FLOW_COMBINE_SHARE normalisation, when set). No transform to lengths is
 *    used here. Totals are the exception: they report raw weights in each
 *    factor's own unit.
 *  - self-loops: the selection's graph has none; intra-node flow (including
 *    flow between nodes merged by a roll-up) is the node's internal flow
 *    (flow_selection_node_internal()) and is left out of every measure here
 *    except the totals, which count it (and report it apart).
 *  - isolated vertices are vertices like any other; each function says what
 *    it gives them.
 *  - results are in vertex order (value v belongs to selection vertex v);
 *    rank them with flow_structure_rank().
 *  - a selection with no vertex gives empty results (0 values, 0 rows, 0
 *    edges) and FLOW_OK; a selection that keeps no flow gives a totals
 *    table with 0 rows. Vertices without edges get the values each
 *    function states for isolated vertices.
 *
 *     flow_scores *net_flow = NULL;
 *     if (flow_structure_net_flow(&net_flow, sel) == FLOW_OK) {
 *         size_t n = flow_scores_count(net_flow);
 *         size_t *order = malloc(n * sizeof *order);
 *         flow_structure_rank(order, flow_scores_values(net_flow), n, 1);
 *         for (size_t r = 0; r < 5 && r < n; r++)   // the top net exporters
 *             printf("%s %+.0f\n", flow_scores_id(net_flow, order[r]),
 *                    flow_scores_value(net_flow, order[r]));
 *         free(order);
 *         flow_scores_free(net_flow);
 *     }
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_STRUCTURE_H
#define LIBFLOW_STRUCTURE_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/result.h"
#include "libflow/centrality.h"

FLOW_BEGIN_DECLS

/* ---- totals per factor and year ----------------------------------------- */

/**
 * Totals of the selection's flows per (factor, year): an opaque table with
 * one row per pair that has at least one kept flow.
 */
typedef struct flow_totals flow_totals;

/**
 * Tabulates the flows that the selection keeps (its factor and year
 * filters) by factor and year: number of flows and total raw weight.
 *
 * Rows are sorted by network factor index, then year ascending; flows
 * without a year form the row with year FLOW_NO_YEAR, listed first within
 * its factor. Weights are raw (in the factor's unit, before any
 * FLOW_COMBINE_SHARE), so rows of different factors are not comparable
 * unless the units agree. Direction and level do not change the totals,
 * except that the level decides which flows are internal: every kept flow
 * counts in flows and weight, intra-node ones included, and the part of the
 * weight whose ends fall on one selection node is also given apart by
 * flow_totals_internal(). flow_summary (libflow/summary.h) gives the
 * per-factor and per-year margins of the same table. An empty selection
 * gives a table with 0 rows.
 *
 * @param[out] out the table, freed with flow_totals_free(); NULL on failure
 * @param sel      the selection
 * @return FLOW_OK; FLOW_EINVAL (out is NULL); FLOW_EMISUSE (bad selection);
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_structure_totals(flow_totals **out, flow_selection *sel);

/** Frees a table (it holds a reference on the network). NULL is a no-op. */
FLOW_API void flow_totals_free(flow_totals *t);

/** Number of rows; 0 for NULL. */
FLOW_API size_t flow_totals_count(const flow_totals *t);

/** Network factor index of row r; -1 when out of range. */
FLOW_API int64_t flow_totals_factor(const flow_totals *t, size_t r);

/** Name of the factor of row r (borrowed); NULL when out of range. */
FLOW_API const char *flow_totals_factor_name(const flow_totals *t, size_t r);

/** Year of row r, FLOW_NO_YEAR for undated flows or when out of range. */
FLOW_API int flow_totals_year(const flow_totals *t, size_t r);

/** Number of kept network flows in row r (distinct source, target, factor,
 *  year); 0 when out of range. */
FLOW_API size_t flow_totals_flows(const flow_totals *t, size_t r);

/** Total raw weight of row r; NAN when out of range. */
FLOW_API double flow_totals_weight(const flow_totals *t, size_t r);

/** The part of flow_totals_weight() that stays inside one selection node
 *  (self-loops, and flows between nodes merged by the level); NAN when out
 *  of range. */
FLOW_API double flow_totals_internal(const flow_totals *t, size_t r);

/* ---- net exporters and importers ----------------------------------------- */

/**
 * Net flow of every vertex: out-strength minus in-strength, sum_j w_vj -
 * sum_j w_jv over the selection's edges. Positive values are net exporters
 * (sources, "highlands"), negative ones net importers (absorbers); isolated
 * vertices get 0; internal flow is left out (it would add to both sides).
 * An undirected selection has no direction: every value is 0. Measure name
 * "net_flow". The same values as flow_centrality_compute(out, sel,
 * FLOW_NET_FLOW, NULL) (libflow/centrality.h), which computes them; this
 * name is here so that exporters and importers are found next to the other
 * structure measures. Rank with flow_structure_rank().
 *
 * @param[out] out per-vertex values, freed with flow_scores_free(); NULL on
 *                 failure
 * @param sel      the selection
 * @return FLOW_OK; FLOW_EINVAL (out is NULL); FLOW_EMISUSE;
 *         FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_structure_net_flow(flow_scores **out, flow_selection *sel);

/**
 * Orders indexes 0..n-1 by values[i]: descending (descending != 0, e.g.
 * top net exporters first) or ascending (top net importers first). Ties
 * keep index order; NAN values come last in both directions. Works on
 * flow_scores_values() and on flow_series_values() rows alike.
 *
 * @param[out] order room for n indexes; receives the ranking
 * @param values     n values (may be NULL when n == 0)
 * @param n          number of values
 * @param descending non-zero for largest first
 * @return FLOW_OK; FLOW_EINVAL (order or values NULL while n > 0);
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_structure_rank(size_t *order, const double *values, size_t n, int descending);

/* ---- partner concentration ------------------------------------------------ */

/** Which of a vertex's flows the concentration index looks at. */
enum {
    FLOW_STRUCTURE_OUT = 0,  /**< flow sent: partners are the targets */
    FLOW_STRUCTURE_IN = 1,   /**< flow received: partners are the sources */
    FLOW_STRUCTURE_TOTAL = 2 /**< both: a partner's share is w_vj + w_jv */
};

/**
 * Partner concentration of every vertex: the Herfindahl-Hirschman index of
 * its partners' shares of its flow,
 *
 *     HHI_out(v) = sum_j (w_vj / s_out(v))^2,   s_out(v) = sum_j w_vj,
 *
 * over the out-partners j of v; FLOW_STRUCTURE_IN uses w_jv and s_in(v);
 * FLOW_STRUCTURE_TOTAL merges both directions per partner, share
 * (w_vj + w_jv) / (s_out(v) + s_in(v)). In an undirected selection the three
 * modes agree (the edge weight is the partner's flow). The index lies in
 * [1/k, 1] for k partners: 1 when all flow goes to one partner, 1/k when it
 * is spread evenly (1 / HHI is the "effective number of partners"). It is
 * not rescaled. A vertex without partners in the chosen direction
 * (isolated, or a pure importer for FLOW_STRUCTURE_OUT) gets NAN. Internal
 * flow is not a partner. Measure names "hhi_out", "hhi_in", "hhi_total".
 *
 * @param[out] out per-vertex values, freed with flow_scores_free(); NULL on
 *                 failure
 * @param sel      the selection
 * @param mode     FLOW_STRUCTURE_OUT, FLOW_STRUCTURE_IN or
 *                 FLOW_STRUCTURE_TOTAL
 * @return FLOW_OK; FLOW_EINVAL (out NULL, unknown mode); FLOW_EMISUSE;
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_structure_hhi(flow_scores **out, flow_selection *sel, int mode);

/* ---- reciprocity ------------------------------------------------------------ */

/**
 * Reciprocity of the selection's graph, unweighted and weighted.
 *
 *  - unweighted: the share of edges u -> v whose reverse v -> u exists,
 *    as networkx.reciprocity(G) and igraph_reciprocity() (default mode,
 *    loops ignored) give it;
 *  - weighted (Squartini, Picciolo, Ruzzenenti, Garlaschelli 2013,
 *    "Reciprocity of weighted networks", Sci. Rep. 3:2729): the reciprocated
 *    weight over the total weight,
 *        r_w = sum_{u != v} min(w_uv, w_vu) / sum_{u != v} w_uv,
 *    summed over ordered pairs, so a pair with flows 5 and 3 contributes 3
 *    twice (6 of its 8); a symmetric network gives 1, a network without
 *    any mutual pair 0.
 * An undirected selection gives 1 for both (every tie is mutual). A
 * selection without edges gives NAN for both. Internal flow is left out.
 *
 * @param[out] unweighted the unweighted reciprocity; may be NULL
 * @param[out] weighted   the weighted reciprocity; may be NULL (not both)
 * @param sel             the selection
 * @return FLOW_OK; FLOW_EINVAL (both outs NULL); FLOW_EMISUSE; FLOW_ENOMEM.
 *         On failure the non-NULL outs are set to NAN.
 */
FLOW_API int flow_structure_reciprocity(double *unweighted, double *weighted,
                                        flow_selection *sel);

/* ---- disparity-filter backbone ------------------------------------------ */

/**
 * The disparity-filter backbone of each factor (Serrano, Boguna, Vespignani
 * 2009, "Extracting the multiscale backbone of complex weighted networks",
 * PNAS 106:6483-6488).
 *
 * Every factor that the selection keeps is filtered on its own graph: the
 * factor's flows that pass the selection's year filter, mapped to the
 * selection's vertices (level roll-up), summed per pair (per unordered pair
 * when the selection is undirected), without self-loops. Under the null
 * hypothesis that a node's strength is spread uniformly at random over its
 * k edges, the probability that one edge carries a share of at least
 * p = w / s is
 *
 *     alpha(p, k) = (1 - p)^(k - 1).
 *
 * An edge u -> v of a directed selection gets two such p-values: from its
 * source's outgoing flows (w_uv / s_out(u), k = out-degree of u) and from
 * its target's incoming flows (w_uv / s_in(v), k = in-degree of v). An edge
 * of an undirected selection gets one from each end (strength and degree
 * of that end). The edge's p-value is the smaller of the two, and the edge
 * belongs to the backbone when it is significant for at least one end:
 * p-value < alpha.
 *
 * Degree 1: an end whose only edge is this one gives p-value 1 (the edge
 * cannot be significant against a null model with nothing to compare to),
 * following the paper: such an edge is kept only when it is significant
 * for the other end. An edge between two degree-1 ends (an isolated dyad)
 * is therefore never in the backbone.
 *
 * The result lists the backbone edges with factor set to the network factor
 * index, weight = the edge's weight in that factor (after any
 * FLOW_COMBINE_SHARE; a factor's normalisation does not change its
 * p-values), value = the p-value; measure name "p_value". Order: by factor
 * index, then source vertex, then target vertex (undirected: source <
 * target). Factors without edges, and an empty selection, contribute
 * nothing (an empty list is a success). The filter always runs per
 * factor: factors in different units are never mixed into one null model.
 * Progress is reported per factor; the callback can stop the work.
 *
 * @param[out] out   the backbone edges, freed with flow_edges_free(); NULL
 *                   on failure
 * @param sel        the selection
 * @param alpha      significance level, strictly between 0 and 1 (0.05 is
 *                   the usual choice)
 * @return FLOW_OK; FLOW_EINVAL (out NULL, alpha not in (0, 1)); FLOW_EMISUSE;
 *         FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_structure_backbone(flow_edges **out, flow_selection *sel, double alpha);

/* ---- a node measure across years ------------------------------------------- */

/**
 * One per-vertex measure per year: an opaque years x vertices table.
 */
typedef struct flow_series flow_series;

/**
 * Computes a per-vertex measure for every year of the selection and lines
 * the values up by vertex.
 *
 * Years: the distinct years of the flows the selection keeps (its year
 * range, if set, bounds them), ascending. Undated flows belong to no year
 * and are left out; a selection with no dated flows gives 0 years (a
 * success). For each year Y the measure runs on a copy of the selection
 * with the same factors, combine mode, direction and level and the year
 * range [Y, Y], exactly as if the caller had made that selection (so
 * FLOW_COMBINE_SHARE normalises each factor within the year). Such a copy
 * has the same vertices as the selection (every node is a vertex, flows or
 * not), so rows align. A vertex that has no kept flow in year Y (not even
 * an intra-node one) is absent that year: its value is NAN whatever the
 * measure gives it. Note that measures such as PageRank still see absent
 * vertices as isolated vertices of that year's graph.
 *
 * Measures, by name:
 *  - every measure of flow_centrality_compute() (libflow/centrality.h),
 *    by its snake_case name: "in_strength", "out_strength", "strength",
 *    "net_flow", "in_degree", "out_degree", "degree", "pagerank", "hub",
 *    "authority", "betweenness", "closeness", "harmonic", "eigenvector",
 *    "constraint", "participation"; `opts` are passed to it for every year;
 *  - "hhi_out", "hhi_in", "hhi_total": flow_structure_hhi() (opts unused).
 * Any other name fails with FLOW_ENOTFOUND. Progress runs over the years
 * (a measure's own progress is scaled into its year's share); the callback
 * can stop the work.
 *
 *     flow_series *pr = NULL;     // how PageRank moved, year by year
 *     if (flow_structure_series(&pr, sel, "pagerank", NULL) == FLOW_OK) {
 *         for (size_t y = 0; y < flow_series_year_count(pr); y++)
 *             for (size_t v = 0; v < flow_series_node_count(pr); v++)
 *                 printf("%d,%s,%g\n", flow_series_year(pr, y),
 *                        flow_series_id(pr, v), flow_series_value(pr, y, v));
 *         flow_series_free(pr);
 *     }
 *
 * @param[out] out     the series, freed with flow_series_free(); NULL on
 *                     failure
 * @param sel          the selection
 * @param measure      the measure's name (above)
 * @param opts         centrality options for every year, or NULL for
 *                     FLOW_CENTRALITY_OPTIONS_INIT
 * @return FLOW_OK; FLOW_EINVAL (NULL out or measure; an options version
 *         this library does not know; bad options, as
 *         flow_centrality_compute()); FLOW_ENOTFOUND (unknown measure, with
 *         a suggestion; an unknown personalisation name); FLOW_EMISUSE;
 *         FLOW_EINTERRUPTED; FLOW_ENOMEM; any other error of the measure
 *         (e.g. FLOW_ECONVERGE), naming it.
 */
FLOW_API int flow_structure_series(flow_series **out, flow_selection *sel, const char *measure,
                                   const flow_centrality_options *opts);
/** Frees a series (it holds a reference on the network). NULL is a no-op. */
FLOW_API void flow_series_free(flow_series *s);

/** Name of the measure (borrowed); NULL for NULL. */
FLOW_API const char *flow_series_measure(const flow_series *s);

/** Number of years (rows); 0 for NULL. */
FLOW_API size_t flow_series_year_count(const flow_series *s);

/** Year of row y; FLOW_NO_YEAR when out of range. */
FLOW_API int flow_series_year(const flow_series *s, size_t y);

/** Number of vertices (columns) = vertices of the selection; 0 for NULL. */
FLOW_API size_t flow_series_node_count(const flow_series *s);

/** Network node index of vertex v; -1 when out of range. */
FLOW_API int64_t flow_series_node(const flow_series *s, size_t v);

/** Id of the node of vertex v (borrowed); NULL when out of range. */
FLOW_API const char *flow_series_id(const flow_series *s, size_t v);

/** Value of vertex v in row y (NAN when absent that year or out of range). */
FLOW_API double flow_series_value(const flow_series *s, size_t y, size_t v);

/** Row y: flow_series_node_count() values, borrowed until the series is
 *  freed; NULL when out of range. */
FLOW_API const double *flow_series_values(const flow_series *s, size_t y);

FLOW_END_DECLS

#endif /* LIBFLOW_STRUCTURE_H */

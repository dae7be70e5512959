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
 *    (flow_selection_table(), part "vertices") and is left out of every
 *    measure here except the totals, which count it (and report it apart).
 *  - isolated vertices are vertices like any other; each function says what
 *    it gives them.
 *  - results are flow_table tables (libflow/table.h) that hold a reference
 *    on the network (they outlive the selection). Per-vertex tables have
 *    one row per selection vertex in vertex order: column 0 "node" (the
 *    vertex's network node), column 1 the values, named after the measure;
 *    rank them with flow_structure_rank(). Every table's metadata has
 *    "analysis" (the table's name) and the selection's description
 *    ("factors", "combine", "years", "directed", "level"; "unit" where
 *    the values are in a weight unit, as each function says).
 *  - a selection with no vertex gives empty results (0 rows) and FLOW_OK;
 *    a selection that keeps no flow gives a totals table with 0 rows.
 *    Vertices without edges get the values each function states for
 *    isolated vertices.
 *
 *     flow_table *net_flow = NULL;
 *     if (flow_structure_net_flow(&net_flow, sel) == FLOW_OK) {
 *         size_t n = flow_table_row_count(net_flow);
 *         const double *v = flow_table_doubles(net_flow, 1);
 *         size_t *order = malloc((n + 1) * sizeof *order);
 *         flow_structure_rank(order, v, n, 1);
 *         for (size_t r = 0; r < 5 && r < n; r++)   // the top net exporters
 *             printf("%s %+.0f\n", flow_table_text(net_flow, 0, order[r]),
 *                    v[order[r]]);
 *         free(order);
 *         flow_table_free(net_flow);
 *     }
 *
 * Since 0.1; results as flow_table since 0.2.
 */
#ifndef LIBFLOW_STRUCTURE_H
#define LIBFLOW_STRUCTURE_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/table.h"
#include "libflow/centrality.h"

FLOW_BEGIN_DECLS

/* ---- totals per factor and year ----------------------------------------- */

/**
 * Tabulates the flows that the selection keeps (its factor and year
 * filters) by factor and year: number of flows and total raw weight.
 *
 * The table, named "totals", has one row per (factor, year) pair with at
 * least one kept flow, and the columns:
 *  - "factor" (FLOW_COLUMN_TEXT): the factor's name;
 *  - "year" (FLOW_COLUMN_INT): the year, FLOW_NO_YEAR for undated flows;
 *  - "flows" (FLOW_COLUMN_INT): the number of kept network flows
 *    (distinct source, target, factor, year);
 *  - "weight" (FLOW_COLUMN_DOUBLE): their total raw weight;
 *  - "internal" (FLOW_COLUMN_DOUBLE): the part of "weight" that stays
 *    inside one selection node (self-loops, and flows between nodes merged
 *    by the level).
 * No scalars, no parts. Metadata: "analysis" = "totals", the selection
 * ("unit" is the raw unit the kept factors share, absent when their units
 * differ; never "share").
 *
 * Rows are sorted by network factor index, then year ascending; undated
 * flows (FLOW_NO_YEAR, the smallest int) come first within their factor.
 * Weights are raw (in the factor's unit, before any FLOW_COMBINE_SHARE),
 * so rows of different factors are not comparable unless the units agree.
 * Direction and level do not change the totals, except that the level
 * decides which flows are internal: every kept flow counts in flows and
 * weight, intra-node ones included. flow_summary_compute()
 * (libflow/summary.h) gives the per-factor and per-year margins of this
 * table. An empty selection gives a table with 0 rows.
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @param sel      the selection
 * @return FLOW_OK; FLOW_EINVAL (out is NULL); FLOW_EMISUSE (bad selection);
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_structure_totals(flow_table **out, flow_selection *sel);

/* ---- net exporters and importers ----------------------------------------- */

/**
 * Net flow of every vertex: out-strength minus in-strength, sum_j w_vj -
 * sum_j w_jv over the selection's edges. Positive values are net exporters
 * (sources, "highlands"), negative ones net importers (absorbers); isolated
 * vertices get 0; internal flow is left out (it would add to both sides).
 * An undirected selection has no direction: every value is 0. The same
 * table as flow_centrality_compute(out, sel, FLOW_NET_FLOW, NULL)
 * (libflow/centrality.h), which computes it: named "net_flow", columns
 * "node" and "net_flow", "unit" in the metadata (when the kept factors
 * share one). This name is here so that exporters and importers are found
 * next to the other structure measures. Rank with flow_structure_rank().
 *
 * @param[out] out the per-vertex table, freed with flow_table_free(); NULL
 *                 on failure
 * @param sel      the selection
 * @return FLOW_OK; FLOW_EINVAL (out is NULL); FLOW_EMISUSE;
 *         FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_structure_net_flow(flow_table **out, flow_selection *sel);

/**
 * Orders indexes 0..n-1 by values[i]: descending (descending != 0, e.g.
 * top net exporters first) or ascending (top net importers first). Ties
 * keep index order; NAN values come last in both directions. Works on any
 * double column (flow_table_doubles()), e.g. the value column of a
 * per-vertex table, or one year's slice of a series table.
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
 * flow is not a partner.
 *
 * The per-vertex table is named "hhi_out", "hhi_in" or "hhi_total" (by
 * mode), with columns "node" and the values in a column of the same name;
 * its metadata has no "unit" (shares have none).
 *
 * @param[out] out the per-vertex table, freed with flow_table_free(); NULL
 *                 on failure
 * @param sel      the selection
 * @param mode     FLOW_STRUCTURE_OUT, FLOW_STRUCTURE_IN or
 *                 FLOW_STRUCTURE_TOTAL
 * @return FLOW_OK; FLOW_EINVAL (out NULL, unknown mode); FLOW_EMISUSE;
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_structure_hhi(flow_table **out, flow_selection *sel, int mode);

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
 * flow_summary_compute() (libflow/summary.h) reports the same two numbers
 * (it calls this function).
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
 * The result is an edge table named "backbone", one row per backbone edge:
 *  - "source", "target" (FLOW_COLUMN_NODE): the edge's ends (network
 *    nodes of the selection's vertices);
 *  - "factor" (FLOW_COLUMN_TEXT): the factor's name;
 *  - "weight" (FLOW_COLUMN_DOUBLE): the edge's weight in that factor
 *    (after any FLOW_COMBINE_SHARE; a factor's normalisation does not
 *    change its p-values);
 *  - "p_value" (FLOW_COLUMN_DOUBLE): the edge's p-value.
 * No scalars, no parts. Metadata: "analysis" = "backbone", the selection
 * (with "unit", the weights' unit, when the kept factors share one, or
 * "share"), and "alpha" (as text, e.g. "0.05").
 * Order: by factor index, then source vertex, then target vertex
 * (undirected: source < target). Factors without edges, and an empty
 * selection, contribute nothing (an empty table is a success). The filter
 * always runs per factor: factors in different units are never mixed into
 * one null model. Progress is reported per factor; the callback can stop
 * the work. Under a gravity layer (flow_selection_set_layer()) the edges
 * are the layer's (expected or positive excess flows) of the fit's factor.
 *
 * @param[out] out   the edge table, freed with flow_table_free(); NULL on
 *                   failure
 * @param sel        the selection
 * @param alpha      significance level, strictly between 0 and 1 (0.05 is
 *                   the usual choice)
 * @return FLOW_OK; FLOW_EINVAL (out NULL, alpha not in (0, 1)); FLOW_EMISUSE;
 *         FLOW_EINTERRUPTED; FLOW_ENOMEM.
 */
FLOW_API int flow_structure_backbone(flow_table **out, flow_selection *sel, double alpha);

/* ---- a node measure across years ------------------------------------------- */

/**
 * Computes a per-vertex measure for every year of the selection, as one
 * long table: one row per (year, vertex).
 *
 * Years: the distinct years of the flows the selection keeps (its year
 * range, if set, bounds them), ascending. Undated flows belong to no year
 * and are left out; a selection with no dated flows gives 0 years (a
 * success, and a table with 0 rows). For each year Y the measure runs on a
 * copy of the selection with the same factors, combine mode, direction and
 * level and the year range [Y, Y], exactly as if the caller had made that
 * selection (so FLOW_COMBINE_SHARE normalises each factor within the
 * year). Such a copy has the same vertices as the selection (every node is
 * a vertex, flows or not), so rows align. A vertex that has no kept flow
 * in year Y (not even an intra-node one) is absent that year: its value is
 * NAN whatever the measure gives it. Note that measures such as PageRank
 * still see absent vertices as isolated vertices of that year's graph.
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
 * The table, named "series", has ny x nv rows (ny years, nv selection
 * vertices), grouped by year: row y * nv + v holds year y (ascending) and
 * vertex v (vertex order), so one year's values are nv consecutive values
 * of the value column (ready for flow_structure_rank()). Columns:
 *  - "node" (FLOW_COLUMN_NODE): the vertex's network node;
 *  - "year" (FLOW_COLUMN_INT): the year;
 *  - the values (FLOW_COLUMN_DOUBLE), in a column named after the measure
 *    ("pagerank", "hhi_out", ...); NAN where the vertex is absent.
 * Part "years": one row per year, ascending, column "year"
 * (FLOW_COLUMN_INT); so ny = its row count and nv = row count / ny (when
 * ny > 0). Part "stability": one row per pair of consecutive years,
 * columns "year_from", "year_to", "nodes" (the vertices present in both)
 * and "kendall_tau" (Kendall's tau-b of their values, as
 * scipy.stats.kendalltau; NAN when fewer than 2 vertices are present in
 * both years, or when every value of one year ties).
 * No scalars. Metadata: "analysis" = "series", "measure" (the
 * measure's name), the selection ("unit" only for the measures in weight
 * units, as flow_centrality_compute()), and the options the measure uses
 * (as flow_centrality_compute()).
 *
 *     flow_table *pr = NULL;     // how PageRank moved, year by year
 *     if (flow_structure_series(&pr, sel, "pagerank", NULL) == FLOW_OK) {
 *         const int64_t *year = flow_table_ints(pr, 1);
 *         const double *v = flow_table_doubles(pr, 2);
 *         for (size_t r = 0; r < flow_table_row_count(pr); r++)
 *             printf("%d,%s,%g\n", (int)year[r], flow_table_text(pr, 0, r),
 *                    v[r]);
 *         flow_table_free(pr);
 *     }
 *
 * @param[out] out     the table, freed with flow_table_free(); NULL on
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
FLOW_API int flow_structure_series(flow_table **out, flow_selection *sel, const char *measure,
                                   const flow_centrality_options *opts);

FLOW_END_DECLS

#endif /* LIBFLOW_STRUCTURE_H */

/*
 * libflow/result.h - result handles shared by the analyses.
 *
 * flow_scores: one value per vertex of a selection (a centrality, a core
 * number, a flow lost...). Value v belongs to selection vertex v, that is
 * network node flow_scores_node(s, v).
 *
 * flow_edges: a list of edges with a value each (edge betweenness, bridges,
 * critical corridors, backbone edges with their p-values, cut edges). An
 * edge joins two network nodes (after any roll-up: the selection's vertex
 * nodes), may name one factor (or -1 when it sums every factor the
 * selection keeps), and carries its weight in the selection and the
 * measure's value.
 *
 * Both hold a reference on the network, so they outlive the selection and
 * the network handle; accessors are borrowed until the result is freed.
 *
 *     flow_scores *pr = NULL;
 *     if (flow_centrality_compute(&pr, sel, FLOW_PAGERANK, NULL) == FLOW_OK) {
 *         for (size_t v = 0; v < flow_scores_count(pr); v++)
 *             printf("%s %.4f\n", flow_scores_id(pr, v), flow_scores_value(pr, v));
 *         flow_scores_free(pr);
 *     }
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_RESULT_H
#define LIBFLOW_RESULT_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"

FLOW_BEGIN_DECLS

/* ---- per-vertex values ------------------------------------------------- */

/** Per-vertex values of one measure. */
typedef struct flow_scores flow_scores;

/** Frees a result. NULL is a no-op. */
FLOW_API void flow_scores_free(flow_scores *s);

/** Name of the measure ("pagerank", "in_strength", ...), borrowed. */
FLOW_API const char *flow_scores_measure(const flow_scores *s);

/** Number of values (= vertices of the selection); 0 for NULL. */
FLOW_API size_t flow_scores_count(const flow_scores *s);

/** All values, borrowed, valid until flow_scores_free(); NULL for NULL. */
FLOW_API const double *flow_scores_values(const flow_scores *s);

/** Value v; NAN when out of range. */
FLOW_API double flow_scores_value(const flow_scores *s, size_t v);

/** Network node index of value v; -1 when out of range. */
FLOW_API int64_t flow_scores_node(const flow_scores *s, size_t v);

/** Id of the node of value v (borrowed); NULL when out of range. */
FLOW_API const char *flow_scores_id(const flow_scores *s, size_t v);

/* ---- edge lists -------------------------------------------------------- */

/** A list of edges with values. */
typedef struct flow_edges flow_edges;

/** Frees a result. NULL is a no-op. */
FLOW_API void flow_edges_free(flow_edges *e);

/** Name of the measure ("edge_betweenness", "p_value", ...), borrowed. */
FLOW_API const char *flow_edges_measure(const flow_edges *e);

/** Number of edges; 0 for NULL. */
FLOW_API size_t flow_edges_count(const flow_edges *e);

/** Network node index of edge i's source / target; -1 when out of range. */
FLOW_API int64_t flow_edges_source(const flow_edges *e, size_t i);
FLOW_API int64_t flow_edges_target(const flow_edges *e, size_t i);

/** Ids of edge i's ends (borrowed); NULL when out of range. */
FLOW_API const char *flow_edges_source_id(const flow_edges *e, size_t i);
FLOW_API const char *flow_edges_target_id(const flow_edges *e, size_t i);

/** Factor index of edge i, or -1 when the edge sums every kept factor (or
 *  i is out of range). */
FLOW_API int64_t flow_edges_factor(const flow_edges *e, size_t i);

/** Weight of edge i in the selection (after any FLOW_COMBINE_SHARE); NAN
 *  when out of range. */
FLOW_API double flow_edges_weight(const flow_edges *e, size_t i);

/** The measure's value for edge i; NAN when out of range. */
FLOW_API double flow_edges_value(const flow_edges *e, size_t i);

FLOW_END_DECLS

#endif /* LIBFLOW_RESULT_H */

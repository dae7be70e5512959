/*
 * libflow/summary.h - a descriptive summary of a selection.
 *
 * Counts what a selection holds: nodes by kind, flows and total weight by
 * factor and by year (raw weights, in each factor's unit, before any
 * FLOW_COMBINE_SHARE normalisation), and three graph measures of the
 * selection's graph:
 *  - density: edges / (n (n - 1)) when directed, edges / (n (n - 1) / 2)
 *    when undirected, with n the vertex count (self-loops are not edges);
 *    0 when n < 2;
 *  - reciprocity: the share of directed edges whose reverse edge exists
 *    (unweighted, as networkx.reciprocity and igraph's default); 1 for an
 *    undirected selection; NAN when there are no edges;
 *  - weighted reciprocity: the reciprocated weight over the total weight
 *    (Squartini et al. 2013); 1 undirected; NAN without edges.
 * Both reciprocities are those of flow_structure_reciprocity(), and the
 * factor and year margins those of flow_structure_totals()
 * (libflow/structure.h): the summary is computed from them. For the whole
 * network, summarise a fresh selection (the defaults select everything).
 *
 *     flow_table *s = NULL;
 *     if (flow_summary_compute(&s, sel) == FLOW_OK) {
 *         printf("%.0f nodes, %.0f flows\n", flow_table_scalar(s, "nodes"),
 *                flow_table_scalar(s, "flows"));
 *         const flow_table *f = flow_table_part(s, "factors");
 *         const double *w = flow_table_doubles(f, 3);        // "weight"
 *         for (size_t r = 0; r < flow_table_row_count(f); r++)
 *             printf("%s: %g %s\n", flow_table_text(f, 0, r), w[r],
 *                    flow_table_text(f, 1, r));
 *         flow_table_free(s);
 *     }
 *
 * (flowctl summary renders the same table as text or JSON.)
 *
 * Since 0.1; flow_summary_compute() and its table since 0.2 (they replace
 * the flow_summary handle, its accessors and flow_summary_format()).
 */
#ifndef LIBFLOW_SUMMARY_H
#define LIBFLOW_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"
#include "libflow/table.h"

FLOW_BEGIN_DECLS

/**
 * Summarises a selection as a table named "summary" with no rows or
 * columns of its own, and:
 *  - scalars (all counts are whole numbers stored as doubles):
 *    "nodes" (vertices), "edges" (edges of the selection's graph),
 *    "flows" (network flows the selection keeps), "density",
 *    "reciprocity", "weighted_reciprocity" (as defined above; NAN when
 *    undefined);
 *  - part "kinds": the kinds of the selection's vertices, sorted by name
 *    (strcmp): columns "name" (FLOW_COLUMN_TEXT) and "nodes"
 *    (FLOW_COLUMN_INT, the number of vertices of that kind);
 *  - part "factors": the factors the selection keeps, in network order
 *    (including kept factors without a flow): columns "name", "unit"
 *    (FLOW_COLUMN_TEXT; "" for none), "flows" (FLOW_COLUMN_INT) and
 *    "weight" (FLOW_COLUMN_DOUBLE, total raw weight);
 *  - part "years": the years of the kept flows, ascending, undated flows
 *    first under FLOW_NO_YEAR: columns "year" (FLOW_COLUMN_INT), "flows"
 *    (FLOW_COLUMN_INT) and "weight" (FLOW_COLUMN_DOUBLE, the sum over the
 *    kept factors: only meaningful when they share a unit);
 *  - metadata: "analysis" = "summary" and the selection's description
 *    ("unit": the raw unit the kept factors share, absent when they
 *    differ), as flow_structure_totals().
 * The table holds a reference on the network (it outlives the selection).
 *
 * @param[out] out the table, freed with flow_table_free(); NULL on failure
 * @param sel      the selection (built if needed)
 * @return FLOW_OK; FLOW_EINVAL (out is NULL); FLOW_EMISUSE (sel is NULL or
 *         freed); FLOW_ENOMEM.
 */
FLOW_API int flow_summary_compute(flow_table **out, flow_selection *sel);

FLOW_END_DECLS

#endif /* LIBFLOW_SUMMARY_H */

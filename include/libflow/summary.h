/*
 * libflow/summary.h - a descriptive summary of a selection.
 *
 * Counts what a selection holds: nodes by kind, flows and total weight by
 * factor and by year (raw weights, in each factor's unit, before any
 * FLOW_COMBINE_SHARE normalisation), and two graph measures of the
 * selection's graph:
 *  - density: edges / (n (n - 1)) when directed, edges / (n (n - 1) / 2)
 *    when undirected, with n the vertex count (self-loops are not edges);
 *    0 when n < 2;
 *  - reciprocity: the share of directed edges whose reverse edge exists
 *    (unweighted, as networkx.reciprocity and igraph's default); 1 for an
 *    undirected selection; NAN when there are no edges.
 * For the whole network, summarise a fresh selection (the defaults select
 * everything).
 *
 *     flow_summary *s = NULL;
 *     if (flow_summary_new(&s, sel) == FLOW_OK) {
 *         char *text = NULL;
 *         flow_summary_format(&text, s, FLOW_FORMAT_TEXT);
 *         fputs(text, stdout);
 *         flow_free(text);
 *         flow_summary_free(s);
 *     }
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_SUMMARY_H
#define LIBFLOW_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"

FLOW_BEGIN_DECLS

/** An opaque summary. */
typedef struct flow_summary flow_summary;

/** Output formats of flow_summary_format(). */
enum { FLOW_FORMAT_TEXT = 0, FLOW_FORMAT_JSON = 1 };

/**
 * Summarises a selection.
 * @param[out] out the summary, freed with flow_summary_free()
 * @return FLOW_OK; FLOW_EINVAL (out is NULL); FLOW_EMISUSE (sel is NULL);
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_summary_new(flow_summary **out, flow_selection *sel);

/** Frees a summary. NULL is a no-op. */
FLOW_API void flow_summary_free(flow_summary *s);

/** Vertices, edges and flows (network flows that the selection kept). */
FLOW_API size_t flow_summary_node_count(const flow_summary *s);
FLOW_API size_t flow_summary_edge_count(const flow_summary *s);
FLOW_API size_t flow_summary_flow_count(const flow_summary *s);

/** Density and reciprocity as defined above. */
FLOW_API double flow_summary_density(const flow_summary *s);
FLOW_API double flow_summary_reciprocity(const flow_summary *s);

/** Kinds of the selection's vertices, sorted by name, with their counts. */
FLOW_API size_t flow_summary_kind_count(const flow_summary *s);
FLOW_API const char *flow_summary_kind_name(const flow_summary *s, size_t k);
FLOW_API size_t flow_summary_kind_nodes(const flow_summary *s, size_t k);

/** Factors kept by the selection, in network order: name, unit, number of
 *  flows and total raw weight. */
FLOW_API size_t flow_summary_factor_count(const flow_summary *s);
FLOW_API const char *flow_summary_factor_name(const flow_summary *s, size_t f);
FLOW_API const char *flow_summary_factor_unit(const flow_summary *s, size_t f);
FLOW_API size_t flow_summary_factor_flows(const flow_summary *s, size_t f);
FLOW_API double flow_summary_factor_weight(const flow_summary *s, size_t f);

/** Years with kept flows, ascending (flows without a year are counted under
 *  FLOW_NO_YEAR, listed first), with flow counts and total raw weight (the
 *  sum over the kept factors: only meaningful when they share a unit; the
 *  TEXT format leaves it out when their units differ). */
FLOW_API size_t flow_summary_year_count(const flow_summary *s);
FLOW_API int flow_summary_year(const flow_summary *s, size_t y);
FLOW_API size_t flow_summary_year_flows(const flow_summary *s, size_t y);
FLOW_API double flow_summary_year_weight(const flow_summary *s, size_t y);

/**
 * Renders the summary as readable text or as one JSON object.
 * @param[out] out a NUL-terminated string, freed with flow_free()
 * @return FLOW_OK; FLOW_EINVAL (bad format); FLOW_ENOMEM.
 */
FLOW_API int flow_summary_format(char **out, const flow_summary *s, int format);

FLOW_END_DECLS

#endif /* LIBFLOW_SUMMARY_H */

/* Structure internals shared with the summary (libflow/summary.h), so that
 * the totals are computed in one place. */
#ifndef LIBFLOW_STRUCTURE_INTERNAL_H
#define LIBFLOW_STRUCTURE_INTERNAL_H

#include "libflow/structure.h"
#include "table_internal.h"

/* flow_structure_totals() (out must not be NULL), and when factors and
 * years are both non-NULL the margins of the same pass over the flows, as
 * tables ready for flow__table_add_part(): "factors" (name, unit, flows,
 * weight; every kept factor in network order) and "years" (year, flows,
 * weight; ascending, FLOW_NO_YEAR first). Each margin is summed in flow
 * order. On failure every out is NULL. */
int flow__structure_totals(flow_table **out, flow_selection *sel, flow_table **factors,
                           flow_table **years);

/* A per-year frame: builds sel (its vertices) for an analysis that runs
 * each year on its own (series, tracking), without refusing stocks that
 * span its years; a graph built so is marked stale for later analyses. */
int flow__structure_frame(flow_selection *sel);

/* sel's settings (factors, combine, direction, level, counterfactual) with
 * the year range [year, year], built. */
int flow__structure_year_selection(flow_selection **out, const flow_selection *sel, int year);

#endif

/* Centrality helpers shared with the structure module (series of a
 * measure across years). See libflow/centrality.h for the measures. */
#ifndef LIBFLOW_CENTRALITY_INTERNAL_H
#define LIBFLOW_CENTRALITY_INTERNAL_H

#include "libflow/centrality.h"
#include "table_internal.h"

/* Checks options as flow_centrality_compute() does (FLOW_EINVAL, with the
 * message set). */
int flow__centrality_check_options(const flow_centrality_options *o);

/* Records the selection (with "unit" only for FLOW_REG_IN_UNITS measures)
 * and the options the measure uses, for a table of `measure` (valid, with
 * checked options). */
int flow__centrality_describe(flow_table *t, const flow_selection *sel, int measure,
                              const flow_centrality_options *o);

#endif

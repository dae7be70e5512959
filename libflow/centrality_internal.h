/* Centrality helpers shared with the structure module (series of a
 * measure across years). See libflow/centrality.h for the measures. */
#ifndef LIBFLOW_CENTRALITY_INTERNAL_H
#define LIBFLOW_CENTRALITY_INTERNAL_H

#include "libflow/centrality.h"
#include "table_internal.h"

/* Checks options as flow_centrality_compute() does (FLOW_EINVAL, with the
 * message set); version 1 or the current one. */
int flow__centrality_check_options(const flow_centrality_options *o);

/* The caller's options (NULL: the defaults; version 1: the later fields
 * at their defaults), checked, as the current version in *o. */
int flow__centrality_options_of(flow_centrality_options *o, const flow_centrality_options *opts);

/* 1 when betweenness with these (current-version) options samples its
 * sources: 0 < sources < the selection's vertices. */
int flow__centrality_sampled(const flow_selection *sel, const flow_centrality_options *o);

/* Records the selection (with "unit" only for FLOW_REG_IN_UNITS measures)
 * and the options the measure uses, for a table of `measure` (valid, with
 * checked options). */
int flow__centrality_describe(flow_table *t, const flow_selection *sel, int measure,
                              const flow_centrality_options *o);

#endif

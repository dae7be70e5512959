/* Building result handles (see libflow/result.h). */
#ifndef LIBFLOW_RESULT_INTERNAL_H
#define LIBFLOW_RESULT_INTERNAL_H

#include "libflow/result.h"
#include "selection_internal.h"

/* Creates a flow_scores over sel's vertices, taking ownership of `values`
 * (g_malloc'd, sel->nv long; freed on failure too). */
int flow__scores_new(flow_scores **out, flow_selection *sel, const char *measure,
                     double *values);

/* Creates an empty edge list bound to sel's network. */
int flow__edges_new(flow_edges **out, flow_selection *sel, const char *measure);

/* Creates an empty edge list bound to a network (for results that outlive
 * their selection, such as a cut). */
int flow__edges_new_net(flow_edges **out, flow_network *net, const char *measure);

/* Appends an edge between selection vertices u and v (factor -1 for all).
 * In an undirected selection the lower vertex becomes the source, so that
 * every undirected edge list reads source < target. */
int flow__edges_push(flow_edges *e, const flow_selection *sel, int64_t u, int64_t v,
                     int64_t factor, double weight, double value);

/* Appends an edge between two network nodes, in the given orientation. */
int flow__edges_push_nodes(flow_edges *e, int64_t source, int64_t target, int64_t factor,
                           double weight, double value);

/* Sorts by value, descending (stable: ties keep their order). */
void flow__edges_sort_desc(flow_edges *e);

#endif

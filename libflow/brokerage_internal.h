/*
 * Brokerage internals shared with the significance tests (significance.c):
 * R sna::brokerage's moments of the role counts under a Bernoulli random
 * graph, and the network-wide counts of any graph.
 */
#ifndef LIBFLOW_BROKERAGE_INTERNAL_H
#define LIBFLOW_BROKERAGE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "graph_internal.h"

/* Slots of the moments and totals: the roles in enum order and the total
 * (FLOW_BROKER_COORDINATOR .. FLOW_BROKER_TOTAL). */
#define FLOW__BROKER_SLOTS 6

/*
 * sna::brokerage's expectation and standard deviation of the role counts
 * of a broker in class c (exp.grp, sd.grp), for classes of sizes[0..k-1]
 * and density d; and of the network-wide counts (exp.gli, sd.gli). N is
 * the sum of the sizes (the vertices with a group).
 */
void flow__brokerage_class_moments(double d, const double *sizes, size_t k, size_t c,
                                   double *exp, double *sd);
void flow__brokerage_global_moments(double d, const double *sizes, size_t k, double *exp,
                                    double *sd);

/*
 * Classes of a membership (labels >= 0, -1 none): *cls (nv entries, -1 or
 * 0..k-1 in order of the sorted labels) and *sizes (k entries), both
 * g_malloc'd. FLOW_OK or FLOW_ENOMEM.
 */
int flow__brokerage_classes(const int64_t *membership, size_t nv, int64_t **cls, double **sizes,
                            size_t *k);

/*
 * Network-wide counts of OPEN two-paths a -> v -> b per role and their total
 * (totals[FLOW__BROKER_SLOTS]) of a graph with adjacency, groups g (-1
 * none). FLOW_OK or FLOW_ENOMEM.
 */
int flow__brokerage_totals(const flow__graph *G, const int64_t *g, int64_t *totals);

#endif

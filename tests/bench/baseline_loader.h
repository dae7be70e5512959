/*
 * A plain flows.csv loader that bench_load measures flow_io_load against
 * (see baseline_loader.c for what it does and does not do).
 */
#ifndef LIBFLOW_BENCH_BASELINE_LOADER_H
#define LIBFLOW_BENCH_BASELINE_LOADER_H

#include <stddef.h>

typedef struct baseline_net baseline_net;

/* Loads a flows.csv (columns source,target,factor,weight[,year] in any
 * order, found by name). Returns 0 and the network in *out, or -1 with a
 * message on stderr. */
int baseline_load(baseline_net **out, const char *path);

size_t baseline_node_count(const baseline_net *net);
size_t baseline_flow_count(const baseline_net *net);
/* Sum of all flow weights (to check that both loaders read the same data). */
double baseline_weight_sum(const baseline_net *net);

void baseline_free(baseline_net *net);

#endif

/*
 * The selection's built graph, shared by the analysis modules.
 *
 * After flow__selection_graph() succeeds, `graph` and `weights` hold the
 * simple weighted graph described in selection.h (igraph vertex v =
 * selection vertex v, igraph edge e = selection edge e), built inside the
 * igraph gate. Analyses read them (under the gate) and never change them.
 */
#ifndef LIBFLOW_SELECTION_INTERNAL_H
#define LIBFLOW_SELECTION_INTERNAL_H

#include <stdint.h>
#include <glib.h>
#include <igraph.h>

#include "libflow/selection.h"
#include "network_internal.h"

#define FLOW__SELECTION_MAGIC 0x53454c45u /* "SELE" */

struct flow_selection {
    uint32_t magic;
    flow_network *net; /* referenced */

    /* settings */
    GArray *factors; /* uint32 factor indexes; empty = all */
    int combine;
    int first, last; /* FLOW_NO_YEAR = open; both open = no range */
    int directed;
    char *level; /* NULL = none */
    flow_progress_cb progress;
    void *payload;

    /* built */
    int built;
    uint64_t generation;
    size_t nv;
    int64_t *vertex_of_node; /* per network node */
    int64_t *node_of_vertex; /* per vertex */
    double *internal;        /* per vertex */
    double *factor_scale;    /* per network factor: weight multiplier, 0 = not kept */
    igraph_t graph;
    igraph_vector_t weights;
    int has_graph;
};

/* Validates the handle and builds the graph if needed. */
int flow__selection_graph(flow_selection *sel);

/* 1 when flow k of the network passes the factor and year filters. */
int flow__selection_keeps(const flow_selection *sel, size_t k);


/*
 * Resolves a set of node ids to distinct selection vertices (sorted
 * ascending), for analyses that take sources, sinks or personalisation
 * sets. Each name is a node id, or else the name of a group (expanded to
 * its members). After a roll-up, a node stands for its vertex. An unknown
 * name fails with FLOW_ENOTFOUND and a "did you mean" suggestion; an empty
 * set fails with FLOW_EINVAL naming `what` ("sources", "sinks", ...).
 * On success *out is a g_malloc'd array of *n vertices (free with g_free).
 * The selection must be built.
 */
int flow__selection_resolve_set(flow_selection *sel, const char *const *names, size_t count,
                                const char *what, int64_t **out, size_t *n);

/* Resolves one node id (no groups) to its vertex; errors as above. */
int flow__selection_resolve_node(flow_selection *sel, const char *id, const char *what,
                                 int64_t *vertex);

#endif

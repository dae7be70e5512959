/*
 * The selection's built graph, shared by the analysis modules.
 *
 * After flow__selection_graph() succeeds, `graph` holds the simple weighted
 * graph described in selection.h as plain arrays with its adjacency
 * (graph_internal.h): vertex v = selection vertex v, edge e = selection
 * edge e. It is built without igraph and without the igraph lock, and
 * every analysis reads it without any lock (a selection is used by one
 * thread at a time) and never changes it. An analysis that runs an igraph
 * algorithm gets the igraph graph of these arrays inside the gate
 * (flow__igraph_graph(), igraph_gate.h), which makes it on first use and
 * keeps it in `igraph`, a part of the selection that only the gate
 * touches.
 */
#ifndef LIBFLOW_SELECTION_INTERNAL_H
#define LIBFLOW_SELECTION_INTERNAL_H

#include <stdint.h>
#include <glib.h>

#include "libflow/selection.h"
#include "graph_internal.h"
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
    /* layer (flow_selection_set_layer): FLOW_LAYER_*; for a gravity layer
     * the fit's pairs with a weight > 0, as network node indexes, and the
     * fit's description */
    int layer;
    size_t layer_n;
    uint32_t *layer_src, *layer_tgt;
    double *layer_w;
    char *layer_about;
    uint32_t layer_factor; /* the fit's factor (the backbone's per-factor edges) */
    /* counterfactual (counterfactual.c): without-lists, added flows; NULL
     * when none */
    struct flow__counterfactual *cf;
    /* 1 for the frame of a per-year analysis (series, tracking): its graph
     * is not analysed, so stocks may span its years */
    int per_year;

    /* built */
    int built;
    uint64_t generation;
    size_t nv;
    int64_t *vertex_of_node; /* per network node */
    int64_t *node_of_vertex; /* per vertex */
    double *internal;        /* per vertex */
    double *factor_scale;    /* per network factor: weight multiplier, 0 = not kept */
    flow__graph graph;       /* the graph, directed as the selection */
    uint32_t *edge_of_flow;  /* per network flow: its edge, or FLOW__NO_EDGE */
    /* the undirected view of a directed selection, built on first use by
     * flow__selection_undirected() (an undirected selection is its own) */
    flow__graph undirected;
    int has_undirected;
    /* the igraph graphs of `graph` and `undirected`, made on first use;
     * read and written only inside the igraph gate */
    flow__igraph_cache *igraph;
};

/* edge_of_flow of a flow that is not an edge's: left out by the filters,
 * or within one vertex (internal). */
#define FLOW__NO_EDGE UINT32_MAX

/* Drops the built graph (a setter changed the selection). */
void flow__selection_invalidate(flow_selection *sel);

/* Validates the handle and builds the graph if needed. */
int flow__selection_graph(flow_selection *sel);

/*
 * The undirected view of a built selection, for the analyses defined on
 * undirected graphs (bridges, articulation points, Leiden and Louvain, ...):
 * an undirected selection's own graph (same edges), or for a directed one
 * its collapse, one edge per unordered pair {lo < hi} weighing both
 * directions together, edges in (lo, hi) order, without adjacency (see
 * graph_internal.h). Built on the first call and kept with the selection
 * until it is rebuilt. FLOW_OK or FLOW_ENOMEM.
 */
int flow__selection_undirected(flow_selection *sel, const flow__graph **out);

/* 1 when flow k of the network passes the factor and year filters. */
int flow__selection_keeps(const flow_selection *sel, size_t k);


/*
 * Resolves a set of node ids to distinct selection vertices (sorted
 * ascending), for analyses that take sources, sinks or personalisation
 * sets. Each name is a node id, or else the name of a group (expanded to
 * its members), or else a node's exact display name when one node alone
 * has it (two nodes of that name: FLOW_EINVAL asking for the id). After a roll-up, a node stands for its vertex. An unknown
 * name fails with FLOW_ENOTFOUND and a "did you mean" suggestion; an empty
 * set fails with FLOW_EINVAL naming `what` ("sources", "sinks", ...).
 * On success *out is a g_malloc'd array of *n vertices (free with g_free).
 * The selection must be built.
 */
int flow__selection_resolve_set(flow_selection *sel, const char *const *names, size_t count,
                                const char *what, int64_t **out, size_t *n);

/* Resolves one node id, or a node's exact display name (no groups), to its
 * vertex; errors as above. */
int flow__selection_resolve_node(flow_selection *sel, const char *id, const char *what,
                                 int64_t *vertex);

/* Results of a selection (the flow_table builder: libflow/table_internal.h). */

/* A new per-vertex table over sel's vertices: nv rows and a first node
 * column "node" (the vertices' network nodes). Builds sel if needed. */
int flow__selection_new_table(flow_table **out, flow_selection *sel, const char *name);

/* What flow__selection_describe() says of the unit: nothing (the
 * values are not in the flows' unit), the unit of the selection's weights
 * ("share" under FLOW_COMBINE_SHARE, else the raw unit the kept factors
 * share), or always the raw unit the kept factors share (raw totals). */
enum { FLOW__UNIT_NONE = 0, FLOW__UNIT_SELECTION = 1, FLOW__UNIT_RAW = 2 };

/* Records the selection's description in the metadata (factors, combine,
 * years, directed, level) and, as `unit` says (FLOW__UNIT_*), "unit" when
 * the kept factors share one. */
int flow__selection_describe(flow_table *t, const flow_selection *sel, int unit);

#endif

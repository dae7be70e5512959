/*
 * A weighted graph as plain arrays: the form in which a selection keeps its
 * graph, and in which every analysis reads it.
 *
 * Vertices are 0 .. nv - 1, edges 0 .. ne - 1; edge e goes from from[e] to
 * to[e] and weighs weight[e]. The graph is simple (no self-loop, at most one
 * edge per ordered pair when directed, per unordered pair when not); an
 * undirected edge is stored with from[e] < to[e].
 *
 * Vertex and edge numbers are 32-bit: a selection's vertices are network
 * nodes and its edges merge network flows, both numbered below 2^32 by the
 * network (network_internal.h).
 *
 * The adjacency is compressed (CSR), in edge order within each vertex:
 *   out: the edges leaving v are out_edge[i] for i in
 *        [out_start[v], out_start[v + 1]), their far ends out_nbr[i];
 *   in:  the edges entering v, likewise (in_start, in_edge, in_nbr).
 * Undirected, "leaving" and "entering" both mean "at": every edge is listed
 * at both its ends, and the in- arrays are the out- arrays themselves.
 * A graph may be kept without adjacency (out_start NULL) when nothing walks
 * it, as the undirected view of a directed selection (igraph indexes the
 * edges itself).
 *
 * No igraph type and no lock: the arrays are built once and then only read,
 * by any number of analyses of the owner (one thread at a time, as the
 * owner is used). igraph sees them only through flow__igraph_graph()
 * (igraph_gate.h), inside the gate, which keeps the igraph graphs it makes
 * in the owner's flow__igraph_cache.
 */
#ifndef LIBFLOW_GRAPH_INTERNAL_H
#define LIBFLOW_GRAPH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* igraph graphs made from graphs of one owner; opaque outside the igraph
 * gate, touched only inside it (igraph_gate.h). */
typedef struct flow__igraph_cache flow__igraph_cache;

typedef struct flow__graph {
    size_t nv, ne;
    int directed;
    uint32_t *from, *to; /* ne each (at least one element allocated) */
    double *weight;      /* ne, finite and > 0 for a selection's graph */
    size_t *out_start;   /* nv + 1, or NULL: no adjacency */
    uint32_t *out_edge;  /* ne directed, 2 ne undirected */
    uint32_t *out_nbr;
    size_t *in_start;    /* directed: their own; undirected: = out_ */
    uint32_t *in_edge, *in_nbr;
} flow__graph;

/*
 * Makes g the graph of nv vertices and the ne edges given, taking over
 * from, to and weight (g_malloc'd, at least one element each; freed here on
 * failure too), and builds its adjacency when `with_adjacency` is set.
 * Undirected edges must already read from < to. FLOW_OK or FLOW_ENOMEM (g
 * is then empty).
 */
int flow__graph_init(flow__graph *g, size_t nv, int directed, size_t ne, uint32_t *from,
                     uint32_t *to, double *weight, int with_adjacency);

/*
 * Makes g the directed graph of nv vertices and the ne edges given, whose
 * out-adjacency is known (out_start[nv + 1], out_edge[ne], out_nbr[ne], as
 * above: a vertex's edges in edge order): takes over all six arrays
 * (freed here on failure too) and builds the in-adjacency. FLOW_OK or
 * FLOW_ENOMEM (g is then empty).
 */
int flow__graph_init_out(flow__graph *g, size_t nv, size_t ne, uint32_t *from, uint32_t *to,
                         double *weight, size_t *out_start, uint32_t *out_edge, uint32_t *out_nbr);

/* Frees g's arrays and leaves it empty (a zeroed graph may be cleared). */
void flow__graph_clear(flow__graph *g);

/*
 * The undirected collapse of a directed graph g: one edge per unordered
 * pair {lo < hi} joined by g, weighing the sum of both directions; edges
 * in (lo, hi) order; no adjacency. FLOW_OK or FLOW_ENOMEM (out is then
 * empty).
 */
int flow__graph_collapse(flow__graph *out, const flow__graph *g);

#endif

/*
 * Bottlenecks (see bottleneck.h): max flow / min cut between vertex sets,
 * widest paths, bridges and articulation points, dominators, critical nodes
 * and edges, edge betweenness.
 *
 * Outline. Every analysis reads the selection's graph as it is kept, plain
 * arrays with their adjacency (selection_internal.h), or its undirected
 * view (bridges), so that the work that igraph does not offer (the widest
 * path, the connected-flow losses, the by-factor cut listing, the maximum
 * flow of the min cut) runs outside the igraph gate without any lock, and
 * the igraph calls inside it only see graphs made from those arrays. Max
 * flow always runs on the directed arc graph (an undirected edge seen as
 * two arcs, one each way, each with the edge's full weight) plus a
 * super-source and a super-sink: no undirected special case, and a cut arc
 * maps back to exactly one selection edge.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <igraph.h>

#include "libflow/bottleneck.h"
#include "libflow/registry.h"
#include "error_internal.h"
#include "igraph_gate.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

/* ---- the selection as arcs ------------------------------------------------ */

/*
 * Max flow's arcs over the selection's graph G: a directed edge e is arc e;
 * an undirected edge e is arc 2e from its higher end to its lower and arc
 * 2e + 1 back. That is the order in which igraph kept an undirected edge's
 * ends ("from" the higher) when the selection was an igraph graph, and the
 * arcs, the flows listed and the ties broken below still follow it.
 */
static size_t arc_count(const flow__graph *G) { return G->directed ? G->ne : 2 * G->ne; }

static size_t edge_of(const flow__graph *G, size_t a) { return G->directed ? a : a / 2; }

static int64_t arc_tail(const flow__graph *G, size_t a)
{
    return G->directed ? G->from[a] : (a & 1) ? G->from[a / 2] : G->to[a / 2];
}

static int64_t arc_head(const flow__graph *G, size_t a)
{
    return G->directed ? G->to[a] : (a & 1) ? G->to[a / 2] : G->from[a / 2];
}

static double arc_weight(const flow__graph *G, size_t a) { return G->weight[edge_of(G, a)]; }

/* The first arc of edge e; the edge's ends in that arc's order. */
static size_t first_arc(const flow__graph *G, size_t e) { return G->directed ? e : 2 * e; }
static int64_t end1(const flow__graph *G, size_t e) { return arc_tail(G, first_arc(G, e)); }
static int64_t end2(const flow__graph *G, size_t e) { return arc_head(G, first_arc(G, e)); }

/* ---- shared checks -------------------------------------------------------- */

static const char *vertex_id(const flow_selection *sel, int64_t v)
{
    return flow_network_node_id(sel->net, (size_t)sel->node_of_vertex[v]);
}

/* Resolves both sets (sorted, distinct) and refuses a vertex in both. */
static int resolve_sets(flow_selection *sel, const char *const *sources, size_t nsources,
                        const char *const *sinks, size_t nsinks, int64_t **S, size_t *nS,
                        int64_t **T, size_t *nT)
{
    *S = *T = NULL;
    int rc = flow__selection_resolve_set(sel, sources, nsources, "sources", S, nS);
    if (rc < 0) return rc;
    rc = flow__selection_resolve_set(sel, sinks, nsinks, "sinks", T, nT);
    if (rc < 0) goto fail;
    for (size_t i = 0, j = 0; i < *nS && j < *nT;) {
        if ((*S)[i] == (*T)[j]) {
            rc = flow__error(FLOW_EINVAL, "node '%s' is both a source and a sink",
                             vertex_id(sel, (*S)[i]));
            goto fail;
        }
        if ((*S)[i] < (*T)[j])
            i++;
        else
            j++;
    }
    return FLOW_OK;
fail:
    g_clear_pointer(S, g_free);
    g_clear_pointer(T, g_free);
    return rc;
}

/* Progress outside the igraph gate: 1 when the caller asked to stop. */
static int ask_stop(const flow_selection *sel, double percent, const char *message)
{
    return sel->progress && sel->progress(percent, message, sel->payload) != 0;
}

/* ---- igraph helpers (inside the gate only) ------------------------------- */

/* A directed igraph graph of the arcs plus, when nS + nT > 0, a super-source
 * nv with an arc to every source and a super-sink nv + 1 with an arc from
 * every sink, all of capacity `big`; cap gets the capacities. */
static igraph_error_t super_graph(igraph_t *g, igraph_vector_t *cap, const flow__graph *A,
                                  const int64_t *S, size_t nS, const int64_t *T, size_t nT,
                                  double big)
{
    size_t extra = nS + nT ? 2 : 0;
    size_t m = arc_count(A) + nS + nT;
    igraph_vector_int_t ends;
    igraph_error_t err = igraph_vector_int_init(&ends, (igraph_integer_t)(2 * m));
    if (err) return err;
    for (size_t a = 0; a < arc_count(A); a++) {
        VECTOR(ends)[2 * a] = arc_tail(A, a);
        VECTOR(ends)[2 * a + 1] = arc_head(A, a);
    }
    size_t k = arc_count(A);
    for (size_t i = 0; i < nS; i++, k++) {
        VECTOR(ends)[2 * k] = (igraph_integer_t)A->nv;
        VECTOR(ends)[2 * k + 1] = S[i];
    }
    for (size_t i = 0; i < nT; i++, k++) {
        VECTOR(ends)[2 * k] = T[i];
        VECTOR(ends)[2 * k + 1] = (igraph_integer_t)A->nv + 1;
    }
    err = igraph_create(g, &ends, (igraph_integer_t)(A->nv + extra), IGRAPH_DIRECTED);
    igraph_vector_int_destroy(&ends);
    if (err) return err;
    if (!cap) return IGRAPH_SUCCESS;
    err = igraph_vector_init(cap, (igraph_integer_t)m);
    if (err) {
        igraph_destroy(g);
        return err;
    }
    for (size_t a = 0; a < arc_count(A); a++) VECTOR(*cap)[a] = arc_weight(A, a);
    for (size_t a = arc_count(A); a < m; a++) VECTOR(*cap)[a] = big;
    return IGRAPH_SUCCESS;
}

/* A capacity larger than any cut of real arcs: 2 * total + 1 (the doubling
 * keeps it above the total where adding 1 would be lost to rounding). */
static int big_capacity(const flow__graph *A, double *big)
{
    double total = 0;
    for (size_t a = 0; a < arc_count(A); a++) total += arc_weight(A, a);
    *big = 2 * total + 1;
    if (!isfinite(*big))
        return flow__error(FLOW_ELIMIT, "max flow: the total weight of the selection (%g) is "
                                        "too large for a finite super-source capacity",
                           total);
    return FLOW_OK;
}

/*
 * One max flow from the super-source to the super-sink, by Dinic's
 * algorithm on a residual graph of its own (outside the igraph gate).
 * igraph 0.10's push-relabel gives the value and the cut quickly, but
 * turning its preflow into a flow on every arc costs it hundreds of times
 * more (minutes for a million arcs); blocking flows along shortest paths
 * end with a flow, and the cut follows from the same residual graph.
 *
 * Each arc a (the real arcs, then one from the super-source s = nv to each
 * source, then one from each sink to the super-sink t = nv + 1, of
 * capacity `big`) gives two residual slots: forward with residual c_a,
 * backward with residual 0; slots are stored by their tail vertex (a
 * counting sort) with their head and their partner. An augmentation by b
 * takes b off each path slot and adds it to its partner: the bottleneck
 * slot ends exactly at 0 and none goes below (b is their minimum), so in
 * floating point too every phase saturates a slot of the level graph, and
 * the phases end (at most nv + 1 of them). The flow on arc a is its
 * backward slot's residual; the vertices that cannot reach t in the final
 * residual graph are the source side, the largest minimum cut's side (the
 * one igraph's partition gives).
 */
typedef struct {
    size_t nv;            /* vertices, with s and t */
    size_t nslot;
    uint32_t *start;      /* nv + 1: first slot of each tail */
    uint32_t *head;       /* per slot */
    uint32_t *mate;       /* per slot: the partner slot */
    double *res;          /* per slot: residual capacity */
    uint32_t *back;       /* per arc: its backward slot */
} residual;

static void residual_free(residual *R)
{
    g_free(R->start);
    g_free(R->head);
    g_free(R->mate);
    g_free(R->res);
    g_free(R->back);
}

static int residual_init(residual *R, const flow__graph *A, const int64_t *S, size_t nS,
                         const int64_t *T, size_t nT, double big)
{
    memset(R, 0, sizeof *R);
    size_t na = arc_count(A), m = na + nS + nT, nv = A->nv + 2;
    if (2 * m >= UINT32_MAX || nv >= UINT32_MAX)
        return flow__error(FLOW_ELIMIT, "max flow: %zu arcs are more than the flow's "
                                        "residual graph can index",
                           m);
    R->nv = nv;
    R->nslot = 2 * m;
    R->start = g_try_new0(uint32_t, nv + 1);
    R->head = g_try_new(uint32_t, R->nslot ? R->nslot : 1);
    R->mate = g_try_new(uint32_t, R->nslot ? R->nslot : 1);
    R->res = g_try_new(double, R->nslot ? R->nslot : 1);
    R->back = g_try_new(uint32_t, m ? m : 1);
    if (!R->start || !R->head || !R->mate || !R->res || !R->back) {
        residual_free(R);
        return flow__error_nomem();
    }
    uint32_t s = (uint32_t)A->nv, t = s + 1;
#define ARC_ENDS(a, u, v)                                                                      \
    do {                                                                                       \
        if ((a) < na) {                                                                        \
            u = (uint32_t)arc_tail(A, a);                                                      \
            v = (uint32_t)arc_head(A, a);                                                      \
        } else if ((a) < na + nS) {                                                            \
            u = s;                                                                             \
            v = (uint32_t)S[(a)-na];                                                           \
        } else {                                                                               \
            u = (uint32_t)T[(a)-na - nS];                                                      \
            v = t;                                                                             \
        }                                                                                      \
    } while (0)
    uint32_t u, v;
    for (size_t a = 0; a < m; a++) {
        ARC_ENDS(a, u, v);
        R->start[u + 1]++;
        R->start[v + 1]++;
    }
    for (size_t x = 0; x < nv; x++) R->start[x + 1] += R->start[x];
    uint32_t *fill = g_try_new(uint32_t, nv);
    if (!fill) {
        residual_free(R);
        return flow__error_nomem();
    }
    memcpy(fill, R->start, nv * sizeof *fill);
    for (size_t a = 0; a < m; a++) {
        ARC_ENDS(a, u, v);
        uint32_t f = fill[u]++, b = fill[v]++;
        R->head[f] = v;
        R->head[b] = u;
        R->mate[f] = b;
        R->mate[b] = f;
        R->res[f] = a < na ? arc_weight(A, a) : big;
        R->res[b] = 0;
        R->back[a] = b;
    }
#undef ARC_ENDS
    g_free(fill);
    return FLOW_OK;
}

/* Levels from s by breadth-first search over slots with residual left;
 * 1 when t is reached. The search stops at t's level. */
static int dinic_levels(const residual *R, uint32_t s, uint32_t t, int32_t *level,
                        uint32_t *queue)
{
    for (size_t x = 0; x < R->nv; x++) level[x] = -1;
    size_t qh = 0, qt = 0;
    level[s] = 0;
    queue[qt++] = s;
    while (qh < qt) {
        uint32_t x = queue[qh++];
        if (level[t] >= 0 && level[x] >= level[t]) break;
        for (uint32_t k = R->start[x]; k < R->start[x + 1]; k++) {
            uint32_t y = R->head[k];
            if (level[y] < 0 && R->res[k] > 0) {
                level[y] = level[x] + 1;
                queue[qt++] = y;
            }
        }
    }
    return level[t] >= 0;
}

/* A blocking flow in the level graph: depth-first along the current slot
 * of each vertex (it[]), augmenting at t and retreating to the tail of the
 * first slot it emptied; a vertex with no way on leaves the level graph. */
static double dinic_block(residual *R, uint32_t s, uint32_t t, int32_t *level, uint32_t *it,
                          uint32_t *path)
{
    double pushed = 0;
    for (size_t x = 0; x < R->nv; x++) it[x] = R->start[x];
    size_t len = 0;
    uint32_t x = s;
    for (;;) {
        if (x == t) {
            double b = INFINITY;
            for (size_t i = 0; i < len; i++) b = fmin(b, R->res[path[i]]);
            size_t cut = len;
            for (size_t i = 0; i < len; i++) {
                uint32_t k = path[i];
                R->res[k] -= b;
                R->res[R->mate[k]] += b;
                if (R->res[k] == 0 && cut == len) cut = i;
            }
            pushed += b;
            len = cut; /* back to the tail of the first emptied slot */
            x = len ? R->head[path[len - 1]] : s;
            continue;
        }
        uint32_t k = it[x], end = R->start[x + 1];
        while (k < end && !(R->res[k] > 0 && level[R->head[k]] == level[x] + 1)) k++;
        it[x] = k;
        if (k < end) {
            path[len++] = k;
            x = R->head[k];
            continue;
        }
        level[x] = -1; /* a dead end */
        if (len == 0) break;
        len--;
        x = len ? R->head[path[len - 1]] : s;
        it[x]++;
    }
    return pushed;
}

/*
 * One max flow from the super-source to the super-sink. Fills the value,
 * the flow on each real arc (flow[na], may be NULL) and the side of each
 * selection vertex (side[nv]: 1 = source side, may be NULL).
 */
static int max_flow(const flow_selection *sel, const flow__graph *A, const int64_t *S, size_t nS,
                    const int64_t *T, size_t nT, double big, double *value, double *flow,
                    uint8_t *side)
{
    residual R;
    int rc = residual_init(&R, A, S, nS, T, nT, big);
    if (rc < 0) return rc;
    int32_t *level = g_try_new(int32_t, R.nv);
    uint32_t *it = g_try_new(uint32_t, R.nv);
    uint32_t *queue = g_try_new(uint32_t, R.nv);
    uint32_t *path = g_try_new(uint32_t, R.nv);
    if (!level || !it || !queue || !path) {
        rc = flow__error_nomem();
        goto done;
    }
    uint32_t s = (uint32_t)A->nv, t = s + 1;
    while (dinic_levels(&R, s, t, level, queue)) {
        if (ask_stop(sel, 0, "max flow")) {
            rc = flow__error(FLOW_EINTERRUPTED, "max flow: interrupted by the progress callback");
            goto done;
        }
        dinic_block(&R, s, t, level, it, path);
    }
    size_t na = arc_count(A);
    double val = 0;
    for (size_t i = 0; i < nS; i++) val += R.res[R.back[na + i]];
    *value = val;
    for (size_t a = 0; flow && a < na; a++) flow[a] = fmin(R.res[R.back[a]], arc_weight(A, a));
    if (side) {
        /* the vertices that reach t in the residual graph: backwards from t */
        memset(level, 0, R.nv * sizeof *level);
        size_t qh = 0, qt = 0;
        level[t] = 1;
        queue[qt++] = t;
        while (qh < qt) {
            uint32_t w = queue[qh++];
            for (uint32_t k = R.start[w]; k < R.start[w + 1]; k++) {
                uint32_t u = R.head[k];
                if (!level[u] && R.res[R.mate[k]] > 0) {
                    level[u] = 1;
                    queue[qt++] = u;
                }
            }
        }
        for (size_t v = 0; v < A->nv; v++) side[v] = !level[v];
    }
done:
    residual_free(&R);
    g_free(level);
    g_free(it);
    g_free(queue);
    g_free(path);
    return rc;
}

/* ---- tables ---------------------------------------------------------------- */

/* "analysis" and the selection's description, common to every table here. */
static void describe(flow_table *t, const flow_selection *sel, const char *analysis)
{
    flow__table_set_meta(t, "analysis", "%s", analysis);
    flow__selection_describe(t, sel, FLOW__UNIT_SELECTION);
}

/* A metadata entry listing names as given, comma-separated. */
static void names_meta(flow_table *t, const char *key, const char *const *names, size_t n)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n; i++) {
        if (i) g_string_append_c(s, ',');
        g_string_append(s, names[i] ? names[i] : "");
    }
    flow__table_set_meta(t, key, "%s", s->str);
    g_string_free(s, TRUE);
}

/*
 * A table of n edges: node columns "source" and "target", a text column
 * "factor" when `factor` is set, then a double column "weight". The arrays
 * are returned for the caller to fill (fac may be NULL without a factor
 * column).
 */
static int new_edge_table(flow_table **out, flow_network *net, const char *name, size_t n,
                          int factor, int64_t **src, int64_t **tgt, const char ***fac, double **w)
{
    flow_table *t = NULL;
    int rc = flow__table_new(&t, net, name, n);
    if (rc == FLOW_OK) rc = flow__table_add_nodes(t, "source", src);
    if (rc == FLOW_OK) rc = flow__table_add_nodes(t, "target", tgt);
    if (rc == FLOW_OK && factor) rc = flow__table_add_texts(t, "factor", fac);
    if (rc == FLOW_OK) rc = flow__table_add_doubles(t, "weight", w);
    if (rc < 0) {
        flow_table_free(t);
        return rc;
    }
    *out = t;
    return FLOW_OK;
}

/*
 * The table of every selection edge with one value each (critical edges,
 * edge betweenness): rows in selection edge order, an undirected edge with
 * the lower vertex first, then sorted by the value, descending (stable).
 * Takes ownership of `values`.
 */
static int all_edges_table(flow_table **out, flow_selection *sel, const char *name,
                           const char *measure, double *values)
{
    const flow__graph *G = &sel->graph;
    size_t ne = G->ne;
    flow_table *t = NULL;
    int64_t *src = NULL, *tgt = NULL;
    double *w = NULL;
    int rc = new_edge_table(&t, sel->net, name, ne, 0, &src, &tgt, NULL, &w);
    if (rc < 0) {
        g_free(values);
        return rc;
    }
    for (size_t e = 0; e < ne; e++) { /* undirected edges already read lower first */
        src[e] = sel->node_of_vertex[G->from[e]];
        tgt[e] = sel->node_of_vertex[G->to[e]];
        w[e] = G->weight[e];
    }
    rc = flow__table_adopt_doubles(t, measure, values);
    if (rc == FLOW_OK) rc = flow__table_sort(t, 3, 1); /* the values */
    if (rc < 0) {
        flow_table_free(t);
        return rc;
    }
    describe(t, sel, name);
    *out = t;
    return FLOW_OK;
}

/* A per-vertex table with one value column adopted from `values`. */
static int vertex_table(flow_table **out, flow_selection *sel, const char *name,
                        const char *measure, double *values)
{
    flow_table *t = NULL;
    int rc = flow__selection_new_table(&t, sel, name);
    if (rc < 0) {
        g_free(values);
        return rc;
    }
    if ((rc = flow__table_adopt_doubles(t, measure, values)) < 0) {
        flow_table_free(t);
        return rc;
    }
    describe(t, sel, name);
    *out = t;
    return FLOW_OK;
}

/* ---- the cut ---------------------------------------------------------------- */

typedef struct {
    int64_t u, v;  /* selection vertices, u on the source side */
    size_t edge;   /* selection edge */
    int64_t factor;
    double weight; /* the selection edge's weight */
    double value;  /* cut edges: = weight; by factor: the factor's part; flows: flow */
} item;

typedef struct {
    size_t cut;    /* index in the cut list */
    int64_t factor;
    size_t flow;   /* network flow, for a deterministic summation order */
    double w;
} part;

static int cmp_part(const void *a, const void *b)
{
    const part *x = a, *y = b;
    if (x->cut != y->cut) return (x->cut > y->cut) - (x->cut < y->cut);
    if (x->factor != y->factor) return (x->factor > y->factor) - (x->factor < y->factor);
    return (x->flow > y->flow) - (x->flow < y->flow);
}

/* Within one cut edge: value descending, then factor ascending. */
static int cmp_factor_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->value != y->value) return x->value < y->value ? 1 : -1;
    return (x->factor > y->factor) - (x->factor < y->factor);
}

/* The kept network flows of each cut edge (the selection's map from flows
 * to edges), per factor. */
static int split_by_factor(GArray *by_factor, const GArray *cut, const flow_selection *sel)
{
    const flow_network *net = sel->net;
    size_t ncut = cut->len;
    if (ncut == 0) return FLOW_OK;
    /* cut list index + 1 of each selection edge, 0 when not cut */
    size_t *where = g_try_new0(size_t, sel->graph.ne ? sel->graph.ne : 1);
    if (!where) return flow__error_nomem();
    for (size_t i = 0; i < ncut; i++) where[g_array_index(cut, item, i).edge] = i + 1;
    GArray *parts = g_array_new(FALSE, FALSE, sizeof(part));
    for (size_t k = 0; k < net->nflows; k++) {
        uint32_t e = sel->edge_of_flow[k];
        if (e == FLOW__NO_EDGE || !where[e]) continue;
        part p = {where[e] - 1, net->fac[k], k, net->weight[k] * sel->factor_scale[net->fac[k]]};
        g_array_append_val(parts, p);
    }
    g_free(where);
    if (parts->len > 1) qsort(parts->data, parts->len, sizeof(part), cmp_part);
    for (guint j = 0; j < parts->len;) {
        const part *p = &g_array_index(parts, part, j);
        double sum = 0;
        guint k = j;
        for (; k < parts->len && g_array_index(parts, part, k).cut == p->cut &&
               g_array_index(parts, part, k).factor == p->factor;
             k++)
            sum += g_array_index(parts, part, k).w;
        item it = g_array_index(cut, item, p->cut);
        it.factor = p->factor;
        it.value = sum;
        g_array_append_val(by_factor, it);
        j = k;
    }
    g_array_free(parts, TRUE);
    /* parts were grouped by cut edge in cut order: sort each run. */
    for (guint j = 0; j < by_factor->len;) {
        size_t cu = g_array_index(by_factor, item, j).edge;
        guint k = j;
        while (k < by_factor->len && g_array_index(by_factor, item, k).edge == cu) k++;
        qsort(&g_array_index(by_factor, item, j), k - j, sizeof(item), cmp_factor_item);
        j = k;
    }
    return FLOW_OK;
}

/*
 * A list of items as an edge table, rows in list order: the value column
 * `measure` (NULL: none) holds the items' values; with a factor column the
 * weight is the item's value (its factor's part) instead of the edge's.
 */
static int items_table(flow_table **out, const flow_selection *sel, const char *name,
                       const GArray *items, int factor, const char *measure)
{
    flow_table *t = NULL;
    int64_t *src = NULL, *tgt = NULL;
    const char **fac = NULL;
    double *w = NULL, *val = NULL;
    int rc = new_edge_table(&t, sel->net, name, items->len, factor, &src, &tgt, &fac, &w);
    if (rc == FLOW_OK && measure) rc = flow__table_add_doubles(t, measure, &val);
    if (rc < 0) {
        flow_table_free(t);
        return rc;
    }
    for (guint i = 0; i < items->len; i++) {
        const item *it = &g_array_index(items, item, i);
        src[i] = sel->node_of_vertex[it->u];
        tgt[i] = sel->node_of_vertex[it->v];
        if (factor) fac[i] = flow__network_factor_name(sel->net, (size_t)it->factor);
        w[i] = factor ? it->value : it->weight;
        if (val) val[i] = it->value;
    }
    *out = t;
    return FLOW_OK;
}

/* Weight descending, then selection edge ascending. */
static int cmp_cut_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->weight != y->weight) return x->weight < y->weight ? 1 : -1;
    return (x->edge > y->edge) - (x->edge < y->edge);
}

/* Value descending, then selection edge ascending (flows). */
static int cmp_flow_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->value != y->value) return x->value < y->value ? 1 : -1;
    return (x->edge > y->edge) - (x->edge < y->edge);
}

/* qsort of a GArray of items (whose data is NULL while empty). */
static void sort_items(GArray *a, int (*cmp)(const void *, const void *))
{
    if (a->len > 1) qsort(a->data, a->len, sizeof(item), cmp);
}

/* The cut's table (see bottleneck.h) from the max flow's results. */
static int cut_table(flow_table **out, flow_selection *sel, const flow__graph *A, double value,
                     const uint8_t *side, const double *flow)
{
    flow_table *t = NULL, *p = NULL;
    GArray *cut = g_array_new(FALSE, FALSE, sizeof(item));
    GArray *by_factor = g_array_new(FALSE, FALSE, sizeof(item));
    GArray *flows = g_array_new(FALSE, FALSE, sizeof(item));
    for (size_t a = 0; a < arc_count(A); a++) {
        if (side[arc_tail(A, a)] && !side[arc_head(A, a)]) {
            double w = arc_weight(A, a);
            item it = {arc_tail(A, a), arc_head(A, a), edge_of(A, a), -1, w, w};
            g_array_append_val(cut, it);
        }
    }
    sort_items(cut, cmp_cut_item);
    /* The flow on each selection edge, oriented along it. */
    for (size_t e = 0; flow && e < A->ne; e++) {
        size_t a = first_arc(A, e);
        double f = !A->directed ? flow[a] - flow[a + 1] : flow[a];
        if (f == 0) continue;
        if (f > 0) {
            item it = {arc_tail(A, a), arc_head(A, a), e, -1, arc_weight(A, a), f};
            g_array_append_val(flows, it);
        } else {
            item it = {arc_head(A, a), arc_tail(A, a), e, -1, arc_weight(A, a), -f};
            g_array_append_val(flows, it);
        }
    }
    sort_items(flows, cmp_flow_item);
    int rc = split_by_factor(by_factor, cut, sel);
    if (rc == FLOW_OK) rc = items_table(&t, sel, "min_cut", cut, 0, NULL);
    if (rc == FLOW_OK) rc = flow__table_new(&p, sel->net, "nodes", A->nv);
    if (rc == FLOW_OK) {
        int64_t *node = NULL, *s = NULL;
        rc = flow__table_add_part(t, p);
        if (rc == FLOW_OK) rc = flow__table_add_nodes(p, "node", &node);
        if (rc == FLOW_OK) rc = flow__table_add_ints(p, "side", &s);
        double nsrc = 0;
        for (size_t v = 0; rc == FLOW_OK && v < A->nv; v++) {
            node[v] = sel->node_of_vertex[v];
            s[v] = side[v];
            nsrc += side[v];
        }
        if (rc == FLOW_OK) {
            flow__table_set_scalar(t, "value", value);
            flow__table_set_scalar(t, "source_side", nsrc);
            flow__table_set_scalar(t, "sink_side", (double)A->nv - nsrc);
        }
    }
    if (rc == FLOW_OK) rc = items_table(&p, sel, "factor_edges", by_factor, 1, NULL);
    if (rc == FLOW_OK) rc = flow__table_add_part(t, p);
    if (rc == FLOW_OK && flow) rc = items_table(&p, sel, "flows", flows, 0, "flow");
    if (rc == FLOW_OK && flow) rc = flow__table_add_part(t, p);
    g_array_free(cut, TRUE);
    g_array_free(by_factor, TRUE);
    g_array_free(flows, TRUE);
    if (rc < 0) {
        flow_table_free(t);
        return rc;
    }
    *out = t;
    return FLOW_OK;
}

int flow_bottleneck_min_cut(flow_table **out, flow_selection *sel, const char *const *sources,
                            size_t nsources, const char *const *sinks, size_t nsinks,
                            int with_flows)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_min_cut: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    int64_t *S = NULL, *T = NULL;
    size_t nS = 0, nT = 0;
    const flow__graph *A = &sel->graph;
    double *flow = NULL;
    uint8_t *side = NULL;
    flow_table *t = NULL;

    if ((rc = resolve_sets(sel, sources, nsources, sinks, nsinks, &S, &nS, &T, &nT)) < 0)
        goto done;
    double big, value = 0;
    if ((rc = big_capacity(A, &big)) < 0) goto done;
    /* the flow on every arc: copied out only when it is listed */
    if (with_flows) flow = g_try_new(double, arc_count(A) ? arc_count(A) : 1);
    side = g_try_new0(uint8_t, A->nv ? A->nv : 1);
    if ((with_flows && !flow) || !side) {
        rc = flow__error_nomem();
        goto done;
    }
    if ((rc = max_flow(sel, A, S, nS, T, nT, big, &value, flow, side)) < 0) goto done;
    for (size_t i = 0; i < nS; i++)
        if (!side[S[i]]) {
            rc = flow__error(FLOW_ERROR, "max flow: source '%s' ended on the sink side "
                                         "(numerical trouble with the capacities)",
                             vertex_id(sel, S[i]));
            goto done;
        }
    for (size_t i = 0; i < nT; i++)
        if (side[T[i]]) {
            rc = flow__error(FLOW_ERROR, "max flow: sink '%s' ended on the source side "
                                         "(numerical trouble with the capacities)",
                             vertex_id(sel, T[i]));
            goto done;
        }
    if ((rc = cut_table(&t, sel, A, value, side, flow)) < 0) goto done;
    describe(t, sel, "min_cut");
    names_meta(t, "sources", sources, nsources);
    names_meta(t, "sinks", sinks, nsinks);
    flow__table_set_meta(t, "flows", "%s", with_flows ? "yes" : "no");
    *out = t;
done:
    g_free(S);
    g_free(T);
    g_free(flow);
    g_free(side);
    return rc;
}

/* ---- widest path ---------------------------------------------------------- */

typedef struct {
    double key;
    int64_t v;
} heap_item;

/* A binary max-heap on key; lazy deletion (stale entries are skipped). */
static void heap_push(heap_item *h, size_t *n, double key, int64_t v)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h[p].key >= key) break;
        h[i] = h[p];
        i = p;
    }
    h[i].key = key;
    h[i].v = v;
}

static heap_item heap_pop(heap_item *h, size_t *n)
{
    heap_item top = h[0], last = h[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, b = i;
        double bk = last.key;
        if (l < *n && h[l].key > bk) {
            b = l;
            bk = h[l].key;
        }
        if (r < *n && h[r].key > bk) b = r;
        if (b == i) break;
        h[i] = h[b];
        i = b;
    }
    if (*n) h[i] = last;
    return top;
}

/*
 * Three passes: a max-min Dijkstra gives the width B; a breadth-first
 * search backwards from the target over the arcs of weight >= B gives each
 * vertex's hop distance to the target; walking forwards from the source to
 * the smallest-index neighbour one hop closer gives the fewest-hop,
 * lexicographically smallest path of width B.
 */
int flow_bottleneck_widest_path(flow_table **out, flow_selection *sel, const char *source,
                                const char *target)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_widest_path: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    int64_t s, t;
    if ((rc = flow__selection_resolve_node(sel, source, "widest path source", &s)) < 0) return rc;
    if ((rc = flow__selection_resolve_node(sel, target, "widest path target", &t)) < 0) return rc;
    if (s == t)
        return flow__error(FLOW_EINVAL, "widest path: source '%s' and target '%s' are the same "
                                        "vertex",
                           source, target);

    const flow__graph *A = &sel->graph;
    double *width = NULL;
    uint8_t *done_v = NULL;
    heap_item *heap = NULL;
    int64_t *dist = NULL, *queue = NULL;
    flow_table *p = NULL;
    int64_t *node = NULL, limit = -1;
    double *hop = NULL, B = 0;
    size_t n = 0;
    size_t nv = A->nv;
    width = g_try_new(double, nv);
    done_v = g_try_new0(uint8_t, nv);
    heap = g_try_new(heap_item, arc_count(A) + 1);
    dist = g_try_new(int64_t, nv);
    queue = g_try_new(int64_t, nv);
    if (!width || !done_v || !heap || !dist || !queue) {
        rc = flow__error_nomem();
        goto done;
    }

    /* 1. width of the widest path (-1: not reached yet) */
    for (size_t v = 0; v < nv; v++) width[v] = -1;
    size_t hn = 0;
    width[s] = INFINITY;
    heap_push(heap, &hn, INFINITY, s);
    while (hn) {
        heap_item top = heap_pop(heap, &hn);
        int64_t u = top.v;
        if (done_v[u]) continue;
        done_v[u] = 1;
        if (u == t) break;
        for (size_t i = A->out_start[u]; i < A->out_start[u + 1]; i++) {
            int64_t v = A->out_nbr[i];
            double c = fmin(top.key, A->weight[A->out_edge[i]]);
            if (!done_v[v] && c > width[v]) {
                width[v] = c;
                heap_push(heap, &hn, c, v);
            }
        }
    }
    if (!done_v[t]) goto table; /* no path: the empty path, width 0 */
    B = width[t];

    /* 2. hop distances to the target over arcs of weight >= B */
    for (size_t v = 0; v < nv; v++) dist[v] = -1;
    size_t qh = 0, qt = 0;
    dist[t] = 0;
    queue[qt++] = t;
    while (qh < qt) {
        int64_t v = queue[qh++];
        for (size_t i = A->in_start[v]; i < A->in_start[v + 1]; i++) {
            int64_t u = A->in_nbr[i];
            if (A->weight[A->in_edge[i]] >= B && dist[u] < 0) {
                dist[u] = dist[v] + 1;
                queue[qt++] = u;
            }
        }
    }

    /* 3. the path */
    n = (size_t)dist[s] + 1;
table:
    if ((rc = flow__table_new(&p, sel->net, "widest_path", n)) < 0 ||
        (rc = flow__table_add_nodes(p, "node", &node)) < 0 ||
        (rc = flow__table_add_doubles(p, "weight_to_next", &hop)) < 0)
        goto done;
    int64_t cur = s;
    for (size_t k = 0; k + 1 < n; k++) {
        int64_t best = -1;
        double bw = 0;
        for (size_t i = A->out_start[cur]; i < A->out_start[cur + 1]; i++) {
            int64_t v = A->out_nbr[i];
            double w = A->weight[A->out_edge[i]];
            if (w >= B && dist[v] == dist[cur] - 1 && (best < 0 || v < best)) {
                best = v;
                bw = w;
            }
        }
        node[k] = sel->node_of_vertex[cur];
        hop[k] = bw;
        if (limit < 0 && bw == B) limit = (int64_t)k;
        cur = best;
    }
    if (n) {
        node[n - 1] = sel->node_of_vertex[cur];
        hop[n - 1] = NAN;
    }
    flow__table_set_scalar(p, "width", B);
    flow__table_set_scalar(p, "limit", (double)limit);
    describe(p, sel, "widest_path");
    flow__table_set_meta(p, "source", "%s", source);
    flow__table_set_meta(p, "target", "%s", target);
    *out = p;
    p = NULL;
done:
    flow_table_free(p);
    g_free(width);
    g_free(done_v);
    g_free(heap);
    g_free(dist);
    g_free(queue);
    return rc;
}

/* ---- bridges and articulation points -------------------------------------- */

/* Runs igraph_bridges (want_bridges) or igraph_articulation_points on the
 * graph G (a directed one is taken as undirected, reciprocal edges
 * parallel); *ids gets the edge or vertex ids. */
static int undirected_structure(flow_selection *sel, const flow__graph *G, int want_bridges,
                                int64_t **ids, size_t *nids)
{
    flow__gate gate;
    const igraph_t *g;
    igraph_vector_int_t res;
    *ids = NULL;
    *nids = 0;
    int64_t *copy = NULL;
    flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
    igraph_error_t err = flow__igraph_graph(&sel->igraph, G, &g, NULL);
    if (!err) {
        err = igraph_vector_int_init(&res, 0);
        if (!err) {
            err = want_bridges ? igraph_bridges(g, &res) : igraph_articulation_points(g, &res);
            if (!err) {
                size_t k = (size_t)igraph_vector_int_size(&res);
                copy = g_try_new(int64_t, k ? k : 1);
                if (!copy) {
                    err = IGRAPH_ENOMEM;
                } else {
                    for (size_t i = 0; i < k; i++) copy[i] = VECTOR(res)[i];
                    *nids = k;
                }
            }
            igraph_vector_int_destroy(&res);
        }
    }
    int rc = flow__igraph_leave(&gate, err, want_bridges ? "bridges" : "articulation points");
    if (rc < 0) {
        g_free(copy);
        *nids = 0;
        return rc;
    }
    *ids = copy;
    return FLOW_OK;
}

/* Edges of an undirected graph by their ends (lower, then higher). */
static gint cmp_pair(gconstpointer a, gconstpointer b, gpointer data)
{
    const flow__graph *U = data;
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    if (U->from[x] != U->from[y]) return (U->from[x] > U->from[y]) - (U->from[x] < U->from[y]);
    return (U->to[x] > U->to[y]) - (U->to[x] < U->to[y]);
}

int flow_bottleneck_bridges(flow_table **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_bridges: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const flow__graph *U = NULL;
    size_t nb = 0;
    int64_t *ids = NULL, *src = NULL, *tgt = NULL;
    double *w = NULL;
    flow_table *t = NULL;
    if ((rc = flow__selection_undirected(sel, &U)) < 0) goto done;
    if ((rc = undirected_structure(sel, U, 1, &ids, &nb)) < 0) goto done;
    /* pair order: by lower, then higher vertex */
    if (nb > 1) g_qsort_with_data(ids, (gint)nb, sizeof *ids, cmp_pair, (gpointer)U);
    if ((rc = new_edge_table(&t, sel->net, "bridges", nb, 0, &src, &tgt, NULL, &w)) < 0)
        goto done;
    for (size_t i = 0; i < nb; i++) {
        src[i] = sel->node_of_vertex[U->from[ids[i]]];
        tgt[i] = sel->node_of_vertex[U->to[ids[i]]];
        w[i] = U->weight[ids[i]];
    }
    if ((rc = flow__table_sort(t, 2, 1)) < 0) goto done; /* by weight */
    describe(t, sel, "bridges");
    *out = t;
    t = NULL;
done:
    flow_table_free(t);
    g_free(ids);
    return rc;
}

int flow_bottleneck_articulation_points(flow_table **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_articulation_points: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    size_t na = 0;
    int64_t *ids = NULL, *flag = NULL;
    flow_table *t = NULL;
    /* The cut vertices do not depend on how many edges join two vertices:
     * the selection's own graph, directions ignored, has the same ones as
     * its undirected view and needs no collapse. */
    if ((rc = undirected_structure(sel, &sel->graph, 0, &ids, &na)) < 0) goto done;
    if ((rc = flow__selection_new_table(&t, sel, "articulation_points")) < 0 ||
        (rc = flow__table_add_ints(t, "articulation_point", &flag)) < 0)
        goto done;
    for (size_t i = 0; i < na; i++) flag[ids[i]] = 1;
    describe(t, sel, "articulation_points");
    flow__table_set_scalar(t, "count", (double)na);
    *out = t;
    t = NULL;
done:
    flow_table_free(t);
    g_free(ids);
    return rc;
}

/* ---- dominators ----------------------------------------------------------- */

/*
 * The immediate dominator of every arc-graph vertex from `root` (dom[v]:
 * the idom, -1 for the root, -2 when unreachable). With nS > 0 the root is a
 * super-source nv with an arc to every source (pass root = nv).
 */
static int dominator_tree(const flow_selection *sel, const flow__graph *A, const int64_t *S,
                          size_t nS, int64_t root, int64_t *dom)
{
    flow__gate gate;
    igraph_t g;
    igraph_vector_int_t d;
    flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
    igraph_error_t err = super_graph(&g, NULL, A, S, nS, NULL, 0, 0);
    if (!err) {
        err = igraph_vector_int_init(&d, 0);
        if (!err) {
            err = igraph_dominator_tree(&g, (igraph_integer_t)root, &d, NULL, NULL, IGRAPH_OUT);
            if (!err) {
                igraph_integer_t n = igraph_vector_int_size(&d);
                for (igraph_integer_t v = 0; v < n; v++) {
                    igraph_integer_t x = VECTOR(d)[v];
                    dom[v] = v == root ? -1 : x < 0 ? -2 : x;
                }
            }
            igraph_vector_int_destroy(&d);
        }
        igraph_destroy(&g);
    }
    return flow__igraph_leave(&gate, err, "dominator tree");
}

int flow_bottleneck_dominators(flow_table **out, flow_selection *sel, const char *source)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_dominators: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    int64_t root;
    if ((rc = flow__selection_resolve_node(sel, source, "dominators source", &root)) < 0)
        return rc;
    const flow__graph *A = &sel->graph;
    int64_t *dom = NULL, *idom = NULL, *reached = NULL;
    flow_table *t = NULL;
    dom = g_try_new(int64_t, A->nv + 2);
    if (!dom) {
        rc = flow__error_nomem();
        goto done;
    }
    /* super_graph with empty sets adds no vertex: the graph is the arcs'. */
    if ((rc = dominator_tree(sel, A, NULL, 0, root, dom)) < 0) goto done;
    if ((rc = flow__selection_new_table(&t, sel, "dominators")) < 0 ||
        (rc = flow__table_add_nodes(t, "immediate_dominator", &idom)) < 0 ||
        (rc = flow__table_add_ints(t, "reached", &reached)) < 0)
        goto done;
    double nreached = 0;
    for (size_t v = 0; v < A->nv; v++) {
        idom[v] = dom[v] >= 0 ? sel->node_of_vertex[dom[v]] : -1;
        reached[v] = dom[v] != -2;
        nreached += (double)reached[v];
    }
    describe(t, sel, "dominators");
    flow__table_set_meta(t, "source", "%s", source);
    flow__table_set_scalar(t, "reached", nreached);
    *out = t;
    t = NULL;
done:
    g_free(dom);
    flow_table_free(t);
    return rc;
}

/*
 * Every reachable sink's dominators form a chain up the tree to the
 * super-source; their common part is the chain above the sinks' lowest
 * common ancestor L (L included). It is found by marking the first chain
 * and climbing from each further sink to the first marked vertex.
 */
int flow_bottleneck_must_cross(flow_table **out, flow_selection *sel,
                               const char *const *sources, size_t nsources,
                               const char *const *sinks, size_t nsinks)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_must_cross: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    int64_t *S = NULL, *T = NULL, *dom = NULL, *chain = NULL;
    size_t nS = 0, nT = 0;
    const flow__graph *A = &sel->graph;
    double *values = NULL;
    flow_table *tab = NULL;
    uint8_t *role = NULL;
    size_t *pos = NULL;
    if ((rc = resolve_sets(sel, sources, nsources, sinks, nsinks, &S, &nS, &T, &nT)) < 0)
        goto done;
    size_t nv = A->nv, root = nv;
    dom = g_try_new(int64_t, nv + 2);
    chain = g_try_new(int64_t, nv + 2);
    pos = g_try_new(size_t, nv + 2); /* position in chain + 1, 0 = not on it */
    role = g_try_new0(uint8_t, nv + 1);
    values = g_try_new(double, nv ? nv : 1);
    if (!dom || !chain || !pos || !role || !values) {
        rc = flow__error_nomem();
        goto done;
    }
    if ((rc = dominator_tree(sel, A, S, nS, (int64_t)root, dom)) < 0) goto done;
    for (size_t i = 0; i < nS; i++) role[S[i]] = 1;
    for (size_t i = 0; i < nT; i++) role[T[i]] = 1;
    memset(pos, 0, (nv + 2) * sizeof *pos);

    /* chain[0] = the deepest common vertex so far, ..., chain[len-1] = root */
    size_t len = 0, reachable = 0;
    for (size_t i = 0; i < nT; i++) {
        int64_t t = T[i];
        if (dom[t] < 0) continue; /* unreachable */
        reachable++;
        if (len == 0) {
            for (int64_t x = t; x >= 0; x = dom[x]) {
                chain[len++] = x;
                pos[x] = len;
            }
            continue;
        }
        int64_t x = t;
        while (!pos[x]) x = dom[x]; /* the root is marked, so this stops */
        /* drop the chain below x */
        for (size_t k = 0; k + 1 < pos[x]; k++) pos[chain[k]] = 0;
        size_t cut = pos[x] - 1;
        memmove(chain, chain + cut, (len - cut) * sizeof *chain);
        len -= cut;
        for (size_t k = 0; k < len; k++) pos[chain[k]] = k + 1;
    }
    double k = 0;
    if (len == 0) {
        for (size_t v = 0; v < nv; v++) values[v] = NAN;
    } else {
        for (size_t v = 0; v < nv; v++) values[v] = 0;
        /* from the root side down to L, skipping the root, sources and sinks */
        for (size_t j = len; j-- > 0;) {
            int64_t x = chain[j];
            if ((size_t)x == root || role[x]) continue;
            values[x] = ++k;
        }
    }
    rc = vertex_table(&tab, sel, "must_cross", "must_cross", values);
    values = NULL;
    if (rc < 0) goto done;
    names_meta(tab, "sources", sources, nsources);
    names_meta(tab, "sinks", sinks, nsinks);
    flow__table_set_scalar(tab, "count", k);
    flow__table_set_scalar(tab, "reachable_sinks", (double)reachable);
    *out = tab;
done:
    g_free(S);
    g_free(T);
    g_free(dom);
    g_free(chain);
    g_free(pos);
    g_free(role);
    g_free(values);
    return rc;
}

/* ---- critical nodes and edges --------------------------------------------- */

/*
 * Max flow losses. One igraph graph (arcs + super vertices) is built once;
 * removing a vertex or an edge sets the capacity of its arcs to 0 for one
 * max-flow run and restores it. Anything that carries no flow in the base
 * maximum flow is skipped: without it the same flow is still feasible, so
 * the loss is exactly 0.
 */
/* The arcs at vertex x, either way (as arc ids), in out- then in-adjacency
 * order: an undirected edge's two arcs, a directed edge's one. */
static size_t vertex_arcs(const flow__graph *A, size_t x, size_t *arcs)
{
    size_t n = 0;
    for (size_t i = A->out_start[x]; i < A->out_start[x + 1]; i++) {
        size_t e = A->out_edge[i];
        if (A->directed) {
            arcs[n++] = e;
        } else {
            arcs[n++] = 2 * e;
            arcs[n++] = 2 * e + 1;
        }
    }
    for (size_t i = A->in_start[x]; A->directed && i < A->in_start[x + 1]; i++)
        arcs[n++] = A->in_edge[i];
    return n;
}

static int max_flow_losses(const flow_selection *sel, const flow__graph *A, const int64_t *S,
                           size_t nS, const int64_t *T, size_t nT, int nodes, double *loss,
                           double *whole)
{
    double big, base = 0;
    int rc = big_capacity(A, &big);
    if (rc < 0) return rc;
    double *flow = g_try_new(double, arc_count(A) ? arc_count(A) : 1);
    uint8_t *fixed = g_try_new0(uint8_t, A->nv ? A->nv : 1);
    size_t *arcs = g_try_new(size_t, arc_count(A) ? arc_count(A) : 1); /* of one vertex */
    if (!flow || !fixed || !arcs) {
        rc = flow__error_nomem();
        goto done;
    }
    if ((rc = max_flow(sel, A, S, nS, T, nT, big, &base, flow, NULL)) < 0) goto done;
    *whole = base;
    for (size_t i = 0; i < nS; i++) fixed[S[i]] = 1;
    for (size_t i = 0; i < nT; i++) fixed[T[i]] = 1;

    flow__gate gate;
    igraph_t g;
    igraph_vector_t cap;
    flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
    igraph_error_t err = super_graph(&g, &cap, A, S, nS, T, nT, big);
    if (!err) {
        size_t n = nodes ? A->nv : A->ne;
        for (size_t x = 0; x < n && !err; x++) {
            if (flow__igraph_progress(100.0 * (double)x / (double)n,
                                      nodes ? "critical nodes" : "critical edges")) {
                err = IGRAPH_INTERRUPTED;
                break;
            }
            if (nodes && fixed[x]) {
                loss[x] = NAN;
                continue;
            }
            /* the arcs to switch off, and whether any carries flow */
            int carries = 0;
            size_t na = 0;
            if (nodes) {
                na = vertex_arcs(A, x, arcs);
                for (size_t i = 0; i < na; i++) carries |= flow[arcs[i]] != 0;
            } else {
                size_t a = first_arc(A, x);
                carries = flow[a] != 0 || (!A->directed && flow[a + 1] != 0);
            }
            if (!carries) {
                loss[x] = 0;
                continue;
            }
            if (nodes) {
                for (size_t i = 0; i < na; i++) VECTOR(cap)[arcs[i]] = 0;
            } else {
                size_t a = first_arc(A, x);
                VECTOR(cap)[a] = 0;
                if (!A->directed) VECTOR(cap)[a + 1] = 0;
            }
            igraph_real_t v = 0;
            err = igraph_maxflow_value(&g, &v, (igraph_integer_t)A->nv,
                                       (igraph_integer_t)A->nv + 1, &cap, NULL);
            loss[x] = fmax(0, base - v);
            if (nodes) {
                for (size_t i = 0; i < na; i++) VECTOR(cap)[arcs[i]] = arc_weight(A, arcs[i]);
            } else {
                size_t a = first_arc(A, x);
                VECTOR(cap)[a] = arc_weight(A, a);
                if (!A->directed) VECTOR(cap)[a + 1] = arc_weight(A, a + 1);
            }
        }
        igraph_vector_destroy(&cap);
        igraph_destroy(&g);
    }
    rc = flow__igraph_leave(&gate, err, nodes ? "critical nodes" : "critical edges");
done:
    g_free(flow);
    g_free(fixed);
    g_free(arcs);
    return rc;
}

/* Union-find with path halving. */
static int64_t uf_find(int64_t *parent, int64_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/*
 * The heaviest component weight of the main component's edges `me[0..nme)`
 * with vertex `skip_v` (or edge `skip_e`) removed. parent and sum are
 * scratch arrays over the vertices.
 */
static double main_without(const flow_selection *sel, const size_t *me, size_t nme,
                           int64_t skip_v, size_t skip_e, int64_t *parent, double *sum)
{
    const flow__graph *G = &sel->graph;
    for (size_t i = 0; i < nme; i++) {
        size_t e = me[i];
        int64_t u = end1(G, e);
        int64_t v = end2(G, e);
        parent[u] = u;
        parent[v] = v;
        sum[u] = sum[v] = 0;
    }
    for (size_t i = 0; i < nme; i++) {
        size_t e = me[i];
        int64_t u = end1(G, e);
        int64_t v = end2(G, e);
        if (e == skip_e || u == skip_v || v == skip_v) continue;
        int64_t a = uf_find(parent, u), b = uf_find(parent, v);
        if (a != b) parent[b] = a;
    }
    double best = 0;
    for (size_t i = 0; i < nme; i++) {
        size_t e = me[i];
        int64_t u = end1(G, e);
        int64_t v = end2(G, e);
        if (e == skip_e || u == skip_v || v == skip_v) continue;
        int64_t r = uf_find(parent, u);
        sum[r] += G->weight[e];
        if (sum[r] > best) best = sum[r];
    }
    return best;
}

/* Cut vertices (want_bridges 0) or bridges of the selection graph,
 * directions ignored, reciprocal edges parallel. */
static int weak_structure(flow_selection *sel, int want_bridges, uint8_t *mark)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = undirected_structure(sel, &sel->graph, want_bridges, &ids, &n);
    for (size_t i = 0; i < n; i++) mark[ids[i]] = 1;
    g_free(ids);
    return rc;
}

/*
 * Connected flow losses (see bottleneck.h). With C the heaviest weakly
 * connected component's weight and C2 the next component's: removing a
 * vertex that does not split the main component (not a cut vertex) leaves
 * max(C - strength, C2), so its loss is min(strength, C - C2); the same
 * holds for an edge that is not a bridge, with its weight. Cut vertices and
 * bridges of the main component are recounted with a union-find.
 */
static int connected_losses(flow_selection *sel, int nodes, double *loss, double *whole)
{
    const flow__graph *G = &sel->graph;
    size_t nv = sel->nv, ne = G->ne;
    int64_t *parent = g_try_new(int64_t, nv ? nv : 1);
    double *sum = g_try_new0(double, nv ? nv : 1);
    double *strength = g_try_new0(double, nv ? nv : 1);
    uint8_t *mark = g_try_new0(uint8_t, (nodes ? nv : ne) + 1);
    size_t *me = g_try_new(size_t, ne ? ne : 1);
    int rc = FLOW_OK;
    if (!parent || !sum || !strength || !mark || !me) {
        rc = flow__error_nomem();
        goto done;
    }
    const char *what = nodes ? "critical nodes" : "critical edges";
    if (ask_stop(sel, 0, what)) {
        rc = flow__error(FLOW_EINTERRUPTED, "%s: interrupted by the progress callback", what);
        goto done;
    }
    /* components of the whole graph */
    for (size_t v = 0; v < nv; v++) parent[v] = (int64_t)v;
    for (size_t e = 0; e < ne; e++) {
        int64_t u = end1(G, e);
        int64_t v = end2(G, e);
        double w = G->weight[e];
        strength[u] += w;
        strength[v] += w;
        int64_t a = uf_find(parent, u), b = uf_find(parent, v);
        if (a != b) parent[b] = a;
    }
    for (size_t e = 0; e < ne; e++) {
        int64_t u = end1(G, e);
        sum[uf_find(parent, u)] += G->weight[e];
    }
    int64_t main_root = -1;
    double C = 0, C2 = 0;
    for (size_t v = 0; v < nv; v++) {
        if (parent[v] != (int64_t)v || sum[v] == 0) continue;
        if (main_root < 0 || sum[v] > C) {
            if (main_root >= 0) C2 = fmax(C2, C);
            main_root = (int64_t)v;
            C = sum[v];
        } else {
            C2 = fmax(C2, sum[v]);
        }
    }
    size_t n = nodes ? nv : ne;
    for (size_t x = 0; x < n; x++) loss[x] = 0;
    *whole = C;
    if (main_root < 0) goto done; /* no edges: nothing to lose */
    /* component membership must be read before main_without() reuses parent */
    size_t nme = 0;
    uint8_t *in_main = g_try_new0(uint8_t, nv);
    if (!in_main) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t v = 0; v < nv; v++) in_main[v] = uf_find(parent, (int64_t)v) == main_root;
    for (size_t e = 0; e < ne; e++)
        if (in_main[end1(G, e)]) me[nme++] = e;
    if ((rc = weak_structure(sel, !nodes, mark)) < 0) {
        g_free(in_main);
        goto done;
    }
    int last = -1;
    for (size_t x = 0; x < n; x++) {
        int pct = (int)(100.0 * (double)x / (double)n);
        if (pct != last) {
            last = pct;
            if (ask_stop(sel, pct, what)) {
                rc = flow__error(FLOW_EINTERRUPTED, "%s: interrupted by the progress callback",
                                 what);
                break;
            }
        }
        int64_t end = nodes ? (int64_t)x : end1(G, x);
        if (!in_main[end]) continue;
        double own = nodes ? strength[x] : G->weight[x];
        if (nodes && own == 0) continue;
        if (!mark[x]) {
            loss[x] = fmin(own, C - C2);
        } else {
            double rest = nodes ? main_without(sel, me, nme, (int64_t)x, (size_t)-1, parent, sum)
                                : main_without(sel, me, nme, -1, x, parent, sum);
            loss[x] = fmax(0, C - fmax(rest, C2));
        }
    }
    g_free(in_main);
done:
    g_free(parent);
    g_free(sum);
    g_free(strength);
    g_free(mark);
    g_free(me);
    return rc;
}

/* Shared front of the two critical rankings: the selection, the sets. */
static int critical(flow_selection *sel, const char *const *sources, size_t nsources,
                    const char *const *sinks, size_t nsinks, int nodes, double **loss_out,
                    double *whole)
{
    *loss_out = NULL;
    *whole = 0;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const char *what = nodes ? "critical nodes" : "critical edges";
    if ((nsources == 0) != (nsinks == 0))
        return flow__error(FLOW_EINVAL, "%s: give both sources and sinks, or neither", what);
    size_t n = nodes ? sel->nv : sel->graph.ne;
    double *loss = g_try_new(double, n ? n : 1);
    if (!loss) return flow__error_nomem();
    if (nsources == 0) {
        rc = connected_losses(sel, nodes, loss, whole);
    } else {
        int64_t *S = NULL, *T = NULL;
        size_t nS = 0, nT = 0;
        rc = resolve_sets(sel, sources, nsources, sinks, nsinks, &S, &nS, &T, &nT);
        if (rc == FLOW_OK)
            rc = max_flow_losses(sel, &sel->graph, S, nS, T, nT, nodes, loss, whole);
        g_free(S);
        g_free(T);
    }
    if (rc < 0) {
        g_free(loss);
        return rc;
    }
    *loss_out = loss;
    return FLOW_OK;
}

/* The measure, scalar and metadata of the critical rankings. */
static void critical_meta(flow_table *t, const char *const *sources, size_t nsources,
                          const char *const *sinks, size_t nsinks, double whole)
{
    if (nsources) {
        names_meta(t, "sources", sources, nsources);
        names_meta(t, "sinks", sinks, nsinks);
    }
    flow__table_set_scalar(t, nsources ? "max_flow" : "connected_flow", whole);
}

int flow_bottleneck_critical_nodes(flow_table **out, flow_selection *sel,
                                   const char *const *sources, size_t nsources,
                                   const char *const *sinks, size_t nsinks)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_critical_nodes: out is NULL");
    *out = NULL;
    double *loss = NULL, whole = 0;
    int rc = critical(sel, sources, nsources, sinks, nsinks, 1, &loss, &whole);
    if (rc < 0) return rc;
    rc = vertex_table(out, sel, "critical_nodes",
                      nsources ? "max_flow_loss" : "connected_flow_loss", loss);
    if (rc == FLOW_OK) critical_meta(*out, sources, nsources, sinks, nsinks, whole);
    return rc;
}

int flow_bottleneck_critical_edges(flow_table **out, flow_selection *sel,
                                   const char *const *sources, size_t nsources,
                                   const char *const *sinks, size_t nsinks)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_critical_edges: out is NULL");
    *out = NULL;
    double *loss = NULL, whole = 0;
    int rc = critical(sel, sources, nsources, sinks, nsinks, 0, &loss, &whole);
    if (rc < 0) return rc;
    rc = all_edges_table(out, sel, "critical_edges",
                         nsources ? "max_flow_loss" : "connected_flow_loss", loss);
    if (rc == FLOW_OK) critical_meta(*out, sources, nsources, sinks, nsinks, whole);
    return rc;
}

/* ---- edge betweenness ------------------------------------------------------ */

int flow_bottleneck_edge_betweenness(flow_table **out, flow_selection *sel, int length)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_edge_betweenness: out is NULL");
    *out = NULL;
    if (length != FLOW_LENGTH_INVERSE && length != FLOW_LENGTH_UNIT &&
        length != FLOW_LENGTH_WEIGHT)
        return flow__error(FLOW_EINVAL, "edge betweenness: unknown length mode %d (use "
                                        "FLOW_LENGTH_INVERSE, FLOW_LENGTH_UNIT or "
                                        "FLOW_LENGTH_WEIGHT)",
                           length);
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const flow__graph *G = &sel->graph;
    size_t ne = G->ne;
    for (size_t e = 0; length == FLOW_LENGTH_INVERSE && e < ne; e++)
        if (!isfinite(1 / G->weight[e]))
            return flow__error(FLOW_ELIMIT, "edge betweenness: weight %g is too small for a "
                                            "finite length 1 / weight",
                               G->weight[e]);
    double *bw = g_try_new(double, ne ? ne : 1);
    if (!bw) return flow__error_nomem();

    flow__gate gate;
    const igraph_t *g;
    igraph_vector_t res, len;
    int have_len = 0;
    flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
    igraph_error_t err = flow__igraph_graph(&sel->igraph, G, &g, NULL);
    if (!err && length != FLOW_LENGTH_UNIT) {
        err = igraph_vector_init(&len, (igraph_integer_t)ne);
        have_len = err == IGRAPH_SUCCESS;
        double lmin = INFINITY, cap = DBL_MAX / ((double)ne + 1);
        for (size_t e = 0; have_len && e < ne; e++) {
            double w = G->weight[e];
            VECTOR(len)[e] = length == FLOW_LENGTH_INVERSE ? 1 / w : w;
            lmin = fmin(lmin, VECTOR(len)[e]);
        }
        /* divided by the shortest, as centrality's path measures do
         * (centrality.c, edge_values: igraph loses lengths below 1e-16);
         * betweenness does not change */
        for (size_t e = 0; have_len && e < ne; e++) {
            VECTOR(len)[e] /= lmin;
            if (!(VECTOR(len)[e] <= cap)) VECTOR(len)[e] = cap;
        }
    }
    if (!err) {
        err = igraph_vector_init(&res, 0);
        if (!err) {
            err = igraph_edge_betweenness(g, &res, sel->directed ? 1 : 0,
                                          have_len ? &len : NULL);
            if (!err)
                for (size_t e = 0; e < ne; e++) bw[e] = VECTOR(res)[e];
            igraph_vector_destroy(&res);
        }
    }
    if (have_len) igraph_vector_destroy(&len);
    rc = flow__igraph_leave(&gate, err, "edge betweenness");
    if (rc < 0) {
        g_free(bw);
        return rc;
    }
    rc = all_edges_table(out, sel, "edge_betweenness", "edge_betweenness", bw);
    if (rc == FLOW_OK)
        flow__table_set_meta(*out, "length", "%s", flow_registry_name("length", length));
    return rc;
}

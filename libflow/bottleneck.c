/*
 * Bottlenecks (see bottleneck.h): max flow / min cut between vertex sets,
 * widest paths, bridges and articulation points, dominators, critical nodes
 * and edges, edge betweenness.
 *
 * Outline. Every analysis starts from the selection's graph copied into
 * plain arrays of arcs (an undirected edge becomes two arcs, one each way,
 * each with the edge's full weight), so that the work that igraph does not
 * offer (the widest path, the connected-flow losses, the by-factor cut
 * listing) runs outside the igraph gate, and the igraph calls inside it only
 * see graphs built from those arrays. Max flow always runs on the directed
 * arc graph plus a super-source and a super-sink: igraph then needs no
 * undirected special case, and a cut arc maps back to exactly one selection
 * edge.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <igraph.h>

#include "libflow/bottleneck.h"
#include "error_internal.h"
#include "igraph_gate.h"
#include "network_internal.h"
#include "result_internal.h"
#include "selection_internal.h"

#define CUT_MAGIC 0x43555421u  /* "CUT!" */
#define PATH_MAGIC 0x50415448u /* "PATH" */

/* ---- the selection as arcs ------------------------------------------------ */

typedef struct {
    size_t nv;    /* vertices */
    size_t ne;    /* selection edges */
    size_t na;    /* arcs: ne (directed) or 2 ne (undirected) */
    int both;     /* undirected: arc 2e is edge e as stored, 2e + 1 reversed */
    int64_t *from, *to;
    double *w;
} arcs;

static size_t edge_of(const arcs *A, size_t a) { return A->both ? a / 2 : a; }

static void arcs_clear(arcs *A)
{
    g_free(A->from);
    g_free(A->to);
    g_free(A->w);
    memset(A, 0, sizeof *A);
}

/* The selection must be built. Reads the igraph graph's edge vectors only
 * (no igraph call), like the selection's own accessors. */
static int arcs_init(arcs *A, const flow_selection *sel)
{
    memset(A, 0, sizeof *A);
    A->nv = sel->nv;
    A->ne = (size_t)igraph_ecount(&sel->graph);
    A->both = !sel->directed;
    A->na = A->both ? 2 * A->ne : A->ne;
    size_t n = A->na ? A->na : 1;
    A->from = g_try_new(int64_t, n);
    A->to = g_try_new(int64_t, n);
    A->w = g_try_new(double, n);
    if (!A->from || !A->to || !A->w) {
        arcs_clear(A);
        return flow__error_nomem();
    }
    for (size_t e = 0; e < A->ne; e++) {
        int64_t u = IGRAPH_FROM(&sel->graph, (igraph_integer_t)e);
        int64_t v = IGRAPH_TO(&sel->graph, (igraph_integer_t)e);
        double w = VECTOR(sel->weights)[e];
        size_t a = A->both ? 2 * e : e;
        A->from[a] = u;
        A->to[a] = v;
        A->w[a] = w;
        if (A->both) {
            A->from[a + 1] = v;
            A->to[a + 1] = u;
            A->w[a + 1] = w;
        }
    }
    return FLOW_OK;
}

/* Arcs grouped by tail (out) or head (in) vertex: arcs of v are
 * arc[start[v] .. start[v + 1]), in arc order. */
typedef struct {
    size_t *start;
    size_t *arc;
} csr;

static void csr_clear(csr *c)
{
    g_free(c->start);
    g_free(c->arc);
    c->start = NULL;
    c->arc = NULL;
}

static int csr_init(csr *c, const arcs *A, int incoming)
{
    const int64_t *key = incoming ? A->to : A->from;
    c->start = g_try_new0(size_t, A->nv + 1);
    c->arc = g_try_new(size_t, A->na ? A->na : 1);
    if (!c->start || !c->arc) {
        csr_clear(c);
        return flow__error_nomem();
    }
    for (size_t a = 0; a < A->na; a++) c->start[key[a] + 1]++;
    for (size_t v = 0; v < A->nv; v++) c->start[v + 1] += c->start[v];
    size_t *fill = g_try_new(size_t, A->nv ? A->nv : 1);
    if (!fill) {
        csr_clear(c);
        return flow__error_nomem();
    }
    if (A->nv) memcpy(fill, c->start, A->nv * sizeof *fill);
    for (size_t a = 0; a < A->na; a++) c->arc[fill[key[a]]++] = a;
    g_free(fill);
    return FLOW_OK;
}

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
static igraph_error_t super_graph(igraph_t *g, igraph_vector_t *cap, const arcs *A,
                                  const int64_t *S, size_t nS, const int64_t *T, size_t nT,
                                  double big)
{
    size_t extra = nS + nT ? 2 : 0;
    size_t m = A->na + nS + nT;
    igraph_vector_int_t ends;
    igraph_error_t err = igraph_vector_int_init(&ends, (igraph_integer_t)(2 * m));
    if (err) return err;
    for (size_t a = 0; a < A->na; a++) {
        VECTOR(ends)[2 * a] = A->from[a];
        VECTOR(ends)[2 * a + 1] = A->to[a];
    }
    size_t k = A->na;
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
    for (size_t a = 0; a < A->na; a++) VECTOR(*cap)[a] = A->w[a];
    for (size_t a = A->na; a < m; a++) VECTOR(*cap)[a] = big;
    return IGRAPH_SUCCESS;
}

/* A capacity larger than any cut of real arcs: 2 * total + 1 (the doubling
 * keeps it above the total where adding 1 would be lost to rounding). */
static int big_capacity(const arcs *A, double *big)
{
    double total = 0;
    for (size_t a = 0; a < A->na; a++) total += A->w[a];
    *big = 2 * total + 1;
    if (!isfinite(*big))
        return flow__error(FLOW_ELIMIT, "max flow: the total weight of the selection (%g) is "
                                        "too large for a finite super-source capacity",
                           total);
    return FLOW_OK;
}

/*
 * One max flow from the super-source to the super-sink. Fills the value,
 * the flow on each real arc (flow[na], may be NULL) and the side of each
 * selection vertex (side[nv]: 1 = source side, may be NULL).
 */
static int max_flow(const flow_selection *sel, const arcs *A, const int64_t *S, size_t nS,
                    const int64_t *T, size_t nT, double big, double *value, double *flow,
                    uint8_t *side)
{
    flow__gate gate;
    igraph_t g;
    igraph_vector_t cap, fl;
    igraph_vector_int_t part;
    int have_fl = 0, have_part = 0;
    igraph_real_t val = 0;

    flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
    igraph_error_t err = super_graph(&g, &cap, A, S, nS, T, nT, big);
    if (err == IGRAPH_SUCCESS) {
        err = igraph_vector_init(&fl, 0);
        have_fl = err == IGRAPH_SUCCESS;
        if (!err) err = igraph_vector_int_init(&part, 0);
        have_part = have_fl && err == IGRAPH_SUCCESS;
        if (!err)
            err = igraph_maxflow(&g, &val, &fl, NULL, &part, NULL, (igraph_integer_t)A->nv,
                                 (igraph_integer_t)A->nv + 1, &cap, NULL);
        if (!err) {
            *value = val;
            if (flow)
                for (size_t a = 0; a < A->na; a++) flow[a] = VECTOR(fl)[a];
            if (side) {
                memset(side, 0, A->nv);
                /* igraph's first partition: the vertices that cannot reach
                 * the super-sink in the residual graph. */
                for (igraph_integer_t i = 0; i < igraph_vector_int_size(&part); i++) {
                    igraph_integer_t v = VECTOR(part)[i];
                    if (v < (igraph_integer_t)A->nv) side[v] = 1;
                }
            }
        }
        if (have_part) igraph_vector_int_destroy(&part);
        if (have_fl) igraph_vector_destroy(&fl);
        igraph_vector_destroy(&cap);
        igraph_destroy(&g);
    }
    return flow__igraph_leave(&gate, err, "max flow");
}

/* ---- the cut handle ------------------------------------------------------- */

typedef struct {
    int64_t u, v;  /* selection vertices, u on the source side */
    size_t edge;   /* selection edge */
    int64_t factor;
    double weight; /* the selection edge's weight */
    double value;  /* cut edges: = weight; by factor: the factor's part; flows: flow */
} item;

struct flow_cut {
    uint32_t magic;
    flow_network *net; /* referenced */
    size_t nv;
    int64_t *node_of_vertex;
    uint8_t *side;
    double value;
    GArray *cut;       /* item, the cut edges */
    GArray *by_factor; /* item */
    GArray *flows;     /* item */
};

static int cut_ok(const flow_cut *c) { return c && c->magic == CUT_MAGIC; }

void flow_cut_free(flow_cut *cut)
{
    if (!cut_ok(cut)) return;
    flow__network_unref(cut->net);
    g_free(cut->node_of_vertex);
    g_free(cut->side);
    if (cut->cut) g_array_free(cut->cut, TRUE);
    if (cut->by_factor) g_array_free(cut->by_factor, TRUE);
    if (cut->flows) g_array_free(cut->flows, TRUE);
    cut->magic = 0;
    g_free(cut);
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

/* qsort of a GArray of items (whose data is NULL while empty). */
static void sort_items(GArray *a, int (*cmp)(const void *, const void *))
{
    if (a->len > 1) qsort(a->data, a->len, sizeof(item), cmp);
}

static uint64_t pair_key(int64_t u, int64_t v) { return (uint64_t)u << 32 | (uint64_t)v; }

/* The kept network flows between the ends of each cut edge, per factor. */
static int split_by_factor(flow_cut *c, const flow_selection *sel)
{
    const flow_network *net = sel->net;
    size_t ncut = c->cut->len;
    if (ncut == 0) return FLOW_OK;
    int64_t *keys = g_try_new(int64_t, ncut); /* the table's keys point here */
    if (!keys) return flow__error_nomem();
    GHashTable *where = g_hash_table_new(g_int64_hash, g_int64_equal);
    for (size_t i = 0; i < ncut; i++) {
        const item *it = &g_array_index(c->cut, item, i);
        int64_t u = it->u, v = it->v;
        if (sel->directed == 0 && u > v) {
            int64_t t = u;
            u = v;
            v = t;
        }
        keys[i] = (int64_t)pair_key(u, v);
        g_hash_table_insert(where, &keys[i], GSIZE_TO_POINTER(i + 1));
    }
    GArray *parts = g_array_new(FALSE, FALSE, sizeof(part));
    for (size_t k = 0; k < net->nflows; k++) {
        if (!flow__selection_keeps(sel, k)) continue;
        int64_t u = sel->vertex_of_node[net->src[k]], v = sel->vertex_of_node[net->tgt[k]];
        if (u == v) continue;
        if (sel->directed == 0 && u > v) {
            int64_t t = u;
            u = v;
            v = t;
        }
        int64_t key = (int64_t)pair_key(u, v);
        size_t i = GPOINTER_TO_SIZE(g_hash_table_lookup(where, &key));
        if (!i) continue;
        part p = {i - 1, net->fac[k], k, net->weight[k] * sel->factor_scale[net->fac[k]]};
        g_array_append_val(parts, p);
    }
    g_hash_table_destroy(where);
    g_free(keys);
    if (parts->len > 1) qsort(parts->data, parts->len, sizeof(part), cmp_part);
    for (guint j = 0; j < parts->len;) {
        const part *p = &g_array_index(parts, part, j);
        double sum = 0;
        guint k = j;
        for (; k < parts->len && g_array_index(parts, part, k).cut == p->cut &&
               g_array_index(parts, part, k).factor == p->factor;
             k++)
            sum += g_array_index(parts, part, k).w;
        item it = g_array_index(c->cut, item, p->cut);
        it.factor = p->factor;
        it.value = sum;
        g_array_append_val(c->by_factor, it);
        j = k;
    }
    g_array_free(parts, TRUE);
    /* parts were grouped by cut edge in cut order: sort each run. */
    for (guint j = 0; j < c->by_factor->len;) {
        size_t cu = g_array_index(c->by_factor, item, j).edge;
        guint k = j;
        while (k < c->by_factor->len && g_array_index(c->by_factor, item, k).edge == cu) k++;
        qsort(&g_array_index(c->by_factor, item, j), k - j, sizeof(item), cmp_factor_item);
        j = k;
    }
    return FLOW_OK;
}

int flow_bottleneck_min_cut(flow_cut **out, flow_selection *sel, const char *const *sources,
                            size_t nsources, const char *const *sinks, size_t nsinks)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_min_cut: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    int64_t *S = NULL, *T = NULL;
    size_t nS = 0, nT = 0;
    arcs A = {0};
    double *flow = NULL;
    uint8_t *side = NULL;
    flow_cut *c = NULL;

    if ((rc = resolve_sets(sel, sources, nsources, sinks, nsinks, &S, &nS, &T, &nT)) < 0)
        goto done;
    if ((rc = arcs_init(&A, sel)) < 0) goto done;
    double big, value = 0;
    if ((rc = big_capacity(&A, &big)) < 0) goto done;
    flow = g_try_new(double, A.na ? A.na : 1);
    side = g_try_new0(uint8_t, A.nv ? A.nv : 1);
    if (!flow || !side) {
        rc = flow__error_nomem();
        goto done;
    }
    if ((rc = max_flow(sel, &A, S, nS, T, nT, big, &value, flow, side)) < 0) goto done;
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

    c = g_try_new0(flow_cut, 1);
    int64_t *nodes = g_try_new(int64_t, A.nv ? A.nv : 1);
    if (!c || !nodes) {
        g_free(nodes);
        rc = flow__error_nomem();
        goto done;
    }
    c->magic = CUT_MAGIC;
    c->net = flow__network_ref(sel->net);
    c->nv = A.nv;
    if (A.nv) memcpy(nodes, sel->node_of_vertex, A.nv * sizeof *nodes);
    c->node_of_vertex = nodes;
    c->side = side;
    side = NULL;
    c->value = value;
    c->cut = g_array_new(FALSE, FALSE, sizeof(item));
    c->by_factor = g_array_new(FALSE, FALSE, sizeof(item));
    c->flows = g_array_new(FALSE, FALSE, sizeof(item));
    for (size_t a = 0; a < A.na; a++) {
        if (c->side[A.from[a]] && !c->side[A.to[a]]) {
            item it = {A.from[a], A.to[a], edge_of(&A, a), -1, A.w[a], A.w[a]};
            g_array_append_val(c->cut, it);
        }
    }
    sort_items(c->cut, cmp_cut_item);
    /* The flow on each selection edge, oriented along it. */
    for (size_t e = 0; e < A.ne; e++) {
        size_t a = A.both ? 2 * e : e;
        double f = A.both ? flow[a] - flow[a + 1] : flow[a];
        if (f == 0) continue;
        if (f > 0) {
            item it = {A.from[a], A.to[a], e, -1, A.w[a], f};
            g_array_append_val(c->flows, it);
        } else {
            item it = {A.to[a], A.from[a], e, -1, A.w[a], -f};
            g_array_append_val(c->flows, it);
        }
    }
    sort_items(c->flows, cmp_flow_item);
    if ((rc = split_by_factor(c, sel)) < 0) goto done;
    *out = c;
    c = NULL;
done:
    flow_cut_free(c);
    g_free(S);
    g_free(T);
    g_free(flow);
    g_free(side);
    arcs_clear(&A);
    return rc;
}

double flow_cut_value(const flow_cut *cut) { return cut_ok(cut) ? cut->value : NAN; }
size_t flow_cut_node_count(const flow_cut *cut) { return cut_ok(cut) ? cut->nv : 0; }

int64_t flow_cut_node(const flow_cut *cut, size_t v)
{
    return cut_ok(cut) && v < cut->nv ? cut->node_of_vertex[v] : -1;
}

int flow_cut_side(const flow_cut *cut, size_t v)
{
    return cut_ok(cut) && v < cut->nv ? cut->side[v] : -1;
}

size_t flow_cut_edge_count(const flow_cut *cut) { return cut_ok(cut) ? cut->cut->len : 0; }

static const item *cut_item(const flow_cut *cut, size_t i)
{
    return cut_ok(cut) && i < cut->cut->len ? &g_array_index(cut->cut, item, i) : NULL;
}

int64_t flow_cut_edge_source(const flow_cut *cut, size_t i)
{
    const item *it = cut_item(cut, i);
    return it ? cut->node_of_vertex[it->u] : -1;
}

int64_t flow_cut_edge_target(const flow_cut *cut, size_t i)
{
    const item *it = cut_item(cut, i);
    return it ? cut->node_of_vertex[it->v] : -1;
}

const char *flow_cut_edge_source_id(const flow_cut *cut, size_t i)
{
    const item *it = cut_item(cut, i);
    return it ? flow_network_node_id(cut->net, (size_t)cut->node_of_vertex[it->u]) : NULL;
}

const char *flow_cut_edge_target_id(const flow_cut *cut, size_t i)
{
    const item *it = cut_item(cut, i);
    return it ? flow_network_node_id(cut->net, (size_t)cut->node_of_vertex[it->v]) : NULL;
}

double flow_cut_edge_weight(const flow_cut *cut, size_t i)
{
    const item *it = cut_item(cut, i);
    return it ? it->weight : NAN;
}

/* The cut keeps its own vertex -> node map, so its edge lists are built
 * from network nodes and outlive the selection. */
static int edges_from_items(flow_edges **out, const flow_cut *cut, const char *measure,
                            const GArray *items)
{
    flow_edges *e = NULL;
    int rc = flow__edges_new_net(&e, cut->net, measure);
    if (rc < 0) return rc;
    for (guint i = 0; i < items->len; i++) {
        const item *it = &g_array_index(items, item, i);
        if ((rc = flow__edges_push_nodes(e, cut->node_of_vertex[it->u],
                                         cut->node_of_vertex[it->v], it->factor, it->weight,
                                         it->value)) < 0) {
            flow_edges_free(e);
            return rc;
        }
    }
    *out = e;
    return FLOW_OK;
}

int flow_cut_edges(flow_edges **out, const flow_cut *cut)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cut_edges: out is NULL");
    *out = NULL;
    if (!cut_ok(cut)) return flow__error(FLOW_EMISUSE, "cut handle is NULL or invalid");
    return edges_from_items(out, cut, "cut_flow", cut->by_factor);
}

int flow_cut_flows(flow_edges **out, const flow_cut *cut)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cut_flows: out is NULL");
    *out = NULL;
    if (!cut_ok(cut)) return flow__error(FLOW_EMISUSE, "cut handle is NULL or invalid");
    return edges_from_items(out, cut, "max_flow", cut->flows);
}

/* ---- widest path ---------------------------------------------------------- */

struct flow_path {
    uint32_t magic;
    flow_network *net; /* referenced */
    size_t n;          /* vertices on the path */
    int64_t *vertex, *node;
    double *hop;       /* n - 1 edge weights */
    double width;
    int64_t limit;     /* hop index or -1 */
};

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

void flow_path_free(flow_path *p)
{
    if (!p || p->magic != PATH_MAGIC) return;
    flow__network_unref(p->net);
    g_free(p->vertex);
    g_free(p->node);
    g_free(p->hop);
    p->magic = 0;
    g_free(p);
}

/*
 * Three passes: a max-min Dijkstra gives the width B; a breadth-first
 * search backwards from the target over the arcs of weight >= B gives each
 * vertex's hop distance to the target; walking forwards from the source to
 * the smallest-index neighbour one hop closer gives the fewest-hop,
 * lexicographically smallest path of width B.
 */
int flow_bottleneck_widest_path(flow_path **out, flow_selection *sel, const char *source,
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

    arcs A = {0};
    csr out_arcs = {0}, in_arcs = {0};
    double *width = NULL;
    uint8_t *done_v = NULL;
    heap_item *heap = NULL;
    int64_t *dist = NULL, *queue = NULL;
    flow_path *p = NULL;
    if ((rc = arcs_init(&A, sel)) < 0) goto done;
    if ((rc = csr_init(&out_arcs, &A, 0)) < 0) goto done;
    if ((rc = csr_init(&in_arcs, &A, 1)) < 0) goto done;
    size_t nv = A.nv;
    width = g_try_new(double, nv);
    done_v = g_try_new0(uint8_t, nv);
    heap = g_try_new(heap_item, A.na + 1);
    dist = g_try_new(int64_t, nv);
    queue = g_try_new(int64_t, nv);
    p = g_try_new0(flow_path, 1);
    if (!width || !done_v || !heap || !dist || !queue || !p) {
        rc = flow__error_nomem();
        goto done;
    }
    p->magic = PATH_MAGIC;
    p->net = flow__network_ref(sel->net);
    p->limit = -1;

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
        for (size_t i = out_arcs.start[u]; i < out_arcs.start[u + 1]; i++) {
            size_t a = out_arcs.arc[i];
            int64_t v = A.to[a];
            double c = fmin(top.key, A.w[a]);
            if (!done_v[v] && c > width[v]) {
                width[v] = c;
                heap_push(heap, &hn, c, v);
            }
        }
    }
    if (!done_v[t]) { /* no path: the empty path */
        p->width = 0;
        *out = p;
        p = NULL;
        goto done;
    }
    double B = width[t];

    /* 2. hop distances to the target over arcs of weight >= B */
    for (size_t v = 0; v < nv; v++) dist[v] = -1;
    size_t qh = 0, qt = 0;
    dist[t] = 0;
    queue[qt++] = t;
    while (qh < qt) {
        int64_t v = queue[qh++];
        for (size_t i = in_arcs.start[v]; i < in_arcs.start[v + 1]; i++) {
            size_t a = in_arcs.arc[i];
            int64_t u = A.from[a];
            if (A.w[a] >= B && dist[u] < 0) {
                dist[u] = dist[v] + 1;
                queue[qt++] = u;
            }
        }
    }

    /* 3. the path */
    size_t n = (size_t)dist[s] + 1;
    p->n = n;
    p->vertex = g_try_new(int64_t, n);
    p->node = g_try_new(int64_t, n);
    p->hop = g_try_new(double, n);
    if (!p->vertex || !p->node || !p->hop) {
        rc = flow__error_nomem();
        goto done;
    }
    int64_t cur = s;
    for (size_t k = 0; k + 1 < n; k++) {
        int64_t best = -1;
        double bw = 0;
        for (size_t i = out_arcs.start[cur]; i < out_arcs.start[cur + 1]; i++) {
            size_t a = out_arcs.arc[i];
            int64_t v = A.to[a];
            if (A.w[a] >= B && dist[v] == dist[cur] - 1 && (best < 0 || v < best)) {
                best = v;
                bw = A.w[a];
            }
        }
        p->vertex[k] = cur;
        p->hop[k] = bw;
        if (p->limit < 0 && bw == B) p->limit = (int64_t)k;
        cur = best;
    }
    p->vertex[n - 1] = cur;
    for (size_t k = 0; k < n; k++) p->node[k] = sel->node_of_vertex[p->vertex[k]];
    p->width = B;
    *out = p;
    p = NULL;
done:
    flow_path_free(p);
    arcs_clear(&A);
    csr_clear(&out_arcs);
    csr_clear(&in_arcs);
    g_free(width);
    g_free(done_v);
    g_free(heap);
    g_free(dist);
    g_free(queue);
    return rc;
}

static int path_ok(const flow_path *p) { return p && p->magic == PATH_MAGIC; }

size_t flow_path_count(const flow_path *p) { return path_ok(p) ? p->n : 0; }

int64_t flow_path_vertex(const flow_path *p, size_t i)
{
    return path_ok(p) && i < p->n ? p->vertex[i] : -1;
}

int64_t flow_path_node(const flow_path *p, size_t i)
{
    return path_ok(p) && i < p->n ? p->node[i] : -1;
}

const char *flow_path_id(const flow_path *p, size_t i)
{
    return path_ok(p) && i < p->n ? flow_network_node_id(p->net, (size_t)p->node[i]) : NULL;
}

double flow_path_edge_weight(const flow_path *p, size_t i)
{
    return path_ok(p) && i + 1 < p->n ? p->hop[i] : NAN;
}

double flow_path_width(const flow_path *p) { return path_ok(p) ? p->width : NAN; }

int64_t flow_path_limit(const flow_path *p) { return path_ok(p) ? p->limit : -1; }

int64_t flow_path_limit_source(const flow_path *p)
{
    return path_ok(p) && p->limit >= 0 ? p->node[p->limit] : -1;
}

int64_t flow_path_limit_target(const flow_path *p)
{
    return path_ok(p) && p->limit >= 0 ? p->node[p->limit + 1] : -1;
}

const char *flow_path_limit_source_id(const flow_path *p)
{
    int64_t n = flow_path_limit_source(p);
    return n >= 0 ? flow_network_node_id(p->net, (size_t)n) : NULL;
}

const char *flow_path_limit_target_id(const flow_path *p)
{
    int64_t n = flow_path_limit_target(p);
    return n >= 0 ? flow_network_node_id(p->net, (size_t)n) : NULL;
}

double flow_path_limit_weight(const flow_path *p)
{
    return path_ok(p) && p->limit >= 0 ? p->hop[p->limit] : NAN;
}

/* ---- bridges and articulation points -------------------------------------- */

typedef struct {
    int64_t lo, hi;
    size_t edge;
    double w;
} upair;

static int cmp_upair(const void *a, const void *b)
{
    const upair *x = a, *y = b;
    if (x->lo != y->lo) return (x->lo > y->lo) - (x->lo < y->lo);
    if (x->hi != y->hi) return (x->hi > y->hi) - (x->hi < y->hi);
    return (x->edge > y->edge) - (x->edge < y->edge);
}

/* The undirected simple version of the selection: distinct pairs {lo < hi}
 * sorted, with the weights of both directions summed (in edge order). */
static int collapse(const flow_selection *sel, upair **out, size_t *n)
{
    size_t ne = (size_t)igraph_ecount(&sel->graph);
    upair *u = g_try_new(upair, ne ? ne : 1);
    if (!u) return flow__error_nomem();
    for (size_t e = 0; e < ne; e++) {
        int64_t a = IGRAPH_FROM(&sel->graph, (igraph_integer_t)e);
        int64_t b = IGRAPH_TO(&sel->graph, (igraph_integer_t)e);
        u[e].lo = a < b ? a : b;
        u[e].hi = a < b ? b : a;
        u[e].edge = e;
        u[e].w = VECTOR(sel->weights)[e];
    }
    qsort(u, ne, sizeof *u, cmp_upair);
    size_t k = 0;
    for (size_t e = 0; e < ne; e++) {
        if (k > 0 && u[k - 1].lo == u[e].lo && u[k - 1].hi == u[e].hi)
            u[k - 1].w += u[e].w;
        else
            u[k++] = u[e];
    }
    *out = u;
    *n = k;
    return FLOW_OK;
}

/* Inside the gate: an undirected igraph graph of the pairs. */
static igraph_error_t pair_graph(igraph_t *g, const upair *u, size_t n, size_t nv)
{
    igraph_vector_int_t ends;
    igraph_error_t err = igraph_vector_int_init(&ends, (igraph_integer_t)(2 * n));
    if (err) return err;
    for (size_t i = 0; i < n; i++) {
        VECTOR(ends)[2 * i] = u[i].lo;
        VECTOR(ends)[2 * i + 1] = u[i].hi;
    }
    err = igraph_create(g, &ends, (igraph_integer_t)nv, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&ends);
    return err;
}

/* Runs igraph_bridges (want_bridges) or igraph_articulation_points on the
 * collapsed graph; *ids gets the edge (pair) or vertex ids. */
static int undirected_structure(const flow_selection *sel, const upair *u, size_t n,
                                int want_bridges, int64_t **ids, size_t *nids)
{
    flow__gate gate;
    igraph_t g;
    igraph_vector_int_t res;
    *ids = NULL;
    *nids = 0;
    int64_t *copy = NULL;
    flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
    igraph_error_t err = pair_graph(&g, u, n, sel->nv);
    if (!err) {
        err = igraph_vector_int_init(&res, 0);
        if (!err) {
            err = want_bridges ? igraph_bridges(&g, &res) : igraph_articulation_points(&g, &res);
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
        igraph_destroy(&g);
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

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int flow_bottleneck_bridges(flow_edges **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_bridges: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    upair *u = NULL;
    size_t n = 0, nb = 0;
    int64_t *ids = NULL;
    flow_edges *e = NULL;
    if ((rc = collapse(sel, &u, &n)) < 0) goto done;
    if ((rc = undirected_structure(sel, u, n, 1, &ids, &nb)) < 0) goto done;
    qsort(ids, nb, sizeof *ids, cmp_i64); /* pair order: by lower, then higher vertex */
    if ((rc = flow__edges_new(&e, sel, "bridge")) < 0) goto done;
    for (size_t i = 0; i < nb; i++) {
        const upair *b = &u[ids[i]];
        if ((rc = flow__edges_push(e, sel, b->lo, b->hi, -1, b->w, b->w)) < 0) goto done;
    }
    flow__edges_sort_desc(e);
    *out = e;
    e = NULL;
done:
    flow_edges_free(e);
    g_free(u);
    g_free(ids);
    return rc;
}

int flow_bottleneck_articulation_points(flow_scores **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_articulation_points: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    upair *u = NULL;
    size_t n = 0, na = 0;
    int64_t *ids = NULL;
    double *values = NULL;
    if ((rc = collapse(sel, &u, &n)) < 0) goto done;
    if ((rc = undirected_structure(sel, u, n, 0, &ids, &na)) < 0) goto done;
    values = g_try_new0(double, sel->nv ? sel->nv : 1);
    if (!values) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t i = 0; i < na; i++) values[ids[i]] = 1;
    rc = flow__scores_new(out, sel, "articulation_point", values);
    values = NULL;
done:
    g_free(values);
    g_free(u);
    g_free(ids);
    return rc;
}

/* ---- dominators ----------------------------------------------------------- */

/*
 * The immediate dominator of every arc-graph vertex from `root` (dom[v]:
 * the idom, -1 for the root, -2 when unreachable). With nS > 0 the root is a
 * super-source nv with an arc to every source (pass root = nv).
 */
static int dominator_tree(const flow_selection *sel, const arcs *A, const int64_t *S, size_t nS,
                          int64_t root, int64_t *dom)
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

int flow_bottleneck_dominators(flow_scores **out, flow_selection *sel, const char *source)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_dominators: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    int64_t root;
    if ((rc = flow__selection_resolve_node(sel, source, "dominators source", &root)) < 0)
        return rc;
    arcs A = {0};
    int64_t *dom = NULL;
    double *values = NULL;
    if ((rc = arcs_init(&A, sel)) < 0) goto done;
    dom = g_try_new(int64_t, A.nv + 2);
    values = g_try_new(double, A.nv ? A.nv : 1);
    if (!dom || !values) {
        rc = flow__error_nomem();
        goto done;
    }
    /* super_graph with empty sets adds no vertex: the graph is the arcs'. */
    if ((rc = dominator_tree(sel, &A, NULL, 0, root, dom)) < 0) goto done;
    for (size_t v = 0; v < A.nv; v++)
        values[v] = dom[v] == -1 ? -1.0 : dom[v] < 0 ? NAN : (double)dom[v];
    rc = flow__scores_new(out, sel, "immediate_dominator", values);
    values = NULL;
done:
    arcs_clear(&A);
    g_free(dom);
    g_free(values);
    return rc;
}

/*
 * Every reachable sink's dominators form a chain up the tree to the
 * super-source; their common part is the chain above the sinks' lowest
 * common ancestor L (L included). It is found by marking the first chain
 * and climbing from each further sink to the first marked vertex.
 */
int flow_bottleneck_must_cross(flow_scores **out, flow_selection *sel,
                               const char *const *sources, size_t nsources,
                               const char *const *sinks, size_t nsinks)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_must_cross: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    int64_t *S = NULL, *T = NULL, *dom = NULL, *chain = NULL;
    size_t nS = 0, nT = 0;
    arcs A = {0};
    double *values = NULL;
    uint8_t *role = NULL;
    size_t *pos = NULL;
    if ((rc = resolve_sets(sel, sources, nsources, sinks, nsinks, &S, &nS, &T, &nT)) < 0)
        goto done;
    if ((rc = arcs_init(&A, sel)) < 0) goto done;
    size_t nv = A.nv, root = nv;
    dom = g_try_new(int64_t, nv + 2);
    chain = g_try_new(int64_t, nv + 2);
    pos = g_try_new(size_t, nv + 2); /* position in chain + 1, 0 = not on it */
    role = g_try_new0(uint8_t, nv + 1);
    values = g_try_new(double, nv ? nv : 1);
    if (!dom || !chain || !pos || !role || !values) {
        rc = flow__error_nomem();
        goto done;
    }
    if ((rc = dominator_tree(sel, &A, S, nS, (int64_t)root, dom)) < 0) goto done;
    for (size_t i = 0; i < nS; i++) role[S[i]] = 1;
    for (size_t i = 0; i < nT; i++) role[T[i]] = 1;
    memset(pos, 0, (nv + 2) * sizeof *pos);

    /* chain[0] = the deepest common vertex so far, ..., chain[len-1] = root */
    size_t len = 0;
    for (size_t i = 0; i < nT; i++) {
        int64_t t = T[i];
        if (dom[t] < 0) continue; /* unreachable */
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
    if (len == 0) {
        for (size_t v = 0; v < nv; v++) values[v] = NAN;
    } else {
        for (size_t v = 0; v < nv; v++) values[v] = 0;
        double k = 0;
        /* from the root side down to L, skipping the root, sources and sinks */
        for (size_t j = len; j-- > 0;) {
            int64_t x = chain[j];
            if ((size_t)x == root || role[x]) continue;
            values[x] = ++k;
        }
    }
    rc = flow__scores_new(out, sel, "must_cross", values);
    values = NULL;
done:
    g_free(S);
    g_free(T);
    g_free(dom);
    g_free(chain);
    g_free(pos);
    g_free(role);
    g_free(values);
    arcs_clear(&A);
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
static int max_flow_losses(const flow_selection *sel, const arcs *A, const int64_t *S,
                           size_t nS, const int64_t *T, size_t nT, int nodes, double *loss)
{
    double big, base = 0;
    int rc = big_capacity(A, &big);
    if (rc < 0) return rc;
    double *flow = g_try_new(double, A->na ? A->na : 1);
    uint8_t *fixed = g_try_new0(uint8_t, A->nv ? A->nv : 1);
    csr o = {0}, in = {0};
    if (!flow || !fixed) {
        rc = flow__error_nomem();
        goto done;
    }
    if ((rc = csr_init(&o, A, 0)) < 0) goto done;
    if ((rc = csr_init(&in, A, 1)) < 0) goto done;
    if ((rc = max_flow(sel, A, S, nS, T, nT, big, &base, flow, NULL)) < 0) goto done;
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
            if (nodes) {
                for (size_t i = o.start[x]; i < o.start[x + 1]; i++)
                    carries |= flow[o.arc[i]] != 0;
                for (size_t i = in.start[x]; i < in.start[x + 1]; i++)
                    carries |= flow[in.arc[i]] != 0;
            } else {
                size_t a = A->both ? 2 * x : x;
                carries = flow[a] != 0 || (A->both && flow[a + 1] != 0);
            }
            if (!carries) {
                loss[x] = 0;
                continue;
            }
            if (nodes) {
                for (size_t i = o.start[x]; i < o.start[x + 1]; i++) VECTOR(cap)[o.arc[i]] = 0;
                for (size_t i = in.start[x]; i < in.start[x + 1]; i++)
                    VECTOR(cap)[in.arc[i]] = 0;
            } else {
                size_t a = A->both ? 2 * x : x;
                VECTOR(cap)[a] = 0;
                if (A->both) VECTOR(cap)[a + 1] = 0;
            }
            igraph_real_t v = 0;
            err = igraph_maxflow_value(&g, &v, (igraph_integer_t)A->nv,
                                       (igraph_integer_t)A->nv + 1, &cap, NULL);
            loss[x] = fmax(0, base - v);
            if (nodes) {
                for (size_t i = o.start[x]; i < o.start[x + 1]; i++)
                    VECTOR(cap)[o.arc[i]] = A->w[o.arc[i]];
                for (size_t i = in.start[x]; i < in.start[x + 1]; i++)
                    VECTOR(cap)[in.arc[i]] = A->w[in.arc[i]];
            } else {
                size_t a = A->both ? 2 * x : x;
                VECTOR(cap)[a] = A->w[a];
                if (A->both) VECTOR(cap)[a + 1] = A->w[a + 1];
            }
        }
        igraph_vector_destroy(&cap);
        igraph_destroy(&g);
    }
    rc = flow__igraph_leave(&gate, err, nodes ? "critical nodes" : "critical edges");
done:
    g_free(flow);
    g_free(fixed);
    csr_clear(&o);
    csr_clear(&in);
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
    for (size_t i = 0; i < nme; i++) {
        size_t e = me[i];
        int64_t u = IGRAPH_FROM(&sel->graph, (igraph_integer_t)e);
        int64_t v = IGRAPH_TO(&sel->graph, (igraph_integer_t)e);
        parent[u] = u;
        parent[v] = v;
        sum[u] = sum[v] = 0;
    }
    for (size_t i = 0; i < nme; i++) {
        size_t e = me[i];
        int64_t u = IGRAPH_FROM(&sel->graph, (igraph_integer_t)e);
        int64_t v = IGRAPH_TO(&sel->graph, (igraph_integer_t)e);
        if (e == skip_e || u == skip_v || v == skip_v) continue;
        int64_t a = uf_find(parent, u), b = uf_find(parent, v);
        if (a != b) parent[b] = a;
    }
    double best = 0;
    for (size_t i = 0; i < nme; i++) {
        size_t e = me[i];
        int64_t u = IGRAPH_FROM(&sel->graph, (igraph_integer_t)e);
        int64_t v = IGRAPH_TO(&sel->graph, (igraph_integer_t)e);
        if (e == skip_e || u == skip_v || v == skip_v) continue;
        int64_t r = uf_find(parent, u);
        sum[r] += VECTOR(sel->weights)[e];
        if (sum[r] > best) best = sum[r];
    }
    return best;
}

/* Inside the gate: cut vertices (want_bridges 0) or bridges of the
 * selection graph, directions ignored, reciprocal edges parallel. */
static int weak_structure(const flow_selection *sel, int want_bridges, uint8_t *mark)
{
    flow__gate gate;
    igraph_vector_int_t res;
    flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
    igraph_error_t err = igraph_vector_int_init(&res, 0);
    if (!err) {
        err = want_bridges ? igraph_bridges(&sel->graph, &res)
                           : igraph_articulation_points(&sel->graph, &res);
        if (!err)
            for (igraph_integer_t i = 0; i < igraph_vector_int_size(&res); i++)
                mark[VECTOR(res)[i]] = 1;
        igraph_vector_int_destroy(&res);
    }
    return flow__igraph_leave(&gate, err, want_bridges ? "bridges" : "articulation points");
}

/*
 * Connected flow losses (see bottleneck.h). With C the heaviest weakly
 * connected component's weight and C2 the next component's: removing a
 * vertex that does not split the main component (not a cut vertex) leaves
 * max(C - strength, C2), so its loss is min(strength, C - C2); the same
 * holds for an edge that is not a bridge, with its weight. Cut vertices and
 * bridges of the main component are recounted with a union-find.
 */
static int connected_losses(const flow_selection *sel, int nodes, double *loss)
{
    size_t nv = sel->nv, ne = (size_t)igraph_ecount(&sel->graph);
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
        int64_t u = IGRAPH_FROM(&sel->graph, (igraph_integer_t)e);
        int64_t v = IGRAPH_TO(&sel->graph, (igraph_integer_t)e);
        double w = VECTOR(sel->weights)[e];
        strength[u] += w;
        strength[v] += w;
        int64_t a = uf_find(parent, u), b = uf_find(parent, v);
        if (a != b) parent[b] = a;
    }
    for (size_t e = 0; e < ne; e++) {
        int64_t u = IGRAPH_FROM(&sel->graph, (igraph_integer_t)e);
        sum[uf_find(parent, u)] += VECTOR(sel->weights)[e];
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
        if (in_main[IGRAPH_FROM(&sel->graph, (igraph_integer_t)e)]) me[nme++] = e;
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
        int64_t end = nodes ? (int64_t)x : IGRAPH_FROM(&sel->graph, (igraph_integer_t)x);
        if (!in_main[end]) continue;
        double own = nodes ? strength[x] : VECTOR(sel->weights)[x];
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
                    const char *const *sinks, size_t nsinks, int nodes, double **loss_out)
{
    *loss_out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const char *what = nodes ? "critical nodes" : "critical edges";
    if ((nsources == 0) != (nsinks == 0))
        return flow__error(FLOW_EINVAL, "%s: give both sources and sinks, or neither", what);
    size_t n = nodes ? sel->nv : (size_t)igraph_ecount(&sel->graph);
    double *loss = g_try_new(double, n ? n : 1);
    if (!loss) return flow__error_nomem();
    if (nsources == 0) {
        rc = connected_losses(sel, nodes, loss);
    } else {
        int64_t *S = NULL, *T = NULL;
        size_t nS = 0, nT = 0;
        arcs A = {0};
        rc = resolve_sets(sel, sources, nsources, sinks, nsinks, &S, &nS, &T, &nT);
        if (rc == FLOW_OK) rc = arcs_init(&A, sel);
        if (rc == FLOW_OK) rc = max_flow_losses(sel, &A, S, nS, T, nT, nodes, loss);
        g_free(S);
        g_free(T);
        arcs_clear(&A);
    }
    if (rc < 0) {
        g_free(loss);
        return rc;
    }
    *loss_out = loss;
    return FLOW_OK;
}

int flow_bottleneck_critical_nodes(flow_scores **out, flow_selection *sel,
                                   const char *const *sources, size_t nsources,
                                   const char *const *sinks, size_t nsinks)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_critical_nodes: out is NULL");
    *out = NULL;
    double *loss = NULL;
    int rc = critical(sel, sources, nsources, sinks, nsinks, 1, &loss);
    if (rc < 0) return rc;
    return flow__scores_new(out, sel, nsources ? "max_flow_loss" : "connected_flow_loss", loss);
}

int flow_bottleneck_critical_edges(flow_edges **out, flow_selection *sel,
                                   const char *const *sources, size_t nsources,
                                   const char *const *sinks, size_t nsinks)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_bottleneck_critical_edges: out is NULL");
    *out = NULL;
    double *loss = NULL;
    int rc = critical(sel, sources, nsources, sinks, nsinks, 0, &loss);
    if (rc < 0) return rc;
    flow_edges *e = NULL;
    rc = flow__edges_new(&e, sel, nsources ? "max_flow_loss" : "connected_flow_loss");
    size_t ne = (size_t)igraph_ecount(&sel->graph);
    for (size_t i = 0; i < ne && rc == FLOW_OK; i++)
        rc = flow__edges_push(e, sel, IGRAPH_FROM(&sel->graph, (igraph_integer_t)i),
                              IGRAPH_TO(&sel->graph, (igraph_integer_t)i), -1,
                              VECTOR(sel->weights)[i], loss[i]);
    g_free(loss);
    if (rc < 0) {
        flow_edges_free(e);
        return rc;
    }
    flow__edges_sort_desc(e);
    *out = e;
    return FLOW_OK;
}

/* ---- edge betweenness ------------------------------------------------------ */

int flow_bottleneck_edge_betweenness(flow_edges **out, flow_selection *sel, int length)
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
    size_t ne = (size_t)igraph_ecount(&sel->graph);
    for (size_t e = 0; length == FLOW_LENGTH_INVERSE && e < ne; e++)
        if (!isfinite(1 / VECTOR(sel->weights)[e]))
            return flow__error(FLOW_ELIMIT, "edge betweenness: weight %g is too small for a "
                                            "finite length 1 / weight",
                               VECTOR(sel->weights)[e]);
    double *bw = g_try_new(double, ne ? ne : 1);
    if (!bw) return flow__error_nomem();

    flow__gate gate;
    igraph_vector_t res, len;
    int have_len = 0;
    flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
    igraph_error_t err = IGRAPH_SUCCESS;
    if (length != FLOW_LENGTH_UNIT) {
        err = igraph_vector_init(&len, (igraph_integer_t)ne);
        have_len = err == IGRAPH_SUCCESS;
        for (size_t e = 0; have_len && e < ne; e++) {
            double w = VECTOR(sel->weights)[e];
            VECTOR(len)[e] = length == FLOW_LENGTH_INVERSE ? 1 / w : w;
        }
    }
    if (!err) {
        err = igraph_vector_init(&res, 0);
        if (!err) {
            err = igraph_edge_betweenness(&sel->graph, &res, sel->directed ? 1 : 0,
                                          have_len ? &len : NULL);
            if (!err)
                for (size_t e = 0; e < ne; e++) bw[e] = VECTOR(res)[e];
            igraph_vector_destroy(&res);
        }
    }
    if (have_len) igraph_vector_destroy(&len);
    rc = flow__igraph_leave(&gate, err, "edge betweenness");
    flow_edges *e = NULL;
    if (rc == FLOW_OK) rc = flow__edges_new(&e, sel, "edge_betweenness");
    for (size_t i = 0; i < ne && rc == FLOW_OK; i++)
        rc = flow__edges_push(e, sel, IGRAPH_FROM(&sel->graph, (igraph_integer_t)i),
                              IGRAPH_TO(&sel->graph, (igraph_integer_t)i), -1,
                              VECTOR(sel->weights)[i], bw[i]);
    g_free(bw);
    if (rc < 0) {
        flow_edges_free(e);
        return rc;
    }
    flow__edges_sort_desc(e);
    *out = e;
    return FLOW_OK;
}

/* Result handles shared by the analyses: per-vertex scores and edge lists. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "error_internal.h"
#include "network_internal.h"
#include "result_internal.h"

#define SCORES_MAGIC 0x53434f52u
#define EDGES_MAGIC 0x45444745u

struct flow_scores {
    uint32_t magic;
    flow_network *net; /* referenced */
    char *measure;
    size_t n;
    double *values;
    int64_t *nodes;
};

int flow__scores_new(flow_scores **out, flow_selection *sel, const char *measure, double *values)
{
    *out = NULL;
    flow_scores *s = g_try_new0(flow_scores, 1);
    int64_t *nodes = g_try_new(int64_t, sel->nv ? sel->nv : 1);
    if (!s || !nodes) {
        g_free(s);
        g_free(nodes);
        g_free(values);
        return flow__error_nomem();
    }
    if (sel->nv) memcpy(nodes, sel->node_of_vertex, sel->nv * sizeof *nodes);
    s->magic = SCORES_MAGIC;
    s->net = flow__network_ref(sel->net);
    s->measure = g_strdup(measure);
    s->n = sel->nv;
    s->values = values;
    s->nodes = nodes;
    *out = s;
    return FLOW_OK;
}

static int scores_ok(const flow_scores *s) { return s && s->magic == SCORES_MAGIC; }

void flow_scores_free(flow_scores *s)
{
    if (!scores_ok(s)) return;
    flow__network_unref(s->net);
    g_free(s->measure);
    g_free(s->values);
    g_free(s->nodes);
    s->magic = 0;
    g_free(s);
}

const char *flow_scores_measure(const flow_scores *s) { return scores_ok(s) ? s->measure : NULL; }
size_t flow_scores_count(const flow_scores *s) { return scores_ok(s) ? s->n : 0; }
const double *flow_scores_values(const flow_scores *s) { return scores_ok(s) ? s->values : NULL; }

double flow_scores_value(const flow_scores *s, size_t v)
{
    return scores_ok(s) && v < s->n ? s->values[v] : NAN;
}

int64_t flow_scores_node(const flow_scores *s, size_t v)
{
    return scores_ok(s) && v < s->n ? s->nodes[v] : -1;
}

const char *flow_scores_id(const flow_scores *s, size_t v)
{
    return scores_ok(s) && v < s->n ? flow_network_node_id(s->net, (size_t)s->nodes[v]) : NULL;
}

/* ---- edge lists ----------------------------------------------------------- */

typedef struct {
    int64_t source, target, factor;
    double weight, value;
} edge;

struct flow_edges {
    uint32_t magic;
    flow_network *net; /* referenced */
    char *measure;
    GArray *items; /* edge */
};

int flow__edges_new_net(flow_edges **out, flow_network *net, const char *measure)
{
    *out = NULL;
    flow_edges *e = g_try_new0(flow_edges, 1);
    if (!e) return flow__error_nomem();
    e->magic = EDGES_MAGIC;
    e->net = flow__network_ref(net);
    e->measure = g_strdup(measure);
    e->items = g_array_new(FALSE, FALSE, sizeof(edge));
    *out = e;
    return FLOW_OK;
}

int flow__edges_new(flow_edges **out, flow_selection *sel, const char *measure)
{
    return flow__edges_new_net(out, sel->net, measure);
}

int flow__edges_push_nodes(flow_edges *e, int64_t source, int64_t target, int64_t factor,
                           double weight, double value)
{
    edge it = {source, target, factor, weight, value};
    g_array_append_val(e->items, it);
    return FLOW_OK;
}

int flow__edges_push(flow_edges *e, const flow_selection *sel, int64_t u, int64_t v,
                     int64_t factor, double weight, double value)
{
    if (!sel->directed && u > v) {
        int64_t t = u;
        u = v;
        v = t;
    }
    return flow__edges_push_nodes(e, sel->node_of_vertex[u], sel->node_of_vertex[v], factor,
                                  weight, value);
}

typedef struct {
    edge it;
    size_t pos;
} tagged;

/* Descending by value; ties (and NANs, last) keep their original order. */
static int by_value_desc(const void *a, const void *b)
{
    const tagged *x = a, *y = b;
    int xn = isnan(x->it.value), yn = isnan(y->it.value);
    if (xn != yn) return xn - yn;
    if (!xn && x->it.value != y->it.value) return x->it.value < y->it.value ? 1 : -1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

void flow__edges_sort_desc(flow_edges *e)
{
    size_t n = e->items->len;
    if (n < 2) return;
    tagged *t = g_new(tagged, n);
    for (size_t i = 0; i < n; i++) {
        t[i].it = g_array_index(e->items, edge, i);
        t[i].pos = i;
    }
    qsort(t, n, sizeof *t, by_value_desc);
    for (size_t i = 0; i < n; i++) g_array_index(e->items, edge, i) = t[i].it;
    g_free(t);
}

static int edges_ok(const flow_edges *e) { return e && e->magic == EDGES_MAGIC; }

void flow_edges_free(flow_edges *e)
{
    if (!edges_ok(e)) return;
    flow__network_unref(e->net);
    g_free(e->measure);
    g_array_free(e->items, TRUE);
    e->magic = 0;
    g_free(e);
}

static const edge *edge_at(const flow_edges *e, size_t i)
{
    return edges_ok(e) && i < e->items->len ? &g_array_index(e->items, edge, i) : NULL;
}

const char *flow_edges_measure(const flow_edges *e) { return edges_ok(e) ? e->measure : NULL; }
size_t flow_edges_count(const flow_edges *e) { return edges_ok(e) ? e->items->len : 0; }

int64_t flow_edges_source(const flow_edges *e, size_t i)
{
    const edge *it = edge_at(e, i);
    return it ? it->source : -1;
}

int64_t flow_edges_target(const flow_edges *e, size_t i)
{
    const edge *it = edge_at(e, i);
    return it ? it->target : -1;
}

const char *flow_edges_source_id(const flow_edges *e, size_t i)
{
    const edge *it = edge_at(e, i);
    return it ? flow_network_node_id(e->net, (size_t)it->source) : NULL;
}

const char *flow_edges_target_id(const flow_edges *e, size_t i)
{
    const edge *it = edge_at(e, i);
    return it ? flow_network_node_id(e->net, (size_t)it->target) : NULL;
}

int64_t flow_edges_factor(const flow_edges *e, size_t i)
{
    const edge *it = edge_at(e, i);
    return it ? it->factor : -1;
}

double flow_edges_weight(const flow_edges *e, size_t i)
{
    const edge *it = edge_at(e, i);
    return it ? it->weight : NAN;
}

double flow_edges_value(const flow_edges *e, size_t i)
{
    const edge *it = edge_at(e, i);
    return it ? it->value : NAN;
}

/*
 * Graphs as plain arrays (see graph_internal.h): the adjacency of a
 * selection's graph and its undirected collapse.
 *
 * Both are counting sorts, linear in vertices + edges and stable, so the
 * edges of a vertex come in edge order and the collapsed pairs in (lo, hi)
 * order without a comparison sort.
 */
#include <string.h>

#include <glib.h>

#include "error_internal.h"
#include "graph_internal.h"

void flow__graph_clear(flow__graph *g)
{
    if (g->in_start != g->out_start) {
        g_free(g->in_start);
        g_free(g->in_edge);
        g_free(g->in_nbr);
    }
    g_free(g->out_start);
    g_free(g->out_edge);
    g_free(g->out_nbr);
    g_free(g->from);
    g_free(g->to);
    g_free(g->weight);
    memset(g, 0, sizeof *g);
}

/*
 * One adjacency: the edges at each vertex `key` (both ends when
 * `both_ends`), in edge order; *nbr gets the far end. `key` is from for
 * the out-adjacency, to for the in-adjacency.
 */
static int adjacency(const flow__graph *g, const uint32_t *key, const uint32_t *far,
                     int both_ends, size_t **start, uint32_t **edge, uint32_t **nbr)
{
    size_t n = both_ends ? 2 * g->ne : g->ne;
    size_t *s = g_try_new0(size_t, g->nv + 1);
    size_t *fill = g_try_new(size_t, g->nv ? g->nv : 1);
    uint32_t *ed = g_try_new(uint32_t, n ? n : 1);
    uint32_t *nb = g_try_new(uint32_t, n ? n : 1);
    if (!s || !fill || !ed || !nb) {
        g_free(s);
        g_free(fill);
        g_free(ed);
        g_free(nb);
        return flow__error_nomem();
    }
    for (size_t e = 0; e < g->ne; e++) {
        s[key[e] + 1]++;
        if (both_ends) s[far[e] + 1]++;
    }
    for (size_t v = 0; v < g->nv; v++) s[v + 1] += s[v];
    if (g->nv) memcpy(fill, s, g->nv * sizeof *fill);
    for (size_t e = 0; e < g->ne; e++) {
        size_t i = fill[key[e]]++;
        ed[i] = (uint32_t)e;
        nb[i] = far[e];
        if (both_ends) {
            i = fill[far[e]]++;
            ed[i] = (uint32_t)e;
            nb[i] = key[e];
        }
    }
    g_free(fill);
    *start = s;
    *edge = ed;
    *nbr = nb;
    return FLOW_OK;
}

int flow__graph_init(flow__graph *g, size_t nv, int directed, size_t ne, uint32_t *from,
                     uint32_t *to, double *weight, int with_adjacency)
{
    memset(g, 0, sizeof *g);
    g->nv = nv;
    g->ne = ne;
    g->directed = directed != 0;
    g->from = from;
    g->to = to;
    g->weight = weight;
    if (!with_adjacency) return FLOW_OK;
    int rc = adjacency(g, from, to, !g->directed, &g->out_start, &g->out_edge, &g->out_nbr);
    if (rc == FLOW_OK && g->directed)
        rc = adjacency(g, to, from, 0, &g->in_start, &g->in_edge, &g->in_nbr);
    if (rc == FLOW_OK && !g->directed) {
        g->in_start = g->out_start;
        g->in_edge = g->out_edge;
        g->in_nbr = g->out_nbr;
    }
    if (rc < 0) flow__graph_clear(g);
    return rc;
}

int flow__graph_init_out(flow__graph *g, size_t nv, size_t ne, uint32_t *from, uint32_t *to,
                         double *weight, size_t *out_start, uint32_t *out_edge, uint32_t *out_nbr)
{
    memset(g, 0, sizeof *g);
    g->nv = nv;
    g->ne = ne;
    g->directed = 1;
    g->from = from;
    g->to = to;
    g->weight = weight;
    g->out_start = out_start;
    g->out_edge = out_edge;
    g->out_nbr = out_nbr;
    int rc = adjacency(g, to, from, 0, &g->in_start, &g->in_edge, &g->in_nbr);
    if (rc < 0) flow__graph_clear(g);
    return rc;
}

/* A stable counting sort of the edges listed in `in` by key[e] (< nv). */
static void sort_by(uint32_t *out, const uint32_t *in, size_t n, const uint32_t *key,
                    size_t *count, size_t nv)
{
    memset(count, 0, (nv + 1) * sizeof *count);
    for (size_t i = 0; i < n; i++) count[key[in[i]] + 1]++;
    for (size_t v = 0; v < nv; v++) count[v + 1] += count[v];
    for (size_t i = 0; i < n; i++) out[count[key[in[i]]]++] = in[i];
}

int flow__graph_collapse(flow__graph *out, const flow__graph *g)
{
    memset(out, 0, sizeof *out);
    size_t ne = g->ne, nv = g->nv, n1 = ne ? ne : 1;
    uint32_t *lo = g_try_new(uint32_t, n1), *hi = g_try_new(uint32_t, n1);
    uint32_t *a = g_try_new(uint32_t, n1), *b = g_try_new(uint32_t, n1);
    size_t *count = g_try_new(size_t, nv + 1);
    uint32_t *from = NULL, *to = NULL;
    double *w = NULL;
    int rc = FLOW_OK;
    if (!lo || !hi || !a || !b || !count) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t e = 0; e < ne; e++) {
        uint32_t u = g->from[e], v = g->to[e];
        lo[e] = u < v ? u : v;
        hi[e] = u < v ? v : u;
        a[e] = (uint32_t)e;
    }
    /* by hi, then (stably) by lo: sorted by (lo, hi, edge) */
    sort_by(b, a, ne, hi, count, nv);
    sort_by(a, b, ne, lo, count, nv);
    size_t m = 0;
    for (size_t i = 0; i < ne; i++)
        m += i == 0 || lo[a[i]] != lo[a[i - 1]] || hi[a[i]] != hi[a[i - 1]];
    from = g_try_new(uint32_t, m ? m : 1);
    to = g_try_new(uint32_t, m ? m : 1);
    w = g_try_new(double, m ? m : 1);
    if (!from || !to || !w) {
        g_free(from);
        g_free(to);
        g_free(w);
        rc = flow__error_nomem();
        goto done;
    }
    /* both directions of a pair: two weights, whose sum is the same in
     * either order */
    size_t k = 0;
    for (size_t i = 0; i < ne; i++) {
        uint32_t e = a[i];
        if (k > 0 && from[k - 1] == lo[e] && to[k - 1] == hi[e]) {
            w[k - 1] += g->weight[e];
            continue;
        }
        from[k] = lo[e];
        to[k] = hi[e];
        w[k++] = g->weight[e];
    }
    rc = flow__graph_init(out, nv, 0, m, from, to, w, 0);
done:
    g_free(lo);
    g_free(hi);
    g_free(a);
    g_free(b);
    g_free(count);
    return rc;
}

/*
 * Selections: filters over a network, and the one weighted graph built
 * from them (see selection.h for the conventions), kept as plain arrays
 * (graph_internal.h) that every analysis reads.
 *
 * Building is linear in flows + vertices: a first pass (only for
 * FLOW_COMBINE_SHARE) totals each kept factor; then each kept flow's two
 * vertices are found, the flows are sorted by their first vertex (a stable
 * counting sort), the flows of a vertex to the same far end are merged
 * into one edge (a stamp per far end), and the edges are numbered in the
 * order of their first flows, each flow noting its edge. The sorted
 * buckets are the directed graph's out-adjacency; the in-adjacency is one
 * more counting sort. No igraph call and no lock: the build is the
 * selection's own business. The igraph graphs of the analyses are made
 * later, inside the gate, on first use.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "counterfactual_internal.h"
#include "error_internal.h"
#include "igraph_gate.h"
#include "registry_internal.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

static int check(const flow_selection *sel)
{
    if (!sel || sel->magic != FLOW__SELECTION_MAGIC)
        return flow__error(FLOW_EMISUSE, "selection handle is NULL or invalid");
    return FLOW_OK;
}

static void clear_built(flow_selection *sel)
{
    flow__igraph_cache_free(sel->igraph); /* first: its graphs are keyed by the views */
    sel->igraph = NULL;
    flow__graph_clear(&sel->graph);
    if (sel->has_undirected) flow__graph_clear(&sel->undirected);
    sel->has_undirected = 0;
    g_clear_pointer(&sel->edge_of_flow, g_free);
    g_clear_pointer(&sel->vertex_of_node, g_free);
    g_clear_pointer(&sel->node_of_vertex, g_free);
    g_clear_pointer(&sel->internal, g_free);
    g_clear_pointer(&sel->factor_scale, g_free);
    sel->nv = 0;
    sel->built = 0;
}

static void clear_layer(flow_selection *sel)
{
    g_clear_pointer(&sel->layer_src, g_free);
    g_clear_pointer(&sel->layer_tgt, g_free);
    g_clear_pointer(&sel->layer_w, g_free);
    g_clear_pointer(&sel->layer_about, g_free);
    sel->layer_n = 0;
    sel->layer = FLOW_LAYER_OBSERVED;
}
void flow__selection_invalidate(flow_selection *sel) { clear_built(sel); }

int flow_selection_new(flow_selection **out, flow_network *net)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_selection_new: out is NULL");
    *out = NULL;
    int rc = flow__network_check(net);
    if (rc < 0) return rc;
    flow_selection *sel = g_try_new0(flow_selection, 1);
    if (!sel) return flow__error_nomem();
    sel->magic = FLOW__SELECTION_MAGIC;
    sel->net = flow__network_ref(net);
    sel->factors = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    sel->combine = FLOW_COMBINE_SUM;
    sel->first = sel->last = FLOW_NO_YEAR;
    sel->directed = 1;
    *out = sel;
    return FLOW_OK;
}

void flow_selection_free(flow_selection *sel)
{
    if (!sel || sel->magic != FLOW__SELECTION_MAGIC) return;
    clear_built(sel);
    flow__counterfactual_free(sel); /* first: it gives back the caller's network */
    g_array_free(sel->factors, TRUE);
    g_free(sel->level);
    clear_layer(sel);
    flow__network_unref(sel->net);
    sel->magic = 0;
    g_free(sel);
}

static const char *factor_at(size_t i, const void *data)
{
    return flow__network_factor_name(data, i);
}

int flow_selection_set_factors(flow_selection *sel, const char *const *factors, size_t n)
{
    int rc = check(sel);
    if (rc < 0) return rc;
    if (n > 0 && !factors) return flow__error(FLOW_EINVAL, "factor list is NULL");
    GArray *chosen = g_array_sized_new(FALSE, FALSE, sizeof(uint32_t), (guint)n);
    for (size_t i = 0; i < n; i++) {
        if (!factors[i]) {
            g_array_free(chosen, TRUE);
            return flow__error(FLOW_EINVAL, "factor name %zu is NULL", i);
        }
        int64_t f = flow_network_factor_index(sel->net, factors[i]);
        if (f < 0) {
            const char *near = flow__suggest(factors[i], flow_network_factor_count(sel->net),
                                             factor_at, sel->net);
            g_array_free(chosen, TRUE);
            if (near)
                return flow__error(FLOW_ENOTFOUND, "unknown factor '%s' (did you mean '%s'?)",
                                   factors[i], near);
            return flow__error(FLOW_ENOTFOUND, "unknown factor '%s'", factors[i]);
        }
        uint32_t fu = (uint32_t)f;
        int dup = 0;
        for (guint j = 0; j < chosen->len; j++) dup |= g_array_index(chosen, uint32_t, j) == fu;
        if (!dup) g_array_append_val(chosen, fu);
    }
    g_array_free(sel->factors, TRUE);
    sel->factors = chosen;
    clear_built(sel);
    return FLOW_OK;
}

int flow_selection_set_combine(flow_selection *sel, int combine)
{
    int rc = check(sel);
    if (rc < 0) return rc;
    if (combine != FLOW_COMBINE_SUM && combine != FLOW_COMBINE_SHARE)
        return flow__error(FLOW_EINVAL, "combine must be FLOW_COMBINE_SUM or FLOW_COMBINE_SHARE");
    sel->combine = combine;
    clear_built(sel);
    return FLOW_OK;
}

static int year_ok(int y)
{
    return y == FLOW_NO_YEAR || (y >= FLOW__YEAR_MIN && y <= FLOW__YEAR_MAX);
}

int flow_selection_set_years(flow_selection *sel, int first, int last)
{
    int rc = check(sel);
    if (rc < 0) return rc;
    if (!year_ok(first) || !year_ok(last))
        return flow__error(FLOW_EINVAL, "years must lie in [%d, %d]", FLOW__YEAR_MIN,
                           FLOW__YEAR_MAX);
    if (first != FLOW_NO_YEAR && last != FLOW_NO_YEAR && first > last)
        return flow__error(FLOW_EINVAL, "year range %d-%d is empty (first > last)", first, last);
    sel->first = first;
    sel->last = last;
    clear_built(sel);
    return FLOW_OK;
}

int flow_selection_set_directed(flow_selection *sel, int directed)
{
    int rc = check(sel);
    if (rc < 0) return rc;
    sel->directed = directed != 0;
    clear_built(sel);
    return FLOW_OK;
}

static const char *kind_at(size_t i, const void *data)
{
    return flow__network_node_kind(data, i);
}

int flow_selection_set_level(flow_selection *sel, const char *kind)
{
    int rc = check(sel);
    if (rc < 0) return rc;
    if (kind && *kind) {
        if (!flow__utf8_ok(kind)) return flow__error(FLOW_EINVAL, "kind is not valid UTF-8");
        size_t n = flow_network_node_count(sel->net);
        int found = 0;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(flow__network_node_kind(sel->net, i), kind) == 0;
        if (!found) {
            /* name the kinds there are: a network has few */
            GString *kinds = g_string_new(NULL);
            GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
            for (size_t i = 0; i < n; i++) {
                const char *k = flow__network_node_kind(sel->net, i);
                if (g_hash_table_contains(seen, k)) continue;
                g_hash_table_add(seen, (gpointer)k);
                if (g_hash_table_size(seen) > 20) {
                    g_string_append(kinds, ", ...");
                    break;
                }
                g_string_append_printf(kinds, "%s%s", kinds->len ? ", " : "", k);
            }
            g_hash_table_destroy(seen);
            const char *near = flow__suggest(kind, n, kind_at, sel->net);
            rc = near ? flow__error(FLOW_ENOTFOUND,
                                    "no node has kind '%s' (did you mean '%s'?); kinds: %s", kind,
                                    near, kinds->str)
                      : flow__error(FLOW_ENOTFOUND, "no node has kind '%s'; kinds: %s", kind,
                                    kinds->str);
            g_string_free(kinds, TRUE);
            return rc;
        }
    }
    g_free(sel->level);
    sel->level = kind && *kind ? g_strdup(kind) : NULL;
    clear_built(sel);
    return FLOW_OK;
}

static const flow__entry layer_entries[] = {
    {"observed", FLOW_LAYER_OBSERVED, 0, "the network's flows", NULL},
    {"expected", FLOW_LAYER_EXPECTED, 0, "a gravity fit's expected flows (every pair)", NULL},
    {"excess", FLOW_LAYER_EXCESS, 0,
     "a gravity fit's observed - expected, where positive (flows above the model)", NULL},
};
FLOW__FAMILY(flow__layer_family, "layer", "layer",
             "which flows a selection's graph weighs (flow_selection_set_layer)", layer_entries);

int flow_selection_set_layer(flow_selection *sel, int layer, const flow_table *fit)
{
    int rc = check(sel);
    if (rc < 0) return rc;
    if (layer == FLOW_LAYER_OBSERVED) {
        if (sel->layer != FLOW_LAYER_OBSERVED) clear_built(sel);
        clear_layer(sel);
        return FLOW_OK;
    }
    if (layer != FLOW_LAYER_EXPECTED && layer != FLOW_LAYER_EXCESS)
        return flow__error(FLOW_EINVAL, "unknown layer %d (FLOW_LAYER_OBSERVED, "
                                        "FLOW_LAYER_EXPECTED or FLOW_LAYER_EXCESS)", layer);
    if (!fit) return flow__error(FLOW_EINVAL, "the %s layer needs a gravity fit (flow_gravity_fit)",
                                 layer == FLOW_LAYER_EXPECTED ? "expected" : "excess");
    const char *name = flow_table_name(fit);
    const flow_table *pairs = flow_table_part(fit, "pairs");
    int64_t cs = flow_table_column_index(pairs, "source"), ct = flow_table_column_index(pairs, "target");
    int64_t cw = flow_table_column_index(pairs, layer == FLOW_LAYER_EXPECTED ? "expected" : "excess");
    if (!name || strcmp(name, "gravity") != 0 || !pairs || cs < 0 || ct < 0 || cw < 0 ||
        flow_table_column_type(pairs, (size_t)cs) != FLOW_COLUMN_NODE ||
        flow_table_column_type(pairs, (size_t)ct) != FLOW_COLUMN_NODE ||
        flow_table_column_type(pairs, (size_t)cw) != FLOW_COLUMN_DOUBLE)
        return flow__error(FLOW_EINVAL, "the table '%s' is not a gravity fit (flow_gravity_fit: "
                                        "part \"pairs\" with source, target, expected, excess)",
                           name ? name : "");
    if (flow_table_network(fit) != sel->net)
        return flow__error(FLOW_EINVAL, "the gravity fit was made from another network than the "
                                        "selection's");
    size_t rows = flow_table_row_count(pairs), n = 0;
    const int64_t *src = flow_table_ints(pairs, (size_t)cs), *tgt = flow_table_ints(pairs, (size_t)ct);
    const double *w = flow_table_doubles(pairs, (size_t)cw);
    for (size_t r = 0; r < rows; r++) n += w[r] > 0 && isfinite(w[r]);
    uint32_t *ls = g_try_new(uint32_t, n ? n : 1), *lt = g_try_new(uint32_t, n ? n : 1);
    double *lw = g_try_new(double, n ? n : 1);
    if (!ls || !lt || !lw) {
        g_free(ls);
        g_free(lt);
        g_free(lw);
        return flow__error_nomem();
    }
    n = 0;
    for (size_t r = 0; r < rows; r++)
        if (w[r] > 0 && isfinite(w[r])) {
            ls[n] = (uint32_t)src[r]; /* network node indexes are 32-bit */
            lt[n] = (uint32_t)tgt[r];
            lw[n++] = w[r];
        }
    const char *factors = flow_table_meta(fit, "factors"), *years = flow_table_meta(fit, "years");
    clear_built(sel);
    clear_layer(sel);
    sel->layer = layer;
    sel->layer_n = n;
    sel->layer_src = ls;
    sel->layer_tgt = lt;
    sel->layer_w = lw;
    int64_t fi = factors ? flow_network_factor_index(sel->net, factors) : -1;
    sel->layer_factor = fi >= 0 ? (uint32_t)fi : 0;
    sel->layer_about = g_strdup_printf("%s (gravity fit of %s, years %s)",
                                       layer == FLOW_LAYER_EXPECTED ? "expected" : "excess",
                                       factors ? factors : "?", years ? years : "?");
    return FLOW_OK;
}

int flow_selection_set_progress(flow_selection *sel, flow_progress_cb cb, void *payload)
{
    int rc = check(sel);
    if (rc < 0) return rc;
    sel->progress = cb;
    sel->payload = payload;
    return FLOW_OK;
}

int flow__selection_keeps(const flow_selection *sel, size_t k)
{
    const flow_network *net = sel->net;
    if (sel->factor_scale && sel->factor_scale[net->fac[k]] == 0) return 0;
    if (sel->cf && !flow__counterfactual_keeps(sel->cf, net->src[k], net->tgt[k])) return 0;
    if (!sel->factor_scale && sel->factors->len) {
        int kept = 0;
        for (guint j = 0; j < sel->factors->len && !kept; j++)
            kept = g_array_index(sel->factors, uint32_t, j) == net->fac[k];
        if (!kept) return 0;
    }
    if (sel->first == FLOW_NO_YEAR && sel->last == FLOW_NO_YEAR) return 1;
    int32_t y = net->year[k];
    if (y == FLOW_NO_YEAR) return 0;
    if (sel->first != FLOW_NO_YEAR && y < sel->first) return 0;
    if (sel->last != FLOW_NO_YEAR && y > sel->last) return 0;
    return 1;
}

/* Maps every network node to its vertex (roll-up to the level kind). */
static int map_vertices(flow_selection *sel)
{
    const flow_network *net = sel->net;
    size_t n = net->nodes->len;
    sel->vertex_of_node = g_try_new(int64_t, n ? n : 1);
    int64_t *rep = g_try_new(int64_t, n ? n : 1);
    if (!sel->vertex_of_node || !rep) {
        g_free(rep);
        return flow__error_nomem();
    }
    for (size_t i = 0; i < n; i++) {
        rep[i] = (int64_t)i;
        /* a removed node is no vertex (nor is anything below it) */
        if (flow__counterfactual_removed(sel->cf, i)) rep[i] = -1;
        if (!sel->level || rep[i] < 0) continue;
        for (int64_t p = (int64_t)i; p >= 0; p = g_array_index(net->nodes, flow__node, p).parent) {
            if (strcmp(g_array_index(net->nodes, flow__node, p).kind, sel->level) == 0) {
                rep[i] = p;
                break;
            }
        }
    }
    /* Vertices are the distinct representatives in network order: a node is
     * a vertex exactly when it represents itself. */
    size_t nv = 0;
    for (size_t i = 0; i < n; i++) nv += rep[i] == (int64_t)i;
    sel->node_of_vertex = g_try_new(int64_t, nv ? nv : 1);
    sel->internal = g_try_new0(double, nv ? nv : 1);
    if (!sel->node_of_vertex || !sel->internal) {
        g_free(rep);
        return flow__error_nomem();
    }
    int64_t *vid = sel->vertex_of_node;
    nv = 0;
    for (size_t i = 0; i < n; i++)
        if (rep[i] == (int64_t)i) {
            vid[i] = (int64_t)nv;
            sel->node_of_vertex[nv++] = (int64_t)i;
        }
    for (size_t i = 0; i < n; i++) vid[i] = rep[i] < 0 ? -1 : vid[rep[i]];
    sel->nv = nv;
    g_free(rep);
    return FLOW_OK;
}

static int scale_factors(flow_selection *sel)
{
    const flow_network *net = sel->net;
    size_t nf = net->factors->len;
    sel->factor_scale = g_try_new0(double, nf ? nf : 1);
    if (!sel->factor_scale) return flow__error_nomem();
    if (sel->factors->len == 0)
        for (size_t f = 0; f < nf; f++) sel->factor_scale[f] = 1;
    for (guint j = 0; j < sel->factors->len; j++)
        sel->factor_scale[g_array_index(sel->factors, uint32_t, j)] = 1;
    if (sel->combine != FLOW_COMBINE_SHARE) return FLOW_OK;
    double *total = g_try_new0(double, nf ? nf : 1);
    if (!total) return flow__error_nomem();
    for (size_t k = 0; k < net->nflows; k++)
        if (flow__selection_keeps(sel, k)) total[net->fac[k]] += net->weight[k];
    for (size_t f = 0; f < nf; f++)
        if (sel->factor_scale[f] != 0) sel->factor_scale[f] = total[f] > 0 ? 1 / total[f] : 0;
    g_free(total);
    return FLOW_OK;
}

/* The vertex pair of merge item k (a kept flow, or a gravity layer's
 * pair) with its weight: 0 when the item is left out, 1 when it is within
 * one vertex (internal), 2 for an edge item (undirected: *u < *v). */
static int item_ends(const flow_selection *sel, int layered, size_t k, uint32_t *u, uint32_t *v,
                     double *wk)
{
    const flow_network *net = sel->net;
    int64_t a, b;
    if (layered) {
        *wk = sel->layer_w[k];
        a = sel->vertex_of_node[sel->layer_src[k]];
        b = sel->vertex_of_node[sel->layer_tgt[k]];
        if (a < 0 || b < 0) return 0; /* a removed node's pair (without) */
    } else {
        if (!flow__selection_keeps(sel, k)) return 0;
        *wk = net->weight[k] * sel->factor_scale[net->fac[k]];
        a = sel->vertex_of_node[net->src[k]];
        b = sel->vertex_of_node[net->tgt[k]];
    }
    /* < 2^32: network node indexes are 32-bit */
    *u = (uint32_t)a;
    *v = (uint32_t)b;
    if (a == b) return 1;
    if (!sel->directed && a > b) {
        *u = (uint32_t)b;
        *v = (uint32_t)a;
    }
    return 2;
}

static int build(flow_selection *sel)
{
    const flow_network *net = NULL;
    size_t *start = NULL;
    uint32_t *key = NULL, *nbr = NULL, *first = NULL, *stamp = NULL, *slot = NULL;
    uint32_t *pair_edge = NULL, *from = NULL, *to = NULL;
    double *pw = NULL, *w = NULL;
    int rc, layered = 0;

    clear_built(sel);
    if ((rc = flow__counterfactual_prepare(sel)) < 0) goto done;
    net = sel->net; /* a counterfactual copy may have been remade */
    if ((rc = map_vertices(sel)) < 0) goto done;
    if ((rc = scale_factors(sel)) < 0) goto done;
    if ((rc = flow__selection_check_stocks(sel)) < 0) goto done;

    /* Under a gravity layer the items merged are the fit's pairs, and no
     * flow is an edge's. */
    layered = sel->layer != FLOW_LAYER_OBSERVED;
    size_t nitems = layered ? sel->layer_n : net->nflows, nv = sel->nv;
    sel->edge_of_flow = g_try_new(uint32_t, net->nflows ? net->nflows : 1);
    /* key[k]: item k's first vertex (its bucket), or FLOW__NO_EDGE; for
     * flows it is edge_of_flow itself, rewritten on the way to edges */
    key = layered ? g_try_new(uint32_t, nitems ? nitems : 1) : sel->edge_of_flow;
    start = g_try_new0(size_t, nv + 1);
    if (!sel->edge_of_flow || !key || !start) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; layered && k < net->nflows; k++) sel->edge_of_flow[k] = FLOW__NO_EDGE;

    /* 1. Each item's bucket (its first vertex), counted; internal weights
     * summed in item order. */
    size_t kept = 0;
    for (size_t k = 0; k < nitems; k++) {
        uint32_t u, v;
        double wk;
        int how = item_ends(sel, layered, k, &u, &v, &wk);
        key[k] = FLOW__NO_EDGE;
        if (how == 1) sel->internal[u] += wk;
        if (how != 2) continue;
        key[k] = u;
        start[u + 1]++;
        kept++;
    }
    for (size_t u = 0; u < nv; u++) start[u + 1] += start[u];

    /* 2. A stable counting sort of the edge items by bucket: each bucket's
     * items in item order (its far end, weight and item number). */
    nbr = g_try_new(uint32_t, kept ? kept : 1);
    pw = g_try_new(double, kept ? kept : 1);
    first = g_try_new(uint32_t, kept ? kept : 1);
    slot = g_try_new(uint32_t, nv ? nv : 1);
    stamp = g_try_new(uint32_t, nv ? nv : 1);
    if (!nbr || !pw || !first || !slot || !stamp) {
        rc = flow__error_nomem();
        goto done;
    }
    size_t *fill = (size_t *)g_try_new(size_t, nv ? nv : 1);
    if (!fill) {
        rc = flow__error_nomem();
        goto done;
    }
    if (nv) memcpy(fill, start, nv * sizeof *fill);
    const int64_t *vid = sel->vertex_of_node;
    for (size_t k = 0; k < nitems; k++) {
        uint32_t u = key[k];
        if (u == FLOW__NO_EDGE) continue;
        /* item k is kept: its far end and weight (as item_ends() gives) */
        int64_t a, b;
        double wk;
        if (layered) {
            wk = sel->layer_w[k];
            a = vid[sel->layer_src[k]];
            b = vid[sel->layer_tgt[k]];
        } else {
            wk = net->weight[k] * sel->factor_scale[net->fac[k]];
            a = vid[net->src[k]];
            b = vid[net->tgt[k]];
        }
        uint32_t v = (uint32_t)(a == (int64_t)u ? b : a);
        size_t i = fill[u]++;
        nbr[i] = v;
        pw[i] = wk;
        first[i] = (uint32_t)k;
    }
    g_free(fill);

    /* 3. Within each bucket, the items to one far end merge into a pair
     * (stamp[v]: the bucket that last met v, slot[v]: its pair there),
     * compacted in place: pair p keeps its far end, the sum of its items'
     * weights in item order, and its first item; key[k] becomes item k's
     * pair. The pairs of a bucket stay in the order of their first items. */
    size_t np = 0;
    for (size_t v = 0; v < nv; v++) stamp[v] = UINT32_MAX;
    for (size_t u = 0; u < nv; u++) {
        size_t lo = start[u], hi = start[u + 1];
        start[u] = np;
        for (size_t i = lo; i < hi; i++) {
            uint32_t v = nbr[i];
            if (stamp[v] == (uint32_t)u) {
                pw[slot[v]] += pw[i];
                key[first[i]] = slot[v];
                continue;
            }
            stamp[v] = (uint32_t)u;
            slot[v] = (uint32_t)np;
            nbr[np] = v;
            pw[np] = pw[i];
            first[np] = first[i];
            key[first[i]] = (uint32_t)np++;
        }
    }
    start[nv] = np;
    g_clear_pointer(&slot, g_free);
    g_clear_pointer(&stamp, g_free);

    /* 4. Edges are numbered in the order of their first items (as the
     * items come): flows take their edge. */
    size_t m = 0;
    pair_edge = g_try_new(uint32_t, np ? np : 1);
    from = g_try_new(uint32_t, np ? np : 1);
    to = g_try_new(uint32_t, np ? np : 1);
    w = g_try_new(double, np ? np : 1);
    if (!pair_edge || !from || !to || !w) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < nitems; k++) {
        uint32_t p = key[k];
        if (p == FLOW__NO_EDGE) continue;
        if (first[p] == (uint32_t)k) pair_edge[p] = (uint32_t)m++;
        if (!layered) sel->edge_of_flow[k] = pair_edge[p];
    }
    g_clear_pointer(&first, g_free);
    for (size_t u = 0; u < nv; u++)
        for (size_t p = start[u]; p < start[u + 1]; p++) {
            uint32_t e = pair_edge[p];
            from[e] = (uint32_t)u;
            to[e] = nbr[p];
            w[e] = pw[p];
        }
    g_clear_pointer(&pw, g_free);

    /* Every analysis relies on finite weights > 0 (igraph's PageRank, for
     * one, returns NaN silently otherwise): a sum that overflows, or a share
     * that underflows to 0, is refused here once for all of them. */
    for (size_t e = 0; e < m; e++) {
        double we = w[e];
        if (isfinite(we) && we > 0) continue;
        const char *a = flow_network_node_id(net, (size_t)sel->node_of_vertex[from[e]]);
        const char *b = flow_network_node_id(net, (size_t)sel->node_of_vertex[to[e]]);
        rc = flow__error(FLOW_ELIMIT,
                         "the selection's weight from '%s' to '%s' is %g: %s", a, b, we,
                         isfinite(we) ? "the factor shares underflow to 0 (combine the raw "
                                        "weights, or rescale the data)"
                                      : "the sum of its flows overflows");
        goto done;
    }

    /* The sums the analyses make (strengths, an undirected pair's two
     * directions, a cluster's internal flow) are parts of the selection's
     * total: when the total is finite, so are they all. */
    double total = 0, add = 0;
    int64_t a = -1, b = -1;
    for (size_t e = 0; e < m && isfinite(total); e++)
        total += (add = w[e]), a = from[e], b = to[e];
    for (size_t v = 0; v < sel->nv && isfinite(total); v++)
        total += (add = sel->internal[v]), a = b = (int64_t)v;
    if (!isfinite(total)) {
        const char *an = flow_network_node_id(net, (size_t)sel->node_of_vertex[a]);
        const char *bn = flow_network_node_id(net, (size_t)sel->node_of_vertex[b]);
        rc = flow__error(FLOW_ELIMIT,
                         "the selection's total weight overflows at its weight from '%s' to "
                         "'%s' (%g): the weights must sum to less than %g (rescale the data)",
                         an, bn, add, DBL_MAX);
        goto done;
    }

    if (sel->directed) {
        /* The buckets are the out-adjacency already: a vertex's pairs in
         * the order of their edges (pair_edge), their far ends in nbr. */
        uint32_t *n2 = g_try_realloc(nbr, (m ? m : 1) * sizeof *nbr); /* a shrink */
        if (n2) nbr = n2;
        rc = flow__graph_init_out(&sel->graph, nv, m, from, to, w, start, pair_edge, nbr);
        start = NULL;
        pair_edge = nbr = NULL;
    } else {
        rc = flow__graph_init(&sel->graph, nv, 0, m, from, to, w, 1);
    }
    from = to = NULL; /* the graph's now, or freed */
    w = NULL;
    if (rc < 0) goto done;
    sel->built = 1;
    sel->generation = net->generation;
done:
    if (layered) g_free(key);
    g_free(start);
    g_free(nbr);
    g_free(first);
    g_free(stamp);
    g_free(slot);
    g_free(pair_edge);
    g_free(pw);
    g_free(from);
    g_free(to);
    g_free(w);
    if (rc < 0) clear_built(sel);
    return rc;
}

int flow__selection_graph(flow_selection *sel)
{
    int rc = check(sel);
    if (rc < 0) return rc;
    if (sel->built && sel->generation == sel->net->generation && !flow__counterfactual_stale(sel))
        return FLOW_OK;
    return build(sel);
}

int flow_selection_build(flow_selection *sel) { return flow__selection_graph(sel); }

int flow__selection_undirected(flow_selection *sel, const flow__graph **out)
{
    *out = &sel->graph;
    if (!sel->directed) return FLOW_OK;
    if (!sel->has_undirected) {
        int rc = flow__graph_collapse(&sel->undirected, &sel->graph);
        if (rc < 0) return rc;
        sel->has_undirected = 1;
    }
    *out = &sel->undirected;
    return FLOW_OK;
}

flow_network *flow_selection_network(const flow_selection *sel)
{
    return check(sel) < 0 ? NULL : sel->net;
}

int flow_selection_is_directed(const flow_selection *sel)
{
    return check(sel) < 0 ? 0 : sel->directed;
}

/* The graph and its vertices as one table with parts; every column is
 * copied from the built arrays in one pass. */
int flow_selection_table(flow_table **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_selection_table: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc != FLOW_OK) return rc;
    size_t ne = sel->graph.ne, nn = sel->net->nodes->len;
    flow_table *t = NULL, *part = NULL;
    int64_t *src = NULL, *tgt = NULL, *sv = NULL, *tv = NULL, *node = NULL, *vertex = NULL;
    double *weight = NULL, *internal = NULL;
    rc = flow__table_new(&t, sel->net, "graph", ne);
    if (rc != FLOW_OK) goto done;
    if ((rc = flow__table_add_nodes(t, "source", &src)) != FLOW_OK ||
        (rc = flow__table_add_nodes(t, "target", &tgt)) != FLOW_OK ||
        (rc = flow__table_add_doubles(t, "weight", &weight)) != FLOW_OK ||
        (rc = flow__table_add_ints(t, "source_vertex", &sv)) != FLOW_OK ||
        (rc = flow__table_add_ints(t, "target_vertex", &tv)) != FLOW_OK)
        goto done;
    /* undirected ends as (min, max), as selection.h promises */
    const flow__graph *g = &sel->graph;
    for (size_t e = 0; e < ne; e++) {
        sv[e] = g->from[e];
        tv[e] = g->to[e];
        src[e] = sel->node_of_vertex[sv[e]];
        tgt[e] = sel->node_of_vertex[tv[e]];
    }
    if (ne) memcpy(weight, g->weight, ne * sizeof *weight);
    flow__table_set_meta(t, "analysis", "graph");
    flow__selection_describe(t, sel, FLOW__UNIT_SELECTION);

    if ((rc = flow__selection_new_table(&part, sel, "vertices")) != FLOW_OK ||
        (rc = flow__table_add_doubles(part, "internal", &internal)) != FLOW_OK)
        goto done;
    if (sel->nv) memcpy(internal, sel->internal, sel->nv * sizeof *internal);
    rc = flow__table_add_part(t, part);
    part = NULL;
    if (rc != FLOW_OK) goto done;

    if ((rc = flow__table_new(&part, sel->net, "nodes", nn)) != FLOW_OK ||
        (rc = flow__table_add_nodes(part, "node", &node)) != FLOW_OK ||
        (rc = flow__table_add_ints(part, "vertex", &vertex)) != FLOW_OK)
        goto done;
    for (size_t i = 0; i < nn; i++) node[i] = (int64_t)i;
    if (nn) memcpy(vertex, sel->vertex_of_node, nn * sizeof *vertex);
    rc = flow__table_add_part(t, part);
    part = NULL;

done:
    flow_table_free(part);
    if (rc != FLOW_OK) {
        flow_table_free(t);
        return rc;
    }
    *out = t;
    return FLOW_OK;
}

/* ---- node sets ------------------------------------------------------------ */

static const char *group_at(size_t i, const void *data)
{
    return flow__network_group_name(data, i);
}

static int unknown_name(const flow_selection *sel, const char *what, const char *name)
{
    const flow_network *net = sel->net;
    const char *near = flow__network_suggest_node(net, name);
    if (!near) near = flow__suggest(name, net->groups->len, group_at, net);
    if (near)
        return flow__error(FLOW_ENOTFOUND, "%s: unknown node or group '%s' (did you mean '%s'?)",
                           what, name, near);
    return flow__error(FLOW_ENOTFOUND, "%s: unknown node or group '%s'", what, name);
}

/* The node whose display name is exactly `name`, when one node alone has
 * it: -1 when none, -2 when several (ids are then needed). Ids come
 * first; a name is the second way to say a node ("Beijing" for CN-BJ). */
static int64_t node_by_name(const flow_network *net, const char *name)
{
    int64_t found = -1;
    for (size_t i = 0; i < net->nodes->len; i++) {
        if (strcmp(g_array_index(net->nodes, flow__node, i).name, name) != 0) continue;
        if (found >= 0) return -2;
        found = (int64_t)i;
    }
    return found;
}

static int ambiguous_name(const char *what, const char *name)
{
    return flow__error(FLOW_EINVAL, "%s: several nodes are named '%s': give the node id", what,
                       name);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int flow__selection_resolve_set(flow_selection *sel, const char *const *names, size_t count,
                                const char *what, int64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (count > 0 && !names) return flow__error(FLOW_EINVAL, "%s: list is NULL", what);
    const flow_network *net = sel->net;
    GArray *vs = g_array_new(FALSE, FALSE, sizeof(int64_t));
    for (size_t i = 0; i < count; i++) {
        const char *name = names[i];
        if (!name) {
            g_array_free(vs, TRUE);
            return flow__error(FLOW_EINVAL, "%s: name %zu is NULL", what, i);
        }
        int64_t node = flow__network_find(net, name);
        if (node >= 0 && sel->vertex_of_node[node] < 0) {
            g_array_free(vs, TRUE);
            return flow__error(FLOW_EINVAL, "%s: node '%s' is removed from the selection "
                               "(without)", what, name);
        }
        if (node >= 0) {
            g_array_append_val(vs, sel->vertex_of_node[node]);
            continue;
        }
        int64_t g = flow_network_group_index(net, name);
        if (g < 0) {
            node = node_by_name(net, name);
            if (node >= 0) {
                g_array_append_val(vs, sel->vertex_of_node[node]);
                continue;
            }
            g_array_free(vs, TRUE);
            return node == -2 ? ambiguous_name(what, name) : unknown_name(sel, what, name);
        }
        for (size_t m = 0; m < flow__network_group_size(net, (size_t)g); m++) {
            int64_t member = flow__network_group_member(net, (size_t)g, m);
            if (sel->vertex_of_node[member] < 0) continue; /* removed (without) */
            g_array_append_val(vs, sel->vertex_of_node[member]);
        }
    }
    if (vs->len == 0) {
        g_array_free(vs, TRUE);
        return flow__error(FLOW_EINVAL, "%s: the set is empty", what);
    }
    qsort(vs->data, vs->len, sizeof(int64_t), cmp_i64);
    size_t k = 0;
    int64_t *a = (int64_t *)(void *)vs->data;
    for (size_t i = 0; i < vs->len; i++)
        if (i == 0 || a[i] != a[k - 1]) a[k++] = a[i];
    *n = k;
    *out = (int64_t *)(void *)g_array_free(vs, FALSE);
    return FLOW_OK;
}

int flow__selection_resolve_node(flow_selection *sel, const char *id, const char *what,
                                 int64_t *vertex)
{
    if (!id) return flow__error(FLOW_EINVAL, "%s: node id is NULL", what);
    int64_t node = flow__network_find(sel->net, id);
    if (node < 0) {
        node = node_by_name(sel->net, id);
        if (node == -2) return ambiguous_name(what, id);
    }
    if (node < 0) {
        const char *near = flow__network_suggest_node(sel->net, id);
        if (near)
            return flow__error(FLOW_ENOTFOUND, "%s: unknown node id '%s' (did you mean '%s'?)",
                               what, id, near);
        return flow__error(FLOW_ENOTFOUND, "%s: unknown node id '%s'", what, id);
    }
    if (sel->vertex_of_node[node] < 0)
        return flow__error(FLOW_EINVAL, "%s: node '%s' is removed from the selection (without)",
                           what, id);
    *vertex = sel->vertex_of_node[node];
    return FLOW_OK;
}

/* ---- describing results of a selection -------------------------------------- */

int flow__selection_new_table(flow_table **out, flow_selection *sel, const char *name)
{
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc != FLOW_OK) return rc;
    flow_table *t = NULL;
    rc = flow__table_new(&t, sel->net, name, sel->nv);
    if (rc != FLOW_OK) return rc;
    int64_t *nodes = NULL;
    rc = flow__table_add_nodes(t, "node", &nodes);
    if (rc != FLOW_OK) {
        flow_table_free(t);
        return rc;
    }
    if (sel->nv) memcpy(nodes, sel->node_of_vertex, sel->nv * sizeof *nodes);
    *out = t;
    return FLOW_OK;
}

int flow__selection_describe(flow_table *t, const flow_selection *sel, int unit_mode)
{
    const flow_network *net = sel->net;
    GString *factors = g_string_new(NULL);
    const char *unit = NULL;
    int one_unit = 1;
    size_t nf = flow_network_factor_count(net);
    for (size_t f = 0; f < nf; f++) {
        int kept = sel->factors->len == 0;
        for (guint i = 0; !kept && i < sel->factors->len; i++)
            kept = g_array_index(sel->factors, uint32_t, i) == f;
        if (!kept) continue;
        if (factors->len) g_string_append_c(factors, ',');
        g_string_append(factors, flow__network_factor_name(net, f));
        const char *u = flow__network_factor_unit(net, f);
        if (!unit) unit = u;
        else if (strcmp(unit, u) != 0) one_unit = 0;
    }
    flow__table_set_meta(t, "factors", "%s", factors->str);
    g_string_free(factors, TRUE);
    flow__table_set_meta(t, "combine", "%s", sel->combine == FLOW_COMBINE_SHARE ? "share" : "sum");
    if (sel->first == FLOW_NO_YEAR && sel->last == FLOW_NO_YEAR)
        flow__table_set_meta(t, "years", "all");
    else if (sel->first == FLOW_NO_YEAR)
        flow__table_set_meta(t, "years", "-%d", sel->last);
    else if (sel->last == FLOW_NO_YEAR)
        flow__table_set_meta(t, "years", "%d-", sel->first);
    else if (sel->first == sel->last)
        flow__table_set_meta(t, "years", "%d", sel->first);
    else
        flow__table_set_meta(t, "years", "%d-%d", sel->first, sel->last);
    flow__table_set_meta(t, "directed", "%s", sel->directed ? "yes" : "no");
    flow__table_set_meta(t, "level", "%s", sel->level ? sel->level : "");
    if (sel->layer != FLOW_LAYER_OBSERVED) flow__table_set_meta(t, "layer", "%s", sel->layer_about);
    if (unit_mode == FLOW__UNIT_SELECTION && sel->combine == FLOW_COMBINE_SHARE)
        flow__table_set_meta(t, "unit", "share");
    else if (unit_mode != FLOW__UNIT_NONE && unit && one_unit)
        flow__table_set_meta(t, "unit", "%s", unit);
    flow__counterfactual_describe(t, sel);
    return FLOW_OK;
}

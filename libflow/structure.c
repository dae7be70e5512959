/*
 * Flow structure (see structure.h): totals per factor and year, net flow,
 * partner concentration, reciprocity, the disparity-filter backbone and
 * per-year series of node measures.
 *
 * Everything here is plain arithmetic over edge lists: igraph is not used,
 * the loops read the selection's edge arrays (selection_internal.h) without
 * any lock, and long ones call the selection's progress callback
 * directly. The backbone and the totals read the network's raw flows
 * through the selection's filters (flow__selection_keeps) because they need
 * each factor apart, which the selection's merged graph no longer has.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "libflow/structure.h"
#include "libflow/centrality.h"
#include "libflow/registry.h"
#include "centrality_internal.h"
#include "error_internal.h"
#include "export_internal.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "structure_internal.h"
#include "counterfactual_internal.h"
#include "table_internal.h"

/* ---- shared helpers ------------------------------------------------------- */

/* Asks the selection's callback (outside the gate); FLOW_EINTERRUPTED when
 * it says stop. */
static int progress(const flow_selection *sel, double percent, const char *what)
{
    if (sel->progress && sel->progress(percent, what, sel->payload) != 0)
        return flow__error(FLOW_EINTERRUPTED, "%s: interrupted by the progress callback", what);
    return FLOW_OK;
}

/* ---- totals --------------------------------------------------------------- */

typedef struct {
    gint64 key; /* factor << 32 | (uint32) year: the hash key points here */
    uint32_t factor;
    int32_t year;
    size_t flows;
    double weight, internal;
} total_row;

static int cmp_total(const void *a, const void *b)
{
    const total_row *x = *(const total_row *const *)a, *y = *(const total_row *const *)b;
    if (x->factor != y->factor) return x->factor < y->factor ? -1 : 1;
    return (x->year > y->year) - (x->year < y->year);
}

/* Does the selection keep network factor f? */
static int factor_kept(const flow_selection *sel, size_t f)
{
    int kept = sel->factors->len == 0;
    for (guint j = 0; !kept && j < sel->factors->len; j++)
        kept = g_array_index(sel->factors, uint32_t, j) == f;
    return kept;
}

typedef struct {
    int year;
    size_t flows;
    double weight;
} year_total;

static int cmp_year_total(const void *a, const void *b)
{
    int x = ((const year_total *)a)->year, y = ((const year_total *)b)->year;
    return (x > y) - (x < y);
}

/* The margins of the totals, as the parts of a summary: "factors" (every
 * kept factor, network order) from ff/fw (per network factor), "years"
 * (ascending) from yt (unsorted, ny). */
static int margin_tables(const flow_selection *sel, const size_t *ff, const double *fw,
                         year_total *yt, size_t ny, flow_table **factors, flow_table **years)
{
    const flow_network *net = sel->net;
    size_t nf = net->factors->len, nk = 0;
    for (size_t f = 0; f < nf; f++) nk += factor_kept(sel, f);
    const char **name = NULL, **unit = NULL;
    int64_t *flows = NULL, *year = NULL;
    double *weight = NULL;
    flow_table *pf = NULL, *py = NULL;
    int rc;
    if ((rc = flow__table_new(&pf, NULL, "factors", nk)) < 0 ||
        (rc = flow__table_add_texts(pf, "name", &name)) < 0 ||
        (rc = flow__table_add_texts(pf, "unit", &unit)) < 0 ||
        (rc = flow__table_add_ints(pf, "flows", &flows)) < 0 ||
        (rc = flow__table_add_doubles(pf, "weight", &weight)) < 0)
        goto done;
    for (size_t f = 0, k = 0; f < nf; f++) {
        if (!factor_kept(sel, f)) continue;
        name[k] = flow__network_factor_name(net, f); /* the network's */
        unit[k] = flow__network_factor_unit(net, f);
        flows[k] = (int64_t)ff[f];
        weight[k++] = fw[f];
    }
    if (ny > 1) qsort(yt, ny, sizeof *yt, cmp_year_total);
    if ((rc = flow__table_new(&py, NULL, "years", ny)) < 0 ||
        (rc = flow__table_add_ints(py, "year", &year)) < 0 ||
        (rc = flow__table_add_ints(py, "flows", &flows)) < 0 ||
        (rc = flow__table_add_doubles(py, "weight", &weight)) < 0)
        goto done;
    for (size_t y = 0; y < ny; y++) {
        year[y] = yt[y].year;
        flows[y] = (int64_t)yt[y].flows;
        weight[y] = yt[y].weight;
    }
    *factors = pf;
    *years = py;
    return FLOW_OK;
done:
    flow_table_free(pf);
    flow_table_free(py);
    return rc;
}

int flow__structure_totals(flow_table **out, flow_selection *sel, flow_table **factors,
                           flow_table **years)
{
    *out = NULL;
    if (factors) *factors = NULL;
    if (years) *years = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const flow_network *net = sel->net;
    size_t nf = net->factors->len;

    /* Rows are few (factors x years): one small allocation each, found
     * through a hash on the packed (factor, year) key. The margins are
     * summed in the same pass, in flow order, each on its own (not from
     * the rows: a different order of additions would round differently). */
    GHashTable *index = g_hash_table_new(g_int64_hash, g_int64_equal);
    GHashTable *year_index = g_hash_table_new(g_direct_hash, g_direct_equal); /* year -> i + 1 */
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    GArray *yt = g_array_new(FALSE, TRUE, sizeof(year_total));
    size_t *ff = g_try_new0(size_t, nf ? nf : 1);
    double *fw = g_try_new0(double, nf ? nf : 1);
    flow_table *t = NULL, *pf = NULL, *py = NULL;
    if (!ff || !fw) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < net->nflows; k++) {
        if (!flow__selection_keeps(sel, k)) continue;
        gint64 key = (gint64)((uint64_t)net->fac[k] << 32 | (uint32_t)net->year[k]);
        total_row *r = g_hash_table_lookup(index, &key);
        if (!r) {
            r = g_try_new0(total_row, 1);
            if (!r) {
                rc = flow__error_nomem();
                goto done;
            }
            r->key = key;
            r->factor = net->fac[k];
            r->year = net->year[k];
            g_ptr_array_add(rows, r);
            g_hash_table_insert(index, &r->key, r);
        }
        r->flows++;
        r->weight += net->weight[k];
        if (sel->vertex_of_node[net->src[k]] == sel->vertex_of_node[net->tgt[k]])
            r->internal += net->weight[k];
        ff[net->fac[k]]++;
        fw[net->fac[k]] += net->weight[k];
        gpointer yk = GINT_TO_POINTER(net->year[k]);
        size_t yi = GPOINTER_TO_SIZE(g_hash_table_lookup(year_index, yk));
        if (!yi) {
            year_total y0 = {net->year[k], 0, 0};
            g_array_append_val(yt, y0);
            yi = yt->len;
            g_hash_table_insert(year_index, yk, GSIZE_TO_POINTER(yi));
        }
        year_total *y = &g_array_index(yt, year_total, yi - 1);
        y->flows++;
        y->weight += net->weight[k];
    }
    if (rows->len > 1) qsort(rows->pdata, rows->len, sizeof(gpointer), cmp_total);

    const char **factor = NULL;
    int64_t *year = NULL, *flows = NULL;
    double *weight = NULL, *internal = NULL;
    if ((rc = flow__table_new(&t, sel->net, "totals", rows->len)) < 0 ||
        (rc = flow__table_add_texts(t, "factor", &factor)) < 0 ||
        (rc = flow__table_add_ints(t, "year", &year)) < 0 ||
        (rc = flow__table_add_ints(t, "flows", &flows)) < 0 ||
        (rc = flow__table_add_doubles(t, "weight", &weight)) < 0 ||
        (rc = flow__table_add_doubles(t, "internal", &internal)) < 0)
        goto done;
    for (guint i = 0; i < rows->len; i++) {
        const total_row *r = g_ptr_array_index(rows, i);
        factor[i] = flow__network_factor_name(net, r->factor); /* the network's */
        year[i] = r->year;
        flows[i] = (int64_t)r->flows;
        weight[i] = r->weight;
        internal[i] = r->internal;
    }
    if ((rc = flow__table_set_meta(t, "analysis", "totals")) < 0 ||
        (rc = flow__selection_describe(t, sel, FLOW__UNIT_RAW)) < 0)
        goto done;
    if (factors && years &&
        (rc = margin_tables(sel, ff, fw, (year_total *)(void *)yt->data, yt->len, &pf, &py)) < 0)
        goto done;
    *out = t;
    t = NULL;
    if (factors) *factors = pf;
    if (years) *years = py;
done:
    flow_table_free(t);
    g_hash_table_destroy(index);
    g_hash_table_destroy(year_index);
    g_ptr_array_free(rows, TRUE);
    g_array_free(yt, TRUE);
    g_free(ff);
    g_free(fw);
    return rc;
}

int flow_structure_totals(flow_table **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_structure_totals: out is NULL");
    return flow__structure_totals(out, sel, NULL, NULL);
}

/* ---- per-vertex measures ---------------------------------------------------- */

/* A partner's share: vertex i sends to / receives from partner j. */
typedef struct {
    int64_t i, j;
    double w;
} pair_w;

static int cmp_pair(const void *a, const void *b)
{
    const pair_w *x = a, *y = b;
    if (x->i != y->i) return x->i < y->i ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

static const char *const hhi_names[3] = {"hhi_out", "hhi_in", "hhi_total"};

/*
 * HHI per vertex of a built selection, into a fresh g_malloc'd array. Each
 * edge yields one (vertex, partner, weight) entry per end that looks at it
 * in this mode; sorting by (vertex, partner) brings a partner's entries
 * together (both directions in FLOW_STRUCTURE_TOTAL), so a partner's flow
 * is summed before it is squared.
 */
static int hhi_values(double **out, flow_selection *sel, int mode)
{
    *out = NULL;
    const flow__graph *g = &sel->graph;
    size_t m = g->ne;
    int both = !sel->directed || mode == FLOW_STRUCTURE_TOTAL;
    size_t n = both ? 2 * m : m;
    pair_w *p = g_try_new(pair_w, n ? n : 1);
    double *s = g_try_new0(double, sel->nv ? sel->nv : 1);
    double *val = g_try_new(double, sel->nv ? sel->nv : 1);
    if (!p || !s || !val) {
        g_free(p);
        g_free(s);
        g_free(val);
        return flow__error_nomem();
    }
    size_t k = 0;
    for (size_t e = 0; e < m; e++) {
        if (both || mode == FLOW_STRUCTURE_OUT)
            p[k++] = (pair_w){g->from[e], g->to[e], g->weight[e]};
        if (both || mode == FLOW_STRUCTURE_IN)
            p[k++] = (pair_w){g->to[e], g->from[e], g->weight[e]};
    }
    qsort(p, k, sizeof *p, cmp_pair);
    for (size_t x = 0; x < k; x++) s[p[x].i] += p[x].w;
    for (size_t v = 0; v < sel->nv; v++) val[v] = s[v] > 0 ? 0 : NAN;
    for (size_t x = 0; x < k;) {
        int64_t i = p[x].i, j = p[x].j;
        double w = 0;
        for (; x < k && p[x].i == i && p[x].j == j; x++) w += p[x].w;
        double share = w / s[i];
        val[i] += share * share;
    }
    g_free(p);
    g_free(s);
    *out = val;
    return FLOW_OK;
}

int flow_structure_net_flow(flow_table **out, flow_selection *sel)
{
    /* One definition of net flow in the library: the centrality module's. */
    return flow_centrality_compute(out, sel, FLOW_NET_FLOW, NULL);
}

/* A per-vertex table of an HHI mode over a built selection. */
static int hhi_table(flow_table **out, flow_selection *sel, int mode)
{
    *out = NULL;
    const char *name = hhi_names[mode];
    double *val = NULL;
    flow_table *t = NULL;
    int rc = hhi_values(&val, sel, mode);
    if (rc == FLOW_OK) rc = flow__selection_new_table(&t, sel, name);
    if (rc == FLOW_OK) {
        rc = flow__table_adopt_doubles(t, name, val);
        val = NULL; /* the table's now, or freed */
    }
    if (rc == FLOW_OK) rc = flow__table_set_meta(t, "analysis", "%s", name);
    if (rc == FLOW_OK) rc = flow__selection_describe(t, sel, FLOW__UNIT_NONE);
    g_free(val);
    if (rc < 0) {
        flow_table_free(t);
        return rc;
    }
    *out = t;
    return FLOW_OK;
}

int flow_structure_hhi(flow_table **out, flow_selection *sel, int mode)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_structure_hhi: out is NULL");
    *out = NULL;
    if (mode != FLOW_STRUCTURE_OUT && mode != FLOW_STRUCTURE_IN && mode != FLOW_STRUCTURE_TOTAL)
        return flow__error(FLOW_EINVAL,
                           "flow_structure_hhi: mode %d is not FLOW_STRUCTURE_OUT, _IN or _TOTAL",
                           mode);
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    return hhi_table(out, sel, mode);
}

/* ---- ranking -------------------------------------------------------------- */

static gint cmp_rank(gconstpointer a, gconstpointer b, gpointer data)
{
    const double *values = ((const void *const *)data)[0];
    int descending = *(const int *)((const void *const *)data)[1];
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = values[i], y = values[j];
    int xn = isnan(x), yn = isnan(y);
    if (xn != yn) return xn - yn; /* NAN last either way */
    if (!xn && x != y) return (x < y) == !descending ? -1 : 1;
    return (i > j) - (i < j);
}

int flow_structure_rank(size_t *order, const double *values, size_t n, int descending)
{
    if (n == 0) return FLOW_OK;
    if (!order || !values)
        return flow__error(FLOW_EINVAL, "flow_structure_rank: order or values is NULL");
    if (n > G_MAXINT) return flow__error(FLOW_ELIMIT, "flow_structure_rank: too many values");
    for (size_t i = 0; i < n; i++) order[i] = i;
    const void *ctx[2] = {values, &descending};
    g_qsort_with_data(order, (gint)n, sizeof *order, cmp_rank, ctx);
    return FLOW_OK;
}

/* ---- reciprocity ------------------------------------------------------------ */

typedef struct {
    uint64_t key; /* from << 32 | to */
    double w;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    uint64_t x = ((const keyed *)a)->key, y = ((const keyed *)b)->key;
    return (x > y) - (x < y);
}

int flow_structure_reciprocity(double *unweighted, double *weighted, flow_selection *sel)
{
    if (unweighted) *unweighted = NAN;
    if (weighted) *weighted = NAN;
    if (!unweighted && !weighted)
        return flow__error(FLOW_EINVAL, "flow_structure_reciprocity: both outputs are NULL");
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const flow__graph *g = &sel->graph;
    size_t m = g->ne;
    double ru = NAN, rw = NAN;
    if (m > 0 && !sel->directed) {
        ru = rw = 1;
    } else if (m > 0) {
        keyed *k = g_try_new(keyed, m);
        if (!k) return flow__error_nomem();
        for (size_t e = 0; e < m; e++)
            k[e] = (keyed){(uint64_t)g->from[e] << 32 | (uint64_t)g->to[e], g->weight[e]};
        qsort(k, m, sizeof *k, cmp_keyed);
        size_t mutual = 0;
        double both = 0, total = 0;
        for (size_t e = 0; e < m; e++) {
            total += k[e].w;
            keyed rev = {(uint64_t)(k[e].key & 0xffffffffu) << 32 | k[e].key >> 32, 0};
            const keyed *r = bsearch(&rev, k, m, sizeof *k, cmp_keyed);
            if (!r) continue;
            mutual++;
            both += fmin(k[e].w, r->w);
        }
        g_free(k);
        ru = (double)mutual / (double)m;
        rw = both / total;
    }
    if (unweighted) *unweighted = ru;
    if (weighted) *weighted = rw;
    return FLOW_OK;
}

/* ---- disparity-filter backbone --------------------------------------------- */

typedef struct {
    uint32_t factor;
    uint32_t u, v;
    double w;
} fedge;

static int cmp_fedge(const void *a, const void *b)
{
    const fedge *x = a, *y = b;
    if (x->factor != y->factor) return x->factor < y->factor ? -1 : 1;
    if (x->u != y->u) return x->u < y->u ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* The disparity p-value of an edge seen from one end with strength s and
 * degree k; 1 for k == 1 (see the header). */
static double disparity(double w, double s, double k)
{
    if (k <= 1) return 1;
    return pow(fmax(0, 1 - w / s), k - 1);
}

int flow_structure_backbone(flow_table **out, flow_selection *sel, double alpha)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_structure_backbone: out is NULL");
    *out = NULL;
    if (!(alpha > 0 && alpha < 1))
        return flow__error(FLOW_EINVAL, "backbone: alpha must lie strictly between 0 and 1 (got %g)",
                           alpha);
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const flow_network *net = sel->net;

    fedge *fe = NULL;
    double *s_out = NULL, *s_in = NULL, *k_out = NULL, *k_in = NULL;
    double *pval = NULL;
    flow_table *res = NULL;
    size_t n = 0, nb = 0; /* nb: backbone edges */
    /* under a gravity layer the edges are the layer's, of the fit's factor */
    int layered = sel->layer != FLOW_LAYER_OBSERVED;
    if (layered)
        n = sel->graph.ne;
    else
        for (size_t k = 0; k < net->nflows; k++) n += flow__selection_keeps(sel, k) != 0;
    fe = g_try_new(fedge, n ? n : 1);
    size_t nv = sel->nv ? sel->nv : 1;
    s_out = g_try_new0(double, nv);
    s_in = g_try_new0(double, nv);
    k_out = g_try_new0(double, nv);
    k_in = g_try_new0(double, nv);
    if (!fe || !s_out || !s_in || !k_out || !k_in) {
        rc = flow__error_nomem();
        goto done;
    }
    /* Each kept flow, mapped to vertices, loops dropped; then one edge per
     * (factor, pair) after sorting. */
    n = 0;
    for (size_t e = 0; layered && e < sel->graph.ne; e++)
        fe[n++] = (fedge){sel->layer_factor, sel->graph.from[e], sel->graph.to[e],
                          sel->graph.weight[e]};
    for (size_t k = 0; !layered && k < net->nflows; k++) {
        if (!flow__selection_keeps(sel, k)) continue;
        uint32_t u = (uint32_t)sel->vertex_of_node[net->src[k]];
        uint32_t v = (uint32_t)sel->vertex_of_node[net->tgt[k]];
        if (u == v) continue;
        if (!sel->directed && u > v) {
            uint32_t t = u;
            u = v;
            v = t;
        }
        fe[n++] = (fedge){net->fac[k], u, v, net->weight[k] * sel->factor_scale[net->fac[k]]};
    }
    qsort(fe, n, sizeof *fe, cmp_fedge);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && cmp_fedge(&fe[m - 1], &fe[i]) == 0)
            fe[m - 1].w += fe[i].w;
        else
            fe[m++] = fe[i];
    }

    /* Every edge's p-value; the backbone edges are kept afterwards. */
    pval = g_try_new(double, m ? m : 1);
    if (!pval) {
        rc = flow__error_nomem();
        goto done;
    }
    size_t nf = net->factors->len ? net->factors->len : 1;
    for (size_t lo = 0; lo < m;) {
        uint32_t f = fe[lo].factor;
        size_t hi = lo;
        while (hi < m && fe[hi].factor == f) hi++;
        if ((rc = progress(sel, 100.0 * f / (double)nf, "backbone")) < 0) goto done;
        /* Strengths and degrees within this factor. Undirected: both ends
         * use the "out" arrays (strength and degree of the end). */
        for (size_t i = lo; i < hi; i++) {
            s_out[fe[i].u] += fe[i].w;
            k_out[fe[i].u] += 1;
            double *s = sel->directed ? s_in : s_out, *kk = sel->directed ? k_in : k_out;
            s[fe[i].v] += fe[i].w;
            kk[fe[i].v] += 1;
        }
        for (size_t i = lo; i < hi; i++) {
            const fedge *x = &fe[i];
            double pu = disparity(x->w, s_out[x->u], k_out[x->u]);
            double pv = sel->directed ? disparity(x->w, s_in[x->v], k_in[x->v])
                                      : disparity(x->w, s_out[x->v], k_out[x->v]);
            pval[i] = fmin(pu, pv);
        }
        for (size_t i = lo; i < hi; i++) {
            s_out[fe[i].u] = s_in[fe[i].u] = k_out[fe[i].u] = k_in[fe[i].u] = 0;
            s_out[fe[i].v] = s_in[fe[i].v] = k_out[fe[i].v] = k_in[fe[i].v] = 0;
        }
        lo = hi;
    }
    if ((rc = progress(sel, 100, "backbone")) < 0) goto done;
    /* The backbone: the significant edges, moved to the front in order. */
    for (size_t i = 0; i < m; i++)
        if (pval[i] < alpha) {
            fe[nb] = fe[i];
            pval[nb++] = pval[i];
        }

    int64_t *src = NULL, *tgt = NULL;
    const char **factor = NULL;
    double *weight = NULL, *p_value = NULL;
    if ((rc = flow__table_new(&res, sel->net, "backbone", nb)) < 0 ||
        (rc = flow__table_add_nodes(res, "source", &src)) < 0 ||
        (rc = flow__table_add_nodes(res, "target", &tgt)) < 0 ||
        (rc = flow__table_add_texts(res, "factor", &factor)) < 0 ||
        (rc = flow__table_add_doubles(res, "weight", &weight)) < 0 ||
        (rc = flow__table_add_doubles(res, "p_value", &p_value)) < 0)
        goto done;
    for (size_t i = 0; i < nb; i++) {
        /* undirected edges already read u < v */
        src[i] = sel->node_of_vertex[fe[i].u];
        tgt[i] = sel->node_of_vertex[fe[i].v];
        factor[i] = flow__network_factor_name(net, fe[i].factor);
        weight[i] = fe[i].w;
        p_value[i] = pval[i];
    }
    GString *a = g_string_new(NULL);
    flow__export_number(a, alpha);
    rc = flow__table_set_meta(res, "analysis", "backbone");
    if (rc == FLOW_OK) rc = flow__selection_describe(res, sel, FLOW__UNIT_SELECTION);
    if (rc == FLOW_OK) rc = flow__table_set_meta(res, "alpha", "%s", a->str);
    g_string_free(a, TRUE);
    if (rc < 0) goto done;
    *out = res;
    res = NULL;
done:
    flow_table_free(res);
    g_free(pval);
    g_free(fe);
    g_free(s_out);
    g_free(s_in);
    g_free(k_out);
    g_free(k_in);
    return rc;
}

/* ---- series across years ----------------------------------------------------- */

/* The selection's settings with the year range [year, year]. */
int flow__structure_year_selection(flow_selection **out, const flow_selection *sel, int year)
{
    flow_selection *y = NULL;
    const char **names = NULL;
    int rc = flow_selection_new(&y, sel->net);
    if (rc < 0) return rc;
    guint nf = sel->factors->len;
    if (nf > 0) {
        names = g_try_new(const char *, nf);
        if (!names) {
            rc = flow__error_nomem();
            goto done;
        }
        for (guint j = 0; j < nf; j++)
            names[j] = flow__network_factor_name(sel->net, g_array_index(sel->factors, uint32_t, j));
        if ((rc = flow_selection_set_factors(y, names, nf)) < 0) goto done;
    }
    if ((rc = flow_selection_set_combine(y, sel->combine)) < 0) goto done;
    if ((rc = flow_selection_set_directed(y, sel->directed)) < 0) goto done;
    if ((rc = flow_selection_set_level(y, sel->level)) < 0) goto done;
    if ((rc = flow_selection_set_years(y, year, year)) < 0) goto done;
    if ((rc = flow__counterfactual_copy(y, sel)) < 0) goto done;
    rc = flow__selection_graph(y);
done:
    g_free(names);
    if (rc < 0) {
        flow_selection_free(y);
        return rc;
    }
    *out = y;
    return FLOW_OK;
}

int flow__structure_frame(flow_selection *sel)
{
    if (!sel || sel->magic != FLOW__SELECTION_MAGIC) return flow__selection_graph(sel);
    int was = sel->per_year, rc;
    if (!was && sel->built && sel->generation == sel->net->generation &&
        !flow__counterfactual_stale(sel))
        return FLOW_OK;
    sel->per_year = 1;
    rc = flow__selection_graph(sel);
    sel->per_year = was;
    if (rc < 0) return rc;
    /* The frame's graph may add a stock's years: analyses that are not
     * per year must not find it built. */
    if (!was && flow__selection_check_stocks(sel) < 0) {
        flow_error_clear();
        /* keep the frame's arrays for the caller: drop the graph at the
         * next setter or build instead */
        sel->generation = sel->net->generation - 1;
    }
    return FLOW_OK;
}

/* Names for "did you mean": the centrality measures, then the HHIs. */
static const char *series_name_at(size_t i, const void *data)
{
    (void)data;
    return i < FLOW_CENTRALITY_MEASURES ? flow_registry_name("centrality", (int)i)
                                        : hhi_names[i - FLOW_CENTRALITY_MEASURES];
}

/* Rescales a measure's own progress (0-100 within one year) onto the
 * caller's callback over all years. */
typedef struct {
    const flow_selection *sel;
    double base, span;
} year_progress;

static int year_progress_cb(double percent, const char *message, void *payload)
{
    const year_progress *yp = payload;
    return yp->sel->progress(yp->base + yp->span * percent / 100, message, yp->sel->payload);
}

/* Values of measure `m` (a centrality measure, or -1 - HHI mode) on ysel,
 * written to val (ysel->nv values). */
static int year_values(double *val, flow_selection *ysel, int m,
                       const flow_centrality_options *opts)
{
    double *x = NULL;
    int rc;
    if (m < 0) {
        if ((rc = hhi_values(&x, ysel, -1 - m)) < 0) return rc;
        if (ysel->nv) memcpy(val, x, ysel->nv * sizeof *val);
        g_free(x);
        return FLOW_OK;
    }
    flow_table *t = NULL;
    if ((rc = flow_centrality_compute(&t, ysel, m, opts)) < 0) return rc;
    if (ysel->nv) memcpy(val, flow_table_doubles(t, 1), ysel->nv * sizeof *val);
    flow_table_free(t);
    return FLOW_OK;
}

/* ---- rank stability ---------------------------------------------------------- */

typedef struct {
    double x, y;
} xy_pair;

static int cmp_xy(const void *a, const void *b)
{
    const xy_pair *p = a, *q = b;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    if (p->y != q->y) return p->y < q->y ? -1 : 1;
    return 0;
}

/* Inversions of y[0..n) (pairs i < j with y[i] > y[j]; equal values are
 * none), by merge sort into tmp; y ends sorted. */
static uint64_t inversions(double *y, double *tmp, size_t n)
{
    if (n < 2) return 0;
    size_t h = n / 2;
    uint64_t inv = inversions(y, tmp, h) + inversions(y + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (y[j] < y[i]) {
            inv += h - i;
            tmp[k++] = y[j++];
        } else {
            tmp[k++] = y[i++];
        }
    }
    while (i < h) tmp[k++] = y[i++];
    while (j < n) tmp[k++] = y[j++];
    memcpy(y, tmp, n * sizeof *y);
    return inv;
}

/* Pairs within runs of equal values of a sorted array: sum t(t-1)/2. */
static uint64_t tied_pairs(const double *v, size_t n)
{
    uint64_t t = 0;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && v[j] == v[i]; j++) {}
        t += (uint64_t)(j - i) * (j - i - 1) / 2;
    }
    return t;
}

static int kendall_tau(double *tau, xy_pair *p, size_t n)
{
    *tau = NAN;
    if (n < 2) return FLOW_OK;
    double *y = g_try_new(double, n), *tmp = g_try_new(double, n), *x = g_try_new(double, n);
    if (!y || !tmp || !x) {
        g_free(y);
        g_free(tmp);
        g_free(x);
        return flow__error_nomem();
    }
    /* Knight's O(n log n) count, as scipy.stats.kendalltau: sorted by
     * (x, y), the discordant pairs are the inversions of y. */
    qsort(p, n, sizeof *p, cmp_xy);
    uint64_t joint = 0;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && p[j].x == p[i].x && p[j].y == p[i].y; j++) {}
        joint += (uint64_t)(j - i) * (j - i - 1) / 2;
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = p[i].x;
        y[i] = p[i].y;
    }
    uint64_t xtie = tied_pairs(x, n);
    uint64_t dis = inversions(y, tmp, n); /* y is now sorted */
    uint64_t ytie = tied_pairs(y, n);
    uint64_t tot = (uint64_t)n * (n - 1) / 2;
    double con_minus_dis = (double)tot - (double)xtie - (double)ytie + (double)joint - 2.0 * (double)dis;
    if (tot > xtie && tot > ytie)
        *tau = con_minus_dis / sqrt((double)(tot - xtie)) / sqrt((double)(tot - ytie));
    g_free(x);
    g_free(y);
    g_free(tmp);
    return FLOW_OK;
}

/* Part "stability": Kendall's tau-b between the values of consecutive
 * years, over the vertices present (not NAN) in both. */
static int stability_part(flow_table *t, const double *value, const int64_t *years, size_t ny,
                          size_t nv)
{
    size_t np = ny > 1 ? ny - 1 : 0;
    flow_table *st = NULL;
    int64_t *from = NULL, *to = NULL, *count = NULL;
    double *tau = NULL;
    xy_pair *p = g_try_new(xy_pair, nv ? nv : 1);
    int rc = p ? FLOW_OK : flow__error_nomem();
    if (rc == FLOW_OK &&
        ((rc = flow__table_new(&st, NULL, "stability", np)) < 0 ||
         (rc = flow__table_add_ints(st, "year_from", &from)) < 0 ||
         (rc = flow__table_add_ints(st, "year_to", &to)) < 0 ||
         (rc = flow__table_add_ints(st, "nodes", &count)) < 0 ||
         (rc = flow__table_add_doubles(st, "kendall_tau", &tau)) < 0))
        goto done;
    for (size_t y = 0; rc == FLOW_OK && y < np; y++) {
        const double *a = value + y * nv, *b = value + (y + 1) * nv;
        size_t n = 0;
        for (size_t v = 0; v < nv; v++)
            if (!isnan(a[v]) && !isnan(b[v])) p[n++] = (xy_pair){a[v], b[v]};
        from[y] = years[y];
        to[y] = years[y + 1];
        count[y] = (int64_t)n;
        rc = kendall_tau(&tau[y], p, n);
    }
    if (rc == FLOW_OK) {
        rc = flow__table_add_part(t, st);
        st = NULL;
    }
done:
    flow_table_free(st);
    g_free(p);
    return rc;
}

int flow_structure_series(flow_table **out, flow_selection *sel, const char *measure,
                          const flow_centrality_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_structure_series: out is NULL");
    *out = NULL;
    if (!measure) return flow__error(FLOW_EINVAL, "flow_structure_series: measure is NULL");
    if (opts && opts->version != 1 && opts->version != FLOW_CENTRALITY_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL,
                           "series: unknown centrality options version %u (initialise with "
                           "FLOW_CENTRALITY_OPTIONS_INIT)",
                           opts->version);
    /* m >= 0: a centrality measure; m = -1 - mode: an HHI. */
    int m = INT_MIN;
    for (int i = 0; i < FLOW_CENTRALITY_MEASURES + 3 && m == INT_MIN; i++)
        if (strcmp(measure, series_name_at((size_t)i, NULL)) == 0)
            m = i < FLOW_CENTRALITY_MEASURES ? i : FLOW_CENTRALITY_MEASURES - 1 - i;
    if (m == INT_MIN) {
        const char *near =
            flow__suggest(measure, FLOW_CENTRALITY_MEASURES + 3, series_name_at, NULL);
        if (near)
            return flow__error(FLOW_ENOTFOUND, "series: unknown measure '%s' (did you mean '%s'?)",
                               measure, near);
        return flow__error(FLOW_ENOTFOUND, "series: unknown measure '%s'", measure);
    }
    const char *name = series_name_at(m >= 0 ? (size_t)m : (size_t)(FLOW_CENTRALITY_MEASURES - 1 - m),
                                      NULL);
    int rc = flow__structure_frame(sel);
    if (rc < 0) return rc;
    const flow_network *net = sel->net;
    size_t nv = sel->nv;

    /* The distinct years of the kept dated flows. */
    enum { SPAN = FLOW__YEAR_MAX - FLOW__YEAR_MIN + 1 };
    guint8 *seen = g_try_new0(guint8, SPAN);
    char *present = g_try_new(char, nv ? nv : 1);
    flow_table *t = NULL, *yt = NULL;
    flow_selection *ysel = NULL;
    size_t ny = 0;
    if (!seen || !present) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < net->nflows; k++)
        if (net->year[k] != FLOW_NO_YEAR && flow__selection_keeps(sel, k))
            seen[net->year[k] - FLOW__YEAR_MIN] = 1;
    for (size_t i = 0; i < SPAN; i++) ny += seen[i];
    if (nv && ny > SIZE_MAX / 2 / sizeof(double) / nv) {
        rc = flow__error_nomem();
        goto done;
    }

    /* The table: node, year, value; part "years". */
    int64_t *node = NULL, *year = NULL, *years = NULL;
    double *value = NULL;
    if ((rc = flow__table_new(&t, sel->net, "series", ny * nv)) < 0 ||
        (rc = flow__table_add_nodes(t, "node", &node)) < 0 ||
        (rc = flow__table_add_ints(t, "year", &year)) < 0 ||
        (rc = flow__table_add_doubles(t, name, &value)) < 0 ||
        (rc = flow__table_new(&yt, NULL, "years", ny)) < 0 ||
        (rc = flow__table_add_ints(yt, "year", &years)) < 0)
        goto done;
    rc = flow__table_add_part(t, yt);
    yt = NULL; /* the table's now */
    if (rc < 0) goto done;
    for (size_t i = 0, y = 0; i < SPAN; i++)
        if (seen[i]) years[y++] = (int64_t)i + FLOW__YEAR_MIN;
    for (size_t y = 0; y < ny; y++)
        for (size_t v = 0; v < nv; v++) {
            node[y * nv + v] = sel->node_of_vertex[v];
            year[y * nv + v] = years[y];
        }

    year_progress yp = {sel, 0, 0};
    for (size_t y = 0; y < ny; y++) {
        int yr = (int)years[y];
        yp.base = 100.0 * (double)y / (double)ny;
        yp.span = 100.0 / (double)ny;
        if ((rc = progress(sel, yp.base, "series")) < 0) goto done;
        if ((rc = flow__structure_year_selection(&ysel, sel, yr)) < 0) goto done;
        if (sel->progress) flow_selection_set_progress(ysel, year_progress_cb, &yp);
        /* Same network, same level: the vertices are the same by
         * construction; a mismatch would be a bug, not bad input. */
        if (ysel->nv != nv ||
            (nv && memcmp(ysel->node_of_vertex, sel->node_of_vertex, nv * sizeof(int64_t)) != 0)) {
            rc = flow__error(FLOW_ERROR, "series: the vertices of year %d do not match", yr);
            goto done;
        }
        double *row = value + y * nv;
        if ((rc = year_values(row, ysel, m, opts)) < 0) {
            /* Say which year failed (the measure's message names the rest). */
            if (rc != FLOW_ENOMEM && rc != FLOW_EINTERRUPTED) {
                char why[512];
                g_strlcpy(why, flow_last_error(), sizeof why);
                rc = flow__error(rc, "series, year %d: %s", yr, why);
            }
            goto done;
        }
        memset(present, 0, nv);
        for (size_t k = 0; k < net->nflows; k++) {
            if (net->year[k] != yr || !flow__selection_keeps(ysel, k)) continue;
            present[ysel->vertex_of_node[net->src[k]]] = 1;
            present[ysel->vertex_of_node[net->tgt[k]]] = 1;
        }
        for (size_t v = 0; v < nv; v++)
            if (!present[v]) row[v] = NAN;
        g_clear_pointer(&ysel, flow_selection_free);
    }
    if ((rc = progress(sel, 100, "series")) < 0) goto done;
    if ((rc = stability_part(t, value, years, ny, nv)) < 0) goto done;

    flow_centrality_options copt;
    if ((rc = flow__table_set_meta(t, "analysis", "series")) < 0 ||
        (rc = flow__table_set_meta(t, "measure", "%s", name)) < 0)
        goto done;
    if (m >= 0 && (rc = flow__centrality_options_of(&copt, opts)) < 0) goto done;
    rc = m >= 0 ? flow__centrality_describe(t, sel, m, &copt)
                : flow__selection_describe(t, sel, FLOW__UNIT_NONE);
    if (rc < 0) goto done;
    *out = t;
    t = NULL;
done:
    flow_table_free(t);
    flow_table_free(yt);
    flow_selection_free(ysel);
    g_free(seen);
    g_free(present);
    return rc;
}

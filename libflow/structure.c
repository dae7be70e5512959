/*
 * Flow structure (see structure.h): totals per factor and year, net flow,
 * partner concentration, reciprocity, the disparity-filter backbone and
 * per-year series of node measures.
 *
 * Everything here is plain arithmetic over edge lists, so igraph is only
 * touched to copy the selection's edges out (under the gate); the loops run
 * outside it, and long ones call the selection's progress callback
 * directly. The backbone and the totals read the network's raw flows
 * through the selection's filters (flow__selection_keeps) because they need
 * each factor apart, which the selection's merged graph no longer has.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <igraph.h>

#include "libflow/structure.h"
#include "libflow/centrality.h"
#include "error_internal.h"
#include "igraph_gate.h"
#include "network_internal.h"
#include "result_internal.h"
#include "selection_internal.h"

#define TOTALS_MAGIC 0x544f544cu /* "TOTL" */
#define SERIES_MAGIC 0x53455249u /* "SERI" */

/* ---- shared helpers ------------------------------------------------------- */

typedef struct {
    int64_t from, to;
    double w;
} arc;

/* Copies the built selection's edges out of igraph (under the gate). */
static int copy_arcs(flow_selection *sel, arc **out, size_t *m)
{
    *out = NULL;
    *m = 0;
    flow__gate gate;
    flow__igraph_enter(&gate, NULL, NULL, 0);
    size_t n = (size_t)igraph_ecount(&sel->graph);
    arc *a = g_try_new(arc, n ? n : 1);
    if (a) {
        for (size_t e = 0; e < n; e++) {
            a[e].from = IGRAPH_FROM(&sel->graph, (igraph_integer_t)e);
            a[e].to = IGRAPH_TO(&sel->graph, (igraph_integer_t)e);
            a[e].w = VECTOR(sel->weights)[e];
        }
    }
    flow__igraph_leave(&gate, IGRAPH_SUCCESS, "reading the selection's graph");
    if (!a) return flow__error_nomem();
    *out = a;
    *m = n;
    return FLOW_OK;
}

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

struct flow_totals {
    uint32_t magic;
    flow_network *net; /* referenced: factor names are borrowed from it */
    size_t n;
    total_row *rows;
};

static int cmp_total(const void *a, const void *b)
{
    const total_row *x = a, *y = b;
    if (x->factor != y->factor) return x->factor < y->factor ? -1 : 1;
    return (x->year > y->year) - (x->year < y->year);
}

int flow_structure_totals(flow_totals **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_structure_totals: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const flow_network *net = sel->net;

    /* Rows are few (factors x years): one small allocation each, found
     * through a hash on the packed (factor, year) key. */
    GHashTable *index = g_hash_table_new(g_int64_hash, g_int64_equal);
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    flow_totals *t = NULL;
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
    }
    t = g_try_new0(flow_totals, 1);
    total_row *flat = g_try_new(total_row, rows->len ? rows->len : 1);
    if (!t || !flat) {
        g_free(flat);
        g_clear_pointer(&t, g_free);
        rc = flow__error_nomem();
        goto done;
    }
    for (guint i = 0; i < rows->len; i++) flat[i] = *(total_row *)g_ptr_array_index(rows, i);
    qsort(flat, rows->len, sizeof *flat, cmp_total);
    t->magic = TOTALS_MAGIC;
    t->net = flow__network_ref(sel->net);
    t->n = rows->len;
    t->rows = flat;
    *out = t;
    rc = FLOW_OK;
done:
    g_hash_table_destroy(index);
    g_ptr_array_free(rows, TRUE);
    return rc;
}

static const total_row *total_at(const flow_totals *t, size_t r)
{
    return t && t->magic == TOTALS_MAGIC && r < t->n ? &t->rows[r] : NULL;
}

void flow_totals_free(flow_totals *t)
{
    if (!t || t->magic != TOTALS_MAGIC) return;
    flow__network_unref(t->net);
    g_free(t->rows);
    t->magic = 0;
    g_free(t);
}

size_t flow_totals_count(const flow_totals *t)
{
    return t && t->magic == TOTALS_MAGIC ? t->n : 0;
}

int64_t flow_totals_factor(const flow_totals *t, size_t r)
{
    const total_row *x = total_at(t, r);
    return x ? (int64_t)x->factor : -1;
}

const char *flow_totals_factor_name(const flow_totals *t, size_t r)
{
    const total_row *x = total_at(t, r);
    return x ? flow_network_factor_name(t->net, x->factor) : NULL;
}

int flow_totals_year(const flow_totals *t, size_t r)
{
    const total_row *x = total_at(t, r);
    return x ? x->year : FLOW_NO_YEAR;
}

size_t flow_totals_flows(const flow_totals *t, size_t r)
{
    const total_row *x = total_at(t, r);
    return x ? x->flows : 0;
}

double flow_totals_weight(const flow_totals *t, size_t r)
{
    const total_row *x = total_at(t, r);
    return x ? x->weight : NAN;
}

double flow_totals_internal(const flow_totals *t, size_t r)
{
    const total_row *x = total_at(t, r);
    return x ? x->internal : NAN;
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
    arc *a = NULL;
    size_t m = 0;
    int rc = copy_arcs(sel, &a, &m);
    if (rc < 0) return rc;
    int both = !sel->directed || mode == FLOW_STRUCTURE_TOTAL;
    size_t n = both ? 2 * m : m;
    pair_w *p = g_try_new(pair_w, n ? n : 1);
    double *s = g_try_new0(double, sel->nv ? sel->nv : 1);
    double *val = g_try_new(double, sel->nv ? sel->nv : 1);
    if (!p || !s || !val) {
        g_free(a);
        g_free(p);
        g_free(s);
        g_free(val);
        return flow__error_nomem();
    }
    size_t k = 0;
    for (size_t e = 0; e < m; e++) {
        if (both || mode == FLOW_STRUCTURE_OUT) p[k++] = (pair_w){a[e].from, a[e].to, a[e].w};
        if (both || mode == FLOW_STRUCTURE_IN) p[k++] = (pair_w){a[e].to, a[e].from, a[e].w};
    }
    g_free(a);
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

int flow_structure_net_flow(flow_scores **out, flow_selection *sel)
{
    /* One definition of net flow in the library: the centrality module's. */
    return flow_centrality_compute(out, sel, FLOW_NET_FLOW, NULL);
}

int flow_structure_hhi(flow_scores **out, flow_selection *sel, int mode)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_structure_hhi: out is NULL");
    *out = NULL;
    if (mode != FLOW_STRUCTURE_OUT && mode != FLOW_STRUCTURE_IN && mode != FLOW_STRUCTURE_TOTAL)
        return flow__error(FLOW_EINVAL,
                           "flow_structure_hhi: mode %d is not FLOW_STRUCTURE_OUT, _IN or _TOTAL",
                           mode);
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    double *val = NULL;
    if ((rc = hhi_values(&val, sel, mode)) < 0) return rc;
    return flow__scores_new(out, sel, hhi_names[mode], val);
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
    arc *a = NULL;
    size_t m = 0;
    if ((rc = copy_arcs(sel, &a, &m)) < 0) return rc;
    double ru = NAN, rw = NAN;
    if (m > 0 && !sel->directed) {
        ru = rw = 1;
    } else if (m > 0) {
        keyed *k = g_try_new(keyed, m);
        if (!k) {
            g_free(a);
            return flow__error_nomem();
        }
        for (size_t e = 0; e < m; e++)
            k[e] = (keyed){(uint64_t)a[e].from << 32 | (uint64_t)a[e].to, a[e].w};
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
    g_free(a);
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

int flow_structure_backbone(flow_edges **out, flow_selection *sel, double alpha)
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
    flow_edges *res = NULL;
    size_t n = 0;
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
    for (size_t k = 0; k < net->nflows; k++) {
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

    if ((rc = flow__edges_new(&res, sel, "p_value")) < 0) goto done;
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
            double p = fmin(pu, pv);
            if (p < alpha) flow__edges_push(res, sel, x->u, x->v, f, x->w, p);
        }
        for (size_t i = lo; i < hi; i++) {
            s_out[fe[i].u] = s_in[fe[i].u] = k_out[fe[i].u] = k_in[fe[i].u] = 0;
            s_out[fe[i].v] = s_in[fe[i].v] = k_out[fe[i].v] = k_in[fe[i].v] = 0;
        }
        lo = hi;
    }
    if ((rc = progress(sel, 100, "backbone")) < 0) goto done;
    *out = res;
    res = NULL;
done:
    flow_edges_free(res);
    g_free(fe);
    g_free(s_out);
    g_free(s_in);
    g_free(k_out);
    g_free(k_in);
    return rc;
}

/* ---- series across years ----------------------------------------------------- */

struct flow_series {
    uint32_t magic;
    flow_network *net; /* referenced */
    char *measure;
    size_t ny, nv;
    int *years;
    int64_t *nodes;  /* network node of each vertex */
    double *values;  /* ny x nv, row-major */
};

/* The selection's settings with the year range [year, year]. */
static int year_selection(flow_selection **out, const flow_selection *sel, int year)
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
            names[j] = flow_network_factor_name(sel->net, g_array_index(sel->factors, uint32_t, j));
        if ((rc = flow_selection_set_factors(y, names, nf)) < 0) goto done;
    }
    if ((rc = flow_selection_set_combine(y, sel->combine)) < 0) goto done;
    if ((rc = flow_selection_set_directed(y, sel->directed)) < 0) goto done;
    if ((rc = flow_selection_set_level(y, sel->level)) < 0) goto done;
    if ((rc = flow_selection_set_years(y, year, year)) < 0) goto done;
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

void flow_series_free(flow_series *s)
{
    if (!s || s->magic != SERIES_MAGIC) return;
    flow__network_unref(s->net);
    g_free(s->measure);
    g_free(s->years);
    g_free(s->nodes);
    g_free(s->values);
    s->magic = 0;
    g_free(s);
}

/* Names for "did you mean": the centrality measures, then the HHIs. */
static const char *series_name_at(size_t i, const void *data)
{
    (void)data;
    return i < FLOW_CENTRALITY_MEASURES ? flow_centrality_measure_name((int)i)
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

/* Values of measure `m` (a centrality measure, or -1 - HHI mode) on ysel. */
static int year_values(double **out, flow_selection *ysel, int m,
                       const flow_centrality_options *opts)
{
    *out = NULL;
    if (m < 0) return hhi_values(out, ysel, -1 - m);
    flow_scores *sc = NULL;
    int rc = flow_centrality_compute(&sc, ysel, m, opts);
    if (rc < 0) return rc;
    double *val = g_try_new(double, ysel->nv ? ysel->nv : 1);
    if (!val) {
        flow_scores_free(sc);
        return flow__error_nomem();
    }
    if (ysel->nv) memcpy(val, flow_scores_values(sc), ysel->nv * sizeof *val);
    flow_scores_free(sc);
    *out = val;
    return FLOW_OK;
}

int flow_structure_series(flow_series **out, flow_selection *sel, const char *measure,
                          const flow_centrality_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_structure_series: out is NULL");
    *out = NULL;
    if (!measure) return flow__error(FLOW_EINVAL, "flow_structure_series: measure is NULL");
    if (opts && opts->version != FLOW_CENTRALITY_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL,
                           "series: unknown centrality options version %u (initialise with "
                           "FLOW_CENTRALITY_OPTIONS_INIT)",
                           opts->version);
    /* m >= 0: a centrality measure; m = -1 - mode: an HHI. */
    int m = INT_MIN;
    for (int i = 0; i < FLOW_CENTRALITY_MEASURES && m == INT_MIN; i++)
        if (strcmp(measure, flow_centrality_measure_name(i)) == 0) m = i;
    for (int i = 0; i < 3 && m == INT_MIN; i++)
        if (strcmp(measure, hhi_names[i]) == 0) m = -1 - i;
    if (m == INT_MIN) {
        const char *near =
            flow__suggest(measure, FLOW_CENTRALITY_MEASURES + 3, series_name_at, NULL);
        if (near)
            return flow__error(FLOW_ENOTFOUND, "series: unknown measure '%s' (did you mean '%s'?)",
                               measure, near);
        return flow__error(FLOW_ENOTFOUND, "series: unknown measure '%s'", measure);
    }
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const flow_network *net = sel->net;

    /* The distinct years of the kept dated flows. */
    enum { SPAN = FLOW__YEAR_MAX - FLOW__YEAR_MIN + 1 };
    guint8 *seen = g_try_new0(guint8, SPAN);
    char *present = g_try_new(char, sel->nv ? sel->nv : 1);
    flow_series *s = g_try_new0(flow_series, 1);
    flow_selection *ysel = NULL;
    double *val = NULL;
    if (!seen || !present || !s) {
        g_free(s);
        s = NULL;
        rc = flow__error_nomem();
        goto done;
    }
    s->magic = SERIES_MAGIC;
    s->net = flow__network_ref(sel->net);
    s->measure = g_strdup(series_name_at(m >= 0 ? (size_t)m
                                                : (size_t)(FLOW_CENTRALITY_MEASURES - 1 - m),
                                         NULL));
    s->nv = sel->nv;
    for (size_t k = 0; k < net->nflows; k++)
        if (net->year[k] != FLOW_NO_YEAR && flow__selection_keeps(sel, k))
            seen[net->year[k] - FLOW__YEAR_MIN] = 1;
    for (size_t i = 0; i < SPAN; i++) s->ny += seen[i];
    s->years = g_try_new(int, s->ny ? s->ny : 1);
    s->nodes = g_try_new(int64_t, s->nv ? s->nv : 1);
    size_t cells = s->ny * s->nv;
    s->values = g_try_new(double, cells ? cells : 1);
    if (!s->years || !s->nodes || !s->values) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t i = 0, y = 0; i < SPAN; i++)
        if (seen[i]) s->years[y++] = (int)i + FLOW__YEAR_MIN;
    if (s->nv) memcpy(s->nodes, sel->node_of_vertex, s->nv * sizeof *s->nodes);

    year_progress yp = {sel, 0, 0};
    for (size_t y = 0; y < s->ny; y++) {
        yp.base = 100.0 * (double)y / (double)s->ny;
        yp.span = 100.0 / (double)s->ny;
        if ((rc = progress(sel, yp.base, "series")) < 0) goto done;
        if ((rc = year_selection(&ysel, sel, s->years[y])) < 0) goto done;
        if (sel->progress) flow_selection_set_progress(ysel, year_progress_cb, &yp);
        /* Same network, same level: the vertices are the same by
         * construction; a mismatch would be a bug, not bad input. */
        if (ysel->nv != sel->nv ||
            (sel->nv && memcmp(ysel->node_of_vertex, sel->node_of_vertex,
                               sel->nv * sizeof(int64_t)) != 0)) {
            rc = flow__error(FLOW_ERROR, "series: the vertices of year %d do not match",
                             s->years[y]);
            goto done;
        }
        if ((rc = year_values(&val, ysel, m, opts)) < 0) {
            /* Say which year failed (the measure's message names the rest). */
            if (rc != FLOW_ENOMEM && rc != FLOW_EINTERRUPTED) {
                char why[512];
                g_strlcpy(why, flow_last_error(), sizeof why);
                rc = flow__error(rc, "series, year %d: %s", s->years[y], why);
            }
            goto done;
        }
        memset(present, 0, sel->nv);
        for (size_t k = 0; k < net->nflows; k++) {
            if (net->year[k] != s->years[y] || !flow__selection_keeps(ysel, k)) continue;
            present[ysel->vertex_of_node[net->src[k]]] = 1;
            present[ysel->vertex_of_node[net->tgt[k]]] = 1;
        }
        double *row = s->values + y * s->nv;
        for (size_t v = 0; v < s->nv; v++) row[v] = present[v] ? val[v] : NAN;
        g_clear_pointer(&val, g_free);
        g_clear_pointer(&ysel, flow_selection_free);
    }
    if ((rc = progress(sel, 100, "series")) < 0) goto done;
    *out = s;
    s = NULL;
done:
    flow_series_free(s);
    flow_selection_free(ysel);
    g_free(val);
    g_free(seen);
    g_free(present);
    return rc;
}

static int series_ok(const flow_series *s) { return s && s->magic == SERIES_MAGIC; }

const char *flow_series_measure(const flow_series *s) { return series_ok(s) ? s->measure : NULL; }
size_t flow_series_year_count(const flow_series *s) { return series_ok(s) ? s->ny : 0; }
size_t flow_series_node_count(const flow_series *s) { return series_ok(s) ? s->nv : 0; }

int flow_series_year(const flow_series *s, size_t y)
{
    return series_ok(s) && y < s->ny ? s->years[y] : FLOW_NO_YEAR;
}

int64_t flow_series_node(const flow_series *s, size_t v)
{
    return series_ok(s) && v < s->nv ? s->nodes[v] : -1;
}

const char *flow_series_id(const flow_series *s, size_t v)
{
    return series_ok(s) && v < s->nv ? flow_network_node_id(s->net, (size_t)s->nodes[v]) : NULL;
}

double flow_series_value(const flow_series *s, size_t y, size_t v)
{
    return series_ok(s) && y < s->ny && v < s->nv ? s->values[y * s->nv + v] : NAN;
}

const double *flow_series_values(const flow_series *s, size_t y)
{
    return series_ok(s) && y < s->ny ? s->values + y * s->nv : NULL;
}

/*
 * Centrality measures (see centrality.h for the conventions).
 *
 * Outline of flow_centrality_compute():
 *   1. check the arguments and options, build the selection's graph;
 *   2. ask the progress callback once (percent 0);
 *   3. an empty selection gives an empty result without touching igraph;
 *   4. participation is computed here from the network's raw flows (it
 *      needs the per-factor split that the merged graph has lost), and
 *      PageRank by libflow's own solver on the selection's arrays
 *      (pagerank(): no igraph graph, no copy of the edges);
 *   5. everything else is one igraph call inside the gate, on the igraph
 *      graph of the selection's arrays (made there on first use, then kept
 *      with the selection) and edge values prepared here: strengths as
 *      they are, or lengths derived from them;
 *   6. post-processing that igraph does not do (net flow, networkx-style
 *      betweenness and degree normalisation), written straight into the
 *      value column of the result table, then the table's metadata.
 *
 * Why the weights are checked again: the selection guarantees weights > 0,
 * but summing flows can overflow to infinity, 1 / weight overflows for
 * denormal weights, and igraph fails or returns NaN on non-positive or
 * non-finite weights. Nothing but finite, positive values reaches igraph.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include <glib.h>
#include <igraph.h>

#include "libflow/centrality.h"
#include "centrality_internal.h"
#include "error_internal.h"
#include "export_internal.h"
#include "igraph_gate.h"
#include "network_internal.h"
#include "registry_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

/* Participation scans the flows itself; it asks the callback this often. */
#define PROGRESS_EVERY ((size_t)1 << 16)

/* PageRank's tolerance: the L1 distance of its values to the exact ones;
 * and the most sweeps it makes (centrality.h). */
#define PAGERANK_TOL 1e-12
#define PAGERANK_MAX_SWEEPS 1e6

/* ---- registries ------------------------------------------------------------ */

static const flow__param p_pagerank[] = {
    {"damping", "double", "0.85", "probability of following an edge, in [0, 1)"},
    {"personalization", "ids", "", "node ids or groups the walker jumps to (default: all)"},
    {NULL, NULL, NULL, NULL}};
static const flow__param p_path[] = {
    {"length", "length", "inverse", "how a weight becomes a path length"},
    {"normalized", "bool", "0", "1: normalised values"},
    {"sources", "count", "0", "source nodes sampled for an estimate (0: all, exact)"},
    {"seed", "seed", "1", "seed of the source sample"},
    {NULL, NULL, NULL, NULL}};
static const flow__param p_close[] = {
    {"length", "length", "inverse", "how a weight becomes a path length"},
    {"mode", "path", "out", "path direction on a directed selection"},
    {"normalized", "bool", "0", "1: normalised values"},
    {NULL, NULL, NULL, NULL}};
static const flow__param p_reach[] = {
    {"mode", "path", "out", "path direction on a directed selection"},
    {"normalized", "bool", "0", "1: divided by n - 1"},
    {NULL, NULL, NULL, NULL}};
static const flow__param p_degree[] = {
    {"normalized", "bool", "0", "1: divided by n - 1"}, {NULL, NULL, NULL, NULL}};

#define W FLOW_REG_WEIGHTED
#define U FLOW_REG_IN_UNITS
static const flow__entry centrality_entries[] = {
    {"in_strength", FLOW_IN_STRENGTH, W | U, "total weight received", NULL},
    {"out_strength", FLOW_OUT_STRENGTH, W | U, "total weight sent", NULL},
    {"strength", FLOW_STRENGTH, W | U, "total weight sent and received", NULL},
    {"net_flow", FLOW_NET_FLOW, W | U,
     "weight sent minus weight received (out - in: > 0 a net sender; census and migration "
     "tables often give the opposite, in - out)",
     NULL},
    {"in_degree", FLOW_IN_DEGREE, 0, "number of senders", p_degree},
    {"out_degree", FLOW_OUT_DEGREE, 0, "number of receivers", p_degree},
    {"degree", FLOW_DEGREE, 0, "number of partners (in + out)", p_degree},
    {"pagerank", FLOW_PAGERANK, W, "PageRank of the weighted flows", p_pagerank},
    {"hub", FLOW_HUB, W, "HITS hub score: sends to strong absorbers", NULL},
    {"authority", FLOW_AUTHORITY, W, "HITS authority score: receives from strong sources", NULL},
    {"betweenness", FLOW_BETWEENNESS, W, "shortest paths passing through the node",
     p_path},
    {"closeness", FLOW_CLOSENESS, W, "1 / sum of the distances to the nodes reached", p_close},
    {"harmonic", FLOW_HARMONIC, W, "sum of inverse distances to the other nodes", p_close},
    {"eigenvector", FLOW_EIGENVECTOR, W, "eigenvector centrality of the weighted flows", NULL},
    {"constraint", FLOW_CONSTRAINT, W, "Burt's constraint (low: a broker across holes)", NULL},
    {"participation", FLOW_PARTICIPATION, W,
     "how evenly the node's flow spreads over the factors", NULL},
    {"reach", FLOW_REACH, 0, "other nodes a path from the node reaches", p_reach},
};
#undef W
#undef U
FLOW__FAMILY(flow__centrality_family, "centrality", "centrality measure",
             "per-node centrality measures (flow_centrality_compute)", centrality_entries);

static const flow__entry length_entries[] = {
    {"inverse", FLOW_LENGTH_INVERSE, 0, "1 / weight: strong flow = short distance", NULL},
    {"unit", FLOW_LENGTH_UNIT, 0, "1 per edge: hop counts", NULL},
    {"weight", FLOW_LENGTH_WEIGHT, 0, "the weight itself is a distance", NULL},
};
FLOW__FAMILY(flow__length_family, "length", "length transform",
             "how path measures turn weights into lengths", length_entries);

static const flow__entry path_entries[] = {
    {"out", FLOW_PATH_OUT, 0, "paths from the node, along the flow", NULL},
    {"in", FLOW_PATH_IN, 0, "paths into the node", NULL},
    {"all", FLOW_PATH_ALL, 0, "direction ignored", NULL},
};
FLOW__FAMILY(flow__path_family, "path", "path mode",
             "path direction of closeness, harmonic and reach", path_entries);

/* The first version of the options, without `sources` and `seed`: its
 * fields are the current struct's up to there. */
#define OPTIONS_V1_SIZE offsetof(flow_centrality_options, sources)

int flow__centrality_options_of(flow_centrality_options *o, const flow_centrality_options *opts)
{
    const flow_centrality_options def = FLOW_CENTRALITY_OPTIONS_INIT;
    *o = def;
    if (!opts) return FLOW_OK;
    int rc = flow__centrality_check_options(opts);
    if (rc < 0) return rc;
    if (opts->version == 1) {
        memcpy(o, opts, OPTIONS_V1_SIZE); /* sources, seed: the defaults */
        o->version = FLOW_CENTRALITY_OPTIONS_VERSION;
    } else {
        *o = *opts;
    }
    return FLOW_OK;
}

int flow_centrality_options_init(flow_centrality_options *opts, unsigned int version)
{
    if (!opts) return flow__error(FLOW_EINVAL, "flow_centrality_options_init: opts is NULL");
    if (version == 1) {
        flow_centrality_options d = FLOW_CENTRALITY_OPTIONS_INIT;
        d.version = 1;
        memcpy(opts, &d, OPTIONS_V1_SIZE);
        return FLOW_OK;
    }
    if (version != FLOW_CENTRALITY_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL,
                           "flow_centrality_options_init: unknown options version %u "
                           "(this library knows %u)",
                           version, (unsigned)FLOW_CENTRALITY_OPTIONS_VERSION);
    const flow_centrality_options def = FLOW_CENTRALITY_OPTIONS_INIT;
    *opts = def;
    return FLOW_OK;
}

/* ---- describing a result ----------------------------------------------- */

int flow__centrality_describe(flow_table *t, const flow_selection *sel, int measure,
                              const flow_centrality_options *o)
{
    const flow__entry *e = &centrality_entries[measure];
    int rc = flow__selection_describe(
        t, sel, (e->flags & FLOW_REG_IN_UNITS) ? FLOW__UNIT_SELECTION : FLOW__UNIT_NONE);
    /* The options the measure's registry entry lists, as text. */
    for (const flow__param *p = e->params; rc == FLOW_OK && p && p->name; p++) {
        if (strcmp(p->name, "damping") == 0) {
            GString *g = g_string_new(NULL);
            flow__export_number(g, o->damping);
            rc = flow__table_set_meta(t, p->name, "%s", g->str);
            g_string_free(g, TRUE);
        } else if (strcmp(p->name, "personalization") == 0) {
            GString *g = g_string_new(NULL);
            for (size_t i = 0; i < o->personalization_count; i++) {
                if (i) g_string_append_c(g, ',');
                g_string_append(g, o->personalization[i] ? o->personalization[i] : "");
            }
            rc = flow__table_set_meta(t, p->name, "%s", g->str);
            g_string_free(g, TRUE);
        } else if (strcmp(p->name, "length") == 0) {
            rc = flow__table_set_meta(t, p->name, "%s", flow_registry_name("length", o->length));
        } else if (strcmp(p->name, "mode") == 0) {
            rc = flow__table_set_meta(t, p->name, "%s", flow_registry_name("path", o->mode));
        } else if (strcmp(p->name, "normalized") == 0) {
            rc = flow__table_set_meta(t, p->name, "%d", o->normalized);
        } else if (strcmp(p->name, "sources") == 0) {
            if (flow__centrality_sampled(sel, o))
                rc = flow__table_set_meta(t, p->name, "%zu", o->sources);
            else
                rc = flow__table_set_meta(t, p->name, "all");
        } else if (strcmp(p->name, "seed") == 0 && flow__centrality_sampled(sel, o)) {
            rc = flow__table_set_meta(t, p->name, "%" PRIu64, o->seed);
        }
    }
    return rc;
}

int flow__centrality_sampled(const flow_selection *sel, const flow_centrality_options *o)
{
    return o->version >= 2 && o->sources > 0 && o->sources < sel->nv;
}

int flow__centrality_check_options(const flow_centrality_options *o)
{
    if (o->version != 1 && o->version != FLOW_CENTRALITY_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL,
                           "centrality options: unknown version %u (this library knows %u; "
                           "initialise with FLOW_CENTRALITY_OPTIONS_INIT)",
                           o->version, (unsigned)FLOW_CENTRALITY_OPTIONS_VERSION);
    if (!(o->damping >= 0 && o->damping < 1))
        return flow__error(FLOW_EINVAL, "centrality options: damping %g is not in [0, 1)",
                           o->damping);
    if (o->length != FLOW_LENGTH_INVERSE && o->length != FLOW_LENGTH_UNIT &&
        o->length != FLOW_LENGTH_WEIGHT)
        return flow__error(FLOW_EINVAL,
                           "centrality options: length %d is not one of FLOW_LENGTH_INVERSE, "
                           "FLOW_LENGTH_UNIT, FLOW_LENGTH_WEIGHT",
                           o->length);
    if (o->mode != FLOW_PATH_OUT && o->mode != FLOW_PATH_IN && o->mode != FLOW_PATH_ALL)
        return flow__error(FLOW_EINVAL,
                           "centrality options: mode %d is not one of FLOW_PATH_OUT, "
                           "FLOW_PATH_IN, FLOW_PATH_ALL",
                           o->mode);
    if (o->normalized != 0 && o->normalized != 1)
        return flow__error(FLOW_EINVAL, "centrality options: normalized must be 0 or 1, not %d",
                           o->normalized);
    if (o->personalization_count > 0 && !o->personalization)
        return flow__error(FLOW_EINVAL,
                           "centrality options: personalization is NULL but "
                           "personalization_count is %zu",
                           o->personalization_count);
    if (o->version >= 2 && o->sources == 1)
        return flow__error(FLOW_EINVAL, "centrality options: a sample of sources needs at least "
                                        "2 (sources 0: all, exact)");
    return FLOW_OK;
}

static int ask_progress(const flow_selection *sel, double percent, const char *what)
{
    if (sel->progress && sel->progress(percent, what, sel->payload) != 0)
        return flow__error(FLOW_EINTERRUPTED, "%s: interrupted by the progress callback", what);
    return FLOW_OK;
}

/* ---- participation (no igraph) ------------------------------------------- */

static int participation(flow_selection *sel, double *values)
{
    const flow_network *net = sel->net;
    size_t nf = net->factors->len;
    int rc = FLOW_OK;

    /* Column of each network factor among the kept ones, -1 if not kept. */
    int64_t *col = g_try_new(int64_t, nf ? nf : 1);
    if (!col) return flow__error_nomem();
    size_t K = 0;
    for (size_t f = 0; f < nf; f++) col[f] = sel->factors->len == 0 ? (int64_t)K++ : -1;
    for (guint j = 0; j < sel->factors->len; j++)
        col[g_array_index(sel->factors, uint32_t, j)] = (int64_t)K++;

    double *s = NULL;
    if (K > 0 && sel->nv > SIZE_MAX / sizeof(double) / K) {
        rc = flow__error_nomem();
        goto done;
    }
    s = g_try_new0(double, K && sel->nv ? sel->nv * K : 1);
    if (!s) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < net->nflows; k++) {
        if (k % PROGRESS_EVERY == PROGRESS_EVERY - 1 &&
            (rc = ask_progress(sel, 100.0 * (double)k / (double)net->nflows, "participation")) < 0)
            goto done;
        if (!flow__selection_keeps(sel, k)) continue;
        int64_t u = sel->vertex_of_node[net->src[k]], v = sel->vertex_of_node[net->tgt[k]];
        if (u == v) continue; /* intra-node flow */
        /* factor_scale is 1 under FLOW_COMBINE_SUM, 1 / total under SHARE */
        double w = net->weight[k] * sel->factor_scale[net->fac[k]];
        size_t c = (size_t)col[net->fac[k]];
        s[(size_t)u * K + c] += w;
        s[(size_t)v * K + c] += w;
    }
    for (size_t v = 0; v < sel->nv; v++) {
        const double *row = s + v * K;
        double total = 0, sq = 0;
        for (size_t c = 0; c < K; c++) total += row[c];
        if (!(total > 0)) {
            values[v] = NAN;
            continue;
        }
        if (K == 1) {
            values[v] = 0;
            continue;
        }
        for (size_t c = 0; c < K; c++) sq += (row[c] / total) * (row[c] / total);
        double p = (double)K / (double)(K - 1) * (1 - sq);
        values[v] = p > 0 ? p : 0; /* 1 - sq may round just below 0 */
    }
done:
    g_free(s);
    g_free(col);
    return rc;
}

/* ---- PageRank (no igraph) ------------------------------------------------ */

/* A weight as the walk and spectral measures see it: divided by the
 * largest, and a ratio below the smallest normal double (1e-300 beside
 * 1e300) raised to it: such a tie weighs nothing beside the largest, but
 * stays a tie. */
static double scaled_weight(double w, double max)
{
    double x = w / max;
    return x < DBL_MIN ? DBL_MIN : x;
}

/*
 * PageRank on the selection's own arrays, with igraph 0.10.2's conventions
 * (igraph_personalized_pagerank(), PRPACK; centrality.h): the walker at u
 * follows an out-edge u -> v with probability d w_uv / s_u (w the scaled
 * weights, s_u their sum over u's out-edges; undirected: every edge both
 * ways), and jumps to r otherwise (r uniform over every vertex, or over the
 * personalisation set); a dangling vertex (s_u = 0) always jumps to r. As
 * the jump and the dangling vertices' mass go to the same r, the PageRank
 * vector is y / |y|_1 for the solution y of y = r + d P y, P the walk's
 * substochastic matrix (P_vu = w_uv / s_u, a dangling column 0): PRPACK's
 * own reduction. Here y is found by Gauss-Seidel sweeps over the vertices
 * in order, from y = r, pulling along the in-adjacency with the
 * transition probabilities in its order (p, one double per entry, the one
 * working array beside y).
 *
 * Convergence: after a sweep that changed y by D (L1), the residual
 * r + d P y - y is at most d D in L1 (each vertex's equation held when it
 * was updated, and P's columns sum to at most 1), so |y - y*|_1 <=
 * d D / (1 - d). The sweeps stop when that bound is at most
 * PAGERANK_TOL / 2 of |y|_1, which bounds the L1 distance of the
 * normalised values to the exact PageRank by PAGERANK_TOL (up to
 * rounding). The power (Jacobi) iteration reaches that in
 * log(tol (1 - d) / 2) / log d steps; Gauss-Seidel converges no slower on
 * this nonnegative system (Stein-Rosenberg). The cap is twice that plus
 * 100 sweeps, and at most PAGERANK_MAX_SWEEPS: reaching it (a damping so
 * close to 1 that |y*|_1 = |r|_1 / (1 - d) on a graph without dangling
 * vertices takes more sweeps to build up, or rounding that keeps the change
 * above the bound) is FLOW_ECONVERGE, never a value. Each sweep
 * asks the progress callback (percent: the share of the way, on a log
 * scale, from the first sweep's bound to the tolerance).
 *
 * y is the result column (sel->nv values). FLOW_OK, FLOW_ECONVERGE,
 * FLOW_EINTERRUPTED or FLOW_ENOMEM.
 */
static int pagerank(const flow_selection *sel, double d, const int64_t *pers, size_t npers,
                    double *y)
{
    const flow__graph *g = &sel->graph;
    const size_t n = sel->nv, ne = g->ne, nin = g->directed ? ne : 2 * ne;
    const size_t *start = g->in_start;
    const uint32_t *nbr = g->in_nbr;
    const double half_tol = PAGERANK_TOL / 2;

    /* out-strengths of the scaled weights, then the transition
     * probabilities in in-adjacency order */
    double max = 0;
    for (size_t e = 0; e < ne; e++) max = g->weight[e] > max ? g->weight[e] : max;
    double *s = g_try_new0(double, n);
    double *p = g_try_new(double, nin ? nin : 1);
    if (!s || !p) {
        g_free(s);
        g_free(p);
        return flow__error_nomem();
    }
    for (size_t e = 0; e < ne; e++) {
        double x = scaled_weight(g->weight[e], max);
        s[g->from[e]] += x;
        if (!g->directed) s[g->to[e]] += x;
    }
    for (size_t i = 0; i < nin; i++)
        p[i] = scaled_weight(g->weight[g->in_edge[i]], max) / s[nbr[i]];
    g_free(s);

    /* r: 1 on the jump targets (the scale of y does not matter) */
    for (size_t v = 0, k = 0; v < n; v++) {
        int in = !pers || (k < npers && pers[k] == (int64_t)v);
        k += pers && in;
        y[v] = in ? 1 : 0;
    }
    double jacobi = d > 0 ? log(half_tol * (1 - d)) / log(d) : 0;
    double cap = fmin(2 * jacobi + 100, PAGERANK_MAX_SWEEPS), first = 0, percent = 0;
    int rc = FLOW_OK;
    for (double sweep = 1;; sweep++) {
        double change = 0, total = 0;
        for (size_t v = 0, k = 0; v < n; v++) {
            double acc = 0;
            for (size_t i = start[v]; i < start[v + 1]; i++) acc += p[i] * y[nbr[i]];
            int in = !pers || (k < npers && pers[k] == (int64_t)v);
            k += pers && in;
            double t = (in ? 1 : 0) + d * acc;
            change += fabs(t - y[v]);
            total += t;
            y[v] = t;
        }
        /* the error bound, relative to |y|_1 */
        double bound = d > 0 ? d * change / ((1 - d) * total) : 0;
        if (bound <= half_tol) break;
        if (sweep >= cap) {
            rc = flow__error(FLOW_ECONVERGE,
                             "pagerank: no convergence to an L1 error of %g in %.0f sweeps "
                             "(its bound is still %.3g): damping %.17g is too close to 1",
                             PAGERANK_TOL, sweep, 2 * bound, d);
            break;
        }
        if (sweep == 1) first = bound;
        double at = first > half_tol ? 100 * log(first / bound) / log(first / half_tol) : 0;
        percent = at > percent ? (at < 99 ? at : 99) : percent;
        if ((rc = ask_progress(sel, percent, "pagerank")) < 0) break;
    }
    g_free(p);
    if (rc < 0) return rc;
    /* normalised to sum 1, the sum compensated (Kahan) */
    double sum = 0, c = 0;
    for (size_t v = 0; v < n; v++) {
        double a = y[v] - c, b = sum + a;
        c = (b - sum) - a;
        sum = b;
    }
    for (size_t v = 0; v < n; v++) y[v] /= sum;
    return FLOW_OK;
}

/* ---- the igraph measures ------------------------------------------------- */

typedef struct {
    flow_selection *sel;
    int measure;
    const flow_centrality_options *o;
    double *values; /* sel->nv, the result */
    int rc;         /* a libflow-level failure found inside the gate */
    const igraph_integer_t *sample; /* betweenness: the sampled sources, or NULL */
    size_t nsample;
} job;

/* The edge values igraph gets, in a fresh array (NULL + FLOW_OK means
 * "unweighted"). Strength measures get the (checked) weights; walk and spectral
 * measures, which do not change when every weight is multiplied by the same
 * factor, get them divided by the largest weight;
 * path measures get lengths. */
enum { AS_WEIGHT, AS_SCALED_WEIGHT, AS_LENGTH };

static int edge_values(const job *j, int as, double **out, double *unit)
{
    *unit = 1;
    const flow_selection *sel = j->sel;
    size_t ne = sel->graph.ne;
    const double *w = sel->graph.weight;
    *out = NULL;
    if (as == AS_LENGTH && j->o->length == FLOW_LENGTH_UNIT) return FLOW_OK;
    double *x = g_try_new(double, ne ? ne : 1);
    if (!x) return flow__error_nomem();
    double max = 0; /* the selection's weights are finite and > 0 */
    for (size_t e = 0; e < ne; e++) {
        x[e] = w[e];
        max = w[e] > max ? w[e] : max;
    }
    /* Always scaled: HITS multiplies weights (A^T A), which overflows for
     * weights near 1e300 even when their sum does not. */
    if (as == AS_SCALED_WEIGHT)
        for (size_t e = 0; e < ne; e++) x[e] = scaled_weight(w[e], max);
    if (as == AS_LENGTH && j->o->length == FLOW_LENGTH_INVERSE)
        for (size_t e = 0; e < ne; e++) x[e] = 1 / w[e];
    for (size_t e = 0; e < ne; e++)
        if (!(isfinite(x[e]) && x[e] > 0)) {
            double bad = x[e];
            g_free(x);
            return flow__error(FLOW_ELIMIT,
                               "centrality: selection edge %zu (weight %g) gives the value %g, "
                               "which igraph cannot use",
                               e, w[e], bad);
        }
    /* Lengths are divided by the shortest: igraph 0.10's shortest paths
     * keep distances as 1 + d, which loses lengths below 1e-16 (closeness
     * NaN, harmonic inf for weights of 1e100 and more). Path measures are
     * proportional to 1 / length (closeness, harmonic: divided by *unit
     * afterwards) or do not change (betweenness); a ratio beyond
     * DBL_MAX / (ne + 1) (lengths 1e-300 beside 1e300) is capped there, so
     * that sums of lengths stay finite. */
    if (as == AS_LENGTH && ne > 0) {
        double lmin = INFINITY, cap = DBL_MAX / ((double)ne + 1);
        for (size_t e = 0; e < ne; e++) lmin = x[e] < lmin ? x[e] : lmin;
        for (size_t e = 0; e < ne; e++) {
            x[e] /= lmin;
            if (!(x[e] <= cap)) x[e] = cap;
        }
        *unit = lmin;
    }
    *out = x;
    return FLOW_OK;
}

static igraph_neimode_t path_mode(const job *j)
{
    if (!j->sel->directed) return IGRAPH_ALL;
    switch (j->o->mode) {
    case FLOW_PATH_IN: return IGRAPH_IN;
    case FLOW_PATH_ALL: return IGRAPH_ALL;
    default: return IGRAPH_OUT;
    }
}

/* Closeness and harmonic centrality, one shortest-path tree per vertex:
 * igraph 0.10 reports no progress for them and cannot be interrupted, so
 * they run on 100 slices of the vertices with a progress call after each
 * (the values do not depend on the slicing). */
static igraph_error_t by_chunks(const job *j, const igraph_t *g, igraph_vector_t *res,
                                igraph_vector_t *part, const igraph_vector_t *wv)
{
    igraph_integer_t nv = igraph_vcount(g);
    igraph_integer_t step = nv / 100 + 1;
    igraph_error_t err = IGRAPH_SUCCESS;
    const char *what = centrality_entries[j->measure].name;
    for (igraph_integer_t from = 0; from < nv && err == IGRAPH_SUCCESS; from += step) {
        igraph_integer_t to = from + step < nv ? from + step : nv;
        if (j->measure == FLOW_CLOSENESS)
            err = igraph_closeness(g, part, NULL, NULL, igraph_vss_range(from, to), path_mode(j),
                                   wv, j->o->normalized);
        else
            err = igraph_harmonic_centrality(g, part, igraph_vss_range(from, to), path_mode(j),
                                             wv, j->o->normalized);
        if (err != IGRAPH_SUCCESS) break;
        for (igraph_integer_t v = from; v < to; v++) VECTOR(*res)[v] = VECTOR(*part)[v - from];
        if (flow__igraph_progress(100.0 * (double)to / (double)nv, what)) err = IGRAPH_INTERRUPTED;
    }
    return err;
}

/* Betweenness estimated from the sampled sources (networkx's estimator,
 * see FLOW_BETWEENNESS in centrality.h): the sources' dependencies summed
 * over every target, scaled to the n - 1 sources a vertex has. */
static igraph_error_t sampled_betweenness(const job *j, const igraph_t *g, igraph_vector_t *res,
                                          const igraph_vector_t *wv)
{
    igraph_vector_int_t src;
    igraph_vs_t vs;
    igraph_vector_int_view(&src, j->sample, (igraph_integer_t)j->nsample);
    IGRAPH_CHECK(igraph_vs_vector(&vs, &src));
    IGRAPH_CHECK(igraph_betweenness_subset(g, res, igraph_vss_all(), 1, vs, igraph_vss_all(), wv));
    double n1 = (double)j->sel->nv - 1, k = (double)j->nsample;
    size_t i = 0;
    for (igraph_integer_t v = 0; v < igraph_vector_size(res); v++) {
        int sampled = i < j->nsample && j->sample[i] == v;
        i += sampled;
        VECTOR(*res)[v] *= n1 / (sampled ? k - 1 : k);
    }
    return IGRAPH_SUCCESS;
}

/* k of the n vertices drawn without replacement from `seed` (a partial
 * Fisher-Yates shuffle driven by splitmix64), ascending. */
static igraph_integer_t *draw_sources(size_t n, size_t k, uint64_t seed)
{
    igraph_integer_t *a = g_try_new(igraph_integer_t, n ? n : 1);
    if (!a) return NULL;
    for (size_t i = 0; i < n; i++) a[i] = (igraph_integer_t)i;
    uint64_t st = seed;
    for (size_t i = 0; i < k; i++) {
        uint64_t z = (st += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        size_t r = i + (size_t)(z % (uint64_t)(n - i));
        igraph_integer_t x = a[i];
        a[i] = a[r];
        a[r] = x;
    }
    /* ascending: mark, then collect */
    uint8_t *in = g_try_new0(uint8_t, n ? n : 1);
    if (!in) {
        g_free(a);
        return NULL;
    }
    for (size_t i = 0; i < k; i++) in[a[i]] = 1;
    size_t m = 0;
    for (size_t v = 0; v < n; v++)
        if (in[v]) a[m++] = (igraph_integer_t)v;
    g_free(in);
    return a;
}

/* Runs inside the gate. Returns igraph's status; libflow-level failures go
 * to j->rc (with the message set) and return IGRAPH_SUCCESS. */
static igraph_error_t run(job *j)
{
    const igraph_t *g = NULL;
    igraph_integer_t nv = (igraph_integer_t)j->sel->nv;
    igraph_vector_t res, res2, wview;
    igraph_vector_int_t deg;
    int res_ok = 0, res2_ok = 0, deg_ok = 0;
    const igraph_vector_t *wv = NULL;
    double *w = NULL, unit = 1;
    igraph_real_t value;
    igraph_error_t err = IGRAPH_SUCCESS;
    int m = j->measure;

    int as = AS_WEIGHT;
    if (m == FLOW_HUB || m == FLOW_AUTHORITY || m == FLOW_EIGENVECTOR || m == FLOW_CONSTRAINT)
        as = AS_SCALED_WEIGHT;
    else if (m == FLOW_BETWEENNESS || m == FLOW_CLOSENESS || m == FLOW_HARMONIC)
        as = AS_LENGTH;
    if ((m < FLOW_IN_DEGREE || m > FLOW_DEGREE) && m != FLOW_REACH) { /* no weights */
        if ((j->rc = edge_values(j, as, &w, &unit)) < 0) goto done;
        if (w) wv = igraph_vector_view(&wview, w, (igraph_integer_t)j->sel->graph.ne);
    }

    if ((err = flow__igraph_graph(&j->sel->igraph, &j->sel->graph, &g, NULL)) != IGRAPH_SUCCESS)
        goto done;
    if ((err = igraph_vector_init(&res, nv)) != IGRAPH_SUCCESS) goto done;
    res_ok = 1;
    switch (m) {
    case FLOW_IN_STRENGTH:
        err = igraph_strength(g, &res, igraph_vss_all(), IGRAPH_IN, IGRAPH_LOOPS, wv);
        break;
    case FLOW_OUT_STRENGTH:
        err = igraph_strength(g, &res, igraph_vss_all(), IGRAPH_OUT, IGRAPH_LOOPS, wv);
        break;
    case FLOW_STRENGTH:
        err = igraph_strength(g, &res, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, wv);
        break;
    case FLOW_NET_FLOW:
        if ((err = igraph_vector_init(&res2, nv)) != IGRAPH_SUCCESS) break;
        res2_ok = 1;
        err = igraph_strength(g, &res, igraph_vss_all(), IGRAPH_OUT, IGRAPH_LOOPS, wv);
        if (err == IGRAPH_SUCCESS)
            err = igraph_strength(g, &res2, igraph_vss_all(), IGRAPH_IN, IGRAPH_LOOPS, wv);
        if (err == IGRAPH_SUCCESS)
            for (igraph_integer_t v = 0; v < nv; v++)
                VECTOR(res)[v] = j->sel->directed ? VECTOR(res)[v] - VECTOR(res2)[v] : 0;
        break;
    case FLOW_IN_DEGREE:
    case FLOW_OUT_DEGREE:
    case FLOW_DEGREE: {
        igraph_neimode_t mode = m == FLOW_IN_DEGREE ? IGRAPH_IN
                                : m == FLOW_OUT_DEGREE ? IGRAPH_OUT
                                                       : IGRAPH_ALL;
        if ((err = igraph_vector_int_init(&deg, nv)) != IGRAPH_SUCCESS) break;
        deg_ok = 1;
        err = igraph_degree(g, &deg, igraph_vss_all(), mode, IGRAPH_LOOPS);
        if (err == IGRAPH_SUCCESS)
            for (igraph_integer_t v = 0; v < nv; v++) VECTOR(res)[v] = (double)VECTOR(deg)[v];
        break;
    }
    case FLOW_REACH:
        /* neighbourhoods of order n - 1 at distance >= 1: everything reached */
        if ((err = igraph_vector_int_init(&deg, nv)) != IGRAPH_SUCCESS) break;
        deg_ok = 1;
        err = igraph_neighborhood_size(g, &deg, igraph_vss_all(), nv, path_mode(j), 1);
        if (err == IGRAPH_SUCCESS)
            for (igraph_integer_t v = 0; v < nv; v++) VECTOR(res)[v] = (double)VECTOR(deg)[v];
        break;
    case FLOW_HUB:
    case FLOW_AUTHORITY:
        if (j->sel->directed && nv == 2 && j->sel->graph.ne > 0) {
            /* Two vertices: igraph 0.10.2 swaps hubs and authorities (and
             * gives NaN authorities for one edge). A A^T = diag(w01^2,
             * w10^2): the hub is the heavier sender, the authority the
             * heavier receiver; equal weights: both 1 (a non-simple
             * eigenvalue, as with no edge). */
            double w01 = 0, w10 = 0;
            for (size_t e = 0; e < j->sel->graph.ne; e++)
                *(j->sel->graph.from[e] == 0 ? &w01 : &w10) += w[e];
            double send0 = m == FLOW_HUB ? w01 : w10, send1 = m == FLOW_HUB ? w10 : w01;
            VECTOR(res)[0] = send0 >= send1 ? 1 : 0;
            VECTOR(res)[1] = send1 >= send0 ? 1 : 0;
            break;
        }
        if (j->sel->directed) {
            if ((err = igraph_vector_init(&res2, nv)) != IGRAPH_SUCCESS) break;
            res2_ok = 1;
            err = igraph_hub_and_authority_scores(g, m == FLOW_HUB ? &res : &res2,
                                                  m == FLOW_HUB ? &res2 : &res, &value, 1, wv,
                                                  NULL);
            break;
        }
        /* undirected: A A^T = A^T A = A^2, whose principal eigenvector is
         * the eigenvector centrality's */
        /* fall through */
    case FLOW_EIGENVECTOR:
        err = igraph_eigenvector_centrality(g, &res, &value, 1, 1, wv, NULL);
        break;
    case FLOW_BETWEENNESS:
        if (!j->sample) {
            err = igraph_betweenness(g, &res, igraph_vss_all(), 1, wv);
            break;
        }
        err = sampled_betweenness(j, g, &res, wv);
        break;
    case FLOW_CLOSENESS:
    case FLOW_HARMONIC:
        if ((err = igraph_vector_init(&res2, 0)) != IGRAPH_SUCCESS) break;
        res2_ok = 1;
        err = by_chunks(j, g, &res, &res2, wv);
        break;
    case FLOW_CONSTRAINT:
        err = igraph_constraint(g, &res, igraph_vss_all(), wv);
        break;
    default:
        break;
    }
    if (err == IGRAPH_SUCCESS)
        for (igraph_integer_t v = 0; v < nv; v++)
            j->values[v] = m == FLOW_CLOSENESS || m == FLOW_HARMONIC ? VECTOR(res)[v] / unit
                                                                     : VECTOR(res)[v];
done:
    if (res_ok) igraph_vector_destroy(&res);
    if (res2_ok) igraph_vector_destroy(&res2);
    if (deg_ok) igraph_vector_int_destroy(&deg);
    g_free(w);
    return err;
}

/* What igraph leaves to us: networkx's normalisations. */
static void normalise(const flow_selection *sel, int measure, double *values)
{
    double n = (double)sel->nv, scale = 1;
    switch (measure) {
    case FLOW_IN_DEGREE:
    case FLOW_OUT_DEGREE:
    case FLOW_DEGREE:
    case FLOW_REACH:
        scale = n > 1 ? 1 / (n - 1) : 0;
        break;
    case FLOW_BETWEENNESS:
        scale = n > 2 ? (sel->directed ? 1 : 2) / ((n - 1) * (n - 2)) : 0;
        break;
    default:
        return; /* closeness, harmonic: igraph did it; others: no effect */
    }
    for (size_t v = 0; v < sel->nv; v++) values[v] *= scale;
}

int flow_centrality_compute(flow_table **out, flow_selection *sel, int measure,
                            const flow_centrality_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_centrality_compute: out is NULL");
    *out = NULL;
    flow_centrality_options oc;
    const flow_centrality_options *o = &oc;
    int rc;
    int64_t *pers = NULL;
    size_t npers = 0;
    flow_table *t = NULL, *part = NULL;
    double *values = NULL;
    igraph_integer_t *sample = NULL;
    size_t nsample = 0;

    if (measure < 0 || measure >= FLOW_CENTRALITY_MEASURES)
        return flow__error(FLOW_EINVAL, "flow_centrality_compute: unknown measure %d", measure);
    const char *name = centrality_entries[measure].name;
    if ((rc = flow__centrality_options_of(&oc, opts)) < 0) return rc;
    if ((rc = flow__selection_graph(sel)) < 0) return rc;
    if (measure == FLOW_PAGERANK && o->personalization_count > 0 &&
        (rc = flow__selection_resolve_set(sel, o->personalization, o->personalization_count,
                                          "pagerank personalization", &pers, &npers)) < 0)
        return rc;
    if ((rc = ask_progress(sel, 0, name)) < 0) goto done;

    /* The values are computed straight into the table's value column. */
    if ((rc = flow__selection_new_table(&t, sel, name)) < 0 ||
        (rc = flow__table_add_doubles(t, name, &values)) < 0)
        goto done;
    if (sel->nv == 0) {
        /* nothing to compute; igraph is not asked about an empty graph */
    } else if (measure == FLOW_PARTICIPATION) {
        if ((rc = participation(sel, values)) < 0) goto done;
    } else if (measure == FLOW_PAGERANK) {
        if ((rc = pagerank(sel, o->damping, pers, npers, values)) < 0) goto done;
    } else {
        if (measure == FLOW_BETWEENNESS && flow__centrality_sampled(sel, o)) {
            nsample = o->sources;
            if (!(sample = draw_sources(sel->nv, nsample, o->seed))) {
                rc = flow__error_nomem();
                goto done;
            }
        }
        job j = {sel, measure, o, values, FLOW_OK, sample, nsample};
        flow__gate gate;
        flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
        igraph_error_t err = run(&j);
        rc = flow__igraph_leave(&gate, err, name);
        if (rc == FLOW_OK) rc = j.rc;
        if (rc < 0) goto done;
        if (o->normalized) normalise(sel, measure, values);
    }
    if ((rc = flow__table_set_meta(t, "analysis", "%s", name)) < 0 ||
        (rc = flow__centrality_describe(t, sel, measure, o)) < 0)
        goto done;
    if (sample) {
        int64_t *node = NULL;
        if ((rc = flow__table_new(&part, sel->net, "sources", nsample)) < 0 ||
            (rc = flow__table_add_nodes(part, "node", &node)) < 0)
            goto done;
        for (size_t i = 0; i < nsample; i++) node[i] = sel->node_of_vertex[sample[i]];
        rc = flow__table_add_part(t, part);
        part = NULL;
        if (rc < 0) goto done;
    }
    *out = t;
    t = NULL;
done:
    flow_table_free(part);
    flow_table_free(t);
    g_free(pers);
    g_free(sample);
    return rc;
}

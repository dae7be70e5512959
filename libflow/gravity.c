/*
 * The gravity model by PPML (see gravity.h for the model and its
 * conventions).
 *
 * Layout: the n (n - 1) ordered pairs of the selection's n vertices are
 * numbered origin-major, pair p = i (n - 1) + (j < i ? j : j - 1), and
 * every per-pair array follows that order. The observed flows are never
 * stored per pair: a pass over the pairs loads origin i's row of flows
 * from the graph's out-adjacency into a dense scratch row of n doubles.
 * The terms are computed from per-vertex data (gravity_terms.c) once, into
 * the arrays that then hold them demeaned.
 *
 * One IRLS step (ppmlhdfe's): with weights mu and r = (y - mu) / mu,
 *   z~ = X~ beta_old + demean(r)          (demean(eta) = X~ beta_old, since
 *                                          eta lies in the span of X and
 *                                          the fixed effects; the first
 *                                          step demeans z = eta + r itself)
 *   beta = (X~'W X~)^-1 X~'W z~,   e = z~ - X~ beta,   eta += r - e
 * where X~ is the terms demeaned at the current weights, obtained by
 * demeaning the previous X~ again (demeaning only removes a part in the
 * span of the fixed effects, which the next demeaning removes anyway).
 * Demeaning (demean() below) eliminates the origin means in closed form
 * and solves for the destination means by conjugate gradients.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "error_internal.h"
#include "gravity_internal.h"
#include "libflow/gravity.h"
#include "network_internal.h"
#include "registry_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

/* ---- registry: the term kinds ----------------------------------------------- */

static const flow__param mass_params[] = {
    {"masses", "text", "", "numeric node attributes (gdp, population); logs of both ends"},
    {NULL, NULL, NULL, NULL}};
static const flow__param distance_params[] = {
    {"distance", "text", "lat_lon", "lat_lon (node attributes lat, lon), none, or a file"},
    {NULL, NULL, NULL, NULL}};
static const flow__param group_params[] = {
    {"same_groups", "text", "", "declared group names, one term each"}, {NULL, NULL, NULL, NULL}};
static const flow__param boundary_params[] = {
    {"boundaries", "text", "", "node attributes (or kind), one term each"},
    {NULL, NULL, NULL, NULL}};
static const flow__param contiguity_params[] = {
    {"contiguity_file", "text", "", "CSV source,target of contiguous pairs"},
    {NULL, NULL, NULL, NULL}};

static const flow__entry term_entries[] = {
    {"intercept", FLOW__TERM_INTERCEPT, 0, "constant (models without fixed effects)", NULL},
    {"log_mass", FLOW__TERM_MASS, 0,
     "log_<A>_origin and log_<A>_destination: log of a node attribute of each end "
     "(without fixed effects)",
     mass_params},
    {"log_distance", FLOW__TERM_DISTANCE, 0, "log great-circle km (lat, lon) or file distance",
     distance_params},
    {"same_group", FLOW__TERM_SAME_ANY, 0, "1 when both ends share a declared group", NULL},
    {"same_group_named", FLOW__TERM_SAME, 0, "same_group:<G>: 1 when both ends are in group G",
     group_params},
    {"boundary", FLOW__TERM_BOUNDARY, 0,
     "boundary:<A>: 1 when the ends' values of attribute A differ", boundary_params},
    {"contiguity", FLOW__TERM_CONTIGUITY, 0, "1 for the pairs listed as contiguous",
     contiguity_params},
};
FLOW__FAMILY(flow__gravity_term_family, "gravity_term", "gravity term",
             "terms of the gravity model (flow_gravity_fit)", term_entries);

/* ---- options ------------------------------------------------------------------- */

int flow_gravity_options_init(flow_gravity_options *opts, unsigned int version)
{
    if (!opts) return flow__error(FLOW_EINVAL, "flow_gravity_options_init: opts is NULL");
    if (version != FLOW_GRAVITY_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL,
                           "flow_gravity_options_init: unknown options version %u "
                           "(this library knows %u)",
                           version, (unsigned)FLOW_GRAVITY_OPTIONS_VERSION);
    const flow_gravity_options def = FLOW_GRAVITY_OPTIONS_INIT;
    *opts = def;
    return FLOW_OK;
}

static int check_options(const flow_gravity_options *o)
{
    if (o->version != FLOW_GRAVITY_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL, "gravity: unknown options version %u (this library knows %u)",
                           o->version, (unsigned)FLOW_GRAVITY_OPTIONS_VERSION);
    if (o->fixed_effects != 0 && o->fixed_effects != 1)
        return flow__error(FLOW_EINVAL, "gravity: fixed_effects must be 0 or 1");
    if (o->distance < FLOW_GRAVITY_DISTANCE_NONE || o->distance > FLOW_GRAVITY_DISTANCE_FILE)
        return flow__error(FLOW_EINVAL, "gravity: distance must be one of FLOW_GRAVITY_DISTANCE_*");
    if (o->distance == FLOW_GRAVITY_DISTANCE_FILE && (!o->distance_file || !*o->distance_file))
        return flow__error(FLOW_EINVAL, "gravity: distance from a file needs distance_file");
    if ((o->mass_count && !o->masses) || (o->same_group_count && !o->same_groups) ||
        (o->boundary_count && !o->boundaries))
        return flow__error(FLOW_EINVAL, "gravity: a NULL list with a count");
    if (o->mass_count && o->fixed_effects)
        return flow__error(FLOW_EINVAL,
                           "gravity: the mass terms (log_%s_origin, ...) are absorbed by the "
                           "origin and destination fixed effects; set fixed_effects = 0 to use "
                           "masses",
                           o->masses[0] ? o->masses[0] : "?");
    if (o->max_iterations < 1)
        return flow__error(FLOW_EINVAL, "gravity: max_iterations must be >= 1");
    if (!(o->tolerance > 0 && o->tolerance < 1))
        return flow__error(FLOW_EINVAL, "gravity: tolerance must lie in (0, 1)");
    if (o->strict != 0 && o->strict != 1)
        return flow__error(FLOW_EINVAL, "gravity: strict must be 0 or 1");
    return FLOW_OK;
}

/* ---- the fit ------------------------------------------------------------------- */

typedef struct {
    const flow__graph *g;
    size_t n, np; /* model nodes, pairs */
    uint32_t *vid; /* model node -> selection vertex */
    uint32_t *mid; /* selection vertex -> model node (UINT32_MAX: none) */
    int fe;
    uint8_t *drop_o, *drop_d; /* per vertex: its pairs as origin / destination left out */
    double *row;              /* scratch: origin i's flows by destination */
    double *so, *sd;          /* per vertex: weight sums as origin / destination */
    double *acc;              /* per vertex: scratch sums */
} fit;

static inline size_t pair_index(size_t n, size_t i, size_t j)
{
    return i * (n - 1) + (j < i ? j : j - 1);
}

/* Model node i's flows by destination model node into the scratch row
 * (every edge's ends are model nodes: they have flows). */
static void load_row(const fit *F, size_t i)
{
    const flow__graph *g = F->g;
    size_t u = F->vid[i];
    for (size_t a = g->out_start[u]; a < g->out_start[u + 1]; a++)
        F->row[F->mid[g->out_nbr[a]]] = g->weight[g->out_edge[a]];
}

static void clear_row(const fit *F, size_t i)
{
    const flow__graph *g = F->g;
    size_t u = F->vid[i];
    for (size_t a = g->out_start[u]; a < g->out_start[u + 1]; a++) F->row[F->mid[g->out_nbr[a]]] = 0;
}

static inline int kept(const fit *F, size_t i, size_t j) { return !F->drop_o[i] && !F->drop_d[j]; }

/* Origin and destination weight sums of mu. */
static void weight_sums(fit *F, const double *mu)
{
    size_t n = F->n;
    memset(F->so, 0, n * sizeof *F->so);
    memset(F->sd, 0, n * sizeof *F->sd);
    size_t p = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (kept(F, i, j)) {
                F->so[i] += mu[p];
                F->sd[j] += mu[p];
            }
            p++;
        }
}

/*
 * Demeans v (in place) by origin and destination, weighted by mu, over the
 * kept pairs: v -= a_i + g_j, the weighted least-squares fit of v on the
 * origin and destination dummies. The origin effects are eliminated in
 * closed form, a_i = (sum_j mu_ij (v_ij - g_j)) / So_i, which leaves the
 * destination effects g as the solution of the symmetric positive
 * semi-definite system
 *     (D_d - W' D_o^-1 W) g = b,   b_j = sum_i mu_ij (v_ij - a0_i),
 * W = (mu_ij), D_o, D_d the origin and destination weight sums and
 * a0_i = (sum_j mu_ij v_ij) / So_i. It is solved by conjugate gradients
 * preconditioned by D_d^-1: each product with the matrix is one pass over
 * mu (row i gives t_i = (W g)_i / So_i, then scatters mu_ij t_i), where
 * plain alternating projections (block Gauss-Seidel on the same system)
 * need two passes over mu and v per sweep and many more sweeps when the
 * weights are uneven (sparse flows). Stops when the residual is below
 * 1e-13 of b's scale. FLOW_OK or FLOW_ECONVERGE.
 */
static int demean(fit *F, double *v, const double *mu, const char *what, size_t *sweeps_out)
{
    if (!F->fe) return FLOW_OK;
    size_t n = F->n;
    double *a0 = F->acc, *ws = NULL;
    int rc = FLOW_OK;
    /* work vectors: g, r, z, p, q, bref */
    ws = g_try_new0(double, 6 * n);
    if (!ws) return flow__error_nomem();
    double *gam = ws, *r = ws + n, *z = ws + 2 * n, *pv = ws + 3 * n, *q = ws + 4 * n, *bref = ws + 5 * n;
    size_t p = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (kept(F, i, j)) s += mu[p] * v[p];
            p++;
        }
        a0[i] = F->so[i] > 0 ? s / F->so[i] : 0;
    }
    p = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (kept(F, i, j)) {
                double d = mu[p] * (v[p] - a0[i]);
                r[j] += d;
                bref[j] += fabs(d);
            }
            p++;
        }
    double ref = 0, rr = 0, rz = 0;
    for (size_t j = 0; j < n; j++) {
        ref += bref[j] * bref[j];
        z[j] = F->sd[j] > 0 ? r[j] / F->sd[j] : 0;
        pv[j] = z[j];
        rz += r[j] * z[j];
        rr += r[j] * r[j];
    }
    const double tol = 1e-13 * sqrt(ref);
    const size_t max_steps = 20000;
    size_t step = 0;
    while (sqrt(rr) > tol) {
        if (++step > max_steps) {
            rc = flow__error(FLOW_ECONVERGE,
                             "gravity: absorbing the fixed effects of %s did not converge in %zu "
                             "conjugate-gradient steps (residual %.3g of %.3g)",
                             what, max_steps, sqrt(rr), sqrt(ref));
            goto done;
        }
        /* q = (D_d - W' D_o^-1 W) p, one pass over mu */
        for (size_t j = 0; j < n; j++) q[j] = F->sd[j] * pv[j];
        p = 0;
        for (size_t i = 0; i < n; i++) {
            size_t row = p;
            if (F->drop_o[i] || !(F->so[i] > 0)) {
                p += n - 1;
                continue;
            }
            double t = 0;
            for (size_t j = 0; j < n; j++) {
                if (j == i) continue;
                t += mu[p] * pv[j]; /* dropped destinations: pv_j = 0 */
                p++;
            }
            t /= F->so[i];
            p = row;
            for (size_t j = 0; j < n; j++) {
                if (j == i) continue;
                if (!F->drop_d[j]) q[j] -= mu[p] * t;
                p++;
            }
        }
        double pq = 0;
        for (size_t j = 0; j < n; j++) pq += pv[j] * q[j];
        if (!(pq > 0)) break; /* the residual lies in the null space: done */
        double alpha = rz / pq, rz_new = 0;
        rr = 0;
        for (size_t j = 0; j < n; j++) {
            gam[j] += alpha * pv[j];
            r[j] -= alpha * q[j];
            z[j] = F->sd[j] > 0 ? r[j] / F->sd[j] : 0;
            rz_new += r[j] * z[j];
            rr += r[j] * r[j];
        }
        double beta = rz_new / rz;
        rz = rz_new;
        for (size_t j = 0; j < n; j++) pv[j] = z[j] + beta * pv[j];
    }
    if (sweeps_out) *sweeps_out += step;
    /* a_i = a0_i - (W g)_i / So_i; v -= a_i + g_j */
    p = 0;
    for (size_t i = 0; i < n; i++) {
        size_t row = p;
        double t = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (kept(F, i, j)) t += mu[p] * gam[j];
            p++;
        }
        double a = F->so[i] > 0 ? a0[i] - t / F->so[i] : 0;
        p = row;
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (kept(F, i, j)) v[p] -= a + gam[j];
            p++;
        }
    }
done:
    g_free(ws);
    return rc;
}

/* Poisson deviance of mu over the kept pairs. */
static double deviance(fit *F, const double *mu, double *ysum)
{
    size_t n = F->n, p = 0;
    double d = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        load_row(F, i);
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (kept(F, i, j)) {
                double y = F->row[j], m = mu[p];
                d += (y > 0 ? y * log(y / m) : 0) - (y - m);
                s += y;
            }
            p++;
        }
        clear_row(F, i);
    }
    if (ysum) *ysum = s;
    return 2 * d;
}

/*
 * Cholesky factor of the K x K matrix A (row-major) into L, checking each
 * pivot against the diagonal: a pivot below 1e-10 of its diagonal means
 * the term is (nearly) a combination of the terms before it. Returns the
 * index of the first such term, or -1.
 */
static int cholesky(const double *A, double *L, size_t K)
{
    memset(L, 0, K * K * sizeof *L);
    for (size_t k = 0; k < K; k++) {
        double d = A[k * K + k];
        for (size_t l = 0; l < k; l++) d -= L[k * K + l] * L[k * K + l];
        if (!(d > 1e-10 * A[k * K + k])) return (int)k;
        L[k * K + k] = sqrt(d);
        for (size_t i = k + 1; i < K; i++) {
            double s = A[i * K + k];
            for (size_t l = 0; l < k; l++) s -= L[i * K + l] * L[k * K + l];
            L[i * K + k] = s / L[k * K + k];
        }
    }
    return -1;
}

/* Solves L L' x = b in place. */
static void chol_solve(const double *L, double *b, size_t K)
{
    for (size_t i = 0; i < K; i++) {
        double s = b[i];
        for (size_t l = 0; l < i; l++) s -= L[i * K + l] * b[l];
        b[i] = s / L[i * K + i];
    }
    for (size_t i = K; i-- > 0;) {
        double s = b[i];
        for (size_t l = i + 1; l < K; l++) s -= L[l * K + i] * b[l];
        b[i] = s / L[i * K + i];
    }
}

static int collinear(const flow__gravity_terms *T, size_t k, int fe)
{
    return flow__error(FLOW_EINVAL,
                       "gravity: term '%s' is collinear with %s%s (a combination of them): it "
                       "cannot be estimated; leave it out",
                       T->names[k], fe ? "the fixed effects and " : "",
                       k == 0 ? "nothing else" : k == 1 ? T->names[0] : "the terms before it");
}

/* Weighted cross products X~'W X~ (and X~'W v when v). */
static void cross(fit *F, double *const *xt, size_t K, const double *w, const double *v,
                  double *A, double *b)
{
    memset(A, 0, K * K * sizeof *A);
    if (b) memset(b, 0, K * sizeof *b);
    size_t n = F->n, p = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (kept(F, i, j)) {
                double wp = w[p];
                for (size_t k = 0; k < K; k++) {
                    double a = wp * xt[k][p];
                    for (size_t l = 0; l <= k; l++) A[k * K + l] += a * xt[l][p];
                    if (b) b[k] += a * v[p];
                }
            }
            p++;
        }
    for (size_t k = 0; k < K; k++)
        for (size_t l = 0; l < k; l++) A[l * K + k] = A[k * K + l];
}

static double *big_doubles(size_t n) { return flow__big_alloc((n ? n : 1) * sizeof(double)); }

static void big_free_doubles(double *p, size_t n)
{
    if (p) flow__big_free(p, (n ? n : 1) * sizeof(double));
}

/* The selection's one kept factor, or an error. */
static int one_factor(const flow_selection *sel)
{
    size_t nf = flow_network_factor_count(sel->net);
    size_t kept_n = sel->factors->len ? sel->factors->len : nf;
    if (kept_n == 1) return FLOW_OK;
    if (kept_n == 0) return flow__error(FLOW_EINVAL, "gravity: the network has no factor");
    GString *names = g_string_new(NULL);
    for (size_t f = 0; f < kept_n && f < 6; f++) {
        size_t fi = sel->factors->len ? g_array_index(sel->factors, uint32_t, f) : f;
        g_string_append_printf(names, "%s%s", f ? ", " : "", flow__network_factor_name(sel->net, fi));
    }
    int rc = flow__error(FLOW_EINVAL,
                         "gravity: the model is fitted to one factor at a time; the selection "
                         "keeps %zu (%s%s): select one",
                         kept_n, names->str, kept_n > 6 ? ", ..." : "");
    g_string_free(names, TRUE);
    return rc;
}

static const char *years_text(const flow_selection *sel, char *buf, size_t size)
{
    if (sel->first == FLOW_NO_YEAR && sel->last == FLOW_NO_YEAR) return "all years";
    if (sel->first == sel->last) snprintf(buf, size, "year %d", sel->first);
    else if (sel->first == FLOW_NO_YEAR) snprintf(buf, size, "years up to %d", sel->last);
    else if (sel->last == FLOW_NO_YEAR) snprintf(buf, size, "years from %d", sel->first);
    else snprintf(buf, size, "years %d-%d", sel->first, sel->last);
    return buf;
}

int flow_gravity_fit(flow_table **out, flow_selection *sel, const flow_gravity_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_gravity_fit: out is NULL");
    *out = NULL;
    const flow_gravity_options def = FLOW_GRAVITY_OPTIONS_INIT;
    const flow_gravity_options *o = opts ? opts : &def;
    int rc = flow__selection_graph(sel);
    if (rc != FLOW_OK) return rc;
    if ((rc = check_options(o)) != FLOW_OK) return rc;
    if (!sel->directed)
        return flow__error(FLOW_EINVAL, "gravity: the selection is undirected; the model "
                                        "explains directed flows (origin -> destination)");
    if ((rc = one_factor(sel)) != FLOW_OK) return rc;
    if (sel->layer != FLOW_LAYER_OBSERVED)
        return flow__error(FLOW_EINVAL, "gravity: the selection runs on the %s layer; fit the "
                                        "model to observed flows (FLOW_LAYER_OBSERVED)",
                           sel->layer == FLOW_LAYER_EXPECTED ? "expected" : "excess");
    /* The fit squares flows (the deviance's weights, HC0's residuals):
     * outside 1e-150..1e150 the squares leave the doubles (inf or 0 std
     * errors). The coefficients do not depend on the flows' unit, so the
     * caller can rescale. */
    for (size_t e = 0; e < sel->graph.ne; e++) {
        double w = sel->graph.weight[e];
        if (w >= FLOW_GRAVITY_MIN_FLOW && w <= FLOW_GRAVITY_MAX_FLOW) continue;
        return flow__error(FLOW_ELIMIT,
                           "gravity: the flow from '%s' to '%s' is %g, outside %g..%g where "
                           "the fit stays finite: rescale the data (the coefficients do not "
                           "depend on the unit)",
                           flow_network_node_id(sel->net, (size_t)sel->node_of_vertex[sel->graph.from[e]]),
                           flow_network_node_id(sel->net, (size_t)sel->node_of_vertex[sel->graph.to[e]]),
                           w, FLOW_GRAVITY_MIN_FLOW, FLOW_GRAVITY_MAX_FLOW);
    }

    const flow__graph *g = &sel->graph;
    size_t n = sel->nv;
    fit F = {.g = g, .n = n, .fe = o->fixed_effects};
    flow__gravity_terms T = {0};
    double *eta = NULL, *mu = NULL, *v = NULL, **xt = NULL;
    double *A = NULL, *L = NULL, *beta = NULL, *b = NULL, *raw_ss = NULL, *meat = NULL;
    double *se = NULL;
    flow_table *t = NULL, *part = NULL;
    GString *warning = g_string_new(NULL);
    size_t K = 0, np = 0;

    /* Which vertices take part: flows in and out. */
    double *outs = g_try_new0(double, n ? n : 1), *ins = g_try_new0(double, n ? n : 1);
    if (!outs || !ins) {
        g_free(outs);
        g_free(ins);
        g_string_free(warning, TRUE);
        return flow__error_nomem();
    }
    double total = 0;
    for (size_t e = 0; e < g->ne; e++) {
        outs[g->from[e]] += g->weight[e];
        ins[g->to[e]] += g->weight[e];
        total += g->weight[e];
    }
    size_t active = 0, one = 0;
    for (size_t i = 0; i < n; i++)
        if (outs[i] > 0 || ins[i] > 0 || sel->internal[i] > 0) {
            active++;
            one = i;
        }
    char ybuf[64];
    const char *fname = flow__network_factor_name(
        sel->net, sel->factors->len ? g_array_index(sel->factors, uint32_t, 0) : 0);
    if (active == 0) {
        rc = flow__error(FLOW_EINVAL, "gravity: factor '%s' has no flow in %s", fname,
                         years_text(sel, ybuf, sizeof ybuf));
        goto done;
    }
    if (active < 2 || n < 2) {
        rc = flow__error(FLOW_EINVAL,
                         "gravity: the flows of factor '%s' in %s touch only one node ('%s'); "
                         "the model needs flows between at least two",
                         fname, years_text(sel, ybuf, sizeof ybuf),
                         flow_network_node_id(sel->net, (size_t)sel->node_of_vertex[one]));
        goto done;
    }
    if (total == 0) {
        rc = flow__error(FLOW_EINVAL, "gravity: factor '%s' has no flow between two nodes in %s "
                                      "(only intra-node flows)",
                         fname, years_text(sel, ybuf, sizeof ybuf));
        goto done;
    }
    /* The model's nodes: the vertices with a flow to or from another one
     * (a vertex without would only add zero pairs, left out by separation
     * with fixed effects). */
    F.vid = g_try_new(uint32_t, n);
    F.mid = g_try_new(uint32_t, n);
    if (!F.vid || !F.mid) {
        rc = flow__error_nomem();
        goto done;
    }
    {
        size_t m = 0;
        for (size_t u = 0; u < n; u++) {
            F.mid[u] = UINT32_MAX;
            if (outs[u] > 0 || ins[u] > 0) {
                F.vid[m] = (uint32_t)u;
                F.mid[u] = (uint32_t)m;
                outs[m] = outs[u]; /* compacted: m <= u */
                ins[m] = ins[u];
                m++;
            }
        }
        n = m;
        F.n = n;
    }
    np = n * (n - 1);
    F.np = np;
    F.drop_o = g_try_new0(uint8_t, n);
    F.drop_d = g_try_new0(uint8_t, n);
    F.row = g_try_new0(double, n);
    F.so = g_try_new0(double, n);
    F.sd = g_try_new0(double, n);
    F.acc = g_try_new0(double, n);
    if (!F.drop_o || !F.drop_d || !F.row || !F.so || !F.sd || !F.acc) {
        rc = flow__error_nomem();
        goto done;
    }

    /* Separation: with fixed effects, a vertex without outflow (inflow)
     * has an origin (destination) effect of -infinity. */
    if (F.fe) {
        size_t no = 0, nd = 0;
        GString *lo = g_string_new(NULL), *ld = g_string_new(NULL);
        for (size_t i = 0; i < n; i++) {
            const char *id = flow_network_node_id(sel->net, (size_t)sel->node_of_vertex[F.vid[i]]);
            if (outs[i] == 0) {
                F.drop_o[i] = 1;
                if (no++ < 10) g_string_append_printf(lo, "%s'%s'", no > 1 ? ", " : "", id);
            }
            if (ins[i] == 0) {
                F.drop_d[i] = 1;
                if (nd++ < 10) g_string_append_printf(ld, "%s'%s'", nd > 1 ? ", " : "", id);
            }
        }
        if (no)
            g_string_append_printf(warning,
                                   "%zu node%s without outflow (%s%s): left out as origin%s "
                                   "(separation: an origin effect of -infinity)",
                                   no, no > 1 ? "s" : "", lo->str, no > 10 ? ", ..." : "",
                                   no > 1 ? "s" : "");
        if (nd)
            g_string_append_printf(warning,
                                   "%s%zu node%s without inflow (%s%s): left out as destination%s "
                                   "(separation: a destination effect of -infinity)",
                                   no ? "; " : "", nd, nd > 1 ? "s" : "", ld->str,
                                   nd > 10 ? ", ..." : "", nd > 1 ? "s" : "");
        g_string_free(lo, TRUE);
        g_string_free(ld, TRUE);
    }

    /* The terms, per vertex, checked. */
    if ((rc = flow__gravity_terms_init(&T, sel, o, F.vid, n)) != FLOW_OK) goto done;
    K = T.count;

    eta = big_doubles(np);
    mu = big_doubles(np);
    v = big_doubles(np);
    xt = g_try_new0(double *, K ? K : 1);
    A = g_try_new0(double, K * K + 1);
    L = g_try_new0(double, K * K + 1);
    beta = g_try_new0(double, K + 1);
    b = g_try_new0(double, K + 1);
    raw_ss = g_try_new0(double, K + 1);
    meat = g_try_new0(double, K * K + 1);
    se = g_try_new0(double, K + 1);
    if (!eta || !mu || !v || !xt || !A || !L || !beta || !b || !raw_ss || !meat || !se) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < K; k++)
        if (!(xt[k] = big_doubles(np))) {
            rc = flow__error_nomem();
            goto done;
        }

    /* Start: mu = (y + mean y) / 2 over the kept pairs; the terms. */
    size_t nkept = 0;
    double ysum = 0;
    {
        size_t p = 0;
        for (size_t i = 0; i < n; i++) {
            load_row(&F, i);
            for (size_t j = 0; j < n; j++) {
                if (j == i) continue;
                if (kept(&F, i, j)) {
                    nkept++;
                    ysum += F.row[j];
                }
                p++;
            }
            clear_row(&F, i);
        }
    }
    if (nkept == 0 || ysum == 0) {
        rc = flow__error(FLOW_EINVAL, "gravity: no pair is left to fit after separation");
        goto done;
    }
    double ybar = ysum / (double)nkept;
    {
        size_t p = 0;
        for (size_t i = 0; i < n; i++) {
            load_row(&F, i);
            for (size_t j = 0; j < n; j++) {
                if (j == i) continue;
                if (kept(&F, i, j)) {
                    mu[p] = (F.row[j] + ybar) / 2;
                    eta[p] = log(mu[p]);
                } else {
                    mu[p] = 0;
                    eta[p] = 0;
                }
                for (size_t k = 0; k < K; k++)
                    xt[k][p] = kept(&F, i, j) ? flow__gravity_term_value(&T, k, F.vid[i], F.vid[j]) : 0;
                p++;
            }
            clear_row(&F, i);
        }
    }

    double dev = INFINITY, dev_old = INFINITY, null_dev = 0;
    int converged = 0, iterations = 0;
    size_t sweeps = 0;
    for (int it = 1; it <= o->max_iterations; it++) {
        iterations = it;
        if (sel->progress && sel->progress(100.0 * (it - 1) / o->max_iterations, "gravity: IRLS step", sel->payload)) {
            rc = flow__error(FLOW_EINTERRUPTED, "gravity: interrupted");
            goto done;
        }
        weight_sums(&F, mu);
        if (it == 1)
            for (size_t k = 0; k < K; k++) {
                double s = 0;
                for (size_t p = 0; p < np; p++) s += mu[p] * xt[k][p] * xt[k][p];
                raw_ss[k] = s;
            }
        for (size_t k = 0; k < K; k++)
            if ((rc = demean(&F, xt[k], mu, T.names[k], &sweeps)) != FLOW_OK) goto done;
        /* the working variable, demeaned */
        {
            size_t p = 0;
            for (size_t i = 0; i < n; i++) {
                load_row(&F, i);
                for (size_t j = 0; j < n; j++) {
                    if (j == i) continue;
                    v[p] = kept(&F, i, j) ? (F.row[j] - mu[p]) / mu[p] + (it == 1 ? eta[p] : 0) : 0;
                    p++;
                }
                clear_row(&F, i);
            }
        }
        if ((rc = demean(&F, v, mu, "the working variable", &sweeps)) != FLOW_OK) goto done;
        if (it > 1)
            for (size_t k = 0; k < K; k++) {
                double bk = beta[k];
                for (size_t p = 0; p < np; p++) v[p] += bk * xt[k][p];
            }
        /* weighted least squares */
        cross(&F, xt, K, mu, v, A, b);
        for (size_t k = 0; k < K; k++)
            if (!(A[k * K + k] > 1e-10 * raw_ss[k])) {
                rc = flow__error(FLOW_EINVAL,
                                 "gravity: term '%s' is constant over the pairs%s: it cannot be "
                                 "estimated; leave it out",
                                 T.names[k], F.fe ? " or absorbed by the fixed effects" : "");
                goto done;
            }
        int bad = cholesky(A, L, K);
        if (bad >= 0) {
            rc = collinear(&T, (size_t)bad, F.fe);
            goto done;
        }
        memcpy(beta, b, K * sizeof *beta);
        chol_solve(L, beta, K);
        /* eta += r - e, e = z~ - X~ beta */
        {
            size_t p = 0;
            for (size_t i = 0; i < n; i++) {
                load_row(&F, i);
                for (size_t j = 0; j < n; j++) {
                    if (j == i) continue;
                    if (kept(&F, i, j)) {
                        double e = v[p];
                        for (size_t k = 0; k < K; k++) e -= beta[k] * xt[k][p];
                        double r = (F.row[j] - mu[p]) / mu[p];
                        eta[p] += r - e;
                        mu[p] = exp(eta[p]);
                    }
                    p++;
                }
                clear_row(&F, i);
            }
        }
        dev = deviance(&F, mu, NULL);
        if (!isfinite(dev)) {
            rc = flow__error(FLOW_ECONVERGE,
                             "gravity: the fit diverged at step %d (the deviance is not "
                             "finite): a term may separate zero flows from the others",
                             it);
            goto done;
        }
        if (it > 1 && fabs(dev_old - dev) / (fabs(dev) + 0.1) < o->tolerance) {
            converged = 1;
            break;
        }
        dev_old = dev;
    }
    if (!converged) {
        if (o->strict) {
            rc = flow__error(FLOW_ECONVERGE,
                             "gravity: PPML did not converge in %d steps (deviance %g, last "
                             "relative change %.3g, tolerance %g): a term may separate zero "
                             "flows from the others, or allow more steps",
                             o->max_iterations, dev, fabs(dev_old - dev) / (fabs(dev) + 0.1),
                             o->tolerance);
            goto done;
        }
        g_string_append_printf(warning, "%sPPML did not converge in %d steps", warning->len ? "; " : "",
                               o->max_iterations);
    }

    /* Robust (HC0) standard errors at the final weights. */
    weight_sums(&F, mu);
    for (size_t k = 0; k < K; k++)
        if ((rc = demean(&F, xt[k], mu, T.names[k], &sweeps)) != FLOW_OK) goto done;
    {
        /* v = (y - mu)^2 as the meat's weights */
        size_t p = 0;
        for (size_t i = 0; i < n; i++) {
            load_row(&F, i);
            for (size_t j = 0; j < n; j++) {
                if (j == i) continue;
                double r = kept(&F, i, j) ? F.row[j] - mu[p] : 0;
                v[p] = r * r;
                p++;
            }
            clear_row(&F, i);
        }
    }
    cross(&F, xt, K, mu, NULL, A, NULL);
    cross(&F, xt, K, v, NULL, meat, NULL);
    {
        int bad = cholesky(A, L, K);
        if (bad >= 0) {
            rc = collinear(&T, (size_t)bad, F.fe);
            goto done;
        }
        /* V = A^-1 M A^-1: columns of A^-1 by solving, then the diagonal */
        double *inv = g_try_new0(double, K * K + 1), *col = g_try_new0(double, K + 1);
        if (!inv || !col) {
            g_free(inv);
            g_free(col);
            rc = flow__error_nomem();
            goto done;
        }
        for (size_t k = 0; k < K; k++) {
            memset(col, 0, K * sizeof *col);
            col[k] = 1;
            chol_solve(L, col, K);
            for (size_t l = 0; l < K; l++) inv[l * K + k] = col[l];
        }
        for (size_t k = 0; k < K; k++) {
            double s = 0;
            for (size_t a = 0; a < K; a++)
                for (size_t c = 0; c < K; c++) s += inv[k * K + a] * meat[a * K + c] * inv[c * K + k];
            se[k] = sqrt(s);
        }
        g_free(inv);
        g_free(col);
    }

    /* the null deviance: mu = mean y over the kept pairs */
    {
        size_t p = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                if (j == i) continue;
                v[p++] = ybar;
            }
        null_dev = deviance(&F, v, NULL);
    }

    /* the coefficients */
    if ((rc = flow__table_new(&t, sel->net, "gravity", K)) != FLOW_OK) goto done;
    double *est = NULL, *sec = NULL, *zc = NULL, *pv = NULL;
    if ((rc = flow__table_add_texts(t, "term", NULL)) != FLOW_OK ||
        (rc = flow__table_add_doubles(t, "estimate", &est)) != FLOW_OK ||
        (rc = flow__table_add_doubles(t, "std_error", &sec)) != FLOW_OK ||
        (rc = flow__table_add_doubles(t, "z", &zc)) != FLOW_OK ||
        (rc = flow__table_add_doubles(t, "p_value", &pv)) != FLOW_OK)
        goto done;
    for (size_t k = 0; k < K; k++) {
        if ((rc = flow__table_set_text(t, 0, k, T.names[k])) != FLOW_OK) goto done;
        est[k] = beta[k];
        sec[k] = se[k];
        zc[k] = beta[k] / se[k];
        pv[k] = erfc(fabs(zc[k]) / sqrt(2.0));
    }
    flow__table_set_meta(t, "analysis", "gravity");
    flow__selection_describe(t, sel, FLOW__UNIT_NONE);
    flow__table_set_meta(t, "fixed_effects", "%s", F.fe ? "origin,destination" : "none");
    flow__table_set_meta(t, "distance", "%s",
                         o->distance == FLOW_GRAVITY_DISTANCE_NONE      ? "none"
                         : o->distance == FLOW_GRAVITY_DISTANCE_LAT_LON ? "lat_lon"
                                                                        : o->distance_file);
    flow__table_set_meta(t, "std_error", "robust HC0");
    flow__table_set_meta(t, "pseudo_r2_definition", "1 - deviance/null_deviance");
    flow__table_set_meta(t, "convergence", "|dD|/(|D|+0.1) < %g", o->tolerance);
    if (warning->len) {
        flow__table_set_meta(t, "warning", "%s", warning->str);
        flow__warning_set(warning->str);
    }
    flow__table_set_scalar(t, "pseudo_r2", null_dev > 0 ? 1 - dev / null_dev : NAN);
    flow__table_set_scalar(t, "deviance", dev);
    flow__table_set_scalar(t, "null_deviance", null_dev);
    flow__table_set_scalar(t, "iterations", iterations);
    flow__table_set_scalar(t, "converged", converged);
    flow__table_set_scalar(t, "n_pairs", (double)nkept);
    flow__table_set_scalar(t, "n_nodes", (double)n);
    flow__table_set_scalar(t, "n_vertices", (double)sel->nv);

    /* free the work arrays before the pairs part takes its room */
    for (size_t k = 0; k < K; k++) big_free_doubles(xt[k], np);
    g_clear_pointer(&xt, g_free);
    big_free_doubles(v, np);
    v = NULL;
    big_free_doubles(eta, np);
    eta = NULL;

    int64_t *src = NULL, *tgt = NULL;
    double *obs = NULL, *exp_ = NULL, *exc = NULL, *ratio = NULL;
    if ((rc = flow__table_new(&part, sel->net, "pairs", np)) != FLOW_OK ||
        (rc = flow__table_add_nodes(part, "source", &src)) != FLOW_OK ||
        (rc = flow__table_add_nodes(part, "target", &tgt)) != FLOW_OK ||
        (rc = flow__table_add_doubles(part, "observed", &obs)) != FLOW_OK ||
        (rc = flow__table_add_doubles(part, "expected", &exp_)) != FLOW_OK ||
        (rc = flow__table_add_doubles(part, "excess", &exc)) != FLOW_OK ||
        (rc = flow__table_add_doubles(part, "ratio", &ratio)) != FLOW_OK)
        goto done;
    {
        size_t p = 0;
        for (size_t i = 0; i < n; i++) {
            load_row(&F, i);
            for (size_t j = 0; j < n; j++) {
                if (j == i) continue;
                double y = F.row[j], m = kept(&F, i, j) ? mu[p] : 0;
                src[p] = sel->node_of_vertex[F.vid[i]];
                tgt[p] = sel->node_of_vertex[F.vid[j]];
                obs[p] = y;
                exp_[p] = m;
                exc[p] = y - m;
                ratio[p] = m > 0 ? y / m : NAN;
                p++;
            }
            clear_row(&F, i);
        }
    }
    flow__selection_describe(part, sel, FLOW__UNIT_SELECTION);
    rc = flow__table_add_part(t, part);
    part = NULL;

done:
    g_free(outs);
    g_free(ins);
    g_free(F.vid);
    g_free(F.mid);
    g_free(F.drop_o);
    g_free(F.drop_d);
    g_free(F.row);
    g_free(F.so);
    g_free(F.sd);
    g_free(F.acc);
    flow__gravity_terms_clear(&T);
    big_free_doubles(eta, np);
    big_free_doubles(mu, np);
    big_free_doubles(v, np);
    if (xt)
        for (size_t k = 0; k < K; k++) big_free_doubles(xt[k], np);
    g_free(xt);
    g_free(A);
    g_free(L);
    g_free(beta);
    g_free(b);
    g_free(raw_ss);
    g_free(meat);
    g_free(se);
    g_string_free(warning, TRUE);
    flow_table_free(part);
    if (rc != FLOW_OK) {
        flow_table_free(t);
        return rc;
    }
    *out = t;
    return FLOW_OK;
}

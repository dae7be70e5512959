/*
 * Significance tests against null models (see significance.h).
 *
 * Outline: check the options and the selection, then one function per
 * test fills a list of rows (observed value, analytic moments when there
 * are any, and a running tally of the null samples: Welford's mean and
 * variance and the count of samples >= observed), and one builder turns
 * the rows into the table.
 *
 * The configuration model is fitted here (fit_configuration()) and sampled
 * pair by pair; the cohesion test samples only the pairs touching the
 * group's members. The modularity test builds each null network as a
 * network of its own (public API: nodes, then one flow per pair) so that
 * flow_cluster_detect() runs on it exactly as on data. Brokerage samples
 * are plain graphs counted by brokerage.c's own loop.
 *
 * Randomness comes from one GRand (Mersenne Twister) seeded from the
 * options' 64-bit seed, drawn in a fixed order, so the same seed gives the
 * same table; cluster detections on null networks get seed + 1 + sample.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "libflow/significance.h"
#include "libflow/brokerage.h"
#include "libflow/cluster.h"
#include "brokerage_internal.h"
#include "error_internal.h"
#include "network_internal.h"
#include "registry_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

/* ---- registries ------------------------------------------------------------ */

static const flow__param p_samples[] = {
    {"samples", "int", "1000", "null samples"},
    {"seed", "int", "1", "random seed"},
    {NULL, NULL, NULL, NULL}};
static const flow__param p_detect[] = {
    {"samples", "int", "1000", "null samples"},
    {"seed", "int", "1", "random seed"},
    {"method", "cluster", "leiden", "cluster method run on the data and the null networks"},
    {NULL, NULL, NULL, NULL}};

#define S FLOW_REG_STOCHASTIC
static const flow__entry test_entries[] = {
    {"group_cohesion", FLOW_TEST_GROUP_COHESION, FLOW_REG_WEIGHTED | S,
     "internal flow and self-containment of groups (configuration null)", p_samples},
    {"modularity", FLOW_TEST_MODULARITY, FLOW_REG_WEIGHTED | S,
     "modularity of detected clusters, and of the groups (configuration null)", p_detect},
    {"agreement", FLOW_TEST_AGREEMENT, FLOW_REG_WEIGHTED | S,
     "NMI and ARI of clusters vs groups (permuted labels)", p_detect},
    {"brokerage", FLOW_TEST_BROKERAGE, S,
     "Gould-Fernandez role counts (sna's Bernoulli graph)", p_samples},
};
#undef S
FLOW__FAMILY(flow__test_family, "test", "significance test",
             "significance tests (flow_significance_test)", test_entries);

static const flow__entry null_entries[] = {
    {"configuration", FLOW_NULL_CONFIGURATION, FLOW_REG_WEIGHTED | FLOW_REG_STOCHASTIC,
     "maximum-entropy weighted configuration model (expected strengths kept)", NULL},
    {"bernoulli", FLOW_NULL_BERNOULLI, FLOW_REG_STOCHASTIC,
     "random graph of the same density (sna::brokerage)", NULL},
    {"permutation", FLOW_NULL_PERMUTATION, FLOW_REG_STOCHASTIC,
     "declared groups' labels shuffled over the vertices", NULL},
};
FLOW__FAMILY(flow__null_family, "null", "null model",
             "null models of the significance tests", null_entries);

/* The null model each test uses. */
static const int test_null[] = {FLOW_NULL_CONFIGURATION, FLOW_NULL_CONFIGURATION,
                                FLOW_NULL_PERMUTATION, FLOW_NULL_BERNOULLI};

int flow_significance_options_init(flow_significance_options *opts, unsigned int version)
{
    if (!opts) return flow__error(FLOW_EINVAL, "flow_significance_options_init: opts is NULL");
    if (version != FLOW_SIGNIFICANCE_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL,
                           "significance options: unknown version %u (this library has %u)",
                           version, (unsigned)FLOW_SIGNIFICANCE_OPTIONS_VERSION);
    flow_significance_options d = FLOW_SIGNIFICANCE_OPTIONS_INIT;
    *opts = d;
    return FLOW_OK;
}

/* ---- rows and tallies ------------------------------------------------------- */

typedef struct {
    const char *group;     /* borrowed from the network, or NULL */
    const char *statistic; /* static */
    double observed;
    double expected, std; /* analytic, or NAN */
    int moments;          /* MOMENTS_* */
    /* the null samples: count, Welford mean and sum of squares, and the
     * count of samples >= observed */
    int64_t n, ge;
    double mean, m2;
    double scale; /* the samples are tallied divided by this (the first
                   * sample's size), so that m2 stays finite for flows
                   * near 1e300; 0 before the first */
} row;

enum { MOMENTS_SAMPLED = 0, MOMENTS_ANALYTIC = 1, MOMENTS_ANALYTIC_MEAN = 2 };
static const char *const moments_names[] = {"sampled", "analytic", "analytic_mean"};

static row new_row(const char *group, const char *statistic, double observed)
{
    row r = {group, statistic, observed, NAN, NAN, MOMENTS_SAMPLED, 0, 0, 0, 0, 0};
    return r;
}

/* Adds a null sample (NAN samples are left out). Ties with the observed
 * value count as >=, to within rounding. */
static void tally(row *r, double x)
{
    if (isnan(x)) return;
    if (r->scale == 0) r->scale = fabs(x) > 0 && isfinite(x) ? fabs(x) : 1;
    int ge = x >= r->observed - 1e-12 * fmax(1.0, fabs(r->observed));
    x /= r->scale;
    r->n++;
    double delta = x - r->mean;
    r->mean += delta / (double)r->n;
    r->m2 += delta * (x - r->mean);
    if (ge) r->ge++;
}

static double zscore(double x, double e, double sd)
{
    if (isnan(x) || isnan(e) || isnan(sd) || !(sd > 0)) return NAN;
    return (x - e) / sd;
}

/* ---- the random generator ----------------------------------------------------- */

static GRand *new_rand(uint64_t seed)
{
    guint32 s[2] = {(guint32)(seed & 0xffffffffu), (guint32)(seed >> 32)};
    return g_rand_new_with_seed_array(s, 2);
}

/* An exponential variable of mean 1. */
static double exp1(GRand *rng) { return -log1p(-g_rand_double(rng)); }

/* ---- progress ----------------------------------------------------------------- */

static int tick(const flow_selection *sel, double done, double total, const char *what)
{
    if (!sel->progress) return FLOW_OK;
    if (sel->progress(total > 0 ? 100.0 * done / total : 100.0, what, sel->payload) != 0)
        return flow__error(FLOW_EINTERRUPTED, "significance: interrupted by the progress callback");
    return FLOW_OK;
}

/* ---- the configuration model ---------------------------------------------------- */

typedef struct {
    size_t nv;
    int directed;
    double *x, *y;         /* y == x when undirected */
    uint8_t *out_on, *in_on; /* in_on == out_on when undirected */
    int sweeps;
} cfg;

static void cfg_free(cfg *m)
{
    g_free(m->x);
    if (m->directed) {
        g_free(m->y);
        g_free(m->in_on);
    }
    g_free(m->out_on);
    memset(m, 0, sizeof *m);
}

/* Mean weight of pair (i, j); the pair must be one the model has. */
static double cfg_mu(const cfg *m, size_t i, size_t j) { return 1.0 / (m->x[i] + m->y[j]); }

static int cfg_pair(const cfg *m, size_t i, size_t j)
{
    return i != j && m->out_on[i] && m->in_on[j];
}

/*
 * Solves sum_k 1 / (t + c_k) = s for t, over the c_k of the vertices k on
 * (but `self`). f is convex and decreasing in u = t + cmin on (0, inf), with
 * its root in [1/s, K/s]; Newton steps from the left of the root stay left
 * and converge monotonically, so a step landing right of it is pulled back
 * to the lower bound's side by one more step from there.
 */
static double solve_one(const double *c, const uint8_t *on, size_t nv, size_t self, double s,
                        double start)
{
    double cmin = INFINITY;
    size_t K = 0;
    for (size_t k = 0; k < nv; k++)
        if (k != self && on[k]) {
            K++;
            cmin = fmin(cmin, c[k]);
        }
    double lo = 1.0 / s, hi = (double)K / s;
    double u = start + cmin;
    if (!(u >= lo && u <= hi)) u = lo;
    for (int it = 0; it < 200; it++) {
        double f = 0, df = 0;
        for (size_t k = 0; k < nv; k++)
            if (k != self && on[k]) {
                double q = 1.0 / (u - cmin + c[k]);
                f += q;
                df += q * q;
            }
        double step = (f - s) / df;
        double next = u + step;
        if (next < lo) next = lo;
        if (next > hi) next = hi;
        if (fabs(next - u) <= 1e-15 * u) {
            u = next;
            break;
        }
        u = next;
    }
    return u - cmin;
}

/* Largest relative error of the expected strengths. */
static double cfg_error(const cfg *m, const double *sout, const double *sin)
{
    double err = 0;
    for (size_t i = 0; i < m->nv; i++) {
        if (!m->out_on[i]) continue;
        double e = 0;
        for (size_t j = 0; j < m->nv; j++)
            if (cfg_pair(m, i, j)) e += cfg_mu(m, i, j);
        err = fmax(err, fabs(e - sout[i]) / sout[i]);
    }
    if (m->directed)
        for (size_t j = 0; j < m->nv; j++) {
            if (!m->in_on[j]) continue;
            double e = 0;
            for (size_t i = 0; i < m->nv; i++)
                if (cfg_pair(m, i, j)) e += cfg_mu(m, i, j);
            err = fmax(err, fabs(e - sin[j]) / sin[j]);
        }
    return err;
}

/* Fits the model to the selection's strengths (see significance.h). */
static int fit_configuration(cfg *m, flow_selection *sel)
{
    size_t nv = sel->nv;
    const flow__graph *G = &sel->graph;
    memset(m, 0, sizeof *m);
    m->nv = nv;
    m->directed = sel->directed;
    double *sout = g_try_new0(double, nv ? nv : 1);
    double *sin = m->directed ? g_try_new0(double, nv ? nv : 1) : sout;
    m->x = g_try_new0(double, nv ? nv : 1);
    m->y = m->directed ? g_try_new0(double, nv ? nv : 1) : m->x;
    m->out_on = g_try_new0(uint8_t, nv ? nv : 1);
    m->in_on = m->directed ? g_try_new0(uint8_t, nv ? nv : 1) : m->out_on;
    int rc = FLOW_OK;
    if (!sout || !sin || !m->x || !m->y || !m->out_on || !m->in_on) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t e = 0; e < G->ne; e++) {
        sout[G->from[e]] += G->weight[e];
        sin[G->to[e]] += G->weight[e];
    }
    size_t nout = 0, nin = 0;
    for (size_t v = 0; v < nv; v++) {
        m->out_on[v] = sout[v] > 0;
        m->in_on[v] = sin[v] > 0;
    }
    for (size_t v = 0; v < nv; v++) {
        nout += m->out_on[v];
        nin += m->in_on[v];
    }
    /* The model is fitted to the strengths divided by the largest (the
     * means scale with them, x and y inversely), so that Newton's
     * derivatives neither underflow for strengths near 1e-300 nor
     * overflow near 1e300; x and y are scaled back at the end. */
    double scale = 0;
    for (size_t v = 0; v < nv; v++) scale = fmax(scale, fmax(sout[v], sin[v]));
    if (scale > 0)
        for (size_t v = 0; v < nv; v++) {
            double low = fmin(m->out_on[v] ? sout[v] : scale, m->in_on[v] ? sin[v] : scale);
            sout[v] /= scale;
            if (m->directed) sin[v] /= scale;
            if (low / scale < FLOW_NULL_MIN_RATIO) {
                rc = flow__error(FLOW_ELIMIT,
                                 "the configuration null model cannot span these strengths: "
                                 "'%s' has %g, the largest is %g (a ratio below %g)",
                                 flow_network_node_id(sel->net, (size_t)sel->node_of_vertex[v]),
                                 low, scale, FLOW_NULL_MIN_RATIO);
                goto done;
            }
        }
    /* a start where every mean is about s_i / (partners): x + y ~ K / s */
    for (size_t v = 0; v < nv; v++) {
        if (m->out_on[v]) m->x[v] = (double)nin / (2 * sout[v]);
        if (m->directed && m->in_on[v]) m->y[v] = (double)nout / (2 * sin[v]);
    }
    double err = INFINITY;
    int sweep = 0;
    for (; sweep < FLOW_NULL_MAX_SWEEPS; sweep++) {
        for (size_t i = 0; i < nv; i++)
            if (m->out_on[i]) m->x[i] = solve_one(m->y, m->in_on, nv, i, sout[i], m->x[i]);
        if (m->directed)
            for (size_t j = 0; j < nv; j++)
                if (m->in_on[j]) m->y[j] = solve_one(m->x, m->out_on, nv, j, sin[j], m->y[j]);
        if (sweep % 10 == 9 || sweep < 10) {
            err = cfg_error(m, sout, sin);
            if (err <= FLOW_NULL_TOLERANCE) break;
        }
    }
    m->sweeps = sweep + 1;
    if (scale > 0)
        for (size_t v = 0; v < nv; v++) {
            m->x[v] /= scale;
            if (m->directed) m->y[v] /= scale;
        }
    if (!(err <= FLOW_NULL_TOLERANCE))
        rc = flow__error(FLOW_ECONVERGE,
                         "the configuration null model cannot be fitted to these strengths "
                         "(relative error %.3g after %d sweeps): they can only be met with "
                         "some pair of nodes carrying no flow at all (as in a path a -> b -> "
                         "c), where a maximum-entropy model does not exist",
                         err, FLOW_NULL_MAX_SWEEPS);
done:
    g_free(sout);
    if (m->directed) g_free(sin);
    if (rc < 0) cfg_free(m);
    return rc;
}

/* ---- groups ----------------------------------------------------------------------- */

static const char *group_at(size_t i, const void *data)
{
    return flow__network_group_name(data, i);
}

/* Resolves group names (n == 0: every group) to network group indexes. */
static int resolve_groups(const flow_selection *sel, const char *const *groups, size_t n,
                          int64_t **out, size_t *count)
{
    const flow_network *net = sel->net;
    size_t ng = n ? n : net->groups->len;
    *out = NULL;
    *count = 0;
    if (n > 0 && !groups) return flow__error(FLOW_EINVAL, "significance: group list is NULL");
    if (ng == 0)
        return flow__error(FLOW_EINVAL, "significance: this test needs declared groups, and "
                                        "the network has none");
    int64_t *gi = g_try_new(int64_t, ng);
    if (!gi) return flow__error_nomem();
    for (size_t i = 0; i < ng; i++) {
        if (n == 0) {
            gi[i] = (int64_t)i;
            continue;
        }
        if (!groups[i]) {
            g_free(gi);
            return flow__error(FLOW_EINVAL, "significance: group name %zu is NULL", i);
        }
        gi[i] = flow_network_group_index(net, groups[i]);
        if (gi[i] < 0) {
            const char *near = flow__suggest(groups[i], net->groups->len, group_at, net);
            int rc = near ? flow__error(FLOW_ENOTFOUND,
                                        "significance: unknown group '%s' (did you mean '%s'?)",
                                        groups[i], near)
                          : flow__error(FLOW_ENOTFOUND, "significance: unknown group '%s'",
                                        groups[i]);
            g_free(gi);
            return rc;
        }
    }
    *out = gi;
    *count = ng;
    return FLOW_OK;
}

/* Marks the vertices of network group g in `in` (nv entries, cleared
 * first); returns how many distinct vertices it has. */
static size_t mark_group(const flow_selection *sel, size_t g, uint8_t *in)
{
    memset(in, 0, sel->nv ? sel->nv : 1);
    size_t count = 0;
    for (size_t k = 0; k < flow__network_group_size(sel->net, g); k++) {
        int64_t v = sel->vertex_of_node[flow__network_group_member(sel->net, g, k)];
        if (v >= 0 && !in[v]) {
            in[v] = 1;
            count++;
        }
    }
    return count;
}

/* ---- the tests ---------------------------------------------------------------------- */

typedef struct {
    flow_selection *sel;
    int test, null_model;
    flow_significance_options o;
    GArray *rows; /* row */
    GRand *rng;
    int sweeps;   /* configuration fit, 0 when none */
    GString *groups_used;
} run;

static void note_group(run *r, const char *name)
{
    g_string_append_printf(r->groups_used, "%s%s", r->groups_used->len ? "," : "", name);
}

/* Group cohesion: internal flow (analytic moments) and self-containment. */
static int test_cohesion(run *r, const char *const *groups, size_t n)
{
    flow_selection *sel = r->sel;
    const flow__graph *G = &sel->graph;
    size_t nv = sel->nv, ng = 0;
    int64_t *gi = NULL;
    uint8_t *in = NULL;
    cfg m = {0};
    int rc = resolve_groups(sel, groups, n, &gi, &ng);
    if (rc < 0) return rc;
    in = g_try_new0(uint8_t, nv ? nv : 1);
    if (!in) {
        rc = flow__error_nomem();
        goto done;
    }
    /* check every group before the (possibly long) fit */
    for (size_t k = 0; k < ng; k++) {
        size_t size = mark_group(sel, (size_t)gi[k], in);
        if (size < 2) {
            rc = flow__error(FLOW_EINVAL,
                             "significance: group '%s' has %zu vertex%s in the selection; "
                             "cohesion needs at least 2",
                             flow__network_group_name(sel->net, (size_t)gi[k]), size,
                             size == 1 ? "" : "es");
            goto done;
        }
    }
    if ((rc = fit_configuration(&m, sel)) < 0) goto done;
    r->sweeps = m.sweeps;
    int samples = r->o.samples;
    for (size_t k = 0; k < ng; k++) {
        const char *name = flow__network_group_name(sel->net, (size_t)gi[k]);
        note_group(r, name);
        mark_group(sel, (size_t)gi[k], in);
        double intra = 0, internal = 0, outflow = 0, mean = 0, var = 0;
        for (size_t v = 0; v < nv; v++)
            if (in[v]) intra += sel->internal[v];
        for (size_t e = 0; e < G->ne; e++) {
            int a = in[G->from[e]], b = in[G->to[e]];
            if (a && b)
                internal += G->weight[e];
            else if (a || (!sel->directed && b))
                outflow += G->weight[e];
        }
        internal += intra;
        /* analytic moments of the internal flow (the variance summed over
         * the means divided by the largest, so that it stays finite for
         * flows near 1e300) */
        double mumax = 0;
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < nv; i++) {
                if (!in[i]) continue;
                for (size_t j = 0; j < nv; j++) {
                    if (!in[j] || !cfg_pair(&m, i, j) || (!sel->directed && j < i)) continue;
                    double mu = cfg_mu(&m, i, j);
                    if (pass == 0) {
                        mean += mu;
                        mumax = fmax(mumax, mu);
                    } else {
                        var += (mu / mumax) * (mu / mumax);
                    }
                }
            }
        row ri = new_row(name, "internal", internal);
        ri.expected = mean + intra;
        ri.std = mumax > 0 ? sqrt(var) * mumax : 0;
        ri.moments = MOMENTS_ANALYTIC;
        row rs = new_row(name, "self_containment",
                         internal + outflow > 0 ? internal / (internal + outflow) : NAN);
        for (int s = 0; s < samples; s++) {
            if ((rc = tick(sel, (double)(k * (size_t)samples + (size_t)s),
                           (double)(ng * (size_t)samples), "group cohesion")) < 0)
                goto done;
            double in_w = intra, out_w = 0;
            for (size_t i = 0; i < nv; i++) {
                if (!in[i]) continue;
                for (size_t j = 0; j < nv; j++) {
                    if (!cfg_pair(&m, i, j)) continue;
                    if (!sel->directed && in[j] && j < i) continue;
                    double w = cfg_mu(&m, i, j) * exp1(r->rng);
                    if (in[j])
                        in_w += w;
                    else
                        out_w += w;
                }
                /* undirected: pairs (j, i) with j outside are the pairs
                 * (i, j) above; directed: flow into i does not count */
            }
            tally(&ri, in_w);
            tally(&rs, in_w + out_w > 0 ? in_w / (in_w + out_w) : NAN);
        }
        g_array_append_val(r->rows, ri);
        g_array_append_val(r->rows, rs);
    }
done:
    cfg_free(&m);
    g_free(gi);
    g_free(in);
    return rc;
}

/* A null network of the configuration model as a network and a selection
 * (vertex v = node v, one factor "null", directed as the data). */
static int null_selection(const cfg *m, GRand *rng, flow_network **net_out,
                          flow_selection **sel_out)
{
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    *net_out = NULL;
    *sel_out = NULL;
    int rc = flow_network_new(&net);
    char a[32], b[32];
    for (size_t v = 0; rc == FLOW_OK && v < m->nv; v++) {
        snprintf(a, sizeof a, "v%zu", v);
        rc = flow_network_add_node(net, a, NULL, NULL, NULL);
    }
    for (size_t i = 0; rc == FLOW_OK && i < m->nv; i++) {
        snprintf(a, sizeof a, "v%zu", i);
        for (size_t j = m->directed ? 0 : i + 1; rc == FLOW_OK && j < m->nv; j++) {
            if (!cfg_pair(m, i, j)) continue;
            double w = cfg_mu(m, i, j) * exp1(rng);
            if (!(w > 0)) continue;
            snprintf(b, sizeof b, "v%zu", j);
            rc = flow_network_add_flow(net, a, b, "null", w, FLOW_NO_YEAR);
        }
    }
    if (rc == FLOW_OK) rc = flow_selection_new(&sel, net);
    if (rc == FLOW_OK) rc = flow_selection_set_directed(sel, m->directed);
    if (rc < 0) {
        flow_selection_free(sel);
        flow_network_free(net);
        return rc;
    }
    *net_out = net;
    *sel_out = sel;
    return FLOW_OK;
}

/* The "cluster" column of a partition table (cluster.h documents it). */
static const int64_t *cluster_column(const flow_table *p)
{
    return flow_table_ints(p, (size_t)flow_table_column_index(p, "cluster"));
}

/* Modularity of the detected partition (and of the groups') against null
 * networks. */
static int test_modularity(run *r, const char *const *groups, size_t n)
{
    flow_selection *sel = r->sel;
    flow_table *det = NULL, *gp = NULL;
    cfg m = {0};
    flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
    co.seed = r->o.seed;
    int rc = flow_cluster_detect(&det, sel, r->o.method, &co);
    if (rc < 0) goto done;
    if (n > 0) {
        if (!groups) {
            rc = flow__error(FLOW_EINVAL, "significance: group list is NULL");
            goto done;
        }
        if ((rc = flow_cluster_from_groups(&gp, sel, groups, n)) < 0) goto done;
        for (size_t i = 0; i < n; i++) note_group(r, groups[i]);
    }
    if ((rc = fit_configuration(&m, sel)) < 0) goto done;
    r->sweeps = m.sweeps;
    row rd = new_row(NULL, "detected", flow_table_scalar(det, "modularity"));
    row rg = new_row(NULL, "groups", gp ? flow_table_scalar(gp, "modularity") : NAN);
    const int64_t *glabels = gp ? cluster_column(gp) : NULL;
    for (int s = 0; s < r->o.samples; s++) {
        if ((rc = tick(sel, s, r->o.samples, "modularity")) < 0) goto done;
        flow_network *nnet = NULL;
        flow_selection *nsel = NULL;
        flow_table *np = NULL;
        if ((rc = null_selection(&m, r->rng, &nnet, &nsel)) < 0) goto done;
        flow_cluster_options no = co;
        no.seed = r->o.seed + 1 + (uint64_t)s;
        rc = flow_cluster_detect(&np, nsel, r->o.method, &no);
        if (rc == FLOW_OK) tally(&rd, flow_table_scalar(np, "modularity"));
        if (rc == FLOW_OK && gp) {
            double q = NAN;
            rc = flow_cluster_modularity(&q, nsel, glabels, sel->nv, 1.0);
            if (rc == FLOW_OK) tally(&rg, q);
        }
        flow_table_free(np);
        flow_selection_free(nsel);
        flow_network_free(nnet);
        if (rc < 0) goto done;
    }
    g_array_append_val(r->rows, rd);
    if (gp) g_array_append_val(r->rows, rg);
done:
    cfg_free(&m);
    flow_table_free(det);
    flow_table_free(gp);
    return rc;
}

/* Agreement of detected clusters with declared groups against permuted
 * labels. */
static int test_agreement(run *r, const char *const *groups, size_t n)
{
    flow_selection *sel = r->sel;
    size_t nv = sel->nv;
    flow_table *det = NULL, *gp = NULL;
    int64_t *perm = NULL;
    int rc;
    if (n == 0 && sel->net->groups->len == 0) {
        return flow__error(FLOW_EINVAL, "significance: the agreement test needs declared groups, "
                                        "and the network has none");
    }
    flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
    co.seed = r->o.seed;
    if ((rc = flow_cluster_detect(&det, sel, r->o.method, &co)) < 0) goto done;
    if ((rc = flow_cluster_from_groups(&gp, sel, groups, n)) < 0) goto done;
    g_string_append(r->groups_used, flow_table_meta(gp, "groups"));
    double nmi = NAN, ari = NAN;
    if ((rc = flow_cluster_compare(&nmi, det, gp, FLOW_COMPARE_NMI)) < 0 ||
        (rc = flow_cluster_compare(&ari, det, gp, FLOW_COMPARE_ARI)) < 0)
        goto done;
    row rn = new_row(NULL, "nmi", nmi), ra = new_row(NULL, "ari", ari);
    ra.expected = 0;
    ra.moments = MOMENTS_ANALYTIC_MEAN;
    const int64_t *labels = cluster_column(gp);
    perm = g_try_new(int64_t, nv ? nv : 1);
    if (!perm) {
        rc = flow__error_nomem();
        goto done;
    }
    if (nv) memcpy(perm, labels, nv * sizeof *perm);
    for (int s = 0; s < r->o.samples; s++) {
        if ((rc = tick(sel, s, r->o.samples, "agreement")) < 0) goto done;
        for (size_t i = nv; i > 1; i--) { /* Fisher-Yates */
            size_t j = (size_t)g_rand_int_range(r->rng, 0, (gint32)i);
            int64_t t = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = t;
        }
        flow_table *pp = NULL;
        double x = NAN, y = NAN;
        rc = flow_cluster_from_membership(&pp, sel, perm, nv);
        if (rc == FLOW_OK) rc = flow_cluster_compare(&x, det, pp, FLOW_COMPARE_NMI);
        if (rc == FLOW_OK) rc = flow_cluster_compare(&y, det, pp, FLOW_COMPARE_ARI);
        flow_table_free(pp);
        if (rc < 0) goto done;
        tally(&rn, x);
        tally(&ra, y);
    }
    g_array_append_val(r->rows, rn);
    g_array_append_val(r->rows, ra);
done:
    flow_table_free(det);
    flow_table_free(gp);
    g_free(perm);
    return rc;
}

/* A Bernoulli graph of density d on nv vertices (directed or not), by
 * geometric skips over the pairs in row order (Batagelj and Brandes
 * 2005): O(n + m). Pair positions run over the rows i = 0, 1, ...: row i
 * holds (i, j) for j != i (directed) or j > i (undirected). */
static int bernoulli_graph(flow__graph *g, size_t nv, int directed, double d, GRand *rng)
{
    GArray *from = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    GArray *to = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    double L = directed ? (double)nv * (double)(nv - (nv > 0)) : (double)nv * (double)(nv - (nv > 0)) / 2;
    double lq = log1p(-d), pos = -1, rs = 0;
    size_t i = 0;
    while (d > 0) {
        double skip = d >= 1 ? 1 : 1 + floor(log1p(-g_rand_double(rng)) / lq);
        pos += skip;
        if (!(pos < L)) break;
        for (;;) {
            double len = directed ? (double)(nv - 1) : (double)(nv - 1 - i);
            if (pos < rs + len) break;
            rs += len;
            i++;
        }
        size_t off = (size_t)(pos - rs);
        uint32_t a = (uint32_t)i;
        uint32_t b = (uint32_t)(directed ? (off < i ? off : off + 1) : i + 1 + off);
        g_array_append_val(from, a);
        g_array_append_val(to, b);
    }
    size_t m = from->len;
    double *w = g_try_new(double, m ? m : 1);
    if (m == 0) {
        uint32_t zero = 0;
        g_array_append_val(from, zero);
        g_array_append_val(to, zero);
    }
    if (!w) {
        g_array_free(from, TRUE);
        g_array_free(to, TRUE);
        return flow__error_nomem();
    }
    for (size_t e = 0; e < m; e++) w[e] = 1;
    uint32_t *f = (uint32_t *)(void *)g_array_free(from, FALSE);
    uint32_t *t = (uint32_t *)(void *)g_array_free(to, FALSE);
    return flow__graph_init(g, nv, directed, m, f, t, w, 1);
}

/* Network-wide brokerage counts against sna's moments and Bernoulli
 * samples. */
static int test_brokerage(run *r, const char *const *groups, size_t n)
{
    flow_selection *sel = r->sel;
    size_t nv = sel->nv, k = 0;
    flow_table *bt = NULL;
    int64_t *cls = NULL;
    double *sizes = NULL;
    int rc = flow_brokerage_from_groups(&bt, sel, groups, n, NULL);
    if (rc < 0) return rc;
    g_string_append(r->groups_used, flow_table_meta(bt, "groups"));
    const int64_t *member = flow_table_ints(bt, (size_t)flow_table_column_index(bt, "group"));
    if ((rc = flow__brokerage_classes(member, nv, &cls, &sizes, &k)) < 0) goto done;
    double d = flow_table_scalar(bt, "density"), ex[FLOW__BROKER_SLOTS], sd[FLOW__BROKER_SLOTS];
    flow__brokerage_global_moments(d, sizes, k, ex, sd);
    row rows[FLOW__BROKER_SLOTS];
    for (int ro = 0; ro < FLOW__BROKER_SLOTS; ro++) {
        const char *name = flow_registry_name("role", ro);
        const int64_t *c = flow_table_ints(bt, (size_t)flow_table_column_index(bt, name));
        double total = 0;
        for (size_t v = 0; v < nv; v++) total += (double)c[v];
        rows[ro] = new_row(NULL, name, total);
        rows[ro].expected = ex[ro];
        rows[ro].std = sd[ro];
        rows[ro].moments = MOMENTS_ANALYTIC;
    }
    for (int s = 0; s < r->o.samples; s++) {
        if ((rc = tick(sel, s, r->o.samples, "brokerage")) < 0) goto done;
        flow__graph g;
        memset(&g, 0, sizeof g);
        if ((rc = bernoulli_graph(&g, nv, sel->directed, d, r->rng)) < 0) goto done;
        int64_t totals[FLOW__BROKER_SLOTS];
        rc = flow__brokerage_totals(&g, cls, totals);
        flow__graph_clear(&g);
        if (rc < 0) goto done;
        for (int ro = 0; ro < FLOW__BROKER_SLOTS; ro++) tally(&rows[ro], (double)totals[ro]);
    }
    for (int ro = 0; ro < FLOW__BROKER_SLOTS; ro++) g_array_append_val(r->rows, rows[ro]);
done:
    flow_table_free(bt);
    g_free(cls);
    g_free(sizes);
    return rc;
}

/* ---- the table ------------------------------------------------------------------------ */

static int build_table(flow_table **out, run *r)
{
    flow_selection *sel = r->sel;
    size_t nr = r->rows->len;
    flow_table *t = NULL;
    const char **group = NULL, **stat = NULL, **moments = NULL;
    double *obs, *ex, *sd, *z, *p, *nm, *ns;
    int64_t *nn;
    int rc = flow__table_new(&t, sel->net, "significance", nr);
    if (rc < 0) return rc;
    if ((rc = flow__table_add_texts(t, "group", &group)) < 0 ||
        (rc = flow__table_add_texts(t, "statistic", &stat)) < 0 ||
        (rc = flow__table_add_doubles(t, "observed", &obs)) < 0 ||
        (rc = flow__table_add_doubles(t, "expected", &ex)) < 0 ||
        (rc = flow__table_add_doubles(t, "std", &sd)) < 0 ||
        (rc = flow__table_add_doubles(t, "z", &z)) < 0 ||
        (rc = flow__table_add_doubles(t, "p_value", &p)) < 0 ||
        (rc = flow__table_add_ints(t, "n_null", &nn)) < 0 ||
        (rc = flow__table_add_doubles(t, "null_mean", &nm)) < 0 ||
        (rc = flow__table_add_doubles(t, "null_std", &ns)) < 0 ||
        (rc = flow__table_add_texts(t, "moments", &moments)) < 0)
        goto fail;
    for (size_t i = 0; i < nr; i++) {
        const row *w = &g_array_index(r->rows, row, i);
        group[i] = w->group;
        stat[i] = w->statistic;
        obs[i] = w->observed;
        nn[i] = w->n;
        nm[i] = w->n > 0 ? w->mean * w->scale : NAN;
        ns[i] = w->n > 1 ? sqrt(w->m2 / (double)(w->n - 1)) * w->scale : NAN;
        ex[i] = w->moments == MOMENTS_SAMPLED ? nm[i] : w->expected;
        sd[i] = w->moments == MOMENTS_ANALYTIC ? w->std : ns[i];
        z[i] = zscore(obs[i], ex[i], sd[i]);
        p[i] = isnan(obs[i]) || w->n == 0 ? NAN : (double)(w->ge + 1) / (double)(w->n + 1);
        moments[i] = moments_names[w->moments];
    }
    flow__table_set_meta(t, "analysis", "significance");
    flow__selection_describe(t, sel, FLOW__UNIT_SELECTION);
    flow__table_set_meta(t, "test", "%s", flow_registry_name("test", r->test));
    flow__table_set_meta(t, "null", "%s", flow_registry_name("null", r->null_model));
    flow__table_set_meta(t, "samples", "%d", r->o.samples);
    flow__table_set_meta(t, "seed", "%llu", (unsigned long long)r->o.seed);
    flow__table_set_meta(t, "p_value", "one-sided (upper tail), (k + 1) / (n_null + 1), k = null "
                                       "samples >= observed");
    if (r->groups_used->len) flow__table_set_meta(t, "groups", "%s", r->groups_used->str);
    if (r->test == FLOW_TEST_MODULARITY || r->test == FLOW_TEST_AGREEMENT)
        flow__table_set_meta(t, "method", "%s", flow_registry_name("cluster", r->o.method));
    if (r->sweeps) flow__table_set_meta(t, "fit_sweeps", "%d", r->sweeps);
    *out = t;
    return FLOW_OK;
fail:
    flow_table_free(t);
    return rc;
}

/* ---- the entry point -------------------------------------------------------------------- */

int flow_significance_test(flow_table **out, flow_selection *sel, int test,
                           const char *const *groups, size_t n,
                           const flow_significance_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_significance_test: out is NULL");
    *out = NULL;
    run r;
    memset(&r, 0, sizeof r);
    flow_significance_options o = FLOW_SIGNIFICANCE_OPTIONS_INIT;
    if (opts) {
        if (opts->version != FLOW_SIGNIFICANCE_OPTIONS_VERSION)
            return flow__error(FLOW_EINVAL,
                               "significance options: unknown version %u (initialise them with "
                               "FLOW_SIGNIFICANCE_OPTIONS_INIT or "
                               "flow_significance_options_init())",
                               opts->version);
        o = *opts;
    }
    const char *tname = flow_registry_name("test", test);
    if (!tname) return flow__error(FLOW_EINVAL, "significance: unknown test %d", test);
    int null_model = o.null_model == FLOW_NULL_DEFAULT ? test_null[test] : o.null_model;
    if (!flow_registry_name("null", null_model))
        return flow__error(FLOW_EINVAL, "significance: unknown null model %d", o.null_model);
    if (null_model != test_null[test])
        return flow__error(FLOW_EINVAL,
                           "significance: the %s test uses the '%s' null model, not '%s'", tname,
                           flow_registry_name("null", test_null[test]),
                           flow_registry_name("null", null_model));
    if (o.samples < 1)
        return flow__error(FLOW_EINVAL,
                           "significance: samples must be >= 1 (got %d): p-values and null "
                           "moments come from null samples",
                           o.samples);
    if ((test == FLOW_TEST_MODULARITY || test == FLOW_TEST_AGREEMENT) &&
        !flow_registry_name("cluster", o.method))
        return flow__error(FLOW_EINVAL, "significance: unknown cluster method %d", o.method);
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    if (sel->graph.ne == 0)
        return flow__error(FLOW_EINVAL,
                           "significance: the selection has no flow between distinct nodes "
                           "(%zu vertices, 0 edges): there is nothing to test",
                           sel->nv);
    r.sel = sel;
    r.test = test;
    r.null_model = null_model;
    r.o = o;
    r.rows = g_array_new(FALSE, FALSE, sizeof(row));
    r.rng = new_rand(o.seed);
    r.groups_used = g_string_new(NULL);
    switch (test) {
    case FLOW_TEST_GROUP_COHESION: rc = test_cohesion(&r, groups, n); break;
    case FLOW_TEST_MODULARITY: rc = test_modularity(&r, groups, n); break;
    case FLOW_TEST_AGREEMENT: rc = test_agreement(&r, groups, n); break;
    default: rc = test_brokerage(&r, groups, n); break;
    }
    if (rc == FLOW_OK && (rc = tick(sel, 1, 1, tname)) == FLOW_OK) rc = build_table(out, &r);
    g_array_free(r.rows, TRUE);
    g_rand_free(r.rng);
    g_string_free(r.groups_used, TRUE);
    return rc;
}

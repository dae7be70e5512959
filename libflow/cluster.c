/*
 * Clusters (see cluster.h): community detection, modularity, per-cluster
 * flow accounting, partition comparison and k-core.
 *
 * Outline of a detection:
 *   1. outside the igraph gate, pick the graph the method runs on: the
 *      selection's graph, or its undirected view (edges of a directed
 *      selection merged per vertex pair, weights summed; see
 *      flow__selection_undirected()) for the methods that igraph defines on
 *      undirected graphs only; label propagation also gets integer weights
 *      (igraph 0.10.2 truncates its weights);
 *   2. inside one gate session (seeded once, so trials draw one random
 *      sequence and the same seed repeats the result): get the igraph
 *      graph of it (made on first use, then kept with the selection), run
 *      `trials` independent runs, keep the best, report progress between
 *      runs, and compute the kept partition's modularity on the
 *      selection's graph;
 *   3. outside the gate, renumber the clusters canonically, total the
 *      flows per cluster from the selection's edges and build the
 *      partition table (its "clusters" part holds the totals).
 *
 * Leiden: igraph_community_leiden() with a negative iteration count is
 * meant to iterate until stable, but 0.10.2 inverts the test and never
 * stops once an iteration changes nothing. We therefore run it one
 * iteration at a time from its own result and compare partitions (in
 * canonical numbering) ourselves, with a bound on the rounds.
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <igraph.h>

#include "libflow/cluster.h"
#include "error_internal.h"
#include "registry_internal.h"
#include "igraph_gate.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

/* Leiden's refinement randomness, igraph's recommended value. */
#define LEIDEN_BETA 0.01
/* The largest label-propagation weight after rescaling to integers. */
#define LP_WEIGHT_SCALE 1e9

/* ---- registries ------------------------------------------------------------ */

static const flow__param p_modularity[] = {
    {"seed", "int", "1", "random seed"},
    {"resolution", "double", "1", "modularity resolution (larger: smaller clusters)"},
    {"trials", "int", "0", "independent runs, the best kept (0: the method's default)"},
    {NULL, NULL, NULL, NULL}};
static const flow__param p_leiden[] = {
    {"seed", "int", "1", "random seed"},
    {"resolution", "double", "1", "modularity resolution (larger: smaller clusters)"},
    {"trials", "int", "0", "independent runs, the best kept (0: the method's default)"},
    {"iterations", "int", "0", "iterations of a run (0: until the partition is stable)"},
    {NULL, NULL, NULL, NULL}};
static const flow__param p_infomap[] = {
    {"seed", "int", "1", "random seed"},
    {"trials", "int", "0", "independent runs, the best kept (0: 10)"},
    {NULL, NULL, NULL, NULL}};
static const flow__param p_walktrap[] = {
    {"steps", "int", "4", "length of the random walks"}, {NULL, NULL, NULL, NULL}};

#define W FLOW_REG_WEIGHTED
#define S FLOW_REG_STOCHASTIC
static const flow__entry cluster_entries[] = {
    {"leiden", FLOW_CLUSTER_LEIDEN, W | S, "Leiden, modularity with resolution", p_leiden},
    {"louvain", FLOW_CLUSTER_LOUVAIN, W | S, "Louvain, modularity with resolution",
     p_modularity},
    {"infomap", FLOW_CLUSTER_INFOMAP, W | S, "Infomap, the map equation of the directed flows",
     p_infomap},
    {"walktrap", FLOW_CLUSTER_WALKTRAP, W, "Walktrap, short random walks", p_walktrap},
    {"label_propagation", FLOW_CLUSTER_LABEL_PROPAGATION, W | S, "label propagation",
     p_modularity},
};
#undef W
#undef S
FLOW__FAMILY(flow__cluster_family, "cluster", "clustering method",
             "community detection methods (flow_cluster_detect)", cluster_entries);

static const flow__entry compare_entries[] = {
    {"nmi", FLOW_COMPARE_NMI, 0, "normalised mutual information (1: identical)", NULL},
    {"ari", FLOW_COMPARE_ARI, 0, "adjusted Rand index (1: identical, ~0: chance)", NULL},
    {"vi", FLOW_COMPARE_VI, 0, "variation of information (0: identical)", NULL},
};
FLOW__FAMILY(flow__compare_family, "compare", "comparison measure",
             "partition comparisons (flow_cluster_compare)", compare_entries);

static const flow__entry kcore_entries[] = {
    {"all", FLOW_KCORE_ALL, 0, "in + out degree", NULL},
    {"in", FLOW_KCORE_IN, 0, "in-degree", NULL},
    {"out", FLOW_KCORE_OUT, 0, "out-degree", NULL},
};
FLOW__FAMILY(flow__kcore_family, "kcore", "k-core mode", "degree modes of flow_cluster_kcore",
             kcore_entries);

/* ---- options ------------------------------------------------------------- */

/* The first version of the options, without `iterations`: its fields are
 * the current struct's up to there. */
#define OPTIONS_V1_SIZE offsetof(flow_cluster_options, iterations)

int flow_cluster_options_init(flow_cluster_options *opts, unsigned int version)
{
    if (!opts) return flow__error(FLOW_EINVAL, "flow_cluster_options_init: opts is NULL");
    if (version == 1) {
        flow_cluster_options d = FLOW_CLUSTER_OPTIONS_INIT;
        d.version = 1;
        memcpy(opts, &d, OPTIONS_V1_SIZE);
        return FLOW_OK;
    }
    if (version != FLOW_CLUSTER_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL, "cluster options version %u is not supported (this "
                           "library knows version %u)", version, FLOW_CLUSTER_OPTIONS_VERSION);
    flow_cluster_options d = FLOW_CLUSTER_OPTIONS_INIT;
    *opts = d;
    return FLOW_OK;
}

/* The name of a method (static); NULL for an unknown one. */
static const char *method_name(int method)
{
    return flow_registry_name("cluster", method);
}

/* ---- canonical numbering --------------------------------------------------- */

typedef struct {
    int64_t label;
    size_t v;
} labelled;

static int by_label(const void *a, const void *b)
{
    const labelled *x = a, *y = b;
    if (x->label != y->label) return x->label < y->label ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/*
 * Renumbers labels >= 0 in place to 0..k-1 in order of first appearance.
 * Small labels (below 2n + 16, as every igraph method and most callers
 * give) use a lookup table; others are sorted.
 */
static int renumber(int64_t *m, size_t n, size_t *k)
{
    *k = 0;
    if (n == 0) return FLOW_OK;
    int64_t max = 0;
    for (size_t v = 0; v < n; v++) max = m[v] > max ? m[v] : max;
    if ((uint64_t)max < 2 * (uint64_t)n + 16) {
        int64_t *map = g_try_new(int64_t, (size_t)max + 1);
        if (!map) return flow__error_nomem();
        for (int64_t i = 0; i <= max; i++) map[i] = -1;
        size_t next = 0;
        for (size_t v = 0; v < n; v++) {
            if (map[m[v]] < 0) map[m[v]] = (int64_t)next++;
            m[v] = map[m[v]];
        }
        g_free(map);
        *k = next;
        return FLOW_OK;
    }
    labelled *s = g_try_new(labelled, n);
    size_t *first = g_try_new(size_t, n); /* first vertex of v's label */
    if (!s || !first) {
        g_free(s);
        g_free(first);
        return flow__error_nomem();
    }
    for (size_t v = 0; v < n; v++) {
        s[v].label = m[v];
        s[v].v = v;
    }
    qsort(s, n, sizeof *s, by_label);
    for (size_t i = 0, run = 0; i < n; i++) {
        if (i > 0 && s[i].label != s[i - 1].label) run = i;
        first[s[i].v] = s[run].v;
    }
    size_t next = 0;
    for (size_t v = 0; v < n; v++)
        m[v] = first[v] == v ? (int64_t)next++ : m[first[v]];
    g_free(s);
    g_free(first);
    *k = next;
    return FLOW_OK;
}

/* The same for an igraph membership vector with labels in [0, n): used
 * inside the gate to compare Leiden rounds. `map` has n entries. */
static void renumber_igraph(igraph_vector_int_t *m, igraph_integer_t *map)
{
    igraph_integer_t n = igraph_vector_int_size(m), next = 0;
    for (igraph_integer_t i = 0; i < n; i++) map[i] = -1;
    for (igraph_integer_t v = 0; v < n; v++) {
        igraph_integer_t l = VECTOR(*m)[v];
        if (map[l] < 0) map[l] = next++;
        VECTOR(*m)[v] = map[l];
    }
}

/* ---- partition tables -------------------------------------------------------- */

static double ratio(double num, double den) { return den > 0 ? num / den : NAN; }

/*
 * Builds the partition table of sel's vertices from a canonical membership
 * with k clusters (taken over: freed on failure too), totals the flows per
 * cluster into its "clusters" part, and sets its scalars "modularity" and
 * "clusters" and its metadata "analysis", "method" and the selection's.
 * `labels` (k group names interned in the network, or NULL) are borrowed:
 * the table references the network. The caller adds its own metadata and
 * publishes the table.
 */
static int partition_table(flow_table **out, flow_selection *sel, const char *method,
                           int64_t *membership, size_t k, const char *const *labels,
                           double modularity)
{
    *out = NULL;
    flow_table *t = NULL, *part = NULL;
    int64_t *number = NULL, *size = NULL;
    const char **label = NULL;
    double *internal = NULL, *inflow = NULL, *outflow = NULL, *contained = NULL, *closure = NULL;
    int rc = flow__selection_new_table(&t, sel, method);
    if (rc < 0) {
        g_free(membership);
        return rc;
    }
    if ((rc = flow__table_adopt_ints(t, "cluster", membership)) < 0) goto fail;
    if ((rc = flow__table_new(&part, sel->net, "clusters", k)) < 0 ||
        (rc = flow__table_add_ints(part, "cluster", &number)) < 0 ||
        (rc = flow__table_add_ints(part, "size", &size)) < 0 ||
        (rc = flow__table_add_texts(part, "label", &label)) < 0 ||
        (rc = flow__table_add_doubles(part, "internal", &internal)) < 0 ||
        (rc = flow__table_add_doubles(part, "inflow", &inflow)) < 0 ||
        (rc = flow__table_add_doubles(part, "outflow", &outflow)) < 0 ||
        (rc = flow__table_add_doubles(part, "self_containment", &contained)) < 0 ||
        (rc = flow__table_add_doubles(part, "closure", &closure)) < 0)
        goto fail;
    size_t n = sel->nv;
    for (size_t v = 0; v < n; v++) {
        size[membership[v]]++;
        internal[membership[v]] += sel->internal[v];
    }
    const flow__graph *g = &sel->graph;
    for (size_t e = 0; e < g->ne; e++) {
        int64_t cu = membership[g->from[e]];
        int64_t cv = membership[g->to[e]];
        double w = g->weight[e];
        if (cu == cv) {
            internal[cu] += w;
            continue;
        }
        outflow[cu] += w;
        inflow[cv] += w;
        if (!sel->directed) { /* a boundary edge leaves and enters both */
            outflow[cv] += w;
            inflow[cu] += w;
        }
    }
    for (size_t c = 0; c < k; c++) {
        number[c] = (int64_t)c;
        label[c] = labels ? labels[c] : NULL;
        contained[c] = ratio(internal[c], internal[c] + outflow[c]);
        double boundary = sel->directed ? inflow[c] + outflow[c] : outflow[c];
        closure[c] = ratio(internal[c], internal[c] + boundary);
    }
    rc = flow__table_add_part(t, part);
    part = NULL;
    if (rc < 0) goto fail;
    flow__table_set_scalar(t, "modularity", modularity);
    flow__table_set_scalar(t, "clusters", (double)k);
    flow__table_set_meta(t, "analysis", "%s", method);
    flow__selection_describe(t, sel, FLOW__UNIT_SELECTION);
    flow__table_set_meta(t, "method", "%s", method);
    *out = t;
    return FLOW_OK;
fail:
    flow_table_free(part);
    flow_table_free(t);
    return rc;
}

/* ---- modularity --------------------------------------------------------------- */

/* The weights divided by the largest: modularity and every method here are
 * unchanged by a common factor, and the scaled weights (in (0, 1]) keep
 * igraph's sums and products (2m, k_i k_j / 2m) finite and clear of
 * underflow for weights from 1e-300 to 1e300 (the selection's total is
 * finite: selection.h). A ratio below the smallest normal double is
 * raised to it: such an edge weighs nothing beside the largest. */
static igraph_error_t scaled_weights(igraph_vector_t *out, const igraph_vector_t *w)
{
    igraph_error_t err = igraph_vector_init_copy(out, w);
    if (err != IGRAPH_SUCCESS) return err;
    igraph_integer_t n = igraph_vector_size(out);
    double max = n ? igraph_vector_max(out) : 0;
    if (!(max > 0)) return IGRAPH_SUCCESS;
    for (igraph_integer_t i = 0; i < n; i++) {
        double x = VECTOR(*out)[i] / max;
        VECTOR(*out)[i] = x < DBL_MIN ? DBL_MIN : x;
    }
    return IGRAPH_SUCCESS;
}

/* Inside the gate: modularity of a canonical (or any [0, n)) membership on
 * the selection's graph. NAN without edges (igraph's answer too). */
static igraph_error_t selection_modularity(flow_selection *sel, const int64_t *m,
                                           double resolution, double *out)
{
    *out = NAN;
    if (sel->nv == 0 || sel->graph.ne == 0) return IGRAPH_SUCCESS;
    const igraph_t *g;
    igraph_vector_t w, sw;
    igraph_vector_int_t mv;
    igraph_error_t err = flow__igraph_graph(&sel->igraph, &sel->graph, &g, &w);
    if (err != IGRAPH_SUCCESS) return err;
    if ((err = scaled_weights(&sw, &w)) != IGRAPH_SUCCESS) return err;
    err = igraph_vector_int_init(&mv, (igraph_integer_t)sel->nv);
    if (err != IGRAPH_SUCCESS) {
        igraph_vector_destroy(&sw);
        return err;
    }
    for (size_t v = 0; v < sel->nv; v++) VECTOR(mv)[v] = (igraph_integer_t)m[v];
    err = igraph_modularity(g, &mv, &sw, resolution, sel->directed ? true : false, out);
    igraph_vector_int_destroy(&mv);
    igraph_vector_destroy(&sw);
    return err;
}

/* Copies and checks a caller's labelling, then renumbers it. */
static int take_membership(flow_selection *sel, const int64_t *membership, size_t n,
                           int64_t **out, size_t *k)
{
    *out = NULL;
    if (n > 0 && !membership) return flow__error(FLOW_EINVAL, "membership is NULL");
    if (n != sel->nv)
        return flow__error(FLOW_EINVAL, "membership has %zu labels but the selection has %zu "
                           "vertices", n, sel->nv);
    for (size_t v = 0; v < n; v++)
        if (membership[v] < 0)
            return flow__error(FLOW_EINVAL, "membership label of vertex %zu (node '%s') is "
                               "negative (%lld)", v,
                               flow_network_node_id(sel->net, (size_t)sel->node_of_vertex[v]),
                               (long long)membership[v]);
    int64_t *m = g_try_new(int64_t, n ? n : 1);
    if (!m) return flow__error_nomem();
    if (n) memcpy(m, membership, n * sizeof *m);
    int rc = renumber(m, n, k);
    if (rc < 0) {
        g_free(m);
        return rc;
    }
    *out = m;
    return FLOW_OK;
}

static int check_resolution(double resolution)
{
    if (!isfinite(resolution) || resolution < 0)
        return flow__error(FLOW_EINVAL, "resolution must be finite and >= 0 (got %g)",
                           resolution);
    return FLOW_OK;
}

int flow_cluster_modularity(double *out, flow_selection *sel, const int64_t *membership, size_t n,
                            double resolution)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cluster_modularity: out is NULL");
    *out = NAN;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    if ((rc = check_resolution(resolution)) < 0) return rc;
    int64_t *m = NULL;
    size_t k;
    if ((rc = take_membership(sel, membership, n, &m, &k)) < 0) return rc;
    double q = NAN;
    flow__gate gate;
    flow__igraph_enter(&gate, NULL, NULL, 0);
    igraph_error_t err = selection_modularity(sel, m, resolution, &q);
    rc = flow__igraph_leave(&gate, err, "modularity");
    g_free(m);
    if (rc == FLOW_OK) *out = q;
    return rc;
}

/* Modularity (resolution 1) of a partition built outside a detection. */
static int plain_modularity(flow_selection *sel, const int64_t *m, double *q)
{
    *q = NAN;
    if (sel->nv == 0) return FLOW_OK;
    flow__gate gate;
    flow__igraph_enter(&gate, NULL, NULL, 0);
    igraph_error_t err = selection_modularity(sel, m, 1.0, q);
    return flow__igraph_leave(&gate, err, "modularity");
}

int flow_cluster_from_membership(flow_table **out, flow_selection *sel,
                                   const int64_t *membership, size_t n)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cluster_from_membership: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    int64_t *m = NULL;
    size_t k;
    if ((rc = take_membership(sel, membership, n, &m, &k)) < 0) return rc;
    double q;
    if ((rc = plain_modularity(sel, m, &q)) < 0) {
        g_free(m);
        return rc;
    }
    return partition_table(out, sel, "membership", m, k, NULL, q);
}

/* ---- declared groups ------------------------------------------------------- */

static const char *group_at(size_t i, const void *data)
{
    return flow__network_group_name(data, i);
}

int flow_cluster_from_groups(flow_table **out, flow_selection *sel,
                               const char *const *groups, size_t n)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cluster_from_groups: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    if (n > 0 && !groups) return flow__error(FLOW_EINVAL, "group list is NULL");
    const flow_network *net = sel->net;
    size_t ng = net->groups->len, nv = sel->nv;

    /* Resolve the listed groups (in order, each once). */
    int64_t *listed = g_try_new(int64_t, n ? n : (ng ? ng : 1));
    int64_t *group_of = g_try_new(int64_t, nv ? nv : 1); /* per vertex, -1 none */
    int64_t *m = g_try_new(int64_t, nv ? nv : 1);
    const char **labels = NULL;
    if (!listed || !group_of || !m) {
        rc = flow__error_nomem();
        goto done;
    }
    size_t nl = 0;
    if (n == 0) {
        for (size_t g = 0; g < ng; g++) listed[nl++] = (int64_t)g;
    }
    for (size_t i = 0; i < n; i++) {
        if (!groups[i]) {
            rc = flow__error(FLOW_EINVAL, "group name %zu is NULL", i);
            goto done;
        }
        int64_t g = flow_network_group_index(net, groups[i]);
        if (g < 0) {
            const char *near = flow__suggest(groups[i], ng, group_at, net);
            if (near)
                rc = flow__error(FLOW_ENOTFOUND, "unknown group '%s' (did you mean '%s'?)",
                                 groups[i], near);
            else
                rc = flow__error(FLOW_ENOTFOUND, "unknown group '%s'", groups[i]);
            goto done;
        }
        int dup = 0;
        for (size_t j = 0; j < nl && !dup; j++) dup = listed[j] == g;
        if (!dup) listed[nl++] = g;
    }

    /* Assign vertices; a vertex claimed by two groups is an error. */
    for (size_t v = 0; v < nv; v++) group_of[v] = -1;
    for (size_t i = 0; i < nl; i++) {
        size_t g = (size_t)listed[i];
        for (size_t j = 0; j < flow__network_group_size(net, g); j++) {
            int64_t node = flow__network_group_member(net, g, j);
            int64_t v = sel->vertex_of_node[node];
            if (v < 0) continue; /* removed by a counterfactual */
            if (group_of[v] < 0) {
                group_of[v] = (int64_t)g;
            } else if (group_of[v] != (int64_t)g) {
                const char *id = flow_network_node_id(net, (size_t)node);
                const char *a = flow__network_group_name(net, (size_t)group_of[v]);
                const char *b = flow__network_group_name(net, g);
                int64_t vnode = sel->node_of_vertex[v];
                if (vnode != node)
                    rc = flow__error(FLOW_EINVAL, "node '%s' (rolled up into '%s') makes '%s' a "
                                     "member of both groups '%s' and '%s'; a partition needs "
                                     "disjoint groups", id,
                                     flow_network_node_id(net, (size_t)vnode),
                                     flow_network_node_id(net, (size_t)vnode), a, b);
                else
                    rc = flow__error(FLOW_EINVAL, "node '%s' is a member of both groups '%s' "
                                     "and '%s'; a partition needs disjoint groups", id, a, b);
                goto done;
            }
        }
    }
    /* Group g is label g; a vertex outside every group gets label ng + v. */
    for (size_t v = 0; v < nv; v++)
        m[v] = group_of[v] >= 0 ? group_of[v] : (int64_t)(ng + v);
    size_t k;
    if ((rc = renumber(m, nv, &k)) < 0) goto done;
    labels = g_try_new0(const char *, k ? k : 1);
    if (!labels) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t v = 0; v < nv; v++)
        if (group_of[v] >= 0 && !labels[m[v]])
            labels[m[v]] = flow__network_group_name(net, (size_t)group_of[v]);
    double q;
    if ((rc = plain_modularity(sel, m, &q)) < 0) goto done;
    flow_table *t = NULL;
    rc = partition_table(&t, sel, "groups", m, k, labels, q);
    m = NULL;
    if (rc < 0) goto done;
    /* the groups used, in the order listed */
    GString *used = g_string_new(NULL);
    for (size_t i = 0; i < nl; i++)
        g_string_append_printf(used, "%s%s", i ? "," : "",
                               flow__network_group_name(net, (size_t)listed[i]));
    flow__table_set_meta(t, "groups", "%s", used->str);
    g_string_free(used, TRUE);
    *out = t;
done:
    g_free(listed);
    g_free(group_of);
    g_free(m);
    g_free(labels);
    return rc;
}

/* ---- detection ------------------------------------------------------------------ */

/* What a detection runs on, prepared outside the gate. */
typedef struct {
    /* the selection's graph, or its undirected view */
    const flow__graph *view;
    /* label propagation: integer weights of the graph it runs on */
    double *lp_w;
} prep;

/* Integer weights for label propagation: the largest becomes 1e9, none
 * falls below 1 (igraph 0.10.2 truncates these weights to integers, which
 * would turn weights below 1 into 0 and ignore fractions). */
static int integer_weights(const double *w, size_t m, prep *pr)
{
    pr->lp_w = g_try_new(double, m ? m : 1);
    if (!pr->lp_w) return flow__error_nomem();
    double max = 0;
    for (size_t e = 0; e < m; e++) max = w[e] > max ? w[e] : max;
    for (size_t e = 0; e < m; e++) {
        double x = round(w[e] / max * LP_WEIGHT_SCALE);
        pr->lp_w[e] = x < 1 ? 1 : x;
    }
    return FLOW_OK;
}

static void prep_free(prep *pr) { g_free(pr->lp_w); }

/* The state of one detection inside the gate. */
typedef struct {
    flow_selection *sel;
    int method;
    flow_cluster_options o;
    const igraph_t *g;        /* graph the method runs on */
    const igraph_vector_t *w; /* its weights */
    const igraph_vector_t *mw; /* weights given to the method (label
                                  propagation: integer weights; else w) */
    igraph_vector_int_t best, cur, prev;
    igraph_vector_t strength;   /* Leiden node weights */
    igraph_integer_t *map;      /* scratch for renumber_igraph, n */
    double best_score;          /* modularity (higher better) or code length (lower) */
    double codelength;
} run;

/* Reports progress; non-zero from the callback stops the run. */
static igraph_error_t tick(double percent, const char *what)
{
    return flow__igraph_progress(percent, what) ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
}

/* One Leiden trial into r->cur: from singletons, exactly o.iterations
 * iterations when set, else round after round from its own result until a
 * round changes nothing. */
static igraph_error_t leiden_trial(run *r, double gamma, int trial)
{
    igraph_error_t err;
    int fixed = r->o.iterations > 0;
    err = igraph_community_leiden(r->g, r->w, &r->strength, gamma, LEIDEN_BETA, false,
                                  fixed ? r->o.iterations : 1, &r->cur, NULL, NULL);
    if (err != IGRAPH_SUCCESS) return err;
    renumber_igraph(&r->cur, r->map);
    if (fixed) return IGRAPH_SUCCESS;
    for (int round = 0; round < FLOW_CLUSTER_LEIDEN_MAX_ROUNDS; round++) {
        double pct = 100.0 * (trial + (round + 1.0) / (round + 2.0)) / r->o.trials;
        if ((err = tick(pct, "leiden")) != IGRAPH_SUCCESS) return err;
        if ((err = igraph_vector_int_update(&r->prev, &r->cur)) != IGRAPH_SUCCESS) return err;
        err = igraph_community_leiden(r->g, r->w, &r->strength, gamma, LEIDEN_BETA, true, 1,
                                      &r->cur, NULL, NULL);
        if (err != IGRAPH_SUCCESS) return err;
        renumber_igraph(&r->cur, r->map);
        if (igraph_vector_int_all_e(&r->prev, &r->cur)) break;
    }
    return IGRAPH_SUCCESS;
}

/* Runs the method's trials and leaves the best membership in r->best. */
static igraph_error_t detect_in_gate(run *r)
{
    igraph_error_t err = IGRAPH_SUCCESS;
    const char *name = method_name(r->method);
    double gamma = 0;
    if (r->method == FLOW_CLUSTER_LEIDEN) {
        /* Modularity in igraph's Leiden: node weights = strengths,
         * resolution gamma / 2m. */
        err = igraph_strength(r->g, &r->strength, igraph_vss_all(), IGRAPH_ALL, true, r->w);
        if (err != IGRAPH_SUCCESS) return err;
        gamma = r->o.resolution / igraph_vector_sum(&r->strength);
    }
    int trials = r->method == FLOW_CLUSTER_WALKTRAP ? 1 : r->o.trials;
    for (int t = 0; t < trials; t++) {
        if ((err = tick(100.0 * t / trials, name)) != IGRAPH_SUCCESS) return err;
        double score = NAN, cl = NAN;
        switch (r->method) {
        case FLOW_CLUSTER_LEIDEN:
            err = leiden_trial(r, gamma, t);
            break;
        case FLOW_CLUSTER_LOUVAIN:
            flow__igraph_stop_midway(1);
            err = igraph_community_multilevel(r->g, r->w, r->o.resolution, &r->cur, NULL, NULL);
            flow__igraph_stop_midway(0);
            break;
        case FLOW_CLUSTER_INFOMAP:
            flow__igraph_stop_midway(1);
            err = igraph_community_infomap(r->g, r->w, NULL, 1, &r->cur, &cl);
            flow__igraph_stop_midway(0);
            break;
        case FLOW_CLUSTER_WALKTRAP: {
            igraph_matrix_int_t merges;
            igraph_vector_t q;
            if ((err = igraph_matrix_int_init(&merges, 0, 0)) != IGRAPH_SUCCESS) return err;
            if ((err = igraph_vector_init(&q, 0)) != IGRAPH_SUCCESS) {
                igraph_matrix_int_destroy(&merges);
                return err;
            }
            /* igraph checks for interruption once per merge (n - 1 of
             * them) and reports no progress: those checks report it */
            flow__igraph_progress_by_checks((double)igraph_vcount(r->g) - 1, name);
            err = igraph_community_walktrap(r->g, r->w, r->o.steps, &merges, &q, &r->cur);
            flow__igraph_progress_by_checks(0, NULL);
            igraph_vector_destroy(&q);
            igraph_matrix_int_destroy(&merges);
            break;
        }
        case FLOW_CLUSTER_LABEL_PROPAGATION:
            flow__igraph_stop_midway(1);
            err = igraph_community_label_propagation(r->g, &r->cur, IGRAPH_ALL, r->mw, NULL,
                                                     NULL);
            flow__igraph_stop_midway(0);
            break;
        }
        if (err != IGRAPH_SUCCESS) return err;
        if (r->method == FLOW_CLUSTER_INFOMAP) {
            if (t == 0 || cl < r->best_score) {
                r->best_score = cl;
                r->codelength = cl;
                if ((err = igraph_vector_int_update(&r->best, &r->cur)) != IGRAPH_SUCCESS)
                    return err;
            }
            continue;
        }
        if (trials > 1) {
            /* Rank by modularity at the resolution, on the graph the
             * method ran on with its true weights (the objective of
             * Leiden and Louvain). */
            err = igraph_modularity(r->g, &r->cur, r->w, r->o.resolution, false, &score);
            if (err != IGRAPH_SUCCESS) return err;
        }
        if (t == 0 || score > r->best_score) {
            r->best_score = score;
            if ((err = igraph_vector_int_update(&r->best, &r->cur)) != IGRAPH_SUCCESS) return err;
        }
    }
    return tick(100.0, name);
}

/* Inside the gate: gets the graph the method runs on, runs it, and leaves
 * the best membership in m (labels in [0, n)) and its modularity on the
 * selection's graph in *q. Frees every igraph object it made (the
 * selection keeps its igraph graphs). */
static igraph_error_t detect_all(run *r, const prep *pr, int64_t *m, double *q)
{
    flow_selection *sel = r->sel;
    igraph_vector_t w, sw, lw;
    int has_sw = 0, has_lw = 0, nvec = 0;
    igraph_vector_int_t *vecs[3] = {&r->best, &r->cur, &r->prev};
    int has_strength = 0;
    igraph_error_t err = IGRAPH_SUCCESS;

    if ((err = flow__igraph_graph(&sel->igraph, pr->view, &r->g, &w)) != IGRAPH_SUCCESS)
        goto done;
    if ((err = scaled_weights(&sw, &w)) != IGRAPH_SUCCESS) goto done;
    has_sw = 1;
    r->w = &sw;
    r->mw = r->w;
    if (pr->lp_w) {
        err = igraph_vector_init_array(&lw, pr->lp_w, igraph_ecount(r->g));
        if (err != IGRAPH_SUCCESS) goto done;
        has_lw = 1;
        r->mw = &lw;
    }
    for (; nvec < 3; nvec++)
        if ((err = igraph_vector_int_init(vecs[nvec], 0)) != IGRAPH_SUCCESS) goto done;
    if ((err = igraph_vector_init(&r->strength, 0)) != IGRAPH_SUCCESS) goto done;
    has_strength = 1;

    if ((err = detect_in_gate(r)) != IGRAPH_SUCCESS) goto done;
    for (size_t v = 0; v < sel->nv; v++) m[v] = VECTOR(r->best)[v];
    err = selection_modularity(sel, m, 1.0, q);
done:
    if (has_strength) igraph_vector_destroy(&r->strength);
    while (nvec > 0) igraph_vector_int_destroy(vecs[--nvec]);
    if (has_lw) igraph_vector_destroy(&lw);
    if (has_sw) igraph_vector_destroy(&sw);
    return err;
}

/* Records the parameters of a detection that matter for its method (see
 * cluster.h, THE PARTITION TABLE). */
static void detect_meta(flow_table *t, int method, const flow_cluster_options *o)
{
    if (method != FLOW_CLUSTER_WALKTRAP)
        flow__table_set_meta(t, "seed", "%llu", (unsigned long long)o->seed);
    if (method != FLOW_CLUSTER_WALKTRAP && method != FLOW_CLUSTER_INFOMAP)
        flow__table_set_meta(t, "resolution", "%g", o->resolution);
    flow__table_set_meta(t, "trials", "%d", method == FLOW_CLUSTER_WALKTRAP ? 1 : o->trials);
    if (method == FLOW_CLUSTER_WALKTRAP) flow__table_set_meta(t, "steps", "%d", o->steps);
    if (method == FLOW_CLUSTER_LEIDEN) {
        if (o->iterations > 0) flow__table_set_meta(t, "iterations", "%d", o->iterations);
        else flow__table_set_meta(t, "iterations", "until stable");
    }
}

int flow_cluster_detect(flow_table **out, flow_selection *sel, int method,
                        const flow_cluster_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cluster_detect: out is NULL");
    *out = NULL;
    flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
    if (opts) {
        if (opts->version == 1) {
            memcpy(&o, opts, OPTIONS_V1_SIZE); /* iterations: the default */
        } else if (opts->version != FLOW_CLUSTER_OPTIONS_VERSION) {
            return flow__error(FLOW_EINVAL, "cluster options version %u is not supported (this "
                               "library knows version %u)", opts->version,
                               FLOW_CLUSTER_OPTIONS_VERSION);
        } else {
            o = *opts;
        }
    }
    const char *name = method_name(method);
    if (!name) return flow__error(FLOW_EINVAL, "unknown clustering method %d", method);
    int rc = check_resolution(o.resolution);
    if (rc < 0) return rc;
    if (o.trials < 0)
        return flow__error(FLOW_EINVAL, "trials must be >= 0 (0: the method's default; got %d)",
                           o.trials);
    if (o.trials == 0)
        o.trials = method == FLOW_CLUSTER_LOUVAIN ? FLOW_CLUSTER_LOUVAIN_TRIALS
                                                  : FLOW_CLUSTER_DEFAULT_TRIALS;
    if (o.steps < 1 || o.steps > FLOW_CLUSTER_WALKTRAP_MAX_STEPS)
        return flow__error(FLOW_EINVAL, "walktrap steps must be between 1 and %d (got %d): "
                           "longer walks forget where they started",
                           FLOW_CLUSTER_WALKTRAP_MAX_STEPS, o.steps);
    if (o.iterations < 0)
        return flow__error(FLOW_EINVAL, "leiden iterations must be >= 0 (0: until stable; got "
                           "%d)", o.iterations);
    if ((rc = flow__selection_graph(sel)) < 0) return rc;

    size_t nv = sel->nv, ne = sel->graph.ne, k;
    flow_table *t = NULL;
    int64_t *m = g_try_new(int64_t, nv ? nv : 1);
    if (!m) return flow__error_nomem();
    if (ne == 0) {
        /* Nothing to detect: every vertex alone, modularity 0/0. */
        for (size_t v = 0; v < nv; v++) m[v] = (int64_t)v;
        if ((rc = partition_table(&t, sel, name, m, nv, NULL, NAN)) < 0) return rc;
        if (method == FLOW_CLUSTER_INFOMAP) flow__table_set_scalar(t, "codelength", NAN);
        detect_meta(t, method, &o);
        *out = t;
        return FLOW_OK;
    }

    prep pr = {0};
    run r;
    memset(&r, 0, sizeof r);
    r.sel = sel;
    r.method = method;
    r.o = o;
    r.codelength = NAN;
    r.map = g_try_new(igraph_integer_t, nv);
    if (!r.map) {
        rc = flow__error_nomem();
        goto done;
    }
    pr.view = &sel->graph;
    if (method != FLOW_CLUSTER_INFOMAP && (rc = flow__selection_undirected(sel, &pr.view)) < 0)
        goto done;
    if (method == FLOW_CLUSTER_LABEL_PROPAGATION &&
        (rc = integer_weights(pr.view->weight, pr.view->ne, &pr)) < 0)
        goto done;

    double q = NAN;
    flow__gate gate;
    flow__igraph_enter(&gate, sel->progress, sel->payload, o.seed);
    igraph_error_t err = detect_all(&r, &pr, m, &q);
    rc = flow__igraph_leave(&gate, err, name);
    if (rc < 0) goto done;
    if ((rc = renumber(m, nv, &k)) < 0) goto done;
    rc = partition_table(&t, sel, name, m, k, NULL, q);
    m = NULL;
    if (rc < 0) goto done;
    if (method == FLOW_CLUSTER_INFOMAP) flow__table_set_scalar(t, "codelength", r.codelength);
    detect_meta(t, method, &o);
    *out = t;
done:
    prep_free(&pr);
    g_free(r.map);
    g_free(m);
    return rc;
}

/* ---- comparison ---------------------------------------------------------------- */

/*
 * The canonical membership of a partition table, copied (labels checked
 * and renumbered, so any table with int labels >= 0 works, not only the
 * canonical ones made here), and its node column. `which` names the
 * argument in messages.
 */
static int partition_of(const flow_table *t, const char *which, int64_t **m,
                        const int64_t **nodes)
{
    *m = NULL;
    *nodes = NULL;
    if (!flow_table_name(t))
        return flow__error(FLOW_EINVAL, "flow_cluster_compare: partition %s is NULL or not a "
                           "table", which);
    int64_t node = flow_table_column_index(t, "node"), cl = flow_table_column_index(t, "cluster");
    if (node < 0 || cl < 0 || flow_table_column_type(t, (size_t)node) != FLOW_COLUMN_NODE ||
        flow_table_column_type(t, (size_t)cl) != FLOW_COLUMN_INT)
        return flow__error(FLOW_EINVAL, "flow_cluster_compare: table %s ('%s') is not a partition "
                           "table (it needs a node column 'node' and an int column 'cluster')",
                           which, flow_table_name(t));
    size_t n = flow_table_row_count(t), k;
    const int64_t *labels = flow_table_ints(t, (size_t)cl);
    for (size_t v = 0; v < n; v++)
        if (labels[v] < 0)
            return flow__error(FLOW_EINVAL, "flow_cluster_compare: partition %s has a negative "
                               "cluster (%lld) in row %zu", which, (long long)labels[v], v);
    int64_t *copy = g_try_new(int64_t, n ? n : 1);
    if (!copy) return flow__error_nomem();
    if (n) memcpy(copy, labels, n * sizeof *copy);
    int rc = renumber(copy, n, &k);
    if (rc < 0) {
        g_free(copy);
        return rc;
    }
    *m = copy;
    *nodes = flow_table_ints(t, (size_t)node);
    return FLOW_OK;
}

int flow_cluster_compare(double *out, const flow_table *a, const flow_table *b, int measure)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cluster_compare: out is NULL");
    *out = NAN;
    igraph_community_comparison_t how;
    switch (measure) {
    case FLOW_COMPARE_NMI: how = IGRAPH_COMMCMP_NMI; break;
    case FLOW_COMPARE_ARI: how = IGRAPH_COMMCMP_ADJUSTED_RAND; break;
    case FLOW_COMPARE_VI: how = IGRAPH_COMMCMP_VI; break;
    default: return flow__error(FLOW_EINVAL, "unknown comparison measure %d", measure);
    }
    int64_t *la = NULL, *lb = NULL;
    const int64_t *na = NULL, *nb = NULL;
    int rc = partition_of(a, "a", &la, &na);
    if (rc == FLOW_OK) rc = partition_of(b, "b", &lb, &nb);
    if (rc < 0) goto done;
    size_t n = flow_table_row_count(a), nb_rows = flow_table_row_count(b);
    if (n != nb_rows || (n && memcmp(na, nb, n * sizeof *na) != 0) ||
        (n && flow_table_network(a) != flow_table_network(b))) {
        rc = flow__error(FLOW_EINVAL, "the partitions cover different nodes (%zu and %zu "
                         "vertices); compare partitions of selections of one network at one "
                         "level", n, nb_rows);
        goto done;
    }
    /* Identical partitions: the measures' values without 0/0 cases
     * (igraph gives NaN for ARI of two identical trivial partitions, and
     * refuses fewer than 2 vertices). Memberships are canonical, so equal
     * partitions have equal arrays. */
    if (n == 0 || memcmp(la, lb, n * sizeof *la) == 0) {
        *out = measure == FLOW_COMPARE_VI ? 0.0 : 1.0;
        goto done;
    }
    double r = NAN;
    igraph_vector_int_t ma, mb;
    int has_a = 0, has_b = 0;
    flow__gate gate;
    flow__igraph_enter(&gate, NULL, NULL, 0);
    igraph_error_t err = igraph_vector_int_init(&ma, (igraph_integer_t)n);
    if (err == IGRAPH_SUCCESS) {
        has_a = 1;
        err = igraph_vector_int_init(&mb, (igraph_integer_t)n);
    }
    if (err == IGRAPH_SUCCESS) {
        has_b = 1;
        for (size_t v = 0; v < n; v++) {
            VECTOR(ma)[v] = la[v];
            VECTOR(mb)[v] = lb[v];
        }
        err = igraph_compare_communities(&ma, &mb, &r, how);
    }
    if (has_b) igraph_vector_int_destroy(&mb);
    if (has_a) igraph_vector_int_destroy(&ma);
    rc = flow__igraph_leave(&gate, err, "comparing partitions");
    if (rc == FLOW_OK) *out = r;
done:
    g_free(la);
    g_free(lb);
    return rc;
}

/* ---- k-core ---------------------------------------------------------------------- */

int flow_cluster_kcore(flow_table **out, flow_selection *sel, int mode)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cluster_kcore: out is NULL");
    *out = NULL;
    igraph_neimode_t im;
    switch (mode) {
    case FLOW_KCORE_ALL: im = IGRAPH_ALL; break;
    case FLOW_KCORE_IN: im = IGRAPH_IN; break;
    case FLOW_KCORE_OUT: im = IGRAPH_OUT; break;
    default:
        return flow__error(FLOW_EINVAL, "unknown k-core mode %d (FLOW_KCORE_ALL, _IN or _OUT)",
                           mode);
    }
    flow_table *t = NULL;
    int64_t *values = NULL;
    int rc = flow__selection_new_table(&t, sel, "coreness");
    if (rc < 0) return rc;
    if ((rc = flow__table_add_ints(t, "coreness", &values)) < 0) goto done;
    size_t nv = sel->nv;
    if (nv > 0) {
        igraph_vector_int_t cores;
        flow__gate gate;
        flow__igraph_enter(&gate, sel->progress, sel->payload, 0);
        igraph_error_t err = igraph_vector_int_init(&cores, 0);
        if (err == IGRAPH_SUCCESS) {
            const igraph_t *g;
            err = flow__igraph_graph(&sel->igraph, &sel->graph, &g, NULL);
            if (err == IGRAPH_SUCCESS) err = igraph_coreness(g, &cores, im);
            if (err == IGRAPH_SUCCESS)
                for (size_t v = 0; v < nv; v++) values[v] = (int64_t)VECTOR(cores)[v];
            igraph_vector_int_destroy(&cores);
        }
        rc = flow__igraph_leave(&gate, err, "k-core");
        if (rc < 0) goto done;
    }
    flow__table_set_meta(t, "analysis", "coreness");
    flow__selection_describe(t, sel, FLOW__UNIT_SELECTION);
    flow__table_set_meta(t, "mode", "%s", flow_registry_name("kcore", mode));
    *out = t;
    t = NULL;
done:
    flow_table_free(t);
    return rc;
}

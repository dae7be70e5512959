/*
 * Gould-Fernandez brokerage roles (see brokerage.h).
 *
 * The selection's compressed in- and out-adjacency (selection_internal.h)
 * is read as it is, without igraph or any lock; an undirected edge is in
 * both directions of both. For each broker v and each in-neighbour a,
 * the out-neighbours b of v are classified by the groups of (a, v, b). For
 * open two-paths only, the out-neighbours of a are stamped first, so that
 * "a -> b exists" is one array read: the cost is the sum over v of
 * in-degree x (out-degree of v + out-degree of a), with no hashing. The
 * counts and sums are written straight into the result table's columns.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "libflow/brokerage.h"
#include "brokerage_internal.h"
#include "error_internal.h"
#include "registry_internal.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

#define SLOTS (FLOW_BROKER_ROLES + 1) /* five roles and the total */

static const flow__entry role_entries[] = {
    {"coordinator", FLOW_BROKER_COORDINATOR, 0, "a, v, b in one group", NULL},
    {"itinerant", FLOW_BROKER_ITINERANT, 0, "a, b in one group, v in another", NULL},
    {"gatekeeper", FLOW_BROKER_GATEKEEPER, 0, "v, b in one group, a in another", NULL},
    {"representative", FLOW_BROKER_REPRESENTATIVE, 0, "a, v in one group, b in another", NULL},
    {"liaison", FLOW_BROKER_LIAISON, 0, "three different groups", NULL},
    {"total", FLOW_BROKER_TOTAL, 0, "the sum of the five roles", NULL},
};
FLOW__FAMILY(flow__role_family, "role", "brokerage role",
             "Gould-Fernandez brokerage roles of a -> v -> b", role_entries);

static const char *const weighting_names[] = {"min", "product", "geomean"};

int flow_brokerage_options_init(flow_brokerage_options *opts, unsigned int version)
{
    if (!opts) return flow__error(FLOW_EINVAL, "flow_brokerage_options_init: opts is NULL");
    if (version != FLOW_BROKERAGE_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL, "brokerage options: unknown version %u (this library has %u)",
                           version, (unsigned)FLOW_BROKERAGE_OPTIONS_VERSION);
    flow_brokerage_options d = FLOW_BROKERAGE_OPTIONS_INIT;
    *opts = d;
    return FLOW_OK;
}

static int check_options(const flow_brokerage_options *opts)
{
    if (!opts) return FLOW_OK;
    if (opts->version != FLOW_BROKERAGE_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL,
                           "brokerage options: unknown version %u (initialise them with "
                           "FLOW_BROKERAGE_OPTIONS_INIT or flow_brokerage_options_init())",
                           opts->version);
    if (opts->weighting < FLOW_BROKERAGE_WEIGHT_MIN || opts->weighting > FLOW_BROKERAGE_WEIGHT_GEOMEAN)
        return flow__error(FLOW_EINVAL, "brokerage options: unknown weighting %d", opts->weighting);
    return FLOW_OK;
}

static int classify(int64_t ga, int64_t gv, int64_t gb)
{
    if (ga == gv) return gv == gb ? FLOW_BROKER_COORDINATOR : FLOW_BROKER_REPRESENTATIVE;
    if (ga == gb) return FLOW_BROKER_ITINERANT;
    if (gv == gb) return FLOW_BROKER_GATEKEEPER;
    return FLOW_BROKER_LIAISON;
}

static double path_weight(int weighting, double w1, double w2)
{
    switch (weighting) {
    case FLOW_BROKERAGE_WEIGHT_PRODUCT: return w1 * w2;
    case FLOW_BROKERAGE_WEIGHT_GEOMEAN: return sqrt(w1 * w2);
    default: return fmin(w1, w2);
    }
}


/* ---- sna::brokerage's moments (brokerage_internal.h) ---------------------- */

/*
 * The formulas of R's sna::brokerage (sna 2.7), transcribed term by term
 * (n = class sizes, N their sum, d the density, q = d^2 (1 - d), the
 * probability that a given ordered triple is an open two-path); sna's
 * columns w_I, w_O, b_IO, b_OI, b_O, t are our coordinator, itinerant,
 * representative, gatekeeper, liaison, total. b_IO and b_OI have equal
 * moments.
 */
static double choose2(double x) { return x * (x - 1) / 2; }

void flow__brokerage_class_moments(double d, const double *n, size_t k, size_t i, double *exp,
                                   double *sd)
{
    double N = 0, q = d * d * (1 - d), c3 = 2 * pow(d, 3) * pow(1 - d, 3);
    for (size_t j = 0; j < k; j++) N += n[j];
    double s_it = 0, s_it3 = 0, s_o = 0, s_o2 = 0, s_li = 0;
    for (size_t j = 0; j < k; j++) {
        if (j == i) continue;
        s_it += n[j] * (n[j] - 1);
        s_it3 += n[j] * (n[j] - 1) * (n[j] - 2);
        s_o += n[j];
        s_o2 += n[j] * n[j];
        s_li += n[j] * choose2(N - n[j] - n[i]);
    }
    double ni = n[i], v[FLOW__BROKER_SLOTS];
    exp[FLOW_BROKER_COORDINATOR] = q * (ni - 1) * (ni - 2);
    v[FLOW_BROKER_COORDINATOR] =
        exp[FLOW_BROKER_COORDINATOR] * (1 - q) + c3 * (ni - 1) * (ni - 2) * (ni - 3);
    exp[FLOW_BROKER_ITINERANT] = q * s_it;
    v[FLOW_BROKER_ITINERANT] = exp[FLOW_BROKER_ITINERANT] * (1 - q) + c3 * s_it3;
    exp[FLOW_BROKER_REPRESENTATIVE] = q * (N - ni) * (ni - 1);
    v[FLOW_BROKER_REPRESENTATIVE] =
        exp[FLOW_BROKER_REPRESENTATIVE] * (1 - q) +
        c3 * ((ni - 1) * choose2(N - ni) + (N - ni) * choose2(ni - 1));
    exp[FLOW_BROKER_GATEKEEPER] = exp[FLOW_BROKER_REPRESENTATIVE];
    v[FLOW_BROKER_GATEKEEPER] = v[FLOW_BROKER_REPRESENTATIVE];
    exp[FLOW_BROKER_LIAISON] = q * (s_o * s_o - s_o2);
    v[FLOW_BROKER_LIAISON] = exp[FLOW_BROKER_LIAISON] * (1 - q) + 2 * c3 * s_li;
    exp[FLOW_BROKER_TOTAL] = q * (N - 1) * (N - 2);
    v[FLOW_BROKER_TOTAL] = exp[FLOW_BROKER_TOTAL] * (1 - q) + c3 * (N - 1) * (N - 2) * (N - 3);
    for (int r = 0; r < FLOW__BROKER_SLOTS; r++) sd[r] = sqrt(v[r]);
}

void flow__brokerage_global_moments(double d, const double *n, size_t k, double *exp, double *sd)
{
    double N = 0, q = d * d * (1 - d);
    double a3 = pow(d, 3) * pow(1 - d, 3), a4 = pow(d, 4) * pow(1 - d, 2), a5 = pow(d, 5) * (1 - d);
    for (size_t j = 0; j < k; j++) N += n[j];
    double v[FLOW__BROKER_SLOTS];
    double e1 = 0, v1 = 0, e2 = 0, v2 = 0, v3 = 0, e5 = 0, v5 = 0;
    for (size_t i = 0; i < k; i++) {
        double x = n[i];
        e1 += x * (x - 1) * (x - 2);
        v1 += x * (x - 1) * (x - 2) * ((4 * x - 10) * a3 - 4 * (x - 3) * a4 + (x - 3) * a5);
        e2 += x * (N - x) * (x - 1);
        v3 += x * (N - x) * (x - 1) * ((N - 3) * a3 + (x - 2) * a5);
        for (size_t j = 0; j < k; j++) {
            double y = n[j];
            v2 += x * y * (x - 1) * ((2 * x + 2 * y - 6) * a3 + (N - x - 1) * a5);
            e5 += x * y * (N - x - y);
        }
        v2 -= x * x * (x - 1) * ((4 * x - 6) * a3 + (N - x - 1) * a5);
        e5 -= x * x * (N - 2 * x);
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            for (size_t l = 0; l < k; l++) {
                if (i == j || j == l || i == l) continue;
                v5 += n[i] * n[j] * n[l] *
                      ((4 * (N - n[j]) - 2 * (n[i] + n[l] + 1)) * a3 -
                       (4 * (N - n[l]) - 2 * (n[i] + n[j] + 1)) * a4 +
                       (N - (n[i] + n[l] + 1)) * a5);
            }
    exp[FLOW_BROKER_COORDINATOR] = q * e1;
    v[FLOW_BROKER_COORDINATOR] = exp[FLOW_BROKER_COORDINATOR] * (1 - q) + v1;
    exp[FLOW_BROKER_ITINERANT] = q * e2;
    v[FLOW_BROKER_ITINERANT] = exp[FLOW_BROKER_ITINERANT] * (1 - q) + v2;
    exp[FLOW_BROKER_REPRESENTATIVE] = q * e2;
    v[FLOW_BROKER_REPRESENTATIVE] = exp[FLOW_BROKER_REPRESENTATIVE] * (1 - q) + v3;
    exp[FLOW_BROKER_GATEKEEPER] = exp[FLOW_BROKER_REPRESENTATIVE];
    v[FLOW_BROKER_GATEKEEPER] = v[FLOW_BROKER_REPRESENTATIVE];
    exp[FLOW_BROKER_LIAISON] = q * e5;
    v[FLOW_BROKER_LIAISON] = exp[FLOW_BROKER_LIAISON] * (1 - q) + v5;
    exp[FLOW_BROKER_TOTAL] = q * N * (N - 1) * (N - 2);
    v[FLOW_BROKER_TOTAL] = exp[FLOW_BROKER_TOTAL] * (1 - q) +
                           N * (N - 1) * (N - 2) * ((4 * N - 10) * a3 - 4 * (N - 3) * a4 +
                                                    (N - 3) * a5);
    for (int r = 0; r < FLOW__BROKER_SLOTS; r++) sd[r] = sqrt(v[r]);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int flow__brokerage_classes(const int64_t *membership, size_t nv, int64_t **cls, double **sizes,
                            size_t *k)
{
    *cls = NULL;
    *sizes = NULL;
    *k = 0;
    int64_t *sorted = g_try_new(int64_t, nv ? nv : 1);
    int64_t *c = g_try_new(int64_t, nv ? nv : 1);
    double *sz = g_try_new0(double, nv ? nv : 1);
    if (!sorted || !c || !sz) {
        g_free(sorted);
        g_free(c);
        g_free(sz);
        return flow__error_nomem();
    }
    size_t m = 0;
    for (size_t v = 0; v < nv; v++)
        if (membership[v] >= 0) sorted[m++] = membership[v];
    qsort(sorted, m, sizeof *sorted, cmp_i64);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (i == 0 || sorted[i] != sorted[u - 1]) sorted[u++] = sorted[i];
    for (size_t v = 0; v < nv; v++) {
        c[v] = -1;
        if (membership[v] < 0) continue;
        int64_t *at = bsearch(&membership[v], sorted, u, sizeof *sorted, cmp_i64);
        c[v] = at - sorted;
        sz[c[v]] += 1;
    }
    g_free(sorted);
    *cls = c;
    *sizes = sz;
    *k = u;
    return FLOW_OK;
}

int flow__brokerage_totals(const flow__graph *G, const int64_t *g, int64_t *totals)
{
    size_t nv = G->nv;
    for (int r = 0; r < FLOW__BROKER_SLOTS; r++) totals[r] = 0;
    uint64_t *stamp = g_try_new0(uint64_t, nv ? nv : 1), cur = 0;
    if (!stamp) return flow__error_nomem();
    for (size_t v = 0; v < nv; v++) {
        if (g[v] < 0) continue;
        for (size_t i = G->in_start[v]; i < G->in_start[v + 1]; i++) {
            int64_t a = G->in_nbr[i];
            if (g[a] < 0) continue;
            cur++;
            for (size_t j = G->out_start[a]; j < G->out_start[a + 1]; j++)
                stamp[G->out_nbr[j]] = cur;
            for (size_t j = G->out_start[v]; j < G->out_start[v + 1]; j++) {
                int64_t bb = G->out_nbr[j];
                if (bb == a || g[bb] < 0 || stamp[bb] == cur) continue;
                totals[classify(g[a], g[v], g[bb])]++;
                totals[FLOW_BROKER_TOTAL]++;
            }
        }
    }
    g_free(stamp);
    return FLOW_OK;
}

/* The density sna::brokerage uses: m / (n (n - 1)), an undirected edge
 * counting in both directions; 0 below two vertices. */
static double density(const flow__graph *G)
{
    double n = (double)G->nv, m = (double)G->ne * (G->directed ? 1 : 2);
    return G->nv > 1 ? m / (n * (n - 1)) : 0;
}

/* (x - e) / sd as R computes it: NAN for 0/0, +-inf for x != e when sd
 * is 0 (without dividing by zero). */
static double zscore(double x, double e, double sd)
{
    if (sd > 0) return (x - e) / sd;
    return x == e ? NAN : (x > e ? INFINITY : -INFINITY);
}

/* Appends "<role>_expected" and "<role>_z" per role (sna's exp.nli and
 * z.nli) and the scalar "density". */
static int add_moments(flow_table *t, const flow_selection *sel, const int64_t *membership,
                       int64_t *const *paths)
{
    int64_t *cls = NULL;
    double *sizes = NULL, *ex[SLOTS], *z[SLOTS];
    size_t k;
    int rc = flow__brokerage_classes(membership, sel->nv, &cls, &sizes, &k);
    if (rc < 0) return rc;
    for (int r = 0; r < SLOTS; r++) {
        char name[64];
        snprintf(name, sizeof name, "%s_expected", role_entries[r].name);
        if ((rc = flow__table_add_doubles(t, name, &ex[r])) < 0) goto done;
        snprintf(name, sizeof name, "%s_z", role_entries[r].name);
        if ((rc = flow__table_add_doubles(t, name, &z[r])) < 0) goto done;
    }
    double d = density(&sel->graph);
    for (size_t v = 0; v < sel->nv; v++) {
        double e[SLOTS], sd[SLOTS];
        if (cls[v] >= 0) flow__brokerage_class_moments(d, sizes, k, (size_t)cls[v], e, sd);
        for (int r = 0; r < SLOTS; r++) {
            ex[r][v] = cls[v] >= 0 ? e[r] : NAN;
            z[r][v] = cls[v] >= 0 ? zscore((double)paths[r][v], e[r], sd[r]) : NAN;
        }
    }
    flow__table_set_scalar(t, "density", d);
done:
    g_free(cls);
    g_free(sizes);
    return rc;
}

/*
 * The analysis proper; membership is checked, the selection built. Makes
 * the result table (metadata but "groups", which the caller adds) in *out.
 */
static int compute(flow_table **out, flow_selection *sel, const int64_t *membership,
                   const flow_brokerage_options *opts)
{
    flow_brokerage_options o = FLOW_BROKERAGE_OPTIONS_INIT;
    if (opts) o = *opts;
    size_t nv = sel->nv;
    const flow__graph *G = &sel->graph;
    flow_table *t = NULL;
    uint64_t *stamp = NULL;
    int64_t *group = NULL, *paths[SLOTS];
    double *weight[SLOTS];
    int rc;
    stamp = g_try_new0(uint64_t, nv ? nv : 1);
    if (!stamp) {
        rc = flow__error_nomem();
        goto done;
    }
    if ((rc = flow__selection_new_table(&t, sel, "brokerage")) < 0 ||
        (rc = flow__table_add_ints(t, "group", &group)) < 0)
        goto done;
    for (int r = 0; r < SLOTS; r++) {
        const char *role = role_entries[r].name;
        char wname[64];
        snprintf(wname, sizeof wname, "%s_weight", role);
        if ((rc = flow__table_add_ints(t, role, &paths[r])) < 0 ||
            (rc = flow__table_add_doubles(t, wname, &weight[r])) < 0)
            goto done;
    }
    if (nv) memcpy(group, membership, nv * sizeof *group);

    const int64_t *g = membership;
    uint64_t cur = 0;
    size_t chunk = nv / 100 ? nv / 100 : 1;
    for (size_t v = 0; v < nv; v++) {
        if (v % chunk == 0 && sel->progress &&
            sel->progress(100.0 * (double)v / (double)nv, "brokerage", sel->payload) != 0) {
            rc = flow__error(FLOW_EINTERRUPTED, "brokerage: interrupted by the progress callback");
            goto done;
        }
        if (g[v] < 0) continue;
        for (size_t i = G->in_start[v]; i < G->in_start[v + 1]; i++) {
            int64_t a = G->in_nbr[i];
            if (g[a] < 0) continue;
            if (!o.closed_paths) {
                cur++;
                for (size_t j = G->out_start[a]; j < G->out_start[a + 1]; j++)
                    stamp[G->out_nbr[j]] = cur;
            }
            for (size_t j = G->out_start[v]; j < G->out_start[v + 1]; j++) {
                int64_t bb = G->out_nbr[j];
                if (bb == a || g[bb] < 0) continue;
                if (!o.closed_paths && stamp[bb] == cur) continue; /* a -> b: not brokered */
                int role = classify(g[a], g[v], g[bb]);
                double pw = path_weight(o.weighting, G->weight[G->in_edge[i]],
                                        G->weight[G->out_edge[j]]);
                paths[role][v]++;
                weight[role][v] += pw;
                paths[FLOW_BROKER_TOTAL][v]++;
                weight[FLOW_BROKER_TOTAL][v] += pw;
            }
        }
    }
    if (sel->progress && sel->progress(100, "brokerage", sel->payload) != 0) {
        rc = flow__error(FLOW_EINTERRUPTED, "brokerage: interrupted by the progress callback");
        goto done;
    }
    if ((rc = add_moments(t, sel, membership, paths)) < 0) goto done;
    flow__table_set_meta(t, "analysis", "brokerage");
    flow__selection_describe(t, sel, FLOW__UNIT_SELECTION);
    flow__table_set_meta(t, "weighting", "%s", weighting_names[o.weighting]);
    flow__table_set_meta(t, "closed_paths", "%s", o.closed_paths ? "yes" : "no");
    *out = t;
    t = NULL;
    rc = FLOW_OK;
done:
    flow_table_free(t);
    g_free(stamp);
    return rc;
}

int flow_brokerage_compute(flow_table **out, flow_selection *sel, const int64_t *membership,
                           size_t n, const flow_brokerage_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_brokerage_compute: out is NULL");
    *out = NULL;
    int rc = check_options(opts);
    if (rc < 0) return rc;
    if ((rc = flow__selection_graph(sel)) < 0) return rc;
    if (n != sel->nv)
        return flow__error(FLOW_EINVAL,
                           "brokerage: membership has %zu entries, the selection %zu vertices", n,
                           sel->nv);
    if (n > 0 && !membership) return flow__error(FLOW_EINVAL, "brokerage: membership is NULL");
    for (size_t v = 0; v < n; v++)
        if (membership[v] < -1)
            return flow__error(FLOW_EINVAL,
                               "brokerage: membership[%zu] = %lld (groups are >= 0, -1 for none)",
                               v, (long long)membership[v]);
    return compute(out, sel, membership, opts);
}

static const char *group_at(size_t i, const void *data)
{
    return flow__network_group_name(data, i);
}

int flow_brokerage_from_groups(flow_table **out, flow_selection *sel,
                               const char *const *groups, size_t n,
                               const flow_brokerage_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_brokerage_from_groups: out is NULL");
    *out = NULL;
    int rc = check_options(opts);
    if (rc < 0) return rc;
    if ((rc = flow__selection_graph(sel)) < 0) return rc;
    if (n > 0 && !groups) return flow__error(FLOW_EINVAL, "brokerage: group list is NULL");
    const flow_network *net = sel->net;
    size_t ng = n ? n : net->groups->len;
    int64_t *gi = g_try_new(int64_t, ng ? ng : 1);
    int64_t *member = g_try_new(int64_t, sel->nv ? sel->nv : 1);
    if (!gi || !member) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t i = 0; i < ng; i++) {
        if (n == 0) {
            gi[i] = (int64_t)i;
            continue;
        }
        if (!groups[i]) {
            rc = flow__error(FLOW_EINVAL, "brokerage: group name %zu is NULL", i);
            goto done;
        }
        gi[i] = flow_network_group_index(net, groups[i]);
        if (gi[i] < 0) {
            const char *near = flow__suggest(groups[i], net->groups->len, group_at, net);
            if (near)
                rc = flow__error(FLOW_ENOTFOUND, "brokerage: unknown group '%s' (did you mean '%s'?)",
                                 groups[i], near);
            else
                rc = flow__error(FLOW_ENOTFOUND, "brokerage: unknown group '%s'", groups[i]);
            goto done;
        }
        for (size_t j = 0; j < i; j++)
            if (gi[j] == gi[i]) {
                rc = flow__error(FLOW_EINVAL, "brokerage: group '%s' is listed twice", groups[i]);
                goto done;
            }
    }
    for (size_t v = 0; v < sel->nv; v++) member[v] = -1;
    for (size_t i = 0; i < ng; i++) {
        size_t size = flow__network_group_size(net, (size_t)gi[i]);
        for (size_t k = 0; k < size; k++) {
            int64_t node = flow__network_group_member(net, (size_t)gi[i], k);
            int64_t v = sel->vertex_of_node[node];
            if (v < 0) continue; /* removed by a counterfactual */
            if (member[v] >= 0 && member[v] != (int64_t)i) {
                const char *a = flow__network_group_name(net, (size_t)gi[member[v]]);
                const char *b = flow__network_group_name(net, (size_t)gi[i]);
                const char *id = flow_network_node_id(net, (size_t)node);
                const char *vid = flow_network_node_id(net, (size_t)sel->node_of_vertex[v]);
                if (strcmp(id, vid) == 0)
                    rc = flow__error(FLOW_EINVAL,
                                     "brokerage: node '%s' is in two groups, '%s' and '%s' (roles "
                                     "need each node in one group)",
                                     id, a, b);
                else
                    rc = flow__error(FLOW_EINVAL,
                                     "brokerage: node '%s' (rolled up from '%s') is in two groups, "
                                     "'%s' and '%s' (roles need each node in one group)",
                                     vid, id, a, b);
                goto done;
            }
            member[v] = (int64_t)i;
        }
    }
    flow_table *t = NULL;
    if ((rc = compute(&t, sel, member, opts)) < 0) goto done;
    GString *names = g_string_new(NULL);
    for (size_t i = 0; i < ng; i++)
        g_string_append_printf(names, "%s%s", i ? "," : "",
                               flow__network_group_name(net, (size_t)gi[i]));
    flow__table_set_meta(t, "groups", "%s", names->str);
    g_string_free(names, TRUE);
    *out = t;
done:
    g_free(gi);
    g_free(member);
    return rc;
}

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

/*
 * Counterfactual selections: the network without some nodes, groups or
 * corridors, or with the flows of extra files (selection.h,
 * flow_selection_set_counterfactual()), and the check that a selection
 * never adds up a stock factor's years. Outline in
 * counterfactual_internal.h.
 */
#include <string.h>

#include <glib.h>

#include "counterfactual_internal.h"
#include "error_internal.h"
#include "libflow/io.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

enum { NKINDS = 4, MAX_CORRIDORS = 32 };

static const char *const kind_words[NKINDS] = {"without", "without group", "without corridor",
                                               "with"};

static void free_network(gpointer p) { flow_network_free(p); }

void flow__counterfactual_free(flow_selection *sel)
{
    flow__counterfactual *cf = sel->cf;
    if (!cf) return;
    for (int k = 0; k < NKINDS; k++)
        if (cf->names[k]) g_ptr_array_free(cf->names[k], TRUE);
    if (cf->extra) g_ptr_array_free(cf->extra, TRUE);
    if (cf->base) {
        flow__network_unref(sel->net); /* the copy */
        sel->net = cf->base;           /* the reference moves back */
    }
    g_free(cf->removed);
    g_free(cf->sides);
    g_free(cf);
    sel->cf = NULL;
}

int flow__counterfactual_stale(const flow_selection *sel)
{
    const flow__counterfactual *cf = sel->cf;
    return cf && cf->base && cf->base->generation != cf->base_generation;
}

/* ---- the copy of the network with the added flows ----------------------------- */

/* A copy of net: nodes, parents, attributes, factors (units, kinds),
 * groups, flows and provenance, all at the same indexes. */
static int copy_network(flow_network **out, const flow_network *net)
{
    flow_network *c = NULL;
    int rc = flow_network_new(&c);
    if (rc < 0) return rc;
    size_t nn = net->nodes->len;
    for (size_t i = 0; i < nn; i++) {
        const flow__node *n = &g_array_index(net->nodes, flow__node, i);
        if (flow__network_push_node(c, n->id, n->name, n->kind, -1) < 0) {
            rc = FLOW_ENOMEM;
            goto done;
        }
    }
    for (size_t i = 0; i < nn; i++)
        g_array_index(c->nodes, flow__node, i).parent =
            g_array_index(net->nodes, flow__node, i).parent;
    for (guint a = 0; a < net->attrs->len; a++) {
        const flow__attr *at = g_ptr_array_index(net->attrs, a);
        int64_t ca = flow__network_attr(c, at->name, at->numeric);
        if (ca < 0) {
            rc = (int)ca;
            goto done;
        }
        if (at->numeric)
            for (guint i = 0; i < at->numbers->len && rc == FLOW_OK; i++)
                rc = flow__network_attr_set_number(c, (size_t)ca, i, g_array_index(at->numbers, double, i));
        else
            for (guint i = 0; i < at->texts->len && rc == FLOW_OK; i++)
                rc = flow__network_attr_set_text(c, (size_t)ca, i, g_ptr_array_index(at->texts, i));
        if (rc < 0) goto done;
    }
    for (guint f = 0; f < net->factors->len; f++) {
        const flow__factor *fa = &g_array_index(net->factors, flow__factor, f);
        int64_t cf = flow__network_factor(c, fa->name, 1);
        if (cf < 0) {
            rc = flow__error_nomem();
            goto done;
        }
        const char *unit = flow__network_intern(c, fa->unit);
        if (!unit) {
            rc = FLOW_ENOMEM;
            goto done;
        }
        g_array_index(c->factors, flow__factor, cf).unit = unit;
        g_array_index(c->factors, flow__factor, cf).kind = fa->kind;
    }
    for (guint g = 0; g < net->groups->len; g++) {
        const flow__group *gr = &g_array_index(net->groups, flow__group, g);
        int64_t cg = flow__network_group(c, gr->name);
        if (cg < 0) {
            rc = FLOW_ENOMEM;
            goto done;
        }
        for (guint m = 0; m < gr->members->len && rc == FLOW_OK; m++)
            rc = flow__network_group_push(c, (size_t)cg, g_array_index(gr->members, int64_t, m),
                                          g_ptr_array_index(gr->roles, m));
        if (rc < 0) goto done;
    }
    if ((rc = flow__network_reserve_flows(c, net->nflows)) < 0) goto done;
    for (size_t k = 0; k < net->nflows; k++)
        if ((rc = flow__network_push_flow(c, net->src[k], net->tgt[k], net->fac[k],
                                          net->weight[k], net->year[k])) < 0)
            goto done;
    rc = flow__network_set_provenance(c, net->readme, net->modelled);
done:
    if (rc < 0) {
        flow_network_free(c);
        return rc;
    }
    *out = c;
    return FLOW_OK;
}

/* Adds the flows of x (loaded from `path`) to c, matching nodes by id and
 * factors by name: an unknown node or factor is refused. */
static int merge_flows(flow_network *c, const flow_network *x, const char *path)
{
    int rc = flow__network_reserve_flows(c, x->nflows);
    if (rc < 0) return rc;
    for (size_t k = 0; k < x->nflows; k++) {
        uint32_t end[2] = {x->src[k], x->tgt[k]};
        int64_t mapped[2];
        for (int e = 0; e < 2; e++) {
            const char *id = g_array_index(x->nodes, flow__node, end[e]).id;
            mapped[e] = flow__network_find(c, id);
            if (mapped[e] >= 0) continue;
            const char *near = flow__network_suggest_node(c, id);
            if (near)
                return flow__error(FLOW_ENOTFOUND,
                                   "with %s: node '%s' is not in the network (did you mean "
                                   "'%s'?); added flows join known nodes",
                                   path, id, near);
            return flow__error(FLOW_ENOTFOUND,
                               "with %s: node '%s' is not in the network; added flows join "
                               "known nodes",
                               path, id);
        }
        const flow__factor *xf = &g_array_index(x->factors, flow__factor, x->fac[k]);
        int64_t f = flow__network_factor(c, xf->name, 0);
        if (f < 0)
            return flow__error(FLOW_ENOTFOUND,
                               "with %s: factor '%s' is not in the network; added flows use "
                               "its factors",
                               path, xf->name);
        const flow__factor *cf = &g_array_index(c->factors, flow__factor, f);
        if (*xf->unit && strcmp(xf->unit, cf->unit) != 0)
            return flow__error(FLOW_EINVAL, "with %s: factor '%s' has unit '%s' there, not '%s'",
                               path, xf->name, *cf->unit ? cf->unit : "(none)", xf->unit);
        if ((rc = flow__network_push_flow(c, (uint32_t)mapped[0], (uint32_t)mapped[1],
                                          (uint32_t)f, x->weight[k], x->year[k])) < 0)
            return rc;
    }
    return FLOW_OK;
}

/* The caller's network plus every added file, as a new network. */
static int make_copy(flow_network **out, const flow_network *base, const GPtrArray *extra,
                     const GPtrArray *paths)
{
    flow_network *c = NULL;
    int rc = copy_network(&c, base);
    for (guint i = 0; rc == FLOW_OK && i < extra->len; i++)
        rc = merge_flows(c, g_ptr_array_index(extra, i), g_ptr_array_index(paths, i));
    if (rc < 0) {
        flow_network_free(c);
        return rc;
    }
    c->generation = 0;
    /* Read-only to callers (flow_selection_network() lends it): they read
     * it like any network, changing it fails with FLOW_EMISUSE; the
     * selection's reference keeps it alive. */
    c->closed = 1;
    *out = c;
    return FLOW_OK;
}

/* ---- the setter ------------------------------------------------------------------ */

static const char *group_at(size_t i, const void *data)
{
    return flow__network_group_name(data, i);
}

/* Checks one name of a without-list against the network. */
static int check_name(const flow_network *net, int kind, const char *name)
{
    if (!name) return flow__error(FLOW_EINVAL, "%s: a name is NULL", kind_words[kind]);
    int node = kind != FLOW_WITHOUT_GROUPS && flow__network_find(net, name) >= 0;
    int group = kind != FLOW_WITHOUT_NODES && flow_network_group_index(net, name) >= 0;
    if (node || group) return FLOW_OK;
    const char *near = NULL;
    if (kind != FLOW_WITHOUT_GROUPS) near = flow__network_suggest_node(net, name);
    if (!near && kind != FLOW_WITHOUT_NODES)
        near = flow__suggest(name, net->groups->len, group_at, net);
    const char *what = kind == FLOW_WITHOUT_NODES    ? "node id"
                       : kind == FLOW_WITHOUT_GROUPS ? "group"
                                                     : "node or group";
    if (near)
        return flow__error(FLOW_ENOTFOUND, "%s: unknown %s '%s' (did you mean '%s'?)",
                           kind_words[kind], what, name, near);
    if (kind == FLOW_WITHOUT_GROUPS && net->groups->len == 0)
        return flow__error(FLOW_ENOTFOUND, "%s: unknown group '%s' (the network has no groups)",
                           kind_words[kind], name);
    return flow__error(FLOW_ENOTFOUND, "%s: unknown %s '%s'", kind_words[kind], what, name);
}

static GPtrArray *copy_names(const char *const *names, size_t n)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < n; i++) g_ptr_array_add(a, g_strdup(names[i]));
    return a;
}

int flow_selection_set_counterfactual(flow_selection *sel, int kind, const char *const *names,
                                      size_t n)
{
    if (!sel || sel->magic != FLOW__SELECTION_MAGIC)
        return flow__error(FLOW_EMISUSE, "selection handle is NULL or invalid");
    if (kind < FLOW_WITHOUT_NODES || kind > FLOW_WITH_FLOWS)
        return flow__error(FLOW_EINVAL, "counterfactual: unknown kind %d", kind);
    if (n > 0 && !names) return flow__error(FLOW_EINVAL, "%s: the list is NULL", kind_words[kind]);
    if (kind == FLOW_WITHOUT_CORRIDORS && n % 2)
        return flow__error(FLOW_EINVAL,
                           "without corridor: names come in pairs (side A, side B), got %zu", n);
    if (kind == FLOW_WITHOUT_CORRIDORS && n / 2 > MAX_CORRIDORS)
        return flow__error(FLOW_EINVAL, "without corridor: at most %d corridors, got %zu",
                           MAX_CORRIDORS, n / 2);
    for (size_t i = 0; i < n; i++)
        if (!names[i]) return flow__error(FLOW_EINVAL, "%s: name %zu is NULL", kind_words[kind], i);

    flow__counterfactual *cf = sel->cf;
    const flow_network *base = cf && cf->base ? cf->base : sel->net;
    if (kind != FLOW_WITH_FLOWS) {
        for (size_t i = 0; i < n; i++) {
            int rc = check_name(base, kind, names[i]);
            if (rc < 0) return rc;
        }
    }

    /* Added files: load them all, and make the copy, before changing
     * anything (all-or-nothing). */
    GPtrArray *extra = NULL;
    flow_network *copy = NULL;
    if (kind == FLOW_WITH_FLOWS && n > 0) {
        extra = g_ptr_array_new_with_free_func(free_network);
        GPtrArray *paths = copy_names(names, n);
        int rc = FLOW_OK;
        for (size_t i = 0; i < n && rc == FLOW_OK; i++) {
            flow_network *x = NULL;
            rc = flow_io_load_with(&x, names[i],
                                   base->load_limits.version ? &base->load_limits : NULL);
            if (rc == FLOW_OK) g_ptr_array_add(extra, x);
        }
        if (rc == FLOW_OK) rc = make_copy(&copy, base, extra, paths);
        g_ptr_array_free(paths, TRUE);
        if (rc < 0) {
            g_ptr_array_free(extra, TRUE);
            return rc;
        }
    }

    if (!cf) {
        cf = g_try_new0(flow__counterfactual, 1);
        if (!cf) {
            if (extra) g_ptr_array_free(extra, TRUE);
            flow__network_unref(copy);
            return flow__error_nomem();
        }
        sel->cf = cf;
    }
    flow__selection_invalidate(sel);
    if (cf->names[kind]) g_ptr_array_free(cf->names[kind], TRUE);
    cf->names[kind] = n ? copy_names(names, n) : NULL;
    if (kind == FLOW_WITH_FLOWS) {
        if (cf->extra) g_ptr_array_free(cf->extra, TRUE);
        cf->extra = extra;
        if (cf->base) { /* drop the old copy, back to the caller's network */
            flow__network_unref(sel->net);
            sel->net = cf->base;
            cf->base = NULL;
        }
        if (copy) { /* the selection's reference on the caller's network moves to base */
            cf->base = sel->net;
            cf->base_generation = cf->base->generation;
            sel->net = copy;
        }
    }
    return FLOW_OK;
}

/* ---- flags, at each build ------------------------------------------------------------ */

/* Marks node i, or every member of group i, and (with down) the nodes
 * below them: bit `bit` of mark[] (removed: bit 0 of a byte array is
 * handled by the caller through the same routine on a uint64 array). */
static void mark_name(const flow_network *net, const char *name, int groups_only, uint64_t *mark,
                      uint64_t bit)
{
    int64_t node = groups_only ? -1 : flow__network_find(net, name);
    if (node >= 0) {
        mark[node] |= bit;
        return;
    }
    int64_t g = flow_network_group_index(net, name);
    if (g < 0) return;
    for (size_t m = 0; m < flow__network_group_size(net, (size_t)g); m++)
        mark[flow__network_group_member(net, (size_t)g, m)] |= bit;
}

/* Gives every node the marks of its ancestors (a forest: walk up). */
static void inherit(const flow_network *net, uint64_t *mark)
{
    size_t nn = net->nodes->len;
    for (size_t i = 0; i < nn; i++) {
        uint64_t m = 0;
        for (int64_t p = g_array_index(net->nodes, flow__node, i).parent, steps = 0;
             p >= 0 && steps <= (int64_t)nn; p = g_array_index(net->nodes, flow__node, p).parent,
                     steps++)
            m |= mark[p];
        mark[i] |= m;
    }
}

int flow__counterfactual_prepare(flow_selection *sel)
{
    flow__counterfactual *cf = sel->cf;
    if (!cf) return FLOW_OK;
    if (flow__counterfactual_stale(sel)) {
        flow_network *copy = NULL;
        GPtrArray *paths = cf->names[FLOW_WITH_FLOWS];
        int rc = make_copy(&copy, cf->base, cf->extra, paths);
        if (rc < 0) return rc;
        flow__network_unref(sel->net);
        sel->net = copy;
        cf->base_generation = cf->base->generation;
    }
    const flow_network *net = sel->net;
    size_t nn = net->nodes->len;
    g_clear_pointer(&cf->removed, g_free);
    g_clear_pointer(&cf->sides, g_free);
    cf->nn = 0;
    cf->ncorridors = 0;
    uint64_t *gone = g_try_new0(uint64_t, nn ? nn : 1);
    cf->sides = g_try_new0(uint64_t, nn ? nn : 1);
    cf->removed = g_try_new0(uint8_t, nn ? nn : 1);
    if (!gone || !cf->sides || !cf->removed) {
        g_free(gone);
        g_clear_pointer(&cf->removed, g_free);
        g_clear_pointer(&cf->sides, g_free);
        return flow__error_nomem();
    }
    for (int k = FLOW_WITHOUT_NODES; k <= FLOW_WITHOUT_GROUPS; k++)
        for (guint i = 0; cf->names[k] && i < cf->names[k]->len; i++)
            mark_name(net, g_ptr_array_index(cf->names[k], i), k == FLOW_WITHOUT_GROUPS, gone, 1);
    GPtrArray *cor = cf->names[FLOW_WITHOUT_CORRIDORS];
    for (guint i = 0; cor && i + 1 < cor->len; i += 2) {
        mark_name(net, g_ptr_array_index(cor, i), 0, cf->sides, 1ull << i);
        mark_name(net, g_ptr_array_index(cor, i + 1), 0, cf->sides, 1ull << (i + 1));
        cf->ncorridors++;
    }
    inherit(net, gone);
    inherit(net, cf->sides);
    for (size_t i = 0; i < nn; i++) cf->removed[i] = gone[i] != 0;
    g_free(gone);
    cf->nn = nn;
    return FLOW_OK;
}

int flow__counterfactual_copy(flow_selection *dst, const flow_selection *src)
{
    const flow__counterfactual *cf = src->cf;
    if (!cf) return FLOW_OK;
    for (int k = FLOW_WITHOUT_NODES; k <= FLOW_WITHOUT_CORRIDORS; k++) {
        if (!cf->names[k]) continue;
        int rc = flow_selection_set_counterfactual(dst, k, (const char *const *)cf->names[k]->pdata,
                                                   cf->names[k]->len);
        if (rc < 0) return rc;
    }
    return FLOW_OK;
}

void flow__counterfactual_describe(flow_table *t, const flow_selection *sel)
{
    const flow__counterfactual *cf = sel->cf;
    if (!cf) return;
    static const char *const keys[NKINDS] = {"without_nodes", "without_groups",
                                             "without_corridors", "with_flows"};
    for (int k = 0; k < NKINDS; k++) {
        const GPtrArray *a = cf->names[k];
        if (!a || !a->len) continue;
        GString *s = g_string_new(NULL);
        for (guint i = 0; i < a->len; i++) {
            if (i) g_string_append_c(s, k == FLOW_WITHOUT_CORRIDORS && i % 2 ? ':' : ';');
            g_string_append(s, g_ptr_array_index(a, i));
        }
        flow__table_set_meta(t, keys[k], "%s", s->str);
        g_string_free(s, TRUE);
    }
}

/* ---- stocks -------------------------------------------------------------------------- */

int flow__selection_check_stocks(const flow_selection *sel)
{
    const flow_network *net = sel->net;
    size_t nf = net->factors->len;
    if (sel->per_year) return FLOW_OK;
    int any = 0;
    for (size_t f = 0; f < nf; f++)
        any |= g_array_index(net->factors, flow__factor, f).kind == FLOW_FACTOR_STOCK;
    if (!any) return FLOW_OK;
    /* per factor: the first kept year seen (+ a flag that one was seen) */
    int32_t *first = g_try_new(int32_t, nf ? nf : 1);
    uint8_t *seen = g_try_new0(uint8_t, nf ? nf : 1);
    int rc = FLOW_OK;
    if (!first || !seen) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < net->nflows; k++) {
        uint32_t f = net->fac[k];
        if (g_array_index(net->factors, flow__factor, f).kind != FLOW_FACTOR_STOCK) continue;
        if (!flow__selection_keeps(sel, k)) continue;
        if (!seen[f]) {
            seen[f] = 1;
            first[f] = net->year[k];
        } else if (first[f] != net->year[k]) {
            int32_t a = first[f] < net->year[k] ? first[f] : net->year[k];
            int32_t b = first[f] < net->year[k] ? net->year[k] : first[f];
            char ya[16], yb[16];
            if (a == FLOW_NO_YEAR)
                g_strlcpy(ya, "undated", sizeof ya);
            else
                g_snprintf(ya, sizeof ya, "%d", (int)a);
            g_snprintf(yb, sizeof yb, "%d", (int)b);
            rc = flow__error(FLOW_EINVAL,
                             "factor '%s' is a stock: the selection would add up its values of "
                             "different years (%s and %s); keep one year, or leave the factor "
                             "out",
                             g_array_index(net->factors, flow__factor, f).name, ya, yb);
            goto done;
        }
    }
done:
    g_free(first);
    g_free(seen);
    return rc;
}

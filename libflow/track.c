/*
 * Community tracking across years (flow_cluster_track(), cluster.h): one
 * seeded detection per year on the per-year selections that series use
 * (structure_internal.h), communities = clusters with at least two
 * vertices present that year, and a bipartite matching of consecutive
 * years by Jaccard overlap >= threshold, read as events by the degrees of
 * the matching (a cluster with one link on each side continues; two or
 * more links out is a split, in a merge; none out a death, none in a
 * birth).
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "libflow/cluster.h"
#include "libflow/registry.h"
#include "error_internal.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "structure_internal.h"
#include "table_internal.h"

/* One year's communities: per vertex its community (-1: none), and per
 * community its size and track. */
typedef struct {
    int year;
    int64_t *comm; /* nv */
    size_t k;
    int64_t *size, *track;
    int64_t *cluster; /* community -> the method's cluster number */
} year_comm;

typedef struct {
    int year_from, year_to;
    int64_t a, b; /* community indexes, -1 for none */
    double jaccard;
} link_row;

static void year_free(year_comm *y)
{
    g_free(y->comm);
    g_free(y->size);
    g_free(y->track);
    g_free(y->cluster);
}

/* Clusters a year and keeps the communities of present vertices. */
static int cluster_year(year_comm *yc, flow_selection *sel, int year, int method,
                        const flow_cluster_options *opts)
{
    flow_selection *ys = NULL;
    flow_table *p = NULL;
    char *present = NULL;
    int64_t *count = NULL;
    size_t nv = sel->nv;
    const flow_network *net = sel->net;
    int rc = flow__structure_year_selection(&ys, sel, year);
    if (rc < 0) return rc;
    if ((rc = flow_cluster_detect(&p, ys, method, opts)) < 0) goto done;
    present = g_try_new0(char, nv ? nv : 1);
    yc->comm = g_try_new(int64_t, nv ? nv : 1);
    size_t kmax = 0;
    const int64_t *cl = flow_table_ints(p, (size_t)flow_table_column_index(p, "cluster"));
    for (size_t v = 0; v < nv; v++)
        if ((size_t)cl[v] + 1 > kmax) kmax = (size_t)cl[v] + 1;
    count = g_try_new0(int64_t, kmax ? kmax : 1);
    yc->cluster = g_try_new(int64_t, kmax ? kmax : 1);
    yc->size = g_try_new0(int64_t, kmax ? kmax : 1);
    yc->track = g_try_new(int64_t, kmax ? kmax : 1);
    if (!present || !yc->comm || !count || !yc->cluster || !yc->size || !yc->track) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < net->nflows; k++) {
        if (net->year[k] != year || !flow__selection_keeps(ys, k)) continue;
        present[ys->vertex_of_node[net->src[k]]] = 1;
        present[ys->vertex_of_node[net->tgt[k]]] = 1;
    }
    for (size_t v = 0; v < nv; v++)
        if (present[v]) count[cl[v]]++;
    /* communities: clusters with >= 2 present vertices, in cluster order */
    int64_t *index = count; /* reused: cluster -> community or -1 */
    size_t k = 0;
    for (size_t c = 0; c < kmax; c++) {
        if (count[c] >= 2) {
            yc->cluster[k] = (int64_t)c;
            yc->size[k] = count[c];
            index[c] = (int64_t)k++;
        } else {
            index[c] = -1;
        }
    }
    yc->k = k;
    yc->year = year;
    for (size_t v = 0; v < nv; v++) yc->comm[v] = present[v] ? index[cl[v]] : -1;
done:
    g_free(present);
    g_free(count);
    flow_table_free(p);
    flow_selection_free(ys);
    return rc;
}

/* Links between communities of consecutive years a and b with Jaccard >=
 * threshold, appended to links; deg_a / deg_b receive the degrees. */
static int match(GArray *links, const year_comm *a, const year_comm *b, size_t nv,
                 double threshold, int64_t *deg_a, int64_t *deg_b)
{
    GHashTable *inter = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    for (size_t v = 0; v < nv; v++) {
        if (a->comm[v] < 0 || b->comm[v] < 0) continue;
        gint64 key = a->comm[v] * (gint64)(b->k + 1) + b->comm[v];
        gpointer old = g_hash_table_lookup(inter, &key);
        if (old) {
            g_hash_table_insert(inter, g_memdup2(&key, sizeof key),
                                GSIZE_TO_POINTER(GPOINTER_TO_SIZE(old) + 1));
        } else {
            g_hash_table_insert(inter, g_memdup2(&key, sizeof key), GSIZE_TO_POINTER(1));
        }
    }
    /* in a fixed order: by (a, b) */
    GArray *found = g_array_new(FALSE, FALSE, sizeof(link_row));
    GHashTableIter it;
    gpointer kp, vp;
    g_hash_table_iter_init(&it, inter);
    while (g_hash_table_iter_next(&it, &kp, &vp)) {
        gint64 key = *(gint64 *)kp;
        int64_t ca = key / (gint64)(b->k + 1), cb = key % (gint64)(b->k + 1);
        double n = (double)GPOINTER_TO_SIZE(vp);
        double j = n / ((double)a->size[ca] + (double)b->size[cb] - n);
        if (j >= threshold) {
            link_row r = {a->year, b->year, ca, cb, j};
            g_array_append_val(found, r);
        }
    }
    g_hash_table_destroy(inter);
    for (guint i = 1; i < found->len; i++) { /* insertion sort: few links */
        link_row r = g_array_index(found, link_row, i);
        guint j = i;
        while (j > 0 && (g_array_index(found, link_row, j - 1).a > r.a ||
                         (g_array_index(found, link_row, j - 1).a == r.a &&
                          g_array_index(found, link_row, j - 1).b > r.b))) {
            g_array_index(found, link_row, j) = g_array_index(found, link_row, j - 1);
            j--;
        }
        g_array_index(found, link_row, j) = r;
    }
    for (guint i = 0; i < found->len; i++) {
        link_row *r = &g_array_index(found, link_row, i);
        deg_a[r->a]++;
        deg_b[r->b]++;
    }
    g_array_append_vals(links, found->data, found->len);
    g_array_free(found, TRUE);
    return FLOW_OK;
}

static const char *event_name(int64_t da, int64_t db)
{
    if (da > 1 && db > 1) return "split_merge";
    if (da > 1) return "split";
    if (db > 1) return "merge";
    return "continuation";
}

int flow_cluster_track(flow_table **out, flow_selection *sel, int method,
                       const flow_cluster_options *opts, double threshold)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_cluster_track: out is NULL");
    *out = NULL;
    if (!(threshold > 0 && threshold <= 1))
        return flow__error(FLOW_EINVAL, "tracking: the Jaccard threshold must lie in (0, 1], not %g",
                           threshold);
    const char *mname = flow_registry_name("cluster", method);
    if (!mname) return flow__error(FLOW_EINVAL, "tracking: unknown clustering method %d", method);
    int rc = flow__structure_frame(sel);
    if (rc < 0) return rc;
    const flow_network *net = sel->net;
    size_t nv = sel->nv;

    /* the years, as series finds them */
    enum { SPAN = FLOW__YEAR_MAX - FLOW__YEAR_MIN + 1 };
    guint8 *seen = g_try_new0(guint8, SPAN);
    GArray *years = g_array_new(FALSE, FALSE, sizeof(year_comm));
    GArray *links = g_array_new(FALSE, FALSE, sizeof(link_row));
    GArray *events = g_array_new(FALSE, FALSE, sizeof(link_row)); /* all rows */
    GArray *evname = g_array_new(FALSE, FALSE, sizeof(const char *));
    flow_table *t = NULL, *part = NULL;
    int64_t ntrack = 0;
    double counts[5] = {0}; /* continuations, splits, merges, births, deaths */
    if (!seen) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < net->nflows; k++)
        if (net->year[k] != FLOW_NO_YEAR && flow__selection_keeps(sel, k))
            seen[net->year[k] - FLOW__YEAR_MIN] = 1;
    size_t nyears = 0;
    for (size_t i = 0; i < SPAN; i++) nyears += seen[i];
    size_t done_years = 0;
    for (size_t i = 0; i < SPAN; i++) {
        if (!seen[i]) continue;
        if (sel->progress &&
            sel->progress(100.0 * (double)done_years / (double)nyears, "tracking", sel->payload)) {
            rc = flow__error(FLOW_EINTERRUPTED, "tracking: interrupted");
            goto done;
        }
        done_years++;
        year_comm yc;
        memset(&yc, 0, sizeof yc);
        rc = cluster_year(&yc, sel, (int)i + FLOW__YEAR_MIN, method, opts);
        if (rc < 0) {
            year_free(&yc);
            if (rc != FLOW_ENOMEM && rc != FLOW_EINTERRUPTED) {
                char why[512];
                g_strlcpy(why, flow_last_error(), sizeof why);
                rc = flow__error(rc, "tracking, year %d: %s", (int)i + FLOW__YEAR_MIN, why);
            }
            goto done;
        }
        g_array_append_val(years, yc);
    }

    /* match consecutive years; tracks follow one-to-one continuations */
    for (guint y = 0; y < years->len; y++) {
        year_comm *b = &g_array_index(years, year_comm, y);
        if (y == 0) {
            for (size_t c = 0; c < b->k; c++) b->track[c] = ntrack++;
            continue;
        }
        year_comm *a = &g_array_index(years, year_comm, y - 1);
        int64_t *da = g_new0(int64_t, a->k + 1), *db = g_new0(int64_t, b->k + 1);
        guint first = links->len;
        match(links, a, b, nv, threshold, da, db);
        for (size_t c = 0; c < b->k; c++) b->track[c] = -1;
        for (guint i = first; i < links->len; i++) {
            link_row r = g_array_index(links, link_row, i);
            const char *ev = event_name(da[r.a], db[r.b]);
            if (da[r.a] == 1 && db[r.b] == 1) b->track[r.b] = a->track[r.a];
            g_array_append_val(events, r);
            g_array_append_val(evname, ev);
        }
        for (size_t c = 0; c < a->k; c++) {
            if (da[c] > 1) counts[1]++;
            if (da[c] == 0) {
                link_row r = {a->year, b->year, (int64_t)c, -1, NAN};
                const char *ev = "death";
                g_array_append_val(events, r);
                g_array_append_val(evname, ev);
                counts[4]++;
            }
        }
        for (size_t c = 0; c < b->k; c++) {
            if (db[c] > 1) counts[2]++;
            if (db[c] == 0) {
                link_row r = {a->year, b->year, -1, (int64_t)c, NAN};
                const char *ev = "birth";
                g_array_append_val(events, r);
                g_array_append_val(evname, ev);
                counts[3]++;
            }
            if (b->track[c] < 0) b->track[c] = ntrack++;
        }
        for (guint i = first; i < links->len; i++) {
            link_row r = g_array_index(links, link_row, i);
            if (da[r.a] == 1 && db[r.b] == 1) counts[0]++;
        }
        g_free(da);
        g_free(db);
    }

    /* main table: one row per event */
    size_t ne = events->len;
    int64_t *yf = NULL, *yt = NULL, *cf = NULL, *ct = NULL, *sf = NULL, *st = NULL, *tf = NULL,
            *tt = NULL;
    const char **ev = NULL;
    double *jac = NULL;
    if ((rc = flow__table_new(&t, sel->net, "tracking", ne)) < 0 ||
        (rc = flow__table_add_ints(t, "year_from", &yf)) < 0 ||
        (rc = flow__table_add_ints(t, "year_to", &yt)) < 0 ||
        (rc = flow__table_add_texts(t, "event", &ev)) < 0 ||
        (rc = flow__table_add_ints(t, "cluster_from", &cf)) < 0 ||
        (rc = flow__table_add_ints(t, "cluster_to", &ct)) < 0 ||
        (rc = flow__table_add_ints(t, "size_from", &sf)) < 0 ||
        (rc = flow__table_add_ints(t, "size_to", &st)) < 0 ||
        (rc = flow__table_add_ints(t, "track_from", &tf)) < 0 ||
        (rc = flow__table_add_ints(t, "track_to", &tt)) < 0 ||
        (rc = flow__table_add_doubles(t, "jaccard", &jac)) < 0)
        goto done;
    guint yi = 0;
    for (size_t i = 0; i < ne; i++) {
        link_row r = g_array_index(events, link_row, i);
        while (g_array_index(years, year_comm, yi).year != r.year_from) yi++;
        const year_comm *a = &g_array_index(years, year_comm, yi);
        const year_comm *b = &g_array_index(years, year_comm, yi + 1);
        yf[i] = r.year_from;
        yt[i] = r.year_to;
        ev[i] = g_array_index(evname, const char *, i);
        cf[i] = r.a >= 0 ? a->cluster[r.a] : -1;
        ct[i] = r.b >= 0 ? b->cluster[r.b] : -1;
        sf[i] = r.a >= 0 ? a->size[r.a] : 0;
        st[i] = r.b >= 0 ? b->size[r.b] : 0;
        tf[i] = r.a >= 0 ? a->track[r.a] : -1;
        tt[i] = r.b >= 0 ? b->track[r.b] : -1;
        jac[i] = r.jaccard;
    }

    /* part "communities": one row per (year, community) */
    size_t nc = 0, nm = 0;
    for (guint y = 0; y < years->len; y++) {
        const year_comm *c = &g_array_index(years, year_comm, y);
        nc += c->k;
        for (size_t v = 0; v < nv; v++) nm += c->comm[v] >= 0;
    }
    int64_t *py = NULL, *pc = NULL, *ps = NULL, *pt = NULL, *my = NULL, *mn = NULL, *mc = NULL,
            *mt = NULL;
    if ((rc = flow__table_new(&part, NULL, "communities", nc)) < 0 ||
        (rc = flow__table_add_ints(part, "year", &py)) < 0 ||
        (rc = flow__table_add_ints(part, "cluster", &pc)) < 0 ||
        (rc = flow__table_add_ints(part, "size", &ps)) < 0 ||
        (rc = flow__table_add_ints(part, "track", &pt)) < 0)
        goto done;
    for (guint y = 0, r = 0; y < years->len; y++) {
        const year_comm *c = &g_array_index(years, year_comm, y);
        for (size_t k = 0; k < c->k; k++, r++) {
            py[r] = c->year;
            pc[r] = c->cluster[k];
            ps[r] = c->size[k];
            pt[r] = c->track[k];
        }
    }
    rc = flow__table_add_part(t, part);
    part = NULL;
    if (rc < 0) goto done;
    /* part "members": one row per (year, node in a community) */
    if ((rc = flow__table_new(&part, sel->net, "members", nm)) < 0 ||
        (rc = flow__table_add_ints(part, "year", &my)) < 0 ||
        (rc = flow__table_add_nodes(part, "node", &mn)) < 0 ||
        (rc = flow__table_add_ints(part, "cluster", &mc)) < 0 ||
        (rc = flow__table_add_ints(part, "track", &mt)) < 0)
        goto done;
    for (guint y = 0, r = 0; y < years->len; y++) {
        const year_comm *c = &g_array_index(years, year_comm, y);
        for (size_t v = 0; v < nv; v++) {
            if (c->comm[v] < 0) continue;
            my[r] = c->year;
            mn[r] = sel->node_of_vertex[v];
            mc[r] = c->cluster[c->comm[v]];
            mt[r] = c->track[c->comm[v]];
            r++;
        }
    }
    rc = flow__table_add_part(t, part);
    part = NULL;
    if (rc < 0) goto done;

    flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
    if (opts) o = *opts;
    static const char *const scalar_names[5] = {"continuations", "splits", "merges", "births",
                                                "deaths"};
    for (int i = 0; i < 5; i++) flow__table_set_scalar(t, scalar_names[i], counts[i]);
    flow__table_set_scalar(t, "years", (double)years->len);
    flow__table_set_meta(t, "analysis", "tracking");
    flow__table_set_meta(t, "method", "%s", mname);
    flow__selection_describe(t, sel, FLOW__UNIT_NONE);
    flow__table_set_meta(t, "threshold", "%g", threshold);
    flow__table_set_meta(t, "min_size", "2");
    if (method != FLOW_CLUSTER_WALKTRAP)
        flow__table_set_meta(t, "seed", "%llu", (unsigned long long)o.seed);
    if (sel->progress) sel->progress(100, "tracking", sel->payload);
    *out = t;
    t = NULL;
done:
    for (guint y = 0; y < years->len; y++) year_free(&g_array_index(years, year_comm, y));
    g_array_free(years, TRUE);
    g_array_free(links, TRUE);
    g_array_free(events, TRUE);
    g_array_free(evname, TRUE);
    flow_table_free(t);
    flow_table_free(part);
    g_free(seen);
    return rc;
}

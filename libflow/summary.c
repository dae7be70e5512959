/*
 * Summaries of a selection (see summary.h): counts by kind; the factor
 * and year margins from the totals' pass over the flows
 * (flow__structure_totals); density from the built graph; both
 * reciprocities from flow_structure_reciprocity(). Totals and reciprocity
 * are computed in one place, structure.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "libflow/structure.h"
#include "libflow/summary.h"
#include "error_internal.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "structure_internal.h"
#include "table_internal.h"

typedef struct {
    const char *name; /* borrowed from the network */
    size_t count;
} kind_count;

static int cmp_kind(const void *a, const void *b)
{
    return strcmp(((const kind_count *)a)->name, ((const kind_count *)b)->name);
}

/* Part "kinds": the vertices' kinds, sorted by name, with their counts. */
static int kinds_part(flow_table *t, const flow_selection *sel)
{
    const flow_network *net = sel->net;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t v = 0; v < sel->nv; v++) {
        const char *k = g_array_index(net->nodes, flow__node, sel->node_of_vertex[v]).kind;
        gpointer old = g_hash_table_lookup(seen, k);
        g_hash_table_insert(seen, (gpointer)k, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(old) + 1));
    }
    size_t n = g_hash_table_size(seen), i = 0;
    kind_count *kc = g_try_new(kind_count, n ? n : 1);
    flow_table *p = NULL;
    const char **name = NULL;
    int64_t *nodes = NULL;
    int rc = kc ? FLOW_OK : flow__error_nomem();
    if (rc == FLOW_OK) {
        GHashTableIter it;
        gpointer key, val;
        g_hash_table_iter_init(&it, seen);
        while (g_hash_table_iter_next(&it, &key, &val))
            kc[i++] = (kind_count){key, GPOINTER_TO_SIZE(val)};
        if (n > 1) qsort(kc, n, sizeof *kc, cmp_kind);
        rc = flow__table_new(&p, NULL, "kinds", n);
    }
    if (rc == FLOW_OK) rc = flow__table_add_texts(p, "name", &name);
    if (rc == FLOW_OK) rc = flow__table_add_ints(p, "nodes", &nodes);
    if (rc == FLOW_OK) {
        for (i = 0; i < n; i++) {
            name[i] = kc[i].name; /* the network's */
            nodes[i] = (int64_t)kc[i].count;
        }
        rc = flow__table_add_part(t, p);
        p = NULL;
    }
    flow_table_free(p);
    g_free(kc);
    g_hash_table_destroy(seen);
    return rc;
}

int flow_summary_compute(flow_table **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_summary_compute: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;

    flow_table *t = NULL, *tot = NULL, *factors = NULL, *years = NULL;
    double ru = NAN, rw = NAN;
    if ((rc = flow__structure_totals(&tot, sel, &factors, &years)) < 0 ||
        (rc = flow_structure_reciprocity(&ru, &rw, sel)) < 0 ||
        (rc = flow__table_new(&t, sel->net, "summary", 0)) < 0 ||
        (rc = kinds_part(t, sel)) < 0)
        goto done;
    /* every kept flow is in exactly one factor */
    double flows = 0;
    const int64_t *ff = flow_table_ints(factors, 2);
    for (size_t f = 0; f < flow_table_row_count(factors); f++) flows += (double)ff[f];
    rc = flow__table_add_part(t, factors);
    factors = NULL; /* the table's, or freed by a failed add */
    if (rc == FLOW_OK) {
        rc = flow__table_add_part(t, years);
        years = NULL;
    }
    if (rc < 0) goto done;

    /* density of the graph (no self-loops by construction) */
    size_t ne = sel->graph.ne;
    double n = (double)sel->nv, m = (double)ne;
    double pairs = sel->directed ? n * (n - 1) : n * (n - 1) / 2;
    flow__table_set_scalar(t, "nodes", n);
    flow__table_set_scalar(t, "edges", m);
    flow__table_set_scalar(t, "flows", flows);
    flow__table_set_scalar(t, "density", sel->nv < 2 ? 0 : m / pairs);
    flow__table_set_scalar(t, "reciprocity", ru);
    flow__table_set_scalar(t, "weighted_reciprocity", rw);

    /* the selection, and the raw unit as the totals give it */
    rc = flow__table_set_meta(t, "analysis", "summary");
    if (rc == FLOW_OK) rc = flow__selection_describe(t, sel, FLOW__UNIT_RAW);
    if (rc < 0) goto done;
    *out = t;
    t = NULL;
done:
    flow_table_free(t);
    flow_table_free(tot);
    flow_table_free(factors);
    flow_table_free(years);
    return rc;
}

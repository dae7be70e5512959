/*
 * Side-by-side comparison of two per-node results (flow_table_compare(),
 * table.h): rows joined on the node's id (and the year, for series), a
 * baseline, a counterfactual and a difference column per shared value
 * column, and the same for the scalars.
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "libflow/network.h"
#include "error_internal.h"
#include "table_internal.h"

/* Column index of the int column "year", or -1. */
static int64_t year_column(const flow_table *t)
{
    int64_t c = flow_table_column_index(t, "year");
    return c >= 0 && flow_table_column_type(t, (size_t)c) == FLOW_COLUMN_INT ? c : -1;
}

static int check_per_node(const flow_table *t, const char *which)
{
    if (!t) return flow__error(FLOW_EINVAL, "compare: the %s table is NULL", which);
    if (flow_table_column_count(t) == 0 || flow_table_column_type(t, 0) != FLOW_COLUMN_NODE ||
        strcmp(flow_table_column_name(t, 0), "node") != 0)
        return flow__error(FLOW_EINVAL,
                           "compare: the %s table '%s' is not a per-node table (its first column "
                           "is not the node column \"node\")",
                           which, flow_table_name(t));
    return FLOW_OK;
}

/* "id\x1fyear" keys of a table's rows. */
static char *row_key(const flow_table *t, int64_t yc, size_t r)
{
    const char *id = flow_table_text(t, 0, r);
    if (yc < 0) return g_strdup(id ? id : "");
    return g_strdup_printf("%s\x1f%lld", id ? id : "",
                           (long long)flow_table_ints(t, (size_t)yc)[r]);
}

int flow_table_compare(flow_table **out, const flow_table *baseline, const flow_table *other)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_table_compare: out is NULL");
    *out = NULL;
    int rc;
    if ((rc = check_per_node(baseline, "baseline")) < 0 ||
        (rc = check_per_node(other, "counterfactual")) < 0)
        return rc;
    flow_network *net = flow_table_network(baseline);
    int64_t yb = year_column(baseline), yo = year_column(other);
    if ((yb < 0) != (yo < 0))
        return flow__error(FLOW_EINVAL, "compare: only one of the tables has a \"year\" column");

    /* the value columns both have, as doubles */
    size_t nc = flow_table_column_count(baseline);
    size_t *cb = g_new(size_t, nc), *co = g_new(size_t, nc), nshared = 0;
    for (size_t c = 1; c < nc; c++) {
        if (flow_table_column_type(baseline, c) != FLOW_COLUMN_DOUBLE) continue;
        int64_t k = flow_table_column_index(other, flow_table_column_name(baseline, c));
        if (k < 0 || flow_table_column_type(other, (size_t)k) != FLOW_COLUMN_DOUBLE) continue;
        cb[nshared] = c;
        co[nshared++] = (size_t)k;
    }
    GHashTable *base_rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *other_rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GArray *extra = g_array_new(FALSE, FALSE, sizeof(size_t)); /* other rows not in baseline */
    flow_table *t = NULL;
    if (nshared == 0) {
        rc = flow__error(FLOW_EINVAL,
                         "compare: the tables '%s' and '%s' share no value column (a double "
                         "column of the same name)",
                         flow_table_name(baseline), flow_table_name(other));
        goto done;
    }
    size_t nb = flow_table_row_count(baseline), no = flow_table_row_count(other);
    for (size_t r = 0; r < nb; r++)
        g_hash_table_insert(base_rows, row_key(baseline, yb, r), GSIZE_TO_POINTER(r + 1));
    for (size_t r = 0; r < no; r++) {
        char *key = row_key(other, yo, r);
        if (!g_hash_table_contains(base_rows, key)) g_array_append_val(extra, r);
        g_hash_table_insert(other_rows, key, GSIZE_TO_POINTER(r + 1));
    }
    size_t n = nb + extra->len;
    int64_t *node = NULL, *year = NULL;
    const char **status = NULL;
    if ((rc = flow__table_new(&t, net, "compare", n)) < 0 ||
        (rc = flow__table_add_nodes(t, "node", &node)) < 0 ||
        (yb >= 0 && (rc = flow__table_add_ints(t, "year", &year)) < 0) ||
        (rc = flow__table_add_texts(t, "status", &status)) < 0)
        goto done;
    /* which other row each output row takes (0: none) */
    size_t *orow = g_new0(size_t, n ? n : 1);
    const int64_t *bnode = flow_table_ints(baseline, 0);
    for (size_t r = 0; r < nb; r++) {
        char *key = row_key(baseline, yb, r);
        orow[r] = GPOINTER_TO_SIZE(g_hash_table_lookup(other_rows, key));
        g_free(key);
        node[r] = bnode[r];
        if (year) year[r] = flow_table_ints(baseline, (size_t)yb)[r];
        status[r] = orow[r] ? "both" : "removed";
    }
    for (guint i = 0; i < extra->len; i++) {
        size_t r = g_array_index(extra, size_t, i), w = nb + i;
        const char *id = flow_table_text(other, 0, r);
        int64_t idx = id && net ? flow_network_node_index(net, id) : -1;
        if (idx < 0) {
            g_free(orow);
            rc = flow__error(FLOW_EINVAL,
                             "compare: node '%s' of the counterfactual is not in the baseline's "
                             "network",
                             id ? id : "");
            goto done;
        }
        node[w] = idx;
        if (year) year[w] = flow_table_ints(other, (size_t)yo)[r];
        status[w] = "added";
        orow[w] = r + 1;
    }
    for (size_t j = 0; j < nshared && rc == FLOW_OK; j++) {
        const char *name = flow_table_column_name(baseline, cb[j]);
        const double *vb = flow_table_doubles(baseline, cb[j]);
        const double *vo = flow_table_doubles(other, co[j]);
        double *a = NULL, *b = NULL, *d = NULL;
        char *na = g_strdup_printf("%s_baseline", name);
        char *nb2 = g_strdup_printf("%s_counterfactual", name);
        char *nd = g_strdup_printf("%s_difference", name);
        if ((rc = flow__table_add_doubles(t, na, &a)) == FLOW_OK &&
            (rc = flow__table_add_doubles(t, nb2, &b)) == FLOW_OK &&
            (rc = flow__table_add_doubles(t, nd, &d)) == FLOW_OK) {
            for (size_t r = 0; r < n; r++) {
                a[r] = r < nb ? vb[r] : NAN;
                b[r] = orow[r] ? vo[orow[r] - 1] : NAN;
                d[r] = b[r] - a[r];
            }
        }
        g_free(na);
        g_free(nb2);
        g_free(nd);
    }
    g_free(orow);
    if (rc < 0) goto done;

    /* scalars both have */
    for (size_t i = 0; i < flow_table_scalar_count(baseline); i++) {
        const char *s = flow_table_scalar_name(baseline, i);
        int shared = 0;
        for (size_t k = 0; k < flow_table_scalar_count(other) && !shared; k++)
            shared = strcmp(flow_table_scalar_name(other, k), s) == 0;
        if (!shared) continue;
        double x = flow_table_scalar(baseline, s), y = flow_table_scalar(other, s);
        char *k1 = g_strdup_printf("%s_baseline", s), *k2 = g_strdup_printf("%s_counterfactual", s),
             *k3 = g_strdup_printf("%s_difference", s);
        flow__table_set_scalar(t, k1, x);
        flow__table_set_scalar(t, k2, y);
        flow__table_set_scalar(t, k3, y - x);
        g_free(k1);
        g_free(k2);
        g_free(k3);
    }
    /* metadata: the baseline's; the counterfactual's where it differs */
    for (size_t i = 0; i < flow_table_meta_count(baseline); i++) {
        const char *k = flow_table_meta_key(baseline, i);
        flow__table_set_meta(t, strcmp(k, "analysis") == 0 ? "compared" : k, "%s",
                             flow_table_meta(baseline, k));
    }
    for (size_t i = 0; i < flow_table_meta_count(other); i++) {
        const char *k = flow_table_meta_key(other, i);
        const char *v = flow_table_meta(other, k), *w = flow_table_meta(baseline, k);
        if (strcmp(k, "analysis") == 0 || (w && strcmp(v, w) == 0)) continue;
        char *ck = g_strdup_printf("counterfactual_%s", k);
        flow__table_set_meta(t, ck, "%s", v);
        g_free(ck);
    }
    flow__table_set_meta(t, "analysis", "compare");
    *out = t;
    t = NULL;
done:
    g_free(cb);
    g_free(co);
    g_hash_table_destroy(base_rows);
    g_hash_table_destroy(other_rows);
    g_array_free(extra, TRUE);
    flow_table_free(t);
    return rc;
}

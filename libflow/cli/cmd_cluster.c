/*
 * cmd_cluster.c - flowctl cluster: community detection with per-cluster
 * flow accounting, and the comparison of the clusters with declared groups.
 *
 * Comparing with groups: declared groups may overlap (Beijing belongs to a
 * pairing programme, to Beijing-Tianjin-Hebei and to an international
 * centre), and a partition cannot put a node in two clusters. So each group
 * is compared on its own (flow_partition_from_groups() with that one group:
 * its members form one cluster, every other node is alone), which always
 * works; and the listed groups together form one more partition when no
 * node is in two of them (the "do the regional alliances match the flow
 * clusters" question). For each group the table also says which cluster
 * holds most of its members and what share of them, which reads more
 * directly than an NMI.
 */
#include "flowctl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Readers of a partition table (libflow/cluster.h): vertex v's cluster and
 * node, and the columns of its "clusters" part (row c is cluster c). */
static int64_t cluster_of(const flow_table *p, size_t v)
{
    return flow_table_ints(p, (size_t)flow_table_column_index(p, "cluster"))[v];
}

static int64_t node_of(const flow_table *p, size_t v) { return flow_table_ints(p, 0)[v]; }

static size_t cluster_count(const flow_table *p)
{
    return flow_table_row_count(flow_table_part(p, "clusters"));
}

static size_t cluster_size(const flow_table *p, size_t c)
{
    const flow_table *cl = flow_table_part(p, "clusters");
    return (size_t)flow_table_ints(cl, (size_t)flow_table_column_index(cl, "size"))[c];
}

static const char *cluster_label(const flow_table *p, size_t c)
{
    const flow_table *cl = flow_table_part(p, "clusters");
    return flow_table_text(cl, (size_t)flow_table_column_index(cl, "label"), c);
}

static double cluster_num(const flow_table *p, const char *column, size_t c)
{
    const flow_table *cl = flow_table_part(p, "clusters");
    return flow_table_doubles(cl, (size_t)flow_table_column_index(cl, column))[c];
}

typedef struct {
    const flow_table *p;
    size_t c;
} cluster_ref;

static int by_size(const void *a, const void *b)
{
    const cluster_ref *x = a, *y = b;
    size_t sx = cluster_size(x->p, x->c), sy = cluster_size(y->p, y->c);
    if (sx != sy) return sx > sy ? -1 : 1;
    return x->c < y->c ? -1 : x->c > y->c;
}

/* Members of cluster c as "name, name, ..." */
static char *member_names(const cli_context *ctx, const flow_table *p, size_t c)
{
    size_t len = 0, cap = 128;
    char *s = xmalloc(cap);
    s[0] = '\0';
    for (size_t v = 0; v < flow_table_row_count(p); v++) {
        if (cluster_of(p, v) != (int64_t)c) continue;
        const char *name = cli_node_name(ctx, node_of(p, v));
        size_t n = strlen(name);
        if (len + n + 3 > cap) {
            while (len + n + 3 > cap) cap *= 2;
            s = xrealloc(s, cap);
        }
        if (len) {
            memcpy(s + len, ", ", 2);
            len += 2;
        }
        memcpy(s + len, name, n + 1);
        len += n;
    }
    return s;
}

/* One comparison row: group name(s), members, NMI, ARI, VI, and where the
 * group's members went. */
static int compare_row(cli_context *ctx, cli_table *t, const flow_table *found,
                       const char *const *groups, size_t n, const char *label)
{
    flow_table *declared = NULL;
    double m[3];
    int rc = flow_partition_from_groups(&declared, ctx->sel, groups, n);
    if (rc != FLOW_OK) return rc;
    for (int k = 0; k < 3 && rc == FLOW_OK; k++)
        rc = flow_cluster_compare(&m[k], found, declared,
                                  k == 0 ? FLOW_COMPARE_NMI : k == 1 ? FLOW_COMPARE_ARI
                                                                     : FLOW_COMPARE_VI);
    if (rc != FLOW_OK) {
        flow_table_free(declared);
        return rc;
    }
    /* members: vertices in a labelled (group) cluster of the declared
     * partition; their most common detected cluster */
    size_t members = 0, k = cluster_count(found);
    size_t *hits = xcalloc(k ? k : 1, sizeof(size_t));
    for (size_t v = 0; v < flow_table_row_count(declared); v++) {
        int64_t dc = cluster_of(declared, v);
        if (dc < 0 || !cluster_label(declared, (size_t)dc)) continue;
        members++;
        int64_t fc = cluster_of(found, v);
        if (fc >= 0 && (size_t)fc < k) hits[fc]++;
    }
    size_t best = 0;
    for (size_t c = 1; c < k; c++)
        if (hits[c] > hits[best]) best = c;

    tab_row(t);
    tab_text(t, label);
    tab_int(t, (long long)members);
    tab_num(t, m[0]);
    tab_num(t, m[1]);
    tab_num(t, m[2]);
    if (members && k) {
        tab_int(t, (long long)best);
        tab_num(t, (double)hits[best] / (double)members);
    } else {
        tab_text(t, NULL);
        tab_num(t, NAN);
    }
    free(hits);
    flow_table_free(declared);
    return FLOW_OK;
}

static int compare_groups(cli_context *ctx, const flow_table *found, cli_table **out,
                          char **note)
{
    const cli_options *o = ctx->opt;
    char **list = NULL;
    const char **groups;
    size_t n;
    int rc = FLOW_OK;

    *note = NULL;
    if (o->compare_list) {
        list = cli_split(o->compare_list, &n);
        groups = (const char **)list;
    } else {
        n = flow_network_group_count(ctx->net);
        groups = xcalloc(n + 1, sizeof(char *));
        for (size_t g = 0; g < n; g++) groups[g] = flow_network_group_name(ctx->net, g);
    }

    cli_table *t = tab_new();
    tab_column(t, "group", COL_TEXT, 0);
    tab_column(t, "members", COL_INT, 0);
    tab_column(t, "nmi", COL_NUM, 0);
    tab_column(t, "ari", COL_NUM, 0);
    tab_column(t, "vi", COL_NUM, 0);
    tab_column(t, "main_cluster", COL_INT, 0);
    tab_column(t, "share_in_main", COL_NUM, 0);

    for (size_t i = 0; i < n && rc == FLOW_OK; i++)
        rc = compare_row(ctx, t, found, &groups[i], 1, groups[i]);
    if (rc == FLOW_OK && n > 1) {
        char label[64];
        snprintf(label, sizeof label, "together (%zu groups)", n);
        rc = compare_row(ctx, t, found, groups, n, label);
        if (rc == FLOW_EINVAL) {
            /* the groups overlap: no combined partition, say why */
            *note = xprintf("the groups cannot be compared together: %s", flow_last_error());
            flow_error_clear();
            rc = FLOW_OK;
        }
    }
    if (list)
        cli_free_list(list);
    else
        free(groups);
    if (rc != FLOW_OK) {
        tab_free(t);
        free(*note);
        *note = NULL;
        return rc;
    }
    *out = t;
    return FLOW_OK;
}

int cmd_cluster(cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
    flow_table *p = NULL;
    cli_table *nodes = NULL, *clusters = NULL, *cmp = NULL;
    cluster_ref *order = NULL;
    char *note = NULL;
    int method, status = EXIT_OK;

    int rc = method = flow_registry_lookup("cluster", o->method);
    co.seed = o->seed;
    co.resolution = o->resolution;
    if (rc >= 0) {
        cli_progress_start(ctx, o->method);
        rc = flow_cluster_detect(&p, ctx->sel, method, &co);
        cli_progress_end();
    }
    if (rc == FLOW_OK && o->compare_groups) rc = compare_groups(ctx, p, &cmp, &note);
    if (rc != FLOW_OK) {
        status = cli_library_error(o->cmd, rc);
        goto done;
    }

    size_t k = cluster_count(p);
    order = xcalloc(k ? k : 1, sizeof(cluster_ref));
    for (size_t c = 0; c < k; c++) order[c] = (cluster_ref){p, c};
    qsort(order, k, sizeof(cluster_ref), by_size);

    nodes = tab_new();
    tab_column(nodes, "id", COL_TEXT, 0);
    tab_column(nodes, "name", COL_TEXT, 0);
    tab_column(nodes, "kind", COL_TEXT, 0);
    tab_column(nodes, "cluster", COL_INT, 0);
    for (size_t v = 0; v < flow_table_row_count(p); v++) {
        int64_t node = node_of(p, v);
        tab_row(nodes);
        tab_text(nodes, cli_node_id(ctx, node));
        tab_text(nodes, cli_node_name(ctx, node));
        tab_text(nodes, cli_node_kind(ctx, node));
        tab_int(nodes, (long long)cluster_of(p, v));
    }

    clusters = tab_new();
    tab_column(clusters, "cluster", COL_INT, 0);
    tab_column(clusters, "size", COL_INT, 0);
    tab_column(clusters, "internal", COL_NUM, 0);
    tab_column(clusters, "inflow", COL_NUM, 0);
    tab_column(clusters, "outflow", COL_NUM, 0);
    tab_column(clusters, "self_containment", COL_NUM, 0);
    tab_column(clusters, "closure", COL_NUM, 0);
    tab_column(clusters, "members", COL_TEXT, COL_TABLE_ONLY);
    for (size_t r = 0; r < k; r++) {
        size_t c = order[r].c;
        tab_row(clusters);
        tab_int(clusters, (long long)c);
        tab_int(clusters, (long long)cluster_size(p, c));
        tab_num(clusters, cluster_num(p, "internal", c));
        tab_num(clusters, cluster_num(p, "inflow", c));
        tab_num(clusters, cluster_num(p, "outflow", c));
        tab_num(clusters, cluster_num(p, "self_containment", c));
        tab_num(clusters, cluster_num(p, "closure", c));
        char *names = member_names(ctx, p, c);
        char *fit = cli_fit(names, 60);
        tab_text(clusters, fit);
        free(fit);
        free(names);
    }

    size_t top = cli_top(o);
    if (o->format == FMT_JSON) {
        jw w;
        jw_init(&w, stdout);
        jw_object(&w);
        cli_json_selection(ctx, &w);
        jw_key(&w, "method");
        jw_string(&w, flow_table_name(p));
        jw_key(&w, "seed");
        jw_int(&w, (long long)o->seed);
        jw_key(&w, "resolution");
        jw_number(&w, o->resolution);
        jw_key(&w, "modularity");
        jw_number(&w, flow_table_scalar(p, "modularity"));
        if (method == FLOW_CLUSTER_INFOMAP) {
            jw_key(&w, "codelength");
            jw_number(&w, flow_table_scalar(p, "codelength"));
        }
        jw_key(&w, "cluster_count");
        jw_int(&w, (long long)k);
        jw_key(&w, "membership");
        jw_object(&w);
        for (size_t v = 0; v < flow_table_row_count(p); v++) {
            jw_key(&w, cli_node_id(ctx, node_of(p, v)));
            jw_int(&w, (long long)cluster_of(p, v));
        }
        jw_end_object(&w);
        jw_key(&w, "nodes");
        tab_json(nodes, &w, 0);
        jw_key(&w, "clusters");
        jw_array(&w);
        for (size_t r = 0; r < k && (top == 0 || r < top); r++) {
            size_t c = order[r].c;
            jw_inline_object(&w);
            jw_key(&w, "cluster");
            jw_int(&w, (long long)c);
            jw_key(&w, "size");
            jw_int(&w, (long long)cluster_size(p, c));
            jw_key(&w, "internal");
            jw_number(&w, cluster_num(p, "internal", c));
            jw_key(&w, "inflow");
            jw_number(&w, cluster_num(p, "inflow", c));
            jw_key(&w, "outflow");
            jw_number(&w, cluster_num(p, "outflow", c));
            jw_key(&w, "self_containment");
            jw_number(&w, cluster_num(p, "self_containment", c));
            jw_key(&w, "closure");
            jw_number(&w, cluster_num(p, "closure", c));
            jw_key(&w, "members");
            jw_array(&w);
            for (size_t v = 0; v < flow_table_row_count(p); v++)
                if (cluster_of(p, v) == (int64_t)c)
                    jw_string(&w, cli_node_id(ctx, node_of(p, v)));
            jw_end_array(&w);
            jw_end_object(&w);
        }
        jw_end_array(&w);
        if (cmp) {
            jw_key(&w, "comparison");
            tab_json(cmp, &w, 0);
            if (note) {
                jw_key(&w, "comparison_note");
                jw_string(&w, note);
            }
        }
        jw_end_object(&w);
        jw_finish(&w);
        goto done;
    }

    if (o->format == FMT_CSV) {
        tab_print(nodes, FMT_CSV, 0, stdout);
        printf("\n");
        tab_print(clusters, FMT_CSV, top, stdout);
        if (cmp) {
            printf("\n");
            tab_print(cmp, FMT_CSV, 0, stdout);
        }
        goto done;
    }

    char sel[512];
    cli_describe_selection(ctx, sel, sizeof sel);
    printf("cluster (%s)\n", sel);
    double q = flow_table_scalar(p, "modularity");
    if (isnan(q))
        printf("%s: %zu clusters, modularity undefined (no edges)", flow_table_name(p), k);
    else
        printf("%s: %zu clusters, modularity %.4f", flow_table_name(p), k, q);
    if (method == FLOW_CLUSTER_INFOMAP)
        printf(", code length %.4f", flow_table_scalar(p, "codelength"));
    if (method != FLOW_CLUSTER_WALKTRAP) printf(", seed %llu", (unsigned long long)o->seed);
    printf("\n\n");
    tab_print(clusters, FMT_TABLE, top, stdout);
    if (cmp) {
        printf("\ncomparison with declared groups (main_cluster: the cluster holding most "
               "members)\n");
        tab_print(cmp, FMT_TABLE, 0, stdout);
        if (note) printf("note: %s\n", note);
    }

done:
    free(note);
    free(order);
    tab_free(nodes);
    tab_free(clusters);
    tab_free(cmp);
    flow_table_free(p);
    return status;
}

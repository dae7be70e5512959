/*
 * cmd_cluster.c - flowctl cluster: community detection with per-cluster
 * flow accounting, and the comparison of the clusters with declared groups.
 *
 * The result is the partition table (flow_cluster_detect()): one row per
 * node with its cluster, scalars modularity and clusters (and codelength
 * for Infomap), part "clusters" (largest first, with the members' names
 * added), and part "comparison" with --compare-groups.
 *
 * Comparing with groups: declared groups may overlap (Beijing belongs to a
 * pairing programme, to Beijing-Tianjin-Hebei and to an international
 * centre), and a partition cannot put a node in two clusters. So each group
 * is compared on its own (flow_cluster_from_groups() with that one group:
 * its members form one cluster, every other node is alone), which always
 * works; and the listed groups together form one more partition when no
 * node is in two of them (the "do the regional alliances match the flow
 * clusters" question). For each group the table also says which cluster
 * holds most of its members and what share of them, which reads more
 * directly than an NMI. The measures are the library's "compare" registry.
 */
#include "flowctl.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int method; /* FLOW_CLUSTER_* */
    double resolution;
    uint64_t seed;
    long long iterations; /* -1: not given */
    cli_optional compare; /* value: the groups, NULL: every group */
} cluster_options;

#define OPT(field) offsetof(cluster_options, field)

static const cli_option cluster_spec[] = {
    {.name = "method", .kind = OPT_REGISTRY, .offset = OPT(method), .def = "leiden",
     .arg = "NAME", .choices = "cluster", .help = "detection method"},
    {.name = "resolution", .kind = OPT_NUMBER, .offset = OPT(resolution), .def = "1", .arg = "R",
     .lo = 0, .bounds = NUM_NO_HI,
     .help = "modularity resolution of leiden, louvain and label propagation: larger gives "
             "more, smaller clusters"},
    {.name = "seed", .kind = OPT_SEED, .offset = OPT(seed), .def = "1", .arg = "S",
     .help = "random seed: the same seed, the same result"},
    {.name = "iterations", .kind = OPT_COUNT, .offset = OPT(iterations), .arg = "N",
     .help = "leiden: iterations of a run (default: until the partition is stable; 2 is "
             "python-igraph's default, faster and a little lower in modularity)"},
    {.name = "compare-groups", .kind = OPT_OPTIONAL, .offset = OPT(compare), .arg = "G1,G2,...",
     .help = "compare the clusters with the declared groups (all of them, or those listed): "
             "one row per group (its members as one cluster, every other node alone), and one "
             "for the listed groups together when no node is in two of them; main_cluster is "
             "the cluster holding most of a group's members, share_in_main their share in it: "
             "part comparison"},
    {.name = NULL},
};

/* Column `name` of a table, which the library documents. */
static size_t col(const flow_table *t, const char *name)
{
    return (size_t)flow_table_column_index(t, name);
}

/* The members of each cluster as "name, name, ...", row c for cluster c. */
static char **member_names(const cli_context *ctx, const flow_table *p, size_t k)
{
    char **names = xcalloc(k + 1, sizeof(char *));
    const int64_t *node = flow_table_ints(p, col(p, "node"));
    const int64_t *cluster = flow_table_ints(p, col(p, "cluster"));
    for (size_t v = 0; v < flow_table_row_count(p); v++) {
        size_t c = (size_t)cluster[v];
        if (c >= k) continue;
        const char *name = cli_node_name(ctx, node[v]);
        char *s = names[c] ? xprintf("%s, %s", names[c], name) : xstrdup(name);
        free(names[c]);
        names[c] = s;
    }
    return names;
}

/* The comparison columns, filled one group (or the groups together) per
 * row. */
typedef struct {
    size_t rows, nmeasures;
    char **group;
    int64_t *members;
    double **measure; /* one column per "compare" registry entry */
    double *main_cluster, *share;
    flow_table *registry;
} comparison;

/* One row: the partition of `groups` against the detected one. */
static int compare_row(cli_context *ctx, comparison *cmp, const flow_table *found,
                       const char *const *groups, size_t n, const char *label)
{
    flow_table *declared = NULL;
    int rc = flow_cluster_from_groups(&declared, ctx->sel, groups, n);
    size_t r = cmp->rows;
    const int64_t *values = flow_table_ints(cmp->registry, col(cmp->registry, "value"));
    for (size_t m = 0; m < cmp->nmeasures && rc == FLOW_OK; m++)
        rc = flow_cluster_compare(&cmp->measure[m][r], found, declared, (int)values[m]);
    if (rc != FLOW_OK) {
        flow_table_free(declared);
        return rc;
    }
    /* members: vertices in a labelled (group) cluster of the declared
     * partition; their most common detected cluster */
    const flow_table *dcl = flow_table_part(declared, "clusters");
    const char *const *label_of = flow_table_texts(dcl, col(dcl, "label"));
    const int64_t *dc = flow_table_ints(declared, col(declared, "cluster"));
    const int64_t *fc = flow_table_ints(found, col(found, "cluster"));
    size_t members = 0, k = flow_table_row_count(flow_table_part(found, "clusters"));
    size_t *hits = xcalloc(k + 1, sizeof(size_t));
    for (size_t v = 0; v < flow_table_row_count(declared); v++) {
        if (dc[v] < 0 || !label_of[dc[v]]) continue;
        members++;
        if (fc[v] >= 0 && (size_t)fc[v] < k) hits[fc[v]]++;
    }
    size_t best = 0;
    for (size_t c = 1; c < k; c++)
        if (hits[c] > hits[best]) best = c;
    cmp->group[r] = xstrdup(label);
    cmp->members[r] = (int64_t)members;
    cmp->main_cluster[r] = members && k ? (double)best : NAN;
    cmp->share[r] = members && k ? (double)hits[best] / (double)members : NAN;
    cmp->rows++;
    free(hits);
    flow_table_free(declared);
    return FLOW_OK;
}

/* The groups to compare: those listed, or every group of the network (the
 * "groups" table, one row per membership, groups in order). */
static char **group_list(const cli_context *ctx, const char *listed, size_t *n)
{
    if (listed) return cli_split(listed, n);
    flow_table *t = NULL;
    *n = 0;
    if (flow_network_table(&t, ctx->net, "groups") != FLOW_OK) {
        flow_error_clear();
        return xcalloc(1, sizeof(char *));
    }
    const char *const *group = flow_table_texts(t, col(t, "group"));
    size_t rows = flow_table_row_count(t);
    char **list = xcalloc(rows + 1, sizeof(char *));
    for (size_t r = 0; r < rows; r++)
        if (*n == 0 || strcmp(list[*n - 1], group[r]) != 0) list[(*n)++] = xstrdup(group[r]);
    flow_table_free(t);
    return list;
}

/* Part "comparison"; *note: why the groups could not be compared together. */
static int compare_groups(cli_context *ctx, const flow_table *found, const char *listed,
                          cli_view **out, char **note)
{
    size_t n;
    char **groups = group_list(ctx, listed, &n);
    comparison cmp;
    memset(&cmp, 0, sizeof cmp);
    int rc = flow_registry_list(&cmp.registry, "compare");
    if (rc != FLOW_OK) {
        cli_free_list(groups);
        return rc;
    }
    cmp.nmeasures = flow_table_row_count(cmp.registry);
    size_t cap = n + 1;
    cmp.group = xcalloc(cap, sizeof(char *));
    cmp.members = xcalloc(cap, sizeof(int64_t));
    cmp.measure = xcalloc(cmp.nmeasures + 1, sizeof(double *));
    for (size_t m = 0; m < cmp.nmeasures; m++) cmp.measure[m] = xcalloc(cap, sizeof(double));
    cmp.main_cluster = xcalloc(cap, sizeof(double));
    cmp.share = xcalloc(cap, sizeof(double));

    for (size_t i = 0; i < n && rc == FLOW_OK; i++)
        rc = compare_row(ctx, &cmp, found, (const char *const *)&groups[i], 1, groups[i]);
    if (rc == FLOW_OK && n > 1) {
        char label[64];
        snprintf(label, sizeof label, "together (%zu groups)", n);
        rc = compare_row(ctx, &cmp, found, (const char *const *)groups, n, label);
        if (rc == FLOW_EINVAL) {
            /* the groups overlap: no combined partition, say why */
            *note = xprintf("note: the groups cannot be compared together: %s", flow_last_error());
            flow_error_clear();
            rc = FLOW_OK;
        }
    }
    cli_free_list(groups);
    if (rc == FLOW_OK) {
        /* the view takes the columns (filled up to cmp.rows: no "together"
         * row when the groups overlap) */
        cli_view *v = view_new("comparison", cmp.rows);
        view_own_texts(v, "group", cmp.group);
        view_own_ints(v, "members", cmp.members);
        const char *const *name = flow_table_texts(cmp.registry, col(cmp.registry, "name"));
        for (size_t m = 0; m < cmp.nmeasures; m++) view_own_doubles(v, name[m], cmp.measure[m]);
        view_own_doubles(v, "main_cluster", cmp.main_cluster);
        view_own_doubles(v, "share_in_main", cmp.share);
        view_set_flags(v, VIEW_WHOLE);
        *out = v;
    } else {
        for (size_t r = 0; r < cap; r++) free(cmp.group[r]);
        free(cmp.group);
        free(cmp.members);
        for (size_t m = 0; m < cmp.nmeasures; m++) free(cmp.measure[m]);
        free(cmp.main_cluster);
        free(cmp.share);
    }
    free(cmp.measure);
    flow_table_free(cmp.registry);
    return rc;
}

static int run_cluster(cli_context *ctx, const void *options)
{
    const cluster_options *o = options;
    flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
    flow_table *p = NULL;
    cli_view *cmp = NULL;
    char *note = NULL;
    int status = EXIT_OK;

    co.seed = o->seed;
    co.resolution = o->resolution;
    if (o->iterations > 0) co.iterations = o->iterations > 1000000 ? 1000000 : (int)o->iterations;
    cli_progress_start(ctx, flow_registry_name("cluster", o->method));
    int rc = flow_cluster_detect(&p, ctx->sel, o->method, &co);
    cli_progress_end();
    if (rc == FLOW_OK && o->compare.given)
        rc = compare_groups(ctx, p, o->compare.value, &cmp, &note);
    if (rc != FLOW_OK) {
        status = cli_library_error(ctx->cmd->name, rc);
        goto done;
    }

    cli_view *v = view_of(p);
    view_sort(ctx, v, "cluster", 0); /* members of a cluster together */
    view_json_map(v, "membership", "cluster");
    cli_view *clusters = view_part(v, "clusters");
    size_t k = view_rows(clusters);
    view_drop(clusters, "label"); /* for declared groups only: always empty here */
    view_own_texts(clusters, "members", member_names(ctx, p, k));
    view_set_width(clusters, "members", 60);
    view_sort(ctx, clusters, "size", 1); /* largest first, ties by number */
    if (cmp) view_add_part(v, cmp);
    ctx->adds_weights = 1;
    status = cli_render(ctx, v);
    view_free(v);
    if (status == EXIT_OK && note) {
        fflush(stdout);
        cli_error("%s", note);
    }

done:
    free(note);
    flow_table_free(p);
    return status;
}

const cli_command cli_cmd_cluster = {
    .name = "cluster",
    .summary = "communities of flows, compared with declared groups",
    .usage = "DATA [options]",
    .about = "Communities that the flows form, with per-cluster flow accounting: size,\n"
             "internal flow, inflow, outflow, self-containment (the share of the flow\n"
             "leaving a cluster's nodes that stays inside) and closure.",
    .output = "one row per node (id, name, kind, cluster), members of a "
              "cluster together; scalars modularity, clusters (named n_clusters in JSON, "
              "where \"clusters\" is the part) and, for infomap, codelength; parameters: "
              "the method and those it uses (seed, resolution, trials, steps); part clusters "
              "(cluster, size, "
              "internal, inflow, outflow, self_containment, closure, members; largest "
              "first); with --compare-groups part comparison (group, members, nmi, ari, "
              "vi, main_cluster, share_in_main). JSON also has \"membership\": node id -> "
              "cluster.",
    .examples = "flowctl cluster data/china --factor talent --year 2022 --level region\n"
                "flowctl cluster data/china --method infomap --combine share "
                "--compare-groups=yangtze-river-delta,greater-bay-area,chengdu-chongqing\n"
                "flowctl cluster data/china --factor talent --part clusters --format csv",
    .options = cluster_spec,
    .options_size = sizeof(cluster_options),
    .flags = CMD_SELECTION,
    .run = run_cluster,
};

/*
 * study_clusters: the regional clusters that flows form, compared with the
 * declared regional alliances, and how self-contained each is.
 *
 *     study_clusters [DATA]          (default data/china)
 *
 * Method (every number comes from libflow on the data set):
 *  - one selection: every factor, combined as shares (each factor's flows
 *    divided by that factor's total, so persons and yuan can be mixed and
 *    each factor weighs 1), the latest year, rolled up to regions, directed;
 *  - clusters: Leiden, seed 1 (flow_cluster_detect());
 *  - the declared alliances: yangtze-river-delta, greater-bay-area,
 *    chengdu-chongqing, beijing-tianjin-hebei, as a partition
 *    (flow_cluster_from_groups()); compared with the clusters by NMI, ARI
 *    and VI (flow_cluster_compare()), once with every node outside the
 *    alliances on its own (the library's convention) and once with them
 *    pooled into one extra group "outside-alliances" (added to the network
 *    with flow_network_add_member());
 *  - self-containment = internal / (internal + outflow): the share of the
 *    flow leaving a cluster's (or alliance's) nodes that stays inside;
 *    closure = internal / (internal + inflow + outflow).
 *
 * Provenance: the report's opening names DATA/README.md when the data folder
 * has one, and cautions that the flows are modelled when the README says so
 * (data/china's are: a gravity model, not observations).
 *
 * Exit status: 0 ok, 3 bad data, 1 any other failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libflow.h>

#define PROG "study_clusters"
#define OUTSIDE "outside-alliances"

static const char *const ALLIANCES[] = {"yangtze-river-delta", "greater-bay-area",
                                        "chengdu-chongqing", "beijing-tianjin-hebei"};
#define NALLIANCES (sizeof ALLIANCES / sizeof ALLIANCES[0])

#include "study_common.h" /* errors, loading, provenance, the reading */

/* ---- helpers ------------------------------------------------------------- */

/* Readers of a partition table (libflow/cluster.h): vertex v's cluster,
 * and the columns of its "clusters" part (row c is cluster c). */
static int64_t cluster_of(const flow_table *p, size_t v)
{
    return flow_table_ints(p, (size_t)flow_table_column_index(p, "cluster"))[v];
}

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

/* A ratio as a percentage, "n/a" when undefined (NAN). */
static const char *pct(char *buf, size_t size, double r)
{
    if (r != r)
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * r);
    return buf;
}

/* Prints one cluster's accounting row. */
static void account_row(const flow_table *p, size_t c, const char *label)
{
    char a[32], b[32];
    printf("%-24s %5zu %10.4f %10.4f %10.4f %11s %8s\n", label, cluster_size(p, c),
           cluster_num(p, "internal", c), cluster_num(p, "inflow", c),
           cluster_num(p, "outflow", c),
           pct(a, sizeof a, cluster_num(p, "self_containment", c)),
           pct(b, sizeof b, cluster_num(p, "closure", c)));
}

static void account_head(const char *first)
{
    printf("%-24s %5s %10s %10s %10s %11s %8s\n", first, "size", "internal", "inflow", "outflow",
           "self-cont.", "closure");
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "data/china";
    char a[32], b[32];
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    flow_table *leiden = NULL, *decl = NULL, *decl2 = NULL;
    flow_table *nodes = NULL; /* the network's nodes: id, name, kind, ... */
    flow_cluster_options opts = FLOW_CLUSTER_OPTIONS_INIT;
    const char *groups5[NALLIANCES + 1];
    int rc = 0, year = 0;
    double nmi = 0, ari = 0, vi = 0, nmi2 = 0, ari2 = 0, vi2 = 0, total = 0;
    size_t k, n, best_c = 0, best_a = 0, nsingle = 0;
    size_t *disp = NULL; /* display number of each cluster: 1.. for those with
                            more than one node, 0 for single nodes */

    if ((rc = load_data_set(&net, path)) != 0) return rc;
    for (size_t i = 0; i < NALLIANCES; i++)
        if (flow_network_group_index(net, ALLIANCES[i]) < 0) {
            rc = bad_data("%s: no group '%s' (groups.csv)", path, ALLIANCES[i]);
            goto done;
        }
    if ((rc = latest_year(&year, net)) != 0) goto done;
    if (flow_network_table(&nodes, net, "nodes") < 0) {
        rc = fail("nodes");
        goto done;
    }
    opts.seed = 1;
    if (flow_selection_new(&sel, net) < 0 || flow_selection_set_combine(sel, FLOW_COMBINE_SHARE) < 0 ||
        flow_selection_set_years(sel, year, year) < 0 || flow_selection_set_level(sel, "region") < 0) {
        rc = fail("selection");
        goto done;
    }
    if (flow_cluster_detect(&leiden, sel, FLOW_CLUSTER_LEIDEN, &opts) < 0) {
        rc = fail("Leiden");
        goto done;
    }
    if (flow_cluster_from_groups(&decl, sel, ALLIANCES, NALLIANCES) < 0) {
        rc = fail("alliances");
        goto done;
    }
    k = cluster_count(leiden);
    n = flow_table_row_count(leiden);
    disp = calloc(k + 1, sizeof *disp);
    if (!disp) {
        rc = oom();
        goto done;
    }
    for (size_t c = 0, m = 0; c < k; c++) {
        total += cluster_num(leiden, "internal", c) + cluster_num(leiden, "outflow", c);
        if (cluster_size(leiden, c) > 1)
            disp[c] = ++m;
        else
            nsingle++;
    }

    printf("Clusters study: regional clusters of flows versus the declared alliances\n");
    printf("libflow %s; data set %s; year %d; level region; directed\n", flow_version(), path, year);
    printf("Weights: every factor as shares of its own total (each factor weighs 1);\n"
           "all flows together weigh %.4f.\n", total);
    if ((rc = provenance(net)) != 0) goto done;
    printf("\n");

    printf("== Leiden clusters (seed 1)\n\n");
    printf("%zu clusters of %zu nodes, modularity %.4f\n\n", k, n, flow_table_scalar(leiden, "modularity"));
    account_head("cluster");
    for (size_t c = 0; c < k; c++) {
        char label[32];
        if (!disp[c]) continue;
        snprintf(label, sizeof label, "cluster %zu", disp[c]);
        account_row(leiden, c, label);
    }
    if (nsingle) printf("(%zu single-node clusters not shown)\n", nsingle);
    printf("\nMembers:\n");
    for (size_t c = 0; c < k; c++) {
        char lead[32];
        if (!disp[c]) continue;
        for (size_t v = 0; v < n; v++)
            if (cluster_of(leiden, v) == (int64_t)c) para("%s ", flow_table_text(leiden, 0, v));
        snprintf(lead, sizeof lead, "  cluster %-3zu ", disp[c]);
        para_flush_lead(lead);
    }
    printf("  single nodes:");
    for (size_t c = 0; c < k; c++)
        if (!disp[c])
            for (size_t v = 0; v < n; v++)
                if (cluster_of(leiden, v) == (int64_t)c) printf(" %s", flow_table_text(leiden, 0, v));
    printf("\n");

    /* ---- alliances ---- */
    for (size_t v = 0; v < n; v++) {
        const char *label = cluster_label(decl, (size_t)cluster_of(decl, v));
        if (!label && flow_network_add_member(net, OUTSIDE, flow_table_text(decl, 0, v), NULL) < 0) {
            rc = fail("pooling the nodes outside the alliances");
            goto done;
        }
    }
    for (size_t i = 0; i < NALLIANCES; i++) groups5[i] = ALLIANCES[i];
    groups5[NALLIANCES] = OUTSIDE;
    if (flow_cluster_from_groups(&decl2, sel, groups5, NALLIANCES + 1) < 0 ||
        flow_cluster_compare(&nmi, leiden, decl, FLOW_COMPARE_NMI) < 0 ||
        flow_cluster_compare(&ari, leiden, decl, FLOW_COMPARE_ARI) < 0 ||
        flow_cluster_compare(&vi, leiden, decl, FLOW_COMPARE_VI) < 0 ||
        flow_cluster_compare(&nmi2, leiden, decl2, FLOW_COMPARE_NMI) < 0 ||
        flow_cluster_compare(&ari2, leiden, decl2, FLOW_COMPARE_ARI) < 0 ||
        flow_cluster_compare(&vi2, leiden, decl2, FLOW_COMPARE_VI) < 0) {
        rc = fail("comparing partitions");
        goto done;
    }
    printf("\n== Declared alliances versus the clusters\n\n");
    printf("%-44s %8s %8s %8s %11s\n", "nodes outside the alliances", "NMI", "ARI", "VI", "modularity");
    printf("%-44s %8.4f %8.4f %8.4f %11.4f\n", "each on its own (singletons)", nmi, ari, vi,
           flow_table_scalar(decl, "modularity"));
    printf("%-44s %8.4f %8.4f %8.4f %11.4f\n", "pooled into one group", nmi2, ari2, vi2,
           flow_table_scalar(decl2, "modularity"));
    printf("%-44s %8s %8s %8s %11.4f\n", "(Leiden clusters, for reference)", "", "", "",
           flow_table_scalar(leiden, "modularity"));

    printf("\n== Self-containment of the alliances\n\n");
    account_head("alliance");
    for (size_t c = 0; c < cluster_count(decl); c++) {
        const char *label = cluster_label(decl, c);
        if (label) account_row(decl, c, label);
    }
    printf("\nWhere the alliances' members fall among the Leiden clusters:\n");
    for (size_t c = 0; c < cluster_count(decl); c++) {
        const char *label = cluster_label(decl, c);
        if (!label) continue;
        printf("  %-24s", label);
        for (size_t v = 0; v < n; v++)
            if (cluster_of(decl, v) == (int64_t)c) {
                size_t d = disp[cluster_of(leiden, v)];
                if (d)
                    printf(" %s:%zu", flow_table_text(decl, 0, v), d);
                else
                    printf(" %s:alone", flow_table_text(decl, 0, v));
            }
        printf("\n");
    }

    /* ---- reading ---- */
    printf("\n== Reading\n\n");
    {
        double best = -1, best_al = -1;
        for (size_t c = 0; c < k; c++) {
            double sc = cluster_num(leiden, "self_containment", c);
            if (disp[c] && sc == sc && sc > best) best = sc, best_c = c;
        }
        para("The flows of %d form %zu clusters with more than one node (modularity %.4f).",
             year, k - nsingle, flow_table_scalar(leiden, "modularity"));
        if (best >= 0) {
            para(" The most self-contained is cluster %zu (%zu nodes, among them", disp[best_c],
                 cluster_size(leiden, best_c));
            size_t shown = 0;
            for (size_t v = 0; v < n && shown < 3; v++)
                if (cluster_of(leiden, v) == (int64_t)best_c) {
                    int64_t i = flow_table_ints(leiden, 0)[v];
                    para("%s %s", shown ? "," : "", flow_table_texts(nodes, 1)[i]); /* name */
                    shown++;
                }
            para("): %s of the flow leaving its nodes stays inside.", pct(a, sizeof a, best));
        }
        para_flush();
        para("Agreement with the declared alliances is %s: NMI %.2f with outsiders on their own, "
             "%.2f with outsiders pooled (1 = identical, 0 = unrelated); ARI %.2f and %.2f.",
             nmi2 >= 0.5 ? "substantial" : (nmi2 >= 0.2 ? "partial" : "weak"), nmi, nmi2, ari, ari2);
        para_flush();
        for (size_t c = 0; c < cluster_count(decl); c++) {
            double sc = cluster_num(decl, "self_containment", c);
            if (cluster_label(decl, c) && sc == sc && sc > best_al) best_al = sc, best_a = c;
        }
        for (size_t c = 0; c < cluster_count(decl); c++) {
            const char *label = cluster_label(decl, c);
            int64_t first = -1;
            int split = 0;
            if (!label) continue;
            for (size_t v = 0; v < n; v++)
                if (cluster_of(decl, v) == (int64_t)c) {
                    if (first < 0) first = cluster_of(leiden, v);
                    else if (cluster_of(leiden, v) != first) split = 1;
                }
            para("%s keeps %s of its outgoing flow inside (closure %s)", label,
                 pct(a, sizeof a, cluster_num(decl, "self_containment", c)),
                 pct(b, sizeof b, cluster_num(decl, "closure", c)));
            if (split)
                para(" and is split across several flow clusters.");
            else if (disp[first])
                para(" and lies within one flow cluster (cluster %zu, %zu nodes, which keeps %s).",
                     disp[first], cluster_size(leiden, (size_t)first),
                     pct(b, sizeof b, cluster_num(leiden, "self_containment", (size_t)first)));
            else
                para(" and forms no flow cluster with other nodes.");
            if (best_al >= 0 && c == best_a) para(" It is the most self-contained alliance.");
            para_flush();
        }
    }

done:
    flow_table_free(nodes);
    free(disp);
    flow_table_free(decl2);
    flow_table_free(decl);
    flow_table_free(leiden);
    flow_selection_free(sel);
    flow_network_free(net);
    return rc;
}

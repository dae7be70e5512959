/*
 * quickstart: the README's C tour. Loads a data set, selects technology
 * flows of 2018-2022 at region level, and prints the top PageRank regions,
 * the minimum cut from the Yangtze River Delta to Xinjiang, and Leiden
 * clusters.
 *
 *     quickstart data/china
 */
#include <stdio.h>
#include <stdlib.h>

#include <libflow.h>

#define CHECK(call)                                                       \
    do {                                                                  \
        if ((call) < 0) {                                                 \
            fprintf(stderr, "quickstart: %s\n", flow_last_error());       \
            status = 1;                                                   \
            goto done;                                                    \
        }                                                                 \
    } while (0)

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "data/china";
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    flow_table *pr = NULL;
    flow_table *cut = NULL;
    flow_table *part = NULL;
    size_t *order = NULL;
    int status = 0;

    if (flow_io_load(&net, path) < 0) { /* bad data: exit 3, as flowctl does */
        fprintf(stderr, "quickstart: %s\n", flow_last_error());
        return 3;
    }
    CHECK(flow_selection_new(&sel, net));
    const char *factors[] = {"technology"};
    CHECK(flow_selection_set_factors(sel, factors, 1));
    CHECK(flow_selection_set_years(sel, 2018, 2022));
    CHECK(flow_selection_set_level(sel, "region"));

    /* PageRank (damping 0.85, weights as transition strengths) */
    CHECK(flow_centrality_compute(&pr, sel, FLOW_PAGERANK, NULL));
    size_t n = flow_table_row_count(pr);          /* one row per region */
    const double *value = flow_table_doubles(pr, 1); /* column 1: "pagerank" */
    order = malloc((n + 1) * sizeof *order);
    if (!order) { status = 1; goto done; }
    CHECK(flow_structure_rank(order, value, n, 1));
    printf("PageRank, technology 2018-2022, regions:\n");
    for (size_t i = 0; i < 5 && i < n; i++)          /* column 0: the node, read as its id */
        printf("  %-6s %.4f\n", flow_table_text(pr, 0, order[i]), value[order[i]]);

    /* minimum cut between node sets (a group name stands for its members) */
    const char *from[] = {"yangtze-river-delta"}, *to[] = {"CN-XJ"};
    CHECK(flow_bottleneck_min_cut(&cut, sel, from, 1, to, 1, 0));
    printf("max flow Yangtze River Delta -> Xinjiang: %.2f over %zu cut edges\n",
           flow_table_scalar(cut, "value"), flow_table_row_count(cut));

    /* communities: Leiden, seeded */
    flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
    co.seed = 1;
    CHECK(flow_cluster_detect(&part, sel, FLOW_CLUSTER_LEIDEN, &co));
    printf("Leiden: %zu clusters, modularity %.4f\n", (size_t)flow_table_scalar(part, "clusters"),
           flow_table_scalar(part, "modularity"));
done:
    free(order);
    flow_table_free(part);
    flow_table_free(cut);
    flow_table_free(pr);
    flow_selection_free(sel);
    flow_network_free(net);
    return status;
}

/*
 * A program outside the libflow tree, built against the *installed* package
 * (pkg-config or find_package) by tests/consumer/run.sh. It uses only the
 * public API: builds a three-node network, selects it (which goes through
 * igraph, so a static link must bring igraph and GLib along), and checks
 * that the headers and the library it runs with agree on the version.
 *
 * usage: consumer [EXPECTED_VERSION]
 */
#include <libflow.h>

#include <stdio.h>
#include <string.h>

#define CHECK(expr)                                                              \
    do {                                                                         \
        if (!(expr)) {                                                           \
            fprintf(stderr, "consumer: %s failed: %s\n", #expr, flow_last_error()); \
            goto done;                                                           \
        }                                                                        \
    } while (0)

int main(int argc, char **argv)
{
    int status = 1;
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    flow_table *flows = NULL, *graph = NULL;

    CHECK(flow_network_new(&net) == FLOW_OK);
    CHECK(flow_network_add_node(net, "CN-SH", "Shanghai", "region", NULL) == FLOW_OK);
    CHECK(flow_network_add_node(net, "CN-XJ", "Xinjiang", "region", NULL) == FLOW_OK);
    CHECK(flow_network_add_node(net, "CN-NX", "Ningxia", "region", NULL) == FLOW_OK);
    CHECK(flow_network_add_flow(net, "CN-SH", "CN-XJ", "technology", 12.5, 2020) == FLOW_OK);
    CHECK(flow_network_add_flow(net, "CN-SH", "CN-XJ", "technology", 0.5, 2020) == FLOW_OK);
    CHECK(flow_network_add_flow(net, "CN-XJ", "CN-NX", "talent", 3.0, FLOW_NO_YEAR) == FLOW_OK);
    CHECK(flow_network_node_count(net) == 3);
    CHECK(flow_network_flow_count(net) == 2);
    CHECK(flow_network_table(&flows, net, "flows") == FLOW_OK);
    CHECK(flow_table_doubles(flows, 3)[0] == 13.0); /* the weight column */

    CHECK(flow_selection_new(&sel, net) == FLOW_OK);
    CHECK(flow_selection_table(&graph, sel) == FLOW_OK);
    CHECK(flow_table_row_count(graph) == 2);

    CHECK(strcmp(flow_version(), FLOW_VERSION_STRING) == 0);
    CHECK(flow_version_number() == FLOW_VERSION_NUMBER);
    if (argc > 1)
        CHECK(strcmp(flow_version(), argv[1]) == 0);

    printf("libflow %s: %zu nodes, %zu flows, %zu edges\n", flow_version(),
           flow_network_node_count(net), flow_network_flow_count(net),
           flow_table_row_count(graph));
    status = 0;

done:
    flow_table_free(graph);
    flow_table_free(flows);
    flow_selection_free(sel);
    flow_network_free(net);
    return status;
}

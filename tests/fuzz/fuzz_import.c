/* libFuzzer harness: other tools' files through flow_io_import(). The first
 * byte picks the format (edge list, GraphML, GEXF, Pajek), the rest is the
 * file. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        int format;
        const char *name;
    } kinds[4] = {{FLOW_INPUT_EDGELIST, "edges.csv"},
                  {FLOW_INPUT_GRAPHML, "graph.graphml"},
                  {FLOW_INPUT_GEXF, "graph.gexf"},
                  {FLOW_INPUT_PAJEK, "graph.net"}};
    if (size < 1) return 0;
    int k = data[0] & 3;
    const char *path = fuzz_write(kinds[k].name, data + 1, size - 1);
    flow_network *net = NULL;
    int rc = flow_io_import(&net, path, kinds[k].format, NULL);
    fuzz_check(rc, net);
    flow_network_free(net);
    return 0;
}

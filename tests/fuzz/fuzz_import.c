/* libFuzzer harness: other tools' files. The first byte picks the format
 * (edge list, GraphML, GEXF, Pajek), the rest is the file, named with the
 * format's extension and read through flow_io_load_with() (which hands it
 * to the importer, as flow_io_import() does) with small node and flow
 * limits, so that a header such as "*Vertices 9999999" is refused rather
 * than spending the fuzzer's time. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[4] = {"edges.txt", "graph.graphml", "graph.gexf",
                                         "graph.net"};
    if (size < 1) return 0;
    const char *path = fuzz_write(names[data[0] & 3], data + 1, size - 1);
    flow_io_options o = FLOW_IO_OPTIONS_INIT;
    o.max_nodes = 10000;
    o.max_flows = 100000;
    flow_network *net = NULL;
    int rc = flow_io_load_with(&net, path, &o);
    fuzz_check(rc, net);
    flow_network_free(net);
    return 0;
}

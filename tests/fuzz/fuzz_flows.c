/* libFuzzer harness: one flows.csv, loaded from memory. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    flow_network *net = NULL;
    int rc = flow_io_load_flows_buffer(&net, (const char *)data, size, "flows.csv");
    fuzz_check(rc, net);
    flow_network_free(net);
    return 0;
}

/* libFuzzer harness: a data set folder. The input is split at 0x01 bytes
 * into flows.csv, nodes.csv, groups.csv and factors.csv (in that order);
 * a table the input does not reach is absent. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[4] = {"flows.csv", "nodes.csv", "groups.csv", "factors.csv"};
    const uint8_t *p = data, *end = data + size;
    for (int i = 0; i < 4; i++) {
        if (!p) {
            fuzz_write(names[i], NULL, 0);
            continue;
        }
        const uint8_t *sep = memchr(p, 1, (size_t)(end - p));
        fuzz_write(names[i], p, (size_t)((sep ? sep : end) - p));
        p = sep ? sep + 1 : NULL;
    }
    flow_network *net = NULL;
    int rc = flow_io_load(&net, fuzz_dir());
    fuzz_check(rc, net);
    flow_network_free(net);
    return 0;
}

/*
 * libFuzzer harness: a small network built from the fuzz bytes through the
 * public API (flow_network_add_node / add_flow / add_member / set_number),
 * a selection of it, and every analysis (tests/analyses.h) run on it. Any
 * crash, sanitizer report or leak is a bug; with FUZZ_CHECK_NAN set in the
 * environment (as the replay test does) so is an infinity or a NaN that
 * no header documents. Return codes are not (bad weights are refused by
 * add_flow, some analyses refuse some selections).
 *
 * Input layout (short inputs are padded with zeros):
 *   byte 0  selection: bit 0 undirected, bit 1 shares, bit 2 roll up to
 *           provinces, bit 3 years 2019-2020 only, bit 4 one factor only,
 *           bits 5-7 the progress call (1..7) that interrupts, 0 = none
 *   byte 1  regions: (byte & 127) % 13 (0..12); two provinces P0, P1
 *           always exist; bit 7: the significance tests run too (their
 *           null models make them the slowest by far: a second a run
 *           where the configuration model does not converge)
 *   byte 2  bit k: region k is in group "g"; bit 7: "g" gets P0 too
 *   then 4 bytes per flow, up to 48 flows:
 *           source % regions, target % regions (a loop when equal),
 *           weight code (low 4 bits: a weight from the table below; high
 *           bits: a multiplier), factor (bit 0) and year (bits 1-2)
 *
 * Built with -fsanitize=fuzzer (CMake option LIBFLOW_FUZZ, clang). With
 * FUZZ_REPLAY defined it gets a main() that runs each file given (or each
 * file of each directory given) once: the CTest replay of the corpus in
 * tests/fuzz/corpus/analyses, built by any compiler.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libflow.h"
#include "../analyses.h"

#define MAX_REGIONS 12
#define MAX_FLOWS 48

static const double weights[16] = {1.0,   0.25,   2.0,    10.0,   1e-300, 1e300, 1e308, 5e-324,
                                    1e-10, 1e10,   0.0,    -1.0,   NAN,    INFINITY, 3.0, 1.0 / 3};

static int stop_at, progress_calls;
static int check; /* 1: numbers checked (FUZZ_CHECK_NAN set), -1: not, 0: not looked yet */

static int on_progress(double percent, const char *message, void *data)
{
    (void)percent;
    (void)message;
    (void)data;
    return stop_at && ++progress_calls >= stop_at;
}

/* A NaN where no header documents one (analyses.h, nan_documented()), or
 * an infinity: a silent bad number. */
static void check_number(const char *name, const char *what, double x)
{
    if (isinf(x) || (isnan(x) && !nan_documented(name, what))) {
        fprintf(stderr, "%s: %s is %g\n", name, what, x);
        abort();
    }
}

static void check_table(const char *name, const flow_table *t)
{
    size_t n = flow_table_row_count(t);
    for (size_t c = 0; c < flow_table_column_count(t); c++) {
        if (flow_table_column_type(t, c) != FLOW_COLUMN_DOUBLE) continue;
        const double *v = flow_table_doubles(t, c);
        for (size_t r = 0; r < n; r++) check_number(name, flow_table_column_name(t, c), v[r]);
    }
    for (size_t i = 0; i < flow_table_scalar_count(t); i++)
        check_number(name, flow_table_scalar_name(t, i),
                     flow_table_scalar(t, flow_table_scalar_name(t, i)));
    for (size_t p = 0; p < flow_table_part_count(t); p++) check_table(name, flow_table_part_at(t, p));
}

static void each(const char *name, int rc, flow_table *t, const double *values, size_t nvalues,
                 void *data)
{
    (void)rc;
    (void)data;
    if (!check) check = getenv("FUZZ_CHECK_NAN") ? 1 : -1;
    for (size_t i = 0; check > 0 && i < nvalues; i++) check_number(name, "value", values[i]);
    if (t && check > 0) check_table(name, t);
    flow_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t head[3] = {0, 0, 0};
    memcpy(head, data, size < 3 ? size : 3);
    const uint8_t *rows = size > 3 ? data + 3 : NULL;
    size_t nrows = size > 3 ? (size - 3) / 4 : 0;
    if (nrows > MAX_FLOWS) nrows = MAX_FLOWS;

    flow_network *net = NULL;
    if (flow_network_new(&net) != FLOW_OK) abort();
    int regions = (head[1] & 127) % (MAX_REGIONS + 1);
    char id[16], id2[16], parent[16];
    flow_network_add_factor(net, "talent", "persons");
    flow_network_add_factor(net, "capital", "yuan");
    flow_network_add_node(net, "P0", NULL, "province", NULL);
    flow_network_add_node(net, "P1", NULL, "province", NULL);
    for (int r = 0; r < regions; r++) {
        snprintf(id, sizeof id, "R%d", r);
        snprintf(parent, sizeof parent, "P%d", r % 2);
        flow_network_add_node(net, id, NULL, "region", parent);
        flow_network_set_number(net, id, "lat", 20.0 + r);
        flow_network_set_number(net, id, "lon", 100.0 + 2.5 * r);
        if (head[2] >> (r % 7) & 1) flow_network_add_member(net, "g", id, NULL);
    }
    if (head[2] & 0x80) flow_network_add_member(net, "g", "P0", NULL);
    for (size_t i = 0; regions && i < nrows; i++) {
        const uint8_t *b = rows + 4 * i;
        double w = weights[b[2] & 15] * (1 + (b[2] >> 4));
        snprintf(id, sizeof id, "R%d", b[0] % regions);
        snprintf(id2, sizeof id2, "R%d", b[1] % regions);
        flow_network_add_flow(net, id, id2, b[3] & 1 ? "capital" : "talent", w,
                              2019 + ((b[3] >> 1) & 3));
    }

    flow_selection *sel = NULL;
    if (flow_selection_new(&sel, net) != FLOW_OK) abort();
    flow_selection_set_directed(sel, !(head[0] & 1));
    if (head[0] & 2) flow_selection_set_combine(sel, FLOW_COMBINE_SHARE);
    if (head[0] & 4) flow_selection_set_level(sel, "province");
    if (head[0] & 8) flow_selection_set_years(sel, 2019, 2020);
    if (head[0] & 16) {
        static const char *const one[] = {"capital"};
        flow_selection_set_factors(sel, one, 1);
    }
    stop_at = head[0] >> 5;
    progress_calls = 0;
    flow_selection_set_progress(sel, on_progress, NULL);
    run_analyses(sel, head[1] >> 7, each, NULL);
    flow_selection_free(sel);
    flow_network_free(net);
    return 0;
}

#ifdef FUZZ_REPLAY
#include <dirent.h>

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    uint8_t buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    return 0;
}

int main(int argc, char **argv)
{
    int bad = 0, runs = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            bad |= replay_file(argv[i]);
            runs++;
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            bad |= replay_file(path);
            runs++;
        }
        closedir(d);
    }
    printf("replayed %d inputs\n", runs);
    return bad || runs == 0;
}
#endif

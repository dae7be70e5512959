/*
 * bench_gravity - how long a PPML gravity fit (flow_gravity_fit) takes and
 * how much memory it needs on a large, sparse, seeded network.
 *
 *   bench_gravity [--nodes N] [--flows-per-node F] [--seed S] [--max-iterations K]
 *
 * Generates N nodes (default 10000) with coordinates uniform over a
 * 40 x 60 degree box and, for each node, F outgoing flows (default 20) to
 * targets drawn with probability falling with distance (a gravity model
 * with elasticity -1 and log-normal origin sizes): N F flows of one factor
 * in one year, so all but F / (N - 1) of the N (N - 1) ordered pairs are
 * zero. Then fits the default model (origin and destination fixed effects,
 * log distance from lat and lon) and reports the wall and CPU time of the
 * load and of the fit, the IRLS steps, the estimate, and the memory:
 * RssAnon before the fit and the peak (VmHWM) over the whole run.
 *
 * A program, not a test: it asserts nothing about time. Its CTest entry is
 * a 300-node smoke run.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libflow.h"

static uint64_t splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unit(uint64_t *state) { return ((double)(splitmix(state) >> 11) + 0.5) / 9007199254740992.0; }

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A "Name: N kB" line of /proc/self/status, in MiB. */
static double status_mib(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return NAN;
    char line[256];
    double v = NAN;
    size_t n = strlen(name);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ':') v = atof(line + n + 1) / 1024;
    fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    size_t nodes = 10000, per = 20;
    uint64_t seed = 1;
    int maxit = 100;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--nodes") == 0 && i + 1 < argc) nodes = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--flows-per-node") == 0 && i + 1 < argc) per = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--max-iterations") == 0 && i + 1 < argc) maxit = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_gravity [--nodes N] [--flows-per-node F] [--seed S] "
                            "[--max-iterations K]\n");
            return 2;
        }
    }
    if (nodes < 3) nodes = 3;
    if (per >= nodes) per = nodes - 1;

    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    flow_network *net = NULL;
    if (flow_network_new(&net) != FLOW_OK) return 1;
    uint64_t st = seed;
    double *lat = malloc(nodes * sizeof *lat), *lon = malloc(nodes * sizeof *lon);
    double *size = malloc(nodes * sizeof *size);
    char id[32], id2[32];
    for (size_t i = 0; i < nodes; i++) {
        snprintf(id, sizeof id, "n%zu", i);
        lat[i] = 10 + 40 * unit(&st);
        lon[i] = 70 + 60 * unit(&st);
        size[i] = exp(1.5 * sqrt(-2 * log(unit(&st))) * cos(2 * M_PI * unit(&st)));
        if (flow_network_add_node(net, id, NULL, "region", NULL) != FLOW_OK ||
            flow_network_set_number(net, id, "lat", lat[i]) != FLOW_OK ||
            flow_network_set_number(net, id, "lon", lon[i]) != FLOW_OK) {
            fprintf(stderr, "%s\n", flow_last_error());
            return 1;
        }
    }
    /* each origin: `per` targets by rejection, accepted with probability
     * falling as 1 / (1 + distance in degrees) */
    for (size_t i = 0; i < nodes; i++) {
        snprintf(id, sizeof id, "n%zu", i);
        for (size_t k = 0; k < per;) {
            size_t j = splitmix(&st) % nodes;
            if (j == i) continue;
            double d = hypot(lat[i] - lat[j], lon[i] - lon[j]);
            if (unit(&st) > 1 / (1 + d / 5)) continue;
            snprintf(id2, sizeof id2, "n%zu", j);
            double w = size[i] * size[j] * 1000 / (1 + d) * (0.5 + unit(&st));
            if (flow_network_add_flow(net, id, id2, "trade", w, 2020) != FLOW_OK) {
                fprintf(stderr, "%s\n", flow_last_error());
                return 1;
            }
            k++;
        }
    }
    double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
    flow_selection *sel = NULL;
    flow_selection_new(&sel, net);
    flow_selection_build(sel);
    double rss_before = status_mib("RssAnon");

    flow_gravity_options o;
    flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION);
    o.max_iterations = maxit;
    flow_table *fit = NULL;
    int rc = flow_gravity_fit(&fit, sel, &o);
    double w2 = now(CLOCK_MONOTONIC), c2 = now(CLOCK_PROCESS_CPUTIME_ID);
    if (rc != FLOW_OK) {
        fprintf(stderr, "flow_gravity_fit: %s\n", flow_last_error());
        return 1;
    }
    double pairs = (double)nodes * (double)(nodes - 1);
    printf("nodes %zu, flows %zu, pairs %.0f (%.4f%% non-zero)\n", nodes,
           flow_network_flow_count(net), pairs, 100.0 * flow_network_flow_count(net) / pairs);
    printf("generate + load: %.2f s wall, %.2f s cpu\n", w1 - w0, c1 - c0);
    printf("fit: %.2f s wall, %.2f s cpu, %g IRLS steps, converged %g\n", w2 - w1, c2 - c1,
           flow_table_scalar(fit, "iterations"), flow_table_scalar(fit, "converged"));
    printf("log_distance %.4f (se %.4f), pseudo_r2 %.4f\n", flow_table_doubles(fit, 1)[0],
           flow_table_doubles(fit, 2)[0], flow_table_scalar(fit, "pseudo_r2"));
    printf("memory: RssAnon %.0f MiB before the fit, %.0f MiB with the fit's table, "
           "peak (VmHWM) %.0f MiB = %.1f bytes per pair\n",
           rss_before, status_mib("RssAnon"), status_mib("VmHWM"),
           status_mib("VmHWM") * 1048576.0 / pairs);
    flow_table_free(fit);
    flow_selection_free(sel);
    flow_network_free(net);
    free(lat), free(lon), free(size);
    return 0;
}

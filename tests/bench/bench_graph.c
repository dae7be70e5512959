/*
 * bench_graph - how long a selection takes to build and a few analyses take
 * to run on it, on a large seeded network.
 *
 *   bench_graph [--flows N] [--nodes M] [--seed S] [--runs R] [--undirected]
 *               [--leiden] [--file PATH]
 *
 * Without --file it generates N flows (default 1000000) among M nodes
 * (default 100000) in memory with a seeded generator: sources skewed
 * towards low node numbers (u^2), targets uniform, the three factors in
 * turn, weights in [0.001, 1000], years 2000..2020. Each of R rounds
 * (default 3) makes a fresh selection of the whole network (directed
 * unless --undirected) and times, in this order: the build, PageRank, a
 * min cut between 5 low and 5 high node numbers, bridges, articulation
 * points and (with --leiden, slow) a one-trial Leiden, then PageRank,
 * bridges and articulation points once more on the same selection (what
 * a selection keeps between analyses shows there). Each step's wall time
 * and the process's CPU time are measured (set OMP_NUM_THREADS=1, or
 * igraph's OpenMP loops count their threads' time too); RssAnon
 * (anonymous resident memory) is read after the build and after the
 * analyses.
 *
 * A program, not a test: timings on a shared machine are noisy, so it
 * reports medians and minima and asserts nothing about them; the CPU time
 * is the steadier figure when other processes compete for the processors.
 * It uses only the public API, so the same source can time another build
 * of libflow.
 */
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

/* A uniform double in [0, 1). */
static double unit(uint64_t *state) { return (double)(splitmix(state) >> 11) / 9007199254740992.0; }

/* The generated flows table, as CSV text (malloc'd). */
static char *generate(size_t nflows, size_t nnodes, uint64_t seed, size_t *size)
{
    static const char *const factors[] = {"talent", "capital", "technology"};
    size_t cap = 64 + nflows * 48;
    char *buf = malloc(cap), *d = buf;
    if (!buf) return NULL;
    uint64_t st = seed;
    d += sprintf(d, "source,target,factor,weight,year\n");
    for (size_t i = 0; i < nflows; i++) {
        double u = unit(&st);
        size_t s = (size_t)((double)nnodes * u * u), t = splitmix(&st) % nnodes;
        unsigned w = 1 + (unsigned)(splitmix(&st) % 1000000); /* thousandths */
        unsigned y = 2000 + (unsigned)(splitmix(&st) % 21);
        d += sprintf(d, "N%06zu,N%06zu,%s,%u.%03u,%u\n", s, t, factors[i % 3], w / 1000, w % 1000,
                     y);
    }
    *size = (size_t)(d - buf);
    return buf;
}

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A "Name: N kB" line of /proc/self/status, in MiB (-1 when unreadable). */
static double status_mib(const char *name)
{
    char line[256];
    long kb = -1;
    size_t n = strlen(name);
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp) return -1;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, name, n) == 0 && line[n] == ':' && sscanf(line + n + 1, "%ld", &kb) == 1)
            break;
    fclose(fp);
    return kb < 0 ? -1 : (double)kb / 1024;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define CHECK(call)                                                                      \
    do {                                                                                 \
        if ((call) != FLOW_OK) {                                                         \
            fprintf(stderr, "bench_graph: %s: %s\n", #call, flow_last_error());          \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

enum { BUILD, PAGERANK, MIN_CUT, BRIDGES, ARTICULATION, LEIDEN, PAGERANK2, BRIDGES2,
       ARTICULATION2, STEPS };
static const char *const step_names[STEPS] = {
    "selection build", "pagerank", "min cut (5 -> 5)", "bridges", "articulation points",
    "leiden (1 trial)", "pagerank, again", "bridges, again", "articulation points, again"};
#define MAX_RUNS 64

int main(int argc, char **argv)
{
    size_t nflows = 1000000, nnodes = 100000;
    uint64_t seed = 42;
    int runs = 3, directed = 1, leiden = 0;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--flows") && v) nflows = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--nodes") && v) nnodes = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--seed") && v) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--runs") && v) runs = atoi(argv[++i]);
        else if (!strcmp(a, "--file") && v) file = argv[++i];
        else if (!strcmp(a, "--undirected")) directed = 0;
        else if (!strcmp(a, "--leiden")) leiden = 1;
        else {
            fprintf(stderr, "usage: bench_graph [--flows N] [--nodes M] [--seed S] [--runs R] "
                            "[--undirected] [--leiden] [--file PATH]\n");
            return 2;
        }
    }
    if (runs < 1 || runs > MAX_RUNS || nnodes < 10 || nnodes > 1000000) {
        fprintf(stderr, "bench_graph: runs in [1, %d], nodes in [10, 1000000]\n", MAX_RUNS);
        return 2;
    }

    flow_network *net = NULL;
    if (file) {
        CHECK(flow_io_load(&net, file));
    } else {
        size_t size = 0;
        char *csv = generate(nflows, nnodes, seed, &size);
        if (!csv) return 1;
        CHECK(flow_io_load_flows_buffer(&net, csv, size, "generated"));
        free(csv);
    }
    /* The node ids of the min cut: the lowest numbers are the busiest
     * sources, the highest mostly receive. */
    size_t n = flow_network_node_count(net);
    const char *src[5], *snk[5];
    for (size_t i = 0; i < 5; i++) {
        src[i] = flow_network_node_id(net, i);
        snk[i] = flow_network_node_id(net, n - 1 - i);
    }
    printf("%zu nodes, %zu flows, %s selection, %d run(s)\n", n, flow_network_flow_count(net),
           directed ? "directed" : "undirected", runs);

    double t[STEPS][MAX_RUNS], cpu[STEPS][MAX_RUNS];
    double rss_built = 0, rss_after = 0, base = status_mib("RssAnon");
    size_t edges = 0;
    double check[STEPS] = {0};
    for (int r = 0; r < runs; r++) {
        flow_selection *sel = NULL;
        flow_table *tab = NULL;
        CHECK(flow_selection_new(&sel, net));
        CHECK(flow_selection_set_directed(sel, directed));
        for (int s = 0; s < STEPS; s++) {
            if (s == LEIDEN && !leiden) continue;
            double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
            switch (s) {
            case BUILD:
                CHECK(flow_selection_build(sel));
                break;
            case PAGERANK:
            case PAGERANK2:
                CHECK(flow_centrality_compute(&tab, sel, FLOW_PAGERANK, NULL));
                break;
            case MIN_CUT:
                CHECK(flow_bottleneck_min_cut(&tab, sel, src, 5, snk, 5, 0));
                break;
            case BRIDGES:
            case BRIDGES2:
                CHECK(flow_bottleneck_bridges(&tab, sel));
                break;
            case ARTICULATION:
            case ARTICULATION2:
                CHECK(flow_bottleneck_articulation_points(&tab, sel));
                break;
            case LEIDEN: {
                flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
                o.trials = 1;
                CHECK(flow_cluster_detect(&tab, sel, FLOW_CLUSTER_LEIDEN, &o));
                break;
            }
            }
            t[s][r] = now(CLOCK_MONOTONIC) - t0;
            cpu[s][r] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
            /* a figure of each result, to see that builds agree */
            if (s == PAGERANK) check[s] = flow_table_doubles(tab, 1)[0];
            if (s == MIN_CUT) check[s] = flow_table_scalar(tab, "value");
            if (s == BRIDGES) check[s] = (double)flow_table_row_count(tab);
            if (s == ARTICULATION) check[s] = flow_table_scalar(tab, "count");
            if (s == LEIDEN) check[s] = flow_table_scalar(tab, "modularity");
            flow_table_free(tab);
            tab = NULL;
            if (s == BUILD) rss_built = status_mib("RssAnon") - base;
        }
        rss_after = status_mib("RssAnon") - base;
        if (r == 0) { /* the edge count, read after the measurements */
            flow_table *graph = NULL;
            CHECK(flow_selection_table(&graph, sel));
            edges = flow_table_row_count(graph);
            flow_table_free(graph);
        }
        flow_selection_free(sel);
    }

    printf("%zu edges; selection memory (RssAnon): %.0f MiB built, %.0f MiB after the analyses\n",
           edges, rss_built, rss_after);
    printf("%-28s %10s %10s %10s   %s\n", "step", "median ms", "min ms", "cpu ms", "check");
    for (int s = 0; s < STEPS; s++) {
        if (s == LEIDEN && !leiden) continue;
        qsort(t[s], (size_t)runs, sizeof(double), cmp_double);
        qsort(cpu[s], (size_t)runs, sizeof(double), cmp_double);
        printf("%-28s %10.0f %10.0f %10.0f   %.12g\n", step_names[s], 1e3 * t[s][runs / 2],
               1e3 * t[s][0], 1e3 * cpu[s][runs / 2], check[s]);
    }
    flow_network_free(net);
    return 0;
}

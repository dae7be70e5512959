/*
 * bench_scale - libflow at scale, side by side with the same igraph C calls
 * made directly on the same graph (the floor), and with networkx and
 * python-igraph (tests/bench/bench_scale.py, run through /usr/bin/python3).
 *
 *   bench_scale [--runs R] [--budget SEC] [--data DIR] [--json FILE]
 *               [--seed N] [--no-python] [--python PATH] [--skip LIST] SIZE...
 *
 * --skip takes stages to leave out, comma-separated: memory, betweenness,
 * leiden, infomap, maxflow, flows (the max flow's per-edge flow variant),
 * bridges, backbone (with critical edges), e2e, python.
 *
 * SIZE is S (1k nodes, 10k flows), M (100k, 1M), L (1M, 10M) or XL (10M,
 * 100M). Each data set is generated on demand, seeded, in the project's
 * CSV format (DIR/<size>/flows.csv and nodes.csv; default: bench-data in
 * the build tree) and kept for the next run; a size is skipped, with a
 * message, when the disk or the memory lacks room for it, and libflow
 * runs alone (load, selection, PageRank, Leiden; one run each) when only
 * the side by side does not fit. The data:
 * nodes in regions of 500 (node attribute "region"), 80% of new pairs
 * inside the source's region (communities); sources skewed towards low
 * node numbers (heavy-tailed degrees); half the flows repeat an earlier
 * pair (another factor or year); Pareto(1.5) weights; three factors; ten
 * years 2011..2020.
 *
 * Every stage is timed separately, R times (default 3; a stage whose
 * first run takes more than a third of the budget, default 60 s of CPU
 * time, runs once; networkx and python-igraph are stopped past the
 * budget), and its
 * median is reported:
 *   load                 flow_io_load of the folder
 *   selection build      flow_selection_build (directed) | igraph_create of
 *                        the same edges
 *   pagerank             libflow's own solver (Gauss-Seidel on the
 *                        selection's arrays) | igraph_pagerank (PRPACK, the
 *                        same weights); how far apart their values are
 *   betweenness          full, at S only | igraph_betweenness (lengths
 *                        1 / weight); from 20 sampled sources (option
 *                        `sources`) | igraph_betweenness_subset from the
 *                        same sources
 *   leiden               one trial on the undirected selection, until stable
 *                        and 2 iterations | igraph_community_leiden, 2
 *                        iterations (python-igraph's default); modularity too
 *   infomap              (S, M) one trial | igraph_community_infomap, 1 trial
 *   max flow             flow_bottleneck_min_cut of 5 sources to 5 sinks,
 *                        cut edges by factor, without and with the per-edge
 *                        flow | igraph_maxflow on the same super-source graph
 *   bridges + art. pts   both, on the undirected view | igraph_bridges +
 *                        igraph_articulation_points on the undirected graph
 *   backbone             flow_structure_backbone (alpha 0.05), libflow only
 *   critical edges       flow_bottleneck_critical_edges (connected flow)
 *   (gravity)            a place for the PPML gravity stage (see below)
 *   python columns       net.flows() and every column (Python bindings)
 *   end to end           `flowctl centrality DIR --measure pagerank` | a
 *                        plain C program: parse + igraph_create + PageRank
 * Memory: in a child process, the peak resident memory (VmHWM) and the
 * anonymous resident memory held after load, selection build and
 * PageRank, per flow.
 *
 * It prints a table per size (CPU times: on a shared machine they vary far
 * less than wall times) with the ratios libflow / raw igraph and
 * networkx / libflow, and appends one JSON object per line and
 * measurement to FILE (default bench_scale.jsonl in the working folder).
 *
 * A program, not a test: timings on a shared machine are noisy; it
 * asserts nothing about them. Linux only (/proc, fork).
 */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <igraph.h>

#include "libflow.h"

#ifndef BENCH_DATA_DIR
#define BENCH_DATA_DIR "bench-data"
#endif
#ifndef BENCH_SOURCE_DIR
#define BENCH_SOURCE_DIR "."
#endif
#ifndef BENCH_LIBFLOW
#define BENCH_LIBFLOW ""
#endif
#ifndef BENCH_FLOWCTL
#define BENCH_FLOWCTL ""
#endif

#define MAX_RUNS 32
#define GEN_VERSION 1

/* ---- options and results ---------------------------------------------- */

static int runs = 3;
static double budget = 60;
static uint64_t seed = 42;
static const char *data_root = BENCH_DATA_DIR;
static const char *json_path = "bench_scale.jsonl";
static const char *python = "/usr/bin/python3";
static int with_python = 1;
static char skip_list[512] = ","; /* ",stage,stage," */
#define SKIP(key) (strstr(skip_list, "," key ",") != NULL)
static FILE *json;

typedef struct {
    char stage[48];
    char tool[24];
    double median, min; /* wall seconds; NAN when not run */
    double cpu;         /* CPU seconds of the median-wall run... see record() */
    int n;
    char status[12]; /* "ok", "skipped", "n/a", "failed" */
    char note[160];
    double value; /* a figure of the result (modularity, flow value...); NAN */
} result;

static result res[256];
static int nres;
static const char *cur_size;
static size_t cur_edges;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU times of the runs just timed (TIMED, child_time), for record(). */
static double cpu_t[MAX_RUNS];

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        if ((unsigned char)*s < 0x20) fprintf(f, "\\u%04x", *s);
        else fputc(*s, f);
    }
    fputc('"', f);
}

static void json_number(FILE *f, double x)
{
    if (isfinite(x)) fprintf(f, "%.6g", x);
    else fputs("null", f);
}

static void emit_json(const result *r);

static result *record(const char *stage, const char *tool, const double *t, int n,
                      const char *status, double value, const char *fmt, ...)
{
    if (nres == (int)(sizeof res / sizeof res[0])) return &res[nres - 1];
    result *r = &res[nres++];
    memset(r, 0, sizeof *r);
    snprintf(r->stage, sizeof r->stage, "%s", stage);
    snprintf(r->tool, sizeof r->tool, "%s", tool);
    snprintf(r->status, sizeof r->status, "%s", status);
    r->median = r->min = r->cpu = NAN;
    r->n = n;
    r->value = value;
    if (n > 0) {
        double s[MAX_RUNS];
        memcpy(s, t, (size_t)n * sizeof *s);
        qsort(s, (size_t)n, sizeof *s, cmp_double);
        r->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        r->min = s[0];
        memcpy(s, cpu_t, (size_t)n * sizeof *s); /* the median CPU time */
        qsort(s, (size_t)n, sizeof *s, cmp_double);
        r->cpu = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->note, sizeof r->note, fmt, ap);
        va_end(ap);
    }
    if (strcmp(tool, "python")) emit_json(r);
    return r;
}

static void emit_json(const result *r)
{
    if (!json) return;
    fprintf(json, "{\"size\":\"%s\",\"stage\":", cur_size);
    json_string(json, r->stage);
    fputs(",\"tool\":", json);
    json_string(json, r->tool);
    fputs(",\"median_s\":", json);
    json_number(json, r->median);
    fputs(",\"min_s\":", json);
    json_number(json, r->min);
    fputs(",\"cpu_s\":", json);
    json_number(json, r->cpu);
    fprintf(json, ",\"runs\":%d,\"status\":", r->n);
    json_string(json, r->status);
    fputs(",\"value\":", json);
    json_number(json, r->value);
    fputs(",\"note\":", json);
    json_string(json, r->note);
    fputs("}\n", json);
    fflush(json);
}

static const result *find(const char *stage, const char *tool)
{
    for (int i = 0; i < nres; i++)
        if (!strcmp(res[i].stage, stage) && !strcmp(res[i].tool, tool)) return &res[i];
    return NULL;
}

#define CHECK(call)                                                                      \
    do {                                                                                 \
        if ((call) != FLOW_OK) {                                                         \
            fprintf(stderr, "bench_scale: %s: %s\n", #call, flow_last_error());          \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)
#define ICHECK(call)                                                                     \
    do {                                                                                 \
        if ((call) != IGRAPH_SUCCESS) {                                                  \
            fprintf(stderr, "bench_scale: %s failed\n", #call);                          \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

/* Times `body` up to `runs` times (once when the first run takes more
 * than a third of the budget in CPU time) into t[] (wall) and cpu_t[], n. */
#define TIMED(t, n, body)                                                                \
    do {                                                                                 \
        n = 0;                                                                           \
        for (int run_ = 0; run_ < runs; run_++) {                                        \
            double t0_ = now(), c0_ = cpu_now();                                         \
            body;                                                                        \
            cpu_t[n] = cpu_now() - c0_;                                                  \
            t[n++] = now() - t0_;                                                        \
            if (cpu_t[0] > budget / 3) break;                                            \
        }                                                                                \
    } while (0)

/* ---- /proc ------------------------------------------------------------- */

/* A "Name: N kB" line of /proc/self/status, in bytes (-1 when unreadable). */
static double status_bytes(const char *name)
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
    return kb < 0 ? -1 : (double)kb * 1024;
}

static double mem_available(void)
{
    char line[256];
    long kb = -1;
    FILE *fp = fopen("/proc/meminfo", "r");
    if (!fp) return -1;
    while (fgets(line, sizeof line, fp))
        if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1) break;
    fclose(fp);
    return kb < 0 ? -1 : (double)kb * 1024;
}

/* ---- the data sets ---------------------------------------------------- */

typedef struct {
    const char *name;
    size_t nodes, flows;
} size_spec;

static const size_spec sizes[] = {
    {"S", 1000, 10000},
    {"M", 100000, 1000000},
    {"L", 1000000, 10000000},
    {"XL", 10000000, 100000000},
};

static uint64_t splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unit(uint64_t *state) { return (double)(splitmix(state) >> 11) / 9007199254740992.0; }

#define REGION 500 /* nodes per region */

/* The pair number k stands for, drawn from its own stream. */
static void pair_of(uint64_t k, size_t n, uint32_t *s, uint32_t *t)
{
    uint64_t st = seed * 0x9E3779B97F4A7C15ull ^ (k + 1) * 0xD1B54A32D192ED03ull;
    double u = unit(&st);
    size_t src = (size_t)((double)n * u * u); /* busy low numbers */
    size_t dst;
    if (unit(&st) < 0.8) { /* within the region */
        size_t r0 = src / REGION * REGION, len = n - r0 < REGION ? n - r0 : REGION;
        dst = r0 + splitmix(&st) % len;
    } else {
        dst = splitmix(&st) % n;
    }
    if (dst == src) dst = (dst + 1) % n;
    *s = (uint32_t)src;
    *t = (uint32_t)dst;
}

/* Writes DIR/flows.csv and DIR/nodes.csv; 0 or -1. */
static int generate(const char *dir, const size_spec *sz)
{
    char path[4200];
    g_mkdir_with_parents(dir, 0755);
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("id,name,kind,parent,region\n", f);
    for (size_t v = 0; v < sz->nodes; v++)
        fprintf(f, "v%zu,,place,,r%zu\n", v, v / REGION);
    if (fclose(f) != 0) return -1;
    snprintf(path, sizeof path, "%s/flows.csv", dir);
    f = fopen(path, "w");
    if (!f) return -1;
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    fputs("source,target,factor,weight,year\n", f);
    static const char *const factors[] = {"talent", "capital", "technology"};
    uint64_t st = seed;
    for (size_t i = 0; i < sz->flows; i++) {
        uint64_t k = i == 0 || unit(&st) < 0.5 ? i : splitmix(&st) % i; /* repeated pairs */
        uint32_t s, t;
        pair_of(k, sz->nodes, &s, &t);
        double w = pow(1 - unit(&st), -1 / 1.5); /* Pareto(1.5) on [1, inf) */
        if (w > 1e9) w = 1e9;
        unsigned fac = (unsigned)(splitmix(&st) % 3), year = 2011 + (unsigned)(splitmix(&st) % 10);
        fprintf(f, "v%u,v%u,%s,%.3f,%u\n", s, t, factors[fac], w, year);
    }
    if (fclose(f) != 0) return -1;
    snprintf(path, sizeof path, "%s/README.md", dir);
    f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, "# Benchmark data set %s\n\nGenerated by tests/bench/bench_scale (seed %llu, "
               "generator %d): %zu nodes, %zu flows. Synthetic flows, not observed data.\n",
            sz->name, (unsigned long long)seed, GEN_VERSION, sz->nodes, sz->flows);
    return fclose(f) == 0 ? 0 : -1;
}

/* The data set's folder, generated when missing or made by another
 * generator; NULL (with a message) when it cannot be. */
static const char *ensure_data(const size_spec *sz, char *dir, size_t cap)
{
    snprintf(dir, cap, "%s/%s", data_root, sz->name);
    char stamp[4200], want[128];
    snprintf(stamp, sizeof stamp, "%s/.stamp", dir);
    snprintf(want, sizeof want, "bench_scale %d seed %llu %zu %zu\n", GEN_VERSION,
             (unsigned long long)seed, sz->nodes, sz->flows);
    gchar *have = NULL;
    if (g_file_get_contents(stamp, &have, NULL, NULL) && !strcmp(have, want)) {
        g_free(have);
        return dir;
    }
    g_free(have);
    /* ~40 bytes a flow line, and room to spare */
    double need = (double)sz->flows * 40 + (double)sz->nodes * 30 + 1e9;
    struct statvfs vfs;
    g_mkdir_with_parents(data_root, 0755);
    if (statvfs(data_root, &vfs) == 0 && (double)vfs.f_bavail * (double)vfs.f_frsize < need) {
        printf("%s: skipped: the data set needs about %.1f GB on disk, %s has %.1f GB free\n",
               sz->name, need / 1e9, data_root, (double)vfs.f_bavail * (double)vfs.f_frsize / 1e9);
        return NULL;
    }
    printf("%s: generating %zu nodes, %zu flows into %s ...\n", sz->name, sz->nodes, sz->flows,
           dir);
    fflush(stdout);
    double t0 = now();
    if (generate(dir, sz) != 0) {
        printf("%s: skipped: writing the data set failed (%s)\n", sz->name, strerror(errno));
        return NULL;
    }
    printf("%s: generated in %.1f s\n", sz->name, now() - t0);
    g_file_set_contents(stamp, want, -1, NULL);
    return dir;
}

/* ---- raw igraph on the selection's edges -------------------------------- */

typedef struct {
    size_t nv, ne;
    igraph_vector_int_t ends; /* 2 ne */
    igraph_vector_t w;        /* ne */
} edge_list;

/* The selection's edges as igraph vectors (vertex numbers as libflow's). */
static void edges_of(edge_list *el, flow_selection *sel)
{
    flow_table *t = NULL;
    CHECK(flow_selection_table(&t, sel));
    size_t ne = flow_table_row_count(t);
    const int64_t *s = flow_table_ints(t, (size_t)flow_table_column_index(t, "source_vertex"));
    const int64_t *d = flow_table_ints(t, (size_t)flow_table_column_index(t, "target_vertex"));
    const double *w = flow_table_doubles(t, (size_t)flow_table_column_index(t, "weight"));
    el->nv = flow_table_row_count(flow_table_part(t, "vertices"));
    el->ne = ne;
    ICHECK(igraph_vector_int_init(&el->ends, (igraph_integer_t)(2 * ne)));
    ICHECK(igraph_vector_init(&el->w, (igraph_integer_t)ne));
    for (size_t e = 0; e < ne; e++) {
        VECTOR(el->ends)[2 * e] = s[e];
        VECTOR(el->ends)[2 * e + 1] = d[e];
        VECTOR(el->w)[e] = w[e];
    }
    flow_table_free(t);
}

static void edges_free(edge_list *el)
{
    igraph_vector_int_destroy(&el->ends);
    igraph_vector_destroy(&el->w);
}

/* The max flow of 5 sources to 5 sinks as libflow poses it: a super-source
 * and a super-sink joined with capacity 2 * total + 1. With `flow`, the
 * per-edge flow is asked for too. Returns the value. */
static double raw_maxflow(const edge_list *el, const igraph_integer_t *S,
                          const igraph_integer_t *T, int flow)
{
    igraph_integer_t nv = (igraph_integer_t)el->nv, ne = (igraph_integer_t)el->ne;
    igraph_vector_int_t ends;
    igraph_vector_t cap, fl;
    igraph_vector_int_t part;
    igraph_t g;
    ICHECK(igraph_vector_int_init(&ends, 2 * (ne + 10)));
    ICHECK(igraph_vector_init(&cap, ne + 10));
    double total = 0;
    for (igraph_integer_t e = 0; e < ne; e++) {
        VECTOR(ends)[2 * e] = VECTOR(el->ends)[2 * e];
        VECTOR(ends)[2 * e + 1] = VECTOR(el->ends)[2 * e + 1];
        VECTOR(cap)[e] = VECTOR(el->w)[e];
        total += VECTOR(el->w)[e];
    }
    for (int i = 0; i < 5; i++) {
        VECTOR(ends)[2 * (ne + i)] = nv;
        VECTOR(ends)[2 * (ne + i) + 1] = S[i];
        VECTOR(ends)[2 * (ne + 5 + i)] = T[i];
        VECTOR(ends)[2 * (ne + 5 + i) + 1] = nv + 1;
        VECTOR(cap)[ne + i] = VECTOR(cap)[ne + 5 + i] = 2 * total + 1;
    }
    ICHECK(igraph_create(&g, &ends, nv + 2, IGRAPH_DIRECTED));
    ICHECK(igraph_vector_init(&fl, 0));
    ICHECK(igraph_vector_int_init(&part, 0));
    igraph_real_t value = 0;
    ICHECK(igraph_maxflow(&g, &value, flow ? &fl : NULL, NULL, &part, NULL, nv, nv + 1, &cap,
                          NULL));
    igraph_vector_int_destroy(&part);
    igraph_vector_destroy(&fl);
    igraph_destroy(&g);
    igraph_vector_destroy(&cap);
    igraph_vector_int_destroy(&ends);
    return value;
}

/* ---- the end-to-end floor: a plain C program ------------------------------ */

/* Parses flows.csv (source,target,factor,weight,year: the generator's
 * column order), numbers the nodes through a hash table, makes the igraph
 * graph of every row (a multigraph: igraph sums parallel edges' weights in
 * PageRank), runs PageRank and writes "id,value" lines to /dev/null. What
 * a plain program would do; it checks nothing. */
static void plain_pagerank(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/flows.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) exit(1);
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *names = g_ptr_array_new();
    igraph_vector_int_t ends;
    igraph_vector_t w;
    igraph_vector_int_init(&ends, 0);
    igraph_vector_init(&w, 0);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len = getline(&line, &cap, f); /* header */
    while ((len = getline(&line, &cap, f)) > 0) {
        char *save = NULL, *src = strtok_r(line, ",\n", &save), *dst = strtok_r(NULL, ",\n", &save);
        strtok_r(NULL, ",\n", &save); /* factor */
        char *wt = strtok_r(NULL, ",\n", &save);
        if (!src || !dst || !wt) continue;
        const char *end[2] = {src, dst};
        for (int k = 0; k < 2; k++) {
            gpointer idx;
            if (!g_hash_table_lookup_extended(ids, end[k], NULL, &idx)) {
                char *copy = g_strdup(end[k]);
                idx = GSIZE_TO_POINTER(names->len);
                g_ptr_array_add(names, copy);
                g_hash_table_insert(ids, copy, idx);
            }
            igraph_vector_int_push_back(&ends, (igraph_integer_t)GPOINTER_TO_SIZE(idx));
        }
        igraph_vector_push_back(&w, strtod(wt, NULL));
    }
    free(line);
    fclose(f);
    igraph_t g;
    igraph_create(&g, &ends, (igraph_integer_t)names->len, IGRAPH_DIRECTED);
    igraph_vector_t pr;
    igraph_vector_init(&pr, 0);
    igraph_real_t ev;
    igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &pr, &ev, igraph_vss_all(), 1, 0.85, &w,
                    NULL);
    FILE *out = fopen("/dev/null", "w");
    for (guint v = 0; v < names->len; v++)
        fprintf(out, "%s,%.17g\n", (const char *)names->pdata[v], VECTOR(pr)[v]);
    fclose(out);
    exit(0);
}

/* Runs argv in a fresh process (fork + exec: igraph's OpenMP threads do
 * not survive a plain fork), output to /dev/null; its wall time, or -1. */
static double child_time(char *const *argv, double *cpu)
{
    double t0 = now();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        FILE *nul = freopen("/dev/null", "w", stdout);
        (void)nul;
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    return now() - t0;
}

static char self_exe[4096];

/* ---- memory: load + selection + PageRank in a child ------------------------ */

typedef struct {
    double anon_load, anon_build, anon_pagerank, anon_trimmed, peak, base_peak;
    double peak_load, peak_build; /* VmHWM after the load, after the build */
} mem_probe;

/* Loads without the loader's size limits (XL's flows.csv is 3.7 GB). */
static const flow_io_options no_limits = {FLOW_IO_OPTIONS_VERSION, 0, FLOW_IO_MAX_FIELD, 0, 0, 0};

/* The --probe-memory mode: load, build, PageRank; prints the figures, then
 * the wall and CPU seconds of each step. With `leiden`, then one Leiden
 * trial of 2 iterations on the undirected selection, with its times and
 * the peak resident memory after it. */
static void probe_memory_child(const char *dir, int leiden)
{
    mem_probe p = {0};
    FILE *cr = fopen("/proc/self/clear_refs", "w"); /* reset VmHWM */
    if (cr) {
        fputs("5", cr);
        fclose(cr);
    }
    p.base_peak = status_bytes("VmHWM");
    double a0 = status_bytes("RssAnon");
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    flow_table *t = NULL;
    double w[4], c[4], w0 = now(), c0 = cpu_now();
#define STEP(i)                                                                          \
    do {                                                                                 \
        w[i] = now() - w0;                                                               \
        c[i] = cpu_now() - c0;                                                           \
        w0 = now();                                                                      \
        c0 = cpu_now();                                                                  \
    } while (0)
    CHECK(flow_io_load_with(&net, dir, &no_limits));
    STEP(0);
    p.anon_load = status_bytes("RssAnon") - a0;
    p.peak_load = status_bytes("VmHWM");
    w0 = now();
    c0 = cpu_now();
    CHECK(flow_selection_new(&sel, net));
    CHECK(flow_selection_build(sel));
    STEP(1);
    p.anon_build = status_bytes("RssAnon") - a0;
    p.peak_build = status_bytes("VmHWM");
    w0 = now();
    c0 = cpu_now();
    CHECK(flow_centrality_compute(&t, sel, FLOW_PAGERANK, NULL));
    STEP(2);
    flow_table_free(t);
    p.anon_pagerank = status_bytes("RssAnon") - a0;
    malloc_trim(0); /* what the data holds, without the allocator's free pages */
    p.anon_trimmed = status_bytes("RssAnon") - a0;
    p.peak = status_bytes("VmHWM");
    printf("PROBE %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\n", p.anon_load, p.anon_build,
           p.anon_pagerank, p.anon_trimmed, p.peak, p.base_peak, p.peak_load, p.peak_build);
    /* the selection's edges: the sum of the out-degrees (a table of the
     * vertices, after the peak was read) */
    flow_table *deg = NULL;
    CHECK(flow_centrality_compute(&deg, sel, FLOW_OUT_DEGREE, NULL));
    const double *od = flow_table_doubles(deg, (size_t)flow_table_column_index(deg, "out_degree"));
    double ne = 0;
    for (size_t v = 0; v < flow_table_row_count(deg); v++) ne += od[v];
    flow_table_free(deg);
    printf("PROBETIME %.6f %.6f %.6f %.6f %.6f %.6f %zu %.0f\n", w[0], c[0], w[1], c[1], w[2],
           c[2], flow_network_flow_count(net), ne);
    fflush(stdout);
    if (leiden) {
        /* the directed selection is not needed any more: an analysis
         * keeps only what it reads */
        flow_selection_free(sel);
        sel = NULL;
        malloc_trim(0);
        flow_selection *und = NULL;
        flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
        co.trials = 1;
        co.iterations = 2;
        w0 = now();
        c0 = cpu_now();
        CHECK(flow_selection_new(&und, net));
        CHECK(flow_selection_set_directed(und, 0));
        CHECK(flow_selection_build(und));
        CHECK(flow_cluster_detect(&t, und, FLOW_CLUSTER_LEIDEN, &co));
        STEP(3);
        printf("PROBELEIDEN %.6f %.6f %.6f %.0f\n", w[3], c[3], flow_table_scalar(t, "modularity"),
               status_bytes("VmHWM"));
        flow_table_free(t);
        flow_selection_free(und);
    }
#undef STEP
    exit(0);
}

/* Runs the --probe-memory mode in a fresh process; with `alone` (the
 * side by side does not fit in memory) it records each step's time (one
 * run) as libflow's figures, and with alone = 2 it runs Leiden too. */
static int probe_memory(const char *dir, mem_probe *m, int alone)
{
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "'%s' --probe-memory '%s'%s", self_exe, dir,
             alone == 2 ? " leiden" : "");
    fflush(NULL);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    char line[512];
    int got = 0;
    double w[3], c[3], q, peak, ne;
    size_t nflows;
    while (fgets(line, sizeof line, p)) {
        if (sscanf(line, "PROBE %lf %lf %lf %lf %lf %lf %lf %lf", &m->anon_load, &m->anon_build,
                   &m->anon_pagerank, &m->anon_trimmed, &m->peak, &m->base_peak, &m->peak_load,
                   &m->peak_build) == 8)
            got = 1;
        if (alone && sscanf(line, "PROBETIME %lf %lf %lf %lf %lf %lf %zu %lf", &w[0], &c[0], &w[1],
                            &c[1], &w[2], &c[2], &nflows, &ne) == 8) {
            cur_edges = (size_t)ne;
            cpu_t[0] = c[0];
            record("load", "libflow", &w[0], 1, "ok", (double)nflows, "%.0f ns CPU per flow",
                   1e9 * c[0] / (double)nflows);
            cpu_t[0] = c[1];
            record("selection build", "libflow", &w[1], 1, "ok", ne, "directed, %zu edges",
                   cur_edges);
            cpu_t[0] = c[2];
            record("pagerank", "libflow", &w[2], 1, "ok", NAN,
                   "own Gauss-Seidel on the selection's arrays, L1 error <= 1e-12");
        }
        if (alone && sscanf(line, "PROBELEIDEN %lf %lf %lf %lf", &w[0], &c[0], &q, &peak) == 4) {
            cpu_t[0] = c[0];
            record("leiden, 2 iterations", "libflow", &w[0], 1, "ok", q,
                   "building the undirected selection included; modularity %.4f; peak resident "
                   "%.0f MiB after it",
                   q, peak / 1048576);
        }
    }
    return pclose(p) == 0 && got ? 0 : -1;
}

/* ---- Python: networkx, python-igraph, the bindings ------------------------- */

static void run_python(const char *dir, const size_spec *sz, const char *src, const char *snk)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "LIBFLOW_LIBRARY='%s' '%s' '%s/tests/bench/bench_scale.py' --data '%s' --size %s "
             "--runs %d --budget %g --sources '%s' --sinks '%s' --skip '%s'%s",
             BENCH_LIBFLOW, python, BENCH_SOURCE_DIR, dir, sz->name, runs, budget, src, snk,
             skip_list, sz->nodes > 100000 ? " --no-networkx" : "");
    fflush(NULL);
    FILE *p = popen(cmd, "r");
    if (!p) {
        record("python", "python", NULL, 0, "failed", NAN, "cannot run %s", python);
        return;
    }
    char line[4096];
    while (fgets(line, sizeof line, p)) {
        /* RESULT \t stage \t tool \t median \t min \t cpu \t n \t status \t value \t
         * note */
        if (strncmp(line, "RESULT\t", 7) != 0) {
            fputs(line, stdout);
            continue;
        }
        line[strcspn(line, "\n")] = '\0';
        char *f[10] = {0}, *save = NULL;
        int k = 0;
        for (char *tok = strtok_r(line + 7, "\t", &save); tok && k < 9;
             tok = strtok_r(NULL, "\t", &save))
            f[k++] = tok;
        if (k < 8) continue;
        double med = strtod(f[2], NULL), mn = strtod(f[3], NULL), cpu = strtod(f[4], NULL);
        int n = atoi(f[5]);
        result *r = record(f[0], "python", NULL, 0, f[6], strtod(f[7], NULL), "%s",
                           k > 8 ? f[8] : "");
        snprintf(r->tool, sizeof r->tool, "%s", f[1]);
        r->median = isfinite(med) && n > 0 ? med : NAN;
        r->min = isfinite(mn) && n > 0 ? mn : NAN;
        r->cpu = isfinite(cpu) && n > 0 ? cpu : NAN;
        r->n = n;
        emit_json(r);
    }
    if (pclose(p) != 0) printf("%s: the Python side failed (see above)\n", sz->name);
}

/* ---- the table ----------------------------------------------------------- */

/* The table shows CPU times (medians): on a shared machine they vary far
 * less than wall times, which the JSON lines have too. */
static void cell(char *buf, size_t cap, const result *r)
{
    if (!r) snprintf(buf, cap, "-");
    else if (!isfinite(r->cpu)) snprintf(buf, cap, "%s", r->status);
    else if (r->cpu < 0.01) snprintf(buf, cap, "%.2f ms", 1e3 * r->cpu);
    else snprintf(buf, cap, "%.3f s", r->cpu);
}

static void ratio(char *buf, size_t cap, const result *a, const result *b)
{
    if (a && b && isfinite(a->cpu) && isfinite(b->cpu) && b->cpu > 0)
        snprintf(buf, cap, "%.2f", a->cpu / b->cpu);
    else
        snprintf(buf, cap, "-");
}

/* Rows: stage, the libflow tool name, the raw igraph stage name. */
static const char *const rows[][3] = {
    {"load", "libflow", NULL},
    {"selection build", "libflow", "selection build"},
    {"pagerank", "libflow", "pagerank"},
    {"betweenness", "libflow", "betweenness"},
    {"betweenness (20 sources)", "libflow", "betweenness (20 sources)"},
    {"leiden, until stable", "libflow", "leiden, 2 iterations"},
    {"leiden, 2 iterations", "libflow", "leiden, 2 iterations"},
    {"infomap", "libflow", "infomap"},
    {"max flow, cut by factor", "libflow", "max flow, cut by factor"},
    {"max flow + per-edge flow", "libflow", "max flow + per-edge flow"},
    {"bridges + articulation", "libflow", "bridges + articulation"},
    {"backbone", "libflow", NULL},
    {"critical edges", "libflow", NULL},
    {"gravity (ppml)", "libflow", NULL},
    {"python columns", "libflow-python", NULL},
    {"end to end pagerank", "flowctl", "end to end pagerank"},
};

/* nedges: the selection's edges, or SIZE_MAX when not known (the memory
 * probe that counts them alone failed). */
static void print_table(const size_spec *sz, size_t nedges)
{
    char edges[48] = "edges not known";
    if (nedges != SIZE_MAX) snprintf(edges, sizeof edges, "%zu edges", nedges);
    printf("\n%s: %zu nodes, %zu flows, %s; CPU time, medians of up to %d runs "
           "(wall times in the JSON lines)\n",
           sz->name, sz->nodes, sz->flows, edges, runs);
    printf("%-27s %10s %10s %7s %10s %10s %7s  %s\n", "stage", "libflow", "igraph C",
           "lf/ig", "py-igraph", "networkx", "nx/lf", "notes");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const result *lf = find(rows[i][0], rows[i][1]);
        const result *ig = rows[i][2] ? find(rows[i][2], "igraph") : NULL;
        if (!strcmp(rows[i][0], "end to end pagerank")) ig = find(rows[i][0], "plain C");
        const result *py = find(rows[i][0], "python-igraph");
        const result *nx = find(rows[i][0], "networkx");
        if (!lf && !ig && !py && !nx) continue;
        char a[32], b[32], c[32], d[32], e[32], f[32];
        cell(a, sizeof a, lf);
        cell(b, sizeof b, ig);
        ratio(c, sizeof c, lf, ig);
        cell(d, sizeof d, py);
        cell(e, sizeof e, nx);
        ratio(f, sizeof f, nx, lf);
        char note[400] = "";
        const result *all[4] = {lf, ig, py, nx};
        for (int k = 0; k < 4; k++)
            if (all[k] && all[k]->note[0])
                snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s: %s",
                         note[0] ? "; " : "", all[k]->tool, all[k]->note);
        printf("%-27s %10s %10s %7s %10s %10s %7s  %s\n", rows[i][0], a, b, c, d, e, f, note);
    }
    for (int i = 0; i < nres; i++)
        if (!strncmp(res[i].stage, "memory", 6))
            printf("%-27s %s\n", res[i].stage, res[i].note);
    fflush(stdout);
}

/* ---- one size ------------------------------------------------------------- */

static void bench_size(const size_spec *sz)
{
    char dir[4096];
    nres = 0;
    cur_size = sz->name;
    /* libflow alone (load + selection + PageRank) peaks at 89 bytes a flow
     * at M and 73 at L (VmHWM, the memory probe; 128-132 when PageRank was
     * igraph's): 150 with room. The side by
     * side also holds igraph's own copies (the edge lists and igraph_create
     * graphs of the directed and the undirected selection, the undirected
     * selection): about 250 bytes a flow. Between the two, libflow runs
     * alone in the memory probe's process: load, selection, PageRank, one
     * run each, and Leiden (2 iterations) when 200 bytes a flow are free
     * (its peak, the undirected selection and Leiden's own arrays beside
     * the network, is 181 at M). */
    double alone_need = (double)sz->flows * 150, need = (double)sz->flows * 250;
    double leiden_need = (double)sz->flows * 200;
    double avail = mem_available();
    if (avail > 0 && avail < alone_need) {
        printf("%s: skipped: libflow alone needs about %.1f GB of memory (150 bytes a flow), "
               "%.1f GB are available\n",
               sz->name, alone_need / 1e9, avail / 1e9);
        return;
    }
    int alone = avail > 0 && avail < need;
    if (!ensure_data(sz, dir, sizeof dir)) return;
    if (alone) {
        int leiden = avail >= leiden_need && !SKIP("leiden");
        printf("%s: libflow alone (load, selection, PageRank%s; one run each): the side by side "
               "needs about %.1f GB of memory, %.1f GB are available%s\n",
               sz->name, leiden ? ", Leiden" : "", need / 1e9, avail / 1e9,
               leiden ? "" : " (Leiden skipped: it needs about 200 bytes a flow)");
        mem_probe m;
        cur_edges = SIZE_MAX; /* the probe counts them */
        if (probe_memory(dir, &m, 1 + leiden) == 0) {
            double fl = (double)sz->flows;
            record("memory peak", "libflow", NULL, 0, "ok", m.peak / fl,
                   "peak resident (VmHWM) %.0f MiB: %.0f bytes per flow (load, selection, "
                   "PageRank); held after malloc_trim %.0f",
                   m.peak / 1048576, m.peak / fl, m.anon_trimmed / fl);
        } else {
            record("memory held", "libflow", NULL, 0, "failed", NAN, "the memory probe failed");
        }
        print_table(sz, cur_edges);
        return;
    }
    double t[MAX_RUNS];
    int n;

    /* memory first, in a child, so that nothing else is resident */
    mem_probe m;
    if (SKIP("memory")) {
    } else if (probe_memory(dir, &m, 0) == 0) {
        double fl = (double)sz->flows;
        record("memory held", "libflow", NULL, 0, "ok", m.anon_trimmed / fl,
               "bytes per flow held (RssAnon): %.0f after load, %.0f after selection build, "
               "%.0f after PageRank, %.0f after malloc_trim",
               m.anon_load / fl, m.anon_build / fl, m.anon_pagerank / fl, m.anon_trimmed / fl);
        record("memory peak", "libflow", NULL, 0, "ok", m.peak / fl,
               "peak resident (VmHWM) %.0f MiB: %.0f bytes per flow (%.0f by the end of the "
               "load, %.0f of the build)", m.peak / 1048576, m.peak / fl, m.peak_load / fl,
               m.peak_build / fl);
    } else {
        record("memory held", "libflow", NULL, 0, "failed", NAN, "the memory probe failed");
    }

    /* load */
    flow_network *net = NULL;
    TIMED(t, n, {
        if (net) flow_network_free(net);
        net = NULL;
        CHECK(flow_io_load_with(&net, dir, &no_limits));
    });
    record("load", "libflow", t, n, "ok", (double)flow_network_flow_count(net),
           "%.0f ns CPU per flow", 1e9 * cpu_t[0] / (double)flow_network_flow_count(net));

    /* selection build vs igraph_create */
    flow_selection *sel = NULL;
    TIMED(t, n, {
        if (sel) flow_selection_free(sel);
        sel = NULL;
        CHECK(flow_selection_new(&sel, net));
        CHECK(flow_selection_build(sel));
    });
    edge_list el;
    edges_of(&el, sel);
    cur_edges = el.ne;
    record("selection build", "libflow", t, n, "ok", (double)el.ne, "%zu edges", el.ne);
    igraph_t g;
    TIMED(t, n, {
        if (run_ > 0) igraph_destroy(&g);
        ICHECK(igraph_create(&g, &el.ends, (igraph_integer_t)el.nv, IGRAPH_DIRECTED));
    });
    record("selection build", "igraph", t, n, "ok", (double)el.ne, "igraph_create, same edges");

    /* PageRank (libflow's own solver on the selection's arrays) */
    flow_table *tab = NULL, *pr = NULL;
    CHECK(flow_centrality_compute(&pr, sel, FLOW_PAGERANK, NULL));
    TIMED(t, n, {
        CHECK(flow_centrality_compute(&tab, sel, FLOW_PAGERANK, NULL));
        flow_table_free(tab);
    });
    record("pagerank", "libflow", t, n, "ok", NAN,
           "own Gauss-Seidel on the selection's arrays, L1 error <= 1e-12");
    igraph_vector_t vec;
    igraph_vector_init(&vec, 0);
    TIMED(t, n, {
        igraph_real_t ev;
        ICHECK(igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &vec, &ev, igraph_vss_all(), 1,
                               0.85, &el.w, NULL));
    });
    /* the same vertices in the same order: how far apart the two are */
    const double *x = flow_table_doubles(pr, 1);
    double l1 = 0, rel = 0;
    for (size_t v = 0; v < el.nv; v++) {
        double diff = fabs(x[v] - VECTOR(vec)[v]);
        l1 += diff;
        if (diff > rel * fabs(VECTOR(vec)[v])) rel = diff / fabs(VECTOR(vec)[v]);
    }
    flow_table_free(pr);
    record("pagerank", "igraph", t, n, "ok", NAN,
           "vs libflow: L1 distance %.1e, largest relative difference %.1e", l1, rel);

    /* betweenness: full at S, a 20-source sample otherwise (raw only) */
    igraph_vector_t len;
    igraph_vector_init(&len, (igraph_integer_t)el.ne);
    for (size_t e = 0; e < el.ne; e++) VECTOR(len)[e] = 1 / VECTOR(el.w)[e];
    if (SKIP("betweenness")) {
    } else if (sz->nodes <= 10000) {
        flow_centrality_options co = FLOW_CENTRALITY_OPTIONS_INIT;
        TIMED(t, n, {
            CHECK(flow_centrality_compute(&tab, sel, FLOW_BETWEENNESS, &co));
            flow_table_free(tab);
        });
        record("betweenness", "libflow", t, n, "ok", NAN, "all sources, lengths 1/w");
        TIMED(t, n, {
            ICHECK(igraph_betweenness(&g, &vec, igraph_vss_all(), 1, &len));
        });
        record("betweenness", "igraph", t, n, "ok", NAN, NULL);
    }
    if (!SKIP("betweenness")) {
        /* 20 sources drawn by libflow (seeded); igraph from the same ones */
        flow_centrality_options co = FLOW_CENTRALITY_OPTIONS_INIT;
        co.sources = 20;
        co.seed = seed;
        igraph_vector_int_t sample;
        igraph_vector_int_init(&sample, 0);
        TIMED(t, n, {
            CHECK(flow_centrality_compute(&tab, sel, FLOW_BETWEENNESS, &co));
            if (run_ == 0) {
                const flow_table *src = flow_table_part(tab, "sources");
                for (size_t i = 0; src && i < flow_table_row_count(src); i++)
                    igraph_vector_int_push_back(&sample, flow_table_ints(src, 0)[i]);
            }
            flow_table_free(tab);
        });
        record("betweenness (20 sources)", "libflow", t, n, "ok", NAN,
               "sources = 20 (an estimate: networkx's estimator)");
        igraph_vs_t vs;
        igraph_vs_vector(&vs, &sample); /* a selection of every node: vertex = node */
        TIMED(t, n, {
            ICHECK(igraph_betweenness_subset(&g, &vec, igraph_vss_all(), 1, vs, igraph_vss_all(),
                                             &len));
        });
        record("betweenness (20 sources)", "igraph", t, n, "ok", NAN,
               "igraph_betweenness_subset, the same sources");
        igraph_vector_int_destroy(&sample);
    }
    igraph_vector_destroy(&len);

    /* Leiden on the undirected selection (the collapse) */
    flow_selection *und = NULL;
    CHECK(flow_selection_new(&und, net));
    CHECK(flow_selection_set_directed(und, 0));
    CHECK(flow_selection_build(und));
    edge_list eu;
    edges_of(&eu, und);
    igraph_t gu;
    ICHECK(igraph_create(&gu, &eu.ends, (igraph_integer_t)eu.nv, IGRAPH_UNDIRECTED));
    if (!SKIP("leiden")) {
        flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
        co.trials = 1;
        double q = NAN;
        TIMED(t, n, {
            CHECK(flow_cluster_detect(&tab, und, FLOW_CLUSTER_LEIDEN, &co));
            q = flow_table_scalar(tab, "modularity");
            flow_table_free(tab);
        });
        record("leiden, until stable", "libflow", t, n, "ok", q, "modularity %.4f", q);
        co.iterations = 2;
        TIMED(t, n, {
            CHECK(flow_cluster_detect(&tab, und, FLOW_CLUSTER_LEIDEN, &co));
            q = flow_table_scalar(tab, "modularity");
            flow_table_free(tab);
        });
        record("leiden, 2 iterations", "libflow", t, n, "ok", q, "modularity %.4f", q);
        igraph_vector_t strength;
        igraph_vector_int_t memb;
        igraph_vector_init(&strength, 0);
        igraph_vector_int_init(&memb, 0);
        q = NAN;
        TIMED(t, n, {
            igraph_rng_seed(igraph_rng_default(), 1);
            ICHECK(igraph_strength(&gu, &strength, igraph_vss_all(), IGRAPH_ALL, 1, &eu.w));
            double res = 1 / igraph_vector_sum(&strength);
            ICHECK(igraph_community_leiden(&gu, &eu.w, &strength, res, 0.01, 0, 2, &memb, NULL,
                                           NULL));
        });
        ICHECK(igraph_modularity(&gu, &memb, &eu.w, 1, 0, &q));
        record("leiden, 2 iterations", "igraph", t, n, "ok", q, "modularity %.4f", q);
        igraph_vector_destroy(&strength);
        igraph_vector_int_destroy(&memb);
    }

    /* Infomap (S, M) */
    if (sz->nodes <= 100000 && !SKIP("infomap")) {
        flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
        co.trials = 1;
        double cl = NAN;
        TIMED(t, n, {
            CHECK(flow_cluster_detect(&tab, sel, FLOW_CLUSTER_INFOMAP, &co));
            cl = flow_table_scalar(tab, "codelength");
            flow_table_free(tab);
        });
        record("infomap", "libflow", t, n, "ok", cl, "1 trial");
        igraph_vector_int_t memb;
        igraph_vector_int_init(&memb, 0);
        TIMED(t, n, {
            igraph_real_t c;
            ICHECK(igraph_community_infomap(&g, &el.w, NULL, 1, &memb, &c));
            cl = c;
        });
        record("infomap", "igraph", t, n, "ok", cl, "1 trial");
        igraph_vector_int_destroy(&memb);
    }

    /* max flow: the 5 busiest-numbered sources to the 5 last nodes */
    const char *S[5], *T[5];
    igraph_integer_t Sv[5], Tv[5];
    char srcs[256] = "", snks[256] = "";
    size_t nn = flow_network_node_count(net);
    for (int i = 0; i < 5; i++) {
        S[i] = flow_network_node_id(net, (size_t)i);
        T[i] = flow_network_node_id(net, nn - 1 - (size_t)i);
        Sv[i] = i; /* a selection of every node: vertex = node */
        Tv[i] = (igraph_integer_t)(nn - 1 - (size_t)i);
        snprintf(srcs + strlen(srcs), sizeof srcs - strlen(srcs), "%s%s", i ? "," : "", S[i]);
        snprintf(snks + strlen(snks), sizeof snks - strlen(snks), "%s%s", i ? "," : "", T[i]);
    }
    for (int with = 0; with < 2 && !SKIP("maxflow"); with++) {
        if (with && SKIP("flows")) break;
        const char *stage = with ? "max flow + per-edge flow" : "max flow, cut by factor";
        double v = NAN;
        size_t ncut = 0;
        TIMED(t, n, {
            CHECK(flow_bottleneck_min_cut(&tab, sel, S, 5, T, 5, with));
            v = flow_table_scalar(tab, "value");
            ncut = flow_table_row_count(tab);
            flow_table_free(tab);
        });
        record(stage, "libflow", t, n, "ok", v, "value %.6g, %zu cut edges", v, ncut);
        TIMED(t, n, { v = raw_maxflow(&el, Sv, Tv, with); });
        record(stage, "igraph", t, n, "ok", v, "value %.6g", v);
    }

    /* bridges and articulation points: libflow on the directed selection
     * (its undirected view); igraph on the undirected graph */
    if (!SKIP("bridges")) {
        size_t nb = 0, na = 0;
        double firstb = cpu_now();
        CHECK(flow_bottleneck_bridges(&tab, sel));
        flow_table_free(tab);
        firstb = cpu_now() - firstb;
        TIMED(t, n, {
            CHECK(flow_bottleneck_bridges(&tab, sel));
            nb = flow_table_row_count(tab);
            flow_table_free(tab);
            CHECK(flow_bottleneck_articulation_points(&tab, sel));
            na = (size_t)flow_table_scalar(tab, "count");
            flow_table_free(tab);
        });
        record("bridges + articulation", "libflow", t, n, "ok", (double)nb,
               "%zu bridges, %zu points; first bridges call %.3f s CPU (makes the view)", nb, na,
               firstb);
        igraph_vector_int_t out;
        igraph_vector_int_init(&out, 0);
        TIMED(t, n, {
            ICHECK(igraph_bridges(&gu, &out));
            nb = (size_t)igraph_vector_int_size(&out);
            ICHECK(igraph_articulation_points(&gu, &out));
            na = (size_t)igraph_vector_int_size(&out);
        });
        record("bridges + articulation", "igraph", t, n, "ok", (double)nb, "%zu bridges, %zu points",
               nb, na);
        igraph_vector_int_destroy(&out);
    }

    /* backbone and critical edges: libflow only (no igraph call does them) */
    if (!SKIP("backbone")) {
        size_t rows_ = 0;
        TIMED(t, n, {
            CHECK(flow_structure_backbone(&tab, sel, 0.05));
            rows_ = flow_table_row_count(tab);
            flow_table_free(tab);
        });
        record("backbone", "libflow", t, n, "ok", (double)rows_, "%zu backbone edges (no igraph equivalent)", rows_);
        double c = NAN;
        TIMED(t, n, {
            CHECK(flow_bottleneck_critical_edges(&tab, sel, NULL, 0, NULL, 0));
            c = flow_table_scalar(tab, "connected_flow");
            flow_table_free(tab);
        });
        record("critical edges", "libflow", t, n, "ok", c, "connected-flow loss of every edge");
    }

    /* PPML gravity: a place for the gravity estimation stage (to come):
     * time it here as above, record("gravity (ppml)", "libflow", ...), and
     * its statsmodels counterpart in bench_scale.py. */

    /* end to end: flowctl vs a plain C program, each a fresh process */
    if (BENCH_FLOWCTL[0] && !SKIP("e2e")) {
        char *argv[] = {(char *)BENCH_FLOWCTL, "centrality", dir, "--measure", "pagerank", NULL};
        n = 0;
        for (int r = 0; r < runs; r++) {
            double x = child_time(argv, &cpu_t[n]);
            if (x < 0) {
                printf("%s: flowctl failed\n", sz->name);
                break;
            }
            t[n++] = x;
            if (cpu_t[0] > budget / 3) break;
        }
        record("end to end pagerank", "flowctl", t, n, n ? "ok" : "failed", NAN,
               "flowctl centrality DIR --measure pagerank, output to /dev/null");
        char *plain[] = {self_exe, "--plain-pagerank", dir, NULL};
        n = 0;
        for (int r = 0; r < runs; r++) {
            double x = child_time(plain, &cpu_t[n]);
            if (x < 0) break;
            t[n++] = x;
            if (cpu_t[0] > budget / 3) break;
        }
        record("end to end pagerank", "plain C", t, n, n ? "ok" : "failed", NAN,
               "getline + GHashTable + igraph_create + igraph_pagerank");
    }

    igraph_vector_destroy(&vec);
    igraph_destroy(&g);
    igraph_destroy(&gu);
    edges_free(&el);
    edges_free(&eu);
    flow_selection_free(und);
    flow_selection_free(sel);
    flow_network_free(net);

    if (with_python && !SKIP("python")) run_python(dir, sz, srcs, snks);
    print_table(sz, cur_edges);
}

int main(int argc, char **argv)
{
    const size_spec *todo[8];
    int ntodo = 0;
    ssize_t len = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
    if (len > 0) self_exe[len] = '\0';
    /* One thread in igraph's OpenMP loops (raw igraph_pagerank's PRPACK):
     * the machine is shared and the figures compare single-threaded work;
     * libgomp reads the variable when it loads, hence the new exec. Set it
     * to compare more. */
    if (!getenv("OMP_NUM_THREADS") && len > 0) {
        setenv("OMP_NUM_THREADS", "1", 1);
        execv(self_exe, argv);
    }
    if ((argc == 3 || argc == 4) && !strcmp(argv[1], "--probe-memory"))
        probe_memory_child(argv[2], argc == 4 && !strcmp(argv[3], "leiden"));
    if (argc == 3 && !strcmp(argv[1], "--plain-pagerank")) plain_pagerank(argv[2]);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--runs") && v) runs = atoi(argv[++i]);
        else if (!strcmp(a, "--budget") && v) budget = atof(argv[++i]);
        else if (!strcmp(a, "--data") && v) data_root = argv[++i];
        else if (!strcmp(a, "--json") && v) json_path = argv[++i];
        else if (!strcmp(a, "--seed") && v) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--python") && v) python = argv[++i];
        else if (!strcmp(a, "--no-python")) with_python = 0;
        else if (!strcmp(a, "--skip") && v)
            snprintf(skip_list, sizeof skip_list, ",%s,", argv[++i]);
        else {
            int found = 0;
            for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
                if (!strcmp(a, sizes[k].name) && ntodo < 8) {
                    todo[ntodo++] = &sizes[k];
                    found = 1;
                }
            if (!found) {
                fprintf(stderr, "usage: bench_scale [--runs R] [--budget SEC] [--data DIR] "
                                "[--json FILE] [--seed N] [--no-python] [--python PATH] [--skip LIST] "
                                "S|M|L|XL...\n");
                return 2;
            }
        }
    }
    if (runs < 1 || runs > MAX_RUNS - 1 || ntodo == 0) {
        fprintf(stderr, "bench_scale: give a size (S, M, L, XL) and runs in [1, %d]\n",
                MAX_RUNS - 1);
        return 2;
    }
    json = fopen(json_path, "a");
    if (!json) fprintf(stderr, "bench_scale: cannot write %s; no JSON\n", json_path);
    char host[256] = "?";
    gethostname(host, sizeof host);
    printf("bench_scale: libflow %s, igraph %s, %ld processors, OMP_NUM_THREADS=%s, runs %d, "
           "budget %g s\n",
           flow_version(), IGRAPH_VERSION, sysconf(_SC_NPROCESSORS_ONLN),
           getenv("OMP_NUM_THREADS"), runs, budget);
    for (int i = 0; i < ntodo; i++) bench_size(todo[i]);
    if (json) fclose(json);
    return 0;
}

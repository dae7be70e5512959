/*
 * bench_load - how fast flow_io_load reads a flows.csv, and in how much
 * memory, next to a plain mmap + GHashTable loader (baseline_loader.c).
 *
 *   bench_load [--flows N] [--nodes M] [--seed S] [--runs R] [--out DIR]
 *              [--file PATH] [--no-baseline] [--threads T] [--one-thread]
 *
 * Without --file it writes a flows.csv of N flows (default 1000000) among
 * M nodes (default 10000) with a seeded generator, into DIR (kept) or a
 * temporary folder (removed at exit). Each loader then reads the file R
 * times (default 3).
 *
 * Every run happens in a fresh child process (fork), so that no run
 * inherits heap pages freed by an earlier one and the peak RSS is that of
 * one load. The page cache is warm (the file was just written or read).
 * Measured per run: wall time (CLOCK_MONOTONIC) and CPU time of the load;
 * RSS before and after from /proc/self/statm (after = the loaded network
 * still alive); the peak RSS (VmHWM, reset through /proc/self/clear_refs
 * just before the load); anonymous RSS before and after (RssAnon: the
 * loaded data without the mapped file's pages); malloc'd bytes before and
 * after (mallinfo2, which does not see blocks a loader maps itself). The
 * peak and the RSS figures include the mapped file's resident pages.
 *
 * This is a program, not a test: timings on a shared machine are noisy,
 * so it reports medians and minima and asserts nothing about them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "libflow.h"
#include "baseline_loader.h"

typedef struct {
    int ok;
    size_t nodes, flows;
    double weight_sum;
    double wall, cpu;             /* seconds */
    int64_t rss0, rss1, hwm;      /* bytes: before, after (network alive), peak */
    int64_t anon0, anon1;         /* anonymous RSS (not file pages), before and after */
    int64_t heap0, heap1;         /* bytes in use by malloc, before and after */
    int hwm_reset;                /* clear_refs worked: hwm is this load's peak */
} run_result;

/* ---- the input ---------------------------------------------------------- */

static uint64_t splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Writes n right-aligned, zero-padded to `width` digits; returns the end. */
static char *put_uint(char *d, uint64_t n, int width)
{
    char tmp[24];
    int k = 0;
    do {
        tmp[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (k < width) tmp[k++] = '0';
    while (k) *d++ = tmp[--k];
    return d;
}

/* Rows like "N00042,N07311,talent,512.125,2013": source and target uniform
 * over the nodes, the three factors in turn, weights in [0.1, 1000] with
 * three decimals, years in 2000..2020 (the rows of the earlier gen.py). */
static int generate(const char *path, size_t nflows, size_t nnodes, uint64_t seed)
{
    static const char *const factors[] = {"talent", "capital", "technology"};
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "bench_load: %s: %s\n", path, strerror(errno));
        return -1;
    }
    int width = 5;
    for (size_t m = nnodes - 1; m >= 100000; m /= 10) width++;
    size_t cap = 1 << 20;
    char *buf = malloc(cap), *d = buf;
    uint64_t st = seed;
    d += sprintf(d, "source,target,factor,weight,year\n");
    for (size_t i = 0; i < nflows; i++) {
        if ((size_t)(d - buf) > cap - 256) {
            fwrite(buf, 1, (size_t)(d - buf), fp);
            d = buf;
        }
        uint64_t s = splitmix(&st) % nnodes, t = splitmix(&st) % nnodes;
        uint64_t w = 100 + splitmix(&st) % 999901; /* thousandths */
        uint64_t y = 2000 + splitmix(&st) % 21;
        *d++ = 'N';
        d = put_uint(d, s, width);
        *d++ = ',';
        *d++ = 'N';
        d = put_uint(d, t, width);
        *d++ = ',';
        size_t fl = strlen(factors[i % 3]);
        memcpy(d, factors[i % 3], fl);
        d += fl;
        *d++ = ',';
        d = put_uint(d, w / 1000, 1);
        *d++ = '.';
        d = put_uint(d, w % 1000, 3);
        *d++ = ',';
        d = put_uint(d, y, 1);
        *d++ = '\n';
    }
    fwrite(buf, 1, (size_t)(d - buf), fp);
    free(buf);
    if (ferror(fp) | fclose(fp)) {
        fprintf(stderr, "bench_load: %s: write failed\n", path);
        return -1;
    }
    return 0;
}

/* ---- measuring ---------------------------------------------------------- */

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t rss_bytes(void)
{
    long pages = 0, resident = 0;
    FILE *fp = fopen("/proc/self/statm", "r");
    if (!fp) return -1;
    if (fscanf(fp, "%ld %ld", &pages, &resident) != 2) resident = -1;
    fclose(fp);
    return resident < 0 ? -1 : (int64_t)resident * sysconf(_SC_PAGESIZE);
}

/* A "Name: N kB" line of /proc/self/status, in bytes (VmHWM, RssAnon). */
static int64_t status_bytes(const char *name)
{
    char line[256];
    int64_t kb = -1;
    size_t n = strlen(name);
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp) return -1;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, name, n) == 0 && line[n] == ':' &&
            sscanf(line + n + 1, "%" SCNd64, &kb) == 1)
            break;
    fclose(fp);
    return kb < 0 ? -1 : kb * 1024;
}

/* Resets VmHWM to the current RSS (Linux 4.0+); 0 when not allowed. */
static int reset_hwm(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY);
    if (fd < 0) return 0;
    int ok = write(fd, "5", 1) == 1;
    close(fd);
    return ok;
}

static int64_t heap_bytes(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return (int64_t)(mi.uordblks + mi.hblkhd);
#else
    return -1;
#endif
}

enum { LIBFLOW, BASELINE, LIBFLOW_1 };
static const char *const loader_names[] = {"flow_io_load", "baseline", "flow_io_load 1t"};
/* flow_io_options.threads of the LIBFLOW runs (0: the library's default). */
static unsigned int load_threads;

/* One load in this process, measured. */
static void measure(int which, const char *path, run_result *r)
{
    flow_network *net = NULL;
    baseline_net *bnet = NULL;
    memset(r, 0, sizeof *r);
    r->heap0 = heap_bytes();
    r->anon0 = status_bytes("RssAnon");
    r->rss0 = rss_bytes();
    r->hwm_reset = reset_hwm();
    double c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
    flow_io_options o = FLOW_IO_OPTIONS_INIT;
    o.threads = which == LIBFLOW_1 ? 1 : load_threads;
    int rc = which != BASELINE ? flow_io_load_with(&net, path, &o) : baseline_load(&bnet, path);
    r->wall = now(CLOCK_MONOTONIC) - w0;
    r->cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    r->rss1 = rss_bytes();
    r->hwm = status_bytes("VmHWM");
    r->anon1 = status_bytes("RssAnon");
    r->heap1 = heap_bytes();
    if (rc != 0) {
        if (which != BASELINE) fprintf(stderr, "flow_io_load: %s\n", flow_last_error());
        return;
    }
    r->ok = 1;
    if (which != BASELINE) {
        r->nodes = flow_network_node_count(net);
        r->flows = flow_network_flow_count(net);
        flow_table *flows = NULL; /* read after the measurement */
        if (flow_network_table(&flows, net, "flows") == FLOW_OK) {
            const double *w = flow_table_doubles(flows, 3);
            for (size_t k = 0; k < r->flows; k++) r->weight_sum += w[k];
        }
        flow_table_free(flows);
        flow_network_free(net);
    } else {
        r->nodes = baseline_node_count(bnet);
        r->flows = baseline_flow_count(bnet);
        r->weight_sum = baseline_weight_sum(bnet);
        baseline_free(bnet);
    }
}

/* One load in a fresh child process. */
static int run_child(int which, const char *path, run_result *r)
{
    int fds[2];
    memset(r, 0, sizeof *r);
    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) < 0) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        run_result mine;
        close(fds[0]);
        measure(which, path, &mine);
        ssize_t n = write(fds[1], &mine, sizeof mine);
        _exit(n == (ssize_t)sizeof mine && mine.ok ? 0 : 1);
    }
    close(fds[1]);
    size_t got = 0;
    while (got < sizeof *r) {
        ssize_t n = read(fds[0], (char *)r + got, sizeof *r - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return got == sizeof *r && r->ok ? 0 : -1;
}

/* ---- reporting ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct {
    double wall_med, wall_min, cpu_med;
    run_result mem; /* memory figures: from the run nearest the median wall time */
    int ok;
} summary;

static summary run_loader(int which, const char *path, int runs)
{
    summary s;
    double *wall = g_new(double, runs), *cpu = g_new(double, runs), *sorted = g_new(double, runs);
    run_result *all = g_new(run_result, runs);
    memset(&s, 0, sizeof s);
    for (int i = 0; i < runs; i++) {
        if (run_child(which, path, &all[i]) < 0) {
            fprintf(stderr, "bench_load: %s failed on %s\n", loader_names[which], path);
            goto done;
        }
        wall[i] = sorted[i] = all[i].wall;
        cpu[i] = all[i].cpu;
        fprintf(stderr, "  %-12s run %d: %.3f s wall, %.3f s cpu\n", loader_names[which], i + 1,
                all[i].wall, all[i].cpu);
    }
    s.wall_med = median(sorted, runs);
    s.wall_min = sorted[0];
    s.cpu_med = median(cpu, runs);
    /* Memory barely varies between runs; report the run nearest the median. */
    int best = 0;
    for (int i = 1; i < runs; i++)
        if (fabs(wall[i] - s.wall_med) < fabs(wall[best] - s.wall_med)) best = i;
    s.mem = all[best];
    s.ok = 1;
done:
    g_free(wall);
    g_free(cpu);
    g_free(sorted);
    g_free(all);
    return s;
}

static void print_row(const char *name, const summary *s, double mb)
{
    const run_result *r = &s->mem;
    double n = r->flows ? (double)r->flows : 1;
    int64_t peak = r->hwm - r->rss0, kept = r->rss1 - r->rss0, anon = r->anon1 - r->anon0;
    int64_t heap = r->heap1 - r->heap0;
    printf("%-13s %9zu %8zu %7.3f %7.3f %7.3f %7.1f %8.1f %8.1f %8.1f %8.1f %6.1f %6.1f %6.1f\n",
           name, r->flows, r->nodes, s->wall_med, s->wall_min, s->cpu_med, mb / s->wall_med,
           (double)peak / 1e6, (double)kept / 1e6, (double)anon / 1e6, (double)heap / 1e6,
           (double)peak / n, (double)kept / n, (double)anon / n);
}

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: bench_load [--flows N] [--nodes M] [--seed S] [--runs R] [--out DIR]\n"
            "                  [--file PATH] [--no-baseline] [--threads T] [--one-thread]\n"
            "  --flows N      rows to generate (default 1000000)\n"
            "  --nodes M      node ids to draw from (default 10000)\n"
            "  --seed S       generator seed (default 7)\n"
            "  --runs R       loads per loader, each in a fresh process (default 3)\n"
            "  --out DIR      write DIR/flows.csv and keep it (default: a temporary folder)\n"
            "  --file PATH    load an existing flows.csv instead of generating one\n"
            "  --no-baseline  time flow_io_load only\n"
            "  --threads T    flow_io_options.threads of flow_io_load (default 0: one per\n"
            "                 processor, at most 8)\n"
            "  --one-thread   also time flow_io_load with threads = 1\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"flows", required_argument, NULL, 'n'}, {"nodes", required_argument, NULL, 'm'},
        {"seed", required_argument, NULL, 's'},  {"runs", required_argument, NULL, 'r'},
        {"out", required_argument, NULL, 'o'},   {"file", required_argument, NULL, 'f'},
        {"no-baseline", no_argument, NULL, 'B'}, {"help", no_argument, NULL, 'h'},
        {"threads", required_argument, NULL, 't'}, {"one-thread", no_argument, NULL, '1'},
        {NULL, 0, NULL, 0}};
    size_t nflows = 1000000, nnodes = 10000;
    uint64_t seed = 7;
    int runs = 3, baseline = 1, one_thread = 0, c, status = 1;
    const char *outdir = NULL, *file = NULL;
    char *tmpdir = NULL, *path = NULL;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n': nflows = strtoull(optarg, NULL, 10); break;
        case 'm': nnodes = strtoull(optarg, NULL, 10); break;
        case 's': seed = strtoull(optarg, NULL, 10); break;
        case 'r': runs = atoi(optarg); break;
        case 'o': outdir = optarg; break;
        case 'f': file = optarg; break;
        case 'B': baseline = 0; break;
        case 't': load_threads = (unsigned)strtoul(optarg, NULL, 10); break;
        case '1': one_thread = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc || runs < 1 || nnodes < 1 || nnodes > UINT32_MAX - 2) {
        usage(stderr);
        return 2;
    }

    if (file) {
        path = g_strdup(file);
    } else {
        if (outdir) {
            if (g_mkdir_with_parents(outdir, 0755) < 0) {
                fprintf(stderr, "bench_load: %s: %s\n", outdir, strerror(errno));
                return 1;
            }
        } else if (!(tmpdir = g_dir_make_tmp("libflow-bench-XXXXXX", NULL))) {
            fprintf(stderr, "bench_load: cannot make a temporary folder\n");
            return 1;
        }
        path = g_build_filename(outdir ? outdir : tmpdir, "flows.csv", NULL);
        double t0 = now(CLOCK_MONOTONIC);
        if (generate(path, nflows, nnodes, seed) < 0) goto done;
        fprintf(stderr, "generated %zu rows in %.1f s\n", nflows, now(CLOCK_MONOTONIC) - t0);
    }
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "bench_load: %s: %s\n", path, strerror(errno));
        goto done;
    }
    double mb = (double)st.st_size / 1e6;
    char loadavg[128] = "?\n";
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (!fgets(loadavg, sizeof loadavg, la)) strcpy(loadavg, "?\n");
        fclose(la);
    }

    summary lib = run_loader(LIBFLOW, path, runs), base = {0}, lib1 = {0};
    if (!lib.ok) goto done;
    if (one_thread && !(lib1 = run_loader(LIBFLOW_1, path, runs)).ok) goto done;
    if (baseline && !(base = run_loader(BASELINE, path, runs)).ok) goto done;

    printf("libflow %s (bench_load)\n", flow_version());
    printf("file: %s, %.1f MB (%jd bytes)", path, mb, (intmax_t)st.st_size);
    if (!file) printf(", generated: %zu rows, %zu node ids, seed %" PRIu64, nflows, nnodes, seed);
    printf("\nruns: %d per loader, each in a fresh process; page cache warm; peak RSS %s\n", runs,
           lib.mem.hwm_reset ? "per load (clear_refs)" : "since process start (no clear_refs)");
    printf("%-13s %9s %8s %7s %7s %7s %7s %8s %8s %8s %8s %6s %6s %6s\n", "loader", "flows",
           "nodes", "med s", "min s", "cpu s", "MB/s", "peak MB", "kept MB", "anon MB",
           "mall MB", "B/f pk", "B/f kp", "B/f an");
    printf("load average before the runs: %s", loadavg);
    print_row(loader_names[LIBFLOW], &lib, mb);
    if (one_thread) {
        print_row(loader_names[LIBFLOW_1], &lib1, mb);
        printf("flow_io_load one thread / default threads: %.2fx median wall, %.2fx median cpu\n",
               lib1.wall_med / lib.wall_med, lib1.cpu_med / lib.cpu_med);
        if (lib1.mem.flows != lib.mem.flows || lib1.mem.nodes != lib.mem.nodes ||
            lib1.mem.weight_sum != lib.mem.weight_sum) {
            printf("MISMATCH between one thread and the default\n");
            goto done;
        }
    }
    if (baseline) {
        print_row(loader_names[BASELINE], &base, mb);
        printf("speed ratio baseline/libflow: %.2fx median wall, %.2fx min wall, %.2fx median cpu\n",
               base.wall_med / lib.wall_med, base.wall_min / lib.wall_min,
               base.cpu_med / lib.cpu_med);
        const run_result *a = &lib.mem, *b = &base.mem;
        double rel = fabs(a->weight_sum - b->weight_sum) / (fabs(b->weight_sum) + 1e-300);
        if (a->flows != b->flows || a->nodes != b->nodes || rel > 1e-9) {
            printf("MISMATCH: libflow %zu flows %zu nodes sum %.17g; baseline %zu flows %zu nodes "
                   "sum %.17g\n", a->flows, a->nodes, a->weight_sum, b->flows, b->nodes,
                   b->weight_sum);
            goto done;
        }
    }
    printf("columns: med/min s = wall time of one load; cpu s = its median CPU time; MB/s = file "
           "size / median wall;\n"
           "  peak = peak RSS - RSS before (mapped file pages included); kept = RSS after, network "
           "alive, - before;\n"
           "  anon = the same for anonymous memory only (the loaded data, no file pages);\n"
           "  mall = mallinfo2 in use after - before (misses blocks a loader maps itself, as "
           "libflow does for large arrays);\n"
           "  B/f = bytes per loaded flow (pk peak, kp kept, an anon); memory figures are from "
           "the run nearest the median\n");
    status = 0;
done:
    if (tmpdir) {
        if (path) unlink(path);
        rmdir(tmpdir);
    }
    g_free(path);
    g_free(tmpdir);
    return status;
}

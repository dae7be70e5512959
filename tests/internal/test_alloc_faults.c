/*
 * Allocation failure, injected at each allocation in turn (libgit2's
 * cl_alloc_limit, SQLite's fault injection): for the loader (a data set
 * folder, a flows.csv buffer, every import format) and for every analysis
 * (tests/analyses.h), the operation is run with its 1st allocation failing,
 * then its 2nd, ..., until it runs without reaching the failing one. Each
 * failed run must return FLOW_ENOMEM with a message, leave nothing behind
 * (the loader's *out is NULL; the selection, analysed again, gives the
 * result of a clean run) and leak nothing (the asan preset runs this suite
 * with leak detection).
 *
 * How allocations are made to fail: this executable links the static
 * library and defines GLib's failing-soft allocators (g_try_malloc,
 * g_try_malloc0, g_try_realloc and their _n forms) itself, so that every
 * g_try_* call of libflow comes here; and it defines malloc, calloc and
 * realloc, failing those called from igraph's own code (igraph returns
 * IGRAPH_ENOMEM, which the igraph gate turns into FLOW_ENOMEM). No change
 * to the library is needed and nothing is compiled differently for tests.
 *
 * GLib's aborting allocators (g_malloc, g_new, GArray, GHashTable,
 * GString, g_strdup, ...) end the process when malloc fails, so the
 * countdown above does not fail them. A plain mode (test_alloc_faults__
 * no_abort) does: it fails every malloc, calloc and realloc made inside
 * the operation, GLib's and libc's included, for the paths that claim to
 * be free of aborting allocations (a data set folder, a flows.csv buffer,
 * edge lists, Pajek, the builder); an abort there ends the run with the
 * operation, the injection index and a backtrace. The other paths keep
 * some aborting allocations, named at the top of their source files and
 * in README.md ("Memory"): GraphML and GEXF (GMarkup's own buffers),
 * export (its model of GraphML, GEXF and DOT, its fixed buffer), the
 * result tables' scalars and metadata, and
 * part of the analyses' working memory. Allocations by C++ code inside
 * igraph (operator new) are not failed.
 *
 * Besides the countdown: the public builder (each failed call leaves every
 * part of the network as it was), and a real limit (a load of many node
 * ids under RLIMIT_AS, as `ulimit -v`, must fail with FLOW_ENOMEM, never
 * abort).
 */
#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "testutil.h"
#include "analyses.h"

/* ---- the injector -------------------------------------------------------- */

static long fail_at;       /* the allocation to fail (1-based); 0: none */
static long seen;          /* allocations counted since arm() */
static int armed, injected;
static int igraph_too; /* fail igraph's allocations as well as libflow's */
static int plain; /* fail every malloc, calloc and realloc (test_alloc_faults__no_abort) */
static const char *current; /* the operation under test, for the abort report */
static uintptr_t igraph_lo, igraph_hi; /* igraph's code */

/* Called at each injected failure: a place for a debugger's breakpoint
 * (gdb -ex 'break injection_point'). */
__attribute__((noinline)) void injection_point(long at);
__attribute__((noinline)) void injection_point(long at)
{
    __asm__ volatile("" ::"r"(at) : "memory");
}

/* Counts one allocation; 1 when it is the one to fail. */
static int should_fail(void)
{
    if (!__atomic_load_n(&armed, __ATOMIC_RELAXED)) return 0;
    long n = __atomic_add_fetch(&seen, 1, __ATOMIC_RELAXED);
    if (n != fail_at) return 0;
    __atomic_store_n(&injected, 1, __ATOMIC_RELAXED);
    injection_point(n);
    return 1;
}

static void arm(long at)
{
    fail_at = at;
    seen = 0;
    injected = 0;
    __atomic_store_n(&armed, 1, __ATOMIC_SEQ_CST);
}

static void disarm(void) { __atomic_store_n(&armed, 0, __ATOMIC_SEQ_CST); }

/* The real allocator, found on first use. dlsym() may itself allocate
 * before the lookup ends: those early blocks come from a static buffer
 * and are never freed. */
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static _Alignas(16) char boot[4096];
static size_t boot_used;
static int resolving;

static void *boot_alloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (boot_used + n > sizeof boot) return NULL;
    void *p = boot + boot_used;
    boot_used += n;
    return p;
}

static int is_boot(const void *p)
{
    return (const char *)p >= boot && (const char *)p < boot + sizeof boot;
}

static void resolve(void)
{
    if (real_free || resolving) return;
    resolving = 1;
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    resolving = 0;
}

static int from_igraph(const void *ret)
{
    return (uintptr_t)ret >= igraph_lo && (uintptr_t)ret < igraph_hi;
}

/* Whether a plain allocation from `caller` may be failed: igraph's when
 * igraph's are failed; in the plain mode every caller's (igraph's only
 * when igraph's are failed). */
static int failable(const void *caller)
{
    if (from_igraph(caller)) return igraph_too;
    return plain;
}

void *malloc(size_t n)
{
    resolve();
    if (!real_malloc) return boot_alloc(n);
    if (failable(__builtin_return_address(0)) && should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return real_malloc(n);
}

void *calloc(size_t k, size_t n)
{
    resolve();
    if (!real_calloc) return n && k > SIZE_MAX / n ? NULL : boot_alloc(k * n); /* zeroed */
    if (failable(__builtin_return_address(0)) && should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return real_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
    resolve();
    if (is_boot(p)) { /* never grown in practice; copy out */
        void *q = malloc(n);
        if (q) memcpy(q, p, n < sizeof boot ? n : sizeof boot);
        return q;
    }
    if (n && failable(__builtin_return_address(0)) && should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return real_realloc(p, n);
}

void free(void *p)
{
    if (!p || is_boot(p)) return;
    resolve();
    real_free(p);
}

/* GLib's failing-soft allocators, as GLib defines them (g_free() is free()),
 * with the injection point in front. */
gpointer g_try_malloc(gsize n)
{
    if (!n) return NULL;
    resolve();
    return should_fail() ? NULL : real_malloc(n);
}

gpointer g_try_malloc0(gsize n)
{
    if (!n) return NULL;
    resolve();
    return should_fail() ? NULL : real_calloc(1, n);
}

gpointer g_try_realloc(gpointer p, gsize n)
{
    if (!n) {
        free(p);
        return NULL;
    }
    resolve();
    return should_fail() ? NULL : real_realloc(p, n);
}

gpointer g_try_malloc_n(gsize k, gsize n)
{
    return n && k > G_MAXSIZE / n ? NULL : g_try_malloc(k * n);
}

gpointer g_try_malloc0_n(gsize k, gsize n)
{
    return n && k > G_MAXSIZE / n ? NULL : g_try_malloc0(k * n);
}

gpointer g_try_realloc_n(gpointer p, gsize k, gsize n)
{
    return n && k > G_MAXSIZE / n ? NULL : g_try_realloc(p, k * n);
}

/* Finds the executable segment of libigraph. */
static int find_igraph(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size, (void)data;
    if (!info->dlpi_name || !strstr(info->dlpi_name, "libigraph")) return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
            if (!igraph_lo || lo < igraph_lo) igraph_lo = lo;
            if (lo + ph->p_memsz > igraph_hi) igraph_hi = lo + ph->p_memsz;
        }
    }
    return 1;
}

/* ---- the countdown ------------------------------------------------------- */

/* One operation under test. run() returns its status and its result;
 * undo() frees a result. A run whose failed allocation was recovered from
 * (a shrinking realloc that may fail, say) succeeds: same() must then find
 * its result equal to the clean run's. After a failed run, check_intact()
 * (may be NULL) checks that the state is as before. */
typedef struct {
    const char *name;
    int (*run)(void *ctx, void **result);
    void (*undo)(void *result);
    void (*same)(const char *what, const void *result, const void *reference);
    void (*check_intact)(void *ctx, const void *reference);
    void *ctx;
} operation;

/* Runs op with allocation 1, 2, ... failing until a run passes through
 * no failing allocation; returns the number of injection points. */
static long countdown(const operation *op, const void *reference)
{
    long at = 1, recovered = 0;
    current = op->name;
    printf("  %-40s ", op->name);
    fflush(stdout);
    for (;; at++) {
        void *result = NULL;
        flow_error_clear();
        arm(at);
        int rc = op->run(op->ctx, &result);
        disarm();
        if (!injected) {
            if (rc != FLOW_OK)
                fail_msg("%s: fails with %d (%s) without an injected failure", op->name, rc,
                         flow_last_error());
            op->undo(result);
            break;
        }
        if (rc == FLOW_OK) {
            char what[256];
            snprintf(what, sizeof what, "%s, allocation %ld failing (recovered)", op->name, at);
            op->same(what, result, reference);
            op->undo(result);
            recovered++;
            continue;
        }
        if (rc != FLOW_ENOMEM)
            fail_msg("%s: allocation %ld failing gives %d (%s), not FLOW_ENOMEM", op->name, at,
                     rc, flow_last_error());
        if (!*flow_last_error()) fail_msg("%s: allocation %ld: no message", op->name, at);
        if (result) fail_msg("%s: allocation %ld: a result came back with an error", op->name, at);
        if (op->check_intact) op->check_intact(op->ctx, reference);
    }
    printf("%5ld injection points (%ld recovered)%s\n", at - 1, recovered,
           plain ? ", every malloc" : igraph_too ? "" : ", igraph's not failed");
    return at - 1;
}

/* ---- the loader ---------------------------------------------------------- */

typedef struct {
    const char *path; /* a folder or file */
    int format;       /* FLOW_INPUT_*, or -2 for flow_io_load, -3 for a buffer */
    const char *options;
    const char *buffer;
} load_ctx;

static int run_load(void *ctx, void **result)
{
    load_ctx *c = ctx;
    flow_network *net = (flow_network *)c; /* must be overwritten */
    int rc;
    if (c->format == -2)
        rc = flow_io_load(&net, c->path);
    else if (c->format == -3)
        rc = flow_io_load_flows_buffer(&net, c->buffer, strlen(c->buffer), "flows.csv");
    else
        rc = flow_io_import(&net, c->path, c->format, c->options);
    if (rc != FLOW_OK && net) fail_msg("%s: *out is not NULL after a failure", c->path);
    *result = net;
    return rc;
}

static void free_network(void *net) { flow_network_free(net); }

static void same_network(const char *what, const void *result, const void *reference)
{
    const flow_network *a = result, *b = reference;
    if (flow_network_node_count(a) != flow_network_node_count(b) ||
        flow_network_flow_count(a) != flow_network_flow_count(b) ||
        flow_network_factor_count(a) != flow_network_factor_count(b) ||
        flow_network_group_count(a) != flow_network_group_count(b))
        fail_msg("%s: the network differs from a clean load", what);
}

static const char *tmp(const char *file)
{
    static char path[8][1024]; /* the last eight stay valid */
    static int k;
    k = (k + 1) % 8;
    char dir[900];
    snprintf(dir, sizeof dir, "%s/alloc_faults", FLOW_TEST_TMPDIR);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) fail_msg("mkdir %s", dir);
    snprintf(path[k], sizeof path[k], "%s/%s", dir, file);
    return path[k];
}

static long total_points, operations;

static void count(long points)
{
    total_points += points;
    operations++;
}

static void test_alloc_faults__loader(void **state)
{
    (void)state;
    igraph_too = 1;
    static const char edges[] = "source,target,weight,factor,year\n"
                                "a,b,2,talent,2020\nb,c,1.5,capital,2021\nc,a,4,talent,2020\n"
                                "a,b,1,talent,2020\n";
    static const char graphml[] =
        "<?xml version=\"1.0\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        " <key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
        " <key id=\"k\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
        " <key id=\"g\" for=\"node\" attr.name=\"gdp\" attr.type=\"double\"/>\n"
        " <key id=\"p\" for=\"node\" attr.name=\"parent\" attr.type=\"string\"/>\n"
        " <key id=\"s\" for=\"node\" attr.name=\"groups\" attr.type=\"string\">"
        "<default>all</default></key>\n"
        " <key id=\"n\" for=\"node\" attr.name=\"note\" attr.type=\"string\"/>\n"
        " <graph edgedefault=\"directed\">\n"
        "  <node id=\"a\"><data key=\"k\">city</data><data key=\"g\">1.5</data>"
        "<data key=\"s\">coast; north</data><data key=\"n\">port</data></node>\n"
        "  <node id=\"b\"><data key=\"k\">city</data><data key=\"p\">a</data></node>\n"
        "  <node id=\"c\"/>\n"
        "  <edge source=\"a\" target=\"b\"><data key=\"w\">2</data></edge>\n"
        "  <edge source=\"b\" target=\"c\"><data key=\"w\">3</data></edge>\n"
        " </graph>\n</graphml>\n";
    static const char gexf[] =
        "<?xml version=\"1.0\"?>\n"
        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
        " <graph defaultedgetype=\"directed\">\n"
        "  <attributes class=\"node\"><attribute id=\"0\" title=\"gdp\" type=\"double\"/>"
        "</attributes>\n"
        "  <nodes><node id=\"a\" label=\"A\"><attvalues><attvalue for=\"0\" value=\"2\"/>"
        "</attvalues></node><node id=\"b\" label=\"B\"/><node id=\"c\" pid=\"a\"/></nodes>\n"
        "  <edges><edge source=\"a\" target=\"b\" weight=\"2\"/>"
        "<edge source=\"b\" target=\"c\" weight=\"1\" kind=\"talent\"/></edges>\n"
        " </graph>\n</gexf>\n";
    static const char mapped[] = "# flows\nfrom;to;amount;layer\nx;y;2.5;talent\n\"y\";z;1;\n";
    static const char pajek[] = "*Vertices 3\n1 \"a\"\n2 \"b\"\n3 \"c\"\n*Arcs\n1 2 2\n2 3 1.5\n"
                                "*Edges\n3 1 1\n";
    write_file(tmp("edges.csv"), edges);
    write_file(tmp("g.graphml"), graphml);
    write_file(tmp("g.gexf"), gexf);
    write_file(tmp("g.net"), pajek);
    write_file(tmp("mapped.csv"), mapped);

    load_ctx cases[] = {
        {FIXTURE("io/basic"), -2, NULL, NULL},
        {FIXTURE("io/bom_crlf"), -2, NULL, NULL},
        {"flows.csv (buffer)", -3, NULL, edges},
        {tmp("edges.csv"), FLOW_INPUT_EDGELIST, NULL, NULL},
        {tmp("mapped.csv"), FLOW_INPUT_EDGELIST, "weight=amount, factor=layer, delimiter=;", NULL},
        {tmp("g.graphml"), FLOW_INPUT_GRAPHML, NULL, NULL},
        {tmp("g.gexf"), FLOW_INPUT_GEXF, NULL, NULL},
        {tmp("g.net"), FLOW_INPUT_PAJEK, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        /* each case must load cleanly first */
        void *ref = NULL;
        assert_flow_ok(run_load(&cases[i], &ref));
        const char *slash = strrchr(cases[i].path, '/');
        operation op = {slash ? slash + 1 : cases[i].path, run_load, free_network, same_network,
                        NULL, &cases[i]};
        count(countdown(&op, ref));
        flow_network_free(ref);
    }
}

/* ---- no aborting allocator on the covered paths ----------------------- */

/* GLib's aborting allocators end the process when malloc fails (a
 * GLib-ERROR, then SIGTRAP or SIGABRT). In the plain mode every malloc,
 * calloc and realloc inside the operation is failed in turn, GLib's and
 * libc's too: an aborting allocation left on the path ends the run here,
 * named by operation and injection index (to be found again with
 * gdb -ex 'break injection_point' and ALLOC_FAULTS_ONLY). */
static int run_builder(void *ctx, void **result);

static void aborted(int sig)
{
    char line[512];
    int n = snprintf(line, sizeof line,
                     "\nalloc_faults: %s: allocation %ld failing ends the process (signal %d): an "
                     "aborting allocator is left on this path\n",
                     current ? current : "?", fail_at, sig);
    if (n > 0) (void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    void *frames[48]; /* the caller, for addr2line -f -e test_alloc_faults */
    backtrace_symbols_fd(frames, backtrace(frames, 48), 2);
    _exit(3);
}

static void test_alloc_faults__no_abort(void **state)
{
    (void)state;
    struct sigaction sa, old_trap, old_abrt;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = aborted;
    sigaction(SIGTRAP, &sa, &old_trap);
    sigaction(SIGABRT, &sa, &old_abrt);
    igraph_too = 1;
    plain = 1;
    load_ctx cases[] = {
        {FIXTURE("io/basic"), -2, NULL, NULL},
        {"flows.csv (buffer)", -3, NULL, "source,target,weight,factor,year\na,b,2,talent,2020\n"},
        {tmp("edges.csv"), FLOW_INPUT_EDGELIST, NULL, NULL},
        {tmp("mapped.csv"), FLOW_INPUT_EDGELIST, "weight=amount, factor=layer, delimiter=;", NULL},
        {tmp("g.net"), FLOW_INPUT_PAJEK, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *only = getenv("ALLOC_FAULTS_ONLY");
        void *ref = NULL;
        assert_flow_ok(run_load(&cases[i], &ref));
        const char *slash = strrchr(cases[i].path, '/');
        char name[128];
        snprintf(name, sizeof name, "%s, every malloc", slash ? slash + 1 : cases[i].path);
        operation op = {name, run_load, free_network, same_network, NULL, &cases[i]};
        if (!only || strncmp(name, only, strlen(only)) == 0) count(countdown(&op, ref));
        flow_network_free(ref);
    }
    if (!getenv("ALLOC_FAULTS_ONLY")) {
        void *ref = NULL;
        assert_flow_ok(run_builder(NULL, &ref));
        operation op = {"network builder, every malloc", run_builder, free_network, same_network,
                        NULL, NULL};
        count(countdown(&op, ref));
        flow_network_free(ref);
    }
    plain = 0;
    sigaction(SIGTRAP, &old_trap, NULL);
    sigaction(SIGABRT, &old_abrt, NULL);
}

/* ---- the analyses -------------------------------------------------------- */

/* The network of the analyses: two provinces, six regions with
 * coordinates, two factors, three years, one group. */
static flow_network *analysis_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons"));
    assert_flow_ok(flow_network_add_factor(net, "capital", "yuan"));
    assert_flow_ok(flow_network_add_node(net, "P0", NULL, "province", NULL));
    assert_flow_ok(flow_network_add_node(net, "P1", NULL, "province", NULL));
    char id[16], id2[16], parent[16];
    for (int r = 0; r < 6; r++) {
        snprintf(id, sizeof id, "R%d", r);
        snprintf(parent, sizeof parent, "P%d", r % 2);
        assert_flow_ok(flow_network_add_node(net, id, NULL, "region", parent));
        static const double lat[] = {20, 25, 21, 30, 22, 28}, lon[] = {100, 110, 104, 102, 115, 108};
        assert_flow_ok(flow_network_set_number(net, id, "lat", lat[r]));
        assert_flow_ok(flow_network_set_number(net, id, "lon", lon[r]));
        if (r % 3 != 2) assert_flow_ok(flow_network_add_member(net, "g", id, NULL));
    }
    static const int rows[][4] = {{0, 1, 0, 2019}, {1, 2, 1, 2020}, {2, 0, 0, 2021},
                                  {2, 3, 0, 2020}, {3, 4, 1, 2019}, {4, 5, 0, 2021},
                                  {5, 3, 1, 2020}, {1, 0, 0, 2020}, {0, 4, 1, 2021},
                                  {3, 2, 0, 2019}, {0, 2, 0, 2019}, {0, 3, 0, 2020},
                                  {1, 4, 0, 2021}, {1, 5, 0, 2019}, {4, 0, 0, 2020},
                                  {5, 1, 0, 2021}, {2, 5, 0, 2019}, {4, 2, 0, 2020}};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        snprintf(id, sizeof id, "R%d", rows[i][0]);
        snprintf(id2, sizeof id2, "R%d", rows[i][1]);
        assert_flow_ok(flow_network_add_flow(net, id, id2, rows[i][2] ? "capital" : "talent",
                                             1.0 + (double)(i * 7 % 11), rows[i][3]));
    }
    return net;
}

/* One analysis: a registry entry (family, value) or an entry of
 * analyses[] (index), or reciprocity. */
typedef struct {
    flow_network *net;
    const char *family; /* NULL: analyses[index]; "reciprocity" */
    int value;
    size_t index;
    flow_selection *sel; /* made fresh for each run */
} analysis_ctx;

typedef struct {
    flow_table *table;
    double values[2];
} analysis_result;

static int analyse(analysis_ctx *c, analysis_result *res)
{
    analysis_env env = {c->sel, "R0", "R5"};
    res->table = NULL;
    res->values[0] = res->values[1] = 0;
    if (!c->family) return analyses[c->index].fn(&res->table, &env);
    if (strcmp(c->family, "reciprocity") == 0)
        return flow_structure_reciprocity(&res->values[0], &res->values[1], c->sel);
    if (strcmp(c->family, "test") == 0) {
        /* 3 null samples: each sample's allocations are the same code */
        flow_significance_options o = FLOW_SIGNIFICANCE_OPTIONS_INIT;
        o.samples = 3;
        return flow_significance_test(&res->table, c->sel, c->value, NULL, 0, &o);
    }
    return run_family_entry(c->family, c->value, &env, &res->table);
}

static int run_analysis(void *ctx, void **result)
{
    analysis_ctx *c = ctx;
    analysis_result *res = calloc(1, sizeof *res);
    assert_non_null(res);
    int rc = analyse(c, res);
    if (rc != FLOW_OK) {
        if (res->table) fail_msg("a table came back with error %d", rc);
        free(res);
        return rc;
    }
    *result = res;
    return rc;
}

static void free_result(void *p)
{
    analysis_result *res = p;
    if (!res) return;
    flow_table_free(res->table);
    free(res);
}

static int same_double(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static void same_result(const char *what, const void *result, const void *reference);

static void assert_same_table(const char *what, const flow_table *a, const flow_table *b)
{
    if (!a || !b) {
        if (a != b) fail_msg("%s: one result is missing", what);
        return;
    }
    size_t rows = flow_table_row_count(a), cols = flow_table_column_count(a);
    if (rows != flow_table_row_count(b) || cols != flow_table_column_count(b))
        fail_msg("%s: %zux%zu, not %zux%zu after a failure", what, flow_table_row_count(b),
                 flow_table_column_count(b), rows, cols);
    for (size_t c = 0; c < cols; c++) {
        int type = flow_table_column_type(a, c);
        assert_int_equal(type, flow_table_column_type(b, c));
        const double *da = flow_table_doubles(a, c), *db = flow_table_doubles(b, c);
        const int64_t *ia = flow_table_ints(a, c), *ib = flow_table_ints(b, c);
        for (size_t r = 0; r < rows; r++) {
            if (da && !same_double(da[r], db[r]))
                fail_msg("%s: column %s row %zu: %g, not %g", what, flow_table_column_name(a, c),
                         r, db[r], da[r]);
            if (ia && ia[r] != ib[r])
                fail_msg("%s: column %s row %zu differs", what, flow_table_column_name(a, c), r);
            if (!da && !ia) {
                const char *ta = flow_table_text(a, c, r), *tb = flow_table_text(b, c, r);
                if ((ta || tb) && (!ta || !tb || strcmp(ta, tb) != 0))
                    fail_msg("%s: column %s row %zu differs", what, flow_table_column_name(a, c),
                             r);
            }
        }
    }
    size_t parts = flow_table_part_count(a);
    assert_int_equal(parts, flow_table_part_count(b));
    for (size_t p = 0; p < parts; p++)
        assert_same_table(what, flow_table_part_at(a, p), flow_table_part_at(b, p));
}

static void same_result(const char *what, const void *result, const void *reference)
{
    const analysis_result *a = result, *b = reference;
    assert_same_table(what, b->table, a->table);
    if (!same_double(a->values[0], b->values[0]) || !same_double(a->values[1], b->values[1]))
        fail_msg("%s: the values differ", what);
}

/* After a failed run, the same selection analysed again (nothing failing)
 * gives the clean result: nothing was left half-built in it. */
static void analysis_intact(void *ctx, const void *reference)
{
    analysis_ctx *c = ctx;
    const analysis_result *ref = reference;
    analysis_result again;
    int rc = analyse(c, &again);
    if (rc != FLOW_OK) fail_msg("after a failure the analysis fails with %d (%s)", rc,
                                flow_last_error());
    same_result("the analysis after a failure", &again, ref);
    flow_table_free(again.table);
}

/* The selection of an analysis: the whole network, but one factor for
 * the gravity model (which fits one at a time). */
static void new_selection(analysis_ctx *c)
{
    assert_flow_ok(flow_selection_new(&c->sel, c->net));
    if (!c->family && strncmp(analyses[c->index].name, "gravity/", 8) == 0) {
        static const char *const talent[] = {"talent"};
        assert_flow_ok(flow_selection_set_factors(c->sel, talent, 1));
    }
}

/* Each run gets a new selection, so that building its graph is counted
 * too. */
static int run_fresh(void *ctx, void **result)
{
    analysis_ctx *c = ctx;
    flow_selection_free(c->sel);
    c->sel = NULL;
    disarm();
    new_selection(c);
    arm(fail_at);
    return run_analysis(ctx, result);
}

/* Analyses whose igraph code (Debian's igraph 0.10.2) crashes when one of
 * its own allocations fails: for them only libflow's allocations are
 * failed. Each entry names the igraph function and what happens, as seen
 * with ALLOC_FAULTS_IGRAPH=1 ALLOC_FAULTS_ONLY=<analysis> (all 13
 * re-checked against igraph 0.10.2: each still ends the process). */
static const struct {
    const char *analysis, *why;
} igraph_unsafe[] = {
    {"centrality/hub", "igraph_hub_and_authority_scores: segfault in igraph_inclist_init "
                       "(igraph_vector_int_init on a block whose allocation failed)"},
    {"centrality/authority", "igraph_hub_and_authority_scores: segfault in igraph_inclist_init, "
                             "as hub"},
    {"centrality/closeness", "igraph_closeness_cutoff: segfault in "
                             "igraph_i_lazy_inclist_get_real (a failed list read as NULL)"},
    {"centrality/harmonic", "igraph_harmonic_centrality_cutoff: segfault, a lazy incidence "
                            "list read as NULL, as closeness"},
    {"centrality/eigenvector", "igraph_eigenvector_centrality: segfault in igraph_inclist_init"},
    {"cluster/leiden", "igraph_community_leiden: heap corruption (a double free after "
                       "igraph_create fails; glibc aborts: unaligned fastbin chunk)"},
    {"cluster/louvain", "igraph_community_multilevel: segfault inside it"},
    {"cluster/label_propagation", "igraph_community_label_propagation: segfault in "
                                  "igraph_inclist_init"},
    {"test/modularity", "igraph_community_leiden (the null model's clustering): heap "
                        "corruption, as leiden"},
    {"test/agreement", "igraph_community_leiden: heap corruption, as leiden"},
    {"bottleneck/dominators", "igraph_dominator_tree: igraph_dfs reads a list whose allocation "
                              "failed (igraph's assertion v != NULL aborts)"},
    {"bottleneck/must_cross", "igraph_dominator_tree: abort in igraph_dfs, as dominators"},
    {"cluster/track", "igraph_community_multilevel (Louvain per year): segfault, as louvain"},
};

static int igraph_safe(const char *name)
{
    const char *all = getenv("ALLOC_FAULTS_IGRAPH"); /* "1": fail igraph's everywhere */
    if (all && strcmp(all, "1") == 0) return 1;
    for (size_t i = 0; i < sizeof igraph_unsafe / sizeof *igraph_unsafe; i++)
        if (strcmp(name, igraph_unsafe[i].analysis) == 0) return 0;
    return 1;
}

static void one_analysis(analysis_ctx *c, const char *name)
{
    const char *only = getenv("ALLOC_FAULTS_ONLY"); /* a prefix of the names to run */
    if (only && strncmp(name, only, strlen(only)) != 0) return;
    igraph_too = igraph_safe(name);
    analysis_result ref = {NULL, {0, 0}};
    new_selection(c);
    int rc = analyse(c, &ref);
    if (rc != FLOW_OK) fail_msg("%s fails without an injected failure: %s", name,
                                flow_last_error());
    flow_selection_free(c->sel);
    c->sel = NULL;
    operation op = {name, run_fresh, free_result, same_result, analysis_intact, c};
    count(countdown(&op, &ref));
    flow_selection_free(c->sel);
    c->sel = NULL;
    flow_table_free(ref.table);
}

static void test_alloc_faults__analyses(void **state)
{
    (void)state;
    flow_network *net = analysis_network();
    static const char *const families[] = {"centrality", "cluster", "kcore", "test"};
    char name[128];
    for (size_t f = 0; f < sizeof families / sizeof *families; f++) {
        flow_table *reg = NULL;
        assert_flow_ok(flow_registry_list(&reg, families[f]));
        for (size_t r = 0; r < flow_table_row_count(reg); r++) {
            analysis_ctx c = {net, families[f], (int)flow_table_ints(reg, 1)[r], 0, NULL};
            snprintf(name, sizeof name, "%s/%s", families[f], flow_table_text(reg, 0, r));
            one_analysis(&c, name);
        }
        flow_table_free(reg);
    }
    for (size_t i = 0; i < sizeof analyses / sizeof *analyses; i++) {
        analysis_ctx c = {net, NULL, 0, i, NULL};
        one_analysis(&c, analyses[i].name);
    }
    analysis_ctx c = {net, "reciprocity", 0, 0, NULL};
    one_analysis(&c, "structure/reciprocity");
    flow_network_free(net);
}

/* ---- the network's tables, export, registry listings ------------------- */

typedef struct {
    const flow_network *net;
    const char *part; /* a network part, a registry family, or NULL */
    int format;       /* FLOW_EXPORT_*, when part is NULL */
    int registry;
} output_ctx;

static int run_table(void *ctx, void **result)
{
    output_ctx *c = ctx;
    flow_table *t = NULL;
    int rc = c->registry ? flow_registry_list(&t, c->part) : flow_network_table(&t, c->net, c->part);
    if (rc != FLOW_OK && t) fail_msg("%s: a table came back with an error", c->part);
    *result = t;
    return rc;
}

static void free_table(void *t) { flow_table_free(t); }

static void same_table(const char *what, const void *result, const void *reference)
{
    assert_same_table(what, reference, result);
}

static int run_export(void *ctx, void **result)
{
    output_ctx *c = ctx;
    char *text = NULL;
    int rc = flow_export_string(&text, c->net, c->format);
    if (rc != FLOW_OK && text) fail_msg("export %d: text came back with an error", c->format);
    *result = text;
    return rc;
}

static void same_text(const char *what, const void *result, const void *reference)
{
    if (strcmp(result, reference) != 0) fail_msg("%s: the text differs from a clean run", what);
}

static flow_network *analysis_network(void);

/* The network's tables (nodes with number and text attributes, factors
 * with units, flows, groups with roles, provenance), every export format,
 * and registry listings (tables of text columns). */
static void test_alloc_faults__outputs(void **state)
{
    (void)state;
    igraph_too = 1;
    flow_network *net = analysis_network();
    assert_flow_ok(flow_network_set_text(net, "R1", "note", "coastal"));
    assert_flow_ok(flow_network_add_member(net, "h", "R2", "hub"));
    static const char *const tables[] = {"nodes", "factors", "flows", "groups", "provenance"};
    char name[64];
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        output_ctx c = {net, tables[i], 0, 0};
        void *ref = NULL;
        assert_flow_ok(run_table(&c, &ref));
        snprintf(name, sizeof name, "network table %s", tables[i]);
        operation op = {name, run_table, free_table, same_table, NULL, &c};
        count(countdown(&op, ref));
        flow_table_free(ref);
    }
    static const struct {
        int format;
        const char *name;
    } formats[] = {{FLOW_EXPORT_JSON, "json"}, {FLOW_EXPORT_GRAPHML, "graphml"},
                   {FLOW_EXPORT_GEXF, "gexf"}, {FLOW_EXPORT_GEXF12, "gexf 1.2"},
                   {FLOW_EXPORT_DOT, "dot"}};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        output_ctx c = {net, NULL, formats[i].format, 0};
        void *ref = NULL;
        assert_flow_ok(run_export(&c, &ref));
        snprintf(name, sizeof name, "export %s", formats[i].name);
        operation op = {name, run_export, flow_free, same_text, NULL, &c};
        count(countdown(&op, ref));
        flow_free(ref);
    }
    static const char *const families[] = {"centrality", "input_format"};
    for (size_t i = 0; i < sizeof families / sizeof *families; i++) {
        output_ctx c = {NULL, families[i], 0, 1};
        void *ref = NULL;
        assert_flow_ok(run_table(&c, &ref));
        snprintf(name, sizeof name, "registry list %s", families[i]);
        operation op = {name, run_table, free_table, same_table, NULL, &c};
        count(countdown(&op, ref));
        flow_table_free(ref);
    }
    flow_network_free(net);
}

/* ---- a real limit --------------------------------------------------------- */

/* The reproduction of running out of memory with many node ids: a
 * flows.csv of 200000 flows over 100000 ids loaded in a child process
 * whose address space (RLIMIT_AS, as `ulimit -v`) is its size plus 1 MiB,
 * 3 MiB, ... until the load succeeds. Every child must exit: FLOW_ENOMEM
 * below the need, FLOW_OK above it; never a signal (GLib's aborting
 * allocators end in SIGTRAP). Not under ASan, whose shadow memory needs
 * far more address space than any limit here. */
static void test_alloc_faults__address_space_limit(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip();
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    skip();
#endif
#endif
    const char *path = tmp("many_ids.csv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("source,target,factor,weight\n", f);
    uint64_t x = 42;
    for (int k = 0; k < 200000; k++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        fprintf(f, "n%u,n%u,talent,1\n", (unsigned)(x >> 33) % 100000u,
                (unsigned)(x >> 13) % 100000u);
    }
    assert_int_equal(fclose(f), 0);
    int nomem = 0, steps = 0;
    for (size_t extra = (size_t)1 << 20;; extra += (size_t)2 << 20, steps++) {
        if (extra > (size_t)1 << 30) fail_msg("no load succeeded with 1 GiB more address space");
        fflush(stdout);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            long pages = 0;
            FILE *statm = fopen("/proc/self/statm", "r");
            if (!statm || fscanf(statm, "%ld", &pages) != 1) _exit(3);
            fclose(statm);
            rlim_t lim = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + extra;
            struct rlimit r = {lim, lim};
            if (setrlimit(RLIMIT_AS, &r) < 0) _exit(3);
            flow_network *net = NULL;
            int rc = flow_io_load(&net, path);
            _exit(rc == FLOW_OK ? 0 : rc == FLOW_ENOMEM ? 1 : 2);
        }
        int st = 0;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        if (WIFSIGNALED(st))
            fail_msg("with %zu bytes of address space to spare the load ends in signal %d", extra,
                     WTERMSIG(st));
        assert_true(WIFEXITED(st));
        if (WEXITSTATUS(st) == 0) break;
        if (WEXITSTATUS(st) != 1)
            fail_msg("with %zu bytes to spare the load fails with neither FLOW_OK nor FLOW_ENOMEM "
                     "(child exit %d)", extra, WEXITSTATUS(st));
        nomem++;
    }
    printf("  address space limit: %d loads out of memory, then one that succeeds\n", nomem);
    assert_true(nomem > 0);
    (void)steps;
}

/* ---- the builder --------------------------------------------------------- */

/* The network's parts, to see that a failed call changed nothing. */
static const char *const parts[] = {"nodes", "factors", "flows", "groups", "provenance"};
#define NPARTS (sizeof parts / sizeof *parts)

static void snapshot(flow_table **t, const flow_network *net)
{
    int was = armed;
    disarm();
    for (size_t p = 0; p < NPARTS; p++) assert_flow_ok(flow_network_table(&t[p], net, parts[p]));
    if (was) __atomic_store_n(&armed, 1, __ATOMIC_SEQ_CST);
}

static void free_snapshot(flow_table **t)
{
    for (size_t p = 0; p < NPARTS; p++) flow_table_free(t[p]);
}

/* Builds a network through the public builder, call by call; a failed
 * call must leave every part of the network as it was. */
static int run_builder(void *ctx, void **result)
{
    (void)ctx;
    flow_network *net = NULL;
    int rc = flow_network_new(&net);
    if (rc != FLOW_OK) return rc;
    flow_table *before[NPARTS], *after[NPARTS];
    char id[16], parent[16], other[16];
    for (int step = 0; rc == FLOW_OK && step < 40; step++) {
        snapshot(before, net);
        size_t ng = flow_network_group_count(net), nf = flow_network_factor_count(net),
               nn = flow_network_node_count(net);
        int r = step / 5;
        snprintf(id, sizeof id, "node %d", r);
        snprintf(parent, sizeof parent, "node %d", r / 2);
        snprintf(other, sizeof other, "node %d", (r * 3 + 1) % (r + 1));
        switch (step % 5) {
        case 0: rc = flow_network_add_node(net, id, r % 2 ? "a name" : NULL, r % 3 ? "city" : NULL,
                                           r ? parent : NULL);
            break;
        case 1: rc = flow_network_set_number(net, id, "gdp", 1.5 * r); break;
        case 2: rc = flow_network_set_text(net, id, r % 2 ? "note" : "code", r % 3 ? "x" : id); break;
        case 3: rc = r % 4 ? flow_network_add_member(net, r % 3 ? "g" : "h", id, r % 2 ? "hub" : NULL)
                           : flow_network_add_factor(net, r % 8 ? "talent" : "capital", "persons");
            break;
        default: rc = flow_network_add_flow(net, id, other, r % 2 ? "talent" : "capital", 1 + r,
                                            2020 + r % 3);
        }
        if (rc != FLOW_OK) {
            if (flow_network_group_count(net) != ng || flow_network_factor_count(net) != nf ||
                flow_network_node_count(net) != nn)
                fail_msg("a failed call left a node, factor or group behind");
            snapshot(after, net);
            for (size_t p = 0; p < NPARTS; p++) assert_same_table(parts[p], before[p], after[p]);
            free_snapshot(after);
        }
        free_snapshot(before);
    }
    if (rc != FLOW_OK) {
        flow_network_free(net);
        return rc;
    }
    *result = net;
    return FLOW_OK;
}

static void test_alloc_faults__builder(void **state)
{
    (void)state;
    igraph_too = 1;
    void *ref = NULL;
    assert_flow_ok(run_builder(NULL, &ref));
    operation op = {"network builder", run_builder, free_network, same_network, NULL, NULL};
    count(countdown(&op, ref));
    flow_network_free(ref);
}

static int setup(void **state)
{
    (void)state;
    dl_iterate_phdr(find_igraph, NULL);
    if (!igraph_hi) fail_msg("libigraph is not loaded");
    return 0;
}

static int report(void **state)
{
    (void)state;
    printf("alloc_faults: %ld operations, %ld injection points\n", operations, total_points);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_faults__loader),
        cmocka_unit_test(test_alloc_faults__builder),
        cmocka_unit_test(test_alloc_faults__outputs),
        cmocka_unit_test(test_alloc_faults__address_space_limit),
        cmocka_unit_test(test_alloc_faults__analyses),
        cmocka_unit_test(test_alloc_faults__no_abort),
    };
    return cmocka_run_group_tests_name("alloc_faults", tests, setup, report);
}

/*
 * Threads: libflow used from several C threads (pthreads) at once.
 *
 * The conventions pinned down here, and where the headers state them:
 *  - libflow/network.h, "Threads": a network may be read from several
 *    threads at once; analyses only read it (libflow/selection.h: "The
 *    network is never changed by a selection or an analysis").
 *  - libflow/selection.h: a selection is used by one thread at a time and
 *    holds a reference on its network; libflow/network.h
 *    (flow_network_free): children keep the network alive, so any free
 *    order is safe -- also across threads.
 *  - libflow/centrality.h, "Threads": igraph calls are serialised behind
 *    libflow's global lock, so threads may run analyses concurrently.
 *  - Determinism: centrality.h "No measure is random", bottleneck.h
 *    "Nothing here is random ... the same selection always gives the same
 *    result", cluster.h "Randomness: ... The same seed, selection and
 *    library build give the same partition". Concurrent runs must
 *    therefore equal a serial run bit for bit, Leiden included, even
 *    though other threads re-seed igraph's one generator in between.
 *  - libflow/error.h: each thread keeps the message of the last failed
 *    call it made (flow_last_error(), flow_last_error_code(),
 *    flow_last_error_location() are per thread), "" before any error, and
 *    a successful call does not clear it.
 *  - libflow/common.h (flow_progress_cb) and selection.h
 *    (flow_selection_set_progress): the callback runs on the analysing
 *    thread, and a non-zero return stops that analysis only.
 *  - libflow/common.h (flow_progress_cb) and selection.h: only igraph is
 *    serialised; building a selection and the analyses libflow computes
 *    itself take no lock, so they run while another thread is inside
 *    igraph.
 *
 * The data: one seeded network (build_network()) of 6 provinces and 48
 * regions, 600 flow rows over 3 factors and 5 years with self-loops, and
 * four selections of it (configs): directed; undirected; two factors as
 * shares within 2019-2021; rolled up to provinces. The battery run on a
 * selection: PageRank, betweenness, min cut (with its factor breakdown
 * and flows), Leiden (seed 1), k-core, disparity backbone, summary; every
 * result is serialised to bytes (doubles as their bit patterns), so
 * "equal" means bitwise equal.
 *
 * Worker threads never call cmocka (its failure path longjmps into the
 * test's stack): they record their first problem and the main thread
 * asserts after pthread_join(). Every worker passes every barrier, even
 * after a problem, so that a failure cannot deadlock the suite.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>

#include "testutil.h"

#define NTHREADS 4
#define NCONFIGS 4
#define ROUNDS_OWN 4    /* battery rounds per thread, own networks */
#define ROUNDS_SHARED 8 /* battery rounds per thread, one shared network */
#define ERROR_ITERATIONS 200

/* ---- the seeded network (built by the threads too: no cmocka inside) ---- */

#define PROVINCES 6
#define PER_PROVINCE 8
#define REGIONS (PROVINCES * PER_PROVINCE)
#define ROWS 600
#define NET_SEED 20240601u

static uint32_t lcg(uint32_t *st)
{
    *st = *st * 1664525u + 1013904223u; /* Numerical Recipes */
    return *st >> 8;
}

static const char *const factor_names[3] = {"talent", "capital", "technology"};
static const char *const factor_units[3] = {"persons", "100M yuan", "patents"};

/*
 * Provinces P0..P5 (kind "province", without flows of their own: isolated
 * vertices unless the selection rolls up) and regions R00..R47 (kind
 * "region", parent P<i / 8>). Each row: a source region, a target in the
 * same province 30% of the time (else any region: a weak community
 * structure, on which Leiden's result depends on the seed), every 37th row a
 * self-loop; a factor; a weight, a multiple of 0.25 in [0.25, 10]; a year
 * 2018-2022, or none one time in 7. Group "east" = R00, R01, R02.
 * Returns a status and never asserts.
 */
static int build_network(flow_network **out)
{
    flow_network *net = NULL;
    char id[16], id2[16], parent[16];
    int rc = flow_network_new(&net);
    for (int f = 0; f < 3 && rc == FLOW_OK; f++)
        rc = flow_network_add_factor(net, factor_names[f], factor_units[f]);
    for (int p = 0; p < PROVINCES && rc == FLOW_OK; p++) {
        snprintf(id, sizeof id, "P%d", p);
        rc = flow_network_add_node(net, id, NULL, "province", NULL);
    }
    for (int r = 0; r < REGIONS && rc == FLOW_OK; r++) {
        snprintf(id, sizeof id, "R%02d", r);
        snprintf(parent, sizeof parent, "P%d", r / PER_PROVINCE);
        rc = flow_network_add_node(net, id, NULL, "region", parent);
    }
    uint32_t st = NET_SEED;
    for (int i = 0; i < ROWS && rc == FLOW_OK; i++) {
        int s = (int)(lcg(&st) % REGIONS), t;
        if (i % 37 == 36)
            t = s;
        else if (lcg(&st) % 100 < 30)
            t = s / PER_PROVINCE * PER_PROVINCE + (int)(lcg(&st) % PER_PROVINCE);
        else
            t = (int)(lcg(&st) % REGIONS);
        int f = (int)(lcg(&st) % 3);
        double w = (1 + (int)(lcg(&st) % 40)) * 0.25;
        int year = lcg(&st) % 7 == 0 ? FLOW_NO_YEAR : 2018 + (int)(lcg(&st) % 5);
        snprintf(id, sizeof id, "R%02d", s);
        snprintf(id2, sizeof id2, "R%02d", t);
        rc = flow_network_add_flow(net, id, id2, factor_names[f], w, year);
    }
    static const char *const east[] = {"R00", "R01", "R02"};
    for (int i = 0; i < 3 && rc == FLOW_OK; i++)
        rc = flow_network_add_member(net, "east", east[i], NULL);
    if (rc != FLOW_OK) {
        flow_network_free(net);
        net = NULL;
    }
    *out = net;
    return rc;
}

static const char *const config_names[NCONFIGS] = {
    "directed", "undirected", "talent+technology as shares, 2019-2021", "rolled up to provinces"};

/* Sets every knob (so that it also resets a selection used before). */
static int apply_config(flow_selection *sel, int config)
{
    static const char *const two[] = {"talent", "technology"};
    int rc = flow_selection_set_directed(sel, config != 1);
    if (rc == FLOW_OK)
        rc = config == 2 ? flow_selection_set_factors(sel, two, 2)
                         : flow_selection_set_factors(sel, NULL, 0);
    if (rc == FLOW_OK)
        rc = flow_selection_set_combine(sel, config == 2 ? FLOW_COMBINE_SHARE : FLOW_COMBINE_SUM);
    if (rc == FLOW_OK)
        rc = config == 2 ? flow_selection_set_years(sel, 2019, 2021)
                         : flow_selection_set_years(sel, FLOW_NO_YEAR, FLOW_NO_YEAR);
    if (rc == FLOW_OK) rc = flow_selection_set_level(sel, config == 3 ? "province" : NULL);
    return rc;
}

/* ---- results as bytes -------------------------------------------------------- */

typedef struct {
    unsigned char *data;
    size_t len, cap;
    int oom;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    if (b->oom) return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n) cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d) {
            b->oom = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_d(buf *b, double x) { put(b, &x, sizeof x); }
static void put_i(buf *b, int64_t x) { put(b, &x, sizeof x); }
static void put_s(buf *b, const char *s)
{
    if (!s) s = "(null)";
    put(b, s, strlen(s) + 1);
}

/* A whole table: name, rows, columns (name, type, values; node columns as
 * node indexes, text by content), scalars, metadata, parts. */
static void put_table(buf *b, const flow_table *t)
{
    size_t n = flow_table_row_count(t);
    put_s(b, flow_table_name(t));
    put_i(b, (int64_t)n);
    for (size_t c = 0; c < flow_table_column_count(t); c++) {
        int type = flow_table_column_type(t, c);
        put_s(b, flow_table_column_name(t, c));
        put_i(b, type);
        if (n && type == FLOW_COLUMN_DOUBLE) put(b, flow_table_doubles(t, c), n * sizeof(double));
        if (n && (type == FLOW_COLUMN_INT || type == FLOW_COLUMN_NODE))
            put(b, flow_table_ints(t, c), n * sizeof(int64_t));
        if (type == FLOW_COLUMN_TEXT)
            for (size_t r = 0; r < n; r++) put_s(b, flow_table_text(t, c, r));
    }
    for (size_t i = 0; i < flow_table_scalar_count(t); i++) {
        put_s(b, flow_table_scalar_name(t, i));
        put_d(b, flow_table_scalar(t, flow_table_scalar_name(t, i)));
    }
    for (size_t i = 0; i < flow_table_meta_count(t); i++) {
        put_s(b, flow_table_meta_key(t, i));
        put_s(b, flow_table_meta(t, flow_table_meta_key(t, i)));
    }
    for (size_t i = 0; i < flow_table_part_count(t); i++) put_table(b, flow_table_part_at(t, i));
}

enum {
    PART_PAGERANK,
    PART_BETWEENNESS,
    PART_MIN_CUT,
    PART_LEIDEN,
    PART_KCORE,
    PART_BACKBONE,
    PART_SUMMARY,
    NPARTS
};
static const char *const part_names[NPARTS] = {"pagerank", "betweenness", "min cut",
                                               "leiden",   "k-core",      "backbone",
                                               "summary"};

typedef struct {
    buf part[NPARTS];
} battery;

static void battery_free(battery *b)
{
    for (int i = 0; i < NPARTS; i++) free(b->part[i].data);
    memset(b, 0, sizeof *b);
}

/* The first part in which two batteries differ, or -1. */
static int battery_diff(const battery *a, const battery *b)
{
    for (int i = 0; i < NPARTS; i++) {
        const buf *x = &a->part[i], *y = &b->part[i];
        if (x->oom || y->oom || x->len != y->len || (x->len && memcmp(x->data, y->data, x->len)))
            return i;
    }
    return -1;
}

#define TRY(call)                                                                      \
    do {                                                                               \
        rc = (call);                                                                   \
        if (rc != FLOW_OK) {                                                           \
            snprintf(why, whysize, "%s returned %d: %s", #call, rc, flow_last_error()); \
            goto done;                                                                 \
        }                                                                              \
    } while (0)

/* Runs the battery on sel into *out (zeroed by the caller). Returns a
 * status; on failure `why` says which call failed and its message. */
static int run_battery(flow_selection *sel, battery *out, char *why, size_t whysize)
{
    int rc = FLOW_OK;
    flow_table *t = NULL, *cut = NULL, *p = NULL, *core = NULL;
    buf *b;

    TRY(flow_centrality_compute(&t, sel, FLOW_PAGERANK, NULL));
    put_table(&out->part[PART_PAGERANK], t);
    flow_table_free(t);
    t = NULL;

    TRY(flow_centrality_compute(&t, sel, FLOW_BETWEENNESS, NULL));
    put_table(&out->part[PART_BETWEENNESS], t);
    flow_table_free(t);
    t = NULL;

    /* east (R00-R02, all in P0) to R40 and R47 (both in P5): distinct
     * vertices in every config, the roll-up included */
    static const char *const sources[] = {"east"}, *const sinks[] = {"R47", "R40"};
    TRY(flow_bottleneck_min_cut(&cut, sel, sources, 1, sinks, 2, 1));
    put_table(&out->part[PART_MIN_CUT], cut); /* the value, cut, sides, factors, flows */

    /* one trial: its partition depends on the seed (checked in
     * serial_run()), so a generator disturbed by another thread shows */
    flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
    o.seed = 1;
    o.trials = 1;
    TRY(flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, &o));
    b = &out->part[PART_LEIDEN];
    {
        /* the partition table: membership, modularity, and the clusters'
         * flows (columns 3-5 of part "clusters": internal, inflow, outflow) */
        const flow_table *cl = flow_table_part(p, "clusters");
        size_t n = flow_table_row_count(p), k = flow_table_row_count(cl);
        put_i(b, (int64_t)n);
        put_i(b, (int64_t)k);
        if (n) put(b, flow_table_ints(p, 1), n * sizeof(int64_t));
        put_d(b, flow_table_scalar(p, "modularity"));
        for (size_t c = 0; c < k; c++) {
            put_d(b, flow_table_doubles(cl, 3)[c]);
            put_d(b, flow_table_doubles(cl, 4)[c]);
            put_d(b, flow_table_doubles(cl, 5)[c]);
        }
    }

    TRY(flow_cluster_kcore(&core, sel, FLOW_KCORE_ALL));
    b = &out->part[PART_KCORE];
    put_i(b, (int64_t)flow_table_row_count(core));
    if (flow_table_row_count(core))
        put(b, flow_table_ints(core, 1), flow_table_row_count(core) * sizeof(int64_t));

    TRY(flow_structure_backbone(&t, sel, 0.05));
    put_table(&out->part[PART_BACKBONE], t);
    flow_table_free(t);
    t = NULL;

    TRY(flow_summary_compute(&t, sel));
    put_table(&out->part[PART_SUMMARY], t);

done:
    flow_table_free(t);
    flow_table_free(core);
    flow_table_free(p);
    flow_table_free(cut);
    for (int i = 0; rc == FLOW_OK && i < NPARTS; i++)
        if (out->part[i].oom) {
            snprintf(why, whysize, "out of memory while recording %s", part_names[i]);
            rc = FLOW_ENOMEM;
        }
    return rc;
}

/* ---- the serial reference, computed once on the main thread ----------------- */

static battery serial[NCONFIGS];
static int have_serial;

static const battery *serial_run(int config)
{
    if (!have_serial) {
        flow_network *net = NULL;
        assert_flow_ok(build_network(&net));
        for (int c = 0; c < NCONFIGS; c++) {
            flow_selection *sel = NULL;
            char why[700] = "";
            assert_flow_ok(flow_selection_new(&sel, net));
            assert_flow_ok(apply_config(sel, c));
            if (run_battery(sel, &serial[c], why, sizeof why) != FLOW_OK) {
                print_error("serial run, %s: %s\n", config_names[c], why);
                fail();
            }
            flow_selection_free(sel);
        }
        /* the configs differ, so that threads run different work at once */
        for (int c = 1; c < NCONFIGS; c++) assert_true(battery_diff(&serial[0], &serial[c]) >= 0);
        /* the Leiden comparison can see the seed: another seed gives
         * another partition of config 0 */
        flow_selection *sel = NULL;
        assert_flow_ok(flow_selection_new(&sel, net));
        flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
        o.trials = 1;
        int other = 0;
        for (o.seed = 2; o.seed <= 10 && !other; o.seed++) {
            flow_table *p = NULL;
            assert_flow_ok(flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, &o));
            size_t n = flow_table_row_count(p);
            const buf *b = &serial[0].part[PART_LEIDEN];
            other = b->len < 2 * sizeof(int64_t) + n * sizeof(int64_t) ||
                    memcmp(b->data + 2 * sizeof(int64_t), flow_table_ints(p, 1),
                           n * sizeof(int64_t)) != 0;
            flow_table_free(p);
        }
        assert_true(other);
        flow_selection_free(sel);
        flow_network_free(net);
        have_serial = 1;
    }
    return &serial[config];
}

static int free_serial(void **state)
{
    (void)state;
    for (int c = 0; c < NCONFIGS; c++) battery_free(&serial[c]);
    have_serial = 0;
    return 0;
}

/* ---- battery workers ------------------------------------------------------------ */

typedef struct {
    int index, config, rounds;
    flow_network *shared;   /* NULL: build an own network */
    const battery *want;    /* the serial result of `config` */
    pthread_barrier_t *start;
    int done_rounds;
    flow_table *kept;       /* shared network: a result handed to the main thread */
    char problem[1024];     /* the first problem, "" when none */
} worker;

static void note(char *problem, size_t size, const char *fmt, ...)
{
    if (problem[0]) return; /* keep the first */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, size, fmt, ap);
    va_end(ap);
}

static void *battery_thread(void *arg)
{
    worker *w = arg;
    flow_network *net = w->shared;
    flow_selection *sel = NULL;
    char why[700] = "";
    pthread_barrier_wait(w->start);
    if (!net && build_network(&net) != FLOW_OK) {
        note(w->problem, sizeof w->problem, "building the network: %s", flow_last_error());
        return NULL;
    }
    int rc = flow_selection_new(&sel, net);
    /* an own network: drop it at once; the selection keeps it alive
     * (network.h: any free order is safe) */
    if (!w->shared) flow_network_free(net);
    if (rc != FLOW_OK) {
        note(w->problem, sizeof w->problem, "flow_selection_new: %s", flow_last_error());
        return NULL;
    }
    for (int r = 0; r < w->rounds; r++) {
        /* rounds 0, 1, 3, ...: set the knobs again, so that the graph is
         * rebuilt while the other threads read the same network; rounds
         * 2, 4, ...: reuse the built graph */
        if ((r == 0 || r % 2 == 1) && (rc = apply_config(sel, w->config)) != FLOW_OK) {
            note(w->problem, sizeof w->problem, "round %d: settings: %s", r, flow_last_error());
            break;
        }
        battery got = {0};
        rc = run_battery(sel, &got, why, sizeof why);
        int d = rc == FLOW_OK ? battery_diff(&got, w->want) : -1;
        battery_free(&got);
        if (rc != FLOW_OK) {
            note(w->problem, sizeof w->problem, "round %d: %s", r, why);
            break;
        }
        if (d >= 0) {
            note(w->problem, sizeof w->problem, "round %d: %s differs from the serial run", r,
                 part_names[d]);
            break;
        }
        w->done_rounds++;
    }
    if (w->shared && !w->problem[0] &&
        flow_centrality_compute(&w->kept, sel, FLOW_PAGERANK, NULL) != FLOW_OK)
        note(w->problem, sizeof w->problem, "kept PageRank: %s", flow_last_error());
    flow_selection_free(sel);
    return NULL;
}

static void run_workers(worker *w, int n, void *(*fn)(void *))
{
    pthread_t th[NTHREADS];
    assert_true(n <= NTHREADS);
    for (int i = 0; i < n; i++) assert_int_equal(pthread_create(&th[i], NULL, fn, &w[i]), 0);
    for (int i = 0; i < n; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
}

static void assert_no_problem(const char *problem, int index, const char *config)
{
    if (problem[0]) {
        print_error("thread %d (%s): %s\n", index, config, problem);
        fail();
    }
}

/*
 * (a) Four threads, each with its own network built from the same seeded
 * generator at the same time, each running the battery on its own
 * selection (configs 0-3, one each): every round equals the serial run.
 * Pins: no hidden shared state between networks (building them in
 * parallel), igraph serialised behind the global lock (centrality.h
 * "Threads"), determinism of every analysis and of Leiden for one seed
 * (cluster.h "Randomness") while other threads use igraph's generator.
 */
static void test_threads__own_networks_match_serial_run(void **state)
{
    (void)state;
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    worker w[NTHREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < NTHREADS; i++) {
        w[i].index = i;
        w[i].config = i % NCONFIGS;
        w[i].rounds = ROUNDS_OWN;
        w[i].want = serial_run(w[i].config);
        w[i].start = &start;
    }
    run_workers(w, NTHREADS, battery_thread);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < NTHREADS; i++) {
        assert_no_problem(w[i].problem, i, config_names[w[i].config]);
        assert_int_equal(w[i].done_rounds, ROUNDS_OWN);
    }
}

/*
 * (b) Four threads sharing ONE network (network.h "Threads": read from
 * several threads at once), each with its own selection (selection.h: one
 * thread at a time per selection) in a different config, running the
 * battery ROUNDS_SHARED times, rebuilding its graph every other round:
 * every round equals the serial run bit for bit. Each thread then hands a
 * result to the main thread, which frees the network first and the
 * results after (network.h / result.h: results hold a reference on the
 * network, any free order is safe).
 */
static void test_threads__shared_network_matches_serial_run(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(build_network(&net));
    size_t flows = flow_network_flow_count(net);
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    worker w[NTHREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < NTHREADS; i++) {
        w[i].index = i;
        w[i].config = i % NCONFIGS;
        w[i].rounds = ROUNDS_SHARED;
        w[i].shared = net;
        w[i].want = serial_run(w[i].config);
        w[i].start = &start;
    }
    run_workers(w, NTHREADS, battery_thread);
    pthread_barrier_destroy(&start);
    /* the network was only read */
    assert_int_equal(flow_network_flow_count(net), flows);
    flow_network_free(net);
    for (int i = 0; i < NTHREADS; i++) {
        assert_no_problem(w[i].problem, i, config_names[w[i].config]);
        assert_int_equal(w[i].done_rounds, ROUNDS_SHARED);
        /* vertex 0 is P0 in every config (roll-up: replacements in network order) */
        assert_non_null(w[i].kept);
        assert_int_equal(flow_table_row_count(w[i].kept),
                         w[i].config == 3 ? (size_t)PROVINCES : (size_t)(PROVINCES + REGIONS));
        assert_string_equal(flow_table_text(w[i].kept, 0, 0), "P0");
        flow_table_free(w[i].kept);
    }
}

/*
 * (b2) Selections handed between threads, as the Python bindings share
 * one selection among threads (selection.h: one thread at a time): four
 * selections of one network (configs 0-3), each behind its own mutex,
 * never built before the threads start; each round a thread takes the
 * next selection in turn, runs the battery on it and lets it go. So the
 * graph one thread built, the undirected view and the igraph graphs
 * another made, are read by a third and freed on the main thread: every
 * round equals the serial run, and under ThreadSanitizer the hand-off
 * through the mutex is all the ordering the selection needs. (Two threads
 * inside one selection at once rebuilt its graph under each other:
 * tests/python/test_handles.py, test_one_selection_one_thread_in_c.)
 */
typedef struct {
    int index, rounds, done_rounds;
    flow_selection **sel;
    pthread_mutex_t *lock; /* one per selection */
    pthread_barrier_t *start;
    char problem[1024];
} turn_worker;

static void *turn_thread(void *arg)
{
    turn_worker *w = arg;
    char why[700] = "";
    pthread_barrier_wait(w->start);
    for (int r = 0; r < w->rounds && !w->problem[0]; r++) {
        int c = (w->index + r) % NCONFIGS;
        pthread_mutex_lock(&w->lock[c]);
        battery got = {0};
        int rc = run_battery(w->sel[c], &got, why, sizeof why);
        int d = rc == FLOW_OK ? battery_diff(&got, &serial[c]) : -1;
        pthread_mutex_unlock(&w->lock[c]);
        battery_free(&got);
        if (rc != FLOW_OK)
            note(w->problem, sizeof w->problem, "round %d (%s): %s", r, config_names[c], why);
        else if (d >= 0)
            note(w->problem, sizeof w->problem, "round %d (%s): %s differs from the serial run",
                 r, config_names[c], part_names[d]);
        else
            w->done_rounds++;
    }
    return NULL;
}

static void test_threads__selections_handed_between_threads(void **state)
{
    (void)state;
    for (int c = 0; c < NCONFIGS; c++) serial_run(c);
    flow_network *net = NULL;
    assert_flow_ok(build_network(&net));
    flow_selection *sel[NCONFIGS];
    pthread_mutex_t lock[NCONFIGS];
    for (int c = 0; c < NCONFIGS; c++) {
        assert_flow_ok(flow_selection_new(&sel[c], net));
        assert_flow_ok(apply_config(sel[c], c));
        assert_int_equal(pthread_mutex_init(&lock[c], NULL), 0);
    }
    flow_network_free(net); /* the selections keep it */
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    turn_worker w[NTHREADS];
    pthread_t th[NTHREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < NTHREADS; i++) {
        w[i].index = i;
        w[i].rounds = ROUNDS_OWN;
        w[i].sel = sel;
        w[i].lock = lock;
        w[i].start = &start;
        assert_int_equal(pthread_create(&th[i], NULL, turn_thread, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&start);
    for (int c = 0; c < NCONFIGS; c++) {
        flow_selection_free(sel[c]);
        pthread_mutex_destroy(&lock[c]);
    }
    for (int i = 0; i < NTHREADS; i++) {
        assert_no_problem(w[i].problem, i, "in turns");
        assert_int_equal(w[i].done_rounds, ROUNDS_OWN);
    }
}

/* ---- per-thread last error --------------------------------------------------------- */

typedef struct {
    int index;
    flow_network *net;
    pthread_barrier_t *sync;
    char problem[1024];
} error_worker;

/* Loads a flows table whose weight on line 2 + extra is not a number. */
static int load_broken(const char *name, int extra, const char *bad)
{
    char data[512];
    int len = snprintf(data, sizeof data, "source,target,factor,weight\n");
    for (int i = 0; i < extra; i++)
        len += snprintf(data + len, sizeof data - (size_t)len, "R00,R01,talent,1\n");
    len += snprintf(data + len, sizeof data - (size_t)len, "R00,R02,talent,%s\n", bad);
    flow_network *net = (flow_network *)&net; /* must come back NULL */
    int rc = flow_io_load_flows_buffer(&net, data, (size_t)len, name);
    if (net) rc = FLOW_ERROR; /* report as a problem below */
    return rc;
}

/* Checks this thread's last error: code, a token in the message, and the
 * location (want_file NULL: none). */
static void check_error(error_worker *w, const char *phase, int code, const char *token,
                        const char *want_file, size_t want_line)
{
    const char *file = (const char *)1;
    size_t line = 99, col = 99;
    int has = flow_last_error_location(&file, &line, &col);
    if (flow_last_error_code() != code)
        note(w->problem, sizeof w->problem, "%s: code %d, expected %d (\"%s\")", phase,
             flow_last_error_code(), code, flow_last_error());
    else if (!strstr(flow_last_error(), token))
        note(w->problem, sizeof w->problem, "%s: message \"%s\" lacks \"%s\"", phase,
             flow_last_error(), token);
    else if (want_file && (!has || !file || strcmp(file, want_file) || line != want_line ||
                           col != 16))
        note(w->problem, sizeof w->problem, "%s: location %d %s:%zu:%zu, expected %s:%zu:16",
             phase, has, file ? file : "(null)", line, col, want_file, want_line);
    else if (!want_file && (has || file || line || col))
        note(w->problem, sizeof w->problem, "%s: unexpected location %d", phase, has);
}

/* Phase 2: thread i fails with its own code and message. */
static const int phase2_code[4] = {FLOW_ENOTFOUND, FLOW_EINVAL, FLOW_EPARSE, FLOW_EMISUSE};
static const char *const phase2_token[4] = {"factor-of-thread-0", "2031-2011",
                                            "thread-2-phase-2.csv", "network handle"};

static void phase2_fail(error_worker *w, flow_selection *sel)
{
    static const char *const f0[] = {"factor-of-thread-0"};
    flow_selection *tmp = (flow_selection *)&tmp;
    int rc;
    switch (w->index % 4) {
    case 0: rc = flow_selection_set_factors(sel, f0, 1); break;
    case 1: rc = flow_selection_set_years(sel, 2031, 2011); break;
    case 2: rc = load_broken("thread-2-phase-2.csv", 0, "x"); break;
    default:
        rc = flow_selection_new(&tmp, NULL);
        if (tmp) rc = FLOW_ERROR;
        break;
    }
    if (rc != phase2_code[w->index % 4])
        note(w->problem, sizeof w->problem, "phase 2: returned %d, expected %d", rc,
             phase2_code[w->index % 4]);
}

static void phase2_check(error_worker *w, const char *phase)
{
    int k = w->index % 4;
    check_error(w, phase, phase2_code[k], phase2_token[k], k == 2 ? "thread-2-phase-2.csv" : NULL,
                2);
}

static void *error_thread(void *arg)
{
    error_worker *w = arg;
    flow_selection *sel = NULL;
    char name[64], bad[64];

    /* a new thread starts without an error: "" (never NULL), FLOW_OK, no
     * location (error.h) */
    if (!flow_last_error() || flow_last_error()[0] || flow_last_error_code() != FLOW_OK ||
        flow_last_error_location(NULL, NULL, NULL))
        note(w->problem, sizeof w->problem, "a fresh thread has an error: \"%s\"",
             flow_last_error() ? flow_last_error() : "(NULL)");
    if (flow_selection_new(&sel, w->net) != FLOW_OK)
        note(w->problem, sizeof w->problem, "flow_selection_new: %s", flow_last_error());
    pthread_barrier_wait(w->sync);

    /* Phase 1, unsynchronised: parse errors with this thread's file name,
     * line and bad weight, read back at once while the other threads
     * write theirs. */
    for (int k = 0; k < ERROR_ITERATIONS; k++) {
        int extra = (w->index + k) % 3;
        snprintf(name, sizeof name, "thread-%d-%d.csv", w->index, k);
        snprintf(bad, sizeof bad, "bad%dx%d", w->index, k);
        int rc = load_broken(name, extra, bad);
        if (rc != FLOW_EPARSE) {
            note(w->problem, sizeof w->problem, "phase 1: load returned %d", rc);
            break;
        }
        check_error(w, "phase 1", FLOW_EPARSE, bad, name, (size_t)(2 + extra));
        if (w->problem[0]) break;
    }
    pthread_barrier_wait(w->sync);

    /* Phase 2: every thread fails with a different code and message, all
     * errors are in place at once, then each reads its own. */
    phase2_fail(w, sel);
    pthread_barrier_wait(w->sync);
    phase2_check(w, "phase 2");
    pthread_barrier_wait(w->sync);

    /* Phase 3: thread 0 forgets its error; the others make a successful
     * call, which does not clear theirs (error.h). */
    if (w->index == 0) {
        flow_error_clear();
    } else {
        flow_table *s = NULL;
        int rc = sel ? flow_centrality_compute(&s, sel, FLOW_PAGERANK, NULL) : FLOW_EMISUSE;
        if (rc != FLOW_OK)
            note(w->problem, sizeof w->problem, "phase 3: PageRank returned %d: %s", rc,
                 flow_last_error());
        flow_table_free(s);
    }
    pthread_barrier_wait(w->sync);
    if (w->index == 0) {
        if (flow_last_error()[0] || flow_last_error_code() != FLOW_OK ||
            flow_last_error_location(NULL, NULL, NULL))
            note(w->problem, sizeof w->problem, "phase 3: cleared error still \"%s\"",
                 flow_last_error());
    } else {
        phase2_check(w, "phase 3");
    }
    flow_selection_free(sel);
    return NULL;
}

/*
 * (c) error.h: the last error is per thread. Phase 1 hammers parse errors
 * whose message and location (file, line, column) are unique per thread
 * and iteration; phase 2 gives every thread a different code at the same
 * time (ENOTFOUND, EINVAL, EPARSE with a location, EMISUSE); phase 3
 * clears one thread's error and lets the others succeed, which must not
 * clear theirs. The main thread's own error survives it all.
 */
static void test_threads__last_error_is_per_thread(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(build_network(&net));
    flow_selection *mine = NULL;
    assert_flow_ok(flow_selection_new(&mine, net));
    static const char *const f[] = {"factor-of-main"};
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_factors(mine, f, 1));

    pthread_barrier_t sync;
    assert_int_equal(pthread_barrier_init(&sync, NULL, NTHREADS), 0);
    error_worker w[NTHREADS];
    memset(w, 0, sizeof w);
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i].index = i;
        w[i].net = net;
        w[i].sync = &sync;
        assert_int_equal(pthread_create(&th[i], NULL, error_thread, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&sync);
    for (int i = 0; i < NTHREADS; i++) assert_no_problem(w[i].problem, i, "errors");

    assert_int_equal(flow_last_error_code(), FLOW_ENOTFOUND);
    assert_error_contains("factor-of-main");
    assert_int_equal(flow_last_error_location(NULL, NULL, NULL), 0);
    flow_selection_free(mine);
    flow_network_free(net);
}

/* ---- progress callbacks and interruption ------------------------------------------ */

typedef struct {
    pthread_t self;
    int calls, foreign, stop;
} probe;

static int probe_cb(double percent, const char *message, void *payload)
{
    (void)percent;
    (void)message;
    probe *p = payload;
    p->calls++;
    if (!pthread_equal(pthread_self(), p->self)) p->foreign++;
    return p->stop;
}

typedef struct {
    int index;
    flow_network *net;
    const battery *want;
    pthread_barrier_t *start;
    probe pr;
    char problem[1024];
} progress_worker;

static void *progress_thread(void *arg)
{
    progress_worker *w = arg;
    flow_selection *sel = NULL;
    char why[700] = "";
    w->pr.self = pthread_self();
    w->pr.stop = w->index % 2;
    pthread_barrier_wait(w->start);
    if (flow_selection_new(&sel, w->net) != FLOW_OK ||
        flow_selection_set_progress(sel, probe_cb, &w->pr) != FLOW_OK) {
        note(w->problem, sizeof w->problem, "selection: %s", flow_last_error());
        flow_selection_free(sel);
        return NULL;
    }
    for (int r = 0; r < 2 && !w->problem[0]; r++) {
        if (!w->pr.stop) {
            /* not stopped by anybody else's callback: the full battery,
             * equal to the serial run */
            battery got = {0};
            int rc = run_battery(sel, &got, why, sizeof why);
            int d = rc == FLOW_OK ? battery_diff(&got, w->want) : -1;
            battery_free(&got);
            if (rc != FLOW_OK)
                note(w->problem, sizeof w->problem, "round %d: %s", r, why);
            else if (d >= 0)
                note(w->problem, sizeof w->problem, "round %d: %s differs from the serial run",
                     r, part_names[d]);
            continue;
        }
        /* this thread's callback says stop: each analysis stops, no result */
        flow_table *s = (flow_table *)&s;
        int rc = flow_centrality_compute(&s, sel, FLOW_PAGERANK, NULL);
        if (rc != FLOW_EINTERRUPTED || s || flow_last_error_code() != FLOW_EINTERRUPTED)
            note(w->problem, sizeof w->problem, "PageRank: %d, expected interrupted", rc);
        s = (flow_table *)&s;
        rc = flow_centrality_compute(&s, sel, FLOW_BETWEENNESS, NULL);
        if (rc != FLOW_EINTERRUPTED || s)
            note(w->problem, sizeof w->problem, "betweenness: %d, expected interrupted", rc);
        flow_table *p = (flow_table *)&p;
        rc = flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, NULL);
        if (rc != FLOW_EINTERRUPTED || p)
            note(w->problem, sizeof w->problem, "Leiden: %d, expected interrupted", rc);
        flow_table *e = (flow_table *)&e;
        rc = flow_structure_backbone(&e, sel, 0.05);
        if (rc != FLOW_EINTERRUPTED || e)
            note(w->problem, sizeof w->problem, "backbone: %d, expected interrupted", rc);
    }
    flow_selection_free(sel);
    return NULL;
}

/*
 * (d) common.h / selection.h: the progress callback runs on the thread
 * that runs the analysis, and its stop ends that analysis only. Threads
 * 1 and 3 stop every analysis from their callback (PageRank, betweenness,
 * Leiden, backbone: FLOW_EINTERRUPTED, no result) while threads 0 and 2,
 * on the same network at the same time, run the whole battery to the
 * same bits as the serial run. No callback ever runs on another thread.
 */
static void test_threads__progress_and_stop_stay_on_their_thread(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(build_network(&net));
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    progress_worker w[NTHREADS];
    memset(w, 0, sizeof w);
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i].index = i;
        w[i].net = net;
        w[i].want = serial_run(0);
        w[i].start = &start;
    }
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, progress_thread, &w[i]), 0);
    for (int i = 0; i < NTHREADS; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < NTHREADS; i++) {
        assert_no_problem(w[i].problem, i, i % 2 ? "stopping" : "running");
        assert_true(w[i].pr.calls > 0);
        assert_int_equal(w[i].pr.foreign, 0);
    }
    /* a stopping thread's callback is asked once per analysis: it stops
     * at the first report */
    assert_int_equal(w[1].pr.calls, 2 * 4);
    assert_int_equal(w[3].pr.calls, 2 * 4);
    flow_network_free(net);
}

/* ---- no lock outside igraph ------------------------------------------------------- */

/* Long enough never to end a working run; bounds a broken one. */
#define MEANWHILE_SECONDS 60

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int inside;    /* the igraph thread waits in its callback, inside igraph */
    int done;      /* the other thread finished its work */
    int timed_out; /* the callback gave up waiting */
    flow_network *net;
    char problem[1024];
} meanwhile;

/* Leiden's first report comes from inside the igraph gate (it reports
 * between trials, under the lock): wait there until the other thread has
 * done its work, or the time runs out. */
static int meanwhile_cb(double percent, const char *message, void *payload)
{
    (void)percent;
    (void)message;
    meanwhile *m = payload;
    pthread_mutex_lock(&m->mu);
    if (!m->inside) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += MEANWHILE_SECONDS;
        m->inside = 1;
        pthread_cond_broadcast(&m->cv);
        while (!m->done && !m->timed_out)
            if (pthread_cond_timedwait(&m->cv, &m->mu, &until) == ETIMEDOUT) m->timed_out = 1;
    }
    pthread_mutex_unlock(&m->mu);
    return 0;
}

static void *leiden_thread(void *arg)
{
    meanwhile *m = arg;
    flow_selection *sel = NULL;
    flow_table *t = NULL;
    if (flow_selection_new(&sel, m->net) != FLOW_OK ||
        flow_selection_set_progress(sel, meanwhile_cb, m) != FLOW_OK ||
        flow_cluster_detect(&t, sel, FLOW_CLUSTER_LEIDEN, NULL) != FLOW_OK)
        note(m->problem, sizeof m->problem, "Leiden: %s", flow_last_error());
    flow_table_free(t);
    flow_selection_free(sel);
    return NULL;
}

/* While the Leiden thread holds the igraph lock: a fresh selection of the
 * same network, built, and the analyses without igraph on it. */
static void *lockfree_thread(void *arg)
{
    meanwhile *m = arg;
    pthread_mutex_lock(&m->mu);
    while (!m->inside) pthread_cond_wait(&m->cv, &m->mu);
    pthread_mutex_unlock(&m->mu);

    flow_selection *sel = NULL;
    flow_table *t = NULL;
    double ru = 0, rw = 0;
    static const char *const east[] = {"east"};
    int rc = flow_selection_new(&sel, m->net);
    if (rc == FLOW_OK) rc = flow_selection_build(sel);
    if (rc == FLOW_OK) rc = flow_selection_table(&t, sel);
    flow_table_free(t);
    t = NULL;
    if (rc == FLOW_OK) rc = flow_bottleneck_widest_path(&t, sel, "R00", "R47");
    flow_table_free(t);
    t = NULL;
    if (rc == FLOW_OK) rc = flow_brokerage_from_groups(&t, sel, east, 1, NULL);
    flow_table_free(t);
    t = NULL;
    if (rc == FLOW_OK) rc = flow_structure_hhi(&t, sel, FLOW_STRUCTURE_TOTAL);
    flow_table_free(t);
    t = NULL;
    if (rc == FLOW_OK) rc = flow_structure_backbone(&t, sel, 0.05);
    flow_table_free(t);
    if (rc == FLOW_OK) rc = flow_structure_reciprocity(&ru, &rw, sel);
    if (rc != FLOW_OK) note(m->problem, sizeof m->problem, "meanwhile: %s", flow_last_error());
    flow_selection_free(sel);

    pthread_mutex_lock(&m->mu);
    m->done = 1;
    pthread_cond_broadcast(&m->cv);
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

/*
 * (e) common.h: only igraph itself is serialised. One thread stops inside
 * igraph (in Leiden's progress callback, holding the igraph lock) until a
 * second thread has built a selection of the same network and run the
 * analyses that need no igraph on it (its graph table, a widest path,
 * brokerage, HHI, the backbone, reciprocity) and freed it. Had any of
 * these taken the lock, the first thread would give up after
 * MEANWHILE_SECONDS and the test fail.
 */
static void test_threads__no_lock_outside_igraph(void **state)
{
    (void)state;
    meanwhile m;
    memset(&m, 0, sizeof m);
    assert_int_equal(pthread_mutex_init(&m.mu, NULL), 0);
    assert_int_equal(pthread_cond_init(&m.cv, NULL), 0);
    assert_flow_ok(build_network(&m.net));
    pthread_t a, b;
    assert_int_equal(pthread_create(&a, NULL, leiden_thread, &m), 0);
    assert_int_equal(pthread_create(&b, NULL, lockfree_thread, &m), 0);
    assert_int_equal(pthread_join(b, NULL), 0);
    assert_int_equal(pthread_join(a, NULL), 0);
    assert_no_problem(m.problem, 0, "no lock outside igraph");
    assert_true(m.done);
    assert_false(m.timed_out);
    pthread_cond_destroy(&m.cv);
    pthread_mutex_destroy(&m.mu);
    flow_network_free(m.net);
}

/*
 * (f) A stress of everything at once, as the contract allows (common.h,
 * network.h, selection.h): six threads for STRESS_ROUNDS rounds each, each
 * round one of five jobs by (thread + round) % 5:
 *   0 load a data set from files (tests/fixtures/io/basic), select, run
 *     PageRank, free the network before the selection;
 *   1 on the shared network: a new selection with a counting progress
 *     callback, Leiden and walktrap, then close (free) it;
 *   2 on the shared network: a selection whose callback stops the second
 *     report: Leiden must end FLOW_EINTERRUPTED, no result;
 *   3 load flows from a buffer in memory, select, the no-lock analyses
 *     (widest path, backbone, summary), free the selection first;
 *   4 errors: an unknown factor fails with this thread's own message.
 * Each thread also holds a selection of the shared network made by the
 * main thread, and frees it at the end, concurrently with the others (the
 * network's reference count); the main thread frees the network after
 * the join (a freed network handle cannot make new selections, even while
 * selections keep it alive). Run clean under ThreadSanitizer (preset
 * "tsan").
 */
#define STRESS_THREADS 6
#define STRESS_ROUNDS 10

typedef struct {
    int index;
    flow_selection *first; /* on the shared network; freed by the thread */
    pthread_barrier_t *start;
    int progress_calls, stop_after;
    char problem[256];
} stress_worker;

static int stress_progress(double percent, const char *message, void *payload)
{
    (void)percent;
    (void)message;
    stress_worker *w = payload;
    w->progress_calls++;
    return w->stop_after > 0 && w->progress_calls >= w->stop_after;
}

static void stress_job(stress_worker *w, int job, flow_network *shared)
{
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    flow_table *t = NULL;
    int rc;
    switch (job) {
    case 0:
        if ((rc = flow_io_load(&net, FIXTURE("io/basic"))) != FLOW_OK ||
            (rc = flow_selection_new(&sel, net)) != FLOW_OK ||
            (rc = flow_centrality_compute(&t, sel, FLOW_PAGERANK, NULL)) != FLOW_OK)
            note(w->problem, sizeof w->problem, "load and PageRank: %s", flow_last_error());
        flow_network_free(net); /* before its selection: allowed */
        break;
    case 1:
        w->progress_calls = 0;
        w->stop_after = 0;
        if ((rc = flow_selection_new(&sel, shared)) != FLOW_OK ||
            (rc = flow_selection_set_progress(sel, stress_progress, w)) != FLOW_OK ||
            (rc = flow_cluster_detect(&t, sel, FLOW_CLUSTER_LEIDEN, NULL)) != FLOW_OK)
            note(w->problem, sizeof w->problem, "Leiden: %s", flow_last_error());
        flow_table_free(t);
        t = NULL;
        if (!w->problem[0] &&
            flow_cluster_detect(&t, sel, FLOW_CLUSTER_WALKTRAP, NULL) != FLOW_OK)
            note(w->problem, sizeof w->problem, "walktrap: %s", flow_last_error());
        if (!w->problem[0] && w->progress_calls < 2)
            note(w->problem, sizeof w->problem, "%d progress calls", w->progress_calls);
        break;
    case 2:
        w->progress_calls = 0;
        w->stop_after = 2;
        if (flow_selection_new(&sel, shared) != FLOW_OK ||
            flow_selection_set_progress(sel, stress_progress, w) != FLOW_OK)
            note(w->problem, sizeof w->problem, "selection: %s", flow_last_error());
        else if ((rc = flow_cluster_detect(&t, sel, FLOW_CLUSTER_LEIDEN, NULL)) !=
                     FLOW_EINTERRUPTED ||
                 t)
            note(w->problem, sizeof w->problem, "stopped Leiden gave %d", rc);
        break;
    case 3: {
        static const char text[] = "source,target,factor,weight,year\n"
                                   "a,b,talent,3,2020\nb,c,talent,1,2020\nc,a,talent,2,2021\n"
                                   "c,d,capital,5,2021\nd,a,capital,1,2020\n";
        flow_table *p = NULL, *b = NULL, *sum = NULL;
        if (flow_io_load_flows_buffer(&net, text, sizeof text - 1, NULL) != FLOW_OK ||
            flow_selection_new(&sel, net) != FLOW_OK ||
            flow_bottleneck_widest_path(&p, sel, "a", "d") != FLOW_OK ||
            flow_structure_backbone(&b, sel, 0.5) != FLOW_OK ||
            flow_summary_compute(&sum, sel) != FLOW_OK)
            note(w->problem, sizeof w->problem, "buffer: %s", flow_last_error());
        flow_table_free(p);
        flow_table_free(b);
        flow_table_free(sum);
        flow_selection_free(sel); /* before its network */
        sel = NULL;
        flow_network_free(net);
        break;
    }
    default: {
        char factor[32];
        snprintf(factor, sizeof factor, "no-such-factor-%d", w->index);
        const char *f[] = {factor};
        if (flow_selection_new(&sel, shared) != FLOW_OK)
            note(w->problem, sizeof w->problem, "selection: %s", flow_last_error());
        else if (flow_selection_set_factors(sel, f, 1) == FLOW_OK &&
                 flow_selection_build(sel) == FLOW_OK)
            note(w->problem, sizeof w->problem, "unknown factor accepted");
        else if (!strstr(flow_last_error(), factor))
            note(w->problem, sizeof w->problem, "another thread's error: %s", flow_last_error());
        break;
    }
    }
    flow_table_free(t);
    flow_selection_free(sel);
}

static void *stress_thread(void *arg)
{
    stress_worker *w = arg;
    flow_network *shared = flow_selection_network(w->first);
    pthread_barrier_wait(w->start);
    for (int r = 0; r < STRESS_ROUNDS; r++) stress_job(w, (w->index + r) % 5, shared);
    flow_selection_free(w->first); /* concurrently with the others */
    return NULL;
}

static void test_threads__stress_mixed_jobs(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(build_network(&net));
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, STRESS_THREADS), 0);
    stress_worker w[STRESS_THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < STRESS_THREADS; i++) {
        w[i].index = i;
        w[i].start = &start;
        assert_flow_ok(flow_selection_new(&w[i].first, net));
    }
    pthread_t th[STRESS_THREADS];
    for (int i = 0; i < STRESS_THREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, stress_thread, &w[i]), 0);
    for (int i = 0; i < STRESS_THREADS; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
    flow_network_free(net);
    for (int i = 0; i < STRESS_THREADS; i++) assert_no_problem(w[i].problem, i, "stress");
    pthread_barrier_destroy(&start);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads__own_networks_match_serial_run),
        cmocka_unit_test(test_threads__shared_network_matches_serial_run),
        cmocka_unit_test(test_threads__selections_handed_between_threads),
        cmocka_unit_test(test_threads__last_error_is_per_thread),
        cmocka_unit_test(test_threads__progress_and_stop_stay_on_their_thread),
        cmocka_unit_test(test_threads__no_lock_outside_igraph),
        cmocka_unit_test(test_threads__stress_mixed_jobs),
    };
    return cmocka_run_group_tests_name("threads", tests, NULL, free_serial);
}

/*
 * Tests of libflow/centrality.h.
 *
 * Two kinds of checks:
 *  - small graphs whose values are derived by hand in the comments;
 *  - cross-checks of every vertex against networkx 2.8 (and python-igraph
 *    0.10 where both libraries' tie rules must match), computed by
 *    tests/fixtures/centrality/oracle.py from the raw flows CSV, on a
 *    seeded random multi-factor network and on the shared data sets.
 * Exact algorithms must agree to 1e-12 (relative; weighted distances to
 * 1e-10, igraph's tie tolerance), PageRank (libflow's own solver) with
 * both networkx and python-igraph's PRPACK to 1e-9, the other iterative
 * ones (HITS, eigenvector) to 1e-6.
 */
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "libflow/centrality.h"

#ifndef FLOW_TEST_TMPDIR
#define FLOW_TEST_TMPDIR "."
#endif

#define ORACLE FIXTURE("centrality/oracle.py")
#define PYTHON "/usr/bin/python3"

#define EXACT 1e-12
#define ITER 1e-6
#define PAGERANK 1e-9
/* Weighted shortest-path lengths: igraph's Dijkstra treats lengths equal
 * within a relative 1e-10 as equal (IGRAPH_SHORTEST_PATH_EPSILON), so a
 * distance may come from a path up to that much longer than networkx's. */
#define PATHS 1e-10

/* ---- helpers --------------------------------------------------------------- */

typedef struct {
    const char *s, *t, *f;
    double w;
    int year;
} flow_row;

static flow_network *make_net(const char *const *nodes, size_t nn, const flow_row *rows, size_t nr)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    for (size_t i = 0; i < nn; i++)
        assert_flow_ok(flow_network_add_node(net, nodes[i], NULL, NULL, NULL));
    for (size_t k = 0; k < nr; k++)
        assert_flow_ok(
            flow_network_add_flow(net, rows[k].s, rows[k].t, rows[k].f, rows[k].w, rows[k].year));
    return net;
}

static flow_selection *make_sel(flow_network *net, int directed)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_directed(sel, directed));
    return sel;
}

/* Reading a per-vertex table: column 0 "node", column 1 the values. */
static double score(const flow_table *t, size_t v)
{
    return v < flow_table_row_count(t) ? flow_table_doubles(t, 1)[v] : NAN;
}

static const char *score_id(const flow_table *t, size_t v) { return flow_table_text(t, 0, v); }

/* Value of `measure` at the vertex of node `id`. */
static double value_of(const flow_table *s, const char *id)
{
    for (size_t v = 0; v < flow_table_row_count(s); v++)
        if (strcmp(score_id(s, v), id) == 0) return score(s, v);
    print_error("no vertex '%s' in the scores\n", id);
    fail();
    return NAN;
}

static flow_table *compute(flow_selection *sel, int measure, const flow_centrality_options *o)
{
    flow_table *s = NULL;
    assert_flow_ok(flow_centrality_compute(&s, sel, measure, o));
    assert_non_null(s);
    const char *name = flow_registry_name("centrality", measure);
    assert_string_equal(flow_table_name(s), name);
    /* the table's shape: node, then the values under the measure's name */
    assert_int_equal(flow_table_column_count(s), 2);
    assert_string_equal(flow_table_column_name(s, 0), "node");
    assert_int_equal(flow_table_column_type(s, 0), FLOW_COLUMN_NODE);
    assert_string_equal(flow_table_column_name(s, 1), name);
    assert_int_equal(flow_table_column_type(s, 1), FLOW_COLUMN_DOUBLE);
    assert_string_equal(flow_table_meta(s, "analysis"), name);
    return s;
}

/* Expected values by node id, in the order of `ids`; NAN expects NAN. */
static void expect(flow_selection *sel, int measure, const flow_centrality_options *o,
                   const char *const *ids, const double *want, size_t n, double tol)
{
    flow_table *s = compute(sel, measure, o);
    for (size_t i = 0; i < n; i++) {
        double got = value_of(s, ids[i]);
        if ((isnan(want[i]) && isnan(got)) || got == want[i]) continue;
        if (!(fabs(got - want[i]) <= tol * fmax(1.0, fabs(want[i])))) {
            print_error("%s at %s = %.17g, expected %.17g\n", flow_registry_name("centrality", measure),
                        ids[i], got, want[i]);
            flow_table_free(s);
            fail();
        }
    }
    flow_table_free(s);
}

/* ---- the Python oracle ------------------------------------------------------- */

typedef struct {
    char name[64];
    double *v;
    size_t n;
} ref_line;

typedef struct {
    ref_line *lines;
    size_t count;
} oracle;

static int python_ready(void)
{
    static int ready = -1; /* asked once: importing networkx takes a second */
    if (ready < 0)
        ready = path_exists(PYTHON) &&
                system(PYTHON " -c 'import networkx, igraph, scipy' >/dev/null 2>&1") == 0;
    return ready;
}

#define skip_unless_python()                                                                       \
    do {                                                                                           \
        if (!python_ready()) {                                                                     \
            print_message("skipped: " PYTHON " with networkx/igraph missing\n");                   \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* Writes the network's flows as a flows.csv (source,target,factor,weight,year). */
static void write_flows_csv(const flow_network *net, const char *path)
{
    flow_table *t = NULL;
    assert_flow_ok(flow_network_table(&t, net, "flows"));
    const double *w = flow_table_doubles(t, 3);
    const int64_t *year = flow_table_ints(t, 4);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "source,target,factor,weight,year\n");
    for (size_t k = 0; k < flow_table_row_count(t); k++) {
        fprintf(f, "%s,%s,%s,%.17g,", flow_table_text(t, 0, k), flow_table_text(t, 1, k),
                flow_table_text(t, 2, k), w[k]);
        if (year[k] != FLOW_NO_YEAR) fprintf(f, "%d", (int)year[k]);
        fprintf(f, "\n");
    }
    fclose(f);
    flow_table_free(t);
}

/* Runs oracle.py on a flows CSV for the vertices of `sel` and reads its
 * output. `args` are the oracle's selection options. */
static void oracle_run(oracle *o, flow_selection *sel, const char *flows_csv, const char *tag,
                       const char *args)
{
    char vpath[512], opath[512], cmd[2048];
    snprintf(vpath, sizeof vpath, "%s/centrality_%s_vertices.txt", FLOW_TEST_TMPDIR, tag);
    snprintf(opath, sizeof opath, "%s/centrality_%s_oracle.txt", FLOW_TEST_TMPDIR, tag);
    FILE *f = fopen(vpath, "w");
    assert_non_null(f);
    write_vertex_ids(f, sel);
    fclose(f);
    snprintf(cmd, sizeof cmd, PYTHON " '%s' '%s' '%s' '%s' %s", ORACLE, flows_csv, vpath, opath,
             args ? args : "");
    if (system(cmd) != 0) {
        print_error("oracle failed: %s\n", cmd);
        fail();
    }
    f = fopen(opath, "r");
    assert_non_null(f);
    o->lines = NULL;
    o->count = 0;
    size_t n = graph_vertex_count(sel);
    static char line[1 << 20];
    while (fgets(line, sizeof line, f)) {
        o->lines = realloc(o->lines, (o->count + 1) * sizeof *o->lines);
        ref_line *r = &o->lines[o->count++];
        char *p = line;
        size_t len = strcspn(p, " ");
        assert_true(len < sizeof r->name);
        memcpy(r->name, p, len);
        r->name[len] = '\0';
        p += len;
        r->v = calloc(n ? n : 1, sizeof(double));
        r->n = 0;
        while (*p == ' ' && r->n < n) {
            char *end;
            r->v[r->n++] = strtod(p + 1, &end);
            p = end;
        }
        assert_int_equal(r->n, n);
    }
    fclose(f);
}

static void oracle_free(oracle *o)
{
    for (size_t i = 0; i < o->count; i++) free(o->lines[i].v);
    free(o->lines);
    o->lines = NULL;
    o->count = 0;
}

static const ref_line *oracle_get(const oracle *o, const char *name)
{
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(o->lines[i].name, name) == 0) return &o->lines[i];
    print_error("oracle has no variant '%s'\n", name);
    fail();
    return NULL;
}

/* Compares every vertex of a measure with an oracle variant: |a - b| <=
 * tol * max(|a|, |b|) + 1e-13 (the absolute slack absorbs exact zeros that
 * an iterative solver leaves at 1e-17). Both NaN agree. Prints the largest
 * relative difference (the agreement figure). */
static void check(flow_selection *sel, int measure, const flow_centrality_options *o,
                  const oracle *ref, const char *variant, double tol)
{
    const ref_line *r = oracle_get(ref, variant);
    flow_table *s = compute(sel, measure, o);
    assert_int_equal(flow_table_row_count(s), r->n);
    double worst = 0;
    for (size_t v = 0; v < r->n; v++) {
        double a = score(s, v), b = r->v[v];
        if (isnan(a) || isnan(b)) {
            if (isnan(a) != isnan(b)) {
                print_error("%s vs %s at %s: %.17g vs %.17g\n",
                            flow_registry_name("centrality", measure), variant, score_id(s, v), a,
                            b);
                flow_table_free(s);
                fail();
            }
            continue;
        }
        double diff = fabs(a - b), scale = fmax(fabs(a), fabs(b));
        if (!(diff <= tol * scale + 1e-13)) {
            print_error("%s vs %s at %s: %.17g vs %.17g (rel %.3g)\n",
                        flow_registry_name("centrality", measure), variant, score_id(s, v), a, b,
                        diff / scale);
            flow_table_free(s);
            fail();
        }
        if (scale > 1e-12 && diff / scale > worst) worst = diff / scale;
    }
    print_message("    %-28s max rel diff %.2e over %zu vertices\n", variant, worst, r->n);
    flow_table_free(s);
}

/* PageRank against the oracle's networkx variant and its python-igraph
 * (PRPACK) twin "ig<variant>". */
static void check_pagerank(flow_selection *sel, const flow_centrality_options *o,
                           const oracle *ref, const char *variant)
{
    char ig[80];
    snprintf(ig, sizeof ig, "ig%s", variant);
    check(sel, FLOW_PAGERANK, o, ref, variant, PAGERANK);
    check(sel, FLOW_PAGERANK, o, ref, ig, PAGERANK);
}

/* The whole battery of variants the oracle computes for one selection. */
static void check_all(flow_selection *sel, const oracle *ref, int with_pers,
                      int nx_betweenness_inverse)
{
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    static const char *const base[] = {"in_strength", "out_strength", "strength", "net_flow",
                                       "in_degree",   "out_degree",   "degree"};
    for (int m = FLOW_IN_STRENGTH; m <= FLOW_DEGREE; m++) check(sel, m, &o, ref, base[m], EXACT);
    o.normalized = 1;
    check(sel, FLOW_IN_DEGREE, &o, ref, "in_degree_norm", EXACT);
    check(sel, FLOW_OUT_DEGREE, &o, ref, "out_degree_norm", EXACT);
    check(sel, FLOW_DEGREE, &o, ref, "degree_norm", EXACT);
    o.normalized = 0;

    check_pagerank(sel, &o, ref, "pagerank_d85");
    o.damping = 0.5;
    check_pagerank(sel, &o, ref, "pagerank_d50");
    o.damping = 0;
    check_pagerank(sel, &o, ref, "pagerank_d0");
    o.damping = 0.85;
    if (with_pers) {
        static const char *const pers[] = {"n03", "n17", "n55"};
        o.personalization = pers;
        o.personalization_count = 3;
        check_pagerank(sel, &o, ref, "pagerank_pers");
        o.personalization = NULL;
        o.personalization_count = 0;
    }
    check(sel, FLOW_HUB, &o, ref, "hub", ITER);
    check(sel, FLOW_AUTHORITY, &o, ref, "authority", ITER);
    check(sel, FLOW_EIGENVECTOR, &o, ref, "eigenvector", ITER);
    check(sel, FLOW_CONSTRAINT, &o, ref, "constraint", EXACT);
    check(sel, FLOW_PARTICIPATION, &o, ref, "participation", EXACT);

    static const int lens[] = {FLOW_LENGTH_INVERSE, FLOW_LENGTH_UNIT, FLOW_LENGTH_WEIGHT};
    static const char *const lname[] = {"inverse", "unit", "weight"};
    static const int modes[] = {FLOW_PATH_OUT, FLOW_PATH_IN, FLOW_PATH_ALL};
    static const char *const mname[] = {"out", "in", "all"};
    char v[64];
    for (int l = 0; l < 3; l++) {
        o.length = lens[l];
        for (int norm = 0; norm < 2; norm++) {
            o.normalized = norm;
            if (lens[l] != FLOW_LENGTH_INVERSE || nx_betweenness_inverse) {
                snprintf(v, sizeof v, "betweenness_%s_%s", lname[l], norm ? "norm" : "raw");
                check(sel, FLOW_BETWEENNESS, &o, ref, v, EXACT);
            }
            if (!norm) {
                snprintf(v, sizeof v, "igbetweenness_%s_raw", lname[l]);
                check(sel, FLOW_BETWEENNESS, &o, ref, v, EXACT);
            }
            for (int md = 0; md < 3; md++) {
                o.mode = modes[md];
                snprintf(v, sizeof v, "closeness_%s_%s_%s", mname[md], lname[l],
                         norm ? "norm" : "raw");
                check(sel, FLOW_CLOSENESS, &o, ref, v, lens[l] == FLOW_LENGTH_UNIT ? EXACT : PATHS);
                snprintf(v, sizeof v, "harmonic_%s_%s_%s", mname[md], lname[l],
                         norm ? "norm" : "raw");
                check(sel, FLOW_HARMONIC, &o, ref, v, lens[l] == FLOW_LENGTH_UNIT ? EXACT : PATHS);
                if (lens[l] == FLOW_LENGTH_UNIT) { /* reach ignores lengths */
                    snprintf(v, sizeof v, "reach_%s_%s", mname[md], norm ? "norm" : "raw");
                    check(sel, FLOW_REACH, &o, ref, v, EXACT);
                }
            }
            o.mode = FLOW_PATH_OUT;
        }
    }
}

/* A seeded random multi-factor network: 60 nodes n00..n59, 3 factors, years
 * 2018-2020, ~400 flows with non-integer weights (so that no two path
 * lengths tie), reciprocal pairs, dangling nodes n52..n57 (no outflow),
 * n58 isolated, n59 with a self-loop only, and a self-loop on n05. */
static uint64_t lcg_state;
static double lcg01(void)
{
    lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(lcg_state >> 11) * (1.0 / 9007199254740992.0);
}

static flow_network *random_net(uint64_t seed)
{
    static const char *const factors[] = {"talent", "capital", "technology"};
    flow_network *net = NULL;
    char id[16], id2[16];
    assert_flow_ok(flow_network_new(&net));
    for (int i = 0; i < 60; i++) {
        snprintf(id, sizeof id, "n%02d", i);
        assert_flow_ok(flow_network_add_node(net, id, NULL, "region", NULL));
    }
    lcg_state = seed;
    int added = 0;
    while (added < 360) {
        int s = (int)(lcg01() * 52), t = (int)(lcg01() * 58);
        if (s == t) continue;
        double u = lcg01();
        double w = 0.05 + 20 * u * u;
        const char *f = factors[(int)(lcg01() * 3)];
        int year = 2018 + (int)(lcg01() * 3);
        snprintf(id, sizeof id, "n%02d", s);
        snprintf(id2, sizeof id2, "n%02d", t);
        assert_flow_ok(flow_network_add_flow(net, id, id2, f, w, year));
        if (added % 9 == 0) { /* a reciprocal flow, another factor */
            assert_flow_ok(flow_network_add_flow(net, id2, id, factors[(int)(lcg01() * 3)],
                                                 0.1 + 5 * lcg01(), year));
        }
        added++;
    }
    /* dangling nodes get inflows only (n52..n57 are never sources above) */
    assert_flow_ok(flow_network_add_flow(net, "n05", "n05", "talent", 3.0, 2019));
    assert_flow_ok(flow_network_add_flow(net, "n59", "n59", "capital", 1.5, 2020));
    return net;
}

/* ---- names and options --------------------------------------------------------- */

static void test_centrality__measure_names(void **state)
{
    (void)state;
    static const char *const names[] = {
        "in_strength", "out_strength", "strength",   "net_flow",     "in_degree",   "out_degree",
        "degree",      "pagerank",     "hub",        "authority",    "betweenness", "closeness",
        "harmonic",    "eigenvector",  "constraint", "participation", "reach"};
    static const int ids[] = {
        FLOW_IN_STRENGTH, FLOW_OUT_STRENGTH, FLOW_STRENGTH,    FLOW_NET_FLOW,
        FLOW_IN_DEGREE,   FLOW_OUT_DEGREE,   FLOW_DEGREE,      FLOW_PAGERANK,
        FLOW_HUB,         FLOW_AUTHORITY,    FLOW_BETWEENNESS, FLOW_CLOSENESS,
        FLOW_HARMONIC,    FLOW_EIGENVECTOR,  FLOW_CONSTRAINT,  FLOW_PARTICIPATION,
        FLOW_REACH};
    assert_int_equal(FLOW_CENTRALITY_MEASURES, 17);
    /* the "centrality" registry names the measures */
    for (int i = 0; i < 17; i++) {
        assert_string_equal(flow_registry_name("centrality", ids[i]), names[i]);
        assert_int_equal(flow_registry_lookup("centrality", names[i]), ids[i]);
    }
    assert_null(flow_registry_name("centrality", -1));
    assert_null(flow_registry_name("centrality", FLOW_CENTRALITY_MEASURES));
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("centrality", "pagerrank"));
    assert_error_contains("did you mean 'pagerank'");
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("centrality", "PageRank_centrality_xyz"));
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("centrality", ""));
    assert_flow_fails(FLOW_EINVAL, flow_registry_lookup("centrality", NULL));
    /* the length and path families name the options' constants */
    assert_int_equal(flow_registry_lookup("length", "unit"), FLOW_LENGTH_UNIT);
    assert_int_equal(flow_registry_lookup("path", "all"), FLOW_PATH_ALL);
}

static void test_centrality__options_init(void **state)
{
    (void)state;
    flow_centrality_options a = FLOW_CENTRALITY_OPTIONS_INIT, b;
    memset(&b, 0xab, sizeof b);
    assert_flow_ok(flow_centrality_options_init(&b, FLOW_CENTRALITY_OPTIONS_VERSION));
    assert_int_equal(b.version, FLOW_CENTRALITY_OPTIONS_VERSION);
    assert_true(b.damping == 0.85 && a.damping == 0.85);
    assert_null(b.personalization);
    assert_int_equal(b.personalization_count, 0);
    assert_int_equal(b.length, FLOW_LENGTH_INVERSE);
    assert_int_equal(b.mode, FLOW_PATH_OUT);
    assert_int_equal(b.normalized, 0);
    assert_int_equal(a.version, b.version);
    assert_int_equal(a.length, b.length);
    assert_int_equal(a.mode, b.mode);
    assert_int_equal(a.normalized, b.normalized);
    assert_int_equal(b.sources, 0);
    assert_true(b.seed == 1 && a.sources == 0 && a.seed == 1);
    assert_flow_fails(FLOW_EINVAL, flow_centrality_options_init(&b, 3));
    assert_flow_fails(FLOW_EINVAL, flow_centrality_options_init(&b, 0));
    /* version 1 (without sources and seed) is still filled */
    flow_centrality_options c;
    memset(&c, 0xab, sizeof c);
    assert_flow_ok(flow_centrality_options_init(&c, 1));
    assert_int_equal(c.version, 1);
    assert_true(c.damping == 0.85 && c.normalized == 0);
    assert_flow_fails(FLOW_EINVAL, flow_centrality_options_init(NULL, 1));
}

/* networkx 2.8's own path counting (its internals: the sampled estimator
 * of its betweenness_centrality scales by n / k, the later one used here
 * by (n - 1) / k, and (n - 1) / (k - 1) for a sampled vertex). argv: the
 * edges "source<TAB>target<TAB>length", the sources (one a line),
 * "directed" or "undirected", the vertex count. */
static const char *const sampled_py =
    "import sys\n"
    "try:\n"
    "    import networkx as nx\n"
    "    from networkx.algorithms.centrality.betweenness import (\n"
    "        _single_source_dijkstra_path_basic as sp, _accumulate_basic as acc)\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "directed = sys.argv[3] == 'directed'\n"
    "G = nx.DiGraph() if directed else nx.Graph()\n"
    "G.add_nodes_from('v%d' % i for i in range(int(sys.argv[4])))\n"
    "for line in open(sys.argv[1]):\n"
    "    s, t, l = line.split('\\t')\n"
    "    G.add_edge(s, t, length=float(l))\n"
    "src = [l.strip() for l in open(sys.argv[2]) if l.strip()]\n"
    "b = dict.fromkeys(G, 0.0)\n"
    "for s in src:\n"
    "    S, P, sigma, _ = sp(G, s, 'length')\n"
    "    b, _ = acc(b, S, P, sigma, s)\n"
    "n, k = len(G), len(src)\n"
    "for v in sorted(G, key=lambda x: int(x[1:])):\n"
    "    x = b[v] * (n - 1) / (k - 1 if v in src else k)\n"
    "    print(v, repr(x if directed else x / 2))\n";

/* Betweenness from a sample of sources: reproducible from its seed, exact
 * when the sample is every vertex, and equal to networkx's path counts
 * from the same sources with networkx's estimator. A random graph of 60
 * vertices and 240 flows, integer weights (exact path lengths). */
static void test_centrality__betweenness_from_sampled_sources(void **state)
{
    (void)state;
    enum { NV = 60, NF = 240 };
    char names[NV][8];
    const char *nodes[NV];
    flow_row rows[NF];
    for (int i = 0; i < NV; i++) {
        snprintf(names[i], sizeof names[i], "v%d", i);
        nodes[i] = names[i];
    }
    uint32_t st = 12345;
    for (int k = 0; k < NF; k++) {
        st = st * 1664525u + 1013904223u;
        int a = (int)((st >> 8) % NV);
        st = st * 1664525u + 1013904223u;
        int b = (int)((st >> 8) % NV);
        st = st * 1664525u + 1013904223u;
        rows[k] = (flow_row){nodes[a], nodes[b == a ? (b + 1) % NV : b], "talent",
                             (double)(1 + (st >> 8) % 4), FLOW_NO_YEAR};
    }
    flow_network *net = make_net(nodes, NV, rows, NF);
    for (int directed = 1; directed >= 0; directed--) {
        flow_selection *sel = make_sel(net, directed);
        flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
        o.length = FLOW_LENGTH_WEIGHT;
        flow_table *exact = NULL, *a = NULL, *b = NULL;
        assert_flow_ok(flow_centrality_compute(&exact, sel, FLOW_BETWEENNESS, &o));
        assert_string_equal(flow_table_meta(exact, "sources"), "all");
        assert_null(flow_table_meta(exact, "seed"));
        assert_null(flow_table_part(exact, "sources"));

        /* a sample as large as the graph: the exact values, unchanged */
        o.sources = NV;
        assert_flow_ok(flow_centrality_compute(&a, sel, FLOW_BETWEENNESS, &o));
        for (size_t v = 0; v < NV; v++) assert_true(score(a, v) == score(exact, v));
        flow_table_free(a);

        /* 12 sources: the same seed draws the same sample */
        o.sources = 12;
        o.seed = 7;
        assert_flow_ok(flow_centrality_compute(&a, sel, FLOW_BETWEENNESS, &o));
        assert_flow_ok(flow_centrality_compute(&b, sel, FLOW_BETWEENNESS, &o));
        assert_string_equal(flow_table_meta(a, "sources"), "12");
        assert_string_equal(flow_table_meta(a, "seed"), "7");
        const flow_table *src = flow_table_part(a, "sources");
        assert_non_null(src);
        assert_int_equal(flow_table_row_count(src), 12);
        for (size_t i = 1; i < 12; i++) /* distinct, in vertex order */
            assert_true(flow_table_ints(src, 0)[i] > flow_table_ints(src, 0)[i - 1]);
        double diff = 0, total = 0;
        for (size_t v = 0; v < NV; v++) {
            assert_true(score(a, v) == score(b, v));
            diff += fabs(score(a, v) - score(exact, v));
            total += score(exact, v);
        }
        print_message("    %s: 12 of 60 sources, mean abs error %.1f%% of the mean value\n",
                      directed ? "directed" : "undirected", 100 * diff / total);
        assert_true(diff > 0); /* an estimate, not the exact values */
        flow_table_free(b);
        o.seed = 8;
        assert_flow_ok(flow_centrality_compute(&b, sel, FLOW_BETWEENNESS, &o));
        int same = 1;
        for (size_t i = 0; i < 12; i++)
            same &= flow_table_ints(flow_table_part(b, "sources"), 0)[i] ==
                    flow_table_ints(src, 0)[i];
        assert_false(same);
        flow_table_free(b);

        /* networkx's path counts from the same sources */
        if (python_ready()) {
            char epath[512], spath[512], cmd[2048];
            snprintf(epath, sizeof epath, "%s/sampled-edges-%ld.tmp", FLOW_TEST_TMPDIR,
                     (long)getpid());
            snprintf(spath, sizeof spath, "%s/sampled-sources-%ld.tmp", FLOW_TEST_TMPDIR,
                     (long)getpid());
            flow_table *g = NULL;
            assert_flow_ok(flow_selection_table(&g, sel));
            FILE *f = fopen(epath, "w");
            assert_non_null(f);
            for (size_t e = 0; e < flow_table_row_count(g); e++)
                fprintf(f, "%s\t%s\t%.17g\n", flow_table_text(g, 0, e), flow_table_text(g, 1, e),
                        flow_table_doubles(g, 2)[e]);
            assert_int_equal(fclose(f), 0);
            flow_table_free(g);
            f = fopen(spath, "w");
            assert_non_null(f);
            for (size_t i = 0; i < 12; i++) fprintf(f, "%s\n", flow_table_text(src, 0, i));
            assert_int_equal(fclose(f), 0);
            char script[512];
            snprintf(script, sizeof script, "%s/sampled-py-%ld.tmp", FLOW_TEST_TMPDIR,
                     (long)getpid());
            f = fopen(script, "w");
            assert_non_null(f);
            fputs(sampled_py, f);
            assert_int_equal(fclose(f), 0);
            snprintf(cmd, sizeof cmd, PYTHON " '%s' '%s' '%s' %s %d", script, epath, spath,
                     directed ? "directed" : "undirected", NV);
            FILE *p = popen(cmd, "r");
            assert_non_null(p);
            char id[16];
            double x;
            size_t n = 0;
            while (fscanf(p, "%15s %lf", id, &x) == 2) {
                assert_string_equal(id, score_id(a, n));
                assert_close(score(a, n), x, 1e-9);
                n++;
            }
            assert_int_equal(pclose(p), 0);
            assert_int_equal(n, NV);
            unlink(epath);
            unlink(spath);
            unlink(script);
        }
        flow_table_free(a);

        /* normalised: the estimate, normalised as the exact values are */
        o.normalized = 1;
        assert_flow_ok(flow_centrality_compute(&b, sel, FLOW_BETWEENNESS, &o));
        o.normalized = 0;
        assert_flow_ok(flow_centrality_compute(&a, sel, FLOW_BETWEENNESS, &o));
        double scale = (directed ? 1.0 : 2.0) / ((NV - 1) * (NV - 2));
        for (size_t v = 0; v < NV; v++) assert_close(score(b, v), score(a, v) * scale, 1e-15);
        flow_table_free(a);
        flow_table_free(b);

        /* one source is no sample; version 1 options: exact */
        o.sources = 1;
        assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&a, sel, FLOW_BETWEENNESS, &o));
        assert_error_contains("at least 2");
        o.sources = 5;
        o.version = 1;
        assert_flow_ok(flow_centrality_compute(&a, sel, FLOW_BETWEENNESS, &o));
        for (size_t v = 0; v < NV; v++) assert_true(score(a, v) == score(exact, v));
        assert_string_equal(flow_table_meta(a, "sources"), "all");
        flow_table_free(a);
        flow_table_free(exact);
        flow_selection_free(sel);
    }
    flow_network_free(net);
}

static void test_centrality__bad_arguments(void **state)
{
    (void)state;
    static const char *const nodes[] = {"a", "b", "c"};
    static const flow_row rows[] = {{"a", "b", "talent", 1, FLOW_NO_YEAR}};
    flow_network *net = make_net(nodes, 3, rows, 1);
    assert_flow_ok(flow_network_add_member(net, "pair", "a", NULL));
    flow_selection *sel = make_sel(net, 1);
    flow_table *s = (flow_table *)(uintptr_t)1; /* must be reset to NULL */
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;

    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(NULL, sel, FLOW_PAGERANK, NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_centrality_compute(&s, NULL, FLOW_PAGERANK, NULL));
    assert_null(s);
    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&s, sel, -1, NULL));
    assert_flow_fails(FLOW_EINVAL,
                      flow_centrality_compute(&s, sel, FLOW_CENTRALITY_MEASURES, NULL));
    assert_null(s);

    double bad_damping[] = {1.0, -0.1, 1.5, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_damping / sizeof *bad_damping; i++) {
        o.damping = bad_damping[i];
        assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&s, sel, FLOW_PAGERANK, &o));
        assert_error_contains("damping");
        assert_null(s);
    }
    o.damping = 0.85;
    o.length = 3;
    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&s, sel, FLOW_BETWEENNESS, &o));
    assert_error_contains("length");
    o.length = FLOW_LENGTH_INVERSE;
    o.mode = -1;
    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&s, sel, FLOW_CLOSENESS, &o));
    assert_error_contains("mode");
    o.mode = FLOW_PATH_OUT;
    o.normalized = 2;
    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&s, sel, FLOW_BETWEENNESS, &o));
    o.normalized = 0;
    o.version = 3;
    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&s, sel, FLOW_STRENGTH, &o));
    assert_error_contains("version");
    o.version = FLOW_CENTRALITY_OPTIONS_VERSION;

    /* personalisation: NULL list with a count, NULL name, unknown id */
    o.personalization_count = 1;
    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&s, sel, FLOW_PAGERANK, &o));
    const char *null_name[] = {NULL};
    o.personalization = null_name;
    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&s, sel, FLOW_PAGERANK, &o));
    const char *typo[] = {"pairr"};
    o.personalization = typo;
    assert_flow_fails(FLOW_ENOTFOUND, flow_centrality_compute(&s, sel, FLOW_PAGERANK, &o));
    assert_error_contains("did you mean 'pair'");
    const char *typo2[] = {"bb"};
    o.personalization = typo2;
    assert_flow_fails(FLOW_ENOTFOUND, flow_centrality_compute(&s, sel, FLOW_PAGERANK, &o));
    assert_error_contains("'bb'");
    assert_null(s);
    /* other measures do not resolve the set */
    s = compute(sel, FLOW_STRENGTH, &o);
    flow_table_free(s);

    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- hand-checked values ------------------------------------------------------- */

static void test_centrality__strengths_and_degrees(void **state)
{
    (void)state;
    /* a->b talent 3 and capital 2 (one edge of weight 5), b->a 1, b->c 4,
     * a self-loop on c (internal, not counted), d isolated. */
    static const char *const nodes[] = {"a", "b", "c", "d"};
    static const flow_row rows[] = {{"a", "b", "talent", 3, FLOW_NO_YEAR},
                                    {"a", "b", "capital", 2, FLOW_NO_YEAR},
                                    {"b", "a", "talent", 1, FLOW_NO_YEAR},
                                    {"b", "c", "talent", 4, FLOW_NO_YEAR},
                                    {"c", "c", "talent", 5, FLOW_NO_YEAR}};
    flow_network *net = make_net(nodes, 4, rows, 5);
    flow_selection *sel = make_sel(net, 1);
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    /* in: a 1, b 5, c 4, d 0; out: a 5, b 5, c 0, d 0 */
    expect(sel, FLOW_IN_STRENGTH, NULL, nodes, (double[]){1, 5, 4, 0}, 4, EXACT);
    expect(sel, FLOW_OUT_STRENGTH, NULL, nodes, (double[]){5, 5, 0, 0}, 4, EXACT);
    expect(sel, FLOW_STRENGTH, NULL, nodes, (double[]){6, 10, 4, 0}, 4, EXACT);
    expect(sel, FLOW_NET_FLOW, NULL, nodes, (double[]){4, 0, -4, 0}, 4, EXACT);
    /* edges a->b, b->a, b->c */
    expect(sel, FLOW_IN_DEGREE, NULL, nodes, (double[]){1, 1, 1, 0}, 4, EXACT);
    expect(sel, FLOW_OUT_DEGREE, NULL, nodes, (double[]){1, 2, 0, 0}, 4, EXACT);
    expect(sel, FLOW_DEGREE, NULL, nodes, (double[]){2, 3, 1, 0}, 4, EXACT);
    o.normalized = 1; /* divided by n - 1 = 3 */
    expect(sel, FLOW_DEGREE, &o, nodes, (double[]){2 / 3.0, 1, 1 / 3.0, 0}, 4, EXACT);
    expect(sel, FLOW_OUT_DEGREE, &o, nodes, (double[]){1 / 3.0, 2 / 3.0, 0, 0}, 4, EXACT);
    /* normalisation does not touch strengths */
    expect(sel, FLOW_STRENGTH, &o, nodes, (double[]){6, 10, 4, 0}, 4, EXACT);
    o.normalized = 0;

    /* undirected: a-b 6, b-c 4; in = out = strength; net 0; degrees = neighbours */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    for (int m = FLOW_IN_STRENGTH; m <= FLOW_STRENGTH; m++)
        expect(sel, m, NULL, nodes, (double[]){6, 10, 4, 0}, 4, EXACT);
    expect(sel, FLOW_NET_FLOW, NULL, nodes, (double[]){0, 0, 0, 0}, 4, EXACT);
    for (int m = FLOW_IN_DEGREE; m <= FLOW_DEGREE; m++)
        expect(sel, m, NULL, nodes, (double[]){1, 2, 1, 0}, 4, EXACT);

    /* only talent: a->b 3 */
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_directed(sel, 1));
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    expect(sel, FLOW_OUT_STRENGTH, NULL, nodes, (double[]){3, 5, 0, 0}, 4, EXACT);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__pagerank_hand(void **state)
{
    (void)state;
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    /* a->b, b dangling. x_a = (1-d)/2 + d x_b / 2 (b jumps uniformly) and
     * x_a + x_b = 1 give x_a = 1/(2+d), x_b = (1+d)/(2+d). */
    static const char *const n2[] = {"a", "b"};
    static const flow_row r2[] = {{"a", "b", "talent", 7, FLOW_NO_YEAR}};
    flow_network *net = make_net(n2, 2, r2, 1);
    flow_selection *sel = make_sel(net, 1);
    expect(sel, FLOW_PAGERANK, NULL, n2, (double[]){1 / 2.85, 1.85 / 2.85}, 2, 1e-9);
    /* personalised on {a}: jumps and the dangling b go to a:
     * x_a = (1-d) + d x_b, x_b = d x_a  =>  x_a = 1/(1+d), x_b = d/(1+d) */
    const char *pa[] = {"a", "a"}; /* a duplicate counts once */
    o.personalization = pa;
    o.personalization_count = 2;
    expect(sel, FLOW_PAGERANK, &o, n2, (double[]){1 / 1.85, 0.85 / 1.85}, 2, 1e-9);
    /* the same set named by a group */
    assert_flow_ok(flow_network_add_member(net, "seed", "a", NULL));
    const char *grp[] = {"seed"};
    o.personalization = grp;
    o.personalization_count = 1;
    expect(sel, FLOW_PAGERANK, &o, n2, (double[]){1 / 1.85, 0.85 / 1.85}, 2, 1e-9);
    o.personalization = NULL;
    o.personalization_count = 0;
    /* damping 0: the uniform jump only */
    o.damping = 0;
    expect(sel, FLOW_PAGERANK, &o, n2, (double[]){0.5, 0.5}, 2, 1e-12);
    flow_selection_free(sel);
    flow_network_free(net);

    /* one node, its flow to itself no edge: 1, at any damping */
    static const char *const n1[] = {"a"};
    static const flow_row r1[] = {{"a", "a", "talent", 5, FLOW_NO_YEAR}};
    net = make_net(n1, 1, r1, 1);
    for (int directed = 0; directed <= 1; directed++) {
        sel = make_sel(net, directed);
        o.damping = 0.85;
        expect(sel, FLOW_PAGERANK, &o, n1, (double[]){1}, 1, 0);
        o.damping = 0.999;
        expect(sel, FLOW_PAGERANK, &o, n1, (double[]){1}, 1, 0);
        flow_selection_free(sel);
    }
    flow_network_free(net);
    o.damping = 0.85;

    /* Weights are transition strengths: a->b 3, a->c 1, b->a 1, c->a 1,
     * d = 0.5. x_a = (1-d)/3 + d (x_b + x_c), x_b = (1-d)/3 + d 3/4 x_a,
     * x_c = (1-d)/3 + d 1/4 x_a give x_a = (1+2d)/(3(1+d)) = 4/9,
     * x_b = 1/3, x_c = 2/9. */
    static const char *const n3[] = {"a", "b", "c"};
    static const flow_row r3[] = {{"a", "b", "talent", 2, FLOW_NO_YEAR},
                                  {"a", "b", "capital", 1, 2020}, /* factors add up: 3 */
                                  {"a", "c", "talent", 1, FLOW_NO_YEAR},
                                  {"b", "a", "talent", 1, FLOW_NO_YEAR},
                                  {"c", "a", "talent", 1, FLOW_NO_YEAR}};
    net = make_net(n3, 3, r3, 5);
    sel = make_sel(net, 1);
    o.damping = 0.5;
    expect(sel, FLOW_PAGERANK, &o, n3, (double[]){4 / 9.0, 1 / 3.0, 2 / 9.0}, 3, 1e-9);
    /* scaling every weight leaves PageRank unchanged, even near overflow
     * (the weights are divided by their maximum before igraph sees them) */
    flow_selection_free(sel);
    flow_network_free(net);
    static const flow_row r3big[] = {{"a", "b", "talent", 1.5e308, FLOW_NO_YEAR},
                                     {"a", "b", "capital", 0.75e308, 2020},
                                     {"a", "c", "talent", 0.75e308, FLOW_NO_YEAR},
                                     {"b", "a", "talent", 0.75e308, FLOW_NO_YEAR},
                                     {"c", "a", "talent", 0.75e308, FLOW_NO_YEAR}};
    net = make_net(n3, 3, r3big, 5);
    sel = make_sel(net, 1);
    /* a->b sums to 2.25e308 = inf: refused rather than passed to igraph */
    flow_table *s = NULL;
    assert_flow_fails(FLOW_ELIMIT, flow_centrality_compute(&s, sel, FLOW_PAGERANK, &o));
    assert_null(s);
    assert_flow_fails(FLOW_ELIMIT, flow_centrality_compute(&s, sel, FLOW_OUT_STRENGTH, &o));
    assert_error_contains("overflows");
    assert_null(s);
    /* the selection itself refuses the infinite weight, for every measure */
    assert_flow_fails(FLOW_ELIMIT, flow_centrality_compute(&s, sel, FLOW_OUT_DEGREE, NULL));
    assert_error_contains("from 'a' to 'b'");
    assert_null(s);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    /* talent only: every pair is finite, but the selection's total
     * (3.75e308) is not, so strengths would be infinite: refused too
     * (selection.h), naming the pair where the total overflows */
    assert_flow_fails(FLOW_ELIMIT, flow_centrality_compute(&s, sel, FLOW_PAGERANK, &o));
    assert_error_contains("total weight overflows");
    assert_error_contains("from 'a' to 'c'");
    assert_null(s);
    flow_selection_free(sel);
    flow_network_free(net);
    /* a quarter of those weights: a->b 0.375e308, a->c 0.1875e308 (a's
     * out-strength 0.5625e308, the total 0.9375e308: finite), b->a, c->a:
     * the shape of the 2:1 weights, so x_a = (1+2d)/(3(1+d)),
     * x_b = (1-d)/3 + d (2/3) x_a, x_c = (1-d)/3 + d (1/3) x_a */
    static const flow_row r3quarter[] = {{"a", "b", "talent", 0.375e308, FLOW_NO_YEAR},
                                         {"a", "c", "talent", 0.1875e308, FLOW_NO_YEAR},
                                         {"b", "a", "talent", 0.1875e308, FLOW_NO_YEAR},
                                         {"c", "a", "talent", 0.1875e308, FLOW_NO_YEAR}};
    net = make_net(n3, 3, r3quarter, 4);
    sel = make_sel(net, 1);
    double xa = 4 / 9.0, xb = 1 / 6.0 + 0.5 * 2 / 3.0 * xa, xc = 1 / 6.0 + 0.5 / 3.0 * xa;
    expect(sel, FLOW_PAGERANK, &o, n3, (double[]){xa, xb, xc}, 3, 1e-9);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* 400 nodes in four parts that no flow joins: a (p000..p199, random flows,
 * several factors and repeated pairs; p190..p199 receive only: dangling),
 * b (p200..p349, random), c (p350..p389, a chain of DAG-like flows ending in
 * the dangling p389) and ten isolated nodes (p390..p399). Self-loop flows at
 * p005, p195 (dangling, with its loop) and p395 (isolated, with its loop).
 * With `loops` 0 the same network without them. */
static flow_network *pagerank_net(int loops)
{
    static const char *const factors[] = {"talent", "capital", "technology"};
    flow_network *net = NULL;
    char a[16], b[16];
    assert_flow_ok(flow_network_new(&net));
    for (int i = 0; i < 400; i++) {
        snprintf(a, sizeof a, "p%03d", i);
        assert_flow_ok(flow_network_add_node(net, a, NULL, NULL, NULL));
    }
    lcg_state = 99;
    for (int k = 0; k < 1600; k++) {
        int in_a = k < 1000;
        int s = in_a ? (int)(lcg01() * 190) : 200 + (int)(lcg01() * 150);
        int t = in_a ? (int)(lcg01() * 200) : 200 + (int)(lcg01() * 150);
        double u = lcg01(), w = 0.01 + 50 * u * u * u;
        const char *f = factors[(int)(lcg01() * 3)];
        if (s == t) continue;
        snprintf(a, sizeof a, "p%03d", s);
        snprintf(b, sizeof b, "p%03d", t);
        assert_flow_ok(flow_network_add_flow(net, a, b, f, w, 2020));
    }
    for (int i = 350; i < 389; i++) {
        snprintf(a, sizeof a, "p%03d", i);
        snprintf(b, sizeof b, "p%03d", i + 1);
        assert_flow_ok(flow_network_add_flow(net, a, b, "talent", 1 + i % 7, 2020));
        if (i % 3 == 0 && i + 5 < 390) {
            snprintf(b, sizeof b, "p%03d", i + 5);
            assert_flow_ok(flow_network_add_flow(net, a, b, "capital", 0.5, 2020));
        }
    }
    if (loops) {
        assert_flow_ok(flow_network_add_flow(net, "p005", "p005", "talent", 40, 2020));
        assert_flow_ok(flow_network_add_flow(net, "p195", "p195", "talent", 9, 2020));
        assert_flow_ok(flow_network_add_flow(net, "p395", "p395", "capital", 3, 2020));
    }
    return net;
}

/* PageRank's conventions (centrality.h) on a graph past PRPACK's dense
 * solver (igraph solves 128 vertices and more by Gauss-Seidel over strongly
 * connected components): dangling and isolated vertices, disconnected
 * parts, a personalisation set holding a dangling, an isolated and a
 * looped vertex, damping 0 to 0.999, directed and undirected, against
 * networkx and python-igraph at 1e-9 on every vertex. The values sum to 1,
 * and the self-loop flows change nothing (they are no edges: bit for bit
 * the values without them). */
static void test_centrality__pagerank_vs_igraph_and_networkx(void **state)
{
    (void)state;
    skip_unless_python();
    flow_network *net = pagerank_net(1), *plain = pagerank_net(0);
    char csv[512];
    snprintf(csv, sizeof csv, "%s/centrality_pagerank_flows.csv", FLOW_TEST_TMPDIR);
    write_flows_csv(net, csv);
    static const char *const pers[] = {"p003", "p195", "p260", "p395"};
    for (int directed = 1; directed >= 0; directed--) {
        flow_selection *sel = make_sel(net, directed), *sel0 = make_sel(plain, directed);
        oracle ref;
        oracle_run(&ref, sel, csv, directed ? "pagerank_d" : "pagerank_u",
                   directed ? "--near-1 --pers p003,p195,p260,p395 "
                              "--skip hits,eigenvector,betweenness,paths --constraint numpy"
                            : "--undirected --near-1 --pers p003,p195,p260,p395 "
                              "--skip hits,eigenvector,betweenness,paths --constraint numpy");
        static const double damping[] = {0.85, 0.5, 0, 0.99, 0.999, 0.85, 0.99};
        static const char *const variant[] = {"pagerank_d85", "pagerank_d50",  "pagerank_d0",
                                              "pagerank_d99", "pagerank_d999", "pagerank_pers",
                                              "pagerank_pers_d99"};
        for (size_t i = 0; i < sizeof damping / sizeof *damping; i++) {
            flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
            o.damping = damping[i];
            if (strstr(variant[i], "pers")) {
                o.personalization = pers;
                o.personalization_count = 4;
            }
            check_pagerank(sel, &o, &ref, variant[i]);
            flow_table *t = compute(sel, FLOW_PAGERANK, &o), *t0 = compute(sel0, FLOW_PAGERANK, &o);
            assert_int_equal(flow_table_row_count(t), 400);
            double sum = 0;
            for (size_t v = 0; v < 400; v++) {
                sum += score(t, v);
                assert_true(score(t, v) == score(t0, v));
            }
            assert_close(sum, 1.0, 1e-12);
            flow_table_free(t);
            flow_table_free(t0);
        }
        oracle_free(&ref);
        flow_selection_free(sel);
        flow_selection_free(sel0);
    }
    flow_network_free(net);
    flow_network_free(plain);
}

/* A damping so close to 1 that the sweeps cannot reach the tolerance: a
 * clear FLOW_ECONVERGE and no table, never an unconverged value. Two
 * vertices joined both ways have no dangling vertex, so the solution
 * |r| / (1 - d) = 2e12 builds up by about 2 a sweep, past the cap of a
 * million sweeps. */
static void test_centrality__pagerank_cap(void **state)
{
    (void)state;
    static const char *const n2[] = {"a", "b"};
    static const flow_row r2[] = {{"a", "b", "talent", 1, FLOW_NO_YEAR}};
    flow_network *net = make_net(n2, 2, r2, 1);
    flow_selection *sel = make_sel(net, 0);
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    o.damping = 1 - 1e-12;
    flow_table *t = (flow_table *)&t;
    assert_flow_fails(FLOW_ECONVERGE, flow_centrality_compute(&t, sel, FLOW_PAGERANK, &o));
    assert_null(t);
    assert_error_contains("1000000 sweeps");
    assert_error_contains("too close to 1");
    /* 0.999 converges there: 1/2 each */
    o.damping = 0.999;
    expect(sel, FLOW_PAGERANK, &o, n2, (double[]){0.5, 0.5}, 2, 1e-12);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: HITS squares the weights (A^T A), so weights near 1e300 made
 * igraph fail with "ARPACK error" although no sum overflowed. Scores do not
 * change when every weight is multiplied by the same factor. */
static void test_centrality__hits_with_extreme_weights(void **state)
{
    (void)state;
    static const char *const n3[] = {"a", "b", "c"};
    static const flow_row small[] = {{"a", "b", "x", 2, FLOW_NO_YEAR},
                                     {"a", "c", "x", 1, FLOW_NO_YEAR},
                                     {"b", "c", "x", 3, FLOW_NO_YEAR}};
    static const flow_row huge[] = {{"a", "b", "x", 2e300, FLOW_NO_YEAR},
                                    {"a", "c", "x", 1e300, FLOW_NO_YEAR},
                                    {"b", "c", "x", 3e300, FLOW_NO_YEAR}};
    flow_network *n1 = make_net(n3, 3, small, 3), *n2 = make_net(n3, 3, huge, 3);
    flow_selection *s1 = make_sel(n1, 1), *s2 = make_sel(n2, 1);
    static const int measures[] = {FLOW_HUB, FLOW_AUTHORITY, FLOW_EIGENVECTOR, FLOW_PAGERANK};
    for (size_t m = 0; m < 4; m++) {
        flow_table *a = NULL, *b = NULL;
        assert_flow_ok(flow_centrality_compute(&a, s1, measures[m], NULL));
        assert_flow_ok(flow_centrality_compute(&b, s2, measures[m], NULL));
        for (size_t v = 0; v < 3; v++)
            assert_close(score(b, v), score(a, v), 1e-9);
        flow_table_free(a);
        flow_table_free(b);
    }
    flow_selection_free(s1);
    flow_selection_free(s2);
    flow_network_free(n1);
    flow_network_free(n2);
}

/* Regression: on two vertices igraph 0.10.2 swaps hubs and authorities,
 * and gives NaN authorities for a single edge (found by the analyses
 * fuzzer). A A^T = diag(w_ab^2, w_ba^2): the hub is the heavier sender. */
static void test_centrality__hits_on_two_vertices(void **state)
{
    (void)state;
    static const char *const n2[] = {"a", "b"};
    static const flow_row one[] = {{"b", "a", "x", 1, FLOW_NO_YEAR}};
    static const flow_row both[] = {{"a", "b", "x", 1, FLOW_NO_YEAR},
                                    {"b", "a", "x", 2, FLOW_NO_YEAR}};
    for (int k = 0; k < 2; k++) {
        flow_network *net = k ? make_net(n2, 2, both, 2) : make_net(n2, 2, one, 1);
        flow_selection *sel = make_sel(net, 1);
        flow_table *h = NULL, *a = NULL;
        assert_flow_ok(flow_centrality_compute(&h, sel, FLOW_HUB, NULL));
        assert_flow_ok(flow_centrality_compute(&a, sel, FLOW_AUTHORITY, NULL));
        /* b sends the most, a receives the most */
        assert_true(score(h, 0) == 0 && score(h, 1) == 1);
        assert_true(score(a, 0) == 1 && score(a, 1) == 0);
        flow_table_free(h);
        flow_table_free(a);
        flow_selection_free(sel);
        flow_network_free(net);
    }
}

static void test_centrality__hits_and_eigenvector_hand(void **state)
{
    (void)state;
    /* a->b, a->c, d->b (weights 1). Authorities: A^T A on {b, c} is
     * [[2, 1], [1, 1]], principal eigenvector (1, (sqrt 5 - 1)/2); hubs:
     * A A^T on {a, d} is the same matrix. Others 0. */
    static const char *const nodes[] = {"a", "b", "c", "d"};
    static const flow_row rows[] = {{"a", "b", "f", 1, FLOW_NO_YEAR},
                                    {"a", "c", "f", 1, FLOW_NO_YEAR},
                                    {"d", "b", "f", 1, FLOW_NO_YEAR}};
    const double g = (sqrt(5.0) - 1) / 2;
    flow_network *net = make_net(nodes, 4, rows, 3);
    flow_selection *sel = make_sel(net, 1);
    expect(sel, FLOW_HUB, NULL, nodes, (double[]){1, 0, 0, g}, 4, ITER);
    expect(sel, FLOW_AUTHORITY, NULL, nodes, (double[]){0, 1, g, 0}, 4, ITER);
    /* the graph is acyclic: eigenvector centrality is 0 everywhere, and
     * igraph's warning about it is kept for flow_last_warning() */
    expect(sel, FLOW_EIGENVECTOR, NULL, nodes, (double[]){0, 0, 0, 0}, 4, 0);
    assert_non_null(strstr(flow_last_warning(), "acyclic"));
    expect(sel, FLOW_HUB, NULL, nodes, (double[]){1, 0, 0, g}, 4, ITER);
    assert_string_equal(flow_last_warning(), ""); /* reset by the next analysis */
    /* undirected: the path c - a - b - d, eigenvector of the path P4:
     * (1, phi, phi, 1) / phi with phi = (1 + sqrt 5)/2, i.e. ends g, middle 1;
     * hub = authority = eigenvector */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    for (int m = FLOW_HUB; m <= FLOW_AUTHORITY; m++)
        expect(sel, m, NULL, nodes, (double[]){1, 1, g, g}, 4, ITER);
    expect(sel, FLOW_EIGENVECTOR, NULL, nodes, (double[]){1, 1, g, g}, 4, ITER);
    flow_selection_free(sel);
    flow_network_free(net);

    /* A directed cycle a->b->c->a of equal weights: x = A^T x / lambda
     * with lambda = 2 gives all 1. */
    static const char *const n3[] = {"a", "b", "c"};
    static const flow_row cyc[] = {{"a", "b", "f", 2, FLOW_NO_YEAR},
                                   {"b", "c", "f", 2, FLOW_NO_YEAR},
                                   {"c", "a", "f", 2, FLOW_NO_YEAR}};
    net = make_net(n3, 3, cyc, 3);
    sel = make_sel(net, 1);
    expect(sel, FLOW_EIGENVECTOR, NULL, n3, (double[]){1, 1, 1}, 3, ITER);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__paths_hand(void **state)
{
    (void)state;
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    /* a->b w1, b->c w1, a->c w4. Inverse lengths 1, 1, 0.25 and unit hops
     * take a->c directly (b: 0); weight-as-distance makes a->b->c (2) shorter
     * than a->c (4) (b: 1). */
    static const char *const n3[] = {"a", "b", "c"};
    static const flow_row r3[] = {{"a", "b", "f", 1, FLOW_NO_YEAR},
                                  {"b", "c", "f", 1, FLOW_NO_YEAR},
                                  {"a", "c", "f", 4, FLOW_NO_YEAR}};
    flow_network *net = make_net(n3, 3, r3, 3);
    flow_selection *sel = make_sel(net, 1);
    expect(sel, FLOW_BETWEENNESS, &o, n3, (double[]){0, 0, 0}, 3, EXACT);
    o.length = FLOW_LENGTH_UNIT;
    expect(sel, FLOW_BETWEENNESS, &o, n3, (double[]){0, 0, 0}, 3, EXACT);
    o.length = FLOW_LENGTH_WEIGHT;
    expect(sel, FLOW_BETWEENNESS, &o, n3, (double[]){0, 1, 0}, 3, EXACT);
    /* normalised, directed n = 3: times 1/((n-1)(n-2)) = 1/2 */
    o.normalized = 1;
    expect(sel, FLOW_BETWEENNESS, &o, n3, (double[]){0, 0.5, 0}, 3, EXACT);
    /* undirected: pairs counted once, normalised by 2/((n-1)(n-2)) = 1 */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    expect(sel, FLOW_BETWEENNESS, &o, n3, (double[]){0, 1, 0}, 3, EXACT);
    o.normalized = 0;
    expect(sel, FLOW_BETWEENNESS, &o, n3, (double[]){0, 1, 0}, 3, EXACT);
    flow_selection_free(sel);
    flow_network_free(net);

    /* Ties: a->b (w 10, length 0.1), b->c (w 5, 0.2) against a->e, e->c (w
     * 20/3 each, length 0.15): 0.1 + 0.2 = 0.30000000000000004 and 0.15 +
     * 0.15 = 0.3 agree within 1e-10, so there are two shortest a -> c paths
     * and b and e get 1/2 each. */
    static const char *const n4[] = {"a", "b", "c", "e"};
    static const flow_row tie[] = {{"a", "b", "f", 10, FLOW_NO_YEAR},
                                   {"b", "c", "f", 5, FLOW_NO_YEAR},
                                   {"a", "e", "f", 20 / 3.0, FLOW_NO_YEAR},
                                   {"e", "c", "f", 20 / 3.0, FLOW_NO_YEAR}};
    net = make_net(n4, 4, tie, 4);
    sel = make_sel(net, 1);
    o.length = FLOW_LENGTH_INVERSE;
    expect(sel, FLOW_BETWEENNESS, &o, n4, (double[]){0, 0.5, 0, 0.5}, 4, EXACT);
    flow_selection_free(sel);
    flow_network_free(net);

    /* Closeness and harmonic: a->b w1 (length 1), b->c w2 (0.5), d isolated.
     * out: a reaches b at 1, c at 1.5: raw 1/2.5, normalised 2/2.5;
     *      b reaches c at 0.5: 2 and 2; c, d reach nobody: NAN.
     * in:  b is reached from a at 1: 1 and 1; c from b (0.5) and a (1.5):
     *      1/2 and 2/2 = 1; a, d: NAN.
     * all: a: 1 + 1.5; b: 1 + 0.5; c: 0.5 + 1.5. */
    static const char *const nc[] = {"a", "b", "c", "d"};
    static const flow_row rc[] = {{"a", "b", "f", 1, FLOW_NO_YEAR},
                                  {"b", "c", "f", 2, FLOW_NO_YEAR}};
    net = make_net(nc, 4, rc, 2);
    assert_flow_ok(flow_network_add_node(net, "z", NULL, NULL, NULL)); /* not in nc */
    sel = make_sel(net, 1);
    o = (flow_centrality_options)FLOW_CENTRALITY_OPTIONS_INIT;
    expect(sel, FLOW_CLOSENESS, &o, nc, (double[]){0.4, 2, NAN, NAN}, 4, EXACT);
    o.normalized = 1;
    expect(sel, FLOW_CLOSENESS, &o, nc, (double[]){0.8, 2, NAN, NAN}, 4, EXACT);
    o.mode = FLOW_PATH_IN;
    expect(sel, FLOW_CLOSENESS, &o, nc, (double[]){NAN, 1, 1, NAN}, 4, EXACT);
    o.normalized = 0;
    expect(sel, FLOW_CLOSENESS, &o, nc, (double[]){NAN, 1, 0.5, NAN}, 4, EXACT);
    o.mode = FLOW_PATH_ALL;
    expect(sel, FLOW_CLOSENESS, &o, nc, (double[]){1 / 2.5, 1 / 1.5, 1 / 2.0, NAN}, 4, EXACT);
    /* harmonic: out a 1 + 1/1.5, b 2, c 0, d 0; n - 1 = 4 for normalising */
    o.mode = FLOW_PATH_OUT;
    expect(sel, FLOW_HARMONIC, &o, nc, (double[]){1 + 1 / 1.5, 2, 0, 0}, 4, EXACT);
    o.normalized = 1;
    expect(sel, FLOW_HARMONIC, &o, nc, (double[]){(1 + 1 / 1.5) / 4, 0.5, 0, 0}, 4, EXACT);
    o.normalized = 0;
    o.mode = FLOW_PATH_IN;
    expect(sel, FLOW_HARMONIC, &o, nc, (double[]){0, 1, 2 + 1 / 1.5, 0}, 4, EXACT);
    o.mode = FLOW_PATH_ALL;
    expect(sel, FLOW_HARMONIC, &o, nc, (double[]){1 + 1 / 1.5, 3, 2 + 1 / 1.5, 0}, 4, EXACT);
    o.mode = FLOW_PATH_OUT;
    o.length = FLOW_LENGTH_UNIT; /* hops: a: 1 + 1/2 */
    expect(sel, FLOW_HARMONIC, &o, nc, (double[]){1.5, 1, 0, 0}, 4, EXACT);
    /* undirected: mode makes no difference */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    o.length = FLOW_LENGTH_INVERSE;
    for (int md = FLOW_PATH_OUT; md <= FLOW_PATH_ALL; md++) {
        o.mode = md;
        expect(sel, FLOW_HARMONIC, &o, nc, (double[]){1 + 1 / 1.5, 3, 2 + 1 / 1.5, 0}, 4, EXACT);
    }
    flow_selection_free(sel);
    flow_network_free(net);

    /* A weight of 1e-310 (finite, > 0) has no finite inverse length. */
    static const flow_row tiny[] = {{"a", "b", "f", 1e-310, FLOW_NO_YEAR}};
    net = make_net(nc, 4, tiny, 1);
    sel = make_sel(net, 1);
    flow_table *s = NULL;
    o = (flow_centrality_options)FLOW_CENTRALITY_OPTIONS_INIT;
    assert_flow_fails(FLOW_ELIMIT, flow_centrality_compute(&s, sel, FLOW_BETWEENNESS, &o));
    assert_null(s);
    o.length = FLOW_LENGTH_UNIT; /* fine without lengths */
    expect(sel, FLOW_HARMONIC, &o, nc, (double[]){1, 0, 0, 0}, 4, EXACT);
    o.length = FLOW_LENGTH_WEIGHT; /* and as a distance: 1 / 1e-310 = inf */
    expect(sel, FLOW_HARMONIC, &o, nc, (double[]){INFINITY, 0, 0, 0}, 4, EXACT);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__constraint_hand(void **state)
{
    (void)state;
    /* Star a - b, a - c, a - d (undirected, weight 1): p_ab = 1/3 and no
     * leaf knows another, so c_a = 3 (1/3)^2 = 1/3; a leaf depends on a
     * alone: 1. e isolated: NAN. */
    static const char *const nodes[] = {"a", "b", "c", "d", "e"};
    static const flow_row star[] = {{"a", "b", "f", 1, FLOW_NO_YEAR},
                                    {"c", "a", "f", 1, FLOW_NO_YEAR},
                                    {"a", "d", "f", 1, FLOW_NO_YEAR}};
    flow_network *net = make_net(nodes, 5, star, 3);
    flow_selection *sel = make_sel(net, 0);
    expect(sel, FLOW_CONSTRAINT, NULL, nodes, (double[]){1 / 3.0, 1, 1, 1, NAN}, 5, EXACT);
    /* directed: direction is ignored, same values */
    assert_flow_ok(flow_selection_set_directed(sel, 1));
    expect(sel, FLOW_CONSTRAINT, NULL, nodes, (double[]){1 / 3.0, 1, 1, 1, NAN}, 5, EXACT);
    flow_selection_free(sel);
    flow_network_free(net);

    /* Weighted, both directions summed: a->b 2, b->a 1, c->a 1, c->b 1.
     * a: w_ab + w_ba = 3, w_ac + w_ca = 1: p_ab = 3/4, p_ac = 1/4;
     * b: ba 3, bc 1: p_ba = 3/4, p_bc = 1/4; c: ca 1, cb 1: 1/2 each.
     * c_a = (p_ab + p_ac p_cb)^2 + (p_ac + p_ab p_bc)^2
     *     = (3/4 + 1/8)^2 + (1/4 + 3/16)^2 = 49/64 + 49/256 = 245/256;
     * c_b = the same by symmetry; c_c = 2 (1/2 + 1/2 3/4)^2 = 2 (7/8)^2. */
    static const char *const n3[] = {"a", "b", "c"};
    static const flow_row w3[] = {{"a", "b", "f", 2, FLOW_NO_YEAR},
                                  {"b", "a", "f", 1, FLOW_NO_YEAR},
                                  {"c", "a", "f", 1, FLOW_NO_YEAR},
                                  {"c", "b", "f", 1, FLOW_NO_YEAR}};
    net = make_net(n3, 3, w3, 4);
    sel = make_sel(net, 1);
    expect(sel, FLOW_CONSTRAINT, NULL, n3, (double[]){245 / 256.0, 245 / 256.0, 2 * 49 / 64.0}, 3,
           EXACT);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    expect(sel, FLOW_CONSTRAINT, NULL, n3, (double[]){245 / 256.0, 245 / 256.0, 2 * 49 / 64.0}, 3,
           EXACT);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__participation_hand(void **state)
{
    (void)state;
    /* a->b talent 1 (2020), a->b capital 1 (2021), a->c technology 2 (2020),
     * b->b technology 5 (intra: left out), d isolated.
     * All three factors (K = 3):
     *   a: 1, 1, 2 of 4: 3/2 (1 - (1 + 1 + 4)/16) = 15/16
     *   b: 1, 1, 0 of 2: 3/2 (1 - 1/2) = 3/4
     *   c: 0, 0, 2: 0;  d: no flow: NAN */
    static const char *const nodes[] = {"a", "b", "c", "d"};
    static const flow_row rows[] = {{"a", "b", "talent", 1, 2020},
                                    {"a", "b", "capital", 1, 2021},
                                    {"a", "c", "technology", 2, 2020},
                                    {"b", "b", "technology", 5, 2020}};
    flow_network *net = make_net(nodes, 4, rows, 4);
    flow_selection *sel = make_sel(net, 1);
    expect(sel, FLOW_PARTICIPATION, NULL, nodes, (double[]){15 / 16.0, 0.75, 0, NAN}, 4, EXACT);
    /* direction makes no difference */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    expect(sel, FLOW_PARTICIPATION, NULL, nodes, (double[]){15 / 16.0, 0.75, 0, NAN}, 4, EXACT);
    /* shares: factor totals talent 1, capital 1, technology 2 + 5 (the
     * intra-node flow counts in the factor's total) = 7:
     *   a: 1, 1, 2/7: s = 16/7, sum sq = (49 + 49 + 4)/256 = 102/256,
     *      P = 3/2 (154/256) = 231/256;  b: 3/4;  c: 0 */
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    expect(sel, FLOW_PARTICIPATION, NULL, nodes, (double[]){231 / 256.0, 0.75, 0, NAN}, 4, EXACT);
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SUM));
    /* two factors, K = 2: a: 1, 1: 2 (1 - 1/2) = 1; b: 1; c: no flow: NAN */
    const char *two[] = {"talent", "capital"};
    assert_flow_ok(flow_selection_set_factors(sel, two, 2));
    expect(sel, FLOW_PARTICIPATION, NULL, nodes, (double[]){1, 1, NAN, NAN}, 4, EXACT);
    /* one factor: 0 wherever there is flow */
    assert_flow_ok(flow_selection_set_factors(sel, two, 1));
    expect(sel, FLOW_PARTICIPATION, NULL, nodes, (double[]){0, 0, NAN, NAN}, 4, EXACT);
    /* year 2020, all factors (K = 3 still): a: 1, 0, 2: 3/2 (1 - 5/9) = 2/3;
     * b: 1, 0, 0: 0; c: 0 */
    assert_flow_ok(flow_selection_set_factors(sel, NULL, 0));
    assert_flow_ok(flow_selection_set_years(sel, 2020, 2020));
    expect(sel, FLOW_PARTICIPATION, NULL, nodes, (double[]){2 / 3.0, 0, 0, NAN}, 4, EXACT);
    flow_selection_free(sel);
    flow_network_free(net);

    /* Roll-up: a1, a2 in region A, b1 in region B. a1->a2 talent 10 is
     * intra-A after the roll-up; a1->b1 talent 1, a2->b1 capital 3.
     * Regions: A: talent 1, capital 3: 2 (1 - (1 + 9)/16) = 3/4; B the same.
     * Institutions: a1: talent 11: 0; a2: talent 10, capital 3:
     * 2 (1 - 109/169) = 120/169; b1: 3/4. */
    flow_network *h = NULL;
    assert_flow_ok(flow_network_new(&h));
    assert_flow_ok(flow_network_add_node(h, "A", NULL, "region", NULL));
    assert_flow_ok(flow_network_add_node(h, "B", NULL, "region", NULL));
    assert_flow_ok(flow_network_add_node(h, "a1", NULL, "institution", "A"));
    assert_flow_ok(flow_network_add_node(h, "a2", NULL, "institution", "A"));
    assert_flow_ok(flow_network_add_node(h, "b1", NULL, "institution", "B"));
    assert_flow_ok(flow_network_add_flow(h, "a1", "a2", "talent", 10, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_add_flow(h, "a1", "b1", "talent", 1, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_add_flow(h, "a2", "b1", "capital", 3, FLOW_NO_YEAR));
    sel = make_sel(h, 1);
    static const char *const inst[] = {"a1", "a2", "b1", "A"};
    expect(sel, FLOW_PARTICIPATION, NULL, inst, (double[]){0, 120 / 169.0, 0.75, NAN}, 4, EXACT);
    assert_flow_ok(flow_selection_set_level(sel, "region"));
    static const char *const reg[] = {"A", "B"};
    flow_table *s = compute(sel, FLOW_PARTICIPATION, NULL);
    assert_int_equal(flow_table_row_count(s), 2);
    flow_table_free(s);
    expect(sel, FLOW_PARTICIPATION, NULL, reg, (double[]){0.75, 0.75}, 2, EXACT);
    flow_selection_free(sel);
    flow_network_free(h);
}

/* ---- empty selections ---------------------------------------------------------- */

static void test_centrality__empty_selection(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = make_sel(net, 1);
    for (int m = 0; m < FLOW_CENTRALITY_MEASURES; m++) {
        flow_table *s = compute(sel, m, NULL);
        assert_int_equal(flow_table_row_count(s), 0);
        flow_table_free(s);
    }
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    o.normalized = 1;
    for (int m = 0; m < FLOW_CENTRALITY_MEASURES; m++) {
        flow_table *s = compute(sel, m, &o);
        assert_int_equal(flow_table_row_count(s), 0);
        flow_table_free(s);
    }
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__no_edges(void **state)
{
    (void)state;
    /* Three nodes; the only flow is a self-loop, so the graph has no edge. */
    static const char *const nodes[] = {"a", "b", "c"};
    static const flow_row rows[] = {{"b", "b", "talent", 2, FLOW_NO_YEAR}};
    flow_network *net = make_net(nodes, 3, rows, 1);
    for (int directed = 0; directed < 2; directed++) {
        flow_selection *sel = make_sel(net, directed);
        assert_int_equal(graph_edge_count(sel), 0);
        const double zero[] = {0, 0, 0}, one[] = {1, 1, 1}, nan3[] = {NAN, NAN, NAN};
        const double third[] = {1 / 3.0, 1 / 3.0, 1 / 3.0};
        for (int m = FLOW_IN_STRENGTH; m <= FLOW_DEGREE; m++)
            expect(sel, m, NULL, nodes, zero, 3, 0);
        expect(sel, FLOW_PAGERANK, NULL, nodes, third, 3, 1e-12);
        expect(sel, FLOW_HUB, NULL, nodes, one, 3, 0);
        expect(sel, FLOW_AUTHORITY, NULL, nodes, one, 3, 0);
        expect(sel, FLOW_EIGENVECTOR, NULL, nodes, one, 3, 0);
        expect(sel, FLOW_BETWEENNESS, NULL, nodes, zero, 3, 0);
        expect(sel, FLOW_HARMONIC, NULL, nodes, zero, 3, 0);
        expect(sel, FLOW_CLOSENESS, NULL, nodes, nan3, 3, 0);
        expect(sel, FLOW_CONSTRAINT, NULL, nodes, nan3, 3, 0);
        expect(sel, FLOW_PARTICIPATION, NULL, nodes, nan3, 3, 0);
        /* personalised: everything jumps to the set */
        flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
        const char *pc[] = {"c"};
        o.personalization = pc;
        o.personalization_count = 1;
        expect(sel, FLOW_PAGERANK, &o, nodes, (double[]){0, 0, 1}, 3, 1e-12);
        flow_selection_free(sel);
    }
    flow_network_free(net);
}

/* ---- progress, interruption, lifetimes -------------------------------------- */

typedef struct {
    int calls;
    int stop_at; /* return 1 on this call (1-based); 0 = never */
} progress_state;

static int on_progress(double percent, const char *message, void *payload)
{
    progress_state *p = payload;
    (void)message;
    assert_true(percent >= 0 && percent <= 100);
    p->calls++;
    return p->stop_at && p->calls >= p->stop_at;
}

static void test_centrality__progress_and_interrupt(void **state)
{
    (void)state;
    flow_network *net = random_net(11);
    flow_selection *sel = make_sel(net, 1);
    progress_state ps = {0, 1};
    assert_flow_ok(flow_selection_set_progress(sel, on_progress, &ps));
    /* a callback that stops at once stops every measure */
    for (int m = 0; m < FLOW_CENTRALITY_MEASURES; m++) {
        flow_table *s = NULL;
        ps.calls = 0;
        assert_flow_fails(FLOW_EINTERRUPTED, flow_centrality_compute(&s, sel, m, NULL));
        assert_null(s);
        assert_int_equal(ps.calls, 1);
    }
    /* one that never stops is asked at least once and changes nothing */
    ps.stop_at = 0;
    ps.calls = 0;
    flow_table *s = compute(sel, FLOW_BETWEENNESS, NULL);
    int betweenness_calls = ps.calls;
    assert_true(betweenness_calls >= 1);
    print_message("    betweenness asked the callback %d times\n", betweenness_calls);
    flow_table_free(s);
    /* igraph's own progress reports (betweenness) and libflow's slices
     * (closeness, harmonic) reach the callback: stopping at the second call
     * interrupts the computation in the middle */
    assert_true(betweenness_calls > 2);
    static const int sliced[] = {FLOW_BETWEENNESS, FLOW_CLOSENESS, FLOW_HARMONIC};
    for (int i = 0; i < 3; i++) {
        ps.stop_at = 0;
        ps.calls = 0;
        s = compute(sel, sliced[i], NULL);
        flow_table_free(s);
        assert_true(ps.calls > 2);
        ps.stop_at = 2;
        ps.calls = 0;
        s = NULL;
        assert_flow_fails(FLOW_EINTERRUPTED, flow_centrality_compute(&s, sel, sliced[i], NULL));
        assert_null(s);
        assert_int_equal(ps.calls, 2);
    }
    flow_selection_free(sel);
    flow_network_free(net);

    /* participation asks every 65536 flows while it scans them: 70000 flows
     * give a second call, where it stops */
    net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char a[16], b[16];
    for (int i = 0; i < 300; i++) {
        snprintf(a, sizeof a, "v%d", i);
        assert_flow_ok(flow_network_add_node(net, a, NULL, NULL, NULL));
    }
    for (int k = 0; k < 70000; k++) {
        snprintf(a, sizeof a, "v%d", k % 300);
        snprintf(b, sizeof b, "v%d", (k / 300 + k % 300 + 1) % 300);
        assert_flow_ok(
            flow_network_add_flow(net, a, b, k % 2 ? "talent" : "capital", 1, 1990 + k % 20));
    }
    assert_int_equal(flow_network_flow_count(net), 70000);
    sel = make_sel(net, 1);
    ps.stop_at = 2;
    ps.calls = 0;
    assert_flow_ok(flow_selection_set_progress(sel, on_progress, &ps));
    s = NULL;
    assert_flow_fails(FLOW_EINTERRUPTED,
                      flow_centrality_compute(&s, sel, FLOW_PARTICIPATION, NULL));
    assert_null(s);
    assert_int_equal(ps.calls, 2);
    ps.stop_at = 0;
    s = compute(sel, FLOW_PARTICIPATION, NULL);
    assert_int_equal(flow_table_row_count(s), 300);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__result_outlives_inputs(void **state)
{
    (void)state;
    flow_network *net = random_net(5);
    flow_selection *sel = make_sel(net, 1);
    flow_table *a = compute(sel, FLOW_PAGERANK, NULL);
    flow_table *b = compute(sel, FLOW_PAGERANK, NULL);
    /* deterministic: the same values twice */
    assert_int_equal(flow_table_row_count(a), 60);
    assert_memory_equal(flow_table_doubles(a, 1), flow_table_doubles(b, 1), 60 * sizeof(double));
    double sum = 0;
    for (size_t v = 0; v < 60; v++) sum += score(a, v);
    assert_close(sum, 1.0, 1e-12);
    flow_network_free(net);
    flow_selection_free(sel);
    /* the scores keep the network alive */
    assert_string_equal(flow_table_name(a), "pagerank");
    assert_string_equal(score_id(a, 59), "n59");
    assert_int_equal(flow_table_ints(a, 0)[59], 59);
    flow_table_free(b);
    flow_table_free(a);
    flow_table_free(NULL);
}

/* ---- the result table ------------------------------------------------------------ */

static void test_centrality__table_metadata(void **state)
{
    (void)state;
    static const char *const nodes[] = {"a", "b", "c"};
    static const flow_row rows[] = {{"a", "b", "talent", 2, 2020},
                                    {"b", "c", "talent", 1, 2021},
                                    {"c", "a", "capital", 5, 2021}};
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons"));
    assert_flow_ok(flow_network_add_factor(net, "capital", "yuan"));
    for (size_t i = 0; i < 3; i++)
        assert_flow_ok(flow_network_add_node(net, nodes[i], NULL, NULL, NULL));
    for (size_t k = 0; k < 3; k++)
        assert_flow_ok(flow_network_add_flow(net, rows[k].s, rows[k].t, rows[k].f, rows[k].w,
                                             rows[k].year));
    flow_selection *sel = make_sel(net, 1);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_flow_ok(flow_selection_set_years(sel, 2020, 2021));

    /* strengths are in the factor's unit; the selection is described */
    flow_table *t = compute(sel, FLOW_OUT_STRENGTH, NULL);
    assert_string_equal(flow_table_meta(t, "unit"), "persons");
    assert_string_equal(flow_table_meta(t, "factors"), "talent");
    assert_string_equal(flow_table_meta(t, "combine"), "sum");
    assert_string_equal(flow_table_meta(t, "years"), "2020-2021");
    assert_string_equal(flow_table_meta(t, "directed"), "yes");
    assert_null(flow_table_meta(t, "damping")); /* not a parameter of strengths */
    assert_int_equal(flow_table_scalar_count(t), 0);
    assert_int_equal(flow_table_part_count(t), 0);
    assert_true(score(t, 0) == 2 && score(t, 1) == 1 && score(t, 2) == 0);
    flow_table_free(t);

    /* PageRank has no unit, and records its options */
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
    const char *pers[] = {"a", "c"};
    o.damping = 0.9;
    o.personalization = pers;
    o.personalization_count = 2;
    t = compute(sel, FLOW_PAGERANK, &o);
    assert_null(flow_table_meta(t, "unit"));
    assert_string_equal(flow_table_meta(t, "damping"), "0.9");
    assert_string_equal(flow_table_meta(t, "personalization"), "a,c");
    assert_null(flow_table_meta(t, "length"));
    flow_table_free(t);
    t = compute(sel, FLOW_PAGERANK, NULL);
    assert_string_equal(flow_table_meta(t, "damping"), "0.85");
    assert_string_equal(flow_table_meta(t, "personalization"), "");
    flow_table_free(t);

    /* path measures: length, mode and normalisation by their registry names */
    o = (flow_centrality_options)FLOW_CENTRALITY_OPTIONS_INIT;
    o.length = FLOW_LENGTH_UNIT;
    o.mode = FLOW_PATH_IN;
    o.normalized = 1;
    t = compute(sel, FLOW_CLOSENESS, &o);
    assert_string_equal(flow_table_meta(t, "length"), "unit");
    assert_string_equal(flow_table_meta(t, "mode"), "in");
    assert_string_equal(flow_table_meta(t, "normalized"), "1");
    assert_null(flow_table_meta(t, "damping"));
    flow_table_free(t);
    t = compute(sel, FLOW_BETWEENNESS, &o);
    assert_string_equal(flow_table_meta(t, "length"), "unit");
    assert_null(flow_table_meta(t, "mode")); /* betweenness takes no mode */
    flow_table_free(t);
    t = compute(sel, FLOW_DEGREE, &o);
    assert_string_equal(flow_table_meta(t, "normalized"), "1");
    assert_null(flow_table_meta(t, "unit")); /* counts */
    flow_table_free(t);

    /* two units: no unit; shares: "share" */
    assert_flow_ok(flow_selection_set_factors(sel, NULL, 0));
    t = compute(sel, FLOW_NET_FLOW, NULL);
    assert_null(flow_table_meta(t, "unit"));
    assert_string_equal(flow_table_meta(t, "factors"), "talent,capital");
    flow_table_free(t);
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    t = compute(sel, FLOW_STRENGTH, NULL);
    assert_string_equal(flow_table_meta(t, "unit"), "share");
    assert_string_equal(flow_table_meta(t, "combine"), "share");
    flow_table_free(t);

    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- cross-checks against networkx --------------------------------------------- */

static void test_centrality__random_directed_vs_networkx(void **state)
{
    (void)state;
    skip_unless_python();
    flow_network *net = random_net(2024);
    flow_selection *sel = make_sel(net, 1);
    assert_true(flow_network_flow_count(net) >= 390);
    char csv[512];
    snprintf(csv, sizeof csv, "%s/centrality_random_flows.csv", FLOW_TEST_TMPDIR);
    write_flows_csv(net, csv);
    oracle ref;
    oracle_run(&ref, sel, csv, "random_directed", "--pers n03,n17,n55 --constraint nx+directed");
    check_all(sel, &ref, 1, 1);
    oracle_free(&ref);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__random_undirected_vs_networkx(void **state)
{
    (void)state;
    skip_unless_python();
    flow_network *net = random_net(2024);
    flow_selection *sel = make_sel(net, 0);
    char csv[512];
    snprintf(csv, sizeof csv, "%s/centrality_random_u_flows.csv", FLOW_TEST_TMPDIR);
    write_flows_csv(net, csv);
    oracle ref;
    oracle_run(&ref, sel, csv, "random_undirected", "--undirected --pers n03,n17,n55");
    check_all(sel, &ref, 1, 1);
    oracle_free(&ref);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__random_filtered_shares_vs_networkx(void **state)
{
    (void)state;
    skip_unless_python();
    flow_network *net = random_net(77);
    flow_selection *sel = make_sel(net, 1);
    const char *two[] = {"talent", "technology"};
    assert_flow_ok(flow_selection_set_factors(sel, two, 2));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2020));
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    char csv[512];
    snprintf(csv, sizeof csv, "%s/centrality_random_f_flows.csv", FLOW_TEST_TMPDIR);
    write_flows_csv(net, csv);
    oracle ref;
    oracle_run(&ref, sel, csv, "random_filtered",
               "--factors talent,technology --years 2019-2020 --share --pers n03,n17,n55 "
               "--constraint numpy");
    check_all(sel, &ref, 1, 1);
    oracle_free(&ref);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- the shared data sets -------------------------------------------------------- */

static flow_network *load(const char *path)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, path));
    return net;
}

static void test_centrality__florentine_textbook(void **state)
{
    (void)state;
    skip_unless_exists(SHARED_DATA("florentine_families"));
    flow_network *net = load(SHARED_DATA("florentine_families"));
    flow_selection *sel = make_sel(net, 0);
    const char *marriage[] = {"marriage"};
    assert_flow_ok(flow_selection_set_factors(sel, marriage, 1));
    flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;

    /* README (networkx 2.8; the textbook values): degree Medici 6, Guadagni
     * 4, Strozzi 4, Albizzi 3 */
    static const char *const deg_ids[] = {"Medici", "Guadagni", "Strozzi", "Albizzi"};
    expect(sel, FLOW_DEGREE, NULL, deg_ids, (double[]){6, 4, 4, 3}, 4, EXACT);
    /* betweenness normalised by (n-1)(n-2)/2, unweighted: Medici 0.522,
     * Guadagni 0.255, Albizzi 0.212, Salviati 0.143, Ridolfi 0.114 (to the
     * README's 3 decimals) */
    static const char *const btw_ids[] = {"Medici", "Guadagni", "Albizzi", "Salviati", "Ridolfi"};
    o.length = FLOW_LENGTH_UNIT;
    o.normalized = 1;
    expect(sel, FLOW_BETWEENNESS, &o, btw_ids, (double[]){0.522, 0.255, 0.212, 0.143, 0.114}, 5,
           5e-4);
    /* closeness (connected: normalised = networkx's): Medici 0.560,
     * Ridolfi 0.500, Albizzi 0.483 */
    static const char *const clo_ids[] = {"Medici", "Ridolfi", "Albizzi"};
    expect(sel, FLOW_CLOSENESS, &o, clo_ids, (double[]){0.560, 0.500, 0.483}, 3, 5e-4);
    /* eigenvector, networkx's unit norm: Medici 0.430, Strozzi 0.356,
     * Ridolfi 0.342; libflow's maximum is 1, so rescale to unit norm */
    flow_table *ev = compute(sel, FLOW_EIGENVECTOR, NULL);
    double norm = 0;
    for (size_t v = 0; v < flow_table_row_count(ev); v++)
        norm += score(ev, v) * score(ev, v);
    norm = sqrt(norm);
    assert_close(value_of(ev, "Medici"), 1.0, 1e-9);
    assert_close(value_of(ev, "Medici") / norm, 0.430, 5e-4);
    assert_close(value_of(ev, "Strozzi") / norm, 0.356, 5e-4);
    assert_close(value_of(ev, "Ridolfi") / norm, 0.342, 5e-4);
    flow_table_free(ev);

    /* business layer (4 isolates): Barbadori 0.275, Medici 0.264, Peruzzi 0.148 */
    const char *business[] = {"business"};
    assert_flow_ok(flow_selection_set_factors(sel, business, 1));
    static const char *const bus_ids[] = {"Barbadori", "Medici", "Peruzzi"};
    expect(sel, FLOW_BETWEENNESS, &o, bus_ids, (double[]){0.275, 0.264, 0.148}, 3, 5e-4);
    /* both layers merged, unweighted: Medici 0.476, Barbadori 0.182 */
    assert_flow_ok(flow_selection_set_factors(sel, NULL, 0));
    static const char *const all_ids[] = {"Medici", "Barbadori"};
    expect(sel, FLOW_BETWEENNESS, &o, all_ids, (double[]){0.476, 0.182}, 2, 5e-4);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__florentine_vs_networkx(void **state)
{
    (void)state;
    skip_unless_exists(SHARED_DATA("florentine_families"));
    skip_unless_python();
    flow_network *net = load(SHARED_DATA("florentine_families"));
    flow_selection *sel = make_sel(net, 0);
    oracle ref;
    /* both layers: pairs in both have weight 2, so inverse lengths differ
     * from hops; every node is covered */
    oracle_run(&ref, sel, SHARED_DATA("florentine_families") "/flows.csv", "florentine",
               "--undirected");
    check_all(sel, &ref, 0, 1);
    oracle_free(&ref);
    const char *marriage[] = {"marriage"};
    assert_flow_ok(flow_selection_set_factors(sel, marriage, 1));
    oracle_run(&ref, sel, SHARED_DATA("florentine_families") "/flows.csv", "florentine_m",
               "--undirected --factors marriage");
    check_all(sel, &ref, 0, 1);
    oracle_free(&ref);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__china_migration(void **state)
{
    (void)state;
    skip_unless_exists(SHARED_DATA("china_census_migration"));
    flow_network *net = load(SHARED_DATA("china_census_migration"));
    flow_selection *sel = make_sel(net, 1);
    assert_flow_ok(flow_selection_set_years(sel, 2010, 2010));
    /* README (networkx 2.8 / igraph 0.10.2), 2010: top in-strength Guangdong
     * 2,227,842, Zhejiang 1,274,695, Shanghai 1,009,214, Beijing 838,757,
     * Jiangsu 790,964; top out-strength Sichuan 1,020,769, Anhui 1,005,505,
     * Henan 964,685, Hunan 794,327, Hubei 628,124; biggest net gain
     * (in - out) Guangdong +2,113,063, biggest net loss Anhui -876,510
     * (net_flow is out - in: the signs flip) */
    static const char *const in_ids[] = {"CN-GD", "CN-ZJ", "CN-SH", "CN-BJ", "CN-JS"};
    expect(sel, FLOW_IN_STRENGTH, NULL, in_ids,
           (double[]){2227842, 1274695, 1009214, 838757, 790964}, 5, EXACT);
    static const char *const out_ids[] = {"CN-SC", "CN-AH", "CN-HA", "CN-HN", "CN-HB"};
    expect(sel, FLOW_OUT_STRENGTH, NULL, out_ids,
           (double[]){1020769, 1005505, 964685, 794327, 628124}, 5, EXACT);
    static const char *const net_ids[] = {"CN-GD", "CN-AH"};
    expect(sel, FLOW_NET_FLOW, NULL, net_ids, (double[]){-2113063, 876510}, 2, EXACT);
    /* weighted PageRank (d = 0.85): Guangdong 0.113, Shanghai 0.092, Beijing
     * 0.084. The README rounds Beijing up: networkx 2.8 nx.pagerank(G,
     * alpha=0.85, weight='weight') gives 0.08349 there, so the README values
     * are checked to 1e-3 (full precision: the networkx cross-check below). */
    static const char *const pr_ids[] = {"CN-GD", "CN-SH", "CN-BJ"};
    expect(sel, FLOW_PAGERANK, NULL, pr_ids, (double[]){0.113, 0.092, 0.084}, 3, 1e-3);
    /* 2000: Guangdong 0.115, Beijing 0.061, Shanghai 0.054; Guangdong in
     * 1,456,268 */
    assert_flow_ok(flow_selection_set_years(sel, 2000, 2000));
    static const char *const pr0_ids[] = {"CN-GD", "CN-BJ", "CN-SH"};
    expect(sel, FLOW_PAGERANK, NULL, pr0_ids, (double[]){0.115, 0.061, 0.054}, 3, 5e-4);
    expect(sel, FLOW_IN_STRENGTH, NULL, pr0_ids, (double[]){1456268, 453256, 444699}, 3, EXACT);

    /* every vertex, every measure, against networkx */
    if (python_ready()) {
        oracle ref;
        assert_flow_ok(flow_selection_set_years(sel, 2010, 2010));
        oracle_run(&ref, sel, SHARED_DATA("china_census_migration") "/flows.csv", "china2010",
                   "--years 2010-2010 --constraint numpy");
        check_all(sel, &ref, 0, 1);
        oracle_free(&ref);
        /* both censuses, undirected */
        assert_flow_ok(flow_selection_set_years(sel, FLOW_NO_YEAR, FLOW_NO_YEAR));
        assert_flow_ok(flow_selection_set_directed(sel, 0));
        oracle_run(&ref, sel, SHARED_DATA("china_census_migration") "/flows.csv", "china_u",
                   "--undirected --constraint numpy");
        check_all(sel, &ref, 0, 1);
        oracle_free(&ref);
    } else {
        print_message("networkx cross-check skipped: " PYTHON " with networkx missing\n");
    }
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_centrality__ckm_physicians(void **state)
{
    (void)state;
    skip_unless_exists(SHARED_DATA("ckm_physicians"));
    flow_network *net = load(SHARED_DATA("ckm_physicians"));
    flow_selection *sel = make_sel(net, 1);
    const char *advice[] = {"advice"};
    assert_flow_ok(flow_selection_set_factors(sel, advice, 1));
    /* README (python-igraph 0.10.2 / networkx 2.8): advice in-degree 29 and
     * 122: 20 each, then 36: 13; unweighted PageRank (d = 0.85, networkx):
     * 36 0.0502, 29 0.0332, 122 0.0242 */
    static const char *const ids[] = {"29", "122", "36"};
    expect(sel, FLOW_IN_DEGREE, NULL, ids, (double[]){20, 20, 13}, 3, EXACT);
    static const char *const pr_ids[] = {"36", "29", "122"};
    expect(sel, FLOW_PAGERANK, NULL, pr_ids, (double[]){0.0502, 0.0332, 0.0242}, 3, 5e-5 / 0.0502);

    if (python_ready()) {
        /* all three layers: weights 1..3 make inverse lengths (1, 1/2, 1/3)
         * whose sums tie within rounding, where networkx and igraph break
         * ties differently: inverse betweenness is checked against
         * python-igraph only. Eigenvector and HITS are left out: the four
         * towns are disconnected, so the principal eigenvector is not
         * unique. */
        oracle ref;
        assert_flow_ok(flow_selection_set_factors(sel, NULL, 0));
        oracle_run(&ref, sel, SHARED_DATA("ckm_physicians") "/flows.csv", "ckm",
                   "--skip hits,eigenvector --path-lengths inverse --constraint numpy");
        flow_centrality_options o = FLOW_CENTRALITY_OPTIONS_INIT;
        static const char *const base[] = {"in_strength", "out_strength", "strength", "net_flow",
                                           "in_degree",   "out_degree",   "degree"};
        for (int m = FLOW_IN_STRENGTH; m <= FLOW_DEGREE; m++)
            check(sel, m, &o, &ref, base[m], EXACT);
        check_pagerank(sel, &o, &ref, "pagerank_d85");
        check(sel, FLOW_CONSTRAINT, &o, &ref, "constraint", EXACT);
        check(sel, FLOW_PARTICIPATION, &o, &ref, "participation", EXACT);
        check(sel, FLOW_BETWEENNESS, &o, &ref, "igbetweenness_inverse_raw", EXACT);
        o.length = FLOW_LENGTH_UNIT;
        check(sel, FLOW_BETWEENNESS, &o, &ref, "betweenness_unit_raw", EXACT);
        o.length = FLOW_LENGTH_WEIGHT;
        check(sel, FLOW_BETWEENNESS, &o, &ref, "betweenness_weight_raw", EXACT);
        o.length = FLOW_LENGTH_INVERSE;
        o.normalized = 1;
        for (int md = FLOW_PATH_OUT; md <= FLOW_PATH_ALL; md++) {
            static const char *const cn[] = {"closeness_out_inverse_norm",
                                             "closeness_in_inverse_norm",
                                             "closeness_all_inverse_norm"};
            static const char *const hn[] = {"harmonic_out_inverse_norm",
                                             "harmonic_in_inverse_norm",
                                             "harmonic_all_inverse_norm"};
            o.mode = md;
            check(sel, FLOW_CLOSENESS, &o, &ref, cn[md], PATHS);
            check(sel, FLOW_HARMONIC, &o, &ref, hn[md], PATHS);
        }
        oracle_free(&ref);
    } else {
        print_message("networkx cross-check skipped: " PYTHON " with networkx missing\n");
    }
    flow_selection_free(sel);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_centrality__measure_names),
        cmocka_unit_test(test_centrality__options_init),
        cmocka_unit_test(test_centrality__bad_arguments),
        cmocka_unit_test(test_centrality__strengths_and_degrees),
        cmocka_unit_test(test_centrality__pagerank_hand),
        cmocka_unit_test(test_centrality__pagerank_cap),
        cmocka_unit_test(test_centrality__hits_and_eigenvector_hand),
        cmocka_unit_test(test_centrality__paths_hand),
        cmocka_unit_test(test_centrality__constraint_hand),
        cmocka_unit_test(test_centrality__participation_hand),
        cmocka_unit_test(test_centrality__empty_selection),
        cmocka_unit_test(test_centrality__no_edges),
        cmocka_unit_test(test_centrality__progress_and_interrupt),
        cmocka_unit_test(test_centrality__result_outlives_inputs),
        cmocka_unit_test(test_centrality__table_metadata),
        cmocka_unit_test(test_centrality__random_directed_vs_networkx),
        cmocka_unit_test(test_centrality__random_undirected_vs_networkx),
        cmocka_unit_test(test_centrality__random_filtered_shares_vs_networkx),
        cmocka_unit_test(test_centrality__florentine_textbook),
        cmocka_unit_test(test_centrality__florentine_vs_networkx),
        cmocka_unit_test(test_centrality__china_migration),
        cmocka_unit_test(test_centrality__ckm_physicians),
        cmocka_unit_test(test_centrality__pagerank_vs_igraph_and_networkx),
        cmocka_unit_test(test_centrality__betweenness_from_sampled_sources),
        cmocka_unit_test(test_centrality__hits_with_extreme_weights),
        cmocka_unit_test(test_centrality__hits_on_two_vertices),
    };
    return cmocka_run_group_tests_name("centrality", tests, NULL, NULL);
}

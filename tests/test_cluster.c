/*
 * Tests of libflow/cluster.h: community detection, modularity, per-cluster
 * flow accounting, partitions from groups and labels, comparison, k-core.
 *
 * Oracles:
 *  - hand-computed values on small networks (derivations beside them);
 *  - networkx 2.8 (nx.community.modularity, nx.community.louvain_communities,
 *    nx.core_number) and python-igraph 0.10.2 (igraph.compare_communities,
 *    Graph.coreness) run by /usr/bin/python3 on files written here. The
 *    Python side aggregates the raw flow rows itself (its own undirected
 *    collapse), so the selection's graph is checked too.
 *  - the real data sets in FLOW_SHARED_DATA (their README reference values).
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#include <limits.h>

#include "testutil.h"
#include "pyoracle.h"
#include "libflow/cluster.h"

static const int all_methods[] = {FLOW_CLUSTER_LEIDEN, FLOW_CLUSTER_LOUVAIN,
                                  FLOW_CLUSTER_INFOMAP, FLOW_CLUSTER_WALKTRAP,
                                  FLOW_CLUSTER_LABEL_PROPAGATION};
#define N_METHODS 5

/* ---- reading partition tables ------------------------------------------------ */

/* Vertex count, cluster count, method and whole-partition numbers. */
static size_t part_count(const flow_table *p) { return flow_table_row_count(p); }

static size_t part_k(const flow_table *p)
{
    return flow_table_row_count(flow_table_part(p, "clusters"));
}

static const char *part_method(const flow_table *p) { return flow_table_meta(p, "method"); }
static double part_modularity(const flow_table *p) { return flow_table_scalar(p, "modularity"); }
static double part_codelength(const flow_table *p) { return flow_table_scalar(p, "codelength"); }

/* The "cluster" column (NULL for an empty partition). */
static const int64_t *part_membership(const flow_table *p)
{
    return flow_table_ints(p, table_col(p, "cluster"));
}

/* Cluster, node and id of vertex v (-1 / -1 / NULL when out of range). */
static int64_t part_cluster(const flow_table *p, size_t v)
{
    return v < part_count(p) ? part_membership(p)[v] : -1;
}

static int64_t part_node(const flow_table *p, size_t v)
{
    return v < part_count(p) ? flow_table_ints(p, table_col(p, "node"))[v] : -1;
}

static const char *part_id(const flow_table *p, size_t v) { return flow_table_text(p, 0, v); }

/* Cluster c's size (0 when out of range), label, and flow accounting
 * column `name` (NAN when out of range). */
static size_t part_size(const flow_table *p, size_t c)
{
    const flow_table *cl = flow_table_part(p, "clusters");
    return c < part_k(p) ? (size_t)flow_table_ints(cl, table_col(cl, "size"))[c] : 0;
}

static const char *part_label(const flow_table *p, size_t c)
{
    const flow_table *cl = flow_table_part(p, "clusters");
    return flow_table_text(cl, table_col(cl, "label"), c);
}

static double part_flow(const flow_table *p, const char *name, size_t c)
{
    const flow_table *cl = flow_table_part(p, "clusters");
    return c < part_k(p) ? flow_table_doubles(cl, table_col(cl, name))[c] : NAN;
}

#define part_internal(p, c) part_flow(p, "internal", c)
#define part_inflow(p, c) part_flow(p, "inflow", c)
#define part_outflow(p, c) part_flow(p, "outflow", c)
#define part_self_containment(p, c) part_flow(p, "self_containment", c)
#define part_closure(p, c) part_flow(p, "closure", c)

/* Core number of vertex v in a "coreness" table. */
static double core_at(const flow_table *t, size_t v)
{
    return (double)flow_table_ints(t, table_col(t, "coreness"))[v];
}

/* ---- helpers ---------------------------------------------------------------- */

/* Reads the number after "key " in Python's output. */
static double py_value(const char *out, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "%s ", key);
    const char *at = strstr(out, pat);
    if (!at) {
        print_error("no '%s' in python output:\n%s\n", key, out);
        fail();
    }
    return strtod(at + strlen(pat), NULL);
}

static void add_flow(flow_network *net, const char *s, const char *t, const char *f, double w)
{
    assert_flow_ok(flow_network_add_flow(net, s, t, f, w, FLOW_NO_YEAR));
}

static flow_network *new_network(const char *const *ids, size_t n)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    for (size_t i = 0; i < n; i++)
        assert_flow_ok(flow_network_add_node(net, ids[i], NULL, "region", NULL));
    return net;
}

static flow_selection *new_selection(flow_network *net, int directed)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_directed(sel, directed));
    assert_flow_ok(flow_selection_build(sel));
    return sel;
}

/*
 * The hand-checked two-cluster network. X = {A, B, C}, Y = {D, E}.
 *   A->B talent 4 + capital 1 (one edge of weight 5), B->C 3, C->A 2,
 *   A->A 5 (intra-node flow of A), D->E 6, E->D 1,
 *   C->D 2 and B->E 0.5 (X to Y), E->A 1 (Y to X).
 */
static flow_network *two_cluster_network(void)
{
    static const char *const ids[] = {"A", "B", "C", "D", "E"};
    flow_network *net = new_network(ids, 5);
    add_flow(net, "A", "B", "talent", 4);
    add_flow(net, "A", "B", "capital", 1);
    add_flow(net, "B", "C", "talent", 3);
    add_flow(net, "C", "A", "talent", 2);
    add_flow(net, "A", "A", "talent", 5);
    add_flow(net, "D", "E", "talent", 6);
    add_flow(net, "E", "D", "capital", 1);
    add_flow(net, "C", "D", "talent", 2);
    add_flow(net, "B", "E", "technology", 0.5);
    add_flow(net, "E", "A", "talent", 1);
    return net;
}

/* A fixed LCG (Numerical Recipes), so every run sees the same graph. */
static uint32_t lcg(uint32_t *st)
{
    *st = *st * 1664525u + 1013904223u;
    return *st >> 8;
}

static const char *const factors3[3] = {"talent", "capital", "technology"};

/*
 * A seeded random multi-factor directed flow network with planted groups:
 * `groups` blocks of `size` nodes (ids Pgg_ii); each of `rows` rows picks a
 * source, a target in the same block with probability p_in/100 (else any
 * node), a factor, a weight (multiple of 0.25 in [0.25, 10]) and a year
 * 2018-2022 (or none). Every 31st row is a self-loop. The last node of the
 * last block gets no flow (an isolated vertex). The rows are also written
 * to `csv` (flows.csv format) for Python to aggregate on its own.
 */
static flow_network *planted_network(uint32_t seed, int groups, int size, int rows, int p_in,
                                     const char *csv)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    int n = groups * size;
    char id[32], id2[32];
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "P%02d_%02d", i / size, i % size);
        assert_flow_ok(flow_network_add_node(net, id, NULL, "region", NULL));
    }
    FILE *f = csv ? fopen(csv, "w") : NULL;
    if (csv) {
        assert_non_null(f);
        fputs("source,target,factor,weight,year\n", f);
    }
    uint32_t st = seed;
    int linked = n - 1;
    for (int r = 0; r < rows; r++) {
        int s = (int)(lcg(&st) % (uint32_t)linked), t;
        if (r % 31 == 30) {
            t = s;
        } else if ((int)(lcg(&st) % 100) < p_in) {
            int block = s / size;
            int span = block == groups - 1 ? size - 1 : size;
            t = block * size + (int)(lcg(&st) % (uint32_t)span);
        } else {
            t = (int)(lcg(&st) % (uint32_t)linked);
        }
        int fac = (int)(lcg(&st) % 3);
        double w = (1 + (int)(lcg(&st) % 40)) * 0.25;
        int year = lcg(&st) % 6 == 0 ? FLOW_NO_YEAR : 2018 + (int)(lcg(&st) % 5);
        snprintf(id, sizeof id, "P%02d_%02d", s / size, s % size);
        snprintf(id2, sizeof id2, "P%02d_%02d", t / size, t % size);
        assert_flow_ok(flow_network_add_flow(net, id, id2, factors3[fac], w, year));
        if (f) {
            fprintf(f, "%s,%s,%s,%.17g,", id, id2, factors3[fac], w);
            if (year != FLOW_NO_YEAR) fprintf(f, "%d", year);
            fputc('\n', f);
        }
    }
    if (f) assert_int_equal(fclose(f), 0);
    return net;
}

/* Writes "id<TAB>label" per vertex of a partition. */
static void write_partition(const char *path, const flow_table *p)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t v = 0; v < part_count(p); v++)
        fprintf(f, "%s\t%lld\n", part_id(p, v), (long long)part_cluster(p, v));
    assert_int_equal(fclose(f), 0);
}

/* Checks that two partitions are equal vertex by vertex. */
static void assert_same_partition(const flow_table *a, const flow_table *b)
{
    assert_int_equal(part_count(a), part_count(b));
    assert_int_equal(part_k(a), part_k(b));
    for (size_t v = 0; v < part_count(a); v++)
        assert_int_equal(part_cluster(a, v), part_cluster(b, v));
}

/* Numbers are canonical: cluster c first appears after clusters 0..c-1. */
static void assert_canonical(const flow_table *p)
{
    int64_t next = 0;
    for (size_t v = 0; v < part_count(p); v++) {
        int64_t c = part_cluster(p, v);
        assert_true(c >= 0 && c <= next);
        if (c == next) next++;
    }
    assert_int_equal((size_t)next, part_k(p));
    size_t total = 0;
    for (size_t c = 0; c < part_k(p); c++) {
        assert_true(part_size(p, c) > 0);
        total += part_size(p, c);
    }
    assert_int_equal(total, part_count(p));
}

/*
 * Python oracle for the done-when criterion and for modularity: reads a
 * flows.csv (argv[1]; every factor and year, self-loops dropped, both
 * directions summed into one undirected weight per pair) and two
 * partitions "id<TAB>label" (argv[2], argv[3]; each lists every vertex,
 * isolated ones too). Prints networkx 2.8's modularity of each partition on
 * its own graph (nx.community.modularity(G, comm, weight='weight')) and the
 * best modularity of nx.community.louvain_communities(G, weight='weight',
 * seed=s) over seeds s = 0..4.
 */
static const char *const py_louvain =
    "import sys, csv\n"
    "try:\n"
    "    import networkx as nx\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "W = {}\n"
    "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
    "    for r in csv.DictReader(f):\n"
    "        s, t = r['source'], r['target']\n"
    "        if s == t: continue\n"
    "        k = (s, t) if s < t else (t, s)\n"
    "        W[k] = W.get(k, 0.0) + float(r['weight'])\n"
    "G = None\n"
    "for a in (2, 3):\n"
    "    lab = {}\n"
    "    for line in open(sys.argv[a], encoding='utf-8'):\n"
    "        i, c = line.rstrip('\\n').split('\\t')\n"
    "        lab[i] = int(c)\n"
    "    if G is None:\n"
    "        G = nx.Graph()\n"
    "        G.add_nodes_from(lab)\n"
    "        for (u, v), w in W.items(): G.add_edge(u, v, weight=w)\n"
    "    assert G.number_of_nodes() == len(lab)\n"
    "    comm = {}\n"
    "    for i, c in lab.items(): comm.setdefault(c, set()).add(i)\n"
    "    print('ours%d %.17g' % (a - 2, nx.community.modularity(G, comm.values(), "
    "weight='weight')))\n"
    "best = max(nx.community.modularity(G, nx.community.louvain_communities(G, "
    "weight='weight', seed=s), weight='weight') for s in range(5))\n"
    "print('best %.17g' % best)\n";

/*
 * Leiden and Louvain (default options, seed 1) on the undirected collapse
 * of `sel` reach at least networkx's best Louvain modularity over seeds
 * 0..4 (equality allowed within 1e-9), and our modularity of our partition
 * equals networkx's on networkx's own graph. `und` is an undirected
 * selection of the same network (sel itself when sel is undirected): a
 * directed selection's partitions are judged by their modularity there.
 */
static void check_beats_networkx(flow_selection *sel, flow_selection *und, const char *flows_csv,
                                 const char *tag)
{
    char mpath[2][512];
    temp_path(mpath[0], sizeof mpath[0], "membership0");
    temp_path(mpath[1], sizeof mpath[1], "membership1");
    const int methods[] = {FLOW_CLUSTER_LEIDEN, FLOW_CLUSTER_LOUVAIN};
    flow_table *p[2] = {NULL, NULL};
    double q_und[2];
    for (int i = 0; i < 2; i++) {
        assert_flow_ok(flow_cluster_detect(&p[i], sel, methods[i], NULL));
        assert_canonical(p[i]);
        write_partition(mpath[i], p[i]);
        assert_flow_ok(flow_cluster_modularity(&q_und[i], und, part_membership(p[i]),
                                               part_count(p[i]), 1.0));
        if (sel == und) assert_true(q_und[i] == part_modularity(p[i]));
    }
    char *out = run_python(py_louvain, flows_csv, mpath[0], mpath[1]);
    double best = py_value(out, "best");
    for (int i = 0; i < 2; i++) {
        double nx_ours = py_value(out, i ? "ours1" : "ours0");
        print_message("%s %-7s: Q = %.6f (%zu clusters), networkx Louvain best of seeds "
                      "0..4: %.6f\n", tag, part_method(p[i]), q_und[i],
                      part_k(p[i]), best);
        assert_close(q_und[i], nx_ours, 1e-9);
        assert_true(q_und[i] >= best - 1e-9);
        flow_table_free(p[i]);
        unlink(mpath[i]);
    }
    free(out);
}

/* ---- options and names ------------------------------------------------------- */

static void test_cluster__options_and_names(void **state)
{
    (void)state;
    flow_cluster_options o, d = FLOW_CLUSTER_OPTIONS_INIT;
    memset(&o, 0xff, sizeof o);
    assert_flow_ok(flow_cluster_options_init(&o, FLOW_CLUSTER_OPTIONS_VERSION));
    assert_int_equal(o.version, FLOW_CLUSTER_OPTIONS_VERSION);
    assert_int_equal(o.seed, 1);
    assert_true(o.resolution == 1.0);
    assert_int_equal(o.trials, 0); /* the method's default */
    assert_int_equal(o.steps, 4);
    assert_int_equal(o.version, d.version);
    assert_int_equal(o.seed, d.seed);
    assert_true(o.resolution == d.resolution);
    assert_int_equal(o.trials, d.trials);
    assert_int_equal(o.steps, d.steps);
    assert_int_equal(o.iterations, 0); /* Leiden: until stable */
    assert_int_equal(o.iterations, d.iterations);
    /* version 1 (before `iterations`) is filled up to its last field */
    memset(&o, 0xff, sizeof o);
    assert_flow_ok(flow_cluster_options_init(&o, 1));
    assert_int_equal(o.version, 1);
    assert_int_equal(o.steps, 4);
    assert_int_equal(o.iterations, -1); /* not part of version 1: untouched */
    assert_flow_fails(FLOW_EINVAL, flow_cluster_options_init(&o, 99));
    assert_error_contains("version 99");
    assert_flow_fails(FLOW_EINVAL, flow_cluster_options_init(NULL, 1));

    static const char *const names[] = {"leiden", "louvain", "infomap", "walktrap",
                                        "label_propagation"};
    for (int i = 0; i < N_METHODS; i++) {
        assert_int_equal(flow_registry_lookup("cluster", names[i]), all_methods[i]);
        assert_string_equal(flow_registry_name("cluster", all_methods[i]), names[i]);
    }
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("cluster", "leidn"));
    assert_error_contains("did you mean 'leiden'");
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("cluster", "spectral"));
    assert_error_contains("spectral");
    assert_error_contains("unknown clustering method"); /* flowctl prints it */
    assert_flow_fails(FLOW_EINVAL, flow_registry_lookup("cluster", NULL));
    assert_null(flow_registry_name("cluster", -1));
    assert_null(flow_registry_name("cluster", 5));
    /* the other registries of this module */
    assert_int_equal(flow_registry_lookup("compare", "nmi"), FLOW_COMPARE_NMI);
    assert_int_equal(flow_registry_lookup("compare", "ari"), FLOW_COMPARE_ARI);
    assert_int_equal(flow_registry_lookup("compare", "vi"), FLOW_COMPARE_VI);
    assert_int_equal(flow_registry_lookup("kcore", "all"), FLOW_KCORE_ALL);
    assert_int_equal(flow_registry_lookup("kcore", "in"), FLOW_KCORE_IN);
    assert_int_equal(flow_registry_lookup("kcore", "out"), FLOW_KCORE_OUT);
}

/* ---- flow accounting and modularity by hand ----------------------------------- */

static void test_cluster__accounting_by_hand_directed(void **state)
{
    (void)state;
    flow_network *net = two_cluster_network();
    flow_selection *sel = new_selection(net, 1);
    const int64_t labels[] = {0, 0, 0, 1, 1};
    flow_table *p = NULL;
    assert_flow_ok(flow_cluster_from_membership(&p, sel, labels, 5));
    assert_string_equal(part_method(p), "membership");
    assert_int_equal(part_count(p), 5);
    assert_int_equal(part_k(p), 2);
    assert_int_equal(part_size(p, 0), 3);
    assert_int_equal(part_size(p, 1), 2);
    assert_string_equal(part_id(p, 3), "D");
    assert_int_equal(part_node(p, 4), 4);
    assert_null(part_label(p, 0));
    assert_true(isnan(part_codelength(p)));
    const int64_t *mem = part_membership(p);
    assert_non_null(mem);
    assert_int_equal(mem[2], 0);
    assert_int_equal(mem[3], 1);

    /* X: internal = A->B 5 + B->C 3 + C->A 2 + A's intra-node 5 = 15;
     *    outflow = C->D 2 + B->E 0.5 = 2.5; inflow = E->A 1.
     * Y: internal = D->E 6 + E->D 1 = 7; outflow = 1; inflow = 2.5. */
    assert_true(part_internal(p, 0) == 15);
    assert_true(part_outflow(p, 0) == 2.5);
    assert_true(part_inflow(p, 0) == 1);
    assert_true(part_internal(p, 1) == 7);
    assert_true(part_outflow(p, 1) == 1);
    assert_true(part_inflow(p, 1) == 2.5);
    /* self-containment = internal / (internal + outflow);
     * closure = internal / (internal + inflow + outflow). */
    assert_close(part_self_containment(p, 0), 15 / 17.5, 1e-15);
    assert_close(part_closure(p, 0), 15 / 18.5, 1e-15);
    assert_close(part_self_containment(p, 1), 7 / 8.0, 1e-15);
    assert_close(part_closure(p, 1), 7 / 10.5, 1e-15);
    assert_true(isnan(part_internal(p, 2)));
    assert_true(isnan(part_self_containment(p, 2)));
    assert_int_equal(part_size(p, 2), 0);
    assert_int_equal(part_cluster(p, 5), -1);
    assert_null(part_id(p, 5));

    /* Directed modularity Q = (1/m) sum_c [L_c - Kout_c Kin_c / m], the
     * self-loop excluded: m = 5+3+2+6+1+2+1+0.5 = 20.5;
     * X: L = 10, Kout = 5 + 3.5 + 4 = 12.5, Kin = 3 + 5 + 3 = 11;
     * Y: L = 7, Kout = 6 + 2 = 8, Kin = 3 + 6.5 = 9.5;
     * Q = (17 - (137.5 + 76) / 20.5) / 20.5 = (17 * 20.5 - 213.5) / 20.5^2. */
    double q_hand = (17 * 20.5 - 213.5) / (20.5 * 20.5);
    assert_close(part_modularity(p), q_hand, 1e-12);
    double q = 0;
    assert_flow_ok(flow_cluster_modularity(&q, sel, labels, 5, 1.0));
    assert_close(q, q_hand, 1e-12);
    /* gamma = 2: Q = (17 - 2 * 213.5 / 20.5) / 20.5. */
    assert_flow_ok(flow_cluster_modularity(&q, sel, labels, 5, 2.0));
    assert_close(q, (17 - 2 * 213.5 / 20.5) / 20.5, 1e-12);
    /* gamma = 0: the share of weight inside clusters, 17 / 20.5. */
    assert_flow_ok(flow_cluster_modularity(&q, sel, labels, 5, 0.0));
    assert_close(q, 17 / 20.5, 1e-12);

    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_cluster__accounting_by_hand_undirected(void **state)
{
    (void)state;
    flow_network *net = two_cluster_network();
    flow_selection *sel = new_selection(net, 0);
    const int64_t labels[] = {4, 4, 4, 2, 2}; /* any labels; renumbered */
    flow_table *p = NULL;
    assert_flow_ok(flow_cluster_from_membership(&p, sel, labels, 5));
    assert_int_equal(part_cluster(p, 0), 0);
    assert_int_equal(part_cluster(p, 4), 1);
    /* Undirected edges: A-B 5, B-C 3, C-A 2, D-E 7, C-D 2, A-E 1, B-E 0.5.
     * X: internal 10 + 5 (A's intra-node) = 15, boundary 2 + 1 + 0.5 = 3.5;
     * Y: internal 7, boundary 3.5. Inflow = outflow = boundary. */
    assert_true(part_internal(p, 0) == 15);
    assert_true(part_inflow(p, 0) == 3.5);
    assert_true(part_outflow(p, 0) == 3.5);
    assert_true(part_internal(p, 1) == 7);
    assert_true(part_inflow(p, 1) == 3.5);
    assert_true(part_outflow(p, 1) == 3.5);
    assert_close(part_self_containment(p, 0), 15 / 18.5, 1e-15);
    assert_close(part_closure(p, 0), 15 / 18.5, 1e-15);
    assert_close(part_self_containment(p, 1), 7 / 10.5, 1e-15);
    assert_close(part_closure(p, 1), 7 / 10.5, 1e-15);
    /* Undirected Q = sum_c [L_c / m - (d_c / 2m)^2]: m = 20.5,
     * strengths A 8, B 8.5, C 7, D 9, E 8.5; d_X = 23.5, d_Y = 17.5. */
    double q_hand = 17 / 20.5 - (23.5 * 23.5 + 17.5 * 17.5) / (41.0 * 41.0);
    assert_close(part_modularity(p), q_hand, 1e-12);
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Every method finds the two clusters of the hand network (undirected and
 * directed), and a cluster without any flow has NAN ratios. */
static void test_cluster__methods_find_two_clusters(void **state)
{
    (void)state;
    flow_network *net = two_cluster_network();
    for (int directed = 0; directed <= 1; directed++) {
        flow_selection *sel = new_selection(net, directed);
        for (int i = 0; i < N_METHODS; i++) {
            flow_table *p = NULL;
            assert_flow_ok(flow_cluster_detect(&p, sel, all_methods[i], NULL));
            assert_string_equal(part_method(p), flow_registry_name("cluster", all_methods[i]));
            assert_canonical(p);
            if (all_methods[i] == FLOW_CLUSTER_INFOMAP) {
                /* Too small for Infomap to pay for two modules: one module
                 * (python-igraph 0.10.2 community_infomap(edge_weights=w,
                 * trials=10) gives [0, 0, 0, 0, 0] as well, with code
                 * length 2.3176630991920613 on the directed graph). */
                assert_int_equal(part_k(p), 1);
                if (directed)
                    assert_close(part_codelength(p), 2.3176630991920613, 1e-9);
            } else if (all_methods[i] == FLOW_CLUSTER_LABEL_PROPAGATION) {
                /* LP may stop at any labelling where each vertex holds a
                 * dominant label; it must not cut a heavy tie. */
                assert_int_equal(part_cluster(p, 0), part_cluster(p, 1));
                assert_int_equal(part_cluster(p, 3), part_cluster(p, 4));
            } else {
                assert_int_equal(part_k(p), 2);
                const int64_t expect[] = {0, 0, 0, 1, 1};
                for (size_t v = 0; v < 5; v++)
                    assert_int_equal(part_cluster(p, v), expect[v]);
            }
            if (all_methods[i] == FLOW_CLUSTER_INFOMAP)
                assert_true(part_codelength(p) > 0);
            else
                assert_true(isnan(part_codelength(p)));
            flow_table_free(p);
        }
        flow_selection_free(sel);
    }
    flow_network_free(net);

    /* A cluster with no flow at all: ratios are 0/0. */
    static const char *const ids[] = {"A", "B", "Z"};
    net = new_network(ids, 3);
    add_flow(net, "A", "B", "talent", 1);
    flow_selection *sel = new_selection(net, 1);
    flow_table *p = NULL;
    assert_flow_ok(flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, NULL));
    assert_int_equal(part_k(p), 2);
    assert_int_equal(part_cluster(p, 2), 1);
    assert_true(part_internal(p, 1) == 0);
    assert_true(isnan(part_self_containment(p, 1)));
    assert_true(isnan(part_closure(p, 1)));
    assert_true(part_self_containment(p, 0) == 1);
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- the tables ------------------------------------------------------------------------ */

/* Checks the layout shared by every partition table (cluster.h, THE
 * PARTITION TABLE) and that its scalars agree with its rows. */
static void assert_partition_table(const flow_table *p, const char *method)
{
    assert_string_equal(flow_table_name(p), method);
    assert_string_equal(flow_table_meta(p, "analysis"), method);
    assert_string_equal(flow_table_meta(p, "method"), method);
    assert_non_null(flow_table_meta(p, "directed"));
    assert_non_null(flow_table_meta(p, "factors"));
    assert_int_equal(flow_table_column_count(p), 2);
    assert_string_equal(flow_table_column_name(p, 0), "node");
    assert_int_equal(flow_table_column_type(p, 0), FLOW_COLUMN_NODE);
    assert_string_equal(flow_table_column_name(p, 1), "cluster");
    assert_int_equal(flow_table_column_type(p, 1), FLOW_COLUMN_INT);
    assert_int_equal(flow_table_part_count(p), 1);
    const flow_table *cl = flow_table_part(p, "clusters");
    assert_non_null(cl);
    assert_true(flow_table_scalar(p, "clusters") == (double)flow_table_row_count(cl));
    static const char *const names[] = {"cluster", "size", "label", "internal", "inflow",
                                        "outflow", "self_containment", "closure"};
    static const int types[] = {FLOW_COLUMN_INT, FLOW_COLUMN_INT, FLOW_COLUMN_TEXT,
                                FLOW_COLUMN_DOUBLE, FLOW_COLUMN_DOUBLE, FLOW_COLUMN_DOUBLE,
                                FLOW_COLUMN_DOUBLE, FLOW_COLUMN_DOUBLE};
    assert_int_equal(flow_table_column_count(cl), 8);
    for (size_t c = 0; c < 8; c++) {
        assert_string_equal(flow_table_column_name(cl, c), names[c]);
        assert_int_equal(flow_table_column_type(cl, c), types[c]);
    }
    for (size_t c = 0; c < flow_table_row_count(cl); c++)
        assert_int_equal(flow_table_ints(cl, 0)[c], (int64_t)c); /* row c is cluster c */
    /* "modularity" always; "codelength" for Infomap only */
    int has_q = 0, has_l = 0;
    for (size_t i = 0; i < flow_table_scalar_count(p); i++) {
        has_q += strcmp(flow_table_scalar_name(p, i), "modularity") == 0;
        has_l += strcmp(flow_table_scalar_name(p, i), "codelength") == 0;
    }
    assert_int_equal(has_q, 1);
    assert_int_equal(has_l, strcmp(method, "infomap") == 0);
}

static void test_cluster__partition_tables(void **state)
{
    (void)state;
    flow_network *net = two_cluster_network();
    assert_flow_ok(flow_network_add_member(net, "X", "A", NULL));
    assert_flow_ok(flow_network_add_member(net, "X", "B", NULL));
    assert_flow_ok(flow_network_add_member(net, "Y", "D", NULL));
    flow_selection *sel = new_selection(net, 1);
    flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
    o.seed = 42;
    o.resolution = 1.5;
    for (int i = 0; i < N_METHODS; i++) {
        flow_table *p = NULL;
        assert_flow_ok(flow_cluster_detect(&p, sel, all_methods[i], &o));
        const char *name = flow_registry_name("cluster", all_methods[i]);
        assert_partition_table(p, name);
        assert_null(part_label(p, 0));
        /* the parameters that matter for the method */
        const char *seed = flow_table_meta(p, "seed"), *res = flow_table_meta(p, "resolution");
        const char *trials = flow_table_meta(p, "trials"), *steps = flow_table_meta(p, "steps");
        assert_string_equal(trials, all_methods[i] == FLOW_CLUSTER_WALKTRAP  ? "1"
                                    : all_methods[i] == FLOW_CLUSTER_LOUVAIN ? "100"
                                                                              : "10");
        if (all_methods[i] == FLOW_CLUSTER_WALKTRAP) {
            assert_null(seed);
            assert_null(res);
            assert_string_equal(steps, "4");
        } else {
            assert_string_equal(seed, "42");
            assert_null(steps);
            if (all_methods[i] == FLOW_CLUSTER_INFOMAP)
                assert_null(res);
            else
                assert_string_equal(res, "1.5");
        }
        flow_table_free(p);
    }
    /* from groups: labels, and the groups in the metadata */
    flow_table *p = NULL;
    const char *const yx[] = {"Y", "X"};
    assert_flow_ok(flow_cluster_from_groups(&p, sel, yx, 2));
    assert_partition_table(p, "groups");
    assert_string_equal(flow_table_meta(p, "groups"), "Y,X");
    assert_null(flow_table_meta(p, "seed"));
    const int64_t expect[] = {0, 0, 1, 2, 3}; /* A B | C alone | D | E alone */
    for (size_t v = 0; v < 5; v++) assert_int_equal(part_cluster(p, v), expect[v]);
    assert_string_equal(part_label(p, 0), "X");
    assert_null(part_label(p, 1));
    assert_string_equal(part_label(p, 2), "Y");
    assert_null(part_label(p, 3));
    assert_null(part_label(p, 4)); /* out of range */
    flow_table_free(p);
    /* from a membership */
    const int64_t labels[] = {0, 0, 0, 1, 1};
    assert_flow_ok(flow_cluster_from_membership(&p, sel, labels, 5));
    assert_partition_table(p, "membership");
    assert_null(flow_table_meta(p, "groups"));
    assert_true(flow_table_scalar(p, "clusters") == 2);
    /* the table outlives its selection and network */
    flow_selection_free(sel);
    flow_network_free(net);
    assert_string_equal(part_id(p, 4), "E");
    assert_true(part_internal(p, 1) == 7);
    flow_table_free(p);
}

/* flow_cluster_compare() takes partition tables only, of the same nodes. */
static void test_cluster__compare_checks_tables(void **state)
{
    (void)state;
    flow_network *net = two_cluster_network();
    flow_selection *sel = new_selection(net, 1);
    const int64_t labels[] = {0, 0, 0, 1, 1};
    flow_table *p = NULL, *core = NULL, *q = NULL;
    assert_flow_ok(flow_cluster_from_membership(&p, sel, labels, 5));
    assert_flow_ok(flow_cluster_kcore(&core, sel, FLOW_KCORE_ALL));
    double r = 5;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_compare(&r, p, core, FLOW_COMPARE_NMI));
    assert_error_contains("not a partition table");
    assert_true(isnan(r));
    /* a part is no partition either (no node column) */
    assert_flow_fails(FLOW_EINVAL,
                      flow_cluster_compare(&r, flow_table_part(p, "clusters"), p, FLOW_COMPARE_NMI));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_compare(&r, NULL, p, FLOW_COMPARE_NMI));
    /* partitions of another network with the same ids cover other nodes */
    flow_network *net2 = two_cluster_network();
    flow_selection *sel2 = new_selection(net2, 1);
    assert_flow_ok(flow_cluster_from_membership(&q, sel2, labels, 5));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_compare(&r, p, q, FLOW_COMPARE_NMI));
    assert_error_contains("different nodes");
    flow_table_free(q);
    /* another direction or factor of the same network: the same nodes */
    flow_selection *und = new_selection(net, 0);
    assert_flow_ok(flow_cluster_detect(&q, und, FLOW_CLUSTER_WALKTRAP, NULL));
    assert_flow_ok(flow_cluster_compare(&r, p, q, FLOW_COMPARE_ARI));
    assert_true(r == 1);
    flow_table_free(q);
    flow_selection_free(und);
    flow_selection_free(sel2);
    flow_network_free(net2);
    flow_table_free(core);
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- empty selections ------------------------------------------------------------ */

static void test_cluster__empty_selections(void **state)
{
    (void)state;
    /* No vertex at all. */
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net, 1);
    for (int i = 0; i < N_METHODS; i++) {
        flow_table *p = NULL;
        assert_flow_ok(flow_cluster_detect(&p, sel, all_methods[i], NULL));
        assert_int_equal(part_count(p), 0);
        assert_int_equal(part_k(p), 0);
        assert_null(part_membership(p));
        assert_true(isnan(part_modularity(p)));
        flow_table_free(p);
    }
    double q = 0;
    assert_flow_ok(flow_cluster_modularity(&q, sel, NULL, 0, 1.0));
    assert_true(isnan(q));
    flow_table *a = NULL, *b = NULL;
    assert_flow_ok(flow_cluster_from_groups(&a, sel, NULL, 0));
    assert_flow_ok(flow_cluster_from_membership(&b, sel, NULL, 0));
    assert_int_equal(part_k(a), 0);
    double r = 0;
    assert_flow_ok(flow_cluster_compare(&r, a, b, FLOW_COMPARE_NMI));
    assert_true(r == 1);
    assert_flow_ok(flow_cluster_compare(&r, a, b, FLOW_COMPARE_ARI));
    assert_true(r == 1);
    assert_flow_ok(flow_cluster_compare(&r, a, b, FLOW_COMPARE_VI));
    assert_true(r == 0);
    flow_table_free(a);
    flow_table_free(b);
    flow_table *core = NULL;
    assert_flow_ok(flow_cluster_kcore(&core, sel, FLOW_KCORE_ALL));
    assert_int_equal(flow_table_row_count(core), 0);
    flow_table_free(core);
    flow_selection_free(sel);
    flow_network_free(net);

    /* Vertices but no edge: only intra-node flow, and an isolated node. */
    static const char *const ids[] = {"A", "B", "C"};
    net = new_network(ids, 3);
    add_flow(net, "A", "A", "talent", 2);
    sel = new_selection(net, 1);
    assert_int_equal(graph_edge_count(sel), 0);
    for (int i = 0; i < N_METHODS; i++) {
        flow_table *p = NULL;
        assert_flow_ok(flow_cluster_detect(&p, sel, all_methods[i], NULL));
        assert_int_equal(part_k(p), 3);
        for (size_t v = 0; v < 3; v++) assert_int_equal(part_cluster(p, v), (int64_t)v);
        assert_true(isnan(part_modularity(p)));
        assert_true(part_internal(p, 0) == 2);
        assert_true(part_self_containment(p, 0) == 1);
        assert_true(isnan(part_self_containment(p, 1)));
        flow_table_free(p);
    }
    const int64_t one[] = {0, 0, 0};
    assert_flow_ok(flow_cluster_modularity(&q, sel, one, 3, 1.0));
    assert_true(isnan(q));
    flow_selection_free(sel);
    flow_network_free(net);
}

/*
 * Self-loop convention, stated in cluster.h (CONVENTIONS, "Self-loops: ...
 * A node's intra-node flow (flow_selection_table(), part "vertices")
 * takes no part in detection or in modularity; it is counted as internal
 * flow of the node's cluster in the flow accounting") and at the per-cluster flow
 * accounting ("internal: ... plus the intra-node flow of c's vertices").
 * That internal flow includes a self-loop is pinned by hand in
 * accounting_by_hand_directed / _undirected (A's 5) and empty_selections;
 * here the same network is compared with and without heavy self-loops
 * (A 5, D 2 in another factor, and F, whose only flow is its loop): every
 * method finds the same partition with the same modularity, k-core and
 * flow_cluster_modularity() do not change, and each cluster's internal
 * flow grows by exactly its vertices' loops while inflow and outflow stay.
 */
static void test_cluster__self_loops_only_add_internal_flow(void **state)
{
    (void)state;
    static const char *const ids[] = {"A", "B", "C", "D", "E", "F"};
    flow_network *nets[2];
    for (int loops = 0; loops <= 1; loops++) {
        flow_network *net = new_network(ids, 6);
        add_flow(net, "A", "B", "talent", 4);
        add_flow(net, "A", "B", "capital", 1);
        add_flow(net, "B", "C", "talent", 3);
        add_flow(net, "C", "A", "talent", 2);
        add_flow(net, "D", "E", "talent", 6);
        add_flow(net, "E", "D", "capital", 1);
        add_flow(net, "C", "D", "talent", 2);
        add_flow(net, "B", "E", "technology", 0.5);
        add_flow(net, "E", "A", "talent", 1);
        if (loops) {
            add_flow(net, "A", "A", "talent", 5);
            add_flow(net, "D", "D", "capital", 2);
            add_flow(net, "F", "F", "talent", 4);
        }
        nets[loops] = net;
    }
    const double loop_of[6] = {5, 0, 0, 2, 0, 4};
    for (int directed = 0; directed <= 1; directed++) {
        flow_selection *a = new_selection(nets[0], directed), *b = new_selection(nets[1], directed);
        assert_int_equal(graph_edge_count(b), graph_edge_count(a));
        for (size_t v = 0; v < 6; v++) assert_true(graph_internal(b, v) == loop_of[v]);

        /* detection and the partition's modularity */
        for (int i = 0; i < N_METHODS; i++) {
            flow_table *pa = NULL, *pb = NULL;
            assert_flow_ok(flow_cluster_detect(&pa, a, all_methods[i], NULL));
            assert_flow_ok(flow_cluster_detect(&pb, b, all_methods[i], NULL));
            assert_same_partition(pa, pb);
            assert_true(part_modularity(pa) == part_modularity(pb));
            double la = part_codelength(pa), lb = part_codelength(pb);
            assert_true((isnan(la) && isnan(lb)) || la == lb);
            /* F is isolated (its loop is no edge): a cluster of its own */
            assert_int_equal(part_size(pb, (size_t)part_cluster(pb, 5)),
                             1);
            for (size_t c = 0; c < part_k(pb); c++) {
                double loops = 0;
                for (size_t v = 0; v < 6; v++)
                    if (part_cluster(pb, v) == (int64_t)c) loops += loop_of[v];
                assert_true(part_internal(pb, c) ==
                            part_internal(pa, c) + loops);
                assert_true(part_inflow(pb, c) ==
                            part_inflow(pa, c));
                assert_true(part_outflow(pb, c) ==
                            part_outflow(pa, c));
            }
            flow_table_free(pa);
            flow_table_free(pb);
        }

        /* a given labelling: X = {A, B, C}, Y = {D, E}, F alone */
        const int64_t labels[6] = {0, 0, 0, 1, 1, 2};
        double qa = 0, qb = 0;
        for (double gamma = 0; gamma <= 2; gamma += 1) {
            assert_flow_ok(flow_cluster_modularity(&qa, a, labels, 6, gamma));
            assert_flow_ok(flow_cluster_modularity(&qb, b, labels, 6, gamma));
            assert_true(qa == qb);
        }
        flow_table *pa = NULL, *pb = NULL;
        assert_flow_ok(flow_cluster_from_membership(&pa, a, labels, 6));
        assert_flow_ok(flow_cluster_from_membership(&pb, b, labels, 6));
        /* X: edges 10 + A's loop 5; Y: edges 7 + D's loop 2; F: its loop */
        assert_true(part_internal(pb, 0) == 15);
        assert_true(part_internal(pb, 1) == 9);
        assert_true(part_internal(pb, 2) == 4);
        /* F's cluster has flow now (its loop), none of it leaving: the
         * ratios are 1; without the loop they are 0/0 = NAN */
        assert_true(part_self_containment(pb, 2) == 1);
        assert_true(part_closure(pb, 2) == 1);
        assert_true(isnan(part_self_containment(pa, 2)));
        assert_true(isnan(part_closure(pa, 2)));
        assert_true(part_modularity(pa) == part_modularity(pb));
        flow_table_free(pa);
        flow_table_free(pb);

        /* k-core counts edges only */
        const int modes[] = {FLOW_KCORE_ALL, FLOW_KCORE_IN, FLOW_KCORE_OUT};
        for (size_t m = 0; m < 3; m++) {
            flow_table *ka = NULL, *kb = NULL;
            assert_flow_ok(flow_cluster_kcore(&ka, a, modes[m]));
            assert_flow_ok(flow_cluster_kcore(&kb, b, modes[m]));
            for (size_t v = 0; v < 6; v++)
                assert_true(core_at(ka, v) == core_at(kb, v));
            assert_true(core_at(kb, 5) == 0);
            flow_table_free(ka);
            flow_table_free(kb);
        }
        flow_selection_free(a);
        flow_selection_free(b);
    }
    flow_network_free(nets[0]);
    flow_network_free(nets[1]);
}

/* ---- argument checks ----------------------------------------------------------------- */

static void test_cluster__detect_rejects_bad_arguments(void **state)
{
    (void)state;
    flow_network *net = two_cluster_network();
    flow_selection *sel = new_selection(net, 1);
    flow_table *p = (flow_table *)(void *)&p; /* must be reset to NULL */
    flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;

    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&p, sel, 7, NULL));
    assert_null(p);
    assert_error_contains("method 7");
    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(NULL, sel, FLOW_CLUSTER_LEIDEN, NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_cluster_detect(&p, NULL, FLOW_CLUSTER_LEIDEN, NULL));
    o.version = 99;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, &o));
    o = (flow_cluster_options)FLOW_CLUSTER_OPTIONS_INIT;
    o.resolution = -1;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, &o));
    assert_error_contains("resolution");
    o.resolution = NAN;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&p, sel, FLOW_CLUSTER_LOUVAIN, &o));
    o.resolution = INFINITY;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&p, sel, FLOW_CLUSTER_LOUVAIN, &o));
    o = (flow_cluster_options)FLOW_CLUSTER_OPTIONS_INIT;
    o.trials = -1;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&p, sel, FLOW_CLUSTER_INFOMAP, &o));
    assert_error_contains("trials");
    o = (flow_cluster_options)FLOW_CLUSTER_OPTIONS_INIT;
    o.steps = 0;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&p, sel, FLOW_CLUSTER_WALKTRAP, &o));
    assert_error_contains("steps");
    o = (flow_cluster_options)FLOW_CLUSTER_OPTIONS_INIT;
    o.iterations = -1;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, &o));
    assert_error_contains("iterations");
    assert_null(p);

    /* modularity and membership checks */
    double q = 5;
    const int64_t bad[] = {0, 0, -1, 1, 1};
    const int64_t ok[] = {0, 0, 0, 1, 1};
    assert_flow_fails(FLOW_EINVAL, flow_cluster_modularity(&q, sel, bad, 5, 1.0));
    assert_error_contains("negative");
    assert_true(isnan(q));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_modularity(&q, sel, ok, 4, 1.0));
    assert_error_contains("4 labels");
    assert_flow_fails(FLOW_EINVAL, flow_cluster_modularity(&q, sel, NULL, 5, 1.0));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_modularity(&q, sel, ok, 5, -0.5));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_modularity(NULL, sel, ok, 5, 1.0));
    assert_flow_fails(FLOW_EMISUSE, flow_cluster_modularity(&q, NULL, ok, 5, 1.0));
    p = (flow_table *)(void *)&p;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_membership(&p, sel, bad, 5));
    assert_null(p);
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_membership(&p, sel, ok, 6));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_membership(NULL, sel, ok, 5));

    /* k-core mode */
    flow_table *s = (flow_table *)(void *)&s;
    assert_flow_fails(FLOW_EINVAL, flow_cluster_kcore(&s, sel, 3));
    assert_null(s);
    assert_flow_fails(FLOW_EINVAL, flow_cluster_kcore(NULL, sel, FLOW_KCORE_ALL));

    /* the table readers on NULL */
    assert_int_equal(part_count(NULL), 0);
    assert_int_equal(part_k(NULL), 0);
    assert_null(part_method(NULL));
    assert_true(isnan(part_modularity(NULL)));
    assert_int_equal(part_cluster(NULL, 0), -1);
    flow_table_free(NULL);

    flow_selection_free(sel);
    flow_network_free(net);
}

/* Large and sparse labels are renumbered in order of first appearance. */
static void test_cluster__canonical_numbering(void **state)
{
    (void)state;
    static const char *const ids[] = {"a", "b", "c", "d", "e", "f"};
    flow_network *net = new_network(ids, 6);
    add_flow(net, "a", "b", "talent", 1);
    flow_selection *sel = new_selection(net, 1);
    const int64_t small[] = {7, 7, 3, 9, 3, 0};
    const int64_t large[] = {INT64_MAX, INT64_MAX, 5000000000LL, 42, 5000000000LL, 0};
    const int64_t expect[] = {0, 0, 1, 2, 1, 3};
    flow_table *a = NULL, *b = NULL;
    assert_flow_ok(flow_cluster_from_membership(&a, sel, small, 6));
    assert_flow_ok(flow_cluster_from_membership(&b, sel, large, 6));
    for (size_t v = 0; v < 6; v++) {
        assert_int_equal(part_cluster(a, v), expect[v]);
        assert_int_equal(part_cluster(b, v), expect[v]);
    }
    assert_int_equal(part_k(b), 4);
    assert_int_equal(part_size(b, 1), 2);
    double r = 0;
    assert_flow_ok(flow_cluster_compare(&r, a, b, FLOW_COMPARE_ARI));
    assert_true(r == 1);
    flow_table_free(a);
    flow_table_free(b);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- declared groups --------------------------------------------------------------- */

static void test_cluster__from_groups(void **state)
{
    (void)state;
    static const char *const ids[] = {"SH", "JS", "ZJ", "AH", "BJ", "TJ", "NX", "XJ"};
    flow_network *net = new_network(ids, 8);
    add_flow(net, "SH", "JS", "technology", 3);
    add_flow(net, "JS", "ZJ", "technology", 2);
    add_flow(net, "BJ", "NX", "talent", 1);
    add_flow(net, "TJ", "NX", "talent", 1);
    add_flow(net, "BJ", "TJ", "capital", 4);
    assert_flow_ok(flow_network_add_member(net, "Yangtze", "SH", NULL));
    assert_flow_ok(flow_network_add_member(net, "Yangtze", "JS", NULL));
    assert_flow_ok(flow_network_add_member(net, "Yangtze", "ZJ", NULL));
    assert_flow_ok(flow_network_add_member(net, "Yangtze", "AH", NULL));
    assert_flow_ok(flow_network_add_member(net, "Pairing", "NX", "recipient"));
    assert_flow_ok(flow_network_add_member(net, "Pairing", "BJ", "partner"));
    assert_flow_ok(flow_network_add_member(net, "Pairing", "TJ", "partner"));
    flow_selection *sel = new_selection(net, 1);

    /* n == 0: every group; XJ is in none and stands alone. */
    flow_table *p = NULL;
    assert_flow_ok(flow_cluster_from_groups(&p, sel, NULL, 0));
    assert_string_equal(part_method(p), "groups");
    assert_canonical(p);
    const int64_t expect[] = {0, 0, 0, 0, 1, 1, 1, 2};
    for (size_t v = 0; v < 8; v++) assert_int_equal(part_cluster(p, v), expect[v]);
    assert_string_equal(part_label(p, 0), "Yangtze");
    assert_string_equal(part_label(p, 1), "Pairing");
    assert_null(part_label(p, 2));
    assert_null(part_label(p, 3));
    /* Yangtze: internal 5, nothing leaves: self-containment 1.
     * Pairing: internal 6. */
    assert_true(part_internal(p, 0) == 5);
    assert_true(part_self_containment(p, 0) == 1);
    assert_true(part_internal(p, 1) == 6);
    /* Every edge inside a cluster: Q = 1 - sum_c Kout_c Kin_c / m^2 with
     * m = 11; Yangtze Kout = 5, Kin = 5; Pairing Kout = 6, Kin = 6. */
    assert_close(part_modularity(p), 1 - (25.0 + 36.0) / 121.0, 1e-12);
    flow_table_free(p);

    /* One group listed (twice: counted once); the others are singletons. */
    const char *const one[] = {"Pairing", "Pairing"};
    assert_flow_ok(flow_cluster_from_groups(&p, sel, one, 2));
    const int64_t expect1[] = {0, 1, 2, 3, 4, 4, 4, 5};
    for (size_t v = 0; v < 8; v++) assert_int_equal(part_cluster(p, v), expect1[v]);
    assert_string_equal(part_label(p, 4), "Pairing");
    assert_null(part_label(p, 0));
    flow_table_free(p);

    /* Errors: unknown group, NULL names, overlapping groups. */
    p = (flow_table *)(void *)&p;
    const char *const typo[] = {"Yangtse"};
    assert_flow_fails(FLOW_ENOTFOUND, flow_cluster_from_groups(&p, sel, typo, 1));
    assert_error_contains("did you mean 'Yangtze'");
    assert_null(p);
    const char *const null_name[] = {NULL};
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_groups(&p, sel, null_name, 1));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_groups(&p, sel, NULL, 1));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_groups(NULL, sel, NULL, 0));
    flow_selection_free(sel);

    assert_flow_ok(flow_network_add_member(net, "G60", "ZJ", NULL));
    assert_flow_ok(flow_network_add_member(net, "G60", "XJ", NULL));
    sel = new_selection(net, 1);
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_groups(&p, sel, NULL, 0));
    assert_error_contains("'ZJ'");
    assert_error_contains("'Yangtze'");
    assert_error_contains("'G60'");
    assert_null(p);
    /* Disjoint subsets of the groups are fine. */
    const char *const two[] = {"G60", "Pairing"};
    assert_flow_ok(flow_cluster_from_groups(&p, sel, two, 2));
    assert_string_equal(part_label(p, (size_t)part_cluster(p, 7)),
                        "G60");
    assert_int_equal(part_cluster(p, 2), part_cluster(p, 7));
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* After a roll-up, members stand for their vertices; two groups meeting in
 * one vertex are an error naming both nodes. */
static void test_cluster__from_groups_after_rollup(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "East", NULL, "region", NULL));
    assert_flow_ok(flow_network_add_node(net, "West", NULL, "region", NULL));
    assert_flow_ok(flow_network_add_node(net, "U1", NULL, "institution", "East"));
    assert_flow_ok(flow_network_add_node(net, "U2", NULL, "institution", "East"));
    assert_flow_ok(flow_network_add_node(net, "U3", NULL, "institution", "West"));
    add_flow(net, "U1", "U2", "talent", 2); /* intra-region after roll-up */
    add_flow(net, "U1", "U3", "talent", 1);
    assert_flow_ok(flow_network_add_member(net, "Alliance", "U1", NULL));
    assert_flow_ok(flow_network_add_member(net, "Alliance", "U2", NULL));
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_level(sel, "region"));
    assert_flow_ok(flow_selection_build(sel));
    assert_int_equal(graph_vertex_count(sel), 2);
    flow_table *p = NULL;
    assert_flow_ok(flow_cluster_from_groups(&p, sel, NULL, 0));
    assert_int_equal(part_k(p), 2);
    assert_string_equal(part_label(p, 0), "Alliance");
    assert_string_equal(part_id(p, 0), "East");
    /* East keeps its intra-region flow 2 as internal flow, sends 1 West. */
    assert_true(part_internal(p, 0) == 2);
    assert_true(part_outflow(p, 0) == 1);
    assert_close(part_self_containment(p, 0), 2 / 3.0, 1e-15);
    flow_table_free(p);
    flow_selection_free(sel);

    assert_flow_ok(flow_network_add_member(net, "Other", "U2", NULL));
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_level(sel, "region"));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_groups(&p, sel, NULL, 0));
    assert_error_contains("'U2'");
    assert_error_contains("rolled up into 'East'");
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- comparison ----------------------------------------------------------------------- */

/* NMI, ARI and VI by hand. A = {0,1,2}{3,4,5}, B = {0,1}{2,3}{4,5}.
 * Contingency: n(A0,B0) = 2, n(A0,B1) = 1, n(A1,B1) = 1, n(A1,B2) = 2.
 * ARI: index = C(2,2)+C(2,2) = 2, rows sum C(3,2)*2 = 6, columns
 *   C(2,2)*3 = 3, C(6,2) = 15, expected = 6*3/15 = 1.2, max = 4.5:
 *   ARI = (2 - 1.2) / (4.5 - 1.2) = 8/33.
 * H(A) = ln 2, H(B) = ln 3; I = 2 * (1/3) ln((1/3)/((1/2)(1/3))) + 0
 *   = (2/3) ln 2; NMI = 2I / (H(A)+H(B)) = (4/3) ln 2 / ln 6;
 *   VI = H(A) + H(B) - 2I = ln 3 - (1/3) ln 2. */
static void test_cluster__compare_by_hand(void **state)
{
    (void)state;
    static const char *const ids[] = {"a", "b", "c", "d", "e", "f"};
    flow_network *net = new_network(ids, 6);
    add_flow(net, "a", "b", "talent", 1);
    flow_selection *sel = new_selection(net, 1);
    const int64_t la[] = {0, 0, 0, 1, 1, 1}, lb[] = {0, 0, 1, 1, 2, 2};
    flow_table *a = NULL, *b = NULL;
    assert_flow_ok(flow_cluster_from_membership(&a, sel, la, 6));
    assert_flow_ok(flow_cluster_from_membership(&b, sel, lb, 6));
    double r = 0;
    assert_flow_ok(flow_cluster_compare(&r, a, b, FLOW_COMPARE_ARI));
    assert_close(r, 8.0 / 33.0, 1e-12);
    assert_flow_ok(flow_cluster_compare(&r, a, b, FLOW_COMPARE_NMI));
    assert_close(r, 4.0 / 3.0 * log(2) / log(6), 1e-12);
    assert_flow_ok(flow_cluster_compare(&r, a, b, FLOW_COMPARE_VI));
    assert_close(r, log(3) - log(2) / 3, 1e-12);
    assert_flow_ok(flow_cluster_compare(&r, b, a, FLOW_COMPARE_VI));
    assert_close(r, log(3) - log(2) / 3, 1e-12);
    assert_flow_ok(flow_cluster_compare(&r, a, a, FLOW_COMPARE_NMI));
    assert_true(r == 1);
    assert_flow_fails(FLOW_EINVAL, flow_cluster_compare(&r, a, b, 3));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_compare(&r, a, NULL, FLOW_COMPARE_NMI));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_compare(NULL, a, b, FLOW_COMPARE_NMI));

    /* Trivial identical partitions: ARI is 1 (igraph's formula is 0/0);
     * one cluster against singletons: NMI 0, ARI 0, VI ln 6. */
    const int64_t one[] = {0, 0, 0, 0, 0, 0}, single[] = {0, 1, 2, 3, 4, 5};
    flow_table *o1 = NULL, *o2 = NULL, *s1 = NULL, *s2 = NULL;
    assert_flow_ok(flow_cluster_from_membership(&o1, sel, one, 6));
    assert_flow_ok(flow_cluster_from_membership(&o2, sel, one, 6));
    assert_flow_ok(flow_cluster_from_membership(&s1, sel, single, 6));
    assert_flow_ok(flow_cluster_from_membership(&s2, sel, single, 6));
    assert_flow_ok(flow_cluster_compare(&r, o1, o2, FLOW_COMPARE_ARI));
    assert_true(r == 1);
    assert_flow_ok(flow_cluster_compare(&r, s1, s2, FLOW_COMPARE_ARI));
    assert_true(r == 1);
    assert_flow_ok(flow_cluster_compare(&r, o1, s1, FLOW_COMPARE_ARI));
    assert_close(r, 0, 1e-12);
    assert_flow_ok(flow_cluster_compare(&r, o1, s1, FLOW_COMPARE_NMI));
    assert_close(r, 0, 1e-12);
    assert_flow_ok(flow_cluster_compare(&r, o1, s1, FLOW_COMPARE_VI));
    assert_close(r, log(6), 1e-12);
    flow_table_free(o1);
    flow_table_free(o2);
    flow_table_free(s1);
    flow_table_free(s2);

    /* Partitions of another roll-up level cover other nodes. */
    flow_selection *other = NULL;
    assert_flow_ok(flow_network_add_node(net, "g", NULL, "region", NULL));
    other = new_selection(net, 1);
    const int64_t l7[] = {0, 0, 0, 1, 1, 1, 1};
    flow_table *c = NULL;
    assert_flow_ok(flow_cluster_from_membership(&c, other, l7, 7));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_compare(&r, a, c, FLOW_COMPARE_NMI));
    assert_error_contains("different nodes");
    flow_table_free(c);
    flow_selection_free(other);

    /* Partitions outlive their selection and network (any free order). */
    flow_selection_free(sel);
    flow_network_free(net);
    assert_flow_ok(flow_cluster_compare(&r, a, b, FLOW_COMPARE_ARI));
    assert_close(r, 8.0 / 33.0, 1e-12);
    assert_string_equal(part_id(a, 5), "f");
    flow_table_free(a);
    flow_table_free(b);
}

/*
 * python-igraph 0.10.2 igraph.compare_communities(a, b, method) plus a
 * plain-Python implementation of the same formulas on pairs of labellings
 * (argv[1]: lines of "a-labels|b-labels"); prints "nmi_i ari_i vi_i" and
 * "nmi_p ari_p vi_p" per pair.
 */
static const char *const py_compare =
    "import sys, math\n"
    "from collections import Counter\n"
    "try:\n"
    "    import igraph\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "def plain(a, b):\n"
    "    n = len(a); ca, cb, cab = Counter(a), Counter(b), Counter(zip(a, b))\n"
    "    H = lambda c: -sum(x / n * math.log(x / n) for x in c.values())\n"
    "    I = sum(x / n * math.log(x * n / (ca[i] * cb[j])) for (i, j), x in cab.items())\n"
    "    ha, hb = H(ca), H(cb)\n"
    "    nmi = 1.0 if ha + hb == 0 else 2 * I / (ha + hb)\n"
    "    c2 = lambda x: x * (x - 1) / 2\n"
    "    idx = sum(c2(x) for x in cab.values()); sa = sum(c2(x) for x in ca.values())\n"
    "    sb = sum(c2(x) for x in cb.values()); exp = sa * sb / c2(n); mx = (sa + sb) / 2\n"
    "    ari = (idx - exp) / (mx - exp)\n"
    "    return nmi, ari, ha + hb - 2 * I\n"
    "for i, line in enumerate(open(sys.argv[1])):\n"
    "    sa, sb = line.strip().split('|')\n"
    "    a = [int(x) for x in sa.split()]; b = [int(x) for x in sb.split()]\n"
    "    r = [igraph.compare_communities(a, b, m) for m in ('nmi', 'ari', 'vi')]\n"
    "    print('igraph%d %.17g %.17g %.17g' % ((i,) + tuple(r)))\n"
    "    print('plain%d %.17g %.17g %.17g' % ((i,) + plain(a, b)))\n";

static void test_cluster__compare_vs_python(void **state)
{
    (void)state;
    char csv[512], pairs[512];
    temp_path(csv, sizeof csv, "planted-flows.csv");
    temp_path(pairs, sizeof pairs, "pairs");
    flow_network *net = planted_network(11, 4, 12, 500, 70, csv);
    flow_selection *sel = new_selection(net, 1);
    /* The partitions compared: each method's result, the planted blocks
     * (labelled by id prefix through groups), and a random labelling. */
    size_t n = graph_vertex_count(sel);
    flow_table *parts[N_METHODS + 2] = {NULL};
    for (int i = 0; i < N_METHODS; i++)
        assert_flow_ok(flow_cluster_detect(&parts[i], sel, all_methods[i], NULL));
    int64_t *lab = malloc(n * sizeof *lab);
    assert_non_null(lab);
    for (size_t v = 0; v < n; v++) lab[v] = (int64_t)(v / 12);
    assert_flow_ok(flow_cluster_from_membership(&parts[N_METHODS], sel, lab, n));
    uint32_t st = 5;
    for (size_t v = 0; v < n; v++) lab[v] = lcg(&st) % 6;
    assert_flow_ok(flow_cluster_from_membership(&parts[N_METHODS + 1], sel, lab, n));
    free(lab);

    FILE *f = fopen(pairs, "w");
    assert_non_null(f);
    int npairs = 0;
    for (int i = 0; i < N_METHODS + 2; i++)
        for (int j = i + 1; j < N_METHODS + 2; j++, npairs++) {
            for (size_t v = 0; v < n; v++)
                fprintf(f, "%lld ", (long long)part_cluster(parts[i], v));
            fputc('|', f);
            for (size_t v = 0; v < n; v++)
                fprintf(f, "%lld ", (long long)part_cluster(parts[j], v));
            fputc('\n', f);
        }
    assert_int_equal(fclose(f), 0);
    char *out = run_python(py_compare, pairs, NULL, NULL);
    int k = 0;
    for (int i = 0; i < N_METHODS + 2; i++)
        for (int j = i + 1; j < N_METHODS + 2; j++, k++) {
            char key[32];
            snprintf(key, sizeof key, "igraph%d", k);
            const char *at = strstr(out, key);
            assert_non_null(at);
            double ref[3];
            char *end = (char *)at + strlen(key);
            for (int m = 0; m < 3; m++) ref[m] = strtod(end, &end);
            snprintf(key, sizeof key, "plain%d", k);
            at = strstr(out, key);
            assert_non_null(at);
            double plain[3];
            end = (char *)at + strlen(key);
            for (int m = 0; m < 3; m++) plain[m] = strtod(end, &end);
            const int measures[] = {FLOW_COMPARE_NMI, FLOW_COMPARE_ARI, FLOW_COMPARE_VI};
            for (int m = 0; m < 3; m++) {
                double r = NAN;
                assert_flow_ok(flow_cluster_compare(&r, parts[i], parts[j], measures[m]));
                if (isnan(ref[m])) /* identical trivial partitions: see header */
                    assert_true(r == 1);
                else
                    assert_close(r, ref[m], 1e-12);
                assert_close(r, plain[m], 1e-9);
            }
        }
    assert_int_equal(k, npairs);
    free(out);
    for (int i = 0; i < N_METHODS + 2; i++) flow_table_free(parts[i]);
    flow_selection_free(sel);
    flow_network_free(net);
    unlink(csv);
    unlink(pairs);
}

/* ---- modularity against networkx ----------------------------------------------------- */

/*
 * networkx 2.8 nx.community.modularity(G, communities, weight='weight',
 * resolution=gamma) on its own aggregation of flows.csv (argv[1]):
 * DiGraph (directed formula) or Graph with both directions summed, self-
 * loops dropped. argv[2] holds lines "directed gamma|id:label id:label ...";
 * prints "q<i> value".
 */
static const char *const py_modularity =
    "import sys, csv\n"
    "try:\n"
    "    import networkx as nx\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))\n"
    "def graph(directed, ids):\n"
    "    G = nx.DiGraph() if directed else nx.Graph()\n"
    "    G.add_nodes_from(ids)\n"
    "    for r in rows:\n"
    "        s, t, w = r['source'], r['target'], float(r['weight'])\n"
    "        if s == t: continue\n"
    "        if G.has_edge(s, t): G[s][t]['weight'] += w\n"
    "        else: G.add_edge(s, t, weight=w)\n"
    "    return G\n"
    "for i, line in enumerate(open(sys.argv[2])):\n"
    "    head, body = line.strip().split('|')\n"
    "    d, gamma = head.split(); lab = dict(x.split(':') for x in body.split())\n"
    "    G = graph(int(d), list(lab))\n"
    "    comm = {}\n"
    "    for k, c in lab.items(): comm.setdefault(c, set()).add(k)\n"
    "    q = nx.community.modularity(G, comm.values(), weight='weight', resolution=float(gamma))\n"
    "    print('q%d %.17g' % (i, q))\n";

static void test_cluster__modularity_vs_networkx(void **state)
{
    (void)state;
    char csv[512], spec[512];
    temp_path(csv, sizeof csv, "mod-flows.csv");
    temp_path(spec, sizeof spec, "mod-spec");
    /* weakly planted (35% in-block) so memberships are not all trivial */
    flow_network *net = planted_network(3, 5, 10, 400, 35, csv);
    const double gammas[] = {1.0, 0.5, 2.0};
    FILE *f = fopen(spec, "w");
    assert_non_null(f);
    double ours[2][3][3];
    for (int d = 0; d <= 1; d++) {
        flow_selection *sel = new_selection(net, d);
        size_t n = graph_vertex_count(sel);
        int64_t *lab = malloc(n * sizeof *lab);
        assert_non_null(lab);
        for (int which = 0; which < 3; which++) {
            if (which == 0) { /* the planted blocks */
                for (size_t v = 0; v < n; v++) lab[v] = (int64_t)(v / 10);
            } else if (which == 1) { /* random labels */
                uint32_t st = 99;
                for (size_t v = 0; v < n; v++) lab[v] = lcg(&st) % 7;
            } else { /* Leiden's answer */
                flow_table *p = NULL;
                assert_flow_ok(flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, NULL));
                for (size_t v = 0; v < n; v++) lab[v] = part_cluster(p, v);
                /* the partition's own modularity is the resolution-1 value */
                double q1;
                assert_flow_ok(flow_cluster_modularity(&q1, sel, lab, n, 1.0));
                assert_close(part_modularity(p), q1, 1e-14);
                flow_table_free(p);
            }
            for (int g = 0; g < 3; g++) {
                assert_flow_ok(flow_cluster_modularity(&ours[d][which][g], sel, lab, n, gammas[g]));
                fprintf(f, "%d %.17g|", d, gammas[g]);
                graph_view gv = graph_view_of(sel);
                for (size_t v = 0; v < n; v++)
                    fprintf(f, "%s:%lld ", flow_network_node_id(net, (size_t)gv.node[v]),
                            (long long)lab[v]);
                graph_view_free(&gv);
                fputc('\n', f);
            }
        }
        free(lab);
        flow_selection_free(sel);
    }
    assert_int_equal(fclose(f), 0);
    char *out = run_python(py_modularity, csv, spec, NULL);
    int i = 0;
    for (int d = 0; d <= 1; d++)
        for (int which = 0; which < 3; which++)
            for (int g = 0; g < 3; g++, i++) {
                char key[16];
                snprintf(key, sizeof key, "q%d", i);
                assert_close(ours[d][which][g], py_value(out, key), 1e-9);
            }
    free(out);
    flow_network_free(net);
    unlink(csv);
    unlink(spec);
}

/* ---- seeds, progress, interruption ------------------------------------------------- */

static void test_cluster__same_seed_same_result(void **state)
{
    (void)state;
    flow_network *net = planted_network(7, 4, 15, 700, 60, NULL);
    for (int d = 0; d <= 1; d++) {
        flow_selection *sel = new_selection(net, d);
        for (int i = 0; i < N_METHODS; i++) {
            flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
            o.seed = 12345;
            o.trials = 3;
            flow_table *a = NULL, *b = NULL, *c = NULL;
            assert_flow_ok(flow_cluster_detect(&a, sel, all_methods[i], &o));
            /* another igraph run in between must not matter */
            o.seed = 999;
            assert_flow_ok(flow_cluster_detect(&c, sel, all_methods[i], &o));
            o.seed = 12345;
            assert_flow_ok(flow_cluster_detect(&b, sel, all_methods[i], &o));
            assert_same_partition(a, b);
            assert_true(part_modularity(a) == part_modularity(b));
            flow_table_free(a);
            flow_table_free(b);
            flow_table_free(c);
        }
        flow_selection_free(sel);
    }
    flow_network_free(net);
}

typedef struct {
    int calls, stop_at, bad_percent;
    double last;
    const char *only; /* count only messages equal to this, NULL: all */
} progress_log;

static int on_progress(double percent, const char *message, void *payload)
{
    progress_log *log = payload;
    if (percent < 0 || percent > 100 || percent < log->last - 1e-9) log->bad_percent++;
    log->last = percent;
    if (log->only && (!message || strcmp(message, log->only) != 0)) return 0;
    log->calls++;
    return log->stop_at > 0 && log->calls >= log->stop_at;
}

static void test_cluster__progress_and_interruption(void **state)
{
    (void)state;
    flow_network *net = planted_network(7, 4, 15, 700, 60, NULL);
    flow_selection *sel = new_selection(net, 1);
    for (int i = 0; i < N_METHODS; i++) {
        /* reported, monotone, in [0, 100], ending at 100 */
        progress_log log = {0, 0, 0, 0, NULL};
        assert_flow_ok(flow_selection_set_progress(sel, on_progress, &log));
        flow_table *p = NULL;
        assert_flow_ok(flow_cluster_detect(&p, sel, all_methods[i], NULL));
        flow_table_free(p);
        assert_true(log.calls >= 2);
        assert_int_equal(log.bad_percent, 0);
        assert_true(log.last == 100);
        /* a callback that says stop at once */
        progress_log stop = {0, 1, 0, 0, NULL};
        assert_flow_ok(flow_selection_set_progress(sel, on_progress, &stop));
        p = (flow_table *)(void *)&p;
        assert_flow_fails(FLOW_EINTERRUPTED, flow_cluster_detect(&p, sel, all_methods[i], NULL));
        assert_null(p);
        assert_int_equal(stop.calls, 1);
    }
    /* Leiden checks between its rounds: report 1 opens the trial (before
     * any igraph call), report 2 follows the first Leiden iteration; stop
     * there, strictly between 0 and 100 percent. */
    progress_log later = {0, 2, 0, 0, NULL};
    assert_flow_ok(flow_selection_set_progress(sel, on_progress, &later));
    flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
    o.trials = 1;
    flow_table *p = NULL;
    assert_flow_fails(FLOW_EINTERRUPTED, flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, &o));
    assert_error_contains("interrupted");
    assert_null(p);
    assert_int_equal(later.calls, 2);
    assert_true(later.last > 0 && later.last < 100);
    /* the selection works again afterwards */
    assert_flow_ok(flow_selection_set_progress(sel, NULL, NULL));
    assert_flow_ok(flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, &o));
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- methods on structured graphs ------------------------------------------------------ */

/* Every method recovers strongly planted blocks (90% of rows in-block). */
static void test_cluster__planted_blocks_recovered(void **state)
{
    (void)state;
    flow_network *net = planted_network(21, 4, 12, 900, 90, NULL);
    flow_selection *sel = new_selection(net, 1);
    size_t n = graph_vertex_count(sel);
    int64_t *lab = malloc(n * sizeof *lab);
    assert_non_null(lab);
    for (size_t v = 0; v < n; v++) lab[v] = (int64_t)(v / 12);
    flow_table *truth = NULL;
    assert_flow_ok(flow_cluster_from_membership(&truth, sel, lab, n));
    free(lab);
    for (int i = 0; i < N_METHODS; i++) {
        flow_table *p = NULL;
        assert_flow_ok(flow_cluster_detect(&p, sel, all_methods[i], NULL));
        double nmi = 0, ari = 0;
        assert_flow_ok(flow_cluster_compare(&nmi, p, truth, FLOW_COMPARE_NMI));
        assert_flow_ok(flow_cluster_compare(&ari, p, truth, FLOW_COMPARE_ARI));
        print_message("planted: %-17s %zu clusters, NMI %.3f, ARI %.3f, Q %.4f\n",
                      part_method(p), part_k(p), nmi, ari,
                      part_modularity(p));
        /* the isolated last vertex may stand alone: allow that much */
        assert_true(nmi > 0.9);
        flow_table_free(p);
    }
    flow_table_free(truth);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Leiden's iterations: a fixed number (python-igraph's default 2) or until
 * stable (the default); both recover planted blocks, the stable partition
 * is at least as good in the objective (undirected modularity), and a
 * version 1 options struct (without the field) means until stable. */
static void test_cluster__leiden_iterations(void **state)
{
    (void)state;
    flow_network *net = planted_network(21, 4, 12, 900, 90, NULL);
    flow_selection *sel = new_selection(net, 0);
    size_t n = graph_vertex_count(sel);
    int64_t *lab = malloc(n * sizeof *lab);
    assert_non_null(lab);
    for (size_t v = 0; v < n; v++) lab[v] = (int64_t)(v / 12);
    flow_table *truth = NULL;
    assert_flow_ok(flow_cluster_from_membership(&truth, sel, lab, n));
    free(lab);
    flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
    o.trials = 1;
    flow_table *stable = NULL, *one = NULL, *two = NULL, *v1p = NULL;
    assert_flow_ok(flow_cluster_detect(&stable, sel, FLOW_CLUSTER_LEIDEN, &o));
    assert_string_equal(flow_table_meta(stable, "iterations"), "until stable");
    o.iterations = 1;
    assert_flow_ok(flow_cluster_detect(&one, sel, FLOW_CLUSTER_LEIDEN, &o));
    assert_string_equal(flow_table_meta(one, "iterations"), "1");
    o.iterations = 2;
    assert_flow_ok(flow_cluster_detect(&two, sel, FLOW_CLUSTER_LEIDEN, &o));
    assert_string_equal(flow_table_meta(two, "iterations"), "2");
    double nmi = 0;
    assert_flow_ok(flow_cluster_compare(&nmi, two, truth, FLOW_COMPARE_NMI));
    assert_true(nmi > 0.9);
    assert_flow_ok(flow_cluster_compare(&nmi, stable, truth, FLOW_COMPARE_NMI));
    assert_true(nmi > 0.9);
    print_message("leiden: Q %.6f (1 iteration), %.6f (2), %.6f (until stable)\n",
                  part_modularity(one), part_modularity(two), part_modularity(stable));
    assert_true(part_modularity(stable) >= part_modularity(one) - 1e-12);
    /* a version 1 struct: the bytes past `steps` are not read */
    flow_cluster_options v1;
    memset(&v1, 0xff, sizeof v1);
    assert_flow_ok(flow_cluster_options_init(&v1, 1));
    v1.trials = 1;
    assert_flow_ok(flow_cluster_detect(&v1p, sel, FLOW_CLUSTER_LEIDEN, &v1));
    assert_string_equal(flow_table_meta(v1p, "iterations"), "until stable");
    assert_true(part_modularity(v1p) == part_modularity(stable));
    flow_table_free(stable);
    flow_table_free(one);
    flow_table_free(two);
    flow_table_free(v1p);
    flow_table_free(truth);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Infomap follows direction: two heavy directed 4-cycles joined by light
 * arcs are two modules. */
static void test_cluster__infomap_directed_cycles(void **state)
{
    (void)state;
    static const char *const ids[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    flow_network *net = new_network(ids, 8);
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < 4; i++)
            add_flow(net, ids[4 * c + i], ids[4 * c + (i + 1) % 4], "talent", 10);
    add_flow(net, "d", "e", "talent", 1);
    add_flow(net, "h", "a", "talent", 1);
    flow_selection *sel = new_selection(net, 1);
    flow_table *p = NULL;
    assert_flow_ok(flow_cluster_detect(&p, sel, FLOW_CLUSTER_INFOMAP, NULL));
    const int64_t expect[] = {0, 0, 0, 0, 1, 1, 1, 1};
    for (size_t v = 0; v < 8; v++) assert_int_equal(part_cluster(p, v), expect[v]);
    assert_true(part_codelength(p) > 0);
    /* each cycle keeps 40 of the 41 units leaving its nodes */
    assert_close(part_self_containment(p, 0), 40 / 41.0, 1e-15);
    assert_close(part_closure(p, 0), 40 / 42.0, 1e-15);
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: igraph 0.10.2's label propagation truncates weights to
 * integers, so weights below 1 (shares, for instance) all became 0 and
 * every vertex stayed alone. Two triangles of weight 0.01 joined by a
 * 0.001 tie must give two clusters, not six singletons. */
static void test_cluster__label_propagation_small_weights(void **state)
{
    (void)state;
    static const char *const ids[] = {"a", "b", "c", "d", "e", "f"};
    flow_network *net = new_network(ids, 6);
    add_flow(net, "a", "b", "talent", 0.01);
    add_flow(net, "b", "c", "talent", 0.01);
    add_flow(net, "c", "a", "talent", 0.01);
    add_flow(net, "d", "e", "talent", 0.01);
    add_flow(net, "e", "f", "talent", 0.01);
    add_flow(net, "f", "d", "talent", 0.01);
    add_flow(net, "c", "d", "talent", 0.001);
    flow_selection *sel = new_selection(net, 0);
    for (uint64_t seed = 1; seed <= 10; seed++) {
        flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
        o.seed = seed;
        flow_table *p = NULL;
        assert_flow_ok(flow_cluster_detect(&p, sel, FLOW_CLUSTER_LABEL_PROPAGATION, &o));
        assert_int_equal(part_k(p), 2);
        const int64_t expect[] = {0, 0, 0, 1, 1, 1};
        for (size_t v = 0; v < 6; v++) assert_int_equal(part_cluster(p, v), expect[v]);
        flow_table_free(p);
    }
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Leiden's resolution: high gamma splits, gamma 0 merges each component. */
static void test_cluster__resolution(void **state)
{
    (void)state;
    flow_network *net = planted_network(21, 4, 12, 900, 90, NULL);
    flow_selection *sel = new_selection(net, 0);
    size_t k[3];
    const double gammas[] = {0.0, 1.0, 5.0};
    for (int g = 0; g < 3; g++) {
        for (int m = 0; m < 2; m++) {
            flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
            o.resolution = gammas[g];
            flow_table *p = NULL;
            assert_flow_ok(flow_cluster_detect(&p, sel, m ? FLOW_CLUSTER_LOUVAIN
                                                          : FLOW_CLUSTER_LEIDEN, &o));
            if (m == 0) k[g] = part_k(p);
            if (g == 0) /* one connected component + the isolated vertex */
                assert_int_equal(part_k(p), 2);
            flow_table_free(p);
        }
    }
    assert_true(k[0] < k[1] && k[1] < k[2]);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- done-when: at least networkx's Louvain --------------------------------------------- */

static void test_cluster__beats_networkx_louvain_planted(void **state)
{
    (void)state;
    char csv[512];
    temp_path(csv, sizeof csv, "planted.csv");
    flow_network *net = planted_network(2024, 6, 12, 900, 55, csv);
    flow_selection *sel = new_selection(net, 0);
    check_beats_networkx(sel, sel, csv, "planted");
    /* A directed selection clusters its undirected collapse (both
     * directions summed, as networkx's graph): the same bound holds for its
     * partitions judged by undirected modularity. */
    flow_selection *dir = new_selection(net, 1);
    check_beats_networkx(dir, sel, csv, "planted (directed selection)");
    flow_selection_free(dir);
    flow_selection_free(sel);
    flow_network_free(net);
    unlink(csv);
}

static void beats_on_dataset(const char *name)
{
    char dir[512], flows[600];
    snprintf(dir, sizeof dir, "%s/%s", FLOW_SHARED_DATA, name);
    skip_unless_exists(dir);
    snprintf(flows, sizeof flows, "%s/flows.csv", dir);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    flow_selection *sel = new_selection(net, 0);
    check_beats_networkx(sel, sel, flows, name);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_cluster__beats_networkx_louvain_ckm(void **state)
{
    (void)state;
    beats_on_dataset("ckm_physicians");
}

static void test_cluster__beats_networkx_louvain_lazega(void **state)
{
    (void)state;
    beats_on_dataset("lazega_lawfirm");
}

static void test_cluster__beats_networkx_louvain_aarhus(void **state)
{
    (void)state;
    beats_on_dataset("cs_aarhus");
}

static void test_cluster__beats_networkx_louvain_florentine(void **state)
{
    (void)state;
    beats_on_dataset("florentine_families");
}

/* CKM physicians: no edge crosses towns (README), so a sensible detection
 * never merges two towns; it may split Peoria. */
static void test_cluster__ckm_recovers_towns(void **state)
{
    (void)state;
    const char *dir = SHARED_DATA("ckm_physicians");
    skip_unless_exists(dir);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    flow_selection *sel = new_selection(net, 0);
    const char *const towns[] = {"Peoria", "Bloomington", "Quincy", "Galesburg"};
    flow_table *truth = NULL;
    assert_flow_ok(flow_cluster_from_groups(&truth, sel, towns, 4));
    /* README: 246 physicians, every one in a town */
    assert_int_equal(part_count(truth), 246);
    assert_int_equal(part_k(truth), 4);
    for (size_t c = 0; c < 4; c++) {
        /* no edge crosses towns: each town keeps all its flow */
        assert_true(part_self_containment(truth, c) == 1);
        assert_true(part_inflow(truth, c) == 0);
    }
    for (int i = 0; i < N_METHODS; i++) {
        flow_table *p = NULL;
        assert_flow_ok(flow_cluster_detect(&p, sel, all_methods[i], NULL));
        /* every cluster lies within one town */
        size_t k = part_k(p);
        int64_t *town_of = malloc(k * sizeof *town_of);
        assert_non_null(town_of);
        for (size_t c = 0; c < k; c++) town_of[c] = -1;
        for (size_t v = 0; v < part_count(p); v++) {
            int64_t c = part_cluster(p, v), t = part_cluster(truth, v);
            if (town_of[c] < 0) town_of[c] = t;
            assert_int_equal(town_of[c], t);
        }
        free(town_of);
        double nmi = 0, ari = 0;
        assert_flow_ok(flow_cluster_compare(&nmi, p, truth, FLOW_COMPARE_NMI));
        assert_flow_ok(flow_cluster_compare(&ari, p, truth, FLOW_COMPARE_ARI));
        print_message("ckm towns vs %-17s: %zu clusters, Q %.4f, NMI %.3f, ARI %.3f\n",
                      part_method(p), k, part_modularity(p), nmi, ari);
        flow_table_free(p);
    }
    flow_table_free(truth);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Declared groups on real data: overlapping groups are refused with the
 * node named; disjoint ones (the lazega offices) make a partition. */
static void test_cluster__groups_on_real_data(void **state)
{
    (void)state;
    const char *aarhus = SHARED_DATA("cs_aarhus");
    const char *lazega = SHARED_DATA("lazega_lawfirm");
    skip_unless_exists(aarhus);
    skip_unless_exists(lazega);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, aarhus));
    flow_selection *sel = new_selection(net, 0);
    flow_table *p = NULL;
    /* README: U4 is in G2 and G3 (and U123 in G2 and G6); G3 comes first */
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_groups(&p, sel, NULL, 0));
    assert_error_contains("'U4'");
    assert_error_contains("'G2'");
    assert_error_contains("'G3'");
    assert_null(p);
    flow_selection_free(sel);
    flow_network_free(net);

    assert_flow_ok(flow_io_load(&net, lazega));
    sel = new_selection(net, 0);
    /* office and practice groups overlap: every lawyer is in both */
    assert_flow_fails(FLOW_EINVAL, flow_cluster_from_groups(&p, sel, NULL, 0));
    const char *const offices[] = {"office:Boston", "office:Hartford", "office:Providence"};
    assert_flow_ok(flow_cluster_from_groups(&p, sel, offices, 3));
    /* README: 71 lawyers, Boston 48, Hartford 19, Providence 4 */
    assert_int_equal(part_count(p), 71);
    assert_int_equal(part_k(p), 3);
    size_t boston = 0, hartford = 0, providence = 0;
    for (size_t c = 0; c < 3; c++) {
        const char *label = part_label(p, c);
        assert_non_null(label);
        if (strcmp(label, "office:Boston") == 0) boston = part_size(p, c);
        if (strcmp(label, "office:Hartford") == 0) hartford = part_size(p, c);
        if (strcmp(label, "office:Providence") == 0)
            providence = part_size(p, c);
    }
    assert_int_equal(boston, 48);
    assert_int_equal(hartford, 19);
    assert_int_equal(providence, 4);
    flow_table *leiden = NULL;
    assert_flow_ok(flow_cluster_detect(&leiden, sel, FLOW_CLUSTER_LEIDEN, NULL));
    double nmi = 0;
    assert_flow_ok(flow_cluster_compare(&nmi, leiden, p, FLOW_COMPARE_NMI));
    print_message("lazega offices: Q %.4f; Leiden %zu clusters, Q %.4f, NMI vs offices %.3f\n",
                  part_modularity(p), part_k(leiden),
                  part_modularity(leiden), nmi);
    assert_true(nmi > 0 && nmi < 1);
    flow_table_free(leiden);
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- k-core --------------------------------------------------------------------------- */

static void test_cluster__kcore_by_hand(void **state)
{
    (void)state;
    /* K4 on a,b,c,d (core 3); e tied to a, b and f (core 2 once the
     * pendant f (core 1) is peeled); g isolated (core 0). Directions and
     * weights must not matter in FLOW_KCORE_ALL on an undirected
     * selection. */
    static const char *const ids[] = {"a", "b", "c", "d", "e", "f", "g"};
    flow_network *net = new_network(ids, 7);
    add_flow(net, "a", "b", "talent", 1);
    add_flow(net, "a", "c", "talent", 5);
    add_flow(net, "d", "a", "talent", 1);
    add_flow(net, "b", "c", "capital", 0.25);
    add_flow(net, "b", "d", "talent", 1);
    add_flow(net, "c", "d", "talent", 1);
    add_flow(net, "d", "c", "talent", 1); /* reciprocal: one undirected tie */
    add_flow(net, "e", "a", "talent", 1);
    add_flow(net, "b", "e", "talent", 1);
    add_flow(net, "f", "e", "talent", 1);
    add_flow(net, "g", "g", "talent", 9); /* intra-node flow only */
    flow_selection *sel = new_selection(net, 0);
    flow_table *s = NULL;
    assert_flow_ok(flow_cluster_kcore(&s, sel, FLOW_KCORE_ALL));
    assert_string_equal(flow_table_name(s), "coreness");
    assert_string_equal(flow_table_column_name(s, 1), "coreness");
    assert_int_equal(flow_table_column_type(s, 1), FLOW_COLUMN_INT);
    assert_string_equal(flow_table_meta(s, "analysis"), "coreness");
    assert_string_equal(flow_table_meta(s, "mode"), "all");
    assert_string_equal(flow_table_meta(s, "directed"), "no");
    const double expect[] = {3, 3, 3, 3, 2, 1, 0};
    for (size_t v = 0; v < 7; v++) assert_true(core_at(s, v) == expect[v]);
    assert_string_equal(flow_table_text(s, 0, 4), "e");
    flow_table_free(s);
    /* the mode is ignored on an undirected selection */
    assert_flow_ok(flow_cluster_kcore(&s, sel, FLOW_KCORE_IN));
    for (size_t v = 0; v < 7; v++) assert_true(core_at(s, v) == expect[v]);
    flow_table_free(s);
    flow_selection_free(sel);
    flow_network_free(net);

    /* Directed: a->b, b->c, c->a, d->a, d->b.
     * IN: d has in-degree 0 (core 0); without d the cycle has in-degree 1
     *   everywhere (core 1).
     * OUT: out-degrees a 1, b 1, c 1, d 2; the 2-core peels a, b, c and
     *   then d: all core 1.
     * ALL: in + out: a 3, b 3, c 2, d 2; 3-core peels c, d then a, b:
     *   all core 2. */
    static const char *const ids2[] = {"a", "b", "c", "d"};
    net = new_network(ids2, 4);
    add_flow(net, "a", "b", "talent", 1);
    add_flow(net, "b", "c", "talent", 1);
    add_flow(net, "c", "a", "talent", 1);
    add_flow(net, "d", "a", "talent", 1);
    add_flow(net, "d", "b", "talent", 1);
    sel = new_selection(net, 1);
    const double in[] = {1, 1, 1, 0}, out[] = {1, 1, 1, 1}, all[] = {2, 2, 2, 2};
    const int modes[] = {FLOW_KCORE_IN, FLOW_KCORE_OUT, FLOW_KCORE_ALL};
    const double *exp3[] = {in, out, all};
    for (int m = 0; m < 3; m++) {
        assert_flow_ok(flow_cluster_kcore(&s, sel, modes[m]));
        for (size_t v = 0; v < 4; v++) assert_true(core_at(s, v) == exp3[m][v]);
        flow_table_free(s);
    }
    flow_selection_free(sel);
    flow_network_free(net);
}

/*
 * networkx 2.8 nx.core_number on its own aggregation of flows.csv
 * (argv[1]): Graph (undirected) and DiGraph (in + out degree); and
 * python-igraph 0.10.2 Graph.coreness(mode='in'/'out') on the directed
 * graph. Nodes in argv[2] order. Prints "u ...", "d ...", "in ...", "out ...".
 */
static const char *const py_kcore =
    "import sys, csv\n"
    "try:\n"
    "    import networkx as nx, igraph\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "ids = open(sys.argv[2]).read().split()\n"
    "U, D = nx.Graph(), nx.DiGraph()\n"
    "U.add_nodes_from(ids); D.add_nodes_from(ids)\n"
    "for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')):\n"
    "    if r['source'] != r['target']:\n"
    "        U.add_edge(r['source'], r['target']); D.add_edge(r['source'], r['target'])\n"
    "cu, cd = nx.core_number(U), nx.core_number(D)\n"
    "print('u ' + ' '.join(str(cu[i]) for i in ids))\n"
    "print('d ' + ' '.join(str(cd[i]) for i in ids))\n"
    "g = igraph.Graph(n=len(ids), directed=True)\n"
    "ix = {i: k for k, i in enumerate(ids)}\n"
    "g.add_edges([(ix[a], ix[b]) for a, b in D.edges()])\n"
    "print('in ' + ' '.join(str(x) for x in g.coreness(mode='in')))\n"
    "print('out ' + ' '.join(str(x) for x in g.coreness(mode='out')))\n";

static void check_kcore_line(const char *out, const char *key, const flow_table *s)
{
    char pat[16];
    snprintf(pat, sizeof pat, "%s ", key);
    const char *at = strstr(out, pat);
    if (at != out) { /* keys start lines */
        snprintf(pat, sizeof pat, "\n%s ", key);
        at = strstr(out, pat);
        assert_non_null(at);
        at++;
    }
    char *end = (char *)at + strlen(key) + 1;
    for (size_t v = 0; v < flow_table_row_count(s); v++) {
        double x = strtod(end, &end);
        if (x != core_at(s, v)) {
            print_error("%s: vertex %zu (%s) core %g, python says %g\n", key, v,
                        flow_table_text(s, 0, v), core_at(s, v), x);
            fail();
        }
    }
}

static void kcore_vs_python(flow_network *net, const char *csv)
{
    char ids[512];
    temp_path(ids, sizeof ids, "kcore-ids");
    flow_selection *und = new_selection(net, 0), *dir = new_selection(net, 1);
    FILE *f = fopen(ids, "w");
    assert_non_null(f);
    write_vertex_ids(f, und);
    assert_int_equal(fclose(f), 0);
    char *out = run_python(py_kcore, csv, ids, NULL);
    flow_table *s = NULL;
    assert_flow_ok(flow_cluster_kcore(&s, und, FLOW_KCORE_ALL));
    check_kcore_line(out, "u", s);
    flow_table_free(s);
    assert_flow_ok(flow_cluster_kcore(&s, dir, FLOW_KCORE_ALL));
    check_kcore_line(out, "d", s);
    flow_table_free(s);
    assert_flow_ok(flow_cluster_kcore(&s, dir, FLOW_KCORE_IN));
    check_kcore_line(out, "in", s);
    flow_table_free(s);
    assert_flow_ok(flow_cluster_kcore(&s, dir, FLOW_KCORE_OUT));
    check_kcore_line(out, "out", s);
    flow_table_free(s);
    free(out);
    flow_selection_free(und);
    flow_selection_free(dir);
    unlink(ids);
}

static void test_cluster__kcore_vs_python(void **state)
{
    (void)state;
    char csv[512];
    temp_path(csv, sizeof csv, "kcore.csv");
    flow_network *net = planted_network(77, 3, 15, 500, 50, csv);
    kcore_vs_python(net, csv);
    flow_network_free(net);
    unlink(csv);
    const char *dir = SHARED_DATA("lazega_lawfirm");
    skip_unless_exists(dir);
    assert_flow_ok(flow_io_load(&net, dir));
    kcore_vs_python(net, SHARED_DATA("lazega_lawfirm") "/flows.csv");
    flow_network_free(net);
}

/* ---- huge and tiny weights (issue 12/8) ------------------------------------ */

/* 1e308 both ways between a and b: each direction is finite, their sum is
 * not. Every method refuses it with FLOW_ELIMIT naming the pair (it used
 * to give a null modularity, or igraph's "Weights must not be NaN" as an
 * invalid argument for label propagation). */
static void test_cluster__overflowing_weights_are_refused(void **state)
{
    (void)state;
    static const char *const ids[] = {"a", "b", "c"};
    for (int directed = 0; directed <= 1; directed++) {
        flow_network *net = new_network(ids, 3);
        add_flow(net, "a", "b", "talent", 1e308);
        add_flow(net, "b", "a", "talent", 1e308);
        add_flow(net, "b", "c", "talent", 1);
        flow_selection *sel = NULL;
        assert_flow_ok(flow_selection_new(&sel, net));
        assert_flow_ok(flow_selection_set_directed(sel, directed));
        flow_table *reg = NULL;
        assert_flow_ok(flow_registry_list(&reg, "cluster"));
        for (size_t r = 0; r < flow_table_row_count(reg); r++) {
            flow_table *t = NULL;
            int method = (int)flow_table_ints(reg, 1)[r];
            assert_flow_fails(FLOW_ELIMIT, flow_cluster_detect(&t, sel, method, NULL));
            assert_null(t);
            assert_error_contains("'a'");
            assert_error_contains("'b'");
            assert_error_contains("overflows");
        }
        flow_table_free(reg);
        double q = 0;
        int64_t m[3] = {0, 0, 1};
        assert_flow_fails(FLOW_ELIMIT, flow_cluster_modularity(&q, sel, m, 3, 1.0));
        flow_selection_free(sel);
        flow_network_free(net);
    }
}

/* Partitions and modularity do not change when every weight is multiplied
 * by 1e300 or 1e-300: igraph sees the weights divided by their largest. */
static void test_cluster__extreme_weights_scale_away(void **state)
{
    (void)state;
    static const double scales[] = {1e300, 1e-300};
    flow_table *reg = NULL;
    assert_flow_ok(flow_registry_list(&reg, "cluster"));
    for (int directed = 0; directed <= 1; directed++) {
        flow_network *base = two_cluster_network();
        flow_selection *bs = new_selection(base, directed);
        for (size_t k = 0; k < 2; k++) {
            static const char *const ids[] = {"A", "B", "C", "D", "E"};
            flow_network *net = new_network(ids, 5);
            flow_table *flows = NULL;
            assert_flow_ok(flow_network_table(&flows, base, "flows"));
            for (size_t r = 0; r < flow_table_row_count(flows); r++)
                add_flow(net, flow_table_text(flows, 0, r), flow_table_text(flows, 1, r),
                         flow_table_text(flows, 2, r),
                         flow_table_doubles(flows, 3)[r] * scales[k]);
            flow_table_free(flows);
            flow_selection *sel = new_selection(net, directed);
            for (size_t r = 0; r < flow_table_row_count(reg); r++) {
                int method = (int)flow_table_ints(reg, 1)[r];
                flow_table *a = NULL, *b = NULL;
                assert_flow_ok(flow_cluster_detect(&a, bs, method, NULL));
                assert_flow_ok(flow_cluster_detect(&b, sel, method, NULL));
                const int64_t *ma = flow_table_ints(a, 1), *mb = flow_table_ints(b, 1);
                for (size_t v = 0; v < 5; v++)
                    if (ma[v] != mb[v])
                        fail_msg("%s, scale %g: vertex %zu in cluster %lld, not %lld",
                                 flow_table_text(reg, 0, r), scales[k], v, (long long)mb[v],
                                 (long long)ma[v]);
                double qa = flow_table_scalar(a, "modularity"),
                       qb = flow_table_scalar(b, "modularity");
                assert_true(isfinite(qb));
                assert_true(fabs(qa - qb) < 1e-12);
                flow_table_free(a);
                flow_table_free(b);
            }
            flow_selection_free(sel);
            flow_network_free(net);
        }
        flow_selection_free(bs);
        flow_network_free(base);
    }
    flow_table_free(reg);
}


/* ---- walktrap: bounded steps, progress, interruption (issue 12/9) ------- */

typedef struct {
    int calls, stop_at;
    double last;
    int decreasing;
} walk_progress;

static int count_progress(double percent, const char *message, void *payload)
{
    (void)message;
    walk_progress *p = payload;
    if (percent < p->last) p->decreasing = 1;
    p->last = percent;
    return ++p->calls == p->stop_at;
}

/* steps beyond FLOW_CLUSTER_WALKTRAP_MAX_STEPS are refused before any work
 * (2^31 - 1 used to run for ever, beyond interruption); walktrap reports
 * progress as it merges, and a callback can stop it there. */
static void test_cluster__walktrap_steps_bounded_and_interruptible(void **state)
{
    (void)state;
    flow_network *net = planted_network(11, 10, 30, 3000, 80, NULL);
    flow_selection *sel = new_selection(net, 0);
    flow_cluster_options o = FLOW_CLUSTER_OPTIONS_INIT;
    flow_table *t = NULL;
    static const int bad[] = {FLOW_CLUSTER_WALKTRAP_MAX_STEPS + 1, INT_MAX, 0, -1};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        o.steps = bad[i];
        assert_flow_fails(FLOW_EINVAL, flow_cluster_detect(&t, sel, FLOW_CLUSTER_WALKTRAP, &o));
        assert_error_contains("walktrap steps must be between 1 and 100");
        assert_null(t);
    }
    o.steps = FLOW_CLUSTER_WALKTRAP_MAX_STEPS;
    assert_flow_ok(flow_cluster_detect(&t, sel, FLOW_CLUSTER_WALKTRAP, &o));
    assert_string_equal(flow_table_meta(t, "steps"), "100");
    flow_table_free(t);

    /* progress: 0 %, one report per whole percent of the 299 merges, 100 % */
    walk_progress p = {0, 0, -1, 0};
    assert_flow_ok(flow_selection_set_progress(sel, count_progress, &p));
    o.steps = 4;
    assert_flow_ok(flow_cluster_detect(&t, sel, FLOW_CLUSTER_WALKTRAP, &o));
    flow_table_free(t);
    assert_true(p.calls > 50);
    assert_false(p.decreasing);
    assert_true(p.last == 100);
    /* a callback that says stop halfway stops it: no result, no further
     * call (the run ends when igraph's walktrap returns: nothing leaks) */
    int total = p.calls;
    p = (walk_progress){0, total / 2, -1, 0};
    assert_flow_fails(FLOW_EINTERRUPTED,
                      flow_cluster_detect(&t, sel, FLOW_CLUSTER_WALKTRAP, &o));
    assert_null(t);
    assert_int_equal(p.calls, total / 2);
    flow_selection_free(sel);
    flow_network_free(net);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cluster__options_and_names),
        cmocka_unit_test(test_cluster__leiden_iterations),
        cmocka_unit_test(test_cluster__accounting_by_hand_directed),
        cmocka_unit_test(test_cluster__accounting_by_hand_undirected),
        cmocka_unit_test(test_cluster__methods_find_two_clusters),
        cmocka_unit_test(test_cluster__partition_tables),
        cmocka_unit_test(test_cluster__compare_checks_tables),
        cmocka_unit_test(test_cluster__empty_selections),
        cmocka_unit_test(test_cluster__self_loops_only_add_internal_flow),
        cmocka_unit_test(test_cluster__detect_rejects_bad_arguments),
        cmocka_unit_test(test_cluster__canonical_numbering),
        cmocka_unit_test(test_cluster__from_groups),
        cmocka_unit_test(test_cluster__from_groups_after_rollup),
        cmocka_unit_test(test_cluster__compare_by_hand),
        cmocka_unit_test(test_cluster__compare_vs_python),
        cmocka_unit_test(test_cluster__modularity_vs_networkx),
        cmocka_unit_test(test_cluster__same_seed_same_result),
        cmocka_unit_test(test_cluster__progress_and_interruption),
        cmocka_unit_test(test_cluster__planted_blocks_recovered),
        cmocka_unit_test(test_cluster__infomap_directed_cycles),
        cmocka_unit_test(test_cluster__label_propagation_small_weights),
        cmocka_unit_test(test_cluster__resolution),
        cmocka_unit_test(test_cluster__beats_networkx_louvain_planted),
        cmocka_unit_test(test_cluster__beats_networkx_louvain_ckm),
        cmocka_unit_test(test_cluster__beats_networkx_louvain_lazega),
        cmocka_unit_test(test_cluster__beats_networkx_louvain_aarhus),
        cmocka_unit_test(test_cluster__beats_networkx_louvain_florentine),
        cmocka_unit_test(test_cluster__ckm_recovers_towns),
        cmocka_unit_test(test_cluster__groups_on_real_data),
        cmocka_unit_test(test_cluster__kcore_by_hand),
        cmocka_unit_test(test_cluster__kcore_vs_python),
        cmocka_unit_test(test_cluster__overflowing_weights_are_refused),
        cmocka_unit_test(test_cluster__extreme_weights_scale_away),
        cmocka_unit_test(test_cluster__walktrap_steps_bounded_and_interruptible),
    };
    return cmocka_run_group_tests_name("cluster", tests, NULL, NULL);
}

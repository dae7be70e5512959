/*
 * Change over time and counterfactuals: flow_selection_set_counterfactual()
 * (without nodes, groups, corridors; with added flow files),
 * flow_network_set_factor_kind() and factors.csv (stocks are never added
 * up over years), flow_cluster_track() (communities across years),
 * flow_table_compare() (baseline and counterfactual side by side) and the
 * series' rank stability part.
 *
 * The counterfactual oracle is libflow itself on a network built by hand
 * without the removed nodes or flows: "the analysis without X" must equal
 * "the analysis of the data set that never had X". The Kendall tau and
 * networkx cross-checks are in tests/python/test_trend.py (scipy,
 * networkx at test time).
 */
#include "testutil.h"

#include <stdio.h>

#include "libflow/cluster.h"
#include "libflow/structure.h"

/* ---- fixtures --------------------------------------------------------------- */

typedef struct {
    const char *s, *t, *f;
    double w;
    int year;
} row;

/* Six regions, two factors, two years; P is the parent of C (C is below P). */
static const row rows6[] = {
    {"A", "B", "talent", 5, 2020},  {"B", "A", "talent", 2, 2020},  {"A", "C", "talent", 3, 2020},
    {"C", "D", "talent", 4, 2020},  {"D", "E", "talent", 1, 2020},  {"E", "A", "talent", 2, 2020},
    {"B", "D", "capital", 6, 2020}, {"D", "B", "capital", 1, 2021}, {"A", "E", "capital", 2, 2021},
    {"C", "A", "talent", 3, 2021},  {"P", "A", "talent", 2, 2021},  {"E", "B", "talent", 7, 2021},
    {"B", "C", "talent", 1, 2021},  {"C", "C", "talent", 9, 2021},
};
static const char *const ids6[] = {"A", "B", "C", "D", "E", "P"};

/* The network of rows6 without the rows `skip` says (NULL: all rows) and
 * without the nodes listed in `drop`. */
static flow_network *build(int (*drop_row)(const row *), const char *const *drop, size_t ndrop)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    for (size_t i = 0; i < 6; i++) {
        int gone = 0;
        for (size_t d = 0; d < ndrop; d++) gone |= strcmp(ids6[i], drop[d]) == 0;
        if (!gone) assert_flow_ok(flow_network_add_node(net, ids6[i], NULL, "region", NULL));
    }
    if (flow_network_node_index(net, "P") >= 0 && flow_network_node_index(net, "C") >= 0)
        assert_flow_ok(flow_network_set_parent(net, "C", "P"));
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons"));
    assert_flow_ok(flow_network_add_factor(net, "capital", "persons"));
    for (size_t k = 0; k < sizeof rows6 / sizeof rows6[0]; k++) {
        const row *r = &rows6[k];
        int gone = drop_row && drop_row(r);
        for (size_t d = 0; d < ndrop; d++)
            gone |= strcmp(r->s, drop[d]) == 0 || strcmp(r->t, drop[d]) == 0;
        if (!gone) assert_flow_ok(flow_network_add_flow(net, r->s, r->t, r->f, r->w, r->year));
    }
    if (flow_network_node_index(net, "D") >= 0)
        assert_flow_ok(flow_network_add_member(net, "west", "D", NULL));
    if (flow_network_node_index(net, "E") >= 0)
        assert_flow_ok(flow_network_add_member(net, "west", "E", NULL));
    return net;
}

static flow_table *measure(flow_selection *sel, int m)
{
    flow_table *t = NULL;
    assert_flow_ok(flow_centrality_compute(&t, sel, m, NULL));
    return t;
}

/* Every node of `expect` has the same value in `got` (matched by id) and
 * the two have the same rows. */
static void assert_same_values(const flow_table *got, const flow_table *expect, const char *col)
{
    assert_int_equal(flow_table_row_count(got), flow_table_row_count(expect));
    const double *g = flow_table_doubles(got, table_col(got, col));
    const double *e = flow_table_doubles(expect, table_col(expect, col));
    for (size_t r = 0; r < flow_table_row_count(expect); r++) {
        const char *id = flow_table_text(expect, 0, r);
        size_t k = 0;
        while (k < flow_table_row_count(got) && strcmp(flow_table_text(got, 0, k), id) != 0) k++;
        assert_true(k < flow_table_row_count(got));
        if (isnan(e[r]))
            assert_true(isnan(g[k]));
        else
            assert_close(g[k], e[r], 1e-12);
    }
}

static void check_against(flow_selection *sel, flow_network *reduced, int directed)
{
    static const int measures[] = {FLOW_PAGERANK, FLOW_IN_STRENGTH, FLOW_OUT_STRENGTH,
                                   FLOW_BETWEENNESS, FLOW_HARMONIC};
    flow_selection *r = NULL;
    assert_flow_ok(flow_selection_new(&r, reduced));
    assert_flow_ok(flow_selection_set_directed(r, directed));
    assert_flow_ok(flow_selection_set_directed(sel, directed));
    for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++) {
        flow_table *a = measure(sel, measures[i]), *b = measure(r, measures[i]);
        assert_same_values(a, b, flow_registry_name("centrality", measures[i]));
        flow_table_free(a);
        flow_table_free(b);
    }
    flow_selection_free(r);
}

/* ---- without nodes, groups, corridors ---------------------------------------------- */

static void test_counterfactual__without_node_equals_network_built_without_it(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    const char *drop[] = {"B"};
    flow_network *reduced = build(NULL, drop, 1);
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITHOUT_NODES, drop, 1));
    check_against(sel, reduced, 1);
    check_against(sel, reduced, 0);
    /* the node has no row; the metadata says what was left out */
    flow_table *t = measure(sel, FLOW_PAGERANK);
    assert_int_equal(flow_table_row_count(t), 5);
    for (size_t r = 0; r < 5; r++) assert_string_not_equal(flow_table_text(t, 0, r), "B");
    assert_string_equal(flow_table_meta(t, "without_nodes"), "B");
    flow_table_free(t);
    /* clearing the list gives the baseline back */
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITHOUT_NODES, NULL, 0));
    t = measure(sel, FLOW_PAGERANK);
    assert_int_equal(flow_table_row_count(t), 6);
    assert_null(flow_table_meta(t, "without_nodes"));
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(reduced);
    flow_network_free(net);
}

static void test_counterfactual__without_a_parent_removes_the_nodes_below(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    const char *p[] = {"P"}, *pc[] = {"P", "C"};
    flow_network *reduced = build(NULL, pc, 2);
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITHOUT_NODES, p, 1));
    check_against(sel, reduced, 1);
    flow_selection_free(sel);
    flow_network_free(reduced);
    flow_network_free(net);
}

static void test_counterfactual__without_group(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    const char *g[] = {"west"}, *de[] = {"D", "E"};
    flow_network *reduced = build(NULL, de, 2);
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITHOUT_GROUPS, g, 1));
    check_against(sel, reduced, 1);
    /* a group analysis keeps the group's other members: none left here */
    flow_table *p = NULL;
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_min_cut(&p, sel, (const char *[]){"A"}, 1,
                                                            g, 1, 0));
    /* naming a removed node is an error that says so */
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_min_cut(&p, sel, (const char *[]){"A"}, 1,
                                                            (const char *[]){"D"}, 1,
                                                            0));
    assert_error_contains("removed");
    assert_null(p);
    flow_selection_free(sel);
    flow_network_free(reduced);
    flow_network_free(net);
}

/* corridor A : {D, E} (group west): flows A<->D and A<->E dropped */
static int corridor_row(const row *r)
{
    int a_s = strcmp(r->s, "A") == 0, a_t = strcmp(r->t, "A") == 0;
    int w_s = !strcmp(r->s, "D") || !strcmp(r->s, "E");
    int w_t = !strcmp(r->t, "D") || !strcmp(r->t, "E");
    return (a_s && w_t) || (w_s && a_t);
}

static void test_counterfactual__without_corridor(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    flow_network *reduced = build(corridor_row, NULL, 0);
    flow_selection *sel = NULL;
    const char *c[] = {"A", "west"};
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITHOUT_CORRIDORS, c, 2));
    check_against(sel, reduced, 1);
    check_against(sel, reduced, 0);
    flow_table *t = measure(sel, FLOW_IN_STRENGTH);
    assert_int_equal(flow_table_row_count(t), 6); /* the nodes stay */
    assert_string_equal(flow_table_meta(t, "without_corridors"), "A:west");
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(reduced);
    flow_network_free(net);
}

static void test_counterfactual__bad_names(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    const char *bad[] = {"Q"}, *grp[] = {"wesst"}, *odd[] = {"A", "B", "C"};
    assert_flow_fails(FLOW_ENOTFOUND,
                      flow_selection_set_counterfactual(sel, FLOW_WITHOUT_NODES, bad, 1));
    assert_error_contains("unknown node id 'Q'");
    assert_flow_fails(FLOW_ENOTFOUND,
                      flow_selection_set_counterfactual(sel, FLOW_WITHOUT_GROUPS, grp, 1));
    assert_error_contains("did you mean 'west'");
    /* a node id is not a group */
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_counterfactual(
                                          sel, FLOW_WITHOUT_GROUPS, (const char *[]){"A"}, 1));
    assert_flow_fails(FLOW_EINVAL,
                      flow_selection_set_counterfactual(sel, FLOW_WITHOUT_CORRIDORS, odd, 3));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_counterfactual(sel, 9, bad, 1));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_counterfactual(sel, FLOW_WITHOUT_NODES,
                                                                     NULL, 1));
    assert_flow_fails(FLOW_EMISUSE, flow_selection_set_counterfactual(NULL, 0, NULL, 0));
    /* failures left the selection as it was */
    flow_table *t = measure(sel, FLOW_PAGERANK);
    assert_int_equal(flow_table_row_count(t), 6);
    assert_null(flow_table_meta(t, "without_nodes"));
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- with added flows ---------------------------------------------------------------- */

/* FLOW_TEST_TMPDIR/counterfactual_<name> holding text; the caller frees the path. */
static char *temp_file(const char *name, const char *text)
{
    char *path = NULL;
    assert_true(asprintf(&path, "%s/counterfactual_%s", FLOW_TEST_TMPDIR, name) > 0);
    write_file(path, text);
    return path;
}

static void test_counterfactual__with_flows_adds_them(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    char *path = temp_file("extra.csv", "source,target,factor,weight,year\n"
                                         "A,D,talent,10,2020\nB,A,talent,1,2020\n");
    flow_selection *sel = NULL, *base = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_new(&base, net));
    const char *paths[] = {path};
    size_t nflows = flow_network_flow_count(net);
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, paths, 1));
    assert_int_equal(flow_network_flow_count(net), nflows); /* the network is unchanged */
    assert_ptr_not_equal(flow_selection_network(sel), net);
    /* the copy is read-only */
    assert_int_equal(flow_network_node_count(flow_selection_network(sel)), 6);
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_flow(flow_selection_network(sel), "A", "B",
                                                          "talent", 1, 2020));
    flow_table *a = measure(base, FLOW_IN_STRENGTH), *b = measure(sel, FLOW_IN_STRENGTH);
    flow_table *c = NULL;
    assert_flow_ok(flow_table_compare(&c, a, b));
    const double *d = flow_table_doubles(c, table_col(c, "in_strength_difference"));
    for (size_t r = 0; r < flow_table_row_count(c); r++) {
        const char *id = flow_table_text(c, 0, r);
        double expect = strcmp(id, "D") == 0 ? 10 : strcmp(id, "A") == 0 ? 1 : 0;
        assert_close(d[r], expect, 1e-12);
        assert_string_equal(flow_table_texts(c, table_col(c, "status"))[r], "both");
    }
    assert_string_equal(flow_table_meta(c, "counterfactual_with_flows"), path);
    flow_table_free(c);
    flow_table_free(a);
    flow_table_free(b);

    /* a later change to the network reaches the copy at the next build */
    assert_flow_ok(flow_network_add_flow(net, "C", "D", "talent", 100, 2020));
    b = measure(sel, FLOW_IN_STRENGTH);
    assert_close(flow_table_doubles(b, 1)[3], 4 + 6 + 10 + 100, 1e-12);
    flow_table_free(b);
    /* with flows and without a node together */
    const char *drop[] = {"D"};
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITHOUT_NODES, drop, 1));
    b = measure(sel, FLOW_IN_STRENGTH);
    assert_int_equal(flow_table_row_count(b), 5);
    flow_table_free(b);
    /* clearing gives back the caller's network */
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, NULL, 0));
    assert_ptr_equal(flow_selection_network(sel), net);
    flow_selection_free(base);
    flow_selection_free(sel);
    flow_network_free(net);
    free(path);
}

static void test_counterfactual__with_flows_errors(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    char *node = temp_file("node.csv", "source,target,factor,weight\nA,Bx,talent,1\n");
    char *fac = temp_file("factor.csv", "source,target,factor,weight\nA,B,talant,1\n");
    char *unit = temp_file("unit.csv", "source,target,factor,weight,unit\nA,B,talent,1,yuan\n");
    char *parse = temp_file("parse.csv", "source,target,factor,weight\nA,B,talent,-1\n");
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_counterfactual(
                                          sel, FLOW_WITH_FLOWS, (const char *[]){node}, 1));
    assert_error_contains("node 'Bx' is not in the network (did you mean 'B'?)");
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_counterfactual(
                                          sel, FLOW_WITH_FLOWS, (const char *[]){fac}, 1));
    assert_error_contains("factor 'talant'");
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_counterfactual(
                                       sel, FLOW_WITH_FLOWS, (const char *[]){unit}, 1));
    assert_error_contains("unit");
    assert_flow_fails(FLOW_EPARSE, flow_selection_set_counterfactual(
                                       sel, FLOW_WITH_FLOWS, (const char *[]){parse}, 1));
    assert_error_contains("parse.csv:2:");
    assert_flow_fails(FLOW_ENOTFOUND,
                      flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS,
                                                        (const char *[]){"/no/such/file.csv"}, 1));
    assert_ptr_equal(flow_selection_network(sel), net);
    flow_selection_free(sel);
    flow_network_free(net);
    free(node);
    free(fac);
    free(unit);
    free(parse);
}

/* Added files are loaded within the limits the network was loaded with. */
static void test_counterfactual__with_flows_within_the_load_limits(void **state)
{
    (void)state;
    char *base = temp_file("limits_base.csv", "source,target,factor,weight\n"
                                              "A,B,talent,1\nB,C,talent,2\n");
    char *three = temp_file("limits_three.csv", "source,target,factor,weight\n"
                                                "A,C,talent,1\nC,A,talent,1\nB,A,talent,1\n");
    const char *paths[] = {three};
    flow_io_options o = FLOW_IO_OPTIONS_INIT;
    o.max_flows = 2;
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    assert_flow_ok(flow_io_load_with(&net, base, &o));
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_fails(FLOW_ELIMIT,
                      flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, paths, 1));
    assert_error_contains("limits_three.csv:4:1: more than 2 flows (flow_io_options.max_flows)");
    assert_ptr_equal(flow_selection_network(sel), net); /* unchanged */
    flow_selection_free(sel);
    flow_network_free(net);

    /* loaded with the defaults, the same file is added */
    assert_flow_ok(flow_io_load(&net, base));
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, paths, 1));
    assert_int_equal(flow_network_flow_count(flow_selection_network(sel)), 5);
    flow_selection_free(sel);
    flow_network_free(net);
    free(base);
    free(three);
}

/* A network read from another tool's file keeps its limits too. */
static void test_counterfactual__with_flows_within_the_import_limits(void **state)
{
    (void)state;
    char *base = temp_file("limits_base.txt", "from to value\nA B 1\nB C 2\n");
    char *three = temp_file("limits_three.csv", "source,target,factor,weight\n"
                                                "A,C,link,1\nC,A,link,1\nB,A,link,1\n");
    const char *paths[] = {three};
    flow_io_options o = FLOW_IO_OPTIONS_INIT;
    o.max_flows = 2;
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    assert_flow_ok(flow_io_import_with(&net, base, FLOW_INPUT_EDGELIST, NULL, &o));
    assert_int_equal(flow_network_flow_count(net), 2);
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_fails(FLOW_ELIMIT,
                      flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, paths, 1));
    assert_error_contains("limits_three.csv:4:1: more than 2 flows (flow_io_options.max_flows)");
    flow_selection_free(sel);
    flow_network_free(net);

    /* the same file found by flow_io_load_with(), which sends it to the importer */
    assert_flow_ok(flow_io_load_with(&net, base, &o));
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_fails(FLOW_ELIMIT,
                      flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, paths, 1));
    flow_selection_free(sel);
    flow_network_free(net);
    free(base);
    free(three);
}

/* ---- stocks ---------------------------------------------------------------------------- */

static void test_counterfactual__stock_factor_is_never_summed_over_years(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    assert_flow_ok(flow_network_set_factor_kind(net, "capital", FLOW_FACTOR_STOCK));
    assert_flow_fails(FLOW_EINVAL, flow_network_set_factor_kind(net, "capital", 7));
    flow_table *f = NULL;
    assert_flow_ok(flow_network_table(&f, net, "factors"));
    assert_string_equal(flow_table_texts(f, table_col(f, "kind"))[1], "stock");
    assert_string_equal(flow_table_texts(f, table_col(f, "kind"))[0], "flow");
    flow_table_free(f);

    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_fails(FLOW_EINVAL, flow_selection_build(sel));
    assert_error_contains("factor 'capital' is a stock");
    assert_error_contains("2020 and 2021");
    flow_table *t = NULL;
    assert_flow_fails(FLOW_EINVAL, flow_centrality_compute(&t, sel, FLOW_PAGERANK, NULL));
    assert_null(t);
    /* one year, or the other factor only: fine */
    assert_flow_ok(flow_selection_set_years(sel, 2021, 2021));
    assert_flow_ok(flow_selection_build(sel));
    assert_flow_ok(flow_selection_set_years(sel, FLOW_NO_YEAR, FLOW_NO_YEAR));
    assert_flow_ok(flow_selection_set_factors(sel, (const char *[]){"talent"}, 1));
    assert_flow_ok(flow_selection_build(sel));
    /* a series runs each year alone: not refused, and the selection is
     * still refused afterwards */
    assert_flow_ok(flow_selection_set_factors(sel, NULL, 0));
    assert_flow_ok(flow_structure_series(&t, sel, "in_strength", NULL));
    assert_int_equal(flow_table_row_count(flow_table_part(t, "years")), 2);
    flow_table_free(t);
    assert_flow_fails(FLOW_EINVAL, flow_selection_build(sel));
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_counterfactual__factors_csv(void **state)
{
    (void)state;
    char *dir = NULL;
    assert_true(asprintf(&dir, "%s/counterfactual_stock", FLOW_TEST_TMPDIR) > 0);
    mkdir(dir, 0755);
    char *p = NULL;
    assert_true(asprintf(&p, "%s/flows.csv", dir) > 0);
    FILE *fl = fopen(p, "w");
    fputs("source,target,factor,weight,year\nA,B,pop,10,2020\nA,B,pop,12,2021\n"
          "A,C,trade,3,2020\n",
          fl);
    fclose(fl);
    free(p);
    assert_true(asprintf(&p, "%s/factors.csv", dir) > 0);
    fl = fopen(p, "w");
    fputs("factor,unit,kind\npop,persons,stock\ntrade,,\nspare,yuan,flow\n", fl);
    fclose(fl);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    flow_table *f = NULL;
    assert_flow_ok(flow_network_table(&f, net, "factors"));
    assert_int_equal(flow_table_row_count(f), 3);
    const char *const *kind = flow_table_texts(f, table_col(f, "kind"));
    const char *const *unit = flow_table_texts(f, table_col(f, "unit"));
    assert_string_equal(kind[0], "stock");
    assert_string_equal(unit[0], "persons");
    assert_string_equal(kind[1], "flow");
    assert_string_equal(unit[2], "yuan");
    flow_table_free(f);
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_fails(FLOW_EINVAL, flow_selection_build(sel));
    assert_error_contains("'pop' is a stock");
    flow_selection_free(sel);
    flow_network_free(net);

    fl = fopen(p, "w");
    fputs("factor,kind\npop,stok\n", fl);
    fclose(fl);
    assert_flow_fails(FLOW_EPARSE, flow_io_load(&net, dir));
    assert_error_contains("factors.csv:2:5: factor 'pop': kind must be 'flow' or 'stock'");
    assert_null(net);
    fl = fopen(p, "w");
    fputs("factor,unit\npop,yuan\n", fl); /* flows.csv gave no unit: fine */
    fclose(fl);
    assert_flow_ok(flow_io_load(&net, dir));
    flow_network_free(net);
    free(p);
    free(dir);
}

/* ---- rank stability -------------------------------------------------------------------- */

static void test_counterfactual__series_stability_by_hand(void **state)
{
    (void)state;
    /* in-strengths: 2020 B 1, C 2, D 3, E 4; 2021 B 1, C 3, D 2, E 4 (A
     * sends only): over B..E the pairs are 6, one discordant (C, D):
     * tau = (5 - 1) / 6. A is present both years with 0: ties with
     * nobody, concordant with all: over 5 nodes, 10 pairs, 9 - 1 = 8:
     * tau = 0.8. 2022: only A->B: B 7 and A 0: 2 nodes, tau = 1. */
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    const char *t20[] = {"B", "C", "D", "E"};
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    for (int i = 0; i < 4; i++) assert_flow_ok(flow_network_add_node(net, t20[i], NULL, NULL, NULL));
    const double w20[] = {1, 2, 3, 4}, w21[] = {1, 3, 2, 4};
    for (int i = 0; i < 4; i++) {
        assert_flow_ok(flow_network_add_flow(net, "A", t20[i], "x", w20[i], 2020));
        assert_flow_ok(flow_network_add_flow(net, "A", t20[i], "x", w21[i], 2021));
    }
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "x", 7, 2023));
    flow_selection *sel = NULL;
    flow_table *t = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_structure_series(&t, sel, "in_strength", NULL));
    const flow_table *st = flow_table_part(t, "stability");
    assert_non_null(st);
    assert_int_equal(flow_table_row_count(st), 2);
    const int64_t *from = flow_table_ints(st, table_col(st, "year_from"));
    const int64_t *to = flow_table_ints(st, table_col(st, "year_to"));
    const int64_t *n = flow_table_ints(st, table_col(st, "nodes"));
    const double *tau = flow_table_doubles(st, table_col(st, "kendall_tau"));
    assert_int_equal(from[0], 2020);
    assert_int_equal(to[0], 2021);
    assert_int_equal(n[0], 5);
    assert_close(tau[0], 0.8, 1e-15);
    assert_int_equal(from[1], 2021);
    assert_int_equal(to[1], 2023); /* years without flows are skipped */
    assert_int_equal(n[1], 2);
    assert_close(tau[1], 1.0, 1e-15);
    flow_table_free(t);
    /* a year range with no flow: an empty series (flowctl trend says so) */
    assert_flow_ok(flow_selection_set_years(sel, 2030, 2031));
    assert_flow_ok(flow_structure_series(&t, sel, "in_strength", NULL));
    assert_int_equal(flow_table_row_count(t), 0);
    assert_int_equal(flow_table_row_count(flow_table_part(t, "stability")), 0);
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- tracking ---------------------------------------------------------------------------- */

static void clique(flow_network *net, const char *prefix, int from, int to, int year)
{
    for (int i = from; i <= to; i++)
        for (int j = from; j <= to; j++) {
            if (i == j) continue;
            char a[16], b[16];
            snprintf(a, sizeof a, "%s%d", prefix, i);
            snprintf(b, sizeof b, "%s%d", prefix, j);
            assert_flow_ok(flow_network_add_flow(net, a, b, "x", 1, year));
        }
}

/* Planted: 2020 has cliques a1-a6, b1-b6, c1-c4, d1-d4, f1-f4; in 2021 a
 * splits into a1-a3 and a4-a6, b and c merge into one clique, d is gone
 * (no flow), e1-e4 is born, f continues. */
static void test_counterfactual__tracking_planted_events(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    const char *pre[] = {"a", "b", "c", "d", "e", "f"};
    const int size[] = {6, 6, 4, 4, 4, 4};
    for (int p = 0; p < 6; p++)
        for (int i = 1; i <= size[p]; i++) {
            char id[16];
            snprintf(id, sizeof id, "%s%d", pre[p], i);
            assert_flow_ok(flow_network_add_node(net, id, NULL, NULL, NULL));
        }
    clique(net, "a", 1, 6, 2020);
    clique(net, "b", 1, 6, 2020);
    clique(net, "c", 1, 4, 2020);
    clique(net, "d", 1, 4, 2020);
    clique(net, "f", 1, 4, 2020);
    clique(net, "a", 1, 3, 2021);
    clique(net, "a", 4, 6, 2021);
    clique(net, "e", 1, 4, 2021);
    clique(net, "f", 1, 4, 2021);
    /* b and c as one clique */
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++) {
            if (i == j) continue;
            char a[16], b[16];
            snprintf(a, sizeof a, "%s%d", i < 6 ? "b" : "c", i < 6 ? i + 1 : i - 5);
            snprintf(b, sizeof b, "%s%d", j < 6 ? "b" : "c", j < 6 ? j + 1 : j - 5);
            assert_flow_ok(flow_network_add_flow(net, a, b, "x", 1, 2021));
        }
    flow_selection *sel = NULL;
    flow_table *t = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    for (int method = 0; method < 2; method++) { /* leiden, louvain */
        int m = flow_registry_lookup("cluster", method ? "louvain" : "leiden");
        assert_flow_ok(flow_cluster_track(&t, sel, m, NULL, 0.3));
        assert_close(flow_table_scalar(t, "years"), 2, 1e-15);
        assert_close(flow_table_scalar(t, "splits"), 1, 1e-15);
        assert_close(flow_table_scalar(t, "merges"), 1, 1e-15);
        assert_close(flow_table_scalar(t, "births"), 1, 1e-15);
        assert_close(flow_table_scalar(t, "deaths"), 1, 1e-15);
        assert_close(flow_table_scalar(t, "continuations"), 1, 1e-15);
        /* rows: f continues (J 1), a splits twice (J 0.5), b and c merge
         * (J 0.6, 0.4), d dies, e is born */
        size_t n = flow_table_row_count(t);
        assert_int_equal(n, 7);
        const char *const *ev = flow_table_texts(t, table_col(t, "event"));
        const double *j = flow_table_doubles(t, table_col(t, "jaccard"));
        const int64_t *sf = flow_table_ints(t, table_col(t, "size_from"));
        const int64_t *st = flow_table_ints(t, table_col(t, "size_to"));
        int seen[6] = {0};
        for (size_t r = 0; r < n; r++) {
            if (strcmp(ev[r], "continuation") == 0) {
                seen[0]++;
                assert_close(j[r], 1, 1e-15);
                assert_int_equal(sf[r], 4);
            } else if (strcmp(ev[r], "split") == 0) {
                seen[1]++;
                assert_close(j[r], 0.5, 1e-15);
                assert_int_equal(sf[r], 6);
                assert_int_equal(st[r], 3);
            } else if (strcmp(ev[r], "merge") == 0) {
                seen[2]++;
                assert_int_equal(st[r], 10);
                assert_close(j[r], sf[r] / 10.0, 1e-15);
            } else if (strcmp(ev[r], "death") == 0) {
                seen[3]++;
                assert_int_equal(sf[r], 4);
                assert_true(isnan(j[r]));
            } else if (strcmp(ev[r], "birth") == 0) {
                seen[4]++;
                assert_int_equal(st[r], 4);
            } else {
                seen[5]++;
            }
        }
        assert_int_equal(seen[0], 1);
        assert_int_equal(seen[1], 2);
        assert_int_equal(seen[2], 2);
        assert_int_equal(seen[3], 1);
        assert_int_equal(seen[4], 1);
        assert_int_equal(seen[5], 0);
        const flow_table *com = flow_table_part(t, "communities");
        assert_int_equal(flow_table_row_count(com), 5 + 5);
        const flow_table *mem = flow_table_part(t, "members");
        assert_int_equal(flow_table_row_count(mem), 24 + 24);
        assert_string_equal(flow_table_meta(t, "threshold"), "0.3");
        flow_table_free(t);
    }
    /* a higher threshold reads the split as a death and two births */
    assert_flow_ok(flow_cluster_track(&t, sel, 0, NULL, 0.55));
    assert_close(flow_table_scalar(t, "splits"), 0, 1e-15);
    flow_table_free(t);
    /* a counterfactual applies to every year: without d, no death */
    assert_flow_ok(flow_selection_set_counterfactual(sel, FLOW_WITHOUT_NODES,
                                                     (const char *[]){"d1", "d2", "d3", "d4"},
                                                     4));
    assert_flow_ok(flow_cluster_track(&t, sel, 0, NULL, 0.3));
    assert_close(flow_table_scalar(t, "deaths"), 0, 1e-15);
    flow_table_free(t);
    assert_flow_fails(FLOW_EINVAL, flow_cluster_track(&t, sel, 0, NULL, 0));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_track(&t, sel, 99, NULL, 0.3));
    assert_flow_fails(FLOW_EINVAL, flow_cluster_track(NULL, sel, 0, NULL, 0.3));
    assert_flow_fails(FLOW_EMISUSE, flow_cluster_track(&t, NULL, 0, NULL, 0.3));
    /* no dated flow: no year, an empty table */
    assert_flow_ok(flow_selection_set_years(sel, 1990, 1991));
    assert_flow_ok(flow_cluster_track(&t, sel, 0, NULL, 0.3));
    assert_int_equal(flow_table_row_count(t), 0);
    assert_close(flow_table_scalar(t, "years"), 0, 1e-15);
    flow_table_free(t);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- compare ---------------------------------------------------------------------------- */

static void test_counterfactual__compare(void **state)
{
    (void)state;
    flow_network *net = build(NULL, NULL, 0);
    flow_selection *base = NULL, *cf = NULL;
    assert_flow_ok(flow_selection_new(&base, net));
    assert_flow_ok(flow_selection_new(&cf, net));
    assert_flow_ok(flow_selection_set_counterfactual(cf, FLOW_WITHOUT_NODES,
                                                     (const char *[]){"E"}, 1));
    flow_table *a = measure(base, FLOW_PAGERANK), *b = measure(cf, FLOW_PAGERANK), *c = NULL;
    assert_flow_ok(flow_table_compare(&c, a, b));
    assert_int_equal(flow_table_row_count(c), 6);
    const char *const *status = flow_table_texts(c, table_col(c, "status"));
    const double *x = flow_table_doubles(c, table_col(c, "pagerank_baseline"));
    const double *y = flow_table_doubles(c, table_col(c, "pagerank_counterfactual"));
    const double *d = flow_table_doubles(c, table_col(c, "pagerank_difference"));
    for (size_t r = 0; r < 6; r++) {
        int e = strcmp(flow_table_text(c, 0, r), "E") == 0;
        assert_string_equal(status[r], e ? "removed" : "both");
        assert_close(x[r], flow_table_doubles(a, 1)[r], 1e-15);
        if (e) {
            assert_true(isnan(y[r]) && isnan(d[r]));
        } else {
            assert_close(d[r], y[r] - x[r], 1e-15);
        }
    }
    assert_string_equal(flow_table_meta(c, "analysis"), "compare");
    assert_string_equal(flow_table_meta(c, "compared"), "pagerank");
    assert_string_equal(flow_table_meta(c, "counterfactual_without_nodes"), "E");
    flow_table_free(c);
    /* the other way round: E is "added" */
    assert_flow_ok(flow_table_compare(&c, b, a));
    assert_int_equal(flow_table_row_count(c), 6);
    assert_string_equal(flow_table_text(c, 0, 5), "E");
    assert_string_equal(flow_table_texts(c, table_col(c, "status"))[5], "added");
    flow_table_free(c);
    /* series: matched by node and year */
    flow_table *s1 = NULL, *s2 = NULL;
    assert_flow_ok(flow_structure_series(&s1, base, "in_strength", NULL));
    assert_flow_ok(flow_structure_series(&s2, cf, "in_strength", NULL));
    assert_flow_ok(flow_table_compare(&c, s1, s2));
    assert_int_equal(flow_table_row_count(c), flow_table_row_count(s1));
    assert_true(flow_table_column_index(c, "year") == 1);
    flow_table_free(c);
    /* not per node; nothing shared */
    flow_table *g = NULL;
    assert_flow_ok(flow_selection_table(&g, base));
    assert_flow_fails(FLOW_EINVAL, flow_table_compare(&c, g, a));
    assert_flow_fails(FLOW_EINVAL, flow_table_compare(&c, a, s1));
    assert_flow_fails(FLOW_EINVAL, flow_table_compare(&c, a, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_table_compare(NULL, a, b));
    assert_null(c);
    flow_table *h = NULL;
    assert_flow_ok(flow_structure_hhi(&h, base, FLOW_STRUCTURE_OUT));
    assert_flow_fails(FLOW_EINVAL, flow_table_compare(&c, a, h));
    assert_error_contains("share no value column");
    flow_table_free(h);
    flow_table_free(g);
    flow_table_free(s1);
    flow_table_free(s2);
    flow_table_free(a);
    flow_table_free(b);
    flow_selection_free(base);
    flow_selection_free(cf);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counterfactual__without_node_equals_network_built_without_it),
        cmocka_unit_test(test_counterfactual__without_a_parent_removes_the_nodes_below),
        cmocka_unit_test(test_counterfactual__without_group),
        cmocka_unit_test(test_counterfactual__without_corridor),
        cmocka_unit_test(test_counterfactual__bad_names),
        cmocka_unit_test(test_counterfactual__with_flows_adds_them),
        cmocka_unit_test(test_counterfactual__with_flows_errors),
        cmocka_unit_test(test_counterfactual__with_flows_within_the_load_limits),
        cmocka_unit_test(test_counterfactual__with_flows_within_the_import_limits),
        cmocka_unit_test(test_counterfactual__stock_factor_is_never_summed_over_years),
        cmocka_unit_test(test_counterfactual__factors_csv),
        cmocka_unit_test(test_counterfactual__series_stability_by_hand),
        cmocka_unit_test(test_counterfactual__tracking_planted_events),
        cmocka_unit_test(test_counterfactual__compare),
    };
    return cmocka_run_group_tests_name("counterfactual", tests, NULL, NULL);
}

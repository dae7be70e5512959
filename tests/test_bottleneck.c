/*
 * Tests of libflow/bottleneck.h: max flow / min cut between vertex sets,
 * widest paths, bridges and articulation points, dominators and must-cross
 * vertices, critical nodes and edges, edge betweenness.
 *
 * Hand-checked cases first (small graphs whose answers are worked out in the
 * comments), then cross-checks against networkx 2.8 run through
 * /usr/bin/python3 on seeded random multi-factor networks (tests/pyoracle.h)
 * and on the shared real data sets (florentine_families, eu_air_transport).
 * The Python side always aggregates the raw rows or reads the data files
 * itself, except where noted that it reads the selection's edges.
 */
#include <stdlib.h>
#include <unistd.h>

#include "pyoracle.h"
#include "libflow/bottleneck.h"

/* ---- helpers -------------------------------------------------------------- */

/* Adds a flow, creating both nodes on first use (kind "region"). */
static void add(flow_network *net, const char *s, const char *t, const char *f, double w,
                int year)
{
    if (flow_network_node_index(net, s) < 0)
        assert_flow_ok(flow_network_add_node(net, s, NULL, "region", NULL));
    if (flow_network_node_index(net, t) < 0)
        assert_flow_ok(flow_network_add_node(net, t, NULL, "region", NULL));
    assert_flow_ok(flow_network_add_flow(net, s, t, f, w, year));
}

static void node(flow_network *net, const char *id)
{
    assert_flow_ok(flow_network_add_node(net, id, NULL, "region", NULL));
}

static flow_network *new_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    return net;
}

static flow_selection *select_all(flow_network *net, int directed)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_directed(sel, directed));
    assert_flow_ok(flow_selection_build(sel));
    return sel;
}

/* Selection vertex of a node id. */
static size_t vtx(flow_selection *sel, const char *id)
{
    int64_t i = flow_network_node_index(flow_selection_network(sel), id);
    assert_true(i >= 0);
    int64_t v = graph_vertex(sel, (size_t)i);
    assert_true(v >= 0);
    return (size_t)v;
}

/* ---- reading result tables ---------------------------------------------- */

/* The part `name`, which the table must have. */
static const flow_table *part(const flow_table *t, const char *name)
{
    const flow_table *p = flow_table_part(t, name);
    if (!p) fail_msg("table '%s' has no part '%s'", flow_table_name(t), name);
    return p;
}

/* Row r of a double column. */
static double num(const flow_table *t, const char *name, size_t r)
{
    assert_true(r < flow_table_row_count(t));
    const double *v = flow_table_doubles(t, table_col(t, name));
    assert_non_null(v);
    return v[r];
}

/* Row r of an int or node column (a node column holds node indexes). */
static int64_t ival(const flow_table *t, const char *name, size_t r)
{
    assert_true(r < flow_table_row_count(t));
    const int64_t *v = flow_table_ints(t, table_col(t, name));
    assert_non_null(v);
    return v[r];
}

/* Row r of a text column, or the id of a node column's node. */
static const char *txt(const flow_table *t, const char *name, size_t r)
{
    assert_true(r < flow_table_row_count(t));
    return flow_table_text(t, table_col(t, name), r);
}

/* Row r of the last column (an edge table's measure), read as a double. */
static double last(const flow_table *t, size_t r)
{
    size_t c = flow_table_column_count(t) - 1;
    assert_true(r < flow_table_row_count(t));
    if (flow_table_column_type(t, c) == FLOW_COLUMN_DOUBLE) return flow_table_doubles(t, c)[r];
    return (double)flow_table_ints(t, c)[r];
}

/* A per-vertex table's value (column 1) for vertex v, read as a double. */
static double val(const flow_table *t, size_t v)
{
    assert_string_equal(flow_table_column_name(t, 0), "node");
    assert_true(v < flow_table_row_count(t));
    if (flow_table_column_type(t, 1) == FLOW_COLUMN_DOUBLE) return flow_table_doubles(t, 1)[v];
    return (double)flow_table_ints(t, 1)[v];
}

static double score(const flow_table *t, flow_selection *sel, const char *id)
{
    return val(t, vtx(sel, id));
}

/* The side of vertex v in a cut: 1 source side, 0 sink side. */
static int side(const flow_table *cut, size_t v)
{
    return (int)ival(part(cut, "nodes"), "side", v);
}

/* A widest path's limiting edge: its row (-1: no path), the node index or
 * id of its first (end 0) or second (end 1) vertex, its weight. */
static int64_t limit(const flow_table *p) { return (int64_t)flow_table_scalar(p, "limit"); }

static int64_t limit_node(const flow_table *p, int end)
{
    return limit(p) < 0 ? -1 : ival(p, "node", (size_t)limit(p) + (size_t)end);
}

static const char *limit_id(const flow_table *p, int end)
{
    return limit(p) < 0 ? NULL : txt(p, "node", (size_t)limit(p) + (size_t)end);
}

static double limit_weight(const flow_table *p)
{
    return limit(p) < 0 ? NAN : num(p, "weight_to_next", (size_t)limit(p));
}

/* Index of the edge (s, t) in an edge table (either orientation when `any`
 * is set), or -1. */
static long find_edge(const flow_table *e, const char *s, const char *t, int any)
{
    for (size_t i = 0; i < flow_table_row_count(e); i++) {
        const char *a = txt(e, "source", i), *b = txt(e, "target", i);
        if ((!strcmp(a, s) && !strcmp(b, t)) || (any && !strcmp(a, t) && !strcmp(b, s)))
            return (long)i;
    }
    return -1;
}

static int count_calls(double percent, const char *message, void *payload)
{
    (void)message;
    assert_true(percent >= 0 && percent <= 100);
    (*(int *)payload)++;
    return 0;
}

static int stop_now(double percent, const char *message, void *payload)
{
    (void)percent;
    (void)message;
    (*(int *)payload)++;
    return 1;
}

/*
 * Every source is separated from every sink once the cut's edges are gone:
 * a breadth-first search over the selection's edges (both ways when
 * undirected) that skips the cut edges reaches no sink. Also checks that
 * every cut edge goes from the source side to the sink side and that the
 * cut's weight is the flow value.
 */
static void assert_cut_separates(flow_selection *sel, const flow_table *cut, const char *const *S,
                                 size_t nS, const char *const *T, size_t nT)
{
    graph_view g = graph_view_of(sel);
    size_t nv = g.nv, ne = g.ne;
    int directed = flow_selection_is_directed(sel);
    assert_int_equal(flow_table_row_count(part(cut, "nodes")), nv);
    double total = 0;
    for (size_t i = 0; i < flow_table_row_count(cut); i++) {
        size_t u = vtx(sel, txt(cut, "source", i));
        size_t v = vtx(sel, txt(cut, "target", i));
        assert_int_equal(side(cut, u), 1);
        assert_int_equal(side(cut, v), 0);
        total += num(cut, "weight", i);
    }
    assert_close(total, flow_table_scalar(cut, "value"), 1e-9);
    char *is_cut = calloc(ne ? ne : 1, 1);
    char *seen = calloc(nv ? nv : 1, 1);
    size_t *queue = malloc((nv ? nv : 1) * sizeof *queue);
    assert_true(is_cut && seen && queue);
    for (size_t e = 0; e < ne; e++) {
        int64_t a = g.source[e], b = g.target[e];
        for (size_t i = 0; i < flow_table_row_count(cut); i++) {
            int64_t u = g.vertex[ival(cut, "source", i)];
            int64_t v = g.vertex[ival(cut, "target", i)];
            if ((a == u && b == v) || (!directed && a == v && b == u)) is_cut[e] = 1;
        }
    }
    size_t qh = 0, qt = 0;
    for (size_t i = 0; i < nS; i++) {
        size_t s = vtx(sel, S[i]);
        assert_int_equal(side(cut, s), 1);
        if (!seen[s]) {
            seen[s] = 1;
            queue[qt++] = s;
        }
    }
    while (qh < qt) {
        size_t x = queue[qh++];
        for (size_t e = 0; e < ne; e++) {
            if (is_cut[e]) continue;
            int64_t a = g.source[e], b = g.target[e];
            int64_t y = -1;
            if ((size_t)a == x) y = b;
            else if (!directed && (size_t)b == x) y = a;
            if (y >= 0 && !seen[y]) {
                seen[y] = 1;
                queue[qt++] = (size_t)y;
            }
        }
    }
    for (size_t i = 0; i < nT; i++) {
        size_t t = vtx(sel, T[i]);
        assert_int_equal(side(cut, t), 0);
        assert_false(seen[t]);
    }
    free(is_cut);
    free(seen);
    free(queue);
    graph_view_free(&g);
}

/* ---- max flow / min cut: hand cases --------------------------------------- */

/*
 * s -> a 10, s -> b 10, a -> c 1, b -> c 2, c -> t 10: the max flow is 3 and
 * the only minimum cut is {a -> c, b -> c} (every other s-t cut weighs more:
 * {s->a, s->b} 20, {c->t} 10, {s->a, b->c} 12, {a->c, s->b} 11).
 */
static flow_network *funnel(void)
{
    flow_network *net = new_network();
    add(net, "s", "a", "technology", 10, FLOW_NO_YEAR);
    add(net, "s", "b", "technology", 10, FLOW_NO_YEAR);
    add(net, "a", "c", "technology", 1, FLOW_NO_YEAR);
    add(net, "b", "c", "technology", 2, FLOW_NO_YEAR);
    add(net, "c", "t", "technology", 10, FLOW_NO_YEAR);
    node(net, "lone");
    return net;
}

static void test_bottleneck__min_cut_funnel(void **state)
{
    (void)state;
    flow_network *net = funnel();
    flow_selection *sel = select_all(net, 1);
    const char *S[] = {"s"}, *T[] = {"t"};
    flow_table *cut = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 0));
    assert_close(flow_table_scalar(cut, "value"), 3, 1e-15);
    assert_int_equal(flow_table_row_count(cut), 2);
    /* sorted by weight: b -> c (2) first */
    assert_string_equal(txt(cut, "source", 0), "b");
    assert_string_equal(txt(cut, "target", 0), "c");
    assert_close(num(cut, "weight", 0), 2, 0.0);
    assert_string_equal(txt(cut, "source", 1), "a");
    assert_string_equal(txt(cut, "target", 1), "c");
    assert_int_equal(ival(cut, "source", 1), flow_network_node_index(net, "a"));
    assert_int_equal(ival(cut, "target", 1), flow_network_node_index(net, "c"));
    assert_int_equal(side(cut, vtx(sel, "s")), 1);
    assert_int_equal(side(cut, vtx(sel, "a")), 1);
    assert_int_equal(side(cut, vtx(sel, "b")), 1);
    assert_int_equal(side(cut, vtx(sel, "c")), 0);
    assert_int_equal(side(cut, vtx(sel, "t")), 0);
    assert_int_equal(side(cut, vtx(sel, "lone")), 1); /* documented */
    const flow_table *nodes = part(cut, "nodes");
    assert_int_equal(ival(nodes, "node", vtx(sel, "c")), flow_network_node_index(net, "c"));
    assert_int_equal(flow_table_row_count(nodes), graph_vertex_count(sel));
    assert_true(flow_table_scalar(cut, "source_side") == 4);
    assert_true(flow_table_scalar(cut, "sink_side") == 2);
    assert_cut_separates(sel, cut, S, 1, T, 1);
    /* the table's shape and description */
    assert_string_equal(flow_table_name(cut), "min_cut");
    assert_int_equal(flow_table_column_count(cut), 3);
    assert_int_equal(flow_table_column_type(cut, table_col(cut, "source")), FLOW_COLUMN_NODE);
    assert_int_equal(flow_table_column_type(cut, table_col(cut, "target")), FLOW_COLUMN_NODE);
    assert_int_equal(flow_table_column_type(cut, table_col(cut, "weight")), FLOW_COLUMN_DOUBLE);
    assert_int_equal(flow_table_column_type(nodes, table_col(nodes, "side")), FLOW_COLUMN_INT);
    assert_string_equal(flow_table_meta(cut, "analysis"), "min_cut");
    assert_string_equal(flow_table_meta(cut, "sources"), "s");
    assert_string_equal(flow_table_meta(cut, "sinks"), "t");
    assert_string_equal(flow_table_meta(cut, "flows"), "no");
    assert_string_equal(flow_table_meta(cut, "directed"), "yes");
    assert_non_null(flow_table_part(cut, "factor_edges"));
    assert_null(flow_table_part(cut, "flows")); /* not asked for */
    assert_int_equal(flow_table_part_count(cut), 2);

    /* the flow itself, asked for: the same cut, plus the part "flows":
     * a -> c 1, b -> c 2, s -> a 1, s -> b 2, c -> t 3 */
    flow_table *withf = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&withf, sel, S, 1, T, 1, 1));
    assert_true(flow_table_scalar(withf, "value") == flow_table_scalar(cut, "value"));
    assert_int_equal(flow_table_row_count(withf), 2);
    for (size_t v = 0; v < flow_table_row_count(nodes); v++)
        assert_int_equal(side(withf, v), side(cut, v));
    assert_string_equal(flow_table_meta(withf, "flows"), "yes");
    const flow_table *fl = part(withf, "flows");
    assert_int_equal(flow_table_column_count(fl), 4);
    assert_string_equal(flow_table_column_name(fl, 3), "flow");
    assert_int_equal(flow_table_row_count(fl), 5);
    assert_string_equal(txt(fl, "source", 0), "c"); /* largest first */
    assert_close(last(fl, 0), 3, 0.0);
    assert_close(num(fl, "weight", 0), 10, 0.0);
    assert_close(last(fl, find_edge(fl, "s", "a", 0)), 1, 0.0);
    assert_close(last(fl, find_edge(fl, "s", "b", 0)), 2, 0.0);
    assert_close(last(fl, find_edge(fl, "a", "c", 0)), 1, 0.0);
    assert_close(last(fl, find_edge(fl, "b", "c", 0)), 2, 0.0);
    flow_table_free(withf);
    flow_table_free(cut);
    flow_selection_free(sel);
    flow_network_free(net);
}

/*
 * Multi-factor, years, groups: SH -> HUB technology 10 and BJ -> HUB capital
 * 10 feed HUB -> XJ (technology 2, capital 1, talent 0.5 in 2010 only); all
 * else is 2020. With years 2015-2025 the talent flow is out, the max flow
 * from {SH, BJ} to XJ is 3 and the only minimum cut is HUB -> XJ, split as
 * technology 2, capital 1. GZ -> XJ 0.5 is not reachable from the sources.
 */
static flow_network *corridor(void)
{
    flow_network *net = new_network();
    add(net, "SH", "HUB", "technology", 10, 2020);
    add(net, "BJ", "HUB", "capital", 10, 2020);
    add(net, "HUB", "XJ", "technology", 2, 2020);
    add(net, "HUB", "XJ", "capital", 1, 2020);
    add(net, "HUB", "XJ", "talent", 0.5, 2010);
    add(net, "GZ", "XJ", "technology", 0.5, 2020);
    assert_flow_ok(flow_network_add_member(net, "east", "SH", NULL));
    assert_flow_ok(flow_network_add_member(net, "east", "BJ", NULL));
    return net;
}

static void test_bottleneck__min_cut_lists_factors_of_cut_edges(void **state)
{
    (void)state;
    flow_network *net = corridor();
    flow_selection *sel = select_all(net, 1);
    assert_flow_ok(flow_selection_set_years(sel, 2015, 2025));
    const char *S[] = {"east"}, *T[] = {"XJ"};
    flow_table *cut = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 0));
    assert_close(flow_table_scalar(cut, "value"), 3, 1e-15);
    assert_int_equal(flow_table_row_count(cut), 1);
    assert_string_equal(txt(cut, "source", 0), "HUB");
    assert_string_equal(txt(cut, "target", 0), "XJ");
    assert_int_equal(side(cut, vtx(sel, "GZ")), 0); /* GZ still reaches XJ */
    assert_close(num(cut, "weight", 0), 3, 0.0);
    const flow_table *bf = part(cut, "factor_edges");
    assert_int_equal(flow_table_column_count(bf), 4);
    assert_int_equal(flow_table_column_type(bf, table_col(bf, "factor")), FLOW_COLUMN_TEXT);
    assert_int_equal(flow_table_row_count(bf), 2);
    assert_string_equal(txt(bf, "source", 0), "HUB");
    assert_string_equal(txt(bf, "target", 0), "XJ");
    assert_string_equal(txt(bf, "factor", 0), "technology");
    assert_close(num(bf, "weight", 0), 2, 0.0);
    assert_string_equal(txt(bf, "factor", 1), "capital");
    assert_close(num(bf, "weight", 1), 1, 0.0);
    assert_string_equal(flow_table_meta(cut, "sources"), "east"); /* as given */
    flow_table_free(cut);

    /* FLOW_COMBINE_SHARE: technology total 12.5, capital 11 (talent out by
     * year): HUB -> XJ = 2/12.5 + 1/11, split in that order. */
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    const char *S2[] = {"SH", "BJ"};
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S2, 2, T, 1, 0));
    assert_close(flow_table_scalar(cut, "value"), 2 / 12.5 + 1 / 11.0, 1e-14);
    bf = part(cut, "factor_edges");
    assert_int_equal(flow_table_row_count(bf), 2);
    assert_string_equal(txt(bf, "factor", 0), "technology");
    assert_close(num(bf, "weight", 0), 2 / 12.5, 1e-15);
    assert_close(num(bf, "weight", 1), 1 / 11.0, 1e-15);
    assert_string_equal(flow_table_meta(cut, "sources"), "SH,BJ");
    assert_string_equal(flow_table_meta(cut, "combine"), "share");
    flow_table_free(cut);

    /* no year filter: the talent flow joins the cut edge */
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SUM));
    assert_flow_ok(flow_selection_set_years(sel, FLOW_NO_YEAR, FLOW_NO_YEAR));
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 0));
    assert_close(flow_table_scalar(cut, "value"), 3.5, 1e-15);
    bf = part(cut, "factor_edges");
    assert_int_equal(flow_table_row_count(bf), 3);
    assert_string_equal(txt(bf, "factor", 2), "talent");
    assert_close(num(bf, "weight", 2), 0.5, 0.0);
    flow_table_free(cut);
    flow_selection_free(sel);
    flow_network_free(net);
}

/*
 * Undirected: a - b 5, b - c 2, a - c 1 (entered in both directions to
 * check the both-way sums). From a to c the max flow is 2 + 1 = 3; the
 * minimum cut closest to c is {b - c, a - c}, listed in the cut's direction.
 */
static void test_bottleneck__min_cut_undirected(void **state)
{
    (void)state;
    flow_network *net = new_network();
    add(net, "a", "b", "talent", 3, FLOW_NO_YEAR);
    add(net, "b", "a", "capital", 2, FLOW_NO_YEAR);
    add(net, "c", "b", "talent", 2, FLOW_NO_YEAR);
    add(net, "a", "c", "talent", 1, FLOW_NO_YEAR);
    flow_selection *sel = select_all(net, 0);
    const char *S[] = {"a"}, *T[] = {"c"};
    flow_table *cut = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 1));
    assert_close(flow_table_scalar(cut, "value"), 3, 1e-15);
    assert_int_equal(flow_table_row_count(cut), 2);
    assert_string_equal(txt(cut, "source", 0), "b");
    assert_string_equal(txt(cut, "target", 0), "c");
    assert_string_equal(txt(cut, "source", 1), "a");
    assert_string_equal(txt(cut, "target", 1), "c");
    assert_cut_separates(sel, cut, S, 1, T, 1);
    /* by factor: the flow c -> b (talent 2) counts for the undirected b - c */
    const flow_table *bf = part(cut, "factor_edges");
    assert_int_equal(flow_table_row_count(bf), 2);
    assert_string_equal(txt(bf, "source", 0), "b");
    assert_close(num(bf, "weight", 0), 2, 0.0);
    /* flows along the undirected edges, oriented the way they go */
    const flow_table *fl = part(cut, "flows");
    assert_int_equal(flow_table_row_count(fl), 3);
    assert_true(find_edge(fl, "a", "b", 0) >= 0);
    assert_true(find_edge(fl, "b", "c", 0) >= 0);
    assert_true(find_edge(fl, "a", "c", 0) >= 0);
    flow_table_free(cut);

    /* the reverse direction works the same way on an undirected selection */
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, T, 1, S, 1, 0));
    assert_close(flow_table_scalar(cut, "value"), 3, 1e-15);
    assert_cut_separates(sel, cut, T, 1, S, 1);
    flow_table_free(cut);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_bottleneck__min_cut_unreachable_sink_is_zero(void **state)
{
    (void)state;
    flow_network *net = funnel();
    flow_selection *sel = select_all(net, 1);
    const char *S[] = {"t"}, *T[] = {"s"}; /* against every edge */
    flow_table *cut = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 1));
    assert_true(flow_table_scalar(cut, "value") == 0);
    assert_int_equal(flow_table_row_count(cut), 0);
    assert_int_equal(flow_table_row_count(part(cut, "factor_edges")), 0);
    assert_int_equal(flow_table_row_count(part(cut, "flows")), 0);
    assert_int_equal(flow_table_column_count(part(cut, "flows")), 4); /* columns all the same */
    assert_cut_separates(sel, cut, S, 1, T, 1);
    flow_table_free(cut);

    /* a selection without edges: value 0, empty cut */
    flow_network *bare = new_network();
    node(bare, "x");
    node(bare, "y");
    flow_selection *bs = select_all(bare, 1);
    const char *X[] = {"x"}, *Y[] = {"y"};
    assert_flow_ok(flow_bottleneck_min_cut(&cut, bs, X, 1, Y, 1, 0));
    assert_true(flow_table_scalar(cut, "value") == 0);
    assert_int_equal(flow_table_row_count(cut), 0);
    flow_table_free(cut);
    flow_selection_free(bs);
    flow_network_free(bare);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_bottleneck__min_cut_bad_arguments(void **state)
{
    (void)state;
    flow_network *net = funnel();
    flow_selection *sel = select_all(net, 1);
    const char *S[] = {"s", "a"}, *T[] = {"t", "a"}, *U[] = {"nope"}, *N[] = {NULL};
    flow_table *cut = (flow_table *)(void *)&cut;
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_min_cut(&cut, sel, S, 2, T, 2, 0));
    assert_null(cut);
    assert_error_contains("'a' is both a source and a sink");
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_min_cut(&cut, sel, S, 0, T, 1, 0));
    assert_error_contains("sources");
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_min_cut(&cut, sel, S, 1, T, 0, 0));
    assert_error_contains("sinks");
    assert_flow_fails(FLOW_ENOTFOUND, flow_bottleneck_min_cut(&cut, sel, U, 1, T, 1, 0));
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_min_cut(&cut, sel, N, 1, T, 1, 0));
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_min_cut(NULL, sel, S, 1, T, 1, 0));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_min_cut(&cut, NULL, S, 1, T, 1, 0));
    assert_null(cut);
    flow_table_free(NULL);
    /* the parts are borrowed: freeing one does nothing */
    const char *S1[] = {"s"}, *T1[] = {"t"};
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S1, 1, T1, 1, 0));
    flow_table_free((flow_table *)part(cut, "nodes"));
    assert_int_equal(side(cut, vtx(sel, "t")), 0);
    assert_null(flow_table_text(cut, 0, 99)); /* out of range */
    flow_table_free(cut);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Extreme weights: a total whose double overflows leaves no finite
 * super-source capacity (a total that overflows itself is refused by the
 * selection: selection.h); a weight whose inverse overflows has no
 * length. */
static void test_bottleneck__extreme_weights_are_refused(void **state)
{
    (void)state;
    flow_network *net = new_network();
    add(net, "a", "b", "capital", 0.75e308, FLOW_NO_YEAR);
    add(net, "b", "c", "capital", 0.75e308, FLOW_NO_YEAR);
    add(net, "c", "d", "capital", 1e-320, FLOW_NO_YEAR); /* subnormal, > 0 */
    flow_selection *sel = select_all(net, 1);
    const char *S[] = {"a"}, *T[] = {"c"};
    flow_table *cut = (flow_table *)(void *)&cut;
    assert_flow_fails(FLOW_ELIMIT, flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 0));
    assert_null(cut);
    flow_table *e = (flow_table *)(void *)&e;
    assert_flow_fails(FLOW_ELIMIT, flow_bottleneck_edge_betweenness(&e, sel, FLOW_LENGTH_INVERSE));
    assert_null(e);
    /* the other transforms are fine */
    assert_flow_ok(flow_bottleneck_edge_betweenness(&e, sel, FLOW_LENGTH_UNIT));
    flow_table_free(e);
    /* and the widest path needs no sum */
    flow_table *p = NULL;
    assert_flow_ok(flow_bottleneck_widest_path(&p, sel, "a", "d"));
    assert_true(flow_table_scalar(p, "width") == 1e-320);
    assert_string_equal(limit_id(p, 0), "c");
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* After a roll-up two ids may be one vertex: a source and a sink that
 * become the same vertex are refused. */
static void test_bottleneck__min_cut_after_roll_up(void **state)
{
    (void)state;
    flow_network *net = new_network();
    assert_flow_ok(flow_network_add_node(net, "SH", NULL, "province", NULL));
    assert_flow_ok(flow_network_add_node(net, "SH-U", NULL, "institution", "SH"));
    assert_flow_ok(flow_network_add_node(net, "XJ", NULL, "province", NULL));
    assert_flow_ok(flow_network_add_node(net, "XJ-U", NULL, "institution", "XJ"));
    assert_flow_ok(flow_network_add_flow(net, "SH-U", "XJ-U", "talent", 4, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_add_flow(net, "SH", "XJ", "talent", 1, FLOW_NO_YEAR));
    flow_selection *sel = select_all(net, 1);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    const char *S[] = {"SH-U"}, *T[] = {"XJ"}, *T2[] = {"SH"};
    flow_table *cut = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 0));
    assert_close(flow_table_scalar(cut, "value"), 5, 0.0);
    assert_string_equal(txt(cut, "source", 0), "SH");
    assert_string_equal(txt(cut, "target", 0), "XJ");
    flow_table_free(cut);
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_min_cut(&cut, sel, S, 1, T2, 1, 0));
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Results keep the network alive: free the network and selection first. */
static void test_bottleneck__results_outlive_selection_and_network(void **state)
{
    (void)state;
    flow_network *net = funnel();
    flow_selection *sel = select_all(net, 1);
    const char *S[] = {"s"}, *T[] = {"t"};
    flow_table *cut = NULL;
    flow_table *p = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 0));
    assert_flow_ok(flow_bottleneck_widest_path(&p, sel, "s", "t"));
    flow_selection_free(sel);
    flow_network_free(net);
    assert_string_equal(txt(part(cut, "factor_edges"), "source", 0), "b");
    assert_string_equal(txt(cut, "target", 0), "c");
    flow_table_free(cut);
    assert_string_equal(flow_table_text(p, 0, 0), "s");
    assert_string_equal(limit_id(p, 1), "c");
    flow_table_free(p);
}

/* ---- widest path: hand cases ---------------------------------------------- */

/*
 * s -> a 5, a -> t 4 (width 4); s -> b 3, b -> t 10 (width 3); s -> t 1:
 * the widest path is s, a, t with width 4, limited by a -> t.
 */
static void test_bottleneck__widest_path_picks_the_widest(void **state)
{
    (void)state;
    flow_network *net = new_network();
    add(net, "s", "a", "capital", 5, FLOW_NO_YEAR);
    add(net, "a", "t", "capital", 4, FLOW_NO_YEAR);
    add(net, "s", "b", "capital", 3, FLOW_NO_YEAR);
    add(net, "b", "t", "capital", 10, FLOW_NO_YEAR);
    add(net, "s", "t", "capital", 1, FLOW_NO_YEAR);
    flow_selection *sel = select_all(net, 1);
    flow_table *p = NULL;
    assert_flow_ok(flow_bottleneck_widest_path(&p, sel, "s", "t"));
    assert_int_equal(flow_table_row_count(p), 3);
    assert_string_equal(flow_table_text(p, 0, 0), "s");
    assert_string_equal(flow_table_text(p, 0, 1), "a");
    assert_string_equal(flow_table_text(p, 0, 2), "t");
    assert_int_equal(ival(p, "node", 1), flow_network_node_index(net, "a"));
    assert_int_equal(graph_vertex(sel, (size_t)ival(p, "node", 1)), (int64_t)vtx(sel, "a"));
    assert_close(flow_table_scalar(p, "width"), 4, 0.0);
    assert_close(num(p, "weight_to_next", 0), 5, 0.0);
    assert_close(num(p, "weight_to_next", 1), 4, 0.0);
    assert_true(isnan(num(p, "weight_to_next", 2)));
    assert_int_equal(limit(p), 1);
    assert_string_equal(limit_id(p, 0), "a");
    assert_string_equal(limit_id(p, 1), "t");
    assert_int_equal(limit_node(p, 0), flow_network_node_index(net, "a"));
    assert_int_equal(limit_node(p, 1), flow_network_node_index(net, "t"));
    assert_close(limit_weight(p), 4, 0.0);
    assert_null(flow_table_text(p, 0, 3));
    /* the table's shape and description */
    assert_string_equal(flow_table_name(p), "widest_path");
    assert_int_equal(flow_table_column_count(p), 2);
    assert_int_equal(flow_table_column_type(p, 0), FLOW_COLUMN_NODE);
    assert_string_equal(flow_table_meta(p, "source"), "s");
    assert_string_equal(flow_table_meta(p, "target"), "t");
    assert_string_equal(flow_table_meta(p, "analysis"), "widest_path");
    flow_table_free(p);

    /* no path from t back to s in the directed selection: the empty path */
    assert_flow_ok(flow_bottleneck_widest_path(&p, sel, "t", "s"));
    assert_int_equal(flow_table_row_count(p), 0);
    assert_true(flow_table_scalar(p, "width") == 0);
    assert_int_equal(limit(p), -1);
    assert_int_equal(limit_node(p, 0), -1);
    assert_null(limit_id(p, 0));
    assert_null(limit_id(p, 1));
    assert_true(isnan(limit_weight(p)));
    flow_table_free(p);

    /* undirected: t to s goes back the same way */
    flow_selection *und = select_all(net, 0);
    assert_flow_ok(flow_bottleneck_widest_path(&p, und, "t", "s"));
    assert_int_equal(flow_table_row_count(p), 3);
    assert_string_equal(flow_table_text(p, 0, 1), "a");
    assert_close(flow_table_scalar(p, "width"), 4, 0.0);
    assert_string_equal(limit_id(p, 0), "t");
    flow_table_free(p);
    flow_selection_free(und);
    flow_selection_free(sel);
    flow_network_free(net);
}

/*
 * Ties: s -> y -> t, s -> x -> t and s -> p -> q -> t all have width 5.
 * Fewest hops rules out the 3-hop path; y was added before x, so y has the
 * lower vertex index and s, y, t wins. Every edge of the path has weight
 * 5, so the limiting edge is the first one.
 */
static void test_bottleneck__widest_path_ties(void **state)
{
    (void)state;
    flow_network *net = new_network();
    node(net, "s");
    node(net, "p");
    node(net, "q");
    node(net, "y");
    node(net, "x");
    node(net, "t");
    add(net, "s", "p", "talent", 5, FLOW_NO_YEAR);
    add(net, "p", "q", "talent", 9, FLOW_NO_YEAR);
    add(net, "q", "t", "talent", 7, FLOW_NO_YEAR);
    add(net, "s", "x", "talent", 5, FLOW_NO_YEAR);
    add(net, "x", "t", "talent", 6, FLOW_NO_YEAR);
    add(net, "s", "y", "talent", 8, FLOW_NO_YEAR);
    add(net, "y", "t", "talent", 5, FLOW_NO_YEAR);
    flow_selection *sel = select_all(net, 1);
    flow_table *p = NULL;
    assert_flow_ok(flow_bottleneck_widest_path(&p, sel, "s", "t"));
    assert_int_equal(flow_table_row_count(p), 3);
    assert_string_equal(flow_table_text(p, 0, 1), "y");
    assert_close(flow_table_scalar(p, "width"), 5, 0.0);
    assert_int_equal(limit(p), 1); /* y -> t is the 5 */
    flow_table_free(p);
    flow_selection_free(sel);

    /* equal weights along the path: the first edge is the limit */
    flow_network *two = new_network();
    add(two, "a", "b", "talent", 2, FLOW_NO_YEAR);
    add(two, "b", "c", "talent", 2, FLOW_NO_YEAR);
    sel = select_all(two, 1);
    assert_flow_ok(flow_bottleneck_widest_path(&p, sel, "a", "c"));
    assert_int_equal(limit(p), 0);
    assert_string_equal(limit_id(p, 0), "a");
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(two);
    flow_network_free(net);
}

static void test_bottleneck__widest_path_bad_arguments(void **state)
{
    (void)state;
    flow_network *net = funnel();
    flow_selection *sel = select_all(net, 1);
    flow_table *p = (flow_table *)(void *)&p;
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_widest_path(&p, sel, "s", "s"));
    assert_null(p);
    assert_flow_fails(FLOW_ENOTFOUND, flow_bottleneck_widest_path(&p, sel, "s", "tt"));
    assert_error_contains("did you mean 't'");
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_widest_path(&p, sel, NULL, "t"));
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_widest_path(NULL, sel, "s", "t"));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_widest_path(&p, NULL, "s", "t"));
    assert_null(p);
    /* an isolated target: no path */
    assert_flow_ok(flow_bottleneck_widest_path(&p, sel, "s", "lone"));
    assert_int_equal(flow_table_row_count(p), 0);
    assert_int_equal(limit(p), -1);
    assert_true(flow_table_scalar(p, "width") == 0);
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- bridges and articulation points: hand cases -------------------------- */

/*
 * a <-> b (1 + 2 both ways), b -> c 4, triangle c, d, e (1 each), e -> f 0.5,
 * isolated g. Undirected version: bridges a-b (3), b-c (4), e-f (0.5);
 * articulation points b, c, e.
 */
static flow_network *chain_of_blocks(void)
{
    flow_network *net = new_network();
    add(net, "a", "b", "talent", 1, FLOW_NO_YEAR);
    add(net, "b", "a", "talent", 2, FLOW_NO_YEAR);
    add(net, "b", "c", "talent", 4, FLOW_NO_YEAR);
    add(net, "c", "d", "talent", 1, FLOW_NO_YEAR);
    add(net, "d", "e", "talent", 1, FLOW_NO_YEAR);
    add(net, "e", "c", "talent", 1, FLOW_NO_YEAR);
    add(net, "e", "f", "talent", 0.5, FLOW_NO_YEAR);
    node(net, "g");
    return net;
}

static void test_bottleneck__bridges_and_articulation_points(void **state)
{
    (void)state;
    flow_network *net = chain_of_blocks();
    for (int directed = 0; directed <= 1; directed++) {
        flow_selection *sel = select_all(net, directed);
        flow_table *b = NULL;
        assert_flow_ok(flow_bottleneck_bridges(&b, sel));
        assert_string_equal(flow_table_name(b), "bridges");
        assert_int_equal(flow_table_column_count(b), 3); /* source, target, weight */
        assert_int_equal(flow_table_row_count(b), 3);
        /* by weight: b-c 4, a-b 3 (both directions summed), e-f 0.5 */
        assert_string_equal(txt(b, "source", 0), "b");
        assert_string_equal(txt(b, "target", 0), "c");
        assert_close(num(b, "weight", 0), 4, 0.0);
        assert_string_equal(txt(b, "source", 1), "a");
        assert_string_equal(txt(b, "target", 1), "b");
        assert_close(num(b, "weight", 1), 3, 0.0);
        assert_int_equal(flow_table_column_index(b, "factor"), -1);
        assert_string_equal(txt(b, "source", 2), "e");
        assert_string_equal(txt(b, "target", 2), "f");
        flow_table_free(b);
        flow_table *ap = NULL;
        assert_flow_ok(flow_bottleneck_articulation_points(&ap, sel));
        assert_string_equal(flow_table_column_name(ap, 1), "articulation_point");
        assert_int_equal(flow_table_column_type(ap, 1), FLOW_COLUMN_INT);
        assert_true(flow_table_scalar(ap, "count") == 3);
        const char *yes[] = {"b", "c", "e"}, *no[] = {"a", "d", "f", "g"};
        for (size_t i = 0; i < 3; i++) assert_true(score(ap, sel, yes[i]) == 1);
        for (size_t i = 0; i < 4; i++) assert_true(score(ap, sel, no[i]) == 0);
        flow_table_free(ap);
        flow_selection_free(sel);
    }
    /* an empty selection: no bridges, no articulation points */
    flow_network *bare = new_network();
    node(bare, "x");
    flow_selection *bs = select_all(bare, 1);
    flow_table *b = NULL;
    assert_flow_ok(flow_bottleneck_bridges(&b, bs));
    assert_int_equal(flow_table_row_count(b), 0);
    flow_table_free(b);
    flow_table *ap = NULL;
    assert_flow_ok(flow_bottleneck_articulation_points(&ap, bs));
    assert_int_equal(flow_table_row_count(ap), 1);
    assert_true(val(ap, 0) == 0);
    flow_table_free(ap);
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_bridges(NULL, bs));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_bridges(&b, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_articulation_points(NULL, bs));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_articulation_points(&ap, NULL));
    assert_null(b);
    assert_null(ap);
    flow_selection_free(bs);
    flow_network_free(bare);
    flow_network_free(net);
}

/* ---- dominators: hand cases ---------------------------------------------- */

/*
 * s -> a, a -> b, a -> x, x -> b, b -> t, b -> u, u -> t, z -> s (z is not
 * reachable from s). Dominator tree from s: a <- s; b, x <- a; t, u <- b.
 */
static flow_network *gates(void)
{
    flow_network *net = new_network();
    add(net, "s", "a", "data", 1, FLOW_NO_YEAR);
    add(net, "a", "b", "data", 1, FLOW_NO_YEAR);
    add(net, "a", "x", "data", 1, FLOW_NO_YEAR);
    add(net, "x", "b", "data", 1, FLOW_NO_YEAR);
    add(net, "b", "t", "data", 1, FLOW_NO_YEAR);
    add(net, "b", "u", "data", 1, FLOW_NO_YEAR);
    add(net, "u", "t", "data", 1, FLOW_NO_YEAR);
    add(net, "z", "s", "data", 1, FLOW_NO_YEAR);
    return net;
}

/* The immediate dominator's id of `id` (NULL: the root or unreachable). */
static const char *idom(const flow_table *d, flow_selection *sel, const char *id)
{
    return txt(d, "immediate_dominator", vtx(sel, id));
}

/* `id` is the dominator tree's root: reached, without a dominator. */
static void assert_is_root(const flow_table *d, flow_selection *sel, const char *id)
{
    assert_null(idom(d, sel, id));
    assert_int_equal(ival(d, "immediate_dominator", vtx(sel, id)), -1);
    assert_int_equal(ival(d, "reached", vtx(sel, id)), 1);
}

static void test_bottleneck__dominators(void **state)
{
    (void)state;
    flow_network *net = gates();
    flow_selection *sel = select_all(net, 1);
    flow_table *d = NULL;
    assert_flow_ok(flow_bottleneck_dominators(&d, sel, "s"));
    assert_string_equal(flow_table_column_name(d, 1), "immediate_dominator");
    assert_is_root(d, sel, "s");
    assert_string_equal(idom(d, sel, "a"), "s");
    assert_string_equal(idom(d, sel, "b"), "a");
    assert_string_equal(idom(d, sel, "x"), "a");
    assert_string_equal(idom(d, sel, "t"), "b");
    assert_string_equal(idom(d, sel, "u"), "b");
    assert_null(idom(d, sel, "z")); /* unreachable */
    assert_int_equal(ival(d, "reached", vtx(sel, "z")), 0);
    assert_true(flow_table_scalar(d, "reached") == 6); /* all but z */
    assert_int_equal(flow_table_column_type(d, 1), FLOW_COLUMN_NODE);
    assert_string_equal(flow_table_meta(d, "source"), "s");
    flow_table_free(d);
    d = (flow_table *)(void *)&d;
    assert_flow_fails(FLOW_ENOTFOUND, flow_bottleneck_dominators(&d, sel, "nope"));
    assert_null(d);
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_dominators(&d, sel, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_dominators(NULL, sel, "s"));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_dominators(&d, NULL, "s"));
    flow_selection_free(sel);

    /* undirected: each edge both ways; from b, a dominates s and z, and
     * a and x are both reached around the cycle a - x - b */
    sel = select_all(net, 0);
    assert_flow_ok(flow_bottleneck_dominators(&d, sel, "b"));
    assert_is_root(d, sel, "b");
    assert_string_equal(idom(d, sel, "a"), "b");
    assert_string_equal(idom(d, sel, "x"), "b");
    assert_string_equal(idom(d, sel, "s"), "a");
    assert_string_equal(idom(d, sel, "z"), "s");
    assert_string_equal(idom(d, sel, "t"), "b");
    flow_table_free(d);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_bottleneck__must_cross(void **state)
{
    (void)state;
    flow_network *net = gates();
    flow_selection *sel = select_all(net, 1);
    flow_table *m = NULL;
    /* s to t: every path crosses a, then b */
    const char *S[] = {"s"}, *T[] = {"t"};
    assert_flow_ok(flow_bottleneck_must_cross(&m, sel, S, 1, T, 1));
    assert_string_equal(flow_table_column_name(m, 1), "must_cross");
    assert_true(score(m, sel, "a") == 1);
    assert_true(score(m, sel, "b") == 2);
    const char *zero[] = {"s", "t", "x", "u", "z"};
    for (size_t i = 0; i < 5; i++) assert_true(score(m, sel, zero[i]) == 0);
    assert_true(flow_table_scalar(m, "count") == 2);
    assert_true(flow_table_scalar(m, "reachable_sinks") == 1);
    flow_table_free(m);
    /* s to {t, x}: only a is common (x does not need b) */
    const char *T2[] = {"t", "x"};
    assert_flow_ok(flow_bottleneck_must_cross(&m, sel, S, 1, T2, 2));
    assert_true(score(m, sel, "a") == 1);
    assert_true(score(m, sel, "b") == 0);
    flow_table_free(m);
    /* {s, x} to t: paths from x skip a; b remains */
    const char *S2[] = {"x", "s"};
    assert_flow_ok(flow_bottleneck_must_cross(&m, sel, S2, 2, T, 1));
    assert_true(score(m, sel, "a") == 0);
    assert_true(score(m, sel, "b") == 1);
    flow_table_free(m);
    /* a sink that dominates another: s to {b, t}: a only (b is a sink) */
    const char *T3[] = {"t", "b"};
    assert_flow_ok(flow_bottleneck_must_cross(&m, sel, S, 1, T3, 2));
    assert_true(score(m, sel, "a") == 1);
    assert_true(score(m, sel, "b") == 0);
    flow_table_free(m);
    /* an unreachable sink is ignored ... */
    const char *T4[] = {"t", "z"};
    assert_flow_ok(flow_bottleneck_must_cross(&m, sel, S, 1, T4, 2));
    assert_true(score(m, sel, "b") == 2);
    assert_true(flow_table_scalar(m, "reachable_sinks") == 1);
    flow_table_free(m);
    /* ... and with no reachable sink every value is NAN */
    const char *S5[] = {"t"}, *T5[] = {"s"};
    assert_flow_ok(flow_bottleneck_must_cross(&m, sel, S5, 1, T5, 1));
    for (size_t v = 0; v < flow_table_row_count(m); v++) assert_true(isnan(val(m, v)));
    assert_true(flow_table_scalar(m, "count") == 0);
    assert_true(flow_table_scalar(m, "reachable_sinks") == 0);
    flow_table_free(m);
    m = (flow_table *)(void *)&m;
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_must_cross(&m, sel, S, 1, S, 1));
    assert_null(m);
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_must_cross(NULL, sel, S, 1, T, 1));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_must_cross(&m, NULL, S, 1, T, 1));
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- critical nodes and edges: hand cases --------------------------------- */

static void test_bottleneck__critical_max_flow_loss(void **state)
{
    (void)state;
    flow_network *net = funnel();
    flow_selection *sel = select_all(net, 1);
    const char *S[] = {"s"}, *T[] = {"t"};
    /* max flow 3 through a (1), b (2), c (3) */
    flow_table *n = NULL;
    assert_flow_ok(flow_bottleneck_critical_nodes(&n, sel, S, 1, T, 1));
    assert_string_equal(flow_table_column_name(n, 1), "max_flow_loss");
    assert_true(isnan(score(n, sel, "s")));
    assert_true(isnan(score(n, sel, "t")));
    assert_close(score(n, sel, "a"), 1, 0.0);
    assert_close(score(n, sel, "b"), 2, 0.0);
    assert_close(score(n, sel, "c"), 3, 0.0);
    assert_true(score(n, sel, "lone") == 0);
    assert_true(flow_table_scalar(n, "max_flow") == 3);
    assert_string_equal(flow_table_name(n), "critical_nodes");
    assert_string_equal(flow_table_meta(n, "sinks"), "t");
    flow_table_free(n);
    flow_table *e = NULL;
    assert_flow_ok(flow_bottleneck_critical_edges(&e, sel, S, 1, T, 1));
    assert_string_equal(flow_table_name(e), "critical_edges");
    assert_int_equal(flow_table_column_count(e), 4);
    assert_string_equal(flow_table_column_name(e, 3), "max_flow_loss");
    assert_true(flow_table_scalar(e, "max_flow") == 3);
    assert_int_equal(flow_table_row_count(e), 5);
    assert_string_equal(txt(e, "source", 0), "c"); /* c -> t loses 3 */
    assert_close(last(e, 0), 3, 0.0);
    assert_close(num(e, "weight", 0), 10, 0.0);
    assert_close(last(e, find_edge(e, "s", "a", 0)), 1, 0.0);
    assert_close(last(e, find_edge(e, "a", "c", 0)), 1, 0.0);
    assert_close(last(e, find_edge(e, "s", "b", 0)), 2, 0.0);
    assert_close(last(e, find_edge(e, "b", "c", 0)), 2, 0.0);
    flow_table_free(e);
    /* only one set given */
    n = (flow_table *)(void *)&n;
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_critical_nodes(&n, sel, S, 1, NULL, 0));
    assert_null(n);
    e = (flow_table *)(void *)&e;
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_critical_edges(&e, sel, NULL, 0, T, 1));
    assert_null(e);
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_critical_nodes(NULL, sel, S, 1, T, 1));
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_critical_edges(NULL, sel, S, 1, T, 1));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_critical_nodes(&n, NULL, NULL, 0, NULL, 0));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_critical_edges(&e, NULL, NULL, 0, NULL, 0));
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_critical_nodes(&n, sel, S, 1, S, 1));
    flow_selection_free(sel);
    flow_network_free(net);
}

/*
 * Connected flow loss. Path a - b 1, b - c 2 (main component, C = 3) and a
 * separate d - e 0.5 (C2 = 0.5). Remove a: 2 is left (loss 1); b: only
 * d - e's 0.5 is left (loss 2.5); c: 1 is left (loss 2); d, e: 0.
 * Edges: a - b leaves 2 (loss 1), b - c leaves max(1, 0.5) (loss 2), d - e 0.
 * Star h - l1 1, h - l2 1 (C = 2) beside m - n 1.5: removing the leaf l1
 * leaves 1 < 1.5, so the loss is 2 - 1.5 = 0.5, not l1's strength 1.
 */
static void test_bottleneck__critical_connected_flow_loss(void **state)
{
    (void)state;
    flow_network *net = new_network();
    add(net, "a", "b", "talent", 1, FLOW_NO_YEAR);
    add(net, "c", "b", "talent", 2, FLOW_NO_YEAR); /* direction does not matter */
    add(net, "d", "e", "talent", 0.5, FLOW_NO_YEAR);
    node(net, "i");
    for (int directed = 0; directed <= 1; directed++) {
        flow_selection *sel = select_all(net, directed);
        flow_table *n = NULL;
        assert_flow_ok(flow_bottleneck_critical_nodes(&n, sel, NULL, 0, NULL, 0));
        assert_string_equal(flow_table_column_name(n, 1), "connected_flow_loss");
        assert_close(score(n, sel, "a"), 1, 1e-15);
        assert_close(score(n, sel, "b"), 2.5, 1e-15);
        assert_close(score(n, sel, "c"), 2, 1e-15);
        assert_true(score(n, sel, "d") == 0);
        assert_true(score(n, sel, "e") == 0);
        assert_true(score(n, sel, "i") == 0);
        assert_close(flow_table_scalar(n, "connected_flow"), 3, 1e-15); /* a - b - c */
        assert_null(flow_table_meta(n, "sources"));
        flow_table_free(n);
        flow_table *e = NULL;
        assert_flow_ok(flow_bottleneck_critical_edges(&e, sel, NULL, 0, NULL, 0));
        assert_string_equal(flow_table_column_name(e, 3), "connected_flow_loss");
        assert_close(flow_table_scalar(e, "connected_flow"), 3, 1e-15);
        assert_int_equal(flow_table_row_count(e), 3);
        assert_close(last(e, 0), 2, 1e-15);
        assert_close(last(e, find_edge(e, "a", "b", 1)), 1, 1e-15);
        assert_true(last(e, find_edge(e, "d", "e", 1)) == 0);
        flow_table_free(e);
        flow_selection_free(sel);
    }
    flow_network *star = new_network();
    add(star, "h", "l1", "talent", 1, FLOW_NO_YEAR);
    add(star, "h", "l2", "talent", 1, FLOW_NO_YEAR);
    add(star, "m", "n", "talent", 1.5, FLOW_NO_YEAR);
    flow_selection *sel = select_all(star, 1);
    flow_table *n = NULL;
    assert_flow_ok(flow_bottleneck_critical_nodes(&n, sel, NULL, 0, NULL, 0));
    assert_close(score(n, sel, "l1"), 0.5, 1e-15);
    assert_close(score(n, sel, "h"), 0.5, 1e-15); /* 2 - 1.5 */
    assert_true(score(n, sel, "m") == 0);
    flow_table_free(n);
    flow_selection_free(sel);
    flow_network_free(star);
    /* no edges at all: every loss 0 */
    flow_network *bare = new_network();
    node(bare, "x");
    sel = select_all(bare, 1);
    assert_flow_ok(flow_bottleneck_critical_nodes(&n, sel, NULL, 0, NULL, 0));
    assert_true(val(n, 0) == 0);
    assert_true(flow_table_scalar(n, "connected_flow") == 0);
    flow_table_free(n);
    flow_selection_free(sel);
    flow_network_free(bare);
    flow_network_free(net);
}

static void test_bottleneck__critical_progress_and_interruption(void **state)
{
    (void)state;
    flow_network *net = funnel();
    flow_selection *sel = select_all(net, 1);
    const char *S[] = {"s"}, *T[] = {"t"};
    for (int sets = 0; sets <= 1; sets++) {
        size_t ns = sets ? 1 : 0;
        int calls = 0;
        assert_flow_ok(flow_selection_set_progress(sel, count_calls, &calls));
        flow_table *n = NULL;
        flow_table *e = NULL;
        assert_flow_ok(flow_bottleneck_critical_nodes(&n, sel, sets ? S : NULL, ns,
                                                      sets ? T : NULL, ns));
        assert_true(calls > 0);
        calls = 0;
        assert_flow_ok(flow_bottleneck_critical_edges(&e, sel, sets ? S : NULL, ns,
                                                      sets ? T : NULL, ns));
        assert_true(calls > 0);
        flow_table_free(n);
        flow_table_free(e);

        int stops = 0;
        assert_flow_ok(flow_selection_set_progress(sel, stop_now, &stops));
        n = (flow_table *)(void *)&n;
        e = (flow_table *)(void *)&e;
        assert_flow_fails(FLOW_EINTERRUPTED,
                          flow_bottleneck_critical_nodes(&n, sel, sets ? S : NULL, ns,
                                                         sets ? T : NULL, ns));
        assert_null(n);
        assert_flow_fails(FLOW_EINTERRUPTED,
                          flow_bottleneck_critical_edges(&e, sel, sets ? S : NULL, ns,
                                                         sets ? T : NULL, ns));
        assert_null(e);
        assert_int_equal(stops, 2); /* asked once each, then stopped */
        assert_error_contains("interrupted");
        assert_flow_ok(flow_selection_set_progress(sel, NULL, NULL));
    }
    /* edge betweenness: igraph reports its progress through the same callback */
    int calls = 0;
    flow_table *e = NULL;
    assert_flow_ok(flow_selection_set_progress(sel, count_calls, &calls));
    assert_flow_ok(flow_bottleneck_edge_betweenness(&e, sel, FLOW_LENGTH_INVERSE));
    assert_true(calls > 0);
    flow_table_free(e);
    int stops = 0;
    assert_flow_ok(flow_selection_set_progress(sel, stop_now, &stops));
    e = (flow_table *)(void *)&e;
    assert_flow_fails(FLOW_EINTERRUPTED,
                      flow_bottleneck_edge_betweenness(&e, sel, FLOW_LENGTH_INVERSE));
    assert_null(e);
    assert_int_equal(stops, 1);
    assert_flow_ok(flow_selection_set_progress(sel, NULL, NULL));
    /* the selection still works afterwards */
    flow_table *cut = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 0));
    assert_close(flow_table_scalar(cut, "value"), 3, 0.0);
    flow_table_free(cut);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- edge betweenness: hand cases ----------------------------------------- */

/*
 * a -> b 1, b -> c 1, a -> c 0.25. Lengths 1/w: 1, 1, 4, so a reaches c via
 * b (2 < 4): a->b carries (a,b), (a,c); b->c carries (b,c), (a,c); a->c 0.
 * Lengths = weights: a->c (0.25) is shortest: every edge carries its pair.
 * Unit lengths: the same (a->c is one hop).
 */
static void test_bottleneck__edge_betweenness_lengths(void **state)
{
    (void)state;
    flow_network *net = new_network();
    add(net, "a", "b", "technology", 1, FLOW_NO_YEAR);
    add(net, "b", "c", "technology", 1, FLOW_NO_YEAR);
    add(net, "a", "c", "technology", 0.25, FLOW_NO_YEAR);
    flow_selection *sel = select_all(net, 1);
    flow_table *e = NULL;
    assert_flow_ok(flow_bottleneck_edge_betweenness(&e, sel, FLOW_LENGTH_INVERSE));
    assert_string_equal(flow_table_name(e), "edge_betweenness");
    assert_string_equal(flow_table_column_name(e, 3), "edge_betweenness");
    assert_string_equal(flow_table_meta(e, "length"), "inverse");
    assert_close(last(e, find_edge(e, "a", "b", 0)), 2, 0.0);
    assert_close(last(e, find_edge(e, "b", "c", 0)), 2, 0.0);
    assert_true(last(e, find_edge(e, "a", "c", 0)) == 0);
    assert_true(last(e, 2) == 0); /* sorted: the 0 last */
    assert_close(num(e, "weight", 2), 0.25, 0.0);
    flow_table_free(e);
    for (int mode = FLOW_LENGTH_UNIT; mode <= FLOW_LENGTH_WEIGHT; mode++) {
        assert_flow_ok(flow_bottleneck_edge_betweenness(&e, sel, mode));
        for (size_t i = 0; i < 3; i++) assert_close(last(e, i), 1, 0.0);
        flow_table_free(e);
    }
    e = (flow_table *)(void *)&e;
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_edge_betweenness(&e, sel, 7));
    assert_null(e);
    assert_flow_fails(FLOW_EINVAL, flow_bottleneck_edge_betweenness(NULL, sel, 0));
    assert_flow_fails(FLOW_EMISUSE, flow_bottleneck_edge_betweenness(&e, NULL, 0));
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- cross-checks on random multi-factor networks ------------------------- */

/*
 * Parses the selection settings passed to the oracles:
 *   "directed=1;years=2019-2021;factors=talent,technology;combine=share;
 *    sources=N00,N01;sinks=N30"
 * (every key optional) and applies them to a fresh selection.
 */
typedef struct {
    int directed, y0, y1, share;
    const char *factors[3];
    size_t nfactors;
    const char *sources[4], *sinks[4];
    size_t nsources, nsinks;
} config;

static void config_string(char *buf, size_t size, const config *c)
{
    int n = snprintf(buf, size, "directed=%d;combine=%s", c->directed, c->share ? "share" : "sum");
    if (c->y0 != FLOW_NO_YEAR) n += snprintf(buf + n, size - (size_t)n, ";years=%d-%d", c->y0, c->y1);
    if (c->nfactors) {
        n += snprintf(buf + n, size - (size_t)n, ";factors=");
        for (size_t i = 0; i < c->nfactors; i++)
            n += snprintf(buf + n, size - (size_t)n, "%s%s", i ? "," : "", c->factors[i]);
    }
    if (c->nsources) {
        n += snprintf(buf + n, size - (size_t)n, ";sources=");
        for (size_t i = 0; i < c->nsources; i++)
            n += snprintf(buf + n, size - (size_t)n, "%s%s", i ? "," : "", c->sources[i]);
        n += snprintf(buf + n, size - (size_t)n, ";sinks=");
        for (size_t i = 0; i < c->nsinks; i++)
            n += snprintf(buf + n, size - (size_t)n, "%s%s", i ? "," : "", c->sinks[i]);
    }
    assert_true((size_t)n < size);
}

static flow_selection *config_selection(flow_network *net, const config *c)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_directed(sel, c->directed));
    if (c->nfactors) assert_flow_ok(flow_selection_set_factors(sel, c->factors, c->nfactors));
    if (c->y0 != FLOW_NO_YEAR) assert_flow_ok(flow_selection_set_years(sel, c->y0, c->y1));
    if (c->share) assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    assert_flow_ok(flow_selection_build(sel));
    return sel;
}

/* Python preamble shared by the random-network oracles: reads the raw rows
 * (argv[1]) and the settings (argv[2]) and aggregates them on its own into
 * `parts` ((pair, factor) -> weight) and `edges` (pair -> weight); pairs
 * are (source, target), or (lower id, higher id) when undirected. */
#define ORACLE_PREAMBLE                                                                    \
    "import sys\n"                                                                         \
    "try:\n"                                                                               \
    "    import networkx as nx\n"                                                          \
    "except ImportError:\n"                                                                \
    "    sys.exit(77)\n"                                                                   \
    "cfg = dict(kv.split('=', 1) for kv in sys.argv[2].split(';'))\n"                      \
    "directed = cfg['directed'] == '1'\n"                                                  \
    "years = tuple(map(int, cfg['years'].split('-'))) if 'years' in cfg else None\n"       \
    "factors = set(cfg['factors'].split(',')) if 'factors' in cfg else None\n"             \
    "rows = []\n"                                                                          \
    "for line in open(sys.argv[1]):\n"                                                     \
    "    s, t, f, w, y = line.rstrip('\\n').split('\\t')\n"                                \
    "    if factors is not None and f not in factors: continue\n"                          \
    "    if years is not None and (y == '' or not years[0] <= int(y) <= years[1]): continue\n" \
    "    rows.append((s, t, f, float(w)))\n"                                               \
    "scale = {}\n"                                                                         \
    "if cfg['combine'] == 'share':\n"                                                      \
    "    tot = {}\n"                                                                       \
    "    for s, t, f, w in rows: tot[f] = tot.get(f, 0.0) + w\n"                           \
    "    scale = {f: 1.0 / v for f, v in tot.items()}\n"                                   \
    "parts = {}\n"                                                                         \
    "for s, t, f, w in rows:\n"                                                            \
    "    if s == t: continue\n"                                                            \
    "    k = (s, t) if directed else (min(s, t), max(s, t))\n"                             \
    "    parts[(k, f)] = parts.get((k, f), 0.0) + w * scale.get(f, 1.0)\n"                 \
    "edges = {}\n"                                                                         \
    "for (k, f), w in parts.items(): edges[k] = edges.get(k, 0.0) + w\n"                   \
    "def graph(attr):\n"                                                                   \
    "    G = nx.DiGraph() if directed else nx.Graph()\n"                                   \
    "    for (s, t), w in edges.items(): G.add_edge(s, t, **{attr: w})\n"                  \
    "    return G\n"                                                                       \
    "S = cfg['sources'].split(',') if 'sources' in cfg else []\n"                          \
    "T = cfg['sinks'].split(',') if 'sinks' in cfg else []\n"                              \
    "def maxflow(G):\n"                                                                    \
    "    H = G.copy()\n"                                                                   \
    "    for s in S: H.add_edge('__S', s)\n" /* no capacity: infinite */                  \
    "    for t in T: H.add_edge(t, '__T')\n"                                               \
    "    return nx.maximum_flow_value(H, '__S', '__T')\n"

/* networkx 2.8 nx.maximum_flow_value (preflow-push) with an uncapacitated
 * super-source and super-sink; the per-factor sums of the raw rows. */
static const char maxflow_py[] = ORACLE_PREAMBLE
    "print('value %r' % maxflow(graph('capacity')))\n"
    "for ((s, t), f), w in sorted(parts.items()):\n"
    "    print('part %s %s %s %r' % (s, t, f, w))\n";

typedef struct {
    char s[16], t[16], f[16];
    double w;
} part_line;

static void check_random_cut(uint32_t seed, const config *c)
{
    random_row rows[RANDOM_ROWS];
    random_rows(rows, seed);
    char rows_path[512], cfg[512];
    temp_path(rows_path, sizeof rows_path, "bottleneck-rows");
    write_random_rows(rows_path, rows);
    config_string(cfg, sizeof cfg, c);
    char *out = run_python(maxflow_py, rows_path, cfg, NULL);
    unlink(rows_path);

    flow_network *net = random_network(rows);
    flow_selection *sel = config_selection(net, c);
    flow_table *cut = NULL, *withf = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, c->sources, c->nsources, c->sinks,
                                           c->nsinks, 0));
    const flow_table *bf = part(cut, "factor_edges");
    /* listing the flow changes nothing else: igraph's cut does not depend on it */
    assert_flow_ok(flow_bottleneck_min_cut(&withf, sel, c->sources, c->nsources, c->sinks,
                                           c->nsinks, 1));
    assert_true(flow_table_scalar(withf, "value") == flow_table_scalar(cut, "value"));
    assert_int_equal(flow_table_row_count(withf), flow_table_row_count(cut));
    for (size_t i = 0; i < flow_table_row_count(cut); i++) {
        assert_int_equal(ival(withf, "source", i), ival(cut, "source", i));
        assert_int_equal(ival(withf, "target", i), ival(cut, "target", i));
    }
    for (size_t v = 0; v < graph_vertex_count(sel); v++)
        assert_int_equal(side(withf, v), side(cut, v));
    /* the flow leaving the sources is the value */
    const flow_table *fl = part(withf, "flows");
    double out_of_sources = 0;
    for (size_t i = 0; i < flow_table_row_count(fl); i++) {
        size_t u = vtx(sel, txt(fl, "source", i)), w = vtx(sel, txt(fl, "target", i));
        assert_true(num(fl, "flow", i) > 0 && num(fl, "flow", i) <= num(fl, "weight", i));
        out_of_sources += (side(withf, u) == 1 && side(withf, w) == 0) ? num(fl, "flow", i) : 0;
        out_of_sources -= (side(withf, u) == 0 && side(withf, w) == 1) ? num(fl, "flow", i) : 0;
    }
    assert_close(out_of_sources, flow_table_scalar(cut, "value"), 1e-9);
    flow_table_free(withf);

    part_line *parts = calloc(2000, sizeof *parts);
    size_t np = 0;
    double value = NAN;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (sscanf(line, "value %lf", &value) == 1) continue;
        assert_true(np < 2000);
        assert_int_equal(sscanf(line, "part %15s %15s %15s %lf", parts[np].s, parts[np].t,
                                parts[np].f, &parts[np].w),
                         4);
        np++;
    }
    /* 1. the value: networkx's preflow-push, exact up to rounding */
    assert_true(value > 0);
    assert_close(flow_table_scalar(cut, "value"), value, 1e-9);
    /* 2. a genuine cut of that weight */
    assert_cut_separates(sel, cut, c->sources, c->nsources, c->sinks, c->nsinks);
    /* 3. each cut edge's factors are Python's per-factor sums for that pair */
    size_t listed = 0;
    for (size_t i = 0; i < flow_table_row_count(cut); i++) {
        const char *u = txt(cut, "source", i), *v = txt(cut, "target", i);
        const char *ks = u, *kt = v;
        if (!c->directed && strcmp(u, v) > 0) {
            ks = v;
            kt = u;
        }
        double sum = 0;
        for (size_t j = 0; j < np; j++) {
            if (strcmp(parts[j].s, ks) || strcmp(parts[j].t, kt)) continue;
            int64_t f = flow_network_factor_index(net, parts[j].f);
            size_t k = 0;
            for (; k < flow_table_row_count(bf); k++)
                if (!strcmp(txt(bf, "source", k), u) &&
                    !strcmp(txt(bf, "target", k), v) &&
                    flow_network_factor_index(net, txt(bf, "factor", k)) == f)
                    break;
            assert_true(k < flow_table_row_count(bf));
            assert_close(num(bf, "weight", k), parts[j].w, 1e-9);
            sum += parts[j].w;
            listed++;
        }
        assert_close(sum, num(cut, "weight", i), 1e-9);
    }
    assert_int_equal(listed, flow_table_row_count(bf)); /* nothing extra listed */
    assert_true(listed >= flow_table_row_count(cut));
    free(parts);
    free(out);
    flow_table_free(cut);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_bottleneck__min_cut_matches_networkx(void **state)
{
    (void)state;
    config c = {1, FLOW_NO_YEAR, FLOW_NO_YEAR, 0, {NULL}, 0, {"N00", "N01", "N02"},
                {"N30", "N31"}, 3, 2};
    /* every factor, all years, directed */
    check_random_cut(20240611u, &c);
    check_random_cut(7u, &c);
    /* undirected */
    c.directed = 0;
    check_random_cut(20240611u, &c);
    /* two factors, a year range, shares */
    c.directed = 1;
    c.factors[0] = "talent";
    c.factors[1] = "technology";
    c.nfactors = 2;
    c.y0 = 2019;
    c.y1 = 2021;
    c.share = 1;
    check_random_cut(99u, &c);
    c.directed = 0;
    c.sources[0] = "N05";
    c.nsources = 1;
    c.sinks[0] = "N17";
    c.sinks[1] = "N23";
    c.sinks[2] = "N35";
    c.nsinks = 3;
    check_random_cut(123456u, &c);
}

/*
 * The per-edge flow on random graphs with real-valued weights, against C
 * igraph (python-igraph 0.10's Graph.maxflow, igraph_maxflow's
 * push-relabel, on the selection's edges as libflow poses the problem: an
 * undirected edge as two arcs, a super-source and a super-sink of capacity
 * 2 * total + 1): the same value (relative 1e-9) and the same sides (the
 * vertices that cannot reach the sink in the residual graph); and the flow
 * itself checked in C: every listed flow within (0, weight], at most one
 * row per edge, the net flow conserved at every vertex that is not a
 * source or a sink, and the value leaving the sources and reaching the
 * sinks.
 */
static const char igraph_maxflow_py[] =
    "import sys\n"
    "try:\n"
    "    import igraph as ig\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "lines = open(sys.argv[1]).read().split('\\n')\n"
    "nv, directed = map(int, lines[0].split())\n"
    "S = [int(x) for x in lines[1].split()]\n"
    "T = [int(x) for x in lines[2].split()]\n"
    "edges, cap = [], []\n"
    "for l in lines[3:]:\n"
    "    if not l: continue\n"
    "    u, v, w = l.split()\n"
    "    u, v, w = int(u), int(v), float(w)\n"
    "    edges.append((u, v)); cap.append(w)\n"
    "    if not directed:\n"
    "        edges.append((v, u)); cap.append(w)\n"
    "big = 2 * sum(cap) + 1\n"
    "edges += [(nv, s) for s in S] + [(t, nv + 1) for t in T]\n"
    "cap += [big] * (len(S) + len(T))\n"
    "g = ig.Graph(n=nv + 2, edges=edges, directed=True)\n"
    "f = g.maxflow(nv, nv + 1, capacity=cap)\n"
    "print('value %r' % f.value)\n"
    "src = set(f.partition[0])\n"
    "print('sides ' + ''.join('1' if v in src else '0' for v in range(nv)))\n";

static void check_flow_against_igraph(uint32_t seed, int directed, size_t nodes, size_t rows)
{
    flow_network *net = new_network();
    uint32_t st = seed;
    char s[16], t[16];
    for (size_t i = 0; i < rows; i++) {
        /* skewed ends (more flows at low numbers), real-valued heavy-tailed
         * weights: no sum is exact, so ties and rounding are those of real
         * data */
        double a = (double)lcg_next(&st) / 16777216.0, b = (double)lcg_next(&st) / 16777216.0;
        snprintf(s, sizeof s, "V%03zu", (size_t)(a * a * (double)nodes));
        snprintf(t, sizeof t, "V%03zu", (size_t)(b * (double)nodes));
        double u = ((double)lcg_next(&st) + 1) / 16777217.0;
        add(net, s, t, random_factors[lcg_next(&st) % 3], 0.1 / pow(u, 0.7), FLOW_NO_YEAR);
    }
    flow_selection *sel = select_all(net, directed);
    const char *S[] = {"V000", "V001", "V002"}, *T[3];
    char tn[3][16];
    for (int i = 0; i < 3; i++) {
        snprintf(tn[i], sizeof tn[i], "V%03zu", nodes - 1 - 7 * (size_t)i);
        T[i] = tn[i];
    }
    flow_table *cut = NULL, *withf = NULL;
    assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 3, T, 3, 0));
    assert_flow_ok(flow_bottleneck_min_cut(&withf, sel, S, 3, T, 3, 1));
    double value = flow_table_scalar(withf, "value");
    assert_true(value > 0);
    assert_true(value == flow_table_scalar(cut, "value"));
    assert_cut_separates(sel, withf, S, 3, T, 3);

    /* igraph's value and sides */
    graph_view g = graph_view_of(sel);
    char path[512];
    temp_path(path, sizeof path, "bottleneck-maxflow");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%zu %d\n", g.nv, directed);
    for (int i = 0; i < 3; i++) fprintf(f, "%zu ", vtx(sel, S[i]));
    fprintf(f, "\n");
    for (int i = 0; i < 3; i++) fprintf(f, "%zu ", vtx(sel, T[i]));
    fprintf(f, "\n");
    for (size_t e = 0; e < g.ne; e++)
        fprintf(f, "%lld %lld %.17g\n", (long long)g.source[e], (long long)g.target[e],
                g.weight[e]);
    assert_int_equal(fclose(f), 0);
    char *out = run_python(igraph_maxflow_py, path, NULL, NULL);
    unlink(path);
    double ivalue = NAN;
    char *sides = strstr(out, "sides ");
    assert_int_equal(sscanf(out, "value %lf", &ivalue), 1);
    assert_non_null(sides);
    sides += 6;
    assert_close(value, ivalue, 1e-9);
    for (size_t v = 0; v < g.nv; v++) {
        assert_int_equal(side(cut, v), sides[v] - '0');
        assert_int_equal(side(withf, v), sides[v] - '0');
    }
    free(out);

    /* the flow: capacities, one row per edge, conservation */
    const flow_table *fl = part(withf, "flows");
    double *net_out = calloc(g.nv, sizeof *net_out);
    char *listed = calloc(g.ne ? g.ne : 1, 1);
    assert_true(net_out && listed);
    for (size_t i = 0; i < flow_table_row_count(fl); i++) {
        size_t u = vtx(sel, txt(fl, "source", i)), v = vtx(sel, txt(fl, "target", i));
        double x = num(fl, "flow", i), w = num(fl, "weight", i);
        assert_true(x > 0 && x <= w);
        size_t e = 0;
        for (; e < g.ne; e++)
            if (((size_t)g.source[e] == u && (size_t)g.target[e] == v) ||
                (!directed && (size_t)g.source[e] == v && (size_t)g.target[e] == u))
                break;
        assert_true(e < g.ne);
        assert_true(g.weight[e] == w);
        assert_int_equal(listed[e], 0);
        listed[e] = 1;
        net_out[u] += x;
        net_out[v] -= x;
    }
    assert_true(flow_table_row_count(fl) > 3);
    double from_sources = 0, into_sinks = 0;
    for (size_t v = 0; v < g.nv; v++) {
        int role = 0;
        for (int i = 0; i < 3; i++) {
            role += vtx(sel, S[i]) == v;
            role -= vtx(sel, T[i]) == v;
        }
        if (role > 0)
            from_sources += net_out[v];
        else if (role < 0)
            into_sinks -= net_out[v];
        else
            assert_close(net_out[v], 0, 1e-9 * value);
    }
    assert_close(from_sources, value, 1e-9);
    assert_close(into_sinks, value, 1e-9);
    free(net_out);
    free(listed);
    graph_view_free(&g);
    flow_table_free(cut);
    flow_table_free(withf);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_bottleneck__min_cut_flow_matches_igraph(void **state)
{
    (void)state;
    check_flow_against_igraph(1u, 1, 200, 2000);
    check_flow_against_igraph(2u, 0, 200, 2000);
    check_flow_against_igraph(3u, 1, 600, 3000);
    check_flow_against_igraph(4u, 0, 600, 3000);
    check_flow_against_igraph(5u, 1, 60, 1500); /* dense */
}

/*
 * Critical nodes/edges by brute force in networkx: remove each vertex (not
 * a source or sink) / each edge and recompute nx.maximum_flow_value; and
 * the connected flow loss from the definition: the heaviest (weakly)
 * connected component's total weight (sum of edge weights over
 * nx.weakly_connected_components / nx.connected_components), before and
 * after removal.
 */
static const char critical_py[] = ORACLE_PREAMBLE
    "G = graph('capacity')\n"
    "def heaviest(H):\n"
    "    comps = nx.weakly_connected_components(H) if directed else nx.connected_components(H)\n"
    "    best = 0.0\n"
    "    for comp in comps:\n"
    "        best = max(best, sum(d['capacity'] for u, v, d in H.subgraph(comp).edges(data=True)))\n"
    "    return best\n"
    "sets = bool(S)\n"
    "base = maxflow(G) if sets else heaviest(G)\n"
    "for x in sorted(G.nodes()):\n"
    "    if x in S or x in T: continue\n"
    "    H = G.copy(); H.remove_node(x)\n"
    "    print('node %s %r' % (x, base - (maxflow(H) if sets else heaviest(H))))\n"
    "for (s, t) in sorted(edges):\n"
    "    H = G.copy(); H.remove_edge(s, t)\n"
    "    print('edge %s %s %r' % (s, t, base - (maxflow(H) if sets else heaviest(H))))\n";

static void check_random_critical(uint32_t seed, const config *c)
{
    random_row rows[RANDOM_ROWS];
    random_rows(rows, seed);
    char rows_path[512], cfg[512];
    temp_path(rows_path, sizeof rows_path, "bottleneck-rows");
    write_random_rows(rows_path, rows);
    config_string(cfg, sizeof cfg, c);
    char *out = run_python(critical_py, rows_path, cfg, NULL);
    unlink(rows_path);

    flow_network *net = random_network(rows);
    flow_selection *sel = config_selection(net, c);
    flow_table *n = NULL;
    flow_table *e = NULL;
    assert_flow_ok(flow_bottleneck_critical_nodes(&n, sel, c->sources, c->nsources, c->sinks,
                                                  c->nsinks));
    assert_flow_ok(flow_bottleneck_critical_edges(&e, sel, c->sources, c->nsources, c->sinks,
                                                  c->nsinks));
    size_t nodes = 0, edges = 0, positive = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char s[16], t[16];
        double w;
        if (sscanf(line, "node %15s %lf", s, &w) == 2) {
            assert_close(score(n, sel, s), w, 1e-9);
            nodes++;
            positive += w > 1e-9;
        } else {
            assert_int_equal(sscanf(line, "edge %15s %15s %lf", s, t, &w), 3);
            long i = find_edge(e, s, t, !c->directed);
            assert_true(i >= 0);
            assert_close(last(e, (size_t)i), w, 1e-9);
            edges++;
        }
    }
    assert_int_equal(edges, flow_table_row_count(e));
    /* Python saw every vertex with an edge, except the sources and sinks */
    graph_view g = graph_view_of(sel);
    size_t nv = g.nv, linked = 0;
    char *has_edge = calloc(nv, 1);
    for (size_t k = 0; k < g.ne; k++) {
        has_edge[g.source[k]] = 1;
        has_edge[g.target[k]] = 1;
    }
    for (size_t v = 0; v < nv; v++) linked += has_edge[v];
    free(has_edge);
    graph_view_free(&g);
    assert_int_equal(nodes + c->nsources + c->nsinks, linked);
    assert_true(positive >= 1); /* the ranking is not trivially 0 */
    /* sources / sinks NAN; vertices absent from the Python graph (no edge) 0 */
    for (size_t i = 0; i < c->nsources; i++) assert_true(isnan(score(n, sel, c->sources[i])));
    for (size_t i = 0; i < c->nsinks; i++) assert_true(isnan(score(n, sel, c->sinks[i])));
    assert_true(score(n, sel, "N38") == 0);
    /* sorted descending */
    for (size_t i = 1; i < flow_table_row_count(e); i++)
        assert_true(last(e, i - 1) >= last(e, i));
    free(out);
    flow_table_free(n);
    flow_table_free(e);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_bottleneck__critical_match_networkx_brute_force(void **state)
{
    (void)state;
    /* max flow loss */
    config c = {1, FLOW_NO_YEAR, FLOW_NO_YEAR, 0, {"capital"}, 1, {"N00", "N01"}, {"N30", "N31"},
                2, 2};
    check_random_critical(20240611u, &c);
    c.directed = 0;
    check_random_critical(31u, &c);
    /* connected flow loss: a sparse selection (one factor, one year) so that
     * there are cut vertices and bridges */
    config d = {1, 2020, 2020, 0, {"talent"}, 1, {NULL}, {NULL}, 0, 0};
    check_random_critical(20240611u, &d);
    d.directed = 0;
    d.factors[0] = "technology";
    check_random_critical(5u, &d);
}

/*
 * Widest path by brute force: the largest threshold among the edge weights
 * for which the subgraph of edges >= threshold still has a path (binary
 * search with nx.has_path), then among nx.all_shortest_paths of that
 * subgraph the lexicographically smallest (ids N00..N39 sort like their
 * vertex indexes).
 */
static const char widest_py[] = ORACLE_PREAMBLE
    "G = graph('weight')\n"
    "ws = sorted(set(edges.values()))\n"
    "def sub(thr):\n"
    "    H = nx.DiGraph() if directed else nx.Graph()\n"
    "    H.add_edges_from((u, v) for u, v, d in G.edges(data=True) if d['weight'] >= thr)\n"
    "    return H\n"
    "def ok(H, s, t): return s in H and t in H and nx.has_path(H, s, t)\n"
    "for s, t in zip(S, T):\n"
    "    lo, hi = 0, len(ws) - 1\n"
    "    if not ok(sub(ws[0]), s, t):\n"
    "        print('path %s %s 0 -' % (s, t)); continue\n"
    "    while lo < hi:\n"
    "        mid = (lo + hi + 1) // 2\n"
    "        if ok(sub(ws[mid]), s, t): lo = mid\n"
    "        else: hi = mid - 1\n"
    "    H = sub(ws[lo])\n"
    "    best = min(nx.all_shortest_paths(H, s, t))\n"
    "    print('path %s %s %r %s' % (s, t, ws[lo], ','.join(best)))\n";

static size_t check_random_widest(uint32_t seed, const config *c)
{
    random_row rows[RANDOM_ROWS];
    random_rows(rows, seed);
    char rows_path[512], cfg[512];
    temp_path(rows_path, sizeof rows_path, "bottleneck-rows");
    write_random_rows(rows_path, rows);
    config_string(cfg, sizeof cfg, c);
    char *out = run_python(widest_py, rows_path, cfg, NULL);
    unlink(rows_path);

    flow_network *net = random_network(rows);
    flow_selection *sel = config_selection(net, c);
    size_t checked = 0, found = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char s[16], t[16], seq[512];
        double w;
        assert_int_equal(sscanf(line, "path %15s %15s %lf %511s", s, t, &w, seq), 4);
        flow_table *p = NULL;
        assert_flow_ok(flow_bottleneck_widest_path(&p, sel, s, t));
        assert_true(flow_table_scalar(p, "width") == w); /* both are one of the weights */
        if (strcmp(seq, "-") == 0) {
            assert_int_equal(flow_table_row_count(p), 0);
        } else {
            found++;
            char mine[512] = "";
            for (size_t i = 0; i < flow_table_row_count(p); i++) {
                strcat(mine, i ? "," : "");
                strcat(mine, flow_table_text(p, 0, i));
            }
            assert_string_equal(mine, seq);
            double m = INFINITY;
            for (size_t i = 0; i + 1 < flow_table_row_count(p); i++)
                m = fmin(m, num(p, "weight_to_next", i));
            assert_true(m == w);
            assert_true(limit_weight(p) == w);
            assert_true(num(p, "weight_to_next", (size_t)limit(p)) == w);
        }
        flow_table_free(p);
        checked++;
    }
    assert_int_equal(checked, c->nsources);
    free(out);
    flow_selection_free(sel);
    flow_network_free(net);
    return found;
}

static void test_bottleneck__widest_path_matches_brute_force(void **state)
{
    (void)state;
    /* pairs (sources[i], sinks[i]); N38 has no flow at all */
    config c = {1, FLOW_NO_YEAR, FLOW_NO_YEAR, 0, {NULL}, 0, {"N00", "N07", "N13", "N38"},
                {"N30", "N21", "N02", "N01"}, 4, 4};
    size_t found = check_random_widest(20240611u, &c);
    c.directed = 0;
    found += check_random_widest(3u, &c);
    /* sparser: two factors and a year range, shares */
    c.directed = 1;
    c.factors[0] = "capital";
    c.factors[1] = "talent";
    c.nfactors = 2;
    c.y0 = 2019;
    c.y1 = 2022;
    c.share = 1;
    size_t sparse = check_random_widest(12u, &c);
    print_message("widest paths found: %zu dense, %zu sparse\n", found, sparse);
    assert_true(found >= 5);
    assert_true(sparse >= 1);
}

/*
 * networkx 2.8: nx.bridges and nx.articulation_points on the undirected
 * version (nx.Graph of the aggregated pairs); nx.immediate_dominators on
 * the directed graph (undirected: each edge both ways) from each source;
 * must-cross by brute force (x is reported iff no sink reachable before is
 * reachable from any source in G - x; positions ordered by hop distance
 * from the sources).
 */
static const char structure_py[] = ORACLE_PREAMBLE
    "G = graph('weight')\n"
    "U = nx.Graph()\n"
    "for (s, t), w in edges.items():\n"
    "    k = (min(s, t), max(s, t))\n"
    "    U.add_edge(*k, weight=U.edges[k]['weight'] + w if U.has_edge(*k) else w)\n"
    "for s, t in sorted((min(e), max(e)) for e in nx.bridges(U)):\n"
    "    print('bridge %s %s %r' % (s, t, U.edges[s, t]['weight']))\n"
    "for x in sorted(nx.articulation_points(U)): print('ap %s' % x)\n"
    "D = G if directed else G.to_directed()\n"
    "for s in S:\n"
    "    if s not in D: continue\n"
    "    for v, d in sorted(nx.immediate_dominators(D, s).items()):\n"
    "        print('idom %s %s %s' % (s, v, d))\n"
    "def reach(H):\n"
    "    r = set()\n"
    "    for s in S:\n"
    "        if s in H: r |= nx.descendants(H, s) | {s}\n"
    "    return r\n"
    "R = reach(D) & set(T)\n"
    "if not R: print('cross none')\n"
    "else:\n"
    "    dist = {}\n"
    "    for s in S:\n"
    "        if s in D:\n"
    "            for v, k in nx.single_source_shortest_path_length(D, s).items():\n"
    "                dist[v] = min(dist.get(v, k), k)\n"
    "    cross = []\n"
    "    for x in D.nodes():\n"
    "        if x in S or x in T: continue\n"
    "        H = D.copy(); H.remove_node(x)\n"
    "        if not (reach(H) & R): cross.append(x)\n"
    "    for i, x in enumerate(sorted(cross, key=lambda v: dist[v])):\n"
    "        print('cross %s %d' % (x, i + 1))\n";

static size_t check_random_structure(uint32_t seed, const config *c)
{
    random_row rows[RANDOM_ROWS];
    random_rows(rows, seed);
    char rows_path[512], cfg[512];
    temp_path(rows_path, sizeof rows_path, "bottleneck-rows");
    write_random_rows(rows_path, rows);
    config_string(cfg, sizeof cfg, c);
    char *out = run_python(structure_py, rows_path, cfg, NULL);
    unlink(rows_path);

    flow_network *net = random_network(rows);
    flow_selection *sel = config_selection(net, c);
    size_t nv = graph_vertex_count(sel);
    flow_table *br = NULL;
    flow_table *ap = NULL, *mc = NULL;
    assert_flow_ok(flow_bottleneck_bridges(&br, sel));
    assert_flow_ok(flow_bottleneck_articulation_points(&ap, sel));
    assert_flow_ok(flow_bottleneck_must_cross(&mc, sel, c->sources, c->nsources, c->sinks,
                                              c->nsinks));
    flow_table **dom = calloc(c->nsources, sizeof *dom);
    for (size_t i = 0; i < c->nsources; i++)
        assert_flow_ok(flow_bottleneck_dominators(&dom[i], sel, c->sources[i]));
    size_t nbridges = 0, naps = 0, ncross = 0;
    size_t *nidom = calloc(c->nsources, sizeof *nidom);
    int cross_none = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char a[16], b[16], d[16];
        double w;
        int k;
        if (sscanf(line, "bridge %15s %15s %lf", a, b, &w) == 3) {
            long i = find_edge(br, a, b, 0); /* listed lower vertex first */
            assert_true(i >= 0);
            assert_close(num(br, "weight", (size_t)i), w, 1e-12);
            nbridges++;
        } else if (sscanf(line, "ap %15s", a) == 1) {
            assert_true(score(ap, sel, a) == 1);
            naps++;
        } else if (sscanf(line, "idom %15s %15s %15s", a, b, d) == 3) {
            size_t i = 0;
            while (strcmp(c->sources[i], a)) i++;
            if (!strcmp(a, b))
                assert_is_root(dom[i], sel, b);
            else
                assert_string_equal(idom(dom[i], sel, b), d);
            nidom[i]++;
        } else if (strcmp(line, "cross none") == 0) {
            cross_none = 1;
        } else {
            assert_int_equal(sscanf(line, "cross %15s %d", a, &k), 2);
            assert_true(score(mc, sel, a) == k);
            ncross++;
        }
    }
    assert_int_equal(nbridges, flow_table_row_count(br));
    size_t mine = 0;
    for (size_t v = 0; v < nv; v++) mine += val(ap, v) == 1;
    assert_int_equal(naps, mine);
    /* vertices nx leaves out of the dominator dict are unreachable */
    for (size_t i = 0; i < c->nsources; i++) {
        size_t reachable = 0;
        for (size_t v = 0; v < nv; v++) reachable += ival(dom[i], "reached", v) == 1;
        assert_true(flow_table_scalar(dom[i], "reached") == (double)reachable);
        if (nidom[i]) assert_int_equal(reachable, nidom[i]);
        else assert_int_equal(reachable, 1); /* an isolated source reaches itself */
        flow_table_free(dom[i]);
    }
    mine = 0;
    for (size_t v = 0; v < nv; v++) {
        double x = val(mc, v);
        if (cross_none) assert_true(isnan(x));
        else mine += x > 0;
    }
    if (!cross_none) assert_int_equal(mine, ncross);
    print_message("seed %u: %zu bridges, %zu cut vertices, %zu must-cross%s\n", seed, nbridges,
                  naps, ncross, cross_none ? " (no sink reachable)" : "");
    free(dom);
    free(nidom);
    free(out);
    flow_table_free(br);
    flow_table_free(ap);
    flow_table_free(mc);
    flow_selection_free(sel);
    flow_network_free(net);
    return ncross;
}

static void test_bottleneck__structure_matches_networkx(void **state)
{
    (void)state;
    /* sparse selections have bridges, cut vertices and dominators */
    config c = {1, 2019, 2020, 0, {"talent"}, 1, {"N00", "N05"}, {"N30", "N11"}, 2, 2};
    check_random_structure(20240611u, &c); /* no sink reachable: NAN */
    c.directed = 0;
    assert_true(check_random_structure(20240611u, &c) > 0);
    /* one source, one sink, directed: vertices every path must cross */
    c.directed = 1;
    c.y1 = 2022;
    c.nsources = c.nsinks = 1;
    assert_true(check_random_structure(2u, &c) > 0);
}

/* networkx 2.8 nx.edge_betweenness_centrality(G, weight=..., normalized=False)
 * with length = 1/weight (line tag 0), None (hops, 1), weight (2). */
static const char betweenness_py[] = ORACLE_PREAMBLE
    "G = graph('weight')\n"
    "for u, v, d in G.edges(data=True): d['inv'] = 1.0 / d['weight']\n"
    "for mode, attr in ((0, 'inv'), (1, None), (2, 'weight')):\n"
    "    eb = nx.edge_betweenness_centrality(G, weight=attr, normalized=False)\n"
    "    for (s, t), b in sorted(eb.items()):\n"
    "        print('eb %d %s %s %r' % (mode, s, t, b))\n";

static void check_random_betweenness(uint32_t seed, const config *c)
{
    random_row rows[RANDOM_ROWS];
    random_rows(rows, seed);
    char rows_path[512], cfg[512];
    temp_path(rows_path, sizeof rows_path, "bottleneck-rows");
    write_random_rows(rows_path, rows);
    config_string(cfg, sizeof cfg, c);
    char *out = run_python(betweenness_py, rows_path, cfg, NULL);
    unlink(rows_path);

    flow_network *net = random_network(rows);
    flow_selection *sel = config_selection(net, c);
    const int modes[3] = {FLOW_LENGTH_INVERSE, FLOW_LENGTH_UNIT, FLOW_LENGTH_WEIGHT};
    flow_table *e[3] = {NULL, NULL, NULL};
    for (int m = 0; m < 3; m++)
        assert_flow_ok(flow_bottleneck_edge_betweenness(&e[m], sel, modes[m]));
    size_t n[3] = {0, 0, 0};
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char s[16], t[16];
        double b;
        int m;
        assert_int_equal(sscanf(line, "eb %d %15s %15s %lf", &m, s, t, &b), 4);
        assert_true(m >= 0 && m < 3);
        long i = find_edge(e[m], s, t, !c->directed);
        assert_true(i >= 0);
        assert_close(last(e[m], (size_t)i), b, 1e-9);
        n[m]++;
    }
    for (int m = 0; m < 3; m++) {
        assert_int_equal(n[m], flow_table_row_count(e[m]));
        assert_true(n[m] > 50);
        for (size_t i = 1; i < n[m]; i++)
            assert_true(last(e[m], i - 1) >= last(e[m], i));
        flow_table_free(e[m]);
    }
    free(out);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_bottleneck__edge_betweenness_matches_networkx(void **state)
{
    (void)state;
    config c = {1, FLOW_NO_YEAR, FLOW_NO_YEAR, 0, {NULL}, 0, {NULL}, {NULL}, 0, 0};
    check_random_betweenness(20240611u, &c);
    c.directed = 0;
    c.share = 1;
    c.y0 = 2018;
    c.y1 = 2021;
    check_random_betweenness(4u, &c);
}

/* ---- real data sets ------------------------------------------------------- */

/*
 * Reads a shared data set's flows.csv in Python (csv module), keeps the
 * factors in argv[2] ("" = all), aggregates an undirected simple graph
 * (weight = summed rows) and prints networkx 2.8's nx.bridges and
 * nx.articulation_points, nx.maximum_flow_value and the widest-path width
 * (brute force as above) for the pairs in argv[3] ("a:b,c:d"), and
 * nx.immediate_dominators from the first pair's source.
 */
static const char data_py[] =
    "import sys, csv\n"
    "try:\n"
    "    import networkx as nx\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "keep = set(sys.argv[2].split(',')) if sys.argv[2] else None\n"
    "U = nx.Graph()\n"
    "for r in csv.DictReader(open(sys.argv[1] + '/flows.csv', encoding='utf-8')):\n"
    "    if keep is not None and r['factor'] not in keep: continue\n"
    "    s, t = r['source'], r['target']\n"
    "    if s == t: continue\n"
    "    w = float(r['weight'])\n"
    "    U.add_edge(s, t, weight=U.edges[s, t]['weight'] + w if U.has_edge(s, t) else w)\n"
    "for s, t in nx.bridges(U): print('bridge %s %s' % (s, t))\n"
    "for x in nx.articulation_points(U): print('ap %s' % x)\n"
    "pairs = [p.split(':') for p in sys.argv[3].split(',')] if sys.argv[3] else []\n"
    "ws = sorted(set(d['weight'] for u, v, d in U.edges(data=True)))\n"
    "for s, t in pairs:\n"
    "    H = U.copy()\n"
    "    for u, v, d in H.edges(data=True): d['capacity'] = d['weight']\n"
    "    print('flow %s %s %r' % (s, t, nx.maximum_flow_value(H, s, t)))\n"
    "    best = 0\n"
    "    for thr in ws:\n"
    "        H = nx.Graph((u, v) for u, v, d in U.edges(data=True) if d['weight'] >= thr)\n"
    "        if s in H and t in H and nx.has_path(H, s, t): best = thr\n"
    "    print('width %s %s %r' % (s, t, best))\n"
    "if pairs:\n"
    "    for v, d in nx.immediate_dominators(U.to_directed(), pairs[0][0]).items():\n"
    "        print('idom %s %s' % (v, d))\n";

/* Checks one layer selection of a data set against the oracle; returns
 * (via the outs) the numbers of bridges and articulation points. */
static void check_data(const char *dir, const char *factors, const char *pairs, size_t *nbr,
                       size_t *nap)
{
    char *out = run_python(data_py, dir, factors, pairs);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    if (*factors) {
        const char *f[2] = {factors, NULL};
        char buf[64];
        size_t n = 1;
        const char *comma = strchr(factors, ',');
        if (comma) {
            snprintf(buf, sizeof buf, "%.*s", (int)(comma - factors), factors);
            f[0] = buf;
            f[1] = comma + 1;
            n = 2;
        }
        assert_flow_ok(flow_selection_set_factors(sel, f, n));
    }
    flow_table *br = NULL;
    flow_table *ap = NULL, *dom = NULL;
    assert_flow_ok(flow_bottleneck_bridges(&br, sel));
    assert_flow_ok(flow_bottleneck_articulation_points(&ap, sel));
    size_t bridges = 0, aps = 0, idoms = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char a[64], b[64];
        double w;
        if (sscanf(line, "bridge %63s %63s", a, b) == 2) {
            assert_true(find_edge(br, a, b, 1) >= 0);
            bridges++;
        } else if (sscanf(line, "ap %63s", a) == 1) {
            assert_true(score(ap, sel, a) == 1);
            aps++;
        } else if (sscanf(line, "flow %63s %63s %lf", a, b, &w) == 3) {
            const char *S[] = {a}, *T[] = {b};
            flow_table *cut = NULL;
            assert_flow_ok(flow_bottleneck_min_cut(&cut, sel, S, 1, T, 1, 0));
            assert_close(flow_table_scalar(cut, "value"), w, 1e-9);
            assert_cut_separates(sel, cut, S, 1, T, 1);
            flow_table_free(cut);
            if (!dom) assert_flow_ok(flow_bottleneck_dominators(&dom, sel, a));
        } else if (sscanf(line, "width %63s %63s %lf", a, b, &w) == 3) {
            flow_table *p = NULL;
            assert_flow_ok(flow_bottleneck_widest_path(&p, sel, a, b));
            assert_true(flow_table_scalar(p, "width") == w);
            flow_table_free(p);
        } else {
            assert_int_equal(sscanf(line, "idom %63s %63s", a, b), 2);
            if (!strcmp(a, b))
                assert_is_root(dom, sel, a);
            else
                assert_string_equal(idom(dom, sel, a), b);
            idoms++;
        }
    }
    assert_int_equal(bridges, flow_table_row_count(br));
    size_t mine = 0;
    for (size_t v = 0; v < flow_table_row_count(ap); v++) mine += val(ap, v) == 1;
    assert_int_equal(aps, mine);
    if (dom) {
        size_t reachable = 0;
        for (size_t v = 0; v < flow_table_row_count(dom); v++)
            reachable += ival(dom, "reached", v) == 1;
        assert_int_equal(reachable, idoms);
    }
    *nbr = bridges;
    *nap = aps;
    free(out);
    flow_table_free(br);
    flow_table_free(ap);
    flow_table_free(dom);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_bottleneck__florentine_families(void **state)
{
    (void)state;
    const char *dir = SHARED_DATA("florentine_families");
    skip_unless_exists(dir);
    size_t nb, na;
    /* README (networkx 2.8): marriage layer bridges Acciaiuoli-Medici,
     * Albizzi-Ginori, Guadagni-Lamberteschi, Medici-Salviati,
     * Pazzi-Salviati; articulation points Albizzi, Guadagni, Medici,
     * Salviati. */
    check_data(dir, "marriage", "Medici:Strozzi,Pazzi:Peruzzi", &nb, &na);
    assert_int_equal(nb, 5);
    assert_int_equal(na, 4);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    const char *marriage[] = {"marriage"};
    assert_flow_ok(flow_selection_set_factors(sel, marriage, 1));
    flow_table *br = NULL;
    assert_flow_ok(flow_bottleneck_bridges(&br, sel)); /* directed: collapsed */
    const char *pairs[][2] = {{"Acciaiuoli", "Medici"}, {"Albizzi", "Ginori"},
                              {"Guadagni", "Lamberteschi"}, {"Medici", "Salviati"},
                              {"Pazzi", "Salviati"}};
    assert_int_equal(flow_table_row_count(br), 5);
    for (size_t i = 0; i < 5; i++) assert_true(find_edge(br, pairs[i][0], pairs[i][1], 1) >= 0);
    flow_table_free(br);
    flow_table *ap = NULL;
    assert_flow_ok(flow_bottleneck_articulation_points(&ap, sel));
    const char *aps[] = {"Albizzi", "Guadagni", "Medici", "Salviati"};
    for (size_t i = 0; i < 4; i++) assert_true(score(ap, sel, aps[i]) == 1);
    flow_table_free(ap);
    flow_selection_free(sel);
    flow_network_free(net);
    /* README: business layer articulation points Barbadori, Medici */
    check_data(dir, "business", "", &nb, &na);
    assert_int_equal(na, 2);
    /* README: both layers merged: only bridge Acciaiuoli-Medici, only
     * articulation point Medici */
    check_data(dir, "", "Medici:Strozzi", &nb, &na);
    assert_int_equal(nb, 1);
    assert_int_equal(na, 1);
}

static void test_bottleneck__eu_air_transport(void **state)
{
    (void)state;
    const char *dir = SHARED_DATA("eu_air_transport");
    skip_unless_exists(dir);
    size_t nb, na;
    /* README (networkx 2.8): the aggregate has 72 bridges and 36
     * articulation points; the oracle also checks the exact sets. */
    check_data(dir, "", "EDDF:EGLL,EGSS:LEMD,LCLK:EDDM", &nb, &na);
    assert_int_equal(nb, 72);
    assert_int_equal(na, 36);
}

/* Regression: igraph stores an undirected edge with its larger vertex
 * first; undirected edge lists must still read source < target. */
static void test_bottleneck__undirected_edge_lists_have_lower_source(void **state)
{
    (void)state;
    flow_network *net = new_network();
    node(net, "a");
    node(net, "b");
    node(net, "c");
    assert_flow_ok(flow_network_add_flow(net, "c", "a", "x", 2, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_add_flow(net, "c", "b", "x", 1, FLOW_NO_YEAR));
    flow_selection *sel = select_all(net, 0);
    flow_table *e = NULL;
    assert_flow_ok(flow_bottleneck_edge_betweenness(&e, sel, FLOW_LENGTH_INVERSE));
    assert_int_equal(flow_table_row_count(e), 2);
    for (size_t i = 0; i < flow_table_row_count(e); i++)
        assert_true(ival(e, "source", i) < ival(e, "target", i));
    flow_table_free(e);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- self-loops ------------------------------------------------------------- */

static int same_value(double x, double y) { return (isnan(x) && isnan(y)) || x == y; }

#define assert_same_value(x, y)                                                        \
    do {                                                                               \
        double x_ = (x), y_ = (y);                                                     \
        if (!same_value(x_, y_)) {                                                     \
            print_error("%s = %.17g but %s = %.17g\n", #x, x_, #y, y_);                \
            fail();                                                                    \
        }                                                                              \
    } while (0)

/* Same columns (names, types, values), scalars and parts (recursively);
 * the metadata may differ (the networks' factor lists do). */
static void assert_same_tables(const flow_table *x, const flow_table *y)
{
    assert_string_equal(flow_table_name(x), flow_table_name(y));
    size_t n = flow_table_row_count(x);
    assert_int_equal(n, flow_table_row_count(y));
    assert_int_equal(flow_table_column_count(x), flow_table_column_count(y));
    for (size_t c = 0; c < flow_table_column_count(x); c++) {
        int type = flow_table_column_type(x, c);
        assert_string_equal(flow_table_column_name(x, c), flow_table_column_name(y, c));
        assert_int_equal(type, flow_table_column_type(y, c));
        for (size_t r = 0; r < n; r++) {
            if (type == FLOW_COLUMN_DOUBLE)
                assert_same_value(flow_table_doubles(x, c)[r], flow_table_doubles(y, c)[r]);
            else if (type == FLOW_COLUMN_TEXT)
                assert_string_equal(flow_table_text(x, c, r), flow_table_text(y, c, r));
            else
                assert_int_equal(flow_table_ints(x, c)[r], flow_table_ints(y, c)[r]);
        }
    }
    assert_int_equal(flow_table_scalar_count(x), flow_table_scalar_count(y));
    for (size_t i = 0; i < flow_table_scalar_count(x); i++) {
        const char *name = flow_table_scalar_name(x, i);
        assert_same_value(flow_table_scalar(x, name), flow_table_scalar(y, name));
    }
    assert_int_equal(flow_table_part_count(x), flow_table_part_count(y));
    for (size_t i = 0; i < flow_table_part_count(x); i++)
        assert_same_tables(flow_table_part_at(x, i), flow_table_part_at(y, i));
}

static void assert_same_paths(flow_selection *a, flow_selection *b, const char *from,
                              const char *to)
{
    flow_table *pa = NULL, *pb = NULL;
    assert_flow_ok(flow_bottleneck_widest_path(&pa, a, from, to));
    assert_flow_ok(flow_bottleneck_widest_path(&pb, b, from, to));
    assert_int_equal(flow_table_row_count(pa), flow_table_row_count(pb));
    for (size_t i = 0; i < flow_table_row_count(pa); i++) {
        assert_int_equal(ival(pa, "node", i), ival(pb, "node", i));
        assert_same_value(num(pa, "weight_to_next", i), num(pb, "weight_to_next", i));
    }
    assert_same_value(flow_table_scalar(pa, "width"), flow_table_scalar(pb, "width"));
    assert_int_equal(limit(pa), limit(pb));
    assert_int_equal(limit_node(pa, 0), limit_node(pb, 0));
    assert_int_equal(limit_node(pa, 1), limit_node(pb, 1));
    assert_same_value(limit_weight(pa), limit_weight(pb));
    assert_same_tables(pa, pb);
    flow_table_free(pa);
    flow_table_free(pb);
}

/* The funnel plus a pendant t -> u 3 (a bridge), and with `loops` heavy
 * self-loops, heavier than any edge, in several factors and years: on the
 * source s, on c (an end of both cut edges), on the sink t, on u and on the
 * isolated "lone". Nodes are in the same order either way. */
static flow_network *funnel_with_loops(int loops)
{
    flow_network *net = funnel();
    add(net, "t", "u", "technology", 3, FLOW_NO_YEAR);
    if (loops) {
        add(net, "s", "s", "technology", 1000, FLOW_NO_YEAR);
        add(net, "c", "c", "technology", 500, FLOW_NO_YEAR);
        add(net, "c", "c", "capital", 250, 2020);
        add(net, "t", "t", "talent", 100, 2021);
        add(net, "u", "u", "technology", 40, FLOW_NO_YEAR);
        add(net, "lone", "lone", "capital", 70, 2020);
    }
    return net;
}

/*
 * Self-loop convention, stated in bottleneck.h (CONVENTIONS: "self-loops:
 * the selection graph has none; intra-node flows
 * (flow_selection_table(), part "vertices") take no part in any
 * analysis here") and
 * selection.h ("self-loops: ... are not edges of the graph"). The same
 * network with and without self-loops gives identical results from every
 * function of the module, directed and undirected: min cut (value, sides,
 * cut edges, their factor breakdown, the flow), widest paths, bridges,
 * articulation points, dominators, must-cross vertices, critical nodes and
 * edges (with and without sets: a loop would add to the connected flow),
 * and edge betweenness for every length mode.
 */
static void test_bottleneck__self_loops_change_nothing(void **state)
{
    (void)state;
    flow_network *plain = funnel_with_loops(0), *looped = funnel_with_loops(1);
    assert_int_equal(flow_network_flow_count(looped), flow_network_flow_count(plain) + 6);
    const char *S[] = {"s"}, *T[] = {"t"};
    for (int directed = 0; directed <= 1; directed++) {
        flow_selection *a = select_all(plain, directed), *b = select_all(looped, directed);
        /* the loops are internal flow, not edges */
        graph_view ga = graph_view_of(a), gb = graph_view_of(b);
        assert_int_equal(ga.nv, gb.nv);
        assert_int_equal(ga.ne, gb.ne);
        for (size_t e = 0; e < ga.ne; e++) {
            assert_int_equal(ga.source[e], gb.source[e]);
            assert_int_equal(ga.target[e], gb.target[e]);
            assert_true(ga.weight[e] == gb.weight[e]);
        }
        graph_view_free(&ga);
        graph_view_free(&gb);
        assert_true(graph_internal(b, vtx(b, "c")) == 750);
        assert_true(graph_internal(b, vtx(b, "lone")) == 70);
        assert_true(graph_internal(a, vtx(a, "c")) == 0);

        /* min cut s -> t: value, sides, cut edges, their factor breakdown,
         * the flow */
        flow_table *ca = NULL, *cb = NULL;
        assert_flow_ok(flow_bottleneck_min_cut(&ca, a, S, 1, T, 1, 1));
        assert_flow_ok(flow_bottleneck_min_cut(&cb, b, S, 1, T, 1, 1));
        if (directed) assert_true(flow_table_scalar(cb, "value") == 3);
        assert_same_value(flow_table_scalar(ca, "value"), flow_table_scalar(cb, "value"));
        assert_int_equal(flow_table_part_count(ca), 3);
        assert_same_tables(ca, cb);
        flow_table_free(ca);
        flow_table_free(cb);

        /* widest paths: through the loops' vertices, to and from them,
         * unreachable (directed t -> s) and from the isolated vertex */
        assert_same_paths(a, b, "s", "t");
        assert_same_paths(a, b, "s", "u");
        assert_same_paths(a, b, "a", "c");
        assert_same_paths(a, b, "t", "s");
        assert_same_paths(a, b, "lone", "s");

        /* bridges, articulation points */
        flow_table *ea = NULL, *eb = NULL;
        assert_flow_ok(flow_bottleneck_bridges(&ea, a));
        assert_flow_ok(flow_bottleneck_bridges(&eb, b));
        assert_same_tables(ea, eb);
        assert_true(find_edge(eb, "t", "u", 0) >= 0);
        flow_table_free(ea);
        flow_table_free(eb);
        assert_flow_ok(flow_bottleneck_articulation_points(&ea, a));
        assert_flow_ok(flow_bottleneck_articulation_points(&eb, b));
        assert_same_tables(ea, eb);
        flow_table_free(ea);
        flow_table_free(eb);

        /* dominators, must-cross */
        assert_flow_ok(flow_bottleneck_dominators(&ea, a, "s"));
        assert_flow_ok(flow_bottleneck_dominators(&eb, b, "s"));
        assert_same_tables(ea, eb);
        flow_table_free(ea);
        flow_table_free(eb);
        assert_flow_ok(flow_bottleneck_must_cross(&ea, a, S, 1, T, 1));
        assert_flow_ok(flow_bottleneck_must_cross(&eb, b, S, 1, T, 1));
        assert_same_tables(ea, eb);
        flow_table_free(ea);
        flow_table_free(eb);

        /* critical nodes and edges, with the sets and without */
        for (int sets = 0; sets <= 1; sets++) {
            size_t n = sets ? 1 : 0;
            assert_flow_ok(flow_bottleneck_critical_nodes(&ea, a, sets ? S : NULL, n,
                                                          sets ? T : NULL, n));
            assert_flow_ok(flow_bottleneck_critical_nodes(&eb, b, sets ? S : NULL, n,
                                                          sets ? T : NULL, n));
            assert_same_tables(ea, eb);
            flow_table_free(ea);
            flow_table_free(eb);
            assert_flow_ok(flow_bottleneck_critical_edges(&ea, a, sets ? S : NULL, n,
                                                          sets ? T : NULL, n));
            assert_flow_ok(flow_bottleneck_critical_edges(&eb, b, sets ? S : NULL, n,
                                                          sets ? T : NULL, n));
            assert_same_tables(ea, eb);
            flow_table_free(ea);
            flow_table_free(eb);
        }

        /* edge betweenness, every length mode */
        const int lengths[] = {FLOW_LENGTH_INVERSE, FLOW_LENGTH_UNIT, FLOW_LENGTH_WEIGHT};
        for (size_t l = 0; l < 3; l++) {
            assert_flow_ok(flow_bottleneck_edge_betweenness(&ea, a, lengths[l]));
            assert_flow_ok(flow_bottleneck_edge_betweenness(&eb, b, lengths[l]));
            assert_same_tables(ea, eb);
            flow_table_free(ea);
            flow_table_free(eb);
        }
        flow_selection_free(a);
        flow_selection_free(b);
    }
    flow_network_free(plain);
    flow_network_free(looped);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bottleneck__min_cut_funnel),
        cmocka_unit_test(test_bottleneck__min_cut_lists_factors_of_cut_edges),
        cmocka_unit_test(test_bottleneck__min_cut_undirected),
        cmocka_unit_test(test_bottleneck__min_cut_unreachable_sink_is_zero),
        cmocka_unit_test(test_bottleneck__min_cut_bad_arguments),
        cmocka_unit_test(test_bottleneck__extreme_weights_are_refused),
        cmocka_unit_test(test_bottleneck__min_cut_after_roll_up),
        cmocka_unit_test(test_bottleneck__results_outlive_selection_and_network),
        cmocka_unit_test(test_bottleneck__widest_path_picks_the_widest),
        cmocka_unit_test(test_bottleneck__widest_path_ties),
        cmocka_unit_test(test_bottleneck__widest_path_bad_arguments),
        cmocka_unit_test(test_bottleneck__bridges_and_articulation_points),
        cmocka_unit_test(test_bottleneck__dominators),
        cmocka_unit_test(test_bottleneck__must_cross),
        cmocka_unit_test(test_bottleneck__critical_max_flow_loss),
        cmocka_unit_test(test_bottleneck__critical_connected_flow_loss),
        cmocka_unit_test(test_bottleneck__critical_progress_and_interruption),
        cmocka_unit_test(test_bottleneck__edge_betweenness_lengths),
        cmocka_unit_test(test_bottleneck__min_cut_matches_networkx),
        cmocka_unit_test(test_bottleneck__min_cut_flow_matches_igraph),
        cmocka_unit_test(test_bottleneck__critical_match_networkx_brute_force),
        cmocka_unit_test(test_bottleneck__widest_path_matches_brute_force),
        cmocka_unit_test(test_bottleneck__structure_matches_networkx),
        cmocka_unit_test(test_bottleneck__edge_betweenness_matches_networkx),
        cmocka_unit_test(test_bottleneck__florentine_families),
        cmocka_unit_test(test_bottleneck__eu_air_transport),
        cmocka_unit_test(test_bottleneck__undirected_edge_lists_have_lower_source),
        cmocka_unit_test(test_bottleneck__self_loops_change_nothing),
    };
    return cmocka_run_group_tests_name("bottleneck", tests, NULL, NULL);
}

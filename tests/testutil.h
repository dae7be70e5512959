/*
 * Shared helpers for the cmocka suites.
 *
 * assert_flow_ok(expr)          expr must return FLOW_OK; prints the last
 *                               error otherwise.
 * assert_flow_fails(code, expr) expr must return `code` and leave a
 *                               non-empty message.
 * assert_error_contains(text)   the last error message contains `text`.
 * FIXTURE(name)                 path of tests/fixtures/<name>.
 * SHARED_DATA(name)             path of ../shared/data/<name> (may be
 *                               absent: use skip_unless_exists()).
 * write_file(path, text)        writes the string to path (created or
 *                               replaced), asserting every step.
 *
 * Cells of the network's tables (flow_network_table()), one at a time, for
 * assertions on small networks (each call builds the part and frees it;
 * read large parts in bulk instead):
 * net_text(net, part, col, r)   text cell, or a node cell as the node's id
 *                               (borrowed from the network: valid while it
 *                               lives); NULL when missing.
 * net_double(net, part, col, r) double cell; NAN when out of range.
 * net_int(net, part, col, r)    int or node cell (node index); -1 when out
 *                               of range.
 * net_rows(net, part)           number of rows of a part.
 * net_attr_count(net)           number of attribute columns of "nodes".
 * Cells of a selection's graph table (flow_selection_table()), the same
 * way; they build the graph and give 0 / -1 / NAN when that fails:
 * graph_edge_count(sel), graph_vertex_count(sel);
 * graph_source(sel, e), graph_target(sel, e), graph_weight(sel, e): edge
 *                               e's vertices and weight;
 * graph_node(sel, v)            network node of vertex v;
 * graph_internal(sel, v)        intra-node weight of vertex v;
 * graph_vertex(sel, i)          vertex of network node i.
 * graph_view g = graph_view_of(sel) reads the whole graph at once (the
 * columns of flow_selection_table() as arrays: g.source[e], g.target[e]
 * (vertices), g.weight[e], g.node[v], g.internal[v], g.vertex[i]; g.ne
 * edges, g.nv vertices, g.nn network nodes); graph_view_free(&g).
 * write_vertex_ids(f, sel)      writes the node id of each vertex, one a
 *                               line, in vertex order.
 */
#ifndef LIBFLOW_TESTUTIL_H
#define LIBFLOW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "libflow.h"

#ifndef FLOW_TEST_FIXTURES
#define FLOW_TEST_FIXTURES "tests/fixtures"
#endif
#ifndef FLOW_SHARED_DATA
#define FLOW_SHARED_DATA "../shared/data"
#endif

#define FIXTURE(name) FLOW_TEST_FIXTURES "/" name
#define SHARED_DATA(name) FLOW_SHARED_DATA "/" name

#define assert_flow_ok(expr)                                                           \
    do {                                                                               \
        int rc_ = (expr);                                                              \
        if (rc_ != FLOW_OK) {                                                          \
            print_error("%s returned %d: %s\n", #expr, rc_, flow_last_error());        \
            fail();                                                                    \
        }                                                                              \
    } while (0)

#define assert_flow_fails(code, expr)                                                  \
    do {                                                                               \
        flow_error_clear();                                                            \
        int rc_ = (expr);                                                              \
        if (rc_ != (code)) {                                                           \
            print_error("%s returned %d (%s), expected %d\n", #expr, rc_,              \
                        flow_last_error(), (int)(code));                               \
            fail();                                                                    \
        }                                                                              \
        assert_true(flow_last_error()[0] != '\0');                                     \
        assert_int_equal(flow_last_error_code(), (code));                              \
    } while (0)

#define assert_error_contains(text)                                                    \
    do {                                                                               \
        if (!strstr(flow_last_error(), (text))) {                                      \
            print_error("message \"%s\" lacks \"%s\"\n", flow_last_error(), (text));   \
            fail();                                                                    \
        }                                                                              \
    } while (0)

#define assert_close(a, b, rel)                                                        \
    do {                                                                               \
        double a_ = (a), b_ = (b);                                                     \
        double tol_ = (rel) * fmax(1.0, fmax(fabs(a_), fabs(b_)));                     \
        if (!(fabs(a_ - b_) <= tol_)) {                                                \
            print_error("%s = %.17g, expected %.17g (rel %g)\n", #a, a_, b_, (rel));   \
            fail();                                                                    \
        }                                                                              \
    } while (0)

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static inline int path_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* Reference data sets live outside the repository (../shared/data). A test
 * that needs a missing one is skipped, unless LIBFLOW_REQUIRE_SHARED_DATA=1
 * is set (as .ci/run does): then it fails, so that the cross-checks against
 * real data cannot pass by being skipped. */
static inline int shared_data_required(void)
{
    const char *v = getenv("LIBFLOW_REQUIRE_SHARED_DATA");
    return v && strcmp(v, "1") == 0;
}

#define skip_missing_data(p)                                                           \
    do {                                                                               \
        if (shared_data_required()) {                                                  \
            print_error("%s not found and LIBFLOW_REQUIRE_SHARED_DATA=1\n", (p));       \
            fail();                                                                    \
        }                                                                              \
        print_message("skipped: %s not found\n", (p));                                 \
        skip();                                                                        \
    } while (0)

#define skip_unless_exists(p)                                                          \
    do {                                                                               \
        if (!path_exists(p)) skip_missing_data(p);                                     \
    } while (0)

/* ---- cells of the network's and the selection's tables ------------------- */

/* Column `col` of table t, asserted present. */
static inline size_t table_col(const flow_table *t, const char *col)
{
    int64_t c = flow_table_column_index(t, col);
    if (c < 0) {
        print_error("table '%s' has no column '%s'\n", flow_table_name(t), col);
        fail();
    }
    return (size_t)c;
}

/* Column `col` of table t, asserted present and of this FLOW_COLUMN_* type. */
static inline size_t table_col_typed(const flow_table *t, const char *col, int type)
{
    size_t c = table_col(t, col);
    assert_int_equal(flow_table_column_type(t, c), type);
    return c;
}

static inline flow_table *net_part_(const flow_network *net, const char *part)
{
    flow_table *t = NULL;
    assert_flow_ok(flow_network_table(&t, net, part));
    return t;
}

static inline const char *net_text(const flow_network *net, const char *part, const char *col,
                                   size_t r)
{
    flow_table *t = net_part_(net, part);
    const char *v = flow_table_text(t, table_col(t, col), r);
    flow_table_free(t);
    return v;
}

static inline double net_double(const flow_network *net, const char *part, const char *col,
                                size_t r)
{
    flow_table *t = net_part_(net, part);
    size_t c = table_col(t, col);
    double v = r < flow_table_row_count(t) ? flow_table_doubles(t, c)[r] : NAN;
    flow_table_free(t);
    return v;
}

static inline int64_t net_int(const flow_network *net, const char *part, const char *col,
                              size_t r)
{
    flow_table *t = net_part_(net, part);
    size_t c = table_col(t, col);
    int64_t v = r < flow_table_row_count(t) ? flow_table_ints(t, c)[r] : -1;
    flow_table_free(t);
    return v;
}

static inline size_t net_rows(const flow_network *net, const char *part)
{
    flow_table *t = net_part_(net, part);
    size_t n = flow_table_row_count(t);
    flow_table_free(t);
    return n;
}

static inline size_t net_attr_count(const flow_network *net)
{
    flow_table *t = net_part_(net, "nodes");
    size_t n = flow_table_column_count(t) - 4; /* id, name, kind, parent */
    flow_table_free(t);
    return n;
}

/* Cell (col, r) of the graph table or of its part (NULL: the table itself),
 * as an int or a double; -1 / NAN when the graph cannot be built or r is
 * out of range. */
static inline int64_t graph_int_(flow_selection *sel, const char *part, const char *col, size_t r)
{
    flow_table *t = NULL;
    int64_t v = -1;
    if (flow_selection_table(&t, sel) == FLOW_OK) {
        const flow_table *p = part ? flow_table_part(t, part) : t;
        size_t c = table_col(p, col);
        if (r < flow_table_row_count(p)) v = flow_table_ints(p, c)[r];
    }
    flow_table_free(t);
    return v;
}

static inline double graph_double_(flow_selection *sel, const char *part, const char *col,
                                   size_t r)
{
    flow_table *t = NULL;
    double v = NAN;
    if (flow_selection_table(&t, sel) == FLOW_OK) {
        const flow_table *p = part ? flow_table_part(t, part) : t;
        size_t c = table_col(p, col);
        if (r < flow_table_row_count(p)) v = flow_table_doubles(p, c)[r];
    }
    flow_table_free(t);
    return v;
}

/* Rows of the graph table or of its part; 0 when the graph cannot be built. */
static inline size_t graph_rows_(flow_selection *sel, const char *part)
{
    flow_table *t = NULL;
    size_t n = 0;
    if (flow_selection_table(&t, sel) == FLOW_OK)
        n = flow_table_row_count(part ? flow_table_part(t, part) : t);
    flow_table_free(t);
    return n;
}

static inline size_t graph_edge_count(flow_selection *sel) { return graph_rows_(sel, NULL); }
static inline size_t graph_vertex_count(flow_selection *sel) { return graph_rows_(sel, "vertices"); }
static inline int64_t graph_source(flow_selection *sel, size_t e)
{
    return graph_int_(sel, NULL, "source_vertex", e);
}
static inline int64_t graph_target(flow_selection *sel, size_t e)
{
    return graph_int_(sel, NULL, "target_vertex", e);
}
static inline double graph_weight(flow_selection *sel, size_t e)
{
    return graph_double_(sel, NULL, "weight", e);
}
static inline int64_t graph_node(flow_selection *sel, size_t v)
{
    return graph_int_(sel, "vertices", "node", v);
}
static inline double graph_internal(flow_selection *sel, size_t v)
{
    return graph_double_(sel, "vertices", "internal", v);
}
static inline int64_t graph_vertex(flow_selection *sel, size_t i)
{
    return graph_int_(sel, "nodes", "vertex", i);
}

/* The whole graph as arrays (see the top of this file). */
typedef struct {
    flow_table *t;
    size_t ne, nv, nn;
    const int64_t *source, *target; /* edge ends, as vertices */
    const double *weight;
    const int64_t *node;     /* per vertex: its network node */
    const double *internal;  /* per vertex */
    const int64_t *vertex;   /* per network node: its vertex */
} graph_view;

static inline graph_view graph_view_of(flow_selection *sel)
{
    graph_view g = {0};
    assert_flow_ok(flow_selection_table(&g.t, sel));
    const flow_table *vt = flow_table_part(g.t, "vertices"), *nt = flow_table_part(g.t, "nodes");
    g.ne = flow_table_row_count(g.t);
    g.nv = flow_table_row_count(vt);
    g.nn = flow_table_row_count(nt);
    g.source = flow_table_ints(g.t, table_col(g.t, "source_vertex"));
    g.target = flow_table_ints(g.t, table_col(g.t, "target_vertex"));
    g.weight = flow_table_doubles(g.t, table_col(g.t, "weight"));
    g.node = flow_table_ints(vt, table_col(vt, "node"));
    g.internal = flow_table_doubles(vt, table_col(vt, "internal"));
    g.vertex = flow_table_ints(nt, table_col(nt, "vertex"));
    return g;
}

static inline void graph_view_free(graph_view *g)
{
    flow_table_free(g->t);
    g->t = NULL;
}

static inline void write_vertex_ids(FILE *f, flow_selection *sel)
{
    graph_view g = graph_view_of(sel);
    flow_network *net = flow_selection_network(sel);
    for (size_t v = 0; v < g.nv; v++) fprintf(f, "%s\n", flow_network_node_id(net, (size_t)g.node[v]));
    graph_view_free(&g);
}

#endif

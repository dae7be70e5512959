/*
 * Numbers: every analysis (tests/analyses.h: every entry of the
 * "centrality", "cluster", "kcore" and "test" registries, and every other
 * entry point) on the cases where floating point and empty inputs bite:
 * weights of 1e-300, of 1e300, both in one network, all-equal weights, one
 * node, no flows, two disconnected parts, and a selection that keeps
 * nothing (a year without flows); each directed and undirected.
 *
 * Every call must give a defined, documented result:
 *  - FLOW_OK, or a refusal with a message: FLOW_EINVAL (what the headers
 *    list: gravity on an undirected selection or without flows, a
 *    significance test without edges, a bottleneck whose source is its
 *    sink) or FLOW_ELIMIT (numbers out of a documented range: gravity's
 *    FLOW_GRAVITY_MIN_FLOW..FLOW_GRAVITY_MAX_FLOW, the configuration null
 *    model's FLOW_NULL_MIN_RATIO);
 *  - weights of 1e-300 and of 1e300 give the same outcome (OK or the same
 *    refusal) as the same network with weights near 1, gravity aside;
 *  - no infinity anywhere, and NaN only in the columns (and scalars)
 *    whose header documents it, listed in `documented_nan` with the
 *    header that says so.
 */
#include <math.h>

#include "testutil.h"
#include "analyses.h"

typedef struct {
    const char *s, *t;
    double w;
} row;

typedef struct {
    const char *name;
    int nodes;
    const row *rows;
    size_t nrows;
    double scale;     /* every weight times this */
    int alternate;    /* weights alternate 1e-300 and 1e300 */
    int keep_nothing; /* select a year without flows */
    int compare;      /* outcomes must equal the first case's */
} num_case;

static const row two_parts[] = {{"a", "b", 3}, {"b", "c", 1}, {"c", "a", 2}, {"c", "d", 1},
                                {"d", "e", 2}, {"e", "f", 1}, {"f", "d", 3}, {"b", "a", 1}};
static const row equal[] = {{"a", "b", 1}, {"b", "c", 1}, {"c", "a", 1}, {"c", "d", 1},
                            {"d", "e", 1}, {"e", "f", 1}, {"f", "d", 1}, {"b", "a", 1}};
static const row disconnected[] = {{"a", "b", 1}, {"b", "c", 2}, {"c", "a", 1},
                                   {"d", "e", 1}, {"e", "f", 2}, {"f", "d", 1}};

static const num_case cases[] = {
    {"near 1", 6, two_parts, 8, 1, 0, 0, 0},
    {"1e-300", 6, two_parts, 8, 1e-300, 0, 0, 1},
    {"1e300", 6, two_parts, 8, 1e300, 0, 0, 1},
    {"1e-300 and 1e300", 6, two_parts, 8, 1, 1, 0, 0},
    {"all equal", 6, equal, 8, 1, 0, 0, 0},
    {"one node", 1, NULL, 0, 1, 0, 0, 0},
    {"no flows", 5, NULL, 0, 1, 0, 0, 0},
    {"disconnected", 6, disconnected, 6, 1, 0, 0, 0},
    {"keeps nothing", 6, two_parts, 8, 1, 0, 1, 0},
};

#define MAX_CALLS 128

typedef struct {
    const num_case *c;
    int directed;
    int calls;
    int rc[MAX_CALLS];
    const int *reference; /* the first case's outcomes, or NULL */
    char problem[512];
} run_state;

static void problem(run_state *st, const char *analysis, const char *fmt, const char *what,
                    double x)
{
    if (st->problem[0]) return;
    char detail[256];
    snprintf(detail, sizeof detail, fmt, what, x);
    snprintf(st->problem, sizeof st->problem, "case '%s' (%s), %s: %s", st->c->name,
             st->directed ? "directed" : "undirected", analysis, detail);
}

static void check_number(run_state *st, const char *analysis, const char *what, double x)
{
    if (isinf(x)) problem(st, analysis, "%s is %g", what, x);
    if (isnan(x) && !nan_documented(analysis, what))
        problem(st, analysis, "%s is NaN (%g), which no header documents", what, x);
}

static void check_table(run_state *st, const char *analysis, const flow_table *t)
{
    size_t n = flow_table_row_count(t);
    for (size_t c = 0; c < flow_table_column_count(t); c++) {
        if (flow_table_column_type(t, c) != FLOW_COLUMN_DOUBLE) continue;
        const double *v = flow_table_doubles(t, c);
        for (size_t r = 0; r < n; r++) check_number(st, analysis, flow_table_column_name(t, c), v[r]);
    }
    for (size_t i = 0; i < flow_table_scalar_count(t); i++) {
        const char *name = flow_table_scalar_name(t, i);
        check_number(st, analysis, name, flow_table_scalar(t, name));
    }
    for (size_t p = 0; p < flow_table_part_count(t); p++)
        check_table(st, analysis, flow_table_part_at(t, p));
}

static void each(const char *analysis, int rc, flow_table *t, const double *values,
                 size_t nvalues, void *data)
{
    run_state *st = data;
    if (st->calls < MAX_CALLS) st->rc[st->calls] = rc;
    if (rc != FLOW_OK && rc != FLOW_EINVAL && rc != FLOW_ELIMIT)
        problem(st, analysis, "%s (code %g)", flow_last_error(), rc);
    if (rc != FLOW_OK && flow_last_error()[0] == '\0')
        problem(st, analysis, "%s refused without a message (code %g)", "", rc);
    if (st->reference && st->calls < MAX_CALLS && rc != st->reference[st->calls] &&
        strncmp(analysis, "gravity/", 8) != 0)
        problem(st, analysis, "%s (code %g), unlike the same network with weights near 1",
                rc ? flow_last_error() : "succeeds", rc);
    st->calls++;
    for (size_t i = 0; i < nvalues; i++) check_number(st, analysis, "value", values[i]);
    if (t) check_table(st, analysis, t);
    flow_table_free(t);
}

static flow_network *case_network(const num_case *c)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_factor(net, "x", "units"));
    char id[2] = {0, 0};
    for (int i = 0; i < c->nodes; i++) {
        id[0] = (char)('a' + i);
        assert_flow_ok(flow_network_add_node(net, id, NULL, NULL, NULL));
        assert_flow_ok(flow_network_set_number(net, id, "lat", 30 + i));
        assert_flow_ok(flow_network_set_number(net, id, "lon", 100 + 3 * i));
        assert_flow_ok(flow_network_add_member(net, i <= c->nodes / 2 ? "g" : "h", id, NULL));
    }
    for (size_t r = 0; r < c->nrows; r++) {
        double w = c->alternate ? (r % 2 ? 1e300 : 1e-300) : c->rows[r].w * c->scale;
        assert_flow_ok(flow_network_add_flow(net, c->rows[r].s, c->rows[r].t, "x", w, 2020));
    }
    return net;
}

static void test_numbers__every_analysis_is_defined(void **state)
{
    (void)state;
    static run_state ref[2];
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        for (int directed = 1; directed >= 0; directed--) {
            const num_case *c = &cases[k];
            flow_network *net = case_network(c);
            flow_selection *sel = NULL;
            assert_flow_ok(flow_selection_new(&sel, net));
            assert_flow_ok(flow_selection_set_directed(sel, directed));
            if (c->keep_nothing) assert_flow_ok(flow_selection_set_years(sel, 1900, 1900));
            run_state *st = k == 0 ? &ref[directed] : &(run_state){0};
            memset(st, 0, sizeof *st);
            st->c = c;
            st->directed = directed;
            st->reference = c->compare ? ref[directed].rc : NULL;
            run_every_analysis(sel, each, st);
            assert_true(st->calls > 40 && st->calls <= MAX_CALLS);
            if (st->problem[0]) fail_msg("%s", st->problem);
            flow_selection_free(sel);
            flow_network_free(net);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers__every_analysis_is_defined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

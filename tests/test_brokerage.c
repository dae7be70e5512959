/*
 * Brokerage (libflow/brokerage.h): Gould-Fernandez roles per vertex.
 *
 * The hand-checked case is `hand` (vertex order = node order):
 *
 *   vertex  0 a1  1 a2  2 a3  3 b1  4 b2  5 c1  6 x
 *   group   A     A     A     B     B     C     none (-1)
 *   edges (factor "tech", no year)
 *     a1->a2 2   a2->b1 3   b1->b2 4   a1->b1 5   b2->a1 1
 *     b1->c1 6   c1->a2 2   x->a2  9   a2->a3 1
 *
 * out-neighbours: a1 {a2, b1}; a2 {b1, a3}; b1 {b2, c1}; b2 {a1};
 *                 c1 {a2}; x {a2}; a3 none.
 * Every two-path a -> v -> b by broker v (groups, open = no edge a -> b,
 * role, min weight):
 *   a1: b2->a1->a2 (B A A) open  gatekeeper      min(1, 2) = 1
 *       b2->a1->b1 (B A B) open  itinerant       min(1, 5) = 1
 *   a2: a1->a2->b1 (A A B) CLOSED (a1->b1 exists) representative min(2, 3) = 2
 *       a1->a2->a3 (A A A) open  coordinator     min(2, 1) = 1
 *       c1->a2->b1 (C A B) open  liaison         min(2, 3) = 2
 *       c1->a2->a3 (C A A) open  gatekeeper      min(2, 1) = 1
 *       x->a2->*           skipped: x has no group
 *   b1: a2->b1->b2 (A B B) open  gatekeeper      min(3, 4) = 3
 *       a2->b1->c1 (A B C) open  liaison         min(3, 6) = 3
 *       a1->b1->b2 (A B B) open  gatekeeper      min(5, 4) = 4
 *       a1->b1->c1 (A B C) open  liaison         min(5, 6) = 5
 *   b2: b1->b2->a1 (B B A) open  representative  min(4, 1) = 1
 *   c1: b1->c1->a2 (B C A) open  liaison         min(6, 2) = 2
 *   a3: no out-edge; x: no group.
 * The one closed two-path is a1->a2->b1. These counts are checked again by
 * the brute-force Python enumeration (tests/fixtures/brokerage/oracle.py),
 * which also covers seeded random graphs and the shared data sets.
 */
#include "testutil.h"
#include "pyoracle.h"

#include "libflow/brokerage.h"
#include "libflow/cluster.h"

enum { CO = FLOW_BROKER_COORDINATOR, IT = FLOW_BROKER_ITINERANT, GA = FLOW_BROKER_GATEKEEPER,
       RE = FLOW_BROKER_REPRESENTATIVE, LI = FLOW_BROKER_LIAISON, TO = FLOW_BROKER_TOTAL };

static const int64_t hand_membership[7] = {0, 0, 0, 1, 1, 2, -1};

static flow_network *hand_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    const char *ids[] = {"a1", "a2", "a3", "b1", "b2", "c1", "x"};
    for (int i = 0; i < 7; i++) assert_flow_ok(flow_network_add_node(net, ids[i], NULL, NULL, NULL));
    static const struct {
        const char *s, *t;
        double w;
    } e[] = {{"a1", "a2", 2}, {"a2", "b1", 3}, {"b1", "b2", 4}, {"a1", "b1", 5}, {"b2", "a1", 1},
             {"b1", "c1", 6}, {"c1", "a2", 2}, {"x", "a2", 9},  {"a2", "a3", 1}};
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
        assert_flow_ok(flow_network_add_flow(net, e[i].s, e[i].t, "tech", e[i].w, FLOW_NO_YEAR));
    /* declared groups: A = a1 a2 a3, B = b1 b2, C = c1; plus "AB", which
     * overlaps A and B */
    const char *a[] = {"a1", "a2", "a3"}, *b[] = {"b1", "b2"};
    for (int i = 0; i < 3; i++) assert_flow_ok(flow_network_add_member(net, "A", a[i], NULL));
    for (int i = 0; i < 2; i++) assert_flow_ok(flow_network_add_member(net, "B", b[i], NULL));
    assert_flow_ok(flow_network_add_member(net, "C", "c1", NULL));
    assert_flow_ok(flow_network_add_member(net, "AB", "a3", NULL));
    assert_flow_ok(flow_network_add_member(net, "AB", "b2", NULL));
    return net;
}

/* ---- reading the result table -------------------------------------------------- */

/* Column of role r's path counts (weighted: its "_weight" column). */
static size_t role_column(const flow_table *b, int r, int weighted)
{
    char name[64];
    snprintf(name, sizeof name, "%s%s", flow_registry_name("role", r), weighted ? "_weight" : "");
    int64_t c = flow_table_column_index(b, name);
    assert_true(c >= 0);
    return (size_t)c;
}

/* Paths brokered by vertex v in role r (0 when out of range). */
static uint64_t br_paths(const flow_table *b, size_t v, int r)
{
    if (r < 0 || r > FLOW_BROKER_TOTAL || v >= flow_table_row_count(b)) return 0;
    return (uint64_t)flow_table_ints(b, role_column(b, r, 0))[v];
}

/* Weighted value of vertex v in role r (NAN when out of range). */
static double br_weight(const flow_table *b, size_t v, int r)
{
    if (r < 0 || r > FLOW_BROKER_TOTAL || v >= flow_table_row_count(b)) return NAN;
    return flow_table_doubles(b, role_column(b, r, 1))[v];
}

/* Group of vertex v as used (-1 when none or out of range). */
static int64_t br_group(const flow_table *b, size_t v)
{
    int64_t c = flow_table_column_index(b, "group");
    return c >= 0 && v < flow_table_row_count(b) ? flow_table_ints(b, (size_t)c)[v] : -1;
}

/* Node index and id of vertex v (-1 / NULL when out of range). */
static int64_t br_node(const flow_table *b, size_t v)
{
    return v < flow_table_row_count(b) ? flow_table_ints(b, 0)[v] : -1;
}

static const char *br_id(const flow_table *b, size_t v) { return flow_table_text(b, 0, v); }

static const char *role_name(int r) { return flow_registry_name("role", r); }

static flow_selection *new_selection(flow_network *net)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    return sel;
}

/* Expected paths and weights per vertex and role (CO IT GA RE LI TO). */
typedef struct {
    uint64_t c[6];
    double w[6];
} expect_row;

static void assert_rows(const flow_table *b, const expect_row *want, size_t n)
{
    assert_int_equal(flow_table_row_count(b), n);
    for (size_t v = 0; v < n; v++)
        for (int r = 0; r <= TO; r++) {
            if (br_paths(b, v, r) != want[v].c[r]) {
                print_error("vertex %zu %s: %llu paths, expected %llu\n", v,
                            role_name(r),
                            (unsigned long long)br_paths(b, v, r),
                            (unsigned long long)want[v].c[r]);
                fail();
            }
            assert_close(br_weight(b, v, r), want[v].w[r], 1e-15);
        }
}

static int stop_at_call, progress_calls;

static int stop_progress(double percent, const char *message, void *payload)
{
    (void)message;
    (void)payload;
    assert_true(percent >= 0 && percent <= 100);
    return ++progress_calls >= stop_at_call;
}

/* ---- hand-checked ---------------------------------------------------------------- */

static void test_brokerage__hand_example(void **state)
{
    (void)state;
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_compute(&b, sel, hand_membership, 7, NULL));
    /* open two-paths, min weights (see the derivation at the top) */
    static const expect_row want[7] = {
        /* a1 */ {{0, 1, 1, 0, 0, 2}, {0, 1, 1, 0, 0, 2}},
        /* a2 */ {{1, 0, 1, 0, 1, 3}, {1, 0, 1, 0, 2, 4}},
        /* a3 */ {{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}},
        /* b1 */ {{0, 0, 2, 0, 2, 4}, {0, 0, 7, 0, 8, 15}},
        /* b2 */ {{0, 0, 0, 1, 0, 1}, {0, 0, 0, 1, 0, 1}},
        /* c1 */ {{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 2, 2}},
        /* x  */ {{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}},
    };
    assert_rows(b, want, 7);
    for (size_t v = 0; v < 7; v++) {
        assert_int_equal(br_node(b, v), (int64_t)v);
        assert_string_equal(br_id(b, v), flow_network_node_id(net, v));
        assert_int_equal(br_group(b, v), hand_membership[v]);
    }
    flow_table_free(b);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__closed_paths_and_weightings(void **state)
{
    (void)state;
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    flow_table *b = NULL;
    flow_brokerage_options o;
    assert_flow_ok(flow_brokerage_options_init(&o, FLOW_BROKERAGE_OPTIONS_VERSION));
    assert_int_equal(o.weighting, FLOW_BROKERAGE_WEIGHT_MIN);
    assert_int_equal(o.closed_paths, 0);

    /* every two-path: a2 adds the closed a1->a2->b1, representative, 2 */
    o.closed_paths = 1;
    assert_flow_ok(flow_brokerage_compute(&b, sel, hand_membership, 7, &o));
    assert_int_equal(br_paths(b, 1, RE), 1);
    assert_true(br_weight(b, 1, RE) == 2);
    assert_int_equal(br_paths(b, 1, TO), 4);
    assert_true(br_weight(b, 1, TO) == 6);
    for (size_t v = 0; v < 7; v++) /* nobody else changes */
        if (v != 1) assert_int_equal(br_paths(b, v, RE), v == 4 ? 1 : 0);
    flow_table_free(b);

    /* products, open: a1 gate 1*2, itin 1*5; a2 coord 2*1, gate 2*1,
     * liaison 2*3; b1 gate 3*4 + 5*4 = 32, liaison 3*6 + 5*6 = 48;
     * b2 rep 4*1; c1 liaison 6*2 */
    o.closed_paths = 0;
    o.weighting = FLOW_BROKERAGE_WEIGHT_PRODUCT;
    assert_flow_ok(flow_brokerage_compute(&b, sel, hand_membership, 7, &o));
    static const expect_row prod[7] = {
        {{0, 1, 1, 0, 0, 2}, {0, 5, 2, 0, 0, 7}},   {{1, 0, 1, 0, 1, 3}, {2, 0, 2, 0, 6, 10}},
        {{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}},   {{0, 0, 2, 0, 2, 4}, {0, 0, 32, 0, 48, 80}},
        {{0, 0, 0, 1, 0, 1}, {0, 0, 0, 4, 0, 4}},   {{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 12, 12}},
        {{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}},
    };
    assert_rows(b, prod, 7);
    flow_table_free(b);

    /* geometric means: the square roots of the products */
    o.weighting = FLOW_BROKERAGE_WEIGHT_GEOMEAN;
    assert_flow_ok(flow_brokerage_compute(&b, sel, hand_membership, 7, &o));
    assert_close(br_weight(b, 0, IT), sqrt(5), 1e-15);
    assert_close(br_weight(b, 3, GA), sqrt(12) + sqrt(20), 1e-15);
    assert_close(br_weight(b, 3, LI), sqrt(18) + sqrt(30), 1e-15);
    assert_close(br_weight(b, 5, LI), sqrt(12), 1e-15);
    assert_int_equal(br_paths(b, 3, TO), 4); /* counts never change */
    flow_table_free(b);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__undirected(void **state)
{
    (void)state;
    /*
     * Undirected: the pairs a1-a2 2, a2-b1 3, b1-b2 4, a1-b1 5, a1-b2 1,
     * b1-c1 6, a2-c1 2, a2-x 9, a2-a3 1. Broker b2 has neighbours b1, a1,
     * which are tied (a1-b1): no open two-path. Broker c1 has neighbours
     * b1, a2, tied too (a2-b1): nothing. Broker a1 has neighbours a2, b1,
     * b2; a2-b1 and b1-b2 are tied, a2-b2 are not: a2->a1->b2 (A A B,
     * representative, min(2, 1) = 1) and b2->a1->a2 (B A A, gatekeeper, 1).
     * Broker a3 has one neighbour: nothing. In general a path and its
     * reverse swap gatekeeper and representative, so the two are equal for
     * every vertex.
     */
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_compute(&b, sel, hand_membership, 7, NULL));
    assert_int_equal(br_paths(b, 4, TO), 0);
    assert_int_equal(br_paths(b, 5, TO), 0);
    assert_int_equal(br_paths(b, 2, TO), 0);
    assert_int_equal(br_paths(b, 0, RE), 1);
    assert_int_equal(br_paths(b, 0, GA), 1);
    assert_int_equal(br_paths(b, 0, TO), 2);
    assert_true(br_weight(b, 0, TO) == 2);
    for (size_t v = 0; v < 7; v++) {
        assert_int_equal(br_paths(b, v, GA), br_paths(b, v, RE));
        assert_close(br_weight(b, v, GA), br_weight(b, v, RE), 1e-15);
        assert_int_equal(br_paths(b, v, TO) % 2, 0); /* paths come in pairs */
    }
    flow_table_free(b);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__membership_checks(void **state)
{
    (void)state;
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    flow_table *b = (flow_table *)(void *)&b;
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_compute(&b, sel, hand_membership, 6, NULL));
    assert_null(b);
    assert_error_contains("7 vertices");
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_compute(&b, sel, NULL, 7, NULL));
    int64_t bad[7] = {0, 0, 0, 1, 1, -2, -1};
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_compute(&b, sel, bad, 7, NULL));
    assert_error_contains("membership[5]");
    assert_null(b);
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_compute(NULL, sel, hand_membership, 7, NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_brokerage_compute(&b, NULL, hand_membership, 7, NULL));

    /* -1 everywhere: nobody has a role; large, sparse group numbers are
     * fine (only equality matters): the same result as the small ones */
    int64_t none[7] = {-1, -1, -1, -1, -1, -1, -1};
    assert_flow_ok(flow_brokerage_compute(&b, sel, none, 7, NULL));
    for (size_t v = 0; v < 7; v++) assert_int_equal(br_paths(b, v, TO), 0);
    flow_table_free(b);
    int64_t sparse[7] = {700, 700, 700, 5, 5, 123456789, -1};
    flow_table *b2 = NULL;
    assert_flow_ok(flow_brokerage_compute(&b, sel, sparse, 7, NULL));
    assert_flow_ok(flow_brokerage_compute(&b2, sel, hand_membership, 7, NULL));
    for (size_t v = 0; v < 7; v++)
        for (int r = 0; r <= TO; r++) {
            assert_int_equal(br_paths(b, v, r), br_paths(b2, v, r));
            assert_true(br_weight(b, v, r) == br_weight(b2, v, r));
        }
    assert_int_equal(br_group(b, 5), 123456789);
    flow_table_free(b);
    flow_table_free(b2);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__options_checked(void **state)
{
    (void)state;
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    flow_brokerage_options o = FLOW_BROKERAGE_OPTIONS_INIT;
    flow_table *b = (flow_table *)(void *)&b;
    o.weighting = 3;
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_compute(&b, sel, hand_membership, 7, &o));
    assert_null(b);
    assert_error_contains("weighting");
    o.weighting = -1;
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(&b, sel, NULL, 0, &o));
    o.weighting = FLOW_BROKERAGE_WEIGHT_MIN;
    o.version = 2;
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_compute(&b, sel, hand_membership, 7, &o));
    assert_error_contains("version");
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_options_init(&o, 0));
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_options_init(NULL, FLOW_BROKERAGE_OPTIONS_VERSION));
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__from_groups(void **state)
{
    (void)state;
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    flow_table *b = NULL, *ref = NULL;
    assert_flow_ok(flow_brokerage_compute(&ref, sel, hand_membership, 7, NULL));

    /* A, B, C listed: the same partition as hand_membership */
    const char *abc[] = {"A", "B", "C"};
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, abc, 3, NULL));
    for (size_t v = 0; v < 7; v++) {
        assert_int_equal(br_group(b, v), hand_membership[v]);
        for (int r = 0; r <= TO; r++)
            assert_int_equal(br_paths(b, v, r), br_paths(ref, v, r));
    }
    flow_table_free(b);

    /* listed in another order: group numbers follow the list, roles do not
     * change */
    const char *cba[] = {"C", "B", "A"};
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, cba, 3, NULL));
    assert_int_equal(br_group(b, 0), 2);
    assert_int_equal(br_group(b, 5), 0);
    for (size_t v = 0; v < 7; v++)
        for (int r = 0; r <= TO; r++)
            assert_true(br_weight(b, v, r) == br_weight(ref, v, r));
    flow_table_free(b);

    /* only A and B: c1 has no group, so the liaisons through or to c1
     * vanish: a2 keeps coordinator + gatekeeper (c1->a2->a3 is gone too),
     * b1 keeps its 2 gatekeeper paths, c1 nothing */
    const char *ab[] = {"A", "B"};
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, ab, 2, NULL));
    assert_int_equal(br_group(b, 5), -1);
    assert_int_equal(br_paths(b, 1, TO), 1);
    assert_int_equal(br_paths(b, 1, CO), 1);
    assert_int_equal(br_paths(b, 3, TO), 2);
    assert_int_equal(br_paths(b, 3, GA), 2);
    assert_int_equal(br_paths(b, 5, TO), 0);
    flow_table_free(b);

    /* overlapping groups are refused: AB shares a3 with A */
    const char *overlap[] = {"A", "AB"};
    b = (flow_table *)(void *)&b;
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(&b, sel, overlap, 2, NULL));
    assert_null(b);
    assert_error_contains("'a3' is in two groups, 'A' and 'AB'");
    /* n == 0 means every group: A, B, C and AB overlap too */
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(&b, sel, NULL, 0, NULL));
    /* unknown, duplicate and NULL names */
    const char *typo[] = {"A", "Bb"};
    assert_flow_fails(FLOW_ENOTFOUND, flow_brokerage_from_groups(&b, sel, typo, 2, NULL));
    assert_error_contains("did you mean 'B'");
    const char *twice[] = {"A", "A"};
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(&b, sel, twice, 2, NULL));
    assert_error_contains("twice");
    const char *null_name[] = {"A", NULL};
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(&b, sel, null_name, 2, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(&b, sel, NULL, 2, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(NULL, sel, abc, 3, NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_brokerage_from_groups(&b, NULL, abc, 3, NULL));
    assert_null(b);
    flow_table_free(ref);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__groups_after_roll_up(void **state)
{
    (void)state;
    /* X and Y are cities of province P; Z a city on its own. Groups: G1 =
     * X, Z; G2 = Y. At level province X and Y both become P: P would be in
     * G1 and G2, refused; listing G1 alone is fine (P and Z in G1). */
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "P", NULL, "province", NULL));
    assert_flow_ok(flow_network_add_node(net, "X", NULL, "city", "P"));
    assert_flow_ok(flow_network_add_node(net, "Y", NULL, "city", "P"));
    assert_flow_ok(flow_network_add_node(net, "Z", NULL, "city", NULL));
    assert_flow_ok(flow_network_add_flow(net, "X", "Z", "talent", 1, 2020));
    assert_flow_ok(flow_network_add_member(net, "G1", "X", NULL));
    assert_flow_ok(flow_network_add_member(net, "G1", "Z", NULL));
    assert_flow_ok(flow_network_add_member(net, "G2", "Y", NULL));
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    flow_table *b = NULL;
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(&b, sel, NULL, 0, NULL));
    assert_error_contains("'P' (rolled up from 'Y') is in two groups");
    const char *g1[] = {"G1"};
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, g1, 1, NULL));
    assert_int_equal(flow_table_row_count(b), 2);
    assert_string_equal(br_id(b, 0), "P");
    assert_int_equal(br_group(b, 0), 0);
    assert_int_equal(br_group(b, 1), 0);
    flow_table_free(b);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* The role names are the registry "role"; the table has one count and one
 * weight column per role, in enum order, after "node" and "group". */
static void test_brokerage__role_names(void **state)
{
    (void)state;
    const char *names[] = {"coordinator", "itinerant", "gatekeeper",
                           "representative", "liaison", "total"};
    for (int r = 0; r <= TO; r++) {
        assert_string_equal(role_name(r), names[r]);
        assert_int_equal(flow_registry_lookup("role", names[r]), r);
    }
    assert_int_equal(FLOW_BROKER_ROLES, 5);
    assert_null(role_name(-1));
    assert_null(role_name(6));
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("role", "broker"));
    assert_error_contains("liaison");
    assert_flow_fails(FLOW_EINVAL, flow_registry_lookup("role", NULL));

    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_compute(&b, sel, hand_membership, 7, NULL));
    assert_string_equal(flow_table_name(b), "brokerage");
    assert_int_equal(flow_table_column_count(b), 2 + 4 * 6); /* counts, weights, expected, z */
    assert_string_equal(flow_table_column_name(b, 0), "node");
    assert_int_equal(flow_table_column_type(b, 0), FLOW_COLUMN_NODE);
    assert_string_equal(flow_table_column_name(b, 1), "group");
    assert_int_equal(flow_table_column_type(b, 1), FLOW_COLUMN_INT);
    for (int r = 0; r <= TO; r++) {
        char weight[64];
        snprintf(weight, sizeof weight, "%s_weight", names[r]);
        assert_string_equal(flow_table_column_name(b, 2 + 2 * (size_t)r), names[r]);
        assert_int_equal(flow_table_column_type(b, 2 + 2 * (size_t)r), FLOW_COLUMN_INT);
        assert_string_equal(flow_table_column_name(b, 3 + 2 * (size_t)r), weight);
        assert_int_equal(flow_table_column_type(b, 3 + 2 * (size_t)r), FLOW_COLUMN_DOUBLE);
    }
    assert_string_equal(flow_table_meta(b, "analysis"), "brokerage");
    assert_string_equal(flow_table_meta(b, "weighting"), "min");
    assert_string_equal(flow_table_meta(b, "closed_paths"), "no");
    assert_string_equal(flow_table_meta(b, "directed"), "yes");
    assert_string_equal(flow_table_meta(b, "factors"), "tech");
    assert_null(flow_table_meta(b, "groups")); /* a membership: no names */
    assert_int_equal(flow_table_part_count(b), 0);
    flow_table_free(b);
    flow_brokerage_options o = FLOW_BROKERAGE_OPTIONS_INIT;
    o.weighting = FLOW_BROKERAGE_WEIGHT_GEOMEAN;
    o.closed_paths = 1;
    const char *const cba[] = {"C", "B", "A"};
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, cba, 3, &o));
    assert_string_equal(flow_table_meta(b, "weighting"), "geomean");
    assert_string_equal(flow_table_meta(b, "closed_paths"), "yes");
    assert_string_equal(flow_table_meta(b, "groups"), "C,B,A"); /* group i = name i */
    flow_table_free(b);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__empty_and_edgeless(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net);
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_compute(&b, sel, NULL, 0, NULL));
    assert_int_equal(flow_table_row_count(b), 0);
    flow_table_free(b);
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, NULL, 0, NULL));
    assert_int_equal(flow_table_row_count(b), 0);
    flow_table_free(b);
    flow_selection_free(sel);
    /* nodes, no flows: zeros */
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, NULL, NULL));
    sel = new_selection(net);
    const int64_t m[2] = {0, 1};
    assert_flow_ok(flow_brokerage_compute(&b, sel, m, 2, NULL));
    assert_int_equal(br_paths(b, 0, TO), 0);
    assert_true(br_weight(b, 1, TO) == 0);
    flow_table_free(b);
    flow_selection_free(sel);
    flow_network_free(net);
}

/*
 * Self-loop convention, stated in brokerage.h (Conventions: "self-loops
 * (internal flow) are not edges and play no part") and selection.h
 * ("self-loops: ... are not edges of the graph"). The hand network with
 * heavy self-loops on brokers, ends and the group-less x (several factors
 * and years) gives, for every direction, path rule and weighting, by
 * membership and by declared groups, exactly the counts and weights of the
 * same network without them.
 */
static void test_brokerage__self_loops_change_nothing(void **state)
{
    (void)state;
    flow_network *plain = hand_network(), *looped = hand_network();
    static const struct {
        const char *id, *factor;
        double w;
        int year;
    } loops[] = {{"a1", "tech", 70, FLOW_NO_YEAR}, {"a2", "tech", 50, FLOW_NO_YEAR},
                 {"a2", "capital", 5, 2020},       {"b1", "capital", 30, 2021},
                 {"c1", "tech", 90, FLOW_NO_YEAR}, {"x", "tech", 1, FLOW_NO_YEAR},
                 {"a3", "tech", 100, 2019}};
    for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++)
        assert_flow_ok(flow_network_add_flow(looped, loops[i].id, loops[i].id, loops[i].factor,
                                             loops[i].w, loops[i].year));
    static const char *const groups[] = {"A", "B", "C"};
    for (int directed = 0; directed <= 1; directed++) {
        flow_selection *a = new_selection(plain), *b = new_selection(looped);
        assert_flow_ok(flow_selection_set_directed(a, directed));
        assert_flow_ok(flow_selection_set_directed(b, directed));
        assert_int_equal(graph_edge_count(b), graph_edge_count(a));
        assert_true(graph_internal(b, 1) == 55); /* a2's loops */
        for (int closed = 0; closed <= 1; closed++)
            for (int weighting = FLOW_BROKERAGE_WEIGHT_MIN;
                 weighting <= FLOW_BROKERAGE_WEIGHT_GEOMEAN; weighting++)
                for (int declared = 0; declared <= 1; declared++) {
                    flow_brokerage_options o = FLOW_BROKERAGE_OPTIONS_INIT;
                    o.closed_paths = closed;
                    o.weighting = weighting;
                    flow_table *ba = NULL, *bb = NULL;
                    if (declared) {
                        assert_flow_ok(flow_brokerage_from_groups(&ba, a, groups, 3, &o));
                        assert_flow_ok(flow_brokerage_from_groups(&bb, b, groups, 3, &o));
                    } else {
                        assert_flow_ok(flow_brokerage_compute(&ba, a, hand_membership, 7, &o));
                        assert_flow_ok(flow_brokerage_compute(&bb, b, hand_membership, 7, &o));
                    }
                    assert_int_equal(flow_table_row_count(bb), flow_table_row_count(ba));
                    for (size_t v = 0; v < flow_table_row_count(ba); v++) {
                        assert_int_equal(br_group(bb, v), br_group(ba, v));
                        for (int r = 0; r <= TO; r++) {
                            if (br_paths(bb, v, r) != br_paths(ba, v, r) ||
                                br_weight(bb, v, r) != br_weight(ba, v, r)) {
                                print_error("directed %d closed %d weighting %d declared %d: "
                                            "vertex %zu %s: %llu paths %g with loops, "
                                            "%llu paths %g without\n",
                                            directed, closed, weighting, declared, v,
                                            role_name(r),
                                            (unsigned long long)br_paths(bb, v, r),
                                            br_weight(bb, v, r),
                                            (unsigned long long)br_paths(ba, v, r),
                                            br_weight(ba, v, r));
                                fail();
                            }
                        }
                    }
                    if (directed && !closed && weighting == FLOW_BROKERAGE_WEIGHT_MIN) {
                        /* still the hand-derived values (top of the file):
                         * a2 3 paths weighing 4, b1 4 paths weighing 15 */
                        assert_int_equal(br_paths(bb, 1, TO), 3);
                        assert_true(br_weight(bb, 1, TO) == 4);
                        assert_int_equal(br_paths(bb, 3, TO), 4);
                        assert_true(br_weight(bb, 3, TO) == 15);
                    }
                    flow_table_free(ba);
                    flow_table_free(bb);
                }
        flow_selection_free(a);
        flow_selection_free(b);
    }
    flow_network_free(plain);
    flow_network_free(looped);
}

static void test_brokerage__interruption(void **state)
{
    (void)state;
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_progress(sel, stop_progress, NULL));
    /* 7 vertices: asked before each broker (chunk 1) and at 100 %: 8 calls */
    for (int at = 1; at <= 8; at++) {
        stop_at_call = at;
        progress_calls = 0;
        flow_table *b = (flow_table *)(void *)&b;
        assert_flow_fails(FLOW_EINTERRUPTED,
                          flow_brokerage_compute(&b, sel, hand_membership, 7, NULL));
        assert_null(b);
        assert_int_equal(progress_calls, at);
    }
    stop_at_call = 100;
    progress_calls = 0;
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, (const char *[]){"A", "B", "C"}, 3, NULL));
    assert_int_equal(progress_calls, 8);
    flow_table_free(b);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__outlives_network_and_null_handles(void **state)
{
    (void)state;
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_compute(&b, sel, hand_membership, 7, NULL));
    flow_network_free(net);
    flow_selection_free(sel);
    assert_string_equal(br_id(b, 3), "b1");
    assert_int_equal(br_paths(b, 3, TO), 4);
    assert_non_null(flow_table_network(b));
    /* out of range */
    assert_null(br_id(b, 7));
    assert_int_equal(flow_table_column_index(b, "broker"), -1);
    assert_null(flow_table_ints(b, 14));
    assert_null(flow_table_doubles(b, 2)); /* a count column is no double column */
    flow_table_free(b);
    /* NULL */
    flow_table_free(NULL);
    assert_int_equal(flow_table_row_count(NULL), 0);
    assert_null(br_id(NULL, 0));
}

/* ---- cross-checks with the Python enumeration ----------------------------------- */

static char *read_fixture(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    return buf;
}

/* Writes "id<TAB>group" per vertex (the result's groups). */
static void write_nodes(const char *path, const flow_table *b)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t v = 0; v < flow_table_row_count(b); v++)
        fprintf(f, "%s\t%lld\n", br_id(b, v), (long long)br_group(b, v));
    assert_int_equal(fclose(f), 0);
}

static char *oracle_run(const char *source, const flow_table *b, const char *options)
{
    char nodes_path[512];
    temp_path(nodes_path, sizeof nodes_path, "brokerage-nodes");
    write_nodes(nodes_path, b);
    char *script = read_fixture(FIXTURE("brokerage/oracle.py"));
    char *out = run_python(script, source, nodes_path, options);
    free(script);
    unlink(nodes_path);
    return out;
}

/* Compares one variant of the result with the oracle's lines for it;
 * returns the number of vertices with a non-zero total. */
static size_t compare_variant(const flow_table *b, const char *out, const char *variant,
                              const char *weighting)
{
    size_t busy = 0;
    for (size_t v = 0; v < flow_table_row_count(b); v++) {
        char key[256];
        snprintf(key, sizeof key, "b %s %s %s ", variant, weighting, br_id(b, v));
        const char *p = NULL;
        for (const char *q = out; q && *q; q = strchr(q, '\n') ? strchr(q, '\n') + 1 : NULL)
            if (strncmp(q, key, strlen(key)) == 0) {
                p = q + strlen(key);
                break;
            }
        if (!p) {
            print_error("oracle lacks '%s'\n", key);
            fail();
        }
        char *end = NULL;
        for (int r = 0; r <= TO; r++) {
            unsigned long long c = strtoull(p, &end, 10);
            p = end;
            assert_int_equal(br_paths(b, v, r), c);
        }
        for (int r = 0; r <= TO; r++) {
            double w = strtod(p, &end);
            p = end;
            assert_close(br_weight(b, v, r), w, 1e-12);
        }
        busy += br_paths(b, v, TO) > 0;
    }
    return busy;
}

/* Runs every variant (open / all x min / product / geomean) of the
 * analysis and compares each with the oracle output. */
static void compare_all(flow_selection *sel, const int64_t *membership, size_t n,
                        const char *const *groups, size_t ng, int use_groups, const char *out,
                        const char *what)
{
    static const char *const wnames[] = {"min", "product", "geomean"};
    for (int closed = 0; closed <= 1; closed++)
        for (int w = 0; w < 3; w++) {
            flow_brokerage_options o = FLOW_BROKERAGE_OPTIONS_INIT;
            o.closed_paths = closed;
            o.weighting = w;
            flow_table *b = NULL;
            if (use_groups)
                assert_flow_ok(flow_brokerage_from_groups(&b, sel, groups, ng, &o));
            else
                assert_flow_ok(flow_brokerage_compute(&b, sel, membership, n, &o));
            size_t busy = compare_variant(b, out, closed ? "all" : "open", wnames[w]);
            if (w == 0)
                print_message("%s %s: %zu brokers agree\n", what, closed ? "all" : "open", busy);
            flow_table_free(b);
        }
}

static void test_brokerage__hand_example_matches_python(void **state)
{
    (void)state;
    flow_network *net = hand_network();
    flow_selection *sel = new_selection(net);
    char graph_path[512];
    temp_path(graph_path, sizeof graph_path, "brokerage-graph");
    write_selection_edges(graph_path, sel);
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_compute(&b, sel, hand_membership, 7, NULL));
    char *out = oracle_run(graph_path, b, "directed=1");
    flow_table_free(b);
    compare_all(sel, hand_membership, 7, NULL, 0, 0, out, "hand");
    free(out);
    unlink(graph_path);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__matches_python_on_random_graphs(void **state)
{
    (void)state;
    static const uint32_t seeds[] = {20240611u, 99u};
    for (size_t k = 0; k < 2; k++) {
        random_row rows[RANDOM_ROWS];
        random_rows(rows, seeds[k]);
        flow_network *net = random_network(rows);
        flow_selection *sel = new_selection(net);
        size_t nv = graph_vertex_count(sel);
        /* 4 groups and some vertices without one, from the same LCG */
        int64_t membership[RANDOM_NODES];
        uint32_t st = seeds[k] ^ 0x5bd1e995u;
        for (size_t v = 0; v < nv; v++) {
            uint32_t r = lcg_next(&st) % 9;
            membership[v] = r == 8 ? -1 : (int64_t)(r % 4);
        }
        for (int directed = 1; directed >= 0; directed--) {
            assert_flow_ok(flow_selection_set_directed(sel, directed));
            char graph_path[512];
            temp_path(graph_path, sizeof graph_path, "brokerage-graph");
            write_selection_edges(graph_path, sel);
            flow_table *b = NULL;
            assert_flow_ok(flow_brokerage_compute(&b, sel, membership, nv, NULL));
            char *out = oracle_run(graph_path, b, directed ? "directed=1" : "directed=0");
            flow_table_free(b);
            compare_all(sel, membership, nv, NULL, 0, 0, out,
                        directed ? "random directed" : "random undirected");
            free(out);
            unlink(graph_path);
        }
        flow_selection_free(sel);
        flow_network_free(net);
    }
}

/* ---- real data -------------------------------------------------------------------- */

static flow_network *load_shared(const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", FLOW_SHARED_DATA, name);
    skip_unless_exists(path);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, path));
    return net;
}

static void test_brokerage__lazega_offices(void **state)
{
    (void)state;
    /* Lazega law firm, advice layer (directed), groups = the three offices;
     * the oracle reads flows.csv and groups.csv itself. */
    char path[1024];
    flow_network *net = load_shared("lazega_lawfirm", path, sizeof path);
    flow_selection *sel = new_selection(net);
    const char *advice[] = {"advice"};
    assert_flow_ok(flow_selection_set_factors(sel, advice, 1));
    const char *offices[] = {"office:Boston", "office:Hartford", "office:Providence"};
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, offices, 3, NULL));
    char *out = oracle_run(path, b,
                           "directed=1;factors=advice;"
                           "groups=office:Boston,office:Hartford,office:Providence");
    /* every lawyer is in an office */
    for (size_t v = 0; v < flow_table_row_count(b); v++)
        assert_true(br_group(b, v) >= 0);
    flow_table_free(b);
    compare_all(sel, NULL, 0, offices, 3, 1, out, "lazega advice / offices");
    free(out);

    /* Offices and practices together overlap: every lawyer is in one of
     * each, so listing all groups is refused. */
    b = (flow_table *)(void *)&b;
    assert_flow_fails(FLOW_EINVAL, flow_brokerage_from_groups(&b, sel, NULL, 0, NULL));
    assert_null(b);
    assert_error_contains("is in two groups");
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__ckm_towns_only_coordinate(void **state)
{
    (void)state;
    /* CKM physicians: README "No edge crosses towns", so with the towns as
     * groups every two-path stays in one town: only coordinators, and the
     * totals equal the coordinator values. Cross-checked with the oracle on
     * all three layers merged (undirected: 924 pairs). */
    char path[1024];
    flow_network *net = load_shared("ckm_physicians", path, sizeof path);
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_int_equal(graph_edge_count(sel), 924);
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, NULL, 0, NULL));
    uint64_t total = 0;
    for (size_t v = 0; v < flow_table_row_count(b); v++) {
        assert_int_equal(br_paths(b, v, CO), br_paths(b, v, TO));
        total += br_paths(b, v, TO);
    }
    assert_true(total > 0);
    char *out = oracle_run(path, b, "directed=0;groups=*");
    flow_table_free(b);
    compare_all(sel, NULL, 0, NULL, 0, 1, out, "ckm undirected / towns");
    free(out);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__china_regions_weighted(void **state)
{
    (void)state;
    /* China census migration 2010 (dense, 930 arcs, persons), the four NBS
     * regions as groups (n == 0: every group of groups.csv): weighted roles
     * against the oracle. Dense graph: few open two-paths, so the closed
     * variant ("all") carries most of the check. */
    char path[1024];
    flow_network *net = load_shared("china_census_migration", path, sizeof path);
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 2010, 2010));
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, NULL, 0, NULL));
    char *out = oracle_run(path, b, "directed=1;years=2010-2010;groups=*");
    /* 31 x 30 x 29 ordered two-paths, all closed in a complete digraph */
    uint64_t open = 0;
    for (size_t v = 0; v < flow_table_row_count(b); v++) open += br_paths(b, v, TO);
    assert_int_equal(open, 0);
    flow_table_free(b);
    flow_brokerage_options o = FLOW_BROKERAGE_OPTIONS_INIT;
    o.closed_paths = 1;
    assert_flow_ok(flow_brokerage_from_groups(&b, sel, NULL, 0, &o));
    uint64_t all = 0;
    for (size_t v = 0; v < flow_table_row_count(b); v++) all += br_paths(b, v, TO);
    assert_int_equal(all, 31u * 30u * 29u);
    flow_table_free(b);
    compare_all(sel, NULL, 0, NULL, 0, 1, out, "china 2010 / NBS regions");
    free(out);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_brokerage__detected_clusters(void **state)
{
    (void)state;
    /* Brokerage between detected clusters: Leiden (seed 1) on China 2000
     * migration (run on the undirected collapse), its membership passed as
     * is to the directed analysis; the oracle gets the same membership and
     * the selection's edge list and enumerates independently. */
    char path[1024];
    flow_network *net = load_shared("china_census_migration", path, sizeof path);
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 2000, 2000));
    flow_table *p = NULL;
    assert_flow_ok(flow_cluster_detect(&p, sel, FLOW_CLUSTER_LEIDEN, NULL));
    assert_true(flow_table_scalar(p, "clusters") >= 2);
    /* a partition table's "cluster" column is a membership as it is */
    const int64_t *membership = flow_table_ints(p, (size_t)flow_table_column_index(p, "cluster"));
    size_t n = flow_table_row_count(p);
    char graph_path[512];
    temp_path(graph_path, sizeof graph_path, "brokerage-graph");
    write_selection_edges(graph_path, sel);
    flow_table *b = NULL;
    assert_flow_ok(flow_brokerage_compute(&b, sel, membership, n, NULL));
    for (size_t v = 0; v < n; v++) assert_int_equal(br_group(b, v), membership[v]);
    char *out = oracle_run(graph_path, b, "directed=1");
    flow_table_free(b);
    compare_all(sel, membership, n, NULL, 0, 0, out, "china 2000 / Leiden clusters");
    free(out);
    unlink(graph_path);
    flow_table_free(p);
    flow_selection_free(sel);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brokerage__hand_example),
        cmocka_unit_test(test_brokerage__closed_paths_and_weightings),
        cmocka_unit_test(test_brokerage__undirected),
        cmocka_unit_test(test_brokerage__membership_checks),
        cmocka_unit_test(test_brokerage__options_checked),
        cmocka_unit_test(test_brokerage__from_groups),
        cmocka_unit_test(test_brokerage__groups_after_roll_up),
        cmocka_unit_test(test_brokerage__role_names),
        cmocka_unit_test(test_brokerage__empty_and_edgeless),
        cmocka_unit_test(test_brokerage__self_loops_change_nothing),
        cmocka_unit_test(test_brokerage__interruption),
        cmocka_unit_test(test_brokerage__outlives_network_and_null_handles),
        cmocka_unit_test(test_brokerage__hand_example_matches_python),
        cmocka_unit_test(test_brokerage__matches_python_on_random_graphs),
        cmocka_unit_test(test_brokerage__lazega_offices),
        cmocka_unit_test(test_brokerage__ckm_towns_only_coordinate),
        cmocka_unit_test(test_brokerage__china_regions_weighted),
        cmocka_unit_test(test_brokerage__detected_clusters),
    };
    return cmocka_run_group_tests_name("brokerage", tests, NULL, NULL);
}

/*
 * Tests of libflow/network.h: the builder, its all-or-nothing failures, the
 * lookups and the network's tables.
 *
 * "Unchanged after a failure" is checked by dumping the whole network
 * through its tables before and after the failing call and comparing the
 * two texts.
 */
#include <float.h>
#include <inttypes.h>
#include <stdlib.h>

#include "testutil.h"

/* ---- helpers ------------------------------------------------------------- */

#if defined(__GNUC__)
#define FLOW_TEST_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FLOW_TEST_PRINTF(a, b)
#endif

typedef struct {
    char *buf;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...) FLOW_TEST_PRINTF(2, 3);

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap * 2 + (size_t)n;
        t->buf = realloc(t->buf, t->cap);
        assert_non_null(t->buf);
    }
}

static const char *str(const char *s) { return s ? s : "(null)"; }

/* Everything the network's tables show (flow_network_table()), as text. */
static char *dump(const flow_network *net)
{
    text t = {malloc(256), 0, 256};
    assert_non_null(t.buf);
    t.buf[0] = '\0';
    static const char *const parts[] = {"nodes", "factors", "flows", "groups"};
    for (size_t p = 0; p < 4; p++) {
        flow_table *tab = NULL;
        assert_flow_ok(flow_network_table(&tab, net, parts[p]));
        size_t nr = flow_table_row_count(tab), nc = flow_table_column_count(tab);
        put(&t, "%s %zu\n", parts[p], nr);
        for (size_t c = 0; c < nc; c++) {
            int type = flow_table_column_type(tab, c);
            put(&t, "  %s/%d:", str(flow_table_column_name(tab, c)), type);
            for (size_t r = 0; r < nr; r++) {
                if (type == FLOW_COLUMN_DOUBLE)
                    put(&t, " %a", flow_table_doubles(tab, c)[r]);
                else if (type == FLOW_COLUMN_TEXT)
                    put(&t, " %s", str(flow_table_texts(tab, c)[r]));
                else
                    put(&t, " %lld", (long long)flow_table_ints(tab, c)[r]);
            }
            put(&t, "\n");
        }
        flow_table_free(tab);
    }
    return t.buf;
}

/* expr must fail with code, leave a message, and leave net as it was. */
#define assert_fails_unchanged(code, net, expr)                                        \
    do {                                                                               \
        char *before_ = dump(net);                                                     \
        assert_flow_fails(code, expr);                                                 \
        char *after_ = dump(net);                                                      \
        assert_string_equal(before_, after_);                                          \
        free(before_);                                                                 \
        free(after_);                                                                  \
    } while (0)

static flow_network *new_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_non_null(net);
    return net;
}

/* CN > CN-NX, CN > CN-BJ > CN-BJ-THU; CN-SH a root; factors with units. */
static flow_network *china(void)
{
    flow_network *net = new_network();
    assert_flow_ok(flow_network_add_node(net, "CN", "China", "country", NULL));
    assert_flow_ok(flow_network_add_node(net, "CN-NX", "宁夏", "region", "CN"));
    assert_flow_ok(flow_network_add_node(net, "CN-BJ", "北京", "region", "CN"));
    assert_flow_ok(flow_network_add_node(net, "CN-BJ-THU", "清华大学", "institution", "CN-BJ"));
    assert_flow_ok(flow_network_add_node(net, "CN-SH", "Shanghai", "region", NULL));
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons"));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 120, 2020));
    assert_flow_ok(flow_network_add_flow(net, "CN-SH", "CN-NX", "capital", 3.5, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_set_number(net, "CN-NX", "gdp", 5069.57));
    assert_flow_ok(flow_network_set_text(net, "CN-NX", "name_zh", "宁夏回族自治区"));
    assert_flow_ok(flow_network_add_member(net, "pairing", "CN-BJ", "supporter"));
    return net;
}

/* ---- life cycle ----------------------------------------------------------- */

static void test_network__new_is_empty(void **state)
{
    (void)state;
    flow_network *net = new_network();
    assert_int_equal(flow_network_node_count(net), 0);
    assert_int_equal(net_attr_count(net), 0);
    assert_int_equal(flow_network_factor_count(net), 0);
    assert_int_equal(flow_network_flow_count(net), 0);
    assert_int_equal(flow_network_group_count(net), 0);
    flow_network_free(net);
}

static void test_network__new_null_out_is_einval(void **state)
{
    (void)state;
    assert_flow_fails(FLOW_EINVAL, flow_network_new(NULL));
}

static void test_network__free_null_is_noop(void **state)
{
    (void)state;
    flow_network_free(NULL);
}

static void test_network__null_handle_is_misuse(void **state)
{
    (void)state;
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_node(NULL, "a", NULL, NULL, NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_network_set_parent(NULL, "a", NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_network_set_number(NULL, "a", "x", 1));
    assert_flow_fails(FLOW_EMISUSE, flow_network_set_text(NULL, "a", "x", "v"));
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_factor(NULL, "talent", NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_flow(NULL, "a", "b", "talent", 1, 2020));
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_member(NULL, "g", "a", NULL));
}

static void test_network__null_handle_accessors_are_empty(void **state)
{
    (void)state;
    assert_int_equal(flow_network_node_count(NULL), 0);
    assert_int_equal(flow_network_node_index(NULL, "a"), -1);
    assert_null(flow_network_node_id(NULL, 0));
    assert_int_equal(flow_network_attr_index(NULL, "gdp"), -1);
    assert_int_equal(flow_network_factor_count(NULL), 0);
    assert_int_equal(flow_network_factor_index(NULL, "talent"), -1);
    assert_int_equal(flow_network_flow_count(NULL), 0);
    assert_int_equal(flow_network_group_count(NULL), 0);
    assert_int_equal(flow_network_group_index(NULL, "g"), -1);
}

static void test_network__freed_handle_is_misuse(void **state)
{
    (void)state;
    /* A selection keeps the network alive after its owner freed it; the
     * closed handle then refuses every change. */
    flow_network *net = china();
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    flow_network_free(net);
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_node(net, "X", NULL, NULL, NULL));
    assert_error_contains("freed");
    assert_flow_fails(FLOW_EMISUSE, flow_network_set_parent(net, "CN-SH", "CN"));
    assert_flow_fails(FLOW_EMISUSE, flow_network_set_number(net, "CN", "gdp", 1));
    assert_flow_fails(FLOW_EMISUSE, flow_network_set_text(net, "CN", "name_zh", "x"));
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_factor(net, "data", NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_flow(net, "CN", "CN-SH", "talent", 1, 2020));
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_member(net, "g", "CN", NULL));
    /* a second free of the closed handle is a no-op */
    flow_network_free(net);
    flow_selection_free(sel);
}

/* ---- nodes ---------------------------------------------------------------- */

static void test_network__add_node_defaults(void **state)
{
    (void)state;
    flow_network *net = new_network();
    assert_flow_ok(flow_network_add_node(net, "a", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "b", "", "", ""));
    assert_flow_ok(flow_network_add_node(net, "c", "Name C", "institution", "a"));
    assert_int_equal(flow_network_node_count(net), 3);
    assert_string_equal(flow_network_node_id(net, 0), "a");
    assert_string_equal(net_text(net, "nodes", "name", 0), "a");
    assert_string_equal(net_text(net, "nodes", "kind", 0), "unknown");
    assert_int_equal(net_int(net, "nodes", "parent", 0), -1);
    assert_string_equal(net_text(net, "nodes", "name", 1), "b");
    assert_string_equal(net_text(net, "nodes", "kind", 1), "unknown");
    assert_int_equal(net_int(net, "nodes", "parent", 1), -1);
    assert_string_equal(net_text(net, "nodes", "name", 2), "Name C");
    assert_string_equal(net_text(net, "nodes", "kind", 2), "institution");
    assert_int_equal(net_int(net, "nodes", "parent", 2), 0);
    assert_int_equal(flow_network_node_index(net, "a"), 0);
    assert_int_equal(flow_network_node_index(net, "c"), 2);
    flow_network_free(net);
}

static void test_network__cjk_ids_and_names(void **state)
{
    (void)state;
    flow_network *net = new_network();
    assert_flow_ok(flow_network_add_node(net, "宁夏", "宁夏回族自治区", "省级行政区", NULL));
    assert_flow_ok(flow_network_add_node(net, "银川", NULL, NULL, "宁夏"));
    assert_int_equal(flow_network_node_index(net, "宁夏"), 0);
    assert_int_equal(flow_network_node_index(net, "银川"), 1);
    assert_string_equal(net_text(net, "nodes", "name", 0), "宁夏回族自治区");
    assert_string_equal(net_text(net, "nodes", "kind", 0), "省级行政区");
    assert_string_equal(net_text(net, "nodes", "name", 1), "银川");
    assert_int_equal(net_int(net, "nodes", "parent", 1), 0);
    flow_network_free(net);
}

static void test_network__node_index_unknown_or_null(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_int_equal(flow_network_node_index(net, "CN-XX"), -1);
    assert_int_equal(flow_network_node_index(net, ""), -1);
    assert_int_equal(flow_network_node_index(net, NULL), -1);
    flow_network_free(net);
}

static void test_network__duplicate_id_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_node(net, "CN-NX", "again", "region", NULL));
    assert_error_contains("duplicate");
    assert_error_contains("CN-NX");
    flow_network_free(net);
}

static void test_network__empty_id_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_add_node(net, "", "x", NULL, NULL));
    assert_error_contains("empty");
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_add_node(net, NULL, "x", NULL, NULL));
    flow_network_free(net);
}

static void test_network__invalid_utf8_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_node(net, "bad\xff", NULL, NULL, NULL));
    assert_error_contains("UTF-8");
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_node(net, "ok", "\xe5\xae", NULL, NULL));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_node(net, "ok", NULL, "\xc0\xaf", NULL));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_node(net, "ok", NULL, NULL, "CN\x80"));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_factor(net, "tal\xffnt", NULL));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_factor(net, "talent2", "\xfe"));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_flow(net, "CN", "CN-SH", "\xff", 1, 2020));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_set_text(net, "CN", "name_zh", "\xe4\xb8"));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_set_number(net, "CN", "g\xffp", 1));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_member(net, "gr\xffup", "CN", NULL));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_member(net, "pairing", "CN", "r\xffle"));
    assert_int_equal(flow_network_node_index(net, "ok"), -1);
    flow_network_free(net);
}

static void test_network__unknown_parent_suggests_nearest(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_ENOTFOUND, net,
                           flow_network_add_node(net, "CN-NX-YC", "Yinchuan", "city", "CN-NY"));
    assert_error_contains("parent");
    assert_error_contains("CN-NY");
    assert_error_contains("did you mean 'CN-NX'");
    /* nothing close enough: no suggestion */
    assert_fails_unchanged(FLOW_ENOTFOUND, net,
                           flow_network_add_node(net, "x", NULL, NULL, "Atlantis-Province"));
    assert_error_contains("Atlantis-Province");
    assert_null(strstr(flow_last_error(), "did you mean"));
    flow_network_free(net);
}

/* ---- parents -------------------------------------------------------------- */

static void test_network__set_parent_sets_and_clears(void **state)
{
    (void)state;
    flow_network *net = china();
    int64_t sh = flow_network_node_index(net, "CN-SH");
    assert_int_equal(net_int(net, "nodes", "parent", (size_t)sh), -1);
    assert_flow_ok(flow_network_set_parent(net, "CN-SH", "CN"));
    assert_int_equal(net_int(net, "nodes", "parent", (size_t)sh), 0);
    assert_flow_ok(flow_network_set_parent(net, "CN-SH", NULL));
    assert_int_equal(net_int(net, "nodes", "parent", (size_t)sh), -1);
    assert_flow_ok(flow_network_set_parent(net, "CN-SH", "CN-BJ"));
    assert_flow_ok(flow_network_set_parent(net, "CN-SH", ""));
    assert_int_equal(net_int(net, "nodes", "parent", (size_t)sh), -1);
    /* moving a subtree is fine as long as no cycle closes */
    assert_flow_ok(flow_network_set_parent(net, "CN-BJ", "CN-SH"));
    assert_int_equal(net_int(net, "nodes", "parent", 2), sh);
    flow_network_free(net);
}

static void test_network__set_parent_cycle_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    /* CN > CN-BJ > CN-BJ-THU: making THU the parent of CN closes a cycle */
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_parent(net, "CN", "CN-BJ-THU"));
    assert_error_contains("cycle");
    assert_int_equal(net_int(net, "nodes", "parent", 0), -1);
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_parent(net, "CN-BJ", "CN-BJ-THU"));
    assert_int_equal(net_int(net, "nodes", "parent", 2), 0);
    /* a node cannot be its own parent */
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_parent(net, "CN-SH", "CN-SH"));
    assert_int_equal(net_int(net, "nodes", "parent", 4), -1);
    flow_network_free(net);
}

static void test_network__set_parent_unknown_ids(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_ENOTFOUND, net, flow_network_set_parent(net, "cn-sh", "CN"));
    assert_error_contains("did you mean 'CN-SH'");
    assert_fails_unchanged(FLOW_ENOTFOUND, net, flow_network_set_parent(net, "CN-SH", "CM"));
    assert_error_contains("CM");
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_parent(net, NULL, "CN"));
    flow_network_free(net);
}

/* ---- attributes ----------------------------------------------------------- */

static void test_network__attributes_numeric_and_text(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_flow_ok(flow_network_set_number(net, "CN-BJ", "gdp", 41610.9));
    assert_flow_ok(flow_network_set_number(net, "CN-SH", "lat", -0.0));
    assert_flow_ok(flow_network_set_number(net, "CN", "population", INFINITY));
    assert_int_equal(net_attr_count(net), 4);
    int64_t gdp = flow_network_attr_index(net, "gdp");
    int64_t zh = flow_network_attr_index(net, "name_zh");
    int64_t pop = flow_network_attr_index(net, "population");
    assert_int_equal(gdp, 0);
    assert_int_equal(zh, 1);
    assert_int_equal(flow_network_attr_index(net, "lat"), 2);
    assert_int_equal(pop, 3);
    assert_int_equal(flow_network_attr_index(net, "GDP"), -1);
    assert_int_equal(flow_network_attr_index(net, NULL), -1);
    /* attribute a is column 4 + a of the nodes table: double when numeric */
    flow_table *nodes = NULL;
    assert_flow_ok(flow_network_table(&nodes, net, "nodes"));
    assert_string_equal(flow_table_column_name(nodes, 4), "gdp");
    assert_string_equal(flow_table_column_name(nodes, 5), "name_zh");
    assert_int_equal(flow_table_column_type(nodes, 4), FLOW_COLUMN_DOUBLE);
    assert_int_equal(flow_table_column_type(nodes, 5), FLOW_COLUMN_TEXT);
    /* values and missing values */
    const double *gdp_col = flow_table_doubles(nodes, 4);
    assert_true(gdp_col[1] == 5069.57);
    assert_true(gdp_col[2] == 41610.9);
    assert_true(isnan(gdp_col[0]));
    assert_true(isnan(gdp_col[4]));
    assert_true(isinf(flow_table_doubles(nodes, 7)[0])); /* population */
    assert_true(signbit(flow_table_doubles(nodes, 6)[4])); /* lat */
    assert_string_equal(flow_table_texts(nodes, 5)[1], "宁夏回族自治区");
    assert_null(flow_table_texts(nodes, 5)[0]);
    flow_table_free(nodes);
    /* overwrite, then clear */
    assert_flow_ok(flow_network_set_number(net, "CN-NX", "gdp", 5315.0));
    assert_true(net_double(net, "nodes", "gdp", 1) == 5315.0);
    assert_flow_ok(flow_network_set_number(net, "CN-NX", "gdp", NAN));
    assert_true(isnan(net_double(net, "nodes", "gdp", 1)));
    assert_flow_ok(flow_network_set_text(net, "CN-NX", "name_zh", "宁夏"));
    assert_string_equal(net_text(net, "nodes", "name_zh", 1), "宁夏");
    assert_flow_ok(flow_network_set_text(net, "CN-NX", "name_zh", NULL));
    assert_null(net_text(net, "nodes", "name_zh", 1));
    assert_flow_ok(flow_network_set_text(net, "CN-NX", "name_zh", ""));
    assert_string_equal(net_text(net, "nodes", "name_zh", 1), "");
    assert_int_equal(net_attr_count(net), 4);
    flow_network_free(net);
}

static void test_network__attribute_missing_for_later_nodes(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_flow_ok(flow_network_add_node(net, "CN-XJ", "新疆", "region", "CN"));
    size_t xj = (size_t)flow_network_node_index(net, "CN-XJ");
    assert_true(isnan(net_double(net, "nodes", "gdp", xj)));
    assert_null(net_text(net, "nodes", "name_zh", xj));
    flow_network_free(net);
}

static void test_network__attribute_type_clash_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_text(net, "CN", "gdp", "big"));
    assert_error_contains("gdp");
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_number(net, "CN", "name_zh", 1));
    assert_error_contains("name_zh");
    /* clearing with the wrong type is a clash too */
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_text(net, "CN-NX", "gdp", NULL));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_set_number(net, "CN-NX", "name_zh", NAN));
    flow_network_free(net);
}

static void test_network__attribute_bad_names_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_number(net, "CN", "", 1));
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_number(net, "CN", NULL, 1));
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_text(net, "CN", "", "x"));
    static const char *const fields[] = {"id", "name", "kind", "parent"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_text(net, "CN", fields[i], "x"));
        assert_error_contains(fields[i]);
        assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_number(net, "CN", fields[i], 1));
    }
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_set_number(net, NULL, "gdp", 1));
    flow_network_free(net);
}

static void test_network__attribute_unknown_node(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_ENOTFOUND, net, flow_network_set_number(net, "CN-NY", "gdp", 1));
    assert_error_contains("did you mean 'CN-NX'");
    assert_fails_unchanged(FLOW_ENOTFOUND, net,
                           flow_network_set_text(net, "nowhere-at-all", "name_zh", "x"));
    flow_network_free(net);
}

/* ---- factors -------------------------------------------------------------- */

static void test_network__factors_and_units(void **state)
{
    (void)state;
    flow_network *net = china();
    /* talent declared with a unit, capital declared by a flow */
    assert_int_equal(flow_network_factor_count(net), 2);
    assert_string_equal(net_text(net, "factors", "name", 0), "talent");
    assert_string_equal(net_text(net, "factors", "unit", 0), "persons");
    assert_string_equal(net_text(net, "factors", "name", 1), "capital");
    assert_null(net_text(net, "factors", "unit", 1)); /* none */
    assert_int_equal(flow_network_factor_index(net, "capital"), 1);
    assert_int_equal(flow_network_factor_index(net, "Capital"), -1);
    assert_int_equal(flow_network_factor_index(net, NULL), -1);
    /* a unit can be given later, repeated, or left out */
    assert_flow_ok(flow_network_add_factor(net, "capital", "100M yuan"));
    assert_string_equal(net_text(net, "factors", "unit", 1), "100M yuan");
    assert_flow_ok(flow_network_add_factor(net, "capital", "100M yuan"));
    assert_flow_ok(flow_network_add_factor(net, "capital", NULL));
    assert_flow_ok(flow_network_add_factor(net, "capital", ""));
    assert_string_equal(net_text(net, "factors", "unit", 1), "100M yuan");
    /* a new factor without a unit */
    assert_flow_ok(flow_network_add_factor(net, "数据", NULL));
    assert_int_equal(flow_network_factor_count(net), 3);
    assert_null(net_text(net, "factors", "unit", 2));
    assert_int_equal(flow_network_factor_index(net, "数据"), 2);
    assert_int_equal(net_rows(net, "factors"), 3);
    flow_network_free(net);
}

static void test_network__factor_unit_conflict_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_add_factor(net, "talent", "people"));
    assert_error_contains("persons");
    assert_error_contains("people");
    assert_string_equal(net_text(net, "factors", "unit", 0), "persons");
    flow_network_free(net);
}

static void test_network__factor_empty_name_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_add_factor(net, "", "persons"));
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_add_factor(net, NULL, NULL));
    flow_network_free(net);
}

/* ---- flows ---------------------------------------------------------------- */

static void test_network__add_flow_and_read_it(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_int_equal(flow_network_flow_count(net), 2);
    assert_int_equal(net_int(net, "flows", "source", 0), 2);
    assert_int_equal(net_int(net, "flows", "target", 0), 1);
    assert_string_equal(net_text(net, "flows", "factor", 0), "talent");
    assert_true(net_double(net, "flows", "weight", 0) == 120);
    assert_int_equal((int)net_int(net, "flows", "year", 0), 2020);
    assert_string_equal(net_text(net, "flows", "factor", 1), "capital");
    assert_int_equal((int)net_int(net, "flows", "year", 1), FLOW_NO_YEAR);
    /* a self-loop is kept as data; a new factor is declared on first use */
    assert_flow_ok(flow_network_add_flow(net, "CN-NX", "CN-NX", "technology", 1e-07, 2021));
    assert_int_equal(flow_network_flow_count(net), 3);
    assert_int_equal(net_int(net, "flows", "source", 2), net_int(net, "flows", "target", 2));
    assert_int_equal(flow_network_factor_index(net, "technology"), 2);
    assert_true(net_double(net, "flows", "weight", 2) == 1e-07);
    /* the year range is inclusive */
    assert_flow_ok(flow_network_add_flow(net, "CN", "CN-SH", "talent", 1, -9999));
    assert_flow_ok(flow_network_add_flow(net, "CN", "CN-SH", "talent", 1, 9999));
    assert_flow_ok(flow_network_add_flow(net, "CN", "CN-SH", "talent", DBL_MIN / 4, 0));
    assert_int_equal((int)net_int(net, "flows", "year", 3), -9999);
    assert_int_equal((int)net_int(net, "flows", "year", 4), 9999);
    assert_int_equal((int)net_int(net, "flows", "year", 5), 0);
    assert_int_equal(flow_network_flow_count(net), 6);
    flow_network_free(net);
}

static void test_network__repeated_flows_are_summed(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 30, 2020));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 0.5, 2020));
    assert_int_equal(flow_network_flow_count(net), 2);
    assert_true(net_double(net, "flows", "weight", 0) == 150.5);
    assert_flow_ok(flow_network_add_flow(net, "CN-SH", "CN-NX", "capital", 1.5, FLOW_NO_YEAR));
    assert_int_equal(flow_network_flow_count(net), 2);
    assert_true(net_double(net, "flows", "weight", 1) == 5.0);
    /* another year, factor or direction is another flow */
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 1, 2021));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "capital", 1, 2020));
    assert_flow_ok(flow_network_add_flow(net, "CN-NX", "CN-BJ", "talent", 1, 2020));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 1, FLOW_NO_YEAR));
    assert_int_equal(flow_network_flow_count(net), 6);
    /* flows keep the index of their first row */
    assert_true(net_double(net, "flows", "weight", 0) == 150.5);
    flow_network_free(net);
}

static void test_network__many_flows_merge_correctly(void **state)
{
    (void)state;
    /* Enough distinct keys to grow the merge table several times. */
    flow_network *net = new_network();
    char id[16];
    for (int i = 0; i < 50; i++) {
        snprintf(id, sizeof id, "n%02d", i);
        assert_flow_ok(flow_network_add_node(net, id, NULL, NULL, NULL));
    }
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < 5000; k++) {
            char s[16], t[16];
            snprintf(s, sizeof s, "n%02d", k % 50);
            snprintf(t, sizeof t, "n%02d", (k / 50) % 50);
            assert_flow_ok(flow_network_add_flow(net, s, t, k % 3 ? "talent" : "capital", 1.0,
                                                 2000 + k / 2500));
        }
    assert_int_equal(flow_network_flow_count(net), 5000);
    flow_table *flows = NULL;
    assert_flow_ok(flow_network_table(&flows, net, "flows"));
    for (size_t k = 0; k < 5000; k++) assert_true(flow_table_doubles(flows, 3)[k] == 2.0);
    flow_table_free(flows);
    flow_network_free(net);
}

/* Enough flows for the flow arrays and the merge table to move to large
 * blocks (network.c big_alloc) while growing, with every key added twice. */
static void test_network__large_network_merges_after_growth(void **state)
{
    (void)state;
    enum { NODES = 600, KEYS = 300000 };
    flow_network *net = new_network();
    char s[16], t[16];
    for (int i = 0; i < NODES; i++) {
        snprintf(s, sizeof s, "n%d", i);
        assert_flow_ok(flow_network_add_node(net, s, NULL, NULL, NULL));
    }
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < KEYS; k++) {
            snprintf(s, sizeof s, "n%d", k % NODES);
            snprintf(t, sizeof t, "n%d", (k / NODES) % NODES);
            int rc = flow_network_add_flow(net, s, t, "talent", round ? 0.5 : 1.0, 2000 + k / 100000);
            if (rc != FLOW_OK) assert_flow_ok(rc);
        }
    assert_int_equal(flow_network_flow_count(net), KEYS);
    flow_table *flows = NULL;
    assert_flow_ok(flow_network_table(&flows, net, "flows"));
    const int64_t *src = flow_table_ints(flows, 0), *tgt = flow_table_ints(flows, 1);
    const double *w = flow_table_doubles(flows, 3);
    for (size_t k = 0; k < KEYS; k++) {
        if (w[k] != 1.5 || src[k] != (int64_t)(k % NODES) ||
            tgt[k] != (int64_t)((k / NODES) % NODES))
            fail_msg("flow %zu: %g %" PRId64 " %" PRId64, k, w[k], src[k], tgt[k]);
    }
    flow_table_free(flows);
    flow_network_free(net);
}

static void test_network__bad_weights_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    const double bad[] = {0.0, -0.0, -1.0, NAN, INFINITY, -INFINITY, -DBL_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        /* a new factor name: it must not be declared by the failed call */
        assert_fails_unchanged(FLOW_EINVAL, net,
                               flow_network_add_flow(net, "CN", "CN-SH", "projects", bad[i], 2020));
        assert_error_contains("weight");
        assert_fails_unchanged(FLOW_EINVAL, net,
                               flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", bad[i], 2020));
    }
    assert_int_equal(flow_network_factor_index(net, "projects"), -1);
    flow_network_free(net);
}

static void test_network__year_out_of_range_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    const int bad[] = {10000, -10000, INT32_MAX, FLOW_NO_YEAR + 1};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_fails_unchanged(FLOW_EINVAL, net,
                               flow_network_add_flow(net, "CN", "CN-SH", "talent", 1, bad[i]));
        assert_error_contains("year");
    }
    flow_network_free(net);
}

static void test_network__unknown_flow_ends_suggest_nearest(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_ENOTFOUND, net,
                           flow_network_add_flow(net, "CN-BK", "CN-NX", "data", 1, 2020));
    assert_error_contains("source");
    assert_error_contains("did you mean 'CN-BJ'");
    assert_fails_unchanged(FLOW_ENOTFOUND, net,
                           flow_network_add_flow(net, "CN-BJ", "cn-nx", "data", 1, 2020));
    assert_error_contains("target");
    assert_error_contains("did you mean 'CN-NX'");
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_flow(net, NULL, "CN-NX", "data", 1, 2020));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_flow(net, "CN-BJ", NULL, "data", 1, 2020));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_flow(net, "CN-BJ", "CN-NX", "", 1, 2020));
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_flow(net, "CN-BJ", "CN-NX", NULL, 1, 2020));
    assert_int_equal(flow_network_factor_index(net, "data"), -1);
    flow_network_free(net);
}

static void test_network__sum_overflow_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_flow_ok(flow_network_add_flow(net, "CN", "CN-SH", "capital", DBL_MAX, 2020));
    size_t k = flow_network_flow_count(net) - 1;
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_flow(net, "CN", "CN-SH", "capital", DBL_MAX, 2020));
    assert_error_contains("overflow");
    assert_true(net_double(net, "flows", "weight", k) == DBL_MAX);
    /* a sum that stays finite is still accepted */
    assert_flow_ok(flow_network_add_flow(net, "CN", "CN-SH", "capital", 1.0, 2020));
    assert_int_equal(flow_network_flow_count(net), k + 1);
    flow_network_free(net);
}

static void test_network__node_id_out_of_range(void **state)
{
    (void)state;
    flow_network *net = china();
    size_t n = flow_network_node_count(net);
    assert_null(flow_network_node_id(net, n));
    assert_null(flow_network_node_id(net, SIZE_MAX));
    flow_network_free(net);
}

/* ---- groups --------------------------------------------------------------- */

static void test_network__groups_and_roles(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_flow_ok(flow_network_add_member(net, "pairing", "CN-NX", "recipient"));
    assert_flow_ok(flow_network_add_member(net, "alliance", "CN-SH", NULL));
    assert_flow_ok(flow_network_add_member(net, "alliance", "CN-NX", ""));
    assert_flow_ok(flow_network_add_member(net, "alliance", "CN-BJ", "lead"));
    assert_int_equal(flow_network_group_count(net), 2);
    assert_int_equal(flow_network_group_index(net, "pairing"), 0);
    assert_int_equal(flow_network_group_index(net, "alliance"), 1);
    assert_int_equal(flow_network_group_index(net, "corridor"), -1);
    assert_int_equal(flow_network_group_index(net, NULL), -1);
    /* one row per (group, member): pairing's 2 members, then alliance's 3 */
    flow_table *t = NULL;
    assert_flow_ok(flow_network_table(&t, net, "groups"));
    assert_int_equal(flow_table_row_count(t), 5);
    static const char *const group[] = {"pairing", "pairing", "alliance", "alliance", "alliance"};
    static const int64_t member[] = {2, 1, 4, 1, 2};
    static const char *const role[] = {"supporter", "recipient", NULL, NULL, "lead"};
    for (size_t r = 0; r < 5; r++) {
        assert_string_equal(flow_table_texts(t, 0)[r], group[r]);
        assert_int_equal(flow_table_ints(t, 1)[r], member[r]);
        if (role[r])
            assert_string_equal(flow_table_texts(t, 2)[r], role[r]);
        else
            assert_null(flow_table_texts(t, 2)[r]); /* NULL and "" mean none */
    }
    flow_table_free(t);
    flow_network_free(net);
}

static void test_network__duplicate_member_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_fails_unchanged(FLOW_EINVAL, net,
                           flow_network_add_member(net, "pairing", "CN-BJ", "other role"));
    assert_error_contains("CN-BJ");
    assert_error_contains("pairing");
    assert_int_equal(net_rows(net, "groups"), 1); /* 1 member */
    /* the same node may be in another group */
    assert_flow_ok(flow_network_add_member(net, "alliance", "CN-BJ", NULL));
    flow_network_free(net);
}

static void test_network__bad_members_refused(void **state)
{
    (void)state;
    flow_network *net = china();
    /* an unknown member does not create the group */
    assert_fails_unchanged(FLOW_ENOTFOUND, net,
                           flow_network_add_member(net, "corridor", "CN-SHX", NULL));
    assert_error_contains("did you mean 'CN-SH'");
    assert_int_equal(flow_network_group_index(net, "corridor"), -1);
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_add_member(net, "", "CN", NULL));
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_add_member(net, NULL, "CN", NULL));
    assert_fails_unchanged(FLOW_EINVAL, net, flow_network_add_member(net, "corridor", NULL, NULL));
    flow_network_free(net);
}

/* Regressions: a prefix suggested nothing ("tech" for "technology"), and a
 * one-character id suggested any other one ("B" -> "A"). */
static void test_network__suggestions_prefix_and_short_ids(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "Shanghai", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "A", "Shanghai", "technology", 1, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "Shanghai", "talent", 1, 2020));
    assert_flow_fails(FLOW_ENOTFOUND, flow_network_add_flow(net, "B", "A", "talent", 1, 2020));
    assert_null(strstr(flow_last_error(), "did you mean"));
    assert_flow_fails(FLOW_ENOTFOUND, flow_network_add_flow(net, "A", "Shang", "talent", 1, 2020));
    assert_error_contains("did you mean 'Shanghai'");
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    const char *tech[] = {"tech"};
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_factors(sel, tech, 1));
    assert_error_contains("did you mean 'technology'");
    const char *ta[] = {"t"}; /* a prefix of both: no suggestion */
    assert_flow_fails(FLOW_ENOTFOUND, flow_selection_set_factors(sel, ta, 1));
    assert_null(strstr(flow_last_error(), "did you mean"));
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- the network as tables -------------------------------------------------- */

static flow_table *network_table(const flow_network *net, const char *part)
{
    flow_table *t = NULL;
    assert_flow_ok(flow_network_table(&t, net, part));
    assert_non_null(t);
    assert_string_equal(flow_table_name(t), part);
    assert_ptr_equal(flow_table_network(t), net);
    return t;
}

static void test_network__table_values(void **state)
{
    (void)state;
    flow_network *net = china();
    assert_flow_ok(flow_network_add_member(net, "pairing", "CN-NX", NULL));

    /* nodes: CN, CN-NX, CN-BJ, CN-BJ-THU, CN-SH; gdp and name_zh set on
     * CN-NX only (the attribute arrays end there: later nodes missing) */
    flow_table *t = network_table(net, "nodes");
    assert_int_equal(flow_table_row_count(t), 5);
    static const char *const cols[] = {"id", "name", "kind", "parent", "gdp", "name_zh"};
    assert_int_equal(flow_table_column_count(t), 6);
    for (size_t c = 0; c < 6; c++) assert_string_equal(flow_table_column_name(t, c), cols[c]);
    assert_string_equal(flow_table_text(t, 1, 1), "宁夏");
    assert_string_equal(flow_table_text(t, 2, 3), "institution");
    assert_string_equal(flow_table_text(t, 3, 3), "CN-BJ"); /* a node cell reads as the id */
    assert_int_equal(flow_table_ints(t, 3)[3], 2);
    assert_int_equal(flow_table_ints(t, 3)[0], -1);
    assert_null(flow_table_text(t, 3, 0));
    const double *gdp = flow_table_doubles(t, 4);
    assert_true(isnan(gdp[0]) && isnan(gdp[2]) && isnan(gdp[4]));
    assert_true(gdp[1] == 5069.57);
    assert_string_equal(flow_table_texts(t, 5)[1], "宁夏回族自治区");
    assert_null(flow_table_texts(t, 5)[4]);
    flow_table_free(t);

    /* factors: talent (persons), capital (declared by its flow, no unit) */
    t = network_table(net, "factors");
    assert_int_equal(flow_table_row_count(t), 2);
    assert_string_equal(flow_table_text(t, 0, 0), "talent");
    assert_string_equal(flow_table_text(t, 1, 0), "persons");
    assert_string_equal(flow_table_text(t, 0, 1), "capital");
    assert_null(flow_table_text(t, 1, 1));
    flow_table_free(t);

    /* flows: CN-BJ -> CN-NX talent 120 2020, CN-SH -> CN-NX capital 3.5 undated */
    t = network_table(net, "flows");
    assert_int_equal(flow_table_row_count(t), 2);
    static const char *const fcols[] = {"source", "target", "factor", "weight", "year"};
    for (size_t c = 0; c < 5; c++) assert_string_equal(flow_table_column_name(t, c), fcols[c]);
    assert_string_equal(flow_table_text(t, 0, 0), "CN-BJ");
    assert_string_equal(flow_table_text(t, 1, 0), "CN-NX");
    assert_string_equal(flow_table_text(t, 2, 0), "talent");
    assert_true(flow_table_doubles(t, 3)[0] == 120);
    assert_int_equal(flow_table_ints(t, 4)[0], 2020);
    assert_string_equal(flow_table_text(t, 0, 1), "CN-SH");
    assert_string_equal(flow_table_text(t, 2, 1), "capital");
    assert_true(flow_table_doubles(t, 3)[1] == 3.5);
    assert_int_equal(flow_table_ints(t, 4)[1], FLOW_NO_YEAR);
    /* no scalar, no part */
    assert_int_equal(flow_table_scalar_count(t), 0);
    assert_int_equal(flow_table_part_count(t), 0);
    flow_table_free(t);

    /* groups: pairing = CN-BJ (supporter), CN-NX (no role) */
    t = network_table(net, "groups");
    assert_int_equal(flow_table_row_count(t), 2);
    assert_string_equal(flow_table_text(t, 0, 0), "pairing");
    assert_string_equal(flow_table_text(t, 1, 0), "CN-BJ");
    assert_string_equal(flow_table_text(t, 2, 0), "supporter");
    assert_string_equal(flow_table_text(t, 1, 1), "CN-NX");
    assert_null(flow_table_text(t, 2, 1));
    flow_table_free(t);
    flow_network_free(net);
}

static void test_network__table_of_empty_network(void **state)
{
    (void)state;
    flow_network *net = new_network();
    static const char *const parts[] = {"nodes", "factors", "flows", "groups"};
    static const size_t ncols[] = {4, 3, 5, 3};
    for (size_t p = 0; p < 4; p++) {
        flow_table *t = network_table(net, parts[p]);
        assert_int_equal(flow_table_row_count(t), 0);
        assert_int_equal(flow_table_column_count(t), ncols[p]);
        assert_null(flow_table_doubles(t, 0));
        assert_null(flow_table_ints(t, 0));
        assert_null(flow_table_texts(t, 0));
        flow_table_free(t);
    }
    flow_network_free(net);
}

static void test_network__provenance_of_a_network_built_in_memory(void **state)
{
    (void)state;
    flow_network *net = china(); /* built with the network's own functions */
    flow_table *t = network_table(net, "provenance");
    assert_string_equal(flow_table_name(t), "provenance");
    assert_int_equal(flow_table_row_count(t), 1);
    assert_int_equal(flow_table_column_count(t), 3);
    assert_int_equal(flow_table_column_index(t, "readme"), 0);
    assert_int_equal(flow_table_column_index(t, "modelled"), 1);
    assert_int_equal(flow_table_column_index(t, "caution"), 2);
    assert_int_equal(flow_table_column_type(t, 0), FLOW_COLUMN_TEXT);
    assert_int_equal(flow_table_column_type(t, 1), FLOW_COLUMN_INT);
    assert_int_equal(flow_table_column_type(t, 2), FLOW_COLUMN_TEXT);
    assert_null(flow_table_texts(t, 0)[0]);
    assert_int_equal(flow_table_ints(t, 1)[0], 0);
    assert_null(flow_table_texts(t, 2)[0]);
    flow_table_free(t);
    flow_network_free(net);
    /* an empty network too */
    net = new_network();
    t = network_table(net, "provenance");
    assert_int_equal(flow_table_row_count(t), 1);
    assert_null(flow_table_texts(t, 0)[0]);
    assert_int_equal(flow_table_ints(t, 1)[0], 0);
    flow_table_free(t);
    flow_network_free(net);
}

static void test_network__table_bad_arguments(void **state)
{
    (void)state;
    flow_network *net = china();
    flow_table *t = (flow_table *)&t; /* must come back NULL */
    assert_flow_fails(FLOW_EINVAL, flow_network_table(NULL, net, "flows"));
    assert_flow_fails(FLOW_EMISUSE, flow_network_table(&t, NULL, "flows"));
    assert_null(t);
    t = (flow_table *)&t;
    assert_flow_fails(FLOW_EINVAL, flow_network_table(&t, net, NULL));
    assert_null(t);
    t = (flow_table *)&t;
    assert_flow_fails(FLOW_ENOTFOUND, flow_network_table(&t, net, "flow"));
    assert_error_contains("did you mean 'flows'");
    assert_null(t);
    assert_flow_fails(FLOW_ENOTFOUND, flow_network_table(&t, net, "zzzzzzzz"));
    assert_error_contains("nodes, factors, flows, groups, provenance");
    /* a handle its owner freed, kept alive by a selection, can be read */
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    flow_network_free(net);
    assert_flow_ok(flow_network_table(&t, net, "nodes"));
    assert_int_equal(flow_table_row_count(t), 5);
    flow_table_free(t);
    flow_selection_free(sel);
}

static void test_network__table_is_a_snapshot_that_outlives_the_network(void **state)
{
    (void)state;
    flow_network *net = china();
    flow_table *flows = network_table(net, "flows"), *nodes = network_table(net, "nodes");
    /* later changes are not in the tables */
    assert_flow_ok(flow_network_add_node(net, "CN-XJ", "新疆", "region", "CN"));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-XJ", "technology", 7, 2021));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 30, 2020));
    assert_int_equal(flow_table_row_count(flows), 2);
    assert_true(flow_table_doubles(flows, 3)[0] == 120);
    assert_int_equal(flow_table_row_count(nodes), 5);
    /* the tables hold the network: they stay readable after its owner frees it */
    flow_network_free(net);
    assert_string_equal(flow_table_text(flows, 0, 0), "CN-BJ");
    assert_string_equal(flow_table_text(flows, 2, 1), "capital");
    assert_string_equal(flow_table_text(nodes, 1, 4), "Shanghai");
    flow_table_free(nodes);
    flow_table_free(flows);
}

/* Large enough for the flow arrays and the table's columns (4 MiB and
 * more: 8 bytes a cell) to live in big mapped blocks (network.c). */
static void test_network__table_of_many_flows(void **state)
{
    (void)state;
    enum { NODES = 300, KEYS = 540000 };
    flow_network *net = new_network();
    char s[16], t[16];
    for (int i = 0; i < NODES; i++) {
        snprintf(s, sizeof s, "v%03d", i);
        assert_flow_ok(flow_network_add_node(net, s, NULL, i % 2 ? "city" : "region", NULL));
    }
    static const char *const factors[] = {"talent", "capital", "technology"};
    for (int k = 0; k < KEYS; k++) {
        snprintf(s, sizeof s, "v%03d", k % NODES);
        snprintf(t, sizeof t, "v%03d", (k / NODES) % NODES);
        int year = k % 7 == 0 ? FLOW_NO_YEAR : 2000 + (k / (NODES * NODES)) % 20;
        assert_flow_ok(flow_network_add_flow(net, s, t, factors[k % 3], 0.5 + k % 11, year));
    }
    assert_true(flow_network_flow_count(net) * sizeof(double) >= ((size_t)4 << 20));
    /* every key is new (the same pair comes back every NODES * NODES rows,
     * with another year), so flow k is row k */
    assert_int_equal(flow_network_flow_count(net), KEYS);
    flow_table *ft = network_table(net, "flows");
    assert_int_equal(flow_table_row_count(ft), KEYS);
    const int64_t *src = flow_table_ints(ft, table_col_typed(ft, "source", FLOW_COLUMN_NODE));
    const int64_t *tgt = flow_table_ints(ft, table_col_typed(ft, "target", FLOW_COLUMN_NODE));
    const char *const *fac = flow_table_texts(ft, table_col_typed(ft, "factor", FLOW_COLUMN_TEXT));
    const double *w = flow_table_doubles(ft, table_col_typed(ft, "weight", FLOW_COLUMN_DOUBLE));
    const int64_t *year = flow_table_ints(ft, table_col_typed(ft, "year", FLOW_COLUMN_INT));
    const char *interned[3];
    for (size_t f = 0; f < 3; f++) interned[f] = fac[f]; /* rows 0-2: the three factors */
    for (size_t k = 0; k < KEYS; k++) {
        int64_t want_year = k % 7 == 0 ? FLOW_NO_YEAR : 2000 + (int64_t)(k / (NODES * NODES)) % 20;
        if (src[k] != (int64_t)(k % NODES) || tgt[k] != (int64_t)((k / NODES) % NODES) ||
            fac[k] != interned[k % 3] || w[k] != 0.5 + (double)(k % 11) || year[k] != want_year)
            fail_msg("flow %zu: %" PRId64 " -> %" PRId64 " %s %g %" PRId64, k, src[k], tgt[k],
                     fac[k], w[k], year[k]);
    }
    for (size_t f = 0; f < 3; f++) assert_string_equal(interned[f], factors[f]);
    flow_table_free(ft);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_network__new_is_empty),
        cmocka_unit_test(test_network__new_null_out_is_einval),
        cmocka_unit_test(test_network__free_null_is_noop),
        cmocka_unit_test(test_network__null_handle_is_misuse),
        cmocka_unit_test(test_network__null_handle_accessors_are_empty),
        cmocka_unit_test(test_network__freed_handle_is_misuse),
        cmocka_unit_test(test_network__add_node_defaults),
        cmocka_unit_test(test_network__cjk_ids_and_names),
        cmocka_unit_test(test_network__node_index_unknown_or_null),
        cmocka_unit_test(test_network__duplicate_id_refused),
        cmocka_unit_test(test_network__empty_id_refused),
        cmocka_unit_test(test_network__invalid_utf8_refused),
        cmocka_unit_test(test_network__unknown_parent_suggests_nearest),
        cmocka_unit_test(test_network__set_parent_sets_and_clears),
        cmocka_unit_test(test_network__set_parent_cycle_refused),
        cmocka_unit_test(test_network__set_parent_unknown_ids),
        cmocka_unit_test(test_network__attributes_numeric_and_text),
        cmocka_unit_test(test_network__attribute_missing_for_later_nodes),
        cmocka_unit_test(test_network__attribute_type_clash_refused),
        cmocka_unit_test(test_network__attribute_bad_names_refused),
        cmocka_unit_test(test_network__attribute_unknown_node),
        cmocka_unit_test(test_network__factors_and_units),
        cmocka_unit_test(test_network__factor_unit_conflict_refused),
        cmocka_unit_test(test_network__factor_empty_name_refused),
        cmocka_unit_test(test_network__add_flow_and_read_it),
        cmocka_unit_test(test_network__repeated_flows_are_summed),
        cmocka_unit_test(test_network__many_flows_merge_correctly),
        cmocka_unit_test(test_network__large_network_merges_after_growth),
        cmocka_unit_test(test_network__bad_weights_refused),
        cmocka_unit_test(test_network__year_out_of_range_refused),
        cmocka_unit_test(test_network__unknown_flow_ends_suggest_nearest),
        cmocka_unit_test(test_network__sum_overflow_refused),
        cmocka_unit_test(test_network__node_id_out_of_range),
        cmocka_unit_test(test_network__groups_and_roles),
        cmocka_unit_test(test_network__duplicate_member_refused),
        cmocka_unit_test(test_network__bad_members_refused),
        cmocka_unit_test(test_network__suggestions_prefix_and_short_ids),
        cmocka_unit_test(test_network__table_values),
        cmocka_unit_test(test_network__table_of_empty_network),
        cmocka_unit_test(test_network__provenance_of_a_network_built_in_memory),
        cmocka_unit_test(test_network__table_bad_arguments),
        cmocka_unit_test(test_network__table_is_a_snapshot_that_outlives_the_network),
        cmocka_unit_test(test_network__table_of_many_flows),
    };
    return cmocka_run_group_tests_name("network", tests, NULL, NULL);
}

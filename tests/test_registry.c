/* Registries: listing as tables, lookup with suggestions, names; and the
 * table reader on the registry's tables (text, int columns, metadata,
 * parts, NULL and out-of-range behaviour). */
#include "testutil.h"

static void test_registry__families_listed(void **state)
{
    (void)state;
    flow_table *t = NULL;
    assert_flow_ok(flow_registry_list(&t, NULL));
    assert_string_equal(flow_table_name(t), "registries");
    assert_null(flow_table_network(t));
    int64_t name = flow_table_column_index(t, "name");
    assert_true(name >= 0);
    assert_int_equal(flow_table_column_type(t, (size_t)name), FLOW_COLUMN_TEXT);
    int found = 0;
    for (size_t r = 0; r < flow_table_row_count(t); r++) {
        const char *fam = flow_table_text(t, (size_t)name, r);
        flow_table *f = NULL;
        assert_flow_ok(flow_registry_list(&f, fam));
        assert_true(flow_table_row_count(f) > 0);
        assert_string_equal(flow_table_meta(f, "family"), fam);
        flow_table_free(f);
        found += strcmp(fam, "centrality") == 0;
    }
    assert_int_equal(found, 1);
    flow_table_free(t);
}

static void test_registry__centrality_table(void **state)
{
    (void)state;
    flow_table *t = NULL;
    assert_flow_ok(flow_registry_list(&t, "centrality"));
    assert_int_equal(flow_table_row_count(t), FLOW_CENTRALITY_MEASURES);
    size_t cname = (size_t)flow_table_column_index(t, "name");
    size_t cvalue = (size_t)flow_table_column_index(t, "value");
    size_t cunits = (size_t)flow_table_column_index(t, "in_units");
    const int64_t *value = flow_table_ints(t, cvalue);
    const char *const *names = flow_table_texts(t, cname);
    assert_non_null(value);
    assert_non_null(names);
    for (size_t r = 0; r < flow_table_row_count(t); r++) {
        /* enum order, and lookup agrees with the table */
        assert_int_equal(value[r], (int64_t)r);
        assert_int_equal(flow_registry_lookup("centrality", names[r]), (int)r);
        assert_string_equal(flow_registry_name("centrality", (int)r), names[r]);
    }
    assert_int_equal(flow_table_ints(t, cunits)[FLOW_NET_FLOW], 1);
    assert_int_equal(flow_table_ints(t, cunits)[FLOW_PAGERANK], 0);
    /* the parameters part, borrowed from its table */
    const flow_table *p = flow_table_part(t, "parameters");
    assert_non_null(p);
    assert_ptr_equal(flow_table_part_at(t, 0), p);
    assert_int_equal(flow_table_part_count(t), 1);
    assert_null(flow_table_part(t, "nope"));
    size_t entry = (size_t)flow_table_column_index(p, "entry");
    size_t pname = (size_t)flow_table_column_index(p, "name");
    size_t pdef = (size_t)flow_table_column_index(p, "default");
    int damping = 0;
    for (size_t r = 0; r < flow_table_row_count(p); r++)
        if (strcmp(flow_table_text(p, entry, r), "pagerank") == 0 &&
            strcmp(flow_table_text(p, pname, r), "damping") == 0) {
            assert_string_equal(flow_table_text(p, pdef, r), "0.85");
            damping = 1;
        }
    assert_true(damping);
    flow_table_free((flow_table *)p); /* a part: no-op */
    assert_non_null(flow_table_name(p));
    flow_table_free(t);
}

static void test_registry__lookup_errors(void **state)
{
    (void)state;
    assert_int_equal(flow_registry_lookup("cluster", "leiden"), FLOW_CLUSTER_LEIDEN);
    assert_int_equal(flow_registry_lookup("format", "gexf"), FLOW_EXPORT_GEXF);
    assert_int_equal(flow_registry_lookup("role", "liaison"), FLOW_BROKER_LIAISON);
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("centrality", "pagernk"));
    assert_error_contains("did you mean 'pagerank'");
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("centrality", "zzzzzzzzzz"));
    assert_error_contains("known: in_strength");
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("clustr", "leiden"));
    assert_error_contains("did you mean 'cluster'");
    assert_flow_fails(FLOW_EINVAL, flow_registry_lookup(NULL, "x"));
    flow_table *t = (flow_table *)1;
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_list(&t, "nope"));
    assert_null(t);
    assert_flow_fails(FLOW_EINVAL, flow_registry_list(NULL, "centrality"));
    assert_null(flow_registry_name("centrality", 99));
    assert_null(flow_registry_name("nope", 0));
}

static void test_registry__table_null_and_range(void **state)
{
    (void)state;
    flow_table_free(NULL);
    assert_null(flow_table_name(NULL));
    assert_int_equal(flow_table_row_count(NULL), 0);
    assert_int_equal(flow_table_column_count(NULL), 0);
    assert_int_equal(flow_table_column_index(NULL, "x"), -1);
    assert_true(isnan(flow_table_scalar(NULL, "x")));
    assert_null(flow_table_meta(NULL, "x"));
    assert_null(flow_table_part(NULL, "x"));
    flow_table *t = NULL;
    assert_flow_ok(flow_registry_list(&t, "length"));
    size_t nc = flow_table_column_count(t);
    assert_null(flow_table_column_name(t, nc));
    assert_int_equal(flow_table_column_type(t, nc), 0);
    assert_null(flow_table_doubles(t, 0)); /* a text column */
    assert_null(flow_table_ints(t, 0));
    assert_null(flow_table_text(t, 0, flow_table_row_count(t)));
    assert_null(flow_table_meta_key(t, flow_table_meta_count(t)));
    assert_null(flow_table_scalar_name(t, 0));
    assert_int_equal(flow_table_scalar_count(t), 0);
    assert_true(isnan(flow_table_scalar(t, "value")));
    flow_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry__families_listed),
        cmocka_unit_test(test_registry__centrality_table),
        cmocka_unit_test(test_registry__lookup_errors),
        cmocka_unit_test(test_registry__table_null_and_range),
    };
    return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}

/*
 * Tests for flow_io_import() and flow_io_load()'s reading of other tools'
 * files (libflow/import.c): delimited edge lists with a column mapping,
 * GraphML, GEXF 1.2 and 1.3, Pajek. Inputs are small texts written under
 * FLOW_TEST_TMPDIR/import. Files written by networkx and python-igraph
 * themselves are read in tests/python/test_interop.py.
 */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FLOW_TEST_TMPDIR
#define FLOW_TEST_TMPDIR "."
#endif

static int sentinel;
#define NOT_NULL ((flow_network *)&sentinel)

/* Writes FLOW_TEST_TMPDIR/import/<name> and returns its path (static). */
static const char *file(const char *name, const char *text)
{
    static char path[1200];
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/import", FLOW_TEST_TMPDIR);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) fail_msg("mkdir %s", dir);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    return path;
}

static double weight_of(const flow_network *net, const char *s, const char *t, const char *factor,
                        int year)
{
    flow_table *flows = NULL;
    assert_flow_ok(flow_network_table(&flows, net, "flows"));
    const int64_t *src = flow_table_ints(flows, table_col(flows, "source"));
    const int64_t *tgt = flow_table_ints(flows, table_col(flows, "target"));
    const char *const *fac = flow_table_texts(flows, table_col(flows, "factor"));
    const double *w = flow_table_doubles(flows, table_col(flows, "weight"));
    const int64_t *y = flow_table_ints(flows, table_col(flows, "year"));
    double out = NAN;
    for (size_t r = 0; r < flow_table_row_count(flows); r++)
        if (strcmp(flow_network_node_id(net, (size_t)src[r]), s) == 0 &&
            strcmp(flow_network_node_id(net, (size_t)tgt[r]), t) == 0 &&
            strcmp(fac[r], factor) == 0 && y[r] == year)
            out = w[r];
    flow_table_free(flows);
    return out;
}

static void expect_fails_at(const char *path, int format, const char *options, int code,
                            const char *text, size_t line, size_t column)
{
    flow_network *net = NOT_NULL;
    assert_flow_fails(code, flow_io_import(&net, path, format, options));
    assert_null(net);
    assert_error_contains(text);
    const char *f = NULL;
    size_t l = 0, c = 0;
    assert_true(flow_last_error_location(&f, &l, &c));
    if (strcmp(f, path) != 0 || l != line || c != column)
        fail_msg("location %s:%zu:%zu, expected %s:%zu:%zu (%s)", f, l, c, path, line, column,
                 flow_last_error());
}

/* ---- edge lists ------------------------------------------------------------ */

static void test_import__gephi_edge_table_case_insensitive(void **state)
{
    (void)state;
    const char *p = file("gephi.csv", "Source,Target,Type,Id,Label,Weight\n"
                                      "A,B,Directed,0,,2.5\nB,C,Directed,1,,1\nA,B,Directed,2,,1\n");
    flow_network *net = NULL;
    /* flow_io_load recognises another tool's header */
    assert_flow_ok(flow_io_load(&net, p));
    assert_int_equal(flow_network_node_count(net), 3);
    assert_int_equal(flow_network_flow_count(net), 2); /* A->B rows summed */
    assert_close(weight_of(net, "A", "B", "flow", FLOW_NO_YEAR), 3.5, 1e-15);
    flow_network_free(net);
}

static void test_import__column_mapping_default_factor_and_year(void **state)
{
    (void)state;
    const char *p = file("mapped.csv", "From Region;To Region;Amount\nX;Y;4\nY;Z;1.5\n");
    flow_network *net = NULL;
    assert_flow_ok(flow_io_import(&net, p, FLOW_INPUT_AUTO,
                                  "source=from region,target=To Region,weight=AMOUNT,"
                                  "default_factor=migration,default_year=2020"));
    assert_int_equal(flow_network_flow_count(net), 2);
    assert_close(weight_of(net, "X", "Y", "migration", 2020), 4, 1e-15);
    assert_close(weight_of(net, "Y", "Z", "migration", 2020), 1.5, 1e-15);
    flow_network_free(net);
}

static void test_import__delimiters_and_headerless_whitespace(void **state)
{
    (void)state;
    flow_network *net = NULL;
    const char *p = file("semi.csv", "source;target;weight;factor\n\"A;1\";B;2;talent\n");
    assert_flow_ok(flow_io_load(&net, p));
    assert_close(weight_of(net, "A;1", "B", "talent", FLOW_NO_YEAR), 2, 1e-15);
    flow_network_free(net);

    p = file("tabs.tsv", "source\ttarget\tweight\nA\tB\t3\n");
    assert_flow_ok(flow_io_load(&net, p));
    assert_close(weight_of(net, "A", "B", "flow", FLOW_NO_YEAR), 3, 1e-15);
    flow_network_free(net);

    p = file("edges.txt", "# a comment\n1 2\n2   3\t4.5  \n\n% another\n");
    assert_flow_ok(flow_io_load(&net, p));
    assert_int_equal(flow_network_node_count(net), 3);
    assert_close(weight_of(net, "1", "2", "flow", FLOW_NO_YEAR), 1, 1e-15);
    assert_close(weight_of(net, "2", "3", "flow", FLOW_NO_YEAR), 4.5, 1e-15);
    flow_network_free(net);
}

static void test_import__edge_list_errors_have_locations(void **state)
{
    (void)state;
    const char *p = file("zero.csv", "source,target,weight\nA,B,1\nA,C,0\n");
    expect_fails_at(p, FLOW_INPUT_AUTO, NULL, FLOW_EPARSE, "weight 0 is not > 0", 3, 5);
    p = file("comma.csv", "source;target;weight\nA;B;2,5\n");
    expect_fails_at(p, FLOW_INPUT_AUTO, NULL, FLOW_EPARSE, "decimal comma", 2, 5);
    p = file("nocol.csv", "a,b,weight\nA,B,1\n");
    expect_fails_at(p, FLOW_INPUT_EDGELIST, "source=a,target=c", FLOW_EPARSE, "no column 'c'", 1,
                    1);
    p = file("year.csv", "source,target,year\nA,B,20x0\n");
    expect_fails_at(p, FLOW_INPUT_EDGELIST, NULL, FLOW_EPARSE, "year '20x0'", 2, 5);
    p = file("short.csv", "source,target,weight\nA\n");
    expect_fails_at(p, FLOW_INPUT_EDGELIST, NULL, FLOW_EPARSE, "the row has 1 field", 2, 1);

    flow_network *net = NOT_NULL;
    assert_flow_fails(FLOW_EINVAL, flow_io_import(&net, p, FLOW_INPUT_EDGELIST, "sorce=a"));
    assert_error_contains("did you mean 'source'");
    assert_null(net);
    assert_flow_fails(FLOW_EINVAL, flow_io_import(&net, p, 42, NULL));
    assert_flow_fails(FLOW_ENOTFOUND, flow_io_import(&net, "/nonexistent/x.csv", -1, NULL));
}

/* ---- GraphML --------------------------------------------------------------- */

#define GRAPHML_HEAD                                                                   \
    "<?xml version='1.0' encoding='utf-8'?>\n"                                         \
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"                      \
    "<key id=\"d0\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"         \
    "<key id=\"d1\" for=\"node\" attr.name=\"gdp\" attr.type=\"double\"/>\n"           \
    "<key id=\"d2\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"          \
    "<key id=\"d3\" for=\"node\" attr.name=\"groups\" attr.type=\"string\"/>\n"        \
    "<key id=\"d4\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"        \
    "<key id=\"d5\" for=\"edge\" attr.name=\"year\" attr.type=\"long\"/>\n"            \
    "<key id=\"d6\" for=\"node\" attr.name=\"parent\" attr.type=\"string\"/>\n"        \
    "<key id=\"d7\" for=\"edge\" attr.name=\"factor\" attr.type=\"string\">"           \
    "<default>talent</default></key>\n"                                                \
    "<graph edgedefault=\"directed\">\n"

static void test_import__graphml_fields_attributes_groups(void **state)
{
    (void)state;
    const char *p = file("g.graphml", GRAPHML_HEAD
                         "<node id=\"CN\"><data key=\"d2\">country</data></node>\n"
                         "<node id=\"CN-BJ\"><data key=\"d0\">Beijing</data>"
                         "<data key=\"d1\">3.5</data><data key=\"d2\">region</data>"
                         "<data key=\"d3\">north;capital</data><data key=\"d6\">CN</data></node>\n"
                         "<node id=\"CN-SH\"><data key=\"d0\">Shanghai &amp; co</data></node>\n"
                         "<edge source=\"CN-BJ\" target=\"CN-SH\"><data key=\"d4\">2.5</data>"
                         "<data key=\"d5\">2020</data></edge>\n"
                         "<edge source=\"CN-SH\" target=\"CN-BJ\"/>\n"
                         "</graph></graphml>\n");
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, p));
    assert_int_equal(flow_network_node_count(net), 3);
    assert_string_equal(net_text(net, "nodes", "name", 1), "Beijing");
    assert_string_equal(net_text(net, "nodes", "name", 2), "Shanghai & co");
    assert_string_equal(net_text(net, "nodes", "kind", 1), "region");
    assert_int_equal(net_int(net, "nodes", "parent", 1), 0);
    assert_close(net_double(net, "nodes", "gdp", 1), 3.5, 1e-15);
    assert_true(isnan(net_double(net, "nodes", "gdp", 2)));
    assert_int_equal(flow_network_group_count(net), 2);
    assert_true(flow_network_group_index(net, "capital") >= 0);
    assert_close(weight_of(net, "CN-BJ", "CN-SH", "talent", 2020), 2.5, 1e-15);
    assert_close(weight_of(net, "CN-SH", "CN-BJ", "talent", FLOW_NO_YEAR), 1, 1e-15);
    flow_network_free(net);
}

static void test_import__graphml_igraph_names_are_ids(void **state)
{
    (void)state;
    const char *p = file("ig.graphml",
                         "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
                         "<key id=\"v_name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
                         "<key id=\"e_weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
                         "<graph id=\"G\" edgedefault=\"undirected\">\n"
                         "<node id=\"n0\"><data key=\"v_name\">CN-BJ</data></node>\n"
                         "<node id=\"n1\"><data key=\"v_name\">CN-SH</data></node>\n"
                         "<edge source=\"n0\" target=\"n1\"><data key=\"e_weight\">7</data></edge>\n"
                         "</graph></graphml>\n");
    flow_network *net = NULL;
    assert_flow_ok(flow_io_import(&net, p, FLOW_INPUT_GRAPHML, NULL));
    assert_true(flow_network_node_index(net, "CN-BJ") == 0);
    assert_close(weight_of(net, "CN-BJ", "CN-SH", "flow", FLOW_NO_YEAR), 7, 1e-15);
    flow_network_free(net);
}

static void test_import__graphml_errors_have_locations(void **state)
{
    (void)state;
    const char *p = file("bad1.graphml", GRAPHML_HEAD "<node id=\"A\"/>\n"
                                                      "<edge source=\"A\" target=\"B\"/>\n"
                                                      "</graph></graphml>\n");
    expect_fails_at(p, FLOW_INPUT_AUTO, NULL, FLOW_ENOTFOUND, "'B' is not a declared node", 13, 1);
    p = file("bad2.graphml", GRAPHML_HEAD "<node id=\"A\"><data key=\"d1\">lots</data></node>\n"
                                          "</graph></graphml>\n");
    expect_fails_at(p, FLOW_INPUT_AUTO, NULL, FLOW_EPARSE, "'gdp' = 'lots' is not a number", 12,
                    1);
    p = file("bad3.graphml", GRAPHML_HEAD "<node id=\"A\">\n</graph></graphml>\n");
    flow_network *net = NOT_NULL;
    assert_flow_fails(FLOW_EPARSE, flow_io_load(&net, p));
    assert_null(net);
    const char *f = NULL;
    size_t l = 0, c = 0;
    assert_true(flow_last_error_location(&f, &l, &c));
    assert_int_equal(l, 13);
    p = file("bad4.graphml", GRAPHML_HEAD "<node id=\"A\"/><node id=\"B\"/>\n"
                                          "<edge source=\"A\" target=\"B\"><data key=\"d4\">-1</data>"
                                          "</edge>\n</graph></graphml>\n");
    expect_fails_at(p, FLOW_INPUT_AUTO, NULL, FLOW_EPARSE, "weight -1 is not > 0", 13, 1);
}

/* ---- GEXF ------------------------------------------------------------------- */

static void test_import__gexf_12_static(void **state)
{
    (void)state;
    const char *p = file("s.gexf",
                         "<?xml version='1.0' encoding='utf-8'?>\n"
                         "<gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">\n"
                         "<graph defaultedgetype=\"directed\" mode=\"static\">\n"
                         "<attributes class=\"node\" mode=\"static\">\n"
                         "<attribute id=\"0\" title=\"pop\" type=\"integer\"/>\n"
                         "<attribute id=\"1\" title=\"kind\" type=\"string\"/>\n"
                         "</attributes>\n"
                         "<nodes><node id=\"a\" label=\"Alpha\"><attvalues>"
                         "<attvalue for=\"0\" value=\"12\"/><attvalue for=\"1\" value=\"city\"/>"
                         "</attvalues></node>\n<node id=\"b\" label=\"Beta\"/></nodes>\n"
                         "<edges><edge id=\"0\" source=\"a\" target=\"b\" weight=\"2.5\" "
                         "kind=\"capital\"/></edges>\n</graph></gexf>\n");
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, p));
    assert_string_equal(net_text(net, "nodes", "name", 0), "Alpha");
    assert_string_equal(net_text(net, "nodes", "kind", 0), "city");
    assert_close(net_double(net, "nodes", "pop", 0), 12, 1e-15);
    assert_close(weight_of(net, "a", "b", "capital", FLOW_NO_YEAR), 2.5, 1e-15);
    flow_network_free(net);
}

static void test_import__gexf_13_dynamic_spells_one_flow_per_year(void **state)
{
    (void)state;
    const char *p = file("d.gexf",
                         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
                         "<graph mode=\"dynamic\" timeformat=\"integer\" defaultedgetype=\"directed\">\n"
                         "<attributes class=\"edge\" mode=\"dynamic\">\n"
                         "<attribute id=\"weight\" title=\"weight\" type=\"double\"/>\n"
                         "</attributes>\n"
                         "<nodes><node id=\"a\"/><node id=\"b\"/></nodes>\n"
                         "<edges><edge id=\"0\" source=\"a\" target=\"b\" weight=\"5\">"
                         "<attvalues><attvalue for=\"weight\" value=\"2\" start=\"2018\" end=\"2018\"/>"
                         "<attvalue for=\"weight\" value=\"3\" start=\"2020\" end=\"2020\"/></attvalues>"
                         "<spells><spell start=\"2018\" end=\"2018\"/><spell start=\"2020\" end=\"2020\"/>"
                         "</spells></edge>\n"
                         "<edge id=\"1\" source=\"b\" target=\"a\" start=\"2019\" end=\"2019\" weight=\"4\"/>"
                         "</edges>\n</graph></gexf>\n");
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, p));
    assert_int_equal(flow_network_flow_count(net), 3);
    assert_close(weight_of(net, "a", "b", "flow", 2018), 2, 1e-15);
    assert_close(weight_of(net, "a", "b", "flow", 2020), 3, 1e-15);
    assert_close(weight_of(net, "b", "a", "flow", 2019), 4, 1e-15);
    flow_network_free(net);
}

static void test_import__gexf_without_graph_fails(void **state)
{
    (void)state;
    const char *p = file("empty.gexf", "<?xml version=\"1.0\"?>\n<gexf version=\"1.3\"></gexf>\n");
    expect_fails_at(p, FLOW_INPUT_AUTO, NULL, FLOW_EPARSE, "no <graph> element", 1, 1);
}

/* ---- Pajek ------------------------------------------------------------------ */

/* Found by fuzz_import: a vertex listed twice leaked its first label, and a
 * second *Vertices line after the arcs outgrew the vertex table. */
static void test_import__pajek_vertex_twice_and_second_vertices_line(void **state)
{
    (void)state;
    const char *p = file("twice.net", "*Vertices 3\n2 \"Alpha\"\n2 \"Beta\"\n*Arcs\n1 2\n");
    expect_fails_at(p, FLOW_INPUT_PAJEK, NULL, FLOW_EPARSE, "vertex 2 is listed twice", 3, 1);
    p = file("second.net", "*Vertices 2\n*Arcs\n1 2\n*Vertices 9\n*Arcs\n9 8\n");
    expect_fails_at(p, FLOW_INPUT_PAJEK, NULL, FLOW_EPARSE, "a second *Vertices line", 4, 1);
}

static void test_import__pajek_labels_arcs_edges(void **state)
{
    (void)state;
    const char *p = file("p.net", "% made by hand\n*Vertices 3\n1 \"Alpha\" 0.1 0.2\n2 \"Beta\"\n"
                                  "3 \"Gamma\"\n*Arcs\n1 2 2.5\n*Edges\n2 3\n*Arcslist\n3 1 2\n");
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, p));
    assert_int_equal(flow_network_node_count(net), 3);
    assert_close(weight_of(net, "Alpha", "Beta", "flow", FLOW_NO_YEAR), 2.5, 1e-15);
    assert_close(weight_of(net, "Beta", "Gamma", "flow", FLOW_NO_YEAR), 1, 1e-15);
    assert_close(weight_of(net, "Gamma", "Alpha", "flow", FLOW_NO_YEAR), 1, 1e-15);
    assert_close(weight_of(net, "Gamma", "Beta", "flow", FLOW_NO_YEAR), 1, 1e-15);
    flow_network_free(net);

    p = file("bad.net", "*Vertices 2\n*Arcs\n1 3\n");
    expect_fails_at(p, FLOW_INPUT_AUTO, NULL, FLOW_EPARSE, "vertex number '3' is not in 1..2", 3,
                    3);
}

static void test_import__registry_family(void **state)
{
    (void)state;
    assert_int_equal(flow_registry_lookup("input_format", "gexf"), FLOW_INPUT_GEXF);
    assert_int_equal(flow_registry_lookup("input_format", "pajek"), FLOW_INPUT_PAJEK);
    assert_string_equal(flow_registry_name("input_format", FLOW_INPUT_EDGELIST), "edgelist");
    flow_table *t = NULL;
    assert_flow_ok(flow_registry_list(&t, "input_format"));
    assert_int_equal(flow_table_row_count(t), 5);
    assert_true(flow_table_row_count(flow_table_part(t, "parameters")) >= 10);
    flow_table_free(t);
}

/* A libflow data set still loads through flow_io_import. */
static void test_import__dataset_passthrough(void **state)
{
    (void)state;
    const char *p = file("flows.csv", "source,target,factor,weight\nA,B,talent,2\n");
    flow_network *net = NULL;
    assert_flow_ok(flow_io_import(&net, p, FLOW_INPUT_DATASET, NULL));
    assert_close(weight_of(net, "A", "B", "talent", FLOW_NO_YEAR), 2, 1e-15);
    flow_network_free(net);
    net = NOT_NULL;
    assert_flow_fails(FLOW_EINVAL, flow_io_import(&net, p, FLOW_INPUT_DATASET, "source=x"));
    assert_null(net);
}

/* flow_io_import_with(): the limits bind every format, the data set too;
 * NULL limits are the defaults. */
static void test_import__with_limits(void **state)
{
    (void)state;
    flow_network *net = NOT_NULL;
    flow_io_options o = FLOW_IO_OPTIONS_INIT;
    o.max_flows = 1;
    const char *p = file("limited.txt", "A B 1\nB C 2\n");
    assert_flow_fails(FLOW_ELIMIT, flow_io_import_with(&net, p, FLOW_INPUT_AUTO, NULL, &o));
    assert_null(net);
    assert_non_null(strstr(flow_last_error(), "limited.txt"));
    assert_non_null(strstr(flow_last_error(), "max_flows"));
    assert_flow_ok(flow_io_import_with(&net, p, FLOW_INPUT_AUTO, NULL, NULL));
    assert_int_equal(flow_network_flow_count(net), 2);
    flow_network_free(net);

    o = (flow_io_options)FLOW_IO_OPTIONS_INIT;
    o.max_nodes = 1;
    p = file("flows.csv", "source,target,factor,weight\nA,B,talent,2\n");
    assert_flow_fails(FLOW_ELIMIT, flow_io_import_with(&net, p, FLOW_INPUT_DATASET, NULL, &o));
    assert_non_null(strstr(flow_last_error(), "max_nodes"));
    o = (flow_io_options)FLOW_IO_OPTIONS_INIT;
    o.max_file_size = 8;
    assert_flow_fails(FLOW_ELIMIT, flow_io_import_with(&net, p, FLOW_INPUT_EDGELIST, NULL, &o));
    assert_non_null(strstr(flow_last_error(), "max_file_size"));
    o = (flow_io_options)FLOW_IO_OPTIONS_INIT;
    o.version = 99;
    assert_flow_fails(FLOW_EINVAL, flow_io_import_with(&net, p, FLOW_INPUT_AUTO, NULL, &o));
    assert_null(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import__gephi_edge_table_case_insensitive),
        cmocka_unit_test(test_import__column_mapping_default_factor_and_year),
        cmocka_unit_test(test_import__delimiters_and_headerless_whitespace),
        cmocka_unit_test(test_import__edge_list_errors_have_locations),
        cmocka_unit_test(test_import__graphml_fields_attributes_groups),
        cmocka_unit_test(test_import__graphml_igraph_names_are_ids),
        cmocka_unit_test(test_import__graphml_errors_have_locations),
        cmocka_unit_test(test_import__gexf_12_static),
        cmocka_unit_test(test_import__gexf_13_dynamic_spells_one_flow_per_year),
        cmocka_unit_test(test_import__gexf_without_graph_fails),
        cmocka_unit_test(test_import__pajek_labels_arcs_edges),
        cmocka_unit_test(test_import__pajek_vertex_twice_and_second_vertices_line),
        cmocka_unit_test(test_import__registry_family),
        cmocka_unit_test(test_import__dataset_passthrough),
        cmocka_unit_test(test_import__with_limits),
    };
    return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}

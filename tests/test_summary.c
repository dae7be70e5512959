/*
 * Summaries (libflow/summary.h): counts by kind, factor and year, density,
 * reciprocity, and the text / JSON renderings.
 *
 * Most cases use `tiny` (the same network as test_selection.c):
 *
 *   nodes (in order)  A region, B region, C country, D institution (no flow)
 *   factors           talent (persons), capital (100M yuan) - declared in
 *                     this order, so network order differs from name order
 *   flows (in order)  f0 B->C capital 30   2021
 *                     f1 A->B talent   3   2019
 *                     f2 A->B talent   2   2020
 *                     f3 A->B capital  10  2020
 *                     f4 B->A talent   1   2019
 *                     f5 C->A talent   4   (no year)
 *                     f6 A->A talent   5   2020   (self-loop)
 *
 * Its directed graph has the edges A->B, B->A, B->C, C->A over 4 vertices.
 * Hand-computed values are explained beside each check;
 * test_summary__matches_networkx compares density and reciprocity with
 * networkx on a random graph.
 */
#include "testutil.h"
#include "locale_util.h"
#include "pyoracle.h"

#include <locale.h>


static flow_selection *new_selection(flow_network *net)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    return sel;
}

static flow_summary *summarise(flow_selection *sel)
{
    flow_summary *s = NULL;
    assert_flow_ok(flow_summary_new(&s, sel));
    assert_non_null(s);
    return s;
}

/* ---- counts ------------------------------------------------------------------- */

static void test_summary__counts_of_the_whole_network(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    assert_int_equal(flow_summary_node_count(s), 4);
    assert_int_equal(flow_summary_edge_count(s), 4); /* A->B, B->A, B->C, C->A */
    assert_int_equal(flow_summary_flow_count(s), 7); /* every flow, the self-loop too */
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__kinds_sorted_with_counts(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    /* by name: country (C), institution (D), region (A, B) */
    assert_int_equal(flow_summary_kind_count(s), 3);
    assert_string_equal(flow_summary_kind_name(s, 0), "country");
    assert_int_equal(flow_summary_kind_nodes(s, 0), 1);
    assert_string_equal(flow_summary_kind_name(s, 1), "institution");
    assert_int_equal(flow_summary_kind_nodes(s, 1), 1);
    assert_string_equal(flow_summary_kind_name(s, 2), "region");
    assert_int_equal(flow_summary_kind_nodes(s, 2), 2);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__factors_in_network_order_with_units(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    assert_int_equal(flow_summary_factor_count(s), 2);
    /* talent first (declared first), though "capital" sorts before it */
    assert_string_equal(flow_summary_factor_name(s, 0), "talent");
    assert_string_equal(flow_summary_factor_unit(s, 0), "persons");
    assert_int_equal(flow_summary_factor_flows(s, 0), 5); /* f1 f2 f4 f5 f6 */
    assert_close(flow_summary_factor_weight(s, 0), 15, 1e-15); /* 3+2+1+4+5 */
    assert_string_equal(flow_summary_factor_name(s, 1), "capital");
    assert_string_equal(flow_summary_factor_unit(s, 1), "100M yuan");
    assert_int_equal(flow_summary_factor_flows(s, 1), 2); /* f0 f3 */
    assert_close(flow_summary_factor_weight(s, 1), 40, 1e-15);
    flow_summary_free(s);

    /* a factor without a unit reports "" */
    assert_flow_ok(flow_network_add_flow(net, "D", "A", "data", 1, 2022));
    s = summarise(sel); /* the selection rebuilds: the network changed */
    assert_int_equal(flow_summary_factor_count(s), 3);
    assert_string_equal(flow_summary_factor_name(s, 2), "data");
    assert_string_equal(flow_summary_factor_unit(s, 2), "");
    assert_int_equal(flow_summary_flow_count(s), 8);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__years_ascending_no_year_first(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    /* first seen: 2021 (f0), 2019, 2020, none (f5); listed ascending with
     * the yearless first */
    assert_int_equal(flow_summary_year_count(s), 4);
    assert_int_equal(flow_summary_year(s, 0), FLOW_NO_YEAR);
    assert_int_equal(flow_summary_year_flows(s, 0), 1); /* f5 */
    assert_close(flow_summary_year_weight(s, 0), 4, 1e-15);
    assert_int_equal(flow_summary_year(s, 1), 2019);
    assert_int_equal(flow_summary_year_flows(s, 1), 2); /* f1 3 + f4 1 */
    assert_close(flow_summary_year_weight(s, 1), 4, 1e-15);
    assert_int_equal(flow_summary_year(s, 2), 2020);
    assert_int_equal(flow_summary_year_flows(s, 2), 3); /* f2 2 + f3 10 + f6 5 */
    assert_close(flow_summary_year_weight(s, 2), 17, 1e-15);
    assert_int_equal(flow_summary_year(s, 3), 2021);
    assert_int_equal(flow_summary_year_flows(s, 3), 1); /* f0 30 */
    assert_close(flow_summary_year_weight(s, 3), 30, 1e-15);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__negative_and_zero_years_sort(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 1, 5));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 2, 0));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 4, -9999));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 8, FLOW_NO_YEAR));
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    static const int years[] = {FLOW_NO_YEAR, -9999, 0, 5};
    static const double weights[] = {8, 4, 2, 1};
    assert_int_equal(flow_summary_year_count(s), 4);
    for (size_t y = 0; y < 4; y++) {
        assert_int_equal(flow_summary_year(s, y), years[y]);
        assert_int_equal(flow_summary_year_flows(s, y), 1);
        assert_close(flow_summary_year_weight(s, y), weights[y], 1e-15);
    }
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__follows_factor_and_year_filters(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    const char *talent[] = {"talent"};
    assert_flow_ok(flow_selection_set_factors(sel, talent, 1));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2020));
    flow_summary *s = summarise(sel);
    /* kept: f1 3, f2 2, f4 1 (talent 2019-2020) and the self-loop f6 5 */
    assert_int_equal(flow_summary_flow_count(s), 4);
    assert_int_equal(flow_summary_node_count(s), 4);
    assert_int_equal(flow_summary_edge_count(s), 2); /* A->B, B->A */
    assert_int_equal(flow_summary_factor_count(s), 1);
    assert_string_equal(flow_summary_factor_name(s, 0), "talent");
    assert_int_equal(flow_summary_factor_flows(s, 0), 4);
    assert_close(flow_summary_factor_weight(s, 0), 11, 1e-15);
    assert_int_equal(flow_summary_year_count(s), 2); /* no yearless entry */
    assert_int_equal(flow_summary_year(s, 0), 2019);
    assert_close(flow_summary_year_weight(s, 0), 4, 1e-15);
    assert_int_equal(flow_summary_year(s, 1), 2020);
    assert_int_equal(flow_summary_year_flows(s, 1), 2);
    assert_close(flow_summary_year_weight(s, 1), 7, 1e-15);
    /* 2 edges over 4 vertices: 2 / 12; both reciprocated */
    assert_close(flow_summary_density(s), 2.0 / 12, 1e-15);
    assert_close(flow_summary_reciprocity(s), 1, 1e-15);
    flow_summary_free(s);

    /* a kept factor with nothing in the range is still listed, with 0 */
    const char *both[] = {"talent", "capital"};
    assert_flow_ok(flow_selection_set_factors(sel, both, 2));
    assert_flow_ok(flow_selection_set_years(sel, 2019, 2019));
    s = summarise(sel);
    assert_int_equal(flow_summary_factor_count(s), 2);
    assert_string_equal(flow_summary_factor_name(s, 1), "capital");
    assert_int_equal(flow_summary_factor_flows(s, 1), 0);
    assert_close(flow_summary_factor_weight(s, 1), 0, 1e-15);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__share_reports_raw_weights(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_combine(sel, FLOW_COMBINE_SHARE));
    flow_summary *s = summarise(sel);
    /* totals in each factor's unit, before normalisation */
    assert_close(flow_summary_factor_weight(s, 0), 15, 1e-15);
    assert_close(flow_summary_factor_weight(s, 1), 40, 1e-15);
    assert_close(flow_summary_year_weight(s, 3), 30, 1e-15);
    assert_int_equal(flow_summary_flow_count(s), 7);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__rolled_up_kinds(void **state)
{
    (void)state;
    /* P1 province <- C1 city <- U1, U2 institutions; C2 city without
     * province <- U3; roll-up to provinces leaves P1, C2, U3 */
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "P1", NULL, "province", NULL));
    assert_flow_ok(flow_network_add_node(net, "C1", NULL, "city", "P1"));
    assert_flow_ok(flow_network_add_node(net, "U1", NULL, "institution", "C1"));
    assert_flow_ok(flow_network_add_node(net, "U2", NULL, "institution", "C1"));
    assert_flow_ok(flow_network_add_node(net, "C2", NULL, "city", NULL));
    assert_flow_ok(flow_network_add_node(net, "U3", NULL, "institution", "C2"));
    assert_flow_ok(flow_network_add_flow(net, "U1", "U2", "talent", 2, 2020)); /* internal P1 */
    assert_flow_ok(flow_network_add_flow(net, "U1", "U3", "talent", 3, 2020)); /* P1->U3 */
    assert_flow_ok(flow_network_add_flow(net, "U3", "C1", "talent", 1, 2020)); /* U3->P1 */
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_level(sel, "province"));
    flow_summary *s = summarise(sel);
    assert_int_equal(flow_summary_node_count(s), 3);
    assert_int_equal(flow_summary_edge_count(s), 2);
    assert_int_equal(flow_summary_flow_count(s), 3); /* flows, not edges */
    assert_int_equal(flow_summary_kind_count(s), 3);
    assert_string_equal(flow_summary_kind_name(s, 0), "city");
    assert_string_equal(flow_summary_kind_name(s, 1), "institution");
    assert_string_equal(flow_summary_kind_name(s, 2), "province");
    for (size_t k = 0; k < 3; k++) assert_int_equal(flow_summary_kind_nodes(s, k), 1);
    /* 2 edges / (3 * 2) directed pairs; P1->U3 and U3->P1 reciprocate */
    assert_close(flow_summary_density(s), 2.0 / 6, 1e-15);
    assert_close(flow_summary_reciprocity(s), 1, 1e-15);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- density and reciprocity ------------------------------------------------ */

static void test_summary__density_directed_and_undirected(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    /* directed: m / (n (n - 1)) = 4 / (4 * 3) */
    assert_close(flow_summary_density(s), 1.0 / 3, 1e-15);
    flow_summary_free(s);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    /* undirected: pairs A-B, B-C, A-C: 3 / (4 * 3 / 2) */
    assert_int_equal(flow_summary_edge_count(s), 3);
    assert_close(flow_summary_density(s), 0.5, 1e-15);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__density_zero_below_two_vertices(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel); /* n = 0 */
    assert_int_equal(flow_summary_node_count(s), 0);
    assert_true(flow_summary_density(s) == 0);
    flow_summary_free(s);
    /* n = 1 with a self-loop: no edge, density 0 (not 0/0) */
    assert_flow_ok(flow_network_add_node(net, "A", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "A", "A", "talent", 1, 2020));
    s = summarise(sel);
    assert_int_equal(flow_summary_node_count(s), 1);
    assert_int_equal(flow_summary_edge_count(s), 0);
    assert_int_equal(flow_summary_flow_count(s), 1);
    assert_true(flow_summary_density(s) == 0);
    flow_summary_free(s);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    assert_true(flow_summary_density(s) == 0);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__reciprocity(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    /* A->B and B->A have their reverse, B->C and C->A do not: 2 / 4
     * (networkx.reciprocity of the same DiGraph: 0.5) */
    assert_close(flow_summary_reciprocity(s), 0.5, 1e-15);
    flow_summary_free(s);
    /* unweighted: a heavier reverse changes nothing */
    assert_flow_ok(flow_network_add_flow(net, "B", "A", "capital", 1000, 2020));
    s = summarise(sel);
    assert_close(flow_summary_reciprocity(s), 0.5, 1e-15);
    flow_summary_free(s);
    /* undirected: 1 */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    assert_close(flow_summary_reciprocity(s), 1, 1e-15);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__reciprocity_nan_without_edges(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 1990, 1999)); /* nothing */
    flow_summary *s = summarise(sel);
    assert_int_equal(flow_summary_edge_count(s), 0);
    assert_int_equal(flow_summary_flow_count(s), 0);
    assert_int_equal(flow_summary_year_count(s), 0);
    assert_int_equal(flow_summary_node_count(s), 4);
    assert_true(isnan(flow_summary_reciprocity(s)));
    assert_true(flow_summary_density(s) == 0);
    flow_summary_free(s);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    assert_true(isnan(flow_summary_reciprocity(s))); /* NAN even when undirected */
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- formats ------------------------------------------------------------------ */

static void test_summary__format_text(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    char *text = NULL;
    assert_flow_ok(flow_summary_format(&text, s, FLOW_FORMAT_TEXT));
    assert_non_null(text);
    assert_non_null(strstr(text, "nodes        4\n"));
    assert_non_null(strstr(text, "edges        4\n"));
    assert_non_null(strstr(text, "flows        7\n"));
    assert_non_null(strstr(text, "density      0.3333\n"));
    assert_non_null(strstr(text, "reciprocity  0.5\n"));
    assert_non_null(strstr(text, "region"));
    assert_non_null(strstr(text, "total 15 persons"));
    assert_non_null(strstr(text, "total 40 100M yuan"));
    assert_non_null(strstr(text, "(no year)"));
    assert_non_null(strstr(text, "2021"));
    /* talent is listed before capital (network order) */
    assert_true(strstr(text, "talent") < strstr(text, "capital"));
    flow_free(text);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Writes `json` to a scratch file and runs Python on it: `checks` is Python
 * code with the parsed object in `d`; returns its output (caller frees). */
static char *python_on_json(const char *json, const char *checks)
{
    char path[512];
    temp_path(path, sizeof path, "summary-json");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(json, f);
    assert_int_equal(fclose(f), 0);
    char script[4096];
    snprintf(script, sizeof script,
             "import json, sys\n"
             "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
             "%s\n",
             checks);
    char *out = run_python(script, path, NULL, NULL);
    unlink(path);
    return out;
}

/* The brief check: the JSON parses with Python's json module, read from
 * stdin through popen exactly as a consumer would pipe it. */
static void assert_json_parses(const char *json)
{
    if (!path_exists(PYTHON)) {
        print_message("skipped: %s not found\n", PYTHON);
        skip();
    }
    FILE *p = popen(PYTHON " -c 'import json,sys;json.load(sys.stdin)'", "w");
    assert_non_null(p);
    fputs(json, p);
    int status = pclose(p);
    if (status != 0) {
        print_error("python could not parse:\n%s\n", json);
        fail();
    }
}

static void test_summary__format_json_parses(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    char *json = NULL;
    assert_flow_ok(flow_summary_format(&json, s, FLOW_FORMAT_JSON));
    assert_non_null(json);
    assert_int_equal(json[0], '{');
    assert_json_parses(json);
    char *out = python_on_json(
        json,
        "print(d['nodes'], d['edges'], d['flows'], d['density'], d['reciprocity'])\n"
        "print(sorted(d['kinds'].items()))\n"
        "print([(f['name'], f['unit'], f['flows'], float(f['weight'])) for f in d['factors']])\n"
        "print([(y['year'], y['flows'], float(y['weight'])) for y in d['years']])");
    assert_string_equal(out,
                        "4 4 7 0.3333333333333333 0.5\n"
                        "[('country', 1), ('institution', 1), ('region', 2)]\n"
                        "[('talent', 'persons', 5, 15.0), ('capital', '100M yuan', 2, 40.0)]\n"
                        "[(None, 1, 4.0), (2019, 2, 4.0), (2020, 3, 17.0), (2021, 1, 30.0)]\n");
    free(out);
    flow_free(json);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__format_json_escapes_strings_and_nan(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    /* kinds and units with quotes, backslashes, control characters and
     * non-ASCII text */
    assert_flow_ok(flow_network_add_node(net, "A", NULL, "say \"hi\"\\", NULL));
    assert_flow_ok(flow_network_add_node(net, "B", NULL, "tab\there\x01", NULL));
    assert_flow_ok(flow_network_add_node(net, "C", NULL, "\xe7\x9c\x81", NULL)); /* 省 */
    assert_flow_ok(flow_network_add_factor(net, "talent", "\"persons\"\n"));
    assert_flow_ok(flow_network_add_flow(net, "A", "A", "talent", 1, FLOW_NO_YEAR));
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    assert_true(isnan(flow_summary_reciprocity(s))); /* no edge: rendered as null */
    char *json = NULL;
    assert_flow_ok(flow_summary_format(&json, s, FLOW_FORMAT_JSON));
    char *out = python_on_json(json,
                               "assert d['reciprocity'] is None\n"
                               "assert d['density'] == 0\n"
                               "assert d['kinds'] == {'say \"hi\"\\\\': 1, 'tab\\there\\x01': 1,"
                               " '\\u7701': 1}, d['kinds']\n"
                               "assert d['factors'][0]['unit'] == '\"persons\"\\n'\n"
                               "assert d['years'] == [{'year': None, 'flows': 1, 'weight': 1}]\n"
                               "print('ok')");
    assert_string_equal(out, "ok\n");
    free(out);
    flow_free(json);
    /* the text rendering copes too */
    char *text = NULL;
    assert_flow_ok(flow_summary_format(&text, s, FLOW_FORMAT_TEXT));
    assert_non_null(strstr(text, "reciprocity  nan"));
    flow_free(text);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__format_json_of_an_empty_network(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    assert_int_equal(flow_summary_kind_count(s), 0);
    assert_int_equal(flow_summary_factor_count(s), 0);
    assert_int_equal(flow_summary_year_count(s), 0);
    char *json = NULL;
    assert_flow_ok(flow_summary_format(&json, s, FLOW_FORMAT_JSON));
    char *out = python_on_json(json, "print(d)");
    assert_string_equal(out, "{'nodes': 0, 'edges': 0, 'flows': 0, 'density': 0, "
                             "'reciprocity': None, 'kinds': {}, 'factors': [], 'years': []}\n");
    free(out);
    flow_free(json);
    char *text = NULL;
    assert_flow_ok(flow_summary_format(&text, s, FLOW_FORMAT_TEXT));
    assert_non_null(strstr(text, "nodes        0\n"));
    flow_free(text);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__format_rejects_bad_arguments(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    char *out = (char *)1;
    assert_flow_fails(FLOW_EINVAL, flow_summary_format(&out, s, 2));
    assert_null(out);
    out = (char *)1;
    assert_flow_fails(FLOW_EINVAL, flow_summary_format(&out, s, -1));
    assert_null(out);
    assert_flow_fails(FLOW_EINVAL, flow_summary_format(NULL, s, FLOW_FORMAT_TEXT));
    out = (char *)1;
    assert_flow_fails(FLOW_EMISUSE, flow_summary_format(&out, NULL, FLOW_FORMAT_JSON));
    assert_null(out);
    /* the summary is still fine */
    assert_int_equal(flow_summary_node_count(s), 4);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: numbers in the JSON were printed with printf's %g, which
 * follows LC_NUMERIC: under a locale with a decimal comma the output
 * ("density": 0,3333...) was not JSON. */
static void test_summary__json_numbers_ignore_the_locale(void **state)
{
    (void)state;
    const char *old = setlocale(LC_NUMERIC, NULL);
    char saved[128];
    snprintf(saved, sizeof saved, "%s", old ? old : "C");
    if (!use_decimal_comma_locale()) {
        setlocale(LC_NUMERIC, saved);
        print_message("skipped: no locale with a decimal comma is available\n");
        skip();
    }
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    char *json = NULL, *text = NULL;
    int rc = flow_summary_format(&json, s, FLOW_FORMAT_JSON);
    int rc2 = flow_summary_format(&text, s, FLOW_FORMAT_TEXT);
    setlocale(LC_NUMERIC, saved);
    assert_flow_ok(rc);
    assert_flow_ok(rc2);
    assert_non_null(strstr(json, "\"density\": 0.3333333333333333,"));
    assert_non_null(strstr(json, "\"reciprocity\": 0.5"));
    assert_null(strstr(json, "0,3"));
    assert_null(strstr(json, "0,5"));
    assert_json_parses(json);
    /* the text is locale-independent too */
    assert_non_null(strstr(text, "density      0.3333\n"));
    assert_non_null(strstr(text, "reciprocity  0.5\n"));
    flow_free(text);
    flow_free(json);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* Regression: flow_summary_new() passed the NULL data of an empty GArray to
 * qsort() (no kind: an empty network; no year: nothing kept), undefined
 * behaviour that UBSan aborts on. Meaningful in the sanitised build. */
static void test_summary__empty_kind_and_year_lists_are_not_sorted(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel); /* no kind, no year */
    assert_int_equal(flow_summary_kind_count(s), 0);
    assert_int_equal(flow_summary_year_count(s), 0);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);

    net = tiny_flows_network();
    sel = new_selection(net);
    assert_flow_ok(flow_selection_set_years(sel, 1900, 1900)); /* kinds, but no year */
    s = summarise(sel);
    assert_int_equal(flow_summary_kind_count(s), 3);
    assert_int_equal(flow_summary_year_count(s), 0);
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- lifetimes and misuse ----------------------------------------------------- */

static void test_summary__outlives_network_and_selection(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    flow_network_free(net);   /* first the network handle, */
    flow_selection_free(sel); /* then the selection: the summary keeps the network */
    /* names are borrowed from the network, still alive */
    assert_string_equal(flow_summary_kind_name(s, 2), "region");
    assert_string_equal(flow_summary_factor_name(s, 0), "talent");
    assert_string_equal(flow_summary_factor_unit(s, 1), "100M yuan");
    char *text = NULL;
    assert_flow_ok(flow_summary_format(&text, s, FLOW_FORMAT_TEXT));
    assert_non_null(strstr(text, "persons"));
    flow_free(text);
    flow_summary_free(s); /* the last reference (ASan checks the rest) */

    /* and a summary made after the network handle was freed */
    net = tiny_flows_network();
    sel = new_selection(net);
    flow_network_free(net);
    s = summarise(sel);
    assert_int_equal(flow_summary_edge_count(s), 4);
    flow_summary_free(s);
    flow_selection_free(sel);
}

static void test_summary__null_handles(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = (flow_summary *)1;
    assert_flow_fails(FLOW_EINVAL, flow_summary_new(NULL, sel));
    assert_flow_fails(FLOW_EMISUSE, flow_summary_new(&s, NULL));
    assert_null(s);

    assert_int_equal(flow_summary_node_count(NULL), 0);
    assert_int_equal(flow_summary_edge_count(NULL), 0);
    assert_int_equal(flow_summary_flow_count(NULL), 0);
    assert_true(isnan(flow_summary_density(NULL)));
    assert_true(isnan(flow_summary_reciprocity(NULL)));
    assert_int_equal(flow_summary_kind_count(NULL), 0);
    assert_null(flow_summary_kind_name(NULL, 0));
    assert_int_equal(flow_summary_kind_nodes(NULL, 0), 0);
    assert_int_equal(flow_summary_factor_count(NULL), 0);
    assert_null(flow_summary_factor_name(NULL, 0));
    assert_null(flow_summary_factor_unit(NULL, 0));
    assert_int_equal(flow_summary_factor_flows(NULL, 0), 0);
    assert_true(isnan(flow_summary_factor_weight(NULL, 0)));
    assert_int_equal(flow_summary_year_count(NULL), 0);
    assert_int_equal(flow_summary_year(NULL, 0), FLOW_NO_YEAR);
    assert_int_equal(flow_summary_year_flows(NULL, 0), 0);
    assert_true(isnan(flow_summary_year_weight(NULL, 0)));
    flow_summary_free(NULL); /* no-op */
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_summary__out_of_range_accessors(void **state)
{
    (void)state;
    flow_network *net = tiny_flows_network();
    flow_selection *sel = new_selection(net);
    flow_summary *s = summarise(sel);
    assert_null(flow_summary_kind_name(s, 3));
    assert_int_equal(flow_summary_kind_nodes(s, 3), 0);
    assert_null(flow_summary_factor_name(s, 2));
    assert_null(flow_summary_factor_unit(s, 2));
    assert_int_equal(flow_summary_factor_flows(s, 2), 0);
    assert_true(isnan(flow_summary_factor_weight(s, 2)));
    assert_int_equal(flow_summary_year(s, 4), FLOW_NO_YEAR);
    assert_int_equal(flow_summary_year_flows(s, 4), 0);
    assert_true(isnan(flow_summary_year_weight(s, SIZE_MAX)));
    flow_summary_free(s);
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- cross-check with networkx -------------------------------------------------- */

/*
 * Reference values: networkx (nx.density, nx.reciprocity) on the DiGraph
 * built from the default selection's edges (flow_selection_edge_source /
 * target) plus every vertex, and nx.density of nx.Graph(that DiGraph) for
 * the undirected selection. The script also rebuilds the edge set from the
 * raw generated rows (self-loops dropped) and checks it equals the
 * selection's, so the graph fed to networkx is itself checked.
 */
static const char networkx_py[] =
    "import sys\n"
    "try:\n"
    "    import networkx as nx\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "rows, edges, nodes = sys.argv[1:4]\n"
    "G = nx.DiGraph()\n"
    "G.add_nodes_from(l.strip() for l in open(nodes) if l.strip())\n"
    "for line in open(edges):\n"
    "    s, t, w = line.split('\\t')\n"
    "    G.add_edge(s, t, weight=float(w))\n"
    "raw = set()\n"
    "for line in open(rows):\n"
    "    s, t = line.split('\\t')[:2]\n"
    "    if s != t: raw.add((s, t))\n"
    "assert raw == set(G.edges()), 'edge sets differ'\n"
    "print('nodes %d' % G.number_of_nodes())\n"
    "print('edges %d' % G.number_of_edges())\n"
    "print('density %r' % nx.density(G))\n"
    "print('reciprocity %r' % nx.reciprocity(G))\n"
    "U = nx.Graph(G)\n"
    "print('uedges %d' % U.number_of_edges())\n"
    "print('udensity %r' % nx.density(U))\n";

static double oracle_value(const char *out, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "%s ", key);
    for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, pat, strlen(pat)) == 0) return strtod(p + strlen(pat), NULL);
    print_error("oracle output lacks '%s':\n%s\n", key, out);
    fail();
    return NAN;
}

static void test_summary__matches_networkx(void **state)
{
    (void)state;
    random_row rows[RANDOM_ROWS];
    random_rows(rows, 20240611u);
    flow_network *net = random_network(rows);
    flow_selection *sel = new_selection(net);

    char rows_path[512], edges_path[512], nodes_path[512];
    temp_path(rows_path, sizeof rows_path, "summary-rows");
    temp_path(edges_path, sizeof edges_path, "summary-edges");
    temp_path(nodes_path, sizeof nodes_path, "summary-nodes");
    write_random_rows(rows_path, rows);
    write_selection_edges(edges_path, sel);
    FILE *f = fopen(nodes_path, "w");
    assert_non_null(f);
    for (size_t v = 0; v < flow_selection_node_count(sel); v++)
        fprintf(f, "%s\n", flow_network_node_id(net, (size_t)flow_selection_node(sel, v)));
    assert_int_equal(fclose(f), 0);
    char *out = run_python(networkx_py, rows_path, edges_path, nodes_path);
    unlink(rows_path);
    unlink(edges_path);
    unlink(nodes_path);

    flow_summary *s = summarise(sel);
    assert_int_equal(flow_summary_node_count(s), (size_t)oracle_value(out, "nodes"));
    assert_int_equal(flow_summary_node_count(s), RANDOM_NODES); /* isolated N38, N39 too */
    assert_int_equal(flow_summary_edge_count(s), (size_t)oracle_value(out, "edges"));
    assert_close(flow_summary_density(s), oracle_value(out, "density"), 1e-12);
    assert_close(flow_summary_reciprocity(s), oracle_value(out, "reciprocity"), 1e-12);
    /* flows: 300 rows, of which the repeated ones merged */
    size_t distinct = 0;
    for (int i = 0; i < RANDOM_ROWS; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = rows[j].source == rows[i].source && rows[j].target == rows[i].target &&
                   rows[j].factor == rows[i].factor && rows[j].year == rows[i].year;
        distinct += !seen;
    }
    assert_int_equal(flow_summary_flow_count(s), distinct);
    assert_true(distinct < RANDOM_ROWS);
    flow_summary_free(s);

    assert_flow_ok(flow_selection_set_directed(sel, 0));
    s = summarise(sel);
    assert_int_equal(flow_summary_edge_count(s), (size_t)oracle_value(out, "uedges"));
    assert_close(flow_summary_density(s), oracle_value(out, "udensity"), 1e-12);
    assert_close(flow_summary_reciprocity(s), 1, 1e-15);
    flow_summary_free(s);
    free(out);
    flow_selection_free(sel);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary__counts_of_the_whole_network),
        cmocka_unit_test(test_summary__kinds_sorted_with_counts),
        cmocka_unit_test(test_summary__factors_in_network_order_with_units),
        cmocka_unit_test(test_summary__years_ascending_no_year_first),
        cmocka_unit_test(test_summary__negative_and_zero_years_sort),
        cmocka_unit_test(test_summary__follows_factor_and_year_filters),
        cmocka_unit_test(test_summary__share_reports_raw_weights),
        cmocka_unit_test(test_summary__rolled_up_kinds),
        cmocka_unit_test(test_summary__density_directed_and_undirected),
        cmocka_unit_test(test_summary__density_zero_below_two_vertices),
        cmocka_unit_test(test_summary__reciprocity),
        cmocka_unit_test(test_summary__reciprocity_nan_without_edges),
        cmocka_unit_test(test_summary__format_text),
        cmocka_unit_test(test_summary__format_json_parses),
        cmocka_unit_test(test_summary__format_json_escapes_strings_and_nan),
        cmocka_unit_test(test_summary__format_json_of_an_empty_network),
        cmocka_unit_test(test_summary__format_rejects_bad_arguments),
        cmocka_unit_test(test_summary__json_numbers_ignore_the_locale),
        cmocka_unit_test(test_summary__empty_kind_and_year_lists_are_not_sorted),
        cmocka_unit_test(test_summary__outlives_network_and_selection),
        cmocka_unit_test(test_summary__null_handles),
        cmocka_unit_test(test_summary__out_of_range_accessors),
        cmocka_unit_test(test_summary__matches_networkx),
    };
    return cmocka_run_group_tests_name("summary", tests, NULL, NULL);
}

/*
 * Tests of libflow/export.h: JSON, GraphML, GEXF and DOT.
 *
 * What each format must satisfy is checked in C (a strict JSON validator,
 * quoting rules for DOT, exact read-back of every weight) and, where the
 * tools are installed, by the readers users will use: Python's json module,
 * xmllint (or Python's ElementTree) for well-formedness, networkx's
 * read_graphml / read_gexf for the content, Graphviz's dot for DOT. A
 * missing tool skips its test.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <pthread.h>
#include <regex.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "locale_util.h"

#ifndef FLOW_TEST_TMPDIR
#define FLOW_TEST_TMPDIR "."
#endif

#define TMP_DIR FLOW_TEST_TMPDIR "/export_tmp"
#define PYTHON "/usr/bin/python3"
#define XMLLINT "/usr/bin/xmllint"
#define DOT "/usr/bin/dot"
#define SKIP_STATUS 77

#define LAB_ID "R&D <lab> \"Q\" 'x'"

static const char *const format_ext[] = {"json", "graphml", "gexf", "dot"};

/* ---- helpers ------------------------------------------------------------- */

static void make_tmp_dir(void)
{
    if (mkdir(TMP_DIR, 0777) != 0 && errno != EEXIST) fail_msg("cannot create %s", TMP_DIR);
}

static char *tmp_path(const char *name)
{
    size_t n = strlen(TMP_DIR) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", TMP_DIR, name);
    return p;
}

static char *export_text(const flow_network *net, int format)
{
    char *s = NULL;
    assert_flow_ok(flow_export_string(&s, net, format));
    assert_non_null(s);
    return s;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* Writes text to TMP_DIR/name and returns the path (caller frees). */
static char *save(const char *name, const char *text)
{
    make_tmp_dir();
    char *p = tmp_path(name);
    write_file(p, text);
    return p;
}

static size_t count_occurrences(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle)) n++;
    return n;
}

/* Runs a shell command; returns its exit status (or -1). */
static int run(const char *cmd)
{
    int st = system(cmd);
    if (st == -1 || !WIFEXITED(st)) return -1;
    return WEXITSTATUS(st);
}

/* Runs a Python script (text) with up to two arguments. Returns 0 when it
 * passed, 1 when the test should be skipped (no /usr/bin/python3, or the
 * script exited with SKIP_STATUS); fails the test otherwise. */
static int run_python(const char *name, const char *script, const char *arg1, const char *arg2)
{
    if (!path_exists(PYTHON)) {
        print_message("skipped: %s not found\n", PYTHON);
        return 1;
    }
    char *path = save(name, script);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s '%s' '%s' '%s'", PYTHON, path, arg1 ? arg1 : "",
             arg2 ? arg2 : "");
    int st = run(cmd);
    free(path);
    if (st == SKIP_STATUS) {
        print_message("skipped: %s needs a Python module that is not installed\n", name);
        return 1;
    }
    if (st != 0) fail_msg("%s failed (status %d)", name, st);
    return 0;
}

/* XML well-formedness with xmllint, or Python's ElementTree. Returns 1 when
 * neither is installed (nothing checked), 0 when the text is well-formed;
 * fails the test otherwise. */
static int check_xml_well_formed(const char *name, const char *text)
{
    char *path = save(name, text);
    char cmd[4096];
    if (path_exists(XMLLINT)) {
        snprintf(cmd, sizeof cmd, "%s --noout '%s'", XMLLINT, path);
    } else if (path_exists(PYTHON)) {
        snprintf(cmd, sizeof cmd,
                 "%s -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' '%s'",
                 PYTHON, path);
    } else {
        free(path);
        print_message("note: neither xmllint nor python3 is installed: XML not checked\n");
        return 1;
    }
    int st = run(cmd);
    if (st != 0) fail_msg("%s is not well-formed XML (status %d)", path, st);
    free(path);
    return 0;
}

/* ---- a strict JSON validator (RFC 8259) ----------------------------------- */

static int json_value(const char **p, int depth);

static void json_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r') (*p)++;
}

static int json_string(const char **p)
{
    const char *s = *p;
    if (*s++ != '"') return 0;
    for (;;) {
        unsigned char c = (unsigned char)*s;
        if (c == '"') break;
        if (c < 0x20) return 0; /* raw control character or end of text */
        if (c == '\\') {
            c = (unsigned char)*++s;
            if (c == 'u') {
                for (int i = 0; i < 4; i++)
                    if (!isxdigit((unsigned char)*++s)) return 0;
            } else if (!c || !strchr("\"\\/bfnrt", c)) {
                return 0;
            }
        }
        s++;
    }
    *p = s + 1;
    return 1;
}

static int json_digits(const char **p)
{
    if (!isdigit((unsigned char)**p)) return 0;
    while (isdigit((unsigned char)**p)) (*p)++;
    return 1;
}

static int json_number(const char **p)
{
    if (**p == '-') (*p)++;
    if (**p == '0')
        (*p)++;
    else if (!json_digits(p))
        return 0;
    if (**p == '.') {
        (*p)++;
        if (!json_digits(p)) return 0;
    }
    if (**p == 'e' || **p == 'E') {
        (*p)++;
        if (**p == '+' || **p == '-') (*p)++;
        if (!json_digits(p)) return 0;
    }
    return 1;
}

static int json_literal(const char **p, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*p, word, n) != 0) return 0;
    *p += n;
    return 1;
}

static int json_container(const char **p, int depth, char close, int object)
{
    (*p)++;
    json_ws(p);
    if (**p == close) {
        (*p)++;
        return 1;
    }
    for (;;) {
        json_ws(p);
        if (object) {
            if (!json_string(p)) return 0;
            json_ws(p);
            if (*(*p)++ != ':') return 0;
        }
        if (!json_value(p, depth + 1)) return 0;
        json_ws(p);
        if (**p == ',') {
            (*p)++;
            continue;
        }
        if (**p != close) return 0;
        (*p)++;
        return 1;
    }
}

static int json_value(const char **p, int depth)
{
    if (depth > 64) return 0;
    json_ws(p);
    switch (**p) {
    case '{': return json_container(p, depth, '}', 1);
    case '[': return json_container(p, depth, ']', 0);
    case '"': return json_string(p);
    case 't': return json_literal(p, "true");
    case 'f': return json_literal(p, "false");
    case 'n': return json_literal(p, "null");
    default: return json_number(p);
    }
}

static int json_valid(const char *text)
{
    const char *p = text;
    if (!json_value(&p, 0)) return 0;
    json_ws(&p);
    return *p == '\0';
}

/* ---- networks ------------------------------------------------------------ */

/* A small China network: CJK names, an id full of markup characters, a tiny
 * weight, a summed flow, a flow without a year, a self-loop, numeric and
 * text attributes with missing values, factors with and without a unit,
 * two groups. */
static flow_network *sample_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "CN", "China", "country", NULL));
    assert_flow_ok(flow_network_add_node(net, "CN-NX", "宁夏", "region", "CN"));
    assert_flow_ok(flow_network_add_node(net, "CN-BJ", "北京", "region", "CN"));
    assert_flow_ok(flow_network_add_node(net, LAB_ID, "lab\tname\\", "institution", "CN-BJ"));
    assert_flow_ok(flow_network_set_number(net, "CN-NX", "gdp", 5069.57));
    assert_flow_ok(flow_network_set_number(net, "CN-BJ", "gdp", 41610.9));
    assert_flow_ok(flow_network_set_text(net, "CN-NX", "name_zh", "宁夏回族自治区"));
    assert_flow_ok(flow_network_set_text(net, "CN", "name_zh", "中国"));
    assert_flow_ok(flow_network_set_number(net, LAB_ID, "rd spend", 1e-07));
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons"));
    assert_flow_ok(flow_network_add_factor(net, "technology", "contracts"));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 1200, 2020));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 300, 2020));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "technology", 1e-07, 2021));
    assert_flow_ok(flow_network_add_flow(net, "CN-NX", LAB_ID, "capital", 0.1 + 0.2, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_add_flow(net, LAB_ID, "CN-BJ", "technology", 1.0 / 3, 2019));
    assert_flow_ok(flow_network_add_flow(net, "CN-NX", "CN-NX", "talent", 5, 2020));
    assert_flow_ok(flow_network_add_flow(net, "CN-BJ", "CN-NX", "talent", 7, 2021));
    assert_flow_ok(flow_network_add_member(net, "pairing", "CN-BJ", "supporter"));
    assert_flow_ok(flow_network_add_member(net, "pairing", "CN-NX", "recipient"));
    assert_flow_ok(flow_network_add_member(net, "alliance", "CN", NULL));
    assert_flow_ok(flow_network_add_member(net, "alliance", LAB_ID, ""));
    assert_int_equal(flow_network_flow_count(net), 6);
    return net;
}

/* Weights that need 15, 16 and 17 significant digits, extremes included. */
static const double tricky_weights[] = {
    1e-07, 0.1 + 0.2, 1.0 / 3, 123456789.123456789, 5e-324, DBL_MAX, 2.5, 1e22, 4.35,
    9007199254740993.0, 0.000123456789012345678, 2.2250738585072014e-308,
};

static flow_network *weights_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "a", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "b", NULL, NULL, NULL));
    for (size_t i = 0; i < sizeof tricky_weights / sizeof *tricky_weights; i++)
        assert_flow_ok(flow_network_add_flow(net, "a", "b", "capital", tricky_weights[i],
                                             2000 + (int)i));
    return net;
}

/* Writes what Python should find: one line per node (hex id, hex name) and
 * per flow (hex source, target, factor, weight in C99 hex float, year or -). */
static char *write_expectations(const flow_network *net)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
#define HEX(s)                                                                       \
    do {                                                                             \
        for (const unsigned char *q_ = (const unsigned char *)(s); *q_; q_++)        \
            len += (size_t)snprintf(buf + len, cap - len, "%02x", *q_);              \
    } while (0)
    flow_table *nodes = NULL, *flows = NULL;
    assert_flow_ok(flow_network_table(&nodes, net, "nodes"));
    assert_flow_ok(flow_network_table(&flows, net, "flows"));
    for (size_t i = 0; i < flow_table_row_count(nodes); i++) {
        len += (size_t)snprintf(buf + len, cap - len, "n ");
        HEX(flow_table_text(nodes, 0, i)); /* id */
        len += (size_t)snprintf(buf + len, cap - len, " ");
        HEX(flow_table_text(nodes, 1, i)); /* name */
        len += (size_t)snprintf(buf + len, cap - len, "\n");
    }
    for (size_t k = 0; k < flow_table_row_count(flows); k++) {
        len += (size_t)snprintf(buf + len, cap - len, "e ");
        HEX(flow_table_text(flows, 0, k)); /* source id */
        len += (size_t)snprintf(buf + len, cap - len, " ");
        HEX(flow_table_text(flows, 1, k)); /* target id */
        len += (size_t)snprintf(buf + len, cap - len, " ");
        HEX(flow_table_text(flows, 2, k)); /* factor */
        len += (size_t)snprintf(buf + len, cap - len, " %a ", flow_table_doubles(flows, 3)[k]);
        int y = (int)flow_table_ints(flows, 4)[k];
        if (y == FLOW_NO_YEAR)
            len += (size_t)snprintf(buf + len, cap - len, "-\n");
        else
            len += (size_t)snprintf(buf + len, cap - len, "%d\n", y);
    }
#undef HEX
    flow_table_free(nodes);
    flow_table_free(flows);
    assert_true(len < cap - 1);
    char *path = save("expect.txt", buf);
    free(buf);
    return path;
}

/* Every value after `key` in text, parsed with strtod, equals flow k's
 * weight, in flow order. */
static void assert_weights_exact(const flow_network *net, const char *text, const char *key)
{
    flow_table *flows = NULL;
    assert_flow_ok(flow_network_table(&flows, net, "flows"));
    const double *weight = flow_table_doubles(flows, 3);
    size_t k = 0, klen = strlen(key);
    for (const char *p = strstr(text, key); p; p = strstr(p + klen, key), k++) {
        assert_true(k < flow_network_flow_count(net));
        double w = strtod(p + klen, NULL);
        double want = weight[k];
        if (w != want) fail_msg("flow %zu: read back %.17g, expected %.17g", k, w, want);
    }
    assert_int_equal(k, flow_network_flow_count(net));
    flow_table_free(flows);
}

/* DOT with every quoted string blanked out must hold no bare number at all:
 * every attribute value is quoted, every id is quoted. */
static void assert_dot_all_quoted(const char *dot)
{
    char *bare = strdup(dot);
    assert_non_null(bare);
    int quoted = 0;
    for (char *p = bare; *p; p++) {
        if (!quoted) {
            if (*p == '"') quoted = 1;
            continue;
        }
        if (*p == '\\' && p[1]) {
            p[0] = p[1] = 'x';
            p++;
        } else if (*p == '"') {
            quoted = 0;
        } else {
            *p = 'x';
        }
    }
    assert_false(quoted);
    regex_t re;
    /* an exponent number, a digit that does not continue an identifier, an
     * '=' not followed by a quoted string */
    const char *patterns[] = {"[0-9.][eE][-+]?[0-9]", "(^|[^A-Za-z0-9_])[-+.]?[0-9]",
                              "=[[:space:]]*[^\"[:space:]]"};
    for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
        assert_int_equal(regcomp(&re, patterns[i], REG_EXTENDED | REG_NOSUB), 0);
        regmatch_t m;
        int found = regexec(&re, bare, 0, &m, 0) == 0;
        regfree(&re);
        if (found) fail_msg("DOT has an unquoted token (pattern %s):\n%s", patterns[i], dot);
    }
    free(bare);
}

/* No temporary file (".name.XXXXXX") left in TMP_DIR. */
static void assert_no_temp_left(const char *name)
{
    char prefix[256];
    snprintf(prefix, sizeof prefix, ".%s.", name);
    DIR *d = opendir(TMP_DIR);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            fail_msg("temporary file %s left behind", e->d_name);
    closedir(d);
}

/* ---- format names and misuse --------------------------------------------- */

/* The formats are the registry family "format" (export.h). */
static void test_export__format_registry(void **state)
{
    (void)state;
    assert_int_equal(flow_registry_lookup("format", "json"), FLOW_EXPORT_JSON);
    assert_int_equal(flow_registry_lookup("format", "graphml"), FLOW_EXPORT_GRAPHML);
    assert_int_equal(flow_registry_lookup("format", "gexf"), FLOW_EXPORT_GEXF);
    assert_int_equal(flow_registry_lookup("format", "dot"), FLOW_EXPORT_DOT);
    assert_string_equal(flow_registry_name("format", FLOW_EXPORT_GEXF), "gexf");
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("format", "csv"));
    assert_error_contains("'csv'");
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("format", "jsn"));
    assert_error_contains("json"); /* did you mean */
    assert_flow_fails(FLOW_ENOTFOUND, flow_registry_lookup("format", ""));
    assert_flow_fails(FLOW_EINVAL, flow_registry_lookup("format", NULL));
    flow_table *t = NULL;
    assert_flow_ok(flow_registry_list(&t, "format"));
    assert_int_equal(flow_table_row_count(t), 5);
    assert_int_equal(flow_registry_lookup("format", "gexf12"), FLOW_EXPORT_GEXF12);
    const char *const *names = flow_table_texts(t, (size_t)flow_table_column_index(t, "name"));
    const int64_t *values = flow_table_ints(t, (size_t)flow_table_column_index(t, "value"));
    for (size_t i = 0; i < 5; i++) assert_int_equal(flow_registry_lookup("format", names[i]), values[i]);
    flow_table_free(t);
}

static void test_export__misuse_is_refused(void **state)
{
    (void)state;
    flow_network *net = sample_network();
    char *s = (char *)"untouched";
    assert_flow_fails(FLOW_EMISUSE, flow_export_string(&s, NULL, FLOW_EXPORT_JSON));
    assert_null(s);
    assert_flow_fails(FLOW_EINVAL, flow_export_string(NULL, net, FLOW_EXPORT_JSON));
    s = (char *)"untouched";
    assert_flow_fails(FLOW_EINVAL, flow_export_string(&s, net, 5));
    assert_null(s);
    assert_flow_fails(FLOW_EINVAL, flow_export_string(&s, net, -1));
    assert_error_contains("format");

    make_tmp_dir();
    char *path = tmp_path("misuse.json");
    remove(path);
    assert_flow_fails(FLOW_EMISUSE, flow_export_write(NULL, FLOW_EXPORT_JSON, path));
    assert_flow_fails(FLOW_EINVAL, flow_export_write(net, 7, path));
    assert_false(path_exists(path));
    assert_flow_fails(FLOW_EINVAL, flow_export_write(net, FLOW_EXPORT_JSON, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_export_write(net, FLOW_EXPORT_JSON, ""));
    free(path);
    flow_network_free(net);
}

static void test_export__freed_network_is_misuse(void **state)
{
    (void)state;
    /* A selection keeps the network alive after its owner freed it: the
     * handle is then closed, and exporting it is misuse, not a crash. */
    flow_network *net = sample_network();
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    flow_network_free(net);
    char *s = NULL;
    assert_flow_fails(FLOW_EMISUSE, flow_export_string(&s, net, FLOW_EXPORT_DOT));
    assert_null(s);
    assert_flow_fails(FLOW_EMISUSE, flow_export_write(net, FLOW_EXPORT_DOT, TMP_DIR "/x.dot"));
    flow_selection_free(sel);
}

/* ---- JSON ----------------------------------------------------------------- */

static void test_export__json_validator_sanity(void **state)
{
    (void)state;
    /* The validator itself must reject what it should. */
    assert_true(json_valid("{\"a\": [1, -0.5e+3, true, false, null, \"\\u00e9\"]}"));
    assert_true(json_valid("[]"));
    assert_false(json_valid("{\"a\": 1e}"));
    assert_false(json_valid("{\"a\": 01}"));
    assert_false(json_valid("{\"a\": inf}"));
    assert_false(json_valid("{\"a\": \"x\ty\"}"));
    assert_false(json_valid("{\"a\": \"\\x\"}"));
    assert_false(json_valid("[1, 2,]"));
    assert_false(json_valid("{\"a\": 1} x"));
}

static void test_export__json_is_valid_and_escaped(void **state)
{
    (void)state;
    flow_network *net = sample_network();
    /* a text attribute holding control characters */
    assert_flow_ok(flow_network_set_text(net, "CN-BJ", "note", "bell\a\x01|\n|\"q\"|\\"));
    assert_flow_ok(flow_network_set_number(net, "CN", "huge", INFINITY));
    char *s = export_text(net, FLOW_EXPORT_JSON);
    if (!json_valid(s)) fail_msg("invalid JSON:\n%s", s);
    assert_non_null(strstr(s, "\"id\": \"R&D <lab> \\\"Q\\\" 'x'\""));
    assert_non_null(strstr(s, "\"name\": \"lab\\tname\\\\\""));
    assert_non_null(strstr(s, "\"name\": \"宁夏\"")); /* UTF-8 kept as is */
    assert_non_null(strstr(s, "\"note\": \"bell\\u0007\\u0001|\\n|\\\"q\\\"|\\\\\""));
    assert_non_null(strstr(s, "\"huge\": null")); /* JSON has no infinity */
    assert_non_null(strstr(s, "\"weight\": 1e-07"));
    assert_non_null(strstr(s, "\"weight\": 1500, \"year\": 2020")); /* summed */
    assert_non_null(strstr(s, "\"factor\": \"capital\", \"weight\": 0.30000000000000004, "
                              "\"year\": null"));
    assert_non_null(strstr(s, "{\"name\": \"talent\", \"unit\": \"persons\"}"));
    assert_non_null(strstr(s, "{\"name\": \"capital\", \"unit\": null}"));
    assert_non_null(strstr(s, "{\"name\": \"pairing\", \"members\": [{\"id\": \"CN-BJ\", "
                              "\"role\": \"supporter\"}, {\"id\": \"CN-NX\", \"role\": "
                              "\"recipient\"}]}"));
    assert_non_null(strstr(s, "{\"name\": \"alliance\", \"members\": [{\"id\": \"CN\", "
                              "\"role\": null}, {\"id\": \"R&D <lab> \\\"Q\\\" 'x'\", "
                              "\"role\": null}]}"));
    /* root without parent; missing attributes left out */
    assert_non_null(strstr(s, "{\"id\": \"CN\", \"name\": \"China\", \"kind\": \"country\", "
                              "\"parent\": null, \"name_zh\": \"中国\", \"huge\": null}"));
    assert_non_null(strstr(s, "{\"id\": \"CN-NX\", \"name\": \"宁夏\", \"kind\": \"region\", "
                              "\"parent\": \"CN\", \"gdp\": 5069.57, "
                              "\"name_zh\": \"宁夏回族自治区\"}"));
    flow_free(s);
    flow_network_free(net);
}

static const char json_script[] =
    "import json, sys\n"
    "doc = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "nodes, flows = [], []\n"
    "for line in open(sys.argv[2]):\n"
    "    f = line.split()\n"
    "    h = lambda x: bytes.fromhex(x).decode('utf-8')\n"
    "    if f[0] == 'n': nodes.append((h(f[1]), h(f[2])))\n"
    "    else: flows.append((h(f[1]), h(f[2]), h(f[3]), float.fromhex(f[4]),\n"
    "                        None if f[5] == '-' else int(f[5])))\n"
    "assert sorted(doc) == ['factors', 'flows', 'groups', 'nodes'], sorted(doc)\n"
    "assert [(n['id'], n['name']) for n in doc['nodes']] == nodes\n"
    "got = [(e['source'], e['target'], e['factor'], e['weight'], e['year'])\n"
    "       for e in doc['flows']]\n"
    "assert got == flows, (got, flows)\n"
    "for e in doc['flows']: assert type(e['weight']) is float or type(e['weight']) is int\n"
    "by_id = {n['id']: n for n in doc['nodes']}\n"
    "assert by_id['CN-NX']['gdp'] == 5069.57 and by_id['CN-NX']['parent'] == 'CN'\n"
    "assert 'gdp' not in by_id['CN'] and 'rd spend' not in by_id['CN']\n"
    "assert by_id['CN']['parent'] is None\n"
    "assert by_id[\"R&D <lab> \\\"Q\\\" 'x'\"]['rd spend'] == 1e-07\n"
    "assert by_id['CN-NX']['name_zh'] == '\\u5b81\\u590f\\u56de\\u65cf\\u81ea\\u6cbb\\u533a'\n"
    "g = {x['name']: x for x in doc['groups']}\n"
    "assert g['pairing']['members'] == [{'id': 'CN-BJ', 'role': 'supporter'},\n"
    "                                   {'id': 'CN-NX', 'role': 'recipient'}]\n"
    "assert [m['role'] for m in g['alliance']['members']] == [None, None]\n";

static void test_export__json_python_reads_back(void **state)
{
    (void)state;
    skip_unless_exists(PYTHON);
    flow_network *net = sample_network();
    char *s = export_text(net, FLOW_EXPORT_JSON);
    char *path = save("sample.json", s);
    char *expect = write_expectations(net);
    int skipped = run_python("check_json.py", json_script, path, expect);
    free(expect);
    free(path);
    flow_free(s);
    flow_network_free(net);
    if (skipped) skip();
}

/* ---- GraphML -------------------------------------------------------------- */

static void test_export__graphml_is_well_formed_and_escaped(void **state)
{
    (void)state;
    flow_network *net = sample_network();
    assert_flow_ok(flow_network_set_text(net, "CN-BJ", "note", "bell\x01|\n|&amp;|\xEF\xBF\xBF"));
    assert_flow_ok(flow_network_set_number(net, "CN", "huge", -INFINITY));
    char *s = export_text(net, FLOW_EXPORT_GRAPHML);
    check_xml_well_formed("sample.graphml", s);
    assert_non_null(strstr(s, "<graph id=\"flows\" edgedefault=\"directed\">"));
    assert_non_null(strstr(s, "<node id=\"R&amp;D &lt;lab&gt; &quot;Q&quot; &apos;x&apos;\">"));
    /* python-igraph's convention: name = the id, label = the display name */
    assert_non_null(strstr(s, "<data key=\"label\">lab&#9;name\\</data>"));
    assert_non_null(strstr(s, "<data key=\"label\">宁夏</data>"));
    assert_non_null(strstr(s, "<node id=\"CN-NX\">\n      <data key=\"name\">CN-NX</data>"));
    /* groups and units */
    assert_non_null(strstr(s, "<data key=\"groups\">pairing</data>"));
    assert_non_null(strstr(s, "<data key=\"unit\">persons</data>"));
    /* C0 control and U+FFFF cannot be carried by XML 1.0: U+FFFD */
    assert_non_null(strstr(s, ">bell\xEF\xBF\xBD|&#10;|&amp;amp;|\xEF\xBF\xBD</data>"));
    assert_null(strchr(s, '\x01'));
    assert_non_null(strstr(s, ">-INF</data>"));
    assert_non_null(strstr(s, "attr.name=\"gdp\" attr.type=\"double\""));
    assert_non_null(strstr(s, "attr.name=\"name_zh\" attr.type=\"string\""));
    assert_non_null(strstr(s, "attr.name=\"rd spend\" attr.type=\"double\""));
    assert_non_null(strstr(s, "attr.name=\"year\" attr.type=\"int\""));
    /* missing attributes left out: gdp on 2 nodes, name_zh on 2, rd spend on 1 */
    assert_int_equal(count_occurrences(s, "<data key=\"a0\">"), 2);
    assert_int_equal(count_occurrences(s, "<data key=\"a1\">"), 2);
    assert_int_equal(count_occurrences(s, "<data key=\"a2\">"), 1);
    /* parent on the 3 non-root nodes; year on 5 of 6 flows */
    assert_int_equal(count_occurrences(s, "<data key=\"parent\">"), 3);
    assert_int_equal(count_occurrences(s, "<edge "), 6);
    assert_int_equal(count_occurrences(s, "<data key=\"year\">"), 5);
    assert_weights_exact(net, s, "<data key=\"weight\">");
    flow_free(s);
    flow_network_free(net);
}

static const char graphml_script[] =
    "import sys\n"
    "try:\n"
    "    import networkx as nx\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "nodes, flows = [], []\n"
    "for line in open(sys.argv[2]):\n"
    "    f = line.split()\n"
    "    h = lambda x: bytes.fromhex(x).decode('utf-8')\n"
    "    if f[0] == 'n': nodes.append((h(f[1]), h(f[2])))\n"
    "    else: flows.append((h(f[1]), h(f[2]), h(f[3]), float.fromhex(f[4]),\n"
    "                        None if f[5] == '-' else int(f[5])))\n"
    "g = nx.read_graphml(sys.argv[1])\n"
    "assert g.is_directed()\n"
    "assert [(n, g.nodes[n]['label']) for n in g.nodes] == nodes, list(g.nodes(data=True))\n"
    "assert all(g.nodes[n]['name'] == n for n in g.nodes)\n"
    "assert g.nodes['CN-BJ']['groups'] == 'pairing'\n"
    "got = [(u, v, d['factor'], d['weight'], d.get('year')) for u, v, d in g.edges(data=True)]\n"
    "assert g.number_of_edges() == len(flows)\n"
    "units = {d['factor']: d.get('unit') for u, v, d in g.edges(data=True)}\n"
    "assert units == {'talent': 'persons', 'technology': 'contracts', 'capital': None}, units\n"
    "assert sorted(got, key=repr) == sorted(flows, key=repr), (got, flows)\n"
    "for u, v, d in g.edges(data=True): assert type(d['weight']) is float\n";

static void test_export__graphml_networkx_reads_back(void **state)
{
    (void)state;
    skip_unless_exists(PYTHON);
    flow_network *net = sample_network();
    char *s = export_text(net, FLOW_EXPORT_GRAPHML);
    char *path = save("sample.graphml", s);
    char *expect = write_expectations(net);
    int skipped = run_python("check_graphml.py", graphml_script, path, expect);
    free(expect);
    free(path);
    flow_free(s);
    flow_network_free(net);
    if (skipped) skip();
}

/* ---- GEXF ----------------------------------------------------------------- */

static void test_export__gexf_is_gephi_ready(void **state)
{
    (void)state;
    flow_network *net = sample_network();
    assert_flow_ok(flow_network_set_number(net, "CN", "huge", INFINITY));
    char *s = export_text(net, FLOW_EXPORT_GEXF);
    check_xml_well_formed("sample.gexf", s);
    assert_non_null(strstr(s, "<gexf xmlns=\"http://gexf.net/1.3\""));
    assert_non_null(strstr(s, "xsi:schemaLocation=\"http://gexf.net/1.3 "
                              "http://gexf.net/1.3/gexf.xsd\""));
    assert_non_null(strstr(s, "version=\"1.3\""));
    /* years make a dynamic graph: Gephi's timeline */
    assert_non_null(strstr(s, "<graph mode=\"dynamic\" timeformat=\"integer\" "
                              "defaultedgetype=\"directed\""));
    /* declared attributes with their types */
    assert_non_null(strstr(s, "<attributes class=\"node\""));
    assert_non_null(strstr(s, "<attribute id=\"kind\" title=\"kind\" type=\"string\"/>"));
    assert_non_null(strstr(s, "<attribute id=\"parent\" title=\"parent\" type=\"string\"/>"));
    assert_non_null(strstr(s, "<attribute id=\"groups\" title=\"groups\" type=\"string\"/>"));
    assert_non_null(strstr(s, "title=\"gdp\" type=\"double\"/>"));
    assert_non_null(strstr(s, "title=\"name_zh\" type=\"string\"/>"));
    assert_non_null(strstr(s, "title=\"rd spend\" type=\"double\"/>"));
    assert_non_null(strstr(s, "title=\"huge\" type=\"double\"/>"));
    assert_non_null(strstr(s, "<attributes class=\"edge\""));
    assert_non_null(strstr(s, "<attribute id=\"factor\" title=\"factor\" type=\"string\"/>"));
    assert_non_null(strstr(s, "<attribute id=\"unit\" title=\"unit\" type=\"string\"/>"));
    assert_non_null(strstr(s, "<attributes class=\"edge\" mode=\"dynamic\">\n"
                              "      <attribute id=\"yearly_weight\" title=\"yearly_weight\" "
                              "type=\"double\"/>"));
    assert_null(strstr(s, "<attvalue for=\"year\""));
    /* nodes: label = name; edges: weight and kind = factor */
    assert_non_null(strstr(s, "<node id=\"CN-NX\" label=\"宁夏\">"));
    assert_non_null(strstr(s, "<node id=\"R&amp;D &lt;lab&gt; &quot;Q&quot; &apos;x&apos;\" "
                              "label=\"lab&#9;name\\\">"));
    assert_non_null(strstr(s, "weight=\"1e-07\" kind=\"technology\""));
    assert_non_null(strstr(s, "weight=\"0.30000000000000004\" kind=\"capital\""));
    /* one edge per (source, target, factor), a spell and a weight per year:
     * CN-BJ -> CN-NX talent has 2020 (1500) and 2021 (7) */
    assert_int_equal(count_occurrences(s, "<edge "), 5);
    assert_int_equal(count_occurrences(s, "<spell "), 5);
    assert_int_equal(count_occurrences(s, "<attvalue for=\"weight\""), 5);
    assert_int_equal(count_occurrences(s, "<attvalue for=\"yearly_weight\""), 5);
    assert_non_null(strstr(s, "weight=\"1507\" kind=\"talent\""));
    assert_non_null(strstr(s, "<attvalue for=\"weight\" value=\"1500\" start=\"2020\" "
                              "end=\"2020\"/>"));
    assert_non_null(strstr(s, "<attvalue for=\"weight\" value=\"7\" start=\"2021\" end=\"2021\"/>"));
    assert_int_equal(count_occurrences(s, "<attvalue for=\"factor\""), 5);
    assert_int_equal(count_occurrences(s, "<attvalue for=\"parent\""), 3);
    assert_int_equal(count_occurrences(s, "<attvalue for=\"unit\" value=\"persons\""), 2);
    /* missing and infinite values left out */
    assert_int_equal(count_occurrences(s, "<attvalue for=\"a0\""), 2);
    assert_int_equal(count_occurrences(s, "<attvalue for=\"a3\""), 0);
    flow_free(s);
    flow_network_free(net);
}

/* Without years the graph is static. */
static void test_export__gexf_without_years_is_static(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "a", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_node(net, "b", NULL, NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "a", "b", "t", 2, FLOW_NO_YEAR));
    char *s = export_text(net, FLOW_EXPORT_GEXF);
    assert_non_null(strstr(s, "<graph mode=\"static\" defaultedgetype=\"directed\""));
    assert_null(strstr(s, "<spell"));
    flow_free(s);
    s = export_text(net, FLOW_EXPORT_GEXF12);
    assert_non_null(strstr(s, "<gexf xmlns=\"http://www.gexf.net/1.2draft\""));
    assert_non_null(strstr(s, "version=\"1.2\">"));
    flow_free(s);
    flow_network_free(net);
}

/* networkx reads GEXF 1.3 from version 3.6 on; older versions only lack the
 * namespace entry, which the script registers the way networkx itself later
 * did (networkx PR #8196). */
static const char gexf_script[] =
    "import sys\n"
    "try:\n"
    "    import networkx as nx\n"
    "    from networkx.readwrite import gexf as G\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "if '1.3' not in G.GEXF.versions:\n"
    "    d = dict(G.GEXF.versions['1.2draft'])\n"
    "    d.update(NS_GEXF='http://gexf.net/1.3', NS_VIZ='http://gexf.net/1.3/viz',\n"
    "             SCHEMALOCATION='http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd',\n"
    "             VERSION='1.3')\n"
    "    G.GEXF.versions['1.3'] = d\n"
    "nodes, flows = [], []\n"
    "for line in open(sys.argv[2]):\n"
    "    f = line.split()\n"
    "    h = lambda x: bytes.fromhex(x).decode('utf-8')\n"
    "    if f[0] == 'n': nodes.append((h(f[1]), h(f[2])))\n"
    "    else: flows.append((h(f[1]), h(f[2]), h(f[3]), float.fromhex(f[4]),\n"
    "                        None if f[5] == '-' else int(f[5])))\n"
    "g = nx.read_gexf(sys.argv[1], version='1.3')\n"
    "assert g.is_directed()\n"
    "assert g.graph['mode'] == 'dynamic'\n"
    "assert [(n, g.nodes[n]['label']) for n in g.nodes] == nodes, list(g.nodes(data=True))\n"
    "got = []\n"
    "for u, v, d in g.edges(data=True):\n"
    "    if 'spells' in d:\n"
    "        assert [(s, e) for _, s, e in d['yearly_weight']] == d['spells'], d\n"
    "        assert d['weight'] == sum(w for w, _, _ in d['yearly_weight'])\n"
    "        got += [(u, v, d['factor'], w, s) for w, s, e in d['yearly_weight']]\n"
    "    else:\n"
    "        got.append((u, v, d['factor'], d['weight'], None))\n"
    "assert sorted(got, key=repr) == sorted(flows, key=repr), (got, flows)\n"
    "n = g.nodes['CN-NX']\n"
    "assert n['kind'] == 'region' and n['parent'] == 'CN' and n['gdp'] == 5069.57, n\n"
    "assert n['groups'] == 'pairing', n\n"
    "assert 'gdp' not in g.nodes['CN'] and 'parent' not in g.nodes['CN']\n"
    "import xml.etree.ElementTree as E\n"
    "ns = '{http://gexf.net/1.3}'\n"
    "for e in E.parse(sys.argv[1]).iter(ns + 'edge'):\n"
    "    f = [a.get('value') for a in e.iter(ns + 'attvalue') if a.get('for') == 'factor']\n"
    "    assert f == [e.get('kind')], (f, e.get('kind'))\n";

static void test_export__gexf_networkx_reads_back(void **state)
{
    (void)state;
    skip_unless_exists(PYTHON);
    flow_network *net = sample_network();
    char *s = export_text(net, FLOW_EXPORT_GEXF);
    char *path = save("sample.gexf", s);
    char *expect = write_expectations(net);
    int skipped = run_python("check_gexf.py", gexf_script, path, expect);
    free(expect);
    free(path);
    flow_free(s);
    flow_network_free(net);
    if (skipped) skip();
}

/* ---- DOT ------------------------------------------------------------------ */

static void test_export__dot_quotes_every_id_and_number(void **state)
{
    (void)state;
    flow_network *net = sample_network();
    assert_flow_ok(flow_network_set_number(net, "CN", "node", 2e-300)); /* keyword key */
    assert_flow_ok(flow_network_set_number(net, "CN", "人口", 1.4e9));
    char *s = export_text(net, FLOW_EXPORT_DOT);
    assert_dot_all_quoted(s);
    assert_non_null(strstr(s, "weight=\"1e-07\""));
    assert_null(strstr(s, "=1e-07"));
    assert_non_null(strstr(s, "\"rd spend\"=\"1e-07\""));
    assert_non_null(strstr(s, "\"node\"=\"2e-300\""));
    assert_non_null(strstr(s, "\"人口\"=\"1400000000\""));
    assert_non_null(strstr(s, "weight=\"0.30000000000000004\"];"));
    assert_non_null(strstr(s, "year=\"2020\""));
    assert_non_null(strstr(s, "digraph \"flows\" {"));
    assert_weights_exact(net, s, " weight=\"");
    flow_free(s);
    flow_network_free(net);
}

static void test_export__dot_escapes_quotes_and_backslashes(void **state)
{
    (void)state;
    flow_network *net = sample_network();
    assert_flow_ok(flow_network_add_node(net, "end\\", "two\nlines", NULL, NULL));
    char *s = export_text(net, FLOW_EXPORT_DOT);
    assert_non_null(strstr(s, "\"R&D <lab> \\\"Q\\\" 'x'\" [label=\"lab\tname\\\\\""));
    assert_non_null(strstr(s, "\"end\\\\\" [label=\"two\\nlines\""));
    assert_non_null(strstr(s, "\"CN-NX\" [label=\"宁夏\", kind=\"region\", parent=\"CN\""));
    assert_dot_all_quoted(s);
    flow_free(s);
    flow_network_free(net);
}

static void test_export__dot_graphviz_parses(void **state)
{
    (void)state;
    skip_unless_exists(DOT);
    flow_network *net = sample_network();
    assert_flow_ok(flow_network_add_node(net, "end\\", "two\nlines", NULL, NULL));
    assert_flow_ok(flow_network_add_flow(net, "end\\", LAB_ID, "talent", 1e-07, FLOW_NO_YEAR));
    char *s = export_text(net, FLOW_EXPORT_DOT);
    char *path = save("sample.dot", s);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s -Tcanon '%s' > /dev/null", DOT, path);
    assert_int_equal(run(cmd), 0);
    free(path);
    flow_free(s);
    flow_network_free(net);
}

/* ---- numbers -------------------------------------------------------------- */

static void test_export__weights_round_trip_exactly(void **state)
{
    (void)state;
    flow_network *net = weights_network();
    /* GEXF: one edge for the twelve years, each year's weight a dynamic value */
    static const char *const keys[] = {"\"weight\": ", "<data key=\"weight\">",
                                       "<attvalue for=\"weight\" value=\"", " weight=\""};
    for (int f = 0; f < 4; f++) {
        char *s = export_text(net, f);
        assert_weights_exact(net, s, keys[f]);
        flow_free(s);
    }
    /* the shortest exact spelling is used: 1e-07, not 9.9999999999999995e-08 */
    char *s = export_text(net, FLOW_EXPORT_JSON);
    assert_non_null(strstr(s, "\"weight\": 1e-07,"));
    assert_non_null(strstr(s, "\"weight\": 0.30000000000000004,"));
    assert_non_null(strstr(s, "\"weight\": 1.7976931348623157e+308,"));
    assert_non_null(strstr(s, "\"weight\": 2.5,"));
    assert_non_null(strstr(s, "\"weight\": 4.35,"));
    assert_null(strstr(s, "9.9999999999999995e-08"));
    if (!json_valid(s)) fail_msg("invalid JSON:\n%s", s);
    flow_free(s);
    flow_network_free(net);
}

static void test_export__numbers_ignore_the_locale(void **state)
{
    (void)state;
    if (!use_decimal_comma_locale()) {
        setlocale(LC_NUMERIC, "C");
        print_message("skipped: no locale with a decimal comma is available\n");
        skip();
    }
    flow_network *net = weights_network();
    char *s = export_text(net, FLOW_EXPORT_JSON);
    setlocale(LC_NUMERIC, "C");
    assert_non_null(strstr(s, "\"weight\": 2.5,"));
    assert_true(json_valid(s));
    flow_free(s);
    flow_network_free(net);
}

/* ---- empty network -------------------------------------------------------- */

static void test_export__empty_network(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char *s = export_text(net, FLOW_EXPORT_JSON);
    assert_string_equal(s, "{\n  \"nodes\": [],\n  \"factors\": [],\n  \"flows\": [],\n"
                           "  \"groups\": []\n}\n");
    assert_true(json_valid(s));
    flow_free(s);
    s = export_text(net, FLOW_EXPORT_GRAPHML);
    check_xml_well_formed("empty.graphml", s);
    flow_free(s);
    s = export_text(net, FLOW_EXPORT_GEXF);
    check_xml_well_formed("empty.gexf", s);
    assert_non_null(strstr(s, "<nodes count=\"0\">"));
    flow_free(s);
    s = export_text(net, FLOW_EXPORT_DOT);
    assert_string_equal(s, "digraph \"flows\" {\n  graph [layout=\"neato\"];\n}\n");
    flow_free(s);
    flow_network_free(net);
}

/* ---- files ---------------------------------------------------------------- */

static void test_export__write_matches_string(void **state)
{
    (void)state;
    make_tmp_dir();
    flow_network *net = sample_network();
    for (int f = 0; f < 4; f++) {
        char name[64];
        snprintf(name, sizeof name, "written.%s", format_ext[f]);
        char *path = tmp_path(name);
        remove(path);
        assert_flow_ok(flow_export_write(net, f, path));
        char *file = read_file(path);
        assert_non_null(file);
        char *s = export_text(net, f);
        assert_string_equal(file, s);
        flow_free(s);
        free(file);
        assert_no_temp_left(name);
        free(path);
    }
    flow_network_free(net);
}

static void test_export__write_large_network_streams(void **state)
{
    (void)state;
    /* More than the 1 MB flush threshold in every format. */
    make_tmp_dir();
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char id[32];
    for (int i = 0; i < 400; i++) {
        snprintf(id, sizeof id, "node-%03d", i);
        assert_flow_ok(flow_network_add_node(net, id, "宁夏 & <co>", "region", NULL));
    }
    for (int k = 0; k < 20000; k++) {
        char s[32], t[32];
        snprintf(s, sizeof s, "node-%03d", k % 400);
        snprintf(t, sizeof t, "node-%03d", (k * 7 + 1) % 400);
        assert_flow_ok(flow_network_add_flow(net, s, t, k % 2 ? "talent" : "capital",
                                             1.0 / (k + 3), 1990 + k / 400));
    }
    assert_int_equal(flow_network_flow_count(net), 20000);
    for (int f = 0; f < 4; f++) {
        char name[64];
        snprintf(name, sizeof name, "large.%s", format_ext[f]);
        char *path = tmp_path(name);
        assert_flow_ok(flow_export_write(net, f, path));
        char *file = read_file(path);
        char *s = export_text(net, f);
        assert_true(strlen(s) > ((size_t)1 << 20));
        assert_int_equal(strlen(file), strlen(s));
        assert_true(strcmp(file, s) == 0);
        flow_free(s);
        free(file);
        remove(path);
        free(path);
    }
    flow_network_free(net);
}

/* flow_export_string() keeps the text in memory: it needs no file
 * descriptor and no file size, so a process without free descriptors or
 * with a small file-size limit (RLIMIT_FSIZE, whose excess is SIGXFSZ, a
 * signal that ends the process) gets the text, the same as without. In a
 * child process, so that the limits and a signal stay there. */
static void test_export__string_needs_no_file(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char s[32], t[32];
    for (int i = 0; i < 400; i++) {
        snprintf(s, sizeof s, "node-%03d", i);
        assert_flow_ok(flow_network_add_node(net, s, NULL, "region", NULL));
    }
    for (int k = 0; k < 20000; k++) { /* each format's text is above 1 MiB */
        snprintf(s, sizeof s, "node-%03d", k % 400);
        snprintf(t, sizeof t, "node-%03d", (k * 7 + 1) % 400);
        assert_flow_ok(flow_network_add_flow(net, s, t, "talent", 1.0 / (k + 3), 1990 + k / 400));
    }
    char *before[4];
    for (int f = 0; f < 4; f++) before[f] = export_text(net, f);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* first a file-size limit of 4 KiB, then no descriptor either */
        struct rlimit fsize = {4096, RLIM_INFINITY}, nofile;
        for (int round = 0; round < 2; round++) {
            if (round == 0 && setrlimit(RLIMIT_FSIZE, &fsize) < 0) _exit(10);
            if (round == 1 && getrlimit(RLIMIT_NOFILE, &nofile) < 0) _exit(11);
            nofile.rlim_cur = 0;
            if (round == 1 && setrlimit(RLIMIT_NOFILE, &nofile) < 0) _exit(12);
            for (int f = 0; f < 4; f++) {
                char *text = NULL;
                if (flow_export_string(&text, net, f) != FLOW_OK) _exit(20 + 10 * round + f);
                if (strlen(text) <= ((size_t)1 << 20) || strcmp(text, before[f]) != 0)
                    _exit(40 + 10 * round + f);
                flow_free(text);
            }
        }
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) fail_msg("the export ended with signal %d", WTERMSIG(status));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    for (int f = 0; f < 4; f++) flow_free(before[f]);
    flow_network_free(net);
}

static void test_export__write_into_missing_directory_fails(void **state)
{
    (void)state;
    make_tmp_dir();
    flow_network *net = sample_network();
    const char *path = TMP_DIR "/no-such-dir/out.json";
    assert_flow_fails(FLOW_EIO, flow_export_write(net, FLOW_EXPORT_JSON, path));
    assert_error_contains(path);
    assert_error_contains(strerror(ENOENT));
    assert_false(path_exists(path));
    assert_false(path_exists(TMP_DIR "/no-such-dir"));
    flow_network_free(net);
}

static void test_export__write_onto_directory_fails_cleanly(void **state)
{
    (void)state;
    make_tmp_dir();
    flow_network *net = sample_network();
    char *dir = tmp_path("a-directory");
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) fail_msg("cannot create %s", dir);
    assert_flow_fails(FLOW_EIO, flow_export_write(net, FLOW_EXPORT_GEXF, dir));
    assert_error_contains(dir);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_no_temp_left("a-directory");
    free(dir);
    flow_network_free(net);
}

static void test_export__write_replaces_file_keeping_mode(void **state)
{
    (void)state;
    make_tmp_dir();
    flow_network *net = sample_network();
    char *path = tmp_path("replace.dot");
    write_file(path, "old content that is longer than nothing\n");
    assert_int_equal(chmod(path, 0640), 0);
    assert_flow_ok(flow_export_write(net, FLOW_EXPORT_DOT, path));
    char *file = read_file(path);
    char *s = export_text(net, FLOW_EXPORT_DOT);
    assert_string_equal(file, s);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_no_temp_left("replace.dot");
    flow_free(s);
    free(file);
    free(path);
    flow_network_free(net);
}

/* ---- what is at the path: symbolic links, FIFOs, devices (issue 12/4) ---- */

static int is_symlink(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* A symbolic link is followed: the file it points to is replaced (keeping
 * its mode), the link stays a link; so for a chain of links and for a
 * dangling link (its target is created). */
static void test_export__write_follows_symlinks(void **state)
{
    (void)state;
    make_tmp_dir();
    flow_network *net = sample_network();
    char *s = export_text(net, FLOW_EXPORT_JSON);
    char *real = tmp_path("real.json"), *link = tmp_path("link.json"),
         *link2 = tmp_path("link2.json"), *dangling = tmp_path("dangling.json"),
         *made = tmp_path("made.json");
    (void)unlink(link);
    (void)unlink(link2);
    (void)unlink(dangling);
    (void)unlink(made);
    write_file(real, "old\n");
    assert_int_equal(chmod(real, 0604), 0);
    assert_int_equal(symlink("real.json", link), 0);
    assert_int_equal(symlink("link.json", link2), 0);

    assert_flow_ok(flow_export_write(net, FLOW_EXPORT_JSON, link2));
    assert_true(is_symlink(link));
    assert_true(is_symlink(link2));
    char *file = read_file(real);
    assert_string_equal(file, s);
    free(file);
    struct stat st;
    assert_int_equal(stat(real, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0604);
    assert_no_temp_left("real.json");
    assert_no_temp_left("link2.json");

    assert_int_equal(symlink("made.json", dangling), 0);
    assert_flow_ok(flow_export_write(net, FLOW_EXPORT_JSON, dangling));
    assert_true(is_symlink(dangling));
    file = read_file(made);
    assert_non_null(file);
    assert_string_equal(file, s);
    free(file);

    free(real), free(link), free(link2), free(dangling), free(made);
    flow_free(s);
    flow_network_free(net);
}

typedef struct {
    const char *path;
    char *text;
} fifo_reader;

static void *read_fifo(void *arg)
{
    fifo_reader *r = arg;
    r->text = read_file(r->path);
    return NULL;
}

/* A FIFO is written through (its reader gets the text), never replaced. */
static void test_export__write_through_fifo(void **state)
{
    (void)state;
    make_tmp_dir();
    flow_network *net = sample_network();
    char *s = export_text(net, FLOW_EXPORT_GRAPHML);
    char *path = tmp_path("pipe.graphml");
    (void)unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    fifo_reader r = {path, NULL};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, read_fifo, &r), 0);
    int rc = flow_export_write(net, FLOW_EXPORT_GRAPHML, path);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_flow_ok(rc);
    assert_non_null(r.text);
    assert_string_equal(r.text, s);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_no_temp_left("pipe.graphml");
    free(r.text);
    (void)unlink(path);
    free(path);
    flow_free(s);
    flow_network_free(net);
}

static void assert_char_device(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    if (!S_ISCHR(st.st_mode)) fail_msg("%s is no longer a character device", path);
}

/* Devices are written through: /dev/null takes the text, /dev/full fails
 * with the system's reason; neither is replaced (even when run as root). */
static void test_export__write_through_devices(void **state)
{
    (void)state;
    flow_network *net = sample_network();
    assert_char_device("/dev/null");
    assert_flow_ok(flow_export_write(net, FLOW_EXPORT_GEXF, "/dev/null"));
    assert_char_device("/dev/null");

    assert_char_device("/dev/full");
    assert_flow_fails(FLOW_EIO, flow_export_write(net, FLOW_EXPORT_JSON, "/dev/full"));
    assert_error_contains("/dev/full");
    assert_error_contains(strerror(ENOSPC));
    assert_char_device("/dev/full");

    /* a selection is written the same way */
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_fails(FLOW_EIO,
                      flow_export_selection(NULL, sel, NULL, 0, FLOW_EXPORT_DOT, "/dev/full"));
    assert_error_contains(strerror(ENOSPC));
    assert_char_device("/dev/full");
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_export__export_leaves_network_unchanged(void **state)
{
    (void)state;
    flow_network *net = sample_network();
    char *before = export_text(net, FLOW_EXPORT_JSON);
    for (int f = 0; f < 4; f++) flow_free(export_text(net, f));
    char *after = export_text(net, FLOW_EXPORT_JSON);
    assert_string_equal(before, after);
    assert_int_equal(flow_network_node_count(net), 4);
    assert_int_equal(flow_network_flow_count(net), 6);
    flow_free(before);
    flow_free(after);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export__format_registry),
        cmocka_unit_test(test_export__misuse_is_refused),
        cmocka_unit_test(test_export__freed_network_is_misuse),
        cmocka_unit_test(test_export__json_validator_sanity),
        cmocka_unit_test(test_export__json_is_valid_and_escaped),
        cmocka_unit_test(test_export__json_python_reads_back),
        cmocka_unit_test(test_export__graphml_is_well_formed_and_escaped),
        cmocka_unit_test(test_export__graphml_networkx_reads_back),
        cmocka_unit_test(test_export__gexf_is_gephi_ready),
        cmocka_unit_test(test_export__gexf_without_years_is_static),
        cmocka_unit_test(test_export__gexf_networkx_reads_back),
        cmocka_unit_test(test_export__dot_quotes_every_id_and_number),
        cmocka_unit_test(test_export__dot_escapes_quotes_and_backslashes),
        cmocka_unit_test(test_export__dot_graphviz_parses),
        cmocka_unit_test(test_export__weights_round_trip_exactly),
        cmocka_unit_test(test_export__numbers_ignore_the_locale),
        cmocka_unit_test(test_export__empty_network),
        cmocka_unit_test(test_export__write_matches_string),
        cmocka_unit_test(test_export__write_large_network_streams),
        cmocka_unit_test(test_export__string_needs_no_file),
        cmocka_unit_test(test_export__write_into_missing_directory_fails),
        cmocka_unit_test(test_export__write_onto_directory_fails_cleanly),
        cmocka_unit_test(test_export__write_replaces_file_keeping_mode),
        cmocka_unit_test(test_export__write_follows_symlinks),
        cmocka_unit_test(test_export__write_through_fifo),
        cmocka_unit_test(test_export__write_through_devices),
        cmocka_unit_test(test_export__export_leaves_network_unchanged),
    };
    return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}

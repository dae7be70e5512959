/*
 * Tests for libflow/io.h: loading data set folders, lone flows files and
 * in-memory flows tables.
 *
 * Fixtures live in tests/fixtures/io/ (kept byte-exact by its
 * .gitattributes: one file has a BOM and CRLF line ends). Bad inputs are
 * small strings loaded with flow_io_load_flows_buffer(), or folders written
 * under FLOW_TEST_TMPDIR when they need nodes.csv or groups.csv. Every
 * failure test checks the status, the message, the location and that *out
 * is NULL.
 */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef FLOW_TEST_TMPDIR
#define FLOW_TEST_TMPDIR "."
#endif

#define BUF_NAME "mem.csv"
#define HEAD "source,target,factor,weight\n"
#define HEAD_YEAR "source,target,factor,weight,year\n"

/* Something to prove that a failed load writes NULL to *out. */
static int sentinel;
#define NOT_NULL ((flow_network *)&sentinel)

/* ---- helpers ------------------------------------------------------------ */

static void expect_location(const char *file, size_t line, size_t column)
{
    const char *f = NULL;
    size_t l = 0, c = 0;
    if (!flow_last_error_location(&f, &l, &c)) {
        print_error("no location in \"%s\"\n", flow_last_error());
        fail();
    }
    if (strcmp(f, file) != 0 || l != line || c != column) {
        print_error("location %s:%zu:%zu, expected %s:%zu:%zu (\"%s\")\n", f, l, c, file, line,
                    column, flow_last_error());
        fail();
    }
    /* The message starts with the same location. */
    char prefix[1024];
    snprintf(prefix, sizeof prefix, "%s:%zu:%zu: ", file, line, column);
    assert_int_equal(strncmp(flow_last_error(), prefix, strlen(prefix)), 0);
}

static flow_network *load_buffer(const char *data, size_t size)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load_flows_buffer(&net, data, size, BUF_NAME));
    assert_non_null(net);
    return net;
}

#define LOAD_BUF(csv) load_buffer((csv), sizeof(csv) - 1)

/* A flows table that must fail with `code`, a message holding `text`, at
 * BUF_NAME:line:column. sizeof keeps embedded NUL bytes. */
static void expect_buffer_fails(const char *data, size_t size, int code, const char *text,
                                size_t line, size_t column)
{
    flow_network *net = NOT_NULL;
    assert_flow_fails(code, flow_io_load_flows_buffer(&net, data, size, BUF_NAME));
    assert_null(net);
    assert_error_contains(text);
    expect_location(BUF_NAME, line, column);
}

#define BUF_FAILS(csv, code, text, line, column)                                       \
    expect_buffer_fails((csv), sizeof(csv) - 1, (code), (text), (line), (column))

static void write_bytes(const char *path, const char *text, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

static void mkdir_p(const char *path)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0755) < 0 && errno != EEXIST) fail_msg("mkdir %s", buf);
            *p = '/';
        }
    if (mkdir(buf, 0755) < 0 && errno != EEXIST) fail_msg("mkdir %s", buf);
}

/* Writes a data set folder FLOW_TEST_TMPDIR/io/<name>; a NULL table is
 * left out (and removed if an earlier run wrote it). Returns the folder
 * (a static buffer: one data set at a time). */
static const char *dataset(const char *name, const char *nodes, const char *flows,
                           const char *groups)
{
    static char dir[1024];
    const char *files[3] = {"nodes.csv", "flows.csv", "groups.csv"};
    const char *texts[3] = {nodes, flows, groups};
    char path[1200];
    snprintf(dir, sizeof dir, "%s/io/%s", FLOW_TEST_TMPDIR, name);
    mkdir_p(dir);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (texts[i])
            write_bytes(path, texts[i], strlen(texts[i]));
        else
            unlink(path);
    }
    return dir;
}

/* The path of a table inside a data set folder, as the loader names it. */
static const char *in_dir(const char *dir, const char *file)
{
    static char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return path;
}

static void expect_load_fails(const char *path, int code, const char *text)
{
    flow_network *net = NOT_NULL;
    assert_flow_fails(code, flow_io_load(&net, path));
    assert_null(net);
    assert_error_contains(text);
}

static int64_t node(const flow_network *net, const char *id)
{
    int64_t k = flow_network_node_index(net, id);
    if (k < 0) fail_msg("no node '%s'", id);
    return k;
}

/* Index of the flow (source, target, factor, year), or -1. */
static int64_t find_flow(const flow_network *net, const char *s, const char *t, const char *f,
                         int year)
{
    int64_t si = flow_network_node_index(net, s), ti = flow_network_node_index(net, t), found = -1;
    flow_table *flows = NULL;
    assert_flow_ok(flow_network_table(&flows, net, "flows"));
    const int64_t *src = flow_table_ints(flows, 0), *tgt = flow_table_ints(flows, 1);
    const int64_t *y = flow_table_ints(flows, 4);
    for (size_t k = 0; found < 0 && k < flow_table_row_count(flows); k++)
        if (src[k] == si && tgt[k] == ti && strcmp(flow_table_texts(flows, 2)[k], f) == 0 &&
            y[k] == year)
            found = (int64_t)k;
    flow_table_free(flows);
    return found;
}

static double flow_weight(const flow_network *net, const char *s, const char *t, const char *f,
                          int year)
{
    int64_t k = find_flow(net, s, t, f, year);
    if (k < 0) fail_msg("no flow %s -> %s (%s, %d)", s, t, f, year);
    return net_double(net, "flows", "weight", (size_t)k);
}

/* ---- data set folders ---------------------------------------------------- */

static void test_io__folder_loads_nodes_flows_groups(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/basic")));
    assert_int_equal(flow_network_node_count(net), 5);
    assert_int_equal(flow_network_flow_count(net), 6);
    assert_int_equal(flow_network_factor_count(net), 3);
    assert_int_equal(flow_network_group_count(net), 2);
    /* nodes in file order, with names, kinds and a quoted name */
    assert_string_equal(flow_network_node_id(net, 0), "CN");
    assert_string_equal(flow_network_node_id(net, 4), "CN-BJ");
    assert_string_equal(net_text(net, "nodes", "name", node(net, "CN-XJ")), "Xinjiang, Uyghur AR");
    assert_string_equal(net_text(net, "nodes", "kind", node(net, "THU")), "institution");
    assert_string_equal(net_text(net, "nodes", "kind", node(net, "CN")), "country");
    /* flows in order of their first row */
    assert_int_equal(net_int(net, "flows", "source", 0), node(net, "CN-SH"));
    assert_int_equal(net_int(net, "flows", "target", 0), node(net, "CN-XJ"));
    assert_string_equal(net_text(net, "factors", "name", 0), "technology");
    assert_int_equal((int)net_int(net, "flows", "year", 0), 2020);
    flow_network_free(net);
}

static void test_io__parent_may_come_later_in_the_file(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/basic")));
    /* THU (line 5) names CN-BJ, defined on line 6 */
    assert_int_equal(net_int(net, "nodes", "parent", node(net, "THU")), node(net, "CN-BJ"));
    assert_int_equal(net_int(net, "nodes", "parent", node(net, "CN-SH")), node(net, "CN"));
    assert_int_equal(net_int(net, "nodes", "parent", node(net, "CN")), -1);
    flow_network_free(net);
}

static void test_io__attributes_numeric_text_and_missing(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/basic")));
    assert_int_equal(net_attr_count(net), 5);
    int64_t gdp = flow_network_attr_index(net, "gdp");
    int64_t rd = flow_network_attr_index(net, "rd_spend");
    int64_t zh = flow_network_attr_index(net, "name_zh");
    int64_t code = flow_network_attr_index(net, "code");
    int64_t note = flow_network_attr_index(net, "note");
    assert_true(gdp >= 0 && rd >= 0 && zh >= 0 && code >= 0 && note >= 0);
    /* attribute a is column 4 + a of the nodes table, double when numeric */
    flow_table *nodes = NULL;
    assert_flow_ok(flow_network_table(&nodes, net, "nodes"));
    assert_string_equal(flow_table_column_name(nodes, 4 + (size_t)gdp), "gdp");
    assert_string_equal(flow_table_column_name(nodes, 4 + (size_t)note), "note");
    /* numeric: every non-empty cell is a number */
    assert_int_equal(flow_table_column_type(nodes, 4 + (size_t)gdp), FLOW_COLUMN_DOUBLE);
    assert_int_equal(flow_table_column_type(nodes, 4 + (size_t)rd), FLOW_COLUMN_DOUBLE);
    flow_table_free(nodes);
    assert_close(net_double(net, "nodes", "gdp", node(net, "CN-SH")), 4.47, 1e-15);
    assert_close(net_double(net, "nodes", "rd_spend", node(net, "THU")), 2.5, 1e-15);
    assert_true(isnan(net_double(net, "nodes", "gdp", node(net, "THU"))));
    assert_true(isnan(net_double(net, "nodes", "rd_spend", node(net, "CN"))));
    /* text: one cell ("n/a") is not a number, so the digits stay text */
    assert_string_equal(net_text(net, "nodes", "code", node(net, "CN-SH")), "310000");
    assert_string_equal(net_text(net, "nodes", "code", node(net, "CN")), "n/a");
    assert_null(net_text(net, "nodes", "code", node(net, "THU")));
    assert_string_equal(net_text(net, "nodes", "name_zh", node(net, "CN-BJ")), "北京");
    assert_string_equal(net_text(net, "nodes", "note", node(net, "CN-XJ")),
                        "remote, \"far west\"");
    assert_null(net_text(net, "nodes", "note", node(net, "CN-SH")));
    flow_network_free(net);
}

static void test_io__groups_with_roles(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/basic")));
    int64_t g = flow_network_group_index(net, "Xinjiang pairing");
    int64_t h = flow_network_group_index(net, "Beijing hub");
    assert_int_equal(g, 0);
    assert_int_equal(h, 1);
    /* one row per (group, member), groups in index order */
    flow_table *t = NULL;
    assert_flow_ok(flow_network_table(&t, net, "groups"));
    assert_int_equal(flow_table_row_count(t), 4);
    const char *const *group = flow_table_texts(t, 0), *const *role = flow_table_texts(t, 2);
    const int64_t *member = flow_table_ints(t, 1);
    assert_string_equal(group[0], "Xinjiang pairing");
    assert_string_equal(group[1], "Xinjiang pairing");
    assert_string_equal(group[2], "Beijing hub");
    assert_string_equal(group[3], "Beijing hub");
    assert_int_equal(member[0], node(net, "CN-SH"));
    assert_string_equal(role[0], "supporter");
    assert_string_equal(role[1], "recipient");
    assert_int_equal(member[3], node(net, "THU"));
    assert_null(role[2]); /* none */
    flow_table_free(t);
    flow_network_free(net);
}

static void test_io__units_name_each_factor(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/basic")));
    int64_t tech = flow_network_factor_index(net, "technology");
    int64_t talent = flow_network_factor_index(net, "talent");
    int64_t capital = flow_network_factor_index(net, "capital");
    assert_true(tech >= 0 && talent >= 0 && capital >= 0);
    assert_string_equal(net_text(net, "factors", "unit", (size_t)tech), "contracts");
    assert_string_equal(net_text(net, "factors", "unit", (size_t)talent), "persons");
    assert_string_equal(net_text(net, "factors", "unit", (size_t)capital), "100M yuan");
    flow_network_free(net);
}

static void test_io__repeated_rows_are_summed(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/basic")));
    assert_close(flow_weight(net, "CN-SH", "CN-XJ", "technology", 2020), 20.0, 1e-15);
    /* another year is another flow */
    assert_close(flow_weight(net, "CN-SH", "CN-XJ", "technology", 2021), 10.0, 1e-15);
    /* blanks around a number are allowed; an empty year is no year */
    assert_close(flow_weight(net, "THU", "CN-XJ", "talent", 2021), 20.0, 1e-15);
    assert_close(flow_weight(net, "CN-BJ", "CN-SH", "capital", FLOW_NO_YEAR), 2.25, 1e-15);
    /* a self-loop is kept as data */
    assert_close(flow_weight(net, "CN-SH", "CN-SH", "capital", 2020), 1.0, 1e-15);

    flow_network_free(net);
    net = LOAD_BUF(HEAD_YEAR "A,B,talent,1,2020\n"
                             "A,B,talent,2,2020\n"
                             "A,B,talent,4,\n"
                             "A,B,talent,8,2020\n");
    assert_int_equal(flow_network_flow_count(net), 2);
    assert_close(flow_weight(net, "A", "B", "talent", 2020), 11.0, 1e-15);
    assert_close(flow_weight(net, "A", "B", "talent", FLOW_NO_YEAR), 4.0, 1e-15);
    flow_network_free(net);
}

static void test_io__folder_path_with_trailing_slash(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/basic/")));
    assert_int_equal(flow_network_node_count(net), 5);
    flow_network_free(net);
    /* the file name in messages is the folder plus "/flows.csv" */
    const char *dir = dataset("trailing", "id\nA\n", HEAD "A,A,talent,x\n", NULL);
    char given[1100];
    snprintf(given, sizeof given, "%s/", dir);
    expect_load_fails(given, FLOW_EPARSE, "weight 'x' is not a number");
    expect_location(in_dir(dir, "flows.csv"), 2, 12);
}

static void test_io__folder_without_nodes_creates_nodes_from_flows(void **state)
{
    (void)state;
    flow_network *net = NULL;
    /* also: groups may name nodes that only the flows created */
    const char *dir = dataset("no_nodes", NULL, HEAD "X,Y,talent,1\n", "group,member\nG,Y\n");
    assert_flow_ok(flow_io_load(&net, dir));
    assert_int_equal(flow_network_node_count(net), 2);
    assert_string_equal(net_text(net, "nodes", "kind", 0), "unknown");
    assert_int_equal(net_int(net, "groups", "member", 0), 1);
    flow_network_free(net);
}

/* ---- provenance ---------------------------------------------------------- */

#define CAUTION "Caution: the flows in this data set are modelled, not observed; " \
                "do not quote them as statistics."

/* The network's "provenance" part: one row, readme / modelled / caution. */
static void expect_provenance(const flow_network *net, const char *readme, int modelled)
{
    assert_int_equal(net_rows(net, "provenance"), 1);
    const char *got = net_text(net, "provenance", "readme", 0);
    if (readme) {
        assert_non_null(got);
        assert_string_equal(got, readme);
    } else {
        assert_null(got);
    }
    assert_int_equal(net_int(net, "provenance", "modelled", 0), modelled);
    if (modelled)
        assert_string_equal(net_text(net, "provenance", "caution", 0), CAUTION);
    else
        assert_null(net_text(net, "provenance", "caution", 0));
}

/* A data set folder with a README.md holding `readme` (NULL: none). */
static const char *dataset_with_readme(const char *name, const char *readme)
{
    const char *dir = dataset(name, NULL, HEAD "A,B,talent,5\n", NULL);
    const char *path = in_dir(dir, "README.md");
    if (readme)
        write_bytes(path, readme, strlen(readme));
    else
        unlink(path);
    return dir;
}

static void test_io__provenance_readme_says_modelled(void **state)
{
    (void)state;
    flow_network *net = NULL;
    char dir[1100], given[1200], want[1200];
    /* the front matter's "flows: modelled" */
    snprintf(dir, sizeof dir, "%s",
             dataset_with_readme("prov_modelled", "---\nflows: modelled\n---\n\n# data\n"));
    snprintf(want, sizeof want, "%s/README.md", dir);
    assert_flow_ok(flow_io_load(&net, dir));
    expect_provenance(net, want, 1);
    flow_network_free(net);
    /* trailing slashes are dropped from the folder */
    snprintf(given, sizeof given, "%s//", dir);
    assert_flow_ok(flow_io_load(&net, given));
    expect_provenance(net, want, 1);
    flow_network_free(net);
    /* any ASCII case, blanks, CRLF, a BOM, other keys, the file's end */
    static const char *const texts[] = {
        "---\nFlows: MODELLED\n---\n", "---\r\n  flows :  modelled \r\n---\r\n",
        "\xef\xbb\xbf---\nflows: modelled\n---\n", "---\ntitle: x\nflows: modelled\n---\n",
        "---\nflows: modelled"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        dataset_with_readme("prov_modelled", texts[i]);
        assert_flow_ok(flow_io_load(&net, dir));
        expect_provenance(net, want, 1);
        flow_network_free(net);
    }
}

static void test_io__provenance_readme_without_the_field(void **state)
{
    (void)state;
    flow_network *net = NULL;
    char dir[1100], want[1200];
    /* "flows: observed"; the word "modelled" in the prose; the field outside
     * the front matter, after it, or with another value; no front matter */
    static const char *const texts[] = {
        "---\nflows: observed\n---\n\nThe flows are not modelled.\n",
        "# data\n\nThe flows are **MODELLED**.\n",
        "flows: modelled\n",
        "\n---\nflows: modelled\n---\n",
        "---\ntitle: x\n---\nflows: modelled\n",
        "---\nflows: modelled by nobody\n---\n",
        "---\nflow: modelled\n---\n",
        "---\nflows_x: modelled\n---\n",
        "",
    };
    snprintf(dir, sizeof dir, "%s", dataset_with_readme("prov_plain", texts[0]));
    snprintf(want, sizeof want, "%s/README.md", dir);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        dataset_with_readme("prov_plain", texts[i]);
        assert_flow_ok(flow_io_load(&net, dir));
        expect_provenance(net, want, 0);
        flow_network_free(net);
    }
}

static void test_io__provenance_without_readme(void **state)
{
    (void)state;
    flow_network *net = NULL;
    const char *dir = dataset_with_readme("prov_none", NULL);
    assert_flow_ok(flow_io_load(&net, dir));
    expect_provenance(net, NULL, 0);
    flow_network_free(net);
    /* a folder named README.md is no README */
    char path[1200];
    dir = dataset_with_readme("prov_folder", NULL);
    snprintf(path, sizeof path, "%s/README.md", dir);
    mkdir_p(path);
    assert_flow_ok(flow_io_load(&net, dir));
    expect_provenance(net, NULL, 0);
    flow_network_free(net);
    /* a flows table from memory has no README either */
    net = LOAD_BUF(HEAD "A,B,talent,1\n");
    expect_provenance(net, NULL, 0);
    flow_network_free(net);
}

static void test_io__provenance_of_a_lone_flows_file(void **state)
{
    (void)state;
    flow_network *net = NULL;
    char dir[1100], file[1200], want[1200], cwd[4096];
    /* the README.md beside the file */
    snprintf(dir, sizeof dir, "%s", dataset_with_readme("prov_lone", "---\nflows: modelled\n---\n"));
    snprintf(file, sizeof file, "%s/flows.csv", dir);
    snprintf(want, sizeof want, "%s/README.md", dir);
    assert_flow_ok(flow_io_load(&net, file));
    expect_provenance(net, want, 1);
    flow_network_free(net);
    /* a bare file name: the README.md of the current folder */
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    int rc = flow_io_load(&net, "flows.csv");
    assert_int_equal(chdir(cwd), 0);
    assert_flow_ok(rc);
    expect_provenance(net, "./README.md", 1);
    flow_network_free(net);
    /* no README beside the fixture */
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/lone_flows.csv")));
    expect_provenance(net, NULL, 0);
    flow_network_free(net);
}

/* ---- lone flows files and buffers --------------------------------------- */

static void test_io__lone_flows_file_creates_nodes_in_order(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/lone_flows.csv")));
    assert_int_equal(flow_network_node_count(net), 3);
    assert_string_equal(flow_network_node_id(net, 0), "Shanghai");
    assert_string_equal(flow_network_node_id(net, 1), "Xinjiang");
    assert_string_equal(flow_network_node_id(net, 2), "Beijing");
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(net_text(net, "nodes", "kind", i), "unknown");
        assert_string_equal(net_text(net, "nodes", "name", i), flow_network_node_id(net, i));
        assert_int_equal(net_int(net, "nodes", "parent", i), -1);
    }
    assert_int_equal(flow_network_flow_count(net), 3);
    assert_close(flow_weight(net, "Xinjiang", "Beijing", "capital", FLOW_NO_YEAR), 1.5, 1e-15);
    assert_int_equal(flow_network_group_count(net), 0);
    assert_int_equal(net_attr_count(net), 0);
    flow_network_free(net);
}

static void test_io__buffer_loads_flows(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF(HEAD "A,B,talent,1.5\nB,C,capital,2\n");
    assert_int_equal(flow_network_node_count(net), 3);
    assert_int_equal(flow_network_flow_count(net), 2);
    assert_close(flow_weight(net, "B", "C", "capital", FLOW_NO_YEAR), 2.0, 1e-15);
    flow_network_free(net);
    /* the size bounds the text: what follows is not read */
    static const char text[] = HEAD "A,B,talent,1\ngarbage";
    net = load_buffer(text, sizeof text - 1 - strlen("garbage"));
    assert_int_equal(flow_network_flow_count(net), 1);
    flow_network_free(net);
    /* a NULL name reads "<buffer>" in messages */
    net = NOT_NULL;
    assert_flow_fails(FLOW_EPARSE, flow_io_load_flows_buffer(&net, "x\n", 2, NULL));
    assert_null(net);
    expect_location("<buffer>", 1, 1);
}

static void test_io__header_only_is_an_empty_network(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF(HEAD);
    assert_int_equal(flow_network_node_count(net), 0);
    assert_int_equal(flow_network_flow_count(net), 0);
    flow_network_free(net);
    net = LOAD_BUF("source,target,factor,weight"); /* no line end at all */
    assert_int_equal(flow_network_flow_count(net), 0);
    flow_network_free(net);
    const char *dir = dataset("header_only", "id,name\n", HEAD, "group,member\n");
    assert_flow_ok(flow_io_load(&net, dir));
    assert_int_equal(flow_network_node_count(net), 0);
    assert_int_equal(flow_network_group_count(net), 0);
    flow_network_free(net);
}

static void test_io__bom_and_crlf(void **state)
{
    (void)state;
    flow_network *net = NULL;
    /* BOM, CRLF, header names with blanks, columns in another order */
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/bom_crlf")));
    assert_int_equal(flow_network_node_count(net), 3);
    assert_string_equal(flow_network_node_id(net, 0), "A"); /* the source comes first */
    assert_string_equal(flow_network_node_id(net, 1), "B");
    assert_int_equal(flow_network_flow_count(net), 2);
    assert_close(flow_weight(net, "A", "B", "talent", 2020), 2.0, 1e-15);
    assert_close(flow_weight(net, "B", "C", "capital", 2021), 2.0, 1e-15);
    flow_network_free(net);
    /* lines are still counted right, and columns count from after the BOM */
    BUF_FAILS("\xEF\xBB\xBF" HEAD "A,B,talent,1\r\nA,B,talent,x\r\n", FLOW_EPARSE,
              "weight 'x' is not a number", 3, 12);
    BUF_FAILS("\xEF\xBB\xBFsource,source\r\n", FLOW_EPARSE, "duplicate column 'source'", 1, 8);
}

static void test_io__lone_carriage_returns_end_lines(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF("source,target,factor,weight\rA,B,talent,1\rB,A,talent,2");
    assert_int_equal(flow_network_flow_count(net), 2);
    flow_network_free(net);
    BUF_FAILS(HEAD "A,B,talent,1\rA,B,talent,-1\r", FLOW_EPARSE, "must be > 0", 3, 12);
}

static void test_io__columns_in_any_order(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF(" year ,\tweight, target ,factor,source\n"
                                 "2019,4,B,talent,A\n");
    assert_close(flow_weight(net, "A", "B", "talent", 2019), 4.0, 1e-15);
    flow_network_free(net);
}

static void test_io__unknown_flows_columns_are_ignored(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF("note,source,target,factor,weight,Source\n"
                                 "hello,A,B,talent,1,ignored\n");
    assert_int_equal(flow_network_node_count(net), 2);
    assert_string_equal(flow_network_node_id(net, 0), "A");
    flow_network_free(net);
}

static void test_io__quoted_fields(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF(HEAD "\"Beijing, CN\",\"say \"\"hi\"\"\",\"two\nlines\",\"1\"\n"
                        "\"a\"\"\",\"\"\"\",talent,2\n");
    assert_int_equal(flow_network_node_count(net), 4);
    assert_string_equal(flow_network_node_id(net, 0), "Beijing, CN");
    assert_string_equal(flow_network_node_id(net, 1), "say \"hi\"");
    assert_string_equal(flow_network_node_id(net, 2), "a\"");
    assert_string_equal(flow_network_node_id(net, 3), "\"");
    assert_string_equal(net_text(net, "factors", "name", 0), "two\nlines");
    flow_network_free(net);
    /* a quote inside an unquoted field is text */
    net = LOAD_BUF(HEAD "5\" disk,B,talent,1\n");
    assert_string_equal(flow_network_node_id(net, 0), "5\" disk");
    flow_network_free(net);
}

static void test_io__line_numbers_after_multiline_field(void **state)
{
    (void)state;
    /* the record on lines 2-4 is fine; the error is on line 5 */
    BUF_FAILS(HEAD "\"A\nwith\nbreaks\",B,talent,1\nA,B,talent,abc\n", FLOW_EPARSE,
              "weight 'abc' is not a number", 5, 12);
    /* an error after a line break inside the same record: column counts
     * from that break */
    BUF_FAILS(HEAD "\"A\r\nB\",B,talent,x\n", FLOW_EPARSE, "weight 'x'", 3, 13);
    /* doubled quotes and non-ASCII text before the field: columns are
     * characters, not bytes */
    BUF_FAILS(HEAD "\"Zü\"\"rich\",Genève,talent,0\n", FLOW_EPARSE, "weight '0' must be > 0", 2,
              26);
}

static void test_io__blank_lines_are_skipped(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF("\n\n" HEAD "\nA,B,talent,1\n\r\n\nB,C,talent,1\n\n");
    assert_int_equal(flow_network_flow_count(net), 2);
    flow_network_free(net);
    BUF_FAILS("\n" HEAD "\n\nA,B,talent,x\n", FLOW_EPARSE, "weight 'x'", 5, 12);
}

static void test_io__numbers(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF(HEAD_YEAR "a,b,f,1e3,+2020\n"
                                           "a,c,f,  12 ,-9999\n"
                                           "a,d,f,.5, 9999 \n"
                                           "a,e,f,+3.,\n"
                                           "a,f,f,0.1,0\n"
                                           "a,g,f,123456789012345678901234567890,1\n"
                                           "a,h,f,4.9e-324,2\n"
                                           "a,i,f,1.7976931348623157e308,3\n");
    assert_true(flow_weight(net, "a", "b", "f", 2020) == 1000.0);
    assert_true(flow_weight(net, "a", "c", "f", -9999) == 12.0);
    assert_true(flow_weight(net, "a", "d", "f", 9999) == 0.5);
    assert_true(flow_weight(net, "a", "e", "f", FLOW_NO_YEAR) == 3.0);
    /* correctly rounded, as strtod */
    assert_true(flow_weight(net, "a", "f", "f", 0) == 0.1);
    assert_true(flow_weight(net, "a", "g", "f", 1) == strtod("123456789012345678901234567890", NULL));
    assert_true(flow_weight(net, "a", "h", "f", 2) == strtod("4.9e-324", NULL));
    assert_true(flow_weight(net, "a", "i", "f", 3) == 1.7976931348623157e308);
    flow_network_free(net);
}

static void test_io__units_repeat_and_may_be_left_out(void **state)
{
    (void)state;
    flow_network *net = LOAD_BUF("source,target,factor,weight,unit\n"
                                 "A,B,talent,1,\n"
                                 "A,B,talent,1,persons\n"
                                 "B,A,talent,1,persons\n"
                                 "B,A,capital,1,\n");
    assert_string_equal(net_text(net, "factors", "unit", 0), "persons");
    assert_null(net_text(net, "factors", "unit", 1)); /* none */
    flow_network_free(net);
}

static void test_io__reads_a_pipe(void **state)
{
    (void)state;
    /* not a regular file: read(), not mmap() */
    static const char text[] = HEAD "A,B,talent,1\nB,C,talent,2\n";
    int fds[2];
    char path[64];
    flow_network *net = NULL;
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fds[1]);
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    assert_flow_ok(flow_io_load(&net, path));
    close(fds[0]);
    assert_int_equal(flow_network_flow_count(net), 2);
    flow_network_free(net);
}

/* ---- header problems ----------------------------------------------------- */

static void test_io__missing_required_column(void **state)
{
    (void)state;
    BUF_FAILS("source,target,factor,Weight\nA,B,talent,1\n", FLOW_EPARSE,
              "missing required column 'weight' (the header has 'source', 'target', 'factor', "
              "'Weight')", 1, 1);
    const char *dir = dataset("missing_id", "name,kind\nx,region\n", HEAD, NULL);
    expect_load_fails(dir, FLOW_EPARSE, "missing required column 'id'");
    expect_location(in_dir(dir, "nodes.csv"), 1, 1);
    dir = dataset("missing_member", NULL, HEAD "A,B,t,1\n", "group,role\nG,x\n");
    expect_load_fails(dir, FLOW_EPARSE, "missing required column 'member'");
    expect_location(in_dir(dir, "groups.csv"), 1, 1);
}

static void test_io__duplicate_header_column(void **state)
{
    (void)state;
    BUF_FAILS("source,target,factor,weight, source\nA,B,talent,1,A\n", FLOW_EPARSE,
              "duplicate column 'source' (also column 1)", 1, 29);
    const char *dir = dataset("dup_attr", "id,gdp,gdp\nA,1,2\n", HEAD, NULL);
    expect_load_fails(dir, FLOW_EPARSE, "duplicate column 'gdp' (also column 2)");
    expect_location(in_dir(dir, "nodes.csv"), 1, 8);
}

static void test_io__attribute_column_without_name(void **state)
{
    (void)state;
    const char *dir = dataset("unnamed_attr", "id,name, \nA,a,1\n", HEAD, NULL);
    expect_load_fails(dir, FLOW_EPARSE, "column 3 has no name");
    expect_location(in_dir(dir, "nodes.csv"), 1, 9);
}

/* ---- weights ------------------------------------------------------------- */

static void test_io__weight_empty(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,1\nA,B,talent,\n", FLOW_EPARSE, "weight is empty", 3, 12);
    BUF_FAILS(HEAD "A,B,talent,  \n", FLOW_EPARSE, "weight is empty", 2, 12);
}

static void test_io__weight_not_a_number(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,abc\n", FLOW_EPARSE, "weight 'abc' is not a number", 2, 12);
    BUF_FAILS(HEAD "A,B,talent,12kg\n", FLOW_EPARSE, "weight '12kg' is not a number", 2, 12);
    BUF_FAILS(HEAD "A,B,talent,1e\n", FLOW_EPARSE, "weight '1e' is not a number", 2, 12);
    BUF_FAILS(HEAD "A,B,talent,.\n", FLOW_EPARSE, "weight '.' is not a number", 2, 12);
}

static void test_io__weight_hex_float(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,0x1p3\n", FLOW_EPARSE, "weight '0x1p3' is not a number", 2, 12);
}

static void test_io__weight_zero(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,0\n", FLOW_EPARSE, "weight '0' must be > 0", 2, 12);
    BUF_FAILS(HEAD "A,B,talent,1e-400\n", FLOW_EPARSE, "weight '1e-400' must be > 0", 2, 12);
}

static void test_io__weight_negative(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,-2.5\n", FLOW_EPARSE, "weight '-2.5' must be > 0", 2, 12);
}

static void test_io__weight_nan(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,nan\n", FLOW_EPARSE, "weight 'nan' is not a finite number", 2, 12);
    BUF_FAILS(HEAD "A,B,talent,NaN\n", FLOW_EPARSE, "weight 'NaN' is not a finite number", 2, 12);
}

static void test_io__weight_infinite(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,inf\n", FLOW_EPARSE, "weight 'inf' is not a finite number", 2, 12);
    BUF_FAILS(HEAD "A,B,talent,-Infinity\n", FLOW_EPARSE,
              "weight '-Infinity' is not a finite number", 2, 12);
}

static void test_io__weight_overflow(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,1e999\n", FLOW_EPARSE, "weight '1e999' is out of range", 2, 12);
}

static void test_io__weight_decimal_comma(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,\"1,5\"\n", FLOW_EPARSE,
              "weight '1,5' is not a number (a decimal comma? write '.' as the decimal point)", 2,
              12);
}

static void test_io__summed_weight_overflows(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,1e308\nB,A,talent,1e308\nA,B,talent,1e308\n", FLOW_EPARSE,
              "the summed weight of the repeated flow 'A' -> 'B' (talent) overflows", 4, 12);
}

/* Flows reach the merge table a batch behind the parser (io.c queues them
 * to prefetch their slots): an overflowing sum is still reported at its
 * own row, and before any error further down. */
static void test_io__queued_overflow_comes_before_later_errors(void **state)
{
    (void)state;
#define OVERFLOWS "the summed weight of the repeated flow 'A' -> 'B' (talent) overflows"
    BUF_FAILS(HEAD "A,B,talent,1e308\nA,B,talent,1e308\nA,B,talent,x\n", FLOW_EPARSE, OVERFLOWS,
              3, 12);
    BUF_FAILS(HEAD "A,B,talent,1e308\nA,B,talent,1e308\nA,,talent,1\n", FLOW_EPARSE, OVERFLOWS,
              3, 12);
    BUF_FAILS(HEAD "A,B,talent,1e308\nA,B,talent,1e308\nA,B,talent,1,2\n", FLOW_EPARSE,
              OVERFLOWS, 3, 12);
    BUF_FAILS(HEAD "A,B,talent,1e308\nA,B,talent,1e308\nA,\"B\n", FLOW_EPARSE, OVERFLOWS, 3, 12);
    BUF_FAILS(HEAD "A,B,talent,1e308\n\"A\",\"B\",talent,1e308\nA,B\0,talent,1\n", FLOW_EPARSE,
              OVERFLOWS, 3, 16);
#undef OVERFLOWS
}

/* The same, many rows on: the overflow is found while a later batch is
 * read, and placed by the queued row's own record (a multi-line one). */
static void test_io__queued_overflow_deep_in_file(void **state)
{
    (void)state;
    for (int bad_tail = 0; bad_tail < 2; bad_tail++) {
        char *csv = malloc(4096), *end = csv;
        end += sprintf(end, HEAD);
        for (int i = 0; i < 100; i++)
            end += i == 50 || i == 51 ? sprintf(end, "\"x\ny\",q,talent,1e308\n")
                                      : sprintf(end, "n%d,m,talent,1\n", i);
        if (bad_tail) end += sprintf(end, "n1,m,talent,-1\n");
        /* row 51 starts on line 2 + 51 + 1 (row 50 spans two lines); its
         * weight is on the line after */
        expect_buffer_fails(csv, (size_t)(end - csv), FLOW_EPARSE,
                            "the summed weight of the repeated flow 'x\ny' -> 'q' (talent) "
                            "overflows",
                            55, 13);
        free(csv);
    }
}

/* Enough rows for the flow arrays and the merge table to take the large
 * block path (network.c big_alloc); every key comes twice. */
static void test_io__large_file_merges_in_order(void **state)
{
    (void)state;
    enum { KEYS = 150000, SOURCES = 1000 };
    char *csv = malloc((size_t)2 * KEYS * 40), *end = csv;
    end += sprintf(end, HEAD_YEAR);
    for (int r = 0; r < 2 * KEYS; r++) {
        int k = r % KEYS;
        end += sprintf(end, "n%d,m%d,%s,%s,%d\n", k % SOURCES, k / SOURCES,
                       k % 2 ? "talent" : "capital", r < KEYS ? "1" : "2.5", 2000 + k % 7);
    }
    flow_network *net = load_buffer(csv, (size_t)(end - csv));
    assert_int_equal(flow_network_flow_count(net), KEYS);
    assert_int_equal(flow_network_node_count(net), SOURCES + KEYS / SOURCES);
    flow_table *flows = NULL;
    assert_flow_ok(flow_network_table(&flows, net, "flows"));
    for (size_t k = 0; k < KEYS; k += 997) {
        char s[16], t[16];
        snprintf(s, sizeof s, "n%zu", k % SOURCES);
        snprintf(t, sizeof t, "m%zu", k / SOURCES);
        assert_int_equal(flow_table_ints(flows, 0)[k], flow_network_node_index(net, s));
        assert_int_equal(flow_table_ints(flows, 1)[k], flow_network_node_index(net, t));
        assert_int_equal(flow_table_ints(flows, 4)[k], 2000 + (int)(k % 7));
        assert_true(flow_table_doubles(flows, 3)[k] == 3.5);
    }
    flow_table_free(flows);
    flow_network_free(net);
    free(csv);
}

/* ---- years --------------------------------------------------------------- */

static void test_io__year_fraction(void **state)
{
    (void)state;
    BUF_FAILS(HEAD_YEAR "A,B,talent,1,2020.5\n", FLOW_EPARSE, "year '2020.5' is not an integer", 2,
              14);
}

static void test_io__year_not_a_number(void **state)
{
    (void)state;
    BUF_FAILS(HEAD_YEAR "A,B,talent,1,abc\n", FLOW_EPARSE, "year 'abc' is not an integer", 2, 14);
    BUF_FAILS(HEAD_YEAR "A,B,talent,1,-\n", FLOW_EPARSE, "year '-' is not an integer", 2, 14);
}

static void test_io__year_out_of_range(void **state)
{
    (void)state;
    BUF_FAILS(HEAD_YEAR "A,B,talent,1,10000\n", FLOW_EPARSE,
              "year '10000' is outside [-9999, 9999]", 2, 14);
    BUF_FAILS(HEAD_YEAR "A,B,talent,1,-10000\n", FLOW_EPARSE,
              "year '-10000' is outside [-9999, 9999]", 2, 14);
    BUF_FAILS(HEAD_YEAR "A,B,talent,1,99999999999999999999\n", FLOW_EPARSE, "is outside", 2, 14);
}

/* ---- record structure ---------------------------------------------------- */

static void test_io__unterminated_quote(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,1\nA,\"B,talent,1\nC,D,talent,1\n", FLOW_EPARSE,
              "unterminated quoted field", 3, 3);
}

static void test_io__errors_are_reported_in_file_order(void **state)
{
    (void)state;
    /* the row after a bad row is malformed too: the first error wins */
    BUF_FAILS(HEAD "A,B,talent,x\nA,\"B\n", FLOW_EPARSE, "weight 'x'", 2, 12);
    BUF_FAILS(HEAD "A,B,talent,1,2\nA,B\0,talent,1\n", FLOW_EPARSE, "found 5", 2, 14);
    BUF_FAILS(HEAD "A,B,talent,1\nA,B\0,talent,1\n", FLOW_EPARSE, "NUL byte", 3, 4);
}

static void test_io__text_after_closing_quote(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "\"A\"x,B,talent,1\n", FLOW_EPARSE, "unexpected text after a closing quote", 2,
              4);
}

static void test_io__too_many_fields(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,1\nA,B,talent,1,extra\n", FLOW_EPARSE,
              "expected 4 fields as in the header, found 5", 3, 14);
}

static void test_io__too_few_fields(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent\n", FLOW_EPARSE, "expected 4 fields as in the header, found 3", 2,
              11);
}

static void test_io__empty_source(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,talent,1\n,B,talent,1\n", FLOW_EPARSE, "source id is empty", 3, 1);
    BUF_FAILS(HEAD "A,\"\",talent,1\n", FLOW_EPARSE, "target id is empty", 2, 3);
}

static void test_io__empty_factor(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,,1\n", FLOW_EPARSE, "factor is empty", 2, 5);
}

/* ---- encoding ------------------------------------------------------------ */

static void test_io__invalid_utf8(void **state)
{
    (void)state;
    /* the column is that of the bad byte, in characters */
    BUF_FAILS(HEAD "Zürich,B,tal\xFF" "ent,1\n", FLOW_EPARSE, "invalid UTF-8", 2, 13);
    /* an overlong encoding of '/' */
    BUF_FAILS(HEAD "A,\xC0\xAF,talent,1\n", FLOW_EPARSE, "invalid UTF-8", 2, 3);
    /* inside a quoted field with doubled quotes: placed at the field */
    BUF_FAILS(HEAD "A,\"x\"\"\xE4\",talent,1\n", FLOW_EPARSE, "invalid UTF-8", 2, 3);
}

static void test_io__nul_byte(void **state)
{
    (void)state;
    BUF_FAILS(HEAD "A,B,tal\0ent,1\n", FLOW_EPARSE, "NUL byte", 2, 8);
    BUF_FAILS(HEAD "A,\"B\0\",talent,1\n", FLOW_EPARSE, "NUL byte", 2, 5);
}

static void test_io__empty_file(void **state)
{
    (void)state;
    BUF_FAILS("", FLOW_EPARSE, "empty file, expected a header row", 1, 1);
    BUF_FAILS("\xEF\xBB\xBF", FLOW_EPARSE, "empty file, expected a header row", 1, 1);
    const char *dir = dataset("empty_flows", NULL, "", NULL);
    expect_load_fails(dir, FLOW_EPARSE, "empty file, expected a header row");
    expect_location(in_dir(dir, "flows.csv"), 1, 1);
    flow_network *net = NOT_NULL;
    assert_flow_fails(FLOW_EPARSE, flow_io_load_flows_buffer(&net, NULL, 0, BUF_NAME));
    assert_null(net);
}

static void test_io__binary_garbage(void **state)
{
    (void)state;
    /* the start of a PNG file */
    BUF_FAILS("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", FLOW_EPARSE, "invalid UTF-8", 1, 1);
    /* text-like bytes but no CSV table: the header lacks the columns */
    BUF_FAILS("\x1F\x02\x7F\x05garbage\x01\n\x03\x04", FLOW_EPARSE, "missing required column", 1,
              1);
}

static void test_io__utf16_file(void **state)
{
    (void)state;
    BUF_FAILS("\xFF\xFEs\0o\0", FLOW_EPARSE, "UTF-16", 1, 1);
}

/* ---- limits -------------------------------------------------------------- */

static void test_io__field_too_long(void **state)
{
    (void)state;
    size_t big = FLOW_IO_MAX_FIELD + 10;
    char *text = malloc(big + 100);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, HEAD "A,");
    memset(text + n, 'x', big);
    n += big;
    n += (size_t)sprintf(text + n, ",talent,1\n");
    expect_buffer_fails(text, n, FLOW_ELIMIT, "field longer than 65536 bytes", 2, 3);
    /* quoted too */
    n = (size_t)sprintf(text, HEAD "A,\"");
    memset(text + n, 'x', big);
    n += big;
    n += (size_t)sprintf(text + n, "\",talent,1\n");
    expect_buffer_fails(text, n, FLOW_ELIMIT, "field longer than 65536 bytes", 2, 3);
    /* exactly at the limit is fine (it is the factor name here) */
    n = (size_t)sprintf(text, HEAD "A,B,");
    memset(text + n, 'y', FLOW_IO_MAX_FIELD);
    n += FLOW_IO_MAX_FIELD;
    n += (size_t)sprintf(text + n, ",1\n");
    flow_network *net = load_buffer(text, n);
    assert_int_equal(strlen(net_text(net, "factors", "name", 0)), FLOW_IO_MAX_FIELD);
    flow_network_free(net);
    free(text);
}

static void test_io__too_many_columns(void **state)
{
    (void)state;
    size_t cap = 20 * (FLOW_IO_MAX_COLUMNS + 10), n = 0, column = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    n += (size_t)sprintf(text, "source,target,factor,weight");
    for (int i = 4; i < FLOW_IO_MAX_COLUMNS + 5; i++) {
        if (i == FLOW_IO_MAX_COLUMNS) column = n + 2; /* after the comma, 1-based */
        n += (size_t)sprintf(text + n, ",c%d", i);
    }
    n += (size_t)sprintf(text + n, "\n");
    expect_buffer_fails(text, n, FLOW_ELIMIT, "more than 1024 fields in a row", 1, column);
    free(text);
}

/* ---- nodes --------------------------------------------------------------- */

static void test_io__empty_node_id(void **state)
{
    (void)state;
    const char *dir = dataset("empty_id", "id,name\nA,a\n,b\n", HEAD, NULL);
    expect_load_fails(dir, FLOW_EPARSE, "node id is empty");
    expect_location(in_dir(dir, "nodes.csv"), 3, 1);
}

static void test_io__duplicate_node_id(void **state)
{
    (void)state;
    const char *dir = dataset("dup_id", "name,id\na,A\nb,B\nc,A\n", HEAD, NULL);
    expect_load_fails(dir, FLOW_EPARSE, "duplicate node id 'A' (first on line 2)");
    expect_location(in_dir(dir, "nodes.csv"), 4, 3);
}

static void test_io__ids_are_not_trimmed(void **state)
{
    (void)state;
    /* " A" is another id than "A" */
    const char *dir = dataset("untrimmed", "id\nA\n A\n", HEAD "A, A,talent,1\n", NULL);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    assert_int_equal(flow_network_node_count(net), 2);
    assert_int_equal(net_int(net, "flows", "target", 0), 1);
    flow_network_free(net);
    dir = dataset("untrimmed2", "id\nA\n", HEAD "A,A ,talent,1\n", NULL);
    expect_load_fails(dir, FLOW_ENOTFOUND, "unknown node id 'A ' (did you mean 'A'?)");
    expect_location(in_dir(dir, "flows.csv"), 2, 3);
}

static void test_io__unknown_node_in_flows(void **state)
{
    (void)state;
    const char *dir = dataset("unknown_flow", "id\nCN-SX\nCN-SH\n",
                              HEAD "CN-SH,CN-SX,talent,1\nCN-SH,CN-SXX,talent,1\n", NULL);
    expect_load_fails(dir, FLOW_ENOTFOUND, "unknown node id 'CN-SXX' (did you mean 'CN-SX'?)");
    expect_location(in_dir(dir, "flows.csv"), 3, 7);
    /* nothing close: no suggestion */
    dir = dataset("unknown_flow2", "id\nCN-SX\n", HEAD "Atlantis,CN-SX,talent,1\n", NULL);
    expect_load_fails(dir, FLOW_ENOTFOUND, "unknown node id 'Atlantis'");
    assert_null(strstr(flow_last_error(), "did you mean"));
    expect_location(in_dir(dir, "flows.csv"), 2, 1);
}

static void test_io__unknown_node_in_groups(void **state)
{
    (void)state;
    const char *dir = dataset("unknown_group", "id\nCN-SX\nCN-SH\n", HEAD "CN-SH,CN-SX,talent,1\n",
                              "group,member,role\nG,CN-SH,\nG,CN-SXX,lead\n");
    expect_load_fails(dir, FLOW_ENOTFOUND, "unknown node id 'CN-SXX' (did you mean 'CN-SX'?)");
    expect_location(in_dir(dir, "groups.csv"), 3, 3);
}

static void test_io__unknown_parent(void **state)
{
    (void)state;
    const char *dir = dataset("unknown_parent", "id,parent\nCN,\nCN-SH,CNN\n", HEAD, NULL);
    expect_load_fails(dir, FLOW_ENOTFOUND, "unknown parent id 'CNN' (did you mean 'CN'?)");
    expect_location(in_dir(dir, "nodes.csv"), 3, 7);
}

static void test_io__parent_cycle(void **state)
{
    (void)state;
    const char *dir =
        dataset("cycle", "id,name,parent\nR,root,\nA,,C\nB,,A\nC,,B\nD,,R\n", HEAD, NULL);
    expect_load_fails(dir, FLOW_EPARSE, "parent cycle: 'A' -> 'C' -> 'B' -> 'A'");
    expect_location(in_dir(dir, "nodes.csv"), 3, 4);
    /* a node that is its own parent */
    dir = dataset("self_parent", "id,parent\nA,\nB,B\n", HEAD, NULL);
    expect_load_fails(dir, FLOW_EPARSE, "parent cycle: 'B' -> 'B'");
    expect_location(in_dir(dir, "nodes.csv"), 3, 3);
}

static void test_io__duplicate_group_member(void **state)
{
    (void)state;
    const char *dir = dataset("dup_member", "id\nA\nB\n", HEAD,
                              "group,member\nG,A\nH,A\nG,B\nG,A\n");
    expect_load_fails(dir, FLOW_EPARSE, "'A' is already a member of group 'G' (line 2)");
    expect_location(in_dir(dir, "groups.csv"), 5, 3);
}

static void test_io__empty_group_name(void **state)
{
    (void)state;
    const char *dir = dataset("empty_group", "id\nA\n", HEAD, "group,member\n,A\n");
    expect_load_fails(dir, FLOW_EPARSE, "group name is empty");
    expect_location(in_dir(dir, "groups.csv"), 2, 1);
}

static void test_io__conflicting_units(void **state)
{
    (void)state;
    BUF_FAILS("source,target,factor,weight,unit\nA,B,talent,1,persons\nB,A,talent,2,people\n",
              FLOW_EPARSE, "factor 'talent' has unit 'persons' (line 2), not 'people'", 3, 14);
}

/* ---- paths and arguments ------------------------------------------------- */

static void test_io__folder_without_flows(void **state)
{
    (void)state;
    expect_load_fails(FIXTURE("io/no_flows"), FLOW_ENOTFOUND, "has no flows.csv");
    assert_error_contains(FIXTURE("io/no_flows"));
    assert_int_equal(flow_last_error_location(NULL, NULL, NULL), 0);
}

static void test_io__nonexistent_path(void **state)
{
    (void)state;
    expect_load_fails(FIXTURE("io/no_such_thing"), FLOW_ENOTFOUND, "no such file or folder");
    assert_error_contains("io/no_such_thing");
    assert_int_equal(flow_last_error_location(NULL, NULL, NULL), 0);
    expect_load_fails(FIXTURE("io/lone_flows.csv/x"), FLOW_ENOTFOUND, "no such file or folder");
}

static void test_io__null_arguments(void **state)
{
    (void)state;
    flow_network *net = NOT_NULL;
    assert_flow_fails(FLOW_EINVAL, flow_io_load(NULL, FIXTURE("io/basic")));
    assert_flow_fails(FLOW_EINVAL, flow_io_load(&net, NULL));
    assert_null(net);
    net = NOT_NULL;
    assert_flow_fails(FLOW_EINVAL, flow_io_load_flows_buffer(&net, NULL, 5, NULL));
    assert_null(net);
    assert_flow_fails(FLOW_EINVAL, flow_io_load_flows_buffer(NULL, HEAD, strlen(HEAD), NULL));
}

static void test_io__failed_load_then_good_load(void **state)
{
    (void)state;
    /* nothing of a failed load lingers (the sanitizer build checks leaks) */
    for (int i = 0; i < 3; i++) {
        BUF_FAILS(HEAD "A,B,talent,1\nA,C,talent,x\n", FLOW_EPARSE, "weight 'x'", 3, 12);
        flow_network *net = LOAD_BUF(HEAD "A,B,talent,1\n");
        assert_int_equal(flow_network_node_count(net), 2);
        flow_network_free(net);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_io__folder_loads_nodes_flows_groups),
        cmocka_unit_test(test_io__parent_may_come_later_in_the_file),
        cmocka_unit_test(test_io__attributes_numeric_text_and_missing),
        cmocka_unit_test(test_io__groups_with_roles),
        cmocka_unit_test(test_io__units_name_each_factor),
        cmocka_unit_test(test_io__repeated_rows_are_summed),
        cmocka_unit_test(test_io__folder_path_with_trailing_slash),
        cmocka_unit_test(test_io__folder_without_nodes_creates_nodes_from_flows),
        cmocka_unit_test(test_io__lone_flows_file_creates_nodes_in_order),
        cmocka_unit_test(test_io__provenance_readme_says_modelled),
        cmocka_unit_test(test_io__provenance_readme_without_the_field),
        cmocka_unit_test(test_io__provenance_without_readme),
        cmocka_unit_test(test_io__provenance_of_a_lone_flows_file),
        cmocka_unit_test(test_io__buffer_loads_flows),
        cmocka_unit_test(test_io__header_only_is_an_empty_network),
        cmocka_unit_test(test_io__bom_and_crlf),
        cmocka_unit_test(test_io__lone_carriage_returns_end_lines),
        cmocka_unit_test(test_io__columns_in_any_order),
        cmocka_unit_test(test_io__unknown_flows_columns_are_ignored),
        cmocka_unit_test(test_io__quoted_fields),
        cmocka_unit_test(test_io__line_numbers_after_multiline_field),
        cmocka_unit_test(test_io__blank_lines_are_skipped),
        cmocka_unit_test(test_io__numbers),
        cmocka_unit_test(test_io__units_repeat_and_may_be_left_out),
        cmocka_unit_test(test_io__reads_a_pipe),
        cmocka_unit_test(test_io__missing_required_column),
        cmocka_unit_test(test_io__duplicate_header_column),
        cmocka_unit_test(test_io__attribute_column_without_name),
        cmocka_unit_test(test_io__weight_empty),
        cmocka_unit_test(test_io__weight_not_a_number),
        cmocka_unit_test(test_io__weight_hex_float),
        cmocka_unit_test(test_io__weight_zero),
        cmocka_unit_test(test_io__weight_negative),
        cmocka_unit_test(test_io__weight_nan),
        cmocka_unit_test(test_io__weight_infinite),
        cmocka_unit_test(test_io__weight_overflow),
        cmocka_unit_test(test_io__weight_decimal_comma),
        cmocka_unit_test(test_io__summed_weight_overflows),
        cmocka_unit_test(test_io__queued_overflow_comes_before_later_errors),
        cmocka_unit_test(test_io__queued_overflow_deep_in_file),
        cmocka_unit_test(test_io__large_file_merges_in_order),
        cmocka_unit_test(test_io__year_fraction),
        cmocka_unit_test(test_io__year_not_a_number),
        cmocka_unit_test(test_io__year_out_of_range),
        cmocka_unit_test(test_io__unterminated_quote),
        cmocka_unit_test(test_io__errors_are_reported_in_file_order),
        cmocka_unit_test(test_io__text_after_closing_quote),
        cmocka_unit_test(test_io__too_many_fields),
        cmocka_unit_test(test_io__too_few_fields),
        cmocka_unit_test(test_io__empty_source),
        cmocka_unit_test(test_io__empty_factor),
        cmocka_unit_test(test_io__invalid_utf8),
        cmocka_unit_test(test_io__nul_byte),
        cmocka_unit_test(test_io__empty_file),
        cmocka_unit_test(test_io__binary_garbage),
        cmocka_unit_test(test_io__utf16_file),
        cmocka_unit_test(test_io__field_too_long),
        cmocka_unit_test(test_io__too_many_columns),
        cmocka_unit_test(test_io__empty_node_id),
        cmocka_unit_test(test_io__duplicate_node_id),
        cmocka_unit_test(test_io__ids_are_not_trimmed),
        cmocka_unit_test(test_io__unknown_node_in_flows),
        cmocka_unit_test(test_io__unknown_node_in_groups),
        cmocka_unit_test(test_io__unknown_parent),
        cmocka_unit_test(test_io__parent_cycle),
        cmocka_unit_test(test_io__duplicate_group_member),
        cmocka_unit_test(test_io__empty_group_name),
        cmocka_unit_test(test_io__conflicting_units),
        cmocka_unit_test(test_io__folder_without_flows),
        cmocka_unit_test(test_io__nonexistent_path),
        cmocka_unit_test(test_io__null_arguments),
        cmocka_unit_test(test_io__failed_load_then_good_load),
    };
    return cmocka_run_group_tests_name("io", tests, NULL, NULL);
}

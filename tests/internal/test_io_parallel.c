/*
 * flows.csv parsed on several threads (libflow/io_parallel.c) gives what
 * one thread gives: the same network (nodes in the same order, flows in
 * the same order, the same weights) and, for a bad file, the same first
 * error with the same file, line and column. The internal knobs of
 * io_internal.h make small files take the parallel path, cut into chunks of
 * a few bytes, so that every row boundary case meets a chunk boundary.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib.h>

#include "testutil.h"
#include "io_internal.h"

/* A folder FLOW_TEST_TMPDIR/io_parallel/<name> (static buffer). */
static const char *folder(const char *name)
{
    static char dir[1024];
    char base[900];
    snprintf(base, sizeof base, "%s/io_parallel", FLOW_TEST_TMPDIR);
    if (mkdir(base, 0755) < 0 && errno != EEXIST) fail_msg("mkdir %s", base);
    snprintf(dir, sizeof dir, "%s/%s", base, name);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) fail_msg("mkdir %s", dir);
    return dir;
}

static char *in(const char *dir, const char *file)
{
    return g_strdup_printf("%s/%s", dir, file);
}

/* The outcome of one load: status, message and location, or the network
 * exported whole (nodes, attributes, factors, flows in order). */
typedef struct {
    int rc;
    char *text;
    size_t nodes, flows;
    size_t line, column;
} outcome;

static outcome load(const char *path, unsigned threads, size_t chunk, const flow_io_options *base)
{
    outcome o = {0};
    flow_io_options opts = FLOW_IO_OPTIONS_INIT;
    if (base) opts = *base;
    opts.threads = threads;
    size_t min0 = flow__io_parallel_min_bytes, chunk0 = flow__io_chunk_bytes;
    flow__io_parallel_min_bytes = 0;
    flow__io_chunk_bytes = chunk;
    flow_network *net = NULL;
    flow_error_clear();
    o.rc = flow_io_load_with(&net, path, &opts);
    flow__io_parallel_min_bytes = min0;
    flow__io_chunk_bytes = chunk0;
    if (o.rc < 0) {
        const char *file = NULL;
        assert_null(net);
        o.text = g_strdup(flow_last_error());
        flow_last_error_location(&file, &o.line, &o.column);
        return o;
    }
    /* A load that succeeds leaves no message behind (a worker's rejected
     * row, parsed on the calling thread, once left its message there). */
    if (*flow_last_error())
        fail_msg("%s, %u threads, chunks of %zu bytes: loaded, with the message \"%s\" left",
                 path, threads, chunk, flow_last_error());
    o.nodes = flow_network_node_count(net);
    o.flows = flow_network_flow_count(net);
    char *json = NULL;
    assert_flow_ok(flow_export_string(&json, net, FLOW_EXPORT_JSON));
    o.text = g_strdup(json);
    flow_free(json);
    flow_network_free(net);
    return o;
}

static void outcome_free(outcome *o) { g_free(o->text); }

static size_t taken;

/* path loads alike on one thread and on 2 and 3 threads with chunks of
 * several sizes; returns the one-thread outcome's status. */
static int same_as_serial(const char *path, const flow_io_options *base)
{
    static const size_t chunks[] = {1, 7, 40, 333, 4096};
    outcome one = load(path, 1, 1, base);
    assert_int_equal(flow__io_parallel_rows, 0);
    for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++)
        for (unsigned threads = 2; threads <= 3; threads++) {
            outcome par = load(path, threads, chunks[i], base);
            taken += flow__io_parallel_rows;
            if (par.rc != one.rc || strcmp(par.text, one.text) != 0 || par.line != one.line ||
                par.column != one.column)
                fail_msg("%s, %u threads, chunks of %zu bytes: rc %d at %zu:%zu \"%.300s\"; one "
                         "thread: rc %d at %zu:%zu \"%.300s\"", path, threads, chunks[i], par.rc,
                         par.line, par.column, par.text, one.rc, one.line, one.column, one.text);
            outcome_free(&par);
        }
    int rc = one.rc;
    outcome_free(&one);
    return rc;
}

/* Rows the threads parsed (not the serial reader) in same_as_serial's
 * parallel loads, since the last call. */
static size_t taken_rows(void)
{
    size_t n = taken;
    taken = 0;
    return n;
}

/* ---- the same network ----------------------------------------------------- */

static void test_io_parallel__fixtures_load_alike(void **state)
{
    (void)state;
    assert_flow_ok(same_as_serial(FIXTURE("io/basic"), NULL));
    assert_flow_ok(same_as_serial(FIXTURE("io/bom_crlf/flows.csv"), NULL));
    assert_flow_ok(same_as_serial(FIXTURE("io/lone_flows.csv"), NULL));
    assert_true(taken_rows() > 0);
}

/* Seeded rows with everything a row can hold: quoted ids, doubled quotes
 * (in the tenth row from the end: ids, factors and units with doubled
 * quotes are left to the serial reader),
 * a line break inside quotes, CRLF and bare CR, blank lines, UTF-8 ids,
 * units, missing years, repeated flows (merged), long ids. */
static char *generated(uint64_t seed, size_t rows, int with_problem_at)
{
    GString *s = g_string_new("source,target,factor,weight,year,unit\n");
    uint64_t x = seed;
    for (size_t i = 0; i < rows; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        unsigned a = (unsigned)(x >> 33) % 300, b = (unsigned)(x >> 45) % 300, k = (unsigned)(x >> 20) % 97;
        const char *factor = k % 3 == 0 ? "talent" : k % 3 == 1 ? "capital" : "technology";
        const char *unit = k % 3 == 0 ? "persons" : k % 3 == 1 ? "" : "contracts";
        if (i + 10 == rows) {
            /* an id with a doubled quote: the serial reader takes over */
            g_string_append_printf(s, "\"N\"\"%u\",N%u,%s,%u,,%s\n", a, b, factor, k + 1, unit);
            continue;
        }
        if ((int)i == with_problem_at) {
            g_string_append(s, "N1,N2,talent,-3,2020,persons\n");
            continue;
        }
        switch (k % 11) {
        case 0: g_string_append_printf(s, "\"N%u\",N%u,%s,%u.5,%u,%s\n", a, b, factor, k + 1, 2010 + k % 10, unit); break;
        case 1: g_string_append_printf(s, "N%u,\"N%u\",\"%s\",%u,,%s\n", a, b, factor, k + 1, unit); break;
        case 2: g_string_append_printf(s, "N%u,\"N%u\nsecond line\",%s,%u,2015,%s\r\n", a, b, factor, k + 1, unit); break;
        case 3: g_string_append_printf(s, "\n\nN%u,N%u,%s,1e%u,2016,%s\r", a, b, factor, k % 5, unit); break;
        case 4: g_string_append_printf(s, "Nœud-%u,N%u,%s,%u,2017,%s\n", a, b, factor, k + 1, unit); break;
        case 5: g_string_append_printf(s, "a-rather-long-node-identifier-%u,N%u,%s,%u,2018,%s\n", a, b, factor, k + 1, unit); break;
        default: g_string_append_printf(s, "N%u,N%u,%s,%u,%u,%s\n", a, b, factor, k + 1, 2011 + k % 9, unit); break;
        }
    }
    return g_string_free(s, FALSE);
}

static void test_io_parallel__generated_rows_load_alike(void **state)
{
    (void)state;
    const char *dir = folder("generated");
    char *path = in(dir, "flows.csv");
    for (uint64_t seed = 1; seed <= 3; seed++) {
        char *text = generated(seed, 1500, -1);
        write_file(path, text);
        taken_rows();
        assert_flow_ok(same_as_serial(path, NULL));
        /* most rows by the threads: 10 loads of 1500 rows */
        assert_true(taken_rows() > 10 * 1000);
        g_free(text);
    }
    /* The file's last row has no line break, and the one before ends in a
     * bare CR. */
    write_file(path, "source,target,factor,weight\nA,B,talent,1\nB,C,talent,2\rC,A,talent,3");
    assert_flow_ok(same_as_serial(path, NULL));
    g_free(path);
}

/* With nodes.csv the flows name known nodes only: the nodes come from
 * nodes.csv, in its order, and the flows are checked against them. */
static void test_io_parallel__with_nodes_csv(void **state)
{
    (void)state;
    const char *dir = folder("with_nodes");
    char *nodes = in(dir, "nodes.csv"), *flows = in(dir, "flows.csv");
    GString *ns = g_string_new("id,name,region\n");
    for (int i = 299; i >= 0; i--) g_string_append_printf(ns, "N%d,Node %d,%d\n", i, i, i % 7);
    write_file(nodes, ns->str);
    GString *fs = g_string_new("source,target,factor,weight,year\n");
    for (int i = 0; i < 2000; i++)
        g_string_append_printf(fs, "N%d,N%d,%s,%d,%d\n", (i * 37) % 300, (i * 91 + 5) % 300,
                               i % 2 ? "talent" : "capital", 1 + i % 13, 2011 + i % 10);
    write_file(flows, fs->str);
    taken_rows();
    assert_flow_ok(same_as_serial(dir, NULL));
    assert_int_equal(taken_rows(), 10 * 2000);
    /* An unknown id far into the file: the same message, line and column. */
    g_string_append(fs, "N3,N4,talent,1,2020\nN3,NX9,talent,1,2020\nN1,N2,talent,1,2020\n");
    write_file(flows, fs->str);
    assert_int_equal(same_as_serial(dir, NULL), FLOW_ENOTFOUND);
    g_string_free(ns, TRUE);
    g_string_free(fs, TRUE);
    g_free(nodes);
    g_free(flows);
}

/* ---- the same first error ------------------------------------------------- */

static void test_io_parallel__first_error_in_a_later_chunk(void **state)
{
    (void)state;
    const char *dir = folder("errors");
    char *path = in(dir, "flows.csv");
    /* A weight <= 0 on row 900 of 1500: in a later chunk for every chunk
     * size tried. */
    char *text = generated(7, 1500, 900);
    write_file(path, text);
    assert_int_equal(same_as_serial(path, NULL), FLOW_EPARSE);
    outcome one = load(path, 1, 1, NULL);
    assert_non_null(strstr(one.text, "weight '-3' must be > 0"));
    assert_true(one.line > 900);
    outcome_free(&one);
    g_free(text);

    /* Other errors the threads leave to the merge, or to the serial reader:
     * a unit that changes, a row with a field too many, a bad year, an
     * empty id, an unterminated quote at the end. */
    static const char *const bad[] = {
        "N1,N2,talent,1,2020,people\n",
        "N1,N2,talent,1,2020,persons,extra\n",
        "N1,N2,talent,1,20x0,persons\n",
        ",N2,talent,1,2020,persons\n",
        "N1,N2,talent,1,2020,\"persons\n",
        "N1,N2,talent,1e999,2020,persons\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        GString *s = g_string_new(NULL);
        char *head = generated(11 + i, 700, -1);
        g_string_append(s, head);
        g_string_append(s, bad[i]);
        char *tail = generated(12 + i, 300, -1);
        g_string_append(s, strchr(tail, '\n') + 1); /* without its header */
        write_file(path, s->str);
        assert_int_equal(same_as_serial(path, NULL), FLOW_EPARSE);
        g_free(head);
        g_free(tail);
        g_string_free(s, TRUE);
    }
    g_free(path);
}

static void test_io_parallel__limits_in_a_later_chunk(void **state)
{
    (void)state;
    const char *dir = folder("limits");
    char *path = in(dir, "flows.csv");
    char *text = generated(5, 2000, -1);
    write_file(path, text);
    flow_io_options o = FLOW_IO_OPTIONS_INIT;
    o.max_nodes = 250;
    assert_int_equal(same_as_serial(path, &o), FLOW_ELIMIT);
    o = (flow_io_options)FLOW_IO_OPTIONS_INIT;
    o.max_flows = 1200;
    assert_int_equal(same_as_serial(path, &o), FLOW_ELIMIT);
    o = (flow_io_options)FLOW_IO_OPTIONS_INIT;
    o.max_field = 20; /* the long ids */
    assert_int_equal(same_as_serial(path, &o), FLOW_ELIMIT);
    g_free(text);
    g_free(path);
}

/* ---- the test hook, and the options ---------------------------------------- */

static int hook_calls;
static const char *truncate_path;
static off_t truncate_to;

static void hook(int point, const char *path)
{
    if (point != FLOW__IO_OPENED || strcmp(path, truncate_path) != 0) return;
    hook_calls++;
    assert_int_equal(truncate(path, truncate_to), 0);
}

static void test_io_parallel__file_truncated_while_loading(void **state)
{
    (void)state;
    const char *dir = folder("truncated");
    char *path = in(dir, "flows.csv");
    char *text = generated(3, 1000, -1);
    /* Cut 3 bytes into the 601st line, after the loader learned the size. */
    const char *cut = text;
    for (int i = 0; i < 600; i++) cut = strchr(cut, '\n') + 1;
    truncate_to = (off_t)(cut - text) + 3;
    truncate_path = path;
    outcome got[2];
    for (unsigned threads = 1; threads <= 2; threads++) {
        write_file(path, text);
        hook_calls = 0;
        flow__io_test_hook = hook;
        got[threads - 1] = load(path, threads, 64, NULL);
        flow__io_test_hook = NULL;
        assert_int_equal(hook_calls, 1);
    }
    /* The file as it is after the cut, read the same way by both: here its
     * cut last row has too few fields. Never a crash, never half a load. */
    assert_int_equal(got[0].rc, got[1].rc);
    assert_string_equal(got[0].text, got[1].text);
    assert_int_equal(got[0].line, got[1].line);
    assert_int_equal(got[0].column, got[1].column);
    outcome_free(&got[0]);
    outcome_free(&got[1]);
    g_free(text);
    g_free(path);
}

static void test_io_parallel__threads_option(void **state)
{
    (void)state;
    flow_io_options o;
    memset(&o, 0xAB, sizeof o);
    assert_flow_ok(flow_io_options_init(&o, FLOW_IO_OPTIONS_VERSION));
    assert_int_equal(o.threads, 0);
    /* Version 1 options end before `threads`: the bytes after them are
     * neither written nor read. */
    memset(&o, 0xAB, sizeof o);
    assert_flow_ok(flow_io_options_init(&o, 1));
    assert_int_equal(o.version, 1);
    assert_int_equal(o.max_flows, 100000000);
    assert_int_equal(o.threads, 0xABABABABu);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load_with(&net, FIXTURE("io/basic"), &o));
    assert_true(flow_network_flow_count(net) > 0);
    flow_network_free(net);
    assert_int_equal(flow_io_options_init(&o, 3), FLOW_EINVAL);
}

/* The loader frees its merge table when it is done: a flow added to the
 * loaded network still merges with the one it repeats. */
static void test_io_parallel__loaded_network_still_merges(void **state)
{
    (void)state;
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, FIXTURE("io/lone_flows.csv")));
    size_t n = flow_network_flow_count(net);
    assert_flow_ok(flow_network_add_flow(net, "Shanghai", "Xinjiang", "technology", 2, 2020));
    assert_int_equal(flow_network_flow_count(net), n);
    assert_flow_ok(flow_network_add_flow(net, "Xinjiang", "Shanghai", "technology", 2, 2020));
    assert_int_equal(flow_network_flow_count(net), n + 1);
    flow_table *t = NULL;
    assert_flow_ok(flow_network_table(&t, net, "flows"));
    const double *w = flow_table_doubles(t, 3);
    assert_true(w[0] == 5.0); /* 3 + 2 */
    flow_table_free(t);
    flow_network_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_io_parallel__fixtures_load_alike),
        cmocka_unit_test(test_io_parallel__generated_rows_load_alike),
        cmocka_unit_test(test_io_parallel__with_nodes_csv),
        cmocka_unit_test(test_io_parallel__first_error_in_a_later_chunk),
        cmocka_unit_test(test_io_parallel__limits_in_a_later_chunk),
        cmocka_unit_test(test_io_parallel__file_truncated_while_loading),
        cmocka_unit_test(test_io_parallel__threads_option),
        cmocka_unit_test(test_io_parallel__loaded_network_still_merges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

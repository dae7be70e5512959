/*
 * Helpers for the cross-checks against Python (networkx and plain Python
 * aggregation), shared by test_selection.c and test_summary.c.
 *
 * random_flows_*: a seeded random multi-factor flow data set generated with
 *   a fixed LCG (so every run and every platform sees the same rows): 40
 *   nodes N00..N39 (N38 and N39 never get a flow: isolated vertices), 300
 *   rows over the factors talent / capital / technology and the years
 *   2018-2022 (every 8th draw has no year), with self-loops and repeated
 *   (source, target, factor, year) rows that the network merges. Weights
 *   are multiples of 0.25, so every sum is exact in any order.
 *   The raw rows (before any merging) can be written to a TSV file
 *   "source<TAB>target<TAB>factor<TAB>weight<TAB>year" (year empty when
 *   none) for Python to aggregate on its own.
 *
 * run_python(): runs /usr/bin/python3 on a script with arguments and
 *   captures its stdout. Skips the test when Python is missing, or when the
 *   script exits with 77 (a module such as networkx is not installed).
 *
 * temp_path(): a unique scratch file name under the build tree.
 *
 * tiny_flows_network(): the small hand-checked network of the selection
 *   and summary suites.
 */
#ifndef LIBFLOW_TEST_PYORACLE_H
#define LIBFLOW_TEST_PYORACLE_H

#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#include "testutil.h"

#ifndef FLOW_TEST_TMPDIR
#define FLOW_TEST_TMPDIR "/tmp"
#endif

#define PYTHON "/usr/bin/python3"

#define RANDOM_NODES 40
#define RANDOM_LINKED 38 /* flows touch N00..N37 only */
#define RANDOM_ROWS 300

typedef struct {
    int source, target, factor, year;
    double weight;
} random_row;

static const char *const random_factors[3] = {"talent", "capital", "technology"};

static inline uint32_t lcg_next(uint32_t *state)
{
    /* Numerical Recipes' 32-bit LCG; the high bits are the better ones. */
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Fills rows[RANDOM_ROWS] from the seed. */
static inline void random_rows(random_row *rows, uint32_t seed)
{
    uint32_t st = seed;
    for (int i = 0; i < RANDOM_ROWS; i++) {
        random_row r;
        if (i > 0 && i % 25 == 24) {
            r = rows[i - 1]; /* a repeated row: same key, another weight */
        } else {
            r.source = (int)(lcg_next(&st) % RANDOM_LINKED);
            r.target = i % 30 == 7 ? r.source : (int)(lcg_next(&st) % RANDOM_LINKED);
            r.factor = (int)(lcg_next(&st) % 3);
            r.year = lcg_next(&st) % 8 == 0 ? FLOW_NO_YEAR : 2018 + (int)(lcg_next(&st) % 5);
        }
        r.weight = (1 + (int)(lcg_next(&st) % 400)) * 0.25;
        rows[i] = r;
    }
}

static inline void random_node_id(char *buf, size_t size, int i) { snprintf(buf, size, "N%02d", i); }

/* Builds the network of the rows (nodes, factors with units, flows). */
static inline flow_network *random_network(const random_row *rows)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    char id[16], id2[16];
    for (int i = 0; i < RANDOM_NODES; i++) {
        random_node_id(id, sizeof id, i);
        assert_flow_ok(flow_network_add_node(net, id, NULL, "region", NULL));
    }
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons"));
    assert_flow_ok(flow_network_add_factor(net, "capital", "100M yuan"));
    assert_flow_ok(flow_network_add_factor(net, "technology", "contracts"));
    for (int i = 0; i < RANDOM_ROWS; i++) {
        random_node_id(id, sizeof id, rows[i].source);
        random_node_id(id2, sizeof id2, rows[i].target);
        assert_flow_ok(flow_network_add_flow(net, id, id2, random_factors[rows[i].factor],
                                             rows[i].weight, rows[i].year));
    }
    return net;
}

static inline void temp_path(char *buf, size_t size, const char *tag)
{
    snprintf(buf, size, "%s/%s-%ld.tmp", FLOW_TEST_TMPDIR, tag, (long)getpid());
}

static inline void write_random_rows(const char *path, const random_row *rows)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    char id[16], id2[16];
    for (int i = 0; i < RANDOM_ROWS; i++) {
        random_node_id(id, sizeof id, rows[i].source);
        random_node_id(id2, sizeof id2, rows[i].target);
        fprintf(f, "%s\t%s\t%s\t%.17g\t", id, id2, random_factors[rows[i].factor],
                rows[i].weight);
        if (rows[i].year != FLOW_NO_YEAR) fprintf(f, "%d", rows[i].year);
        fputc('\n', f);
    }
    assert_int_equal(fclose(f), 0);
}

/* Writes the selection's edges as "source id<TAB>target id<TAB>weight". */
static inline void write_selection_edges(const char *path, flow_selection *sel)
{
    flow_table *g = NULL;
    assert_flow_ok(flow_selection_table(&g, sel));
    const double *w = flow_table_doubles(g, (size_t)flow_table_column_index(g, "weight"));
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t e = 0; e < flow_table_row_count(g); e++)
        fprintf(f, "%s\t%s\t%.17g\n", flow_table_text(g, 0, e), flow_table_text(g, 1, e), w[e]);
    assert_int_equal(fclose(f), 0);
    flow_table_free(g);
}

/* The small hand-checked network of the selection and summary suites:
 * regions A "Alpha", B "Beta", country C "Gamma", institution D "Delta"
 * (isolated); talent (persons) and capital (100M yuan); 7 flows, among them
 * a repeated A->B talent (3 in 2019, 2 in 2020), a yearless C->A and the
 * self-loop A->A. */
static inline flow_network *tiny_flows_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "A", "Alpha", "region", NULL));
    assert_flow_ok(flow_network_add_node(net, "B", "Beta", "region", NULL));
    assert_flow_ok(flow_network_add_node(net, "C", "Gamma", "country", NULL));
    assert_flow_ok(flow_network_add_node(net, "D", "Delta", "institution", NULL));
    assert_flow_ok(flow_network_add_factor(net, "talent", "persons"));
    assert_flow_ok(flow_network_add_factor(net, "capital", "100M yuan"));
    assert_flow_ok(flow_network_add_flow(net, "B", "C", "capital", 30, 2021));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 3, 2019));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "talent", 2, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "capital", 10, 2020));
    assert_flow_ok(flow_network_add_flow(net, "B", "A", "talent", 1, 2019));
    assert_flow_ok(flow_network_add_flow(net, "C", "A", "talent", 4, FLOW_NO_YEAR));
    assert_flow_ok(flow_network_add_flow(net, "A", "A", "talent", 5, 2020));
    assert_int_equal(flow_network_flow_count(net), 7);
    return net;
}

/*
 * Runs PYTHON on `script` (written to a scratch file) with up to three
 * arguments; returns its stdout, malloc'd (caller frees). Skips the test
 * when Python is absent or the script exits 77; fails on any other
 * non-zero exit.
 */
static inline char *run_python(const char *script, const char *a1, const char *a2, const char *a3)
{
    if (!path_exists(PYTHON)) {
        print_message("skipped: %s not found\n", PYTHON);
        skip();
    }
    char spath[512];
    temp_path(spath, sizeof spath, "oracle-script");
    FILE *f = fopen(spath, "w");
    assert_non_null(f);
    fputs(script, f);
    assert_int_equal(fclose(f), 0);
    char cmd[4096]; /* four paths of up to 511 bytes, quoted */
    snprintf(cmd, sizeof cmd, "%s '%s' '%s' '%s' '%s'", PYTHON, spath, a1 ? a1 : "",
             a2 ? a2 : "", a3 ? a3 : "");
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t got;
    while ((got = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    out[len] = '\0';
    int status = pclose(p);
    unlink(spath);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        free(out);
        print_message("skipped: a Python module the oracle needs is missing\n");
        skip();
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        print_error("python oracle failed (status %d); output:\n%s\n", status, out);
        free(out);
        fail();
    }
    return out;
}

#endif

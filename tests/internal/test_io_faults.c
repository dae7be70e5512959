/*
 * The loader against files that change under it and other hostile inputs,
 * through its internal test hook (libflow/io_internal.h): a file is
 * rewritten or truncated at a fixed point of the load, so each race is
 * reproduced on every run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "io_internal.h"

/* ---- helpers ------------------------------------------------------------ */

/* A folder FLOW_TEST_TMPDIR/io_faults/<name> (static buffer). */
static const char *folder(const char *name)
{
    static char dir[1024];
    char base[900];
    snprintf(base, sizeof base, "%s/io_faults", FLOW_TEST_TMPDIR);
    if (mkdir(base, 0755) < 0 && errno != EEXIST) fail_msg("mkdir %s", base);
    snprintf(dir, sizeof dir, "%s/%s", base, name);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) fail_msg("mkdir %s", dir);
    return dir;
}

static const char *in(const char *dir, const char *file)
{
    static char path[2][1200];
    static int k;
    k ^= 1;
    snprintf(path[k], sizeof path[k], "%s/%s", dir, file);
    return path[k];
}

static int64_t node(const flow_network *net, const char *id)
{
    return flow_network_node_index(net, id);
}

/* What the hook does, and to which file, at which point. */
static struct {
    int point;
    const char *suffix;  /* the path's end that selects the file */
    const char *rewrite; /* written over the file in place (same inode), or NULL */
    off_t truncate_to;   /* or: truncated to this size (>= 0) */
    int calls;
} act;

static void hook(int point, const char *path)
{
    size_t n = strlen(path), m = strlen(act.suffix);
    if (point != act.point || n < m || strcmp(path + n - m, act.suffix) != 0) return;
    act.calls++;
    if (act.rewrite) {
        /* In place, as an editor that saves over the file does: a mapping
         * of the file would show the new bytes. */
        int fd = open(path, O_WRONLY);
        assert_true(fd >= 0);
        assert_int_equal(pwrite(fd, act.rewrite, strlen(act.rewrite), 0),
                         (ssize_t)strlen(act.rewrite));
        close(fd);
    } else {
        assert_int_equal(truncate(path, act.truncate_to), 0);
    }
}

static void no_hook(void)
{
    flow__io_test_hook = NULL;
    memset(&act, 0, sizeof act);
}

/* ---- finding 1: nodes.csv rewritten between the two passes --------------- */

static void test_io_faults__nodes_rewritten_between_passes(void **state)
{
    (void)state;
    /* Three nodes, no parents; the rewrite has the same size and six rows
     * with parents. Pass 2 once read the new rows and wrote parents past
     * the node array (a heap overflow under ASan). */
    static const char before[] = "id,parent\nAAAAAAAAAA,\nBBBBBBBBBB,\nCCCCCCCCCC,\n";
    static const char after[] = "id,parent\nA,\nB,A\nC,B\nD,C\nE,D\nF,E\nGGGGGGGGGGG,\n";
    assert_int_equal(strlen(before), strlen(after));
    const char *dir = folder("rewritten");
    write_file(in(dir, "nodes.csv"), before);
    write_file(in(dir, "flows.csv"),
               "source,target,factor,weight\nAAAAAAAAAA,BBBBBBBBBB,talent,1\n");
    act.point = FLOW__IO_BETWEEN_PASSES;
    act.suffix = "/nodes.csv";
    act.rewrite = after;
    flow__io_test_hook = hook;
    flow_network *net = NULL;
    int rc = flow_io_load(&net, dir);
    no_hook();
    assert_flow_ok(rc);
    /* The load saw the file as it was when it was read: one snapshot. */
    assert_int_equal(flow_network_node_count(net), 3);
    assert_int_equal(node(net, "AAAAAAAAAA"), 0);
    assert_int_equal(node(net, "CCCCCCCCCC"), 2);
    for (size_t i = 0; i < 3; i++) assert_int_equal(net_int(net, "nodes", "parent", i), -1);
    assert_int_equal(flow_network_flow_count(net), 1);
    flow_network_free(net);
}

/* ---- finding 2: flows.csv truncated during the load ---------------------- */

static void test_io_faults__flows_truncated_while_loading(void **state)
{
    (void)state;
    /* Truncated after the loader learned the size: a mapping of the old
     * size raised SIGBUS on the first byte past the new end. */
    const char *dir = folder("truncated");
    char text[64 * 1024];
    size_t n = (size_t)snprintf(text, sizeof text, "source,target,factor,weight\n");
    for (int i = 0; n + 64 < sizeof text; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "N%d,N%d,talent,1\n", i % 97, i % 89);
    write_file(in(dir, "flows.csv"), text);
    act.point = FLOW__IO_OPENED;
    act.suffix = "/flows.csv";
    act.truncate_to = 0;
    flow__io_test_hook = hook;
    flow_network *net = (flow_network *)&act;
    int rc = flow_io_load(&net, in(dir, "flows.csv"));
    no_hook();
    /* An empty file now: no header, one clear error, nothing loaded. */
    assert_int_equal(rc, FLOW_EPARSE);
    assert_null(net);
    assert_non_null(strstr(flow_last_error(), "flows.csv"));

    /* Truncated in the middle of a row: the rows before it load, the cut
     * row is read as it now ends (here a weight cut to "1" is still a
     * row). Never a crash. */
    write_file(in(dir, "flows.csv"), "source,target,factor,weight\nA,B,talent,1\nB,C,talent,12\n");
    act.point = FLOW__IO_OPENED;
    act.suffix = "/flows.csv";
    act.truncate_to = (off_t)strlen("source,target,factor,weight\nA,B,talent,1\nB,C,talent,1");
    flow__io_test_hook = hook;
    net = NULL;
    rc = flow_io_load(&net, in(dir, "flows.csv"));
    assert_int_equal(act.calls, 1);
    no_hook();
    assert_flow_ok(rc);
    assert_int_equal(flow_network_flow_count(net), 2);
    flow_network_free(net);
}


/* ---- finding 10: FIFOs, devices, dangling links -------------------------- */

/* The load must end on its own: a hang is killed by the alarm. */
#define WITHIN_SECONDS 20

static void expect_fails_naming(const char *path, int code, const char *text)
{
    flow_network *net = (flow_network *)&act;
    alarm(WITHIN_SECONDS);
    int rc = flow_io_load(&net, path);
    alarm(0);
    if (rc != code || !strstr(flow_last_error(), text) || !strstr(flow_last_error(), path))
        fail_msg("%s: rc %d, message \"%s\"; expected %d and \"%s\"", path, rc,
                 flow_last_error(), code, text);
    assert_null(net);
}

static void test_io_faults__fifo_without_writer_fails_at_once(void **state)
{
    (void)state;
    const char *dir = folder("fifo");
    const char *fifo = in(dir, "flows.csv");
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    /* once blocked forever in open() */
    expect_fails_naming(fifo, FLOW_EIO, "no writer");
    expect_fails_naming(dir, FLOW_EIO, "no writer");
    flow_network *net = (flow_network *)&act;
    alarm(WITHIN_SECONDS);
    int rc = flow_io_import(&net, fifo, FLOW_INPUT_EDGELIST, NULL);
    alarm(0);
    assert_int_equal(rc, FLOW_EIO);
    assert_null(net);
    unlink(fifo);
}

static void test_io_faults__fifo_with_a_writer_loads(void **state)
{
    (void)state;
    const char *dir = folder("fifo_writer");
    char fifo[1200];
    snprintf(fifo, sizeof fifo, "%s", in(dir, "flows.csv"));
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    /* Deterministic, with no second process racing the loader: a reader
     * held open keeps the pipe alive, so what the writer wrote before it
     * closed waits in the pipe for the loader, which reads it and then
     * end of file. (A writer that opened the FIFO while a loader was
     * between its read of nothing and its close lost its data, and the
     * loader then waited for a writer forever.) */
    int keep = open(fifo, O_RDONLY | O_NONBLOCK);
    assert_true(keep >= 0);
    int wfd = open(fifo, O_WRONLY | O_NONBLOCK);
    assert_true(wfd >= 0);
    static const char text[] = "source,target,factor,weight\nA,B,talent,1\nB,C,talent,2\n";
    assert_int_equal(write(wfd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(wfd);
    flow_network *net = NULL;
    alarm(WITHIN_SECONDS);
    int rc = flow_io_load(&net, fifo);
    alarm(0);
    assert_flow_ok(rc);
    assert_int_equal(flow_network_flow_count(net), 2);
    flow_network_free(net);
    close(keep);
    unlink(fifo);
}

static void test_io_faults__device_is_refused(void **state)
{
    (void)state;
    const char *dir = folder("device");
    unlink(in(dir, "flows.csv"));
    assert_int_equal(symlink("/dev/zero", in(dir, "flows.csv")), 0);
    /* once read a gigabyte of zeros before failing */
    expect_fails_naming(in(dir, "flows.csv"), FLOW_EIO, "is a device");
    expect_fails_naming(dir, FLOW_EIO, "is a device");
    flow_network *net = (flow_network *)&act;
    assert_int_equal(flow_io_import(&net, "/dev/zero", FLOW_INPUT_PAJEK, NULL), FLOW_EIO);
    assert_null(net);
}

static void test_io_faults__endless_nul_pipe_fails_at_once(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        static const char zeros[4096];
        close(fds[0]);
        while (write(fds[1], zeros, sizeof zeros) > 0) continue; /* ends on EPIPE */
        _exit(0);
    }
    close(fds[1]);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    expect_fails_naming(path, FLOW_EPARSE, "NUL byte");
    const char *f = NULL;
    size_t l = 0, c = 0;
    assert_true(flow_last_error_location(&f, &l, &c));
    assert_int_equal(l, 1);
    assert_int_equal(c, 1);
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
}

static void test_io_faults__dangling_nodes_link_is_an_error(void **state)
{
    (void)state;
    const char *dir = folder("dangling");
    unlink(in(dir, "flows.csv"));
    unlink(in(dir, "gone.csv"));
    write_file(in(dir, "flows.csv"), "source,target,factor,weight\nA,B,talent,1\n");
    unlink(in(dir, "nodes.csv"));
    assert_int_equal(symlink("no-such-nodes.csv", in(dir, "nodes.csv")), 0);
    /* once loaded as if there were no nodes.csv (every node "unknown") */
    expect_fails_naming(dir, FLOW_ENOTFOUND, "a symbolic link to a missing file");
    assert_non_null(strstr(flow_last_error(), "nodes.csv"));
    unlink(in(dir, "flows.csv"));
    assert_int_equal(symlink("gone.csv", in(dir, "flows.csv")), 0);
    expect_fails_naming(in(dir, "flows.csv"), FLOW_ENOTFOUND, "a symbolic link to a missing file");
}

/* ---- limits (flow_io_options) -------------------------------------------- */

static void expect_limit_in(const char *path, const char *file, const flow_io_options *o,
                            const char *text, size_t line, size_t column)
{
    flow_network *net = (flow_network *)&act;
    int rc = flow_io_load_with(&net, path, o);
    const char *f = NULL;
    size_t l = 0, c = 0;
    if (rc != FLOW_ELIMIT || !strstr(flow_last_error(), text) ||
        !flow_last_error_location(&f, &l, &c) || strcmp(f, file) != 0 || l != line ||
        c != column)
        fail_msg("%s: rc %d, \"%s\"; expected FLOW_ELIMIT, \"%s\" at %zu:%zu", path, rc,
                 flow_last_error(), text, line, column);
    assert_null(net);
}

#define expect_limit_at(path, o, text, line, column)                                   \
    expect_limit_in((path), (path), (o), (text), (line), (column))

static void test_io_faults__options_init_and_checks(void **state)
{
    (void)state;
    flow_io_options o, d = FLOW_IO_OPTIONS_INIT;
    memset(&o, 0xAB, sizeof o);
    assert_flow_ok(flow_io_options_init(&o, FLOW_IO_OPTIONS_VERSION));
    assert_int_equal(o.version, d.version);
    assert_int_equal(o.max_file_size, (uint64_t)2 << 30);
    assert_int_equal(o.max_field, FLOW_IO_MAX_FIELD);
    assert_int_equal(o.max_nodes, 10000000);
    assert_int_equal(o.max_flows, 100000000);
    assert_int_equal(flow_io_options_init(&o, FLOW_IO_OPTIONS_VERSION + 1), FLOW_EINVAL);
    assert_int_equal(flow_io_options_init(NULL, FLOW_IO_OPTIONS_VERSION), FLOW_EINVAL);
    const char *dir = folder("limits_defaults");
    write_file(in(dir, "flows.csv"), "source,target,factor,weight\nA,B,talent,1\n");
    flow_network *net = (flow_network *)&act;
    o = d;
    o.version = 99;
    assert_int_equal(flow_io_load_with(&net, dir, &o), FLOW_EINVAL);
    assert_null(net);
    o = d;
    o.max_field = FLOW_IO_MAX_FIELD + 1;
    assert_int_equal(flow_io_load_with(&net, dir, &o), FLOW_EINVAL);
    assert_non_null(strstr(flow_last_error(), "max_field"));
    /* NULL is the defaults; 0 is no limit */
    assert_flow_ok(flow_io_load_with(&net, dir, NULL));
    flow_network_free(net);
    o = d;
    o.max_nodes = o.max_flows = o.max_field = 0;
    o.max_file_size = 0;
    assert_flow_ok(flow_io_load_with(&net, dir, &o));
    assert_int_equal(flow_network_node_count(net), 2);
    flow_network_free(net);
}

static void test_io_faults__limits_name_file_line_column(void **state)
{
    (void)state;
    flow_io_options o = FLOW_IO_OPTIONS_INIT;
    const char *dir = folder("limits");
    unlink(in(dir, "nodes.csv"));
    char flows[1200];
    snprintf(flows, sizeof flows, "%s", in(dir, "flows.csv"));
    write_file(flows, "source,target,factor,weight\nA,B,talent,1\nB,C,talent,1\n"
                      "C,DDDDDDD,talent,1\nA,B,talent,2\n");
    o.max_nodes = 3;
    expect_limit_at(flows, &o, "more than 3 nodes (flow_io_options.max_nodes)", 4, 3);
    o.max_nodes = 0;
    o.max_flows = 2;
    expect_limit_at(flows, &o, "more than 2 flows (flow_io_options.max_flows)", 4, 1);
    o.max_flows = 3; /* the repeated A,B merges: still 3 flows */
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load_with(&net, flows, &o));
    assert_int_equal(flow_network_flow_count(net), 3);
    flow_network_free(net);
    o.max_field = 6; /* "source", "talent" fit */
    expect_limit_at(flows, &o, "field longer than 6 bytes (flow_io_options.max_field)", 4, 3);
    o.max_field = 0;
    o.max_file_size = 20;
    net = (flow_network *)&act;
    assert_int_equal(flow_io_load_with(&net, flows, &o), FLOW_ELIMIT);
    assert_null(net);
    assert_non_null(strstr(flow_last_error(), flows));
    assert_non_null(strstr(flow_last_error(), "flow_io_options.max_file_size"));

    /* nodes.csv counts too */
    write_file(in(dir, "nodes.csv"), "id\nA\nB\nC\nDDDDD\n");
    o = (flow_io_options)FLOW_IO_OPTIONS_INIT;
    o.max_nodes = 2;
    expect_limit_in(dir, in(dir, "nodes.csv"), &o, "more than 2 nodes", 4, 1);
    unlink(in(dir, "nodes.csv"));
}

static void test_io_faults__limits_bound_other_formats(void **state)
{
    (void)state;
    flow_io_options o = FLOW_IO_OPTIONS_INIT;
    const char *dir = folder("limits_import");
    char path[1200];
    /* Found by fuzz_import: a *Vertices count past LONG_MAX wrapped the
     * vertex table's size to 0 (UBSan: offset applied to NULL). */
    snprintf(path, sizeof path, "%s", in(dir, "huge.net"));
    write_file(path, "*Vertices 66666666666666666666666\n1 \"A\"\n*Arcs\n1 1\n");
    expect_limit_at(path, NULL, "*Vertices: more than 10000000 vertices", 1, 1);
    write_file(path, "*Vertices 101\n*Arcs\n1 2\n");
    o.max_nodes = 100;
    expect_limit_at(path, &o, "more than 100 vertices", 1, 1);
    snprintf(path, sizeof path, "%s", in(dir, "g.graphml"));
    write_file(path, "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
                     "<graph edgedefault=\"directed\">\n<node id=\"a\"/>\n<node id=\"b\"/>\n"
                     "<node id=\"c\"/>\n<edge source=\"a\" target=\"b\"/>\n"
                     "<edge source=\"b\" target=\"c\"/>\n</graph></graphml>\n");
    o.max_nodes = 2;
    expect_limit_at(path, &o, "more than 2 nodes (flow_io_options.max_nodes)", 6, 1);
    o.max_nodes = 0;
    o.max_flows = 1;
    expect_limit_at(path, &o, "more than 1 flows (flow_io_options.max_flows)", 8, 1);
}

/* ---- finding 11: bounded "did you mean" ---------------------------------- */

static void test_io_faults__suggestions_among_many_long_ids(void **state)
{
    (void)state;
    /* 100,000 ids of 246 characters (a number, then 238 'x'): the
     * suggestion once took 17.7 s on such a set (full edit-distance tables
     * for every id); it is banded and bounded now. */
    enum { N = 100000, LEN = 246 };
    const char *dir = folder("suggest");
    FILE *f = fopen(in(dir, "nodes.csv"), "wb");
    assert_non_null(f);
    char id[LEN + 1], typo[LEN + 1], text[2 * LEN + 200];
    memset(id, 'x', LEN);
    id[LEN] = '\0';
    fputs("id\n", f);
    for (int i = 0; i < N; i++) {
        memcpy(id, typo, (size_t)snprintf(typo, sizeof typo, "%08d", i));
        fprintf(f, "%s\n", id);
    }
    assert_int_equal(fclose(f), 0);
    /* node 77777 with one character changed, as a flow's target */
    memcpy(typo, id, sizeof id);
    memcpy(typo, "00077777", 8);
    typo[200] = 'y';
    snprintf(text, sizeof text, "source,target,factor,weight\n%s,%s,talent,1\n", id, typo);
    write_file(in(dir, "flows.csv"), text);
    flow_network *net = (flow_network *)&act;
    assert_int_equal(flow_io_load(&net, dir), FLOW_ENOTFOUND);
    assert_null(net);
    /* ids are clipped in messages; the head names the node */
    assert_non_null(strstr(flow_last_error(), "(did you mean '00077777xxxxxxxx"));
    const char *fl = NULL;
    size_t l = 0, c = 0;
    assert_true(flow_last_error_location(&fl, &l, &c));
    assert_int_equal(l, 2);
    assert_int_equal(c, LEN + 2);
}

static void test_io_faults__suggestion_for_an_id_that_extends_one(void **state)
{
    (void)state;
    /* "unknown node id 'Btea'" while B exists: once no suggestion at all */
    const char *dir = folder("suggest_short");
    write_file(in(dir, "nodes.csv"), "id\nA\nB\nCarrot\n");
    write_file(in(dir, "flows.csv"), "source,target,factor,weight\nA,Btea,talent,1\n");
    flow_network *net = (flow_network *)&act;
    assert_int_equal(flow_io_load(&net, dir), FLOW_ENOTFOUND);
    assert_non_null(strstr(flow_last_error(), "unknown node id 'Btea' (did you mean 'B'?)"));
    write_file(in(dir, "flows.csv"), "source,target,factor,weight\nA,Carot,talent,1\n");
    assert_int_equal(flow_io_load(&net, dir), FLOW_ENOTFOUND);
    assert_non_null(strstr(flow_last_error(), "(did you mean 'Carrot'?)"));
    write_file(in(dir, "flows.csv"), "source,target,factor,weight\nA,Zebra,talent,1\n");
    assert_int_equal(flow_io_load(&net, dir), FLOW_ENOTFOUND);
    assert_null(strstr(flow_last_error(), "did you mean"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_io_faults__nodes_rewritten_between_passes),
        cmocka_unit_test(test_io_faults__flows_truncated_while_loading),
        cmocka_unit_test(test_io_faults__fifo_without_writer_fails_at_once),
        cmocka_unit_test(test_io_faults__fifo_with_a_writer_loads),
        cmocka_unit_test(test_io_faults__device_is_refused),
        cmocka_unit_test(test_io_faults__endless_nul_pipe_fails_at_once),
        cmocka_unit_test(test_io_faults__dangling_nodes_link_is_an_error),
        cmocka_unit_test(test_io_faults__options_init_and_checks),
        cmocka_unit_test(test_io_faults__limits_name_file_line_column),
        cmocka_unit_test(test_io_faults__limits_bound_other_formats),
        cmocka_unit_test(test_io_faults__suggestions_among_many_long_ids),
        cmocka_unit_test(test_io_faults__suggestion_for_an_id_that_extends_one),
    };
    return cmocka_run_group_tests_name("io_faults", tests, NULL, NULL);
}

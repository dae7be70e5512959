/*
 * Tests of libflow/error.h: status descriptions, the per-thread last error,
 * its location and clearing.
 *
 * Errors are provoked through the public builder (libflow/network.h); the
 * location test loads a malformed data set through libflow/io.h.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"

#ifndef FLOW_TEST_TMPDIR
#define FLOW_TEST_TMPDIR "."
#endif

#define TMP_DIR FLOW_TEST_TMPDIR "/error_tmp"

static const int all_codes[] = {FLOW_OK,         FLOW_ERROR,     FLOW_ENOMEM,
                                FLOW_EINVAL,     FLOW_EIO,       FLOW_EPARSE,
                                FLOW_ENOTFOUND,  FLOW_EMISUSE,   FLOW_ECONVERGE,
                                FLOW_EINTERRUPTED, FLOW_ELIMIT};
#define NCODES (sizeof all_codes / sizeof *all_codes)

/* 1 when s is well-formed UTF-8. */
static int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
                          : (*p & 0xF8) == 0xF0     ? 3
                                                    : -1;
        if (n < 0) return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80) return 0;
    }
    return 1;
}

static flow_network *small_network(void)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    assert_flow_ok(flow_network_add_node(net, "CN-SH", "Shanghai", "region", NULL));
    assert_flow_ok(flow_network_add_node(net, "CN-XJ", "Xinjiang", "region", NULL));
    return net;
}

/* ---- flow_strerror -------------------------------------------------------- */

static void test_error__strerror_describes_every_code(void **state)
{
    (void)state;
    for (size_t i = 0; i < NCODES; i++) {
        const char *s = flow_strerror(all_codes[i]);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        /* static: the same pointer every time */
        assert_ptr_equal(s, flow_strerror(all_codes[i]));
        /* distinct descriptions */
        for (size_t j = 0; j < i; j++) assert_string_not_equal(s, flow_strerror(all_codes[j]));
    }
    assert_string_equal(flow_strerror(FLOW_ENOMEM), "out of memory");
    assert_string_equal(flow_strerror(FLOW_OK), "no error");
}

static void test_error__strerror_of_unknown_code(void **state)
{
    (void)state;
    const int unknown[] = {1, 42, -11, -100, INT_MIN, INT_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
        const char *s = flow_strerror(unknown[i]);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        for (size_t j = 0; j < NCODES; j++) assert_string_not_equal(s, flow_strerror(all_codes[j]));
    }
}

/* ---- last error ------------------------------------------------------------ */

static void test_error__failed_call_sets_code_and_message(void **state)
{
    (void)state;
    flow_network *net = small_network();
    flow_error_clear();
    assert_int_equal(flow_network_add_node(net, "CN-SH", NULL, NULL, NULL), FLOW_EINVAL);
    assert_int_equal(flow_last_error_code(), FLOW_EINVAL);
    assert_non_null(strstr(flow_last_error(), "CN-SH"));
    assert_int_equal(flow_network_add_flow(net, "CN-SX", "CN-XJ", "talent", 1, 2020),
                     FLOW_ENOTFOUND);
    assert_int_equal(flow_last_error_code(), FLOW_ENOTFOUND);
    assert_error_contains("did you mean 'CN-SH'");
    flow_network_free(net);
}

static void test_error__success_keeps_last_error(void **state)
{
    (void)state;
    flow_network *net = small_network();
    assert_flow_fails(FLOW_EINVAL, flow_network_add_flow(net, "CN-SH", "CN-XJ", "talent", -1, 2020));
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", flow_last_error());
    assert_flow_ok(flow_network_add_flow(net, "CN-SH", "CN-XJ", "talent", 1, 2020));
    assert_string_equal(flow_last_error(), saved);
    assert_int_equal(flow_last_error_code(), FLOW_EINVAL);
    flow_network_free(net);
}

static void test_error__clear_forgets_everything(void **state)
{
    (void)state;
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_node(NULL, "a", NULL, NULL, NULL));
    flow_error_clear();
    assert_string_equal(flow_last_error(), "");
    assert_int_equal(flow_last_error_code(), FLOW_OK);
    const char *file = "x";
    size_t line = 7, col = 7;
    assert_int_equal(flow_last_error_location(&file, &line, &col), 0);
    assert_null(file);
    assert_int_equal(line, 0);
    assert_int_equal(col, 0);
    /* clearing twice is harmless */
    flow_error_clear();
    assert_string_equal(flow_last_error(), "");
}

static void test_error__message_never_null(void **state)
{
    (void)state;
    flow_error_clear();
    assert_non_null(flow_last_error());
    assert_flow_fails(FLOW_EINVAL, flow_network_new(NULL));
    assert_non_null(flow_last_error());
}

static void test_error__long_message_is_cut_on_a_character(void **state)
{
    (void)state;
    /* A 3-byte character repeated past the message buffer: the cut must not
     * split a character. Offsets 0..2 move the cut across the sequence. */
    flow_network *net = small_network();
    for (int shift = 0; shift < 3; shift++) {
        char id[4096];
        size_t n = 0;
        for (int i = 0; i < shift; i++) id[n++] = 'a';
        while (n + 3 < sizeof id - 1) {
            memcpy(id + n, "夏", 3);
            n += 3;
        }
        id[n] = '\0';
        assert_flow_ok(flow_network_add_node(net, id, NULL, NULL, NULL));
        assert_flow_fails(FLOW_EINVAL, flow_network_add_node(net, id, NULL, NULL, NULL));
        size_t len = strlen(flow_last_error());
        assert_true(len > 900);
        assert_true(len < 1024);
        assert_true(utf8_valid(flow_last_error()));
    }
    flow_network_free(net);
}

/* ---- location -------------------------------------------------------------- */

static void test_error__no_location_without_a_file(void **state)
{
    (void)state;
    assert_flow_fails(FLOW_EINVAL, flow_network_new(NULL));
    const char *file = "untouched";
    size_t line = 99, col = 99;
    assert_int_equal(flow_last_error_location(&file, &line, &col), 0);
    assert_null(file);
    assert_int_equal(line, 0);
    assert_int_equal(col, 0);
    /* every out may be NULL */
    assert_int_equal(flow_last_error_location(NULL, NULL, NULL), 0);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void test_error__location_of_a_bad_file(void **state)
{
    (void)state;
    if (mkdir(TMP_DIR, 0777) != 0 && errno != EEXIST) fail_msg("cannot create %s", TMP_DIR);
    const char *path = TMP_DIR "/flows.csv";
    write_text(path, "source,target,factor,weight\n"
                     "CN-SH,CN-XJ,talent,12\n"
                     "CN-SH,CN-XJ,talent,abc\n");
    flow_network *net = (flow_network *)1;
    int rc = flow_io_load(&net, path);
    assert_int_equal(rc, FLOW_EPARSE);
    assert_null(net);
    const char *file = NULL;
    size_t line = 0, col = 0;
    assert_int_equal(flow_last_error_location(&file, &line, &col), 1);
    assert_non_null(file);
    assert_non_null(strstr(file, "flows.csv"));
    assert_int_equal(line, 3);
    assert_true(col >= 1);
    /* the message starts with file:line:column */
    char prefix[1200];
    snprintf(prefix, sizeof prefix, "%s:%zu:%zu: ", file, line, col);
    assert_true(strncmp(flow_last_error(), prefix, strlen(prefix)) == 0);
    /* outs are optional one by one */
    line = 0;
    assert_int_equal(flow_last_error_location(NULL, &line, NULL), 1);
    assert_int_equal(line, 3);
    /* a later error without a file drops the location */
    assert_flow_fails(FLOW_EINVAL, flow_network_new(NULL));
    assert_int_equal(flow_last_error_location(&file, &line, &col), 0);
    remove(path);
}

/* ---- threads --------------------------------------------------------------- */

typedef struct {
    int which;
    pthread_barrier_t *barrier;
    /* results, checked by the main thread (cmocka is not thread-safe) */
    int initial_code;
    char initial_msg[64];
    int rc, code;
    char msg[1024];
    int has_location;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *job = arg;
    job->initial_code = flow_last_error_code();
    snprintf(job->initial_msg, sizeof job->initial_msg, "%s", flow_last_error());
    flow_network *net = NULL;
    flow_network_new(&net);
    flow_network_add_node(net, "CN-SH", NULL, NULL, NULL);
    /* both threads fail at about the same time ... */
    pthread_barrier_wait(job->barrier);
    if (job->which == 0)
        job->rc = flow_network_add_node(net, "CN-SH", NULL, NULL, NULL); /* duplicate */
    else
        job->rc = flow_network_add_flow(net, "CN-SH", "CN-SH", "talent", -5, 2020);
    /* ... and read their message only after the other has failed too */
    pthread_barrier_wait(job->barrier);
    job->code = flow_last_error_code();
    snprintf(job->msg, sizeof job->msg, "%s", flow_last_error());
    job->has_location = flow_last_error_location(NULL, NULL, NULL);
    flow_network_free(net);
    return NULL;
}

static void test_error__each_thread_has_its_own_error(void **state)
{
    (void)state;
    /* The main thread's own error must survive the other threads' ones. */
    assert_flow_fails(FLOW_EMISUSE, flow_network_add_factor(NULL, "talent", NULL));
    char main_msg[1024];
    snprintf(main_msg, sizeof main_msg, "%s", flow_last_error());

    pthread_barrier_t barrier;
    assert_int_equal(pthread_barrier_init(&barrier, NULL, 2), 0);
    thread_job jobs[2];
    pthread_t threads[2];
    for (int i = 0; i < 2; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        jobs[i].which = i;
        jobs[i].barrier = &barrier;
        assert_int_equal(pthread_create(&threads[i], NULL, thread_main, &jobs[i]), 0);
    }
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_join(threads[i], NULL), 0);
    pthread_barrier_destroy(&barrier);

    for (int i = 0; i < 2; i++) {
        /* a new thread starts without an error */
        assert_int_equal(jobs[i].initial_code, FLOW_OK);
        assert_string_equal(jobs[i].initial_msg, "");
        assert_int_equal(jobs[i].has_location, 0);
    }
    assert_int_equal(jobs[0].rc, FLOW_EINVAL);
    assert_int_equal(jobs[0].code, FLOW_EINVAL);
    assert_non_null(strstr(jobs[0].msg, "duplicate"));
    assert_null(strstr(jobs[0].msg, "weight"));
    assert_int_equal(jobs[1].rc, FLOW_EINVAL);
    assert_int_equal(jobs[1].code, FLOW_EINVAL);
    assert_non_null(strstr(jobs[1].msg, "weight"));
    assert_null(strstr(jobs[1].msg, "duplicate"));

    assert_int_equal(flow_last_error_code(), FLOW_EMISUSE);
    assert_string_equal(flow_last_error(), main_msg);
}

static void *clear_thread(void *arg)
{
    (void)arg;
    flow_error_clear();
    return NULL;
}

static void test_error__clear_in_one_thread_only(void **state)
{
    (void)state;
    /* A thread clearing its error leaves the main thread's alone. */
    assert_flow_fails(FLOW_EINVAL, flow_network_new(NULL));
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, clear_thread, NULL), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(flow_last_error_code(), FLOW_EINVAL);
    assert_true(flow_last_error()[0] != '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error__strerror_describes_every_code),
        cmocka_unit_test(test_error__strerror_of_unknown_code),
        cmocka_unit_test(test_error__failed_call_sets_code_and_message),
        cmocka_unit_test(test_error__success_keeps_last_error),
        cmocka_unit_test(test_error__clear_forgets_everything),
        cmocka_unit_test(test_error__message_never_null),
        cmocka_unit_test(test_error__long_message_is_cut_on_a_character),
        cmocka_unit_test(test_error__no_location_without_a_file),
        cmocka_unit_test(test_error__location_of_a_bad_file),
        cmocka_unit_test(test_error__each_thread_has_its_own_error),
        cmocka_unit_test(test_error__clear_in_one_thread_only),
    };
    return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}

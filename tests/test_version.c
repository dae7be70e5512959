/*
 * Tests of libflow/version.h: the headers' version macros agree with each
 * other and with the library linked at run time.
 */
#include <stdlib.h>

#include "testutil.h"

#include <stdio.h>

static void test_version__string_matches_header(void **state)
{
    (void)state;
    const char *v = flow_version();
    assert_non_null(v);
    assert_string_equal(v, FLOW_VERSION_STRING);
    /* a static string: the same pointer on every call */
    assert_ptr_equal(v, flow_version());
}

static void test_version__number_matches_macros(void **state)
{
    (void)state;
    assert_int_equal(flow_version_number(), FLOW_VERSION_NUMBER);
    assert_int_equal(FLOW_VERSION_NUMBER,
                     FLOW_VERSION_MAJOR * 10000 + FLOW_VERSION_MINOR * 100 + FLOW_VERSION_PATCH);
}

static void test_version__string_matches_components(void **state)
{
    (void)state;
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", FLOW_VERSION_MAJOR, FLOW_VERSION_MINOR,
             FLOW_VERSION_PATCH);
    assert_string_equal(FLOW_VERSION_STRING, expected);
    /* the number encoding needs minor and patch below 100 */
    assert_true(FLOW_VERSION_MAJOR >= 0);
    assert_in_range(FLOW_VERSION_MINOR, 0, 99);
    assert_in_range(FLOW_VERSION_PATCH, 0, 99);
}

static void test_version__runtime_string_parses_to_number(void **state)
{
    (void)state;
    int major = -1, minor = -1, patch = -1;
    char tail = 0;
    assert_int_equal(sscanf(flow_version(), "%d.%d.%d%c", &major, &minor, &patch, &tail), 3);
    assert_int_equal(major * 10000 + minor * 100 + patch, flow_version_number());
}

/* flowctl --version names igraph's and GLib's versions: "0.10.2" forms. */
static void test_version__of_components(void **state)
{
    (void)state;
    assert_string_equal(flow_version_of("libflow"), flow_version());
    const char *names[] = {"igraph", "glib"};
    for (int i = 0; i < 2; i++) {
        const char *v = flow_version_of(names[i]);
        assert_non_null(v);
        unsigned a, b, c;
        assert_int_equal(sscanf(v, "%u.%u.%u", &a, &b, &c), 3);
    }
    assert_true(strncmp(flow_version_of("igraph"), "0.10", 4) == 0);
    assert_null(flow_version_of("zlib"));
    assert_null(flow_version_of(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version__string_matches_header),
        cmocka_unit_test(test_version__number_matches_macros),
        cmocka_unit_test(test_version__string_matches_components),
        cmocka_unit_test(test_version__runtime_string_parses_to_number),
        cmocka_unit_test(test_version__of_components),
    };
    return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}

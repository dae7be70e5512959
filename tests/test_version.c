/*
 * Tests of libflow/version.h: the headers' version macros agree with each
 * other and with the library linked at run time.
 */
#include <stdlib.h>

#include "testutil.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version__string_matches_header),
        cmocka_unit_test(test_version__number_matches_macros),
        cmocka_unit_test(test_version__string_matches_components),
        cmocka_unit_test(test_version__runtime_string_parses_to_number),
    };
    return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}

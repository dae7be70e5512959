/*
 * Shared helpers for the cmocka suites.
 *
 * assert_flow_ok(expr)          expr must return FLOW_OK; prints the last
 *                               error otherwise.
 * assert_flow_fails(code, expr) expr must return `code` and leave a
 *                               non-empty message.
 * assert_error_contains(text)   the last error message contains `text`.
 * FIXTURE(name)                 path of tests/fixtures/<name>.
 * SHARED_DATA(name)             path of ../shared/data/<name> (may be
 *                               absent: use skip_unless_exists()).
 */
#ifndef LIBFLOW_TESTUTIL_H
#define LIBFLOW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "libflow.h"

#ifndef FLOW_TEST_FIXTURES
#define FLOW_TEST_FIXTURES "tests/fixtures"
#endif
#ifndef FLOW_SHARED_DATA
#define FLOW_SHARED_DATA "../shared/data"
#endif

#define FIXTURE(name) FLOW_TEST_FIXTURES "/" name
#define SHARED_DATA(name) FLOW_SHARED_DATA "/" name

#define assert_flow_ok(expr)                                                           \
    do {                                                                               \
        int rc_ = (expr);                                                              \
        if (rc_ != FLOW_OK) {                                                          \
            print_error("%s returned %d: %s\n", #expr, rc_, flow_last_error());        \
            fail();                                                                    \
        }                                                                              \
    } while (0)

#define assert_flow_fails(code, expr)                                                  \
    do {                                                                               \
        flow_error_clear();                                                            \
        int rc_ = (expr);                                                              \
        if (rc_ != (code)) {                                                           \
            print_error("%s returned %d (%s), expected %d\n", #expr, rc_,              \
                        flow_last_error(), (int)(code));                               \
            fail();                                                                    \
        }                                                                              \
        assert_true(flow_last_error()[0] != '\0');                                     \
        assert_int_equal(flow_last_error_code(), (code));                              \
    } while (0)

#define assert_error_contains(text)                                                    \
    do {                                                                               \
        if (!strstr(flow_last_error(), (text))) {                                      \
            print_error("message \"%s\" lacks \"%s\"\n", flow_last_error(), (text));   \
            fail();                                                                    \
        }                                                                              \
    } while (0)

#define assert_close(a, b, rel)                                                        \
    do {                                                                               \
        double a_ = (a), b_ = (b);                                                     \
        double tol_ = (rel) * fmax(1.0, fmax(fabs(a_), fabs(b_)));                     \
        if (!(fabs(a_ - b_) <= tol_)) {                                                \
            print_error("%s = %.17g, expected %.17g (rel %g)\n", #a, a_, b_, (rel));   \
            fail();                                                                    \
        }                                                                              \
    } while (0)

static inline int path_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* Reference data sets live outside the repository (../shared/data). A test
 * that needs a missing one is skipped, unless LIBFLOW_REQUIRE_SHARED_DATA=1
 * is set (as .ci/run does): then it fails, so that the cross-checks against
 * real data cannot pass by being skipped. */
static inline int shared_data_required(void)
{
    const char *v = getenv("LIBFLOW_REQUIRE_SHARED_DATA");
    return v && strcmp(v, "1") == 0;
}

#define skip_missing_data(p)                                                           \
    do {                                                                               \
        if (shared_data_required()) {                                                  \
            print_error("%s not found and LIBFLOW_REQUIRE_SHARED_DATA=1\n", (p));       \
            fail();                                                                    \
        }                                                                              \
        print_message("skipped: %s not found\n", (p));                                 \
        skip();                                                                        \
    } while (0)

#define skip_unless_exists(p)                                                          \
    do {                                                                               \
        if (!path_exists(p)) skip_missing_data(p);                                     \
    } while (0)

#endif

/*
 * use_decimal_comma_locale(): for the tests that check that libflow's output
 * does not follow the caller's LC_NUMERIC.
 */
#ifndef LIBFLOW_TEST_LOCALE_UTIL_H
#define LIBFLOW_TEST_LOCALE_UTIL_H

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/*
 * Switches LC_NUMERIC to a locale whose decimal point is a comma: an
 * installed one if any, else a minimal one ("C" with a decimal comma)
 * compiled with localedef into the build tree (about 0.1 s) and found
 * through LOCPATH. Returns 0 when neither works.
 */
static inline int use_decimal_comma_locale(void)
{
    static const char *const installed[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                                            "fr_FR.utf8", "ru_RU.UTF-8", "nl_NL.UTF-8"};
    for (size_t i = 0; i < sizeof installed / sizeof installed[0]; i++)
        if (setlocale(LC_NUMERIC, installed[i]) && strcmp(localeconv()->decimal_point, ",") == 0)
            return 1;
    if (!path_exists("/usr/bin/localedef")) return 0;
    char dir[512], src[600], cmd[2048];
    snprintf(dir, sizeof dir, "%s/locales-%ld.tmp", FLOW_TEST_TMPDIR, (long)getpid());
    snprintf(src, sizeof src, "%s.src", dir);
    FILE *f = fopen(src, "w");
    if (!f) return 0;
    fputs("LC_CTYPE\ncopy \"POSIX\"\nEND LC_CTYPE\n"
          "LC_COLLATE\ncopy \"POSIX\"\nEND LC_COLLATE\n"
          "LC_MONETARY\ncopy \"POSIX\"\nEND LC_MONETARY\n"
          "LC_NUMERIC\ndecimal_point \",\"\nthousands_sep \".\"\ngrouping 3\nEND LC_NUMERIC\n"
          "LC_TIME\ncopy \"POSIX\"\nEND LC_TIME\n"
          "LC_MESSAGES\ncopy \"POSIX\"\nEND LC_MESSAGES\n",
          f);
    fclose(f);
    /* localedef exits 1 for the categories left out; the result is usable */
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && /usr/bin/localedef -c -i '%s' -f ANSI_X3.4-1968 '%s/flow_comma' "
             ">/dev/null 2>&1",
             dir, src, dir);
    int rc = system(cmd);
    (void)rc;
    unlink(src);
    setenv("LOCPATH", dir, 1);
    int ok = setlocale(LC_NUMERIC, "flow_comma") != NULL &&
             strcmp(localeconv()->decimal_point, ",") == 0;
    unsetenv("LOCPATH");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    rc = system(cmd); /* the loaded locale stays in memory */
    (void)rc;
    return ok;
}

#endif

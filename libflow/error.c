/*
 * The per-thread last error. The message lives in a fixed thread-local
 * buffer so that reporting ENOMEM never allocates.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "libflow/common.h"
#include "error_internal.h"

#define MSG_SIZE 1024
#define FILE_SIZE 512

static _Thread_local struct {
    int code;
    char msg[MSG_SIZE];
    char file[FILE_SIZE];
    size_t line, column;
    int has_location;
} last;

static _Thread_local char last_warning[512];

const char *flow_last_error(void) { return last.msg; }

const char *flow_last_warning(void) { return last_warning; }

void flow__warning_set(const char *text)
{
    g_strlcpy(last_warning, text ? text : "", sizeof last_warning);
}

int flow_last_error_code(void) { return last.code; }

int flow_last_error_location(const char **file, size_t *line, size_t *column)
{
    int has = last.has_location;
    if (file) *file = has ? last.file : NULL;
    if (line) *line = has ? last.line : 0;
    if (column) *column = has ? last.column : 0;
    return has;
}

void flow_error_clear(void)
{
    last.code = FLOW_OK;
    last.msg[0] = '\0';
    last.file[0] = '\0';
    last.line = last.column = 0;
    last.has_location = 0;
}

const char *flow_strerror(int code)
{
    switch (code) {
    case FLOW_OK: return "no error";
    case FLOW_ERROR: return "error";
    case FLOW_ENOMEM: return "out of memory";
    case FLOW_EINVAL: return "invalid argument";
    case FLOW_EIO: return "input/output error";
    case FLOW_EPARSE: return "malformed input";
    case FLOW_ENOTFOUND: return "not found";
    case FLOW_EMISUSE: return "library misuse";
    case FLOW_ECONVERGE: return "did not converge";
    case FLOW_EINTERRUPTED: return "interrupted";
    case FLOW_ELIMIT: return "limit exceeded";
    default: return "unknown status code";
    }
}

/* Cuts a message at MSG_SIZE without splitting a UTF-8 sequence. */
static void trim_utf8(char *s)
{
    size_t n = strlen(s);
    if (n < MSG_SIZE - 1) return;
    while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80) n--;
    if (n > 0 && ((unsigned char)s[n - 1] & 0x80)) n--;
    s[n] = '\0';
}

int flow__error(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last.msg, sizeof last.msg, fmt, ap);
    va_end(ap);
    trim_utf8(last.msg);
    last.code = code;
    last.has_location = 0;
    last.file[0] = '\0';
    last.line = last.column = 0;
    return code;
}

int flow__error_at(int code, const char *file, size_t line, size_t column, const char *fmt, ...)
{
    char body[MSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    snprintf(last.file, sizeof last.file, "%s", file ? file : "<input>");
    int head = snprintf(last.msg, sizeof last.msg, "%s:%zu:%zu: ", last.file, line, column);
    if (head > 0 && (size_t)head < sizeof last.msg)
        g_strlcpy(last.msg + head, body, sizeof last.msg - (size_t)head);
    trim_utf8(last.msg);
    last.code = code;
    last.line = line;
    last.column = column;
    last.has_location = 1;
    return code;
}

int flow__error_nomem(void)
{
    static const char m[] = "out of memory";
    memcpy(last.msg, m, sizeof m);
    last.code = FLOW_ENOMEM;
    last.has_location = 0;
    return FLOW_ENOMEM;
}

/* Levenshtein distance over bytes, capped: ids are short. */
static size_t distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 256 || lb > 256) return cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
    size_t row[257];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t sub = diag + (g_ascii_tolower(a[i - 1]) != g_ascii_tolower(b[j - 1]));
            size_t v = MIN(MIN(row[j - 1] + 1, up + 1), sub);
            row[j] = v;
            diag = up;
            if (v < best) best = v;
        }
        if (best > cap) return cap + 1;
    }
    return row[lb];
}

const char *flow__suggest(const char *word, size_t n, const char *(*get)(size_t, const void *),
                          const void *data)
{
    /* A suggestion is useful when it is within a third of the word's length
     * (at least 1, at most 3 edits; a one-character word only matches up to
     * case), or else when exactly one candidate starts with the word ("tech"
     * for "technology"). Large sets are scanned in full: this runs once, on
     * the error path only. */
    size_t len = strlen(word);
    size_t cap = len <= 1 ? 0 : MAX((size_t)1, MIN((size_t)3, len / 3));
    const char *best = NULL, *prefixed = NULL;
    size_t best_d = cap + 1, nprefixed = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = get(i, data);
        if (!c) continue;
        if (len >= 2 && g_ascii_strncasecmp(c, word, len) == 0 && c[len]) {
            prefixed = c;
            nprefixed++;
        }
        size_t d = distance(word, c, best_d - 1);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    if (best) return best;
    return nprefixed == 1 ? prefixed : NULL;
}

void flow_free(void *ptr) { g_free(ptr); }

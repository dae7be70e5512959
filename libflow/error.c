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

/* While set, failures are returned but not recorded (flow__error_mute). */
static _Thread_local int muted;

int flow__error_mute(int on)
{
    int was = muted;
    muted = on;
    return was;
}

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
    if (muted) return code;
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
    if (muted) return code;
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
    if (muted) return FLOW_ENOMEM;
    memcpy(last.msg, m, sizeof m);
    last.code = FLOW_ENOMEM;
    last.has_location = 0;
    return FLOW_ENOMEM;
}

/* Levenshtein distance over bytes (ASCII case ignored), or cap + 1 when
 * it is more than cap (cap <= SUGGEST_MAX_EDITS). Only the band
 * |i - j| <= cap of the table is computed, and a row whose every cell
 * passes cap ends the work: a candidate costs O(la * cap) once a common
 * head and tail are set aside. Cells counts the cells computed. */
#define SUGGEST_MAX_EDITS 3
static size_t distance(const char *a, size_t la, const char *b, size_t lb, size_t cap,
                       size_t *cells)
{
    const size_t inf = cap + 1, w = 2 * cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap) return inf;
    /* A common head and tail change no distance: ids often share them. */
    while (la && lb && g_ascii_tolower(*a) == g_ascii_tolower(*b)) a++, b++, la--, lb--;
    while (la && lb && g_ascii_tolower(a[la - 1]) == g_ascii_tolower(b[lb - 1])) la--, lb--;
    /* r[k] is cell (i, j = i - cap + k); p the row before. */
    size_t rows[2][2 * SUGGEST_MAX_EDITS + 1], *p = rows[0], *r = rows[1];
    for (size_t k = 0; k < w; k++) p[k] = k >= cap && k - cap <= lb ? k - cap : inf;
    for (size_t i = 1; i <= la; i++) {
        size_t best = inf;
        for (size_t k = 0; k < w; k++) {
            size_t v = inf;
            if (i + k < cap || i + k - cap > lb) {
                r[k] = inf; /* outside the table */
                continue;
            }
            size_t j = i + k - cap;
            if (j == 0) {
                v = i;
            } else {
                v = p[k] + (g_ascii_tolower(a[i - 1]) != g_ascii_tolower(b[j - 1]));
                if (k + 1 < w && p[k + 1] + 1 < v) v = p[k + 1] + 1;
                if (k > 0 && r[k - 1] + 1 < v) v = r[k - 1] + 1;
            }
            r[k] = MIN(v, inf);
            if (r[k] < best) best = r[k];
        }
        *cells += w;
        if (best > cap) return inf;
        size_t *t = p;
        p = r;
        r = t;
    }
    return p[lb + cap - la];
}

/* Cells of edit-distance tables one suggestion may compute (a few tenths
 * of a second): past it the scan stops with the best candidate so far. */
#define SUGGEST_MAX_CELLS ((size_t)100 * 1000 * 1000)

const char *flow__suggest(const char *word, size_t n, const char *(*get)(size_t, const void *),
                          const void *data)
{
    /* A suggestion is useful when it is within a third of the word's length
     * (at least 1, at most 3 edits; a one-character word only matches up to
     * case), or else when exactly one candidate starts with the word ("tech"
     * for "technology"), or else the longest candidate the word starts with
     * ("B" for "Btea"). The work is bounded: candidates whose length is too
     * far from the word's are skipped at once, the distance is banded and
     * stops early, and the scan ends after SUGGEST_MAX_CELLS cells. */
    size_t len = strlen(word), cells = 0;
    size_t cap = len <= 1 ? 0 : MAX((size_t)1, MIN((size_t)SUGGEST_MAX_EDITS, len / 3));
    const char *best = NULL, *prefixed = NULL, *inside = NULL;
    size_t best_d = cap + 1, nprefixed = 0, inside_len = 0;
    for (size_t i = 0; i < n && cells < SUGGEST_MAX_CELLS; i++) {
        const char *c = get(i, data);
        if (!c) continue;
        size_t lc = strlen(c);
        if (len >= 2 && lc > len && g_ascii_strncasecmp(c, word, len) == 0) {
            prefixed = c;
            nprefixed++;
        }
        if (lc < len && lc > inside_len && g_ascii_strncasecmp(c, word, lc) == 0) {
            inside = c;
            inside_len = lc;
        }
        size_t d = best_d ? distance(word, len, c, lc, best_d - 1, &cells) : 1;
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    if (best) return best;
    if (nprefixed == 1) return prefixed;
    return len >= 2 ? inside : NULL;
}

void flow_free(void *ptr) { g_free(ptr); }

/*
 * util.c - what every part of flowctl uses: allocation that never returns
 * NULL, messages and their exit statuses, comma-separated lists, the one
 * "did you mean" of flowctl, and the progress line.
 */
#include "flowctl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- allocation ------------------------------------------------------------- */

static void out_of_memory(void)
{
    fputs("flowctl: out of memory\n", stderr);
    exit(EXIT_OTHER);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) out_of_memory();
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* ---- messages ----------------------------------------------------------------- */

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("flowctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_hint(const char *cmd)
{
    if (cmd)
        fprintf(stderr, "try 'flowctl %s --help'\n", cmd);
    else
        fputs("try 'flowctl --help'\n", stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    cli_progress_end();
    fputs("flowctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    cli_hint(cmd);
    return EXIT_USAGE;
}

int cli_library_error(const char *cmd, int rc)
{
    const char *msg = flow_last_error();
    cli_progress_end();
    cli_error("%s", msg && *msg ? msg : flow_strerror(rc));
    if (rc == FLOW_ENOTFOUND || rc == FLOW_EINVAL) {
        cli_hint(cmd);
        return EXIT_USAGE;
    }
    return EXIT_OTHER;
}

/* ---- lists -------------------------------------------------------------------- */

char **cli_split(const char *s, size_t *n)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++) cap += *p == ',';
    char **list = xcalloc(cap + 1, sizeof(char *));
    size_t k = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == ',' || *p == '\0') {
            /* trim blanks around an item: "CN-BJ, CN-SH" is meant as two ids */
            const char *a = start, *b = p;
            while (a < b && (*a == ' ' || *a == '\t')) a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
            if (b > a) {
                char *item = xmalloc((size_t)(b - a) + 1);
                memcpy(item, a, (size_t)(b - a));
                item[b - a] = '\0';
                list[k++] = item;
            }
            if (*p == '\0') break;
            start = p + 1;
        }
    }
    *n = k;
    return list;
}

void cli_free_list(char **list)
{
    if (!list) return;
    for (char **p = list; *p; p++) free(*p);
    free(list);
}

/* ---- did you mean ------------------------------------------------------------- */

/* Edit distance (Levenshtein, ASCII case ignored). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = xcalloc(lb + 1, sizeof(size_t));
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            int ca = a[i - 1], cb = b[j - 1];
            if (ca >= 'A' && ca <= 'Z') ca += 'a' - 'A';
            if (cb >= 'A' && cb <= 'Z') cb += 'a' - 'A';
            size_t v = diag + (ca != cb);
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            if (up + 1 < v) v = up + 1;
            row[j] = v;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

/* Close enough: within a third of the word's length, 1 to 3 edits. */
const char *cli_nearest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word);
    size_t cap = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3;
    const char *best = NULL;
    size_t best_d = cap + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i]) continue;
        size_t d = distance(word, cands[i]);
        if (d < best_d) best_d = d, best = cands[i];
    }
    return best;
}

const char *cli_did_you_mean(char *buf, size_t size, const char *near)
{
    if (near)
        snprintf(buf, size, " (did you mean '%s'?)", near);
    else
        buf[0] = '\0';
    return buf;
}

/* ---- progress ----------------------------------------------------------------- */

static const char *progress_label;
static int progress_shown;
static int progress_last = -1; /* last whole percent written */
static char progress_message[48];

static int on_progress(double percent, const char *message, void *payload)
{
    (void)payload;
    if (!(percent >= 0)) percent = 0;
    if (percent > 100) percent = 100;
    if (!message) message = "";
    /* a terminal line per whole percent is plenty (betweenness reports once
     * per vertex) */
    if ((int)percent == progress_last && strncmp(message, progress_message, 40) == 0) return 0;
    progress_last = (int)percent;
    snprintf(progress_message, sizeof progress_message, "%s", message);
    fprintf(stderr, "\r%s: %3d%% %-40.40s", progress_label, progress_last, message);
    fflush(stderr);
    progress_shown = 1;
    return 0;
}

void cli_progress_start(cli_context *ctx, const char *label)
{
    progress_label = label;
    progress_last = -1;
    if (ctx->sel && isatty(STDERR_FILENO)) flow_selection_set_progress(ctx->sel, on_progress, NULL);
}

void cli_progress_end(void)
{
    if (progress_shown) {
        /* wipe the progress line */
        fprintf(stderr, "\r%*s\r", 80, "");
        fflush(stderr);
        progress_shown = 0;
    }
}

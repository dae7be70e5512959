/*
 * output.c - how flowctl writes results: aligned text tables, CSV and JSON.
 *
 * Every subcommand collects its records in a cli_table (named, typed
 * columns) and renders it in the format asked for, so the three formats
 * always carry the same records under the same names:
 *   - table: one header line, columns separated by two spaces, text
 *     left-aligned and padded by display width (a Chinese character takes two
 *     columns), numbers right-aligned with one number of decimals per column
 *     (chosen from the column's largest value) so that decimal points line
 *     up;
 *   - CSV: a header row, then one row per record; fields holding a comma, a
 *     quote or a line break are quoted with doubled quotes (RFC 4180);
 *     numbers at full precision; a missing value is an empty field;
 *   - JSON: an array of objects, one key per column; missing values and
 *     non-finite numbers are null (JSON has neither NaN nor infinity).
 * Numbers never depend on the locale: flowctl never calls setlocale(), so
 * printf stays in the "C" locale with its '.' decimal point.
 */
#include "flowctl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- numbers ------------------------------------------------------------- */

void cli_format_number(char *buf, size_t size, double x)
{
    if (isnan(x)) {
        snprintf(buf, size, "%s", "");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, size, "%s", x > 0 ? "inf" : "-inf");
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, x);
        if (prec == 17 || strtod(buf, NULL) == x) break;
    }
}

/* ---- JSON ------------------------------------------------------------------ */

void jw_init(jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->first[0] = 1;
}

static void indent(jw *w)
{
    fputc('\n', w->f);
    for (int i = 0; i < w->depth; i++) fputs("  ", w->f);
}

/* Before a value: a comma and a new line inside containers, nothing after a
 * key. */
static int is_inline(const jw *w) { return w->inline_from && w->depth >= w->inline_from; }

static void before_value(jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth]) fputs(is_inline(w) ? ", " : ",", w->f);
        if (!is_inline(w)) indent(w);
    }
    w->first[w->depth] = 0;
}

static void open_container(jw *w, char c)
{
    before_value(w);
    fputc(c, w->f);
    if (w->depth < 63) w->depth++;
    w->first[w->depth] = 1;
}

static void close_container(jw *w, char c)
{
    int empty = w->first[w->depth];
    int was_inline = is_inline(w);
    if (w->depth > 0) w->depth--;
    if (!empty && !was_inline) indent(w);
    fputc(c, w->f);
    if (w->inline_from && w->depth < w->inline_from) w->inline_from = 0;
}

void jw_object(jw *w) { open_container(w, '{'); }
void jw_inline_object(jw *w)
{
    open_container(w, '{');
    if (!w->inline_from) w->inline_from = w->depth;
}
void jw_end_object(jw *w) { close_container(w, '}'); }
void jw_array(jw *w) { open_container(w, '['); }
void jw_inline_array(jw *w)
{
    open_container(w, '[');
    if (!w->inline_from) w->inline_from = w->depth;
}
void jw_end_array(jw *w) { close_container(w, ']'); }

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

void jw_key(jw *w, const char *key)
{
    before_value(w);
    put_string(w->f, key);
    fputs(": ", w->f);
    w->after_key = 1;
}

void jw_string(jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    before_value(w);
    put_string(w->f, s);
}

void jw_number(jw *w, double x)
{
    char buf[64];
    if (!isfinite(x)) {
        jw_null(w);
        return;
    }
    before_value(w);
    cli_format_number(buf, sizeof buf, x);
    fputs(buf, w->f);
}

void jw_int(jw *w, long long x)
{
    before_value(w);
    fprintf(w->f, "%lld", x);
}

void jw_bool(jw *w, int b)
{
    before_value(w);
    fputs(b ? "true" : "false", w->f);
}

void jw_null(jw *w)
{
    before_value(w);
    fputs("null", w->f);
}

void jw_finish(jw *w) { fputc('\n', w->f); }

/* ---- tables ---------------------------------------------------------------- */

typedef struct {
    int kind; /* 0 missing, 1 text, 2 number, 3 integer */
    char *s;
    double x;
    long long i;
} cell;

typedef struct {
    char *name;
    int type;
    int flags;
} column;

struct cli_table {
    column *cols;
    size_t ncols;
    cell *cells; /* nrows * ncols */
    size_t nrows, cap;
    size_t cursor; /* next cell of the last row */
};

cli_table *tab_new(void) { return xcalloc(1, sizeof(cli_table)); }

void tab_free(cli_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i].s);
    for (size_t c = 0; c < t->ncols; c++) free(t->cols[c].name);
    free(t->cells);
    free(t->cols);
    free(t);
}

void tab_column(cli_table *t, const char *name, int type, int flags)
{
    t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof(column));
    t->cols[t->ncols].name = xstrdup(name);
    t->cols[t->ncols].type = type;
    t->cols[t->ncols].flags = flags;
    t->ncols++;
}

void tab_row(cli_table *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof(cell));
    }
    memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof(cell));
    t->nrows++;
    t->cursor = 0;
}

static cell *next_cell(cli_table *t)
{
    if (t->nrows == 0 || t->cursor >= t->ncols) {
        /* a programming error in flowctl: a row with too many cells */
        cli_error("internal error: table row overflow");
        exit(EXIT_OTHER);
    }
    return &t->cells[(t->nrows - 1) * t->ncols + t->cursor++];
}

void tab_text(cli_table *t, const char *s)
{
    cell *c = next_cell(t);
    if (s) {
        c->kind = 1;
        c->s = xstrdup(s);
    }
}

void tab_num(cli_table *t, double x)
{
    cell *c = next_cell(t);
    if (!isnan(x)) {
        c->kind = 2;
        c->x = x;
    }
}

void tab_int(cli_table *t, long long x)
{
    cell *c = next_cell(t);
    c->kind = 3;
    c->i = x;
}

size_t tab_rows(const cli_table *t) { return t->nrows; }

static size_t shown(const cli_table *t, size_t top)
{
    return top == 0 || top > t->nrows ? t->nrows : top;
}

/* Decimals of a number column in a text table: enough for four significant
 * digits of its smallest non-zero value, so that decimal points line up;
 * none when every value is a whole number. A column that would need more
 * than 6 (p-values, tiny shares) is written in "%.4g" instead: -1. */
static int column_decimals(const cli_table *t, size_t c, size_t n)
{
    int d = 0;
    for (size_t r = 0; r < n; r++) {
        const cell *x = &t->cells[r * t->ncols + c];
        if (x->kind != 2 || !isfinite(x->x) || x->x == 0) continue;
        double a = fabs(x->x);
        if (a >= 1e15) return -1;
        if (x->x == floor(x->x)) continue;
        int need = 3 - (int)floor(log10(a));
        if (need > d) d = need;
    }
    return d > 6 ? -1 : d;
}

static char *cell_text(const cell *x, int decimals, int for_table)
{
    char buf[96];
    switch (x->kind) {
    case 1: return for_table ? cli_fit(x->s, 200) : xstrdup(x->s);
    case 2:
        if (for_table && decimals < 0) {
            snprintf(buf, sizeof buf, "%.4g", x->x);
        } else if (for_table && isfinite(x->x)) {
            snprintf(buf, sizeof buf, "%.*f", decimals, x->x);
        } else {
            cli_format_number(buf, sizeof buf, x->x);
        }
        return xstrdup(buf);
    case 3: snprintf(buf, sizeof buf, "%lld", x->i); return xstrdup(buf);
    default: return xstrdup(for_table ? "-" : "");
    }
}

static void pad(FILE *f, size_t n)
{
    while (n--) fputc(' ', f);
}

static void print_text(const cli_table *t, size_t top, FILE *f)
{
    size_t n = shown(t, top);
    size_t *width = xcalloc(t->ncols, sizeof(size_t));
    int *dec = xcalloc(t->ncols, sizeof(int));
    char **txt = xcalloc(n * t->ncols + 1, sizeof(char *));
    size_t last = 0; /* last visible column */

    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].flags & COL_NO_TABLE) continue;
        last = c;
        dec[c] = t->cols[c].type == COL_NUM ? column_decimals(t, c, n) : 0;
        width[c] = cli_display_width(t->cols[c].name);
        for (size_t r = 0; r < n; r++) {
            char *s = cell_text(&t->cells[r * t->ncols + c], dec[c], 1);
            size_t w = cli_display_width(s);
            if (w > width[c]) width[c] = w;
            txt[r * t->ncols + c] = s;
        }
    }
    for (size_t r = 0; r <= n; r++) { /* r == 0: the header */
        int first = 1;
        for (size_t c = 0; c < t->ncols; c++) {
            if (t->cols[c].flags & COL_NO_TABLE) continue;
            const char *s = r == 0 ? t->cols[c].name : txt[(r - 1) * t->ncols + c];
            size_t w = cli_display_width(s);
            int right = t->cols[c].type != COL_TEXT;
            if (!first) fputs("  ", f);
            first = 0;
            if (right) pad(f, width[c] - w);
            fputs(s, f);
            if (!right && c != last) pad(f, width[c] - w);
        }
        fputc('\n', f);
    }
    if (n < t->nrows)
        fprintf(f, "(%zu of %zu rows shown; --top 0 shows all)\n", n, t->nrows);
    for (size_t i = 0; i < n * t->ncols; i++) free(txt[i]);
    free(txt);
    free(dec);
    free(width);
}

static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void print_csv(const cli_table *t, size_t top, FILE *f)
{
    size_t n = shown(t, top);
    for (size_t r = 0; r <= n; r++) {
        int first = 1;
        for (size_t c = 0; c < t->ncols; c++) {
            if (t->cols[c].flags & COL_TABLE_ONLY) continue;
            if (!first) fputc(',', f);
            first = 0;
            if (r == 0) {
                csv_field(f, t->cols[c].name);
            } else {
                char *s = cell_text(&t->cells[(r - 1) * t->ncols + c], 0, 0);
                csv_field(f, s);
                free(s);
            }
        }
        fputc('\n', f);
    }
}

void tab_print(const cli_table *t, int format, size_t top, FILE *f)
{
    if (format == FMT_CSV)
        print_csv(t, top, f);
    else
        print_text(t, top, f);
}

void tab_json(const cli_table *t, jw *w, size_t top)
{
    size_t n = shown(t, top);
    jw_array(w);
    for (size_t r = 0; r < n; r++) {
        jw_inline_object(w);
        for (size_t c = 0; c < t->ncols; c++) {
            const cell *x = &t->cells[r * t->ncols + c];
            if (t->cols[c].flags & COL_TABLE_ONLY) continue;
            jw_key(w, t->cols[c].name);
            switch (x->kind) {
            case 1: jw_string(w, x->s); break;
            case 2: jw_number(w, x->x); break;
            case 3: jw_int(w, x->i); break;
            default: jw_null(w);
            }
        }
        jw_end_object(w);
    }
    jw_end_array(w);
}

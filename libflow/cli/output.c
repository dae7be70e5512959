/*
 * output.c - the low-level writers under render.c: a pretty-printing JSON
 * writer, number formatting and CSV fields.
 *
 *   - JSON: two-space indentation; records of a table are written one per
 *     line (inline objects); strings UTF-8 as they are, with '"', '\' and
 *     control characters escaped; non-finite numbers are null (JSON has
 *     neither NaN nor infinity);
 *   - numbers: the shortest of %.15g, %.16g, %.17g that reads back to the
 *     same double, so nothing is lost in CSV and JSON;
 *   - CSV fields: quoted with doubled quotes when they hold a comma, a
 *     quote or a line break (RFC 4180).
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

void jw_raw(jw *w, const char *text)
{
    before_value(w);
    fputs(text, w->f);
}

void jw_finish(jw *w) { fputc('\n', w->f); }

/* ---- JSON numbers and CSV fields ------------------------------------------ */

int cli_is_json_number(const char *s)
{
    /* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    const char *p = s;
    if (*p == '-') p++;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (*p >= '0' && *p <= '9') p++;
    } else {
        return 0;
    }
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    return *p == '\0';
}

void cli_csv_field(FILE *f, const char *s)
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

/*
 * cmd_simple.c - flowctl summary, backbone and export: the subcommands that
 * are one library call and a table.
 */
#include "flowctl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- summary --------------------------------------------------------------------- */

/* A column of a library table by name (the tables' columns are fixed by
 * their headers). */
static size_t col(const flow_table *t, const char *name)
{
    return (size_t)flow_table_column_index(t, name);
}

/* CSV has no place for a nested summary: it gives the table the summary's
 * margins come from, the totals per factor and year. */
static int summary_csv(cli_context *ctx)
{
    flow_table *t = NULL;
    int rc = flow_structure_totals(&t, ctx->sel);
    if (rc != FLOW_OK) return cli_library_error(ctx->opt->cmd, rc);
    cli_table *tab = tab_new();
    tab_column(tab, "factor", COL_TEXT, 0);
    tab_column(tab, "unit", COL_TEXT, 0);
    tab_column(tab, "year", COL_INT, 0);
    tab_column(tab, "flows", COL_INT, 0);
    tab_column(tab, "weight", COL_NUM, 0);
    tab_column(tab, "internal", COL_NUM, 0);
    const char *const *factor = flow_table_texts(t, col(t, "factor"));
    const int64_t *year = flow_table_ints(t, col(t, "year"));
    const int64_t *flows = flow_table_ints(t, col(t, "flows"));
    const double *weight = flow_table_doubles(t, col(t, "weight"));
    const double *internal = flow_table_doubles(t, col(t, "internal"));
    for (size_t r = 0; r < flow_table_row_count(t); r++) {
        int64_t f = flow_network_factor_index(ctx->net, factor[r]);
        tab_row(tab);
        tab_text(tab, factor[r]);
        tab_text(tab, f >= 0 ? flow_network_factor_unit(ctx->net, (size_t)f) : NULL);
        if (year[r] == FLOW_NO_YEAR)
            tab_text(tab, NULL);
        else
            tab_int(tab, (long long)year[r]);
        tab_int(tab, (long long)flows[r]);
        tab_num(tab, weight[r]);
        tab_num(tab, internal[r]);
    }
    tab_print(tab, FMT_CSV, 0, stdout);
    tab_free(tab);
    flow_table_free(t);
    return EXIT_OK;
}

/* ---- summary as text or JSON ------------------------------------------------------ */

/* The summary's text and JSON are those the library's flow_summary_format()
 * printed before the summary became a table: a few fixed lines, numbers in
 * the C locale (flowctl never calls setlocale()). */

/* A JSON number: the shortest of %.15g, %.16g, %.17g that reads back
 * exactly; null for NAN and infinities. */
static void json_number(FILE *f, double x)
{
    char buf[64];
    if (!isfinite(x)) {
        fputs("null", f);
        return;
    }
    cli_format_number(buf, sizeof buf, x);
    fputs(buf, f);
}

/* A JSON string: quote, backslash and C0 controls escaped, UTF-8 as is. */
static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\b': fputs("\\b", f); break;
        case '\f': fputs("\\f", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

static void summary_json(const flow_table *s, FILE *f)
{
    const flow_table *k = flow_table_part(s, "kinds");
    const flow_table *fa = flow_table_part(s, "factors");
    const flow_table *y = flow_table_part(s, "years");
    fprintf(f, "{\"nodes\": %.0f, \"edges\": %.0f, \"flows\": %.0f, \"density\": ",
            flow_table_scalar(s, "nodes"), flow_table_scalar(s, "edges"),
            flow_table_scalar(s, "flows"));
    json_number(f, flow_table_scalar(s, "density"));
    fputs(", \"reciprocity\": ", f);
    json_number(f, flow_table_scalar(s, "reciprocity"));
    fputs(", \"kinds\": {", f);
    for (size_t r = 0; r < flow_table_row_count(k); r++) {
        if (r) fputs(", ", f);
        json_string(f, flow_table_text(k, col(k, "name"), r));
        fprintf(f, ": %lld", (long long)flow_table_ints(k, col(k, "nodes"))[r]);
    }
    fputs("}, \"factors\": [", f);
    for (size_t r = 0; r < flow_table_row_count(fa); r++) {
        fputs(r ? ", {\"name\": " : "{\"name\": ", f);
        json_string(f, flow_table_text(fa, col(fa, "name"), r));
        fputs(", \"unit\": ", f);
        json_string(f, flow_table_text(fa, col(fa, "unit"), r));
        fprintf(f, ", \"flows\": %lld, \"weight\": ",
                (long long)flow_table_ints(fa, col(fa, "flows"))[r]);
        json_number(f, flow_table_doubles(fa, col(fa, "weight"))[r]);
        fputc('}', f);
    }
    fputs("], \"years\": [", f);
    for (size_t r = 0; r < flow_table_row_count(y); r++) {
        int64_t yr = flow_table_ints(y, col(y, "year"))[r];
        fputs(r ? ", {\"year\": " : "{\"year\": ", f);
        if (yr == FLOW_NO_YEAR)
            fputs("null", f);
        else
            fprintf(f, "%lld", (long long)yr);
        fprintf(f, ", \"flows\": %lld, \"weight\": ",
                (long long)flow_table_ints(y, col(y, "flows"))[r]);
        json_number(f, flow_table_doubles(y, col(y, "weight"))[r]);
        fputc('}', f);
    }
    fputs("]}\n", f);
}

static void summary_text(const flow_table *s, FILE *f)
{
    const flow_table *k = flow_table_part(s, "kinds");
    const flow_table *fa = flow_table_part(s, "factors");
    const flow_table *y = flow_table_part(s, "years");
    fprintf(f, "nodes        %.0f\nedges        %.0f\nflows        %.0f\n",
            flow_table_scalar(s, "nodes"), flow_table_scalar(s, "edges"),
            flow_table_scalar(s, "flows"));
    fprintf(f, "density      %.4g\nreciprocity  %.4g\n", flow_table_scalar(s, "density"),
            flow_table_scalar(s, "reciprocity"));
    fputs("\nnodes by kind\n", f);
    for (size_t r = 0; r < flow_table_row_count(k); r++)
        fprintf(f, "  %-20s %lld\n", flow_table_text(k, col(k, "name"), r),
                (long long)flow_table_ints(k, col(k, "nodes"))[r]);
    fputs("\nflows by factor\n", f);
    size_t nf = flow_table_row_count(fa);
    for (size_t r = 0; r < nf; r++) {
        const char *unit = flow_table_text(fa, col(fa, "unit"), r);
        fprintf(f, "  %-20s %8lld flows  total %.6g%s%s\n", flow_table_text(fa, col(fa, "name"), r),
                (long long)flow_table_ints(fa, col(fa, "flows"))[r],
                flow_table_doubles(fa, col(fa, "weight"))[r], *unit ? " " : "", unit);
    }
    /* A year's total adds every kept factor's weights: meaningless when the
     * factors have different units, so the text leaves it out then. */
    int mixed = 0;
    for (size_t r = 1; r < nf; r++)
        mixed |= strcmp(flow_table_text(fa, col(fa, "unit"), r),
                        flow_table_text(fa, col(fa, "unit"), 0)) != 0;
    size_t ny = flow_table_row_count(y);
    if (ny)
        fputs(mixed ? "\nflows by year (totals not shown: the factors' units differ)\n"
                    : "\nflows by year\n",
              f);
    for (size_t r = 0; r < ny; r++) {
        int64_t yr = flow_table_ints(y, col(y, "year"))[r];
        if (yr == FLOW_NO_YEAR)
            fputs("  (no year)", f);
        else
            fprintf(f, "  %-9lld", (long long)yr);
        fprintf(f, "  %8lld flows", (long long)flow_table_ints(y, col(y, "flows"))[r]);
        if (!mixed) fprintf(f, "  total %.6g", flow_table_doubles(y, col(y, "weight"))[r]);
        fputc('\n', f);
    }
}

/* ---- provenance --------------------------------------------------------------------- */

static int word_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Is `word` (lower case) in text[0, len) as a whole word, ignoring ASCII
 * case? (The example studies use the same test.) */
static int has_word(const char *text, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n) {
            int c = (unsigned char)text[i + k];
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != word[k]) break;
            k++;
        }
        if (k == n && (i == 0 || !word_char((unsigned char)text[i - 1])) &&
            (i + n == len || !word_char((unsigned char)text[i + n])))
            return 1;
    }
    return 0;
}

/* The whole of a file, or NULL when it cannot be read. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        buf = xrealloc(buf, cap *= 2);
    }
    int bad = ferror(f); /* a folder named README.md, a read error */
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* The data folder's README.md: DATA/README.md for a folder, the README.md
 * beside a flows file. */
static char *readme_path(const char *data)
{
    struct stat st;
    size_t len = strlen(data);
    if (stat(data, &st) != 0 || !S_ISDIR(st.st_mode)) {
        const char *slash = strrchr(data, '/');
        if (!slash) return xstrdup("./README.md");
        len = (size_t)(slash - data);
        if (len == 0) return xstrdup("/README.md");
    }
    while (len > 1 && data[len - 1] == '/') len--;
    if (len == 1 && data[0] == '/') return xstrdup("/README.md");
    return xprintf("%.*s/README.md", (int)len, data);
}

/* "Provenance: <folder>/README.md" when the data folder has a README.md,
 * and a caution when the README says the flows are modelled: a modelled
 * data set must not be quoted as statistics. */
static void print_provenance(const char *data)
{
    char *path = readme_path(data);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (text) {
        printf("\nProvenance: %s\n", path);
        if (has_word(text, len, "modelled"))
            printf("Caution: the flows in this data set are modelled, not observed; "
                   "do not quote them as statistics.\n");
    }
    free(text);
    free(path);
}

int cmd_summary(cli_context *ctx)
{
    if (ctx->opt->format == FMT_CSV) return summary_csv(ctx);

    flow_table *s = NULL;
    int rc = flow_summary_compute(&s, ctx->sel);
    if (rc != FLOW_OK) return cli_library_error(ctx->opt->cmd, rc);
    if (ctx->opt->format == FMT_JSON)
        summary_json(s, stdout);
    else
        summary_text(s, stdout);
    if (ctx->opt->format == FMT_TABLE) print_provenance(ctx->opt->data);
    flow_table_free(s);
    return EXIT_OK;
}

/* ---- backbone ---------------------------------------------------------------------- */

/* Smallest p-value first, then heaviest; the library's order breaks ties. */
static const double *by_p, *by_w;
static int by_p_value(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (by_p[x] != by_p[y]) return by_p[x] < by_p[y] ? -1 : 1;
    if (by_w[x] != by_w[y]) return by_w[x] > by_w[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

int cmd_backbone(cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    flow_table *e = NULL;
    cli_progress_start(ctx, "backbone");
    int rc = flow_structure_backbone(&e, ctx->sel, o->alpha);
    cli_progress_end();
    if (rc != FLOW_OK) return cli_library_error(o->cmd, rc);

    size_t n = flow_table_row_count(e);
    const int64_t *src = flow_table_ints(e, col(e, "source"));
    const int64_t *tgt = flow_table_ints(e, col(e, "target"));
    const char *const *factor = flow_table_texts(e, col(e, "factor"));
    const double *weight = flow_table_doubles(e, col(e, "weight"));
    const double *p_value = flow_table_doubles(e, col(e, "p_value"));
    size_t *order = xcalloc(n, sizeof(size_t));
    for (size_t i = 0; i < n; i++) order[i] = i;
    by_p = p_value;
    by_w = weight;
    if (n > 1) qsort(order, n, sizeof(size_t), by_p_value);

    cli_table *t = tab_new();
    tab_column(t, "source", COL_TEXT, 0);
    tab_column(t, "source_name", COL_TEXT, 0);
    tab_column(t, "target", COL_TEXT, 0);
    tab_column(t, "target_name", COL_TEXT, 0);
    tab_column(t, "factor", COL_TEXT, 0);
    tab_column(t, "weight", COL_NUM, 0);
    tab_column(t, "p_value", COL_NUM, 0);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        tab_row(t);
        tab_text(t, cli_node_id(ctx, src[i]));
        tab_text(t, cli_node_name(ctx, src[i]));
        tab_text(t, cli_node_id(ctx, tgt[i]));
        tab_text(t, cli_node_name(ctx, tgt[i]));
        tab_text(t, factor[i]);
        tab_num(t, weight[i]);
        tab_num(t, p_value[i]);
    }

    size_t top = cli_top(o);
    if (o->format == FMT_JSON) {
        jw w;
        jw_init(&w, stdout);
        jw_object(&w);
        cli_json_selection(ctx, &w);
        jw_key(&w, "alpha");
        jw_number(&w, o->alpha);
        jw_key(&w, "edge_count");
        jw_int(&w, (long long)n);
        jw_key(&w, "edges");
        tab_json(t, &w, top);
        jw_end_object(&w);
        jw_finish(&w);
    } else {
        if (o->format == FMT_TABLE) {
            char sel[512];
            cli_describe_selection(ctx, sel, sizeof sel);
            printf("backbone at alpha %g: %zu edges (%s)\n\n", o->alpha, n, sel);
        }
        tab_print(t, o->format, top, stdout);
    }
    tab_free(t);
    free(order);
    flow_table_free(e);
    return EXIT_OK;
}

/* ---- export ------------------------------------------------------------------------ */

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : NULL;
}

int cmd_export(const cli_options *o, flow_network *net)
{
    int format;
    if (o->export_to) {
        format = flow_export_format_from_name(o->export_to);
        if (format < 0)
            return cli_usage_error(o->cmd, "--to must be json, graphml, gexf or dot, not '%s'",
                                   o->export_to);
    } else {
        const char *ext = o->output ? extension(o->output) : NULL;
        format = ext ? flow_export_format_from_name(ext) : -1;
        if (format < 0)
            return cli_usage_error(o->cmd, "say which format with --to json|graphml|gexf|dot");
    }
    if (o->output) {
        int rc = flow_export_write(net, format, o->output);
        if (rc != FLOW_OK) {
            cli_error("%s", flow_last_error());
            return rc == FLOW_EINVAL ? EXIT_USAGE : EXIT_OTHER;
        }
        return EXIT_OK;
    }
    char *text = NULL;
    int rc = flow_export_string(&text, net, format);
    if (rc != FLOW_OK) return cli_library_error(o->cmd, rc);
    fputs(text, stdout);
    flow_free(text);
    return EXIT_OK;
}

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

/* CSV has no place for a nested summary: it gives the table the summary's
 * margins come from, the totals per factor and year. */
static int summary_csv(cli_context *ctx)
{
    flow_totals *t = NULL;
    int rc = flow_structure_totals(&t, ctx->sel);
    if (rc != FLOW_OK) return cli_library_error(ctx->opt->cmd, rc);
    cli_table *tab = tab_new();
    tab_column(tab, "factor", COL_TEXT, 0);
    tab_column(tab, "unit", COL_TEXT, 0);
    tab_column(tab, "year", COL_INT, 0);
    tab_column(tab, "flows", COL_INT, 0);
    tab_column(tab, "weight", COL_NUM, 0);
    tab_column(tab, "internal", COL_NUM, 0);
    for (size_t r = 0; r < flow_totals_count(t); r++) {
        int64_t f = flow_totals_factor(t, r);
        int year = flow_totals_year(t, r);
        tab_row(tab);
        tab_text(tab, flow_totals_factor_name(t, r));
        tab_text(tab, f >= 0 ? flow_network_factor_unit(ctx->net, (size_t)f) : NULL);
        if (year == FLOW_NO_YEAR)
            tab_text(tab, NULL);
        else
            tab_int(tab, year);
        tab_int(tab, (long long)flow_totals_flows(t, r));
        tab_num(tab, flow_totals_weight(t, r));
        tab_num(tab, flow_totals_internal(t, r));
    }
    tab_print(tab, FMT_CSV, 0, stdout);
    tab_free(tab);
    flow_totals_free(t);
    return EXIT_OK;
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

    flow_summary *s = NULL;
    char *text = NULL;
    int rc = flow_summary_new(&s, ctx->sel);
    if (rc == FLOW_OK)
        rc = flow_summary_format(&text, s,
                                 ctx->opt->format == FMT_JSON ? FLOW_FORMAT_JSON : FLOW_FORMAT_TEXT);
    if (rc != FLOW_OK) {
        flow_summary_free(s);
        return cli_library_error(ctx->opt->cmd, rc);
    }
    fputs(text, stdout);
    if (*text && text[strlen(text) - 1] != '\n') fputc('\n', stdout);
    if (ctx->opt->format == FMT_TABLE) print_provenance(ctx->opt->data);
    flow_free(text);
    flow_summary_free(s);
    return EXIT_OK;
}

/* ---- backbone ---------------------------------------------------------------------- */

typedef struct {
    const flow_edges *e;
    size_t i;
} edge_ref;

/* Smallest p-value first, then heaviest; the library's order breaks ties. */
static int by_p_value(const void *a, const void *b)
{
    const edge_ref *x = a, *y = b;
    double px = flow_edges_value(x->e, x->i), py = flow_edges_value(y->e, y->i);
    if (px != py) return px < py ? -1 : 1;
    double wx = flow_edges_weight(x->e, x->i), wy = flow_edges_weight(y->e, y->i);
    if (wx != wy) return wx > wy ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int cmd_backbone(cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    flow_edges *e = NULL;
    cli_progress_start(ctx, "backbone");
    int rc = flow_structure_backbone(&e, ctx->sel, o->alpha);
    cli_progress_end();
    if (rc != FLOW_OK) return cli_library_error(o->cmd, rc);

    size_t n = flow_edges_count(e);
    edge_ref *order = xcalloc(n, sizeof(edge_ref));
    for (size_t i = 0; i < n; i++) order[i] = (edge_ref){e, i};
    qsort(order, n, sizeof(edge_ref), by_p_value);

    cli_table *t = tab_new();
    tab_column(t, "source", COL_TEXT, 0);
    tab_column(t, "source_name", COL_TEXT, 0);
    tab_column(t, "target", COL_TEXT, 0);
    tab_column(t, "target_name", COL_TEXT, 0);
    tab_column(t, "factor", COL_TEXT, 0);
    tab_column(t, "weight", COL_NUM, 0);
    tab_column(t, "p_value", COL_NUM, 0);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k].i;
        int64_t f = flow_edges_factor(e, i);
        tab_row(t);
        tab_text(t, cli_node_id(ctx, flow_edges_source(e, i)));
        tab_text(t, cli_node_name(ctx, flow_edges_source(e, i)));
        tab_text(t, cli_node_id(ctx, flow_edges_target(e, i)));
        tab_text(t, cli_node_name(ctx, flow_edges_target(e, i)));
        tab_text(t, f >= 0 ? flow_network_factor_name(ctx->net, (size_t)f) : NULL);
        tab_num(t, flow_edges_weight(e, i));
        tab_num(t, flow_edges_value(e, i));
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
    flow_edges_free(e);
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

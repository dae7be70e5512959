/*
 * cmd_summary.c - flowctl summary: what a selection holds. The library's
 * summary table (flow_summary_compute()) as it is: counts, density and
 * reciprocities as scalars, parts "kinds", "factors" and "years"; the text
 * format ends with the data set's provenance.
 */
#include "flowctl.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    int unused; /* summary has no options of its own */
} summary_options;

static const cli_option summary_spec[] = {{.name = NULL}};

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

static int run_summary(cli_context *ctx, const void *options)
{
    (void)options;
    flow_table *s = NULL;
    int rc = flow_summary_compute(&s, ctx->sel);
    if (rc != FLOW_OK) return cli_library_error(ctx->cmd->name, rc);
    cli_view *v = view_of(s);
    /* a year's weight adds every kept factor's weights: meaningless when
     * their units differ (no "unit" in the metadata), so it is left out */
    cli_view *years = view_part(v, "years");
    if (years && !flow_table_meta(s, "unit")) view_drop(years, "weight");
    int status = cli_render(ctx, v);
    if (status == EXIT_OK && ctx->common->format == FMT_TABLE && !ctx->common->part)
        print_provenance(ctx->data);
    view_free(v);
    flow_table_free(s);
    return status;
}

const cli_command cli_cmd_summary = {
    .name = "summary",
    .summary = "nodes, flows and weights by kind, factor and year",
    .usage = "DATA [options]",
    .about = "Counts what the selection holds: nodes by kind, flows and total weight by\n"
             "factor and by year (raw weights, in each factor's unit), edges, density and\n"
             "reciprocity.\n"
             "\n"
             "Provenance: when the data folder (DATA, or the folder of a flows file) holds\n"
             "a README.md, the table ends with its path, and with a caution when the\n"
             "README says the flows are modelled.",
    .output = "scalars nodes, edges, flows, density, reciprocity and "
              "weighted_reciprocity; parts kinds (name, nodes), factors (name, unit, flows, "
              "weight) and years (year, flows, weight; weight only when the factors share "
              "a unit). CSV: the scalars as one row, or a part with --part.",
    .examples = "flowctl summary data/china\n"
                "flowctl summary data/china --factor talent --year 2020-2022 --format json\n"
                "flowctl summary data/china --part factors --format csv",
    .options = summary_spec,
    .options_size = sizeof(summary_options),
    .flags = CMD_SELECTION,
    .run = run_summary,
};

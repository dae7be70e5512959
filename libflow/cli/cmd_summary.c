/*
 * cmd_summary.c - flowctl summary: what a selection holds. The library's
 * summary table (flow_summary_compute()) as it is: counts, density and
 * reciprocities as scalars, parts "kinds", "factors" and "years"; the text
 * format ends with the data set's provenance.
 */
#include "flowctl.h"

#include <stdlib.h>

typedef struct {
    int unused; /* summary has no options of its own */
} summary_options;

static const cli_option summary_spec[] = {{.name = NULL}};

/* ---- provenance --------------------------------------------------------------------- */

/* "Provenance: <folder>/README.md" when the data folder has a README.md,
 * and the caution when the README says the flows are modelled: the
 * network's "provenance" table, which the loader filled. */
static int print_provenance(cli_context *ctx)
{
    flow_table *p = NULL;
    int rc = flow_network_table(&p, ctx->net, "provenance");
    if (rc != FLOW_OK) return cli_library_error(ctx->cmd->name, rc);
    const char *readme = flow_table_texts(p, (size_t)flow_table_column_index(p, "readme"))[0];
    const char *caution = flow_table_texts(p, (size_t)flow_table_column_index(p, "caution"))[0];
    if (readme) printf("\nProvenance: %s\n", readme);
    if (readme && caution) printf("%s\n", caution);
    flow_table_free(p);
    return EXIT_OK;
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
    /* long factor and kind names are cut in text tables (CSV and JSON keep
     * them whole), so that the columns stay on the screen */
    cli_view *factors = view_part(v, "factors"), *kinds = view_part(v, "kinds");
    if (factors) view_set_width(factors, "name", 32);
    if (factors) view_set_width(factors, "unit", 20);
    if (kinds) view_set_width(kinds, "name", 32);
    int status = cli_render(ctx, v);
    /* each pair stored once (undirected data) looks like flows that are
     * never returned: say how to read it */
    double recip = flow_table_scalar(s, "reciprocity"), edges = flow_table_scalar(s, "edges");
    if (status == EXIT_OK && ctx->common->format == FMT_TABLE && !ctx->common->part &&
        flow_selection_is_directed(ctx->sel) && edges > 1 && recip == 0)
        printf("\nHint: no pair of nodes has flows both ways (reciprocity 0). If the data\n"
               "store each pair once (undirected data), analyse them with --undirected.\n");
    if (status == EXIT_OK && ctx->common->format == FMT_TABLE && !ctx->common->part)
        status = print_provenance(ctx);
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

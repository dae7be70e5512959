/*
 * cmd_compare.c - flowctl compare: a per-node measure on the baseline (the
 * selection without the counterfactual options) and on the counterfactual
 * (with them), side by side with the difference (flow_table_compare()).
 * One baseline/counterfactual/difference triple per --measure, joined in
 * one view; the rows are the baseline's nodes (removed nodes marked by
 * status "removed", their counterfactual values empty).
 */
#include "flowctl.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    cli_list measures; /* registry names, checked */
} compare_options;

static const cli_option compare_spec[] = {
    {.name = "measure", .kind = OPT_REGISTRY_LIST, .offset = offsetof(compare_options, measures),
     .def = "pagerank", .arg = "NAME", .choices = "centrality",
     .help = "a centrality measure to compare (repeatable, or comma-separated)"},
    {.name = NULL},
};

static int run_compare(cli_context *ctx, const void *options)
{
    const compare_options *o = options;
    const char *cmd = ctx->cmd->name;
    if (!cli_has_counterfactual(ctx->common))
        return cli_usage_error(cmd, "compare needs a counterfactual: --without, "
                                    "--without-group, --without-corridor or --with");
    flow_selection *base = NULL;
    int status = cli_selection_new(ctx, 0, 1, &base);
    if (status != EXIT_OK) return status;
    size_t nm = o->measures.n;
    flow_table **c = xcalloc(nm + 1, sizeof(flow_table *));
    int rc = FLOW_OK;
    for (size_t m = 0; m < nm && rc == FLOW_OK; m++) {
        int measure = flow_registry_lookup("centrality", o->measures.items[m]);
        flow_table *a = NULL, *b = NULL;
        cli_progress_start(ctx, o->measures.items[m]);
        rc = measure < 0 ? measure : flow_centrality_compute(&a, base, measure, NULL);
        if (rc == FLOW_OK) rc = flow_centrality_compute(&b, ctx->sel, measure, NULL);
        if (rc == FLOW_OK) rc = flow_table_compare(&c[m], a, b);
        cli_progress_end();
        flow_table_free(a);
        flow_table_free(b);
    }
    if (rc == FLOW_OK) {
        cli_view *v = view_new("compare", flow_table_row_count(c[0]));
        view_column(v, c[0], "node", NULL);
        view_column(v, c[0], "status", NULL);
        for (size_t m = 0; m < nm; m++) {
            const char *name = o->measures.items[m];
            const char *suffix[] = {"_baseline", "_counterfactual", "_difference"};
            for (int k = 0; k < 3; k++) {
                char *cn = xprintf("%s%s", name, suffix[k]);
                view_column(v, c[m], cn, NULL);
                free(cn);
            }
        }
        view_meta_of(v, c[0]);
        /* ranked by the size of the first measure's change, either way */
        char *diff = xprintf("%s_difference", o->measures.items[0]);
        size_t n = flow_table_row_count(c[0]);
        const double *d = flow_table_doubles(c[0], (size_t)flow_table_column_index(c[0], diff));
        double *ad = xcalloc(n + 1, sizeof(double));
        for (size_t r = 0; r < n; r++) ad[r] = fabs(d[r]);
        view_own_doubles(v, "abs_difference", ad);
        view_rank(ctx, v, "abs_difference", 1);
        free(diff);
        status = cli_render(ctx, v);
        view_free(v);
    } else {
        status = cli_library_error(cmd, rc);
    }
    for (size_t m = 0; m < nm; m++) flow_table_free(c[m]);
    free(c);
    flow_selection_free(base);
    return status;
}

const cli_command cli_cmd_compare = {
    .name = "compare",
    .summary = "a measure with and without a counterfactual change, side by side",
    .usage = "DATA --measure NAME (--without ID | --without-group G | --without-corridor A:B | "
             "--with FILE) [options]",
    .about = "Computes centrality measures twice: on the baseline (the selection options\n"
             "without the counterfactual ones) and on the counterfactual (with them:\n"
             "nodes, groups or corridors left out, flow files added), and joins the two per\n"
             "node with the difference (counterfactual - baseline). Removed nodes keep\n"
             "their baseline row, with status \"removed\" and no counterfactual value.\n"
             "Ranked by the size of the first measure's change (abs_difference), largest\n"
             "first; --sort <measure>_difference orders gains first (--ascending: losses).",
    .output = "one row per node: status (both, removed, added), and per measure "
              "<measure>_baseline, <measure>_counterfactual, <measure>_difference, then "
              "abs_difference (of the first measure, the ranking); "
              "parameters: the selection, and counterfactual_without_nodes (or _groups, "
              "_corridors, with_flows).",
    .examples = "flowctl compare data/china --measure pagerank --without CN-BJ\n"
                "flowctl compare data/china --measure in_strength --factor talent "
                "--without-corridor CN-SH:CN-JS",
    .options = compare_spec,
    .options_size = sizeof(compare_options),
    .flags = CMD_SELECTION,
    .run = run_compare,
};

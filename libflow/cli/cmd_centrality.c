/*
 * cmd_centrality.c - flowctl centrality: one record per node with one value
 * per measure, ranked by the first measure.
 */
#include "flowctl.h"

#include <stdlib.h>
#include <string.h>

static const char *const default_measures[] = {"pagerank", "in_strength", "out_strength",
                                               "net_flow"};

int cmd_centrality(cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    const char *const *names = o->nmeasures ? o->measures : default_measures;
    size_t nm = o->nmeasures ? o->nmeasures : sizeof default_measures / sizeof *default_measures;
    flow_table **scores = xcalloc(nm, sizeof(flow_table *));
    flow_centrality_options co = FLOW_CENTRALITY_OPTIONS_INIT;
    int status = EXIT_OK;

    co.damping = o->damping;
    co.length = o->length;
    co.normalized = o->normalized;

    for (size_t m = 0; m < nm; m++) {
        int measure = flow_registry_lookup("centrality", names[m]);
        int rc = measure < 0 ? measure : FLOW_OK;
        if (rc == FLOW_OK) {
            cli_progress_start(ctx, names[m]);
            rc = flow_centrality_compute(&scores[m], ctx->sel, measure, &co);
            cli_progress_end();
        }
        if (rc != FLOW_OK) {
            status = cli_library_error(o->cmd, rc);
            goto done;
        }
    }

    /* Rank by the first measure, largest first; ties keep vertex order and
     * undefined values (NAN) go last. */
    size_t n = flow_table_row_count(scores[0]);
    size_t *order = xcalloc(n, sizeof(size_t));
    if (flow_structure_rank(order, flow_table_doubles(scores[0], 1), n, 1) != FLOW_OK)
        for (size_t v = 0; v < n; v++) order[v] = v;

    cli_table *t = tab_new();
    tab_column(t, "#", COL_INT, COL_TABLE_ONLY);
    tab_column(t, "id", COL_TEXT, 0);
    tab_column(t, "name", COL_TEXT, 0);
    tab_column(t, "kind", COL_TEXT, 0);
    for (size_t m = 0; m < nm; m++) tab_column(t, names[m], COL_NUM, 0);
    for (size_t r = 0; r < n; r++) {
        size_t v = order[r];
        int64_t node = flow_table_ints(scores[0], 0)[v];
        tab_row(t);
        tab_int(t, (long long)r + 1);
        tab_text(t, cli_node_id(ctx, node));
        tab_text(t, cli_node_name(ctx, node));
        tab_text(t, cli_node_kind(ctx, node));
        for (size_t m = 0; m < nm; m++) tab_num(t, flow_table_doubles(scores[m], 1)[v]);
    }

    size_t top = cli_top(o);
    if (o->format == FMT_JSON) {
        jw w;
        jw_init(&w, stdout);
        jw_object(&w);
        cli_json_selection(ctx, &w);
        jw_key(&w, "measures");
        jw_inline_array(&w);
        for (size_t m = 0; m < nm; m++) jw_string(&w, names[m]);
        jw_end_array(&w);
        jw_key(&w, "nodes");
        tab_json(t, &w, top);
        jw_end_object(&w);
        jw_finish(&w);
    } else {
        if (o->format == FMT_TABLE) {
            char sel[512];
            cli_describe_selection(ctx, sel, sizeof sel);
            printf("centrality (%s), ranked by %s\n\n", sel, names[0]);
        }
        tab_print(t, o->format, top, stdout);
    }
    tab_free(t);
    free(order);

done:
    for (size_t m = 0; m < nm; m++) flow_table_free(scores[m]);
    free(scores);
    return status;
}

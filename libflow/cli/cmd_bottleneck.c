/*
 * cmd_bottleneck.c - flowctl bottleneck: the maximum flow and minimum cut
 * between two node sets, optionally the widest path between their first
 * members and the critical nodes and edges between them.
 */
#include "flowctl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The unit of the selection's weights, when there is one: a single factor
 * summed raw. */
static const char *weight_unit(const cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    if (o->combine == FLOW_COMBINE_SHARE) return "(shares)";
    int64_t f = -1;
    if (o->nfactors == 1)
        f = flow_network_factor_index(ctx->net, o->factors[0]);
    else if (o->nfactors == 0 && flow_network_factor_count(ctx->net) == 1)
        f = 0;
    const char *u = f >= 0 ? flow_network_factor_unit(ctx->net, (size_t)f) : NULL;
    return u ? u : "";
}

/* A node id for the widest path: the item itself, or the first member of a
 * group of that name. */
static const char *endpoint(const cli_context *ctx, const char *item)
{
    if (flow_network_node_index(ctx->net, item) >= 0) return item;
    int64_t g = flow_network_group_index(ctx->net, item);
    if (g >= 0 && flow_network_group_size(ctx->net, (size_t)g) > 0)
        return cli_node_id(ctx, flow_network_group_member(ctx->net, (size_t)g, 0));
    return item; /* unknown: the library says so, with a suggestion */
}

/* "name (id), ..." for the nodes on one side of the cut, at most `top`
 * of them (0: all). */
static void name_list(const cli_context *ctx, const flow_cut *cut, int side, size_t count,
                      size_t top)
{
    size_t k = 0;
    for (size_t v = 0; v < flow_cut_node_count(cut); v++) {
        if (flow_cut_side(cut, v) != side) continue;
        if (top && k == top) {
            printf(", ... (%zu more)", count - k);
            break;
        }
        int64_t node = flow_cut_node(cut, v);
        printf("%s%s (%s)", k ? ", " : "", cli_node_name(ctx, node), cli_node_id(ctx, node));
        k++;
    }
    if (count == 0) printf("(none)");
    printf("\n");
}

/* --from / --to: comma-separated names, unless the whole value is itself a
 * node id or group name (an id may hold a comma). */
static char **split_names(const cli_context *ctx, const char *value, size_t *n)
{
    if (strchr(value, ',') && (flow_network_node_index(ctx->net, value) >= 0 ||
                               flow_network_group_index(ctx->net, value) >= 0)) {
        char **list = xcalloc(2, sizeof(char *));
        list[0] = xstrdup(value);
        *n = 1;
        return list;
    }
    return cli_split(value, n);
}

static void section(const cli_options *o, const char *title)
{
    if (o->format == FMT_TABLE)
        printf("\n%s\n", title);
    else if (o->format == FMT_CSV)
        printf("\n");
}

int cmd_bottleneck(cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    int status = EXIT_OK;
    size_t nfrom = 0, nto = 0;
    char **from = NULL, **to = NULL;
    flow_cut *cut = NULL;
    flow_edges *by_factor = NULL, *crit_edges = NULL;
    flow_path *path = NULL;
    flow_scores *crit_nodes = NULL;
    cli_table *cut_tab = NULL, *path_tab = NULL, *cn_tab = NULL, *ce_tab = NULL;
    const char *wsrc = NULL, *wdst = NULL;
    int rc;

    if (!o->from || !o->to) {
        return cli_usage_error(o->cmd, "bottleneck needs --from IDS and --to IDS "
                                       "(node ids or group names, comma-separated)");
    }
    from = split_names(ctx, o->from, &nfrom);
    to = split_names(ctx, o->to, &nto);
    if (nfrom == 0 || nto == 0) {
        status = cli_usage_error(o->cmd, "--%s needs at least one node id or group name",
                                 nfrom == 0 ? "from" : "to");
        goto done;
    }

    cli_progress_start(ctx, "max flow");
    rc = flow_bottleneck_min_cut(&cut, ctx->sel, (const char *const *)from, nfrom,
                                 (const char *const *)to, nto);
    if (rc == FLOW_OK) rc = flow_cut_edges(&by_factor, cut);
    if (rc == FLOW_OK && o->widest) {
        wsrc = endpoint(ctx, from[0]);
        wdst = endpoint(ctx, to[0]);
        cli_progress_start(ctx, "widest path");
        rc = flow_bottleneck_widest_path(&path, ctx->sel, wsrc, wdst);
    }
    if (rc == FLOW_OK && o->critical) {
        cli_progress_start(ctx, "critical nodes");
        rc = flow_bottleneck_critical_nodes(&crit_nodes, ctx->sel, (const char *const *)from,
                                            nfrom, (const char *const *)to, nto);
        cli_progress_end();
        cli_progress_start(ctx, "critical edges");
        if (rc == FLOW_OK)
            rc = flow_bottleneck_critical_edges(&crit_edges, ctx->sel, (const char *const *)from,
                                                nfrom, (const char *const *)to, nto);
    }
    cli_progress_end();
    if (rc != FLOW_OK) {
        status = cli_library_error(o->cmd, rc);
        goto done;
    }

    /* the cut's edges, one record per (edge, factor) */
    cut_tab = tab_new();
    tab_column(cut_tab, "source", COL_TEXT, 0);
    tab_column(cut_tab, "source_name", COL_TEXT, 0);
    tab_column(cut_tab, "target", COL_TEXT, 0);
    tab_column(cut_tab, "target_name", COL_TEXT, 0);
    tab_column(cut_tab, "factor", COL_TEXT, 0);
    tab_column(cut_tab, "weight", COL_NUM, 0);
    for (size_t i = 0; i < flow_edges_count(by_factor); i++) {
        int64_t f = flow_edges_factor(by_factor, i);
        tab_row(cut_tab);
        tab_text(cut_tab, cli_node_id(ctx, flow_edges_source(by_factor, i)));
        tab_text(cut_tab, cli_node_name(ctx, flow_edges_source(by_factor, i)));
        tab_text(cut_tab, cli_node_id(ctx, flow_edges_target(by_factor, i)));
        tab_text(cut_tab, cli_node_name(ctx, flow_edges_target(by_factor, i)));
        tab_text(cut_tab, f >= 0 ? flow_network_factor_name(ctx->net, (size_t)f) : NULL);
        tab_num(cut_tab, flow_edges_value(by_factor, i));
    }

    if (path) {
        path_tab = tab_new();
        tab_column(path_tab, "step", COL_INT, 0);
        tab_column(path_tab, "id", COL_TEXT, 0);
        tab_column(path_tab, "name", COL_TEXT, 0);
        tab_column(path_tab, "weight_to_next", COL_NUM, 0);
        for (size_t i = 0; i < flow_path_count(path); i++) {
            tab_row(path_tab);
            tab_int(path_tab, (long long)i);
            tab_text(path_tab, cli_node_id(ctx, flow_path_node(path, i)));
            tab_text(path_tab, cli_node_name(ctx, flow_path_node(path, i)));
            tab_num(path_tab, flow_path_edge_weight(path, i)); /* NAN after the last */
        }
    }

    if (crit_nodes) {
        size_t n = flow_scores_count(crit_nodes);
        size_t *order = xcalloc(n, sizeof(size_t));
        if (flow_structure_rank(order, flow_scores_values(crit_nodes), n, 1) != FLOW_OK)
            for (size_t v = 0; v < n; v++) order[v] = v;
        cn_tab = tab_new();
        tab_column(cn_tab, "id", COL_TEXT, 0);
        tab_column(cn_tab, "name", COL_TEXT, 0);
        tab_column(cn_tab, "kind", COL_TEXT, 0);
        tab_column(cn_tab, flow_scores_measure(crit_nodes), COL_NUM, 0);
        for (size_t r = 0; r < n; r++) {
            double loss = flow_scores_value(crit_nodes, order[r]);
            if (isnan(loss)) continue; /* the sources and sinks themselves */
            int64_t node = flow_scores_node(crit_nodes, order[r]);
            tab_row(cn_tab);
            tab_text(cn_tab, cli_node_id(ctx, node));
            tab_text(cn_tab, cli_node_name(ctx, node));
            tab_text(cn_tab, cli_node_kind(ctx, node));
            tab_num(cn_tab, loss);
        }
        free(order);

        ce_tab = tab_new();
        tab_column(ce_tab, "source", COL_TEXT, 0);
        tab_column(ce_tab, "source_name", COL_TEXT, 0);
        tab_column(ce_tab, "target", COL_TEXT, 0);
        tab_column(ce_tab, "target_name", COL_TEXT, 0);
        tab_column(ce_tab, "weight", COL_NUM, 0);
        tab_column(ce_tab, flow_edges_measure(crit_edges), COL_NUM, 0);
        for (size_t i = 0; i < flow_edges_count(crit_edges); i++) {
            tab_row(ce_tab);
            tab_text(ce_tab, cli_node_id(ctx, flow_edges_source(crit_edges, i)));
            tab_text(ce_tab, cli_node_name(ctx, flow_edges_source(crit_edges, i)));
            tab_text(ce_tab, cli_node_id(ctx, flow_edges_target(crit_edges, i)));
            tab_text(ce_tab, cli_node_name(ctx, flow_edges_target(crit_edges, i)));
            tab_num(ce_tab, flow_edges_weight(crit_edges, i));
            tab_num(ce_tab, flow_edges_value(crit_edges, i));
        }
    }

    size_t top = cli_top(o);
    size_t nsrc = 0, nsink = 0;
    for (size_t v = 0; v < flow_cut_node_count(cut); v++) {
        if (flow_cut_side(cut, v) == 1) nsrc++;
        if (flow_cut_side(cut, v) == 0) nsink++;
    }

    if (o->format == FMT_JSON) {
        jw w;
        jw_init(&w, stdout);
        jw_object(&w);
        cli_json_selection(ctx, &w);
        jw_key(&w, "sources");
        jw_inline_array(&w);
        for (size_t i = 0; i < nfrom; i++) jw_string(&w, from[i]);
        jw_end_array(&w);
        jw_key(&w, "sinks");
        jw_inline_array(&w);
        for (size_t i = 0; i < nto; i++) jw_string(&w, to[i]);
        jw_end_array(&w);
        jw_key(&w, "value");
        jw_number(&w, flow_cut_value(cut));
        jw_key(&w, "edges");
        tab_json(cut_tab, &w, 0); /* a cut is shown whole: --top ranks, never cuts */
        for (int side = 1; side >= 0; side--) {
            jw_key(&w, side ? "source_side" : "sink_side");
            jw_inline_array(&w);
            for (size_t v = 0; v < flow_cut_node_count(cut); v++)
                if (flow_cut_side(cut, v) == side)
                    jw_string(&w, cli_node_id(ctx, flow_cut_node(cut, v)));
            jw_end_array(&w);
        }
        if (path) {
            jw_key(&w, "widest");
            jw_object(&w);
            jw_key(&w, "source");
            jw_string(&w, wsrc);
            jw_key(&w, "target");
            jw_string(&w, wdst);
            jw_key(&w, "width");
            jw_number(&w, flow_path_width(path));
            jw_key(&w, "path");
            tab_json(path_tab, &w, 0);
            jw_key(&w, "limit");
            if (flow_path_limit(path) < 0) {
                jw_null(&w);
            } else {
                jw_inline_object(&w);
                jw_key(&w, "source");
                jw_string(&w, flow_path_limit_source_id(path));
                jw_key(&w, "target");
                jw_string(&w, flow_path_limit_target_id(path));
                jw_key(&w, "weight");
                jw_number(&w, flow_path_limit_weight(path));
                jw_end_object(&w);
            }
            jw_end_object(&w);
        }
        if (cn_tab) {
            jw_key(&w, "critical_nodes");
            tab_json(cn_tab, &w, top);
            jw_key(&w, "critical_edges");
            tab_json(ce_tab, &w, top);
        }
        jw_end_object(&w);
        jw_finish(&w);
        goto done;
    }

    if (o->format == FMT_TABLE) {
        char sel[512];
        const char *unit = weight_unit(ctx);
        cli_describe_selection(ctx, sel, sizeof sel);
        printf("bottleneck (%s)\n", sel);
        printf("from %s to %s\n", o->from, o->to);
        printf("max flow: %g%s%s\n", flow_cut_value(cut), *unit ? " " : "", unit);
        printf("\nminimum cut: %zu edges, by factor\n", flow_cut_edge_count(cut));
    }
    if (o->format == FMT_TABLE && flow_edges_count(by_factor) == 0)
        printf("(none: no flow from the sources reaches the sinks)\n");
    else
        tab_print(cut_tab, o->format, 0, stdout);
    if (o->format == FMT_TABLE) {
        printf("\nsource side (%zu nodes): ", nsrc);
        name_list(ctx, cut, 1, nsrc, top);
        printf("sink side (%zu nodes): ", nsink);
        name_list(ctx, cut, 0, nsink, top);
    }
    if (path) {
        char title[512];
        if (flow_path_count(path) == 0)
            snprintf(title, sizeof title, "widest path %s -> %s: no path", wsrc, wdst);
        else
            snprintf(title, sizeof title, "widest path %s -> %s: width %g, limited by %s -> %s",
                     wsrc, wdst, flow_path_width(path), flow_path_limit_source_id(path),
                     flow_path_limit_target_id(path));
        section(o, title);
        tab_print(path_tab, o->format, 0, stdout);
    }
    if (cn_tab) {
        section(o, "critical nodes: flow lost when the node is removed");
        tab_print(cn_tab, o->format, top, stdout);
        section(o, "critical edges: flow lost when the edge is removed");
        tab_print(ce_tab, o->format, top, stdout);
    }

done:
    tab_free(cut_tab);
    tab_free(path_tab);
    tab_free(cn_tab);
    tab_free(ce_tab);
    flow_scores_free(crit_nodes);
    flow_edges_free(crit_edges);
    flow_path_free(path);
    flow_edges_free(by_factor);
    flow_cut_free(cut);
    cli_free_list(from);
    cli_free_list(to);
    return status;
}

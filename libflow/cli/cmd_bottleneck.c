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

/* Column `name` of a result table (the library documents its columns). */
static size_t col(const flow_table *t, const char *name)
{
    return (size_t)flow_table_column_index(t, name);
}

/* "name (id), ..." for the nodes on one side of the cut, at most `top`
 * of them (0: all). */
static void name_list(const cli_context *ctx, const flow_table *cut, int side, size_t count,
                      size_t top)
{
    const flow_table *nodes = flow_table_part(cut, "nodes");
    const int64_t *node_of = flow_table_ints(nodes, col(nodes, "node"));
    const int64_t *side_of = flow_table_ints(nodes, col(nodes, "side"));
    size_t k = 0;
    for (size_t v = 0; v < flow_table_row_count(nodes); v++) {
        if (side_of[v] != side) continue;
        if (top && k == top) {
            printf(", ... (%zu more)", count - k);
            break;
        }
        int64_t node = node_of[v];
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
    flow_table *cut = NULL, *crit_edges = NULL, *path = NULL, *crit_nodes = NULL;
    const flow_table *by_factor = NULL;
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
                                 (const char *const *)to, nto, 0);
    if (rc == FLOW_OK) by_factor = flow_table_part(cut, "factor_edges");
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
    {
        const int64_t *src = flow_table_ints(by_factor, col(by_factor, "source"));
        const int64_t *tgt = flow_table_ints(by_factor, col(by_factor, "target"));
        const char *const *fac = flow_table_texts(by_factor, col(by_factor, "factor"));
        const double *w = flow_table_doubles(by_factor, col(by_factor, "weight"));
        for (size_t i = 0; i < flow_table_row_count(by_factor); i++) {
            tab_row(cut_tab);
            tab_text(cut_tab, cli_node_id(ctx, src[i]));
            tab_text(cut_tab, cli_node_name(ctx, src[i]));
            tab_text(cut_tab, cli_node_id(ctx, tgt[i]));
            tab_text(cut_tab, cli_node_name(ctx, tgt[i]));
            tab_text(cut_tab, fac[i]);
            tab_num(cut_tab, w[i]);
        }
    }

    if (path) {
        path_tab = tab_new();
        tab_column(path_tab, "step", COL_INT, 0);
        tab_column(path_tab, "id", COL_TEXT, 0);
        tab_column(path_tab, "name", COL_TEXT, 0);
        tab_column(path_tab, "weight_to_next", COL_NUM, 0);
        const int64_t *pn = flow_table_ints(path, col(path, "node"));
        const double *pw = flow_table_doubles(path, col(path, "weight_to_next"));
        for (size_t i = 0; i < flow_table_row_count(path); i++) {
            tab_row(path_tab);
            tab_int(path_tab, (long long)i);
            tab_text(path_tab, cli_node_id(ctx, pn[i]));
            tab_text(path_tab, cli_node_name(ctx, pn[i]));
            tab_num(path_tab, pw[i]); /* NAN on the last */
        }
    }

    if (crit_nodes) {
        size_t n = flow_table_row_count(crit_nodes);
        size_t *order = xcalloc(n ? n : 1, sizeof(size_t));
        const char *measure = flow_table_column_name(crit_nodes, 1);
        const double *lossv = flow_table_doubles(crit_nodes, 1);
        const int64_t *nodev = flow_table_ints(crit_nodes, col(crit_nodes, "node"));
        if (flow_structure_rank(order, lossv, n, 1) != FLOW_OK)
            for (size_t v = 0; v < n; v++) order[v] = v;
        cn_tab = tab_new();
        tab_column(cn_tab, "id", COL_TEXT, 0);
        tab_column(cn_tab, "name", COL_TEXT, 0);
        tab_column(cn_tab, "kind", COL_TEXT, 0);
        tab_column(cn_tab, measure, COL_NUM, 0);
        for (size_t r = 0; r < n; r++) {
            double loss = lossv[order[r]];
            if (isnan(loss)) continue; /* the sources and sinks themselves */
            int64_t node = nodev[order[r]];
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
        tab_column(ce_tab, flow_table_column_name(crit_edges, 3), COL_NUM, 0);
        const int64_t *src = flow_table_ints(crit_edges, col(crit_edges, "source"));
        const int64_t *tgt = flow_table_ints(crit_edges, col(crit_edges, "target"));
        const double *w = flow_table_doubles(crit_edges, col(crit_edges, "weight"));
        const double *loss = flow_table_doubles(crit_edges, 3);
        for (size_t i = 0; i < flow_table_row_count(crit_edges); i++) {
            tab_row(ce_tab);
            tab_text(ce_tab, cli_node_id(ctx, src[i]));
            tab_text(ce_tab, cli_node_name(ctx, src[i]));
            tab_text(ce_tab, cli_node_id(ctx, tgt[i]));
            tab_text(ce_tab, cli_node_name(ctx, tgt[i]));
            tab_num(ce_tab, w[i]);
            tab_num(ce_tab, loss[i]);
        }
    }

    size_t top = cli_top(o);
    size_t nsrc = (size_t)flow_table_scalar(cut, "source_side");
    size_t nsink = (size_t)flow_table_scalar(cut, "sink_side");
    const flow_table *sides = flow_table_part(cut, "nodes");
    const int64_t *side_node = flow_table_ints(sides, col(sides, "node"));
    const int64_t *side_of = flow_table_ints(sides, col(sides, "side"));
    double limit = path ? flow_table_scalar(path, "limit") : -1;
    const char *limit_source = NULL, *limit_target = NULL;
    if (limit >= 0) {
        limit_source = flow_table_text(path, col(path, "node"), (size_t)limit);
        limit_target = flow_table_text(path, col(path, "node"), (size_t)limit + 1);
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
        jw_number(&w, flow_table_scalar(cut, "value"));
        jw_key(&w, "edges");
        tab_json(cut_tab, &w, 0); /* a cut is shown whole: --top ranks, never cuts */
        for (int side = 1; side >= 0; side--) {
            jw_key(&w, side ? "source_side" : "sink_side");
            jw_inline_array(&w);
            for (size_t v = 0; v < flow_table_row_count(sides); v++)
                if (side_of[v] == side) jw_string(&w, cli_node_id(ctx, side_node[v]));
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
            jw_number(&w, flow_table_scalar(path, "width"));
            jw_key(&w, "path");
            tab_json(path_tab, &w, 0);
            jw_key(&w, "limit");
            if (limit < 0) {
                jw_null(&w);
            } else {
                jw_inline_object(&w);
                jw_key(&w, "source");
                jw_string(&w, limit_source);
                jw_key(&w, "target");
                jw_string(&w, limit_target);
                jw_key(&w, "weight");
                jw_number(&w, flow_table_scalar(path, "width"));
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
        printf("max flow: %g%s%s\n", flow_table_scalar(cut, "value"), *unit ? " " : "", unit);
        printf("\nminimum cut: %zu edges, by factor\n", flow_table_row_count(cut));
    }
    if (o->format == FMT_TABLE && flow_table_row_count(by_factor) == 0)
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
        if (flow_table_row_count(path) == 0)
            snprintf(title, sizeof title, "widest path %s -> %s: no path", wsrc, wdst);
        else
            snprintf(title, sizeof title, "widest path %s -> %s: width %g, limited by %s -> %s",
                     wsrc, wdst, flow_table_scalar(path, "width"), limit_source, limit_target);
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
    flow_table_free(crit_nodes);
    flow_table_free(crit_edges);
    flow_table_free(path);
    flow_table_free(cut);
    cli_free_list(from);
    cli_free_list(to);
    return status;
}

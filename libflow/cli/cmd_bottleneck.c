/*
 * cmd_bottleneck.c - flowctl bottleneck: the maximum flow and minimum cut
 * between two node sets, optionally the widest path between their first
 * members and the critical nodes and edges between them.
 *
 * The result is the cut (flow_bottleneck_min_cut()) with its edges broken
 * down by factor as the rows, its value and side sizes as scalars, the
 * vertices' sides as part "nodes", and the other analyses as further
 * parts, each the library's table as it is.
 */
#include "flowctl.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *from, *to;
    int widest, critical;
} bottleneck_options;

#define OPT(field) offsetof(bottleneck_options, field)

static const cli_option bottleneck_spec[] = {
    {.name = "from", .kind = OPT_TEXT, .offset = OPT(from), .arg = "IDS",
     .help = "sources: comma-separated node ids or group names"},
    {.name = "to", .kind = OPT_TEXT, .offset = OPT(to), .arg = "IDS",
     .help = "sinks: comma-separated node ids or group names"},
    {.name = "widest", .kind = OPT_FLAG, .offset = OPT(widest),
     .help = "also the widest path (the path whose weakest edge is strongest) from the first "
             "source to the first sink (a group stands for its first member): part "
             "widest_path"},
    {.name = "critical", .kind = OPT_FLAG, .offset = OPT(critical),
     .help = "also rank nodes and edges by the flow lost when each is removed: parts "
             "critical_nodes and critical_edges"},
    {.name = NULL},
};

/* A node id for the widest path: the item itself, or the first member of a
 * group of that name (the network's "groups" table lists members in the
 * order they were added). */
static char *endpoint(const cli_context *ctx, const char *item)
{
    if (flow_network_node_index(ctx->net, item) >= 0 || flow_network_group_index(ctx->net, item) < 0)
        return xstrdup(item); /* a node, or unknown: the library says so */
    flow_table *groups = NULL;
    char *id = NULL;
    if (flow_network_table(&groups, ctx->net, "groups") == FLOW_OK) {
        const char *const *group =
            flow_table_texts(groups, (size_t)flow_table_column_index(groups, "group"));
        int64_t member = flow_table_column_index(groups, "member");
        for (size_t r = 0; r < flow_table_row_count(groups) && !id; r++)
            if (strcmp(group[r], item) == 0)
                id = xstrdup(flow_table_text(groups, (size_t)member, r));
        flow_table_free(groups);
    } else {
        flow_error_clear();
    }
    return id ? id : xstrdup(item);
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

static int run_bottleneck(cli_context *ctx, const void *options)
{
    const bottleneck_options *o = options;
    const char *cmd = ctx->cmd->name;
    size_t nfrom = 0, nto = 0;
    char **from = NULL, **to = NULL, *wsrc = NULL, *wdst = NULL;
    flow_table *cut = NULL, *path = NULL, *crit_nodes = NULL, *crit_edges = NULL;
    int status = EXIT_OK, rc;

    if (!o->from || !o->to)
        return cli_usage_error(cmd, "bottleneck needs --from IDS and --to IDS "
                                    "(node ids or group names, comma-separated)");
    from = split_names(ctx, o->from, &nfrom);
    to = split_names(ctx, o->to, &nto);
    if (nfrom == 0 || nto == 0) {
        status = cli_usage_error(cmd, "--%s needs at least one node id or group name",
                                 nfrom == 0 ? "from" : "to");
        goto done;
    }
    const char *const *src = (const char *const *)from, *const *dst = (const char *const *)to;

    cli_progress_start(ctx, "max flow");
    rc = flow_bottleneck_min_cut(&cut, ctx->sel, src, nfrom, dst, nto, 0);
    if (rc == FLOW_OK && o->widest) {
        wsrc = endpoint(ctx, from[0]);
        wdst = endpoint(ctx, to[0]);
        cli_progress_start(ctx, "widest path");
        rc = flow_bottleneck_widest_path(&path, ctx->sel, wsrc, wdst);
    }
    if (rc == FLOW_OK && o->critical) {
        cli_progress_start(ctx, "critical nodes");
        rc = flow_bottleneck_critical_nodes(&crit_nodes, ctx->sel, src, nfrom, dst, nto);
        cli_progress_end();
        cli_progress_start(ctx, "critical edges");
        if (rc == FLOW_OK)
            rc = flow_bottleneck_critical_edges(&crit_edges, ctx->sel, src, nfrom, dst, nto);
    }
    cli_progress_end();
    if (rc != FLOW_OK) {
        status = cli_library_error(cmd, rc);
        goto done;
    }

    /* rows: the cut's edges by factor (source, target, factor, weight) */
    const flow_table *by_factor = flow_table_part(cut, "factor_edges");
    cli_view *v = view_new(flow_table_name(cut), flow_table_row_count(by_factor));
    for (size_t c = 0; c < flow_table_column_count(by_factor); c++)
        view_column(v, by_factor, flow_table_column_name(by_factor, c), NULL);
    view_scalars_of(v, cut);
    view_meta_of(v, cut);
    view_meta(v, "flows", NULL); /* never asked for: the part is not there */
    view_set_flags(v, VIEW_WHOLE); /* a cut is shown whole: --top ranks, never cuts */
    cli_view *sides = view_of(flow_table_part(cut, "nodes"));
    view_set_flags(sides, VIEW_HIDDEN);
    view_add_part(v, sides);
    if (path) {
        cli_view *p = view_of(path);
        view_set_flags(p, VIEW_WHOLE);
        view_add_part(v, p);
    }
    if (crit_nodes) {
        /* the sources and sinks are not removed: their loss is undefined */
        cli_view *p = view_of(crit_nodes);
        const char *loss = flow_table_column_name(crit_nodes, 1);
        view_drop_missing(p, loss);
        view_rank(ctx, p, loss, 1);
        view_add_part(v, p);
        p = view_of(crit_edges);
        view_rank(ctx, p, flow_table_column_name(crit_edges, 3), 1);
        view_add_part(v, p);
    }
    ctx->adds_weights = 1;
    status = cli_render(ctx, v);
    view_free(v);

done:
    flow_table_free(crit_nodes);
    flow_table_free(crit_edges);
    flow_table_free(path);
    flow_table_free(cut);
    free(wsrc);
    free(wdst);
    cli_free_list(from);
    cli_free_list(to);
    return status;
}

const cli_command cli_cmd_bottleneck = {
    .name = "bottleneck",
    .summary = "minimum cut between node sets, widest path, critical nodes",
    .usage = "DATA --from IDS --to IDS [options]",
    .about = "The maximum flow from a set of nodes to another and the minimum cut that\n"
             "limits it: the edges from the source side to the sink side, broken down by\n"
             "factor (capacities are the selection's weights).",
    .output = "one row per cut edge and factor (source, target, factor, "
              "weight), always whole; scalars value (the maximum flow), source_side and "
              "sink_side (node counts); part nodes (each node's side: 1 source, 0 sink); "
              "with --widest part widest_path (node, weight_to_next; width, limit), with "
              "--critical parts critical_nodes and critical_edges (max_flow_loss).",
    .examples = "flowctl bottleneck data/china --from CN-BJ,CN-SH --to CN-XJ --factor technology\n"
                "flowctl bottleneck data/china --from yangtze-river-delta --to CN-NX --factor "
                "capital --year 2022 --widest --critical --top 5\n"
                "flowctl bottleneck data/china --from CN-BJ --to CN-XJ --factor talent --part "
                "nodes --sort side --format csv",
    .options = bottleneck_spec,
    .options_size = sizeof(bottleneck_options),
    .flags = CMD_SELECTION,
    .run = run_bottleneck,
};

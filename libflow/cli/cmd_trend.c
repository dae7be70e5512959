/*
 * cmd_trend.c - flowctl trend: a per-node measure year by year
 * (flow_structure_series()), shown wide (one column per year), with the
 * rank stability between consecutive years (the series' part "stability",
 * Kendall's tau-b) and, with --clusters, the communities followed across
 * the years (flow_cluster_track()). Each year runs on its own, so the
 * selection is never built whole (CMD_PER_YEAR): a stock factor can be
 * followed over a year range.
 */
#include "flowctl.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *measure;
    int clusters; /* FLOW_CLUSTER_*, -1: no tracking */
    double threshold;
    double resolution;
    uint64_t seed;
} trend_options;

#define OPT(field) offsetof(trend_options, field)

static const cli_option trend_spec[] = {
    {.name = "measure", .kind = OPT_TEXT, .offset = OPT(measure), .def = "pagerank",
     .arg = "NAME",
     .help = "the per-node measure: a centrality measure (see 'flowctl help centrality') or "
             "hhi_out, hhi_in, hhi_total"},
    {.name = "clusters", .kind = OPT_REGISTRY, .offset = OPT(clusters), .arg = "METHOD",
     .choices = "cluster",
     .help = "also cluster every year with METHOD and follow the communities: part "
             "tracking"},
    {.name = "threshold", .kind = OPT_NUMBER, .offset = OPT(threshold), .def = "0.3",
     .arg = "J", .lo = 0, .hi = 1, .bounds = NUM_LO_OPEN,
     .help = "Jaccard overlap that links a community to one of the next year"},
    {.name = "resolution", .kind = OPT_NUMBER, .offset = OPT(resolution), .def = "1", .arg = "R",
     .lo = 0, .bounds = NUM_NO_HI, .help = "modularity resolution of the clustering"},
    {.name = "seed", .kind = OPT_SEED, .offset = OPT(seed), .def = "1", .arg = "S",
     .help = "random seed of the clustering (the same every year)"},
    {.name = NULL},
};

/* "no flow ... in years ..." with the years the data has. */
static int no_years(cli_context *ctx)
{
    const cli_common *o = ctx->common;
    if (o->years.first == FLOW_NO_YEAR) {
        cli_error("trend: the selection has no dated flow (a trend needs flows with a year)");
        return EXIT_DATA;
    }
    if (o->years.first == o->years.last)
        cli_error("trend: no flow of the selection has the year %d", o->years.first);
    else
        cli_error("trend: no flow of the selection has a year in %d-%d", o->years.first,
                  o->years.last);
    return EXIT_DATA;
}

static int run_trend(cli_context *ctx, const void *options)
{
    const trend_options *o = options;
    flow_table *s = NULL, *tr = NULL;
    cli_progress_start(ctx, "trend");
    int rc = flow_structure_series(&s, ctx->sel, o->measure, NULL);
    cli_progress_end();
    if (rc != FLOW_OK) return cli_library_error(ctx->cmd->name, rc);
    const flow_table *years = flow_table_part(s, "years");
    size_t ny = flow_table_row_count(years);
    if (ny == 0) {
        flow_table_free(s);
        return no_years(ctx);
    }
    if (o->clusters >= 0) {
        flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
        co.seed = o->seed;
        co.resolution = o->resolution;
        cli_progress_start(ctx, "tracking");
        rc = flow_cluster_track(&tr, ctx->sel, o->clusters, &co, o->threshold);
        cli_progress_end();
        if (rc != FLOW_OK) {
            flow_table_free(s);
            return cli_library_error(ctx->cmd->name, rc);
        }
    }

    /* wide: one row per node, one column per year */
    size_t nv = flow_table_row_count(s) / ny;
    const char *mname = flow_table_column_name(s, 2);
    const int64_t *node = flow_table_ints(s, 0);
    const int64_t *year = flow_table_ints(years, 0);
    const double *value = flow_table_doubles(s, 2);
    cli_view *v = view_new("trend", nv);
    int64_t *nodes = xcalloc(nv + 1, sizeof(int64_t));
    memcpy(nodes, node, nv * sizeof *nodes);
    view_own_nodes(v, "node", nodes);
    char last[32] = "";
    for (size_t y = 0; y < ny; y++) {
        double *x = xcalloc(nv + 1, sizeof(double));
        memcpy(x, value + y * nv, nv * sizeof *x);
        snprintf(last, sizeof last, "%lld", (long long)year[y]);
        view_own_doubles(v, last, x);
    }
    view_meta_of(v, s);
    view_meta(v, "analysis", "trend");
    view_meta(v, "measure", mname);

    cli_view *st = view_of(flow_table_part(s, "stability"));
    view_add_part(v, st);
    cli_view *longv = view_of(s);
    view_set_flags(longv, VIEW_HIDDEN);
    view_add_part(v, longv);
    if (tr) {
        cli_view *tv = view_of(tr);
        for (const char *p = "communities"; p; p = strcmp(p, "communities") == 0 ? "members" : NULL)
            if (view_part(tv, p)) view_set_flags(view_part(tv, p), VIEW_HIDDEN);
        view_add_part(v, tv);
    }
    view_rank(ctx, v, last, 1);
    int status = cli_render(ctx, v);
    view_free(v);
    flow_table_free(tr);
    flow_table_free(s);
    return status;
}

const cli_command cli_cmd_trend = {
    .name = "trend",
    .summary = "a node measure year by year, rank stability, communities over time",
    .usage = "DATA [--measure NAME] [--clusters METHOD] [options]",
    .about = "A per-node measure computed for every year of the selection on its own (the\n"
             "year's flows only), one column per year; rank stability between consecutive\n"
             "years (Kendall's tau-b over the nodes with flows in both years, as\n"
             "scipy.stats.kendalltau); with --clusters, every year clustered with the same\n"
             "method and seed and its communities (clusters of two or more nodes with\n"
             "flows that year) linked to those of the next year by Jaccard overlap >=\n"
             "--threshold: continuations, splits, merges, births and deaths. Years\n"
             "without flows are skipped. A stock factor may be followed over a range (no\n"
             "year is added to another). Counterfactual options apply to every year.",
    .output = "one row per node, one column per year (empty: no flow that year), ranked by "
              "the last year; part stability (year_from, year_to, nodes, kendall_tau); part "
              "series (long: node, year, value); with --clusters part tracking (year_from, "
              "year_to, event, cluster_from, cluster_to, sizes, tracks, jaccard; scalars "
              "continuations, splits, merges, births, deaths) and its parts communities and "
              "members.",
    .examples = "flowctl trend data/china --measure pagerank --factor technology\n"
                "flowctl trend data/china --measure pagerank --part stability\n"
                "flowctl trend data/china --measure strength --clusters leiden --part tracking\n"
                "flowctl trend data/china --measure pagerank --without CN-BJ --year 2018-2022",
    .options = trend_spec,
    .options_size = sizeof(trend_options),
    .flags = CMD_SELECTION | CMD_PER_YEAR,
    .run = run_trend,
};

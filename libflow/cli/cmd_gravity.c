/*
 * cmd_gravity.c - flowctl gravity: the PPML gravity model of one factor
 * (flow_gravity_fit()): the coefficients as the main table, the expected
 * and excess flow of every ordered pair as part "pairs" (ranked by
 * excess, largest first).
 */
#include "flowctl.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *distance; /* lat_lon, none, or a file */
    cli_list masses;
    cli_optional same_group;
    cli_list boundaries;
    const char *contiguity;
    long long max_iterations;
} gravity_options;

#define OPT(field) offsetof(gravity_options, field)

static const cli_option gravity_spec[] = {
    {.name = "distance", .kind = OPT_TEXT, .offset = OPT(distance), .def = "lat_lon",
     .arg = "lat_lon|none|FILE",
     .help = "log_distance from the nodes' lat and lon (great circle), none, or a CSV file:\n"
             "source,target,distance or id,lat,lon"},
    {.name = "mass", .kind = OPT_LIST, .offset = OPT(masses), .arg = "ATTR",
     .help = "log_ATTR_origin and log_ATTR_destination terms (repeatable); replaces the\n"
             "origin and destination fixed effects by an intercept"},
    {.name = "same-group", .kind = OPT_OPTIONAL, .offset = OPT(same_group), .arg = "G1,G2,...",
     .help = "dummy same_group (both ends in one declared group), or with names one\n"
             "same_group:G per group"},
    {.name = "boundary", .kind = OPT_LIST, .offset = OPT(boundaries), .arg = "ATTR",
     .help = "dummy boundary:ATTR, 1 when the ends' values of ATTR (or kind) differ "
             "(repeatable)"},
    {.name = "contiguity", .kind = OPT_TEXT, .offset = OPT(contiguity), .arg = "FILE",
     .help = "dummy contiguity for the pairs of a CSV file source,target"},
    {.name = "max-iterations", .kind = OPT_COUNT, .offset = OPT(max_iterations), .def = "100",
     .arg = "N", .help = "IRLS steps at most"},
    {.name = NULL},
};

static int run_gravity(cli_context *ctx, const void *options)
{
    const gravity_options *o = options;
    flow_gravity_options go;
    flow_gravity_options_init(&go, FLOW_GRAVITY_OPTIONS_VERSION);
    if (!o->distance || strcmp(o->distance, "lat_lon") == 0) {
        go.distance = FLOW_GRAVITY_DISTANCE_LAT_LON;
    } else if (strcmp(o->distance, "none") == 0) {
        go.distance = FLOW_GRAVITY_DISTANCE_NONE;
    } else {
        go.distance = FLOW_GRAVITY_DISTANCE_FILE;
        go.distance_file = o->distance;
    }
    go.masses = o->masses.items;
    go.mass_count = o->masses.n;
    if (o->masses.n) go.fixed_effects = 0;
    char **groups = NULL;
    size_t ngroups = 0;
    if (o->same_group.given) {
        if (o->same_group.value) {
            groups = cli_split(o->same_group.value, &ngroups);
            if (!ngroups) {
                cli_free_list(groups);
                return cli_usage_error(ctx->cmd->name, "--same-group= names no group");
            }
            go.same_groups = (const char *const *)groups;
            go.same_group_count = ngroups;
        } else {
            go.same_group_any = 1;
        }
    }
    go.boundaries = o->boundaries.items;
    go.boundary_count = o->boundaries.n;
    go.contiguity_file = o->contiguity;
    if (o->max_iterations >= 0) {
        if (o->max_iterations < 1 || o->max_iterations > 1000000) {
            cli_free_list(groups);
            return cli_usage_error(ctx->cmd->name, "--max-iterations must lie in [1, 1000000]");
        }
        go.max_iterations = (int)o->max_iterations;
    }

    flow_table *fit = NULL;
    cli_progress_start(ctx, "gravity");
    int rc = flow_gravity_fit(&fit, ctx->sel, &go);
    cli_progress_end();
    cli_free_list(groups);
    if (rc != FLOW_OK) return cli_library_error(ctx->cmd->name, rc);
    /* the warning (nodes left out, no convergence) is a parameter of the
     * text and JSON outputs; CSV has no room for it */
    const char *warning = flow_table_meta(fit, "warning");
    if (warning && ctx->common->format == FMT_CSV) fprintf(stderr, "flowctl: note: %s\n", warning);

    cli_view *v = view_of(fit);
    view_json_rows_key(v, "coefficients");
    view_set_flags(v, VIEW_WHOLE);
    cli_view *pairs = view_part(v, "pairs");
    if (pairs) {
        view_set_flags(pairs, VIEW_HIDDEN);
        view_rank(ctx, pairs, "excess", 1);
    }
    int status = cli_render(ctx, v);
    view_free(v);
    flow_table_free(fit);
    return status;
}

const cli_command cli_cmd_gravity = {
    .name = "gravity",
    .summary = "expected flows: a gravity model fitted by PPML",
    .usage = "DATA --factor F [--year Y|A-B] [options]",
    .about = "Fits a gravity model to one factor's flows by Poisson pseudo-maximum\n"
             "likelihood (Santos Silva and Tenreyro 2006) over every ordered pair of nodes,\n"
             "zero flows included: origin and destination fixed effects (or, with --mass,\n"
             "an intercept and log masses), log distance and the dummies asked for. Robust\n"
             "(HC0 sandwich) standard errors; pseudo_r2 = 1 - deviance / null deviance.\n"
             "Nodes without outflow (inflow) are left out as origins (destinations), with\n"
             "a warning.",
    .output = "one row per term: term, estimate, std_error, z, p_value (JSON key "
              "\"coefficients\"); scalars pseudo_r2, deviance, null_deviance, iterations, "
              "converged, n_pairs, n_nodes; part \"pairs\" (--part pairs): source, target, "
              "observed, expected, excess, ratio for every ordered pair, largest excess first.",
    .examples = "flowctl gravity data/china --factor talent --year 2022 --level region "
                "--same-group\n"
                "flowctl gravity data/china --factor technology --year 2020-2022 --level region "
                "--boundary macro_region --format json\n"
                "flowctl gravity data/china --factor capital --year 2022 --level region "
                "--part pairs --top 10",
    .options = gravity_spec,
    .options_size = sizeof(gravity_options),
    .flags = CMD_SELECTION,
    .run = run_gravity,
};

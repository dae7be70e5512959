/*
 * commands.c - the commands flowctl has, and the options every analysis
 * shares. Adding a command is one cmd_<name>.c file with its descriptor and
 * one line here.
 */
#include "flowctl.h"

#include <stddef.h>

const cli_command *const cli_commands[] = {
    &cli_cmd_summary, &cli_cmd_centrality, &cli_cmd_bottleneck,
    &cli_cmd_cluster, &cli_cmd_backbone,   &cli_cmd_export,
    &cli_cmd_gravity,
    &cli_cmd_significance,
    &cli_cmd_trend,   &cli_cmd_compare,
    &cli_cmd_convert,
    &cli_cmd_report,  &cli_cmd_draw,
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

#define COMMON(field) offsetof(cli_common, field)

/* The selection (which flows an analysis runs on) and the output (how its
 * result is written), for every command with CMD_SELECTION. */
const cli_option cli_common_options[] = {
    {.name = "factor", .kind = OPT_LIST, .offset = COMMON(factors), .arg = "F",
     .help = "keep factor F (repeatable, or comma-separated; default: every factor)"},
    {.name = "year", .kind = OPT_YEARS, .offset = COMMON(years), .arg = "Y|A-B",
     .help = "keep the flows of year Y, or of years A to B"},
    {.name = "undirected", .kind = OPT_FLAG, .offset = COMMON(undirected),
     .help = "sum both directions of every pair of nodes"},
    {.name = "level", .kind = OPT_TEXT, .offset = COMMON(level), .arg = "KIND",
     .help = "roll nodes up to their ancestor of this kind (region)"},
    {.name = "combine", .kind = OPT_CHOICE, .offset = COMMON(combine), .def = "sum",
     .choices = "sum|share",
     .help = "add raw weights, or each factor's shares of its total (to mix persons and yuan)"},
    {.name = "layer", .kind = OPT_REGISTRY, .offset = COMMON(layer), .arg = "NAME",
     .choices = "layer",
     .help = "run on a gravity model's expected flows, or on the excess over them (the "
             "default model of 'flowctl gravity': fixed effects and log distance; one --factor)"},
    {.name = "layer-distance", .kind = OPT_TEXT, .offset = COMMON(layer_distance),
     .def = "lat_lon", .arg = "lat_lon|none|FILE",
     .help = "the --layer model's distance (as 'flowctl gravity --distance')"},
    {.name = "without", .kind = OPT_LIST, .offset = COMMON(without), .arg = "ID",
     .help = "counterfactual: leave out node ID, the nodes below it and their flows "
             "(repeatable, or comma-separated); removed nodes have no row"},
    {.name = "without-group", .kind = OPT_LIST, .offset = COMMON(without_group), .arg = "G",
     .help = "counterfactual: leave out the members of group G (as --without)"},
    {.name = "without-corridor", .kind = OPT_LIST, .offset = COMMON(without_corridor),
     .arg = "A:B",
     .help = "counterfactual: drop the flows between A and B, both directions (each side a "
             "node id or a group; repeatable)"},
    {.name = "with", .kind = OPT_LIST, .offset = COMMON(with_flows), .arg = "FILE",
     .help = "counterfactual: add the flows of FILE (a flows CSV or a data folder, on known "
             "nodes and factors)"},
    {.name = "format", .kind = OPT_CHOICE, .offset = COMMON(format), .def = "table",
     .choices = "table|csv|json", .flags = OPTF_OUTPUT,
     .help = "aligned table, one CSV table, or one JSON object"},
    {.name = "top", .kind = OPT_COUNT, .offset = COMMON(top), .arg = "N", .flags = OPTF_OUTPUT,
     .help = "rows shown of each table (default 20 in tables, all in csv and json; 0 shows "
             "all); cuts and paths are always whole"},
    {.name = "sort", .kind = OPT_TEXT, .offset = COMMON(sort), .arg = "COLUMN",
     .flags = OPTF_OUTPUT,
     .help = "order the rows by an output column, largest first (default: the command's "
             "ranking)"},
    {.name = "ascending", .kind = OPT_FLAG, .offset = COMMON(ascending), .flags = OPTF_OUTPUT,
     .help = "smallest first (by --sort, or by the command's ranking)"},
    {.name = "part", .kind = OPT_TEXT, .offset = COMMON(part), .arg = "NAME",
     .flags = OPTF_OUTPUT,
     .help = "show one part of a result with several (the cut's \"nodes\", a partition's "
             "\"clusters\") instead of its main table"},
    {.name = "output", .short_name = 'o', .kind = OPT_TEXT, .offset = COMMON(output_dir),
     .arg = "DIR", .flags = OPTF_OUTPUT,
     .help = "write CSV files into the folder DIR: the main table as <analysis>.csv, each "
             "part as <part>.csv"},
    {.name = "name-attr", .kind = OPT_TEXT, .offset = COMMON(name_attr), .arg = "ATTR",
     .flags = OPTF_OUTPUT, .help = "show the node attribute ATTR as the name (name_zh)"},
    {.name = NULL},
};

#define LIMIT(field) offsetof(cli_limits, field)

/* The limits of loading DATA, for every command (flow_io_options). */
const cli_option cli_limit_options[] = {
    {.name = "max-file-size", .kind = OPT_SIZE, .offset = LIMIT(max_file_size), .arg = "SIZE",
     .flags = OPTF_LIMIT,
     .help = "refuse a file larger than SIZE bytes (K, M, G, T: powers of 1024); 0: no limit"},
    {.name = "max-field", .kind = OPT_SIZE, .offset = LIMIT(max_field), .arg = "SIZE",
     .hi = FLOW_IO_MAX_FIELD, .flags = OPTF_LIMIT,
     .help = "refuse a field longer than SIZE bytes"},
    {.name = "max-nodes", .kind = OPT_COUNT, .offset = LIMIT(max_nodes), .arg = "N",
     .flags = OPTF_LIMIT, .help = "refuse data with more than N nodes; 0: no limit"},
    {.name = "max-flows", .kind = OPT_COUNT, .offset = LIMIT(max_flows), .arg = "N",
     .flags = OPTF_LIMIT, .help = "refuse data with more than N flows; 0: no limit"},
    {.name = NULL},
};

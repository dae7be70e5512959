/*
 * cmd_report.c - flowctl report and flowctl draw: the selection drawn as a
 * self-contained HTML report, or its flow map alone as SVG
 * (flow_report_string(), libflow/report.h). The text goes to the file of
 * -o (written as flow_export_write() writes: a temporary file renamed
 * over a regular file, never half-written; symbolic links followed;
 * devices and FIFOs written through, never replaced) or to standard
 * output.
 */
#include "flowctl.h"
#include "outfile_internal.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    const char *output;
    cli_list from, to;
    int method; /* FLOW_CLUSTER_*, -1 when not given */
    uint64_t seed;
    long long max_edges;
    double alpha;
    const char *title;
    int no_basemap;
    int no_gravity, no_significance;
    long long samples;
} report_options;

#define RO(field) offsetof(report_options, field)

static const cli_option report_spec[] = {
    {.name = "output", .short_name = 'o', .kind = OPT_TEXT, .offset = RO(output), .arg = "FILE",
     .help = "the file to write (replaced whole, never half-written); standard output when "
             "not given"},
    {.name = "from", .kind = OPT_LIST, .offset = RO(from), .arg = "IDS",
     .help = "bottleneck sources: node ids or group names (default: the strongest net "
             "exporter)"},
    {.name = "to", .kind = OPT_LIST, .offset = RO(to), .arg = "IDS",
     .help = "bottleneck sinks: node ids or group names (default: the strongest net importer)"},
    {.name = "method", .kind = OPT_REGISTRY, .offset = RO(method), .arg = "METHOD",
     .choices = "cluster", .help = "cluster method that colours the nodes (default louvain)"},
    {.name = "seed", .kind = OPT_SEED, .offset = RO(seed), .def = "1", .arg = "S",
     .help = "seed of the clusters and of the layout"},
    {.name = "max-edges", .kind = OPT_COUNT, .offset = RO(max_edges), .arg = "N",
     .help = "flows a map shows at most; denser maps show the disparity-filter backbone "
             "(default 300)"},
    {.name = "alpha", .kind = OPT_NUMBER, .offset = RO(alpha), .def = "0.05", .arg = "A", .lo = 0,
     .hi = 1, .bounds = NUM_LO_OPEN | NUM_HI_OPEN, .help = "significance level of the backbone"},
    {.name = "title", .kind = OPT_TEXT, .offset = RO(title), .arg = "TEXT",
     .help = "the title (default: from the data folder's name)"},
    {.name = "no-basemap", .kind = OPT_FLAG, .offset = RO(no_basemap),
     .help = "no country outlines behind geographic maps"},
    {.name = "no-gravity", .kind = OPT_FLAG, .offset = RO(no_gravity),
     .help = "no observed-versus-expected section (a gravity model fitted by PPML)"},
    {.name = "no-significance", .kind = OPT_FLAG, .offset = RO(no_significance),
     .help = "no p-values for the clusters (null models: configuration, permutation)"},
    {.name = "samples", .kind = OPT_COUNT, .offset = RO(samples), .def = "999", .arg = "N",
     .help = "null samples of each significance test, seeded by --seed (the "
             "modularity test uses at most 99)"},
    {.name = NULL},
};

/* Writes text to path whole (libflow/outfile_internal.h: a temporary file
 * renamed over a regular file, symbolic links followed, devices and FIFOs
 * written through). */
static int write_file(const char *path, const char *text)
{
    flow__outfile o;
    char *message = NULL;
    int err = 0;
    if (flow__outfile_open(&o, path, &message) == 0) {
        size_t len = strlen(text), off = 0;
        while (off < len && !err) {
            ssize_t n = write(o.fd, text + off, len - off);
            if (n >= 0)
                off += (size_t)n;
            else if (errno != EINTR)
                err = errno;
        }
        if (flow__outfile_close(&o, path, err, &message) == 0) return EXIT_OK;
    }
    cli_error("%s", message ? message : "out of memory");
    free(message);
    return EXIT_OTHER;
}

static int run(cli_context *ctx, const void *options, int what)
{
    const report_options *o = options;
    const char *cmd = ctx->cmd->name;
    if ((o->from.n == 0) != (o->to.n == 0))
        return cli_usage_error(cmd, "give both --from and --to, or neither");
    flow_report_options ro;
    flow_report_options_init(&ro, FLOW_REPORT_OPTIONS_VERSION);
    ro.what = what;
    ro.from = o->from.items, ro.from_count = o->from.n;
    ro.to = o->to.items, ro.to_count = o->to.n;
    if (o->method >= 0) ro.cluster_method = o->method;
    ro.seed = o->seed;
    if (o->max_edges > 0) ro.max_edges = (size_t)o->max_edges;
    ro.alpha = o->alpha;
    ro.title = o->title;
    ro.basemap = !o->no_basemap;
    ro.gravity = !o->no_gravity;
    ro.significance = !o->no_significance;
    ro.samples = o->samples > 1000000 ? 1000000 : (int)o->samples;
    ro.label_attr = ctx->common->name_attr;
    char *text = NULL;
    cli_progress_start(ctx, cmd);
    int rc = flow_report_string(&text, ctx->sel, &ro);
    cli_progress_end();
    if (rc != FLOW_OK) return cli_library_error(cmd, rc);
    int status = EXIT_OK;
    if (o->output)
        status = write_file(o->output, text);
    else
        fputs(text, stdout);
    flow_free(text);
    return status;
}

static int run_report(cli_context *ctx, const void *options)
{
    return run(ctx, options, FLOW_REPORT_HTML);
}

static int run_draw(cli_context *ctx, const void *options)
{
    return run(ctx, options, FLOW_REPORT_SVG);
}

const cli_command cli_cmd_report = {
    .name = "report",
    .summary = "a self-contained HTML report with flow maps",
    .usage = "DATA [options] [-o FILE.html]",
    .about = "Draws the selection as one HTML page that needs nothing else to be viewed\n"
             "(inline SVG and CSS, a little JavaScript): the data and its provenance,\n"
             "summary figures, a flow map per factor with a year slider, the top hubs,\n"
             "authorities and brokers, the bottleneck between --from and --to drawn on\n"
             "the map, clusters against the declared groups, the flows between groups\n"
             "as a heat map, trends across years, and observed versus expected flows\n"
             "(a gravity model) with p-values of the clusters against null models\n"
             "(--no-gravity, --no-significance, --samples). Nodes with lat and lon are drawn\n"
             "on country outlines; others by a force-directed layout. --name-attr picks\n"
             "the labels (name_zh).",
    .output = "the HTML page, in FILE or on standard output.",
    .examples = "flowctl report data/china -o china.html\n"
                "flowctl report data/china --factor technology --from CN-SH --to CN-XJ "
                "--name-attr name_zh -o tech.html",
    .options = report_spec,
    .options_size = sizeof(report_options),
    .flags = CMD_SELECTION,
    .run = run_report,
};

const cli_command cli_cmd_draw = {
    .name = "draw",
    .summary = "the flow map alone, as SVG",
    .usage = "DATA [options] [-o FILE.svg]",
    .about = "Draws the flow map of the selection (all its factors, combined as the\n"
             "selection combines them) as one standalone SVG document for papers:\n"
             "curved edges as wide as the square root of the flow, arrowheads, nodes\n"
             "coloured by cluster, a legend with the unit.",
    .output = "the SVG document, in FILE or on standard output.",
    .examples = "flowctl draw data/china --factor talent --year 2022 -o talent.svg",
    .options = report_spec,
    .options_size = sizeof(report_options),
    .flags = CMD_SELECTION,
    .run = run_draw,
};

/*
 * cmd_export.c - flowctl export: the network, or a selection of it with
 * computed columns, in a file format for other tools
 * (flow_export_write(), flow_export_string(), flow_export_selection()).
 *
 * Without selection options and --with, the whole network is written
 * (every flow); with any of --factor, --year, --undirected, --level,
 * --combine share or --with, and always for DOT, the selection is written:
 * one edge per pair, with the --with results as node columns. The formats
 * are the library's "format" registry; without --to, the format follows
 * the file's extension as the registry's "extensions" parameters say (the
 * one list of extensions, shared with the Python package).
 */
#include "flowctl.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int format; /* FLOW_EXPORT_*, -1 when not given */
    const char *output;
    cli_list factors;
    cli_years years;
    int undirected;
    const char *level;
    int combine;
    cli_list with;
    uint64_t seed;
} export_options;

#define OPT(field) offsetof(export_options, field)

static const cli_option export_spec[] = {
    {.name = "to", .kind = OPT_REGISTRY, .offset = OPT(format), .arg = "FORMAT",
     .choices = "format",
     .help = "the file format; may be left out when FILE's extension names one (.json, "
             ".graphml, .gexf, .dot, .gv)"},
    {.name = "output", .short_name = 'o', .kind = OPT_TEXT, .offset = OPT(output), .arg = "FILE",
     .help = "the file to write (replaced whole, never half-written); standard output when "
             "not given"},
    {.name = "factor", .kind = OPT_LIST, .offset = OPT(factors), .arg = "F",
     .help = "export the selection of factor F (repeatable, or comma-separated)"},
    {.name = "year", .kind = OPT_YEARS, .offset = OPT(years), .arg = "Y|A-B",
     .help = "export the selection of year Y, or of years A to B"},
    {.name = "undirected", .kind = OPT_FLAG, .offset = OPT(undirected),
     .help = "export an undirected graph: both directions of a pair summed"},
    {.name = "level", .kind = OPT_TEXT, .offset = OPT(level), .arg = "KIND",
     .help = "roll nodes up to their ancestor of this kind (region)"},
    {.name = "combine", .kind = OPT_CHOICE, .offset = OPT(combine), .def = "sum",
     .choices = "sum|share",
     .help = "add raw weights, or each factor's shares of its total"},
    {.name = "with", .kind = OPT_LIST, .offset = OPT(with), .arg = "RESULT",
     .help = "attach a computed column to the nodes (repeatable): a centrality measure "
             "(pagerank, betweenness, ...), or cluster=METHOD (leiden, louvain, infomap, ...)"},
    {.name = "seed", .kind = OPT_SEED, .offset = OPT(seed), .def = "1", .arg = "S",
     .help = "random seed of --with cluster=METHOD"},
    {.name = NULL},
};

/* The format of a file name from its extension (ASCII case ignored): the
 * format whose registry parameter "extensions" lists it; -1 when none. */
static int format_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot || !dot[1]) return -1;
    char *ext = xstrdup(dot + 1);
    for (char *p = ext; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p += 'a' - 'A';
    int format = -1;
    flow_table *reg = NULL;
    if (flow_registry_list(&reg, "format") == FLOW_OK) {
        const flow_table *params = flow_table_part(reg, "parameters");
        size_t n = params ? flow_table_row_count(params) : 0;
        for (size_t r = 0; r < n && format < 0; r++) {
            if (strcmp(flow_table_text(params, 1, r), "extensions") != 0) continue;
            size_t k;
            char *list = xstrdup(flow_table_text(params, 3, r));
            for (char *p = list; *p; p++)
                if (*p == ' ') *p = ',';
            char **exts = cli_split(list, &k);
            for (size_t i = 0; i < k; i++)
                if (strcmp(exts[i], ext) == 0)
                    format = flow_registry_lookup("format", flow_table_text(params, 0, r));
            cli_free_list(exts);
            free(list);
        }
        flow_table_free(reg);
    }
    flow_error_clear();
    free(ext);
    return format;
}

/* "json|graphml|gexf|dot|gexf12", from the registry. */
static char *format_names(void)
{
    flow_table *reg = NULL;
    char *s = xstrdup("");
    if (flow_registry_list(&reg, "format") != FLOW_OK) {
        flow_error_clear();
        return s;
    }
    const char *const *name = flow_table_texts(reg, 0);
    for (size_t r = 0; r < flow_table_row_count(reg); r++) {
        char *t = xprintf("%s%s%s", s, r ? "|" : "", name[r]);
        free(s);
        s = t;
    }
    flow_table_free(reg);
    return s;
}

static int make_selection(cli_context *ctx, const export_options *o, flow_selection **out)
{
    const char *cmd = ctx->cmd->name;
    flow_selection *sel = NULL;
    int rc = flow_selection_new(&sel, ctx->net);
    if (rc == FLOW_OK && o->factors.n)
        rc = flow_selection_set_factors(sel, o->factors.items, o->factors.n);
    if (rc == FLOW_OK && o->years.first != FLOW_NO_YEAR)
        rc = flow_selection_set_years(sel, o->years.first, o->years.last);
    if (rc == FLOW_OK) rc = flow_selection_set_directed(sel, !o->undirected);
    if (rc == FLOW_OK && o->level) rc = flow_selection_set_level(sel, o->level);
    if (rc == FLOW_OK) rc = flow_selection_set_combine(sel, o->combine);
    if (rc == FLOW_OK) rc = flow_selection_build(sel);
    if (rc != FLOW_OK) {
        int status = cli_library_error(cmd, rc);
        flow_selection_free(sel);
        return status;
    }
    *out = sel;
    return EXIT_OK;
}

/* One --with: a centrality measure, or cluster=METHOD. */
static int compute(cli_context *ctx, flow_selection *sel, const char *what, uint64_t seed,
                   flow_table **out)
{
    const char *cmd = ctx->cmd->name;
    const char *eq = strchr(what, '=');
    int rc;
    if (eq) {
        if (strncmp(what, "cluster", (size_t)(eq - what)) != 0 || eq - what != 7)
            return cli_usage_error(cmd, "--with %s: the only KEY=VALUE form is cluster=METHOD",
                                   what);
        int method = flow_registry_lookup("cluster", eq + 1);
        if (method < 0) return cli_usage_error(cmd, "--with %s: %s", what, flow_last_error());
        flow_cluster_options co;
        flow_cluster_options_init(&co, FLOW_CLUSTER_OPTIONS_VERSION);
        co.seed = seed;
        rc = flow_cluster_detect(out, sel, method, &co);
    } else {
        int measure = flow_registry_lookup("centrality", what);
        if (measure < 0)
            return cli_usage_error(cmd, "--with %s: %s (or cluster=METHOD)", what,
                                   flow_last_error());
        rc = flow_centrality_compute(out, sel, measure, NULL);
    }
    return rc == FLOW_OK ? EXIT_OK : cli_library_error(cmd, rc);
}

static int run_export(cli_context *ctx, const void *options)
{
    const export_options *o = options;
    const char *cmd = ctx->cmd->name;
    int format = o->format;
    if (format < 0 && o->output) format = format_of(o->output);
    if (format < 0) {
        char *names = format_names();
        int rc = o->output ? cli_usage_error(cmd, "cannot tell the format of '%s' from its "
                                                  "extension: say which with --to %s",
                                             o->output, names)
                           : cli_usage_error(cmd, "say which format with --to %s", names);
        free(names);
        return rc;
    }
    int selection = o->factors.n || o->years.first != FLOW_NO_YEAR || o->undirected || o->level ||
                    o->combine != FLOW_COMBINE_SUM || o->with.n || format == FLOW_EXPORT_DOT;
    char *text = NULL;
    int rc, status = EXIT_OK;
    if (!selection) {
        rc = o->output ? flow_export_write(ctx->net, format, o->output)
                       : flow_export_string(&text, ctx->net, format);
    } else {
        flow_selection *sel = NULL;
        if ((status = make_selection(ctx, o, &sel)) != EXIT_OK) return status;
        flow_table **tables = xcalloc(o->with.n + 1, sizeof *tables);
        for (size_t i = 0; i < o->with.n && status == EXIT_OK; i++)
            status = compute(ctx, sel, o->with.items[i], o->seed, &tables[i]);
        rc = FLOW_OK;
        if (status == EXIT_OK)
            rc = flow_export_selection(o->output ? NULL : &text, sel,
                                       (const flow_table *const *)tables, o->with.n, format,
                                       o->output);
        for (size_t i = 0; i < o->with.n; i++) flow_table_free(tables[i]);
        free(tables);
        flow_selection_free(sel);
        if (status != EXIT_OK) return status;
    }
    if (rc != FLOW_OK) {
        if (o->output) {
            cli_error("%s", flow_last_error());
            return rc == FLOW_EINVAL ? EXIT_USAGE : EXIT_OTHER;
        }
        return cli_library_error(cmd, rc);
    }
    if (text) {
        fputs(text, stdout);
        flow_free(text);
    }
    return EXIT_OK;
}

const cli_command cli_cmd_export = {
    .name = "export",
    .summary = "write the network or a selection (with results) for Gephi, networkx, igraph",
    .usage = "DATA [--to FORMAT] [-o FILE] [selection] [--with RESULT]...",
    .about = "Writes the whole network (every node, factor, flow and group) for other tools.\n"
             "With --factor, --year, --undirected, --level, --combine share or --with, and\n"
             "always for DOT, writes that selection instead: one edge per pair (Graphviz lays\n"
             "it out), the --with results as node columns (Gephi's partition and ranking).\n"
             "GEXF is dynamic when flows have years: each edge's years are spells, for\n"
             "Gephi's timeline; gexf12 is the GEXF 1.2 that networkx 2.x reads. GraphML\n"
             "follows python-igraph: name = the node id, label = the display name.",
    .output = "the network or selection in the format, in FILE or on standard output.",
    .examples = "flowctl export data/china --to gexf -o china.gexf\n"
                "flowctl export data/china --factor technology --with pagerank "
                "--with cluster=leiden -o tech.gexf\n"
                "flowctl export data/china --year 2020 --undirected -o china.gv\n"
                "flowctl export data/china --to json",
    .options = export_spec,
    .options_size = sizeof(export_options),
    .flags = 0,
    .run = run_export,
};

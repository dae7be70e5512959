/*
 * cmd_export.c - flowctl export: the whole network in a file format for
 * other tools (flow_export_write(), flow_export_string()). It needs no
 * selection. The formats are the library's "format" registry; without
 * --to, the format follows the file's extension: a format's name (.json,
 * .graphml, .gexf, .dot), or .gv for DOT, as in the Python package's
 * Network.export().
 */
#include "flowctl.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int format; /* FLOW_EXPORT_*, -1 when not given */
    const char *output;
} export_options;

static const cli_option export_spec[] = {
    {.name = "to", .kind = OPT_REGISTRY, .offset = offsetof(export_options, format),
     .arg = "FORMAT", .choices = "format",
     .help = "the file format; may be left out when FILE ends in .json, .graphml, .gexf, .dot "
             "or .gv"},
    {.name = "output", .short_name = 'o', .kind = OPT_TEXT,
     .offset = offsetof(export_options, output), .arg = "FILE",
     .help = "the file to write (replaced whole, never half-written); standard output when "
             "not given"},
    {.name = NULL},
};

/* Extensions that are not a format's name. */
static const struct {
    const char *ext, *format;
} aliases[] = {{"gv", "dot"}};

/* The format of a file name from its extension (ASCII case ignored), or
 * -1. */
static int format_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot || !dot[1]) return -1;
    char *ext = xstrdup(dot + 1);
    for (char *p = ext; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p += 'a' - 'A';
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcmp(ext, aliases[i].ext) == 0) {
            free(ext);
            ext = xstrdup(aliases[i].format);
            break;
        }
    int format = flow_registry_lookup("format", ext);
    if (format < 0) flow_error_clear();
    free(ext);
    return format;
}

/* "json|graphml|gexf|dot", from the registry. */
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
    if (o->output) {
        int rc = flow_export_write(ctx->net, format, o->output);
        if (rc != FLOW_OK) {
            cli_error("%s", flow_last_error());
            return rc == FLOW_EINVAL ? EXIT_USAGE : EXIT_OTHER;
        }
        return EXIT_OK;
    }
    char *text = NULL;
    int rc = flow_export_string(&text, ctx->net, format);
    if (rc != FLOW_OK) return cli_library_error(cmd, rc);
    fputs(text, stdout);
    flow_free(text);
    return EXIT_OK;
}

const cli_command cli_cmd_export = {
    .name = "export",
    .summary = "write the network as JSON, GraphML, GEXF or DOT",
    .usage = "DATA --to FORMAT [-o FILE]",
    .about = "Writes the whole network (every node, factor, flow and group; selection\n"
             "options do not apply) for other tools.",
    .output = "the network in the format, in FILE or on standard output.",
    .examples = "flowctl export data/china --to gexf -o china.gexf\n"
                "flowctl export data/china --to json\n"
                "flowctl export data/china -o china.gv",
    .options = export_spec,
    .options_size = sizeof(export_options),
    .flags = 0,
    .run = run_export,
};

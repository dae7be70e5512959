/*
 * cmd_convert.c - flowctl convert IN OUT: another tool's file (GraphML,
 * GEXF, Pajek, an edge list: flow_io_import()) or a data set, written as a
 * libflow data set folder (nodes.csv, flows.csv, groups.csv) or, when OUT
 * ends in an export format's extension, in that format.
 *
 * The folder is written from the network's tables (flow_network_table()),
 * so that flow_io_load() reads back the same nodes, attributes, factors,
 * units, flows and groups. The command loads IN itself (CMD_OWN_DATA):
 * the import options (--from, --columns ...) decide how.
 */
#include "flowctl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct {
    int from; /* FLOW_INPUT_*, -1: detect */
    const char *columns;
    const char *delimiter;
    const char *default_factor;
    const char *default_year;
} convert_options;

#define OPT(field) offsetof(convert_options, field)

static const cli_option convert_spec[] = {
    {.name = "from", .kind = OPT_REGISTRY, .offset = OPT(from), .arg = "FORMAT",
     .choices = "input_format",
     .help = "the input format (default: from IN's extension, then its content)"},
    {.name = "columns", .kind = OPT_TEXT, .offset = OPT(columns), .arg = "MAP",
     .help = "edge-list columns by name, case ignored: "
             "source=Source,target=Target,weight=Weight[,factor=..,year=..,unit=..]"},
    {.name = "delimiter", .kind = OPT_TEXT, .offset = OPT(delimiter), .arg = "C",
     .help = "edge-list delimiter: one character, or comma, semicolon, tab, pipe, space "
             "(default: detected)"},
    {.name = "default-factor", .kind = OPT_TEXT, .offset = OPT(default_factor), .arg = "NAME",
     .help = "factor of flows that name none (default flow)"},
    {.name = "default-year", .kind = OPT_TEXT, .offset = OPT(default_year), .arg = "Y",
     .help = "year of flows that have none (default: none)"},
    {.name = NULL},
};

static int write_number(FILE *f, double x)
{
    char buf[64];
    if (isnan(x)) return 0;
    cli_format_number(buf, sizeof buf, x);
    return fputs(buf, f) < 0;
}

static FILE *open_in(const char *dir, const char *name, char **path)
{
    *path = xprintf("%s/%s", dir, name);
    return fopen(*path, "w");
}

/* nodes.csv, flows.csv and groups.csv (when there are groups) in dir. */
static int write_dataset(const flow_network *net, const char *dir)
{
    flow_table *nodes = NULL, *flows = NULL, *factors = NULL, *groups = NULL;
    char *path = NULL;
    FILE *f = NULL;
    int status = EXIT_OTHER;
    if (flow_network_table(&nodes, net, "nodes") != FLOW_OK ||
        flow_network_table(&flows, net, "flows") != FLOW_OK ||
        flow_network_table(&factors, net, "factors") != FLOW_OK ||
        flow_network_table(&groups, net, "groups") != FLOW_OK) {
        cli_error("%s", flow_last_error());
        goto done;
    }
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        cli_error("cannot create the folder '%s': %s", dir, strerror(errno));
        goto done;
    }
    /* nodes.csv: id,name,kind,parent, then the attributes */
    if (!(f = open_in(dir, "nodes.csv", &path))) goto io;
    size_t nc = flow_table_column_count(nodes), nn = flow_table_row_count(nodes);
    for (size_t c = 0; c < nc; c++) {
        if (c) fputc(',', f);
        cli_csv_field(f, flow_table_column_name(nodes, c));
    }
    fputc('\n', f);
    for (size_t r = 0; r < nn; r++) {
        for (size_t c = 0; c < nc; c++) {
            if (c) fputc(',', f);
            int type = flow_table_column_type(nodes, c);
            if (type == FLOW_COLUMN_DOUBLE) {
                write_number(f, flow_table_doubles(nodes, c)[r]);
            } else {
                const char *t = flow_table_text(nodes, c, r);
                if (t) cli_csv_field(f, t);
            }
        }
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        f = NULL;
        goto io;
    }
    f = NULL;
    free(path);
    path = NULL;

    /* flows.csv: source,target,factor,weight,year,unit */
    if (!(f = open_in(dir, "flows.csv", &path))) goto io;
    fputs("source,target,factor,weight,year,unit\n", f);
    const int64_t *year = flow_table_ints(flows, 4);
    const double *w = flow_table_doubles(flows, 3);
    for (size_t r = 0; r < flow_table_row_count(flows); r++) {
        const char *factor = flow_table_text(flows, 2, r);
        cli_csv_field(f, flow_table_text(flows, 0, r));
        fputc(',', f);
        cli_csv_field(f, flow_table_text(flows, 1, r));
        fputc(',', f);
        cli_csv_field(f, factor);
        fputc(',', f);
        write_number(f, w[r]);
        fputc(',', f);
        if (year[r] != FLOW_NO_YEAR) fprintf(f, "%lld", (long long)year[r]);
        fputc(',', f);
        int64_t k = flow_network_factor_index(net, factor);
        const char *unit = k >= 0 ? flow_table_text(factors, 1, (size_t)k) : NULL;
        if (unit) cli_csv_field(f, unit);
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        f = NULL;
        goto io;
    }
    f = NULL;
    free(path);
    path = NULL;

    /* groups.csv: group,member,role */
    path = xprintf("%s/groups.csv", dir);
    if (flow_table_row_count(groups)) {
        if (!(f = fopen(path, "w"))) goto io;
        fputs("group,member,role\n", f);
        for (size_t r = 0; r < flow_table_row_count(groups); r++) {
            cli_csv_field(f, flow_table_text(groups, 0, r));
            fputc(',', f);
            cli_csv_field(f, flow_table_text(groups, 1, r));
            fputc(',', f);
            const char *role = flow_table_text(groups, 2, r);
            if (role) cli_csv_field(f, role);
            fputc('\n', f);
        }
        if (fclose(f) != 0) {
            f = NULL;
            goto io;
        }
        f = NULL;
    } else {
        remove(path); /* a stale one would add groups */
    }
    /* the source's README travels with the data: its provenance, and the
     * caution of modelled flows, must not be lost on the way */
    flow_table *prov = NULL;
    if (flow_network_table(&prov, net, "provenance") == FLOW_OK && flow_table_row_count(prov)) {
        const char *readme = flow_table_text(prov, 0, 0);
        free(path);
        path = xprintf("%s/README.md", dir);
        FILE *in = readme ? fopen(readme, "rb") : NULL;
        struct stat st;
        if (in && stat(path, &st) != 0 && (f = fopen(path, "wb"))) {
            char buf[8192];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, f);
            int bad = fclose(f) != 0;
            f = NULL;
            if (bad) {
                fclose(in);
                flow_table_free(prov);
                goto io;
            }
        }
        if (in) fclose(in);
    }
    flow_table_free(prov);
    status = EXIT_OK;
    goto done;
io:
    cli_error("cannot write '%s': %s", path ? path : dir, strerror(errno));
done:
    if (f) fclose(f);
    free(path);
    flow_table_free(nodes);
    flow_table_free(flows);
    flow_table_free(factors);
    flow_table_free(groups);
    return status;
}

/* The export format of OUT's extension, or -1 (a folder). */
static int export_format_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot || !dot[1]) return -1;
    flow_table *reg = NULL;
    int format = -1;
    if (flow_registry_list(&reg, "format") != FLOW_OK) {
        flow_error_clear();
        return -1;
    }
    const flow_table *params = flow_table_part(reg, "parameters");
    for (size_t r = 0; params && r < flow_table_row_count(params) && format < 0; r++) {
        if (strcmp(flow_table_text(params, 1, r), "extensions") != 0) continue;
        size_t k;
        char *list = xstrdup(flow_table_text(params, 3, r));
        for (char *p = list; *p; p++)
            if (*p == ' ') *p = ',';
        char **exts = cli_split(list, &k);
        for (size_t i = 0; i < k; i++)
            if (strcasecmp(exts[i], dot + 1) == 0)
                format = flow_registry_lookup("format", flow_table_text(params, 0, r));
        cli_free_list(exts);
        free(list);
    }
    flow_table_free(reg);
    flow_error_clear();
    return format;
}

static int run_convert(cli_context *ctx, const void *options)
{
    const convert_options *o = options;
    const char *cmd = ctx->cmd->name;
    if (!ctx->target)
        return cli_usage_error(cmd, "missing OUT (a data set folder, or a file .graphml, "
                                    ".gexf, .json, .dot)");
    /* the import options, as flow_io_import() takes them */
    char *opts = xstrdup(o->columns ? o->columns : "");
    const struct {
        const char *key, *value;
    } extra[] = {{"delimiter", o->delimiter},
                 {"default_factor", o->default_factor},
                 {"default_year", o->default_year}};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        if (!extra[i].value) continue;
        if (strchr(extra[i].value, ',') && strcmp(extra[i].key, "delimiter") != 0) {
            free(opts);
            return cli_usage_error(cmd, "--%s must not hold a comma", extra[i].key);
        }
        char *t = xprintf("%s%s%s=%s", opts, *opts ? "," : "", extra[i].key,
                          strcmp(extra[i].value, ",") == 0 ? "comma" : extra[i].value);
        free(opts);
        opts = t;
    }
    flow_network *net = NULL;
    flow_io_options limits;
    cli_io_options(ctx->limits, &limits);
    int rc = flow_io_import_with(&net, ctx->data, o->from, *opts ? opts : NULL, &limits);
    free(opts);
    if (rc == FLOW_EINVAL) {
        cli_error("%s", flow_last_error());
        return EXIT_USAGE;
    }
    if (rc != FLOW_OK) return cli_load_error(rc);
    int status;
    int format = export_format_of(ctx->target);
    if (format >= 0) {
        rc = flow_export_write(net, format, ctx->target);
        status = rc == FLOW_OK ? EXIT_OK : EXIT_OTHER;
        if (rc != FLOW_OK) cli_error("%s", flow_last_error());
    } else {
        status = write_dataset(net, ctx->target);
    }
    if (status == EXIT_OK)
        printf("wrote %s: %zu nodes, %zu flows, %zu factors, %zu groups\n",
                ctx->target, flow_network_node_count(net), flow_network_flow_count(net),
                flow_network_factor_count(net), flow_network_group_count(net));
    flow_network_free(net);
    return status;
}

const cli_command cli_cmd_convert = {
    .name = "convert",
    .summary = "turn GraphML, GEXF, Pajek or an edge list into a libflow data set",
    .usage = "DATA OUT [--from FORMAT] [--columns MAP] [--delimiter C]",
    .about = "Reads DATA (GraphML, GEXF 1.1-1.3, Pajek .net, a delimited edge list such as\n"
             "Gephi's edge table, or a libflow data set) and writes OUT: a data set folder\n"
             "(nodes.csv, flows.csv, groups.csv) that every command reads, or, when OUT ends\n"
             "in .json, .graphml, .gexf, .dot or .gv, that format. Reading is all-or-nothing:\n"
             "an error names the file, line and column. Flows without a factor get\n"
             "--default-factor, without a year --default-year.",
    .output = "the files of OUT, and a one-line count.",
    .examples = "flowctl convert data/china china.graphml\n"
                "flowctl convert china.graphml china-again/\n"
                "flowctl convert data/china/flows.csv edges/ --columns "
                "source=SOURCE,target=TARGET,weight=WEIGHT --default-year 2020",
    .options = convert_spec,
    .options_size = sizeof(convert_options),
    .flags = CMD_OWN_DATA,
    .run = run_convert,
};

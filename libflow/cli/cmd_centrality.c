/*
 * cmd_centrality.c - flowctl centrality: one row per node with one column
 * per measure, ranked by the first measure. The measures, their names and
 * summaries come from the library's "centrality" registry: a new measure
 * needs no edit here.
 */
#include "flowctl.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    cli_list measures; /* registry names, checked */
    double damping;
    int length; /* FLOW_LENGTH_* */
    int normalized;
    long long sources; /* -1: not given */
    uint64_t seed;
} centrality_options;

#define OPT(field) offsetof(centrality_options, field)

static const cli_option centrality_spec[] = {
    {.name = "measure", .kind = OPT_REGISTRY_LIST, .offset = OPT(measures),
     .def = "pagerank,in_strength,out_strength,net_flow", .arg = "NAME", .choices = "centrality",
     .help = "a measure to compute (repeatable, or comma-separated); the result is ranked by "
             "the first"},
    {.name = "damping", .kind = OPT_NUMBER, .offset = OPT(damping), .def = "0.85", .arg = "D",
     .lo = 0, .hi = 1, .bounds = NUM_HI_OPEN, .help = "PageRank damping"},
    {.name = "length", .kind = OPT_REGISTRY, .offset = OPT(length), .def = "inverse",
     .arg = "NAME", .choices = "length",
     .help = "edge length of the path measures (betweenness, closeness, harmonic)"},
    {.name = "normalized", .kind = OPT_FLAG, .offset = OPT(normalized),
     .help = "normalised degrees, betweenness, closeness, harmonic"},
    {.name = "sources", .kind = OPT_COUNT, .offset = OPT(sources), .arg = "N",
     .help = "betweenness: an estimate from N source nodes drawn at random (at least 2; "
             "default: every node, exact, O(nodes x flows))"},
    {.name = "seed", .kind = OPT_SEED, .offset = OPT(seed), .def = "1", .arg = "S",
     .help = "seed of the --sources sample: the same seed, the same sample"},
    {.name = NULL},
};

/* Does one of the measures add the raw weights of the kept factors? A
 * weighted measure does (registry flag "weighted"), unless it takes path
 * lengths (a "length" parameter) and they are one per edge. */
static int adds_weights(const centrality_options *o)
{
    flow_table *reg = NULL;
    if (flow_registry_list(&reg, "centrality") != FLOW_OK) {
        flow_error_clear();
        return 1;
    }
    const char *const *name = flow_table_texts(reg, (size_t)flow_table_column_index(reg, "name"));
    const int64_t *weighted =
        flow_table_ints(reg, (size_t)flow_table_column_index(reg, "weighted"));
    const flow_table *params = flow_table_part(reg, "parameters");
    const char *const *entry =
        flow_table_texts(params, (size_t)flow_table_column_index(params, "entry"));
    const char *const *param =
        flow_table_texts(params, (size_t)flow_table_column_index(params, "name"));
    int adds = 0;
    for (size_t m = 0; m < o->measures.n && !adds; m++) {
        for (size_t r = 0; r < flow_table_row_count(reg); r++) {
            if (strcmp(name[r], o->measures.items[m]) != 0 || !weighted[r]) continue;
            int lengths = 0;
            for (size_t p = 0; p < flow_table_row_count(params); p++)
                lengths |= strcmp(entry[p], name[r]) == 0 && strcmp(param[p], "length") == 0;
            adds = !(lengths && o->length == FLOW_LENGTH_UNIT);
        }
    }
    flow_table_free(reg);
    return adds;
}

static int run_centrality(cli_context *ctx, const void *options)
{
    const centrality_options *o = options;
    size_t nm = o->measures.n;
    flow_table **t = xcalloc(nm, sizeof(flow_table *));
    flow_centrality_options co = FLOW_CENTRALITY_OPTIONS_INIT;
    int status = EXIT_OK;

    co.damping = o->damping;
    co.length = o->length;
    co.normalized = o->normalized;
    co.sources = o->sources > 0 ? (size_t)o->sources : 0;
    co.seed = o->seed;
    for (size_t m = 0; m < nm && status == EXIT_OK; m++) {
        int measure = flow_registry_lookup("centrality", o->measures.items[m]);
        int rc = measure < 0 ? measure : FLOW_OK;
        if (rc == FLOW_OK) {
            cli_progress_start(ctx, o->measures.items[m]);
            rc = flow_centrality_compute(&t[m], ctx->sel, measure, &co);
            cli_progress_end();
        }
        if (rc != FLOW_OK) status = cli_library_error(ctx->cmd->name, rc);
    }

    if (status == EXIT_OK) {
        /* one table per measure, all in vertex order: joined column by
         * column; the first measure's metadata wins */
        cli_view *v = view_new("centrality", flow_table_row_count(t[0]));
        view_column(v, t[0], "node", NULL);
        for (size_t m = 0; m < nm; m++) view_column(v, t[m], o->measures.items[m], NULL);
        for (size_t m = nm; m-- > 0;) view_meta_of(v, t[m]);
        view_meta(v, "analysis", "centrality");
        char *joined = xstrdup("");
        for (size_t m = 0; m < nm; m++) {
            char *s = xprintf("%s%s%s", joined, m ? "," : "", o->measures.items[m]);
            free(joined);
            joined = s;
        }
        view_meta(v, "measures", joined);
        free(joined);
        /* ranked by the first measure, largest first; ties keep vertex
         * order, undefined values (NAN) go last */
        view_rank(ctx, v, o->measures.items[0], 1);
        ctx->adds_weights = adds_weights(o);
        status = cli_render(ctx, v);
        view_free(v);
    }
    for (size_t m = 0; m < nm; m++) flow_table_free(t[m]);
    free(t);
    return status;
}

const cli_command cli_cmd_centrality = {
    .name = "centrality",
    .summary = "rank nodes: pagerank, strengths, net flow, betweenness...",
    .usage = "DATA [options]",
    .about = "Ranks the nodes of the selection by one or more centrality measures, sorted\n"
             "by the first measure (largest first). Weights are strengths: more flow is a\n"
             "stronger tie.",
    .output = "one row per node: id, name, kind and one column per measure, "
              "named after it; parameters measures and those of the measures (damping, "
              "length, normalized; betweenness: sources and, with a sample, seed).",
    .examples = "flowctl centrality data/china --factor technology --year 2022 --top 5\n"
                "flowctl centrality data/china --measure pagerank --measure betweenness --level "
                "region --combine share --name-attr name_zh\n"
                "flowctl centrality data/china --factor talent --measure in_strength,out_strength "
                "--sort out_strength --ascending --format csv",
    .options = centrality_spec,
    .options_size = sizeof(centrality_options),
    .flags = CMD_SELECTION,
    .run = run_centrality,
};

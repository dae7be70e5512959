/*
 * cmd_significance.c - flowctl significance: z-scores and p-values of group
 * cohesion, modularity, cluster-group agreement and brokerage against null
 * models, the library's table (flow_significance_test()) as it is: one row
 * per statistic, in the library's order.
 */
#include "flowctl.h"

#include <stddef.h>
#include <stdlib.h>

typedef struct {
    int test;   /* FLOW_TEST_* */
    cli_list groups;
    int null_model; /* -1: the test's own */
    int method;     /* FLOW_CLUSTER_* */
    long long samples;
    uint64_t seed;
} significance_options;

#define OPT(field) offsetof(significance_options, field)

static const cli_option significance_spec[] = {
    {.name = "test", .kind = OPT_REGISTRY, .offset = OPT(test), .def = "group_cohesion",
     .arg = "NAME", .choices = "test", .help = "what is tested"},
    {.name = "group", .kind = OPT_LIST, .offset = OPT(groups), .arg = "NAME",
     .help = "declared group(s) to test (repeatable, or comma-separated; default: every group; "
             "modularity: none)"},
    {.name = "null", .kind = OPT_REGISTRY, .offset = OPT(null_model), .arg = "NAME",
     .choices = "null", .help = "null model (default: the test's own)"},
    {.name = "method", .kind = OPT_REGISTRY, .offset = OPT(method), .def = "leiden",
     .arg = "NAME", .choices = "cluster",
     .help = "cluster method of the modularity and agreement tests"},
    {.name = "samples", .kind = OPT_COUNT, .offset = OPT(samples), .def = "1000", .arg = "N",
     .help = "null samples (p-values are (k + 1) / (N + 1))"},
    {.name = "seed", .kind = OPT_SEED, .offset = OPT(seed), .def = "1", .arg = "S",
     .help = "random seed: the same seed, the same result"},
    {.name = NULL},
};

static int run_significance(cli_context *ctx, const void *options)
{
    const significance_options *o = options;
    flow_significance_options so;
    flow_significance_options_init(&so, FLOW_SIGNIFICANCE_OPTIONS_VERSION);
    so.null_model = o->null_model < 0 ? FLOW_NULL_DEFAULT : o->null_model;
    if (o->samples > 1000000000LL)
        return cli_usage_error(ctx->cmd->name, "--samples %lld is too many", o->samples);
    so.samples = (int)o->samples;
    so.seed = o->seed;
    so.method = o->method;
    flow_table *t = NULL;
    cli_progress_start(ctx, "significance");
    int rc = flow_significance_test(&t, ctx->sel, o->test, o->groups.items, o->groups.n, &so);
    cli_progress_end();
    if (rc != FLOW_OK) return cli_library_error(ctx->cmd->name, rc);
    cli_view *v = view_of(t);
    int status = cli_render(ctx, v);
    view_free(v);
    flow_table_free(t);
    return status;
}

const cli_command cli_cmd_significance = {
    .name = "significance",
    .summary = "z-scores and p-values against null models",
    .usage = "DATA [--test NAME] [options]",
    .about = "Is a group more cohesive, a partition more modular, the agreement of clusters\n"
             "with declared groups higher, a brokerage role more frequent than chance?\n"
             "group_cohesion and modularity use the maximum-entropy weighted configuration\n"
             "model (every node's in- and out-strength kept in expectation); agreement\n"
             "permutes the groups' labels; brokerage uses R sna's random graph of the same\n"
             "density (its expected counts and z-scores). p-values are one-sided (upper\n"
             "tail): (k + 1) / (samples + 1), k the null samples at least as large as the\n"
             "observed value.",
    .output = "one row per statistic: group, statistic, observed, expected, std, z, p_value, "
              "n_null, null_mean, null_std, moments (analytic or sampled); scalar samples; "
              "metadata test, null, seed, groups, method.",
    .examples = "flowctl significance data/china --factor capital --year 2020 --test group_cohesion "
                "--group yangtze-river-delta\n"
                "flowctl significance data/china --test modularity --samples 200 --format json\n"
                "flowctl significance data/china --test brokerage --group "
                "yangtze-river-delta,greater-bay-area --format csv",
    .options = significance_spec,
    .options_size = sizeof(significance_options),
    .flags = CMD_SELECTION,
    .run = run_significance,
};

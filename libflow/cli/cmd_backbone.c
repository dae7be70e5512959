/*
 * cmd_backbone.c - flowctl backbone: the disparity-filter backbone, the
 * library's edge table (flow_structure_backbone()) ranked by p-value.
 */
#include "flowctl.h"

#include <stddef.h>

typedef struct {
    double alpha;
} backbone_options;

static const cli_option backbone_spec[] = {
    {.name = "alpha", .kind = OPT_NUMBER, .offset = offsetof(backbone_options, alpha),
     .def = "0.05", .arg = "A", .lo = 0, .hi = 1, .bounds = NUM_LO_OPEN | NUM_HI_OPEN,
     .help = "significance level"},
    {.name = NULL},
};

static int run_backbone(cli_context *ctx, const void *options)
{
    const backbone_options *o = options;
    flow_table *e = NULL;
    cli_progress_start(ctx, "backbone");
    int rc = flow_structure_backbone(&e, ctx->sel, o->alpha);
    cli_progress_end();
    if (rc != FLOW_OK) return cli_library_error(ctx->cmd->name, rc);

    cli_view *v = view_of(e);
    /* smallest p-value first, then heaviest; the library's order breaks
     * ties (stable sorts: the second key first) */
    view_sort(ctx, v, "weight", 1);
    view_rank(ctx, v, "p_value", 0);
    int status = cli_render(ctx, v);
    view_free(v);
    flow_table_free(e);
    return status;
}

const cli_command cli_cmd_backbone = {
    .name = "backbone",
    .summary = "the significant flows (disparity filter)",
    .usage = "DATA [options]",
    .about = "The disparity-filter backbone (Serrano, Boguna, Vespignani 2009): the flows\n"
             "that are significantly strong for their source or their target, filtered\n"
             "per factor. Ranked by p-value (smallest first), then weight.",
    .output = "one row per backbone edge: source, target, factor, weight, "
              "p_value; parameter alpha.",
    .examples = "flowctl backbone data/china --factor capital --year 2022 --alpha 0.01\n"
                "flowctl backbone data/china --factor technology --year 2016-2018 --sort weight",
    .options = backbone_spec,
    .options_size = sizeof(backbone_options),
    .flags = CMD_SELECTION,
    .run = run_backbone,
};

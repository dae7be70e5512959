/*
 * china_summary: loads a data set and prints its summary, then the summary
 * of one factor over a year range rolled up to regions.
 *
 *     china_summary data/china
 */
#include <stdio.h>
#include <stdlib.h>

#include <libflow.h>

static int fail(const char *what)
{
    fprintf(stderr, "china_summary: %s: %s\n", what, flow_last_error());
    return flow_last_error_code() == FLOW_EPARSE || flow_last_error_code() == FLOW_ENOTFOUND ? 3 : 1;
}

/* Prints the summary table: its scalars, then its parts row by row. */
static int print_summary(flow_selection *sel, const char *title)
{
    flow_table *s = NULL;
    if (flow_summary_compute(&s, sel) < 0) return -1;
    printf("== %s\n", title);
    printf("nodes %.0f, edges %.0f, flows %.0f, density %.4g, reciprocity %.4g (weighted %.4g)\n",
           flow_table_scalar(s, "nodes"), flow_table_scalar(s, "edges"),
           flow_table_scalar(s, "flows"), flow_table_scalar(s, "density"),
           flow_table_scalar(s, "reciprocity"), flow_table_scalar(s, "weighted_reciprocity"));
    for (size_t p = 0; p < flow_table_part_count(s); p++) {
        const flow_table *part = flow_table_part_at(s, p);
        printf("\n%s:\n", flow_table_name(part));
        for (size_t r = 0; r < flow_table_row_count(part); r++) {
            for (size_t c = 0; c < flow_table_column_count(part); c++) {
                const char *name = flow_table_column_name(part, c);
                switch (flow_table_column_type(part, c)) {
                case FLOW_COLUMN_TEXT:
                    printf("  %s %s", name, flow_table_text(part, c, r));
                    break;
                case FLOW_COLUMN_INT:
                    if (flow_table_ints(part, c)[r] == FLOW_NO_YEAR)
                        printf("  %s -", name); /* undated flows */
                    else
                        printf("  %s %lld", name, (long long)flow_table_ints(part, c)[r]);
                    break;
                default:
                    printf("  %s %.6g", name, flow_table_doubles(part, c)[r]);
                }
            }
            printf("\n");
        }
    }
    printf("\n");
    flow_table_free(s);
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "data/china";
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    int rc = 0;

    printf("libflow %s\n\n", flow_version());
    if (flow_io_load(&net, path) < 0) return fail(path);
    if (flow_selection_new(&sel, net) < 0 || print_summary(sel, path) < 0) {
        rc = fail("summary");
        goto done;
    }
    const char *tech[] = {"technology"};
    if (flow_network_factor_index(net, "technology") >= 0) {
        if (flow_selection_set_factors(sel, tech, 1) < 0 ||
            flow_selection_set_years(sel, 2020, 2022) < 0 ||
            (flow_network_node_index(net, "CN-BJ") >= 0 && flow_selection_set_level(sel, "region") < 0) ||
            print_summary(sel, "technology flows 2020-2022, rolled up to regions") < 0)
            rc = fail("selection");
    }
done:
    flow_selection_free(sel);
    flow_network_free(net);
    return rc;
}

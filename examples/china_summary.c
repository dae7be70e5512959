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

static int print_summary(flow_selection *sel, const char *title)
{
    flow_summary *s = NULL;
    char *text = NULL;
    if (flow_summary_new(&s, sel) < 0 || flow_summary_format(&text, s, FLOW_FORMAT_TEXT) < 0) {
        flow_summary_free(s);
        return -1;
    }
    printf("== %s\n%s\n", title, text);
    flow_free(text);
    flow_summary_free(s);
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

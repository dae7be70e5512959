/*
 * study_openness: international openness. Where do countries and China's
 * regions stand in the international flows of capital and technology, year
 * by year, and how did their positions move?
 *
 *     study_openness [DATA]          (default data/china)
 *
 * Method (every number comes from libflow on the data set):
 *  - the international flows: a network built in code from the data set,
 *    with every node (and its parent) and only the flows whose two ends lie
 *    in different countries (the roots of the parent forest differ: a
 *    region's root is CN, a foreign country is its own root);
 *  - one selection per factor (capital, technology), rolled up to regions
 *    (institutions and cities count with their region), directed;
 *  - per year (flow_structure_series()): PageRank (damping 0.85), hubs (the
 *    sources of international flow), authorities (its absorbers) and net
 *    flow (sent - received); a node without international flows in a year
 *    is absent that year;
 *  - rank movement: PageRank ranks among the nodes present in both the
 *    first and the last year; positive = moved up;
 *  - openness of a Chinese region: its international strength (sent +
 *    received) over its strength in the whole network (strength series on
 *    both networks).
 *
 * Provenance: the report's opening names DATA/README.md when the data folder
 * has one, and cautions that the flows are modelled when the README says so
 * (data/china's are: a gravity model, not observations).
 *
 * Exit status: 0 ok, 3 bad data, 1 any other failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libflow.h>

#define PROG "study_openness"

static const char *const FACTORS[] = {"capital", "technology"};
#define NFACTORS (sizeof FACTORS / sizeof FACTORS[0])

/* The per-year measures, in table order. */
static const char *const MEASURES[] = {"pagerank", "hub", "authority", "net_flow", "strength"};
enum { PR, HUB, AUTH, NET, STR, NMEASURES };

#include "study_common.h" /* errors, loading, provenance, the reading */

/* ---- helpers ------------------------------------------------------------- */

static int is_nan(double x)
{
    return x != x;
}

/* The root of node i in the parent forest (its country). */
static size_t root_of(const net_data *d, size_t i)
{
    int64_t p;
    size_t steps = 0;
    while ((p = d->parent[i]) >= 0 && steps++ < d->nn) i = (size_t)p;
    return i;
}

/* The international part of a network: every node, parent and factor, and
 * the flows whose ends have different roots. */
static int international(flow_network **out, const net_data *d, size_t *kept)
{
    flow_network *c = NULL;
    size_t n = d->nn;
    *out = NULL;
    *kept = 0;
    if (flow_network_new(&c) < 0) return fail("new network");
    for (size_t i = 0; i < n; i++)
        if (flow_network_add_node(c, d->id[i], d->name[i], d->kind[i], NULL) < 0) goto error;
    for (size_t i = 0; i < n; i++) {
        int64_t p = d->parent[i];
        if (p >= 0 && flow_network_set_parent(c, d->id[i], d->id[p]) < 0) goto error;
    }
    for (size_t f = 0; f < d->nf; f++)
        if (flow_network_add_factor(c, d->factor[f], d->unit[f]) < 0) goto error;
    for (size_t k = 0; k < d->nk; k++) {
        size_t s = (size_t)d->source[k], t = (size_t)d->target[k];
        if (root_of(d, s) == root_of(d, t)) continue;
        if (flow_network_add_flow(c, d->id[s], d->id[t], d->flow_factor[k], d->weight[k],
                                  (int)d->year[k]) < 0)
            goto error;
        (*kept)++;
    }
    *out = c;
    return 0;
error:
    flow_network_free(c);
    return fail("building the international network");
}

/* Reading a series table (flow_structure_series()): rows grouped by year,
 * column 0 the node, column 2 the values; part "years" lists the years. */
static size_t series_year_count(const flow_table *s)
{
    return flow_table_row_count(flow_table_part(s, "years"));
}
static size_t series_node_count(const flow_table *s)
{
    size_t ny = series_year_count(s);
    return ny ? flow_table_row_count(s) / ny : 0;
}
static int series_year(const flow_table *s, size_t y)
{
    return (int)flow_table_ints(flow_table_part(s, "years"), 0)[y];
}
static const double *series_values(const flow_table *s, size_t y)
{
    return flow_table_doubles(s, 2) + y * series_node_count(s);
}
static double series_value(const flow_table *s, size_t y, size_t v)
{
    return series_values(s, y)[v];
}
static int64_t series_node(const flow_table *s, size_t v) { return flow_table_ints(s, 0)[v]; }
static const char *series_id(const flow_table *s, size_t v) { return flow_table_text(s, 0, v); }

/* Ranks (1 = largest) of the values of vertices where `mask` is set; 0 elsewhere. */
static int ranks_of(size_t *rank, const double *values, const char *mask, size_t n)
{
    size_t *order = malloc((n + 1) * sizeof *order), r = 0;
    if (!order) return oom();
    if (flow_structure_rank(order, values, n, 1) < 0) {
        free(order);
        return fail("rank");
    }
    for (size_t v = 0; v < n; v++) rank[v] = 0;
    for (size_t i = 0; i < n; i++)
        if (mask[order[i]]) rank[order[i]] = ++r;
    free(order);
    return 0;
}

/* One factor: the tables and its reading. */
static int study_factor(flow_network *net, const net_data *d, flow_network *intl,
                        const char *factor)
{
    flow_selection *si = NULL, *sa = NULL;
    flow_table *s[NMEASURES] = {NULL}, *total = NULL;
    size_t n = 0, ny = 0, *order = NULL, *r0 = NULL, *r1 = NULL;
    char *both = NULL, *chinese = NULL;
    const double *pr_last = NULL;
    int rc = 0;
    size_t present = 0, n_cn = 0, n_foreign = 0;
    int64_t fi = flow_network_factor_index(net, factor);
    const char *unit = unit_of(d, (size_t)fi);

    if (flow_selection_new(&si, intl) < 0 || flow_selection_set_factors(si, &factor, 1) < 0 ||
        flow_selection_set_level(si, "region") < 0 || flow_selection_new(&sa, net) < 0 ||
        flow_selection_set_factors(sa, &factor, 1) < 0 || flow_selection_set_level(sa, "region") < 0) {
        rc = fail("selection");
        goto done;
    }
    for (int m = 0; m < NMEASURES; m++)
        if (flow_structure_series(&s[m], si, MEASURES[m], NULL) < 0) {
            rc = fail(MEASURES[m]);
            goto done;
        }
    if (flow_structure_series(&total, sa, "strength", NULL) < 0) {
        rc = fail("strength");
        goto done;
    }
    n = series_node_count(s[PR]);
    ny = series_year_count(s[PR]);
    if (ny == 0) {
        printf("\n== %s (%s): positions in international flows\n\n", factor, unit);
        printf("No dated international %s flows in the data set.\n", factor);
        printf("\n-- Reading (%s)\n\n", factor);
        para("No %s crosses a national border in this data set, so no country or region has an "
             "international %s position to rank.", factor, factor);
        para_flush();
        goto done;
    }
    order = malloc((n + 1) * sizeof *order);
    r0 = malloc((n + 1) * sizeof *r0);
    r1 = malloc((n + 1) * sizeof *r1);
    both = calloc(n + 1, 1);
    chinese = calloc(n + 1, 1);
    if (!order || !r0 || !r1 || !both || !chinese) {
        rc = oom();
        goto done;
    }
    /* which vertices are present in the first and last years, which are Chinese */
    {
        int64_t cn_root = -1;
        for (size_t v = 0; v < n; v++) {
            size_t i = (size_t)series_node(s[PR], v);
            both[v] = !is_nan(series_value(s[PR], 0, v)) && !is_nan(series_value(s[PR], ny - 1, v));
            if (strcmp(d->kind[i], "region") == 0) cn_root = (int64_t)root_of(d, i);
        }
        for (size_t v = 0; v < n; v++) {
            size_t i = (size_t)series_node(s[PR], v);
            chinese[v] = cn_root >= 0 && (int64_t)root_of(d, i) == cn_root;
            if (!is_nan(series_value(s[PR], ny - 1, v))) {
                present++;
                if (chinese[v])
                    n_cn++;
                else
                    n_foreign++;
            }
        }
    }
    if ((rc = ranks_of(r0, series_values(s[PR], 0), both, n)) != 0 ||
        (rc = ranks_of(r1, series_values(s[PR], ny - 1), both, n)) != 0)
        goto done;
    pr_last = series_values(s[PR], ny - 1);
    if (flow_structure_rank(order, pr_last, n, 1) < 0) {
        rc = fail("rank");
        goto done;
    }
    int y0 = series_year(s[PR], 0), y1 = series_year(s[PR], ny - 1);

    printf("\n== %s (%s): positions in international flows, %d-%d\n\n", factor, unit, y0, y1);
    printf("%zu nodes take part in %d: %zu foreign countries and %zu Chinese regions or institutions.\n\n",
           present, y1, n_foreign, n_cn);
    printf("PageRank by year (damping 0.85), nodes present in %d:\n", y1);
    printf("%-8s", "node");
    for (size_t y = 0; y < ny; y++) printf(" %7d", series_year(s[PR], y));
    printf(" %5s %5s %5s\n", "rank0", "rank1", "move");
    for (size_t i = 0; i < n; i++) {
        size_t v = order[i];
        if (is_nan(pr_last[v])) continue;
        printf("%-8s", series_id(s[PR], v));
        for (size_t y = 0; y < ny; y++) {
            double x = series_value(s[PR], y, v);
            if (is_nan(x))
                printf(" %7s", "-");
            else
                printf(" %7.4f", x);
        }
        if (both[v])
            printf(" %5zu %5zu %+5lld\n", r0[v], r1[v], (long long)r0[v] - (long long)r1[v]);
        else
            printf(" %5s %5s %5s\n", "-", "-", "new");
    }
    printf("(rank0 = rank in %d, rank1 = in %d, among the nodes present in both years;\n"
           " move > 0: moved up)\n", y0, y1);

    printf("\nSources and absorbers in %d, net flow then and now, openness of Chinese regions:\n", y1);
    printf("%-8s %-22s %7s %9s %12s %12s %9s %9s\n", "node", "name", "hub", "authority", "net flow",
           "net flow", "open", "open");
    printf("%-8s %-22s %7s %9s %12d %12d %9d %9d\n", "", "", "", "", y0, y1, y0, y1);
    for (size_t i = 0; i < n; i++) {
        size_t v = order[i];
        char o0[32], o1[32], n0[32];
        if (is_nan(pr_last[v])) continue;
        double nf0 = series_value(s[NET], 0, v);
        if (is_nan(nf0))
            snprintf(n0, sizeof n0, "-");
        else
            snprintf(n0, sizeof n0, "%+.2f", nf0);
        snprintf(o0, sizeof o0, "-");
        snprintf(o1, sizeof o1, "-");
        if (chinese[v]) {
            double a0 = series_value(s[STR], 0, v), t0 = series_value(total, 0, v);
            double a1 = series_value(s[STR], ny - 1, v), t1 = series_value(total, ny - 1, v);
            if (!is_nan(a0) && t0 > 0) snprintf(o0, sizeof o0, "%.1f%%", 100.0 * a0 / t0);
            if (!is_nan(a1) && t1 > 0) snprintf(o1, sizeof o1, "%.1f%%", 100.0 * a1 / t1);
        }
        printf("%-8s %-22.22s %7.3f %9.3f %12s %+12.2f %9s %9s\n", series_id(s[PR], v),
               d->name[series_node(s[PR], v)],
               series_value(s[HUB], ny - 1, v), series_value(s[AUTH], ny - 1, v), n0,
               series_value(s[NET], ny - 1, v), o0, o1);
    }
    printf("(hub, authority: HITS scores, the largest = 1; net flow = sent - received, %s;\n"
           " open = international share of the region's %s flows, sent + received)\n", unit, factor);

    /* ---- reading ---- */
    printf("\n-- Reading (%s)\n\n", factor);
    {
        size_t top = order[0], hub = 0, auth = 0, exp = 0, imp = 0, up = 0, down = 0, most_open = 0;
        int have_up = 0, have_down = 0, have_open = 0, first = 1;
        double best_open = -1, sum0 = 0, sum1 = 0;
        size_t nopen = 0;
        for (size_t v = 0; v < n; v++) {
            if (is_nan(pr_last[v])) continue;
            if (first) hub = auth = exp = imp = v, first = 0;
            if (series_value(s[HUB], ny - 1, v) > series_value(s[HUB], ny - 1, hub)) hub = v;
            if (series_value(s[AUTH], ny - 1, v) > series_value(s[AUTH], ny - 1, auth)) auth = v;
            if (series_value(s[NET], ny - 1, v) > series_value(s[NET], ny - 1, exp)) exp = v;
            if (series_value(s[NET], ny - 1, v) < series_value(s[NET], ny - 1, imp)) imp = v;
            if (both[v]) {
                long long mv = (long long)r0[v] - (long long)r1[v];
                if (mv > 0 && (!have_up || mv > (long long)r0[up] - (long long)r1[up])) up = v, have_up = 1;
                if (mv < 0 && (!have_down || mv < (long long)r0[down] - (long long)r1[down]))
                    down = v, have_down = 1;
            }
            if (chinese[v]) {
                double a0 = series_value(s[STR], 0, v), t0 = series_value(total, 0, v);
                double a1 = series_value(s[STR], ny - 1, v), t1 = series_value(total, ny - 1, v);
                if (!is_nan(a1) && t1 > 0 && a1 / t1 > best_open) best_open = a1 / t1, most_open = v, have_open = 1;
                if (!is_nan(a0) && t0 > 0 && !is_nan(a1) && t1 > 0) {
                    sum0 += a0 / t0;
                    sum1 += a1 / t1;
                    nopen++;
                }
            }
        }
#define NAME(v) d->name[series_node(s[PR], (v))]
        para("In %d, %s holds the highest PageRank in international %s flows (%.4f).", y1, NAME(top),
             factor, pr_last[top]);
        para(" The main source is %s (hub score %.3f) and the main absorber %s (authority %.3f);",
             NAME(hub), series_value(s[HUB], ny - 1, hub), NAME(auth),
             series_value(s[AUTH], ny - 1, auth));
        para(" the largest net exporter is %s (%+.2f %s), the largest net importer %s (%+.2f).",
             NAME(exp), series_value(s[NET], ny - 1, exp), unit, NAME(imp),
             series_value(s[NET], ny - 1, imp));
        para_flush();
        if (have_up || have_down) {
            para("From %d to %d", y0, y1);
            if (have_up)
                para(" %s climbed the most (rank %zu to %zu)", NAME(up), r0[up], r1[up]);
            if (have_up && have_down) para(" and");
            if (have_down)
                para(" %s fell the most (rank %zu to %zu)", NAME(down), r0[down], r1[down]);
            para(".");
        } else {
            para("From %d to %d the PageRank order did not change.", y0, y1);
        }
        para_flush();
        if (have_open) {
            para("The most open Chinese region is %s: %.1f%% of its %s flows cross the border.",
                 NAME(most_open), 100.0 * best_open, factor);
            if (nopen > 0) {
                char a[32], b[32];
                snprintf(a, sizeof a, "%.1f%%", 100.0 * sum0 / (double)nopen);
                snprintf(b, sizeof b, "%.1f%%", 100.0 * sum1 / (double)nopen);
                para(" On average over the %zu regions present in both years, the international "
                     "share", nopen);
                if (strcmp(a, b) == 0)
                    para(" stayed at %s.", a);
                else
                    para(" went from %s to %s.", a, b);
            }
            para_flush();
        }
#undef NAME
    }

done:
    free(chinese);
    free(both);
    free(r1);
    free(r0);
    free(order);
    flow_table_free(total);
    for (int m = 0; m < NMEASURES; m++) flow_table_free(s[m]);
    flow_selection_free(sa);
    flow_selection_free(si);
    return rc;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "data/china";
    flow_network *net = NULL, *intl = NULL;
    net_data d; /* net, read in bulk */
    size_t kept = 0;
    int rc = 0;

    memset(&d, 0, sizeof d);
    if ((rc = load_data_set(&net, path)) != 0) return rc;
    if ((rc = read_network(&d, net)) != 0) goto done;
    for (size_t f = 0; f < NFACTORS; f++)
        if (flow_network_factor_index(net, FACTORS[f]) < 0) {
            rc = bad_data("%s: no factor '%s' in the flows", path, FACTORS[f]);
            goto done;
        }
    {
        int regions = 0;
        for (size_t i = 0; i < d.nn; i++) regions |= strcmp(d.kind[i], "region") == 0;
        if (!regions) {
            rc = bad_data("%s: no node of kind 'region' (nodes.csv)", path);
            goto done;
        }
    }
    if ((rc = international(&intl, &d, &kept)) != 0) goto done;
    printf("Openness study: countries and China's regions in international flows\n");
    printf("libflow %s; data set %s; level region; directed\n", flow_version(), path);
    printf("International flows: %zu of the data set's %zu flows cross a national border.\n",
           kept, flow_network_flow_count(net));
    if ((rc = provenance(net)) != 0) goto done;
    for (size_t f = 0; f < NFACTORS && rc == 0; f++) rc = study_factor(net, &d, intl, FACTORS[f]);

done:
    net_data_free(&d);
    flow_network_free(intl);
    flow_network_free(net);
    return rc;
}

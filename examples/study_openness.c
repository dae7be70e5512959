/*
 * study_openness: China's position in the world's flows, year by year,
 * where the data set can say it; and what a data set that cannot say it
 * holds instead.
 *
 *     study_openness [DATA] [--groups FILE] [--year Y | --years A-B] [--assumptions DIR]
 *
 * DATA defaults to data/china (modelled); data/openalex-coauthorship (the
 * OpenAlex country co-authorship network, observed) is the data set that
 * can place China in the world. `study_openness --help` says what a data
 * set must contain.
 *
 * Method (every number comes from libflow on the data set). The countries
 * are the roots of the parent forest; China is the node CN (its regions and
 * institutions count with it). The world question needs flows between
 * countries other than China; when the data set has some:
 *  - per year, on the flows between countries taken as undirected ties
 *    (both directions summed): China's strength and its share of all the
 *    weight between countries; PageRank (damping 0.85) and China's rank
 *    among the countries with a tie that year (1 + those strictly above);
 *    brokerage across the declared groups (Gould-Fernandez, all roles, as
 *    counts of two-paths) against its expected count (sna's), as a z-score;
 *    the Leiden cluster (seed 1) China falls in, its size and the
 *    partition's modularity; in the latest year, over seeds 1 to 10, the
 *    cluster's size and how often China's largest partner is in it;
 *  - per year, the excess over gravity: flow_gravity_fit() on the flows
 *    between countries made symmetric (each tie both ways), with origin and
 *    destination fixed effects and a same-group term (no distance: a data
 *    set without lat and lon has none); observed / expected for China's
 *    largest partner, and in the latest year for its ten largest;
 * When it has none (data/china: every flow abroad runs between China and a
 * partner country), the study says so, counts what there is (international
 * flows per factor and partner, regions' shares), and ranks nothing whose
 * order is not in the data.
 *
 * Exit status: 0 ok, 3 bad data (unreadable, inconsistent, or lacking what
 * the study needs), 2 bad usage, 1 any other failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libflow.h>

#define PROG "study_openness"
#define FOCUS "CN"
#define TOP 10
#define SEEDS 10 /* Leiden seeds for the stability of China's cluster */

#include "study_common.h" /* errors, loading, options, sensitivity, the reading */

static const char SYNOPSIS[] =
    "China's position in the world's flows year by year: PageRank rank and value,\n"
    "brokerage across the declared groups, cluster membership and the excess over a\n"
    "gravity expectation. On a data set without flows between other countries (as\n"
    "data/china), what it holds instead: the international flows per factor.";
static const char NEEDS[] =
    "  - the node CN (China) with dated flows (a year column);\n"
    "  - for China's position in the world: flows between countries other than\n"
    "    China (countries: the roots of the parent forest), and declared groups\n"
    "    (groups.csv, e.g. continents) for brokerage and the gravity term;\n"
    "  - otherwise: nodes of kind 'region' under CN and flows to or from\n"
    "    countries abroad.";

/* ---- small helpers ---------------------------------------------------------- */

/* The root of node i in the parent forest. */
static size_t root_of(const net_data *d, size_t i)
{
    size_t steps = 0;
    while (d->parent[i] >= 0 && steps++ < d->nn) i = (size_t)d->parent[i];
    return i;
}

/* The sorted distinct years of the flows, within the options' range. */
static int years_of(int **out, size_t *ny, const net_data *d, const study_options *o)
{
    int *y = malloc((d->nk + 1) * sizeof *y);
    size_t n = 0;
    if (!y) return oom();
    for (size_t k = 0; k < d->nk; k++) {
        int v = (int)d->year[k], seen = 0;
        if (v == FLOW_NO_YEAR) continue;
        if (o->year_from != FLOW_NO_YEAR && (v < o->year_from || v > o->year_to)) continue;
        for (size_t i = 0; i < n && !seen; i++) seen = y[i] == v;
        if (!seen) y[n++] = v;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && y[j - 1] > y[j]; j--) {
            int t = y[j];
            y[j] = y[j - 1];
            y[j - 1] = t;
        }
    *out = y;
    *ny = n;
    return 0;
}

/* A weight: whole above 100 in magnitude, two decimals below. */
static const char *num(char *buf, size_t size, double x)
{
    snprintf(buf, size, (x >= 100 || x <= -100) ? "%.0f" : "%.2f", x);
    return buf;
}

/* For sorting indexes by a value, descending, ties by index. */
static const double *sort_key;
static int by_key_desc(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (sort_key[i] != sort_key[j]) return sort_key[i] > sort_key[j] ? -1 : 1;
    return i < j ? -1 : (i > j);
}

/* ---- the world: China among the countries ------------------------------------ */

typedef struct {
    double strength, share, pagerank, z, expected, modularity, partner_obs, partner_exp;
    int64_t rank, countries, brokerage, cluster_size, clusters, partner; /* partner: node, -1 */
} year_row;

/* The symmetric copy of the network for the gravity fit: every node and
 * group, each flow in the years both ways (a pair's weight both ways is its
 * undirected weight). */
static int symmetric(flow_network **out, const net_data *d, int from, int to)
{
    flow_network *sym = NULL;
    *out = NULL;
    if (flow_network_new(&sym) < 0) return fail("new network");
    for (size_t i = 0; i < d->nn; i++)
        if (flow_network_add_node(sym, d->id[i], d->name[i], d->kind[i], NULL) < 0) goto error;
    for (size_t g = 0; g < d->ng; g++)
        for (size_t m = 0; m < d->size[g]; m++)
            if (flow_network_add_member(sym, group_name(d, g), d->id[group_member(d, g, m)], NULL) < 0)
                goto error;
    if (flow_network_add_factor(sym, d->factor[0], d->unit[0]) < 0) goto error;
    for (size_t k = 0; k < d->nk; k++) {
        const char *s = d->id[d->source[k]], *t = d->id[d->target[k]];
        int y = (int)d->year[k];
        if (y == FLOW_NO_YEAR || y < from || y > to || d->source[k] == d->target[k]) continue;
        if (flow_network_add_flow(sym, s, t, d->factor[0], d->weight[k], y) < 0 ||
            flow_network_add_flow(sym, t, s, d->factor[0], d->weight[k], y) < 0)
            goto error;
    }
    *out = sym;
    return 0;
error:
    flow_network_free(sym);
    return fail("copying the network");
}

static int world(flow_network *net, const net_data *d, const study_options *o, const int *years,
                 size_t ny, int64_t cn)
{
    int rc = 0, latest = years[ny - 1], first = years[0];
    char b1[64], b2[64];
    year_row *row = calloc(ny + 1, sizeof *row);
    double *strength = calloc(d->nn + 1, sizeof *strength);
    double *obs = calloc(d->nn + 1, sizeof *obs), *ex = calloc(d->nn + 1, sizeof *ex);
    size_t *order = malloc((d->nn + 1) * sizeof *order), *members = malloc((d->nn + 1) * sizeof *members);
    int64_t *cluster_of = malloc((d->nn + 1) * sizeof *cluster_of);
    const char **group_names = malloc((d->ng + 1) * sizeof *group_names);
    size_t nmembers = 0, npartners = 0;
    flow_network *sym = NULL;
    const char *factor = d->factor[0];

    if (!row || !strength || !obs || !ex || !order || !members || !cluster_of || !group_names) {
        rc = oom();
        goto out;
    }
    if (d->nf != 1) {
        rc = bad_data("%s: the world study needs one factor; this data set has %zu", o->data, d->nf);
        goto out;
    }
    if (d->ng == 0) {
        rc = need(o->data, "declared groups (groups.csv)", "brokerage and the gravity term");
        goto out;
    }
    if (o->assumptions) {
        fprintf(stderr, "%s: --assumptions: %s is not a modelled data set; see %s --help\n", PROG,
                o->data, PROG);
        rc = 2;
        goto out;
    }
    for (size_t g = 0; g < d->ng; g++) group_names[g] = group_name(d, g);
    if ((rc = symmetric(&sym, d, first, latest)) != 0) goto out;

    for (size_t y = 0; y < ny && rc == 0; y++) {
        year_row *r = &row[y];
        flow_selection *sel = NULL, *gsel = NULL;
        flow_table *pr = NULL, *br = NULL, *cl = NULL, *fit = NULL;
        flow_gravity_options go;
        double total = 0;
        memset(strength, 0, d->nn * sizeof *strength);
        for (size_t k = 0; k < d->nk; k++) {
            if ((int)d->year[k] != years[y] || d->source[k] == d->target[k]) continue;
            strength[d->source[k]] += d->weight[k];
            strength[d->target[k]] += d->weight[k];
            total += d->weight[k];
        }
        r->strength = strength[cn];
        r->share = total > 0 ? 100.0 * strength[cn] / total : 0.0;
        r->partner = -1;
        flow_gravity_options_init(&go, FLOW_GRAVITY_OPTIONS_VERSION);
        go.distance = FLOW_GRAVITY_DISTANCE_NONE;
        go.same_group_any = 1;
        if (flow_selection_new(&sel, net) < 0 || flow_selection_set_years(sel, years[y], years[y]) < 0 ||
            flow_selection_set_directed(sel, 0) < 0)
            rc = fail("making a selection");
        else if (flow_centrality_compute(&pr, sel, FLOW_PAGERANK, NULL) < 0)
            rc = fail("PageRank");
        else if (flow_brokerage_from_groups(&br, sel, group_names, d->ng, NULL) < 0)
            rc = fail("brokerage");
        else if (flow_cluster_detect(&cl, sel, FLOW_CLUSTER_LEIDEN, NULL) < 0)
            rc = fail("clusters");
        else if (flow_selection_new(&gsel, sym) < 0 ||
                 flow_selection_set_years(gsel, years[y], years[y]) < 0 ||
                 flow_gravity_fit(&fit, gsel, &go) < 0)
            rc = fail("the gravity fit");
        if (rc == 0) {
            /* PageRank, and the rank among the countries with a tie */
            const double *v = flow_table_doubles(pr, 1);
            for (size_t i = 0; i < flow_table_row_count(pr); i++)
                if (strcmp(flow_table_text(pr, 0, i), FOCUS) == 0) r->pagerank = v[i];
            r->rank = 1;
            for (size_t i = 0; i < flow_table_row_count(pr); i++) {
                int64_t n = flow_network_node_index(net, flow_table_text(pr, 0, i));
                if (n < 0 || strength[n] <= 0) continue;
                r->countries++;
                if (v[i] > r->pagerank) r->rank++;
            }
            /* brokerage */
            size_t ct = (size_t)flow_table_column_index(br, "total");
            size_t ce = (size_t)flow_table_column_index(br, "total_expected");
            size_t cz = (size_t)flow_table_column_index(br, "total_z");
            for (size_t i = 0; i < flow_table_row_count(br); i++)
                if (strcmp(flow_table_text(br, 0, i), FOCUS) == 0) {
                    r->brokerage = flow_table_ints(br, ct)[i];
                    r->expected = flow_table_doubles(br, ce)[i];
                    r->z = flow_table_doubles(br, cz)[i];
                }
            /* the cluster */
            const int64_t *c = flow_table_ints(cl, 1);
            for (size_t i = 0; i < d->nn; i++) cluster_of[i] = -1;
            for (size_t i = 0; i < flow_table_row_count(cl); i++) {
                int64_t n = flow_network_node_index(net, flow_table_text(cl, 0, i));
                if (n >= 0) cluster_of[n] = c[i];
            }
            nmembers = 0;
            for (size_t i = 0; i < d->nn; i++)
                if (cluster_of[cn] >= 0 && cluster_of[i] == cluster_of[cn] && strength[i] > 0)
                    members[nmembers++] = i;
            r->cluster_size = (int64_t)nmembers;
            r->clusters = (int64_t)flow_table_scalar(cl, "clusters");
            r->modularity = flow_table_scalar(cl, "modularity");
            /* the excess over gravity: China's pairs */
            const flow_table *pairs = flow_table_part(fit, "pairs");
            const double *po = flow_table_doubles(pairs, 2), *pe = flow_table_doubles(pairs, 3);
            memset(obs, 0, d->nn * sizeof *obs);
            memset(ex, 0, d->nn * sizeof *ex);
            for (size_t i = 0; i < flow_table_row_count(pairs); i++) {
                int64_t t;
                if (strcmp(flow_table_text(pairs, 0, i), FOCUS) != 0) continue;
                if ((t = flow_network_node_index(net, flow_table_text(pairs, 1, i))) >= 0) {
                    obs[t] = po[i];
                    ex[t] = pe[i];
                }
            }
            npartners = 0;
            for (size_t i = 0; i < d->nn; i++)
                if (obs[i] > 0) order[npartners++] = i;
            sort_key = obs;
            qsort(order, npartners, sizeof *order, by_key_desc);
            if (npartners > 0) {
                r->partner = (int64_t)order[0];
                r->partner_obs = obs[order[0]];
                r->partner_exp = ex[order[0]];
            }
        }
        flow_table_free(fit);
        flow_table_free(cl);
        flow_table_free(br);
        flow_table_free(pr);
        flow_selection_free(gsel);
        flow_selection_free(sel);
    }
    if (rc) goto out;

    /* the latest year's cluster over seeds 1 to SEEDS: its size, and whether
     * China's largest partner is in it */
    int64_t size_lo = -1, size_hi = -1, with_partner = 0;
    {
        flow_selection *sel = NULL;
        int64_t partner = row[ny - 1].partner;
        if (flow_selection_new(&sel, net) < 0 || flow_selection_set_years(sel, latest, latest) < 0 ||
            flow_selection_set_directed(sel, 0) < 0)
            rc = fail("making a selection");
        for (int seed = 1; seed <= SEEDS && rc == 0; seed++) {
            flow_cluster_options co;
            flow_table *cl = NULL;
            int64_t size = 0;
            flow_cluster_options_init(&co, FLOW_CLUSTER_OPTIONS_VERSION);
            co.seed = (unsigned)seed;
            if (flow_cluster_detect(&cl, sel, FLOW_CLUSTER_LEIDEN, &co) < 0) {
                rc = fail("clusters");
                break;
            }
            for (size_t i = 0; i < d->nn; i++) cluster_of[i] = -1;
            for (size_t i = 0; i < flow_table_row_count(cl); i++) {
                int64_t n = flow_network_node_index(net, flow_table_text(cl, 0, i));
                if (n >= 0) cluster_of[n] = flow_table_ints(cl, 1)[i];
            }
            for (size_t i = 0; i < d->nn; i++)
                size += cluster_of[cn] >= 0 && cluster_of[i] == cluster_of[cn] && strength[i] > 0;
            if (size_lo < 0 || size < size_lo) size_lo = size;
            if (size > size_hi) size_hi = size;
            with_partner += partner >= 0 && cluster_of[partner] == cluster_of[cn];
            flow_table_free(cl);
        }
        flow_selection_free(sel);
    }
    if (rc) goto out;

    /* ---- the report ---- */
    const year_row *a = &row[0], *z = &row[ny - 1];
    printf("Openness study: China's position in the world's %s\n", factor);
    printf("libflow %s; data set %s; years %d-%d (%zu years with flows)\n", flow_version(), o->data,
           first, latest, ny);
    if ((rc = provenance(net)) != 0) goto out;
    printf("\n");
    para("Finding, %d: China (%s) ranks %lld of %lld countries by PageRank in %s (%.4f)", latest,
         FOCUS, (long long)z->rank, (long long)z->countries, factor, z->pagerank);
    if (ny > 1)
        para(", against %lld of %lld in %d (%.4f)", (long long)a->rank, (long long)a->countries,
             first, a->pagerank);
    para("; it takes part in %.1f%% of the weight between countries", z->share);
    if (ny > 1) para(" (%.1f%% in %d)", a->share, first);
    para(".");
    if (z->partner >= 0)
        para(" Its largest partner, %s, has a tie of %s, %.2f times the gravity expectation.",
             d->name[z->partner], num(b1, sizeof b1, z->partner_obs),
             z->partner_exp > 0 ? z->partner_obs / z->partner_exp : 0.0);
    para_flush_lead("");
    para("Caveat: a tie between two countries is taken as undirected (both directions summed): "
         "who works with whom, not a flow from one to the other. Gravity expectation: fixed "
         "effects for each country's total ties and a same-group term (the declared groups); "
         "no distance term%s.",
         has_attr(d, "lat") ? "" : " (the data set has no lat and lon)");
    para_flush_lead("");

    printf("\n== China per year\n\n");
    printf("%-5s %5s %5s %8s %10s %6s %9s %9s %6s %9s %6s  %s\n", "year", "of", "rank", "pagerank",
           "strength", "share%", "brokerage", "expected", "z", "cluster", "Q", "largest partner obs/exp");
    for (size_t y = 0; y < ny; y++) {
        const year_row *r = &row[y];
        char cl[32];
        snprintf(cl, sizeof cl, "%lld/%lld", (long long)r->cluster_size, (long long)r->clusters);
        printf("%-5d %5lld %5lld %8.4f %10s %6.1f %9lld %9.1f %6.1f %9s %6.3f  ", years[y],
               (long long)r->countries, (long long)r->rank, r->pagerank,
               num(b1, sizeof b1, r->strength), r->share, (long long)r->brokerage, r->expected,
               r->z, cl, r->modularity);
        if (r->partner >= 0)
            printf("%s %.2f\n", d->id[r->partner],
                   r->partner_exp > 0 ? r->partner_obs / r->partner_exp : 0.0);
        else
            printf("none\n");
    }
    printf("(of: countries with a tie that year; rank: by PageRank, damping 0.85, undirected;\n"
           " brokerage: two-paths China brokers across the declared groups, all roles, against\n"
           " their expected count in a random graph of the same density (sna's brokerage);\n"
           " cluster: countries in China's Leiden cluster (seed 1) / the number of clusters;\n"
           " Q: the partition's modularity)\n");

    printf("\n== China's cluster in %d: %zu countries, the %d with most ties\n\n", latest, nmembers,
           nmembers < TOP ? (int)nmembers : TOP);
    /* strength of the latest year is still in `strength` */
    sort_key = strength;
    qsort(members, nmembers, sizeof *members, by_key_desc);
    for (size_t i = 0; i < nmembers && i < TOP; i++)
        printf("  %-4s %-32s %12s\n", d->id[members[i]], d->name[members[i]],
               num(b1, sizeof b1, strength[members[i]]));

    printf("(over Leiden seeds 1 to %d: %lld to %lld countries", SEEDS, (long long)size_lo,
           (long long)size_hi);
    if (z->partner >= 0)
        printf("; %s in it under %lld of the %d seeds", d->id[z->partner], (long long)with_partner,
               SEEDS);
    printf(")\n");

    printf("\n== China's %d largest partners in %d against the gravity expectation\n\n", TOP, latest);
    printf("  %-4s %-32s %12s %12s %6s\n", "id", "partner", "observed", "expected", "ratio");
    for (size_t i = 0; i < npartners && i < TOP; i++)
        printf("  %-4s %-32s %12s %12s %6.2f\n", d->id[order[i]], d->name[order[i]],
               num(b1, sizeof b1, obs[order[i]]), num(b2, sizeof b2, ex[order[i]]),
               ex[order[i]] > 0 ? obs[order[i]] / ex[order[i]] : 0.0);

    printf("\n== Reading\n\n");
    para("PageRank: China ranks %lld of %lld in %d", (long long)z->rank, (long long)z->countries,
         latest);
    if (ny > 1)
        para(" and %lld of %lld in %d; its value went from %.4f to %.4f", (long long)a->rank,
             (long long)a->countries, first, a->pagerank, z->pagerank);
    para(".");
    para_flush();
    para("Brokerage: China brokers %lld two-paths across the declared groups in %d, against %.1f "
         "expected in a random graph of the same density (z = %.1f): %s.",
         (long long)z->brokerage, latest, z->expected, z->z,
         z->z >= 2 ? "more than expected" : (z->z <= -2 ? "fewer than expected" : "within 2 "
                                                                               "standard deviations "
                                                                               "of the expectation"));
    para_flush();
    para("Clusters: in %d China is in a Leiden cluster of %lld of the %lld countries with a tie "
         "(%lld clusters, modularity %.3f; %lld to %lld countries over seeds 1 to %d).",
         latest, (long long)z->cluster_size, (long long)z->countries, (long long)z->clusters,
         z->modularity, (long long)size_lo, (long long)size_hi, SEEDS);
    para_flush();
    if (z->partner >= 0) {
        size_t above = 0, shown = npartners < TOP ? npartners : TOP;
        for (size_t i = 0; i < shown; i++) above += obs[order[i]] > ex[order[i]];
        para("Gravity: of China's %zu largest partners in %d, %zu have more ties than the "
             "expectation and %zu fewer; the largest, %s, %.2f times.",
             shown, latest, above, shown - above, d->name[z->partner],
             z->partner_exp > 0 ? z->partner_obs / z->partner_exp : 0.0);
        para_flush();
    }
out:
    flow_network_free(sym);
    free(group_names);
    free(cluster_of);
    free(members);
    free(order);
    free(ex);
    free(obs);
    free(strength);
    free(row);
    return rc;
}

/* ---- a data set without flows between other countries ----------------------- */

typedef struct {
    size_t nn, nf;
    size_t *root;     /* per node */
    int64_t *region;  /* per node: the nearest region at or above it, -1 */
    size_t foreign;   /* flows between two countries other than China, any year */
    size_t *nflows;   /* [f] international flows, the latest year */
    double *in, *out, *all; /* [f] abroad->China, China->abroad, all flows */
    double *sends, *receives; /* [node * nf + f]: per partner abroad (a root) */
    double *rintl, *rall;     /* [node * nf + f]: per region */
} open_counts;

static void counts_free(open_counts *c)
{
    free(c->root);
    free(c->region);
    free(c->nflows);
    free(c->in);
    free(c->out);
    free(c->all);
    free(c->sends);
    free(c->receives);
    free(c->rintl);
    free(c->rall);
    memset(c, 0, sizeof *c);
}

static int count(open_counts *c, const net_data *d, int64_t cn, int latest)
{
    size_t nn = d->nn, nf = d->nf, home = 0;
    memset(c, 0, sizeof *c);
    c->nn = nn;
    c->nf = nf;
    c->root = malloc((nn + 1) * sizeof *c->root);
    c->region = malloc((nn + 1) * sizeof *c->region);
    c->nflows = calloc(nf + 1, sizeof *c->nflows);
    c->in = calloc(nf + 1, sizeof(double));
    c->out = calloc(nf + 1, sizeof(double));
    c->all = calloc(nf + 1, sizeof(double));
    c->sends = calloc(nn * nf + 1, sizeof(double));
    c->receives = calloc(nn * nf + 1, sizeof(double));
    c->rintl = calloc(nn * nf + 1, sizeof(double));
    c->rall = calloc(nn * nf + 1, sizeof(double));
    if (!c->root || !c->region || !c->nflows || !c->in || !c->out || !c->all || !c->sends ||
        !c->receives || !c->rintl || !c->rall)
        return oom();
    home = root_of(d, (size_t)cn);
    for (size_t i = 0; i < nn; i++) {
        int64_t p = (int64_t)i;
        c->root[i] = root_of(d, i);
        while (p >= 0 && !is(d->kind[p], "region")) p = d->parent[p];
        c->region[i] = p;
    }
    for (size_t k = 0; k < d->nk; k++) {
        size_t s = c->root[d->source[k]], t = c->root[d->target[k]], f = factor_of(d, k);
        int64_t rs = c->region[d->source[k]], rt = c->region[d->target[k]];
        double w = d->weight[k];
        if (s != t && s != home && t != home) c->foreign++;
        if ((int)d->year[k] != latest) continue;
        c->all[f] += w;
        if (rs >= 0) c->rall[(size_t)rs * nf + f] += w;
        if (rt >= 0 && rt != rs) c->rall[(size_t)rt * nf + f] += w;
        if (s == t || (s != home && t != home)) continue;
        c->nflows[f]++;
        if (t == home) {
            c->in[f] += w;
            c->sends[s * nf + f] += w;
            if (rt >= 0) c->rintl[(size_t)rt * nf + f] += w;
        } else {
            c->out[f] += w;
            c->receives[t * nf + f] += w;
            if (rs >= 0) c->rintl[(size_t)rs * nf + f] += w;
        }
    }
    return 0;
}

/* The headline numbers: per factor, the international share of its flows. */
static void open_headlines(double *h, const open_counts *c)
{
    for (size_t f = 0; f < c->nf; f++)
        h[f] = c->all[f] > 0 ? 100.0 * (c->in[f] + c->out[f]) / c->all[f] : 0.0;
}

static int home_only(flow_network *net, const net_data *d, const study_options *o, const int *years,
                     size_t ny, int64_t cn)
{
    int rc = 0, latest = years[ny - 1];
    char b1[64], b2[64], sb[512];
    open_counts c;
    study_sens sens;
    size_t nf = d->nf, home = root_of(d, (size_t)cn), partners = 0;
    size_t *order = malloc((d->nn + 1) * sizeof *order);
    double *key = malloc((d->nn + 1) * sizeof *key);
    memset(&sens, 0, sizeof sens);
    memset(&c, 0, sizeof c);
    if (!order || !key) {
        rc = oom();
        goto out;
    }
    if ((rc = count(&c, d, cn, latest)) != 0) goto out;

    /* the sensitivity: the same counts on every assumption set */
    if ((rc = sens_open(&sens, o->assumptions, nf)) != 0) goto out;
    open_headlines(sens.base, &c);
    for (size_t i = 0; i < sens.n && rc == 0; i++) {
        study_options so = *o;
        flow_network *sn = NULL;
        net_data sd;
        open_counts sc;
        int64_t scn;
        memset(&sd, 0, sizeof sd);
        memset(&sc, 0, sizeof sc);
        so.data = sens.path[i];
        if ((rc = load_study_data(&sn, &so)) == 0 && (rc = read_network(&sd, sn)) == 0) {
            if ((scn = flow_network_node_index(sn, FOCUS)) < 0)
                rc = need(so.data, "node " FOCUS, "China");
            else if ((rc = count(&sc, &sd, scn, latest)) == 0) {
                double *sh = calloc(sd.nf + 1, sizeof *sh);
                if (!sh) rc = oom();
                else {
                    open_headlines(sh, &sc);
                    for (size_t f = 0; f < nf && rc == 0; f++) {
                        size_t g = 0;
                        while (g < sd.nf && strcmp(sd.factor[g], d->factor[f]) != 0) g++;
                        if (g == sd.nf)
                            rc = bad_data("%s: no flows of factor '%s'", so.data, d->factor[f]);
                        else
                            sens.value[i * nf + f] = sh[g];
                    }
                    free(sh);
                }
            }
        }
        counts_free(&sc);
        net_data_free(&sd);
        flow_network_free(sn);
    }
    if (rc) goto out;
    for (size_t i = 0; i < d->nn; i++) {
        double s = 0, r = 0;
        if (c.root[i] != i || i == home) continue;
        for (size_t f = 0; f < nf; f++) s += c.sends[i * nf + f], r += c.receives[i * nf + f];
        if (s > 0 || r > 0) partners++;
    }

    printf("Openness study: China's international flows (its place in the world cannot be asked "
           "here)\n");
    printf("libflow %s; data set %s; years %d-%d\n", flow_version(), o->data, years[0], latest);
    if ((rc = provenance(net)) != 0) goto out;
    sens_note(&sens, net);
    printf("\n");
    para("Finding: this data set cannot place China in the world. It has %zu flows between two "
         "countries other than China, so there are no countries to rank China among; every "
         "international flow runs between China's nodes and %zu partners abroad.",
         c.foreign, partners);
    para(" In %d the international share of each factor's flows is", latest);
    for (size_t f = 0; f < nf; f++)
        para("%s %s %s", f == 0 ? "" : (f + 1 == nf ? " and" : ","), d->factor[f],
             sens_text(sb, sizeof sb, &sens, f, "%.1f%%"));
    para(".");
    para_flush_lead("");
    if (is_modelled(net))
        para("Caveat: these flows are modelled, not observed (see the Provenance). ");
    para("China's position among countries is asked of data/openalex-coauthorship (observed "
         "co-authorship between countries): study_openness data/openalex-coauthorship.");
    para_flush_lead("");

    printf("\n== International flows in %d, between China's nodes and partners abroad\n\n", latest);
    printf("%-12s %-16s %6s %14s %14s %8s\n", "factor", "unit", "flows", "abroad->China",
           "China->abroad", "intl %");
    for (size_t f = 0; f < nf; f++)
        printf("%-12s %-16s %6zu %14s %14s %7.1f%%\n", d->factor[f], unit_of(d, f), c.nflows[f],
               num(b1, sizeof b1, c.in[f]), num(b2, sizeof b2, c.out[f]), sens.base[f]);

    printf("\n== Partners abroad in %d: what each sends to China | receives from it\n\n", latest);
    printf("%-4s %-24s", "id", "name");
    for (size_t f = 0; f < nf; f++) printf(" %14.14s in %14.14s out", d->factor[f], d->factor[f]);
    printf("\n");
    for (size_t i = 0; i < d->nn; i++) {
        double any = 0;
        if (c.root[i] != i || i == home) continue;
        for (size_t f = 0; f < nf; f++) any += c.sends[i * nf + f] + c.receives[i * nf + f];
        if (any <= 0) continue;
        printf("%-4s %-24.24s", d->id[i], d->name[i]);
        for (size_t f = 0; f < nf; f++)
            printf(" %17s %18s", num(b1, sizeof b1, c.sends[i * nf + f]),
                   num(b2, sizeof b2, c.receives[i * nf + f]));
        printf("\n");
    }
    printf("(in: sent to China's nodes; out: received from them)\n");

    printf("\n== Regions' openness in %d: international / all flows of the region, the five "
           "highest\n", latest);
    for (size_t f = 0; f < nf; f++) {
        size_t n = 0;
        for (size_t i = 0; i < d->nn; i++)
            if (c.region[i] == (int64_t)i && c.rall[i * nf + f] > 0) {
                key[i] = c.rintl[i * nf + f] / c.rall[i * nf + f];
                order[n++] = i;
            }
        sort_key = key;
        qsort(order, n, sizeof *order, by_key_desc);
        printf("\n%s:", d->factor[f]);
        if (n == 0 || key[order[0]] <= 0) printf(" no region has international flows");
        for (size_t i = 0; i < n && i < 5 && key[order[i]] > 0; i++)
            printf("%s %s %.1f%%", i ? "," : "", d->id[order[i]], 100.0 * key[order[i]]);
        printf("\n");
    }

    printf("\n== Reading\n\n");
    para("No ranking of the partners abroad: a country's position needs its ties with other "
         "countries, which this data set lacks.");
    for (size_t f = 0; f < nf; f++) {
        size_t senders = 0, only = 0;
        for (size_t i = 0; i < d->nn; i++) {
            if (c.root[i] != i || i == home || c.sends[i * nf + f] <= 0) continue;
            senders++;
            only += c.receives[i * nf + f] <= 0;
        }
        if (only > 0)
            para(" In %s, %zu of the %zu partners that send receive nothing, so their PageRank "
                 "would be the teleportation term alone, equal among them.",
                 d->factor[f], only, senders);
    }
    para_flush();
    for (size_t f = 0; f < nf; f++)
        if (c.nflows[f] == 0) {
            para("%s: no international flows at all in %d.", d->factor[f], latest);
            para_flush();
        }
    {
        int64_t hk = flow_network_node_index(net, "CN-HK");
        const char *const *gdp = text_attr(d, "gdp");
        int64_t cg = flow_table_column_index(d->nodes, "gdp");
        if (hk >= 0) {
            int domestic = c.root[hk] == home;
            para("Hong Kong (CN-HK) is %s here (kind '%s')", domestic ? "part of China" : "a partner abroad",
                 d->kind[hk]);
            if (domestic)
                para(", so its flows with the mainland count as domestic, not as inward investment "
                     "from abroad");
            if (cg >= 0 && !gdp && flow_table_doubles(d->nodes, (size_t)cg)[hk] !=
                                        flow_table_doubles(d->nodes, (size_t)cg)[hk])
                para("; its gdp is missing in the data set (the generator imputes it)");
            para(".");
            para_flush();
        }
    }
out:
    free(order);
    free(key);
    sens_free(&sens);
    counts_free(&c);
    return rc;
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    study_options opt;
    int rc = study_parse_options(&opt, argc, argv, OPT_GROUPS | OPT_YEARS | OPT_ASSUMPTIONS,
                                 "region", SYNOPSIS, NEEDS);
    flow_network *net = NULL;
    net_data d;
    int *years = NULL;
    size_t ny = 0;
    int64_t cn;
    open_counts c;
    if (rc >= 0) return rc;
    rc = 0;
    memset(&d, 0, sizeof d);
    memset(&c, 0, sizeof c);
    if ((rc = load_study_data(&net, &opt)) != 0) return rc;
    if ((rc = read_network(&d, net)) != 0) goto done;
    if ((cn = flow_network_node_index(net, FOCUS)) < 0) {
        rc = need(opt.data, "node " FOCUS " (China)", "China's position");
        goto done;
    }
    if ((rc = years_of(&years, &ny, &d, &opt)) != 0) goto done;
    if (ny == 0) {
        rc = opt.year_from == FLOW_NO_YEAR
                 ? need(opt.data, "dated flows (a year column)", "the years")
                 : bad_data("%s: no flow in the years %d-%d", opt.data, opt.year_from, opt.year_to);
        goto done;
    }
    if ((rc = count(&c, &d, cn, years[ny - 1])) != 0) goto done;
    if (c.foreign > 0)
        rc = world(net, &d, &opt, years, ny, cn);
    else
        rc = home_only(net, &d, &opt, years, ny, cn);
done:
    counts_free(&c);
    free(years);
    net_data_free(&d);
    flow_network_free(net);
    return rc;
}

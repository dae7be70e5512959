/*
 * study_clusters: the clusters that flows form, compared with declared
 * groups (alliances, macro-regions), and how self-contained each group is
 * against what distance and size alone would give.
 *
 *     study_clusters [options] [DATA]          (default data/china)
 *     study_clusters --help
 *
 * Method (every number comes from libflow on the data set):
 *  - one selection: the chosen factors (default every factor), the chosen
 *    years (default the latest), rolled up to a level (default region),
 *    directed; factors combined as shares of each factor's total, so that
 *    persons and yuan can be mixed and each factor weighs 1;
 *  - clusters: Leiden, seed 1 (flow_cluster_detect()); their modularity
 *    against the configuration model (flow_significance_test(), test
 *    "modularity", FLOW_NULL_CONFIGURATION, seed 1: each null network keeps
 *    every node's in- and out-strength in expectation and is clustered by
 *    Leiden too); MOD_SAMPLES null networks at most (fewer with a smaller
 *    --draws), fewer still when samples x ordered pairs would pass MOD_BUDGET
 *    (every null network is complete: 99 on data/china and the census, 19 on
 *    OpenAlex's 251 countries), and no test when that leaves fewer than
 *    MOD_MIN_SAMPLES; their stability over
 *    five seeds, Louvain (five seeds), Infomap and Leiden at resolutions 0.5
 *    and 2: the adjusted Rand index (ARI) of every pair of these partitions;
 *  - agreement of the clusters with the declared groups: NMI and ARI against
 *    the groups' labels permuted over the nodes (flow_significance_test(),
 *    test "agreement": the same number of draws and seed as below);
 *  - per group, the share of its members in its modal cluster (the Leiden
 *    cluster holding most of them), against random node sets of the same
 *    size drawn from the nodes of the group's kind (a p-value: the share of
 *    draws at least as concentrated, (k + 1) / (draws + 1));
 *  - self-containment of a set of nodes = internal / (internal + outflow),
 *    on flows between distinct nodes (flows within a node after the roll-up
 *    are left out), each factor as a share of its total between distinct
 *    nodes: the data set's (called "modelled" when its README says so);
 *    expected under gravity (flow_gravity_fit(): PPML with
 *    origin and destination fixed effects and log great-circle distance,
 *    one fit per factor, so every node keeps its total outflow and inflow
 *    and only distance shapes where it goes); and against the same random
 *    node sets as above.
 *  - the ratio self-containment / gravity's: the gravity fit gives no
 *    interval for a set's self-containment, and a Poisson interval would
 *    depend on the unit of the flows (shares here), so the ratio is set
 *    against the ratios of the same random node sets (their median, and
 *    p = the share of draws whose ratio is at least the group's, a set
 *    without outflow counting as reaching it). A group "keeps more than
 *    gravity expects" only when p <= 0.05: its ratio then exceeds gravity's
 *    misfit for arbitrary sets of its size; the headline counts those groups.
 *  - random node sets: a SplitMix64 generator seeded with --seed, a partial
 *    Fisher-Yates shuffle per draw (examples/python/study_clusters.py draws
 *    the same sets).
 *
 * Provenance: the report's opening names DATA/README.md when the data folder
 * has one, and cautions that the flows are modelled when the README says so.
 * When no pair of nodes has flows both ways (reciprocity 0, as in a data set
 * that writes each undirected tie once), it says that a group's outflow then
 * follows the order each pair was written in. The study does not then sum
 * both directions itself: no data file carries a flag saying the flows are
 * undirected (data/openalex-coauthorship says so in its README's prose), so
 * the caveat is printed instead.
 *
 * Exit status: 0 ok, 2 bad usage, 3 bad data (or data that lack what the
 * study needs), 1 any other failure.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libflow.h>

#define PROG "study_clusters"

#include "study_common.h" /* errors, loading, provenance, the reading */

/* An ARI of -1e-17 is rounding noise around 0: printed as 0, not "-0.0000". */
static double tidy(double x)
{
    return fabs(x) < 1e-12 ? 0.0 : x;
}

/* The declared alliances compared by default, those of them the data set
 * has (at least two); without them, every group of the data set. */
static const char *const ALLIANCES[] = {"yangtze-river-delta", "greater-bay-area",
                                        "chengdu-chongqing", "beijing-tianjin-hebei"};
#define NALLIANCES (sizeof ALLIANCES / sizeof ALLIANCES[0])

/* The partitions of the stability section: method, seed, resolution. */
static const struct {
    int method;
    const char *name;
    uint64_t seed;
    double resolution;
} RUNS[] = {
    {FLOW_CLUSTER_LEIDEN, "leiden", 1, 1.0},  {FLOW_CLUSTER_LEIDEN, "leiden", 2, 1.0},
    {FLOW_CLUSTER_LEIDEN, "leiden", 3, 1.0},  {FLOW_CLUSTER_LEIDEN, "leiden", 4, 1.0},
    {FLOW_CLUSTER_LEIDEN, "leiden", 5, 1.0},  {FLOW_CLUSTER_LOUVAIN, "louvain", 1, 1.0},
    {FLOW_CLUSTER_LOUVAIN, "louvain", 2, 1.0}, {FLOW_CLUSTER_LOUVAIN, "louvain", 3, 1.0},
    {FLOW_CLUSTER_LOUVAIN, "louvain", 4, 1.0}, {FLOW_CLUSTER_LOUVAIN, "louvain", 5, 1.0},
    {FLOW_CLUSTER_INFOMAP, "infomap", 1, 1.0}, {FLOW_CLUSTER_LEIDEN, "leiden", 1, 0.5},
    {FLOW_CLUSTER_LEIDEN, "leiden", 1, 2.0},
};
#define NRUNS (sizeof RUNS / sizeof RUNS[0])
#define NSEEDS 5 /* runs 0-4: Leiden seeds; 5-9: Louvain seeds */

#define MAXLIST 64

/* The modularity test's null networks: at most MOD_SAMPLES (and --draws),
 * fewer when samples x ordered pairs would pass MOD_BUDGET (each null
 * network is complete); below MOD_MIN_SAMPLES (p < 0.05 out of reach) the
 * test is left out and the report says why. */
#define MOD_SAMPLES 99
#define MOD_MIN_SAMPLES 19
#define MOD_BUDGET 1.2e6

static const char SYNOPSIS[] =
    "The clusters that flows form versus declared groups, and each group's\n"
    "self-containment against gravity and random node sets. Every factor, as\n"
    "shares of its total; without --year or --years, the latest year; with the\n"
    "programme flows when DATA/programmes/flows.csv exists; --level none: no\n"
    "roll-up (the default region falls back to none when no node is a region).\n"
    "\n"
    "Options of this study:\n"
    "  --compare G1,G2,.. the declared groups to compare, disjoint (default: the\n"
    "                     alliances yangtze-river-delta, greater-bay-area,\n"
    "                     chengdu-chongqing, beijing-tianjin-hebei the data set\n"
    "                     has, if at least two; else every group)\n"
    "  --draws N          random node sets and label permutations (default 999)";

static const char NEEDS[] =
    "  dated flows; at least two declared groups (groups.csv) of two or more\n"
    "  nodes each; numeric node attributes lat and lon for the gravity baseline\n"
    "  (without them the report says the baseline is unavailable)";

/* ---- this study's own options (a block of its own: the shared ones are
 * study_parse_options()'s) ----------------------------------------------- */

typedef struct {
    const char *compare[MAXLIST];
    size_t ncompare;
    int draws;
    char buf[4096]; /* the copy compare[] points into */
} own_options;

/* Takes --compare LIST and --draws N (also --name=value) out of argv;
 * returns 0, or 2 on bad usage (reported). */
static int take_own_options(own_options *o, int *argc, char **argv)
{
    int w = 1;
    o->ncompare = 0;
    o->draws = 999;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i], *v;
        int is_compare = strncmp(a, "--compare", 9) == 0 && (a[9] == '\0' || a[9] == '=');
        int is_draws = strncmp(a, "--draws", 7) == 0 && (a[7] == '\0' || a[7] == '=');
        char *end, *p;
        if (!is_compare && !is_draws) {
            argv[w++] = argv[i];
            continue;
        }
        v = strchr(a, '=') ? strchr(a, '=') + 1 : (i + 1 < *argc ? argv[++i] : NULL);
        if (!v || !*v || (!strchr(a, '=') && strncmp(v, "--", 2) == 0)) {
            fprintf(stderr, "%s: option '%s' needs a value; see %s --help\n", PROG,
                    is_compare ? "--compare" : "--draws", PROG);
            return 2;
        }
        if (is_draws) {
            long d = strtol(v, &end, 10);
            if (*end != '\0' || d < 1 || d > 1000000) {
                fprintf(stderr, "%s: --draws '%s': expected 1 to 1000000; see %s --help\n", PROG, v,
                        PROG);
                return 2;
            }
            o->draws = (int)d;
            continue;
        }
        if (strlen(v) >= sizeof o->buf) {
            fprintf(stderr, "%s: --compare: list too long\n", PROG);
            return 2;
        }
        strcpy(o->buf, v);
        o->ncompare = 0;
        for (p = strtok(o->buf, ","); p; p = strtok(NULL, ","))
            if (o->ncompare < MAXLIST) o->compare[o->ncompare++] = p;
    }
    *argc = w;
    argv[w] = NULL;
    return 0;
}

/* ---- random node sets ---------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Draws s of the m entries of pool into set[] (partial Fisher-Yates on a
 * fresh copy, work[m]). */
static void draw_set(size_t *set, size_t s, const size_t *pool, size_t m, size_t *work)
{
    memcpy(work, pool, m * sizeof *work);
    for (size_t i = 0; i < s; i++) {
        size_t j = i + (size_t)(rng_next() % (uint64_t)(m - i)), t = work[i];
        work[i] = work[j];
        work[j] = t;
        set[i] = work[i];
    }
}

/* ---- measures of a node set --------------------------------------------- */

/* Self-containment of the vertices set[0..s) in the n x n matrix w (flows
 * between distinct vertices); in[] is scratch of n flags. NAN without flow. */
static double self_containment(const double *w, size_t n, const size_t *set, size_t s, char *in)
{
    double internal = 0, out = 0;
    memset(in, 0, n);
    for (size_t a = 0; a < s; a++) in[set[a]] = 1;
    for (size_t a = 0; a < s; a++)
        for (size_t j = 0; j < n; j++) {
            if (j == set[a]) continue;
            if (in[j])
                internal += w[set[a] * n + j];
            else
                out += w[set[a] * n + j];
        }
    return internal + out > 0 ? internal / (internal + out) : NAN;
}

/* The share of set[0..s) in its modal cluster of `member` (k clusters);
 * count[] is scratch of k. */
static double modal_share(const int64_t *member, size_t k, const size_t *set, size_t s, size_t *count)
{
    size_t best = 0;
    memset(count, 0, k * sizeof *count);
    for (size_t a = 0; a < s; a++)
        if (++count[member[set[a]]] > best) best = count[member[set[a]]];
    return (double)best / (double)s;
}

/* ---- the partition tables ------------------------------------------------ */

static const int64_t *members_of(const flow_table *p)
{
    return flow_table_ints(p, (size_t)flow_table_column_index(p, "cluster"));
}

static size_t cluster_count(const flow_table *p)
{
    return flow_table_row_count(flow_table_part(p, "clusters"));
}

static const char *cluster_label(const flow_table *p, size_t c)
{
    const flow_table *cl = flow_table_part(p, "clusters");
    return flow_table_text(cl, (size_t)flow_table_column_index(cl, "label"), c);
}

/* A ratio as a percentage, "n/a" when undefined (NAN). */
static const char *pct(char *buf, size_t size, double r)
{
    if (r != r)
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * r);
    return buf;
}

/* The median of x[0..m) (sorted in place); NAN when m is 0. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *x, size_t m)
{
    if (m == 0) return NAN;
    qsort(x, m, sizeof *x, cmp_double);
    return m % 2 ? x[m / 2] : (x[m / 2 - 1] + x[m / 2]) / 2;
}

/* A p-value: (k + 1) / (draws + 1), as "p = 0.001". */
static double p_upper(size_t k, int draws)
{
    return (double)(k + 1) / (double)(draws + 1);
}

/* The n x n matrices of the flows between distinct vertices of `graph`
 * (flow_selection_table() of the study's selection): obs, each factor as a
 * share of its total; expd, the gravity expectation in the same shares.
 * *have_exp drops to 0 (with the reason in note) when a gravity fit fails.
 * Returns 0 or the exit status (reported). */
static int matrices(double *obs, double *expd, int *have_exp, char *note, size_t note_size,
                    flow_network *net, const flow_table *graph, const char *const *factors,
                    size_t nfactors, int y0, int y1, const char *level, const char *prog)
{
    const int64_t *vertex_of = flow_table_ints(flow_table_part(graph, "nodes"), 1);
    size_t n = flow_table_row_count(flow_table_part(graph, "vertices"));
    *have_exp = 1;
    for (size_t f = 0; f < nfactors; f++) {
        flow_selection *fs = NULL;
        flow_table *ft = NULL, *fit = NULL;
        double tot = 0;
        if (flow_selection_new(&fs, net) < 0 || flow_selection_set_factors(fs, &factors[f], 1) < 0 ||
            flow_selection_set_years(fs, y0, y1) < 0 || flow_selection_set_level(fs, level) < 0 ||
            (prog && flow_selection_set_counterfactual(fs, FLOW_WITH_FLOWS, &prog, 1) < 0) ||
            flow_selection_table(&ft, fs) < 0) {
            flow_selection_free(fs);
            return fail(factors[f]);
        }
        {
            size_t ne = flow_table_row_count(ft);
            const double *w = flow_table_doubles(ft, 2);
            const int64_t *sv = flow_table_ints(ft, 3), *tv = flow_table_ints(ft, 4);
            for (size_t e = 0; e < ne; e++) tot += w[e];
            for (size_t e = 0; tot > 0 && e < ne; e++)
                obs[(size_t)sv[e] * n + (size_t)tv[e]] += w[e] / tot;
        }
        if (tot > 0 && *have_exp) {
            if (flow_gravity_fit(&fit, fs, NULL) < 0) {
                *have_exp = 0;
                snprintf(note, note_size, "%s: %s", factors[f], flow_last_error());
            } else {
                const flow_table *pairs = flow_table_part(fit, "pairs");
                const int64_t *ps = flow_table_ints(pairs, 0), *pt = flow_table_ints(pairs, 1);
                const double *ex = flow_table_doubles(pairs, 3);
                for (size_t r = 0; r < flow_table_row_count(pairs); r++)
                    expd[(size_t)vertex_of[ps[r]] * n + (size_t)vertex_of[pt[r]]] += ex[r] / tot;
            }
        }
        flow_table_free(fit);
        flow_table_free(ft);
        flow_selection_free(fs);
    }
    return 0;
}

/* The headline numbers on the assumption set at `path`: per declared group
 * its self-containment over gravity's (out[g]), and the ARI of the Leiden
 * clusters (seed 1) with the groups (out[ngroups]). The set is read as the
 * study's data set is (the options' --groups, its own programme flows). */
static int set_headline(double *out, const char *path, const study_options *o,
                        const char *const *groups, size_t ngroups, int y0, int y1, const char *level)
{
    study_options so = *o;
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    flow_table *graph = NULL, *leiden = NULL, *decl = NULL;
    net_data nd;
    char prog[4200], note[600];
    const char *factors[MAXLIST];
    size_t nf = 0, n;
    double *obs = NULL, *expd = NULL;
    size_t *set = NULL;
    char *flags = NULL;
    int rc, have_exp = 0;
    FILE *probe;
    so.data = path;
    memset(&nd, 0, sizeof nd);
    snprintf(prog, sizeof prog, "%s/programmes/flows.csv", path);
    if (!o->programmes || (probe = fopen(prog, "r")) == NULL)
        prog[0] = '\0';
    else
        fclose(probe);
    if ((rc = load_study_data(&net, &so)) != 0) return rc;
    if ((rc = read_network(&nd, net)) != 0) goto done;
    for (size_t f = 0; f < nd.nf && f < MAXLIST; f++) factors[nf++] = nd.factor[f];
    for (size_t g = 0; g < ngroups; g++)
        if (flow_network_group_index(net, groups[g]) < 0) {
            rc = bad_data("%s: no group '%s' (groups.csv)", path, groups[g]);
            goto done;
        }
    if (flow_selection_new(&sel, net) < 0 || flow_selection_set_combine(sel, FLOW_COMBINE_SHARE) < 0 ||
        flow_selection_set_years(sel, y0, y1) < 0 || flow_selection_set_level(sel, level) < 0 ||
        (prog[0] && flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, (const char *const[]){prog}, 1) < 0) ||
        flow_selection_table(&graph, sel) < 0 ||
        flow_cluster_detect(&leiden, sel, FLOW_CLUSTER_LEIDEN, NULL) < 0 ||
        flow_cluster_from_groups(&decl, sel, groups, ngroups) < 0 ||
        flow_cluster_compare(&out[ngroups], leiden, decl, FLOW_COMPARE_ARI) < 0) {
        rc = fail(path);
        goto done;
    }
    n = flow_table_row_count(flow_table_part(graph, "vertices"));
    obs = calloc(n * n + 1, sizeof *obs);
    expd = calloc(n * n + 1, sizeof *expd);
    set = calloc(n + 1, sizeof *set);
    flags = calloc(n + 1, 1);
    if (!obs || !expd || !set || !flags) {
        rc = oom();
        goto done;
    }
    if ((rc = matrices(obs, expd, &have_exp, note, sizeof note, net, graph, factors, nf, y0, y1, level,
                       prog[0] ? prog : NULL)) != 0)
        goto done;
    {
        const int64_t *dm = members_of(decl);
        for (size_t g = 0; g < ngroups; g++) {
            size_t s = 0;
            double sc, se;
            for (size_t v = 0; v < n; v++)
                if (is(cluster_label(decl, (size_t)dm[v]), groups[g])) set[s++] = v;
            sc = self_containment(obs, n, set, s, flags);
            se = have_exp ? self_containment(expd, n, set, s, flags) : NAN;
            out[g] = se > 0 ? sc / se : NAN;
        }
    }
done:
    free(flags);
    free(set);
    free(expd);
    free(obs);
    flow_table_free(decl);
    flow_table_free(leiden);
    flow_table_free(graph);
    flow_selection_free(sel);
    net_data_free(&nd);
    flow_network_free(net);
    return rc;
}

/* Per declared group: its vertices and the measures. */
typedef struct {
    const char *name;
    size_t *set, s;
    double sc, sc_exp, sc_rand, p_sc;   /* self-containment: observed, gravity, random mean, p */
    double ratio_rand, p_ratio;         /* observed / gravity of random sets: median, p */
    double modal, modal_rand, p_modal;  /* modal-cluster share: observed, random mean, p */
    double modal_min, modal_max;        /* over the stability partitions */
    size_t modal_cluster;               /* the Leiden cluster holding most of them */
} group_result;

int main(int argc, char **argv)
{
    study_options o;
    study_sens sens;
    own_options own;
    FILE *probe;
    int parsed, y0 = FLOW_NO_YEAR, y1 = FLOW_NO_YEAR, programmes = 0;
    const char *level;
    flow_network *net = NULL;
    flow_selection *sel = NULL;
    flow_table *graph = NULL, *decl = NULL, *agree = NULL, *modsig = NULL, *runs[NRUNS] = {NULL};
    flow_cluster_options copts = FLOW_CLUSTER_OPTIONS_INIT;
    flow_significance_options sopts = FLOW_SIGNIFICANCE_OPTIONS_INIT;
    net_data nd;
    char prog_path[4200], a[32], b[32], c[32], d4[32], years[48], grav_note[600] = "", big[512];
    char mod_note[600] = "";
    int mod_samples = 0;
    const char *prog_list[1];
    const char *groups[MAXLIST], *factors[MAXLIST];
    size_t ngroups = 0, nfactors = 0, n = 0, npool = 0, k = 0;
    size_t *pool = NULL, *work = NULL, *count = NULL, *dset = NULL, *disp = NULL;
    char *flags = NULL;
    double *obs = NULL, *expd = NULL, total_w = 0;
    int have_exp = 1, rc;
    group_result *gr = NULL;
    const int64_t *leiden;

    memset(&nd, 0, sizeof nd);
    memset(&sens, 0, sizeof sens);
    if ((rc = take_own_options(&own, &argc, argv)) != 0) return rc;
    parsed = study_parse_options(&o, argc, argv,
                                 OPT_GROUPS | OPT_LEVEL | OPT_YEARS | OPT_PROGRAMMES | OPT_ASSUMPTIONS,
                                 "region", SYNOPSIS, NEEDS);
    if (parsed >= 0) return parsed;
    level = strcmp(o.level, "none") == 0 ? NULL : o.level;
    if ((rc = load_study_data(&net, &o)) != 0) return rc;
    if ((rc = read_network(&nd, net)) != 0) goto done;
    snprintf(prog_path, sizeof prog_path, "%s/programmes/flows.csv", o.data);
    if (o.programmes && (probe = fopen(prog_path, "r")) != NULL) {
        fclose(probe);
        programmes = 1;
    }

    /* ---- what the study needs ---- */
    if (own.ncompare) {
        for (size_t i = 0; i < own.ncompare; i++) groups[ngroups++] = own.compare[i];
    } else {
        for (size_t i = 0; i < NALLIANCES; i++)
            if (flow_network_group_index(net, ALLIANCES[i]) >= 0) groups[ngroups++] = ALLIANCES[i];
        if (ngroups < 2) {
            ngroups = 0;
            for (size_t g = 0; g < nd.ng && g < MAXLIST; g++) groups[ngroups++] = group_name(&nd, g);
        }
    }
    if (ngroups < 2) {
        if (own.ncompare)
            rc = bad_data("--compare names %zu group; the study compares at least two", ngroups);
        else
            rc = bad_data("%s: the study compares at least two declared groups, and the data set has "
                          "%zu (groups.csv)", o.data, ngroups);
        goto done;
    }
    if (level && strcmp(level, "region") == 0) {
        int found = 0;
        for (size_t i = 0; i < nd.nn; i++) found |= is(nd.kind[i], "region");
        if (!found) level = NULL;
    }
    for (size_t i = 0; i < ngroups; i++)
        if (flow_network_group_index(net, groups[i]) < 0) {
            rc = bad_data("%s: no group '%s' (groups.csv)", o.data, groups[i]);
            goto done;
        }
    for (size_t f = 0; f < nd.nf && f < MAXLIST; f++) factors[nfactors++] = nd.factor[f];
    y0 = o.year_from;
    y1 = o.year_to;
    if (y0 == FLOW_NO_YEAR) {
        if ((rc = latest_year(&y0, net)) != 0) goto done;
        y1 = y0;
    }

    /* ---- the headline on every assumption set ---- */
    if ((rc = sens_open(&sens, o.assumptions, ngroups + 1)) != 0) goto done;
    for (size_t i = 0; i < sens.n; i++)
        if ((rc = set_headline(&sens.value[i * sens.k], sens.path[i], &o, groups, ngroups, y0, y1,
                               level)) != 0)
            goto done;

    /* ---- the selection: factors as shares, years, level ---- */
    prog_list[0] = prog_path;
    if (flow_selection_new(&sel, net) < 0 || flow_selection_set_factors(sel, factors, nfactors) < 0 ||
        flow_selection_set_combine(sel, FLOW_COMBINE_SHARE) < 0 ||
        flow_selection_set_years(sel, y0, y1) < 0 ||
        flow_selection_set_level(sel, level) < 0 ||
        (programmes && flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, prog_list, 1) < 0) ||
        flow_selection_table(&graph, sel) < 0) {
        rc = fail("the selection");
        goto done;
    }
    n = flow_table_row_count(flow_table_part(graph, "vertices"));
    if (flow_table_row_count(graph) == 0) {
        rc = bad_data("%s: no flow between distinct nodes in %d-%d", o.data, y0, y1);
        goto done;
    }
    obs = calloc(n * n + 1, sizeof *obs);
    expd = calloc(n * n + 1, sizeof *expd);
    pool = calloc(n + 1, sizeof *pool);
    work = calloc(n + 1, sizeof *work);
    count = calloc(n + 1, sizeof *count);
    flags = calloc(n + 1, 1);
    gr = calloc(ngroups, sizeof *gr);
    if (!obs || !expd || !pool || !work || !count || !flags || !gr) {
        rc = oom();
        goto done;
    }

    /* ---- per factor: observed shares and the gravity expectation ---- */
    if ((rc = matrices(obs, expd, &have_exp, grav_note, sizeof grav_note, net, graph, factors, nfactors,
                       y0, y1, level, programmes ? prog_path : NULL)) != 0)
        goto done;
    for (size_t i = 0; i < n * n; i++) total_w += obs[i];

    /* ---- the partitions ---- */
    for (size_t r = 0; r < NRUNS; r++) {
        copts.seed = RUNS[r].seed + 0;
        copts.resolution = RUNS[r].resolution;
        if (flow_cluster_detect(&runs[r], sel, RUNS[r].method, &copts) < 0) {
            rc = fail(RUNS[r].name);
            goto done;
        }
    }
    leiden = members_of(runs[0]);
    k = cluster_count(runs[0]);
    if ((rc = flow_cluster_from_groups(&decl, sel, groups, ngroups)) < 0) {
        /* groups that overlap once rolled up to the level: the data at that level */
        rc = rc == FLOW_EINVAL ? bad_data("%s: the declared groups at level %s: %s (choose a finer "
                                          "--level, or others with --compare)",
                                          o.data, level ? level : "none", flow_last_error())
                               : fail("the declared groups");
        goto done;
    }
    sopts.samples = own.draws;
    sopts.seed = 1;
    sopts.null_model = FLOW_NULL_PERMUTATION;
    sopts.method = FLOW_CLUSTER_LEIDEN;

    /* ---- the declared groups' vertices; the pool of random sets ---- */
    {
        const int64_t *dm = members_of(decl);
        const char *vkind = NULL;
        dset = calloc(n * ngroups + 1, sizeof *dset);
        if (!dset) {
            rc = oom();
            goto done;
        }
        for (size_t g = 0; g < ngroups; g++) {
            gr[g].name = groups[g];
            gr[g].set = dset + g * n;
            for (size_t v = 0; v < n; v++)
                if (is(cluster_label(decl, (size_t)dm[v]), groups[g])) gr[g].set[gr[g].s++] = v;
            if (gr[g].s < 2) {
                rc = bad_data("%s: group '%s' has %zu node(s) at level %s; the study needs at least 2 "
                              "per group (choose others with --groups)",
                              o.data, groups[g], gr[g].s, level ? level : "none");
                goto done;
            }
            if (!vkind) vkind = nd.kind[flow_table_ints(decl, 0)[gr[g].set[0]]];
        }
        /* the pool: the vertices of the first group member's kind */
        for (size_t v = 0; v < n; v++)
            if (is(nd.kind[flow_table_ints(decl, 0)[v]], vkind)) pool[npool++] = v;
        for (size_t g = 0; g < ngroups; g++)
            if (gr[g].s > npool) {
                rc = bad_data("%s: group '%s' is larger than the %zu nodes of kind %s", o.data,
                              groups[g], npool, vkind);
                goto done;
            }
        if (flow_significance_test(&agree, sel, FLOW_TEST_AGREEMENT, groups, ngroups, &sopts) < 0) {
            rc = fail("agreement test");
            goto done;
        }
        /* the modularity against the configuration model */
        {
            flow_significance_options mo = FLOW_SIGNIFICANCE_OPTIONS_INIT;
            double pairs = (double)n * (double)(n - 1);
            mod_samples = own.draws < MOD_SAMPLES ? own.draws : MOD_SAMPLES;
            if ((double)mod_samples * pairs > MOD_BUDGET) mod_samples = (int)(MOD_BUDGET / pairs);
            mo.samples = mod_samples;
            mo.seed = 1;
            mo.null_model = FLOW_NULL_CONFIGURATION;
            mo.method = FLOW_CLUSTER_LEIDEN;
            if (mod_samples < MOD_MIN_SAMPLES && mod_samples < own.draws)
                snprintf(mod_note, sizeof mod_note,
                         "each null network is complete, and %zu nodes allow fewer than %d of "
                         "them here (flowctl significance --test modularity runs it)",
                         n, MOD_MIN_SAMPLES);
            else if (flow_significance_test(&modsig, sel, FLOW_TEST_MODULARITY, NULL, 0, &mo) < 0) {
                snprintf(mod_note, sizeof mod_note, "%s", flow_last_error());
                flow_error_clear();
            }
        }
        rng_state = 1;
        for (size_t g = 0; g < ngroups; g++) {
            group_result *q = &gr[g];
            size_t ksc = 0, kmod = 0, nsc = 0, kratio = 0, nratio = 0;
            double ssc = 0, smod = 0, ratio;
            size_t *set = calloc(q->s + 1, sizeof *set);
            double *ratios = calloc((size_t)own.draws + 1, sizeof *ratios);
            size_t best = 0;
            if (!set || !ratios) {
                free(set);
                free(ratios);
                rc = oom();
                goto done;
            }
            q->sc = self_containment(obs, n, q->set, q->s, flags);
            q->sc_exp = have_exp ? self_containment(expd, n, q->set, q->s, flags) : NAN;
            ratio = q->sc_exp > 0 ? q->sc / q->sc_exp : NAN;
            q->modal = modal_share(leiden, k, q->set, q->s, count);
            for (size_t c2 = 0; c2 < k; c2++)
                if (count[c2] > best) best = count[c2], q->modal_cluster = c2;
            q->modal_min = q->modal_max = q->modal;
            for (size_t r = 1; r < NRUNS; r++) {
                double m = modal_share(members_of(runs[r]), cluster_count(runs[r]), q->set, q->s, count);
                if (m < q->modal_min) q->modal_min = m;
                if (m > q->modal_max) q->modal_max = m;
            }
            for (int d = 0; d < own.draws; d++) {
                double sc, m;
                draw_set(set, q->s, pool, npool, work);
                sc = self_containment(obs, n, set, q->s, flags);
                m = modal_share(leiden, k, set, q->s, count);
                if (sc == sc) {
                    ssc += sc;
                    nsc++;
                    if (sc >= q->sc) ksc++;
                }
                if (have_exp) { /* the set's ratio to gravity; undefined counts as reaching */
                    double se = self_containment(expd, n, set, q->s, flags);
                    double r = sc == sc && se > 0 ? sc / se : NAN;
                    if (r == r) ratios[nratio++] = r;
                    if (r != r || !(ratio == ratio) || r >= ratio) kratio++;
                }
                smod += m;
                if (m >= q->modal) kmod++;
            }
            q->sc_rand = nsc ? ssc / (double)nsc : NAN;
            q->p_sc = p_upper(ksc + ((size_t)own.draws - nsc), own.draws);
            q->modal_rand = smod / own.draws;
            q->p_modal = p_upper(kmod, own.draws);
            q->ratio_rand = median(ratios, nratio);
            q->p_ratio = have_exp ? p_upper(kratio, own.draws) : NAN;
            free(ratios);
            free(set);
        }
    }

    /* ---- the report ---- */
    {
        size_t nsingle = 0, m = 0, above_grav = 0, sig_modal = 0;
        double mod_o = flow_table_scalar(runs[0], "modularity"), mod_e = NAN, mod_sd = NAN, mod_p = NAN;
        long long mod_n = 0;
        double ari_lo[3] = {2, 2, 2}, ari_hi[3] = {-2, -2, -2}; /* Leiden seeds, Louvain vs Leiden, all */
        double nmi_o = 0, nmi_e = 0, nmi_p = 0, ari_o = 0, ari_e = 0, ari_p = 0;
        const double *obsv = flow_table_doubles(agree, (size_t)flow_table_column_index(agree, "observed"));
        const double *expv = flow_table_doubles(agree, (size_t)flow_table_column_index(agree, "expected"));
        const double *pv = flow_table_doubles(agree, (size_t)flow_table_column_index(agree, "p_value"));
        for (size_t r = 0; r < flow_table_row_count(agree); r++) {
            const char *st = flow_table_text(agree, (size_t)flow_table_column_index(agree, "statistic"), r);
            if (is(st, "nmi")) nmi_o = obsv[r], nmi_e = expv[r], nmi_p = pv[r];
            if (is(st, "ari")) ari_o = tidy(obsv[r]), ari_e = tidy(expv[r]), ari_p = pv[r];
        }
        for (size_t r = 0; modsig && r < flow_table_row_count(modsig); r++)
            if (is(flow_table_text(modsig, (size_t)flow_table_column_index(modsig, "statistic"), r),
                   "detected")) {
#define MODCOL(name) flow_table_doubles(modsig, (size_t)flow_table_column_index(modsig, name))[r]
                mod_o = MODCOL("observed");
                mod_e = MODCOL("expected");
                mod_sd = MODCOL("std");
                mod_p = MODCOL("p_value");
#undef MODCOL
                mod_n = (long long)flow_table_ints(modsig, (size_t)flow_table_column_index(modsig,
                                                                                           "n_null"))[r];
            }
        for (size_t r = 0; r < NRUNS; r++)
            for (size_t s = r + 1; s < NRUNS; s++) {
                double x;
                if (flow_cluster_compare(&x, runs[r], runs[s], FLOW_COMPARE_ARI) < 0) {
                    rc = fail("comparing partitions");
                    goto done;
                }
                x = tidy(x);
                if (s < NSEEDS) {
                    if (x < ari_lo[0]) ari_lo[0] = x;
                    if (x > ari_hi[0]) ari_hi[0] = x;
                }
                if (r < NSEEDS && s >= NSEEDS && s < 2 * NSEEDS) {
                    if (x < ari_lo[1]) ari_lo[1] = x;
                    if (x > ari_hi[1]) ari_hi[1] = x;
                }
                if (x < ari_lo[2]) ari_lo[2] = x;
                if (x > ari_hi[2]) ari_hi[2] = x;
            }
        disp = calloc(k + 1, sizeof *disp);
        if (!disp) {
            rc = oom();
            goto done;
        }
        for (size_t c2 = 0; c2 < k; c2++) {
            size_t size = 0;
            for (size_t v = 0; v < n; v++) size += leiden[v] == (int64_t)c2;
            if (size > 1)
                disp[c2] = ++m;
            else
                nsingle++;
        }
        for (size_t g = 0; g < ngroups; g++) {
            above_grav += gr[g].p_ratio <= 0.05;
            sig_modal += gr[g].p_modal <= 0.05;
        }

        for (size_t g = 0; g < ngroups; g++)
            sens.base[g] = gr[g].sc_exp > 0 ? gr[g].sc / gr[g].sc_exp : NAN;
        sens.base[ngroups] = ari_o;
        printf("Clusters study: the clusters flows form versus %zu declared groups\n", ngroups);
        if (y0 == y1)
            snprintf(years, sizeof years, "year %d", y0);
        else
            snprintf(years, sizeof years, "years %d-%d", y0, y1);
        if (have_exp)
            para("Headline: %zu of %zu groups keep more of their flow inside, relative to what "
                 "gravity expects (distance and each node's totals alone), than random node sets of "
                 "their size (ratio to gravity, p <= 0.05 over %d draws); agreement of the clusters "
                 "with the groups: ARI %.2f (permutation p = %.3f).", above_grav, ngroups, own.draws,
                 ari_o, ari_p);
        else
            para("Headline: agreement of the clusters with the groups: ARI %.2f (permutation "
                 "p = %.3f); no gravity baseline (%s).", ari_o, ari_p, grav_note);
        para_flush_lead("");
        printf("libflow %s; data set %s; %s; level %s; directed; programme flows %s\n",
               flow_version(), o.data, years, level ? level : "none",
               programmes ? "included" : (o.programmes ? "none (no programmes/flows.csv)" : "left out"));
        printf("Factors:");
        for (size_t f = 0; f < nfactors; f++) printf(" %s", factors[f]);
        printf(" (each as a share of its own total; all flows between distinct nodes weigh %.4f)\n",
               total_w);
        printf("Groups:");
        for (size_t g = 0; g < ngroups; g++) printf(" %s", groups[g]);
        printf("\nBaselines: gravity (PPML, origin and destination fixed effects, log distance, one "
               "fit per factor)%s;\n%d random node sets per group drawn from the %zu nodes of the "
               "groups' kind, seed %llu.\n",
               have_exp ? "" : " unavailable", own.draws, npool, (unsigned long long)1);
        double recip = NAN, wrecip = NAN;
        if (flow_structure_reciprocity(&recip, &wrecip, sel) < 0) {
            rc = fail("reciprocity");
            goto done;
        }
        if (recip == 0.0) { /* NAN (no edge) compares false */
            para("Caveat: no pair of nodes has flows both ways (reciprocity 0). If the data set "
                 "writes each undirected tie once, the flow \"leaving\" a group below is the flow "
                 "written from its side of each pair, an artefact of the order of the ids.");
            para_flush_lead("");
        }
        if ((rc = provenance(net)) != 0) goto done;
        sens_note(&sens, net);
        printf("\n");

        printf("== Flow clusters (Leiden, seed %llu)\n\n", (unsigned long long)RUNS[0].seed + 0);
        printf("%zu clusters of %zu nodes, modularity %.4f; %zu with more than one node.\n", k, n,
               flow_table_scalar(runs[0], "modularity"), m);
        if (modsig) {
            para("Modularity against the configuration model (random weighted networks in which "
                 "every node keeps its in- and out-strength in expectation, clustered the same "
                 "way): expected %.4f (sd %.4f), p = %.4f over %lld null networks, seed 1%s.",
                 mod_e, mod_sd, mod_p, mod_n,
                 mod_n > 0 && fabs(mod_p - 1.0 / (double)(mod_n + 1)) < 1e-12
                     ? " (the smallest p these samples give: none reached the observed value)"
                     : "");
        } else
            para("Modularity against the configuration model: not tested (%s).", mod_note);
        para_flush_lead("");
        printf("%-12s %5s %11s\n", "cluster", "size", "self-cont.");
        for (size_t c2 = 0; c2 < k; c2++) {
            size_t set[1024], s = 0;
            char lead[32];
            if (!disp[c2]) continue;
            for (size_t v = 0; v < n && s < 1024; v++)
                if (leiden[v] == (int64_t)c2) set[s++] = v;
            snprintf(lead, sizeof lead, "cluster %zu", disp[c2]);
            printf("%-12s %5zu %11s\n", lead, s, pct(a, sizeof a, self_containment(obs, n, set, s, flags)));
        }
        printf("\nMembers:\n");
        for (size_t c2 = 0; c2 < k; c2++) {
            char lead[32];
            if (!disp[c2]) continue;
            for (size_t v = 0; v < n; v++)
                if (leiden[v] == (int64_t)c2) para("%s ", flow_table_text(runs[0], 0, v));
            snprintf(lead, sizeof lead, "  cluster %-3zu ", disp[c2]);
            para_flush_lead(lead);
        }
        if (nsingle) {
            printf("  single nodes:");
            for (size_t c2 = 0; c2 < k; c2++)
                if (!disp[c2])
                    for (size_t v = 0; v < n; v++)
                        if (leiden[v] == (int64_t)c2) printf(" %s", flow_table_text(runs[0], 0, v));
            printf("\n");
        }

        printf("\n== Stability across seeds, methods and resolutions\n\n");
        printf("%-10s %5s %10s %9s %11s %16s\n", "method", "seed", "resolution", "clusters", "modularity",
               "ARI vs first row");
        for (size_t r = 0; r < NRUNS; r++) {
            double x = 1;
            if (r > 0 && flow_cluster_compare(&x, runs[0], runs[r], FLOW_COMPARE_ARI) < 0) {
                rc = fail("comparing partitions");
                goto done;
            }
            x = tidy(x);
            printf("%-10s %5llu %10s %9zu %11.4f %16.4f\n", RUNS[r].name,
                   (unsigned long long)RUNS[r].seed + 0,
                   RUNS[r].method == FLOW_CLUSTER_INFOMAP ? "-" : (snprintf(a, sizeof a, "%.1f",
                                                                            RUNS[r].resolution), a),
                   cluster_count(runs[r]), flow_table_scalar(runs[r], "modularity"), x);
        }
        printf("\nPairwise ARI: Leiden over %d seeds %.4f to %.4f; Leiden versus Louvain %.4f to %.4f; "
               "all %zu partitions %.4f to %.4f.\n", NSEEDS, ari_lo[0], ari_hi[0], ari_lo[1], ari_hi[1],
               (size_t)NRUNS, ari_lo[2], ari_hi[2]);

        printf("\n== Declared groups versus the clusters\n\n");
        printf("Agreement with the Leiden clusters (nodes outside the groups each on their own),\n"
               "against the groups' labels permuted over the nodes (%d permutations, seed %llu):\n",
               own.draws, (unsigned long long)1);
        printf("  NMI %.4f (permutation mean %.4f, p = %.4f); ARI %.4f (expected %.4f, p = %.4f)\n\n",
               nmi_o, nmi_e, nmi_p, ari_o, ari_e, ari_p);
        printf("Share of each group's members in its modal Leiden cluster, against random sets of\n"
               "the same size (mean, p), and its range over the %zu partitions above:\n", (size_t)NRUNS);
        printf("%-26s %5s %8s %8s %8s %8s %15s\n", "group", "size", "modal", "cluster", "random", "p",
               "range");
        for (size_t g = 0; g < ngroups; g++) {
            group_result *q = &gr[g];
            char cl[16];
            if (disp[q->modal_cluster])
                snprintf(cl, sizeof cl, "%zu", disp[q->modal_cluster]);
            else
                snprintf(cl, sizeof cl, "single");
            snprintf(c, sizeof c, "%s-%s", pct(a, sizeof a, q->modal_min), pct(b, sizeof b, q->modal_max));
            printf("%-26s %5zu %8s %8s", q->name, q->s, pct(a, sizeof a, q->modal), cl);
            printf(" %8s %8.4f %15s\n", pct(b, sizeof b, q->modal_rand), q->p_modal, c);
        }

        /* a modelled data set's shares are the model's, never "observed" */
        const char *seen = is_modelled(net) ? "modelled" : "observed";
        printf("\n== Self-containment of the declared groups\n\n");
        printf("Share of the flow leaving a group's nodes that stays inside (flows between distinct\n"
               "nodes): %s, over random sets of the same size (mean, p), expected under\n"
               "gravity, and the ratio %s / gravity against the same random sets' ratios\n"
               "(median; p counts the sets whose ratio is at least the group's):\n", seen, seen);
        printf("%-26s %5s %9s %9s %7s %9s %7s %7s %7s\n", "group", "size", seen, "random", "p",
               "gravity", "ratio", "random", "p");
        for (size_t g = 0; g < ngroups; g++) {
            group_result *q = &gr[g];
            char ratio[32];
            if (q->sc_exp == q->sc_exp && q->sc_exp > 0)
                snprintf(ratio, sizeof ratio, "%.2f", q->sc / q->sc_exp);
            else
                snprintf(ratio, sizeof ratio, "n/a");
            printf("%-26s %5zu %9s %9s %7.4f", q->name, q->s, pct(a, sizeof a, q->sc),
                   pct(b, sizeof b, q->sc_rand), q->p_sc);
            if (have_exp)
                printf(" %9s %7s %7.2f %7.4f\n", pct(c, sizeof c, q->sc_exp), ratio, q->ratio_rand,
                       q->p_ratio);
            else
                printf(" %9s %7s %7s %7s\n", "n/a", "n/a", "n/a", "n/a");
        }
        if (!have_exp) printf("(no gravity baseline: %s)\n", grav_note);
        if (sens.n && have_exp) {
            printf("\nThe ratio %s / gravity over the assumption sets:\n", seen);
            for (size_t g = 0; g < ngroups; g++)
                printf("  %-24s %s\n", gr[g].name, sens_text(big, sizeof big, &sens, g, "%.2f"));
        }

        printf("\n== Reading\n\n");
        para("The flows of %s form %zu clusters with more than one node (Leiden, modularity %.4f",
             years, m, mod_o);
        if (!modsig)
            para("; not tested against a null model: %s).", mod_note);
        else if (mod_p <= 0.05)
            para(", above the %.4f the configuration model gives from the nodes' strengths alone, "
                 "p = %.3f).", mod_e, mod_p);
        else
            para("; the configuration model gives %.4f from the nodes' strengths alone: no more "
                 "community structure than the strengths produce at the 0.05 level, p = %.3f).", mod_e, mod_p);
        para(" Their stability: the pairwise ARI of the %zu partitions ranges from %.2f to %.2f "
             "(Leiden over %d seeds %.2f to %.2f).",
             (size_t)NRUNS, ari_lo[2], ari_hi[2], NSEEDS, ari_lo[0], ari_hi[0]);
        para_flush();
        if (ari_p > 0.05)
            para("The clusters and the %zu declared groups show no agreement beyond chance: ARI %s (0 = chance, 1 = identical), "
                 "p = %.3f against %d label permutations (NMI %.2f against a permutation mean of %.2f).",
                 ngroups, sens_text(big, sizeof big, &sens, ngroups, "%.2f"), ari_p, own.draws, nmi_o, nmi_e);
        else
            para("The clusters agree with the %zu declared groups more than chance gives, on a scale where 0 is chance and 1 identical: ARI %s, "
                 "p = %.3f against %d label permutations (NMI %.2f against a permutation mean of %.2f).",
                 ngroups, sens_text(big, sizeof big, &sens, ngroups, "%.2f"), ari_p, own.draws, nmi_o, nmi_e);
        para_flush();
        para("%zu of %zu groups have more of their members in one Leiden cluster than random sets of "
             "their size (p <= 0.05, %d draws).", sig_modal, ngroups, own.draws);
        para_flush();
        para("Random node sets ignore geography; the gravity expectation, which keeps each node's "
             "totals and lets distance alone decide where flow goes, is the baseline that tells a bloc "
             "from mere proximity.");
        para_flush();
        for (size_t g = 0; g < ngroups; g++) {
            group_result *q = &gr[g];
            para("%s (%zu nodes) keeps %s of its outgoing flow inside", q->name, q->s,
                 pct(a, sizeof a, q->sc));
            if (q->sc_exp == q->sc_exp)
                para("; gravity expects %s, a ratio of %s, against a median ratio of %.2f for random "
                     "sets of its size (p = %.3f: %s)", pct(b, sizeof b, q->sc_exp),
                     sens_text(big, sizeof big, &sens, g, "%.2f"), q->ratio_rand, q->p_ratio,
                     q->p_ratio <= 0.05 ? "it keeps more than gravity expects, beyond what random "
                                          "sets depart from it"
                                        : "within what random sets show");
            para("; random sets of %zu nodes keep %s on average (p = %.3f).", q->s,
                 pct(c, sizeof c, q->sc_rand), q->p_sc);
            para(" %s of its members fall in one Leiden cluster (random sets: %s, p = %.3f; %s to %s "
                 "over the %zu partitions).", pct(a, sizeof a, q->modal), pct(b, sizeof b, q->modal_rand),
                 q->p_modal, pct(c, sizeof c, q->modal_min), pct(d4, sizeof d4, q->modal_max),
                 (size_t)NRUNS);
            para_flush();
        }
    }

done:
    sens_free(&sens);
    free(disp);
    free(dset);
    for (size_t r = 0; r < NRUNS; r++) flow_table_free(runs[r]);
    flow_table_free(modsig);
    flow_table_free(agree);
    flow_table_free(decl);
    flow_table_free(graph);
    free(gr);
    free(flags);
    free(count);
    free(work);
    free(pool);
    free(expd);
    free(obs);
    flow_selection_free(sel);
    net_data_free(&nd);
    flow_network_free(net);
    return rc;
}

/*
 * study_east_west: the direct flows between China's eastern and western
 * regions, per factor and year, against what a gravity model expects; the
 * multi-hop capacity among domestic regions; and what the pairing
 * programmes' own flow file adds.
 *
 *     study_east_west [DATA] [--groups FILE] [--level KIND] [--year Y |
 *                     --years A-B] [--without-programmes] [--assumptions DIR]
 *
 * DATA defaults to data/china (modelled); data/census-migration (the 2000
 * and 2010 censuses' inter-provincial migration, observed) works as well.
 * `study_east_west --help` says what a data set must contain.
 *
 * Method (every number comes from libflow on the data set):
 *  - East and West: the members of the groups "East" and "West" when the
 *    data set (or --groups) declares them (data/census-migration: the NBS
 *    regions), else the nodes of kind "region" whose text attribute
 *    macro_region is "east" or "west" (data/china). Every node counts with
 *    the nearest region at or above it (institutions, cities);
 *  - direct flows: per factor (units differ, so factors are never added)
 *    and year, the sum of the flows from an eastern to a western region
 *    (East->West), the reverse (West->East), and all flows between two
 *    distinct domestic regions (the share's base). Flows from or to nodes
 *    outside every region (countries, national institutions) are not
 *    between regions and count nowhere;
 *  - the gravity expectation: flow_gravity_fit() on the latest year's
 *    flows between domestic regions (origin and destination fixed effects,
 *    log great-circle distance from lat and lon), summed over the
 *    East->West (West->East) pairs: the data set's flow / expected says
 *    whether the flow is large for the regions' sizes and distance;
 *  - multi-hop capacity among domestic regions: the minimum cut from the
 *    East to the West (flow_bottleneck_min_cut()) on the latest year's
 *    flows between regions, each flow taken as a pipe's capacity. It is a
 *    capacity, not a transfer; its largest cut edge is the corridor that
 *    carries most of it;
 *  - the programme file (DATA/programmes/flows.csv, when there is one):
 *    plain accounting of what it adds East->West and West->East;
 *  - with --assumptions DIR, the headline numbers again on every data set
 *    in DIR, printed as ranges (study_common.h).
 *
 * Provenance: the report names DATA/README.md and cautions when the README
 * says the flows are modelled; for a modelled data set, DATA/years.csv
 * names the year computed from published figures, its "anchor" (the others
 * are extrapolated by assumption).
 *
 * Exit status: 0 ok, 3 bad data (unreadable, inconsistent, or lacking what
 * the study needs), 2 bad usage, 1 any other failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libflow.h>

#define PROG "study_east_west"

#include "study_common.h" /* errors, loading, options, sensitivity, the reading */

static const char SYNOPSIS[] =
    "The direct flows between the eastern and the western regions, per factor and\n"
    "year (East->West, West->East, net), against a gravity model's expectation;\n"
    "the multi-hop capacity among domestic regions (minimum cut); and what the\n"
    "programme file adds.";
static const char NEEDS[] =
    "  - the East and the West: groups named 'East' and 'West' (groups.csv or\n"
    "    --groups), or nodes of kind 'region' with a text attribute macro_region\n"
    "    ('east', 'west');\n"
    "  - dated flows (a year column) between regions;\n"
    "  - the node attributes lat and lon (degrees) of the regions, for the\n"
    "    gravity expectation;\n"
    "  - optionally DATA/programmes/flows.csv, the pairing programmes' own flows.";

/* Headline numbers per factor, for the sensitivity. */
enum { H_EW, H_WE, H_NET, H_EW_RATIO, H_WE_RATIO, H_COUNT };

/* ---- the computation ------------------------------------------------------- */

typedef struct {
    size_t nn, nf, ny;
    int64_t *region;     /* per node: the nearest region at or above it, -1 */
    char *bloc;          /* per node: 'E', 'W' or 0 (of its region) */
    const char **east, **west;
    size_t ne, nw;
    int by_groups;       /* 1: the groups East and West; 0: macro_region */
    int *years;          /* sorted, within the options' range */
    double *ew, *we, *all; /* [y * nf + f] */
    /* the latest year, per factor */
    double *exp_ew, *exp_we, *dist, *r2;
    double *cut;         /* the minimum cut's value */
    size_t *cut_edges;
    int64_t *cut_from, *cut_to; /* the largest cut edge (node indexes), -1 */
    double *cut_edge;
} ew_result;

static void ew_free(ew_result *r)
{
    free(r->region);
    free(r->bloc);
    free(r->east);
    free(r->west);
    free(r->years);
    free(r->ew);
    free(r->we);
    free(r->all);
    free(r->exp_ew);
    free(r->exp_we);
    free(r->dist);
    free(r->r2);
    free(r->cut);
    free(r->cut_edges);
    free(r->cut_from);
    free(r->cut_to);
    free(r->cut_edge);
    memset(r, 0, sizeof *r);
}

/* The nodes outside every region that are no ancestors of a region
 * (countries, national institutions): left out of the domestic selection. */
static int domestic_selection(flow_selection **out, flow_network *net, const net_data *d,
                              const ew_result *r, const char *factor, int year, const char *level)
{
    const char **without = malloc((d->nn ? d->nn : 1) * sizeof *without);
    char *ancestor = calloc(d->nn ? d->nn : 1, 1);
    size_t n = 0;
    int rc = 0;
    if (!without || !ancestor) {
        free(without);
        free(ancestor);
        return oom();
    }
    for (size_t i = 0; i < d->nn; i++)
        if (r->region[i] >= 0)
            for (int64_t p = d->parent[i]; p >= 0; p = d->parent[p]) ancestor[p] = 1;
    for (size_t i = 0; i < d->nn; i++)
        if (r->region[i] < 0 && !ancestor[i]) without[n++] = d->id[i];
    if (flow_selection_new(out, net) < 0 || flow_selection_set_factors(*out, &factor, 1) < 0 ||
        flow_selection_set_years(*out, year, year) < 0 ||
        flow_selection_set_level(*out, level) < 0 ||
        (n > 0 && flow_selection_set_counterfactual(*out, FLOW_WITHOUT_NODES, without, n) < 0))
        rc = fail("making a selection of the flows between regions");
    free(without);
    free(ancestor);
    return rc;
}

/* Computes everything on one data set (net, read as d); returns 0 or the
 * exit status (reported). */
static int compute(ew_result *r, flow_network *net, const net_data *d, const study_options *o)
{
    const char *path = o->data;
    int64_t ge = flow_network_group_index(net, "East"), gw = flow_network_group_index(net, "West");
    const char *const *macro = text_attr(d, "macro_region");
    size_t nf = d->nf, ny = 0;
    int rc = 0, has_region = 0;

    memset(r, 0, sizeof *r);
    r->nn = d->nn;
    r->nf = nf;
    r->region = malloc((d->nn + 1) * sizeof *r->region);
    r->bloc = calloc(d->nn + 1, 1);
    r->east = malloc((d->nn + 1) * sizeof *r->east);
    r->west = malloc((d->nn + 1) * sizeof *r->west);
    r->years = malloc((d->nk + 1) * sizeof *r->years);
    if (!r->region || !r->bloc || !r->east || !r->west || !r->years) return oom();

    /* the regions and their blocs */
    for (size_t i = 0; i < d->nn; i++) {
        int64_t p = (int64_t)i;
        while (p >= 0 && !is(d->kind[p], "region")) p = d->parent[p];
        r->region[i] = p;
        has_region |= p == (int64_t)i;
    }
    if (!has_region) return need(path, "nodes of kind 'region'", "the East and West");
    r->by_groups = ge >= 0 && gw >= 0;
    if (!r->by_groups && !macro)
        return need(path, "groups 'East' and 'West' nor a node attribute macro_region",
                    "the East and West");
    for (size_t i = 0; i < d->nn; i++) {
        if (r->region[i] != (int64_t)i) continue;
        if (r->by_groups) {
            for (size_t m = 0; m < d->size[ge]; m++)
                if (group_member(d, (size_t)ge, m) == (int64_t)i) r->bloc[i] = 'E';
            for (size_t m = 0; m < d->size[gw]; m++)
                if (group_member(d, (size_t)gw, m) == (int64_t)i) r->bloc[i] = 'W';
        } else if (is(macro[i], "east")) {
            r->bloc[i] = 'E';
        } else if (is(macro[i], "west")) {
            r->bloc[i] = 'W';
        }
        if (r->bloc[i] == 'E') r->east[r->ne++] = d->id[i];
        if (r->bloc[i] == 'W') r->west[r->nw++] = d->id[i];
    }
    for (size_t i = 0; i < d->nn; i++) r->bloc[i] = r->region[i] >= 0 ? r->bloc[r->region[i]] : 0;
    if (r->ne == 0 || r->nw == 0)
        return need(path, r->by_groups ? "region among the members of the groups 'East' and 'West'"
                                       : "region whose macro_region is 'east' and one 'west'",
                    "the East and West");

    /* the years of the dated flows, within the options' range */
    for (size_t k = 0; k < d->nk; k++) {
        int y = (int)d->year[k], seen = 0;
        if (y == FLOW_NO_YEAR) continue;
        if (o->year_from != FLOW_NO_YEAR && (y < o->year_from || y > o->year_to)) continue;
        for (size_t i = 0; i < ny && !seen; i++) seen = r->years[i] == y;
        if (!seen) r->years[ny++] = y;
    }
    for (size_t i = 1; i < ny; i++)
        for (size_t j = i; j > 0 && r->years[j - 1] > r->years[j]; j--) {
            int t = r->years[j];
            r->years[j] = r->years[j - 1];
            r->years[j - 1] = t;
        }
    r->ny = ny;
    if (ny == 0)
        return o->year_from == FLOW_NO_YEAR
                   ? need(path, "dated flows (a year column)", "the years")
                   : bad_data("%s: no flow in the years %d-%d", path, o->year_from, o->year_to);
    if (!has_attr(d, "lat") || !has_attr(d, "lon"))
        return need(path, "node attributes lat and lon", "the gravity expectation");

    /* direct flows */
    r->ew = calloc(ny * nf + 1, sizeof *r->ew);
    r->we = calloc(ny * nf + 1, sizeof *r->we);
    r->all = calloc(ny * nf + 1, sizeof *r->all);
    r->exp_ew = calloc(nf + 1, sizeof(double));
    r->exp_we = calloc(nf + 1, sizeof(double));
    r->dist = calloc(nf + 1, sizeof(double));
    r->r2 = calloc(nf + 1, sizeof(double));
    r->cut = calloc(nf + 1, sizeof(double));
    r->cut_edge = calloc(nf + 1, sizeof(double));
    r->cut_edges = calloc(nf + 1, sizeof(size_t));
    r->cut_from = calloc(nf + 1, sizeof(int64_t));
    r->cut_to = calloc(nf + 1, sizeof(int64_t));
    if (!r->ew || !r->we || !r->all || !r->exp_ew || !r->exp_we || !r->dist || !r->r2 ||
        !r->cut || !r->cut_edge || !r->cut_edges || !r->cut_from || !r->cut_to)
        return oom();
    for (size_t k = 0; k < d->nk; k++) {
        int64_t s = r->region[d->source[k]], t = r->region[d->target[k]];
        size_t y = 0, f = factor_of(d, k);
        if (s < 0 || t < 0 || s == t || d->year[k] == FLOW_NO_YEAR) continue;
        while (y < ny && r->years[y] != (int)d->year[k]) y++;
        if (y == ny) continue;
        r->all[y * nf + f] += d->weight[k];
        if (r->bloc[s] == 'E' && r->bloc[t] == 'W') r->ew[y * nf + f] += d->weight[k];
        if (r->bloc[s] == 'W' && r->bloc[t] == 'E') r->we[y * nf + f] += d->weight[k];
    }

    /* the latest year: gravity expectation and minimum cut among regions */
    int latest = r->years[ny - 1];
    for (size_t f = 0; f < nf && rc == 0; f++) {
        flow_selection *sel = NULL;
        flow_table *fit = NULL, *cut = NULL;
        if ((rc = domestic_selection(&sel, net, d, r, d->factor[f], latest, o->level)) != 0) break;
        r->cut_from[f] = r->cut_to[f] = -1;
        if (flow_gravity_fit(&fit, sel, NULL) < 0) {
            char what[300];
            snprintf(what, sizeof what, "the gravity fit of %s in %d", d->factor[f], latest);
            rc = fail(what);
        } else {
            const flow_table *pairs = flow_table_part(fit, "pairs");
            const double *ex = flow_table_doubles(pairs, (size_t)flow_table_column_index(pairs, "expected"));
            const double *est = flow_table_doubles(fit, (size_t)flow_table_column_index(fit, "estimate"));
            for (size_t i = 0; i < flow_table_row_count(pairs); i++) {
                int64_t s = flow_network_node_index(net, flow_table_text(pairs, 0, i));
                int64_t t = flow_network_node_index(net, flow_table_text(pairs, 1, i));
                char bs = s >= 0 ? r->bloc[s] : 0, bt = t >= 0 ? r->bloc[t] : 0;
                if (bs == 'E' && bt == 'W') r->exp_ew[f] += ex[i];
                if (bs == 'W' && bt == 'E') r->exp_we[f] += ex[i];
            }
            for (size_t t = 0; t < flow_table_row_count(fit); t++)
                if (strcmp(flow_table_text(fit, 0, t), "log_distance") == 0) r->dist[f] = est[t];
            r->r2[f] = flow_table_scalar(fit, "pseudo_r2");
        }
        if (rc == 0) {
            if (flow_bottleneck_min_cut(&cut, sel, r->east, r->ne, r->west, r->nw, 0) < 0) {
                rc = fail("minimum cut");
            } else {
                r->cut[f] = flow_table_scalar(cut, "value");
                r->cut_edges[f] = flow_table_row_count(cut);
                if (r->cut_edges[f] > 0) { /* rows sorted by weight, descending */
                    r->cut_from[f] = flow_network_node_index(net, flow_table_text(cut, 0, 0));
                    r->cut_to[f] = flow_network_node_index(net, flow_table_text(cut, 1, 0));
                    r->cut_edge[f] =
                        flow_table_doubles(cut, (size_t)flow_table_column_index(cut, "weight"))[0];
                }
            }
        }
        flow_table_free(cut);
        flow_table_free(fit);
        flow_selection_free(sel);
    }
    return rc;
}

/* The headline numbers of factor f: [H_COUNT]. */
static void headlines(double *h, const ew_result *r, size_t f)
{
    size_t y = (r->ny - 1) * r->nf + f;
    h[H_EW] = r->ew[y];
    h[H_WE] = r->we[y];
    h[H_NET] = r->ew[y] - r->we[y];
    h[H_EW_RATIO] = r->exp_ew[f] > 0 ? r->ew[y] / r->exp_ew[f] : 0.0;
    h[H_WE_RATIO] = r->exp_we[f] > 0 ? r->we[y] / r->exp_we[f] : 0.0;
}

/* ---- the report's small helpers ------------------------------------------- */

/* A weight: whole above 100 in magnitude, two decimals below. */
static const char *num(char *buf, size_t size, double x)
{
    snprintf(buf, size, (x >= 100 || x <= -100) ? "%.0f" : "%.2f", x);
    return buf;
}

/* Percent change from a to b ("n/a" when a is 0). */
static const char *pct(char *buf, size_t size, double a, double b)
{
    if (a == 0.0)
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%+.1f%%", 100.0 * (b - a) / a);
    return buf;
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    study_options opt;
    int rc = study_parse_options(&opt, argc, argv,
                                 OPT_GROUPS | OPT_LEVEL | OPT_YEARS | OPT_PROGRAMMES | OPT_ASSUMPTIONS,
                                 "region", SYNOPSIS, NEEDS);
    if (rc >= 0) return rc;
    if (strcmp(opt.level, "region") != 0) {
        /* East and West are regions: every node counts with its region */
        fprintf(stderr, "%s: --level %s: this study compares regions, so its one level is "
                        "'region' (study_clusters takes others); see %s --help\n",
                PROG, opt.level, PROG);
        return 2;
    }
    rc = 0;
    const char *path = opt.data;
    char prog_path[4200] = "", b1[64], b2[64], b3[64], b4[64], sb[512];
    flow_network *base = NULL, *prog = NULL;
    net_data bd, pd;
    ew_result r;
    study_sens sens;
    int modelled_year = FLOW_NO_YEAR, have_prog = 0;
    double *prog_ew = NULL, *prog_we = NULL;
    size_t *prog_n = NULL;

    memset(&bd, 0, sizeof bd);
    memset(&pd, 0, sizeof pd);
    memset(&r, 0, sizeof r);
    memset(&sens, 0, sizeof sens);

    /* ---- load and compute ---- */
    if ((rc = load_study_data(&base, &opt)) != 0) return rc;
    if ((rc = read_network(&bd, base)) != 0) goto done;
    if ((rc = compute(&r, base, &bd, &opt)) != 0) goto done;
    size_t nf = bd.nf, ny = r.ny;
    int first = r.years[0], latest = r.years[ny - 1];

    /* the sensitivity: the same on every assumption set */
    if ((rc = sens_open(&sens, opt.assumptions, nf * H_COUNT)) != 0) goto done;
    for (size_t f = 0; f < nf; f++) headlines(&sens.base[f * H_COUNT], &r, f);
    for (size_t i = 0; i < sens.n; i++) {
        study_options so = opt;
        flow_network *sn = NULL;
        net_data sd;
        ew_result sr;
        so.data = sens.path[i];
        memset(&sd, 0, sizeof sd);
        memset(&sr, 0, sizeof sr);
        if ((rc = load_study_data(&sn, &so)) == 0 && (rc = read_network(&sd, sn)) == 0 &&
            (rc = compute(&sr, sn, &sd, &so)) == 0) {
            for (size_t f = 0; f < nf && rc == 0; f++) {
                size_t g = 0;
                while (g < sd.nf && strcmp(sd.factor[g], bd.factor[f]) != 0) g++;
                if (g == sd.nf)
                    rc = bad_data("%s: no flows of factor '%s'", sens.path[i], bd.factor[f]);
                else if (sr.years[sr.ny - 1] != latest)
                    rc = bad_data("%s: its latest year is %d, not %d", sens.path[i],
                                  sr.years[sr.ny - 1], latest);
                else
                    headlines(&sens.value[i * sens.k + f * H_COUNT], &sr, g);
            }
        }
        ew_free(&sr);
        net_data_free(&sd);
        flow_network_free(sn);
        if (rc != 0) goto done;
    }

    /* the programme file: plain accounting */
    if (opt.programmes) {
        FILE *pf;
        snprintf(prog_path, sizeof prog_path, "%s/programmes/flows.csv", path);
        if ((pf = fopen(prog_path, "r")) != NULL) {
            fclose(pf);
            if ((rc = load_programmes(&prog, prog_path, sizeof prog_path, path)) != 0) goto done;
            if ((rc = read_network(&pd, prog)) != 0) goto done;
            have_prog = 1;
        }
    }
    prog_ew = calloc(nf + 1, sizeof *prog_ew);
    prog_we = calloc(nf + 1, sizeof *prog_we);
    prog_n = calloc(nf + 1, sizeof *prog_n);
    if (!prog_ew || !prog_we || !prog_n) {
        rc = oom();
        goto done;
    }
    for (size_t k = 0; have_prog && k < pd.nk; k++) {
        int64_t s = flow_network_node_index(base, pd.id[pd.source[k]]);
        int64_t t = flow_network_node_index(base, pd.id[pd.target[k]]);
        size_t f = 0;
        if (pd.year[k] != latest || s < 0 || t < 0) continue;
        while (f < nf && strcmp(bd.factor[f], pd.flow_factor[k]) != 0) f++;
        if (f == nf) continue;
        prog_n[f]++;
        if (r.bloc[s] == 'E' && r.bloc[t] == 'W') prog_ew[f] += pd.weight[k];
        if (r.bloc[s] == 'W' && r.bloc[t] == 'E') prog_we[f] += pd.weight[k];
    }

    /* the year computed from published figures, for a modelled data set */
    if (is_modelled(base)) modelled_year = anchor_year(path);

    /* ---- the report ---- */
    printf("East-West study: the direct flows between the eastern and the western regions\n");
    printf("libflow %s; data set %s; years %d-%d; level %s\n", flow_version(), path, first, latest,
           opt.level);
    if ((rc = provenance(base)) != 0) goto done;
    sens_note(&sens, base);
    printf("\n");

    /* the finding that matters most: the direction of each factor's direct flows */
    printf("Finding, %d: the direct flows between the eastern and the western regions\n", latest);
    for (size_t f = 0; f < nf; f++) {
        const double *h = &sens.base[f * H_COUNT];
        int west = h[H_NET] < 0;
        size_t j = f * H_COUNT;
        const char *fmt = (h[H_EW] >= 100 || h[H_WE] >= 100) ? "%.0f" : "%.2f";
        para("%s runs %s: %s", bd.factor[f], west ? "West -> East" : "East -> West",
             sens_text(sb, sizeof sb, &sens, j + (west ? H_WE : H_EW), fmt));
        para(" %s against %s", west ? "West->East" : "East->West",
             sens_text(sb, sizeof sb, &sens, j + (west ? H_EW : H_WE), fmt));
        para(" %s%s%s; %s / gravity expectation", west ? "East->West" : "West->East",
             *unit_of(&bd, f) ? " " : "", unit_of(&bd, f),
             is_modelled(base) ? "modelled" : "observed");
        para(" %s", sens_text(sb, sizeof sb, &sens, j + (west ? H_WE_RATIO : H_EW_RATIO), "%.2f"));
        para(" and %s.", sens_text(sb, sizeof sb, &sens, j + (west ? H_EW_RATIO : H_WE_RATIO), "%.2f"));
        if (sens.n > 0) { /* does the direction survive the assumptions? */
            size_t flips = 0;
            for (size_t i = 0; i < sens.n; i++)
                flips += (sens.value[i * sens.k + j + H_NET] < 0) != west;
            if (flips == 0)
                para(" The direction holds under all %zu assumption sets.", sens.n);
            else
                para(" The direction reverses under %zu of the %zu assumption sets.", flips, sens.n);
        }
        para_flush();
    }
    para("Expectation: a gravity model of the same year's flows between regions, with a fixed "
         "effect per region's outflow and inflow, and distance; a ratio near 1 is what the "
         "regions' sizes and distance predict.");
    para_flush_lead("");
    if (is_modelled(base)) {
        para("Caveat: these flows are modelled (a gravity model, see the Provenance), not "
             "observed, so the gravity ratios above measure the model's own terms.");
        if (modelled_year != FLOW_NO_YEAR)
            para(" Only %d is computed from published figures (years.csv); every other year is "
                 "extrapolated by assumption from it, so the trends below are the model's growth "
                 "rates.",
                 modelled_year);
        else
            para(" No years.csv names the year computed from published figures: treat every "
                 "year as the model's.");
    } else {
        para("Caveat: direct flows only. East and West");
        para(" (%zu and %zu regions, %s)", r.ne, r.nw,
             r.by_groups ? "the groups 'East' and 'West'" : "by macro_region");
        para(" exchange %.1f%% of the %s between distinct regions in %d; the other regions' flows "
             "count nowhere here. What a weight counts is for the Provenance to say.",
             r.all[(ny - 1) * nf] > 0 ? 100.0 * (r.ew[(ny - 1) * nf] + r.we[(ny - 1) * nf]) /
                                            r.all[(ny - 1) * nf]
                                      : 0.0,
             bd.factor[0], latest);
    }
    para_flush_lead("");

    printf("\n== Direct flows between the %zu eastern and %zu western regions\n\n", r.ne, r.nw);
    printf("East (%s):", r.by_groups ? "group 'East'" : "macro_region 'east'");
    for (size_t i = 0; i < r.ne; i++) printf(" %s", r.east[i]);
    printf("\nWest (%s):", r.by_groups ? "group 'West'" : "macro_region 'west'");
    for (size_t i = 0; i < r.nw; i++) printf(" %s", r.west[i]);
    printf("\n\n%-12s %-16s %6s %12s %12s %13s %8s\n", "factor", "unit", "year", "East->West",
           "West->East", "net E->W", "E<->W %");
    for (size_t f = 0; f < nf; f++)
        for (size_t y = 0; y < ny; y++) {
            size_t c = y * nf + f;
            int marked = modelled_year != FLOW_NO_YEAR && r.years[y] != modelled_year;
            printf("%-12s %-16s %5d%s %12s %12s %13s %7.1f%%\n", y == 0 ? bd.factor[f] : "",
                   y == 0 ? unit_of(&bd, f) : "", r.years[y], marked ? "*" : " ",
                   num(b1, sizeof b1, r.ew[c]), num(b2, sizeof b2, r.we[c]),
                   num(b3, sizeof b3, r.ew[c] - r.we[c]),
                   r.all[c] > 0 ? 100.0 * (r.ew[c] + r.we[c]) / r.all[c] : 0.0);
        }
    printf("(E<->W %%: East->West plus West->East, in %% of all flows between distinct regions)\n");
    if (modelled_year != FLOW_NO_YEAR)
        printf("(*: extrapolated by assumption from %d, the year the model computes from "
               "published figures)\n", modelled_year);

    printf("\n== Is it large? %s against the gravity expectation in %d\n\n",
           is_modelled(base) ? "Modelled" : "Observed", latest);
    printf("%-12s %12s %12s %6s %12s %12s %6s %9s %6s\n", "factor", "E->W flow", "E->W exp",
           "ratio", "W->E flow", "W->E exp", "ratio", "distance", "R2");
    for (size_t f = 0; f < nf; f++) {
        const double *h = &sens.base[f * H_COUNT];
        printf("%-12s %12s %12s %6.2f %12s %12s %6.2f %9.3f %6.3f\n", bd.factor[f],
               num(b1, sizeof b1, h[H_EW]), num(b2, sizeof b2, r.exp_ew[f]), h[H_EW_RATIO],
               num(b3, sizeof b3, h[H_WE]), num(b4, sizeof b4, r.exp_we[f]), h[H_WE_RATIO],
               r.dist[f], r.r2[f]);
    }
    printf("(expected: flow_gravity_fit on the year's flows between domestic regions, origin\n"
           " and destination fixed effects and log distance; distance: its coefficient;\n"
           " R2: pseudo-R2. A ratio above 1: more than the regions' sizes and distance predict)\n");

    printf("\n== Multi-hop capacity among domestic regions in %d (minimum cut)\n\n", latest);
    printf("Each flow between two regions taken as a pipe's capacity: the most that could\n"
           "pass from the East to the West through chains of regions. A capacity, not a\n"
           "transfer; flows from or to countries and national institutions are left out.\n\n");
    printf("%-12s %12s %12s %6s  %s\n", "factor", "capacity", "direct E->W", "edges",
           "largest cut edge (share of the cut)");
    for (size_t f = 0; f < nf; f++) {
        printf("%-12s %12s %12s %6zu  ", bd.factor[f], num(b1, sizeof b1, r.cut[f]),
               num(b2, sizeof b2, r.ew[(ny - 1) * nf + f]), r.cut_edges[f]);
        if (r.cut_from[f] >= 0)
            printf("%s -> %s %s (%.1f%%)\n", bd.id[r.cut_from[f]], bd.id[r.cut_to[f]],
                   num(b3, sizeof b3, r.cut_edge[f]),
                   r.cut[f] > 0 ? 100.0 * r.cut_edge[f] / r.cut[f] : 0.0);
        else
            printf("none\n");
    }

    printf("\n== The programme file\n\n");
    if (!opt.programmes)
        printf("Left out (--without-programmes).\n");
    else if (!have_prog)
        printf("None: %s does not exist.\n", prog_path);
    else {
        printf("%s, %d: plain accounting of what the file adds, not a finding\n", prog_path,
               latest);
        printf("(its amounts are the generator's assumptions: see the Provenance).\n\n");
        printf("%-12s %6s %12s %9s %12s %9s\n", "factor", "flows", "adds E->W", "% direct",
               "adds W->E", "% direct");
        for (size_t f = 0; f < nf; f++) {
            double dew = r.ew[(ny - 1) * nf + f], dwe = r.we[(ny - 1) * nf + f];
            printf("%-12s %6zu %12s %8.1f%% %12s %8.1f%%\n", bd.factor[f], prog_n[f],
                   num(b1, sizeof b1, prog_ew[f]), dew > 0 ? 100.0 * prog_ew[f] / dew : 0.0,
                   num(b2, sizeof b2, prog_we[f]), dwe > 0 ? 100.0 * prog_we[f] / dwe : 0.0);
        }
    }

    /* ---- the reading, from the numbers above ---- */
    printf("\n== Reading\n\n");
    for (size_t f = 0; f < nf; f++) {
        size_t a = f, z = (ny - 1) * nf + f;
        const double *h = &sens.base[f * H_COUNT];
        para("%s%s%s%s: in %d East->West %s and West->East %s, net %s.", bd.factor[f],
             *unit_of(&bd, f) ? " (" : "", unit_of(&bd, f), *unit_of(&bd, f) ? ")" : "", latest,
             num(b1, sizeof b1, r.ew[z]), num(b2, sizeof b2, r.we[z]),
             num(b3, sizeof b3, r.ew[z] - r.we[z]));
        if (ny > 1)
            para(" From %d, East->West changed by %s and West->East by %s%s.", first,
                 pct(b1, sizeof b1, r.ew[a], r.ew[z]), pct(b2, sizeof b2, r.we[a], r.we[z]),
                 modelled_year != FLOW_NO_YEAR ? " (the model's growth assumptions, not observed "
                                                 "change)"
                                               : "");
        para(" Against the gravity expectation, East->West is %.2f times and West->East %.2f "
             "times what the regions' sizes and distance predict.",
             h[H_EW_RATIO], h[H_WE_RATIO]);
        para(" Through chains of domestic regions, at most %s could pass East to West (a "
             "capacity, %.2f times the direct flow)",
             num(b1, sizeof b1, r.cut[f]), r.ew[z] > 0 ? r.cut[f] / r.ew[z] : 0.0);
        if (r.cut_from[f] >= 0)
            para("; its largest cut edge is %s -> %s, %.1f%% of it", bd.name[r.cut_from[f]],
                 bd.name[r.cut_to[f]], r.cut[f] > 0 ? 100.0 * r.cut_edge[f] / r.cut[f] : 0.0);
        para(".");
        if (have_prog && (prog_ew[f] > 0 || prog_we[f] > 0))
            para(" The programme file adds %s East->West and %s West->East.",
                 num(b1, sizeof b1, prog_ew[f]), num(b2, sizeof b2, prog_we[f]));
        para_flush();
    }

done:
    free(prog_ew);
    free(prog_we);
    free(prog_n);
    sens_free(&sens);
    ew_free(&r);
    net_data_free(&pd);
    net_data_free(&bd);
    flow_network_free(prog);
    flow_network_free(base);
    return rc;
}

/*
 * study_east_west: how much can flow from China's eastern to its western
 * regions, what limits it, and how much the East-West pairing programmes
 * add.
 *
 *     study_east_west [DATA]          (default data/china)
 *
 * Method (every number comes from libflow on the data set):
 *  - sources: the nodes of kind "region" whose attribute macro_region is
 *    "east"; sinks: those whose macro_region is "west";
 *  - one selection per factor (talent, capital, technology: units differ,
 *    so factors are never added), rolled up to the region level so that
 *    institutions and cities count with their region, one year at a time;
 *  - the value is the maximum flow = the minimum cut's weight
 *    (flow_bottleneck_min_cut()); its edges are the corridors that limit it
 *    (its part "factor_edges", by factor);
 *  - "after": the data set is loaded a second time and the programmes' own
 *    flows (DATA/programmes/flows.csv, loaded as a lone flows table) are
 *    added to it with flow_network_add_flow();
 *  - each pairing group (east-west:*, xinjiang-four-party) alone: a fresh
 *    copy plus only the programme flows whose two ends are members of that
 *    group; the cut's increase is the group's contribution.
 *
 * Provenance: the report's opening names DATA/README.md when the data folder
 * has one, and cautions that the flows are modelled when the README says so
 * (data/china's are: a gravity model, not observations).
 *
 * Exit status: 0 ok, 3 bad data (unreadable or inconsistent data set),
 * 1 any other failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libflow.h>

#define PROG "study_east_west"
#define TOP_EDGES 8

#include "study_common.h" /* errors, loading, provenance, the reading */

/* ---- small helpers -------------------------------------------------------- */

/* A list of node ids borrowed from a network. */
typedef struct {
    const char **id;
    size_t n;
} idlist;

/* Regions (kind "region") whose text attribute macro_region equals `macro`. */
static int regions_of(idlist *out, const net_data *d, const char *macro)
{
    const char *const *m = text_attr(d, "macro_region");
    out->n = 0;
    out->id = malloc((d->nn ? d->nn : 1) * sizeof *out->id);
    if (!out->id) return -1;
    if (!m) return 0;
    for (size_t i = 0; i < d->nn; i++)
        if (d->kind[i] && strcmp(d->kind[i], "region") == 0 && m[i] && strcmp(m[i], macro) == 0)
            out->id[out->n++] = d->id[i];
    return 0;
}

/* The index of node `id` in the network of d, or -1. */
static int64_t node_of(const net_data *d, const char *id)
{
    return flow_network_node_index(flow_table_network(d->nodes), id);
}

/* "east", "west", ... for a region, the kind for anything else. */
static const char *place(const net_data *d, const char *id)
{
    int64_t i = node_of(d, id);
    const char *const *macro = text_attr(d, "macro_region");
    const char *m = NULL;
    if (i < 0) return "?";
    if (macro) m = macro[i];
    return m ? m : d->kind[i];
}

/* The macro-region of the region that holds node `id` (itself, or its
 * nearest ancestor of kind "region"), or NULL. */
static const char *macro_of(const net_data *d, const char *id)
{
    int64_t i = node_of(d, id);
    const char *const *macro = text_attr(d, "macro_region");
    while (i >= 0 && macro) {
        if (strcmp(d->kind[i], "region") == 0) return macro[i];
        i = d->parent[i];
    }
    return NULL;
}

/* Is node `id` a member of group g? */
static int in_group(const net_data *d, size_t g, const char *id)
{
    int64_t i = node_of(d, id);
    if (i < 0) return 0;
    for (size_t m = 0; m < d->size[g]; m++)
        if (group_member(d, g, m) == i) return 1;
    return 0;
}

static int is_pairing(const char *group)
{
    return strncmp(group, "east-west:", 10) == 0 || strcmp(group, "xinjiang-four-party") == 0;
}

/* Percent change from a to b ("n/a" when a is 0). */
static void pct(char *buf, size_t size, double a, double b)
{
    if (a == 0.0)
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%+.1f%%", 100.0 * (b - a) / a);
}

/* ---- the analysis ----------------------------------------------------------- */

/* A network with selections per factor, rolled up to regions. */
typedef struct {
    flow_network *net;
    flow_selection **sel; /* one per factor of the base network */
} copy;

static void copy_free(copy *c, size_t nf)
{
    if (c->sel)
        for (size_t f = 0; f < nf; f++) flow_selection_free(c->sel[f]);
    free(c->sel);
    flow_network_free(c->net);
    c->sel = NULL;
    c->net = NULL;
}

/* One selection per factor of the base network on `net`, rolled up to
 * regions. */
static int make_selections(copy *c, flow_network *net, const net_data *base)
{
    size_t nf = base->nf;
    c->sel = calloc(nf ? nf : 1, sizeof *c->sel);
    if (!c->sel) return oom();
    for (size_t f = 0; f < nf; f++) {
        const char *name = base->factor[f];
        if (flow_selection_new(&c->sel[f], net) < 0 ||
            flow_selection_set_factors(c->sel[f], &name, 1) < 0 ||
            flow_selection_set_level(c->sel[f], "region") < 0)
            return fail("making a selection");
    }
    return 0;
}

/* Loads the data set again (the copy), adds the programme flows of group g
 * (both ends members of g), or every programme flow when g < 0, and makes
 * the selections. Returns 0 or an exit status. */
static int make_copy(copy *c, const char *path, const net_data *base, const net_data *prog,
                     int64_t g, size_t *added)
{
    char what[512];
    *added = 0;
    c->net = NULL;
    if (flow_io_load(&c->net, path) < 0) {
        snprintf(what, sizeof what, "cannot load data set '%s'", path);
        return fail(what);
    }
    for (size_t k = 0; prog && k < prog->nk; k++) {
        const char *s = prog->id[prog->source[k]], *t = prog->id[prog->target[k]];
        const char *f = prog->flow_factor[k];
        if (g >= 0 && !(in_group(base, (size_t)g, s) && in_group(base, (size_t)g, t))) continue;
        if (flow_network_add_flow(c->net, s, t, f, prog->weight[k], (int)prog->year[k]) < 0)
            return fail("adding a programme flow");
        (*added)++;
    }
    return make_selections(c, c->net, base);
}

/* The cut value of one factor's selection in one year. */
static int cut_in(double *value, flow_table **keep, flow_selection *sel, int year,
                  const idlist *east, const idlist *west)
{
    flow_table *cut = NULL;
    if (flow_selection_set_years(sel, year, year) < 0 ||
        flow_bottleneck_min_cut(&cut, sel, east->id, east->n, west->id, west->n, 0) < 0)
        return fail("minimum cut");
    *value = flow_table_scalar(cut, "value");
    if (keep)
        *keep = cut;
    else
        flow_table_free(cut);
    return 0;
}

int main(int argc, char **argv)
{
    study_options opt;
    int parsed = study_parse_options(&opt, argc, argv, OPT_GROUPS, "region",
                                     "The minimum cut from the eastern to the western regions.",
                                     "  nodes of kind 'region' with a text attribute macro_region "
                                     "('east', 'west'),\n  dated flows, and DATA/programmes/flows.csv");
    if (parsed >= 0) return parsed;
    const char *path = opt.data;
    char prog_path[4096], buf[64], buf2[64];
    flow_network *base = NULL, *prog = NULL;
    net_data bd, pd; /* base and prog, read in bulk */
    flow_selection *all = NULL;
    flow_table *tot = NULL;
    idlist east = {NULL, 0}, west = {NULL, 0};
    copy before = {NULL, NULL}, after = {NULL, NULL}, *groups = NULL;
    int64_t *group_index = NULL;
    size_t ngroups = 0, nf = 0, nyears = 0, added = 0, *group_added = NULL;
    int *years = NULL, rc = 0;
    double *cut_before = NULL, *cut_after = NULL, *gain = NULL; /* [year][factor], [group][factor] */
    flow_table **last_cut = NULL;

    /* ---- load ---- */
    memset(&bd, 0, sizeof bd);
    memset(&pd, 0, sizeof pd);
    if ((rc = load_study_data(&base, &opt)) != 0) return rc;
    if ((rc = load_programmes(&prog, prog_path, sizeof prog_path, path)) != 0) goto done;
    if ((rc = read_network(&bd, base)) != 0 || (rc = read_network(&pd, prog)) != 0) goto done;
    if (regions_of(&east, &bd, "east") < 0 || regions_of(&west, &bd, "west") < 0) {
        rc = oom();
        goto done;
    }
    if (east.n == 0 || west.n == 0) {
        rc = bad_data("%s: no regions with macro_region 'east' and 'west' (nodes.csv needs kind "
                      "'region' and a macro_region column)", path);
        goto done;
    }
    nf = bd.nf;

    /* ---- the years: those of the dated flows ---- */
    if (flow_selection_new(&all, base) < 0 || flow_structure_totals(&tot, all) < 0) {
        rc = fail("totals");
        goto done;
    }
    years = malloc((flow_table_row_count(tot) + 1) * sizeof *years);
    if (!years) {
        rc = oom();
        goto done;
    }
    for (size_t r = 0; r < flow_table_row_count(tot); r++) {
        int y = (int)flow_table_ints(tot, (size_t)flow_table_column_index(tot, "year"))[r], seen = 0;
        if (y == FLOW_NO_YEAR) continue;
        for (size_t i = 0; i < nyears; i++) seen |= years[i] == y;
        if (!seen) years[nyears++] = y;
    }
    for (size_t i = 1; i < nyears; i++) /* insertion sort: a handful of years */
        for (size_t j = i; j > 0 && years[j - 1] > years[j]; j--) {
            int t = years[j];
            years[j] = years[j - 1];
            years[j - 1] = t;
        }
    if (nyears == 0) {
        rc = bad_data("%s: no flow has a year", path);
        goto done;
    }

    /* ---- the copies: before, after, one per pairing group ---- */
    if ((rc = make_selections(&before, base, &bd)) != 0) goto done; /* before: base itself */
    if ((rc = make_copy(&after, path, &bd, &pd, -1, &added)) != 0) goto done;
    group_index = malloc((bd.ng + 1) * sizeof *group_index);
    group_added = malloc((bd.ng + 1) * sizeof *group_added);
    if (!group_index || !group_added) {
        rc = oom();
        goto done;
    }
    for (size_t g = 0; g < bd.ng; g++)
        if (is_pairing(group_name(&bd, g))) group_index[ngroups++] = (int64_t)g;
    groups = calloc(ngroups + 1, sizeof *groups);
    cut_before = calloc(nyears * nf + 1, sizeof *cut_before);
    cut_after = calloc(nyears * nf + 1, sizeof *cut_after);
    gain = calloc(ngroups * nf + 1, sizeof *gain);
    last_cut = calloc(nf + 1, sizeof *last_cut);
    if (!groups || !cut_before || !cut_after || !gain || !last_cut) {
        rc = oom();
        goto done;
    }
    for (size_t i = 0; i < ngroups; i++)
        if ((rc = make_copy(&groups[i], path, &bd, &pd, group_index[i], &group_added[i])) != 0)
            goto done;

    /* ---- the cuts ---- */
    for (size_t y = 0; y < nyears; y++)
        for (size_t f = 0; f < nf; f++) {
            flow_table **keep = y + 1 == nyears ? &last_cut[f] : NULL;
            if ((rc = cut_in(&cut_before[y * nf + f], keep, before.sel[f], years[y], &east, &west)) ||
                (rc = cut_in(&cut_after[y * nf + f], NULL, after.sel[f], years[y], &east, &west)))
                goto done;
        }
    int latest = years[nyears - 1];
    const double *now_b = &cut_before[(nyears - 1) * nf], *now_a = &cut_after[(nyears - 1) * nf];
    for (size_t i = 0; i < ngroups; i++)
        for (size_t f = 0; f < nf; f++) {
            double v;
            if ((rc = cut_in(&v, NULL, groups[i].sel[f], latest, &east, &west))) goto done;
            gain[i * nf + f] = v - now_b[f];
        }

    /* ---- report ---- */
    printf("East-West study: the minimum cut from the eastern to the western regions\n");
    printf("libflow %s; data set %s; programme flows %s\n", flow_version(), path, prog_path);
    printf("Level: region (institutions and cities count with their region); years %d-%d\n",
           years[0], latest);
    if ((rc = provenance(base)) != 0) goto done;
    printf("\n");
    printf("Sources: %zu eastern regions:", east.n);
    for (size_t i = 0; i < east.n; i++) printf(" %s", east.id[i]);
    printf("\nSinks:   %zu western regions:", west.n);
    for (size_t i = 0; i < west.n; i++) printf(" %s", west.id[i]);
    size_t attributed = 0;
    for (size_t i = 0; i < ngroups; i++) attributed += group_added[i];
    printf("\nProgramme flows: %zu (%zu pairing groups)\n\n", added, ngroups);

    printf("== Minimum cut East -> West in %d, before and after the programmes\n\n", latest);
    printf("%-12s %-16s %14s %14s %14s %9s\n", "factor", "unit", "before", "after", "change",
           "change%");
    for (size_t f = 0; f < nf; f++) {
        pct(buf, sizeof buf, now_b[f], now_a[f]);
        printf("%-12s %-16s %14.2f %14.2f %+14.2f %9s\n", bd.factor[f], unit_of(&bd, f), now_b[f],
               now_a[f], now_a[f] - now_b[f], buf);
    }

    printf("\n== Trend %d-%d of the cut value (before | after the programmes)\n\n", years[0],
           latest);
    printf("%-6s", "year");
    for (size_t f = 0; f < nf; f++) printf(" %25s", bd.factor[f]);
    printf("\n");
    for (size_t y = 0; y < nyears; y++) {
        printf("%-6d", years[y]);
        for (size_t f = 0; f < nf; f++)
            printf(" %12.2f|%12.2f", cut_before[y * nf + f], cut_after[y * nf + f]);
        printf("\n");
    }
    printf("%-6s", "change");
    for (size_t f = 0; f < nf; f++) {
        pct(buf, sizeof buf, cut_before[f], now_b[f]);
        pct(buf2, sizeof buf2, cut_after[f], now_a[f]);
        printf(" %12s|%12s", buf, buf2);
    }
    printf("\n");

    printf("\n== Limiting corridors: the cut edges in %d, before the programmes\n", latest);
    for (size_t f = 0; f < nf; f++) {
        const flow_table *e = flow_table_part(last_cut[f], "factor_edges");
        double total = flow_table_scalar(last_cut[f], "value");
        size_t ne = flow_table_row_count(e);
        size_t side = (size_t)flow_table_scalar(last_cut[f], "source_side");
        size_t n = side + (size_t)flow_table_scalar(last_cut[f], "sink_side");
        printf("\n%s (%s): %zu cut edges, total %.2f; %zu of %zu vertices on the eastern side\n",
               bd.factor[f], unit_of(&bd, f), ne, total, side, n);
        printf("  %-10s %-16s %-10s %-16s %12s %7s\n", "from", "", "to", "", "weight", "share");
        for (size_t i = 0; i < ne && i < TOP_EDGES; i++) {
            const char *s = flow_table_text(e, 0, i), *t = flow_table_text(e, 1, i);
            double w = flow_table_doubles(e, 3)[i]; /* source, target, factor, weight */
            snprintf(buf, sizeof buf, "(%s)", place(&bd, s));
            snprintf(buf2, sizeof buf2, "(%s)", place(&bd, t));
            printf("  %-10s %-16s %-10s %-16s %12.2f %6.1f%%\n", s, buf, t, buf2, w,
                   total > 0 ? 100.0 * w / total : 0.0);
        }
        if (ne > TOP_EDGES) {
            double rest = 0;
            for (size_t i = TOP_EDGES; i < ne; i++) rest += flow_table_doubles(e, 3)[i];
            printf("  ... %zu more edges carrying %.2f (%.1f%%)\n", ne - TOP_EDGES, rest,
                   total > 0 ? 100.0 * rest / total : 0.0);
        }
    }

    printf("\n== Pairings: the cut increase in %d from each group's programme flows alone\n\n",
           latest);
    printf("%-32s %6s", "group", "flows");
    for (size_t f = 0; f < nf; f++) printf(" %16s", bd.factor[f]);
    printf("\n");
    for (size_t i = 0; i < ngroups; i++) {
        printf("%-32s %6zu", group_name(&bd, (size_t)group_index[i]), group_added[i]);
        for (size_t f = 0; f < nf; f++) printf(" %+16.2f", gain[i * nf + f]);
        printf("\n");
    }
    printf("%-32s %6zu", "all programmes together", added);
    for (size_t f = 0; f < nf; f++) printf(" %+16.2f", now_a[f] - now_b[f]);
    printf("\n");
    if (attributed != added)
        printf("(%zu programme flows belong to no pairing group)\n", added - attributed);

    /* ---- the reading, from the numbers above ---- */
    printf("\n== Reading\n\n");
    for (size_t f = 0; f < nf; f++) {
        const char *fn = bd.factor[f], *unit = unit_of(&bd, f);
        const flow_table *e = flow_table_part(last_cut[f], "factor_edges");
        const double *ew = flow_table_doubles(e, 3); /* source, target, factor, weight */
        size_t best = 0;
        para("%s: at most %.2f %s can move from East to West in %d", fn, now_b[f], unit, latest);
        if (nyears > 1 && cut_before[f] > 0)
            para(" (%.2f in %d, %s)", cut_before[f], years[0],
                   now_b[f] >= cut_before[f] ? "up" : "down");
        para(".");
        if (flow_table_row_count(e) > 0) {
            const char *s = flow_table_text(e, 0, 0), *t = flow_table_text(e, 1, 0);
            para(" The tightest corridor is %s -> %s (%s -> %s), %.1f%% of the cut", node_name(&bd, s),
                   node_name(&bd, t), place(&bd, s), place(&bd, t),
                   now_b[f] > 0 ? 100.0 * ew[0] / now_b[f] : 0.0);
            para(".");
        }
        /* how much of the cut enters the West from outside the East */
        double not_east = 0;
        for (size_t i = 0; i < flow_table_row_count(e); i++)
            if (!is(place(&bd, flow_table_text(e, 0, i)), "east")) not_east += ew[i];
        if (now_b[f] > 0 && not_east > 0)
            para(" %.1f%% of the cut reaches the West through regions or nodes outside the East.",
                   100.0 * not_east / now_b[f]);
        pct(buf, sizeof buf, now_b[f], now_a[f]);
        if (now_a[f] - now_b[f] > 0) {
            para(" The programmes raise it by %.2f (%s)", now_a[f] - now_b[f], buf);
            for (size_t i = 1; i < ngroups; i++)
                if (gain[i * nf + f] > gain[best * nf + f]) best = i;
            if (ngroups > 0 && gain[best * nf + f] > 0)
                para("; the largest single gain, %.2f, comes from %s",
                       gain[best * nf + f], group_name(&bd, (size_t)group_index[best]));
            para(".");
            para_flush();
        } else {
            /* why not: the direction of the programme flows of this factor */
            size_t n_f = 0, e2w = 0, w2e = 0;
            for (size_t k = 0; k < pd.nk; k++) {
                const char *ms, *mt;
                if (!is(pd.flow_factor[k], fn) || pd.year[k] != latest) continue;
                ms = macro_of(&bd, pd.id[pd.source[k]]);
                mt = macro_of(&bd, pd.id[pd.target[k]]);
                n_f++;
                e2w += is(ms, "east") && is(mt, "west");
                w2e += is(ms, "west") && is(mt, "east");
            }
            para(" The programmes do not raise it: of their %zu %s flows in %d, %zu run from East "
                   "to West and %zu from West to East.", n_f, fn, latest, e2w, w2e);
            para_flush();
        }
    }
    para("Over %d-%d the cut changed by", years[0], latest);
    for (size_t f = 0; f < nf; f++) {
        pct(buf, sizeof buf, cut_before[f], now_b[f]);
        para("%s %s for %s", f == 0 ? "" : (f + 1 == nf ? " and" : ","), buf, bd.factor[f]);
    }
    para(" (without the programmes).");
    para_flush();

done:
    if (last_cut)
        for (size_t f = 0; f < nf; f++) flow_table_free(last_cut[f]);
    free(last_cut);
    free(gain);
    free(cut_after);
    free(cut_before);
    if (groups)
        for (size_t i = 0; i < ngroups; i++) copy_free(&groups[i], nf);
    free(groups);
    free(group_added);
    free(group_index);
    copy_free(&after, nf);
    copy_free(&before, nf);
    free(years);
    free(east.id);
    free(west.id);
    flow_table_free(tot);
    flow_selection_free(all);
    net_data_free(&pd);
    net_data_free(&bd);
    flow_network_free(prog);
    flow_network_free(base);
    return rc;
}

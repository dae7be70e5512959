/*
 * study_xinjiang: the Xinjiang four-party mechanism (Xinjiang, the Ministry
 * of Science and Technology, the Chinese Academy of Sciences, Shenzhen):
 * who brokers and who dominates the flows into Xinjiang, what is lost if
 * one partner drops out, and which of these readings survive other
 * assumptions of the data set.
 *
 *     study_xinjiang [DATA] [options]          (study_xinjiang --help)
 *
 * Method (every number comes from libflow on the data set):
 *  - the mechanism is the group "xinjiang-four-party"; its member with the
 *    role "recipient" is the recipient (Xinjiang), the others the partners;
 *  - the flows: the data set's, plus the pairing programmes' own flows
 *    (DATA/programmes/flows.csv, added to every selection as a
 *    counterfactual, FLOW_WITH_FLOWS) unless --without-programmes;
 *  - one selection per factor, one year (default the latest), no roll-up
 *    (Shenzhen, the Ministry and the Academy stay nodes of their own);
 *  - brokers: betweenness with path length 1 / weight (a strong flow is a
 *    short path) and with hop counts (every edge length 1): the two
 *    disagree when a few strong edges carry the shortest paths. The
 *    Gould-Fernandez roles (flow_brokerage_compute()) need a partition; the
 *    rule: a member of the mechanism is in the group "mechanism"; every
 *    other node is in the group of its macro_region attribute (east,
 *    central, ...); a node with neither is outside every group and its
 *    roles print "n/a". Declared groups other than the mechanism overlap
 *    (a region is in an alliance and a pairing at once) and are not used.
 *    Each count has its expectation and z-score under a random graph of
 *    the same density (sna's, brokerage.h);
 *  - dominators: for the three eastern regions (macro_region east) that
 *    send the most flow in all, the nodes every path from them to the
 *    recipient must cross, with the flow each sends to the recipient
 *    directly ("direct" only when that edge exists); the must-cross nodes
 *    from the whole East; the critical nodes of the maximum flow from the
 *    East (max-flow loss when the node is removed);
 *  - a partner dropping out: the maximum flow from the partners to the
 *    recipient, recomputed without that partner (FLOW_WITHOUT_NODES);
 *  - sensitivity (--assumptions DIR): the headline numbers and names (the
 *    partners' share, the top broker, the most critical node) recomputed
 *    on every data set in DIR's subfolders, written by
 *    data/china/generate.py --assumption-sets DIR.
 *
 * Provenance: the report's opening names DATA/README.md when the data folder
 * has one, and cautions that the flows are modelled when the README says so.
 *
 * Exit status: 0 ok, 2 bad usage, 3 bad data or a data set that lacks what
 * the study needs, 1 any other failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libflow.h>

#define PROG "study_xinjiang"
#define GROUP "xinjiang-four-party"
#define TOP 5
#define MAIN_SOURCES 3
#define MAXF 16
#define ID 64

#include "study_common.h" /* errors, loading, options, sensitivity, the reading */

static const char SYNOPSIS[] =
    "Who brokers and who dominates the flows into Xinjiang under the four-party\n"
    "mechanism, what is lost if one partner drops out, and (with --assumptions)\n"
    "which of these readings survive the data set's other assumptions. Without\n"
    "--year, the latest year; no roll-up.";

static const char NEEDS[] =
    "  the group 'xinjiang-four-party' (groups.csv) with one member of role\n"
    "  'recipient' and at least one other member; regions (kind region) with\n"
    "  a text attribute macro_region, some of them 'east'; dated flows; and,\n"
    "  unless --without-programmes, DATA/programmes/flows.csv";

/* ---- the mechanism and the East of one data set ----------------------------- */

typedef struct {
    const char *recipient;
    const char **partners, **east;
    size_t np, neast;
} roles;

static void roles_free(roles *r)
{
    free(r->partners);
    free(r->east);
    memset(r, 0, sizeof *r);
}

/* The recipient, partners and eastern regions of the network read in nd;
 * returns 0 or 3 (reported, naming `path`). */
static int roles_of(roles *r, const net_data *nd, const flow_network *net, const char *path)
{
    int64_t g = flow_network_group_index(net, GROUP);
    const char *const *macro;
    memset(r, 0, sizeof *r);
    if (g < 0) return need(path, "group '" GROUP "' (groups.csv)", "the mechanism");
    r->partners = malloc((nd->size[g] + 1) * sizeof *r->partners);
    r->east = malloc((nd->nn + 1) * sizeof *r->east);
    if (!r->partners || !r->east) {
        roles_free(r);
        return oom();
    }
    for (size_t m = 0; m < nd->size[g]; m++) {
        const char *id = nd->id[group_member(nd, (size_t)g, m)];
        if (is(nd->role[nd->first[g] + m], "recipient") && !r->recipient)
            r->recipient = id;
        else
            r->partners[r->np++] = id;
    }
    if (!r->recipient || r->np == 0) {
        roles_free(r);
        return need(path, "member of role 'recipient' and partner in group '" GROUP "'",
                    "the mechanism");
    }
    macro = text_attr(nd, "macro_region");
    for (size_t i = 0; macro && i < nd->nn; i++)
        if (is(nd->kind[i], "region") && is(macro[i], "east")) r->east[r->neast++] = nd->id[i];
    if (r->neast == 0) {
        roles_free(r);
        return need(path, "region with macro_region 'east'", "the flows from the East");
    }
    return 0;
}

/* ---- selections ---------------------------------------------------------------- */

/* A selection of one factor in one year, with the programme flows when
 * prog is set, without node `drop` when set. */
static int select_factor(flow_selection **out, flow_network *net, const char *factor, int year,
                         const char *prog, const char *drop)
{
    *out = NULL;
    if (flow_selection_new(out, net) < 0 || flow_selection_set_factors(*out, &factor, 1) < 0 ||
        flow_selection_set_years(*out, year, year) < 0 ||
        (prog && flow_selection_set_counterfactual(*out, FLOW_WITH_FLOWS, &prog, 1) < 0) ||
        (drop && flow_selection_set_counterfactual(*out, FLOW_WITHOUT_NODES, &drop, 1) < 0)) {
        flow_selection_free(*out);
        *out = NULL;
        return fail("selection");
    }
    return 0;
}

/* The direct flow into `recipient` in a selection's graph: in total and
 * from the partners. */
static int inflow_of(double *total, double *from_p, flow_selection *sel, const roles *r)
{
    flow_table *g = NULL;
    *total = *from_p = 0;
    if (flow_selection_table(&g, sel) < 0) return fail("graph");
    for (size_t e = 0; e < flow_table_row_count(g); e++) {
        const char *s = flow_table_text(g, 0, e), *t = flow_table_text(g, 1, e);
        double w = flow_table_doubles(g, 2)[e];
        int from_partner = 0;
        if (!is(t, r->recipient)) continue;
        for (size_t p = 0; p < r->np; p++) from_partner |= is(s, r->partners[p]);
        *total += w;
        if (from_partner) *from_p += w;
    }
    flow_table_free(g);
    return 0;
}

/* The id of the vertex with the largest betweenness (length transform
 * `length`) in sel, into id[ID] ("" without vertices); its value in *value. */
static int top_betweenness(char *id, double *value, flow_selection *sel, int length)
{
    flow_centrality_options co = FLOW_CENTRALITY_OPTIONS_INIT;
    flow_table *t = NULL;
    size_t n, *order;
    co.length = length;
    id[0] = '\0';
    *value = 0;
    if (flow_centrality_compute(&t, sel, FLOW_BETWEENNESS, &co) < 0) return fail("betweenness");
    n = flow_table_row_count(t);
    order = malloc((n + 1) * sizeof *order);
    if (!order || flow_structure_rank(order, flow_table_doubles(t, 1), n, 1) < 0) {
        free(order);
        flow_table_free(t);
        return oom();
    }
    if (n > 0) {
        snprintf(id, ID, "%s", flow_table_text(t, 0, order[0]));
        *value = flow_table_doubles(t, 1)[order[0]];
    }
    free(order);
    flow_table_free(t);
    return 0;
}

/* ---- the headline of one data set ------------------------------------------ */

typedef struct {
    double share[MAXF];          /* the partners' share of the recipient's direct inflow, % */
    char broker[MAXF][ID];       /* top by betweenness, lengths 1 / weight */
    double broker_btw[MAXF];     /* its betweenness */
    char broker_hops[MAXF][ID];  /* top by betweenness, hop counts */
    double east_flow[MAXF];      /* maximum flow East -> recipient */
    char crit[MAXF][ID];         /* the most critical node of that flow ("" none) */
    double crit_share[MAXF];     /* its loss, % of east_flow */
} headline;

/* The headline of the network net (read in nd) for the factors named in
 * factor[0..nf): every factor it lacks leaves its entries empty. */
static int headline_of(headline *h, flow_network *net, const roles *r, const char *const *factor,
                       size_t nf, int year, const char *prog)
{
    memset(h, 0, sizeof *h);
    for (size_t f = 0; f < nf; f++) {
        flow_selection *sel = NULL;
        flow_table *cut = NULL, *crit = NULL;
        double total, from_p, v;
        size_t n, *order = NULL;
        int rc;
        if (flow_network_factor_index(net, factor[f]) < 0) continue;
        if ((rc = select_factor(&sel, net, factor[f], year, prog, NULL)) != 0) return rc;
        if ((rc = inflow_of(&total, &from_p, sel, r)) != 0 ||
            (rc = top_betweenness(h->broker[f], &h->broker_btw[f], sel, FLOW_LENGTH_INVERSE)) != 0 ||
            (rc = top_betweenness(h->broker_hops[f], &v, sel, FLOW_LENGTH_UNIT)) != 0) {
            flow_selection_free(sel);
            return rc;
        }
        h->share[f] = total > 0 ? 100.0 * from_p / total : 0.0;
        if (flow_bottleneck_min_cut(&cut, sel, r->east, r->neast, &r->recipient, 1, 0) < 0 ||
            flow_bottleneck_critical_nodes(&crit, sel, r->east, r->neast, &r->recipient, 1) < 0) {
            flow_table_free(cut);
            flow_selection_free(sel);
            return fail("critical nodes");
        }
        h->east_flow[f] = flow_table_scalar(cut, "value");
        n = flow_table_row_count(crit);
        order = malloc((n + 1) * sizeof *order);
        if (!order || flow_structure_rank(order, flow_table_doubles(crit, 1), n, 1) < 0) {
            rc = oom();
        } else if (n > 0 && flow_table_doubles(crit, 1)[order[0]] > 0 && h->east_flow[f] > 0) {
            snprintf(h->crit[f], ID, "%s", flow_table_text(crit, 0, order[0]));
            h->crit_share[f] = 100.0 * flow_table_doubles(crit, 1)[order[0]] / h->east_flow[f];
        }
        free(order);
        flow_table_free(crit);
        flow_table_free(cut);
        flow_selection_free(sel);
        if (rc) return rc;
    }
    return 0;
}

/* The headline of the data set at `path` (an assumption set), with its own
 * programme flows when the study uses them. */
static int headline_of_path(headline *h, const char *path, const study_options *o,
                            const char *const *factor, size_t nf, int year)
{
    study_options so = *o;
    flow_network *net = NULL;
    net_data nd;
    roles r;
    char prog[4200];
    int rc;
    so.data = path;
    snprintf(prog, sizeof prog, "%s/programmes/flows.csv", path);
    memset(&nd, 0, sizeof nd);
    memset(&r, 0, sizeof r);
    if ((rc = load_study_data(&net, &so)) != 0) return rc;
    if ((rc = read_network(&nd, net)) == 0 && (rc = roles_of(&r, &nd, net, path)) == 0)
        rc = headline_of(h, net, &r, factor, nf, year, o->programmes ? prog : NULL);
    roles_free(&r);
    net_data_free(&nd);
    flow_network_free(net);
    return rc;
}

/* The headline numbers of factor f (the partners' share, the critical
 * node's loss) on the data set and the assumption sets, for sens_text(). */
static void fill_sens(study_sens *s, const headline *base, const headline *sets, size_t f)
{
    s->base[0] = base->share[f];
    s->base[1] = base->crit_share[f];
    for (size_t i = 0; i < s->n; i++) {
        s->value[i * 2] = sets[i].share[f];
        s->value[i * 2 + 1] = sets[i].crit_share[f];
    }
}

/* " (elsewhere: X under set, ...)": the assumption sets whose top broker
 * (what 0) or most critical node (what 1) of factor f differs from base's. */
static void differ(const net_data *nd, const study_sens *s, const headline *base,
                   const headline *sets, size_t f, int what)
{
    size_t shown = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *id = what ? sets[i].crit[f] : sets[i].broker[f];
        if (strcmp(id, what ? base->crit[f] : base->broker[f]) == 0) continue;
        para("%s%s under %s", shown++ ? ", " : " (elsewhere: ", *id ? node_name(nd, id) : "none",
             s->name[i]);
    }
    if (shown) para(")");
}

/* "n/a" for an empty id. */
static const char *or_na(const char *id)
{
    return id && *id ? id : "n/a";
}

int main(int argc, char **argv)
{
    study_options o;
    study_sens sens;
    flow_network *net = NULL;
    net_data nd;
    roles r;
    headline base, *sets = NULL;
    char prog_path[4200], buf[512], buf2[512];
    const char *prog = NULL, *prog_file = NULL, *const *macro;
    const char *factor[MAXF];
    const char *gnames[MAXF + 1];
    size_t nf, ngroups = 0;
    int rc, year = 0;
    double *full = NULL, *loss = NULL; /* [factor], [partner][factor] */
    int64_t *membership = NULL;        /* per node: its brokerage group, -1 none */
    struct {
        char id[ID];
        long long paths;
        double expected, z;
    } gate[MAXF];

    memset(&nd, 0, sizeof nd);
    memset(&r, 0, sizeof r);
    memset(&sens, 0, sizeof sens);
    rc = study_parse_options(&o, argc, argv, OPT_GROUPS | OPT_YEARS | OPT_PROGRAMMES | OPT_ASSUMPTIONS,
                             NULL, SYNOPSIS, NEEDS);
    if (rc >= 0) return rc;
    if ((rc = load_study_data(&net, &o)) != 0) return rc;
    if ((rc = read_network(&nd, net)) != 0 || (rc = roles_of(&r, &nd, net, o.data)) != 0) goto done;
    nf = nd.nf < MAXF ? nd.nf : MAXF;
    for (size_t f = 0; f < nf; f++) factor[f] = nd.factor[f];
    if (o.year_from != FLOW_NO_YEAR && o.year_from != o.year_to) {
        fprintf(stderr, "%s: the study looks at one year: give --year Y, not --years; see %s --help\n",
                PROG, PROG);
        rc = 2;
        goto done;
    }
    if (o.year_from != FLOW_NO_YEAR)
        year = o.year_from;
    else if ((rc = latest_year(&year, net)) != 0)
        goto done;
    snprintf(prog_path, sizeof prog_path, "%s/programmes/flows.csv", o.data);
    {
        FILE *probe = fopen(prog_path, "r");
        if (probe) {
            fclose(probe);
            prog_file = prog_path;
        }
    }
    if (o.programmes && !prog_file) {
        rc = need(o.data, "programme flows (programmes/flows.csv)",
                  "the mechanism's own flows; --without-programmes leaves them out");
        goto done;
    }
    prog = o.programmes ? prog_file : NULL;
    if ((rc = sens_open(&sens, o.assumptions, 0)) != 0) goto done;
    full = calloc(MAXF, sizeof *full);
    loss = calloc(r.np * MAXF + 1, sizeof *loss);
    membership = malloc((nd.nn + 1) * sizeof *membership);
    sets = calloc(sens.n + 1, sizeof *sets);
    if (!full || !loss || !membership || !sets) {
        rc = oom();
        goto done;
    }

    /* the headline, on the data set and on every assumption set */
    if ((rc = headline_of(&base, net, &r, factor, nf, year, prog)) != 0) goto done;
    for (size_t i = 0; i < sens.n; i++)
        if ((rc = headline_of_path(&sets[i], sens.path[i], &o, factor, nf, year)) != 0) goto done;

    /* the brokerage partition: the mechanism, then each macro-region */
    macro = text_attr(&nd, "macro_region");
    gnames[ngroups++] = "mechanism";
    for (size_t i = 0; i < nd.nn; i++) {
        int in_mech = is(nd.id[i], r.recipient);
        for (size_t p = 0; p < r.np; p++) in_mech |= is(nd.id[i], r.partners[p]);
        membership[i] = -1;
        if (in_mech) {
            membership[i] = 0;
        } else if (macro && macro[i] && *macro[i]) {
            size_t g = 1;
            while (g < ngroups && strcmp(gnames[g], macro[i]) != 0) g++;
            if (g == ngroups && ngroups <= MAXF) gnames[ngroups++] = macro[i];
            membership[i] = g < ngroups ? (int64_t)g : -1;
        }
    }

    /* ---- opening ---- */
    sens_free(&sens);
    if ((rc = sens_open(&sens, o.assumptions, 2)) != 0) goto done;
    printf("Xinjiang study: the four-party mechanism and the flows into %s\n",
           node_name(&nd, r.recipient));
    {
        size_t f = 0;
        for (size_t g = 1; g < nf; g++)
            if (base.share[g] > base.share[f]) f = g;
        fill_sens(&sens, &base, sets, f);
        if (prog) {
            flow_selection *s0 = NULL;
            double t0, p0;
            if ((rc = select_factor(&s0, net, factor[f], year, NULL, NULL)) != 0 ||
                (rc = inflow_of(&t0, &p0, s0, &r)) != 0) {
                flow_selection_free(s0);
                goto done;
            }
            flow_selection_free(s0);
            para("Headline: in %d the mechanism's partners send %.1f%% of %s's direct %s inflow in the "
                 "data set's own flows, and %s once the programme file's flows are added (its stated "
                 "amounts: accounting, not a finding), their largest share of any factor.", year,
                 t0 > 0 ? 100.0 * p0 / t0 : 0.0, node_name(&nd, r.recipient), factor[f],
                 sens_text(buf, sizeof buf, &sens, 0, "%.1f%%"));
        } else {
            para("Headline: in %d the mechanism's partners send %s of %s's direct %s inflow (programme "
                 "flows left out), their largest share of any factor.", year,
                 sens_text(buf, sizeof buf, &sens, 0, "%.1f%%"), node_name(&nd, r.recipient), factor[f]);
        }
        para(" The brokers and critical nodes below depend on path length 1/weight and on the data "
             "set's assumptions (see \"Sensitivity\").");
        para_flush_lead("");
    }
    printf("libflow %s; data set %s; year %d; no roll-up; programme flows %s\n", flow_version(), o.data,
           year, prog ? prog : "left out");
    if ((rc = provenance(net)) != 0) goto done;
    sens_note(&sens, net);
    printf("\n== The mechanism (%s)\n\n", GROUP);
    printf("%-10s %-36s %-12s %s\n", "id", "name", "kind", "role");
    {
        int64_t g = flow_network_group_index(net, GROUP);
        for (size_t m = 0; m < nd.size[g]; m++) {
            size_t i = (size_t)group_member(&nd, (size_t)g, m);
            const char *role = nd.role[nd.first[g] + m];
            printf("%-10s %-36s %-12s %s\n", nd.id[i], nd.name[i], nd.kind[i],
                   role && *role ? role : "-");
        }
    }
    printf("\nDirect flows into %s in %d, without | with the programme flows:\n", r.recipient, year);
    printf("%-12s %-12s %23s %23s %15s\n", "factor", "unit", "inflow", "from partners", "share");
    for (size_t f = 0; f < nf; f++) {
        flow_selection *s0 = NULL, *s1 = NULL;
        double t0, p0, t1, p1;
        if ((rc = select_factor(&s0, net, factor[f], year, NULL, NULL)) != 0 ||
            (rc = select_factor(&s1, net, factor[f], year, prog_file, NULL)) != 0 ||
            (rc = inflow_of(&t0, &p0, s0, &r)) != 0 || (rc = inflow_of(&t1, &p1, s1, &r)) != 0) {
            flow_selection_free(s0);
            flow_selection_free(s1);
            goto done;
        }
        printf("%-12s %-12s %11.2f|%11.2f %11.2f|%11.2f %6.1f%%|%6.1f%%\n", factor[f], unit_of(&nd, f),
               t0, t1, p0, p1, t0 > 0 ? 100.0 * p0 / t0 : 0.0, t1 > 0 ? 100.0 * p1 / t1 : 0.0);
        flow_selection_free(s0);
        flow_selection_free(s1);
    }
    printf("The difference between the columns is what the programme file adds: accounting, not\n"
           "a finding. From here on the programme flows are %s.\n", prog ? "included" : "left out");

    /* ---- brokers ---- */
    printf("\n== Brokers: betweenness and Gould-Fernandez roles, %d\n\n", year);
    printf("Betweenness counts shortest paths, with path length 1/weight (a strong flow is short)\n"
           "and with hop counts. Groups for the roles (a partition, by rule): the mechanism's\n"
           "members; every other node by its macro_region (");
    for (size_t g = 1; g < ngroups; g++) printf("%s%s", g > 1 ? ", " : "", gnames[g]);
    printf(");\nnodes with neither are outside every group: n/a. Brokered paths are open two-paths\n"
           "a -> v -> b; expected and z under a random graph of the same density (sna).\n");
    for (size_t f = 0; f < nf; f++) {
        flow_selection *sel = NULL;
        flow_table *btw = NULL, *hops = NULL, *br = NULL, *graph = NULL;
        flow_centrality_options co = FLOW_CENTRALITY_OPTIONS_INIT;
        size_t n, *order = NULL;
        int64_t *vm = NULL;
        memset(&gate[f], 0, sizeof gate[f]);
        if ((rc = select_factor(&sel, net, factor[f], year, prog, NULL)) != 0) goto done;
        co.length = FLOW_LENGTH_UNIT;
        if (flow_centrality_compute(&btw, sel, FLOW_BETWEENNESS, NULL) < 0 ||
            flow_centrality_compute(&hops, sel, FLOW_BETWEENNESS, &co) < 0 ||
            flow_selection_table(&graph, sel) < 0) {
            rc = fail(factor[f]);
        } else {
            const flow_table *vn = flow_table_part(graph, "vertices");
            n = flow_table_row_count(vn);
            vm = malloc((n + 1) * sizeof *vm);
            if (!vm) {
                rc = oom();
            } else {
                for (size_t v = 0; v < n; v++) vm[v] = membership[flow_table_ints(vn, 0)[v]];
                if (flow_brokerage_compute(&br, sel, vm, n, NULL) < 0) rc = fail("brokerage");
            }
        }
        if (rc == 0) {
            size_t cp = (size_t)flow_table_column_index(br, "total");
            size_t ce = (size_t)flow_table_column_index(br, "total_expected");
            size_t cz = (size_t)flow_table_column_index(br, "total_z");
            size_t gp = (size_t)flow_table_column_index(br, "gatekeeper");
            size_t ge = (size_t)flow_table_column_index(br, "gatekeeper_expected");
            size_t gz = (size_t)flow_table_column_index(br, "gatekeeper_z");
            order = malloc((n + 1) * sizeof *order);
            if (!order || flow_structure_rank(order, flow_table_doubles(btw, 1), n, 1) < 0) {
                rc = oom();
            } else {
                printf("\n%s (%s): top %d by betweenness (length 1/weight), and the mechanism\n", factor[f],
                       unit_of(&nd, f), TOP);
                printf("  %-9s %10s %9s %-10s %21s %21s\n", "node", "btw 1/w", "btw hops", "group",
                       "brokered (exp., z)", "gatekeeper (exp., z)");
                for (size_t k = 0; k < n; k++) {
                    size_t v = order[k];
                    const char *id = flow_table_text(btw, 0, v);
                    int64_t g = vm[v];
                    int member = g == 0;
                    char cell1[64], cell2[64];
                    if (k >= TOP && !member) continue;
                    if (g < 0) {
                        snprintf(cell1, sizeof cell1, "n/a");
                        snprintf(cell2, sizeof cell2, "n/a");
                    } else {
                        snprintf(cell1, sizeof cell1, "%lld (%.1f, %.1f)",
                                 (long long)flow_table_ints(br, cp)[v], flow_table_doubles(br, ce)[v],
                                 flow_table_doubles(br, cz)[v]);
                        snprintf(cell2, sizeof cell2, "%lld (%.1f, %.1f)",
                                 (long long)flow_table_ints(br, gp)[v], flow_table_doubles(br, ge)[v],
                                 flow_table_doubles(br, gz)[v]);
                    }
                    printf("  %-9s %10.1f %9.1f %-10s %21s %21s\n", id, flow_table_doubles(btw, 1)[v],
                           flow_table_doubles(hops, 1)[v], g < 0 ? "n/a" : gnames[g], cell1, cell2);
                }
                for (size_t v = 0; v < n; v++)
                    if (vm[v] == 0 && flow_table_ints(br, gp)[v] > gate[f].paths) {
                        snprintf(gate[f].id, ID, "%s", flow_table_text(br, 0, v));
                        gate[f].paths = flow_table_ints(br, gp)[v];
                        gate[f].expected = flow_table_doubles(br, ge)[v];
                        gate[f].z = flow_table_doubles(br, gz)[v];
                    }
            }
        }
        free(order);
        free(vm);
        flow_table_free(graph);
        flow_table_free(br);
        flow_table_free(hops);
        flow_table_free(btw);
        flow_selection_free(sel);
        if (rc) goto done;
    }

    /* ---- dominators ---- */
    printf("\n== Dominators: what every path into %s must cross, %d\n", r.recipient, year);
    for (size_t f = 0; f < nf; f++) {
        flow_selection *sel = NULL;
        flow_table *out = NULL, *mc = NULL, *graph = NULL;
        const int64_t *vertex_of;
        size_t n, *order = NULL, shown = 0;
        int64_t rv;
        if ((rc = select_factor(&sel, net, factor[f], year, prog, NULL)) != 0) goto done;
        if (flow_centrality_compute(&out, sel, FLOW_OUT_STRENGTH, NULL) < 0 ||
            flow_bottleneck_must_cross(&mc, sel, r.east, r.neast, &r.recipient, 1) < 0 ||
            flow_selection_table(&graph, sel) < 0) {
            rc = fail(factor[f]);
            goto dom_done;
        }
        vertex_of = flow_table_ints(flow_table_part(graph, "nodes"), 1);
        rv = vertex_of[flow_network_node_index(net, r.recipient)];
        printf("\n%s:\n", factor[f]);
        n = flow_table_row_count(out);
        order = malloc((n + 1) * sizeof *order);
        if (!order || flow_structure_rank(order, flow_table_doubles(out, 1), n, 1) < 0) {
            rc = oom();
            goto dom_done;
        }
        for (size_t k = 0; k < n && shown < MAIN_SOURCES; k++) {
            const char *id = flow_table_text(out, 0, order[k]);
            int in_east = 0, has_edge = 0;
            double direct = 0;
            flow_table *dom = NULL;
            int64_t sv;
            for (size_t e = 0; e < r.neast; e++) in_east |= is(id, r.east[e]);
            if (!in_east) continue;
            shown++;
            sv = vertex_of[flow_network_node_index(net, id)];
            for (size_t e = 0; e < flow_table_row_count(graph); e++)
                if (flow_table_ints(graph, 3)[e] == sv && flow_table_ints(graph, 4)[e] == rv) {
                    has_edge = 1;
                    direct = flow_table_doubles(graph, 2)[e];
                }
            if (flow_bottleneck_dominators(&dom, sel, id) < 0) {
                rc = fail("dominators");
                goto dom_done;
            }
            printf("  from %-6s (%.2f of its %.2f go to %s directly): ", id, direct,
                   flow_table_doubles(out, 1)[order[k]], r.recipient);
            {
                /* columns: node, immediate_dominator (a node, -1 for none), reached */
                const int64_t *idom = flow_table_ints(dom, 1), *reached = flow_table_ints(dom, 2);
                if (!reached[rv]) {
                    printf("%s is unreachable\n", r.recipient);
                } else {
                    const char *chain[64];
                    size_t len = 0;
                    int64_t d = idom[rv];
                    chain[len++] = r.recipient;
                    while (d >= 0 && len < 64) {
                        chain[len++] = flow_network_node_id(net, (size_t)d);
                        d = idom[vertex_of[d]];
                    }
                    if (len == 2 && !has_edge) {
                        printf("no direct flow, and no single node must be crossed\n");
                    } else {
                        for (size_t i = len; i > 0; i--)
                            printf("%s%s", chain[i - 1], i > 1 ? " -> " : "");
                        printf(len == 2 ? "  (direct; no other node must be crossed)\n" : "\n");
                    }
                }
            }
            flow_table_free(dom);
        }
        printf("  must cross from the whole East:");
        {
            size_t k = 0;
            for (size_t pos = 1;; pos++) {
                int found = 0;
                for (size_t v = 0; v < flow_table_row_count(mc); v++)
                    if (flow_table_doubles(mc, 1)[v] == (double)pos) {
                        printf(" %s", flow_table_text(mc, 0, v));
                        found = 1;
                        k++;
                    }
                if (!found) break;
            }
            printf(k ? "\n" : " none\n");
        }
        printf("  maximum flow from the East: %.2f; most critical node: %s", base.east_flow[f],
               or_na(base.crit[f]));
        if (base.crit[f][0]) printf(" (%.1f%% of that flow lost without it)", base.crit_share[f]);
        printf("\n");
    dom_done:
        free(order);
        flow_table_free(graph);
        flow_table_free(mc);
        flow_table_free(out);
        flow_selection_free(sel);
        if (rc) goto done;
    }

    /* ---- a partner drops out ---- */
    printf("\n== If one partner drops out: maximum flow from the partners to %s, %d\n\n", r.recipient,
           year);
    for (size_t p = 0; p <= r.np; p++) { /* p == r.np: all partners */
        const char **rest = malloc((r.np + 1) * sizeof *rest);
        size_t nr = 0;
        if (!rest) {
            rc = oom();
            goto done;
        }
        for (size_t q = 0; q < r.np; q++)
            if (q != p) rest[nr++] = r.partners[q];
        for (size_t f = 0; f < nf && rc == 0; f++) {
            flow_selection *sel = NULL;
            flow_table *cut = NULL;
            double v = 0;
            if (nr > 0) {
                rc = select_factor(&sel, net, factor[f], year, prog, p < r.np ? r.partners[p] : NULL);
                if (rc == 0 && flow_bottleneck_min_cut(&cut, sel, rest, nr, &r.recipient, 1, 0) < 0)
                    rc = fail("maximum flow");
                if (rc == 0) v = flow_table_scalar(cut, "value");
            }
            if (p == r.np)
                full[f] = v;
            else
                loss[p * MAXF + f] = v;
            flow_table_free(cut);
            flow_selection_free(sel);
        }
        free(rest);
        if (rc) goto done;
    }
    printf("%-28s", "");
    for (size_t f = 0; f < nf; f++) printf(" %22s", factor[f]);
    printf("\n%-28s", "all partners: max flow");
    for (size_t f = 0; f < nf; f++) printf(" %22.2f", full[f]);
    printf("\n");
    for (size_t p = 0; p < r.np; p++) {
        char label[96];
        snprintf(label, sizeof label, "without %s: loss", r.partners[p]);
        printf("%-28s", label);
        for (size_t f = 0; f < nf; f++) {
            char cell[64];
            loss[p * MAXF + f] = full[f] - loss[p * MAXF + f];
            snprintf(cell, sizeof cell, "%.2f (%.1f%%)", loss[p * MAXF + f],
                     full[f] > 0 ? 100.0 * loss[p * MAXF + f] / full[f] : 0.0);
            printf(" %22s", cell);
        }
        printf("\n");
    }

    /* ---- sensitivity ---- */
    printf("\n== Sensitivity: the headline on each assumption set\n\n");
    if (sens.n == 0) {
        printf("Not computed: run with --assumptions DIR (data/china/generate.py --assumption-sets DIR\n"
               "writes the sets).\n");
    } else {
        printf("%-20s %-12s %9s %-9s %-9s %-22s\n", "data set", "factor", "share", "broker", "hops",
               "critical node (loss)");
        for (size_t i = 0; i <= sens.n; i++) {
            const headline *h = i == 0 ? &base : &sets[i - 1];
            for (size_t f = 0; f < nf; f++) {
                char cell[96];
                if (h->crit[f][0])
                    snprintf(cell, sizeof cell, "%s (%.1f%%)", h->crit[f], h->crit_share[f]);
                else
                    snprintf(cell, sizeof cell, "n/a");
                printf("%-20s %-12s %8.1f%% %-9s %-9s %-22s\n", f == 0 ? (i == 0 ? "this data set" : sens.name[i - 1]) : "",
                       factor[f], h->share[f], or_na(h->broker[f]), or_na(h->broker_hops[f]), cell);
            }
        }
    }

    /* ---- reading ---- */
    printf("\n== Reading\n\n");
    for (size_t f = 0; f < nf; f++) {
        size_t worst = 0, same_broker = 0, same_crit = 0;
        fill_sens(&sens, &base, sets, f);
        for (size_t i = 0; i < sens.n; i++) {
            same_broker += strcmp(sets[i].broker[f], base.broker[f]) == 0;
            same_crit += strcmp(sets[i].crit[f], base.crit[f]) == 0;
        }
        for (size_t p = 1; p < r.np; p++)
            if (loss[p * MAXF + f] > loss[worst * MAXF + f]) worst = p;
        para("%s: the partners send %s of %s's direct %s inflow.", factor[f],
             sens_text(buf, sizeof buf, &sens, 0, "%.1f%%"), node_name(&nd, r.recipient), factor[f]);
        if (base.broker[f][0]) {
            para(" The node with the largest betweenness is %s (betweenness %.1f) with path length "
                 "1/weight and %s with hop counts", node_name(&nd, base.broker[f]), base.broker_btw[f],
                 node_name(&nd, or_na(base.broker_hops[f])));
            if (sens.n) {
                para("; %s stays first in %zu of %zu assumption sets", node_name(&nd, base.broker[f]),
                     same_broker, sens.n);
                differ(&nd, &sens, &base, sets, f, 0);
            }
            para(": shortest paths follow the strongest single flows, so the ranking follows the "
                 "strongest edges%s.", is_modelled(net) ? ", which the generator's constants set (the "
                 "cross-border scale and the distance exponent among them)" : "");
        }
        if (gate[f].id[0])
            para(" Within the mechanism, %s brokers the most flows into it as a gatekeeper: %lld "
                 "open two-paths against %.1f expected under a random graph of the same density "
                 "(z = %.1f).", node_name(&nd, gate[f].id), gate[f].paths, gate[f].expected, gate[f].z);
        else
            para(" No member of the mechanism brokers a %s flow into it as a gatekeeper.", factor[f]);
        if (!(base.east_flow[f] > 0)) {
            para(" No %s flow from the East can reach %s.", factor[f], node_name(&nd, r.recipient));
        } else if (base.crit[f][0]) {
            para(" Of the maximum flow of %.2f %s from the East (routed through any node, a capacity "
                 "of the data set's edges, not a transfer), %s is lost without %s",
                 base.east_flow[f], unit_of(&nd, f), sens_text(buf2, sizeof buf2, &sens, 1, "%.1f%%"),
                 node_name(&nd, base.crit[f]));
            if (sens.n) {
                para(", which stays the most critical node in %zu of %zu assumption sets", same_crit,
                     sens.n);
                differ(&nd, &sens, &base, sets, f, 1);
            }
            para(".");
        }
        if (full[f] > 0 && loss[worst * MAXF + f] > 0)
            para(" Losing %s would cut the partners' maximum flow (a capacity, not a transfer) by %.2f "
                 "%s (%.1f%%), the largest loss of any partner.", node_name(&nd, r.partners[worst]), loss[worst * MAXF + f],
                 unit_of(&nd, f), 100.0 * loss[worst * MAXF + f] / full[f]);
        else
            para(" No single partner's departure reduces the partners' maximum flow.");
        para_flush();
    }

done:
    free(sets);
    free(membership);
    free(loss);
    free(full);
    sens_free(&sens);
    roles_free(&r);
    net_data_free(&nd);
    flow_network_free(net);
    return rc;
}

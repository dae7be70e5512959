/*
 * study_xinjiang: the Xinjiang four-party mechanism (Xinjiang, the Ministry
 * of Science and Technology, the Chinese Academy of Sciences, Shenzhen):
 * who brokers and who dominates the flows into Xinjiang, and what is lost
 * if one partner drops out.
 *
 *     study_xinjiang [DATA]          (default data/china)
 *
 * Method (every number comes from libflow on the data set):
 *  - the mechanism is the group "xinjiang-four-party"; its member with the
 *    role "recipient" is the recipient (Xinjiang), the others the partners;
 *  - the network: the data set plus the pairing programmes' own flows
 *    (DATA/programmes/flows.csv, loaded as a lone flows table and added
 *    with flow_network_add_flow()), so that the mechanism is at work;
 *  - one selection per factor, latest year, no roll-up (Shenzhen, the
 *    Ministry and the Academy stay nodes of their own);
 *  - brokers: betweenness (lengths 1 / weight) and the Gould-Fernandez
 *    roles between declared groups: the mechanism first, then every other
 *    declared group that shares no member with a group already taken (the
 *    roles need a partition);
 *  - dominators: for the three eastern regions (macro_region east) that send
 *    the most flow, the nodes every path from them to the recipient must
 *    cross (the dominator tree), the must-cross nodes from the whole East,
 *    and the critical nodes of the maximum flow from the East;
 *  - a partner dropping out: the maximum flow from the partners to the
 *    recipient, recomputed on a copy of the network built without that
 *    partner's flows; the other critical nodes between the partners and the
 *    recipient come from flow_bottleneck_critical_nodes().
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

#define PROG "study_xinjiang"
#define GROUP "xinjiang-four-party"
#define TOP 5
#define MAIN_SOURCES 3

#include "study_common.h" /* errors, loading, provenance, the reading */

/* ---- helpers ------------------------------------------------------------- */

/* A copy of the network's nodes (read in nd) and of its flows in `year`,
 * leaving out every flow that touches node `drop` (NULL: none). */
static int copy_without(flow_network **out, const net_data *nd, const char *drop, int year)
{
    flow_network *c = NULL;
    int64_t d = drop ? flow_network_node_index(flow_table_network(nd->nodes), drop) : -1;
    *out = NULL;
    if (flow_network_new(&c) < 0) return fail("new network");
    for (size_t i = 0; i < nd->nn; i++)
        if (flow_network_add_node(c, nd->id[i], nd->name[i], nd->kind[i], NULL) < 0) goto error;
    for (size_t f = 0; f < nd->nf; f++)
        if (flow_network_add_factor(c, nd->factor[f], nd->unit[f]) < 0) goto error;
    for (size_t k = 0; k < nd->nk; k++) {
        int64_t s = nd->source[k], t = nd->target[k];
        if (s == d || t == d || nd->year[k] != year) continue;
        if (flow_network_add_flow(c, nd->id[s], nd->id[t], nd->flow_factor[k], nd->weight[k],
                                  year) < 0)
            goto error;
    }
    *out = c;
    return 0;
error:
    flow_network_free(c);
    return fail("copying the network");
}

/* A selection of one factor in one year. */
static int select_factor(flow_selection **out, flow_network *net, const char *factor, int year)
{
    *out = NULL;
    if (flow_selection_new(out, net) < 0 || flow_selection_set_factors(*out, &factor, 1) < 0 ||
        flow_selection_set_years(*out, year, year) < 0)
        return fail("selection");
    return 0;
}

/* The maximum flow from `src` to `sink` on one factor and year of net. */
static int max_flow(double *out, flow_network *net, const char *factor, int year,
                    const char *const *src, size_t nsrc, const char *sink)
{
    flow_selection *sel = NULL;
    flow_table *cut = NULL;
    int rc = select_factor(&sel, net, factor, year);
    if (rc == 0 && flow_bottleneck_min_cut(&cut, sel, src, nsrc, &sink, 1, 0) < 0) rc = fail("maximum flow");
    if (rc == 0) *out = flow_table_scalar(cut, "value");
    flow_table_free(cut);
    flow_selection_free(sel);
    return rc;
}

/* Direct flow into `recipient` in `year` per factor: in total and from the
 * partners (sums over the network's flows, read in nd, in network order). */
static void inflows(double *total, double *from_p, const net_data *nd, const char *recipient,
                    const char *const *partners, size_t np, int year)
{
    for (size_t f = 0; f < nd->nf; f++) total[f] = from_p[f] = 0;
    for (size_t k = 0; k < nd->nk; k++) {
        const char *t = nd->id[nd->target[k]], *s = nd->id[nd->source[k]];
        size_t f = factor_of(nd, k);
        int from_partner = 0;
        if (nd->year[k] != year || !is(t, recipient) || is(s, recipient)) continue;
        for (size_t p = 0; p < np; p++) from_partner |= is(s, partners[p]);
        total[f] += nd->weight[k];
        if (from_partner) from_p[f] += nd->weight[k];
    }
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "data/china";
    flow_network *net = NULL;
    int rc = 0, year = 0;
    int64_t g = -1;
    const char *const *macro;
    const char *recipient = NULL;
    const char **partners = NULL, **east = NULL, **bgroups = NULL, **skipped = NULL;
    size_t np = 0, neast = 0, nb = 0, nskip = 0, nf, nn;
    char *taken = NULL;
    double *full = NULL, *loss = NULL;    /* [factor], [partner][factor] */
    double *inflow = NULL, *from_p = NULL, *inflow0 = NULL, *from_p0 = NULL; /* [factor] */
    flow_network *prog = NULL;
    net_data nd, pd; /* net and prog, read in bulk (nd read again after a change) */
    char prog_path[4096];
    const char **top_broker = NULL, **must1 = NULL;
    size_t *nmust = NULL;
    double *east_flow = NULL, *crit1_loss = NULL, *gate_w = NULL;
    const char **gate = NULL;
    const char **crit1 = NULL;

    memset(&nd, 0, sizeof nd);
    memset(&pd, 0, sizeof pd);
    if ((rc = load_data_set(&net, path)) != 0) return rc;
    if ((rc = load_programmes(&prog, prog_path, sizeof prog_path, path)) != 0) goto done;
    if ((rc = read_network(&nd, net)) != 0 || (rc = read_network(&pd, prog)) != 0) goto done;
    nf = nd.nf;
    nn = nd.nn;
    g = flow_network_group_index(net, GROUP);
    if (g < 0) {
        rc = bad_data("%s: no group '%s' (groups.csv)", path, GROUP);
        goto done;
    }
    if ((rc = latest_year(&year, net)) != 0) goto done;
    partners = malloc((nd.size[g] + 1) * sizeof *partners);
    east = malloc((nn + 1) * sizeof *east);
    bgroups = malloc((nd.ng + 1) * sizeof *bgroups);
    skipped = malloc((nd.ng + 1) * sizeof *skipped);
    taken = calloc(nn + 1, 1);
    full = calloc(nf + 1, sizeof *full);
    inflow = calloc(nf + 1, sizeof *inflow);
    inflow0 = calloc(nf + 1, sizeof *inflow0);
    from_p0 = calloc(nf + 1, sizeof *from_p0);
    from_p = calloc(nf + 1, sizeof *from_p);
    top_broker = calloc(nf + 1, sizeof *top_broker);
    must1 = calloc(nf + 1, sizeof *must1);
    nmust = calloc(nf + 1, sizeof *nmust);
    east_flow = calloc(nf + 1, sizeof *east_flow);
    gate_w = calloc(nf + 1, sizeof *gate_w);
    gate = calloc(nf + 1, sizeof *gate);
    crit1_loss = calloc(nf + 1, sizeof *crit1_loss);
    crit1 = calloc(nf + 1, sizeof *crit1);
    if (!partners || !east || !bgroups || !skipped || !taken || !full || !inflow || !from_p || !inflow0 || !from_p0 ||
        !top_broker || !must1 || !nmust || !east_flow || !crit1_loss || !crit1 ||
        !gate_w || !gate) {
        rc = oom();
        goto done;
    }
    for (size_t m = 0; m < nd.size[g]; m++) {
        const char *id = nd.id[group_member(&nd, (size_t)g, m)];
        if (is(nd.role[nd.first[g] + m], "recipient") && !recipient)
            recipient = id;
        else
            partners[np++] = id;
    }
    if (!recipient || np == 0) {
        rc = bad_data("%s: group '%s' needs a member with role 'recipient' and at least one partner",
                      path, GROUP);
        goto done;
    }
    loss = calloc(np * nf + 1, sizeof *loss);
    if (!loss) {
        rc = oom();
        goto done;
    }
    macro = text_attr(&nd, "macro_region");
    for (size_t i = 0; macro && i < nn; i++)
        if (is(nd.kind[i], "region") && is(macro[i], "east")) east[neast++] = nd.id[i];
    if (neast == 0) {
        rc = bad_data("%s: no region has macro_region 'east'", path);
        goto done;
    }
    /* the brokerage groups: the mechanism first, then the disjoint others */
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < nd.ng; k++) {
            int clash = 0;
            if ((pass == 0) != ((int64_t)k == g)) continue;
            for (size_t m = 0; m < nd.size[k]; m++) clash |= taken[group_member(&nd, k, m)];
            if (clash) {
                skipped[nskip++] = group_name(&nd, k);
                continue;
            }
            for (size_t m = 0; m < nd.size[k]; m++) taken[group_member(&nd, k, m)] = 1;
            bgroups[nb++] = group_name(&nd, k);
        }

    printf("Xinjiang study: the four-party mechanism and the flows into %s\n",
           node_name(&nd, recipient));
    printf("libflow %s; data set %s; programme flows %s\nYear %d; no roll-up\n", flow_version(),
           path, prog_path, year);
    if ((rc = provenance(net)) != 0) goto done;
    printf("\n");
    printf("== The mechanism (%s)\n\n", GROUP);
    printf("%-10s %-36s %-12s %s\n", "id", "name", "kind", "role");
    for (size_t m = 0; m < nd.size[g]; m++) {
        size_t i = (size_t)group_member(&nd, (size_t)g, m);
        const char *role = nd.role[nd.first[g] + m];
        printf("%-10s %-36s %-12s %s\n", nd.id[i], nd.name[i], nd.kind[i],
               role && *role ? role : "-");
    }

    /* inflow into the recipient, before and after the programme flows */
    for (size_t f = 0; f < pd.nf; f++)
        if (flow_network_factor_index(net, pd.factor[f]) < 0) {
            rc = bad_data("%s: factor '%s' is not in the data set", prog_path, pd.factor[f]);
            goto done;
        }
    inflows(inflow0, from_p0, &nd, recipient, partners, np, year);
    for (size_t k = 0; k < pd.nk; k++) {
        if (flow_network_add_flow(net, pd.id[pd.source[k]], pd.id[pd.target[k]], pd.flow_factor[k],
                                  pd.weight[k], (int)pd.year[k]) < 0) {
            rc = fail("adding a programme flow");
            goto done;
        }
    }
    net_data_free(&nd); /* the flows changed: read them again */
    if ((rc = read_network(&nd, net)) != 0) goto done;
    inflows(inflow, from_p, &nd, recipient, partners, np, year);
    printf("\nDirect flows into %s in %d, without | with the programme flows:\n", recipient, year);
    printf("%-12s %-12s %23s %23s %15s\n", "factor", "unit", "inflow", "from partners", "share");
    for (size_t f = 0; f < nf; f++)
        printf("%-12s %-12s %11.2f|%11.2f %11.2f|%11.2f %6.1f%%|%6.1f%%\n",
               nd.factor[f], unit_of(&nd, f), inflow0[f],
               inflow[f], from_p0[f], from_p[f], inflow0[f] > 0 ? 100.0 * from_p0[f] / inflow0[f] : 0.0,
               inflow[f] > 0 ? 100.0 * from_p[f] / inflow[f] : 0.0);
    printf("From here on the programme flows are included (%zu flows added).\n",
           pd.nk);

    /* ---- brokers ---- */
    printf("\n== Brokers: betweenness and Gould-Fernandez roles, %d\n\n", year);
    printf("Groups for the roles (disjoint):");
    for (size_t i = 0; i < nb; i++) printf(" %s", bgroups[i]);
    printf("\nLeft out (they share members with a group above):");
    for (size_t i = 0; i < nskip; i++) printf(" %s", skipped[i]);
    if (nskip == 0) printf(" none");
    printf("\nRole values are flows brokered (sum over open two-paths of the smaller flow).\n");
    for (size_t f = 0; f < nf; f++) {
        const char *fn = nd.factor[f];
        flow_selection *sel = NULL;
        flow_table *btw = NULL;
        flow_table *br = NULL;
        size_t n, *order = NULL;
        if ((rc = select_factor(&sel, net, fn, year)) != 0) goto done;
        if (flow_centrality_compute(&btw, sel, FLOW_BETWEENNESS, NULL) < 0 ||
            flow_brokerage_from_groups(&br, sel, bgroups, nb, NULL) < 0) {
            rc = fail(fn);
            flow_table_free(btw);
            flow_selection_free(sel);
            goto done;
        }
        n = flow_table_row_count(btw);
        order = malloc((n + 1) * sizeof *order);
        if (!order || flow_structure_rank(order, flow_table_doubles(btw, 1), n, 1) < 0) {
            rc = oom();
        } else {
            printf("\n%s (%s): top %d by betweenness, and the partners\n", fn,
                   unit_of(&nd, f), TOP);
            printf("  %-10s %11s %12s %12s %12s %12s %12s\n", "node", "betweenness", "coordinator",
                   "itinerant", "gatekeeper", "represent.", "liaison");
            for (size_t r = 0; r < n; r++) {
                size_t v = order[r];
                const char *id = flow_table_text(btw, 0, v);
                int is_member = is(id, recipient);
                for (size_t p = 0; p < np; p++) is_member |= is(id, partners[p]);
                if (r >= TOP && !is_member) continue;
                printf("  %-10s %11.1f", id, flow_table_doubles(btw, 1)[v]);
                /* the weighted value of role r is column 3 + 2r (brokerage.h) */
                for (int role = 0; role < FLOW_BROKER_ROLES; role++)
                    printf(" %12.2f", flow_table_doubles(br, 3 + 2 * (size_t)role)[v]);
                printf("%s\n", is_member ? "  *" : "");
                double gw = flow_table_doubles(br, 3 + 2 * FLOW_BROKER_GATEKEEPER)[v];
                if (is_member && gw > gate_w[f]) {
                    gate_w[f] = gw;
                    gate[f] = node_name(&nd, id);
                }
            }
            if (n > 0) top_broker[f] = node_name(&nd, flow_table_text(btw, 0, order[0]));
        }
        free(order);
        flow_table_free(br);
        flow_table_free(btw);
        flow_selection_free(sel);
        if (rc) goto done;
    }
    printf("(* a member of the mechanism)\n");

    /* ---- dominators ---- */
    printf("\n== Dominators: what every path into %s must cross, %d\n", recipient, year);
    for (size_t f = 0; f < nf; f++) {
        const char *fn = nd.factor[f];
        flow_selection *sel = NULL;
        flow_table *out = NULL;
        flow_table *mc = NULL;
        flow_table *graph = NULL; /* its part "nodes": node, vertex */
        const int64_t *vertex_of;
        if ((rc = select_factor(&sel, net, fn, year)) != 0) goto done;
        if (flow_centrality_compute(&out, sel, FLOW_OUT_STRENGTH, NULL) < 0 ||
            flow_bottleneck_must_cross(&mc, sel, east, neast, &recipient, 1) < 0 ||
            flow_selection_table(&graph, sel) < 0) {
            rc = fail(fn);
            goto dom_done;
        }
        vertex_of = flow_table_ints(flow_table_part(graph, "nodes"), 1);
        printf("\n%s:\n", fn);
        /* the main eastern sources: largest out-strength among the East */
        size_t n = flow_table_row_count(out), *order = malloc((n + 1) * sizeof *order), shown = 0;
        if (!order || flow_structure_rank(order, flow_table_doubles(out, 1), n, 1) < 0) {
            free(order);
            rc = oom();
            goto dom_done;
        }
        for (size_t r = 0; r < n && shown < MAIN_SOURCES; r++) {
            const char *id = flow_table_text(out, 0, order[r]);
            int in_east = 0;
            flow_table *dom = NULL;
            for (size_t e = 0; e < neast; e++) in_east |= is(id, east[e]);
            if (!in_east) continue;
            shown++;
            if (flow_bottleneck_dominators(&dom, sel, id) < 0) {
                free(order);
                rc = fail("dominators");
                goto dom_done;
            }
            printf("  from %-8s (sends %12.2f): ", id, flow_table_doubles(out, 1)[order[r]]);
            /* walk the dominator tree up from the recipient */
            int64_t v = vertex_of[flow_network_node_index(net, recipient)];
            /* columns: node, immediate_dominator (a node, -1 for none), reached */
            const int64_t *idom = flow_table_ints(dom, 1), *reached = flow_table_ints(dom, 2);
            if (!reached[v]) {
                printf("%s is unreachable\n", recipient);
            } else {
                const char *chain[64];
                size_t len = 0;
                int64_t d = idom[v];
                chain[len++] = recipient;
                while (d >= 0 && len < 64) {
                    chain[len++] = flow_network_node_id(net, (size_t)d);
                    d = idom[vertex_of[d]];
                }
                for (size_t i = len; i > 0; i--) printf("%s%s", chain[i - 1], i > 1 ? " -> " : "");
                printf(len == 2 ? "  (direct: nothing must be crossed)\n" : "\n");
            }
            flow_table_free(dom);
        }
        free(order);
        /* must-cross from the whole East */
        printf("  must cross from the whole East:");
        size_t k = 0;
        for (size_t pos = 1;; pos++) {
            int found = 0;
            for (size_t v = 0; v < flow_table_row_count(mc); v++)
                if (flow_table_doubles(mc, 1)[v] == (double)pos) {
                    printf(" %s", flow_table_text(mc, 0, v));
                    if (pos == 1) must1[f] = flow_table_text(mc, 0, v);
                    found = 1;
                    k++;
                }
            if (!found) break;
        }
        nmust[f] = k;
        printf(k ? "\n" : " none\n");
        if (k && must1[f]) must1[f] = node_name(&nd, must1[f]);
        /* the critical nodes of the maximum flow from the East */
        {
            flow_table *cut = NULL, *crit = NULL;
            size_t *ord = NULL, shown_c = 0;
            if (flow_bottleneck_min_cut(&cut, sel, east, neast, &recipient, 1, 0) < 0 ||
                flow_bottleneck_critical_nodes(&crit, sel, east, neast, &recipient, 1) < 0) {
                flow_table_free(cut);
                rc = fail("critical nodes");
                goto dom_done;
            }
            east_flow[f] = flow_table_scalar(cut, "value");
            const double *lossv = flow_table_doubles(crit, 1); /* node, max_flow_loss */
            ord = malloc((flow_table_row_count(crit) + 1) * sizeof *ord);
            if (!ord || flow_structure_rank(ord, lossv, flow_table_row_count(crit), 1) < 0) {
                rc = oom();
            } else {
                printf("  maximum flow from the East: %.2f; critical nodes (loss if removed):",
                       east_flow[f]);
                for (size_t r = 0; r < flow_table_row_count(crit) && shown_c < 3; r++) {
                    double v = lossv[ord[r]];
                    if (!(v > 0)) break;
                    printf(" %s %.2f;", flow_table_text(crit, 0, ord[r]), v);
                    if (shown_c == 0) {
                        crit1[f] = node_name(&nd, flow_table_text(crit, 0, ord[r]));
                        crit1_loss[f] = v;
                    }
                    shown_c++;
                }
                printf(shown_c ? "\n" : " none\n");
            }
            free(ord);
            flow_table_free(crit);
            flow_table_free(cut);
            if (rc) goto dom_done;
        }
    dom_done:
        flow_table_free(graph);
        flow_table_free(mc);
        flow_table_free(out);
        flow_selection_free(sel);
        if (rc) goto done;
    }

    /* ---- a partner drops out ---- */
    printf("\n== If one partner drops out: maximum flow from the partners to %s, %d\n\n",
           recipient, year);
    {
        flow_network *all = NULL;
        if ((rc = copy_without(&all, &nd, NULL, year)) != 0) goto done;
        for (size_t f = 0; f < nf && rc == 0; f++)
            rc = max_flow(&full[f], all, nd.factor[f], year, partners, np, recipient);
        flow_network_free(all);
        if (rc) goto done;
    }
    for (size_t p = 0; p < np; p++) {
        flow_network *without = NULL;
        const char **rest = malloc((np + 1) * sizeof *rest);
        size_t nr = 0;
        if (!rest) {
            rc = oom();
            goto done;
        }
        for (size_t q = 0; q < np; q++)
            if (q != p) rest[nr++] = partners[q];
        if ((rc = copy_without(&without, &nd, partners[p], year)) != 0) {
            free(rest);
            goto done;
        }
        for (size_t f = 0; f < nf && rc == 0; f++) {
            double v = 0;
            if (nr > 0)
                rc = max_flow(&v, without, nd.factor[f], year, rest, nr, recipient);
            loss[p * nf + f] = full[f] - v;
        }
        flow_network_free(without);
        free(rest);
        if (rc) goto done;
    }
    printf("%-28s", "");
    for (size_t f = 0; f < nf; f++) printf(" %22s", nd.factor[f]);
    printf("\n%-28s", "all partners: max flow");
    for (size_t f = 0; f < nf; f++) printf(" %22.2f", full[f]);
    printf("\n");
    for (size_t p = 0; p < np; p++) {
        char label[64];
        snprintf(label, sizeof label, "without %s: loss", partners[p]);
        printf("%-28s", label);
        for (size_t f = 0; f < nf; f++) {
            char cell[64];
            snprintf(cell, sizeof cell, "%.2f (%.1f%%)", loss[p * nf + f],
                     full[f] > 0 ? 100.0 * loss[p * nf + f] / full[f] : 0.0);
            printf(" %22s", cell);
        }
        printf("\n");
    }
    printf("\nOther critical nodes between the partners and %s (max-flow loss if removed):\n",
           recipient);
    for (size_t f = 0; f < nf; f++) {
        const char *fn = nd.factor[f];
        flow_selection *sel = NULL;
        flow_table *crit = NULL;
        size_t n, *order = NULL, shown = 0;
        if ((rc = select_factor(&sel, net, fn, year)) != 0) goto done;
        if (flow_bottleneck_critical_nodes(&crit, sel, partners, np, &recipient, 1) < 0) {
            rc = fail("critical nodes");
            flow_selection_free(sel);
            goto done;
        }
        n = flow_table_row_count(crit);
        order = malloc((n + 1) * sizeof *order);
        if (!order || flow_structure_rank(order, flow_table_doubles(crit, 1), n, 1) < 0) {
            rc = oom();
        } else {
            printf("  %-12s", fn);
            for (size_t r = 0; r < n && shown < 3; r++) {
                double v = flow_table_doubles(crit, 1)[order[r]];
                if (!(v > 0)) break;
                printf(" %s %.2f;", flow_table_text(crit, 0, order[r]), v);
                shown++;
            }
            printf(shown ? "\n" : " none (no single node carries a share of the flow)\n");
        }
        free(order);
        flow_table_free(crit);
        flow_selection_free(sel);
        if (rc) goto done;
    }

    /* ---- reading ---- */
    printf("\n== Reading\n\n");
    for (size_t f = 0; f < nf; f++) {
        const char *fn = nd.factor[f];
        size_t worst = 0;
        for (size_t p = 1; p < np; p++)
            if (loss[p * nf + f] > loss[worst * nf + f]) worst = p;
        para("%s: the partners send %.1f%% of %s's direct %s inflow.", fn,
             inflow[f] > 0 ? 100.0 * from_p[f] / inflow[f] : 0.0, node_name(&nd, recipient), fn);
        if (top_broker[f]) para(" The network's strongest broker by betweenness is %s.", top_broker[f]);
        if (gate[f])
            para(" Within the mechanism, %s is the main gatekeeper (%.2f %s brokered into the group).",
                 gate[f], gate_w[f], unit_of(&nd, f));
        else
            para(" No member of the mechanism acts as a gatekeeper for %s.", fn);
        if (!(east_flow[f] > 0))
            para(" No %s flow from the East can reach %s.", fn, node_name(&nd, recipient));
        else {
            para(" At most %.2f %s can reach %s from the East", east_flow[f],
                 unit_of(&nd, f), node_name(&nd, recipient));
            if (nmust[f] > 0)
                para(", and every path must cross %s.", must1[f]);
            else
                para(", and no single node must be crossed on the way.");
            if (crit1[f])
                para(" The most critical node is %s: without it %.1f%% of that flow is lost.", crit1[f],
                     100.0 * crit1_loss[f] / east_flow[f]);
        }
        if (full[f] > 0 && loss[worst * nf + f] > 0)
            para(" Losing %s would cut the partners' reach by %.2f %s (%.1f%%), the largest loss.",
                 node_name(&nd, partners[worst]), loss[worst * nf + f], unit_of(&nd, f),
                 100.0 * loss[worst * nf + f] / full[f]);
        else
            para(" No single partner's departure reduces the partners' reach.");
        para_flush();
    }

done:
    free(crit1);
    free(crit1_loss);
    free(east_flow);
    free(gate);
    free(gate_w);
    free(nmust);
    free(must1);
    free(top_broker);
    free(from_p0);
    free(inflow0);
    free(from_p);
    free(inflow);
    net_data_free(&pd);
    net_data_free(&nd);
    flow_network_free(prog);
    free(loss);
    free(full);
    free(taken);
    free(skipped);
    free(bgroups);
    free(east);
    free(partners);
    flow_network_free(net);
    return rc;
}

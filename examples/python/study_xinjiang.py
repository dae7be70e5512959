#!/usr/bin/env python3
"""study_xinjiang: the Xinjiang four-party mechanism (Xinjiang, the Ministry
of Science and Technology, the Chinese Academy of Sciences, Shenzhen): who
brokers and who dominates the flows into Xinjiang, what is lost if one
partner drops out, and which of these readings survive other assumptions
of the data set.

    python3 study_xinjiang.py [DATA] [options]          (--help)

The Python twin of examples/study_xinjiang.c: same method, same output.

Method (every number comes from libflow on the data set):
 - the mechanism is the group "xinjiang-four-party"; its member with the
   role "recipient" is the recipient (Xinjiang), the others the partners;
 - the flows: the data set's, plus DATA/programmes/flows.csv added to every
   selection (with_flows) unless --without-programmes;
 - one selection per factor, one year (default the latest), no roll-up;
 - brokers: betweenness with path length 1 / weight and with hop counts;
   the Gould-Fernandez roles on a partition by rule: the mechanism's
   members, then every other node by its macro_region; nodes with neither
   are outside every group ("n/a"); counts with sna's expectations and
   z-scores;
 - dominators: for the three eastern regions that send the most flow in
   all, the nodes every path from them to the recipient must cross, with
   the flow each sends to the recipient directly ("direct" only when that
   edge exists); the must-cross nodes and the most critical node of the
   maximum flow from the whole East;
 - a partner dropping out: the maximum flow from the partners to the
   recipient, recomputed without that partner (without=);
 - sensitivity (--assumptions DIR): the headline recomputed on every data
   set in DIR's subfolders.

Provenance: the report's opening names DATA/README.md when the data folder
has one, and cautions that the flows are modelled when the README says so.

Exit status: 0 ok, 2 bad usage, 3 bad data or a data set that lacks what
the study needs, 1 any other failure.
"""
import os
import sys

# The shared helpers (study_common.py, beside this script), and libflow: from
# the source tree's bindings when it is not installed.
from study_common import (libflow, OPT_ASSUMPTIONS, OPT_GROUPS, OPT_PROGRAMMES, OPT_YEARS,
                          Failure, Options, Sensitivity, fail, is_modelled, latest_year,
                          load_study_data, main, need, para, provenance, set_prog)

PROG = "study_xinjiang"
GROUP = "xinjiang-four-party"
TOP = 5
MAIN_SOURCES = 3
MAXF = 16
set_prog(PROG)

SYNOPSIS = """Who brokers and who dominates the flows into Xinjiang under the four-party
mechanism, what is lost if one partner drops out, and (with --assumptions)
which of these readings survive the data set's other assumptions. Without
--year, the latest year; no roll-up."""

NEEDS = """  the group 'xinjiang-four-party' (groups.csv) with one member of role
  'recipient' and at least one other member; regions (kind region) with
  a text attribute macro_region, some of them 'east'; dated flows; and,
  unless --without-programmes, DATA/programmes/flows.csv"""


# ---- the mechanism and the East of one data set -----------------------------------

def roles_of(net, path):
    """(recipient, partners, east) of the network; raises Failure(3)."""
    groups = net.groups
    if GROUP not in groups:
        raise need(path, "group '%s' (groups.csv)" % GROUP, "the mechanism")
    recipient, partners = None, []
    for member, role in groups[GROUP]:
        if role == "recipient" and recipient is None:
            recipient = member
        else:
            partners.append(member)
    if recipient is None or not partners:
        raise need(path, "member of role 'recipient' and partner in group '%s'" % GROUP,
                   "the mechanism")
    east = [n.id for n in net.nodes if n.kind == "region" and n.attrs.get("macro_region") == "east"]
    if not east:
        raise need(path, "region with macro_region 'east'", "the flows from the East")
    return recipient, partners, east


# ---- selections ---------------------------------------------------------------------

def select_factor(net, factor, year, prog, drop=None):
    try:
        return net.select(factors=[factor], years=year, with_flows=[prog] if prog else None,
                          without=[drop] if drop else None)
    except libflow.FlowError as e:
        raise fail("selection", e)


def inflow_of(sel, recipient, partners):
    """The direct flow into the recipient in a selection's graph: in total
    and from the partners."""
    total = from_p = 0.0
    for e in sel.table().rows():
        if e["target"] != recipient:
            continue
        total += e["weight"]
        if e["source"] in partners:
            from_p += e["weight"]
    return total, from_p


def top_betweenness(sel, length):
    """(id, value) of the vertex with the largest betweenness ("", 0)."""
    btw = sel.centrality("betweenness", length=length).to_dict()
    order = libflow.rank(btw)
    return (order[0], btw[order[0]]) if order else ("", 0.0)


# ---- the headline of one data set ------------------------------------------------

def headline_of(net, roles, factors, year, prog):
    """Per factor name: share, broker, broker_hops, east_flow, crit, crit_share."""
    recipient, partners, east = roles
    h = {}
    names = {f.name for f in net.factors}
    for f in factors:
        x = {"share": 0.0, "broker": "", "broker_btw": 0.0, "broker_hops": "", "east_flow": 0.0, "crit": "",
             "crit_share": 0.0}
        h[f] = x
        if f not in names:
            continue
        sel = select_factor(net, f, year, prog)
        try:
            total, from_p = inflow_of(sel, recipient, partners)
            x["broker"], x["broker_btw"] = top_betweenness(sel, "inverse")
            x["broker_hops"] = top_betweenness(sel, "unit")[0]
            x["share"] = 100.0 * from_p / total if total > 0 else 0.0
            x["east_flow"] = sel.min_cut(east, recipient).scalars["value"]
            crit = sel.critical_nodes(east, recipient).to_dict()
        except libflow.FlowError as e:
            raise fail("critical nodes", e)
        order = libflow.rank(crit)
        if order and crit[order[0]] > 0 and x["east_flow"] > 0:
            x["crit"] = order[0]
            x["crit_share"] = 100.0 * crit[order[0]] / x["east_flow"]
    return h


def headline_of_path(path, opts, factors, year):
    so = Options(opts.level)
    so.__dict__.update(opts.__dict__)
    so.data = path
    net = load_study_data(so)
    roles = roles_of(net, path)
    prog = "%s/programmes/flows.csv" % path
    return headline_of(net, roles, factors, year, prog if opts.programmes else None)


def or_na(node_id):
    return node_id if node_id else "n/a"


def study(o):
    net = load_study_data(o)
    by_id = {n.id: n for n in net.nodes}
    recipient, partners, east = roles = roles_of(net, o.data)
    factors = [f.name for f in net.factors][:MAXF]
    units = {f.name: f.unit or "" for f in net.factors}
    if o.year_from is not None and o.year_from != o.year_to:
        print("%s: the study looks at one year: give --year Y, not --years; see %s --help"
              % (PROG, PROG), file=sys.stderr)
        raise Failure(2)
    year = o.year_from if o.year_from is not None else latest_year(net)
    prog_path = "%s/programmes/flows.csv" % o.data
    prog_file = prog_path if os.path.isfile(prog_path) else None
    if o.programmes and not prog_file:
        raise need(o.data, "programme flows (programmes/flows.csv)",
                   "the mechanism's own flows; --without-programmes leaves them out")
    prog = prog_file if o.programmes else None
    sens = Sensitivity(o.assumptions, 2)

    def name_of(node_id):
        return by_id[node_id].name if node_id in by_id else node_id

    base = headline_of(net, roles, factors, year, prog)
    sets = [headline_of_path(p, o, factors, year) for p in sens.paths]

    def fill_sens(f):
        sens.base[0] = base[f]["share"]
        sens.base[1] = base[f]["crit_share"]
        for i in range(len(sens)):
            sens.value[i][0] = sets[i][f]["share"]
            sens.value[i][1] = sets[i][f]["crit_share"]

    # the brokerage partition: the mechanism, then each macro-region
    gnames = ["mechanism"]
    membership = {}
    mech = {recipient, *partners}
    for n in net.nodes:
        macro = n.attrs.get("macro_region")
        if n.id in mech:
            membership[n.id] = 0
        elif macro:
            if macro not in gnames and len(gnames) <= MAXF:
                gnames.append(macro)
            if macro in gnames:
                membership[n.id] = gnames.index(macro)

    # ---- opening ----
    print("Xinjiang study: the four-party mechanism and the flows into %s" % name_of(recipient))
    f0 = 0
    for g in range(1, len(factors)):
        if base[factors[g]]["share"] > base[factors[f0]]["share"]:
            f0 = g
    fill_sens(factors[f0])
    if prog:
        t0, p0 = inflow_of(select_factor(net, factors[f0], year, None), recipient, partners)
        text = ("Headline: in %d the mechanism's partners send %.1f%% of %s's direct %s inflow in the "
                "data set's own flows, and %s once the programme file's flows are added (its stated "
                "amounts: accounting, not a finding), their largest share of any factor."
                % (year, 100.0 * p0 / t0 if t0 > 0 else 0.0, name_of(recipient), factors[f0],
                   sens.text(0, "%.1f%%")))
    else:
        text = ("Headline: in %d the mechanism's partners send %s of %s's direct %s inflow (programme "
                "flows left out), their largest share of any factor."
                % (year, sens.text(0, "%.1f%%"), name_of(recipient), factors[f0]))
    text += (" The brokers and critical nodes below depend on path length 1/weight and on the data "
             "set's assumptions (see \"Sensitivity\").")
    para(text, lead="")
    print("libflow %s; data set %s; year %d; no roll-up; programme flows %s"
          % (libflow.library_version(), o.data, year, prog if prog else "left out"))
    provenance(net)
    sens.note(net)
    print("\n== The mechanism (%s)\n" % GROUP)
    print("%-10s %-36s %-12s %s" % ("id", "name", "kind", "role"))
    for member, role in net.groups[GROUP]:
        n = by_id[member]
        print("%-10s %-36s %-12s %s" % (n.id, n.name, n.kind, role or "-"))
    print("\nDirect flows into %s in %d, without | with the programme flows:" % (recipient, year))
    print("%-12s %-12s %23s %23s %15s" % ("factor", "unit", "inflow", "from partners", "share"))
    for f in factors:
        t0, p0 = inflow_of(select_factor(net, f, year, None), recipient, partners)
        t1, p1 = inflow_of(select_factor(net, f, year, prog_file), recipient, partners)
        print("%-12s %-12s %11.2f|%11.2f %11.2f|%11.2f %6.1f%%|%6.1f%%"
              % (f, units[f], t0, t1, p0, p1, 100.0 * p0 / t0 if t0 > 0 else 0.0,
                 100.0 * p1 / t1 if t1 > 0 else 0.0))
    print("The difference between the columns is what the programme file adds: accounting, not\n"
          "a finding. From here on the programme flows are %s." % ("included" if prog else "left out"))

    # ---- brokers ----
    print("\n== Brokers: betweenness and Gould-Fernandez roles, %d\n" % year)
    print("Betweenness counts shortest paths, with path length 1/weight (a strong flow is short)\n"
          "and with hop counts. Groups for the roles (a partition, by rule): the mechanism's\n"
          "members; every other node by its macro_region (" + ", ".join(gnames[1:]) + ");")
    print("nodes with neither are outside every group: n/a. Brokered paths are open two-paths\n"
          "a -> v -> b; expected and z under a random graph of the same density (sna).")
    gate = {}
    for f in factors:
        sel = select_factor(net, f, year, prog)
        try:
            btw = sel.centrality("betweenness").to_dict()
            hops = sel.centrality("betweenness", length="unit").to_dict()
            br = {r["node"]: r for r in sel.brokerage(membership=membership)}
        except libflow.FlowError as e:
            raise fail(f, e)
        print("\n%s (%s): top %d by betweenness (length 1/weight), and the mechanism" % (f, units[f], TOP))
        print("  %-9s %10s %9s %-10s %21s %21s" % ("node", "btw 1/w", "btw hops", "group",
                                                   "brokered (exp., z)", "gatekeeper (exp., z)"))
        for k, node_id in enumerate(libflow.rank(btw)):
            g = membership.get(node_id, -1)
            if k >= TOP and g != 0:
                continue
            b = br[node_id]
            if g < 0:
                cell1 = cell2 = "n/a"
            else:
                cell1 = "%d (%.1f, %.1f)" % (b["total"], b["total_expected"], b["total_z"])
                cell2 = "%d (%.1f, %.1f)" % (b["gatekeeper"], b["gatekeeper_expected"],
                                             b["gatekeeper_z"])
            print("  %-9s %10.1f %9.1f %-10s %21s %21s" % (node_id, btw[node_id], hops[node_id],
                                                          "n/a" if g < 0 else gnames[g], cell1, cell2))
        best = {"id": "", "paths": 0, "expected": 0.0, "z": 0.0}
        for node_id, b in br.items():
            if membership.get(node_id, -1) == 0 and b["gatekeeper"] > best["paths"]:
                best = {"id": node_id, "paths": b["gatekeeper"], "expected": b["gatekeeper_expected"],
                        "z": b["gatekeeper_z"]}
        gate[f] = best

    # ---- dominators ----
    print("\n== Dominators: what every path into %s must cross, %d" % (recipient, year))
    east_set = set(east)
    for f in factors:
        sel = select_factor(net, f, year, prog)
        try:
            out = sel.centrality("out_strength").to_dict()
            mc_table = sel.must_cross(east, recipient)
            edges = sel.table().rows()
        except libflow.FlowError as e:
            raise fail(f, e)
        print("\n%s:" % f)
        shown = 0
        for node_id in libflow.rank(out):
            if shown >= MAIN_SOURCES:
                break
            if node_id not in east_set:
                continue
            shown += 1
            has_edge, direct = False, 0.0
            for e in edges:
                if e["source"] == node_id and e["target"] == recipient:
                    has_edge, direct = True, e["weight"]
            try:
                dom = sel.dominators(node_id)
            except libflow.FlowError as e:
                raise fail("dominators", e)
            line = "  from %-6s (%.2f of its %.2f go to %s directly): " % (node_id, direct, out[node_id],
                                                                         recipient)
            reached = dom.to_dict("reached")
            dom = dom.to_dict("immediate_dominator")
            if not reached[recipient]:
                print(line + "%s is unreachable" % recipient)
                continue
            chain = [recipient]
            d = dom[recipient]
            while d is not None and len(chain) < 64:
                chain.append(d)
                d = dom[d]
            if len(chain) == 2 and not has_edge:
                print(line + "no direct flow, and no single node must be crossed")
            else:
                print(line + " -> ".join(reversed(chain))
                      + ("  (direct; no other node must be crossed)" if len(chain) == 2 else ""))
        order = mc_table.to_dict()
        mc = sorted((i for i in order if order[i] > 0), key=order.get)
        print("  must cross from the whole East:" + ("".join(" " + i for i in mc) if mc else " none"))
        text = "  maximum flow from the East: %.2f; most critical node: %s" % (base[f]["east_flow"],
                                                                              or_na(base[f]["crit"]))
        if base[f]["crit"]:
            text += " (%.1f%% of that flow lost without it)" % base[f]["crit_share"]
        print(text)

    # ---- a partner drops out ----
    print("\n== If one partner drops out: maximum flow from the partners to %s, %d\n"
          % (recipient, year))

    def max_flow(factor, drop):
        rest = [q for q in partners if q != drop]
        if not rest:
            return 0.0
        try:
            return select_factor(net, factor, year, prog, drop).min_cut(rest, recipient).scalars["value"]
        except libflow.FlowError as e:
            raise fail("maximum flow", e)

    full = {f: max_flow(f, None) for f in factors}
    loss = [{f: full[f] - max_flow(f, p) for f in factors} for p in partners]
    print("%-28s" % "" + "".join(" %22s" % f for f in factors))
    print("%-28s" % "all partners: max flow" + "".join(" %22.2f" % full[f] for f in factors))
    for k, p in enumerate(partners):
        cells = ""
        for f in factors:
            x = loss[k][f]
            cells += " %22s" % ("%.2f (%.1f%%)" % (x, 100.0 * x / full[f] if full[f] > 0 else 0.0))
        print("%-28s" % ("without %s: loss" % p) + cells)

    # ---- sensitivity ----
    print("\n== Sensitivity: the headline on each assumption set\n")
    if not len(sens):
        print("Not computed: run with --assumptions DIR (data/china/generate.py --assumption-sets DIR\n"
              "writes the sets).")
    else:
        print("%-20s %-12s %9s %-9s %-9s %-22s" % ("data set", "factor", "share", "broker", "hops",
                                                   "critical node (loss)"))
        for i in range(len(sens) + 1):
            h = base if i == 0 else sets[i - 1]
            for j, f in enumerate(factors):
                x = h[f]
                cell = "%s (%.1f%%)" % (x["crit"], x["crit_share"]) if x["crit"] else "n/a"
                label = ("this data set" if i == 0 else sens.names[i - 1]) if j == 0 else ""
                print("%-20s %-12s %8.1f%% %-9s %-9s %-22s" % (label, f, x["share"], or_na(x["broker"]),
                                                              or_na(x["broker_hops"]), cell))

    def differ(f, key):
        shown = []
        for i in range(len(sens)):
            node_id = sets[i][f][key]
            if node_id != base[f][key]:
                shown.append("%s under %s" % (name_of(node_id) if node_id else "none", sens.names[i]))
        return " (elsewhere: " + ", ".join(shown) + ")" if shown else ""

    # ---- reading ----
    print("\n== Reading\n")
    modelled = is_modelled(net)
    for fi, f in enumerate(factors):
        unit = units[f]
        fill_sens(f)
        same_broker = sum(1 for s in sets if s[f]["broker"] == base[f]["broker"])
        same_crit = sum(1 for s in sets if s[f]["crit"] == base[f]["crit"])
        worst = 0
        for k in range(1, len(partners)):
            if loss[k][f] > loss[worst][f]:
                worst = k
        text = "%s: the partners send %s of %s's direct %s inflow." % (
            f, sens.text(0, "%.1f%%"), name_of(recipient), f)
        if base[f]["broker"]:
            text += (" The node with the largest betweenness is %s (betweenness %.1f) with path "
                     "length 1/weight and %s with hop counts" % (name_of(base[f]["broker"]),
                                                                base[f]["broker_btw"],
                                                                name_of(or_na(base[f]["broker_hops"]))))
            if len(sens):
                text += "; %s stays first in %d of %d assumption sets" % (
                    name_of(base[f]["broker"]), same_broker, len(sens))
                text += differ(f, "broker")
            text += (": shortest paths follow the strongest single flows, so the ranking follows the "
                     "strongest edges%s." % (", which the generator's constants set (the cross-border "
                                             "scale and the distance exponent among them)"
                                             if modelled else ""))
        g = gate[f]
        if g["id"]:
            text += (" Within the mechanism, %s brokers the most flows into it as a gatekeeper: %d "
                     "open two-paths against %.1f expected under a random graph of the same density "
                     "(z = %.1f)." % (name_of(g["id"]), g["paths"], g["expected"], g["z"]))
        else:
            text += " No member of the mechanism brokers a %s flow into it as a gatekeeper." % f
        if not base[f]["east_flow"] > 0:
            text += " No %s flow from the East can reach %s." % (f, name_of(recipient))
        elif base[f]["crit"]:
            text += (" Of the maximum flow of %.2f %s from the East (routed through any node, a "
                     "capacity of the data set's edges, not a transfer), %s is lost without %s"
                     % (base[f]["east_flow"], unit, sens.text(1, "%.1f%%"), name_of(base[f]["crit"])))
            if len(sens):
                text += ", which stays the most critical node in %d of %d assumption sets" % (
                    same_crit, len(sens))
                text += differ(f, "crit")
            text += "."
        if full[f] > 0 and loss[worst][f] > 0:
            text += (" Losing %s would cut the partners' maximum flow (a capacity, not a transfer) by "
                     "%.2f %s (%.1f%%), the largest loss of any partner." % (name_of(partners[worst]), loss[worst][f], unit,
                                               100.0 * loss[worst][f] / full[f]))
        else:
            text += " No single partner's departure reduces the partners' maximum flow."
        para(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, study, OPT_GROUPS | OPT_YEARS | OPT_PROGRAMMES | OPT_ASSUMPTIONS, None,
                  SYNOPSIS, NEEDS))

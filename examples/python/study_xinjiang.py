#!/usr/bin/env python3
"""study_xinjiang: the Xinjiang four-party mechanism (Xinjiang, the Ministry
of Science and Technology, the Chinese Academy of Sciences, Shenzhen): who
brokers and who dominates the flows into Xinjiang, and what is lost if one
partner drops out.

    python3 study_xinjiang.py [DATA]          (default data/china)

The Python twin of examples/study_xinjiang.c: same method, same output.

Method (every number comes from libflow on the data set):
 - the mechanism is the group "xinjiang-four-party"; its member with the
   role "recipient" is the recipient (Xinjiang), the others the partners;
 - the network: the data set plus the pairing programmes' own flows
   (DATA/programmes/flows.csv, added with Network.add_flow());
 - one selection per factor, latest year, no roll-up;
 - brokers: betweenness (lengths 1 / weight) and the Gould-Fernandez roles
   between declared groups: the mechanism first, then every other declared
   group that shares no member with a group already taken;
 - dominators: for the three eastern regions that send the most flow, the
   nodes every path from them to the recipient must cross; the must-cross
   nodes and the critical nodes of the maximum flow from the whole East;
 - a partner dropping out: the maximum flow from the partners to the
   recipient, recomputed on a copy of the network built without that
   partner's flows; other critical nodes from critical_nodes().

Provenance: the report's opening names DATA/README.md when the data folder
has one, and cautions that the flows are modelled when the README says so
(data/china's are: a gravity model, not observations).

Exit status: 0 ok, 3 bad data, 1 any other failure.
"""
import sys

# The shared helpers (study_common.py, beside this script), and libflow: from
# the source tree's bindings when it is not installed.
from study_common import (libflow, bad_data, fail, latest_year, load_data_set, load_programmes,
                          main, para, provenance, set_prog)

PROG = "study_xinjiang"
GROUP = "xinjiang-four-party"
TOP = 5
MAIN_SOURCES = 3
ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
set_prog(PROG)


def copy_without(net, drop, year):
    """A copy of the network's nodes and of its flows in `year`, leaving out
    every flow that touches node `drop` (None: none)."""
    c = libflow.Network()
    for n in net.nodes:
        c.add_node(n.id, n.name, n.kind)
    for f in net.factors:
        c.add_factor(f.name, f.unit)
    for fl in net.flows():
        if fl["source"] == drop or fl["target"] == drop or fl["year"] != year:
            continue
        c.add_flow(fl["source"], fl["target"], fl["factor"], fl["weight"], year)
    return c


def inflows(net, factors, recipient, partners, year):
    """Direct flow into the recipient in `year` per factor: in total and from
    the partners (sums over the flows in network order)."""
    total = {f.name: 0.0 for f in factors}
    from_p = {f.name: 0.0 for f in factors}
    for fl in net.flows():
        if fl["year"] != year or fl["target"] != recipient or fl["source"] == recipient:
            continue
        total[fl["factor"]] += fl["weight"]
        if fl["source"] in partners:
            from_p[fl["factor"]] += fl["weight"]
    return total, from_p


def study(path):
    net = load_data_set(path)
    prog, prog_path = load_programmes(path)
    factors = net.factors
    nodes = net.nodes
    by_id = {n.id: n for n in nodes}
    groups = net.groups
    if GROUP not in groups:
        raise bad_data("%s: no group '%s' (groups.csv)" % (path, GROUP))
    year = latest_year(net)
    recipient, partners = None, []
    for member, role in groups[GROUP]:
        if role == "recipient" and recipient is None:
            recipient = member
        else:
            partners.append(member)
    if recipient is None or not partners:
        raise bad_data("%s: group '%s' needs a member with role 'recipient' and at least one partner"
                       % (path, GROUP))
    east = [n.id for n in nodes if n.kind == "region" and n.attrs.get("macro_region") == "east"]
    if not east:
        raise bad_data("%s: no region has macro_region 'east'" % path)
    # the brokerage groups: the mechanism first, then the disjoint others
    taken, bgroups, skipped = set(), [], []
    for name in [GROUP] + [g for g in groups if g != GROUP]:
        members = {m for m, _ in groups[name]}
        if members & taken:
            skipped.append(name)
        else:
            taken |= members
            bgroups.append(name)

    def name_of(node_id):
        return by_id[node_id].name if node_id in by_id else node_id

    print("Xinjiang study: the four-party mechanism and the flows into %s" % name_of(recipient))
    print("libflow %s; data set %s; programme flows %s\nYear %d; no roll-up"
          % (libflow.library_version(), path, prog_path, year))
    provenance(net)
    print()
    print("== The mechanism (%s)\n" % GROUP)
    print("%-10s %-36s %-12s %s" % ("id", "name", "kind", "role"))
    for member, role in groups[GROUP]:
        n = by_id[member]
        print("%-10s %-36s %-12s %s" % (n.id, n.name, n.kind, role or "-"))

    for f in prog.factors:
        if f.name not in {g.name for g in factors}:
            raise bad_data("%s: factor '%s' is not in the data set" % (prog_path, f.name))
    inflow0, from_p0 = inflows(net, factors, recipient, partners, year)
    prog_flows = prog.flows()
    for fl in prog_flows:
        try:
            net.add_flow(fl["source"], fl["target"], fl["factor"], fl["weight"], fl["year"])
        except libflow.FlowError as e:
            raise fail("adding a programme flow", e)
    inflow, from_p = inflows(net, factors, recipient, partners, year)
    print("\nDirect flows into %s in %d, without | with the programme flows:" % (recipient, year))
    print("%-12s %-12s %23s %23s %15s" % ("factor", "unit", "inflow", "from partners", "share"))
    for f in factors:
        a0, a1 = inflow0[f.name], inflow[f.name]
        p0, p1 = from_p0[f.name], from_p[f.name]
        print("%-12s %-12s %11.2f|%11.2f %11.2f|%11.2f %6.1f%%|%6.1f%%"
              % (f.name, f.unit or "", a0, a1, p0, p1, 100.0 * p0 / a0 if a0 > 0 else 0.0,
                 100.0 * p1 / a1 if a1 > 0 else 0.0))
    print("From here on the programme flows are included (%d flows added)." % len(prog_flows))

    def select(factor):
        return net.select(factors=[factor], years=year)

    # ---- brokers ----
    print("\n== Brokers: betweenness and Gould-Fernandez roles, %d\n" % year)
    print("Groups for the roles (disjoint):" + "".join(" " + g for g in bgroups))
    print("Left out (they share members with a group above):"
          + ("".join(" " + g for g in skipped) if skipped else " none"))
    print("Role values are flows brokered (sum over open two-paths of the smaller flow).")
    members = {recipient, *partners}
    top_broker, gate, gate_w = {}, {}, {}
    for f in factors:
        sel = select(f.name)
        try:
            btw = sel.centrality("betweenness").to_dict()
            br = {r["node"]: r for r in sel.brokerage(groups=bgroups)}
        except libflow.FlowError as e:
            raise fail(f.name, e)
        order = libflow.rank(btw)
        print("\n%s (%s): top %d by betweenness, and the partners" % (f.name, f.unit or "", TOP))
        print("  %-10s %11s %12s %12s %12s %12s %12s" % ("node", "betweenness", "coordinator",
                                                        "itinerant", "gatekeeper", "represent.",
                                                        "liaison"))
        gate_w[f.name] = 0.0
        gate[f.name] = None
        for r, node_id in enumerate(order):
            is_member = node_id in members
            if r >= TOP and not is_member:
                continue
            print("  %-10s %11.1f" % (node_id, btw[node_id])
                  + "".join(" %12.2f" % br[node_id][role + "_weight"] for role in ROLES)
                  + ("  *" if is_member else ""))
            if is_member and br[node_id]["gatekeeper_weight"] > gate_w[f.name]:
                gate_w[f.name] = br[node_id]["gatekeeper_weight"]
                gate[f.name] = name_of(node_id)
        top_broker[f.name] = name_of(order[0]) if order else None
    print("(* a member of the mechanism)")

    # ---- dominators ----
    print("\n== Dominators: what every path into %s must cross, %d" % (recipient, year))
    east_set = set(east)
    must1, nmust, east_flow, crit1, crit1_loss = {}, {}, {}, {}, {}
    for f in factors:
        sel = select(f.name)
        try:
            out = sel.centrality("out_strength").to_dict()
            mc_table = sel.must_cross(east, recipient)
        except libflow.FlowError as e:
            raise fail(f.name, e)
        print("\n%s:" % f.name)
        shown = 0
        for node_id in libflow.rank(out):
            if shown >= MAIN_SOURCES:
                break
            if node_id not in east_set:
                continue
            shown += 1
            try:
                dom = sel.dominators(node_id)
            except libflow.FlowError as e:
                raise fail("dominators", e)
            line = "  from %-8s (sends %12.2f): " % (node_id, out[node_id])
            reached = dom.to_dict("reached")
            dom = dom.to_dict("immediate_dominator")
            if not reached[recipient]:
                print(line + "%s is unreachable" % recipient)
            else:
                chain = [recipient]
                d = dom[recipient]
                while d is not None and len(chain) < 64:
                    chain.append(d)
                    d = dom[d]
                print(line + " -> ".join(reversed(chain))
                      + ("  (direct: nothing must be crossed)" if len(chain) == 2 else ""))
        # position along the way (1 nearest the East), 0 elsewhere, NaN when unreachable
        order = mc_table.to_dict()
        mc = sorted((i for i in order if order[i] > 0), key=order.get)
        print("  must cross from the whole East:" + ("".join(" " + i for i in mc) if mc else " none"))
        nmust[f.name] = len(mc)
        must1[f.name] = name_of(mc[0]) if mc else None
        try:
            east_flow[f.name] = sel.min_cut(east, recipient).scalars["value"]
            crit = sel.critical_nodes(east, recipient).to_dict()
        except libflow.FlowError as e:
            raise fail("critical nodes", e)
        text = "  maximum flow from the East: %.2f; critical nodes (loss if removed):" % east_flow[f.name]
        shown = 0
        crit1[f.name] = None
        for node_id in libflow.rank(crit):
            if shown >= 3 or not crit[node_id] > 0:
                break
            text += " %s %.2f;" % (node_id, crit[node_id])
            if shown == 0:
                crit1[f.name], crit1_loss[f.name] = name_of(node_id), crit[node_id]
            shown += 1
        print(text + ("" if shown else " none"))

    # ---- a partner drops out ----
    print("\n== If one partner drops out: maximum flow from the partners to %s, %d\n"
          % (recipient, year))

    def max_flow(network, factor, sources):
        try:
            return network.select(factors=[factor], years=year).min_cut(sources, recipient).scalars["value"]
        except libflow.FlowError as e:
            raise fail("maximum flow", e)

    try:
        whole = copy_without(net, None, year)
    except libflow.FlowError as e:
        raise fail("copying the network", e)
    full = {f.name: max_flow(whole, f.name, partners) for f in factors}
    loss = []
    for p in partners:
        rest = [q for q in partners if q != p]
        try:
            without = copy_without(net, p, year)
        except libflow.FlowError as e:
            raise fail("copying the network", e)
        loss.append({f.name: full[f.name] - (max_flow(without, f.name, rest) if rest else 0.0)
                     for f in factors})
    print("%-28s" % "" + "".join(" %22s" % f.name for f in factors))
    print("%-28s" % "all partners: max flow" + "".join(" %22.2f" % full[f.name] for f in factors))
    for k, p in enumerate(partners):
        cells = ""
        for f in factors:
            x = loss[k][f.name]
            cells += " %22s" % ("%.2f (%.1f%%)" % (x, 100.0 * x / full[f.name] if full[f.name] > 0 else 0.0))
        print("%-28s" % ("without %s: loss" % p) + cells)
    print("\nOther critical nodes between the partners and %s (max-flow loss if removed):" % recipient)
    for f in factors:
        try:
            crit = select(f.name).critical_nodes(partners, recipient).to_dict()
        except libflow.FlowError as e:
            raise fail("critical nodes", e)
        text = "  %-12s" % f.name
        shown = 0
        for node_id in libflow.rank(crit):
            if shown >= 3 or not crit[node_id] > 0:
                break
            text += " %s %.2f;" % (node_id, crit[node_id])
            shown += 1
        print(text + ("" if shown else " none (no single node carries a share of the flow)"))

    # ---- reading ----
    print("\n== Reading\n")
    for f in factors:
        fn, unit = f.name, f.unit or ""
        worst = 0
        for k in range(1, len(partners)):
            if loss[k][fn] > loss[worst][fn]:
                worst = k
        text = "%s: the partners send %.1f%% of %s's direct %s inflow." % (
            fn, 100.0 * from_p[fn] / inflow[fn] if inflow[fn] > 0 else 0.0, name_of(recipient), fn)
        if top_broker[fn]:
            text += " The network's strongest broker by betweenness is %s." % top_broker[fn]
        if gate[fn]:
            text += (" Within the mechanism, %s is the main gatekeeper (%.2f %s brokered into the group)."
                     % (gate[fn], gate_w[fn], unit))
        else:
            text += " No member of the mechanism acts as a gatekeeper for %s." % fn
        if not east_flow[fn] > 0:
            text += " No %s flow from the East can reach %s." % (fn, name_of(recipient))
        else:
            text += " At most %.2f %s can reach %s from the East" % (east_flow[fn], unit,
                                                                    name_of(recipient))
            if nmust[fn] > 0:
                text += ", and every path must cross %s." % must1[fn]
            else:
                text += ", and no single node must be crossed on the way."
            if crit1[fn]:
                text += " The most critical node is %s: without it %.1f%% of that flow is lost." % (
                    crit1[fn], 100.0 * crit1_loss[fn] / east_flow[fn])
        if full[fn] > 0 and loss[worst][fn] > 0:
            text += " Losing %s would cut the partners' reach by %.2f %s (%.1f%%), the largest loss." % (
                name_of(partners[worst]), loss[worst][fn], unit, 100.0 * loss[worst][fn] / full[fn])
        else:
            text += " No single partner's departure reduces the partners' reach."
        para(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, study))

#!/usr/bin/env python3
"""study_east_west: how much can flow from China's eastern to its western
regions, what limits it, and how much the East-West pairing programmes add.

    python3 study_east_west.py [DATA]          (default data/china)

The Python twin of examples/study_east_west.c: same method, same output.

Method (every number comes from libflow on the data set):
 - sources: the nodes of kind "region" whose attribute macro_region is
   "east"; sinks: those whose macro_region is "west";
 - one selection per factor (units differ, so factors are never added),
   rolled up to the region level so that institutions and cities count with
   their region, one year at a time;
 - the value is the maximum flow = the minimum cut's weight (min_cut()); its
   edges are the corridors that limit it (its part "factor_edges");
 - "after": the data set is loaded a second time and the programmes' own
   flows (DATA/programmes/flows.csv, loaded as a lone flows table) are added
   to it with Network.add_flow();
 - each pairing group (east-west:*, xinjiang-four-party) alone: a fresh copy
   plus only the programme flows whose two ends are members of that group.

Provenance: the report's opening names DATA/README.md when the data folder
has one, and cautions that the flows are modelled when the README says so
(data/china's are: a gravity model, not observations).

Exit status: 0 ok, 3 bad data, 1 any other failure.
"""
import sys

# The shared helpers (study_common.py, beside this script), and libflow: from
# the source tree's bindings when it is not installed.
from study_common import (libflow, bad_data, fail, load_data_set, load_programmes, main, para,
                          provenance, set_prog, load_study_data, OPT_GROUPS)

PROG = "study_east_west"
TOP_EDGES = 8
set_prog(PROG)


def pct(a, b):
    """Percent change from a to b ("n/a" when a is 0)."""
    return "n/a" if a == 0.0 else "%+.1f%%" % (100.0 * (b - a) / a)


def study(opts):
    path = opts.data
    base = load_study_data(opts)
    prog, prog_path = load_programmes(path)

    nodes = base.nodes
    by_id = {n.id: n for n in nodes}

    def regions_of(macro):
        return [n.id for n in nodes if n.kind == "region" and n.attrs.get("macro_region") == macro]

    def place(node_id):
        n = by_id.get(node_id)
        if n is None:
            return "?"
        m = n.attrs.get("macro_region")
        return m if isinstance(m, str) else n.kind

    def macro_of(node_id):
        n = by_id.get(node_id)
        while n is not None:
            if n.kind == "region":
                return n.attrs.get("macro_region")
            n = by_id.get(n.parent) if n.parent else None
        return None

    east, west = regions_of("east"), regions_of("west")
    if not east or not west:
        raise bad_data("%s: no regions with macro_region 'east' and 'west' (nodes.csv needs kind "
                       "'region' and a macro_region column)" % path)
    factors = base.factors

    years = sorted({row["year"] for row in base.select().totals() if row["year"] != libflow.NO_YEAR})
    if not years:
        raise bad_data("%s: no flow has a year" % path)
    latest = years[-1]

    groups = base.groups
    pairing = [g for g in groups if g.startswith("east-west:") or g == "xinjiang-four-party"]
    prog_flows = prog.flows()

    def make_copy(group):
        """The data set loaded again plus the programme flows of `group`
        (both ends members), or all of them when group is None."""
        net = load_data_set(path)
        members = None if group is None else {m for m, _ in groups[group]}
        added = 0
        for fl in prog_flows:
            if members is not None and not (fl["source"] in members and fl["target"] in members):
                continue
            try:
                net.add_flow(fl["source"], fl["target"], fl["factor"], fl["weight"], fl["year"])
            except libflow.FlowError as e:
                raise fail("adding a programme flow", e)
            added += 1
        return net, added

    after, added = make_copy(None)
    copies = [make_copy(g) for g in pairing]

    def cut(net, factor, year):
        try:
            return net.select(factors=[factor], years=year, level="region").min_cut(east, west)
        except libflow.FlowError as e:
            raise fail("minimum cut", e)

    cut_before = [[cut(base, f.name, y).scalars["value"] for f in factors] for y in years]
    cut_after = [[cut(after, f.name, y).scalars["value"] for f in factors] for y in years]
    last_cut = [cut(base, f.name, latest) for f in factors]
    now_b, now_a = cut_before[-1], cut_after[-1]
    gain = [[cut(net, f.name, latest).scalars["value"] - now_b[i] for i, f in enumerate(factors)]
            for net, _ in copies]

    # ---- report ----
    print("East-West study: the minimum cut from the eastern to the western regions")
    print("libflow %s; data set %s; programme flows %s" % (libflow.library_version(), path, prog_path))
    print("Level: region (institutions and cities count with their region); years %d-%d"
          % (years[0], latest))
    provenance(base)
    print()
    print("Sources: %d eastern regions:%s" % (len(east), "".join(" " + i for i in east)))
    print("Sinks:   %d western regions:%s" % (len(west), "".join(" " + i for i in west)))
    print("Programme flows: %d (%d pairing groups)\n" % (added, len(pairing)))

    print("== Minimum cut East -> West in %d, before and after the programmes\n" % latest)
    print("%-12s %-16s %14s %14s %14s %9s" % ("factor", "unit", "before", "after", "change", "change%"))
    for i, f in enumerate(factors):
        print("%-12s %-16s %14.2f %14.2f %+14.2f %9s" % (f.name, f.unit or "", now_b[i], now_a[i],
                                                         now_a[i] - now_b[i], pct(now_b[i], now_a[i])))

    print("\n== Trend %d-%d of the cut value (before | after the programmes)\n" % (years[0], latest))
    print("%-6s" % "year" + "".join(" %25s" % f.name for f in factors))
    for y, year in enumerate(years):
        print("%-6d" % year + "".join(" %12.2f|%12.2f" % (cut_before[y][i], cut_after[y][i])
                                      for i in range(len(factors))))
    print("%-6s" % "change" + "".join(" %12s|%12s" % (pct(cut_before[0][i], now_b[i]),
                                                      pct(cut_after[0][i], now_a[i]))
                                      for i in range(len(factors))))

    print("\n== Limiting corridors: the cut edges in %d, before the programmes" % latest)
    for i, f in enumerate(factors):
        c = last_cut[i]
        total = c.scalars["value"]
        edges = c.parts["factor_edges"].rows()
        side = int(c.scalars["source_side"])
        n = side + int(c.scalars["sink_side"])
        print("\n%s (%s): %d cut edges, total %.2f; %d of %d vertices on the eastern side"
              % (f.name, f.unit or "", len(edges), total, side, n))
        print("  %-10s %-16s %-10s %-16s %12s %7s" % ("from", "", "to", "", "weight", "share"))
        for e in edges[:TOP_EDGES]:
            print("  %-10s %-16s %-10s %-16s %12.2f %6.1f%%"
                  % (e["source"], "(%s)" % place(e["source"]), e["target"],
                     "(%s)" % place(e["target"]), e["weight"],
                     100.0 * e["weight"] / total if total > 0 else 0.0))
        if len(edges) > TOP_EDGES:
            rest = 0.0
            for e in edges[TOP_EDGES:]:
                rest += e["weight"]
            print("  ... %d more edges carrying %.2f (%.1f%%)"
                  % (len(edges) - TOP_EDGES, rest, 100.0 * rest / total if total > 0 else 0.0))

    print("\n== Pairings: the cut increase in %d from each group's programme flows alone\n" % latest)
    print("%-32s %6s" % ("group", "flows") + "".join(" %16s" % f.name for f in factors))
    attributed = 0
    for k, g in enumerate(pairing):
        attributed += copies[k][1]
        print("%-32s %6d" % (g, copies[k][1]) + "".join(" %+16.2f" % x for x in gain[k]))
    print("%-32s %6d" % ("all programmes together", added)
          + "".join(" %+16.2f" % (now_a[i] - now_b[i]) for i in range(len(factors))))
    if attributed != added:
        print("(%d programme flows belong to no pairing group)" % (added - attributed))

    # ---- the reading, from the numbers above ----
    print("\n== Reading\n")
    for i, f in enumerate(factors):
        edges = last_cut[i].parts["factor_edges"].rows()
        text = "%s: at most %.2f %s can move from East to West in %d" % (f.name, now_b[i], f.unit or "",
                                                                          latest)
        if len(years) > 1 and cut_before[0][i] > 0:
            text += " (%.2f in %d, %s)" % (cut_before[0][i], years[0],
                                           "up" if now_b[i] >= cut_before[0][i] else "down")
        text += "."
        if edges:
            s, t = edges[0]["source"], edges[0]["target"]
            text += " The tightest corridor is %s -> %s (%s -> %s), %.1f%% of the cut" % (
                by_id[s].name, by_id[t].name, place(s), place(t),
                100.0 * edges[0]["weight"] / now_b[i] if now_b[i] > 0 else 0.0)
            text += "."
        not_east = 0.0
        for e in edges:
            if place(e["source"]) != "east":
                not_east += e["weight"]
        if now_b[i] > 0 and not_east > 0:
            text += " %.1f%% of the cut reaches the West through regions or nodes outside the East." % (
                100.0 * not_east / now_b[i])
        if now_a[i] - now_b[i] > 0:
            text += " The programmes raise it by %.2f (%s)" % (now_a[i] - now_b[i], pct(now_b[i], now_a[i]))
            best = 0
            for k in range(1, len(pairing)):
                if gain[k][i] > gain[best][i]:
                    best = k
            if pairing and gain[best][i] > 0:
                text += "; the largest single gain, %.2f, comes from %s" % (gain[best][i], pairing[best])
            text += "."
        else:
            n_f = e2w = w2e = 0
            for fl in prog_flows:
                if fl["factor"] != f.name or fl["year"] != latest:
                    continue
                ms, mt = macro_of(fl["source"]), macro_of(fl["target"])
                n_f += 1
                e2w += ms == "east" and mt == "west"
                w2e += ms == "west" and mt == "east"
            text += (" The programmes do not raise it: of their %d %s flows in %d, %d run from East "
                     "to West and %d from West to East." % (n_f, f.name, latest, e2w, w2e))
        para(text)
    text = "Over %d-%d the cut changed by" % (years[0], latest)
    for i, f in enumerate(factors):
        sep = "" if i == 0 else (" and" if i + 1 == len(factors) else ",")
        text += "%s %s for %s" % (sep, pct(cut_before[0][i], now_b[i]), f.name)
    text += " (without the programmes)."
    para(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, study, OPT_GROUPS, "region",
                  "The minimum cut from the eastern to the western regions.",
                  "  nodes of kind 'region' with a text attribute macro_region ('east', 'west'),\n"
                  "  dated flows, and DATA/programmes/flows.csv"))

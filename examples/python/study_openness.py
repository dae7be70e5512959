#!/usr/bin/env python3
"""study_openness: China's position in the world's flows, year by year,
where the data set can say it; and what a data set that cannot say it holds
instead.

    python3 study_openness.py [DATA] [--year Y | --years A-B] [--assumptions DIR]

The Python twin of examples/study_openness.c: same method, same output (see
the C file for the method). `--help` says what a data set must contain.

Exit status: 0 ok, 3 bad data (unreadable, inconsistent, or lacking what the
study needs), 2 bad usage, 1 any other failure.
"""
import sys

# The shared helpers (study_common.py, beside this script), and libflow: from
# the source tree's bindings when it is not installed.
from study_common import (libflow, OPT_ASSUMPTIONS, OPT_GROUPS, OPT_YEARS, Failure, Sensitivity,
                          bad_data, fail, has_attr, is_modelled, load_study_data, main, need, para,
                          provenance, set_prog)

PROG = "study_openness"
FOCUS = "CN"
TOP = 10
SEEDS = 10  # Leiden seeds for the stability of China's cluster
set_prog(PROG)

SYNOPSIS = (
    "China's position in the world's flows year by year: PageRank rank and value,\n"
    "brokerage across the declared groups, cluster membership and the excess over a\n"
    "gravity expectation. On a data set without flows between other countries (as\n"
    "data/china), what it holds instead: the international flows per factor.")
NEEDS = (
    "  - the node CN (China) with dated flows (a year column);\n"
    "  - for China's position in the world: flows between countries other than\n"
    "    China (countries: the roots of the parent forest), and declared groups\n"
    "    (groups.csv, e.g. continents) for brokerage and the gravity term;\n"
    "  - otherwise: nodes of kind 'region' under CN and flows to or from\n"
    "    countries abroad.")


def num(x):
    """A weight: whole above 100 in magnitude, two decimals below."""
    return ("%.0f" if x >= 100 or x <= -100 else "%.2f") % x


def by_key_desc(indexes, key):
    """indexes sorted by key[i], descending, ties by index."""
    return sorted(indexes, key=lambda i: (-key[i], i))


class Data:
    """The network read once (as net_data in study_common.h)."""

    def __init__(self, net):
        self.nodes = net.nodes
        self.index = {n.id: i for i, n in enumerate(self.nodes)}
        self.parent = [self.index[n.parent] if n.parent else -1 for n in self.nodes]
        self.factors = [f.name for f in net.factors]
        self.units = [f.unit or "" for f in net.factors]
        self.flows = [(self.index[r["source"]], self.index[r["target"]],
                       self.factors.index(r["factor"]), r["weight"], r["year"])
                      for r in net.flows()]
        self.groups = net.groups

    def root_of(self, i):
        steps = 0
        while self.parent[i] >= 0 and steps < len(self.nodes):
            i = self.parent[i]
            steps += 1
        return i


def years_of(d, o):
    ys = set()
    for _, _, _, _, y in d.flows:
        if y == libflow.NO_YEAR:
            continue
        if o.year_from is not None and not o.year_from <= y <= o.year_to:
            continue
        ys.add(y)
    return sorted(ys)


# ---- the world: China among the countries --------------------------------------

def symmetric(d, first, last):
    """The symmetric copy of the network for the gravity fit."""
    sym = libflow.Network()
    try:
        for n in d.nodes:
            sym.add_node(n.id, n.name, n.kind)
        for g, members in d.groups.items():
            for m, _ in members:
                sym.add_member(g, m)
        sym.add_factor(d.factors[0], d.units[0] or None)
        for s, t, _, w, y in d.flows:
            if y == libflow.NO_YEAR or y < first or y > last or s == t:
                continue
            sym.add_flow(d.nodes[s].id, d.nodes[t].id, d.factors[0], w, y)
            sym.add_flow(d.nodes[t].id, d.nodes[s].id, d.factors[0], w, y)
    except libflow.FlowError as e:
        raise fail("copying the network", e)
    return sym


class Row:
    pass


def world(net, d, o, years, cn):
    first, latest = years[0], years[-1]
    nn = len(d.nodes)
    factor = d.factors[0]
    if len(d.factors) != 1:
        raise bad_data("%s: the world study needs one factor; this data set has %d"
                       % (o.data, len(d.factors)))
    if not d.groups:
        raise need(o.data, "declared groups (groups.csv)", "brokerage and the gravity term")
    if o.assumptions:
        print("%s: --assumptions: %s is not a modelled data set; see %s --help" % (PROG, o.data, PROG),
              file=sys.stderr)
        raise Failure(2)
    group_names = list(d.groups)
    sym = symmetric(d, first, latest)

    rows = []
    for year in years:
        r = Row()
        strength = [0.0] * nn
        total = 0.0
        for s, t, _, w, y in d.flows:
            if y != year or s == t:
                continue
            strength[s] += w
            strength[t] += w
            total += w
        r.strength = strength[cn]
        r.share = 100.0 * strength[cn] / total if total > 0 else 0.0
        r.partner = None
        try:
            sel = net.select(years=year, directed=False)
        except libflow.FlowError as e:
            raise fail("making a selection", e)
        try:
            pr = sel.centrality("pagerank")
        except libflow.FlowError as e:
            raise fail("PageRank", e)
        try:
            br = sel.brokerage(groups=group_names)
        except libflow.FlowError as e:
            raise fail("brokerage", e)
        try:
            cl = sel.clusters()
        except libflow.FlowError as e:
            raise fail("clusters", e)
        try:
            fit = sym.select(years=year).gravity(distance="none", same_group=True)
        except libflow.FlowError as e:
            raise fail("the gravity fit", e)
        # PageRank, and the rank among the countries with a tie
        prs = [(row["node"], row["pagerank"]) for row in pr]
        r.pagerank = 0.0
        for node, v in prs:
            if node == FOCUS:
                r.pagerank = v
        r.rank, r.countries = 1, 0
        for node, v in prs:
            n = d.index.get(node)
            if n is None or strength[n] <= 0:
                continue
            r.countries += 1
            if v > r.pagerank:
                r.rank += 1
        # brokerage
        r.brokerage, r.expected, r.z = 0, 0.0, 0.0
        for row in br:
            if row["node"] == FOCUS:
                r.brokerage, r.expected, r.z = row["total"], row["total_expected"], row["total_z"]
        # the cluster
        cluster_of = [-1] * nn
        for row in cl:
            n = d.index.get(row["node"])
            if n is not None:
                cluster_of[n] = row["cluster"]
        members = [i for i in range(nn)
                   if cluster_of[cn] >= 0 and cluster_of[i] == cluster_of[cn] and strength[i] > 0]
        r.cluster_size = len(members)
        r.clusters = int(cl.scalars["clusters"])
        r.modularity = cl.scalars["modularity"]
        # the excess over gravity: China's pairs
        obs, ex = [0.0] * nn, [0.0] * nn
        for row in fit.parts["pairs"]:
            if row["source"] != FOCUS:
                continue
            t = d.index.get(row["target"])
            if t is not None:
                obs[t], ex[t] = row["observed"], row["expected"]
        order = by_key_desc([i for i in range(nn) if obs[i] > 0], obs)
        if order:
            r.partner, r.partner_obs, r.partner_exp = order[0], obs[order[0]], ex[order[0]]
        rows.append(r)

    # the latest year's cluster over seeds 1 to SEEDS: its size, and whether
    # China's largest partner is in it
    sizes, with_partner = [], 0
    try:
        sel = net.select(years=latest, directed=False)
    except libflow.FlowError as e:
        raise fail("making a selection", e)
    partner = rows[-1].partner
    for seed in range(1, SEEDS + 1):
        try:
            cl = sel.clusters(seed=seed)
        except libflow.FlowError as e:
            raise fail("clusters", e)
        cluster_of = [-1] * nn
        for row in cl:
            n = d.index.get(row["node"])
            if n is not None:
                cluster_of[n] = row["cluster"]
        sizes.append(sum(1 for i in range(nn) if cluster_of[cn] >= 0
                         and cluster_of[i] == cluster_of[cn] and strength[i] > 0))
        with_partner += partner is not None and cluster_of[partner] == cluster_of[cn]

    # ---- the report ----
    a, z = rows[0], rows[-1]
    ny = len(years)
    name = [n.name for n in d.nodes]
    ids = [n.id for n in d.nodes]
    print("Openness study: China's position in the world's %s" % factor)
    print("libflow %s; data set %s; years %d-%d (%d years with flows)"
          % (libflow.library_version(), o.data, first, latest, ny))
    provenance(net)
    print()
    text = ("Finding, %d: China (%s) ranks %d of %d countries by PageRank in %s (%.4f)"
            % (latest, FOCUS, z.rank, z.countries, factor, z.pagerank))
    if ny > 1:
        text += ", against %d of %d in %d (%.4f)" % (a.rank, a.countries, first, a.pagerank)
    text += "; it takes part in %.1f%% of the weight between countries" % z.share
    if ny > 1:
        text += " (%.1f%% in %d)" % (a.share, first)
    text += "."
    if z.partner is not None:
        text += " Its largest partner, %s, has a tie of %s, %.2f times the gravity expectation." % (
            name[z.partner], num(z.partner_obs),
            z.partner_obs / z.partner_exp if z.partner_exp > 0 else 0.0)
    para(text, lead="")
    para("Caveat: a tie between two countries is taken as undirected (both directions summed): "
         "who works with whom, not a flow from one to the other. Gravity expectation: fixed "
         "effects for each country's total ties and a same-group term (the declared groups); "
         "no distance term%s." % ("" if has_attr(net, "lat") else " (the data set has no lat and lon)"),
         lead="")

    print("\n== China per year\n")
    print("%-5s %5s %5s %8s %10s %6s %9s %9s %6s %9s %6s  %s"
          % ("year", "of", "rank", "pagerank", "strength", "share%", "brokerage", "expected", "z",
             "cluster", "Q", "largest partner obs/exp"))
    for year, r in zip(years, rows):
        line = "%-5d %5d %5d %8.4f %10s %6.1f %9d %9.1f %6.1f %9s %6.3f  " % (
            year, r.countries, r.rank, r.pagerank, num(r.strength), r.share, r.brokerage, r.expected,
            r.z, "%d/%d" % (r.cluster_size, r.clusters), r.modularity)
        if r.partner is not None:
            line += "%s %.2f" % (ids[r.partner], r.partner_obs / r.partner_exp if r.partner_exp > 0 else 0.0)
        else:
            line += "none"
        print(line)
    print("(of: countries with a tie that year; rank: by PageRank, damping 0.85, undirected;\n"
          " brokerage: two-paths China brokers across the declared groups, all roles, against\n"
          " their expected count in a random graph of the same density (sna's brokerage);\n"
          " cluster: countries in China's Leiden cluster (seed 1) / the number of clusters;\n"
          " Q: the partition's modularity)")

    print("\n== China's cluster in %d: %d countries, the %d with most ties\n"
          % (latest, len(members), min(len(members), TOP)))
    for i in by_key_desc(members, strength)[:TOP]:
        print("  %-4s %-32s %12s" % (ids[i], name[i], num(strength[i])))

    line = "(over Leiden seeds 1 to %d: %d to %d countries" % (SEEDS, min(sizes), max(sizes))
    if z.partner is not None:
        line += "; %s in it under %d of the %d seeds" % (ids[z.partner], with_partner, SEEDS)
    print(line + ")")

    print("\n== China's %d largest partners in %d against the gravity expectation\n" % (TOP, latest))
    print("  %-4s %-32s %12s %12s %6s" % ("id", "partner", "observed", "expected", "ratio"))
    for i in order[:TOP]:
        print("  %-4s %-32s %12s %12s %6.2f" % (ids[i], name[i], num(obs[i]), num(ex[i]),
                                                obs[i] / ex[i] if ex[i] > 0 else 0.0))

    print("\n== Reading\n")
    text = "PageRank: China ranks %d of %d in %d" % (z.rank, z.countries, latest)
    if ny > 1:
        text += " and %d of %d in %d; its value went from %.4f to %.4f" % (
            a.rank, a.countries, first, a.pagerank, z.pagerank)
    para(text + ".")
    para("Brokerage: China brokers %d two-paths across the declared groups in %d, against %.1f "
         "expected in a random graph of the same density (z = %.1f): %s." % (
             z.brokerage, latest, z.expected, z.z,
             "more than expected" if z.z >= 2 else ("fewer than expected" if z.z <= -2 else
                                                    "within 2 standard deviations of the expectation")))
    para("Clusters: in %d China is in a Leiden cluster of %d of the %d countries with a tie "
         "(%d clusters, modularity %.3f; %d to %d countries over seeds 1 to %d)."
         % (latest, z.cluster_size, z.countries, z.clusters, z.modularity, min(sizes), max(sizes),
            SEEDS))
    if z.partner is not None:
        shown = order[:TOP]
        above = sum(1 for i in shown if obs[i] > ex[i])
        para("Gravity: of China's %d largest partners in %d, %d have more ties than the "
             "expectation and %d fewer; the largest, %s, %.2f times." % (
                 len(shown), latest, above, len(shown) - above, name[z.partner],
                 z.partner_obs / z.partner_exp if z.partner_exp > 0 else 0.0))
    return 0


# ---- a data set without flows between other countries ----------------------------

class Counts:
    pass


def count(d, cn, latest):
    nn, nf = len(d.nodes), len(d.factors)
    c = Counts()
    home = d.root_of(cn)
    c.home = home
    c.root = [d.root_of(i) for i in range(nn)]
    c.region = []
    for i in range(nn):
        p = i
        while p >= 0 and d.nodes[p].kind != "region":
            p = d.parent[p]
        c.region.append(p)
    c.foreign = 0
    c.nflows = [0] * nf
    c.inw, c.out, c.all = [0.0] * nf, [0.0] * nf, [0.0] * nf
    c.sends = [[0.0] * nf for _ in range(nn)]
    c.receives = [[0.0] * nf for _ in range(nn)]
    c.rintl = [[0.0] * nf for _ in range(nn)]
    c.rall = [[0.0] * nf for _ in range(nn)]
    for src, tgt, f, w, y in d.flows:
        s, t = c.root[src], c.root[tgt]
        rs, rt = c.region[src], c.region[tgt]
        if s != t and s != home and t != home:
            c.foreign += 1
        if y != latest:
            continue
        c.all[f] += w
        if rs >= 0:
            c.rall[rs][f] += w
        if rt >= 0 and rt != rs:
            c.rall[rt][f] += w
        if s == t or (s != home and t != home):
            continue
        c.nflows[f] += 1
        if t == home:
            c.inw[f] += w
            c.sends[s][f] += w
            if rt >= 0:
                c.rintl[rt][f] += w
        else:
            c.out[f] += w
            c.receives[t][f] += w
            if rs >= 0:
                c.rintl[rs][f] += w
    return c


def open_headlines(c):
    return [100.0 * (c.inw[f] + c.out[f]) / c.all[f] if c.all[f] > 0 else 0.0
            for f in range(len(c.all))]


def home_only(net, d, o, years, cn):
    latest = years[-1]
    nf, nn = len(d.factors), len(d.nodes)
    c = count(d, cn, latest)
    home = c.home

    sens = Sensitivity(o.assumptions, nf)
    sens.base = open_headlines(c)
    for i, spath in enumerate(sens.paths):
        so = type(o)(o.level)
        so.__dict__.update(o.__dict__)
        so.data = spath
        sn = load_study_data(so)
        sd = Data(sn)
        if FOCUS not in sd.index:
            raise need(spath, "node " + FOCUS, "China")
        sh = open_headlines(count(sd, sd.index[FOCUS], latest))
        for f, name in enumerate(d.factors):
            if name not in sd.factors:
                raise bad_data("%s: no flows of factor '%s'" % (spath, name))
            sens.value[i][f] = sh[sd.factors.index(name)]
    partners = 0
    for i in range(nn):
        if c.root[i] != i or i == home:
            continue
        if sum(c.sends[i]) > 0 or sum(c.receives[i]) > 0:
            partners += 1

    print("Openness study: China's international flows (its place in the world cannot be asked "
          "here)")
    print("libflow %s; data set %s; years %d-%d" % (libflow.library_version(), o.data, years[0], latest))
    provenance(net)
    sens.note(net)
    print()
    text = ("Finding: this data set cannot place China in the world. It has %d flows between two "
            "countries other than China, so there are no countries to rank China among; every "
            "international flow runs between China's nodes and %d partners abroad."
            % (c.foreign, partners))
    text += " In %d the international share of each factor's flows is" % latest
    for f in range(nf):
        text += "%s %s %s" % ("" if f == 0 else (" and" if f + 1 == nf else ","), d.factors[f],
                              sens.text(f, "%.1f%%"))
    para(text + ".", lead="")
    text = ""
    if is_modelled(net):
        text = "Caveat: these flows are modelled, not observed (see the Provenance). "
    text += ("China's position among countries is asked of data/openalex-coauthorship (observed "
             "co-authorship between countries): study_openness data/openalex-coauthorship.")
    para(text, lead="")

    print("\n== International flows in %d, between China's nodes and partners abroad\n" % latest)
    print("%-12s %-16s %6s %14s %14s %8s" % ("factor", "unit", "flows", "abroad->China",
                                             "China->abroad", "intl %"))
    for f in range(nf):
        print("%-12s %-16s %6d %14s %14s %7.1f%%" % (d.factors[f], d.units[f], c.nflows[f],
                                                     num(c.inw[f]), num(c.out[f]), sens.base[f]))

    print("\n== Partners abroad in %d: what each sends to China | receives from it\n" % latest)
    print("%-4s %-24s" % ("id", "name")
          + "".join(" %14.14s in %14.14s out" % (f, f) for f in d.factors))
    for i in range(nn):
        if c.root[i] != i or i == home:
            continue
        if sum(c.sends[i][f] + c.receives[i][f] for f in range(nf)) <= 0:
            continue
        print("%-4s %-24.24s" % (d.nodes[i].id, d.nodes[i].name)
              + "".join(" %17s %18s" % (num(c.sends[i][f]), num(c.receives[i][f])) for f in range(nf)))
    print("(in: sent to China's nodes; out: received from them)")

    print("\n== Regions' openness in %d: international / all flows of the region, the five "
          "highest" % latest)
    for f in range(nf):
        key = [0.0] * nn
        cand = []
        for i in range(nn):
            if c.region[i] == i and c.rall[i][f] > 0:
                key[i] = c.rintl[i][f] / c.rall[i][f]
                cand.append(i)
        order = by_key_desc(cand, key)
        line = "\n%s:" % d.factors[f]
        if not order or key[order[0]] <= 0:
            line += " no region has international flows"
        shown = 0
        for i in order[:5]:
            if key[i] <= 0:
                break
            line += "%s %s %.1f%%" % ("," if shown else "", d.nodes[i].id, 100.0 * key[i])
            shown += 1
        print(line)

    print("\n== Reading\n")
    text = ("No ranking of the partners abroad: a country's position needs its ties with other "
            "countries, which this data set lacks.")
    for f in range(nf):
        senders = only = 0
        for i in range(nn):
            if c.root[i] != i or i == home or c.sends[i][f] <= 0:
                continue
            senders += 1
            only += c.receives[i][f] <= 0
        if only > 0:
            text += (" In %s, %d of the %d partners that send receive nothing, so their PageRank "
                     "would be the teleportation term alone, equal among them."
                     % (d.factors[f], only, senders))
    para(text)
    for f in range(nf):
        if c.nflows[f] == 0:
            para("%s: no international flows at all in %d." % (d.factors[f], latest))
    hk = d.index.get("CN-HK")
    if hk is not None:
        domestic = c.root[hk] == home
        text = "Hong Kong (CN-HK) is %s here (kind '%s')" % (
            "part of China" if domestic else "a partner abroad", d.nodes[hk].kind)
        if domestic:
            text += (", so its flows with the mainland count as domestic, not as inward investment "
                     "from abroad")
        cols = net.table("nodes").column_names
        if "gdp" in cols and net.table("nodes").column_type("gdp") == "double" and \
                "gdp" not in d.nodes[hk].attrs:
            text += "; its gdp is missing in the data set (the generator imputes it)"
        para(text + ".")
    return 0


def study(o):
    net = load_study_data(o)
    d = Data(net)
    if FOCUS not in d.index:
        raise need(o.data, "node %s (China)" % FOCUS, "China's position")
    years = years_of(d, o)
    if not years:
        if o.year_from is None:
            raise need(o.data, "dated flows (a year column)", "the years")
        raise bad_data("%s: no flow in the years %d-%d" % (o.data, o.year_from, o.year_to))
    cn = d.index[FOCUS]
    if count(d, cn, years[-1]).foreign > 0:
        return world(net, d, o, years, cn)
    return home_only(net, d, o, years, cn)


if __name__ == "__main__":
    sys.exit(main(sys.argv, study, OPT_GROUPS | OPT_YEARS | OPT_ASSUMPTIONS, "region", SYNOPSIS,
                  NEEDS))

#!/usr/bin/env python3
"""study_openness: international openness. Where do countries and China's
regions stand in the international flows of capital and technology, year by
year, and how did their positions move?

    python3 study_openness.py [DATA]          (default data/china)

The Python twin of examples/study_openness.c: same method, same output.

Method (every number comes from libflow on the data set):
 - the international flows: a network built in code from the data set, with
   every node (and its parent) and only the flows whose two ends lie in
   different countries (the roots of the parent forest differ);
 - one selection per factor (capital, technology), rolled up to regions,
   directed;
 - per year (Selection.series()): PageRank (damping 0.85), hubs (sources of
   international flow), authorities (absorbers) and net flow; a node without
   international flows in a year is absent that year (NaN);
 - rank movement: PageRank ranks among the nodes present in both the first
   and the last year; positive = moved up;
 - openness of a Chinese region: its international strength over its
   strength in the whole network.

Provenance: the report's opening names DATA/README.md when the data folder
has one, and cautions that the flows are modelled when the README says so
(data/china's are: a gravity model, not observations).

Exit status: 0 ok, 3 bad data, 1 any other failure.
"""
import math
import sys

# The shared helpers (study_common.py, beside this script), and libflow: from
# the source tree's bindings when it is not installed.
from study_common import libflow, bad_data, fail, load_data_set, main, para, provenance, set_prog

PROG = "study_openness"
FACTORS = ("capital", "technology")
MEASURES = ("pagerank", "hub", "authority", "net_flow", "strength")
set_prog(PROG)


def international(net, root):
    """The international part of a network: every node, parent and factor,
    and the flows whose ends have different roots."""
    c = libflow.Network()
    nodes = net.nodes
    for n in nodes:
        c.add_node(n.id, n.name, n.kind)
    for n in nodes:
        if n.parent is not None:
            c.set_parent(n.id, n.parent)
    for f in net.factors:
        c.add_factor(f.name, f.unit)
    kept = 0
    for fl in net.flows():
        if root[fl["source"]] == root[fl["target"]]:
            continue
        c.add_flow(fl["source"], fl["target"], fl["factor"], fl["weight"], fl["year"])
        kept += 1
    return c, kept


def by_year(series):
    """A series Table as {year: {id: value}}, years ascending, ids in vertex
    order."""
    out = {int(year): {} for year in series.parts["years"]["year"]}
    values = series[series.meta["measure"]]
    for node_id, year, v in zip(series["node"], series["year"], values):
        out[int(year)][node_id] = float(v)
    return out


def ranks_of(values, mask):
    """{id: rank (1 = largest)} for the ids where mask is true."""
    rank, r = {}, 0
    for node_id in libflow.rank(values):
        if mask[node_id]:
            r += 1
            rank[node_id] = r
    return rank


def study_factor(net, intl, factor, unit, by_id, root):
    try:
        si = intl.select(factors=[factor], level="region")
        sa = net.select(factors=[factor], level="region")
        s = {m: by_year(si.series(m)) for m in MEASURES}
        total = by_year(sa.series("strength"))
    except libflow.FlowError as e:
        raise fail(factor, e)
    years = list(s["pagerank"])
    if not years:
        print("\n== %s (%s): positions in international flows\n" % (factor, unit))
        print("No dated international %s flows in the data set." % factor)
        print("\n-- Reading (%s)\n" % factor)
        para("No %s crosses a national border in this data set, so no country or region has an "
             "international %s position to rank." % (factor, factor))
        return
    y0, y1 = years[0], years[-1]
    pr = s["pagerank"]
    ids = list(pr[y1])
    both = {i: not math.isnan(pr[y0][i]) and not math.isnan(pr[y1][i]) for i in ids}
    cn_root = None
    for i in ids:
        if by_id[i].kind == "region":
            cn_root = root[i]
    chinese = {i: cn_root is not None and root[i] == cn_root for i in ids}
    present = [i for i in ids if not math.isnan(pr[y1][i])]
    n_cn = sum(1 for i in present if chinese[i])
    n_foreign = len(present) - n_cn
    r0, r1 = ranks_of(pr[y0], both), ranks_of(pr[y1], both)
    order = libflow.rank(pr[y1])

    def value(measure, year, i):
        return s[measure][year][i]

    def openness(year, i):
        a, t = value("strength", year, i), total[year][i]
        return a / t if not math.isnan(a) and t > 0 else None

    print("\n== %s (%s): positions in international flows, %d-%d\n" % (factor, unit, y0, y1))
    print("%d nodes take part in %d: %d foreign countries and %d Chinese regions or institutions.\n"
          % (len(present), y1, n_foreign, n_cn))
    print("PageRank by year (damping 0.85), nodes present in %d:" % y1)
    print("%-8s" % "node" + "".join(" %7d" % y for y in years) + " %5s %5s %5s" % ("rank0", "rank1", "move"))
    for i in order:
        if math.isnan(pr[y1][i]):
            continue
        line = "%-8s" % i
        for y in years:
            x = pr[y][i]
            line += " %7s" % "-" if math.isnan(x) else " %7.4f" % x
        if both[i]:
            line += " %5d %5d %+5d" % (r0[i], r1[i], r0[i] - r1[i])
        else:
            line += " %5s %5s %5s" % ("-", "-", "new")
        print(line)
    print("(rank0 = rank in %d, rank1 = in %d, among the nodes present in both years;\n"
          " move > 0: moved up)" % (y0, y1))

    print("\nSources and absorbers in %d, net flow then and now, openness of Chinese regions:" % y1)
    print("%-8s %-22s %7s %9s %12s %12s %9s %9s" % ("node", "name", "hub", "authority", "net flow",
                                                   "net flow", "open", "open"))
    print("%-8s %-22s %7s %9s %12d %12d %9d %9d" % ("", "", "", "", y0, y1, y0, y1))
    for i in order:
        if math.isnan(pr[y1][i]):
            continue
        nf0 = value("net_flow", y0, i)
        n0 = "-" if math.isnan(nf0) else "%+.2f" % nf0
        o0 = o1 = "-"
        if chinese[i]:
            a0, a1 = openness(y0, i), openness(y1, i)
            if a0 is not None:
                o0 = "%.1f%%" % (100.0 * value("strength", y0, i) / total[y0][i])
            if a1 is not None:
                o1 = "%.1f%%" % (100.0 * value("strength", y1, i) / total[y1][i])
        print("%-8s %-22.22s %7.3f %9.3f %12s %+12.2f %9s %9s"
              % (i, by_id[i].name, value("hub", y1, i), value("authority", y1, i), n0,
                 value("net_flow", y1, i), o0, o1))
    print("(hub, authority: HITS scores, the largest = 1; net flow = sent - received, %s;\n"
          " open = international share of the region's %s flows, sent + received)" % (unit, factor))

    # ---- reading ----
    print("\n-- Reading (%s)\n" % factor)
    top = order[0]
    hub = auth = exp = imp = up = down = most_open = None
    best_open, sum0, sum1, nopen = -1.0, 0.0, 0.0, 0
    for i in ids:
        if math.isnan(pr[y1][i]):
            continue
        if hub is None:
            hub = auth = exp = imp = i
        if value("hub", y1, i) > value("hub", y1, hub):
            hub = i
        if value("authority", y1, i) > value("authority", y1, auth):
            auth = i
        if value("net_flow", y1, i) > value("net_flow", y1, exp):
            exp = i
        if value("net_flow", y1, i) < value("net_flow", y1, imp):
            imp = i
        if both[i]:
            mv = r0[i] - r1[i]
            if mv > 0 and (up is None or mv > r0[up] - r1[up]):
                up = i
            if mv < 0 and (down is None or mv < r0[down] - r1[down]):
                down = i
        if chinese[i]:
            a0, a1 = openness(y0, i), openness(y1, i)
            if a1 is not None and a1 > best_open:
                best_open, most_open = a1, i
            if a0 is not None and a1 is not None:
                sum0 += a0
                sum1 += a1
                nopen += 1

    def name(i):
        return by_id[i].name

    para("In %d, %s holds the highest PageRank in international %s flows (%.4f)."
         " The main source is %s (hub score %.3f) and the main absorber %s (authority %.3f);"
         " the largest net exporter is %s (%+.2f %s), the largest net importer %s (%+.2f)."
         % (y1, name(top), factor, pr[y1][top], name(hub), value("hub", y1, hub), name(auth),
            value("authority", y1, auth), name(exp), value("net_flow", y1, exp), unit, name(imp),
            value("net_flow", y1, imp)))
    if up is not None or down is not None:
        text = "From %d to %d" % (y0, y1)
        if up is not None:
            text += " %s climbed the most (rank %d to %d)" % (name(up), r0[up], r1[up])
        if up is not None and down is not None:
            text += " and"
        if down is not None:
            text += " %s fell the most (rank %d to %d)" % (name(down), r0[down], r1[down])
        para(text + ".")
    else:
        para("From %d to %d the PageRank order did not change." % (y0, y1))
    if most_open is not None:
        text = "The most open Chinese region is %s: %.1f%% of its %s flows cross the border." % (
            name(most_open), 100.0 * best_open, factor)
        if nopen > 0:
            a, b = "%.1f%%" % (100.0 * sum0 / nopen), "%.1f%%" % (100.0 * sum1 / nopen)
            text += " On average over the %d regions present in both years, the international share" % nopen
            text += " stayed at %s." % a if a == b else " went from %s to %s." % (a, b)
        para(text)


def study(path):
    net = load_data_set(path)
    factors = {f.name: f.unit or "" for f in net.factors}
    for f in FACTORS:
        if f not in factors:
            raise bad_data("%s: no factor '%s' in the flows" % (path, f))
    nodes = net.nodes
    if not any(n.kind == "region" for n in nodes):
        raise bad_data("%s: no node of kind 'region' (nodes.csv)" % path)
    by_id = {n.id: n for n in nodes}
    root = {}
    for n in nodes:
        r, steps = n, 0
        while r.parent is not None and steps < len(nodes):
            r, steps = by_id[r.parent], steps + 1
        root[n.id] = r.id
    try:
        intl, kept = international(net, root)
    except libflow.FlowError as e:
        raise fail("building the international network", e)
    print("Openness study: countries and China's regions in international flows")
    print("libflow %s; data set %s; level region; directed" % (libflow.library_version(), path))
    print("International flows: %d of the data set's %d flows cross a national border."
          % (kept, len(net.flows())))
    provenance(net)
    for f in FACTORS:
        study_factor(net, intl, f, factors[f], by_id, root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, study))

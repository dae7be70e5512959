#!/usr/bin/env python3
"""study_east_west: the direct flows between China's eastern and western
regions, per factor and year, against what a gravity model expects; the
multi-hop capacity among domestic regions; and what the pairing programmes'
own flow file adds.

    python3 study_east_west.py [DATA] [--groups FILE] [--level KIND]
        [--year Y | --years A-B] [--without-programmes] [--assumptions DIR]

The Python twin of examples/study_east_west.c: same method, same output
(see the C file for the method). `--help` says what a data set must contain.

Exit status: 0 ok, 3 bad data (unreadable, inconsistent, or lacking what the
study needs), 2 bad usage, 1 any other failure.
"""
import os
import sys

# The shared helpers (study_common.py, beside this script), and libflow: from
# the source tree's bindings when it is not installed.
from study_common import (libflow, OPT_GROUPS, OPT_LEVEL, OPT_YEARS, OPT_PROGRAMMES,
                          OPT_ASSUMPTIONS, Sensitivity, bad_data, fail, has_attr, is_modelled,
                          load_programmes, load_study_data, main, need, para, provenance,
                          anchor_year, set_prog, Failure)

PROG = "study_east_west"
set_prog(PROG)

SYNOPSIS = (
    "The direct flows between the eastern and the western regions, per factor and\n"
    "year (East->West, West->East, net), against a gravity model's expectation;\n"
    "the multi-hop capacity among domestic regions (minimum cut); and what the\n"
    "programme file adds.")
NEEDS = (
    "  - the East and the West: groups named 'East' and 'West' (groups.csv or\n"
    "    --groups), or nodes of kind 'region' with a text attribute macro_region\n"
    "    ('east', 'west');\n"
    "  - dated flows (a year column) between regions;\n"
    "  - the node attributes lat and lon (degrees) of the regions, for the\n"
    "    gravity expectation;\n"
    "  - optionally DATA/programmes/flows.csv, the pairing programmes' own flows.")

H_EW, H_WE, H_NET, H_EW_RATIO, H_WE_RATIO, H_COUNT = range(6)


class Result:
    """What compute() finds on one data set (as ew_result in the C study)."""


def compute(net, opts):
    """Everything on one data set; raises Failure (reported)."""
    path = opts.data
    r = Result()
    nodes = net.nodes
    index = {n.id: i for i, n in enumerate(nodes)}
    groups = net.groups
    factors = [f.name for f in net.factors]
    nf = len(factors)

    # the regions and their blocs
    r.region = []
    has_region = False
    for i, n in enumerate(nodes):
        p = i
        while p is not None and nodes[p].kind != "region":
            p = index[nodes[p].parent] if nodes[p].parent else None
        r.region.append(p)
        has_region = has_region or p == i
    if not has_region:
        raise need(path, "nodes of kind 'region'", "the East and West")
    r.by_groups = "East" in groups and "West" in groups
    if not r.by_groups and not has_attr(net, "macro_region"):
        raise need(path, "groups 'East' and 'West' nor a node attribute macro_region",
                   "the East and West")
    own = {}
    if r.by_groups:
        east_m = {m for m, _ in groups["East"]}
        west_m = {m for m, _ in groups["West"]}
    r.east, r.west = [], []
    for i, n in enumerate(nodes):
        if r.region[i] != i:
            continue
        b = None
        if r.by_groups:
            if n.id in east_m:
                b = "E"
            if n.id in west_m:
                b = "W"
        else:
            m = n.attrs.get("macro_region")
            b = "E" if m == "east" else ("W" if m == "west" else None)
        own[i] = b
        if b == "E":
            r.east.append(n.id)
        if b == "W":
            r.west.append(n.id)
    r.bloc = [own.get(r.region[i]) if r.region[i] is not None else None for i in range(len(nodes))]
    r.bloc_of = {n.id: r.bloc[i] for i, n in enumerate(nodes)}
    if not r.east or not r.west:
        raise need(path, "region among the members of the groups 'East' and 'West'" if r.by_groups
                   else "region whose macro_region is 'east' and one 'west'", "the East and West")

    # the years of the dated flows, within the options' range
    flows = list(net.flows())
    years = set()
    for fl in flows:
        y = fl["year"]
        if y == libflow.NO_YEAR:
            continue
        if opts.year_from is not None and not opts.year_from <= y <= opts.year_to:
            continue
        years.add(y)
    r.years = sorted(years)
    if not r.years:
        if opts.year_from is None:
            raise need(path, "dated flows (a year column)", "the years")
        raise bad_data("%s: no flow in the years %d-%d" % (path, opts.year_from, opts.year_to))
    if not has_attr(net, "lat") or not has_attr(net, "lon"):
        raise need(path, "node attributes lat and lon", "the gravity expectation")

    # direct flows
    ny = len(r.years)
    year_at = {y: i for i, y in enumerate(r.years)}
    factor_at = {f: i for i, f in enumerate(factors)}
    r.ew = [[0.0] * nf for _ in range(ny)]
    r.we = [[0.0] * nf for _ in range(ny)]
    r.all = [[0.0] * nf for _ in range(ny)]
    for fl in flows:
        s, t = r.region[index[fl["source"]]], r.region[index[fl["target"]]]
        if s is None or t is None or s == t or fl["year"] == libflow.NO_YEAR:
            continue
        y = year_at.get(fl["year"])
        if y is None:
            continue
        f = factor_at[fl["factor"]]
        r.all[y][f] += fl["weight"]
        if r.bloc[s] == "E" and r.bloc[t] == "W":
            r.ew[y][f] += fl["weight"]
        if r.bloc[s] == "W" and r.bloc[t] == "E":
            r.we[y][f] += fl["weight"]

    # the latest year: gravity expectation and minimum cut among regions
    ancestor = set()
    for i, n in enumerate(nodes):
        if r.region[i] is not None:
            p = n.parent
            while p:
                ancestor.add(p)
                p = nodes[index[p]].parent
    without = [n.id for i, n in enumerate(nodes) if r.region[i] is None and n.id not in ancestor]
    latest = r.years[-1]
    r.exp_ew, r.exp_we, r.dist, r.r2 = [0.0] * nf, [0.0] * nf, [0.0] * nf, [0.0] * nf
    r.cut, r.cut_edges, r.cut_edge = [0.0] * nf, [0] * nf, [0.0] * nf
    r.cut_from, r.cut_to = [None] * nf, [None] * nf
    for f, name in enumerate(factors):
        try:
            sel = net.select(factors=[name], years=latest, level=opts.level,
                             without=without or None)
        except libflow.FlowError as e:
            raise fail("making a selection of the flows between regions", e)
        try:
            fit = sel.gravity()
        except libflow.FlowError as e:
            raise fail("the gravity fit of %s in %d" % (name, latest), e)
        for row in fit.parts["pairs"]:
            bs, bt = r.bloc_of.get(row["source"]), r.bloc_of.get(row["target"])
            if bs == "E" and bt == "W":
                r.exp_ew[f] += row["expected"]
            if bs == "W" and bt == "E":
                r.exp_we[f] += row["expected"]
        for row in fit:
            if row["term"] == "log_distance":
                r.dist[f] = row["estimate"]
        r.r2[f] = fit.scalars["pseudo_r2"]
        try:
            cut = sel.min_cut(r.east, r.west)
        except libflow.FlowError as e:
            raise fail("minimum cut", e)
        r.cut[f] = cut.scalars["value"]
        rows = cut.rows()
        r.cut_edges[f] = len(rows)
        if rows:  # sorted by weight, descending
            r.cut_from[f], r.cut_to[f], r.cut_edge[f] = (rows[0]["source"], rows[0]["target"],
                                                         rows[0]["weight"])
    return r


def headlines(r, f):
    """The headline numbers of factor f (H_*)."""
    ew, we = r.ew[-1][f], r.we[-1][f]
    return [ew, we, ew - we, ew / r.exp_ew[f] if r.exp_ew[f] > 0 else 0.0,
            we / r.exp_we[f] if r.exp_we[f] > 0 else 0.0]


def num(x):
    """A weight: whole above 100 in magnitude, two decimals below."""
    return ("%.0f" if x >= 100 or x <= -100 else "%.2f") % x


def pct(a, b):
    """Percent change from a to b ("n/a" when a is 0)."""
    return "n/a" if a == 0.0 else "%+.1f%%" % (100.0 * (b - a) / a)


def study(opts):
    if opts.level != "region":  # East and West are regions: every node counts with its region
        print("%s: --level %s: this study compares regions, so its one level is 'region' "
              "(study_clusters takes others); see %s --help" % (PROG, opts.level, PROG),
              file=sys.stderr)
        raise Failure(2)
    path = opts.data
    base = load_study_data(opts)
    r = compute(base, opts)
    factors = base.factors
    names = [f.name for f in factors]
    units = [f.unit or "" for f in factors]
    nf, ny = len(factors), len(r.years)
    first, latest = r.years[0], r.years[-1]

    # the sensitivity: the same on every assumption set
    sens = Sensitivity(opts.assumptions, nf * H_COUNT)
    for f in range(nf):
        sens.base[f * H_COUNT:(f + 1) * H_COUNT] = headlines(r, f)
    for i, spath in enumerate(sens.paths):
        so = type(opts)(opts.level)
        so.__dict__.update(opts.__dict__)
        so.data = spath
        sn = load_study_data(so)
        sr = compute(sn, so)
        snames = [f.name for f in sn.factors]
        for f, name in enumerate(names):
            if name not in snames:
                raise bad_data("%s: no flows of factor '%s'" % (spath, name))
            if sr.years[-1] != latest:
                raise bad_data("%s: its latest year is %d, not %d" % (spath, sr.years[-1], latest))
            sens.value[i][f * H_COUNT:(f + 1) * H_COUNT] = headlines(sr, snames.index(name))

    # the programme file: plain accounting
    prog_path = ""
    have_prog = False
    prog_ew, prog_we, prog_n = [0.0] * nf, [0.0] * nf, [0] * nf
    if opts.programmes:
        prog_path = "%s/programmes/flows.csv" % path
        if os.path.isfile(prog_path):
            prog, prog_path = load_programmes(path)
            have_prog = True
            for fl in prog.flows():
                if fl["year"] != latest or fl["source"] not in r.bloc_of or \
                        fl["target"] not in r.bloc_of or fl["factor"] not in names:
                    continue
                f = names.index(fl["factor"])
                prog_n[f] += 1
                bs, bt = r.bloc_of[fl["source"]], r.bloc_of[fl["target"]]
                if bs == "E" and bt == "W":
                    prog_ew[f] += fl["weight"]
                if bs == "W" and bt == "E":
                    prog_we[f] += fl["weight"]

    modelled = is_modelled(base)
    modelled_year = anchor_year(path) if modelled else None
    by_id = {n.id: n for n in base.nodes}

    # ---- the report ----
    print("East-West study: the direct flows between the eastern and the western regions")
    print("libflow %s; data set %s; years %d-%d; level %s"
          % (libflow.library_version(), path, first, latest, opts.level))
    provenance(base)
    sens.note(base)
    print()

    print("Finding, %d: the direct flows between the eastern and the western regions" % latest)
    for f in range(nf):
        h = sens.base[f * H_COUNT:(f + 1) * H_COUNT]
        west = h[H_NET] < 0
        j = f * H_COUNT
        fmt = "%.0f" if h[H_EW] >= 100 or h[H_WE] >= 100 else "%.2f"
        text = ("%s runs %s: %s %s against %s %s%s%s; %s / gravity expectation %s and %s."
                % (names[f], "West -> East" if west else "East -> West",
                   sens.text(j + (H_WE if west else H_EW), fmt), "West->East" if west else "East->West",
                   sens.text(j + (H_EW if west else H_WE), fmt), "East->West" if west else "West->East",
                   " " if units[f] else "", units[f], "modelled" if modelled else "observed",
                   sens.text(j + (H_WE_RATIO if west else H_EW_RATIO), "%.2f"),
                   sens.text(j + (H_EW_RATIO if west else H_WE_RATIO), "%.2f")))
        if len(sens):  # does the direction survive the assumptions?
            flips = sum(1 for v in sens.value if (v[j + H_NET] < 0) != west)
            if flips == 0:
                text += " The direction holds under all %d assumption sets." % len(sens)
            else:
                text += " The direction reverses under %d of the %d assumption sets." % (flips,
                                                                                         len(sens))
        para(text)
    para("Expectation: a gravity model of the same year's flows between regions, with a fixed "
         "effect per region's outflow and inflow, and distance; a ratio near 1 is what the "
         "regions' sizes and distance predict.", lead="")
    if modelled:
        text = ("Caveat: these flows are modelled (a gravity model, see the Provenance), not "
                "observed, so the gravity ratios above measure the model's own terms.")
        if modelled_year is not None:
            text += (" Only %d is computed from published figures (years.csv); every other year is "
                     "extrapolated by assumption from it, so the trends below are the model's growth "
                     "rates." % modelled_year)
        else:
            text += (" No years.csv names the year computed from published figures: treat every "
                     "year as the model's.")
    else:
        z = ny - 1
        text = "Caveat: direct flows only. East and West"
        text += " (%d and %d regions, %s)" % (len(r.east), len(r.west),
                                              "the groups 'East' and 'West'" if r.by_groups
                                              else "by macro_region")
        text += (" exchange %.1f%% of the %s between distinct regions in %d; the other regions' "
                 "flows count nowhere here. What a weight counts is for the Provenance to say."
                 % (100.0 * (r.ew[z][0] + r.we[z][0]) / r.all[z][0] if r.all[z][0] > 0 else 0.0,
                    names[0], latest))
    para(text, lead="")

    print("\n== Direct flows between the %d eastern and %d western regions\n"
          % (len(r.east), len(r.west)))
    print("East (%s):%s" % ("group 'East'" if r.by_groups else "macro_region 'east'",
                            "".join(" " + i for i in r.east)))
    print("West (%s):%s" % ("group 'West'" if r.by_groups else "macro_region 'west'",
                            "".join(" " + i for i in r.west)))
    print("\n%-12s %-16s %6s %12s %12s %13s %8s"
          % ("factor", "unit", "year", "East->West", "West->East", "net E->W", "E<->W %"))
    for f in range(nf):
        for y in range(ny):
            marked = modelled_year is not None and r.years[y] != modelled_year
            ew, we, al = r.ew[y][f], r.we[y][f], r.all[y][f]
            print("%-12s %-16s %5d%s %12s %12s %13s %7.1f%%"
                  % (names[f] if y == 0 else "", units[f] if y == 0 else "", r.years[y],
                     "*" if marked else " ", num(ew), num(we), num(ew - we),
                     100.0 * (ew + we) / al if al > 0 else 0.0))
    print("(E<->W %: East->West plus West->East, in % of all flows between distinct regions)")
    if modelled_year is not None:
        print("(*: extrapolated by assumption from %d, the year the model computes from "
              "published figures)" % modelled_year)

    print("\n== Is it large? %s against the gravity expectation in %d\n"
          % ("Modelled" if modelled else "Observed", latest))
    print("%-12s %12s %12s %6s %12s %12s %6s %9s %6s"
          % ("factor", "E->W flow", "E->W exp", "ratio", "W->E flow", "W->E exp", "ratio",
             "distance", "R2"))
    for f in range(nf):
        h = sens.base[f * H_COUNT:(f + 1) * H_COUNT]
        print("%-12s %12s %12s %6.2f %12s %12s %6.2f %9.3f %6.3f"
              % (names[f], num(h[H_EW]), num(r.exp_ew[f]), h[H_EW_RATIO], num(h[H_WE]),
                 num(r.exp_we[f]), h[H_WE_RATIO], r.dist[f], r.r2[f]))
    print("(expected: flow_gravity_fit on the year's flows between domestic regions, origin\n"
          " and destination fixed effects and log distance; distance: its coefficient;\n"
          " R2: pseudo-R2. A ratio above 1: more than the regions' sizes and distance predict)")

    print("\n== Multi-hop capacity among domestic regions in %d (minimum cut)\n" % latest)
    print("Each flow between two regions taken as a pipe's capacity: the most that could\n"
          "pass from the East to the West through chains of regions. A capacity, not a\n"
          "transfer; flows from or to countries and national institutions are left out.\n")
    print("%-12s %12s %12s %6s  %s" % ("factor", "capacity", "direct E->W", "edges",
                                        "largest cut edge (share of the cut)"))
    for f in range(nf):
        line = "%-12s %12s %12s %6d  " % (names[f], num(r.cut[f]), num(r.ew[-1][f]), r.cut_edges[f])
        if r.cut_from[f] is not None:
            line += "%s -> %s %s (%.1f%%)" % (r.cut_from[f], r.cut_to[f], num(r.cut_edge[f]),
                                              100.0 * r.cut_edge[f] / r.cut[f] if r.cut[f] > 0 else 0.0)
        else:
            line += "none"
        print(line)

    print("\n== The programme file\n")
    if not opts.programmes:
        print("Left out (--without-programmes).")
    elif not have_prog:
        print("None: %s does not exist." % prog_path)
    else:
        print("%s, %d: plain accounting of what the file adds, not a finding" % (prog_path, latest))
        print("(its amounts are the generator's assumptions: see the Provenance).\n")
        print("%-12s %6s %12s %9s %12s %9s" % ("factor", "flows", "adds E->W", "% direct",
                                               "adds W->E", "% direct"))
        for f in range(nf):
            dew, dwe = r.ew[-1][f], r.we[-1][f]
            print("%-12s %6d %12s %8.1f%% %12s %8.1f%%"
                  % (names[f], prog_n[f], num(prog_ew[f]), 100.0 * prog_ew[f] / dew if dew > 0 else 0.0,
                     num(prog_we[f]), 100.0 * prog_we[f] / dwe if dwe > 0 else 0.0))

    # ---- the reading, from the numbers above ----
    print("\n== Reading\n")
    for f in range(nf):
        h = sens.base[f * H_COUNT:(f + 1) * H_COUNT]
        ew0, we0, ew, we = r.ew[0][f], r.we[0][f], r.ew[-1][f], r.we[-1][f]
        text = "%s%s%s%s: in %d East->West %s and West->East %s, net %s." % (
            names[f], " (" if units[f] else "", units[f], ")" if units[f] else "", latest,
            num(ew), num(we), num(ew - we))
        if ny > 1:
            text += " From %d, East->West changed by %s and West->East by %s%s." % (
                first, pct(ew0, ew), pct(we0, we),
                " (the model's growth assumptions, not observed change)"
                if modelled_year is not None else "")
        text += (" Against the gravity expectation, East->West is %.2f times and West->East %.2f "
                 "times what the regions' sizes and distance predict." % (h[H_EW_RATIO], h[H_WE_RATIO]))
        text += (" Through chains of domestic regions, at most %s could pass East to West (a "
                 "capacity, %.2f times the direct flow)" % (num(r.cut[f]), r.cut[f] / ew if ew > 0 else 0.0))
        if r.cut_from[f] is not None:
            text += "; its largest cut edge is %s -> %s, %.1f%% of it" % (
                by_id[r.cut_from[f]].name, by_id[r.cut_to[f]].name,
                100.0 * r.cut_edge[f] / r.cut[f] if r.cut[f] > 0 else 0.0)
        text += "."
        if have_prog and (prog_ew[f] > 0 or prog_we[f] > 0):
            text += " The programme file adds %s East->West and %s West->East." % (
                num(prog_ew[f]), num(prog_we[f]))
        para(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, study, OPT_GROUPS | OPT_LEVEL | OPT_YEARS | OPT_PROGRAMMES
                  | OPT_ASSUMPTIONS, "region", SYNOPSIS, NEEDS))

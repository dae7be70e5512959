#!/usr/bin/env python3
"""study_clusters: the clusters that flows form, compared with declared
groups (alliances, macro-regions), and how self-contained each group is
against what distance and size alone would give.

    python3 study_clusters.py [options] [DATA]          (default data/china)
    python3 study_clusters.py --help

The Python twin of examples/study_clusters.c: same method, same output (the
same random node sets: the same SplitMix64 generator and shuffle).

Method (every number comes from libflow on the data set):
 - one selection: the chosen factors (default every factor), the chosen
   years (default the latest), rolled up to a level (default region),
   directed; factors combined as shares of each factor's total;
 - clusters: Leiden, seed 1; their modularity against the configuration
   model (significance test "modularity", null "configuration", seed 1; at
   most MOD_SAMPLES null networks, fewer with a smaller --draws or when
   samples x ordered pairs would pass MOD_BUDGET, none below
   MOD_MIN_SAMPLES); their stability over five seeds, Louvain (five
   seeds), Infomap and Leiden at resolutions 0.5 and 2: the ARI of every
   pair of these partitions;
 - agreement of the clusters with the declared groups: NMI and ARI against
   the groups' labels permuted over the nodes (significance test
   "agreement");
 - per group, the share of its members in its modal Leiden cluster, against
   random node sets of the same size drawn from the nodes of the groups'
   kind (p = (k + 1) / (draws + 1));
 - self-containment = internal / (internal + outflow) on flows between
   distinct nodes, each factor as a share of its total between distinct
   nodes: the data set's (called "modelled" when its README says so);
   expected under gravity (PPML with origin and destination
   fixed effects and log distance, one fit per factor); and against the
   same random node sets;
 - the ratio self-containment / gravity's, against the ratios of the same
   random node sets (median; p = the share of draws whose ratio is at least
   the group's): the gravity fit gives no interval for it, so a group
   "keeps more than gravity expects" only when p <= 0.05 (see the C
   study's header).

Provenance: the report's opening names DATA/README.md when the data folder
has one, and cautions that the flows are modelled when the README says so.
When no pair of nodes has flows both ways (reciprocity 0, as in a data set
that writes each undirected tie once), it says that a group's outflow then
follows the order each pair was written in (no data file flags flows as
undirected, so the study keeps the caveat rather than summing directions).

Exit status: 0 ok, 2 bad usage, 3 bad data (or data that lack what the
study needs), 1 any other failure.
"""
import math
import os
import sys

# The shared helpers (study_common.py, beside this script), and libflow: from
# the source tree's bindings when it is not installed.
from study_common import (libflow, Failure, OPT_ASSUMPTIONS, OPT_GROUPS, OPT_LEVEL, OPT_PROGRAMMES,
                          OPT_YEARS, Options, Sensitivity, bad_data, fail, latest_year,
                          is_modelled, load_study_data, main, para, provenance, set_prog)

PROG = "study_clusters"
set_prog(PROG)

ALLIANCES = ["yangtze-river-delta", "greater-bay-area", "chengdu-chongqing", "beijing-tianjin-hebei"]
# The partitions of the stability section: method, seed, resolution.
RUNS = [("leiden", 1, 1.0), ("leiden", 2, 1.0), ("leiden", 3, 1.0), ("leiden", 4, 1.0),
        ("leiden", 5, 1.0), ("louvain", 1, 1.0), ("louvain", 2, 1.0), ("louvain", 3, 1.0),
        ("louvain", 4, 1.0), ("louvain", 5, 1.0), ("infomap", 1, 1.0), ("leiden", 1, 0.5),
        ("leiden", 1, 2.0)]
NSEEDS = 5
# The modularity test's null networks: at most MOD_SAMPLES (and --draws),
# fewer when samples x ordered pairs would pass MOD_BUDGET (each null network
# is complete); below MOD_MIN_SAMPLES (p < 0.05 out of reach) the test is left
# out and the report says why.
MOD_SAMPLES = 99
MOD_MIN_SAMPLES = 19
MOD_BUDGET = 1.2e6
MASK = (1 << 64) - 1

SYNOPSIS = """The clusters that flows form versus declared groups, and each group's
self-containment against gravity and random node sets. Every factor, as
shares of its total; without --year or --years, the latest year; with the
programme flows when DATA/programmes/flows.csv exists; --level none: no
roll-up (the default region falls back to none when no node is a region).

Options of this study:
  --compare G1,G2,.. the declared groups to compare, disjoint (default: the
                     alliances yangtze-river-delta, greater-bay-area,
                     chengdu-chongqing, beijing-tianjin-hebei the data set
                     has, if at least two; else every group)
  --draws N          random node sets and label permutations (default 999)"""

NEEDS = """  dated flows; at least two declared groups (groups.csv) of two or more
  nodes each; numeric node attributes lat and lon for the gravity baseline
  (without them the report says the baseline is unavailable)"""


# ---- this study's own options (a block of its own: the shared ones are
# study_common.parse_options()'s) ----------------------------------------------

class OwnOptions:
    def __init__(self):
        self.compare = []
        self.draws = 999


def tidy(x):
    """An ARI of -1e-17 is rounding noise around 0: printed as 0, not "-0.0000"."""
    return 0.0 if abs(x) < 1e-12 else x


def take_own_options(argv):
    """Takes --compare LIST and --draws N (also --name=value) out of argv:
    (OwnOptions, the rest of argv); raises Failure(2) on bad usage."""
    own, rest, i = OwnOptions(), [argv[0]], 1
    while i < len(argv):
        a = argv[i]
        name = a.split("=", 1)[0]
        if name not in ("--compare", "--draws"):
            rest.append(a)
            i += 1
            continue
        if "=" in a:
            v = a.split("=", 1)[1]
        else:
            v = argv[i + 1] if i + 1 < len(argv) else None
            i += 1
            if v is not None and v.startswith("--"):
                v = None
        i += 1
        if not v:
            print("%s: option '%s' needs a value; see %s --help" % (PROG, name, PROG),
                  file=sys.stderr)
            raise Failure(2)
        if name == "--draws":
            t = v[1:] if v[:1] in "+-" else v
            if not t.isdigit() or not 1 <= int(v) <= 1000000:
                print("%s: --draws '%s': expected 1 to 1000000; see %s --help" % (PROG, v, PROG),
                      file=sys.stderr)
                raise Failure(2)
            own.draws = int(v)
        else:
            own.compare = [x for x in v.split(",") if x][:64]
    return own, rest


# ---- random node sets -------------------------------------------------------------

class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def draw(self, s, pool):
        """s of the entries of pool (partial Fisher-Yates on a fresh copy)."""
        work = list(pool)
        m = len(work)
        for i in range(s):
            j = i + self.next() % (m - i)
            work[i], work[j] = work[j], work[i]
        return work[:s]


# ---- measures of a node set ---------------------------------------------------------

def self_containment(w, n, nodes):
    """Self-containment of the vertices `nodes` in the n x n matrix w (a
    flat list); NaN without flow."""
    inside = set(nodes)
    internal = out = 0.0
    for i in nodes:
        row = i * n
        for j in range(n):
            if j == i:
                continue
            if j in inside:
                internal += w[row + j]
            else:
                out += w[row + j]
    return internal / (internal + out) if internal + out > 0 else math.nan


def modal_share(member, k, nodes):
    count = [0] * k
    best = 0
    for v in nodes:
        count[member[v]] += 1
        if count[member[v]] > best:
            best = count[member[v]]
    return best / len(nodes), count


def median(x):
    """The median of the list x; NaN when it is empty."""
    if not x:
        return math.nan
    x = sorted(x)
    m = len(x)
    return x[m // 2] if m % 2 else (x[m // 2 - 1] + x[m // 2]) / 2


def pct(r):
    """A ratio as a percentage, "n/a" when undefined (NaN)."""
    return "n/a" if math.isnan(r) else "%.1f%%" % (100.0 * r)


def memberships(part):
    return [row["cluster"] for row in part.rows()]


def matrices(net, graph, factors, y0, y1, level, prog):
    """The n x n matrices (flat lists) of the flows between distinct vertices
    of `graph`: obs, each factor as a share of its total; expd, the gravity
    expectation in the same shares; and (have_exp, note)."""
    vertex_of = {row["node"]: row["vertex"] for row in graph.parts["nodes"].rows()}
    n = len(graph.parts["vertices"].rows())
    obs = [0.0] * (n * n)
    expd = [0.0] * (n * n)
    have_exp, note = True, ""
    for f in factors:
        try:
            fs = net.select(factors=f, years=(y0, y1), level=level, with_flows=[prog] if prog else None)
            edges = fs.table().rows()
        except libflow.FlowError as e:
            raise fail(f, e)
        tot = 0.0
        for e in edges:
            tot += e["weight"]
        if tot > 0:
            for e in edges:
                obs[e["source_vertex"] * n + e["target_vertex"]] += e["weight"] / tot
        if tot > 0 and have_exp:
            try:
                fit = fs.gravity()
            except libflow.FlowError as e:
                have_exp = False
                note = "%s: %s" % (f, e)
            else:
                for r in fit.parts["pairs"].rows():
                    expd[vertex_of[r["source"]] * n + vertex_of[r["target"]]] += r["expected"] / tot
    return obs, expd, have_exp, note


def set_headline(path, o, groups, y0, y1, level):
    """The headline numbers on the assumption set at `path`: per declared
    group its self-containment over gravity's, then the ARI of the Leiden
    clusters (seed 1) with the groups."""
    so = Options(o.level)
    so.__dict__.update(o.__dict__)
    so.data = path
    net = load_study_data(so)
    prog = "%s/programmes/flows.csv" % path
    prog = prog if o.programmes and os.path.isfile(prog) else None
    for g in groups:
        if g not in net.groups:
            raise bad_data("%s: no group '%s' (groups.csv)" % (path, g))
    factors = [f.name if hasattr(f, "name") else f for f in net.factors][:64]
    try:
        sel = net.select(years=(y0, y1), level=level, combine="share",
                         with_flows=[prog] if prog else None)
        graph = sel.table()
        leiden = sel.clusters("leiden")
        decl = sel.groups_partition(groups)
        ari = libflow.compare(leiden, decl, "ari")
    except libflow.FlowError as e:
        raise fail(path, e)
    obs, expd, have_exp, _ = matrices(net, graph, factors, y0, y1, level, prog)
    n = len(graph.parts["vertices"].rows())
    labels = [c["label"] for c in decl.parts["clusters"].rows()]
    dm = memberships(decl)
    out = []
    for g in groups:
        s = [v for v in range(n) if labels[dm[v]] == g]
        sc = self_containment(obs, n, s)
        se = self_containment(expd, n, s) if have_exp else math.nan
        out.append(sc / se if se > 0 else math.nan)
    out.append(ari)
    return out


def study(o, own):
    net = load_study_data(o)
    declared = net.groups
    factor_names = [f.name if hasattr(f, "name") else f for f in net.factors]
    level = None if o.level == "none" else o.level
    prog_path = "%s/programmes/flows.csv" % o.data
    programmes = o.programmes and os.path.isfile(prog_path)

    # ---- what the study needs ----
    if own.compare:
        groups = list(own.compare)
    else:
        groups = [a for a in ALLIANCES if a in declared]
        if len(groups) < 2:
            groups = list(declared)[:64]
    if len(groups) < 2:
        if own.compare:
            raise bad_data("--compare names %d group; the study compares at least two" % len(groups))
        raise bad_data("%s: the study compares at least two declared groups, and the data set has %d "
                       "(groups.csv)" % (o.data, len(groups)))
    if level == "region" and not any(n.kind == "region" for n in net.nodes):
        level = None
    for g in groups:
        if g not in declared:
            raise bad_data("%s: no group '%s' (groups.csv)" % (o.data, g))
    factors = factor_names[:64]
    if o.year_from is None:
        y0 = y1 = latest_year(net)
    else:
        y0, y1 = o.year_from, o.year_to
    with_flows = [prog_path] if programmes else None
    kinds = {n.id: n.kind for n in net.nodes}

    # ---- the headline on every assumption set ----
    sens = Sensitivity(o.assumptions, len(groups) + 1)
    for i, path in enumerate(sens.paths):
        sens.value[i] = set_headline(path, o, groups, y0, y1, level)

    # ---- the selection ----
    try:
        sel = net.select(factors=factors, years=(y0, y1), level=level, combine="share",
                         with_flows=with_flows)
        graph = sel.table()
    except libflow.FlowError as e:
        raise fail("the selection", e)
    vertices = [row["node"] for row in graph.parts["vertices"].rows()]
    vertex_of = {row["node"]: row["vertex"] for row in graph.parts["nodes"].rows()}
    n = len(vertices)
    if not graph.rows():
        raise bad_data("%s: no flow between distinct nodes in %d-%d" % (o.data, y0, y1))

    # ---- per factor: observed shares and the gravity expectation ----
    obs, expd, have_exp, grav_note = matrices(net, graph, factors, y0, y1, level,
                                              prog_path if programmes else None)
    total_w = 0.0
    for x in obs:
        total_w += x

    # ---- the partitions ----
    runs = []
    for method, seed, resolution in RUNS:
        try:
            runs.append(sel.clusters(method, seed=seed + (1 - 1), resolution=resolution))
        except libflow.FlowError as e:
            raise fail(method, e)
    leiden = memberships(runs[0])
    k = len(runs[0].parts["clusters"].rows())
    try:
        decl = sel.groups_partition(groups)
    except libflow.InvalidArgument as e:  # groups that overlap once rolled up to the level
        raise bad_data("%s: the declared groups at level %s: %s (choose a finer --level, or "
                       "others with --compare)" % (o.data, level or "none", e))
    except libflow.FlowError as e:
        raise fail("the declared groups", e)

    # ---- the declared groups' vertices; the pool of random sets ----
    labels = [c["label"] for c in decl.parts["clusters"].rows()]
    dm = memberships(decl)
    gsets, vkind = [], None
    for g in groups:
        s = [v for v in range(n) if labels[dm[v]] == g]
        if len(s) < 2:
            raise bad_data("%s: group '%s' has %d node(s) at level %s; the study needs at least 2 "
                           "per group (choose others with --groups)"
                           % (o.data, g, len(s), level if level else "none"))
        if vkind is None:
            vkind = kinds[vertices[s[0]]]
        gsets.append(s)
    pool = [v for v in range(n) if kinds[vertices[v]] == vkind]
    for g, s in zip(groups, gsets):
        if len(s) > len(pool):
            raise bad_data("%s: group '%s' is larger than the %d nodes of kind %s"
                           % (o.data, g, len(pool), vkind))
    try:
        agree = sel.significance("agreement", groups=groups, null="permutation", samples=own.draws,
                                 seed=1, method="leiden")
    except libflow.FlowError as e:
        raise fail("agreement test", e)
    # the modularity against the configuration model
    mod_samples = min(own.draws, MOD_SAMPLES)
    pairs = float(n) * float(n - 1)
    if mod_samples * pairs > MOD_BUDGET:
        mod_samples = int(MOD_BUDGET / pairs)
    modsig, mod_note = None, ""
    if mod_samples < MOD_MIN_SAMPLES and mod_samples < own.draws:
        mod_note = ("each null network is complete, and %d nodes allow fewer than %d of them here "
                    "(flowctl significance --test modularity runs it)" % (n, MOD_MIN_SAMPLES))
    else:
        try:
            modsig = sel.significance("modularity", null="configuration", samples=mod_samples,
                                      seed=1, method="leiden")
        except libflow.FlowError as e:
            mod_note = str(e)
    rng = SplitMix64(1)
    results = []
    run_members = [memberships(r) for r in runs]
    run_k = [len(r.parts["clusters"].rows()) for r in runs]
    for g, s in zip(groups, gsets):
        q = {"name": g, "set": s}
        q["sc"] = self_containment(obs, n, s)
        q["sc_exp"] = self_containment(expd, n, s) if have_exp else math.nan
        ratio = q["sc"] / q["sc_exp"] if q["sc_exp"] > 0 else math.nan
        q["modal"], count = modal_share(leiden, k, s)
        best, q["modal_cluster"] = 0, 0
        for c in range(k):
            if count[c] > best:
                best, q["modal_cluster"] = count[c], c
        q["modal_min"] = q["modal_max"] = q["modal"]
        for r in range(1, len(RUNS)):
            m = modal_share(run_members[r], run_k[r], s)[0]
            q["modal_min"] = min(q["modal_min"], m)
            q["modal_max"] = max(q["modal_max"], m)
        ksc = kmod = nsc = kratio = 0
        ssc = smod = 0.0
        ratios = []
        for _ in range(own.draws):
            rs = rng.draw(len(s), pool)
            sc = self_containment(obs, n, rs)
            m = modal_share(leiden, k, rs)[0]
            if not math.isnan(sc):
                ssc += sc
                nsc += 1
                if sc >= q["sc"]:
                    ksc += 1
            if have_exp:  # the set's ratio to gravity; undefined counts as reaching
                se = self_containment(expd, n, rs)
                r = sc / se if not math.isnan(sc) and se > 0 else math.nan
                if not math.isnan(r):
                    ratios.append(r)
                if math.isnan(r) or math.isnan(ratio) or r >= ratio:
                    kratio += 1
            smod += m
            if m >= q["modal"]:
                kmod += 1
        q["sc_rand"] = ssc / nsc if nsc else math.nan
        q["p_sc"] = (ksc + (own.draws - nsc) + 1) / (own.draws + 1)
        q["modal_rand"] = smod / own.draws
        q["p_modal"] = (kmod + 1) / (own.draws + 1)
        q["ratio_rand"] = median(ratios)
        q["p_ratio"] = (kratio + 1) / (own.draws + 1) if have_exp else math.nan
        results.append(q)

    # ---- the report ----
    stats = {r["statistic"]: r for r in agree.rows()}
    nmi_o, nmi_e = stats["nmi"]["observed"], stats["nmi"]["expected"]
    ari_o, ari_e, ari_p = tidy(stats["ari"]["observed"]), tidy(stats["ari"]["expected"]), stats["ari"]["p_value"]
    nmi_p = stats["nmi"]["p_value"]
    lo, hi = [2.0, 2.0, 2.0], [-2.0, -2.0, -2.0]
    for r in range(len(RUNS)):
        for s in range(r + 1, len(RUNS)):
            x = tidy(libflow.compare(runs[r], runs[s], "ari"))
            slots = [2]
            if s < NSEEDS:
                slots.append(0)
            if r < NSEEDS <= s < 2 * NSEEDS:
                slots.append(1)
            for t in slots:
                lo[t] = min(lo[t], x)
                hi[t] = max(hi[t], x)
    disp, m, nsingle = [], 0, 0
    for c in range(k):
        if sum(1 for v in range(n) if leiden[v] == c) > 1:
            m += 1
            disp.append(m)
        else:
            disp.append(0)
            nsingle += 1
    above_grav = sum(1 for q in results if q["p_ratio"] <= 0.05)
    sig_modal = sum(1 for q in results if q["p_modal"] <= 0.05)
    years = "year %d" % y0 if y0 == y1 else "years %d-%d" % (y0, y1)
    modularity = runs[0].scalars["modularity"]
    mod_o, mod_e, mod_sd, mod_p, mod_n = modularity, math.nan, math.nan, math.nan, 0
    if modsig is not None:
        for row in modsig.rows():
            if row["statistic"] == "detected":
                mod_o, mod_e, mod_sd = row["observed"], row["expected"], row["std"]
                mod_p, mod_n = row["p_value"], row["n_null"]

    for g, q in enumerate(results):
        sens.base[g] = q["sc"] / q["sc_exp"] if q["sc_exp"] > 0 else math.nan
    sens.base[len(groups)] = ari_o
    print("Clusters study: the clusters flows form versus %d declared groups" % len(groups))
    if have_exp:
        para("Headline: %d of %d groups keep more of their flow inside, relative to what "
             "gravity expects (distance and each node's totals alone), than random node sets of "
             "their size (ratio to gravity, p <= 0.05 over %d draws); agreement of the clusters "
             "with the groups: ARI %.2f (permutation p = %.3f)."
             % (above_grav, len(groups), own.draws, ari_o, ari_p), lead="")
    else:
        para("Headline: agreement of the clusters with the groups: ARI %.2f (permutation "
             "p = %.3f); no gravity baseline (%s)." % (ari_o, ari_p, grav_note), lead="")
    print("libflow %s; data set %s; %s; level %s; directed; programme flows %s"
          % (libflow.library_version(), o.data, years, level if level else "none",
             "included" if programmes else ("none (no programmes/flows.csv)" if o.programmes
                                            else "left out")))
    print("Factors:" + "".join(" " + f for f in factors)
          + " (each as a share of its own total; all flows between distinct nodes weigh %.4f)"
          % total_w)
    print("Groups:" + "".join(" " + g for g in groups))
    print("Baselines: gravity (PPML, origin and destination fixed effects, log distance, one "
          "fit per factor)%s;\n%d random node sets per group drawn from the %d nodes of the "
          "groups' kind, seed %d." % ("" if have_exp else " unavailable", own.draws, len(pool), 1))
    try:
        recip = sel.reciprocity()[0]
    except libflow.FlowError as e:
        raise fail("reciprocity", e)
    if recip == 0.0:  # NaN (no edge) compares false
        para("Caveat: no pair of nodes has flows both ways (reciprocity 0). If the data set "
             "writes each undirected tie once, the flow \"leaving\" a group below is the flow "
             "written from its side of each pair, an artefact of the order of the ids.", lead="")
    provenance(net)
    sens.note(net)
    print()

    print("== Flow clusters (Leiden, seed %d)\n" % (RUNS[0][1] + (1 - 1)))
    print("%d clusters of %d nodes, modularity %.4f; %d with more than one node." % (k, n, modularity, m))
    if modsig is not None:
        para("Modularity against the configuration model (random weighted networks in which "
             "every node keeps its in- and out-strength in expectation, clustered the same "
             "way): expected %.4f (sd %.4f), p = %.4f over %d null networks, seed 1%s."
             % (mod_e, mod_sd, mod_p, mod_n,
                " (the smallest p these samples give: none reached the observed value)"
                if mod_n > 0 and abs(mod_p - 1.0 / (mod_n + 1)) < 1e-12 else ""), lead="")
    else:
        para("Modularity against the configuration model: not tested (%s)." % mod_note, lead="")
    print("%-12s %5s %11s" % ("cluster", "size", "self-cont."))
    for c in range(k):
        if disp[c]:
            s = [v for v in range(n) if leiden[v] == c]
            print("%-12s %5d %11s" % ("cluster %d" % disp[c], len(s), pct(self_containment(obs, n, s))))
    print("\nMembers:")
    for c in range(k):
        if disp[c]:
            para(" ".join(vertices[v] for v in range(n) if leiden[v] == c),
                 lead="  cluster %-3d " % disp[c])
    if nsingle:
        print("  single nodes:" + "".join(" " + vertices[v] for c in range(k) if not disp[c]
                                          for v in range(n) if leiden[v] == c))

    print("\n== Stability across seeds, methods and resolutions\n")
    print("%-10s %5s %10s %9s %11s %16s" % ("method", "seed", "resolution", "clusters", "modularity",
                                             "ARI vs first row"))
    for r, (method, seed, resolution) in enumerate(RUNS):
        x = 1.0 if r == 0 else tidy(libflow.compare(runs[0], runs[r], "ari"))
        print("%-10s %5d %10s %9d %11.4f %16.4f" % (method, seed + (1 - 1),
                                                   "-" if method == "infomap" else "%.1f" % resolution,
                                                   run_k[r], runs[r].scalars["modularity"], x))
    print("\nPairwise ARI: Leiden over %d seeds %.4f to %.4f; Leiden versus Louvain %.4f to %.4f; "
          "all %d partitions %.4f to %.4f." % (NSEEDS, lo[0], hi[0], lo[1], hi[1], len(RUNS), lo[2],
                                              hi[2]))

    print("\n== Declared groups versus the clusters\n")
    print("Agreement with the Leiden clusters (nodes outside the groups each on their own),\n"
          "against the groups' labels permuted over the nodes (%d permutations, seed %d):"
          % (own.draws, 1))
    print("  NMI %.4f (permutation mean %.4f, p = %.4f); ARI %.4f (expected %.4f, p = %.4f)\n"
          % (nmi_o, nmi_e, nmi_p, ari_o, ari_e, ari_p))
    print("Share of each group's members in its modal Leiden cluster, against random sets of\n"
          "the same size (mean, p), and its range over the %d partitions above:" % len(RUNS))
    print("%-26s %5s %8s %8s %8s %8s %15s" % ("group", "size", "modal", "cluster", "random", "p",
                                               "range"))
    for q in results:
        cl = "%d" % disp[q["modal_cluster"]] if disp[q["modal_cluster"]] else "single"
        print("%-26s %5d %8s %8s %8s %8.4f %15s"
              % (q["name"], len(q["set"]), pct(q["modal"]), cl, pct(q["modal_rand"]), q["p_modal"],
                 "%s-%s" % (pct(q["modal_min"]), pct(q["modal_max"]))))

    # a modelled data set's shares are the model's, never "observed"
    seen = "modelled" if is_modelled(net) else "observed"
    print("\n== Self-containment of the declared groups\n")
    print("Share of the flow leaving a group's nodes that stays inside (flows between distinct\n"
          "nodes): %s, over random sets of the same size (mean, p), expected under\n"
          "gravity, and the ratio %s / gravity against the same random sets' ratios\n"
          "(median; p counts the sets whose ratio is at least the group's):" % (seen, seen))
    print("%-26s %5s %9s %9s %7s %9s %7s %7s %7s" % ("group", "size", seen, "random", "p",
                                                     "gravity", "ratio", "random", "p"))
    for q in results:
        ratio = "%.2f" % (q["sc"] / q["sc_exp"]) if not math.isnan(q["sc_exp"]) and q["sc_exp"] > 0 \
            else "n/a"
        line = "%-26s %5d %9s %9s %7.4f" % (q["name"], len(q["set"]), pct(q["sc"]),
                                             pct(q["sc_rand"]), q["p_sc"])
        if have_exp:
            line += " %9s %7s %7.2f %7.4f" % (pct(q["sc_exp"]), ratio, q["ratio_rand"], q["p_ratio"])
        else:
            line += " %9s %7s %7s %7s" % ("n/a", "n/a", "n/a", "n/a")
        print(line)
    if not have_exp:
        print("(no gravity baseline: %s)" % grav_note)
    if len(sens) and have_exp:
        print("\nThe ratio %s / gravity over the assumption sets:" % seen)
        for g, q in enumerate(results):
            print("  %-24s %s" % (q["name"], sens.text(g, "%.2f")))

    print("\n== Reading\n")
    text = ("The flows of %s form %d clusters with more than one node (Leiden, modularity %.4f"
            % (years, m, mod_o))
    if modsig is None:
        text += "; not tested against a null model: %s)." % mod_note
    elif mod_p <= 0.05:
        text += (", above the %.4f the configuration model gives from the nodes' strengths alone, "
                 "p = %.3f)." % (mod_e, mod_p))
    else:
        text += ("; the configuration model gives %.4f from the nodes' strengths alone: no more "
                 "community structure than the strengths produce at the 0.05 level, p = %.3f)." % (mod_e, mod_p))
    text += (" Their stability: the pairwise ARI of the %d partitions ranges from %.2f to %.2f "
             "(Leiden over %d seeds %.2f to %.2f)." % (len(RUNS), lo[2], hi[2], NSEEDS, lo[0], hi[0]))
    para(text)
    if ari_p > 0.05:
        para("The clusters and the %d declared groups show no agreement beyond chance: ARI %s (0 = chance, 1 = identical), "
             "p = %.3f against %d label permutations (NMI %.2f against a permutation mean of %.2f)."
             % (len(groups), sens.text(len(groups), "%.2f"), ari_p, own.draws, nmi_o, nmi_e))
    else:
        para("The clusters agree with the %d declared groups more than chance gives, on a scale where 0 is chance and 1 identical: ARI %s, "
             "p = %.3f against %d label permutations (NMI %.2f against a permutation mean of %.2f)."
             % (len(groups), sens.text(len(groups), "%.2f"), ari_p, own.draws, nmi_o, nmi_e))
    para("%d of %d groups have more of their members in one Leiden cluster than random sets of "
         "their size (p <= 0.05, %d draws)." % (sig_modal, len(groups), own.draws))
    para("Random node sets ignore geography; the gravity expectation, which keeps each node's "
         "totals and lets distance alone decide where flow goes, is the baseline that tells a bloc "
         "from mere proximity.")
    for g, q in enumerate(results):
        text = "%s (%d nodes) keeps %s of its outgoing flow inside" % (q["name"], len(q["set"]),
                                                                       pct(q["sc"]))
        if not math.isnan(q["sc_exp"]):
            text += ("; gravity expects %s, a ratio of %s, against a median ratio of %.2f for random "
                     "sets of its size (p = %.3f: %s)"
                     % (pct(q["sc_exp"]), sens.text(g, "%.2f"), q["ratio_rand"], q["p_ratio"],
                        "it keeps more than gravity expects, beyond what random sets depart from it"
                        if q["p_ratio"] <= 0.05 else "within what random sets show"))
        text += "; random sets of %d nodes keep %s on average (p = %.3f)." % (
            len(q["set"]), pct(q["sc_rand"]), q["p_sc"])
        text += (" %s of its members fall in one Leiden cluster (random sets: %s, p = %.3f; %s to %s "
                 "over the %d partitions)." % (pct(q["modal"]), pct(q["modal_rand"]), q["p_modal"],
                                               pct(q["modal_min"]), pct(q["modal_max"]), len(RUNS)))
        para(text)
    return 0


def run(argv):
    """Runs the study with its options; returns the exit status."""
    try:
        own, rest = take_own_options(argv)
    except Failure as f:
        return f.status
    return main(rest, lambda opts: study(opts, own), OPT_GROUPS | OPT_LEVEL | OPT_YEARS | OPT_PROGRAMMES |
                OPT_ASSUMPTIONS, "region", SYNOPSIS, NEEDS)


if __name__ == "__main__":
    sys.exit(run(sys.argv))

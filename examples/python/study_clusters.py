#!/usr/bin/env python3
"""study_clusters: the regional clusters that flows form, compared with the
declared regional alliances, and how self-contained each is.

    python3 study_clusters.py [DATA]          (default data/china)

The Python twin of examples/study_clusters.c: same method, same output.

Method (every number comes from libflow on the data set):
 - one selection: every factor, combined as shares (each factor's flows
   divided by that factor's total, so persons and yuan can be mixed and each
   factor weighs 1), the latest year, rolled up to regions, directed;
 - clusters: Leiden, seed 1;
 - the declared alliances (yangtze-river-delta, greater-bay-area,
   chengdu-chongqing, beijing-tianjin-hebei) as a partition, compared with
   the clusters by NMI, ARI and VI, once with every node outside the
   alliances on its own and once with them pooled into one extra group
   "outside-alliances" (added to the network with Network.add_member());
 - self-containment = internal / (internal + outflow); closure = internal /
   (internal + inflow + outflow).

Provenance: the report's opening names DATA/README.md when the data folder
has one, and cautions that the flows are modelled when the README says so
(data/china's are: a gravity model, not observations).

Exit status: 0 ok, 3 bad data, 1 any other failure.
"""
import math
import sys

# The shared helpers (study_common.py, beside this script), and libflow: from
# the source tree's bindings when it is not installed.
from study_common import (libflow, bad_data, fail, latest_year, load_data_set, main, para,
                          provenance, set_prog)

PROG = "study_clusters"
OUTSIDE = "outside-alliances"
ALLIANCES = ["yangtze-river-delta", "greater-bay-area", "chengdu-chongqing", "beijing-tianjin-hebei"]
set_prog(PROG)


def pct(r):
    """A ratio as a percentage, "n/a" when undefined (NaN)."""
    return "n/a" if math.isnan(r) else "%.1f%%" % (100.0 * r)


def account_head(first):
    print("%-24s %5s %10s %10s %10s %11s %8s" % (first, "size", "internal", "inflow", "outflow",
                                                 "self-cont.", "closure"))


def account_row(c, label):
    print("%-24s %5d %10.4f %10.4f %10.4f %11s %8s" % (label, c["size"], c["internal"], c["inflow"],
                                                       c["outflow"], pct(c["self_containment"]),
                                                       pct(c["closure"])))


def clusters_of(part):
    """The rows of a partition's "clusters" part (row c is cluster c), each
    with "members": its nodes' ids in vertex order."""
    rows = part.parts["clusters"].rows()
    for c in rows:
        c["members"] = []
    for node_id, c in part.to_dict("cluster").items():
        rows[c]["members"].append(node_id)
    return rows


def study(path):
    net = load_data_set(path)
    groups = net.groups
    for a in ALLIANCES:
        if a not in groups:
            raise bad_data("%s: no group '%s' (groups.csv)" % (path, a))
    year = latest_year(net)
    names = {n.id: n.name for n in net.nodes}
    try:
        sel = net.select(years=year, level="region", combine="share")
        leiden = sel.clusters("leiden", seed=1)
        decl = sel.groups_partition(ALLIANCES)
    except libflow.FlowError as e:
        raise fail("clusters", e)
    clusters = clusters_of(leiden)
    membership = leiden.to_dict("cluster")
    modularity = leiden.scalars["modularity"]
    n = len(membership)
    disp, m, nsingle, total = [], 0, 0, 0.0
    for c in clusters:
        total += c["internal"] + c["outflow"]
        if c["size"] > 1:
            m += 1
            disp.append(m)
        else:
            disp.append(0)
            nsingle += 1

    print("Clusters study: regional clusters of flows versus the declared alliances")
    print("libflow %s; data set %s; year %d; level region; directed" % (libflow.library_version(), path,
                                                                         year))
    print("Weights: every factor as shares of its own total (each factor weighs 1);\n"
          "all flows together weigh %.4f." % total)
    provenance(net)
    print()

    print("== Leiden clusters (seed 1)\n")
    print("%d clusters of %d nodes, modularity %.4f\n" % (len(clusters), n, modularity))
    account_head("cluster")
    for c in clusters:
        if disp[c["cluster"]]:
            account_row(c, "cluster %d" % disp[c["cluster"]])
    if nsingle:
        print("(%d single-node clusters not shown)" % nsingle)
    print("\nMembers:")
    for c in clusters:
        if disp[c["cluster"]]:
            para(" ".join(c["members"]), lead="  cluster %-3d " % disp[c["cluster"]])
    print("  single nodes:" + "".join(" " + c["members"][0] for c in clusters
                                      if not disp[c["cluster"]]))

    # ---- alliances ----
    dclusters = clusters_of(decl)
    try:
        for node_id, c in decl.to_dict("cluster").items():
            if dclusters[c]["label"] is None:
                net.add_member(OUTSIDE, node_id)
        decl2 = sel.groups_partition(ALLIANCES + [OUTSIDE])
        cmp1 = [libflow.compare(leiden, decl, m) for m in ("nmi", "ari", "vi")]
        cmp2 = [libflow.compare(leiden, decl2, m) for m in ("nmi", "ari", "vi")]
    except libflow.FlowError as e:
        raise fail("comparing partitions", e)
    print("\n== Declared alliances versus the clusters\n")
    print("%-44s %8s %8s %8s %11s" % ("nodes outside the alliances", "NMI", "ARI", "VI", "modularity"))
    print("%-44s %8.4f %8.4f %8.4f %11.4f" % ("each on its own (singletons)", *cmp1,
                                              decl.scalars["modularity"]))
    print("%-44s %8.4f %8.4f %8.4f %11.4f" % ("pooled into one group", *cmp2,
                                              decl2.scalars["modularity"]))
    print("%-44s %8s %8s %8s %11.4f" % ("(Leiden clusters, for reference)", "", "", "",
                                        modularity))

    print("\n== Self-containment of the alliances\n")
    account_head("alliance")
    for c in dclusters:
        if c["label"] is not None:
            account_row(c, c["label"])
    print("\nWhere the alliances' members fall among the Leiden clusters:")
    for c in dclusters:
        if c["label"] is None:
            continue
        cells = ""
        for node_id in c["members"]:
            d = disp[membership[node_id]]
            cells += " %s:%d" % (node_id, d) if d else " %s:alone" % node_id
        print("  %-24s" % c["label"] + cells)

    # ---- reading ----
    print("\n== Reading\n")
    best, best_c = -1.0, 0
    for c in clusters:
        sc = c["self_containment"]
        if disp[c["cluster"]] and not math.isnan(sc) and sc > best:
            best, best_c = sc, c["cluster"]
    text = "The flows of %d form %d clusters with more than one node (modularity %.4f)." % (
        year, len(clusters) - nsingle, modularity)
    if best >= 0:
        bc = clusters[best_c]
        text += " The most self-contained is cluster %d (%d nodes, among them" % (disp[best_c],
                                                                                 bc["size"])
        for k, node_id in enumerate(bc["members"][:3]):
            text += "%s %s" % ("," if k else "", names[node_id])
        text += "): %s of the flow leaving its nodes stays inside." % pct(best)
    para(text)
    nmi, ari = cmp1[0], cmp1[1]
    nmi2, ari2 = cmp2[0], cmp2[1]
    para("Agreement with the declared alliances is %s: NMI %.2f with outsiders on their own, "
         "%.2f with outsiders pooled (1 = identical, 0 = unrelated); ARI %.2f and %.2f."
         % ("substantial" if nmi2 >= 0.5 else ("partial" if nmi2 >= 0.2 else "weak"), nmi, nmi2, ari, ari2))
    best_al, best_a = -1.0, 0
    for c in dclusters:
        sc = c["self_containment"]
        if c["label"] is not None and not math.isnan(sc) and sc > best_al:
            best_al, best_a = sc, c["cluster"]
    for c in dclusters:
        if c["label"] is None:
            continue
        found = {membership[node_id] for node_id in c["members"]}
        first = membership[c["members"][0]]
        text = "%s keeps %s of its outgoing flow inside (closure %s)" % (
            c["label"], pct(c["self_containment"]), pct(c["closure"]))
        if len(found) > 1:
            text += " and is split across several flow clusters."
        elif disp[first]:
            text += " and lies within one flow cluster (cluster %d, %d nodes, which keeps %s)." % (
                disp[first], clusters[first]["size"], pct(clusters[first]["self_containment"]))
        else:
            text += " and forms no flow cluster with other nodes."
        if best_al >= 0 and c["cluster"] == best_a:
            text += " It is the most self-contained alliance."
        para(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, study))

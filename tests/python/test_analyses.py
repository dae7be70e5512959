"""Every analysis of a Selection, checked against the C conventions and, where
they agree by definition, against networkx 2.8."""

import math
import unittest

import libflow
import libflow.table
from flowtest import CHINA, TestCase, needs_networkx, nx, small


def chain():
    """X -> Y -> Z -> W (talent 4, 2, 3) plus X -> Z (1)."""
    net = libflow.Network()
    for n in "XYZW":
        net.add_node(n)
    net.add_flow("X", "Y", "talent", 4)
    net.add_flow("Y", "Z", "talent", 2)
    net.add_flow("Z", "W", "talent", 3)
    net.add_flow("X", "Z", "talent", 1)
    return net


class ChinaCase(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.net = libflow.load(CHINA)
        cls.sel = cls.net.select(factors="capital", years=2020)
        cls.g = cls.sel.to_networkx() if nx else None

    @classmethod
    def tearDownClass(cls):
        cls.sel.close()
        cls.net.close()


class TestSelection(ChinaCase):
    def test_defaults_and_graph(self):
        with self.net.select() as sel:
            self.assertTrue(sel.directed)
            self.assertIs(sel.network, self.net)
            self.assertEqual(len(sel), 58)
            self.assertEqual(sel.nodes, [n.id for n in self.net.nodes])
            sel.build()
            edges = sel.edges()
            self.assertEqual(len(edges), sel.summary()["edges"])
            self.assertTrue(all(w > 0 for _, _, w in edges))
            t = sel.table()
            self.assertEqual(edges, list(zip(t["source"], t["target"], t["weight"].tolist())))
            self.assertEqual(set(sel.internal()), set(sel.nodes))

    def test_years_forms(self):
        def years(**kw):
            with self.net.select(**kw) as sel:
                return [y["year"] for y in sel.summary()["years"]]
        self.assertEqual(years(years=2018), [2018])
        self.assertEqual(years(years=(2018, 2020)), [2018, 2019, 2020])
        self.assertEqual(years(years=[2021, None]), [2021, 2022])
        self.assertEqual(years(years=(None, 2016)), [2016])
        self.assertEqual(years(years=range(2017, 2019)), [2017, 2018])
        self.assertEqual(years(), list(range(2016, 2023)))
        with self.assertRaises(libflow.InvalidArgument):
            self.net.select(years=(2020, 2018))
        with self.assertRaises(TypeError):
            self.net.select(years="2020")

    def test_factors_level_direction_combine(self):
        with self.net.select(factors=["talent", "capital"], combine="share", years=2020) as sel:
            total = sum(w for _, _, w in sel.edges()) + sum(sel.internal().values())
            self.assertClose(total, 2.0, rel=1e-9)  # each factor weighs 1
        with self.net.select(factors="technology", directed=False, level="region") as sel:
            self.assertFalse(sel.directed)
            self.assertEqual(sel.vertex_of("G60-HZ"), "CN-ZJ")
            self.assertEqual(sel.vertex_of("CN-ZJ"), "CN-ZJ")
            self.assertNotIn("G60-HZ", sel.nodes)
            self.assertTrue(all(sel.nodes.index(s) < sel.nodes.index(t)
                                for s, t, _ in sel.edges()))
        with self.assertRaises(libflow.NotFoundError):
            self.net.select(factors="tech")
        with self.assertRaises(libflow.NotFoundError):
            self.net.select(level="province")
        with self.assertRaises(libflow.NotFoundError):
            self.net.select(combine="mean")
        with self.assertRaises(libflow.NotFoundError):
            self.sel.vertex_of("CN-XX")


class TestCentrality(ChinaCase):
    def test_every_measure(self):
        # the 0.1 measures keep their names; later ones come from the registry
        self.assertLessEqual({"in_strength", "pagerank", "betweenness", "participation"},
                             set(libflow.CENTRALITY_MEASURES))
        for m in libflow.CENTRALITY_MEASURES:
            values = self.sel.centrality(m)
            self.assertEqual(values.name, m)
            self.assertEqual(values.column_names, ["node", m])
            self.assertEqual(list(values["node"]), self.sel.nodes, m)
            self.assertEqual(values.meta["analysis"], m)
            self.assertEqual(values.meta["factors"], "capital")
            # strengths and net flow are in the factor's unit, nothing else
            self.assertEqual(values.meta.get("unit"), "100M yuan" if "strength" in m
                             or m == "net_flow" else None, m)

    def test_betweenness_from_sampled_sources(self):
        exact = self.sel.centrality("betweenness")
        self.assertEqual(exact.meta["sources"], "all")
        every = self.sel.centrality("betweenness", sources=len(self.sel.nodes), seed=5)
        self.assertEqual(every.to_dict(), exact.to_dict())
        est = self.sel.centrality("betweenness", sources=8, seed=5)
        self.assertEqual((est.meta["sources"], est.meta["seed"]), ("8", "5"))
        drawn = list(est.parts["sources"]["node"])
        self.assertEqual(len(set(drawn)), 8)
        self.assertEqual(drawn, list(self.sel.centrality("betweenness", sources=8, seed=5)
                                     .parts["sources"]["node"]))
        with self.assertRaises(ValueError):
            self.sel.centrality("betweenness", sources=1)

    def test_pagerank_sums_to_one(self):
        pr = self.sel.centrality("pagerank").to_dict()
        self.assertClose(sum(pr.values()), 1.0, rel=1e-9)
        pp = self.sel.centrality("pagerank", damping=0.5, personalization="yangtze-river-delta")
        self.assertEqual(pp.meta["damping"], "0.5")
        self.assertEqual(pp.meta["personalization"], "yangtze-river-delta")
        pp = pp.to_dict()
        self.assertClose(sum(pp.values()), 1.0, rel=1e-9)
        members = [m for m, _ in self.net.groups["yangtze-river-delta"]]
        self.assertEqual(pp, self.sel.centrality("pagerank", damping=0.5,
                                                 personalization=members).to_dict())

    @needs_networkx
    def test_pagerank_networkx(self):
        pr = self.sel.centrality("pagerank").to_dict()
        self.assertDictClose(pr, nx.pagerank(self.g, alpha=0.85, weight="weight", tol=1e-12),
                             rel=1e-6)
        pp = self.sel.centrality("pagerank", damping=0.9,
                                 personalization=["CN-SH", "CN-XJ"]).to_dict()
        ref = nx.pagerank(self.g, alpha=0.9, personalization={"CN-SH": 1, "CN-XJ": 1},
                          weight="weight", tol=1e-12)
        self.assertDictClose(pp, ref, rel=1e-6)

    @needs_networkx
    def test_strengths_degrees_paths(self):
        g = self.g

        def c(measure, **kw):
            return self.sel.centrality(measure, **kw).to_dict()
        self.assertDictClose(c("in_strength"), dict(g.in_degree(weight="weight")))
        self.assertDictClose(c("out_strength"), dict(g.out_degree(weight="weight")))
        net_flow = c("net_flow")
        self.assertEqual(net_flow, self.sel.net_flow().to_dict())
        self.assertDictClose(c("degree", normalized=True), nx.degree_centrality(g))
        self.assertDictClose(c("betweenness", length="unit"),
                             nx.betweenness_centrality(g, normalized=False), rel=1e-9)
        for u, v, d in g.edges(data=True):
            d["length"] = 1.0 / d["weight"]
        self.assertDictClose(c("harmonic"),
                             nx.harmonic_centrality(g.reverse(), distance="length"), rel=1e-8)
        hubs, auths = nx.hits(g, max_iter=10000, tol=1e-12)
        top = max(hubs.values())
        self.assertDictClose(c("hub"), {k: v / top for k, v in hubs.items()},
                             rel=1e-5, abs_=1e-9)

    def test_options_errors(self):
        with self.assertRaises(libflow.NotFoundError) as cm:
            self.sel.centrality("pagernak")
        self.assertIn("pagerank", str(cm.exception))
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.centrality("pagerank", damping=1.5)
        # every unknown name: NotFoundError, the library's message
        with self.assertRaises(libflow.NotFoundError) as cm:
            self.sel.centrality("closeness", length="hops")
        self.assertEqual(str(cm.exception),
                         "unknown length transform 'hops' (known: inverse, unit, weight)")
        with self.assertRaises(libflow.NotFoundError) as cm:
            self.sel.centrality("closeness", mode="ot")
        self.assertIn("did you mean 'out'?", str(cm.exception))
        with self.assertRaises(TypeError):
            self.sel.centrality(None)
        with self.assertRaises(libflow.NotFoundError):
            self.sel.centrality("pagerank", personalization=["CN-XX"])
        with self.assertRaises(TypeError):
            self.sel.centrality("pagerank", personalization=[1])

    def test_closeness_modes(self):
        out = self.sel.centrality("closeness", mode="out", normalized=True)
        inn = self.sel.centrality("closeness", mode="in", normalized=True)
        self.assertEqual((out.meta["mode"], inn.meta["mode"]), ("out", "in"))
        self.assertEqual(out.meta["normalized"], "1")
        out, inn = out.to_dict(), inn.to_dict()
        self.assertEqual(set(out), set(inn))
        self.assertTrue(all(v > 0 or math.isnan(v) for v in out.values()))


class TestBottleneck(ChinaCase):
    @needs_networkx
    def test_min_cut_small_equals_networkx_max_flow(self):
        with small() as net, net.select() as sel:
            cut = sel.min_cut("A", "D")
            g = sel.to_networkx()
            self.assertIsInstance(cut, libflow.table.Table)
            self.assertEqual(cut.name, "min_cut")
            self.assertEqual(cut.column_names, ["source", "target", "weight"])
            value = cut.scalars["value"]
            self.assertClose(value, nx.maximum_flow_value(g, "A", "D", capacity="weight"))
            self.assertClose(value, 6.0)  # A->B->D 3, A->B->C->D 1, A->C->D 2
            sides = cut.parts["nodes"].to_dict()
            self.assertEqual(sides["A"], 1)
            self.assertEqual(sides["D"], 0)
            self.assertEqual(set(sides), set(sel.nodes))
            self.assertEqual(cut.scalars["source_side"], sum(sides.values()))
            self.assertClose(sum(cut["weight"]), value)
            by_factor = cut.parts["factor_edges"]
            self.assertEqual(by_factor.column_names, ["source", "target", "factor", "weight"])
            self.assertClose(sum(by_factor["weight"]), value)
            self.assertTrue(all(f for f in by_factor["factor"]))
            self.assertNotIn("flows", cut.parts)  # only on request
            self.assertEqual(cut.meta["sources"], "A")
            with_flows = sel.min_cut("A", "D", flows=True)
            self.assertEqual(with_flows.scalars["value"], value)
            flows = with_flows.parts["flows"]
            self.assertEqual(flows.column_names, ["source", "target", "weight", "flow"])
            out_of_a = sum(r["flow"] for r in flows if r["source"] == "A")
            self.assertClose(out_of_a, value)

    @needs_networkx
    def test_min_cut_groups_china(self):
        sinks = [m for m, _ in self.net.groups["chengdu-chongqing"]]
        cut = self.sel.min_cut(sources="yangtze-river-delta", sinks="chengdu-chongqing")
        value = cut.scalars["value"]
        g = self.g.copy()
        for m, _ in self.net.groups["yangtze-river-delta"]:
            g.add_edge("_s", m, weight=1e12)
        for m in sinks:
            g.add_edge(m, "_t", weight=1e12)
        ref = nx.maximum_flow_value(g, "_s", "_t", capacity="weight")
        self.assertClose(value, ref, rel=1e-9)
        self.assertGreater(value, 0)
        # removing the cut's edges separates the sets
        h = self.g.copy()
        h.remove_edges_from((r["source"], r["target"]) for r in cut)
        for s, _ in self.net.groups["yangtze-river-delta"]:
            for t in sinks:
                self.assertFalse(nx.has_path(h, s, t))
        by_edge = {}
        for r in cut.parts["factor_edges"]:
            key = (r["source"], r["target"])
            by_edge[key] = by_edge.get(key, 0) + r["weight"]
        for r in cut:
            self.assertClose(by_edge[(r["source"], r["target"])], r["weight"])
        df = cut.parts["factor_edges"].to_pandas()
        self.assertEqual(list(df.columns), ["source", "target", "factor", "weight"])
        self.assertEqual(cut.to_pandas().attrs["analysis"], "min_cut")
        self.assertEqual(cut.to_pandas().attrs["value"], value)

    def test_min_cut_errors(self):
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.min_cut("CN-SH", "CN-SH")
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.min_cut([], "CN-SH")
        with self.assertRaises(libflow.NotFoundError):
            self.sel.min_cut("CN-SHH", "CN-XJ")

    def test_widest_path(self):
        with small() as net, net.select() as sel:
            p = sel.widest_path("A", "D")
            self.assertEqual(p["node"], ["A", "B", "D"])
            self.assertEqual(p["weight_to_next"].tolist()[:2], [5.0, 3.0])
            self.assertTrue(math.isnan(p["weight_to_next"][2]))
            self.assertEqual(p.scalars["width"], 3.0)
            limit = int(p.scalars["limit"])
            self.assertEqual((p["node"][limit], p["node"][limit + 1]), ("B", "D"))
            self.assertEqual(p.meta["target"], "D")
            none = sel.widest_path("A", "E")
            self.assertEqual(len(none), 0)
            self.assertEqual(none.scalars, {"width": 0.0, "limit": -1.0})
            with self.assertRaises(libflow.InvalidArgument):
                sel.widest_path("A", "A")
            with self.assertRaises(libflow.NotFoundError):
                sel.widest_path("A", "group-names-not-allowed")

    @needs_networkx
    def test_bridges_articulation_points(self):
        u = nx.Graph(self.g)  # the undirected collapse (weights are not compared)
        self.assertEqual({frozenset((r["source"], r["target"])) for r in self.sel.bridges()},
                         {frozenset(b) for b in nx.bridges(u)})
        ap = self.sel.articulation_points().to_dict()
        self.assertEqual({i for i, v in ap.items() if v == 1}, set(nx.articulation_points(u)))
        with chain() as net, net.select() as sel:
            bridges = sel.bridges()
            self.assertEqual(bridges.column_names, ["source", "target", "weight"])
            self.assertEqual([(r["source"], r["target"], r["weight"]) for r in bridges],
                             [("Z", "W", 3.0)])
            points = sel.articulation_points()
            self.assertEqual(points.to_dict(), {"X": 0, "Y": 0, "Z": 1, "W": 0})
            self.assertEqual(points.scalars["count"], 1.0)

    @needs_networkx
    def test_dominators(self):
        dom = self.sel.dominators("CN-SH")
        reached = dom.to_dict("reached")
        mine = {i: d for i, d in dom.to_dict("immediate_dominator").items() if reached[i]}
        ref = nx.immediate_dominators(self.g, "CN-SH")
        ref["CN-SH"] = None
        self.assertEqual(mine, ref)
        self.assertEqual(dom.scalars["reached"], len(ref))
        with chain() as net, net.select() as sel:
            self.assertEqual(sel.dominators("X").to_dict("immediate_dominator"),
                             {"X": None, "Y": "X", "Z": "X", "W": "Z"})
            d = sel.dominators("W")
            self.assertEqual(d.to_dict("reached"), {"X": 0, "Y": 0, "Z": 0, "W": 1})
            self.assertEqual(set(d.to_dict("immediate_dominator").values()), {None})

    def test_must_cross(self):
        def crossed(table):
            pos = table.to_dict()
            return sorted((i for i in pos if pos[i] > 0), key=pos.get)
        with chain() as net, net.select() as sel:
            m = sel.must_cross("X", "W")
            self.assertEqual(crossed(m), ["Z"])
            self.assertEqual(m.scalars, {"count": 1.0, "reachable_sinks": 1.0})
            self.assertEqual(crossed(sel.must_cross("Y", "W")), ["Z"])
            none = sel.must_cross("W", "X")  # unreachable
            self.assertEqual(crossed(none), [])
            self.assertTrue(all(math.isnan(v) for v in none["must_cross"]))
            self.assertEqual(none.scalars["reachable_sinks"], 0.0)
        with libflow.Network() as net:
            for n in "PQRS":
                net.add_node(n)
            net.add_flow("P", "Q", "f", 1)
            net.add_flow("Q", "R", "f", 1)
            net.add_flow("R", "S", "f", 1)
            with net.select() as sel:
                self.assertEqual(crossed(sel.must_cross("P", "S")), ["Q", "R"])

    def test_critical_nodes_edges(self):
        with chain() as net, net.select() as sel:
            nodes = sel.critical_nodes("X", "W")
            loss = nodes.to_dict()
            self.assertTrue(math.isnan(loss["X"]) and math.isnan(loss["W"]))
            self.assertEqual((loss["Y"], loss["Z"]), (2.0, 3.0))
            self.assertEqual(nodes.column_names, ["node", "max_flow_loss"])
            self.assertEqual(nodes.scalars["max_flow"], 3.0)
            edges = sel.critical_edges("X", "W")
            self.assertEqual([(r["source"], r["target"], r["max_flow_loss"]) for r in edges][:1],
                             [("Z", "W", 3.0)])
            self.assertEqual(len(edges), 4)
            connected = sel.critical_nodes()
            self.assertEqual(connected.column_names, ["node", "connected_flow_loss"])
            self.assertEqual(set(connected["node"]), set("XYZW"))
            self.assertEqual(connected.to_dict()["W"], 3.0)  # its own flow
            self.assertEqual(connected.scalars["connected_flow"], 10.0)
            self.assertEqual(len(sel.critical_edges()), 4)
            with self.assertRaises(libflow.InvalidArgument):
                sel.critical_nodes(sources="X")  # one set only

    @needs_networkx
    def test_edge_betweenness(self):
        eb = self.sel.edge_betweenness(length="unit")
        ref = nx.edge_betweenness_centrality(self.g, normalized=False)
        self.assertEqual(len(eb), self.g.number_of_edges())
        self.assertEqual(eb.meta["length"], "unit")
        for r in eb:
            self.assertClose(r["edge_betweenness"], ref[(r["source"], r["target"])], rel=1e-9)
        values = self.sel.edge_betweenness()["edge_betweenness"].tolist()
        self.assertEqual(values, sorted(values, reverse=True))
        with self.assertRaises(libflow.NotFoundError):
            self.sel.edge_betweenness(length="log")


def members(part):
    """{cluster: [ids in vertex order]} of a partition Table."""
    out = {}
    for node_id, c in part.to_dict("cluster").items():
        out.setdefault(c, []).append(node_id)
    return out


class TestClusters(ChinaCase):
    def test_china_clusters_every_method(self):
        self.assertEqual(set(libflow.CLUSTER_METHODS),
                         {"leiden", "louvain", "infomap", "walktrap", "label_propagation"})
        for method in libflow.CLUSTER_METHODS:
            p = self.sel.clusters(method, seed=7, trials=2)
            self.assertIsInstance(p, libflow.table.Table)
            self.assertEqual(p.name, method)
            self.assertEqual(p.meta["method"], method)
            self.assertEqual(p.meta["trials"], "1" if method == "walktrap" else "2")
            membership = p.to_dict("cluster")
            clusters = p.parts["clusters"]
            self.assertEqual(list(membership), self.sel.nodes)
            self.assertEqual(sorted(set(membership.values())), list(range(len(clusters))))
            self.assertEqual(p.scalars["clusters"], len(clusters))
            self.assertEqual(list(clusters["cluster"]), list(range(len(clusters))))
            self.assertEqual(sum(clusters["size"]), len(self.sel))
            self.assertEqual(sorted(m for ms in members(p).values() for m in ms),
                             sorted(self.sel.nodes))
            self.assertEqual("codelength" in p.scalars, method == "infomap")
            self.assertClose(self.sel.modularity(p), p.scalars["modularity"], rel=1e-9)

    def test_seeded_and_defaults(self):
        a = self.sel.clusters()
        b = self.sel.clusters("leiden", seed=1)
        self.assertEqual((a.to_dict("cluster"), a.scalars["modularity"]),
                         (b.to_dict("cluster"), b.scalars["modularity"]))
        self.assertEqual(a.to_dict("cluster")["CN"], 0)
        self.assertGreater(a.scalars["modularity"], 0.2)
        self.assertEqual(a.meta["seed"], "1")
        c = self.sel.clusters("leiden", resolution=3.0)
        self.assertGreaterEqual(len(c.parts["clusters"]), len(a.parts["clusters"]))
        self.assertEqual(c.meta["resolution"], "3")
        with self.assertRaises(libflow.NotFoundError):
            self.sel.clusters("leidn")
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.clusters(resolution=-1)
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.clusters(seed=-1)
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.clusters("walktrap", steps=0)
        self.assertEqual(a.meta["iterations"], "until stable")
        d = self.sel.clusters("leiden", iterations=2)
        self.assertEqual(d.meta["iterations"], "2")
        self.assertGreater(d.scalars["modularity"], 0.2)
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.clusters(iterations=-1)

    def test_groups_partition_and_compare(self):
        p = self.sel.groups_partition(["yangtze-river-delta", "greater-bay-area"])
        self.assertEqual(p.meta["method"], "groups")
        self.assertEqual(p.meta["groups"], "yangtze-river-delta,greater-bay-area")
        clusters = p.parts["clusters"].rows()
        labels = {c["label"] for c in clusters} - {None}
        self.assertEqual(labels, {"yangtze-river-delta", "greater-bay-area"})
        yrd = [c for c in clusters if c["label"] == "yangtze-river-delta"][0]
        self.assertEqual(sorted(members(p)[yrd["cluster"]]), ["CN-AH", "CN-JS", "CN-SH", "CN-ZJ"])
        self.assertEqual(yrd["size"], 4)
        self.assertTrue(0 <= yrd["self_containment"] <= 1)
        self.assertClose(yrd["closure"],
                         yrd["internal"] / (yrd["internal"] + yrd["inflow"] + yrd["outflow"]))
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.groups_partition()  # groups overlap: not a partition
        with self.assertRaises(libflow.NotFoundError):
            self.sel.groups_partition("yangtze")
        detected = self.sel.clusters("louvain", seed=3)
        self.assertEqual(libflow.compare(p, p), 1.0)
        self.assertEqual(libflow.compare(p, p, "ari"), 1.0)
        self.assertEqual(libflow.compare(p, p, "vi"), 0.0)
        nmi = libflow.compare(detected, p, "nmi")
        self.assertTrue(0 <= nmi <= 1)
        self.assertClose(nmi, libflow.compare(p, detected))
        with self.assertRaises(libflow.NotFoundError):
            libflow.compare(p, p, "jaccard")
        with self.assertRaises(TypeError):
            libflow.compare(p.to_dict("cluster"), p)
        with self.assertRaises(libflow.InvalidArgument):
            libflow.compare(self.sel.kcore(), p)  # not a partition table
        self.assertEqual(libflow.compare(self.sel.partition(p.to_dict("cluster")), p), 1.0)
        with self.net.select(level="region") as other:
            with self.assertRaises(libflow.InvalidArgument):
                libflow.compare(other.clusters(), p)  # different nodes

    @needs_networkx
    def test_modularity_and_partition(self):
        p = self.sel.clusters("walktrap")
        communities = [set(m) for m in members(p).values()]
        self.assertClose(p.scalars["modularity"],
                         nx.community.modularity(self.g, communities, weight="weight"), rel=1e-9)
        membership = p.to_dict("cluster")
        self.assertClose(self.sel.modularity(membership, resolution=0.5),
                         nx.community.modularity(self.g, communities, weight="weight",
                                                 resolution=0.5), rel=1e-9)
        q = self.sel.partition({k: 10 + v for k, v in membership.items()})
        self.assertEqual(q.meta["method"], "membership")
        self.assertEqual(q.to_dict("cluster"), membership)  # renumbered canonically
        self.assertClose(libflow.compare(p, q), 1.0)
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.modularity({"CN-SH": 0})  # lacks nodes
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.partition({k: -1 for k in membership})

    @needs_networkx
    def test_kcore(self):
        core = self.sel.kcore()
        self.assertEqual(core.name, "coreness")
        self.assertEqual(core.column_type("coreness"), "int")
        self.assertDictClose(core.to_dict(), {k: float(v) for k, v in nx.core_number(self.g).items()})
        self.assertEqual(set(self.sel.kcore("in").to_dict()), set(self.sel.nodes))
        self.assertEqual(self.sel.kcore("out").meta["mode"], "out")
        with self.assertRaises(libflow.NotFoundError):
            self.sel.kcore("total")


class TestStructure(ChinaCase):
    def test_totals(self):
        with self.net.select(years=(2019, 2020)) as sel:
            rows = sel.totals()
            self.assertEqual(len(rows), 6)
            summary = sel.summary()
            for f in summary["factors"]:
                self.assertClose(sum(r["weight"] for r in rows if r["factor"] == f["name"]),
                                 f["weight"], rel=1e-12)
                self.assertEqual(sum(r["flows"] for r in rows if r["factor"] == f["name"]),
                                 f["flows"])
            self.assertEqual(sorted({r["year"] for r in rows}), [2019, 2020])
            self.assertTrue(all(r["internal"] == 0 for r in rows))
            self.assertEqual(rows.column_names, ["factor", "year", "flows", "weight", "internal"])
            self.assertNotIn("unit", rows.meta)  # persons and 100M yuan
        with libflow.loads("source,target,factor,weight,year\nA,B,t,1,\nA,B,t,2,2020\n") as net:
            with net.select() as sel:
                self.assertEqual(list(sel.totals()["year"]), [libflow.NO_YEAR, 2020])
                self.assertEqual([y["year"] for y in sel.summary()["years"]], [None, 2020])

    def test_hhi_reciprocity(self):
        hhi = self.sel.hhi()
        self.assertEqual(hhi.column_names, ["node", "hhi_out"])
        hhi = hhi.to_dict()
        out = [w for s, _, w in self.sel.edges() if s == "CN-SH"]
        self.assertClose(hhi["CN-SH"], sum((w / sum(out)) ** 2 for w in out))
        for mode in ("in", "total"):
            self.assertEqual(set(self.sel.hhi(mode)["node"]), set(self.sel.nodes))
        with self.assertRaises(libflow.NotFoundError) as cm:
            self.sel.hhi("both")
        self.assertEqual(str(cm.exception), "unknown HHI mode 'both' (known: out, in, total)")
        with self.assertRaises(libflow.NotFoundError) as cm:
            self.sel.hhi("totl")
        self.assertEqual(str(cm.exception), "unknown HHI mode 'totl' (did you mean 'total'?)")
        u, w = self.sel.reciprocity()
        if nx:
            self.assertClose(u, nx.reciprocity(self.g))
        self.assertTrue(0 <= w <= 1)
        with self.net.select(directed=False) as sel:
            self.assertEqual(sel.reciprocity(), (1.0, 1.0))

    def test_backbone(self):
        bb = self.sel.backbone(alpha=0.05)
        self.assertTrue(bb)
        self.assertEqual(bb.column_names, ["source", "target", "factor", "weight", "p_value"])
        self.assertEqual(bb.meta["alpha"], "0.05")
        self.assertTrue(all(r["factor"] == "capital" and 0 <= r["p_value"] < 0.05 for r in bb))
        with self.net.select(years=2020) as sel:
            factors = set(sel.backbone(0.01)["factor"])
            self.assertEqual(factors, {"talent", "capital", "technology"})
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.backbone(alpha=1.5)

    def test_series(self):
        with self.net.select(factors="technology") as sel:
            s = sel.series("pagerank", damping=0.9)
            self.assertEqual(list(s.parts["years"]["year"]), list(range(2016, 2023)))
            self.assertEqual(s.column_names, ["node", "year", "pagerank"])
            self.assertEqual((s.meta["measure"], s.meta["damping"]), ("pagerank", "0.9"))
            self.assertEqual(len(s), 7 * len(sel))
            with self.net.select(factors="technology", years=2018) as one:
                ref = one.centrality("pagerank", damping=0.9).to_dict()
            for r in s:
                if r["year"] == 2018 and not math.isnan(r["pagerank"]):
                    self.assertClose(r["pagerank"], ref[r["node"]], rel=1e-12)
            hhi = sel.series("hhi_out")
            self.assertEqual(len(hhi.parts["years"]), 7)
            with self.assertRaises(libflow.NotFoundError):
                sel.series("pagerankk")
            with self.assertRaises(TypeError):
                sel.series("pagerank", dampin=0.9)

    def test_rank(self):
        self.assertEqual(libflow.rank([1.0, 3.0, float("nan"), 2.0]), [1, 3, 0, 2])
        self.assertEqual(libflow.rank([1.0, 3.0, float("nan"), 2.0], descending=False), [0, 3, 1, 2])
        pr = self.sel.centrality("pagerank")
        top = libflow.rank(pr)  # a per-node Table: its node ids
        self.assertEqual(top, libflow.rank(pr.to_dict()))
        pr = pr.to_dict()
        self.assertEqual(top[0], max(pr, key=pr.get))
        self.assertEqual(libflow.rank([]), [])


def roles(table):
    """{id: {role: (paths, weight)}} of a brokerage Table."""
    return {r["node"]: {role: (r[role], r[role + "_weight"]) for role in libflow.BROKERAGE_ROLES}
            for r in table}


class TestBrokerage(ChinaCase):
    def test_declared_groups(self):
        t = self.sel.brokerage(["yangtze-river-delta", "greater-bay-area", "chengdu-chongqing"])
        self.assertEqual(t.name, "brokerage")
        self.assertEqual(t.column_names[:2], ["node", "group"])
        self.assertEqual(t.column_names[2:14:2], list(libflow.BROKERAGE_ROLES))
        self.assertEqual(t.column_names[14::2],
                         [r + "_expected" for r in libflow.BROKERAGE_ROLES])
        self.assertEqual(t.meta["groups"], "yangtze-river-delta,greater-bay-area,chengdu-chongqing")
        b = roles(t)
        self.assertEqual(list(b), self.sel.nodes)
        self.assertEqual(tuple(b["CN-SH"]), libflow.BROKERAGE_ROLES)
        for r in b.values():
            total = r["total"]
            self.assertEqual(total[0], sum(r[x][0] for x in libflow.BROKERAGE_ROLES[:5]))
            self.assertClose(total[1], sum(r[x][1] for x in libflow.BROKERAGE_ROLES[:5]))
        self.assertEqual(b["US"]["total"], (0, 0.0))  # in no group
        self.assertEqual(t.to_dict("group")["US"], -1)
        closed = self.sel.brokerage(["yangtze-river-delta", "greater-bay-area"], closed_paths=True,
                                    weighting="product")
        self.assertEqual((closed.meta["closed_paths"], closed.meta["weighting"]), ("yes", "product"))
        self.assertGreaterEqual(roles(closed)["CN-SH"]["total"][0], b["CN-SH"]["total"][0])

    def test_membership(self):
        with libflow.Network() as net:
            for n in "abcd":
                net.add_node(n)
            net.add_flow("a", "b", "f", 2)  # a -> b -> c: b brokers
            net.add_flow("b", "c", "f", 3)
            net.add_flow("c", "d", "f", 1)
            with net.select() as sel:
                b = roles(sel.brokerage(membership={"a": 0, "b": 0, "c": 1, "d": 1}))
                self.assertEqual(b["b"]["representative"], (1, 2.0))  # a,b in 0 -> c in 1
                self.assertEqual(b["c"]["gatekeeper"], (1, 1.0))      # b in 0 -> c,d in 1
                g = roles(sel.brokerage(membership={"a": 5, "b": 5, "c": 5}, weighting="geomean"))
                self.assertClose(g["b"]["coordinator"][1], math.sqrt(6))
                self.assertEqual(g["c"]["total"], (0, 0.0))  # d has no group
                part = sel.partition({"a": 0, "b": 0, "c": 1, "d": 1})
                self.assertEqual(roles(sel.brokerage(membership=part)), b)
                with self.assertRaises(libflow.InvalidArgument):
                    sel.brokerage(groups=["x"], membership={"a": 0})
                with self.assertRaises(libflow.NotFoundError):
                    sel.brokerage(membership={"a": 0}, weighting="max")
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.brokerage()  # every group: they overlap


if __name__ == "__main__":
    unittest.main()

"""Change over time and counterfactuals from Python: the series' rank
stability against scipy.stats.kendalltau, counterfactual selections
against networkx on the graph built without the removed nodes or flows,
added flow files, community tracking, stocks, and comparisons."""

import math
import os
import random
import unittest

import libflow
from flowtest import CHINA, needs_networkx, nx, tmpdir, write

try:
    from scipy.stats import kendalltau
except ImportError:  # pragma: no cover - Debian's python3 has scipy
    kendalltau = None


def random_network(seed, nodes=25, years=(2018, 2019, 2020, 2021)):
    """Dated flows between random pairs with small integer weights (ties in
    the strengths), and nodes that skip some years."""
    rnd = random.Random(seed)
    net = libflow.Network()
    ids = ["N%02d" % i for i in range(nodes)]
    for i in ids:
        net.add_node(i)
    rows = []
    for y in years:
        active = [i for i in ids if rnd.random() < 0.85]
        for _ in range(3 * nodes):
            a, b = rnd.sample(active, 2)
            w = rnd.randint(1, 4)
            rows.append((a, b, w, y))
            net.add_flow(a, b, "x", w, y)
    return net, ids, rows


class TestStability(unittest.TestCase):
    @unittest.skipIf(kendalltau is None, "scipy is not importable")
    def test_kendall_tau_b_against_scipy(self):
        for seed in range(6):
            net, ids, _ = random_network(seed)
            for measure in ("in_strength", "pagerank", "degree"):
                with net.select() as sel:
                    s = sel.series(measure)
                years = list(s.parts["years"]["year"])
                values = {}
                for node, year, v in zip(s["node"], s["year"], s[measure]):
                    values[(node, int(year))] = v
                st = s.parts["stability"]
                self.assertEqual(len(st), len(years) - 1)
                for r, row in enumerate(st):
                    a, b = years[r], years[r + 1]
                    self.assertEqual((row["year_from"], row["year_to"]), (a, b))
                    both = [i for i in ids if not math.isnan(values[(i, a)])
                            and not math.isnan(values[(i, b)])]
                    self.assertEqual(row["nodes"], len(both))
                    x = [values[(i, a)] for i in both]
                    y = [values[(i, b)] for i in both]
                    expect = kendalltau(x, y).statistic  # tau-b (scipy's default)
                    self.assertAlmostEqual(row["kendall_tau"], expect, places=12,
                                           msg="seed %d, %s, %d-%d" % (seed, measure, a, b))

    def test_china_series_has_stability(self):
        with libflow.load(CHINA) as net:
            s = net.select(factors="technology").series("pagerank")
            st = s.parts["stability"]
            self.assertEqual(len(st), len(s.parts["years"]) - 1)
            self.assertTrue(all(-1 <= t <= 1 for t in st["kendall_tau"]))


@needs_networkx
class TestCounterfactual(unittest.TestCase):
    def setUp(self):
        self.net, self.ids, self.rows = random_network(7, years=(2020,))
        self.addCleanup(self.net.close)

    def graph(self, keep):
        g = nx.DiGraph()
        for a, b, w, _ in self.rows:
            if not keep(a, b):
                continue
            for n in (a, b):
                g.add_node(n)
            g.add_edge(a, b, weight=g.get_edge_data(a, b, {"weight": 0})["weight"] + w)
        return g

    def check(self, sel, g, removed=()):
        pr = sel.centrality("pagerank").to_dict()
        for n in removed:
            self.assertNotIn(n, pr)
        # nodes of the network without flow are isolated vertices of both
        for n in self.ids:
            if n not in removed:
                g.add_node(n)
        expect = nx.pagerank(g, weight="weight", tol=1e-13, max_iter=1000)
        self.assertEqual(set(pr), set(expect))
        for n in expect:
            self.assertAlmostEqual(pr[n], expect[n], places=9)
        ins = sel.centrality("in_strength").to_dict()
        for n in expect:
            self.assertAlmostEqual(ins[n], g.in_degree(n, weight="weight"), places=9)

    def test_without_nodes(self):
        gone = {"N03", "N11"}
        with self.net.select(without=sorted(gone)) as sel:
            self.check(sel, self.graph(lambda a, b: a not in gone and b not in gone), gone)
            self.assertNotIn("N03", sel.nodes)
            self.assertEqual(sel.vertex_of("N04"), "N04")
            with self.assertRaises(libflow.InvalidArgument):
                sel.vertex_of("N03")

    def test_without_group(self):
        for n in ("N01", "N02"):
            self.net.add_member("pair", n)
        with self.net.select(without_group="pair") as sel:
            gone = {"N01", "N02"}
            self.check(sel, self.graph(lambda a, b: a not in gone and b not in gone), gone)

    def test_without_corridor(self):
        for n in ("N05", "N06", "N07"):
            self.net.add_member("east", n)
        east = {"N05", "N06", "N07"}

        def keep(a, b):
            return not ((a == "N00" and b in east) or (b == "N00" and a in east))
        with self.net.select(without_corridor=[("N00", "east")]) as sel:
            self.check(sel, self.graph(keep))
        with self.net.select(without_corridor=("N00", "east")) as sel:  # one pair
            self.check(sel, self.graph(keep))

    def test_with_flows(self):
        d = tmpdir(self)
        path = write(d, "extra.csv", "source,target,factor,weight,year\n"
                                     "N00,N01,x,50,2020\nN02,N00,x,3,2020\n")
        extra = [("N00", "N01", 50, 2020), ("N02", "N00", 3, 2020)]
        with self.net.select(with_flows=path) as sel:
            g = self.graph(lambda a, b: True)
            for a, b, w, _ in extra:
                g.add_edge(a, b, weight=g.get_edge_data(a, b, {"weight": 0})["weight"] + w)
            self.check(sel, g)
        self.assertEqual(len(self.net.flows()), len({(a, b) for a, b, _, _ in self.rows}))

    def test_compare(self):
        with self.net.select() as base, self.net.select(without="N04") as cf:
            t = base.centrality("pagerank").compare_with(cf.centrality("pagerank"))
        rows = {r["node"]: r for r in t}
        self.assertEqual(rows["N04"]["status"], "removed")
        self.assertTrue(math.isnan(rows["N04"]["pagerank_difference"]))
        r = rows["N00"]
        self.assertAlmostEqual(r["pagerank_difference"],
                               r["pagerank_counterfactual"] - r["pagerank_baseline"], places=15)
        self.assertEqual(t.meta["counterfactual_without_nodes"], "N04")

    def test_errors(self):
        with self.assertRaises(libflow.NotFoundError) as e:
            self.net.select(without="N99")
        self.assertIn("unknown node id 'N99'", str(e.exception))
        with self.assertRaises(libflow.NotFoundError) as e:
            self.net.select(without_group="nope")
        self.assertIn("unknown group 'nope'", str(e.exception))
        with self.assertRaises(TypeError):
            self.net.select(without_corridor=["N00"])
        d = tmpdir(self)
        bad = write(d, "bad.csv", "source,target,factor,weight\nN00,Q,x,1\n")
        with self.assertRaises(libflow.NotFoundError) as e:
            self.net.select(with_flows=bad)
        self.assertIn("node 'Q' is not in the network", str(e.exception))


class TestTrackingAndStocks(unittest.TestCase):
    def test_track_china(self):
        with libflow.load(CHINA) as net, net.select() as sel:
            t = sel.track("leiden", seed=3)
        self.assertEqual(t.name, "tracking")
        self.assertGreater(t.scalars["years"], 1)
        self.assertEqual(t.meta["seed"], "3")
        events = set(t["event"])
        self.assertLessEqual(events, {"continuation", "split", "merge", "split_merge", "birth",
                                      "death"})
        self.assertEqual(set(t.parts), {"communities", "members"})

    def test_stock(self):
        net = libflow.Network()
        self.addCleanup(net.close)
        for n in "ABC":
            net.add_node(n)
        net.add_flow("A", "B", "population", 10, 2020)
        net.add_flow("A", "B", "population", 12, 2021)
        net.add_flow("A", "C", "population", 5, 2021)
        net.set_factor_kind("population", "stock")
        self.assertEqual(net.table("factors")["kind"], ["stock"])
        with self.assertRaises(libflow.InvalidArgument) as e:
            net.select().centrality("in_strength")
        self.assertIn("'population' is a stock", str(e.exception))
        self.assertEqual(net.select(years=2021).centrality("in_strength").to_dict()["B"], 12)
        s = net.select().series("in_strength")
        self.assertEqual(len(s.parts["years"]), 2)
        with self.assertRaises(libflow.InvalidArgument):
            net.set_factor_kind("population", "stocks")

    def test_factors_csv(self):
        d = tmpdir(self)
        write(d, "flows.csv", "source,target,factor,weight,year\nA,B,pop,1,2020\nA,B,pop,2,2021\n")
        write(d, "factors.csv", "factor,unit,kind\npop,persons,stock\n")
        with libflow.load(d) as net:
            self.assertEqual(net.table("factors").rows(),
                             [{"name": "pop", "unit": "persons", "kind": "stock"}])
            with self.assertRaises(libflow.InvalidArgument):
                net.select(years=(2020, 2021)).build()


if __name__ == "__main__":
    unittest.main()

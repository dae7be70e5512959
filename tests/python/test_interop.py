"""Round trips with the tools people already use: networkx (2.8, Debian's)
and python-igraph read every export with all its attributes; files written
by networkx, python-igraph and Gephi (its edge table) load into libflow
with the same nodes, weights and attributes; the dynamic GEXF validates
against the GEXF 1.3 schema (the subset in tests/fixtures/gexf, its source
named there) with xmllint and keeps one spell and one weight per year."""

import json
import math
import os
import shutil
import subprocess
import unittest
import xml.etree.ElementTree as ET

import libflow
from flowtest import CHINA, REPO, needs_networkx, nx, tmpdir

try:
    import igraph as ig
except ImportError:  # pragma: no cover - Debian's python3-igraph
    ig = None

needs_igraph = unittest.skipIf(ig is None, "python-igraph is not importable")
XSD = os.path.join(REPO, "tests", "fixtures", "gexf", "gexf-1.3-subset.xsd")
XMLLINT = shutil.which("xmllint")
DOT = shutil.which("dot")


def register_gexf13():
    """networkx reads GEXF 1.3 from 3.6 on; older ones lack only the
    namespace entry, registered the way networkx itself later did."""
    from networkx.readwrite import gexf as G
    if "1.3" not in G.GEXF.versions:
        d = dict(G.GEXF.versions["1.2draft"])
        d.update(NS_GEXF="http://gexf.net/1.3", NS_VIZ="http://gexf.net/1.3/viz",
                 SCHEMALOCATION="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
                 VERSION="1.3")
        G.GEXF.versions["1.3"] = d


def yearly(net, factor):
    """{(source, target): {year: weight}} of one factor's dated flows."""
    out = {}
    f = net.flows()
    for s, t, fac, w, y in zip(f["source"], f["target"], f["factor"], f["weight"], f["year"]):
        if fac == factor and y != libflow.NO_YEAR:
            d = out.setdefault((s, t), {})
            d[int(y)] = d.get(int(y), 0.0) + float(w)
    return out


class SelectionExports(unittest.TestCase):
    """flowctl export DATA --factor technology --with pagerank --with
    cluster=leiden, from Python."""

    @classmethod
    def setUpClass(cls):
        cls.net = libflow.load(CHINA)
        cls.sel = cls.net.select(factors="technology")
        cls.pr = cls.sel.centrality("pagerank")
        cls.cl = cls.sel.clusters("leiden", seed=1)
        cls.prd = cls.pr.to_dict()
        cls.cld = cls.cl.to_dict("cluster")

    @classmethod
    def tearDownClass(cls):
        cls.sel.close()
        cls.net.close()

    def write(self, name, format=None):
        path = os.path.join(tmpdir(self), name)
        self.sel.export(path, format=format, results=[self.pr, self.cl])
        return path

    @needs_networkx
    def test_graphml_networkx(self):
        g = nx.read_graphml(self.write("t.graphml"))
        self.assertEqual(set(g.nodes), set(self.net))
        bj = g.nodes["CN-BJ"]
        self.assertEqual(bj["name"], "CN-BJ")
        self.assertEqual(bj["label"], "Beijing")
        self.assertEqual(bj["kind"], "region")
        self.assertEqual(bj["parent"], "CN")
        self.assertIn("beijing-tianjin-hebei", bj["groups"].split(";"))
        self.assertEqual(bj["gdp"], self.net["CN-BJ"].attrs["gdp"])
        for n in g.nodes:
            self.assertAlmostEqual(g.nodes[n]["pagerank"], self.prd[n], places=15)
            self.assertEqual(g.nodes[n]["cluster"], self.cld[n])
        # one edge per pair: the selection's graph
        edges = self.sel.edges()
        self.assertEqual(g.number_of_edges(), len(edges))
        self.assertEqual(g.graph["factors"], "technology")
        self.assertEqual(g.graph["unit"], "100M yuan")

    @needs_igraph
    def test_graphml_igraph(self):
        g = ig.Graph.Read_GraphML(self.write("t.graphml"))
        v = g.vs.find(name="CN-BJ")  # igraph's convention: name is the id
        self.assertEqual(v["label"], "Beijing")
        self.assertAlmostEqual(v["pagerank"], self.prd["CN-BJ"], places=15)
        self.assertEqual(v["cluster"], self.cld["CN-BJ"])
        self.assertTrue(g.is_directed())
        self.assertEqual(g.ecount(), len(self.sel.edges()))
        total = sum(w for w in g.es["weight"])
        self.assertAlmostEqual(total, float(sum(self.sel.table()["weight"])), delta=1e-6 * total)

    @needs_networkx
    def test_gexf12_networkx_reads_years(self):
        g = nx.read_gexf(self.write("t.gexf", "gexf12"))
        self.assertEqual(g.graph["mode"], "dynamic")
        want = yearly(self.net, "technology")
        self.assertEqual(g.number_of_edges(), len(want))
        for u, v, d in g.edges(data=True):
            years = {s: w for w, s, e in d["yearly_weight"]}
            self.assertEqual(sorted(years), sorted(want[(u, v)]))
            for y, w in years.items():
                self.assertEqual(w, want[(u, v)][y])  # written exactly
            self.assertEqual([s for s, _ in d["spells"]], sorted(years))
            self.assertAlmostEqual(d["weight"], sum(years.values()), delta=1e-9 * d["weight"])
        for n in g.nodes:
            self.assertAlmostEqual(g.nodes[n]["pagerank"], self.prd[n], places=15)

    @needs_networkx
    def test_gexf13_networkx_and_back_into_libflow(self):
        path = self.write("t.gexf")
        register_gexf13()
        g = nx.read_gexf(path, version="1.3")
        self.assertEqual(g.nodes["CN-BJ"]["label"], "Beijing")
        self.assertEqual(g.nodes["CN-BJ"]["cluster"], self.cld["CN-BJ"])
        # libflow reads its own dynamic GEXF back: one flow per year
        with libflow.load(path) as back:
            self.assertEqual(yearly(back, "flow"), yearly(self.net, "technology"))
            self.assertEqual(back["CN-BJ"].attrs["pagerank"], self.prd["CN-BJ"])

    @unittest.skipIf(XMLLINT is None, "xmllint is not installed")
    def test_dynamic_gexf_validates_one_spell_per_year(self):
        path = self.write("t.gexf")
        r = subprocess.run([XMLLINT, "--noout", "--schema", XSD, path], capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        ns = "{http://gexf.net/1.3}"
        want = yearly(self.net, "technology")
        root = ET.parse(path).getroot()
        self.assertEqual(root.find(ns + "graph").get("mode"), "dynamic")
        seen = 0
        for e in root.iter(ns + "edge"):
            spells = [int(s.get("start")) for s in e.iter(ns + "spell")]
            weights = {int(a.get("start")): float(a.get("value"))
                       for a in e.iter(ns + "attvalue") if a.get("for") == "weight"}
            pair = (e.get("source"), e.get("target"))
            self.assertEqual(spells, sorted(want[pair]))
            self.assertEqual(weights, want[pair])
            seen += 1
        self.assertEqual(seen, len(want))
        # the schema does refuse what GEXF does not allow
        bad = os.path.join(tmpdir(self), "bad.gexf")
        with open(path, encoding="utf-8") as f, open(bad, "w", encoding="utf-8") as out:
            out.write(f.read().replace('mode="dynamic"', 'mode="moving"', 1))
        r = subprocess.run([XMLLINT, "--noout", "--schema", XSD, bad], capture_output=True)
        self.assertNotEqual(r.returncode, 0)

    def test_json(self):
        doc = json.loads(self.sel.export(format="json", results=[self.pr]))
        self.assertEqual(doc["selection"]["factors"], "technology")
        node = next(n for n in doc["nodes"] if n["id"] == "CN-BJ")
        self.assertEqual(node["pagerank"], self.prd["CN-BJ"])
        self.assertEqual(len(doc["edges"]), len(self.sel.edges()))

    @unittest.skipIf(DOT is None, "Graphviz is not installed")
    def test_dot_one_edge_per_pair_lays_out(self):
        path = self.write("t.gv")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertEqual(text.count(" -> "), len(self.sel.edges()))
        r = subprocess.run([DOT, "-Tsvg", "-o", os.devnull, path], capture_output=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_clashing_column_refused(self):
        with self.assertRaises(libflow.InvalidArgument):
            self.sel.export(format="json", results=[self.pr, self.pr])


class WholeNetworkRoundTrip(unittest.TestCase):

    @needs_networkx
    def test_graphml_and_gexf12_back_into_libflow(self):
        with libflow.load(CHINA) as net:
            for fmt in ("graphml", "gexf12", "gexf"):
                path = os.path.join(tmpdir(self), "china." + ("gexf" if "gexf" in fmt else fmt))
                net.export(path, format=fmt)
                with libflow.load(path) as back:
                    self.assertEqual(list(back), list(net))
                    self.assertEqual(back.nodes, net.nodes, fmt)
                    self.assertEqual(back.groups.keys(), net.groups.keys())
                    a = net.flows().to_pandas().sort_values(["source", "target", "factor", "year"])
                    b = back.flows().to_pandas().sort_values(["source", "target", "factor", "year"])
                    self.assertEqual(a["weight"].tolist(), b["weight"].tolist(), fmt)
                    self.assertEqual({f.name: f.unit for f in back.factors},
                                     {f.name: f.unit for f in net.factors}, fmt)

    @needs_igraph
    def test_igraph_reads_whole_graphml(self):
        with libflow.load(CHINA) as net:
            path = os.path.join(tmpdir(self), "china.graphml")
            net.export(path)
            g = ig.Graph.Read_GraphML(path)
            self.assertEqual(g.vcount(), len(net))
            self.assertEqual(g.ecount(), len(net.flows()))
            self.assertEqual(g.vs.find(name="CN-BJ")["label"], "Beijing")
            self.assertEqual(set(g.es["factor"]), {f.name for f in net.factors})


class OtherToolsFiles(unittest.TestCase):

    @needs_networkx
    def test_networkx_graphml_and_gexf_load(self):
        g = nx.DiGraph()
        g.add_node("a", label="Alpha", population=12.5, region="north")
        g.add_node("b", label="Beta", population=3.0, region="south")
        g.add_node("c")
        g.add_edge("a", "b", weight=2.5)
        g.add_edge("b", "c", weight=0.125)
        g.add_edge("c", "a")  # weight 1 when none
        d = tmpdir(self)
        for name, write in (("g.graphml", nx.write_graphml), ("g.gexf", nx.write_gexf)):
            path = os.path.join(d, name)
            write(g, path)
            with libflow.load(path) as net:
                self.assertEqual(list(net), ["a", "b", "c"])
                self.assertEqual(net["a"].name, "Alpha")
                self.assertEqual(net["a"].attrs, {"population": 12.5, "region": "north"})
                self.assertEqual(net["c"].attrs, {})
                w = {(s, t): x for s, t, x in zip(net.flows()["source"], net.flows()["target"],
                                                   net.flows()["weight"])}
                self.assertEqual(w, {("a", "b"): 2.5, ("b", "c"): 0.125, ("c", "a"): 1.0})

    @needs_networkx
    def test_networkx_karate_ints(self):
        g = nx.karate_club_graph()
        net = libflow.from_networkx(g)
        self.addCleanup(net.close)
        back = net.to_networkx()
        self.assertEqual(list(back.nodes), list(g.nodes))  # ints stay ints
        self.assertEqual(net.node_key("0"), 0)
        sel = net.select(directed=False)
        self.addCleanup(sel.close)
        self.assertIn(33, sel.to_networkx().nodes)
        # to_networkx() writes as GraphML (no dicts in G.graph)
        nx.write_graphml(back, os.path.join(tmpdir(self), "k.graphml"))

    @needs_igraph
    def test_igraph_graphml_and_pajek_load(self):
        g = ig.Graph.Famous("Zachary")
        g.vs["name"] = ["v%d" % i for i in range(g.vcount())]
        g.es["weight"] = [1.0 + i for i in range(g.ecount())]
        d = tmpdir(self)
        gm = os.path.join(d, "z.graphml")
        g.write_graphml(gm)
        with libflow.load(gm) as net:
            self.assertEqual(list(net), g.vs["name"])
            self.assertEqual(sorted(net.flows()["weight"]), sorted(g.es["weight"]))
        pj = os.path.join(d, "z.net")
        g.write_pajek(pj)
        with libflow.load(pj) as net:
            self.assertEqual(len(net), g.vcount())
            self.assertEqual(sorted(net.flows()["weight"]), sorted(g.es["weight"]))

    def test_gephi_edge_table_and_mapping(self):
        d = tmpdir(self)
        path = os.path.join(d, "edges.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("Source,Target,Type,Id,Label,Weight\nA,B,Directed,0,,2.5\n"
                    "B,C,Directed,1,,1\n")
        with libflow.load(path) as net:
            self.assertEqual(list(net), ["A", "B", "C"])
            self.assertEqual(list(net.flows()["weight"]), [2.5, 1.0])
            self.assertEqual([f.name for f in net.factors], ["flow"])
        path = os.path.join(d, "mig.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("From;To;Persons\nX;Y;40\n")
        with libflow.load(path, columns={"source": "from", "target": "to", "weight": "persons"},
                          default_factor="migration", default_year=2020) as net:
            self.assertEqual(list(net.flows()["year"]), [2020])
            self.assertEqual(list(net.flows()["factor"]), ["migration"])
        with self.assertRaises(libflow.ParseError) as cm:
            libflow.load(path, columns={"source": "from", "target": "nope"})
        self.assertEqual((cm.exception.line, cm.exception.column), (1, 1))

    def test_missing_path_is_file_not_found(self):
        with self.assertRaises(FileNotFoundError):
            libflow.load(os.path.join(REPO, "data", "chna"))
        with self.assertRaises(libflow.NotFoundError):
            libflow.load(os.path.join(REPO, "data", "chna"))

    def test_from_pandas(self):
        import pandas as pd
        nodes = pd.DataFrame({"id": ["a", "b"], "name": ["Alpha", None], "gdp": [1.5, None]})
        flows = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "weight": [2.0, 3.0],
                              "factor": ["talent", "talent"], "year": [2020, None]})
        with libflow.from_pandas(nodes, flows) as net:
            self.assertEqual(net["a"].name, "Alpha")
            self.assertEqual(net["b"].name, "b")
            self.assertEqual(net["a"].attrs, {"gdp": 1.5})
            self.assertEqual(list(net.flows()["year"]), [2020, libflow.NO_YEAR])
        with self.assertRaises(libflow.NotFoundError):
            libflow.from_pandas(nodes, pd.DataFrame({"source": ["a"], "target": ["zz"],
                                                     "weight": [1.0]}))

    def test_network_iterable_and_subscriptable(self):
        with libflow.load(CHINA) as net:
            ids = list(net)
            self.assertEqual(len(ids), len(net))
            self.assertEqual(net["CN-BJ"].name, "Beijing")
            with self.assertRaises(KeyError):
                net["CN-XX"]


if __name__ == "__main__":
    unittest.main()

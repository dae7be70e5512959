"""Networks from Python: loading, building, reading, exporting, networkx."""

import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import libflow
from flowtest import CHINA, REPO, TestCase, needs_networkx, nx, shared, small, tmpdir, write


def read_csv_dataset(folder):
    """nodes.csv rows, {(source, target, factor, year): summed weight} and
    {group: [(member, role)]}, read with the csv module."""
    def rows(name):
        with open(os.path.join(folder, name), encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    flows = {}
    for r in rows("flows.csv"):
        key = (r["source"], r["target"], r["factor"], int(r["year"]) if r["year"] else None)
        flows[key] = flows.get(key, 0.0) + float(r["weight"])
    groups = {}
    for r in rows("groups.csv"):
        groups.setdefault(r["group"], []).append((r["member"], r.get("role") or None))
    return rows("nodes.csv"), flows, groups


def flow_rows(net):
    """net.flows() as (source, target, factor, weight, year or None) tuples."""
    return [(r["source"], r["target"], r["factor"], r["weight"],
             None if r["year"] == libflow.NO_YEAR else r["year"]) for r in net.flows()]


def flow_key(f):
    return (f[0], f[1], f[2], -1 if f[4] is None else f[4])


class TestLibrary(TestCase):
    def test_versions(self):
        self.assertEqual(libflow.library_version().split(".")[:2],
                         libflow.__version__.split(".")[:2])
        if os.environ.get("FLOW_VERSION"):  # CMake's project(VERSION)
            self.assertEqual(libflow.library_version(), os.environ["FLOW_VERSION"])
        if os.environ.get("LIBFLOW_LIBRARY"):
            self.assertEqual(libflow.library_path(), os.environ["LIBFLOW_LIBRARY"])

    def test_every_c_function_is_declared(self):
        """The declaration table covers every FLOW_API function of the headers."""
        import re
        from libflow import _ffi
        names = set()
        inc = os.path.join(REPO, "include", "libflow")
        if not os.path.isdir(inc):
            self.skipTest("headers not found")
        for h in os.listdir(inc):
            with open(os.path.join(inc, h), encoding="utf-8") as f:
                names.update(re.findall(r"FLOW_API[^;(]*?\b(flow_\w+)\s*\(", f.read()))
        self.assertGreater(len(names), 50)
        self.assertEqual(names - set(_ffi.DECLARED), set())

    def _run(self, code, env):
        full = dict(os.environ)
        full.update(env)
        full = {k: v for k, v in full.items() if v is not None}
        return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True,
                              text=True, timeout=60)

    def test_library_search_order(self):
        """LIBFLOW_LIBRARY (file or folder), then next to the package; a
        missing library or a wrong version fails the import clearly."""
        lib = os.environ.get("LIBFLOW_LIBRARY") or libflow.library_path()
        if not os.path.isfile(lib):
            self.skipTest("library file unknown")
        pkg_src = os.path.dirname(libflow.__file__)
        d = tmpdir(self)
        shutil.copytree(pkg_src, os.path.join(d, "libflow"),
                        ignore=shutil.ignore_patterns("__pycache__", "*.so*"))
        code = "import libflow; print(libflow.library_path())"
        # a folder in LIBFLOW_LIBRARY
        libdir = os.path.join(d, "lib")
        os.makedirs(libdir)
        shutil.copy(lib, os.path.join(libdir, "libflow.so"))
        r = self._run(code, {"PYTHONPATH": d, "LIBFLOW_LIBRARY": libdir})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), os.path.join(libdir, "libflow.so"))
        # a wrong LIBFLOW_LIBRARY is not silently replaced
        r = self._run(code, {"PYTHONPATH": d, "LIBFLOW_LIBRARY": os.path.join(d, "nope.so")})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("LIBFLOW_LIBRARY", r.stderr)
        self.assertIn("nope.so", r.stderr)
        # next to the package
        shutil.copy(lib, os.path.join(d, "libflow", "libflow.so"))
        r = self._run(code, {"PYTHONPATH": d, "LIBFLOW_LIBRARY": None})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), os.path.join(d, "libflow", "libflow.so"))
        # a package expecting another version refuses the library
        vfile = os.path.join(d, "libflow", "_version.py")
        with open(vfile, encoding="utf-8") as f:
            text = f.read()
        with open(vfile, "w", encoding="utf-8") as f:
            f.write(re.sub(r"EXPECTED_LIBRARY = \(\d+, \d+\)", "EXPECTED_LIBRARY = (7, 3)", text))
        r = self._run(code, {"PYTHONPATH": d, "LIBFLOW_LIBRARY": None})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("needs libflow 7.3.x", r.stderr)

    def test_strerror(self):
        self.assertEqual(libflow.strerror(-2), "out of memory")
        self.assertTrue(libflow.strerror(-5))


class TestLoad(TestCase):
    def test_china(self):
        """The loader against the csv module (the data set may be regenerated:
        counts come from its files)."""
        nodes, flows, groups = read_csv_dataset(CHINA)
        with libflow.load(CHINA) as net:
            self.assertEqual(len(net), 58)
            self.assertEqual([n.id for n in net.nodes], [r["id"] for r in nodes])
            # file order: flows.csv starts with capital rows
            self.assertEqual(sorted(f.name for f in net.factors), ["capital", "talent", "technology"])
            units = {f.name: f.unit for f in net.factors}
            self.assertEqual(units["talent"], "persons")
            self.assertEqual(len(net.groups), len(groups))
            self.assertIn("xinjiang-four-party", net.groups)
            self.assertEqual(net.groups, groups)
            got = {(s, t, f, y): w for s, t, f, w, y in flow_rows(net)}
            self.assertEqual(set(got), set(flows))
            for key, w in flows.items():
                self.assertClose(got[key], w, rel=1e-12)
            self.assertEqual({k[3] for k in got}, set(range(2016, 2023)))
            sz = net.node("CN-GD-SZ")
            self.assertEqual((sz.name, sz.kind, sz.parent), ("Shenzhen", "city", "CN-GD"))
            bj = net.node("CN-BJ")
            self.assertEqual(bj.attrs["name_zh"], "北京")
            self.assertIsInstance(bj.attrs["population"], float)
            self.assertNotIn("gdp", net.node("ZGC").attrs)  # missing value left out
            self.assertIn("CN-XJ", net)
            self.assertNotIn("CN-XX", net)
            self.assertEqual(net.attributes["gdp"], "number")
            self.assertEqual(net.attributes["macro_region"], "text")
            self.assertEqual(len(net.nodes), 58)
            self.assertIn("58 nodes", repr(net))
        self.assertIn("closed", repr(net))

    def test_lone_flows_file_and_pathlike(self):
        import pathlib
        d = tmpdir(self)
        p = write(d, "f.csv", "source,target,factor,weight,year\nX,Y,talent,2,2020\nY,X,talent,1,\n")
        with libflow.load(pathlib.Path(p)) as net:
            self.assertEqual([n.id for n in net.nodes], ["X", "Y"])
            self.assertEqual(net.node("X").kind, "unknown")
            self.assertEqual(flow_rows(net), [("X", "Y", "talent", 2.0, 2020),
                                              ("Y", "X", "talent", 1.0, None)])

    def test_provenance(self):
        caution = ("Caution: the flows in this data set are modelled, not observed; "
                   "do not quote them as statistics.")
        with libflow.load(CHINA) as net:
            self.assertEqual(net.provenance, {"readme": os.path.join(CHINA, "README.md"),
                                              "modelled": True, "caution": caution})
            self.assertEqual(net.table("provenance").column_names, ["readme", "modelled", "caution"])
        d = tmpdir(self)
        flows = write(d, "flows.csv", "source,target,factor,weight\nA,B,talent,1\n")
        with libflow.load(d) as net:  # no README
            self.assertEqual(net.provenance, {"readme": None, "modelled": False, "caution": None})
        write(d, "README.md", "---\nflows: observed\n---\n\nCounted, not modelled.\n")
        with libflow.load(flows) as net:  # the README beside a lone flows file
            self.assertEqual(net.provenance, {"readme": os.path.join(d, "README.md"),
                                              "modelled": False, "caution": None})
        with libflow.loads("source,target,factor,weight\nA,B,t,1\n") as net:
            self.assertEqual(net.provenance["readme"], None)
        with libflow.Network() as net:
            self.assertEqual(net.provenance, {"readme": None, "modelled": False, "caution": None})

    def test_loads(self):
        with libflow.loads("source,target,factor,weight\nA,B,t,1.5\nA,B,t,1\n") as net:
            self.assertEqual(flow_rows(net), [("A", "B", "t", 2.5, None)])
        with libflow.loads(b"source,target,factor,weight\nA,B,t,1\n") as net:
            self.assertEqual(len(net), 2)

    def test_parse_error_location(self):
        d = tmpdir(self)
        write(d, "nodes.csv", "id,name\nA,Alpha\nB,Beta\n")
        write(d, "flows.csv", "source,target,factor,weight\nA,B,talent,1\nB,A,talent,1,5\n")
        with self.assertRaises(libflow.ParseError) as cm:
            libflow.load(d)
        e = cm.exception
        self.assertEqual(e.code, -5)
        self.assertEqual(e.file, os.path.join(d, "flows.csv"))
        self.assertEqual((e.line, e.column), (3, 14))  # the fifth field
        self.assertIn("flows.csv:3:14:", str(e))
        self.assertIsInstance(e, ValueError)
        # a bad number: the column counts characters (UTF-8 code points)
        write(d, "flows.csv", "source,target,factor,weight\nA,B,人才,abc\n")
        with self.assertRaises(libflow.ParseError) as cm:
            libflow.load(d)
        self.assertEqual((cm.exception.line, cm.exception.column), (2, 8))
        self.assertIn("abc", cm.exception.message)

    def test_unknown_id_error(self):
        d = tmpdir(self)
        write(d, "nodes.csv", "id,name\nCN-SH,Shanghai\nCN-XJ,Xinjiang\n")
        write(d, "flows.csv", "source,target,factor,weight\nCN-SH,CN-XJJ,talent,1\n")
        with self.assertRaises(libflow.NotFoundError) as cm:
            libflow.load(d)
        e = cm.exception
        self.assertIsInstance(e, KeyError)
        self.assertEqual((os.path.basename(e.file), e.line, e.column), ("flows.csv", 2, 7))
        self.assertIn("did you mean 'CN-XJ'", str(e))

    def test_missing_path(self):
        with self.assertRaises(libflow.NotFoundError) as cm:
            libflow.load(os.path.join(tmpdir(self), "nothing"))
        self.assertIsNone(cm.exception.file)
        self.assertIsNone(cm.exception.line)


class TestBuild(TestCase):
    def test_builder(self):
        with small() as net:
            self.assertEqual(len(net), 5)
            self.assertEqual([n.id for n in net.nodes], list("ABCDE"))
            self.assertEqual(net.node("C"), libflow.Node("C", "Gamma", "city", "A", {}))
            self.assertEqual(net.node("E"), libflow.Node("E", "E", "unknown", None, {}))
            self.assertEqual(net.factors, [libflow.Factor("talent", "persons"),
                                           libflow.Factor("capital", None),
                                           libflow.Factor("technology", None)])
            self.assertEqual(net.groups, {"g1": [("A", "lead"), ("B", None)],
                                          "g2": [("C", None), ("D", None)]})
            net.add_flow("A", "B", "talent", 2.5, 2020)  # summed
            flows = flow_rows(net)
            self.assertEqual(flows[0], ("A", "B", "talent", 7.5, 2020))
            self.assertEqual(flows[-1], ("D", "A", "technology", 1.0, None))
            net.set_parent("E", "A")
            self.assertEqual(net.node("E").parent, "A")
            net.set_parent("E", None)
            self.assertIsNone(net.node("E").parent)
            net.add_factor("capital", "100M yuan")
            self.assertEqual(net.factors[1].unit, "100M yuan")

    def test_attributes(self):
        with small() as net:
            net.set_attr("A", "gdp", 12.5)
            net.set_attr("B", "gdp", 3)
            net.set_attr("A", "name_zh", "甲")
            self.assertEqual(net.node("A").attrs, {"gdp": 12.5, "name_zh": "甲"})
            self.assertEqual(net.node("B").attrs, {"gdp": 3.0})
            net.set_attr("A", "gdp", None)
            net.set_attr("A", "name_zh", None)
            net.set_attr("A", "never_set", None)  # nothing to clear
            self.assertEqual(net.node("A").attrs, {})
            self.assertEqual(net.attributes, {"gdp": "number", "name_zh": "text"})
            with self.assertRaises(libflow.InvalidArgument):
                net.set_attr("A", "gdp", "text into a number")
            with self.assertRaises(libflow.InvalidArgument):
                net.set_attr("A", "kind", "x")  # a node field
            with self.assertRaises(libflow.NotFoundError):
                net.set_attr("Z", "gdp", 1)
            with self.assertRaises(libflow.NotFoundError):
                net.set_attr("Z", "never_set", None)
            with self.assertRaises(TypeError):
                net.set_attr("A", "gdp", [1])

    def test_builder_errors_leave_network_unchanged(self):
        with small() as net:
            before = (net.nodes, flow_rows(net), net.groups, net.factors)
            cases = [
                (libflow.InvalidArgument, lambda: net.add_node("A")),
                (libflow.InvalidArgument, lambda: net.add_node("")),
                (libflow.NotFoundError, lambda: net.add_node("F", parent="Q")),
                (libflow.InvalidArgument, lambda: net.add_flow("A", "B", "talent", 0)),
                (libflow.InvalidArgument, lambda: net.add_flow("A", "B", "talent", math.inf)),
                (libflow.InvalidArgument, lambda: net.add_flow("A", "B", "talent", 1, 12000)),
                (libflow.NotFoundError, lambda: net.add_flow("A", "Q", "talent", 1)),
                (libflow.InvalidArgument, lambda: net.add_factor("talent", "yuan")),
                (libflow.InvalidArgument, lambda: net.add_member("g1", "A")),
                (libflow.NotFoundError, lambda: net.add_member("g1", "Q")),
                (libflow.InvalidArgument, lambda: net.set_parent("A", "C")),  # a cycle
                (libflow.NotFoundError, lambda: net.node("Q")),
            ]
            for cls, call in cases:
                with self.assertRaises(cls) as cm:
                    call()
                self.assertTrue(cm.exception.message)
            self.assertEqual((net.nodes, flow_rows(net), net.groups, net.factors), before)
            with self.assertRaises(TypeError):
                net.add_flow("A", "B", "talent", 1, year="2020")
            with self.assertRaises(TypeError):
                net.add_node(42)

    def test_unicode_round_trip(self):
        with libflow.Network() as net:
            net.add_node("北京", "Běijīng", "区域")
            net.add_node("上海")
            net.add_flow("北京", "上海", "人才", 1)
            self.assertEqual(net.node("北京").kind, "区域")
            self.assertEqual(net.flows()["factor"], ["人才"])
            pr = net.select().centrality("pagerank")
            self.assertEqual(set(pr["node"]), {"北京", "上海"})


class TestTables(TestCase):
    """Network.table(), Network.flows() and Selection.table(): the network's
    parts and a selection's graph read in bulk as libflow.table.Table."""

    def test_parts(self):
        with small() as net:
            net.set_attr("A", "gdp", 1.5)
            net.set_attr("B", "motto", "beta")
            nodes = net.table("nodes")
            self.assertEqual(nodes.name, "nodes")
            self.assertEqual(nodes.column_names, ["id", "name", "kind", "parent", "gdp", "motto"])
            self.assertEqual(nodes["id"], list("ABCDE"))
            self.assertEqual(nodes["parent"], [None, None, "A", "B", None])
            self.assertEqual(nodes.column_type("parent"), "node")
            self.assertEqual(nodes["gdp"][0], 1.5)
            self.assertTrue(all(math.isnan(v) for v in nodes["gdp"][1:]))
            self.assertEqual(nodes["motto"], [None, "beta", None, None, None])
            factors = net.table("factors")
            self.assertEqual(factors.rows(), [{"name": "talent", "unit": "persons", "kind": "flow"},
                                              {"name": "capital", "unit": None, "kind": "flow"},
                                              {"name": "technology", "unit": None,
                                               "kind": "flow"}])
            groups = net.table("groups")
            self.assertEqual(list(zip(groups["group"], groups["member"], groups["role"])),
                             [("g1", "A", "lead"), ("g1", "B", None), ("g2", "C", None),
                              ("g2", "D", None)])
            flows = net.flows()
            self.assertEqual(flows.column_names, ["source", "target", "factor", "weight", "year"])
            self.assertEqual(len(flows), 6)
            self.assertEqual(flows["source"], list("ABACBD"))
            self.assertEqual(flows["factor"][-1], "technology")
            self.assertEqual(list(flows["year"]), [2020, 2020, 2021, 2021, 2021, libflow.NO_YEAR])
            self.assertEqual(list(flows["weight"]), [5, 3, 2, 4, 1, 1])
            with self.assertRaises(libflow.NotFoundError) as cm:
                net.table("flow")
            self.assertIn("did you mean 'flows'", cm.exception.message)

    def test_numpy_and_pandas(self):
        try:
            import numpy as np
            import pandas  # noqa: F401 (to_pandas needs it)
        except ImportError:
            self.skipTest("numpy and pandas are needed")
        with small() as net:
            flows = net.flows()
            self.assertIsInstance(flows["weight"], np.ndarray)
            self.assertEqual(flows["weight"].dtype, np.float64)
            self.assertEqual(flows["year"].dtype, np.int64)
            self.assertFalse(flows["weight"].flags.writeable)
            df = flows.to_pandas()
            self.assertEqual(list(df.columns), ["source", "target", "factor", "weight", "year"])
            self.assertEqual(df["weight"].sum(), 16)
            self.assertEqual(df.groupby("factor")["weight"].sum().to_dict(),
                             {"capital": 6.0, "talent": 9.0, "technology": 1.0})
            self.assertEqual(list(df["target"]), list("BDCDCA"))

    def test_tables_are_snapshots_that_outlive_the_network(self):
        net = small()
        flows, nodes = net.flows(), net.table("nodes")
        net.add_node("F")
        net.add_flow("E", "F", "talent", 2)
        self.assertEqual((len(flows), len(nodes)), (6, 5))
        self.assertEqual(len(net.flows()), 7)
        self.assertEqual(net.flows()["target"][-1], "F")  # the id cache follows new nodes
        self.assertEqual(net.nodes[-1].id, "F")  # the nodes cache too
        net.close()
        self.assertEqual(flows["target"], list("BDCDCA"))
        self.assertEqual(nodes["name"], ["Alpha", "Beta", "Gamma", "Delta", "E"])

    def test_many_rows(self):
        """Text columns of many rows: a few distinct strings (decoded once
        each) and many (decoded cell by cell), with missing cells."""
        with libflow.Network() as net:
            for i in range(300):
                net.add_node("n%03d" % i, kind="k%d" % (i % 3))
                net.set_attr("n%03d" % i, "code", "C%d" % (i % 40))
                if i % 4:
                    net.set_attr("n%03d" % i, "label", "L%d" % (i % 5))
            for i in range(2000):
                net.add_flow("n%03d" % (i % 300), "n%03d" % (i * 7 % 300), "f%d" % (i % 5),
                             i + 1, 2000 + i % 3 if i % 9 else None)
            nodes = net.table("nodes")
            self.assertEqual(nodes["kind"], ["k%d" % (i % 3) for i in range(300)])
            self.assertEqual(nodes["label"], [("L%d" % (i % 5)) if i % 4 else None
                                              for i in range(300)])
            self.assertEqual(nodes["code"], ["C%d" % (i % 40) for i in range(300)])
            self.assertEqual(nodes["id"], ["n%03d" % i for i in range(300)])
            want = {}  # repeated keys are summed, in order of first row
            for i in range(2000):
                key = ("n%03d" % (i % 300), "n%03d" % (i * 7 % 300), "f%d" % (i % 5),
                       2000 + i % 3 if i % 9 else libflow.NO_YEAR)
                want[key] = want.get(key, 0.0) + i + 1
            got = [(r["source"], r["target"], r["factor"], r["year"], r["weight"])
                   for r in net.flows()]
            self.assertEqual(got, [k + (w,) for k, w in want.items()])

    def test_selection_table(self):
        with small() as net, net.select(level="region", directed=False) as sel:
            t = sel.table()
            self.assertEqual(t.name, "graph")
            self.assertEqual(t.column_names,
                             ["source", "target", "weight", "source_vertex", "target_vertex"])
            self.assertEqual(t.meta["directed"], "no")
            self.assertEqual(set(t.parts), {"vertices", "nodes"})
            v = t.parts["vertices"]
            # C rolls up to A, D to B; E stays itself
            self.assertEqual(v["node"], ["A", "B", "E"])
            self.assertEqual(sel.nodes, ["A", "B", "E"])
            self.assertEqual(t.parts["nodes"]["node"], list("ABCDE"))
            self.assertEqual(list(t.parts["nodes"]["vertex"]), [0, 1, 0, 1, 2])
            self.assertEqual(sel.vertex_of("C"), "A")
            # A-B: 5 (A->B) + 4 (C->D) + 1 (B->C) + 1 (D->A); internal: A->C in
            # A, B->D in B
            self.assertEqual(t.rows(), [{"source": "A", "target": "B", "weight": 11.0,
                                         "source_vertex": 0, "target_vertex": 1}])
            self.assertEqual(sel.internal(), {"A": 2.0, "B": 3.0, "E": 0.0})
            self.assertEqual(len(sel), 3)
            self.assertEqual(sel.edges(), [("A", "B", 11.0)])


class TestExport(TestCase):
    def test_export_string_formats(self):
        with small() as net:
            doc = json.loads(net.export_string("json"))
            self.assertEqual([n["id"] for n in doc["nodes"]], list("ABCDE"))
            self.assertEqual(len(doc["flows"]), 6)
            self.assertEqual(doc["factors"][0], {"name": "talent", "unit": "persons"})
            ET.fromstring(net.export_string("graphml"))
            ET.fromstring(net.export_string("GEXF"))
            self.assertTrue(net.export_string("dot").lstrip().startswith("digraph"))
            with self.assertRaises(libflow.NotFoundError):
                net.export_string("xml")

    def test_export_file(self):
        d = tmpdir(self)
        with small() as net:
            for fmt, ext in (("gexf", ".gexf"), ("graphml", ".graphml"), ("json", ".json"),
                             ("dot", ".gv")):
                path = os.path.join(d, "net" + ext)
                net.export(path)  # format from the extension
                with open(path, encoding="utf-8") as f:
                    self.assertEqual(f.read(), net.export_string(fmt))
            net.export(os.path.join(d, "x.txt"), format="json")
            with self.assertRaises(libflow.InvalidArgument):
                net.export(os.path.join(d, "x.txt"))
            with self.assertRaises(libflow.FlowIOError) as cm:
                net.export(os.path.join(d, "no", "such", "dir", "x.json"))
            self.assertIsInstance(cm.exception, OSError)

    def test_summary_dict_matches_table(self):
        with libflow.load(CHINA) as net, net.select(years=(2019, 2020)) as sel:
            js = sel.summary()
            t = sel.summary_table()
            self.assertEqual(t.name, "summary")
            self.assertEqual(len(t), 0)
            for k in ("nodes", "edges", "flows"):
                self.assertEqual(js[k], t.scalars[k])
            for k in ("density", "reciprocity", "weighted_reciprocity"):
                self.assertEqual(js[k], t.scalars[k])
            self.assertEqual(list(t.parts), ["kinds", "factors", "years"])
            self.assertEqual(js["kinds"], t.parts["kinds"].to_dict("nodes", "name"))
            self.assertEqual(js["factors"], t.parts["factors"].rows())
            self.assertEqual(js["years"], t.parts["years"].rows())  # no undated flow here
            self.assertEqual(t.meta["analysis"], "summary")
            self.assertEqual(t.meta["years"], "2019-2020")

    def test_summary(self):
        with libflow.load(CHINA) as net:
            s = net.summary()
            self.assertEqual((s["nodes"], s["flows"]), (58, len(net.flows())))
            self.assertEqual(sum(s["kinds"].values()), 58)
            self.assertEqual([f["name"] for f in s["factors"]], [f.name for f in net.factors])
            s2 = net.summary(factors="talent", years=2020)
            self.assertEqual([y["year"] for y in s2["years"]], [2020])
            self.assertEqual([f["name"] for f in s2["factors"]], ["talent"])
            with net.select(years=2020) as sel:
                text = sel.summary_text()
            self.assertIn("nodes", text)
            self.assertIn("talent", text)


@needs_networkx
class TestNetworkx(TestCase):
    def test_network_round_trip(self):
        with small() as net:
            net.set_attr("A", "gdp", 1.5)
            net.set_attr("B", "label", "b")
            g = net.to_networkx()
            self.assertIsInstance(g, nx.MultiDiGraph)
            self.assertEqual(g.number_of_nodes(), 5)
            self.assertEqual(g.number_of_edges(), 6)
            # groups: the node's group names joined by ';'
            a = dict(g.nodes["A"])
            self.assertEqual(a.pop("groups", None) in (None, "g1"), True)
            self.assertEqual(a, {"name": "Alpha", "kind": "region", "gdp": 1.5})
            self.assertEqual(g.nodes["C"]["parent"], "A")
            # G.graph holds JSON text, so that networkx.write_graphml() can write it
            self.assertEqual(json.loads(g.graph["factors"])["talent"], "persons")
            data = [d for _, _, d in g.edges("D", data=True)]
            self.assertEqual([{k: v for k, v in d.items() if k != "unit"} for d in data],
                             [{"factor": "technology", "weight": 1.0}])
            with libflow.from_networkx(g) as back:
                self.assertEqual(back.nodes, net.nodes)
                # networkx lists edges by source node, not in insertion order
                self.assertEqual(sorted(flow_rows(back), key=flow_key),
                                 sorted(flow_rows(net), key=flow_key))
                self.assertEqual(back.groups, net.groups)
                self.assertEqual(back.factors, net.factors)

    def test_china_round_trip(self):
        with libflow.load(CHINA) as net, libflow.from_networkx(net.to_networkx()) as back:
            self.assertEqual(back.nodes, net.nodes)
            self.assertEqual(sorted(flow_rows(back), key=flow_key),
                             sorted(flow_rows(net), key=flow_key))
            self.assertEqual(back.groups, net.groups)
            self.assertEqual(back.factors, net.factors)

    def test_from_plain_graph(self):
        g = nx.karate_club_graph()
        with libflow.from_networkx(g, factor="ties") as net:
            self.assertEqual(len(net), 34)
            self.assertEqual(len(net.flows()), 78)
            self.assertEqual(net.factors, [libflow.Factor("ties")])
            self.assertEqual(net.node("0").attrs["club"], "Mr. Hi")
            with net.select(directed=False) as sel:
                self.assertEqual(len(sel.edges()), 78)

    def test_selection_graph(self):
        with libflow.load(CHINA) as net, net.select(factors="talent", years=2020) as sel:
            g = sel.to_networkx()
            self.assertIsInstance(g, nx.DiGraph)
            self.assertEqual(g.number_of_nodes(), len(sel))
            self.assertEqual(g.number_of_edges(), len(sel.edges()))
            self.assertEqual(g.nodes["CN-SH"]["name"], "Shanghai")
            s, t, w = sel.edges()[0]
            self.assertEqual(g[s][t]["weight"], w)
        with libflow.load(CHINA) as net, net.select(directed=False, level="region") as sel:
            g = sel.to_networkx()
            self.assertFalse(g.is_directed())
            self.assertNotIn("CN-GD-SZ", g)  # rolled up into Guangdong
            self.assertIn("CN-GD", g)
        with small() as net, net.select(level="region") as sel:
            g = sel.to_networkx()
            self.assertEqual(sorted(g.nodes), ["A", "B", "E"])
            self.assertEqual(g.nodes["A"]["internal"], 2.0)  # A -> C
            self.assertEqual(g.nodes["B"]["internal"], 3.0)  # B -> D
            self.assertEqual(g["B"]["A"]["weight"], 2.0)     # B -> C, D -> A
            self.assertEqual(g["A"]["B"]["weight"], 9.0)     # A -> B, C -> D


class TestSharedData(TestCase):
    def test_florentine(self):
        with libflow.load(shared("florentine_families")) as net:
            self.assertEqual(len(net), 15)  # the marriage layer, without the Pucci
            with net.select(factors="marriage", directed=False) as sel:
                b = sel.centrality("betweenness", length="unit", normalized=True).to_dict()
                self.assertClose(b["Medici"], 0.521978021978022, rel=1e-9)  # 47.5 / 91
                ap = sel.articulation_points().to_dict()
                self.assertEqual(sorted(i for i in ap if ap[i]),
                                 ["Albizzi", "Guadagni", "Medici", "Salviati"])
                self.assertEqual(sorted(tuple(sorted((r["source"], r["target"])))
                                        for r in sel.bridges()),
                                 [("Acciaiuoli", "Medici"), ("Albizzi", "Ginori"),
                                  ("Guadagni", "Lamberteschi"), ("Medici", "Salviati"),
                                  ("Pazzi", "Salviati")])

"""libflow.table.Table, the one reader of every result: columns (numpy views
without a copy, lists without numpy), to_dict, to_pandas, rows, scalars,
meta, parts, the notebook HTML; checked against the C library read through
plain ctypes calls, and in an interpreter where numpy cannot be imported.
The name lists and docstrings read from the registry are checked here too."""

import ctypes
import gc
import inspect
import json
import os
import subprocess
import sys
import unittest

import libflow
import libflow.choices
import libflow.table
from flowtest import CHINA, TestCase, small

try:
    import numpy as np
except ImportError:  # pragma: no cover - Debian's python3 has numpy
    np = None
try:
    import pandas as pd
except ImportError:  # pragma: no cover
    pd = None

needs_numpy = unittest.skipIf(np is None, "numpy is not importable")
needs_pandas = unittest.skipIf(pd is None, "pandas is not importable")

FACTOR, YEAR = "technology", 2022
MEASURES = ("pagerank", "betweenness")


def raw_centrality(measure):
    """{node id: value} of a measure on data/china (technology, 2022),
    straight from the C library through ctypes, without the bindings'
    declarations: the reference the Tables are compared with."""
    c = ctypes.CDLL(libflow.library_path())
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    for name, res, args in [
            ("flow_io_load", ctypes.c_int, [ctypes.POINTER(vp), cp]),
            ("flow_network_free", None, [vp]),
            ("flow_network_node_id", cp, [vp, ctypes.c_size_t]),
            ("flow_selection_new", ctypes.c_int, [ctypes.POINTER(vp), vp]),
            ("flow_selection_free", None, [vp]),
            ("flow_selection_set_factors", ctypes.c_int,
             [vp, ctypes.POINTER(cp), ctypes.c_size_t]),
            ("flow_selection_set_years", ctypes.c_int, [vp, ctypes.c_int, ctypes.c_int]),
            ("flow_centrality_options_init", ctypes.c_int, [vp, ctypes.c_uint]),
            ("flow_registry_lookup", ctypes.c_int, [cp, cp]),
            ("flow_centrality_compute", ctypes.c_int, [ctypes.POINTER(vp), vp, ctypes.c_int, vp]),
            ("flow_table_row_count", ctypes.c_size_t, [vp]),
            ("flow_table_column_index", ctypes.c_int64, [vp, cp]),
            ("flow_table_ints", ctypes.POINTER(ctypes.c_int64), [vp, ctypes.c_size_t]),
            ("flow_table_doubles", ctypes.POINTER(ctypes.c_double), [vp, ctypes.c_size_t]),
            ("flow_table_free", None, [vp])]:
        getattr(c, name).restype = res
        getattr(c, name).argtypes = args
    net, sel, table = vp(), vp(), vp()
    opts = ctypes.create_string_buffer(256)  # larger than flow_centrality_options
    factors = (cp * 1)(FACTOR.encode())
    try:
        assert c.flow_io_load(ctypes.byref(net), CHINA.encode()) == 0
        assert c.flow_selection_new(ctypes.byref(sel), net) == 0
        assert c.flow_selection_set_factors(sel, factors, 1) == 0
        assert c.flow_selection_set_years(sel, YEAR, YEAR) == 0
        assert c.flow_centrality_options_init(opts, 1) == 0  # damping 0.85, length 1/weight
        m = c.flow_registry_lookup(b"centrality", measure.encode())
        assert c.flow_centrality_compute(ctypes.byref(table), sel, m, opts) == 0
        n = c.flow_table_row_count(table)
        nodes = c.flow_table_ints(table, c.flow_table_column_index(table, b"node"))
        values = c.flow_table_doubles(table, c.flow_table_column_index(table, measure.encode()))
        return {c.flow_network_node_id(net, nodes[i]).decode(): values[i] for i in range(n)}
    finally:
        c.flow_table_free(table)
        c.flow_selection_free(sel)
        c.flow_network_free(net)


class TestCentralityTables(TestCase):
    """Pagerank and betweenness as Tables: the C values, read without a
    copy into numpy, and into pandas."""

    @classmethod
    def setUpClass(cls):
        cls.net = libflow.load(CHINA)
        cls.sel = cls.net.select(factors=FACTOR, years=YEAR)
        cls.tables = {m: cls.sel.centrality(m) for m in MEASURES}
        cls.raw = {m: raw_centrality(m) for m in MEASURES}

    @classmethod
    def tearDownClass(cls):
        cls.sel.close()
        cls.net.close()

    def test_values_are_the_c_values(self):
        for m in MEASURES:
            t, raw = self.tables[m], self.raw[m]
            self.assertEqual(t.name, m)
            self.assertEqual(t.column_names, ["node", m])
            self.assertEqual(len(t), len(raw))
            self.assertEqual(len(t), len(self.sel))
            self.assertEqual(t["node"], list(raw))  # vertex order
            self.assertEqual(t.to_dict(), raw)      # exactly: the same doubles
            self.assertEqual(t.rows(), [{"node": k, m: v} for k, v in raw.items()])
        self.assertClose(sum(self.raw["pagerank"].values()), 1.0, rel=1e-9)
        self.assertGreater(max(self.raw["betweenness"].values()), 0)

    @needs_numpy
    def test_numpy_columns_view_the_c_table(self):
        for m in MEASURES:
            t = self.tables[m]
            arr = t.columns[m]
            self.assertIsInstance(arr, np.ndarray)
            self.assertEqual(arr.dtype, np.float64)
            self.assertIs(t[m], arr)  # read once
            self.assertEqual(arr.tolist(), list(self.raw[m].values()))
            # no copy: the array's data is the C column itself ...
            c = libflow._ffi.lib.flow_table_column_index(t._ptr, m)
            address = ctypes.cast(libflow._ffi.lib.flow_table_doubles(t._ptr, c),
                                  ctypes.c_void_p).value
            self.assertEqual(arr.__array_interface__["data"][0], address)
            self.assertFalse(arr.flags.owndata)
            # ... and its base chain ends in a ctypes buffer at that address,
            # which holds the owner of the C table
            base = arr
            while isinstance(base, np.ndarray):
                base = base.base
            self.assertIsInstance(base, ctypes.Array)
            self.assertEqual(ctypes.addressof(base), address)
            self.assertIs(base._owner, t._owner)
            # read-only: the library's memory is not to be written
            self.assertFalse(arr.flags.writeable)
            with self.assertRaises(ValueError):
                arr[0] = 1.0
            self.assertTrue(np.shares_memory(arr, t.columns[m]))
            self.assertIsInstance(t["node"], list)  # ids are Python strs

    @needs_numpy
    def test_a_view_keeps_its_table(self):
        with self.net.select(factors=FACTOR, years=YEAR) as sel:
            t = sel.centrality("pagerank")
        arr = t["pagerank"]
        owner = t._owner
        del t
        gc.collect()
        self.assertTrue(owner.ptr)  # the array keeps the C table alive
        self.assertEqual(arr.tolist(), list(self.raw["pagerank"].values()))

    @needs_pandas
    def test_pandas(self):
        for m in MEASURES:
            t = self.tables[m]
            df = t.to_pandas()
            self.assertEqual(list(df.columns), ["node", m])
            self.assertEqual(len(df), len(t))
            self.assertEqual(df["node"].tolist(), list(self.raw[m]))
            self.assertEqual(df[m].tolist(), list(self.raw[m].values()))
            self.assertEqual(df[m].dtype, np.float64)
            self.assertEqual(df.attrs["analysis"], m)
            self.assertEqual(df.attrs["factors"], FACTOR)
            self.assertEqual(df.attrs, dict(t.meta, **t.scalars))
            # the DataFrame owns its numbers: writing them leaves the Table alone
            df.loc[0, m] = -1.0
            self.assertEqual(t[m][0], list(self.raw[m].values())[0])
            top = df.sort_values(m, ascending=False)["node"].iloc[0]
            self.assertEqual(top, libflow.rank(t)[0])
        self.assertEqual(self.tables["pagerank"].to_pandas().attrs["damping"], "0.85")


class TestReader(TestCase):
    """One reader for every result: the same API on analyses with scalars
    and parts, on empty tables, on the network's and the registry's."""

    def test_every_reader_on_a_result_with_parts(self):
        with small() as net, net.select() as sel:
            cut = sel.min_cut("A", "D")
        self.assertEqual(len(cut), 3)
        self.assertEqual(cut.column_names, ["source", "target", "weight"])
        self.assertEqual([cut.column_type(c) for c in cut.column_names],
                         ["node", "node", "double"])
        self.assertIn("weight", cut)
        self.assertNotIn("value", cut)
        self.assertEqual(list(cut.columns), cut.column_names)
        self.assertEqual(cut.scalars, {"value": 6.0, "source_side": 3.0, "sink_side": 2.0})
        self.assertEqual(cut.meta["analysis"], "min_cut")
        self.assertEqual((cut.meta["sources"], cut.meta["sinks"]), ("A", "D"))
        self.assertEqual(set(cut.parts), {"nodes", "factor_edges"})
        nodes = cut.parts["nodes"]
        self.assertIsInstance(nodes, libflow.Table)
        self.assertEqual(nodes.to_dict(), {"A": 1, "B": 1, "C": 0, "D": 0, "E": 1})
        self.assertEqual(nodes.column_type("side"), "int")
        rows = list(cut)
        self.assertEqual(rows, cut.rows())
        self.assertEqual(sum(r["weight"] for r in rows), 6.0)
        self.assertTrue(all(type(r["weight"]) is float for r in rows))
        # a repeated key keeps its last row, as dict() does
        self.assertEqual(cut.to_dict("weight", key="source"),
                         {r["source"]: r["weight"] for r in rows})
        with self.assertRaises(ValueError):
            cut.to_dict()  # two value columns: name one
        with self.assertRaises(KeyError):
            cut["flow"]
        self.assertIn("min_cut: 3 rows", repr(cut))
        self.assertIn("value=6", repr(cut))

    def test_html(self):
        with libflow.Network() as net:
            net.add_node("a<b")
            net.add_node("c&d")
            net.add_flow("a<b", "c&d", "f", 2)
            for i in range(30):
                net.add_node("n%02d" % i)
                net.add_flow("n%02d" % i, "c&d", "f", 1 + i)
            with net.select() as sel:
                t = sel.centrality("in_strength")
                cut = sel.min_cut("a<b", "c&d")
        html = t._repr_html_()
        self.assertTrue(html.startswith("<table><caption>in_strength</caption>"))
        self.assertIn("<th>node</th><th>in_strength</th>", html)
        self.assertIn("<td>a&lt;b</td>", html)
        self.assertNotIn("a<b", html)
        self.assertEqual(html.count("<tr><td>"), 20)  # max_rows
        self.assertIn("... 12 more rows", html)
        self.assertIn("<td>c&amp;d</td><td>%s</td>" % 467.0, html)
        html = cut._repr_html_()
        self.assertIn("<p>value = 2.0", html)
        self.assertEqual(len(t._repr_html_(max_rows=100).split("<tr><td>")) - 1, 32)

    def test_empty_tables(self):
        with small() as net, net.select() as sel:
            none = sel.widest_path("A", "E")
        self.assertEqual(len(none), 0)
        self.assertEqual(none.rows(), [])
        self.assertEqual(none.to_dict(), {})
        self.assertEqual(list(none["weight_to_next"]), [])
        self.assertEqual(none["node"], [])
        self.assertIn("<tbody></tbody>", none._repr_html_())
        if pd is not None:
            df = none.to_pandas()
            self.assertEqual((len(df), list(df.columns)), (0, ["node", "weight_to_next"]))

    def test_network_and_registry_tables(self):
        with small() as net:
            flows = net.flows()
            self.assertIsInstance(flows, libflow.Table)
            self.assertEqual(flows.rows()[0], {"source": "A", "target": "B", "factor": "talent",
                                               "weight": 5.0, "year": 2020})
        families = libflow.registry()
        self.assertEqual(families.column_names, ["name", "summary"])
        self.assertEqual(families["name"][:8], ["centrality", "length", "path", "cluster",
                                                "compare", "kcore", "role", "format"])
        self.assertIn("layer", families["name"])
        for family in ("layer", "test", "null"):
            self.assertIn(family, families["name"])
        self.assertIn("input_format", families["name"])
        c = libflow.registry("centrality")
        self.assertEqual(c["name"], list(libflow.CENTRALITY_MEASURES))
        self.assertEqual(c.to_dict("value", key="name")["pagerank"],
                         libflow.choices.CENTRALITY.value("pagerank"))
        pagerank = [r for r in c.parts["parameters"] if r["entry"] == "pagerank"]
        self.assertEqual(pagerank[0]["name"], "damping")
        self.assertEqual(pagerank[0]["default"], "0.85")
        with self.assertRaises(libflow.NotFoundError) as cm:
            libflow.registry("centrallity")
        self.assertIn("did you mean 'centrality'", str(cm.exception))


# The script run where numpy cannot be imported: it reads tables every way
# and prints what it read as JSON.
NO_NUMPY = r"""
import json, sys
sys.modules["numpy"] = None  # "import numpy" now raises ImportError
import libflow, libflow.table
assert libflow.table._np is None
out = {}
with libflow.load(sys.argv[1]) as net, net.select(factors=sys.argv[2], years=int(sys.argv[3])) as sel:
    for m in ("pagerank", "betweenness"):
        t = sel.centrality(m)
        assert type(t.columns[m]) is list and type(t["node"]) is list, type(t.columns[m])
        assert all(type(v) is float for v in t[m])
        out[m] = {"columns": t.columns, "dict": t.to_dict(), "rows": list(t), "len": len(t),
                  "meta": t.meta, "html": t._repr_html_()}
    cut = sel.min_cut("CN-SH", "CN-XJ")
    nodes = cut.parts["nodes"]
    assert type(nodes["side"]) is list and all(type(v) is int for v in nodes["side"])
    out["cut"] = {"scalars": cut.scalars, "nodes": nodes.to_dict(), "rows": cut.rows(),
                  "parts": sorted(cut.parts)}
    out["flows"] = net.flows().rows()[:50]
    out["registry"] = libflow.registry("cluster").rows()
    out["membership"] = sel.clusters("leiden", seed=1).to_dict("cluster")
    try:
        cut.to_pandas()
        out["pandas"] = "no error"
    except ImportError as e:
        out["pandas"] = str(e)
print(json.dumps(out))
"""


class TestWithoutNumpy(TestCase):
    def test_tables_read_as_lists(self):
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        run = subprocess.run([sys.executable, "-c", NO_NUMPY, CHINA, FACTOR, str(YEAR)],
                             env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        got = json.loads(run.stdout)
        with libflow.load(CHINA) as net, net.select(factors=FACTOR, years=YEAR) as sel:
            for m in MEASURES:
                t = sel.centrality(m)
                raw = raw_centrality(m)
                self.assertEqual(got[m]["dict"], raw)
                self.assertEqual(got[m]["columns"], {"node": list(raw), m: list(raw.values())})
                self.assertEqual(got[m]["rows"], t.rows())
                self.assertEqual(got[m]["len"], len(t))
                self.assertEqual(got[m]["meta"], t.meta)
                self.assertEqual(got[m]["html"], t._repr_html_())
            cut = sel.min_cut("CN-SH", "CN-XJ")
            self.assertEqual(got["cut"]["scalars"], cut.scalars)
            self.assertEqual(got["cut"]["nodes"], cut.parts["nodes"].to_dict())
            self.assertEqual(got["cut"]["rows"], cut.rows())
            self.assertEqual(got["cut"]["parts"], sorted(cut.parts))
            self.assertEqual(got["flows"], net.flows().rows()[:50])
            self.assertEqual(got["membership"], sel.clusters("leiden", seed=1).to_dict("cluster"))
        self.assertEqual(got["registry"], libflow.registry("cluster").rows())
        self.assertIn("needs pandas", got["pandas"])


class TestRegistryNames(TestCase):
    """Name lists, name -> value mappings and docstring lists come from the
    library's registry."""

    def test_name_lists(self):
        for names, family in ((libflow.CENTRALITY_MEASURES, "centrality"),
                              (libflow.CLUSTER_METHODS, "cluster"),
                              (libflow.BROKERAGE_ROLES, "role"),
                              (libflow.EXPORT_FORMATS, "format")):
            t = libflow.registry(family)
            self.assertIsInstance(names, tuple)
            self.assertEqual(names, tuple(t["name"]))
        for choices in (libflow.choices.CENTRALITY, libflow.choices.LENGTH,
                        libflow.choices.PATH, libflow.choices.CLUSTER,
                        libflow.choices.COMPARE, libflow.choices.KCORE,
                        libflow.choices.ROLE, libflow.choices.FORMAT):
            t = libflow.registry(choices.family)
            for name, value in zip(t["name"], t["value"]):
                self.assertEqual(choices.value(name), value)
                self.assertEqual(libflow._ffi.lib.flow_registry_lookup(choices.family, name),
                                 value)
                self.assertEqual(choices.name(value), name)

    def test_docstrings_list_the_registry(self):
        sel = libflow.Selection
        for doc, choices in ((sel.centrality.__doc__, libflow.choices.CENTRALITY),
                             (sel.centrality.__doc__, libflow.choices.LENGTH),
                             (sel.centrality.__doc__, libflow.choices.PATH),
                             (sel.series.__doc__, libflow.choices.CENTRALITY),
                             (sel.edge_betweenness.__doc__, libflow.choices.LENGTH),
                             (sel.clusters.__doc__, libflow.choices.CLUSTER),
                             (sel.kcore.__doc__, libflow.choices.KCORE),
                             (sel.brokerage.__doc__, libflow.choices.ROLE),
                             (libflow.compare.__doc__, libflow.choices.COMPARE),
                             (libflow.Network.export.__doc__, libflow.choices.FORMAT)):
            if doc is None:
                self.skipTest("docstrings stripped (python -OO)")
            self.assertNotRegex(doc, r"(?m)^\s*\{\w+\}\s*$")  # placeholders filled
            text = " ".join(doc.split())
            for name, summary in zip(choices.names, libflow.registry(choices.family)["summary"]):
                self.assertIn("%s %s" % (name, " ".join(summary.split())), text)
        self.assertIn("damping=0.85", " ".join(sel.centrality.__doc__.split()))

    def test_docstrings_need_no_c_headers(self):
        """A pip user has no include/ folder: docstrings state the
        conventions instead of pointing there."""
        import libflow.network
        import libflow.selection
        for module in (libflow, libflow.choices, libflow.network, libflow.selection,
                       libflow.table, libflow.results, libflow.errors):
            for name, obj in [(module.__name__, module)] + inspect.getmembers(module):
                docs = [getattr(obj, "__doc__", None)]
                if inspect.isclass(obj) and obj.__module__ == module.__name__:
                    docs += [getattr(f, "__doc__", None) for _, f in inspect.getmembers(obj)]
                for doc in docs:
                    if isinstance(doc, str):
                        self.assertNotIn("include/", doc, name)
                        self.assertNotRegex(doc, r"\b\w+\.h\b", name)


if __name__ == "__main__":
    unittest.main()

"""Values passed to C are checked, never cut short (libflow._ffi's checked
conversion): an int outside the C type's range raises OverflowError, a
text or path with a NUL raises ValueError, a value of the wrong type
raises TypeError; each names the argument, and nothing is changed."""

import os

import libflow
from libflow import _ffi
from flowtest import CHINA, TestCase, small


class TestIntegers(TestCase):
    def test_year_out_of_range(self):
        with small() as net:
            before = len(net.flows())
            for year in (2**40, 2**31, -2**31 - 1, 2**64 + 2020):
                with self.assertRaises(OverflowError) as cm:
                    net.add_flow("A", "B", "talent", 1.0, year=year)
                self.assertIn("year", str(cm.exception))
                self.assertIn(str(year), str(cm.exception))
            self.assertEqual(len(net.flows()), before)  # nothing stored (was year 0)
            with self.assertRaises(libflow.InvalidArgument):
                net.add_flow("A", "B", "talent", 1.0, year=2**31 - 1)  # fits: C judges it
            self.assertEqual(len(net.flows()), before)

    def test_selection_years_out_of_range(self):
        with small() as net:
            for years in (2**32 + 2020, (2020, 2**32 + 2021), (-2**40, 2021)):
                with self.assertRaises(OverflowError) as cm:
                    net.select(years=years)  # was: the low 32 bits, year 2020
                self.assertRegex(str(cm.exception), "first|last")
            with net.select(years=2020) as sel:
                self.assertEqual(sel.summary()["flows"], 2)

    def test_options_out_of_range(self):
        with small() as net, net.select() as sel:
            cases = [(lambda: sel.significance("modularity", samples=2**32 + 5), "samples"),
                     (lambda: sel.clusters("walktrap", steps=2**32 + 4), "steps"),
                     (lambda: sel.track(trials=2**40), "trials"),
                     (lambda: sel.report(max_edges=-1), "max_edges"),
                     (lambda: sel.draw(top_labels=2**64), "top_labels"),
                     (lambda: sel.partition({n: 2**63 for n in "ABCDE"}), "membership")]
            for run, name in cases:
                with self.assertRaises((OverflowError, libflow.InvalidArgument),
                                       msg=name) as cm:
                    run()
                self.assertIn(name, str(cm.exception))

    def test_huge_int_as_double(self):
        with small() as net:
            with self.assertRaises(OverflowError) as cm:
                net.add_flow("A", "B", "talent", 10**400)
            self.assertIn("weight", str(cm.exception))
            net.add_flow("A", "B", "talent", 2**60)  # an int that fits a double is a weight


class TestText(TestCase):
    def test_node_ids_with_nul(self):
        with small() as net:
            n = len(net)
            for call, name in ((lambda: net.add_node("F\x00G"), "id"),
                               (lambda: net.add_node("F", name="x\x00y"), "name"),
                               (lambda: net.add_flow("A", "B\x00junk", "talent", 1), "target"),
                               (lambda: net.add_member("g\x001", "A"), "group"),
                               (lambda: net.set_attr("A", "gdp", "1\x002"), "value"),
                               (lambda: net.node("A\x00"), "id")):
                with self.assertRaises(ValueError) as cm:
                    call()  # was: "F" created, "B" used, ...
                self.assertIn(name, str(cm.exception))
                self.assertIn("NUL", str(cm.exception))
            self.assertEqual(len(net), n)
            self.assertNotIn("F", net)
            self.assertFalse("A\x00" in net)

    def test_lists_with_nul(self):
        with small() as net:
            with self.assertRaises(ValueError):
                net.select(factors=["talent\x00capital"])
            with net.select() as sel:
                with self.assertRaises(ValueError):
                    sel.min_cut(["A\x00"], ["D"])
                with self.assertRaises(ValueError):
                    sel.centrality("pagerank", personalization=["A\x00B"])
                with self.assertRaises(ValueError):
                    sel.report(title="t\x00")
                with self.assertRaises(TypeError):
                    sel.min_cut([None], ["D"])

    def test_paths_with_nul(self):
        bad = os.path.join(CHINA, "flows.csv") + "\x00junk"
        with self.assertRaises(ValueError) as cm:
            libflow.load(CHINA + "\x00junk")  # was: loads data/china
        self.assertIn("path", str(cm.exception))
        with self.assertRaises(ValueError):
            libflow.load(bad)
        with small() as net:
            with self.assertRaises(ValueError):
                net.export(os.path.join(os.environ.get("FLOW_TEST_TMPDIR", "/tmp"),
                                        "x.json\x00.gexf"))
            with self.assertRaises(ValueError):
                net.select(with_flows=[bad])
            with net.select() as sel, self.assertRaises(ValueError):
                sel.gravity(distance="d.csv\x00x")


class TestTypes(TestCase):
    def test_loads_takes_text_or_bytes(self):
        for bad in (5, None, 2.0, ["x"]):
            with self.assertRaises(TypeError):
                libflow.loads(bad)  # 5 was five NUL bytes
        net = libflow.loads(bytearray(b"source,target,factor,weight\nA,B,f,2\n"))
        self.assertEqual(len(net), 2)
        net.close()

    def test_wrong_types(self):
        with small() as net:
            for call in (lambda: net.add_flow("A", "B", "talent", "3"),
                         lambda: net.add_flow("A", "B", "talent", 1, year=2020.0),
                         lambda: net.add_node(42),
                         lambda: net.add_node(b"x", name=3.5),
                         lambda: net.select(years=(2020.5, None))):
                with self.assertRaises(TypeError):
                    call()
            with net.select() as sel:
                for call in (lambda: sel.centrality("pagerank", damping="0.85"),
                             lambda: sel.backbone(alpha="0.05"),
                             lambda: sel.modularity({n: 0 for n in "ABCDE"}, resolution=None),
                             lambda: sel.significance("modularity", samples=10.0),
                             lambda: sel.report(seed=1.5)):
                    with self.assertRaises(TypeError):
                        call()

    def test_messages_name_the_c_argument(self):
        with self.assertRaises(OverflowError) as cm:
            _ffi.lib.flow_strerror(2**40)
        self.assertIn("flow_strerror: code", str(cm.exception))
        with self.assertRaises(TypeError) as cm:
            _ffi.lib.flow_registry_lookup(1, "x")
        self.assertIn("family", str(cm.exception))

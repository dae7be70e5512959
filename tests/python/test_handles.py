"""Handle lifetimes: close() in any order, context managers, finalizers."""

import gc
import itertools
import weakref

import libflow
from flowtest import CHINA, TestCase, small


class TestHandles(TestCase):
    def test_close_is_idempotent(self):
        net = small()
        sel = net.select()
        for h in (sel, net):
            self.assertFalse(h.closed)
            h.close()
            h.close()
            self.assertTrue(h.closed)

    def test_close_in_any_order(self):
        """Every order of closing network and two selections leaves the
        survivors usable, and a partition Table outlives them all."""
        for order in itertools.permutations(range(3)):
            net = small()
            a = net.select()
            b = net.select(factors="talent", directed=False)
            part = a.clusters("walktrap")
            handles = [net, a, b]
            ref = part.to_dict("cluster")
            for i in order:
                handles[i].close()
                if not a.closed:
                    self.assertEqual(len(a.centrality("pagerank")), 5)
                    self.assertEqual(a.clusters("walktrap").to_dict("cluster"), ref)
                    self.assertEqual(libflow.compare(part, a.clusters("walktrap")), 1.0)
                if not b.closed:
                    self.assertEqual(len(b.edges()), 3)
                    self.assertEqual(b.summary()["nodes"], 5)
                    self.assertEqual(b.min_cut("A", "D").scalars["source_side"], 4)
            self.assertTrue(all(h.closed for h in handles))
            self.assertEqual(part.to_dict("cluster"), ref)
            self.assertEqual(libflow.compare(part, part), 1.0)

    def test_selection_outlives_network_object(self):
        net = libflow.load(CHINA)
        sel = net.select(factors="technology", years=2020)
        net.close()
        # the C network lives on while the selection holds its reference
        self.assertEqual(len(sel), 58)
        self.assertEqual(sel.vertex_of("CN-SH"), "CN-SH")
        self.assertTrue(all(r["factor"] == "technology" for r in sel.backbone()))
        self.assertEqual(sel.summary()["factors"][0]["name"], "technology")
        with self.assertRaises(libflow.MisuseError):
            net.select()  # the Python object is closed
        sel.close()

    def test_context_managers(self):
        with small() as net:
            with net.select() as sel:
                self.assertEqual(len(sel), 5)
            self.assertTrue(sel.closed)
            self.assertFalse(net.closed)
        self.assertTrue(net.closed)
        with self.assertRaises(ValueError):
            with small() as net2:
                raise ValueError("propagates")
        self.assertTrue(net2.closed)

    def test_closed_handles_raise(self):
        net = small()
        sel = net.select()
        sel.close()
        for call in (lambda: sel.centrality("pagerank"), lambda: len(sel), lambda: sel.nodes,
                     lambda: sel.set_progress(None), lambda: sel.to_networkx()):
            with self.assertRaises(libflow.MisuseError) as cm:
                call()
            self.assertIn("selection is closed", str(cm.exception))
        net.close()
        for call in (lambda: len(net), lambda: net.add_node("Z"), lambda: net.flows(),
                     lambda: net.export_string("json"), lambda: net.select()):
            with self.assertRaises(libflow.MisuseError):
                call()
        self.assertIn("closed", repr(net))
        self.assertIn("closed", repr(sel))

    def test_finalizers_free_without_close(self):
        net = small()
        sel = net.select()
        part = sel.clusters()
        fins = [net._finalizer, sel._finalizer]
        refs = [weakref.ref(x) for x in (net, sel, part)]
        del net, sel, part
        gc.collect()
        self.assertTrue(all(r() is None for r in refs))
        self.assertTrue(all(not f.alive for f in fins))

    def test_selection_keeps_network_object_alive(self):
        net = small()
        r = weakref.ref(net)
        sel = net.select()
        del net
        gc.collect()
        self.assertIsNotNone(r())
        self.assertIs(sel.network, r())
        sel.close()

    def test_results_are_plain_data(self):
        with small() as net, net.select() as sel:
            pr = sel.centrality("pagerank")
            cut = sel.min_cut("A", "D")
            path = sel.widest_path("A", "D")
            edges = sel.edge_betweenness()
            weights = cut["weight"]
        # usable after every handle is closed: tables hold the network
        self.assertIsInstance(pr, libflow.table.Table)
        self.assertClose(sum(pr["pagerank"]), 1.0)
        self.assertEqual(list(pr["node"]), ["A", "B", "C", "D", "E"])
        self.assertEqual(cut.scalars["value"], 6.0)
        self.assertEqual(path["node"], ["A", "B", "D"])
        self.assertEqual(len(edges), 6)
        self.assertEqual(edges.rows()[0]["source"], edges["source"][0])
        del cut  # an array viewing the C table keeps it alive
        gc.collect()
        self.assertClose(sum(weights), 6.0)

    def test_many_handles(self):
        """No growth or crash over many create/close cycles."""
        with libflow.load(CHINA) as net:
            for i in range(200):
                with net.select(factors="capital", years=2016 + i % 7) as sel:
                    sel.centrality("pagerank")
                    sel.clusters("label_propagation", trials=1, seed=i)
                    sel.min_cut("CN-SH", "CN-BJ")

"""Handle lifetimes: close() in any order, context managers, finalizers."""

import gc
import itertools
import textwrap
import weakref

import libflow
from flowtest import CHINA, TestCase, run_python, small


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


# A network whose betweenness takes a few seconds (a progress report per
# source vertex): long enough for another thread to act during it.
_PRELUDE = """
import gc, sys, threading, weakref
import libflow
from flowtest import random_flows
net = libflow.loads(random_flows(600, 6000, seed=3))
def check(cond, what):
    if not cond:
        print("FAILED:", what)
        sys.exit(1)
"""


class TestHandlesAcrossThreads(TestCase):
    """Closing or changing a handle from one thread while another uses it
    (run in a fresh interpreter each: the bug they guard against crashed
    it). Each scenario is sequenced by events, not by timing: the analysis
    waits inside its progress callback while the other thread acts."""

    def run_script(self, body):
        rc, out, err = run_python(self, _PRELUDE + textwrap.dedent(body))
        self.assertEqual(rc, 0, "exit %d\n%s%s" % (rc, out, err))
        self.assertIn("ok", out)
        self.assertNotIn("Exception ignored", err)
        return out

    def test_close_during_an_analysis(self):
        self.run_script("""
            ref = net.select()
            expected = ref.centrality("degree").to_dict()
            sel = net.select()
            inside, closed = threading.Event(), threading.Event()
            got = {}
            def cb(percent, message):
                if not inside.is_set():
                    inside.set()
                    got["close_returned"] = closed.wait(20)
            sel.set_progress(cb)
            def work():
                got["table"] = sel.centrality("betweenness")
            t = threading.Thread(target=work)
            t.start()
            check(inside.wait(60), "the call started")
            sel.close()               # another thread is inside C with it
            closed.set()
            check(sel.closed, "closed at once")
            t.join()
            check(got.get("close_returned"), "close() returned while the analysis ran")
            table = got["table"]
            check(list(table["node"]) == list(expected), "the analysis completed")
            check(sel._state.ptr is None, "the last user freed the selection")
            try:
                sel.centrality("degree")
                check(False, "a closed selection refuses calls")
            except libflow.MisuseError:
                pass
            print("ok")
        """)

    def test_one_selection_one_thread_in_c(self):
        # The C rule (libflow/common.h): a selection is used by one thread at
        # a time, since it builds and caches its graph. A second thread's
        # call on a selection another thread is analysing must wait until
        # that call returns: two threads in C with one selection rebuilt its
        # graph under the other (a crash of tests/python/test_stress.py).
        # The first analysis waits inside its progress callback until the
        # second thread's call reaches C, or 2 s: with the rule kept, it
        # never does, and reaches C only after the first call returned.
        self.run_script("""
            from libflow import selection as selmod
            sel = net.select()
            inside, b_started, b_in_c = threading.Event(), threading.Event(), threading.Event()
            a_in_c = [False]
            overlap = []
            real_a = selmod.lib.flow_centrality_compute
            real_b = selmod.lib.flow_summary_compute
            def centrality_in_c(*args):
                a_in_c[0] = True
                try:
                    return real_a(*args)
                finally:
                    a_in_c[0] = False
            def summary_in_c(*args):
                overlap.append(a_in_c[0])
                b_in_c.set()
                return real_b(*args)
            for w, r in ((centrality_in_c, real_a), (summary_in_c, real_b)):
                w.argtypes = r.argtypes  # what the bindings read of a C function
            selmod.lib.flow_centrality_compute = centrality_in_c
            selmod.lib.flow_summary_compute = summary_in_c
            def cb(percent, message):
                if not inside.is_set():
                    inside.set()
                    b_started.wait(20)
                    b_in_c.wait(2)
            sel.set_progress(cb)
            got = {}
            def a():
                got["a"] = sel.centrality("betweenness")
            def b():
                b_started.set()
                got["b"] = sel.summary()
            ta = threading.Thread(target=a)
            ta.start()
            check(inside.wait(60), "the first analysis started")
            tb = threading.Thread(target=b)
            tb.start()
            ta.join()
            tb.join()
            check(overlap == [False], "the second call reached C while the first ran: %r" % overlap)
            check(got["b"]["nodes"] == len(got["a"]), "both calls completed")
            print("ok")
        """)

    def test_set_progress_during_an_analysis(self):
        # The callback is swapped twice while the analysis runs, the second
        # time while C is inside the first replacement: that one is dropped
        # by the bindings while C still executes it.
        self.run_script("""
            sel = net.select()
            inside_a, inside_b, swapped = threading.Event(), threading.Event(), threading.Event()
            c_calls = []
            def b(percent, message):
                if not inside_b.is_set():
                    inside_b.set()
                    swapped.wait(20)
            sel.set_progress(lambda p, m: inside_a.set())
            got = {}
            t = threading.Thread(target=lambda: got.update(t=sel.centrality("betweenness")))
            t.start()
            check(inside_a.wait(60), "the analysis started")
            sel.set_progress(b)
            b_ref = weakref.ref(b)
            del b
            check(inside_b.wait(60), "the running analysis reports to the new callback")
            sel.set_progress(lambda p, m: c_calls.append(p))
            gc.collect()
            swapped.set()
            t.join()
            check(len(got["t"]) == len(sel), "the analysis completed")
            gc.collect()
            check(b_ref() is None, "the replaced callback is released")
            check(c_calls and c_calls[-1] == 100.0, "the last callback has the reports")
            sel.set_progress(None)
            sel.centrality("degree")
            print("ok")
        """)

    def test_network_close_during_a_read(self):
        self.run_script("""
            from libflow import _ffi
            events = []
            real_free, real_table = _ffi.lib.flow_network_free, _ffi.lib.flow_network_table
            def free(p):
                events.append("free")
                real_free(p)
            _ffi.lib.flow_network_free = free
            net2 = libflow.loads(random_flows(50, 400, seed=5))
            expected = len(net2.flows())
            inside, closed = threading.Event(), threading.Event()
            def table(*args):  # the C call, held until close() has run
                inside.set()
                closed.wait(20)
                events.append("read")
                return real_table(*args)
            table.argtypes = real_table.argtypes
            _ffi.lib.flow_network_table = table
            got = {}
            t = threading.Thread(target=lambda: got.update(f=net2.flows()))
            t.start()
            check(inside.wait(60), "the call started")
            net2.close()
            closed.set()
            t.join()
            check(events == ["read", "free"], "freed after the read: %s" % events)
            check(len(got["f"]) == expected, "the flows were read")
            print("ok")
        """)

    def test_exit_with_a_daemon_thread_inside_an_analysis(self):
        # The interpreter exits while a daemon thread is inside betweenness
        # (in a slow progress callback): the finalizers must not free its
        # selection (which also waited for the analysis to end), and the
        # analysis stops at its next progress report.
        self.run_script("""
            import time
            sel = net.select()
            inside = threading.Event()
            def slow(percent, message):
                if inside.is_set():
                    time.sleep(1)  # 600 reports: 10 minutes to the end
                inside.set()
            sel.set_progress(slow)
            t = threading.Thread(target=lambda: sel.centrality("betweenness"), daemon=True)
            t.start()
            check(inside.wait(60), "the call started")
            print("ok")
        """)

    def test_analyses_of_exit_handlers_run_to_their_end(self):
        # Only daemon threads' analyses are stopped at exit, not those an
        # atexit handler of the application runs (registered before the
        # bindings' own exit hook, so it runs after it).
        rc, out, err = run_python(self, textwrap.dedent("""
            import atexit
            import libflow
            from flowtest import random_flows
            def at_exit():
                with libflow.loads(random_flows(200, 2000, seed=1)) as n, n.select() as s:
                    calls = []
                    s.set_progress(lambda p, m: calls.append(p))
                    t = s.centrality("betweenness")
                    print("ok" if len(t) == len(s) and calls[-1] == 100.0 else "stopped")
            atexit.register(at_exit)
            libflow.loads(random_flows(10, 20, seed=1)).close()
        """))
        self.assertEqual((rc, out.strip()), (0, "ok"), err)

    def test_selection_keeps_the_network_usable(self):
        # net.close() while selections are made and analysed in other threads
        self.run_script("""
            errors = []
            sels = []
            barrier = threading.Barrier(5)
            def work(i):
                barrier.wait()
                try:
                    s = net.select()
                    sels.append(s)
                    s.centrality("degree")
                except libflow.MisuseError:
                    pass  # the network was closed first
                except BaseException as e:
                    errors.append(e)
            ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
            for t in ts:
                t.start()
            barrier.wait()
            net.close()
            for t in ts:
                t.join()
            check(not errors, errors)
            for s in sels:
                check(len(s.centrality("degree")) > 500, "a selection outlives net.close()")
                s.close()
            print("ok")
        """)

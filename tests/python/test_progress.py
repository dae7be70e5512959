"""Progress callbacks: reporting, interruption, exceptions that must not
unwind through C, and re-entrancy (no libflow call, and no deadlock from a
finalizer, inside a callback)."""

import gc
import os
import subprocess
import sys
import textwrap

import libflow
from flowtest import CHINA, TestCase


class TestProgress(TestCase):
    def setUp(self):
        super().setUp()
        self.net = libflow.load(CHINA)
        self.sel = self.net.select(years=2020)
        self.addCleanup(self.net.close)
        self.addCleanup(self.sel.close)

    def test_reports(self):
        calls = []
        self.sel.set_progress(lambda p, m: calls.append((p, m)))
        ref = self.sel.centrality("betweenness").to_dict()
        self.assertGreater(len(calls), 50)  # once per source vertex
        self.assertTrue(all(0 <= p <= 100 for p, _ in calls))
        self.assertTrue(all(m is None or isinstance(m, str) for _, m in calls))
        self.assertEqual(calls[-1][0], 100.0)
        for run in (lambda: self.sel.clusters("leiden"), lambda: self.sel.critical_nodes(),
                    lambda: self.sel.series("in_strength"), lambda: self.sel.backbone(),
                    lambda: self.sel.brokerage("yangtze-river-delta"),
                    lambda: self.sel.edge_betweenness()):
            calls.clear()
            run()
            self.assertTrue(calls)
        self.sel.set_progress(None)
        calls.clear()
        self.assertEqual(self.sel.centrality("betweenness").to_dict(), ref)
        self.assertEqual(calls, [])
        with self.assertRaises(TypeError):
            self.sel.set_progress(42)

    def test_stop(self):
        seen = []

        def stop_at_half(percent, message):
            seen.append(percent)
            return percent >= 50

        self.sel.set_progress(stop_at_half)
        with self.assertRaises(libflow.Interrupted) as cm:
            self.sel.centrality("betweenness")
        self.assertEqual(cm.exception.code, -9)
        self.assertIn("interrupted", str(cm.exception))
        self.assertGreaterEqual(seen[-1], 50)
        self.assertLess(seen[-1], 100)
        for run in (lambda: self.sel.clusters("infomap"), lambda: self.sel.critical_edges(),
                    lambda: self.sel.series("pagerank"), lambda: self.sel.centrality("closeness")):
            with self.assertRaises(libflow.Interrupted):
                run()
        # the selection still works once the callback lets it
        self.sel.set_progress(lambda p, m: False)
        self.assertEqual(len(self.sel.centrality("betweenness")), len(self.sel))
        self.sel.set_progress(lambda p, m: None)  # None means go on
        self.assertEqual(len(self.sel.clusters()), len(self.sel))

    def test_exception_in_callback_is_reraised(self):
        class Boom(Exception):
            pass

        calls = []

        def boom(percent, message):
            calls.append(percent)
            if len(calls) == 3:
                raise Boom("from the callback")

        self.sel.set_progress(boom)
        with self.assertRaises(Boom) as cm:
            self.sel.centrality("betweenness")
        self.assertIsInstance(cm.exception.__cause__, libflow.Interrupted)
        self.assertEqual(len(calls), 3)  # stopped at once
        calls.clear()
        with self.assertRaises(Boom):
            self.sel.clusters("leiden")
        # a KeyboardInterrupt (Ctrl-C) inside the callback stops the analysis too
        self.sel.set_progress(lambda p, m: (_ for _ in ()).throw(KeyboardInterrupt()))
        with self.assertRaises(KeyboardInterrupt):
            self.sel.critical_nodes()
        # an exception at the only report of a one-shot measure
        self.sel.set_progress(lambda p, m: 1 / 0)
        with self.assertRaises(ZeroDivisionError):
            self.sel.centrality("pagerank")

    def test_no_libflow_calls_inside_a_callback(self):
        other = self.net.select(factors="talent")
        self.addCleanup(other.close)

        def reenter(percent, message):
            other.centrality("pagerank")  # would wait for the lock this thread holds

        self.sel.set_progress(reenter)
        with self.assertRaises(libflow.MisuseError) as cm:
            self.sel.centrality("betweenness")
        self.assertIn("progress callback", str(cm.exception))
        self.assertIsInstance(cm.exception, RuntimeError)
        self.sel.set_progress(lambda p, m: libflow.rank([1.0]))
        with self.assertRaises(libflow.MisuseError):
            self.sel.centrality("pagerank")

    def test_frees_inside_a_callback_are_deferred(self):
        # Freeing a built selection takes the library's lock, which the
        # analysing thread holds while it runs the callback: a finalizer run
        # there must wait. Run in a subprocess so that a deadlock fails the
        # test by timeout instead of hanging the suite.
        code = textwrap.dedent("""
            import gc, libflow
            from libflow import _handle
            net = libflow.load(%r)
            sel = net.select(years=2020)
            doomed = [net.select(factors="talent") for _ in range(3)]
            for d in doomed:
                d.build()
            del d
            state = {}
            def cb(percent, message):
                if percent > 10 and doomed:  # inside igraph's run, under the lock
                    doomed.clear()          # last references: finalizers run now
                    gc.collect()
                    state["deferred"] = len(_handle._deferred)
            sel.set_progress(cb)
            sel.centrality("betweenness")
            assert state["deferred"] == 3, state
            sel.centrality("pagerank")      # the next call frees them
            assert not _handle._deferred
            print("ok")
        """ % CHINA)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=120, env=dict(os.environ))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "ok")

    def test_callback_kept_alive(self):
        calls = []
        self.sel.set_progress(lambda p, m: calls.append(p))
        gc.collect()  # the only reference to the lambda is the selection's
        self.sel.centrality("closeness")
        self.assertTrue(calls)

"""Ctrl-C during an analysis: it stops the analysis at its next progress
report and raises KeyboardInterrupt, with or without a progress callback.

The tests send SIGINT to their own process from a helper thread once the
analysis has reported progress (sequenced by an event, not by a delay),
and check that the analysis stopped early by its number of reports (a
betweenness reports once per source vertex), never by the time it took."""

import os
import signal
import threading
import unittest.mock

import libflow
from libflow import selection as _selection
from flowtest import TestCase, random_flows

N = 2000  # betweenness on it takes seconds: 2000 reports


def ctrl_c_when(event):
    """Starts a thread that sends SIGINT to this process once event is set."""
    def send():
        if event.wait(60):
            os.kill(os.getpid(), signal.SIGINT)
    t = threading.Thread(target=send, daemon=True)
    t.start()
    return t


class TestCtrlC(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.net = libflow.loads(random_flows(N, 10 * N, seed=7))

    @classmethod
    def tearDownClass(cls):
        cls.net.close()

    def setUp(self):
        super().setUp()
        self.sel = self.net.select()
        self.addCleanup(self.sel.close)
        self.assertIs(signal.getsignal(signal.SIGINT), signal.default_int_handler)

    def tearDown(self):
        # Python's own handler is back after every analysis
        self.assertIs(signal.getsignal(signal.SIGINT), signal.default_int_handler)
        super().tearDown()

    def test_with_a_progress_callback(self):
        # was: "Exception ignored on calling ctypes callback", and the run
        # went on to its end without raising
        seen = []
        started = threading.Event()

        def cb(percent, message):
            seen.append(percent)
            if len(seen) == 3:
                started.set()

        self.sel.set_progress(cb)
        sender = ctrl_c_when(started)
        with self.assertRaises(KeyboardInterrupt):
            self.sel.centrality("betweenness")
        sender.join()
        self.assertLess(len(seen), N / 2, "the analysis ran on after Ctrl-C")
        self.assertLess(seen[-1], 100)
        # the selection works again, the callback too
        seen.clear()
        self.assertEqual(len(self.sel.centrality("closeness")), len(self.sel))
        self.assertEqual(seen[-1], 100.0)

    def test_without_a_progress_callback(self):
        # was: Ctrl-C waited for the analysis to end. The reports C makes
        # reach the bindings' own callback, which is counted here.
        reports = []
        started = threading.Event()
        real = _selection._Progress.report

        def counting(prog, percent, message):
            reports.append(percent)
            if len(reports) == 3:
                started.set()
            return real(prog, percent, message)

        with unittest.mock.patch.object(_selection._Progress, "report", counting):
            sender = ctrl_c_when(started)
            with self.assertRaises(KeyboardInterrupt):
                self.sel.centrality("betweenness")
            sender.join()
        self.assertLess(len(reports), N / 2, "the analysis ran on after Ctrl-C")

    def test_during_leiden(self):
        # was: libflow.Interrupted
        seen = []
        started = threading.Event()

        def cb(percent, message):
            seen.append(percent)
            started.set()

        self.sel.set_progress(cb)
        sender = ctrl_c_when(started)
        with self.assertRaises(KeyboardInterrupt) as cm:
            self.sel.clusters("leiden", trials=200)
        sender.join()
        self.assertNotIsInstance(cm.exception, libflow.FlowError)
        self.assertLess(seen[-1], 100)

    def test_callback_stop_is_still_interrupted(self):
        # a callback asking to stop is not a Ctrl-C
        self.sel.set_progress(lambda p, m: p > 10)
        with self.assertRaises(libflow.Interrupted):
            self.sel.centrality("betweenness")

    def test_other_sigint_handlers_are_left_alone(self):
        small = libflow.loads(random_flows(300, 3000, seed=2))
        self.addCleanup(small.close)
        sel = small.select()
        self.addCleanup(sel.close)
        handlers = []
        got = []

        def mine(signum, frame):
            got.append(signum)

        for handler in (mine, signal.SIG_IGN):
            old = signal.signal(signal.SIGINT, handler)
            try:
                handlers.clear()
                started = threading.Event()

                def cb(percent, message):
                    handlers.append(signal.getsignal(signal.SIGINT))
                    started.set()
                sel.set_progress(cb)
                sender = ctrl_c_when(started)
                table = sel.centrality("betweenness")  # runs to its end
                sender.join()
                self.assertEqual(len(table), len(sel))
                self.assertTrue(handlers)
                self.assertTrue(all(h is handler for h in handlers))
            finally:
                signal.signal(signal.SIGINT, old)
        self.assertEqual(got, [signal.SIGINT])  # the application's handler ran

    def test_analyses_in_other_threads_are_not_stopped(self):
        # Ctrl-C goes to the main thread; an analysis in a worker runs on
        other = self.net.select()
        self.addCleanup(other.close)
        small = libflow.loads(random_flows(300, 3000, seed=4))
        self.addCleanup(small.close)
        worker_sel = small.select()
        self.addCleanup(worker_sel.close)
        inside = threading.Event()
        release = threading.Event()
        got = {}

        def cb(p, m):
            inside.set()
            release.wait(30)

        worker_sel.set_progress(cb)

        def work():
            got["t"] = worker_sel.centrality("betweenness")

        t = threading.Thread(target=work)
        t.start()
        self.assertTrue(inside.wait(60))
        started = threading.Event()

        def go(p, m):
            release.set()  # the worker holds the library's igraph lock until then
            started.set()

        other.set_progress(go)
        sender = ctrl_c_when(started)
        with self.assertRaises(KeyboardInterrupt):
            other.centrality("betweenness")
        sender.join()
        release.set()
        t.join()
        self.assertEqual(len(got["t"]), len(worker_sel))

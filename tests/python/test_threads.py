"""Threads: ctypes releases the GIL during C calls and the library serialises
its igraph calls behind one lock, so analyses may run from several Python
threads at once. Four threads run the same battery of analyses (a) on
separate networks and (b) on one shared network, each thread with its own
selection; the results must equal a serial run's, round after round."""

import math
import threading
import time

import libflow
from flowtest import CHINA, TestCase

THREADS = 4
ROUNDS = 8
REPEATS = 3  # batteries per thread and round

# (factors, years) of each thread's selection: different work per thread.
SPECS = [("technology", (2018, 2022)), ("capital", 2020), ("talent", (2016, 2019)), (None, 2022)]


def battery(sel):
    """A mix of analyses: igraph-backed ones (under the global lock), pure
    libflow loops, seeded stochastic ones, and ones reporting progress."""
    out = {}
    out["pagerank"] = sel.centrality("pagerank").to_dict()
    out["betweenness"] = sel.centrality("betweenness").to_dict()
    out["harmonic"] = sel.centrality("harmonic", mode="all").to_dict()
    out["participation"] = sel.centrality("participation").to_dict()
    out["leiden"] = sel.clusters("leiden", seed=11, trials=3).to_dict("cluster")
    out["infomap"] = sel.clusters("infomap", seed=5, trials=2).to_dict("cluster")
    out["cut"] = sel.min_cut("yangtze-river-delta", ["CN-SC", "CN-CQ"]).scalars["value"]
    out["widest"] = sel.widest_path("CN-SH", "CN-GZ").scalars["width"]
    out["critical"] = sel.critical_nodes("CN-SH", "CN-SC").to_dict()
    out["edge_betweenness"] = sel.edge_betweenness().rows()
    out["kcore"] = sel.kcore().to_dict()
    out["backbone"] = [(r["source"], r["target"], r["factor"], r["p_value"])
                       for r in sel.backbone(0.05)]
    out["series"] = sel.series("out_strength").rows()
    out["brokerage"] = sel.brokerage(["yangtze-river-delta", "greater-bay-area",
                                      "chengdu-chongqing"]).rows()
    out["summary"] = sel.summary()
    return out


def nan_equal(a, b):
    """Deep equality with NaN == NaN."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(nan_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(nan_equal(x, y) for x, y in zip(a, b))
    return a == b


class TestThreads(TestCase):
    @classmethod
    def setUpClass(cls):
        with libflow.load(CHINA) as net:
            cls.serial = []
            for factors, years in SPECS:
                with net.select(factors=factors, years=years) as sel:
                    cls.serial.append(battery(sel))

    def _run_threads(self, make_selection):
        results = [None] * THREADS
        errors = []
        barrier = threading.Barrier(THREADS)
        ticks = [0] * THREADS
        spans = [None] * THREADS

        def work(i):
            try:
                sel = make_selection(i)
                try:
                    # a progress callback too: C calls back into Python from
                    # several threads while others wait for the lock
                    def tick(percent, message, i=i):
                        ticks[i] += 1
                    sel.set_progress(tick)
                    barrier.wait()
                    start = time.monotonic()
                    for _ in range(REPEATS):
                        results[i] = battery(sel)
                        if not nan_equal(results[i], self.serial[i]):
                            break
                    spans[i] = (start, time.monotonic())
                finally:
                    sel.close()
            except BaseException as e:  # reported by the main thread
                errors.append((i, e))
                barrier.abort()

        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
            self.assertFalse(t.is_alive(), "a thread hangs")
        self.assertEqual(errors, [])
        self.assertTrue(all(ticks))
        for i in range(THREADS):
            self.assertTrue(nan_equal(results[i], self.serial[i]),
                            "thread %d differs from the serial run" % i)
        return max(s for s, _ in spans) < min(e for _, e in spans)  # all ran at once

    def test_separate_networks(self):
        overlapped = []
        for _ in range(ROUNDS):
            nets = [libflow.load(CHINA) for _ in range(THREADS)]
            try:
                overlapped.append(self._run_threads(
                    lambda i: nets[i].select(factors=SPECS[i][0], years=SPECS[i][1])))
            finally:
                for n in nets:
                    n.close()
        self.assertTrue(any(overlapped), "the threads never ran at the same time")

    def test_shared_network(self):
        overlapped = []
        for _ in range(ROUNDS):
            with libflow.load(CHINA) as net:
                overlapped.append(self._run_threads(
                    lambda i: net.select(factors=SPECS[i][0], years=SPECS[i][1])))
        self.assertTrue(any(overlapped), "the threads never ran at the same time")

    def test_errors_stay_on_their_thread(self):
        """The last error is per thread: each thread sees its own message."""
        messages = [None] * THREADS
        barrier = threading.Barrier(THREADS)
        with libflow.load(CHINA) as net:
            def work(i):
                with net.select() as sel:
                    barrier.wait()
                    for _ in range(50):
                        try:
                            sel.centrality("pagerank", personalization=["NOPE-%d" % i])
                        except libflow.NotFoundError as e:
                            messages[i] = str(e)
                            if "NOPE-%d" % i not in messages[i]:
                                break
                        sel.centrality("degree")
            threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
        for i in range(THREADS):
            self.assertIn("NOPE-%d" % i, messages[i])

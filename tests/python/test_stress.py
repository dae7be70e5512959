"""Thread stress: many threads mix loads, selections, analyses, closes and
progress callbacks on shared networks and selections. Nothing may crash or
hang, every analysis that returns must give the serial run's result, and
the only error allowed is MisuseError from a handle another thread closed.
Each thread's operations come from its own seeded generator; the
interleaving varies from run to run, the checks do not."""

import math
import random
import threading

import libflow
from flowtest import TestCase, random_flows

THREADS = 8
OPS = 40  # per thread
FLOWS = random_flows(120, 900, seed=11, factors=("talent", "capital"))
SPECS = [dict(), dict(factors="talent"), dict(factors="capital", directed=False)]


def analyses(sel):
    """name -> result as plain data, for each analysis of the mix."""
    return {
        "degree": lambda: sel.centrality("degree").to_dict(),
        "pagerank": lambda: sel.centrality("pagerank").to_dict(),
        "betweenness": lambda: sel.centrality("betweenness").to_dict(),
        "closeness": lambda: sel.centrality("closeness").to_dict(),
        "leiden": lambda: sel.clusters("leiden", seed=3).to_dict("cluster"),
        "cut": lambda: sel.min_cut("n1", "n2").scalars["value"],
        "kcore": lambda: sel.kcore().to_dict(),
        "summary": lambda: sel.summary()["edges"],
    }


def same(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12)
    return a == b


class TestStress(TestCase):
    @classmethod
    def setUpClass(cls):
        with libflow.loads(FLOWS) as net:
            cls.nodes = len(net)
            cls.ref = []
            for spec in SPECS:
                with net.select(**spec) as sel:
                    cls.ref.append({k: f() for k, f in analyses(sel).items()})

    def test_mixed_operations(self):
        shared_net = libflow.loads(FLOWS)
        shared = [(i % len(SPECS), shared_net.select(**SPECS[i % len(SPECS)]))
                  for i in range(6)]
        lock = threading.Lock()  # guards the `shared` list only
        failures = []
        counts = {"ok": 0, "closed": 0, "reports": 0}
        barrier = threading.Barrier(THREADS)

        def report(percent, message):
            with lock:
                counts["reports"] += 1

        def check(spec, name, got):
            if not same(got, self.ref[spec][name]):
                failures.append("%s on spec %d differs from the serial run" % (name, spec))

        def work(t):
            rng = random.Random(t)
            own = []
            barrier.wait()
            if t == 0:  # one callback certain to run under the mix, whatever the schedule
                sel = shared_net.select(**SPECS[0])
                sel.set_progress(report)
                check(0, "betweenness", analyses(sel)["betweenness"]())
                own.append((0, sel))
            for i in range(OPS):
                op = rng.random()
                try:
                    if op < 0.08:  # load
                        with libflow.loads(FLOWS) as net:
                            if len(net) != self.nodes:
                                failures.append("a load gave %d nodes" % len(net))
                    elif op < 0.2:  # a new selection, own or shared
                        spec = rng.randrange(len(SPECS))
                        sel = shared_net.select(**SPECS[spec])
                        if rng.random() < 0.5:
                            own.append((spec, sel))
                        else:
                            with lock:
                                shared.append((spec, sel))
                    elif op < 0.3:  # close a shared selection others may be using
                        with lock:
                            victim = shared.pop(rng.randrange(len(shared))) if shared else None
                        if victim:
                            victim[1].close()
                    elif op < 0.4:  # swap a shared selection's callback
                        with lock:
                            pick = rng.choice(shared) if shared else None
                        if pick:
                            pick[1].set_progress(report if rng.random() < 0.7 else None)
                    elif op < 0.42 and t == 0:
                        shared_net.close()  # selections keep working
                    else:  # an analysis on an own or a shared selection
                        with lock:
                            pool = own + shared
                            spec, sel = rng.choice(pool) if pool else (None, None)
                        if sel is not None:
                            name = rng.choice(sorted(self.ref[spec]))
                            check(spec, name, analyses(sel)[name]())
                    with lock:
                        counts["ok"] += 1
                except libflow.MisuseError:
                    with lock:
                        counts["closed"] += 1  # the handle was closed by another thread
                except BaseException as e:
                    failures.append("thread %d op %d: %r" % (t, i, e))
            for _, sel in own:
                sel.close()

        threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(120)
            self.assertFalse(th.is_alive(), "a thread hangs")
        for _, sel in shared:
            sel.close()
        shared_net.close()
        self.assertEqual(failures, [])
        self.assertGreater(counts["ok"], THREADS * OPS // 2)
        self.assertGreater(counts["reports"], 0)  # callbacks ran under the mix

"""Times the significance tests on seeded random networks (a benchmark run
by hand, never a timed test):

    LIBFLOW_LIBRARY=build/default/libflow.so PYTHONPATH=bindings/python \\
        python3 tests/bench/bench_significance.py [--nodes 100,300,1000] [--samples 100]

For each size n: a directed network where every ordered pair has a flow with
probability 10 / n (weights 1..10, a fixed seed), one group of 10 nodes.
Reports the time of group_cohesion (the configuration model's fit and
`samples` samples of the group's pairs, O(10 n) each), the fit's sweeps,
and of brokerage (Bernoulli graphs, O(n + m) each, and the two-path count).
"""
import argparse
import random
import time

import libflow


def network(n, seed=1):
    rng = random.Random(seed)
    net = libflow.Network()
    ids = ["v%d" % i for i in range(n)]
    for i in ids:
        net.add_node(i)
    p = min(1.0, 10.0 / n)
    for a in ids:
        for b in ids:
            if a != b and rng.random() < p:
                net.add_flow(a, b, "f", rng.randint(1, 10))
    for i in ids[:10]:
        net.add_member("g", i)
    for i in ids[10:]:
        net.add_member("rest", i)
    return net


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", default="100,300,1000")
    ap.add_argument("--samples", type=int, default=100)
    args = ap.parse_args()
    print("%6s %8s %12s %8s %12s" % ("nodes", "edges", "cohesion s", "sweeps", "brokerage s"))
    for n in (int(x) for x in args.nodes.split(",")):
        with network(n) as net, net.select() as sel:
            edges = len(sel.edges())
            t0 = time.perf_counter()
            t = sel.significance("group_cohesion", "g", samples=args.samples)
            t1 = time.perf_counter()
            sel.significance("brokerage", ["g", "rest"], samples=args.samples)
            t2 = time.perf_counter()
            print("%6d %8s %12.3f %8s %12.3f" % (n, edges, t1 - t0, t.meta["fit_sweeps"],
                                                  t2 - t1))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""bench_python_flows - how long Python takes to read a network's flows,
next to the time the C loader takes to load them.

    LIBFLOW_LIBRARY=build/default/libflow.so PYTHONPATH=bindings/python \\
        python3 tests/bench/bench_python_flows.py [--flows N] [--nodes M]
        [--seed S] [--runs R] [--file PATH]

Without --file it writes a flows.csv of N flows (default 1000000) among M
nodes (default 10000) with a seeded generator into a temporary folder (the
rows of bench_load: "N00042" ids, three factors, weights with three
decimals, years 2000..2020). Then, R times (default 3), it measures:

  load          libflow.load(): the C loader reading the file
  C table       flow_network_table(&t, net, "flows") alone (the C side of
                net.flows(): building the table's columns)
  flows()       net.flows(): the C table wrapped as a libflow Table
  + columns     flows() and every column read (.columns: numpy arrays for
                weight and year, lists of str for source, target, factor)
  + pandas      flows().to_pandas(): a DataFrame of the five columns

and prints the median and minimum of each, and each as a multiple of the
median load time. The machine is shared: timings are noisy; this is a
program, not a test, and asserts nothing.
"""

import argparse
import ctypes
import os
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))

import libflow  # noqa: E402
from libflow import _ffi  # noqa: E402
from libflow._ffi import lib  # noqa: E402

FACTORS = ("talent", "capital", "technology")


def splitmix(state):
    state = (state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return state, z ^ (z >> 31)


def generate(path, flows, nodes, seed):
    """Writes a flows.csv of `flows` seeded rows (numpy when it imports: the
    pure-Python generator takes a few seconds per million rows)."""
    try:
        import numpy as np
    except ImportError:
        np = None
    with open(path, "w", encoding="ascii", newline="") as f:
        f.write("source,target,factor,weight,year\n")
        if np is not None:
            rng = np.random.default_rng(seed)
            chunk = 200000
            for start in range(0, flows, chunk):
                n = min(chunk, flows - start)
                s = rng.integers(0, nodes, n)
                t = rng.integers(0, nodes, n)
                w = rng.integers(1, 1000000, n) / 1000.0
                y = rng.integers(2000, 2021, n)
                fac = [FACTORS[(start + i) % 3] for i in range(n)]
                f.writelines("N%05d,N%05d,%s,%.3f,%d\n" % row
                             for row in zip(s.tolist(), t.tolist(), fac, w.tolist(), y.tolist()))
            return
        state = seed
        for i in range(flows):
            state, a = splitmix(state)
            state, b = splitmix(state)
            f.write("N%05d,N%05d,%s,%.3f,%d\n" % (a % nodes, b % nodes, FACTORS[i % 3],
                                                  (b >> 20) % 1000000 / 1000.0 + 0.001,
                                                  2000 + (a >> 40) % 21))


def c_table(net):
    t = _ffi.new(lib.flow_network_table, net._open(), b"flows")
    lib.flow_table_free(t)


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--flows", type=int, default=1000000)
    ap.add_argument("--nodes", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--file", help="a flows.csv (or data set folder) to load instead")
    args = ap.parse_args()

    tmp = None
    path = args.file
    if path is None:
        tmp = tempfile.mkdtemp(prefix="bench_python_flows.")
        path = os.path.join(tmp, "flows.csv")
        t, _ = timed(lambda: generate(path, args.flows, args.nodes, args.seed))
        print("generated %d rows in %.1f s: %s" % (args.flows, t, path))
    try:
        times = {k: [] for k in ("load", "C table", "flows()", "+ columns", "+ pandas")}
        try:
            import pandas  # noqa: F401 (imported before timing)
            have_pandas = True
        except ImportError:
            have_pandas = False
        nflows = 0
        for _ in range(args.runs):
            t, net = timed(lambda: libflow.load(path))
            times["load"].append(t)
            nflows = len(net.flows())
            times["C table"].append(timed(lambda: c_table(net))[0])
            times["flows()"].append(timed(net.flows)[0])
            t, cols = timed(lambda: net.flows().columns)
            times["+ columns"].append(t)
            assert len(cols["source"]) == nflows
            del cols
            if have_pandas:
                t, df = timed(lambda: net.flows().to_pandas())
                times["+ pandas"].append(t)
                assert df.shape == (nflows, 5)
                del df
            net.close()
        print("libflow %s, %s; %d flows, %d runs (medians; min)"
              % (libflow.library_version(), libflow.library_path(), nflows, args.runs))
        base = statistics.median(times["load"])
        for k, v in times.items():
            if not v:
                continue
            med = statistics.median(v)
            print("  %-10s %8.3f s  (min %.3f)  %6.2fx load" % (k, med, min(v), med / base))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

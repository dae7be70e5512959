#!/usr/bin/env python3
"""bench_scale.py - the Python side of bench_scale (tests/bench/bench_scale.c),
which runs it; it can also be run by hand:

    LIBFLOW_LIBRARY=build/default/libflow.so /usr/bin/python3 \\
        tests/bench/bench_scale.py --data DIR --size S [--runs R] [--budget SEC]
        [--sources a,b] [--sinks c,d] [--no-networkx] [--skip LIST]

It reads DIR/flows.csv with pandas, sums the flows per ordered pair (the
directed selection's edges) and per unordered pair (the undirected view),
builds the networkx and python-igraph graphs of them, and times the
operations bench_scale times in C, each in a forked child killed after the
budget (default 60 s of CPU time; the operation is then reported
"skipped"). A run that takes more than a third of the budget is not
repeated. It also times
the libflow bindings' bulk column transfer (net.flows() and every column)
when LIBFLOW_LIBRARY is set.

Output: one line per measurement,
    RESULT <tab> stage <tab> tool <tab> median <tab> min <tab> CPU median <tab>
           runs <tab> status <tab> value <tab> note
(seconds; the CPU time is the child process's)
and free text otherwise. A program, not a test: it asserts nothing.
"""

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

args = None


def emit(stage, tool, times, status="ok", value=float("nan"), note="", cpu=None):
    if times:
        med, mn = statistics.median(times), min(times)
    else:
        med = mn = float("nan")
    c = statistics.median(cpu) if cpu else med
    note = note.replace("\t", " ").replace("\n", " ")
    print(f"RESULT\t{stage}\t{tool}\t{med!r}\t{mn!r}\t{c!r}\t{len(times)}\t{status}\t{value!r}"
          f"\t{note}", flush=True)


def child_cpu(pid):
    """CPU seconds used so far by process pid (0 when unreadable): the
    budget is CPU time, which a shared machine does not inflate."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def in_child(fn):
    """Runs fn() in a forked child, killed after the budget: (seconds, value,
    CPU seconds) or (None, reason, None)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            t0, c0 = time.perf_counter(), time.process_time()
            v = fn()
            dt, dc = time.perf_counter() - t0, time.process_time() - c0
            msg = json.dumps([dt, v if isinstance(v, (int, float, str)) else None, dc])
        except Exception as e:  # reported, not raised
            msg = json.dumps([None, f"{type(e).__name__}: {e}", None])
        os.write(w, msg.encode())
        os._exit(0)
    os.close(w)
    killed = False
    while True:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if child_cpu(pid) > args.budget:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            killed = True
            break
        time.sleep(0.05)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.close(r)
    if killed:
        return None, f"stopped past the {args.budget:g} s CPU budget", None
    try:
        return tuple(json.loads(data.decode()))
    except ValueError:
        return None, "the child died", None


# bench_scale's --skip names of the stages measured here
SKIP_KEYS = {"betweenness": "betweenness", "betweenness (20 sources)": "betweenness",
             "leiden, 2 iterations": "leiden",
             "infomap": "infomap", "max flow, cut by factor": "maxflow",
             "max flow + per-edge flow": "flows", "bridges + articulation": "bridges"}


def measure(stage, tool, fn, note="", value_note=None):
    key = SKIP_KEYS.get(stage)
    if key and (key in args.skip or (key == "flows" and "maxflow" in args.skip)):
        return
    times, cpu, value = [], [], float("nan")
    for _ in range(args.runs):
        dt, v, dc = in_child(fn)
        if dt is None:
            emit(stage, tool, times, "skipped" if not times else "ok", note=(v or "") +
                 (f"; {note}" if note else ""), cpu=cpu)
            return
        times.append(dt)
        cpu.append(dc)
        if isinstance(v, (int, float)):
            value = float(v)
        if dc > args.budget / 3:
            break
    if value_note and value == value:
        note = (note + "; " if note else "") + value_note % value
    emit(stage, tool, times, "ok", value, note, cpu=cpu)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--size", default="?")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--budget", type=float, default=60)
    ap.add_argument("--sources", default="")
    ap.add_argument("--sinks", default="")
    ap.add_argument("--no-networkx", action="store_true")
    ap.add_argument("--skip", default="", help="stages to leave out, as bench_scale's --skip")
    args = ap.parse_args()
    args.skip = set(args.skip.split(","))
    sources = [s for s in args.sources.split(",") if s]
    sinks = [s for s in args.sinks.split(",") if s]
    small = args.size == "S"

    import numpy as np
    import pandas as pd

    path = os.path.join(args.data, "flows.csv")

    # ---- the bindings' bulk column transfer --------------------------------
    if os.environ.get("LIBFLOW_LIBRARY"):
        sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))
        try:
            import libflow
            t0 = time.perf_counter()
            net = libflow.load(args.data)
            tload = time.perf_counter() - t0
            times, cpu = [], []
            for _ in range(args.runs):
                t0, c0 = time.perf_counter(), time.process_time()
                cols = net.flows().columns
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                del cols
            emit("python columns", "libflow-python", times, value=float(len(net.flows())),
                 note=f"net.flows().columns, 5 columns; libflow.load {tload:.3f} s", cpu=cpu)
            del net
        except Exception as e:
            emit("python columns", "libflow-python", [], "failed", note=str(e))

    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(path, dtype={"source": str, "target": str, "factor": str})
    emit("python columns", "pandas", [time.perf_counter() - t0], note="pandas.read_csv of flows.csv",
         cpu=[time.process_time() - c0])
    ids = pd.Index(pd.unique(np.concatenate([df["source"].values, df["target"].values])))
    s = ids.get_indexer(df["source"].values)
    t = ids.get_indexer(df["target"].values)
    w = df["weight"].values.astype(float)
    keep = s != t
    s, t, w = s[keep], t[keep], w[keep]
    n = len(ids)
    key = s.astype(np.int64) * n + t
    uk, inv = np.unique(key, return_inverse=True)
    dw = np.bincount(inv, weights=w)
    ds, dt_ = (uk // n).astype(np.int64), (uk % n).astype(np.int64)
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    ukey = lo.astype(np.int64) * n + hi
    uu, uinv = np.unique(ukey, return_inverse=True)
    uw = np.bincount(uinv, weights=w)
    us, ut = (uu // n).astype(np.int64), (uu % n).astype(np.int64)
    print(f"python: {n} nodes, {len(uk)} directed edges, {len(uu)} undirected", flush=True)
    src_v = [int(ids.get_loc(x)) for x in sources]
    snk_v = [int(ids.get_loc(x)) for x in sinks]
    big = 2 * float(dw.sum()) + 1
    length = 1.0 / dw

    # ---- python-igraph ------------------------------------------------------
    import igraph as ig
    t0, c0 = time.perf_counter(), time.process_time()
    g = ig.Graph(n=n, edges=np.column_stack([ds, dt_]).tolist(), directed=True)
    g.es["weight"] = dw.tolist()
    emit("selection build", "python-igraph", [time.perf_counter() - t0],
         note="Graph(n, edges) from the summed pairs", cpu=[time.process_time() - c0])
    g.es["length"] = length.tolist()
    gu = ig.Graph(n=n, edges=np.column_stack([us, ut]).tolist(), directed=False)
    gu.es["weight"] = uw.tolist()
    measure("pagerank", "python-igraph", lambda: g.pagerank(weights="weight") and 0)
    if small:
        measure("betweenness", "python-igraph", lambda: g.betweenness(weights="length") and 0)
    else:
        emit("betweenness (20 sources)", "python-igraph", [], "n/a",
             note="python-igraph 0.10.2 has no source sample")

    def ig_leiden():
        import random
        random.seed(1)
        c = gu.community_leiden(objective_function="modularity", weights="weight", n_iterations=2,
                                beta=0.01)
        return gu.modularity(c.membership, weights="weight")
    measure("leiden, 2 iterations", "python-igraph", ig_leiden, value_note="modularity %.4f")
    if args.size in ("S", "M"):
        measure("infomap", "python-igraph",
                lambda: g.community_infomap(edge_weights="weight", trials=1).codelength,
                note="1 trial")
    gs = g.copy()
    gs.add_vertices(2)
    extra = [(n, v) for v in src_v] + [(v, n + 1) for v in snk_v]
    gs.add_edges(extra)
    cap = dw.tolist() + [big] * len(extra)
    measure("max flow, cut by factor", "python-igraph",
            lambda: gs.mincut(n, n + 1, capacity=cap).value, value_note="value %.6g",
            note="Graph.mincut (value, partition, cut)")
    measure("max flow + per-edge flow", "python-igraph",
            lambda: gs.maxflow(n, n + 1, capacity=cap).value, value_note="value %.6g",
            note="Graph.maxflow (value, flow)")
    measure("bridges + articulation", "python-igraph",
            lambda: len(gu.bridges()) + 0 * len(gu.articulation_points()),
            value_note="%.0f bridges")
    del g, gs

    # ---- networkx -----------------------------------------------------------
    if args.no_networkx:
        for stage in ("selection build", "pagerank", "leiden, 2 iterations",
                      "max flow, cut by factor", "bridges + articulation"):
            emit(stage, "networkx", [], "n/a", note="networkx is run at S and M only")
        return
    import networkx as nx
    t0, c0 = time.perf_counter(), time.process_time()
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(zip(ds.tolist(), dt_.tolist(), dw.tolist()))
    emit("selection build", "networkx", [time.perf_counter() - t0],
         note="DiGraph from the summed pairs", cpu=[time.process_time() - c0])
    for (a, b), x in zip(zip(ds.tolist(), dt_.tolist()), length.tolist()):
        G[a][b]["length"] = x
    Gu = nx.Graph()
    Gu.add_nodes_from(range(n))
    Gu.add_weighted_edges_from(zip(us.tolist(), ut.tolist(), uw.tolist()))
    measure("pagerank", "networkx", lambda: len(nx.pagerank(G, alpha=0.85, weight="weight")))
    if small:
        measure("betweenness", "networkx",
                lambda: len(nx.betweenness_centrality(G, weight="length")))
    else:
        measure("betweenness (20 sources)", "networkx",
                lambda: len(nx.betweenness_centrality(G, k=20, weight="length", seed=1)),
                note="k=20 sampled sources")

    def nx_louvain():
        c = nx.community.louvain_communities(Gu, weight="weight", seed=1)
        return nx.community.modularity(Gu, c, weight="weight")
    measure("leiden, 2 iterations", "networkx", nx_louvain, value_note="modularity %.4f",
            note="Louvain (networkx 2.8 has no Leiden)")
    Gs = G.copy()
    for v in src_v:
        Gs.add_edge("s", v, weight=big)
    for v in snk_v:
        Gs.add_edge(v, "t", weight=big)
    measure("max flow, cut by factor", "networkx",
            lambda: nx.minimum_cut(Gs, "s", "t", capacity="weight")[0],
            value_note="value %.6g", note="minimum_cut (value, partition)")
    measure("max flow + per-edge flow", "networkx",
            lambda: nx.maximum_flow(Gs, "s", "t", capacity="weight",
                                    flow_func=nx.algorithms.flow.shortest_augmenting_path)[0],
            value_note="value %.6g",
            note="maximum_flow (value, flow dict; shortest augmenting path: preflow_push "
                 "fails here)")
    measure("bridges + articulation", "networkx",
            lambda: len(list(nx.bridges(Gu))) + 0 * len(list(nx.articulation_points(Gu))),
            value_note="%.0f bridges")


if __name__ == "__main__":
    main()

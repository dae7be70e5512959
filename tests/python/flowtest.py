"""Shared set-up of the Python binding tests (run by CTest: see
tests/python.cmake; by hand:

    cd tests/python
    LIBFLOW_LIBRARY=../../build/libflow.so PYTHONPATH=../../bindings/python \\
        /usr/bin/python3 -m unittest -v

). Paths come from the environment CTest sets, with fallbacks relative to
this file."""

import math
import os
import tempfile
import unittest
import warnings

import libflow

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATA = os.environ.get("FLOW_DATA") or os.path.join(REPO, "data")
SHARED = os.environ.get("FLOW_SHARED_DATA") or os.path.join(REPO, "..", "shared", "data")
CHINA = os.path.join(DATA, "china")

try:
    import networkx as nx
except ImportError:  # pragma: no cover - Debian's python3 has it
    nx = None

needs_networkx = unittest.skipIf(nx is None, "networkx is not importable")


def shared(name):
    """Path of a shared data set, or skips the test when it is absent."""
    path = os.path.join(SHARED, name)
    if not os.path.isdir(path):
        if os.environ.get("LIBFLOW_REQUIRE_SHARED_DATA") == "1":
            raise AssertionError("shared data set %s not found and "
                                 "LIBFLOW_REQUIRE_SHARED_DATA=1" % name)
        raise unittest.SkipTest("shared data set %s not found (FLOW_SHARED_DATA)" % name)
    return path


def tmpdir(case):
    """A scratch folder removed after the test."""
    base = os.environ.get("FLOW_TEST_TMPDIR")
    d = tempfile.TemporaryDirectory(prefix="libflow-py-", dir=base if base and os.path.isdir(base) else None)
    case.addCleanup(d.cleanup)
    return d.name


def write(folder, name, text):
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


def small():
    """A small network built in code:

        A --5--> B --3--> D      (talent, 2020)
        A --2--> C --4--> D      (capital, 2021)
        B --1--> C               (talent, 2021)
        D --1--> A               (technology, undated)
        E isolated, parent of nothing; A and B in group g1, C and D in g2.
    """
    net = libflow.Network()
    net.add_node("A", "Alpha", "region")
    net.add_node("B", "Beta", "region")
    net.add_node("C", "Gamma", "city", parent="A")
    net.add_node("D", "Delta", "city", parent="B")
    net.add_node("E")
    net.add_factor("talent", "persons")
    net.add_flow("A", "B", "talent", 5, 2020)
    net.add_flow("B", "D", "talent", 3, 2020)
    net.add_flow("A", "C", "capital", 2, 2021)
    net.add_flow("C", "D", "capital", 4, 2021)
    net.add_flow("B", "C", "talent", 1, 2021)
    net.add_flow("D", "A", "technology", 1)
    net.add_member("g1", "A", "lead")
    net.add_member("g1", "B")
    net.add_member("g2", "C")
    net.add_member("g2", "D")
    return net


def random_flows(n, m, seed=1, factors=("f",)):
    """The text of a flows.csv of about m random flows between n nodes
    n0..n{n-1} (weights 1 to 9, one of `factors` each), made with seed."""
    import random
    r = random.Random(seed)
    rows = ["source,target,factor,weight"]
    for _ in range(m):
        a, b = r.randrange(n), r.randrange(n)
        if a != b:
            rows.append("n%d,n%d,%s,%d" % (a, b, r.choice(factors), r.randint(1, 9)))
    return "\n".join(rows) + "\n"


def run_python(case, code, timeout=120):
    """Runs code in a fresh interpreter with the tests' environment (for
    what could crash or hang the test process) and returns (returncode,
    stdout, stderr)."""
    import subprocess
    import sys
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([HERE] + [p for p in [env.get("PYTHONPATH")] if p])
    try:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=timeout, env=env, cwd=HERE)
    except subprocess.TimeoutExpired as e:
        case.fail("the script hangs (%d s): %s" % (timeout, e.stderr))
    return r.returncode, r.stdout, r.stderr


def nx_of(sel):
    """The selection's graph in networkx (via the bindings)."""
    return sel.to_networkx()


class TestCase(unittest.TestCase):
    def setUp(self):
        super().setUp()
        # networkx 2.8 announces its 3.0 changes on every call
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"networkx\.")
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"networkx\.")

    def assertClose(self, a, b, rel=1e-9, abs_=1e-12, msg=None):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return
        self.assertTrue(math.isclose(a, b, rel_tol=rel, abs_tol=abs_),
                        msg or "%r != %r (rel %g)" % (a, b, rel))

    def assertDictClose(self, a, b, rel=1e-9, abs_=1e-12):
        self.assertEqual(set(a), set(b))
        for k in a:
            self.assertClose(a[k], b[k], rel, abs_, "%s: %r != %r" % (k, a[k], b[k]))

"""Selection.gravity() and Selection.set_layer(): the PPML gravity model and
the expected / excess layers, against the C results (through the same
Table) and statsmodels (the oracle of tests/fixtures/gravity/oracle.py, run
on the census migration)."""

import math
import os
import subprocess
import sys
import unittest

import libflow
from flowtest import CHINA, REPO, TestCase, shared

ORACLE = os.path.join(REPO, "tests", "fixtures", "gravity", "oracle.py")
PLACES = os.path.join(CHINA, "nodes.csv")  # seats of government: id,lat,lon


class GravityTest(TestCase):
    def test_census_matches_statsmodels(self):
        data = shared("china_census_migration")
        try:
            import statsmodels  # noqa: F401
        except ImportError:
            self.skipTest("statsmodels is not importable")
        with libflow.load(data) as net:
            sel = net.select(factors="migration", years=2000)
            fit = sel.gravity(distance=PLACES, same_group=["East", "West"],
                              boundaries=["group"])
        self.assertEqual(fit.name, "gravity")
        self.assertEqual(fit["term"], ["log_distance", "same_group:East", "same_group:West",
                                       "boundary:group"])
        out = subprocess.run(
            [sys.executable, ORACLE, data,
             "factor=migration;years=2000-2000;coords=%s;fe=1;same=East,West;boundary=group"
             % PLACES], capture_output=True, text=True, check=True).stdout
        coef = {}
        for line in out.splitlines():
            w = line.split()
            if w[0] == "coef":
                coef[w[1]] = (float(w[2]), float(w[3]))
            elif w[0] == "deviance":
                deviance = float(w[1])
        for row in fit:
            e, s = coef[row["term"]]
            self.assertLess(abs(row["estimate"] - e), 1e-6 * abs(e))
            self.assertLess(abs(row["std_error"] - s), 1e-6 * abs(s))
        self.assertLess(abs(fit.scalars["deviance"] - deviance), 1e-6 * deviance)
        pairs = fit.parts["pairs"]
        self.assertEqual(len(pairs), 930)
        self.assertEqual(pairs.column_names,
                         ["source", "target", "observed", "expected", "excess", "ratio"])
        self.assertEqual(fit.meta["std_error"], "robust HC0")
        self.assertEqual(fit.scalars["converged"], 1)

    def test_layers(self):
        with libflow.load(CHINA) as net:
            sel = net.select(factors="talent", years=2022, level="region")
            fit = sel.gravity(same_group=True)
            self.assertIn("CAS", fit.meta["warning"])
            excess = {(r["source"], r["target"]): r["excess"] for r in fit.parts["pairs"]}
            sel.set_layer("excess", fit)
            edges = sel.table()
            self.assertIn("excess", edges.meta["layer"])
            self.assertEqual(len(edges), sum(1 for x in excess.values() if x > 0))
            for row in edges:
                self.assertEqual(row["weight"], excess[(row["source"], row["target"])])
            pr = sel.centrality("pagerank").to_dict()
            self.assertAlmostEqual(sum(pr.values()), 1.0, places=9)
            sel.set_layer("expected", fit)
            self.assertEqual(len(sel.table()),
                             sum(1 for r in fit.parts["pairs"] if r["expected"] > 0))
            sel.set_layer("observed")
            self.assertNotIn("layer", sel.table().meta)
            with self.assertRaises(KeyError):
                sel.set_layer("surplus", fit)
            with self.assertRaises(ValueError):
                sel.set_layer("excess")
            sel.close()

    def test_masses_and_errors(self):
        with libflow.load(CHINA) as net:
            sel = net.select(factors="talent", years=2022, level="region")
            with self.assertRaises(libflow.errors.InvalidArgument) as cm:
                sel.gravity(masses=["gdp"])
            self.assertIn("gdp", str(cm.exception))
            with self.assertRaises(libflow.errors.NotFoundError):
                sel.gravity(boundaries=["macro_regio"])
            everything = net.select(years=2022, level="region")
            with self.assertRaises(libflow.errors.InvalidArgument) as cm:
                everything.gravity()
            self.assertIn("one factor", str(cm.exception))
            fit = sel.gravity(distance="none", boundaries=["macro_region"], max_iterations=1,
                              strict=False)
            self.assertEqual(fit.scalars["converged"], 0)
            self.assertTrue(math.isfinite(fit["estimate"][0]))


if __name__ == "__main__":
    unittest.main()

"""Selection.significance(): the C tests through the bindings, checked
against the C conventions (the numbers themselves are checked against
their references in tests/test_significance.c)."""

import math
import unittest

import libflow
from flowtest import CHINA, TestCase


def planted():
    """Twelve nodes; A..D send flow mostly among themselves (3 on every
    ordered pair, a few ties outside), the others trade with each other;
    group "bloc" = A..D, group "pair" = two unremarkable nodes. A..D have
    ordinary strengths: the null spreads them over everyone."""
    net = libflow.Network()
    names = "ABCDEFGHIJKL"
    for n in names:
        net.add_node(n)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if i == j:
                continue
            ib, jb = i < 4, j < 4
            if ib and jb:
                net.add_flow(a, b, "talent", 3)
            elif ib != jb:
                if (i + j) % 5 == 0:
                    net.add_flow(a, b, "talent", 1 + (i * j) % 4)
            elif (i + 2 * j) % 3 != 0:
                net.add_flow(a, b, "talent", 1 + (i * j) % 4)
    for n in "ABCD":
        net.add_member("bloc", n)
    for n in "GJ":
        net.add_member("pair", n)
    return net


class TestSignificance(TestCase):
    def test_group_cohesion(self):
        with planted() as net, net.select() as sel:
            t = sel.significance("group_cohesion", ["bloc", "pair"], samples=199, seed=3)
            self.assertEqual(t.name, "significance")
            self.assertEqual(t.column_names, ["group", "statistic", "observed", "expected",
                                              "std", "z", "p_value", "n_null", "null_mean",
                                              "null_std", "moments"])
            self.assertEqual(t.meta["test"], "group_cohesion")
            self.assertEqual(t.meta["null"], "configuration")
            self.assertEqual(t.meta["seed"], "3")
            rows = {(r["group"], r["statistic"]): r for r in t}
            bloc = rows[("bloc", "internal")]
            self.assertEqual(bloc["moments"], "analytic")
            self.assertEqual(bloc["n_null"], 199)
            self.assertClose(bloc["z"], (bloc["observed"] - bloc["expected"]) / bloc["std"])
            self.assertClose(bloc["p_value"], 1 / 200)
            self.assertGreater(rows[("pair", "internal")]["p_value"], 0.05)
            # the same seed gives the same table
            u = sel.significance("group_cohesion", ["bloc", "pair"], samples=199, seed=3)
            self.assertEqual(list(u["null_mean"]), list(t["null_mean"]))

    def test_choices_and_errors(self):
        self.assertIn("brokerage", libflow.choices.TEST)
        self.assertIn("configuration", libflow.choices.NULL_MODEL)
        with planted() as net, net.select() as sel:
            with self.assertRaises(libflow.NotFoundError):
                sel.significance("cohesion")
            with self.assertRaises(libflow.InvalidArgument):
                sel.significance("group_cohesion", "bloc", samples=0)
            with self.assertRaises(libflow.InvalidArgument):
                sel.significance("group_cohesion", "bloc", null="bernoulli")
            net.add_member("one", "A")
            with self.assertRaisesRegex(libflow.InvalidArgument, "at least 2"):
                sel.significance("group_cohesion", "one")

    def test_brokerage_and_agreement_on_china(self):
        with libflow.load(CHINA) as net, net.select(factors="capital", years=2020) as sel:
            groups = ["yangtze-river-delta", "greater-bay-area", "chengdu-chongqing"]
            t = sel.significance("brokerage", groups, samples=50)
            self.assertEqual(t["statistic"], list(libflow.BROKERAGE_ROLES))
            self.assertEqual(set(t["moments"]), {"analytic"})
            b = sel.brokerage(groups)
            for role, observed in zip(t["statistic"], t["observed"]):
                self.assertEqual(observed, sum(b[role]))
            a = sel.significance("agreement", groups, samples=50)
            self.assertEqual(a["statistic"], ["nmi", "ari"])
            self.assertEqual(a.meta["null"], "permutation")
            self.assertEqual(a["expected"][1], 0.0)
            for p in a["p_value"]:
                self.assertTrue(1 / 51 <= p <= 1)


if __name__ == "__main__":
    unittest.main()

"""report() and draw() (libflow/report.py, over flow_report_string()): the
page and the drawing come back as text and in files, parse as XML where
they should, carry the caution of modelled data, escape names, and work on
real data sets with and without coordinates."""
import os
import unittest
import xml.etree.ElementTree as ET

import libflow
from flowtest import CHINA, TestCase, shared, tmpdir

SECTIONS = ["data", "summary", "maps", "hubs", "bottleneck", "clusters", "matrix", "trends",
            "inference"]


class TestReport(TestCase):
    def test_report_of_a_selection(self):
        d = tmpdir(self)
        with libflow.load(CHINA) as net:
            sel = net.select(factors="technology", years=(2021, 2022))
            path = os.path.join(d, "r.html")
            text = sel.report(path, sources=["CN-SH"], sinks=["CN-XJ"], label_attr="name_zh",
                              method="leiden", seed=3)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), text)
            for s in SECTIONS:
                self.assertEqual(text.count('<section id="%s">' % s), 1, s)
            self.assertIn("Modelled, not observed.", text)
            self.assertIn("上海", text)              # name_zh labels
            self.assertIn('class="e cut"', text)     # the cut on the map
            self.assertIn('data-years="all,2021,2022"', text)
            # the same call, the same page
            self.assertEqual(sel.report(sources="CN-SH", sinks="CN-XJ", label_attr="name_zh",
                                        method="leiden", seed=3), text)

    def test_inference_can_be_switched_off(self):
        with libflow.load(CHINA) as net:
            sel = net.select(factors="technology", years=2022)
            text = sel.report(samples=99, seed=5)
            self.assertIn("pseudo-R\u00b2 <strong>", text)   # the gravity fit
            self.assertIn("99 permutations, seed 5)", text)  # the agreement test
            self.assertIn('<svg class="scatter"', text)
            off = sel.report(gravity=False, significance=False)
            self.assertNotIn("pseudo-R", off)
            self.assertNotIn("permutations", off)
            self.assertIn("not asked for", off)
            with self.assertRaises(libflow.InvalidArgument):
                sel.report(samples=0)

    def test_draw_is_an_svg_document(self):
        d = tmpdir(self)
        with libflow.load(CHINA) as net:
            path = os.path.join(d, "m.svg")
            svg = libflow.draw(net.select(factors="capital", years=2022), path)
            root = ET.parse(path).getroot()
            self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
            ns = {"s": "http://www.w3.org/2000/svg"}
            self.assertGreater(len(root.findall(".//s:circle", ns)), 30)
            self.assertTrue(root.findall(".//s:path[@class='land']", ns))
            self.assertTrue(svg.startswith("<?xml"))
            # a Network is drawn whole
            self.assertIn("</svg>", libflow.draw(net, basemap=False))

    def test_names_with_markup_are_escaped(self):
        net = libflow.loads("source,target,factor,weight\n"
                            "\"<script>x</script>\",\"&\"\"'\",f,2\n\"&\"\"'\",c,f,1\n")
        with net:
            svg = libflow.draw(net, title="<t>")
            root = ET.fromstring(svg)  # well-formed whatever the names
            texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
            self.assertIn("<script>x</script>", texts)
            self.assertIn("&\"'", texts)
            self.assertNotIn("<script>x", svg)
            html = libflow.report(net)
            self.assertEqual(html.count("<script"), 2)  # the page's own

    def test_bad_arguments(self):
        with libflow.load(CHINA) as net:
            sel = net.select(factors="talent", years=2022)
            with self.assertRaises(libflow.InvalidArgument):
                sel.report(sources="CN-SH")
            with self.assertRaises(libflow.NotFoundError):
                sel.report(sources="CN-SH", sinks="CN-XJJ")
            with self.assertRaises(libflow.NotFoundError):
                sel.report(label_attr="name_z")
            with self.assertRaises(libflow.InvalidArgument):
                sel.report(alpha=1.5)
            with self.assertRaises(libflow.NotFoundError):
                sel.report(method="kmeans")
            with self.assertRaises(TypeError):
                libflow.report("data/china")

    def test_real_data_with_and_without_coordinates(self):
        with libflow.load(shared("eu_air_transport")) as net:  # lat, lon
            sel = net.select(factors=["Lufthansa", "Ryanair"])
            html = sel.report(significance=False)
            self.assertIn('<path class="land"', html)
            self.assertIn("at their coordinates", html)
        with libflow.load(shared("lazega_lawfirm")) as net:  # none: a layout
            html = net.select(factors="advice").report(max_edges=100, significance=False)
            self.assertNotIn('<path class="land"', html)
            self.assertIn("force-directed layout", html)
            self.assertRegex(html, r"\. 100 of \d+ flows drawn: ")


if __name__ == "__main__":
    unittest.main()

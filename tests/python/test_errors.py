"""Error mapping: status code -> exception class, message, location."""

import os
import pickle

import libflow
from libflow import errors
from flowtest import TestCase, small, tmpdir, write


class TestErrorClasses(TestCase):
    def test_mapping(self):
        table = {
            -1: (libflow.FlowError, Exception),
            -2: (libflow.OutOfMemory, MemoryError),
            -3: (libflow.InvalidArgument, ValueError),
            -4: (libflow.FlowIOError, OSError),
            -5: (libflow.ParseError, ValueError),
            -6: (libflow.NotFoundError, KeyError),
            -7: (libflow.MisuseError, RuntimeError),
            -8: (libflow.ConvergenceError, ArithmeticError),
            -9: (libflow.Interrupted, libflow.FlowError),
            -10: (libflow.LimitError, ValueError),
        }
        for code, (cls, builtin) in table.items():
            e = errors.make_error(code, "message %d" % code, "f.csv", 3, 4)
            self.assertIs(type(e), cls)
            self.assertIsInstance(e, libflow.FlowError)
            self.assertIsInstance(e, builtin)
            self.assertEqual((e.code, e.message, e.file, e.line, e.column),
                             (code, "message %d" % code, "f.csv", 3, 4))
            self.assertEqual(str(e), "message %d" % code)
            self.assertIn(cls.__name__, repr(e))
            back = pickle.loads(pickle.dumps(e))
            self.assertIs(type(back), cls)
            self.assertEqual((back.code, back.message, back.file, back.line, back.column),
                             (e.code, e.message, e.file, e.line, e.column))
            self.assertTrue(libflow.strerror(code))
        self.assertIs(type(errors.make_error(-99, "x")), libflow.FlowError)


class TestRealErrors(TestCase):
    def test_codes_from_the_library(self):
        d = tmpdir(self)
        net = small()
        self.addCleanup(net.close)
        long_field = "source,target,factor,weight\n%s,B,t,1\n" % ("x" * 70000)
        cases = [
            (libflow.ParseError, -5, lambda: libflow.loads("source,target,factor,weight\nA,B,t,x\n")),
            (libflow.NotFoundError, -6, lambda: net.add_flow("A", "Q", "t", 1)),
            (libflow.InvalidArgument, -3, lambda: net.add_flow("A", "B", "t", -2)),
            (libflow.FlowIOError, -4, lambda: net.export(os.path.join(d, "none", "x.json"))),
            (libflow.LimitError, -10, lambda: libflow.loads(long_field)),
        ]
        for cls, code, call in cases:
            with self.assertRaises(cls) as cm:
                call()
            self.assertEqual(cm.exception.code, code)
            self.assertTrue(cm.exception.message)

    def test_c_side_misuse(self):
        """A NULL handle reaches the library as FLOW_EMISUSE, not a crash."""
        from libflow import _ffi
        with self.assertRaises(libflow.MisuseError) as cm:
            _ffi.lib.flow_selection_build(None)
        self.assertIn("selection", str(cm.exception))

    def test_location_of_a_bad_csv(self):
        d = tmpdir(self)
        write(d, "nodes.csv", "id,name,kind,parent\nA,,region,\nB,,region,A\n")
        write(d, "flows.csv", "source,target,factor,weight,year\nA,B,talent,1,2020\n"
              "B,A,talent,1,20x0\n")
        with self.assertRaises(libflow.ParseError) as cm:
            libflow.load(d)
        e = cm.exception
        self.assertEqual((os.path.basename(e.file), e.line, e.column), ("flows.csv", 3, 14))
        self.assertTrue(e.message.startswith(e.file + ":3:14: "), e.message)
        # groups.csv errors name groups.csv
        write(d, "flows.csv", "source,target,factor,weight\nA,B,talent,1\n")
        write(d, "groups.csv", "group,member\ng,A\ng,Q\n")
        with self.assertRaises(libflow.NotFoundError) as cm:
            libflow.load(d)
        self.assertEqual((os.path.basename(cm.exception.file), cm.exception.line), ("groups.csv", 3))
        # a parent cycle in nodes.csv
        write(d, "groups.csv", "group,member\ng,A\n")
        write(d, "nodes.csv", "id,name,kind,parent\nA,,region,B\nB,,region,A\n")
        with self.assertRaises(libflow.FlowError) as cm:
            libflow.load(d)
        self.assertIn("nodes.csv", cm.exception.message)

    def test_load_limits(self):
        """load()'s limits (flow_io_options): passing one raises LimitError
        naming the file, the place and the limit; 0 is no limit."""
        from flowtest import CHINA
        cases = [({"max_flows": 100}, "flows.csv:102:1: more than 100 flows", "max_flows"),
                 ({"max_nodes": 5}, "nodes.csv:7:1: more than 5 nodes", "max_nodes"),
                 ({"max_file_size": 1024}, "nodes.csv: 3504 bytes or more, above the limit "
                  "of 1024", "max_file_size"),
                 ({"max_field": 3}, "nodes.csv:1:4: field longer than 3 bytes", "max_field")]
        for kw, text, limit in cases:
            with self.subTest(kw=kw):
                with self.assertRaises(libflow.LimitError) as cm:
                    libflow.load(CHINA, **kw)
                self.assertIn(text, cm.exception.message)
                self.assertIn(limit, cm.exception.message)
                self.assertIn(os.path.join(CHINA, ""), cm.exception.message)
        with libflow.load(CHINA, max_flows=0, max_nodes=0, max_file_size=0) as net:
            self.assertEqual((len(net), len(net.flows())), (58, 22644))
        # other tools' files, with import options, within the same limits
        d = tmpdir(self)
        write(d, "edges.txt", "From To\nA B\nB C\n")
        with self.assertRaises(libflow.LimitError) as cm:
            libflow.load(os.path.join(d, "edges.txt"), columns={"source": "From", "target": "To"},
                         max_nodes=2)
        self.assertIn("edges.txt:3:", cm.exception.message)
        self.assertIn("max_nodes", cm.exception.message)
        with self.assertRaises(libflow.InvalidArgument):  # above FLOW_IO_MAX_FIELD
            libflow.load(CHINA, max_field=65537)
        with self.assertRaises(OverflowError):
            libflow.load(CHINA, max_nodes=-1)
        with self.assertRaises(TypeError):
            libflow.load(CHINA, max_flows="10")

    def test_error_after_success_is_not_stale(self):
        with self.assertRaises(libflow.ParseError):
            libflow.loads("source,target,factor,weight\nA,B,t,x\n")
        with libflow.loads("source,target,factor,weight\nA,B,t,1\n") as net:
            with self.assertRaises(libflow.NotFoundError) as cm:
                net.node("C")
            self.assertIsNone(cm.exception.file)  # no location left over
            self.assertNotIn("<buffer>", cm.exception.message)

    def test_last_warning(self):
        # a directed acyclic graph: igraph warns that eigenvector centrality
        # is zero everywhere; the analysis succeeds and the warning is kept
        with libflow.loads("source,target,factor,weight\nA,B,t,1\nA,C,t,1\n") as net:
            sel = net.select()
            ev = sel.centrality("eigenvector")
            self.assertEqual(set(ev.to_dict().values()), {0.0})
            self.assertIn("acyclic", libflow.last_warning())
            sel.centrality("betweenness")  # the next igraph call, no warning
            self.assertEqual(libflow.last_warning(), "")

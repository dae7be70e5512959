"""_ffi.py against the C headers.

The headers (include/libflow/*.h and *.h.in) are parsed, not listed: every
FLOW_API declaration and every public struct typedef is compared with the
declaration table _ffi._DECLS and the ctypes Structures of _ffi, so the test
follows the API as it changes:

  - the same functions both ways: every FLOW_API function is declared, and
    nothing else is;
  - per function: the result type and each argument type agree in kind
    (void, double, an integer of the same width and signedness, a pointer)
    and, for pointers, in what they point to (a handle type by name, an
    options struct, text, numbers, a callback);
  - a function that hands back its result through a first argument named
    `out` and returns int has the status errcheck (a failure raises);
  - the option structs: the same fields in the same order with matching
    types, and the same size and offsets as the C layout computed from the
    header.
"""

import ctypes
import os
import re
import unittest

from libflow import _ffi
from flowtest import REPO, TestCase

INCLUDE = os.path.join(REPO, "include", "libflow")

# C integer types and their ctypes equivalents (width and signedness are
# what the comparison uses).
C_INTS = {
    "int": ctypes.c_int, "unsigned int": ctypes.c_uint, "unsigned": ctypes.c_uint,
    "long": ctypes.c_long, "unsigned long": ctypes.c_ulong,
    "size_t": ctypes.c_size_t, "int32_t": ctypes.c_int32, "uint32_t": ctypes.c_uint32,
    "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64, "char": ctypes.c_char,
}
C_FLOATS = {"double": ctypes.c_double, "float": ctypes.c_float}
TYPE_WORDS = set(w for t in list(C_INTS) + list(C_FLOATS) for w in t.split()) | {
    "void", "const", "signed"}
CALLBACKS = {"flow_progress_cb"}  # function pointer typedefs of common.h


def strip_comments(text):
    """The C text without comments and preprocessor lines."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", " ", text, flags=re.M)


def header_texts():
    """(file name, text) of each public header, comments stripped."""
    for name in sorted(os.listdir(INCLUDE)):
        if name.endswith(".h") or name.endswith(".h.in"):
            with open(os.path.join(INCLUDE, name), encoding="utf-8") as f:
                yield name, strip_comments(f.read())


def parse_type(decl, named=True):
    """'const char *const *names' -> ('char', 2, 'names'). With named, a
    trailing identifier that is not a type word is the name."""
    tokens = re.findall(r"[A-Za-z_]\w*|\*", decl)
    name = None
    if named and len(tokens) > 1 and tokens[-1] != "*" and tokens[-1] not in TYPE_WORDS:
        name = tokens.pop()
    words = [t for t in tokens if t not in ("*", "const", "struct")]
    return " ".join(words), tokens.count("*"), name


def split_args(args):
    args = args.strip()
    if args in ("", "void"):
        return []
    return [a.strip() for a in args.split(",")]


def c_functions():
    """{name: (file, return (base, nptr), [(base, nptr, argname)])}."""
    out = {}
    for fname, text in header_texts():
        for m in re.finditer(r"\bFLOW_API\b(.*?);", text, flags=re.S):
            body = " ".join(m.group(1).split())
            d = re.match(r"(?P<ret>.*?)\b(?P<name>flow_\w+)\s*\((?P<args>[^()]*)\)\s*$", body)
            if d is None:
                raise AssertionError("%s: cannot parse the declaration 'FLOW_API %s;'"
                                     % (fname, body))
            base, nptr, _ = parse_type(d.group("ret"), named=False)
            args = [parse_type(a) for a in split_args(d.group("args"))]
            if d.group("name") in out:
                raise AssertionError("%s: %s declared twice" % (fname, d.group("name")))
            out[d.group("name")] = (fname, (base, nptr), args)
    return out


def c_structs():
    """{typedef name: [(field, base, nptr)]} of the headers' struct typedefs
    that have a body (the option structs; handles are opaque)."""
    out = {}
    for fname, text in header_texts():
        for m in re.finditer(r"typedef\s+struct\s*\w*\s*\{(.*?)\}\s*(\w+)\s*;", text, flags=re.S):
            fields = []
            for stmt in m.group(1).split(";"):
                stmt = " ".join(stmt.split())
                if not stmt:
                    continue
                first, *more = stmt.split(",")
                base, nptr, name = parse_type(first)
                fields.append((name, base, nptr))
                prefix = first[: first.rindex(name)].rstrip(" *")
                for extra in more:  # int a, *b;
                    b2, n2, name2 = parse_type(prefix + " " + extra)
                    fields.append((name2, b2, n2))
            out[m.group(2)] = fields
    return out


# ---- the ctypes side ----------------------------------------------------------

def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def struct_c_name(cls):
    """The C typedef a ctypes Structure mirrors: handle classes carry the C
    name (flow_network), option classes the CamelCase of it
    (CentralityOptions -> flow_centrality_options)."""
    return cls.__name__ if cls.__name__.startswith("flow_") else "flow_" + _snake(cls.__name__)


def option_structures():
    return {struct_c_name(v): v for v in vars(_ffi).values()
            if isinstance(v, type) and issubclass(v, ctypes.Structure) and v is not ctypes.Structure
            and getattr(v, "_fields_", None)}


def is_pointer_type(t):
    return (t in (ctypes.c_void_p, ctypes.c_char_p, _ffi._Utf8, _ffi._Path)
            or (isinstance(t, type) and issubclass(t, (ctypes._Pointer, ctypes._CFuncPtr))))


def scalar_signature(t):
    """('int', size, signed) or ('float', size) for a ctypes scalar type."""
    if t in C_FLOATS.values():
        return ("float", ctypes.sizeof(t))
    if isinstance(t, type) and issubclass(t, ctypes._SimpleCData) and t._type_ in "bBhHiIlLqQ":
        return ("int", ctypes.sizeof(t), t(-1).value < 0)
    return None


def c_scalar_signature(base):
    if base in C_FLOATS:
        return scalar_signature(C_FLOATS[base])
    if base in C_INTS and base != "char":
        return scalar_signature(C_INTS[base])
    return None


def matches(base, nptr, t):
    """Does ctypes type t (None for void) fit the C type (base, nptr)?"""
    if nptr == 0:
        if base == "void":
            return t is None
        if base in CALLBACKS:
            return isinstance(t, type) and issubclass(t, ctypes._CFuncPtr)
        if base == "char":
            return t is ctypes.c_char
        sig = c_scalar_signature(base)
        if sig is not None:
            return scalar_signature(t) == sig
        # a struct by its typedef name
        return (isinstance(t, type) and issubclass(t, ctypes.Structure)
                and struct_c_name(t) == base)
    if base == "void" and nptr == 1:
        return is_pointer_type(t)  # void * takes any pointer
    if base == "char" and nptr == 1 and t in (ctypes.c_char_p, _ffi._Utf8, _ffi._Path):
        return True
    if base == "char" and nptr == 2 and t is ctypes.POINTER(ctypes.c_void_p):
        return True  # an owned string handed back (released with flow_free)
    if isinstance(t, type) and issubclass(t, ctypes._Pointer):
        return matches(base, nptr - 1, t._type_)
    return False


def describe(t):
    return "void" if t is None else getattr(t, "__name__", repr(t))


class TestDeclarations(TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(INCLUDE):
            raise unittest.SkipTest("headers not found at %s" % INCLUDE)
        cls.c = c_functions()
        cls.py = {}
        for name, restype, argtypes, check in _ffi._DECLS:
            if name in cls.py:
                raise AssertionError("_ffi declares %s twice" % name)
            cls.py[name] = (restype, argtypes, check)

    def test_parser_sees_the_api(self):
        # a sanity floor well under the API's size (the api_exports test
        # pins the exact set against the library)
        self.assertGreater(len(self.c), 60)
        fname, ret, args = self.c["flow_network_add_flow"]
        self.assertEqual(fname, "network.h")
        self.assertEqual(ret, ("int", 0))
        self.assertEqual([a[2] for a in args], ["net", "source", "target", "factor", "weight",
                                                "year"])
        self.assertEqual(self.c["flow_version"][2], [])
        self.assertEqual(self.c["flow_table_texts"][1], ("char", 2))

    def test_same_functions_both_ways(self):
        missing = sorted(set(self.c) - set(self.py))
        extra = sorted(set(self.py) - set(self.c))
        self.assertEqual(missing, [], "FLOW_API functions that _ffi does not declare")
        self.assertEqual(extra, [], "_ffi declarations of functions no header declares")

    def test_result_and_argument_types(self):
        problems = []
        for name in sorted(set(self.c) & set(self.py)):
            fname, (rbase, rptr), cargs = self.c[name]
            restype, argtypes, _ = self.py[name]
            if not matches(rbase, rptr, restype):
                problems.append("%s (%s): returns %s%s, _ffi says %s"
                                % (name, fname, rbase, " " + "*" * rptr if rptr else "",
                                   describe(restype)))
            if len(cargs) != len(argtypes):
                problems.append("%s (%s): %d arguments, _ffi declares %d"
                                % (name, fname, len(cargs), len(argtypes)))
                continue
            for k, ((base, nptr, argname), t) in enumerate(zip(cargs, argtypes)):
                if not matches(base, nptr, t):
                    problems.append("%s (%s): argument %d (%s) is %s%s, _ffi says %s"
                                    % (name, fname, k + 1, argname, base,
                                       " " + "*" * nptr if nptr else "", describe(t)))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_out_functions_raise_on_failure(self):
        problems = []
        for name in sorted(set(self.c) & set(self.py)):
            _, ret, cargs = self.c[name]
            if ret == ("int", 0) and cargs and cargs[0][2] == "out":
                if self.py[name][2] is not _ffi._status:
                    problems.append(name)
        self.assertEqual(problems, [], "status functions without the _status errcheck")

    def test_every_declared_function_is_in_the_library(self):
        for name in self.py:
            self.assertTrue(hasattr(_ffi.lib, name), name)

    def test_argument_names_are_the_headers(self):
        """_ffi._ARG_NAMES (the names in the checked-conversion messages)
        are the headers' parameter names, and every function taking a
        checked value (a number, text or path) has them."""
        for name, (_, _, args) in self.c.items():
            if name not in self.py:
                continue
            given = _ffi._ARG_NAMES.get(name)
            if given is not None:
                self.assertEqual(given.split(), [a[2] for a in args], name)
            elif any(t in _ffi._CHECKS for t in self.py[name][1]):
                self.fail("%s takes checked arguments but has no _ARG_NAMES entry" % name)


class TestOptionStructs(TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(INCLUDE):
            raise unittest.SkipTest("headers not found at %s" % INCLUDE)
        cls.c = c_structs()
        cls.py = option_structures()

    def test_parser_sees_the_structs(self):
        self.assertIn("flow_centrality_options", self.c)
        self.assertEqual(self.c["flow_centrality_options"][0], ("version", "unsigned int", 0))
        self.assertEqual(self.c["flow_centrality_options"][2], ("personalization", "char", 2))

    def test_same_structs_both_ways(self):
        self.assertEqual(sorted(self.c), sorted(self.py))

    def test_fields_and_layout(self):
        for cname in sorted(set(self.c) & set(self.py)):
            cls = self.py[cname]
            cfields = self.c[cname]
            with self.subTest(struct=cname):
                self.assertEqual([f[0] for f in cls._fields_], [f[0] for f in cfields])
                for (fname, t), (_, base, nptr) in zip(cls._fields_, cfields):
                    self.assertTrue(matches(base, nptr, t), "%s.%s is %s%s, %s says %s" % (
                        cname, fname, base, " " + "*" * nptr if nptr else "", cls.__name__,
                        describe(t)))
                # the C layout, laid out by ctypes from the header's types
                canon = []
                for fname, base, nptr in cfields:
                    if nptr:
                        canon.append((fname, ctypes.c_void_p))
                    else:
                        canon.append((fname, C_INTS.get(base) or C_FLOATS[base]))
                ref = type("C_" + cname, (ctypes.Structure,), {"_fields_": canon})
                self.assertEqual(ctypes.sizeof(cls), ctypes.sizeof(ref))
                for fname, _ in canon:
                    self.assertEqual(getattr(cls, fname).offset, getattr(ref, fname).offset,
                                     "%s.%s" % (cname, fname))


if __name__ == "__main__":
    unittest.main()

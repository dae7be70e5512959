"""The one module that touches ctypes (STYLE rule 24).

It finds and loads the shared library, checks its version, declares every C
function of the public API (one line each: name, result type, argument
types, errcheck), turns a failed status into a Python exception read from
the per-thread last error right after the call, and offers the few helpers
the other modules need to pass arrays, options and out-parameters without
importing ctypes themselves.

Conventions of the declarations:
  - opaque handles are pointers to empty Structures, one type per handle
    (flow_network, flow_selection, flow_table);
  - `_Utf8` arguments take a str (encoded to UTF-8), bytes or None (NULL);
  - every number, text and path passed to C is checked first (see "checked
    conversion" below): ctypes alone would cut a large int to its low bits
    and a text at its first NUL without a word;
  - functions returning a status have errcheck `_status`: a negative value
    raises FlowError (or a subclass) carrying the library's message, code
    and file/line/column;
  - functions returning a borrowed `const char *` have errcheck `_text`:
    they return a decoded str (or None for NULL).
"""

import ctypes
import ctypes.util
import numbers
import operator
import os
import sys
from ctypes import (CFUNCTYPE, POINTER, Structure, byref, c_char_p, c_double,
                    c_int, c_int64, c_size_t, c_uint, c_uint64, c_void_p)

from . import errors
from ._version import EXPECTED_LIBRARY, __version__

# ---- finding and loading the library --------------------------------------

_SONAMES = {
    "linux": ("libflow.so", "libflow.so.{major}"),
    "darwin": ("libflow.dylib", "libflow.{major}.dylib"),
    "win32": ("flow.dll", "libflow.dll"),
}


def _names():
    major = EXPECTED_LIBRARY[0]
    key = "win32" if sys.platform == "win32" else (
        "darwin" if sys.platform == "darwin" else "linux")
    return [n.format(major=major) for n in _SONAMES[key]]


def _candidates():
    """(description, path or name) in search order (STYLE rule 26)."""
    env = os.environ.get("LIBFLOW_LIBRARY")
    if env:
        if os.path.isdir(env):
            for n in _names():
                yield "LIBFLOW_LIBRARY", os.path.join(env, n)
        else:
            yield "LIBFLOW_LIBRARY", env
        return  # an explicit choice is never silently replaced
    here = os.path.dirname(os.path.abspath(__file__))
    for n in _names():
        p = os.path.join(here, n)
        if os.path.exists(p):
            yield "next to the package", p
    found = ctypes.util.find_library("flow")
    if found:
        yield "find_library('flow')", found
    # The dynamic loader's own search (LD_LIBRARY_PATH, rpath, ld.so.cache),
    # which find_library does not always consult.
    yield "system loader", _names()[-1]


def _load():
    tried = []
    for how, path in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s: %s (%s)" % (how, path, e))
    raise ImportError(
        "libflow: cannot load the libflow shared library; set LIBFLOW_LIBRARY "
        "to its path (e.g. build/libflow.so), put it next to the package, or "
        "install it on the system path. Tried:\n  " + "\n  ".join(tried))


cdll, library_path = _load()

cdll.flow_version.restype = c_char_p
cdll.flow_version.argtypes = []
library_version_string = cdll.flow_version().decode("ascii")
try:
    _found = tuple(int(x) for x in library_version_string.split(".")[:2])
except ValueError:
    _found = None
if _found != EXPECTED_LIBRARY:
    raise ImportError(
        "libflow: the Python package %s needs libflow %d.%d.x, but %s is %s "
        "(while the version is 0.x a minor release may change the API)"
        % (__version__, EXPECTED_LIBRARY[0], EXPECTED_LIBRARY[1], library_path,
           library_version_string))

# ---- constants (mirror the C headers) --------------------------------------

NO_YEAR = -2**31  # FLOW_NO_YEAR (INT32_MIN)
CENTRALITY_OPTIONS_VERSION = 2
CLUSTER_OPTIONS_VERSION = 2
BROKERAGE_OPTIONS_VERSION = 1
GRAVITY_OPTIONS_VERSION = 1
SIGNIFICANCE_OPTIONS_VERSION = 1
REPORT_OPTIONS_VERSION = 1
IO_OPTIONS_VERSION = 2
REPORT_HTML, REPORT_SVG = 0, 1  # FLOW_REPORT_*

# ---- handle types ------------------------------------------------------------


class flow_network(Structure):
    pass


class flow_selection(Structure):
    pass


class flow_table(Structure):
    pass


NetP = POINTER(flow_network)
SelP = POINTER(flow_selection)
TableP = POINTER(flow_table)

# ---- option structs (versioned; filled by the library's *_options_init) ----


class CentralityOptions(Structure):
    _fields_ = [("version", c_uint), ("damping", c_double),
                ("personalization", POINTER(c_char_p)),
                ("personalization_count", c_size_t), ("length", c_int),
                ("mode", c_int), ("normalized", c_int), ("sources", c_size_t),
                ("seed", c_uint64)]


class ClusterOptions(Structure):
    _fields_ = [("version", c_uint), ("seed", c_uint64), ("resolution", c_double),
                ("trials", c_int), ("steps", c_int), ("iterations", c_int)]


class BrokerageOptions(Structure):
    _fields_ = [("version", c_uint), ("weighting", c_int), ("closed_paths", c_int)]


class GravityOptions(Structure):
    _fields_ = [("version", c_uint), ("fixed_effects", c_int),
                ("masses", POINTER(c_char_p)), ("mass_count", c_size_t),
                ("distance", c_int), ("distance_file", c_char_p),
                ("same_group_any", c_int),
                ("same_groups", POINTER(c_char_p)), ("same_group_count", c_size_t),
                ("boundaries", POINTER(c_char_p)), ("boundary_count", c_size_t),
                ("contiguity_file", c_char_p), ("max_iterations", c_int),
                ("tolerance", c_double), ("strict", c_int)]


class SignificanceOptions(Structure):
    _fields_ = [("version", c_uint), ("null_model", c_int), ("samples", c_int),
                ("seed", c_uint64), ("method", c_int)]


class IoOptions(Structure):
    _fields_ = [("version", c_uint), ("max_file_size", c_uint64), ("max_field", c_size_t),
                ("max_nodes", c_size_t), ("max_flows", c_size_t), ("threads", c_uint)]


class ReportOptions(Structure):
    _fields_ = [("version", c_uint), ("what", c_int), ("title", c_char_p),
                ("from", POINTER(c_char_p)), ("from_count", c_size_t),
                ("to", POINTER(c_char_p)), ("to_count", c_size_t), ("label_attr", c_char_p),
                ("cluster_method", c_int), ("seed", c_uint64), ("max_edges", c_size_t),
                ("alpha", c_double), ("top", c_size_t), ("top_labels", c_size_t),
                ("basemap", c_int), ("gravity", c_int), ("significance", c_int),
                ("samples", c_int)]


# int (*flow_progress_cb)(double percent, const char *message, void *payload)
PROGRESS_CB = CFUNCTYPE(c_int, c_double, c_char_p, c_void_p)

# ---- argument conversion, errcheck ---------------------------------------


class _Utf8:
    """A `const char *` argument: str (UTF-8 encoded), bytes, or None."""

    @classmethod
    def from_param(cls, value):
        if value is None or isinstance(value, bytes):
            return value
        if isinstance(value, str):
            return value.encode("utf-8")
        raise TypeError("expected str, bytes or None, not %s" % type(value).__name__)


class _Path:
    """A file-system path argument: str or os.PathLike, file-system encoded."""

    @classmethod
    def from_param(cls, value):
        # None passes as NULL where the C function takes one (flow_export_selection)
        return None if value is None else os.fsencode(os.fspath(value))


def last_error():
    """The calling thread's last libflow error as an exception object."""
    code = lib.flow_last_error_code()
    raw = lib.flow_last_error()
    message = raw.decode("utf-8", "replace") if raw else ""
    f, line, col = c_char_p(), c_size_t(), c_size_t()
    if lib.flow_last_error_location(byref(f), byref(line), byref(col)):
        file = os.fsdecode(f.value) if f.value is not None else None
        loc = (file, line.value, col.value)
    else:
        loc = (None, None, None)
    return errors.make_error(code, message, *loc)


def _status(result, func, args):
    if result < 0:
        err = last_error()
        if err.code != result:
            # The library promises that the message describes the failure;
            # should the codes ever disagree, the returned status wins.
            err = errors.make_error(result, err.message or "%s: %s" % (
                func.__name__, strerror(result)), err.file, err.line, err.column)
        raise err
    return result


def _text(result, func, args):
    return None if result is None else result.decode("utf-8", "replace")


def strerror(code):
    return lib.flow_strerror(code).decode("utf-8", "replace")


# ---- the declarations --------------------------------------------------------

S = _Utf8
sz = c_size_t
i64 = c_int64
dbl = c_double
STRV = POINTER(c_char_p)
_ST, _TX = _status, _text

_DECLS = [
    # common.h, error.h, version.h
    ("flow_free", None, [c_void_p], None),
    ("flow_last_error", c_char_p, [], None),
    ("flow_last_error_code", c_int, [], None),
    ("flow_last_error_location", c_int, [POINTER(c_char_p), POINTER(sz), POINTER(sz)], None),
    ("flow_error_clear", None, [], None),
    ("flow_last_warning", c_char_p, [], None),
    ("flow_strerror", c_char_p, [c_int], None),
    ("flow_version", c_char_p, [], None),
    ("flow_version_of", c_char_p, [S], None),
    ("flow_version_number", c_int, [], None),
    # table.h
    ("flow_table_free", None, [TableP], None),
    ("flow_table_name", c_char_p, [TableP], None),
    ("flow_table_network", NetP, [TableP], None),
    ("flow_table_row_count", sz, [TableP], None),
    ("flow_table_column_count", sz, [TableP], None),
    ("flow_table_column_index", i64, [TableP, S], None),
    ("flow_table_column_name", c_char_p, [TableP, sz], None),
    ("flow_table_column_type", c_int, [TableP, sz], None),
    ("flow_table_doubles", POINTER(dbl), [TableP, sz], None),
    ("flow_table_ints", POINTER(i64), [TableP, sz], None),
    ("flow_table_texts", POINTER(c_char_p), [TableP, sz], None),
    ("flow_table_text", c_char_p, [TableP, sz, sz], None),
    ("flow_table_scalar_count", sz, [TableP], None),
    ("flow_table_scalar_name", c_char_p, [TableP, sz], None),
    ("flow_table_scalar", dbl, [TableP, S], None),
    ("flow_table_meta_count", sz, [TableP], None),
    ("flow_table_meta_key", c_char_p, [TableP, sz], None),
    ("flow_table_meta", c_char_p, [TableP, S], None),
    ("flow_table_part_count", sz, [TableP], None),
    ("flow_table_part_at", TableP, [TableP, sz], None),
    ("flow_table_part", TableP, [TableP, S], None),
    ("flow_table_compare", c_int, [POINTER(TableP), TableP, TableP], _ST),
    # registry.h
    ("flow_registry_list", c_int, [POINTER(TableP), S], _ST),
    ("flow_registry_lookup", c_int, [S, S], _ST),
    ("flow_registry_name", c_char_p, [S, c_int], _TX),
    # network.h
    ("flow_network_new", c_int, [POINTER(NetP)], _ST),
    ("flow_network_free", None, [NetP], None),
    ("flow_network_add_node", c_int, [NetP, S, S, S, S], _ST),
    ("flow_network_set_parent", c_int, [NetP, S, S], _ST),
    ("flow_network_set_number", c_int, [NetP, S, S, dbl], _ST),
    ("flow_network_set_text", c_int, [NetP, S, S, S], _ST),
    ("flow_network_add_factor", c_int, [NetP, S, S], _ST),
    ("flow_network_set_factor_kind", c_int, [NetP, S, c_int], _ST),
    ("flow_network_add_flow", c_int, [NetP, S, S, S, dbl, c_int], _ST),
    ("flow_network_add_member", c_int, [NetP, S, S, S], _ST),
    ("flow_network_node_count", sz, [NetP], None),
    ("flow_network_node_index", i64, [NetP, S], None),
    ("flow_network_node_id", c_char_p, [NetP, sz], _TX),
    ("flow_network_attr_index", i64, [NetP, S], None),
    ("flow_network_factor_count", sz, [NetP], None),
    ("flow_network_factor_index", i64, [NetP, S], None),
    ("flow_network_flow_count", sz, [NetP], None),
    ("flow_network_group_count", sz, [NetP], None),
    ("flow_network_group_index", i64, [NetP, S], None),
    ("flow_network_table", c_int, [POINTER(TableP), NetP, S], _ST),
    # io.h
    ("flow_io_load", c_int, [POINTER(NetP), _Path], _ST),
    ("flow_io_load_flows_buffer", c_int, [POINTER(NetP), c_char_p, sz, S], _ST),
    ("flow_io_options_init", c_int, [POINTER(IoOptions), c_uint], _ST),
    ("flow_io_load_with", c_int, [POINTER(NetP), _Path, POINTER(IoOptions)], _ST),
    ("flow_io_import", c_int, [POINTER(NetP), _Path, c_int, S], _ST),
    ("flow_io_import_with", c_int, [POINTER(NetP), _Path, c_int, S, POINTER(IoOptions)], _ST),
    # selection.h
    ("flow_selection_new", c_int, [POINTER(SelP), NetP], _ST),
    ("flow_selection_free", None, [SelP], None),
    ("flow_selection_set_factors", c_int, [SelP, STRV, sz], _ST),
    ("flow_selection_set_combine", c_int, [SelP, c_int], _ST),
    ("flow_selection_set_years", c_int, [SelP, c_int, c_int], _ST),
    ("flow_selection_set_directed", c_int, [SelP, c_int], _ST),
    ("flow_selection_set_level", c_int, [SelP, S], _ST),
    ("flow_selection_set_counterfactual", c_int, [SelP, c_int, STRV, sz], _ST),
    ("flow_selection_set_progress", c_int, [SelP, PROGRESS_CB, c_void_p], _ST),
    ("flow_selection_set_layer", c_int, [SelP, c_int, TableP], _ST),
    ("flow_selection_build", c_int, [SelP], _ST),
    ("flow_selection_network", NetP, [SelP], None),
    ("flow_selection_is_directed", c_int, [SelP], None),
    ("flow_selection_table", c_int, [POINTER(TableP), SelP], _ST),
    # summary.h
    ("flow_summary_compute", c_int, [POINTER(TableP), SelP], _ST),
    # export.h
    ("flow_export_string", c_int, [POINTER(c_void_p), NetP, c_int], _ST),
    ("flow_export_write", c_int, [NetP, c_int, _Path], _ST),
    ("flow_export_selection", c_int,
     [POINTER(c_void_p), SelP, POINTER(TableP), sz, c_int, _Path], _ST),
    # centrality.h
    ("flow_centrality_options_init", c_int, [POINTER(CentralityOptions), c_uint], _ST),
    ("flow_centrality_compute", c_int,
     [POINTER(TableP), SelP, c_int, POINTER(CentralityOptions)], _ST),
    # gravity.h
    ("flow_gravity_options_init", c_int, [POINTER(GravityOptions), c_uint], _ST),
    ("flow_gravity_fit", c_int, [POINTER(TableP), SelP, POINTER(GravityOptions)], _ST),
    # bottleneck.h
    ("flow_bottleneck_min_cut", c_int, [POINTER(TableP), SelP, STRV, sz, STRV, sz, c_int], _ST),
    ("flow_bottleneck_widest_path", c_int, [POINTER(TableP), SelP, S, S], _ST),
    ("flow_bottleneck_bridges", c_int, [POINTER(TableP), SelP], _ST),
    ("flow_bottleneck_articulation_points", c_int, [POINTER(TableP), SelP], _ST),
    ("flow_bottleneck_dominators", c_int, [POINTER(TableP), SelP, S], _ST),
    ("flow_bottleneck_must_cross", c_int, [POINTER(TableP), SelP, STRV, sz, STRV, sz], _ST),
    ("flow_bottleneck_critical_nodes", c_int,
     [POINTER(TableP), SelP, STRV, sz, STRV, sz], _ST),
    ("flow_bottleneck_critical_edges", c_int,
     [POINTER(TableP), SelP, STRV, sz, STRV, sz], _ST),
    ("flow_bottleneck_edge_betweenness", c_int, [POINTER(TableP), SelP, c_int], _ST),
    # cluster.h
    ("flow_cluster_options_init", c_int, [POINTER(ClusterOptions), c_uint], _ST),
    ("flow_cluster_detect", c_int,
     [POINTER(TableP), SelP, c_int, POINTER(ClusterOptions)], _ST),
    ("flow_cluster_from_groups", c_int, [POINTER(TableP), SelP, STRV, sz], _ST),
    ("flow_cluster_from_membership", c_int,
     [POINTER(TableP), SelP, POINTER(i64), sz], _ST),
    ("flow_cluster_modularity", c_int, [POINTER(dbl), SelP, POINTER(i64), sz, dbl], _ST),
    ("flow_cluster_compare", c_int, [POINTER(dbl), TableP, TableP, c_int], _ST),
    ("flow_cluster_kcore", c_int, [POINTER(TableP), SelP, c_int], _ST),
    ("flow_cluster_track", c_int,
     [POINTER(TableP), SelP, c_int, POINTER(ClusterOptions), dbl], _ST),
    # structure.h
    ("flow_structure_totals", c_int, [POINTER(TableP), SelP], _ST),
    ("flow_structure_net_flow", c_int, [POINTER(TableP), SelP], _ST),
    ("flow_structure_rank", c_int, [POINTER(sz), POINTER(dbl), sz, c_int], _ST),
    ("flow_structure_hhi", c_int, [POINTER(TableP), SelP, c_int], _ST),
    ("flow_structure_reciprocity", c_int, [POINTER(dbl), POINTER(dbl), SelP], _ST),
    ("flow_structure_backbone", c_int, [POINTER(TableP), SelP, dbl], _ST),
    ("flow_structure_series", c_int,
     [POINTER(TableP), SelP, S, POINTER(CentralityOptions)], _ST),
    # brokerage.h
    ("flow_brokerage_options_init", c_int, [POINTER(BrokerageOptions), c_uint], _ST),
    ("flow_brokerage_compute", c_int,
     [POINTER(TableP), SelP, POINTER(i64), sz, POINTER(BrokerageOptions)], _ST),
    ("flow_brokerage_from_groups", c_int,
     [POINTER(TableP), SelP, STRV, sz, POINTER(BrokerageOptions)], _ST),
    # significance.h
    ("flow_significance_options_init", c_int, [POINTER(SignificanceOptions), c_uint], _ST),
    ("flow_significance_test", c_int,
     [POINTER(TableP), SelP, c_int, STRV, sz, POINTER(SignificanceOptions)], _ST),
    # report.h
    ("flow_report_options_init", c_int, [POINTER(ReportOptions), c_uint], _ST),
    ("flow_report_string", c_int, [POINTER(c_void_p), SelP, POINTER(ReportOptions)], _ST),
]


# ---- checked conversion of the values passed to C ---------------------------
#
# ctypes converts silently: an int too large for a C int keeps its low bits
# (year 2**40 is stored as 0, years=2**32+2022 selects 2022), a text ends at
# its first NUL ("A\x00B" is "A", a path "data\x00junk" is "data"). Every
# value bound for C therefore goes through one of the checks below first,
# which raise TypeError (wrong type), OverflowError (outside the C type's
# range) or ValueError (an embedded NUL), naming the argument. The declared
# functions check their arguments by type (_declare), the option structs
# their fields (fill), the arrays their items (strv, int64s).


def _int_range(ctype):
    bits = 8 * ctypes.sizeof(ctype)
    return (-2**(bits - 1), 2**(bits - 1) - 1) if ctype(-1).value < 0 else (0, 2**bits - 1)


_INT_RANGES = {t: _int_range(t) for t in (c_int, c_uint, c_int64, c_uint64, c_size_t)}
_C_NAMES = {c_int: "C int", c_uint: "C unsigned int", c_int64: "int64_t",
            c_uint64: "uint64_t", c_size_t: "size_t"}


def check_int(value, what, ctype=c_int):
    """value as a Python int that fits ctype (bool counts as 0/1)."""
    if isinstance(value, (str, bytes, float)) or not hasattr(value, "__index__"):
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__))
    v = operator.index(value)
    lo, hi = _INT_RANGES[ctype]
    if not lo <= v <= hi:
        raise OverflowError("%s = %d is out of range: a %s holds %d to %d"
                            % (what, v, _C_NAMES[ctype], lo, hi))
    return v


def check_float(value, what):
    """value as a float (any real number but a bool-less text)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a number, not %s" % (what, type(value).__name__))
    try:
        return float(value)
    except OverflowError:
        raise OverflowError("%s = %d is too large for a C double" % (what, value)) from None


def check_text(value, what):
    """A `const char *`: str (UTF-8) or bytes without NUL, or None (NULL)."""
    if value is None:
        return None
    if isinstance(value, str):
        b = value.encode("utf-8")
    elif isinstance(value, bytes):
        b = value
    else:
        raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))
    if b"\0" in b:
        raise ValueError("%s must not contain a NUL character: %r" % (what, value))
    return b


def check_path(value, what):
    """A file-system path: str, bytes or os.PathLike without NUL, or None."""
    if value is None:
        return None
    try:
        b = os.fsencode(os.fspath(value))
    except TypeError:
        raise TypeError("%s must be a path (str, bytes or os.PathLike), not %s"
                        % (what, type(value).__name__)) from None
    if b"\0" in b:
        raise ValueError("%s must not contain a NUL character: %r" % (what, value))
    return b


def check_bytes(value, what):
    """A byte buffer passed with its size (NULs allowed): bytes only."""
    if not isinstance(value, bytes):
        raise TypeError("%s must be bytes, not %s" % (what, type(value).__name__))
    return value


_CHECKS = {c_double: check_float, _Utf8: check_text, _Path: check_path, c_char_p: check_bytes}
for _t in _INT_RANGES:
    _CHECKS[_t] = (lambda t: lambda v, what: check_int(v, what, t))(_t)

# The C parameter names of the functions that take checked values (the
# headers' names; tests/python/test_ffi.py compares them). A function not
# listed here names its arguments by position.
_ARG_NAMES = {
    "flow_strerror": "code",
    "flow_version_of": "component",
    "flow_table_column_index": "t name",
    "flow_table_column_name": "t c",
    "flow_table_column_type": "t c",
    "flow_table_doubles": "t c",
    "flow_table_ints": "t c",
    "flow_table_texts": "t c",
    "flow_table_text": "t c r",
    "flow_table_scalar_name": "t i",
    "flow_table_scalar": "t name",
    "flow_table_meta_key": "t i",
    "flow_table_meta": "t key",
    "flow_table_part_at": "t i",
    "flow_table_part": "t name",
    "flow_registry_list": "out family",
    "flow_registry_lookup": "family name",
    "flow_registry_name": "family value",
    "flow_network_add_node": "net id name kind parent",
    "flow_network_set_parent": "net id parent",
    "flow_network_set_number": "net id attr value",
    "flow_network_set_text": "net id attr value",
    "flow_network_add_factor": "net factor unit",
    "flow_network_set_factor_kind": "net factor kind",
    "flow_network_add_flow": "net source target factor weight year",
    "flow_network_add_member": "net group member role",
    "flow_network_node_index": "net id",
    "flow_network_node_id": "net i",
    "flow_network_attr_index": "net name",
    "flow_network_factor_index": "net name",
    "flow_network_group_index": "net name",
    "flow_network_table": "out net part",
    "flow_io_load": "out path",
    "flow_io_options_init": "opts version",
    "flow_io_load_with": "out path opts",
    "flow_io_load_flows_buffer": "out data size name",
    "flow_io_import": "out path format options",
    "flow_io_import_with": "out path format options limits",
    "flow_selection_set_factors": "sel factors n",
    "flow_selection_set_combine": "sel combine",
    "flow_selection_set_years": "sel first last",
    "flow_selection_set_directed": "sel directed",
    "flow_selection_set_level": "sel kind",
    "flow_selection_set_counterfactual": "sel kind names n",
    "flow_selection_set_layer": "sel layer gravity_fit",
    "flow_export_string": "out net format",
    "flow_export_write": "net format path",
    "flow_export_selection": "out sel results nresults format path",
    "flow_centrality_options_init": "opts version",
    "flow_centrality_compute": "out sel measure opts",
    "flow_gravity_options_init": "opts version",
    "flow_bottleneck_min_cut": "out sel sources nsources sinks nsinks with_flows",
    "flow_bottleneck_widest_path": "out sel source target",
    "flow_bottleneck_dominators": "out sel source",
    "flow_bottleneck_must_cross": "out sel sources nsources sinks nsinks",
    "flow_bottleneck_critical_nodes": "out sel sources nsources sinks nsinks",
    "flow_bottleneck_critical_edges": "out sel sources nsources sinks nsinks",
    "flow_bottleneck_edge_betweenness": "out sel length",
    "flow_cluster_options_init": "opts version",
    "flow_cluster_detect": "out sel method opts",
    "flow_cluster_from_groups": "out sel groups n",
    "flow_cluster_from_membership": "out sel membership n",
    "flow_cluster_modularity": "out sel membership n resolution",
    "flow_cluster_compare": "out a b measure",
    "flow_cluster_kcore": "out sel mode",
    "flow_cluster_track": "out sel method opts threshold",
    "flow_structure_rank": "order values n descending",
    "flow_structure_hhi": "out sel mode",
    "flow_structure_backbone": "out sel alpha",
    "flow_structure_series": "out sel measure opts",
    "flow_brokerage_options_init": "opts version",
    "flow_brokerage_compute": "out sel membership n opts",
    "flow_brokerage_from_groups": "out sel groups n opts",
    "flow_significance_options_init": "opts version",
    "flow_significance_test": "out sel test groups n opts",
    "flow_report_options_init": "opts version",
}


def _checked(fn, name, argtypes):
    """Wraps a declared function so that each number, text and path
    argument is checked (and converted) before ctypes sees it, and that a
    value ctypes still refuses raises TypeError (not ArgumentError)."""
    names = _ARG_NAMES.get(name, "").split()
    checks = [(i, _CHECKS[t], "%s: %s" % (name, names[i] if i < len(names)
                                          else "argument %d" % (i + 1)))
              for i, t in enumerate(argtypes) if t in _CHECKS]

    def call(*args):
        if checks and len(args) == len(argtypes):
            args = list(args)
            for i, check, what in checks:
                args[i] = check(args[i], what)
        try:
            return fn(*args)
        except ctypes.ArgumentError as e:
            raise TypeError("%s: %s" % (name, e)) from None
    call.__name__ = name
    call.argtypes = fn.argtypes
    return call


def fill(struct, _options, **values):
    """Sets fields of an option struct, each checked against its C type
    (a text field keeps its bytes alive on struct._keep)."""
    types = dict(struct._fields_)
    keep = struct.__dict__.setdefault("_keep", [])
    for field, value in values.items():
        t = types[field]
        name = "%s option %s" % (_options, field)
        if t in _INT_RANGES:
            value = check_int(value, name, t)
        elif t is c_double:
            value = check_float(value, name)
        elif t is c_char_p:
            value = check_text(value, name)
            keep.append(value)
        setattr(struct, field, value)


class _Functions:
    """The declared functions, by C name (what the other modules call)."""


def _declare():
    missing = []
    funcs = _Functions()
    for name, restype, argtypes, check in _DECLS:
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
        if check is not None:
            fn.errcheck = check
        if any(t in _CHECKS for t in argtypes):
            fn = _checked(fn, name, argtypes)
        setattr(funcs, name, fn)
    if missing:
        raise ImportError("libflow: %s lacks %s" % (library_path, ", ".join(missing)))
    return funcs


lib = _declare()
DECLARED = tuple(d[0] for d in _DECLS)

# ---- helpers for the other modules -------------------------------------------


def text(raw):
    """A borrowed `const char *` (bytes or None) decoded."""
    return None if raw is None else raw.decode("utf-8", "replace")


def free_table(ptr):
    lib.flow_table_free(ptr)


def new(fn, *args):
    """Calls fn(&out, *args) for a function whose first argument is an
    out-pointer to a handle, and returns the handle (a ctypes pointer)."""
    out = fn.argtypes[0]._type_()
    fn(byref(out), *args)
    return out


def strv(items, what="name"):
    """(array, count) for a `const char *const *` argument (None, 0 when
    items is None); each item checked as check_text()."""
    if items is None:
        return None, 0
    enc = []
    for s in items:
        if s is None:
            raise TypeError("%s must be a str, not None" % what)
        enc.append(check_text(s, what))
    arr = (c_char_p * max(len(enc), 1))(*enc)
    return arr, len(enc)


def int64s(values, what="value"):
    """(array, count) for a `const int64_t *` argument, items checked."""
    vals = [check_int(v, what, c_int64) for v in values]
    arr = (c_int64 * max(len(vals), 1))(*vals)
    return arr, len(vals)


def owned_string(fn, *args):
    """Calls fn(&out, *args) for a function handing back a `char *` to be
    released with flow_free(), and returns it decoded."""
    out = c_void_p()
    fn(byref(out), *args)
    try:
        return ctypes.string_at(out.value).decode("utf-8", "replace")
    finally:
        lib.flow_free(out)


def double_out(fn, *args):
    """Calls fn(&out, *args) for a function with one double out-parameter."""
    out = c_double()
    fn(byref(out), *args)
    return out.value


def reciprocity(sel):
    u, w = c_double(), c_double()
    lib.flow_structure_reciprocity(byref(u), byref(w), sel)
    return u.value, w.value


def rank(values, descending):
    n = len(values)
    vals = (c_double * max(n, 1))(*values)
    order = (c_size_t * max(n, 1))()
    lib.flow_structure_rank(order, vals, n, 1 if descending else 0)
    return list(order[:n])


def centrality_options(damping=0.85, personalization=None, length=0, mode=0,
                       normalized=False, sources=None, seed=1):
    o = CentralityOptions()
    lib.flow_centrality_options_init(byref(o), CENTRALITY_OPTIONS_VERSION)
    fill(o, "centrality", damping=damping, length=length, mode=mode,
         normalized=1 if normalized else 0)
    if personalization is not None:
        arr, n = strv(personalization, "personalization")
        o.personalization = arr
        o.personalization_count = n
        o._keep.append(arr)  # the array must outlive the call
    fill(o, "centrality", sources=sources or 0, seed=seed)
    return byref(o)


def gravity_options(fixed_effects=True, masses=None, distance="lat_lon", same_group=False,
                    same_groups=None, boundaries=None, contiguity=None, max_iterations=100,
                    tolerance=1e-10, strict=True):
    """A flow_gravity_options: distance "lat_lon", "none" or a file path."""
    o = GravityOptions()
    lib.flow_gravity_options_init(byref(o), GRAVITY_OPTIONS_VERSION)
    keep = []

    def text(value, what):
        b = check_path(value, "gravity option %s" % what)
        keep.append(b)
        return b
    o.fixed_effects = 1 if fixed_effects else 0
    if masses:
        arr, n = strv(masses, "masses")
        o.masses, o.mass_count = arr, n
        keep.append(arr)
    if distance is None or distance == "none":
        o.distance = 0
    elif distance == "lat_lon":
        o.distance = 1
    else:
        o.distance = 2
        o.distance_file = text(distance, "distance")
    o.same_group_any = 1 if same_group else 0
    if same_groups:
        arr, n = strv(same_groups, "same_group")
        o.same_groups, o.same_group_count = arr, n
        keep.append(arr)
    if boundaries:
        arr, n = strv(boundaries, "boundaries")
        o.boundaries, o.boundary_count = arr, n
        keep.append(arr)
    if contiguity is not None:
        o.contiguity_file = text(contiguity, "contiguity")
    o._keep = keep  # the arrays and strings must outlive the call
    fill(o, "gravity", max_iterations=max_iterations, tolerance=tolerance,
         strict=1 if strict else 0)
    return byref(o)


def cluster_options(seed=1, resolution=1.0, trials=0, steps=4, iterations=0):
    o = ClusterOptions()
    lib.flow_cluster_options_init(byref(o), CLUSTER_OPTIONS_VERSION)
    fill(o, "cluster", seed=seed, resolution=resolution, trials=trials, steps=steps,
         iterations=iterations)
    return byref(o)


def brokerage_options(weighting=0, closed_paths=False):
    o = BrokerageOptions()
    lib.flow_brokerage_options_init(byref(o), BROKERAGE_OPTIONS_VERSION)
    fill(o, "brokerage", weighting=weighting, closed_paths=1 if closed_paths else 0)
    return byref(o)


def significance_options(null_model=-1, samples=1000, seed=1, method=0):
    o = SignificanceOptions()
    lib.flow_significance_options_init(byref(o), SIGNIFICANCE_OPTIONS_VERSION)
    fill(o, "significance", null_model=null_model, samples=samples, seed=seed, method=method)
    return byref(o)


def report_options(what, title, sources, sinks, label_attr, method, seed, max_edges, alpha,
                   top, top_labels, basemap, gravity=True, significance=True, samples=999):
    o = ReportOptions()
    lib.flow_report_options_init(byref(o), REPORT_OPTIONS_VERSION)
    o._keep = []  # the arrays and strings must outlive the call
    fill(o, "report", what=what, title=title)
    if sources is not None:
        arr, n = strv(sources, "sources")
        setattr(o, "from", arr)  # a Python keyword: the C field's name
        o.from_count = n
        o._keep.append(arr)
    if sinks is not None:
        arr, n = strv(sinks, "sinks")
        o.to, o.to_count = arr, n
        o._keep.append(arr)
    fill(o, "report", label_attr=label_attr, seed=seed, max_edges=max_edges, alpha=alpha,
         top=top, top_labels=top_labels, basemap=1 if basemap else 0)
    if method is not None:
        fill(o, "report", cluster_method=method)
    fill(o, "report", gravity=1 if gravity else 0,
         significance=1 if significance else 0, samples=samples)
    return o

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
  - functions returning a status have errcheck `_status`: a negative value
    raises FlowError (or a subclass) carrying the library's message, code
    and file/line/column;
  - functions returning a borrowed `const char *` have errcheck `_text`:
    they return a decoded str (or None for NULL).
"""

import ctypes
import ctypes.util
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
CENTRALITY_OPTIONS_VERSION = 1
CLUSTER_OPTIONS_VERSION = 2
BROKERAGE_OPTIONS_VERSION = 1
GRAVITY_OPTIONS_VERSION = 1
SIGNIFICANCE_OPTIONS_VERSION = 1
REPORT_OPTIONS_VERSION = 1
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
                ("mode", c_int), ("normalized", c_int)]


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
    ("flow_io_import", c_int, [POINTER(NetP), _Path, c_int, S], _ST),
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


def _typed(fn):
    """Wraps a function taking caller-supplied strings so that a value of
    the wrong type raises TypeError (ctypes would raise its ArgumentError)."""
    def call(*args):
        try:
            return fn(*args)
        except ctypes.ArgumentError as e:
            raise TypeError("%s: %s" % (fn.__name__, e)) from None
    call.__name__ = fn.__name__
    call.argtypes = fn.argtypes
    return call


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
        if any(t is _Utf8 or t is _Path for t in argtypes):
            fn = _typed(fn)
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


def strv(items):
    """(array, count) for a `const char *const *` argument (None, 0 when
    items is None)."""
    if items is None:
        return None, 0
    enc = []
    for s in items:
        if not isinstance(s, (str, bytes)):
            raise TypeError("expected str, not %s" % type(s).__name__)
        enc.append(s.encode("utf-8") if isinstance(s, str) else s)
    arr = (c_char_p * max(len(enc), 1))(*enc)
    return arr, len(enc)


def int64s(values):
    arr = (c_int64 * max(len(values), 1))(*values)
    return arr, len(values)


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
                       normalized=False):
    o = CentralityOptions()
    lib.flow_centrality_options_init(byref(o), CENTRALITY_OPTIONS_VERSION)
    o.damping = damping
    if personalization is not None:
        arr, n = strv(personalization)
        o.personalization = arr
        o.personalization_count = n
        o._keep = arr  # the array must outlive the call
    o.length = length
    o.mode = mode
    o.normalized = 1 if normalized else 0
    return byref(o)


def gravity_options(fixed_effects=True, masses=None, distance="lat_lon", same_group=False,
                    same_groups=None, boundaries=None, contiguity=None, max_iterations=100,
                    tolerance=1e-10, strict=True):
    """A flow_gravity_options: distance "lat_lon", "none" or a file path."""
    o = GravityOptions()
    lib.flow_gravity_options_init(byref(o), GRAVITY_OPTIONS_VERSION)
    keep = []

    def text(value):
        b = os.fsencode(value) if isinstance(value, os.PathLike) else (
            value.encode("utf-8") if isinstance(value, str) else value)
        keep.append(b)
        return b
    o.fixed_effects = 1 if fixed_effects else 0
    if masses:
        arr, n = strv(masses)
        o.masses, o.mass_count = arr, n
        keep.append(arr)
    if distance is None or distance == "none":
        o.distance = 0
    elif distance == "lat_lon":
        o.distance = 1
    else:
        o.distance = 2
        o.distance_file = text(distance)
    o.same_group_any = 1 if same_group else 0
    if same_groups:
        arr, n = strv(same_groups)
        o.same_groups, o.same_group_count = arr, n
        keep.append(arr)
    if boundaries:
        arr, n = strv(boundaries)
        o.boundaries, o.boundary_count = arr, n
        keep.append(arr)
    if contiguity is not None:
        o.contiguity_file = text(contiguity)
    o.max_iterations = max_iterations
    o.tolerance = tolerance
    o.strict = 1 if strict else 0
    o._keep = keep  # the arrays and strings must outlive the call
    return byref(o)


def cluster_options(seed=1, resolution=1.0, trials=0, steps=4, iterations=0):
    o = ClusterOptions()
    lib.flow_cluster_options_init(byref(o), CLUSTER_OPTIONS_VERSION)
    o.seed = seed
    o.resolution = resolution
    o.trials = trials
    o.steps = steps
    o.iterations = iterations
    return byref(o)


def brokerage_options(weighting=0, closed_paths=False):
    o = BrokerageOptions()
    lib.flow_brokerage_options_init(byref(o), BROKERAGE_OPTIONS_VERSION)
    o.weighting = weighting
    o.closed_paths = 1 if closed_paths else 0
    return byref(o)


def significance_options(null_model=-1, samples=1000, seed=1, method=0):
    o = SignificanceOptions()
    lib.flow_significance_options_init(byref(o), SIGNIFICANCE_OPTIONS_VERSION)
    o.null_model = null_model
    o.samples = samples
    o.seed = seed
    o.method = method
    return byref(o)
def report_options(what, title, sources, sinks, label_attr, method, seed, max_edges, alpha,
                   top, top_labels, basemap, gravity=True, significance=True, samples=999):
    o = ReportOptions()
    lib.flow_report_options_init(byref(o), REPORT_OPTIONS_VERSION)
    o.what = what
    o.title = title.encode("utf-8") if title is not None else None
    o._keep = []  # the arrays and strings must outlive the call
    if sources is not None:
        arr, n = strv(sources)
        setattr(o, "from", arr)  # a Python keyword: the C field's name
        o.from_count = n
        o._keep.append(arr)
    if sinks is not None:
        arr, n = strv(sinks)
        o.to, o.to_count = arr, n
        o._keep.append(arr)
    o.label_attr = label_attr.encode("utf-8") if label_attr is not None else None
    if method is not None:
        o.cluster_method = method
    o.seed = seed
    o.max_edges = max_edges
    o.alpha = alpha
    o.top = top
    o.top_labels = top_labels
    o.basemap = 1 if basemap else 0
    o.gravity = 1 if gravity else 0
    o.significance = 1 if significance else 0
    o.samples = samples
    return o


def progress_callback(pyfunc):
    """Wraps pyfunc(percent: float, message: bytes | None) -> int as a C
    flow_progress_cb. The caller must keep the returned object alive for as
    long as the library may call it."""
    return PROGRESS_CB(lambda percent, message, payload: pyfunc(percent, message))


NULL_PROGRESS = PROGRESS_CB()

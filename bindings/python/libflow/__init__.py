"""libflow: analysis of innovation-factor flow networks (Python bindings).

Pure ctypes over the libflow C library; results are plain dicts, lists and
dataclasses. The library is found via LIBFLOW_LIBRARY (a file or a folder),
next to this package, or on the system path.

    import libflow
    with libflow.load("data/china") as net:
        sel = net.select(factors=["technology"], years=(2018, 2022))
        pr = sel.centrality("pagerank")                  # {node id: value}
        cut = sel.min_cut(sources=["CN-SH"], sinks=["CN-XJ"])  # a Table
        part = sel.clusters("leiden", seed=1)            # a Table: .scalars["modularity"]

Conventions (weights are strengths, self-loops kept apart, ...) are those of
the C headers, include/libflow/*.h.
"""

from ._version import __version__
from . import _ffi
from .errors import (ConvergenceError, FlowError, FlowIOError, Interrupted, InvalidArgument,
                     LimitError, MisuseError, NotFoundError, OutOfMemory, ParseError)
from .network import Network, from_networkx, load, loads
from .results import Edge, Factor, Node
from .table import Table
from .selection import (BROKERAGE_ROLES, CENTRALITY_MEASURES, CLUSTER_METHODS, Selection,
                        compare, rank)

#: Export format names of Network.export().
EXPORT_FORMATS = ("json", "graphml", "gexf", "dot")
#: The year of an undated flow in Network.flows() (C: FLOW_NO_YEAR).
NO_YEAR = _ffi.NO_YEAR


def library_version():
    """The version of the loaded C library, "major.minor.patch"."""
    return _ffi.library_version_string


def library_path():
    """The file the C library was loaded from (or the name given to the
    system loader)."""
    return _ffi.library_path


def strerror(code):
    """The library's description of a status code."""
    return _ffi.strerror(code)


def last_warning():
    """igraph's warning from the last libflow call on this thread that ran
    igraph (e.g. eigenvector centrality on an acyclic graph), or ""."""
    return _ffi.lib.flow_last_warning().decode("utf-8", "replace")


__all__ = [
    "__version__", "library_version", "library_path", "strerror", "last_warning",
    "load", "loads", "from_networkx", "Network", "Selection", "compare", "rank",
    "Node", "Factor", "Edge", "Table",
    "FlowError", "ParseError", "NotFoundError", "InvalidArgument", "Interrupted", "OutOfMemory",
    "FlowIOError", "MisuseError", "ConvergenceError", "LimitError",
    "BROKERAGE_ROLES", "CENTRALITY_MEASURES", "CLUSTER_METHODS", "EXPORT_FORMATS", "NO_YEAR",
]

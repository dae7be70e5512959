"""libflow: analysis of innovation-factor flow networks (Python bindings).

Pure ctypes over the libflow C library. Every analysis returns a Table
(libflow.table.Table): columns as numpy arrays viewing the library's memory
(lists without numpy), .to_dict(), .to_pandas(), rows as dicts, .scalars,
.meta and .parts. The library is found via LIBFLOW_LIBRARY (a file or a
folder), next to this package, or on the system path.

    import libflow
    with libflow.load("data/china") as net:
        sel = net.select(factors=["technology"], years=(2018, 2022))
        pr = sel.centrality("pagerank")       # a Table: node, pagerank
        pr.to_dict()                          # {node id: value}
        cut = sel.min_cut(sources=["CN-SH"], sinks=["CN-XJ"])
        cut.scalars["value"], cut.parts["nodes"]
        part = sel.clusters("leiden", seed=1)
        part.scalars["modularity"], part.to_dict("cluster")

Conventions: a weight is a strength (more flow = a stronger tie; path
measures use 1/weight as the length by default); a node's flows to itself
are kept apart as its internal flow, not a self-loop; per-node values
follow the selection's vertex order, keyed by node id (after a roll-up to a
level, the id of the node that stands for the vertex); NaN marks an
undefined value. The names analyses accept come from the library's
registry: libflow.registry(), CENTRALITY_MEASURES, CLUSTER_METHODS, ...
"""

from ._version import __version__
from . import _ffi
from .errors import (ConvergenceError, FlowError, FlowIOError, Interrupted, InvalidArgument,
                     LimitError, MisuseError, NotFoundError, OutOfMemory, ParseError)
from .errors import MissingPathError
from .network import Network, from_networkx, load, loads
from .network import from_pandas, INPUT_FORMAT
from .choices import CENTRALITY, CLUSTER, FORMAT, ROLE, registry
from .results import Factor, Node
from .table import Table
from .selection import Selection, compare, rank
from .report import draw, report

#: Measure names of Selection.centrality(), in the library's order.
CENTRALITY_MEASURES = CENTRALITY.names
#: Method names of Selection.clusters().
CLUSTER_METHODS = CLUSTER.names
#: Role names of Selection.brokerage() (its columns), the total last.
BROKERAGE_ROLES = ROLE.names
#: Format names of Network.export().
EXPORT_FORMATS = FORMAT.names
#: Format names of load(..., format=...) (C: flow_io_import()).
INPUT_FORMATS = INPUT_FORMAT.names
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
    "load", "loads", "from_networkx", "from_pandas", "INPUT_FORMATS", "Network", "Selection", "compare", "rank",
    "Node", "Factor", "Table", "registry", "report", "draw",
    "FlowError", "ParseError", "NotFoundError", "InvalidArgument", "Interrupted", "OutOfMemory",
    "FlowIOError", "MisuseError", "ConvergenceError", "LimitError", "MissingPathError",
    "BROKERAGE_ROLES", "CENTRALITY_MEASURES", "CLUSTER_METHODS", "EXPORT_FORMATS", "NO_YEAR",
]

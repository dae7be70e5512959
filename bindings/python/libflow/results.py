"""Plain result types. Every value is copied out of the C result at once.

Conventions are the C library's (see the headers in include/libflow/):
weights are strengths, per-node values are keyed by node id (after any
roll-up, the id of the node that stands for the vertex), NaN marks an
undefined value (for instance closeness of a vertex that reaches nothing).
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple


@dataclass
class Node:
    """A network node. `parent` is the parent's id or None; `attrs` holds
    the attributes that have a value (numbers as float, text as str)."""
    id: str
    name: str
    kind: str
    parent: Optional[str] = None
    attrs: Dict[str, object] = field(default_factory=dict)


@dataclass
class Factor:
    """A factor (a layer of flows) and its unit (None when it has none)."""
    name: str
    unit: Optional[str] = None


@dataclass
class Edge:
    """An edge of a result list. factor is None when the edge sums every
    factor the selection keeps; weight is its weight in the selection; value
    is the measure's value (edge betweenness, loss, p-value...)."""
    source: str
    target: str
    factor: Optional[str]
    weight: float
    value: float


@dataclass
class CutEdge:
    """A minimum cut's edge broken down by factor: weight is that factor's
    contribution (the contributions of one edge sum to its weight)."""
    source: str
    target: str
    factor: str
    weight: float


@dataclass
class Cut:
    """A maximum flow / minimum cut between two node sets.

    value: the maximum flow (= the cut's total weight).
    edges: the cut per (edge, factor), in cut-edge order (heaviest edge
        first), largest contribution first within an edge.
    source_side / sink_side: node ids on each side of the cut.
    links: the cut's selection edges as a whole (factor None, value = weight).
    flows: one maximum flow: edges carrying flow, value = the flow on the
        edge, weight = its capacity (factor None).
    """
    value: float
    edges: List[CutEdge]
    source_side: Set[str]
    sink_side: Set[str] = field(default_factory=set)
    links: List[Edge] = field(default_factory=list)
    flows: List[Edge] = field(default_factory=list)


@dataclass
class Path:
    """A widest path: nodes from source to target ([] when none), its width
    (0 when none), the limiting edge (source, target, weight) or None, and
    the weight of every edge along it."""
    nodes: List[str]
    width: float
    limit: Optional[Tuple[str, str, float]]
    weights: List[float] = field(default_factory=list)


@dataclass
class Cluster:
    """One cluster of a partition, with its flow accounting (selection
    weights): internal flow, inflow, outflow, self-containment (internal /
    (internal + outflow)) and closure (internal / (internal + boundary)).
    label is the declared group's name for partitions made from groups."""
    index: int
    label: Optional[str]
    size: int
    members: List[str]
    internal: float
    inflow: float
    outflow: float
    self_containment: float
    closure: float


@dataclass
class Partition:
    """A partition of a selection's nodes.

    membership: {node id: cluster number}, clusters numbered canonically
        (0 for the first vertex, then in order of first appearance);
    modularity: standard modularity (resolution 1) on the selection's graph,
        directed when the selection is; NaN without edges;
    method: "leiden", ..., "groups" or "membership";
    clusters: per-cluster accounting; codelength: Infomap's (NaN otherwise).

    The partition keeps the library's copy for libflow.compare(); it is
    released with the Partition object (a pickled or copied Partition has
    the data only).
    """
    membership: Dict[str, int]
    modularity: float
    method: str
    clusters: List[Cluster]
    codelength: float = float("nan")
    _handle: object = field(default=None, repr=False, compare=False)

    def __len__(self):
        return len(self.clusters)

    def __getstate__(self):
        # Pickles and copies carry the data, not the library's copy: such a
        # partition cannot be passed to libflow.compare().
        state = dict(self.__dict__)
        state["_handle"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

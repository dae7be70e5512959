"""Plain result types. Every value is copied out of the C result at once.

Conventions are the C library's (see the headers in include/libflow/):
weights are strengths, per-node values are keyed by node id (after any
roll-up, the id of the node that stands for the vertex), NaN marks an
undefined value (for instance closeness of a vertex that reaches nothing).
"""

from dataclasses import dataclass, field
from typing import Dict, Optional


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

"""The small records Network hands back: nodes (Network.nodes, node()) and
factors (Network.factors). Every value is a copy made at once. Analyses and
the bulk readers return libflow.table.Table instead.
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

"""Networks: loading, building, reading, exporting."""

import math
import numbers
import os

from . import _ffi, errors
from ._ffi import lib
from ._handle import Handle
from .choices import FORMAT, document
from .results import Factor, Node
from .table import as_list, take

# File extensions of the export formats: ".<name>" of each, and ".gv".
_EXTENSIONS = dict({"." + name: name for name in FORMAT}, **{".gv": "dot"})


def _year_in(year):
    if year is None:
        return _ffi.NO_YEAR
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise TypeError("year must be an int or None, not %s" % type(year).__name__)
    return int(year)


def _format_code(format):
    """The C value of an export format name (any case)."""
    return FORMAT.value(format.lower() if isinstance(format, str) else format)


def _read_nodes(t, rows):
    """Node objects for some rows of a "nodes" table."""
    ids, names, kinds, parents = t["id"], t["name"], t["kind"], t["parent"]
    attrs = [(name, t[name], t.column_type(name) == "double") for name in t.column_names[4:]]
    out = []
    for i in rows:
        values = {}
        for name, col, numeric in attrs:
            v = col[i]
            if numeric:
                if not math.isnan(v):
                    values[name] = float(v)
            elif v is not None:
                values[name] = v
        out.append(Node(ids[i], names[i], kinds[i], parents[i], values))
    return out


def _unknown_node(netp, id):
    """Raises NotFoundError for an id known to be absent, with the library's
    message (it suggests the closest id). flow_network_set_text() checks the
    node before it would touch an attribute, so for an absent id it fails
    without changing anything."""
    if not isinstance(id, str):
        raise TypeError("node id must be a str, not %s" % type(id).__name__)
    lib.flow_network_set_text(netp, id, "_", None)
    raise errors.NotFoundError(errors.ENOTFOUND, "unknown node id '%s'" % id)


class Network(Handle):
    """A flow network: nodes, factors, flows and groups.

    Network() makes an empty network to build in code; libflow.load() reads
    one from CSV files. Close it with close() or a `with` block (selections
    and results made from it stay valid: the library counts references).
    """

    _what = "network"

    def __init__(self, _ptr=None):
        if _ptr is None:
            _ptr = _ffi.new(lib.flow_network_new)
        Handle.__init__(self, _ptr, lib.flow_network_free)
        self._nodes = None  # the "nodes" table, until a node or attribute changes

    def close(self):
        """Frees the C network now (see Handle.close)."""
        self._nodes = None  # its table holds a reference on the C network
        Handle.close(self)

    def _changing(self):
        """The live pointer of a network whose nodes are about to change."""
        p = self._open()
        self._nodes = None
        return p

    # ---- building ---------------------------------------------------------

    def add_node(self, id, name=None, kind=None, parent=None):
        """Adds a node (name defaults to the id, kind to "unknown")."""
        lib.flow_network_add_node(self._changing(), id, name, kind, parent)

    def set_parent(self, id, parent):
        """Sets node id's parent (None: a root). A cycle is refused."""
        lib.flow_network_set_parent(self._changing(), id, parent)

    def set_attr(self, node_id, name, value):
        """Sets an attribute: a number (stored as float), a str, or None to
        clear it. An attribute holds numbers or text for the whole network."""
        p = self._changing()
        if value is None:
            if lib.flow_network_attr_index(p, name) < 0:
                if lib.flow_network_node_index(p, node_id) < 0:
                    _unknown_node(p, node_id)
                return  # nothing to clear
            try:
                lib.flow_network_set_number(p, node_id, name, math.nan)
            except errors.InvalidArgument:  # the attribute holds text
                lib.flow_network_set_text(p, node_id, name, None)
        elif isinstance(value, str):
            lib.flow_network_set_text(p, node_id, name, value)
        elif isinstance(value, numbers.Real):
            lib.flow_network_set_number(p, node_id, name, float(value))
        else:
            raise TypeError("attribute value must be a number, a str or None, not %s"
                            % type(value).__name__)

    def add_factor(self, name, unit=None):
        """Declares a factor, or sets the unit of one that has none."""
        lib.flow_network_add_factor(self._open(), name, unit)

    def set_factor_kind(self, factor, kind):
        """Marks a factor as a "flow" (the default) or a "stock" (measured at
        a date, e.g. a headcount): a selection never adds a stock's years
        up (building it over several years raises InvalidArgument). A data
        folder's factors.csv (factor,unit,kind) sets it when loading."""
        kinds = {"flow": 0, "stock": 1}
        if kind not in kinds:
            raise errors.InvalidArgument(errors.EINVAL,
                                         "kind must be 'flow' or 'stock', not %r" % (kind,))
        lib.flow_network_set_factor_kind(self._open(), factor, kinds[kind])

    def add_flow(self, source, target, factor, weight, year=None):
        """Adds weight (finite, > 0) to the flow (source, target, factor,
        year); the factor is declared on first use."""
        lib.flow_network_add_flow(self._open(), source, target, factor, float(weight),
                                  _year_in(year))

    def add_member(self, group, member, role=None):
        """Adds a member to a group (created on first use)."""
        lib.flow_network_add_member(self._open(), group, member, role)

    # ---- reading ----------------------------------------------------------

    def __len__(self):
        return lib.flow_network_node_count(self._open())

    def __contains__(self, id):
        return isinstance(id, str) and lib.flow_network_node_index(self._open(), id) >= 0

    def table(self, part):
        """One part of the network as a libflow.table.Table, read in bulk
        (columns as numpy arrays, .to_pandas(), rows as dicts):

        "nodes": id, name, kind, parent (id or None), then one column per
            attribute (float, NaN when missing; or str, None when missing);
        "factors": name, unit (None when it has none);
        "flows": source, target, factor, weight, year (NO_YEAR when undated);
        "groups": group, member, role (None when none), one row per member;
        "provenance": one row: readme, modelled, caution (see provenance).

        Rows are in network order; an unknown part raises NotFoundError."""
        return take(lib.flow_network_table, self._open(), part, network=self)

    def _nodes_table(self):
        self._open()
        if self._nodes is None:
            self._nodes = self.table("nodes")
        return self._nodes

    @property
    def nodes(self):
        """Every node, in network order (list of Node)."""
        t = self._nodes_table()
        return _read_nodes(t, range(len(t)))

    def node(self, id):
        """The node with this id; NotFoundError (a KeyError) when unknown."""
        p = self._open()
        i = lib.flow_network_node_index(p, id)
        if i < 0:
            _unknown_node(p, id)
        return _read_nodes(self._nodes_table(), [i])[0]

    @property
    def attributes(self):
        """{attribute name: "number" or "text"}, in network order."""
        t = self._nodes_table()
        return {name: "number" if t.column_type(name) == "double" else "text"
                for name in t.column_names[4:]}

    @property
    def factors(self):
        """Every factor (list of Factor; unit None when it has none)."""
        t = self.table("factors")
        return [Factor(name, unit) for name, unit in zip(t["name"], t["unit"])]

    @property
    def groups(self):
        """{group name: [(member id, role or None), ...]}, in network order."""
        t = self.table("groups")
        out = {}
        for group, member, role in zip(t["group"], t["member"], t["role"]):
            out.setdefault(group, []).append((member, role))
        return out

    @property
    def provenance(self):
        """Where the data came from, as load() recorded it (table("provenance")):
        {"readme": the data folder's README.md ("DATA/README.md", or the one
        beside a lone flows file), None when there was none; "modelled": True
        when that README says the flows are modelled (the whole word, ASCII
        case ignored); "caution": the line to print with figures drawn from
        modelled flows, else None}. A network built in memory has no README."""
        row = next(iter(self.table("provenance")))
        return {"readme": row["readme"], "modelled": bool(row["modelled"]),
                "caution": row["caution"]}

    def flows(self):
        """Every flow, in order of first row, as a Table (table("flows")):
        columns source, target, factor (str), weight (float), year (int,
        libflow.NO_YEAR when undated); rows iterate as dicts."""
        return self.table("flows")

    # ---- selections and summaries ----------------------------------------

    def select(self, factors=None, years=None, directed=True, level=None, combine="sum",
               without=None, without_group=None, without_corridor=None, with_flows=None):
        """A selection of this network to run analyses on.

        factors: a factor name or a list of them (None or []: every factor);
        years: None (all, undated flows included), a year, or (first, last)
            with None for an open end (undated flows are then left out);
        directed: False sums both directions into one edge;
        level: a kind to roll nodes up to along the parent links (e.g.
            "region"), or None;
        combine: "sum" adds raw weights, "share" first divides each factor's
            weights by its total (to mix units).

        Counterfactuals (C: flow_selection_set_counterfactual()):
        without: node ids to leave out (with the nodes below them and all
            their flows; removed nodes have no row in any result);
        without_group: groups whose members are left out;
        without_corridor: (A, B) pairs, each side a node id or a group: the
            flows between the sides (both directions) are dropped;
        with_flows: paths of flow files or data folders whose flows are
            added (known nodes and factors only).
        Compare with the baseline: base_table.compare_with(cf_table).
        """
        from .selection import Selection
        return Selection(self, factors=factors, years=years, directed=directed,
                         level=level, combine=combine, without=without,
                         without_group=without_group, without_corridor=without_corridor,
                         with_flows=with_flows)

    def summary(self, **select_kwargs):
        """The summary of a selection (the whole network by default) as a
        dict: nodes, edges, flows, density, reciprocity,
        weighted_reciprocity, kinds, factors, years (Selection.summary())."""
        with self.select(**select_kwargs) as sel:
            return sel.summary()

    # ---- export -----------------------------------------------------------

    def export(self, path, format=None):
        """Writes the whole network to a file, replaced atomically.

        format (None: from the file's extension, .gv is dot):
            {formats}
        """
        if format is None:
            ext = os.path.splitext(os.fspath(path))[1].lower()
            format = _EXTENSIONS.get(ext)
            if format is None:
                raise errors.InvalidArgument(
                    errors.EINVAL, "cannot tell the export format from %r: pass "
                    "format= (one of %s)" % (os.fspath(path), ", ".join(FORMAT)))
        lib.flow_export_write(self._open(), _format_code(format), path)

    def export_string(self, format="json"):
        """The whole network as text in a format (as export())."""
        code = _format_code(format)
        return _ffi.owned_string(lib.flow_export_string, self._open(), code)

    # ---- networkx -----------------------------------------------------------

    def to_networkx(self):
        """A networkx.MultiDiGraph: one node per network node (data: name,
        kind, parent when it has one, and its attributes), one edge per flow
        (data: factor, weight, year when dated). G.graph holds "factors"
        ({name: unit or None}) and "groups" (as Network.groups)."""
        self._open()
        import networkx as nx
        g = nx.MultiDiGraph()
        g.graph["factors"] = {f.name: f.unit for f in self.factors}
        g.graph["groups"] = self.groups
        for n in self.nodes:
            data = dict(n.attrs)
            data.update(name=n.name, kind=n.kind)
            if n.parent is not None:
                data["parent"] = n.parent
            g.add_node(n.id, **data)
        f = self.flows()
        for s, t, factor, w, y in zip(f["source"], f["target"], f["factor"],
                                      as_list(f["weight"]), as_list(f["year"])):
            data = {"factor": factor, "weight": w}
            if y != _ffi.NO_YEAR:
                data["year"] = y
            g.add_edge(s, t, **data)
        return g

    def __repr__(self):
        if self.closed:
            return "<libflow.Network (closed)>"
        p = self._ptr
        return "<libflow.Network: %d nodes, %d factors, %d flows, %d groups>" % (
            lib.flow_network_node_count(p), lib.flow_network_factor_count(p),
            lib.flow_network_flow_count(p), lib.flow_network_group_count(p))


def load(path):
    """Loads a data set folder (flows.csv, optional nodes.csv and
    groups.csv) or a lone flows CSV file. Raises ParseError, NotFoundError,
    FlowIOError... with the file, line and column of the problem."""
    return Network(_ffi.new(lib.flow_io_load, path))


def loads(text, name=None):
    """Loads a flows table (the content of a flows.csv) from a str or bytes.
    `name` stands for the file name in error messages ("<buffer>")."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return Network(_ffi.new(lib.flow_io_load_flows_buffer, data, len(data), name))


def from_networkx(graph, factor="flow", weight="weight"):
    """A Network from a networkx graph (the inverse of Network.to_networkx()).

    Nodes become nodes (ids are str(node); data "name", "kind", "parent" are
    the node fields, other number or str data become attributes). Edges
    become flows: factor from the edge's "factor" data (else `factor`),
    weight from `weight` (default 1), year from "year". An undirected
    graph's edge {u, v} becomes one flow u -> v (select directed=False).
    G.graph["factors"] ({name: unit}) and G.graph["groups"] are restored.
    """
    net = Network()
    try:
        nodes = list(graph.nodes(data=True))
        for n, data in nodes:
            net.add_node(str(n), data.get("name"), data.get("kind"))
        for n, data in nodes:
            if data.get("parent") is not None:
                net.set_parent(str(n), str(data["parent"]))
            for key, value in data.items():
                if key in ("name", "kind", "parent") or value is None:
                    continue
                if isinstance(value, (str, numbers.Real)) and not isinstance(value, bool):
                    net.set_attr(str(n), key, value)
        for name, unit in (graph.graph.get("factors") or {}).items():
            net.add_factor(name, unit)
        for u, v, data in graph.edges(data=True):
            net.add_flow(str(u), str(v), data.get("factor", factor), data.get(weight, 1.0),
                         data.get("year"))
        for group, members in (graph.graph.get("groups") or {}).items():
            for member, role in members:
                net.add_member(group, member, role)
    except BaseException:
        net.close()
        raise
    return net


# The list in the docstring, from the library's registry.
document(Network.export, formats=FORMAT.listing())

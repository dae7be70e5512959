"""Networks: loading, building, reading, exporting."""

import math
import numbers
import os
from ctypes import byref, c_size_t, c_uint64

from . import _ffi, errors
from ._ffi import lib
from ._handle import Handle, uses_handle
from .choices import FORMAT, Choices, document
from .results import Factor, Node
from .table import as_list, take


def _extensions():
    """{".ext": format name}: the registry's "extensions" parameter of each
    export format (the one list flowctl uses too: .gv is dot)."""
    from .choices import registry
    params = registry("format").parts["parameters"]
    out = {}
    for entry, name, default in zip(params["entry"], params["name"], params["default"]):
        if name == "extensions":
            for ext in default.split():
                out["." + ext] = entry
    return out


_EXTENSIONS = _extensions()
INPUT_FORMAT = Choices.from_registry("input_format")


def _year_in(year):
    if year is None:
        return _ffi.NO_YEAR
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise TypeError("year must be an int or None, not %s" % type(year).__name__)
    return int(year)


def _format_of(path, format):
    """format, or the export format of path's extension."""
    if format is not None:
        return format
    ext = os.path.splitext(os.fspath(path))[1].lower()
    format = _EXTENSIONS.get(ext)
    if format is None:
        raise errors.InvalidArgument(
            errors.EINVAL, "cannot tell the export format from %r: pass "
            "format= (one of %s)" % (os.fspath(path), ", ".join(FORMAT)))
    return format


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
        self._py_ids = None  # from_networkx(): {id: the graph's own node object}

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

    @uses_handle
    def add_node(self, id, name=None, kind=None, parent=None):
        """Adds a node (name defaults to the id, kind to "unknown")."""
        lib.flow_network_add_node(self._changing(), id, name, kind, parent)

    @uses_handle
    def set_parent(self, id, parent):
        """Sets node id's parent (None: a root). A cycle is refused."""
        lib.flow_network_set_parent(self._changing(), id, parent)

    @uses_handle
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
            lib.flow_network_set_number(p, node_id, name, value)
        else:
            raise TypeError("attribute value must be a number, a str or None, not %s"
                            % type(value).__name__)

    @uses_handle
    def add_factor(self, name, unit=None):
        """Declares a factor, or sets the unit of one that has none."""
        lib.flow_network_add_factor(self._open(), name, unit)

    @uses_handle
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

    @uses_handle
    def add_flow(self, source, target, factor, weight, year=None):
        """Adds weight (finite, > 0) to the flow (source, target, factor,
        year). Nodes must exist (add_node() first: an unknown id raises
        NotFoundError), while a factor that does not exist yet is created
        by its first flow, without a unit (add_factor() gives it one): a
        factor is a layer name, not an entity with fields of its own. The C
        library's flow_network_add_flow() does the same."""
        lib.flow_network_add_flow(self._open(), source, target, factor, weight,
                                  _year_in(year))

    @uses_handle
    def add_member(self, group, member, role=None):
        """Adds a member to a group (created on first use)."""
        lib.flow_network_add_member(self._open(), group, member, role)

    # ---- reading ----------------------------------------------------------

    @uses_handle
    def __len__(self):
        return lib.flow_network_node_count(self._open())

    @uses_handle
    def __contains__(self, id):
        return (isinstance(id, str) and "\0" not in id
                and lib.flow_network_node_index(self._open(), id) >= 0)

    def node_key(self, id):
        """The graph's own node object for an id, when the network was made
        by from_networkx() (int nodes come back as ints); else the id."""
        return self._py_ids.get(id, id) if self._py_ids else id

    def __iter__(self):
        """Iterates over the node ids, in network order."""
        return iter(list(self._nodes_table()["id"]))

    def __getitem__(self, id):
        """net["CN-BJ"]: the Node with this id (as node()); NotFoundError,
        a KeyError, when there is none."""
        return self.node(id)

    @uses_handle
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

    @uses_handle
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

    @uses_handle
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

    @uses_handle
    def export(self, path, format=None):
        """Writes the whole network to a file, replaced atomically.

        format (None: from the file's extension; .gv is dot):
            {formats}
        GraphML: node "name" is the id and "label" the display name
        (python-igraph's convention); GEXF is dynamic over years (spells);
        gexf12 is the GEXF 1.2 that networkx 2.x reads. For a selection with
        computed columns, use Selection.export().
        """
        lib.flow_export_write(self._open(), _format_code(_format_of(path, format)), path)

    @uses_handle
    def export_string(self, format="json"):
        """The whole network as text in a format (as export())."""
        code = _format_code(format)
        return _ffi.owned_string(lib.flow_export_string, self._open(), code)

    # ---- networkx -----------------------------------------------------------

    @uses_handle
    def to_networkx(self):
        """A networkx.MultiDiGraph: one node per network node (data: name,
        kind, parent when it has one, groups (names joined by ';') when it
        is in any, and its attributes), one edge per flow (data: factor,
        weight, year when dated, unit when the factor has one). G.graph
        holds "factors" and "groups" as JSON text ({name: unit or null};
        {group: [[member, role or null], ...]}), so that
        networkx.write_graphml() can write the graph. Node keys are the ids;
        a network made by from_networkx() gives back the graph's own node
        objects (ints stay ints)."""
        self._open()
        import json
        import networkx as nx
        key = self._py_ids.get if self._py_ids else (lambda x, d=None: x)
        g = nx.MultiDiGraph()
        factors = {f.name: f.unit for f in self.factors}
        groups = self.groups
        g.graph["factors"] = json.dumps(factors, ensure_ascii=False)
        g.graph["groups"] = json.dumps(groups, ensure_ascii=False)
        member_of = {}
        for group, members in groups.items():
            for member, _ in members:
                member_of.setdefault(member, []).append(group)
        for n in self.nodes:
            data = dict(n.attrs)
            data.update(name=n.name, kind=n.kind)
            if n.parent is not None:
                data["parent"] = key(n.parent, n.parent)
            if n.id in member_of:
                data["groups"] = ";".join(member_of[n.id])
            g.add_node(key(n.id, n.id), **data)
        f = self.flows()
        for s, t, factor, w, y in zip(f["source"], f["target"], f["factor"],
                                      as_list(f["weight"]), as_list(f["year"])):
            data = {"factor": factor, "weight": w}
            if y != _ffi.NO_YEAR:
                data["year"] = y
            if factors.get(factor):
                data["unit"] = factors[factor]
            g.add_edge(key(s, s), key(t, t), **data)
        return g

    def __repr__(self):
        try:
            return self._describe()
        except errors.MisuseError:  # closed (or inside a progress callback)
            return "<libflow.Network (closed)>" if self.closed else "<libflow.Network>"

    @uses_handle
    def _describe(self):
        p = self._open()
        return "<libflow.Network: %d nodes, %d factors, %d flows, %d groups>" % (
            lib.flow_network_node_count(p), lib.flow_network_factor_count(p),
            lib.flow_network_flow_count(p), lib.flow_network_group_count(p))

def load(path, format=None, columns=None, delimiter=None, default_factor=None,
         default_year=None, max_file_size=None, max_field=None, max_nodes=None,
         max_flows=None):
    """Loads a network from files.

    path: a data set folder (flows.csv, and optional nodes.csv and
    groups.csv), a lone flows CSV file, or another tool's file: GraphML
    (.graphml), GEXF (.gexf, 1.1 to 1.3), Pajek (.net), or a delimited edge
    list (.csv, .tsv, .txt; Gephi's edge table "Source,Target,Type,Id,
    Label,Weight" included; ',', ';', tab, '|' or blanks, detected).
    format: None (from the extension, then the content) or one of
        {input_formats}
    columns: for edge lists, {"source": "From", "target": "To", "weight":
        "Amount", "factor": ..., "year": ..., "unit": ...}: the header names
        (ASCII case ignored) of each field; by default source (or from),
        target (or to), weight (every weight 1 without one), factor, year,
        unit.
    delimiter: one character, or "comma", "semicolon", "tab", "pipe",
        "space" (default: detected from the first line).
    default_factor: the factor of flows that name none (default "flow");
    default_year: the year of flows that have none (default: none).
    max_file_size, max_field (bytes), max_nodes, max_flows: limits of the
        load (flow_io_options; None: the library's default of 2 GiB, 65536
        bytes, 10 million nodes, 100 million flows; 0: no limit). Passing
        one raises LimitError naming the file and the limit.

    Loading is all-or-nothing. A path that does not exist raises
    MissingPathError (both FileNotFoundError and libflow.NotFoundError);
    bad data raises ParseError with .file, .line and .column."""
    _ffi.check_path(path, "load: path")  # a NUL would cut the path short
    if not os.path.exists(os.fspath(path)):
        err = errors.MissingPathError(errors.ENOTFOUND,
                                      "%s: no such file or folder" % os.fspath(path))
        err.filename = os.fspath(path)  # OSError's field; no file:line location
        raise err
    items = []
    for key, value in (columns or {}).items():
        if key not in ("source", "target", "weight", "factor", "year", "unit"):
            raise errors.InvalidArgument(errors.EINVAL, "unknown column role %r (source, target, "
                                         "weight, factor, year, unit)" % key)
        items.append("%s=%s" % (key, value))
    if delimiter is not None:
        items.append("delimiter=%s" % ("comma" if delimiter == "," else delimiter))
    if default_factor is not None:
        items.append("default_factor=%s" % default_factor)
    if default_year is not None:
        items.append("default_year=%d" % _year_in(default_year))
    for item in items:
        if "," in item.split("=", 1)[1]:
            raise errors.InvalidArgument(errors.EINVAL, "import values must not hold a comma: %r"
                                         % item)
    limits = _ffi.IoOptions()
    lib.flow_io_options_init(byref(limits), _ffi.IO_OPTIONS_VERSION)
    for name, value, ctype in (("max_file_size", max_file_size, c_uint64),
                               ("max_field", max_field, c_size_t),
                               ("max_nodes", max_nodes, c_size_t),
                               ("max_flows", max_flows, c_size_t)):
        if value is not None:
            setattr(limits, name, _ffi.check_int(value, "load: " + name, ctype))
    code = -1 if format is None else INPUT_FORMAT.value(format)
    return Network(_ffi.new(lib.flow_io_import_with, path, code, ",".join(items) or None,
                            byref(limits)))


def loads(text, name=None):
    """Loads a flows table (the content of a flows.csv) from a str or bytes.
    `name` stands for the file name in error messages ("<buffer>"); a
    bytes-like object (bytearray, memoryview) is read as bytes."""
    if isinstance(text, str):
        data = text.encode("utf-8")
    elif isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
    else:  # bytes(5) would be five NUL bytes
        raise TypeError("loads() takes a str or bytes, not %s" % type(text).__name__)
    return Network(_ffi.new(lib.flow_io_load_flows_buffer, data, len(data), name))


def from_networkx(graph, factor="flow", weight="weight"):
    """A Network from a networkx graph (the inverse of Network.to_networkx()).

    Nodes become nodes: libflow ids are text, so a node's id is str(node),
    and the network remembers the graph's own node objects:
    to_networkx() gives them back (karate's ints stay ints), and
    node_key(id) maps an id of a result to the graph's node. Node data
    "name", "kind", "parent" and "groups" (names joined by ';') are the
    node fields; other number or str data become attributes. Edges become
    flows: factor from the edge's "factor" data (else `factor`), weight
    from `weight` (default 1; it must be > 0), year from "year", unit from
    "unit". An undirected graph's edge {u, v} becomes one flow u -> v
    (select directed=False). G.graph["factors"] and G.graph["groups"]
    (dicts, or the JSON text to_networkx() writes) are restored.
    """
    import json
    net = Network()
    try:
        nodes = list(graph.nodes(data=True))
        ids = {}
        for n, data in nodes:
            ids[str(n)] = n
            net.add_node(str(n), data.get("name"), data.get("kind"))
        if any(not isinstance(n, str) for n in ids.values()):
            net._py_ids = ids
        groups = {}
        for n, data in nodes:
            if data.get("parent") is not None:
                net.set_parent(str(n), str(data["parent"]))
            for key, value in data.items():
                if key in ("name", "kind", "parent", "groups") or value is None:
                    continue
                if isinstance(value, (str, numbers.Real)) and not isinstance(value, bool):
                    net.set_attr(str(n), key, value)
            for g in (data.get("groups") or "").split(";"):
                if g.strip():
                    groups.setdefault(g.strip(), []).append((str(n), None))
        factors = graph.graph.get("factors") or {}
        if isinstance(factors, str):
            factors = json.loads(factors)
        for name, unit in factors.items():
            net.add_factor(name, unit)
        for u, v, data in graph.edges(data=True):
            name = data.get("factor", factor)
            if data.get("unit"):
                net.add_factor(name, data["unit"])
            net.add_flow(str(u), str(v), name, data.get(weight, 1.0), data.get("year"))
        declared = graph.graph.get("groups")
        if isinstance(declared, str):
            declared = json.loads(declared)
        for group, members in (declared or groups).items():
            for member, role in members:
                net.add_member(group, str(member), role)
    except BaseException:
        net.close()
        raise
    return net


def from_pandas(nodes=None, flows=None, groups=None, factor="flow"):
    """A Network from pandas DataFrames laid out like a data set's CSV files.

    nodes: columns id (required), name, kind, parent, and any others as
        attributes (numeric columns as numbers, others as text; NaN/None
        missing); may be None: nodes are then made from the flows.
    flows (required): columns source, target, weight, and optional factor
        (else `factor`), year (NaN/None: undated) and unit.
    groups: columns group, member and optional role.
    Every row goes through the same checks as add_node() and add_flow()
    (unknown ids raise NotFoundError); the network is closed on failure."""
    import pandas as pd
    if flows is None:
        raise errors.InvalidArgument(errors.EINVAL, "from_pandas needs a flows DataFrame")
    for col in ("source", "target"):
        if col not in flows.columns:
            raise errors.InvalidArgument(errors.EINVAL, "the flows DataFrame has no %r column "
                                         "(it has %s)" % (col, ", ".join(map(str, flows.columns))))

    def present(v):
        return v is not None and not (isinstance(v, float) and math.isnan(v)) and v is not pd.NA

    net = Network()
    try:
        if nodes is not None:
            if "id" not in nodes.columns:
                raise errors.InvalidArgument(errors.EINVAL, "the nodes DataFrame has no 'id' column")
            records = nodes.to_dict("records")
            for r in records:
                net.add_node(str(r["id"]), r.get("name") if present(r.get("name")) else None,
                             r.get("kind") if present(r.get("kind")) else None)
            attrs = [c for c in nodes.columns if c not in ("id", "name", "kind", "parent")]
            for r in records:
                if present(r.get("parent")):
                    net.set_parent(str(r["id"]), str(r["parent"]))
                for a in attrs:
                    v = r[a]
                    if present(v):
                        net.set_attr(str(r["id"]), str(a), v.item() if hasattr(v, "item") else v)
        else:
            for col in ("source", "target"):
                for n in flows[col]:
                    if str(n) not in net:
                        net.add_node(str(n))
        for r in flows.to_dict("records"):
            name = r.get("factor") if present(r.get("factor")) else factor
            if present(r.get("unit")):
                net.add_factor(name, r["unit"])
            year = r.get("year")
            net.add_flow(str(r["source"]), str(r["target"]), name,
                         r["weight"] if "weight" in r else 1.0,
                         int(year) if present(year) else None)
        if groups is not None:
            for r in groups.to_dict("records"):
                net.add_member(r["group"], str(r["member"]),
                               r.get("role") if present(r.get("role")) else None)
    except BaseException:
        net.close()
        raise
    return net


# The list in the docstring, from the library's registry.
document(Network.export, formats=FORMAT.listing())
document(load, input_formats=INPUT_FORMAT.listing())

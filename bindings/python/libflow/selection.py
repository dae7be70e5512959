"""Selections and the analyses that run on them.

A Selection picks factors, years, direction and level from a network and
builds one weighted graph that every analysis reuses (see
include/libflow/selection.h for the conventions: weights are strengths,
self-loops are kept apart as each node's internal flow, ...). Results are
copied into plain dicts, lists and dataclasses at once.
"""

import contextlib
import json
import math
import numbers

from . import _ffi, errors
from ._ffi import lib
from ._handle import Handle, callback_scope, check_not_in_callback, drain
from .network import _unknown_node
from .results import Cluster, Cut, CutEdge, Edge, Partition, Path
from .table import take

_COMBINE = {"sum": 0, "share": 1}
_LENGTH = {"inverse": 0, "unit": 1, "weight": 2}
_PATH_MODE = {"out": 0, "in": 1, "all": 2}
_KCORE_MODE = {"all": 0, "in": 1, "out": 2}
_HHI_MODE = {"out": 0, "in": 1, "total": 2}
_COMPARE = {"nmi": 0, "ari": 1, "vi": 2}
_WEIGHTING = {"min": 0, "product": 1, "geomean": 2}
_SUMMARY_TEXT, _SUMMARY_JSON = 0, 1


def _choice(value, table, what):
    try:
        return table[value]
    except (KeyError, TypeError):
        raise errors.InvalidArgument(
            errors.EINVAL, "unknown %s %r (choose %s)" % (what, value, ", ".join(table))) from None


def _names(value):
    """A node/group/factor name or an iterable of them -> list (None stays)."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)):
        return [value]
    return list(value)


def _years(years):
    no = _ffi.NO_YEAR
    if years is None:
        return no, no
    if isinstance(years, numbers.Integral) and not isinstance(years, bool):
        return int(years), int(years)
    if isinstance(years, range) and years.step == 1 and len(years):
        return years.start, years.stop - 1
    if isinstance(years, (tuple, list)) and len(years) == 2:
        first, last = years
        return (no if first is None else int(first)), (no if last is None else int(last))
    raise TypeError("years must be None, a year, (first, last) or a range, not %r" % (years,))


def _values(col):
    """A table column as a list of Python values."""
    return col.tolist() if hasattr(col, "tolist") else list(col)


def _free_after(ptr, free, read):
    try:
        return read(ptr)
    finally:
        free(ptr)


def _read_scores(s):
    n = lib.flow_scores_count(s)
    values = _ffi.doubles(lib.flow_scores_values(s), n)
    return {lib.flow_scores_id(s, v): values[v] for v in range(n)}


def _scores(s):
    return _free_after(s, lib.flow_scores_free, _read_scores)


def _factor_name(netp, f):
    return None if f < 0 else lib.flow_network_factor_name(netp, f)


def _read_edges(e, netp):
    return [Edge(lib.flow_edges_source_id(e, i), lib.flow_edges_target_id(e, i),
                 _factor_name(netp, lib.flow_edges_factor(e, i)),
                 lib.flow_edges_weight(e, i), lib.flow_edges_value(e, i))
            for i in range(lib.flow_edges_count(e))]


def _edges(e, netp):
    return _free_after(e, lib.flow_edges_free, lambda p: _read_edges(p, netp))


class _PartitionHandle(Handle):
    _what = "partition"

    def __init__(self, ptr):
        Handle.__init__(self, ptr, lib.flow_partition_free)


def _read_partition(p):
    n = lib.flow_partition_count(p)
    labels = _ffi.int64_list(lib.flow_partition_membership(p), n)
    ids = [lib.flow_partition_id(p, v) for v in range(n)]
    members = [[] for _ in range(lib.flow_partition_cluster_count(p))]
    for v, c in enumerate(labels):
        members[c].append(ids[v])
    clusters = [Cluster(c, lib.flow_partition_cluster_label(p, c),
                        lib.flow_partition_cluster_size(p, c), members[c],
                        lib.flow_partition_cluster_internal(p, c),
                        lib.flow_partition_cluster_inflow(p, c),
                        lib.flow_partition_cluster_outflow(p, c),
                        lib.flow_partition_cluster_self_containment(p, c),
                        lib.flow_partition_cluster_closure(p, c))
                for c in range(len(members))]
    return Partition(dict(zip(ids, labels)), lib.flow_partition_modularity(p),
                     lib.flow_partition_method(p), clusters,
                     lib.flow_partition_codelength(p))


def _partition(ptr):
    # The partition keeps its C copy (for compare()); it is freed with it.
    handle = _PartitionHandle(ptr)
    try:
        part = _read_partition(ptr)
    except BaseException:
        handle.close()
        raise
    part._handle = handle
    return part


class _Progress:
    """A Python progress callback as a C flow_progress_cb. Exceptions raised
    by the callable are caught (they must not unwind through C), stop the
    analysis, and are raised again once the C call has returned."""

    def __init__(self, func):
        self.func = func
        self.error = None
        self.cfunc = _ffi.progress_callback(self)

    def __call__(self, percent, message):
        with callback_scope():
            try:
                text = None if message is None else message.decode("utf-8", "replace")
                return 1 if self.func(percent, text) else 0
            except BaseException as e:  # incl. KeyboardInterrupt: stop, re-raise later
                self.error = e
                return 1


class Selection(Handle):
    """The part of a network an analysis runs on (made by Network.select())."""

    _what = "selection"

    def __init__(self, network, factors=None, years=None, directed=True, level=None,
                 combine="sum"):
        ptr = _ffi.new(lib.flow_selection_new, network._open())
        Handle.__init__(self, ptr, lib.flow_selection_free)
        self._network = network  # children keep their parent alive
        self._progress = None
        try:
            arr, n = _ffi.strv(_names(factors))
            lib.flow_selection_set_factors(ptr, arr, n)
            lib.flow_selection_set_years(ptr, *_years(years))
            lib.flow_selection_set_directed(ptr, 1 if directed else 0)
            lib.flow_selection_set_level(ptr, level)
            lib.flow_selection_set_combine(ptr, _choice(combine, _COMBINE, "combine mode"))
        except BaseException:
            self.close()
            raise

    # ---- plumbing ------------------------------------------------------------

    @property
    def network(self):
        """The Network this selection was made from."""
        return self._network

    def _netp(self, p):
        # The C network, borrowed from the selection: valid even after the
        # Network object was closed (the selection holds a reference).
        return lib.flow_selection_network(p)

    def _built(self):
        p = self._open()
        lib.flow_selection_build(p)
        return p

    @contextlib.contextmanager
    def _calling(self):
        """Runs a C analysis; re-raises an exception from the progress
        callback once the C call has returned."""
        prog = self._progress
        if prog is not None:
            prog.error = None
        try:
            yield
        except errors.FlowError as e:  # normally Interrupted
            if prog is not None and prog.error is not None:
                exc, prog.error = prog.error, None
                raise exc from e
            raise
        if prog is not None and prog.error is not None:
            exc, prog.error = prog.error, None
            raise exc

    def set_progress(self, callback):
        """Routes the progress of this selection's analyses to
        callback(percent: float, message: str | None); a true return value
        stops the analysis, which then raises Interrupted. An exception in
        the callback stops it too and is raised from the analysis. None
        removes the callback. The callback must not call libflow."""
        p = self._open()
        if callback is None:
            lib.flow_selection_set_progress(p, _ffi.NULL_PROGRESS, None)
            self._progress = None
            return
        if not callable(callback):
            raise TypeError("callback must be callable or None")
        prog = _Progress(callback)
        lib.flow_selection_set_progress(p, prog.cfunc, None)
        self._progress = prog  # keeps the C function pointer alive

    # ---- the graph -----------------------------------------------------------

    def build(self):
        """Builds the graph now (analyses do it themselves)."""
        self._built()

    @property
    def directed(self):
        return bool(lib.flow_selection_is_directed(self._open()))

    def table(self):
        """The built graph as a libflow.table.Table "graph", read in bulk:
        one row per edge (source, target, weight, source_vertex,
        target_vertex), part "vertices" (node, internal: the intra-node
        flow) and part "nodes" (every network node and its vertex). See
        flow_selection_table() in include/libflow/selection.h."""
        return take(lib.flow_selection_table, self._open(), network=self._network)

    def __len__(self):
        return len(self.table().parts["vertices"])

    @property
    def nodes(self):
        """Ids of the selection's nodes (vertices), in vertex order."""
        return list(self.table().parts["vertices"]["node"])

    def vertex_of(self, id):
        """Id of the selection node that stands for network node `id` (after
        the roll-up to the level: its ancestor of that kind, or itself)."""
        p = self._built()
        netp = self._netp(p)
        i = lib.flow_network_node_index(netp, id)
        if i < 0:
            _unknown_node(netp, id)
        t = self.table()
        return t.parts["vertices"]["node"][int(t.parts["nodes"]["vertex"][i])]

    def internal(self):
        """{node id: intra-node (self-loop) flow}, in vertex order."""
        v = self.table().parts["vertices"]
        return dict(zip(v["node"], _values(v["internal"])))

    def edges(self):
        """The selection's edges: Edge(source, target, None, weight, weight)."""
        t = self.table()
        return [Edge(s, d, None, w, w)
                for s, d, w in zip(t["source"], t["target"], _values(t["weight"]))]

    def _membership_array(self, membership, missing=None):
        """Labels in vertex order from {id: label} or a Partition. missing:
        the label of an absent vertex, or None to refuse absent vertices."""
        if isinstance(membership, Partition):
            membership = membership.membership
        ids = self.nodes
        if missing is None:
            absent = [i for i in ids if i not in membership]
            if absent:
                raise errors.InvalidArgument(
                    errors.EINVAL, "membership lacks %d selection node(s): %s"
                    % (len(absent), ", ".join(absent[:10])))
        labels = []
        for i in ids:
            label = membership.get(i, missing)
            if isinstance(label, bool) or not isinstance(label, numbers.Integral):
                raise TypeError("membership labels must be int, not %r for '%s'" % (label, i))
            labels.append(int(label))
        return _ffi.int64s(labels)

    # ---- summary -------------------------------------------------------------

    def _summary_format(self, format):
        p = self._open()
        s = _ffi.new(lib.flow_summary_new, p)
        try:
            return _ffi.owned_string(lib.flow_summary_format, s, format)
        finally:
            lib.flow_summary_free(s)

    def summary(self):
        """{"nodes", "edges", "flows", "density", "reciprocity", "kinds":
        {kind: count}, "factors": [{"name", "unit", "flows", "weight"}],
        "years": [{"year", "flows", "weight"}]} (year None for undated
        flows; density/reciprocity None when undefined)."""
        return json.loads(self._summary_format(_SUMMARY_JSON))

    def summary_text(self):
        """The summary as readable text."""
        return self._summary_format(_SUMMARY_TEXT)

    # ---- centrality -----------------------------------------------------------

    def centrality(self, measure="pagerank", damping=0.85, personalization=None,
                   length="inverse", mode="out", normalized=False):
        """One centrality measure for every node: {id: value}.

        measure: in_strength, out_strength, strength, net_flow, in_degree,
            out_degree, degree, pagerank, hub, authority, betweenness,
            closeness, harmonic, eigenvector, constraint, participation;
        damping, personalization (ids or group names): pagerank;
        length ("inverse" = 1/weight, "unit", "weight"): path measures;
        mode ("out", "in", "all"): closeness and harmonic;
        normalized: degrees, betweenness, closeness, harmonic.
        """
        p = self._open()
        m = lib.flow_centrality_measure_from_name(measure)
        opts = _ffi.centrality_options(damping, _names(personalization),
                                       _choice(length, _LENGTH, "length"),
                                       _choice(mode, _PATH_MODE, "path mode"), normalized)
        with self._calling():
            return _scores(_ffi.new(lib.flow_centrality_compute, p, m, opts))

    def net_flow(self):
        """{id: out-strength - in-strength} (> 0: net exporter)."""
        p = self._open()
        with self._calling():
            return _scores(_ffi.new(lib.flow_structure_net_flow, p))

    # ---- bottlenecks ----------------------------------------------------------

    def min_cut(self, sources, sinks):
        """Maximum flow and a minimum cut from sources to sinks (node ids or
        group names; a str or a list)."""
        p = self._open()
        netp = self._netp(p)
        a, na = _ffi.strv(_names(sources))
        b, nb = _ffi.strv(_names(sinks))
        with self._calling():
            cut = _ffi.new(lib.flow_bottleneck_min_cut, p, a, na, b, nb)
        try:
            source_side, sink_side = set(), set()
            for v in range(lib.flow_cut_node_count(cut)):
                node_id = lib.flow_network_node_id(netp, lib.flow_cut_node(cut, v))
                (source_side if lib.flow_cut_side(cut, v) == 1 else sink_side).add(node_id)
            links = []
            for i in range(lib.flow_cut_edge_count(cut)):
                w = lib.flow_cut_edge_weight(cut, i)
                links.append(Edge(lib.flow_cut_edge_source_id(cut, i),
                                  lib.flow_cut_edge_target_id(cut, i), None, w, w))
            by_factor = [CutEdge(e.source, e.target, e.factor, e.value)
                         for e in _edges(_ffi.new(lib.flow_cut_edges, cut), netp)]
            flows = _edges(_ffi.new(lib.flow_cut_flows, cut), netp)
            return Cut(lib.flow_cut_value(cut), by_factor, source_side, sink_side, links, flows)
        finally:
            lib.flow_cut_free(cut)

    def widest_path(self, source, target):
        """The widest (maximum-bottleneck) path from source to target."""
        p = self._open()
        with self._calling():
            path = _ffi.new(lib.flow_bottleneck_widest_path, p, source, target)
        try:
            n = lib.flow_path_count(path)
            nodes = [lib.flow_path_id(path, i) for i in range(n)]
            weights = [lib.flow_path_edge_weight(path, i) for i in range(max(n - 1, 0))]
            limit = None
            if lib.flow_path_limit(path) >= 0:
                limit = (lib.flow_path_limit_source_id(path), lib.flow_path_limit_target_id(path),
                         lib.flow_path_limit_weight(path))
            return Path(nodes, lib.flow_path_width(path), limit, weights)
        finally:
            lib.flow_path_free(path)

    def bridges(self):
        """Edges whose removal splits a component (undirected sense), heaviest
        first, lower vertex first: list of Edge (factor None)."""
        p = self._open()
        with self._calling():
            return _edges(_ffi.new(lib.flow_bottleneck_bridges, p), self._netp(p))

    def articulation_points(self):
        """Ids of the cut vertices (undirected sense), in vertex order."""
        p = self._open()
        with self._calling():
            scores = _scores(_ffi.new(lib.flow_bottleneck_articulation_points, p))
        return [i for i, v in scores.items() if v == 1]

    def dominators(self, source):
        """{id: id of its immediate dominator} for the nodes that `source`
        reaches; the source maps to None. Unreachable nodes are left out."""
        p = self._open()
        with self._calling():
            s = _ffi.new(lib.flow_bottleneck_dominators, p, source)

        def read(s):
            out = {}
            for v in range(lib.flow_scores_count(s)):
                d = lib.flow_scores_value(s, v)
                if math.isnan(d):
                    continue
                out[lib.flow_scores_id(s, v)] = None if d < 0 else lib.flow_scores_id(s, int(d))
            return out
        return _free_after(s, lib.flow_scores_free, read)

    def must_cross(self, sources, sinks):
        """Ids of the nodes every flow path from sources to sinks crosses,
        nearest to the sources first ([] when there is none, or when no sink
        is reachable)."""
        p = self._open()
        a, na = _ffi.strv(_names(sources))
        b, nb = _ffi.strv(_names(sinks))
        with self._calling():
            scores = _scores(_ffi.new(lib.flow_bottleneck_must_cross, p, a, na, b, nb))
        ranked = [(v, i) for i, v in scores.items() if not math.isnan(v) and v > 0]
        return [i for v, i in sorted(ranked)]

    def critical_nodes(self, sources=None, sinks=None):
        """{id: flow lost when the node is removed}: the drop of the maximum
        flow from sources to sinks (NaN for them), or without sets the loss of
        connected flow."""
        p = self._open()
        a, na = _ffi.strv(_names(sources))
        b, nb = _ffi.strv(_names(sinks))
        with self._calling():
            return _scores(_ffi.new(lib.flow_bottleneck_critical_nodes, p, a, na, b, nb))

    def critical_edges(self, sources=None, sinks=None):
        """Every edge with the flow lost when it is removed (value), largest
        loss first: list of Edge."""
        p = self._open()
        a, na = _ffi.strv(_names(sources))
        b, nb = _ffi.strv(_names(sinks))
        with self._calling():
            e = _ffi.new(lib.flow_bottleneck_critical_edges, p, a, na, b, nb)
        return _edges(e, self._netp(p))

    def edge_betweenness(self, length="inverse"):
        """Every edge with its betweenness (value), highest first."""
        p = self._open()
        code = _choice(length, _LENGTH, "length")
        with self._calling():
            e = _ffi.new(lib.flow_bottleneck_edge_betweenness, p, code)
        return _edges(e, self._netp(p))

    # ---- clusters ------------------------------------------------------------

    def clusters(self, method="leiden", seed=1, resolution=1.0, trials=0, steps=4):
        """Community detection: method "leiden", "louvain", "infomap",
        "walktrap" or "label_propagation"; the same seed gives the same
        partition. trials 0 = the method's default."""
        p = self._open()
        code = lib.flow_cluster_method_from_name(method)
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) \
                or not 0 <= seed < 2**64:
            raise errors.InvalidArgument(errors.EINVAL,
                                         "seed must be an int in [0, 2**64), not %r" % (seed,))
        for name, value in (("trials", trials), ("steps", steps)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
                    or not -2**31 <= value < 2**31:
                raise errors.InvalidArgument(errors.EINVAL, "%s must be an int, not %r"
                                             % (name, value))
        opts = _ffi.cluster_options(int(seed), float(resolution), int(trials), int(steps))
        with self._calling():
            return _partition(_ffi.new(lib.flow_cluster_detect, p, code, opts))

    def groups_partition(self, groups=None):
        """The declared groups as a partition (None: every group); nodes in
        no listed group are singletons. A node in two listed groups is an
        error."""
        p = self._open()
        arr, n = _ffi.strv(_names(groups))
        with self._calling():
            return _partition(_ffi.new(lib.flow_partition_from_groups, p, arr, n))

    def partition(self, membership):
        """A Partition (with flow accounting) from {id: label >= 0} covering
        every selection node."""
        p = self._open()
        arr, n = self._membership_array(membership)
        with self._calling():
            return _partition(_ffi.new(lib.flow_partition_from_membership, p, arr, n))

    def modularity(self, membership, resolution=1.0):
        """Modularity of {id: label} (or a Partition) on this selection,
        directed when the selection is; NaN without edges."""
        p = self._open()
        arr, n = self._membership_array(membership)
        with self._calling():
            return _ffi.double_out(lib.flow_cluster_modularity, p, arr, n, float(resolution))

    def kcore(self, mode="all"):
        """{id: core number} (unweighted; mode "all", "in" or "out")."""
        p = self._open()
        code = _choice(mode, _KCORE_MODE, "k-core mode")
        with self._calling():
            return _scores(_ffi.new(lib.flow_cluster_kcore, p, code))

    # ---- structure -------------------------------------------------------------

    def totals(self):
        """[{"factor", "year", "flows", "weight", "internal"}] per factor and
        year (raw weights in the factor's unit; year None for undated)."""
        p = self._open()
        with self._calling():
            t = _ffi.new(lib.flow_structure_totals, p)

        def read(t):
            out = []
            for r in range(lib.flow_totals_count(t)):
                year = lib.flow_totals_year(t, r)
                out.append({"factor": lib.flow_totals_factor_name(t, r),
                            "year": None if year == _ffi.NO_YEAR else year,
                            "flows": lib.flow_totals_flows(t, r),
                            "weight": lib.flow_totals_weight(t, r),
                            "internal": lib.flow_totals_internal(t, r)})
            return out
        return _free_after(t, lib.flow_totals_free, read)

    def hhi(self, mode="out"):
        """{id: partner concentration (Herfindahl-Hirschman index)}; mode
        "out", "in" or "total"; NaN for a node without partners."""
        p = self._open()
        code = _choice(mode, _HHI_MODE, "HHI mode")
        with self._calling():
            return _scores(_ffi.new(lib.flow_structure_hhi, p, code))

    def reciprocity(self):
        """(unweighted, weighted) reciprocity; NaN without edges."""
        p = self._open()
        with self._calling():
            return _ffi.reciprocity(p)

    def backbone(self, alpha=0.05):
        """The disparity-filter backbone per factor: list of Edge with the
        factor set and value = the p-value."""
        p = self._open()
        with self._calling():
            e = _ffi.new(lib.flow_structure_backbone, p, float(alpha))
        return _edges(e, self._netp(p))

    def series(self, measure, **centrality_kwargs):
        """{year: {id: value}}: a centrality measure (or "hhi_out", "hhi_in",
        "hhi_total") for every year of the selection; NaN for a node without
        flow that year. Keyword arguments as centrality()."""
        p = self._open()
        kw = dict(damping=0.85, personalization=None, length="inverse", mode="out",
                  normalized=False)
        unknown = set(centrality_kwargs) - set(kw)
        if unknown:
            raise TypeError("series() got unexpected keyword arguments: %s"
                            % ", ".join(sorted(unknown)))
        kw.update(centrality_kwargs)
        opts = _ffi.centrality_options(kw["damping"], _names(kw["personalization"]),
                                       _choice(kw["length"], _LENGTH, "length"),
                                       _choice(kw["mode"], _PATH_MODE, "path mode"),
                                       kw["normalized"])
        with self._calling():
            s = _ffi.new(lib.flow_structure_series, p, measure, opts)

        def read(s):
            n = lib.flow_series_node_count(s)
            ids = [lib.flow_series_id(s, v) for v in range(n)]
            return {lib.flow_series_year(s, y):
                    dict(zip(ids, _ffi.doubles(lib.flow_series_values(s, y), n)))
                    for y in range(lib.flow_series_year_count(s))}
        return _free_after(s, lib.flow_series_free, read)

    # ---- brokerage -------------------------------------------------------------

    def brokerage(self, groups=None, membership=None, weighting="min", closed_paths=False):
        """Gould-Fernandez brokerage roles: {id: {role: (paths, weight)}} with
        roles coordinator, itinerant, gatekeeper, representative, liaison and
        total. Groups are declared groups (None: every group) or a
        membership {id: group number} / Partition (absent nodes: no group).
        weighting: "min", "product" or "geomean"."""
        p = self._open()
        if groups is not None and membership is not None:
            raise errors.InvalidArgument(errors.EINVAL, "give groups or membership, not both")
        opts = _ffi.brokerage_options(_choice(weighting, _WEIGHTING, "weighting"), closed_paths)
        with self._calling():
            if membership is not None:
                arr, n = self._membership_array(membership, missing=-1)
                b = _ffi.new(lib.flow_brokerage_compute, p, arr, n, opts)
            else:
                arr, n = _ffi.strv(_names(groups))
                b = _ffi.new(lib.flow_brokerage_from_groups, p, arr, n, opts)

        def read(b):
            out = {}
            for v in range(lib.flow_brokerage_count(b)):
                out[lib.flow_brokerage_id(b, v)] = {
                    role: (lib.flow_brokerage_paths(b, v, r), lib.flow_brokerage_weight(b, v, r))
                    for r, role in enumerate(BROKERAGE_ROLES)}
            return out
        return _free_after(b, lib.flow_brokerage_free, read)

    # ---- networkx ------------------------------------------------------------

    def to_networkx(self):
        """The selection's graph as a networkx.DiGraph (Graph when
        undirected): nodes with name, kind and internal (intra-node flow),
        edges with weight."""
        t = self.table()
        import networkx as nx
        nodes = take(lib.flow_network_table, self._netp(self._open()), "nodes",
                     network=self._network)
        about = dict(zip(nodes["id"], zip(nodes["name"], nodes["kind"])))
        g = nx.DiGraph() if self.directed else nx.Graph()
        v = t.parts["vertices"]
        for node, internal in zip(v["node"], _values(v["internal"])):
            name, kind = about[node]
            g.add_node(node, name=name, kind=kind, internal=internal)
        for s, d, w in zip(t["source"], t["target"], _values(t["weight"])):
            g.add_edge(s, d, weight=w)
        return g

    def __repr__(self):
        if self.closed:
            return "<libflow.Selection (closed)>"
        return "<libflow.Selection: %s>" % ("directed" if lib.flow_selection_is_directed(self._ptr)
                                            else "undirected")


# ---- module-level functions ----------------------------------------------------

def _all_names(name_of):
    out = []
    while name_of(len(out)) is not None:
        out.append(name_of(len(out)))
    return tuple(out)


#: Role names of brokerage(), the total last.
BROKERAGE_ROLES = _all_names(lib.flow_brokerage_role_name)
#: Measure names of centrality().
CENTRALITY_MEASURES = _all_names(lib.flow_centrality_measure_name)
#: Method names of clusters().
CLUSTER_METHODS = _all_names(lib.flow_cluster_method_name)


def compare(a, b, measure="nmi"):
    """Compares two partitions of the same nodes: "nmi" (normalised mutual
    information), "ari" (adjusted Rand index) or "vi" (variation of
    information, in nats)."""
    check_not_in_callback()
    drain()
    code = _choice(measure, _COMPARE, "comparison measure")
    for part in (a, b):
        if not isinstance(part, Partition):
            raise TypeError("compare() takes Partition objects, not %s" % type(part).__name__)
        if part._handle is None:
            raise errors.InvalidArgument(
                errors.EINVAL, "this Partition was pickled or copied and has lost the "
                "library's copy; rebuild it with Selection.partition(p.membership)")
    return _ffi.double_out(lib.flow_cluster_compare, a._handle._open(), b._handle._open(), code)


def rank(values, descending=True):
    """Ranks values, ties in input order, NaN last: for a dict the keys in
    rank order, for a sequence the indexes."""
    check_not_in_callback()
    if isinstance(values, dict):
        keys = list(values)
        return [keys[i] for i in _ffi.rank([float(values[k]) for k in keys], descending)]
    return _ffi.rank([float(v) for v in values], descending)

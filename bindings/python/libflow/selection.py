"""Selections and the analyses that run on them.

A Selection picks factors, years, direction and level from a network and
builds one weighted graph that every analysis reuses. The conventions are
the C library's: a weight is a strength (more flow = a stronger tie; path
measures turn it into a length, 1/weight by default), the flows of a node
to itself are kept apart as its internal flow (no self-loops in the graph),
NaN marks an undefined value. Every analysis returns a libflow.table.Table.

The names an analysis accepts (measures, methods, modes) are read from the
library's registry (libflow.registry) and listed in the docstrings below
when the package is imported.
"""

import contextlib
import functools
import itertools
import math
import numbers
import os
import signal
import threading

from . import _ffi, errors
from ._ffi import lib
from . import _handle
from ._handle import Handle, callback_scope, check_not_in_callback, drain, uses_handle
from .network import _unknown_node
from .choices import (CENTRALITY, CLUSTER, COMPARE, KCORE, LENGTH, PATH, ROLE, Choices,
                       document)
from .choices import LAYER
from .choices import NULL_MODEL, TEST
from .table import Table, as_list, take

# Choices without a registry family in the C library (yet): their names and
# C values are kept here, from the enums of the C headers. Should the
# library give them a family, read them with Choices.from_registry().
COMBINE = Choices("combine mode", {"sum": 0, "share": 1}, {
    "sum": "raw weights added (same unit assumed)",
    "share": "each factor divided by its total, then added (mixes units)"})
HHI = Choices("HHI mode", {"out": 0, "in": 1, "total": 2}, {
    "out": "shares of the node's out-partners",
    "in": "shares of the node's in-partners",
    "total": "both directions merged per partner"})
WEIGHTING = Choices("brokerage weighting", {"min": 0, "product": 1, "geomean": 2}, {
    "min": "min(w_av, w_vb)",
    "product": "w_av * w_vb",
    "geomean": "sqrt(w_av * w_vb)"})


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
        return (no if first is None else first), (no if last is None else last)
    raise TypeError("years must be None, a year, (first, last) or a range, not %r" % (years,))


# flow_selection_set_counterfactual() kinds (selection.h)
_WITHOUT_NODES, _WITHOUT_GROUPS, _WITHOUT_CORRIDORS, _WITH_FLOWS = 0, 1, 2, 3


def _set_counterfactual(ptr, without, without_group, without_corridor, with_flows):
    if with_flows is not None:
        paths = [with_flows] if isinstance(with_flows, (str, bytes, os.PathLike)) \
            else list(with_flows)
        arr, n = _ffi.strv([os.fsdecode(p) for p in paths])
        lib.flow_selection_set_counterfactual(ptr, _WITH_FLOWS, arr, n)
    for kind, names in ((_WITHOUT_NODES, without), (_WITHOUT_GROUPS, without_group)):
        if names is not None:
            arr, n = _ffi.strv(_names(names))
            lib.flow_selection_set_counterfactual(ptr, kind, arr, n)
    if without_corridor is not None:
        pairs = list(without_corridor)
        if len(pairs) == 2 and all(isinstance(x, str) for x in pairs):
            pairs = [tuple(pairs)]  # one corridor given as (A, B)
        sides = []
        for pair in pairs:
            if isinstance(pair, str) or len(pair) != 2:
                raise TypeError("without_corridor takes (A, B) pairs, not %r" % (pair,))
            sides.extend(pair)
        arr, n = _ffi.strv(sides)
        lib.flow_selection_set_counterfactual(ptr, _WITHOUT_CORRIDORS, arr, n)


# ---- progress, interruption and Ctrl-C ----------------------------------------
#
# Every selection has one C progress callback for its whole life: the
# trampoline below, with the selection's key as payload. It is never
# replaced, so C can never call a callback that was freed (set_progress()
# from another thread only swaps the Python callable it forwards to). It
# returns "stop" to C when
#   - the user's callback returns a true value or raises (the exception is
#     raised again once the C call has returned);
#   - Ctrl-C was pressed while the analysis runs in the main thread: for
#     the length of the call a SIGINT handler that only records the signal
#     replaces Python's default one (which raises KeyboardInterrupt), and
#     KeyboardInterrupt is raised once the C call has returned;
#   - the interpreter is exiting and the analysis runs in a (daemon)
#     thread: the exit does not wait for it.
# The analyses that report progress in C therefore stop at their next
# report; those that do not (single igraph calls such as Burt's
# constraint) run to their end, then raise KeyboardInterrupt.

_progress = {}  # payload key -> _Progress of a live C selection
_keys = itertools.count(1)


class _Call:
    """One C analysis in progress on a selection."""

    __slots__ = ("stop", "error", "sigint")

    def __init__(self):
        self.stop = False    # tell C to stop at its next report
        self.error = None    # raised by the user's callback
        self.sigint = False  # Ctrl-C pressed during the call


class _Progress:
    """A selection's Python side of the trampoline: the user's callable and
    the call in progress."""

    __slots__ = ("func", "call")

    def __init__(self):
        self.func = None
        self.call = None

    def report(self, percent, message):
        call = self.call
        if _handle.exiting() and threading.current_thread() is not threading.main_thread():
            return 1  # a daemon thread's analysis at interpreter exit
        if call is None:
            return 0
        if call.stop:
            return 1
        func = self.func
        if func is None:
            return 0
        with callback_scope():
            try:
                text = None if message is None else message.decode("utf-8", "replace")
                return 1 if func(percent, text) else 0
            except BaseException as e:  # must not unwind through C: stop, re-raise later
                call.error = e
                call.stop = True
                return 1


def _trampoline(percent, message, payload):
    try:
        prog = _progress.get(payload)
        return 0 if prog is None else prog.report(percent, message)
    except BaseException:  # e.g. KeyboardInterrupt from another SIGINT handler
        return 1


_TRAMPOLINE = _ffi.PROGRESS_CB(_trampoline)

# The calls running in the main thread, and Python's SIGINT handler while
# ours stands in for it.
_main_calls = []
_saved_sigint = None


def _on_sigint(signum, frame):
    for call in _main_calls:
        call.sigint = call.stop = True


def _sigint_enter(call):
    """Routes Ctrl-C to `call` when it runs in the main thread and Ctrl-C
    would raise KeyboardInterrupt (Python's default handler); an
    application's own SIGINT handler, SIG_IGN or SIG_DFL are left alone."""
    global _saved_sigint
    if threading.current_thread() is not threading.main_thread():
        return False
    if not _main_calls:
        if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            return False
        _saved_sigint = signal.signal(signal.SIGINT, _on_sigint)
    _main_calls.append(call)
    return True


def _sigint_leave(call):
    global _saved_sigint
    _main_calls.remove(call)
    if not _main_calls:
        signal.signal(signal.SIGINT, _saved_sigint)
        _saved_sigint = None


class Selection(Handle):
    """The part of a network an analysis runs on (made by Network.select())."""

    _what = "selection"
    # One thread at a time in C with a selection (libflow/common.h: it
    # builds and caches its graph); other threads' calls on it wait.
    _serial = True

    def __init__(self, network, factors=None, years=None, directed=True, level=None,
                 combine="sum", without=None, without_group=None, without_corridor=None,
                 with_flows=None):
        with network._using() as netp:
            ptr = _ffi.new(lib.flow_selection_new, netp)
        Handle.__init__(self, ptr, lib.flow_selection_free)
        self._network = network  # children keep their parent alive
        self._prog = _Progress()
        key = next(_keys)
        _progress[key] = self._prog
        self._state.on_free = functools.partial(_progress.pop, key, None)
        try:
            lib.flow_selection_set_progress(ptr, _TRAMPOLINE, key)
            arr, n = _ffi.strv(_names(factors))
            lib.flow_selection_set_factors(ptr, arr, n)
            lib.flow_selection_set_years(ptr, *_years(years))
            lib.flow_selection_set_directed(ptr, 1 if directed else 0)
            lib.flow_selection_set_level(ptr, level)
            lib.flow_selection_set_combine(ptr, COMBINE.value(combine))
            _set_counterfactual(ptr, without, without_group, without_corridor, with_flows)
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
        """Runs a C analysis (inside a use of the selection): re-raises an
        exception of the progress callback, and KeyboardInterrupt for a
        Ctrl-C, once the C call has returned."""
        prog = self._prog
        call = _Call()
        outer, prog.call = prog.call, call
        sigint = _sigint_enter(call)
        try:
            try:
                yield
            finally:
                if sigint:
                    _sigint_leave(call)
                prog.call = outer
        except errors.FlowError as e:  # normally Interrupted
            if call.sigint:
                raise KeyboardInterrupt from None
            if call.error is not None:
                raise call.error from e
            raise
        if call.sigint:  # pressed during an analysis that ran to its end
            raise KeyboardInterrupt
        if call.error is not None:
            raise call.error

    def set_progress(self, callback):
        """Routes the progress of this selection's analyses to
        callback(percent: float, message: str | None); a true return value
        stops the analysis, which then raises Interrupted. An exception in
        the callback stops it too and is raised from the analysis. None
        removes the callback. The callback must not call libflow. It may be
        changed from another thread while an analysis runs (the running
        analysis reports to the new one)."""
        self._open()
        if callback is not None and not callable(callback):
            raise TypeError("callback must be callable or None")
        self._prog.func = callback

    # ---- the graph -----------------------------------------------------------

    @uses_handle
    def build(self):
        """Builds the graph now (analyses do it themselves)."""
        self._built()

    @property
    @uses_handle
    def directed(self):
        return bool(lib.flow_selection_is_directed(self._open()))

    @uses_handle
    def table(self):
        """The built graph as a libflow.table.Table "graph", read in bulk:
        one row per edge (source, target, weight, source_vertex,
        target_vertex), part "vertices" (node, internal: the intra-node
        flow) and part "nodes" (every network node and the vertex it rolls
        up to). A snapshot: it does not change when the selection does."""
        return take(lib.flow_selection_table, self._open(), network=self._network)

    def __len__(self):
        return len(self.table().parts["vertices"])

    @property
    def nodes(self):
        """Ids of the selection's nodes (vertices), in vertex order."""
        return list(self.table().parts["vertices"]["node"])

    @uses_handle
    def vertex_of(self, id):
        """Id of the selection node that stands for network node `id` (after
        the roll-up to the level: its ancestor of that kind, or itself)."""
        p = self._built()
        netp = self._netp(p)
        i = lib.flow_network_node_index(netp, id)
        if i < 0:
            _unknown_node(netp, id)
        t = self.table()
        v = int(t.parts["nodes"]["vertex"][i])
        if v < 0:
            raise errors.InvalidArgument(errors.EINVAL,
                                         "node '%s' is removed from the selection (without)" % id)
        return t.parts["vertices"]["node"][v]

    def internal(self):
        """{node id: intra-node (self-loop) flow}, in vertex order."""
        v = self.table().parts["vertices"]
        return dict(zip(v["node"], as_list(v["internal"])))

    def edges(self):
        """The selection's edges as (source id, target id, weight) tuples,
        in edge order (the rows of table())."""
        t = self.table()
        return list(zip(t["source"], t["target"], as_list(t["weight"])))

    def _membership_array(self, membership, missing=None):
        """Labels in vertex order from {id: label} or a partition Table (its
        "cluster" column). missing: the label of an absent vertex, or None
        to refuse absent vertices."""
        if isinstance(membership, Table):
            membership = membership.to_dict("cluster")
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
        return _ffi.int64s(labels, "membership label")

    # ---- summary -------------------------------------------------------------

    @uses_handle
    def summary_table(self):
        """The summary as a Table "summary": scalars nodes, edges,
        flows, density, reciprocity, weighted_reciprocity; parts "kinds"
        (name, nodes), "factors" (name, unit, flows, weight) and "years"
        (year, flows, weight; year NO_YEAR = -2**31 for undated flows)."""
        p = self._open()
        with self._calling():
            return take(lib.flow_summary_compute, p, network=self._network)

    def summary(self):
        """{"nodes", "edges", "flows", "density", "reciprocity",
        "weighted_reciprocity", "kinds": {kind: count}, "factors": [{"name",
        "unit", "flows", "weight"}], "years": [{"year", "flows", "weight"}]}
        (year None for undated flows; density and reciprocities None when
        undefined), read from summary_table()."""
        t = self.summary_table()
        sc = t.scalars

        def number(x):
            return x if math.isfinite(x) else None
        return {"nodes": int(sc["nodes"]), "edges": int(sc["edges"]), "flows": int(sc["flows"]),
                "density": number(sc["density"]), "reciprocity": number(sc["reciprocity"]),
                "weighted_reciprocity": number(sc["weighted_reciprocity"]),
                "kinds": {r["name"]: r["nodes"] for r in t.parts["kinds"]},
                "factors": t.parts["factors"].rows(),
                "years": [dict(r, year=None if r["year"] == _ffi.NO_YEAR else r["year"])
                          for r in t.parts["years"]]}

    def summary_text(self):
        """The summary as readable text, as `flowctl summary` prints it."""
        return _summary_text(self.summary_table())

    # ---- centrality -----------------------------------------------------------

    @uses_handle
    def centrality(self, measure="pagerank", damping=0.85, personalization=None,
                   length="inverse", mode="out", normalized=False, sources=None, seed=1):
        """One centrality measure for every node: a Table named after the
        measure, columns "node" (ids, vertex order) and the values in a
        column of the measure's name (.to_dict() gives {id: value});
        metadata: the selection, the unit (strengths and net_flow, which are
        in the selection's weight unit) and the options the measure uses.

        measure (the options each one uses in brackets):
            {measures}
        damping, personalization (node ids or group names): pagerank;
        length, how a weight becomes a path length:
            {length}
        mode, the path direction of closeness and harmonic:
            {path}
        normalized: degrees, betweenness, closeness, harmonic.
        sources, seed: betweenness estimated from that many source nodes
            drawn at random with the seed (part "sources" lists them);
            None: every node, exact.
        An unknown name raises NotFoundError (a KeyError).
        """
        p = self._open()
        m = CENTRALITY.value(measure)
        opts = _ffi.centrality_options(damping, _names(personalization), LENGTH.value(length),
                                       PATH.value(mode), normalized, sources, seed)
        with self._calling():
            return take(lib.flow_centrality_compute, p, m, opts, network=self._network)

    @uses_handle
    def net_flow(self):
        """Table "net_flow": node, net_flow = out-strength - in-strength
        (> 0: net exporter)."""
        p = self._open()
        with self._calling():
            return take(lib.flow_structure_net_flow, p, network=self._network)

    # ---- expected flows: the gravity model ---------------------------------------

    @uses_handle
    def gravity(self, distance="lat_lon", masses=None, same_group=False, boundaries=None,
                contiguity=None, fixed_effects=None, max_iterations=100, tolerance=1e-10,
                strict=True):
        """The gravity model of the selection's one factor, fitted by Poisson
        pseudo-maximum likelihood (PPML) with origin and destination fixed
        effects absorbed: a Table "gravity" of coefficients (term,
        estimate, std_error (robust HC0), z, p_value), scalars pseudo_r2
        (1 - deviance / null deviance), deviance, null_deviance,
        iterations, converged, n_pairs, n_nodes, and part "pairs" (source,
        target, observed, expected, excess, ratio for every ordered pair).

        distance: "lat_lon" (node attributes lat, lon), "none", or a CSV
            file (source,target,distance or id,lat,lon);
        masses: node attributes whose logs enter for both ends (then an
            intercept replaces the fixed effects, unless fixed_effects);
        same_group: True for the dummy "same_group" (any declared group),
            or group names for one "same_group:G" each;
        boundaries: node attributes (or "kind"), one "boundary:A" each;
        contiguity: a CSV file source,target of contiguous pairs.
        The warning of nodes left out (separation) is in .meta["warning"].
        """
        p = self._open()
        names = _names(masses)
        if fixed_effects is None:
            fixed_effects = not names
        if same_group is True or same_group is False or same_group is None:
            any_group, groups = bool(same_group), None
        else:
            any_group, groups = False, _names(same_group)
        opts = _ffi.gravity_options(fixed_effects, names, distance, any_group, groups,
                                    _names(boundaries), contiguity, max_iterations, tolerance,
                                    strict)
        with self._calling():
            return take(lib.flow_gravity_fit, p, opts, network=self._network)

    @uses_handle
    def set_layer(self, layer="observed", fit=None):
        """Runs the later analyses on a gravity fit's flows: "expected" (every
        pair's fitted flow), "excess" (observed - expected where positive),
        or "observed" (the network's flows again; fit not needed). fit is
        a Table from gravity() on the same network."""
        p = self._open()
        value = LAYER.value(layer)
        if fit is not None and not isinstance(fit, Table):
            raise TypeError("fit must be a Table from Selection.gravity(), not %s"
                            % type(fit).__name__)
        lib.flow_selection_set_layer(p, value, None if fit is None else fit._ptr)

    # ---- bottlenecks ----------------------------------------------------------

    @uses_handle
    def min_cut(self, sources, sinks, flows=False):
        """Maximum flow and a minimum cut from sources to sinks (node ids or
        group names; a str or a list): a Table "min_cut" whose rows are the
        cut's edges (source, target, weight), heaviest first; scalars
        "value" (the maximum flow), "source_side" and "sink_side" (vertex
        counts); parts "nodes" (node, side: 1 source side, 0 sink side) and
        "factor_edges" (source, target, factor, weight: each cut edge split
        by factor). flows=True adds part "flows" (source, target, weight,
        flow: the maximum flow itself), which costs far more to compute."""
        p = self._open()
        a, na = _ffi.strv(_names(sources))
        b, nb = _ffi.strv(_names(sinks))
        with self._calling():
            return take(lib.flow_bottleneck_min_cut, p, a, na, b, nb, 1 if flows else 0,
                        network=self._network)

    @uses_handle
    def widest_path(self, source, target):
        """The widest (maximum-bottleneck) path from source to target: a Table
        "widest_path", one row per vertex along it (node, weight_to_next:
        NaN on the last; no row when there is no path); scalars "width" and
        "limit" (the row where the limiting edge starts, -1 without a
        path)."""
        p = self._open()
        with self._calling():
            return take(lib.flow_bottleneck_widest_path, p, source, target,
                        network=self._network)

    @uses_handle
    def bridges(self):
        """Edges whose removal splits a component (undirected sense): a Table
        "bridges" (source, target, weight), heaviest first, lower vertex
        first."""
        p = self._open()
        with self._calling():
            return take(lib.flow_bottleneck_bridges, p, network=self._network)

    @uses_handle
    def articulation_points(self):
        """The cut vertices (undirected sense): a Table "articulation_points"
        (node, articulation_point: 1 or 0), scalar "count"."""
        p = self._open()
        with self._calling():
            return take(lib.flow_bottleneck_articulation_points, p, network=self._network)

    @uses_handle
    def dominators(self, source):
        """The dominator tree of `source`: a Table "dominators" (node,
        immediate_dominator: a node id, None for the source and the nodes
        it does not reach; reached: 1 or 0), scalar "reached"."""
        p = self._open()
        with self._calling():
            return take(lib.flow_bottleneck_dominators, p, source, network=self._network)

    @uses_handle
    def must_cross(self, sources, sinks):
        """The nodes every flow path from sources to sinks crosses: a Table
        "must_cross" (node, must_cross: 1 for the one nearest the sources,
        2, ...; 0 for the others; NaN for all when no sink is reachable),
        scalars "count" and "reachable_sinks"."""
        p = self._open()
        a, na = _ffi.strv(_names(sources))
        b, nb = _ffi.strv(_names(sinks))
        with self._calling():
            return take(lib.flow_bottleneck_must_cross, p, a, na, b, nb, network=self._network)

    @uses_handle
    def critical_nodes(self, sources=None, sinks=None):
        """The flow lost when a node is removed: a Table "critical_nodes"
        (node, max_flow_loss: the drop of the maximum flow from sources to
        sinks, NaN for them; or without sets connected_flow_loss); scalar
        "max_flow" or "connected_flow"."""
        p = self._open()
        a, na = _ffi.strv(_names(sources))
        b, nb = _ffi.strv(_names(sinks))
        with self._calling():
            return take(lib.flow_bottleneck_critical_nodes, p, a, na, b, nb,
                        network=self._network)

    @uses_handle
    def critical_edges(self, sources=None, sinks=None):
        """Every edge with the flow lost when it is removed: a Table
        "critical_edges" (source, target, weight, max_flow_loss or
        connected_flow_loss), largest loss first."""
        p = self._open()
        a, na = _ffi.strv(_names(sources))
        b, nb = _ffi.strv(_names(sinks))
        with self._calling():
            return take(lib.flow_bottleneck_critical_edges, p, a, na, b, nb,
                        network=self._network)

    @uses_handle
    def edge_betweenness(self, length="inverse"):
        """Every edge with its betweenness: a Table "edge_betweenness"
        (source, target, weight, edge_betweenness), highest first.

        length, how a weight becomes a path length:
            {length}
        """
        p = self._open()
        code = LENGTH.value(length)
        with self._calling():
            return take(lib.flow_bottleneck_edge_betweenness, p, code, network=self._network)

    # ---- clusters ------------------------------------------------------------

    @uses_handle
    def clusters(self, method="leiden", seed=1, resolution=1.0, trials=0, steps=4,
                 iterations=0):
        """Community detection; the same seed gives the same partition.

        method (the options each one uses in brackets):
            {methods}

        Returns a partition Table named after the method: columns "node"
        and "cluster" (clusters numbered 0, 1, ... in the order of their
        first vertex), scalars "modularity", "clusters" and, for Infomap,
        "codelength", and part "clusters" (one row per cluster: cluster,
        size, label (a declared group's name, else None), internal, inflow,
        outflow, self_containment: the share of the flow leaving its nodes
        that stays inside, closure: the share of all flow touching it that
        stays inside; NaN without flow). p.to_dict("cluster") is the
        membership. iterations (Leiden): 0 (default) iterates until the
        partition is stable; n > 0 runs exactly n iterations (faster,
        slightly lower modularity; python-igraph's default is 2).
        """
        p = self._open()
        code = CLUSTER.value(method)
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) \
                or not 0 <= seed < 2**64:
            raise errors.InvalidArgument(errors.EINVAL,
                                         "seed must be an int in [0, 2**64), not %r" % (seed,))
        for name, value in (("trials", trials), ("steps", steps), ("iterations", iterations)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
                    or not -2**31 <= value < 2**31:
                raise errors.InvalidArgument(errors.EINVAL, "%s must be an int, not %r"
                                             % (name, value))
        opts = _ffi.cluster_options(seed, resolution, trials, steps, iterations)
        with self._calling():
            return take(lib.flow_cluster_detect, p, code, opts, network=self._network)

    @uses_handle
    def groups_partition(self, groups=None):
        """The declared groups as a partition Table (as clusters(); the
        "label" of a group's cluster is the group's name; None: every
        group); nodes in no listed group are singletons. A node in two
        listed groups is an error."""
        p = self._open()
        arr, n = _ffi.strv(_names(groups))
        with self._calling():
            return take(lib.flow_cluster_from_groups, p, arr, n, network=self._network)

    @uses_handle
    def partition(self, membership):
        """A partition Table (with flow accounting, as clusters()) from
        {id: label >= 0} covering every selection node."""
        p = self._open()
        arr, n = self._membership_array(membership)
        with self._calling():
            return take(lib.flow_cluster_from_membership, p, arr, n, network=self._network)

    @uses_handle
    def modularity(self, membership, resolution=1.0):
        """Modularity of {id: label} (or a partition Table) on this
        selection, directed when the selection is; NaN without edges."""
        p = self._open()
        arr, n = self._membership_array(membership)
        with self._calling():
            return _ffi.double_out(lib.flow_cluster_modularity, p, arr, n, resolution)

    @uses_handle
    def kcore(self, mode="all"):
        """Core numbers (unweighted): a Table "coreness" with columns
        "node" and "coreness" (.to_dict() gives {id: core}).

        mode, the degree that counts:
            {kcore}
        """
        p = self._open()
        code = KCORE.value(mode)
        with self._calling():
            return take(lib.flow_cluster_kcore, p, code, network=self._network)

    # ---- structure -------------------------------------------------------------

    @uses_handle
    def totals(self):
        """Table "totals", one row per factor and year: factor, year (NO_YEAR
        = -2**31 for undated flows), flows, weight, internal (raw weights in
        the factor's unit)."""
        p = self._open()
        with self._calling():
            return take(lib.flow_structure_totals, p, network=self._network)

    @uses_handle
    def hhi(self, mode="out"):
        """Table "hhi_<mode>": node and the partner concentration
        (Herfindahl-Hirschman index, sum of the squared shares of the
        node's partners in its flow; 1: one partner) in column
        "hhi_<mode>"; NaN for a node without partners.

        mode:
            {hhi}
        """
        p = self._open()
        code = HHI.value(mode)
        with self._calling():
            return take(lib.flow_structure_hhi, p, code, network=self._network)

    @uses_handle
    def reciprocity(self):
        """(unweighted, weighted) reciprocity; NaN without edges."""
        p = self._open()
        with self._calling():
            return _ffi.reciprocity(p)

    @uses_handle
    def backbone(self, alpha=0.05):
        """The disparity-filter backbone per factor: Table "backbone" with
        columns source, target, factor, weight, p_value."""
        p = self._open()
        with self._calling():
            return take(lib.flow_structure_backbone, p, alpha, network=self._network)

    @uses_handle
    def series(self, measure, **centrality_kwargs):
        """A measure for every year of the selection: Table "series" with
        columns node, year and the values under the measure's name, one
        row per year and node (grouped by year); part "years"; part
        "stability" (year_from, year_to, nodes, kendall_tau: Kendall's
        tau-b between consecutive years over the nodes with flows in
        both, as scipy.stats.kendalltau). NaN for a node without flow
        that year. Keyword arguments as centrality().

        measure: a centrality measure,
            {measures}
        or "hhi_out", "hhi_in", "hhi_total" (hhi()).
        """
        p = self._open()
        kw = dict(damping=0.85, personalization=None, length="inverse", mode="out",
                  normalized=False)
        unknown = set(centrality_kwargs) - set(kw)
        if unknown:
            raise TypeError("series() got unexpected keyword arguments: %s"
                            % ", ".join(sorted(unknown)))
        kw.update(centrality_kwargs)
        opts = _ffi.centrality_options(kw["damping"], _names(kw["personalization"]),
                                       LENGTH.value(kw["length"]), PATH.value(kw["mode"]),
                                       kw["normalized"])
        with self._calling():
            return take(lib.flow_structure_series, p, measure, opts, network=self._network)

    @uses_handle
    def track(self, method="leiden", threshold=0.3, seed=1, resolution=1.0, trials=0,
              steps=4):
        """Communities followed across the years (C: flow_cluster_track()):
        every year clustered with `method` and the same seed, communities
        (clusters of >= 2 nodes with flows that year) linked to those of
        the next year when their Jaccard overlap is >= threshold. A Table
        "tracking": one row per event (year_from, year_to, event:
        continuation, split, merge, split_merge, birth or death,
        cluster_from, cluster_to, size_from, size_to, track_from,
        track_to, jaccard); scalars continuations, splits, merges, births,
        deaths, years; parts "communities" (year, cluster, size, track) and
        "members" (year, node, cluster, track).

        method:
            {methods}
        """
        p = self._open()
        code = CLUSTER.value(method)
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) \
                or not 0 <= seed < 2**64:
            raise errors.InvalidArgument(errors.EINVAL,
                                         "seed must be an int in [0, 2**64), not %r" % (seed,))
        opts = _ffi.cluster_options(seed, resolution, trials, steps)
        with self._calling():
            return take(lib.flow_cluster_track, p, code, opts, threshold,
                        network=self._network)

    # ---- brokerage -------------------------------------------------------------

    @uses_handle
    def brokerage(self, groups=None, membership=None, weighting="min", closed_paths=False):
        """Gould-Fernandez brokerage roles: a Table "brokerage" with one
        row per node, columns "node", "group" (-1: none), and per role the
        number of two-paths a -> v -> b the node v brokers (column named by
        the role) and their weighted value ("<role>_weight"). Groups are
        declared groups (None: every group) or a membership {id: group
        number} / partition Table (absent nodes: no group). closed_paths:
        count a two-path even when a -> b exists.

        roles:
            {roles}
        weighting, the value of a two-path:
            {weighting}
        """
        p = self._open()
        if groups is not None and membership is not None:
            raise errors.InvalidArgument(errors.EINVAL, "give groups or membership, not both")
        opts = _ffi.brokerage_options(WEIGHTING.value(weighting), closed_paths)
        with self._calling():
            if membership is not None:
                arr, n = self._membership_array(membership, missing=-1)
                return take(lib.flow_brokerage_compute, p, arr, n, opts, network=self._network)
            arr, n = _ffi.strv(_names(groups))
            return take(lib.flow_brokerage_from_groups, p, arr, n, opts, network=self._network)

    @uses_handle
    def significance(self, test, groups=None, null=None, samples=1000, seed=1,
                     method="leiden"):
        """A significance test against a null model: a Table "significance"
        with one row per statistic: "group", "statistic", "observed",
        "expected", "std", "z", "p_value" (one-sided, upper tail, (k + 1) /
        (n_null + 1)), "n_null", "null_mean", "null_std" and "moments"
        ("analytic" or "sampled": where expected and std come from).
        groups: declared group names (None: every group; for "modularity",
        None adds no groups row). null: the null model's name (None: the
        test's own). method: the cluster method of "modularity" and
        "agreement". The same seed gives the same Table.

        tests:
            {tests}
        null models:
            {nulls}
        """
        p = self._open()
        code = TEST.value(test)
        opts = _ffi.significance_options(-1 if null is None else NULL_MODEL.value(null),
                                         samples, seed, CLUSTER.value(method))
        arr, n = _ffi.strv(_names(groups))
        with self._calling():
            return take(lib.flow_significance_test, p, code, arr, n, opts,
                        network=self._network)

    # ---- networkx ------------------------------------------------------------

    @uses_handle
    def to_networkx(self):
        """The selection's graph as a networkx.DiGraph (Graph when
        undirected): nodes with name, kind, parent (when it has one),
        internal (intra-node flow) and their attributes; edges with weight.
        Node keys are the ids (the graph's own objects for a network made
        by from_networkx())."""
        t = self.table()
        import math
        import networkx as nx
        nodes = take(lib.flow_network_table, self._netp(self._open()), "nodes",
                     network=self._network)
        attrs = list(nodes.column_names[4:])
        cols = {a: nodes[a] for a in attrs}
        row_of = {node_id: i for i, node_id in enumerate(nodes["id"])}
        key = self._network.node_key
        g = nx.DiGraph() if self.directed else nx.Graph()
        v = t.parts["vertices"]
        for node, internal in zip(v["node"], as_list(v["internal"])):
            i = row_of[node]
            data = {"name": nodes["name"][i], "kind": nodes["kind"][i], "internal": internal}
            if nodes["parent"][i] is not None:
                data["parent"] = nodes["parent"][i]
            for a in attrs:
                x = cols[a][i]
                if x is None or (isinstance(x, float) and math.isnan(x)):
                    continue
                data[a] = x.item() if hasattr(x, "item") else x
            g.add_node(key(node), **data)
        for s, d, w in zip(t["source"], t["target"], as_list(t["weight"])):
            g.add_edge(key(s), key(d), weight=w)
        return g

    @uses_handle
    def export(self, path=None, format=None, results=()):
        """Writes the selection for other tools, with computed columns, and
        returns None; with path None, returns the text instead.

        One node per vertex (its id, name, kind, parent, groups,
        attributes), one edge per pair (its weight in the selection; GEXF
        adds its weight per year as spells, for Gephi's timeline). results:
        Tables computed on this selection whose first column is "node"
        (centrality(), clusters(), ...): their columns are added to the
        nodes; or whose first columns are "source", "target"
        (edge_betweenness()): added to the edges.
        format: None (from path's extension: .gexf, .graphml, .json, .dot,
        .gv) or "gexf", "gexf12" (networkx 2.x), "graphml", "json", "dot".

            sel = net.select(factors="technology")
            sel.export("tech.gexf", results=[sel.centrality("pagerank"),
                                            sel.clusters("leiden")])
        """
        from .network import _format_code, _format_of
        if path is None and format is None:
            raise errors.InvalidArgument(errors.EINVAL, "give path or format")
        code = _format_code(_format_of(path, format) if path is not None else format)
        tables = list(results)
        arr = (_ffi.TableP * max(len(tables), 1))(*[t._ptr for t in tables])
        if path is None:
            return _ffi.owned_string(lib.flow_export_selection, self._open(), arr, len(tables),
                                     code, None)
        lib.flow_export_selection(None, self._open(), arr, len(tables), code, path)
        return None

    def __repr__(self):
        try:
            directed = self.directed
        except errors.MisuseError:  # closed (or inside a progress callback)
            return "<libflow.Selection (closed)>" if self.closed else "<libflow.Selection>"
        return "<libflow.Selection: %s>" % ("directed" if directed else "undirected")


# ---- module-level functions ----------------------------------------------------

def compare(a, b, measure="nmi"):
    """Compares two partition Tables of the same nodes (Selection.clusters(),
    groups_partition(), partition()) and returns a float.

    measure:
        {compare}
    """
    check_not_in_callback()
    drain()
    code = COMPARE.value(measure)
    for part in (a, b):
        if not isinstance(part, Table):
            raise TypeError("compare() takes partition Tables, not %s" % type(part).__name__)
    return _ffi.double_out(lib.flow_cluster_compare, a._ptr, b._ptr, code)


def rank(values, descending=True):
    """Ranks values, ties in input order, NaN last: for a dict the keys in
    rank order, for a per-node Table (node and one value column) the node
    ids, for a sequence the indexes."""
    check_not_in_callback()
    if isinstance(values, Table):
        values = values.to_dict()
    if isinstance(values, dict):
        keys = list(values)
        return [keys[i] for i in _ffi.rank([float(values[k]) for k in keys], descending)]
    return _ffi.rank([float(v) for v in values], descending)


def _summary_text(t):
    """A summary Table as text, line for line as flowctl prints it."""
    sc = t.scalars
    out = ["nodes        %d" % sc["nodes"], "edges        %d" % sc["edges"],
           "flows        %d" % sc["flows"], "density      %.4g" % sc["density"],
           "reciprocity  %.4g" % sc["reciprocity"], "", "nodes by kind"]
    out += ["  %-20s %d" % (r["name"], r["nodes"]) for r in t.parts["kinds"]]
    out += ["", "flows by factor"]
    factors = t.parts["factors"].rows()
    for r in factors:
        out.append("  %-20s %8d flows  total %.6g%s%s" % (r["name"], r["flows"], r["weight"],
                                                         " " if r["unit"] else "", r["unit"]))
    # a year's total adds the factors' weights: left out when their units differ
    mixed = len({r["unit"] for r in factors}) > 1
    years = t.parts["years"].rows()
    if years:
        out += ["", "flows by year (totals not shown: the factors' units differ)" if mixed
                else "flows by year"]
    for r in years:
        line = "  (no year)" if r["year"] == _ffi.NO_YEAR else "  %-9d" % r["year"]
        line += "  %8d flows" % r["flows"]
        if not mixed:
            line += "  total %.6g" % r["weight"]
        out.append(line)
    return "\n".join(out) + "\n"


# The lists in the docstrings, from the library's registry.
document(Selection.centrality, measures=CENTRALITY.listing(options=True),
         length=LENGTH.listing(), path=PATH.listing())
document(Selection.edge_betweenness, length=LENGTH.listing())
document(Selection.series, measures=CENTRALITY.listing())
document(Selection.clusters, methods=CLUSTER.listing(options=True))
document(Selection.track, methods=CLUSTER.listing())
document(Selection.kcore, kcore=KCORE.listing())
document(Selection.hhi, hhi=HHI.listing())
document(Selection.brokerage, roles=ROLE.listing(), weighting=WEIGHTING.listing())
document(Selection.significance, tests=TEST.listing(), nulls=NULL_MODEL.listing())
document(compare, compare=COMPARE.listing())

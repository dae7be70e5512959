"""Table: the one result type, read from a C flow_table.

Every analysis returns a Table, and so do the bulk readers of the network
(Network.table(), flows()), of a selection's graph (Selection.table()) and
of the registry (libflow.registry()): named columns of equal length, named
scalars (a cut's "value", a partition's "modularity"), metadata (how it was
made, as text) and parts (further Tables, for results with several parts).

    pr = sel.centrality("pagerank")
    pr.columns["pagerank"]      # numpy array (zero-copy) when numpy imports
    pr.to_dict()                # {node id: value}
    pr.to_pandas()              # a DataFrame (when pandas imports)
    for row in pr: ...          # rows as dicts
    cut.scalars["value"], cut.parts["nodes"]

Columns: numbers are numpy arrays viewing the C table's memory when numpy
is importable (lists otherwise); text columns are lists of str (None for
missing); node columns hold the node ids. The C table is freed when the
Table and every array viewing it are gone.

Text and node columns are read in bulk: a node column maps its node
indexes through the network's id list (read once per network and cached),
a text column decodes each distinct string once (the library's text cells
are mostly the network's interned names, few distinct pointers) and maps
the rest with numpy.
"""

import ctypes

from . import _ffi
from ._ffi import lib

try:  # numpy is optional
    import numpy as _np
except ImportError:  # pragma: no cover - exercised where numpy is absent
    _np = None

DOUBLE, INT, TEXT, NODE = 1, 2, 3, 4


class _Owner:
    """Frees the C table when the last Table or array viewing it is gone."""

    def __init__(self, ptr):
        self.ptr = ptr
        self.ids = None  # the network's node ids, when no Network caches them

    def __del__(self):
        if self.ptr:
            _ffi.free_table(self.ptr)
            self.ptr = None


def _view(owner, addr, ctype, n):
    """A read-only numpy view of n C values at addr, keeping owner alive
    (or a list when numpy is absent)."""
    if not addr or n == 0:
        if _np is None:
            return []
        return _np.empty(0, dtype=_np.float64 if ctype is ctypes.c_double else _np.int64)
    buf = (ctype * n).from_address(addr)
    buf._owner = owner  # the array's base holds the table
    if _np is None:
        return list(buf)
    arr = _np.frombuffer(buf, dtype=_np.float64 if ctype is ctypes.c_double else _np.int64)
    arr.flags.writeable = False
    return arr


def as_list(col):
    """A column (numpy array or list) as a list of Python values."""
    return col.tolist() if hasattr(col, "tolist") else list(col)


def _address(ptr):
    return ctypes.cast(ptr, ctypes.c_void_p).value


def node_ids(netp, network=None, owner=None):
    """The node ids of the C network `netp`, indexable by node index, with
    one extra trailing None so that index -1 (no node) reads None: a numpy
    object array (a list without numpy).

    Read in one bulk call (the network's "nodes" table) and cached on the
    Python `network` (else on `owner`): ids never change and nodes are never
    removed, so the cache stays right while the node count does."""
    addr = _address(netp)
    n = lib.flow_network_node_count(netp)
    for holder in (network, owner):
        cached = getattr(holder, "_node_ids", None) if holder is not None else None
        if cached is not None and cached[0] == addr and len(cached[1]) == n + 1:
            return cached[1]
    t = _ffi.new(lib.flow_network_table, netp, b"nodes")
    try:
        c = lib.flow_table_column_index(t, b"id")
        ids = _texts(t, c, lib.flow_table_row_count(t), as_array=False)
    finally:
        _ffi.free_table(t)
    ids.append(None)
    if _np is not None:
        arr = _np.empty(len(ids), dtype=object)
        arr[:] = ids
        ids = arr
    for holder in (network, owner):
        if holder is not None:
            holder._node_ids = (addr, ids)
            break
    return ids


#: Distinct strings looked for one by one before a text column is decoded
#: cell by cell.
_PEEL = 8


def _decode_all(cells, n, as_array):
    """The n strings of a `const char **` one by one (one slice of them)."""
    out = [_ffi.text(s) for s in cells[:n]]
    if as_array and _np is not None:
        arr = _np.empty(n, dtype=object)
        arr[:] = out
        return arr
    return out


def _texts(ptr, c, n, as_array=True):
    """Text column c of table ptr: a numpy object array (as_array, with
    numpy) or a list of str / None."""
    if n == 0:
        return _np.empty(0, dtype=object) if (as_array and _np is not None) else []
    cells = lib.flow_table_texts(ptr, c)
    if _np is None or n < 64:
        return _decode_all(cells, n, as_array)
    # the cell pointers as integers, without copying
    ptrs = _np.frombuffer((ctypes.c_uint64 * n).from_address(_address(cells)), dtype=_np.uint64)
    out = _np.empty(n, dtype=object)  # None everywhere: NULL cells stay None
    todo = ptrs != 0
    distinct = 0
    # Interned strings: a few distinct pointers. Peel them off one by one
    # (a few passes over the column each); with many, decode every cell.
    while True:
        i = int(_np.argmax(todo))
        if not todo[i]:
            break  # every cell has its string
        if distinct == _PEEL:
            return _decode_all(cells, n, as_array)
        hit = ptrs == ptrs[i]
        out[hit] = ctypes.string_at(int(ptrs[i])).decode("utf-8", "replace")
        todo &= ~hit
        distinct += 1
    return out if as_array else out.tolist()


class Table:
    """A result table: rows of named columns, plus scalars, metadata and
    parts. One reader serves every result:

    t.name               the table's name (the analysis, the measure...)
    len(t)               the number of rows
    t.column_names       the column names, in order; "x" in t tests one
    t.columns            {name: values}: numbers as read-only numpy arrays
                         viewing the library's memory (no copy) when numpy
                         is importable, else lists; text and node columns
                         as lists of str (node ids; None when missing)
    t["x"]               one column, read alone
    t.column_type("x")   "double", "int", "text" or "node"
    t.to_dict()          {key: value} over the rows (per-node tables:
                         {node id: value}); to_dict("col") for another column
    t.to_pandas()        a pandas DataFrame (scalars and metadata in .attrs)
    for row in t         rows as dicts {column: value}; t.rows() as a list
    t.scalars            {name: float}, whole-result numbers
    t.meta               {key: str}: the analysis, the selection (factors,
                         years, directed, level, unit) and the options
    t.parts              {name: Table}, the further parts of the result

    In a notebook a Table shows as an HTML table (_repr_html_). A Table
    and its arrays stay valid after the network and selection are closed.
    """

    def __init__(self, ptr, network=None, _owner=None):
        self._owner = _owner if _owner is not None else _Owner(ptr)
        self._ptr = ptr
        self._network = network  # keeps the Python network object alive
        self.name = _ffi.text(lib.flow_table_name(ptr))
        self._len = lib.flow_table_row_count(ptr)
        self._cols = None
        self._arrays = {}  # column index -> values (text/node: object arrays)
        self._lists = {}   # column index -> text/node values as lists
        self.scalars = {}
        for i in range(lib.flow_table_scalar_count(ptr)):
            k = _ffi.text(lib.flow_table_scalar_name(ptr, i))
            self.scalars[k] = lib.flow_table_scalar(ptr, k.encode("utf-8"))
        self.meta = {}
        for i in range(lib.flow_table_meta_count(ptr)):
            k = _ffi.text(lib.flow_table_meta_key(ptr, i))
            self.meta[k] = _ffi.text(lib.flow_table_meta(ptr, k.encode("utf-8")))
        self.parts = {}
        for i in range(lib.flow_table_part_count(ptr)):
            part = Table(lib.flow_table_part_at(ptr, i), network, self._owner)
            self.parts[part.name] = part

    # ---- columns -----------------------------------------------------------

    @property
    def column_names(self):
        """Column names, in order."""
        return [_ffi.text(lib.flow_table_column_name(self._ptr, c))
                for c in range(lib.flow_table_column_count(self._ptr))]

    def column_type(self, name):
        """"double", "int", "text" or "node"."""
        c = self._index(name)
        return {DOUBLE: "double", INT: "int", TEXT: "text", NODE: "node"}[
            lib.flow_table_column_type(self._ptr, c)]

    def _index(self, name):
        c = lib.flow_table_column_index(self._ptr, name.encode("utf-8"))
        if c < 0:
            raise KeyError("table %r has no column %r (columns: %s)"
                           % (self.name, name, ", ".join(self.column_names)))
        return c

    def _array(self, c, cache=True):
        """Column c: numbers as numpy views; text and node columns as numpy
        object arrays (lists without numpy). Cached unless `cache` is
        false (then the caller owns a fresh array)."""
        got = self._arrays.get(c) if cache else None
        if got is not None:
            return got
        p, n = self._ptr, self._len
        t = lib.flow_table_column_type(p, c)
        if t == DOUBLE:
            got = _view(self._owner, _address(lib.flow_table_doubles(p, c)), ctypes.c_double, n)
        elif t == INT:
            got = _view(self._owner, _address(lib.flow_table_ints(p, c)), ctypes.c_int64, n)
        elif t == NODE:
            got = self._nodes(c)
        else:
            got = _texts(p, c, n)
        if cache:
            self._arrays[c] = got
        return got

    def _nodes(self, c):
        p, n = self._ptr, self._len
        if n == 0:
            return _np.empty(0, dtype=object) if _np is not None else []
        ids = node_ids(lib.flow_table_network(p), self._network, self._owner)
        idx = _view(self._owner, _address(lib.flow_table_ints(p, c)), ctypes.c_int64, n)
        if _np is None:
            return [ids[i] for i in idx]
        return ids[idx]  # -1 reads the trailing None

    def _read(self, c):
        """Column c as Table.columns gives it (text and node: lists)."""
        got = self._array(c)
        if _np is None or got.dtype != object:
            return got
        lst = self._lists.get(c)
        if lst is None:
            lst = self._lists[c] = got.tolist()
        return lst

    @property
    def columns(self):
        """{name: values} for every column, in order."""
        if self._cols is None:
            self._cols = {name: self._read(c) for c, name in enumerate(self.column_names)}
        return self._cols

    def __getitem__(self, name):
        """The column `name` (read alone: the other columns are not)."""
        if self._cols is not None and name in self._cols:
            return self._cols[name]
        return self._read(self._index(name))

    def __contains__(self, name):
        return name in self.column_names

    def __len__(self):
        return self._len

    def __iter__(self):
        """Rows as dicts {column: value} (numbers as Python floats/ints)."""
        cols = self.columns
        names = list(cols)
        lists = [as_list(c) for c in cols.values()]
        for r in range(self._len):
            yield {names[k]: lists[k][r] for k in range(len(names))}

    def rows(self):
        """All rows as a list of dicts."""
        return list(self)

    def to_dict(self, value=None, key=None):
        """{key: value} over the rows: key defaults to the first node column
        (else the first column), value to the only other column (name it
        when there are several)."""
        names = self.column_names
        if key is None:
            key = next((n for n in names if self.column_type(n) == "node"), names[0])
        if value is None:
            rest = [n for n in names if n != key]
            if len(rest) != 1:
                raise ValueError("table %r has columns %s: name the value column"
                                 % (self.name, ", ".join(rest)))
            value = rest[0]
        return dict(zip(as_list(self[key]), as_list(self[value])))

    def to_pandas(self):
        """A pandas DataFrame of the columns (scalars and metadata in
        .attrs; number columns are copies the DataFrame owns). Needs
        pandas."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("Table.to_pandas() needs pandas: %s" % e) from e
        # Arrays, not lists, handed over without a further copy: text and
        # node columns as object arrays of the DataFrame's own, numbers as
        # writable copies of the read-only views.
        cols = {}
        for c, name in enumerate(self.column_names):
            a = self._arrays.get(c)
            if a is None and lib.flow_table_column_type(self._ptr, c) in (TEXT, NODE):
                a = self._array(c, cache=False)
            else:
                a = _np.array(self._array(c), copy=True)
            cols[name] = a
        df = pd.DataFrame(cols, copy=False)
        df.attrs.update(self.meta)
        df.attrs.update(self.scalars)
        return df

    def __repr__(self):
        return "<libflow.Table %s: %d rows, columns %s%s>" % (
            self.name, self._len, ", ".join(self.column_names),
            "".join("; %s=%g" % kv for kv in self.scalars.items()))

    def _repr_html_(self, max_rows=20):
        import html
        names = self.column_names
        out = ["<table><caption>%s</caption><thead><tr>" % html.escape(self.name)]
        out += ["<th>%s</th>" % html.escape(n) for n in names]
        out.append("</tr></thead><tbody>")
        for r, row in enumerate(self):
            if r == max_rows:
                out.append("<tr><td colspan=%d>... %d more rows</td></tr>"
                           % (len(names), self._len - max_rows))
                break
            out.append("<tr>" + "".join("<td>%s</td>" % html.escape(str(row[n]))
                                        for n in names) + "</tr>")
        out.append("</tbody></table>")
        if self.scalars:
            out.append("<p>" + ", ".join("%s = %s" % (html.escape(k), v)
                                         for k, v in self.scalars.items()) + "</p>")
        return "".join(out)


def _compare(self, counterfactual):
    """This per-node Table (the baseline) and another (the counterfactual:
    the same analysis on a selection with without=..., with_flows=...)
    side by side: a Table "compare" with columns node (and year for
    series), status ("both", "removed", "added") and, for every value
    column both have, <name>_baseline, <name>_counterfactual and
    <name>_difference (counterfactual - baseline); the same for the
    scalars (C: flow_table_compare())."""
    if not isinstance(counterfactual, Table):
        raise TypeError("compare_with() takes a Table, not %s" % type(counterfactual).__name__)
    return Table(_ffi.new(lib.flow_table_compare, self._ptr, counterfactual._ptr),
                 self._network)


Table.compare_with = _compare


def take(fn, *args, network=None):
    """Calls fn(&out, *args) for a function returning a flow_table and wraps
    the result."""
    return Table(_ffi.new(fn, *args), network)

"""Table: the one result type, read from a C flow_table.

Every analysis returns a Table: named columns of equal length, named
scalars (a cut's "value", a partition's "modularity"), metadata (how it was
made) and parts (further Tables, for results with several parts).

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


class Table:
    """A result table (see the module docstring)."""

    def __init__(self, ptr, network=None, _owner=None):
        self._owner = _owner if _owner is not None else _Owner(ptr)
        self._ptr = ptr
        self._network = network  # keeps the Python network object alive
        self.name = _ffi.text(lib.flow_table_name(ptr))
        self._len = lib.flow_table_row_count(ptr)
        self._cols = None
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

    def _read(self, c):
        p, n = self._ptr, self._len
        t = lib.flow_table_column_type(p, c)
        if t == DOUBLE:
            return _view(self._owner, ctypes.cast(lib.flow_table_doubles(p, c), ctypes.c_void_p)
                         .value, ctypes.c_double, n)
        if t == INT:
            return _view(self._owner, ctypes.cast(lib.flow_table_ints(p, c), ctypes.c_void_p)
                         .value, ctypes.c_int64, n)
        if t == NODE:
            return [_ffi.text(lib.flow_table_text(p, c, r)) for r in range(n)]
        texts = lib.flow_table_texts(p, c)
        return [None if s is None else s.decode("utf-8", "replace")
                for s in (texts[:n] if n else [])]

    @property
    def columns(self):
        """{name: values} for every column, in order."""
        if self._cols is None:
            self._cols = {name: self._read(c) for c, name in enumerate(self.column_names)}
        return self._cols

    def __getitem__(self, name):
        """The column `name`."""
        if self._cols is not None and name in self._cols:
            return self._cols[name]
        return self.columns[self.column_names[self._index(name)]]

    def __contains__(self, name):
        return name in self.column_names

    def __len__(self):
        return self._len

    def __iter__(self):
        """Rows as dicts {column: value} (numbers as Python floats/ints)."""
        cols = self.columns
        names = list(cols)
        lists = [c.tolist() if hasattr(c, "tolist") else c for c in cols.values()]
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
        k, v = self[key], self[value]
        v = v.tolist() if hasattr(v, "tolist") else v
        k = k.tolist() if hasattr(k, "tolist") else k
        return dict(zip(k, v))

    def to_pandas(self):
        """A pandas DataFrame of the columns (scalars and metadata in
        .attrs). Needs pandas."""
        import pandas as pd
        df = pd.DataFrame(self.columns)
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


def take(fn, *args, network=None):
    """Calls fn(&out, *args) for a function returning a flow_table and wraps
    the result."""
    return Table(_ffi.new(fn, *args), network)

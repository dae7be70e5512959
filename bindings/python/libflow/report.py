"""Seeing the flows: the HTML report and the SVG flow map of a selection
(libflow/report.h).

    import libflow
    with libflow.load("data/china") as net:
        sel = net.select(factors=["technology"], years=(2018, 2022))
        sel.report("tech.html", sources=["CN-SH"], sinks=["CN-XJ"], label_attr="name_zh")
        sel.draw("tech.svg")

report() and draw() are also methods of Selection; given a Network they
draw all of it (its default selection).
"""

import os
import tempfile

from . import _ffi, errors
from ._ffi import lib
from .choices import CLUSTER
from .network import Network
from .selection import Selection, _names


def _text(what, selection, path, title, sources, sinks, label_attr, method, seed, max_edges,
          alpha, top, top_labels, basemap, gravity=True, significance=True, samples=999):
    if isinstance(selection, Network):
        with selection.select() as sel:
            return _text(what, sel, path, title, sources, sinks, label_attr, method, seed,
                         max_edges, alpha, top, top_labels, basemap, gravity, significance,
                         samples)
    if not isinstance(selection, Selection):
        raise TypeError("expected a Selection or a Network, not %s" % type(selection).__name__)
    if (sources is None) != (sinks is None):
        raise errors.InvalidArgument(errors.EINVAL, "give both sources and sinks, or neither")
    code = None if method is None else CLUSTER.value(method)
    opts = _ffi.report_options(what, title, None if sources is None else _names(sources),
                               None if sinks is None else _names(sinks), label_attr, code,
                               seed, max_edges, alpha, top, top_labels, basemap, gravity,
                               significance, samples)
    with selection._using() as p, selection._calling():
        text = _ffi.owned_string(lib.flow_report_string, p, _ffi.byref(opts))
    if path is not None:
        path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".report-", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    return text


def report(selection, path=None, *, title=None, sources=None, sinks=None, label_attr=None,
           method=None, seed=1, max_edges=300, alpha=0.05, top=10, top_labels=30,
           basemap=True, gravity=True, significance=True, samples=999):
    """The self-contained HTML report of a selection (or of a whole
    Network): provenance (with the "modelled, not observed" caution when
    the data say so), summary figures, a flow map per factor with a year
    slider, top hubs, authorities and brokers, the bottleneck from
    `sources` to `sinks` (node ids or group names; default: the strongest
    net exporter and importer) drawn on a map, clusters (`method`, default
    louvain; `seed`) against the declared groups, a heat map of the flows
    between groups, and trends across years. Maps with more than
    `max_edges` flows show the disparity-filter backbone (`alpha`).
    Labels: the node attribute `label_attr` (e.g. "name_zh") or the name.
    `gravity`: observed versus expected flows (a gravity model fitted by
    PPML) for directed data; `significance`: p-values of the clusters
    against null models (`samples` null samples, seeded by `seed`).

    Returns the page as a str, and also writes it to `path` (replaced
    whole) when given. The page fetches nothing when viewed."""
    return _text(_ffi.REPORT_HTML, selection, path, title, sources, sinks, label_attr, method,
                 seed, max_edges, alpha, top, top_labels, basemap, gravity, significance,
                 samples)


def draw(selection, path=None, *, title=None, label_attr=None, method=None, seed=1,
         max_edges=300, alpha=0.05, top_labels=30, basemap=True):
    """The flow map of a selection (or of a whole Network) alone, as a
    standalone SVG document for papers (options as report()). Returns the
    SVG text, and writes it to `path` when given."""
    return _text(_ffi.REPORT_SVG, selection, path, title, None, None, label_attr, method, seed,
                 max_edges, alpha, 10, top_labels, basemap)


Selection.report = report
Selection.draw = draw

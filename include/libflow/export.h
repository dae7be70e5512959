/*
 * libflow/export.h - writing a network for other tools.
 *
 * libflow writes these formats itself (igraph's writers drop names and
 * weights and print numbers DOT cannot read):
 *  - FLOW_EXPORT_JSON: one object {"nodes": [...], "factors": [...],
 *    "flows": [...], "groups": [...]}. A node is {"id", "name", "kind",
 *    "parent", then its attributes by name}; missing attributes are left
 *    out, an infinite number is null (JSON has no infinity), "parent" is
 *    null for a root. A factor is {"name", "unit"} (unit null when none). A
 *    flow is {"source", "target", "factor", "weight", "year"}, year null
 *    when it has none. A group is {"name", "members": [{"id", "role"}]}, role
 *    null when none. Strings are UTF-8 as given, with '"', '\' and control
 *    characters escaped.
 *  - FLOW_EXPORT_GRAPHML: directed multigraph, one edge per flow; the
 *    GraphML node id is the node's id; node keys name (the id again:
 *    python-igraph's convention, so g.vs.find(name="CN-BJ") works), label
 *    (the display name), kind, parent, groups (when the network has groups:
 *    the node's group names joined by ';') and each attribute (attr.type
 *    double or string); edge keys factor, weight (double), year (int; left
 *    out when the flow has none) and unit (when a factor has one: the
 *    factor's unit). Missing attributes are left out; infinities are
 *    written INF / -INF.
 *  - FLOW_EXPORT_GEXF: GEXF 1.3 (namespace http://gexf.net/1.3) for Gephi,
 *    defaultedgetype="directed"; node label = name, node attributes kind,
 *    parent, groups (as in GraphML) and each attribute (double or string).
 *    One edge per (source, target, factor): weight = its total over the
 *    years, kind = factor (Gephi's edge type, one layer per factor), the
 *    attributes factor and unit (when there is one). Time: when some flow
 *    has a year, the graph is mode="dynamic" timeformat="integer" and an
 *    edge's years are spells (<spell start="2018" end="2018"/>, one per
 *    year: Gephi's timeline) with the weight of each year as a dynamic
 *    attvalue for="weight" with start and end (Gephi's dynamic weight),
 *    repeated for the declared dynamic edge attribute "yearly_weight"
 *    (networkx reads declared attributes only: d["yearly_weight"] =
 *    [(weight, year, year), ...] beside the total d["weight"]); undated
 *    flows are
 *    edges of their own, without spells. Without years: mode="static".
 *    Missing and infinite attribute values are left out.
 *  - FLOW_EXPORT_GEXF12: the same in GEXF 1.2 (namespace
 *    http://www.gexf.net/1.2draft, version="1.2"), which networkx 2.x reads
 *    (networkx reads GEXF 1.3 only from 3.6 on).
 *  - FLOW_EXPORT_DOT: a digraph for Graphviz; every id, string and number
 *    is quoted ("\"" and "\\" escaped, line breaks as \n). Nodes carry
 *    label = name, kind, parent, groups and their attributes; edges (one
 *    per flow) carry factor, weight, year and unit. An attribute named like
 *    a Graphviz attribute (color, width, ...) also affects the drawing.
 *    The graph asks for the neato layout (graph [layout="neato"]): dot's
 *    layered layout takes minutes on a dense flow graph (`dot -Kdot`
 *    forces it). A
 *    multigraph of many flows is slow to lay out: export a selection
 *    (flow_export_selection(), one edge per pair) for drawing.
 * Group roles are written in JSON only.
 * Text that XML 1.0 cannot carry (control characters other than tab, line
 * feed and carriage return) is replaced by U+FFFD in GraphML and GEXF.
 * Numbers are written with the fewest significant digits (15 to 17, as
 * "%.17g" at most) that read back to the same double: 1e-07 stays "1e-07",
 * and every weight reads back exactly. The decimal point is '.' whatever
 * the locale.
 * flow_export_string() and flow_export_write() write every flow of the
 * network; flow_export_selection() writes a selection with result columns.
 *
 *     flow_export_write(net, FLOW_EXPORT_GEXF, "flows.gexf");
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_EXPORT_H
#define LIBFLOW_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/network.h"

FLOW_BEGIN_DECLS

/** Export formats. Their names ("json", "graphml", "gexf", "dot", "gexf12") are the
 *  registry family "format": flow_registry_lookup("format", "gexf") gives
 *  FLOW_EXPORT_GEXF (libflow/registry.h). */
enum {
    FLOW_EXPORT_JSON = 0,
    FLOW_EXPORT_GRAPHML = 1,
    FLOW_EXPORT_GEXF = 2,
    FLOW_EXPORT_DOT = 3,
    FLOW_EXPORT_GEXF12 = 4
};

/**
 * Renders the network in a format.
 * @param[out] out NUL-terminated UTF-8 text, freed with flow_free(); NULL
 *                 on failure
 * @param net      the network
 * @param format   one of FLOW_EXPORT_*
 * @return FLOW_OK; FLOW_EINVAL (out is NULL, unknown format);
 *         FLOW_EMISUSE (net is NULL or freed); FLOW_ENOMEM.
 */
FLOW_API int flow_export_string(char **out, const flow_network *net, int format);

/**
 * Writes the network to a file, replaced if it exists. The text goes to a
 * temporary file in the same directory (".<name>.XXXXXX"), which is renamed
 * over `path` only when complete: on failure no partial file is left
 * behind and an existing file is untouched. A replaced file keeps its
 * permissions. A symbolic link at `path` is followed: the file it points to
 * (a chain of links, a dangling one too) is the one replaced, the link
 * stays. A character device, a FIFO or a socket (/dev/null, /dev/full, a
 * terminal, /dev/stdout, a named pipe) is written through, never replaced:
 * a FIFO waits for a reader, and a write error is FLOW_EIO with the
 * system's reason (/dev/full: "No space left on device"). A directory or a
 * block device is refused (FLOW_EIO). Memory use stays small whatever the
 * network's size (the text is written in pieces of about 1 MB).
 * @param net    the network
 * @param format one of FLOW_EXPORT_*
 * @param path   the file to write (UTF-8 / file-system encoding)
 * @return FLOW_OK; FLOW_EIO (cannot create, write or rename: the message
 *         names the path and the system's reason); FLOW_EINVAL (unknown
 *         format, path NULL or empty); FLOW_EMISUSE (net is NULL or freed);
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_export_write(const flow_network *net, int format, const char *path);

/**
 * Writes a selection (libflow/selection.h) for other tools, with result
 * columns attached to its nodes and edges: the way to give Gephi,
 * networkx or python-igraph a PageRank or a partition computed by libflow.
 *
 * Nodes: the selection's vertices (after a roll-up, the nodes of the
 * level), each written as its network node (id, name, kind, parent,
 * groups, attributes) plus one value per node column of the results.
 * Edges: one per edge of the selection's graph (one per pair: per ordered
 * pair when directed; undirected selections are written as undirected
 * graphs), weight = the selection's weight (summed over the kept factors
 * and years; shares under FLOW_COMBINE_SHARE), plus one value per edge
 * column of the results. GEXF also gives each edge its weight per year
 * (spells and dynamic weights, as flow_export_string() describes); JSON
 * gives {"selection": {description}, "directed", "nodes": [...], "edges":
 * [{"source", "target", "weight", "years": {"2018": w, ...}, columns}]}.
 * GraphML graph data and the GEXF description carry the selection's
 * description (factors, years, directed, level, combine, unit).
 *
 * Results: tables computed on this selection's network
 * (libflow/table.h). A table whose first column is the node column
 * "node" (centrality, a partition's "cluster", k-core) adds its other
 * columns to the nodes; one whose first columns are the node columns
 * "source", "target" (edge betweenness) adds its other columns to the
 * matching edges. Column names must not clash with the written fields
 * (id, name, label, kind, parent, groups, weight, factor, year, unit,
 * source, target), with an attribute or with each other. A node or edge
 * a table has no row for gets no value (missing).
 *
 * @param[out] out  with path NULL: the text (freed with flow_free()); NULL
 *                  on failure. May be NULL when path is given.
 * @param sel       the selection (built if needed)
 * @param results   nresults tables (NULL when nresults is 0)
 * @param format    FLOW_EXPORT_*
 * @param path      NULL: the text goes to *out; else the file written as
 *                  flow_export_write() does (replaced whole, never
 *                  half-written)
 * @return FLOW_OK; FLOW_EINVAL (out and path both NULL, unknown format, a
 *         table that has no node or edge columns, a clashing column name,
 *         a table of another network); FLOW_EMISUSE (sel NULL or freed);
 *         FLOW_EIO; FLOW_ENOMEM; what flow_selection_build() returns.
 *
 *     flow_table *pr = NULL;
 *     flow_centrality_compute(&pr, sel, FLOW_PAGERANK, NULL);
 *     const flow_table *cols[] = {pr};
 *     flow_export_selection(NULL, sel, cols, 1, FLOW_EXPORT_GEXF, "tech.gexf");
 *
 * Since 0.3.
 */
FLOW_API int flow_export_selection(char **out, flow_selection *sel,
                                   const flow_table *const *results, size_t nresults,
                                   int format, const char *path);

FLOW_END_DECLS

#endif /* LIBFLOW_EXPORT_H */

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
 *  - FLOW_EXPORT_GRAPHML: directed multigraph; node keys name, kind, parent
 *    and each attribute (attr.type double or string); edge keys factor,
 *    weight (double), year (int; left out when the flow has none). Missing
 *    attributes are left out; infinities are written INF / -INF.
 *  - FLOW_EXPORT_GEXF: GEXF 1.3 (namespace http://gexf.net/1.3) for Gephi,
 *    mode="static" defaultedgetype="directed"; node label = name, node
 *    attributes kind, parent and each attribute (double or string); edges
 *    carry weight, kind = factor (Gephi's edge type, one layer per factor)
 *    and the attributes factor and year (integer; left out when none).
 *    Missing and infinite attribute values are left out.
 *  - FLOW_EXPORT_DOT: a digraph for Graphviz; every id, string and number
 *    is quoted ("\"" and "\\" escaped, line breaks as \n). Nodes carry
 *    label = name, kind, parent and their attributes; edges carry factor,
 *    weight and year. An attribute named like a Graphviz attribute (color,
 *    width, ...) also affects the drawing.
 * Groups and factor units are written in JSON only (GraphML, GEXF and DOT
 * have no natural place for overlapping node sets or per-layer metadata).
 * Text that XML 1.0 cannot carry (control characters other than tab, line
 * feed and carriage return) is replaced by U+FFFD in GraphML and GEXF.
 * Numbers are written with the fewest significant digits (15 to 17, as
 * "%.17g" at most) that read back to the same double: 1e-07 stays "1e-07",
 * and every weight reads back exactly. The decimal point is '.' whatever
 * the locale.
 * Every flow of the network is written, one edge per (source, target,
 * factor, year); selections are not applied.
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

/** Export formats. Their names ("json", "graphml", "gexf", "dot") are the
 *  registry family "format": flow_registry_lookup("format", "gexf") gives
 *  FLOW_EXPORT_GEXF (libflow/registry.h). */
enum {
    FLOW_EXPORT_JSON = 0,
    FLOW_EXPORT_GRAPHML = 1,
    FLOW_EXPORT_GEXF = 2,
    FLOW_EXPORT_DOT = 3
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
 * permissions; a symbolic link at `path` is replaced, not followed. Memory
 * use stays small whatever the network's size (the text is written in
 * pieces of about 1 MB).
 * @param net    the network
 * @param format one of FLOW_EXPORT_*
 * @param path   the file to write (UTF-8 / file-system encoding)
 * @return FLOW_OK; FLOW_EIO (cannot create, write or rename: the message
 *         names the path and the system's reason); FLOW_EINVAL (unknown
 *         format, path NULL or empty); FLOW_EMISUSE (net is NULL or freed);
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_export_write(const flow_network *net, int format, const char *path);

FLOW_END_DECLS

#endif /* LIBFLOW_EXPORT_H */

/*
 * libflow/export.h - writing a network for other tools.
 *
 * libflow writes these formats itself (igraph's writers drop names and
 * weights and print numbers DOT cannot read):
 *  - FLOW_EXPORT_JSON: one object {"nodes": [...], "factors": [...],
 *    "flows": [...], "groups": [...]}; node attributes by name, missing
 *    ones left out; a flow's year is null when it has none.
 *  - FLOW_EXPORT_GRAPHML: directed multigraph; node keys name, kind, parent
 *    and each attribute; edge keys factor, weight, year (left out when the
 *    flow has none).
 *  - FLOW_EXPORT_GEXF: GEXF 1.3 for Gephi; node attributes kind, parent and
 *    each attribute; edges carry kind = factor, weight and a year attribute.
 *  - FLOW_EXPORT_DOT: a digraph for Graphviz; every id and number quoted.
 * Numbers are written with 17 significant digits, so they read back exactly.
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

/** Export formats. */
enum {
    FLOW_EXPORT_JSON = 0,
    FLOW_EXPORT_GRAPHML = 1,
    FLOW_EXPORT_GEXF = 2,
    FLOW_EXPORT_DOT = 3
};

/**
 * Renders the network in a format.
 * @param[out] out NUL-terminated text, freed with flow_free()
 * @return FLOW_OK; FLOW_EINVAL (bad format or argument); FLOW_ENOMEM.
 */
FLOW_API int flow_export_string(char **out, const flow_network *net, int format);

/**
 * Writes the network to a file (replaced if it exists; on failure no
 * partial file is left behind).
 * @return FLOW_OK; FLOW_EIO (the message names the path); FLOW_EINVAL;
 *         FLOW_ENOMEM.
 */
FLOW_API int flow_export_write(const flow_network *net, int format, const char *path);

/**
 * The format named "json", "graphml", "gexf" or "dot" (case-insensitive),
 * or -1 for another name.
 */
FLOW_API int flow_export_format_from_name(const char *name);

FLOW_END_DECLS

#endif /* LIBFLOW_EXPORT_H */

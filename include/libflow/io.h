/*
 * libflow/io.h - loading a flow network from CSV files.
 *
 * A data set is a folder holding
 *   nodes.csv   id,name,kind,parent[,attribute...]   (optional)
 *   flows.csv   source,target,factor,weight[,year][,unit]   (required)
 *   groups.csv  group,member[,role]                  (optional)
 *   factors.csv factor[,unit][,kind]                 (optional)
 * or a lone flows.csv (nodes are then created from the flows, in order of
 * first appearance, with kind "unknown").
 *
 * Format: UTF-8 with an optional BOM; RFC 4180 quoting (commas, doubled
 * quotes and line breaks inside quoted fields); CRLF or LF line ends; a
 * header row whose columns are matched by name in any order (names are
 * trimmed of blanks; unknown flows/groups columns are ignored). In
 * nodes.csv only `id` is required; every column other than id, name, kind
 * and parent is kept as a node attribute: numeric when every non-empty cell
 * parses as a number, text otherwise; an empty cell is a missing value.
 * Weights are plain decimal numbers with a '.' point ("1e3" is allowed;
 * "1,5" is refused as a decimal comma), finite and > 0. A year is an integer
 * in [-9999, 9999], or empty for none. A `unit` column names the factor's
 * unit; two different units for one factor are an error. Rows with the same
 * (source, target, factor, year) are summed. factors.csv declares factors
 * (one row each; a factor no flow uses is declared too): `unit` as in
 * flows.csv (a unit that differs from the one flows.csv gave is an error),
 * `kind` "flow" (the default, also for an empty cell) or "stock" (weights
 * measured at a date, such as a headcount: a selection never adds a
 * stock's years up, see flow_network_set_factor_kind()).
 *
 * Details: ids, names, kinds, factors, units, groups, roles and text
 * attributes are taken verbatim (" A" and "A" are two ids); numbers
 * (weights, years, numeric attributes) may have blanks (spaces, tabs) around
 * them. Blank lines are skipped; a lone CR also ends a line; a quote inside
 * an unquoted field is kept as text. An attribute cell holding only blanks
 * is missing; "nan", "inf" or an overflowing value makes its attribute
 * column text. NUL bytes and UTF-16 files are refused.
 *
 * Loading is all-or-nothing: on any error *out is NULL, nothing is leaked,
 * and flow_last_error() holds one message naming the file, the line and the
 * column (flow_last_error_location() gives them apart), e.g.
 *   data/x/flows.csv:17:9: unknown node id 'CN-SXX' (did you mean 'CN-SX'?)
 *
 * Provenance: flow_io_load() also reads the data folder's README.md (the
 * folder's own, or the one beside a lone flows file) when there is one, and
 * records its path and whether it says the flows are modelled: the
 * network's "provenance" table (flow_network_table()) gives them, with the
 * caution to print. A missing or unreadable README is no error.
 *
 * Limits: a field is at most FLOW_IO_MAX_FIELD bytes, a row at most
 * FLOW_IO_MAX_COLUMNS fields; beyond them the load fails with FLOW_ELIMIT.
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_IO_H
#define LIBFLOW_IO_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/network.h"

FLOW_BEGIN_DECLS

/** Longest field accepted by the loader, in bytes. */
#define FLOW_IO_MAX_FIELD 65536
/** Most fields accepted in one row. */
#define FLOW_IO_MAX_COLUMNS 1024

/**
 * Loads a data set folder or a lone flows.csv.
 * @param[out] out  the network, freed with flow_network_free(); NULL on failure
 * @param path      a folder holding flows.csv (and optional nodes.csv and
 *                  groups.csv), or the path of a flows CSV file
 * @return FLOW_OK; FLOW_EIO (cannot open or read); FLOW_ENOTFOUND (no such
 *         path, a folder without flows.csv, an unknown id); FLOW_EPARSE
 *         (malformed data); FLOW_ELIMIT; FLOW_ENOMEM; FLOW_EINVAL (NULL
 *         argument).
 */
FLOW_API int flow_io_load(flow_network **out, const char *path);

/**
 * Loads a lone flows table from memory, as flow_io_load() does a flows.csv
 * file. `name` is used in messages in place of a file name (NULL: "<buffer>").
 * @return as flow_io_load().
 */
FLOW_API int flow_io_load_flows_buffer(flow_network **out, const char *data, size_t size,
                                       const char *name);

FLOW_END_DECLS

#endif /* LIBFLOW_IO_H */

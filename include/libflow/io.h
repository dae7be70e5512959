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
 * records its path and whether its front matter says "flows: modelled": the
 * network's "provenance" table (flow_network_table()) gives them, with the
 * caution to print. A missing or unreadable README is no error.
 *
 * Limits: a field is at most FLOW_IO_MAX_FIELD bytes, a row at most
 * FLOW_IO_MAX_COLUMNS fields; beyond them the load fails with FLOW_ELIMIT.
 * The size of a file, the length of a field, the number of nodes and the
 * number of flows are further bounded by flow_io_options (defaults: 2 GiB,
 * 65536 bytes, 10 million nodes, 100 million flows), so that a hostile or
 * mistaken file fails with FLOW_ELIMIT, naming the file (and the line and
 * column where the limit was passed), before it exhausts memory; pass your
 * own to flow_io_load_with() (flow_io_import_with() for other tools' files)
 * for larger data sets.
 *
 * Other tools' files: flow_io_load() also reads, by their extension, GraphML
 * (.graphml), GEXF (.gexf), Pajek (.net, .paj) and delimited edge lists
 * (.txt, .tsv, .edges, .edgelist, .el, .dat), and a .csv whose header is
 * another tool's (Gephi's "Source,Target,Type,Id,Label,Weight", or
 * "source,target,weight" without a factor), all as flow_io_import() with
 * no options. The readers keep the loader's promises: all-or-nothing, and
 * every error names the file, the line and the column.
 *
 * Since 0.1 (other tools' files since 0.3).
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

/** Version of flow_io_options this header describes. */
#define FLOW_IO_OPTIONS_VERSION 2

/**
 * Limits of a load (flow_io_load_with()). Start from FLOW_IO_OPTIONS_INIT
 * or flow_io_options_init(); a NULL options pointer means the defaults. A
 * limit of 0 means none. Passing a limit fails the load with FLOW_ELIMIT
 * and a message naming the file, the line and the column (the file alone
 * for its size) and the option to raise.
 */
typedef struct {
    /** FLOW_IO_OPTIONS_VERSION. */
    unsigned int version;
    /** Bytes of one file (default 2 GiB). Files are read into a private
     * copy (a file changed during the load never crashes it); a large
     * flows.csv parsed on several threads is read as it is parsed, a few
     * MiB ahead, and released behind. */
    uint64_t max_file_size;
    /** Bytes of one field (default and most: FLOW_IO_MAX_FIELD). */
    size_t max_field;
    /** Nodes of the network (default 10,000,000). */
    size_t max_nodes;
    /** Distinct flows of the network (default 100,000,000). */
    size_t max_flows;
    /** Threads that parse a large flows.csv (version 2 on; since 0.3): 0
     * (the default) for the number of processors, at most 8; 1 for one
     * thread. A flows.csv below 16 MiB is parsed on one thread. The
     * result, and the first error of the file with its line and column,
     * do not depend on it: chunks are parsed in parallel and merged in
     * file order. Version 1 options have no such field: the default. */
    unsigned int threads;
} flow_io_options;

/** The defaults, for static initialisation. */
#define FLOW_IO_OPTIONS_INIT                                                           \
    {FLOW_IO_OPTIONS_VERSION, (uint64_t)2 << 30, FLOW_IO_MAX_FIELD, 10000000, 100000000, 0}

/**
 * Fills options with the defaults (for bindings that cannot use the macro).
 * @param version FLOW_IO_OPTIONS_VERSION
 * @return FLOW_OK; FLOW_EINVAL (NULL, or a version this library does not
 *         know).
 */
FLOW_API int flow_io_options_init(flow_io_options *opts, unsigned int version);

/**
 * flow_io_load() with limits. flow_io_load(out, path) is
 * flow_io_load_with(out, path, NULL).
 *
 *     flow_io_options o = FLOW_IO_OPTIONS_INIT;
 *     o.max_flows = 0; // no limit on flows
 *     flow_io_load_with(&net, "data/big", &o);
 *
 * The network keeps the limits: the files a counterfactual adds to it
 * (flow_selection_set_counterfactual(), FLOW_WITH_FLOWS) are loaded
 * within them.
 *
 * @return as flow_io_load(); FLOW_EINVAL also for an unknown options
 *         version or a max_field above FLOW_IO_MAX_FIELD.
 * Since 0.3.
 */
FLOW_API int flow_io_load_with(flow_network **out, const char *path,
                               const flow_io_options *opts);

/**
 * Loads a lone flows table from memory, as flow_io_load() does a flows.csv
 * file, with the default limits (FLOW_IO_OPTIONS_INIT). `name` is used in
 * messages in place of a file name (NULL: "<buffer>"). The size bytes of
 * data are read (no NUL terminator needed) and not kept by the network.
 * @param[out] out the network, freed with flow_network_free(); NULL on failure
 * @return as flow_io_load(); FLOW_EINVAL also for NULL data with size > 0.
 */
FLOW_API int flow_io_load_flows_buffer(flow_network **out, const char *data, size_t size,
                                       const char *name);

/**
 * Input formats: the registry family "input_format"
 * (flow_registry_lookup("input_format", "gexf") gives FLOW_INPUT_GEXF).
 */
enum {
    FLOW_INPUT_AUTO = -1,    /**< from the extension, else the content */
    FLOW_INPUT_DATASET = 0,  /**< libflow's folder or flows.csv (flow_io_load()) */
    FLOW_INPUT_EDGELIST = 1, /**< delimited edge list, columns mapped by name */
    FLOW_INPUT_GRAPHML = 2,  /**< GraphML */
    FLOW_INPUT_GEXF = 3,     /**< GEXF 1.1, 1.2 or 1.3 */
    FLOW_INPUT_PAJEK = 4     /**< Pajek .net */
};

/**
 * Loads another tool's file (or a libflow data set) into a new network.
 *
 * What each format gives the model:
 *  - edge lists: one flow per row; nodes are created from the rows in order
 *    of first appearance (kind "unknown"). The delimiter is the most
 *    frequent of ',' ';' tab '|' on the first line, else blanks (runs of
 *    spaces and tabs); RFC 4180 quoting for the delimited ones; lines that
 *    start with '#' or '%' are comments. A header is detected when the first
 *    row names a source and a target column. Columns are matched by name
 *    with ASCII case ignored: source (or from, src), target (or to, dst),
 *    weight (or value, w; every weight is 1 without one), factor (or
 *    layer), year (or time), unit; other columns (Gephi's Type, Id, Label)
 *    are ignored. Without a header the fields are source, target, weight,
 *    factor, year by position.
 *  - GraphML and GEXF: nodes in file order; a node's display name is its
 *    "label" (GEXF's label attribute or a "label" key), else its "name";
 *    when the GraphML node ids are python-igraph's generated n0, n1, ... and
 *    every node has a distinct "name", the names are the ids (igraph's
 *    convention). Attributes named "kind", "parent" (a node id) and
 *    "groups" (group names separated by ';') fill the model's fields; GEXF's
 *    pid and <parent> are parents too; every other node attribute is kept,
 *    numeric for numeric and boolean types (true = 1), text otherwise. An
 *    edge's "weight" (GEXF: its weight attribute; default 1), "factor"
 *    (GEXF: else the edge's kind), "year" and "unit" are read; other edge
 *    attributes are dropped. GEXF time: an edge whose start and end are the
 *    same whole year, or whose spells cover whole years, gives one flow per
 *    year, weighted by the dynamic weight of that year (an attvalue for
 *    "weight" with start and end) when there is one. Undirected graphs are
 *    read with each edge once, as written (analyse them with an undirected
 *    selection).
 *  - Pajek: *Vertices N with optional quoted labels (the ids are the
 *    labels when every vertex has a distinct one, else the vertex
 *    numbers); *Arcs and *Edges lines "from to [weight]"; *Arcslist and
 *    *Edgeslist; '%' comments.
 * Flows without a factor get the default factor ("flow"), flows without a
 * year the default year (none). Weights must be finite and > 0.
 *
 * @param[out] out the network, freed with flow_network_free(); NULL on
 *                 failure
 * @param path     the file (or, for FLOW_INPUT_DATASET, a data set folder)
 * @param format   FLOW_INPUT_* (FLOW_INPUT_AUTO: by extension, then
 *                 content; a .csv with options is an edge list)
 * @param options  NULL, or "key=value" items separated by commas:
 *                 source=COL, target=COL, weight=COL, factor=COL, year=COL,
 *                 unit=COL (edge-list column names, case ignored),
 *                 delimiter=C (one character, or comma, semicolon, tab,
 *                 pipe, space), header=yes|no, default_factor=NAME,
 *                 default_year=Y. The registry entry "edgelist" lists them
 *                 as its parameters.
 * @return FLOW_OK; FLOW_EINVAL (NULL out or path, unknown format, a bad or
 *         unknown option, options with a data set); FLOW_ENOTFOUND (no such
 *         path; an edge to an undeclared node); FLOW_EPARSE (malformed file,
 *         with file:line:column); FLOW_EIO; FLOW_ENOMEM.
 *
 *     flow_io_import(&net, "edges.csv", FLOW_INPUT_AUTO,
 *                    "source=Source,target=Target,weight=Weight");
 *
 * Since 0.3.
 */
FLOW_API int flow_io_import(flow_network **out, const char *path, int format,
                            const char *options);

/**
 * flow_io_import() within limits (flow_io_options, as flow_io_load_with()
 * takes them; NULL: the defaults). flow_io_import(out, path, format,
 * options) is flow_io_import_with(out, path, format, options, NULL).
 * @return as flow_io_import(); FLOW_ELIMIT when a limit is passed (the
 *         message names the file and the option); FLOW_EINVAL also for
 *         limits flow_io_load_with() refuses.
 * Since 0.3.
 */
FLOW_API int flow_io_import_with(flow_network **out, const char *path, int format,
                                 const char *options, const flow_io_options *limits);

FLOW_END_DECLS

#endif /* LIBFLOW_IO_H */

/*
 * libflow/table.h - flow_table, the one result type of every analysis.
 *
 * A table is a set of named, typed columns of equal length, read as borrowed
 * contiguous arrays (nothing is copied to read), plus:
 *  - named scalars: numbers that belong to the result as a whole (a cut's
 *    "value", a partition's "modularity", a reciprocity);
 *  - metadata: text key/value pairs saying how the table was made
 *    ("analysis", the parameters, "unit", the selection it ran on);
 *  - parts: further tables, for results with several parts (a cut has its
 *    edges as the table itself and the vertex sides as part "nodes"; a
 *    partition has its membership and part "clusters"). A part is borrowed
 *    from its table: it lives as long as the top table and is never freed
 *    on its own.
 *
 * Column types:
 *  - FLOW_COLUMN_DOUBLE: `double`, NAN for a missing value;
 *  - FLOW_COLUMN_INT: `int64_t`;
 *  - FLOW_COLUMN_TEXT: `const char *` (UTF-8; NULL for a missing value);
 *  - FLOW_COLUMN_NODE: a reference to a network node, stored as its
 *    `int64_t` node index (-1: none) and read as text as the node's id.
 *
 * A table holds a reference on the network it was computed from, so it
 * outlives its selection and the caller's network handle; every pointer it
 * returns is valid until flow_table_free() of the top table.
 *
 *     flow_table *pr = NULL;
 *     if (flow_centrality_compute(&pr, sel, FLOW_PAGERANK, NULL) == FLOW_OK) {
 *         int64_t c = flow_table_column_index(pr, "pagerank");
 *         const double *v = flow_table_doubles(pr, (size_t)c);
 *         for (size_t r = 0; r < flow_table_row_count(pr); r++)
 *             printf("%s %.4f\n", flow_table_text(pr, 0, r), v[r]);
 *         flow_table_free(pr);
 *     }
 *
 * Conventions: per-node tables start with a FLOW_COLUMN_NODE column named
 * "node", one row per selection vertex in vertex order; edge tables start
 * with "source" and "target" node columns. Column and scalar names are
 * snake_case and stable.
 *
 * Threads: a table is immutable once returned; any number of threads may
 * read it at once (the rules: libflow/common.h).
 *
 * Since 0.2.
 */
#ifndef LIBFLOW_TABLE_H
#define LIBFLOW_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"

FLOW_BEGIN_DECLS

/** Column types (flow_table_column_type()). */
enum {
    FLOW_COLUMN_DOUBLE = 1, /**< double; NAN = missing */
    FLOW_COLUMN_INT = 2,    /**< int64_t */
    FLOW_COLUMN_TEXT = 3,   /**< const char * (UTF-8); NULL = missing */
    FLOW_COLUMN_NODE = 4    /**< int64_t node index (-1 = none), read as its id */
};

/**
 * Frees a table, its parts and its reference on the network. NULL is a
 * no-op, and so is a part (parts are freed with their table).
 */
FLOW_API void flow_table_free(flow_table *t);

/** The table's name: the analysis ("pagerank", "min_cut", ...) for a top
 *  table, the part's name ("nodes", "clusters", ...) for a part. Borrowed;
 *  NULL for NULL. */
FLOW_API const char *flow_table_name(const flow_table *t);

/** The network the table was computed from (borrowed; NULL when none, as
 *  for registry tables). */
FLOW_API flow_network *flow_table_network(const flow_table *t);

/** Number of rows; 0 for NULL. */
FLOW_API size_t flow_table_row_count(const flow_table *t);

/** Number of columns; 0 for NULL. */
FLOW_API size_t flow_table_column_count(const flow_table *t);

/** Index of the column with this name, or -1. */
FLOW_API int64_t flow_table_column_index(const flow_table *t, const char *name);

/** Name of column c (borrowed), NULL when out of range. */
FLOW_API const char *flow_table_column_name(const flow_table *t, size_t c);

/** Type of column c (FLOW_COLUMN_*), 0 when out of range. */
FLOW_API int flow_table_column_type(const flow_table *t, size_t c);

/** The values of a FLOW_COLUMN_DOUBLE column: row_count() doubles,
 *  borrowed. NULL for another type, an out-of-range c, or 0 rows. */
FLOW_API const double *flow_table_doubles(const flow_table *t, size_t c);

/** The values of a FLOW_COLUMN_INT or FLOW_COLUMN_NODE column (node
 *  indexes): row_count() int64_t, borrowed. NULL otherwise. */
FLOW_API const int64_t *flow_table_ints(const flow_table *t, size_t c);

/** The values of a FLOW_COLUMN_TEXT column: row_count() pointers, borrowed.
 *  NULL otherwise. */
FLOW_API const char *const *flow_table_texts(const flow_table *t, size_t c);

/**
 * Cell (c, r) as text, borrowed: the string of a text column, the node id
 * of a node column. NULL for a missing value, another column type, or out
 * of range.
 */
FLOW_API const char *flow_table_text(const flow_table *t, size_t c, size_t r);

/** Number of scalars; 0 for NULL. */
FLOW_API size_t flow_table_scalar_count(const flow_table *t);

/** Name of scalar i (borrowed), NULL when out of range. */
FLOW_API const char *flow_table_scalar_name(const flow_table *t, size_t i);

/** The scalar with this name; NAN when there is none. */
FLOW_API double flow_table_scalar(const flow_table *t, const char *name);

/** Number of metadata entries; 0 for NULL. */
FLOW_API size_t flow_table_meta_count(const flow_table *t);

/** Key of metadata entry i (borrowed), NULL when out of range. */
FLOW_API const char *flow_table_meta_key(const flow_table *t, size_t i);

/** The metadata value for this key (borrowed), NULL when there is none. */
FLOW_API const char *flow_table_meta(const flow_table *t, const char *key);

/** Number of parts; 0 for NULL. */
FLOW_API size_t flow_table_part_count(const flow_table *t);

/** Part i (borrowed, freed with t), NULL when out of range. */
FLOW_API const flow_table *flow_table_part_at(const flow_table *t, size_t i);

/** The part with this name (borrowed, freed with t), NULL when none. */
FLOW_API const flow_table *flow_table_part(const flow_table *t, const char *name);

/**
 * Joins two per-node results side by side: a baseline and a
 * counterfactual (the same analysis on a selection changed by
 * flow_selection_set_counterfactual(), libflow/selection.h; or any two
 * per-node tables of one network, e.g. two years).
 *
 * Both tables must be per-node tables (first column "node"). Rows are
 * matched by the node's id, and by the "year" column too when both tables
 * have an int "year" column (flow_structure_series()). The result, named
 * "compare", has one row per baseline row (in its order), then one per
 * counterfactual row the baseline lacks, with columns:
 *  - "node" (node; of the baseline's network), "year" (int; only when
 *    the tables have it);
 *  - "status" (text): "both", "removed" (only in the baseline: e.g. a
 *    node the counterfactual removed) or "added" (only in the
 *    counterfactual);
 *  - for every double column both tables have, by name (say "pagerank"):
 *    "pagerank_baseline", "pagerank_counterfactual" and
 *    "pagerank_difference" (counterfactual - baseline; NAN when a side is
 *    missing).
 * Scalars: for every scalar both have, "<name>_baseline",
 * "<name>_counterfactual", "<name>_difference". Metadata: the baseline's
 * (its "analysis" as "compared"), "counterfactual_<key>" for each key whose
 * value differs or that only the counterfactual has (e.g.
 * "counterfactual_without_nodes"), and "analysis" = "compare".
 *
 * @param[out] out        the table, freed with flow_table_free(); NULL on
 *                        failure
 * @param baseline        a per-node table
 * @param counterfactual  a per-node table
 * @return FLOW_OK; FLOW_EINVAL (a NULL argument, a table that is not per
 *         node, no shared double column, a "year" column in only one, a
 *         counterfactual node the baseline's network lacks); FLOW_ENOMEM.
 *
 * Since 0.3.
 */
FLOW_API int flow_table_compare(flow_table **out, const flow_table *baseline,
                                const flow_table *counterfactual);

FLOW_END_DECLS

#endif /* LIBFLOW_TABLE_H */

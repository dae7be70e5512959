/* Building flow_table results (see libflow/table.h).
 *
 * A table's row count is fixed when it is made. Columns are either
 * allocated by the table (flow__table_add_*: zero-filled, written by the
 * caller through the returned pointer until the table is handed out) or
 * adopted from a g_malloc'd array (flow__table_adopt_*: freed with the
 * table, and on failure too). Every builder returns FLOW_OK or
 * FLOW_ENOMEM / FLOW_EINVAL with the error set; on failure the table is
 * left as it was, and the caller frees it with flow_table_free(). */
#ifndef LIBFLOW_TABLE_INTERNAL_H
#define LIBFLOW_TABLE_INTERNAL_H

#include "libflow/table.h"
#include "error_internal.h"
#include "network_internal.h"

/* A new table with nrows rows and no column; net (may be NULL) is
 * referenced. */
int flow__table_new(flow_table **out, flow_network *net, const char *name, size_t nrows);

/* Columns allocated by the table, zero-filled (text: NULL); *data (may be
 * NULL when not wanted) receives the writable array. */
int flow__table_add_doubles(flow_table *t, const char *name, double **data);
int flow__table_add_ints(flow_table *t, const char *name, int64_t **data);
int flow__table_add_nodes(flow_table *t, const char *name, int64_t **data);
/* Text cells are set with flow__table_set_text (copied into the table) or
 * written directly when they are static or borrowed from the network. */
int flow__table_add_texts(flow_table *t, const char *name, const char ***data);

/* Columns adopting a g_malloc'd array of nrows values (freed on failure). */
int flow__table_adopt_doubles(flow_table *t, const char *name, double *data);
int flow__table_adopt_ints(flow_table *t, const char *name, int64_t *data);
int flow__table_adopt_nodes(flow_table *t, const char *name, int64_t *data);

/* Copies `text` into the table and stores it in cell (c, r) of a text
 * column. */
int flow__table_set_text(flow_table *t, size_t c, size_t r, const char *text);

/* Sets (or replaces) a scalar. */
int flow__table_set_scalar(flow_table *t, const char *name, double value);

/* Sets (or replaces) a metadata entry; printf-style value, copied. */
int flow__table_set_meta(flow_table *t, const char *key, const char *fmt, ...)
    FLOW__PRINTF(3, 4);

/* Adds `part` (a table made with flow__table_new) as a part of t, taking
 * ownership (freed on failure too). Its name is its part name. */
int flow__table_add_part(flow_table *t, flow_table *part);

/* Writable access to an existing column of a table being built. */
double *flow__table_doubles_mut(flow_table *t, size_t c);
int64_t *flow__table_ints_mut(flow_table *t, size_t c);

/* Reorders the rows of every column stably by column c (double, int or
 * node), descending when `descending`; NAN sorts last either way. */
int flow__table_sort(flow_table *t, size_t c, int descending);

#endif

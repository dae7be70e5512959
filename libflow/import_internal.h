/* Readers of other tools' files (import.c), to which flow_io_load() and
 * flow_io_import() send the files they recognise. */
#ifndef LIBFLOW_IMPORT_INTERNAL_H
#define LIBFLOW_IMPORT_INTERNAL_H

#include <stddef.h>
#include "libflow/io.h"

/* The factor of imported flows that name none. */
#define FLOW__IMPORT_FACTOR "flow"

/* The input format of a file (FLOW_INPUT_*) from its extension, else from
 * its first bytes `head` (n of them; NULL: extension only):
 * FLOW_INPUT_DATASET when it is (or may be) libflow's flows.csv. */
int flow__import_format_of(const char *path, const char *head, size_t n);

/* Reads a file of format FLOW_INPUT_EDGELIST, _GRAPHML, _GEXF or _PAJEK
 * with import options `opts` (as flow_io_import()) within the limits `lim`
 * (flow__io_limits()). All-or-nothing. */
int flow__import_file(flow_network **out, const char *path, int format, const char *opts,
                      const flow_io_options *lim);


#endif

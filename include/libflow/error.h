/*
 * libflow/error.h - the per-thread last error.
 *
 * Each thread keeps the message of the last failed libflow call it made.
 * The message is in a fixed per-thread buffer, so reporting an out-of-memory
 * condition never allocates. A successful call does not clear it; check the
 * returned status first, then read the message.
 *
 *     flow_network *net = NULL;
 *     if (flow_io_load(&net, "data/china") < 0) {
 *         const char *file; size_t line, col;
 *         fprintf(stderr, "%s\n", flow_last_error());
 *         if (flow_last_error_location(&file, &line, &col))
 *             fprintf(stderr, "at %s:%zu:%zu\n", file, line, col);
 *     }
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_ERROR_H
#define LIBFLOW_ERROR_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"

FLOW_BEGIN_DECLS

/**
 * The message of the last error on this thread, e.g.
 * "data/x/flows.csv:12:4: weight 'abc' is not a number". Never NULL: "" when
 * no error happened yet. Borrowed; valid until the next libflow call on this
 * thread.
 */
FLOW_API const char *flow_last_error(void);

/** The status code of the last error on this thread (FLOW_OK if none). */
FLOW_API int flow_last_error_code(void);

/**
 * Where the last error on this thread was found in an input file.
 *
 * @param[out] file   file name (borrowed, as given to the loader); may be NULL
 * @param[out] line   1-based line; may be NULL
 * @param[out] column 1-based column, counted in characters (UTF-8 code
 *                    points) from the start of the line; may be NULL
 * @return 1 if the error has a location (then every non-NULL out is set),
 *         0 otherwise (outs set to NULL / 0).
 */
FLOW_API int flow_last_error_location(const char **file, size_t *line, size_t *column);

/** Forgets the last error of this thread. */
FLOW_API void flow_error_clear(void);

/**
 * The warning igraph gave during the last libflow call on this thread that
 * ran igraph (an analysis, building or freeing a selection's graph), e.g.
 * "graph is directed and acyclic; eigenvector centralities will be zeros",
 * or "" when it gave none. The call itself still succeeded. Never NULL;
 * borrowed until the next libflow call on this thread. Since 0.1.
 */
FLOW_API const char *flow_last_warning(void);

/** A static description of a status code ("out of memory", ...). Never NULL. */
FLOW_API const char *flow_strerror(int code);

FLOW_END_DECLS

#endif /* LIBFLOW_ERROR_H */

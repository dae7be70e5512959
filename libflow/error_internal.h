/* Internal error helpers: every failure inside libflow goes through here. */
#ifndef LIBFLOW_ERROR_INTERNAL_H
#define LIBFLOW_ERROR_INTERNAL_H

#include <stddef.h>
#include "libflow/error.h"

#if defined(__GNUC__)
#define FLOW__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FLOW__PRINTF(a, b)
#endif

/* Sets the thread's last error (no location) and returns code. */
int flow__error(int code, const char *fmt, ...) FLOW__PRINTF(2, 3);

/* Sets the last error with a file location; the message is prefixed with
 * "file:line:column: ". Returns code. */
int flow__error_at(int code, const char *file, size_t line, size_t column, const char *fmt,
                   ...) FLOW__PRINTF(5, 6);

/* Out of memory: sets a fixed message without allocating. */
int flow__error_nomem(void);

/* While on is set, flow__error* return their code and record nothing on
 * this thread (for work whose failures are reported otherwise, as the
 * parallel loader's row checks: the serial reader reports those rows).
 * Returns the previous setting. */
int flow__error_mute(int on);

/* Sets (or, with NULL, clears) the thread's last igraph warning. */
void flow__warning_set(const char *text);

/* The closest of `n` candidates to `word` by edit distance, or NULL when
 * none is close enough to be a useful suggestion. `get(i, data)` yields
 * candidate i. */
const char *flow__suggest(const char *word, size_t n, const char *(*get)(size_t, const void *),
                          const void *data);

#endif

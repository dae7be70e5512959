/* Test hooks of the loader (io.c). */
#ifndef LIBFLOW_IO_INTERNAL_H
#define LIBFLOW_IO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "libflow/io.h"

/* A file read whole into memory by flow__io_read(). */
typedef struct {
    const char *data; /* len bytes, then a NUL; "" when empty */
    size_t len;
    void *map;  /* the anonymous mapping holding data (size bytes), or NULL */
    size_t size;
    char *heap; /* or the g_malloc()ed buffer holding it */
} flow__input;

/* The limits of opts (NULL: the defaults), with each 0 ("none") made
 * SIZE_MAX; FLOW_EINVAL (message names fn) for a bad version or max_field. */
int flow__io_limits(flow_io_options *lim, const flow_io_options *opts, const char *fn);

/* Reads the regular file or pipe at path into a private copy (never a
 * mapping of the file: another program may rewrite or truncate it). A FIFO
 * without a writer reads as empty and fails at once; devices, sockets and
 * folders are refused; a NUL byte among the first 4096 bytes is a parse
 * error before the rest is read. Errors name the path. A file larger than
 * max_size bytes (0: no limit) fails with FLOW_ELIMIT. On failure *in is
 * empty. */
int flow__io_read(flow__input *in, const char *path, uint64_t max_size);
void flow__io_input_free(flow__input *in);

/* Points of a load at which the test hook is called. */
enum {
    FLOW__IO_OPENED = 1,       /* a file is open and its size known, nothing read yet */
    FLOW__IO_BETWEEN_PASSES = 2 /* nodes.csv: after the first pass, before the second */
};

/* When set, called with the point and the file's path. Tests use it to
 * change a file under the loader at a fixed moment (a file rewritten or
 * truncated while it is read), so that those races are reproduced
 * deterministically. NULL (the default) costs one test per file. Not
 * thread-safe: set it only while no load runs. */
extern void (*flow__io_test_hook)(int point, const char *path);

#endif

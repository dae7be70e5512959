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
    int fd;       /* flow__io_read_head: the file, while more is to come; else -1 */
    size_t total; /* flow__io_read_head: the bytes to read in all */
} flow__input;

/* flow_io_load_with() of libflow's own format: a data set folder or a
 * flows.csv (import.c sends other tools' files to their readers first). */
int flow__io_load_dataset(flow_network **out, const char *path, const flow_io_options *opts);

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

/* flow__io_read, but of a regular file only the first `head` bytes (all of
 * a pipe): while in->len < in->total, in->fd stays open and
 * flow__io_read_more reads on, into the same mapping, so that a large file
 * is read as it is parsed instead of before. A file that shrinks meanwhile
 * ends where its reading stops (in->total drops to in->len). */
int flow__io_read_head(flow__input *in, const char *path, uint64_t max_size, size_t head);
int flow__io_read_more(flow__input *in, const char *path, size_t upto);

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

/* ---- parsing on several threads (io_parallel.c) ------------------------ */

/* A piece of the text: whole lines (the last chunk ends where the text
 * does). `out` is the caller's, one per slot, reused from chunk to chunk. */
typedef struct {
    const char *begin, *end;
    size_t index; /* 0, 1, ... in file order */
    void *out;
} flow__chunk;

typedef struct {
    const char *begin, *end; /* the text (end: as far as it is read yet) */
    size_t chunk_bytes;      /* a chunk is about this long */
    unsigned int threads;    /* parsers, the calling thread included */
    size_t window;           /* slots: chunks published and not yet applied */
    flow__chunk *slots;      /* window of them, `out` set */
    void *arg;
    /* On any thread, for one chunk at a time per slot: reads ch into ch->out. */
    void (*parse)(void *arg, flow__chunk *ch);
    /* On the calling thread, in file order: FLOW_OK to go on; anything
     * else stops the run and is returned. */
    int (*apply)(void *arg, flow__chunk *ch);
    /* NULL when the text is all there; else makes the text available up
     * to `upto` (or its end, if sooner) and returns where it ends now. */
    const char *(*more)(void *arg, const char *upto);
} flow__parallel;

/* Cuts the text into chunks, parses them on job->threads threads, and
 * applies them in file order on the calling thread. Returns FLOW_OK, or
 * the first value of apply that was not FLOW_OK. */
int flow__io_parallel(const flow__parallel *job);

/* flows.csv is parsed in parallel when it has at least this many bytes
 * after its header, in chunks of flow__io_chunk_bytes. Tests lower both,
 * to run the parallel path on small files; set them only while no load
 * runs. */
extern size_t flow__io_parallel_min_bytes;
extern size_t flow__io_chunk_bytes;
/* Rows of the last flows.csv loaded that threads parsed (for tests). */
extern size_t flow__io_parallel_rows;

#endif

/* Test hooks of the loader (io.c). */
#ifndef LIBFLOW_IO_INTERNAL_H
#define LIBFLOW_IO_INTERNAL_H

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

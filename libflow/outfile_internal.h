/*
 * Output files written whole: the one policy of the library's writers
 * (flow_export_write(), flow_export_selection()) and of flowctl's -o FILE
 * (flowctl compiles outfile.c too: plain POSIX and malloc, no GLib, no
 * libflow error state).
 *
 *  - A regular file (or a path that does not exist yet) is written to a
 *    temporary file ".<name>.XXXXXX" beside it and renamed over it when
 *    complete: a failed write leaves the old file untouched and no partial
 *    file behind. A replaced file keeps its permissions.
 *  - A symbolic link is followed (a whole chain of them, a dangling one
 *    too): the file it points to is the one replaced, the link stays.
 *  - A character device (/dev/null, /dev/full, a terminal), a FIFO or a
 *    socket is written through, never replaced: opened for writing
 *    (a FIFO waits for its reader, as `cat > fifo` does) and a failed
 *    write is an error (/dev/full: "No space left on device"). So are the
 *    paths under /dev/ and /proc/ that name an open descriptor
 *    (/dev/stdout, /dev/fd/N), even when it is a regular file: it is
 *    appended to, as the shell opened it.
 *  - A directory or a block device is refused.
 */
#ifndef LIBFLOW_OUTFILE_INTERNAL_H
#define LIBFLOW_OUTFILE_INTERNAL_H

typedef struct {
    int fd;       /* where to write; -1 when closed */
    char *tmp;    /* the temporary file, renamed over target at the end;
                   * NULL when writing through */
    char *target; /* the file replaced (symbolic links followed) */
} flow__outfile;

/* Opens path for writing whole. Returns 0, or -1 with *message set to
 * "cannot write 'PATH': REASON" (free() it). */
int flow__outfile_open(flow__outfile *o, const char *path, char **message);

/* Ends the write. err == 0: syncs, closes and renames the temporary file
 * over the target (or closes the written-through file). err > 0: a write
 * error met before (an errno value), reported as the reason; err < 0: a
 * failure of the caller's own, not reported. Either way a temporary file
 * is removed. Returns 0, or -1 with *message set as above (none when
 * err < 0). */
int flow__outfile_close(flow__outfile *o, const char *path, int err, char **message);

#endif

/* Output files written whole, never replacing a device, a FIFO or a
 * symbolic link (see outfile_internal.h). Shared by the library and
 * flowctl: plain POSIX and malloc only. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile_internal.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
#define MAX_LINKS 40 /* as the kernel's ELOOP limit */

static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static int fail(char **message, const char *what, const char *path, const char *reason)
{
    if (message) *message = format("cannot %s '%s': %s", what, path, reason);
    return -1;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A path naming an open descriptor rather than a file (/dev/stdout ->
 * /proc/self/fd/1): written through, as the shell opened it. */
static int names_descriptor(const char *p)
{
    return starts_with(p, "/proc/") || starts_with(p, "/dev/fd/") ||
           strcmp(p, "/dev/stdout") == 0 || strcmp(p, "/dev/stderr") == 0;
}

/* Follows the symbolic links at path (the last component, as many hops as
 * there are; the target need not exist). Returns the final path (malloc'd),
 * or NULL with *err set; *descriptor tells whether a hop named an open
 * descriptor. */
static char *follow_links(const char *path, int *err, int *descriptor)
{
    char *cur = strdup(path);
    char buf[PATH_MAX];
    *descriptor = 0;
    for (int hops = 0; cur; hops++) {
        struct stat st;
        if (names_descriptor(cur)) *descriptor = 1;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) return cur;
        if (hops == MAX_LINKS) {
            *err = ELOOP;
            free(cur);
            return NULL;
        }
        ssize_t n = readlink(cur, buf, sizeof buf - 1);
        if (n < 0) {
            *err = errno;
            free(cur);
            return NULL;
        }
        buf[n] = '\0';
        char *next;
        const char *slash = strrchr(cur, '/');
        if (buf[0] == '/' || !slash)
            next = strdup(buf);
        else
            next = format("%.*s/%s", (int)(slash - cur), cur, buf);
        free(cur);
        cur = next;
    }
    *err = ENOMEM;
    return NULL;
}

static int open_through(flow__outfile *o, const char *path, int regular, char **message)
{
    int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY | (regular ? O_APPEND : 0);
    do
        o->fd = open(path, flags);
    while (o->fd < 0 && errno == EINTR);
    if (o->fd < 0) return fail(message, "write", path, strerror(errno));
    return 0;
}

int flow__outfile_open(flow__outfile *o, const char *path, char **message)
{
    struct stat st;
    o->fd = -1;
    o->tmp = o->target = NULL;
    if (message) *message = NULL;

    int exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT) return fail(message, "write", path, strerror(errno));
    if (exists && S_ISDIR(st.st_mode)) return fail(message, "write", path, strerror(EISDIR));
    if (exists && S_ISBLK(st.st_mode))
        return fail(message, "write", path, "it is a block device (never written to)");
    if (exists && !S_ISREG(st.st_mode)) return open_through(o, path, 0, message);

    int err = 0, descriptor = 0;
    char *target = follow_links(path, &err, &descriptor);
    if (!target) return fail(message, "write", path, strerror(err));
    if (descriptor) {
        free(target);
        if (exists) return open_through(o, path, 1, message);
        return fail(message, "write", path, strerror(ENOENT));
    }
    o->target = target;

    /* The temporary file sits next to the target so that rename() replaces
     * it atomically (same file system). */
    const char *slash = strrchr(o->target, '/');
    if (slash)
        o->tmp = format("%.*s/.%s.XXXXXX", (int)(slash - o->target), o->target, slash + 1);
    else
        o->tmp = format(".%s.XXXXXX", o->target);
    o->fd = o->tmp ? mkstemp(o->tmp) : -1;
    if (o->fd < 0) {
        int e = o->tmp ? errno : ENOMEM;
        free(o->tmp);
        free(o->target);
        o->tmp = o->target = NULL;
        return fail(message, "write", path, strerror(e));
    }
    (void)fcntl(o->fd, F_SETFD, FD_CLOEXEC);
    /* mkstemp makes the file private: a replaced file keeps its
     * permissions, a new one gets the usual mode */
    if (exists) {
        (void)fchmod(o->fd, st.st_mode & 07777);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(o->fd, 0666 & ~mask);
    }
    return 0;
}

int flow__outfile_close(flow__outfile *o, const char *path, int err, char **message)
{
    const char *what = "write";
    if (message) *message = NULL;
    if (err == 0 && o->tmp && fsync(o->fd) != 0 && errno != EINVAL && errno != EROFS)
        err = errno;
    if (o->fd >= 0 && close(o->fd) != 0 && err == 0 && errno != EINTR) err = errno;
    o->fd = -1;
    if (err == 0 && o->tmp && rename(o->tmp, o->target) != 0) {
        err = errno;
        what = "replace";
    }
    if (err != 0 && o->tmp) (void)unlink(o->tmp);
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
    if (err > 0) return fail(message, what, path, strerror(err));
    return err < 0 ? -1 : 0;
}

/*
 * libflow/common.h - macros and status codes shared by every libflow header.
 *
 * libflow analyses innovation-factor flow networks: regions, institutions
 * and countries are nodes; flows of talent, capital and technology between
 * them are weighted, directed edges, one layer per factor, optionally per
 * year.
 *
 * Every fallible function returns an int status: FLOW_OK (0) on success, a
 * negative FLOW_E* code on failure. On failure a message naming what went
 * wrong (and, for input files, the file, line and column) is kept per thread
 * and read with flow_last_error() (see libflow/error.h).
 *
 * THREADS (the one statement of the rules; the README repeats it):
 *  - A network may be read by any number of threads at once: selections,
 *    analyses, tables and exports of it. Changing it (flow_network_add_*,
 *    flow_network_set_*) needs it, and its selections, to be used by that
 *    thread alone.
 *  - A selection is used by one thread at a time (it builds and caches its
 *    graph). To analyse in parallel, make one selection per thread; they may
 *    share their network.
 *  - A flow_table never changes once returned: any number of threads may
 *    read it at once.
 *  - Errors and warnings are kept per thread (libflow/error.h).
 *  - igraph (Debian's build is not thread-safe) runs behind one global
 *    lock: while one thread is inside an igraph algorithm, other threads'
 *    igraph algorithms wait (see flow_progress_cb below for callbacks).
 *  - A progress callback runs on the thread of the analysis it reports.
 *  - Handles may be freed in any order (selections and tables hold a
 *    reference on their network), but freeing a handle that another thread
 *    is using is the caller's error.
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_COMMON_H
#define LIBFLOW_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define FLOW_BEGIN_DECLS extern "C" {
#define FLOW_END_DECLS }
#else
#define FLOW_BEGIN_DECLS
#define FLOW_END_DECLS
#endif

/* FLOW_API marks the public symbols; everything else is hidden. Static users
 * define FLOW_STATIC (the installed pkg-config and CMake files do it). */
#if defined(_WIN32) && !defined(FLOW_STATIC)
#if defined(FLOW_BUILDING)
#define FLOW_API __declspec(dllexport)
#else
#define FLOW_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define FLOW_API __attribute__((visibility("default")))
#else
#define FLOW_API
#endif

FLOW_BEGIN_DECLS

/* The handles, all opaque and library-allocated:
 * a network (libflow/network.h), a selection of it (libflow/selection.h)
 * and the one result type (libflow/table.h). */
typedef struct flow_network flow_network;
typedef struct flow_selection flow_selection;
typedef struct flow_table flow_table;

/** Status codes. FLOW_OK is 0; every error is negative. */
enum {
    FLOW_OK = 0,
    FLOW_ERROR = -1,       /**< generic failure (see the message) */
    FLOW_ENOMEM = -2,      /**< out of memory */
    FLOW_EINVAL = -3,      /**< invalid argument */
    FLOW_EIO = -4,         /**< file could not be opened, read or written */
    FLOW_EPARSE = -5,      /**< malformed input data (message has file:line:column) */
    FLOW_ENOTFOUND = -6,   /**< unknown id, factor, kind, group or file */
    FLOW_EMISUSE = -7,     /**< NULL or closed handle, call out of order */
    FLOW_ECONVERGE = -8,   /**< an iterative algorithm did not converge */
    FLOW_EINTERRUPTED = -9,/**< the caller's progress callback asked to stop */
    FLOW_ELIMIT = -10      /**< an input exceeds a documented limit */
};

/** Marks a flow without a year, and an open end of a year range. */
#define FLOW_NO_YEAR INT32_MIN

/**
 * Progress and interruption callback. Long analyses call it from the thread
 * that runs them with a percentage in [0, 100] and a short message (may be
 * NULL). Return 0 to go on, anything else to stop: the analysis then
 * returns FLOW_EINTERRUPTED and produces no result. Inside an igraph
 * algorithm that reports no progress of its own but checks for
 * interruption, the callback is also asked once 0.1 s passed without a
 * call to it, with the last percentage again and a NULL message: Louvain,
 * Infomap and label propagation then stop at once; the others (hub,
 * authority, eigenvector, a Leiden iteration) end that igraph call first.
 *
 * The callback may call libflow (to look at other results, or even run
 * another analysis), but must not change or free the selection being
 * analysed. An analysis run from a callback re-seeds igraph's random
 * generator, so a stochastic analysis that it interrupts no longer repeats
 * exactly for its seed. Only igraph itself is serialised: while one
 * analysis is inside an igraph algorithm, other threads' igraph
 * algorithms wait; building selections and the work libflow does itself
 * (reading the selection's graph, flow accounting, widest paths, ...)
 * needs no lock and runs on every thread at once.
 */
typedef int (*flow_progress_cb)(double percent, const char *message, void *payload);

/**
 * Frees a string or buffer that libflow allocated and handed to the caller
 * (for instance by flow_export_string()). NULL is a no-op. Never release
 * such memory with free() or g_free(), and never pass other memory here.
 */
FLOW_API void flow_free(void *ptr);

FLOW_END_DECLS

#endif /* LIBFLOW_COMMON_H */

/*
 * The igraph gate: the one place libflow configures and calls igraph.
 *
 * Debian's igraph is built without thread safety and aborts on error by
 * default. Every igraph call in libflow therefore runs between
 * flow__igraph_enter() and flow__igraph_leave():
 *   - one global lock, so that one thread at a time is inside igraph; the
 *     lock is recursive so that a progress callback may call libflow again
 *     on its own thread: the nested call opens its own level of igraph's
 *     FINALLY stack and the outer call's state is restored when it leaves;
 *   - an error handler that keeps the first non-empty igraph reason (igraph
 *     calls the handler again with "" at each unwinding level) and frees
 *     igraph's FINALLY stack instead of aborting;
 *   - a warning handler that keeps igraph's last warning for
 *     flow_last_warning() (never printed);
 *   - igraph's default RNG seeded from the caller's seed;
 *   - igraph's progress and interruption handlers routed to the caller's
 *     flow_progress_cb (interruption: the callback returned non-zero). An
 *     igraph call that reports no progress of its own still asks the
 *     callback at its interruption checks once 0.1 s passed without a
 *     call to it (with the last percentage reported and no message), so
 *     that a stop is seen during every igraph algorithm that checks for
 *     interruption (flow__igraph_ask_interval_us); the algorithm stops at
 *     once where flow__igraph_stop_midway() allows it, else it runs to
 *     its end (igraph 0.10.2 does not unwind cleanly from every check)
 *     and the analysis stops when it returns.
 *
 *     flow__gate gate;
 *     const igraph_t *g;
 *     igraph_vector_t w;
 *     flow__igraph_enter(&gate, sel->progress, sel->payload, seed);
 *     igraph_error_t err = flow__igraph_graph(&sel->igraph, &sel->graph, &g, &w);
 *     if (err == IGRAPH_SUCCESS) err = igraph_constraint(g, ..., &w);
 *     rc = flow__igraph_leave(&gate, err, "constraint");
 *
 * Never register libflow objects on igraph's FINALLY stack; free igraph
 * objects created inside the gate before leaving it (the cached graphs of
 * flow__igraph_graph() excepted: their owner frees them).
 *
 * The lock guards igraph only. A selection keeps its graph as plain arrays
 * (graph_internal.h, selection_internal.h): building them and reading them
 * needs no lock, so only the igraph calls themselves (and the igraph
 * graphs made for them) are serialised; every loop of libflow's own runs
 * outside.
 */
#ifndef LIBFLOW_IGRAPH_GATE_H
#define LIBFLOW_IGRAPH_GATE_H

#include <stdint.h>
#include <igraph.h>

#include "libflow/common.h"
#include "graph_internal.h"

/* What the handlers consult during one gated call. */
typedef struct {
    flow_progress_cb progress;
    void *payload;
    char reason[512];
    char warning[512]; /* the last igraph warning of this call */
    igraph_error_t first_err;
    int interrupted;
    double percent;    /* the last percentage reported to the callback */
    int64_t called_at; /* when (monotonic, us) it was last called */
    int midway;        /* flow__igraph_stop_midway() */
    /* flow__igraph_progress_by_checks(): the checks expected (0: off), made,
     * the last whole percent reported and the message */
    double checks_expected, checks;
    int checks_percent;
    const char *checks_what;
} flow__gate_state;

typedef struct {
    flow_progress_cb progress;
    void *payload;
    int nested;             /* entered from a callback of an outer call */
    flow__gate_state saved; /* the outer call's state, when nested */
    /* igraph's handlers found on entry, put back on leave */
    igraph_error_handler_t *old_error;
    igraph_warning_handler_t *old_warning;
    igraph_progress_handler_t *old_progress;
    igraph_interruption_handler_t *old_interrupt;
} flow__gate;

/* Takes the lock, installs libflow's igraph handlers (keeping the ones in
 * place, which flow__igraph_leave() restores), routes progress to the
 * callback and seeds igraph's RNG (seed is used as given; analyses without
 * randomness pass 0). */
void flow__igraph_enter(flow__gate *gate, flow_progress_cb progress, void *payload,
                        uint64_t seed);

/* For an igraph algorithm that checks for interruption at each of about
 * `expected` steps but reports no progress (walktrap: once per merge):
 * each check then reports its share (as `what`, below 100 %, once per
 * whole percent) to the progress callback. A stop it asks for is not
 * passed to igraph (igraph 0.10.2's walktrap leaks when interrupted) but
 * kept: the caller's next flow__igraph_progress() returns it, and
 * flow__igraph_leave() gives FLOW_EINTERRUPTED. expected = 0 turns it
 * off; flow__igraph_enter() starts with it off. */
void flow__igraph_progress_by_checks(double expected, const char *what);

/* Inside the gate: on = 1 lets the next igraph calls stop at an
 * interruption check when the callback asked to stop, 0 (the default at
 * flow__igraph_enter()) lets them run to their end first. Only around
 * the igraph algorithms tested to unwind without a leak or a bad free
 * when stopped at every check (tests/internal/test_interrupt.c under the
 * asan preset): Louvain, Infomap, label propagation. */
void flow__igraph_stop_midway(int on);

/* The pause (microseconds, default 100000) after which an interruption
 * check of an igraph call asks the callback whether to stop (see above).
 * Tests set 0 (ask at every check) to stop each analysis at a fixed
 * point. Set it only while no analysis runs. */
extern int64_t flow__igraph_ask_interval_us;

/* Converts igraph's result into a libflow status (setting the message from
 * the first igraph reason, prefixed by `what`), clears the callbacks,
 * restores the igraph handlers found on entry and releases the lock.
 * Returns FLOW_OK when err is IGRAPH_SUCCESS. */
int flow__igraph_leave(flow__gate *gate, igraph_error_t err, const char *what);

/*
 * Inside the gate: *out = the igraph graph of a view (igraph vertex v =
 * view vertex v, igraph edge e = view edge e, directed as the view), and,
 * when w is not NULL, w = a read-only igraph view of view->weight (nothing
 * to destroy). The graph is made on the first call for this view and kept
 * in *cache (created on demand) for the next ones: it is shared, so never
 * change it. *cache belongs to the view's owner (a selection), which
 * frees it with flow__igraph_cache_free() when its views change or go.
 *
 * Why keep it: igraph_create() sorts the edges into igraph's indexes,
 * which costs more than a PageRank on the graph (measured on a million
 * edges: see igraph_gate.c); the memory it holds (four edge-sized integer
 * vectors) is what the selection itself held before it kept plain arrays.
 */
igraph_error_t flow__igraph_graph(flow__igraph_cache **cache, const flow__graph *view,
                                  const igraph_t **out, igraph_vector_t *w);

/* Frees a cache of igraph graphs. It enters the gate itself (the lock is
 * recursive: a thread already inside may call it too). NULL is a no-op. */
void flow__igraph_cache_free(flow__igraph_cache *cache);

/* Inside the gate: asks the caller's callback; non-zero means stop. For
 * libflow's own long loops around igraph calls. */
int flow__igraph_progress(double percent, const char *message);

/* The version of the igraph library linked at run time ("0.10.2"; static).
 * igraph_version() only reads constants: no lock needed. */
const char *flow__igraph_version(void);

#endif

/*
 * The igraph gate (see igraph_gate.h). igraph's handlers are process-wide
 * in the Debian build. They are swapped in on entry and the previous ones
 * put back on leave (STYLE rule 17), so an application that uses igraph
 * itself keeps its own handlers outside libflow's calls, and libflow's
 * handlers never run outside the lock. The per-call state they consult
 * lives in `cur`, which only the thread holding `lock` touches.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <igraph.h>

#include "error_internal.h"
#include "igraph_gate.h"

/* Recursive, so that a progress callback may call libflow again on the
 * same thread (other threads still wait). A nested entry opens a new level
 * of igraph's FINALLY stack, so that an error in the inner call frees only
 * the inner call's objects, and saves the outer call's state. */
static GRecMutex lock;
static _Thread_local int depth;

static flow__gate_state cur;

static void on_error(const char *reason, const char *file, int line, igraph_error_t err)
{
    (void)file;
    (void)line;
    if (cur.reason[0] == '\0' && reason && reason[0]) {
        snprintf(cur.reason, sizeof cur.reason, "%s", reason);
        cur.first_err = err;
    } else if (cur.first_err == IGRAPH_SUCCESS) {
        cur.first_err = err;
    }
    IGRAPH_FINALLY_FREE();
}

/* igraph's warnings are kept for flow_last_warning(), never printed. */
static void on_warning(const char *reason, const char *file, int line)
{
    (void)file;
    (void)line;
    if (reason && reason[0]) snprintf(cur.warning, sizeof cur.warning, "%s", reason);
}

static igraph_error_t on_progress(const char *message, igraph_real_t percent, void *data)
{
    (void)data;
    return flow__igraph_progress(percent, message) ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
}

/* An igraph call that reports no progress asks the callback whether to
 * stop at the first interruption check made this long (microseconds)
 * after the callback was last called (or the gate entered). */
int64_t flow__igraph_ask_interval_us = 100000;

static igraph_error_t on_interrupt(void *data)
{
    (void)data;
    if (cur.checks_expected > 0) {
        double pct = 100.0 * ++cur.checks / cur.checks_expected;
        int whole = pct < 99 ? (int)pct : 99;
        if (!cur.interrupted && whole > cur.checks_percent) {
            cur.checks_percent = whole;
            flow__igraph_progress(whole, cur.checks_what);
        }
        /* A stop is not passed to igraph here: igraph 0.10.2's walktrap
         * leaks its C++ objects when interrupted midway. The caller sees
         * it when the call returns (flow__igraph_progress()). */
        return IGRAPH_SUCCESS;
    }
    /* No progress known (PageRank's iterations, a Louvain level, ...): the
     * callback is asked at a bounded rate, with the last percentage
     * reported, so that a stop (or Ctrl-C in Python) is seen during any
     * igraph call that checks for interruption. The stop is passed to
     * igraph only inside flow__igraph_stop_midway(1): igraph 0.10.2's
     * ARPACK users (hub, authority, eigenvector) and Leiden free a stack
     * address when interrupted at a check, and walktrap leaks. Elsewhere
     * the igraph call ends, and the analysis with it
     * (flow__igraph_progress() and flow__igraph_leave() see the stop). */
    if (!cur.interrupted && cur.progress &&
        g_get_monotonic_time() - cur.called_at >= flow__igraph_ask_interval_us)
        flow__igraph_progress(cur.percent, NULL);
    return cur.interrupted && cur.midway ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
}

void flow__igraph_stop_midway(int on) { cur.midway = on != 0; }

void flow__igraph_progress_by_checks(double expected, const char *what)
{
    cur.checks_expected = expected;
    cur.checks = 0;
    cur.checks_percent = 0;
    cur.checks_what = what;
}

void flow__igraph_enter(flow__gate *gate, flow_progress_cb progress, void *payload,
                        uint64_t seed)
{
    g_rec_mutex_lock(&lock);
    gate->nested = depth++ > 0;
    if (gate->nested) {
        gate->saved = cur;
        IGRAPH_FINALLY_ENTER();
    }
    gate->old_error = igraph_set_error_handler(on_error);
    gate->old_warning = igraph_set_warning_handler(on_warning);
    gate->old_progress = igraph_set_progress_handler(on_progress);
    gate->old_interrupt = igraph_set_interruption_handler(on_interrupt);
    gate->progress = progress;
    gate->payload = payload;
    cur.progress = progress;
    cur.payload = payload;
    cur.reason[0] = '\0';
    cur.warning[0] = '\0';
    cur.first_err = IGRAPH_SUCCESS;
    cur.interrupted = 0;
    cur.percent = 0;
    cur.called_at = g_get_monotonic_time();
    cur.midway = 0;
    flow__igraph_progress_by_checks(0, NULL);
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
}

int flow__igraph_progress(double percent, const char *message)
{
    if (cur.interrupted) return 1;
    if (!cur.progress) return 0;
    cur.percent = percent;
    if (cur.progress(percent, message, cur.payload) != 0) cur.interrupted = 1;
    cur.called_at = g_get_monotonic_time();
    return cur.interrupted;
}

static int map_error(igraph_error_t err)
{
    switch (err) {
    case IGRAPH_ENOMEM: return FLOW_ENOMEM;
    case IGRAPH_INTERRUPTED: return FLOW_EINTERRUPTED;
    case IGRAPH_DIVERGED: return FLOW_ECONVERGE;
    case IGRAPH_EINVAL:
    case IGRAPH_EINVVID:
    case IGRAPH_EINVMODE:
    case IGRAPH_NONSQUARE: return FLOW_EINVAL;
    case IGRAPH_EOVERFLOW:
    case IGRAPH_EUNDERFLOW:
    case IGRAPH_ERANGE: return FLOW_ELIMIT;
    default: return FLOW_ERROR;
    }
}

int flow__igraph_leave(flow__gate *gate, igraph_error_t err, const char *what)
{
    int rc = FLOW_OK;
    if (cur.interrupted) {
        rc = flow__error(FLOW_EINTERRUPTED, "%s: interrupted by the progress callback", what);
    } else if (err != IGRAPH_SUCCESS) {
        igraph_error_t e = cur.first_err != IGRAPH_SUCCESS ? cur.first_err : err;
        const char *reason = cur.reason[0] ? cur.reason : igraph_strerror(e);
        rc = map_error(e);
        if (rc == FLOW_ENOMEM)
            rc = flow__error_nomem();
        else
            rc = flow__error(rc, "%s: %s", what, reason);
    }
    flow__warning_set(cur.warning);
    cur.progress = NULL;
    cur.payload = NULL;
    gate->progress = NULL;
    gate->payload = NULL;
    igraph_set_error_handler(gate->old_error);
    igraph_set_warning_handler(gate->old_warning);
    igraph_set_progress_handler(gate->old_progress);
    igraph_set_interruption_handler(gate->old_interrupt);
    if (gate->nested) {
        IGRAPH_FINALLY_EXIT();
        cur = gate->saved;
    }
    depth--;
    g_rec_mutex_unlock(&lock);
    return rc;
}

/* ---- the igraph graphs of a selection ----------------------------------- */

/*
 * A selection asks for at most two graphs (its graph and its undirected
 * view), so the cache is a short list keyed by the view's address. The
 * view stays at that address until its owner frees the cache.
 *
 * Why a cache: igraph's indexes sort the edges (make_graph below). On a
 * selection of 1M edges over 100k vertices (tests/bench/bench_graph, 2-vCPU
 * VM, CPU time) making the igraph graph takes 0.21-0.28 s, its undirected
 * view's 0.18-0.21 s, and a PageRank on the made graph 0.18 s: made anew
 * for every call, PageRank took 0.83 s a call instead of 0.27 s. The graph
 * costs 32 bytes an edge (and 16 a vertex), what the selection held before
 * it kept plain arrays, and only once an igraph analysis asks for it.
 */
#define CACHED_VIEWS 2

struct flow__igraph_cache {
    const flow__graph *view[CACHED_VIEWS];
    igraph_t graph[CACHED_VIEWS];
};

/* order[] = the edges listed in `in` (0 .. n - 1 when NULL), stably sorted
 * by key[e] < nv: a counting sort (count: nv + 1 slots of scratch). */
static void sort_edges(igraph_integer_t *order, const igraph_integer_t *in, size_t n,
                       const igraph_integer_t *key, igraph_integer_t *count, size_t nv)
{
    memset(count, 0, (nv + 1) * sizeof *count);
    for (size_t i = 0; i < n; i++) count[key[in ? (size_t)in[i] : i] + 1]++;
    for (size_t v = 0; v < nv; v++) count[v + 1] += count[v];
    for (size_t i = 0; i < n; i++) {
        igraph_integer_t e = in ? in[i] : (igraph_integer_t)i;
        order[count[key[e]]++] = e;
    }
}

/*
 * The igraph graph of a view, made as igraph_create() makes it, without its
 * temporary edge list and its sorts: igraph keeps each edge's ends
 * (undirected: from = the larger end), oi and ii (the edges by (from, to)
 * and by (to, from); the view is simple, so no two edges tie) and os and is
 * (where each vertex's run starts in them). Three counting sorts, linear in
 * vertices + edges, or two passes over the view's adjacency when it has
 * one (directed); the arrays are the ones igraph_create() makes.
 */
static igraph_error_t make_graph(igraph_t *g, const flow__graph *view)
{
    igraph_integer_t nv = (igraph_integer_t)view->nv, ne = (igraph_integer_t)view->ne;
    IGRAPH_CHECK(igraph_empty(g, nv, view->directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED));
    IGRAPH_FINALLY(igraph_destroy, g);
    IGRAPH_CHECK(igraph_vector_int_resize(&g->from, ne));
    IGRAPH_CHECK(igraph_vector_int_resize(&g->to, ne));
    IGRAPH_CHECK(igraph_vector_int_resize(&g->oi, ne));
    IGRAPH_CHECK(igraph_vector_int_resize(&g->ii, ne));
    /* os and is have their nv + 1 slots already (igraph_empty) */
    igraph_integer_t *from = VECTOR(g->from), *to = VECTOR(g->to);
    igraph_integer_t *os = VECTOR(g->os), *is = VECTOR(g->is);
    const uint32_t *hi = view->directed ? view->from : view->to;
    const uint32_t *lo = view->directed ? view->to : view->from;
    for (igraph_integer_t e = 0; e < ne; e++) {
        from[e] = hi[e]; /* undirected: from > to in igraph, < in the view */
        to[e] = lo[e];
    }
    if (view->directed && view->out_start) {
        /* The view's adjacency has sorted by each end already: walking the
         * edges by target (in-lists) into their source's run gives oi, by
         * source (out-lists) into their target's run gives ii; the runs
         * start where the adjacency's do. */
        for (igraph_integer_t v = 0; v <= nv; v++) {
            os[v] = (igraph_integer_t)view->out_start[v];
            is[v] = (igraph_integer_t)view->in_start[v];
        }
        igraph_integer_t *oi = VECTOR(g->oi), *ii = VECTOR(g->ii);
        for (size_t k = 0; k < (size_t)ne; k++) {
            uint32_t e = view->in_edge[k];
            oi[os[view->from[e]]++] = e;
        }
        for (size_t k = 0; k < (size_t)ne; k++) {
            uint32_t e = view->out_edge[k];
            ii[is[view->to[e]]++] = e;
        }
        for (igraph_integer_t v = 0; v <= nv; v++) {
            os[v] = (igraph_integer_t)view->out_start[v];
            is[v] = (igraph_integer_t)view->in_start[v];
        }
        igraph_invalidate_cache(g);
        IGRAPH_FINALLY_CLEAN(1);
        return IGRAPH_SUCCESS;
    }
    /* oi: by to, then stably by from; ii: oi stably by to */
    sort_edges(VECTOR(g->ii), NULL, (size_t)ne, to, os, (size_t)nv);
    sort_edges(VECTOR(g->oi), VECTOR(g->ii), (size_t)ne, from, os, (size_t)nv);
    sort_edges(VECTOR(g->ii), VECTOR(g->oi), (size_t)ne, to, os, (size_t)nv);
    /* the starts: the run of vertex v in oi (ii) begins at os[v] (is[v]) */
    memset(os, 0, (size_t)(nv + 1) * sizeof *os);
    memset(is, 0, (size_t)(nv + 1) * sizeof *is);
    for (igraph_integer_t e = 0; e < ne; e++) {
        os[from[e] + 1]++;
        is[to[e] + 1]++;
    }
    for (igraph_integer_t v = 0; v < nv; v++) {
        os[v + 1] += os[v];
        is[v + 1] += is[v];
    }
    igraph_invalidate_cache(g);
    IGRAPH_FINALLY_CLEAN(1);
    return IGRAPH_SUCCESS;
}

igraph_error_t flow__igraph_graph(flow__igraph_cache **cache, const flow__graph *view,
                                  const igraph_t **out, igraph_vector_t *w)
{
    *out = NULL;
    if (!*cache) {
        *cache = g_try_new0(flow__igraph_cache, 1);
        if (!*cache) IGRAPH_ERROR("no memory for the selection's igraph graphs", IGRAPH_ENOMEM);
    }
    flow__igraph_cache *c = *cache;
    int i = 0;
    while (i < CACHED_VIEWS && c->view[i] && c->view[i] != view) i++;
    if (i == CACHED_VIEWS) IGRAPH_ERROR("too many graphs for one selection", IGRAPH_EINTERNAL);
    if (!c->view[i]) {
        IGRAPH_CHECK(make_graph(&c->graph[i], view));
        c->view[i] = view;
    }
    *out = &c->graph[i];
    if (w) igraph_vector_view(w, view->weight, (igraph_integer_t)view->ne);
    return IGRAPH_SUCCESS;
}

void flow__igraph_cache_free(flow__igraph_cache *cache)
{
    if (!cache) return;
    flow__gate gate;
    flow__igraph_enter(&gate, NULL, NULL, 0);
    for (int i = 0; i < CACHED_VIEWS; i++)
        if (cache->view[i]) igraph_destroy(&cache->graph[i]);
    flow__igraph_leave(&gate, IGRAPH_SUCCESS, "freeing the selection's igraph graphs");
    g_free(cache);
}

const char *flow__igraph_version(void)
{
    const char *v = NULL;
    igraph_version(&v, NULL, NULL, NULL);
    return v ? v : "";
}

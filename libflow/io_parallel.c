/*
 * Parsing a large table on several threads, applying it in file order
 * (io_internal.h, flow__io_parallel).
 *
 * The text is cut into chunks of about `chunk_bytes` that end just after a
 * line feed (the last one at the end of the text). Chunks are published to
 * a window of `window` slots; the worker threads, and the calling thread
 * when the chunk it needs next was not taken yet, parse them (any order);
 * the calling thread alone applies them, strictly in file order. So
 * whatever state the apply step builds (node numbering, flow order, the
 * first error) is the state a serial pass builds: the threads only do the
 * work that depends on nothing but the chunk's own bytes.
 *
 * The text may arrive while it is parsed: `more` (when set) is asked for
 * bytes up to a point before a chunk is cut there, so that a file is read
 * a window ahead of the parser and never held whole.
 *
 * Memory: the threads and the per-slot states (a few per thread) are
 * GLib's aborting allocations (g_new0, g_thread_new, which has no
 * failing-soft form); the chunks' own memory is the caller's, g_try_*.
 */
#include <pthread.h>
#include <string.h>

#include <glib.h>

#include "io_internal.h"

enum { SLOT_FREE, SLOT_PUBLISHED, SLOT_CLAIMED, SLOT_PARSED };

typedef struct {
    const flow__parallel *job;
    flow__chunk *slots;
    size_t window;
    /* pthread's, not GMutex: ThreadSanitizer sees these (GLib's futexes it
     * does not) */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t published, claimed; /* chunks published, chunks taken by a parser */
    int *state;                /* per slot */
    int finished;              /* every chunk is published */
    int cancel;
} pool;

static void parse_slot(pool *P, size_t k)
{
    flow__chunk *ch = &P->slots[k % P->window];
    P->job->parse(P->job->arg, ch);
    pthread_mutex_lock(&P->lock);
    P->state[k % P->window] = SLOT_PARSED;
    pthread_cond_broadcast(&P->cond);
    pthread_mutex_unlock(&P->lock);
}

static gpointer worker(gpointer data)
{
    pool *P = data;
    pthread_mutex_lock(&P->lock);
    for (;;) {
        while (!P->cancel && P->claimed == P->published && !P->finished)
            pthread_cond_wait(&P->cond, &P->lock);
        if (P->cancel || P->claimed == P->published) break;
        size_t k = P->claimed++;
        P->state[k % P->window] = SLOT_CLAIMED;
        pthread_mutex_unlock(&P->lock);
        parse_slot(P, k);
        pthread_mutex_lock(&P->lock);
    }
    pthread_mutex_unlock(&P->lock);
    return NULL;
}

/* The end of the chunk that starts at pos: just after the first line feed
 * at or after pos + chunk_bytes, or the end of the text (reading more of it
 * while no line feed is found). */
static const char *cut(const flow__parallel *job, const char *pos, const char **end)
{
    const char *from = pos + job->chunk_bytes;
    for (;;) {
        if (*end > from) {
            const char *nl = memchr(from, '\n', (size_t)(*end - from));
            if (nl) return nl + 1;
            from = *end;
        }
        if (!job->more) return *end;
        const char *e = job->more(job->arg, *end + job->chunk_bytes);
        if (e == *end) return *end; /* the end of the text */
        *end = e;
    }
}

int flow__io_parallel(const flow__parallel *job)
{
    pool P;
    int rc = FLOW_OK;
    size_t nthreads = job->threads > 1 ? job->threads - 1 : 0, applied = 0;
    GThread **threads = g_new0(GThread *, nthreads + 1);
    memset(&P, 0, sizeof P);
    P.job = job;
    P.window = job->window;
    P.slots = job->slots;
    P.state = g_new0(int, P.window);
    pthread_mutex_init(&P.lock, NULL);
    pthread_cond_init(&P.cond, NULL);
    for (size_t i = 0; i < nthreads; i++) threads[i] = g_thread_new("flow-load", worker, &P);

    const char *pos = job->begin, *end = job->end;
    for (;;) {
        /* Publish chunks until the window is full. */
        while (!P.finished && P.published < applied + P.window) {
            if (pos >= end && job->more) end = job->more(job->arg, pos + job->chunk_bytes);
            if (pos >= end) {
                pthread_mutex_lock(&P.lock);
                P.finished = 1;
                pthread_cond_broadcast(&P.cond);
                pthread_mutex_unlock(&P.lock);
                break;
            }
            const char *e = cut(job, pos, &end);
            flow__chunk *ch = &P.slots[P.published % P.window];
            ch->begin = pos;
            ch->end = e;
            ch->index = P.published;
            pos = e;
            pthread_mutex_lock(&P.lock);
            P.state[P.published % P.window] = SLOT_PUBLISHED;
            P.published++;
            pthread_cond_broadcast(&P.cond);
            pthread_mutex_unlock(&P.lock);
        }
        if (applied == P.published) break;
        /* The next chunk in file order: parse it here if no thread took it. */
        pthread_mutex_lock(&P.lock);
        if (P.claimed == applied) {
            P.claimed++;
            P.state[applied % P.window] = SLOT_CLAIMED;
            pthread_mutex_unlock(&P.lock);
            parse_slot(&P, applied);
        } else {
            while (P.state[applied % P.window] != SLOT_PARSED) pthread_cond_wait(&P.cond, &P.lock);
            pthread_mutex_unlock(&P.lock);
        }
        rc = job->apply(job->arg, &P.slots[applied % P.window]);
        pthread_mutex_lock(&P.lock);
        P.state[applied % P.window] = SLOT_FREE;
        pthread_mutex_unlock(&P.lock);
        applied++;
        if (rc != FLOW_OK) break;
    }
    pthread_mutex_lock(&P.lock);
    P.cancel = 1;
    pthread_cond_broadcast(&P.cond);
    pthread_mutex_unlock(&P.lock);
    for (size_t i = 0; i < nthreads; i++) g_thread_join(threads[i]);
    pthread_mutex_destroy(&P.lock);
    pthread_cond_destroy(&P.cond);
    g_free(P.state);
    g_free(threads);
    return rc;
}

/*
 * The gravity model's terms (gravity_terms.c), read by the fit
 * (gravity.c): per-vertex data from which the value of every term for any
 * ordered pair (i, j) is computed on the fly, so that no dense per-pair
 * matrix of regressors is ever kept.
 */
#ifndef LIBFLOW_GRAVITY_INTERNAL_H
#define LIBFLOW_GRAVITY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "libflow/gravity.h"
#include "selection_internal.h"

/* Term kinds (values of the "gravity_term" registry). */
enum {
    FLOW__TERM_INTERCEPT = 0,
    FLOW__TERM_MASS = 1,
    FLOW__TERM_DISTANCE = 2,
    FLOW__TERM_SAME_ANY = 3,
    FLOW__TERM_SAME = 4,
    FLOW__TERM_BOUNDARY = 5,
    FLOW__TERM_CONTIGUITY = 6
};

typedef struct {
    int kind;     /* FLOW__TERM_* */
    int side;     /* mass: 0 origin, 1 destination */
    double *num;  /* per vertex: log mass, or a numeric boundary value (NAN missing) */
    const char **text; /* per vertex: interned text boundary value (NULL missing) */
    uint8_t *member;   /* per vertex: in the group (same_group:<G>) */
} flow__gravity_term;

typedef struct {
    size_t count;
    char **names;             /* count term names */
    flow__gravity_term *terms; /* count */
    size_t nv;
    /* distance */
    double *lat, *lon;        /* radians, per vertex (lat_lon) */
    GHashTable *distance;     /* (u << 32 | v) -> double * (file), both orders */
    /* same_group (any): per vertex, `words` 64-bit words of group bits */
    uint64_t *groups;
    size_t words;
    /* contiguity: set of (u << 32 | v), both orders */
    GHashTable *contiguous;
} flow__gravity_terms;

/* Builds the terms of options o for selection sel (built), in the order of
 * gravity.h, checking every input (attributes present and valid, files
 * readable, ids known) for the model's nodes: the n vertices vid[]. On
 * failure T is cleared and the error set. */
int flow__gravity_terms_init(flow__gravity_terms *T, flow_selection *sel,
                             const flow_gravity_options *o, const uint32_t *vid, size_t n);

/* The value of term k for the pair (i, j) of vertices, i != j. */
double flow__gravity_term_value(const flow__gravity_terms *T, size_t k, size_t i, size_t j);

void flow__gravity_terms_clear(flow__gravity_terms *T);

#endif

/*
 * Counterfactual selections (flow_selection_set_counterfactual(), see
 * selection.h) and the stock-factor check, kept apart from selection.c,
 * which calls the hooks below at fixed points of the build.
 *
 * Without-lists are names resolved at each build into per-node flags of
 * the selection's network (a node is removed when it, or an ancestor, is
 * named; a corridor side covers the named nodes and the nodes below them).
 * Added flow files are loaded at the setter into networks of their own and
 * merged into a private copy of the caller's network, which becomes the
 * selection's network (sel->net) while the caller's is kept in `base`: the
 * copy has the same nodes, factors and groups in the same order, so every
 * index stays valid, and every analysis that reads the network's flows
 * through the selection sees the added ones. The copy is remade when the
 * caller's network changes.
 */
#ifndef LIBFLOW_COUNTERFACTUAL_INTERNAL_H
#define LIBFLOW_COUNTERFACTUAL_INTERNAL_H

#include <stdint.h>
#include <glib.h>

#include "libflow/selection.h"
#include "libflow/table.h"

typedef struct flow__counterfactual flow__counterfactual;

struct flow__counterfactual {
    GPtrArray *names[4];       /* per FLOW_WITHOUT_* / FLOW_WITH_FLOWS kind: g_strdup'd */
    flow_network *base;        /* the caller's network when files are added (referenced) */
    uint64_t base_generation;  /* base's generation when the copy was made */
    GPtrArray *extra;          /* flow_network * of the added files */
    /* made by flow__counterfactual_prepare() at each build */
    size_t nn;                 /* nodes the flags cover */
    uint8_t *removed;          /* per node: 1 when removed */
    uint64_t *sides;           /* per node: bit 2c side A, 2c+1 side B of corridor c */
    int ncorridors;
};

/* Frees sel->cf; when files were added, gives sel back the caller's
 * network (the copy is released). */
void flow__counterfactual_free(flow_selection *sel);

/* 1 when the caller's network changed since the copy was made. */
int flow__counterfactual_stale(const flow_selection *sel);

/* At the start of a build: remakes a stale copy, then the per-node flags.
 * FLOW_OK, FLOW_ENOMEM, or the error of a name the network lost. */
int flow__counterfactual_prepare(flow_selection *sel);

/* 1 when network node i is removed (built flags; 0 without any). */
static inline int flow__counterfactual_removed(const flow__counterfactual *cf, size_t i)
{
    return cf && cf->removed && i < cf->nn && cf->removed[i];
}

/* 0 when the flow from node s to node t is dropped (a removed end, or a
 * corridor's flow). */
static inline int flow__counterfactual_keeps(const flow__counterfactual *cf, uint32_t s,
                                             uint32_t t)
{
    if (!cf || !cf->removed) return 1;
    if ((s < cf->nn && cf->removed[s]) || (t < cf->nn && cf->removed[t])) return 0;
    if (!cf->ncorridors) return 1;
    uint64_t a = s < cf->nn ? cf->sides[s] : 0, b = t < cf->nn ? cf->sides[t] : 0;
    const uint64_t even = 0x5555555555555555ull;
    return ((a & (b >> 1)) | ((a >> 1) & b)) & even ? 0 : 1;
}

/* Gives dst (a fresh selection of src's network) src's without-lists
 * (series and tracking make one selection per year). */
int flow__counterfactual_copy(flow_selection *dst, const flow_selection *src);

/* The counterfactual in a result's metadata: "without_nodes",
 * "without_groups", "without_corridors" (A:B;C:D), "with_flows" (paths,
 * ';'-separated), each only when set. */
void flow__counterfactual_describe(flow_table *t, const flow_selection *sel);

/* Refuses a built selection that adds a stock factor's weights of
 * different years (FLOW_EINVAL naming the factor and two of its years);
 * skipped for a per-year frame (sel->per_year). */
int flow__selection_check_stocks(const flow_selection *sel);

#endif

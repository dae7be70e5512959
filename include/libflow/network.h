/*
 * libflow/network.h - the flow network: nodes, factors, flows and groups.
 *
 * A flow network holds
 *  - nodes: a unique UTF-8 id, a display name (defaults to the id), a kind
 *    ("region", "institution", "country", or any other word; "unknown" when
 *    not given), an optional parent node, and attributes (named numeric or
 *    text values; a missing value is NAN / NULL);
 *  - factors: named layers ("talent", "capital", "technology", or any other
 *    name), each with an optional unit ("persons", "100M yuan");
 *  - flows: source -> target, factor, weight (finite, > 0: a strength, the
 *    amount that flows), optional year. Rows with the same (source, target,
 *    factor, year) are summed into one flow. A self-loop (source == target)
 *    is an intra-node flow: kept as data, and left out of every measure that
 *    does not define it (see libflow/selection.h);
 *  - groups: named member sets with an optional role per member, the
 *    declared cooperation mechanisms (pairing programmes, alliances).
 *
 * Parent links form a forest (institution -> city -> province -> country);
 * a change that would close a cycle is refused.
 *
 * Build a network in code with the functions below, or load one from files
 * with flow_io_load() (libflow/io.h). Every mutating call is all-or-nothing:
 * on failure the network is as it was. Read it back in bulk, one table per
 * part, with flow_network_table(); the lookups by name (node, attribute,
 * factor, group) and the counts are functions of their own.
 *
 *     flow_network *net = NULL;
 *     flow_network_new(&net);
 *     flow_network_add_node(net, "CN-SH", "Shanghai", "region", NULL);
 *     flow_network_add_node(net, "CN-XJ", "Xinjiang", "region", NULL);
 *     flow_network_add_flow(net, "CN-SH", "CN-XJ", "technology", 12.5, 2020);
 *     ...
 *     flow_network_free(net);
 *
 * Indexes: nodes, factors, flows and groups are numbered from 0 in the order
 * they were first added (loaded: file order); flows are numbered in order of
 * their first row; node, factor or flow k is row k of its part's table.
 * Indexes stay valid while the network lives: nothing is ever removed.
 *
 * Threads: read by many threads at once, changed by one alone (the rules:
 * libflow/common.h).
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_NETWORK_H
#define LIBFLOW_NETWORK_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"

FLOW_BEGIN_DECLS

/**
 * Creates an empty network.
 * @param[out] out the new network; free it with flow_network_free().
 * @return FLOW_OK, FLOW_EINVAL (out is NULL) or FLOW_ENOMEM.
 */
FLOW_API int flow_network_new(flow_network **out);

/**
 * Releases the caller's reference. Selections and results made from the
 * network keep it alive until they are freed too, so any free order is safe.
 * NULL is a no-op.
 */
FLOW_API void flow_network_free(flow_network *net);

/* ---- building ---------------------------------------------------------- */

/**
 * Adds a node.
 * @param net    the network
 * @param id     unique, non-empty UTF-8 id
 * @param name   display name; NULL or "" means the id
 * @param kind   kind word; NULL or "" means "unknown"
 * @param parent id of an existing node, or NULL / "" for none
 * @return FLOW_OK; FLOW_EINVAL (empty or duplicate id, invalid UTF-8);
 *         FLOW_ENOTFOUND (unknown parent; the message suggests the nearest
 *         id); FLOW_ENOMEM.
 */
FLOW_API int flow_network_add_node(flow_network *net, const char *id, const char *name,
                                   const char *kind, const char *parent);

/**
 * Sets or clears a node's parent.
 * @param parent id of the new parent, or NULL / "" to make the node a root.
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown id); FLOW_EINVAL (the link would
 *         close a cycle: the message names it).
 */
FLOW_API int flow_network_set_parent(flow_network *net, const char *id, const char *parent);

/**
 * Sets a numeric attribute of a node (NAN clears it to missing). An attribute
 * name is either numeric or text for the whole network.
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown node); FLOW_EINVAL (empty name,
 *         or the attribute already holds text); FLOW_ENOMEM.
 */
FLOW_API int flow_network_set_number(flow_network *net, const char *id, const char *attr,
                                     double value);

/**
 * Sets a text attribute of a node (NULL clears it to missing).
 * @return as flow_network_set_number(), with FLOW_EINVAL when the attribute
 *         is numeric.
 */
FLOW_API int flow_network_set_text(flow_network *net, const char *id, const char *attr,
                                   const char *value);

/**
 * Declares a factor, or sets the unit of an existing one.
 * @param unit unit of the factor's weights, or NULL / "" for none.
 * @return FLOW_OK; FLOW_EINVAL (empty name; the factor already has another
 *         unit); FLOW_ENOMEM.
 */
FLOW_API int flow_network_add_factor(flow_network *net, const char *factor, const char *unit);

/** What a factor's weights measure (flow_network_set_factor_kind()). */
enum {
    FLOW_FACTOR_FLOW = 0, /**< a flow per year (the default): years add up */
    FLOW_FACTOR_STOCK = 1 /**< a stock at a date (a headcount, a capital
                           *   stock): summing years is meaningless */
};

/**
 * Marks a factor as a flow (the default) or a stock, declaring the factor
 * when it is new. A stock's weights of different years are never added:
 * a selection whose year filter keeps flows of a stock factor from two or
 * more years (undated counting as one more "year") fails to build with
 * FLOW_EINVAL naming the factor (libflow/selection.h); pick one year, or
 * leave the factor out. Loading a data folder reads the kinds from its
 * optional factors.csv (libflow/io.h).
 *
 * @param net    the network
 * @param factor the factor's name
 * @param kind   FLOW_FACTOR_FLOW or FLOW_FACTOR_STOCK
 * @return FLOW_OK; FLOW_EINVAL (empty name, unknown kind); FLOW_EMISUSE;
 *         FLOW_ENOMEM.
 *
 * Since 0.3.
 */
FLOW_API int flow_network_set_factor_kind(flow_network *net, const char *factor, int kind);

/**
 * Adds weight to the flow (source, target, factor, year); the factor is
 * declared on first use. Adding to an existing (source, target, factor,
 * year) sums the weights.
 * @param weight finite and > 0
 * @param year   a year in [-9999, 9999], or FLOW_NO_YEAR
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown node, with a suggestion);
 *         FLOW_EINVAL (weight not finite or <= 0, year out of range, empty
 *         factor, sum overflows to infinity); FLOW_ENOMEM.
 */
FLOW_API int flow_network_add_flow(flow_network *net, const char *source, const char *target,
                                   const char *factor, double weight, int year);

/**
 * Adds a member to a group (creating the group on first use).
 * @param role the member's role in the group, or NULL / "" for none.
 * @return FLOW_OK; FLOW_ENOTFOUND (unknown member); FLOW_EINVAL (empty
 *         group name, member already in the group); FLOW_ENOMEM.
 */
FLOW_API int flow_network_add_member(flow_network *net, const char *group, const char *member,
                                     const char *role);

/* ---- lookups -------------------------------------------------------------
 * The network's elements are read in bulk with flow_network_table() below;
 * these are the counts, the lookups by name, and the one id by index. None
 * sets an error: for a NULL network or a NULL name, a count is 0,
 * an index -1 and an id NULL. */

/** Number of nodes (0 for NULL). */
FLOW_API size_t flow_network_node_count(const flow_network *net);

/** Index of the node with this id, or -1 if there is none. */
FLOW_API int64_t flow_network_node_index(const flow_network *net, const char *id);

/** Id of node i (borrowed; NULL when i is out of range): the inverse of
 *  flow_network_node_index(), for the node indexes that tables hold (a
 *  node column's flow_table_ints(), the "parent" or "member" columns). */
FLOW_API const char *flow_network_node_id(const flow_network *net, size_t i);

/** Index of the attribute with this name, or -1. Attribute a is column
 *  4 + a of the "nodes" table. */
FLOW_API int64_t flow_network_attr_index(const flow_network *net, const char *name);

/** Number of factors. */
FLOW_API size_t flow_network_factor_count(const flow_network *net);

/** Index of the factor with this name (its row in the "factors" table),
 *  or -1. */
FLOW_API int64_t flow_network_factor_index(const flow_network *net, const char *name);

/** Number of flows (distinct (source, target, factor, year)). */
FLOW_API size_t flow_network_flow_count(const flow_network *net);

/** Number of groups. */
FLOW_API size_t flow_network_group_count(const flow_network *net);

/** Index of the group with this name, or -1. */
FLOW_API int64_t flow_network_group_index(const flow_network *net, const char *name);

/* ---- the network as tables ----------------------------------------------- */

/**
 * One part of the network as a flow_table (libflow/table.h), read in bulk:
 * every column is a contiguous array, so a whole part is read with a few
 * calls instead of one call per element. The table is a snapshot: rows
 * added to the network later are not in it.
 *
 * Parts (the table's name is the part's name; rows in index order, so row
 * k is node / factor / flow k of the network):
 *
 *  - "nodes": one row per node.
 *      id       text  the node's id
 *      name     text  display name (the id when none was given)
 *      kind     text  kind word ("unknown" when none was given)
 *      parent   node  the parent node (-1: a root)
 *      then one column per attribute, in attribute order, named after it:
 *      double (NAN = missing) for a numeric attribute, text (NULL =
 *      missing) for a text one. Attribute names never clash with the four
 *      fixed columns (the network refuses those names).
 *  - "factors": one row per factor.
 *      name     text  the factor's name
 *      unit     text  its unit, NULL when it has none
 *      kind     text  "flow" or "stock" (flow_network_set_factor_kind())
 *  - "flows": one row per flow.
 *      source   node  source node index
 *      target   node  target node index
 *      factor   text  the factor's name
 *      weight   double the flow's (summed) weight
 *      year     int   its year, FLOW_NO_YEAR (INT32_MIN) when undated
 *  - "groups": one row per (group, member), groups in index order and the
 *    members of a group in the order they were added.
 *      group    text  the group's name
 *      member   node  the member node
 *      role     text  its role in the group, NULL when none
 *  - "provenance": one row, where the data came from (flow_io_load()
 *    records it; a network built in memory or from a buffer has none).
 *      readme   text  the data folder's README.md as flow_io_load() read it
 *                     ("DATA/README.md" for a folder DATA, trailing slashes
 *                     dropped; the README.md beside a lone flows file,
 *                     "./README.md" for a bare file name), NULL when there
 *                     was none (absent, not a regular file, unreadable)
 *      modelled int   1 when that README's front matter says so: its first
 *                     line "---", then, before the next "---", a line
 *                     "flows: modelled" (ASCII case and blanks ignored;
 *                     "flows: observed" for observed data), else 0
 *      caution  text  when modelled, the line to print with any figure
 *                     drawn from the data ("Caution: the flows in this data
 *                     set are modelled, not observed; do not quote them as
 *                     statistics."), else NULL
 *    flowctl summary and the example studies print "Provenance: <readme>"
 *    and the caution from this part.
 *
 * Text cells are borrowed from the network's interned strings (no copy):
 * equal strings are the same pointer, so within one network the factor
 * cells of the flows table, for instance, can be compared as pointers. Node
 * columns hold node indexes (flow_table_ints()); flow_table_text() reads a
 * node cell as the node's id. Cost: one pass per column over the part
 * (the flows of a million-flow network in a few milliseconds to a few tens,
 * mostly spent faulting in the new columns); memory: 8 bytes a cell.
 *
 * The table holds a reference on the network: it stays valid after
 * flow_network_free(), and after later changes to the network (strings
 * are never freed while the network lives). A network its owner has freed
 * but that a selection or table keeps alive (as flow_table_network() hands
 * out) can still be read this way.
 *
 * @param[out] out  the table, freed with flow_table_free(); NULL on failure
 * @param net       the network
 * @param part      "nodes", "factors", "flows", "groups" or "provenance"
 * @return FLOW_OK; FLOW_EINVAL (out or part is NULL); FLOW_EMISUSE (net is
 *         NULL or not a network); FLOW_ENOTFOUND (unknown part: the message names
 *         the parts and suggests the nearest); FLOW_ENOMEM.
 *
 *     flow_table *flows = NULL;
 *     if (flow_network_table(&flows, net, "flows") == FLOW_OK) {
 *         const int64_t *src = flow_table_ints(flows, 0);
 *         const char *const *factor = flow_table_texts(flows, 2);
 *         const double *w = flow_table_doubles(flows, 3);
 *         ...
 *         flow_table_free(flows);
 *     }
 *
 * Since 0.2.
 */
FLOW_API int flow_network_table(flow_table **out, const flow_network *net, const char *part);

FLOW_END_DECLS

#endif /* LIBFLOW_NETWORK_H */

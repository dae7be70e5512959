/*
 * libflow/registry.h - the names libflow knows, enumerable at run time.
 *
 * Every family of named choices is one registry: centrality measures,
 * cluster methods, partition comparisons, k-core modes, path-length
 * transforms, brokerage roles, export formats. Each entry has a name (the
 * snake_case word used by flowctl, Python and the docs), the C enum value
 * it stands for, a one-line summary, flags, and its parameters with their
 * defaults. flowctl's help and validation, Python's enums and the README's
 * tables are generated from here, so a new measure is one registry line
 * beside its function.
 *
 *     int m = flow_registry_lookup("centrality", "pagerank"); // FLOW_PAGERANK
 *     flow_table *all = NULL;
 *     flow_registry_list(&all, "centrality");   // name, value, summary, flags
 *
 * Families: "centrality", "cluster", "compare", "kcore", "length", "path",
 * "gravity_term" (terms of the gravity model), "layer" (observed, expected,
 * excess flows),
 * "test" and "null" (significance tests and null models), "role", "format",
 * "input_format". flow_registry_list() with family NULL lists the
 * families themselves.
 *
 * Since 0.2.
 */
#ifndef LIBFLOW_REGISTRY_H
#define LIBFLOW_REGISTRY_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"

FLOW_BEGIN_DECLS

/** Entry flags (the int columns of flow_registry_list()). */
enum {
    FLOW_REG_WEIGHTED = 1,      /**< "weighted": uses the flows' weights */
    FLOW_REG_DIRECTED_ONLY = 2, /**< "directed_only": needs a directed selection */
    FLOW_REG_STOCHASTIC = 4,    /**< "stochastic": takes a seed */
    FLOW_REG_IN_UNITS = 8       /**< "in_units": values are in the selection's weight unit */
};

/**
 * Lists a family as a table (no network): text columns "name" and
 * "summary", int column "value" (the C enum value) and one 0/1 int column
 * per flag ("weighted", "directed_only", "stochastic", "in_units"), one row
 * per entry in enum order; part "parameters" has one row per parameter:
 * text columns "entry", "name", "type", "default", "summary". Metadata
 * "family" and "summary". With family NULL: one row per family (columns
 * "name" and "summary").
 * @param[out] out the table (free with flow_table_free()); NULL on failure
 * @return FLOW_OK; FLOW_ENOTFOUND for an unknown family (with a
 *         suggestion); FLOW_EINVAL for NULL out; FLOW_ENOMEM.
 */
FLOW_API int flow_registry_list(flow_table **out, const char *family);

/**
 * The enum value of `name` in `family` (exact, case-sensitive).
 * @return the value (>= 0); FLOW_ENOTFOUND for an unknown family or name,
 *         with "did you mean" when one is close; FLOW_EINVAL for NULL.
 */
FLOW_API int flow_registry_lookup(const char *family, const char *name);

/** The name of enum value `value` in `family` (static), NULL when none. */
FLOW_API const char *flow_registry_name(const char *family, int value);

FLOW_END_DECLS

#endif /* LIBFLOW_REGISTRY_H */

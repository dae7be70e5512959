/* Registry descriptors (see libflow/registry.h). Each family is defined
 * beside the code it names (centrality.c defines flow__centrality_family)
 * and listed once in registry.c. */
#ifndef LIBFLOW_REGISTRY_INTERNAL_H
#define LIBFLOW_REGISTRY_INTERNAL_H

#include <stddef.h>
#include "libflow/registry.h"

typedef struct {
    const char *name;
    const char *type;  /* "double", "int", "bool", "text", "ids", a family name */
    const char *value; /* default, as text ("" = none) */
    const char *summary;
} flow__param;

typedef struct {
    const char *name;
    int value;
    unsigned flags; /* FLOW_REG_* */
    const char *summary;
    const flow__param *params; /* terminated by a NULL name; NULL = none */
} flow__entry;

typedef struct {
    const char *name;
    const char *what; /* in messages: "unknown <what> 'x'" */
    const char *summary;
    const flow__entry *entries;
    size_t count;
} flow__family;

extern const flow__family flow__centrality_family;
extern const flow__family flow__length_family;
extern const flow__family flow__path_family;
extern const flow__family flow__cluster_family;
extern const flow__family flow__compare_family;
extern const flow__family flow__kcore_family;
extern const flow__family flow__role_family;
extern const flow__family flow__format_family;
extern const flow__family flow__gravity_term_family;
extern const flow__family flow__layer_family;
extern const flow__family flow__test_family;
extern const flow__family flow__null_family;
extern const flow__family flow__input_format_family;

/* The family of this name, or NULL. */
const flow__family *flow__registry_family(const char *name);

/* The entry of `value` in family f, or NULL. */
const flow__entry *flow__registry_entry(const flow__family *f, int value);

#define FLOW__FAMILY(sym, fname, fwhat, fsummary, arr) \
    const flow__family sym = {fname, fwhat, fsummary, arr, sizeof(arr) / sizeof(arr[0])}

#endif

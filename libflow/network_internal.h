/*
 * The network's layout, shared by the modules that build or read it.
 *
 * Flows are kept as a structure of arrays (24 bytes a flow: source, target,
 * factor, year as 32-bit integers, weight as a double, in one block) plus
 * an open-addressing table keyed by (source, target, factor, year), 4 bytes
 * a slot at most half full, that merges repeated rows; a slot holds the
 * flow index + 1 and some bits of the key's hash (network.c). Node ids,
 * names and kinds are interned in the network's string store (blocks of
 * text and a table of the strings held).
 *
 * Everything the network holds (nodes, the id table, interned strings,
 * attributes and their values, factors, groups and their members) is
 * allocated with GLib's g_try_* allocators (flow__array, flow__strmap,
 * the string blocks), so that running out of memory gives FLOW_ENOMEM.
 */
#ifndef LIBFLOW_NETWORK_INTERNAL_H
#define LIBFLOW_NETWORK_INTERNAL_H

#include <stdint.h>
#include <glib.h>

#include "libflow/io.h"
#include "libflow/network.h"

#define FLOW__NETWORK_MAGIC 0x464c4f57u /* "FLOW" */
#define FLOW__YEAR_MIN (-9999)
#define FLOW__YEAR_MAX 9999

/* A growable array whose growth fails softly (g_try_realloc). It is laid
 * out as GLib's GArray (data, len) and GPtrArray (pdata, len), so that
 * g_array_index() and g_ptr_array_index() read it. */
typedef struct {
    union {
        char *data;
        void **pdata;
    };
    guint len;
    guint cap;
    guint elt; /* bytes an element */
} flow__array;

/* A new empty array of elt-byte elements; NULL on ENOMEM (error set). */
flow__array *flow__array_new(guint elt);
void flow__array_free(flow__array *a);
/* Room for n more elements: FLOW_OK or FLOW_ENOMEM (error set), the array
 * unchanged. */
int flow__array_reserve(flow__array *a, size_t n);
/* Appends the element at p (elt bytes): FLOW_OK or FLOW_ENOMEM. */
int flow__array_append(flow__array *a, const void *p);

/* Copies made with g_try_malloc (freed with g_free): the string, its first
 * n bytes, or the printf-style text; NULL on ENOMEM (error set). */
char *flow__strdup(const char *s);
char *flow__strndup(const char *s, size_t n);
char *flow__strdup_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* An open-addressing table from strings (borrowed: they must outlive it)
 * to size_t values, grown with g_try_malloc0; the network's interned
 * strings (network.c adds those keys itself) and the group names. */
typedef struct {
    const char *key;
    size_t value;
} flow__strslot;

typedef struct {
    flow__strslot *slots; /* mask + 1 of them, at most half full; NULL when empty */
    size_t mask, count;
} flow__strmap;

/* The value of key, or NULL. */
size_t *flow__strmap_find(const flow__strmap *m, const char *key);
/* Room for n more keys: FLOW_OK or FLOW_ENOMEM (error set), unchanged. */
int flow__strmap_reserve(flow__strmap *m, size_t n);
/* Adds an absent key; room was reserved. */
void flow__strmap_put(flow__strmap *m, const char *key, size_t value);
void flow__strmap_clear(flow__strmap *m);

/* A block of interned strings. */
typedef struct flow__strblock {
    struct flow__strblock *next;
    size_t used, size;
    char text[];
} flow__strblock;

typedef struct {
    const char *id, *name, *kind; /* interned */
    int64_t parent;               /* node index or -1 */
} flow__node;

typedef struct {
    const char *name; /* interned */
    int numeric;
    flow__array *numbers; /* double per node (NAN missing), grown on demand */
    flow__array *texts;   /* interned const char * per node (NULL missing) */
} flow__attr;

typedef struct {
    const char *name, *unit; /* interned; unit "" when none */
    int kind;                /* FLOW_FACTOR_FLOW (0) or FLOW_FACTOR_STOCK */
} flow__factor;

typedef struct {
    const char *name;
    flow__array *members; /* int64_t node indexes */
    flow__array *roles;   /* interned const char *, "" for none */
} flow__group;

struct flow_network {
    uint32_t magic;
    int closed;       /* the owner called flow_network_free; children keep it */
    gint refcount;
    uint64_t generation; /* bumped by every change; selections rebuild on it */

    flow__strblock *strings; /* the interned strings, newest block first */
    /* each interned string -> the index + 1 of the node whose id it is, or 0 */
    flow__strmap interned;
    flow__array *nodes;      /* flow__node */
    flow__array *attrs;          /* flow__attr * */
    flow__strmap attr_by_name;   /* interned name -> index + 1 */
    flow__array *factors;        /* flow__factor */
    flow__strmap factor_by_name; /* interned name -> index + 1 */
    flow__array *groups;        /* flow__group */
    flow__strmap group_by_name; /* interned name -> index + 1 */

    /* flows, structure of arrays in one block that starts at src */
    size_t nflows, cap;
    uint32_t *src, *tgt, *fac;
    int32_t *year;
    double *weight;
    /* merge table: slot = hash tag | flow index + 1, 0 empty; mask =
     * size - 1; kmask = the slot bits that hold the index */
    uint32_t *slots;
    size_t mask;
    uint32_t kmask;

    /* provenance, recorded by the loader (flow__network_set_provenance):
     * the data folder's README.md (interned; NULL when none was read) and
     * whether it says the flows are modelled */
    const char *readme;
    int modelled;
    /* the limits of the load that made the network (flow__io_limits()'s
     * form), which the files a counterfactual adds are loaded within;
     * version 0 (a network built in memory): the defaults */
    flow_io_options load_limits;
};

/* Element readers for the library's own use (the public per-element
 * getters are going away: callers outside the library read the network in
 * bulk with flow_network_table()). They check the index like the old
 * getters did (NULL / 0 / -1 when out of range) but not the handle: the
 * caller has a valid network. Strings are interned (borrowed). */
static inline const char *flow__network_node_kind(const flow_network *net, size_t i)
{
    return i < net->nodes->len ? g_array_index(net->nodes, flow__node, i).kind : NULL;
}

static inline const char *flow__network_factor_name(const flow_network *net, size_t f)
{
    return f < net->factors->len ? g_array_index(net->factors, flow__factor, f).name : NULL;
}

/* The factor's unit, "" when it has none. */
static inline const char *flow__network_factor_unit(const flow_network *net, size_t f)
{
    return f < net->factors->len ? g_array_index(net->factors, flow__factor, f).unit : NULL;
}

static inline const char *flow__network_group_name(const flow_network *net, size_t g)
{
    return g < net->groups->len ? g_array_index(net->groups, flow__group, g).name : NULL;
}

/* Number of members of group g. */
static inline size_t flow__network_group_size(const flow_network *net, size_t g)
{
    return g < net->groups->len ? g_array_index(net->groups, flow__group, g).members->len : 0;
}

/* Node index of member m of group g, or -1. */
static inline int64_t flow__network_group_member(const flow_network *net, size_t g, size_t m)
{
    if (g >= net->groups->len) return -1;
    const flow__array *members = g_array_index(net->groups, flow__group, g).members;
    return m < members->len ? g_array_index(members, int64_t, m) : -1;
}

/* Validates a handle for public use (not NULL, not closed): FLOW_OK or
 * FLOW_EMISUSE with a message. */
int flow__network_check(const flow_network *net);

flow_network *flow__network_ref(flow_network *net);
void flow__network_unref(flow_network *net);

/* Interns a string in the network's store: the one copy of s, or NULL on
 * ENOMEM (error set). */
const char *flow__network_intern(flow_network *net, const char *s);

/* Node index of an id, or -1. */
int64_t flow__network_find(const flow_network *net, const char *id);

/* The nearest known id to `id`, or NULL (for "did you mean"). */
const char *flow__network_suggest_node(const flow_network *net, const char *id);

/* Appends a node; the caller has checked that the id is new and the parent
 * valid (-1 for none). name/kind may be NULL for the defaults. Returns the
 * index or -1 on ENOMEM (error set). */
int64_t flow__network_push_node(flow_network *net, const char *id, const char *name,
                                const char *kind, int64_t parent);

/* Factor index by name, declaring it when `create`; -1 when absent or on
 * ENOMEM (error set). */
int64_t flow__network_factor(flow_network *net, const char *name, int create);

/* Adds weight to the flow (s, t, f, year), merging with an equal key.
 * The caller has checked weight and year. Returns FLOW_OK, FLOW_ENOMEM or
 * FLOW_EINVAL (the merged sum overflows; message set). */
int flow__network_push_flow(flow_network *net, uint32_t s, uint32_t t, uint32_t f, double w,
                            int32_t year);

/* The merge-table hash of a flow key (a 64-bit mix, splitmix64's
 * finaliser). */
static inline uint64_t flow__network_flow_hash(uint32_t s, uint32_t t, uint32_t f, int32_t y)
{
    uint64_t h = ((uint64_t)s << 32 | t) ^ ((uint64_t)f << 32 | (uint32_t)y) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 31;
    return h;
}

/* Starts loading the merge-table slot of a key hash, for a push a little
 * later (a hint: harmless if the table grows meanwhile). */
static inline void flow__network_prefetch_flow(const flow_network *net, uint64_t h)
{
#if defined(__GNUC__)
    if (net->slots) __builtin_prefetch(&net->slots[h & net->mask]);
#else
    (void)net, (void)h;
#endif
}

/* flow__network_push_flow with the key's hash already computed. */
int flow__network_push_flow_hashed(flow_network *net, uint32_t s, uint32_t t, uint32_t f,
                                   double w, int32_t year, uint64_t h);

/* Reserves room for n more flows (optional; speeds up bulk loading). */
int flow__network_reserve_flows(flow_network *net, size_t n);

/* Frees the merge table (4 to 8 bytes a slot, 2-4 slots a flow) once a
 * bulk load is done; the next push of a flow makes it again. */
void flow__network_drop_merge_table(flow_network *net);

/* Attribute index by name, created with the given type when absent
 * (numeric 1 / text 0); a negative FLOW_E* code on a type clash (error set). */
int64_t flow__network_attr(flow_network *net, const char *name, int numeric);
/* Set a node's value of attribute a: FLOW_OK, or FLOW_ENOMEM (error set)
 * with the attribute unchanged. */
int flow__network_attr_set_number(flow_network *net, size_t a, size_t node, double v);
int flow__network_attr_set_text(flow_network *net, size_t a, size_t node, const char *v);

/* Group index by name, created when absent; -1 on ENOMEM (error set). */
int64_t flow__network_group(flow_network *net, const char *name);
/* 1 when node is already a member of group g. */
int flow__network_group_has(const flow_network *net, size_t g, int64_t node);
/* Adds a member: FLOW_OK, or FLOW_ENOMEM (error set) with the group
 * unchanged. */
int flow__network_group_push(flow_network *net, size_t g, int64_t node, const char *role);

/* Records the data set's provenance: the path of the README.md read (NULL:
 * none; copied) and whether it says the flows are modelled. FLOW_OK or
 * FLOW_ENOMEM (error set). */
int flow__network_set_provenance(flow_network *net, const char *readme, int modelled);

/* Would making `parent` the parent of `node` close a cycle? */
int flow__network_would_cycle(const flow_network *net, int64_t node, int64_t parent);

/* A zeroed block of n bytes, or NULL: from 4 MiB on, mapped 2 MiB-aligned
 * and advised MADV_HUGEPAGE (where available), so that it faults in 2 MiB
 * at a time; smaller blocks come from GLib. Freed with flow__big_free(p, n)
 * (the same n). The flow columns and the merge table use it, and so do
 * large table columns. */
void *flow__big_alloc(size_t n);
void flow__big_free(void *p, size_t n);

/* 1 when s is valid UTF-8 without NUL. */
int flow__utf8_ok(const char *s);

#endif

/*
 * The flow network: storage, the builder API and the read accessors.
 *
 * Public mutators validate everything first and change the network only
 * when nothing can fail any more (or fail on allocation before any change),
 * so a failed call leaves the network as it was.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "libflow/network.h"
#include "error_internal.h"
#include "network_internal.h"

int flow__utf8_ok(const char *s) { return g_utf8_validate(s, -1, NULL); }

static int nonempty(const char *s) { return s && *s; }

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

int flow__network_check(const flow_network *net)
{
    if (!net || net->magic != FLOW__NETWORK_MAGIC)
        return flow__error(FLOW_EMISUSE, "network handle is NULL or invalid");
    if (net->closed) return flow__error(FLOW_EMISUSE, "network handle was already freed");
    return FLOW_OK;
}

static void free_attr(gpointer p)
{
    flow__attr *a = p;
    if (!a) return;
    g_free(a->name);
    if (a->numbers) g_array_free(a->numbers, TRUE);
    if (a->texts) g_ptr_array_free(a->texts, TRUE);
    g_free(a);
}

static void clear_group(gpointer p)
{
    flow__group *g = p;
    g_array_free(g->members, TRUE);
    g_ptr_array_free(g->roles, TRUE);
}

int flow_network_new(flow_network **out)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_network_new: out is NULL");
    *out = NULL;
    flow_network *n = g_try_new0(flow_network, 1);
    if (!n) return flow__error_nomem();
    n->magic = FLOW__NETWORK_MAGIC;
    n->refcount = 1;
    n->strings = g_string_chunk_new(4096);
    n->node_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    n->nodes = g_array_new(FALSE, FALSE, sizeof(flow__node));
    n->attrs = g_ptr_array_new_with_free_func(free_attr);
    n->attr_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    n->factors = g_array_new(FALSE, FALSE, sizeof(flow__factor));
    n->factor_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    n->groups = g_array_new(FALSE, FALSE, sizeof(flow__group));
    g_array_set_clear_func(n->groups, clear_group);
    n->group_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    *out = n;
    return FLOW_OK;
}

flow_network *flow__network_ref(flow_network *net)
{
    g_atomic_int_inc(&net->refcount);
    return net;
}

static void free_flows(flow_network *net);

void flow__network_unref(flow_network *net)
{
    if (!net || !g_atomic_int_dec_and_test(&net->refcount)) return;
    g_hash_table_destroy(net->node_by_id);
    g_array_free(net->nodes, TRUE);
    g_hash_table_destroy(net->attr_by_name);
    g_ptr_array_free(net->attrs, TRUE);
    g_hash_table_destroy(net->factor_by_name);
    g_array_free(net->factors, TRUE);
    g_hash_table_destroy(net->group_by_name);
    g_array_free(net->groups, TRUE);
    free_flows(net);
    g_string_chunk_free(net->strings);
    net->magic = 0;
    g_free(net);
}

void flow_network_free(flow_network *net)
{
    if (!net || net->magic != FLOW__NETWORK_MAGIC || net->closed) return;
    net->closed = 1;
    flow__network_unref(net);
}

/* ---- internal building blocks ------------------------------------------ */

const char *flow__network_intern(flow_network *net, const char *s)
{
    return g_string_chunk_insert_const(net->strings, s);
}

int64_t flow__network_find(const flow_network *net, const char *id)
{
    gpointer v = g_hash_table_lookup(net->node_by_id, id);
    return v ? (int64_t)GPOINTER_TO_SIZE(v) - 1 : -1;
}

static const char *node_id_at(size_t i, const void *data)
{
    const flow_network *net = data;
    return g_array_index(net->nodes, flow__node, i).id;
}

const char *flow__network_suggest_node(const flow_network *net, const char *id)
{
    return flow__suggest(id, net->nodes->len, node_id_at, net);
}

int64_t flow__network_push_node(flow_network *net, const char *id, const char *name,
                                const char *kind, int64_t parent)
{
    flow__node n;
    n.id = flow__network_intern(net, id);
    n.name = nonempty(name) ? flow__network_intern(net, name) : n.id;
    n.kind = flow__network_intern(net, nonempty(kind) ? kind : "unknown");
    n.parent = parent;
    g_array_append_val(net->nodes, n);
    int64_t index = (int64_t)net->nodes->len - 1;
    g_hash_table_insert(net->node_by_id, (gpointer)n.id, GSIZE_TO_POINTER((gsize)index + 1));
    net->generation++;
    return index;
}

int64_t flow__network_factor(flow_network *net, const char *name, int create)
{
    gpointer v = g_hash_table_lookup(net->factor_by_name, name);
    if (v) return (int64_t)GPOINTER_TO_SIZE(v) - 1;
    if (!create) return -1;
    flow__factor f = {flow__network_intern(net, name), ""};
    f.unit = flow__network_intern(net, "");
    g_array_append_val(net->factors, f);
    g_hash_table_insert(net->factor_by_name, (gpointer)f.name,
                        GSIZE_TO_POINTER((gsize)net->factors->len));
    net->generation++;
    return (int64_t)net->factors->len - 1;
}

#ifndef FLOW_BIG
#define FLOW_BIG 1
#endif
#ifndef FLOW_TAG
#define FLOW_TAG 1
#endif

/* ---- large arrays --------------------------------------------------------- */

#define HUGE_PAGE ((size_t)2 << 20)
#define BIG_MIN (2 * HUGE_PAGE)

#if FLOW_BIG == 2
static void *big_alloc(size_t n)
{
    if (n < BIG_MIN) return g_try_malloc0(n);
    size_t len = n + HUGE_PAGE;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    size_t tail = len - (size_t)(a - p) - n;
    if (a > p) munmap(p, (size_t)(a - p));
    tail = tail / 4096 * 4096;
    if (tail) munmap(a + len - (size_t)(a - p) - tail, tail);
    madvise(a, n, MADV_HUGEPAGE);
    return a;
}
static size_t big_round(size_t n) { return (n + 4095) / 4096 * 4096; }
static void big_free(void *p, size_t n)
{
    if (!p) return;
    if (n < BIG_MIN) g_free(p);
    else munmap(p, big_round(n));
}
static void *big_realloc(void *p, size_t old, size_t n)
{
    if (n < BIG_MIN) return g_try_realloc(p, n);
    void *q = big_alloc(n);
    if (!q) return NULL;
    if (p) memcpy(q, p, MIN(old, n));
    big_free(p, old);
    return q;
}
#else
static void advise(void *p, size_t n)
{
#if FLOW_BIG == 1 && defined(MADV_HUGEPAGE)
    if (n < BIG_MIN) return;
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (e > a) madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p, (void)n;
#endif
}
static void *big_alloc(size_t n)
{
    void *p = g_try_malloc0(n);
    if (p) advise(p, n);
    return p;
}
static void big_free(void *p, size_t n)
{
    (void)n;
    g_free(p);
}
static void *big_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    void *q = g_try_realloc(p, n);
    if (q) advise(q, n);
    return q;
}
#endif

static void free_flows(flow_network *net)
{
    big_free(net->src, net->cap * sizeof(uint32_t));
    big_free(net->tgt, net->cap * sizeof(uint32_t));
    big_free(net->fac, net->cap * sizeof(uint32_t));
    big_free(net->year, net->cap * sizeof(int32_t));
    big_free(net->weight, net->cap * sizeof(double));
    if (net->slots) big_free(net->slots, (net->mask + 1) * sizeof(uint32_t));
}

uint64_t flow__network_flow_hash(uint32_t s, uint32_t t, uint32_t f, int32_t y)
{
    /* 64-bit mix of the key (splitmix64 finaliser). */
    uint64_t h = ((uint64_t)s << 32 | t) ^ ((uint64_t)f << 32 | (uint32_t)y) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 31;
    return h;
}
#define flow_hash flow__network_flow_hash

/* The tag of a hash for a table whose index bits are idx (see slots). */
static inline uint32_t tag_of(uint64_t h, uint32_t idx)
{
#if FLOW_TAG
    return (uint32_t)(h >> 32) & ~idx;
#else
    (void)h, (void)idx;
    return 0;
#endif
}

/* Grows the merge table to hold `need` flows at most half full. */
static int grow_slots(flow_network *net, size_t need)
{
    size_t size = net->slots ? net->mask + 1 : 0;
    if (need * 2 <= size) return FLOW_OK;
    size_t nsize = size ? size : 64;
    while (nsize < need * 2) nsize *= 2;
    uint32_t *slots = big_alloc(nsize * sizeof(uint32_t));
    if (!slots) return flow__error_nomem();
    size_t mask = nsize - 1;
    uint32_t idx = mask > UINT32_MAX ? UINT32_MAX : (uint32_t)mask;
    for (size_t k = 0; k < net->nflows; k++) {
        uint64_t h = flow_hash(net->src[k], net->tgt[k], net->fac[k], net->year[k]);
        size_t i = h & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = tag_of(h, idx) | ((uint32_t)k + 1);
    }
    if (net->slots) big_free(net->slots, (net->mask + 1) * sizeof(uint32_t));
    net->slots = slots;
    net->mask = mask;
    net->idx = idx;
    return FLOW_OK;
}

int flow__network_reserve_flows(flow_network *net, size_t n)
{
    size_t need = net->nflows + n;
    if (need > UINT32_MAX - 1) return flow__error(FLOW_ELIMIT, "more than 4294967294 flows");
    if (need > net->cap) {
        size_t cap = net->cap ? net->cap : 256;
        while (cap < need) cap *= 2;
        /* Each array is reallocated on its own; a failure leaves the old
         * arrays (still large enough for nflows) in place, but then the
         * arrays differ in capacity: grow them all to `cap` before
         * recording it, and free by the old capacity until then. */
        void *p;
#define GROW(field, type)                                                          \
    p = big_realloc(net->field, net->cap * sizeof(type), cap * sizeof(type));      \
    if (!p) return flow__error_nomem();                                            \
    net->field = p;
        GROW(src, uint32_t)
        GROW(tgt, uint32_t)
        GROW(fac, uint32_t)
        GROW(year, int32_t)
        GROW(weight, double)
#undef GROW
        net->cap = cap;
    }
    return grow_slots(net, need);
}

void flow__network_prefetch_flow(const flow_network *net, uint64_t h)
{
    if (net->slots) PREFETCH(&net->slots[h & net->mask]);
}

int flow__network_push_flow_hashed(flow_network *net, uint32_t s, uint32_t t, uint32_t f,
                                   double w, int32_t year, uint64_t h)
{
    if (net->nflows + 1 > net->cap || (net->nflows + 1) * 2 > net->mask + 1 || !net->slots) {
        int rc = flow__network_reserve_flows(net, 1);
        if (rc < 0) return rc;
    }
    uint32_t idx = net->idx, tag = tag_of(h, idx);
    size_t i = h & net->mask;
    for (uint32_t e; (e = net->slots[i]) != 0; i = (i + 1) & net->mask) {
        if ((e & ~idx) != tag) continue;
        uint32_t k = (e & idx) - 1;
        if (net->src[k] == s && net->tgt[k] == t && net->fac[k] == f && net->year[k] == year) {
            double sum = net->weight[k] + w;
            if (!isfinite(sum))
                return flow__error(FLOW_EINVAL, "the summed weight of a repeated flow overflows");
            net->weight[k] = sum;
            net->generation++;
            return FLOW_OK;
        }
    }
    size_t k = net->nflows++;
    net->src[k] = s;
    net->tgt[k] = t;
    net->fac[k] = f;
    net->year[k] = year;
    net->weight[k] = w;
    net->slots[i] = tag | ((uint32_t)k + 1);
    net->generation++;
    return FLOW_OK;
}

int flow__network_push_flow(flow_network *net, uint32_t s, uint32_t t, uint32_t f, double w,
                            int32_t year)
{
    return flow__network_push_flow_hashed(net, s, t, f, w, year, flow_hash(s, t, f, year));
}

int64_t flow__network_attr(flow_network *net, const char *name, int numeric)
{
    gpointer v = g_hash_table_lookup(net->attr_by_name, name);
    if (v) {
        int64_t a = (int64_t)GPOINTER_TO_SIZE(v) - 1;
        flow__attr *at = g_ptr_array_index(net->attrs, a);
        if (at->numeric != numeric)
            return flow__error(FLOW_EINVAL, "attribute '%s' holds %s, not %s", name,
                               at->numeric ? "numbers" : "text", numeric ? "numbers" : "text");
        return a;
    }
    flow__attr *at = g_new0(flow__attr, 1);
    at->name = g_strdup(name);
    at->numeric = numeric;
    if (numeric)
        at->numbers = g_array_new(FALSE, FALSE, sizeof(double));
    else
        at->texts = g_ptr_array_new();
    g_ptr_array_add(net->attrs, at);
    g_hash_table_insert(net->attr_by_name, at->name, GSIZE_TO_POINTER((gsize)net->attrs->len));
    return (int64_t)net->attrs->len - 1;
}

void flow__network_attr_set_number(flow_network *net, size_t a, size_t node, double v)
{
    flow__attr *at = g_ptr_array_index(net->attrs, a);
    while (at->numbers->len <= node) {
        double missing = NAN;
        g_array_append_val(at->numbers, missing);
    }
    g_array_index(at->numbers, double, node) = v;
    net->generation++;
}

void flow__network_attr_set_text(flow_network *net, size_t a, size_t node, const char *v)
{
    flow__attr *at = g_ptr_array_index(net->attrs, a);
    while (at->texts->len <= node) g_ptr_array_add(at->texts, NULL);
    g_ptr_array_index(at->texts, node) = v ? (gpointer)flow__network_intern(net, v) : NULL;
    net->generation++;
}

int64_t flow__network_group(flow_network *net, const char *name)
{
    gpointer v = g_hash_table_lookup(net->group_by_name, name);
    if (v) return (int64_t)GPOINTER_TO_SIZE(v) - 1;
    flow__group g;
    g.name = flow__network_intern(net, name);
    g.members = g_array_new(FALSE, FALSE, sizeof(int64_t));
    g.roles = g_ptr_array_new();
    g_array_append_val(net->groups, g);
    g_hash_table_insert(net->group_by_name, (gpointer)g.name,
                        GSIZE_TO_POINTER((gsize)net->groups->len));
    net->generation++;
    return (int64_t)net->groups->len - 1;
}

int flow__network_group_has(const flow_network *net, size_t g, int64_t node)
{
    const flow__group *gr = &g_array_index(net->groups, flow__group, g);
    for (guint m = 0; m < gr->members->len; m++)
        if (g_array_index(gr->members, int64_t, m) == node) return 1;
    return 0;
}

void flow__network_group_push(flow_network *net, size_t g, int64_t node, const char *role)
{
    flow__group *gr = &g_array_index(net->groups, flow__group, g);
    g_array_append_val(gr->members, node);
    g_ptr_array_add(gr->roles, (gpointer)flow__network_intern(net, role ? role : ""));
    net->generation++;
}

int flow__network_would_cycle(const flow_network *net, int64_t node, int64_t parent)
{
    /* Walk up from the new parent; reaching `node` closes a cycle. The walk
     * is bounded by the node count because the forest has no cycle yet. */
    for (int64_t p = parent, steps = 0; p >= 0 && steps <= (int64_t)net->nodes->len; steps++) {
        if (p == node) return 1;
        p = g_array_index(net->nodes, flow__node, p).parent;
    }
    return 0;
}

/* ---- public builder ---------------------------------------------------- */

static int check_text(const char *what, const char *s)
{
    if (s && !flow__utf8_ok(s)) return flow__error(FLOW_EINVAL, "%s is not valid UTF-8", what);
    return FLOW_OK;
}

static int unknown_node(const flow_network *net, const char *what, const char *id)
{
    /* Never echo invalid UTF-8 into the message: bindings decode it. */
    if (!flow__utf8_ok(id)) return flow__error(FLOW_EINVAL, "%s id is not valid UTF-8", what);
    const char *near = flow__network_suggest_node(net, id);
    if (near)
        return flow__error(FLOW_ENOTFOUND, "unknown %s id '%s' (did you mean '%s'?)", what, id,
                           near);
    return flow__error(FLOW_ENOTFOUND, "unknown %s id '%s'", what, id);
}

int flow_network_add_node(flow_network *net, const char *id, const char *name, const char *kind,
                          const char *parent)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if (!nonempty(id)) return flow__error(FLOW_EINVAL, "node id is empty");
    if ((rc = check_text("node id", id)) < 0 || (rc = check_text("node name", name)) < 0 ||
        (rc = check_text("node kind", kind)) < 0 || (rc = check_text("parent id", parent)) < 0)
        return rc;
    if (flow__network_find(net, id) >= 0)
        return flow__error(FLOW_EINVAL, "duplicate node id '%s'", id);
    int64_t p = -1;
    if (nonempty(parent)) {
        p = flow__network_find(net, parent);
        if (p < 0) return unknown_node(net, "parent", parent);
    }
    flow__network_push_node(net, id, name, kind, p);
    return FLOW_OK;
}

int flow_network_set_parent(flow_network *net, const char *id, const char *parent)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if (!id) return flow__error(FLOW_EINVAL, "node id is NULL");
    int64_t n = flow__network_find(net, id);
    if (n < 0) return unknown_node(net, "node", id);
    int64_t p = -1;
    if (nonempty(parent)) {
        p = flow__network_find(net, parent);
        if (p < 0) return unknown_node(net, "parent", parent);
        if (flow__network_would_cycle(net, n, p))
            return flow__error(FLOW_EINVAL, "making '%s' the parent of '%s' closes a cycle",
                               parent, id);
    }
    g_array_index(net->nodes, flow__node, n).parent = p;
    net->generation++;
    return FLOW_OK;
}

static int attr_target(flow_network *net, const char *id, const char *attr, int64_t *node)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if (!id) return flow__error(FLOW_EINVAL, "node id is NULL");
    if (!nonempty(attr)) return flow__error(FLOW_EINVAL, "attribute name is empty");
    if ((rc = check_text("attribute name", attr)) < 0) return rc;
    static const char *reserved[] = {"id", "name", "kind", "parent"};
    for (size_t i = 0; i < G_N_ELEMENTS(reserved); i++)
        if (strcmp(attr, reserved[i]) == 0)
            return flow__error(FLOW_EINVAL, "'%s' is a node field, not an attribute", attr);
    *node = flow__network_find(net, id);
    if (*node < 0) return unknown_node(net, "node", id);
    return FLOW_OK;
}

int flow_network_set_number(flow_network *net, const char *id, const char *attr, double value)
{
    int64_t node;
    int rc = attr_target(net, id, attr, &node);
    if (rc < 0) return rc;
    int64_t a = flow__network_attr(net, attr, 1);
    if (a < 0) return flow_last_error_code();
    flow__network_attr_set_number(net, (size_t)a, (size_t)node, value);
    return FLOW_OK;
}

int flow_network_set_text(flow_network *net, const char *id, const char *attr, const char *value)
{
    int64_t node;
    int rc = attr_target(net, id, attr, &node);
    if (rc < 0) return rc;
    if ((rc = check_text("attribute value", value)) < 0) return rc;
    int64_t a = flow__network_attr(net, attr, 0);
    if (a < 0) return flow_last_error_code();
    flow__network_attr_set_text(net, (size_t)a, (size_t)node, value);
    return FLOW_OK;
}

int flow_network_add_factor(flow_network *net, const char *factor, const char *unit)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if (!nonempty(factor)) return flow__error(FLOW_EINVAL, "factor name is empty");
    if ((rc = check_text("factor name", factor)) < 0 || (rc = check_text("unit", unit)) < 0)
        return rc;
    int64_t f = flow__network_factor(net, factor, 0);
    const char *u = unit ? unit : "";
    if (f >= 0) {
        flow__factor *fa = &g_array_index(net->factors, flow__factor, f);
        if (!*u || strcmp(fa->unit, u) == 0) return FLOW_OK;
        if (*fa->unit)
            return flow__error(FLOW_EINVAL, "factor '%s' has unit '%s', not '%s'", factor,
                               fa->unit, u);
        fa->unit = flow__network_intern(net, u);
        net->generation++;
        return FLOW_OK;
    }
    f = flow__network_factor(net, factor, 1);
    g_array_index(net->factors, flow__factor, f).unit = flow__network_intern(net, u);
    return FLOW_OK;
}

int flow_network_add_flow(flow_network *net, const char *source, const char *target,
                          const char *factor, double weight, int year)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if (!source || !target) return flow__error(FLOW_EINVAL, "flow source or target is NULL");
    if (!nonempty(factor)) return flow__error(FLOW_EINVAL, "factor name is empty");
    if ((rc = check_text("factor name", factor)) < 0) return rc;
    if (!isfinite(weight) || weight <= 0)
        return flow__error(FLOW_EINVAL, "weight %g is not a finite number > 0", weight);
    if (year != FLOW_NO_YEAR && (year < FLOW__YEAR_MIN || year > FLOW__YEAR_MAX))
        return flow__error(FLOW_EINVAL, "year %d is outside [%d, %d]", year, FLOW__YEAR_MIN,
                           FLOW__YEAR_MAX);
    int64_t s = flow__network_find(net, source);
    if (s < 0) return unknown_node(net, "source", source);
    int64_t t = flow__network_find(net, target);
    if (t < 0) return unknown_node(net, "target", target);
    /* Reserve first so that nothing below can fail after a change. */
    if ((rc = flow__network_reserve_flows(net, 1)) < 0) return rc;
    int64_t f = flow__network_factor(net, factor, 1);
    return flow__network_push_flow(net, (uint32_t)s, (uint32_t)t, (uint32_t)f, weight,
                                   (int32_t)year);
}

int flow_network_add_member(flow_network *net, const char *group, const char *member,
                            const char *role)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if (!nonempty(group)) return flow__error(FLOW_EINVAL, "group name is empty");
    if (!member) return flow__error(FLOW_EINVAL, "member id is NULL");
    if ((rc = check_text("group name", group)) < 0 || (rc = check_text("role", role)) < 0)
        return rc;
    int64_t m = flow__network_find(net, member);
    if (m < 0) return unknown_node(net, "member", member);
    gpointer v = g_hash_table_lookup(net->group_by_name, group);
    if (v && flow__network_group_has(net, GPOINTER_TO_SIZE(v) - 1, m))
        return flow__error(FLOW_EINVAL, "'%s' is already a member of group '%s'", member, group);
    int64_t g = flow__network_group(net, group);
    flow__network_group_push(net, (size_t)g, m, role);
    return FLOW_OK;
}

/* ---- accessors ---------------------------------------------------------- */

static int readable(const flow_network *net)
{
    return net && net->magic == FLOW__NETWORK_MAGIC;
}

size_t flow_network_node_count(const flow_network *net) { return readable(net) ? net->nodes->len : 0; }

int64_t flow_network_node_index(const flow_network *net, const char *id)
{
    return readable(net) && id ? flow__network_find(net, id) : -1;
}

static const flow__node *node_at(const flow_network *net, size_t i)
{
    return readable(net) && i < net->nodes->len ? &g_array_index(net->nodes, flow__node, i) : NULL;
}

const char *flow_network_node_id(const flow_network *net, size_t i)
{
    const flow__node *n = node_at(net, i);
    return n ? n->id : NULL;
}

const char *flow_network_node_name(const flow_network *net, size_t i)
{
    const flow__node *n = node_at(net, i);
    return n ? n->name : NULL;
}

const char *flow_network_node_kind(const flow_network *net, size_t i)
{
    const flow__node *n = node_at(net, i);
    return n ? n->kind : NULL;
}

int64_t flow_network_node_parent(const flow_network *net, size_t i)
{
    const flow__node *n = node_at(net, i);
    return n ? n->parent : -1;
}

size_t flow_network_attr_count(const flow_network *net) { return readable(net) ? net->attrs->len : 0; }

static const flow__attr *attr_at(const flow_network *net, size_t a)
{
    return readable(net) && a < net->attrs->len ? g_ptr_array_index(net->attrs, a) : NULL;
}

const char *flow_network_attr_name(const flow_network *net, size_t a)
{
    const flow__attr *at = attr_at(net, a);
    return at ? at->name : NULL;
}

int64_t flow_network_attr_index(const flow_network *net, const char *name)
{
    if (!readable(net) || !name) return -1;
    gpointer v = g_hash_table_lookup(net->attr_by_name, name);
    return v ? (int64_t)GPOINTER_TO_SIZE(v) - 1 : -1;
}

int flow_network_attr_is_numeric(const flow_network *net, size_t a)
{
    const flow__attr *at = attr_at(net, a);
    return at ? at->numeric : 0;
}

double flow_network_node_number(const flow_network *net, size_t i, size_t a)
{
    const flow__attr *at = attr_at(net, a);
    if (!at || !at->numeric || i >= at->numbers->len) return NAN;
    return g_array_index(at->numbers, double, i);
}

const char *flow_network_node_text(const flow_network *net, size_t i, size_t a)
{
    const flow__attr *at = attr_at(net, a);
    if (!at || at->numeric || i >= at->texts->len) return NULL;
    return g_ptr_array_index(at->texts, i);
}

size_t flow_network_factor_count(const flow_network *net) { return readable(net) ? net->factors->len : 0; }

const char *flow_network_factor_name(const flow_network *net, size_t f)
{
    return readable(net) && f < net->factors->len ? g_array_index(net->factors, flow__factor, f).name
                                                  : NULL;
}

const char *flow_network_factor_unit(const flow_network *net, size_t f)
{
    return readable(net) && f < net->factors->len ? g_array_index(net->factors, flow__factor, f).unit
                                                  : NULL;
}

int64_t flow_network_factor_index(const flow_network *net, const char *name)
{
    return readable(net) && name ? flow__network_factor((flow_network *)net, name, 0) : -1;
}

size_t flow_network_flow_count(const flow_network *net) { return readable(net) ? net->nflows : 0; }

int64_t flow_network_flow_source(const flow_network *net, size_t k)
{
    return readable(net) && k < net->nflows ? (int64_t)net->src[k] : -1;
}

int64_t flow_network_flow_target(const flow_network *net, size_t k)
{
    return readable(net) && k < net->nflows ? (int64_t)net->tgt[k] : -1;
}

int64_t flow_network_flow_factor(const flow_network *net, size_t k)
{
    return readable(net) && k < net->nflows ? (int64_t)net->fac[k] : -1;
}

double flow_network_flow_weight(const flow_network *net, size_t k)
{
    return readable(net) && k < net->nflows ? net->weight[k] : NAN;
}

int flow_network_flow_year(const flow_network *net, size_t k)
{
    return readable(net) && k < net->nflows ? net->year[k] : FLOW_NO_YEAR;
}

size_t flow_network_group_count(const flow_network *net) { return readable(net) ? net->groups->len : 0; }

int64_t flow_network_group_index(const flow_network *net, const char *name)
{
    if (!readable(net) || !name) return -1;
    gpointer v = g_hash_table_lookup(net->group_by_name, name);
    return v ? (int64_t)GPOINTER_TO_SIZE(v) - 1 : -1;
}

static const flow__group *group_at(const flow_network *net, size_t g)
{
    return readable(net) && g < net->groups->len ? &g_array_index(net->groups, flow__group, g) : NULL;
}

const char *flow_network_group_name(const flow_network *net, size_t g)
{
    const flow__group *gr = group_at(net, g);
    return gr ? gr->name : NULL;
}

size_t flow_network_group_size(const flow_network *net, size_t g)
{
    const flow__group *gr = group_at(net, g);
    return gr ? gr->members->len : 0;
}

int64_t flow_network_group_member(const flow_network *net, size_t g, size_t m)
{
    const flow__group *gr = group_at(net, g);
    return gr && m < gr->members->len ? g_array_index(gr->members, int64_t, m) : -1;
}

const char *flow_network_group_role(const flow_network *net, size_t g, size_t m)
{
    const flow__group *gr = group_at(net, g);
    return gr && m < gr->roles->len ? g_ptr_array_index(gr->roles, m) : NULL;
}

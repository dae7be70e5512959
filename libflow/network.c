/*
 * The flow network: storage, the builder API and the read accessors.
 *
 * Public mutators validate everything first and change the network only
 * when nothing can fail any more (or fail on allocation before any change),
 * so a failed call leaves the network as it was.
 *
 * Memory: everything here is allocated with g_try_* (flow__array,
 * flow__strmap, the string blocks, flow__big_alloc); no allocation in this
 * file aborts.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "libflow/network.h"
#include "error_internal.h"
#include "network_internal.h"
#include "table_internal.h"

int flow__utf8_ok(const char *s) { return g_utf8_validate(s, -1, NULL); }

static int nonempty(const char *s) { return s && *s; }

int flow__network_check(const flow_network *net)
{
    if (!net || net->magic != FLOW__NETWORK_MAGIC)
        return flow__error(FLOW_EMISUSE, "network handle is NULL or invalid");
    if (net->closed) return flow__error(FLOW_EMISUSE, "network handle was already freed");
    return FLOW_OK;
}

/* ---- failing-soft storage ---------------------------------------------- */

flow__array *flow__array_new(guint elt)
{
    flow__array *a = g_try_new0(flow__array, 1);
    if (!a) {
        flow__error_nomem();
        return NULL;
    }
    a->elt = elt;
    return a;
}

void flow__array_free(flow__array *a)
{
    if (!a) return;
    g_free(a->data);
    g_free(a);
}

int flow__array_reserve(flow__array *a, size_t n)
{
    if (n <= (size_t)(a->cap - a->len)) return FLOW_OK;
    if (n > G_MAXUINT - a->len) return flow__error_nomem();
    size_t cap = a->cap ? a->cap : 8;
    while (cap < a->len + n) cap = cap * 3 / 2 + 8;
    if (cap > G_MAXUINT) cap = G_MAXUINT;
    char *d = g_try_realloc_n(a->data, cap, a->elt);
    if (!d) return flow__error_nomem();
    a->data = d;
    a->cap = (guint)cap;
    return FLOW_OK;
}

int flow__array_append(flow__array *a, const void *p)
{
    int rc = flow__array_reserve(a, 1);
    if (rc < 0) return rc;
    memcpy(a->data + (size_t)a->len * a->elt, p, a->elt);
    a->len++;
    return FLOW_OK;
}

char *flow__strndup(const char *s, size_t n)
{
    char *p = n < SIZE_MAX ? g_try_malloc(n + 1) : NULL;
    if (!p) {
        flow__error_nomem();
        return NULL;
    }
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *flow__strdup(const char *s) { return flow__strndup(s, strlen(s)); }

char *flow__strdup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n >= 0 ? g_try_malloc((size_t)n + 1) : NULL;
    if (!p) {
        flow__error_nomem();
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* FNV-1a, then a finaliser that spreads the low bits. */
static size_t str_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return (size_t)h;
}

size_t *flow__strmap_find(const flow__strmap *m, const char *key)
{
    if (!m->slots) return NULL;
    for (size_t i = str_hash(key) & m->mask; m->slots[i].key; i = (i + 1) & m->mask)
        if (strcmp(m->slots[i].key, key) == 0) return &m->slots[i].value;
    return NULL;
}

static void strmap_place(flow__strslot *slots, size_t mask, const char *key, size_t value)
{
    size_t i = str_hash(key) & mask;
    while (slots[i].key) i = (i + 1) & mask;
    slots[i].key = key;
    slots[i].value = value;
}

int flow__strmap_reserve(flow__strmap *m, size_t n)
{
    size_t size = m->slots ? m->mask + 1 : 0, need = m->count + n;
    if (need < m->count) return flow__error_nomem();
    if (need * 2 <= size) return FLOW_OK;
    size_t nsize = size ? size : 16;
    while (nsize < need * 2) {
        if (nsize > SIZE_MAX / 2 / sizeof(flow__strslot)) return flow__error_nomem();
        nsize *= 2;
    }
    flow__strslot *slots = g_try_new0(flow__strslot, nsize);
    if (!slots) return flow__error_nomem();
    for (size_t i = 0; i < size; i++)
        if (m->slots[i].key) strmap_place(slots, nsize - 1, m->slots[i].key, m->slots[i].value);
    g_free(m->slots);
    m->slots = slots;
    m->mask = nsize - 1;
    return FLOW_OK;
}

void flow__strmap_put(flow__strmap *m, const char *key, size_t value)
{
    strmap_place(m->slots, m->mask, key, value);
    m->count++;
}

/* Removes key, if present (backward-shift deletion: the keys after it in
 * its run move up, so that no probe sequence is broken). */
static void strmap_remove(flow__strmap *m, const char *key)
{
    if (!m->slots) return;
    size_t i = str_hash(key) & m->mask;
    for (; m->slots[i].key; i = (i + 1) & m->mask)
        if (strcmp(m->slots[i].key, key) == 0) break;
    if (!m->slots[i].key) return;
    for (size_t j = (i + 1) & m->mask; m->slots[j].key; j = (j + 1) & m->mask) {
        size_t home = str_hash(m->slots[j].key) & m->mask;
        /* slot j stays when its home lies cyclically in (i, j] */
        if (i <= j ? (i < home && home <= j) : (i < home || home <= j)) continue;
        m->slots[i] = m->slots[j];
        i = j;
    }
    m->slots[i].key = NULL;
    m->slots[i].value = 0;
    m->count--;
}

void flow__strmap_clear(flow__strmap *m)
{
    g_free(m->slots);
    m->slots = NULL;
    m->mask = m->count = 0;
}

static void free_attr(gpointer p)
{
    flow__attr *a = p;
    if (!a) return;
    flow__array_free(a->numbers);
    flow__array_free(a->texts);
    g_free(a);
}

static void clear_group(gpointer p)
{
    flow__group *g = p;
    flow__array_free(g->members);
    flow__array_free(g->roles);
}

int flow_network_new(flow_network **out)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_network_new: out is NULL");
    *out = NULL;
    flow_network *n = g_try_new0(flow_network, 1);
    if (!n) return flow__error_nomem();
    n->magic = FLOW__NETWORK_MAGIC;
    n->refcount = 1;
    n->nodes = flow__array_new(sizeof(flow__node));
    if (!n->nodes) {
        g_free(n);
        return flow__error_nomem();
    }
    n->attrs = flow__array_new(sizeof(flow__attr *));
    n->factors = flow__array_new(sizeof(flow__factor));
    n->groups = flow__array_new(sizeof(flow__group));
    if (!n->attrs || !n->factors || !n->groups) {
        flow__network_unref(n);
        return flow__error_nomem();
    }
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
    flow__array_free(net->nodes);
    flow__strmap_clear(&net->attr_by_name);
    if (net->attrs)
        for (guint a = 0; a < net->attrs->len; a++) free_attr(g_ptr_array_index(net->attrs, a));
    flow__array_free(net->attrs);
    flow__strmap_clear(&net->factor_by_name);
    flow__array_free(net->factors);
    flow__strmap_clear(&net->group_by_name);
    if (net->groups)
        for (guint g = 0; g < net->groups->len; g++)
            clear_group(&g_array_index(net->groups, flow__group, g));
    flow__array_free(net->groups);
    free_flows(net);
    flow__strmap_clear(&net->interned);
    for (flow__strblock *b = net->strings, *next; b; b = next) {
        next = b->next;
        g_free(b);
    }
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

/* Strings are copied into blocks of at least this many bytes. */
#define STRING_BLOCK ((size_t)64 << 10)

/* The slot of s among the interned strings (s copied in when new), or NULL
 * on ENOMEM (error set). The slot moves when the table grows. */
static flow__strslot *intern_slot(flow_network *net, const char *s)
{
    flow__strmap *m = &net->interned;
    if (m->slots)
        for (size_t i = str_hash(s) & m->mask; m->slots[i].key; i = (i + 1) & m->mask)
            if (strcmp(m->slots[i].key, s) == 0) return &m->slots[i];
    if (flow__strmap_reserve(m, 1) < 0) return NULL;
    size_t n = strlen(s) + 1;
    flow__strblock *b = net->strings;
    if (!b || b->size - b->used < n) {
        size_t size = n > STRING_BLOCK ? n : STRING_BLOCK;
        flow__strblock *nb = g_try_malloc(sizeof *nb + size);
        if (!nb) {
            flow__error_nomem();
            return NULL;
        }
        nb->used = 0;
        nb->size = size;
        /* a block with much room left stays first */
        if (b && b->size - b->used > size - n) {
            nb->next = b->next;
            b->next = nb;
            b = nb;
        } else {
            nb->next = b;
            net->strings = b = nb;
        }
    }
    char *copy = b->text + b->used;
    memcpy(copy, s, n);
    b->used += n;
    size_t i = str_hash(copy) & m->mask;
    while (m->slots[i].key) i = (i + 1) & m->mask;
    m->slots[i].key = copy;
    m->slots[i].value = 0;
    m->count++;
    return &m->slots[i];
}

const char *flow__network_intern(flow_network *net, const char *s)
{
    const flow__strslot *slot = intern_slot(net, s);
    return slot ? slot->key : NULL;
}

int flow__network_set_provenance(flow_network *net, const char *readme, int modelled)
{
    const char *r = readme ? flow__network_intern(net, readme) : NULL;
    if (readme && !r) return FLOW_ENOMEM;
    net->readme = r;
    net->modelled = readme && modelled;
    return FLOW_OK;
}

int64_t flow__network_find(const flow_network *net, const char *id)
{
    const size_t *v = flow__strmap_find(&net->interned, id);
    return v && *v ? (int64_t)*v - 1 : -1;
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
    /* Room first, then the strings: a failure leaves no node behind (the
     * strings interned stay, unused). The id's slot among the interned
     * strings keeps the node's index + 1. */
    if (flow__array_reserve(net->nodes, 1) < 0 || flow__strmap_reserve(&net->interned, 3) < 0)
        return -1;
    flow__node n;
    n.name = nonempty(name) ? flow__network_intern(net, name) : NULL;
    n.kind = flow__network_intern(net, nonempty(kind) ? kind : "unknown");
    flow__strslot *slot = n.kind && (n.name || !nonempty(name)) ? intern_slot(net, id) : NULL;
    if (!slot) return -1;
    n.id = slot->key;
    if (!n.name) n.name = n.id;
    n.parent = parent;
    flow__array_append(net->nodes, &n); /* reserved */
    int64_t index = (int64_t)net->nodes->len - 1;
    slot->value = (size_t)index + 1;
    net->generation++;
    return index;
}

int64_t flow__network_factor(flow_network *net, const char *name, int create)
{
    const size_t *v = flow__strmap_find(&net->factor_by_name, name);
    if (v) return (int64_t)*v - 1;
    if (!create) return -1;
    flow__factor f = {flow__network_intern(net, name), "", FLOW_FACTOR_FLOW};
    f.unit = flow__network_intern(net, "");
    if (!f.name || !f.unit || flow__array_reserve(net->factors, 1) < 0 ||
        flow__strmap_reserve(&net->factor_by_name, 1) < 0)
        return -1;
    flow__array_append(net->factors, &f); /* reserved */
    flow__strmap_put(&net->factor_by_name, f.name, net->factors->len);
    net->generation++;
    return (int64_t)net->factors->len - 1;
}

/* ---- flow storage ------------------------------------------------------ */

/*
 * With millions of flows, loading is bound by memory: every flow lands in a
 * random slot of a merge table far larger than the caches. Three things
 * keep that cheap (each measured with tests/bench/bench_load):
 *  - large blocks (the flow columns, the table) are mapped 2 MiB-aligned
 *    and advised MADV_HUGEPAGE, so that a random slot costs a cache miss
 *    without a TLB miss, and the pages fault in 2 MiB at a time;
 *  - a slot keeps bits of the hash beside the flow index (see tag_of), so
 *    probing past an occupied slot does not read the flow columns;
 *  - bulk loaders hash rows ahead and prefetch their slots
 *    (flow__network_prefetch_flow, flow__network_push_flow_hashed).
 */

#define HUGE_PAGE ((size_t)2 << 20)
/* Blocks at least this large are mapped; smaller ones come from GLib. */
#define BIG_MIN (2 * HUGE_PAGE)

#if defined(__linux__) && defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
#define MAP_BIG 1
#else
#define MAP_BIG 0
#endif

void *flow__big_alloc(size_t n)
{
#if MAP_BIG
    if (n >= BIG_MIN) {
        /* Map 2 MiB more and trim both ends, so that the block starts on
         * a huge-page boundary; mapped memory is zero already. */
        size_t len = n + HUGE_PAGE, page = (size_t)sysconf(_SC_PAGESIZE);
        char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return NULL;
        char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
        size_t keep = (n + page - 1) / page * page;
        if (a > p) munmap(p, (size_t)(a - p));
        if (p + len > a + keep) munmap(a + keep, (size_t)(p + len - (a + keep)));
        madvise(a, keep, MADV_HUGEPAGE); /* a hint: failing is harmless */
        return a;
    }
#endif
    return g_try_malloc0(n);
}

void flow__big_free(void *p, size_t n)
{
    if (!p) return;
#if MAP_BIG
    if (n >= BIG_MIN) {
        size_t page = (size_t)sysconf(_SC_PAGESIZE);
        munmap(p, (n + page - 1) / page * page);
        return;
    }
#else
    (void)n;
#endif
    g_free(p);
}

/* The five flow columns share one block of cap flows: source, target,
 * factor and year (4 bytes each), then the weights. */
#define FLOW_BYTES (4 * sizeof(uint32_t) + sizeof(double))

static void free_flows(flow_network *net)
{
    flow__big_free(net->src, net->cap * FLOW_BYTES);
    flow__big_free(net->slots, (net->mask + 1) * sizeof(uint32_t));
}

/* Slots hold the flow index + 1 in their low bits (the bits of the table
 * mask, `kmask`: a table at most half full never holds a larger index) and
 * the top bits of the key's hash above them, 32 - log2(size) bits: 7 at 32M
 * slots, none beyond 4G. A slot whose tag differs holds another key. */
static inline uint32_t tag_of(uint64_t h, uint32_t kmask) { return (uint32_t)(h >> 32) & ~kmask; }

/* Grows the merge table to hold `need` flows at most half full. */
static int grow_slots(flow_network *net, size_t need)
{
    size_t size = net->slots ? net->mask + 1 : 0;
    if (need * 2 <= size) return FLOW_OK;
    size_t nsize = size ? size : 64;
    while (nsize < need * 2) nsize *= 2;
    uint32_t *slots = flow__big_alloc(nsize * sizeof(uint32_t));
    if (!slots) return flow__error_nomem();
    size_t mask = nsize - 1;
    uint32_t kmask = mask > UINT32_MAX ? UINT32_MAX : (uint32_t)mask;
    for (size_t k = 0; k < net->nflows; k++) {
        uint64_t h = flow__network_flow_hash(net->src[k], net->tgt[k], net->fac[k], net->year[k]);
        size_t i = h & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = tag_of(h, kmask) | ((uint32_t)k + 1);
    }
    flow__big_free(net->slots, size * sizeof(uint32_t));
    net->slots = slots;
    net->mask = mask;
    net->kmask = kmask;
    return FLOW_OK;
}

int flow__network_reserve_flows(flow_network *net, size_t n)
{
    size_t need = net->nflows + n;
    if (need > UINT32_MAX - 1) return flow__error(FLOW_ELIMIT, "more than 4294967294 flows");
    if (need > net->cap) {
        size_t cap = net->cap ? net->cap : 256;
        while (cap < need) cap *= 2;
        if (cap > SIZE_MAX / FLOW_BYTES) return flow__error_nomem();
        /* One new block, filled before the old one goes: a failure leaves
         * the network as it was. */
        char *b = flow__big_alloc(cap * FLOW_BYTES);
        if (!b) return flow__error_nomem();
        uint32_t *src = (uint32_t *)b, *tgt = src + cap, *fac = tgt + cap;
        int32_t *year = (int32_t *)(fac + cap);
        double *weight = (double *)(year + cap);
        if (net->nflows) {
            memcpy(src, net->src, net->nflows * sizeof *src);
            memcpy(tgt, net->tgt, net->nflows * sizeof *tgt);
            memcpy(fac, net->fac, net->nflows * sizeof *fac);
            memcpy(year, net->year, net->nflows * sizeof *year);
            memcpy(weight, net->weight, net->nflows * sizeof *weight);
        }
        flow__big_free(net->src, net->cap * FLOW_BYTES);
        net->src = src;
        net->tgt = tgt;
        net->fac = fac;
        net->year = year;
        net->weight = weight;
        net->cap = cap;
    }
    return grow_slots(net, need);
}

void flow__network_drop_merge_table(flow_network *net)
{
    flow__big_free(net->slots, net->slots ? (net->mask + 1) * sizeof(uint32_t) : 0);
    net->slots = NULL;
    net->mask = 0;
    net->kmask = 0;
}

int flow__network_push_flow_hashed(flow_network *net, uint32_t s, uint32_t t, uint32_t f,
                                   double w, int32_t year, uint64_t h)
{
    if (net->nflows + 1 > net->cap || (net->nflows + 1) * 2 > net->mask + 1 || !net->slots) {
        int rc = flow__network_reserve_flows(net, 1);
        if (rc < 0) return rc;
    }
    uint32_t kmask = net->kmask, tag = tag_of(h, kmask);
    size_t i = h & net->mask;
    for (uint32_t e; (e = net->slots[i]) != 0; i = (i + 1) & net->mask) {
        if ((e & ~kmask) != tag) continue;
        uint32_t k = (e & kmask) - 1;
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
    return flow__network_push_flow_hashed(net, s, t, f, w, year,
                                          flow__network_flow_hash(s, t, f, year));
}

int64_t flow__network_attr(flow_network *net, const char *name, int numeric)
{
    const size_t *v = flow__strmap_find(&net->attr_by_name, name);
    if (v) {
        int64_t a = (int64_t)*v - 1;
        flow__attr *at = g_ptr_array_index(net->attrs, a);
        if (at->numeric != numeric)
            return flow__error(FLOW_EINVAL, "attribute '%s' holds %s, not %s", name,
                               at->numeric ? "numbers" : "text", numeric ? "numbers" : "text");
        return a;
    }
    flow__attr *at = g_try_new0(flow__attr, 1);
    if (!at) return flow__error_nomem();
    at->name = flow__network_intern(net, name);
    at->numeric = numeric;
    if (at->name && numeric)
        at->numbers = flow__array_new(sizeof(double));
    else if (at->name)
        at->texts = flow__array_new(sizeof(const char *));
    if ((!at->numbers && !at->texts) || flow__array_reserve(net->attrs, 1) < 0 ||
        flow__strmap_reserve(&net->attr_by_name, 1) < 0) {
        free_attr(at);
        return FLOW_ENOMEM;
    }
    flow__array_append(net->attrs, &at); /* reserved */
    flow__strmap_put(&net->attr_by_name, at->name, net->attrs->len);
    return (int64_t)net->attrs->len - 1;
}

int flow__network_attr_set_number(flow_network *net, size_t a, size_t node, double v)
{
    flow__attr *at = g_ptr_array_index(net->attrs, a);
    if (node >= at->numbers->len && flow__array_reserve(at->numbers, node + 1 - at->numbers->len) < 0)
        return FLOW_ENOMEM;
    while (at->numbers->len <= node) {
        double missing = NAN;
        flow__array_append(at->numbers, &missing); /* reserved */
    }
    g_array_index(at->numbers, double, node) = v;
    net->generation++;
    return FLOW_OK;
}

int flow__network_attr_set_text(flow_network *net, size_t a, size_t node, const char *v)
{
    flow__attr *at = g_ptr_array_index(net->attrs, a);
    if (node >= at->texts->len && flow__array_reserve(at->texts, node + 1 - at->texts->len) < 0)
        return FLOW_ENOMEM;
    const char *iv = v ? flow__network_intern(net, v) : NULL;
    if (v && !iv) return FLOW_ENOMEM;
    while (at->texts->len <= node) {
        const char *missing = NULL;
        flow__array_append(at->texts, &missing); /* reserved */
    }
    g_ptr_array_index(at->texts, node) = (gpointer)iv;
    net->generation++;
    return FLOW_OK;
}

int64_t flow__network_group(flow_network *net, const char *name)
{
    const size_t *v = flow__strmap_find(&net->group_by_name, name);
    if (v) return (int64_t)*v - 1;
    /* A new group has room for its first member: pushing it (with a role
     * interned already) cannot fail. */
    flow__group g;
    g.name = flow__network_intern(net, name);
    g.members = flow__array_new(sizeof(int64_t));
    g.roles = flow__array_new(sizeof(const char *));
    if (!g.name || !g.members || !g.roles || flow__array_reserve(g.members, 1) < 0 ||
        flow__array_reserve(g.roles, 1) < 0 || flow__array_reserve(net->groups, 1) < 0 ||
        flow__strmap_reserve(&net->group_by_name, 1) < 0) {
        clear_group(&g);
        return -1;
    }
    flow__array_append(net->groups, &g); /* reserved */
    flow__strmap_put(&net->group_by_name, g.name, net->groups->len);
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

int flow__network_group_push(flow_network *net, size_t g, int64_t node, const char *role)
{
    flow__group *gr = &g_array_index(net->groups, flow__group, g);
    const char *r = flow__network_intern(net, role ? role : "");
    if (!r || flow__array_reserve(gr->members, 1) < 0 || flow__array_reserve(gr->roles, 1) < 0)
        return FLOW_ENOMEM;
    flow__array_append(gr->members, &node); /* reserved */
    flow__array_append(gr->roles, &r);
    net->generation++;
    return FLOW_OK;
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
    if (flow__network_push_node(net, id, name, kind, p) < 0) return FLOW_ENOMEM;
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

/* After a failed set: drops the attribute the set created, if any, so that
 * the network is as it was. */
static int drop_new_attr(flow_network *net, guint had, int rc)
{
    if (net->attrs->len > had) {
        flow__attr *at = g_ptr_array_index(net->attrs, had);
        strmap_remove(&net->attr_by_name, at->name);
        free_attr(at);
        net->attrs->len = had;
    }
    return rc;
}

int flow_network_set_number(flow_network *net, const char *id, const char *attr, double value)
{
    int64_t node = -1;
    int rc = attr_target(net, id, attr, &node);
    if (rc < 0) return rc;
    guint had = net->attrs->len;
    int64_t a = flow__network_attr(net, attr, 1);
    if (a < 0) return flow_last_error_code();
    rc = flow__network_attr_set_number(net, (size_t)a, (size_t)node, value);
    return rc < 0 ? drop_new_attr(net, had, rc) : rc;
}

int flow_network_set_text(flow_network *net, const char *id, const char *attr, const char *value)
{
    int64_t node = -1;
    int rc = attr_target(net, id, attr, &node);
    if (rc < 0) return rc;
    if ((rc = check_text("attribute value", value)) < 0) return rc;
    guint had = net->attrs->len;
    int64_t a = flow__network_attr(net, attr, 0);
    if (a < 0) return flow_last_error_code();
    rc = flow__network_attr_set_text(net, (size_t)a, (size_t)node, value);
    return rc < 0 ? drop_new_attr(net, had, rc) : rc;
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
        const char *iu = flow__network_intern(net, u);
        if (!iu) return FLOW_ENOMEM;
        fa->unit = iu;
        net->generation++;
        return FLOW_OK;
    }
    const char *iu = flow__network_intern(net, u);
    if (!iu || (f = flow__network_factor(net, factor, 1)) < 0) return FLOW_ENOMEM;
    g_array_index(net->factors, flow__factor, f).unit = iu;
    return FLOW_OK;
}

int flow_network_set_factor_kind(flow_network *net, const char *factor, int kind)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if (!nonempty(factor)) return flow__error(FLOW_EINVAL, "factor name is empty");
    if ((rc = check_text("factor name", factor)) < 0) return rc;
    if (kind != FLOW_FACTOR_FLOW && kind != FLOW_FACTOR_STOCK)
        return flow__error(FLOW_EINVAL,
                           "factor '%s': kind must be FLOW_FACTOR_FLOW or FLOW_FACTOR_STOCK, "
                           "not %d",
                           factor, kind);
    int64_t f = flow__network_factor(net, factor, 1);
    if (f < 0) return flow__error_nomem();
    flow__factor *fa = &g_array_index(net->factors, flow__factor, f);
    if (fa->kind != kind) {
        fa->kind = kind;
        net->generation++;
    }
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
    if (f < 0) return FLOW_ENOMEM;
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
    const size_t *v = flow__strmap_find(&net->group_by_name, group);
    if (v && flow__network_group_has(net, *v - 1, m))
        return flow__error(FLOW_EINVAL, "'%s' is already a member of group '%s'", member, group);
    /* The role first: a new group's first push cannot fail then. */
    if (!flow__network_intern(net, role ? role : "")) return FLOW_ENOMEM;
    int64_t g = flow__network_group(net, group);
    if (g < 0) return FLOW_ENOMEM;
    return flow__network_group_push(net, (size_t)g, m, role);
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

int64_t flow_network_attr_index(const flow_network *net, const char *name)
{
    if (!readable(net) || !name) return -1;
    const size_t *v = flow__strmap_find(&net->attr_by_name, name);
    return v ? (int64_t)*v - 1 : -1;
}

size_t flow_network_factor_count(const flow_network *net) { return readable(net) ? net->factors->len : 0; }

int64_t flow_network_factor_index(const flow_network *net, const char *name)
{
    return readable(net) && name ? flow__network_factor((flow_network *)net, name, 0) : -1;
}

size_t flow_network_flow_count(const flow_network *net) { return readable(net) ? net->nflows : 0; }

size_t flow_network_group_count(const flow_network *net) { return readable(net) ? net->groups->len : 0; }

int64_t flow_network_group_index(const flow_network *net, const char *name)
{
    if (!readable(net) || !name) return -1;
    const size_t *v = flow__strmap_find(&net->group_by_name, name);
    return v ? (int64_t)*v - 1 : -1;
}

/* ---- the network as tables ---------------------------------------------- */

/* Each part is filled in one pass per column from the network's own arrays;
 * text cells borrow the interned strings (the table references the
 * network, and the string chunk only grows). */

static const char *const table_parts[] = {"nodes", "factors", "flows", "groups", "provenance"};

/* The caution that goes with a data set whose README says the flows are
 * modelled (flowctl summary and the example studies print it). */
static const char modelled_caution[] =
    "Caution: the flows in this data set are modelled, not observed; "
    "do not quote them as statistics.";

static const char *part_at(size_t i, const void *data)
{
    (void)data;
    return table_parts[i];
}

static int nodes_table(flow_table *t, const flow_network *net)
{
    size_t n = net->nodes->len;
    const char **id = NULL, **name = NULL, **kind = NULL;
    int64_t *parent = NULL;
    int rc;
    if ((rc = flow__table_add_texts(t, "id", &id)) != FLOW_OK ||
        (rc = flow__table_add_texts(t, "name", &name)) != FLOW_OK ||
        (rc = flow__table_add_texts(t, "kind", &kind)) != FLOW_OK ||
        (rc = flow__table_add_nodes(t, "parent", &parent)) != FLOW_OK)
        return rc;
    const flow__node *nodes = (const flow__node *)(const void *)net->nodes->data;
    for (size_t i = 0; i < n; i++) {
        id[i] = nodes[i].id;
        name[i] = nodes[i].name;
        kind[i] = nodes[i].kind;
        parent[i] = nodes[i].parent;
    }
    /* attribute arrays grow on demand: nodes past their end are missing */
    for (guint a = 0; a < net->attrs->len; a++) {
        const flow__attr *at = g_ptr_array_index(net->attrs, a);
        if (at->numeric) {
            double *v = NULL;
            if ((rc = flow__table_add_doubles(t, at->name, &v)) != FLOW_OK) return rc;
            size_t have = MIN((size_t)at->numbers->len, n);
            if (have) memcpy(v, at->numbers->data, have * sizeof *v);
            for (size_t i = have; i < n; i++) v[i] = NAN;
        } else {
            const char **v = NULL;
            if ((rc = flow__table_add_texts(t, at->name, &v)) != FLOW_OK) return rc;
            size_t have = MIN((size_t)at->texts->len, n);
            if (have) memcpy(v, at->texts->pdata, have * sizeof *v);
        }
    }
    return FLOW_OK;
}

static int factors_table(flow_table *t, const flow_network *net)
{
    const char **name = NULL, **unit = NULL, **kind = NULL;
    int rc;
    if ((rc = flow__table_add_texts(t, "name", &name)) != FLOW_OK ||
        (rc = flow__table_add_texts(t, "unit", &unit)) != FLOW_OK ||
        (rc = flow__table_add_texts(t, "kind", &kind)) != FLOW_OK)
        return rc;
    for (guint f = 0; f < net->factors->len; f++) {
        const flow__factor *fa = &g_array_index(net->factors, flow__factor, f);
        name[f] = fa->name;
        unit[f] = *fa->unit ? fa->unit : NULL;
        kind[f] = fa->kind == FLOW_FACTOR_STOCK ? "stock" : "flow";
    }
    return FLOW_OK;
}

static int flows_table(flow_table *t, const flow_network *net)
{
    size_t n = net->nflows;
    int64_t *src = NULL, *tgt = NULL, *year = NULL;
    const char **factor = NULL;
    double *weight = NULL;
    int rc;
    if ((rc = flow__table_add_nodes(t, "source", &src)) != FLOW_OK ||
        (rc = flow__table_add_nodes(t, "target", &tgt)) != FLOW_OK ||
        (rc = flow__table_add_texts(t, "factor", &factor)) != FLOW_OK ||
        (rc = flow__table_add_doubles(t, "weight", &weight)) != FLOW_OK ||
        (rc = flow__table_add_ints(t, "year", &year)) != FLOW_OK)
        return rc;
    /* one simple loop per column: the widening copies vectorise */
    const uint32_t *s = net->src, *g = net->tgt, *fac = net->fac;
    const int32_t *y = net->year;
    for (size_t k = 0; k < n; k++) src[k] = s[k];
    for (size_t k = 0; k < n; k++) tgt[k] = g[k];
    for (size_t k = 0; k < n; k++) year[k] = y[k];
    if (n) memcpy(weight, net->weight, n * sizeof *weight);
    const flow__factor *fs = (const flow__factor *)(const void *)net->factors->data;
    for (size_t k = 0; k < n; k++) factor[k] = fs[fac[k]].name;
    return FLOW_OK;
}

static size_t member_count(const flow_network *net)
{
    size_t n = 0;
    for (guint g = 0; g < net->groups->len; g++)
        n += g_array_index(net->groups, flow__group, g).members->len;
    return n;
}

static int groups_table(flow_table *t, const flow_network *net)
{
    const char **group = NULL, **role = NULL;
    int64_t *member = NULL;
    int rc;
    if ((rc = flow__table_add_texts(t, "group", &group)) != FLOW_OK ||
        (rc = flow__table_add_nodes(t, "member", &member)) != FLOW_OK ||
        (rc = flow__table_add_texts(t, "role", &role)) != FLOW_OK)
        return rc;
    size_t r = 0;
    for (guint g = 0; g < net->groups->len; g++) {
        const flow__group *gr = &g_array_index(net->groups, flow__group, g);
        for (guint m = 0; m < gr->members->len; m++, r++) {
            const char *ro = g_ptr_array_index(gr->roles, m);
            group[r] = gr->name;
            member[r] = g_array_index(gr->members, int64_t, m);
            role[r] = *ro ? ro : NULL;
        }
    }
    return FLOW_OK;
}

static int provenance_table(flow_table *t, const flow_network *net)
{
    const char **readme = NULL, **caution = NULL;
    int64_t *modelled = NULL;
    int rc;
    if ((rc = flow__table_add_texts(t, "readme", &readme)) != FLOW_OK ||
        (rc = flow__table_add_ints(t, "modelled", &modelled)) != FLOW_OK ||
        (rc = flow__table_add_texts(t, "caution", &caution)) != FLOW_OK)
        return rc;
    readme[0] = net->readme;
    modelled[0] = net->modelled;
    caution[0] = net->modelled ? modelled_caution : NULL;
    return FLOW_OK;
}

int flow_network_table(flow_table **out, const flow_network *net, const char *part)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_network_table: out is NULL");
    *out = NULL;
    /* reading is allowed on a handle its owner freed while a selection or
     * table keeps it alive (flow_table_network() hands such a one out) */
    if (!readable(net)) return flow__error(FLOW_EMISUSE, "network handle is NULL or invalid");
    if (!part) return flow__error(FLOW_EINVAL, "flow_network_table: part is NULL");
    size_t which = 0, nparts = G_N_ELEMENTS(table_parts);
    while (which < nparts && strcmp(part, table_parts[which]) != 0) which++;
    if (which == nparts) {
        const char *near = flow__suggest(part, nparts, part_at, NULL);
        if (near)
            return flow__error(FLOW_ENOTFOUND, "unknown network part '%s' (did you mean '%s'?)",
                               part, near);
        return flow__error(FLOW_ENOTFOUND,
                           "unknown network part '%s' (known: nodes, factors, flows, groups, "
                           "provenance)",
                           part);
    }
    size_t nrows = which == 0   ? net->nodes->len
                   : which == 1 ? net->factors->len
                   : which == 2 ? net->nflows
                   : which == 3 ? member_count(net)
                                : 1;
    /* The table takes a reference on the network: the count is
     * bookkeeping, not the network's content, hence the cast. */
    flow_table *t = NULL;
    int rc = flow__table_new(&t, (flow_network *)net, table_parts[which], nrows);
    if (rc != FLOW_OK) return rc;
    switch (which) {
    case 0: rc = nodes_table(t, net); break;
    case 1: rc = factors_table(t, net); break;
    case 2: rc = flows_table(t, net); break;
    case 3: rc = groups_table(t, net); break;
    default: rc = provenance_table(t, net); break;
    }
    if (rc != FLOW_OK) {
        flow_table_free(t);
        return rc;
    }
    *out = t;
    return FLOW_OK;
}

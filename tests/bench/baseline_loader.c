/*
 * The baseline for bench_load: the flows.csv loader that a competent
 * engineer would write in an afternoon with GLib, without any of the
 * tricks in libflow/io.c and libflow/network.c.
 *
 * It maps the file, splits lines and fields with memchr, copies each id
 * into a NUL-terminated buffer and interns it through a GHashTable
 * (g_str_hash) backed by a GStringChunk, parses the weight with strtod and
 * the year with strtol, and keeps the flows as an array of records (a
 * GArray) with a GHashTable keyed by (source, target, factor, year) that
 * sums repeated rows.
 *
 * The merge table is a GHashTable used as a set of flow indexes (key ==
 * value, so GLib keeps no value array): its hash and equality functions
 * read the key fields from the flow array, so there is no allocation per
 * flow. GHashFunc takes no user data, hence the file-scope pointer to the
 * array being hashed (the benchmark is single-threaded).
 *
 * What it leaves out, next to flow_io_load: RFC 4180 quoting, UTF-8 and
 * NUL checks, error locations, units, a nodes.csv, releasing the mapping
 * behind the parser. Those cost flow_io_load time, so leaving them out
 * flatters the baseline, not libflow. It does check the field count, empty
 * ids, the weight (a number, finite, > 0) and the year range.
 */
#include "baseline_loader.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#define NO_YEAR INT32_MIN
#define MAX_FIELD 4096

typedef struct {
    uint32_t s, t, f;
    int32_t year;
    double w;
} bflow;

struct baseline_net {
    GStringChunk *strings;
    GHashTable *node_by_id;   /* interned id -> index + 1 */
    GPtrArray *node_ids;      /* index -> interned id */
    GHashTable *factor_by_id; /* interned name -> index + 1 */
    GArray *flows;            /* bflow */
    GHashTable *merge;        /* set of flow index + 1 */
};

static const GArray *hashing; /* the flow array the merge table reads */

static guint flow_key_hash(gconstpointer key)
{
    const bflow *r = &g_array_index(hashing, bflow, GPOINTER_TO_UINT(key) - 1);
    uint64_t h = ((uint64_t)r->s << 32 | r->t) * 0x9E3779B97F4A7C15ull;
    h ^= ((uint64_t)r->f << 32 | (uint32_t)r->year) * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 32;
    return (guint)h;
}

static gboolean flow_key_equal(gconstpointer a, gconstpointer b)
{
    const bflow *x = &g_array_index(hashing, bflow, GPOINTER_TO_UINT(a) - 1);
    const bflow *y = &g_array_index(hashing, bflow, GPOINTER_TO_UINT(b) - 1);
    return x->s == y->s && x->t == y->t && x->f == y->f && x->year == y->year;
}

/* Index of an id, interned on first sight. */
static uint32_t intern(baseline_net *net, GHashTable *table, const char *id, size_t *count)
{
    gpointer v = g_hash_table_lookup(table, id);
    if (v) return GPOINTER_TO_UINT(v) - 1;
    char *s = g_string_chunk_insert(net->strings, id);
    uint32_t k = (uint32_t)(*count)++;
    g_hash_table_insert(table, s, GUINT_TO_POINTER(k + 1));
    if (table == net->node_by_id) g_ptr_array_add(net->node_ids, s);
    return k;
}

/* Copies a field into buf as a C string; 0 when it is too long. */
static int cstr(char *buf, const char *p, size_t n)
{
    if (n >= MAX_FIELD) return 0;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return 1;
}

int baseline_load(baseline_net **out, const char *path)
{
    enum { SOURCE, TARGET, FACTOR, WEIGHT, YEAR, NCOLS };
    static const char *const names[NCOLS] = {"source", "target", "factor", "weight", "year"};
    int rc = -1, fd = -1;
    char *map = NULL;
    size_t size = 0, nfactors = 0, nnodes = 0, line = 1;
    struct stat st;
    baseline_net *net = g_new0(baseline_net, 1);
    net->strings = g_string_chunk_new(1 << 16);
    net->node_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    net->node_ids = g_ptr_array_new();
    net->factor_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    net->flows = g_array_new(FALSE, FALSE, sizeof(bflow));
    net->merge = g_hash_table_new(flow_key_hash, flow_key_equal);
    hashing = net->flows;
    *out = NULL;

    if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
        fprintf(stderr, "baseline: %s: %s\n", path, strerror(errno));
        goto done;
    }
    size = (size_t)st.st_size;
    if (size && (map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
        map = NULL;
        fprintf(stderr, "baseline: %s: mmap: %s\n", path, strerror(errno));
        goto done;
    }
    if (map) madvise(map, size, MADV_SEQUENTIAL);
    const char *p = map, *end = map + size;

    /* The header: which field holds which column. */
    int col_of[NCOLS] = {-1, -1, -1, -1, -1};
    size_t ncol = 0;
    if (!size) {
        fprintf(stderr, "baseline: %s: empty file\n", path);
        goto done;
    }
    {
        const char *nl = memchr(p, '\n', size);
        const char *eol = nl ? nl : end;
        if (eol > p && eol[-1] == '\r') eol--;
        for (const char *q = p;; ncol++) {
            const char *c = memchr(q, ',', (size_t)(eol - q)), *e = c ? c : eol;
            for (int i = 0; i < NCOLS; i++)
                if (strlen(names[i]) == (size_t)(e - q) && memcmp(names[i], q, (size_t)(e - q)) == 0)
                    col_of[i] = (int)ncol;
            if (!c) break;
            q = c + 1;
        }
        ncol++;
        p = nl ? nl + 1 : end;
    }
    for (int i = 0; i < YEAR; i++)
        if (col_of[i] < 0) {
            fprintf(stderr, "baseline: %s: no '%s' column\n", path, names[i]);
            goto done;
        }

    const char *fp[64];
    size_t fn[64];
    char buf[MAX_FIELD];
    if (ncol > 64) {
        fprintf(stderr, "baseline: %s: too many columns\n", path);
        goto done;
    }
    while (p < end) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end, *next = nl ? nl + 1 : end;
        if (eol > p && eol[-1] == '\r') eol--;
        if (eol == p) { /* blank line */
            p = next;
            continue;
        }
        size_t nf = 0;
        for (const char *q = p;; nf++) {
            const char *c = memchr(q, ',', (size_t)(eol - q));
            if (nf < ncol) {
                fp[nf] = q;
                fn[nf] = (size_t)((c ? c : eol) - q);
            }
            if (!c) break;
            q = c + 1;
        }
        nf++;
        if (nf != ncol) {
            fprintf(stderr, "baseline: %s:%zu: expected %zu fields\n", path, line, ncol);
            goto done;
        }
        bflow r;
        uint32_t ids[3];
        for (int i = 0; i < 3; i++) {
            if (!fn[col_of[i]] || !cstr(buf, fp[col_of[i]], fn[col_of[i]])) {
                fprintf(stderr, "baseline: %s:%zu: bad %s\n", path, line, names[i]);
                goto done;
            }
            ids[i] = i < 2 ? intern(net, net->node_by_id, buf, &nnodes)
                           : intern(net, net->factor_by_id, buf, &nfactors);
        }
        char *e;
        if (!cstr(buf, fp[col_of[WEIGHT]], fn[col_of[WEIGHT]])) goto bad_weight;
        r.w = strtod(buf, &e);
        if (e == buf || *e || !(r.w > 0) || !isfinite(r.w)) goto bad_weight;
        r.year = NO_YEAR;
        if (col_of[YEAR] >= 0 && fn[col_of[YEAR]]) {
            long y = 0;
            if (cstr(buf, fp[col_of[YEAR]], fn[col_of[YEAR]])) y = strtol(buf, &e, 10);
            if (fn[col_of[YEAR]] >= MAX_FIELD || e == buf || *e || y < -9999 || y > 9999) {
                fprintf(stderr, "baseline: %s:%zu: bad year\n", path, line);
                goto done;
            }
            r.year = (int32_t)y;
        }
        r.s = ids[0];
        r.t = ids[1];
        r.f = ids[2];
        /* Append the row, then look it up: an equal key already in the
         * table takes the weight and the row is dropped again. */
        g_array_append_val(net->flows, r);
        gpointer key = GUINT_TO_POINTER(net->flows->len);
        gpointer old = g_hash_table_lookup(net->merge, key);
        if (old) {
            g_array_index(net->flows, bflow, GPOINTER_TO_UINT(old) - 1).w += r.w;
            g_array_set_size(net->flows, net->flows->len - 1);
        } else {
            g_hash_table_add(net->merge, key);
        }
        p = next;
    }
    rc = 0;
    *out = net;
    net = NULL;
    goto done;
bad_weight:
    fprintf(stderr, "baseline: %s:%zu: bad weight\n", path, line);
done:
    if (map) munmap(map, size);
    if (fd >= 0) close(fd);
    baseline_free(net);
    return rc;
}

size_t baseline_node_count(const baseline_net *net) { return net->node_ids->len; }

size_t baseline_flow_count(const baseline_net *net) { return net->flows->len; }

double baseline_weight_sum(const baseline_net *net)
{
    double s = 0;
    for (guint k = 0; k < net->flows->len; k++) s += g_array_index(net->flows, bflow, k).w;
    return s;
}

void baseline_free(baseline_net *net)
{
    if (!net) return;
    g_hash_table_destroy(net->merge);
    g_array_free(net->flows, TRUE);
    g_hash_table_destroy(net->factor_by_id);
    g_ptr_array_free(net->node_ids, TRUE);
    g_hash_table_destroy(net->node_by_id);
    g_string_chunk_free(net->strings);
    g_free(net);
}

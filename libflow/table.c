/* flow_table: the one result type (see libflow/table.h).
 *
 * Memory: the table, its name, its columns (names and data), text cells'
 * copies and parts are allocated with g_try_* (FLOW_ENOMEM on failure).
 * Knowingly aborting (GLib's g_malloc): the scalars and metadata entries
 * (GArray, g_strdup, g_strdup_vprintf): a few per result, set by callers
 * that have nothing left to fail (flow__table_set_scalar/_meta return no
 * error they check).
 *
 * Columns are contiguous arrays owned by the table; text cells point into
 * the table's own copies (flow__table_set_text), at static strings, or at the network's interned
 * strings (the table references the network, so those outlive it). Parts
 * are tables owned by their parent: they carry no network reference of
 * their own and ignore flow_table_free(). */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "error_internal.h"
#include "network_internal.h"
#include "table_internal.h"

#define TABLE_MAGIC 0x5441424cu /* "TABL" */

typedef struct {
    char *name;
    int type;
    void *data;   /* double *, int64_t * or const char ** */
    size_t bytes; /* from flow__big_alloc(bytes); 0: g_malloc'd (adopted) */
} column;

typedef struct {
    char *name;
    double value;
} scalar;

typedef struct {
    char *key;
    char *value;
} meta;

struct flow_table {
    uint32_t magic;
    int is_part;
    flow_network *net; /* referenced by a top table; borrowed by parts */
    char *name;
    size_t nrows;
    flow__array *columns; /* column */
    GArray *scalars;      /* scalar */
    GArray *metas;        /* meta */
    flow__array *parts;   /* flow_table * */
    flow__array *strings; /* char *, the text cells' copies (g_try_malloc) */
};

static int table_ok(const flow_table *t) { return t && t->magic == TABLE_MAGIC; }

static void table_destroy(flow_table *t)
{
    for (guint i = 0; t->columns && i < t->columns->len; i++) {
        column *c = &g_array_index(t->columns, column, i);
        g_free(c->name);
        if (c->bytes)
            flow__big_free(c->data, c->bytes);
        else
            g_free(c->data);
    }
    for (guint i = 0; i < t->scalars->len; i++) g_free(g_array_index(t->scalars, scalar, i).name);
    for (guint i = 0; i < t->metas->len; i++) {
        meta *m = &g_array_index(t->metas, meta, i);
        g_free(m->key);
        g_free(m->value);
    }
    for (guint i = 0; t->parts && i < t->parts->len; i++)
        table_destroy(g_ptr_array_index(t->parts, i));
    flow__array_free(t->columns);
    g_array_free(t->scalars, TRUE);
    g_array_free(t->metas, TRUE);
    flow__array_free(t->parts);
    if (t->strings)
        for (guint i = 0; i < t->strings->len; i++) g_free(g_ptr_array_index(t->strings, i));
    flow__array_free(t->strings);
    if (!t->is_part) flow__network_unref(t->net);
    g_free(t->name);
    t->magic = 0;
    g_free(t);
}

void flow_table_free(flow_table *t)
{
    if (!table_ok(t) || t->is_part) return;
    table_destroy(t);
}

/* ---- building ----------------------------------------------------------- */

int flow__table_new(flow_table **out, flow_network *net, const char *name, size_t nrows)
{
    *out = NULL;
    flow_table *t = g_try_new0(flow_table, 1);
    if (!t) return flow__error_nomem();
    t->magic = TABLE_MAGIC;
    t->net = net ? flow__network_ref(net) : NULL;
    t->nrows = nrows;
    t->scalars = g_array_new(FALSE, TRUE, sizeof(scalar));
    t->metas = g_array_new(FALSE, TRUE, sizeof(meta));
    if (!(t->name = flow__strdup(name ? name : "")) ||
        !(t->columns = flow__array_new(sizeof(column))) ||
        !(t->parts = flow__array_new(sizeof(flow_table *)))) {
        table_destroy(t);
        return FLOW_ENOMEM;
    }
    *out = t;
    return FLOW_OK;
}

static int name_taken(const flow_table *t, const char *name)
{
    return flow_table_column_index(t, name) >= 0;
}

static int push_column(flow_table *t, const char *name, int type, void *data, size_t bytes)
{
    int rc = FLOW_OK;
    column c = {NULL, type, data, bytes};
    if (name_taken(t, name))
        rc = flow__error(FLOW_EINVAL, "table '%s' already has a column '%s'", t->name, name);
    else if (flow__array_reserve(t->columns, 1) < 0 || !(c.name = flow__strdup(name)))
        rc = FLOW_ENOMEM;
    if (rc < 0) {
        if (bytes)
            flow__big_free(data, bytes);
        else
            g_free(data);
        return rc;
    }
    flow__array_append(t->columns, &c); /* reserved */
    return FLOW_OK;
}

static int add_zeroed(flow_table *t, const char *name, int type, size_t size, void **data)
{
    if (data) *data = NULL;
    /* large columns are mapped in huge pages (network.c): filling a
     * million-row column then costs a few page faults, not thousands */
    size_t bytes = t->nrows ? t->nrows * size : 1;
    void *p = flow__big_alloc(bytes);
    if (!p) return flow__error_nomem();
    int rc = push_column(t, name, type, p, bytes);
    if (rc == FLOW_OK && data) *data = p;
    return rc;
}

int flow__table_add_doubles(flow_table *t, const char *name, double **data)
{
    return add_zeroed(t, name, FLOW_COLUMN_DOUBLE, sizeof(double), (void **)data);
}

int flow__table_add_ints(flow_table *t, const char *name, int64_t **data)
{
    return add_zeroed(t, name, FLOW_COLUMN_INT, sizeof(int64_t), (void **)data);
}

int flow__table_add_nodes(flow_table *t, const char *name, int64_t **data)
{
    return add_zeroed(t, name, FLOW_COLUMN_NODE, sizeof(int64_t), (void **)data);
}

int flow__table_add_texts(flow_table *t, const char *name, const char ***data)
{
    return add_zeroed(t, name, FLOW_COLUMN_TEXT, sizeof(char *), (void **)data);
}

int flow__table_adopt_doubles(flow_table *t, const char *name, double *data)
{
    return push_column(t, name, FLOW_COLUMN_DOUBLE, data, 0);
}

int flow__table_adopt_ints(flow_table *t, const char *name, int64_t *data)
{
    return push_column(t, name, FLOW_COLUMN_INT, data, 0);
}

int flow__table_adopt_nodes(flow_table *t, const char *name, int64_t *data)
{
    return push_column(t, name, FLOW_COLUMN_NODE, data, 0);
}

int flow__table_set_text(flow_table *t, size_t c, size_t r, const char *text)
{
    if (c >= t->columns->len || r >= t->nrows)
        return flow__error(FLOW_EINVAL, "cell (%zu, %zu) is outside table '%s'", c, r, t->name);
    column *col = &g_array_index(t->columns, column, c);
    if (col->type != FLOW_COLUMN_TEXT)
        return flow__error(FLOW_EINVAL, "column '%s' is not a text column", col->name);
    if (!text) {
        ((const char **)col->data)[r] = NULL;
        return FLOW_OK;
    }
    if (!t->strings && !(t->strings = flow__array_new(sizeof(char *)))) return FLOW_ENOMEM;
    char *copy = NULL;
    if (flow__array_reserve(t->strings, 1) < 0 || !(copy = flow__strdup(text))) return FLOW_ENOMEM;
    flow__array_append(t->strings, &copy); /* reserved */
    ((const char **)col->data)[r] = copy;
    return FLOW_OK;
}

int flow__table_set_scalar(flow_table *t, const char *name, double value)
{
    for (guint i = 0; i < t->scalars->len; i++) {
        scalar *s = &g_array_index(t->scalars, scalar, i);
        if (strcmp(s->name, name) == 0) {
            s->value = value;
            return FLOW_OK;
        }
    }
    scalar s = {g_strdup(name), value};
    g_array_append_val(t->scalars, s);
    return FLOW_OK;
}

int flow__table_set_meta(flow_table *t, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *value = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    for (guint i = 0; i < t->metas->len; i++) {
        meta *m = &g_array_index(t->metas, meta, i);
        if (strcmp(m->key, key) == 0) {
            g_free(m->value);
            m->value = value;
            return FLOW_OK;
        }
    }
    meta m = {g_strdup(key), value};
    g_array_append_val(t->metas, m);
    return FLOW_OK;
}

int flow__table_add_part(flow_table *t, flow_table *part)
{
    /* the parent's network reference covers the part */
    if (!part->is_part) {
        flow__network_unref(part->net);
        part->net = t->net;
        part->is_part = 1;
    }
    if (flow__array_append(t->parts, &part) < 0) {
        table_destroy(part);
        return FLOW_ENOMEM;
    }
    return FLOW_OK;
}

double *flow__table_doubles_mut(flow_table *t, size_t c)
{
    return (double *)flow_table_doubles(t, c);
}

int64_t *flow__table_ints_mut(flow_table *t, size_t c)
{
    return (int64_t *)flow_table_ints(t, c);
}

typedef struct {
    const column *key;
    int descending;
} sort_ctx;

static int cmp_rows(gconstpointer a, gconstpointer b, gpointer data)
{
    const sort_ctx *ctx = data;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int r = 0;
    if (ctx->key->type == FLOW_COLUMN_DOUBLE) {
        double x = ((const double *)ctx->key->data)[i], y = ((const double *)ctx->key->data)[j];
        int nx = isnan(x), ny = isnan(y);
        if (nx || ny) return nx - ny; /* NAN last in both orders */
        r = (x > y) - (x < y);
    } else {
        int64_t x = ((const int64_t *)ctx->key->data)[i], y = ((const int64_t *)ctx->key->data)[j];
        r = (x > y) - (x < y);
    }
    if (ctx->descending) r = -r;
    return r ? r : (i > j) - (i < j); /* stable */
}

int flow__table_sort(flow_table *t, size_t c, int descending)
{
    if (c >= t->columns->len || g_array_index(t->columns, column, c).type == FLOW_COLUMN_TEXT)
        return flow__error(FLOW_EINVAL, "cannot sort table '%s' by column %zu", t->name, c);
    size_t n = t->nrows;
    if (n < 2) return FLOW_OK;
    size_t *order = g_try_new(size_t, n);
    void *tmp = g_try_malloc(n * 8);
    if (!order || !tmp) {
        g_free(order);
        g_free(tmp);
        return flow__error_nomem();
    }
    for (size_t i = 0; i < n; i++) order[i] = i;
    sort_ctx ctx = {&g_array_index(t->columns, column, c), descending};
    g_qsort_with_data(order, (gint)n, sizeof *order, cmp_rows, &ctx);
    for (guint k = 0; k < t->columns->len; k++) {
        column *col = &g_array_index(t->columns, column, k);
        size_t size = col->type == FLOW_COLUMN_TEXT ? sizeof(char *) : 8;
        const char *src = col->data;
        char *dst = tmp;
        for (size_t i = 0; i < n; i++) memcpy(dst + i * size, src + order[i] * size, size);
        memcpy(col->data, tmp, n * size);
    }
    g_free(order);
    g_free(tmp);
    return FLOW_OK;
}

/* ---- reading ------------------------------------------------------------ */

static const column *col_at(const flow_table *t, size_t c)
{
    return table_ok(t) && c < t->columns->len ? &g_array_index(t->columns, column, c) : NULL;
}

const char *flow_table_name(const flow_table *t) { return table_ok(t) ? t->name : NULL; }
flow_network *flow_table_network(const flow_table *t) { return table_ok(t) ? t->net : NULL; }
size_t flow_table_row_count(const flow_table *t) { return table_ok(t) ? t->nrows : 0; }
size_t flow_table_column_count(const flow_table *t) { return table_ok(t) ? t->columns->len : 0; }

int64_t flow_table_column_index(const flow_table *t, const char *name)
{
    if (!table_ok(t) || !name) return -1;
    for (guint i = 0; i < t->columns->len; i++)
        if (strcmp(g_array_index(t->columns, column, i).name, name) == 0) return (int64_t)i;
    return -1;
}

const char *flow_table_column_name(const flow_table *t, size_t c)
{
    const column *col = col_at(t, c);
    return col ? col->name : NULL;
}

int flow_table_column_type(const flow_table *t, size_t c)
{
    const column *col = col_at(t, c);
    return col ? col->type : 0;
}

const double *flow_table_doubles(const flow_table *t, size_t c)
{
    const column *col = col_at(t, c);
    return col && col->type == FLOW_COLUMN_DOUBLE && t->nrows ? col->data : NULL;
}

const int64_t *flow_table_ints(const flow_table *t, size_t c)
{
    const column *col = col_at(t, c);
    return col && (col->type == FLOW_COLUMN_INT || col->type == FLOW_COLUMN_NODE) && t->nrows
               ? col->data
               : NULL;
}

const char *const *flow_table_texts(const flow_table *t, size_t c)
{
    const column *col = col_at(t, c);
    return col && col->type == FLOW_COLUMN_TEXT && t->nrows ? col->data : NULL;
}

const char *flow_table_text(const flow_table *t, size_t c, size_t r)
{
    const column *col = col_at(t, c);
    if (!col || r >= t->nrows) return NULL;
    if (col->type == FLOW_COLUMN_TEXT) return ((const char *const *)col->data)[r];
    if (col->type == FLOW_COLUMN_NODE) {
        int64_t i = ((const int64_t *)col->data)[r];
        return i >= 0 && t->net ? flow_network_node_id(t->net, (size_t)i) : NULL;
    }
    return NULL;
}

size_t flow_table_scalar_count(const flow_table *t) { return table_ok(t) ? t->scalars->len : 0; }

const char *flow_table_scalar_name(const flow_table *t, size_t i)
{
    return table_ok(t) && i < t->scalars->len ? g_array_index(t->scalars, scalar, i).name : NULL;
}

double flow_table_scalar(const flow_table *t, const char *name)
{
    if (!table_ok(t) || !name) return NAN;
    for (guint i = 0; i < t->scalars->len; i++) {
        const scalar *s = &g_array_index(t->scalars, scalar, i);
        if (strcmp(s->name, name) == 0) return s->value;
    }
    return NAN;
}

size_t flow_table_meta_count(const flow_table *t) { return table_ok(t) ? t->metas->len : 0; }

const char *flow_table_meta_key(const flow_table *t, size_t i)
{
    return table_ok(t) && i < t->metas->len ? g_array_index(t->metas, meta, i).key : NULL;
}

const char *flow_table_meta(const flow_table *t, const char *key)
{
    if (!table_ok(t) || !key) return NULL;
    for (guint i = 0; i < t->metas->len; i++) {
        const meta *m = &g_array_index(t->metas, meta, i);
        if (strcmp(m->key, key) == 0) return m->value;
    }
    return NULL;
}

size_t flow_table_part_count(const flow_table *t) { return table_ok(t) ? t->parts->len : 0; }

const flow_table *flow_table_part_at(const flow_table *t, size_t i)
{
    return table_ok(t) && i < t->parts->len ? g_ptr_array_index(t->parts, i) : NULL;
}

const flow_table *flow_table_part(const flow_table *t, const char *name)
{
    if (!table_ok(t) || !name) return NULL;
    for (guint i = 0; i < t->parts->len; i++) {
        const flow_table *p = g_ptr_array_index(t->parts, i);
        if (strcmp(p->name, name) == 0) return p;
    }
    return NULL;
}

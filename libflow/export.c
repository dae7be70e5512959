/*
 * Exports: JSON, GraphML, GEXF 1.3 and DOT, written by libflow itself.
 *
 * igraph's writers are not used: they drop string ids, names and
 * attributes of our model, and print numbers such as 1e-07 unquoted, which
 * DOT cannot read. Each format has one renderer that appends to a sink:
 * a GString flushed every megabyte, so that writing a network of millions
 * of flows does not hold the whole text in memory: to the file
 * (flow_export_write), or to the end of one block grown with g_try_realloc
 * (flow_export_string).
 *
 * Memory: the text itself fails softly (a failed g_try_realloc of the
 * block: FLOW_ENOMEM). Knowingly
 * aborting (GLib's g_malloc): the sink's GString (about 1.25 MiB, fixed)
 * and the export model of GraphML, GEXF and DOT (its column list, its
 * per-node group lists and the hash tables that find grouped and paired
 * rows: a few words a node or flow, beside the network's own memory, not
 * yet converted to g_try_*).
 *
 * Numbers: the shortest of "%.15g", "%.16g", "%.17g" that reads back to
 * the same double (so 1e-07 stays "1e-07", 0.1 + 0.2 becomes
 * "0.30000000000000004"), formatted with g_ascii_formatd so the C locale's
 * decimal point is used whatever the process locale.
 *
 * Files are written as outfile_internal.h says: a regular file through a
 * temporary file in the target's directory renamed over it on success (a
 * failed or interrupted export never leaves a partial file), symbolic
 * links followed, devices and FIFOs written through, never replaced.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "libflow/export.h"
#include "libflow/version.h"
#include "error_internal.h"
#include "registry_internal.h"
#include "export_internal.h"
#include "outfile_internal.h"
#include "network_internal.h"
#include "selection_internal.h"
#include "table_internal.h"

/* Flush the file sink once this much text is pending. */
#define FLUSH_AT ((size_t)1 << 20)

typedef struct {
    GString *buf;
    int fd;  /* -1: the text is kept in memory (text, len, cap) */
    int err; /* errno of the first failed write (ENOMEM in memory), 0 if none */
    char *text;      /* fd -1: the text flushed so far, g_try_realloc'd */
    size_t len, cap; /* its length; its size, always more than len */
} sink;

/* Moves the buffer's text to the end of the kept text (fd -1). */
static void sink_keep(sink *w)
{
    size_t n = w->buf->len;
    if (!n) return;
    if (!w->err && n >= w->cap - w->len) {
        size_t cap = w->cap ? w->cap + w->cap / 2 : FLUSH_AT + FLUSH_AT / 4;
        if (cap <= w->len + n) cap = w->len + n + 1;
        char *p = cap > w->len + n ? g_try_realloc(w->text, cap) : NULL; /* not overflowed */
        if (p) {
            w->text = p;
            w->cap = cap;
        } else {
            w->err = ENOMEM;
        }
    }
    if (!w->err) {
        memcpy(w->text + w->len, w->buf->str, n);
        w->len += n;
    }
    g_string_truncate(w->buf, 0);
}

static void sink_flush(sink *w)
{
    if (w->fd < 0) {
        sink_keep(w);
        return;
    }
    size_t off = 0;
    while (!w->err && off < w->buf->len) {
        ssize_t n = write(w->fd, w->buf->str + off, w->buf->len - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            w->err = errno;
        } else {
            off += (size_t)n;
        }
    }
    g_string_truncate(w->buf, 0);
}

/* Called after each record (node, edge): keeps the sink's buffer small. */
static void sink_record(sink *w)
{
    if (w->buf->len >= FLUSH_AT) sink_flush(w);
}

/* ---- numbers ------------------------------------------------------------ */

void flow__export_number(GString *s, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    static const char *const formats[] = {"%.15g", "%.16g", "%.17g"};
    for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
        g_ascii_formatd(buf, sizeof buf, formats[i], v);
        if (i + 1 == G_N_ELEMENTS(formats) || g_ascii_strtod(buf, NULL) == v) break;
    }
    g_string_append(s, buf);
}

/* ---- escaping ----------------------------------------------------------- */

/* JSON string body: quote, backslash and C0 controls escaped; UTF-8 (already
 * validated by the network) is copied as is. */
static void put_json(GString *s, const char *t)
{
    const char *run = t;
    for (const char *p = t; *p; p++) {
        unsigned char c = (unsigned char)*p;
        const char *esc = NULL;
        char hex[8];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20) {
                g_snprintf(hex, sizeof hex, "\\u%04x", c);
                esc = hex;
            }
        }
        if (esc) {
            g_string_append_len(s, run, p - run);
            g_string_append(s, esc);
            run = p + 1;
        }
    }
    g_string_append(s, run);
}

void flow__export_json_string(GString *s, const char *t)
{
    g_string_append_c(s, '"');
    put_json(s, t);
    g_string_append_c(s, '"');
}

/* XML text or attribute value. XML 1.0 cannot carry C0 controls other than
 * tab, LF and CR, nor U+FFFE / U+FFFF, even as character references: they
 * become U+FFFD. Tab, LF and CR are written as references so that attribute
 * value normalisation does not turn them into spaces. */
static void put_xml(GString *s, const char *t)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const char *run = t;
    for (const char *p = t; *p; p++) {
        unsigned char c = (unsigned char)*p;
        const char *esc = NULL;
        size_t skip = 1;
        switch (c) {
        case '&': esc = "&amp;"; break;
        case '<': esc = "&lt;"; break;
        case '>': esc = "&gt;"; break;
        case '"': esc = "&quot;"; break;
        case '\'': esc = "&apos;"; break;
        case '\t': esc = "&#9;"; break;
        case '\n': esc = "&#10;"; break;
        case '\r': esc = "&#13;"; break;
        case 0xEF:
            if ((unsigned char)p[1] == 0xBF &&
                ((unsigned char)p[2] == 0xBE || (unsigned char)p[2] == 0xBF)) {
                esc = replacement;
                skip = 3;
            }
            break;
        default:
            if (c < 0x20) esc = replacement;
        }
        if (esc) {
            g_string_append_len(s, run, p - run);
            g_string_append(s, esc);
            p += skip - 1;
            run = p + 1;
        }
    }
    g_string_append(s, run);
}

/* DOT quoted string: '"' and '\' are escaped with a backslash (so that a
 * trailing backslash cannot swallow the closing quote); line breaks become
 * Graphviz's "\n" / "\r" escapes. */
static void put_dot_string(GString *s, const char *t)
{
    g_string_append_c(s, '"');
    const char *run = t;
    for (const char *p = t; *p; p++) {
        const char *esc = NULL;
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        default: break;
        }
        if (esc) {
            g_string_append_len(s, run, p - run);
            g_string_append(s, esc);
            run = p + 1;
        }
    }
    g_string_append(s, run);
    g_string_append_c(s, '"');
}

/* A DOT attribute name: bare when it is a plain ASCII identifier that is not
 * a DOT keyword, quoted otherwise. */
static void put_dot_key(GString *s, const char *name)
{
    static const char *const keywords[] = {"node", "edge", "graph", "digraph", "subgraph",
                                           "strict"};
    int bare = g_ascii_isalpha(name[0]) || name[0] == '_';
    for (const char *p = name; bare && *p; p++)
        bare = g_ascii_isalnum(*p) || *p == '_';
    for (size_t i = 0; bare && i < G_N_ELEMENTS(keywords); i++)
        if (g_ascii_strcasecmp(name, keywords[i]) == 0) bare = 0;
    if (bare)
        g_string_append(s, name);
    else
        put_dot_string(s, name);
}

static void put_dot_number(GString *s, double v)
{
    g_string_append_c(s, '"');
    if (isfinite(v))
        flow__export_number(s, v);
    else
        g_string_append(s, v > 0 ? "inf" : "-inf");
    g_string_append_c(s, '"');
}

/* ---- model access -------------------------------------------------------- */

static const flow__node *node_at(const flow_network *net, size_t i)
{
    return &g_array_index(net->nodes, flow__node, i);
}

static const char *node_id(const flow_network *net, size_t i) { return node_at(net, i)->id; }

static const flow__attr *attr_at(const flow_network *net, size_t a)
{
    return g_ptr_array_index(net->attrs, a);
}

/* Value of numeric attribute `at` at node i: NAN when missing. */
static double attr_number(const flow__attr *at, size_t i)
{
    return i < at->numbers->len ? g_array_index(at->numbers, double, i) : NAN;
}

/* Value of text attribute `at` at node i: NULL when missing. */
static const char *attr_text(const flow__attr *at, size_t i)
{
    return i < at->texts->len ? g_ptr_array_index(at->texts, i) : NULL;
}

static const char *factor_name(const flow_network *net, size_t f)
{
    return g_array_index(net->factors, flow__factor, f).name;
}

/* ---- JSON ----------------------------------------------------------------- */

static void render_json(sink *w, const flow_network *net)
{
    GString *s = w->buf;
    size_t nnodes = net->nodes->len, nattrs = net->attrs->len;

    g_string_append(s, "{\n  \"nodes\": [");
    for (size_t i = 0; i < nnodes; i++) {
        const flow__node *n = node_at(net, i);
        g_string_append(s, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        flow__export_json_string(s, n->id);
        g_string_append(s, ", \"name\": ");
        flow__export_json_string(s, n->name);
        g_string_append(s, ", \"kind\": ");
        flow__export_json_string(s, n->kind);
        g_string_append(s, ", \"parent\": ");
        if (n->parent >= 0)
            flow__export_json_string(s, node_id(net, (size_t)n->parent));
        else
            g_string_append(s, "null");
        for (size_t a = 0; a < nattrs; a++) {
            const flow__attr *at = attr_at(net, a);
            if (at->numeric) {
                double v = attr_number(at, i);
                if (isnan(v)) continue;
                g_string_append(s, ", ");
                flow__export_json_string(s, at->name);
                g_string_append(s, ": ");
                /* JSON has no infinity. */
                if (isfinite(v))
                    flow__export_number(s, v);
                else
                    g_string_append(s, "null");
            } else {
                const char *v = attr_text(at, i);
                if (!v) continue;
                g_string_append(s, ", ");
                flow__export_json_string(s, at->name);
                g_string_append(s, ": ");
                flow__export_json_string(s, v);
            }
        }
        g_string_append_c(s, '}');
        sink_record(w);
    }
    g_string_append(s, nnodes ? "\n  ],\n" : "],\n");

    g_string_append(s, "  \"factors\": [");
    for (size_t f = 0; f < net->factors->len; f++) {
        const flow__factor *fa = &g_array_index(net->factors, flow__factor, f);
        g_string_append(s, f ? ",\n    {\"name\": " : "\n    {\"name\": ");
        flow__export_json_string(s, fa->name);
        g_string_append(s, ", \"unit\": ");
        if (*fa->unit)
            flow__export_json_string(s, fa->unit);
        else
            g_string_append(s, "null");
        g_string_append_c(s, '}');
    }
    g_string_append(s, net->factors->len ? "\n  ],\n" : "],\n");

    g_string_append(s, "  \"flows\": [");
    for (size_t k = 0; k < net->nflows; k++) {
        g_string_append(s, k ? ",\n    {\"source\": " : "\n    {\"source\": ");
        flow__export_json_string(s, node_id(net, net->src[k]));
        g_string_append(s, ", \"target\": ");
        flow__export_json_string(s, node_id(net, net->tgt[k]));
        g_string_append(s, ", \"factor\": ");
        flow__export_json_string(s, factor_name(net, net->fac[k]));
        g_string_append(s, ", \"weight\": ");
        flow__export_number(s, net->weight[k]);
        if (net->year[k] == FLOW_NO_YEAR)
            g_string_append(s, ", \"year\": null}");
        else
            g_string_append_printf(s, ", \"year\": %d}", (int)net->year[k]);
        sink_record(w);
    }
    g_string_append(s, net->nflows ? "\n  ],\n" : "],\n");

    g_string_append(s, "  \"groups\": [");
    for (size_t g = 0; g < net->groups->len; g++) {
        const flow__group *gr = &g_array_index(net->groups, flow__group, g);
        g_string_append(s, g ? ",\n    {\"name\": " : "\n    {\"name\": ");
        flow__export_json_string(s, gr->name);
        g_string_append(s, ", \"members\": [");
        for (guint m = 0; m < gr->members->len; m++) {
            const char *role = g_ptr_array_index(gr->roles, m);
            g_string_append(s, m ? ", {\"id\": " : "{\"id\": ");
            flow__export_json_string(s, node_id(net, (size_t)g_array_index(gr->members, int64_t, m)));
            g_string_append(s, ", \"role\": ");
            if (role && *role)
                flow__export_json_string(s, role);
            else
                g_string_append(s, "null");
            g_string_append_c(s, '}');
        }
        g_string_append(s, "]}");
        sink_record(w);
    }
    g_string_append(s, net->groups->len ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- the export model ------------------------------------------------------
 *
 * GraphML, GEXF and DOT are written from one model of what to export: the
 * nodes (network nodes: all of them, or a selection's vertices), the edges
 * (network node pairs, with a factor for the whole network), each edge's
 * weight per year, and extra node and edge columns taken from result
 * tables. The whole network gives one edge per flow (GraphML, DOT) or one
 * per (source, target, factor) with its years (GEXF, whose time is
 * spells); a selection gives one edge per edge of its graph with its years.
 */

typedef struct {
    const char *name;
    const flow_table *t;
    size_t c;
    int type;     /* FLOW_COLUMN_* */
    int64_t *row; /* per exported node or edge: its row in t, -1 when none */
} xcol;

typedef struct {
    const flow_network *net;
    int directed;
    int selection;
    size_t nn;
    const int64_t *node; /* network node of exported node i; NULL: i itself */
    size_t ne;
    uint32_t *src, *tgt; /* network nodes */
    const char **factor; /* per edge; NULL for a selection */
    double *total;       /* per edge: weight over its years */
    size_t *yoff;        /* ne + 1: the edge's (year, weight) entries */
    int32_t *year;       /* FLOW_NO_YEAR: undated */
    double *yw;
    int dynamic;         /* some entry has a year */
    int any_unit;
    char **groups;       /* per network node: its groups joined by ';', or NULL */
    int any_group;
    GPtrArray *ncols, *ecols; /* xcol * */
    flow_table *meta;         /* a selection's description (metadata), or NULL */
} xmodel;

static void xcol_free(gpointer p)
{
    xcol *c = p;
    g_free(c->row);
    g_free(c);
}

static void model_clear(xmodel *m)
{
    g_free(m->src);
    g_free(m->tgt);
    g_free(m->factor);
    g_free(m->total);
    g_free(m->yoff);
    g_free(m->year);
    g_free(m->yw);
    if (m->groups)
        for (size_t i = 0; i < m->net->nodes->len; i++) g_free(m->groups[i]);
    g_free(m->groups);
    if (m->ncols) g_ptr_array_free(m->ncols, TRUE);
    if (m->ecols) g_ptr_array_free(m->ecols, TRUE);
    flow_table_free(m->meta);
    memset(m, 0, sizeof *m);
}

static size_t model_node(const xmodel *m, size_t i)
{
    return m->node ? (size_t)m->node[i] : i;
}

static int model_alloc(xmodel *m, size_t ne, size_t nentries)
{
    size_t n1 = ne ? ne : 1, n2 = nentries ? nentries : 1;
    m->ne = ne;
    m->src = g_try_new(uint32_t, n1);
    m->tgt = g_try_new(uint32_t, n1);
    m->total = g_try_new0(double, n1);
    m->yoff = g_try_new0(size_t, ne + 1);
    m->year = g_try_new(int32_t, n2);
    m->yw = g_try_new(double, n2);
    m->ncols = g_ptr_array_new_with_free_func(xcol_free);
    m->ecols = g_ptr_array_new_with_free_func(xcol_free);
    if (!m->src || !m->tgt || !m->total || !m->yoff || !m->year || !m->yw)
        return flow__error_nomem();
    return FLOW_OK;
}

static void model_groups(xmodel *m)
{
    const flow_network *net = m->net;
    m->groups = g_new0(char *, net->nodes->len ? net->nodes->len : 1);
    for (size_t g = 0; g < net->groups->len; g++) {
        const flow__group *gr = &g_array_index(net->groups, flow__group, g);
        for (guint k = 0; k < gr->members->len; k++) {
            size_t n = (size_t)g_array_index(gr->members, int64_t, k);
            char *old = m->groups[n];
            m->groups[n] = old ? g_strconcat(old, ";", gr->name, NULL) : g_strdup(gr->name);
            g_free(old);
            m->any_group = 1;
        }
    }
    for (size_t f = 0; f < net->factors->len; f++)
        m->any_unit |= *g_array_index(net->factors, flow__factor, f).unit != '\0';
}

/* GEXF's edges: one per (source, target, factor) for the dated flows (their
 * years become spells), one per undated flow; in order of first flow. */
typedef struct {
    uint32_t s, t, f, undated; /* undated: 1 + the flow's index, else 0 */
} gkey;

static guint gkey_hash(gconstpointer p)
{
    const gkey *k = p;
    uint64_t h = ((uint64_t)k->s * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)k->t * 0xC2B2AE3D27D4EB4Full) ^
                 ((uint64_t)k->f * 0x165667B19E3779F9ull) ^ (uint64_t)k->undated;
    return (guint)(h ^ (h >> 32));
}

static gboolean gkey_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(gkey)) == 0;
}

/* The whole network: one edge per flow, or (grouped) as above. */
static int model_network(xmodel *m, const flow_network *net, int grouped)
{
    size_t nf = net->nflows;
    int rc;
    memset(m, 0, sizeof *m);
    m->net = net;
    m->directed = 1;
    m->nn = net->nodes->len;
    size_t *edge_of = g_try_new(size_t, nf ? nf : 1);
    gkey *keys = grouped ? g_try_new(gkey, nf ? nf : 1) : NULL;
    size_t *count = NULL;
    GHashTable *seen = grouped ? g_hash_table_new(gkey_hash, gkey_equal) : NULL;
    if (!edge_of || (grouped && !keys)) {
        rc = flow__error_nomem();
        goto done;
    }
    size_t ne = 0;
    for (size_t k = 0; k < nf; k++) {
        if (!grouped) {
            edge_of[k] = ne++;
            continue;
        }
        keys[k] = (gkey){net->src[k], net->tgt[k], net->fac[k],
                         net->year[k] == FLOW_NO_YEAR ? (uint32_t)k + 1 : 0};
        gpointer hit = g_hash_table_lookup(seen, &keys[k]);
        if (hit) {
            edge_of[k] = GPOINTER_TO_SIZE(hit) - 1;
        } else {
            edge_of[k] = ne++;
            g_hash_table_insert(seen, &keys[k], GSIZE_TO_POINTER(ne));
        }
    }
    if ((rc = model_alloc(m, ne, nf)) < 0) goto done;
    m->factor = g_try_new(const char *, ne ? ne : 1);
    count = g_try_new0(size_t, ne + 1);
    if (!m->factor || !count) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t k = 0; k < nf; k++) count[edge_of[k] + 1]++;
    for (size_t e = 0; e < ne; e++) count[e + 1] += count[e];
    memcpy(m->yoff, count, (ne + 1) * sizeof *count);
    for (size_t k = 0; k < nf; k++) {
        size_t e = edge_of[k], at = count[e]++;
        m->src[e] = net->src[k];
        m->tgt[e] = net->tgt[k];
        m->factor[e] = factor_name(net, net->fac[k]);
        m->year[at] = net->year[k];
        m->yw[at] = net->weight[k];
        m->total[e] += net->weight[k];
        m->dynamic |= net->year[k] != FLOW_NO_YEAR;
    }
    model_groups(m);
    rc = FLOW_OK;
done:
    g_free(edge_of);
    g_free(keys);
    g_free(count);
    if (seen) g_hash_table_destroy(seen);
    if (rc < 0) model_clear(m);
    return rc;
}

typedef struct {
    uint32_t e;
    int32_t year;
    double w;
} ew;

static int cmp_ew(const void *a, const void *b)
{
    const ew *x = a, *y = b;
    if (x->e != y->e) return x->e < y->e ? -1 : 1;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    return 0;
}

/* A selection: its vertices and edges, each edge with its weight per year
 * (the selection's weights: shares when it combines shares). */
static int model_selection(xmodel *m, flow_selection *sel)
{
    int rc;
    memset(m, 0, sizeof *m);
    if ((rc = flow__selection_graph(sel)) < 0) return rc;
    const flow_network *net = sel->net;
    const flow__graph *g = &sel->graph;
    m->net = net;
    m->selection = 1;
    m->directed = sel->directed;
    m->nn = sel->nv;
    m->node = sel->node_of_vertex;
    size_t kept = 0;
    for (size_t k = 0; k < net->nflows; k++) kept += sel->edge_of_flow[k] != FLOW__NO_EDGE;
    ew *list = g_try_new(ew, kept ? kept : 1);
    if (!list) return flow__error_nomem();
    size_t n = 0;
    for (size_t k = 0; k < net->nflows; k++) {
        uint32_t e = sel->edge_of_flow[k];
        if (e == FLOW__NO_EDGE) continue;
        list[n++] = (ew){e, net->year[k], net->weight[k] * sel->factor_scale[net->fac[k]]};
    }
    qsort(list, n, sizeof *list, cmp_ew);
    size_t entries = 0;
    for (size_t i = 0; i < n; i++)
        entries += i == 0 || list[i].e != list[i - 1].e || list[i].year != list[i - 1].year;
    if ((rc = model_alloc(m, g->ne, entries)) < 0) goto done;
    size_t j = 0;
    for (size_t e = 0; e < g->ne; e++) {
        m->src[e] = (uint32_t)sel->node_of_vertex[g->from[e]];
        m->tgt[e] = (uint32_t)sel->node_of_vertex[g->to[e]];
        m->total[e] = g->weight[e];
    }
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || list[i].e != list[i - 1].e || list[i].year != list[i - 1].year) {
            m->year[j] = list[i].year;
            m->yw[j] = 0;
            j++;
            m->dynamic |= list[i].year != FLOW_NO_YEAR;
        }
        m->yw[j - 1] += list[i].w;
        m->yoff[list[i].e + 1] = j;
    }
    /* edges are numbered in order of first flow, every edge has an entry */
    for (size_t e = 1; e <= g->ne; e++)
        if (m->yoff[e] < m->yoff[e - 1]) m->yoff[e] = m->yoff[e - 1];
    model_groups(m);
    if ((rc = flow__table_new(&m->meta, sel->net, "export", 0)) < 0) goto done;
    rc = flow__selection_describe(m->meta, sel, FLOW__UNIT_SELECTION);
done:
    g_free(list);
    if (rc < 0) model_clear(m);
    return rc;
}

/* ---- result columns on nodes and edges ------------------------------------------ */

static int name_taken(const xmodel *m, const char *name)
{
    static const char *const fixed[] = {"id",     "name", "label", "kind", "parent", "groups",
                                        "weight", "factor", "year", "unit", "source", "target"};
    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
        if (strcmp(name, fixed[i]) == 0) return 1;
    if (flow__strmap_find(&m->net->attr_by_name, name)) return 1;
    for (guint i = 0; i < m->ncols->len; i++)
        if (strcmp(((xcol *)g_ptr_array_index(m->ncols, i))->name, name) == 0) return 1;
    for (guint i = 0; i < m->ecols->len; i++)
        if (strcmp(((xcol *)g_ptr_array_index(m->ecols, i))->name, name) == 0) return 1;
    return 0;
}

/* Adds the value columns of a per-node table (first column "node") or an
 * edge table (first columns "source", "target") as node or edge columns. */
static int model_add_table(xmodel *m, const flow_table *t, const flow_selection *sel)
{
    size_t nc = flow_table_column_count(t), nr = flow_table_row_count(t);
    int is_node = nc >= 1 && flow_table_column_type(t, 0) == FLOW_COLUMN_NODE &&
                  strcmp(flow_table_column_name(t, 0), "node") == 0;
    int is_edge = !is_node && nc >= 2 && flow_table_column_type(t, 0) == FLOW_COLUMN_NODE &&
                  flow_table_column_type(t, 1) == FLOW_COLUMN_NODE &&
                  strcmp(flow_table_column_name(t, 0), "source") == 0 &&
                  strcmp(flow_table_column_name(t, 1), "target") == 0;
    if (!is_node && !is_edge)
        return flow__error(FLOW_EINVAL,
                           "table '%s' has neither a first column 'node' nor 'source', 'target': "
                           "it cannot be attached to nodes or edges",
                           flow_table_name(t) ? flow_table_name(t) : "");
    if (flow_table_network(t) != m->net)
        return flow__error(FLOW_EINVAL, "table '%s' was computed on another network",
                           flow_table_name(t) ? flow_table_name(t) : "");
    size_t n = is_node ? m->nn : m->ne;
    int64_t *row = g_try_new(int64_t, n ? n : 1);
    if (!row) return flow__error_nomem();
    for (size_t i = 0; i < n; i++) row[i] = -1;
    const int64_t *a = flow_table_ints(t, 0);
    if (is_node) {
        for (size_t r = 0; r < nr; r++) {
            if (a[r] < 0) continue;
            int64_t v = sel ? sel->vertex_of_node[a[r]] : a[r];
            if (v >= 0 && (size_t)v < n && row[v] < 0) row[v] = (int64_t)r;
        }
    } else {
        const int64_t *b = flow_table_ints(t, 1);
        GHashTable *pairs = g_hash_table_new(g_int64_hash, g_int64_equal);
        int64_t *keys = g_new(int64_t, n ? n : 1);
        for (size_t e = 0; e < n; e++) {
            uint64_t u = m->src[e], v = m->tgt[e];
            if (!m->directed && u > v) {
                uint64_t x = u;
                u = v;
                v = x;
            }
            keys[e] = (int64_t)(u << 32 | v);
            if (!g_hash_table_contains(pairs, &keys[e]))
                g_hash_table_insert(pairs, &keys[e], GSIZE_TO_POINTER(e + 1));
        }
        for (size_t r = 0; r < nr; r++) {
            if (a[r] < 0 || b[r] < 0) continue;
            int64_t su = sel ? sel->node_of_vertex[sel->vertex_of_node[a[r]]] : a[r];
            int64_t sv = sel ? sel->node_of_vertex[sel->vertex_of_node[b[r]]] : b[r];
            uint64_t u = (uint64_t)su, v = (uint64_t)sv;
            if (!m->directed && u > v) {
                uint64_t x = u;
                u = v;
                v = x;
            }
            int64_t key = (int64_t)(u << 32 | v);
            gpointer hit = g_hash_table_lookup(pairs, &key);
            if (hit && row[GPOINTER_TO_SIZE(hit) - 1] < 0)
                row[GPOINTER_TO_SIZE(hit) - 1] = (int64_t)r;
        }
        g_hash_table_destroy(pairs);
        g_free(keys);
    }
    int rc = FLOW_OK;
    int shared = 0;
    for (size_t c = is_node ? 1 : 2; c < nc; c++) {
        const char *name = flow_table_column_name(t, c);
        if (name_taken(m, name)) {
            rc = flow__error(FLOW_EINVAL,
                             "column '%s' of table '%s' clashes with a field, an attribute or "
                             "another column of the export",
                             name, flow_table_name(t) ? flow_table_name(t) : "");
            break;
        }
        xcol *x = g_new0(xcol, 1);
        x->name = name;
        x->t = t;
        x->c = c;
        x->type = flow_table_column_type(t, c);
        x->row = shared ? g_memdup2(row, (n ? n : 1) * sizeof *row) : row;
        shared = 1;
        g_ptr_array_add(is_node ? m->ncols : m->ecols, x);
    }
    if (!shared) g_free(row);
    return rc;
}

/* A column's value at exported node/edge i: *num (number) or *text; 0 when
 * missing. */
static int col_value(const xmodel *m, const xcol *x, size_t i, double *num, const char **text)
{
    int64_t r = x->row[i];
    *text = NULL;
    if (r < 0) return 0;
    switch (x->type) {
    case FLOW_COLUMN_DOUBLE:
        *num = flow_table_doubles(x->t, x->c)[r];
        return !isnan(*num);
    case FLOW_COLUMN_INT: *num = (double)flow_table_ints(x->t, x->c)[r]; return 1;
    case FLOW_COLUMN_NODE: {
        int64_t nd = flow_table_ints(x->t, x->c)[r];
        if (nd < 0) return 0;
        *text = node_id(m->net, (size_t)nd);
        return 1;
    }
    default: *text = flow_table_texts(x->t, x->c)[r]; return *text != NULL;
    }
}

static const char *unit_of_factor(const flow_network *net, const char *factor)
{
    const size_t *v = flow__strmap_find(&net->factor_by_name, factor);
    return v ? g_array_index(net->factors, flow__factor, *v - 1).unit : "";
}

/* ---- GraphML -------------------------------------------------------------- */

static void put_xml_number(GString *s, double v)
{
    /* xs:double spells the infinities INF and -INF. */
    if (isfinite(v))
        flow__export_number(s, v);
    else
        g_string_append(s, v > 0 ? "INF" : "-INF");
}

static const char *graphml_type(const xcol *x)
{
    return x->type == FLOW_COLUMN_DOUBLE ? "double" : x->type == FLOW_COLUMN_INT ? "long" : "string";
}

static void put_col_data(GString *s, const xmodel *m, const xcol *x, size_t i, const char *key,
                         size_t k)
{
    double v;
    const char *t;
    if (!col_value(m, x, i, &v, &t)) return;
    g_string_append_printf(s, "      <data key=\"%s%zu\">", key, k);
    if (t)
        put_xml(s, t);
    else if (x->type == FLOW_COLUMN_INT)
        g_string_append_printf(s, "%" G_GINT64_FORMAT, (gint64)v);
    else
        put_xml_number(s, v);
    g_string_append(s, "</data>\n");
}

static void render_graphml(sink *w, const xmodel *m)
{
    GString *s = w->buf;
    const flow_network *net = m->net;
    size_t nattrs = net->attrs->len;

    g_string_append(s,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                    "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                    "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
                    "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
                    "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
                    "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
                    "  <key id=\"parent\" for=\"node\" attr.name=\"parent\" "
                    "attr.type=\"string\"/>\n");
    if (m->any_group)
        g_string_append(s, "  <key id=\"groups\" for=\"node\" attr.name=\"groups\" "
                           "attr.type=\"string\"/>\n");
    /* Attribute keys are numbered (a0, a1, ...) so that any attribute name,
     * escaped, is safe in attr.name. */
    for (size_t a = 0; a < nattrs; a++) {
        const flow__attr *at = attr_at(net, a);
        g_string_append_printf(s, "  <key id=\"a%zu\" for=\"node\" attr.name=\"", a);
        put_xml(s, at->name);
        g_string_append_printf(s, "\" attr.type=\"%s\"/>\n", at->numeric ? "double" : "string");
    }
    for (guint c = 0; c < m->ncols->len; c++) {
        const xcol *x = g_ptr_array_index(m->ncols, c);
        g_string_append_printf(s, "  <key id=\"c%u\" for=\"node\" attr.name=\"", c);
        put_xml(s, x->name);
        g_string_append_printf(s, "\" attr.type=\"%s\"/>\n", graphml_type(x));
    }
    if (m->factor)
        g_string_append(s, "  <key id=\"factor\" for=\"edge\" attr.name=\"factor\" "
                           "attr.type=\"string\"/>\n");
    g_string_append(s, "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" "
                       "attr.type=\"double\"/>\n");
    if (!m->selection)
        g_string_append(s, "  <key id=\"year\" for=\"edge\" attr.name=\"year\" "
                           "attr.type=\"int\"/>\n");
    if (m->any_unit && !m->selection)
        g_string_append(s, "  <key id=\"unit\" for=\"edge\" attr.name=\"unit\" "
                           "attr.type=\"string\"/>\n");
    for (guint c = 0; c < m->ecols->len; c++) {
        const xcol *x = g_ptr_array_index(m->ecols, c);
        g_string_append_printf(s, "  <key id=\"e%u\" for=\"edge\" attr.name=\"", c);
        put_xml(s, x->name);
        g_string_append_printf(s, "\" attr.type=\"%s\"/>\n", graphml_type(x));
    }
    size_t nmeta = m->meta ? flow_table_meta_count(m->meta) : 0;
    for (size_t k = 0; k < nmeta; k++) {
        g_string_append_printf(s, "  <key id=\"g%zu\" for=\"graph\" attr.name=\"", k);
        put_xml(s, flow_table_meta_key(m->meta, k));
        g_string_append(s, "\" attr.type=\"string\"/>\n");
    }
    g_string_append_printf(s, "  <graph id=\"flows\" edgedefault=\"%s\">\n",
                           m->directed ? "directed" : "undirected");
    for (size_t k = 0; k < nmeta; k++) {
        const char *key = flow_table_meta_key(m->meta, k);
        g_string_append_printf(s, "    <data key=\"g%zu\">", k);
        put_xml(s, flow_table_meta(m->meta, key));
        g_string_append(s, "</data>\n");
    }

    for (size_t i = 0; i < m->nn; i++) {
        size_t nd = model_node(m, i);
        const flow__node *n = node_at(net, nd);
        /* python-igraph's convention: "name" is the identifier; the display
         * name is the label */
        g_string_append(s, "    <node id=\"");
        put_xml(s, n->id);
        g_string_append(s, "\">\n      <data key=\"name\">");
        put_xml(s, n->id);
        g_string_append(s, "</data>\n      <data key=\"label\">");
        put_xml(s, n->name);
        g_string_append(s, "</data>\n      <data key=\"kind\">");
        put_xml(s, n->kind);
        g_string_append(s, "</data>\n");
        if (n->parent >= 0) {
            g_string_append(s, "      <data key=\"parent\">");
            put_xml(s, node_id(net, (size_t)n->parent));
            g_string_append(s, "</data>\n");
        }
        if (m->groups[nd]) {
            g_string_append(s, "      <data key=\"groups\">");
            put_xml(s, m->groups[nd]);
            g_string_append(s, "</data>\n");
        }
        for (size_t a = 0; a < nattrs; a++) {
            const flow__attr *at = attr_at(net, a);
            if (at->numeric) {
                double v = attr_number(at, nd);
                if (isnan(v)) continue;
                g_string_append_printf(s, "      <data key=\"a%zu\">", a);
                put_xml_number(s, v);
            } else {
                const char *v = attr_text(at, nd);
                if (!v) continue;
                g_string_append_printf(s, "      <data key=\"a%zu\">", a);
                put_xml(s, v);
            }
            g_string_append(s, "</data>\n");
        }
        for (guint c = 0; c < m->ncols->len; c++)
            put_col_data(s, m, g_ptr_array_index(m->ncols, c), i, "c", c);
        g_string_append(s, "    </node>\n");
        sink_record(w);
    }

    size_t id = 0;
    for (size_t e = 0; e < m->ne; e++) {
        /* the whole network: one GraphML edge per flow (per year); a
         * selection: one per edge, its weight over the years */
        size_t from = m->yoff[e], to = m->selection ? from + 1 : m->yoff[e + 1];
        for (size_t y = from; y < to; y++) {
            g_string_append_printf(s, "    <edge id=\"e%zu\" source=\"", id++);
            put_xml(s, node_id(net, m->src[e]));
            g_string_append(s, "\" target=\"");
            put_xml(s, node_id(net, m->tgt[e]));
            g_string_append(s, "\">\n");
            if (m->factor) {
                g_string_append(s, "      <data key=\"factor\">");
                put_xml(s, m->factor[e]);
                g_string_append(s, "</data>\n");
            }
            g_string_append(s, "      <data key=\"weight\">");
            flow__export_number(s, m->selection ? m->total[e] : m->yw[y]);
            g_string_append(s, "</data>\n");
            if (!m->selection && m->year[y] != FLOW_NO_YEAR)
                g_string_append_printf(s, "      <data key=\"year\">%d</data>\n", (int)m->year[y]);
            if (m->any_unit && !m->selection && *unit_of_factor(net, m->factor[e])) {
                g_string_append(s, "      <data key=\"unit\">");
                put_xml(s, unit_of_factor(net, m->factor[e]));
                g_string_append(s, "</data>\n");
            }
            for (guint c = 0; c < m->ecols->len; c++)
                put_col_data(s, m, g_ptr_array_index(m->ecols, c), e, "e", c);
            g_string_append(s, "    </edge>\n");
            sink_record(w);
        }
    }
    g_string_append(s, "  </graph>\n</graphml>\n");
}

/* ---- GEXF 1.3 and 1.2 ----------------------------------------------------------- */

static const char *gexf_type(const xcol *x)
{
    return x->type == FLOW_COLUMN_DOUBLE ? "double" : x->type == FLOW_COLUMN_INT ? "long" : "string";
}

static void put_col_attvalue(GString *s, const xmodel *m, const xcol *x, size_t i, char prefix,
                             guint k)
{
    double v;
    const char *t;
    if (!col_value(m, x, i, &v, &t)) return;
    if (!t && !isfinite(v)) return; /* Gephi's Java knows no INF */
    g_string_append_printf(s, "          <attvalue for=\"%c%u\" value=\"", prefix, k);
    if (t)
        put_xml(s, t);
    else if (x->type == FLOW_COLUMN_INT)
        g_string_append_printf(s, "%" G_GINT64_FORMAT, (gint64)v);
    else
        flow__export_number(s, v);
    g_string_append(s, "\"/>\n");
}

static void render_gexf(sink *w, const xmodel *m, int v12)
{
    GString *s = w->buf;
    const flow_network *net = m->net;
    size_t nattrs = net->attrs->len;

    if (v12)
        g_string_append(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<gexf xmlns=\"http://www.gexf.net/1.2draft\"\n"
                           "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                           "    xsi:schemaLocation=\"http://www.gexf.net/1.2draft "
                           "http://www.gexf.net/1.2draft/gexf.xsd\"\n"
                           "    version=\"1.2\">\n");
    else
        g_string_append(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<gexf xmlns=\"http://gexf.net/1.3\"\n"
                           "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                           "    xsi:schemaLocation=\"http://gexf.net/1.3 "
                           "http://gexf.net/1.3/gexf.xsd\"\n"
                           "    version=\"1.3\">\n");
    g_string_append(s, "  <meta>\n"
                       "    <creator>libflow " FLOW_VERSION_STRING "</creator>\n"
                       "    <description>");
    if (m->meta) {
        g_string_append(s, "selection:");
        for (size_t k = 0; k < flow_table_meta_count(m->meta); k++) {
            const char *key = flow_table_meta_key(m->meta, k);
            g_string_append_printf(s, " %s=", key);
            put_xml(s, flow_table_meta(m->meta, key));
            g_string_append_c(s, ';');
        }
    } else {
        g_string_append(s, "innovation-factor flows");
    }
    g_string_append(s, "</description>\n  </meta>\n");
    g_string_append_printf(s, "  <graph mode=\"%s\"%s defaultedgetype=\"%s\" idtype=\"string\">\n",
                           m->dynamic ? "dynamic" : "static",
                           m->dynamic ? " timeformat=\"integer\"" : "",
                           m->directed ? "directed" : "undirected");
    g_string_append(s, "    <attributes class=\"node\" mode=\"static\">\n"
                       "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
                       "      <attribute id=\"parent\" title=\"parent\" type=\"string\"/>\n");
    if (m->any_group)
        g_string_append(s, "      <attribute id=\"groups\" title=\"groups\" type=\"string\"/>\n");
    for (size_t a = 0; a < nattrs; a++) {
        const flow__attr *at = attr_at(net, a);
        g_string_append_printf(s, "      <attribute id=\"a%zu\" title=\"", a);
        put_xml(s, at->name);
        g_string_append_printf(s, "\" type=\"%s\"/>\n", at->numeric ? "double" : "string");
    }
    for (guint c = 0; c < m->ncols->len; c++) {
        const xcol *x = g_ptr_array_index(m->ncols, c);
        g_string_append_printf(s, "      <attribute id=\"c%u\" title=\"", c);
        put_xml(s, x->name);
        g_string_append_printf(s, "\" type=\"%s\"/>\n", gexf_type(x));
    }
    g_string_append(s, "    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
    if (m->factor)
        g_string_append(s, "      <attribute id=\"factor\" title=\"factor\" type=\"string\"/>\n");
    if (m->any_unit)
        g_string_append(s, "      <attribute id=\"unit\" title=\"unit\" type=\"string\"/>\n");
    if (!m->dynamic && !m->selection)
        g_string_append(s, "      <attribute id=\"year\" title=\"year\" type=\"integer\"/>\n");
    for (guint c = 0; c < m->ecols->len; c++) {
        const xcol *x = g_ptr_array_index(m->ecols, c);
        g_string_append_printf(s, "      <attribute id=\"e%u\" title=\"", c);
        put_xml(s, x->name);
        g_string_append_printf(s, "\" type=\"%s\"/>\n", gexf_type(x));
    }
    g_string_append(s, "    </attributes>\n");
    if (m->dynamic)
        g_string_append(s, "    <attributes class=\"edge\" mode=\"dynamic\">\n"
                           "      <attribute id=\"yearly_weight\" title=\"yearly_weight\" "
                           "type=\"double\"/>\n"
                           "    </attributes>\n");

    g_string_append_printf(s, "    <nodes count=\"%zu\">\n", m->nn);
    for (size_t i = 0; i < m->nn; i++) {
        size_t nd = model_node(m, i);
        const flow__node *n = node_at(net, nd);
        g_string_append(s, "      <node id=\"");
        put_xml(s, n->id);
        g_string_append(s, "\" label=\"");
        put_xml(s, n->name);
        g_string_append(s, "\">\n        <attvalues>\n          <attvalue for=\"kind\" value=\"");
        put_xml(s, n->kind);
        g_string_append(s, "\"/>\n");
        if (n->parent >= 0) {
            g_string_append(s, "          <attvalue for=\"parent\" value=\"");
            put_xml(s, node_id(net, (size_t)n->parent));
            g_string_append(s, "\"/>\n");
        }
        if (m->groups[nd]) {
            g_string_append(s, "          <attvalue for=\"groups\" value=\"");
            put_xml(s, m->groups[nd]);
            g_string_append(s, "\"/>\n");
        }
        for (size_t a = 0; a < nattrs; a++) {
            const flow__attr *at = attr_at(net, a);
            if (at->numeric) {
                /* Gephi parses doubles with Java, which knows no INF: an
                 * infinite value is left out like a missing one. */
                double v = attr_number(at, nd);
                if (!isfinite(v)) continue;
                g_string_append_printf(s, "          <attvalue for=\"a%zu\" value=\"", a);
                flow__export_number(s, v);
            } else {
                const char *v = attr_text(at, nd);
                if (!v) continue;
                g_string_append_printf(s, "          <attvalue for=\"a%zu\" value=\"", a);
                put_xml(s, v);
            }
            g_string_append(s, "\"/>\n");
        }
        for (guint c = 0; c < m->ncols->len; c++)
            put_col_attvalue(s, m, g_ptr_array_index(m->ncols, c), i, 'c', c);
        g_string_append(s, "        </attvalues>\n      </node>\n");
        sink_record(w);
    }
    g_string_append(s, "    </nodes>\n");

    g_string_append_printf(s, "    <edges count=\"%zu\">\n", m->ne);
    for (size_t e = 0; e < m->ne; e++) {
        g_string_append_printf(s, "      <edge id=\"%zu\" source=\"", e);
        put_xml(s, node_id(net, m->src[e]));
        g_string_append(s, "\" target=\"");
        put_xml(s, node_id(net, m->tgt[e]));
        g_string_append(s, "\" weight=\"");
        flow__export_number(s, m->total[e]);
        if (m->factor) {
            /* Gephi's edge type: one layer per factor */
            g_string_append(s, "\" kind=\"");
            put_xml(s, m->factor[e]);
        }
        g_string_append(s, "\">\n        <attvalues>\n");
        if (m->factor) {
            g_string_append(s, "          <attvalue for=\"factor\" value=\"");
            put_xml(s, m->factor[e]);
            g_string_append(s, "\"/>\n");
        }
        const char *u = m->factor ? unit_of_factor(net, m->factor[e])
                        : m->meta && flow_table_meta(m->meta, "unit") ? flow_table_meta(m->meta, "unit")
                                                                      : "";
        if (m->any_unit && *u) {
            g_string_append(s, "          <attvalue for=\"unit\" value=\"");
            put_xml(s, u);
            g_string_append(s, "\"/>\n");
        }
        size_t from = m->yoff[e], to = m->yoff[e + 1];
        int dated = from < to && m->year[from] != FLOW_NO_YEAR;
        if (!m->dynamic && !m->selection && from < to && m->year[from] != FLOW_NO_YEAR)
            g_string_append_printf(s, "          <attvalue for=\"year\" value=\"%d\"/>\n",
                                   (int)m->year[from]);
        for (guint c = 0; c < m->ecols->len; c++)
            put_col_attvalue(s, m, g_ptr_array_index(m->ecols, c), e, 'e', c);
        if (m->dynamic && dated)
            for (size_t y = from; y < to; y++) {
                if (m->year[y] == FLOW_NO_YEAR) continue;
                /* Gephi's dynamic weight, and the same as a declared
                 * attribute (networkx reads only those) */
                for (int twice = 0; twice < 2; twice++) {
                    g_string_append(s, twice ? "          <attvalue for=\"yearly_weight\" value=\""
                                             : "          <attvalue for=\"weight\" value=\"");
                    flow__export_number(s, m->yw[y]);
                    g_string_append_printf(s, "\" start=\"%d\" end=\"%d\"/>\n", (int)m->year[y],
                                           (int)m->year[y]);
                }
            }
        g_string_append(s, "        </attvalues>\n");
        if (m->dynamic && dated) {
            /* the edge exists in its years: Gephi's timeline */
            g_string_append(s, "        <spells>\n");
            for (size_t y = from; y < to; y++)
                if (m->year[y] != FLOW_NO_YEAR)
                    g_string_append_printf(s, "          <spell start=\"%d\" end=\"%d\"/>\n",
                                           (int)m->year[y], (int)m->year[y]);
            g_string_append(s, "        </spells>\n");
        }
        g_string_append(s, "      </edge>\n");
        sink_record(w);
    }
    g_string_append(s, "    </edges>\n  </graph>\n</gexf>\n");
}

/* ---- DOT ------------------------------------------------------------------ */

static void put_col_dot(GString *s, const xmodel *m, const xcol *x, size_t i)
{
    double v;
    const char *t;
    if (!col_value(m, x, i, &v, &t)) return;
    g_string_append(s, ", ");
    put_dot_key(s, x->name);
    g_string_append_c(s, '=');
    if (t)
        put_dot_string(s, t);
    else
        put_dot_number(s, v);
}

static void render_dot(sink *w, const xmodel *m)
{
    GString *s = w->buf;
    const flow_network *net = m->net;
    size_t nattrs = net->attrs->len;

    g_string_append(s, m->directed ? "digraph \"flows\" {\n" : "graph \"flows\" {\n");
    /* dot's layered layout takes minutes on a dense flow graph (58 regions,
     * 1,500 pairs); neato's takes a second. dot -K picks another. */
    g_string_append(s, "  graph [layout=\"neato\"];\n");
    for (size_t i = 0; i < m->nn; i++) {
        size_t nd = model_node(m, i);
        const flow__node *n = node_at(net, nd);
        g_string_append(s, "  ");
        put_dot_string(s, n->id);
        g_string_append(s, " [label=");
        put_dot_string(s, n->name);
        g_string_append(s, ", kind=");
        put_dot_string(s, n->kind);
        if (n->parent >= 0) {
            g_string_append(s, ", parent=");
            put_dot_string(s, node_id(net, (size_t)n->parent));
        }
        if (m->groups[nd]) {
            g_string_append(s, ", groups=");
            put_dot_string(s, m->groups[nd]);
        }
        for (size_t a = 0; a < nattrs; a++) {
            const flow__attr *at = attr_at(net, a);
            if (at->numeric) {
                double v = attr_number(at, nd);
                if (isnan(v)) continue;
                g_string_append(s, ", ");
                put_dot_key(s, at->name);
                g_string_append_c(s, '=');
                put_dot_number(s, v);
            } else {
                const char *v = attr_text(at, nd);
                if (!v) continue;
                g_string_append(s, ", ");
                put_dot_key(s, at->name);
                g_string_append_c(s, '=');
                put_dot_string(s, v);
            }
        }
        for (guint c = 0; c < m->ncols->len; c++)
            put_col_dot(s, m, g_ptr_array_index(m->ncols, c), i);
        g_string_append(s, "];\n");
        sink_record(w);
    }
    for (size_t e = 0; e < m->ne; e++) {
        size_t from = m->yoff[e], to = m->selection ? from + 1 : m->yoff[e + 1];
        for (size_t y = from; y < to; y++) {
            g_string_append(s, "  ");
            put_dot_string(s, node_id(net, m->src[e]));
            g_string_append(s, m->directed ? " -> " : " -- ");
            put_dot_string(s, node_id(net, m->tgt[e]));
            g_string_append(s, " [");
            if (m->factor) {
                g_string_append(s, "factor=");
                put_dot_string(s, m->factor[e]);
                g_string_append(s, ", ");
            }
            g_string_append(s, "weight=");
            put_dot_number(s, m->selection ? m->total[e] : m->yw[y]);
            if (!m->selection && m->year[y] != FLOW_NO_YEAR)
                g_string_append_printf(s, ", year=\"%d\"", (int)m->year[y]);
            if (m->factor && m->any_unit && *unit_of_factor(net, m->factor[e])) {
                g_string_append(s, ", unit=");
                put_dot_string(s, unit_of_factor(net, m->factor[e]));
            }
            for (guint c = 0; c < m->ecols->len; c++)
                put_col_dot(s, m, g_ptr_array_index(m->ecols, c), e);
            g_string_append(s, "];\n");
            sink_record(w);
        }
    }
    g_string_append(s, "}\n");
}

/* ---- JSON of a selection ---------------------------------------------------------- */

static void put_json_col(GString *s, const xmodel *m, const xcol *x, size_t i)
{
    double v;
    const char *t;
    if (!col_value(m, x, i, &v, &t)) return;
    g_string_append(s, ", ");
    flow__export_json_string(s, x->name);
    g_string_append(s, ": ");
    if (t)
        flow__export_json_string(s, t);
    else if (isfinite(v))
        flow__export_number(s, v);
    else
        g_string_append(s, "null");
}

static void render_json_model(sink *w, const xmodel *m)
{
    GString *s = w->buf;
    const flow_network *net = m->net;
    g_string_append(s, "{\n  \"selection\": {");
    for (size_t k = 0; m->meta && k < flow_table_meta_count(m->meta); k++) {
        const char *key = flow_table_meta_key(m->meta, k);
        g_string_append(s, k ? ", " : "");
        flow__export_json_string(s, key);
        g_string_append(s, ": ");
        flow__export_json_string(s, flow_table_meta(m->meta, key));
    }
    g_string_append_printf(s, "},\n  \"directed\": %s,\n  \"nodes\": [",
                           m->directed ? "true" : "false");
    for (size_t i = 0; i < m->nn; i++) {
        size_t nd = model_node(m, i);
        const flow__node *n = node_at(net, nd);
        g_string_append(s, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        flow__export_json_string(s, n->id);
        g_string_append(s, ", \"name\": ");
        flow__export_json_string(s, n->name);
        g_string_append(s, ", \"kind\": ");
        flow__export_json_string(s, n->kind);
        for (size_t a = 0; a < net->attrs->len; a++) {
            const flow__attr *at = attr_at(net, a);
            if (at->numeric) {
                double v = attr_number(at, nd);
                if (isnan(v)) continue;
                g_string_append(s, ", ");
                flow__export_json_string(s, at->name);
                g_string_append(s, ": ");
                if (isfinite(v))
                    flow__export_number(s, v);
                else
                    g_string_append(s, "null");
            } else {
                const char *v = attr_text(at, nd);
                if (!v) continue;
                g_string_append(s, ", ");
                flow__export_json_string(s, at->name);
                g_string_append(s, ": ");
                flow__export_json_string(s, v);
            }
        }
        for (guint c = 0; c < m->ncols->len; c++) put_json_col(s, m, g_ptr_array_index(m->ncols, c), i);
        g_string_append_c(s, '}');
        sink_record(w);
    }
    g_string_append(s, m->nn ? "\n  ],\n  \"edges\": [" : "],\n  \"edges\": [");
    for (size_t e = 0; e < m->ne; e++) {
        g_string_append(s, e ? ",\n    {\"source\": " : "\n    {\"source\": ");
        flow__export_json_string(s, node_id(net, m->src[e]));
        g_string_append(s, ", \"target\": ");
        flow__export_json_string(s, node_id(net, m->tgt[e]));
        g_string_append(s, ", \"weight\": ");
        flow__export_number(s, m->total[e]);
        g_string_append(s, ", \"years\": {");
        int first = 1;
        for (size_t y = m->yoff[e]; y < m->yoff[e + 1]; y++) {
            if (m->year[y] == FLOW_NO_YEAR) continue;
            g_string_append_printf(s, "%s\"%d\": ", first ? "" : ", ", (int)m->year[y]);
            flow__export_number(s, m->yw[y]);
            first = 0;
        }
        g_string_append_c(s, '}');
        for (guint c = 0; c < m->ecols->len; c++) put_json_col(s, m, g_ptr_array_index(m->ecols, c), e);
        g_string_append_c(s, '}');
        sink_record(w);
    }
    g_string_append(s, m->ne ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- public API ----------------------------------------------------------- */

static int check_format(int format)
{
    if (format < FLOW_EXPORT_JSON || format > FLOW_EXPORT_GEXF12)
        return flow__error(FLOW_EINVAL, "unknown export format %d", format);
    return FLOW_OK;
}

/* What to write: the whole network as JSON (m NULL), or a model. */
typedef struct {
    const flow_network *net;
    const xmodel *m;
    int format;
} job;

static void render(sink *w, const job *j)
{
    if (!j->m) {
        render_json(w, j->net);
        return;
    }
    switch (j->format) {
    case FLOW_EXPORT_JSON: render_json_model(w, j->m); break;
    case FLOW_EXPORT_GRAPHML: render_graphml(w, j->m); break;
    case FLOW_EXPORT_GEXF: render_gexf(w, j->m, 0); break;
    case FLOW_EXPORT_GEXF12: render_gexf(w, j->m, 1); break;
    default: render_dot(w, j->m); break;
    }
}

/* The text is rendered through the sink into one block grown with
 * g_try_realloc: GString's aborting growth stays bounded by FLUSH_AT, and
 * the text's own memory fails softly (FLOW_ENOMEM). No file is involved,
 * so no descriptor or file-size limit (RLIMIT_FSIZE, SIGXFSZ) applies. */
static int emit_string(char **out, const job *j)
{
    sink w = {g_string_sized_new(FLUSH_AT + FLUSH_AT / 4), -1, 0, NULL, 0, 0};
    render(&w, j);
    sink_flush(&w);
    g_string_free(w.buf, TRUE);
    if (!w.err && !w.text && !(w.text = g_try_malloc(1))) w.err = ENOMEM; /* empty text */
    if (w.err) {
        g_free(w.text);
        return flow__error_nomem();
    }
    w.text[w.len] = '\0';
    char *fit = w.len + 1 < w.cap ? g_try_realloc(w.text, w.len + 1) : NULL;
    *out = fit ? fit : w.text;
    return FLOW_OK;
}

static int emit_file(const char *path, const job *j)
{
    flow__outfile o;
    char *message = NULL;
    if (flow__outfile_open(&o, path, &message) != 0) {
        int rc = message ? flow__error(FLOW_EIO, "%s", message) : flow__error_nomem();
        free(message);
        return rc;
    }
    sink w = {g_string_sized_new(FLUSH_AT + FLUSH_AT / 4), o.fd, 0, NULL, 0, 0};
    render(&w, j);
    sink_flush(&w);
    g_string_free(w.buf, TRUE);
    if (flow__outfile_close(&o, path, w.err, &message) == 0) return FLOW_OK;
    int rc = message ? flow__error(FLOW_EIO, "%s", message) : flow__error_nomem();
    free(message);
    return rc;
}

/* The whole network's model for a format (none for JSON). */
static int network_job(job *j, xmodel *m, const flow_network *net, int format)
{
    j->net = net;
    j->format = format;
    j->m = NULL;
    if (format == FLOW_EXPORT_JSON) return FLOW_OK;
    int rc = model_network(m, net, format == FLOW_EXPORT_GEXF || format == FLOW_EXPORT_GEXF12);
    if (rc == FLOW_OK) j->m = m;
    return rc;
}

int flow_export_string(char **out, const flow_network *net, int format)
{
    int rc;
    if (!out) return flow__error(FLOW_EINVAL, "flow_export_string: out is NULL");
    *out = NULL;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if ((rc = check_format(format)) < 0) return rc;
    job j;
    xmodel m;
    memset(&m, 0, sizeof m);
    if ((rc = network_job(&j, &m, net, format)) < 0) return rc;
    rc = emit_string(out, &j);
    if (j.m) model_clear(&m);
    return rc;
}

int flow_export_write(const flow_network *net, int format, const char *path)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if ((rc = check_format(format)) < 0) return rc;
    if (!path || !*path) return flow__error(FLOW_EINVAL, "flow_export_write: path is empty");
    job j;
    xmodel m;
    memset(&m, 0, sizeof m);
    if ((rc = network_job(&j, &m, net, format)) < 0) return rc;
    rc = emit_file(path, &j);
    if (j.m) model_clear(&m);
    return rc;
}

int flow_export_selection(char **out, flow_selection *sel, const flow_table *const *results,
                          size_t nresults, int format, const char *path)
{
    int rc;
    if (out) *out = NULL;
    if (!out && !path)
        return flow__error(FLOW_EINVAL, "flow_export_selection: give out or a path");
    if (path && !*path) return flow__error(FLOW_EINVAL, "flow_export_selection: path is empty");
    if (!sel || sel->magic != FLOW__SELECTION_MAGIC)
        return flow__error(FLOW_EMISUSE, "flow_export_selection: not a selection");
    if ((rc = flow__network_check(sel->net)) < 0) return rc;
    if ((rc = check_format(format)) < 0) return rc;
    if (nresults && !results)
        return flow__error(FLOW_EINVAL, "flow_export_selection: results is NULL");
    xmodel m;
    if ((rc = model_selection(&m, sel)) < 0) return rc;
    for (size_t i = 0; rc == FLOW_OK && i < nresults; i++) {
        if (!results[i]) {
            rc = flow__error(FLOW_EINVAL, "flow_export_selection: result %zu is NULL", i);
            break;
        }
        rc = model_add_table(&m, results[i], sel);
    }
    job j = {sel->net, &m, format};
    if (rc == FLOW_OK) rc = path ? emit_file(path, &j) : emit_string(out, &j);
    model_clear(&m);
    return rc;
}

/* The parameter "extensions" lists the file extensions that mean the
 * format, for flowctl and the Python package (one list for both). */
#define EXT(list) \
    ((const flow__param[]){{"extensions", "text", list, "file extensions of the format"}, \
                           {NULL, NULL, NULL, NULL}})
static const flow__entry format_entries[] = {
    {"json", FLOW_EXPORT_JSON, 0, "one JSON object: nodes, factors, flows, groups", EXT("json")},
    {"graphml", FLOW_EXPORT_GRAPHML, 0, "GraphML (networkx, igraph, Gephi, yEd)", EXT("graphml")},
    {"gexf", FLOW_EXPORT_GEXF, 0, "GEXF 1.3 (Gephi; dynamic over years)", EXT("gexf")},
    {"dot", FLOW_EXPORT_DOT, 0, "Graphviz DOT", EXT("dot gv")},
    {"gexf12", FLOW_EXPORT_GEXF12, 0, "GEXF 1.2 (networkx 2.x reads it; otherwise as gexf)",
     EXT("")},
};
#undef EXT
FLOW__FAMILY(flow__format_family, "format", "export format", "file formats of flow_export_write",
             format_entries);

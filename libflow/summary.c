/*
 * Summaries of a selection: counts by kind, factor and year, density and
 * reciprocity. Counts come from the network's flows through the
 * selection's filters; density and reciprocity from the built graph.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "libflow/summary.h"
#include "error_internal.h"
#include "export_internal.h"
#include "igraph_gate.h"
#include "network_internal.h"
#include "selection_internal.h"

#define SUMMARY_MAGIC 0x53554d4du

typedef struct {
    const char *name; /* borrowed from the network */
    size_t count;
} kind_count;

typedef struct {
    size_t index; /* network factor */
    size_t flows;
    double weight;
} factor_total;

typedef struct {
    int year;
    size_t flows;
    double weight;
} year_total;

struct flow_summary {
    uint32_t magic;
    flow_network *net; /* referenced: names are borrowed from it */
    size_t nodes, edges, flows;
    double density, reciprocity;
    GArray *kinds;   /* kind_count, sorted by name */
    GArray *factors; /* factor_total, network order */
    GArray *years;   /* year_total, ascending, FLOW_NO_YEAR first */
};

static int cmp_kind(const void *a, const void *b)
{
    return strcmp(((const kind_count *)a)->name, ((const kind_count *)b)->name);
}

static int cmp_year(const void *a, const void *b)
{
    int x = ((const year_total *)a)->year, y = ((const year_total *)b)->year;
    return (x > y) - (x < y);
}

int flow_summary_new(flow_summary **out, flow_selection *sel)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_summary_new: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc < 0) return rc;
    const flow_network *net = sel->net;

    flow_summary *s = g_new0(flow_summary, 1);
    s->magic = SUMMARY_MAGIC;
    s->net = flow__network_ref(sel->net);
    s->kinds = g_array_new(FALSE, FALSE, sizeof(kind_count));
    s->factors = g_array_new(FALSE, FALSE, sizeof(factor_total));
    s->years = g_array_new(FALSE, FALSE, sizeof(year_total));
    s->nodes = sel->nv;
    s->edges = (size_t)igraph_ecount(&sel->graph);

    /* kinds of the vertices */
    GHashTable *kinds = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t v = 0; v < sel->nv; v++) {
        const char *k = g_array_index(net->nodes, flow__node, sel->node_of_vertex[v]).kind;
        gpointer old = g_hash_table_lookup(kinds, k);
        g_hash_table_insert(kinds, (gpointer)k, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(old) + 1));
    }
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_iter_init(&it, kinds);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        kind_count kc = {key, GPOINTER_TO_SIZE(val)};
        g_array_append_val(s->kinds, kc);
    }
    g_hash_table_destroy(kinds);
    /* An empty GArray has NULL data, and qsort(NULL, 0, ...) is undefined
     * (glibc declares the pointer nonnull): sort only what is there. */
    if (s->kinds->len > 1) qsort(s->kinds->data, s->kinds->len, sizeof(kind_count), cmp_kind);

    /* factors and years of the kept flows */
    size_t nf = net->factors->len;
    factor_total *ft = g_new0(factor_total, nf ? nf : 1);
    GHashTable *years = g_hash_table_new(g_direct_hash, g_direct_equal); /* year -> index + 1 */
    for (size_t k = 0; k < net->nflows; k++) {
        if (!flow__selection_keeps(sel, k)) continue;
        s->flows++;
        ft[net->fac[k]].flows++;
        ft[net->fac[k]].weight += net->weight[k];
        gpointer yk = GINT_TO_POINTER(net->year[k]);
        size_t yi = GPOINTER_TO_SIZE(g_hash_table_lookup(years, yk));
        if (!yi) {
            year_total yt = {net->year[k], 0, 0};
            g_array_append_val(s->years, yt);
            yi = s->years->len;
            g_hash_table_insert(years, yk, GSIZE_TO_POINTER(yi));
        }
        year_total *yt = &g_array_index(s->years, year_total, yi - 1);
        yt->flows++;
        yt->weight += net->weight[k];
    }
    g_hash_table_destroy(years);
    if (s->years->len > 1) qsort(s->years->data, s->years->len, sizeof(year_total), cmp_year);
    for (size_t f = 0; f < nf; f++) {
        int kept = sel->factors->len == 0;
        for (guint j = 0; j < sel->factors->len && !kept; j++)
            kept = g_array_index(sel->factors, uint32_t, j) == f;
        if (!kept) continue;
        ft[f].index = f;
        g_array_append_val(s->factors, ft[f]);
    }
    g_free(ft);

    /* density and reciprocity of the graph (no self-loops by construction) */
    double n = (double)s->nodes, m = (double)s->edges;
    double pairs = sel->directed ? n * (n - 1) : n * (n - 1) / 2;
    s->density = s->nodes < 2 ? 0 : m / pairs;
    if (s->edges == 0) {
        s->reciprocity = NAN;
    } else if (!sel->directed) {
        s->reciprocity = 1;
    } else {
        igraph_real_t r = 0;
        flow__gate gate;
        flow__igraph_enter(&gate, NULL, NULL, 0);
        igraph_error_t err = igraph_reciprocity(&sel->graph, &r, 1, IGRAPH_RECIPROCITY_DEFAULT);
        rc = flow__igraph_leave(&gate, err, "reciprocity");
        if (rc < 0) {
            flow_summary_free(s);
            return rc;
        }
        s->reciprocity = r;
    }
    *out = s;
    return FLOW_OK;
}

static int ok(const flow_summary *s) { return s && s->magic == SUMMARY_MAGIC; }

void flow_summary_free(flow_summary *s)
{
    if (!ok(s)) return;
    g_array_free(s->kinds, TRUE);
    g_array_free(s->factors, TRUE);
    g_array_free(s->years, TRUE);
    flow__network_unref(s->net);
    s->magic = 0;
    g_free(s);
}

size_t flow_summary_node_count(const flow_summary *s) { return ok(s) ? s->nodes : 0; }
size_t flow_summary_edge_count(const flow_summary *s) { return ok(s) ? s->edges : 0; }
size_t flow_summary_flow_count(const flow_summary *s) { return ok(s) ? s->flows : 0; }
double flow_summary_density(const flow_summary *s) { return ok(s) ? s->density : NAN; }
double flow_summary_reciprocity(const flow_summary *s) { return ok(s) ? s->reciprocity : NAN; }

size_t flow_summary_kind_count(const flow_summary *s) { return ok(s) ? s->kinds->len : 0; }

const char *flow_summary_kind_name(const flow_summary *s, size_t k)
{
    return ok(s) && k < s->kinds->len ? g_array_index(s->kinds, kind_count, k).name : NULL;
}

size_t flow_summary_kind_nodes(const flow_summary *s, size_t k)
{
    return ok(s) && k < s->kinds->len ? g_array_index(s->kinds, kind_count, k).count : 0;
}

size_t flow_summary_factor_count(const flow_summary *s) { return ok(s) ? s->factors->len : 0; }

static const factor_total *factor_at(const flow_summary *s, size_t f)
{
    return ok(s) && f < s->factors->len ? &g_array_index(s->factors, factor_total, f) : NULL;
}

const char *flow_summary_factor_name(const flow_summary *s, size_t f)
{
    const factor_total *t = factor_at(s, f);
    return t ? flow_network_factor_name(s->net, t->index) : NULL;
}

const char *flow_summary_factor_unit(const flow_summary *s, size_t f)
{
    const factor_total *t = factor_at(s, f);
    return t ? flow_network_factor_unit(s->net, t->index) : NULL;
}

size_t flow_summary_factor_flows(const flow_summary *s, size_t f)
{
    const factor_total *t = factor_at(s, f);
    return t ? t->flows : 0;
}

double flow_summary_factor_weight(const flow_summary *s, size_t f)
{
    const factor_total *t = factor_at(s, f);
    return t ? t->weight : NAN;
}

size_t flow_summary_year_count(const flow_summary *s) { return ok(s) ? s->years->len : 0; }

static const year_total *year_at(const flow_summary *s, size_t y)
{
    return ok(s) && y < s->years->len ? &g_array_index(s->years, year_total, y) : NULL;
}

int flow_summary_year(const flow_summary *s, size_t y)
{
    const year_total *t = year_at(s, y);
    return t ? t->year : FLOW_NO_YEAR;
}

size_t flow_summary_year_flows(const flow_summary *s, size_t y)
{
    const year_total *t = year_at(s, y);
    return t ? t->flows : 0;
}

double flow_summary_year_weight(const flow_summary *s, size_t y)
{
    const year_total *t = year_at(s, y);
    return t ? t->weight : NAN;
}

/* Numbers are written in the C locale whatever LC_NUMERIC says: JSON needs
 * a '.' (a decimal comma made invalid JSON), and the text should not change
 * with the caller's locale either. */
static const char *num(char buf[G_ASCII_DTOSTR_BUF_SIZE], const char *fmt, double x)
{
    return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, fmt, x);
}

static void json_number(GString *b, double x)
{
    if (isfinite(x))
        flow__export_number(b, x);
    else
        g_string_append(b, "null");
}

static void format_json(GString *b, const flow_summary *s)
{
    g_string_append_printf(b, "{\"nodes\": %zu, \"edges\": %zu, \"flows\": %zu, \"density\": ",
                           s->nodes, s->edges, s->flows);
    json_number(b, s->density);
    g_string_append(b, ", \"reciprocity\": ");
    json_number(b, s->reciprocity);
    g_string_append(b, ", \"kinds\": {");
    for (size_t k = 0; k < s->kinds->len; k++) {
        if (k) g_string_append(b, ", ");
        flow__export_json_string(b, flow_summary_kind_name(s, k));
        g_string_append_printf(b, ": %zu", flow_summary_kind_nodes(s, k));
    }
    g_string_append(b, "}, \"factors\": [");
    for (size_t f = 0; f < s->factors->len; f++) {
        g_string_append(b, f ? ", {\"name\": " : "{\"name\": ");
        flow__export_json_string(b, flow_summary_factor_name(s, f));
        g_string_append(b, ", \"unit\": ");
        flow__export_json_string(b, flow_summary_factor_unit(s, f));
        g_string_append_printf(b, ", \"flows\": %zu, \"weight\": ", flow_summary_factor_flows(s, f));
        json_number(b, flow_summary_factor_weight(s, f));
        g_string_append_c(b, '}');
    }
    g_string_append(b, "], \"years\": [");
    for (size_t y = 0; y < s->years->len; y++) {
        int yr = flow_summary_year(s, y);
        g_string_append(b, y ? ", {\"year\": " : "{\"year\": ");
        if (yr == FLOW_NO_YEAR)
            g_string_append(b, "null");
        else
            g_string_append_printf(b, "%d", yr);
        g_string_append_printf(b, ", \"flows\": %zu, \"weight\": ", flow_summary_year_flows(s, y));
        json_number(b, flow_summary_year_weight(s, y));
        g_string_append_c(b, '}');
    }
    g_string_append(b, "]}\n");
}

static void format_text(GString *b, const flow_summary *s)
{
    char x[G_ASCII_DTOSTR_BUF_SIZE], x2[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(b, "nodes        %zu\nedges        %zu\nflows        %zu\n", s->nodes,
                           s->edges, s->flows);
    g_string_append_printf(b, "density      %s\nreciprocity  %s\n", num(x, "%.4g", s->density),
                           num(x2, "%.4g", s->reciprocity));
    g_string_append(b, "\nnodes by kind\n");
    for (size_t k = 0; k < s->kinds->len; k++)
        g_string_append_printf(b, "  %-20s %zu\n", flow_summary_kind_name(s, k),
                               flow_summary_kind_nodes(s, k));
    g_string_append(b, "\nflows by factor\n");
    for (size_t f = 0; f < s->factors->len; f++) {
        const char *unit = flow_summary_factor_unit(s, f);
        g_string_append_printf(b, "  %-20s %8zu flows  total %s%s%s\n",
                               flow_summary_factor_name(s, f), flow_summary_factor_flows(s, f),
                               num(x, "%.6g", flow_summary_factor_weight(s, f)), *unit ? " " : "",
                               unit);
    }
    /* A year's total adds every kept factor's weights: meaningless when the
     * factors have different units, so the text leaves it out then. */
    int mixed = 0;
    for (size_t f = 1; f < s->factors->len; f++)
        mixed |= strcmp(flow_summary_factor_unit(s, f), flow_summary_factor_unit(s, 0)) != 0;
    if (s->years->len)
        g_string_append(b, mixed ? "\nflows by year (totals not shown: the factors' units differ)\n"
                                 : "\nflows by year\n");
    for (size_t y = 0; y < s->years->len; y++) {
        int yr = flow_summary_year(s, y);
        if (yr == FLOW_NO_YEAR)
            g_string_append(b, "  (no year)");
        else
            g_string_append_printf(b, "  %-9d", yr);
        g_string_append_printf(b, "  %8zu flows", flow_summary_year_flows(s, y));
        if (!mixed)
            g_string_append_printf(b, "  total %s", num(x, "%.6g", flow_summary_year_weight(s, y)));
        g_string_append_c(b, '\n');
    }
}

int flow_summary_format(char **out, const flow_summary *s, int format)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_summary_format: out is NULL");
    *out = NULL;
    if (!ok(s)) return flow__error(FLOW_EMISUSE, "summary handle is NULL or invalid");
    if (format != FLOW_FORMAT_TEXT && format != FLOW_FORMAT_JSON)
        return flow__error(FLOW_EINVAL, "unknown summary format %d", format);
    GString *b = g_string_new(NULL);
    if (format == FLOW_FORMAT_JSON)
        format_json(b, s);
    else
        format_text(b, s);
    *out = g_string_free(b, FALSE);
    return FLOW_OK;
}

/*
 * report.c - the HTML report and the SVG flow map (libflow/report.h).
 *
 * Outline. flow_report_string() gathers what every section shares once
 * (the network's nodes table, positions of the nodes, a partition that
 * colours them), then writes the sections in order into one GString:
 * each section is a function section_<name>() that runs the library's
 * own analyses on the caller's selection or on copies of it (one factor,
 * one year) and draws their tables. Maps are drawn by draw_map() from an
 * edge list (edges_of(): the selection's graph, thinned to the backbone
 * when too dense), so the per-factor maps, their year layers, the
 * bottleneck map and the standalone SVG share one drawing code.
 *
 * Positions: geographic when the nodes have "lat" and "lon" (a basemap of
 * Natural Earth outlines, embedded at build time from data/basemap/, is
 * drawn behind), else igraph's Fruchterman-Reingold layout, inside the
 * gate, seeded.
 *
 * Output is deterministic (no clock, no locale: numbers are formatted by
 * hand) and every text from the data goes through esc().
 */
#include "libflow/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <igraph.h>

#include "libflow/bottleneck.h"
#include "libflow/error.h"
#include "libflow/centrality.h"
#include "libflow/cluster.h"
#include "libflow/gravity.h"
#include "libflow/network.h"
#include "libflow/significance.h"
#include "libflow/structure.h"
#include "libflow/summary.h"
#include "libflow/table.h"
#include "libflow/version.h"
#include "error_internal.h"
#include "igraph_gate.h"
#include "selection_internal.h"

/* data/basemap/basemap.txt, embedded by CMake (basemap_data.c). */
extern const char flow__basemap_text[];
extern const size_t flow__basemap_size;

#define W 960.0         /* map width (SVG user units) */
#define LEGEND_H 64.0   /* legend band under a map */
#define PALETTE 10      /* cluster colours; the last is "other" */
#define MAX_YEAR_LAYERS 60
#define MAX_FACTOR_MAPS 6 /* per-factor maps at most (those with most flows) */
#define MAX_GRAVITY_FITS 3 /* gravity fits at most (the factors with most flows) */
#define MAX_MODULARITY_SAMPLES 99 /* each one clusters a complete network */
#define MIN_MODULARITY_SAMPLES 19 /* fewer cannot give p < 0.05 */
#define MODULARITY_BUDGET 1e5     /* samples x ordered pairs of the modularity test */
#define MAX_GRAVITY_PAIRS 250000 /* ordered pairs a fit may have (500 nodes) */

static const char *const palette[PALETTE] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                             "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                                             "#9c755f", "#9aa0a6"};

/* ---- text ------------------------------------------------------------------------- */

/* Escapes text for XML and HTML (content and quoted attributes). Control
 * characters XML cannot carry become spaces; invalid UTF-8 is replaced. */
static void esc(GString *o, const char *s)
{
    if (!s) return;
    char *valid = NULL;
    if (!g_utf8_validate(s, -1, NULL)) s = valid = g_utf8_make_valid(s, -1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': g_string_append(o, "&amp;"); break;
        case '<': g_string_append(o, "&lt;"); break;
        case '>': g_string_append(o, "&gt;"); break;
        case '"': g_string_append(o, "&quot;"); break;
        case '\'': g_string_append(o, "&#39;"); break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                g_string_append_c(o, ' ');
            else
                g_string_append_c(o, (char)*p);
        }
    }
    g_free(valid);
}

/* A coordinate with one decimal, without the locale. */
static void coord(GString *o, double x)
{
    long long t = llround(x * 10.0);
    if (t < 0) {
        g_string_append_c(o, '-');
        t = -t;
    }
    g_string_append_printf(o, "%lld", t / 10);
    if (t % 10) g_string_append_printf(o, ".%lld", t % 10);
}

/* A figure for people: grouped thousands for large values, 3 significant
 * digits for small ones; "n/a" for NAN. Locale-free. */
static void figure(GString *o, double x)
{
    if (isnan(x)) {
        g_string_append(o, "n/a");
        return;
    }
    if (isinf(x)) {
        g_string_append(o, x > 0 ? "inf" : "-inf");
        return;
    }
    double a = fabs(x);
    if (a >= 1000) {
        char digits[64];
        snprintf(digits, sizeof digits, "%.0f", a); /* digits only: no locale effect */
        size_t n = strlen(digits);
        if (x < 0) g_string_append_c(o, '-');
        for (size_t i = 0; i < n; i++) {
            if (i && (n - i) % 3 == 0) g_string_append_c(o, ',');
            g_string_append_c(o, digits[i]);
        }
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, a >= 100 ? "%.0f" : "%.3g", x);
    g_string_append(o, buf);
}

/* A short figure for small spaces (heat-map cells): 3 significant digits
 * with k, M, G. */
static void short_figure(GString *o, double x)
{
    static const char *const suffix[] = {"", "k", "M", "G", "T"};
    int k = 0;
    double a = fabs(x);
    while (a >= 999.5 && k < 4) a /= 1000, x /= 1000, k++;
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.3g", x);
    g_string_append(o, buf);
    g_string_append(o, suffix[k]);
}

/* ---- the report ------------------------------------------------------------------- */

typedef struct {
    int64_t u, v; /* network node indexes */
    double w;
} edge;

typedef struct {
    flow_selection *sel;
    flow_network *net;
    flow_report_options o;
    GString *out;
    int what;

    flow_table *nodes; /* the network's nodes */
    size_t nn;
    const char *const *id, *const *name;
    const char *const *label_text;
    const double *label_num;

    flow_table *factors; /* the network's factors */
    flow_table *groups;  /* the network's groups (may have 0 rows) */
    flow_table *summary;

    /* positions per network node (NAN: not placed), map height */
    double *x, *y;
    double h;
    int geo;
    size_t unplaced;
    size_t unlinked; /* layout: vertices without a drawn edge, in rows */
    char *off;     /* per network node: 1 when drawn at the frame's edge */
    size_t offmap;
    double lon0, lat0, kx, scale, px0, py0; /* projection */

    /* colours per network node: palette index, -1 when not a vertex */
    int *colour;
    flow_table *clusters; /* the partition (table of the main selection) */
    size_t ncolours;      /* colours used by the partition */
    char *cluster_name[PALETTE];

    int map_count; /* ids of maps */
    /* the widest edge of the layer being drawn: 7 units on a sparse map,
     * narrower as the edges get many (down to 2.5), so that a dense map
     * stays legible */
    double widest;
} report;

static const char *node_label(const report *r, int64_t n, char *buf, size_t size)
{
    if (n < 0 || (size_t)n >= r->nn) return "";
    if (r->label_text && r->label_text[n] && *r->label_text[n]) return r->label_text[n];
    if (r->label_num && !isnan(r->label_num[n])) {
        g_ascii_formatd(buf, size, "%g", r->label_num[n]);
        return buf;
    }
    return r->name[n];
}

/* One row of a table of pairs of nodes: from, to, then the figures
 * x[0, nx). */
static void pair_row(const report *r, int64_t from, int64_t to, const double *x, size_t nx)
{
    GString *o = r->out;
    char b[64];
    g_string_append(o, "<tr><td>");
    esc(o, node_label(r, from, b, sizeof b));
    g_string_append(o, "</td><td>");
    esc(o, node_label(r, to, b, sizeof b));
    for (size_t i = 0; i < nx; i++) {
        g_string_append(o, "</td><td class=\"num\">");
        figure(o, x[i]);
    }
    g_string_append(o, "</td></tr>\n");
}

static int64_t col(const flow_table *t, const char *name)
{
    return flow_table_column_index(t, name);
}

/* ---- selections like the caller's ------------------------------------------------- */

/* A new selection with the caller's settings, its factors replaced by one
 * factor when `factor` is not NULL and its years by [year, year] when year
 * is not FLOW_NO_YEAR. */
static int copy_selection(flow_selection **out, report *r, const char *factor, int year)
{
    flow_selection *s = NULL;
    const flow_selection *src = r->sel;
    int rc = flow_selection_new(&s, r->net);
    if (rc != FLOW_OK) return rc;
    const char *const *fname = flow_table_texts(r->factors, 0);
    if (factor) {
        rc = flow_selection_set_factors(s, &factor, 1);
    } else if (src->factors->len) {
        const char **names = g_new0(const char *, src->factors->len);
        for (guint i = 0; i < src->factors->len; i++)
            names[i] = fname[g_array_index(src->factors, uint32_t, i)];
        rc = flow_selection_set_factors(s, names, src->factors->len);
        g_free(names);
    }
    if (rc == FLOW_OK) rc = flow_selection_set_combine(s, src->combine);
    if (rc == FLOW_OK) {
        if (year != FLOW_NO_YEAR)
            rc = flow_selection_set_years(s, year, year);
        else if (src->first != FLOW_NO_YEAR || src->last != FLOW_NO_YEAR)
            rc = flow_selection_set_years(s, src->first, src->last);
    }
    if (rc == FLOW_OK) rc = flow_selection_set_directed(s, src->directed);
    if (rc == FLOW_OK && src->level) rc = flow_selection_set_level(s, src->level);
    if (rc == FLOW_OK) rc = flow_selection_build(s);
    if (rc != FLOW_OK) {
        flow_selection_free(s);
        return rc;
    }
    *out = s;
    return FLOW_OK;
}

/* ---- edges to draw ------------------------------------------------------------------ */

static int cmp_edge_weight(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->w != y->w) return x->w < y->w ? 1 : -1;
    if (x->u != y->u) return x->u < y->u ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* The edges a map of sel shows: every edge of its graph when there are at
 * most `max` of them; else the disparity-filter backbone, and of that the
 * heaviest `max`. *total gets the graph's edge count, *how what was done
 * ("" / "backbone" / "backbone+top" / "top"). Also the vertex strengths per
 * network node (in + out, all edges) into strength when not NULL. */
static int edges_of(report *r, flow_selection *sel, size_t max, edge **out, size_t *n,
                    size_t *total, const char **how, double *strength)
{
    flow_table *g = NULL, *bb = NULL;
    int rc = flow_selection_table(&g, sel);
    if (rc != FLOW_OK) return rc;
    size_t ne = flow_table_row_count(g);
    const int64_t *s = flow_table_ints(g, 0), *t = flow_table_ints(g, 1);
    const double *w = flow_table_doubles(g, 2);
    edge *e = g_new(edge, ne ? ne : 1);
    size_t k = 0;
    for (size_t i = 0; i < ne; i++) {
        e[i] = (edge){s[i], t[i], w[i]};
        if (strength) {
            strength[s[i]] += w[i];
            strength[t[i]] += w[i];
        }
    }
    *total = ne;
    *how = "";
    k = ne;
    if (ne > max) {
        rc = flow_structure_backbone(&bb, sel, r->o.alpha);
        if (rc != FLOW_OK) {
            g_free(e);
            flow_table_free(g);
            return rc;
        }
        GHashTable *keep = g_hash_table_new(g_int64_hash, g_int64_equal);
        size_t nb = flow_table_row_count(bb);
        int64_t *keys = g_new(int64_t, nb ? nb : 1);
        const int64_t *bs = flow_table_ints(bb, 0), *bt = flow_table_ints(bb, 1);
        int directed = flow_selection_is_directed(sel);
        for (size_t i = 0; i < nb; i++) {
            int64_t a = bs[i], b = bt[i];
            if (!directed && a > b) {
                int64_t tmp = a;
                a = b;
                b = tmp;
            }
            keys[i] = a * (int64_t)r->nn + b;
            g_hash_table_add(keep, &keys[i]);
        }
        k = 0;
        for (size_t i = 0; i < ne; i++) {
            int64_t a = e[i].u, b = e[i].v;
            if (!directed && a > b) {
                int64_t tmp = a;
                a = b;
                b = tmp;
            }
            int64_t key = a * (int64_t)r->nn + b;
            if (g_hash_table_contains(keep, &key)) e[k++] = e[i];
        }
        g_hash_table_destroy(keep);
        g_free(keys);
        flow_table_free(bb);
        *how = "backbone";
        if (k == 0) { /* nothing significant: fall back to the heaviest */
            for (size_t i = 0; i < ne; i++) e[i] = (edge){s[i], t[i], w[i]};
            k = ne;
            *how = "top";
        }
    }
    qsort(e, k, sizeof *e, cmp_edge_weight);
    if (k > max) {
        k = max;
        if (**how == 'b') *how = "backbone+top";
        else *how = "top";
    }
    flow_table_free(g);
    *out = e;
    *n = k;
    return FLOW_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static gint cmp_int(gconstpointer a, gconstpointer b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* ---- positions ------------------------------------------------------------------------ */

static void project(const report *r, double lon, double lat, double *x, double *y)
{
    *x = (lon * r->kx - r->px0) * r->scale;
    *y = (r->py0 - lat) * r->scale;
}

/* Geographic positions when at least half of the vertices have (or
 * inherit) coordinates. Returns 1 when used. */
static int geo_positions(report *r, const int64_t *vnode, size_t nv)
{
    int64_t clat = col(r->nodes, "lat"), clon = col(r->nodes, "lon");
    if (clat < 4 || clon < 4) return 0;
    if (flow_table_column_type(r->nodes, (size_t)clat) != FLOW_COLUMN_DOUBLE ||
        flow_table_column_type(r->nodes, (size_t)clon) != FLOW_COLUMN_DOUBLE)
        return 0;
    const double *lat = flow_table_doubles(r->nodes, (size_t)clat);
    const double *lon = flow_table_doubles(r->nodes, (size_t)clon);
    const int64_t *parent = flow_table_ints(r->nodes, (size_t)col(r->nodes, "parent"));
    if (!lat || !lon) return 0;
    double *la = g_new(double, nv ? nv : 1), *lo = g_new(double, nv ? nv : 1);
    size_t placed = 0;
    for (size_t v = 0; v < nv; v++) {
        int64_t n = vnode[v];
        size_t hops = 0;
        while (n >= 0 && (isnan(lat[n]) || isnan(lon[n]) || fabs(lat[n]) > 90 ||
                          fabs(lon[n]) > 180) &&
               hops++ < r->nn)
            n = parent[n];
        if (n >= 0 && !isnan(lat[n]) && !isnan(lon[n]) && fabs(lat[n]) <= 90 &&
            fabs(lon[n]) <= 180) {
            la[v] = lat[n], lo[v] = lon[n];
            placed++;
        } else {
            la[v] = lo[v] = NAN;
        }
    }
    if (nv == 0 || placed * 2 < nv) {
        g_free(la);
        g_free(lo);
        return 0;
    }
    /* The frame: every placed vertex, unless a few far ones (partner
     * countries of a national network, outlying airports) would shrink
     * the rest to a corner: then those within twice the distance from the
     * median point of the 85% nearest it, and the others at the frame's
     * edge in their direction. */
    double *tmp = g_new(double, placed);
    size_t k = 0;
    for (size_t v = 0; v < nv; v++)
        if (!isnan(la[v])) tmp[k++] = la[v];
    qsort(tmp, placed, sizeof *tmp, cmp_double);
    double mlat = tmp[placed / 2];
    k = 0;
    for (size_t v = 0; v < nv; v++)
        if (!isnan(la[v])) tmp[k++] = lo[v];
    qsort(tmp, placed, sizeof *tmp, cmp_double);
    double mlon = tmp[placed / 2];
    double mk = fmax(cos(mlat * G_PI / 180.0), 0.2);
    double *dist = g_new(double, nv);
    k = 0;
    for (size_t v = 0; v < nv; v++) {
        dist[v] = isnan(la[v]) ? INFINITY : hypot((lo[v] - mlon) * mk, la[v] - mlat);
        if (!isnan(la[v])) tmp[k++] = dist[v];
    }
    qsort(tmp, placed, sizeof *tmp, cmp_double);
    size_t ncore = (placed * 85 + 99) / 100;
    if (ncore < 2) ncore = placed;
    /* the core reaches twice as far as the 85% nearest: a national map
     * keeps its own far provinces, and only outliers are pulled in */
    double cut = fmax(2 * tmp[ncore - 1], 1.0);
    size_t beyond = 0;
    for (size_t i = 0; i < placed; i++) beyond += tmp[i] > cut;
    g_free(tmp);
    double span[2][4]; /* all, core: lon min, lon max, lat min, lat max */
    for (int c = 0; c < 2; c++) span[c][0] = span[c][2] = INFINITY, span[c][1] = span[c][3] = -INFINITY;
    for (size_t v = 0; v < nv; v++) {
        if (isnan(la[v])) continue;
        for (int c = 0; c < 2; c++) {
            if (c == 1 && dist[v] > cut) continue;
            span[c][0] = fmin(span[c][0], lo[v]), span[c][1] = fmax(span[c][1], lo[v]);
            span[c][2] = fmin(span[c][2], la[v]), span[c][3] = fmax(span[c][3], la[v]);
        }
    }
    int c = beyond ? 1 : 0;
    g_free(dist);
    r->lat0 = (span[c][2] + span[c][3]) / 2;
    r->kx = cos(r->lat0 * G_PI / 180.0);
    if (r->kx < 0.2) r->kx = 0.2;
    double minx = span[c][0] * r->kx, maxx = span[c][1] * r->kx;
    double miny = -span[c][3], maxy = -span[c][2];
    /* a margin of 8%, at least 2 degrees; height within [0.45, 0.8] of
     * the width, the shorter span widened to keep the aspect */
    double sx = fmax(maxx - minx, 2.0), sy = fmax(maxy - miny, 2.0);
    double cx = (minx + maxx) / 2, cy = (miny + maxy) / 2;
    sx *= 1.16, sy *= 1.16;
    double ratio = sy / sx;
    if (ratio < 0.45) sy = sx * 0.45, ratio = 0.45;
    if (ratio > 0.8) sx = sy / 0.8, ratio = 0.8;
    r->h = W * ratio;
    r->scale = W / sx;
    r->px0 = cx - sx / 2;
    r->py0 = -(cy - sy / 2); /* latitude of the top edge */
    k = 0;
    for (size_t v = 0; v < nv; v++) {
        int64_t n = vnode[v];
        if (isnan(la[v])) {
            /* along the bottom edge, in vertex order */
            r->x[n] = 20 + (double)(k++ % 60) * 15;
            r->y[n] = r->h - 12;
            r->unplaced++;
            continue;
        }
        project(r, lo[v], la[v], &r->x[n], &r->y[n]);
        const double m = 16;
        if (r->x[n] < m || r->x[n] > W - m || r->y[n] < m || r->y[n] > r->h - m) {
            double ox = W / 2, oy = r->h / 2, dx = r->x[n] - ox, dy = r->y[n] - oy, t = 1;
            if (fabs(dx) > 1e-9) t = fmin(t, (W / 2 - m) / fabs(dx));
            if (fabs(dy) > 1e-9) t = fmin(t, (r->h / 2 - m) / fabs(dy));
            r->x[n] = ox + dx * t, r->y[n] = oy + dy * t;
            r->off[n] = 1;
            r->offmap++;
        }
    }
    g_free(la);
    g_free(lo);
    return 1;
}

/* Fruchterman-Reingold, inside the gate, on the edges the map draws (the
 * backbone of a dense graph: a layout of every edge of a dense graph is
 * one ball), as an undirected graph of the vertices that have one; log
 * weights pull (a few huge flows would otherwise pull everything into one
 * point). */
static igraph_error_t fr_layout(size_t nv, const int64_t *va, const int64_t *vb,
                                const double *w, size_t ne, igraph_matrix_t *res)
{
    igraph_t g;
    igraph_vector_int_t ends;
    igraph_vector_t lw;
    igraph_error_t err = igraph_vector_int_init(&ends, (igraph_integer_t)(2 * ne));
    if (err != IGRAPH_SUCCESS) return err;
    err = igraph_vector_init(&lw, (igraph_integer_t)ne);
    if (err != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&ends);
        return err;
    }
    double wmin = INFINITY;
    for (size_t i = 0; i < ne; i++) wmin = fmin(wmin, w[i]);
    for (size_t i = 0; i < ne; i++) {
        VECTOR(ends)[2 * i] = va[i];
        VECTOR(ends)[2 * i + 1] = vb[i];
        VECTOR(lw)[i] = 1 + log(w[i] / wmin);
    }
    err = igraph_create(&g, &ends, (igraph_integer_t)nv, IGRAPH_UNDIRECTED);
    if (err == IGRAPH_SUCCESS) {
        err = igraph_layout_fruchterman_reingold(&g, res, false, 500, sqrt((double)nv),
                                                 IGRAPH_LAYOUT_AUTOGRID, ne ? &lw : NULL, NULL,
                                                 NULL, NULL, NULL);
        igraph_destroy(&g);
    }
    igraph_vector_destroy(&lw);
    igraph_vector_int_destroy(&ends);
    return err;
}

/* Layout positions: the vertices with a drawn edge by fr_layout(), framed;
 * the others in rows along the bottom edge. */
static int layout_positions(report *r, const int64_t *vnode, size_t nv)
{
    edge *e = NULL;
    size_t ne = 0, total = 0;
    const char *how = "";
    int rc = edges_of(r, r->sel, r->o.max_edges, &e, &ne, &total, &how, NULL);
    if (rc != FLOW_OK) return rc;
    /* network node -> laid-out vertex number (only vertices with an edge) */
    int64_t *num = g_new(int64_t, r->nn ? r->nn : 1);
    for (size_t i = 0; i < r->nn; i++) num[i] = -1;
    size_t k = 0;
    int64_t *va = g_new(int64_t, ne ? ne : 1), *vb = g_new(int64_t, ne ? ne : 1);
    double *w = g_new(double, ne ? ne : 1);
    int64_t *node_of = g_new(int64_t, nv ? nv : 1);
    for (size_t i = 0; i < ne; i++) {
        if (num[e[i].u] < 0) node_of[k] = e[i].u, num[e[i].u] = (int64_t)k++;
        if (num[e[i].v] < 0) node_of[k] = e[i].v, num[e[i].v] = (int64_t)k++;
        va[i] = num[e[i].u], vb[i] = num[e[i].v], w[i] = e[i].w;
    }
    r->h = 640;
    flow__gate gate;
    igraph_matrix_t res;
    flow__igraph_enter(&gate, NULL, NULL, r->o.seed);
    igraph_error_t err = igraph_matrix_init(&res, 0, 0);
    if (err == IGRAPH_SUCCESS) {
        if (k > 0) err = fr_layout(k, va, vb, w, ne, &res);
        if (err == IGRAPH_SUCCESS && k > 0) {
            double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
            for (size_t v = 0; v < k; v++) {
                minx = fmin(minx, MATRIX(res, v, 0)), maxx = fmax(maxx, MATRIX(res, v, 0));
                miny = fmin(miny, MATRIX(res, v, 1)), maxy = fmax(maxy, MATRIX(res, v, 1));
            }
            double sx = fmax(maxx - minx, 1e-9), sy = fmax(maxy - miny, 1e-9);
            for (size_t v = 0; v < k; v++) {
                r->x[node_of[v]] = k == 1 ? W / 2 : 50 + (MATRIX(res, v, 0) - minx) / sx * (W - 180);
                r->y[node_of[v]] = k == 1 ? r->h / 2
                                          : 30 + (MATRIX(res, v, 1) - miny) / sy * (r->h - 90);
            }
        }
        igraph_matrix_destroy(&res);
    }
    rc = flow__igraph_leave(&gate, err, "layout");
    /* the rest in rows of 60 along the bottom, from the last row up */
    size_t rest = 0;
    for (size_t v = 0; v < nv; v++)
        if (num[vnode[v]] < 0) rest++;
    size_t j = 0, rows = (rest + 59) / 60;
    for (size_t v = 0; v < nv && rc == FLOW_OK; v++) {
        if (num[vnode[v]] >= 0) continue;
        r->x[vnode[v]] = 20 + (double)(j % 60) * 15;
        r->y[vnode[v]] = r->h - 12 - 14.0 * (double)(rows - 1 - j / 60);
        j++;
    }
    r->unlinked = rest;
    g_free(num);
    g_free(va);
    g_free(vb);
    g_free(w);
    g_free(node_of);
    g_free(e);
    return rc;
}

/* ---- colours: a partition of the selection ----------------------------------------- */

typedef struct {
    int64_t cluster, size;
} csize;

static int cmp_csize(const void *a, const void *b)
{
    const csize *x = a, *y = b;
    if (x->size != y->size) return x->size < y->size ? 1 : -1;
    return (x->cluster > y->cluster) - (x->cluster < y->cluster);
}

/* Palette index of each cluster: by size, the largest first; the tenth
 * and later share the grey "other". */
static int *cluster_colours(const flow_table *p, size_t *ncl_out)
{
    const flow_table *cl = flow_table_part(p, "clusters");
    size_t ncl = flow_table_row_count(cl);
    const int64_t *size = flow_table_ints(cl, (size_t)col(cl, "size"));
    csize *c = g_new(csize, ncl ? ncl : 1);
    for (size_t i = 0; i < ncl; i++) c[i] = (csize){(int64_t)i, size[i]};
    qsort(c, ncl, sizeof *c, cmp_csize);
    int *colour = g_new(int, ncl ? ncl : 1);
    /* singletons (isolated nodes, mostly) share the grey of the others */
    for (size_t i = 0; i < ncl; i++)
        colour[c[i].cluster] = i < PALETTE - 1 && c[i].size > 1 ? (int)i : PALETTE - 1;
    g_free(c);
    *ncl_out = ncl;
    return colour;
}

static int prepare(report *r)
{
    int rc = flow_network_table(&r->nodes, r->net, "nodes");
    if (rc == FLOW_OK) rc = flow_network_table(&r->factors, r->net, "factors");
    if (rc == FLOW_OK) rc = flow_network_table(&r->groups, r->net, "groups");
    if (rc != FLOW_OK) return rc;
    r->nn = flow_table_row_count(r->nodes);
    r->id = flow_table_texts(r->nodes, 0);
    r->name = flow_table_texts(r->nodes, 1);
    if (r->o.label_attr && *r->o.label_attr && strcmp(r->o.label_attr, "name") != 0) {
        int64_t c = col(r->nodes, r->o.label_attr);
        if (c < 4)
            return flow__error(FLOW_ENOTFOUND, "report: unknown node attribute '%s' (label_attr)",
                               r->o.label_attr);
        if (flow_table_column_type(r->nodes, (size_t)c) == FLOW_COLUMN_TEXT)
            r->label_text = flow_table_texts(r->nodes, (size_t)c);
        else
            r->label_num = flow_table_doubles(r->nodes, (size_t)c);
    }

    flow_table *g = NULL;
    rc = flow_selection_table(&g, r->sel);
    if (rc != FLOW_OK) return rc;
    const flow_table *vt = flow_table_part(g, "vertices");
    size_t nv = flow_table_row_count(vt);
    const int64_t *vnode = flow_table_ints(vt, 0);
    r->x = g_new(double, r->nn ? r->nn : 1);
    r->y = g_new(double, r->nn ? r->nn : 1);
    r->colour = g_new(int, r->nn ? r->nn : 1);
    r->off = g_new0(char, r->nn ? r->nn : 1);
    for (size_t i = 0; i < r->nn; i++) r->x[i] = r->y[i] = NAN, r->colour[i] = -1;

    r->geo = geo_positions(r, vnode, nv);
    if (!r->geo) rc = layout_positions(r, vnode, nv);

    /* the partition that colours the nodes */
    if (rc == FLOW_OK && nv > 0) {
        flow_cluster_options co = FLOW_CLUSTER_OPTIONS_INIT;
        co.seed = r->o.seed;
        rc = flow_cluster_detect(&r->clusters, r->sel, r->o.cluster_method, &co);
        if (rc == FLOW_OK) {
            size_t ncl = 0;
            int *cc = cluster_colours(r->clusters, &ncl);
            const int64_t *cl = flow_table_ints(r->clusters, (size_t)col(r->clusters, "cluster"));
            for (size_t v = 0; v < nv; v++) r->colour[vnode[v]] = cc[cl[v]];
            r->ncolours = PALETTE; /* unused colours have no name */
            /* each colour's name: its largest member */
            double *str = g_new0(double, r->nn ? r->nn : 1);
            size_t ne = flow_table_row_count(g);
            const int64_t *s = flow_table_ints(g, 0), *t = flow_table_ints(g, 1);
            const double *w = flow_table_doubles(g, 2);
            for (size_t i = 0; i < ne; i++) str[s[i]] += w[i], str[t[i]] += w[i];
            int64_t best[PALETTE];
            size_t members[PALETTE] = {0};
            for (int k = 0; k < PALETTE; k++) best[k] = -1;
            for (size_t v = 0; v < nv; v++) {
                int k = cc[cl[v]];
                members[k]++;
                if (best[k] < 0 || str[vnode[v]] > str[best[k]]) best[k] = vnode[v];
            }
            for (int k = 0; k < PALETTE; k++) {
                char buf[64];
                if (best[k] < 0) continue;
                r->cluster_name[k] =
                    k == PALETTE - 1
                        ? g_strdup_printf("other clusters (%zu node%s)", members[k],
                                          members[k] == 1 ? "" : "s")
                        : g_strdup_printf("cluster of %s (%zu node%s)",
                                          node_label(r, best[k], buf, sizeof buf), members[k],
                                          members[k] == 1 ? "" : "s");
            }
            g_free(str);
            g_free(cc);
        }
    }
    flow_table_free(g);
    return rc;
}

/* ---- the basemap ------------------------------------------------------------------------ */

static void draw_basemap(report *r, GString *o)
{
    const char *p = flow__basemap_text, *end = flow__basemap_text + flow__basemap_size;
    GString *land = g_string_new(NULL), *prov = g_string_new(NULL);
    GArray *pts = g_array_new(FALSE, FALSE, sizeof(double));
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        if (*p != '#' && line_end > p) {
            int province = strncmp(p, "province ", 9) == 0;
            const char *tab = memchr(p, '\t', (size_t)(line_end - p));
            if (tab) {
                g_array_set_size(pts, 0);
                const char *q = tab + 1;
                double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
                while (q < line_end) {
                    char *e1, *e2;
                    long lo = strtol(q, &e1, 10);
                    if (e1 == q) break;
                    long la = strtol(e1, &e2, 10);
                    if (e2 == e1) break;
                    q = e2;
                    double x, y;
                    project(r, lo / 10.0, la / 10.0, &x, &y);
                    g_array_append_val(pts, x);
                    g_array_append_val(pts, y);
                    minx = fmin(minx, x), maxx = fmax(maxx, x);
                    miny = fmin(miny, y), maxy = fmax(maxy, y);
                }
                size_t np = pts->len / 2;
                /* rings in view and larger than a pixel */
                if (np >= 3 && maxx >= 0 && minx <= W && maxy >= 0 && miny <= r->h &&
                    (maxx - minx > 1.5 || maxy - miny > 1.5)) {
                    GString *d = province ? prov : land;
                    const double *v = (const double *)(void *)pts->data;
                    double lx = 0, ly = 0;
                    for (size_t i = 0; i < np; i++) {
                        double x = v[2 * i], y = v[2 * i + 1];
                        if (i && i + 1 < np && fabs(x - lx) < 0.8 && fabs(y - ly) < 0.8) continue;
                        g_string_append_c(d, i ? 'L' : 'M');
                        coord(d, x);
                        g_string_append_c(d, ' ');
                        coord(d, y);
                        lx = x, ly = y;
                    }
                    g_string_append_c(d, 'Z');
                }
            }
        }
        p = line_end + 1;
    }
    g_string_append(o, "<g class=\"basemap\">");
    if (land->len) g_string_append_printf(o, "<path class=\"land\" d=\"%s\"/>", land->str);
    if (prov->len) g_string_append_printf(o, "<path class=\"prov\" d=\"%s\"/>", prov->str);
    g_string_append(o, "</g>\n");
    g_string_free(land, TRUE);
    g_string_free(prov, TRUE);
    g_array_free(pts, TRUE);
}

/* ---- drawing a map ------------------------------------------------------------------------ */

static double node_radius(double s, double smax)
{
    return smax > 0 ? 2.5 + 11.5 * sqrt(s / smax) : 3.0;
}

/* Edge width: the square root of the weight, up to r->widest. */
static double edge_width(const report *r, double w, double wmax)
{
    return wmax > 0 ? 0.6 + (r->widest - 0.6) * sqrt(w / wmax) : 1.0;
}

/* The width of a label at 11px, estimated: wide (CJK) characters about
 * 11px, others about 6.3px. */
static double label_width(const char *s)
{
    double w = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        w += g_unichar_iswide(c) ? 11.0 : 6.3;
    }
    return w;
}

/* One curved edge with its arrowhead, in colour `c`; `extra` is added to
 * the group's class. */
static void draw_edge(report *r, GString *o, const edge *e, double wmax, const double *radius,
                      const char *c, const char *extra, const char *unit)
{
    double x1 = r->x[e->u], y1 = r->y[e->u], x2 = r->x[e->v], y2 = r->y[e->v];
    if (isnan(x1) || isnan(x2)) return;
    double dx = x2 - x1, dy = y2 - y1, len = sqrt(dx * dx + dy * dy);
    double sw = edge_width(r, e->w, wmax);
    char b1[64], b2[64];
    g_string_append_printf(o, "<g class=\"e%s\" data-s=\"%lld\" data-t=\"%lld\"><title>", extra,
                           (long long)e->u, (long long)e->v);
    int directed = r->sel->directed; /* undirected: no arrowheads */
    esc(o, node_label(r, e->u, b1, sizeof b1));
    g_string_append(o, directed ? " \xe2\x86\x92 " : " \xe2\x80\x94 ");
    esc(o, node_label(r, e->v, b2, sizeof b2));
    g_string_append(o, ": ");
    figure(o, e->w);
    if (unit && *unit) {
        g_string_append_c(o, ' ');
        esc(o, unit);
    }
    g_string_append(o, "</title>");
    if (len < 1.0) { /* the same place: a small loop would hide; a ring */
        g_string_append(o, "</g>");
        return;
    }
    /* control point to the left of the direction of travel: A -> B and
     * B -> A bend to opposite sides */
    double bend = 0.18 * len;
    double cx = (x1 + x2) / 2 - dy / len * bend, cy = (y1 + y2) / 2 + dx / len * bend;
    double ux = x2 - cx, uy = y2 - cy, ul = sqrt(ux * ux + uy * uy);
    ux /= ul, uy /= ul;
    double vx = cx - x1, vy = cy - y1, vl = sqrt(vx * vx + vy * vy);
    vx /= vl, vy /= vl;
    double arrow = fmax(5.0, 2.2 * sw);
    double tipx = x2 - ux * (radius[e->v] + 1), tipy = y2 - uy * (radius[e->v] + 1);
    double ex = directed ? tipx - ux * arrow * 0.7 : tipx,
           ey = directed ? tipy - uy * arrow * 0.7 : tipy;
    double sx = x1 + vx * radius[e->u], sy = y1 + vy * radius[e->u];
    g_string_append(o, "<path class=\"c\" d=\"M");
    coord(o, sx);
    g_string_append_c(o, ' ');
    coord(o, sy);
    g_string_append(o, "Q");
    coord(o, cx);
    g_string_append_c(o, ' ');
    coord(o, cy);
    g_string_append_c(o, ' ');
    coord(o, ex);
    g_string_append_c(o, ' ');
    coord(o, ey);
    g_string_append_printf(o, "\" stroke=\"%s\" stroke-width=\"", c);
    coord(o, sw);
    if (!directed) {
        g_string_append(o, "\"/></g>\n");
        return;
    }
    g_string_append(o, "\"/><path class=\"a\" d=\"M");
    coord(o, tipx);
    g_string_append_c(o, ' ');
    coord(o, tipy);
    double bx = tipx - ux * arrow, by = tipy - uy * arrow, hw = arrow * 0.45;
    g_string_append_c(o, 'L');
    coord(o, bx - uy * hw);
    g_string_append_c(o, ' ');
    coord(o, by + ux * hw);
    g_string_append_c(o, 'L');
    coord(o, bx + uy * hw);
    g_string_append_c(o, ' ');
    coord(o, by - ux * hw);
    g_string_append_printf(o, "Z\" fill=\"%s\"/></g>\n", c);
}

/* The width legend of a layer: three sample widths with their values. */
/* The legend of widths: the widest drawn flow, the narrowest and one
 * between (two significant digits; whole numbers when every drawn flow is
 * one), each once. */
static void draw_width_legend(const report *r, GString *o, double y0, double wmax, double wmin,
                              int whole, const char *unit)
{
    if (!(wmax > 0)) return;
    g_string_append(o, "<g class=\"legend\"><text x=\"12\" y=\"");
    coord(o, y0 + 16);
    g_string_append(o, "\">flow");
    if (unit && *unit) {
        g_string_append(o, " (");
        esc(o, unit);
        g_string_append_c(o, ')');
    }
    g_string_append(o, "</text>");
    if (!(wmin > 0) || wmin > wmax) wmin = wmax / 16;
    double v[3] = {wmax, sqrt(wmax * wmin), wmin};
    for (int i = 1; i < 3; i++) {
        double p = pow(10, floor(log10(v[i])) - 1); /* two significant digits */
        v[i] = round(v[i] / p) * p;
        if (whole) v[i] = fmax(1, round(v[i]));
    }
    for (int i = 0, k = 0; i < 3; i++) {
        if (i && !(v[i] < v[i - 1] && v[i] < v[0])) continue;
        double x = 12 + k++ * 110, y = y0 + 38;
        g_string_append_printf(o, "<line x1=\"%g\" x2=\"%g\" y1=\"", x, x + 40);
        coord(o, y);
        g_string_append(o, "\" y2=\"");
        coord(o, y);
        g_string_append(o, "\" stroke=\"#555\" stroke-width=\"");
        coord(o, edge_width(r, v[i], wmax));
        g_string_append_printf(o, "\"/><text x=\"%g\" y=\"", x + 46);
        coord(o, y + 4);
        g_string_append(o, "\">");
        figure(o, v[i]);
        g_string_append(o, "</text>");
    }
    g_string_append(o, "</g>");
}

typedef struct {
    const char *unit;      /* the weights' unit, NULL when none or mixed */
    const edge *cut;       /* edges drawn red and dashed over the rest */
    size_t ncut;
    const int *ring;       /* per network node: 1 source set, 2 sink set */
    int years;             /* year layers (FLOW_REPORT_HTML only) */
    int factor_colours;    /* (reserved) */
} map_spec;

/* Draws the map of sel: <figure> with the svg and its caption in HTML,
 * or a standalone SVG document. */
static int draw_map(report *r, flow_selection *sel, const map_spec *m, const char *title)
{
    GString *o = r->out;
    int standalone = r->what == FLOW_REPORT_SVG;
    int id = ++r->map_count;
    size_t max = r->o.max_edges;
    edge *e = NULL;
    size_t ne = 0, total = 0;
    const char *how = "";
    double *strength = g_new0(double, r->nn ? r->nn : 1);
    int rc = edges_of(r, sel, max, &e, &ne, &total, &how, strength);
    if (rc != FLOW_OK) {
        g_free(strength);
        return rc;
    }
    /* the year layers */
    GArray *years = g_array_new(FALSE, FALSE, sizeof(int));
    if (m->years && !standalone) {
        flow_table *tot = NULL;
        rc = flow_structure_totals(&tot, sel);
        if (rc == FLOW_OK) {
            const int64_t *yr = flow_table_ints(tot, (size_t)col(tot, "year"));
            GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
            for (size_t i = 0; i < flow_table_row_count(tot); i++) {
                int y = (int)yr[i];
                if (y == FLOW_NO_YEAR || g_hash_table_contains(seen, GINT_TO_POINTER(y + 20000)))
                    continue;
                g_hash_table_add(seen, GINT_TO_POINTER(y + 20000));
                g_array_append_val(years, y);
            }
            g_hash_table_destroy(seen);
            flow_table_free(tot);
            g_array_sort(years, cmp_int);
        }
        if (rc != FLOW_OK) {
            g_array_free(years, TRUE);
            g_free(e);
            g_free(strength);
            return rc;
        }
        if (years->len < 2) g_array_set_size(years, 0);
        if (years->len > MAX_YEAR_LAYERS)
            g_array_remove_range(years, 0, years->len - MAX_YEAR_LAYERS);
    }
    double smax = 0;
    for (size_t i = 0; i < r->nn; i++) smax = fmax(smax, strength[i]);
    double *radius = g_new(double, r->nn ? r->nn : 1);
    for (size_t i = 0; i < r->nn; i++) radius[i] = node_radius(strength[i], smax);

    double h = r->h + LEGEND_H;
    if (standalone) {
        g_string_append(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        g_string_append_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                  "class=\"map\" viewBox=\"0 0 %g ", W);
        coord(o, h);
        g_string_append_printf(o, "\" width=\"%g\" height=\"", W);
        coord(o, h);
        g_string_append(o, "\">\n<title>");
        esc(o, title);
        g_string_append(o, "</title>\n<style>\n"
                           "text{font-family:\"Noto Sans\",\"Helvetica Neue\",Arial,"
                           "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
                           "\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",\"Droid Sans Fallback\","
                           "sans-serif;font-size:11px;fill:#222}\n"
                           ".land{fill:#eef0f2;stroke:#c3c8ce;stroke-width:.6}\n"
                           ".prov{fill:none;stroke:#d4d8dd;stroke-width:.4}\n"
                           ".c{fill:none;stroke-linecap:round;opacity:.6}.a{opacity:.75}\n"
                           ".cut .c{opacity:1;stroke-dasharray:6 3}.cut .a{opacity:1}\n"
                           ".n.off{stroke:#333;stroke-dasharray:2 2}.n{stroke:#fff;stroke-width:1}.ring{fill:none;stroke-width:2.5}\n"
                           ".lb{paint-order:stroke;stroke:#fff;stroke-width:3px;"
                           "stroke-linejoin:round}\n"
                           "</style>\n");
    } else {
        g_string_append_printf(o, "<figure class=\"mapfig\" id=\"map%d\">\n", id);
        if (years->len) {
            g_string_append_printf(
                o,
                "<div class=\"years\"><label>Year: <input type=\"range\" min=\"0\" max=\"%u\" "
                "value=\"0\" step=\"1\" data-map=\"map%d\" data-years=\"all",
                years->len, id);
            for (guint i = 0; i < years->len; i++)
                g_string_append_printf(o, ",%d", g_array_index(years, int, i));
            g_string_append(o, "\"> <output>all years</output></label></div>\n");
        }
        g_string_append_printf(o, "<svg class=\"map\" viewBox=\"0 0 %g ", W);
        coord(o, h);
        g_string_append(o, "\" role=\"img\" aria-label=\"");
        esc(o, title);
        g_string_append(o, "\">\n");
    }
    g_string_append_printf(o, "<rect class=\"bg\" width=\"%g\" height=\"", W);
    coord(o, r->h);
    g_string_append(o, "\" fill=\"#fafbfc\"/>\n");
    if (r->geo && r->o.basemap) draw_basemap(r, o);

    /* layer 0: all years; then one per year */
    for (guint layer = 0; layer <= years->len; layer++) {
        edge *le = e;
        size_t lne = ne, ltotal = total;
        const char *lhow = how;
        flow_selection *ys = NULL;
        if (layer > 0) {
            rc = copy_selection(&ys, r, NULL, g_array_index(years, int, layer - 1));
            /* copy_selection copies the caller's factors; a per-factor
             * map narrows them to its own */
            if (rc == FLOW_OK && sel != r->sel && sel->factors->len) {
                const char *const *fname = flow_table_texts(r->factors, 0);
                const char **names = g_new0(const char *, sel->factors->len);
                for (guint i = 0; i < sel->factors->len; i++)
                    names[i] = fname[g_array_index(sel->factors, uint32_t, i)];
                rc = flow_selection_set_factors(ys, names, sel->factors->len);
                g_free(names);
            }
            if (rc == FLOW_OK)
                rc = edges_of(r, ys, max / 2 ? max / 2 : 1, &le, &lne, &ltotal, &lhow, NULL);
            flow_selection_free(ys);
            if (rc != FLOW_OK) break;
        }
        double wmax = lne ? le[0].w : 0;
        r->widest = lne ? fmin(7.0, fmax(2.5, 7.0 * sqrt(60.0 / (double)lne))) : 7.0;
        g_string_append_printf(o, "<g class=\"layer\" data-layer=\"%u\"%s>\n", layer,
                               layer ? " style=\"display:none\"" : "");
        /* lightest first, so the heavy flows are on top */
        for (size_t i = lne; i-- > 0;) {
            int c = r->colour[le[i].u];
            draw_edge(r, o, &le[i], wmax, radius, palette[c < 0 ? PALETTE - 1 : c], "",
                      m->unit);
        }
        int whole = 1;
        for (size_t i = 0; i < lne && whole; i++) whole = le[i].w == floor(le[i].w);
        draw_width_legend(r, o, r->h, wmax, lne ? le[lne - 1].w : 0, whole, m->unit);
        g_string_append(o, "<text class=\"note\" x=\"");
        coord(o, W - 12);
        g_string_append(o, "\" y=\"");
        coord(o, r->h + 16);
        g_string_append(o, "\" text-anchor=\"end\">");
        if (layer) g_string_append_printf(o, "%d: ", g_array_index(years, int, layer - 1));
        g_string_append_printf(o, "%zu of %zu flows drawn", lne, ltotal);
        if (strcmp(lhow, "backbone") == 0)
            g_string_append(o, " (disparity-filter backbone)");
        else if (strcmp(lhow, "backbone+top") == 0)
            g_string_append(o, " (the heaviest of the backbone)");
        else if (strcmp(lhow, "top") == 0)
            g_string_append(o, " (the heaviest)");
        g_string_append(o, "</text>\n</g>\n");
        if (layer) g_free(le);
    }
    if (rc != FLOW_OK) goto done;

    /* the cut, over everything */
    if (m->ncut) {
        double wmax = 0;
        for (size_t i = 0; i < m->ncut; i++) wmax = fmax(wmax, m->cut[i].w);
        double wall = ne ? e[0].w : wmax;
        g_string_append(o, "<g class=\"cutlayer\">\n");
        for (size_t i = 0; i < m->ncut; i++)
            draw_edge(r, o, &m->cut[i], fmax(wall, wmax), radius, "#d62728", " cut", m->unit);
        g_string_append(o, "</g>\n");
    }

    /* nodes: vertices of sel, the largest first drawn last */
    g_string_append(o, "<g class=\"nodes\">\n");
    size_t *order = g_new(size_t, r->nn ? r->nn : 1);
    flow_structure_rank(order, strength, r->nn, 0);
    for (size_t k = 0; k < r->nn; k++) {
        size_t i = order[k];
        if (r->colour[i] < 0 && !(m->ring && m->ring[i])) {
            if (isnan(r->x[i]) || r->colour[i] < 0) continue;
        }
        if (isnan(r->x[i])) continue;
        char b[64];
        g_string_append_printf(o, "<circle class=\"n%s\" data-n=\"%zu\" cx=\"",
                               r->off[i] ? " off" : "", i);
        coord(o, r->x[i]);
        g_string_append(o, "\" cy=\"");
        coord(o, r->y[i]);
        g_string_append(o, "\" r=\"");
        coord(o, radius[i]);
        g_string_append_printf(o, "\" fill=\"%s\"><title>",
                               palette[r->colour[i] < 0 ? PALETTE - 1 : r->colour[i]]);
        esc(o, node_label(r, (int64_t)i, b, sizeof b));
        if (strcmp(node_label(r, (int64_t)i, b, sizeof b), r->id[i]) != 0) {
            g_string_append(o, " (");
            esc(o, r->id[i]);
            g_string_append_c(o, ')');
        }
        g_string_append(o, ": total flow ");
        figure(o, strength[i]);
        if (m->unit && *m->unit) {
            g_string_append_c(o, ' ');
            esc(o, m->unit);
        }
        g_string_append(o, "</title></circle>\n");
        if (m->ring && m->ring[i]) {
            g_string_append(o, "<circle class=\"ring\" cx=\"");
            coord(o, r->x[i]);
            g_string_append(o, "\" cy=\"");
            coord(o, r->y[i]);
            g_string_append(o, "\" r=\"");
            coord(o, radius[i] + 3);
            g_string_append_printf(o, "\" stroke=\"%s\"/>\n",
                                   m->ring[i] == 1 ? "#2ca02c" : "#9467bd");
        }
    }
    /* labels: every node of a small map, else the largest and the rings;
     * a label that would overlap one already placed (the larger nodes
     * come first) or another node on every side is left out, its node's
     * name still in its tooltip */
    size_t shown = 0, nvert = 0;
    for (size_t i = 0; i < r->nn; i++) nvert += r->colour[i] >= 0;
    typedef struct {
        double x0, y0, x1, y1;
    } box;
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(box));
    for (size_t k = r->nn; k-- > 0;) { /* the largest first */
        size_t i = order[k];
        if (isnan(r->x[i]) || r->colour[i] < 0) continue;
        int ring = m->ring && m->ring[i];
        if (!ring && nvert > 60 && (shown >= r->o.top_labels || strength[i] <= 0)) continue;
        char b[64];
        const char *text = node_label(r, (int64_t)i, b, sizeof b);
        /* right of the node, else left, above, below: the first place that
         * covers no label already placed and no other node */
        double tw = label_width(text), rad = radius[i], cx = r->x[i], cy = r->y[i];
        double px[4] = {cx + rad + 2, cx - rad - 2, cx, cx};
        double py[4] = {cy + 4, cy + 4, cy - rad - 3, cy + rad + 11};
        const int anchor[4] = {0, 2, 1, 1}; /* start, end, middle */
        int pick = -1;
        box bx = {0, 0, 0, 0};
        /* first round: free of labels and nodes; second: of labels only (a
         * label over a node, with its white halo, beats no label) */
        for (int t = 0; t < 8 && pick < 0; t++) {
            int c = t % 4, strict = t < 4;
            double x0 = anchor[c] == 0 ? px[c] : anchor[c] == 2 ? px[c] - tw : px[c] - tw / 2;
            box cand = {x0, py[c] - 10, x0 + tw, py[c] + 2};
            if (cand.x0 < 2 || cand.x1 > W - 2 || cand.y0 < 2) continue;
            int clash = 0;
            for (guint j = 0; j < boxes->len && !clash; j++) {
                const box *q = &g_array_index(boxes, box, j);
                clash = cand.x0 < q->x1 && q->x0 < cand.x1 && cand.y0 < q->y1 && q->y0 < cand.y1;
            }
            for (size_t j = 0; strict && j < r->nn && !clash; j++) {
                if (j == i || isnan(r->x[j]) || r->colour[j] < 0) continue;
                double rj = radius[j];
                clash = cand.x0 < r->x[j] + rj && r->x[j] - rj < cand.x1 &&
                        cand.y0 < r->y[j] + rj && r->y[j] - rj < cand.y1;
            }
            if (!clash) pick = c, bx = cand;
        }
        if (pick < 0) {
            if (!ring) continue;
            pick = cx + rad + 2 + tw > W - 4 ? 1 : 0;
            double x0 = pick == 0 ? px[0] : px[1] - tw;
            bx = (box){x0, py[pick] - 10, x0 + tw, py[pick] + 2};
        }
        g_array_append_val(boxes, bx);
        shown++;
        double x = px[pick], y = py[pick];
        g_string_append(o, "<text class=\"lb\" x=\"");
        coord(o, x);
        g_string_append(o, "\" y=\"");
        coord(o, y);
        g_string_append_printf(o, "\"%s>", anchor[pick] == 2   ? " text-anchor=\"end\""
                                          : anchor[pick] == 1 ? " text-anchor=\"middle\""
                                                              : "");
        esc(o, text);
        g_string_append(o, "</text>\n");
    }
    g_array_free(boxes, TRUE);
    g_string_append(o, "</g>\n");
    g_free(order);

    if (standalone) {
        /* the colours, under the width legend */
        double x = 360;
        for (size_t k = 0, n = 0; k < r->ncolours && n < 4; k++) {
            if (!r->cluster_name[k] || k == PALETTE - 1) continue;
            n++;
            g_string_append(o, "<circle cx=\"");
            coord(o, x);
            g_string_append(o, "\" cy=\"");
            coord(o, r->h + 34);
            g_string_append_printf(o, "\" r=\"5\" fill=\"%s\"/><text x=\"", palette[k]);
            coord(o, x + 8);
            g_string_append(o, "\" y=\"");
            coord(o, r->h + 38);
            g_string_append(o, "\">");
            esc(o, r->cluster_name[k]);
            g_string_append(o, "</text>");
            x += label_width(r->cluster_name[k]) + 26;
            if (x > W - 60) break;
        }
        g_string_append(o, "<text x=\"360\" y=\"");
        coord(o, r->h + 58);
        g_string_append(o, "\">node area: total flow; colour: cluster; arrows: direction</text>\n");
        g_string_append(o, "</svg>\n");
    } else {
        g_string_append(o, "</svg>\n<figcaption>");
        esc(o, title);
        g_string_append_printf(o, ". %zu of %zu flows drawn", ne, total);
        if (strcmp(how, "backbone") == 0)
            g_string_append_printf(o, ": the map is thinned to the disparity-filter backbone "
                                      "(alpha = %g)", r->o.alpha);
        else if (strcmp(how, "backbone+top") == 0)
            g_string_append_printf(o, ": the map is thinned to the disparity-filter backbone "
                                      "(alpha = %g), and to its %zu heaviest flows", r->o.alpha,
                                   max);
        else if (strcmp(how, "top") == 0)
            g_string_append_printf(o, ": the %zu heaviest", max);
        g_string_append(o, ". Width: flow (square root); node area: total flow in and out; "
                           "colour: the source's cluster.");
        if (r->offmap)
            g_string_append_printf(o, " The frame shows where most nodes are: %zu nodes beyond "
                                      "it are drawn at its edge, in their direction (dashed "
                                      "outline).",
                                   r->offmap);
        if (r->unlinked)
            g_string_append_printf(o, " %zu nodes without a flow on the overview map are "
                                      "lined up along the bottom edge.",
                                   r->unlinked);
        if (r->unplaced)
            g_string_append_printf(o, " %zu nodes without coordinates are drawn along the "
                                      "bottom edge.",
                                   r->unplaced);
        if (years->len)
            g_string_append_printf(o, " The slider shows one year at a time (each thinned the "
                                      "same way, to at most %zu flows).",
                                   max / 2 ? max / 2 : 1);
        g_string_append(o, "</figcaption>\n</figure>\n");
    }
done:
    g_array_free(years, TRUE);
    g_free(radius);
    g_free(e);
    g_free(strength);
    return rc;
}

/* ---- sections ---------------------------------------------------------------------------- */

static void open_section(GString *o, const char *id, const char *heading)
{
    g_string_append_printf(o, "<section id=\"%s\">\n<h2>%s</h2>\n", id, heading);
}

static const char *meta(const flow_table *t, const char *key)
{
    const char *v = flow_table_meta(t, key);
    return v ? v : "";
}

/* The unit of the summary's selection, or NULL when mixed or none. */
static const char *sel_unit(const report *r)
{
    const char *u = flow_table_meta(r->summary, "unit");
    return u && *u ? u : NULL;
}

/* Markdown's emphasis and code marks dropped, links [text](url) as their
 * text: the README's words without its markup. */
static char *plain_markdown(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p++) {
        if (*p == '*' || *p == '`') continue;
        if (*p == ']' && p[1] == '(') {
            const char *close = strchr(p, ')');
            if (close) {
                p = close;
                continue;
            }
        }
        if (*p == '[') continue;
        g_string_append_c(o, *p);
    }
    return g_string_free(o, FALSE);
}

static void section_data(report *r, const char *readme, int modelled, const char *caution)
{
    GString *o = r->out;
    open_section(o, "data", "The data");
    if (modelled) {
        g_string_append(o, "<p class=\"caution\"><strong>Modelled, not observed.</strong> ");
        esc(o, caution);
        g_string_append(o, "</p>\n");
    }
    g_string_append(o, "<dl>\n<dt>Provenance</dt><dd>");
    if (readme) {
        g_string_append(o, "<code>");
        esc(o, readme);
        g_string_append(o, "</code>");
    } else {
        g_string_append(o, "no README.md beside the data (provenance unknown)");
    }
    g_string_append(o, "</dd>\n");
    /* the README's title and first paragraph */
    gchar *text = NULL;
    gsize len = 0;
    if (readme && g_file_get_contents(readme, &text, &len, NULL)) {
        gchar **lines = g_strsplit(text, "\n", 200);
        GString *para = g_string_new(NULL);
        const char *heading = NULL;
        gchar **l = lines;
        if (*l && strcmp(g_strstrip(*l), "---") == 0) { /* front matter: no prose */
            gchar **end = l + 1;
            while (*end && strcmp(g_strstrip(*end), "---") != 0) end++;
            if (*end) l = end + 1;
        }
        for (; *l; l++) {
            const char *s = *l;
            if (!heading && s[0] == '#') {
                heading = s + strspn(s, "# ");
                continue;
            }
            if (!*g_strstrip(*l)) {
                if (para->len) break;
                continue;
            }
            if (s[0] == '#' || s[0] == '|' || s[0] == '`') {
                if (para->len) break;
                continue;
            }
            if (para->len) g_string_append_c(para, ' ');
            g_string_append(para, s);
            if (para->len > 800) break;
        }
        if (heading) {
            char *plain = plain_markdown(heading);
            g_string_append(o, "<dt>Data set</dt><dd>");
            esc(o, plain);
            g_free(plain);
            g_string_append(o, "</dd>\n");
        }
        if (para->len) {
            char *plain = plain_markdown(para->str);
            g_string_append(o, "<dt>About</dt><dd>");
            esc(o, plain);
            g_free(plain);
            g_string_append(o, "</dd>\n");
        }
        g_string_free(para, TRUE);
        g_strfreev(lines);
        g_free(text);
    }
    const flow_table *s = r->summary;
    g_string_append(o, "<dt>Selection</dt><dd>factors: ");
    if (r->sel->factors->len == 0)
        g_string_append_printf(o, "all %zu", flow_table_row_count(r->factors));
    for (const char *p = r->sel->factors->len ? meta(s, "factors") : ""; *p; p++) {
        if (*p == ',') {
            g_string_append(o, ", ");
            continue;
        }
        char one[2] = {*p, 0};
        esc(o, one);
    }
    g_string_append(o, "; years: ");
    esc(o, meta(s, "years"));
    g_string_append(o, "; ");
    g_string_append(o, r->sel->directed ? "directed" : "undirected (both directions summed)");
    if (r->sel->level) {
        g_string_append(o, "; rolled up to ");
        esc(o, r->sel->level);
    }
    if (r->sel->combine == FLOW_COMBINE_SHARE)
        g_string_append(o, "; factors combined as shares of their totals");
    g_string_append(o, "</dd>\n</dl>\n</section>\n");
}

static void scalar_row(GString *o, const char *label, double x)
{
    g_string_append_printf(o, "<div class=\"fig\"><span class=\"v\">");
    figure(o, x);
    g_string_append_printf(o, "</span><span class=\"k\">%s</span></div>\n", label);
}

static void section_summary(report *r)
{
    GString *o = r->out;
    const flow_table *s = r->summary;
    open_section(o, "summary", "Summary figures");
    g_string_append(o, "<div class=\"figs\">\n");
    scalar_row(o, "nodes", flow_table_scalar(s, "nodes"));
    scalar_row(o, "linked pairs (edges)", flow_table_scalar(s, "edges"));
    scalar_row(o, "flows (rows)", flow_table_scalar(s, "flows"));
    scalar_row(o, "density", flow_table_scalar(s, "density"));
    scalar_row(o, "reciprocity", flow_table_scalar(s, "reciprocity"));
    scalar_row(o, "weighted reciprocity", flow_table_scalar(s, "weighted_reciprocity"));
    g_string_append(o, "</div>\n");
    const flow_table *f = flow_table_part(s, "factors");
    size_t nf = flow_table_row_count(f);
    g_string_append(o, "<table><thead><tr><th>factor</th><th>unit</th><th>flows</th>"
                       "<th>total</th></tr></thead><tbody>\n");
    const char *const *fname = flow_table_texts(f, (size_t)col(f, "name"));
    const char *const *funit = flow_table_texts(f, (size_t)col(f, "unit"));
    const int64_t *fflows = flow_table_ints(f, (size_t)col(f, "flows"));
    const double *fw = flow_table_doubles(f, (size_t)col(f, "weight"));
    size_t *order = g_new(size_t, nf ? nf : 1);
    double *count = g_new(double, nf ? nf : 1);
    for (size_t i = 0; i < nf; i++) count[i] = (double)fflows[i];
    /* many factors: the 12 with most flows, in network order */
    flow_structure_rank(order, count, nf, 1);
    char *shown = g_new0(char, nf ? nf : 1);
    for (size_t k = 0; k < nf && k < 12; k++) shown[order[k]] = 1;
    for (size_t i = 0; i < nf; i++) {
        if (!shown[i]) continue;
        g_string_append(o, "<tr><td>");
        esc(o, fname[i]);
        g_string_append(o, "</td><td>");
        esc(o, funit[i]);
        g_string_append(o, "</td><td class=\"num\">");
        figure(o, (double)fflows[i]);
        g_string_append(o, "</td><td class=\"num\">");
        figure(o, fw[i]);
        g_string_append(o, "</td></tr>\n");
    }
    g_string_append(o, "</tbody></table>\n");
    if (nf > 12)
        g_string_append_printf(o, "<p class=\"hint\">and %zu more factors with fewer flows.</p>\n",
                               nf - 12);
    g_string_append(o, "</section>\n");
    g_free(order);
    g_free(count);
    g_free(shown);
}

static int section_maps(report *r)
{
    GString *o = r->out;
    open_section(o, "maps", "Flow maps");
    g_string_append(o, "<p class=\"hint\">Hover over a node to highlight its flows.");
    if (r->geo)
        g_string_append(o, " Nodes at their coordinates (lat, lon) on Natural Earth outlines.");
    else
        g_string_append(o, " The nodes have no coordinates: they are placed by a "
                           "force-directed layout (Fruchterman-Reingold), so distances on the "
                           "page mean nothing geographic.");
    g_string_append(o, "</p>\n");
    if (r->ncolours) {
        g_string_append(o, "<ul class=\"keys\">");
        for (size_t k = 0; k < r->ncolours; k++) {
            if (!r->cluster_name[k]) continue;
            g_string_append_printf(o, "<li><span class=\"sw\" style=\"background:%s\"></span>",
                                   palette[k]);
            esc(o, r->cluster_name[k]);
            g_string_append(o, "</li>");
        }
        g_string_append(o, "</ul>\n");
    }
    const flow_table *f = flow_table_part(r->summary, "factors");
    const char *const *fname = flow_table_texts(f, (size_t)col(f, "name"));
    const char *const *funit = flow_table_texts(f, (size_t)col(f, "unit"));
    const int64_t *fflows = flow_table_ints(f, (size_t)col(f, "flows"));
    size_t nf = flow_table_row_count(f), with_flows = 0;
    int same_unit = 1;
    for (size_t i = 0; i < nf; i++) {
        with_flows += fflows[i] > 0;
        if (strcmp(funit[i] ? funit[i] : "", funit[0] ? funit[0] : "") != 0) same_unit = 0;
    }
    int rc = FLOW_OK;
    /* all factors together, when they can be added */
    if (with_flows >= 2 && (same_unit || r->sel->combine == FLOW_COMBINE_SHARE)) {
        const char *unit = r->sel->combine == FLOW_COMBINE_SHARE ? "shares" : funit[0];
        g_string_append(o, "<h3>All factors");
        if (unit && *unit) {
            g_string_append(o, " <small>(");
            esc(o, unit);
            g_string_append(o, ")</small>");
        }
        g_string_append(o, "</h3>\n");
        map_spec m = {.unit = unit, .years = 1};
        rc = draw_map(r, r->sel, &m, "Flows of all factors");
    }
    /* one map per factor, the MAX_FACTOR_MAPS with most flows */
    size_t *order = g_new(size_t, nf ? nf : 1);
    double *count = g_new(double, nf ? nf : 1);
    for (size_t i = 0; i < nf; i++) count[i] = (double)fflows[i];
    flow_structure_rank(order, count, nf, 1);
    char *drawn = g_new0(char, nf ? nf : 1);
    for (size_t k = 0; k < nf && k < MAX_FACTOR_MAPS; k++)
        if (fflows[order[k]] > 0) drawn[order[k]] = 1;
    for (size_t i = 0; i < nf && rc == FLOW_OK; i++) {
        if (!drawn[i]) continue;
        flow_selection *fs = NULL;
        rc = copy_selection(&fs, r, fname[i], FLOW_NO_YEAR);
        if (rc != FLOW_OK) break;
        g_string_append(o, "<h3>");
        esc(o, fname[i]);
        if (funit[i] && *funit[i]) {
            g_string_append(o, " <small>(");
            esc(o, funit[i]);
            g_string_append(o, ")</small>");
        }
        g_string_append(o, "</h3>\n");
        map_spec m = {.unit = funit[i], .years = 1};
        GString *title = g_string_new("Flows of ");
        g_string_append(title, fname[i]);
        rc = draw_map(r, fs, &m, title->str);
        g_string_free(title, TRUE);
        flow_selection_free(fs);
    }
    size_t left = 0;
    for (size_t i = 0; i < nf; i++) left += !drawn[i] && fflows[i] > 0;
    if (left) {
        g_string_append_printf(o, "<p class=\"hint\">%zu more factor%s not drawn (fewer flows; "
                                  "choose them with --factor): ",
                               left, left == 1 ? "" : "s");
        size_t k = 0;
        for (size_t i = 0; i < nf; i++) {
            if (drawn[i] || fflows[i] == 0) continue;
            if (k++) g_string_append(o, ", ");
            esc(o, fname[i]);
        }
        g_string_append(o, ".</p>\n");
    }
    g_free(drawn);
    g_free(count);
    g_free(order);
    g_string_append(o, "</section>\n");
    return rc;
}

/* A ranked table of the top nodes of one measure. */
static int top_table(report *r, int measure, const char *heading, const char *about)
{
    GString *o = r->out;
    flow_table *t = NULL;
    int rc = flow_centrality_compute(&t, r->sel, measure, NULL);
    if (rc != FLOW_OK) return rc;
    size_t n = flow_table_row_count(t);
    const int64_t *node = flow_table_ints(t, 0);
    const double *v = flow_table_doubles(t, 1);
    size_t *order = g_new(size_t, n ? n : 1);
    double *vals = g_new(double, n ? n : 1);
    for (size_t i = 0; i < n; i++) vals[i] = isnan(v[i]) ? -INFINITY : v[i];
    flow_structure_rank(order, vals, n, 1);
    g_string_append_printf(o, "<div class=\"top\"><h3>%s</h3><p class=\"hint\">%s</p>"
                              "<table><thead><tr><th>#</th><th>node</th><th>%s</th></tr>"
                              "</thead><tbody>\n",
                           heading, about, flow_table_column_name(t, 1));
    for (size_t k = 0; k < n && k < r->o.top; k++) {
        char b[64];
        size_t i = order[k];
        g_string_append_printf(o, "<tr><td>%zu</td><td>", k + 1);
        esc(o, node_label(r, node[i], b, sizeof b));
        g_string_append(o, "</td><td class=\"num\">");
        figure(o, v[i]);
        g_string_append(o, "</td></tr>\n");
    }
    g_string_append(o, "</tbody></table></div>\n");
    g_free(order);
    g_free(vals);
    flow_table_free(t);
    return FLOW_OK;
}

static int section_hubs(report *r)
{
    GString *o = r->out;
    open_section(o, "hubs", "Hubs, authorities and brokers");
    g_string_append(o, "<div class=\"tops\">\n");
    int rc = top_table(r, FLOW_HUB, "Hubs",
                       "send flow to the strongest receivers (HITS hub score, largest = 1)");
    if (rc == FLOW_OK)
        rc = top_table(r, FLOW_AUTHORITY, "Authorities",
                       "receive flow from the strongest senders (HITS authority score)");
    if (rc == FLOW_OK)
        rc = top_table(r, FLOW_BETWEENNESS, "Brokers",
                       "lie on the most shortest paths (betweenness; an edge's length is "
                       "1/weight)");
    g_string_append(o, "</div>\n</section>\n");
    return rc;
}

/* The strongest net exporter and importer (strength for an undirected
 * selection, where net flow is 0: the two strongest). */
static int choose_ends(report *r, char **from, char **to)
{
    flow_table *t = NULL;
    int undirected = !r->sel->directed;
    int rc = flow_centrality_compute(&t, r->sel, undirected ? FLOW_STRENGTH : FLOW_NET_FLOW, NULL);
    if (rc != FLOW_OK) return rc;
    size_t n = flow_table_row_count(t);
    const double *v = flow_table_doubles(t, 1);
    size_t *order = g_new(size_t, n ? n : 1);
    flow_structure_rank(order, v, n, 1);
    *from = *to = NULL;
    if (n >= 2) {
        *from = g_strdup(flow_table_text(t, 0, order[0]));
        *to = g_strdup(flow_table_text(t, 0, order[undirected ? 1 : n - 1]));
    }
    g_free(order);
    flow_table_free(t);
    return FLOW_OK;
}

static void names_list(report *r, GString *o, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char b[64];
        if (i) g_string_append(o, ", ");
        int64_t k = flow_network_node_index(r->net, names[i]);
        esc(o, k >= 0 ? node_label(r, k, b, sizeof b) : names[i]);
        if (k < 0) g_string_append(o, " (group)");
    }
}

static int section_bottleneck(report *r)
{
    GString *o = r->out;
    open_section(o, "bottleneck", "Bottleneck");
    char *auto_from = NULL, *auto_to = NULL;
    const char *const *from = r->o.from, *const *to = r->o.to;
    size_t nfrom = r->o.from_count, nto = r->o.to_count;
    int chosen = 0, rc = FLOW_OK;
    if (nfrom == 0 || nto == 0) {
        rc = choose_ends(r, &auto_from, &auto_to);
        if (rc != FLOW_OK) return rc;
        if (!auto_from) {
            g_string_append(o, "<p>Fewer than two nodes: no bottleneck.</p>\n</section>\n");
            return FLOW_OK;
        }
        from = (const char *const *)&auto_from, to = (const char *const *)&auto_to;
        nfrom = nto = 1;
        chosen = 1;
    }
    flow_table *cut = NULL;
    rc = flow_bottleneck_min_cut(&cut, r->sel, from, nfrom, to, nto, 0);
    if (rc != FLOW_OK && chosen) {
        g_string_append(o, "<p>No bottleneck between the chosen nodes: ");
        esc(o, flow_last_error());
        g_string_append(o, "</p>\n</section>\n");
        flow_error_clear();
        g_free(auto_from);
        g_free(auto_to);
        return FLOW_OK;
    }
    if (rc != FLOW_OK) return rc;
    g_string_append(o, "<p>The minimum cut from <strong>");
    names_list(r, o, from, nfrom);
    g_string_append(o, "</strong> to <strong>");
    names_list(r, o, to, nto);
    g_string_append(o, "</strong>");
    if (chosen)
        g_string_append(o, r->sel->directed
                               ? " (no sets were given: the strongest net exporter and the "
                                 "strongest net importer)"
                               : " (no sets were given: the two strongest nodes)");
    g_string_append(o, ": taking each flow as a pipe's capacity, <strong>");
    figure(o, flow_table_scalar(cut, "value"));
    const char *unit = sel_unit(r);
    if (unit) {
        g_string_append_c(o, ' ');
        esc(o, unit);
    }
    size_t nc = flow_table_row_count(cut);
    g_string_append_printf(o, "</strong> could pass from one set to the other through chains of "
                              "nodes (a capacity, not an observed transfer); the %zu red "
                              "dashed edge%s below, the cut, carry it all. Sources are ringed "
                              "green, sinks purple.</p>\n",
                           nc, nc == 1 ? "" : "s");
    if (!unit && flow_table_row_count(flow_table_part(r->summary, "factors")) > 1 &&
        r->sel->combine == FLOW_COMBINE_SUM)
        g_string_append(o, "<p class=\"hint\">The factors' units differ: the cut adds raw "
                           "weights of different units. Choose one factor, or combine them as "
                           "shares, for a figure in one unit.</p>\n");
    const int64_t *cs = flow_table_ints(cut, 0), *ct = flow_table_ints(cut, 1);
    const double *cw = flow_table_doubles(cut, 2);
    edge *ce = g_new(edge, nc ? nc : 1);
    for (size_t i = 0; i < nc; i++) ce[i] = (edge){cs[i], ct[i], cw[i]};
    int *ring = g_new0(int, r->nn ? r->nn : 1);
    for (int side = 0; side < 2; side++) {
        int64_t *v = NULL;
        size_t nv = 0;
        const char *const *names = side ? to : from;
        if (flow__selection_resolve_set(r->sel, names, side ? nto : nfrom, "report", &v, &nv) ==
            FLOW_OK) {
            /* vertex -> its node */
            flow_table *g = NULL;
            if (flow_selection_table(&g, r->sel) == FLOW_OK) {
                const int64_t *vnode = flow_table_ints(flow_table_part(g, "vertices"), 0);
                for (size_t i = 0; i < nv; i++) ring[vnode[v[i]]] = side + 1;
                flow_table_free(g);
            }
            g_free(v);
        }
    }
    map_spec m = {.unit = unit, .cut = ce, .ncut = nc, .ring = ring};
    rc = draw_map(r, r->sel, &m, "The bottleneck: the minimum cut in red");
    if (rc == FLOW_OK && nc) {
        g_string_append(o, "<table><thead><tr><th>from</th><th>to</th><th>weight</th></tr>"
                           "</thead><tbody>\n");
        for (size_t i = 0; i < nc && i < 20; i++) pair_row(r, cs[i], ct[i], &cw[i], 1);
        g_string_append(o, "</tbody></table>\n");
        if (nc > 20) g_string_append_printf(o, "<p class=\"hint\">and %zu more.</p>\n", nc - 20);
    }
    g_string_append(o, "</section>\n");
    g_free(ring);
    g_free(ce);
    flow_table_free(cut);
    g_free(auto_from);
    g_free(auto_to);
    return rc;
}

/* Families of groups: "family:name" groups share a family, the others
 * form the family "". Within a family a group overlapping an earlier kept
 * one (at the network level) is left out. */
typedef struct {
    char *family;
    GPtrArray *kept;    /* group names (borrowed) */
    GPtrArray *dropped; /* group names (borrowed) */
} family;

static GPtrArray *group_families(report *r)
{
    GPtrArray *fams = g_ptr_array_new();
    size_t ng = flow_table_row_count(r->groups);
    const char *const *gname = flow_table_texts(r->groups, 0);
    const int64_t *member = flow_table_ints(r->groups, 1);
    GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal); /* "family\1node" */
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    size_t i = 0;
    while (i < ng) {
        size_t j = i;
        while (j < ng && gname[j] == gname[i]) j++;
        const char *colon = strchr(gname[i], ':');
        char *fam = colon ? g_strndup(gname[i], (gsize)(colon - gname[i])) : g_strdup("");
        family *f = NULL;
        for (guint k = 0; k < fams->len; k++)
            if (strcmp(((family *)fams->pdata[k])->family, fam) == 0) f = fams->pdata[k];
        if (!f) {
            f = g_new0(family, 1);
            f->family = fam;
            f->kept = g_ptr_array_new();
            f->dropped = g_ptr_array_new();
            g_ptr_array_add(fams, f);
        } else {
            g_free(fam);
        }
        int overlap = 0;
        for (size_t k = i; k < j && !overlap; k++) {
            char *key = g_strdup_printf("%s\1%lld", f->family, (long long)member[k]);
            overlap = g_hash_table_contains(taken, key);
            g_free(key);
        }
        if (overlap) {
            g_ptr_array_add(f->dropped, (gpointer)gname[i]);
        } else {
            g_ptr_array_add(f->kept, (gpointer)gname[i]);
            for (size_t k = i; k < j; k++) {
                char *key = g_strdup_printf("%s\1%lld", f->family, (long long)member[k]);
                g_ptr_array_add(keys, key);
                g_hash_table_add(taken, key);
            }
        }
        i = j;
    }
    g_hash_table_destroy(taken);
    g_ptr_array_free(keys, TRUE);
    return fams;
}

static void free_families(GPtrArray *fams)
{
    for (guint k = 0; k < fams->len; k++) {
        family *f = fams->pdata[k];
        g_free(f->family);
        g_ptr_array_free(f->kept, TRUE);
        g_ptr_array_free(f->dropped, TRUE);
        g_free(f);
    }
    g_ptr_array_free(fams, TRUE);
}


/* ---- baselines: null models and the gravity model ----------------------------------------- */

/* An analysis that may legitimately not apply to these data (a test
 * without groups, a model that cannot be fitted) fails with one of these:
 * the page then says why, and goes on. Others (memory, interruption) stop
 * the report. */
static int soft_failure(int rc)
{
    return rc == FLOW_EINVAL || rc == FLOW_ECONVERGE || rc == FLOW_ENOTFOUND;
}

/* "not tested: <the library's message>" and the error cleared. */
static void not_done(GString *o, const char *what)
{
    g_string_append(o, what);
    esc(o, flow_last_error());
    flow_error_clear();
}

/* The row of significance table t for statistic stat. */
static int64_t sig_row(const flow_table *t, const char *stat)
{
    const char *const *st = flow_table_texts(t, (size_t)col(t, "statistic"));
    for (size_t i = 0; i < flow_table_row_count(t); i++)
        if (st[i] && strcmp(st[i], stat) == 0) return (int64_t)i;
    return -1;
}

/* " (null: expected E ± S, z Z, p = P)" for one row of a significance
 * table, the null's words given by the caller. */
static void sig_clause(GString *o, const flow_table *t, const char *stat)
{
    int64_t i = sig_row(t, stat);
    if (i < 0) return;
    double e = flow_table_doubles(t, (size_t)col(t, "expected"))[i];
    double sd = flow_table_doubles(t, (size_t)col(t, "std"))[i];
    double z = flow_table_doubles(t, (size_t)col(t, "z"))[i];
    double p = flow_table_doubles(t, (size_t)col(t, "p_value"))[i];
    g_string_append(o, "expected <strong>");
    figure(o, e);
    g_string_append(o, "</strong> \xc2\xb1 ");
    figure(o, sd);
    g_string_append(o, ", z ");
    figure(o, z);
    g_string_append(o, ", p = <strong>");
    figure(o, p);
    g_string_append(o, "</strong>");
    int64_t n = flow_table_ints(t, (size_t)col(t, "n_null"))[i];
    if (n > 0 && fabs(p - 1.0 / (double)(n + 1)) < 1e-12)
        g_string_append_printf(o, " (the smallest p %lld samples can give: none reached the "
                                  "observed value)",
                               (long long)n);
}

static flow_significance_options sig_options(const report *r, int samples)
{
    flow_significance_options so = FLOW_SIGNIFICANCE_OPTIONS_INIT;
    so.samples = samples;
    so.seed = r->o.seed;
    so.method = r->o.cluster_method; /* the partition the page shows */
    return so;
}

static int section_clusters(report *r, GPtrArray *fams, flow_table **matrix_groups)
{
    GString *o = r->out;
    open_section(o, "clusters", "Clusters and declared groups");
    *matrix_groups = NULL;
    if (!r->clusters) {
        g_string_append(o, "<p>No nodes: no clusters.</p>\n</section>\n");
        return FLOW_OK;
    }
    const flow_table *cl = flow_table_part(r->clusters, "clusters");
    char q[64];
    g_ascii_formatd(q, sizeof q, "%.3f", flow_table_scalar(r->clusters, "modularity"));
    g_string_append_printf(o, "<p>%s finds <strong>%zu</strong> clusters (modularity %s, "
                              "seed %llu); the colours of the maps are the largest of them.",
                           meta(r->clusters, "method"), flow_table_row_count(cl), q,
                           (unsigned long long)r->o.seed);
    if (fams->len == 0)
        g_string_append(o, " The data declare no groups to compare them with.");
    g_string_append(o, "</p>\n");
    int rc = FLOW_OK;
    if (r->o.significance) {
        /* is there more structure than the strengths alone give? */
        /* each sample clusters a complete network: a budget of pairs */
        double n = flow_table_scalar(r->summary, "nodes"), pairs = n * (n - 1);
        int samples = r->o.samples < MAX_MODULARITY_SAMPLES ? r->o.samples
                                                            : MAX_MODULARITY_SAMPLES;
        if (pairs > 0 && (double)samples * pairs > MODULARITY_BUDGET)
            samples = (int)(MODULARITY_BUDGET / pairs);
        flow_significance_options so = sig_options(r, samples);
        flow_table *t = NULL;
        g_string_append(o, "<p class=\"sig\">Modularity against the configuration model "
                           "(random weighted networks in which every node keeps its in- and "
                           "out-strength in expectation, clustered the same way): ");
        if (samples < MIN_MODULARITY_SAMPLES && samples < r->o.samples)
            g_string_append_printf(o, "not tested here: each null network is complete, and "
                                      "%.0f nodes allow fewer than %d of them in the time a "
                                      "report takes (flowctl significance --test modularity "
                                      "runs it)",
                                   n, MIN_MODULARITY_SAMPLES);
        else
            rc = flow_significance_test(&t, r->sel, FLOW_TEST_MODULARITY, NULL, 0, &so);
        if (rc == FLOW_OK && t) {
            sig_clause(o, t, "detected");
            g_string_append_printf(o, "; one-sided, %d null networks, seed %llu. A small p "
                                      "means more community structure than the strengths "
                                      "alone produce.",
                                   samples, (unsigned long long)r->o.seed);
            flow_table_free(t);
        } else if (soft_failure(rc)) {
            not_done(o, "not tested: ");
            rc = FLOW_OK;
        }
        g_string_append(o, "</p>\n");
        if (rc != FLOW_OK) {
            g_string_append(o, "</section>\n");
            return rc;
        }
    }
    size_t best_nk = 0;
    for (guint k = 0; k < fams->len && rc == FLOW_OK; k++) {
        family *f = fams->pdata[k];
        if (f->kept->len == 0) continue;
        flow_table *gp = NULL;
        rc = flow_cluster_from_groups(&gp, r->sel, (const char *const *)f->kept->pdata,
                                      f->kept->len);
        g_string_append(o, "<h3>Groups");
        if (*f->family) {
            g_string_append(o, " \xe2\x80\x9c");
            esc(o, f->family);
            g_string_append(o, "\xe2\x80\x9d");
        }
        g_string_append(o, "</h3>\n");
        if (rc == FLOW_EINVAL) { /* two groups meet in one vertex after a roll-up */
            g_string_append(o, "<p>Not compared: ");
            esc(o, flow_last_error());
            g_string_append(o, "</p>\n");
            flow_error_clear();
            rc = FLOW_OK;
            continue;
        }
        if (rc != FLOW_OK) break;
        double nmi = NAN, ari = NAN;
        rc = flow_cluster_compare(&nmi, r->clusters, gp, FLOW_COMPARE_NMI);
        if (rc == FLOW_OK) rc = flow_cluster_compare(&ari, r->clusters, gp, FLOW_COMPARE_ARI);
        if (rc != FLOW_OK) {
            flow_table_free(gp);
            break;
        }
        g_string_append(o, "<p>Agreement with ");
        for (guint i = 0; i < f->kept->len; i++) {
            if (i) g_string_append(o, ", ");
            esc(o, f->kept->pdata[i]);
        }
        g_string_append(o, ": NMI <strong>");
        figure(o, nmi);
        g_string_append(o, "</strong>, ARI <strong>");
        figure(o, ari);
        g_string_append(o, "</strong> (1: the same partition; nodes in no group count as "
                           "groups of their own).");
        if (r->o.significance) {
            flow_significance_options so = sig_options(r, r->o.samples);
            flow_table *t = NULL;
            rc = flow_significance_test(&t, r->sel, FLOW_TEST_AGREEMENT,
                                        (const char *const *)f->kept->pdata, f->kept->len, &so);
            g_string_append(o, " Against chance (the groups' labels shuffled over the nodes, ");
            g_string_append_printf(o, "%d permutations, seed %llu): ", r->o.samples,
                                   (unsigned long long)r->o.seed);
            if (rc == FLOW_OK) {
                g_string_append(o, "NMI ");
                sig_clause(o, t, "nmi");
                g_string_append(o, "; ARI ");
                sig_clause(o, t, "ari");
                g_string_append(o, " (one-sided: a small p means the clusters follow the "
                                   "groups more than chance does).");
                flow_table_free(t);
            } else if (soft_failure(rc)) {
                not_done(o, "not tested: ");
                g_string_append_c(o, '.');
                rc = FLOW_OK;
            } else {
                flow_table_free(gp);
                break;
            }
        }
        if (f->dropped->len) {
            g_string_append(o, " Left out because they overlap a group above: ");
            for (guint i = 0; i < f->dropped->len; i++) {
                if (i) g_string_append(o, ", ");
                esc(o, f->dropped->pdata[i]);
            }
            g_string_append_c(o, '.');
        }
        g_string_append(o, "</p>\n");
        /* the cross-table: colours (rows) by groups (columns) */
        const int64_t *a = flow_table_ints(r->clusters, (size_t)col(r->clusters, "cluster"));
        const int64_t *b = flow_table_ints(gp, (size_t)col(gp, "cluster"));
        const int64_t *vnode = flow_table_ints(r->clusters, 0);
        size_t nv = flow_table_row_count(gp), nk = f->kept->len;
        const flow_table *gcl = flow_table_part(gp, "clusters");
        const char *const *glabel = flow_table_texts(gcl, (size_t)col(gcl, "label"));
        size_t ngc = flow_table_row_count(gcl);
        /* group clusters 0..ngc-1; those with a label are groups */
        size_t *cnt = g_new0(size_t, (size_t)PALETTE * (nk + 1));
        (void)a;
        for (size_t v = 0; v < nv; v++) {
            int c = r->colour[vnode[v]];
            if (c < 0) continue;
            size_t g = nk; /* no group */
            const char *lab = (size_t)b[v] < ngc ? glabel[b[v]] : NULL;
            for (size_t i = 0; lab && i < nk; i++)
                if (strcmp(lab, f->kept->pdata[i]) == 0) g = i;
            cnt[(size_t)c * (nk + 1) + g]++;
        }
        if (nk <= 30) {
            g_string_append(o, "<table class=\"xtab\"><thead><tr><th>cluster \\ group</th>");
            for (size_t i = 0; i <= nk; i++) {
                g_string_append(o, "<th>");
                if (i < nk) esc(o, f->kept->pdata[i]);
                else g_string_append(o, "(none)");
                g_string_append(o, "</th>");
            }
            g_string_append(o, "</tr></thead><tbody>\n");
            for (size_t c = 0; c < r->ncolours; c++) {
                if (!r->cluster_name[c]) continue;
                g_string_append_printf(o, "<tr><th><span class=\"sw\" style=\"background:%s\">"
                                          "</span>",
                                       palette[c]);
                esc(o, r->cluster_name[c]);
                g_string_append(o, "</th>");
                for (size_t i = 0; i <= nk; i++) {
                    size_t x = cnt[c * (nk + 1) + i];
                    if (x)
                        g_string_append_printf(o, "<td class=\"num\">%zu</td>", x);
                    else
                        g_string_append(o, "<td class=\"num zero\">0</td>");
                }
                g_string_append(o, "</tr>\n");
            }
            g_string_append(o, "</tbody></table>\n");
        }
        g_free(cnt);
        /* the heat map shows the family with the most groups */
        if (nk >= 2 && (!*matrix_groups || nk > best_nk)) {
            flow_table_free(*matrix_groups);
            *matrix_groups = gp;
            best_nk = nk;
        } else {
            flow_table_free(gp);
        }
    }
    g_string_append(o, "</section>\n");
    return rc;
}

/* A heat map of the flows between the parts of a partition table p
 * (labels: its clusters' "label", or the colours' names). */
static int section_matrix(report *r, const flow_table *p, int of_groups)
{
    GString *o = r->out;
    open_section(o, "matrix", "Flows between groups");
    if (!p) {
        g_string_append(o, "<p>No partition to tabulate.</p>\n</section>\n");
        return FLOW_OK;
    }
    flow_table *g = NULL;
    int rc = flow_selection_table(&g, r->sel);
    if (rc != FLOW_OK) return rc;
    const int64_t *lab = flow_table_ints(p, (size_t)col(p, "cluster"));
    const flow_table *pc = flow_table_part(p, "clusters");
    const char *const *plabel = of_groups ? flow_table_texts(pc, (size_t)col(pc, "label")) : NULL;
    size_t npc = flow_table_row_count(pc);
    /* rows: labelled group clusters (groups) or colours; the rest "other" */
    int *idx = g_new(int, npc ? npc : 1);
    size_t k = 0;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    if (of_groups) {
        for (size_t c = 0; c < npc; c++) {
            if (plabel[c] && k < 24) {
                idx[c] = (int)k++;
                g_ptr_array_add(names, g_strdup(plabel[c]));
            } else {
                idx[c] = -1;
            }
        }
    } else {
        /* rows: the colours in use, in palette order */
        int *cc = cluster_colours(p, &npc);
        int row[PALETTE];
        for (int c = 0; c < PALETTE; c++) {
            row[c] = -1;
            if (!r->cluster_name[c]) continue;
            row[c] = (int)k++;
            g_ptr_array_add(names, g_strdup(r->cluster_name[c]));
        }
        for (size_t c = 0; c < npc; c++) idx[c] = row[cc[c]];
        g_free(cc);
    }
    size_t other = k, dim = k + 1;
    double *mat = g_new0(double, dim * dim);
    const flow_table *vt = flow_table_part(g, "vertices");
    size_t nv = flow_table_row_count(vt);
    int *gof = g_new(int, nv ? nv : 1);
    for (size_t v = 0; v < nv; v++) {
        int c = idx[lab[v]];
        gof[v] = c < 0 ? (int)other : c;
    }
    const int64_t *sv = flow_table_ints(g, 3), *tv = flow_table_ints(g, 4);
    const double *w = flow_table_doubles(g, 2);
    size_t ne = flow_table_row_count(g);
    int has_other = 0;
    for (size_t i = 0; i < ne; i++) {
        int a = gof[sv[i]], b = gof[tv[i]];
        mat[(size_t)a * dim + (size_t)b] += w[i];
        if (!r->sel->directed && a != b) mat[(size_t)b * dim + (size_t)a] += w[i];
        if ((size_t)a == other || (size_t)b == other) has_other = 1;
    }
    size_t shown = has_other ? dim : k;
    double mx = 0;
    for (size_t i = 0; i < dim * dim; i++) mx = fmax(mx, mat[i]);
    g_string_append(o, "<p>");
    g_string_append(o, of_groups ? "Total flow from each declared group (rows) to each "
                                   "(columns)"
                                 : "The data declare no disjoint groups: total flow between "
                                   "the clusters");
    if (has_other) g_string_append(o, "; \"other\" holds the nodes in none of them");
    if (!r->sel->directed) g_string_append(o, "; undirected, so the table is symmetric");
    g_string_append(o, ". Darker is more (square-root scale).</p>\n");
    double cell = shown > 12 ? 28 : 52, left = 0, top = 0;
    for (size_t i = 0; i < shown; i++) {
        double lw = label_width(i < k ? (const char *)names->pdata[i] : "other");
        left = fmax(left, lw + 12);
        top = fmax(top, lw * 0.72 + 14); /* column labels at 45 degrees */
    }
    double wsvg = left + cell * (double)shown + 10, hsvg = top + cell * (double)shown + 10;
    g_string_append_printf(o, "<svg class=\"heat\" viewBox=\"0 0 %g %g\" width=\"%g\">\n", wsvg,
                           hsvg, wsvg);
    for (size_t i = 0; i < shown; i++) {
        const char *nm = i < k ? names->pdata[i] : "other";
        g_string_append_printf(o, "<text class=\"rl\" x=\"%g\" y=\"%g\" text-anchor=\"end\">",
                               left - 6, top + cell * ((double)i + 0.5) + 4);
        esc(o, nm);
        g_string_append_printf(o, "</text><text class=\"cl\" transform=\"translate(%g %g) "
                                  "rotate(-45)\">",
                               left + cell * ((double)i + 0.5), top - 6);
        esc(o, nm);
        g_string_append(o, "</text>\n");
    }
    for (size_t i = 0; i < shown; i++)
        for (size_t j = 0; j < shown; j++) {
            double v = mat[i * dim + j], t = mx > 0 ? sqrt(v / mx) : 0;
            int red = (int)lround(247 - t * (247 - 8)), green = (int)lround(251 - t * (251 - 48)),
                blue = (int)lround(255 - t * (255 - 107));
            g_string_append_printf(o, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" "
                                      "fill=\"rgb(%d,%d,%d)\"><title>",
                                   left + cell * (double)j, top + cell * (double)i, cell - 1,
                                   cell - 1, red, green, blue);
            esc(o, i < k ? names->pdata[i] : "other");
            g_string_append(o, " \xe2\x86\x92 ");
            esc(o, j < k ? names->pdata[j] : "other");
            g_string_append(o, ": ");
            figure(o, v);
            g_string_append(o, "</title></rect>");
            if (cell >= 50 && v > 0) {
                g_string_append_printf(o, "<text class=\"cv\" x=\"%g\" y=\"%g\" "
                                          "text-anchor=\"middle\" fill=\"%s\">",
                                       left + cell * ((double)j + 0.5) - 0.5,
                                       top + cell * ((double)i + 0.5) + 3,
                                       t > 0.6 ? "#fff" : "#222");
                short_figure(o, v);
                g_string_append(o, "</text>");
            }
            g_string_append_c(o, '\n');
        }
    g_string_append(o, "</svg>\n</section>\n");
    g_free(mat);
    g_free(gof);
    g_free(idx);
    g_ptr_array_free(names, TRUE);
    flow_table_free(g);
    return FLOW_OK;
}

/* One small line chart: values per year (NAN: a gap). */
static void mini_chart(GString *o, const char *title, const char *unit, const int64_t *years,
                       const double *v, size_t n)
{
    const double cw = 220, ch = 110, l = 8, rr = 8, t = 26, b = 22;
    double mx = -INFINITY, mn = INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i])) mx = fmax(mx, v[i]), mn = fmin(mn, v[i]);
    g_string_append_printf(o, "<div class=\"mini\"><svg viewBox=\"0 0 %g %g\" width=\"%g\" "
                              "height=\"%g\"><text class=\"mt\" x=\"%g\" y=\"14\">",
                           cw, ch, cw, ch, l);
    esc(o, title);
    g_string_append(o, "</text>");
    if (n >= 1 && mx > -INFINITY) {
        double lo = fmin(0, mn), span = mx - lo > 0 ? mx - lo : 1;
        int64_t y0 = years[0], y1 = years[n - 1];
        double ys = y1 > y0 ? (double)(y1 - y0) : 1;
        g_string_append(o, "<polyline class=\"ln\" points=\"");
        for (size_t i = 0; i < n; i++) {
            if (isnan(v[i])) continue;
            double x = l + (double)(years[i] - y0) / ys * (cw - l - rr);
            double y = t + (1 - (v[i] - lo) / span) * (ch - t - b);
            coord(o, x);
            g_string_append_c(o, ',');
            coord(o, y);
            g_string_append_c(o, ' ');
        }
        g_string_append(o, "\"/>");
        /* the points themselves when there are few */
        for (size_t i = 0; n <= 15 && i < n; i++) {
            if (isnan(v[i])) continue;
            g_string_append(o, "<circle class=\"pt\" r=\"2.5\" cx=\"");
            coord(o, l + (double)(years[i] - y0) / ys * (cw - l - rr));
            g_string_append(o, "\" cy=\"");
            coord(o, t + (1 - (v[i] - lo) / span) * (ch - t - b));
            g_string_append(o, "\"/>");
        }
        g_string_append_printf(o, "<line class=\"ax\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>",
                               l, cw - rr, ch - b, ch - b);
        g_string_append_printf(o, "<text class=\"at\" x=\"%g\" y=\"%g\">%lld</text>", l, ch - 6,
                               (long long)y0);
        g_string_append_printf(o, "<text class=\"at\" x=\"%g\" y=\"%g\" text-anchor=\"end\">"
                                  "%lld</text>",
                               cw - rr, ch - 6, (long long)y1);
        g_string_append_printf(o, "<text class=\"at\" x=\"%g\" y=\"%g\" text-anchor=\"end\">max ",
                               cw - rr, 14.0);
        figure(o, mx);
        if (unit && *unit) {
            g_string_append_c(o, ' ');
            esc(o, unit);
        }
        g_string_append(o, "</text>");
    }
    g_string_append(o, "</svg></div>\n");
}

static int section_trends(report *r)
{
    GString *o = r->out;
    open_section(o, "trends", "Trends across years");
    flow_table *tot = NULL;
    int rc = flow_structure_totals(&tot, r->sel);
    if (rc != FLOW_OK) return rc;
    size_t n = flow_table_row_count(tot);
    const char *const *fac = flow_table_texts(tot, (size_t)col(tot, "factor"));
    const int64_t *yr = flow_table_ints(tot, (size_t)col(tot, "year"));
    const double *w = flow_table_doubles(tot, (size_t)col(tot, "weight"));
    size_t dated = 0;
    for (size_t i = 0; i < n; i++) dated += yr[i] != FLOW_NO_YEAR;
    const flow_table *fs = flow_table_part(r->summary, "factors");
    const flow_table *ys = flow_table_part(r->summary, "years");
    size_t nyears = 0;
    const int64_t *yy = flow_table_ints(ys, 0);
    for (size_t i = 0; i < flow_table_row_count(ys); i++) nyears += yy[i] != FLOW_NO_YEAR;
    if (nyears < 2) {
        g_string_append(o, nyears ? "<p>The flows are of one year: no trend to draw.</p>\n"
                                  : "<p>The flows have no years: no trend to draw.</p>\n");
        g_string_append(o, "</section>\n");
        flow_table_free(tot);
        return FLOW_OK;
    }
    g_string_append(o, "<h3>Total flow per year, by factor</h3>\n<div class=\"minis\">\n");
    const char *const *fname = flow_table_texts(fs, (size_t)col(fs, "name"));
    const char *const *funit = flow_table_texts(fs, (size_t)col(fs, "unit"));
    int64_t *years = g_new(int64_t, n ? n : 1);
    double *vals = g_new(double, n ? n : 1);
    for (size_t f = 0; f < flow_table_row_count(fs); f++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (fac[i] && strcmp(fac[i], fname[f]) == 0 && yr[i] != FLOW_NO_YEAR)
                years[k] = yr[i], vals[k++] = w[i];
        if (k) mini_chart(o, fname[f], funit[f], years, vals, k);
    }
    g_free(years);
    g_free(vals);
    flow_table_free(tot);
    g_string_append(o, "</div>\n");

    /* the top nodes' strength per year */
    flow_table *se = NULL;
    rc = flow_structure_series(&se, r->sel, "strength", NULL);
    if (rc != FLOW_OK) return rc;
    const flow_table *yp = flow_table_part(se, "years");
    size_t ny = flow_table_row_count(yp);
    size_t rows = flow_table_row_count(se), nv = ny ? rows / ny : 0;
    const double *sv = flow_table_doubles(se, 2);
    const int64_t *snode = flow_table_ints(se, 0);
    const int64_t *syear = flow_table_ints(yp, 0);
    double *sum = g_new0(double, nv ? nv : 1);
    for (size_t y = 0; y < ny; y++)
        for (size_t v = 0; v < nv; v++)
            if (!isnan(sv[y * nv + v])) sum[v] += sv[y * nv + v];
    size_t *order = g_new(size_t, nv ? nv : 1);
    flow_structure_rank(order, sum, nv, 1);
    const char *unit = flow_table_meta(se, "unit");
    g_string_append(o, "<h3>Strength (flow in and out) per year, the strongest nodes</h3>\n"
                       "<div class=\"minis\">\n");
    double *line = g_new(double, ny ? ny : 1);
    for (size_t k = 0; k < nv && k < 8; k++) {
        size_t v = order[k];
        for (size_t y = 0; y < ny; y++) line[y] = sv[y * nv + v];
        char b[64];
        mini_chart(o, node_label(r, snode[v], b, sizeof b), unit, syear, line, ny);
    }
    g_string_append(o, "</div>\n");
    if (!unit)
        g_string_append(o, "<p class=\"hint\">The factors' units differ: strengths add raw "
                           "weights of different units; read the shapes, not the levels.</p>\n");
    g_string_append(o, "</section>\n");
    g_free(line);
    g_free(order);
    g_free(sum);
    flow_table_free(se);
    return FLOW_OK;
}

/* The scatter of observed against expected flows, log-log, of the pairs
 * with a positive flow (the heaviest MAX_SCATTER of them), with the line
 * observed = expected. */
#define MAX_SCATTER 3000
static void scatter(GString *o, const double *obs, const double *expd, size_t n,
                    const char *unit)
{
    size_t *idx = g_new(size_t, n ? n : 1), k = 0;
    double *key = g_new(double, n ? n : 1);
    for (size_t i = 0; i < n; i++) key[i] = obs[i] > 0 && expd[i] > 0 ? obs[i] : -INFINITY;
    flow_structure_rank(idx, key, n, 1);
    while (k < n && k < MAX_SCATTER && key[idx[k]] > -INFINITY) k++;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t j = 0; j < k; j++) {
        double a = log10(obs[idx[j]]), b = log10(expd[idx[j]]);
        lo = fmin(lo, fmin(a, b)), hi = fmax(hi, fmax(a, b));
    }
    if (k == 0) {
        g_free(idx);
        g_free(key);
        return;
    }
    lo = floor(lo), hi = ceil(hi);
    if (hi - lo < 1) hi = lo + 1;
    const double S = 360, L = 58, T = 12, B = 44, R = 14;
    double span = hi - lo, pw = S - L - R, ph = S - T - B;
    g_string_append_printf(o, "<svg class=\"scatter\" viewBox=\"0 0 %g %g\" width=\"%g\" "
                              "height=\"%g\">\n",
                           S, S, S, S);
    /* ticks at the powers of ten (every second one on wide ranges) */
    int step = span > 6 ? 2 : 1;
    for (int e = (int)lo; e <= (int)hi; e += step) {
        double t = ((double)e - lo) / span;
        char buf[32];
        g_string_append_printf(o, "<line class=\"gr\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>"
                                  "<line class=\"gr\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>",
                               L + t * pw, L + t * pw, T, T + ph, L, L + pw, T + ph - t * ph,
                               T + ph - t * ph);
        GString *lab = g_string_new(NULL);
        short_figure(lab, pow(10, e));
        g_strlcpy(buf, lab->str, sizeof buf);
        g_string_free(lab, TRUE);
        g_string_append_printf(o, "<text class=\"at\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">"
                                  "%s</text><text class=\"at\" x=\"%g\" y=\"%g\" "
                                  "text-anchor=\"end\">%s</text>\n",
                               L + t * pw, T + ph + 14, buf, L - 4, T + ph - t * ph + 3, buf);
    }
    g_string_append_printf(o, "<line class=\"diag\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n",
                           L, T + ph, L + pw, T);
    for (size_t j = 0; j < k; j++) {
        double x = L + (log10(expd[idx[j]]) - lo) / span * pw;
        double y = T + ph - (log10(obs[idx[j]]) - lo) / span * ph;
        g_string_append(o, "<circle class=\"sp\" r=\"2.2\" cx=\"");
        coord(o, x);
        g_string_append(o, "\" cy=\"");
        coord(o, y);
        g_string_append(o, "\"/>");
        if (j % 16 == 15) g_string_append_c(o, '\n');
    }
    g_string_append_printf(o, "\n<text class=\"al\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">"
                              "expected flow",
                           L + pw / 2, S - 8);
    if (unit && *unit) {
        g_string_append(o, " (");
        esc(o, unit);
        g_string_append_c(o, ')');
    }
    g_string_append_printf(o, "</text><text class=\"al\" transform=\"translate(14 %g) "
                              "rotate(-90)\" text-anchor=\"middle\">observed flow",
                           T + ph / 2);
    if (unit && *unit) {
        g_string_append(o, " (");
        esc(o, unit);
        g_string_append_c(o, ')');
    }
    g_string_append(o, "</text></svg>\n");
    g_free(idx);
    g_free(key);
}

/* Pairs of a gravity fit ranked by excess: the `top` furthest above
 * expected (sign 1) or below it (sign -1). */
static void excess_table(report *r, const flow_table *pairs, int sign, const char *heading)
{
    GString *o = r->out;
    size_t n = flow_table_row_count(pairs);
    const int64_t *src = flow_table_ints(pairs, (size_t)col(pairs, "source"));
    const int64_t *dst = flow_table_ints(pairs, (size_t)col(pairs, "target"));
    const double *obs = flow_table_doubles(pairs, (size_t)col(pairs, "observed"));
    const double *ex = flow_table_doubles(pairs, (size_t)col(pairs, "expected"));
    const double *xs = flow_table_doubles(pairs, (size_t)col(pairs, "excess"));
    size_t *idx = g_new(size_t, n ? n : 1);
    double *key = g_new(double, n ? n : 1);
    for (size_t i = 0; i < n; i++) key[i] = ex[i] > 0 ? sign * xs[i] : -INFINITY;
    flow_structure_rank(idx, key, n, 1);
    g_string_append_printf(o, "<div class=\"top\"><h3>%s</h3><table><thead><tr><th>from</th>"
                              "<th>to</th><th>observed</th><th>expected</th><th>obs / exp</th>"
                              "</tr></thead><tbody>\n",
                           heading);
    for (size_t k = 0; k < n && k < r->o.top && key[idx[k]] > 0; k++) {
        size_t i = idx[k];
        const double x[] = {obs[i], ex[i], obs[i] / ex[i]};
        pair_row(r, src[i], dst[i], x, 3);
    }
    g_string_append(o, "</tbody></table></div>\n");
    g_free(idx);
    g_free(key);
}

/* One factor's gravity fit: the model in words, its coefficients, the
 * scatter of observed against expected, the pairs furthest from it. */
static int gravity_factor(report *r, const char *factor, const char *unit)
{
    GString *o = r->out;
    flow_selection *fs = NULL;
    int rc = copy_selection(&fs, r, factor, FLOW_NO_YEAR);
    if (rc != FLOW_OK) return rc;
    g_string_append(o, "<h3>");
    esc(o, factor);
    if (unit && *unit) {
        g_string_append(o, " <small>(");
        esc(o, unit);
        g_string_append(o, ")</small>");
    }
    g_string_append(o, "</h3>\n");
    flow_gravity_options go = FLOW_GRAVITY_OPTIONS_INIT;
    go.distance = r->geo ? FLOW_GRAVITY_DISTANCE_LAT_LON : FLOW_GRAVITY_DISTANCE_NONE;
    flow_table *fit = NULL;
    char *why_no_distance = NULL;
    rc = flow_gravity_fit(&fit, fs, &go);
    if (soft_failure(rc) && go.distance != FLOW_GRAVITY_DISTANCE_NONE) {
        why_no_distance = g_strdup(flow_last_error());
        flow_error_clear();
        go.distance = FLOW_GRAVITY_DISTANCE_NONE;
        rc = flow_gravity_fit(&fit, fs, &go);
    }
    flow_selection_free(fs);
    if (soft_failure(rc)) {
        not_done(o, "<p>Not fitted: ");
        g_string_append(o, "</p>\n");
        g_free(why_no_distance);
        return FLOW_OK;
    }
    if (rc != FLOW_OK) {
        g_free(why_no_distance);
        return rc;
    }
    const flow_table *pairs = flow_table_part(fit, "pairs");
    int distance = go.distance != FLOW_GRAVITY_DISTANCE_NONE;
    g_string_append(o, "<p>Expected flow from <i>i</i> to <i>j</i>: exp(<i>a<sub>i</sub></i> + "
                       "<i>b<sub>j</sub></i>");
    if (distance) g_string_append(o, " + \xce\xb2 log distance<sub><i>ij</i></sub>");
    g_string_append(o, "), with one effect per node as a sender (<i>a</i>) and as a receiver "
                       "(<i>b</i>), which absorb its size");
    if (distance) g_string_append(o, ", and the great-circle distance in km");
    else
        g_string_append(o, " (no distance: the nodes have no coordinates, so the model "
                           "expects each pair to share its ends' totals)");
    const flow_table *ys = flow_table_part(r->summary, "years");
    const int64_t *yy = flow_table_ints(ys, 0);
    size_t nyears = 0;
    for (size_t i = 0; i < flow_table_row_count(ys); i++) nyears += yy[i] != FLOW_NO_YEAR;
    if (nyears >= 2)
        g_string_append_printf(o, "; each pair's flows of the %zu years selected are added up",
                               nyears);
    g_string_append_printf(o, ". Fitted by Poisson pseudo-maximum likelihood over <strong>%.0f"
                              "</strong> ordered pairs of %.0f nodes, zero flows included; "
                              "pseudo-R\xc2\xb2 <strong>",
                           flow_table_scalar(fit, "n_pairs"), flow_table_scalar(fit, "n_nodes"));
    figure(o, flow_table_scalar(fit, "pseudo_r2"));
    g_string_append(o, "</strong> (1 \xe2\x88\x92 deviance / deviance of one mean flow for "
                       "every pair). Expected flows are modelled: the baseline of the "
                       "comparisons below, not data.");
    if (why_no_distance) {
        g_string_append(o, " Fitted without distance: ");
        esc(o, why_no_distance);
        g_string_append_c(o, '.');
    }
    const char *warn = flow_table_meta(fit, "warning");
    if (warn) {
        g_string_append(o, " Note: ");
        esc(o, warn);
    }
    g_string_append(o, "</p>\n");
    g_free(why_no_distance);
    size_t nt = flow_table_row_count(fit);
    if (nt) {
        const char *const *term = flow_table_texts(fit, (size_t)col(fit, "term"));
        const double *est = flow_table_doubles(fit, (size_t)col(fit, "estimate"));
        const double *se = flow_table_doubles(fit, (size_t)col(fit, "std_error"));
        const double *pv = flow_table_doubles(fit, (size_t)col(fit, "p_value"));
        g_string_append(o, "<table><thead><tr><th>term</th><th>estimate</th><th>robust s.e."
                           "</th><th>p (two-sided)</th></tr></thead><tbody>\n");
        for (size_t i = 0; i < nt; i++) {
            g_string_append(o, "<tr><td>");
            esc(o, term[i]);
            g_string_append(o, "</td><td class=\"num\">");
            figure(o, est[i]);
            g_string_append(o, "</td><td class=\"num\">");
            figure(o, se[i]);
            g_string_append(o, "</td><td class=\"num\">");
            if (pv[i] < 1e-4)
                g_string_append(o, "&lt; 0.0001");
            else
                figure(o, pv[i]);
            g_string_append(o, "</td></tr>\n");
            if (strcmp(term[i], "log_distance") == 0) {
                g_string_append(o, "<tr><td colspan=\"4\" class=\"hint\">");
                g_string_append(o, "1% more distance goes with about ");
                figure(o, fabs(est[i]));
                g_string_append(o, est[i] < 0 ? "% less flow" : "% more flow");
                g_string_append(o, ", other things equal.</td></tr>\n");
            }
        }
        g_string_append(o, "</tbody></table>\n");
    }
    size_t np = flow_table_row_count(pairs), positive = 0;
    const double *obs = flow_table_doubles(pairs, (size_t)col(pairs, "observed"));
    const double *ex = flow_table_doubles(pairs, (size_t)col(pairs, "expected"));
    for (size_t i = 0; i < np; i++) positive += obs[i] > 0 && ex[i] > 0;
    g_string_append(o, "<figure>");
    scatter(o, obs, ex, np, unit);
    g_string_append_printf(o, "<figcaption>Observed against expected flow, one dot per pair "
                              "with a flow (%zu%s; logarithmic axes). On the line the flow is "
                              "what the model expects; above it, more.</figcaption></figure>\n",
                           positive < MAX_SCATTER ? positive : (size_t)MAX_SCATTER,
                           positive > MAX_SCATTER ? ", the heaviest" : "");
    g_string_append(o, "<div class=\"tops\">\n");
    excess_table(r, pairs, 1, "Most above expected (observed \xe2\x88\x92 expected)");
    excess_table(r, pairs, -1, "Most below expected");
    g_string_append(o, "</div>\n");
    flow_table_free(fit);
    return FLOW_OK;
}

/*
 * Inference: observed versus expected flows (a gravity model fitted by
 * PPML, flow_gravity_fit()) for each of the MAX_GRAVITY_FITS factors with
 * most flows, and the list of the baselines the page uses. The p-values of
 * the clusters are in section_clusters().
 */
static int section_inference(report *r)
{
    GString *o = r->out;
    open_section(o, "inference", "Observed versus expected");
    g_string_append(o, "<p>Baselines on this page: ");
    if (r->o.gravity)
        g_string_append(o, "expected flows of a gravity model (below); ");
    if (r->o.significance)
        g_string_append(o, "the p-values of the clusters' modularity and of their agreement "
                           "with the declared groups (<a href=\"#clusters\">clusters</a>), "
                           "each against the null model it names; ");
    g_string_append(o, "everything else (hubs, brokers, the bottleneck, the heat map, the "
                       "trends) is descriptive: a flow, a hub or a cluster called large or "
                       "central there is so relative to the others on the page, not to a "
                       "model.</p>\n");
    if (!r->o.gravity) {
        g_string_append(o, "<p>The gravity model was not asked for (--no-gravity).</p>\n"
                           "</section>\n");
        return FLOW_OK;
    }
    if (!r->sel->directed) {
        g_string_append(o, "<p>No gravity model: the flows are undirected, and the model "
                           "explains flows from an origin to a destination.</p>\n</section>\n");
        return FLOW_OK;
    }
    double n = flow_table_scalar(r->summary, "nodes");
    if (n * (n - 1) > MAX_GRAVITY_PAIRS) {
        g_string_append_printf(o, "<p>No gravity model: %.0f nodes make %.0f ordered pairs, "
                                  "more than the report fits (%d); fit it with flowctl "
                                  "gravity.</p>\n</section>\n",
                               n, n * (n - 1), MAX_GRAVITY_PAIRS);
        return FLOW_OK;
    }
    if (flow_table_scalar(r->summary, "reciprocity") == 0 &&
        flow_table_scalar(r->summary, "edges") > 0)
        g_string_append(o, "<p class=\"caution\">No pair of nodes has flows both ways "
                           "(reciprocity 0). If the data list each pair once for a flow that "
                           "has no direction (co-authorship, a route), the origins and "
                           "destinations below are arbitrary: read the data as undirected "
                           "(--undirected), and there is no gravity model.</p>\n");
    const flow_table *f = flow_table_part(r->summary, "factors");
    const char *const *fname = flow_table_texts(f, (size_t)col(f, "name"));
    const char *const *funit = flow_table_texts(f, (size_t)col(f, "unit"));
    const int64_t *fflows = flow_table_ints(f, (size_t)col(f, "flows"));
    size_t nf = flow_table_row_count(f);
    size_t *order = g_new(size_t, nf ? nf : 1);
    double *count = g_new(double, nf ? nf : 1);
    for (size_t i = 0; i < nf; i++) count[i] = (double)fflows[i];
    flow_structure_rank(order, count, nf, 1);
    int rc = FLOW_OK;
    size_t fitted = 0, left = 0;
    for (size_t k = 0; k < nf && rc == FLOW_OK; k++) {
        if (fflows[order[k]] == 0) continue;
        if (fitted == MAX_GRAVITY_FITS) {
            left++;
            continue;
        }
        rc = gravity_factor(r, fname[order[k]], funit[order[k]]);
        fitted++;
    }
    if (rc == FLOW_OK && left)
        g_string_append_printf(o, "<p class=\"hint\">%zu more factor%s not fitted (fewer "
                                  "flows; choose them with --factor).</p>\n",
                               left, left == 1 ? "" : "s");
    g_free(order);
    g_free(count);
    g_string_append(o, "</section>\n");
    return rc;
}

/* ---- the page ------------------------------------------------------------------------------ */

static const char page_style[] =
    "<style>\n"
    ":root{--ink:#1f2328;--mute:#59636e;--line:#d1d9e0}\n"
    "body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 system-ui,-apple-system,"
    "\"Segoe UI\",\"Noto Sans\",\"Helvetica Neue\",Arial,\"Noto Sans CJK SC\","
    "\"Source Han Sans SC\",\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\","
    "\"WenQuanYi Micro Hei\",\"Droid Sans Fallback\",sans-serif}\n"
    "main{max-width:1000px;margin:0 auto;padding:12px 20px 40px}\n"
    "h1{font-size:26px;margin:18px 0 4px}h2{font-size:20px;margin:28px 0 8px;"
    "border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}\n"
    "nav{font-size:13px;color:var(--mute)}nav a{color:var(--mute);margin-right:10px}\n"
    ".caution{background:#fff4e5;border:1px solid #f0b45a;border-left:6px solid #e8890c;"
    "padding:8px 12px;border-radius:4px}\n"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px}dt{color:var(--mute)}"
    "dd{margin:0;min-width:0;overflow-wrap:anywhere}\n"
    ".figs{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 14px}.fig{border:1px solid "
    "var(--line);border-radius:6px;padding:6px 12px;min-width:120px}.fig .v{display:block;"
    "font-size:22px;font-weight:600}.fig .k{font-size:12px;color:var(--mute)}\n"
    "table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{padding:3px 8px;"
    "border-bottom:1px solid #eaeef2;text-align:left}td.num{text-align:right;"
    "font-variant-numeric:tabular-nums}td.zero{color:#c0c6cc}\n"
    ".tops{display:flex;flex-wrap:wrap;gap:18px}.top{flex:1 1 280px}.hint{font-size:13px;"
    "color:var(--mute);margin:2px 0 6px}\n"
    "figure{margin:8px 0 20px}figcaption{font-size:13px;color:var(--mute)}\n"
    "svg.map{width:100%;height:auto;border:1px solid var(--line);border-radius:4px;"
    "background:#fafbfc}\n"
    "svg text{font-family:inherit}.lb{font-size:11px;paint-order:stroke;stroke:#fff;"
    "stroke-width:3px;stroke-linejoin:round;fill:#222;pointer-events:none}\n"
    ".legend text,.note{font-size:11px;fill:#444}\n"
    ".land{fill:#eef0f2;stroke:#c3c8ce;stroke-width:.6}.prov{fill:none;stroke:#d4d8dd;"
    "stroke-width:.4}\n"
    ".c{fill:none;stroke-linecap:round;opacity:.6}.a{opacity:.75}\n"
    ".cut .c{opacity:1;stroke-dasharray:6 3}.cut .a{opacity:1}\n"
    ".n.off{stroke:#333;stroke-dasharray:2 2}.n{stroke:#fff;stroke-width:1;cursor:pointer}.ring{fill:none;stroke-width:2.5}\n"
    "svg.hl g.e{opacity:.07}svg.hl g.e.on{opacity:1}svg.hl g.e.on .c{opacity:.9}\n"
    ".keys{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px}\n"
    ".sw{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;"
    "vertical-align:-1px}\n"
    ".years{font-size:13px;margin:4px 0}.years input{vertical-align:middle;width:320px}\n"
    ".heat .rl,.heat .cl{font-size:11px;fill:#333}.heat .cv{font-size:10px}\n"
    ".minis{display:flex;flex-wrap:wrap;gap:8px}.mini{border:1px solid #eaeef2;"
    "border-radius:4px}.mini .mt{font-size:12px;font-weight:600}.mini .at{font-size:10px;"
    "fill:#59636e}.mini .ln{fill:none;stroke:#4e79a7;stroke-width:2}.mini .ax{stroke:#ccc}.mini .pt{fill:#4e79a7}\n"
    ".scatter .gr{stroke:#eaeef2}.scatter .at{font-size:10px;fill:#59636e}.scatter .al{"
    "font-size:12px;fill:#333}.scatter .diag{stroke:#e15759;stroke-width:1.2}.scatter .sp{"
    "fill:#4e79a7;opacity:.45}\n"
    "#js-errors:empty{display:none}#js-errors{color:#b00;border:1px solid #b00;padding:6px}\n"
    "footer{font-size:12px;color:var(--mute);margin-top:30px}\n"
    "</style>\n";

/* Errors are written into the page (#js-errors) so that a headless test
 * can read them from the DOM. */
static const char page_script_head[] =
    "<script>window.onerror=function(m,s,l){var e=document.getElementById('js-errors');"
    "if(e)e.textContent+=m+' (line '+l+')\\n';};</script>\n";

static const char page_script[] =
    "<script>\n"
    "(function(){\n"
    "document.querySelectorAll('svg.map').forEach(function(svg){\n"
    "  svg.querySelectorAll('circle.n').forEach(function(c){\n"
    "    var n=c.getAttribute('data-n');\n"
    "    c.addEventListener('mouseenter',function(){svg.classList.add('hl');\n"
    "      svg.querySelectorAll('g.e[data-s=\"'+n+'\"],g.e[data-t=\"'+n+'\"]').forEach("
    "function(e){e.classList.add('on');});});\n"
    "    c.addEventListener('mouseleave',function(){svg.classList.remove('hl');\n"
    "      svg.querySelectorAll('g.e.on').forEach(function(e){e.classList.remove('on');});});\n"
    "  });\n"
    "});\n"
    "document.querySelectorAll('.years input').forEach(function(inp){\n"
    "  var fig=document.getElementById(inp.getAttribute('data-map'));\n"
    "  var years=inp.getAttribute('data-years').split(',');\n"
    "  var out=inp.parentNode.querySelector('output');\n"
    "  inp.addEventListener('input',function(){var v=inp.value;\n"
    "    fig.querySelectorAll('g.layer').forEach(function(g){\n"
    "      g.style.display=(g.getAttribute('data-layer')===v)?'':'none';});\n"
    "    out.textContent=v==='0'?'all years':years[+v];});\n"
    "});\n"
    "document.documentElement.setAttribute('data-ready','1');\n"
    "})();\n"
    "</script>\n";

static int write_report(report *r, const char *title, const char *readme, int modelled,
                        const char *caution)
{
    GString *o = r->out;
    g_string_append(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"libflow ");
    esc(o, flow_version());
    g_string_append(o, "\">\n<title>");
    esc(o, title);
    g_string_append(o, "</title>\n");
    g_string_append(o, page_style);
    g_string_append(o, page_script_head);
    g_string_append(o, "</head>\n<body>\n<main>\n<pre id=\"js-errors\"></pre>\n<h1>");
    esc(o, title);
    g_string_append(o, "</h1>\n<nav><a href=\"#data\">data</a><a href=\"#summary\">summary</a>"
                       "<a href=\"#maps\">maps</a><a href=\"#hubs\">hubs</a>"
                       "<a href=\"#bottleneck\">bottleneck</a><a href=\"#clusters\">clusters</a>"
                       "<a href=\"#matrix\">between groups</a><a href=\"#trends\">trends</a>"
                       "<a href=\"#inference\">expected?</a></nav>\n");
    section_data(r, readme, modelled, caution);
    section_summary(r);
    int rc = section_maps(r);
    if (rc == FLOW_OK) rc = section_hubs(r);
    if (rc == FLOW_OK) rc = section_bottleneck(r);
    GPtrArray *fams = group_families(r);
    flow_table *mg = NULL;
    if (rc == FLOW_OK) rc = section_clusters(r, fams, &mg);
    if (rc == FLOW_OK) rc = section_matrix(r, mg ? mg : r->clusters, mg != NULL);
    flow_table_free(mg);
    free_families(fams);
    if (rc == FLOW_OK) rc = section_trends(r);
    if (rc == FLOW_OK) rc = section_inference(r);
    if (rc != FLOW_OK) return rc;
    g_string_append(o, "<footer>Made by libflow ");
    esc(o, flow_version());
    if (r->geo && r->o.basemap)
        g_string_append(o, ". Outlines: Natural Earth (public domain)");
    if (modelled) g_string_append(o, ". The flows are modelled, not observed");
    g_string_append(o, ".</footer>\n</main>\n");
    g_string_append(o, page_script);
    g_string_append(o, "</body>\n</html>\n");
    return FLOW_OK;
}

/* ---- entry points ---------------------------------------------------------------------------- */

int flow_report_options_init(flow_report_options *opts, unsigned int version)
{
    if (!opts) return flow__error(FLOW_EINVAL, "flow_report_options_init: opts is NULL");
    if (version != FLOW_REPORT_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL, "flow_report_options_init: unknown version %u", version);
    flow_report_options d = FLOW_REPORT_OPTIONS_INIT;
    *opts = d;
    return FLOW_OK;
}

static int check_options(const flow_report_options *o)
{
    if (o->version != FLOW_REPORT_OPTIONS_VERSION)
        return flow__error(FLOW_EINVAL, "flow_report_string: unknown options version %u",
                           o->version);
    if (o->what != FLOW_REPORT_HTML && o->what != FLOW_REPORT_SVG)
        return flow__error(FLOW_EINVAL, "flow_report_string: unknown output %d (FLOW_REPORT_HTML "
                                        "or FLOW_REPORT_SVG)",
                           o->what);
    if (!(o->alpha > 0 && o->alpha < 1))
        return flow__error(FLOW_EINVAL, "flow_report_string: alpha must be in (0, 1)");
    if (o->max_edges == 0)
        return flow__error(FLOW_EINVAL, "flow_report_string: max_edges must be at least 1");
    if (o->significance && o->samples < 1)
        return flow__error(FLOW_EINVAL, "flow_report_string: samples must be at least 1");
    if ((o->from_count && !o->from) || (o->to_count && !o->to))
        return flow__error(FLOW_EINVAL, "flow_report_string: from or to is NULL");
    if ((o->from_count == 0) != (o->to_count == 0))
        return flow__error(FLOW_EINVAL, "flow_report_string: give both from and to, or neither");
    if (o->cluster_method < FLOW_CLUSTER_LEIDEN || o->cluster_method > FLOW_CLUSTER_LABEL_PROPAGATION)
        return flow__error(FLOW_EINVAL, "flow_report_string: unknown cluster method %d",
                           o->cluster_method);
    return FLOW_OK;
}

/* A title from the README's folder ("Flows of china"), or a plain one. */
static char *default_title(const char *readme)
{
    if (!readme) return g_strdup("Flow report");
    char *dir = g_path_get_dirname(readme);
    char *base = g_path_get_basename(dir);
    char *t = strcmp(base, ".") == 0 || strcmp(base, "/") == 0
                  ? g_strdup("Flow report")
                  : g_strdup_printf("Flow report: %s", base);
    g_free(dir);
    g_free(base);
    return t;
}

int flow_report_string(char **out, flow_selection *sel, const flow_report_options *opts)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_report_string: out is NULL");
    *out = NULL;
    int rc = flow__selection_graph(sel);
    if (rc != FLOW_OK) return rc;
    flow_report_options defaults = FLOW_REPORT_OPTIONS_INIT;
    if (!opts) opts = &defaults;
    rc = check_options(opts);
    if (rc != FLOW_OK) return rc;

    report r;
    memset(&r, 0, sizeof r);
    r.sel = sel;
    r.net = flow_selection_network(sel);
    r.o = *opts;
    r.what = opts->what;
    r.widest = 7.0;
    r.out = g_string_sized_new(1 << 16);
    flow_table *prov = NULL;
    char *title = NULL;
    const char *readme = NULL, *caution = NULL;
    int modelled = 0;

    rc = flow_network_table(&prov, r.net, "provenance");
    if (rc == FLOW_OK && flow_table_row_count(prov) == 1) {
        readme = flow_table_text(prov, (size_t)col(prov, "readme"), 0);
        modelled = (int)flow_table_ints(prov, (size_t)col(prov, "modelled"))[0];
        caution = flow_table_text(prov, (size_t)col(prov, "caution"), 0);
    }
    if (rc == FLOW_OK) rc = flow_summary_compute(&r.summary, sel);
    if (rc == FLOW_OK) rc = prepare(&r);
    title = opts->title ? g_strdup(opts->title) : default_title(readme);
    if (rc == FLOW_OK) {
        if (r.what == FLOW_REPORT_SVG) {
            map_spec m = {.unit = sel_unit(&r)};
            rc = draw_map(&r, sel, &m, title);
        } else {
            rc = write_report(&r, title, readme, modelled, caution);
        }
    }
    /* flow_free() is g_free() */
    if (rc == FLOW_OK)
        *out = g_string_free(r.out, FALSE);
    else
        g_string_free(r.out, TRUE);
    g_free(title);
    flow_table_free(prov);
    flow_table_free(r.summary);
    flow_table_free(r.nodes);
    flow_table_free(r.factors);
    flow_table_free(r.groups);
    flow_table_free(r.clusters);
    for (int k = 0; k < PALETTE; k++) g_free(r.cluster_name[k]);
    g_free(r.x);
    g_free(r.y);
    g_free(r.colour);
    g_free(r.off);
    return rc;
}

/*
 * The gravity model's terms (gravity_internal.h): per-vertex values read
 * from the network (attributes, kinds, groups) and pair sets read from
 * small CSV files (distances, contiguity), checked once, then evaluated
 * for any pair on the fly.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "error_internal.h"
#include "gravity_internal.h"
#include "network_internal.h"

#define EARTH_RADIUS_KM 6371.0

static uint64_t pair_key(uint64_t u, uint64_t v) { return u << 32 | v; }

static int add_name(flow__gravity_terms *T, GPtrArray *names, GArray *terms,
                    flow__gravity_term term, char *name)
{
    (void)T;
    g_ptr_array_add(names, name);
    g_array_append_val(terms, term);
    return FLOW_OK;
}

/* The attributes' names, then "kind" (a boundary may follow the kinds). */
static const char *attr_at(size_t i, const void *data)
{
    const flow_network *net = data;
    if (i == net->attrs->len) return "kind";
    return ((const flow__attr *)g_ptr_array_index(net->attrs, i))->name;
}

static int unknown_attr(const flow_network *net, const char *what, const char *name)
{
    int with_kind = strcmp(what, "boundary") == 0;
    const char *near = flow__suggest(name, net->attrs->len + with_kind, attr_at, net);
    if (near)
        return flow__error(FLOW_ENOTFOUND, "gravity: %s: no node attribute '%s' (did you mean '%s'?)",
                           what, name, near);
    return flow__error(FLOW_ENOTFOUND, "gravity: %s: no node attribute '%s'", what, name);
}

static const char *vertex_id(const flow_selection *sel, size_t v)
{
    return flow_network_node_id(sel->net, (size_t)sel->node_of_vertex[v]);
}

/* The numeric attribute `name` of every vertex (NAN missing) into out[nv];
 * FLOW_ENOTFOUND / FLOW_EINVAL when there is none or it holds text. */
static int numeric_attr(const flow_selection *sel, const char *name, const char *what,
                        double *out)
{
    const flow_network *net = sel->net;
    int64_t a = flow_network_attr_index(net, name);
    if (a < 0) return unknown_attr(net, what, name);
    const flow__attr *at = g_ptr_array_index(net->attrs, a);
    if (!at->numeric)
        return flow__error(FLOW_EINVAL, "gravity: %s: node attribute '%s' holds text, not numbers",
                           what, name);
    for (size_t v = 0; v < sel->nv; v++) {
        size_t node = (size_t)sel->node_of_vertex[v];
        out[v] = node < at->numbers->len ? g_array_index(at->numbers, double, node) : NAN;
    }
    return FLOW_OK;
}

/* ---- a small CSV reader (RFC 4180 quotes, BOM, CRLF) ------------------------------ */

typedef struct {
    const char *path;
    char *data;
    const char *p, *end;
    size_t line;
    GPtrArray *fields; /* char *, owned */
} csv;

static int csv_open(csv *c, const char *path)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    GError *err = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &c->data, &len, &err)) {
        int rc = flow__error(err && err->code == G_FILE_ERROR_NOENT ? FLOW_ENOTFOUND : FLOW_EIO,
                             "gravity: cannot read '%s': %s", path, err ? err->message : "error");
        g_clear_error(&err);
        return rc;
    }
    c->p = c->data;
    c->end = c->data + len;
    if (len >= 3 && memcmp(c->p, "\xEF\xBB\xBF", 3) == 0) c->p += 3;
    c->fields = g_ptr_array_new_with_free_func(g_free);
    return FLOW_OK;
}

static void csv_close(csv *c)
{
    g_free(c->data);
    if (c->fields) g_ptr_array_free(c->fields, TRUE);
    memset(c, 0, sizeof *c);
}

/* Reads the next non-empty row into c->fields (trimmed); 1 when a row was
 * read, 0 at the end, < 0 on a malformed row. */
static int csv_row(csv *c)
{
    for (;;) {
        if (c->p >= c->end) return 0;
        g_ptr_array_set_size(c->fields, 0);
        c->line++;
        GString *f = g_string_new(NULL);
        int quoted = 0, any = 0;
        while (c->p < c->end) {
            char ch = *c->p;
            if (quoted) {
                c->p++;
                if (ch == '"') {
                    if (c->p < c->end && *c->p == '"') {
                        g_string_append_c(f, '"');
                        c->p++;
                    } else {
                        quoted = 0;
                    }
                } else {
                    if (ch == '\n') c->line++;
                    g_string_append_c(f, ch);
                }
                continue;
            }
            if (ch == '\n' || ch == '\r') break;
            c->p++;
            any = 1;
            if (ch == '"') {
                quoted = 1;
            } else if (ch == ',') {
                g_ptr_array_add(c->fields, g_strstrip(g_string_free(f, FALSE)));
                f = g_string_new(NULL);
            } else {
                g_string_append_c(f, ch);
            }
        }
        if (quoted) {
            g_string_free(f, TRUE);
            return flow__error(FLOW_EPARSE, "%s:%zu: unterminated quoted field", c->path, c->line);
        }
        if (c->p < c->end && *c->p == '\r') c->p++;
        if (c->p < c->end && *c->p == '\n') c->p++;
        g_ptr_array_add(c->fields, g_strstrip(g_string_free(f, FALSE)));
        if (any) return 1;
    }
}

/* Reads the header and finds the columns `names` (all required). */
static int csv_header(csv *c, const char *const *names, size_t n, size_t *col)
{
    int r = csv_row(c);
    if (r < 0) return r;
    if (r == 0) return flow__error(FLOW_EPARSE, "%s: the file is empty (a header row is needed)", c->path);
    for (size_t k = 0; k < n; k++) {
        col[k] = SIZE_MAX;
        for (size_t i = 0; i < c->fields->len; i++)
            if (strcmp(g_ptr_array_index(c->fields, i), names[k]) == 0) col[k] = i;
        if (col[k] == SIZE_MAX)
            return flow__error(FLOW_EPARSE, "%s:1: no column '%s' in the header", c->path, names[k]);
    }
    return FLOW_OK;
}

static const char *csv_field(const csv *c, size_t i)
{
    return i < c->fields->len ? g_ptr_array_index(c->fields, i) : "";
}

/* The vertex of a node id read from a file. */
static int file_vertex(const flow_selection *sel, const csv *c, const char *id, int64_t *v)
{
    int64_t node = flow__network_find(sel->net, id);
    if (node < 0) {
        const char *near = flow__network_suggest_node(sel->net, id);
        if (near)
            return flow__error(FLOW_ENOTFOUND, "%s:%zu: unknown node id '%s' (did you mean '%s'?)",
                               c->path, c->line, id, near);
        return flow__error(FLOW_ENOTFOUND, "%s:%zu: unknown node id '%s'", c->path, c->line, id);
    }
    *v = sel->vertex_of_node[node];
    return FLOW_OK;
}

/* Reads a pair file: "source,target[,distance]" into a hash keyed by both
 * orders (the value: a g_malloc'd double, or a dummy pointer for a set). */
static int read_pairs(const flow_selection *sel, const char *path, int with_distance,
                      GHashTable **out)
{
    csv c;
    int rc = csv_open(&c, path);
    if (rc != FLOW_OK) return rc;
    const char *names[] = {"source", "target", "distance"};
    size_t col[3];
    GHashTable *h = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                          with_distance ? g_free : NULL);
    if ((rc = csv_header(&c, names, with_distance ? 3 : 2, col)) != FLOW_OK) goto done;
    int r;
    while ((r = csv_row(&c)) > 0) {
        int64_t u = -1, v = -1;
        if ((rc = file_vertex(sel, &c, csv_field(&c, col[0]), &u)) != FLOW_OK ||
            (rc = file_vertex(sel, &c, csv_field(&c, col[1]), &v)) != FLOW_OK)
            goto done;
        double d = 1;
        if (with_distance) {
            const char *s = csv_field(&c, col[2]);
            char *endp = NULL;
            d = g_ascii_strtod(s, &endp);
            if (!*s || *endp || !isfinite(d) || d <= 0) {
                rc = flow__error(FLOW_EPARSE,
                                 "%s:%zu: distance '%s' is not a finite number > 0", path, c.line, s);
                goto done;
            }
        }
        if (u == v) continue;
        for (int way = 0; way < 2; way++) {
            uint64_t key = way ? pair_key((uint64_t)v, (uint64_t)u) : pair_key((uint64_t)u, (uint64_t)v);
            /* a pair given in its own order wins over the reverse */
            if (way && g_hash_table_contains(h, &key)) continue;
            gint64 *k = g_new(gint64, 1);
            *k = (gint64)key;
            if (with_distance) {
                double *dv = g_new(double, 1);
                *dv = d;
                g_hash_table_replace(h, k, dv);
            } else {
                g_hash_table_replace(h, k, GINT_TO_POINTER(1));
            }
        }
    }
    if (r < 0) rc = r;
done:
    csv_close(&c);
    if (rc != FLOW_OK) {
        g_hash_table_destroy(h);
        return rc;
    }
    *out = h;
    return FLOW_OK;
}

/* 1 when the CSV file's header has a column "lat" (a coordinate file). */
static int has_lat_column(const char *path)
{
    csv c;
    if (csv_open(&c, path) != FLOW_OK) return 0; /* read_pairs reports it */
    int found = 0;
    if (csv_row(&c) > 0)
        for (size_t i = 0; i < c.fields->len; i++) found |= strcmp(g_ptr_array_index(c.fields, i), "lat") == 0;
    csv_close(&c);
    return found;
}

/* Reads a coordinate file "id,lat,lon" (degrees) into lat[v], lon[v] for
 * the node that stands for each vertex; ids the network lacks, or that do
 * not stand for a vertex, are skipped (a lookup table). */
static int read_coords(const flow_selection *sel, const char *path, double *lat, double *lon)
{
    csv c;
    int rc = csv_open(&c, path);
    if (rc != FLOW_OK) return rc;
    const char *names[] = {"id", "lat", "lon"};
    size_t col[3];
    for (size_t v = 0; v < sel->nv; v++) lat[v] = lon[v] = NAN;
    if ((rc = csv_header(&c, names, 3, col)) != FLOW_OK) goto done;
    int r;
    while ((r = csv_row(&c)) > 0) {
        int64_t node = flow__network_find(sel->net, csv_field(&c, col[0]));
        if (node < 0) continue;
        size_t v = (size_t)sel->vertex_of_node[node];
        if (sel->node_of_vertex[v] != node) continue;
        double x[2];
        for (int k = 0; k < 2; k++) {
            const char *s = csv_field(&c, col[1 + k]);
            char *endp = NULL;
            x[k] = g_ascii_strtod(s, &endp);
            if (!*s || *endp || !isfinite(x[k])) {
                rc = flow__error(FLOW_EPARSE, "%s:%zu: %s '%s' is not a number", path, c.line,
                                 names[1 + k], s);
                goto done;
            }
        }
        lat[v] = x[0];
        lon[v] = x[1];
    }
    if (r < 0) rc = r;
done:
    csv_close(&c);
    return rc;
}

/* ---- the terms ------------------------------------------------------------------- */

static const char *group_at(size_t i, const void *data)
{
    return flow__network_group_name(data, i);
}

int flow__gravity_terms_init(flow__gravity_terms *T, flow_selection *sel,
                             const flow_gravity_options *o, const uint32_t *vid, size_t nm)
{
    memset(T, 0, sizeof *T);
    const flow_network *net = sel->net;
    size_t nv = sel->nv;
    T->nv = nv;
    GPtrArray *names = g_ptr_array_new();
    GArray *terms = g_array_new(FALSE, TRUE, sizeof(flow__gravity_term));
    int rc = FLOW_OK;

    if (!o->fixed_effects) {
        flow__gravity_term t = {.kind = FLOW__TERM_INTERCEPT};
        add_name(T, names, terms, t, g_strdup("intercept"));
    }
    for (size_t m = 0; m < o->mass_count; m++) {
        const char *a = o->masses[m];
        if (!a) {
            rc = flow__error(FLOW_EINVAL, "gravity: mass name %zu is NULL", m);
            goto done;
        }
        double *val = g_new(double, nv ? nv : 1);
        if ((rc = numeric_attr(sel, a, "mass", val)) != FLOW_OK) {
            g_free(val);
            goto done;
        }
        for (size_t x = 0; x < nm; x++) {
            size_t v = vid[x];
            if (!(isfinite(val[v]) && val[v] > 0)) {
                rc = flow__error(FLOW_EINVAL,
                                 "gravity: mass '%s' of node '%s' is %s: the log mass needs a "
                                 "value > 0 for every node of the selection",
                                 a, vertex_id(sel, v), isnan(val[v]) ? "missing" : "<= 0");
                g_free(val);
                goto done;
            }
            val[v] = log(val[v]);
        }
        for (int side = 0; side < 2; side++) {
            flow__gravity_term t = {.kind = FLOW__TERM_MASS, .side = side};
            if (side == 0) {
                t.num = val;
            } else {
                t.num = g_memdup2(val, (nv ? nv : 1) * sizeof *val);
            }
            add_name(T, names, terms, t,
                     g_strdup_printf("log_%s_%s", a, side ? "destination" : "origin"));
        }
    }
    int coord_file = o->distance == FLOW_GRAVITY_DISTANCE_FILE && has_lat_column(o->distance_file);
    if (o->distance == FLOW_GRAVITY_DISTANCE_LAT_LON || coord_file) {
        T->lat = g_new(double, nv ? nv : 1);
        T->lon = g_new(double, nv ? nv : 1);
        int64_t la = flow_network_attr_index(net, "lat"), lo = flow_network_attr_index(net, "lon");
        if (coord_file) {
            if ((rc = read_coords(sel, o->distance_file, T->lat, T->lon)) != FLOW_OK) goto done;
        } else if (la < 0 || lo < 0) {
            rc = flow__error(FLOW_EINVAL,
                             "gravity: log_distance needs node coordinates: the network has no "
                             "numeric node attributes 'lat' and 'lon' (degrees); give them, or "
                             "a distance file (source,target,distance), or no distance term");
            goto done;
        } else if ((rc = numeric_attr(sel, "lat", "log_distance", T->lat)) != FLOW_OK ||
                   (rc = numeric_attr(sel, "lon", "log_distance", T->lon)) != FLOW_OK) {
            goto done;
        }
        for (size_t m = 0; m < nm; m++) {
            size_t v = vid[m];
            if (!isfinite(T->lat[v]) || !isfinite(T->lon[v]) || fabs(T->lat[v]) > 90 ||
                fabs(T->lon[v]) > 360) {
                rc = flow__error(FLOW_EINVAL,
                                 "gravity: node '%s' has no coordinates (lat, lon %s%s%s): "
                                 "log_distance needs them for every node of the selection",
                                 vertex_id(sel, v), coord_file ? "in " : "",
                                 coord_file ? o->distance_file : "",
                                 isnan(T->lat[v]) || isnan(T->lon[v]) ? " missing" : " out of range");
                goto done;
            }
            T->lat[v] *= G_PI / 180;
            T->lon[v] *= G_PI / 180;
        }
        /* two nodes at one place would have log distance -infinity */
        GHashTable *seen = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                                 (GDestroyNotify)g_bytes_unref, NULL);
        for (size_t m = 0; m < nm && rc == FLOW_OK; m++) {
            size_t v = vid[m];
            double ll[2] = {T->lat[v], T->lon[v]};
            GBytes *key = g_bytes_new(ll, sizeof ll);
            gpointer other = NULL;
            if (g_hash_table_lookup_extended(seen, key, NULL, &other)) {
                rc = flow__error(FLOW_EINVAL,
                                 "gravity: nodes '%s' and '%s' have the same coordinates: their "
                                 "distance is 0 and its log -infinity; give a distance file, or "
                                 "roll them up (level)",
                                 vertex_id(sel, GPOINTER_TO_SIZE(other)), vertex_id(sel, v));
                g_bytes_unref(key);
            } else {
                g_hash_table_insert(seen, key, GSIZE_TO_POINTER(v));
            }
        }
        g_hash_table_destroy(seen);
        if (rc != FLOW_OK) goto done;
    } else if (o->distance == FLOW_GRAVITY_DISTANCE_FILE) {
        if ((rc = read_pairs(sel, o->distance_file, 1, &T->distance)) != FLOW_OK) goto done;
        for (size_t a = 0; a < nm; a++)
            for (size_t b = 0; b < nm; b++) {
                size_t u = vid[a], v = vid[b];
                if (u == v) continue;
                gint64 key = (gint64)pair_key(u, v);
                if (!g_hash_table_contains(T->distance, &key)) {
                    rc = flow__error(FLOW_EINVAL,
                                     "gravity: %s has no distance between '%s' and '%s' (either "
                                     "order); it needs one for every pair of the selection's nodes",
                                     o->distance_file, vertex_id(sel, u), vertex_id(sel, v));
                    goto done;
                }
            }
    }
    if (o->distance != FLOW_GRAVITY_DISTANCE_NONE) {
        flow__gravity_term t = {.kind = FLOW__TERM_DISTANCE};
        add_name(T, names, terms, t, g_strdup("log_distance"));
    }
    if (o->same_group_any) {
        size_t ng = net->groups->len;
        if (ng == 0) {
            rc = flow__error(FLOW_EINVAL, "gravity: same_group: the network declares no group");
            goto done;
        }
        T->words = (ng + 63) / 64;
        T->groups = g_new0(uint64_t, (nv ? nv : 1) * T->words);
        for (size_t gi = 0; gi < ng; gi++)
            for (size_t m = 0; m < flow__network_group_size(net, gi); m++) {
                int64_t node = flow__network_group_member(net, gi, m);
                size_t v = (size_t)sel->vertex_of_node[node];
                T->groups[v * T->words + gi / 64] |= (uint64_t)1 << (gi % 64);
            }
        flow__gravity_term t = {.kind = FLOW__TERM_SAME_ANY};
        add_name(T, names, terms, t, g_strdup("same_group"));
    }
    for (size_t s = 0; s < o->same_group_count; s++) {
        const char *gname = o->same_groups[s];
        if (!gname) {
            rc = flow__error(FLOW_EINVAL, "gravity: group name %zu is NULL", s);
            goto done;
        }
        int64_t gi = flow_network_group_index(net, gname);
        if (gi < 0) {
            const char *near = flow__suggest(gname, net->groups->len, group_at, net);
            rc = near ? flow__error(FLOW_ENOTFOUND,
                                    "gravity: same_group: unknown group '%s' (did you mean '%s'?)",
                                    gname, near)
                      : flow__error(FLOW_ENOTFOUND, "gravity: same_group: unknown group '%s'", gname);
            goto done;
        }
        flow__gravity_term t = {.kind = FLOW__TERM_SAME};
        t.member = g_new0(uint8_t, nv ? nv : 1);
        for (size_t m = 0; m < flow__network_group_size(net, (size_t)gi); m++)
            t.member[sel->vertex_of_node[flow__network_group_member(net, (size_t)gi, m)]] = 1;
        add_name(T, names, terms, t, g_strdup_printf("same_group:%s", gname));
    }
    for (size_t s = 0; s < o->boundary_count; s++) {
        const char *a = o->boundaries[s];
        if (!a) {
            rc = flow__error(FLOW_EINVAL, "gravity: boundary attribute %zu is NULL", s);
            goto done;
        }
        flow__gravity_term t = {.kind = FLOW__TERM_BOUNDARY};
        if (strcmp(a, "kind") == 0) {
            t.text = g_new0(const char *, nv ? nv : 1);
            for (size_t v = 0; v < nv; v++)
                t.text[v] = flow__network_node_kind(net, (size_t)sel->node_of_vertex[v]);
        } else {
            int64_t ai = flow_network_attr_index(net, a);
            if (ai < 0) {
                rc = unknown_attr(net, "boundary", a);
                goto done;
            }
            const flow__attr *at = g_ptr_array_index(net->attrs, ai);
            if (at->numeric) {
                t.num = g_new(double, nv ? nv : 1);
                numeric_attr(sel, a, "boundary", t.num);
            } else {
                t.text = g_new0(const char *, nv ? nv : 1);
                for (size_t v = 0; v < nv; v++) {
                    size_t node = (size_t)sel->node_of_vertex[v];
                    t.text[v] = node < at->texts->len ? g_ptr_array_index(at->texts, node) : NULL;
                }
            }
        }
        add_name(T, names, terms, t, g_strdup_printf("boundary:%s", a));
    }
    if (o->contiguity_file) {
        if ((rc = read_pairs(sel, o->contiguity_file, 0, &T->contiguous)) != FLOW_OK) goto done;
        flow__gravity_term t = {.kind = FLOW__TERM_CONTIGUITY};
        add_name(T, names, terms, t, g_strdup("contiguity"));
    }

done:
    T->count = names->len;
    T->names = (char **)g_ptr_array_free(names, FALSE);
    T->terms = (flow__gravity_term *)(void *)g_array_free(terms, FALSE);
    if (rc != FLOW_OK) flow__gravity_terms_clear(T);
    return rc;
}

static inline double haversine(const flow__gravity_terms *T, size_t i, size_t j)
{
    double dlat = T->lat[j] - T->lat[i], dlon = T->lon[j] - T->lon[i];
    double s1 = sin(dlat / 2), s2 = sin(dlon / 2);
    double a = s1 * s1 + cos(T->lat[i]) * cos(T->lat[j]) * s2 * s2;
    return 2 * EARTH_RADIUS_KM * asin(fmin(1.0, sqrt(a)));
}

double flow__gravity_term_value(const flow__gravity_terms *T, size_t k, size_t i, size_t j)
{
    const flow__gravity_term *t = &T->terms[k];
    switch (t->kind) {
    case FLOW__TERM_INTERCEPT: return 1;
    case FLOW__TERM_MASS: return t->num[t->side ? j : i];
    case FLOW__TERM_DISTANCE:
        if (T->lat) return log(haversine(T, i, j));
        {
            gint64 key = (gint64)pair_key(i, j);
            const double *d = g_hash_table_lookup(T->distance, &key);
            return log(*d);
        }
    case FLOW__TERM_SAME_ANY:
        for (size_t w = 0; w < T->words; w++)
            if (T->groups[i * T->words + w] & T->groups[j * T->words + w]) return 1;
        return 0;
    case FLOW__TERM_SAME: return t->member[i] && t->member[j];
    case FLOW__TERM_BOUNDARY:
        if (t->num) {
            double a = t->num[i], b = t->num[j];
            if (isnan(a) || isnan(b)) return isnan(a) != isnan(b);
            return a != b;
        }
        if (!t->text[i] || !t->text[j]) return (!t->text[i]) != (!t->text[j]);
        return strcmp(t->text[i], t->text[j]) != 0;
    case FLOW__TERM_CONTIGUITY: {
        gint64 key = (gint64)pair_key(i, j);
        return g_hash_table_contains(T->contiguous, &key);
    }
    }
    return NAN;
}

void flow__gravity_terms_clear(flow__gravity_terms *T)
{
    for (size_t k = 0; k < T->count; k++) {
        g_free(T->names ? T->names[k] : NULL);
        if (T->terms) {
            g_free(T->terms[k].num);
            g_free(T->terms[k].text);
            g_free(T->terms[k].member);
        }
    }
    g_free(T->names);
    g_free(T->terms);
    g_free(T->lat);
    g_free(T->lon);
    g_free(T->groups);
    if (T->distance) g_hash_table_destroy(T->distance);
    if (T->contiguous) g_hash_table_destroy(T->contiguous);
    memset(T, 0, sizeof *T);
}

/*
 * render.c - the one renderer of flowctl: any result as aligned text, CSV
 * or JSON.
 *
 * Commands hand over a view (flowctl.h): columns borrowed from flow_tables
 * or made by the command, scalars, metadata, parts, and the order of the
 * shown rows. Every format carries the same records under the same names:
 *
 *  - node columns expand to three: a column "node" to id, name, kind; any
 *    other node column X (source, target, member) to X (the id), X_name,
 *    X_kind. The name is the --name-attr attribute when the node has it;
 *  - text: a title "<analysis> (<selection>)", the parameters and the
 *    scalars as "name: value" lines, then the table: two spaces between
 *    columns, text left-aligned and padded by display width (a Chinese
 *    character takes two columns), numbers right-aligned with one number of
 *    decimals per column so that the points line up, missing values "-";
 *    ranked tables number their rows ("#"). --top rows (default 20), with a
 *    note on the rows left out. Then every part the same way, under its
 *    name; parts marked hidden are only named (--part shows one);
 *  - CSV: ONE rectangular table (RFC 4180): a header, then rows of the same
 *    length; the scalars are extra columns repeated on every row (a result
 *    with scalars only is one row of them); numbers at full precision, a
 *    missing value is an empty field. The main table, or the part --part
 *    names; -o DIR writes every table to DIR as <name>.csv (the main table
 *    under the analysis' name);
 *  - JSON: one object: "analysis", "selection" (from the table's
 *    metadata: factors, combine, years, directed, level, unit),
 *    "parameters" (the rest of the metadata), each scalar as a key, the
 *    rows as an array of objects under "nodes" (a per-node table), "edges"
 *    (source and target columns), "rows", or the key the command names
 *    (view_json_rows_key: gravity's "coefficients"), then the parts under their
 *    names: an array of rows, or an object of the same shape when the part
 *    has scalars or parameters of its own. A scalar named like a part (a
 *    partition's "clusters", the number of rows of its part "clusters") is
 *    written as "n_<name>". Missing values and non-finite numbers are null.
 *
 * --sort COLUMN orders the shown table by an output column, largest first
 * (--ascending: smallest first); missing values always go last and ties
 * keep the command's order.
 */
#include "flowctl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- views ---------------------------------------------------------------------- */

typedef struct {
    char *name;
    int type;         /* FLOW_COLUMN_* */
    const void *data; /* nrows doubles, int64_t or const char * */
    void *owned;      /* freed with the view (a text column: each string too) */
    size_t width;     /* text tables: cells cut to this many columns; 0: 200 */
} vcol;

typedef struct {
    char *name;
    double x;
} vscalar;

typedef struct {
    char *key, *value;
} vmeta;

struct cli_view {
    char *name;
    size_t nrows;
    vcol *cols;
    size_t ncols;
    vscalar *scalars;
    size_t nscalars;
    vmeta *meta;
    size_t nmeta;
    cli_view **parts;
    size_t nparts;
    size_t *order; /* the rows shown, in order */
    size_t nshown;
    int flags;
    char *rank_column; /* the default ranking, for --ascending */
    int rank_desc;
    char *map_key, *map_column;
    char *rows_key; /* JSON key of the rows; NULL: nodes, edges or rows */
};

/* A mistake in flowctl itself (a column the library documents is missing):
 * say so and stop. */
static void internal(const char *what, const char *name)
{
    cli_error("internal error: %s '%s'", what, name ? name : "(null)");
    exit(EXIT_OTHER);
}

cli_view *view_new(const char *name, size_t nrows)
{
    cli_view *v = xcalloc(1, sizeof *v);
    v->name = xstrdup(name ? name : "result");
    v->nrows = nrows;
    v->order = xcalloc(nrows ? nrows : 1, sizeof(size_t));
    for (size_t r = 0; r < nrows; r++) v->order[r] = r;
    v->nshown = nrows;
    return v;
}

static void free_col(vcol *c, size_t nrows)
{
    if (c->owned && c->type == FLOW_COLUMN_TEXT)
        for (size_t r = 0; r < nrows; r++) free(((char **)c->owned)[r]);
    free(c->owned);
    free(c->name);
}

void view_free(cli_view *v)
{
    if (!v) return;
    for (size_t c = 0; c < v->ncols; c++) free_col(&v->cols[c], v->nrows);
    for (size_t i = 0; i < v->nscalars; i++) free(v->scalars[i].name);
    for (size_t i = 0; i < v->nmeta; i++) free(v->meta[i].key), free(v->meta[i].value);
    for (size_t i = 0; i < v->nparts; i++) view_free(v->parts[i]);
    free(v->cols);
    free(v->scalars);
    free(v->meta);
    free(v->parts);
    free(v->order);
    free(v->rank_column);
    free(v->map_key);
    free(v->map_column);
    free(v->rows_key);
    free(v->name);
    free(v);
}

size_t view_rows(const cli_view *v) { return v->nshown; }

static vcol *add_col(cli_view *v, const char *name, int type)
{
    v->cols = xrealloc(v->cols, (v->ncols + 1) * sizeof(vcol));
    vcol *c = &v->cols[v->ncols++];
    memset(c, 0, sizeof *c);
    c->name = xstrdup(name);
    c->type = type;
    return c;
}

static vcol *find_col(const cli_view *v, const char *name)
{
    for (size_t c = 0; c < v->ncols; c++)
        if (strcmp(v->cols[c].name, name) == 0) return &v->cols[c];
    return NULL;
}

static void add_table_col(cli_view *v, const flow_table *t, size_t c, const char *as)
{
    int type = flow_table_column_type(t, c);
    vcol *col = add_col(v, as ? as : flow_table_column_name(t, c), type);
    if (type == FLOW_COLUMN_DOUBLE)
        col->data = flow_table_doubles(t, c);
    else if (type == FLOW_COLUMN_TEXT)
        col->data = flow_table_texts(t, c);
    else
        col->data = flow_table_ints(t, c);
}

void view_column(cli_view *v, const flow_table *t, const char *name, const char *as)
{
    int64_t c = flow_table_column_index(t, name);
    if (c < 0) internal("no column", name);
    if (flow_table_row_count(t) != v->nrows) internal("rows differ in column", name);
    add_table_col(v, t, (size_t)c, as);
}

void view_own_doubles(cli_view *v, const char *name, double *values)
{
    vcol *c = add_col(v, name, FLOW_COLUMN_DOUBLE);
    c->data = c->owned = values;
}

void view_own_ints(cli_view *v, const char *name, int64_t *values)
{
    vcol *c = add_col(v, name, FLOW_COLUMN_INT);
    c->data = c->owned = values;
}

void view_own_nodes(cli_view *v, const char *name, int64_t *values)
{
    vcol *c = add_col(v, name, FLOW_COLUMN_NODE);
    c->data = c->owned = values;
}

void view_own_texts(cli_view *v, const char *name, char **values)
{
    vcol *c = add_col(v, name, FLOW_COLUMN_TEXT);
    c->data = c->owned = values;
}

void view_drop(cli_view *v, const char *name)
{
    vcol *c = find_col(v, name);
    if (!c) return;
    size_t i = (size_t)(c - v->cols);
    free_col(c, v->nrows);
    memmove(&v->cols[i], &v->cols[i + 1], (v->ncols - i - 1) * sizeof(vcol));
    v->ncols--;
}

void view_set_width(cli_view *v, const char *name, size_t width)
{
    vcol *c = find_col(v, name);
    if (c) c->width = width;
}

void view_scalar(cli_view *v, const char *name, double x)
{
    for (size_t i = 0; i < v->nscalars; i++) {
        if (strcmp(v->scalars[i].name, name) == 0) {
            v->scalars[i].x = x;
            return;
        }
    }
    v->scalars = xrealloc(v->scalars, (v->nscalars + 1) * sizeof(vscalar));
    v->scalars[v->nscalars].name = xstrdup(name);
    v->scalars[v->nscalars++].x = x;
}

void view_scalars_of(cli_view *v, const flow_table *t)
{
    for (size_t i = 0; i < flow_table_scalar_count(t); i++) {
        const char *name = flow_table_scalar_name(t, i);
        view_scalar(v, name, flow_table_scalar(t, name));
    }
}

void view_meta(cli_view *v, const char *key, const char *value)
{
    for (size_t i = 0; i < v->nmeta; i++) {
        if (strcmp(v->meta[i].key, key) != 0) continue;
        free(v->meta[i].value);
        if (value) {
            v->meta[i].value = xstrdup(value);
        } else {
            free(v->meta[i].key);
            memmove(&v->meta[i], &v->meta[i + 1], (v->nmeta - i - 1) * sizeof(vmeta));
            v->nmeta--;
        }
        return;
    }
    if (!value) return;
    v->meta = xrealloc(v->meta, (v->nmeta + 1) * sizeof(vmeta));
    v->meta[v->nmeta].key = xstrdup(key);
    v->meta[v->nmeta++].value = xstrdup(value);
}

void view_meta_of(cli_view *v, const flow_table *t)
{
    for (size_t i = 0; i < flow_table_meta_count(t); i++) {
        const char *key = flow_table_meta_key(t, i);
        view_meta(v, key, flow_table_meta(t, key));
    }
}

const char *view_get_meta(const cli_view *v, const char *key)
{
    for (size_t i = 0; i < v->nmeta; i++)
        if (strcmp(v->meta[i].key, key) == 0) return v->meta[i].value;
    return NULL;
}

void view_add_part(cli_view *v, cli_view *part)
{
    v->parts = xrealloc(v->parts, (v->nparts + 1) * sizeof(cli_view *));
    v->parts[v->nparts++] = part;
}

cli_view *view_part(const cli_view *v, const char *name)
{
    for (size_t i = 0; i < v->nparts; i++)
        if (strcmp(v->parts[i]->name, name) == 0) return v->parts[i];
    for (size_t i = 0; i < v->nparts; i++) {
        cli_view *p = view_part(v->parts[i], name);
        if (p) return p;
    }
    return NULL;
}

void view_set_flags(cli_view *v, int flags) { v->flags |= flags; }

void view_json_map(cli_view *v, const char *key, const char *column)
{
    free(v->map_key);
    free(v->map_column);
    v->map_key = xstrdup(key);
    v->map_column = xstrdup(column);
}

void view_json_rows_key(cli_view *v, const char *key)
{
    free(v->rows_key);
    v->rows_key = key ? xstrdup(key) : NULL;
}

cli_view *view_of(const flow_table *t)
{
    size_t n = flow_table_row_count(t);
    cli_view *v = view_new(flow_table_name(t), n);
    for (size_t c = 0; c < flow_table_column_count(t); c++) add_table_col(v, t, c, NULL);
    view_scalars_of(v, t);
    view_meta_of(v, t);
    for (size_t i = 0; i < flow_table_part_count(t); i++)
        view_add_part(v, view_of(flow_table_part_at(t, i)));
    return v;
}

/* ---- nodes ------------------------------------------------------------------------ */

const char *cli_node_id(const cli_context *ctx, int64_t node)
{
    if (node < 0 || !ctx->node_id) return "";
    const char *s = ctx->node_id[node];
    return s ? s : "";
}

const char *cli_node_name(const cli_context *ctx, int64_t node)
{
    if (node < 0 || !ctx->node_id) return "";
    if (ctx->name_number && ctx->name_number[node]) return ctx->name_number[node];
    if (ctx->name_text && ctx->name_text[node] && *ctx->name_text[node])
        return ctx->name_text[node];
    const char *s = ctx->node_name ? ctx->node_name[node] : NULL;
    return s ? s : cli_node_id(ctx, node);
}

const char *cli_node_kind(const cli_context *ctx, int64_t node)
{
    if (node < 0 || !ctx->node_kind) return "";
    const char *s = ctx->node_kind[node];
    return s ? s : "";
}

/* ---- output columns and cells ---------------------------------------------------------- */

/* A column as written: a view column, one field of a node column, or (CSV)
 * a scalar repeated on every row. */
typedef struct {
    char *name;
    const vcol *col; /* NULL: a scalar */
    int field;       /* node columns: 0 id, 1 name, 2 kind */
    double scalar;
} ocol;

enum { CELL_MISSING = 0, CELL_TEXT, CELL_NUMBER, CELL_INT };

typedef struct {
    int kind;
    const char *s;
    double x;
    long long i;
} cellv;

static ocol *out_columns(const cli_view *v, int with_scalars, size_t *n)
{
    size_t cap = 3 * v->ncols + (with_scalars ? v->nscalars : 0) + 1, k = 0;
    ocol *o = xcalloc(cap, sizeof(ocol));
    for (size_t c = 0; c < v->ncols; c++) {
        const vcol *col = &v->cols[c];
        if (col->type != FLOW_COLUMN_NODE) {
            o[k].name = xstrdup(col->name);
            o[k++].col = col;
            continue;
        }
        int plain = strcmp(col->name, "node") == 0;
        for (int f = 0; f < 3; f++) {
            static const char *const fields[] = {"id", "name", "kind"};
            if (plain)
                o[k].name = xstrdup(fields[f]);
            else if (f == 0)
                o[k].name = xstrdup(col->name);
            else
                o[k].name = xprintf("%s_%s", col->name, fields[f]);
            o[k].col = col;
            o[k++].field = f;
        }
    }
    for (size_t i = 0; with_scalars && i < v->nscalars; i++) {
        o[k].name = xstrdup(v->scalars[i].name);
        o[k++].scalar = v->scalars[i].x;
    }
    *n = k;
    return o;
}

static void free_out_columns(ocol *o, size_t n)
{
    for (size_t i = 0; i < n; i++) free(o[i].name);
    free(o);
}

static int is_number_column(const ocol *o)
{
    return !o->col || o->col->type == FLOW_COLUMN_DOUBLE || o->col->type == FLOW_COLUMN_INT;
}

static cellv get_cell(const cli_context *ctx, const ocol *o, size_t r)
{
    cellv c = {CELL_MISSING, NULL, 0, 0};
    if (!o->col) {
        c.x = o->scalar;
        c.kind = isnan(c.x) ? CELL_MISSING : CELL_NUMBER;
        return c;
    }
    switch (o->col->type) {
    case FLOW_COLUMN_DOUBLE:
        c.x = ((const double *)o->col->data)[r];
        c.kind = isnan(c.x) ? CELL_MISSING : CELL_NUMBER;
        break;
    case FLOW_COLUMN_INT:
        c.i = (long long)((const int64_t *)o->col->data)[r];
        /* undated: libflow's FLOW_NO_YEAR in a year column */
        c.kind = c.i == FLOW_NO_YEAR && strcmp(o->col->name, "year") == 0 ? CELL_MISSING : CELL_INT;
        break;
    case FLOW_COLUMN_TEXT:
        c.s = ((const char *const *)o->col->data)[r];
        c.kind = c.s ? CELL_TEXT : CELL_MISSING;
        break;
    case FLOW_COLUMN_NODE: {
        int64_t node = ((const int64_t *)o->col->data)[r];
        if (node < 0) break;
        c.s = o->field == 0   ? cli_node_id(ctx, node)
              : o->field == 1 ? cli_node_name(ctx, node)
                              : cli_node_kind(ctx, node);
        c.kind = CELL_TEXT;
        break;
    }
    default: break;
    }
    return c;
}

/* ---- sorting ------------------------------------------------------------------------ */

typedef struct {
    size_t row, pos;
    cellv c;
} skey;

static int sort_desc;

static int by_key(const void *pa, const void *pb)
{
    const skey *a = pa, *b = pb;
    int r = 0;
    if (a->c.kind == CELL_MISSING || b->c.kind == CELL_MISSING) {
        r = (a->c.kind == CELL_MISSING) - (b->c.kind == CELL_MISSING); /* missing last */
    } else {
        if (a->c.kind == CELL_TEXT)
            r = strcmp(a->c.s, b->c.s);
        else if (a->c.kind == CELL_NUMBER)
            r = a->c.x < b->c.x ? -1 : a->c.x > b->c.x;
        else
            r = a->c.i < b->c.i ? -1 : a->c.i > b->c.i;
        if (sort_desc) r = -r;
    }
    if (r == 0) r = a->pos < b->pos ? -1 : a->pos > b->pos; /* stable */
    return r;
}

/* Sorts; *numeric tells whether the column holds numbers. */
static int sort_rows(const cli_context *ctx, cli_view *v, const char *column, int descending,
                     int *numeric)
{
    size_t n;
    ocol *o = out_columns(v, 0, &n);
    size_t k = 0;
    while (k < n && strcmp(o[k].name, column) != 0) k++;
    if (k == n) {
        free_out_columns(o, n);
        return -1;
    }
    if (numeric) *numeric = is_number_column(&o[k]);
    skey *keys = xcalloc(v->nshown, sizeof(skey));
    for (size_t i = 0; i < v->nshown; i++) {
        keys[i].row = v->order[i];
        keys[i].pos = i;
        keys[i].c = get_cell(ctx, &o[k], v->order[i]);
    }
    sort_desc = descending;
    if (v->nshown > 1) qsort(keys, v->nshown, sizeof(skey), by_key);
    for (size_t i = 0; i < v->nshown; i++) v->order[i] = keys[i].row;
    free(keys);
    free_out_columns(o, n);
    return 0;
}

int view_sort(const cli_context *ctx, cli_view *v, const char *column, int descending)
{
    return sort_rows(ctx, v, column, descending, NULL);
}

int view_rank(const cli_context *ctx, cli_view *v, const char *column, int descending)
{
    if (sort_rows(ctx, v, column, descending, NULL) < 0) return -1;
    v->flags |= VIEW_RANKED;
    if (column != v->rank_column) {
        free(v->rank_column);
        v->rank_column = xstrdup(column);
    }
    v->rank_desc = descending;
    return 0;
}

void view_drop_missing(cli_view *v, const char *column)
{
    const vcol *c = find_col(v, column);
    if (!c || c->type != FLOW_COLUMN_DOUBLE) internal("no number column", column);
    const double *x = c->data;
    size_t k = 0;
    for (size_t i = 0; i < v->nshown; i++)
        if (!isnan(x[v->order[i]])) v->order[k++] = v->order[i];
    v->nshown = k;
}

/* ---- metadata ------------------------------------------------------------------------ */

/* The metadata keys that describe the selection (flow_table.h). */
static int is_selection_key(const char *key)
{
    static const char *const keys[] = {"factors", "combine", "years", "directed", "level", "unit"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (strcmp(key, keys[i]) == 0) return 1;
    return 0;
}

/* Parameters: the metadata that is neither the analysis' name nor the
 * selection, and says something. */
static int is_parameter(const vmeta *m)
{
    return strcmp(m->key, "analysis") != 0 && !is_selection_key(m->key) && *m->value;
}

static size_t parameter_count(const cli_view *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nmeta; i++) n += is_parameter(&v->meta[i]);
    return n;
}

/* "technology, 2022, directed, level region, unit 100M yuan" from the
 * selection metadata; NULL when the view has none. */
static char *describe_selection(const cli_view *v)
{
    const char *factors = view_get_meta(v, "factors"), *years = view_get_meta(v, "years");
    const char *directed = view_get_meta(v, "directed"), *level = view_get_meta(v, "level");
    const char *combine = view_get_meta(v, "combine"), *unit = view_get_meta(v, "unit");
    if (!directed) return NULL;
    char *f = xstrdup(factors && *factors ? factors : "no factor");
    for (char *p = f; *p; p++)
        if (*p == ',') *p = '+';
    char *s = xprintf("%s, %s%s, %s%s%s%s%s%s", f,
                      !years || strcmp(years, "all") == 0 ? "all years" : "",
                      years && strcmp(years, "all") != 0 ? years : "",
                      strcmp(directed, "yes") == 0 ? "directed" : "undirected",
                      level && *level ? ", level " : "", level && *level ? level : "",
                      combine && strcmp(combine, "share") == 0 ? ", shares combined" : "",
                      unit && *unit && strcmp(unit, "share") != 0 ? ", unit " : "",
                      unit && *unit && strcmp(unit, "share") != 0 ? unit : "");
    free(f);
    return s;
}

/* ---- text ----------------------------------------------------------------------------- */

/* Decimals of a number column in a text table: enough for four significant
 * digits of its smallest non-zero value, so that decimal points line up;
 * none when every value is a whole number. A column that would need more
 * than 6 (p-values, tiny shares) is written in "%.4g" instead: -1. */
static int column_decimals(const cellv *cells, size_t n)
{
    int d = 0;
    for (size_t r = 0; r < n; r++) {
        const cellv *x = &cells[r];
        if (x->kind != CELL_NUMBER || !isfinite(x->x) || x->x == 0) continue;
        double a = fabs(x->x);
        if (a >= 1e15) return -1;
        if (x->x == floor(x->x)) continue;
        int need = 3 - (int)floor(log10(a));
        if (need > d) d = need;
    }
    return d > 6 ? -1 : d;
}

/* "65077502.5" -> "65,077,502.5": thousands separators in the whole part
 * of a number of at least five digits, for text tables only (CSV and JSON
 * keep plain numbers). buf has room for the commas. */
static void group_thousands(char *buf, size_t size)
{
    char *p = buf + (*buf == '-');
    size_t digits = strspn(p, "0123456789");
    if (digits < 5 || strpbrk(buf, "eE")) return;
    size_t commas = (digits - 1) / 3, len = strlen(buf);
    if (len + commas + 1 > size) return;
    char *end = buf + len;
    memmove(p + digits + commas, p + digits, (size_t)(end - (p + digits)) + 1);
    for (size_t i = digits, out = digits + commas; i > 0;) {
        p[--out] = p[--i];
        if (i > 0 && (digits - i) % 3 == 0) p[--out] = ',';
    }
}

static char *cell_text(const cellv *x, int decimals, size_t width)
{
    char buf[96];
    switch (x->kind) {
    case CELL_TEXT: return cli_fit(x->s, width ? width : 200);
    case CELL_NUMBER:
        if (decimals < 0)
            snprintf(buf, sizeof buf, "%.4g", x->x);
        else if (isfinite(x->x)) {
            snprintf(buf, sizeof buf, "%.*f", decimals, x->x);
            group_thousands(buf, sizeof buf);
        }
        else
            cli_format_number(buf, sizeof buf, x->x);
        return xstrdup(buf);
    case CELL_INT: snprintf(buf, sizeof buf, "%lld", x->i); return xstrdup(buf);
    default: return xstrdup("-");
    }
}

static void pad(FILE *f, size_t n)
{
    while (n--) fputc(' ', f);
}

static size_t limit_of(const cli_context *ctx, const cli_view *v, int format)
{
    if (v->flags & VIEW_WHOLE) return 0;
    if (ctx->common->top >= 0) return (size_t)ctx->common->top;
    return format == FMT_TABLE ? 20 : 0;
}

static size_t shown_rows(const cli_view *v, size_t limit)
{
    return limit == 0 || limit > v->nshown ? v->nshown : limit;
}

static void text_table(const cli_context *ctx, const cli_view *v, FILE *f)
{
    size_t nc, n = shown_rows(v, limit_of(ctx, v, FMT_TABLE));
    ocol *o = out_columns(v, 0, &nc);
    int ranked = (v->flags & VIEW_RANKED) != 0;
    size_t ncols = nc + (size_t)ranked; /* "#" first when ranked */
    size_t *width = xcalloc(ncols, sizeof(size_t));
    int *right = xcalloc(ncols, sizeof(int));
    char **txt = xcalloc((n + 1) * ncols, sizeof(char *)); /* row 0: the header */
    cellv *cells = xcalloc(n ? n : 1, sizeof(cellv));

    for (size_t j = 0; j < ncols; j++) {
        if (ranked && j == 0) {
            txt[0] = xstrdup("#");
            for (size_t r = 0; r < n; r++) txt[(r + 1) * ncols] = xprintf("%zu", r + 1);
            right[0] = 1;
        } else {
            const ocol *col = &o[j - (size_t)ranked];
            for (size_t r = 0; r < n; r++) cells[r] = get_cell(ctx, col, v->order[r]);
            int dec = column_decimals(cells, n);
            txt[j] = xstrdup(col->name);
            for (size_t r = 0; r < n; r++)
                txt[(r + 1) * ncols + j] = cell_text(&cells[r], dec, col->col->width);
            right[j] = is_number_column(col);
        }
        for (size_t r = 0; r <= n; r++) {
            size_t w = cli_display_width(txt[r * ncols + j]);
            if (w > width[j]) width[j] = w;
        }
    }
    for (size_t r = 0; r <= n; r++) {
        for (size_t j = 0; j < ncols; j++) {
            const char *s = txt[r * ncols + j];
            size_t w = cli_display_width(s);
            if (j) fputs("  ", f);
            if (right[j]) pad(f, width[j] - w);
            fputs(s, f);
            if (!right[j] && j + 1 < ncols) pad(f, width[j] - w);
        }
        fputc('\n', f);
    }
    if (v->nshown == 0)
        fputs("(no rows)\n", f);
    else if (n < v->nshown)
        fprintf(f, "(%zu of %zu rows shown; --top 0 shows all)\n", n, v->nshown);
    for (size_t i = 0; i < (n + 1) * ncols; i++) free(txt[i]);
    free(txt);
    free(cells);
    free(right);
    free(width);
    free_out_columns(o, nc);
}

static void text_scalar(FILE *f, const char *name, double x)
{
    if (isnan(x))
        fprintf(f, "%s: nan\n", name);
    else if (x == floor(x) && fabs(x) < 1e15)
        fprintf(f, "%s: %.0f\n", name, x);
    else if (isfinite(x) && fabs(x) >= 1e4 && fabs(x) < 1e15) {
        /* a total of 65077502.5 persons: not 6.50775e+07 */
        char buf[64];
        snprintf(buf, sizeof buf, "%.2f", x);
        group_thousands(buf, sizeof buf);
        fprintf(f, "%s: %s\n", name, buf);
    } else
        fprintf(f, "%s: %.6g\n", name, x);
}

/* A view's parameter and scalar lines, then its table. A part leaves out
 * the parameters its top view already gave with the same value. */
static void text_body(const cli_context *ctx, const cli_view *v, const cli_view *top, int blank,
                      FILE *f)
{
    for (size_t i = 0; i < v->nmeta; i++) {
        const vmeta *m = &v->meta[i];
        const char *same = top != v ? view_get_meta(top, m->key) : NULL;
        if (is_parameter(m) && !(same && strcmp(same, m->value) == 0))
            fprintf(f, "%s: %s\n", m->key, m->value);
    }
    for (size_t i = 0; i < v->nscalars; i++) text_scalar(f, v->scalars[i].name, v->scalars[i].x);
    if (v->ncols == 0) return;
    if (blank) fputc('\n', f);
    text_table(ctx, v, f);
}

static void text_parts(const cli_context *ctx, const cli_view *v, const cli_view *top, FILE *f)
{
    for (size_t i = 0; i < v->nparts; i++) {
        const cli_view *p = v->parts[i];
        if (p->flags & VIEW_HIDDEN) continue;
        fprintf(f, "\n%s\n", p->name);
        text_body(ctx, p, top, 0, f);
        text_parts(ctx, p, top, f);
    }
    for (size_t i = 0; i < v->nparts; i++) {
        const cli_view *p = v->parts[i];
        if (p->flags & VIEW_HIDDEN)
            fprintf(f, "\n(part %s: %zu rows, shown with --part %s)\n", p->name, p->nshown,
                    p->name);
    }
}

static void text_output(const cli_context *ctx, const cli_view *top, const cli_view *shown,
                        FILE *f)
{
    char *sel = describe_selection(top);
    if (shown == top)
        fprintf(f, "%s%s%s%s\n", top->name, sel ? " (" : "", sel ? sel : "", sel ? ")" : "");
    else
        fprintf(f, "%s, part %s%s%s%s\n", top->name, shown->name, sel ? " (" : "",
                sel ? sel : "", sel ? ")" : "");
    free(sel);
    text_body(ctx, shown, top, 1, f);
    if (shown == top) text_parts(ctx, top, top, f);
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void csv_cell(FILE *f, const cellv *c)
{
    char buf[64];
    switch (c->kind) {
    case CELL_TEXT: cli_csv_field(f, c->s); break;
    case CELL_NUMBER:
        cli_format_number(buf, sizeof buf, c->x);
        fputs(buf, f);
        break;
    case CELL_INT: fprintf(f, "%lld", c->i); break;
    default: break;
    }
}

static void csv_table(const cli_context *ctx, const cli_view *v, size_t limit, FILE *f)
{
    size_t nc;
    ocol *o = out_columns(v, 1, &nc);
    if (nc == 0) {
        free_out_columns(o, nc);
        return;
    }
    for (size_t j = 0; j < nc; j++) {
        if (j) fputc(',', f);
        cli_csv_field(f, o[j].name);
    }
    fputc('\n', f);
    /* a result of scalars only is one row of them */
    size_t n = v->ncols == 0 ? 1 : shown_rows(v, limit);
    for (size_t r = 0; r < n; r++) {
        for (size_t j = 0; j < nc; j++) {
            if (j) fputc(',', f);
            cellv c = get_cell(ctx, &o[j], v->ncols ? v->order[r] : 0);
            csv_cell(f, &c);
        }
        fputc('\n', f);
    }
    free_out_columns(o, nc);
}

/* ---- JSON ---------------------------------------------------------------------------- */

static const char *rows_key(const cli_view *v)
{
    if (v->rows_key) return v->rows_key;
    int source = 0, target = 0;
    for (size_t c = 0; c < v->ncols; c++) {
        if (v->cols[c].type != FLOW_COLUMN_NODE) continue;
        if (c == 0 && strcmp(v->cols[c].name, "node") == 0) return "nodes";
        source |= strcmp(v->cols[c].name, "source") == 0;
        target |= strcmp(v->cols[c].name, "target") == 0;
    }
    return source && target ? "edges" : "rows";
}

static void json_selection(jw *w, const cli_view *v)
{
    const char *factors = view_get_meta(v, "factors"), *years = view_get_meta(v, "years");
    const char *level = view_get_meta(v, "level"), *unit = view_get_meta(v, "unit");
    const char *combine = view_get_meta(v, "combine");
    jw_key(w, "selection");
    jw_object(w);
    jw_key(w, "factors");
    jw_inline_array(w);
    if (factors) {
        size_t n;
        char **list = cli_split(factors, &n);
        for (size_t i = 0; i < n; i++) jw_string(w, list[i]);
        cli_free_list(list);
    }
    jw_end_array(w);
    jw_key(w, "combine");
    jw_string(w, combine);
    jw_key(w, "years");
    /* "all", "2022" or "2016-2022" (negative years: "-50--20") */
    char *end;
    long a = years ? strtol(years, &end, 10) : 0, b = a;
    int ok = years && end != years;
    if (ok && *end == '-') {
        const char *t = end + 1;
        b = strtol(t, &end, 10);
        ok = end != t;
    }
    if (!years || strcmp(years, "all") == 0) {
        jw_null(w);
    } else if (ok && *end == '\0') {
        jw_inline_array(w);
        jw_int(w, a);
        jw_int(w, b);
        jw_end_array(w);
    } else {
        jw_string(w, years);
    }
    jw_key(w, "directed");
    jw_bool(w, strcmp(view_get_meta(v, "directed"), "yes") == 0);
    jw_key(w, "level");
    jw_string(w, level && *level ? level : NULL);
    jw_key(w, "unit");
    jw_string(w, unit);
    jw_end_object(w);
}

static void json_cell(jw *w, const cellv *c)
{
    switch (c->kind) {
    case CELL_TEXT: jw_string(w, c->s); break;
    case CELL_NUMBER: jw_number(w, c->x); break;
    case CELL_INT: jw_int(w, c->i); break;
    default: jw_null(w);
    }
}

static void json_rows(const cli_context *ctx, jw *w, const cli_view *v)
{
    size_t nc, n = shown_rows(v, limit_of(ctx, v, FMT_JSON));
    ocol *o = out_columns(v, 0, &nc);
    jw_array(w);
    for (size_t r = 0; r < n; r++) {
        jw_inline_object(w);
        for (size_t j = 0; j < nc; j++) {
            cellv c = get_cell(ctx, &o[j], v->order[r]);
            jw_key(w, o[j].name);
            json_cell(w, &c);
        }
        jw_end_object(w);
    }
    jw_end_array(w);
    free_out_columns(o, nc);
}

static int is_part_object(const cli_view *p)
{
    return p->nscalars || parameter_count(p) || p->nparts || p->map_key;
}

static void json_value(const cli_context *ctx, jw *w, const cli_view *v);

/* The keys of a view's object after "analysis" and "selection". */
static void json_members(const cli_context *ctx, jw *w, const cli_view *v)
{
    if (parameter_count(v)) {
        jw_key(w, "parameters");
        jw_object(w);
        for (size_t i = 0; i < v->nmeta; i++) {
            const vmeta *m = &v->meta[i];
            if (!is_parameter(m)) continue;
            jw_key(w, m->key);
            if (cli_is_json_number(m->value))
                jw_raw(w, m->value);
            else
                jw_string(w, m->value);
        }
        jw_end_object(w);
    }
    const char *rk = v->ncols ? rows_key(v) : NULL;
    for (size_t i = 0; i < v->nscalars; i++) {
        const char *name = v->scalars[i].name;
        int clash = (rk && strcmp(rk, name) == 0) || (v->map_key && strcmp(v->map_key, name) == 0);
        for (size_t k = 0; k < v->nparts && !clash; k++) clash = strcmp(v->parts[k]->name, name) == 0;
        if (clash) {
            char *key = xprintf("n_%s", name);
            jw_key(w, key);
            free(key);
        } else {
            jw_key(w, name);
        }
        jw_number(w, v->scalars[i].x);
    }
    if (rk) {
        jw_key(w, rk);
        json_rows(ctx, w, v);
    }
    if (v->map_key) {
        const vcol *key = NULL, *val = find_col(v, v->map_column);
        for (size_t c = 0; c < v->ncols && !key; c++)
            if (v->cols[c].type == FLOW_COLUMN_NODE) key = &v->cols[c];
        if (!key || !val) internal("no column for the map", v->map_column);
        ocol ov = {v->map_column, val, 0, 0};
        jw_key(w, v->map_key);
        jw_object(w);
        for (size_t r = 0; r < v->nrows; r++) {
            cellv c = get_cell(ctx, &ov, r);
            jw_key(w, cli_node_id(ctx, ((const int64_t *)key->data)[r]));
            json_cell(w, &c);
        }
        jw_end_object(w);
    }
    for (size_t i = 0; i < v->nparts; i++) {
        jw_key(w, v->parts[i]->name);
        json_value(ctx, w, v->parts[i]);
    }
}

/* A part: its rows, or an object when it has more than rows. */
static void json_value(const cli_context *ctx, jw *w, const cli_view *v)
{
    if (!is_part_object(v)) {
        json_rows(ctx, w, v);
        return;
    }
    jw_object(w);
    json_members(ctx, w, v);
    jw_end_object(w);
}

static void json_output(const cli_context *ctx, const cli_view *top, const cli_view *shown,
                        FILE *f)
{
    jw w;
    jw_init(&w, f);
    jw_object(&w);
    jw_key(&w, "analysis");
    jw_string(&w, top->name);
    if (shown != top) {
        jw_key(&w, "part");
        jw_string(&w, shown->name);
    }
    if (view_get_meta(top, "directed")) json_selection(&w, top);
    json_members(ctx, &w, shown);
    jw_end_object(&w);
    jw_finish(&w);
}

/* ---- CSV files ------------------------------------------------------------------------- */

static int write_csv_file(const cli_context *ctx, const char *dir, const cli_view *v)
{
    char *name = xstrdup(v->name);
    for (char *p = name; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                 *p == '_' || *p == '-';
        if (!ok) *p = '_';
    }
    char *path = xprintf("%s/%s.csv", dir, name);
    free(name);
    FILE *f = fopen(path, "w");
    int status = EXIT_OK;
    if (!f) {
        cli_error("cannot write %s: %s", path, strerror(errno));
        status = EXIT_OTHER;
    } else {
        size_t limit = ctx->common->top >= 0 && !(v->flags & VIEW_WHOLE) ? (size_t)ctx->common->top : 0;
        csv_table(ctx, v, limit, f);
        int bad = ferror(f);
        if (fclose(f) != 0 || bad) {
            cli_error("cannot write %s: %s", path, strerror(errno));
            status = EXIT_OTHER;
        } else {
            printf("%s\n", path);
        }
    }
    free(path);
    return status;
}

static int write_tree(const cli_context *ctx, const char *dir, const cli_view *v)
{
    int status = write_csv_file(ctx, dir, v);
    for (size_t i = 0; i < v->nparts && status == EXIT_OK; i++)
        status = write_tree(ctx, dir, v->parts[i]);
    return status;
}

static int write_dir(const cli_context *ctx, const cli_view *top, const cli_view *shown)
{
    const char *dir = ctx->common->output_dir;
    struct stat st;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("cannot create the folder %s: %s", dir, strerror(errno));
        return EXIT_OTHER;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        cli_error("-o %s: not a folder (-o names the folder the CSV files go to)", dir);
        return EXIT_OTHER;
    }
    return shown == top ? write_tree(ctx, dir, top) : write_csv_file(ctx, dir, shown);
}

/* ---- rendering ------------------------------------------------------------------------ */

/* The names of v's parts, recursively, into names[]. */
static size_t part_names(const cli_view *v, const char **names, size_t cap, size_t n)
{
    for (size_t i = 0; i < v->nparts && n < cap; i++) {
        names[n++] = v->parts[i]->name;
        n = part_names(v->parts[i], names, cap, n);
    }
    return n;
}

static int unknown_part(const cli_context *ctx, const cli_view *v, const char *part)
{
    const char *names[64];
    size_t n = part_names(v, names, 64, 0);
    char buf[128], list[512] = "";
    for (size_t i = 0; i < n; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, names[i], sizeof list - strlen(list) - 1);
    }
    return cli_usage_error(ctx->cmd->name, "unknown part '%s'%s; %s%s", part,
                           cli_did_you_mean(buf, sizeof buf, cli_nearest(part, names, n)),
                           n ? "parts: " : "this result has no parts",
                           list);
}

static int unknown_column(const cli_context *ctx, const cli_view *v, const char *column)
{
    size_t n;
    ocol *o = out_columns(v, 0, &n);
    const char **names = xcalloc(n + 1, sizeof(char *));
    char buf[128], list[512] = "";
    for (size_t i = 0; i < n; i++) {
        names[i] = o[i].name;
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, names[i], sizeof list - strlen(list) - 1);
    }
    int rc = cli_usage_error(ctx->cmd->name, "--sort: no column '%s'%s; columns: %s", column,
                             cli_did_you_mean(buf, sizeof buf, cli_nearest(column, names, n)),
                             n ? list : "(none)");
    free(names);
    free_out_columns(o, n);
    return rc;
}

int cli_render(cli_context *ctx, cli_view *v)
{
    const cli_common *o = ctx->common;
    cli_view *shown = v;
    if (o->part) {
        shown = view_part(v, o->part);
        if (!shown) return unknown_part(ctx, v, o->part);
    }
    if (o->sort) {
        int numeric = 0;
        if (sort_rows(ctx, shown, o->sort, !o->ascending, &numeric) < 0)
            return unknown_column(ctx, shown, o->sort);
        shown->flags = numeric ? shown->flags | VIEW_RANKED : shown->flags & ~VIEW_RANKED;
    } else if (o->ascending) {
        if (!shown->rank_column)
            return cli_usage_error(ctx->cmd->name,
                                   "--ascending needs --sort COLUMN (this table has no ranking)");
        view_rank(ctx, shown, shown->rank_column, 0);
    }
    cli_progress_end();
    if (o->output_dir) return write_dir(ctx, v, shown);
    if (o->format == FMT_JSON)
        json_output(ctx, v, shown, stdout);
    else if (o->format == FMT_CSV)
        csv_table(ctx, shown, limit_of(ctx, shown, FMT_CSV), stdout);
    else
        text_output(ctx, v, shown, stdout);
    return EXIT_OK;
}

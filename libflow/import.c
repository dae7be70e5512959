/*
 * Other tools' files: delimited edge lists with a column mapping, GraphML,
 * GEXF (1.1 to 1.3) and Pajek .net, read into a flow network
 * (flow_io_import()). flow_io_load() starts here too: it sends the files
 * it recognises to these readers and the rest to libflow's own loader
 * (io.c, which knows nothing of other formats).
 *
 * Every reader builds a fresh network through the public building calls
 * (flow_network_add_node() ...) and reports the first failure with the
 * file, line and column of the element or field that caused it; a
 * failure frees the half-built network, so loading stays all-or-nothing.
 * The XML formats are parsed with GLib's GMarkup (linked already; it gives
 * the line and column of every element): namespaces are ignored (an
 * element is known by its local name), so GEXF 1.1, 1.2draft and 1.3 read
 * alike.
 *
 * The model's conventions: a node's display name is its GraphML/GEXF
 * "label" (else the GraphML "name" when the node ids are python-igraph's
 * generated n0, n1, ... and "name" then is the id), "kind", "parent" and
 * "groups" (names separated by ';') are the model's fields; every other
 * node attribute is kept. An edge's "weight" (default 1), "factor" (else
 * GEXF's edge kind, else the default factor), "year" (else a GEXF spell of
 * one year) and "unit" are read; other edge attributes are dropped (the
 * model has none).
 *
 * Memory: what the readers hold (options, fields and lines, vertex labels
 * and ids, the XML keys, nodes, edges, values and line starts, the parents
 * and groups resolved at the end) is allocated with g_try_* (flow__array,
 * flow__strmap, flow__strdup), so running out gives FLOW_ENOMEM and no
 * network. Knowingly aborting (GLib's g_malloc): GMarkup's parse context
 * and its per-element buffers, and the GError it reports with (bounded by
 * one element, not by the file; GMarkup has no failing-soft mode), and the
 * GString listing a header's columns in the message of a bad header (the
 * error path, one line).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "libflow/io.h"
#include "error_internal.h"
#include "registry_internal.h"
#include "import_internal.h"
#include "io_internal.h"
#include "network_internal.h"

/* ---- options ------------------------------------------------------------- */

enum { COL_SOURCE, COL_TARGET, COL_WEIGHT, COL_FACTOR, COL_YEAR, COL_UNIT, NCOLS };
static const char *const col_keys[NCOLS] = {"source", "target", "weight",
                                            "factor", "year",   "unit"};

typedef struct {
    char *column[NCOLS]; /* header names given by the mapping; NULL: by default name */
    int delimiter;       /* 0: detect; ' ': blanks */
    int header;          /* -1: detect, 0: none, 1: present */
    char *default_factor;
    int default_year;
} options;

static void options_clear(options *o)
{
    for (int i = 0; i < NCOLS; i++) g_free(o->column[i]);
    g_free(o->default_factor);
    memset(o, 0, sizeof *o);
}

static const char *option_key_at(size_t i, const void *data)
{
    static const char *const extra[] = {"delimiter", "header", "default_factor", "default_year"};
    (void)data;
    return i < NCOLS ? col_keys[i] : extra[i - NCOLS];
}

static int delimiter_of(const char *v, int *out)
{
    static const struct {
        const char *word;
        int c;
    } words[] = {{"comma", ','}, {"semicolon", ';'}, {"tab", '\t'}, {"\\t", '\t'},
                 {"pipe", '|'},  {"space", ' '},     {"blank", ' '}, {"whitespace", ' '}};
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
        if (g_ascii_strcasecmp(v, words[i].word) == 0) {
            *out = words[i].c;
            return 0;
        }
    if (v[0] && !v[1] && v[0] != '"' && v[0] != '\n' && v[0] != '\r') {
        *out = v[0] == '\t' ? '\t' : v[0];
        return 0;
    }
    return -1;
}

/* "key=value,key=value" (blanks around items trimmed). */
static int parse_options(options *o, const char *text)
{
    memset(o, 0, sizeof *o);
    o->header = -1;
    o->default_year = FLOW_NO_YEAR;
    if (!text) {
        o->default_factor = flow__strdup(FLOW__IMPORT_FACTOR);
        return o->default_factor ? FLOW_OK : FLOW_ENOMEM;
    }
    /* the items, cut in a copy of the text */
    char *items = flow__strdup(text);
    if (!items) return FLOW_ENOMEM;
    int rc = FLOW_OK;
    for (char *it = items, *next; rc == FLOW_OK && it; it = next) {
        next = strchr(it, ',');
        if (next) *next++ = '\0';
        char *item = g_strstrip(it);
        if (!*item) continue;
        char *eq = strchr(item, '=');
        if (!eq) {
            rc = flow__error(FLOW_EINVAL, "import option '%s' is not key=value", item);
            break;
        }
        *eq = '\0';
        char *key = g_strstrip(item), *val = g_strstrip(eq + 1);
        for (char *p = key; *p; p++)
            if (*p == '-') *p = '_';
        int k = -1;
        for (int i = 0; i < NCOLS; i++)
            if (strcmp(key, col_keys[i]) == 0) k = i;
        if (k >= 0) {
            if (!*val) {
                rc = flow__error(FLOW_EINVAL, "import option '%s=' needs a column name", key);
                break;
            }
            g_free(o->column[k]);
            if (!(o->column[k] = flow__strdup(val))) rc = FLOW_ENOMEM;
        } else if (strcmp(key, "delimiter") == 0) {
            if (delimiter_of(val, &o->delimiter) < 0)
                rc = flow__error(FLOW_EINVAL,
                                 "import option delimiter='%s': give one character or comma, "
                                 "semicolon, tab, pipe, space",
                                 val);
        } else if (strcmp(key, "header") == 0) {
            if (strcmp(val, "yes") == 0 || strcmp(val, "1") == 0 || strcmp(val, "true") == 0)
                o->header = 1;
            else if (strcmp(val, "no") == 0 || strcmp(val, "0") == 0 || strcmp(val, "false") == 0)
                o->header = 0;
            else
                rc = flow__error(FLOW_EINVAL, "import option header='%s': give yes or no", val);
        } else if (strcmp(key, "default_factor") == 0) {
            if (!*val || !g_utf8_validate(val, -1, NULL))
                rc = flow__error(FLOW_EINVAL, "import option default_factor needs a name");
            g_free(o->default_factor);
            if (!(o->default_factor = flow__strdup(val))) rc = FLOW_ENOMEM;
        } else if (strcmp(key, "default_year") == 0) {
            char *end;
            long y = strtol(val, &end, 10);
            if (!*val || *end || y < -9999 || y > 9999)
                rc = flow__error(FLOW_EINVAL,
                                 "import option default_year='%s' is not a year in [-9999, 9999]",
                                 val);
            else
                o->default_year = (int)y;
        } else {
            const char *near = flow__suggest(key, NCOLS + 4, option_key_at, NULL);
            rc = near ? flow__error(FLOW_EINVAL, "unknown import option '%s' (did you mean '%s'?)",
                                    key, near)
                      : flow__error(FLOW_EINVAL,
                                    "unknown import option '%s' (known: source, target, weight, "
                                    "factor, year, unit, delimiter, header, default_factor, "
                                    "default_year)",
                                    key);
        }
    }
    g_free(items);
    if (rc == FLOW_OK && !o->default_factor && !(o->default_factor = flow__strdup(FLOW__IMPORT_FACTOR)))
        rc = FLOW_ENOMEM;
    if (rc != FLOW_OK) options_clear(o);
    return rc;
}

/* ---- shared building helpers -------------------------------------------- */

typedef struct {
    const char *file;
    flow_network *net;
    options opt;
    size_t max_nodes, max_flows; /* flow_io_options; SIZE_MAX: none */
    /* deferred: parents and group memberships (node ids resolved at the end) */
    flow__array *later; /* pending */
    flow__array *buf;   /* char: the field or line being read */
} importer;

typedef struct {
    char *node, *value; /* value: parent id, or a groups list */
    int groups;
    size_t line, col;
} pending;

static void later_free(flow__array *later)
{
    for (guint i = 0; later && i < later->len; i++) {
        pending *x = &g_array_index(later, pending, i);
        g_free(x->node);
        g_free(x->value);
    }
    flow__array_free(later);
}

/* Re-raises the library's last error at a location. */
static int at(const importer *I, size_t line, size_t col, int code)
{
    char msg[1024];
    g_strlcpy(msg, flow_last_error(), sizeof msg);
    if (code == FLOW_EINVAL) code = FLOW_EPARSE; /* bad data, not a bad argument */
    return flow__error_at(code, I->file, line, col, "%s", msg);
}

static int defer(importer *I, const char *node, const char *value, int groups, size_t line,
                 size_t col)
{
    pending p = {flow__strdup(node), flow__strdup(value), groups, line, col};
    if (!p.node || !p.value || flow__array_append(I->later, &p) < 0) {
        g_free(p.node);
        g_free(p.value);
        return FLOW_ENOMEM;
    }
    return FLOW_OK;
}

static int finish(importer *I)
{
    int rc = FLOW_OK;
    for (guint i = 0; rc == FLOW_OK && i < I->later->len; i++) {
        pending *p = &g_array_index(I->later, pending, i);
        if (!p->groups) {
            if ((rc = flow_network_set_parent(I->net, p->node, p->value)) < 0)
                rc = at(I, p->line, p->col, rc);
            continue;
        }
        /* the names, cut in place (the list is read once) */
        for (char *g = p->value, *next; rc == FLOW_OK && g; g = next) {
            next = strchr(g, ';');
            if (next) *next++ = '\0';
            char *name = g_strstrip(g);
            if (!*name) continue;
            if ((rc = flow_network_add_member(I->net, name, p->node, NULL)) < 0)
                rc = at(I, p->line, p->col, rc);
        }
    }
    return rc;
}

/* A number: decimal with '.', blanks around allowed; -1 when it is not. */
static int number_of(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t') s++;
    if (!*s) return -1;
    char *end;
    errno = 0;
    double v = g_ascii_strtod(s, &end);
    if (end == s) return -1;
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') end++;
    if (*end || errno == ERANGE) return -1;
    *out = v;
    return 0;
}

static int weight_at(importer *I, const char *text, size_t line, size_t col, double *w)
{
    if (number_of(text, w) < 0 || !isfinite(*w))
        return flow__error_at(FLOW_EPARSE, I->file, line, col, "weight '%s' is not a number%s",
                              text,
                              strchr(text, ',') ? " (a decimal comma? write 2.5, not 2,5)" : "");
    if (*w <= 0)
        return flow__error_at(FLOW_EPARSE, I->file, line, col,
                              "weight %s is not > 0 (flows are strengths: leave zero-weight "
                              "edges out)",
                              text);
    return FLOW_OK;
}

static int year_at(importer *I, const char *text, size_t line, size_t col, int *year)
{
    double y;
    const char *s = text;
    while (*s == ' ' || *s == '\t') s++;
    if (!*s) {
        *year = FLOW_NO_YEAR;
        return FLOW_OK;
    }
    if (number_of(text, &y) < 0 || y != floor(y) || y < -9999 || y > 9999)
        return flow__error_at(FLOW_EPARSE, I->file, line, col,
                              "year '%s' is not a whole number in [-9999, 9999]", text);
    *year = (int)y;
    return FLOW_OK;
}

/* FLOW_ELIMIT at line:col once the network holds more nodes or flows than
 * the limits allow. */
static int within_limits(const importer *I, size_t line, size_t col)
{
    if (flow_network_node_count(I->net) > I->max_nodes)
        return flow__error_at(FLOW_ELIMIT, I->file, line, col,
                              "more than %zu nodes (flow_io_options.max_nodes)", I->max_nodes);
    if (flow_network_flow_count(I->net) > I->max_flows)
        return flow__error_at(FLOW_ELIMIT, I->file, line, col,
                              "more than %zu flows (flow_io_options.max_flows)", I->max_flows);
    return FLOW_OK;
}

static int ensure_node(importer *I, const char *id, size_t line, size_t col)
{
    if (flow_network_node_index(I->net, id) >= 0) return FLOW_OK;
    int rc = flow_network_add_node(I->net, id, NULL, NULL, NULL);
    return rc < 0 ? at(I, line, col, rc) : within_limits(I, line, col);
}

static int add_flow(importer *I, const char *s, const char *t, const char *factor, double w,
                    int year, const char *unit, size_t line, size_t col)
{
    int rc;
    if (!factor || !*factor) factor = I->opt.default_factor;
    if (year == FLOW_NO_YEAR) year = I->opt.default_year;
    if (unit && *unit && (rc = flow_network_add_factor(I->net, factor, unit)) < 0)
        return at(I, line, col, rc);
    if ((rc = flow_network_add_flow(I->net, s, t, factor, w, year)) < 0)
        return at(I, line, col, rc == FLOW_ENOTFOUND ? FLOW_ENOTFOUND : rc);
    return within_limits(I, line, col);
}

/* ---- delimited edge lists ------------------------------------------------ */

typedef struct {
    char *text;
    size_t col; /* character column of the field's start */
} efield;

typedef struct {
    const char *p, *end;
    size_t line; /* line of p */
    const char *line_start;
} cursor;

static size_t column_at(const cursor *c, const char *q)
{
    size_t col = 1;
    for (const char *s = c->line_start; s < q; s++) col += ((unsigned char)*s & 0xC0) != 0x80;
    return col;
}

static void newline(cursor *c, const char *after)
{
    c->line++;
    c->line_start = after;
}

static void fields_free(flow__array *row)
{
    for (guint i = 0; i < row->len; i++) g_free(g_array_index(row, efield, i).text);
    row->len = 0;
}

/* Appends a byte to the field being read: FLOW_OK or FLOW_ENOMEM. */
static int put(flow__array *b, char ch) { return flow__array_append(b, &ch); }

/* Reads one record into row (fields), skipping blank and comment lines
 * ('#' or '%' first). Returns 1 with a record, 0 at the end, < 0 on error.
 * *line receives the record's first line. */
static int read_record(importer *I, cursor *c, int delim, flow__array *row, size_t *line)
{
    fields_free(row);
    for (;;) {
        if (c->p >= c->end) return 0;
        const char *q = c->p;
        while (q < c->end && (*q == ' ' || *q == '\t') && delim != '\t') q++;
        if (q >= c->end) {
            c->p = q;
            return 0;
        }
        if (*q == '\n' || *q == '\r' || *q == '#' || *q == '%') {
            /* blank or comment line */
            while (q < c->end && *q != '\n' && *q != '\r') q++;
            if (q < c->end && *q == '\r' && q + 1 < c->end && q[1] == '\n') q++;
            if (q < c->end) q++;
            c->p = q;
            newline(c, q);
            continue;
        }
        break;
    }
    *line = c->line;
    const char *q = c->p;
    flow__array *f = I->buf;
    for (;;) {
        if (delim == ' ')
            while (q < c->end && (*q == ' ' || *q == '\t')) q++;
        efield ef = {NULL, column_at(c, q)};
        f->len = 0;
        int end_of_record = 0;
        if (q < c->end && *q == '"') {
            size_t qline = c->line, qcol = ef.col;
            q++;
            for (;;) {
                if (q >= c->end)
                    return flow__error_at(FLOW_EPARSE, I->file, qline, qcol,
                                          "quoted field is not closed");
                if (*q == '"') {
                    if (q + 1 < c->end && q[1] == '"') {
                        if (put(f, '"') < 0) return FLOW_ENOMEM;
                        q += 2;
                        continue;
                    }
                    q++;
                    break;
                }
                if (*q == '\n') {
                    if (put(f, '\n') < 0) return FLOW_ENOMEM;
                    q++;
                    newline(c, q);
                    continue;
                }
                if (put(f, *q++) < 0) return FLOW_ENOMEM;
            }
            while (q < c->end && delim != ' ' && (*q == ' ' || *q == '\t') && *q != delim) q++;
        }
        while (q < c->end && *q != '\n' && *q != '\r' &&
               (delim == ' ' ? (*q != ' ' && *q != '\t') : *q != delim))
            if (put(f, *q++) < 0) return FLOW_ENOMEM;
        if (delim == ' ')
            while (q < c->end && (*q == ' ' || *q == '\t')) q++;
        if (q >= c->end || *q == '\n' || *q == '\r') end_of_record = 1;
        if (delim != ' ' || f->len) { /* blanks at the end of a line are no field */
            if (flow__array_reserve(row, 1) < 0 || !(ef.text = flow__strndup(f->data, f->len)))
                return FLOW_ENOMEM;
            flow__array_append(row, &ef); /* reserved */
        }
        if (end_of_record) {
            if (q < c->end && *q == '\r' && q + 1 < c->end && q[1] == '\n') q++;
            if (q < c->end) q++;
            c->p = q;
            newline(c, q);
            break;
        }
        if (delim != ' ') q++; /* the delimiter (blanks were skipped above) */
    }
    return 1;
}

/* The delimiter of the first data line: the most frequent of , ; tab |
 * outside quotes, else blanks. */
static int detect_delimiter(const char *p, const char *end)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t count[4] = {0};
    int quoted = 0;
    /* skip comment and blank lines */
    while (p < end && (*p == '#' || *p == '%' || *p == '\n' || *p == '\r')) {
        while (p < end && *p != '\n') p++;
        if (p < end) p++;
    }
    for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
        if (*p == '"') quoted = !quoted;
        if (quoted) continue;
        for (int i = 0; i < 4; i++) count[i] += *p == cands[i];
    }
    int best = -1;
    for (int i = 0; i < 4; i++)
        if (count[i] && (best < 0 || count[i] > count[best])) best = i;
    return best < 0 ? ' ' : cands[best];
}

static const char *const default_names[NCOLS][4] = {
    {"source", "from", "src", NULL}, {"target", "to", "dst", NULL}, {"weight", "value", "w", NULL},
    {"factor", "layer", NULL, NULL}, {"year", "time", NULL, NULL},   {"unit", NULL, NULL, NULL}};

static int find_col(const flow__array *head, const char *name)
{
    size_t n = strlen(name);
    for (guint i = 0; i < head->len; i++) {
        const char *h = g_array_index(head, efield, i).text, *e;
        while (g_ascii_isspace(*h)) h++;
        for (e = h + strlen(h); e > h && g_ascii_isspace(e[-1]);) e--;
        if ((size_t)(e - h) == n && g_ascii_strncasecmp(h, name, n) == 0) return (int)i;
    }
    return -1;
}

static int read_edgelist(importer *I, const char *data, size_t size)
{
    cursor c = {data, data + size, 1, data};
    /* a UTF-8 byte-order mark */
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) c.p = c.line_start = data + 3;
    int delim = I->opt.delimiter ? I->opt.delimiter : detect_delimiter(c.p, c.end);
    flow__array *row = flow__array_new(sizeof(efield));
    int col[NCOLS], rc = FLOW_OK, mapped = 0;
    if (!row) return FLOW_ENOMEM;
    size_t line = 0, ncols = 0;
    for (int k = 0; k < NCOLS; k++) {
        col[k] = -1;
        mapped |= I->opt.column[k] != NULL;
    }
    int got = read_record(I, &c, delim, row, &line);
    if (got < 0) {
        rc = got;
        goto done;
    }
    if (got == 0) {
        rc = flow__error_at(FLOW_EPARSE, I->file, 1, 1, "the file holds no edge");
        goto done;
    }
    int header = I->opt.header;
    if (header < 0) {
        /* a header names the source and target columns, or holds a mapped name */
        header = mapped;
        for (int k = 0; !header && k < 2; k++)
            for (int j = 0; default_names[k][j] && !header; j++)
                header = find_col(row, default_names[k][j]) >= 0;
    }
    if (header) {
        ncols = row->len;
        for (int k = 0; k < NCOLS; k++) {
            if (I->opt.column[k]) {
                col[k] = find_col(row, I->opt.column[k]);
                if (col[k] < 0) {
                    GString *names = g_string_new(NULL);
                    for (guint i = 0; i < row->len; i++)
                        g_string_append_printf(names, "%s'%s'", i ? ", " : "",
                                               g_array_index(row, efield, i).text);
                    rc = flow__error_at(FLOW_EPARSE, I->file, line, 1,
                                        "no column '%s' for %s (the header has %s)",
                                        I->opt.column[k], col_keys[k], names->str);
                    g_string_free(names, TRUE);
                    goto done;
                }
            } else {
                for (int j = 0; default_names[k][j] && col[k] < 0; j++)
                    col[k] = find_col(row, default_names[k][j]);
            }
        }
        for (int k = 0; k < 2; k++)
            if (col[k] < 0) {
                GString *names = g_string_new(NULL);
                for (guint i = 0; i < row->len; i++)
                    g_string_append_printf(names, "%s'%s'", i ? ", " : "",
                                           g_array_index(row, efield, i).text);
                rc = flow__error_at(FLOW_EPARSE, I->file, line, 1,
                                    "no %s column (the header has %s; map one with "
                                    "%s=COLUMN)",
                                    col_keys[k], names->str, col_keys[k]);
                g_string_free(names, TRUE);
                goto done;
            }
        got = read_record(I, &c, delim, row, &line);
    } else {
        /* no header: source, target[, weight[, factor[, year]]] by position */
        col[COL_SOURCE] = 0;
        col[COL_TARGET] = 1;
        col[COL_WEIGHT] = 2; /* each when the row has it */
        col[COL_FACTOR] = 3;
        col[COL_YEAR] = 4;
        ncols = row->len;
    }
    size_t nedges = 0;
    for (; got > 0; got = read_record(I, &c, delim, row, &line)) {
        int need = MAX(col[COL_SOURCE], col[COL_TARGET]);
        if ((int)row->len <= need) {
            rc = flow__error_at(FLOW_EPARSE, I->file, line, 1,
                                "the row has %u field%s; the %s column is field %d (of %zu in "
                                "the header)",
                                row->len, row->len == 1 ? "" : "s",
                                col[COL_SOURCE] > col[COL_TARGET] ? "source" : "target", need + 1,
                                ncols);
            goto done;
        }
        efield *f = (efield *)(void *)row->data;
        const char *text[NCOLS] = {NULL};
        size_t fcol[NCOLS] = {0};
        for (int k = 0; k < NCOLS; k++)
            if (col[k] >= 0 && col[k] < (int)row->len) {
                text[k] = f[col[k]].text;
                fcol[k] = f[col[k]].col;
            }
        if (!*text[COL_SOURCE] || !*text[COL_TARGET]) {
            int k = !*text[COL_SOURCE] ? COL_SOURCE : COL_TARGET;
            rc = flow__error_at(FLOW_EPARSE, I->file, line, fcol[k], "empty %s id", col_keys[k]);
            goto done;
        }
        double w = 1;
        int year = FLOW_NO_YEAR;
        if (text[COL_WEIGHT] && (rc = weight_at(I, text[COL_WEIGHT], line, fcol[COL_WEIGHT], &w)) < 0)
            goto done;
        if (text[COL_YEAR] && (rc = year_at(I, text[COL_YEAR], line, fcol[COL_YEAR], &year)) < 0)
            goto done;
        if ((rc = ensure_node(I, text[COL_SOURCE], line, fcol[COL_SOURCE])) < 0 ||
            (rc = ensure_node(I, text[COL_TARGET], line, fcol[COL_TARGET])) < 0)
            goto done;
        if ((rc = add_flow(I, text[COL_SOURCE], text[COL_TARGET], text[COL_FACTOR], w, year,
                           text[COL_UNIT], line, fcol[COL_FACTOR] ? fcol[COL_FACTOR] : 1)) < 0)
            goto done;
        nedges++;
    }
    if (got < 0) {
        rc = got;
        goto done;
    }
    if (!nedges) rc = flow__error_at(FLOW_EPARSE, I->file, line, 1, "the file holds no edge");
done:
    fields_free(row);
    flow__array_free(row);
    return rc;
}

/* ---- XML (GraphML, GEXF) --------------------------------------------------- */

typedef struct {
    char *id, *name, *type, *domain; /* domain: "node", "edge", "graph", "all" */
    char *def;                       /* default value or NULL */
    int dynamic_weight;              /* GEXF: an edge attribute named weight */
} xkey;

static void xkey_free(xkey *k)
{
    if (!k) return;
    g_free(k->id);
    g_free(k->name);
    g_free(k->type);
    g_free(k->domain);
    g_free(k->def);
    g_free(k);
}

typedef struct {
    char *key, *value;
    char *start, *end; /* GEXF dynamic value, or NULL */
} xval;

static void xval_clear(xval *v)
{
    g_free(v->key);
    g_free(v->value);
    g_free(v->start);
    g_free(v->end);
}

/* An element being read: a node or an edge with its values. */
typedef struct {
    int active;
    char *id, *label, *source, *target, *weight, *kind, *start, *end, *pid;
    size_t line, col;
    flow__array *values; /* xval */
    flow__array *spells; /* char * pairs: start, end */
    const char *flow_id; /* the node's id in the network (build_nodes) */
} xitem;

static void xitem_clear(xitem *it)
{
    g_free(it->id);
    g_free(it->label);
    g_free(it->source);
    g_free(it->target);
    g_free(it->weight);
    g_free(it->kind);
    g_free(it->start);
    g_free(it->end);
    g_free(it->pid);
    for (guint i = 0; it->values && i < it->values->len; i++)
        xval_clear(&g_array_index(it->values, xval, i));
    for (guint i = 0; it->spells && i < it->spells->len; i++)
        g_free(g_ptr_array_index(it->spells, i));
    flow__array_free(it->values);
    flow__array_free(it->spells);
    memset(it, 0, sizeof *it);
}

typedef struct {
    importer *I;
    int gexf;
    GMarkupParseContext *ctx;
    flow__array *keys;    /* xkey *, in file order */
    flow__strmap key_ids; /* id (GEXF: "node:" / "edge:" + id) -> index in keys + 1 */
    xkey *cur_key;    /* GEXF attribute / GraphML key being read (for <default>) */
    char *attr_class; /* GEXF: "node" or "edge" */
    int graphs, depth_graph, in_graph;
    int edge_undirected;
    xitem item;
    int is_edge;
    /* text capture */
    flow__array *text; /* char, kept NUL-terminated */
    int capture; /* 1: <data>, 2: <default> */
    char *data_key;
    /* nodes in file order, for the igraph-name rule */
    flow__array *node_items; /* xitem, kept until the end */
    flow__array *edge_items;
    int rc;
    /* the text, for element positions */
    const char *data, *end;
    flow__array *line_starts; /* size_t: byte offset of each line */
} xreader;

/* Out of memory inside a GMarkup callback: stops the parse. */
static void nomem_here(xreader *X, GError **error)
{
    X->rc = FLOW_ENOMEM;
    flow__error_nomem();
    g_set_error_literal(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "out of memory");
}

/* *dst = a copy of s (NULL for NULL): 0, or -1 on ENOMEM. */
static int xdup(char **dst, const char *s)
{
    *dst = s ? flow__strdup(s) : NULL;
    return s && !*dst ? -1 : 0;
}

/* Adds key k (taken over, freed on failure), replacing one of the same
 * id: 0, or -1 on ENOMEM. */
static int put_key(xreader *X, xkey *k)
{
    size_t *v = flow__strmap_find(&X->key_ids, k->id);
    if (v) {
        /* the map's key is the old id (the same text): the new one's now */
        flow__strslot *in_map = (flow__strslot *)(void *)((char *)v - offsetof(flow__strslot, value));
        in_map->key = k->id;
        xkey **old = (xkey **)&g_ptr_array_index(X->keys, *v - 1);
        xkey_free(*old);
        *old = k;
        return 0;
    }
    if (flow__array_reserve(X->keys, 1) < 0 || flow__strmap_reserve(&X->key_ids, 1) < 0) {
        xkey_free(k);
        return -1;
    }
    flow__array_append(X->keys, &k); /* reserved */
    flow__strmap_put(&X->key_ids, k->id, X->keys->len);
    return 0;
}

/* Appends the text to the capture: 0, or -1 on ENOMEM. */
static int capture_text(xreader *X, const char *text, size_t len)
{
    if (len >= SIZE_MAX - 1 || flow__array_reserve(X->text, len + 1) < 0) return -1;
    if (len) memcpy(X->text->data + X->text->len, text, len);
    X->text->len += (guint)len;
    X->text->data[X->text->len] = '\0';
    return 0;
}

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **names, const char **values, const char *want)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(local(names[i]), want) == 0) return values[i];
    return NULL;
}

static void position(xreader *X, size_t *line, size_t *col)
{
    gint l = 0, c = 0;
    g_markup_parse_context_get_position(X->ctx, &l, &c);
    *line = (size_t)l;
    *col = (size_t)c;
}

/* The line and column of the '<' that opened the element being read
 * (GMarkup reports the end of its start tag). */
static void element_start(xreader *X, size_t *line, size_t *col)
{
    position(X, line, col);
    if (!X->line_starts || *line < 1 || *line > X->line_starts->len) return;
    const char *ls = X->data + g_array_index(X->line_starts, size_t, *line - 1);
    const char *p = ls;
    for (size_t k = 1; k < *col && p < X->end && *p != '\n'; k++) p = g_utf8_next_char(p);
    size_t ln = *line;
    /* GMarkup reports a character or two past the tag's '>': back to it */
    while (p > X->data && *p != '>') {
        p--;
        if (*p == '\n') ln--;
    }
    while (p > X->data && *p != '<') {
        p--;
        if (*p == '\n') ln--;
    }
    if (*p != '<') return;
    const char *start = X->data + g_array_index(X->line_starts, size_t, ln - 1);
    *line = ln;
    *col = (size_t)g_utf8_pointer_to_offset(start, p) + 1;
}

static void fail_here(xreader *X, GError **error, int code, const char *fmt, ...)
    FLOW__PRINTF(4, 5);

static void fail_here(xreader *X, GError **error, int code, const char *fmt, ...)
{
    char body[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    size_t line, col;
    position(X, &line, &col);
    X->rc = flow__error_at(code, X->I->file, line, col, "%s", body);
    g_set_error_literal(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, body);
}

static void on_start(GMarkupParseContext *ctx, const char *element, const char **names,
                     const char **values, gpointer data, GError **error)
{
    xreader *X = data;
    const char *el = local(element);
    (void)ctx;
    if (strcmp(el, "graph") == 0) {
        if (X->in_graph) {
            fail_here(X, error, FLOW_EPARSE, "nested graphs are not supported");
            return;
        }
        if (X->graphs++) {
            fail_here(X, error, FLOW_EPARSE, "the file holds more than one graph");
            return;
        }
        X->in_graph = 1;
        const char *d = attr(names, values, X->gexf ? "defaultedgetype" : "edgedefault");
        X->edge_undirected = d && strcmp(d, "undirected") == 0;
        return;
    }
    if (strcmp(el, "hyperedge") == 0) {
        fail_here(X, error, FLOW_EPARSE, "hyperedges are not supported");
        return;
    }
    if (!X->gexf && strcmp(el, "key") == 0) {
        if (!attr(names, values, "id")) {
            fail_here(X, error, FLOW_EPARSE, "<key> without an id");
            return;
        }
        const char *name = attr(names, values, "attr.name"), *type = attr(names, values, "attr.type"),
                   *domain = attr(names, values, "for");
        xkey *k = g_try_new0(xkey, 1);
        if (!k || xdup(&k->id, attr(names, values, "id")) < 0 ||
            xdup(&k->name, name ? name : k->id) < 0 || xdup(&k->type, type ? type : "string") < 0 ||
            xdup(&k->domain, domain ? domain : "all") < 0) {
            xkey_free(k);
            nomem_here(X, error);
            return;
        }
        if (put_key(X, k) < 0) { /* k freed */
            nomem_here(X, error);
            return;
        }
        X->cur_key = k;
        return;
    }
    if (X->gexf && strcmp(el, "attributes") == 0) {
        g_free(X->attr_class);
        if (xdup(&X->attr_class, attr(names, values, "class")) < 0) nomem_here(X, error);
        return;
    }
    if (X->gexf && strcmp(el, "attribute") == 0) {
        const char *id = attr(names, values, "id");
        if (!id || !X->attr_class) {
            fail_here(X, error, FLOW_EPARSE, "<attribute> without an id or class");
            return;
        }
        const char *title = attr(names, values, "title"), *type = attr(names, values, "type");
        xkey *k = g_try_new0(xkey, 1);
        if (!k || !(k->id = flow__strdup_printf("%s:%s", X->attr_class, id)) ||
            xdup(&k->name, title ? title : id) < 0 || xdup(&k->type, type ? type : "string") < 0 ||
            xdup(&k->domain, X->attr_class) < 0) {
            xkey_free(k);
            nomem_here(X, error);
            return;
        }
        if (put_key(X, k) < 0) {
            nomem_here(X, error);
            return;
        }
        X->cur_key = k;
        return;
    }
    if (strcmp(el, "default") == 0 && X->cur_key) {
        X->capture = 2;
        X->text->len = 0;
        if (capture_text(X, "", 0) < 0) nomem_here(X, error);
        return;
    }
    if (!X->in_graph) return;
    if (strcmp(el, "node") == 0 || strcmp(el, "edge") == 0) {
        if (X->item.active) {
            fail_here(X, error, FLOW_EPARSE, "<%s> inside another node or edge", el);
            return;
        }
        xitem_clear(&X->item);
        X->item.active = 1;
        X->is_edge = el[0] == 'e';
        element_start(X, &X->item.line, &X->item.col);
        const char *s = attr(names, values, "start");
        if (!s) s = attr(names, values, "startopen");
        const char *e = attr(names, values, "end");
        if (!e) e = attr(names, values, "endopen");
        xitem *it = &X->item;
        if (xdup(&it->id, attr(names, values, "id")) < 0 ||
            xdup(&it->label, attr(names, values, "label")) < 0 ||
            xdup(&it->source, attr(names, values, "source")) < 0 ||
            xdup(&it->target, attr(names, values, "target")) < 0 ||
            xdup(&it->weight, attr(names, values, "weight")) < 0 ||
            xdup(&it->kind, attr(names, values, "kind")) < 0 ||
            xdup(&it->pid, attr(names, values, "pid")) < 0 || xdup(&it->start, s) < 0 ||
            xdup(&it->end, e) < 0 || !(it->values = flow__array_new(sizeof(xval))) ||
            !(it->spells = flow__array_new(sizeof(char *)))) {
            nomem_here(X, error);
            return;
        }
        if (!X->is_edge && (!X->item.id || !*X->item.id)) {
            fail_here(X, error, FLOW_EPARSE, "<node> without an id");
            return;
        }
        if (X->is_edge && (!X->item.source || !X->item.target)) {
            fail_here(X, error, FLOW_EPARSE, "<edge> without a source or a target");
            return;
        }
        return;
    }
    if (!X->item.active) return;
    if (!X->gexf && strcmp(el, "data") == 0) {
        const char *key = attr(names, values, "key");
        if (!key) {
            fail_here(X, error, FLOW_EPARSE, "<data> without a key");
            return;
        }
        g_free(X->data_key);
        X->capture = 1;
        X->text->len = 0;
        if (xdup(&X->data_key, key) < 0 || capture_text(X, "", 0) < 0) nomem_here(X, error);
        return;
    }
    if (X->gexf && strcmp(el, "attvalue") == 0) {
        const char *f = attr(names, values, "for");
        if (!f) f = attr(names, values, "id");
        const char *v = attr(names, values, "value");
        if (!f || !v) {
            fail_here(X, error, FLOW_EPARSE, "<attvalue> without 'for' or 'value'");
            return;
        }
        const char *s = attr(names, values, "start");
        if (!s) s = attr(names, values, "startopen");
        const char *e = attr(names, values, "end");
        if (!e) e = attr(names, values, "endopen");
        xval x = {flow__strdup_printf("%s:%s", X->is_edge ? "edge" : "node", f), NULL, NULL, NULL};
        if (!x.key || xdup(&x.value, v) < 0 || xdup(&x.start, s) < 0 || xdup(&x.end, e) < 0 ||
            flow__array_append(X->item.values, &x) < 0) {
            xval_clear(&x);
            nomem_here(X, error);
        }
        return;
    }
    if (X->gexf && strcmp(el, "spell") == 0) {
        const char *s = attr(names, values, "start");
        if (!s) s = attr(names, values, "startopen");
        const char *e = attr(names, values, "end");
        if (!e) e = attr(names, values, "endopen");
        char *pair[2] = {flow__strdup(s ? s : ""), flow__strdup(e ? e : "")};
        if (!pair[0] || !pair[1] || flow__array_reserve(X->item.spells, 2) < 0) {
            g_free(pair[0]);
            g_free(pair[1]);
            nomem_here(X, error);
            return;
        }
        flow__array_append(X->item.spells, &pair[0]); /* reserved */
        flow__array_append(X->item.spells, &pair[1]);
        return;
    }
    if (X->gexf && strcmp(el, "parent") == 0 && !X->is_edge) {
        const char *f = attr(names, values, "for");
        if (f) {
            g_free(X->item.pid);
            if (xdup(&X->item.pid, f) < 0) nomem_here(X, error);
        }
    }
}

static void on_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data,
                    GError **error)
{
    xreader *X = data;
    (void)ctx;
    if (X->capture && capture_text(X, text, len) < 0) nomem_here(X, error);
}

static void on_end(GMarkupParseContext *ctx, const char *element, gpointer data, GError **error)
{
    xreader *X = data;
    const char *el = local(element);
    (void)ctx;
    if (X->capture == 2 && strcmp(el, "default") == 0) {
        /* a key nested in <default> may have ended the key meanwhile */
        X->capture = 0;
        if (X->cur_key) {
            g_free(X->cur_key->def);
            if (xdup(&X->cur_key->def, X->text->data) < 0) nomem_here(X, error);
        }
        return;
    }
    if (X->capture == 1 && strcmp(el, "data") == 0) {
        xval x = {X->data_key, NULL, NULL, NULL};
        X->data_key = NULL;
        X->capture = 0;
        if (xdup(&x.value, X->text->data) < 0 || flow__array_append(X->item.values, &x) < 0) {
            xval_clear(&x);
            nomem_here(X, error);
        }
        return;
    }
    if (strcmp(el, "key") == 0 || strcmp(el, "attribute") == 0) X->cur_key = NULL;
    if (strcmp(el, "graph") == 0) X->in_graph = 0;
    if ((strcmp(el, "node") == 0 || strcmp(el, "edge") == 0) && X->item.active) {
        if (flow__array_append(X->is_edge ? X->edge_items : X->node_items, &X->item) < 0) {
            nomem_here(X, error);
            return; /* the item is cleared with the reader */
        }
        memset(&X->item, 0, sizeof X->item);
    }
}

static const xkey *key_of(xreader *X, const char *id, const char *domain)
{
    const size_t *v = flow__strmap_find(&X->key_ids, id);
    const xkey *k = v ? g_ptr_array_index(X->keys, *v - 1) : NULL;
    if (k && !X->gexf && strcmp(k->domain, "all") != 0 && strcmp(k->domain, domain) != 0)
        return NULL;
    return k;
}

static int numeric_type(const char *t)
{
    static const char *const types[] = {"int", "long", "float", "double", "integer", "short",
                                        "byte", "bigdecimal", "biginteger"};
    for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
        if (g_ascii_strcasecmp(t, types[i]) == 0) return 1;
    return 0;
}

static int boolean_type(const char *t) { return g_ascii_strcasecmp(t, "boolean") == 0; }

/* The value of a node's or edge's attribute by its name (keys' attr.name or
 * title), its default when absent, NULL when neither. */
static const char *value_named(xreader *X, const xitem *it, const char *domain, const char *name)
{
    for (guint i = 0; i < it->values->len; i++) {
        const xval *v = &g_array_index(it->values, xval, i);
        const xkey *k = key_of(X, v->key, domain);
        if (k && strcmp(k->name, name) == 0) return v->value;
    }
    for (guint i = 0; i < X->keys->len; i++) {
        const xkey *k = g_ptr_array_index(X->keys, i);
        if (k->def && strcmp(k->name, name) == 0 &&
            (strcmp(k->domain, domain) == 0 || strcmp(k->domain, "all") == 0))
            return k->def;
    }
    return NULL;
}

/* "n0", "n1", ...: python-igraph's generated GraphML ids; its vertex names
 * are then the ids (igraph's convention: name = identifier). */
static int igraph_ids(xreader *X, int *named)
{
    *named = 0;
    if (X->gexf || !X->node_items->len) return FLOW_OK;
    flow__strmap seen = {NULL, 0, 0};
    if (flow__strmap_reserve(&seen, X->node_items->len) < 0) return FLOW_ENOMEM;
    int ok = 1;
    for (guint i = 0; ok && i < X->node_items->len; i++) {
        const xitem *it = &g_array_index(X->node_items, xitem, i);
        char want[32];
        g_snprintf(want, sizeof want, "n%u", i);
        const char *name = value_named(X, it, "node", "name");
        ok = strcmp(it->id, want) == 0 && name && *name && !flow__strmap_find(&seen, name);
        if (ok) flow__strmap_put(&seen, name, 1); /* reserved */
    }
    flow__strmap_clear(&seen);
    *named = ok;
    return FLOW_OK;
}

/* The network id of the node whose XML id is xml_id, or NULL. */
static const char *xml_node(const xreader *X, const flow__strmap *xml_to_id, const char *xml_id)
{
    const size_t *v = flow__strmap_find(xml_to_id, xml_id);
    return v ? g_array_index(X->node_items, xitem, *v - 1).flow_id : NULL;
}

static int is_int_text(const char *s, int *out)
{
    double y;
    if (!s || number_of(s, &y) < 0 || y != floor(y) || y < -9999 || y > 9999) return 0;
    *out = (int)y;
    return 1;
}

/* xml_to_id: each node's XML id -> the index + 1 of its item (the last of
 * that id), whose flow_id is its id in the network. */
static int build_nodes(xreader *X, flow__strmap *xml_to_id)
{
    importer *I = X->I;
    int named = 0, rc = igraph_ids(X, &named);
    if (rc < 0 || (rc = flow__strmap_reserve(xml_to_id, X->node_items->len)) < 0) return rc;
    for (guint i = 0; rc == FLOW_OK && i < X->node_items->len; i++) {
        xitem *it = &g_array_index(X->node_items, xitem, i);
        const char *id = named ? value_named(X, it, "node", "name") : it->id;
        const char *label = it->label ? it->label : value_named(X, it, "node", "label");
        if (!label && !named) label = value_named(X, it, "node", "name");
        const char *kind = value_named(X, it, "node", "kind");
        it->flow_id = id;
        size_t *known = flow__strmap_find(xml_to_id, it->id);
        if (known)
            *known = (size_t)i + 1;
        else
            flow__strmap_put(xml_to_id, it->id, (size_t)i + 1); /* reserved */
        if (flow_network_node_index(I->net, id) >= 0)
            return flow__error_at(FLOW_EPARSE, I->file, it->line, it->col, "duplicate node id '%s'",
                                  id);
        if ((rc = flow_network_add_node(I->net, id, label, kind, NULL)) < 0)
            return at(I, it->line, it->col, rc);
        if ((rc = within_limits(I, it->line, it->col)) < 0) return rc;
        const char *parent = it->pid ? it->pid : value_named(X, it, "node", "parent");
        if (parent && *parent && (rc = defer(I, id, parent, 0, it->line, it->col)) < 0) return rc;
        const char *groups = value_named(X, it, "node", "groups");
        if (groups && *groups && (rc = defer(I, id, groups, 1, it->line, it->col)) < 0) return rc;
    }
    /* attributes: every key of the node domain but the model's fields */
    static const char *const fields[] = {"id", "name", "label", "kind", "parent", "groups"};
    for (guint i = 0; rc == FLOW_OK && i < X->node_items->len; i++) {
        const xitem *it = &g_array_index(X->node_items, xitem, i);
        const char *id = xml_node(X, xml_to_id, it->id);
        for (guint ki = 0; rc == FLOW_OK && ki < X->keys->len; ki++) {
            const xkey *k = g_ptr_array_index(X->keys, ki);
            if (strcmp(k->domain, "node") != 0 && strcmp(k->domain, "all") != 0) continue;
            int skip = 0;
            for (size_t f = 0; f < G_N_ELEMENTS(fields); f++) skip |= strcmp(k->name, fields[f]) == 0;
            if (named && strcmp(k->name, "name") == 0) skip = 1;
            if (skip) continue;
            const char *v = NULL;
            for (guint j = 0; j < it->values->len; j++) {
                const xval *x = &g_array_index(it->values, xval, j);
                if (strcmp(x->key, k->id) == 0) v = x->value; /* the last of dynamic values */
            }
            if (!v) v = k->def;
            int numeric = numeric_type(k->type), boolean = boolean_type(k->type);
            if (!v) {
                /* declare the attribute with its type even when missing here */
                rc = numeric || boolean ? flow_network_set_number(I->net, id, k->name, NAN)
                                        : flow_network_set_text(I->net, id, k->name, NULL);
            } else if (numeric) {
                double d;
                if (number_of(v, &d) < 0)
                    return flow__error_at(FLOW_EPARSE, I->file, it->line, it->col,
                                          "attribute '%s' = '%s' is not a number", k->name, v);
                rc = flow_network_set_number(I->net, id, k->name, d);
            } else if (boolean) {
                rc = flow_network_set_number(I->net, id, k->name,
                                             g_ascii_strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0);
            } else {
                rc = flow_network_set_text(I->net, id, k->name, v);
            }
            if (rc < 0) rc = at(I, it->line, it->col, rc);
        }
    }
    return rc;
}

static int build_edges(xreader *X, const flow__strmap *xml_to_id)
{
    importer *I = X->I;
    int rc = FLOW_OK;
    for (guint i = 0; rc == FLOW_OK && i < X->edge_items->len; i++) {
        const xitem *it = &g_array_index(X->edge_items, xitem, i);
        const char *s = xml_node(X, xml_to_id, it->source);
        const char *t = xml_node(X, xml_to_id, it->target);
        if (!s || !t) {
            const char *bad = !s ? it->source : it->target;
            /* GEXF may leave nodes undeclared only in theory; GraphML never */
            return flow__error_at(FLOW_ENOTFOUND, I->file, it->line, it->col,
                                  "edge %s '%s' is not a declared node", !s ? "source" : "target",
                                  bad);
        }
        const char *wtext = value_named(X, it, "edge", "weight");
        if (it->weight) wtext = it->weight;
        double w = 1;
        if (wtext && (rc = weight_at(I, wtext, it->line, it->col, &w)) < 0) return rc;
        const char *factor = value_named(X, it, "edge", "factor");
        if (!factor && X->gexf) factor = it->kind;
        const char *unit = value_named(X, it, "edge", "unit");
        int year = FLOW_NO_YEAR;
        const char *ytext = value_named(X, it, "edge", "year");
        if (ytext && (rc = year_at(I, ytext, it->line, it->col, &year)) < 0) return rc;
        /* GEXF time: one flow per one-year spell, weighted by the dynamic
         * weight of that year when there is one */
        const flow__array *sp = it->spells;
        int y0;
        if (X->gexf && year == FLOW_NO_YEAR && !sp->len && it->start && it->end &&
            strcmp(it->start, it->end) == 0 && is_int_text(it->start, &y0))
            year = y0;
        if (X->gexf && year == FLOW_NO_YEAR && sp->len) {
            for (guint j = 0; rc == FLOW_OK && j + 1 < sp->len; j += 2) {
                const char *a = g_ptr_array_index(sp, j), *b = g_ptr_array_index(sp, j + 1);
                int ya, yb;
                if (!is_int_text(a, &ya) || !is_int_text(b, &yb) || yb < ya || yb - ya > 200)
                    return flow__error_at(FLOW_EPARSE, I->file, it->line, it->col,
                                          "spell [%s, %s] is not a range of whole years", a, b);
                for (int y = ya; rc == FLOW_OK && y <= yb; y++) {
                    double wy = w;
                    for (guint v = 0; v < it->values->len; v++) {
                        const xval *x = &g_array_index(it->values, xval, v);
                        const xkey *k = key_of(X, x->key, "edge");
                        int xs, xe;
                        if (k && (strcmp(k->name, "weight") == 0 || strcmp(k->name, "yearly_weight") == 0) &&
                            is_int_text(x->start, &xs) &&
                            is_int_text(x->end ? x->end : x->start, &xe) && xs <= y && y <= xe &&
                            (rc = weight_at(I, x->value, it->line, it->col, &wy)) < 0)
                            return rc;
                    }
                    rc = add_flow(I, s, t, factor, wy, y, unit, it->line, it->col);
                }
            }
            continue;
        }
        rc = add_flow(I, s, t, factor, w, year, unit, it->line, it->col);
    }
    return rc;
}

static int read_xml(importer *I, const char *data, size_t size, int gexf)
{
    static const GMarkupParser parser = {on_start, on_end, on_text, NULL, NULL};
    xreader X;
    memset(&X, 0, sizeof X);
    X.I = I;
    X.gexf = gexf;
    X.data = data;
    X.end = data + size;
    GError *err = NULL;
    int rc = FLOW_OK;
    flow__strmap xml_to_id = {NULL, 0, 0};
    size_t lines = 1;
    for (const char *p = data; (p = memchr(p, '\n', (size_t)(X.end - p))) != NULL; p++) lines++;
    if (!(X.keys = flow__array_new(sizeof(xkey *))) || !(X.text = flow__array_new(1)) ||
        !(X.node_items = flow__array_new(sizeof(xitem))) ||
        !(X.edge_items = flow__array_new(sizeof(xitem))) ||
        !(X.line_starts = flow__array_new(sizeof(size_t))) ||
        flow__array_reserve(X.line_starts, lines) < 0) {
        rc = FLOW_ENOMEM;
        goto done;
    }
    size_t zero = 0;
    flow__array_append(X.line_starts, &zero); /* reserved, as the rest */
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n') {
            size_t next = i + 1;
            flow__array_append(X.line_starts, &next);
        }
    X.ctx = g_markup_parse_context_new(&parser, G_MARKUP_PREFIX_ERROR_POSITION, &X, NULL);
    if (!g_markup_parse_context_parse(X.ctx, data, (gssize)size, &err) ||
        !g_markup_parse_context_end_parse(X.ctx, &err)) {
        if (X.rc < 0) {
            rc = X.rc;
        } else {
            size_t line, col;
            position(&X, &line, &col);
            /* GMarkup's message starts with its own position: keep the reason */
            const char *msg = err ? err->message : "malformed XML";
            const char *colon = strstr(msg, ": ");
            if (g_str_has_prefix(msg, "Error on line") && colon) msg = colon + 2;
            rc = flow__error_at(FLOW_EPARSE, I->file, line, col, "%s", msg);
        }
        goto done;
    }
    if (!X.graphs) {
        rc = flow__error_at(FLOW_EPARSE, I->file, 1, 1, "no <graph> element (is this %s?)",
                            gexf ? "a GEXF file" : "a GraphML file");
        goto done;
    }
    rc = build_nodes(&X, &xml_to_id);
    if (rc == FLOW_OK) rc = build_edges(&X, &xml_to_id);
done:
    if (err) g_error_free(err);
    flow__strmap_clear(&xml_to_id);
    xitem_clear(&X.item);
    if (X.ctx) g_markup_parse_context_free(X.ctx);
    for (guint i = 0; X.keys && i < X.keys->len; i++) xkey_free(g_ptr_array_index(X.keys, i));
    flow__array_free(X.keys);
    flow__strmap_clear(&X.key_ids);
    flow__array_free(X.text);
    for (guint i = 0; X.node_items && i < X.node_items->len; i++)
        xitem_clear(&g_array_index(X.node_items, xitem, i));
    for (guint i = 0; X.edge_items && i < X.edge_items->len; i++)
        xitem_clear(&g_array_index(X.edge_items, xitem, i));
    flow__array_free(X.node_items);
    flow__array_free(X.edge_items);
    flow__array_free(X.line_starts);
    g_free(X.attr_class);
    g_free(X.data_key);
    return rc;
}

/* ---- Pajek .net ------------------------------------------------------------ */

/* Splits a Pajek line into tokens ("quoted" labels kept whole), in place:
 * tok (char *) and cols (size_t, the character column of each) are
 * refilled. FLOW_OK or FLOW_ENOMEM. */
static int pajek_tokens(char *line, flow__array *tok, flow__array *cols)
{
    char *p = line;
    tok->len = cols->len = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        size_t col = (size_t)g_utf8_pointer_to_offset(line, p) + 1;
        char *s = p;
        if (*p == '"') {
            s = ++p;
            while (*p && *p != '"') p++;
        } else {
            while (*p && *p != ' ' && *p != '\t') p++;
        }
        /* the byte ending the token (a quote or a blank) becomes its end */
        int more = *p != '\0';
        *p = '\0';
        if (flow__array_append(tok, &s) < 0 || flow__array_append(cols, &col) < 0)
            return FLOW_ENOMEM;
        if (more) p++;
    }
    return FLOW_OK;
}

/* A Pajek section keyword (after the '*'), case ignored. */
static int section_is(const char *s, const char *word)
{
    return g_ascii_strncasecmp(s, word, strlen(word)) == 0;
}

static int read_pajek(importer *I, const char *data, size_t size)
{
    int rc = FLOW_OK, section = 0; /* 1 vertices, 2 arcs, 3 edges, 4 arcslist, 5 edgeslist */
    long nv = -1;
    char **ids = NULL;    /* per vertex number (1-based) */
    char **labels = NULL; /* per vertex number, nv + 1 of them */
    flow__array *tokens = flow__array_new(sizeof(char *)), *cols = flow__array_new(sizeof(size_t));
    flow__strmap seen = {NULL, 0, 0};
    size_t nflows = 0;
    if (!tokens || !cols) rc = FLOW_ENOMEM;
    const char *next = data, *end = data + size;
    for (size_t ln = 0; rc == FLOW_OK && next <= end; ln++) {
        /* the line, copied into I->buf to be cut into tokens */
        const char *nl = memchr(next, '\n', (size_t)(end - next));
        size_t len = (size_t)((nl ? nl : end) - next);
        I->buf->len = 0;
        if ((rc = flow__array_reserve(I->buf, len + 1)) < 0) break;
        char *line = I->buf->data;
        memcpy(line, next, len);
        line[len] = '\0';
        next = nl ? nl + 1 : end + 1;
        if (len && line[len - 1] == '\r') line[len - 1] = '\0';
        if (ln == 0 && g_str_has_prefix(line, "\xEF\xBB\xBF")) line += 3;
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (!*s || *s == '%') continue;
        if (*s == '*') {
            const char *word = s + 1;
            if (section_is(word, "vertices")) {
                section = 1;
                if (nv >= 0) {
                    rc = flow__error_at(FLOW_EPARSE, I->file, ln + 1, 1,
                                        "a second *Vertices line (a file holds one network)");
                    break;
                }
                char *e;
                errno = 0;
                nv = strtol(s + 9, &e, 10);
                if (nv < 0 || e == s + 9) {
                    rc = flow__error_at(FLOW_EPARSE, I->file, ln + 1, 1,
                                        "*Vertices needs the number of vertices");
                    break;
                }
                if (errno == ERANGE || (uint64_t)nv > (uint64_t)I->max_nodes) {
                    rc = flow__error_at(FLOW_ELIMIT, I->file, ln + 1, 1,
                                        "*Vertices: more than %zu vertices", I->max_nodes);
                    break;
                }
                if (!(labels = g_try_new0(char *, (gsize)nv + 1))) {
                    rc = flow__error_nomem();
                    break;
                }
            } else if (section_is(word, "arcslist")) {
                section = 4;
            } else if (section_is(word, "edgeslist")) {
                section = 5;
            } else if (section_is(word, "arcs")) {
                section = 2;
            } else if (section_is(word, "edges")) {
                section = 3;
            } else if (section_is(word, "network")) {
                section = 0;
            } else {
                rc = flow__error_at(FLOW_EPARSE, I->file, ln + 1, 1,
                                    "unsupported Pajek section '%s' (libflow reads *Network, "
                                    "*Vertices, *Arcs, *Edges, *Arcslist, *Edgeslist)",
                                    s);
            }
            if (rc == FLOW_OK && section >= 2 && !ids) {
                if (nv < 0) {
                    rc = flow__error_at(FLOW_EPARSE, I->file, ln + 1, 1,
                                        "edges before *Vertices");
                    break;
                }
                /* ids: the labels when every vertex has a distinct one, else the numbers */
                int use_labels = 1;
                if ((rc = flow__strmap_reserve(&seen, (size_t)nv)) < 0) break;
                for (long v = 1; use_labels && v <= nv; v++) {
                    const char *l = labels[v];
                    use_labels = l && *l && !flow__strmap_find(&seen, l);
                    if (use_labels) flow__strmap_put(&seen, l, 1); /* reserved */
                }
                flow__strmap_clear(&seen);
                if (!(ids = g_try_new0(char *, (gsize)nv + 2))) {
                    rc = flow__error_nomem();
                    break;
                }
                for (long v = 1; rc == FLOW_OK && v <= nv; v++) {
                    const char *l = labels[v];
                    ids[v] = use_labels ? flow__strdup(l) : flow__strdup_printf("%ld", v);
                    if (!ids[v]) rc = FLOW_ENOMEM;
                    else if ((rc = flow_network_add_node(I->net, ids[v], l && *l ? l : NULL, NULL,
                                                         NULL)) < 0)
                        rc = at(I, ln + 1, 1, rc);
                }
            }
            continue;
        }
        if ((rc = pajek_tokens(line, tokens, cols)) < 0) break;
        char **tok = (char **)tokens->pdata;
        const size_t *col = (const size_t *)(const void *)cols->data;
        size_t nt = tokens->len;
        if (!nt) continue;
        if (section == 1) {
            char *e;
            long v = strtol(tok[0], &e, 10);
            if (*e || v < 1 || v > nv)
                rc = flow__error_at(FLOW_EPARSE, I->file, ln + 1, col[0],
                                    "vertex number '%s' is not in 1..%ld", tok[0], nv);
            else if (nt > 1 && labels[v])
                rc = flow__error_at(FLOW_EPARSE, I->file, ln + 1, col[0],
                                    "vertex %ld is listed twice", v);
            else if (nt > 1 && !(labels[v] = flow__strdup(tok[1])))
                rc = FLOW_ENOMEM;
        } else if (section >= 2) {
            long v[64];
            size_t nn = section >= 4 ? MIN(nt, 64) : MIN(nt, 2);
            for (size_t k = 0; rc == FLOW_OK && k < nn; k++) {
                char *e;
                v[k] = strtol(tok[k], &e, 10);
                if (*e || v[k] < 1 || v[k] > nv)
                    rc = flow__error_at(FLOW_EPARSE, I->file, ln + 1, col[k],
                                        "vertex number '%s' is not in 1..%ld", tok[k], nv);
            }
            if (rc == FLOW_OK && nn < 2)
                rc = flow__error_at(FLOW_EPARSE, I->file, ln + 1, 1,
                                    "an arc or edge needs two vertex numbers");
            double w = 1;
            if (rc == FLOW_OK && section < 4 && nt > 2)
                rc = weight_at(I, tok[2], ln + 1, col[2], &w);
            for (size_t k = 1; rc == FLOW_OK && k < nn; k++) {
                rc = add_flow(I, ids[v[0]], ids[v[k]], NULL, w, FLOW_NO_YEAR, NULL, ln + 1, col[0]);
                nflows++;
            }
        }
    }
    if (rc == FLOW_OK && !ids && nv >= 0) {
        /* vertices without edges */
        for (long v = 1; rc == FLOW_OK && v <= nv; v++) {
            const char *l = labels[v];
            char *id = l && *l ? flow__strdup(l) : flow__strdup_printf("%ld", v);
            if (!id) rc = FLOW_ENOMEM;
            else if ((rc = flow_network_add_node(I->net, id, NULL, NULL, NULL)) < 0)
                rc = at(I, 1, 1, rc);
            g_free(id);
        }
    }
    if (rc == FLOW_OK && nv < 0)
        rc = flow__error_at(FLOW_EPARSE, I->file, 1, 1, "no *Vertices line (is this a Pajek file?)");
    for (long v = 0; labels && v <= nv; v++) { /* ids come after labels */
        if (ids) g_free(ids[v]);
        g_free(labels[v]);
    }
    g_free(ids);
    g_free(labels);
    flow__strmap_clear(&seen);
    flow__array_free(tokens);
    flow__array_free(cols);
    return rc;
}

/* ---- detection and the public entry ------------------------------------------ */

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), m = strlen(ext);
    return n > m && path[n - m - 1] == '.' && g_ascii_strcasecmp(path + n - m, ext) == 0;
}

int flow__import_format_of(const char *path, const char *head, size_t n)
{
    if (has_ext(path, "graphml")) return FLOW_INPUT_GRAPHML;
    if (has_ext(path, "gexf")) return FLOW_INPUT_GEXF;
    if (has_ext(path, "net") || has_ext(path, "paj") || has_ext(path, "pajek"))
        return FLOW_INPUT_PAJEK;
    if (has_ext(path, "txt") || has_ext(path, "tsv") || has_ext(path, "edges") ||
        has_ext(path, "edgelist") || has_ext(path, "el") || has_ext(path, "dat"))
        return FLOW_INPUT_EDGELIST;
    if (!head) return FLOW_INPUT_DATASET;
    /* content: XML root, Pajek's *Vertices */
    const char *p = head, *end = head + n;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end && g_ascii_isspace(*p)) p++;
    /* the head's text, cut to a fixed buffer (callers read 4 KiB) */
    char text[4097], low[4097];
    size_t len = MIN((size_t)(end - p), sizeof text - 1);
    memcpy(text, p, len);
    text[len] = '\0';
    if (p < end && *p == '<')
        return strstr(text, "<gexf") ? FLOW_INPUT_GEXF
               : strstr(text, "<graphml") ? FLOW_INPUT_GRAPHML : FLOW_INPUT_DATASET;
    if (p < end && *p == '*' && (size_t)(end - p) >= 9 && g_ascii_strncasecmp(p + 1, "vertices", 8) == 0)
        return FLOW_INPUT_PAJEK;
    /* a CSV whose header is not libflow's (source,target,factor,weight in
     * lower case, comma-separated) but names a source and a target */
    char *first = text, *nl = strchr(first, '\n');
    if (nl) *nl = '\0';
    g_strchomp(first);
    for (size_t i = 0; (low[i] = g_ascii_tolower(first[i])) != '\0'; i++) continue;
    int exact = 0;
    for (char *c = first, *next; c; c = next) { /* the fields, cut in place */
        next = strchr(c, ',');
        if (next) *next++ = '\0';
        char *t = g_strstrip(c);
        exact += strcmp(t, "source") == 0 || strcmp(t, "target") == 0 || strcmp(t, "factor") == 0;
    }
    int other = 0;
    if (exact < 3)
        other = (strstr(low, "source") && strstr(low, "target")) ||
                (strstr(low, "from") && strstr(low, "to"));
    return other ? FLOW_INPUT_EDGELIST : FLOW_INPUT_DATASET;
}

int flow__import_file(flow_network **out, const char *path, int format, const char *opts,
                      const flow_io_options *lim)
{
    importer I;
    memset(&I, 0, sizeof I);
    int rc = parse_options(&I.opt, opts);
    if (rc < 0) return rc;
    flow__input in;
    I.file = path;
    I.max_nodes = lim->max_nodes;
    I.max_flows = lim->max_flows;
    if ((rc = flow__io_read(&in, path, lim->max_file_size)) < 0) {
        options_clear(&I.opt);
        return rc;
    }
    const char *data = in.data;
    size_t size = in.len;
    if (memchr(data, '\0', size)) {
        rc = flow__error_at(FLOW_EPARSE, path, 1, 1, "the file holds NUL bytes (UTF-16 or binary?)");
        goto done;
    }
    const char *bad = NULL;
    if (!g_utf8_validate(data, (gssize)size, &bad)) {
        size_t line = 1, col = 1;
        for (const char *q = data; q < bad; q++) {
            if (*q == '\n') line++, col = 1;
            else col += ((unsigned char)*q & 0xC0) != 0x80;
        }
        rc = flow__error_at(FLOW_EPARSE, path, line, col, "invalid UTF-8");
        goto done;
    }
    if ((rc = flow_network_new(&I.net)) < 0) goto done;
    if (!(I.later = flow__array_new(sizeof(pending))) || !(I.buf = flow__array_new(1))) {
        rc = FLOW_ENOMEM;
        goto done;
    }
    switch (format) {
    case FLOW_INPUT_GRAPHML: rc = read_xml(&I, data, size, 0); break;
    case FLOW_INPUT_GEXF: rc = read_xml(&I, data, size, 1); break;
    case FLOW_INPUT_PAJEK: rc = read_pajek(&I, data, size); break;
    default: rc = read_edgelist(&I, data, size); break;
    }
    if (rc == FLOW_OK) rc = finish(&I);
    if (rc == FLOW_OK) {
        I.net->load_limits = *lim;
        *out = I.net;
        I.net = NULL;
    }
done:
    later_free(I.later);
    flow__array_free(I.buf);
    flow_network_free(I.net);
    options_clear(&I.opt);
    flow__io_input_free(&in);
    return rc;
}

/* The format of the existing file or folder at path (st: its stat): a
 * folder is a data set; a file is known by its extension, else by its
 * first bytes (a regular file's only: a pipe is never read twice). */
static int format_of_path(const char *path, const struct stat *st)
{
    if (S_ISDIR(st->st_mode)) return FLOW_INPUT_DATASET;
    char head[4096];
    size_t n = 0;
    FILE *f = S_ISREG(st->st_mode) ? fopen(path, "rb") : NULL;
    if (f) {
        n = fread(head, 1, sizeof head, f);
        fclose(f);
    }
    return flow__import_format_of(path, f ? head : NULL, n);
}

int flow_io_load(flow_network **out, const char *path)
{
    return flow_io_load_with(out, path, NULL);
}

int flow_io_load_with(flow_network **out, const char *path, const flow_io_options *opts)
{
    /* other tools' files: by extension, or a foreign CSV header; the rest,
     * and the errors of a missing path or bad arguments, are the loader's
     * (io.c) */
    struct stat st;
    int format = out && path && stat(path, &st) == 0 ? format_of_path(path, &st)
                                                     : FLOW_INPUT_DATASET;
    if (format == FLOW_INPUT_DATASET) return flow__io_load_dataset(out, path, opts);
    *out = NULL;
    flow_io_options lim;
    int rc = flow__io_limits(&lim, opts, "flow_io_load_with");
    return rc < 0 ? rc : flow__import_file(out, path, format, NULL, &lim);
}

int flow_io_import(flow_network **out, const char *path, int format, const char *opts)
{
    return flow_io_import_with(out, path, format, opts, NULL);
}

int flow_io_import_with(flow_network **out, const char *path, int format, const char *opts,
                        const flow_io_options *limits)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_io_import: out is NULL");
    *out = NULL;
    if (!path) return flow__error(FLOW_EINVAL, "flow_io_import: path is NULL");
    flow_io_options lim;
    int rc = flow__io_limits(&lim, limits, "flow_io_import_with");
    if (rc < 0) return rc;
    if (format < FLOW_INPUT_AUTO || format > FLOW_INPUT_PAJEK)
        return flow__error(FLOW_EINVAL, "unknown input format %d", format);
    options o;
    rc = parse_options(&o, opts); /* refuse bad options before touching files */
    options_clear(&o);
    if (rc < 0) return rc;
    struct stat st;
    if (stat(path, &st) < 0)
        return errno == ENOENT || errno == ENOTDIR
                   ? flow__error(FLOW_ENOTFOUND, "%s: no such file or folder", path)
                   : flow__error(FLOW_EIO, "%s: %s", path, g_strerror(errno));
    if (format == FLOW_INPUT_AUTO) {
        format = format_of_path(path, &st);
        /* column options make a CSV file an edge list */
        if (format == FLOW_INPUT_DATASET && !S_ISDIR(st.st_mode) && opts && *opts)
            format = FLOW_INPUT_EDGELIST;
    }
    if (format == FLOW_INPUT_DATASET) {
        if (opts && *opts)
            return flow__error(FLOW_EINVAL,
                               "import options apply to edge lists, not to a libflow data set");
        return flow__io_load_dataset(out, path, limits);
    }
    if (S_ISDIR(st.st_mode))
        return flow__error(FLOW_EINVAL, "%s is a folder, not a %s file", path,
                           flow_registry_name("input_format", format));
    return flow__import_file(out, path, format, opts, &lim);
}

static const flow__entry input_entries[] = {
    {"dataset", FLOW_INPUT_DATASET, 0,
     "libflow's data set: a folder of nodes.csv, flows.csv, groups.csv, or a lone flows.csv",
     NULL},
    {"edgelist", FLOW_INPUT_EDGELIST, 0,
     "delimited edge list (CSV, ';', tab, '|' or blanks; Gephi's edge table): columns mapped by "
     "name, case ignored",
     (const flow__param[]){
         {"source", "text", "source", "source column (also from, src)"},
         {"target", "text", "target", "target column (also to, dst)"},
         {"weight", "text", "weight", "weight column; every weight is 1 without one"},
         {"factor", "text", "factor", "factor column"},
         {"year", "text", "year", "year column"},
         {"unit", "text", "unit", "unit column"},
         {"delimiter", "text", "", "one character, or comma, semicolon, tab, pipe, space "
                                   "(default: detected)"},
         {"header", "bool", "", "yes or no (default: detected from the column names)"},
         {"default_factor", "text", FLOW__IMPORT_FACTOR, "factor of rows without one"},
         {"default_year", "int", "", "year of rows without one"},
         {NULL, NULL, NULL, NULL}}},
    {"graphml", FLOW_INPUT_GRAPHML, 0,
     "GraphML (networkx, python-igraph, Gephi, yEd): node label or name, kind, parent, groups, "
     "attributes; edge weight, factor, year, unit",
     NULL},
    {"gexf", FLOW_INPUT_GEXF, 0,
     "GEXF 1.1 to 1.3 (Gephi, networkx): label, attributes; edge weight, kind or factor, "
     "year or one-year spells",
     NULL},
    {"pajek", FLOW_INPUT_PAJEK, 0,
     "Pajek .net: *Vertices with labels, *Arcs, *Edges, *Arcslist, *Edgeslist", NULL},
};
FLOW__FAMILY(flow__input_format_family, "input_format", "input format",
             "file formats flow_io_import reads", input_entries);

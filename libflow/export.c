/*
 * Exports: JSON, GraphML, GEXF 1.3 and DOT, written by libflow itself.
 *
 * igraph's writers are not used: they drop string ids, names and
 * attributes of our model, and print numbers such as 1e-07 unquoted, which
 * DOT cannot read. Each format has one renderer that appends to a sink:
 * a GString that either collects the whole text (flow_export_string) or is
 * flushed to a file descriptor every megabyte (flow_export_write), so that
 * writing a network of millions of flows does not hold the whole text in
 * memory.
 *
 * Numbers: the shortest of "%.15g", "%.16g", "%.17g" that reads back to
 * the same double (so 1e-07 stays "1e-07", 0.1 + 0.2 becomes
 * "0.30000000000000004"), formatted with g_ascii_formatd so the C locale's
 * decimal point is used whatever the process locale.
 *
 * Files are written to a temporary file in the target's directory and
 * renamed over the target on success: a failed or interrupted export never
 * leaves a partial file.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
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
#include "network_internal.h"

/* Flush the file sink once this much text is pending. */
#define FLUSH_AT ((size_t)1 << 20)

typedef struct {
    GString *buf;
    int fd;  /* -1: the whole text stays in buf */
    int err; /* errno of the first failed write, 0 if none */
} sink;

static void sink_flush(sink *w)
{
    if (w->fd < 0) return;
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

/* Called after each record (node, edge): keeps the file sink's buffer small. */
static void sink_record(sink *w)
{
    if (w->fd >= 0 && w->buf->len >= FLUSH_AT) sink_flush(w);
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

/* ---- GraphML -------------------------------------------------------------- */

static void put_xml_number(GString *s, double v)
{
    /* xs:double spells the infinities INF and -INF. */
    if (isfinite(v))
        flow__export_number(s, v);
    else
        g_string_append(s, v > 0 ? "INF" : "-INF");
}

static void render_graphml(sink *w, const flow_network *net)
{
    GString *s = w->buf;
    size_t nnodes = net->nodes->len, nattrs = net->attrs->len;

    g_string_append(s,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                    "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                    "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
                    "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
                    "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
                    "  <key id=\"parent\" for=\"node\" attr.name=\"parent\" "
                    "attr.type=\"string\"/>\n");
    /* Attribute keys are numbered (a0, a1, ...) so that any attribute name,
     * escaped, is safe in attr.name. */
    for (size_t a = 0; a < nattrs; a++) {
        const flow__attr *at = attr_at(net, a);
        g_string_append_printf(s, "  <key id=\"a%zu\" for=\"node\" attr.name=\"", a);
        put_xml(s, at->name);
        g_string_append_printf(s, "\" attr.type=\"%s\"/>\n", at->numeric ? "double" : "string");
    }
    g_string_append(s,
                    "  <key id=\"factor\" for=\"edge\" attr.name=\"factor\" "
                    "attr.type=\"string\"/>\n"
                    "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" "
                    "attr.type=\"double\"/>\n"
                    "  <key id=\"year\" for=\"edge\" attr.name=\"year\" attr.type=\"int\"/>\n"
                    "  <graph id=\"flows\" edgedefault=\"directed\">\n");

    for (size_t i = 0; i < nnodes; i++) {
        const flow__node *n = node_at(net, i);
        g_string_append(s, "    <node id=\"");
        put_xml(s, n->id);
        g_string_append(s, "\">\n      <data key=\"name\">");
        put_xml(s, n->name);
        g_string_append(s, "</data>\n      <data key=\"kind\">");
        put_xml(s, n->kind);
        g_string_append(s, "</data>\n");
        if (n->parent >= 0) {
            g_string_append(s, "      <data key=\"parent\">");
            put_xml(s, node_id(net, (size_t)n->parent));
            g_string_append(s, "</data>\n");
        }
        for (size_t a = 0; a < nattrs; a++) {
            const flow__attr *at = attr_at(net, a);
            if (at->numeric) {
                double v = attr_number(at, i);
                if (isnan(v)) continue;
                g_string_append_printf(s, "      <data key=\"a%zu\">", a);
                put_xml_number(s, v);
            } else {
                const char *v = attr_text(at, i);
                if (!v) continue;
                g_string_append_printf(s, "      <data key=\"a%zu\">", a);
                put_xml(s, v);
            }
            g_string_append(s, "</data>\n");
        }
        g_string_append(s, "    </node>\n");
        sink_record(w);
    }

    for (size_t k = 0; k < net->nflows; k++) {
        g_string_append_printf(s, "    <edge id=\"e%zu\" source=\"", k);
        put_xml(s, node_id(net, net->src[k]));
        g_string_append(s, "\" target=\"");
        put_xml(s, node_id(net, net->tgt[k]));
        g_string_append(s, "\">\n      <data key=\"factor\">");
        put_xml(s, factor_name(net, net->fac[k]));
        g_string_append(s, "</data>\n      <data key=\"weight\">");
        flow__export_number(s, net->weight[k]);
        g_string_append(s, "</data>\n");
        if (net->year[k] != FLOW_NO_YEAR)
            g_string_append_printf(s, "      <data key=\"year\">%d</data>\n", (int)net->year[k]);
        g_string_append(s, "    </edge>\n");
        sink_record(w);
    }
    g_string_append(s, "  </graph>\n</graphml>\n");
}

/* ---- GEXF 1.3 ------------------------------------------------------------- */

static void render_gexf(sink *w, const flow_network *net)
{
    GString *s = w->buf;
    size_t nnodes = net->nodes->len, nattrs = net->attrs->len;

    g_string_append(s,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<gexf xmlns=\"http://gexf.net/1.3\"\n"
                    "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                    "    xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\"\n"
                    "    version=\"1.3\">\n"
                    "  <meta>\n"
                    "    <creator>libflow " FLOW_VERSION_STRING "</creator>\n"
                    "    <description>innovation-factor flows</description>\n"
                    "  </meta>\n"
                    "  <graph mode=\"static\" defaultedgetype=\"directed\" idtype=\"string\">\n"
                    "    <attributes class=\"node\" mode=\"static\">\n"
                    "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
                    "      <attribute id=\"parent\" title=\"parent\" type=\"string\"/>\n");
    for (size_t a = 0; a < nattrs; a++) {
        const flow__attr *at = attr_at(net, a);
        g_string_append_printf(s, "      <attribute id=\"a%zu\" title=\"", a);
        put_xml(s, at->name);
        g_string_append_printf(s, "\" type=\"%s\"/>\n", at->numeric ? "double" : "string");
    }
    g_string_append(s,
                    "    </attributes>\n"
                    "    <attributes class=\"edge\" mode=\"static\">\n"
                    "      <attribute id=\"factor\" title=\"factor\" type=\"string\"/>\n"
                    "      <attribute id=\"year\" title=\"year\" type=\"integer\"/>\n"
                    "    </attributes>\n");

    g_string_append_printf(s, "    <nodes count=\"%zu\">\n", nnodes);
    for (size_t i = 0; i < nnodes; i++) {
        const flow__node *n = node_at(net, i);
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
        for (size_t a = 0; a < nattrs; a++) {
            const flow__attr *at = attr_at(net, a);
            if (at->numeric) {
                /* Gephi parses doubles with Java, which knows no INF: an
                 * infinite value is left out like a missing one. */
                double v = attr_number(at, i);
                if (!isfinite(v)) continue;
                g_string_append_printf(s, "          <attvalue for=\"a%zu\" value=\"", a);
                flow__export_number(s, v);
            } else {
                const char *v = attr_text(at, i);
                if (!v) continue;
                g_string_append_printf(s, "          <attvalue for=\"a%zu\" value=\"", a);
                put_xml(s, v);
            }
            g_string_append(s, "\"/>\n");
        }
        g_string_append(s, "        </attvalues>\n      </node>\n");
        sink_record(w);
    }
    g_string_append(s, "    </nodes>\n");

    g_string_append_printf(s, "    <edges count=\"%zu\">\n", net->nflows);
    for (size_t k = 0; k < net->nflows; k++) {
        const char *factor = factor_name(net, net->fac[k]);
        g_string_append_printf(s, "      <edge id=\"%zu\" source=\"", k);
        put_xml(s, node_id(net, net->src[k]));
        g_string_append(s, "\" target=\"");
        put_xml(s, node_id(net, net->tgt[k]));
        g_string_append(s, "\" weight=\"");
        flow__export_number(s, net->weight[k]);
        g_string_append(s, "\" kind=\"");
        put_xml(s, factor);
        g_string_append(s, "\">\n        <attvalues>\n          <attvalue for=\"factor\" value=\"");
        put_xml(s, factor);
        g_string_append(s, "\"/>\n");
        if (net->year[k] != FLOW_NO_YEAR)
            g_string_append_printf(s, "          <attvalue for=\"year\" value=\"%d\"/>\n",
                                   (int)net->year[k]);
        g_string_append(s, "        </attvalues>\n      </edge>\n");
        sink_record(w);
    }
    g_string_append(s, "    </edges>\n  </graph>\n</gexf>\n");
}

/* ---- DOT ------------------------------------------------------------------ */

static void render_dot(sink *w, const flow_network *net)
{
    GString *s = w->buf;
    size_t nnodes = net->nodes->len, nattrs = net->attrs->len;

    g_string_append(s, "digraph \"flows\" {\n");
    for (size_t i = 0; i < nnodes; i++) {
        const flow__node *n = node_at(net, i);
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
        for (size_t a = 0; a < nattrs; a++) {
            const flow__attr *at = attr_at(net, a);
            if (at->numeric) {
                double v = attr_number(at, i);
                if (isnan(v)) continue;
                g_string_append(s, ", ");
                put_dot_key(s, at->name);
                g_string_append_c(s, '=');
                put_dot_number(s, v);
            } else {
                const char *v = attr_text(at, i);
                if (!v) continue;
                g_string_append(s, ", ");
                put_dot_key(s, at->name);
                g_string_append_c(s, '=');
                put_dot_string(s, v);
            }
        }
        g_string_append(s, "];\n");
        sink_record(w);
    }
    for (size_t k = 0; k < net->nflows; k++) {
        g_string_append(s, "  ");
        put_dot_string(s, node_id(net, net->src[k]));
        g_string_append(s, " -> ");
        put_dot_string(s, node_id(net, net->tgt[k]));
        g_string_append(s, " [factor=");
        put_dot_string(s, factor_name(net, net->fac[k]));
        g_string_append(s, ", weight=");
        put_dot_number(s, net->weight[k]);
        if (net->year[k] != FLOW_NO_YEAR)
            g_string_append_printf(s, ", year=\"%d\"", (int)net->year[k]);
        g_string_append(s, "];\n");
        sink_record(w);
    }
    g_string_append(s, "}\n");
}

/* ---- public API ----------------------------------------------------------- */

static int check_format(int format)
{
    if (format < FLOW_EXPORT_JSON || format > FLOW_EXPORT_DOT)
        return flow__error(FLOW_EINVAL, "unknown export format %d", format);
    return FLOW_OK;
}

static void render(sink *w, const flow_network *net, int format)
{
    switch (format) {
    case FLOW_EXPORT_JSON: render_json(w, net); break;
    case FLOW_EXPORT_GRAPHML: render_graphml(w, net); break;
    case FLOW_EXPORT_GEXF: render_gexf(w, net); break;
    default: render_dot(w, net); break;
    }
}

/* A generous guess of the text's size, used to find out before rendering
 * whether that much memory can be had: GString itself aborts on failure. */
static int probe_memory(const flow_network *net, size_t *estimate)
{
    double nodes = (double)net->nodes->len, attrs = (double)net->attrs->len;
    double est = 4096.0 + 256.0 * nodes + 64.0 * nodes * attrs + 256.0 * (double)net->nflows +
                 64.0 * (double)net->groups->len;
    if (est > (double)(G_MAXSIZE / 2)) return flow__error_nomem();
    *estimate = (size_t)est;
    void *p = g_try_malloc(*estimate);
    if (!p) return flow__error_nomem();
    g_free(p);
    return FLOW_OK;
}

int flow_export_string(char **out, const flow_network *net, int format)
{
    int rc;
    if (!out) return flow__error(FLOW_EINVAL, "flow_export_string: out is NULL");
    *out = NULL;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if ((rc = check_format(format)) < 0) return rc;
    size_t estimate;
    if ((rc = probe_memory(net, &estimate)) < 0) return rc;
    sink w = {g_string_sized_new(MIN(estimate, (size_t)1 << 16)), -1, 0};
    render(&w, net, format);
    *out = g_string_free(w.buf, FALSE);
    return FLOW_OK;
}

static int io_error(const char *what, const char *path, int err)
{
    return flow__error(FLOW_EIO, "cannot %s '%s': %s", what, path, g_strerror(err));
}

int flow_export_write(const flow_network *net, int format, const char *path)
{
    int rc;
    if ((rc = flow__network_check(net)) < 0) return rc;
    if ((rc = check_format(format)) < 0) return rc;
    if (!path || !*path) return flow__error(FLOW_EINVAL, "flow_export_write: path is empty");

    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmpname = g_strdup_printf(".%s.XXXXXX", base);
    char *tmp = g_build_filename(dir, tmpname, NULL);
    sink w = {NULL, -1, 0};
    int created = 0, fd;
    struct stat st;

    /* The temporary file sits next to the target so that rename() replaces
     * it atomically (same file system). */
    w.fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
    if (w.fd < 0) {
        rc = io_error("write", path, errno);
        goto done;
    }
    created = 1;
    /* Keep the permissions of a file being replaced. */
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) (void)fchmod(w.fd, st.st_mode & 07777);

    w.buf = g_string_sized_new(FLUSH_AT + FLUSH_AT / 4);
    render(&w, net, format);
    sink_flush(&w);
    if (w.err) {
        rc = io_error("write", path, w.err);
        goto done;
    }
    if (fsync(w.fd) != 0 && errno != EINVAL && errno != EROFS) {
        rc = io_error("write", path, errno);
        goto done;
    }
    fd = w.fd;
    w.fd = -1;
    if (close(fd) != 0) {
        rc = io_error("write", path, errno);
        goto done;
    }
    if (g_rename(tmp, path) != 0) {
        rc = io_error("replace", path, errno);
        goto done;
    }
    created = 0;
    rc = FLOW_OK;

done:
    if (w.fd >= 0) close(w.fd);
    if (created) (void)g_unlink(tmp);
    if (w.buf) g_string_free(w.buf, TRUE);
    g_free(tmp);
    g_free(tmpname);
    g_free(base);
    g_free(dir);
    return rc;
}

static const flow__entry format_entries[] = {
    {"json", FLOW_EXPORT_JSON, 0, "one JSON object: nodes, factors, flows, groups", NULL},
    {"graphml", FLOW_EXPORT_GRAPHML, 0, "GraphML (networkx, igraph, Gephi, yEd)", NULL},
    {"gexf", FLOW_EXPORT_GEXF, 0, "GEXF (Gephi)", NULL},
    {"dot", FLOW_EXPORT_DOT, 0, "Graphviz DOT", NULL},
};
FLOW__FAMILY(flow__format_family, "format", "export format", "file formats of flow_export_write",
             format_entries);

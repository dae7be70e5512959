/*
 * libflow/report.h - seeing the flows: a self-contained HTML report with
 * flow maps, and SVG flow maps for papers.
 *
 * flow_report_string() draws a selection (libflow/selection.h) as
 *  - FLOW_REPORT_HTML: one self-contained HTML page (UTF-8). Nothing is
 *    fetched when it is viewed: no network access, no external font,
 *    script, style sheet or image; the drawings are inline SVG, the style
 *    inline CSS, and a little inline JavaScript adds hovering (a node's
 *    flows highlighted) and a year slider on the maps. Sections, each an
 *    element <section id="...">:
 *      "data"        the data set and its provenance (the data folder's
 *                    README.md as flow_network_table(net, "provenance")
 *                    records it) and, when the data say their flows are
 *                    modelled, the caution "modelled, not observed" in a
 *                    box at the top;
 *      "summary"     nodes, edges, flows, density, reciprocities, and the
 *                    total of each factor in its unit (flow_summary_compute());
 *      "maps"        one flow map per factor the selection keeps (each in
 *                    its own unit; see below), with a year slider when the
 *                    flows have years;
 *      "hubs"        the top hubs, authorities (HITS) and brokers
 *                    (betweenness, lengths 1/weight), with their values;
 *      "bottleneck"  the minimum cut between two node sets (options
 *                    `from` and `to`: node ids or group names), drawn on a
 *                    map (cut edges red and dashed, the two sets ringed),
 *                    with its value and edges. Without sets, the strongest
 *                    net exporter and the strongest net importer, and the
 *                    page says it chose them;
 *      "clusters"    a partition (`cluster_method`, `seed`) against the
 *                    declared groups: NMI and ARI per family of disjoint
 *                    groups (groups named "family:name" form a family;
 *                    a group overlapping an earlier one of its family is
 *                    left out, and the page says so), and the cross-table.
 *                    With `significance` (libflow/significance.h, `samples`
 *                    null samples, seeded by `seed`, clustered by
 *                    `cluster_method`): the modularity against the
 *                    configuration model (FLOW_TEST_MODULARITY, at most 99
 *                    samples, fewer on large selections so that samples x
 *                    ordered pairs stay under 100,000; below 19 the page
 *                    says it was not run), and NMI and ARI against the
 *                    groups' labels permuted (FLOW_TEST_AGREEMENT): the
 *                    null's expectation, standard deviation, z and the
 *                    one-sided p-value;
 *      "matrix"      a heat map of the flows between groups (the first
 *                    family of disjoint groups with two or more groups, or
 *                    the clusters when the network declares none);
 *      "trends"      small multiples across years: each factor's total per
 *                    year, and the strength of the top nodes per year
 *                    (flow_structure_totals(), flow_structure_series());
 *      "inference"   the baselines of the page's numbers, and, with
 *                    `gravity` on a directed selection of at most 500
 *                    nodes, observed versus expected flows for each of the
 *                    three factors with most flows: flow_gravity_fit() with
 *                    origin and destination fixed effects and the log
 *                    great-circle distance when the nodes have lat and lon
 *                    (else no distance term), its coefficients (robust
 *                    standard errors, p-values), pseudo-R2, a log-log
 *                    scatter of observed against expected flows, and the
 *                    `top` pairs furthest above and below expectation.
 *                    A directed selection in which no pair has flows both
 *                    ways gets a caution: data that list each undirected
 *                    pair once should be read as undirected.
 *                    Analyses that do not apply (no groups, a model that
 *                    cannot be fitted) are named with the library's reason.
 *  - FLOW_REPORT_SVG: the flow map of the selection alone, a standalone SVG
 *    1.1 document (all factors the selection keeps, combined as it
 *    combines them), for papers.
 *
 * Flow maps: when the nodes carry numeric attributes "lat" and "lon"
 * (degrees) for at least half of the selection's vertices, nodes are drawn
 * at their coordinates (equirectangular projection) on a basemap of
 * country outlines (Natural Earth 1:50m, public domain; data/basemap/ in
 * the source tree holds the file, its licence and the script that made
 * it; there are no provinces yet). A vertex without coordinates takes
 * those of its nearest ancestor that has them; one with none at all is
 * drawn along the bottom edge. The frame is that of every placed vertex,
 * unless some are more than twice as far from their median point as the
 * 85% nearest it (a national network with a few partner countries, an
 * outlying airport): then the frame of the others, and the far vertices at
 * its edge in their direction, with a dashed outline. Without coordinates the nodes
 * are placed by a force-directed layout (igraph's Fruchterman-Reingold,
 * inside the gate, on the edges the overview map draws, logarithms of the
 * weights pulling; seeded by `seed`: the same seed gives the same
 * drawing), and the vertices without a drawn edge are lined up along the
 * bottom edge. Edges are curved (A -> B and B -> A bend to opposite
 * sides), as wide as the square root of their weight (the widest narrower
 * on dense maps), with arrowheads (none when the selection is undirected), in the colour of their source's
 * cluster; nodes are as large as the square root of their total strength
 * and coloured by cluster (the nine largest clusters of two nodes or more;
 * the rest grey); a legend gives the widths in the factor's unit. When a
 * map would have more than `max_edges` edges it shows the disparity-filter
 * backbone (flow_structure_backbone(), `alpha`) and, if that is still too
 * many (or empty), its `max_edges` heaviest edges; the map's caption says
 * how many of how many edges it shows. A year layer shows at most
 * max_edges / 2. Labels: every node of a map of up to 60 nodes, else the
 * `top_labels` largest, largest first, each right of its node, else left,
 * above or below, where it covers no other node (failing that, where it
 * covers no label already placed; else it is left out); the text of `label_attr` when given (e.g.
 * "name_zh"), else the node's name; the font stack falls back to the
 * system's CJK fonts. With several factors the section "maps" starts with
 * a map of all of them together when their units agree (or they are
 * combined as shares), then one map per factor for the six with most flows
 * (the page names the others).
 *
 * Every text taken from the data (ids, names, attributes, groups,
 * factors, units, the README path) is escaped for XML and HTML.
 *
 *     flow_report_options o = FLOW_REPORT_OPTIONS_INIT;
 *     const char *from[] = {"CN-SH"}, *to[] = {"CN-XJ"};
 *     o.from = from, o.from_count = 1, o.to = to, o.to_count = 1;
 *     char *html = NULL;
 *     if (flow_report_string(&html, sel, &o) == FLOW_OK) {
 *         fputs(html, f);
 *         flow_free(html);
 *     }
 *
 * Since 0.3.
 */
#ifndef LIBFLOW_REPORT_H
#define LIBFLOW_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "libflow/common.h"
#include "libflow/selection.h"

FLOW_BEGIN_DECLS

/** What flow_report_string() writes. */
enum {
    FLOW_REPORT_HTML = 0, /**< the whole report, one HTML page */
    FLOW_REPORT_SVG = 1   /**< the flow map alone, one SVG document */
};

#define FLOW_REPORT_OPTIONS_VERSION 1

/** Options of flow_report_string(); NULL means the defaults. */
typedef struct {
    unsigned int version;       /**< FLOW_REPORT_OPTIONS_VERSION */
    int what;                   /**< FLOW_REPORT_HTML (default) or _SVG */
    const char *title;          /**< page title; NULL: from the data path */
    const char *const *from;    /**< bottleneck sources: ids or group names */
    size_t from_count;          /**< 0: chosen (strongest net exporter) */
    const char *const *to;      /**< bottleneck sinks: ids or group names */
    size_t to_count;            /**< 0: chosen (strongest net importer) */
    const char *label_attr;     /**< node attribute for labels; NULL: name */
    int cluster_method;         /**< FLOW_CLUSTER_* (default LOUVAIN) */
    uint64_t seed;              /**< clusters and layout (default 1) */
    size_t max_edges;           /**< edges a map shows at most (default 300) */
    double alpha;               /**< backbone significance (default 0.05) */
    size_t top;                 /**< rows of the top-node tables (default 10) */
    size_t top_labels;          /**< labelled nodes on large maps (default 30) */
    int basemap;                /**< 1: outlines behind geographic maps (default) */
    int gravity;                /**< 1: observed vs expected flows (default); 0: off */
    int significance;           /**< 1: p-values of clusters (default); 0: off */
    int samples;                /**< null samples of each test (default 999) */
} flow_report_options;

/** The defaults. */
#define FLOW_REPORT_OPTIONS_INIT                                                              \
    {FLOW_REPORT_OPTIONS_VERSION, FLOW_REPORT_HTML, NULL, NULL, 0, NULL, 0, NULL, 1, 1, 300,  \
     0.05, 10, 30, 1, 1, 1, 999}

/**
 * Fills opts with the defaults (FLOW_REPORT_OPTIONS_INIT).
 * @param version FLOW_REPORT_OPTIONS_VERSION
 * @return FLOW_OK; FLOW_EINVAL (opts NULL or an unknown version).
 *
 * Since 0.3.
 */
FLOW_API int flow_report_options_init(flow_report_options *opts, unsigned int version);

/**
 * Draws a selection as an HTML report or an SVG flow map (see above).
 * The selection's factors, years, direction, level and combination apply
 * to every section; the per-factor maps and the per-year layers are
 * selections of their own with the same settings. Deterministic: the same
 * selection and options give the same text, byte for byte.
 *
 * @param[out] out  NUL-terminated UTF-8 text, freed with flow_free(); NULL
 *                  on failure
 * @param sel       the selection
 * @param opts      options, or NULL for the defaults
 * @return FLOW_OK; FLOW_EINVAL (out NULL, bad options: unknown `what` or
 *         cluster method, alpha outside (0, 1), max_edges 0); FLOW_ENOTFOUND
 *         (an unknown id or group in from / to, or an unknown label_attr,
 *         with a suggestion); FLOW_EMISUSE (sel NULL or freed); what the
 *         analyses it runs return; FLOW_ENOMEM.
 *
 * Since 0.3.
 */
FLOW_API int flow_report_string(char **out, flow_selection *sel, const flow_report_options *opts);

FLOW_END_DECLS

#endif /* LIBFLOW_REPORT_H */

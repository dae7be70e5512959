/*
 * main.c - flowctl's entry point: the command line, help texts, loading the
 * data and building the selection every analysis runs on.
 *
 *   flowctl COMMAND DATA [options]
 *
 * Options may come before or after DATA, as "--name value" or
 * "--name=value"; "--" ends the options. Every mistake on the command line
 * (unknown command or option, a missing or malformed value, an unknown
 * factor, measure, id or group) is a usage error: one line saying what is
 * wrong, often with the nearest valid name, then a hint pointing at the
 * command's help, and exit status 2. A data set the loader refuses exits
 * with 3 and the loader's message (file:line:column: what). Anything else
 * that fails exits with 1. flowctl never aborts: every library call is
 * checked, and running out of memory is reported like any other failure.
 */
#include "flowctl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- small helpers ----------------------------------------------------------- */

static void out_of_memory(void)
{
    fputs("flowctl: out of memory\n", stderr);
    exit(EXIT_OTHER);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) out_of_memory();
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("flowctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void hint(const char *cmd)
{
    if (cmd)
        fprintf(stderr, "try 'flowctl %s --help'\n", cmd);
    else
        fputs("try 'flowctl --help'\n", stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("flowctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    hint(cmd);
    return EXIT_USAGE;
}

int cli_library_error(const char *cmd, int rc)
{
    const char *msg = flow_last_error();
    cli_progress_end();
    cli_error("%s", msg && *msg ? msg : flow_strerror(rc));
    if (rc == FLOW_ENOTFOUND || rc == FLOW_EINVAL) {
        hint(cmd);
        return EXIT_USAGE;
    }
    return EXIT_OTHER;
}

char **cli_split(const char *s, size_t *n)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++) cap += *p == ',';
    char **list = xcalloc(cap + 1, sizeof(char *));
    size_t k = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == ',' || *p == '\0') {
            /* trim blanks around an item: "CN-BJ, CN-SH" is meant as two ids */
            const char *a = start, *b = p;
            while (a < b && (*a == ' ' || *a == '\t')) a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
            if (b > a) {
                char *item = xmalloc((size_t)(b - a) + 1);
                memcpy(item, a, (size_t)(b - a));
                item[b - a] = '\0';
                list[k++] = item;
            }
            if (*p == '\0') break;
            start = p + 1;
        }
    }
    *n = k;
    return list;
}

void cli_free_list(char **list)
{
    if (!list) return;
    for (char **p = list; *p; p++) free(*p);
    free(list);
}

/* Edit distance (case-insensitive), for "did you mean" on names that the
 * library does not check itself (commands, options, keywords). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = xcalloc(lb + 1, sizeof(size_t));
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            int ca = a[i - 1], cb = b[j - 1];
            if (ca >= 'A' && ca <= 'Z') ca += 'a' - 'A';
            if (cb >= 'A' && cb <= 'Z') cb += 'a' - 'A';
            size_t v = diag + (ca != cb);
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            if (up + 1 < v) v = up + 1;
            row[j] = v;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

/* The candidate nearest to word, when it is close enough to be a likely
 * typo (within a third of the word's length, 1 to 3 edits), else NULL. */
static const char *nearest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word);
    size_t cap = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3;
    const char *best = NULL;
    size_t best_d = cap + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i]) continue;
        size_t d = distance(word, cands[i]);
        if (d < best_d) best_d = d, best = cands[i];
    }
    return best;
}

/* ", did you mean 'x'?" or "" */
static const char *did_you_mean(char *buf, size_t size, const char *near)
{
    if (near)
        snprintf(buf, size, " (did you mean '%s'?)", near);
    else
        buf[0] = '\0';
    return buf;
}

/* ---- commands and their options ---------------------------------------------- */

enum {
    O_HELP = 1, O_FACTOR, O_YEAR, O_UNDIRECTED, O_LEVEL, O_TOP, O_SEED, O_FORMAT, O_COMBINE,
    O_NAME_ATTR, O_MEASURE, O_DAMPING, O_LENGTH, O_NORMALIZED, O_FROM, O_TO, O_WIDEST,
    O_CRITICAL, O_METHOD, O_RESOLUTION, O_COMPARE, O_ALPHA, O_EXPORT_TO, O_OUTPUT
};

/* has_arg: 0 flag, 1 required value, 2 optional value (only as --name=value) */
typedef struct {
    const char *name;
    char short_name;
    int has_arg;
    int id;
} opt_spec;

#define COMMON_OPTIONS                                                                     \
    {"help", 'h', 0, O_HELP}, {"factor", 0, 1, O_FACTOR}, {"year", 0, 1, O_YEAR},          \
        {"undirected", 0, 0, O_UNDIRECTED}, {"level", 0, 1, O_LEVEL}, {"top", 0, 1, O_TOP}, \
        {"seed", 0, 1, O_SEED}, {"format", 0, 1, O_FORMAT}, {"combine", 0, 1, O_COMBINE},  \
        {"name-attr", 0, 1, O_NAME_ATTR}

static const opt_spec summary_opts[] = {COMMON_OPTIONS, {NULL, 0, 0, 0}};
static const opt_spec centrality_opts[] = {COMMON_OPTIONS,
                                           {"measure", 0, 1, O_MEASURE},
                                           {"damping", 0, 1, O_DAMPING},
                                           {"length", 0, 1, O_LENGTH},
                                           {"normalized", 0, 0, O_NORMALIZED},
                                           {NULL, 0, 0, 0}};
static const opt_spec bottleneck_opts[] = {COMMON_OPTIONS,
                                           {"from", 0, 1, O_FROM},
                                           {"to", 0, 1, O_TO},
                                           {"widest", 0, 0, O_WIDEST},
                                           {"critical", 0, 0, O_CRITICAL},
                                           {NULL, 0, 0, 0}};
static const opt_spec cluster_opts[] = {COMMON_OPTIONS,
                                        {"method", 0, 1, O_METHOD},
                                        {"resolution", 0, 1, O_RESOLUTION},
                                        {"compare-groups", 0, 2, O_COMPARE},
                                        {NULL, 0, 0, 0}};
static const opt_spec backbone_opts[] = {COMMON_OPTIONS, {"alpha", 0, 1, O_ALPHA}, {NULL, 0, 0, 0}};
static const opt_spec export_opts[] = {{"help", 'h', 0, O_HELP},
                                       {"to", 0, 1, O_EXPORT_TO},
                                       {"output", 'o', 1, O_OUTPUT},
                                       {NULL, 0, 0, 0}};

typedef struct {
    const char *name;
    const opt_spec *opts;
    const char *summary;
    const char *help;
} command;

static const char summary_help[] =
    "Usage: flowctl summary DATA [options]\n"
    "\n"
    "Counts what the selection holds: nodes by kind, flows and total weight by\n"
    "factor and by year (raw weights, in each factor's unit), edges, density and\n"
    "reciprocity.\n"
    "\n"
    "Options:\n"
    "  --factor F, --year Y|A-B, --undirected, --level KIND, --combine sum|share\n"
    "                     choose the selection (see 'flowctl --help')\n"
    "  --format table|csv|json\n"
    "                     table: the library's text summary; json: one object;\n"
    "                     csv: the totals per factor and year (factor, unit, year,\n"
    "                     flows, weight, internal)\n"
    "\n"
    "Provenance: when the data folder (DATA, or the folder of a flows file) holds\n"
    "a README.md, the table ends with its path, and with a caution when the\n"
    "README says the flows are modelled.\n"
    "\n"
    "Examples:\n"
    "  flowctl summary data/china\n"
    "  flowctl summary data/china --factor talent --year 2020-2022 --format json\n";

static const char centrality_help[] =
    "Usage: flowctl centrality DATA [options]\n"
    "\n"
    "Ranks the nodes of the selection by one or more centrality measures, sorted\n"
    "by the first measure (largest first). Weights are strengths: more flow is a\n"
    "stronger tie.\n"
    "\n"
    "Options:\n"
    "  --measure NAME     a measure to compute (repeatable, or comma-separated);\n"
    "                     default pagerank,in_strength,out_strength,net_flow.\n"
    "                     Names: in_strength out_strength strength net_flow\n"
    "                     in_degree out_degree degree pagerank hub authority\n"
    "                     betweenness closeness harmonic eigenvector constraint\n"
    "                     participation\n"
    "  --damping D        PageRank damping, in [0, 1) (default 0.85)\n"
    "  --length inverse|unit|weight\n"
    "                     edge length of betweenness, closeness and harmonic:\n"
    "                     1/weight (default), 1 per edge, or the weight itself\n"
    "  --normalized       normalised degrees, betweenness, closeness, harmonic\n"
    "  --factor F, --year Y|A-B, --undirected, --level KIND, --combine sum|share,\n"
    "  --top N, --format table|csv|json, --name-attr ATTR\n"
    "                     as in 'flowctl --help'\n"
    "\n"
    "Output: one record per node with id, name, kind and one value per measure.\n"
    "\n"
    "Examples:\n"
    "  flowctl centrality data/china --factor technology --year 2022 --top 5\n"
    "  flowctl centrality data/china --measure pagerank --measure betweenness --level region --combine share --name-attr name_zh\n";

static const char bottleneck_help[] =
    "Usage: flowctl bottleneck DATA --from IDS --to IDS [options]\n"
    "\n"
    "The maximum flow from a set of nodes to another and the minimum cut that\n"
    "limits it: the edges from the source side to the sink side, broken down by\n"
    "factor (capacities are the selection's weights).\n"
    "\n"
    "Options:\n"
    "  --from IDS         sources: comma-separated node ids or group names\n"
    "  --to IDS           sinks: comma-separated node ids or group names\n"
    "  --widest           also the widest path (the path whose weakest edge is\n"
    "                     strongest) from the first source to the first sink\n"
    "                     (a group stands for its first member)\n"
    "  --critical         also rank nodes and edges by the flow lost when each\n"
    "                     is removed\n"
    "  --factor F, --year Y|A-B, --undirected, --level KIND, --combine sum|share,\n"
    "  --top N, --format table|csv|json, --name-attr ATTR\n"
    "                     as in 'flowctl --help'\n"
    "\n"
    "Output: the cut value and edges (source, target, factor, weight), the nodes\n"
    "on the source side; with --widest and --critical, their tables (CSV: each\n"
    "table after a blank line, with its own header).\n"
    "\n"
    "Examples:\n"
    "  flowctl bottleneck data/china --from CN-BJ,CN-SH --to CN-XJ --factor technology\n"
    "  flowctl bottleneck data/china --from yangtze-river-delta --to CN-NX --factor capital --year 2022 --widest --critical --top 5\n";

static const char cluster_help[] =
    "Usage: flowctl cluster DATA [options]\n"
    "\n"
    "Communities that the flows form, with per-cluster flow accounting: size,\n"
    "internal flow, inflow, outflow, self-containment (the share of the flow\n"
    "leaving a cluster's nodes that stays inside) and closure.\n"
    "\n"
    "Options:\n"
    "  --method leiden|louvain|infomap|walktrap|label_propagation\n"
    "                     detection method (default leiden)\n"
    "  --resolution R     modularity resolution for leiden and louvain, >= 0\n"
    "                     (default 1; larger gives more, smaller clusters)\n"
    "  --seed S           random seed (default 1): the same seed, the same result\n"
    "  --compare-groups[=G1,G2,...]\n"
    "                     compare the clusters with the declared groups (all of\n"
    "                     them, or those listed): NMI, ARI and VI for each group\n"
    "                     (its members as one cluster, every other node alone),\n"
    "                     and for the listed groups together when no node is in\n"
    "                     two of them; main_cluster is the cluster holding most\n"
    "                     of a group's members, share_in_main their share in it\n"
    "  --factor F, --year Y|A-B, --undirected, --level KIND, --combine sum|share,\n"
    "  --top N, --format table|csv|json, --name-attr ATTR\n"
    "                     as in 'flowctl --help'\n"
    "\n"
    "Output: the method, modularity, membership (node -> cluster number) and one\n"
    "record per cluster (largest first).\n"
    "\n"
    "Examples:\n"
    "  flowctl cluster data/china --factor talent --year 2022 --level region\n"
    "  flowctl cluster data/china --method infomap --combine share --compare-groups=yangtze-river-delta,greater-bay-area,chengdu-chongqing\n";

static const char backbone_help[] =
    "Usage: flowctl backbone DATA [options]\n"
    "\n"
    "The disparity-filter backbone (Serrano, Boguna, Vespignani 2009): the flows\n"
    "that are significantly strong for their source or their target, filtered\n"
    "per factor. Sorted by p-value (smallest first), then weight.\n"
    "\n"
    "Options:\n"
    "  --alpha A          significance level, in (0, 1) (default 0.05)\n"
    "  --factor F, --year Y|A-B, --undirected, --level KIND, --combine sum|share,\n"
    "  --top N, --format table|csv|json, --name-attr ATTR\n"
    "                     as in 'flowctl --help'\n"
    "\n"
    "Output: one record per backbone edge: source, target, factor, weight,\n"
    "p_value.\n"
    "\n"
    "Examples:\n"
    "  flowctl backbone data/china --factor capital --year 2022 --alpha 0.01\n";

static const char export_help[] =
    "Usage: flowctl export DATA --to FORMAT [-o FILE]\n"
    "\n"
    "Writes the whole network (every node, factor, flow and group; selection\n"
    "options do not apply) for other tools.\n"
    "\n"
    "Options:\n"
    "  --to FORMAT        json, graphml, gexf (Gephi) or dot (Graphviz); may be\n"
    "                     left out when FILE ends in one of these names\n"
    "  -o, --output FILE  the file to write (replaced whole, never half-written);\n"
    "                     standard output when not given\n"
    "\n"
    "Examples:\n"
    "  flowctl export data/china --to gexf -o china.gexf\n"
    "  flowctl export data/china --to json\n";

static const command commands[] = {
    {"summary", summary_opts, "nodes, flows and weights by kind, factor and year", summary_help},
    {"centrality", centrality_opts, "rank nodes: pagerank, strengths, net flow, betweenness...",
     centrality_help},
    {"bottleneck", bottleneck_opts, "minimum cut between node sets, widest path, critical nodes",
     bottleneck_help},
    {"cluster", cluster_opts, "communities of flows, compared with declared groups", cluster_help},
    {"backbone", backbone_opts, "the significant flows (disparity filter)", backbone_help},
    {"export", export_opts, "write the network as JSON, GraphML, GEXF or DOT", export_help},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_global_help(FILE *f)
{
    fprintf(f,
            "flowctl %s - analyse innovation-factor flow networks with libflow\n"
            "\n"
            "Usage: flowctl COMMAND DATA [options]\n"
            "       flowctl help COMMAND    (or: flowctl COMMAND --help)\n"
            "       flowctl --version\n"
            "\n"
            "DATA is a data set folder (flows.csv, and optional nodes.csv and\n"
            "groups.csv) or a flows CSV file.\n"
            "\n"
            "Commands:\n",
            flow_version());
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Selection (every command but export):\n"
          "  --factor F         keep factor F (repeatable; default: every factor)\n"
          "  --year Y | A-B     keep the flows of year Y, or of years A to B\n"
          "  --undirected       sum both directions of every pair of nodes\n"
          "  --level KIND       roll nodes up to their ancestor of this kind (region)\n"
          "  --combine sum|share\n"
          "                     add raw weights (default), or each factor's shares of\n"
          "                     its total (to mix persons and yuan)\n"
          "Output:\n"
          "  --format table|csv|json\n"
          "                     aligned table (default), CSV, or one JSON object\n"
          "  --top N            rows of a ranking shown (default 20 in tables, all\n"
          "                     in csv and json; 0 shows all); cuts, paths and\n"
          "                     memberships are always shown whole\n"
          "  --name-attr ATTR   show the node attribute ATTR as the name (name_zh)\n"
          "  --seed S           seed of the random methods (default 1)\n"
          "\n"
          "Exit status: 0 success, 1 failure, 2 usage error, 3 bad data.\n"
          "Progress is shown on standard error when it is a terminal. Notes go to\n"
          "standard error too (the output stays clean): when centrality, bottleneck\n"
          "or cluster add the raw weights of factors in different units, and when\n"
          "no flow matches --year.\n"
          "\n"
          "Examples:\n"
          "  flowctl summary data/china\n"
          "  flowctl centrality data/china --factor technology --year 2022 --top 5\n"
          "  flowctl bottleneck data/china --from CN-BJ,CN-SH --to CN-XJ --factor technology\n"
          "  flowctl cluster data/china --factor talent --level region --compare-groups\n"
          "  flowctl backbone data/china --factor technology --year 2016-2018\n"
          "  flowctl export data/china --to graphml -o china.graphml\n",
          f);
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    const char *names[NCOMMANDS];
    char buf[128];
    for (size_t i = 0; i < NCOMMANDS; i++) names[i] = commands[i].name;
    return cli_usage_error(NULL, "unknown command '%s'%s", name,
                           did_you_mean(buf, sizeof buf, nearest(name, names, NCOMMANDS)));
}

/* ---- parsing values ------------------------------------------------------------- */

static int parse_int(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

/* "2022", "2018-2022" (and negative years: "-50--20"). */
static int parse_years(const char *s, int *first, int *last)
{
    char *end;
    errno = 0;
    long a = strtol(s, &end, 10);
    if (end == s || errno) return -1;
    long b = a;
    if (*end == '-') {
        const char *t = end + 1;
        errno = 0;
        b = strtol(t, &end, 10);
        if (end == t || errno) return -1;
    }
    if (*end || a < -9999 || a > 9999 || b < -9999 || b > 9999 || a > b) return -1;
    *first = (int)a;
    *last = (int)b;
    return 0;
}

static int keyword(const char *cmd, const char *opt, const char *value,
                   const char *const *words, size_t n, int *out)
{
    char buf[128], list[256] = "";
    for (size_t i = 0; i < n; i++) {
        if (strcmp(words[i], value) == 0) {
            *out = (int)i;
            return 0;
        }
        strncat(list, i ? "|" : "", sizeof list - strlen(list) - 1);
        strncat(list, words[i], sizeof list - strlen(list) - 1);
    }
    cli_usage_error(cmd, "--%s must be %s, not '%s'%s", opt, list, value,
                    did_you_mean(buf, sizeof buf, nearest(value, words, n)));
    return -1;
}

static void add_item(const char ***list, size_t *n, const char *item)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], item) == 0) return; /* asked twice: once is enough */
    *list = xrealloc((void *)*list, (*n + 1) * sizeof(char *));
    (*list)[(*n)++] = item;
}

/* Strings made while parsing (split measure lists), freed at exit. */
static char **owned;
static size_t nowned;

static const char *keep(char *s)
{
    owned = xrealloc(owned, (nowned + 1) * sizeof(char *));
    owned[nowned++] = s;
    return s;
}

/* Applies one option. Returns 0, or an exit status. */
static int apply(cli_options *o, const command *c, const opt_spec *spec, const char *value,
                 unsigned char *seen)
{
    const char *cmd = c->name;
    const char *name = spec->name;
    long long v;
    double d;
    static const char *const formats[] = {"table", "csv", "json"};
    static const char *const combines[] = {"sum", "share"};
    static const char *const lengths[] = {"inverse", "unit", "weight"};

    /* Options that take one value may be given once; the repeatable ones are
     * --factor and --measure. */
    if (spec->id != O_FACTOR && spec->id != O_MEASURE && spec->id != O_HELP) {
        if (seen[spec->id])
            return cli_usage_error(cmd, "option '--%s' given twice%s", name,
                                   spec->id == O_YEAR ? "; use --year A-B for a range" : "");
        seen[spec->id] = 1;
    }
    switch (spec->id) {
    case O_FACTOR: {
        size_t n;
        char **items = cli_split(value, &n);
        for (size_t i = 0; i < n; i++) add_item(&o->factors, &o->nfactors, keep(items[i]));
        free(items);
        if (n == 0) return cli_usage_error(cmd, "--factor needs a factor name");
        break;
    }
    case O_YEAR:
        if (parse_years(value, &o->year_first, &o->year_last) < 0)
            return cli_usage_error(cmd,
                                   "--year must be a year (2022) or a range (2018-2022) "
                                   "within -9999..9999, not '%s'",
                                   value);
        break;
    case O_UNDIRECTED: o->undirected = 1; break;
    case O_LEVEL: o->level = value; break;
    case O_TOP:
        if (parse_int(value, 0, 1000000000000LL, &v) < 0)
            return cli_usage_error(cmd, "--top must be a whole number >= 0, not '%s'", value);
        o->top = (size_t)v;
        o->top_given = 1;
        break;
    case O_SEED: {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(value, &end, 10);
        if (end == value || *end || errno || value[0] == '-' || value[0] == '+')
            return cli_usage_error(cmd, "--seed must be a whole number >= 0, not '%s'", value);
        o->seed = (uint64_t)s;
        break;
    }
    case O_FORMAT:
        if (keyword(cmd, name, value, formats, 3, &o->format) < 0) return EXIT_USAGE;
        break;
    case O_COMBINE:
        if (keyword(cmd, name, value, combines, 2, &o->combine) < 0) return EXIT_USAGE;
        o->combine = o->combine ? FLOW_COMBINE_SHARE : FLOW_COMBINE_SUM;
        break;
    case O_NAME_ATTR: o->name_attr = value; break;
    case O_MEASURE: {
        size_t n;
        char **items = cli_split(value, &n);
        if (n == 0) {
            free(items);
            return cli_usage_error(cmd, "--measure needs a measure name");
        }
        for (size_t i = 0; i < n; i++) {
            if (flow_registry_lookup("centrality", items[i]) < 0) {
                int rc = cli_usage_error(cmd, "%s", flow_last_error());
                cli_free_list(items);
                return rc;
            }
        }
        for (size_t i = 0; i < n; i++) add_item(&o->measures, &o->nmeasures, keep(items[i]));
        free(items);
        break;
    }
    case O_DAMPING:
        if (parse_double(value, &d) < 0 || d < 0 || d >= 1)
            return cli_usage_error(cmd, "--damping must be a number in [0, 1), not '%s'", value);
        o->damping = d;
        break;
    case O_LENGTH:
        if (keyword(cmd, name, value, lengths, 3, &o->length) < 0) return EXIT_USAGE;
        o->length = o->length == 0 ? FLOW_LENGTH_INVERSE
                    : o->length == 1 ? FLOW_LENGTH_UNIT
                                     : FLOW_LENGTH_WEIGHT;
        break;
    case O_NORMALIZED: o->normalized = 1; break;
    case O_FROM: o->from = value; break;
    case O_TO: o->to = value; break;
    case O_WIDEST: o->widest = 1; break;
    case O_CRITICAL: o->critical = 1; break;
    case O_METHOD: {
        /* the library's message names the known methods */
        if (flow_registry_lookup("cluster", value) < 0)
            return cli_usage_error(cmd, "%s", flow_last_error());
        o->method = value;
        break;
    }
    case O_RESOLUTION:
        if (parse_double(value, &d) < 0 || d < 0)
            return cli_usage_error(cmd, "--resolution must be a number >= 0, not '%s'", value);
        o->resolution = d;
        break;
    case O_COMPARE:
        o->compare_groups = 1;
        o->compare_list = value; /* NULL: every declared group */
        if (value && !*value)
            return cli_usage_error(cmd, "--compare-groups= needs group names after '='");
        break;
    case O_ALPHA:
        if (parse_double(value, &d) < 0 || d <= 0 || d >= 1)
            return cli_usage_error(cmd, "--alpha must be a number in (0, 1), not '%s'", value);
        o->alpha = d;
        break;
    case O_EXPORT_TO: o->export_to = value; break;
    case O_OUTPUT: o->output = value; break;
    default: break;
    }
    return 0;
}

/* The command that has an option of this name, if the current one has not:
 * "--widest" given to centrality is better answered with where it lives. */
static const char *owner_of(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        for (const opt_spec *s = commands[i].opts; s->name; s++)
            if (strcmp(s->name, name) == 0) return commands[i].name;
    return NULL;
}

static int unknown_option(const command *c, const char *arg, const char *name)
{
    const char *names[64];
    size_t n = 0;
    char buf[128];
    for (const opt_spec *s = c->opts; s->name && n < 64; s++) names[n++] = s->name;
    const char *near = nearest(name, names, n);
    const char *owner = owner_of(name);
    if (!near && owner)
        return cli_usage_error(c->name, "unknown option '%s' (it is an option of 'flowctl %s')",
                               arg, owner);
    if (near) {
        snprintf(buf, sizeof buf, " (did you mean '--%s'?)", near);
        return cli_usage_error(c->name, "unknown option '%s'%s", arg, buf);
    }
    return cli_usage_error(c->name, "unknown option '%s'", arg);
}

/* Parses argv[first..] for command c. Returns -1 to go on, or an exit
 * status (0 after printing help). */
static int parse(cli_options *o, const command *c, int argc, char **argv, int first)
{
    unsigned char seen[O_OUTPUT + 1] = {0};
    int only_positional = 0;

    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (only_positional || arg[0] != '-' || arg[1] == '\0') {
            if (o->data)
                return cli_usage_error(c->name, "unexpected argument '%s' (DATA is already '%s')",
                                       arg, o->data);
            o->data = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        const opt_spec *spec = NULL;
        const char *value = NULL;
        int attached = 0; /* value given with '=' or glued to a short option */
        if (arg[1] == '-') {
            char name[64];
            const char *eq = strchr(arg + 2, '=');
            size_t len = eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
            if (len >= sizeof name) len = sizeof name - 1;
            memcpy(name, arg + 2, len);
            name[len] = '\0';
            for (const opt_spec *s = c->opts; s->name; s++)
                if (strcmp(s->name, name) == 0) spec = s;
            if (!spec) return unknown_option(c, arg, name);
            if (eq) value = eq + 1, attached = 1;
        } else {
            for (const opt_spec *s = c->opts; s->name; s++)
                if (s->short_name && s->short_name == arg[1]) spec = s;
            if (!spec) {
                char name[2] = {arg[1], '\0'};
                return unknown_option(c, arg, name);
            }
            if (arg[2]) {
                if (!spec->has_arg)
                    return cli_usage_error(c->name, "unknown option '%s'", arg);
                value = arg + 2, attached = 1;
            }
        }
        if (spec->id == O_HELP) {
            fputs(c->help, stdout);
            return EXIT_OK;
        }
        if (spec->has_arg == 0 && attached)
            return cli_usage_error(c->name, "option '--%s' takes no value", spec->name);
        if (spec->has_arg == 1 && !attached) {
            if (i + 1 >= argc)
                return cli_usage_error(c->name, "option '--%s' needs a value", spec->name);
            value = argv[++i];
        }
        int rc = apply(o, c, spec, value, seen);
        if (rc) return rc;
    }
    if (!o->data)
        return cli_usage_error(c->name, "missing DATA (a data set folder or a flows CSV file)");
    return -1;
}

/* ---- progress ---------------------------------------------------------------------- */

static const char *progress_label;
static int progress_shown;
static int progress_last = -1; /* last whole percent written */
static char progress_message[48];

static int on_progress(double percent, const char *message, void *payload)
{
    (void)payload;
    if (!(percent >= 0)) percent = 0;
    if (percent > 100) percent = 100;
    if (!message) message = "";
    /* a terminal line per whole percent is plenty (betweenness reports once
     * per vertex) */
    if ((int)percent == progress_last && strncmp(message, progress_message, 40) == 0) return 0;
    progress_last = (int)percent;
    snprintf(progress_message, sizeof progress_message, "%s", message);
    fprintf(stderr, "\r%s: %3d%% %-40.40s", progress_label, progress_last, message);
    fflush(stderr);
    progress_shown = 1;
    return 0;
}

void cli_progress_start(cli_context *ctx, const char *label)
{
    progress_label = label;
    progress_last = -1;
    if (isatty(STDERR_FILENO)) flow_selection_set_progress(ctx->sel, on_progress, NULL);
}

void cli_progress_end(void)
{
    if (progress_shown) {
        /* wipe the progress line */
        fprintf(stderr, "\r%*s\r", 80, "");
        fflush(stderr);
        progress_shown = 0;
    }
}

/* ---- nodes and the selection ----------------------------------------------------------- */

const char *cli_node_id(const cli_context *ctx, int64_t node)
{
    const char *s = node >= 0 ? flow_network_node_id(ctx->net, (size_t)node) : NULL;
    return s ? s : "";
}

const char *cli_node_name(const cli_context *ctx, int64_t node)
{
    if (node < 0) return "";
    if (ctx->name_attr >= 0) {
        size_t a = (size_t)ctx->name_attr;
        if (flow_network_attr_is_numeric(ctx->net, a)) {
            /* a numeric attribute as a name: formatted once per call into a
             * small ring of buffers, enough for a row's cells */
            static char ring[4][64];
            static int next;
            double x = flow_network_node_number(ctx->net, (size_t)node, a);
            if (!isnan(x)) {
                char *b = ring[next++ % 4];
                cli_format_number(b, sizeof ring[0], x);
                return b;
            }
        } else {
            const char *t = flow_network_node_text(ctx->net, (size_t)node, a);
            if (t && *t) return t;
        }
    }
    const char *s = flow_network_node_name(ctx->net, (size_t)node);
    return s ? s : cli_node_id(ctx, node);
}

const char *cli_node_kind(const cli_context *ctx, int64_t node)
{
    const char *s = node >= 0 ? flow_network_node_kind(ctx->net, (size_t)node) : NULL;
    return s ? s : "";
}

size_t cli_top(const cli_options *opt)
{
    if (opt->top_given) return opt->top;
    return opt->format == FMT_TABLE ? 20 : 0;
}

void cli_describe_selection(const cli_context *ctx, char *buf, size_t size)
{
    const cli_options *o = ctx->opt;
    size_t n = 0;
#define ADD(...)                                                             \
    do {                                                                     \
        if (n < size) n += (size_t)snprintf(buf + n, size - n, __VA_ARGS__); \
    } while (0)
    if (o->nfactors == 0) {
        ADD("all factors");
    } else {
        for (size_t i = 0; i < o->nfactors; i++) ADD("%s%s", i ? "+" : "", o->factors[i]);
    }
    if (o->year_first == FLOW_NO_YEAR)
        ADD(", all years");
    else if (o->year_first == o->year_last)
        ADD(", %d", o->year_first);
    else
        ADD(", %d-%d", o->year_first, o->year_last);
    ADD(", %s", o->undirected ? "undirected" : "directed");
    if (o->level) ADD(", level %s", o->level);
    if (o->combine == FLOW_COMBINE_SHARE) ADD(", shares combined");
    ADD(", %zu nodes", flow_selection_node_count(ctx->sel));
#undef ADD
}

void cli_json_selection(const cli_context *ctx, jw *w)
{
    const cli_options *o = ctx->opt;
    jw_key(w, "selection");
    jw_object(w);
    jw_key(w, "data");
    jw_string(w, o->data);
    jw_key(w, "factors");
    jw_inline_array(w);
    if (o->nfactors) {
        for (size_t i = 0; i < o->nfactors; i++) jw_string(w, o->factors[i]);
    } else {
        for (size_t f = 0; f < flow_network_factor_count(ctx->net); f++)
            jw_string(w, flow_network_factor_name(ctx->net, f));
    }
    jw_end_array(w);
    jw_key(w, "years");
    if (o->year_first == FLOW_NO_YEAR) {
        jw_null(w);
    } else {
        jw_inline_array(w);
        jw_int(w, o->year_first);
        jw_int(w, o->year_last);
        jw_end_array(w);
    }
    jw_key(w, "directed");
    jw_bool(w, !o->undirected);
    jw_key(w, "level");
    jw_string(w, o->level);
    jw_key(w, "combine");
    jw_string(w, o->combine == FLOW_COMBINE_SHARE ? "share" : "sum");
    jw_key(w, "nodes");
    jw_int(w, (long long)flow_selection_node_count(ctx->sel));
    jw_key(w, "edges");
    jw_int(w, (long long)flow_selection_edge_count(ctx->sel));
    jw_end_object(w);
}

/* ---- running a command ---------------------------------------------------------------- */

static int load(const char *path, flow_network **net)
{
    int rc = flow_io_load(net, path);
    if (rc == FLOW_OK) return EXIT_OK;
    cli_error("%s", *flow_last_error() ? flow_last_error() : flow_strerror(rc));
    switch (rc) {
    case FLOW_EPARSE:
    case FLOW_ENOTFOUND:
    case FLOW_ELIMIT:
    case FLOW_EIO:
    case FLOW_EINVAL: return EXIT_DATA;
    default: return EXIT_OTHER;
    }
}

static int resolve_name_attr(cli_context *ctx)
{
    const char *attr = ctx->opt->name_attr;
    ctx->name_attr = -1;
    if (!attr || strcmp(attr, "name") == 0) return EXIT_OK;
    ctx->name_attr = flow_network_attr_index(ctx->net, attr);
    if (ctx->name_attr >= 0) return EXIT_OK;

    size_t n = flow_network_attr_count(ctx->net);
    const char **names = xcalloc(n + 1, sizeof(char *));
    char list[512] = "", buf[160];
    for (size_t a = 0; a < n; a++) {
        names[a] = flow_network_attr_name(ctx->net, a);
        if (strlen(list) + strlen(names[a]) + 3 < sizeof list) {
            strcat(list, a ? ", " : "");
            strcat(list, names[a]);
        }
    }
    did_you_mean(buf, sizeof buf, nearest(attr, names, n));
    free(names);
    return cli_usage_error(ctx->opt->cmd, "unknown node attribute '%s'%s; attributes: %s", attr,
                           buf, n ? list : "(none)");
}

static int make_selection(cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    const char *cmd = o->cmd;
    int rc = flow_selection_new(&ctx->sel, ctx->net);
    if (rc == FLOW_OK && o->nfactors) {
        rc = flow_selection_set_factors(ctx->sel, o->factors, o->nfactors);
        if (rc == FLOW_ENOTFOUND) {
            /* name the factors there are: a data set has few */
            char list[512] = "";
            for (size_t f = 0; f < flow_network_factor_count(ctx->net); f++) {
                const char *name = flow_network_factor_name(ctx->net, f);
                if (strlen(list) + strlen(name) + 3 >= sizeof list) break;
                strcat(list, f ? ", " : "");
                strcat(list, name);
            }
            return cli_usage_error(cmd, "%s; factors: %s", flow_last_error(),
                                   *list ? list : "(none)");
        }
    }
    if (rc == FLOW_OK && o->year_first != FLOW_NO_YEAR)
        rc = flow_selection_set_years(ctx->sel, o->year_first, o->year_last);
    if (rc == FLOW_OK) rc = flow_selection_set_directed(ctx->sel, !o->undirected);
    if (rc == FLOW_OK && o->level) rc = flow_selection_set_level(ctx->sel, o->level);
    if (rc == FLOW_OK) rc = flow_selection_set_combine(ctx->sel, o->combine);
    if (rc != FLOW_OK) return cli_library_error(cmd, rc);
    rc = flow_selection_build(ctx->sel);
    if (rc != FLOW_OK) return cli_library_error(cmd, rc);
    return EXIT_OK;
}

/* ---- notes on the selection ------------------------------------------------------------ */

/* Does the command add the raw weights of the selection's factors into one
 * weight? summary gives each factor in its own unit and backbone filters each
 * factor on its own graph; degrees count edges, and unit lengths make paths
 * ignore weights. */
static int adds_weights(const cli_options *o)
{
    if (strcmp(o->cmd, "bottleneck") == 0 || strcmp(o->cmd, "cluster") == 0) return 1;
    if (strcmp(o->cmd, "centrality") != 0) return 0;
    if (o->nmeasures == 0) return 1; /* the defaults: pagerank and strengths */
    for (size_t m = 0; m < o->nmeasures; m++) {
        int id = flow_registry_lookup("centrality", o->measures[m]);
        int degree = id == FLOW_IN_DEGREE || id == FLOW_OUT_DEGREE || id == FLOW_DEGREE;
        int path = id == FLOW_BETWEENNESS || id == FLOW_CLOSENESS || id == FLOW_HARMONIC;
        if (!degree && !(path && o->length == FLOW_LENGTH_UNIT)) return 1;
    }
    return 0;
}

/* "no flow matches the selection (years ...)", with the years the selected
 * factors' flows do have. */
static void no_flow_note(const cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    size_t nf = flow_network_factor_count(ctx->net);
    char *keep = xcalloc(nf, 1), asked[32], dated[32];
    for (size_t f = 0; f < nf; f++) keep[f] = o->nfactors == 0;
    for (size_t i = 0; i < o->nfactors; i++) {
        int64_t f = flow_network_factor_index(ctx->net, o->factors[i]);
        if (f >= 0) keep[f] = 1;
    }
    int lo = 0, hi = 0, found = 0;
    for (size_t k = 0; k < flow_network_flow_count(ctx->net); k++) {
        int64_t f = flow_network_flow_factor(ctx->net, k);
        int y = flow_network_flow_year(ctx->net, k);
        if (f < 0 || !keep[f] || y == FLOW_NO_YEAR) continue;
        if (!found || y < lo) lo = y;
        if (!found || y > hi) hi = y;
        found = 1;
    }
    free(keep);
    if (o->year_first == o->year_last)
        snprintf(asked, sizeof asked, "%d", o->year_first);
    else
        snprintf(asked, sizeof asked, "%d-%d", o->year_first, o->year_last);
    const char *whose = o->nfactors ? "the selected factors' flows" : "the flows";
    if (!found) {
        cli_error("note: no flow matches the selection (years %s; none of %s has a year)", asked,
                  whose);
        return;
    }
    if (lo == hi)
        snprintf(dated, sizeof dated, "%d", lo);
    else
        snprintf(dated, sizeof dated, "%d-%d", lo, hi);
    cli_error("note: no flow matches the selection (years %s; %s are dated %s)", asked, whose,
              dated);
}

/* Notes on standard error after a successful analysis, whether or not it
 * is a terminal (the output itself stays clean): a --year that keeps no
 * flow, and raw weights of factors in different units added together. */
static void selection_notes(const cli_context *ctx)
{
    const cli_options *o = ctx->opt;
    flow_table *t = NULL;
    flow_selection_set_progress(ctx->sel, NULL, NULL); /* the progress line is gone */
    if (flow_structure_totals(&t, ctx->sel) != FLOW_OK) {
        flow_error_clear(); /* the analysis ran; a note is not worth a failure */
        return;
    }
    fflush(stdout); /* the notes after the results, also when both go to one file */
    size_t rows = flow_table_row_count(t);
    const char *const *factor = flow_table_texts(t, (size_t)flow_table_column_index(t, "factor"));
    const int64_t *flows = flow_table_ints(t, (size_t)flow_table_column_index(t, "flows"));
    if (rows == 0 && o->year_first != FLOW_NO_YEAR) no_flow_note(ctx);
    if (rows > 0 && o->combine == FLOW_COMBINE_SUM && adds_weights(o)) {
        /* the distinct units of the factors that have flows, in factor order
         * (totals rows are sorted by factor); no unit is a unit of its own */
        size_t nf = flow_network_factor_count(ctx->net), nu = 0;
        const char **units = xcalloc(nf, sizeof(char *));
        for (size_t r = 0; r < rows; r++) {
            int64_t f = flow_network_factor_index(ctx->net, factor[r]);
            if (f < 0 || flows[r] == 0) continue;
            const char *u = flow_network_factor_unit(ctx->net, (size_t)f);
            if (!u || !*u) u = "no unit";
            size_t i = 0;
            while (i < nu && strcmp(units[i], u) != 0) i++;
            if (i == nu && nu < nf) units[nu++] = u;
        }
        if (nu > 1) {
            char list[512] = "";
            for (size_t i = 0; i < nu; i++) {
                strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, units[i], sizeof list - strlen(list) - 1);
            }
            cli_error("note: adding weights in different units (%s); choose one --factor, or "
                      "--combine share",
                      list);
        }
        free(units);
    }
    flow_table_free(t);
}

static int run(const command *c, cli_options *o)
{
    cli_context ctx = {o, NULL, NULL, -1};
    int status = load(o->data, &ctx.net);
    if (status != EXIT_OK) return status;

    if (strcmp(c->name, "export") == 0) {
        status = cmd_export(o, ctx.net);
        flow_network_free(ctx.net);
        return status;
    }
    status = resolve_name_attr(&ctx);
    if (status == EXIT_OK) status = make_selection(&ctx);
    if (status == EXIT_OK) {
        if (strcmp(c->name, "summary") == 0)
            status = cmd_summary(&ctx);
        else if (strcmp(c->name, "centrality") == 0)
            status = cmd_centrality(&ctx);
        else if (strcmp(c->name, "bottleneck") == 0)
            status = cmd_bottleneck(&ctx);
        else if (strcmp(c->name, "cluster") == 0)
            status = cmd_cluster(&ctx);
        else
            status = cmd_backbone(&ctx);
    }
    cli_progress_end();
    if (status == EXIT_OK) selection_notes(&ctx);
    flow_selection_free(ctx.sel);
    flow_network_free(ctx.net);
    return status;
}

int main(int argc, char **argv)
{
    cli_options o;
    memset(&o, 0, sizeof o);
    o.year_first = o.year_last = FLOW_NO_YEAR;
    o.combine = FLOW_COMBINE_SUM;
    o.format = FMT_TABLE;
    o.seed = 1;
    o.damping = 0.85;
    o.length = FLOW_LENGTH_INVERSE;
    o.method = "leiden";
    o.resolution = 1.0;
    o.alpha = 0.05;

    if (argc < 2) {
        fputs("Usage: flowctl COMMAND DATA [options]\n", stderr);
        hint(NULL);
        return EXIT_USAGE;
    }
    const char *first = argv[1];
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        print_global_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
        printf("flowctl %s (libflow %s)\n", FLOW_VERSION_STRING, flow_version());
        return EXIT_OK;
    }
    if (strcmp(first, "help") == 0) {
        if (argc < 3) {
            print_global_help(stdout);
            return EXIT_OK;
        }
        if (argc > 3) return cli_usage_error(NULL, "'help' takes one command name");
        const command *c = find_command(argv[2]);
        if (!c) return unknown_command(argv[2]);
        fputs(c->help, stdout);
        return EXIT_OK;
    }
    if (first[0] == '-') {
        /* a global option flowctl does not have, or options before the command */
        return cli_usage_error(NULL, "unknown option '%s' (the command comes first: "
                                     "flowctl COMMAND DATA [options])",
                               first);
    }
    const command *c = find_command(first);
    if (!c) return unknown_command(first);
    o.cmd = c->name;

    int status = parse(&o, c, argc, argv, 2);
    if (status < 0) status = run(c, &o);

    /* Output that could not be written is a failure, not a silent success
     * (a full disk, a closed pipe). */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno != EPIPE) cli_error("cannot write the output: %s", strerror(errno));
        if (status == EXIT_OK) status = EXIT_OTHER;
    }
    for (size_t i = 0; i < nowned; i++) free(owned[i]);
    free(owned);
    free((void *)o.factors);
    free((void *)o.measures);
    return status;
}

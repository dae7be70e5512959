/*
 * flowctl.h - shared declarations of the flowctl command-line tool.
 *
 * flowctl is built only on libflow's public API (<libflow.h>) and the C
 * library, so it shows the library as a user sees it. Its shape is git's
 * builtin/ one: every subcommand is one file that owns its options, its
 * help and its run function, and exports one descriptor; the rest is
 * generic.
 *   main.c        entry point: global help, --version, finding the command,
 *                 the option parser driven by the descriptors' option
 *                 specs, loading the data, building the selection, exit
 *                 statuses
 *   commands.c    the table of commands and the options every analysis
 *                 shares (selection and output)
 *   cmd_*.c       one file per subcommand
 *   render.c      the one renderer: any result (flow_table, or several
 *                 joined into a view) as aligned text, CSV or JSON
 *   notes.c       notes on standard error after an analysis (units added,
 *                 no flow in the years asked for)
 *   util.c        allocation, messages, lists, "did you mean", progress
 *   output.c      the JSON writer, number formatting, CSV fields
 *   width.c       display width of UTF-8 text (wide CJK = 2 columns)
 */
#ifndef FLOWCTL_H
#define FLOWCTL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libflow.h>

/* Exit statuses (DESIGN section 5). */
enum { EXIT_OK = 0, EXIT_OTHER = 1, EXIT_USAGE = 2, EXIT_DATA = 3 };

/* Output formats (--format). */
enum { FMT_TABLE = 0, FMT_CSV = 1, FMT_JSON = 2 };

/* ---- option specs ---------------------------------------------------------- */

/* Values an option spec fills in, at `offset` in the command's options
 * struct (or in cli_common for the shared options). */
typedef struct {
    const char **items; /* NULL-free list, duplicates dropped */
    size_t n;
} cli_list;

typedef struct {
    int first, last; /* FLOW_NO_YEAR when not given */
} cli_years;

typedef struct {
    int given;         /* the option was on the command line */
    const char *value; /* "--name=VALUE"; NULL for a bare "--name" */
} cli_optional;

/* What an option takes and where it goes (the C type of the field). */
enum {
    OPT_FLAG,          /* int: 1 when given */
    OPT_TEXT,          /* const char *: any text */
    OPT_LIST,          /* cli_list: repeatable, comma-separated */
    OPT_COUNT,         /* long long: a whole number >= 0; -1 when not given */
    OPT_SEED,          /* uint64_t: a whole number >= 0 */
    OPT_NUMBER,        /* double within [lo, hi] (see bounds) */
    OPT_YEARS,         /* cli_years: "2022" or "2018-2022" */
    OPT_CHOICE,        /* int: the index of the value in choices "a|b|c" */
    OPT_REGISTRY,      /* int: the enum value of a name of registry family
                        * `choices`; -1 when not given */
    OPT_REGISTRY_LIST, /* cli_list: names of registry family `choices`,
                        * repeatable, comma-separated */
    OPT_OPTIONAL,      /* cli_optional: "--name" or "--name=VALUE" */
    OPT_SIZE           /* uint64_t: bytes, "N" or "N" with K, M, G or T (powers of
                        * 1024), at most `hi` when hi > 0; UINT64_MAX when not
                        * given */
};

/* OPT_NUMBER bounds. */
enum { NUM_LO_OPEN = 1, NUM_HI_OPEN = 2, NUM_NO_HI = 4 };

/* Option flags. */
enum {
    OPTF_OUTPUT = 1, /* listed under "Output" in the global help */
    OPTF_LIMIT = 2   /* a data limit (cli_limits): its default is the library's */
};

/* One option: the parser, the help and the defaults all come from here. */
typedef struct {
    const char *name;    /* long name, without "--"; NULL ends a spec */
    char short_name;     /* or 0 */
    int kind;            /* OPT_* */
    size_t offset;       /* of the field in the options struct */
    const char *def;     /* default, as it would be typed; NULL: none */
    const char *arg;     /* the value's placeholder in the help ("N") */
    const char *help;    /* help text; '\n' starts another line */
    const char *choices; /* OPT_CHOICE: "a|b|c"; OPT_REGISTRY*: the family */
    double lo, hi;       /* OPT_NUMBER range */
    int bounds;          /* OPT_NUMBER: NUM_* */
    int flags;           /* OPTF_* */
} cli_option;

/* The options every analysis command takes (commands.c): which part of the
 * network it runs on, and how its result is written. */
typedef struct {
    /* selection */
    cli_list factors;
    cli_years years;
    int undirected;
    const char *level;
    int combine; /* FLOW_COMBINE_SUM or FLOW_COMBINE_SHARE */
    int layer;                  /* FLOW_LAYER_*; -1: not given (observed) */
    const char *layer_distance; /* the layer's gravity model: lat_lon, none or a file */
    /* counterfactual (flow_selection_set_counterfactual()) */
    cli_list without;          /* node ids */
    cli_list without_group;    /* groups */
    cli_list without_corridor; /* "A:B" items */
    cli_list with_flows;       /* flow files or data folders */
    /* output */
    int format;            /* FMT_* */
    long long top;         /* -1: not given */
    const char *name_attr; /* NULL: the node's name */
    const char *sort;      /* NULL: the command's order */
    int ascending;
    const char *part;       /* NULL: the main table */
    const char *output_dir; /* -o DIR: CSV files there */
} cli_common;

extern const cli_option cli_common_options[];

/* The limits of loading DATA (flow_io_options), taken by every command
 * (commands.c). Not given: UINT64_MAX (sizes), -1 (counts). */
typedef struct {
    uint64_t max_file_size, max_field;
    long long max_nodes, max_flows;
} cli_limits;

extern const cli_option cli_limit_options[];

/* The flow_io_options of the limits given (the library's defaults for the
 * others). */
void cli_io_options(const cli_limits *l, flow_io_options *o);
/* Reports a failed load (flow_last_error(), with the library's option
 * names given as flowctl's: "(--max-flows)") and returns its exit status:
 * 3 for the data (bad, missing, unreadable, past a limit), 1 for the rest
 * (out of memory). */
int cli_load_error(int rc);

/* ---- commands ---------------------------------------------------------------- */

typedef struct cli_context cli_context;

/* Command flags. */
enum {
    CMD_SELECTION = 1, /* runs on a selection: takes the shared options */
    CMD_PER_YEAR = 2   /* runs each year on its own (trend): the selection is
                        * not built whole, so a stock factor over a year
                        * range is not refused */,
    CMD_OWN_DATA = 4   /* loads DATA itself (ctx->net is NULL) and takes a second
                        * argument, ctx->target (flowctl convert IN OUT) */
};

/* A subcommand (cmd_<name>.c exports one as cli_cmd_<name>). */
typedef struct {
    const char *name;
    const char *summary;        /* one line for the global help */
    const char *usage;          /* what follows "flowctl NAME " */
    const char *about;          /* what it does, a paragraph */
    const char *output;         /* what its result holds */
    const char *examples;       /* "flowctl ..." lines, '\n'-separated */
    const cli_option *options;  /* its own options, ended by a NULL name */
    size_t options_size;        /* sizeof its options struct */
    int flags;                  /* CMD_* */
    /* Runs the command on ctx with its parsed options; returns an exit
     * status. */
    int (*run)(cli_context *ctx, const void *options);
} cli_command;

extern const cli_command *const cli_commands[];
extern const size_t cli_command_count;

extern const cli_command cli_cmd_summary, cli_cmd_centrality, cli_cmd_bottleneck,
    cli_cmd_cluster, cli_cmd_backbone, cli_cmd_export;
extern const cli_command cli_cmd_gravity;
extern const cli_command cli_cmd_significance;
extern const cli_command cli_cmd_trend, cli_cmd_compare;
extern const cli_command cli_cmd_convert;
extern const cli_command cli_cmd_report, cli_cmd_draw;

/* What a command runs on. */
struct cli_context {
    const cli_command *cmd;
    const char *data;         /* the DATA argument */
    const char *target;       /* CMD_OWN_DATA: the second argument, or NULL */
    const cli_common *common; /* shared options (defaults for export) */
    const cli_limits *limits; /* --max-file-size, --max-field, --max-nodes, --max-flows */
    flow_network *net;
    flow_selection *sel;      /* NULL for commands without CMD_SELECTION */
    /* the network's "nodes" table (flow_network_table()), read once: the
     * renderer takes ids, names and kinds from it */
    flow_table *nodes;
    const char *const *node_id, *const *node_name, *const *node_kind;
    const char *const *name_text; /* --name-attr: a text attribute */
    char **name_number;           /* --name-attr: a numeric one, formatted */
    /* set by the command: its result adds the raw weights of the kept
     * factors (a note says so when their units differ) */
    int adds_weights;
};

/* Node display (index in the network; "" for -1). The name is the
 * --name-attr attribute when the node has it, else its name. */
const char *cli_node_id(const cli_context *ctx, int64_t node);
const char *cli_node_name(const cli_context *ctx, int64_t node);
const char *cli_node_kind(const cli_context *ctx, int64_t node);

/* A new selection of ctx->net from the shared options, with the
 * counterfactual options (--without, --without-group, --without-corridor,
 * --with) when `counterfactual`, built unless `build` is 0. Returns an exit
 * status (errors reported). */
int cli_selection_new(cli_context *ctx, int counterfactual, int build, flow_selection **out);
/* 1 when a counterfactual option was given. */
int cli_has_counterfactual(const cli_common *o);

/* ---- util.c ------------------------------------------------------------------ */

/* Prints "flowctl: <message>" and the help hint, returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a failed library call (flow_last_error()) and returns the exit
 * status that fits its code: 2 for an argument the library refused
 * (unknown id, factor, group; invalid value), 1 otherwise. */
int cli_library_error(const char *cmd, int rc);
/* Prints "flowctl: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "try 'flowctl CMD --help'" (or 'flowctl --help' for cmd NULL). */
void cli_hint(const char *cmd);

/* The candidate nearest to word, when close enough to be a likely typo,
 * else NULL. flowctl's one edit distance: the library suggests names
 * itself in its messages (flow_registry_lookup(), unknown ids), but has no
 * public function for the names only flowctl knows (commands, options,
 * columns, parts, attributes, keywords). */
const char *cli_nearest(const char *word, const char *const *cands, size_t n);
/* " (did you mean 'x'?)" when near is not NULL, else "" (in buf). */
const char *cli_did_you_mean(char *buf, size_t size, const char *near);

/* Splits a comma-separated list into a NULL-terminated array of copies
 * (blanks around items trimmed, empty items dropped); *n receives the
 * count. Free with cli_free_list(). */
char **cli_split(const char *s, size_t *n);
void cli_free_list(char **list);

/* Progress on a terminal (no-op when stderr is not a tty). */
void cli_progress_start(cli_context *ctx, const char *label);
void cli_progress_end(void);

/* Allocation that exits with status 1 and a message when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- width.c ----------------------------------------------------------------- */

/* Terminal columns taken by one code point: 0 (combining, zero-width,
 * controls), 1, or 2 (East Asian Wide and Fullwidth). */
int cli_codepoint_width(uint32_t cp);
/* Display width of a UTF-8 string (invalid bytes count 1 each). */
size_t cli_display_width(const char *s);
/* A copy of s cut to at most `max` columns, ending in "..." when cut;
 * control characters become spaces. */
char *cli_fit(const char *s, size_t max);

/* ---- output.c ---------------------------------------------------------------- */

/* A JSON writer: pretty-printed, two-space indentation. */
typedef struct jw {
    FILE *f;
    int depth;
    int first[64];
    int after_key;
    int inline_from; /* depth from which values stay on one line, 0: none */
} jw;
void jw_init(jw *w, FILE *f);
void jw_object(jw *w);
/* An object written on one line (records in arrays). */
void jw_inline_object(jw *w);
void jw_end_object(jw *w);
void jw_array(jw *w);
/* An array written on one line (short lists of names). */
void jw_inline_array(jw *w);
void jw_end_array(jw *w);
void jw_key(jw *w, const char *key);
void jw_string(jw *w, const char *s); /* NULL -> null */
void jw_number(jw *w, double x);      /* NAN, inf -> null */
void jw_int(jw *w, long long x);
void jw_bool(jw *w, int b);
void jw_null(jw *w);
void jw_raw(jw *w, const char *text); /* a value written as it is */
void jw_finish(jw *w);                /* newline after the top-level value */

/* Shortest "%.*g" text (15-17 digits) that reads back to x; "" for NAN. */
void cli_format_number(char *buf, size_t size, double x);
/* Is s a JSON number literal (RFC 8259), so it can be written as it is? */
int cli_is_json_number(const char *s);
/* One CSV field, quoted when it holds a comma, a quote or a line break
 * (RFC 4180). */
void cli_csv_field(FILE *f, const char *s);

/* ---- render.c ------------------------------------------------------------------ */

/*
 * A view is what a command shows: named typed columns of equal length
 * (borrowed from flow_tables, or made by the command), scalars, metadata,
 * parts (more views), and the order of the rows shown (sorted, filtered).
 * view_of() wraps any flow_table whole; a command may join several tables
 * into one view (centrality: one column per measure), take the rows of a
 * table's part (bottleneck: the cut by factor), add parts and columns of
 * its own, and pick the default order. cli_render() then writes it in the
 * format asked for, applying --part, --sort, --ascending, --top and -o DIR.
 * A view never outlives the tables it borrows from.
 */
typedef struct cli_view cli_view;

/* View flags. */
enum {
    VIEW_WHOLE = 1,  /* never cut by --top (a cut, a path) */
    VIEW_HIDDEN = 2, /* a part the text format only names (--part shows it) */
    VIEW_RANKED = 4  /* rows ranked by a number: text tables number them */
};

/* Everything of t: its columns, scalars, metadata and parts (as parts). */
cli_view *view_of(const flow_table *t);
/* An empty view of nrows rows. */
cli_view *view_new(const char *name, size_t nrows);
void view_free(cli_view *v);
size_t view_rows(const cli_view *v);

/* Columns. Borrowed from a table (by name; the view's column gets `as`, or
 * the table's name for NULL), or owned by the view (the arrays, and each
 * string of a text column, are freed with it; nrows entries). */
void view_column(cli_view *v, const flow_table *t, const char *name, const char *as);
void view_own_doubles(cli_view *v, const char *name, double *values);
void view_own_ints(cli_view *v, const char *name, int64_t *values);
void view_own_texts(cli_view *v, const char *name, char **values);
/* A node column (network node indexes, -1: none), owned. */
void view_own_nodes(cli_view *v, const char *name, int64_t *values);
/* Drops a column (no-op when there is none). */
void view_drop(cli_view *v, const char *name);
/* Cuts the cells of a text column to `width` display columns in text
 * tables. */
void view_set_width(cli_view *v, const char *name, size_t width);

/* Scalars and metadata (all of a table's, or one). */
void view_scalars_of(cli_view *v, const flow_table *t);
void view_scalar(cli_view *v, const char *name, double x);
void view_meta_of(cli_view *v, const flow_table *t);
void view_meta(cli_view *v, const char *key, const char *value); /* NULL removes */
const char *view_get_meta(const cli_view *v, const char *key);

/* Parts: adopts part (freed with v). */
void view_add_part(cli_view *v, cli_view *part);
cli_view *view_part(const cli_view *v, const char *name);

void view_set_flags(cli_view *v, int flags);
/* Sorts the shown rows by an output column (a value column, or id, name,
 * kind of a node column), largest first when descending; stable; missing
 * values last. Returns 0, or -1 when there is no such column. */
int view_sort(const cli_context *ctx, cli_view *v, const char *column, int descending);
/* view_sort(), and the column becomes the view's ranking: text tables
 * number the rows, and --ascending without --sort ranks by it. */
int view_rank(const cli_context *ctx, cli_view *v, const char *column, int descending);
/* Leaves out the rows where a number column is missing (NAN). */
void view_drop_missing(cli_view *v, const char *column);
/* JSON: also write column `column` as an object {node id: value} under
 * `key` (a partition's "membership"). */
void view_json_map(cli_view *v, const char *key, const char *column);
/* JSON: the key of the rows, instead of "nodes", "edges" or "rows" (a
 * gravity fit's "coefficients"). */
void view_json_rows_key(cli_view *v, const char *key);

/* Writes v to standard output (or to CSV files with -o DIR) in the format
 * of ctx->common; returns an exit status (usage errors for an unknown
 * --part or --sort column). */
int cli_render(cli_context *ctx, cli_view *v);

/* ---- notes.c -------------------------------------------------------------------- */

/* Notes on standard error after a successful analysis (the output stays
 * clean): a --year that keeps no flow, and raw weights of factors in
 * different units added together (when ctx->adds_weights). */
void cli_selection_notes(cli_context *ctx);

#endif /* FLOWCTL_H */

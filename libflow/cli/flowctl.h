/*
 * flowctl.h - shared declarations of the flowctl command-line tool.
 *
 * flowctl is built only on libflow's public API (<libflow.h>) and the C
 * library, so it shows the library as a user sees it. The pieces:
 *   main.c        entry point, option parsing, help texts, the selection
 *   output.c      tables (aligned text, CSV, JSON arrays), a JSON writer,
 *                 number formatting
 *   width.c       display width of UTF-8 text (wide CJK = 2 columns)
 *   cmd_*.c       one file per group of subcommands
 */
#ifndef FLOWCTL_H
#define FLOWCTL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libflow.h>

/* Exit statuses (DESIGN section 5). */
enum { EXIT_OK = 0, EXIT_OTHER = 1, EXIT_USAGE = 2, EXIT_DATA = 3 };

/* Output formats. */
enum { FMT_TABLE = 0, FMT_CSV = 1, FMT_JSON = 2 };

/* Everything the command line said. Fields of options a subcommand does not
 * take stay at their defaults (the parser refuses them). */
typedef struct {
    const char *cmd;     /* subcommand name */
    const char *data;    /* DATA argument */
    /* selection */
    const char **factors;
    size_t nfactors;
    int year_first, year_last; /* FLOW_NO_YEAR when not given */
    int undirected;
    const char *level;
    int combine;
    /* output */
    int format;
    int top_given;
    size_t top; /* 0 = all */
    uint64_t seed;
    const char *name_attr;
    /* centrality */
    const char **measures;
    size_t nmeasures;
    double damping;
    int length;
    int normalized;
    /* bottleneck */
    const char *from, *to;
    int widest, critical;
    /* cluster */
    const char *method;
    double resolution;
    int compare_groups;        /* 1: compare with declared groups */
    const char *compare_list;  /* NULL: every group */
    /* backbone */
    double alpha;
    /* export */
    const char *export_to, *output;
} cli_options;

/* The loaded data and selection every analysis subcommand gets. */
typedef struct {
    const cli_options *opt;
    flow_network *net;
    flow_selection *sel;
    int64_t name_attr; /* attribute index shown as the name, or -1 */
} cli_context;

/* ---- main.c --------------------------------------------------------------- */

/* Prints "flowctl: <message>" and the help hint, returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reports a failed library call (flow_last_error()) and returns the exit
 * status that fits its code: 2 for an argument the library refused
 * (unknown id, factor, group; invalid value), 1 otherwise. */
int cli_library_error(const char *cmd, int rc);
/* Prints "flowctl: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Progress reporting on a terminal (no-op when stderr is not a tty). */
void cli_progress_start(cli_context *ctx, const char *label);
void cli_progress_end(void);

/* Node display helpers. */
const char *cli_node_name(const cli_context *ctx, int64_t node);
const char *cli_node_id(const cli_context *ctx, int64_t node);
const char *cli_node_kind(const cli_context *ctx, int64_t node);

/* A one-line description of the selection ("technology, 2022, directed"). */
void cli_describe_selection(const cli_context *ctx, char *buf, size_t size);
/* The selection as a JSON object member "selection": {...}. */
struct jw;
void cli_json_selection(const cli_context *ctx, struct jw *w);

/* Splits a comma-separated list into a NULL-terminated array of copies
 * (empty items dropped); *n receives the count. Free with cli_free_list(). */
char **cli_split(const char *s, size_t *n);
void cli_free_list(char **list);

/* Allocation that exits with status 1 and a message when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- width.c -------------------------------------------------------------- */

/* Terminal columns taken by one code point: 0 (combining, zero-width,
 * controls), 1, or 2 (East Asian Wide and Fullwidth). */
int cli_codepoint_width(uint32_t cp);
/* Display width of a UTF-8 string (invalid bytes count 1 each). */
size_t cli_display_width(const char *s);
/* A copy of s cut to at most `max` columns, ending in "..." when cut;
 * control characters become spaces. */
char *cli_fit(const char *s, size_t max);

/* ---- output.c ------------------------------------------------------------- */

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
void jw_finish(jw *w); /* newline after the top-level value */

/* Shortest "%.*g" text (15-17 digits) that reads back to x; "" for NAN. */
void cli_format_number(char *buf, size_t size, double x);

/* A table of records: named columns; cells are text, numbers, integers or
 * missing. Rendered as aligned text (numbers right-aligned with a common
 * number of decimals per column, widths in display columns), as CSV (header
 * + rows, RFC 4180 quoting) or as a JSON array of objects. */
typedef struct cli_table cli_table;
enum { COL_TEXT = 0, COL_NUM = 1, COL_INT = 2 };
/* Column flags. */
enum { COL_TABLE_ONLY = 1, COL_NO_TABLE = 2 };
cli_table *tab_new(void);
void tab_free(cli_table *t);
void tab_column(cli_table *t, const char *name, int type, int flags);
void tab_row(cli_table *t);
void tab_text(cli_table *t, const char *s); /* NULL -> missing */
void tab_num(cli_table *t, double x);       /* NAN -> missing */
void tab_int(cli_table *t, long long x);
size_t tab_rows(const cli_table *t);
/* Renders rows [0, top) (top 0: all). Text format prints a note on the
 * rows left out. */
void tab_print(const cli_table *t, int format, size_t top, FILE *f);
void tab_json(const cli_table *t, jw *w, size_t top);

/* ---- commands ------------------------------------------------------------- */

int cmd_summary(cli_context *ctx);
int cmd_centrality(cli_context *ctx);
int cmd_bottleneck(cli_context *ctx);
int cmd_cluster(cli_context *ctx);
int cmd_backbone(cli_context *ctx);
/* export needs no selection */
int cmd_export(const cli_options *opt, flow_network *net);

/* The number of rows to show: --top when given, else 20 for tables and all
 * for CSV and JSON. 0 means all. */
size_t cli_top(const cli_options *opt);

#endif /* FLOWCTL_H */

/*
 * main.c - flowctl's entry point: the global help and --version, finding
 * the command, the option parser driven by the commands' option specs,
 * loading the data, building the selection, exit statuses. It knows no
 * command: each is a descriptor (cmd_*.c) listed in commands.c.
 *
 *   flowctl COMMAND DATA [options]
 *
 * Options may come before or after DATA, as "--name value" or
 * "--name=value" ("-o value" or "-ovalue" for a short one); "--" ends the
 * options. Every mistake on the command line (unknown command or option, a
 * missing or malformed value, an unknown factor, measure, id or group) is a
 * usage error: one line saying what is wrong, often with the nearest valid
 * name, then a hint pointing at the command's help, and exit status 2. A
 * data set the loader refuses exits with 3 and the loader's message
 * (file:line:column: what). Anything else that fails exits with 1. flowctl
 * never aborts: every library call is checked, and running out of memory
 * is reported like any other failure.
 */
#include "flowctl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the options of one command line ---------------------------------------------- */

/* An option spec and the struct its values go to. */
typedef struct {
    const cli_option *spec;
    void *base;
} bound;

/* The second argument of a CMD_OWN_DATA command (convert IN OUT). */
static const char *second_arg;

/* Strings made while parsing (split lists), freed at exit. */
static char **owned;
static size_t nowned;

static const char *keep(char *s)
{
    owned = xrealloc(owned, (nowned + 1) * sizeof(char *));
    owned[nowned++] = s;
    return s;
}

static void *field(const bound *b) { return (char *)b->base + b->spec->offset; }

static int parse_count(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno || v < 0 || v > 1000000000000LL) return -1;
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

/* OPT_SIZE: "65536", "64K", "2G" (K, M, G, T: powers of 1024; an optional
 * "B" or "iB" after them). */
static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9') return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno) return -1;
    int shift = 0;
    const char *units = "KMGT", *u = *end ? strchr(units, *end & ~0x20) : NULL;
    if (u) {
        shift = 10 * (int)(u - units + 1);
        end++;
        if (*end == 'i') end++;
        if (*end == 'B') end++;
    } else if (*end == 'B') {
        end++;
    }
    if (*end || (shift && v > (UINT64_MAX >> shift))) return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

/* A size as parse_size() reads it, with the largest unit that divides it:
 * "2G", "64K", "1000". */
static void format_size(char *buf, size_t size, uint64_t v)
{
    const char *units = "TGMK";
    for (int i = 0; i < 4; i++) {
        int shift = 10 * (4 - i);
        if (v && v % ((uint64_t)1 << shift) == 0) {
            snprintf(buf, size, "%llu%c", (unsigned long long)(v >> shift), units[i]);
            return;
        }
    }
    snprintf(buf, size, "%llu", (unsigned long long)v);
}

/* "2022", "2018-2022" (and negative years: "-50--20"). */
static int parse_years(const char *s, cli_years *out)
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
    out->first = (int)a;
    out->last = (int)b;
    return 0;
}

/* The range of an OPT_NUMBER in words: "[0, 1)", ">= 0". */
static void range_text(const cli_option *s, char *buf, size_t size)
{
    if (s->bounds & NUM_NO_HI)
        snprintf(buf, size, "%s %g", s->bounds & NUM_LO_OPEN ? ">" : ">=", s->lo);
    else
        snprintf(buf, size, "in %c%g, %g%c", s->bounds & NUM_LO_OPEN ? '(' : '[', s->lo, s->hi,
                 s->bounds & NUM_HI_OPEN ? ')' : ']');
}

static int in_range(const cli_option *s, double x)
{
    if (s->bounds & NUM_LO_OPEN ? x <= s->lo : x < s->lo) return 0;
    if (s->bounds & NUM_NO_HI) return 1;
    return s->bounds & NUM_HI_OPEN ? x < s->hi : x <= s->hi;
}

/* OPT_CHOICE: the index of value in "a|b|c", or a usage error. */
static int choice(const char *cmd, const cli_option *s, const char *value, int *out)
{
    size_t n;
    char *copy = xstrdup(s->choices);
    for (char *p = copy; *p; p++)
        if (*p == '|') *p = ',';
    char **words = cli_split(copy, &n);
    free(copy);
    int rc = 0;
    size_t i = 0;
    while (i < n && strcmp(words[i], value) != 0) i++;
    if (i < n) {
        *out = (int)i;
    } else {
        char buf[128];
        cli_usage_error(cmd, "--%s must be %s, not '%s'%s", s->name, s->choices, value,
                        cli_did_you_mean(buf, sizeof buf,
                                         cli_nearest(value, (const char *const *)words, n)));
        rc = -1;
    }
    cli_free_list(words);
    return rc;
}

static void add_item(cli_list *list, const char *item)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->items[i], item) == 0) return; /* asked twice: once is enough */
    list->items = xrealloc((void *)list->items, (list->n + 1) * sizeof(char *));
    list->items[list->n++] = item;
}

/* Applies one value of option b (from the command line or the default).
 * Returns 0 or an exit status. */
static int apply(const char *cmd, const bound *b, const char *value)
{
    const cli_option *s = b->spec;
    void *f = field(b);
    char range[64];
    switch (s->kind) {
    case OPT_FLAG: *(int *)f = 1; break;
    case OPT_TEXT: *(const char **)f = value; break;
    case OPT_LIST:
    case OPT_REGISTRY_LIST: {
        size_t n;
        char **items = cli_split(value, &n);
        if (n == 0) {
            free(items);
            return cli_usage_error(cmd, "--%s needs a value", s->name);
        }
        for (size_t i = 0; s->kind == OPT_REGISTRY_LIST && i < n; i++) {
            if (flow_registry_lookup(s->choices, items[i]) < 0) {
                int rc = cli_usage_error(cmd, "%s", flow_last_error());
                cli_free_list(items);
                return rc;
            }
        }
        for (size_t i = 0; i < n; i++) add_item(f, keep(items[i]));
        free(items);
        break;
    }
    case OPT_COUNT:
        if (parse_count(value, f) < 0)
            return cli_usage_error(cmd, "--%s must be a whole number >= 0, not '%s'", s->name,
                                   value);
        break;
    case OPT_SIZE:
        if (parse_size(value, f) < 0 || (s->hi > 0 && *(uint64_t *)f > (uint64_t)s->hi))
            return s->hi > 0 ? cli_usage_error(cmd, "--%s must be a size in bytes of at most "
                                                    "%.0f (suffixes K, M, G, T), not '%s'",
                                               s->name, s->hi, value)
                             : cli_usage_error(cmd, "--%s must be a size in bytes (suffixes K, "
                                                    "M, G, T), not '%s'",
                                               s->name, value);
        break;
    case OPT_SEED: {
        char *end;
        errno = 0;
        unsigned long long x = strtoull(value, &end, 10);
        if (end == value || *end || errno || value[0] == '-' || value[0] == '+')
            return cli_usage_error(cmd, "--%s must be a whole number >= 0, not '%s'", s->name,
                                   value);
        *(uint64_t *)f = (uint64_t)x;
        break;
    }
    case OPT_NUMBER:
        if (parse_double(value, f) < 0 || !in_range(s, *(double *)f)) {
            range_text(s, range, sizeof range);
            return cli_usage_error(cmd, "--%s must be a number %s, not '%s'", s->name, range,
                                   value);
        }
        break;
    case OPT_YEARS:
        if (parse_years(value, f) < 0)
            return cli_usage_error(cmd,
                                   "--%s must be a year (2022) or a range (2018-2022) "
                                   "within -9999..9999, not '%s'",
                                   s->name, value);
        break;
    case OPT_CHOICE:
        if (choice(cmd, s, value, f) < 0) return EXIT_USAGE;
        break;
    case OPT_REGISTRY: {
        /* the library's message names the entries, or the nearest one */
        int v = flow_registry_lookup(s->choices, value);
        if (v < 0) return cli_usage_error(cmd, "%s", flow_last_error());
        *(int *)f = v;
        break;
    }
    case OPT_OPTIONAL: {
        cli_optional *o = f;
        if (value && !*value)
            return cli_usage_error(cmd, "--%s= needs a value after '='", s->name);
        o->given = 1;
        o->value = value;
        break;
    }
    default: break;
    }
    return 0;
}

/* Empty values, then the spec's defaults. A default the parser refuses is
 * a mistake in flowctl: exit 1. */
static void set_defaults(const char *cmd, const bound *b)
{
    void *f = field(b);
    switch (b->spec->kind) {
    case OPT_COUNT: *(long long *)f = -1; break;
    case OPT_SIZE: *(uint64_t *)f = UINT64_MAX; break;
    case OPT_YEARS: ((cli_years *)f)->first = ((cli_years *)f)->last = FLOW_NO_YEAR; break;
    case OPT_REGISTRY: *(int *)f = -1; break;
    default: break;
    }
    if (b->spec->def && apply(cmd, b, b->spec->def) != 0) {
        cli_error("internal error: bad default of --%s", b->spec->name);
        exit(EXIT_OTHER);
    }
}

/* ---- help ---------------------------------------------------------------------------- */

#define HELP_COL 21   /* where option help starts */
#define HELP_WIDTH 79 /* help lines end by this column */

/* Writes text from column `col` (where the cursor is), wrapped at
 * HELP_WIDTH on spaces, continuation lines indented by `indent`; '\n'
 * breaks a line where the text says so, and '\1' is a space that does
 * not. */
static void print_wrapped(FILE *f, const char *text, size_t col, size_t indent)
{
    const char *p = text;
    int line_start = 1;
    while (*p) {
        if (*p == '\n') {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
            line_start = 1;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t len = strcspn(p, " \n");
        if (!line_start && col + 1 + len > HELP_WIDTH) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
            line_start = 1;
        }
        if (!line_start) {
            fputc(' ', f);
            col++;
        }
        for (size_t i = 0; i < len; i++) fputc(p[i] == '\1' ? ' ' : p[i], f);
        col += len;
        line_start = 0;
        p += len;
    }
    fputc('\n', f);
}

/* The entries of a registry family, one a line: "name  summary". */
static void print_registry(FILE *f, const char *family)
{
    flow_table *t = NULL;
    if (flow_registry_list(&t, family) != FLOW_OK) {
        flow_error_clear();
        return;
    }
    const char *const *name = flow_table_texts(t, (size_t)flow_table_column_index(t, "name"));
    const char *const *summary =
        flow_table_texts(t, (size_t)flow_table_column_index(t, "summary"));
    size_t w = 0;
    for (size_t r = 0; r < flow_table_row_count(t); r++)
        if (strlen(name[r]) > w) w = strlen(name[r]);
    for (size_t r = 0; r < flow_table_row_count(t); r++) {
        fprintf(f, "%*s%-*s  ", HELP_COL + 2, "", (int)w, name[r]);
        print_wrapped(f, summary[r], HELP_COL + 4 + w, HELP_COL + 4 + w);
    }
    flow_table_free(t);
}

/* An option's default as it would be typed, for the help and the man page
 * (NULL: none). A data limit's is what cli_io_options() passes when the
 * option is not given, the library's default, with the most allowed. */
static char *option_default(const cli_option *s)
{
    if (s->kind == OPT_FLAG) return NULL;
    if (!(s->flags & OPTF_LIMIT)) return s->def ? xstrdup(s->def) : NULL;
    cli_limits none = {UINT64_MAX, UINT64_MAX, -1, -1}, d;
    flow_io_options o;
    cli_io_options(&none, &o);
    d.max_file_size = o.max_file_size;
    d.max_field = o.max_field;
    d.max_nodes = (long long)o.max_nodes;
    d.max_flows = (long long)o.max_flows;
    const char *field = (const char *)&d + s->offset;
    char v[32], hi[32];
    if (s->kind == OPT_SIZE) format_size(v, sizeof v, *(const uint64_t *)field);
    else snprintf(v, sizeof v, "%lld", *(const long long *)field);
    if (s->hi <= 0) return xstrdup(v);
    format_size(hi, sizeof hi, (uint64_t)s->hi);
    return xprintf("%s; at most\1%s", v, hi);
}

static void print_option(FILE *f, const cli_option *s)
{
    char left[96];
    const char *arg = s->kind == OPT_CHOICE ? s->choices : s->arg ? s->arg : "NAME";
    int n;
    if (s->short_name)
        n = snprintf(left, sizeof left, "  -%c, --%s", s->short_name, s->name);
    else
        n = snprintf(left, sizeof left, "  --%s", s->name);
    if (s->kind == OPT_OPTIONAL)
        snprintf(left + n, sizeof left - (size_t)n, "[=%s]", arg);
    else if (s->kind != OPT_FLAG)
        snprintf(left + n, sizeof left - (size_t)n, " %s", arg);
    fputs(left, f);
    if (strlen(left) + 2 <= HELP_COL)
        fprintf(f, "%*s", (int)(HELP_COL - strlen(left)), "");
    else
        fprintf(f, "\n%*s", HELP_COL, "");
    char *def = option_default(s);
    char *text = def ? xprintf("%s (default\1%s)", s->help, def) : xstrdup(s->help);
    print_wrapped(f, text, HELP_COL, HELP_COL);
    free(text);
    free(def);
    if (s->kind == OPT_REGISTRY || s->kind == OPT_REGISTRY_LIST) print_registry(f, s->choices);
}

static void print_examples(FILE *f, const char *examples, int first_only)
{
    const char *p = examples;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(f, "  %.*s\n", (int)len, p);
        if (first_only) break;
        p += len + (nl != NULL);
    }
}

static void print_command_help(FILE *f, const cli_command *c)
{
    fprintf(f, "Usage: flowctl %s %s\n\n", c->name, c->usage);
    fputs(c->about, f);
    fputc('\n', f);
    if (c->options[0].name) {
        fputs("\nOptions:\n", f);
        for (const cli_option *s = c->options; s->name; s++) print_option(f, s);
    }
    if (c->flags & CMD_SELECTION) {
        char *names = xstrdup("");
        for (const cli_option *s = cli_common_options; s->name; s++) {
            char *t = xprintf("%s%s--%s", names, *names ? " " : "", s->name);
            free(names);
            names = t;
        }
        fputs("\nSelection and output options (see 'flowctl --help'):\n  ", f);
        print_wrapped(f, names, 2, 2);
        free(names);
    }
    fputs("\nData limits:\n", f);
    for (const cli_option *s = cli_limit_options; s->name; s++) print_option(f, s);
    fputs("\nOutput: ", f);
    print_wrapped(f, c->output, 8, 0);
    fputs("\nExamples:\n", f);
    print_examples(f, c->examples, 0);
}

static void print_global_help(FILE *f)
{
    fprintf(f,
            "flowctl %s - analyse innovation-factor flow networks with libflow\n"
            "\n"
            "Usage: flowctl COMMAND DATA [options]\n"
            "       flowctl help COMMAND    (or: flowctl COMMAND --help)\n"
            "       flowctl --version\n"
            "       flowctl --help-man      (the flowctl(1) man page, roff)\n"
            "       flowctl --completion bash\n"
            "\n"
            "DATA is a data set folder (flows.csv, and optional nodes.csv and\n"
            "groups.csv) or a flows CSV file.\n"
            "\n"
            "Commands:\n",
            flow_version());
    for (size_t i = 0; i < cli_command_count; i++)
        fprintf(f, "  %-11s %s\n", cli_commands[i]->name, cli_commands[i]->summary);

    char but[128] = "";
    for (size_t i = 0; i < cli_command_count; i++) {
        if (cli_commands[i]->flags & CMD_SELECTION) continue;
        strncat(but, *but ? ", " : " but ", sizeof but - strlen(but) - 1);
        strncat(but, cli_commands[i]->name, sizeof but - strlen(but) - 1);
    }
    for (int out = 0; out <= 1; out++) {
        fprintf(f, "\n%s (every command%s):\n", out ? "Output" : "Selection", but);
        for (const cli_option *s = cli_common_options; s->name; s++)
            if (((s->flags & OPTF_OUTPUT) != 0) == out) print_option(f, s);
    }
    fputs("\nData limits (every command): a file past one exits with 3, naming the file\n"
          "and the option to raise.\n",
          f);
    for (const cli_option *s = cli_limit_options; s->name; s++) print_option(f, s);
    fputs("\n"
          "Every result is a table: rows of named columns, scalars (a cut's value, a\n"
          "modularity) and parts (a cut's nodes, a partition's clusters). A node column\n"
          "is written as id, name and kind. table: the scalars as 'name: value' lines,\n"
          "then the rows, then each part; csv: one table, the scalars as extra columns\n"
          "on every row (--part NAME picks a part, -o DIR writes them all); json: one\n"
          "object with \"analysis\", \"selection\", the scalars, the rows (\"nodes\" or\n"
          "\"edges\") and the parts.\n"
          "\n"
          "Exit status: 0 success, 1 failure, 2 usage error, 3 bad data.\n"
          "Progress is shown on standard error when it is a terminal. Notes go to\n"
          "standard error too (the output stays clean): when an analysis adds the raw\n"
          "weights of factors in different units, and when no flow matches --year.\n"
          "\n"
          "Examples:\n",
          f);
    for (size_t i = 0; i < cli_command_count; i++) print_examples(f, cli_commands[i]->examples, 1);
}

/* ---- the man page and the bash completion, from the command table --------------------- */

/* roff text: a leading '.' or '\'' escaped, backslashes doubled. */
static void roff(FILE *f, const char *t)
{
    int bol = 1;
    for (const char *p = t; *p; p++) {
        if (bol && (*p == '.' || *p == '\'')) fputs("\\&", f);
        if (*p == '\\') fputs("\\\\", f);
        else if (*p == '-') fputs("\\-", f);
        else if (*p == '\1') fputc(' ', f);
        else fputc(*p, f);
        bol = *p == '\n';
    }
}

static void man_option(FILE *f, const cli_option *s)
{
    const char *arg = s->kind == OPT_CHOICE ? s->choices : s->arg ? s->arg : "NAME";
    fputs(".TP\n.B ", f);
    if (s->short_name) fprintf(f, "\\-%c, ", s->short_name);
    fprintf(f, "\\-\\-");
    roff(f, s->name);
    if (s->kind != OPT_FLAG) {
        fputs(s->kind == OPT_OPTIONAL ? "[=" : " ", f);
        fputs("\\fI", f);
        roff(f, arg);
        fputs("\\fR", f);
        if (s->kind == OPT_OPTIONAL) fputc(']', f);
    }
    fputc('\n', f);
    roff(f, s->help);
    char *def = option_default(s);
    if (def) {
        fputs(" (default ", f);
        roff(f, def);
        fputc(')', f);
        free(def);
    }
    fputc('\n', f);
    if (s->kind == OPT_REGISTRY || s->kind == OPT_REGISTRY_LIST) {
        flow_table *t = NULL;
        if (flow_registry_list(&t, s->choices) == FLOW_OK) {
            fputs(".RS\n", f);
            for (size_t r = 0; r < flow_table_row_count(t); r++) {
                fputs(".TP\n.B ", f);
                roff(f, flow_table_text(t, 0, r));
                fputc('\n', f);
                roff(f, flow_table_text(t, (size_t)flow_table_column_index(t, "summary"), r));
                fputc('\n', f);
            }
            fputs(".RE\n", f);
            flow_table_free(t);
        }
        flow_error_clear();
    }
}

/* flowctl(1), generated: installed by CMake (libflow/cli/CMakeLists.txt). */
static void print_man(FILE *f)
{
    fprintf(f, ".TH FLOWCTL 1 \"\" \"libflow %s\" \"User Commands\"\n", flow_version());
    fputs(".SH NAME\nflowctl \\- analyse innovation-factor flow networks with libflow\n"
          ".SH SYNOPSIS\n.B flowctl\n\\fICOMMAND\\fR \\fIDATA\\fR [\\fIoptions\\fR]\n.br\n"
          ".B flowctl help\n\\fICOMMAND\\fR\n.br\n.B flowctl \\-\\-version\n"
          ".SH DESCRIPTION\nDATA is a data set folder (flows.csv, and optional nodes.csv and "
          "groups.csv), a flows CSV file, or another tool's file (GraphML, GEXF, Pajek .net, "
          "an edge list).\n.SH COMMANDS\n",
          f);
    for (size_t i = 0; i < cli_command_count; i++) {
        const cli_command *c = cli_commands[i];
        fputs(".SS \"flowctl ", f);
        roff(f, c->name);
        fputc(' ', f);
        roff(f, c->usage);
        fputs("\"\n", f);
        roff(f, c->about);
        fputs("\n.PP\nOutput: ", f);
        roff(f, c->output);
        fputc('\n', f);
        for (const cli_option *s = c->options; s->name; s++) man_option(f, s);
        fputs(".PP\nExamples:\n.nf\n", f);
        roff(f, c->examples);
        fputs("\n.fi\n", f);
    }
    fputs(".SH \"SELECTION AND OUTPUT OPTIONS\"\nTaken by every command that runs on a "
          "selection.\n",
          f);
    for (const cli_option *s = cli_common_options; s->name; s++) man_option(f, s);
    fputs(".SH \"DATA LIMITS\"\nTaken by every command. A file past one exits with 3, "
          "naming the file and the option to raise.\n",
          f);
    for (const cli_option *s = cli_limit_options; s->name; s++) man_option(f, s);
    fputs(".SH \"EXIT STATUS\"\n0 success, 1 failure, 2 usage error, 3 bad data.\n"
          ".SH \"SEE ALSO\"\nThe headers of libflow (include/libflow/*.h) are its manual.\n",
          f);
}

/* A bash completion script: commands, each command's options, and the
 * names of registry options (--measure, --method, --to, --from). */
static void print_completion(FILE *f)
{
    fputs("# bash completion for flowctl (generated by flowctl --completion bash)\n"
          "_flowctl() {\n"
          "    local cur prev cmd\n"
          "    cur=${COMP_WORDS[COMP_CWORD]}\n"
          "    prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    cmd=${COMP_WORDS[1]}\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "        COMPREPLY=($(compgen -W \"help --help --version",
          f);
    for (size_t i = 0; i < cli_command_count; i++) fprintf(f, " %s", cli_commands[i]->name);
    fputs("\" -- \"$cur\"))\n        return\n    fi\n    case \"$cmd:$prev\" in\n", f);
    for (size_t i = 0; i < cli_command_count; i++) {
        const cli_command *c = cli_commands[i];
        for (int common = 0; common <= 1; common++) {
            if (common && !(c->flags & CMD_SELECTION)) break;
            for (const cli_option *s = common ? cli_common_options : c->options; s->name; s++) {
                char *words = NULL;
                if (s->kind == OPT_CHOICE) {
                    words = xstrdup(s->choices);
                    for (char *p = words; *p; p++)
                        if (*p == '|') *p = ' ';
                } else if (s->kind == OPT_REGISTRY || s->kind == OPT_REGISTRY_LIST) {
                    flow_table *t = NULL;
                    words = xstrdup("");
                    if (flow_registry_list(&t, s->choices) == FLOW_OK) {
                        for (size_t r = 0; r < flow_table_row_count(t); r++) {
                            char *w = xprintf("%s%s%s", words, r ? " " : "",
                                              flow_table_text(t, 0, r));
                            free(words);
                            words = w;
                        }
                        flow_table_free(t);
                    }
                    flow_error_clear();
                }
                if (!words) continue;
                fprintf(f, "    %s:--%s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n",
                        c->name, s->name, words);
                free(words);
            }
        }
    }
    fputs("    esac\n    case \"$cur\" in\n    -*)\n        case \"$cmd\" in\n", f);
    for (size_t i = 0; i < cli_command_count; i++) {
        const cli_command *c = cli_commands[i];
        fprintf(f, "        %s) COMPREPLY=($(compgen -W \"--help", c->name);
        for (const cli_option *s = c->options; s->name; s++) fprintf(f, " --%s", s->name);
        if (c->flags & CMD_SELECTION)
            for (const cli_option *s = cli_common_options; s->name; s++) fprintf(f, " --%s", s->name);
        for (const cli_option *s = cli_limit_options; s->name; s++) fprintf(f, " --%s", s->name);
        fputs("\" -- \"$cur\")) ;;\n", f);
    }
    fputs("        esac ;;\n    *) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n    esac\n}\n"
          "complete -o filenames -F _flowctl flowctl\n",
          f);
}

/* ---- commands and options ---------------------------------------------------------- */

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < cli_command_count; i++)
        if (strcmp(cli_commands[i]->name, name) == 0) return cli_commands[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    const char *names[64];
    char buf[128];
    size_t n = cli_command_count < 64 ? cli_command_count : 64;
    for (size_t i = 0; i < n; i++) names[i] = cli_commands[i]->name;
    return cli_usage_error(NULL, "unknown command '%s'%s", name,
                           cli_did_you_mean(buf, sizeof buf, cli_nearest(name, names, n)));
}

/* The command that has an option of this name, if the current one has not:
 * "--widest" given to centrality is better answered with where it lives. */
static const char *owner_of(const char *name)
{
    for (size_t i = 0; i < cli_command_count; i++) {
        for (const cli_option *s = cli_commands[i]->options; s->name; s++)
            if (strcmp(s->name, name) == 0) return cli_commands[i]->name;
        if (cli_commands[i]->flags & CMD_SELECTION)
            for (const cli_option *s = cli_common_options; s->name; s++)
                if (strcmp(s->name, name) == 0) return cli_commands[i]->name;
    }
    return NULL;
}

static int unknown_option(const cli_command *c, const bound *opts, size_t n, const char *arg,
                          const char *name)
{
    const char *names[128];
    size_t k = 0;
    char buf[128];
    names[k++] = "help";
    for (size_t i = 0; i < n && k < 128; i++) names[k++] = opts[i].spec->name;
    const char *near = cli_nearest(name, names, k);
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

static int is_common(const cli_option *s)
{
    for (const cli_option *t = cli_common_options; t->name; t++)
        if (t == s) return 1;
    return 0;
}

/* Parses argv[first..] against opts. Returns -1 to go on, or an exit
 * status (0 after printing help). */
static int parse(const cli_command *c, const bound *opts, size_t n, int argc, char **argv,
                 int first, const char **data)
{
    unsigned char *seen = xcalloc(n + 1, 1);
    int only_positional = 0, status = -1;

    for (int i = first; i < argc && status < 0; i++) {
        const char *arg = argv[i];
        if (only_positional || arg[0] != '-' || arg[1] == '\0') {
            if (*data && (c->flags & CMD_OWN_DATA) && !second_arg) {
                second_arg = arg;
                continue;
            }
            if (*data)
                status = cli_usage_error(c->name, "unexpected argument '%s' (DATA is already '%s')",
                                         arg, *data);
            *data = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_command_help(stdout, c);
            status = EXIT_OK;
            break;
        }
        size_t k = n;
        const char *value = NULL;
        int attached = 0; /* value given with '=' or glued to a short option */
        if (arg[1] == '-') {
            char name[64];
            const char *eq = strchr(arg + 2, '=');
            size_t len = eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
            if (len >= sizeof name) len = sizeof name - 1;
            memcpy(name, arg + 2, len);
            name[len] = '\0';
            for (size_t j = 0; j < n && k == n; j++)
                if (strcmp(opts[j].spec->name, name) == 0) k = j;
            if (k == n) {
                status = unknown_option(c, opts, n, arg, name);
                break;
            }
            if (eq) value = eq + 1, attached = 1;
        } else {
            for (size_t j = 0; j < n && k == n; j++)
                if (opts[j].spec->short_name == arg[1]) k = j;
            if (k == n) {
                char name[2] = {arg[1], '\0'};
                status = unknown_option(c, opts, n, arg, name);
                break;
            }
            if (arg[2]) {
                if (opts[k].spec->kind == OPT_FLAG) {
                    status = cli_usage_error(c->name, "unknown option '%s'", arg);
                    break;
                }
                value = arg + 2, attached = 1;
            }
        }
        const cli_option *s = opts[k].spec;
        if (s->kind == OPT_FLAG && attached) {
            status = cli_usage_error(c->name, "option '--%s' takes no value", s->name);
            break;
        }
        if (s->kind != OPT_FLAG && s->kind != OPT_OPTIONAL && !attached) {
            if (i + 1 >= argc) {
                status = cli_usage_error(c->name, "option '--%s' needs a value", s->name);
                break;
            }
            value = argv[++i];
        }
        /* Options that take one value may be given once; lists repeat, and
         * the first given replaces the default. */
        int list = s->kind == OPT_LIST || s->kind == OPT_REGISTRY_LIST;
        if (seen[k] && !list) {
            status = cli_usage_error(c->name, "option '--%s' given twice%s", s->name,
                                     s->kind == OPT_YEARS ? "; use --year A-B for a range" : "");
            break;
        }
        if (list && !seen[k]) ((cli_list *)field(&opts[k]))->n = 0;
        seen[k] = 1;
        int rc = apply(c->name, &opts[k], value);
        if (rc) status = rc;
    }
    if (status < 0 && !*data)
        status = cli_usage_error(c->name, "missing DATA (a data set folder or a flows CSV file)");
    /* -o DIR writes CSV: the default format then, and the only one */
    for (size_t j = 0; status < 0 && j < n; j++) {
        if (!is_common(opts[j].spec) || strcmp(opts[j].spec->name, "format") != 0) continue;
        cli_common *common = opts[j].base;
        if (!common->output_dir) break;
        if (seen[j] && common->format != FMT_CSV)
            status = cli_usage_error(c->name, "-o DIR writes CSV files: leave out --format, or "
                                              "write the output to the terminal");
        common->format = FMT_CSV;
    }
    free(seen);
    return status;
}

/* ---- data, nodes and selection ----------------------------------------------------------- */

void cli_io_options(const cli_limits *l, flow_io_options *o)
{
    *o = (flow_io_options)FLOW_IO_OPTIONS_INIT;
    if (l->max_file_size != UINT64_MAX) o->max_file_size = l->max_file_size;
    if (l->max_field != UINT64_MAX) o->max_field = (size_t)l->max_field;
    if (l->max_nodes >= 0) o->max_nodes = (size_t)l->max_nodes;
    if (l->max_flows >= 0) o->max_flows = (size_t)l->max_flows;
}

int cli_load_error(int rc)
{
    const char *msg = *flow_last_error() ? flow_last_error() : flow_strerror(rc);
    const char *lib = "(flow_io_options.", *at = strstr(msg, lib);
    if (at) {
        /* the option to raise, as flowctl spells it: "(--max-flows)" */
        char *name = xstrdup(at + strlen(lib));
        name[strcspn(name, ")")] = '\0';
        for (char *p = name; *p; p++)
            if (*p == '_') *p = '-';
        const char *rest = strchr(at, ')');
        cli_error("%.*s(--%s)%s", (int)(at - msg), msg, name, rest ? rest + 1 : "");
        free(name);
    } else {
        cli_error("%s", msg);
    }
    switch (rc) {
    case FLOW_EPARSE:
    case FLOW_ENOTFOUND:
    case FLOW_ELIMIT:
    case FLOW_EIO:
    case FLOW_EINVAL: return EXIT_DATA;
    default: return EXIT_OTHER;
    }
}

static int load(const char *path, const cli_limits *limits, flow_network **net)
{
    flow_io_options o;
    cli_io_options(limits, &o);
    int rc = flow_io_load_with(net, path, &o);
    return rc == FLOW_OK ? EXIT_OK : cli_load_error(rc);
}

/* The network's "nodes" table, read once: ids, names, kinds, and the
 * --name-attr attribute (one of the columns after the four fixed ones). */
static int read_nodes(cli_context *ctx)
{
    int rc = flow_network_table(&ctx->nodes, ctx->net, "nodes");
    if (rc != FLOW_OK) return cli_library_error(ctx->cmd->name, rc);
    const flow_table *t = ctx->nodes;
    ctx->node_id = flow_table_texts(t, (size_t)flow_table_column_index(t, "id"));
    ctx->node_name = flow_table_texts(t, (size_t)flow_table_column_index(t, "name"));
    ctx->node_kind = flow_table_texts(t, (size_t)flow_table_column_index(t, "kind"));

    const char *attr = ctx->common->name_attr;
    if (!attr || strcmp(attr, "name") == 0) return EXIT_OK;
    size_t first = 4, nc = flow_table_column_count(t), n = flow_table_row_count(t);
    int64_t c = flow_table_column_index(t, attr);
    if (c >= (int64_t)first) {
        if (flow_table_column_type(t, (size_t)c) == FLOW_COLUMN_TEXT) {
            ctx->name_text = flow_table_texts(t, (size_t)c);
        } else {
            const double *x = flow_table_doubles(t, (size_t)c);
            ctx->name_number = xcalloc(n + 1, sizeof(char *));
            for (size_t r = 0; r < n; r++) {
                char buf[64];
                if (isnan(x[r])) continue;
                cli_format_number(buf, sizeof buf, x[r]);
                ctx->name_number[r] = xstrdup(buf);
            }
        }
        return EXIT_OK;
    }
    const char **names = xcalloc(nc + 1, sizeof(char *));
    char list[512] = "", buf[160];
    for (size_t a = first; a < nc; a++) {
        names[a - first] = flow_table_column_name(t, a);
        strncat(list, a > first ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, names[a - first], sizeof list - strlen(list) - 1);
    }
    size_t na = nc > first ? nc - first : 0;
    cli_did_you_mean(buf, sizeof buf, cli_nearest(attr, names, na));
    free(names);
    return cli_usage_error(ctx->cmd->name, "unknown node attribute '%s'%s; attributes: %s", attr,
                           buf, na ? list : "(none)");
}

/* --layer: fits the default gravity model (flowctl gravity's) to a
 * directed copy of the selection and runs the command on its expected or
 * excess flows. */
static int set_layer(cli_context *ctx, flow_selection *sel)
{
    const cli_common *o = ctx->common;
    flow_selection *fsel = NULL;
    flow_table *fit = NULL;
    int rc = flow_selection_new(&fsel, ctx->net);
    if (rc == FLOW_OK && o->factors.n)
        rc = flow_selection_set_factors(fsel, o->factors.items, o->factors.n);
    if (rc == FLOW_OK && o->years.first != FLOW_NO_YEAR)
        rc = flow_selection_set_years(fsel, o->years.first, o->years.last);
    if (rc == FLOW_OK && o->level) rc = flow_selection_set_level(fsel, o->level);
    if (rc == FLOW_OK) rc = flow_selection_set_combine(fsel, o->combine);
    if (rc == FLOW_OK) {
        flow_gravity_options go;
        flow_gravity_options_init(&go, FLOW_GRAVITY_OPTIONS_VERSION);
        const char *d = o->layer_distance;
        if (d && strcmp(d, "none") == 0) {
            go.distance = FLOW_GRAVITY_DISTANCE_NONE;
        } else if (d && strcmp(d, "lat_lon") != 0) {
            go.distance = FLOW_GRAVITY_DISTANCE_FILE;
            go.distance_file = d;
        }
        rc = flow_gravity_fit(&fit, fsel, &go);
    }
    if (rc == FLOW_OK) rc = flow_selection_set_layer(sel, o->layer, fit);
    flow_table_free(fit);
    flow_selection_free(fsel);
    return rc;
}

int cli_has_counterfactual(const cli_common *o)
{
    return o->without.n || o->without_group.n || o->without_corridor.n || o->with_flows.n;
}

/* Exit status of a failed --with: the file's data (3; a limit passed is
 * named as flowctl's option, as for DATA) or the call (2, 1). */
static int with_error(const char *cmd, int rc)
{
    if (rc == FLOW_EPARSE || rc == FLOW_EIO || rc == FLOW_ELIMIT) return cli_load_error(rc);
    return cli_library_error(cmd, rc);
}

/* The counterfactual options on sel. Returns an exit status. */
static int set_counterfactual(const cli_context *ctx, flow_selection *sel)
{
    const cli_common *o = ctx->common;
    const char *cmd = ctx->cmd->name;
    int rc = FLOW_OK;
    if (o->with_flows.n) {
        rc = flow_selection_set_counterfactual(sel, FLOW_WITH_FLOWS, o->with_flows.items,
                                               o->with_flows.n);
        if (rc != FLOW_OK) return with_error(cmd, rc);
    }
    if (o->without.n)
        rc = flow_selection_set_counterfactual(sel, FLOW_WITHOUT_NODES, o->without.items,
                                               o->without.n);
    if (rc == FLOW_OK && o->without_group.n)
        rc = flow_selection_set_counterfactual(sel, FLOW_WITHOUT_GROUPS, o->without_group.items,
                                               o->without_group.n);
    if (rc != FLOW_OK) return cli_library_error(cmd, rc);
    if (o->without_corridor.n) {
        size_t n = o->without_corridor.n;
        const char **sides = xcalloc(2 * n + 1, sizeof(char *));
        char **copies = xcalloc(n + 1, sizeof(char *));
        int status = EXIT_OK;
        for (size_t i = 0; i < n && status == EXIT_OK; i++) {
            const char *item = o->without_corridor.items[i];
            const char *colon = strchr(item, ':');
            if (!colon || colon == item || !colon[1] || strchr(colon + 1, ':')) {
                status = cli_usage_error(cmd,
                                         "--without-corridor must be A:B (two node ids or "
                                         "groups), not '%s'",
                                         item);
                break;
            }
            copies[i] = xstrdup(item);
            copies[i][colon - item] = '\0';
            sides[2 * i] = copies[i];
            sides[2 * i + 1] = copies[i] + (colon - item) + 1;
        }
        if (status == EXIT_OK) {
            rc = flow_selection_set_counterfactual(sel, FLOW_WITHOUT_CORRIDORS, sides, 2 * n);
            if (rc != FLOW_OK) status = cli_library_error(cmd, rc);
        }
        for (size_t i = 0; i < n; i++) free(copies[i]);
        free(copies);
        free(sides);
        if (status != EXIT_OK) return status;
    }
    return EXIT_OK;
}

int cli_selection_new(cli_context *ctx, int counterfactual, int build, flow_selection **out)
{
    const cli_common *o = ctx->common;
    const char *cmd = ctx->cmd->name;
    flow_selection *sel = NULL;
    *out = NULL;
    int rc = flow_selection_new(&sel, ctx->net);
    if (rc == FLOW_OK && o->factors.n) {
        rc = flow_selection_set_factors(sel, o->factors.items, o->factors.n);
        flow_table *factors = NULL;
        if (rc == FLOW_ENOTFOUND && flow_network_table(&factors, ctx->net, "factors") == FLOW_OK) {
            /* name the factors there are: a data set has few */
            char *msg = xstrdup(flow_last_error()), list[512] = "";
            const char *const *name = flow_table_texts(factors, 0);
            for (size_t f = 0; f < flow_table_row_count(factors); f++) {
                strncat(list, f ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, name[f], sizeof list - strlen(list) - 1);
            }
            flow_table_free(factors);
            rc = cli_usage_error(cmd, "%s; factors: %s", msg, *list ? list : "(none)");
            free(msg);
            flow_selection_free(sel);
            return rc;
        }
    }
    if (rc == FLOW_OK && o->years.first != FLOW_NO_YEAR)
        rc = flow_selection_set_years(sel, o->years.first, o->years.last);
    if (rc == FLOW_OK) rc = flow_selection_set_directed(sel, !o->undirected);
    if (rc == FLOW_OK && o->level) rc = flow_selection_set_level(sel, o->level);
    if (rc == FLOW_OK) rc = flow_selection_set_combine(sel, o->combine);
    if (rc == FLOW_OK && o->layer > FLOW_LAYER_OBSERVED) rc = set_layer(ctx, sel);
    if (rc != FLOW_OK) {
        flow_selection_free(sel);
        return cli_library_error(cmd, rc);
    }
    if (counterfactual) {
        int status = set_counterfactual(ctx, sel);
        if (status != EXIT_OK) {
            flow_selection_free(sel);
            return status;
        }
    }
    if (build && (rc = flow_selection_build(sel)) != FLOW_OK) {
        flow_selection_free(sel);
        return cli_library_error(cmd, rc);
    }
    *out = sel;
    return EXIT_OK;
}

static int make_selection(cli_context *ctx)
{
    return cli_selection_new(ctx, 1, !(ctx->cmd->flags & CMD_PER_YEAR), &ctx->sel);
}

static int run(const cli_command *c, const char *data, const void *opts, const cli_common *common,
               const cli_limits *limits)
{
    cli_context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.cmd = c;
    ctx.data = data;
    ctx.common = common;
    ctx.limits = limits;
    ctx.target = second_arg;
    int status = c->flags & CMD_OWN_DATA ? EXIT_OK : load(data, limits, &ctx.net);
    if (status == EXIT_OK && (c->flags & CMD_SELECTION)) {
        status = read_nodes(&ctx);
        if (status == EXIT_OK) status = make_selection(&ctx);
    }
    if (status == EXIT_OK) status = c->run(&ctx, opts);
    cli_progress_end();
    if (status == EXIT_OK && ctx.sel) cli_selection_notes(&ctx);
    if (ctx.name_number) {
        for (size_t r = 0; r < flow_table_row_count(ctx.nodes); r++) free(ctx.name_number[r]);
        free(ctx.name_number);
    }
    flow_table_free(ctx.nodes);
    flow_selection_free(ctx.sel);
    flow_network_free(ctx.net);
    return status;
}

/* ---- main ---------------------------------------------------------------------------------- */

/*
 * Large data on transparent huge pages. On a kernel that gives them only
 * on request (THP "madvise", Debian's default), glibc's malloc asks for
 * them with the tunable glibc.malloc.hugetlb=1 (glibc 2.35 and later),
 * which it reads when the process starts: flowctl restarts itself once
 * with it. A command on a million flows then pays a fault per 2 MiB
 * instead of per 4 KiB, and fewer TLB misses: a third less CPU time
 * (tests/bench/bench_scale, end to end). Not under valgrind (the restart
 * would leave it), nor when the tunable is set already.
 */
static void restart_with_huge_pages(char **argv)
{
#if defined(__linux__) && defined(__GLIBC__) &&                                                \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
    const char *tun = getenv("GLIBC_TUNABLES"), *pre = getenv("LD_PRELOAD");
    if ((tun && strstr(tun, "glibc.malloc.hugetlb")) || (pre && strstr(pre, "vgpreload")))
        return;
    char mode[128] = "";
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f) return;
    int ok = fgets(mode, sizeof mode, f) != NULL && strstr(mode, "[madvise]") != NULL;
    fclose(f);
    if (!ok) return;
    char *value = tun && *tun ? xprintf("%s:glibc.malloc.hugetlb=1", tun)
                              : xstrdup("glibc.malloc.hugetlb=1");
    if (setenv("GLIBC_TUNABLES", value, 1) == 0) execv("/proc/self/exe", argv);
    free(value); /* no restart: carry on without */
#else
    (void)argv;
#endif
}

int main(int argc, char **argv)
{
    restart_with_huge_pages(argv);
    if (argc < 2) {
        fputs("Usage: flowctl COMMAND DATA [options]\n", stderr);
        cli_hint(NULL);
        return EXIT_USAGE;
    }
    const char *first = argv[1];
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        print_global_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
        printf("flowctl %s (libflow %s, igraph %s, GLib %s)\n", FLOW_VERSION_STRING,
               flow_version(), flow_version_of("igraph"), flow_version_of("glib"));
        return EXIT_OK;
    }
    if (strcmp(first, "--help-man") == 0) {
        print_man(stdout);
        return EXIT_OK;
    }
    if (strcmp(first, "--completion") == 0) {
        if (argc != 3 || strcmp(argv[2], "bash") != 0)
            return cli_usage_error(NULL, "--completion takes the shell: bash");
        print_completion(stdout);
        return EXIT_OK;
    }
    if (strcmp(first, "help") == 0) {
        if (argc < 3) {
            print_global_help(stdout);
            return EXIT_OK;
        }
        if (argc > 3) return cli_usage_error(NULL, "'help' takes one command name");
        const cli_command *c = find_command(argv[2]);
        if (!c) return unknown_command(argv[2]);
        print_command_help(stdout, c);
        return EXIT_OK;
    }
    if (first[0] == '-') {
        /* a global option flowctl does not have, or options before the command */
        return cli_usage_error(NULL, "unknown option '%s' (the command comes first: "
                                     "flowctl COMMAND DATA [options])",
                               first);
    }
    const cli_command *c = find_command(first);
    if (!c) return unknown_command(first);

    /* the command's options, then the shared ones, then the data limits */
    void *opts = xcalloc(1, c->options_size);
    cli_common common;
    cli_limits limits;
    memset(&common, 0, sizeof common);
    memset(&limits, 0, sizeof limits);
    size_t n = 0;
    for (const cli_option *s = c->options; s->name; s++) n++;
    if (c->flags & CMD_SELECTION)
        for (const cli_option *s = cli_common_options; s->name; s++) n++;
    for (const cli_option *s = cli_limit_options; s->name; s++) n++;
    bound *b = xcalloc(n + 1, sizeof(bound));
    size_t k = 0;
    for (const cli_option *s = c->options; s->name; s++) b[k++] = (bound){s, opts};
    for (const cli_option *s = cli_limit_options; s->name; s++) b[k++] = (bound){s, &limits};
    if (c->flags & CMD_SELECTION)
        for (const cli_option *s = cli_common_options; s->name; s++) b[k++] = (bound){s, &common};
    else
        for (const cli_option *s = cli_common_options; s->name; s++)
            set_defaults(c->name, &(bound){s, &common}); /* read, never parsed */
    for (size_t i = 0; i < n; i++) set_defaults(c->name, &b[i]);

    const char *data = NULL;
    int status = parse(c, b, n, argc, argv, 2, &data);
    if (status < 0) status = run(c, data, opts, &common, &limits);

    /* Output that could not be written is a failure, not a silent success
     * (a full disk, a closed pipe). */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno != EPIPE) cli_error("cannot write the output: %s", strerror(errno));
        if (status == EXIT_OK) status = EXIT_OTHER;
    }
    for (size_t i = 0; i < n; i++)
        if (b[i].spec->kind == OPT_LIST || b[i].spec->kind == OPT_REGISTRY_LIST)
            free((void *)((cli_list *)field(&b[i]))->items);
    for (size_t i = 0; i < nowned; i++) free(owned[i]);
    free(owned);
    free(b);
    free(opts);
    return status;
}

/*
 * study_common.h: the helpers the example studies (study_*.c) share: error
 * reporting with the studies' exit statuses, loading the data set, reading
 * a network in bulk through its tables, the provenance lines that open
 * every report, and the reading's paragraphs wrapped at 78 columns. The
 * study logic stays in each study's own file.
 *
 * Header-only, C99, on the public libflow API and libc alone: a study
 * defines PROG (its name, the prefix of its messages on stderr) and then
 * includes this file. Every function is static; those that not every study
 * calls are also inline, so that a study leaves them unused without a
 * warning.
 *
 * Options (study_parse_options()): every study takes the same ones, parsed
 * the same way, and rejects those it has no use for:
 *     DATA                 the data set folder (default data/china)
 *     --groups FILE        add the groups of FILE (group,member[,role]) to
 *                          the data set's own
 *     --level KIND         the level to roll the nodes up to
 *     --year Y, --years A-B  the years studied (default: all)
 *     --without-programmes leave out DATA/programmes/flows.csv
 *     --assumptions DIR    recompute the headline numbers on each data set
 *                          in DIR's subfolders (the sensitivity, below)
 *     --help               usage and what the data set must contain
 *
 * Sensitivity (study_sens): DIR holds one subfolder per assumption set,
 * each a full data set (data/china/generate.py --assumption-sets DIR writes
 * them, each with a README.md naming its options). A study computes its
 * headline numbers on each, and sens_text() prints one as
 * "X (A to B over N assumption sets: lowest under S1, highest under S2)",
 * X the value on DATA, A and B the extremes over DATA and the N sets
 * ("X (the same over N assumption sets)" when A and B print alike).
 *
 * Exit statuses: 0 ok, 3 bad data (unreadable or inconsistent data set, or
 * one that lacks what the study needs: need()), 2 bad usage, 1 any other
 * failure.
 */
#ifndef STUDY_COMMON_H
#define STUDY_COMMON_H

#ifndef PROG
#error "define PROG (the study's name) before including study_common.h"
#endif

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libflow.h>

/* ---- errors ------------------------------------------------------------- */

/* The exit status for a failed libflow call: 3 when the data are at fault. */
static int exit_status(int code)
{
    switch (code) {
    case FLOW_EPARSE:
    case FLOW_ENOTFOUND:
    case FLOW_EIO:
    case FLOW_ELIMIT:
        return 3;
    default:
        return 1;
    }
}

/* Reports the last libflow error with some context; returns the exit status. */
static int fail(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", PROG, what, flow_last_error());
    return exit_status(flow_last_error_code());
}

/* Reports a problem with the data set's content; returns 3. */
static int bad_data(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", PROG);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 3;
}

static int oom(void)
{
    fprintf(stderr, "%s: out of memory\n", PROG);
    return 1;
}

/* ---- loading -------------------------------------------------------------- */

/* Loads the data set at `path`; returns 0 or the exit status (reported). */
static int load_data_set(flow_network **out, const char *path)
{
    char what[4200];
    if (flow_io_load(out, path) < 0) {
        snprintf(what, sizeof what, "cannot load data set '%s'", path);
        return fail(what);
    }
    return 0;
}

/* Loads the pairing programmes' own flows, DATA/programmes/flows.csv (a lone
 * flows table), and leaves their path in prog_path[size]; returns 0 or the
 * exit status (reported). */
static inline int load_programmes(flow_network **out, char *prog_path, size_t size, const char *path)
{
    char what[4200];
    snprintf(prog_path, size, "%s/programmes/flows.csv", path);
    if (flow_io_load(out, prog_path) < 0) {
        snprintf(what, sizeof what, "cannot load the programme flows '%s'", prog_path);
        return fail(what);
    }
    return 0;
}

/* The latest year of the network's dated flows; returns 0, or 3 when no flow
 * has a year, or the exit status of a failed libflow call (reported). */
static inline int latest_year(int *out, flow_network *net)
{
    flow_selection *sel = NULL;
    flow_table *t = NULL;
    int found = 0;
    if (flow_selection_new(&sel, net) < 0 || flow_structure_totals(&t, sel) < 0) {
        flow_selection_free(sel);
        return fail("totals");
    }
    for (size_t r = 0; r < flow_table_row_count(t); r++) {
        int y = (int)flow_table_ints(t, (size_t)flow_table_column_index(t, "year"))[r];
        if (y != FLOW_NO_YEAR && (!found || y > *out)) *out = y, found = 1;
    }
    flow_table_free(t);
    flow_selection_free(sel);
    return found ? 0 : bad_data("no flow has a year");
}

/* ---- the network, read in bulk ---------------------------------------------- */

/* A network's four tables (flow_network_table()) and their columns, read
 * once: row i of the nodes is node i, row f of the factors factor f, row k
 * of the flows flow k. The groups part has one row per (group, member),
 * groups in index order: group g's members are rows first[g] to
 * first[g] + size[g] - 1. A snapshot: what is added to the network later
 * is not in it. Every string is the network's own (valid while it lives). */
typedef struct {
    flow_table *nodes, *factors, *flows, *groups;
    size_t nn, nf, nk, ng;                       /* nodes, factors, flows, groups */
    const char *const *id, *const *name, *const *kind;
    const int64_t *parent;                       /* -1: a root */
    const char *const *factor, *const *unit;     /* per factor; unit NULL: none */
    const int64_t *source, *target, *year;       /* per flow */
    const char *const *flow_factor;              /* per flow: its factor's name */
    const double *weight;
    const char *const *group, *const *role;      /* per groups row; role NULL: none */
    const int64_t *member;
    size_t *first, *size;                        /* per group */
} net_data;

static inline void net_data_free(net_data *d)
{
    flow_table_free(d->nodes);
    flow_table_free(d->factors);
    flow_table_free(d->flows);
    flow_table_free(d->groups);
    free(d->first);
    free(d->size);
    memset(d, 0, sizeof *d);
}

/* Reads the four tables of net; returns 0 or the exit status (reported). */
static inline int read_network(net_data *d, const flow_network *net)
{
    memset(d, 0, sizeof *d);
    if (flow_network_table(&d->nodes, net, "nodes") < 0 ||
        flow_network_table(&d->factors, net, "factors") < 0 ||
        flow_network_table(&d->flows, net, "flows") < 0 ||
        flow_network_table(&d->groups, net, "groups") < 0) {
        net_data_free(d);
        return fail("reading the network");
    }
    /* nodes: id, name, kind, parent, then the attributes */
    d->nn = flow_table_row_count(d->nodes);
    d->id = flow_table_texts(d->nodes, 0);
    d->name = flow_table_texts(d->nodes, 1);
    d->kind = flow_table_texts(d->nodes, 2);
    d->parent = flow_table_ints(d->nodes, 3);
    /* factors: name, unit */
    d->nf = flow_table_row_count(d->factors);
    d->factor = flow_table_texts(d->factors, 0);
    d->unit = flow_table_texts(d->factors, 1);
    /* flows: source, target, factor, weight, year */
    d->nk = flow_table_row_count(d->flows);
    d->source = flow_table_ints(d->flows, 0);
    d->target = flow_table_ints(d->flows, 1);
    d->flow_factor = flow_table_texts(d->flows, 2);
    d->weight = flow_table_doubles(d->flows, 3);
    d->year = flow_table_ints(d->flows, 4);
    /* groups: group, member, role */
    size_t rows = flow_table_row_count(d->groups);
    d->group = flow_table_texts(d->groups, 0);
    d->member = flow_table_ints(d->groups, 1);
    d->role = flow_table_texts(d->groups, 2);
    d->ng = flow_network_group_count(net);
    d->first = calloc(d->ng + 1, sizeof *d->first);
    d->size = calloc(d->ng + 1, sizeof *d->size);
    if (!d->first || !d->size) {
        net_data_free(d);
        return oom();
    }
    for (size_t r = 0, g = 0; r < rows; r++) {
        if (r > 0 && strcmp(d->group[r], d->group[r - 1]) != 0) g++;
        if (d->size[g]++ == 0) d->first[g] = r;
    }
    return 0;
}

/* The unit of factor f, "" when it has none. */
static inline const char *unit_of(const net_data *d, size_t f)
{
    return d->unit[f] ? d->unit[f] : "";
}

/* The factor index of flow k. */
static inline size_t factor_of(const net_data *d, size_t k)
{
    size_t f = 0;
    while (f + 1 < d->nf && strcmp(d->factor[f], d->flow_factor[k]) != 0) f++;
    return f;
}

/* The values of text attribute `attr` per node, or NULL when the network
 * has no such text attribute. */
static inline const char *const *text_attr(const net_data *d, const char *attr)
{
    int64_t c = flow_table_column_index(d->nodes, attr);
    return c < 0 ? NULL : flow_table_texts(d->nodes, (size_t)c);
}

/* The name of group g, and the node index of its member m. */
static inline const char *group_name(const net_data *d, size_t g)
{
    return d->group[d->first[g]];
}

static inline int64_t group_member(const net_data *d, size_t g, size_t m)
{
    return d->member[d->first[g] + m];
}

/* ---- small helpers -------------------------------------------------------- */

/* Are a and b both set and equal? */
static inline int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The name of node `id`, or the id itself when the network has no such node. */
static inline const char *node_name(const net_data *d, const char *id)
{
    int64_t i = flow_network_node_index(flow_table_network(d->nodes), id);
    return i < 0 ? id : d->name[i];
}

/* ---- the reading: paragraphs wrapped at 78 columns ------------------------ */

static char para_buf[8192];
static size_t para_len;

/* Appends to the current paragraph. */
static void para(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(para_buf + para_len, sizeof para_buf - para_len, fmt, ap);
    va_end(ap);
    if (n > 0) para_len += (size_t)n < sizeof para_buf - para_len ? (size_t)n : sizeof para_buf - para_len - 1;
}

/* Prints the paragraph greedily wrapped at 78 columns after `lead`
 * ("- " for a bullet), continuation lines indented as wide as `lead`. */
static void para_flush_lead(const char *lead)
{
    size_t indent = strlen(lead), col = indent, i = 0;
    int content = 0;
    fputs(lead, stdout);
    while (i < para_len) {
        size_t j = i;
        while (j < para_len && para_buf[j] != ' ') j++;
        if (j > i) {
            size_t w = j - i;
            if (content && col + 1 + w > 78) {
                fprintf(stdout, "\n%*s", (int)indent, "");
                col = indent;
                content = 0;
            }
            if (content) {
                fputc(' ', stdout);
                col++;
            }
            fwrite(para_buf + i, 1, w, stdout);
            col += w;
            content = 1;
        }
        i = j + 1;
    }
    fputc('\n', stdout);
    para_len = 0;
}

/* Prints the paragraph as a "- " bullet, greedily wrapped at 78 columns. */
static void para_flush(void)
{
    para_flush_lead("- ");
}

/* ---- provenance ------------------------------------------------------------ */

/* Prints "Provenance: DATA/README.md" when the data folder has a README.md
 * (read, not assumed), and the caution when the README says the flows are
 * modelled: the network's "provenance" table, which flow_io_load() filled.
 * Returns 0 or the exit status (reported). */
static int provenance(const flow_network *net)
{
    flow_table *t = NULL;
    const char *readme, *caution;
    if (flow_network_table(&t, net, "provenance") < 0) return fail("cannot read the provenance");
    readme = flow_table_texts(t, (size_t)flow_table_column_index(t, "readme"))[0];
    caution = flow_table_texts(t, (size_t)flow_table_column_index(t, "caution"))[0];
    if (readme) printf("Provenance: %s\n", readme);
    if (readme && caution) printf("%s\n", caution);
    flow_table_free(t);
    return 0;
}

/* ---- what the data set lacks ------------------------------------------------ */

/* Reports that the data set at `path` lacks `what`, which the study needs
 * for `why`; returns 3. One way to say it in every study:
 *   study_x: data/y: the data set has no node attribute 'region' (needed for
 *   the East and West); see study_x --help */
static inline int need(const char *path, const char *what, const char *why)
{
    fprintf(stderr, "%s: %s: the data set has no %s (needed for %s); see %s --help\n", PROG, path,
            what, why, PROG);
    return 3;
}

/* Does the network of d have a node attribute (text or numeric) `attr`? */
static inline int has_attr(const net_data *d, const char *attr)
{
    return flow_table_column_index(d->nodes, attr) >= 4;
}

/* Does the network have flows of factor `name`? */
static inline int has_factor(const net_data *d, const char *name)
{
    for (size_t f = 0; f < d->nf; f++)
        if (strcmp(d->factor[f], name) == 0) return 1;
    return 0;
}

/* Does the data set's README say its flows are modelled? */
static inline int is_modelled(const flow_network *net)
{
    flow_table *t = NULL;
    int m = 0;
    if (flow_network_table(&t, net, "provenance") < 0) return 0;
    m = flow_table_texts(t, (size_t)flow_table_column_index(t, "caution"))[0] != NULL;
    flow_table_free(t);
    return m;
}

/* ---- options --------------------------------------------------------------- */

/* The options a study accepts (study_parse_options()'s `accepts`). */
enum {
    OPT_GROUPS = 1,
    OPT_LEVEL = 2,
    OPT_YEARS = 4,
    OPT_PROGRAMMES = 8,
    OPT_ASSUMPTIONS = 16
};

typedef struct {
    const char *data;        /* the data set folder; default data/china */
    const char *groups;      /* --groups FILE, or NULL */
    const char *level;       /* --level KIND, or the study's default */
    int year_from, year_to;  /* --year / --years; FLOW_NO_YEAR: all years */
    int programmes;          /* 1 unless --without-programmes */
    const char *assumptions; /* --assumptions DIR, or NULL */
} study_options;

/* Prints the usage: `synopsis` (what the study does, one paragraph), the
 * options it accepts, and `needs` (what the data set must contain). */
static inline void study_usage(FILE *out, int accepts, const char *synopsis, const char *needs)
{
    fprintf(out, "usage: %s [DATA] [options]\n\n%s\n\nDATA is a data set folder (default "
                 "data/china).\n\nOptions:\n", PROG, synopsis);
    if (accepts & OPT_GROUPS)
        fprintf(out, "  --groups FILE         add the groups of FILE (CSV: group,member[,role]) "
                     "to the data set's\n");
    if (accepts & OPT_LEVEL)
        fprintf(out, "  --level KIND          roll the nodes up to KIND (default region)\n");
    if (accepts & OPT_YEARS)
        fprintf(out, "  --year Y, --years A-B the years studied (default: every year)\n");
    if (accepts & OPT_PROGRAMMES)
        fprintf(out, "  --without-programmes  leave out DATA/programmes/flows.csv\n");
    if (accepts & OPT_ASSUMPTIONS)
        fprintf(out, "  --assumptions DIR     recompute the headline numbers on every data set "
                     "in DIR's\n                        subfolders (data/china/generate.py "
                     "--assumption-sets DIR\n                        writes them) and print "
                     "their range\n");
    fprintf(out, "  --help                this text\n\nThe data set must contain:\n%s\n", needs);
    fprintf(out, "\nExit status: 0 ok, 3 the data set is unreadable or lacks what the study "
                 "needs,\n2 bad usage, 1 any other failure.\n");
}

/* Parses a year range "A-B" or a year "Y"; returns 0 or -1. */
static inline int parse_years(const char *s, int range, int *from, int *to)
{
    char *end;
    long a = strtol(s, &end, 10), b;
    if (end == s || a < -9999 || a > 9999) return -1;
    if (!range) {
        if (*end) return -1;
        *from = *to = (int)a;
        return 0;
    }
    if (*end != '-') return -1;
    s = end + 1;
    b = strtol(s, &end, 10);
    if (end == s || *end || b < a || b > 9999) return -1;
    *from = (int)a;
    *to = (int)b;
    return 0;
}

/* Parses argv into o (defaults: data/china, level `level`, every year,
 * with programmes). Returns -1 to go on, or the exit status to return now:
 * 0 after --help, 2 on bad usage (reported). */
static inline int study_parse_options(study_options *o, int argc, char **argv, int accepts,
                                      const char *level, const char *synopsis, const char *needs)
{
    static const struct {
        const char *name;
        int flag, takes;
    } known[] = {{"--groups", OPT_GROUPS, 1},          {"--level", OPT_LEVEL, 1},
                 {"--year", OPT_YEARS, 1},             {"--years", OPT_YEARS, 1},
                 {"--without-programmes", OPT_PROGRAMMES, 0},
                 {"--assumptions", OPT_ASSUMPTIONS, 1}};
    o->data = NULL;
    o->groups = NULL;
    o->level = level;
    o->year_from = o->year_to = FLOW_NO_YEAR;
    o->programmes = 1;
    o->assumptions = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *value = NULL;
        size_t k, n = sizeof known / sizeof known[0], len;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            study_usage(stdout, accepts, synopsis, needs);
            return 0;
        }
        if (a[0] != '-' || a[1] == '\0') {
            if (o->data) {
                fprintf(stderr, "%s: one data set only ('%s', then '%s'); see %s --help\n", PROG,
                        o->data, a, PROG);
                return 2;
            }
            o->data = a;
            continue;
        }
        len = strcspn(a, "=");
        for (k = 0; k < n; k++)
            if (strlen(known[k].name) == len && strncmp(a, known[k].name, len) == 0) break;
        if (k == n || !(accepts & known[k].flag)) {
            fprintf(stderr, "%s: %s option '%.*s'; see %s --help\n", PROG,
                    k == n ? "unknown" : "this study takes no", (int)len, a, PROG);
            return 2;
        }
        if (known[k].takes) {
            value = a[len] == '=' ? a + len + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!value || !*value) {
                fprintf(stderr, "%s: option '%s' needs a value; see %s --help\n", PROG,
                        known[k].name, PROG);
                return 2;
            }
        } else if (a[len] == '=') {
            fprintf(stderr, "%s: option '%s' takes no value; see %s --help\n", PROG, known[k].name,
                    PROG);
            return 2;
        }
        switch (known[k].flag) {
        case OPT_GROUPS: o->groups = value; break;
        case OPT_LEVEL: o->level = value; break;
        case OPT_PROGRAMMES: o->programmes = 0; break;
        case OPT_ASSUMPTIONS: o->assumptions = value; break;
        default: /* OPT_YEARS */
            if (parse_years(value, strcmp(known[k].name, "--years") == 0, &o->year_from,
                            &o->year_to) < 0) {
                fprintf(stderr, "%s: %s '%s': expected %s; see %s --help\n", PROG, known[k].name,
                        value, strcmp(known[k].name, "--years") == 0 ? "A-B, A <= B" : "a year",
                        PROG);
                return 2;
            }
        }
    }
    if (!o->data) o->data = "data/china";
    return -1;
}

/* Sets the selection's years to the options' (all years when none given). */
static inline int set_option_years(flow_selection *sel, const study_options *o)
{
    if (o->year_from == FLOW_NO_YEAR) return 0;
    return flow_selection_set_years(sel, o->year_from, o->year_to);
}

/* ---- --groups FILE ------------------------------------------------------------ */

/* Splits one CSV line (RFC 4180 quotes, no line breaks inside quotes) into
 * at most max fields, in place; returns the number of fields. */
static inline size_t csv_fields(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *r = line, *w;
    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        field[n++] = w = r;
        if (*r == '"') {
            r++;
            for (;;) {
                if (*r == '\0') break;
                if (*r == '"' && r[1] == '"') *w++ = '"', r += 2;
                else if (*r == '"') { r++; break; }
                else *w++ = *r++;
            }
            while (*r && *r != ',') *w++ = *r++;
        } else {
            while (*r && *r != ',') *w++ = *r++;
        }
        if (*r != ',') {
            *w = '\0';
            break;
        }
        r++;
        *w = '\0';
    }
    return n;
}

/* Adds the groups of the CSV file `file` (header group,member[,role], in
 * any order) to net; every member must be a node of net. All or nothing
 * per row; returns 0 or 3 with a message naming file and line. */
static inline int add_groups_file(flow_network *net, const char *file)
{
    char line[4096], *f[64];
    FILE *in = fopen(file, "r");
    long lineno = 0;
    int cg = -1, cm = -1, cr = -1, rc = 0;
    if (!in) {
        fprintf(stderr, "%s: %s: cannot read the groups file\n", PROG, file);
        return 3;
    }
    while (fgets(line, sizeof line, in)) {
        size_t n;
        lineno++;
        if (strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n') {
            fprintf(stderr, "%s: %s:%ld: line too long\n", PROG, file, lineno);
            rc = 3;
            break;
        }
        if (line[strspn(line, " \t\r\n")] == '\0') continue;
        n = csv_fields(line, f, 64);
        if (cg < 0) { /* the header */
            for (size_t i = 0; i < n; i++) {
                const char *h = f[i];
                if (i == 0 && strncmp(h, "\xef\xbb\xbf", 3) == 0) h += 3;
                if (strcmp(h, "group") == 0) cg = (int)i;
                else if (strcmp(h, "member") == 0) cm = (int)i;
                else if (strcmp(h, "role") == 0) cr = (int)i;
            }
            if (cg < 0 || cm < 0) {
                fprintf(stderr, "%s: %s:%ld: the header needs the columns group and member\n",
                        PROG, file, lineno);
                rc = 3;
                break;
            }
            continue;
        }
        if ((size_t)cg >= n || (size_t)cm >= n || !*f[cg] || !*f[cm]) {
            fprintf(stderr, "%s: %s:%ld: a row needs a group and a member\n", PROG, file, lineno);
            rc = 3;
            break;
        }
        if (flow_network_node_index(net, f[cm]) < 0) {
            fprintf(stderr, "%s: %s:%ld: unknown node id '%s'\n", PROG, file, lineno, f[cm]);
            rc = 3;
            break;
        }
        if (flow_network_add_member(net, f[cg], f[cm],
                                    cr >= 0 && (size_t)cr < n && *f[cr] ? f[cr] : NULL) < 0) {
            fprintf(stderr, "%s: %s:%ld: %s\n", PROG, file, lineno, flow_last_error());
            rc = 3;
            break;
        }
    }
    if (rc == 0 && cg < 0) {
        fprintf(stderr, "%s: %s: empty groups file (expected the header group,member[,role])\n",
                PROG, file);
        rc = 3;
    }
    fclose(in);
    return rc;
}

/* The year a modelled data set computes from published figures, the others
 * being extrapolated by assumption: the year whose `flows` column says
 * "anchor" in DATA/years.csv (header year,flows[,...]; data/china/generate.py
 * writes it); FLOW_NO_YEAR when there is no such file or year. */
static inline int anchor_year(const char *data)
{
    char path[4200], line[1024], *f[64];
    FILE *in;
    int cy = -1, cf = -1, year = FLOW_NO_YEAR;
    snprintf(path, sizeof path, "%s/years.csv", data);
    if (!(in = fopen(path, "r"))) return FLOW_NO_YEAR;
    while (year == FLOW_NO_YEAR && fgets(line, sizeof line, in)) {
        size_t n = csv_fields(line, f, 64);
        if (cy < 0) {
            for (size_t i = 0; i < n; i++) {
                if (strcmp(f[i], "year") == 0) cy = (int)i;
                if (strcmp(f[i], "flows") == 0) cf = (int)i;
            }
            if (cy < 0 || cf < 0) break;
            continue;
        }
        if ((size_t)cy < n && (size_t)cf < n && strcmp(f[cf], "anchor") == 0) year = atoi(f[cy]);
    }
    fclose(in);
    return year;
}

/* Loads the data set of the options (and --groups); returns 0 or the exit
 * status (reported). */
static inline int load_study_data(flow_network **out, const study_options *o)
{
    int rc = load_data_set(out, o->data);
    if (rc == 0 && o->groups && (rc = add_groups_file(*out, o->groups)) != 0) {
        flow_network_free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- sensitivity over assumption sets ---------------------------------------- */

typedef struct {
    size_t n;       /* assumption sets */
    char **name;    /* per set: its subfolder's name */
    char **path;    /* per set: DIR/name */
    size_t k;       /* headline numbers per set */
    double *value;  /* [set * k + j] */
    double *base;   /* [j]: on the study's own data set */
} study_sens;

static inline void sens_free(study_sens *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->name[i]);
        free(s->path[i]);
    }
    free(s->name);
    free(s->path);
    free(s->value);
    free(s->base);
    memset(s, 0, sizeof *s);
}

static inline int sens_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the assumption sets in `dir` (its subfolders that hold a
 * flows.csv, by name) for k headline numbers each; returns 0, or 3 when
 * dir cannot be read or holds none (reported). With dir NULL, no sets. */
static inline int sens_open(study_sens *s, const char *dir, size_t k)
{
    DIR *d;
    struct dirent *e;
    size_t cap = 0;
    memset(s, 0, sizeof *s);
    s->k = k;
    s->base = calloc(k ? k : 1, sizeof *s->base);
    if (!s->base) return oom();
    if (!dir) return 0;
    if (!(d = opendir(dir))) {
        fprintf(stderr, "%s: %s: cannot read the assumption sets folder\n", PROG, dir);
        return 3;
    }
    while ((e = readdir(d)) != NULL) {
        char p[4096];
        struct stat st;
        if (e->d_name[0] == '.') continue;
        snprintf(p, sizeof p, "%s/%s/flows.csv", dir, e->d_name);
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (s->n == cap) {
            size_t c = cap ? 2 * cap : 8;
            char **nn = realloc(s->name, c * sizeof *nn), **pp;
            if (!nn) break;
            s->name = nn;
            if (!(pp = realloc(s->path, c * sizeof *pp))) break;
            s->path = pp;
            cap = c;
        }
        s->name[s->n] = malloc(strlen(e->d_name) + 1);
        if (!s->name[s->n]) break;
        strcpy(s->name[s->n], e->d_name);
        s->path[s->n] = NULL;
        s->n++;
    }
    closedir(d);
    if (e != NULL) return oom();
    if (s->n == 0) {
        fprintf(stderr, "%s: %s: no assumption sets (subfolders holding a flows.csv); "
                        "data/china/generate.py --assumption-sets %s writes them\n", PROG, dir, dir);
        return 3;
    }
    qsort(s->name, s->n, sizeof *s->name, sens_cmp);
    for (size_t i = 0; i < s->n; i++) {
        size_t len = strlen(dir) + strlen(s->name[i]) + 2;
        if (!(s->path[i] = malloc(len))) return oom();
        snprintf(s->path[i], len, "%s/%s", dir, s->name[i]);
    }
    if (!(s->value = calloc(s->n * k + 1, sizeof *s->value))) return oom();
    return 0;
}

/* "X (A to B over N assumption sets: lowest under S1, highest under S2)"
 * for headline j, each number printed with `fmt` (e.g. "%.0f"); just "X"
 * without sets. */
static inline const char *sens_text(char *buf, size_t size, const study_sens *s, size_t j,
                                    const char *fmt)
{
    char x[64], a[64], b[64];
    double lo = s->base[j], hi = s->base[j];
    const char *lo_name = "the default", *hi_name = "the default";
    snprintf(x, sizeof x, fmt, s->base[j]);
    if (s->n == 0) {
        snprintf(buf, size, "%s", x);
        return buf;
    }
    for (size_t i = 0; i < s->n; i++) {
        double v = s->value[i * s->k + j];
        if (v < lo) lo = v, lo_name = s->name[i];
        if (v > hi) hi = v, hi_name = s->name[i];
    }
    snprintf(a, sizeof a, fmt, lo);
    snprintf(b, sizeof b, fmt, hi);
    if (strcmp(a, b) == 0) {
        snprintf(buf, size, "%s (the same over %zu assumption sets)", x, s->n);
        return buf;
    }
    snprintf(buf, size, "%s (%s to %s over %zu assumption sets: lowest under %s, highest under %s)",
             x, a, b, s->n, lo_name, hi_name);
    return buf;
}

/* Prints, once, on a modelled data set studied without --assumptions,
 * that the sensitivity was not computed and how to get it. */
static inline void sens_note(const study_sens *s, const flow_network *net)
{
    if (s->n > 0 || !is_modelled(net)) return;
    printf("Sensitivity: not computed; the numbers below hold for this data set's assumptions "
           "only.\nRun with --assumptions DIR (data/china/generate.py --assumption-sets DIR "
           "writes the sets)\nto see their range under the generator's other assumptions.\n");
}

#endif /* STUDY_COMMON_H */

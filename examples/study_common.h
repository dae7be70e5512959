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
 * Exit statuses: 0 ok, 3 bad data (unreadable or inconsistent data set),
 * 1 any other failure.
 */
#ifndef STUDY_COMMON_H
#define STUDY_COMMON_H

#ifndef PROG
#error "define PROG (the study's name) before including study_common.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#endif /* STUDY_COMMON_H */

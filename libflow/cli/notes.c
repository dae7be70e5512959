/*
 * notes.c - notes on standard error after a successful analysis, whether or
 * not it is a terminal (the output itself stays clean):
 *   - a --year range that keeps no flow, with the years the selected
 *     factors' flows do have;
 *   - raw weights of factors in different units added together (persons
 *     and yuan), when the command says its result adds them.
 * The network is read through its bulk tables ("factors", "flows"), and
 * the kept flows through flow_structure_totals().
 */
#include "flowctl.h"

#include <stdlib.h>
#include <string.h>

/* Column c of table t by name (documented by the library). */
static size_t col(const flow_table *t, const char *name)
{
    return (size_t)flow_table_column_index(t, name);
}

/* "note: no flow matches the selection (years ...)", with the years the
 * selected factors' flows do have. */
static void no_flow_note(const cli_context *ctx)
{
    const cli_common *o = ctx->common;
    flow_table *flows = NULL;
    if (flow_network_table(&flows, ctx->net, "flows") != FLOW_OK) {
        flow_error_clear();
        return;
    }
    const char *const *factor = flow_table_texts(flows, col(flows, "factor"));
    const int64_t *year = flow_table_ints(flows, col(flows, "year"));
    int lo = 0, hi = 0, found = 0;
    for (size_t k = 0; k < flow_table_row_count(flows); k++) {
        int keep = o->factors.n == 0;
        for (size_t i = 0; i < o->factors.n && !keep; i++)
            keep = strcmp(factor[k], o->factors.items[i]) == 0;
        if (!keep || year[k] == FLOW_NO_YEAR) continue;
        int y = (int)year[k];
        if (!found || y < lo) lo = y;
        if (!found || y > hi) hi = y;
        found = 1;
    }
    flow_table_free(flows);

    char asked[32], dated[32];
    if (o->years.first == o->years.last)
        snprintf(asked, sizeof asked, "%d", o->years.first);
    else
        snprintf(asked, sizeof asked, "%d-%d", o->years.first, o->years.last);
    const char *whose = o->factors.n ? "the selected factors' flows" : "the flows";
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

/* "note: adding weights in different units (...)" when the factors that
 * have flows in the selection (totals rows, in factor order) differ in
 * unit; no unit is a unit of its own. */
static void units_note(const cli_context *ctx, const flow_table *totals)
{
    flow_table *factors = NULL;
    if (flow_network_table(&factors, ctx->net, "factors") != FLOW_OK) {
        flow_error_clear();
        return;
    }
    const char *const *fname = flow_table_texts(factors, col(factors, "name"));
    const char *const *funit = flow_table_texts(factors, col(factors, "unit"));
    size_t nf = flow_table_row_count(factors), nu = 0;
    const char *const *factor = flow_table_texts(totals, col(totals, "factor"));
    const int64_t *flows = flow_table_ints(totals, col(totals, "flows"));
    const char **units = xcalloc(nf + 1, sizeof(char *));
    for (size_t r = 0; r < flow_table_row_count(totals); r++) {
        if (flows[r] == 0) continue;
        const char *u = NULL;
        for (size_t f = 0; f < nf; f++)
            if (strcmp(fname[f], factor[r]) == 0) u = funit[f];
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
    flow_table_free(factors);
}

/* 1 when the network's factors are in more than one unit (no unit counts
 * as one), so that the units note may apply. */
static int several_units(const cli_context *ctx)
{
    flow_table *factors = NULL;
    if (flow_network_table(&factors, ctx->net, "factors") != FLOW_OK) {
        flow_error_clear();
        return 1; /* let units_note() decide */
    }
    const char *const *funit = flow_table_texts(factors, col(factors, "unit"));
    int several = 0;
    for (size_t f = 1; f < flow_table_row_count(factors) && !several; f++)
        several = strcmp(funit[f] ? funit[f] : "", funit[0] ? funit[0] : "") != 0;
    flow_table_free(factors);
    return several;
}

void cli_selection_notes(cli_context *ctx)
{
    const cli_common *o = ctx->common;
    flow_table *totals = NULL;
    flow_selection_set_progress(ctx->sel, NULL, NULL); /* the progress line is gone */
    /* the totals pass over the flows only when a note may come of it */
    int units = o->combine == FLOW_COMBINE_SUM && ctx->adds_weights && several_units(ctx);
    if (o->years.first == FLOW_NO_YEAR && !units) return;
    if (flow_structure_totals(&totals, ctx->sel) != FLOW_OK) {
        flow_error_clear(); /* the analysis ran; a note is not worth a failure */
        return;
    }
    fflush(stdout); /* the notes after the results, also when both go to one file */
    size_t rows = flow_table_row_count(totals);
    if (rows == 0 && o->years.first != FLOW_NO_YEAR) no_flow_note(ctx);
    if (rows > 0 && units) units_note(ctx, totals);
    flow_table_free(totals);
}

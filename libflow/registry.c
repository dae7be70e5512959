/* The registries (see libflow/registry.h): one list of families; each
 * family is defined beside the code it names. */
#include <string.h>

#include <glib.h>

#include "error_internal.h"
#include "registry_internal.h"
#include "table_internal.h"

static const flow__family *const families[] = {
    &flow__centrality_family, &flow__length_family,  &flow__path_family,
    &flow__cluster_family,    &flow__compare_family, &flow__kcore_family,
    &flow__role_family,       &flow__format_family,
    &flow__gravity_term_family, &flow__layer_family,
    &flow__test_family,       &flow__null_family,
    &flow__input_format_family,
};
#define N_FAMILIES G_N_ELEMENTS(families)

static const struct {
    const char *name;
    unsigned flag;
} flag_columns[] = {{"weighted", FLOW_REG_WEIGHTED},
                    {"directed_only", FLOW_REG_DIRECTED_ONLY},
                    {"stochastic", FLOW_REG_STOCHASTIC},
                    {"in_units", FLOW_REG_IN_UNITS}};

static const char *family_at(size_t i, const void *data)
{
    (void)data;
    return families[i]->name;
}

const flow__family *flow__registry_family(const char *name)
{
    for (size_t i = 0; name && i < N_FAMILIES; i++)
        if (strcmp(families[i]->name, name) == 0) return families[i];
    return NULL;
}

const flow__entry *flow__registry_entry(const flow__family *f, int value)
{
    for (size_t i = 0; f && i < f->count; i++)
        if (f->entries[i].value == value) return &f->entries[i];
    return NULL;
}

static int unknown_family(const char *name)
{
    const char *near = flow__suggest(name, N_FAMILIES, family_at, NULL);
    if (near)
        return flow__error(FLOW_ENOTFOUND, "unknown registry '%s' (did you mean '%s'?)", name,
                           near);
    return flow__error(FLOW_ENOTFOUND, "unknown registry '%s'", name);
}

static const char *entry_at(size_t i, const void *data)
{
    return ((const flow__family *)data)->entries[i].name;
}

int flow_registry_lookup(const char *family, const char *name)
{
    if (!family || !name) return flow__error(FLOW_EINVAL, "flow_registry_lookup: NULL argument");
    const flow__family *f = flow__registry_family(family);
    if (!f) return unknown_family(family);
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->entries[i].name, name) == 0) return f->entries[i].value;
    const char *near = flow__suggest(name, f->count, entry_at, f);
    if (near)
        return flow__error(FLOW_ENOTFOUND, "unknown %s '%s' (did you mean '%s'?)", f->what, name,
                           near);
    GString *known = g_string_new(NULL);
    for (size_t i = 0; i < f->count; i++)
        g_string_append_printf(known, "%s%s", i ? ", " : "", f->entries[i].name);
    int rc = flow__error(FLOW_ENOTFOUND, "unknown %s '%s' (known: %s)", f->what, name, known->str);
    g_string_free(known, TRUE);
    return rc;
}

const char *flow_registry_name(const char *family, int value)
{
    const flow__entry *e = flow__registry_entry(flow__registry_family(family), value);
    return e ? e->name : NULL;
}

static int list_families(flow_table **out)
{
    flow_table *t = NULL;
    const char **names = NULL, **summaries = NULL;
    int rc = flow__table_new(&t, NULL, "registries", N_FAMILIES);
    if (rc == FLOW_OK) rc = flow__table_add_texts(t, "name", &names);
    if (rc == FLOW_OK) rc = flow__table_add_texts(t, "summary", &summaries);
    if (rc != FLOW_OK) {
        flow_table_free(t);
        return rc;
    }
    for (size_t i = 0; i < N_FAMILIES; i++) {
        names[i] = families[i]->name;
        summaries[i] = families[i]->summary;
    }
    *out = t;
    return FLOW_OK;
}

int flow_registry_list(flow_table **out, const char *family)
{
    if (!out) return flow__error(FLOW_EINVAL, "flow_registry_list: out is NULL");
    *out = NULL;
    if (!family) return list_families(out);
    const flow__family *f = flow__registry_family(family);
    if (!f) return unknown_family(family);

    size_t np = 0;
    for (size_t i = 0; i < f->count; i++)
        for (const flow__param *p = f->entries[i].params; p && p->name; p++) np++;

    flow_table *t = NULL, *params = NULL;
    const char **names = NULL, **summaries = NULL;
    int64_t *values = NULL;
    int rc = flow__table_new(&t, NULL, f->name, f->count);
    if (rc == FLOW_OK) rc = flow__table_add_texts(t, "name", &names);
    if (rc == FLOW_OK) rc = flow__table_add_ints(t, "value", &values);
    if (rc == FLOW_OK) rc = flow__table_add_texts(t, "summary", &summaries);
    for (size_t k = 0; rc == FLOW_OK && k < G_N_ELEMENTS(flag_columns); k++) {
        int64_t *col = NULL;
        rc = flow__table_add_ints(t, flag_columns[k].name, &col);
        for (size_t i = 0; rc == FLOW_OK && i < f->count; i++)
            col[i] = (f->entries[i].flags & flag_columns[k].flag) != 0;
    }
    if (rc == FLOW_OK) rc = flow__table_set_meta(t, "family", "%s", f->name);
    if (rc == FLOW_OK) rc = flow__table_set_meta(t, "summary", "%s", f->summary);
    if (rc == FLOW_OK) rc = flow__table_new(&params, NULL, "parameters", np);
    if (rc == FLOW_OK) {
        static const char *const cols[] = {"entry", "name", "type", "default", "summary"};
        const char **c[5] = {NULL};
        for (size_t k = 0; rc == FLOW_OK && k < 5; k++)
            rc = flow__table_add_texts(params, cols[k], &c[k]);
        size_t r = 0;
        for (size_t i = 0; rc == FLOW_OK && i < f->count; i++)
            for (const flow__param *p = f->entries[i].params; p && p->name; p++, r++) {
                c[0][r] = f->entries[i].name;
                c[1][r] = p->name;
                c[2][r] = p->type;
                c[3][r] = p->value;
                c[4][r] = p->summary;
            }
        if (rc == FLOW_OK) {
            rc = flow__table_add_part(t, params);
            params = NULL;
        }
    }
    flow_table_free(params);
    if (rc != FLOW_OK) {
        flow_table_free(t);
        return rc;
    }
    for (size_t i = 0; i < f->count; i++) {
        names[i] = f->entries[i].name;
        values[i] = f->entries[i].value;
        summaries[i] = f->entries[i].summary;
    }
    *out = t;
    return FLOW_OK;
}

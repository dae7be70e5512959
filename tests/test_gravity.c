/*
 * The gravity model (libflow/gravity.h) and the expected / excess layers
 * (flow_selection_set_layer, libflow/selection.h).
 *
 * Cross-checks: tests/fixtures/gravity/oracle.py fits the same model with
 * statsmodels' Poisson GLM with dummy fixed effects and HC0 standard
 * errors from the raw files; coefficients, standard errors, deviances and
 * every fitted mean must agree to 1e-6 (relative). The data sets: seeded
 * generated ones (written as data folders under the build tree) and the
 * China census inter-provincial migration (../shared/data), with the
 * provinces' seats of government from data/china/nodes.csv as coordinates
 * (published positions; the flows of data/china are not used).
 */
#include "pyoracle.h"

#include <math.h>
#include <sys/stat.h>

#ifndef FLOW_DATA
#define FLOW_DATA FLOW_TEST_FIXTURES "/../../data"
#endif

/* ---- generated data ------------------------------------------------------------ */

static double uniform01(uint32_t *st) { return (lcg_next(st) + 0.5) / 16777216.0; }

static double normal(uint32_t *st)
{
    double u = uniform01(st), v = uniform01(st);
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

typedef struct {
    int n;
    uint32_t seed;
    int fe;             /* origin / destination effects in the true model */
    double elasticity;  /* of distance */
    double zero_share;  /* share of pairs set to 0 (mean kept) */
    double noise;       /* sd of the log-normal noise */
    int separation;     /* the last node sends nothing, the one before receives nothing */
} gen_spec;

static double deg2rad(double d) { return d * M_PI / 180; }

static double km(double la1, double lo1, double la2, double lo2)
{
    la1 = deg2rad(la1), lo1 = deg2rad(lo1), la2 = deg2rad(la2), lo2 = deg2rad(lo2);
    double s1 = sin((la2 - la1) / 2), s2 = sin((lo2 - lo1) / 2);
    return 2 * 6371.0 * asin(sqrt(s1 * s1 + cos(la1) * cos(la2) * s2 * s2));
}

static const char *const blocs[3] = {"north", "south", "west"};

/* Writes a data folder DIR (nodes.csv, flows.csv, groups.csv) drawn from a
 * known gravity model: factor "trade" in 2020 (the fitted flows) plus
 * some "aid" flows and 2019 flows that a selection leaves out. */
static void generate(const char *dir, const gen_spec *g)
{
    mkdir(dir, 0755);
    char path[600];
    uint32_t st = g->seed;
    int n = g->n;
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
    double *gdp = malloc(n * sizeof *gdp), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "id,name,kind,parent,lat,lon,gdp,bloc\n");
    for (int i = 0; i < n; i++) {
        lat[i] = 20 + 30 * uniform01(&st);
        lon[i] = 80 + 50 * uniform01(&st);
        gdp[i] = 100 * exp(2 * uniform01(&st));
        a[i] = normal(&st) * 0.7;
        b[i] = normal(&st) * 0.7;
        fprintf(f, "N%02d,Node %d,%s,,%.17g,%.17g,%.17g,%s\n", i, i, i % 7 == 3 ? "country" : "region",
                lat[i], lon[i], gdp[i], blocs[(i * 5 / 3) % 3]);
    }
    assert_int_equal(fclose(f), 0);
    snprintf(path, sizeof path, "%s/groups.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "group,member,role\n");
    for (int i = 0; i < 10 && i < n; i++) fprintf(f, "G1,N%02d,\n", i);
    for (int i = 5; i < 15 && i < n; i++) fprintf(f, "G2,N%02d,\n", i);
    for (int i = 18; i < 24 && i < n; i++) fprintf(f, "G3,N%02d,\n", i);
    assert_int_equal(fclose(f), 0);
    snprintf(path, sizeof path, "%s/flows.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "source,target,factor,weight,year\n");
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            if (i == j) continue;
            double d = km(lat[i], lon[i], lat[j], lon[j]);
            int g1 = i < 10 && j < 10;
            int bound = strcmp(blocs[(i * 5 / 3) % 3], blocs[(j * 5 / 3) % 3]) != 0;
            double eta = g->elasticity * log(d) + 0.5 * g1 - 0.3 * bound;
            eta += g->fe ? a[i] + b[j] + 9 : 0.8 * log(gdp[i]) + 0.6 * log(gdp[j]) + 1;
            double mu = exp(eta);
            double y = mu * exp(g->noise * normal(&st) - g->noise * g->noise / 2);
            if (uniform01(&st) < g->zero_share) y = 0;
            else y /= 1 - g->zero_share;
            if (g->separation && (i == n - 1 || j == n - 2)) y = 0;
            if (y > 0) fprintf(f, "N%02d,N%02d,trade,%.17g,2020\n", i, j, y);
            if (uniform01(&st) < 0.1) fprintf(f, "N%02d,N%02d,trade,%.17g,2019\n", i, j, 5.5);
            if (uniform01(&st) < 0.1) fprintf(f, "N%02d,N%02d,aid,%.17g,2020\n", i, j, 7.25);
        }
    fprintf(f, "N00,N00,trade,3,2020\n"); /* intra-node: not a pair */
    assert_int_equal(fclose(f), 0);
    /* pair files: distances (each pair once, in one order), contiguity */
    snprintf(path, sizeof path, "%s/distances.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "source,target,distance\n");
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            fprintf(f, (i + j) % 2 ? "\"N%02d\",N%02d,%.17g\n" : "N%02d,N%02d,%.17g\n",
                    (i + j) % 3 ? i : j, (i + j) % 3 ? j : i, km(lat[i], lon[i], lat[j], lon[j]));
    assert_int_equal(fclose(f), 0);
    snprintf(path, sizeof path, "%s/contiguity.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "source,target\r\n");
    for (int i = 0; i + 3 < n; i += 2) fprintf(f, "N%02d,N%02d\r\nN%02d,N%02d\r\n", i, i + 1, i + 3, i);
    assert_int_equal(fclose(f), 0);
    free(lat), free(lon), free(gdp), free(a), free(b);
}

static void data_dir(char *buf, size_t size, const char *tag)
{
    snprintf(buf, size, "%s/gravity-%s-%ld", FLOW_TEST_TMPDIR, tag, (long)getpid());
}

static void remove_dir(const char *dir)
{
    char path[700];
    const char *files[] = {"nodes.csv", "flows.csv", "groups.csv", "distances.csv", "contiguity.csv"};
    for (int k = 0; k < 5; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[k]);
        unlink(path);
    }
    rmdir(dir);
}

/* ---- the oracle ---------------------------------------------------------------- */

typedef struct {
    char *text;
    char **lines;
    size_t n;
} oracle;

static int cmp_line(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    return buf;
}

static void run_oracle(oracle *o, const char *data, const char *options)
{
    char *script = read_file(FIXTURE("gravity/oracle.py"));
    o->text = run_python(script, data, options, NULL);
    free(script);
    o->n = 0;
    for (char *p = o->text; *p; p++) o->n += *p == '\n';
    o->lines = malloc((o->n + 1) * sizeof *o->lines);
    size_t k = 0;
    for (char *p = o->text; *p;) {
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = '\0';
        o->lines[k++] = p;
        p = nl + 1;
    }
    o->n = k;
    qsort(o->lines, o->n, sizeof *o->lines, cmp_line);
}

static void oracle_free(oracle *o)
{
    free(o->lines);
    free(o->text);
}

static int cmp_prefix(const void *key, const void *elem)
{
    const char *k = key;
    return strncmp(k, *(char *const *)elem, strlen(k));
}

static const char *oracle_find(const oracle *o, const char *key)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s ", key);
    char *const *hit = bsearch(buf, o->lines, o->n, sizeof *o->lines, cmp_prefix);
    if (!hit) {
        print_error("oracle has no '%s'\n", key);
        fail();
    }
    return *hit + strlen(buf);
}

static size_t oracle_count(const oracle *o, const char *prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < o->n; i++) n += strncmp(o->lines[i], prefix, strlen(prefix)) == 0;
    return n;
}

/* |got - want| <= rel |want| (plus a floor for values at 0). */
static void assert_rel(const char *what, double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want) + 1e-12)) {
        print_error("%s = %.17g, statsmodels %.17g (relative %.3g > %g)\n", what, got, want,
                    fabs(got - want) / fabs(want), rel);
        fail();
    }
}

/* Compares a fit with the oracle's: every coefficient, standard error,
 * the deviances, pseudo R2, the pair count and every expected flow. */
static void compare(const flow_table *fit, const oracle *o)
{
    const double rel = 1e-6;
    size_t K = flow_table_row_count(fit);
    assert_int_equal(K, oracle_count(o, "coef "));
    const double *est = flow_table_doubles(fit, table_col(fit, "estimate"));
    const double *se = flow_table_doubles(fit, table_col(fit, "std_error"));
    const double *z = flow_table_doubles(fit, table_col(fit, "z"));
    const double *p = flow_table_doubles(fit, table_col(fit, "p_value"));
    size_t cterm = table_col_typed(fit, "term", FLOW_COLUMN_TEXT);
    for (size_t k = 0; k < K; k++) {
        char key[256];
        snprintf(key, sizeof key, "coef %s", flow_table_text(fit, cterm, k));
        const char *rest = oracle_find(o, key);
        char *end = NULL;
        double e = strtod(rest, &end), s = strtod(end, NULL);
        assert_rel(key, est[k], e, rel);
        assert_rel("std_error", se[k], s, rel);
        assert_close(z[k], est[k] / se[k], 1e-12);
        assert_close(p[k], erfc(fabs(z[k]) / sqrt(2.0)), 1e-12);
    }
    assert_rel("deviance", flow_table_scalar(fit, "deviance"), strtod(oracle_find(o, "deviance"), NULL), rel);
    assert_rel("null_deviance", flow_table_scalar(fit, "null_deviance"),
               strtod(oracle_find(o, "null_deviance"), NULL), rel);
    assert_rel("pseudo_r2", flow_table_scalar(fit, "pseudo_r2"),
               strtod(oracle_find(o, "pseudo_r2"), NULL), rel);
    assert_true(flow_table_scalar(fit, "n_pairs") == strtod(oracle_find(o, "n_pairs"), NULL));
    assert_true(flow_table_scalar(fit, "converged") == 1);

    const flow_table *pairs = flow_table_part(fit, "pairs");
    assert_non_null(pairs);
    size_t cs = table_col_typed(pairs, "source", FLOW_COLUMN_NODE);
    size_t ct = table_col_typed(pairs, "target", FLOW_COLUMN_NODE);
    const double *obs = flow_table_doubles(pairs, table_col(pairs, "observed"));
    const double *ex = flow_table_doubles(pairs, table_col(pairs, "expected"));
    const double *exc = flow_table_doubles(pairs, table_col(pairs, "excess"));
    const double *ratio = flow_table_doubles(pairs, table_col(pairs, "ratio"));
    size_t fitted = 0;
    for (size_t r = 0; r < flow_table_row_count(pairs); r++) {
        assert_true(exc[r] == obs[r] - ex[r]);
        if (ex[r] == 0) {
            assert_true(isnan(ratio[r]));
            continue;
        }
        assert_true(ratio[r] == obs[r] / ex[r]);
        char key[256];
        snprintf(key, sizeof key, "mu %s %s", flow_table_text(pairs, cs, r), flow_table_text(pairs, ct, r));
        assert_rel(key, ex[r], strtod(oracle_find(o, key), NULL), rel);
        fitted++;
    }
    assert_int_equal(fitted, oracle_count(o, "mu "));
}

static flow_selection *select_trade(flow_network *net, const char *factor, int first, int last)
{
    flow_selection *sel = NULL;
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_ok(flow_selection_set_factors(sel, &factor, 1));
    assert_flow_ok(flow_selection_set_years(sel, first, last));
    return sel;
}

/* ---- cross-checks on generated data ------------------------------------------------- */

static void check_generated(const char *tag, const gen_spec *g, const flow_gravity_options *o,
                            const char *oracle_options)
{
    char dir[512];
    data_dir(dir, sizeof dir, tag);
    generate(dir, g);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    flow_selection *sel = select_trade(net, "trade", 2020, 2020);
    flow_table *fit = NULL;
    assert_flow_ok(flow_gravity_fit(&fit, sel, o));
    assert_string_equal(flow_table_name(fit), "gravity");
    assert_string_equal(flow_table_meta(fit, "std_error"), "robust HC0");
    assert_int_equal(flow_table_row_count(flow_table_part(fit, "pairs")), (size_t)(g->n * (g->n - 1)));
    oracle orc;
    char opts[512];
    snprintf(opts, sizeof opts, "factor=trade;years=2020-2020;%s", oracle_options);
    run_oracle(&orc, dir, opts);
    compare(fit, &orc);
    oracle_free(&orc);
    flow_table_free(fit);
    flow_selection_free(sel);
    flow_network_free(net);
    remove_dir(dir);
}

static void test_gravity__fixed_effects_match_statsmodels(void **state)
{
    (void)state;
    gen_spec g = {.n = 30, .seed = 11, .fe = 1, .elasticity = -1.0, .zero_share = 0.3, .noise = 0.5};
    flow_gravity_options o;
    assert_flow_ok(flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION));
    const char *same[] = {"G1"}, *bound[] = {"bloc"};
    o.same_groups = same;
    o.same_group_count = 1;
    o.boundaries = bound;
    o.boundary_count = 1;
    check_generated("fe", &g, &o, "fe=1;same=G1;boundary=bloc");
}

static void test_gravity__separation_and_any_group_match_statsmodels(void **state)
{
    (void)state;
    gen_spec g = {.n = 24, .seed = 5, .fe = 1, .elasticity = -1.2, .zero_share = 0.45,
                  .noise = 0.8, .separation = 1};
    flow_gravity_options o;
    assert_flow_ok(flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION));
    const char *bound[] = {"kind", "bloc"};
    o.same_group_any = 1;
    o.boundaries = bound;
    o.boundary_count = 2;
    check_generated("sep", &g, &o, "fe=1;same_group_any=1;boundary=kind,bloc");

    /* the warning names the dropped nodes */
    char dir[512];
    data_dir(dir, sizeof dir, "sep2");
    generate(dir, &g);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    flow_selection *sel = select_trade(net, "trade", 2020, 2020);
    flow_table *fit = NULL;
    assert_flow_ok(flow_gravity_fit(&fit, sel, &o));
    const char *w = flow_table_meta(fit, "warning");
    assert_non_null(w);
    assert_non_null(strstr(w, "'N23'"));
    assert_non_null(strstr(w, "without outflow"));
    assert_non_null(strstr(w, "'N22'"));
    assert_non_null(strstr(w, "without inflow"));
    assert_non_null(strstr(flow_last_warning(), "N23"));
    assert_true(flow_table_scalar(fit, "n_pairs") == 24.0 * 23 - 23 - 23 + 1);
    flow_table_free(fit);
    flow_selection_free(sel);
    flow_network_free(net);
    remove_dir(dir);
}

/* Distances from a pair file and contiguity from another (CRLF, quoted
 * ids) give the fit of the same terms computed by the oracle itself. */
static void test_gravity__pair_files_match_statsmodels(void **state)
{
    (void)state;
    gen_spec g = {.n = 26, .seed = 17, .fe = 1, .elasticity = -0.8, .zero_share = 0.3, .noise = 0.5};
    char dir[512], dist[600], contig[600];
    data_dir(dir, sizeof dir, "files");
    snprintf(dist, sizeof dist, "%s/distances.csv", dir);
    snprintf(contig, sizeof contig, "%s/contiguity.csv", dir);
    flow_gravity_options o;
    assert_flow_ok(flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION));
    o.distance = FLOW_GRAVITY_DISTANCE_FILE;
    o.distance_file = dist;
    o.contiguity_file = contig;
    char oopts[700];
    snprintf(oopts, sizeof oopts, "fe=1;contig=%s", contig);
    check_generated("files", &g, &o, oopts);
}

static void test_gravity__masses_match_statsmodels(void **state)
{
    (void)state;
    gen_spec g = {.n = 35, .seed = 3, .fe = 0, .elasticity = -0.9, .zero_share = 0.2, .noise = 0.6};
    flow_gravity_options o;
    assert_flow_ok(flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION));
    const char *masses[] = {"gdp"}, *same[] = {"G3"};
    o.fixed_effects = 0;
    o.masses = masses;
    o.mass_count = 1;
    o.same_groups = same;
    o.same_group_count = 1;
    check_generated("mass", &g, &o, "fe=0;masses=gdp;same=G3");
}

/* The distance elasticity of data drawn with -1.0 is recovered within one
 * standard error; and within three on four more draws. */
static void test_gravity__recovers_known_elasticity(void **state)
{
    (void)state;
    for (uint32_t seed = 21; seed < 26; seed++) {
        gen_spec g = {.n = 40, .seed = seed, .fe = 1, .elasticity = -1.0, .zero_share = 0.25,
                      .noise = 0.5};
        char dir[512], tag[32];
        snprintf(tag, sizeof tag, "el%u", seed);
        data_dir(dir, sizeof dir, tag);
        generate(dir, &g);
        flow_network *net = NULL;
        assert_flow_ok(flow_io_load(&net, dir));
        flow_selection *sel = select_trade(net, "trade", 2020, 2020);
        flow_gravity_options o;
        assert_flow_ok(flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION));
        const char *same[] = {"G1"}, *bound[] = {"bloc"};
        o.same_groups = same;
        o.same_group_count = 1;
        o.boundaries = bound;
        o.boundary_count = 1;
        flow_table *fit = NULL;
        assert_flow_ok(flow_gravity_fit(&fit, sel, &o));
        const double *est = flow_table_doubles(fit, table_col(fit, "estimate"));
        const double *se = flow_table_doubles(fit, table_col(fit, "std_error"));
        assert_string_equal(flow_table_text(fit, 0, 0), "log_distance");
        print_message("seed %u: log_distance %.4f (se %.4f), same_group:G1 %.4f (se %.4f)\n", seed,
                      est[0], se[0], est[1], se[1]);
        assert_true(fabs(est[0] + 1.0) < (seed == 21 ? 1 : 3) * se[0]);
        assert_true(fabs(est[1] - 0.5) < 3 * se[1]);
        assert_true(fabs(est[2] + 0.3) < 3 * se[2]);
        flow_table_free(fit);
        flow_selection_free(sel);
        flow_network_free(net);
        remove_dir(dir);
    }
}

/* ---- real flows: the China census migration ------------------------------------- */

static void check_census(int year, flow_gravity_options *o, const char *oracle_options)
{
    const char *data = SHARED_DATA("china_census_migration");
    skip_unless_exists(data);
    const char *coords = FLOW_DATA "/china/nodes.csv";
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, data));
    flow_selection *sel = select_trade(net, "migration", year, year);
    o->distance = FLOW_GRAVITY_DISTANCE_FILE;
    o->distance_file = coords; /* id,lat,lon: a coordinate file */
    flow_table *fit = NULL;
    assert_flow_ok(flow_gravity_fit(&fit, sel, o));
    assert_null(flow_table_meta(fit, "warning"));
    oracle orc;
    char opts[1024];
    snprintf(opts, sizeof opts, "factor=migration;years=%d-%d;coords=%s;%s", year, year, coords,
             oracle_options);
    run_oracle(&orc, data, opts);
    compare(fit, &orc);
    print_message("census %d: log_distance %.4f, pseudo_r2 %.4f, %g steps\n", year,
                  flow_table_doubles(fit, 1)[0], flow_table_scalar(fit, "pseudo_r2"),
                  flow_table_scalar(fit, "iterations"));
    oracle_free(&orc);
    flow_table_free(fit);
    flow_selection_free(sel);
    flow_network_free(net);
}

static void test_gravity__china_census_matches_statsmodels(void **state)
{
    (void)state;
    flow_gravity_options o;
    assert_flow_ok(flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION));
    o.same_group_any = 1;
    check_census(2000, &o, "fe=1;same_group_any=1");
    assert_flow_ok(flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION));
    const char *same[] = {"East", "West"};
    o.same_groups = same;
    o.same_group_count = 2;
    check_census(2010, &o, "fe=1;same=East,West");
}

/* ---- errors ------------------------------------------------------------------------ */

static flow_network *small_network(int with_coords)
{
    flow_network *net = NULL;
    assert_flow_ok(flow_network_new(&net));
    const char *ids[] = {"A", "B", "C", "D"};
    for (int i = 0; i < 4; i++) {
        assert_flow_ok(flow_network_add_node(net, ids[i], NULL, "region", NULL));
        if (with_coords) {
            assert_flow_ok(flow_network_set_number(net, ids[i], "lat", 30 + i));
            assert_flow_ok(flow_network_set_number(net, ids[i], "lon", 100 + 2 * i));
        }
    }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            if (i != j)
                assert_flow_ok(flow_network_add_flow(net, ids[i], ids[j], "talent", 1 + i + 2 * j + (i * j) % 3, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "A", "capital", 5, 2020));
    assert_flow_ok(flow_network_add_flow(net, "A", "B", "capital", 5, 2019));
    return net;
}

static void test_gravity__bad_input_errors(void **state)
{
    (void)state;
    flow_network *net = small_network(0);
    flow_selection *sel = select_trade(net, "talent", 2020, 2020);
    flow_table *fit = (flow_table *)&fit;
    /* no coordinates */
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, NULL));
    assert_null(fit);
    assert_error_contains("coordinates");
    assert_error_contains("'lat'");
    flow_network_free(net);
    flow_selection_free(sel);

    net = small_network(1);
    /* a factor whose flows touch one node */
    sel = select_trade(net, "capital", 2020, 2020);
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, NULL));
    assert_error_contains("only one node ('A')");
    flow_selection_free(sel);
    /* a year without flows */
    sel = select_trade(net, "talent", 2018, 2018);
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, NULL));
    assert_error_contains("no flow");
    assert_error_contains("2018");
    flow_selection_free(sel);
    /* several factors; undirected */
    assert_flow_ok(flow_selection_new(&sel, net));
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, NULL));
    assert_error_contains("one factor");
    flow_selection_free(sel);
    sel = select_trade(net, "talent", 2020, 2020);
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, NULL));
    assert_error_contains("undirected");
    assert_flow_ok(flow_selection_set_directed(sel, 1));

    flow_gravity_options o;
    assert_flow_ok(flow_gravity_options_init(&o, FLOW_GRAVITY_OPTIONS_VERSION));
    /* a term constant over the pairs: every node is a region */
    const char *kind[] = {"kind"};
    o.boundaries = kind;
    o.boundary_count = 1;
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, &o));
    assert_error_contains("'boundary:kind'");
    /* unknown group, attribute */
    o.boundary_count = 0;
    const char *nog[] = {"Nope"};
    o.same_groups = nog;
    o.same_group_count = 1;
    assert_flow_fails(FLOW_ENOTFOUND, flow_gravity_fit(&fit, sel, &o));
    assert_error_contains("'Nope'");
    o.same_group_count = 0;
    const char *noattr[] = {"lati"};
    o.boundaries = noattr;
    o.boundary_count = 1;
    assert_flow_fails(FLOW_ENOTFOUND, flow_gravity_fit(&fit, sel, &o));
    assert_error_contains("did you mean 'lat'");
    o.boundary_count = 0;
    /* masses with fixed effects; a missing distance file */
    const char *m[] = {"lat"};
    o.masses = m;
    o.mass_count = 1;
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, &o));
    assert_error_contains("fixed_effects");
    o.mass_count = 0;
    o.distance = FLOW_GRAVITY_DISTANCE_FILE;
    o.distance_file = FLOW_TEST_TMPDIR "/no-such-distances.csv";
    assert_flow_fails(FLOW_ENOTFOUND, flow_gravity_fit(&fit, sel, &o));
    assert_error_contains("no-such-distances.csv");
    /* not converging in one step, strict and not */
    o.distance = FLOW_GRAVITY_DISTANCE_LAT_LON;
    o.max_iterations = 1;
    assert_flow_fails(FLOW_ECONVERGE, flow_gravity_fit(&fit, sel, &o));
    assert_error_contains("did not converge");
    o.strict = 0;
    assert_flow_ok(flow_gravity_fit(&fit, sel, &o));
    assert_true(flow_table_scalar(fit, "converged") == 0);
    assert_non_null(strstr(flow_table_meta(fit, "warning"), "did not converge"));
    flow_table_free(fit);
    /* options */
    o.version = 99;
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, &o));
    assert_flow_fails(FLOW_EINVAL, flow_gravity_options_init(&o, 99));
    assert_flow_fails(FLOW_EINVAL, flow_gravity_options_init(NULL, FLOW_GRAVITY_OPTIONS_VERSION));
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(NULL, sel, NULL));
    assert_flow_fails(FLOW_EMISUSE, flow_gravity_fit(&fit, NULL, NULL));
    flow_selection_free(sel);
    flow_network_free(net);
}

/* ---- layers -------------------------------------------------------------------------- */

static void test_gravity__layers(void **state)
{
    (void)state;
    char dir[512];
    data_dir(dir, sizeof dir, "layer");
    gen_spec g = {.n = 20, .seed = 7, .fe = 1, .elasticity = -1.0, .zero_share = 0.3, .noise = 0.5};
    generate(dir, &g);
    flow_network *net = NULL;
    assert_flow_ok(flow_io_load(&net, dir));
    flow_selection *sel = select_trade(net, "trade", 2020, 2020);
    flow_table *fit = NULL;
    assert_flow_ok(flow_gravity_fit(&fit, sel, NULL));
    const flow_table *pairs = flow_table_part(fit, "pairs");
    const double *ex = flow_table_doubles(pairs, table_col(pairs, "expected"));
    const double *exc = flow_table_doubles(pairs, table_col(pairs, "excess"));
    const int64_t *ps = flow_table_ints(pairs, table_col(pairs, "source"));
    const int64_t *pt = flow_table_ints(pairs, table_col(pairs, "target"));
    size_t np = flow_table_row_count(pairs), positive = 0;
    double excess_total = 0;
    for (size_t r = 0; r < np; r++)
        if (exc[r] > 0) positive++, excess_total += exc[r];

    /* excess: one edge per pair with observed > expected, weighing the excess */
    assert_flow_ok(flow_selection_set_layer(sel, FLOW_LAYER_EXCESS, fit));
    flow_table *gt = NULL;
    assert_flow_ok(flow_selection_table(&gt, sel));
    assert_int_equal(flow_table_row_count(gt), positive);
    const int64_t *gs = flow_table_ints(gt, table_col(gt, "source"));
    const int64_t *gtt = flow_table_ints(gt, table_col(gt, "target"));
    const double *gw = flow_table_doubles(gt, table_col(gt, "weight"));
    for (size_t e = 0, r = 0; e < flow_table_row_count(gt); e++, r++) {
        while (!(exc[r] > 0)) r++; /* edges come in the fit's pair order */
        assert_int_equal(gs[e], ps[r]);
        assert_int_equal(gtt[e], pt[r]);
        assert_true(gw[e] == exc[r]);
    }
    assert_non_null(strstr(flow_table_meta(gt, "layer"), "excess"));
    flow_table_free(gt);
    /* any analysis runs on it: in-strength sums the excess */
    flow_table *s = NULL;
    assert_flow_ok(flow_centrality_compute(&s, sel, FLOW_IN_STRENGTH, NULL));
    const double *sv = flow_table_doubles(s, 1);
    double sum = 0;
    for (size_t v = 0; v < flow_table_row_count(s); v++) sum += sv[v];
    assert_close(sum, excess_total, 1e-12);
    assert_non_null(strstr(flow_table_meta(s, "layer"), "gravity fit of trade"));
    flow_table_free(s);
    flow_table *parts = NULL;
    assert_flow_ok(flow_cluster_detect(&parts, sel, FLOW_CLUSTER_LOUVAIN, NULL));
    flow_table_free(parts);
    /* the backbone filters the excess edges, as the fit's factor */
    flow_table *bb = NULL;
    assert_flow_ok(flow_structure_backbone(&bb, sel, 0.5));
    assert_true(flow_table_row_count(bb) > 0);
    size_t bf = table_col(bb, "factor"), bw = table_col(bb, "weight");
    for (size_t r = 0; r < flow_table_row_count(bb); r++) {
        assert_string_equal(flow_table_text(bb, bf, r), "trade");
        int found = 0;
        for (size_t q = 0; q < np && !found; q++)
            found = exc[q] > 0 && flow_table_doubles(bb, bw)[r] == exc[q];
        assert_true(found);
    }
    flow_table_free(bb);

    /* expected: every fitted pair; after the fit is freed too */
    assert_flow_ok(flow_selection_set_layer(sel, FLOW_LAYER_EXPECTED, fit));
    size_t fitted = 0;
    for (size_t r = 0; r < np; r++) fitted += ex[r] > 0;
    flow_table_free(fit);
    assert_flow_ok(flow_selection_table(&gt, sel));
    assert_int_equal(flow_table_row_count(gt), fitted);
    flow_table_free(gt);

    /* undirected and rolled up: still the layer, both directions summed */
    assert_flow_ok(flow_selection_set_directed(sel, 0));
    assert_flow_ok(flow_selection_table(&gt, sel));
    assert_int_equal(flow_table_row_count(gt), fitted / 2);
    flow_table_free(gt);
    assert_flow_ok(flow_selection_set_directed(sel, 1));

    /* a fit cannot be made on a layer; back to observed */
    assert_flow_fails(FLOW_EINVAL, flow_gravity_fit(&fit, sel, NULL));
    assert_flow_ok(flow_selection_set_layer(sel, FLOW_LAYER_OBSERVED, NULL));
    assert_flow_ok(flow_selection_table(&gt, sel));
    assert_null(flow_table_meta(gt, "layer"));
    size_t observed_edges = flow_table_row_count(gt);
    flow_table_free(gt);
    assert_true(observed_edges < fitted);

    /* errors: no fit, a table that is not a fit, another network's fit */
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_layer(sel, FLOW_LAYER_EXCESS, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_layer(sel, 7, NULL));
    flow_table *other = NULL;
    assert_flow_ok(flow_selection_table(&other, sel));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_layer(sel, FLOW_LAYER_EXCESS, other));
    assert_error_contains("not a gravity fit");
    flow_table_free(other);
    flow_network *net2 = small_network(1);
    flow_selection *sel2 = select_trade(net2, "talent", 2020, 2020);
    assert_flow_ok(flow_gravity_fit(&other, sel2, NULL));
    assert_flow_fails(FLOW_EINVAL, flow_selection_set_layer(sel, FLOW_LAYER_EXCESS, other));
    assert_error_contains("another network");
    assert_flow_fails(FLOW_EMISUSE, flow_selection_set_layer(NULL, FLOW_LAYER_EXCESS, other));
    flow_table_free(other);
    flow_selection_free(sel2);
    flow_network_free(net2);
    /* the selection is unchanged by the failures: still observed */
    assert_flow_ok(flow_selection_table(&gt, sel));
    assert_int_equal(flow_table_row_count(gt), observed_edges);
    flow_table_free(gt);

    flow_selection_free(sel);
    flow_network_free(net);
    remove_dir(dir);
}

/* The registries name the terms and the layers. */
static void test_gravity__registries(void **state)
{
    (void)state;
    assert_int_equal(flow_registry_lookup("layer", "excess"), FLOW_LAYER_EXCESS);
    assert_int_equal(flow_registry_lookup("layer", "expected"), FLOW_LAYER_EXPECTED);
    assert_string_equal(flow_registry_name("layer", FLOW_LAYER_OBSERVED), "observed");
    assert_true(flow_registry_lookup("gravity_term", "log_distance") >= 0);
    assert_true(flow_registry_lookup("gravity_term", "boundary") >= 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gravity__fixed_effects_match_statsmodels),
        cmocka_unit_test(test_gravity__separation_and_any_group_match_statsmodels),
        cmocka_unit_test(test_gravity__pair_files_match_statsmodels),
        cmocka_unit_test(test_gravity__masses_match_statsmodels),
        cmocka_unit_test(test_gravity__recovers_known_elasticity),
        cmocka_unit_test(test_gravity__china_census_matches_statsmodels),
        cmocka_unit_test(test_gravity__bad_input_errors),
        cmocka_unit_test(test_gravity__layers),
        cmocka_unit_test(test_gravity__registries),
    };
    return cmocka_run_group_tests_name("gravity", tests, NULL, NULL);
}

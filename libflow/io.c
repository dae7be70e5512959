/*
 * Loading CSV data sets (the format is described in libflow/io.h).
 *
 * Outline. Each file is read once into a private buffer and parsed in one
 * pass by a small RFC 4180 state machine, next_row(), that
 * splits a record into field spans pointing into the input, eight bytes a
 * step. Only a quoted field holding doubled quotes is copied, unescaped into
 * a scratch buffer that the row reuses, so nothing is allocated per field or
 * per row: the cost of a flow is the scan, two id look-ups, the weight parse
 * and the merge-table insert.
 *
 * Node ids are looked up in a loader-local open-addressing table keyed by
 * the field's bytes and length, so a field needs no NUL-terminated copy;
 * flow__network_push_node still fills the network's own id table. Files are
 * often sorted, so the last source and target are remembered and compared
 * first; the few factors are compared in turn. With large tables the look-up
 * is a cache miss, so flows.csv is read one row ahead and the next row's id
 * slots are prefetched while the current row is finished. For the same
 * reason checked flows wait in a short queue, and their merge-table slots
 * are prefetched a batch at a time before they are inserted (flow_row).
 *
 * Error locations are not tracked per field: on failure, locate() rescans
 * the current record from its start to find the line and the character
 * column of the offending byte, which keeps column counting off the happy
 * path. Line numbers stay right across line breaks inside quoted fields
 * because next_row() counts them.
 *
 * Files are read with read(), never mapped: a mapping shows a file that
 * another program rewrites or truncates during the load (a truncated mapping
 * raises SIGBUS), while a private copy is a snapshot both nodes.csv passes
 * agree on. The copy lives in an anonymous mapping, so that flows.csv can be
 * released behind the parser (drop_behind) and a large file does not add
 * its whole size to the peak RSS.
 *
 * nodes.csv is parsed twice: the first pass creates the nodes (so that a
 * parent may name a node defined further down) and learns which attribute
 * columns are numeric; the second sets parents and attribute values. Parent
 * cycles are then found in linear time.
 *
 * A large flows.csv is parsed on several threads (flows_parallel, with
 * io_parallel.c): chunks of whole lines are split and checked by workers,
 * and merged in file order by the calling thread, so that the network and
 * the first error are those of one thread. The file is then read as it is
 * parsed, a window of chunks ahead, and released behind.
 *
 * Every loader builds a fresh network and publishes it only on success; a
 * failure frees it and leaves one message set through flow__error_at().
 *
 * Memory: every allocation of a load is made with g_try_* (FLOW_ENOMEM on
 * failure), but two that knowingly abort (GLib's g_malloc): the GString of
 * a parent cycle's message (the error path, at most a few ids), and, on
 * the parallel path, io_parallel.c's threads and per-slot states (one per
 * thread; g_thread_new has no failing-soft form).
 */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "libflow/io.h"
#include "error_internal.h"
#include "io_internal.h"
#include "network_internal.h"

void (*flow__io_test_hook)(int point, const char *path);

/* NUL-terminated field copies alive at once: id + name + kind in nodes.csv,
 * group + role in groups.csv, plus one for the slow number parse. */
#define ZSLOTS 4
#define ZNUM 3
/* Values quoted in messages are clipped to this many bytes. */
#define SHOW_MAX 100
/* A flows file read into an anonymous mapping is released from memory
 * behind the parser in steps of this size, so that a large file does not add its size to the peak RSS. */
#define DROP_STEP ((size_t)64 << 20)

typedef struct {
    const char *p;   /* content: in the input, or in scratch when esc */
    size_t n;        /* content length in bytes */
    const char *raw; /* first byte of the field in the input (the quote if quoted) */
    size_t off;      /* offset of the content in scratch when esc */
    unsigned char esc; /* quoted with doubled quotes: unescaped into scratch */
    unsigned char hi;  /* holds bytes >= 0x80: needs UTF-8 validation */
} field;

/* A slot of the id table, 16 bytes. The id's first bytes are kept in the
 * slot, so that a short id is compared without touching the node array and
 * the interned string (two more cache misses when the table outgrows the
 * cache); a longer id compares its tail through the node. Wider slots that
 * held longer ids measured slower: the table itself then misses more. */
#define KEY_INLINE 8
typedef struct {
    uint32_t node1; /* node index + 1; 0 marks an empty slot */
    uint32_t len;   /* id length in bytes */
    char key[KEY_INLINE];
} idslot;

/* The last node (or factor) an id column resolved to. The id is copied in,
 * so that checking the memo touches no other memory; longer ids are not
 * remembered. */
#define MEMO_MAX 64
typedef struct {
    size_t n; /* 0: empty (ids are never empty) */
    int64_t index;
    char id[MEMO_MAX];
} memo;

static inline void remember(memo *m, const char *id, size_t n, int64_t index)
{
    if (n > MEMO_MAX) return;
    memcpy(m->id, id, n);
    m->n = n;
    m->index = index;
}

/* A record split into fields. */
typedef struct {
    const char *rec, *eor; /* its first byte; where its last field ends */
    size_t rec_line;
    field *f; /* FLOW_IO_MAX_COLUMNS */
    size_t nf;
    char *scratch; /* unescaped quoted fields */
    size_t scratch_len, scratch_cap;
    uint64_t hs, ht; /* hashes of the source and target ids (flows.csv) */
} row;

typedef struct {
    flow_network *net;
    int create; /* unknown ids in flows create nodes (a lone flows file) */
    flow_io_options lim; /* limits; 0 fields are SIZE_MAX / UINT64_MAX */

    /* the file being read */
    const char *file;              /* name used in messages */
    const char *begin, *end, *pos; /* text after any BOM; start of the next record */
    size_t line;                   /* line of pos */
    const char *map;               /* the anonymous mapping holding the input, or NULL */
    size_t dropped;                /* bytes of the mapping already released */
    flow__input *input;            /* the file, when it is still being read (flows.csv) */

    /* records: the one being checked (r), and room for one read ahead */
    row rows[2];
    row *r;

    /* node ids: an open-addressing table, at most half full */
    idslot *ids;
    size_t ids_mask, ids_count;

    char *zbuf; /* ZSLOTS buffers of FLOW_IO_MAX_FIELD + 1 bytes */
    char shown[2][SHOW_MAX + 8];
} loader;

/* ---- messages ----------------------------------------------------------- */

/* Line and character column of `at`, a byte of the current record. */
static void locate(const loader *L, const char *at, size_t *line, size_t *column)
{
    const char *ls = L->r->rec;
    size_t ln = L->r->rec_line, col = 1;
    for (const char *q = L->r->rec; q < at; q++)
        if (*q == '\n' || (*q == '\r' && !(q + 1 < L->end && q[1] == '\n'))) {
            ln++;
            ls = q + 1;
        }
    for (const char *q = ls; q < at; q++) col += ((unsigned char)*q & 0xC0) != 0x80;
    *line = ln;
    *column = col;
}

static int fail(const loader *L, const char *at, int code, const char *fmt, ...)
    FLOW__PRINTF(4, 5);

static int fail(const loader *L, const char *at, int code, const char *fmt, ...)
{
    char body[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    size_t line, column;
    locate(L, at, &line, &column);
    return flow__error_at(code, L->file, line, column, "%s", body);
}

/* A field's text for a message: clipped at SHOW_MAX bytes on a character
 * boundary, so one huge field cannot push the useful part out. */
static const char *show(loader *L, int slot, const char *p, size_t n)
{
    char *d = L->shown[slot];
    size_t k = n;
    if (k > SHOW_MAX) {
        k = SHOW_MAX;
        while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80) k--;
    }
    memcpy(d, p, k);
    strcpy(d + k, k < n ? "..." : "");
    return d;
}

static const char *z(loader *L, int slot, const char *p, size_t n)
{
    char *d = L->zbuf + (size_t)slot * (FLOW_IO_MAX_FIELD + 1);
    memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

/* ---- the record reader -------------------------------------------------- */

/* Bytes that end an unquoted field, and bytes that need a look inside a
 * quoted one (NUL is refused where it stops either). */
static const unsigned char stop[256] = {[0] = 1, [','] = 1, ['\n'] = 1, ['\r'] = 1};
static const unsigned char qstop[256] = {[0] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

static inline uint64_t load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint32_t load4(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Equal byte strings of length n. Fixed-size (overlapping) loads instead of
 * a memcmp call: ids are short, and this runs twice a row. */
static inline int same(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (load8(a + i) != load8(b + i)) return 0;
        return load8(a + n - 8) == load8(b + n - 8);
    }
    if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* The high bit of each zero byte of x. Bits above a zero byte may be set
 * falsely (a borrow), never below one, so the lowest set bit is exact. */
static inline uint64_t zero_bytes(uint64_t x) { return (x - ONES) & ~x & HIGHS; }

/* The first byte at or after p that is NUL, a, b or c (the bytes `table`
 * marks), or end; ORs the bytes passed over into *acc. Eight bytes a step
 * (SWAR) on little-endian machines, where the first match is the lowest. */
static inline const char *scan(const char *p, const char *end, unsigned char a, unsigned char b,
                               unsigned char c, const unsigned char *table, uint64_t *acc)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
    const uint64_t ma = ONES * a, mb = ONES * b, mc = ONES * c;
    for (; end - p >= 8; p += 8) {
        uint64_t v = load8(p);
        uint64_t m = zero_bytes(v) | zero_bytes(v ^ ma) | zero_bytes(v ^ mb) | zero_bytes(v ^ mc);
        if (m) {
            unsigned k = (unsigned)__builtin_ctzll(m) / 8;
            *acc |= v & ((UINT64_C(1) << (8 * k)) - 1);
            return p + k;
        }
        *acc |= v;
    }
#else
    (void)a, (void)b, (void)c;
#endif
    while (p < end && !table[(unsigned char)*p]) *acc |= (unsigned char)*p++;
    return p;
}

static void begin(loader *L, const char *file, const char *data, size_t size, const void *map)
{
    L->file = file;
    L->begin = L->pos = data;
    L->end = data + size;
    L->line = 1;
    L->map = map;
    L->dropped = 0;
    /* A BOM is not a character of line 1: columns count from after it. */
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) L->begin = L->pos = data + 3;
    for (int i = 0; i < 2; i++) {
        L->rows[i].rec = L->rows[i].eor = L->begin;
        L->rows[i].rec_line = 1;
        L->rows[i].nf = 0;
    }
    L->r = &L->rows[0];
}

static int unescape(loader *L, field *f, const char *s, size_t n)
{
    if (L->r->scratch_cap - L->r->scratch_len < n) {
        size_t cap = MAX(MAX(L->r->scratch_cap * 2, L->r->scratch_len + n), (size_t)4096);
        char *p = g_try_realloc(L->r->scratch, cap);
        if (!p) return flow__error_nomem();
        L->r->scratch = p;
        L->r->scratch_cap = cap;
    }
    /* Inside the quotes every '"' is doubled: keep one of each pair. */
    char *d = L->r->scratch + L->r->scratch_len;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        d[m++] = s[i];
        if (s[i] == '"') i++;
    }
    f->off = L->r->scratch_len;
    f->n = m;
    f->esc = 1;
    L->r->scratch_len += m;
    return FLOW_OK;
}

static int field_too_long(const loader *L, const char *at)
{
    return L->lim.max_field == FLOW_IO_MAX_FIELD
               ? fail(L, at, FLOW_ELIMIT, "field longer than %d bytes", FLOW_IO_MAX_FIELD)
               : fail(L, at, FLOW_ELIMIT, "field longer than %zu bytes (flow_io_options.max_field)",
                      L->lim.max_field);
}

/* Reads the next record into L->r->f. Returns 1, 0 at the end of the input,
 * or a negative status. Blank lines are skipped: editors and spreadsheets
 * leave them, and no table here has a one-column row that could be blank. */
static int next_row(loader *L)
{
    const char *p = L->pos, *end = L->end;
    size_t line = L->line;
    int any_esc = 0;
    while (p < end && (*p == '\n' || *p == '\r')) {
        if (*p == '\r' && p + 1 < end && p[1] == '\n') p++;
        p++;
        line++;
    }
    L->pos = p;
    L->line = line;
    if (p >= end) return 0;
    L->r->rec = p;
    L->r->rec_line = line;
    L->r->nf = 0;
    L->r->scratch_len = 0;
    for (;;) {
        if (L->r->nf == FLOW_IO_MAX_COLUMNS)
            return fail(L, p, FLOW_ELIMIT, "more than %d fields in a row", FLOW_IO_MAX_COLUMNS);
        field *f = &L->r->f[L->r->nf++];
        uint64_t acc = 0;
        f->raw = p;
        f->esc = 0;
        if (p < end && *p == '"') {
            const char *s = ++p;
            int esc = 0;
            for (;;) {
                p = scan(p, end, '"', '\n', '\r', qstop, &acc);
                if (p >= end)
                    return fail(L, f->raw, FLOW_EPARSE,
                                "unterminated quoted field (no closing '\"')");
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        esc = 1;
                        p += 2;
                        continue;
                    }
                    break;
                }
                if (*p == '\0')
                    return fail(L, p, FLOW_EPARSE, "NUL byte (the file must be UTF-8 text)");
                if (*p == '\n' || !(p + 1 < end && p[1] == '\n')) line++;
                p++;
            }
            size_t n = (size_t)(p - s);
            p++; /* the closing quote */
            if (p < end && !stop[(unsigned char)*p])
                return fail(L, p, FLOW_EPARSE,
                            "unexpected text after a closing quote (write a quote inside a "
                            "quoted field as \"\")");
            if (n > L->lim.max_field) return field_too_long(L, f->raw);
            if (esc) {
                int rc = unescape(L, f, s, n);
                if (rc < 0) return rc;
                any_esc = 1;
            } else {
                f->p = s;
                f->n = n;
            }
        } else {
            /* A quote inside an unquoted field is kept as text, as most
             * CSV readers do (RFC 4180 leaves it undefined). */
            const char *s = p;
            p = scan(p, end, ',', '\n', '\r', stop, &acc);
            f->p = s;
            f->n = (size_t)(p - s);
            if (f->n > L->lim.max_field) return field_too_long(L, f->raw);
        }
        f->hi = (acc & HIGHS) != 0;
        if (p >= end) {
            L->r->eor = p;
            break;
        }
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == '\0') return fail(L, p, FLOW_EPARSE, "NUL byte (the file must be UTF-8 text)");
        L->r->eor = p;
        if (*p == '\r' && p + 1 < end && p[1] == '\n') p++;
        p++;
        line++;
        break;
    }
    L->pos = p;
    L->line = line;
    if (any_esc)
        for (size_t i = 0; i < L->r->nf; i++)
            if (L->r->f[i].esc) L->r->f[i].p = L->r->scratch + L->r->f[i].off;
    return 1;
}

/* Validates the fields that hold non-ASCII bytes. */
static int check_utf8(const loader *L)
{
    for (size_t i = 0; i < L->r->nf; i++) {
        const field *f = &L->r->f[i];
        const gchar *bad = NULL;
        if (f->hi && !g_utf8_validate_len(f->p, f->n, &bad))
            return fail(L, f->esc ? f->raw : bad, FLOW_EPARSE,
                        "invalid UTF-8 (the file must be UTF-8 text)");
    }
    return FLOW_OK;
}

static int check_count(const loader *L, size_t ncol)
{
    if (L->r->nf == ncol) return FLOW_OK;
    const char *at = L->r->nf > ncol ? L->r->f[ncol].raw : L->r->eor;
    return fail(L, at, FLOW_EPARSE, "expected %zu fields as in the header, found %zu", ncol,
                L->r->nf);
}

/* Reads the header row and finds the named columns (col[i] = field index
 * or -1). Names are trimmed of blanks in place. */
static int read_header(loader *L, const char *const *names, size_t nnames, size_t nrequired,
                       ptrdiff_t *col)
{
    for (size_t i = 0; i < nnames; i++) col[i] = -1;
    int rc = next_row(L);
    if (rc < 0) return rc;
    if (rc == 0) return flow__error_at(FLOW_EPARSE, L->file, 1, 1, "empty file, expected a header row");
    if ((rc = check_utf8(L)) < 0) return rc;
    for (size_t j = 0; j < L->r->nf; j++) {
        field *f = &L->r->f[j];
        while (f->n && (f->p[0] == ' ' || f->p[0] == '\t')) f->p++, f->n--;
        while (f->n && (f->p[f->n - 1] == ' ' || f->p[f->n - 1] == '\t')) f->n--;
        for (size_t k = 0; k < j && f->n; k++)
            if (L->r->f[k].n == f->n && memcmp(L->r->f[k].p, f->p, f->n) == 0)
                return fail(L, f->raw, FLOW_EPARSE, "duplicate column '%s' (also column %zu)",
                            show(L, 0, f->p, f->n), k + 1);
        for (size_t i = 0; i < nnames; i++)
            if (strlen(names[i]) == f->n && memcmp(names[i], f->p, f->n) == 0) col[i] = (ptrdiff_t)j;
    }
    for (size_t i = 0; i < nrequired; i++) {
        if (col[i] >= 0) continue;
        /* Name the columns found: the usual cause is a misspelt or
         * differently cased name. */
        char have[512];
        size_t len = 0;
        have[0] = '\0';
        for (size_t j = 0; j < L->r->nf; j++) {
            const char *name = show(L, 0, L->r->f[j].p, L->r->f[j].n);
            if (len + strlen(name) + 12 > sizeof have) {
                strcpy(have + len, ", ...");
                break;
            }
            len += (size_t)snprintf(have + len, sizeof have - len, "%s'%s'", j ? ", " : "", name);
        }
        return fail(L, L->r->rec, FLOW_EPARSE, "missing required column '%s' (the header has %s)",
                    names[i], have);
    }
    return FLOW_OK;
}

/* ---- numbers ------------------------------------------------------------ */

static int blank(char c) { return c == ' ' || c == '\t'; }
static int digit(char c) { return c >= '0' && c <= '9'; }

static void trim(const char **p, size_t *n)
{
    while (*n && blank(**p)) (*p)++, (*n)--;
    while (*n && blank((*p)[*n - 1])) (*n)--;
}

static const double pow10s[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Parses a plain decimal number, [sign] digits [. digits] [e [sign] digits],
 * with blanks around. Returns 1 with the value in *v (+-inf when it
 * overflows), 0 when the text is not such a number (hex, nan, inf, junk),
 * -1 when it is blank.
 *
 * Most weights have few digits: a mantissa below 2^53 times a power of ten
 * up to 1e22 is exact in doubles, so one multiply or divide gives the
 * correctly rounded result (Clinger's fast path). Anything else goes to
 * g_ascii_strtod, which is correctly rounded and locale independent. */
static int parse_number(loader *L, const char *p, size_t n, double *v)
{
    trim(&p, &n);
    if (!n) return -1;
    const char *s = p, *e = p + n;
    int neg = 0, nd = 0, exact = 1;
    long exp10 = 0;
    uint64_t m = 0;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    for (; p < e && digit(*p); p++, nd++) {
        if (m < 100000000000000000ull)
            m = m * 10 + (uint64_t)(*p - '0');
        else
            exact = 0;
    }
    if (p < e && *p == '.')
        for (p++; p < e && digit(*p); p++, nd++) {
            if (m < 100000000000000000ull) {
                m = m * 10 + (uint64_t)(*p - '0');
                exp10--;
            } else {
                exact = 0;
            }
        }
    if (!nd) return 0;
    if (p < e && (*p == 'e' || *p == 'E')) {
        int eneg = 0;
        long x = 0;
        p++;
        if (p < e && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p == e || !digit(*p)) return 0;
        for (; p < e && digit(*p); p++)
            if (x < 100000) x = x * 10 + (*p - '0');
        exp10 += eneg ? -x : x;
    }
    if (p != e) return 0;
    if (exact && m <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        double d = (double)m;
        d = exp10 >= 0 ? d * pow10s[exp10] : d / pow10s[-exp10];
        *v = neg ? -d : d;
        return 1;
    }
    *v = g_ascii_strtod(z(L, ZNUM, s, n), NULL);
    return 1;
}

/* "1,5": a number written with a decimal comma. */
static int decimal_comma(const char *p, size_t n)
{
    size_t i = 0, a, b;
    trim(&p, &n);
    if (i < n && (p[i] == '+' || p[i] == '-')) i++;
    for (a = i; i < n && digit(p[i]); i++) {}
    if (i == a || i >= n || p[i] != ',') return 0;
    for (b = ++i; i < n && digit(p[i]); i++) {}
    return i > b && i == n;
}

/* "nan", "inf", "infinity", any case, with a sign: what strtod would take
 * for a non-finite value. */
static int nonfinite_word(const char *p, size_t n)
{
    trim(&p, &n);
    if (n && (*p == '+' || *p == '-')) p++, n--;
    return (n == 3 && (g_ascii_strncasecmp(p, "nan", 3) == 0 || g_ascii_strncasecmp(p, "inf", 3) == 0)) ||
           (n == 8 && g_ascii_strncasecmp(p, "infinity", 8) == 0);
}

static int weight_of(loader *L, const field *f, double *w)
{
    int k = parse_number(L, f->p, f->n, w);
    if (k == 1 && *w > 0 && isfinite(*w)) return FLOW_OK;
    if (k < 0) return fail(L, f->raw, FLOW_EPARSE, "weight is empty");
    const char *s = show(L, 0, f->p, f->n);
    if (k == 0 && decimal_comma(f->p, f->n))
        return fail(L, f->raw, FLOW_EPARSE,
                    "weight '%s' is not a number (a decimal comma? write '.' as the decimal "
                    "point)", s);
    if (k == 0 && nonfinite_word(f->p, f->n))
        return fail(L, f->raw, FLOW_EPARSE, "weight '%s' is not a finite number", s);
    if (k == 0) return fail(L, f->raw, FLOW_EPARSE, "weight '%s' is not a number", s);
    if (!isfinite(*w))
        return fail(L, f->raw, FLOW_EPARSE, "weight '%s' is out of range (not a finite number)",
                    s);
    return fail(L, f->raw, FLOW_EPARSE, "weight '%s' must be > 0", s);
}

static int year_of(loader *L, const field *f, int32_t *year)
{
    const char *p = f->p;
    size_t n = f->n, i = 0;
    long y = 0;
    int neg = 0;
    trim(&p, &n);
    *year = FLOW_NO_YEAR;
    if (!n) return FLOW_OK;
    if (p[0] == '+' || p[0] == '-') neg = p[i++] == '-';
    if (i == n) goto not_integer;
    for (; i < n; i++) {
        if (!digit(p[i])) goto not_integer;
        if (y <= FLOW__YEAR_MAX) y = y * 10 + (p[i] - '0');
    }
    if (y > FLOW__YEAR_MAX)
        return fail(L, f->raw, FLOW_EPARSE, "year '%s' is outside [%d, %d]", show(L, 0, f->p, f->n),
                    FLOW__YEAR_MIN, FLOW__YEAR_MAX);
    *year = (int32_t)(neg ? -y : y);
    return FLOW_OK;
not_integer:
    return fail(L, f->raw, FLOW_EPARSE, "year '%s' is not an integer", show(L, 0, f->p, f->n));
}

/* ---- node ids ----------------------------------------------------------- */

/* A multiply-xorshift hash over 8-byte words with a splitmix finaliser;
 * the tail is read with two overlapping fixed-size loads (as wyhash does),
 * which compile to plain moves where a variable memcpy would be a call. */
static inline uint64_t hash_bytes(const char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t h = (uint64_t)n * k, v;
    for (; n > 8; p += 8, n -= 8) {
        h = (h ^ load8(p)) * k;
        h ^= h >> 32;
    }
    if (n >= 4)
        v = (uint64_t)load4(p) << 32 | load4(p + n - 4);
    else if (n)
        v = (uint64_t)(unsigned char)p[0] << 16 | (uint64_t)(unsigned char)p[n / 2] << 8 |
            (unsigned char)p[n - 1];
    else
        v = 0;
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 29);
}

static const char *node_id(const loader *L, size_t k)
{
    return g_array_index(L->net->nodes, flow__node, k).id;
}

static int64_t id_find(const loader *L, const char *p, size_t n, uint64_t h)
{
    if (!L->ids) return -1;
    for (size_t i = h & L->ids_mask;; i = (i + 1) & L->ids_mask) {
        const idslot *s = &L->ids[i];
        if (!s->node1) return -1;
        if (s->len != n || !same(s->key, p, MIN(n, (size_t)KEY_INLINE))) continue;
        if (n > KEY_INLINE &&
            !same(node_id(L, s->node1 - 1) + KEY_INLINE, p + KEY_INLINE, n - KEY_INLINE))
            continue;
        return (int64_t)s->node1 - 1;
    }
}

static void id_put(idslot *slots, size_t mask, uint64_t h, const char *id, size_t n, size_t k)
{
    size_t i = h & mask;
    while (slots[i].node1) i = (i + 1) & mask;
    slots[i].node1 = (uint32_t)(k + 1);
    slots[i].len = (uint32_t)n;
    memcpy(slots[i].key, id, MIN(n, (size_t)KEY_INLINE));
}

static int id_add(loader *L, size_t k, uint64_t h)
{
    size_t size = L->ids ? L->ids_mask + 1 : 0;
    if ((L->ids_count + 1) * 2 > size) {
        size_t nsize = size ? size * 2 : 1024;
        idslot *slots = g_try_new0(idslot, nsize);
        if (!slots) return flow__error_nomem();
        for (size_t j = 0; j < L->ids_count; j++) {
            const char *id = node_id(L, j);
            size_t n = strlen(id);
            id_put(slots, nsize - 1, hash_bytes(id, n), id, n, j);
        }
        g_free(L->ids);
        L->ids = slots;
        L->ids_mask = nsize - 1;
    }
    const char *id = node_id(L, k);
    id_put(L->ids, L->ids_mask, h, id, strlen(id), k);
    L->ids_count++;
    return FLOW_OK;
}

static int unknown_id(loader *L, const field *f)
{
    const char *near = flow__network_suggest_node(L->net, z(L, 0, f->p, f->n));
    const char *s = show(L, 0, f->p, f->n);
    if (near)
        return fail(L, f->raw, FLOW_ENOTFOUND, "unknown node id '%s' (did you mean '%s'?)", s,
                    show(L, 1, near, strlen(near)));
    return fail(L, f->raw, FLOW_ENOTFOUND, "unknown node id '%s'", s);
}

static int64_t new_node(loader *L, const field *id, const field *name, const field *kind,
                        uint64_t h)
{
    int rc;
    if (L->net->nodes->len >= UINT32_MAX - 1)
        return fail(L, id->raw, FLOW_ELIMIT, "more than %u nodes", UINT32_MAX - 2);
    if (L->net->nodes->len >= L->lim.max_nodes)
        return fail(L, id->raw, FLOW_ELIMIT, "more than %zu nodes (flow_io_options.max_nodes)",
                    L->lim.max_nodes);
    int64_t k = flow__network_push_node(L->net, z(L, 0, id->p, id->n),
                                        name ? z(L, 1, name->p, name->n) : NULL,
                                        kind ? z(L, 2, kind->p, kind->n) : NULL, -1);
    if (k < 0) return flow_last_error_code();
    if ((rc = id_add(L, (size_t)k, h)) < 0) return rc;
    return k;
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

static inline int memo_hit(const memo *m, const field *f)
{
    return f->n == m->n && m->n && same(f->p, m->id, f->n);
}

/* Hashes an id and starts loading its slot, so that the cache miss overlaps
 * with other work on the row. */
static inline uint64_t prefetch_id(const loader *L, const field *f)
{
    uint64_t h = hash_bytes(f->p, f->n);
    if (L->ids) PREFETCH(&L->ids[h & L->ids_mask]);
    return h;
}

/* The node an id field names, given its hash, when the memo missed; in a
 * lone flows file an unknown id creates it. Returns the node index or a
 * negative status. */
static int64_t node_at(loader *L, memo *m, const field *f, uint64_t h, const char *what)
{
    if (!f->n) return fail(L, f->raw, FLOW_EPARSE, "%s id is empty", what);
    int64_t k = id_find(L, f->p, f->n, h);
    if (k < 0) {
        if (!L->create) return unknown_id(L, f);
        if ((k = new_node(L, f, NULL, NULL, h)) < 0) return k;
    }
    remember(m, f->p, f->n, k);
    return k;
}

static int64_t node_of(loader *L, memo *m, const field *f, const char *what)
{
    return memo_hit(m, f) ? m->index : node_at(L, m, f, hash_bytes(f->p, f->n), what);
}

/* ---- nodes.csv ---------------------------------------------------------- */

enum { N_ID, N_NAME, N_KIND, N_PARENT, N_COLS };

typedef struct {
    size_t col;
    char *name;
    int numeric;
    int64_t index;
} attr_col;

typedef struct {
    size_t off, line; /* where the node's row starts, for messages */
} row_at;

/* Re-reads the row of node k, to place a message on one of its fields. */
static int reread(loader *L, const flow__array *where, size_t k)
{
    const row_at *w = &g_array_index(where, row_at, k);
    L->pos = L->begin + w->off;
    L->line = w->line;
    int rc = next_row(L);
    return rc < 0 ? rc : FLOW_OK;
}

/* Finds a parent cycle in linear time: walk up from each node, marking the
 * path; meeting a node of the current path closes a cycle. */
static int check_cycles(loader *L, const flow__array *where, size_t parent_col)
{
    int rc = FLOW_OK;
    flow__array *nodes = L->net->nodes;
    size_t n = nodes->len;
    guint8 *state = NULL; /* 0 unseen, 1 on the current path, 2 done */
    GString *list = NULL;
    if (!n) goto done;
    if (!(state = g_try_malloc0(n))) {
        rc = flow__error_nomem();
        goto done;
    }
#define PARENT(k) (g_array_index(nodes, flow__node, (k)).parent)
    for (size_t i = 0; i < n; i++) {
        int64_t k = (int64_t)i;
        while (k >= 0 && !state[k]) {
            state[k] = 1;
            k = PARENT(k);
        }
        if (k >= 0 && state[k] == 1) {
            /* Name the cycle from its member listed first in the file. */
            int64_t first = k, len = 0;
            for (int64_t j = PARENT(k); j != k; j = PARENT(j))
                if (j < first) first = j;
            list = g_string_new(NULL);
            int64_t j = first;
            do {
                if (len++ < 12)
                    g_string_append_printf(list, "'%s' -> ", node_id(L, (size_t)j));
                else if (len == 13)
                    g_string_append(list, "... -> ");
                j = PARENT(j);
            } while (j != first);
            g_string_append_printf(list, "'%s'", node_id(L, (size_t)first));
            if ((rc = reread(L, where, (size_t)first)) < 0) goto done;
            rc = fail(L, L->r->f[parent_col].raw, FLOW_EPARSE, "parent cycle: %s", list->str);
            goto done;
        }
        for (int64_t j = (int64_t)i; j >= 0 && state[j] == 1; j = PARENT(j)) state[j] = 2;
    }
#undef PARENT
done:
    g_free(state);
    if (list) g_string_free(list, TRUE);
    return rc;
}

static int load_nodes(loader *L)
{
    static const char *const names[N_COLS] = {"id", "name", "kind", "parent"};
    int rc;
    ptrdiff_t col[N_COLS];
    flow__array *attrs = flow__array_new(sizeof(attr_col));
    flow__array *where = flow__array_new(sizeof(row_at));
    flow_network *net = L->net;
    if (!attrs || !where) {
        rc = FLOW_ENOMEM;
        goto done;
    }
    if ((rc = read_header(L, names, N_COLS, 1, col)) < 0) goto done;
    size_t ncol = L->r->nf;
    for (size_t j = 0; j < ncol; j++) {
        int known = 0;
        for (size_t i = 0; i < N_COLS; i++) known |= col[i] == (ptrdiff_t)j;
        if (known) continue;
        const field *f = &L->r->f[j];
        if (!f->n) {
            rc = fail(L, f->raw, FLOW_EPARSE, "column %zu has no name", j + 1);
            goto done;
        }
        attr_col a = {j, NULL, 1, -1};
        if ((rc = flow__array_reserve(attrs, 1)) < 0 || !(a.name = flow__strndup(f->p, f->n))) {
            rc = FLOW_ENOMEM;
            goto done;
        }
        flow__array_append(attrs, &a); /* reserved */
    }
    const char *body = L->pos;
    size_t body_line = L->line;

    /* Pass 1: create the nodes; learn which attribute columns are numeric. */
    while ((rc = next_row(L)) > 0) {
        if ((rc = check_count(L, ncol)) < 0 || (rc = check_utf8(L)) < 0) goto done;
        const field *id = &L->r->f[col[N_ID]];
        if (!id->n) {
            rc = fail(L, id->raw, FLOW_EPARSE, "node id is empty");
            goto done;
        }
        uint64_t h = hash_bytes(id->p, id->n);
        int64_t dup = id_find(L, id->p, id->n, h);
        if (dup >= 0) {
            rc = fail(L, id->raw, FLOW_EPARSE, "duplicate node id '%s' (first on line %zu)",
                      show(L, 0, id->p, id->n), g_array_index(where, row_at, dup).line);
            goto done;
        }
        int64_t k = new_node(L, id, col[N_NAME] >= 0 ? &L->r->f[col[N_NAME]] : NULL,
                             col[N_KIND] >= 0 ? &L->r->f[col[N_KIND]] : NULL, h);
        if (k < 0) {
            rc = (int)k;
            goto done;
        }
        row_at w = {(size_t)(L->r->rec - L->begin), L->r->rec_line};
        if ((rc = flow__array_append(where, &w)) < 0) goto done;
        for (guint a = 0; a < attrs->len; a++) {
            attr_col *ac = &g_array_index(attrs, attr_col, a);
            double v = 0;
            int k2 = ac->numeric ? parse_number(L, L->r->f[ac->col].p, L->r->f[ac->col].n, &v) : -1;
            if (k2 == 0 || (k2 == 1 && !isfinite(v))) ac->numeric = 0;
        }
    }
    if (rc < 0) goto done;
    for (guint a = 0; a < attrs->len; a++) {
        attr_col *ac = &g_array_index(attrs, attr_col, a);
        if ((ac->index = flow__network_attr(net, ac->name, ac->numeric)) < 0) {
            rc = flow_last_error_code();
            goto done;
        }
    }

    /* Pass 2: parents (every node exists now) and attribute values. It
     * reads the same private copy as pass 1, so row i is node i; the check
     * keeps that an invariant rather than an assumption. */
    if (flow__io_test_hook) flow__io_test_hook(FLOW__IO_BETWEEN_PASSES, L->file);
    L->pos = body;
    L->line = body_line;
    for (size_t i = 0; (rc = next_row(L)) > 0; i++) {
        if (i >= net->nodes->len) {
            rc = fail(L, L->r->rec, FLOW_EIO, "the file changed while it was read");
            goto done;
        }
        if (col[N_PARENT] >= 0 && L->r->f[col[N_PARENT]].n) {
            const field *f = &L->r->f[col[N_PARENT]];
            int64_t p = id_find(L, f->p, f->n, hash_bytes(f->p, f->n));
            if (p < 0) {
                const char *near = flow__network_suggest_node(net, z(L, 0, f->p, f->n));
                const char *s = show(L, 0, f->p, f->n);
                rc = near ? fail(L, f->raw, FLOW_ENOTFOUND,
                                 "unknown parent id '%s' (did you mean '%s'?)", s,
                                 show(L, 1, near, strlen(near)))
                          : fail(L, f->raw, FLOW_ENOTFOUND, "unknown parent id '%s'", s);
                goto done;
            }
            g_array_index(net->nodes, flow__node, i).parent = p;
        }
        for (guint a = 0; a < attrs->len; a++) {
            const attr_col *ac = &g_array_index(attrs, attr_col, a);
            const field *f = &L->r->f[ac->col];
            const char *p = f->p;
            size_t n = f->n;
            double v;
            trim(&p, &n);
            if (!n) continue; /* a blank cell is a missing value */
            if (ac->numeric && parse_number(L, p, n, &v) == 1)
                rc = flow__network_attr_set_number(net, (size_t)ac->index, i, v);
            else if (!ac->numeric)
                rc = flow__network_attr_set_text(net, (size_t)ac->index, i, z(L, 0, f->p, f->n));
            if (rc < 0) goto done;
        }
    }
    if (rc < 0) goto done;
    if (col[N_PARENT] >= 0) rc = check_cycles(L, where, (size_t)col[N_PARENT]);
done:
    for (guint a = 0; attrs && a < attrs->len; a++) g_free(g_array_index(attrs, attr_col, a).name);
    flow__array_free(attrs);
    flow__array_free(where);
    return rc;
}

/* ---- flows.csv ---------------------------------------------------------- */

enum { F_SOURCE, F_TARGET, F_FACTOR, F_WEIGHT, F_YEAR, F_UNIT, F_COLS };

/* Where the input ends: flows.csv may be read only in part yet. */
static const char *input_end(const loader *L)
{
    const flow__input *in = L->input;
    return in && in->fd >= 0 ? in->data + in->total : L->end;
}

/* Reads the rest of flows.csv, if it is still being read. */
static int read_all(loader *L)
{
    flow__input *in = L->input;
    if (!in || in->fd < 0) return FLOW_OK;
    int rc = flow__io_read_more(in, L->file, SIZE_MAX);
    L->end = in->data + in->len;
    return rc;
}

/* Rows still to come, from the mean line length of the next 64 KiB: one
 * reservation sized close to the real count keeps the flow arrays from
 * doubling (and overshooting) while loading. */
static size_t estimate_rows(const loader *L)
{
    size_t left = (size_t)(input_end(L) - L->pos), lines = 0;
    size_t sample = MIN(MIN(left, (size_t)(L->end - L->pos)), (size_t)1 << 16);
    for (const char *q = L->pos, *e = L->pos + sample; q < e && (q = memchr(q, '\n', (size_t)(e - q))); q++)
        lines++;
    if (!lines) return left ? 1 : 0;
    double rows = (double)left * (double)lines / (double)sample * 1.02 + 1;
    return (size_t)MIN(rows, (double)MIN((size_t)(UINT32_MAX / 2), left / 8 + 1));
}

/* Releases the pages of the private copy before upto_ptr; nothing before
 * the current record is read again. */
static void drop_behind(loader *L, const char *upto_ptr)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t upto = (size_t)(upto_ptr - L->map) / page * page;
    if (upto > L->dropped) {
        madvise((void *)(L->map + L->dropped), upto - L->dropped, MADV_DONTNEED);
        L->dropped = upto;
    }
}

/* The factor a field names, declared on first use. Data sets have a
 * handful of factors, often interleaved row by row, so the first FACTOR_MEMO
 * are compared in turn before any copy or hash. */
#define FACTOR_MEMO 16
static int64_t factor_of(loader *L, memo *m, const field *f)
{
    size_t known = MIN((size_t)L->net->factors->len, (size_t)FACTOR_MEMO);
    for (size_t i = 0; i < known; i++)
        if (memo_hit(&m[i], f)) return m[i].index;
    if (!f->n) return fail(L, f->raw, FLOW_EPARSE, "factor is empty");
    int64_t k = flow__network_factor(L->net, z(L, 0, f->p, f->n), 1);
    if (k < 0) return flow_last_error_code();
    if (k < FACTOR_MEMO) remember(&m[k], f->p, f->n, k);
    return k;
}

/* Sets the unit of factor k on its first mention; a different unit later is
 * an error naming where the first came from. */
static int unit_of(loader *L, flow__array *unit_line, int64_t k, const field *u)
{
    flow__factor *fa = &g_array_index(L->net->factors, flow__factor, k);
    if (strncmp(fa->unit, u->p, u->n) == 0 && fa->unit[u->n] == '\0') return FLOW_OK;
    if (unit_line->len <= (guint)k) {
        if (flow__array_reserve(unit_line, (size_t)k + 1 - unit_line->len) < 0) return FLOW_ENOMEM;
        for (size_t none = 0; unit_line->len <= (guint)k;)
            flow__array_append(unit_line, &none); /* reserved */
    }
    if (*fa->unit)
        return fail(L, u->raw, FLOW_EPARSE, "factor '%s' has unit '%s' (line %zu), not '%s'",
                    fa->name, fa->unit, g_array_index(unit_line, size_t, k),
                    show(L, 0, u->p, u->n));
    const char *iu = flow__network_intern(L->net, z(L, 0, u->p, u->n));
    if (!iu) return FLOW_ENOMEM;
    fa->unit = iu;
    g_array_index(unit_line, size_t, k) = L->r->rec_line;
    return FLOW_OK;
}

/* Checked rows wait in a queue of two batches for their merge-table
 * insert (see flow_row). */
#define BATCH 16
#define QUEUE (2 * BATCH)

/* A checked row waiting for its merge-table insert. */
typedef struct {
    uint32_t s, t, f;
    int32_t year;
    double w;
    uint64_t h;              /* flow__network_flow_hash of the key */
    const char *rec, *wraw;  /* for messages: the record, its weight field */
    size_t line;             /* line of the record */
} pending;

typedef struct {
    ptrdiff_t col[F_COLS];
    size_t ncol;
    memo ms, mt, mf[FACTOR_MEMO]; /* last source, target; first factors */
    flow__array *unit_line;       /* size_t per factor: line of its first unit */
    pending queue[QUEUE];         /* checked rows, oldest at head */
    size_t head, count, fresh;    /* fresh: the newest, not yet prefetched */
} flows_ctx;

/* Hashes the ids of a row just read and starts loading their slots; the
 * row is checked once the one before it is done. A hash of 0 means "not
 * computed" (a real 0 is only computed again). */
static void look_ahead(const loader *L, const flows_ctx *c, row *r)
{
    r->hs = r->ht = 0;
    if (r->nf != c->ncol) return; /* refused when its turn comes */
    const field *fs = &r->f[c->col[F_SOURCE]], *ft = &r->f[c->col[F_TARGET]];
    if (!memo_hit(&c->ms, fs)) r->hs = prefetch_id(L, fs);
    if (!memo_hit(&c->mt, ft)) r->ht = prefetch_id(L, ft);
}

/* The end of a row's checks, the same for the serial reader and the
 * parallel merge: the row's unit against its factor's, then the pending
 * flow with the row's place for messages. */
static int finish_row(loader *L, const flows_ctx *c, int64_t s, int64_t t, int64_t f,
                      int32_t year, double w, pending *p)
{
    const row *r = L->r;
    int rc;
    if (c->col[F_UNIT] >= 0 && r->f[c->col[F_UNIT]].n &&
        (rc = unit_of(L, c->unit_line, f, &r->f[c->col[F_UNIT]])) < 0)
        return rc;
    p->s = (uint32_t)s;
    p->t = (uint32_t)t;
    p->f = (uint32_t)f;
    p->year = year;
    p->w = w;
    p->rec = r->rec;
    p->wraw = r->f[c->col[F_WEIGHT]].raw;
    p->line = r->rec_line;
    return FLOW_OK;
}

/* Checks the row L->r and fills *p with its flow. */
static int check_flow_row(loader *L, flows_ctx *c, pending *p)
{
    int rc;
    row *r = L->r;
    if ((rc = check_count(L, c->ncol)) < 0 || (rc = check_utf8(L)) < 0) return rc;
    const field *fs = &r->f[c->col[F_SOURCE]], *ft = &r->f[c->col[F_TARGET]];
    const field *fw = &r->f[c->col[F_WEIGHT]];
    int64_t s = 0, t = 0, f = 0;
    double w = 0;
    int32_t year = FLOW_NO_YEAR;
    /* Problems are reported in column order; the weight is parsed first
     * only to give the id slots more time to arrive. */
    int wk = parse_number(L, fw->p, fw->n, &w);
    if ((s = memo_hit(&c->ms, fs) ? c->ms.index
                                  : node_at(L, &c->ms, fs, r->hs ? r->hs : hash_bytes(fs->p, fs->n),
                                            "source")) < 0 ||
        (t = memo_hit(&c->mt, ft) ? c->mt.index
                                  : node_at(L, &c->mt, ft, r->ht ? r->ht : hash_bytes(ft->p, ft->n),
                                            "target")) < 0 ||
        (f = factor_of(L, c->mf, &r->f[c->col[F_FACTOR]])) < 0)
        return (int)MIN(MIN(s, t), f);
    if (!(wk == 1 && w > 0 && isfinite(w)) && (rc = weight_of(L, fw, &w)) < 0) return rc;
    if (c->col[F_YEAR] >= 0 && (rc = year_of(L, &r->f[c->col[F_YEAR]], &year)) < 0) return rc;
    return finish_row(L, c, s, t, f, year, w, p);
}

static int flows_serial(loader *L, flows_ctx *c, const char *stop_at);
static int flows_parallel(loader *L, flows_ctx *c);

/* Not a status of the API: push_pending's "max_flows passed". */
#define FLOW__OVER_MAX_FLOWS (-1000)

/* Inserts the oldest waiting rows until `keep` are left. A failure is
 * reported at the row it belongs to. */
static int push_pending(loader *L, flows_ctx *c, size_t keep)
{
    while (c->count > keep) {
        const pending *p = &c->queue[c->head];
        int rc = flow__network_push_flow_hashed(L->net, p->s, p->t, p->f, p->w, p->year, p->h);
        if (rc == FLOW_OK && L->net->nflows > L->lim.max_flows) rc = FLOW__OVER_MAX_FLOWS;
        if (rc < 0) {
            row here = *L->r, *saved = L->r;
            here.rec = p->rec;
            here.rec_line = p->line;
            L->r = &here;
            if (rc == FLOW_EINVAL)
                rc = fail(L, p->wraw, FLOW_EPARSE,
                          "the summed weight of the repeated flow '%s' -> '%s' (%s) overflows",
                          node_id(L, p->s), node_id(L, p->t),
                          g_array_index(L->net->factors, flow__factor, p->f).name);
            else if (rc == FLOW_ELIMIT)
                rc = fail(L, p->rec, FLOW_ELIMIT, "%s", flow_last_error());
            else if (rc == FLOW__OVER_MAX_FLOWS)
                rc = fail(L, p->rec, FLOW_ELIMIT, "more than %zu flows (flow_io_options.max_flows)",
                          L->lim.max_flows);
            L->r = saved;
            return rc;
        }
        c->head = (c->head + 1) % QUEUE;
        c->count--;
    }
    c->fresh = MIN(c->fresh, c->count);
    return FLOW_OK;
}

/* Checks the row L->r and queues its flow. With millions of flows the
 * merge table is far larger than the caches and the TLB, so inserting at
 * once stalls on a miss every row; prefetching one row at a time helps
 * less than expected, as the CPU overlaps only the page walks that sit
 * close together in the instruction stream. So rows are hashed as they
 * come, each batch of BATCH rows has its slots prefetched in one tight
 * loop, and the batch before it, whose slots have arrived meanwhile, is
 * inserted. A row that fails its checks first settles the rows before it,
 * so that the first error in the file is the one reported. */
static int queue_flow(loader *L, flows_ctx *c, pending *p, int rc);

static int flow_row(loader *L, flows_ctx *c)
{
    pending *p = &c->queue[(c->head + c->count) % QUEUE];
    return queue_flow(L, c, p, check_flow_row(L, c, p));
}

/* Queues the flow p that a check returned rc for (see flow_row). */
static int queue_flow(loader *L, flows_ctx *c, pending *p, int rc)
{
    if (rc < 0) {
        int rc2 = push_pending(L, c, 0);
        return rc2 < 0 ? rc2 : rc;
    }
    p->h = flow__network_flow_hash(p->s, p->t, p->f, p->year);
    c->count++;
    if (++c->fresh < BATCH) return FLOW_OK;
    for (size_t j = c->count - BATCH; j < c->count; j++)
        flow__network_prefetch_flow(L->net, c->queue[(c->head + j) % QUEUE].h);
    c->fresh = 0;
    return push_pending(L, c, BATCH);
}

/* ---- flows.csv on several threads -------------------------------------- */

/* A large flows.csv is cut into chunks of whole lines (io_parallel.c). A
 * worker splits the rows of a chunk, checks what depends on the row alone
 * (field count, UTF-8, weight, year) and numbers the chunk's node ids in
 * first appearance, with the serial reader's own functions on a loader of
 * its own; the calling thread then takes the chunks in file order, makes
 * the chunk's new ids nodes in that order, and does what depends on the
 * rows before (factors, units, the merge), as check_flow_row does. A row
 * the worker does not take as it is (any problem, or an id, factor or unit
 * with doubled quotes, or a quoted field cut by the chunk's end) stops the
 * chunk: from that row on flows_serial reads the file, reporting the first
 * error exactly as without threads, up to the first row boundary at or
 * after the chunk's end, where the workers' chunks take over again. */

size_t flow__io_parallel_min_bytes = (size_t)16 << 20;
size_t flow__io_chunk_bytes = (size_t)1 << 20;
size_t flow__io_parallel_rows;

/* A row as a worker left it. Offsets are from the record's start; the
 * factor's and the unit's fields are kept for the merge, the weight's for
 * messages. */
typedef struct {
    const char *rec;
    uint32_t ls, lt; /* source and target: ids of the chunk (local_id) */
    double w;
    uint32_t line; /* line breaks between the chunk's start and the record */
    int32_t year;
    uint32_t foff, flen, uoff, ulen, woff;
    uint32_t quoted; /* bit 0: the factor is quoted; bit 1: the unit */
} parsed_row;

/* A node id as first seen in a chunk. The chunk's ids are numbered in
 * the order they first appear (source before target in a row), so that
 * adding the new ones to the network chunk after chunk numbers the nodes
 * as the serial reader does. */
typedef struct {
    const char *p;
    uint32_t n;
    uint32_t row; /* the row it first appears in */
    uint64_t h;   /* hash_bytes */
} local_id;

typedef struct {
    loader W;            /* the worker's reader (no network) */
    parsed_row *rows;
    size_t n, cap;
    local_id *ids;       /* the chunk's distinct node ids */
    size_t nids, ids_cap;
    uint64_t *slots;     /* open addressing over ids: the hash's high half, index + 1 (0: empty) */
    size_t slots_mask;
    uint32_t *node;      /* per local id: the node (apply_flows_chunk) */
    const char *stop;    /* NULL, or where the rows not taken start */
    size_t stop_line;    /* line breaks before stop */
    size_t lines;        /* line breaks in the chunk */
    int nomem;
} flows_chunk;

typedef struct {
    loader *L;
    flows_ctx *c;
    size_t line;      /* line of the next chunk's start (or of stop) */
    const char *resume; /* where the serial reader stopped, past a chunk's start */
    int read_rc;        /* a failure to read more of the file */
} flows_job;

/* The chunk's number for the id p[0, n), first seen in row `first`; -1 when
 * out of memory. */
static int64_t local_intern(flows_chunk *k, const char *p, size_t n, size_t first)
{
    uint64_t h = hash_bytes(p, n);
    if ((k->nids + 1) * 2 > k->slots_mask + 1 || !k->slots) {
        size_t size = k->slots ? (k->slots_mask + 1) * 2 : (size_t)1 << 16;
        uint64_t *slots = g_try_new0(uint64_t, size);
        if (!slots) return -1;
        for (size_t j = 0; j < k->nids; j++) {
            size_t i = k->ids[j].h & (size - 1);
            while (slots[i]) i = (i + 1) & (size - 1);
            slots[i] = (k->ids[j].h & ~(uint64_t)UINT32_MAX) | (j + 1);
        }
        g_free(k->slots);
        k->slots = slots;
        k->slots_mask = size - 1;
    }
    size_t i = h & k->slots_mask;
    const uint64_t tag = h & ~(uint64_t)UINT32_MAX;
    for (; k->slots[i]; i = (i + 1) & k->slots_mask) {
        if ((k->slots[i] & ~(uint64_t)UINT32_MAX) != tag) continue;
        const local_id *d = &k->ids[(k->slots[i] & UINT32_MAX) - 1];
        if (d->h == h && d->n == n && same(d->p, p, n)) return (int64_t)(k->slots[i] & UINT32_MAX) - 1;
    }
    if (k->nids == k->ids_cap) {
        size_t cap = k->ids_cap ? k->ids_cap * 2 : 4096;
        local_id *ids = g_try_renew(local_id, k->ids, cap);
        if (!ids) return -1;
        k->ids = ids;
        k->ids_cap = cap;
    }
    k->ids[k->nids] = (local_id){p, (uint32_t)n, (uint32_t)first, h};
    k->slots[i] = tag | ++k->nids;
    return (int64_t)k->nids - 1;
}

static void parse_flows_rows(const flows_job *J, flow__chunk *ch);

/* A worker's parse, also run on the calling thread when it needs the
 * chunk first: the row checks' messages are muted, so that a row the
 * worker leaves to the serial reader (one cut by the chunk's end, say)
 * leaves no message behind on a load that succeeds. */
static void parse_flows_chunk(void *arg, flow__chunk *ch)
{
    int was = flow__error_mute(1);
    parse_flows_rows(arg, ch);
    flow__error_mute(was);
}

static void parse_flows_rows(const flows_job *J, flow__chunk *ch)
{
    const flows_ctx *c = J->c;
    flows_chunk *k = ch->out;
    loader *W = &k->W;
    W->begin = W->pos = ch->begin;
    W->end = ch->end;
    W->line = 0;
    W->r = &W->rows[0];
    k->n = 0;
    k->stop = NULL;
    if (k->slots) memset(k->slots, 0, (k->slots_mask + 1) * sizeof *k->slots);
    k->nids = 0;
    for (;;) {
        const char *pos = W->pos;
        size_t line = W->line;
        int rc = next_row(W);
        if (rc == 0) break;
        parsed_row *p = NULL;
        if (rc > 0 && check_count(W, c->ncol) == FLOW_OK && check_utf8(W) == FLOW_OK &&
            (size_t)(W->r->eor - W->r->rec) < UINT32_MAX) {
            if (k->n == k->cap) {
                size_t cap = k->cap ? k->cap * 2 : 4096;
                parsed_row *rows = g_try_renew(parsed_row, k->rows, cap);
                if (rows) {
                    k->rows = rows;
                    k->cap = cap;
                } else {
                    k->nomem = 1;
                }
            }
            if (k->n < k->cap) p = &k->rows[k->n];
        }
        if (p) {
            const row *r = W->r;
            const field *fw = &r->f[c->col[F_WEIGHT]];
            p->rec = r->rec;
            for (int j = 0; j < F_COLS; j++)
                if (c->col[j] >= 0 && r->f[c->col[j]].esc)
                    p = NULL; /* its text is in the row's scratch buffer */
            if (p) {
                const field *ff = &r->f[c->col[F_FACTOR]];
                const field *fu = c->col[F_UNIT] >= 0 ? &r->f[c->col[F_UNIT]] : NULL;
                p->foff = (uint32_t)(ff->raw - r->rec);
                p->flen = (uint32_t)ff->n;
                p->woff = (uint32_t)(fw->raw - r->rec);
                p->quoted = ff->p != ff->raw;
                if (fu) {
                    p->uoff = (uint32_t)(fu->raw - r->rec);
                    p->ulen = (uint32_t)fu->n;
                    p->quoted |= (uint32_t)(fu->p != fu->raw) << 1;
                }
            }
            if (p && !(parse_number(W, fw->p, fw->n, &p->w) == 1 && p->w > 0 && isfinite(p->w)))
                p = NULL;
            if (p && c->col[F_YEAR] >= 0 && year_of(W, &r->f[c->col[F_YEAR]], &p->year) < 0)
                p = NULL;
            if (p) {
                if (c->col[F_YEAR] < 0) p->year = FLOW_NO_YEAR;
                const field *fs = &r->f[c->col[F_SOURCE]], *ft = &r->f[c->col[F_TARGET]];
                int64_t ls = -1, lt = -1;
                p->line = (uint32_t)(r->rec_line);
                /* An empty id is the serial reader's to report. */
                if (fs->n && ft->n && p->line == r->rec_line && k->n < UINT32_MAX &&
                    (ls = local_intern(k, fs->p, fs->n, k->n)) >= 0 &&
                    (lt = local_intern(k, ft->p, ft->n, k->n)) >= 0) {
                    p->ls = (uint32_t)ls;
                    p->lt = (uint32_t)lt;
                    k->n++;
                } else {
                    if (fs->n && ft->n && p->line == r->rec_line) k->nomem = 1;
                    p = NULL;
                }
            }
        }
        if (!p) {
            k->stop = pos;
            k->stop_line = line;
            return;
        }
    }
    k->lines = W->line;
}

/* Checks a row a worker parsed (now L->r) as check_flow_row does the rest
 * of a row, and fills *p with its flow. */
static int check_parsed_row(loader *L, flows_ctx *c, const flows_chunk *k,
                            const parsed_row *pr, pending *p)
{
    int64_t f = factor_of(L, c->mf, &L->r->f[c->col[F_FACTOR]]);
    if (f < 0) return (int)f;
    return finish_row(L, c, k->node[pr->ls], k->node[pr->lt], f, pr->year, pr->w, p);
}

/* How far ahead of the row being merged the id slots are fetched. */
#define AHEAD 8

static int apply_flows_chunk(void *arg, flow__chunk *ch)
{
    flows_job *J = arg;
    loader *L = J->L;
    flows_ctx *c = J->c;
    flows_chunk *k = ch->out;
    row *r = &L->rows[0];
    int rc;
    size_t n = k->n; /* rows taken as they are */
    const char *from;
    size_t from_line;
    if (J->read_rc < 0) return J->read_rc;
    if (J->resume) {
        /* The serial reader went past this chunk's start (a quoted line
         * break across it): what the worker made of it is not the file's
         * rows. */
        if (J->resume >= ch->end) return FLOW_OK;
        if (J->resume > ch->begin) {
            from = J->resume;
            from_line = J->line;
            goto serial;
        }
        J->resume = NULL;
    }
    if (k->nomem) return flow__error_nomem();
    /* The chunk's new ids become nodes, in the order they first appear. A
     * failure (an unknown id where nodes.csv lists them, a limit) leaves
     * the rows from that id's first row on to the serial reader, which
     * reports it where it belongs. */
    uint32_t *node = g_try_renew(uint32_t, k->node, MAX(k->nids, (size_t)1));
    if (!node) return flow__error_nomem();
    k->node = node;
    for (size_t j = 0; j < k->nids; j++) {
        const local_id *d = &k->ids[j];
        if (L->ids && j + AHEAD < k->nids) PREFETCH(&L->ids[d[AHEAD].h & L->ids_mask]);
        int64_t g = id_find(L, d->p, d->n, d->h);
        if (g < 0 && L->create) {
            field f = {d->p, d->n, d->p, 0, 0, 0};
            if (d->p > ch->begin && d->p[-1] == '"') f.raw = d->p - 1;
            r->rec = k->rows[d->row].rec; /* for new_node's messages */
            r->rec_line = J->line + k->rows[d->row].line;
            L->r = r;
            g = new_node(L, &f, NULL, NULL, d->h);
        }
        if (g < 0) {
            n = d->row;
            break;
        }
        node[j] = (uint32_t)g;
    }
    L->r = r;
    for (size_t i = 0; i < n; i++) {
        const parsed_row *pr = &k->rows[i];
        r->rec = pr->rec;
        r->rec_line = J->line + pr->line;
        field *f = &r->f[c->col[F_FACTOR]];
        f->raw = pr->rec + pr->foff;
        f->p = f->raw + (pr->quoted & 1);
        f->n = pr->flen;
        f->esc = 0;
        if (c->col[F_UNIT] >= 0) {
            f = &r->f[c->col[F_UNIT]];
            f->raw = pr->rec + pr->uoff;
            f->p = f->raw + ((pr->quoted >> 1) & 1);
            f->n = pr->ulen;
            f->esc = 0;
        }
        r->f[c->col[F_WEIGHT]].raw = pr->rec + pr->woff;
        pending *p = &c->queue[(c->head + c->count) % QUEUE];
        if ((rc = queue_flow(L, c, p, check_parsed_row(L, c, k, pr, p))) < 0) return rc;
    }
    flow__io_parallel_rows += n;
    if (n < k->n) {
        from = k->rows[n].rec;
        from_line = J->line + k->rows[n].line;
        goto serial;
    }
    if (k->stop) {
        from = k->stop;
        from_line = J->line + k->stop_line;
        goto serial;
    }
    J->line += k->lines;
    /* Nothing before the chunk, or before a row still queued, is read
     * again: with the file read as it is parsed, only the chunks in
     * flight are in memory. */
    if (L->map) drop_behind(L, c->count ? c->queue[c->head].rec : ch->end);
    return FLOW_OK;
serial:
    /* The rows not taken, serially, to the first row boundary at or after
     * the chunk's end. Nothing is released meanwhile: the threads may be
     * reading the chunks after this one. */
    if ((rc = read_all(L)) < 0) return rc;
    L->pos = from;
    L->line = from_line;
    const char *map = L->map;
    L->map = NULL;
    rc = flows_serial(L, c, ch->end);
    L->map = map;
    if (rc < 0) return rc;
    J->resume = L->pos == ch->end ? NULL : L->pos;
    J->line = L->line;
    return FLOW_OK;
}

/* flow__parallel's `more`: reads flows.csv on as it is parsed. */
static const char *read_on(void *arg, const char *upto)
{
    flows_job *J = arg;
    loader *L = J->L;
    flow__input *in = L->input;
    if (in->fd < 0) return L->end;
    int rc = flow__io_read_more(in, L->file, (size_t)(upto - in->data));
    if (rc < 0) {
        J->read_rc = rc; /* reported by the next chunk's apply */
        close(in->fd);
        in->fd = -1;
        in->total = in->len;
    }
    L->end = in->data + in->len;
    return L->end;
}

/* Reads the flows from L->pos to the end on L->lim.threads threads. */
static int flows_parallel(loader *L, flows_ctx *c)
{
    int rc = FLOW_OK;
    unsigned int threads = L->lim.threads;
    size_t window = (size_t)threads + 2;
    flows_chunk *chunks = g_try_new0(flows_chunk, window);
    flow__chunk *slots = g_try_new0(flow__chunk, window);
    flows_job J = {L, c, L->line, NULL, FLOW_OK};
    flow__io_parallel_rows = 0;
    if (!chunks || !slots) {
        rc = flow__error_nomem();
        goto done;
    }
    for (size_t i = 0; i < window; i++) {
        loader *W = &chunks[i].W;
        W->lim = L->lim;
        W->file = L->file;
        W->rows[0].f = g_try_new(field, FLOW_IO_MAX_COLUMNS);
        W->zbuf = g_try_malloc((size_t)ZSLOTS * (FLOW_IO_MAX_FIELD + 1));
        if (!W->rows[0].f || !W->zbuf) {
            rc = flow__error_nomem();
            goto done;
        }
        slots[i].out = &chunks[i];
    }
    flow__parallel job = {L->pos, L->end, flow__io_chunk_bytes, threads, window, slots, &J,
                          parse_flows_chunk, apply_flows_chunk,
                          L->input && L->input->fd >= 0 ? read_on : NULL};
    rc = flow__io_parallel(&job);
    if (rc == FLOW_OK) rc = J.read_rc;
    if (rc == FLOW_OK) rc = push_pending(L, c, 0);
done:
    for (size_t i = 0; chunks && i < window; i++) {
        g_free(chunks[i].W.rows[0].f);
        g_free(chunks[i].W.rows[0].scratch);
        g_free(chunks[i].W.zbuf);
        g_free(chunks[i].rows);
        g_free(chunks[i].ids);
        g_free(chunks[i].slots);
        g_free(chunks[i].node);
    }
    g_free(chunks);
    g_free(slots);
    return rc;
}

/* Rows are read one ahead of the row being checked: the ids of the next
 * row are hashed and their slots fetched while this one is finished, which
 * hides most of a cache miss per id on tables larger than the cache. */
static int load_flows(loader *L)
{
    static const char *const names[F_COLS] = {"source", "target", "factor", "weight", "year", "unit"};
    int rc;
    flows_ctx c;
    memset(&c, 0, sizeof c);
    if (!(c.unit_line = flow__array_new(sizeof(size_t)))) return FLOW_ENOMEM;
    /* A header longer than the part read so far: all of it, then. */
    if (input_end(L) != L->end && !memchr(L->pos, '\n', (size_t)(L->end - L->pos)) &&
        (rc = read_all(L)) < 0)
        goto done;
    if ((rc = read_header(L, names, F_COLS, 4, c.col)) < 0) goto done;
    c.ncol = L->r->nf;
    if ((rc = flow__network_reserve_flows(L->net, MIN(estimate_rows(L), L->lim.max_flows))) < 0)
        goto done;
    flow__io_parallel_rows = 0;
    if (L->lim.threads > 1 && (size_t)(input_end(L) - L->pos) >= flow__io_parallel_min_bytes)
        rc = flows_parallel(L, &c);
    else if ((rc = read_all(L)) == FLOW_OK)
        rc = flows_serial(L, &c, NULL);
done:
    L->r = &L->rows[0];
    flow__array_free(c.unit_line);
    return rc;
}

/* Reads the flows from L->pos, one row after another, to the end of the
 * file or (stop_at not NULL) to the first row boundary at or after
 * stop_at. */
static int flows_serial(loader *L, flows_ctx *c, const char *stop_at)
{
    int rc, rc2, more;
    row *cur = &L->rows[0], *nxt = &L->rows[1];
    L->r = cur;
    if ((more = next_row(L)) > 0) look_ahead(L, c, cur);
    while (more > 0) {
        const char *npos = L->pos;
        size_t nline = L->line;
        if (stop_at && npos >= stop_at) {
            L->r = cur;
            if ((rc = flow_row(L, c)) < 0) goto done;
            L->pos = npos;
            L->line = nline;
            break;
        }
        L->r = nxt;
        if ((more = next_row(L)) > 0) look_ahead(L, c, nxt);
        L->r = cur;
        if ((rc = flow_row(L, c)) < 0) goto done;
        if (more < 0) {
            /* The next record failed to split; its message comes after
             * this row's, so read it again to report it now. */
            L->pos = npos;
            L->line = nline;
            L->r = nxt;
            if ((more = next_row(L)) > 0) look_ahead(L, c, nxt);
        }
        if (L->map && (size_t)(cur->rec - L->map) - L->dropped >= DROP_STEP) drop_behind(L, cur->rec);
        row *done_row = cur;
        cur = nxt;
        nxt = done_row;
    }
    rc = more < 0 ? more : FLOW_OK;
    /* The rows still waiting come before any error of the next record. */
    if ((rc2 = push_pending(L, c, 0)) < 0) rc = rc2;
done:
    return rc;
}

/* ---- groups.csv --------------------------------------------------------- */

enum { G_GROUP, G_MEMBER, G_ROLE, G_COLS };

/* (group, member node) -> the line of its first row, to refuse (and place)
 * a repeat: open addressing over g_try_* memory, at most half full; a key
 * is (group << 32 | node) + 1, 0 marks an empty slot. */
typedef struct {
    uint64_t key;
    size_t line;
} member_slot;

typedef struct {
    member_slot *slots;
    size_t mask, count;
} member_set;

static size_t member_slot_of(const member_set *ms, uint64_t key)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h ^ h >> 29) & ms->mask;
    while (ms->slots[i].key && ms->slots[i].key != key) i = (i + 1) & ms->mask;
    return i;
}

/* The line of key's first row, or 0. */
static size_t member_line(const member_set *ms, uint64_t key)
{
    return ms->slots ? ms->slots[member_slot_of(ms, key)].line : 0;
}

static int member_add(member_set *ms, uint64_t key, size_t line)
{
    size_t size = ms->slots ? ms->mask + 1 : 0;
    if ((ms->count + 1) * 2 > size) {
        size_t nsize = size ? size * 2 : 64;
        member_slot *old = ms->slots;
        if (nsize > SIZE_MAX / sizeof *old || !(ms->slots = g_try_new0(member_slot, nsize))) {
            ms->slots = old;
            return flow__error_nomem();
        }
        ms->mask = nsize - 1;
        for (size_t i = 0; i < size; i++)
            if (old[i].key) ms->slots[member_slot_of(ms, old[i].key)] = old[i];
        g_free(old);
    }
    member_slot *sl = &ms->slots[member_slot_of(ms, key)];
    sl->key = key;
    sl->line = line;
    ms->count++;
    return FLOW_OK;
}

static int load_groups(loader *L)
{
    static const char *const names[G_COLS] = {"group", "member", "role"};
    int rc;
    ptrdiff_t col[G_COLS];
    memo mm = {0};
    member_set sets = {NULL, 0, 0};
    flow_network *net = L->net;
    L->create = 0;
    if ((rc = read_header(L, names, G_COLS, 2, col)) < 0) goto done;
    size_t ncol = L->r->nf;
    while ((rc = next_row(L)) > 0) {
        if ((rc = check_count(L, ncol)) < 0 || (rc = check_utf8(L)) < 0) goto done;
        const field *g = &L->r->f[col[G_GROUP]], *role = col[G_ROLE] >= 0 ? &L->r->f[col[G_ROLE]] : NULL;
        if (!g->n) {
            rc = fail(L, g->raw, FLOW_EPARSE, "group name is empty");
            goto done;
        }
        int64_t m = node_of(L, &mm, &L->r->f[col[G_MEMBER]], "member");
        if (m < 0) {
            rc = (int)m;
            goto done;
        }
        int64_t k = flow__network_group(net, z(L, 0, g->p, g->n));
        if (k < 0) {
            rc = flow_last_error_code();
            goto done;
        }
        uint64_t key = ((uint64_t)k << 32 | (uint64_t)m) + 1;
        size_t first = member_line(&sets, key);
        if (first) {
            rc = fail(L, L->r->f[col[G_MEMBER]].raw, FLOW_EPARSE,
                      "'%s' is already a member of group '%s' (line %zu)", node_id(L, (size_t)m),
                      show(L, 0, g->p, g->n), first);
            goto done;
        }
        if ((rc = member_add(&sets, key, L->r->rec_line)) < 0) goto done;
        if ((rc = flow__network_group_push(net, (size_t)k, m,
                                           role ? z(L, 1, role->p, role->n) : NULL)) < 0)
            goto done;
    }
done:
    g_free(sets.slots);
    return rc;
}

/* ---- factors.csv -------------------------------------------------------- */

/* factor,unit,kind: a unit (as flows.csv's unit column) and whether the
 * factor is a flow or a stock (flow_network_set_factor_kind()). Read last,
 * so its units are checked against those flows.csv gave. */
enum { FC_FACTOR, FC_UNIT, FC_KIND, FC_COLS };

static int load_factors(loader *L)
{
    static const char *const names[FC_COLS] = {"factor", "unit", "kind"};
    ptrdiff_t col[FC_COLS];
    int rc = read_header(L, names, FC_COLS, 1, col);
    if (rc < 0) return rc;
    size_t ncol = L->r->nf;
    while ((rc = next_row(L)) > 0) {
        if ((rc = check_count(L, ncol)) < 0 || (rc = check_utf8(L)) < 0) return rc;
        const field *f = &L->r->f[col[FC_FACTOR]];
        const field *u = col[FC_UNIT] >= 0 ? &L->r->f[col[FC_UNIT]] : NULL;
        const field *k = col[FC_KIND] >= 0 ? &L->r->f[col[FC_KIND]] : NULL;
        if (!f->n) return fail(L, f->raw, FLOW_EPARSE, "factor name is empty");
        const char *name = z(L, 0, f->p, f->n);
        int kind = FLOW_FACTOR_FLOW;
        if (k && k->n) {
            const char *kw = z(L, 1, k->p, k->n);
            if (strcmp(kw, "stock") == 0)
                kind = FLOW_FACTOR_STOCK;
            else if (strcmp(kw, "flow") != 0)
                return fail(L, k->raw, FLOW_EPARSE,
                            "factor '%s': kind must be 'flow' or 'stock', not '%s'", name,
                            show(L, 0, k->p, k->n));
        }
        if (u && u->n && (rc = flow_network_add_factor(L->net, name, z(L, 1, u->p, u->n))) < 0) {
            char why[512];
            g_strlcpy(why, flow_last_error(), sizeof why);
            return fail(L, u->raw, rc == FLOW_EINVAL ? FLOW_EPARSE : rc, "%s", why);
        }
        if ((rc = flow_network_set_factor_kind(L->net, name, kind)) < 0) return rc;
    }
    return rc;
}

/* ---- files -------------------------------------------------------------- */

/* Line and character column of byte `at` of text (for errors found before
 * the parser runs). */
static void position_of(const char *text, const char *at, size_t *line, size_t *column)
{
    *line = 1;
    *column = 1;
    for (const char *q = text; q < at; q++) {
        if (*q == '\n') {
            ++*line;
            *column = 1;
        } else {
            *column += ((unsigned char)*q & 0xC0) != 0x80;
        }
    }
}

/* Refuses a NUL byte among the first bytes read, before the rest of the
 * input is read: binary data (or /dev/zero behind a pipe) fails at once,
 * not after the whole of it was loaded. UTF-16, whose BOM read_table()
 * reports, is left alone. */
#define EARLY_NUL 4096
static int early_nul(const char *path, const char *data, size_t n)
{
    const unsigned char *u = (const unsigned char *)data;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return FLOW_OK;
    const char *z = memchr(data, '\0', MIN(n, (size_t)EARLY_NUL));
    if (!z) return FLOW_OK;
    size_t line, column;
    position_of(data, z, &line, &column);
    return flow__error_at(FLOW_EPARSE, path, line, column,
                          "NUL byte (the file must be UTF-8 text)");
}

static int open_error(const char *path)
{
    int e = errno;
    struct stat ls;
    if (e == ENOENT && lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode))
        return flow__error(FLOW_ENOTFOUND, "%s: a symbolic link to a missing file", path);
    if (e == ENOENT || e == ENOTDIR) return flow__error(FLOW_ENOTFOUND, "%s: no such file", path);
    return flow__error(FLOW_EIO, "%s: cannot open: %s", path, g_strerror(e));
}

static int too_large(const char *path, uint64_t size, uint64_t max)
{
    return flow__error(FLOW_ELIMIT,
                       "%s: %" PRIu64 " bytes or more, above the limit of %" PRIu64
                       " (flow_io_options.max_file_size)", path, size, max);
}

int flow__io_read(flow__input *in, const char *path, uint64_t max_size)
{
    return flow__io_read_head(in, path, max_size, SIZE_MAX);
}

int flow__io_read_head(flow__input *in, const char *path, uint64_t max_size, size_t head)
{
    int rc = FLOW_OK, fd = -1;
    struct stat st;
    memset(in, 0, sizeof *in);
    in->data = "";
    in->fd = -1;
    /* O_NONBLOCK: opening a FIFO that has no writer must not hang. */
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0) {
        rc = open_error(path);
        goto done;
    }
    if (fstat(fd, &st) < 0) {
        rc = flow__error(FLOW_EIO, "%s: %s", path, g_strerror(errno));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = flow__error(FLOW_EIO, "%s: is a folder, not a file", path);
        goto done;
    }
    if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        rc = flow__error(FLOW_EIO, "%s: is a %s, not a file (libflow reads regular files and pipes)",
                         path, S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "device" : "socket");
        goto done;
    }
    if (S_ISREG(st.st_mode)) {
        if (max_size && (uint64_t)st.st_size > max_size) {
            rc = too_large(path, (uint64_t)st.st_size, max_size);
            goto done;
        }
        if ((uintmax_t)st.st_size > SIZE_MAX / 2) {
            rc = flow__error(FLOW_ELIMIT, "%s: too large to load", path);
            goto done;
        }
        size_t size = (size_t)st.st_size, len = 0;
        if (flow__io_test_hook) flow__io_test_hook(FLOW__IO_OPENED, path);
        if (size == 0) goto done;
        /* One byte more than the file: the copy ends with a NUL. */
        void *m = mmap(NULL, size + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) {
            rc = flow__error_nomem();
            goto done;
        }
        in->map = m;
        in->size = size + 1;
        madvise(m, size + 1, MADV_HUGEPAGE); /* fewer page faults while it fills */
        /* The first st_size bytes are the snapshot: a file that grows
         * meanwhile is read as it was, one that shrinks as it is now. */
        while (len < MIN(size, head)) {
            ssize_t got = read(fd, (char *)m + len, MIN(size - len, (size_t)1 << 30));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                rc = flow__error(FLOW_EIO, "%s: cannot read: %s", path, g_strerror(errno));
                goto done;
            }
            if (got == 0) break;
            if (len == 0 && (rc = early_nul(path, m, (size_t)got)) < 0) goto done;
            len += (size_t)got;
        }
        in->data = m;
        in->len = len;
        if (len < size && len >= MIN(size, head)) {
            /* the rest is for flow__io_read_more */
            in->fd = fd;
            in->total = size;
            fd = -1;
        }
        goto done;
    }
    /* A pipe: blocking reads from here on. A FIFO without a writer reads
     * as empty at once. */
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        rc = flow__error(FLOW_EIO, "%s: %s", path, g_strerror(errno));
        goto done;
    }
    size_t cap = 0, len = 0;
    for (;;) {
        if (cap - len < 2) {
            size_t ncap = cap ? cap * 2 : (size_t)1 << 16;
            char *p = ncap > cap ? g_try_realloc(in->heap, ncap) : NULL;
            if (!p) {
                rc = flow__error_nomem();
                goto done;
            }
            in->heap = p;
            cap = ncap;
        }
        ssize_t got = read(fd, in->heap + len, cap - 1 - len);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            rc = flow__error(FLOW_EIO, "%s: cannot read: %s", path, g_strerror(errno));
            goto done;
        }
        if (got == 0) break;
        len += (size_t)got;
        if (len == (size_t)got && (rc = early_nul(path, in->heap, len)) < 0) goto done;
        if (max_size && len > max_size) {
            rc = too_large(path, len, max_size);
            goto done;
        }
    }
    if (len == 0) {
        rc = flow__error(FLOW_EIO, "%s: a pipe that gave nothing to read (no writer?)", path);
        goto done;
    }
    in->heap[len] = '\0';
    in->data = in->heap;
    in->len = len;
done:
    if (fd >= 0) close(fd);
    if (rc < 0) flow__io_input_free(in);
    return rc;
}

int flow__io_read_more(flow__input *in, const char *path, size_t upto)
{
    char *m = in->map;
    size_t len = in->len;
    while (in->fd >= 0 && len < MIN(upto, in->total)) {
        ssize_t got = read(in->fd, m + len, MIN(MIN(upto, in->total) - len, (size_t)1 << 30));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return flow__error(FLOW_EIO, "%s: cannot read: %s", path, g_strerror(errno));
        if (got == 0) in->total = len; /* it shrank: it ends here now */
        len += (size_t)got;
    }
    in->len = len;
    if (in->fd >= 0 && len >= in->total) {
        close(in->fd);
        in->fd = -1;
    }
    return FLOW_OK;
}

void flow__io_input_free(flow__input *in)
{
    if (in->fd >= 0) close(in->fd);
    if (in->map) munmap(in->map, in->size);
    g_free(in->heap);
    memset(in, 0, sizeof *in);
    in->data = "";
    in->fd = -1;
}

/* Reads one table with `load` (load_nodes, load_flows or load_groups). */
static int read_table(loader *L, const char *name, const char *data, size_t size,
                      const void *map, int (*load)(loader *))
{
    const unsigned char *u = (const unsigned char *)data;
    if (size >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return flow__error_at(FLOW_EPARSE, name, 1, 1,
                              "the file is UTF-16 text: save it as UTF-8");
    begin(L, name, data, size, map);
    return load(L);
}

/* flows.csv on several threads is read as it is parsed: its first chunk
 * first (the header, and a sample of rows to size the flow arrays). */
static int read_file(loader *L, const char *path, int (*load)(loader *))
{
    flow__input in;
    int rc = load == load_flows && L->lim.threads > 1
                 ? flow__io_read_head(&in, path, L->lim.max_file_size, flow__io_chunk_bytes)
                 : flow__io_read(&in, path, L->lim.max_file_size);
    L->input = &in;
    if (rc == FLOW_OK) rc = read_table(L, path, in.data, in.len, in.map, load);
    L->input = NULL;
    flow__io_input_free(&in);
    return rc;
}

/* Version 1 of flow_io_options: the fields before `threads`. */
#define IO_OPTIONS_V1_SIZE offsetof(flow_io_options, threads)
/* The default number of parsing threads is the processors', at most this. */
#define IO_MAX_THREADS 8u

int flow__io_limits(flow_io_options *lim, const flow_io_options *opts, const char *fn)
{
    flow_io_options d = FLOW_IO_OPTIONS_INIT;
    if (!opts) opts = &d;
    if (opts->version != FLOW_IO_OPTIONS_VERSION && opts->version != 1)
        return flow__error(FLOW_EINVAL, "%s: io options version %u is not supported (this library "
                           "knows version %u)", fn, opts->version, FLOW_IO_OPTIONS_VERSION);
    if (opts->max_field > FLOW_IO_MAX_FIELD)
        return flow__error(FLOW_EINVAL, "%s: max_field %zu is above FLOW_IO_MAX_FIELD (%d)", fn,
                           opts->max_field, FLOW_IO_MAX_FIELD);
    /* Version 1 ends before `threads`. */
    *lim = d;
    memcpy(lim, opts, opts->version == 1 ? IO_OPTIONS_V1_SIZE : sizeof *lim);
    if (!lim->threads) lim->threads = MIN(g_get_num_processors(), IO_MAX_THREADS);
    lim->threads = MIN(lim->threads, 64u);
    if (!lim->max_field) lim->max_field = FLOW_IO_MAX_FIELD;
    if (!lim->max_nodes) lim->max_nodes = SIZE_MAX;
    if (!lim->max_flows) lim->max_flows = SIZE_MAX;
    return FLOW_OK;
}

int flow_io_options_init(flow_io_options *opts, unsigned int version)
{
    if (!opts) return flow__error(FLOW_EINVAL, "flow_io_options_init: opts is NULL");
    if (version != FLOW_IO_OPTIONS_VERSION && version != 1)
        return flow__error(FLOW_EINVAL, "io options version %u is not supported (this library "
                           "knows version %u)", version, FLOW_IO_OPTIONS_VERSION);
    flow_io_options d = FLOW_IO_OPTIONS_INIT;
    d.version = version;
    memcpy(opts, &d, version == 1 ? IO_OPTIONS_V1_SIZE : sizeof d);
    return FLOW_OK;
}

static int loader_init(loader *L, const flow_io_options *lim)
{
    int rc;
    memset(L, 0, sizeof *L);
    L->lim = *lim;
    if ((rc = flow_network_new(&L->net)) < 0) return rc;
    L->rows[0].f = g_try_new(field, FLOW_IO_MAX_COLUMNS);
    L->rows[1].f = g_try_new(field, FLOW_IO_MAX_COLUMNS);
    L->zbuf = g_try_malloc((size_t)ZSLOTS * (FLOW_IO_MAX_FIELD + 1));
    L->r = &L->rows[0];
    if (!L->rows[0].f || !L->rows[1].f || !L->zbuf) return flow__error_nomem();
    return FLOW_OK;
}

static void loader_clear(loader *L)
{
    flow_network_free(L->net);
    for (int i = 0; i < 2; i++) {
        g_free(L->rows[i].f);
        g_free(L->rows[i].scratch);
    }
    g_free(L->zbuf);
    g_free(L->ids);
}

/* A data set file in a folder: *out its path, or NULL when it is absent;
 * FLOW_OK or FLOW_ENOMEM. */
static int member_path(const char *dir, const char *name, char **out)
{
    size_t n = strlen(dir);
    char *p = flow__strdup_printf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
    *out = NULL;
    if (!p) return FLOW_ENOMEM;
    struct stat st;
    /* Only a clear "absent" makes it NULL: other failures, and a symbolic
     * link to a missing file, are left for open() to report. */
    if (stat(p, &st) < 0 && (errno == ENOENT || errno == ENOTDIR) && lstat(p, &st) < 0) {
        g_free(p);
        return FLOW_OK;
    }
    *out = p;
    return FLOW_OK;
}

/* ---- provenance ------------------------------------------------------------ */

/* Does the README's front matter say "flows: modelled"? The front matter
 * is the block between a first line "---" (after an optional UTF-8 BOM)
 * and the next line "---"; in it, a line "flows: modelled" (or "flows:
 * observed") states where the flows come from, key and value in any ASCII
 * case, blanks around them ignored. Without it the flows are not called
 * modelled. */
static int says_modelled(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) p += 3;
    for (int line = 0; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
        while (p < e && g_ascii_isspace(*p)) p++;
        while (e > p && g_ascii_isspace(e[-1])) e--;
        int fence = e - p == 3 && memcmp(p, "---", 3) == 0;
        if (line == 0 ? !fence : fence) return 0; /* no front matter, or its end */
        const char *colon = memchr(p, ':', (size_t)(e - p)), *k = colon, *v = colon;
        if (colon) {
            while (k > p && g_ascii_isspace(k[-1])) k--;
            for (v++; v < e && g_ascii_isspace(*v); v++) continue;
            if (k - p == 5 && g_ascii_strncasecmp(p, "flows", 5) == 0)
                return e - v == 8 && g_ascii_strncasecmp(v, "modelled", 8) == 0;
        }
        p = nl ? nl + 1 : end;
    }
    return 0;
}

/* The data folder's README.md: DATA/README.md for a folder (trailing
 * slashes dropped), the README.md beside a flows file ("./README.md" for a
 * bare file name). */
static char *readme_path(const char *path, int is_dir)
{
    size_t len = strlen(path);
    if (!is_dir) {
        const char *slash = strrchr(path, '/');
        if (!slash) return flow__strdup("./README.md");
        len = (size_t)(slash - path);
        if (len == 0) return flow__strdup("/README.md");
    }
    while (len > 1 && path[len - 1] == '/') len--;
    if (len == 1 && path[0] == '/') return flow__strdup("/README.md");
    return flow__strdup_printf("%.*s/README.md", (int)len, path);
}

/* Records the data set's provenance in net: the data folder's README.md
 * when it is a regular file that can be read (anything else counts as no
 * README, and is no error), and whether its front matter says the flows
 * are modelled (says_modelled()). FLOW_OK or FLOW_ENOMEM. */
static int record_provenance(flow_network *net, const char *path, int is_dir)
{
    int rc = FLOW_OK, fd = -1;
    char *readme = readme_path(path, is_dir), *text = NULL;
    size_t cap = 0, len = 0;
    struct stat st;
    if (!readme) return FLOW_ENOMEM;
    if (stat(readme, &st) < 0 || !S_ISREG(st.st_mode)) goto done; /* no README */
    if ((fd = open(readme, O_RDONLY | O_CLOEXEC)) < 0) goto done;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            char *p = ncap > cap ? g_try_realloc(text, ncap) : NULL;
            if (!p) {
                rc = flow__error_nomem();
                goto done;
            }
            text = p;
            cap = ncap;
        }
        ssize_t got = read(fd, text + len, cap - len);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) goto done; /* unreadable: no README */
        if (got == 0) break;
        len += (size_t)got;
    }
    rc = flow__network_set_provenance(net, readme, says_modelled(text, len));
done:
    if (fd >= 0) close(fd);
    g_free(text);
    g_free(readme);
    return rc;
}

int flow__io_load_dataset(flow_network **out, const char *path, const flow_io_options *opts)
{
    int rc = FLOW_OK;
    loader L;
    flow_io_options lim;
    char *nodes = NULL, *flows = NULL, *groups = NULL, *factors = NULL;
    struct stat st;
    memset(&L, 0, sizeof L);
    if (!out) return flow__error(FLOW_EINVAL, "flow_io_load: out is NULL");
    *out = NULL;
    if (!path) return flow__error(FLOW_EINVAL, "flow_io_load: path is NULL");
    if ((rc = flow__io_limits(&lim, opts, "flow_io_load_with")) < 0) return rc;
    if (stat(path, &st) < 0) {
        int e = errno;
        struct stat ls;
        rc = e == ENOENT && lstat(path, &ls) == 0
                 ? flow__error(FLOW_ENOTFOUND, "%s: a symbolic link to a missing file", path)
             : e == ENOENT || e == ENOTDIR
                 ? flow__error(FLOW_ENOTFOUND, "%s: no such file or folder", path)
                 : flow__error(FLOW_EIO, "%s: %s", path, g_strerror(e));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        if ((rc = member_path(path, "flows.csv", &flows)) < 0 ||
            (rc = member_path(path, "nodes.csv", &nodes)) < 0 ||
            (rc = member_path(path, "groups.csv", &groups)) < 0 ||
            (rc = member_path(path, "factors.csv", &factors)) < 0)
            goto done;
        if (!flows) {
            rc = flow__error(FLOW_ENOTFOUND,
                             "%s: the folder has no flows.csv (a data set needs flows.csv; "
                             "nodes.csv and groups.csv are optional)", path);
            goto done;
        }
    } else if (!(flows = flow__strdup(path))) {
        rc = FLOW_ENOMEM;
        goto done;
    }
    if ((rc = loader_init(&L, &lim)) < 0) goto done;
    if (nodes && (rc = read_file(&L, nodes, load_nodes)) < 0) goto done;
    L.create = !nodes;
    if ((rc = read_file(&L, flows, load_flows)) < 0) goto done;
    if (groups && (rc = read_file(&L, groups, load_groups)) < 0) goto done;
    if (factors && (rc = read_file(&L, factors, load_factors)) < 0) goto done;
    if ((rc = record_provenance(L.net, path, S_ISDIR(st.st_mode))) < 0) goto done;
    flow__network_drop_merge_table(L.net); /* 8-13 bytes a flow, made again if needed */
    L.net->load_limits = lim;
    *out = L.net;
    L.net = NULL;
done:
    loader_clear(&L);
    g_free(nodes);
    g_free(flows);
    g_free(groups);
    g_free(factors);
    return rc;
}

int flow_io_load_flows_buffer(flow_network **out, const char *data, size_t size, const char *name)
{
    int rc = FLOW_OK;
    loader L;
    memset(&L, 0, sizeof L);
    if (!out) return flow__error(FLOW_EINVAL, "flow_io_load_flows_buffer: out is NULL");
    *out = NULL;
    if (!data && size) return flow__error(FLOW_EINVAL, "flow_io_load_flows_buffer: data is NULL");
    flow_io_options lim;
    if ((rc = flow__io_limits(&lim, NULL, "flow_io_load_flows_buffer")) < 0) return rc;
    if ((rc = loader_init(&L, &lim)) < 0) goto done;
    L.create = 1;
    if ((rc = read_table(&L, name ? name : "<buffer>", data ? data : "", size, NULL, load_flows)) < 0)
        goto done;
    flow__network_drop_merge_table(L.net);
    *out = L.net;
    L.net = NULL;
done:
    loader_clear(&L);
    return rc;
}

"""Checks of flowctl output used by tests/cli/run.sh (standard library only).

    check.py json FILE [EXPR ...]     FILE is one JSON value; each EXPR, a Python
                                      expression over `d` (the parsed value),
                                      must be true
    check.py csv FILE HEADER [N]      table N (0-based; tables are separated by
                                      a blank line) of the CSV FILE has the
                                      header HEADER (comma-separated) and rows
                                      as long as the header; prints the row count
    check.py aligned FILE HEAD [MIN]  the text table whose header line starts
                                      with HEAD (leading blanks ignored) is
                                      aligned in display columns:
                                      every column starts at the same column
                                      (left-aligned) or ends at the same column
                                      (right-aligned) on every line; needs at
                                      least MIN rows (default 1); prints the
                                      header's column starts
    check.py width TEXT               prints the display width of TEXT

Display width is computed independently of flowctl, from Python's unicodedata:
East Asian Wide and Fullwidth characters take 2 columns, combining marks 0.
"""
import csv
import io
import json
import re
import sys
import unicodedata


def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def fail(msg):
    print("check.py: " + msg, file=sys.stderr)
    sys.exit(1)


def cmd_json(path, exprs):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        d = json.loads(text)
    except ValueError as e:
        fail("%s is not valid JSON: %s" % (path, e))
    for e in exprs:
        try:
            ok = eval(e, {"math": __import__("math"), "d": d})
        except Exception as ex:  # an assertion that cannot be evaluated fails
            fail("%s: %s raised %r" % (path, e, ex))
        if not ok:
            fail("%s: not true: %s" % (path, e))


def cmd_csv(path, header, n=0):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    rows = list(csv.reader(io.StringIO(text)))
    tables, cur = [], []
    for r in rows:
        if r == []:
            tables.append(cur)
            cur = []
        else:
            cur.append(r)
    tables.append(cur)
    if n >= len(tables):
        fail("%s: no table %d (%d tables)" % (path, n, len(tables)))
    t = tables[n]
    want = header.split(",")
    if not t or t[0] != want:
        fail("%s: table %d header %r, expected %r" % (path, n, t[0] if t else None, want))
    for i, r in enumerate(t[1:], 2):
        if len(r) != len(want):
            fail("%s: table %d row %d has %d fields, header %d: %r" % (path, n, i, len(r), len(want), r))
    print(len(t) - 1)


def spans(line):
    """(start, end) display columns of the fields of a line; fields are
    separated by two or more spaces."""
    out, col, pos = [], 0, 0
    for m in re.finditer(r"\S+(?: \S+)*", line):
        col += width(line[pos:m.start()])
        start = col
        col += width(m.group(0))
        out.append((start, col))
        pos = m.end()
    return out


def cmd_aligned(path, word, min_rows=1):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    try:
        first = next(i for i, l in enumerate(lines) if l.lstrip().startswith(word))
    except StopIteration:
        fail("%s: no table header starting with %r" % (path, word))
    block = []
    for l in lines[first:]:
        if l == "" or l.startswith("("):
            break
        block.append(l)
    if len(block) - 1 < min_rows:
        fail("%s: table has %d rows, expected at least %d" % (path, len(block) - 1, min_rows))
    cols = [spans(l) for l in block]
    n = len(cols[0])
    for i, c in enumerate(cols):
        if len(c) != n:
            fail("%s: line %r has %d fields, header %d" % (path, block[i], len(c), n))
    for j in range(n):
        starts = {c[j][0] for c in cols}
        ends = {c[j][1] for c in cols}
        if len(starts) != 1 and len(ends) != 1:
            fail("%s: column %d (%s) is not aligned: starts %s, ends %s" %
                 (path, j, block[0], sorted(starts), sorted(ends)))
    print(" ".join(str(s) for s, _ in cols[0]))


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    what = argv[1]
    if what == "json":
        cmd_json(argv[2], argv[3:])
    elif what == "csv":
        cmd_csv(argv[2], argv[3], int(argv[4]) if len(argv) > 4 else 0)
    elif what == "aligned":
        cmd_aligned(argv[2], argv[3], int(argv[4]) if len(argv) > 4 else 1)
    elif what == "width":
        print(width(argv[2]))
    else:
        fail("unknown check " + what)


if __name__ == "__main__":
    main(sys.argv)

"""Checks of flowctl output used by tests/cli/run.sh (standard library only).

    check.py json FILE [EXPR ...]     FILE is one JSON value; each EXPR, a Python
                                      expression over `d` (the parsed value),
                                      must be true
    check.py csv FILE [HEADER]        FILE is ONE rectangular CSV table (RFC
                                      4180, read by Python's csv module): a
                                      header, then rows as long as the header,
                                      no blank line; with HEADER
                                      (comma-separated), the header is that;
                                      prints the row count
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


def cmd_csv(path, header=None):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        fail("%s: no CSV header" % path)
    for i, r in enumerate(rows, 1):
        if r == []:
            fail("%s: line %d is blank: more than one table" % (path, i))
    if header is not None and rows[0] != header.split(","):
        fail("%s: header %r, expected %r" % (path, rows[0], header.split(",")))
    n = len(rows[0])
    for i, r in enumerate(rows[1:], 2):
        if len(r) != n:
            fail("%s: row %d has %d fields, header %d: %r" % (path, i, len(r), n, r))
    print(len(rows) - 1)


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
        cmd_csv(argv[2], argv[3] if len(argv) > 3 else None)
    elif what == "aligned":
        cmd_aligned(argv[2], argv[3], int(argv[4]) if len(argv) > 4 else 1)
    elif what == "width":
        print(width(argv[2]))
    else:
        fail("unknown check " + what)


if __name__ == "__main__":
    main(sys.argv)

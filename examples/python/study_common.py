"""study_common: the helpers the example studies (study_*.py) share: error
reporting with the studies' exit statuses, loading the data set, the
provenance lines that open every report, the reading's paragraphs wrapped at
78 columns, and main(). The study logic stays in each study's own file.

The twin of examples/study_common.h. A study imports it from its own folder
(which Python puts first on sys.path when it runs the study as a script),
names itself with set_prog(), and takes libflow from here: libflow is
imported from the source tree's bindings when it is not installed.

Options (parse_options()) and the sensitivity over assumption sets
(Sensitivity) as in study_common.h: same options, same messages, same
output.

Exit statuses: 0 ok, 3 bad data (or a data set that lacks what the study
needs: need()), 2 bad usage, 1 any other failure.
"""
import csv
import os
import sys

try:
    import libflow
except ImportError:  # running from a source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "bindings", "python"))
    import libflow

PROG = "study"
BAD_DATA = (libflow.ParseError, libflow.NotFoundError, libflow.FlowIOError, libflow.LimitError)

def set_prog(name):
    """Names the study: the prefix of its messages on stderr."""
    global PROG
    PROG = name


# ---- errors -------------------------------------------------------------------

class Failure(Exception):
    """A failure already reported on stderr; carries the exit status."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def fail(what, error):
    """Reports a libflow error with some context; returns the Failure to
    raise (exit status 3 when the data are at fault)."""
    print("%s: %s: %s" % (PROG, what, error), file=sys.stderr)
    return Failure(3 if isinstance(error, BAD_DATA) else 1)


def bad_data(message):
    """Reports a problem with the data set's content; returns the Failure to
    raise (exit status 3)."""
    print("%s: %s" % (PROG, message), file=sys.stderr)
    return Failure(3)


def main(argv, study, accepts=None, level="region", synopsis="", needs=""):
    """Runs the study; returns the exit status. Without `accepts`:
    study(DATA) (default data/china). With it (OPT_* flags): the options are
    parsed (parse_options()) and study(options) runs."""
    try:
        if accepts is None:
            return study(argv[1] if len(argv) > 1 else "data/china")
        opts = parse_options(argv, accepts, level, synopsis, needs)
        if opts is None:
            return 0
        return study(opts)
    except Failure as f:
        return f.status
    except libflow.FlowError as e:
        return fail("libflow", e).status


# ---- what the data set lacks ----------------------------------------------------

def need(path, what, why):
    """Reports that the data set at `path` lacks `what`, needed for `why`;
    returns the Failure to raise (exit status 3)."""
    print("%s: %s: the data set has no %s (needed for %s); see %s --help"
          % (PROG, path, what, why, PROG), file=sys.stderr)
    return Failure(3)


def has_attr(net, attr):
    """Does any node of net have the attribute `attr`?"""
    return attr in net.table("nodes").column_names[4:]


def is_modelled(net):
    """Does the data set's README say its flows are modelled?"""
    return bool(net.provenance["caution"])


# ---- options ------------------------------------------------------------------

OPT_GROUPS, OPT_LEVEL, OPT_YEARS, OPT_PROGRAMMES, OPT_ASSUMPTIONS = 1, 2, 4, 8, 16
OPT_ALL = 31


class Options:
    """The parsed options: data, groups, level, year_from, year_to (None:
    every year), programmes, assumptions."""

    def __init__(self, level):
        self.data = None
        self.groups = None
        self.level = level
        self.year_from = self.year_to = None
        self.programmes = True
        self.assumptions = None

    def years(self):
        """The years for Network.select(): None, a year, or (from, to)."""
        if self.year_from is None:
            return None
        return self.year_from if self.year_from == self.year_to else (self.year_from, self.year_to)


def usage(out, accepts, synopsis, needs):
    """Prints the usage, as study_usage() in study_common.h."""
    w = out.write
    w("usage: %s [DATA] [options]\n\n%s\n\nDATA is a data set folder (default "
      "data/china).\n\nOptions:\n" % (PROG, synopsis))
    if accepts & OPT_GROUPS:
        w("  --groups FILE         add the groups of FILE (CSV: group,member[,role]) to the data set's\n")
    if accepts & OPT_LEVEL:
        w("  --level KIND          roll the nodes up to KIND (default region)\n")
    if accepts & OPT_YEARS:
        w("  --year Y, --years A-B the years studied (default: every year)\n")
    if accepts & OPT_PROGRAMMES:
        w("  --without-programmes  leave out DATA/programmes/flows.csv\n")
    if accepts & OPT_ASSUMPTIONS:
        w("  --assumptions DIR     recompute the headline numbers on every data set in DIR's\n"
          "                        subfolders (data/china/generate.py --assumption-sets DIR\n"
          "                        writes them) and print their range\n")
    w("  --help                this text\n\nThe data set must contain:\n%s\n" % needs)
    w("\nExit status: 0 ok, 3 the data set is unreadable or lacks what the study needs,\n"
      "2 bad usage, 1 any other failure.\n")


def _parse_years(s, is_range):
    import re
    m = re.fullmatch(r"\s*([-+]?\d+)-([-+]?\d+)" if is_range else r"\s*([-+]?\d+)", s)
    if not m:
        return None
    a = int(m.group(1))
    b = int(m.group(2)) if is_range else a
    if a < -9999 or a > 9999 or b < a or b > 9999:
        return None
    return a, b


def parse_options(argv, accepts, level="region", synopsis="", needs=""):
    """The Options of argv, or None after --help; raises Failure(2) on bad
    usage (reported)."""
    known = {"--groups": (OPT_GROUPS, True), "--level": (OPT_LEVEL, True),
             "--year": (OPT_YEARS, True), "--years": (OPT_YEARS, True),
             "--without-programmes": (OPT_PROGRAMMES, False),
             "--assumptions": (OPT_ASSUMPTIONS, True)}
    o = Options(level)
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--help", "-h"):
            usage(sys.stdout, accepts, synopsis, needs)
            return None
        if not a.startswith("-") or a == "-":
            if o.data is not None:
                print("%s: one data set only ('%s', then '%s'); see %s --help"
                      % (PROG, o.data, a, PROG), file=sys.stderr)
                raise Failure(2)
            o.data = a
            i += 1
            continue
        name, eq, value = a.partition("=")
        if name not in known or not accepts & known[name][0]:
            print("%s: %s option '%s'; see %s --help"
                  % (PROG, "unknown" if name not in known else "this study takes no", name, PROG),
                  file=sys.stderr)
            raise Failure(2)
        flag, takes = known[name]
        if takes:
            if not eq:
                value = argv[i + 1] if i + 1 < len(argv) else ""
                i += 1
            if not value:
                print("%s: option '%s' needs a value; see %s --help" % (PROG, name, PROG),
                      file=sys.stderr)
                raise Failure(2)
        elif eq:
            print("%s: option '%s' takes no value; see %s --help" % (PROG, name, PROG),
                  file=sys.stderr)
            raise Failure(2)
        if flag == OPT_GROUPS:
            o.groups = value
        elif flag == OPT_LEVEL:
            o.level = value
        elif flag == OPT_PROGRAMMES:
            o.programmes = False
        elif flag == OPT_ASSUMPTIONS:
            o.assumptions = value
        else:
            years = _parse_years(value, name == "--years")
            if years is None:
                print("%s: %s '%s': expected %s; see %s --help"
                      % (PROG, name, value, "A-B, A <= B" if name == "--years" else "a year", PROG),
                      file=sys.stderr)
                raise Failure(2)
            o.year_from, o.year_to = years
        i += 1
    if o.data is None:
        o.data = "data/china"
    return o


def add_groups_file(net, path):
    """Adds the groups of the CSV file `path` (group,member[,role]) to net;
    raises Failure(3) naming file and line on a problem."""
    def bad(msg):
        print("%s: %s" % (PROG, msg), file=sys.stderr)
        return Failure(3)
    try:
        f = open(path, newline="", encoding="utf-8-sig")
    except OSError:
        raise bad("%s: cannot read the groups file" % path)
    with f:
        reader = csv.reader(f)
        header = None
        for row in reader:
            lineno = reader.line_num
            if not row or all(not c.strip(" \t") for c in row):
                continue
            if header is None:
                header = row
                if "group" not in row or "member" not in row:
                    raise bad("%s:%d: the header needs the columns group and member" % (path, lineno))
                cg, cm = row.index("group"), row.index("member")
                cr = row.index("role") if "role" in row else -1
                continue
            if cg >= len(row) or cm >= len(row) or not row[cg] or not row[cm]:
                raise bad("%s:%d: a row needs a group and a member" % (path, lineno))
            try:
                net.node(row[cm])
            except libflow.NotFoundError:
                raise bad("%s:%d: unknown node id '%s'" % (path, lineno, row[cm]))
            role = row[cr] if 0 <= cr < len(row) and row[cr] else None
            try:
                net.add_member(row[cg], row[cm], role)
            except libflow.FlowError as e:
                raise bad("%s:%d: %s" % (path, lineno, e))
        if header is None:
            raise bad("%s: empty groups file (expected the header group,member[,role])" % path)


def anchor_year(data):
    """The year a modelled data set computes from published figures: the
    year whose `flows` column says "anchor" in DATA/years.csv; None when
    there is no such file or year."""
    try:
        f = open(os.path.join(data, "years.csv"), newline="", encoding="utf-8")
    except OSError:
        return None
    with f:
        rows = csv.reader(f)
        header = next(rows, None)
        if not header or "year" not in header or "flows" not in header:
            return None
        cy, cf = header.index("year"), header.index("flows")
        for row in rows:
            if cy < len(row) and cf < len(row) and row[cf] == "anchor":
                try:
                    return int(row[cy])
                except ValueError:
                    return None
    return None


def load_study_data(opts):
    """The data set of the options, with the groups of --groups."""
    net = load_data_set(opts.data)
    if opts.groups:
        add_groups_file(net, opts.groups)
    return net


# ---- sensitivity over assumption sets ----------------------------------------------

class Sensitivity:
    """The assumption sets of --assumptions DIR (its subfolders holding a
    flows.csv, by name) and k headline numbers per set: base[j] on the
    study's data set, value[i][j] on set i."""

    def __init__(self, folder, k):
        self.k = k
        self.base = [0.0] * k
        self.names = []
        if folder is not None:
            try:
                entries = os.listdir(folder)
            except OSError:
                print("%s: %s: cannot read the assumption sets folder" % (PROG, folder),
                      file=sys.stderr)
                raise Failure(3)
            self.names = sorted(
                e.encode("utf-8", "surrogateescape") for e in entries
                if not e.startswith(".") and os.path.isfile(os.path.join(folder, e, "flows.csv")))
            self.names = [n.decode("utf-8", "surrogateescape") for n in self.names]
            if not self.names:
                print("%s: %s: no assumption sets (subfolders holding a flows.csv); "
                      "data/china/generate.py --assumption-sets %s writes them"
                      % (PROG, folder, folder), file=sys.stderr)
                raise Failure(3)
        self.paths = ["%s/%s" % (folder, n) for n in self.names]
        self.value = [[0.0] * k for _ in self.names]

    def __len__(self):
        return len(self.names)

    def text(self, j, fmt):
        """ "X (A to B over N assumption sets: lowest under S1, highest under S2)". """
        x = fmt % self.base[j]
        if not self.names:
            return x
        lo = hi = self.base[j]
        lo_name = hi_name = "the default"
        for i, name in enumerate(self.names):
            v = self.value[i][j]
            if v < lo:
                lo, lo_name = v, name
            if v > hi:
                hi, hi_name = v, name
        if fmt % lo == fmt % hi:
            return "%s (the same over %d assumption sets)" % (x, len(self.names))
        return "%s (%s to %s over %d assumption sets: lowest under %s, highest under %s)" % (
            x, fmt % lo, fmt % hi, len(self.names), lo_name, hi_name)

    def note(self, net):
        """Prints, once, on a modelled data set studied without
        --assumptions, that the sensitivity was not computed."""
        if self.names or not is_modelled(net):
            return
        print("Sensitivity: not computed; the numbers below hold for this data set's assumptions "
              "only.\nRun with --assumptions DIR (data/china/generate.py --assumption-sets DIR "
              "writes the sets)\nto see their range under the generator's other assumptions.")


# ---- loading ------------------------------------------------------------------

def load_data_set(path):
    """The data set at `path`."""
    try:
        return libflow.load(path)
    except libflow.FlowError as e:
        raise fail("cannot load data set '%s'" % path, e)


def load_programmes(path):
    """The pairing programmes' own flows, DATA/programmes/flows.csv (a lone
    flows table), and their path."""
    prog_path = "%s/programmes/flows.csv" % path
    try:
        return libflow.load(prog_path), prog_path
    except libflow.FlowError as e:
        raise fail("cannot load the programme flows '%s'" % prog_path, e)


def latest_year(net):
    """The latest year of the network's dated flows."""
    years = [row["year"] for row in net.select().totals() if row["year"] != libflow.NO_YEAR]
    if not years:
        raise bad_data("no flow has a year")
    return max(years)


# ---- provenance and the reading -------------------------------------------------

def provenance(net):
    """Prints "Provenance: DATA/README.md" when the data folder has a
    README.md (read, not assumed), and the caution when the README says the
    flows are modelled: net.provenance, which libflow.load() recorded."""
    p = net.provenance
    if p["readme"] is None:
        return
    print("Provenance: %s" % p["readme"])
    if p["caution"]:
        print(p["caution"])


def para(text, lead="- ", width=78):
    """Prints text after `lead`, greedily wrapped at `width` columns."""
    out, col, content = lead, len(lead), False
    for word in text.split(" "):
        if not word:
            continue
        if content and col + 1 + len(word) > width:
            out += "\n" + " " * len(lead)
            col, content = len(lead), False
        if content:
            out += " "
            col += 1
        out += word
        col += len(word)
        content = True
    print(out)

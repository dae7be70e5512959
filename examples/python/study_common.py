"""study_common: the helpers the example studies (study_*.py) share: error
reporting with the studies' exit statuses, loading the data set, the
provenance lines that open every report, the reading's paragraphs wrapped at
78 columns, and main(). The study logic stays in each study's own file.

The twin of examples/study_common.h. A study imports it from its own folder
(which Python puts first on sys.path when it runs the study as a script),
names itself with set_prog(), and takes libflow from here: libflow is
imported from the source tree's bindings when it is not installed.

Exit statuses: 0 ok, 3 bad data, 1 any other failure.
"""
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


def main(argv, study):
    """Runs study(DATA) (default data/china); returns the exit status."""
    path = argv[1] if len(argv) > 1 else "data/china"
    try:
        return study(path)
    except Failure as f:
        return f.status
    except libflow.FlowError as e:
        return fail("libflow", e).status


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

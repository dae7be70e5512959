"""The names libflow knows: measures, methods, modes, roles, formats.

(Module libflow.choices; its registry() is libflow.registry().)

Every named choice of the C library belongs to a registry family, listed by
the library itself (one row per name: its C value, a one-line summary,
flags and parameters). The bindings read each family once, when the package
is imported, so the Python name lists, the name -> value mappings and the
lists in the docstrings are the library's own and never drift from it:

    libflow.registry()               # a Table: one row per family
    libflow.registry("centrality")   # a Table: name, value, summary, flags;
                                     # part "parameters"
    libflow.CENTRALITY_MEASURES      # the names, in the library's order

Choices that have no registry family in the C library yet (the HHI mode,
the brokerage weighting, a selection's combine mode) are local `Choices`
built from a dict in the module that uses them; they behave the same.
"""

import difflib
import textwrap

from . import errors
from ._ffi import lib
from .table import take


def registry(family=None):
    """The registry of `family` as a Table: text columns "name" and
    "summary", int column "value" (the C value), one 0/1 column per flag
    ("weighted": uses the weights, "directed_only": needs a directed
    selection, "stochastic": takes a seed, "in_units": values in the
    selection's weight unit), part "parameters" (entry, name, type,
    default, summary). With family None: the families (name, summary).
    An unknown family raises NotFoundError."""
    return take(lib.flow_registry_list, family)


class Choices:
    """One family of named choices: names in order, their C values and
    one-line summaries. `choices.value(name)` gives the C value; an unknown
    name raises NotFoundError (a KeyError) whose message suggests the
    closest name."""

    def __init__(self, what, values, summaries=None, family=None, options=None):
        self.what = what            # in messages: "unknown <what> 'x'"
        self.family = family        # the registry family, None for a local choice
        self._values = dict(values)
        self.names = tuple(self._values)
        self.summaries = dict(summaries or {})
        self.options = dict(options or {})  # name -> [(parameter, default)]

    @classmethod
    def from_registry(cls, family):
        """The choices of a registry family of the library."""
        t = registry(family)
        options = {}
        for p in t.parts["parameters"]:
            default = p["default"]
            if p["type"] == "bool":  # "0" / "1" in the library
                default = str(default == "1")
            options.setdefault(p["entry"], []).append((p["name"], default))
        names = t["name"]
        return cls(t.meta.get("summary", family), zip(names, (int(v) for v in t["value"])),
                   zip(names, t["summary"]), family, options)

    def __iter__(self):
        return iter(self.names)

    def __contains__(self, name):
        return name in self._values

    def __len__(self):
        return len(self.names)

    def value(self, name):
        """The C value of `name`."""
        if not isinstance(name, str):
            raise TypeError("%s must be a str, not %s" % (self.what, type(name).__name__))
        got = self._values.get(name)
        if got is not None:
            return got
        if self.family is not None:
            lib.flow_registry_lookup(self.family, name)  # raises the library's message
        near = difflib.get_close_matches(name, self.names, n=1)
        raise errors.NotFoundError(
            errors.ENOTFOUND, "unknown %s '%s' (%s)" % (
                self.what, name, "did you mean '%s'?" % near[0] if near
                else "known: " + ", ".join(self.names)))

    def name(self, value):
        """The name of C value `value`, or None."""
        return next((k for k, v in self._values.items() if v == value), None)

    def listing(self, options=False, width=64):
        """The names with their summaries (and, with options, the
        parameters each name uses, in brackets), for a docstring: a list of
        lines, the summaries wrapped at `width` characters."""
        pad = max(len(n) for n in self.names) + 2
        lines = []
        for n in self.names:
            text = self.summaries.get(n, "")
            used = self.options.get(n) if options else None
            if used:
                text += " [%s]" % ", ".join("%s=%s" % (k, d) if d else k for k, d in used)
            wrapped = textwrap.wrap(text, max(width - pad, 20)) or [""]
            lines.append((n.ljust(pad) + wrapped[0]).rstrip())
            lines += [" " * pad + w for w in wrapped[1:]]
        return lines


def document(func, **listings):
    """Replaces each line "{key}" of func's docstring by the lines of
    listings[key], indented as the placeholder was."""
    doc = getattr(func, "__doc__", None)
    if not doc:  # python -OO strips docstrings
        return func
    out = []
    for line in doc.split("\n"):
        key = line.strip()
        if key.startswith("{") and key.endswith("}") and key[1:-1] in listings:
            indent = line[:len(line) - len(line.lstrip())]
            out += [indent + item for item in listings[key[1:-1]]]
        else:
            out.append(line)
    func.__doc__ = "\n".join(out)
    return func


#: Centrality measures (Selection.centrality(), series()).
CENTRALITY = Choices.from_registry("centrality")
#: How path measures turn a weight into a length.
LENGTH = Choices.from_registry("length")
#: Path direction of closeness and harmonic.
PATH = Choices.from_registry("path")
#: Community detection methods (Selection.clusters()).
CLUSTER = Choices.from_registry("cluster")
#: Partition comparisons (libflow.compare()).
COMPARE = Choices.from_registry("compare")
#: Degree modes of k-cores (Selection.kcore()).
KCORE = Choices.from_registry("kcore")
#: Brokerage roles, the total last (Selection.brokerage()).
ROLE = Choices.from_registry("role")
#: Export formats (Network.export(), export_string()).
FORMAT = Choices.from_registry("format")
#: Which flows a selection weighs (Selection.set_layer()).
LAYER = Choices.from_registry("layer")
#: Terms of the gravity model (Selection.gravity()).
GRAVITY_TERM = Choices.from_registry("gravity_term")
#: Significance tests (Selection.significance()).
TEST = Choices.from_registry("test")
#: Null models of the significance tests.
NULL_MODEL = Choices.from_registry("null")

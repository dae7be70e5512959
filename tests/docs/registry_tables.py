"""The README's tables of measures, methods and formats, made from the
library's registries (include/libflow/registry.h) so they cannot drift.

    python3 tests/docs/registry_tables.py --write   # rewrite README.md's tables
    python3 tests/docs/registry_tables.py           # check: exit 1 when stale

README.md holds each table between `<!-- registry:FAMILY -->` and
`<!-- /registry -->`. Needs the Python bindings on PYTHONPATH and the
library (LIBFLOW_LIBRARY), as the Python tests have them.
"""
import os
import re
import sys

import libflow
from libflow import _ffi
from libflow.table import take

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(HERE, "..", "..", "README.md")
FLAGS = (("weighted", "weighted"), ("directed_only", "directed only"),
         ("stochastic", "seeded"), ("in_units", "in the flows' unit"))


def table(family):
    t = take(_ffi.lib.flow_registry_list, family)
    params = {}
    for row in t.parts["parameters"]:
        default = " = %s" % row["default"] if row["default"] else ""
        params.setdefault(row["entry"], []).append("`%s%s`" % (row["name"], default))
    lines = ["| name | what it is | properties | parameters |", "|---|---|---|---|"]
    for row in t:
        props = ", ".join(label for col, label in FLAGS if row[col]) or "-"
        lines.append("| `%s` | %s | %s | %s |" % (
            row["name"], row["summary"], props, ", ".join(params.get(row["name"], [])) or "-"))
    return "\n".join(lines)


def render(text):
    def fill(m):
        return "%s\n%s\n%s" % (m.group(1), table(m.group(2)), m.group(3))
    return re.sub(r"(<!-- registry:(\w+) -->)\n.*?\n(<!-- /registry -->)", fill, text,
                  flags=re.S)


def main(argv):
    with open(README, encoding="utf-8") as f:
        old = f.read()
    new = render(old)
    if "--write" in argv:
        if new != old:
            with open(README, "w", encoding="utf-8") as f:
                f.write(new)
        return 0
    if new != old:
        sys.stderr.write("README.md's registry tables are stale: run "
                         "python3 tests/docs/registry_tables.py --write\n")
        return 1
    print("README.md's registry tables match the library (libflow %s)"
          % libflow.library_version())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""The study openings README.md quotes, checked against (or rewritten from)
what the built studies print: every quoted opening comes from a run, never
from typing.

    python3 examples/readme_openings.py --bin build/default/examples          # check
    python3 examples/readme_openings.py --bin build/default/examples --write  # rewrite

Each opening is the code block that follows a marker sentence in README.md;
it holds the study's output from its first line (or from the line starting
with `start`, which may be a "== " section's title) up to the line before
the next "== " section. Run from the
repository's top folder (the studies are given relative data paths, as the
README shows them). Standard library only. Exit status: 0 ok (or
rewritten), 1 an opening differs (each is named), 2 bad usage.
"""
import argparse
import os
import subprocess
import sys

# (marker sentence in README.md, study, data set, first line's start or None)
OPENINGS = [
    ("adds, as plain accounting. Its opening:", "study_east_west", "data/china", None),
    ("the NBS regions):", "study_east_west", "data/census-migration", None),
    ("`study_openness data/openalex-coauthorship` opens:", "study_openness",
     "data/openalex-coauthorship", None),
    ("says so instead of ranking anything:", "study_openness", "data/china", "Finding"),
    ("latest census, 2010, by default):", "study_clusters",
     "data/census-migration", None),
    ("names what its brokers depend on:", "study_xinjiang", "data/china", None),
    ("and its group table:", "study_clusters", "data/census-migration",
     "== Self-containment"),
]


def opening(bindir, study, data, start):
    out = subprocess.run([os.path.join(bindir, study), data], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    first = 0 if start is None else next(i for i, l in enumerate(out) if l.startswith(start))
    end = next(i for i in range(first + 1, len(out)) if out[i].startswith("== "))
    while end > first and out[end - 1] == "":
        end -= 1
    return out[first:end]


def block(text, marker):
    """(start, end) of the code block after marker: text[start:end] is its body."""
    at = text.index(marker)
    start = text.index("```\n", at) + 4
    return start, text.index("```\n", start)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="the folder of the built studies")
    ap.add_argument("--readme", default="README.md")
    ap.add_argument("--write", action="store_true", help="rewrite the openings")
    args = ap.parse_args(argv[1:])
    with open(args.readme, encoding="utf-8") as f:
        text = f.read()
    bad = 0
    for marker, study, data, start in OPENINGS:
        if marker not in text:
            print("%s: no marker %r" % (args.readme, marker), file=sys.stderr)
            return 1
        want = "\n".join(opening(args.bin, study, data, start)) + "\n"
        a, b = block(text, marker)
        if text[a:b] == want:
            continue
        if args.write:
            text = text[:a] + want + text[b:]
        else:
            bad += 1
            print("%s: the opening of %s %s after %r differs from the study's output; run\n"
                  "  python3 examples/readme_openings.py --bin %s --write\nREADME:\n%s\nstudy:\n%s"
                  % (args.readme, study, data, marker, args.bin, text[a:b], want), file=sys.stderr)
    if args.write:
        with open(args.readme, "w", encoding="utf-8") as f:
            f.write(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

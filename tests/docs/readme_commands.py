#!/usr/bin/env python3
"""The commands README.md quotes with their output, run and compared: every
quoted output comes from a run, never from typing.

    python3 tests/docs/readme_commands.py --build build/default

Checked: every plain code block whose first line starts with "$ " (each "$ "
line is a command, continued by a trailing backslash; the lines up to the
next "$ " are its stdout then stderr), and every ```python block followed at
once, or after one line such as "prints", by a plain block (the script's
stdout). A "$ cat FILE" command writes
FILE with the quoted lines, for the commands after it; "$ echo $?" checks the
previous command's exit status. Skipped: commands with "..." (elided
arguments) and outputs with a "..." line (elided rows). Commands run in a
scratch folder holding a link to data/, with `flowctl` and
`build/default/` standing for the build given; commands and scripts on
../shared/data are skipped when that folder is missing, unless
LIBFLOW_REQUIRE_SHARED_DATA=1. The studies' openings are
examples/readme_openings.py's. Standard library only; Python scripts run
with this interpreter, LIBFLOW_LIBRARY and PYTHONPATH set. Exit status: 0 ok,
1 a quote differs (each is shown), 2 bad usage.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.normpath(os.path.join(TOP, "..", "shared", "data"))


def blocks(text):
    """(info string, body lines, first line, last line) of each fenced block,
    in order."""
    out, cur, info, at = [], None, None, 0
    for k, line in enumerate(text.split("\n")):
        if line.startswith("```"):
            if cur is None:
                cur, info, at = [], line[3:].strip(), k
            else:
                out.append((info, cur, at, k))
                cur = None
        elif cur is not None:
            cur.append(line)
    return out


def commands(body):
    """(command, quoted output lines) of a "$ " block."""
    out, i = [], 0
    while i < len(body):
        cmd = body[i][2:]
        while cmd.endswith("\\"):
            i += 1
            cmd = cmd[:-1].rstrip() + " " + body[i].strip()
        i += 1
        quoted = []
        while i < len(body) and not body[i].startswith("$ "):
            quoted.append(body[i])
            i += 1
        out.append((cmd, quoted))
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True, help="the build folder (build/default)")
    ap.add_argument("--readme", default=os.path.join(TOP, "README.md"))
    args = ap.parse_args(argv[1:])
    build = os.path.abspath(args.build)
    flowctl = os.path.join(build, "libflow", "cli", "flowctl")
    have_shared = os.path.isdir(SHARED)
    if not have_shared and os.environ.get("LIBFLOW_REQUIRE_SHARED_DATA") == "1":
        print("%s is missing (LIBFLOW_REQUIRE_SHARED_DATA=1)" % SHARED, file=sys.stderr)
        return 1
    env = dict(os.environ, LIBFLOW_LIBRARY=os.path.join(build, "libflow.so"),
               PYTHONPATH=os.path.join(TOP, "bindings", "python"), PYTHONDONTWRITEBYTECODE="1",
               LC_ALL="C.UTF-8")
    name = os.path.relpath(args.readme, TOP)
    with open(args.readme, encoding="utf-8") as f:
        bl = blocks(f.read())
    bad = checked = skipped = 0
    with tempfile.TemporaryDirectory() as work:
        os.symlink(os.path.join(TOP, "data"), os.path.join(work, "data"))

        def differs(what, want, got):
            print("%s: the output of\n  %s\ndiffers from the quote.\nREADME:\n%s\nrun:\n%s"
                  % (name, what, want, got), file=sys.stderr)

        for n, (info, body, _, end) in enumerate(bl):
            if (info == "python" and n + 1 < len(bl) and bl[n + 1][0] == ""
                    and bl[n + 1][2] <= end + 4):
                script = "\n".join(body)
                if "../shared/data" in script and not have_shared:
                    skipped += 1
                    continue
                r = subprocess.run([sys.executable, "-c", script], cwd=work, env=env,
                                   capture_output=True, text=True)
                want = "\n".join(bl[n + 1][1]).rstrip("\n")
                checked += 1
                if r.returncode != 0 or r.stdout.rstrip("\n") != want:
                    bad += 1
                    differs(script.split("\n")[0] + " ...", want, r.stdout + r.stderr)
                continue
            if info != "" or not body or not body[0].startswith("$ "):
                continue
            last = None
            for cmd, quoted in commands(body):
                want = "\n".join(quoted).rstrip("\n")
                words = shlex.split(cmd)
                if words[0] == "cat" and len(words) == 2:
                    path = os.path.join(work, words[1])
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(want + "\n")
                    continue
                if cmd == "echo $?":
                    checked += 1
                    if last is None or str(last) != want:
                        bad += 1
                        differs("echo $?", want, last)
                    continue
                if "..." in cmd or "..." in quoted or (not have_shared and "../shared/data" in cmd):
                    skipped += 1
                    last = None
                    continue
                if words[0] == "flowctl":
                    words[0] = flowctl
                elif words[0].startswith("build/default/"):
                    words[0] = os.path.join(build, words[0][len("build/default/"):])
                else:
                    skipped += 1
                    last = None
                    continue
                words = [w.replace("../shared/data", SHARED) for w in words]
                r = subprocess.run(words, cwd=work, env=env, capture_output=True, text=True)
                last = r.returncode
                got = (r.stdout + r.stderr).rstrip("\n")
                checked += 1
                if got != want:
                    bad += 1
                    differs(cmd, want, got)
    print("%s: %d quoted outputs checked, %d differ, %d skipped" % (name, checked, bad, skipped))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

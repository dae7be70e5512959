"""The Python examples of README.md and bindings/python/README.md print what
the READMEs show: every ```python block followed by an output block is run
(from a scratch folder where data/ is the bundled data) and its output
compared line for line."""

import os
import re
import subprocess
import sys
import unittest

from flowtest import DATA, REPO, TestCase, tmpdir

try:
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    HAVE_PANDAS = True
except ImportError:  # pragma: no cover - Debian's python3 has both
    HAVE_PANDAS = False

READMES = [os.path.join(REPO, "README.md"), os.path.join(REPO, "bindings", "python", "README.md")]

# a python block, optionally a line of prose ("prints"), then a plain block
EXAMPLE = re.compile(r"```python\n(.*?)```\n\n(?:[^`\n]+\n\n)?```\n(.*?)```", re.S)


def examples(path):
    with open(path, encoding="utf-8") as f:
        return EXAMPLE.findall(f.read())


@unittest.skipUnless(HAVE_PANDAS, "the examples use numpy and pandas")
class TestReadmeExamples(TestCase):
    def test_examples_print_what_the_readmes_show(self):
        count = 0
        for path in READMES:
            for i, (code, shown) in enumerate(examples(path)):
                with self.subTest(readme=os.path.relpath(path, REPO), example=i):
                    d = tmpdir(self)
                    os.symlink(os.path.abspath(DATA), os.path.join(d, "data"))
                    run = subprocess.run([sys.executable, "-c", code], cwd=d, timeout=120,
                                         capture_output=True, text=True,
                                         env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
                    self.assertEqual(run.returncode, 0, run.stderr)
                    self.assertEqual(run.stdout.splitlines(), shown.splitlines())
                    count += 1
        self.assertGreaterEqual(count, 4)  # top README 1, Python README 3


if __name__ == "__main__":
    unittest.main()

"""Packaging of the libflow Python bindings (pure Python, setuptools only).

    /usr/bin/python3 -m pip install ./bindings/python

works offline with Debian's python3-setuptools: there is deliberately no
pyproject.toml, so pip 23 (Debian 12) builds with the installed setuptools
instead of downloading one into an isolated environment. With a newer pip
that insists on isolation, add --no-build-isolation.

The C library is not part of this package: build and install it with CMake,
or point LIBFLOW_LIBRARY at it. A copy placed next to the package (in
libflow/) before installing is shipped with it.
"""

import os
import re

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "libflow", "_version.py"), encoding="utf-8") as f:
    VERSION = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M).group(1)
with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
    LONG_DESCRIPTION = f.read()

setup(
    name="libflow",
    version=VERSION,
    description="Analysis of innovation-factor flow networks (ctypes bindings to libflow)",
    long_description=LONG_DESCRIPTION,
    long_description_content_type="text/markdown",
    packages=["libflow"],
    package_data={"libflow": ["libflow.so", "libflow.so.*", "libflow.dylib",
                              "libflow.*.dylib", "flow.dll"]},
    python_requires=">=3.8",
    install_requires=[],
    extras_require={"networkx": ["networkx>=2.6"], "numpy": ["numpy"], "pandas": ["pandas"]},
    zip_safe=False,
)

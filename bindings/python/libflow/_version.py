"""Version of the Python package and the libflow release it is written for."""

__version__ = "0.3.0"

# major, minor of the shared library this package expects: while libflow is
# 0.x a minor release may change the API (STYLE rule 32), so both must match.
EXPECTED_LIBRARY = (0, 3)

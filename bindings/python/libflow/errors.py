"""Exceptions raised by libflow (STYLE rule 25).

Every failed C call raises a FlowError (or a subclass) carrying the
library's status code, its message and, for errors found in an input file,
the file, line and column (1-based; the column counts characters):

    try:
        net = libflow.load("data/x")
    except libflow.ParseError as e:
        print(e.file, e.line, e.column, e.message)

Subclasses also derive from the matching built-in exception, so
`except KeyError` catches an unknown node id and `except ValueError` an
invalid argument.
"""

# Status codes of libflow/common.h.
OK = 0
ERROR = -1
ENOMEM = -2
EINVAL = -3
EIO = -4
EPARSE = -5
ENOTFOUND = -6
EMISUSE = -7
ECONVERGE = -8
EINTERRUPTED = -9
ELIMIT = -10


class FlowError(Exception):
    """A libflow failure: code (a negative FLOW_E* status), message, and the
    input file location (file, line, column) or None for each."""

    def __init__(self, code, message, file=None, line=None, column=None):
        super().__init__(code, message, file, line, column)
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self):
        return self.message

    def __repr__(self):
        loc = ""
        if self.file is not None:
            loc = ", file=%r, line=%r, column=%r" % (self.file, self.line, self.column)
        return "%s(%d, %r%s)" % (type(self).__name__, self.code, self.message, loc)


class ParseError(FlowError, ValueError):
    """Malformed input data (FLOW_EPARSE); file, line and column say where."""


class NotFoundError(FlowError, KeyError):
    """Unknown id, factor, kind, group, measure or file (FLOW_ENOTFOUND).
    The message usually suggests the closest known name."""

    def __str__(self):  # KeyError would print the repr of its argument
        return self.message


class MissingPathError(NotFoundError, FileNotFoundError):
    """A data path that does not exist: a NotFoundError of libflow and
    Python's FileNotFoundError (OSError) at once, so that either except
    clause catches it."""

    def __init__(self, code, message, file=None, line=None, column=None):
        NotFoundError.__init__(self, code, message, file, line, column)
        self.filename = file
        self.errno = 2  # ENOENT
        self.strerror = message


class InvalidArgument(FlowError, ValueError):
    """An invalid argument (FLOW_EINVAL)."""


class LimitError(FlowError, ValueError):
    """An input exceeds a documented limit (FLOW_ELIMIT)."""


class OutOfMemory(FlowError, MemoryError):
    """The library ran out of memory (FLOW_ENOMEM)."""


class FlowIOError(FlowError, OSError):
    """A file could not be opened, read or written (FLOW_EIO)."""

    def __init__(self, code, message, file=None, line=None, column=None):
        FlowError.__init__(self, code, message, file, line, column)

    def __str__(self):
        return self.message


class MisuseError(FlowError, RuntimeError):
    """A closed handle, or a call made where it is not allowed (FLOW_EMISUSE)."""


class ConvergenceError(FlowError, ArithmeticError):
    """An iterative algorithm did not converge (FLOW_ECONVERGE)."""


class Interrupted(FlowError):
    """The progress callback asked to stop (FLOW_EINTERRUPTED)."""


_BY_CODE = {
    ENOMEM: OutOfMemory,
    EINVAL: InvalidArgument,
    EIO: FlowIOError,
    EPARSE: ParseError,
    ENOTFOUND: NotFoundError,
    EMISUSE: MisuseError,
    ECONVERGE: ConvergenceError,
    EINTERRUPTED: Interrupted,
    ELIMIT: LimitError,
}


def make_error(code, message, file=None, line=None, column=None):
    """The exception for a status code."""
    return _BY_CODE.get(code, FlowError)(code, message, file, line, column)

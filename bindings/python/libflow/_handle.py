"""The handle base class (STYLE rule 27): deterministic cleanup of a C handle.

A Handle owns one C object. `close()` frees it at once and is idempotent;
`with` closes it on exit; a weakref.finalize frees it when the object is
garbage-collected without close(). The C side reference-counts networks
(selections and results hold a reference), so handles may be closed in any
order.

Progress callbacks run inside the library while it holds its global igraph
lock. A libflow call made from such a callback on the same thread could need
that lock again and deadlock, and so could a finalizer that frees a
selection (freeing a built selection takes the lock) when the garbage
collector happens to run inside the callback. Therefore:
  - calling libflow from inside a progress callback raises MisuseError;
  - frees triggered inside a callback are deferred and done at the next
    libflow call from outside a callback.
"""

import atexit
import threading
import weakref

from . import errors

_tls = threading.local()
_deferred = []
_deferred_lock = threading.Lock()


def in_callback():
    return getattr(_tls, "depth", 0) > 0


class callback_scope:
    """Marks the current thread as running a progress callback."""

    __slots__ = ()

    def __enter__(self):
        _tls.depth = getattr(_tls, "depth", 0) + 1

    def __exit__(self, *exc):
        _tls.depth -= 1
        return False


def _release(free, ptr):
    if in_callback():
        with _deferred_lock:
            _deferred.append((free, ptr))
    else:
        free(ptr)


def drain():
    """Frees what finalizers deferred while a callback was running."""
    if not _deferred or in_callback():
        return
    with _deferred_lock:
        todo = _deferred[:]
        del _deferred[:]
    for free, ptr in todo:
        free(ptr)


atexit.register(drain)


def check_not_in_callback():
    if in_callback():
        raise errors.MisuseError(
            errors.EMISUSE,
            "libflow cannot be called from inside a progress callback "
            "(the library is busy running the analysis that called it)")


class Handle:
    """Owns a C handle `ptr`, released with the C function `free`."""

    _what = "handle"

    def __init__(self, ptr, free):
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, _release, free, ptr)

    @property
    def _as_parameter_(self):
        # ctypes passes this to the C functions. A closed handle passes NULL,
        # which the library reports as FLOW_EMISUSE; Python methods check
        # first with _open() for a clearer message.
        return self._ptr

    def _open(self):
        """The live pointer; raises MisuseError when closed or when called
        from a progress callback."""
        check_not_in_callback()
        drain()
        ptr = self._ptr
        if ptr is None:
            raise errors.MisuseError(errors.EMISUSE, "the %s is closed" % self._what)
        return ptr

    @property
    def closed(self):
        return self._ptr is None

    def close(self):
        """Frees the C object now. Idempotent; any order is safe."""
        if self._ptr is not None:
            self._ptr = None
            self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

"""The handle base class (STYLE rule 27): deterministic cleanup of a C handle.

A Handle owns one C object. `close()` frees it and is idempotent; `with`
closes it on exit; a weakref.finalize frees it when the object is
garbage-collected without close(). The C side reference-counts networks
(selections and results hold a reference), so handles may be closed in any
order.

Handles are shared between threads, so the C object is freed only when no
thread uses it. Every method that calls C holds a *use* of the handle for
the whole call (@uses_handle, or `with handle._using():`); close() marks
the handle closed at once (new calls raise MisuseError) and frees it when
no use is left, or leaves the free to the last user when some call is
still running (a close() from another thread, from a progress callback,
or the finalizers run at interpreter exit while a daemon thread is inside
an analysis). A selection also lets one thread at a time into the library
(the C rule: a selection is used by one thread at a time).

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
import functools
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


class _State:
    """The C pointer of a handle, its users and whether it is closed; shared
    with the finalizer (which must not hold the Handle itself)."""

    __slots__ = ("ptr", "free", "lock", "uses", "closed", "serial", "on_free")

    def __init__(self, ptr, free, serial):
        self.ptr = ptr
        self.free = free
        self.lock = threading.Lock()
        self.uses = 0
        self.closed = False
        # one thread at a time in C (selections); reentrant for nested methods
        self.serial = threading.RLock() if serial else None
        self.on_free = None  # called once the C object is freed

    def enter(self, what):
        """Takes a use; MisuseError when closed."""
        check_not_in_callback()
        with self.lock:
            if self.closed:
                raise errors.MisuseError(errors.EMISUSE, "the %s is closed" % what)
            self.uses += 1
        if self.serial is not None:
            try:
                self.serial.acquire()
            except BaseException:  # e.g. Ctrl-C while waiting for another thread
                self.leave(False)
                raise
        drain()

    def leave(self, serial=True):
        """Drops a use; the last user of a closed handle frees it."""
        if serial and self.serial is not None:
            self.serial.release()
        with self.lock:
            self.uses -= 1
            ptr = self._take() if self.closed and self.uses == 0 else None
        if ptr is not None:
            self._free(ptr)

    def close(self):
        """close() and the finalizer: frees now, or marks the handle closed
        for its last user to free."""
        with self.lock:
            self.closed = True
            ptr = self._take() if self.uses == 0 else None
        if ptr is not None:
            self._free(ptr)

    def _take(self):
        ptr, self.ptr = self.ptr, None
        return ptr

    def _free(self, ptr):
        _release(self.free, ptr)
        if self.on_free is not None:
            self.on_free()


_exiting = False
_exit_hook = False


def exiting():
    """True once the interpreter has begun to exit (analyses still running
    in daemon threads are then stopped at their next progress report)."""
    return _exiting


def _at_exit():
    global _exiting
    _exiting = True


class Handle:
    """Owns a C handle `ptr`, released with the C function `free`."""

    _what = "handle"
    _serial = False  # True: one thread at a time in C (selections)

    def __init__(self, ptr, free):
        global _exit_hook
        self._state = _State(ptr, free, self._serial)
        # the finalizer holds the state, never the Handle
        self._finalizer = weakref.finalize(self, self._state.close)
        if not _exit_hook:
            # Registered after weakref.finalize's own exit hook, so it runs
            # before the finalizers do (atexit runs last-in first-out).
            _exit_hook = True
            atexit.register(_at_exit)

    @property
    def _ptr(self):
        """The C pointer, None once closed."""
        st = self._state
        return None if st.closed else st.ptr

    @property
    def _as_parameter_(self):
        # ctypes passes this to the C functions. A closed handle passes NULL,
        # which the library reports as FLOW_EMISUSE; Python methods check
        # first with _open() for a clearer message.
        return self._ptr

    def _using(self):
        """`with handle._using() as ptr:` holds a use around C calls."""
        return _Use(self)

    def _open(self):
        """The live pointer; raises MisuseError when closed or when called
        from a progress callback. Call it inside a use (@uses_handle): the
        pointer stays valid until the use ends."""
        check_not_in_callback()
        drain()
        st = self._state
        if st.closed:
            raise errors.MisuseError(errors.EMISUSE, "the %s is closed" % self._what)
        return st.ptr

    @property
    def closed(self):
        return self._state.closed

    def close(self):
        """Frees the C object: now when no thread is using it, else when
        the last call using it returns. Idempotent; any order is safe."""
        self._state.close()
        self._finalizer.detach()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _Use:
    __slots__ = ("handle",)

    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        st = self.handle._state
        st.enter(self.handle._what)
        return st.ptr

    def __exit__(self, *exc):
        self.handle._state.leave()
        return False


def uses_handle(method):
    """Decorates a method that calls C with self's pointer: the call holds
    a use of the handle (see the module's docstring)."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        st = self._state
        st.enter(self._what)
        try:
            return method(self, *args, **kwargs)
        finally:
            st.leave()
    return call

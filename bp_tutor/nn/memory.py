"""Keep freed large arrays' memory in the process instead of handing it back to the system.

A training step makes and drops arrays of a megabyte or more (a 784×256 float64 ∂L/∂W is 1.6 MB).
glibc's malloc serves such sizes with fresh mmap()ed pages and returns them on free, so every step
pays page faults to touch the new pages again: measured here, about 1 ms per 1.6 MB array, more
than the matrix products themselves. Raising the mmap and trim thresholds lets freed blocks be
reused as they are. This changes only where memory comes from, never what is computed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_applied = False


def keep_freed_memory(mmap_threshold: int = 64 << 20, trim_threshold: int = 256 << 20) -> bool:
    """Apply once per process on glibc; returns whether the allocator accepted the settings."""
    global _applied
    if _applied or not sys.platform.startswith("linux"):
        return _applied
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    _applied = bool(mallopt(_M_MMAP_THRESHOLD, mmap_threshold)) and bool(
        mallopt(_M_TRIM_THRESHOLD, trim_threshold))
    return _applied

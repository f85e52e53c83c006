"""glibc's malloc in a threaded worker: at most a few arenas, so worker memory stays flat.

glibc gives a thread its own malloc arena when it first allocates, up to 8 per core; memory
freed into an arena serves only the threads attached to it, and each arena keeps its own
high-water mark. A gunicorn worker with ~200 threads (config/gunicorn.conf.py) serving long
soaks then grows for hours (bench/soak.py, 10 minutes: +69 MB in the busier worker with
glibc's default, +18 MB with two arenas, at the same request rate). The GIL already runs one
thread at a time, so two arenas cost no throughput. MALLOC_ARENA_MAX in the environment wins
(glibc reads it itself at start); on a libc without mallopt nothing changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Mapping

ARENAS = 2
M_ARENA_MAX = -8  # <malloc.h>


def limit_arenas(environ: Mapping[str, str] = os.environ, arenas: int = ARENAS) -> bool:
    """Cap this process's malloc arenas (threads started later share them). True if set."""
    if environ.get("MALLOC_ARENA_MAX"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not loadable, or a libc without mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))

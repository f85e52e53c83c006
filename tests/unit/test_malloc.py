"""nxus.malloc: a worker's threads share two glibc malloc arenas instead of one each."""

from __future__ import annotations

import ctypes.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nxus.malloc import limit_arenas

ROOT = Path(__file__).resolve().parents[2]

# Eight threads alive at once, each allocating with malloc; then glibc's own per-arena report.
THREADS = """
import ctypes, ctypes.util, sys, threading
from nxus.malloc import limit_arenas
if sys.argv[1] == "capped":
    assert limit_arenas({}) is True
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = (ctypes.c_size_t,)
together = threading.Barrier(8)
def work():
    together.wait()
    libc.malloc(256)
    together.wait()
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
libc.malloc_stats()
"""


def _arenas(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    done = subprocess.run(
        [sys.executable, "-c", THREADS, mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return len(re.findall(r"^Arena \d+:", done.stderr, re.MULTILINE))


@pytest.mark.skipif(
    not (ctypes.util.find_library("c") or "").startswith("libc.so"), reason="glibc only"
)
def test_threads_share_two_arenas_once_capped() -> None:
    assert _arenas("default") > 2  # glibc's default: an arena per thread (up to 8 per core)
    assert 1 <= _arenas("capped") <= 2


def test_the_operators_malloc_arena_max_wins() -> None:
    assert limit_arenas({"MALLOC_ARENA_MAX": "4"}) is False

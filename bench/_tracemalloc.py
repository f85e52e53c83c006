"""`gunicorn bench._tracemalloc:app`: the nXus app of app.py with tracemalloc on in each
worker, to tell a leak from a cache that fills (bench/soak.py --trace-malloc DIR). Each
snapshot also logs malloc's bytes in use (`<pid>.heap`): when that grows and the traced heap
does not, the growth is in a C library (docs/concurrency.md, "Worker memory in a soak").

Each worker writes a snapshot (`<pid>-<minute>.snap`) to $NXUS_BENCH_TRACE_DIR every
$NXUS_BENCH_TRACE_MINUTES (default 2) minutes; `python bench/_tracemalloc.py DIR` compares
each worker's first and last snapshot: the allocation sites that grew most, by file and line.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
import tracemalloc
from pathlib import Path

FRAMES = 8


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks")
        + ("uordblks", "fordblks", "keepcost")
    ]


def _c_heap_in_use() -> int | None:
    """Bytes glibc's malloc has handed out and not had back (mallinfo2, glibc 2.33+): what
    tracemalloc cannot see, e.g. SQLite's prepared statements and page caches."""
    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return None
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return int(info.uordblks + info.hblkhd)


def _snapshots(folder: Path, every: float) -> None:
    minute = 0.0
    while True:
        time.sleep(every)
        minute += every / 60
        snapshot = tracemalloc.take_snapshot()
        snapshot.dump(str(folder / f"{os.getpid()}-{minute:05.1f}.snap"))
        in_use = _c_heap_in_use()
        with open(folder / f"{os.getpid()}.heap", "a") as log:
            traced = tracemalloc.get_traced_memory()[0]
            c_heap = "?" if in_use is None else f"{in_use / 1e6:.1f}"
            log.write(f"{minute:5.1f} min: traced {traced / 1e6:.1f} MB, C heap {c_heap} MB\n")


def compare(folder: Path, top: int = 25) -> None:
    """Print, per worker, the biggest growths between its first and last snapshot."""
    by_pid: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.snap")):
        by_pid.setdefault(path.name.split("-")[0], []).append(path)
    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"),
    ]
    for pid, paths in by_pid.items():
        if len(paths) < 2:
            continue
        first = tracemalloc.Snapshot.load(str(paths[0])).filter_traces(ignore)
        last = tracemalloc.Snapshot.load(str(paths[-1])).filter_traces(ignore)
        total_first = sum(s.size for s in first.statistics("filename"))
        total_last = sum(s.size for s in last.statistics("filename"))
        print(
            f"worker {pid}: {paths[0].stem} -> {paths[-1].stem}: traced "
            f"{total_first / 1e6:.1f} MB -> {total_last / 1e6:.1f} MB"
        )
        for stat in last.compare_to(first, "traceback")[:top]:
            if stat.size_diff <= 0:
                continue
            print(f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks")
            for line in stat.traceback.format()[-2 * FRAMES :]:
                print(f"      {line}")
        heap = folder / f"{pid}.heap"
        if heap.exists():  # traced flat while the C heap grows: look outside Python
            print("  by minute (Python's traced heap vs all of malloc's):")
            for line in heap.read_text().splitlines():
                print(f"    {line}")


if __name__ == "__main__":
    compare(Path(sys.argv[1]))
elif os.environ.get("NXUS_BENCH_TRACE_DIR"):
    tracemalloc.start(FRAMES)
    from app import app  # noqa: E402,F401 - the WSGI app gunicorn serves

    threading.Thread(
        target=_snapshots,
        args=(
            Path(os.environ["NXUS_BENCH_TRACE_DIR"]),
            60 * float(os.environ.get("NXUS_BENCH_TRACE_MINUTES", "2")),
        ),
        daemon=True,
    ).start()

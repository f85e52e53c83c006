"""Build nXus' optional C module (nxus/_native.c) in place, next to its source.

    python tools/build_native.py [--required]

It needs a C compiler and the Python headers; lxml's wheel brings the libxml2 headers. A
failed build is not fatal (nXus then renders every record in Python, only slower) unless
`--required` is given or NXUS_REQUIRE_NATIVE=1 is set: the test suite and CI ask for it.
`make run` and `make test` run this whenever the C file changes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "nxus/_native.c"


def build() -> None:
    import lxml
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension(
        "nxus._native",
        [SOURCE],
        include_dirs=list(lxml.get_include()),
        extra_compile_args=["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
    )
    dist = Distribution({"name": "nxus-native", "ext_modules": [extension]})
    command = build_ext(dist)
    command.inplace = True
    with tempfile.TemporaryDirectory() as tmp:
        command.build_temp = tmp
        command.build_lib = tmp
        command.ensure_finalized()
        command.run()


def main() -> int:
    required = "--required" in sys.argv[1:] or os.environ.get("NXUS_REQUIRE_NATIVE") == "1"
    os.chdir(ROOT)
    try:
        build()
    except Exception as exc:  # compiler missing, headers missing, ... (distutils errors vary)
        print(f"nXus: the C module was not built ({exc}); records render in Python.")
        return 1 if required else 0
    print("nXus: built nxus/_native (the C list renderer and XML text unescaper).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""WeasyPrint, the layout engine behind every PDF: imported here, once per process.

Import it as `from allprint.render.engine import weasyprint`, before any `weasyprint.*` module.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys
from collections.abc import Iterator
from types import ModuleType


def _import() -> ModuleType:
    """Import WeasyPrint without a search for its C libraries, which cost every process
    0.2 s on Linux.

    Why: WeasyPrint names each library it loads several ways (Windows, macOS, Linux), and
    cffi hands every name that does not load as it stands to `ctypes.util.find_library`,
    which runs `ldconfig` and gcc in a subprocess for it: 22 processes per import. The
    Linux file names (`libpango-1.0.so.0`) are on each list and load as they stand, so the
    search is skipped while WeasyPrint is imported. A system whose libraries have other
    names gets the usual import, search included.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    try:
        # WeasyPrint prints its installation advice when a library is missing: that
        # advice is for the usual import below, if it fails too.
        with _no_library_search(), contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
        # Optional, and it decides the bytes of every embedded font: not found under its
        # usual name, it is looked for the usual way too.
        if weasyprint.text.ffi.harfbuzz_subset is None:
            raise OSError("libharfbuzz-subset not found under its usual name")
    except OSError:
        # Start afresh: the parts that did load would not be bound to a new package.
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint
    return weasyprint


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


weasyprint = _import()

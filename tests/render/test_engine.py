"""WeasyPrint is loaded without searching for its C libraries, and still loads where the
libraries have other names. Each case runs in a fresh interpreter: an import happens once."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the library search is skipped on Linux only"
)

# The Linux names the import loads without a search: WeasyPrint's libraries, and the
# optional font subsetter, without which the usual import (search included) runs.
SUBSETTER = "libharfbuzz-subset.so.0"
LINUX_NAMES = (
    "libgobject-2.0.so.0",
    "libpango-1.0.so.0",
    "libharfbuzz.so.0",
    "libfontconfig.so.1",
    "libpangoft2-1.0.so.0",
    SUBSETTER,
)


def not_loading(*names: str) -> list[str]:
    missing = []
    for name in names:
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    return missing


def require_loading(*names: str) -> None:
    """Skip a probe whose premise (these libraries load by their usual names) does not
    hold on this host; under CI, which installs them, fail instead."""
    missing = not_loading(*names)
    if not missing:
        return
    why = f"{', '.join(missing)} does not load by its usual name here, so the import searches"
    if SUBSETTER in missing:
        why += " (Debian: apt-get install libharfbuzz-subset0)"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


MAKE_A_PDF = """
from allprint.render.pdf import render_pdf
pdf = render_pdf("<p>Call the clinic.</p>", "probe")
assert pdf.data.startswith(b"%PDF") and pdf.pages == 1
"""


def run_probe(before: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", before + MAKE_A_PDF], capture_output=True, text=True
    )


def test_loading_weasyprint_starts_no_process():
    # Where a library does not load by its Linux name, the search is meant to run.
    require_loading(*LINUX_NAMES)
    count_processes = """
import sys
started = []
sys.addaudithook(lambda event, args: started.append(args) if event == "subprocess.Popen" else None)
import allprint.render.engine
print("processes started:", len(started))
"""
    result = run_probe(count_processes)
    assert result.returncode == 0, result.stderr
    # Before: ldconfig and gcc, 22 times (0.2 s of every build and worker).
    assert "processes started: 0" in result.stdout


def test_libraries_under_other_names_are_still_found():
    # A system where the usual Linux file names do not load as they stand: only the
    # search finds the libraries there.
    other_names = """
import cffi
dlopen = cffi.FFI.dlopen
def refuse_file_names(self, name, *args):
    if ".so." in str(name):
        raise OSError(f"cannot load library {name!r}")
    return dlopen(self, name, *args)
cffi.FFI.dlopen = refuse_file_names
import allprint.render.engine
"""
    result = run_probe(other_names)
    assert result.returncode == 0, result.stderr
    assert "WeasyPrint could not import" not in result.stdout  # its advice: not shown


def test_the_font_subsetting_library_is_found_under_another_name():
    # Optional to WeasyPrint, which then subsets fonts another way (other bytes): not
    # found under its usual name, it is still looked for. Where it is not installed at
    # all, there is nothing to find.
    require_loading(SUBSETTER)
    other_name = """
import cffi
dlopen = cffi.FFI.dlopen
def refuse(self, name, *args):
    if name == "libharfbuzz-subset.so.0":
        raise OSError(f"cannot load library {name!r}")
    return dlopen(self, name, *args)
cffi.FFI.dlopen = refuse
from allprint.render.engine import weasyprint
assert weasyprint.text.ffi.harfbuzz_subset is not None
"""
    result = run_probe(other_name)
    assert result.returncode == 0, result.stderr

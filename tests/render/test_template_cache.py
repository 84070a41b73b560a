"""Compiled templates are kept between runs, and never change or break what is made.

Each run is a fresh process (the template environment lives as long as its process),
with its own temporary folder, where Jinja keeps the compiled templates.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, compiled_templates
from jinja2.bccache import bc_magic

SOURCE = ROOT / "content" / "pediatric-all.yaml"


def html(tmp: Path, tier: str = "child", limit: int | None = None, **env: str) -> str:
    """`allprint html` of one tier, run with `tmp` as the temporary folder (and files
    limited to `limit` bytes)."""

    def cap() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-m", "allprint.cli", "html", str(SOURCE), "--tier", tier]
    command += ["--as-of", "2026-01-15"]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp), **env},
        timeout=120,
        preexec_fn=cap,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_second_run_uses_the_kept_templates_and_makes_the_same_html(tmp_path):
    first = html(tmp_path)
    files = compiled_templates(tmp_path)
    assert files, "no compiled template was kept"
    stamps = {f: f.stat().st_mtime_ns for f in files}
    assert html(tmp_path) == first
    again = {f: f.stat().st_mtime_ns for f in compiled_templates(tmp_path)}
    assert again == stamps  # read, not rewritten


@pytest.mark.parametrize(
    "damage",
    [b"not a compiled template", bc_magic + b"\x80\x02 cut short", bc_magic],
    ids=["foreign", "garbled", "truncated"],
)
def test_damaged_kept_templates_are_compiled_again(tmp_path, damage):
    first = html(tmp_path)
    for f in compiled_templates(tmp_path):
        f.write_bytes(damage)
    assert html(tmp_path) == first
    for f in compiled_templates(tmp_path):  # each was made again
        assert f.read_bytes() != damage


def test_an_unusable_temporary_folder_only_means_compiling_each_time(tmp_path):
    # Jinja refuses a cache folder that is not a private folder: here it is a file.
    (tmp_path / f"_jinja2-cache-{os.getuid()}").write_text("a file, not a folder")
    assert "<html" in html(tmp_path)
    # A compiled template that cannot be written (here: files may hold at most 64 bytes).
    small = tmp_path / "small"
    small.mkdir()
    assert "<html" in html(small, limit=64)
    assert compiled_templates(small) == []


def test_the_cache_can_be_turned_off(tmp_path):
    html(tmp_path, ALLPRINT_TEMPLATE_CACHE="0")
    assert compiled_templates(tmp_path) == []

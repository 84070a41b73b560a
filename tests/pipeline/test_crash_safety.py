"""Nothing lost: a build killed (SIGKILL) while writing leaves no broken PDF or deck."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT, compiled_templates, run_build_py
from pypdf import PdfReader

# Runs a real build, but stops for a long while at one step of writing a file, after
# saying so in a marker file: the test then kills it at exactly that moment.
HARNESS = """
import os, sys, time
sys.path.insert(0, {src!r})
marker, step = sys.argv[1], sys.argv[2]
original = getattr(os, step)
def pause(*args, **kwargs):
    open(marker, "w").close()
    time.sleep(60)
    return original(*args, **kwargs)
setattr(os, step, pause)
from allprint.cli.main import main

sys.exit(main(["build", "--jobs", "1", *sys.argv[3:]]))
"""


def kill_when(process: subprocess.Popen, ready, what: str) -> None:
    """SIGKILL `process` as soon as `ready()` holds; fail if it ends first, or if two
    minutes pass."""
    try:
        deadline = time.monotonic() + 120
        while not ready():
            assert process.poll() is None, f"the build ended before {what}"
            assert time.monotonic() < deadline, f"the build never reached {what}"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)


def complete(folder: Path) -> dict[str, bytes]:
    """Every output in `folder`, checked to be whole: PDFs parse to the end, decks unzip."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".pdf":
            data = path.read_bytes()
            assert data.rstrip().endswith(b"%%EOF"), path
            assert len(PdfReader(path).pages) >= 1
            found[path.name] = data
        elif path.suffix == ".apkg":
            with zipfile.ZipFile(path) as zf:
                assert zf.testzip() is None
                assert "collection.anki2" in zf.namelist()
            found[path.name] = path.read_bytes()
    return found


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_killed_build_leaves_whole_files_and_the_next_build_works(tmp_path, step):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    source = tmp_path / "tiny-topic.yaml"
    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out)).returncode == 0
    before = complete(out)

    # An edit, so the killed build would have written different bytes.
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("It is treated in hospital.", "It is treated."), "utf-8")

    marker = tmp_path / "paused"
    harness = tmp_path / "harness.py"
    harness.write_text(HARNESS.format(src=str(ROOT / "src")))
    process = subprocess.Popen(
        [sys.executable, str(harness), str(marker), step, str(source), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_when(process, marker.exists, "the write")

    after = complete(out)
    assert after.keys() == before.keys()
    assert after == before, "the interrupted files are the old ones, whole"

    rebuilt = run_build_py(str(source), "--out", str(out))
    assert rebuilt.returncode == 0, rebuilt.stderr
    final = complete(out)
    assert final["tiny-topic-parent.pdf"] != before["tiny-topic-parent.pdf"]
    visible = sorted(p.name for p in (out / "pamphlets").iterdir() if not p.name.startswith("."))
    assert visible == sorted(n for n in final if n.endswith(".pdf") and "-cards" not in n)


def test_a_failing_topic_keeps_its_earlier_outputs(tmp_path):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    source = tmp_path / "tiny-topic.yaml"
    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out)).returncode == 0
    before = complete(out)
    source.write_text(source.read_text(encoding="utf-8") + "\nnonsense: [\n", encoding="utf-8")
    assert run_build_py(str(source), "--out", str(out)).returncode == 1
    assert complete(out) == before


@pytest.mark.usefixtures("renders_here")  # its builds must lay pages out
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_leaves_nothing_in_the_temporary_folder(tmp_path, jobs):
    """WeasyPrint copies @font-face fonts into a temporary folder per font configuration;
    the configuration a process keeps must not leave its folder behind (a clinic machine
    gathered one per build and one per worker)."""
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    command = ["build", "tiny-topic.yaml", "--out", "out", "--jobs", jobs, "--allow-draft"]
    done = subprocess.run(
        [sys.executable, "-m", "allprint.cli", *command],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(temp)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "pamphlets").is_dir()
    assert left_in(temp) == []
    kept = compiled_templates(temp)
    assert kept  # the one thing kept, in one folder: a second build adds nothing
    again = subprocess.run(
        [sys.executable, "-m", "allprint.cli", *command, "--force"],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(temp)},
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert left_in(temp) == []
    assert compiled_templates(temp) == kept


@pytest.mark.usefixtures("renders_here")  # its builds must lay pages out
def test_workers_of_a_killed_build_end_and_remove_their_temporary_fonts(tmp_path):
    """Killed outright, a build runs no exit handlers; its workers notice, remove their
    copies of the fonts and end."""
    shutil.copy(ROOT / "content" / "pediatric-all.yaml", tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    command = ["build", "pediatric-all.yaml", "--out", "out", "--jobs", "2", "--allow-draft"]
    process = subprocess.Popen(
        [sys.executable, "-m", "allprint.cli", *command],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_when(process, lambda: bool(list(temp.glob("weasyprint-*"))), "a worker's first PDF")
    deadline = time.monotonic() + 30
    while left_in(temp) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert left_in(temp) == []


def left_in(temp: Path) -> list[Path]:
    """What a run left in the temporary folder, but for the compiled templates."""
    kept = {temp / f"_jinja2-cache-{os.getuid()}", *compiled_templates(temp)}
    return sorted(p for p in temp.rglob("*") if p not in kept)

"""Faults a real site meets: each ends with exit 1 (or a warning), one line, no traceback,
no hang, and earlier outputs untouched."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT, run_cli

BUILD = [sys.executable, str(ROOT / "build.py")]


def build(*args: str, limit: int | None = None, timeout: int = 120):
    def cap() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*BUILD, *args], capture_output=True, text=True, timeout=timeout, preexec_fn=cap
    )


def one_error(result) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.mark.parametrize("kind", ["dev-zero", "dev-urandom", "fifo"])
def test_a_source_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    source = tmp_path / "tiny-topic.yaml"
    if kind == "fifo":
        os.mkfifo(source)
    else:
        os.symlink("/dev/zero" if kind == "dev-zero" else "/dev/urandom", source)
    line = one_error(build(str(source), "--out", str(tmp_path / "o"), timeout=30))
    assert "is not a regular file" in line


def test_a_link_to_an_unrelated_file_is_named_not_echoed(tmp_path):
    other = tmp_path / "secrets"
    other.write_text("root: x:0:0:secret-value\nadmin: hunter2\n")
    source = tmp_path / "tiny-topic.yaml"
    os.symlink(other, source)
    line = one_error(build(str(source), "--out", str(tmp_path / "o")))
    assert "this is not a topic" in line
    assert "secret-value" not in line and "hunter2" not in line and "admin" not in line


@pytest.mark.parametrize("where", ["out-is-a-file", "pamphlets-is-a-file"])
def test_an_output_place_that_is_a_file_is_one_line(tmp_path, where):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    out = tmp_path / "o"
    if where == "out-is-a-file":
        out.write_text("not a folder")
    else:
        out.mkdir()
        (out / "pamphlets").write_text("not a folder")
    line = one_error(build(str(tmp_path / "tiny-topic.yaml"), "--out", str(out), "--jobs", "1"))
    assert "o/pamphlets: cannot write:" in line or "o: cannot write:" in line


@pytest.mark.usefixtures("renders_here")  # its builds must lay pages out
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_size_limit_is_one_line_and_keeps_earlier_outputs(tmp_path, jobs):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    out = tmp_path / "o"
    assert build(str(tmp_path / "tiny-topic.yaml"), "--out", str(out)).returncode == 0
    before = (out / "pamphlets" / "tiny-topic-parent.pdf").read_bytes()
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(source.read_text().replace("New bruises.", "New bruises or bleeding."))
    line = one_error(build(str(source), "--out", str(out), "--jobs", jobs, limit=10_000))
    assert "File too large" in line
    assert (out / "pamphlets" / "tiny-topic-parent.pdf").read_bytes() == before


@pytest.mark.parametrize(
    "shape", ["[]", '"str"', "null", '{"format": 2, "outputs": [], "topics": 1}', "dir"]
)
def test_a_broken_build_record_is_discarded_with_a_warning(tmp_path, shape):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    out = tmp_path / "o"
    record = out / ".allprint-cache" / "builds.json"
    record.parent.mkdir(parents=True)
    if shape == "dir":
        record.mkdir()
    else:
        record.write_text(shape)
    result = build(str(tmp_path / "tiny-topic.yaml"), "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "builds.json" in result.stderr  # said, not hidden
    assert (out / "pamphlets" / "tiny-topic-parent.pdf").is_file()


def test_a_bundle_dated_after_2107_is_written(tmp_path):
    source = tmp_path / "tiny-topic.yaml"
    text = (
        (DATA / "tiny-topic.yaml").read_text().replace("updated: 2026-01-15", "updated: 2110-01-15")
    )
    source.write_text(text)
    result = run_cli("bundle", str(source), "--out", str(tmp_path / "dist"), "--allow-draft")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "dist" / "allprint-bundle.zip") as archive:
        assert archive.infolist()[0].date_time[0] == 2107


@pytest.mark.usefixtures("renders_here")  # its builds must lay pages out
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_a_build_leaves_no_worker_running(tmp_path, sig):
    sources = []
    text = (DATA / "tiny-topic.yaml").read_text()
    for n in range(6):
        source = tmp_path / f"tiny-topic-{n}.yaml"
        source.write_text(text.replace("id: tiny-topic", f"id: tiny-topic-{n}", 1))
        sources.append(str(source))
    process = subprocess.Popen(
        [*BUILD, *sources, "--out", str(tmp_path / "o"), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    time.sleep(4)  # workers are up and rendering
    workers = _children(process.pid)
    assert workers, "the build should have started its workers"
    process.send_signal(sig)
    process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)
    process.stdout.read()  # the pipe closes: nobody holds it open


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().split(")")[-1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_long_words_and_addresses_stay_inside_the_page(tmp_path):
    from conftest import word_boxes
    from pypdf import PdfReader

    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    long_word = "x" * 300
    text = text.replace(
        "      child: Your blood is made inside your bones.",
        f"      child: Your blood is made inside your bones. {long_word}",
    )
    text = text.replace(
        "Blocks microtubules", "Blocks Pneumonoultramicroscopicsilicovolcanoconioses"
    )
    text = text.replace(
        "url: https://tiny-topic.test/article", f"url: https://tiny-topic.test/{long_word}"
    )
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    assert build(str(source), "--out", str(out)).returncode == 0
    for pdf in (out / "pamphlets").glob("*.pdf"):
        reader = PdfReader(pdf)
        for number, page in enumerate(reader.pages, start=1):
            right = float(page.mediabox.width) - 20  # inside the margin, not at the paper's edge
            for word, _, _, x1, _ in word_boxes(pdf, number):
                assert x1 <= right, (pdf.name, number, word[:20], x1)
    facts = " ".join(w for w, *_ in word_boxes(out / "pamphlets" / "tiny-topic-clinician.pdf", 1))
    assert "Monitoring" in facts  # the last column of the facts table is still there

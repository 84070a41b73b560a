"""Fast builds: skip what is up to date, render in parallel, same bytes either way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT, run_build_py, run_cli


def copy_topic(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "tiny-topic.yaml", folder)
    return folder / "tiny-topic.yaml"


def outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".allprint-cache" not in p.parts
    }


def test_second_build_skips_and_does_not_load_weasyprint(tmp_path):
    source = copy_topic(tmp_path)
    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out)).returncode == 0
    before = {p: (out / p).stat().st_mtime_ns for p in outputs(out)}

    probe = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r})\n"
        "from allprint.cli import main\n"
        f"code = main(['build', {str(source)!r}, '--out', {str(out)!r}])\n"
        "assert code == 0\n"
        "print('weasyprint loaded' if 'weasyprint' in sys.modules else 'weasyprint not loaded')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert "weasyprint not loaded" in result.stdout
    assert {p: (out / p).stat().st_mtime_ns for p in outputs(out)} == before


def test_a_change_rebuilds_and_force_rebuilds_everything(tmp_path):
    source = copy_topic(tmp_path)
    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out)).returncode == 0
    first = outputs(out)

    source.write_text(source.read_text().replace("It is treated in hospital.", "It is treated."))
    changed = run_build_py(str(source), "--out", str(out))
    assert "1 topic(s) built" in changed.stdout
    assert (
        outputs(out)["pamphlets/tiny-topic-parent.pdf"] != first["pamphlets/tiny-topic-parent.pdf"]
    )

    assert "1 up to date" in run_build_py(str(source), "--out", str(out)).stdout
    forced = run_build_py(str(source), "--out", str(out), "--force")
    assert "1 topic(s) built" in forced.stdout


def test_other_options_and_a_deleted_output_rebuild(tmp_path):
    source = copy_topic(tmp_path)
    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out)).returncode == 0
    letter = run_build_py(str(source), "--out", str(out), "--paper", "letter")
    assert "1 topic(s) built" in letter.stdout
    (out / "pamphlets" / "tiny-topic-child.pdf").unlink()
    again = run_build_py(str(source), "--out", str(out))
    assert "1 topic(s) built" in again.stdout
    assert (out / "pamphlets" / "tiny-topic-child.pdf").exists()


def test_parallel_build_gives_the_same_bytes_as_a_serial_one(tmp_path):
    sources = []
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    for n in range(3):
        folder = tmp_path / f"t{n}"
        folder.mkdir()
        source = folder / f"tiny-topic-{n}.yaml"
        source.write_text(text.replace("id: tiny-topic", f"id: tiny-topic-{n}", 1), "utf-8")
        sources.append(str(source))
    serial = run_build_py(*sources, "--out", str(tmp_path / "serial"), "--jobs", "1")
    parallel = run_build_py(*sources, "--out", str(tmp_path / "parallel"), "--jobs", "2")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert "3 topic(s) built" in parallel.stdout
    assert outputs(tmp_path / "serial") == outputs(tmp_path / "parallel")
    assert len(outputs(tmp_path / "serial")) == 12


def test_html_command_prints_what_weasyprint_gets(tmp_path):
    source = copy_topic(tmp_path)
    result = run_cli("html", str(source), "--tier", "parent", "--paper", "letter")
    assert result.returncode == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "size: letter" in result.stdout
    assert "What is the tiny topic?" in result.stdout

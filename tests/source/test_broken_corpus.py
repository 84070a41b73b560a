"""The broken-source corpus (tests/data/broken): every mistake gets one clear line.

For each file, with both `python build.py FILE --out DIR` and `allprint check FILE`:
exit 1, no traceback, the first message names the file (and line, where the mistake
has one), says what is wrong, hints at the fix, and nothing is written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA, run_build_py, run_cli

from allprint.source.yaml_reader import MAX_SOURCE_BYTES

CORPUS = DATA / "broken"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
CASES = sorted(EXPECTED)


def test_corpus_is_complete():
    files = {p.stem for p in CORPUS.glob("*.yaml")} - {"expected"}
    assert files == set(EXPECTED)
    assert len(files) >= 30


def assert_one_clear_error(stderr: str, source: Path, line: int | None, says: list[str]) -> None:
    assert "Traceback" not in stderr
    errors = [ln for ln in stderr.splitlines() if ln.startswith("error: ")]
    assert errors, stderr
    first = errors[0]
    prefix = f"error: {source}" + (f":{line}:" if line else "")
    assert first.startswith(prefix), first
    for words in says:
        assert words.lower() in first.lower(), first
    assert re.search(r"\(.+\)$", first), f"no hint: {first}"


@pytest.fixture
def case_file(request, tmp_path):
    """A copy of the corpus file in a fresh folder, so any stray output would show."""
    name = request.param
    source = tmp_path / f"{name}.yaml"
    shutil.copy(CORPUS / f"{name}.yaml", source)
    return name, source


@pytest.mark.parametrize("case_file", CASES, indirect=True)
def test_check_rejects(case_file, tmp_path):
    name, source = case_file
    result = run_cli("check", str(source))
    assert result.returncode == 1
    assert_one_clear_error(result.stderr, source, EXPECTED[name]["line"], EXPECTED[name]["says"])
    assert [p.name for p in tmp_path.iterdir()] == [source.name]


@pytest.mark.parametrize("case_file", CASES, indirect=True)
def test_build_rejects_and_writes_nothing(case_file, tmp_path):
    name, source = case_file
    out = tmp_path / "out"
    result = run_build_py(str(source), "--out", str(out))
    assert result.returncode == 1
    assert_one_clear_error(result.stderr, source, EXPECTED[name]["line"], EXPECTED[name]["says"])
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


def both_commands(source: Path, out: Path):
    return run_cli("check", str(source)), run_build_py(str(source), "--out", str(out))


def test_huge_file_is_refused_before_reading(tmp_path):
    source = tmp_path / "huge.yaml"
    with source.open("w") as handle:
        handle.write("id: huge\ndisclaimer: ")
        handle.write("x" * (20 * 1024 * 1024))
    for result in both_commands(source, tmp_path / "o"):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert f"at most {MAX_SOURCE_BYTES:,} bytes" in result.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_missing_file_and_folder(tmp_path, kind):
    target = tmp_path / "nope.yaml" if kind == "missing" else tmp_path
    for result in both_commands(target, tmp_path / "o"):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert f"error: {target}: " in result.stderr
        assert ("no such file" if kind == "missing" else "is a folder") in result.stderr

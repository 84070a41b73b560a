"""A deck lock that cannot be read stops its topic with one line, and is never overwritten."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA, run_build_py

GOOD_LOCK = '{"cards": {"a": {"hash": "x", "modified": 1}}, "version": 1}\n'


def _shape(lock: Path, kind: str) -> None:
    if kind == "truncated":
        lock.write_text(GOOD_LOCK[:20])
    elif kind == "garbage":
        lock.write_bytes(b"\x00\xff garbage")
    elif kind == "merge-conflict":
        lock.write_text("<<<<<<< HEAD\n" + GOOD_LOCK + "=======\n" + GOOD_LOCK + ">>>>>>> other\n")
    elif kind == "wrong-shape":
        lock.write_text('{"cards": ["a", "b"]}')
    elif kind == "directory":
        lock.mkdir()
    elif kind == "device":
        os.symlink("/dev/zero", lock)


@pytest.mark.parametrize(
    "kind", ["truncated", "garbage", "merge-conflict", "wrong-shape", "directory", "device"]
)
def test_a_broken_lock_stops_its_topic_and_stays_as_it_was(tmp_path, kind):
    source = tmp_path / "tiny-topic.yaml"
    shutil.copy(DATA / "tiny-topic.yaml", source)
    lock = tmp_path / "tiny-topic.deck-lock.json"
    _shape(lock, kind)
    before = lock.read_bytes() if lock.is_file() and kind != "device" else None
    result = run_build_py(str(source), "--out", str(tmp_path / "o"), "--jobs", "1")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert f"{lock.name}: " in errors[0] and "deck lock" in errors[0]
    assert not (tmp_path / "o" / "pamphlets").exists()
    if before is not None:
        assert lock.read_bytes() == before
    if kind == "merge-conflict":
        assert "merge conflict" in errors[0]

"""A deck lock that cannot be read stops its topic with one line, and is never overwritten;
one written before releases were recorded, or merged, keeps every released card released."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA, ROOT, run_build_py, run_cli

from allprint.editions.deck_lock import DeckLock, LockEntry

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


def test_a_lock_without_release_marks_counts_every_card_as_released():
    # Locks written before releases were recorded (the bundled one among them): every
    # card may be in a collection, so it is retired, never silently dropped.
    bundled = ROOT / "content" / "pediatric-all.deck-lock.json"
    lock = DeckLock.read(bundled)
    assert lock.entries and all(e.released for e in lock.entries.values())
    assert lock.to_text() == bundled.read_text(encoding="utf-8")  # read and written alike


def test_repair_keeps_a_card_released_when_either_side_released_it(tmp_path):
    def side(cards: dict) -> str:
        return DeckLock({k: LockEntry(*v) for k, v in cards.items()}).to_text()

    # Ours: reviewed and built (released). Theirs: a draft branch edited it later.
    ours = side({"a": ("1", 10, False, False, True), "b": ("2", 10, False, False, True)})
    theirs = side({"a": ("9", 30, True, False, False), "b": ("2", 10, False, False, True)})
    ours_lines, theirs_lines = ours.splitlines(True), theirs.splitlines(True)
    lock = tmp_path / "t.deck-lock.json"
    lock.write_text(
        "".join(ours_lines[:3])
        + "<<<<<<< HEAD\n"
        + "".join(ours_lines[3:])
        + "=======\n"
        + "".join(theirs_lines[3:])
        + ">>>>>>> draft\n",
        encoding="utf-8",
    )
    result = run_cli("lock", "--repair", str(lock))
    assert result.returncode == 0, result.stderr
    repaired = DeckLock.read(lock)
    assert repaired.entries["a"] == LockEntry("9", 30, True, False, True)
    assert '"released"' not in lock.read_text(encoding="utf-8")

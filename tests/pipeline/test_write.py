"""Outputs land whole or not at all."""

from __future__ import annotations

import pytest

from allprint.pipeline.write import write_all, write_atomic


def test_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out" / "a.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("allprint.pipeline.write.os.replace", broken_replace)
    with pytest.raises(OSError):
        write_all({target: b"new"})
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_abandoned_temporaries_are_removed(tmp_path):
    import os
    import time

    target = tmp_path / "a.pdf"
    old = tmp_path / ".a.pdf.abc123.tmp"
    recent = tmp_path / ".a.pdf.def456.tmp"
    old.write_bytes(b"half")
    recent.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    write_atomic(target, b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.pdf.def456.tmp", "a.pdf"]

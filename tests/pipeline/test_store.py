"""ALLPRINT_STORE: builds of any folder take the PDFs made before from the same inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import DATA, run_build_py

from allprint.pipeline.cache import digest


def build(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True)
    shutil.copy(DATA / "tiny-topic.yaml", folder)
    result = run_build_py(str(folder / "tiny-topic.yaml"), "--out", str(folder / "out"))
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in (folder / "out").rglob("*.pdf")}


def entry(store: Path, data: bytes) -> tuple[Path, dict]:
    """The store's record of the PDF with these bytes."""
    for meta in store.glob("*/*.json"):
        record = json.loads(meta.read_text())
        if record["sha256"] == digest(data):
            return meta, record
    raise AssertionError("the store holds no such PDF")


def test_a_build_in_another_folder_takes_the_pdfs_from_the_store(tmp_path, monkeypatch):
    store = tmp_path / "store"
    monkeypatch.setenv("ALLPRINT_STORE", str(store))
    first = build(tmp_path / "a")
    assert len(list(store.glob("*/*.pdf"))) == len(first)  # each PDF kept once made

    # Put the child guide's bytes where the store keeps the parent guide: the next build,
    # elsewhere, takes them, as it would the real ones (and a real build would say so).
    meta, record = entry(store, first["tiny-topic-parent.pdf"])
    child = first["tiny-topic-child.pdf"]
    meta.with_suffix(".pdf").write_bytes(child)
    meta.write_text(json.dumps({**record, "sha256": digest(child), "size": len(child)}))
    second = build(tmp_path / "b")
    assert second["tiny-topic-parent.pdf"] == child
    assert {n: d for n, d in second.items() if "parent.pdf" not in n} == {
        n: d for n, d in first.items() if "parent.pdf" not in n
    }


def test_a_damaged_entry_is_made_again(tmp_path, monkeypatch):
    store = tmp_path / "store"
    monkeypatch.setenv("ALLPRINT_STORE", str(store))
    first = build(tmp_path / "a")
    meta, _ = entry(store, first["tiny-topic-clinician.pdf"])
    meta.with_suffix(".pdf").write_bytes(b"%PDF-1.7 cut short")
    assert build(tmp_path / "b") == first
    assert meta.with_suffix(".pdf").read_bytes() == first["tiny-topic-clinician.pdf"]


def test_a_store_that_cannot_be_written_is_one_warning_and_the_build_goes_on(tmp_path, monkeypatch):
    blocked = tmp_path / "store"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("ALLPRINT_STORE", str(blocked))
    (tmp_path / "a").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "a")
    out = tmp_path / "a" / "out"
    result = run_build_py(str(tmp_path / "a" / "tiny-topic.yaml"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("cannot keep PDFs here") == 1
    assert len(list(out.rglob("*.pdf"))) == 8  # 7 handouts and the printable cards

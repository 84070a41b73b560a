"""A folder of PDFs by key, shared by every build that names it (`ALLPRINT_STORE`).

A PDF's key covers its HTML, its options and the rendering code (`output_key`), and its
record names the template files the layout read, with their hashes. So a PDF made from
the same key, in any project or output folder, has the bytes this build would make, if
those files are still the same: a CI runner or a network's builds keep one store, and a
layout is done once however many folders want it. Entries are written whole; one that
cannot be read, or whose bytes or files changed, is passed over and made again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from allprint.pipeline.cache import OutputRecord, assets_unchanged, digest
from allprint.pipeline.workers import PdfResult


@dataclass(frozen=True)
class Kept:
    """A PDF taken from the store; called, like a wait for a worker, for the PDF."""

    pdf: PdfResult

    def __call__(self) -> PdfResult:
        return self.pdf


class PdfStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.warnings: list[str] = []  # a store that could not be written, said once

    def take(self, name: str, key: str) -> Kept | None:
        """The PDF made from `key`, as output `name`, if the store holds it intact."""
        pdf, meta = self._paths(key)
        try:
            record = OutputRecord(**json.loads(meta.read_bytes()))
            data = pdf.read_bytes()
        except (OSError, ValueError, TypeError):
            return None
        if record.key != key or digest(data) != record.sha256 or not assets_unchanged(record):
            return None
        assets = tuple(record.assets)
        return Kept(PdfResult(name, data, record.detail, assets, record.pages, record.anchors))

    def keep(self, record: OutputRecord, data: bytes) -> None:
        """Keep a PDF this build made; the PDF first, so a record always has its file."""
        from allprint.pipeline.write import write_atomic

        pdf, meta = self._paths(record.key)
        try:
            write_atomic(pdf, data)
            write_atomic(meta, json.dumps(asdict(record), sort_keys=True).encode())
        except OSError as exc:  # the outputs are made all the same; only the shortcut is lost
            if not self.warnings:
                self.warnings.append(f"{self.folder}: cannot keep PDFs here ({exc.strerror})")

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.folder / key[:2]
        return folder / f"{key}.pdf", folder / f"{key}.json"

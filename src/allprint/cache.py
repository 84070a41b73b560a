"""Incremental builds: skip a topic whose inputs have not changed since its outputs were made.

The inputs of a topic's outputs are: the source file and its deck lock, every file in
`templates/` and in the allprint package, the build options, the day (review-overdue
marks depend on it), and the versions of the libraries that render. Their hash is kept
in `DIR/.allprint-cache/builds.json` with the hash of each output; a topic is skipped
only if the hash matches and every output is still there, unchanged.

Nothing here imports WeasyPrint: a build with nothing to do never loads it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from allprint.paths import TEMPLATES_DIR

CACHE_DIR = ".allprint-cache"
FORMAT = 1
_LIBRARIES = ("weasyprint", "pydyf", "genanki", "pypdf", "textstat", "pydantic", "jinja2", "pyyaml")


@dataclass
class Record:
    key: str
    outputs: dict[str, tuple[str, int, str]]  # name -> (sha256, size, detail)
    findings: list[dict]
    grades: list[dict]


class BuildCache:
    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / CACHE_DIR / "builds.json"
        self._records: dict[str, dict] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                self._records = data["records"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no cache, or a broken one: build everything
        self._out_dir = out_dir
        self._changed = False

    def lookup(self, slot: str, key: str) -> Record | None:
        """The record for `slot` if its key matches and its outputs are intact."""
        raw = self._records.get(slot)
        if not raw or raw.get("key") != key:
            return None
        record = Record(
            raw["key"],
            {k: tuple(v) for k, v in raw["outputs"].items()},
            raw["findings"],
            raw["grades"],
        )
        for name, (digest, size, _) in record.outputs.items():
            path = self._out_dir / name
            if not path.is_file() or path.stat().st_size != size or _sha256(path) != digest:
                return None
        return record

    def store(self, slot: str, record: Record) -> None:
        self._records[slot] = asdict(record)
        self._changed = True

    def save(self) -> None:
        """Write the cache if anything was built (a failed build writes nothing at all)."""
        from allprint.write import write_atomic

        if not self._changed:
            return
        text = json.dumps({"format": FORMAT, "records": self._records}, indent=1, sort_keys=True)
        write_atomic(self.path, text.encode())


def input_key(source: Path, lock: Path, settings: str) -> str:
    """Hash of everything a topic's outputs are made from (see the module docstring)."""
    digest = hashlib.sha256()
    for part in (_file_bytes(source), _file_bytes(lock), _code_and_templates(), settings.encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def output_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"(missing)"


@cache
def _code_and_templates() -> bytes:
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for root in (TEMPLATES_DIR, package):
        for path in sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.digest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

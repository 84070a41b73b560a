"""A run's options, and what it reports: per topic, the files made and what was found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from allprint.checks.fit import Finding
from allprint.checks.readability import Score
from allprint.errors import UserError
from allprint.pipeline.workers import PdfResult
from allprint.render.layout import PrintOptions

if TYPE_CHECKING:
    from allprint.project.config import Site
    from allprint.source.model import Topic


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    allow_draft: bool = False  # build even when fit-to-print checks fail
    strict: bool = False  # warnings (draft, review overdue, unused source) fail too
    today: dt.date = field(default_factory=dt.date.today)
    variants: tuple[PrintOptions, ...] = (PrintOptions(),)
    force: bool = False  # make again even what is up to date
    jobs: int = 1  # worker processes rendering PDFs
    phone_pages: bool = False  # also a self-contained web page per handout (bundles)
    settings: tuple[Path, ...] = ()  # project files that change outputs (allprint.toml)
    site: Site | None = None  # the clinic's own numbers, printed on its handouts
    decks: bool = True  # False for a site's build: site values never reach a deck
    handouts: bool = True  # False for a network's decks, made once for all its sites
    # Another output folder whose up-to-date PDFs are copied rather than made again (a
    # bundle takes what `build` made in the folder the bundle goes to). Not in the key:
    # a copied PDF has the bytes this run would make.
    reuse: Path | None = None
    # A folder of PDFs by key shared by builds of any folder (`pipeline/store.py`): PDFs
    # found there are taken, the rest kept there once made. Not in the key, as `reuse`.
    store: Path | None = None
    # A Dask scheduler's address: PDFs are laid out on its cluster. Not in the key: the
    # bytes are the same wherever they are made.
    scheduler: str | None = None

    def key(self) -> str:
        """The options that decide what a run writes (for the cache)."""
        flags = (self.variants, self.allow_draft, self.strict, self.phone_pages, self.decks)
        flags += () if self.handouts else (self.handouts,)  # keeps the key it had before
        return repr((flags, self.site))


@dataclass(frozen=True)
class Output:
    path: Path
    size: int
    detail: str  # e.g. "6 pages" or "182 notes"
    written: bool = True  # False: it was up to date and left alone


@dataclass
class TopicResult:
    source: Path
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    grades: list[Score] = field(default_factory=list)  # whole-handout reading grade per tier
    error: UserError | None = None
    skipped: bool = False  # up to date: not even read
    topic: Topic | None = None  # None when skipped or failed
    copied: int = 0  # PDFs taken from another folder's build (options.reuse), not made

    @property
    def written(self) -> list[Output]:
        return [o for o in self.outputs if o.written]


@dataclass
class BuildReport:
    results: list[TopicResult]
    warnings: list[str] = field(default_factory=list)  # about the run, not one topic

    @property
    def failed(self) -> list[TopicResult]:
        return [r for r in self.results if r.error is not None]


class Progress(Protocol):
    """Told how many more PDFs a build will render, and of each one done."""

    def expect(self, more: int) -> None: ...

    def advance(self, result: PdfResult) -> None: ...

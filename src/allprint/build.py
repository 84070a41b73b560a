"""The main job: sources -> validated topics -> PDFs per tier and a deck -> files on disk.

Each topic is rendered completely in memory before anything of it is written, so a
failure leaves that topic's earlier outputs untouched; other topics still build.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from allprint.checks import Finding, FitReport, fit_to_print
from allprint.errors import FitError, Problem, SourceError, UserError
from allprint.loader import load_topic
from allprint.model import TIERS, Topic
from allprint.paths import CONTENT_DIR, DECKS, PAMPHLETS, deck_name, pdf_name
from allprint.readability import WHOLE, Score


@dataclass(frozen=True)
class Output:
    path: Path
    size: int
    detail: str  # e.g. "6 pages" or "182 notes"


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    allow_draft: bool = False  # build even when fit-to-print checks fail
    strict: bool = False  # warnings (draft, review overdue, unused source) fail too
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class TopicResult:
    source: Path
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    grades: list[Score] = field(default_factory=list)  # whole-handout reading grade per tier
    error: UserError | None = None


@dataclass
class BuildReport:
    results: list[TopicResult]

    @property
    def ok(self) -> bool:
        return all(r.error is None for r in self.results)


def default_sources() -> list[Path]:
    """Every topic in the project's `content/` folder."""
    return sorted(CONTENT_DIR.glob("*.yaml"))


def build(
    sources: Sequence[Path],
    options: BuildOptions,
    on_result: Callable[[TopicResult], None] | None = None,
    now: Callable[[], float] = time.time,
) -> BuildReport:
    """Build each source into `out_dir/pamphlets` and `out_dir/decks`; go on past bad ones."""
    if not sources:
        raise UserError("no topic sources found: add a content/<topic-id>.yaml or name one")
    results = []
    seen_ids: dict[str, Path] = {}
    for source in sources:
        result = TopicResult(source)
        try:
            topic = load_topic(source)
            _claim_id(topic, source, seen_ids)
            report = _fit_to_print(topic, source, options)
            result.findings = report.findings
            result.grades = [s for s in report.scores if s.part == WHOLE]
            result.outputs = _build_topic(topic, source, options, int(now()))
        except UserError as exc:
            result.error = exc
        results.append(result)
        if on_result:
            on_result(result)
    return BuildReport(results)


def _claim_id(topic: Topic, source: Path, seen: dict[str, Path]) -> None:
    if topic.id in seen:
        raise SourceError(
            [Problem(source, f"topic id {topic.id!r} is also used by {seen[topic.id]}", line=None)]
        )
    seen[topic.id] = source


def _fit_to_print(topic: Topic, source: Path, options: BuildOptions) -> FitReport:
    """Run the fit-to-print checks; raise when they block this build."""
    report = fit_to_print(topic, options.today)
    blocking = [
        f
        for f in report.findings
        if (f.severity == "error" and not options.allow_draft)
        or (f.severity == "warning" and options.strict)
    ]
    if blocking:
        hint = "fix them, or build a marked draft with --allow-draft"
        raise FitError(source, blocking, hint)
    return report


def _build_topic(topic: Topic, source: Path, options: BuildOptions, now: int) -> list[Output]:
    # Heavy renderers are imported here, so `check` and `--help` stay fast.
    from allprint.render_deck import DeckLock, render_deck
    from allprint.render_html import render_html
    from allprint.render_pdf import render_pdf
    from allprint.write import write_all

    out_dir = options.out_dir
    files: dict[Path, bytes] = {}
    outputs = []
    for tier in TIERS:
        html = render_html(topic, tier, options.today)
        pdf, pages = render_pdf(html, f"{topic.id}-{tier}")
        path = out_dir / PAMPHLETS / pdf_name(topic.id, tier)
        files[path] = pdf
        outputs.append(Output(path, len(pdf), f"{pages} page{'s' if pages != 1 else ''}"))

    lock_path = lock_path_for(source)
    old_lock = DeckLock.read(lock_path)
    deck, lock = render_deck(topic, old_lock, now)
    path = out_dir / DECKS / deck_name(topic.id)
    files[path] = deck
    outputs.append(Output(path, len(deck), f"{len(lock.entries)} notes"))
    if lock != old_lock:
        files[lock_path] = lock.to_text().encode()

    write_all(files)
    return outputs


def lock_path_for(source: Path) -> Path:
    """The deck change lock lives beside its source and is committed with it."""
    return source.with_name(f"{source.stem}.deck-lock.json")

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
from allprint.layout import PrintOptions, pdf_name
from allprint.loader import load_topic
from allprint.model import TIERS, Topic
from allprint.paths import CONTENT_DIR, DECKS, PAMPHLETS, deck_name
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
    print: PrintOptions = field(default_factory=PrintOptions)


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
            report = check_fit(topic, source, options)
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


def check_fit(topic: Topic, source: Path, options: BuildOptions) -> FitReport:
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
    from allprint.write import write_all

    rendered = render_topic(topic, source, [options.print], options.today, now)
    files = {options.out_dir / name: data for name, data in rendered.files.items()}
    files.update(rendered.side_files)
    write_all(files)
    return [
        Output(options.out_dir / name, len(rendered.files[name]), detail)
        for name, detail in rendered.details.items()
    ]


@dataclass
class RenderedTopic:
    """Every output of one topic, in memory: nothing is written until all of it exists."""

    files: dict[str, bytes] = field(default_factory=dict)  # "pamphlets/x.pdf" -> bytes
    details: dict[str, str] = field(default_factory=dict)  # "pamphlets/x.pdf" -> "6 pages"
    side_files: dict[Path, bytes] = field(default_factory=dict)  # e.g. the deck lock


def render_topic(
    topic: Topic, source: Path, variants: list[PrintOptions], today: dt.date, now: int
) -> RenderedTopic:
    """Render the handouts of every print variant and the deck of `topic`."""
    # Heavy renderers are imported here, so `check` and `--help` stay fast.
    from allprint.impose import impose_booklet
    from allprint.render_deck import DeckLock, render_deck
    from allprint.render_html import render_html
    from allprint.render_pdf import render_pdf

    result = RenderedTopic()
    for variant in variants:
        for tier in variant.tiers(TIERS):
            name = pdf_name(topic.id, tier, variant)
            html = render_html(topic, tier, today, variant)
            pdf, pages = render_pdf(
                html, name.removesuffix(".pdf"), epoch=topic.timestamp, variant=variant.pdf_variant
            )
            detail = f"{pages} page{'s' if pages != 1 else ''}"
            if variant.booklet:
                pdf = impose_booklet(pdf, *variant.booklet_sheet)
                detail += f", {-(-pages // 4)} sheet{'s' if pages > 4 else ''} folded"
            result.files[f"{PAMPHLETS}/{name}"] = pdf
            result.details[f"{PAMPHLETS}/{name}"] = detail

    lock_path = lock_path_for(source)
    old_lock = DeckLock.read(lock_path)
    deck, lock = render_deck(topic, old_lock, now)
    result.files[f"{DECKS}/{deck_name(topic.id)}"] = deck
    result.details[f"{DECKS}/{deck_name(topic.id)}"] = f"{len(lock.entries)} notes"
    if lock != old_lock:
        result.side_files[lock_path] = lock.to_text().encode()
    return result


def lock_path_for(source: Path) -> Path:
    """The deck change lock lives beside its source and is committed with it."""
    return source.with_name(f"{source.stem}.deck-lock.json")

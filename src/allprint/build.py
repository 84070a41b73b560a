"""The main job: sources -> validated topics -> PDFs per tier and a deck -> files on disk.

Each topic is rendered completely in memory before anything of it is written, so a
failure leaves that topic's earlier outputs untouched; other topics still build.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from allprint.cache import BuildCache, Record, input_key, output_digest
from allprint.checks import Finding, FitReport, fit_to_print
from allprint.errors import FitError, Problem, SourceError, UserError
from allprint.layout import PrintOptions, pdf_name
from allprint.loader import load_topic
from allprint.model import TIERS, Topic
from allprint.paths import CONTENT_DIR, DECKS, PAMPHLETS, deck_name
from allprint.readability import WHOLE, Score
from allprint.workers import JobRunner, PdfJob, PdfResult, run_job


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
    force: bool = False  # rebuild even what is up to date
    jobs: int = 1  # worker processes rendering PDFs

    def settings(self) -> str:
        """Everything besides the files that decides what a build writes (for the cache)."""
        return repr((self.print, self.allow_draft, self.strict, self.today.isoformat()))


@dataclass
class TopicResult:
    source: Path
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    grades: list[Score] = field(default_factory=list)  # whole-handout reading grade per tier
    error: UserError | None = None
    skipped: bool = False  # up to date: nothing was rendered


@dataclass
class BuildReport:
    results: list[TopicResult]


class Progress(Protocol):
    """Told how many more PDFs a build will render, and of each one done."""

    def expect(self, more: int) -> None: ...

    def advance(self, result: PdfResult) -> None: ...


def default_sources() -> list[Path]:
    """Every topic in the project's `content/` folder."""
    return sorted(CONTENT_DIR.glob("*.yaml"))


def build(
    sources: Sequence[Path],
    options: BuildOptions,
    on_result: Callable[[TopicResult], None] | None = None,
    progress: Progress | None = None,
    now: Callable[[], float] = time.time,
) -> BuildReport:
    """Build each source into `out_dir/pamphlets` and `out_dir/decks`; go on past bad ones.

    Up-to-date topics are skipped (unless `force`); the PDFs of the rest are rendered
    by `jobs` worker processes; each topic is written once all of it is rendered.
    """
    if not sources:
        raise UserError("no topic sources found: add a content/<topic-id>.yaml or name one")
    cache = BuildCache(options.out_dir)
    results: list[TopicResult] = []
    seen_ids: dict[str, Path] = {}
    with JobRunner(options.jobs, progress.advance if progress else None) as runner:
        # Topics are prepared (read, checked, HTML) here while workers render earlier ones.
        pending: list[tuple[TopicResult, Topic, list[Callable[[], PdfResult]]]] = []
        for source in sources:
            result = TopicResult(source)
            results.append(result)
            if not options.force and _replay(cache, source, options, result):
                if on_result:
                    on_result(result)
                continue
            try:
                topic = load_topic(source)
                _claim_id(topic, source, seen_ids)
                report = check_fit(topic, source, options)
            except UserError as exc:
                result.error = exc
                if on_result:
                    on_result(result)
                continue
            result.findings = report.findings
            result.grades = [s for s in report.scores if s.part == WHOLE]
            jobs = plan_pdfs(topic, [options.print], options.today)
            if progress:
                progress.expect(len(jobs))
            pending.append((result, topic, [runner.submit(job) for job in jobs]))
            # Keep a few topics ahead of the workers, not all of them: memory stays flat.
            while len(pending) > options.jobs + 1:
                _finish(pending.pop(0), options, cache, now, on_result)
        for item in pending:
            _finish(item, options, cache, now, on_result)
    cache.save()
    return BuildReport(results)


def _finish(item, options: BuildOptions, cache: BuildCache, now, on_result) -> None:
    """Wait for a topic's PDFs, then write it whole."""
    result, topic, waits = item
    pdfs = [wait() for wait in waits]
    result.outputs = _write_topic(topic, result, pdfs, options, int(now()), cache)
    if on_result:
        on_result(result)


def _slot(source: Path, options: BuildOptions) -> str:
    return f"{source.resolve()}|{options.print.suffix() or 'standard'}"


def _replay(cache: BuildCache, source: Path, options: BuildOptions, result: TopicResult) -> bool:
    """Fill `result` from the cache if the topic is up to date."""
    key = input_key(source, lock_path_for(source), options.settings())
    record = cache.lookup(_slot(source, options), key)
    if record is None:
        return False
    result.skipped = True
    result.outputs = [
        Output(options.out_dir / name, size, detail)
        for name, (_, size, detail) in record.outputs.items()
    ]
    result.findings = [Finding(**f) for f in record.findings]
    result.grades = [Score(**g) for g in record.grades]
    return True


def _write_topic(
    topic: Topic,
    result: TopicResult,
    pdfs: list[PdfResult],
    options: BuildOptions,
    now: int,
    cache: BuildCache,
) -> list[Output]:
    from allprint.write import write_all

    rendered = finish_topic(topic, result.source, pdfs, now)
    files = {options.out_dir / name: data for name, data in rendered.files.items()}
    files.update(rendered.side_files)
    write_all(files)
    # The key is taken after writing: the deck lock may just have changed.
    key = input_key(result.source, lock_path_for(result.source), options.settings())
    outputs = {
        name: (output_digest(data), len(data), rendered.details[name])
        for name, data in rendered.files.items()
    }
    findings = [asdict(f) for f in result.findings]
    grades = [asdict(g) for g in result.grades]
    cache.store(_slot(result.source, options), Record(key, outputs, findings, grades))
    return [
        Output(options.out_dir / name, len(data), rendered.details[name])
        for name, data in rendered.files.items()
    ]


def _claim_id(topic: Topic, source: Path, seen: dict[str, Path]) -> None:
    if topic.id in seen:
        raise SourceError(
            [Problem(source, f"topic id {topic.id!r} is also used by {seen[topic.id]}", line=None)]
        )
    seen[topic.id] = source


def check_fit(topic: Topic, source: Path, options: BuildOptions) -> FitReport:
    """Run the fit-to-print checks; raise when they block this build."""
    report = fit_to_print(topic, options.today)
    blocking = report.blocking(options.strict, options.allow_draft)
    if blocking:
        hint = "fix them, or build a marked draft with --allow-draft"
        raise FitError(source, blocking, hint)
    return report


@dataclass
class RenderedTopic:
    """Every output of one topic, in memory: nothing is written until all of it exists."""

    files: dict[str, bytes] = field(default_factory=dict)  # "pamphlets/x.pdf" -> bytes
    details: dict[str, str] = field(default_factory=dict)  # "pamphlets/x.pdf" -> "6 pages"
    side_files: dict[Path, bytes] = field(default_factory=dict)  # e.g. the deck lock


def plan_pdfs(topic: Topic, variants: list[PrintOptions], today: dt.date) -> list[PdfJob]:
    """One job per handout to make; the HTML is rendered here, the PDF by a worker."""
    from allprint.render_html import render_html

    jobs = []
    for variant in variants:
        for tier in variant.tiers(TIERS):
            name = pdf_name(topic.id, tier, variant)
            jobs.append(
                PdfJob(
                    name=f"{PAMPHLETS}/{name}",
                    html=render_html(topic, tier, today, variant),
                    identifier=name.removesuffix(".pdf"),
                    epoch=topic.timestamp,
                    variant=variant.pdf_variant,
                    booklet_sheet=variant.booklet_sheet if variant.booklet else None,
                )
            )
    return jobs


def finish_topic(topic: Topic, source: Path, pdfs: list[PdfResult], now: int) -> RenderedTopic:
    """Add the deck (and its updated lock) to a topic's rendered PDFs."""
    from allprint.render_deck import DeckLock, render_deck

    result = RenderedTopic()
    for pdf in pdfs:
        result.files[pdf.name] = pdf.data
        result.details[pdf.name] = pdf.detail
    lock_path = lock_path_for(source)
    old_lock = DeckLock.read(lock_path)
    deck, lock = render_deck(topic, old_lock, now)
    result.files[f"{DECKS}/{deck_name(topic.id)}"] = deck
    result.details[f"{DECKS}/{deck_name(topic.id)}"] = f"{len(lock.entries)} notes"
    if lock != old_lock:
        result.side_files[lock_path] = lock.to_text().encode()
    return result


def render_topic(
    topic: Topic, source: Path, variants: list[PrintOptions], today: dt.date, now: int
) -> RenderedTopic:
    """Render the handouts of every print variant and the deck of `topic`, in this process."""
    pdfs = [run_job(job) for job in plan_pdfs(topic, variants, today)]
    return finish_topic(topic, source, pdfs, now)


def lock_path_for(source: Path) -> Path:
    """The deck change lock lives beside its source and is committed with it."""
    return source.with_name(f"{source.stem}.deck-lock.json")

"""The one pipeline behind `build`, `bundle` and `check`.

    plan (file names, refused if two outputs collide)
    -> prepare each topic once (read, validate, tier views, fit checks)
    -> render what is out of date (HTML here, PDFs in workers, the deck)
    -> write each topic whole, atomically

Each topic is rendered completely in memory before anything of it is written, so a
failure leaves that topic's earlier outputs untouched; other topics still build.
`check` stops after "prepare"; `bundle` adds phone pages and packs the outputs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from allprint.checks.fit import Finding, FitReport
from allprint.checks.readability import WHOLE
from allprint.errors import FitError, UserError
from allprint.files import read_source_bytes
from allprint.pipeline.cache import (
    BuildCache,
    OutputRecord,
    asset_digest,
    digest,
    output_key,
)
from allprint.pipeline.options import BuildOptions, BuildReport, Output, Progress, TopicResult
from allprint.pipeline.outputs import is_withdrawn, not_made, page_findings, pdf_job, render_other
from allprint.pipeline.plan import PDF_KINDS, PlannedOutput
from allprint.pipeline.prepare import Prepared, blocking, plan, prepare_topic
from allprint.pipeline.replay import remember_topic, replay
from allprint.pipeline.store import Kept, PdfStore
from allprint.pipeline.workers import JobRunner, PdfJob, PdfResult


def build(
    sources: Sequence[Path],
    options: BuildOptions,
    on_result: Callable[[TopicResult], None] | None = None,
    progress: Progress | None = None,
    now: Callable[[], float] = time.time,
) -> BuildReport:
    """Build each source into `out_dir`; go on past bad ones.

    Up-to-date outputs are kept (unless `force`); the PDFs of the rest are rendered by
    `jobs` worker processes; each topic is written once all of it is rendered.
    """
    return build_all(sources, [options], on_result, progress, now)[0]


@dataclass
class _Target:
    """One output folder of a run: a site's handouts, or the run's decks, or both."""

    options: BuildOptions
    plans: list[tuple[Path, list[PlannedOutput]]]
    cache: BuildCache
    donor: BuildCache | None
    store: PdfStore | None  # the PDFs of builds of any folder, by key (one per run)
    results: list[TopicResult] = field(default_factory=list)


def build_all(
    sources: Sequence[Path],
    runs: Sequence[BuildOptions],
    on_result: Callable[[TopicResult], None] | None = None,
    progress: Progress | None = None,
    now: Callable[[], float] = time.time,
) -> list[BuildReport]:
    """Build each source for each of `runs`, one report each: runs differ in their output
    folder, site and what they make (a network's decks once, then each site's handouts).

    Each topic is read, validated, checked and cut into editions once, whatever the
    number of sites; only the documents that print a site's values are laid out per site.
    All runs share one pool of workers, so the progress counts every site's PDFs.
    """
    lead = runs[0]  # what every run shares: the day, the jobs, --force, the store...
    store = PdfStore(lead.store) if lead.store else None
    targets = [
        _Target(run, plan(sources, run), BuildCache(run.out_dir), _donor(run), store)
        for run in runs
    ]
    with _runner(lead, progress.advance if progress else None) as runner:
        # Topics are prepared here while workers render earlier ones; only a few are kept
        # ahead of the workers, so memory stays flat however many topics there are.
        pending: list[_Pending] = []
        for index, source in enumerate(sources):
            # Read once: for the records' keys and for reading.
            topic = _Topic(source, read_source_bytes(source), on_result)
            for target in targets:
                result = TopicResult(source)
                target.results.append(result)
                if replay(target.cache, source, topic.raw, target.options, result):
                    topic.done(result)
                    continue
                if topic.shared is None:
                    topic.shared = _shared(source, lead, runner.warm_up, topic.raw)
                item = _start(topic, target, target.plans[index][1], result, runner, progress)
                if item is None:
                    topic.done(result)
                    continue
                pending.append(item)
                while len(pending) > lead.jobs + 1:
                    item = pending.pop(0)
                    item.topic.done(_finish(item, int(now())))
        for item in pending:
            item.topic.done(_finish(item, int(now())))
    for target in targets:
        target.cache.save()
    kept = store.warnings if store else []  # said once, in the first report
    return [
        BuildReport(t.results, t.cache.warnings + (kept if n == 0 else []))
        for n, t in enumerate(targets)
    ]


@dataclass
class _Topic:
    """One source in a run of many sites: prepared once, and what was said of it."""

    source: Path
    raw: bytes | None
    on_result: Callable[[TopicResult], None] | None
    shared: Prepared | UserError | None = None  # None: not prepared yet
    said: set[str] = field(default_factory=set)  # errors told: not again for each site
    told: set[str] = field(default_factory=set)  # findings told, the same for every site
    graded: bool = False  # its reading grades told

    def done(self, result: TopicResult) -> None:
        if result.error is not None:
            if result.error.text in self.said:
                return  # a mistake in the topic: told once, not once per site
            self.said.add(result.error.text)
        if self.on_result:
            self.on_result(result)


def _runner(options: BuildOptions, on_done) -> JobRunner:
    """Where the PDFs are laid out: the run's Dask cluster, or local worker processes."""
    if options.scheduler:
        from allprint.pipeline.cluster import DaskRunner

        return DaskRunner(options.scheduler, on_done)  # type: ignore[return-value]
    return JobRunner(options.jobs, on_done)


def _donor(options: BuildOptions) -> BuildCache | None:
    return BuildCache(options.reuse) if options.reuse else None


def _shared(source: Path, options: BuildOptions, loaded, raw) -> Prepared | UserError:
    """A topic prepared once for every site of the run, or what stops it."""
    try:
        # Once the source reads well, workers start while this process checks it.
        return prepare_topic(source, options.today, loaded, raw)
    except UserError as exc:
        return exc


def _start(topic: _Topic, target: _Target, outputs, result, runner, progress) -> _Pending | None:
    """A topic for one run: checked, its PDFs sent to the workers; None when it stops."""
    options, shared = target.options, topic.shared
    if isinstance(shared, UserError) or shared is None:
        result.error = shared
        return None
    try:
        prepared = shared.for_site(options.site, options.handouts)
        if stop := blocking(prepared, options):
            hint = "fix them, or build a marked draft with --allow-draft"
            raise FitError(prepared.source, stop, hint)
    except UserError as exc:
        result.error = exc
        return None
    result.topic = prepared.topic
    # What is said of the topic is said once, not again for each site: each site adds
    # only what is its own.
    result.findings = [f for f in prepared.fit.findings if repr(f) not in topic.told]
    topic.told.update(repr(f) for f in result.findings)
    if not topic.graded:
        result.grades = [s for s in prepared.fit.scores if s.part == WHOLE]
    topic.graded = True
    caches = (target.cache, target.donor, target.store)
    handouts = _submit(prepared, outputs, options, caches, runner, progress)
    others = [o for o in outputs if o.kind not in PDF_KINDS]
    withdrawn = [o for o in outputs if is_withdrawn(prepared, o)]
    return _Pending(result, prepared, handouts, others, withdrawn, target, topic)


# --- one topic ------------------------------------------------------------------------------


@dataclass
class _Pending:
    result: TopicResult
    prepared: Prepared
    # Per handout: its key, and its record when up to date or else a wait for its PDF.
    handouts: list[tuple[PlannedOutput, str, OutputRecord | Callable[[], PdfResult]]]
    others: list[PlannedOutput]  # decks and phone pages: made in this process
    withdrawn: list[PlannedOutput] = field(default_factory=list)  # incomplete translations
    target: _Target | None = None
    topic: _Topic | None = None


def _submit(prepared: Prepared, outputs, options, caches, runner, progress) -> list:
    """Make each handout's HTML; send to the workers those whose key changed, unless the
    donor folder (`options.reuse`) holds the PDF made from that key, which is copied, or
    the store (`options.store`) holds it.
    Handouts of the same HTML (a booklet's copies for A4 and Letter) are laid out once.

    The longest documents go first (HTML length stands in for layout time), so that no
    worker starts a long one just as the others run out of work.
    """
    cache, donor, store = caches
    jobs = {}
    for output in outputs:
        if output.kind not in PDF_KINDS or is_withdrawn(prepared, output):
            continue
        job = pdf_job(prepared, output, options.site)
        key = output_key(*job.htmls(), job.options())
        record = None
        if not options.force:  # --force: everything made again, nothing taken either
            record = cache.output(output.path, key) or _copied(donor, output.path, key)
            record = record or (store.take(output.path, key) if store else None)
        jobs[output.path] = (output, key, job, record)
    made = {path: record for path, (*_, record) in jobs.items() if record is not None}
    together: dict[tuple, list[PdfJob]] = {}  # the A4 and Letter copies of a booklet, say
    for _, _, job, record in jobs.values():
        if record is None:
            together.setdefault(job.layout(), []).append(job)
    for group in sorted(together.values(), key=lambda g: -len(g[0].html)):
        waits = runner.submit_together(tuple(group))
        made.update(zip((j.name for j in group), waits, strict=True))
    if progress:
        progress.expect(sum(1 for *_, record in jobs.values() if record is None))
    return [(output, key, made[path]) for path, (output, key, _, _) in jobs.items()]


class _Copy(Kept):
    """A PDF taken from the donor folder (counted apart from the store's)."""


def _copied(donor: BuildCache | None, name: str, key: str) -> _Copy | None:
    """The donor folder's PDF `name` as a made result, if it was made from `key` and is
    intact there; None otherwise."""
    found = donor.output_and_bytes(name, key) if donor else None
    if found is None:
        return None
    record, data = found
    return _Copy(
        PdfResult(name, data, record.detail, tuple(record.assets), record.pages, record.anchors)
    )


def _finish(item: _Pending, now: int) -> TopicResult:
    """Wait for a topic's PDFs, check their pages, add its other outputs, and write what
    changed, whole; or, if a page check fails, nothing at all."""
    result, prepared = item.result, item.prepared
    options, cache = item.target.options, item.target.cache
    # Translations now incomplete: an earlier file of theirs must not stay to be printed.
    made = _Made(withdrawn=[options.out_dir / o.path for o in item.withdrawn])
    try:
        layout = _take_pdfs(item, options, made)
        stop = FitReport([], layout).blocking(options.strict, options.allow_draft)
        result.findings = [*result.findings, *(f for f in layout if f not in stop)]
        if stop:
            hint = "fix them, or build a marked draft with --allow-draft"
            raise FitError(prepared.source, stop, hint)
        _make_others(item, options, cache, now, made)
        _write(made, options)
    except UserError as exc:
        result.error = exc
        return result
    for name, record in made.records.items():
        cache.store_output(name, record)
    result.outputs = made.outputs
    remember_topic(cache, prepared, result, options)
    return result


@dataclass
class _Made:
    """What a topic's run made, gathered before anything of it is written."""

    files: dict[str, bytes] = field(default_factory=dict)  # by path in the output folder
    records: dict[str, OutputRecord] = field(default_factory=dict)  # of the files made
    outputs: list[Output] = field(default_factory=list)  # made or up to date, as reported
    beside: dict[Path, bytes] = field(default_factory=dict)  # deck locks beside sources
    withdrawn: list[Path] = field(default_factory=list)  # earlier files to remove


def _take_pdfs(item: _Pending, options: BuildOptions, made: _Made) -> list[Finding]:
    """Each PDF's bytes (waited for) or record, and its page checks: an output whose
    edition is optional and does not fit is withdrawn, never the rest."""
    layout: list[Finding] = []
    for output, key, waiting in item.handouts:
        fresh = not isinstance(waiting, OutputRecord)
        record = waiting
        if fresh:
            pdf = waiting()  # a worker's failure is the topic's error
            record = made.records[output.path] = _record(key, pdf)
            item.result.copied += isinstance(waiting, _Copy)
            store = item.target.store if item.target else None
            if store and not isinstance(waiting, Kept):  # made here (not copied): keep it
                store.keep(record, pdf.data)
            made.files[output.path] = pdf.data
        found = page_findings(item.prepared, output, record.pages, record.anchors, options.site)
        edition = item.prepared.edition_of(output.language)
        if edition.optional and any(f.severity == "error" for f in found):
            made.files.pop(output.path, None)
            made.records.pop(output.path, None)
            made.withdrawn.append(options.out_dir / output.path)
            layout += not_made(found)
            continue
        layout += found
        made.outputs.append(
            Output(options.out_dir / output.path, record.size, record.detail, fresh)
        )
    return layout


def _make_others(
    item: _Pending, options: BuildOptions, cache: BuildCache, now: int, made: _Made
) -> None:
    """Decks and phone pages, made here; each compared with the last by its bytes."""
    for output in item.others:
        if is_withdrawn(item.prepared, output):
            made.withdrawn.append(options.out_dir / output.path)
            continue
        data, detail, extra = render_other(output, item.prepared, now, options.site)
        made.beside.update(extra)
        key = digest(data)
        if not options.force and cache.output(output.path, key) is not None:
            made.outputs.append(Output(options.out_dir / output.path, len(data), detail, False))
            continue
        made.files[output.path] = data
        made.records[output.path] = OutputRecord(key, key, len(data), detail)
        made.outputs.append(Output(options.out_dir / output.path, len(data), detail))


def _write(made: _Made, options: BuildOptions) -> None:
    """Write what was made, each file whole, and remove the withdrawn."""
    from allprint.pipeline.write import write_all

    try:
        write_all({options.out_dir / name: data for name, data in made.files.items()} | made.beside)
        for path in made.withdrawn:
            path.unlink(missing_ok=True)
    except OSError as exc:  # read-only folder, full disk, a file where a folder should be...
        where = exc.filename or options.out_dir
        raise UserError(
            f"{where}: cannot write: {exc.strerror} (check that the output folder is a "
            "folder you may write to, with room on the disk; files already there are whole)"
        ) from None


def _record(key: str, pdf: PdfResult) -> OutputRecord:
    assets = {a: asset_digest(a) for a in pdf.assets}
    record = OutputRecord(
        key, digest(pdf.data), len(pdf.data), pdf.detail, assets, pdf.pages, pdf.anchors
    )
    record.data = pdf.data
    return record

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

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from allprint.cache import (
    BuildCache,
    OutputRecord,
    TopicRecord,
    asset_digest,
    digest,
    output_key,
    topic_key,
)
from allprint.checks import (
    Finding,
    FitReport,
    fit_to_print,
    layout_findings,
    reach_findings,
    sheet_pages,
    site_findings,
)
from allprint.errors import FitError, UserError
from allprint.layout import PrintOptions
from allprint.plan import PDF_KINDS, PlannedOutput, plan_topic, refuse_duplicates
from allprint.readability import WHOLE, Score
from allprint.translate import catalogues_for, deck_lock_path, terms_path
from allprint.workers import JobRunner, PdfJob, PdfResult

if TYPE_CHECKING:
    from allprint.cards import NoteSpec
    from allprint.config import Site
    from allprint.deck_checks import DeckChanges
    from allprint.deck_lock import DeckLock
    from allprint.model import Topic
    from allprint.tiers import HandoutView, Sheet
    from allprint.translate import TranslatedDeck
    from allprint.translated import TranslatedHandouts


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
    # Another output folder whose up-to-date PDFs are copied rather than made again (a
    # bundle takes what `build` made in the folder the bundle goes to). Not in the key:
    # a copied PDF has the bytes this run would make.
    reuse: Path | None = None

    def key(self) -> str:
        """The options that decide what a run writes (for the cache)."""
        flags = (self.variants, self.allow_draft, self.strict, self.phone_pages, self.decks)
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


@dataclass
class Prepared:
    """A topic read, validated and checked once, with the view of each tier."""

    source: Path
    topic: Topic
    views: dict[str, HandoutView]
    sheets: dict[str, Sheet]  # what each tier's one-sheet handout holds
    fit: FitReport
    lock: DeckLock  # read with the source: a broken one stops the topic before rendering
    notes: list[NoteSpec]  # what the deck holds, retired notes last
    changes: DeckChanges  # in the deck since the lock
    translations: dict[str, TranslatedDeck] = field(default_factory=dict)  # by language
    handouts: dict[str, TranslatedHandouts] = field(default_factory=dict)  # by language


def prepare(
    source: Path,
    today: dt.date,
    site: Site | None = None,
    loaded: Callable[[], None] | None = None,
) -> Prepared:
    """Read and validate `source`, build its tier views and run the fit checks (once).

    `loaded` is called once the source has been read and validated."""
    # Imported here: a build whose topics are all up to date never needs them (they load
    # the source model, pydantic, and took most of such a build's time).
    from allprint.cards import deck_notes, note_specs
    from allprint.deck_checks import change_findings, deck_changes, deck_lint
    from allprint.deck_lock import DeckLock
    from allprint.loader import load_located, sentence_place
    from allprint.tiers import essentials_sheet, tier_views
    from allprint.translated import translated_outputs

    topic, positions = load_located(source)
    lock = DeckLock.read(lock_path_for(source))
    if loaded:
        loaded()
    views = tier_views(topic, today)
    sheets = {tier: essentials_sheet(topic, view) for tier, view in views.items()}
    place = sentence_place(source, positions)
    fit = fit_to_print(topic, views, sheets, today, place)
    specs = note_specs(topic)
    notes = deck_notes(topic, specs, lock)
    changes = deck_changes(notes, lock, {n.card_id for n in notes[len(specs) :]})
    deck = [*deck_lint(specs, place), *change_findings(topic, changes, specs, lock, place)]
    carded = {spec.loc[:4] for spec in specs if spec.loc[0] == "sections"}
    deck += reach_findings(topic, views, carded, place)
    translations, handouts, said = translated_outputs(source, topic, today, site)
    deck += said
    fit = FitReport(fit.scores, [*fit.findings, *deck, *site_findings(site)])
    return Prepared(source, topic, views, sheets, fit, lock, notes, changes, translations, handouts)


def blocking(prepared: Prepared, options: BuildOptions) -> list[Finding]:
    return prepared.fit.blocking(options.strict, options.allow_draft)


def plan(sources: Sequence[Path], options: BuildOptions) -> list[tuple[Path, list[PlannedOutput]]]:
    """Every output of the run, by source; refused when two would share a path.

    A topic's id is its file name (the loader insists), so this needs no source read.
    """
    from allprint.catalogue_rules import planned_languages

    if not sources:
        raise UserError("no topic found: add content/<topic-id>.yaml, or name a source file")
    plans = [
        (
            source,
            plan_topic(
                source.stem,
                options.variants,
                options.phone_pages,
                options.decks,
                planned_languages(source),
            ),
        )
        for source in sources
    ]
    refuse_duplicates(plans)
    return plans


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
    plans = plan(sources, options)
    cache = BuildCache(options.out_dir)
    donor = BuildCache(options.reuse) if options.reuse else None
    results: list[TopicResult] = []

    def done(result: TopicResult) -> None:
        if on_result:
            on_result(result)

    with JobRunner(options.jobs, progress.advance if progress else None) as runner:
        # Topics are prepared here while workers render earlier ones; only a few are kept
        # ahead of the workers, so memory stays flat however many topics there are.
        pending: list[_Pending] = []
        for source, outputs in plans:
            result = TopicResult(source)
            results.append(result)
            if _replay(cache, source, options, result):
                done(result)
                continue
            try:
                # Once the source reads well, workers start while this process checks it.
                prepared = prepare(source, options.today, options.site, runner.warm_up)
                if stop := blocking(prepared, options):
                    raise FitError(
                        source, stop, "fix them, or build a marked draft with --allow-draft"
                    )
            except UserError as exc:
                result.error = exc
                done(result)
                continue
            result.topic = prepared.topic
            result.findings = prepared.fit.findings
            result.grades = [s for s in prepared.fit.scores if s.part == WHOLE]
            handouts = _submit(prepared, outputs, options, (cache, donor), runner, progress)
            others = [o for o in outputs if o.kind not in PDF_KINDS]
            withdrawn = [o for o in outputs if _withdrawn(prepared, o)]
            pending.append(_Pending(result, prepared, handouts, others, withdrawn))
            while len(pending) > options.jobs + 1:
                done(_finish(pending.pop(0), options, cache, int(now())))
        for item in pending:
            done(_finish(item, options, cache, int(now())))
    cache.save()
    return BuildReport(results, cache.warnings)


# --- one topic ------------------------------------------------------------------------------


@dataclass
class _Pending:
    result: TopicResult
    prepared: Prepared
    # Per handout: its key, and its record when up to date or else a wait for its PDF.
    handouts: list[tuple[PlannedOutput, str, OutputRecord | Callable[[], PdfResult]]]
    others: list[PlannedOutput]  # decks and phone pages: made in this process
    withdrawn: list[PlannedOutput] = field(default_factory=list)  # incomplete translations


def _submit(prepared: Prepared, outputs, options, caches, runner, progress) -> list:
    """Make each handout's HTML; send to the workers those whose key changed, unless the
    donor folder (`options.reuse`) holds the PDF made from that key, which is copied.
    Handouts of the same HTML (a booklet's copies for A4 and Letter) are laid out once.

    The longest documents go first (HTML length stands in for layout time), so that no
    worker starts a long one just as the others run out of work.
    """
    cache, donor = caches
    jobs = {}
    for output in outputs:
        if output.kind not in PDF_KINDS or _withdrawn(prepared, output):
            continue
        job = pdf_job(prepared, output, options.site)
        key = output_key(*job.keyed(), job.options())
        record = None
        if not options.force:  # --force: everything made again, nothing taken either
            record = cache.output(output.path, key) or _copied(donor, output.path, key)
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


@dataclass(frozen=True)
class _Copy:
    """A PDF taken from the donor folder; called, like a wait for a worker, for the PDF."""

    pdf: PdfResult

    def __call__(self) -> PdfResult:
        return self.pdf


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


def output_views(
    prepared: Prepared, output: PlannedOutput
) -> tuple[dict[str, HandoutView], dict[str, Sheet]]:
    """The tier views and one-sheets an output prints: in its language, marked out of
    date where its translation is."""
    if not output.language:
        return prepared.views, prepared.sheets
    if output.language not in prepared.handouts:
        known = ", ".join(sorted(prepared.handouts)) or "none"
        raise UserError(
            f"{prepared.source}: no usable translation into '{output.language}' (catalogues: "
            f"{known}; start one by copying translations/{prepared.topic.id}/"
            f"{prepared.topic.id}.pot to {output.language}.po beside it)"
        )
    translated = prepared.handouts[output.language]
    views, sheets = translated.views, translated.sheets
    status = translated.status.get((output.tier, output.document))
    stale = status.fuzzy if status else prepared.translations[output.language].fuzzy
    if stale:
        mark = translated.translation.out_of_date_mark(prepared.topic.version)
        tier = output.tier or "clinician"  # the printable cards take the clinician's marks
        views = {**views, tier: replace(views[tier], marks=[*views[tier].marks, mark])}
    return views, sheets


def pdf_job(prepared: Prepared, output: PlannedOutput, site: Site | None) -> PdfJob:
    """Everything a worker needs to make one handout's (or the printable cards') PDF; its
    HTML is made here."""
    from allprint.render_html import CLOSER_LINES, render_html

    variant = output.print or PrintOptions()
    views, sheets = output_views(prepared, output)
    if output.kind == "cards":
        from allprint.render_print_cards import render_cards_html
        from allprint.words import english

        topic, notes, words = prepared.topic, prepared.notes, english
        if output.language:
            deck = prepared.translations[output.language]
            topic, notes, words = deck.topic, deck.notes, views["clinician"].words
        marks = views["clinician"].marks
        html, closer = render_cards_html(topic, notes, marks, words), []
        site = None  # cards carry no site values
        placed_on = variant.sheet  # one grid for both papers (`sheet_geometry`)
    else:
        view, sheet, document = views[output.tier], sheets[output.tier], output.document

        def handout(closer: int = 0) -> str:
            return render_html(
                view, variant, site=site, document=document, sheet=sheet, closer=closer
            )

        html = handout()
        # A one-sheet, set closer, in case it runs over its sheet (`run_jobs`).
        closer = [handout(level) for level in CLOSER_LINES] if document == "essentials" else []
        placed_on = variant.placed_on(output.document)
    return PdfJob(
        name=output.path,
        html=html,
        identifier=Path(output.path).stem,
        epoch=prepared.topic.timestamp,
        variant=variant.pdf_variant,
        booklet_sheet=variant.booklet_sheet if variant.booklet else None,
        sheet=placed_on,
        extra_files=(str(site.logo),) if site and site.logo else (),
        most_pages=sheet_pages(variant) if closer else None,
        closer=tuple(closer),
    )


def _finish(item: _Pending, options: BuildOptions, cache: BuildCache, now: int) -> TopicResult:
    """Wait for a topic's PDFs, check their pages, add its other outputs, and write what
    changed, whole; or, if a page check fails, nothing at all."""
    from allprint.write import write_all

    result, prepared = item.result, item.prepared
    files: dict[str, bytes] = {}
    records: dict[str, OutputRecord] = {}
    outputs: list[Output] = []
    layout: list[Finding] = []
    misfits: list[PlannedOutput] = []  # translated handouts that do not fit: not made
    for output, key, made in item.handouts:
        fresh = not isinstance(made, OutputRecord)
        if not fresh:
            record = made
        else:
            try:
                pdf = made()
            except UserError as exc:
                result.error = exc
                return result
            record = records[output.path] = _record(key, pdf)
            result.copied += isinstance(made, _Copy)
            files[output.path] = pdf.data
        found = layout_findings(output, record.pages, record.anchors, options.site)
        if output.language and any(f.severity == "error" for f in found):
            # A translation that does not fit its page stops only itself, never English.
            misfits.append(output)
            files.pop(output.path, None)
            records.pop(output.path, None)
            layout += _not_made(found)
            continue
        layout += found
        outputs.append(Output(options.out_dir / output.path, record.size, record.detail, fresh))
    stop = FitReport([], layout).blocking(options.strict, options.allow_draft)
    result.findings = [*result.findings, *(f for f in layout if f not in stop)]
    if stop:
        hint = "fix them, or build a marked draft with --allow-draft"
        result.error = FitError(prepared.source, stop, hint)
        return result
    side_files: dict[Path, bytes] = {}
    # Translations now incomplete: an earlier file of theirs must not stay to be printed.
    withdrawn = [options.out_dir / o.path for o in [*item.withdrawn, *misfits]]
    for output in item.others:
        if _withdrawn(prepared, output):
            withdrawn.append(options.out_dir / output.path)
            continue
        data, detail, extra = _render_other(output, prepared, now, options.site)
        side_files.update(extra)
        key = digest(data)
        if not options.force and cache.output(output.path, key) is not None:
            outputs.append(Output(options.out_dir / output.path, len(data), detail, False))
            continue
        files[output.path] = data
        records[output.path] = OutputRecord(key, key, len(data), detail)
        outputs.append(Output(options.out_dir / output.path, len(data), detail))
    try:
        write_all({options.out_dir / name: data for name, data in files.items()} | side_files)
        for path in withdrawn:
            path.unlink(missing_ok=True)
    except OSError as exc:  # read-only folder, full disk, a file where a folder should be...
        where = exc.filename or options.out_dir
        result.error = UserError(
            f"{where}: cannot write: {exc.strerror} (check that the output folder is a "
            "folder you may write to, with room on the disk; files already there are whole)"
        )
        return result
    for name, record in records.items():
        cache.store_output(name, record)
    result.outputs = outputs
    _remember_topic(cache, prepared, result, options)
    return result


def _withdrawn(prepared: Prepared, output: PlannedOutput) -> bool:
    """A translated output its catalogue does not complete (a handout or phone page with
    an entry missing, a deck with a card missing), or one of a catalogue that could not be
    used: not made, and an earlier file of it removed."""
    if not output.language:
        return False
    if output.language not in prepared.handouts:  # its catalogue could not be used
        return True
    if output.kind not in ("handout", "phone"):  # the deck, in any form
        return prepared.translations[output.language].topic is None
    document = output.document if output.kind == "handout" else "guide"
    status = prepared.handouts[output.language].status[(output.tier, document)]
    return not status.complete


def _record(key: str, pdf: PdfResult) -> OutputRecord:
    assets = {a: asset_digest(a) for a in pdf.assets}
    record = OutputRecord(
        key, digest(pdf.data), len(pdf.data), pdf.detail, assets, pdf.pages, pdf.anchors
    )
    record.data = pdf.data
    return record


def _render_other(
    output: PlannedOutput, prepared: Prepared, now: int, site: Site | None
) -> tuple[bytes, str, dict[Path, bytes]]:
    """A deck (and its updated lock beside the source) or a phone page: quick, made here."""
    if output.kind == "phone":
        from allprint.render_html import render_phone_html

        views, _ = output_views(prepared, output)  # in its language, marked out of date
        page = render_phone_html(views[output.tier], site)
        return page.encode(), "phone page", {}
    if output.kind in ("deck-tsv", "deck-csv"):
        from allprint.render_exports import deck_csv, deck_tsv

        notes, names = prepared.notes, prepared.topic.id
        if output.language:  # its own note ids, as its package has
            notes = prepared.translations[output.language].notes
            names = f"{names}-{output.language}"
        if output.kind == "deck-tsv":
            return deck_tsv(names, notes).encode(), "Anki text import", {}
        return deck_csv(notes).encode(), "front and back, plain text", {}
    from allprint.render_deck import render_deck

    if output.language:
        return _translated_deck(prepared, prepared.translations[output.language], now)
    lock_path = lock_path_for(prepared.source)
    old_lock = prepared.lock
    deck, lock = render_deck(prepared.topic, prepared.notes, old_lock, now)
    extra = {lock_path: lock.to_text().encode()} if lock != old_lock else {}
    detail = f"{len(prepared.notes)} notes: {prepared.changes.summary()}"
    if not old_lock.entries and extra and not lock_path.exists():
        detail += f"; created {lock_path.name} beside the source: commit it"
    return deck, detail, extra


def _translated_deck(
    prepared: Prepared, translated: TranslatedDeck, now: int
) -> tuple[bytes, str, dict[Path, bytes]]:
    from allprint.cards import deck_description
    from allprint.render_deck import render_deck

    topic = translated.topic
    lock_path = deck_lock_path(translated.catalogue.path)
    translation = prepared.handouts[translated.language].translation
    # In the deck's own language, as its cards are; out of date said first.
    mark = translation.out_of_date_mark(prepared.topic.version) if translated.fuzzy else None
    description = deck_description(topic, translation.clean, mark)
    deck, lock = render_deck(
        topic,
        translated.notes,
        translated.lock,
        now,
        guid_base=f"{topic.id}-{translated.language}",
        description=description,
    )
    extra = {lock_path: lock.to_text().encode()} if lock != translated.lock else {}
    detail = f"{len(translated.notes)} notes, {translated.language}"
    return deck, detail + ("; out of date" if translated.fuzzy else ""), extra


# --- whole topics that are up to date -------------------------------------------------------


def _topic_slot(source: Path) -> str:
    return str(source.resolve())


def _topic_files(source: Path, options: BuildOptions) -> tuple[list[Path], str]:
    """The files a topic is made from, and what is wrong with those that may not be read."""
    from allprint.catalogue_reader import refusal

    beside = [f for po in catalogues_for(source) for f in (po, deck_lock_path(po), terms_path(po))]
    # A file that may not be opened (a FIFO, a link out of the project) is keyed by its
    # name and what is wrong with it, never read.
    said = [str(refusal(f)) for f in beside if f.exists() and refusal(f)]
    translations = [f for f in beside if not (f.exists() and refusal(f))]
    return [source, lock_path_for(source), *translations, *options.settings], "\n".join(said)


def _replay(cache: BuildCache, source: Path, options: BuildOptions, result: TopicResult) -> bool:
    """Fill `result` from the cache if nothing the topic is made from has changed."""
    if options.force:
        return False
    files, said = _topic_files(source, options)
    key = topic_key(files, options.key() + said)
    record = cache.topic(_topic_slot(source), key, options.today)
    if record is None:
        return False
    result.skipped = True
    result.outputs = [
        Output(options.out_dir / name, *cache.size_and_detail(name), written=False)
        for name in record.outputs
    ]
    result.findings = [Finding(**f) for f in record.findings]
    result.grades = [Score(**g) for g in record.grades]
    return True


def _remember_topic(
    cache: BuildCache, prepared: Prepared, result: TopicResult, options: BuildOptions
) -> None:
    # The key is taken after writing: the deck lock may just have changed.
    files, said = _topic_files(prepared.source, options)
    key = topic_key(files, options.key() + said)
    review = prepared.topic.review
    record = TopicRecord(
        key=key,
        outputs=[o.path.relative_to(options.out_dir).as_posix() for o in result.outputs],
        findings=[asdict(f) for f in result.findings],
        grades=[asdict(g) for g in result.grades],
        overdue=review.next_review is not None and review.next_review < options.today,
        next_review=review.next_review.isoformat() if review.next_review else None,
    )
    cache.store_topic(_topic_slot(prepared.source), record)


def lock_path_for(source: Path) -> Path:
    """The deck change lock lives beside its source and is committed with it."""
    return source.with_name(f"{source.stem}.deck-lock.json")


# --- check: the same first stages, nothing written ------------------------------------------


@dataclass
class CheckResult:
    source: Path
    prepared: Prepared | None = None
    error: UserError | None = None
    blocking: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.blocking


def check(sources: Sequence[Path], options: BuildOptions) -> list[CheckResult]:
    """Plan, read, validate and check every source, as a build would; write nothing."""
    results = []
    for source, _ in plan(sources, options):
        try:
            prepared = prepare(source, options.today, options.site)
        except UserError as exc:
            results.append(CheckResult(source, error=exc))
            continue
        layout = _sheet_layout(prepared, options)
        prepared.fit = FitReport(prepared.fit.scores, [*prepared.fit.findings, *layout])
        blocking = prepared.fit.blocking(options.strict)
        results.append(CheckResult(source, prepared, blocking=blocking))
    return results


def _sheet_layout(prepared: Prepared, options: BuildOptions) -> list[Finding]:
    """Lay out each one-sheet handout, in memory, to check that it fits its sheet; and
    each translated handout a build would make: one that fails a page check is not made,
    as a build would not make it, so that check and build agree."""
    from allprint.workers import run_job

    findings = []
    languages = {
        language: handouts.translation.catalogue.scope
        for language, handouts in prepared.handouts.items()
    }
    outputs = plan_topic(prepared.topic.id, options.variants[:1], deck=False, languages=languages)
    for output in outputs:
        english_guide = output.language is None and output.document != "essentials"
        if english_guide or _withdrawn(prepared, output):
            continue
        pdf = run_job(pdf_job(prepared, output, options.site))
        found = layout_findings(output, pdf.pages, pdf.anchors, options.site)
        if output.language and any(f.severity == "error" for f in found):
            prepared.handouts[output.language].misfits.add((output.tier, output.document))
            found = _not_made(found)
        findings += found
    return findings


def _not_made(found: list[Finding]) -> list[Finding]:
    """A translated handout that does not fit its page stops only itself, never English."""
    return [replace(f, severity="warning", message=f"{f.message}; not made") for f in found]

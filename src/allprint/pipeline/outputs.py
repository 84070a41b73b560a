"""One output of a prepared topic, made: the views it prints, its HTML, its PDF job, its
bytes (`render_one`). The pipeline, `allprint html`, `check` and the tests all go through
here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from allprint.checks.fit import (
    Finding,
    sheet_pages,
)
from allprint.editions.deck_lock import lock_path
from allprint.errors import UserError
from allprint.pipeline.plan import PDF_KINDS, PlannedOutput
from allprint.pipeline.prepare import Prepared
from allprint.pipeline.workers import PdfJob
from allprint.project.config import site_in
from allprint.render.layout import PrintOptions

if TYPE_CHECKING:
    from allprint.editions.tiers import HandoutView, Sheet
    from allprint.project.config import Site
    from allprint.translation.translate import TranslatedDeck


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


@dataclass(frozen=True)
class Rendered:
    """One output made: its bytes, what to say of it, and files written beside it (a
    deck's updated lock); a PDF's pages and where its marked parts begin."""

    data: bytes
    detail: str
    beside: dict[Path, bytes] = field(default_factory=dict)
    pages: int = 0
    anchors: dict[str, int] = field(default_factory=dict)


def render_one(
    prepared: Prepared, output: PlannedOutput, site: Site | None = None, now: int = 0
) -> Rendered:
    """Make one output of a prepared topic here, in this process: a handout's or the
    printable cards' PDF, a deck in any form, or a phone page. `now` stamps a deck's
    changed notes."""
    if output.kind in PDF_KINDS:
        from allprint.pipeline.workers import run_job

        pdf = run_job(pdf_job(prepared, output, site))
        return Rendered(pdf.data, pdf.detail, {}, pdf.pages, dict(pdf.anchors))
    return Rendered(*render_other(output, prepared, now, site))


def handout_html(
    prepared: Prepared,
    output: PlannedOutput,
    site: Site | None = None,
    base_href: str | None = None,
    closer: int = 0,
) -> str:
    """The HTML a handout's PDF is laid out from, as `allprint html` shows it; `closer`
    sets a one-sheet's lines closer (`CLOSER_LINES`)."""
    from allprint.render.html import render_html

    views, sheets = output_views(prepared, output)
    return render_html(
        views[output.tier],
        output.print or PrintOptions(),
        base_href,
        site=site_in(site, output.language),  # a language's own [site.LANG] values
        document=output.document,
        sheet=sheets[output.tier],
        closer=closer,
    )


def pdf_job(prepared: Prepared, output: PlannedOutput, site: Site | None) -> PdfJob:
    """Everything a worker needs to make one handout's (or the printable cards') PDF; its
    HTML is made here."""
    from allprint.render.html import CLOSER_LINES

    variant = output.print or PrintOptions()
    if output.kind == "cards":
        views, _ = output_views(prepared, output)
        from allprint.editions.words import english
        from allprint.render.print_cards import render_cards_html

        topic, notes, words = prepared.topic, prepared.notes, english
        if output.language:
            deck = prepared.translations[output.language]
            topic, notes, words = deck.topic, deck.notes, views["clinician"].words
        marks = views["clinician"].marks
        html, closer = render_cards_html(topic, notes, marks, words), []
        site = None  # cards carry no site values
        placed_on = variant.sheet  # one grid for both papers (`sheet_geometry`)
    else:
        html = handout_html(prepared, output, site)
        # A one-sheet, set closer, in case it runs over its sheet (`run_jobs`).
        levels = CLOSER_LINES if output.document == "essentials" else ()
        closer = [handout_html(prepared, output, site, closer=level) for level in levels]
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


def is_withdrawn(prepared: Prepared, output: PlannedOutput) -> bool:
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


def render_other(
    output: PlannedOutput, prepared: Prepared, now: int, site: Site | None
) -> tuple[bytes, str, dict[Path, bytes]]:
    """A deck (and its updated lock beside the source) or a phone page: quick, made here."""
    if output.kind == "phone":
        from allprint.render.html import render_phone_html

        views, _ = output_views(prepared, output)  # in its language, marked out of date
        page = render_phone_html(views[output.tier], site_in(site, output.language))
        return page.encode(), "phone page", {}
    if output.kind in ("deck-tsv", "deck-csv"):
        from allprint.editions.cards import guid_base
        from allprint.render.exports import deck_csv, deck_tsv

        notes, names = prepared.notes, guid_base(prepared.topic.id, output.language)
        if output.language:  # its own note ids, as its package has
            notes = prepared.translations[output.language].notes
        if output.kind == "deck-tsv":
            return deck_tsv(names, notes).encode(), "Anki text import", {}
        return deck_csv(notes).encode(), "front and back, plain text", {}
    from allprint.render.deck import render_deck

    if output.language:
        return _translated_deck(prepared, prepared.translations[output.language], now)
    lock_file = lock_path(prepared.source)
    old_lock = prepared.lock
    deck, lock = render_deck(prepared.topic, prepared.notes, old_lock, now)
    extra = {lock_file: lock.to_text().encode()} if lock != old_lock else {}
    detail = f"{len(prepared.notes)} notes: {prepared.changes.summary()}"
    if not old_lock.entries and extra and not lock_file.exists():
        detail += f"; created {lock_file.name} beside the source: commit it"
    return deck, detail, extra


def _translated_deck(
    prepared: Prepared, translated: TranslatedDeck, now: int
) -> tuple[bytes, str, dict[Path, bytes]]:
    from allprint.editions.cards import deck_description, guid_base
    from allprint.render.deck import render_deck

    topic = translated.topic
    lock_file = lock_path(translated.catalogue.path)
    translation = prepared.handouts[translated.language].translation
    # In the deck's own language, as its cards are; out of date said first.
    mark = translation.out_of_date_mark(prepared.topic.version) if translated.fuzzy else None
    description = deck_description(topic, translation.clean, mark)
    deck, lock = render_deck(
        topic,
        translated.notes,
        translated.lock,
        now,
        guid_base=guid_base(topic.id, translated.language),
        description=description,
    )
    extra = {lock_file: lock.to_text().encode()} if lock != translated.lock else {}
    detail = f"{len(translated.notes)} notes, {translated.language}"
    return deck, detail + ("; out of date" if translated.fuzzy else ""), extra


def not_made(found: list[Finding]) -> list[Finding]:
    """A translated handout that does not fit its page stops only itself, never English:
    its page findings become warnings that say it is not made."""
    return [replace(f, severity="warning", message=f"{f.message}; not made") for f in found]

"""One output of a prepared topic, made: the views it prints, its HTML, its PDF job, its
bytes (`render_one`). The pipeline, `allprint html`, `check` and the tests all go through
here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from allprint.checks.fit import Finding
from allprint.checks.pages import first_page_anchors, layout_findings, sheet_pages
from allprint.pipeline.plan import PDF_KINDS, PlannedOutput
from allprint.pipeline.prepare import Prepared
from allprint.pipeline.workers import PdfJob
from allprint.project.config import site_in
from allprint.render.layout import PrintOptions

if TYPE_CHECKING:
    from allprint.editions.edition import Edition
    from allprint.editions.sheets import Sheet
    from allprint.editions.tiers import HandoutView
    from allprint.project.config import Site


def output_views(
    prepared: Prepared, output: PlannedOutput
) -> tuple[dict[str, HandoutView], dict[str, Sheet]]:
    """The tier views and one-sheets an output prints: its edition's, marked out of date
    where that edition is made from older text."""
    return prepared.edition_of(output.language).views_for(output.tier, output.document)


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
    sets a one-sheet's lines closer (`render/closer.py`)."""
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
    from allprint.render.closer import CLOSER_LINES

    variant = output.print or PrintOptions()
    first_page = first_page_anchors(output)  # none on the printable cards
    if output.kind == "cards":
        from allprint.render.print_cards import render_cards_html

        edition = prepared.edition_of(output.language)
        views, _ = edition.views_for(output.tier, output.document)
        clinician = views["clinician"]  # the cards print its marks, in its words
        html = render_cards_html(edition.topic, edition.notes, clinician.marks, clinician.words)
        closer: tuple[int, ...] = ()
        site = None  # cards carry no site values
        placed_on = variant.sheet  # one grid for both papers (`sheet_geometry`)
    else:
        html = handout_html(prepared, output, site)
        # Set closer, in case a one-sheet runs over its sheet, or what must be on page 1
        # is not (`run_jobs`).
        closer = CLOSER_LINES if output.document == "essentials" or first_page else ()
        placed_on = variant.placed_on(output.document)
    return PdfJob(
        name=output.path,
        html=html,
        identifier=Path(output.path).stem,
        epoch=prepared.topic.timestamp,
        variant=variant.pdf_variant,
        booklet_sheet=variant.booklet_sheet if variant.booklet else None,
        sheet=placed_on,
        most_pages=sheet_pages(variant) if output.document == "essentials" else None,
        closer=closer,
        first_page=first_page,
    )


def is_withdrawn(prepared: Prepared, output: PlannedOutput) -> bool:
    """An output its edition cannot print (a translated handout or phone page with an
    entry missing, a deck with a card missing), or one of a catalogue that could not be
    used: not made, and an earlier file of it removed."""
    edition = prepared.editions.get(output.language)
    return edition is None or not edition.makes(output.kind, output.tier, output.document)


def render_other(
    output: PlannedOutput, prepared: Prepared, now: int, site: Site | None
) -> tuple[bytes, str, dict[Path, bytes]]:
    """A deck (and its updated lock beside the source) or a phone page: quick, made here."""
    if output.kind == "phone":
        from allprint.render.html import render_phone_html

        views, _ = output_views(prepared, output)  # in its language, marked out of date
        page = render_phone_html(views[output.tier], site_in(site, output.language))
        return page.encode(), "phone page", {}
    edition = prepared.edition_of(output.language)
    if output.kind in ("deck-tsv", "deck-csv"):
        from allprint.render.exports import deck_csv, deck_tsv

        if output.kind == "deck-tsv":  # its own note ids, as its package has
            return deck_tsv(edition.guid_base, edition.notes).encode(), "Anki text import", {}
        return deck_csv(edition.notes).encode(), "front and back, plain text", {}
    return _deck(edition, now)


def _deck(edition: Edition, now: int) -> tuple[bytes, str, dict[Path, bytes]]:
    """An edition's Anki package, and its lock when that changed."""
    from allprint.render.deck import render_deck

    deck, lock = render_deck(
        edition.topic,
        edition.notes,
        edition.lock,
        now,
        guid_base=edition.guid_base,
        description=edition.deck_description,
    )
    lock_file = edition.lock_file
    extra = {lock_file: lock.to_text().encode()} if lock != edition.lock else {}
    detail = edition.deck_summary
    if not edition.lock.entries and extra and not lock_file.exists():
        detail += f"; created {lock_file.name} beside {edition.lock_owner}: commit it"
    return deck, detail, extra


def page_findings(
    prepared: Prepared, output: PlannedOutput, pages: int, anchors: dict, site: Site | None
) -> list[Finding]:
    """The checks on one handout's laid-out pages (checks/pages.py); a wallet card that
    runs past its edge is named at `wallet_card:` in the source, where its text is (and,
    in a translation, the entries to shorten are the ones of that key)."""
    found = layout_findings(output, pages, anchors, site)
    positions = prepared.document.positions if prepared.document else {}
    line, column = positions.get(("wallet_card",), (None, None))
    card = "wallet-card-overflow"
    return [replace(f, line=line, column=column) if f.code == card else f for f in found]


def not_made(found: list[Finding]) -> list[Finding]:
    """A translated handout that does not fit its page stops only itself, never English:
    its page findings become warnings that say it is not made."""
    return [replace(f, severity="warning", message=f"{f.message}; not made") for f in found]

"""Prepare a topic once per run: read, validate, cut into each edition's views, check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from allprint.checks.fit import Finding, FitReport, fit_to_print, reach_findings, site_findings
from allprint.editions.deck_lock import lock_path
from allprint.errors import UserError, shown
from allprint.pipeline.options import BuildOptions
from allprint.pipeline.plan import PlannedOutput, plan_topic, refuse_duplicates
from allprint.translation.catalogue_rules import planned_languages

if TYPE_CHECKING:
    from allprint.checks.deck import DeckChanges
    from allprint.editions.cards import NoteSpec
    from allprint.editions.deck_lock import DeckLock
    from allprint.editions.edition import Edition
    from allprint.editions.sheets import Sheet
    from allprint.editions.tiers import HandoutView
    from allprint.project.config import Site
    from allprint.source.model import Topic
    from allprint.source.yaml_reader import Document
    from allprint.translation.translate import TranslatedDeck
    from allprint.translation.translated import TranslatedHandouts


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
    document: Document | None = None  # the source as read, once for the run
    # By language (None: the source's own): what each edition prints, and which of its
    # outputs can be made.
    editions: dict[str | None, Edition] = field(default_factory=dict)
    common: FitReport | None = None  # the findings that are the same for every site

    def for_site(self, site: Site | None, handouts: bool = True) -> Prepared:
        """This topic for `site`: what each translated document lacks there (a site adds
        its own words), and the findings about the site. The rest is shared, not copied.
        Without `handouts` (a run's decks only), nothing is said of handouts."""
        from allprint.translation.translated import handout_findings, translated_edition

        common = self.common or self.fit
        if not handouts:
            return replace(self, fit=common)
        by_language = {lang: h.for_site(site) for lang, h in self.handouts.items()}
        editions = {None: self.editions[None]}
        for language, translated in by_language.items():
            deck = self.translations[language]
            editions[language] = translated_edition(self.topic, deck, translated)
        said = [*handout_findings(self.topic, by_language), *site_findings(site)]
        fit = FitReport(common.scores, [*common.findings, *said])
        return replace(self, handouts=by_language, editions=editions, fit=fit)

    def edition_of(self, language: str | None) -> Edition:
        """The edition in `language`; one a run cannot make is a user's mistake."""
        if language in self.editions:
            return self.editions[language]
        known = ", ".join(sorted(filter(None, self.editions))) or "none"
        raise UserError(
            f"{shown(self.source)}: no usable translation into '{language}' (catalogues: "
            f"{known}; start one by copying translations/{self.topic.id}/"
            f"{self.topic.id}.pot to {language}.po beside it)"
        )


def prepare(
    source: Path,
    today: dt.date,
    site: Site | None = None,
    loaded: Callable[[], None] | None = None,
    raw: bytes | None = None,
) -> Prepared:
    """Read and validate `source`, build its tier views and run the fit checks (once),
    for `site`. `loaded` is called once the source has been read and validated; `raw`:
    the source's bytes, when the run has read them already."""
    return prepare_topic(source, today, loaded, raw).for_site(site)


def prepare_topic(
    source: Path,
    today: dt.date,
    loaded: Callable[[], None] | None = None,
    raw: bytes | None = None,
) -> Prepared:
    """All of a topic that is the same for every site, made once per run: read, validate,
    views, checks, notes, deck and translations. `for_site` adds what a site changes."""
    # Imported here: a build whose topics are all up to date never needs them (they load
    # the source model, pydantic, and took most of such a build's time).
    from allprint.checks.cut_text import cut_text
    from allprint.checks.deck import change_findings, deck_changes, deck_lint
    from allprint.checks.placeholders import placeholder_findings
    from allprint.editions.cards import deck_notes, note_specs
    from allprint.editions.deck_lock import DeckLock
    from allprint.editions.edition import source_edition
    from allprint.editions.sheets import essentials_sheet
    from allprint.editions.tiers import tier_views
    from allprint.source.loader import sentence_place, validate
    from allprint.source.yaml_reader import read_document
    from allprint.translation.translated import translated_edition, translated_outputs

    document = read_document(source, raw)  # the only read of the source in a run
    topic = validate(document)
    lock = DeckLock.read(lock_path(source))
    if loaded:
        loaded()
    views = tier_views(topic, today)
    sheets = {tier: essentials_sheet(topic, view) for tier, view in views.items()}
    place = sentence_place(document)
    fit = fit_to_print(topic, views, sheets, today, place)
    specs = note_specs(topic)
    notes = deck_notes(topic, specs, lock)
    changes = deck_changes(notes, lock, {n.card_id for n in notes[len(specs) :]})
    deck = [*deck_lint(specs, place), *change_findings(topic, changes, specs, lock, place)]
    carded = {spec.loc[:4] for spec in specs if spec.loc[0] == "sections"}
    deck += reach_findings(topic, views, carded, place)
    translations, handouts, said = translated_outputs(document, topic, today)
    reviewed = topic.review.status == "reviewed"
    deck += placeholder_findings(document.data, reviewed, place)
    deck += cut_text(document)
    fit = FitReport(fit.scores, [*fit.findings, *deck, *said])
    summary = changes.summary()
    editions = {None: source_edition(topic, views, sheets, notes, lock, lock_path(source), summary)}
    for language, translated in handouts.items():
        editions[language] = translated_edition(topic, translations[language], translated)
    return Prepared(
        source,
        topic,
        views,
        sheets,
        fit,
        lock,
        notes,
        changes,
        translations,
        handouts,
        document,
        editions,
        common=fit,
    )


def blocking(prepared: Prepared, options: BuildOptions) -> list[Finding]:
    return prepared.fit.blocking(options.strict, options.allow_draft)


def plan(sources: Sequence[Path], options: BuildOptions) -> list[tuple[Path, list[PlannedOutput]]]:
    """Every output of the run, by source; refused when two would share a path.

    A topic's id is its file name (the loader insists), so this needs no source read.
    """
    if not sources:
        raise UserError("no topic found: add content/<topic-id>.yaml, or name a source file")
    plans = []
    for source in sources:
        languages = planned_languages(source)
        outputs = plan_topic(
            source.stem, options.variants, options.phone_pages, options.decks, languages
        )
        if not options.handouts:  # a network's decks: its sites have the handouts
            outputs = [o for o in outputs if o.kind not in ("handout", "phone")]
        plans.append((source, outputs))
    refuse_duplicates(plans)
    return plans

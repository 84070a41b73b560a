"""A topic's outputs in the language of each of its catalogues: which can be printed, and
what is said about the rest (entries missing or out of date, words the fonts cannot draw,
terms not kept, reading ease). English is never held up by a translation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from allprint.checks.fit import Finding
from allprint.checks.readability import EASE_FORMULAS, reading_ease
from allprint.editions.sheets import Sheet, essentials_sheet
from allprint.editions.tiers import HandoutView, tier_views
from allprint.editions.words import UI
from allprint.errors import UserError, shown
from allprint.pipeline.plan import PlannedOutput, in_scope, plan_topic
from allprint.project.config import Site, site_in
from allprint.render.layout import PrintOptions
from allprint.source.model import Topic
from allprint.source.yaml_reader import Document
from allprint.translation.catalogue import catalogues_for, term_findings
from allprint.translation.printed import PHONE, Documents, HandoutStatus, Statuses
from allprint.translation.status import entry_places
from allprint.translation.translate import (
    DRAFT_TRANSLATION_MARK,
    TranslatedDeck,
    Translation,
    describe,
    translate_topic,
    translated_deck,
)

if TYPE_CHECKING:
    from allprint.editions.edition import Edition


@dataclass
class TranslatedHandouts:
    """One language's handouts: what each lacks, and the views printed when complete."""

    translation: Translation
    views: dict[str, HandoutView]
    sheets: dict[str, Sheet]
    status: Mapping[tuple[str, str], HandoutStatus]  # (tier, document) ->
    marks: list[str]  # the marked clinician handout's, which the printable cards print too
    phones: Mapping[str, HandoutStatus] = field(default_factory=dict)  # a guide's phone page
    misfits: set[tuple[str, str]] = field(default_factory=set)  # laid out: over their page
    documents: Documents | None = None  # what each document prints, for another site

    def for_site(self, site: Site | None) -> TranslatedHandouts:
        """The same handouts printing `site`'s values: only what each lacks is worked out
        again (a site adds its own words); the views and the text they print are shared."""
        if self.documents is None:
            return self
        documents = self.documents.with_site(site_in(site, self.translation.language))
        status, phones = _statuses(documents, list(self.phones), self.translation.topic.id)
        return replace(self, status=status, phones=phones, misfits=set(), documents=documents)


def translated_outputs(
    document: Document, topic: Topic, today: dt.date, site: Site | None = None
) -> tuple[dict[str, TranslatedDeck], dict[str, TranslatedHandouts], list[Finding]]:
    """Each catalogue's deck and handouts (by language), and what to say about them,
    besides what is said of each handout (`handout_findings`, per site)."""
    translations: dict[str, TranslatedDeck] = {}
    handouts: dict[str, TranslatedHandouts] = {}
    deck: list[Finding] = []
    stopped: set[str] = set()  # two catalogues of one language: neither is used
    for path in catalogues_for(document.path):
        try:
            translation = translate_topic(document, topic, path)
            terms = term_findings(translation.catalogue)
            if translation.language in handouts:
                stopped.add(translation.language)
                raise UserError(_second_catalogue(path, handouts[translation.language]))
        except UserError as exc:  # that language only: the others and English still build
            deck += _stopped(path, exc)
            continue
        deck += [
            Finding("warning", "translation-header", None, str(problem))
            for problem in translation.catalogue.warnings
        ]
        translated_handouts = _translated_handouts(translation, today, site)
        translated = translated_deck(translation, translated_handouts.marks)
        translations[translated.language] = translated
        deck += _undrawable(translation)
        deck += [
            Finding("warning", "translation-term", None, f"{path.name}:{line}: {message}")
            for line, message in terms
        ]
        if in_scope(PlannedOutput(topic.id, "deck"), translation.catalogue.scope):
            deck += translation_findings(topic, translated)
        handouts[translated.language] = translated_handouts
    for language in stopped:
        translations.pop(language, None)
        handouts.pop(language, None)
    return translations, handouts, deck


def handout_findings(topic: Topic, handouts: Mapping[str, TranslatedHandouts]) -> list[Finding]:
    """What is said of each language's handouts for one site: not made, out of date."""
    return [f for translated in handouts.values() for f in _handout_findings(topic, translated)]


def _stopped(path: Path, exc: UserError) -> list[Finding]:
    """One line per problem of a catalogue that cannot be used, each saying that its
    language is not made."""
    from allprint.translation.catalogue_rules import language_of

    language = language_of(path) or path.stem
    lines = [str(p) for p in exc.problems] or exc.text.splitlines()
    return [
        Finding("warning", "translation-invalid", None, f"{line}; nothing in {language} is made")
        for line in lines
    ]


def _second_catalogue(path: Path, first: TranslatedHandouts) -> str:
    other = first.translation.catalogue.path
    return (
        f"{shown(path)}: is a second catalogue of {first.translation.language!r}, beside "
        f"{other.name} (keep one of them)"
    )


def _ease_findings(topic: Topic, view: HandoutView, name: str) -> list[Finding]:
    """A translation scored with its own language's formula, held to the source's limit."""
    limits = topic.reading_level.ease.get(view.language.split("-")[0])
    least = limits.get(view.tier) if limits else None
    scored = reading_ease(view)
    if least is None or scored is None or scored[1] >= least:
        return []
    formula, ease = scored
    return [
        Finding(
            "warning",
            "reading-ease",
            view.tier,
            f"{name} reads at {formula} ease {ease:.0f}; the least is {least} (higher is "
            "easier: use shorter sentences and everyday words in the translation)",
        )
    ]


def _translated_handouts(
    translation: Translation, today: dt.date, site: Site | None
) -> TranslatedHandouts:
    printed = site_in(site, translation.language)  # its own [site.LANG] values
    marked_views = _draft_marked(
        translation, tier_views(translation.marked_topic, today, translation.marked), True
    )
    marked_sheets = {
        tier: essentials_sheet(translation.marked_topic, view)
        for tier, view in marked_views.items()
    }
    documents = Documents(
        translation.marked, marked_views, marked_sheets, printed, translation.lacking_marks
    )
    status, phones = _statuses(documents, list(marked_views), translation.topic.id)
    views = _draft_marked(translation, tier_views(translation.topic, today, translation.clean))
    sheets = {tier: essentials_sheet(translation.topic, view) for tier, view in views.items()}
    marks = marked_views["clinician"].marks
    return TranslatedHandouts(
        translation, views, sheets, status, marks, phones, documents=documents
    )


def _statuses(documents: Documents, tiers: list[str], topic_id: str) -> tuple[Statuses, Statuses]:
    """What each document, and each guide's phone page, lacks (worked out when asked)."""
    outputs = plan_topic(topic_id, [PrintOptions()], deck=False)
    keys = [(o.tier or "", o.document) for o in outputs]
    status = Statuses(keys, lambda key: documents.status(*key))
    phones = Statuses(tiers, lambda tier: documents.status(tier, PHONE))
    return status, phones


def _undrawable(translation: Translation) -> list[Finding]:
    """Translated text the shipped fonts cannot draw: it would print as empty boxes."""
    path = translation.catalogue.path
    return [
        Finding(
            "warning",
            "missing-glyph",
            None,
            f"{path.name}:{line}: the handout fonts cannot draw "
            + ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars[:5])
            + ": they would print as empty boxes (add a font for this script to "
            "templates/fonts, or use other characters)",
        )
        for line, chars in translation.catalogue.undrawable
    ]


def _draft_marked(
    translation: Translation, views: dict[str, HandoutView], marked: bool = False
) -> dict[str, HandoutView]:
    """An unreviewed translation says so on every page, as an unreviewed topic does."""
    words = translation.marked if marked else translation.clean
    said = translation.review_line(words)
    if not translation.draft:
        return {tier: replace(view, translation_review=said) for tier, view in views.items()}
    mark = words(UI, DRAFT_TRANSLATION_MARK)
    return {
        tier: replace(view, marks=[*view.marks, mark], translation_review=said)
        for tier, view in views.items()
    }


def _handout_findings(topic: Topic, handouts: TranslatedHandouts) -> list[Finding]:
    """A translated handout lacking entries is not made (a handout nobody has started
    translating is simply not part of that language); one from older English is said."""
    findings = []
    lang = handouts.translation.language
    po = handouts.translation.catalogue.path.name
    scope = handouts.translation.catalogue.scope
    for tier, document in handouts.status:
        output = PlannedOutput(topic.id, "handout", tier, document, language=lang)
        if not in_scope(output, scope):
            continue  # never worked out: a run never makes it
        status = handouts.status[(tier, document)]
        name = output.path
        t = handouts.translation
        listed = describe(status.missing or status.fuzzy, t.catalogue, t.source_lines)
        if status.missing and status.translated:
            findings.append(
                Finding(
                    "warning",
                    "translation-missing",
                    tier,
                    f"{name} is not made: {len(status.missing)} entries of {po} have no "
                    f"translation ({listed}); translate them, so that nothing prints half "
                    "in English",
                )
            )
        if status.complete and document == "guide":
            findings += _ease_findings(topic, handouts.views[tier], name)
        if status.complete and status.fuzzy:
            findings.append(
                Finding(
                    "warning",
                    "translation-out-of-date",
                    tier,
                    f"{name} is marked out of date: the English of {len(status.fuzzy)} "
                    f"entries of {po} changed since they were translated ({listed}); update "
                    "their translations and clear the fuzzy flag",
                )
            )
    return findings


def translation_findings(topic: Topic, translated: TranslatedDeck) -> list[Finding]:
    """A translated deck lacking entries is not made (never half English); one made from
    a translation of older English is said, and fails under --strict."""
    name = f"decks/{topic.id}-{translated.language}.apkg"
    po = translated.catalogue.path.name
    findings = []
    if translated.missing:
        findings.append(
            Finding(
                "warning",
                "translation-missing",
                None,
                f"{name} is not made: {len(translated.missing)} entries of {po} have no "
                f"translation ({translated.where(translated.missing)}); translate them, "
                "so that no card is printed half in English",
            )
        )
    if translated.fuzzy:
        findings.append(
            Finding(
                "warning",
                "translation-out-of-date",
                None,
                f"{name} is marked out of date: the English of {len(translated.fuzzy)} "
                f"entries of {po} changed since they were translated "
                f"({translated.where(translated.fuzzy)}); update their translations and "
                "clear the fuzzy flag",
            )
        )
    return findings


@dataclass(frozen=True)
class TranslationRow:
    """One translated output in a language, as `allprint check` lists it."""

    language: str
    output: str  # "child guide", "parent essentials", "deck"
    state: str  # "made", "made, out of date (...)", "not made: ...", "not started"
    ease: str = ""  # e.g. "Fernández-Huerta 91 (least 85)"; "" when not scored
    # Every entry it lacks, with its line in the catalogue and the source (EntryPlace).
    missing: list[dict] = field(default_factory=list)
    fuzzy: list[dict] = field(default_factory=list)


def translation_rows(
    topic: Topic,
    handouts: dict[str, TranslatedHandouts],
    translations: dict[str, TranslatedDeck],
) -> list[TranslationRow]:
    """Every output each catalogue covers, with what a build does with it."""
    rows = []
    for language in sorted(handouts):
        translated = handouts[language]
        scope = translated.translation.catalogue.scope
        for tier, document in translated.status:
            if not in_scope(PlannedOutput(topic.id, "handout", tier, document), scope):
                continue
            status = translated.status[(tier, document)]
            ease = ""
            if status.complete and document == "guide":
                ease = _ease_cell(topic, translated.views[tier])
            label = f"{tier} {document}"
            state = _state(status.missing, status.fuzzy, "made", bool(status.translated))
            if (tier, document) in translated.misfits and status.complete:
                state = "not made: fails a page check"
            places = _places(status.missing, status.fuzzy, translated.translation)
            rows.append(TranslationRow(language, label, state, ease, *places))
        deck = translations.get(language)
        if deck is not None and in_scope(PlannedOutput(topic.id, "deck"), scope):
            made = f"made ({len(deck.notes)} notes)"
            state = _state(deck.missing, deck.fuzzy, made)
            places = _places(deck.missing, deck.fuzzy, deck)
            rows.append(TranslationRow(language, "deck", state, "", *places))
    return rows


def _places(missing: list, fuzzy: list, translation) -> tuple[list[dict], list[dict]]:
    """The entries lacking, each with its catalogue and source lines, for people and JSON."""
    catalogue, lines = translation.catalogue, translation.source_lines
    return (
        [p.as_dict() for p in entry_places(missing, catalogue, lines)],
        [p.as_dict() for p in entry_places(fuzzy, catalogue, lines)],
    )


def _state(missing: list, fuzzy: list, made: str, started: bool = True) -> str:
    if missing:
        return f"not made: {len(missing)} entries missing" if started else "not started"
    if fuzzy:
        return f"{made}, out of date ({len(fuzzy)} entries' English changed)"
    return made


def _ease_cell(topic: Topic, view: HandoutView) -> str:
    scored = reading_ease(view)
    if scored is None:
        known = view.language.split("-")[0] in EASE_FORMULAS
        return "too short to score" if known else f"no reading-ease formula for {view.language}"
    limits = topic.reading_level.ease.get(view.language.split("-")[0])
    least = limits.get(view.tier) if limits else None
    formula, ease = scored
    return f"{formula} {ease:.0f}" + (f" (least {least:g})" if least is not None else "")


def translated_edition(
    english: Topic, deck: TranslatedDeck, handouts: TranslatedHandouts
) -> Edition:
    """A catalogue's edition: its views, its deck when complete, what each document lacks,
    and its out-of-date mark; one that does not fit its page is withdrawn, never English."""
    from allprint.editions.cards import deck_description, guid_base
    from allprint.editions.deck_lock import lock_path
    from allprint.editions.edition import Edition

    translation = handouts.translation
    stale_mark = translation.out_of_date_mark(english.version)
    topic = deck.topic or translation.topic  # the deck's own only when complete
    # In the deck's own language, as its cards are; out of date said first.
    description = deck_description(topic, translation.clean, stale_mark if deck.fuzzy else None)
    summary = f"{len(deck.notes)} notes, {deck.language}" + ("; out of date" if deck.fuzzy else "")
    return Edition(
        language=deck.language,
        topic=topic,
        views=handouts.views,
        sheets=handouts.sheets,
        notes=deck.notes,
        lock=deck.lock,
        lock_file=lock_path(deck.catalogue.path),
        guid_base=guid_base(english.id, deck.language),
        deck_summary=summary,
        deck_description=description,
        deck_made=deck.topic is not None,
        deck_stale=bool(deck.fuzzy),
        status=handouts.status,
        phones=handouts.phones,
        stale_mark=stale_mark,
        optional=True,
        misfits=handouts.misfits,
        lock_owner="its catalogue",
    )

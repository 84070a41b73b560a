"""Translations as gettext catalogues, the format translators' tools (Poedit, Weblate)
already read and write.

    translations/<id>/<id>.pot    every translatable string of the topic, and the words
                                  of the handouts themselves ("Key points", "Page")
    translations/<id>/<lang>.po   one per language

Each entry's context says where its text lives, by ids rather than positions
(`sections/what-is-all/text/parent`), so that it survives reordering; its `#:`
reference gives the source line. Fact labels are entries too (`fact-label/Monitoring`):
they name table columns and fact cards. Names of works and people (sources, publisher,
author, reviewers) are not translated.

`translate_topic` applies a catalogue to the validated topic (`apply.py`). With `mark`,
each string is preceded by a token naming its entry, so that what a document prints
shows which entries it still needs (see `printed.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allprint.editions.words import UI  # context of the handouts' own words
from allprint.errors import UserError
from allprint.translation.catalogue import Catalogue
from allprint.translation.strings import SUB_DECK, entries, with_defaults

if TYPE_CHECKING:
    from allprint.source.model import Topic
    from allprint.source.yaml_reader import Document
    from allprint.translation.apply import Refused


_MARK = "\u2063{}@@{}\u2063"  # invisible separators keep the token inside one word


_LIMITED = {"short_title"}  # printed in every footer, and at most 40 characters


TOKEN = re.compile("\u2063(missing|fuzzy|done)@@(\\d+)\u2063")


class Translator:
    """Looks text up in a catalogue. With `mark`, each string is preceded by a token
    (missing, fuzzy or done) naming its entry, so that what an output prints shows what it
    still lacks; without, it gives the translation (an old one when fuzzy, else the
    English, which is then never printed: the output is not made)."""

    def __init__(self, catalogue: Catalogue, mark: bool) -> None:
        self.catalogue = catalogue
        self.mark = mark
        self.keys: list[tuple[str, str]] = []
        # Text with a length limit takes no token; what it lacks counts for every output.
        self.everywhere: tuple[list, list] = ([], [])

    def __call__(self, context: str, english: str) -> str:
        key = (context, english)
        found = self.catalogue.finished.get(key)
        if self.mark and context in _LIMITED:
            return self._unmarked(key, found, english)
        if found is not None:
            if not self.mark:
                return found
            self.keys.append(key)
            return _MARK.format("done", len(self.keys) - 1) + found
        old = self.catalogue.fuzzy.get(key)
        if old is None:
            old = self.catalogue.stale(context)
        kind = "fuzzy" if old is not None else "missing"
        text = old if old is not None else english
        if not self.mark:
            return text
        self.keys.append(key)
        return _MARK.format(kind, len(self.keys) - 1) + text

    def _unmarked(self, key: tuple[str, str], found: str | None, english: str) -> str:
        if found is not None:
            return found
        old = self.catalogue.fuzzy.get(key) or self.catalogue.stale(key[0])
        self.everywhere[0 if old is None else 1].append(key)
        return old or english

    def found(self, text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], int]:
        """The entries (missing, fuzzy) whose tokens are in `text`, and how many of its
        strings are translated."""
        missing, fuzzy = dict.fromkeys(self.everywhere[0]), dict.fromkeys(self.everywhere[1])
        done = 0
        for kind, index in TOKEN.findall(text):
            key = self.keys[int(index)]
            if kind == "done":
                done += key[0] != UI  # the handout's own words do not count as started
            else:
                (missing if kind == "missing" else fuzzy).setdefault(key)
        return list(missing), list(fuzzy), done


@dataclass
class TranslatedDeck:
    """A topic's deck in one language: its notes when complete, else what it lacks."""

    language: str
    catalogue: Catalogue
    topic: Any  # the translated Topic, or None when an entry is missing
    notes: list  # NoteSpec
    missing: list[tuple[str, str]]
    fuzzy: list[tuple[str, str]]
    lock: Any  # DeckLock
    source_lines: dict[str, int] = field(default_factory=dict)  # context -> line in the source

    def where(self, keys: list[tuple[str, str]]) -> str:
        return describe(keys, self.catalogue, self.source_lines)


@dataclass
class Translation:
    """A topic in one catalogue's language: `marked` shows what each output lacks,
    `topic` is what is printed (a missing entry left in English, never printed)."""

    language: str
    catalogue: Catalogue
    marked: Translator
    marked_topic: Any  # Topic
    clean: Translator
    topic: Any  # Topic
    lock: Any  # the translated deck's DeckLock
    source_lines: dict[str, int]

    @property
    def draft(self) -> bool:
        """Not yet reviewed by a qualified translator (the catalogue's review header)."""
        return not self.catalogue.review.startswith("reviewed")

    def review_line(self, words) -> str:
        """The translation's review, as the handout prints it in the back matter."""
        from allprint.editions.dates import format_iso

        found = re.match(r"reviewed by (.+?) on (\d{4}-\d{2}-\d{2})", self.catalogue.review)
        if found is None:
            return words(UI, DRAFT_TRANSLATION_MARK) + "."
        text = words(UI, "Translation reviewed by {name} on {date}.")
        return text.format(name=found.group(1), date=format_iso(found.group(2), words))

    def out_of_date_words(self) -> str:
        """The out-of-date mark this translation prints: naming the English version it
        was made from only when that is known and differs from today's."""
        then, now = self.catalogue.english_version, self.topic.version
        return OUT_OF_DATE_MARK if then and then.strip() != now else OUT_OF_DATE_NOW

    def out_of_date_mark(self, english_version: str) -> str:
        then = (self.catalogue.english_version or "").strip()
        return self.clean(UI, self.out_of_date_words()).format(
            version=then if self.out_of_date_words() == OUT_OF_DATE_MARK else english_version,
            now=english_version,
        )

    def lacking_marks(self, fuzzy: list) -> list[tuple[str, str]]:
        """The out-of-date mark, when an output from older English would print it and the
        catalogue has no translation of it: that output is not made, never half English."""
        key = (UI, self.out_of_date_words())
        return [key] if fuzzy and key not in self.catalogue.finished else []


OUT_OF_DATE_MARK = "Translation out of date (English version {version}; now {now})"


OUT_OF_DATE_NOW = "Translation out of date (English now at version {version})"


DRAFT_TRANSLATION_MARK = "Translation not yet reviewed by a medical translator"


def describe(
    keys: list[tuple[str, str]], catalogue: Catalogue, source_lines: dict[str, int], most: int = 5
) -> str:
    """Entries by place and line, for a message: the first few, then how many more and
    where to see them all."""
    shown = []
    for context, english in keys[:most]:
        line = catalogue.po_line((context, english))
        where = f"{catalogue.path.name}:{line}" if line else None
        source = source_lines.get(context) or catalogue.lines.get((context, english))
        if where is None and source:
            where = f"source line {source}"
        name = f"{context} {english!r}" if context in (UI, SUB_DECK) else repr(context)
        shown.append(name + (f" at {where}" if where else ""))
    more = ""
    if len(keys) > most:
        more = f" and {len(keys) - most} more: `allprint translate status` lists every one"
    return ", ".join(shown) + more


def translate_topic(document: Document, topic: Topic, catalogue_path: Path) -> Translation:
    """`topic`, validated from the source read into `document`, in the language of the
    catalogue at `catalogue_path`: the catalogue applied to it, never validated again."""
    from allprint.editions.deck_lock import DeckLock, lock_path
    from allprint.translation.apply import Refused, apply_catalogue
    from allprint.translation.catalogue_reader import CatalogueError, refusal

    catalogue = Catalogue.read(catalogue_path)
    lock_file = lock_path(catalogue_path)
    there = lock_file.exists() or lock_file.is_symlink()
    if there and (problem := refusal(lock_file, what="deck lock")):  # never open a FIFO
        raise CatalogueError([problem])
    lock = DeckLock.read(lock_file)
    data = with_defaults(document.data)
    lines = {e.context: e.line for e in entries(data, document.positions) if e.line}
    marked, clean = Translator(catalogue, mark=True), Translator(catalogue, mark=False)
    try:
        translated = apply_catalogue(topic, data, clean, catalogue.language)
    except Refused as refused:
        raise _invalid(catalogue, refused) from None
    marked_topic = apply_catalogue(topic, data, marked, catalogue.language, check=False)
    return Translation(
        catalogue.language, catalogue, marked, marked_topic, clean, translated, lock, lines
    )


def _invalid(catalogue: Catalogue, refused: Refused) -> UserError:
    """A translation the topic's rules refuse, named at its catalogue line."""
    from allprint.errors import Problem

    return UserError(
        [
            Problem(
                catalogue.path,
                f"the translation of {refused.context} is not valid: {refused.message}",
                catalogue.msgstr_lines.get(refused.context),
                hint="shorten or correct that translation",
            )
        ]
    )


def translated_deck(translation: Translation, marks: list[str]) -> TranslatedDeck:
    """The deck in the translation's language: its notes when complete. `marks` are the
    marked clinician handout's ("draft"...), which the printable cards print too."""
    from allprint.editions.cards import RETIRED_TAG, deck_description, deck_notes, note_specs
    from allprint.translation.printed import cards_words

    t = translation
    marked = t.marked_topic
    notes = note_specs(marked, t.marked)
    studied = sum(RETIRED_TAG not in n.tags for n in notes[:1])  # as many as cards print
    text = [
        *("\n".join(n.text) + n.deck for n in notes),
        marked.deck,
        deck_description(marked, t.marked),
        *cards_words(marked, studied, marks, t.marked),  # "print double-sided"...
    ]
    missing, fuzzy, _ = t.marked.found("\n".join(text))
    missing += t.lacking_marks(fuzzy)
    if missing:
        return TranslatedDeck(
            t.language, t.catalogue, None, [], missing, fuzzy, t.lock, t.source_lines
        )
    notes = deck_notes(t.topic, note_specs(t.topic, t.clean), t.lock)
    return TranslatedDeck(
        t.language, t.catalogue, t.topic, notes, [], fuzzy, t.lock, t.source_lines
    )

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

`translate_data` turns a topic's data into the language of a catalogue. With `mark`,
each string without a finished translation is replaced by a token naming its entry,
so that what a handout prints shows which entries it still needs (see `translated.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allprint.editions.words import UI  # context of the handouts' own words
from allprint.errors import UserError

if TYPE_CHECKING:
    from allprint.source.yaml_reader import Document

TRANSLATIONS = "translations"

# Keys whose values are ids, settings, names or addresses: never translated.
_NOT_TEXT = {
    "id", "sources", "url", "note", "cited_in", "tags", "icon", "kind", "level", "section",
    "block", "limit", "items_limit", "skip", "language", "version", "updated", "review",
    "reading_level", "publisher", "author", "licence", "retired_cards", "status",
}  # fmt: skip
_LISTS_OF_IDS = {"items", "facts"}  # under `essentials:` and `cards_from_facts:`


@dataclass(frozen=True)
class Entry:
    context: str
    text: str
    line: int | None


def with_defaults(data: dict) -> dict:
    """`data` with the printed defaults it leaves out ("Questions and answers"...) written
    in, so that they are translated like the rest."""
    from allprint.source.model import CardsFromFacts, Topic

    data = dict(data)
    for key in ("faq_heading", "glossary_heading"):
        data.setdefault(key, Topic.model_fields[key].default)
    sections = []
    for section in data.get("sections") or []:
        spec = section.get("cards_from_facts") if isinstance(section, dict) else None
        if isinstance(spec, dict) and "question" not in spec:
            default = CardsFromFacts.model_fields["question"].default
            section = {**section, "cards_from_facts": {**spec, "question": default}}
        sections.append(section)
    if sections:
        data["sections"] = sections
    return data


def entries(data: dict, positions) -> list[Entry]:
    """Every translatable string of a topic's data, in source order."""
    found: dict[tuple[str, str], Entry] = {}
    data = with_defaults(data)
    for loc, context, text in _strings(data, (), ()):
        line = positions.get(loc, (None, None))[0] if positions else None
        found.setdefault((context, text), Entry(context, text, line))
    for label in _fact_labels(data):
        found.setdefault((f"fact-label/{label}", label), Entry(f"fact-label/{label}", label, None))
    return list(found.values())


def _strings(value: Any, loc: tuple, ctx: tuple) -> Iterator[tuple[tuple, str, str]]:
    if isinstance(value, str):
        if value.strip():
            yield loc, context_of(ctx), value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if not _not_text(ctx, key, inner):
                yield from _strings(inner, (*loc, key), (*ctx, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            if not _block_name(ctx, inner):
                yield from _strings(inner, (*loc, index), (*ctx, _element_name(inner, index)))


def _not_text(ctx: tuple, key: str, value: Any) -> bool:
    """Ids, settings, names and addresses; sources (names of works); and the lists of
    item ids and fact labels in `essentials:` and `cards_from_facts:`."""
    if key in _NOT_TEXT or ctx[:1] == ("sources",):
        return True
    picks = "essentials" in ctx or "cards_from_facts" in ctx
    return picks and key in _LISTS_OF_IDS and isinstance(value, list)


def _block_name(ctx: tuple, value: Any) -> bool:
    """`urgent`, `draw`... in an `essentials:` list name blocks: they are not text."""
    return ctx[:1] == ("essentials",) and isinstance(value, str)


def context_of(ctx: tuple) -> str:
    """An entry's context from its data path; a sub-deck's name is one entry however many
    cards name it."""
    if ctx and ctx[-1] == "deck" and len(ctx) > 1:
        return SUB_DECK
    return "/".join(map(str, ctx))


SUB_DECK = "sub-deck"


def _element_name(value: Any, index: int) -> str:
    """An element's stable name in a context: its id (or level), else its position."""
    if isinstance(value, dict):
        for key in ("id", "level", "section", "block"):
            if isinstance(value.get(key), str):
                return value[key]
    return str(index)


def _fact_labels(data: dict) -> list[str]:
    labels: list[str] = []
    sections = [s for s in data.get("sections") or [] if isinstance(s, dict)]
    items = [i for s in sections for i in s.get("items") or [] if isinstance(i, dict)]
    for item in items:
        facts = item.get("facts")
        if isinstance(facts, dict):
            labels += [k for k in facts if isinstance(k, str) and k not in labels]
    return labels


# --- catalogues ---------------------------------------------------------------------------


def catalogue_dir(project_root: Path, topic_id: str) -> Path:
    return project_root / TRANSLATIONS / topic_id


def make_pot(topic_id: str, source: Path, items: list[Entry], ui: list[str]):
    import polib

    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {
        "Project-Id-Version": topic_id,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for entry in items:
        where = [(source.name, str(entry.line))] if entry.line else []
        note = REGISTERS.get(entry.context.rsplit("/", 1)[-1], "")
        if entry.context.startswith("cards/") or entry.context == SUB_DECK:
            note = REGISTERS["cards"]
        pot.append(
            polib.POEntry(msgctxt=entry.context, msgid=entry.text, occurrences=where, comment=note)
        )
    from allprint.editions.dates import DATE_NOTE, DATE_PATTERN

    for text in ui:
        note = DATE_NOTE if text == DATE_PATTERN else REGISTERS[UI]
        pot.append(polib.POEntry(msgctxt=UI, msgid=text, comment=note))
    return pot


# Notes for translators, printed in the catalogue beside each entry (`#.` comments).
REGISTERS = {
    "child": "For a sick child of 6-11, read with a grown-up: short sentences, everyday "
    "words, warm and calm. Same facts, nothing added.",
    "parent": "For parents and caregivers: plain words, short sentences, what to do and "
    "when to call. Same facts, nothing added.",
    "clinician": "For nurses and doctors: precise medical terms. Same facts, nothing added.",
    "cards": "A flashcard for nurses: exact and short; keep {{c1::...}} blanks, {item} and "
    "{fact} as they are.",
    UI: "The handout's own words. Keep {placeholders} as they are.",
}


def update_po(po, pot) -> tuple[int, int, int]:
    """Merge `pot` into `po` as msgmerge does: new entries empty; an entry whose English
    changed keeps its old translation, marked fuzzy, with the old English beside it;
    entries gone are kept as obsolete. Returns the (new, fuzzy, obsolete) counts."""
    import polib

    def key(e) -> tuple[str, str]:
        # Text of the topic is found by its place; the handouts' words by themselves.
        return (e.msgctxt or "", e.msgid if e.msgctxt in (UI, SUB_DECK) else "")

    old = {key(e): e for e in po if not e.obsolete}
    merged, new, fuzzy = [], 0, 0
    for template in pot:
        entry = polib.POEntry(
            msgctxt=template.msgctxt,
            msgid=template.msgid,
            occurrences=template.occurrences,
            comment=template.comment,
        )
        before = old.pop(key(template), None)
        if before is None:
            new += 1
        elif before.msgid == template.msgid:
            entry.msgstr = before.msgstr
            entry.flags = list(before.flags)
            entry.previous_msgid = before.previous_msgid
        else:
            entry.msgstr = before.msgstr
            entry.previous_msgid = before.msgid
            entry.flags = sorted({*before.flags, "fuzzy"})
            fuzzy += 1
        merged.append(entry)
    obsolete = [e for e in old.values() if e.msgstr]
    for entry in obsolete:
        entry.obsolete = True
    po[:] = merged + obsolete
    return new, fuzzy, len(obsolete)


def read_po(path: Path):
    """A catalogue or template, read as input from outside (`catalogue_reader`)."""
    from allprint.translation.catalogue_reader import read_po as read_safely

    return read_safely(path)


# --- the commands ---------------------------------------------------------------------------

# The deck's own words, translated through the same catalogues.
DECK_WORDS = ("Source: ", "Sources: ")
_CALL = re.compile(r"""\b_\((["'])(.+?)\1\)""")


def ui_strings() -> list[str]:
    """The handouts' and cards' own words: every `_("...")` of the templates, and the
    labels, marks and picture descriptions the code prints."""
    from allprint.editions.dates import DATE_PATTERN, MONTHS
    from allprint.editions.tiers import DRAFT_MARK, OVERDUE_MARK, TIER_LABELS
    from allprint.paths import TEMPLATES_DIR
    from allprint.source.model import ICONS

    found = [*TIER_LABELS.values(), DRAFT_MARK, OVERDUE_MARK]
    found += ["Not yet clinically reviewed", "Reviewed {date}", DATE_PATTERN, *MONTHS]
    found += [alt for _, alt in ICONS.values()]
    for template in sorted([*TEMPLATES_DIR.glob("*.html"), *TEMPLATES_DIR.glob("cards/*.html")]):
        found += [m.group(2) for m in _CALL.finditer(template.read_text(encoding="utf-8"))]
    found += [*DECK_WORDS, OUT_OF_DATE_MARK, OUT_OF_DATE_NOW, DRAFT_TRANSLATION_MARK]
    found += ["Translation reviewed by {name} on {date}."]
    return list(dict.fromkeys(found))


def extract(source: Path, project_root: Path) -> tuple[Path, int]:
    """Write translations/<id>/<id>.pot for `source`; returns its path and entry count."""
    from allprint.pipeline.write import write_atomic
    from allprint.source.loader import validate
    from allprint.source.yaml_reader import read_document

    document = read_document(source)
    topic = validate(document)  # only a valid topic is extracted
    pot = make_pot(topic.id, source, entries(document.data, document.positions), ui_strings())
    path = catalogue_dir(project_root, topic.id) / f"{topic.id}.pot"
    write_atomic(path, str(pot).encode())
    return path, len(pot)


def update(source: Path, project_root: Path) -> list[tuple[Path, int, int, int]]:
    """Extract anew, then merge the template into each <lang>.po beside it."""
    from allprint.pipeline.write import write_atomic

    pot_path, _ = extract(source, project_root)
    pot = read_po(pot_path)
    results = []
    for po_path in sorted(pot_path.parent.glob("*.po")):
        po = read_po(po_path)
        counts = update_po(po, pot)
        write_atomic(po_path, str(po).encode())
        results.append((po_path, *counts))
    return results


# --- translating a topic ------------------------------------------------------------------

_MARK = "\u2063{}@@{}\u2063"  # invisible separators keep the token inside one word
_LIMITED = {"short_title"}  # printed in every footer, and at most 40 characters
TOKEN = re.compile("\u2063(missing|fuzzy|done)@@(\\d+)\u2063")


@dataclass
class Catalogue:
    """One language's translations, by (context, English)."""

    language: str
    path: Path
    finished: dict[tuple[str, str], str]
    fuzzy: dict[tuple[str, str], str]  # the English changed since: the old translation
    lines: dict[tuple[str, str], int | None]  # where each entry's English is, for messages
    english_version: str | None = None  # the English version it was translated from
    by_place: dict[str, str] = field(default_factory=dict)  # context -> translation
    scope: frozenset[str] | None = None  # the outputs it covers (None: all)
    review: str = "draft"  # X-Allprint-Review: "draft ..." or "reviewed by NAME on DATE"
    undrawable: list[tuple[int, str]] = field(default_factory=list)  # (PO line, characters)
    warnings: list = field(default_factory=list)  # Problem: unknown language, output names
    msgstr_lines: dict[str, int] = field(default_factory=dict)  # context -> its msgstr's line

    def stale(self, context: str) -> str | None:
        """The translation of an older English at this place (the catalogue is not yet
        updated to the changed source)."""
        return None if context in (UI, SUB_DECK) else self.by_place.get(context)

    @classmethod
    def read(cls, path: Path) -> Catalogue:
        """The catalogue at `path`, refused with every problem it has (`catalogue_rules`)."""
        from allprint.translation.catalogue_rules import read_catalogue

        return read_catalogue(path)


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
        missing, fuzzy = list(self.everywhere[0]), list(self.everywhere[1])
        done = 0
        for kind, index in TOKEN.findall(text):
            key = self.keys[int(index)]
            if kind == "done":
                done += key[0] != UI  # the handout's own words do not count as started
                continue
            target = missing if kind == "missing" else fuzzy
            if key not in target:
                target.append(key)
        return missing, fuzzy, done


def translate_data(data: Any, tr: Translator, ctx: tuple = ()) -> Any:
    """`data` (a topic's, as read) with every translatable string looked up in `tr`."""
    if isinstance(data, str):
        return tr(context_of(ctx), data) if data.strip() and ctx else data
    if isinstance(data, dict):
        out = {}
        for key, inner in data.items():
            text = not _not_text(ctx, key, inner)
            out[key] = translate_data(inner, tr, (*ctx, key)) if text else inner
        return out
    if isinstance(data, list):
        return [
            inner
            if _block_name(ctx, inner)
            else translate_data(inner, tr, (*ctx, _element_name(inner, i)))
            for i, inner in enumerate(data)
        ]
    return data


SCOPE_KEY = "X-Allprint-Outputs"


def _scope(value: str | None) -> frozenset[str] | None:
    names = {n.strip() for n in (value or "").split(",") if n.strip()}
    return frozenset(names) or None


def catalogues_for(source: Path) -> list[Path]:
    """The catalogues of a source: translations/<id>/<lang>.po beside its content/ folder."""
    folder = catalogue_folder(source)
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def catalogue_folder(source: Path) -> Path:
    """Where the catalogues of a source are (or would be): translations/<id>/."""
    return catalogue_dir(source.resolve().parent.parent, source.stem)


def terms_path(catalogue: Path) -> Path:
    """A language's term list: `English = translation` per line, beside its catalogue."""
    return catalogue.with_suffix(".terms")


def term_findings(catalogue_path: Path) -> list[tuple[int, str]]:
    """(catalogue line, message) for each translated entry that contains a listed English
    term without its listed translation: one medical word, one translation."""
    from allprint.translation.catalogue_reader import read_bytes

    path = terms_path(catalogue_path)
    if not path.exists() and not path.is_symlink():
        return []
    terms = []
    lines = read_bytes(path, 1024 * 1024, "term list").decode("utf-8", errors="replace")
    for raw in lines.splitlines():
        line = raw.split("#", 1)[0]
        english, sep, translated = line.partition("=")
        if sep and english.strip() and translated.strip():
            terms.append((english.strip(), translated.strip()))
    found = []
    for entry in read_po(catalogue_path):
        if entry.obsolete or not entry.msgstr:
            continue
        for english, translated in terms:
            uses = re.search(rf"\b{re.escape(english)}\b", entry.msgid, re.IGNORECASE)
            if uses and translated.lower() not in entry.msgstr.lower():
                found.append(
                    (
                        entry.linenum,
                        f"{english!r} is translated {translated!r} in {path.name}; this "
                        "entry does not use it",
                    )
                )
    return found


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
    """Entries by place and source line, for a message: the first few, then how many more."""
    shown = []
    for context, english in keys[:most]:
        line = catalogue.lines.get((context, english)) or source_lines.get(context)
        name = f"{context} {english!r}" if context in (UI, SUB_DECK) else repr(context)
        shown.append(name + (f" (line {line})" if line else ""))
    more = f" and {len(keys) - most} more" if len(keys) > most else ""
    return ", ".join(shown) + more


def translate_topic(document: Document, catalogue_path: Path) -> Translation:
    """The source read into `document`, in the language of the catalogue at
    `catalogue_path`."""
    from pydantic import ValidationError

    from allprint.editions.deck_lock import DeckLock, lock_path
    from allprint.source.model import Topic
    from allprint.translation.catalogue_reader import CatalogueError, refusal

    catalogue = Catalogue.read(catalogue_path)
    lock_file = lock_path(catalogue_path)
    there = lock_file.exists() or lock_file.is_symlink()
    if there and (problem := refusal(lock_file, what="deck lock")):  # never open a FIFO
        raise CatalogueError([problem])
    lock = DeckLock.read(lock_file)
    data = with_defaults(document.data)
    lines = {e.context: e.line for e in entries(data, document.positions) if e.line}

    def topic_in(tr: Translator) -> Topic:
        translated = translate_data(data, tr)
        translated["language"] = catalogue.language
        try:
            return Topic.model_validate(translated)
        except ValidationError as exc:
            raise _invalid(catalogue, data, exc.errors()[0]) from None

    marked, clean = Translator(catalogue, mark=True), Translator(catalogue, mark=False)
    return Translation(
        catalogue.language,
        catalogue,
        marked,
        topic_in(marked),
        clean,
        topic_in(clean),
        lock,
        lines,
    )


def _invalid(catalogue: Catalogue, data: dict, error: Any) -> UserError:
    """A translation the topic's rules refuse, named at its catalogue line."""
    from allprint.errors import Problem

    context = _context_at(data, error["loc"])
    return UserError(
        [
            Problem(
                catalogue.path,
                f"the translation of {context} is not valid: {error['msg']}",
                catalogue.msgstr_lines.get(context),
                hint="shorten or correct that translation",
            )
        ]
    )


def _context_at(data: Any, loc: tuple) -> str:
    """The catalogue context of a place in a topic's data, as `translate_data` names it."""
    ctx: list[str] = []
    for part in loc:
        if isinstance(data, list) and isinstance(part, int) and part < len(data):
            ctx.append(_element_name(data[part], part))
        elif isinstance(data, dict) and part in data:
            ctx.append(str(part))
        else:
            break
        data = data[part]
    return context_of(tuple(ctx))


def translated_deck(translation: Translation, marks: list[str]) -> TranslatedDeck:
    """The deck in the translation's language: its notes when complete. `marks` are the
    marked clinician handout's ("draft"...), which the printable cards print too."""
    from allprint.editions.cards import deck_description, deck_notes, note_specs
    from allprint.render.print_cards import render_cards_html

    t = translation
    marked = t.marked_topic
    notes = note_specs(marked, t.marked)
    text = (
        "\n".join("\n".join(n.text) + n.deck for n in notes)
        + marked.deck
        + deck_description(marked, t.marked)
        # the printable cards' own words ("print double-sided...")
        + render_cards_html(marked, notes[:1], marks, t.marked)
    )
    missing, fuzzy, _ = t.marked.found(text)
    missing += t.lacking_marks(fuzzy)
    if missing:
        return TranslatedDeck(
            t.language, t.catalogue, None, [], missing, fuzzy, t.lock, t.source_lines
        )
    notes = deck_notes(t.topic, note_specs(t.topic, t.clean), t.lock)
    return TranslatedDeck(
        t.language, t.catalogue, t.topic, notes, [], fuzzy, t.lock, t.source_lines
    )


@dataclass(frozen=True)
class HandoutStatus:
    """Whether one translated handout can be printed: nothing missing."""

    missing: list[tuple[str, str]]
    fuzzy: list[tuple[str, str]]
    translated: int  # strings of it translated: 0 means nobody started it

    @property
    def complete(self) -> bool:
        return not self.missing


def handout_status(translation: Translation, views, sheets, tier: str, document: str, site):
    """What the translated `document` of `tier` prints that its catalogue lacks; `views`
    and `sheets` are the marked topic's."""
    from allprint.render.html import render_html

    html = render_html(views[tier], site=site, document=document, sheet=sheets[tier])
    missing, fuzzy, done = translation.marked.found(html)
    return HandoutStatus([*missing, *translation.lacking_marks(fuzzy)], fuzzy, done)

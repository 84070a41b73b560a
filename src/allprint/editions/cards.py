"""What the deck holds: one note per hand-written card and per fact card a section asks
for, each with its id, its place in the source and its fields as plain text.

A generated card asks one thing. A fact that lists more than three things becomes a
cloze with one blank per thing (Anki makes one card per blank), so no card asks for a
list by heart. Its id ends in `-cloze`: Anki will not turn an existing Basic note into
a Cloze note, so the change is a new card (and the old one is retired, if it was ever
released: see `deck_lock.py`).

A thing that another fact cloze of the topic lists too ("low blood counts" among many
medicines' side effects) is shown, not made a blank: as a blank it would be one answer
on many cards, guessed rather than recalled, and it says nothing particular to the
item. Each blank keeps the number of its place in the list, so a nurse's card for
"constipation" stays that card whichever things around it are shown.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from allprint.editions.deck_lock import DeckLock
from allprint.editions.words import Words, english
from allprint.source.model import Card, Item, Section, Topic

MAX_LISTED = 3  # more things than this in one answer: a cloze per thing
RETIRED_TAG = "allprint::retired"
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class NoteSpec:
    """One note as Anki will see it, before times are added. Text is plain, not HTML."""

    card_id: str
    deck: str  # full name, e.g. "Pediatric ALL::Medicines"
    cloze: bool
    text: tuple[str, ...]  # Basic: front, back, extra, source; Cloze: text, extra, source
    tags: tuple[str, ...]
    loc: Loc = field(default=(), compare=False)  # where the card is made, for file:line

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields as Anki stores them: HTML, with the source text printed literally."""
        return tuple(esc(t) for t in self.text)

    @property
    def question(self) -> str:
        return self.text[0]

    @property
    def answer(self) -> str:
        """The back (Basic), or the blanks' answers in order (Cloze)."""
        return self.text[1] if not self.cloze else "; ".join(cloze_answers(self.text[0]))

    @property
    def extra(self) -> str:
        return self.text[-2]

    @property
    def source(self) -> str:
        return self.text[-1]

    @property
    def sub_deck(self) -> str:
        return self.deck.split("::", 1)[-1]

    def content_hash(self) -> str:
        payload = json.dumps([self.deck, self.cloze, self.fields, self.tags], ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def deck_description(topic: Topic, words: Words = english, mark: str | None = None) -> str:
    """The deck's description in Anki, in the deck's language (`mark`: said first)."""
    from allprint.editions.dates import format_date

    ui = lambda text: words("ui", text)  # noqa: E731
    about = (
        f"{topic.titles.clinician}. {ui('Version')} {topic.version}, {ui('updated')} "
        f"{format_date(topic.updated, words)}. {ui('Published by')} {topic.publisher}."
    )
    return f"{mark}. {about}" if mark else about


def note_specs(topic: Topic, words: Words = english) -> list[NoteSpec]:
    """Every note of the topic, hand-written cards first, then cards made from item facts.
    `words` gives the deck's own words and the fact labels in the topic's language."""
    names = {s.id: s.short or s.title for s in topic.sources}
    secondary = {s.id for s in topic.sources if s.kind == "secondary"}

    def source_line(ids: tuple[str, ...]) -> str:
        # Names only: reference numbers shift between handouts and edits, and would
        # change every card on each edit. Primary sources first: a nurse reads the first.
        ids = tuple(sorted(ids, key=lambda i: i in secondary))
        unique = list(dict.fromkeys(names.get(i, i) for i in ids))  # unknown: reported elsewhere
        prefix = "Sources: " if len(unique) > 1 else "Source: "
        return words("ui", prefix) + "; ".join(unique)

    specs = [_hand_written(topic, i, card, source_line) for i, card in enumerate(topic.cards)]
    shared = _shared_things(topic)
    for i, section in enumerate(topic.sections):
        specs += _from_facts(topic, i, section, source_line, words, shared)
    return specs


def _hand_written(topic: Topic, i: int, card: Card, source_line) -> NoteSpec:
    tags = _tags(topic, card.deck, card.tags)
    source = source_line(card.sources)
    extra = card.extra or ""
    if card.cloze is not None:
        text = (card.cloze, extra, source)
        loc: Loc = ("cards", i, "cloze")
    else:
        text = (card.front or "", card.back or "", extra, source)
        loc = ("cards", i, "back")
    return NoteSpec(card.id, f"{topic.deck}::{card.deck}", card.cloze is not None, text, tags, loc)


def _carded_facts(section: Section) -> Iterator[tuple[int, Item, str]]:
    """(item index, item, fact label) of each fact the section makes a card of."""
    spec = section.cards_from_facts
    if spec is None:
        return
    for j, item in enumerate(section.items):
        for label in spec.facts:
            if label in item.facts and label not in spec.skip.get(item.id, ()):
                yield j, item, label


def _shared_things(topic: Topic) -> set[str]:
    """The things (as `answer_key`s) that two or more fact clozes of the topic list."""
    seen: dict[str, int] = {}
    for section in topic.sections:
        for _, item, label in _carded_facts(section):
            answer = item.facts[label]
            if len(parts := listed_parts(answer)) > MAX_LISTED:
                for key in {answer_key(answer[a:b]) for a, b in parts}:
                    seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1}


def _from_facts(
    topic: Topic, i: int, section: Section, source_line, words: Words, shared: set[str]
) -> list[NoteSpec]:
    spec = section.cards_from_facts
    if spec is None:
        return []
    notes = []
    for j, item, label in _carded_facts(section):
        refs = item.sources or section.sources
        shown = words(f"fact-label/{label}", label)
        question = fill(spec.questions.get(label, spec.question), item_name(item), shown)
        answer = item.facts[label]
        parts = listed_parts(answer)
        card_id = f"{section.id}-{item.id}-{slug(label)}"
        tags = _tags(topic, spec.deck, ("generated", f"fact::{slug(label)}"))
        source = source_line(refs) if refs else ""
        loc: Loc = ("sections", i, "items", j, "facts", label)
        deck = f"{topic.deck}::{spec.deck}"
        if len(parts) > MAX_LISTED:
            text = (_as_cloze(question, answer, parts, shared), "", source)
            notes.append(NoteSpec(f"{card_id}-cloze", deck, True, text, tags, loc))
        else:
            notes.append(NoteSpec(card_id, deck, False, (question, answer, "", source), tags, loc))
    return notes


def item_name(item: Item) -> str:
    return item.title.clinician or item.title.parent or item.title.child or item.id


def fill(template: str, item: str, fact: str) -> str:
    """`template` with {item} and {fact} filled in, once: braces inside the names print
    as they are."""
    values = {"item": item, "fact": fact}
    return re.sub(r"\{(item|fact)\}", lambda m: values[m.group(1)], template)


def _as_cloze(question: str, answer: str, parts: list[tuple[int, int]], shared: set[str]) -> str:
    """`question` as a lead-in, then the answer with each listed thing as its own blank,
    numbered by its place; things in `shared` are shown instead, unless all are."""
    asked = [answer_key(answer[a:b]) not in shared for a, b in parts]
    if not any(asked):
        asked = [True] * len(parts)  # nothing particular: the lint names the repeats
    out, last = [], 0
    for n, ((start, end), blank) in enumerate(zip(parts, asked, strict=True), start=1):
        out.append(answer[last:start])
        thing = answer[start:end]
        if blank:
            thing = "{{c" + str(n) + "::" + thing.replace("}}", "} }") + "}}"  # "}}" ends it
        out.append(thing)
        last = end
    out.append(answer[last:])
    lead = question.rstrip(" ?")
    return f"{lead}: {''.join(out)}"


def retired_spec(topic: Topic, card_id: str, cloze: bool) -> NoteSpec:
    """What a retired card becomes for its last trip: a note that says to delete it.

    Anki never deletes a note on import, and will not change a note's type, so the
    retired note keeps its id and kind and is filed under the sub-deck `Retired`."""
    how = f"In Anki: Browse, search tag:{RETIRED_TAG}, select the cards and delete them."
    deck = f"{topic.deck}::Retired"
    tags = (f"allprint::{topic.id}", RETIRED_TAG)
    if cloze:
        text = ("{{c1::Retired}}: this card is no longer part of the deck. " + how, "", "")
    else:
        text = ("Retired card: please delete it.", "No longer part of the deck. " + how, "", "")
    return NoteSpec(card_id, deck, cloze, text, tags)


def deck_notes(topic: Topic, specs: list[NoteSpec], lock: DeckLock) -> list[NoteSpec]:
    """The notes a package holds: the topic's, then one per retired card it once had. A
    card never released (built only into a draft's decks) is in no nurse's collection:
    it needs no note to say "delete it"."""
    have = {spec.card_id for spec in specs}
    retired = [
        retired_spec(topic, card_id, bool(lock.entries[card_id].cloze))
        for card_id in topic.retired_cards
        if card_id in lock.entries and lock.entries[card_id].released and card_id not in have
    ]
    return [*specs, *retired]


# --- reading answers --------------------------------------------------------------------


def answer_key(text: str) -> str:
    """An answer as compared with others: case, brackets and punctuation set aside."""
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def listed_parts(answer: str) -> list[tuple[int, int]]:
    """The things an answer lists, as (start, end) spans; one span when it lists nothing.

    Read as English lists are written: clauses split at semicolons, and a clause is a
    list when commas outside brackets cut it into short phrases ("A, B and C", "A, B,
    or C"); a part of more than six words is a clause, not a thing, and then nothing
    is listed (up to twelve in a series of four or more closed by ", and"). Of several
    clauses, the one listing most things counts.
    """
    text = answer.rstrip(" .")
    masked, depth = [], 0  # commas inside brackets belong to one thing
    for ch in text:
        depth += ch in "(["
        masked.append(ch if depth == 0 else "_")
        depth = max(0, depth - (ch in ")]"))
    top = "".join(masked)
    best = [(0, len(text))]
    start = 0
    for clause_end in [*(m.start() for m in re.finditer(";", top)), len(top)]:
        parts = _clause_parts(top, text, start, clause_end)
        if len(parts) > len(best):
            best = parts
        start = clause_end + 1
    return best


_COMMA = re.compile(r",\s+(?:(?:and|or)\s+)?")


def _clause_parts(top: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [(m.start(), m.end()) for m in _COMMA.finditer(top, start, end)]
    if not cuts:
        return []
    serial = bool(re.match(r",\s+(and|or)\s", top[cuts[-1][0] : cuts[-1][1] + 1]))
    if not serial:
        # "A, B and C": the last part holds the last two things
        last_and = top.rfind(" and ", cuts[-1][1], end)
        if last_and != -1:
            cuts.append((last_and, last_and + len(" and ")))
    spans, at = [], start
    for a, b in cuts:
        spans.append((at, a))
        at = b
    spans.append((at, end))
    spans = [_strip(text, a, b) for a, b in spans if text[a:b].strip()]
    # Four or more parts closed by ", and ..." are a series even of longer phrases
    # ("give every medicine, attend every visit, ..., and ...").
    longest = 12 if serial and len(spans) > MAX_LISTED else 6
    if any(len(text[a:b].split()) > longest for a, b in spans):
        return []
    return spans


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def cloze_answers(text: str) -> list[str]:
    return [m.group(1).split("::")[0] for m in re.finditer(r"\{\{c\d+::(.*?)\}\}", text)]


def cloze_numbers(text: str) -> list[int]:
    """The blanks of a cloze text (c1, c2...), in order: Anki makes one card for each."""
    return sorted({int(n) for n in re.findall(r"\{\{c(\d+)::", text)})


def cloze_blank(text: str, number: int | None = None) -> str:
    """The cloze text with blank `number` (all blanks when None) shown as [...]."""

    def one(m: re.Match) -> str:
        n, body = int(m.group(1)), m.group(2).split("::")
        if number is None or n == number:
            return "[" + (body[1] if len(body) > 1 else "...") + "]"
        return body[0]

    return re.sub(r"\{\{c(\d+)::(.*?)\}\}", one, text)


def cloze_segments(text: str, number: int) -> list[tuple[str, bool]]:
    """The filled cloze text in pieces, (piece, is the answer of blank `number`)."""
    pieces, last = [], 0
    for m in re.finditer(r"\{\{c(\d+)::(.*?)\}\}", text):
        pieces.append((text[last : m.start()], False))
        pieces.append((m.group(2).split("::")[0], int(m.group(1)) == number))
        last = m.end()
    pieces.append((text[last:], False))
    return [(piece, bold) for piece, bold in pieces if piece]


def cloze_filled(text: str) -> str:
    return re.sub(r"\{\{c\d+::(.*?)\}\}", lambda m: m.group(1).split("::")[0], text)


# --- ids ----------------------------------------------------------------------------------


def id_collisions(specs: list[NoteSpec]) -> Iterator[tuple[NoteSpec, NoteSpec]]:
    """Pairs of notes that would share one id (and so one Anki GUID): the later one of
    each pair, with the first that took the id."""
    seen: dict[str, NoteSpec] = {}
    for spec in specs:
        first = seen.setdefault(spec.card_id, spec)
        if first is not spec:
            yield spec, first


def _tags(topic: Topic, deck: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    return (f"allprint::{topic.id}", f"section::{slug(deck)}", *extra)


def esc(text: str) -> str:
    # genanki fields are raw HTML: source text must print literally.
    return html.escape(text, quote=False).replace("\n", "<br>")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def guid_base(topic_id: str, language: str | None = None) -> str:
    """What a deck's note GUIDs are made from: the topic, and a translated deck's language
    (its notes must never overwrite the English ones in a collection)."""
    return f"{topic_id}-{language}" if language else topic_id


def note_guid(base: str, card_id: str, *also: str) -> str:
    """A note's GUID, from its deck's `guid_base` and the card's id, never its text: fixing
    a typo updates the nurse's card instead of making a new one and losing its history."""
    import genanki

    return genanki.guid_for(base, card_id, *also)

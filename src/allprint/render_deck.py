"""Turn a topic's flashcards into an Anki package (.apkg) with genanki.

Identity is designed, not hashed from content: a note's GUID comes from topic id +
card id, and model and deck ids from their names, so fixing a typo updates the
nurse's existing card instead of making a new one.

Anki only updates a note on import when the package's note is newer (its `mod`
time). A lock file beside the source remembers each card's content hash and the
time it last changed: an unchanged card keeps its time (same bytes every build),
a changed card gets a new, later one (Anki updates it).
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import genanki

from allprint.deck_lock import DeckLock
from allprint.model import Card, Section, Topic
from allprint.paths import TEMPLATES_DIR

CARD_TEMPLATES = TEMPLATES_DIR / "cards"


@dataclass(frozen=True)
class NoteSpec:
    """One note as Anki will see it, before ids and times are added."""

    card_id: str
    deck: str  # full name, e.g. "Pediatric ALL::Medicines"
    cloze: bool
    fields: tuple[str, ...]  # already HTML-escaped
    tags: tuple[str, ...]

    def content_hash(self) -> str:
        payload = json.dumps([self.deck, self.cloze, self.fields, self.tags], ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


# --- notes from the topic ------------------------------------------------------------------


def note_specs(topic: Topic) -> list[NoteSpec]:
    """Every note of the topic, hand-written cards first, then cards made from item facts."""
    sources = {s.id: s for s in topic.sources}

    def source_line(ids: tuple[str, ...]) -> str:
        names = [f"{sources[i].title} — {sources[i].publisher}" for i in ids]
        return "Source: " + "; ".join(names)

    specs = [_hand_written(topic, card, source_line) for card in topic.cards]
    for section in topic.sections:
        specs += _from_facts(topic, section, source_line)
    return specs


def _hand_written(topic: Topic, card: Card, source_line) -> NoteSpec:
    tags = _tags(topic, card.deck, card.tags)
    source = _esc(source_line(card.sources))
    extra = _esc(card.extra or "")
    if card.cloze is not None:
        fields = (_esc(card.cloze), extra, source)
    else:
        fields = (_esc(card.front or ""), _esc(card.back or ""), extra, source)
    return NoteSpec(card.id, f"{topic.deck}::{card.deck}", card.cloze is not None, fields, tags)


def _from_facts(topic: Topic, section: Section, source_line) -> list[NoteSpec]:
    spec = section.cards_from_facts
    if spec is None:
        return []
    notes = []
    for item in section.items:
        name = item.title.clinician or item.title.parent or item.title.child or item.id
        refs = item.sources or section.sources
        for label in spec.facts:
            if label not in item.facts:
                continue
            front = spec.question.replace("{item}", name).replace("{fact}", label)
            fields = (
                _esc(front),
                _esc(item.facts[label]),
                "",
                _esc(source_line(refs)) if refs else "",
            )
            notes.append(
                NoteSpec(
                    card_id=f"{section.id}-{item.id}-{slug(label)}",
                    deck=f"{topic.deck}::{spec.deck}",
                    cloze=False,
                    fields=fields,
                    tags=_tags(topic, spec.deck, ("generated", f"fact::{slug(label)}")),
                )
            )
    return notes


def _tags(topic: Topic, deck: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    return (f"allprint::{topic.id}", f"section::{slug(deck)}", *extra)


def _esc(text: str) -> str:
    # genanki fields are raw HTML: source text must print literally.
    return html.escape(text, quote=False).replace("\n", "<br>")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- the change lock -----------------------------------------------------------------------


def stamp_notes(
    specs: list[NoteSpec], lock: DeckLock, base_time: int, now: int
) -> tuple[list[int], DeckLock]:
    """Modification time for each note, and the lock to keep for next time."""
    times = []
    entries: dict[str, tuple[str, int]] = {}
    for spec in specs:
        digest = spec.content_hash()
        old = lock.entries.get(spec.card_id)
        if old is None:
            mod = base_time  # new to every collection: any time imports it
        elif old[0] == digest:
            mod = old[1]
        else:
            mod = max(now, old[1] + 1)  # later than any copy a nurse already has
        times.append(mod)
        entries[spec.card_id] = (digest, mod)
    return times, DeckLock(entries)


# --- writing the package -------------------------------------------------------------------


def stable_id(name: str) -> int:
    """A fixed id for a model or deck, from its name (Anki wants a positive 63-bit int)."""
    digest = hashlib.sha256(name.encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:6], "big") % (1 << 40)


def render_deck(topic: Topic, lock: DeckLock, now: int) -> tuple[bytes, DeckLock]:
    """The .apkg bytes for `topic` and the updated change lock."""
    specs = note_specs(topic)
    base_time = topic.timestamp
    times, new_lock = stamp_notes(specs, lock, base_time, now)
    models = _models()
    decks: dict[str, genanki.Deck] = {}
    parent = genanki.Deck(stable_id(topic.deck), topic.deck, description=_deck_description(topic))
    for spec, mod in zip(specs, times, strict=True):
        if spec.deck not in decks:
            decks[spec.deck] = genanki.Deck(stable_id(spec.deck), spec.deck)
        note = StampedNote(
            model=models["cloze" if spec.cloze else "basic"],
            fields=list(spec.fields),
            tags=list(spec.tags),
            guid=genanki.guid_for(topic.id, spec.card_id),
            mod=mod,
        )
        decks[spec.deck].add_note(note)
    package = genanki.Package([parent, *decks.values()])
    return _package_bytes(package, base_time), new_lock


def _deck_description(topic: Topic) -> str:
    return _esc(
        f"{topic.titles.clinician}. Version {topic.version}, updated {topic.updated}. "
        f"Published by {topic.publisher}."
    )


@cache
def _card_template(name: str) -> str:
    return (CARD_TEMPLATES / name).read_text(encoding="utf-8")


def _models() -> dict[str, genanki.Model]:
    css = _card_template("cards.css")
    basic = genanki.Model(
        stable_id("allprint basic"),
        "allprint Basic",
        fields=[{"name": n} for n in ("Front", "Back", "Extra", "Source")],
        templates=[
            {
                "name": "Card 1",
                "qfmt": _card_template("basic-front.html"),
                "afmt": _card_template("basic-back.html"),
            }
        ],
        css=css,
    )
    cloze = genanki.Model(
        stable_id("allprint cloze"),
        "allprint Cloze",
        fields=[{"name": n} for n in ("Text", "Extra", "Source")],
        templates=[
            {
                "name": "Cloze",
                "qfmt": _card_template("cloze-front.html"),
                "afmt": _card_template("cloze-back.html"),
            }
        ],
        css=css,
        model_type=genanki.Model.CLOZE,
    )
    return {"basic": basic, "cloze": cloze}


def _package_bytes(package, timestamp: int) -> bytes:
    """Write the collection and zip it with fixed entry times, so equal input gives equal bytes."""
    with tempfile.TemporaryDirectory(prefix="allprint-deck-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(timestamp * 1000))
            conn.commit()
        finally:
            conn.close()
        db = db_path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        fixed = (1980, 1, 1, 0, 0, 0)
        zf.writestr(zipfile.ZipInfo("collection.anki2", fixed), db, zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo("media", fixed), "{}", zipfile.ZIP_DEFLATED)
    return out.getvalue()


class StampedNote(genanki.Note):
    """A genanki note whose modification time is its own, not the package's."""

    def __init__(self, *args, mod: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mod = mod

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.mod, deck_id, id_gen)

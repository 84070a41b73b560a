"""Turn a topic's notes (see `cards.py`) into an Anki package (.apkg) with genanki.

Identity is designed, not hashed from content: a note's GUID comes from topic id +
card id, and model and deck ids from their names, so fixing a typo updates the
nurse's existing card instead of making a new one.

Anki only updates a note on import when the package's note is newer (its `mod`
time). A lock file beside the source remembers each card's content hash and the
time it last changed: an unchanged card keeps its time (same bytes every build),
a changed card gets a new, later one (Anki updates it). The lock also marks the cards
built into a reviewed topic's deck: only those can be in a nurse's collection.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki

from allprint.editions.cards import RETIRED_TAG, NoteSpec, deck_description, esc, note_guid
from allprint.editions.deck_lock import DeckLock, LockEntry
from allprint.memo import per_build
from allprint.paths import TEMPLATES_DIR
from allprint.source.model import Topic

CARD_TEMPLATES = TEMPLATES_DIR / "cards"
# --- the change lock -----------------------------------------------------------------------


def stamp_notes(
    specs: list[NoteSpec],
    lock: DeckLock,
    base_time: int,
    now: int,
    retired: frozenset[str] = frozenset(),
    released: bool = True,
) -> tuple[list[int], DeckLock]:
    """Modification time for each note, and the lock to keep for next time (`retired`:
    the ids among `specs` that are retired notes; `released`: the deck is a reviewed
    topic's, so its cards may now be in nurses' collections, for good)."""
    times = []
    entries: dict[str, LockEntry] = {}
    for spec in specs:
        digest = spec.content_hash()
        old = lock.entries.get(spec.card_id)
        if old is None:
            mod = base_time  # new to every collection: any time imports it
        elif old.hash == digest:
            mod = old.modified
        else:
            mod = max(now, old.modified + 1)  # later than any copy a nurse already has
        times.append(mod)
        out = released or (old is not None and old.released)
        entries[spec.card_id] = LockEntry(digest, mod, spec.cloze, spec.card_id in retired, out)
    for card_id, entry in lock.entries.items():
        # Gone: a retired card is remembered as retired; a released one still in nurses'
        # collections, until retired; one never released is forgotten (its id is free).
        if card_id not in entries and (entry.retired or entry.released):
            entries[card_id] = entry
    return times, DeckLock(entries)


# --- writing the package -------------------------------------------------------------------


def stable_id(name: str) -> int:
    """A fixed id for a model or deck, from its name (Anki wants a positive 63-bit int)."""
    digest = hashlib.sha256(name.encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:6], "big") % (1 << 40)


def render_deck(
    topic: Topic,
    notes: list[NoteSpec],
    lock: DeckLock,
    now: int,
    guid_base: str | None = None,
    description: str | None = None,
) -> tuple[bytes, DeckLock]:
    """The .apkg bytes of `notes` (see `cards.deck_notes`) and the updated change lock.

    `guid_base` (default: the topic id) names the deck's notes: a translated deck has
    its own, so that it never overwrites the English notes in a collection."""
    retired = frozenset(n.card_id for n in notes if RETIRED_TAG in n.tags)
    base_time = topic.timestamp
    released = topic.review.status == "reviewed"
    times, new_lock = stamp_notes(notes, lock, base_time, now, retired, released)
    models = _models()
    decks: dict[str, genanki.Deck] = {}
    about = esc(description if description is not None else deck_description(topic))
    parent = genanki.Deck(stable_id(topic.deck), topic.deck, description=about)
    for spec, mod in zip(notes, times, strict=True):
        if spec.deck not in decks:
            decks[spec.deck] = genanki.Deck(stable_id(spec.deck), spec.deck)
        note = StampedNote(
            model=models["cloze" if spec.cloze else "basic"],
            fields=list(spec.fields),
            tags=list(spec.tags),
            guid=note_guid(guid_base or topic.id, spec.card_id),
            mod=mod,
        )
        decks[spec.deck].add_note(note)
    package = genanki.Package([parent, *decks.values()])
    return _package_bytes(package, base_time), new_lock


@per_build
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

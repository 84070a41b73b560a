"""The deck as text, for collections and apps that do not take an .apkg.

- `decks/<id>.tsv`: Anki's own text format (header lines `#separator:tab`, `#html:true`,
  and which column holds the GUID, note type, deck and tags), one row per note, using
  Anki's stock `Basic` and `Cloze` note types so that it imports into any collection.
  Its GUIDs differ from the .apkg's (which uses allprint's own note types): Anki never
  changes a note's type, so the two are separate notes; use one or the other.
- `decks/<id>.csv`: plain two columns, front and back, no header and no HTML, for
  Quizlet, Brainscape or RemNote. A cloze gives one row per blank, as Anki gives one
  card per blank: the sentence with that blank as the front, the whole sentence as back.
"""

from __future__ import annotations

import csv
import io

from allprint.editions.cards import (
    RETIRED_TAG,
    NoteSpec,
    cloze_blank,
    cloze_filled,
    cloze_numbers,
    esc,
    note_guid,
)


def deck_tsv(topic_id: str, notes: list[NoteSpec]) -> str:
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n")
    out.write("#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for note in notes:
        guid = note_guid(topic_id, note.card_id, "text export")
        if note.cloze:
            kind, first = "Cloze", esc(note.text[0])
        else:
            kind, first = "Basic", esc(note.question)
        writer.writerow([guid, kind, note.deck, first, _back(note), " ".join(note.tags)])
    return out.getvalue()


def _back(note: NoteSpec) -> str:
    """The stock types' second field (Back, or Back Extra): the rest of the note."""
    parts = [] if note.cloze else [esc(note.answer)]
    if note.extra:
        parts.append(esc(note.extra))
    if note.source:
        parts.append(f"<small>{esc(note.source)}</small>")
    return "<br><br>".join(parts)


def deck_csv(notes: list[NoteSpec]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for front, back in plain_cards(notes):
        writer.writerow([front, back])
    return out.getvalue()


def plain_cards(notes: list[NoteSpec]) -> list[tuple[str, str]]:
    """(front, back) as plain text, one per card a nurse would study."""
    rows = []
    for note in notes:
        if RETIRED_TAG in note.tags:
            continue  # nothing to delete in an app that never had it
        extra = f" {note.extra}" if note.extra else ""
        if not note.cloze:
            rows.append((note.question, note.answer + extra))
            continue
        text = note.text[0]
        for number in cloze_numbers(text):
            rows.append((cloze_blank(text, number), cloze_filled(text) + extra))
    return rows

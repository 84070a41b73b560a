"""Printable flashcards for sites without phones: sheets of cut-out cards.

Fronts are on odd pages and backs on even pages. Printed double-sided and flipped on
the long edge, the back of a sheet is its front mirrored left to right, so the back of
the card in row r, column c is printed in row r, column (COLUMNS - 1 - c), and the
page margins are equal left and right. Text keeps 5 mm inside each cut line: printers
shift the back by 1-3 mm. A cloze gives one card per blank, as Anki does.
"""

from __future__ import annotations

from dataclasses import dataclass

from allprint.editions.cards import (
    RETIRED_TAG,
    NoteSpec,
    cloze_blank,
    cloze_numbers,
    cloze_segments,
)
from allprint.editions.words import UI, Words, english
from allprint.render.layout import BOTH_SHEETS_MM
from allprint.source.model import Topic

COLUMNS, ROWS = 2, 4
PER_SHEET = COLUMNS * ROWS
MARGIN_MM = 10  # outside the grid of cards, the same on every side


@dataclass(frozen=True)
class PrintedCard:
    number: str  # short id printed on both sides, e.g. "017" or "042-2"
    sub_deck: str
    front: str
    back: tuple[tuple[str, bool], ...]  # (piece, printed bold: the answer of a blank)
    extra: str
    source: str
    long: bool  # a long side is set smaller, so that it stays inside its card


def printed_cards(notes: list[NoteSpec]) -> list[PrintedCard]:
    """Every card a nurse would study, numbered in deck order (retired notes left out)."""
    cards = []
    studied = [n for n in notes if RETIRED_TAG not in n.tags]
    for index, note in enumerate(studied, start=1):
        number = f"{index:03d}"
        if not note.cloze:
            cards.append(_card(number, note, note.question, ((note.answer, False),)))
            continue
        text = note.text[0]
        blanks = cloze_numbers(text)
        for place, blank in enumerate(blanks, start=1):  # c2, c3 (c1 shown): -1, -2
            suffix = f"-{place}" if len(blanks) > 1 else ""
            back = tuple(cloze_segments(text, blank))
            cards.append(_card(number + suffix, note, cloze_blank(text, blank), back))
    return cards


def _card(number: str, note: NoteSpec, front: str, back: tuple) -> PrintedCard:
    back_length = sum(len(piece) for piece, _ in back)
    long = max(len(front), back_length + len(note.extra)) > 220
    return PrintedCard(number, note.sub_deck, front, back, note.extra, note.source, long)


def sheet_geometry() -> tuple[float, float, float, float]:
    """(page width, page height, card width, card height) in mm. One grid for both papers:
    the page fits an A4 and a Letter sheet alike (A4's width, Letter's height), and each
    copy centres it on its paper, so that the two are one layout."""
    width, height = BOTH_SHEETS_MM
    return (
        width,
        height,
        (width - 2 * MARGIN_MM) / COLUMNS,
        (height - 2 * MARGIN_MM) / ROWS,
    )


Grid = list[list[PrintedCard | None]]  # rows of cards, left to right as printed


def sheets(cards: list[PrintedCard]) -> list[tuple[Grid, Grid]]:
    """Per sheet: the fronts and the backs, row by row as printed (each back behind its
    front: the same row, the columns mirrored)."""
    out = []
    for start in range(0, len(cards), PER_SHEET):
        batch = cards[start : start + PER_SHEET]
        batch += [None] * (PER_SHEET - len(batch))
        fronts = [batch[r * COLUMNS : (r + 1) * COLUMNS] for r in range(ROWS)]
        out.append((fronts, [row[::-1] for row in fronts]))
    return out


def render_cards_html(
    topic: Topic,
    notes: list[NoteSpec],
    marks: list[str],
    words: Words = english,
) -> str:
    from allprint.editions.dates import format_date
    from allprint.render.html import environment

    width, height, card_w, card_h = sheet_geometry()
    cards = printed_cards(notes)
    template = environment().get_template("cards/print.html")
    return template.render(
        topic=topic,
        sheets=sheets(cards),
        count=len(cards),
        page={"width": width, "height": height, "margin": MARGIN_MM},
        card={"width": card_w, "height": card_h},
        marks=marks,
        _=lambda text: words(UI, text),
        updated=format_date(topic.updated, words),  # in the cards' language and form
    )

"""The deck beyond Anki packages: Anki's text format, plain CSV, and printable cards."""

from __future__ import annotations

import csv
import sqlite3
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection, ImportCsvRequest
from conftest import pdf_pages_text, word_boxes

from allprint.render.print_cards import COLUMNS, MARGIN_MM, PER_SHEET, ROWS, sheet_geometry

MM = 72 / 25.4  # points per millimetre
A4 = (210 * MM, 297 * MM)
LETTER = (612.0, 792.0)


def grid(paper: tuple[float, float] = A4) -> tuple[float, float, float, float]:
    """(left, top, card width, card height) in points of the cards' grid on `paper`: one
    grid for both papers, centred on each."""
    width, height, card_w, card_h = (v * MM for v in sheet_geometry())
    left = (paper[0] - width) / 2 + MARGIN_MM * MM
    top = (paper[1] - height) / 2 + MARGIN_MM * MM
    return left, top, card_w, card_h


def apkg_notes(apkg: Path, tmp_path: Path) -> int:
    with zipfile.ZipFile(apkg) as zf:
        zf.extract("collection.anki2", tmp_path)
    return sqlite3.connect(tmp_path / "collection.anki2").execute("select count() from notes")


@pytest.fixture
def collection(tmp_path):
    col = Collection(str(tmp_path / "c.anki2"))
    yield col
    col.close()


def import_tsv(col: Collection, path: Path):
    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def test_the_text_deck_imports_into_a_fresh_collection_with_stock_note_types(
    built_topic, collection, tmp_path
):
    tsv = built_topic / "decks" / "pediatric-all.tsv"
    assert tsv.read_text(encoding="utf-8").startswith("#separator:tab\n#html:true\n")
    (notes,) = apkg_notes(built_topic / "decks" / "pediatric-all.apkg", tmp_path).fetchone()
    log = import_tsv(collection, tsv)
    assert len(log.new) == collection.note_count() == notes
    kinds = {nt["name"] for nt in collection.models.all()}
    assert "allprint Basic" not in kinds  # Anki's own Basic and Cloze were used
    assert collection.find_notes('"note:Cloze"') and collection.find_notes('"note:Basic"')
    assert "Pediatric ALL::Medicines" in {d.name for d in collection.decks.all_names_and_ids()}
    assert collection.find_notes("tag:allprint::pediatric-all")
    # Imported again (a newer copy, say), it updates rather than duplicates.
    again = import_tsv(collection, tsv)
    assert len(again.new) == 0 and collection.note_count() == notes


def test_the_csv_is_plain_front_and_back(built_topic):
    text = (built_topic / "decks" / "pediatric-all.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert len(rows) >= 150 and all(len(row) == 2 and all(row) for row in rows)
    assert not text.startswith("#")
    assert "<" not in text.replace("<=", "") and "{{c" not in text  # no HTML, no cloze code
    cloze = [r for r in rows if r[0].startswith("ALL is the [...] cancer")]
    assert cloze == [
        ["ALL is the [...] cancer in children.", "ALL is the most common cancer in children."]
    ]


# --- printable cards ------------------------------------------------------------------------


def _ids(path: Path, page: int) -> dict[str, tuple[float, float, float, float]]:
    """Each card's short id on a page, with its box."""
    return {w: (x0, y0, x1, y1) for w, x0, y0, x1, y1 in word_boxes(path, page) if _is_id(w)}


def _is_id(word: str) -> bool:
    head = word.split("-")[0]
    return len(head) == 3 and head.isdigit()


def _cell(x: float, y: float, paper: tuple[float, float] = A4) -> tuple[int, int]:
    left, top, card_w, card_h = grid(paper)
    return int((y - top) // card_h), int((x - left) // card_w)


def _left(col: int) -> float:
    left, _, card_w, _ = grid()
    return left + col * card_w


def test_each_back_lands_behind_its_front_when_flipped_on_the_long_edge(built_topic):
    pdf = built_topic / "decks" / "pediatric-all-cards.pdf"
    pages = pdf_pages_text(pdf)
    assert len(pages) % 2 == 0 and len(pages) >= 2 * 150 // PER_SHEET
    assert "flip on the long edge" in pages[0]
    for sheet in (1, len(pages) // 2):
        fronts, backs = _ids(pdf, 2 * sheet - 1), _ids(pdf, 2 * sheet)
        assert fronts.keys() == backs.keys() and fronts
        for card_id, (x0, y0, *_) in fronts.items():
            bx0, by0, *_ = backs[card_id]
            row, col = _cell(x0, y0)
            back_row, back_col = _cell(bx0, by0)
            # Mirrored left to right, same row: the card's back is behind its front,
            # at the same place inside its card.
            assert (back_row, back_col) == (row, COLUMNS - 1 - col), card_id
            assert abs(by0 - y0) < 1
            assert abs((bx0 - _left(back_col)) - (x0 - _left(col))) < 1


def test_card_text_keeps_4_mm_inside_its_cut_lines(built_topic):
    pdf = built_topic / "decks" / "pediatric-all-cards.pdf"
    grid_left, grid_top, card_w, card_h = grid()
    for page in (1, 2, 9, 10):
        for word, x0, y0, x1, y1 in word_boxes(pdf, page):
            if y0 < grid_top or y1 > grid_top + ROWS * card_h:
                continue  # the notes above and below the cards
            row, col = _cell(x0, y0)
            left = grid_left + col * card_w
            top = grid_top + row * card_h
            assert x0 - left >= 4 * MM and left + card_w - x1 >= 4 * MM, (page, word)
            assert y0 - top >= 4 * MM and top + card_h - y1 >= 4 * MM, (page, word)


def test_a_cloze_shows_the_blank_in_front_and_the_answer_behind(built_topic):
    pages = pdf_pages_text(built_topic / "decks" / "pediatric-all-cards.pdf")
    front, back = " ".join(pages[0].split()), " ".join(pages[1].split())
    assert "ALL is the [...] cancer in children." in front
    assert "ALL is the most common cancer in children." in back
    assert "most common" not in front

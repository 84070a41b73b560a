"""Decks imported into a fresh collection with the official `anki` package, as a nurse would."""

from __future__ import annotations

import shutil

import pytest
from anki.collection import Collection
from anki.scheduler.v3 import CardAnswer
from conftest import DATA, import_deck, run_build_py

SUBDECKS = ["Medicines", "Symptoms", "Diagnosis", "Urgent signs", "Supportive care"]


@pytest.fixture
def collection(tmp_path):
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def test_bundled_deck_imports_with_subdecks_and_tags(built_topic, collection):
    log = import_deck(collection, built_topic / "decks" / "pediatric-all.apkg")
    assert len(log.new) >= 120
    assert collection.note_count() == len(log.new)
    assert collection.card_count() >= collection.note_count()
    names = {d.name for d in collection.decks.all_names_and_ids()}
    for sub in SUBDECKS:
        assert f"Pediatric ALL::{sub}" in names
    assert collection.find_notes("tag:allprint::pediatric-all")
    assert collection.find_notes("tag:section::medicines")
    assert all(" " not in tag for tag in collection.tags.all())
    kinds = {nt["name"] for nt in collection.models.all()}
    assert {"allprint Basic", "allprint Cloze"} <= kinds
    assert collection.find_notes('"note:allprint Cloze"')


def test_card_back_shows_its_source_and_has_no_script(built_topic, collection):
    import_deck(collection, built_topic / "decks" / "pediatric-all.apkg")
    for note_id in collection.find_notes("")[:40]:
        card = collection.get_note(note_id).cards()[0]
        answer = card.answer()
        assert "Source: " in answer or "Sources: " in answer
        assert "<script" not in answer.lower() and "<script" not in card.question().lower()


def study_once(col: Collection, note_id: int):
    card = col.get_note(note_id).cards()[0]
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
    return col.get_card(card.id)


def test_edited_card_updates_the_note_and_keeps_review_history(built_topic, tmp_path, collection):
    # The shared build's project copied, its cache with it: the edit rebuilds the decks.
    work = shutil.copytree(built_topic.parent, tmp_path / "work")
    source, out = work / "content" / "pediatric-all.yaml", work / "out"
    first = import_deck(collection, out / "decks" / "pediatric-all.apkg")
    notes = collection.note_count()

    # A nurse studies the card once.
    note_id = collection.find_notes('"front:A child on ALL treatment develops fever*"')[0]
    studied = study_once(collection, note_id)
    assert studied.reps == 1

    # The author fixes the card's answer; everything else stays as it was.
    old = "back: Contact the oncology team right away, especially if"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(
        text.replace(old, "back: Call the oncology team at once, especially if"), "utf-8"
    )
    rebuilt = run_build_py(str(source), "--out", str(out))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "notes: 1 changed" in rebuilt.stdout
    second = import_deck(collection, out / "decks" / "pediatric-all.apkg")

    assert len(first.new) == notes
    assert len(second.new) == 0
    assert len(second.updated) == 1
    assert collection.note_count() == notes
    assert collection.get_note(note_id)["Back"].startswith("Call the oncology team at once")
    after = collection.get_card(studied.id)
    assert (after.reps, after.ivl, after.due) == (studied.reps, studied.ivl, studied.due)
    assert collection.db.scalar("select count() from revlog where cid = ?", studied.id) == 1


def test_lock_file_is_kept_beside_the_source(tmp_path):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    source = tmp_path / "tiny-topic.yaml"
    assert run_build_py(str(source), "--out", str(tmp_path / "out")).returncode == 0
    lock = tmp_path / "tiny-topic.deck-lock.json"
    assert lock.exists()
    before = lock.read_bytes()
    assert run_build_py(str(source), "--out", str(tmp_path / "out")).returncode == 0
    assert lock.read_bytes() == before

"""Note identity and change times: what makes Anki update a card instead of duplicating it."""

from __future__ import annotations

import pytest
from conftest import DATA

from allprint.editions.cards import note_specs
from allprint.editions.deck_lock import LockEntry
from allprint.render.deck import DeckLock, render_deck, stable_id, stamp_notes
from allprint.source.loader import load_topic


@pytest.fixture(scope="module")
def topic():
    return load_topic(DATA / "tiny-topic.yaml")


def test_cards_from_facts_get_stable_ids(topic):
    ids = [spec.card_id for spec in note_specs(topic)]
    assert "medicines-vincristine-mechanism" in ids
    assert "medicines-methotrexate-key-toxicities" in ids
    assert len(ids) == len(set(ids)) == 8


def test_new_cards_get_the_topic_date_and_changed_cards_a_later_time(topic):
    specs = note_specs(topic)
    times, lock = stamp_notes(specs, DeckLock({}), base_time=1000, now=5000)
    assert set(times) == {1000}
    same, same_lock = stamp_notes(specs, lock, base_time=1000, now=9000)
    assert same == times and same_lock == lock

    edited = DeckLock(dict(lock.entries))
    first = specs[0].card_id
    edited.entries[first] = LockEntry("old-hash", 7000)
    changed, _ = stamp_notes(specs, edited, base_time=1000, now=5000)
    assert changed[0] == 7001  # later than the copy nurses have, even if the clock is behind
    assert changed[1:] == times[1:]


PINNED_ID = 318416557616


def test_ids_come_from_names():
    # Pinned: a changed id would split every nurse's deck in two.
    assert stable_id("Pediatric ALL::Medicines") == PINNED_ID
    assert stable_id("a") != stable_id("b")
    assert 0 < stable_id("x") < 2**63


def test_lock_round_trips(tmp_path, topic):
    _, lock = render_deck(topic, note_specs(topic), DeckLock({}), now=2_000_000_000)
    path = tmp_path / "lock.json"
    path.write_text(lock.to_text())
    assert DeckLock.read(path) == lock
    assert DeckLock.read(tmp_path / "none.json") == DeckLock({})

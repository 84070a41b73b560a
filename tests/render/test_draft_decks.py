"""A draft's cards are free to change: no nurse has them. From the first reviewed build on,
edits update notes in place and removed cards are retired. Built with `allprint build` in a
project of its own, each deck imported with the official `anki` package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from anki.collection import Collection
from conftest import DATA, import_deck, run_cli

REVIEWED = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
DRAFT = REVIEWED.replace("  status: reviewed\n", "  status: draft\n", 1)
LIST_CARD = """  - id: infection-signs
    deck: Urgent signs
    front: What are the signs of an infection?
    back: Fever, chills, cough and redness.
    sources: [article]
"""
LIST_CLOZE = """  - id: infection-signs
    deck: Urgent signs
    cloze: "Signs of an infection: {{c1::fever}}, {{c2::chills}}, {{c3::cough}} and \\
      {{c4::redness}}."
    sources: [article]
"""
FEVER_BASIC = "    front: What temperature makes a fever urgent?\n    back: 38 °C or higher.\n"
FEVER_CLOZE = "    cloze: A fever is urgent from {{c1::38 °C}}.\n"
FEVER_CARD = f"""  - id: fever-threshold
    deck: Urgent signs
{FEVER_CLOZE}    tags: [urgent]
    sources: [article]
"""
MARROW_CARD = """  - id: marrow-cloze
    deck: Basics
    cloze: Blood cells are made in the {{c1::bone marrow}}.
    sources: [nci]
"""
FOUR_TOXICITIES = (
    "Key toxicities: Neuropathy, constipation.",
    "Key toxicities: Neuropathy, constipation, jaw pain and hair loss.",
)
MECHANISM = (
    "Blocks folate pathways needed to make DNA.",
    "Blocks folate use, so that cells cannot make DNA.",
)


def edit(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def build(project: Path, text: str) -> str:
    (project / "content" / "tiny-topic.yaml").write_text(text, encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def lock_cards(project: Path) -> dict:
    lock = project / "content" / "tiny-topic.deck-lock.json"
    return json.loads(lock.read_text(encoding="utf-8"))["cards"]


def notes_of(col: Collection) -> dict[int, tuple[str, str, tuple[str, ...]]]:
    """Each note's id: its GUID, its kind and its fields."""
    out = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        out[note_id] = (note.guid, note.note_type()["name"], tuple(note.fields))
    return out


@pytest.fixture(scope="module")
def life(tmp_path_factory) -> dict:
    """One topic's life: built as a draft; its cards edited (a list answer, a Basic card
    and a fact that now lists four things turned into clozes, a card removed and, as the
    old advice said, listed as retired) and built again; reviewed and built; then edited
    once more. Its reviewed decks are imported, in turn, into one nurse's collection."""
    project = tmp_path_factory.mktemp("drafts")
    (project / "content").mkdir()
    seen: dict = {"project": project}
    draft = DRAFT + LIST_CARD
    seen["draft"] = build(project, draft)
    seen["draft lock"] = lock_cards(project)

    edited = edit(draft, (LIST_CARD, LIST_CLOZE), (MARROW_CARD, ""), (FEVER_BASIC, FEVER_CLOZE))
    edited = edit(edited, FOUR_TOXICITIES) + "retired_cards: [marrow-cloze]\n"
    seen["edited"] = build(project, edited)
    seen["edited lock"] = lock_cards(project)

    reviewed = edit(edited, ("  status: draft\n", "  status: reviewed\n"))
    seen["reviewed"] = build(project, reviewed)
    seen["reviewed lock"] = lock_cards(project)

    # After review, a card that changes kind is refused again, as it always was.
    source = project / "content" / "tiny-topic.yaml"
    source.write_text(edit(reviewed, (LIST_CLOZE, LIST_CARD)), encoding="utf-8")
    seen["rekinded"] = run_cli("check", str(source), cwd=project)

    col = Collection(str(project / "nurse.anki2"))
    try:
        apkg = project / "decks" / "tiny-topic.apkg"
        seen["first import"] = import_deck(col, apkg)
        seen["first notes"] = notes_of(col)
        seen["first retired"] = col.find_notes("tag:allprint::retired")
        seen["first decks"] = {d.name for d in col.decks.all_names_and_ids()}

        retire = ("retired_cards: [marrow-cloze]", "retired_cards: [fever-threshold]")
        later = edit(reviewed, MECHANISM, (FEVER_CARD, ""), retire)
        seen["later"] = build(project, later)
        seen["later lock"] = lock_cards(project)
        seen["second import"] = import_deck(col, apkg)
        seen["second notes"] = notes_of(col)
        seen["second retired"] = col.find_notes("tag:allprint::retired")
    finally:
        col.close()
    return seen


def test_a_draft_build_marks_its_cards_as_not_released(life):
    assert life["draft lock"] and all(e["released"] is False for e in life["draft lock"].values())


def test_draft_edits_drop_unreleased_cards_without_a_word(life):
    said = life["edited"]
    for what in ("never changes an existing note's kind", "is gone from the source", "is now"):
        assert what not in said, said  # re-kinded, removed, renamed: as for a released card
    # The old advice followed in a draft: named, and no retire note made.
    assert "retired card 'marrow-cloze' was never in a reviewed topic's deck" in said
    cards = life["edited lock"]
    assert "marrow-cloze" not in cards  # forgotten: its id is free again
    assert "medicines-vincristine-key-toxicities" not in cards
    assert cards["medicines-vincristine-key-toxicities-cloze"]["cloze"] is True
    assert cards["fever-threshold"]["cloze"] is True  # same id, now a cloze
    assert cards["infection-signs"]["cloze"] is True


def test_the_first_reviewed_deck_holds_no_retired_note(life):
    log = life["first import"]
    assert not life["first retired"]
    assert not any(name.endswith("::Retired") for name in life["first decks"])
    assert len(log.new) == len(life["first notes"]) == len(life["reviewed lock"])
    kinds = {fields[0][:40]: kind for _, kind, fields in life["first notes"].values()}
    assert kinds["A fever is urgent from {{c1::38 °C}}."] == "allprint Cloze"
    assert all("released" not in e for e in life["reviewed lock"].values())  # all released
    # Still listed as retired: named again, and still no note.
    assert "retired card 'marrow-cloze' was never in a reviewed topic's deck" in life["reviewed"]


def test_after_review_a_card_that_changes_kind_is_refused(life):
    result = life["rekinded"]
    assert result.returncode != 0
    assert "card 'infection-signs' was a Cloze card and is now a Basic card" in result.stderr


def test_later_edits_update_notes_in_place_and_retire_removed_cards(life):
    log = life["second import"]
    first, second = life["first notes"], life["second notes"]
    assert not log.new and set(second) == set(first)  # same notes, same ids
    assert {n: v[0] for n, v in second.items()} == {n: v[0] for n, v in first.items()}
    changed = [n for n in first if first[n][2] != second[n][2]]
    assert len(log.updated) == len(changed) == 2  # the edited fact card, the retired card
    (retired,) = life["second retired"]
    assert second[retired][1] == "allprint Cloze" and "Retired" in second[retired][2][0]
    assert any("Blocks folate use" in second[n][2][1] for n in changed)
    assert life["later lock"]["fever-threshold"]["retired"] is True
    assert "1 changed, 1 retired" in life["later"]

"""What the deck holds, card by card: one fact per card, ids that never collide, a lint
for cards that teach badly, and a change report that names what nurses would lose."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT, line_of, pdf_text, run_cli, table_cells, word_boxes, write_tiny

from allprint.editions.cards import cloze_answers, listed_parts, note_specs
from allprint.editions.deck_lock import DeckLock, LockEntry
from allprint.pipeline.prepare import prepare
from allprint.source.loader import load_topic
from allprint.source.model import Topic

GOOD = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
FEVER_CARD = """  - id: fever-threshold
    deck: Urgent signs
    front: What temperature makes a fever urgent?
    back: 38 °C or higher.
    tags: [urgent]
    sources: [article]
"""
TODAY = __import__("datetime").date(2026, 11, 26)


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


AGE_PARTS = ["Age", "white cell count", "genetics", "MRD"]


@pytest.mark.parametrize(
    ("answer", "things"),
    [
        ("Boys.", ["Boys"]),
        (
            "Age, white cell count, genetics and MRD.",
            ["Age", "white cell count", "genetics", "MRD"],
        ),
        ("Neuropathy (tingling, foot drop), constipation, hair loss, low counts", 4),
        ("Breaks down asparagine; normal cells make their own and survive", 1),
        ("It spreads quickly, so treatment starts within days of the diagnosis", 1),
        ("Close monitoring; mood, weight, blood sugar, bone health", 4),
        ("Listening, honest answers, and familiar routines and play", 3),
        # A series of four or more closed by ", and": longer phrases are still things.
        (
            "Give every medicine exactly as prescribed, attend every appointment, tell the "
            "team early about side effects, follow infection-control rules, and support "
            "good eating and rest.",
            5,
        ),
        ("Leukemia cells build up in the marrow, press on the bone, and cause pain", 1),
    ],
)
def test_an_answer_lists_things_only_when_written_as_a_list(answer, things):
    parts = [answer[a:b] for a, b in listed_parts(answer)]
    if isinstance(things, int):
        assert len(parts) == things, parts
    else:
        assert parts == things


def test_a_fact_listing_more_than_three_things_becomes_a_cloze_per_thing(tmp_path):
    text = edit("Key toxicities: Neuropathy, constipation.", "Key toxicities: A, B, C and D.")
    specs = {s.card_id: s for s in note_specs(load_topic(write_tiny(tmp_path, text)))}
    assert "medicines-vincristine-key-toxicities" not in specs
    cloze = specs["medicines-vincristine-key-toxicities-cloze"]
    assert cloze.cloze and cloze_answers(cloze.text[0]) == ["A", "B", "C", "D"]
    assert cloze.text[0].startswith("Vincristine: Key toxicities: ")
    short = specs["medicines-methotrexate-key-toxicities"]  # two things: a plain question
    assert not short.cloze and short.answer == "Mucositis, liver irritation."


SHARED = (
    (
        "Key toxicities: Neuropathy, constipation.",
        "Key toxicities: Neuropathy, constipation, hair loss, low blood counts.",
    ),
    (
        "Key toxicities: Mucositis, liver irritation.",
        "Key toxicities: Low blood counts (severe), mucositis, liver irritation, kidney injury.",
    ),
)


def test_a_thing_that_other_fact_clozes_list_too_is_shown_not_asked(tmp_path):
    from anki.collection import Collection
    from conftest import import_deck

    text = GOOD
    for old, new in SHARED:
        text = edit(old, new, text)
    source = write_tiny(tmp_path, text)
    result = run_cli("build", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "card '" not in result.stdout + result.stderr  # the lint finds no repeat
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        import_deck(col, tmp_path / "out" / "decks" / "tiny-topic.apkg")
        asked = {}
        for card_id in col.find_cards('"note:allprint Cloze" Neuropathy'):
            card = col.get_card(card_id)
            asked[card.ord + 1] = re.sub(r"<[^>]+>", "", card.question())
        # One card per particular thing, each keeping the number of its place.
        assert sorted(asked) == [1, 2, 3]
        assert all("low blood counts." in q for q in asked.values())
        assert all(q.count("[...]") == 1 for q in asked.values())
        methotrexate = col.find_cards('"note:allprint Cloze" mucositis')
        assert sorted(col.get_card(c).ord + 1 for c in methotrexate) == [2, 3, 4]
    finally:
        col.close()
    # Printed, the cards of a note are numbered 1, 2... whatever blanks it has.
    printed = pdf_text(tmp_path / "out" / "decks" / "tiny-topic-cards.pdf")
    assert re.search(r"\b\d{3}-1\b", printed) and not re.search(r"\b\d{3}-4\b", printed)


def test_a_fact_whose_every_thing_is_shared_keeps_its_blanks_and_the_lint_names_them(
    tmp_path,
):
    text = edit("Key toxicities: Neuropathy, constipation.", "Key toxicities: A, B, C and D.")
    text = edit("Key toxicities: Mucositis, liver irritation.", "Key toxicities: A, B, C, D.", text)
    specs = {s.card_id: s for s in note_specs(load_topic(write_tiny(tmp_path, text)))}
    assert cloze_answers(specs["medicines-vincristine-key-toxicities-cloze"].text[0]) == list(
        "ABCD"
    )
    result = run_cli("check", str(write_tiny(tmp_path, text)))
    assert (result.stdout + result.stderr).count("one answer on many cards") == 4


def test_placeholders_inside_names_print_as_written(tmp_path):
    text = edit("        title: Vincristine\n", "        title: Vincristine {fact} {item}\n")
    text = edit(
        "      facts: [Mechanism, Key toxicities, Monitoring]\n",
        "      facts: [Mechanism, Key toxicities, Monitoring]\n      questions:\n"
        "        Mechanism: How does {item} work?\n",
        text,
    )
    specs = {s.card_id: s for s in note_specs(load_topic(write_tiny(tmp_path, text)))}
    assert specs["medicines-vincristine-mechanism"].question == (
        "How does Vincristine {fact} {item} work?"
    )
    assert specs["medicines-vincristine-monitoring"].question == (
        "Vincristine {fact} {item}: Monitoring?"
    )


def test_skipped_facts_make_no_card_but_still_print(tmp_path):
    text = edit(
        "      facts: [Mechanism, Key toxicities, Monitoring]\n",
        "      facts: [Mechanism, Key toxicities, Monitoring]\n      skip:\n"
        "        vincristine: [Monitoring]\n",
    )
    source = write_tiny(tmp_path, text)
    ids = {s.card_id for s in note_specs(load_topic(source))}
    assert "medicines-vincristine-monitoring" not in ids
    assert "medicines-methotrexate-monitoring" in ids
    # Still printed: the clinician's table has it in vincristine's row, Monitoring column.
    result = run_cli("build", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    words = word_boxes(tmp_path / "out" / "pamphlets" / "tiny-topic-clinician.pdf")
    columns = ["Name", "Class", "Mechanism", "Key toxicities", "Monitoring"]
    cells = table_cells(words, columns, ["Vincristine", "Methotrexate", "Questions"])
    assert cells["Vincristine", "Monitoring"] == "Bowel habit, neuropathy checks."


HAND_WRITTEN = """  - id: medicines-vincristine-mechanism
    deck: Medicines
    front: How does vincristine work?
    back: It blocks microtubules.
    sources: [article]
"""
SECTION_SPLIT = """  - id: medicines-vincristine
    heading:
      clinician: More about vincristine
    items:
      - id: key
        title: Key
        facts:
          Toxicities: Constipation.
        sources: [article]
    cards_from_facts:
      deck: Medicines
      facts: [Toxicities]

  - id: you-can-help
"""


@pytest.mark.parametrize("shape", ["hand-written", "label-case", "section-item-split"])
def test_two_cards_with_one_id_are_refused_at_their_line(tmp_path, shape):
    if shape == "hand-written":
        text = edit("cards:\n", "cards:\n" + HAND_WRITTEN)
        marker = "Mechanism: Blocks microtubules"
    elif shape == "label-case":
        text = edit(
            "          Mechanism: Blocks microtubules so cells cannot divide.\n",
            "          Mechanism: Blocks microtubules so cells cannot divide.\n"
            "          mechanism: Stops cell division.\n",
        )
        text = edit("facts: [Mechanism, Key", "facts: [Mechanism, mechanism, Key", text)
        marker = "mechanism: Stops cell division."
    else:
        text = edit("  - id: you-can-help\n", SECTION_SPLIT)
        marker = "Toxicities: Constipation."
    source = write_tiny(tmp_path, text)
    result = run_cli("check", str(source))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert f"tiny-topic.yaml:{line_of(text, marker)}:" in errors[0]
    assert "one note in Anki" in errors[0]
    assert "Traceback" not in result.stderr


LINTED = """  - id: empty-answer
    deck: Basics
    front: What is the normal platelet count?
    back: N/A
    sources: [article]
  - id: list-answer
    deck: Basics
    front: Name the signs.
    back: Fever, chills, rash, cough and pain.
    sources: [article]
  - id: near-copy
    deck: Medicines
    front: How does vincristine stop leukemia cells?
    back: It blocks microtubules, so cells cannot divide!
    sources: [article]
  - id: long-source
    deck: Basics
    front: Where are blood cells made?
    back: In the bone marrow.
    sources: [article, nci, long]
"""
LONG_SOURCE = """  - id: long
    title: A very long title of a report that goes on and on about many things in detail,
      from the first signs to the last follow-up visit, with every table and chart in it
    publisher: The Publisher of Reports With a Particularly Long and Formal Name
"""


def test_lint_names_each_card_that_teaches_badly_at_its_line(tmp_path):
    text = edit("cards:\n", "cards:\n" + LINTED)
    text = edit("sources:\n", "sources:\n" + LONG_SOURCE, text)
    source = write_tiny(tmp_path, text)
    result = run_cli("check", str(source))
    said = result.stdout + result.stderr
    assert result.returncode == 0, said  # warnings
    lint = [line for line in said.splitlines() if "card '" in line]
    expect = {
        "empty-answer": ("back: N/A", "says nothing"),
        "list-answer": ("Fever, chills", "lists 5 things"),
        "medicines-vincristine-mechanism": (
            "Mechanism: Blocks microtubules",
            "nearly the same answer as 'near-copy'",
        ),
        "long-source": ("back: In the bone marrow.", "Source line is"),
    }
    for card, (marker, words) in expect.items():
        found = [line for line in lint if f"card {card!r}" in line]
        assert len(found) == 1, (card, lint)
        assert f"tiny-topic.yaml:{line_of(text, marker)}:" in found[0] and words in found[0]
    assert len(lint) == 4, lint
    assert run_cli("check", str(source), "--strict").returncode == 1


def test_the_bundled_deck_passes_the_lint_with_enough_cards():
    prepared = prepare(ROOT / "content" / "pediatric-all.yaml", TODAY)
    deck = [f for f in prepared.fit.findings if f.code.startswith("deck-")]
    assert deck == []
    live = [n for n in prepared.notes if "allprint::retired" not in n.tags]
    assert len(live) >= 150
    assert len({n.card_id for n in prepared.notes}) == len(prepared.notes)
    assert all(len(n.source) <= 160 and n.source for n in live)
    for note in live:
        if not note.cloze:
            assert len(listed_parts(note.answer)) <= 3, note.card_id


def test_the_bundled_deck_has_one_guid_per_note_and_says_where_facts_come_from(
    built_topic, tmp_path
):
    with zipfile.ZipFile(built_topic / "decks" / "pediatric-all.apkg") as zf:
        zf.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    guids = [row[0] for row in db.execute("select guid from notes")]
    assert len(guids) == len(set(guids)) >= 150
    fields = [row[0].split("\x1f") for row in db.execute("select flds from notes")]
    assert all(f[-1].startswith(("Source: ", "Sources: ")) or f[-1] == "" for f in fields)
    assert not any("[" in f[-1] and "]" in f[-1] for f in fields)  # no reference numbers
    templates = db.execute("select models from col").fetchone()[0]
    assert "{{FrontSide}}" in templates


# --- changes since the lock ---------------------------------------------------------------


def _changes(tmp_path: Path, text: str, lock: DeckLock):
    source = write_tiny(tmp_path, text)
    lock_path = tmp_path / "tiny-topic.deck-lock.json"
    lock_path.write_text(lock.to_text(), encoding="utf-8")
    return prepare(source, TODAY)


def _lock_of(tmp_path: Path, text: str) -> DeckLock:
    from allprint.render.deck import render_deck

    topic: Topic = load_topic(write_tiny(tmp_path, text))
    return render_deck(topic, note_specs(topic), DeckLock({}), now=2_000_000_000)[1]


def _codes(prepared) -> list[str]:
    return [f.code for f in prepared.fit.findings if f.code.startswith("deck-")]


def test_change_report_counts_added_changed_and_flags_renamed_and_removed(tmp_path):
    lock = _lock_of(tmp_path, GOOD)
    changed = edit("back: 38 °C or higher.", "back: 38.0 °C or higher.")
    prepared = _changes(tmp_path, changed, lock)
    assert prepared.changes.summary() == "1 changed" and _codes(prepared) == []

    renamed = edit("  - id: fever-threshold\n", "  - id: fever-limit\n")
    prepared = _changes(tmp_path, renamed, lock)
    assert prepared.changes.renamed == [("fever-threshold", "fever-limit")]
    said = [f for f in prepared.fit.findings if f.code == "deck-renamed"]
    assert (
        said
        and "review history" in said[0].message
        and said[0].line == line_of(renamed, "back: 38 °C")
    )
    assert prepared.fit.blocking(strict=True)

    removed = edit(
        FEVER_CARD,
        "",
    )
    prepared = _changes(tmp_path, removed, lock)
    assert prepared.changes.removed == ["fever-threshold"]
    assert _codes(prepared) == ["deck-removed"]
    assert "retired_cards" in prepared.fit.findings[-1].message or any(
        "retired_cards" in f.message for f in prepared.fit.findings
    )


def test_a_retired_card_ships_once_more_to_be_deleted_then_is_remembered(tmp_path):
    from allprint.render.deck import render_deck

    lock = _lock_of(tmp_path, GOOD)
    removed = GOOD.replace(
        FEVER_CARD,
        "",
    )
    retired = removed + "retired_cards: [fever-threshold]\n"
    prepared = _changes(tmp_path, retired, lock)
    assert prepared.changes.retired == ["fever-threshold"] and _codes(prepared) == []
    note = prepared.notes[-1]
    assert note.card_id == "fever-threshold" and "allprint::retired" in note.tags
    assert "delete" in note.question.lower()
    _, after = render_deck(prepared.topic, prepared.notes, lock, now=2_100_000_000)
    assert after.entries["fever-threshold"].retired
    assert after.entries["fever-threshold"].modified > lock.entries["fever-threshold"].modified

    # Once that deck is out, the id can leave `retired_cards`: no warning, no note.
    prepared = _changes(tmp_path, removed, after)
    assert _codes(prepared) == [] and all(n.card_id != "fever-threshold" for n in prepared.notes)


def test_a_card_removed_without_retiring_is_remembered_until_it_is_retired(tmp_path):
    from allprint.render.deck import render_deck

    lock = _lock_of(tmp_path, GOOD)
    removed = GOOD.replace(FEVER_CARD, "")
    prepared = _changes(tmp_path, removed, lock)
    _, after = render_deck(prepared.topic, prepared.notes, lock, now=2_100_000_000)
    assert after.entries["fever-threshold"] == lock.entries["fever-threshold"]
    # Built once without it, it is still in nurses' collections: still said, still retirable.
    assert _codes(_changes(tmp_path, removed, after)) == ["deck-removed"]
    prepared = _changes(tmp_path, removed + "retired_cards: [fever-threshold]\n", after)
    assert _codes(prepared) == [] and "allprint::retired" in prepared.notes[-1].tags


def test_a_retired_card_reaches_anki_tagged_and_filed_apart(tmp_path):
    from anki.collection import Collection
    from conftest import import_deck

    from allprint.render.deck import render_deck

    lock = _lock_of(tmp_path, GOOD)
    retired = edit("  - id: fever-threshold\n", "  - id: fever-at-38\n") + (
        "retired_cards: [fever-threshold]\n"
    )
    prepared = _changes(tmp_path, retired, lock)
    data, _ = render_deck(prepared.topic, prepared.notes, lock, now=2_100_000_000)
    apkg = tmp_path / "deck.apkg"
    apkg.write_bytes(data)
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        import_deck(col, apkg)
        retired_cards = col.find_cards("tag:allprint::retired")
        assert len(retired_cards) == 1
        card = col.get_card(retired_cards[0])
        assert col.decks.name(card.did) == "Tiny Topic::Retired"
        assert "delete" in card.question().lower()
    finally:
        col.close()


def test_a_card_that_changes_kind_is_an_error(tmp_path):
    lock = _lock_of(tmp_path, GOOD)
    text = edit(
        "    front: What temperature makes a fever urgent?\n    back: 38 °C or higher.\n",
        "    cloze: A fever is urgent from {{c1::38 °C}}.\n",
    )
    prepared = _changes(tmp_path, text, lock)
    said = [f for f in prepared.fit.findings if f.code == "deck-kind-changed"]
    assert said and said[0].severity == "error" and "new id" in said[0].message


def test_a_build_reports_deck_changes_and_asks_to_commit_a_new_lock(tmp_path):
    source = write_tiny(tmp_path, GOOD)
    first = run_cli("build", str(source), "--out", str(tmp_path / "out"))
    assert first.returncode == 0, first.stderr
    assert "created tiny-topic.deck-lock.json beside the source: commit it" in first.stdout
    write_tiny(tmp_path, edit("back: 38 °C or higher.", "back: 38.0 °C or higher."))
    second = run_cli("build", str(source), "--out", str(tmp_path / "out"))
    line = next(x for x in second.stdout.splitlines() if "tiny-topic.apkg" in x)
    assert "1 changed" in line and "created" not in line


# --- repairing a lock after a merge conflict ---------------------------------------------


def _lock_text(cards: dict[str, tuple[str, int]]) -> str:
    return DeckLock({k: LockEntry(h, m, False) for k, (h, m) in cards.items()}).to_text()


def test_lock_repair_keeps_every_card_with_the_newer_time(tmp_path):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=False, capture_output=True)

    lock = tmp_path / "t.deck-lock.json"
    git("init", "-q", "-b", "main")
    git("config", "user.email", "nurse@example.org")
    git("config", "user.name", "Nurse")
    lock.write_text(_lock_text({"a": ("1", 10), "b": ("2", 50)}))
    git("add", ".")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    lock.write_text(_lock_text({"a": ("9", 30), "b": ("2", 50), "c": ("3", 5)}))
    git("commit", "-qam", "theirs")
    git("checkout", "-q", "main")
    lock.write_text(_lock_text({"a": ("5", 20), "b": ("2", 50)}))
    git("commit", "-qam", "ours")
    git("merge", "other")
    assert "<<<<<<<" in lock.read_text()

    result = run_cli("lock", "--repair", str(lock))
    assert result.returncode == 0, result.stderr
    assert "3 cards kept" in result.stdout
    repaired = DeckLock.read(lock)
    assert {k: (v.hash, v.modified) for k, v in repaired.entries.items()} == {
        "a": ("9", 30),
        "b": ("2", 50),
        "c": ("3", 5),
    }
    again = run_cli("lock", "--repair", str(lock))
    assert again.returncode == 0 and "no merge conflict" in again.stdout

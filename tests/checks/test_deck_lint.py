"""The deck lint through `allprint check`: answers repeated across notes, and answers that
belong to another question, each named at its line with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, line_of, run_cli, write_tiny

GOOD = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def lint(tmp_path: Path, text: str) -> list[str]:
    """The deck lint's lines from `check` (warnings: the check passes)."""
    result = run_cli("check", str(write_tiny(tmp_path, text)))
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    return [line for line in said.splitlines() if "card '" in line]


def card(card_id: str, body: str, deck: str = "Basics") -> str:
    return f"  - id: {card_id}\n    deck: {deck}\n{body}    sources: [article]\n"


REPEATED = (
    card("nodes", "    cloze: Lymph nodes swell {{c1::without pain}} in the neck.\n")
    + card("testes", "    cloze: In boys the testes swell {{c1::Without pain.}}\n")
    + card("spleen", "    front: How does a big spleen feel?\n    back: (Often) without pain\n")
    + card(
        "shared-extra",
        "    front: Where are blood cells made?\n    back: In the bone marrow.\n"
        "    extra: Ask the team before any new medicine.\n",
    )
    + card(
        "shared-extra-too",
        "    front: Which cells carry oxygen?\n    back: Red cells.\n"
        "    extra: Ask the team before any new medicine.\n",
    )
)


def test_an_answer_on_several_notes_is_named_once_with_every_card_and_its_line(tmp_path):
    text = edit("cards:\n", "cards:\n" + REPEATED)
    found = lint(tmp_path, text)
    assert len(found) == 2, found
    answer = next(line for line in found if "'without pain'" in line)
    # At the first card's line, naming the others with theirs.
    assert f"tiny-topic.yaml:{line_of(text, 'Lymph nodes swell')}:" in answer
    assert f"'testes' (line {line_of(text, 'testes swell')})" in answer
    assert f"'spleen' (line {line_of(text, '(Often) without')})" in answer
    assert "guessed, not recalled" in answer and "particular to it" in answer
    extra = next(line for line in found if "extra text" in line)
    assert f"tiny-topic.yaml:{line_of(text, 'extra: Ask the team')}:" in extra
    assert "card 'shared-extra' has the extra text 'Ask the team" in extra
    assert "as does 'shared-extra-too' (line" in extra


def test_one_answer_twice_on_one_note_and_different_answers_are_not_named(tmp_path):
    text = edit(
        "cards:\n",
        "cards:\n"
        + card("twice", "    cloze: '{{c1::Red}} cells and {{c2::red}} spots.'\n")
        + card("t-cell", "    front: Which type often has a chest mass?\n    back: T-cell.\n")
        + card("b-cell", "    front: Which type is most common?\n    back: B-cell.\n"),
    )
    assert lint(tmp_path, text) == []


ANOTHER_QUESTION = [
    # A fact card: its question is "Vincristine: Mechanism?" (or Monitoring).
    (
        "          Mechanism: Blocks microtubules so cells cannot divide.\n",
        "          Mechanism: Prevents or treats infection while counts are low.\n",
        "medicines-vincristine-mechanism",
        "asks how it works, but 'Prevents or treats infection while counts are low.' says "
        "what it is for",
    ),
    (
        "          Monitoring: Bowel habit, neuropathy checks.\n",
        "          Monitoring: Dose carefully limited; neuropathy checks.\n",
        "medicines-vincristine-monitoring",
        "asks what to monitor, but the answer leads with 'Dose carefully limited'",
    ),
    (
        "          Monitoring: Liver and kidney tests.\n",
        "          Monitoring: As for vincristine.\n",
        "medicines-methotrexate-monitoring",
        "points elsewhere ('As for' ...) instead of answering",
    ),
    (
        "          Mechanism: Blocks folate pathways needed to make DNA.\n",
        "          Mechanism: Like vincristine, but stronger.\n",
        "medicines-methotrexate-mechanism",
        "points elsewhere ('Like' ...)",
    ),
    (
        "    back: 38 °C or higher.\n",
        "    back: 38 °C or higher (see the fever rule).\n",
        "fever-threshold",
        "points elsewhere ('see' ...)",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "card_id", "words"),
    ANOTHER_QUESTION,
    ids=["purpose-for-mechanism", "monitoring-leads-with-dose", "as-for", "like", "see"],
)
def test_an_answer_that_belongs_to_another_question_is_named_at_its_line(
    tmp_path, old, new, card_id, words
):
    text = edit(old, new)
    found = lint(tmp_path, text)
    assert len(found) == 1, found
    assert f"tiny-topic.yaml:{line_of(text, new.strip())}:" in found[0]
    assert f"card {card_id!r}" in found[0] and words in found[0]
    generated = card_id.startswith("medicines-")
    assert ("`skip:` it under the section's `cards_from_facts`" in found[0]) == generated
    assert found[0].endswith(")")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # How it acts, opening with what it is for.
        (
            "Mechanism: Blocks microtubules so cells cannot divide.",
            "Mechanism: Prevents cell division by blocking microtubules.",
        ),
        # A comparison inside an answer that answers.
        (
            "Mechanism: Blocks folate pathways needed to make DNA.",
            "Mechanism: Blocks folate pathways, like pemetrexed, but more strongly.",
        ),
        # What to monitor first, a precaution after it.
        ("Monitoring: Liver and kidney tests.", "Monitoring: Kidney tests; good hydration."),
        # "for" on a question that is not about how it works.
        ("back: 38 °C or higher.", "back: For 38 °C or higher."),
        # "see" and "like" that do not point elsewhere.
        ("back: 38 °C or higher.", "back: See a doctor at 38 °C or higher."),
        (
            "Key toxicities: Neuropathy, constipation.",
            "Key toxicities: Neuropathy (like tingling), constipation.",
        ),
    ],
    ids=[
        "purpose-by-mechanism",
        "comparison",
        "precaution-after",
        "not-mechanism-question",
        "see-a-doctor",
        "examples-in-brackets",
    ],
)
def test_an_answer_that_fits_its_question_is_not_named(tmp_path, old, new):
    assert lint(tmp_path, edit(old, new)) == []

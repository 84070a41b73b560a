"""The output plan: one naming scheme for every output, and no path written twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from allprint.errors import UserError
from allprint.pipeline.plan import PlannedOutput, plan_topic, refuse_duplicates
from allprint.render.layout import PrintOptions, every_variant


@pytest.mark.parametrize(
    ("output", "path"),
    [
        (PlannedOutput("x", "handout", "child"), "pamphlets/x-child.pdf"),
        (
            PlannedOutput("x", "handout", "parent", print=PrintOptions("letter", large_print=True)),
            "pamphlets/x-parent-letter-large.pdf",
        ),
        (
            PlannedOutput("x", "handout", "parent", print=PrintOptions(booklet=True)),
            "pamphlets/x-parent-booklet.pdf",
        ),
        (
            PlannedOutput("x", "handout", "clinician", print=PrintOptions(pdf_variant="pdf/a-3b")),
            "pamphlets/x-clinician-pdfa.pdf",
        ),
        (
            PlannedOutput("x", "handout", "parent", print=PrintOptions(pdf_variant="pdf/ua-1")),
            "pamphlets/x-parent-pdfua.pdf",
        ),
        (
            PlannedOutput(
                "x", "handout", "parent", "essentials", "es", PrintOptions("letter", True)
            ),
            "pamphlets/x-parent-essentials-es-letter-booklet.pdf",
        ),
        (PlannedOutput("x", "handout", "parent", "tools"), "pamphlets/x-parent-tools.pdf"),
        (PlannedOutput("x", "deck"), "decks/x.apkg"),
        (PlannedOutput("x", "deck", language="es"), "decks/x-es.apkg"),
        (PlannedOutput("x", "phone", "child"), "phone/x-child.html"),
    ],
)
def test_names_follow_one_scheme(output, path):
    assert output.path == path


def test_a_topic_plans_each_tier_per_variant_and_one_deck():
    paths = [o.path for o in plan_topic("x", every_variant(), phone_pages=True)]
    assert len(paths) == len(set(paths))
    # 2 papers x (3 guides + 3 sheets + tools, 3 booklets, 2 large guides + 2 large sheets),
    # the deck as .apkg, .tsv and .csv, printable cards per paper, 3 phone pages
    assert len(paths) == 2 * 14 + 3 + 2 + 3
    assert {"decks/x.apkg", "decks/x.tsv", "decks/x.csv"} <= set(paths)
    assert {"decks/x-cards.pdf", "decks/x-cards-letter.pdf"} <= set(paths)
    assert "pamphlets/x-child-letter-large.pdf" in paths
    assert "pamphlets/x-clinician-large.pdf" not in paths  # large print is for families


def test_one_path_from_two_topics_is_refused():
    # Topic x in Spanish and a topic whose id is x-es: both decks are decks/x-es.apkg.
    spanish = [
        PlannedOutput("x", "handout", "child", language="es"),
        PlannedOutput("x", "deck", language="es"),
    ]
    other = [*plan_topic("x-es", [PrintOptions()])]
    with pytest.raises(UserError) as caught:
        refuse_duplicates([(Path("x.yaml"), spanish), (Path("x-es.yaml"), other)])
    assert str(caught.value) == (
        "x-es.yaml: would write decks/x-es.apkg, which x.yaml writes too "
        "(change one topic's id so that their file names differ)"
    )


def test_different_paths_pass():
    refuse_duplicates(
        [(Path("a.yaml"), plan_topic("a", [PrintOptions()])), (Path("b.yaml"), plan_topic("b", []))]
    )

"""The safety steps a clinic must give reach the reader they belong to, in print.

Each phrase is read back from the PDF of the bundled topic, as a reader would see it: a
step lost to a template, a tier filter or a one-sheet selection fails here. English and
Spanish are read as text; the Arabic sheet's steps are found by their numbers in
tests/translation/test_bundled_catalogues.py (its text does not extract in reading order)."""

from __future__ import annotations

import polib
import pytest
from conftest import ROOT, pdf_text

ENGLISH = {
    "child": [
        "Tell a grown-up right away",
        "Never in your bottom",
        "Only take medicine your care team says is OK",
        "Tell a grown-up if you throw up after your medicine",
        "Tell a grown-up if someone near you has chickenpox or measles",
        "Wash your hands with soap",
        "Your tummy hurts a lot",
        "Your arm or leg is puffy and sore",
    ],
    "parent": [
        "Acute lymphoblastic leukemia (ALL) is a blood cancer",
        "Take the temperature by mouth or under the arm",
        "Never take it in the bottom (rectal temperature)",
        "Do not give paracetamol (acetaminophen)",
        "No ibuprofen or aspirin unless the team says so",
        "once a week, never every day",
        "If your child throws up a dose",
        "For at least 48 hours after chemotherapy",
        "call the team the same day",
        "Your child must not have live vaccines",
        "including a flu vaccine every year",
        "How to wash hands",
        "Dial the emergency number",
        "Bad belly pain",
        "A swollen, painful, red or warm arm or leg",
        "such as yellow skin or eyes",
    ],
    "parent-essentials": [
        "Acute lymphoblastic leukemia (ALL) is a blood cancer",
        "Dial the emergency number",
        "Take the temperature by mouth or under the arm",
        "Do not give fever medicine first",
        "Call the team right away, day or night",
        "No ibuprofen or aspirin unless the team says so",
        "once a week, never every day",
        "such as yellow skin or eyes",
    ],
    "clinician": [
        "from every lumen of the central venous catheter",
        "give empiric antibiotics immediately",
        "Time to antibiotics under 60 minutes",
        "No rectal temperatures",
        "Vincristine is for intravenous use only",
        "screen for G6PD deficiency",
        "penetrates the central nervous system better",
        "Oral methotrexate is once weekly",
        "Avoid NSAIDs and aspirin",
        "No live vaccines during chemotherapy",
        "asparaginase-associated pancreatitis",
    ],
    "clinician-essentials": [
        "empiric antibiotics at once",
        "Vincristine is for intravenous use only",
        "screen for G6PD deficiency",
        "penetrates the central nervous system better",
    ],
}


def _said(phrase: str, text: str) -> bool:
    # Line breaks and hyphenation are the layout's, not the reader's: compare words only.
    return " ".join(phrase.split()).casefold() in text.casefold()


@pytest.mark.parametrize("document", sorted(ENGLISH))
def test_each_safety_step_prints_for_its_reader(built_topic, document):
    pdf = built_topic / "pamphlets" / f"pediatric-all-{document}.pdf"
    text = pdf_text(pdf)
    missing = [phrase for phrase in ENGLISH[document] if not _said(phrase, text)]
    assert not missing, f"{pdf.name} lacks: {missing}"


def test_the_child_is_not_told_the_parents_steps(built_topic):
    """Tiers stay apart: the parent's drug names do not reach the child's book."""
    text = pdf_text(built_topic / "pamphlets" / "pediatric-all-child.pdf")
    for phrase in ("paracetamol", "ibuprofen", "methotrexate by mouth"):
        assert not _said(phrase, text)


# The same steps in Spanish, found by their catalogue entries: each translation's first
# words must be on its page (the catalogue is the text a Spanish reader gets).
SPANISH = {
    "child-es": [
        "sections/fever-at-home/items/fever-tell/title/child",
        "sections/fever-at-home/items/fever-measure/text/child",
        "sections/medicine-safety-at-home/items/safe-no-nsaids/title/child",
        "sections/medicine-safety-at-home/items/safe-vomited-dose/title/child",
        "sections/medicine-safety-at-home/items/safe-exposures/title/child",
        "sections/medicine-safety-at-home/items/safe-hand-washing/title/child",
        "urgent/groups/emergency/items/7/child",
        "urgent/groups/emergency/items/8/child",
    ],
    "parent-essentials-es": [
        "key_points/items/0/parent",
        "urgent/intro/parent",
        "sections/fever-at-home/items/fever-measure/title/parent",
        "sections/fever-at-home/items/fever-no-medicine/title/parent",
        "sections/fever-at-home/items/fever-call/title/parent",
        "sections/medicine-safety-at-home/items/safe-no-nsaids/title/parent",
        "sections/medicine-safety-at-home/items/safe-methotrexate-weekly/title/parent",
        "sections/medicine-safety-at-home/items/safe-exposures/title/parent",
        "urgent/groups/emergency/items/7/parent",
        "urgent/groups/today/items/0/parent",
    ],
}


@pytest.mark.parametrize("document", sorted(SPANISH))
def test_each_safety_step_prints_in_spanish(built_topic, document):
    po = polib.pofile(str(ROOT / "translations" / "pediatric-all" / "es.po"))
    translated = {e.msgctxt: e.msgstr for e in po if not e.obsolete and e.msgstr}
    text = pdf_text(built_topic / "pamphlets" / f"pediatric-all-{document}.pdf")
    missing = []
    for context in SPANISH[document]:
        start = " ".join(translated[context].split()[:5])
        if not _said(start, text):
            missing.append((context, start))
    assert not missing

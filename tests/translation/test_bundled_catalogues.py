"""The bundled Spanish and Arabic catalogues as their readers meet them: one word for each
medical term, and the Arabic one-sheet laid out as the mirror of the English one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, Word, word_boxes

from allprint.translation.catalogue import Catalogue, term_findings, terms_path

CATALOGUES = ROOT / "translations" / "pediatric-all"


@pytest.mark.parametrize("language", ["es", "ar"])
def test_the_bundled_catalogues_keep_one_translation_per_medical_word(language):
    # es.terms: catéter (never vía), reservorio for a port; ar.terms: اللوكيميا only.
    catalogue = CATALOGUES / f"{language}.po"
    assert terms_path(catalogue).is_file()
    assert term_findings(Catalogue.read(catalogue)) == []


def _step_gaps(path: Path, page: int, rtl: bool) -> list[float]:
    """For each numbered step on `page` (the fever steps): how far its lines start from
    the centre of its number, measured into the line (rightwards, or leftwards in Arabic)."""
    words = word_boxes(path, page)
    edge = max(w[3] for w in words) if rtl else min(w[1] for w in words)
    gaps = []
    for n in "1234":
        number = next(w for w in words if w[0] == n and abs(w[3 if rtl else 1] - edge) < 10)
        centre = (number[1] + number[3]) / 2
        # Its title and first line of text, beside it: the nearest of them marks where the
        # lines start (an Arabic word's box can leave out its first letter's dots).
        near = [w for w in words if number[2] - 5 < w[2] < number[2] + 25 and w is not number]
        gaps.append(_nearest(near, centre, rtl))
    return gaps


def _nearest(words: list[Word], centre: float, rtl: bool) -> float:
    if rtl:
        return centre - max(w[3] for w in words if w[3] < centre - 4)
    return min(w[1] for w in words if w[1] > centre + 4) - centre


def test_the_arabic_steps_keep_their_text_clear_of_number_and_picture(built_topic):
    pamphlets = built_topic / "pamphlets"
    english = _step_gaps(pamphlets / "pediatric-all-parent-essentials.pdf", 2, rtl=False)
    arabic = _step_gaps(pamphlets / "pediatric-all-parent-essentials-ar.pdf", 2, rtl=True)
    assert english[2] > 2 * english[1]  # the third step has an icon, the second none
    assert arabic == pytest.approx(english, abs=2)


def test_the_arabic_sheet_prints_the_licence_in_its_own_order(built_topic):
    words = word_boxes(built_topic / "pamphlets" / "pediatric-all-parent-essentials-ar.pdf", 2)
    found = [w for w in words if w[0] in ("CC", "BY", "4.0")]
    assert [w[0] for w in sorted(found, key=lambda w: w[1])] == ["CC", "BY", "4.0"]
    assert max(w[2] for w in found) - min(w[2] for w in found) < 2  # on one line

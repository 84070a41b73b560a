"""The bundled Spanish and Arabic catalogues as their readers meet them: one word for each
medical term."""

from __future__ import annotations

import pytest
from conftest import ROOT

from allprint.translation.catalogue import term_findings, terms_path

CATALOGUES = ROOT / "translations" / "pediatric-all"


@pytest.mark.parametrize("language", ["es", "ar"])
def test_the_bundled_catalogues_keep_one_translation_per_medical_word(language):
    # es.terms: catéter (never vía), reservorio for a port; ar.terms: اللوكيميا only.
    catalogue = CATALOGUES / f"{language}.po"
    assert terms_path(catalogue).is_file()
    assert term_findings(catalogue) == []

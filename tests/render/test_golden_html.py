"""Golden HTML per handout of the tiny topic: a template change shows up here cheaply.

After a deliberate change: `pytest tests/test_golden_html.py --update-golden`, then
read the diff of tests/golden/ by eye before committing it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import DATA

from allprint.pipeline.prepare import prepare
from allprint.render.html import render_html
from allprint.render.layout import PrintOptions

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = [
    (tier, document)
    for tier in ("child", "parent", "clinician")
    for document in ("guide", "essentials")
] + [("parent", "tools")]


@pytest.fixture(scope="module")
def prepared():
    return prepare(DATA / "tiny-topic.yaml", dt.date(2026, 6, 1))


@pytest.mark.parametrize(("tier", "document"), CASES)
def test_html_matches_the_golden_file(prepared, tier, document, request):
    html = render_html(
        prepared.views[tier],
        PrintOptions(),
        document=document,
        sheet=prepared.sheets[tier],
    )
    golden = GOLDEN / f"tiny-topic-{tier}-{document}.html"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert golden.exists(), "no golden file yet: run pytest --update-golden"
    assert html == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs: if the change is meant, run pytest --update-golden and "
        "review the diff"
    )

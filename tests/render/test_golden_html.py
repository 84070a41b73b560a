"""Golden HTML per handout of the tiny topic: a template change shows up here cheaply. And
the bundled topic's handouts set closer, made from their HTML, as rendered.

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


def test_a_handout_set_closer_is_the_html_rendered_closer():
    # The copies set closer are made from a handout's HTML by adding the level's class;
    # rendered again, every handout that has them gives the same HTML: in English, Spanish
    # and Arabic (right to left), with a site, in each paper and print variant.
    from allprint.pipeline.outputs import handout_html
    from allprint.pipeline.plan import plan_topic
    from allprint.project.config import Site
    from allprint.render.closer import CLOSER_LINES, set_closer
    from allprint.render.layout import every_variant

    root = Path(__file__).resolve().parents[2]
    site = Site(name="Clinic", phone="0100 555 0000", emergency_number="112", fever="38 °C")
    prepared = prepare(root / "content" / "pediatric-all.yaml", dt.date(2026, 6, 1), site)
    outputs = plan_topic("pediatric-all", every_variant(), deck=False, languages=["es", "ar"])
    checked = set()
    for output in outputs:
        if output.kind != "handout" or output.document == "tools" or output.print.booklet:
            continue
        if not prepared.edition_of(output.language).makes("handout", output.tier, output.document):
            continue
        html = handout_html(prepared, output, site)
        for level in CLOSER_LINES:
            assert set_closer(html, level) == handout_html(prepared, output, site, closer=level)
        checked.add((output.language, output.print.large_print, output.print.paper))
    assert len(checked) == 12  # 3 languages x standard and large print x 2 papers

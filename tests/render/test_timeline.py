"""Timelines drawn from a topic's data, read back from the PDFs: each phase's name under
its part of the bar, in the order and at the share the data gives; the drawing's alt text
in a tagged PDF; the bar right to left in Arabic; the bundled topic's treatment phases."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from conftest import DATA, figure_alts, pdf_pages_text, run_build_py, run_cli, word_boxes
from pypdf import PdfReader

from allprint.editions.timeline import timeline_view
from allprint.editions.words import english
from allprint.render.timeline import timeline_svg
from allprint.source.timeline import Timeline

MM = 72 / 25.4
TINY = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
TINY_TIMELINE = re.search(r"    timeline:\n(?:      .*\n)+", TINY).group(0)

OTHER_TIMELINE = """    timeline:
      total:
        parent: Nine weeks in all
      phases:
        - id: wait
          name:
            parent: Waiting
          length:
            parent: Two weeks
        - id: blocks
          name:
            parent: Blocks
          width: 2
        - id: rest
          name:
            parent: Resting
          length:
            parent: Three weeks
"""


def flat(text: str) -> str:
    return " ".join(text.split())


def page_with(pdf: Path, words: str) -> int:
    """The number (1-based) of the first page of `pdf` that prints `words`."""
    pages = [flat(t) for t in pdf_pages_text(pdf)]
    return next(n for n, text in enumerate(pages, start=1) if words in text)


def centre(words, word: str) -> tuple[float, float]:
    """(x, y) of the middle of the first `word` on a page (see word_boxes)."""
    x0, y0, x1, _ = next(box for w, *box in words if w == word)
    return (x0 + x1) / 2, y0


def build(folder: Path, source_text: str, *options: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "tiny-topic.yaml"
    source.write_text(source_text, encoding="utf-8")
    result = run_build_py(str(source), "--out", str(folder / "out"), *options)
    assert result.returncode == 0, result.stderr
    return folder / "out" / "pamphlets"


def test_a_topic_with_other_phases_draws_those_at_their_shares(tmp_path):
    pamphlets = build(tmp_path, TINY.replace(TINY_TIMELINE, OTHER_TIMELINE))
    pdf = pamphlets / "tiny-topic-parent.pdf"
    number = page_with(pdf, "Nine weeks in all")
    words = word_boxes(pdf, number)
    text = " ".join(w for w, *_ in words)
    assert "First phase" not in text and "Second phase" not in text
    # The names under the bar, left to right on one line, each under the middle of its
    # part: widths 1, 2, 1 are a quarter, a half and a quarter of the text's width.
    width = float(PdfReader(pdf).pages[number - 1].mediabox.width)
    left, right = 16 * MM, width - 16 * MM  # the parent guide's margins (base.css)
    names = [centre(words, name) for name in ("Waiting", "Blocks", "Resting")]
    assert len({round(y) for _, y in names}) == 1
    for (x, _), share in zip(names, (0.125, 0.5, 0.875), strict=True):
        assert abs(x - (left + share * (right - left))) < 0.04 * (right - left), (x, share)
    # Each part's number is drawn in the bar, above its name; each length under its name.
    for digit, (x, y) in zip("123", names, strict=True):
        drawn = [c for w, *c in words if w == digit and c[1] < y]
        assert any(abs((x0 + x1) / 2 - x) < 3 * MM for x0, _, x1, _ in drawn), digit
    for length, (x, y) in (("Two", names[0]), ("Three", names[2])):
        below_x, below_y = centre(words, length)
        assert below_y > y and abs(below_x - x) < 15 * MM


def test_the_alt_text_is_made_from_the_data_and_each_reader_sees_only_their_names(tmp_path):
    pamphlets = build(tmp_path, TINY, "--pdf-variant", "pdf/ua-1")
    parent = figure_alts(pamphlets / "tiny-topic-parent-pdfua.pdf")
    clinician = figure_alts(pamphlets / "tiny-topic-clinician-pdfua.pdf")
    child = figure_alts(pamphlets / "tiny-topic-child-pdfua.pdf")
    expected = "Timeline: About a year in all. 1. First phase: About a month. 2. Second phase."
    assert expected in parent
    assert "Timeline: 1. Induction. 2. Maintenance." in clinician  # no total for clinicians
    assert not any(alt.startswith("Timeline") for alt in child)  # no names for the child
    clinician_text = flat(" ".join(pdf_pages_text(pamphlets / "tiny-topic-clinician-pdfua.pdf")))
    assert "Induction" in clinician_text and "First phase" not in clinician_text


def arabic_catalogue(project: Path) -> None:
    """A complete Arabic catalogue of the tiny topic, for its parent guide; the phases'
    names in Latin letters (`P-first`...), to be found on the page."""
    assert run_cli("translate", "extract", cwd=project).returncode == 0
    folder = project / "translations" / "tiny-topic"
    template = polib.pofile(str(folder / "tiny-topic.pot"))
    po = polib.POFile()
    po.metadata = {**template.metadata, "Language": "ar", "X-Allprint-Outputs": "parent"}
    for e in template:
        phase = re.fullmatch(r".*/timeline/phases/(\w+)/name/parent", e.msgctxt)
        placeholders = " ".join(re.findall(r"\{\w+\}", e.msgid))
        text = f"P-{phase.group(1)}" if phase else f"نص عربي {placeholders}".strip()
        if "{{c1::" in e.msgid:
            text = "نص {{c1::عربي}}"
        po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=text))
    po.save(str(folder / "ar.po"))


def test_right_to_left_the_first_phase_is_on_the_right(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tiny-topic.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "allprint.toml").write_text("")
    arabic_catalogue(tmp_path)
    result = run_cli("build", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "pamphlets" / "tiny-topic-parent-ar.pdf"
    words = word_boxes(pdf, page_with(pdf, "P-first"))
    (first, y), (second, _) = centre(words, "P-first"), centre(words, "P-second")
    assert first > second  # phase 1 on the right, under its part
    digits = {w: (x0 + x1) / 2 for w, x0, y0, x1, _ in words if w in "12" and y0 < y}
    assert digits["1"] > digits["2"]
    assert abs(digits["1"] - first) < 3 * MM and abs(digits["2"] - second) < 3 * MM


@pytest.mark.parametrize(
    ("tier", "words"),
    [
        ("parent", ["About 2 to 3 years in all", "Induction (the first phase)", "Consolidation"]),
        ("clinician", ["Typically 2–3 years in total", "Induction", "Consolidation"]),
    ],
)
def test_the_bundled_guides_draw_the_treatment_phases(built_topic, tier, words):
    pdf = built_topic / "pamphlets" / f"pediatric-all-{tier}.pdf"
    page = page_with(pdf, words[0])
    assert all(w in flat(pdf_pages_text(pdf)[page - 1]) for w in words)
    boxes = word_boxes(pdf, page)
    order = [centre(boxes, name)[0] for name in ("Induction", "Consolidation", "Maintenance")]
    assert order == sorted(order)
    maintenance = centre(boxes, "Maintenance")
    longest = [c for w, *c in boxes if w == "longest" and c[1] > maintenance[1]]
    assert longest and abs((longest[0][0] + longest[0][2]) / 2 - maintenance[0]) < 25 * MM


def test_the_child_guide_has_no_timeline_of_the_bundled_phases(built_topic):
    text = flat(" ".join(pdf_pages_text(built_topic / "pamphlets" / "pediatric-all-child.pdf")))
    assert "About 2 to 3 years in all" not in text and "Induction (the first phase)" not in text


def test_the_drawing_is_mirrored_right_to_left():
    phases = [{"id": "a", "name": "P0"}, {"id": "b", "name": "P1", "width": 3}]
    view = timeline_view(Timeline.model_validate({"phases": phases}), _parent, english)
    ltr, rtl = str(timeline_svg(view, "t")), str(timeline_svg(view, "t", rtl=True))

    def circles(svg: str) -> list[float]:
        return [float(x) for x in re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="17"', svg)]

    assert circles(ltr)[0] < circles(ltr)[1] and circles(rtl)[0] > circles(rtl)[1]
    assert [round(x) for x in circles(rtl)] == [round(1000 - x) for x in circles(ltr)]
    assert "<title>Timeline: 1. P0. 2. P1.</title>" in ltr


def _parent(value):
    return value.get("parent") if value is not None else None


def phone_page(folder: Path, tier: str = "parent") -> Path:
    """The tiny topic's phone page for `tier`, as a bundle carries it."""
    import datetime as dt

    from allprint.pipeline.prepare import prepare
    from allprint.render.html import render_phone_html

    prepared = prepare(DATA / "tiny-topic.yaml", dt.date(2026, 1, 1))
    views, _ = prepared.edition_of(None).views_for(tier, "guide")
    page = folder / f"{tier}.html"
    page.write_text(render_phone_html(views[tier]), encoding="utf-8")
    return page


def test_a_phone_lists_the_phases_numbered_under_the_bar(tmp_path):
    from conftest import phone_view

    with phone_view(phone_page(tmp_path).as_uri()) as (view, _):
        assert view.evaluate("document.documentElement.scrollWidth") <= 360
        bar = view.locator(".timeline-bar").bounding_box()
        assert bar["width"] > 250 and bar["height"] > 15
        phases = view.locator(".timeline-phases li").all_inner_texts()
        assert [" ".join(p.split()) for p in phases] == [
            "1 First phase About a month",
            "2 Second phase",
        ]
        tops = [view.locator(".timeline-phases li").nth(i).bounding_box()["y"] for i in (0, 1)]
        assert tops[0] < tops[1]  # a list, one phase under the other

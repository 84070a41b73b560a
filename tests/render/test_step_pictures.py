"""Step pictures read back from the PDFs: each drawing tagged with its alt text, its number
and words where families read them, small and numbered beside the item on a one-sheet
(right to left in Arabic), never for clinicians."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DATA, figure_alts, pdf_pages_text, run_build_py, word_boxes

from allprint.source.pictures import STEP_PICTURES

MM = 72 / 25.4
HAND_WASHING = STEP_PICTURES["hand-washing"]
TEMPERATURE = STEP_PICTURES["temperature-under-arm"]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny topic (its `wash-hands` item shows `hand-washing`) built as tagged PDFs."""
    work = tmp_path_factory.mktemp("steps")
    shutil.copy(DATA / "tiny-topic.yaml", work)
    out = work / "out"
    source = str(work / "tiny-topic.yaml")
    result = run_build_py(source, "--out", str(out), "--pdf-variant", "pdf/ua-1")
    assert result.returncode == 0, result.stderr
    return out / "pamphlets"


@pytest.mark.parametrize("name", ["child", "parent", "child-essentials", "parent-essentials"])
def test_each_drawing_is_tagged_with_its_alt_text_in_order(tagged, name):
    alts = figure_alts(tagged / f"tiny-topic-{name}-pdfua.pdf")
    steps = [alt for alt in alts if alt in {s.alt for s in HAND_WASHING}]
    assert steps == [s.alt for s in HAND_WASHING]


def test_clinicians_get_no_step_pictures(tagged):
    for name in ("clinician", "clinician-essentials"):
        alts = figure_alts(tagged / f"tiny-topic-{name}-pdfua.pdf")
        assert not {s.alt for s in HAND_WASHING} & set(alts), name


def test_the_guide_prints_each_steps_number_and_words_under_its_drawing(tagged):
    text = flat(" ".join(pdf_pages_text(tagged / "tiny-topic-parent-pdfua.pdf")))
    for number, step in enumerate(HAND_WASHING, start=1):
        assert f"{number} {step.caption}" in text


def step_numbers(pdf: Path, page: int, count: int) -> list[tuple[float, float]]:
    """(x, y) of the step numbers 1..`count` printed on one line of a page, in order."""
    words = word_boxes(pdf, page)
    lines: dict[int, dict[str, float]] = {}
    for w, x0, y0, x1, _ in words:
        if re.fullmatch(r"\d", w):
            lines.setdefault(round(y0), {})[w] = (x0 + x1) / 2
    for y, found in lines.items():
        if sorted(found) == [str(n) for n in range(1, count + 1)]:
            return [(found[str(n)], y) for n in range(1, count + 1)]
    raise AssertionError(f"no line with the numbers 1 to {count} on page {page}")


def dark_above(png: Path, x: float, y: float) -> float:
    """The share of dark pixels in the 8 mm square above (x, y), at 72 dpi (points)."""
    from PIL import Image

    with Image.open(png) as image:
        box = image.convert("L").crop((int(x - 4 * MM), int(y - 9 * MM), int(x + 4 * MM), int(y)))
        return sum(box.histogram()[:128]) / (box.width * box.height)


def page_png(pdf: Path, page: int, folder: Path) -> Path:
    stem = folder / f"{pdf.stem}-{page}"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(["pdftoppm", "-png", "-r", "72", *pages, "-singlefile", pdf, stem], check=True)
    return stem.with_suffix(".png")


@pytest.mark.parametrize(("language", "rtl"), [("", False), ("-es", False), ("-ar", True)])
def test_the_bundled_parent_sheet_shows_the_temperature_pictures(
    built_topic, tmp_path, language, rtl
):
    # The one-sheet carries the fever step's drawings small and numbered, without their
    # words (the guide has them); a drawing above each number, in reading order.
    pdf = built_topic / "pamphlets" / f"pediatric-all-parent-essentials{language}.pdf"
    pages = [flat(t) for t in pdf_pages_text(pdf)]
    assert len(pages) == 2
    if not language:
        assert "Take the temperature by mouth or under the arm" in pages[1]
        assert not any(s.caption in pages[1] for s in TEMPERATURE)
    png = page_png(pdf, 2, tmp_path)
    for steps in (TEMPERATURE,):
        numbers = step_numbers(pdf, 2, len(steps))
        xs = [x for x, _ in numbers]
        assert xs == sorted(xs, reverse=rtl), xs
        assert all(dark_above(png, x, y) > 0.05 for x, y in numbers)


def test_the_bundled_parent_guide_tells_each_step_in_words(built_topic):
    pdf = built_topic / "pamphlets" / "pediatric-all-parent.pdf"
    text = flat(" ".join(pdf_pages_text(pdf)))
    for steps in (HAND_WASHING, TEMPERATURE):
        for number, step in enumerate(steps, start=1):
            assert f"{number} {step.caption}" in text
    clinician = built_topic / "pamphlets" / "pediatric-all-clinician.pdf"
    clinician = flat(" ".join(pdf_pages_text(clinician)))
    assert "Put the tip in the armpit" not in clinician


def test_a_phone_shows_each_step_drawn_and_in_words_without_fetching(tmp_path):
    import datetime as dt

    from conftest import phone_view

    from allprint.pipeline.prepare import prepare
    from allprint.render.html import render_phone_html

    prepared = prepare(DATA / "tiny-topic.yaml", dt.date(2026, 1, 1))
    views, _ = prepared.edition_of(None).views_for("parent", "guide")
    page = tmp_path / "parent.html"
    page.write_text(render_phone_html(views["parent"]), encoding="utf-8")
    with phone_view(page.as_uri()) as (view, requests):
        steps = view.locator(".step")
        words = [" ".join(t.split()) for t in steps.all_inner_texts()]
        assert words == [f"{n} {s.caption}" for n, s in enumerate(HAND_WASHING, start=1)]
        drawn = view.evaluate(
            "[...document.querySelectorAll('.step-picture')].map(i => i.naturalWidth > 0)"
        )
        assert drawn == [True] * len(HAND_WASHING)
        assert all(url.startswith(("file:", "data:")) for url in requests)
        assert view.evaluate("document.documentElement.scrollWidth") <= 360

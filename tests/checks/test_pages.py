"""Page use, read back from the bundled topic's PDFs: the parent guide's key points on page 1,
child handouts with no half-empty page and boxes split only between their items, in English
and Spanish, on A4 and Letter, with and without a site's longest values."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from conftest import DATA, ROOT, pdf_pages_text, run_build_py, word_boxes
from pypdf import PdfReader

MM = 72 / 25.4
PAPERS = ("a4", "letter")

# As long as a site profile allows: 80, 40, 20 and 30 characters (test_essentials.py).
LONGEST_SITE = dict(
    name="Saint Example Children's Hospital and Regional Oncology Centre, Ward 7, EastWing",
    phone="+44 (0)20 7946 0000 ext. 1234 or 1235 12",
    emergency_number="999 or 112 (EU/UK) 9",
    fever="38.0 °C (100.4 °F) or more, 1h",
)


def flat(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def _prepared(with_site: bool):
    from allprint.pipeline.prepare import prepare
    from allprint.project.config import Site

    site = Site(**LONGEST_SITE) if with_site else None
    return prepare(ROOT / "content" / "pediatric-all.yaml", dt.date(2026, 1, 1), site), site


@functools.cache
def _made(tier: str, language: str | None, paper: str, with_site: bool, folder: Path):
    """One guide of the bundled topic laid out as a build lays it out: its file, its
    output and what the build knows of it."""
    from allprint.pipeline.outputs import render_one
    from allprint.pipeline.plan import PlannedOutput
    from allprint.render.layout import PrintOptions

    prepared, site = _prepared(with_site)
    output = PlannedOutput(
        "pediatric-all", "handout", tier, language=language, print=PrintOptions(paper=paper)
    )
    pdf = render_one(prepared, output, site)
    path = folder / f"{'site-' if with_site else ''}{Path(output.path).name}"
    path.write_bytes(pdf.data)
    return path, output, pdf


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    return lambda *args: _made(*args, folder)


def body_bottoms(path: Path) -> list[float]:
    """How far down each page's body its text reaches, as a share of the body's height
    (the page inside its 18 mm top and 22 mm bottom margins, base.css): the status mark
    above and the footer below are not counted."""
    shares = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        height = float(page.mediabox.height)
        top, bottom = 18 * MM, height - 22 * MM
        lows = [y1 for _, _, y0, _, y1 in word_boxes(path, number) if y0 > top and y1 < bottom]
        shares.append((max(lows, default=top) - top) / (bottom - top))
    return shares


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("with_site", [False, True], ids=["no-site", "longest-site"])
def test_page_one_of_the_parent_guide_holds_the_key_points_and_emergency_signs(
    made, paper, with_site
):
    # The call box came first and was kept whole: with a site's long values the key points
    # went to page 2 and left a quarter of page 1 empty (on Letter even without a site);
    # with the longer emergency list the box itself no longer fitted. Now the key points
    # come first, then the call box, whose numbers and emergency signs are on page 1 (page
    # 1 set closer when needed); the rest of the box goes on to page 2.
    from allprint.checks.pages import layout_findings

    path, output, pdf = made("parent", None, paper, with_site)
    prepared, site = _prepared(with_site)
    found = layout_findings(output, pdf.pages, pdf.anchors, site)
    assert [f.message for f in found if f.severity == "error"] == []
    first = flat(pdf_pages_text(path)[0])
    view = prepared.edition_of(None).views_for("parent", "guide")[0]["parent"]
    [emergency] = [g for g in view.urgent.groups if g.level == "emergency"]
    lines = [view.key_points_heading, *view.key_points, view.urgent.heading, *emergency.lines]
    for line in lines:
        assert flat(line) in first, line
    if site:
        assert site.phone in first


CHILD_GUIDES = [(language, paper) for language in (None, "es") for paper in PAPERS]


@pytest.mark.parametrize(
    ("language", "paper"), CHILD_GUIDES, ids=[f"{lang or 'en'}-{p}" for lang, p in CHILD_GUIDES]
)
def test_the_child_handout_fills_its_pages(made, language, paper):
    # Boxes kept whole moved to the next page and left up to three-quarters of a page
    # empty (the Spanish page 3; English with a site, which made 10 pages 11). A box now
    # goes on between its paragraphs and items, never inside one.
    pages = {}
    for with_site in (False, True):
        path, _, pdf = made("child", language, paper, with_site)
        shares = body_bottoms(path)
        assert len(shares) == pdf.pages
        half_empty = [n for n, share in enumerate(shares[:-1], start=1) if share < 0.5]
        assert half_empty == [], (with_site, [f"{share:.2f}" for share in shares])
        assert_boxes_split_between_items(path, language, with_site)
        pages[with_site] = pdf.pages
    # The site's name and numbers take three more lines on page 1: the pages after it take
    # them up, rather than a page more.
    assert pages[True] <= pages[False]


def assert_boxes_split_between_items(path: Path, language: str | None, with_site: bool):
    """Every paragraph and item of the child handout is whole on one page, each heading is
    on the page where its first paragraph or item is, and the back matter ends it."""
    prepared, _ = _prepared(with_site)
    view = prepared.edition_of(language).views_for("child", "guide")[0]["child"]
    pages = [flat(text) for text in pdf_pages_text(path)]

    def page_of(text: str) -> int:
        found = [n for n, page in enumerate(pages) if flat(text) in page]
        assert found, f"not whole on any page: {text!r}"
        return found[0]

    for section in view.sections:
        pieces = [*section.paragraphs]
        pieces += [" ".join([item.title, *item.paragraphs]) for item in section.items]
        assert flat(section.heading) in pages[page_of(pieces[0])], section.id
        for piece in pieces:
            page_of(piece)
    assert flat(view.key_points_heading) in pages[page_of(view.key_points[0])]
    # The sources start where the text ends; the last of them, the review and the
    # disclaimer are together on the last page.
    for last in (view.references[-1].title, *view.disclaimer):
        assert flat(last) in pages[-1], last


def test_key_points_that_push_the_emergency_signs_off_page_one_are_named(tmp_path):
    # The key points come first: so many of them that the emergency signs go to page 2 stop
    # the build, in one line per handout, saying what to shorten; nothing of it is made.
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    last = "    - Wash your hands often.\n"
    assert last in text
    many = "".join(f"    - parent: Key point {n}, for parents to read first.\n" for n in range(30))
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(text.replace(last, last + many), encoding="utf-8")
    result = run_build_py(str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    said = [line for line in result.stderr.splitlines() if "tiny-topic-parent.pdf" in line]
    assert said == [
        f"error: {source}: parent handout: tiny-topic-parent.pdf: the care team's number and "
        "the emergency signs in the call-for-help box start on page 2; they must be on page 1 "
        "(shorten what comes before them, such as the key points or the box's intro)"
    ]
    assert not (tmp_path / "out" / "pamphlets").exists()


def test_key_points_past_page_one_are_named_with_the_site_values():
    # A parent guide whose key points start past page 1 (a long title and a logo, say) is
    # not fit to print; a site's values in the call box do not push them, so no site hint.
    from allprint.checks.pages import layout_findings
    from allprint.pipeline.plan import PlannedOutput
    from allprint.project.config import Site
    from allprint.render.layout import PrintOptions

    guide = PlannedOutput("t", "handout", "parent", print=PrintOptions(paper="letter"))
    anchors = {"key-points": 2, "call-number": 2, "urgent-emergency": 2}
    site = Site(phone="+1 (555) 123-4567", source=Path("s/lake.toml"))
    found = {f.code: f.message for f in layout_findings(guide, 20, anchors, site)}
    assert found["key-points-not-first"] == (
        "t-parent-letter.pdf: the key points start on page 2; they must be on page 1 (shorten "
        "the key points)"
    )
    assert found["call-box-not-first"].endswith(
        "; or shorten the site's phone in lake.toml: they print in the call box)"
    )
    large = PlannedOutput("t", "handout", "parent", print=PrintOptions(large_print=True))
    assert "key-points-not-first" not in {f.code for f in layout_findings(large, 40, anchors)}


LARGE_PRINT = [
    (tier, document, language)
    for tier, document in (("child", "guide"), ("parent", "essentials"))
    for language in (None, "es")
]


@pytest.mark.parametrize(
    ("tier", "document", "language"),
    LARGE_PRINT,
    ids=[f"{tier}-{document}-{language or 'en'}" for tier, document, language in LARGE_PRINT],
)
def test_large_print_keeps_page_one_and_the_sheet_in_every_language(
    tmp_path, tier, document, language
):
    # In Spanish, the large-print child guide's emergency signs started on page 2 (the
    # blanks to write the numbers in took as much room as in 20 pt type), and the
    # large-print one-sheet ran to 5 pages: neither was made, so a Spanish-speaking family
    # with low vision had no large-print child guide nor one-sheet.
    from allprint.checks.pages import layout_findings
    from allprint.pipeline.outputs import render_one
    from allprint.pipeline.plan import PlannedOutput
    from allprint.render.layout import PrintOptions

    prepared, _ = _prepared(False)
    variant = PrintOptions("a4", large_print=True)
    output = PlannedOutput("pediatric-all", "handout", tier, document, language, variant)
    pdf = render_one(prepared, output)
    assert layout_findings(output, pdf.pages, pdf.anchors, None) == []
    if document == "essentials":
        path = tmp_path / "sheet.pdf"
        path.write_bytes(pdf.data)
        assert_step_pictures_clear_of_words(path)


def assert_step_pictures_clear_of_words(path: Path) -> None:
    """The fever steps' pictures, found by their numbers 1 2 3 printed in a row under them,
    have no word beside them: in large print the first step's words ran under them."""
    for number in range(1, len(PdfReader(path).pages) + 1):
        words = word_boxes(path, number)
        for one in (w for w in words if w[0] == "1"):
            row = [w for w in words if abs(w[2] - one[2]) < 1 and w[1] >= one[1]]
            if [w[0] for w in row[:3]] != ["1", "2", "3"]:
                continue
            left = one[1] - 8 * MM  # the first picture's left edge: its number is centred
            top = one[2] - 16 * MM  # its top: a picture in its frame is 15 mm high
            beside = [w[0] for w in words if w[3] > left and top < w[2] < one[2]]
            assert beside == [], beside
            return
    raise AssertionError("no row of step pictures found")


@pytest.mark.parametrize("language", [None, "es"], ids=["en", "es"])
def test_the_child_booklet_opens_with_the_care_teams_number(language):
    # On a booklet's half page the frame of blanks to write the numbers in (15 mm a line)
    # did not fit under the title: page 1 held the title alone, two thirds empty, and the
    # call box began on page 2.
    from allprint.pipeline.outputs import render_one
    from allprint.pipeline.plan import PlannedOutput
    from allprint.render.layout import PrintOptions

    prepared, _ = _prepared(False)
    booklet = PrintOptions("a4", booklet=True)
    pdf = render_one(
        prepared, PlannedOutput("pediatric-all", "handout", "child", "guide", language, booklet)
    )
    assert pdf.anchors["call-number"] == 1

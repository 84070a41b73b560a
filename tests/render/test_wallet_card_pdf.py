"""The cut-out wallet card of the parent's fill-in tools, read back from the PDF: every
field on it, the site's values or blanks, the number on the side that says to call it,
in English and Arabic, and the card's size on A4 and Letter."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polib
import pytest
from conftest import DATA, ROOT, pdf_pages_text, run_cli, word_boxes

from allprint.pipeline.outputs import page_findings, render_one
from allprint.pipeline.plan import PlannedOutput
from allprint.pipeline.prepare import prepare
from allprint.project.config import Site
from allprint.render.layout import PrintOptions

MM = 72 / 25.4  # PDF points in a millimetre
CARD_MM = (170, 55)  # the card, unfolded: two sides of 85 x 55 mm
PADDING_MM = 2.5  # sheet.css: .wallet-text

LAKESIDE = Site(
    name="Lakeside Children's Clinic",
    phone="+1 555 010 2030",
    fever="38.3 °C",
    languages=(("ar", (("name", "عيادة ليكسايد للأطفال"), ("fever", "38.3 °C أو أكثر"))),),
)
PHONE = ["+1", "555", "010", "2030"]
SPANISH_NAME = "Hospital Infantil Saint Example y Centro Regional de Oncología, Sala 7, Ala Este"
ARABIC_NAME = "مستشفى سانت إكزامبل للأطفال والمركز الإقليمي لعلاج الأورام، الجناح 7 الشرقي"
LONGEST = Site(  # as long as a site profile allows: 80, 40 and 30 characters
    name="Saint Example Children's Hospital and Regional Oncology Centre, Ward 7, EastWing",
    phone="+44 (0)20 7946 0000 ext. 1234 or 1235 12",
    fever="38.0 °C (100.4 °F) or more, 1h",
    languages=(("es", (("name", SPANISH_NAME),)), ("ar", (("name", ARABIC_NAME),))),
)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled project whose catalogues also cover the fill-in tools."""
    work = tmp_path_factory.mktemp("wallet")
    for name in ("content", "translations"):
        shutil.copytree(ROOT / name, work / name)
    for path in (work / "translations" / "pediatric-all").glob("*.po"):
        po = polib.pofile(str(path))
        po.metadata["X-Allprint-Outputs"] += ", parent-tools"
        po.save(str(path))
    return work


@pytest.fixture(scope="module")
def prepared(project: Path):
    """The topic prepared for each site (None: no site profile), once."""
    source = project / "content" / "pediatric-all.yaml"
    sites = {"none": None, "lakeside": LAKESIDE, "longest": LONGEST}
    return {
        name: (prepare(source, dt.date(2026, 12, 1), site), site) for name, site in sites.items()
    }


def tools(prepared, tmp_path: Path, site: str, language: str | None = None, paper: str = "a4"):
    """The parent's tools PDF as a build makes it; the page checks it passed."""
    topic, profile = prepared[site]
    assert topic.edition_of(language).makes("handout", "parent", "tools")  # all translated
    output = PlannedOutput(
        "pediatric-all", "handout", "parent", "tools", language, PrintOptions(paper)
    )
    pdf = render_one(topic, output, profile)
    path = tmp_path / Path(output.path).name
    path.write_bytes(pdf.data)
    return path, page_findings(topic, output, pdf.pages, pdf.anchors, profile)


def cut_line(path: Path) -> tuple[float, float, float, float]:
    """The card's dashed cut line on page 1, as drawn: (x0, y0, x1, y1), in points from the
    top left as `word_boxes` gives words. Only the dashes count, not the fold's dots."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    page = reader.pages[0]
    height = float(page.mediabox.height)
    ctm, dash, saved, points = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), (), [], []
    for args, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            saved.append((ctm, dash))
        elif op == b"Q":
            ctm, dash = saved.pop()
        elif op == b"cm":
            ctm = _times(tuple(float(a) for a in args), ctm)
        elif op == b"d":
            dash = tuple(float(a) for a in args[0])
        elif op in (b"m", b"l") and dash and min(dash) > 2:
            x, y = (float(a) for a in args)
            a, b, c, d, e, f = ctm
            points.append((a * x + c * y + e, height - (b * x + d * y + f)))
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _times(m: tuple, n: tuple) -> tuple:
    """The product of two PDF matrices (a b c d e f): `m` applied first, then `n`."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def card_words(path: Path) -> list[tuple[str, float, float, float, float]]:
    """The words inside the card's cut line, and any below it above the footer (text that
    would run past the card), in the order pdftotext reads them."""
    x0, y0, x1, _ = cut_line(path)
    return [
        w
        for w in word_boxes(path)
        if x0 < (w[1] + w[3]) / 2 < x1 and y0 < (w[2] + w[4]) / 2 < 250 * MM
    ]


def fold(path: Path) -> float:
    """Where the card folds (x): the middle of its cut line."""
    x0, _, x1, _ = cut_line(path)
    return (x0 + x1) / 2


def run(words, sequence: list[str]) -> list[tuple[str, float, float, float, float]]:
    """The boxes of `sequence` where its words stand one after the other."""
    texts = [w[0] for w in words]
    for i in range(len(texts) - len(sequence) + 1):
        if texts[i : i + len(sequence)] == sequence:
            return words[i : i + len(sequence)]
    raise AssertionError(f"{' '.join(sequence)!r} not on the card: {' '.join(texts)}")


# --- English --------------------------------------------------------------------------------------


def test_the_card_holds_each_field_and_the_sites_values(prepared, tmp_path):
    path, findings = tools(prepared, tmp_path, "lakeside")
    assert findings == []
    text = flat(pdf_pages_text(path)[0])
    for said in (
        "This child is on chemotherapy: fever is an emergency.",
        "Child's name:",
        "Date of birth:",
        "Diagnosis: Acute lymphoblastic leukemia (ALL)",
        "Treating doctor:",
        "Allergies:",
        "Central line:",
        "For emergency staff: On chemotherapy. Fever may mean neutropenic sepsis: blood "
        "cultures from every central-line lumen and empiric antibiotics at once. No rectal "
        "temperatures.",
        "Our fever rule: 38.3 °C",
        "Please call Lakeside Children's Clinic at once, day or night: +1 555 010 2030",
    ):
        assert said in text
    assert "below" not in text


def test_the_number_is_on_the_side_that_says_call(prepared, tmp_path):
    # It said "call the care team below" on one half, with the number on the other.
    path, _ = tools(prepared, tmp_path, "lakeside")
    words, middle = card_words(path), fold(path)
    front = run(words, ["Child's", "name:"]) + run(words, ["Allergies:"])
    call = run(words, ["Please", "call"]) + run(words, PHONE) + run(words, ["staff:"])
    assert all(w[3] < middle for w in front) and all(w[1] > middle for w in call)
    number, said = run(words, PHONE)[0], run(words, ["Please", "call"])[0]
    assert 0 < number[2] - said[2] < 15 * MM  # right under the words that ask to call


def test_without_a_site_the_card_has_blanks_to_fill_in(prepared, tmp_path):
    path, findings = tools(prepared, tmp_path, "none")
    assert findings == []
    text = flat(pdf_pages_text(path)[0])
    assert "Our fever rule: ______ °" in text
    assert "Please call the care team at once, day or night: ____" in text
    words, middle = card_words(path), fold(path)
    call = run(words, ["Please", "call"])[0]
    assert [w for w in words if w[0].startswith("____") and w[1] > middle and w[2] > call[2]]


# --- Arabic -------------------------------------------------------------------------------------


@pytest.mark.parametrize("site", ["lakeside", "none"])
def test_the_arabic_card_is_mirrored_with_numbers_in_order_on_the_call_side(
    prepared, tmp_path, site
):
    path, findings = tools(prepared, tmp_path, site, "ar")
    assert findings == []
    words, middle = card_words(path), fold(path)
    text = " ".join(w[0] for w in words)
    for english in ("Child", "birth", "Diagnosis", "doctor", "call", "staff", "Lakeside"):
        assert english not in text
    if site == "none":
        blanks = [w for w in words if w[0].startswith("____")]
        assert len(blanks) == 2 and all(w[3] < middle for w in blanks)  # fever and number
        return
    # Right to left, the card's back (the staff's note, the number) is its left half.
    number = run(words, PHONE)
    assert all(w[3] < middle for w in number)
    assert "2030 010 555" not in text and "1+" not in text
    fever = run(words, ["38.3", "°C"])
    assert all(w[3] < middle for w in fever) and fever[0][2] < number[0][2]


# --- the card's size ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "paper"), [(None, "a4"), (None, "letter"), ("es", "a4"), ("ar", "letter")]
)
def test_the_card_fits_its_size_with_the_longest_site_values(prepared, tmp_path, language, paper):
    path, findings = tools(prepared, tmp_path, "longest", language, paper)
    assert findings == []
    left, top, right, bottom = cut_line(path)
    size = (CARD_MM[0] * MM, CARD_MM[1] * MM)
    assert (right - left, bottom - top) == pytest.approx(size, abs=MM)  # within 1 mm
    words = card_words(path)
    assert len(words) > 40
    # Every word stays off the cut line (Arabic words' boxes are as tall as the font's
    # whole height, so their middles are held to it).
    inner = PADDING_MM * MM
    for word, x0, y0, x1, y1 in words:
        if language == "ar":
            y0 = y1 = (y0 + y1) / 2
        assert left + inner <= x0 and x1 <= right - inner, word
        assert top + inner <= y0 and y1 <= bottom - inner, word
    middle = (left + right) / 2
    digits = [w for w in words if w[0] in LONGEST.phone.split()]
    assert len(digits) >= 9 and all(
        w[1] > middle if language != "ar" else w[3] < middle for w in digits
    )


def test_a_card_that_runs_past_its_edge_is_named_at_its_line(tmp_path):
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    note = "Treat fever as a possible serious infection at once."
    assert note in text
    (tmp_path / "tiny-topic.yaml").write_text(text.replace(note, f"{note} " * 12), encoding="utf-8")
    line = text.splitlines().index("wallet_card:") + 1
    said = (
        f"error: tiny-topic.yaml:{line}:1: parent handout: tiny-topic-parent-tools.pdf: the "
        "text on the wallet card's back runs past the card (shorten `wallet_card:` "
        "note_for_staff)"
    )
    for command in ("check", "build"):  # check lays the tools out too; a build stops
        result = run_cli(command, "tiny-topic.yaml", cwd=tmp_path)
        assert result.returncode == 1
        assert said in result.stderr.splitlines(), result.stderr
    assert not (tmp_path / "pamphlets").exists()

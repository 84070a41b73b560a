"""Tagged (PDF/UA-1) and archival (PDF/A-3b) handouts of the bundled topic, checked by
independent validators: `page` (the gate) and `outloud` (a second opinion, errors only).

A representative set is made once per session: every kind of document (guide, one-sheet,
fill-in tools, booklet, large print) and every language (English, Spanish, Arabic) at
least once. `bench/validate.py` builds and checks every such output of the topic.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import page
import pikepdf
import pytest
from conftest import ROOT

from allprint.pipeline.outputs import render_one
from allprint.pipeline.plan import PlannedOutput
from allprint.pipeline.prepare import prepare
from allprint.render.layout import PrintOptions

UA, PDFA = "pdf/ua-1", "pdf/a-3b"
# (tier, document, language, print options): what each brings to the check.
REPRESENTATIVE = {
    "tools": ("parent", "tools", None, PrintOptions(pdf_variant=UA)),  # fill-in tables
    "parent-essentials-ar": ("parent", "essentials", "ar", PrintOptions(pdf_variant=UA)),
    "child-essentials-es": ("child", "essentials", "es", PrintOptions(pdf_variant=UA)),
    # The glossary's list, the decorative sun, links: in a booklet's imposed sheets.
    "child-booklet": ("child", "guide", None, PrintOptions(booklet=True, pdf_variant=UA)),
    "parent-essentials-ar-large": (
        "parent",
        "essentials",
        "ar",
        PrintOptions("letter", large_print=True, pdf_variant=UA),
    ),
    "tools-pdfa": ("parent", "tools", None, PrintOptions(pdf_variant=PDFA)),
    "parent-essentials-ar-pdfa": ("parent", "essentials", "ar", PrintOptions(pdf_variant=PDFA)),
    "child-booklet-pdfa": ("child", "guide", None, PrintOptions(booklet=True, pdf_variant=PDFA)),
}


@pytest.fixture(scope="session")
def accessible_pdfs() -> dict[str, bytes]:
    """The representative outputs, made once: name -> PDF bytes."""
    prepared = prepare(ROOT / "content" / "pediatric-all.yaml", dt.date(2026, 1, 1))
    made = {}
    for name, (tier, document, language, options) in REPRESENTATIVE.items():
        output = PlannedOutput("pediatric-all", "handout", tier, document, language, options)
        made[name] = render_one(prepared, output).data
    return made


def profile(name: str) -> str:
    return "ua1" if REPRESENTATIVE[name][3].pdf_variant == UA else "3b"


def test_page_validation_passes_every_output(accessible_pdfs):
    failed = {}
    for name, data in accessible_pdfs.items():
        report = page.validate_pdf_bytes(data, profile=profile(name))
        if not report.is_compliant:
            failed[name] = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert not failed


def test_outloud_finds_no_error_in_the_tagged_outputs(accessible_pdfs, tmp_path):
    from outloud import check

    errors = {}
    for name, data in accessible_pdfs.items():
        if profile(name) != "ua1":
            continue
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        result = check(str(path))
        found = [f"{f.rule} p{f.page}: {f.message}" for f in result.sorted_findings()]
        if result.errors:
            errors[name] = found
    assert not errors


def elements(pdf: pikepdf.Pdf):
    """Every structure element, with the language it is read in (its own or inherited)."""
    todo = [(pdf.Root.StructTreeRoot, str(pdf.Root.Lang))]
    while todo:
        element, language = todo.pop()
        language = str(element.get("/Lang", language))
        if "/S" in element:
            yield element, language
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        todo += [(k, language) for k in kids if isinstance(k, pikepdf.Dictionary)]


def test_the_arabic_sheet_reads_arabic_as_arabic_and_english_as_english(accessible_pdfs):
    pdf = pikepdf.open(BytesIO(accessible_pdfs["parent-essentials-ar"]))
    assert str(pdf.Root.Lang) == "ar"
    found = list(elements(pdf))
    # The names of medicines and sources, in Latin letters, are tagged as English.
    english = [e for e, language in found if str(e.get("/Lang", "")) == "en"]
    assert len(english) >= 3
    assert all(str(e.S) == "/Span" for e in english)
    # Every other element is read as Arabic: the headings and paragraphs of the sheet.
    arabic = [e for e, language in found if language == "ar" and str(e.S) in ("/H1", "/H2", "/P")]
    assert len(arabic) >= 10
    assert not [e for e, language in found if language not in ("ar", "en")]


def test_each_fill_in_table_header_has_a_column_scope(accessible_pdfs):
    pdf = pikepdf.open(BytesIO(accessible_pdfs["tools"]))
    tables = [e for e, _ in elements(pdf) if str(e.S) == "/Table"]
    assert len(tables) >= 3  # care team, medicine schedule, temperature log
    headers = [e for e, _ in elements(pdf) if str(e.S) == "/TH"]
    assert len(headers) >= 3 + 10 + 5
    assert {str(h.A.Scope) for h in headers} == {"/Column"}


def test_decoration_is_an_artifact_and_every_figure_says_what_it_shows(accessible_pdfs):
    pdf = pikepdf.open(BytesIO(accessible_pdfs["child-booklet"]))
    figures = [e for e, _ in elements(pdf) if str(e.S) == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    # The sun beside the title (alt="") is drawn, but as an artifact.
    assert b"/Artifact BMC" in b"".join(
        x.read_bytes() for x in pdf.pages[0].Resources.XObject.values()
    )


def test_a_booklet_keeps_its_title_bookmarks_and_structure(accessible_pdfs):
    pdf = pikepdf.open(BytesIO(accessible_pdfs["child-booklet"]))
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert pdf.open_metadata().get("dc:title")
    assert str(pdf.Root.Lang) == "en"
    sheets = {p.objgen for p in pdf.pages}
    item, titles = pdf.Root.Outlines.First, []
    while item is not None:
        titles.append(str(item.Title))
        assert item.Dest[0].objgen in sheets  # each opens on a sheet of the booklet
        item = item.get("/Next")
    assert len(titles) >= 1
    # The marked content of each page is in its form, drawn on its sheet.
    marked = [
        k
        for e, _ in elements(pdf)
        for k in e.get("/K", ())
        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"
    ]
    assert marked and all(k.Pg.objgen in sheets and "/Stm" in k for k in marked)


def test_a_nested_list_is_read_as_its_items_sub_points():
    from allprint.render.pdf import render_pdf

    html = (
        '<html lang="en"><head><title>Lists</title><style>ul { list-style: disc }</style>'
        "</head><body><ul>"
        "<li>First point<ul><li>Sub one</li><li>Sub two</li></ul></li>"
        "<li>Second point</li></ul></body></html>"
    )
    data = render_pdf(html, "lists", variant=UA).data
    assert page.validate_pdf_bytes(data, profile="ua1").is_compliant
    pdf = pikepdf.open(BytesIO(data))
    [outer, inner] = [e for e, _ in elements(pdf) if str(e.S) == "/L"]
    assert [str(k.S) for k in outer.K] == ["/LI", "/LI"]
    assert str(inner.P.S) == "/LBody" and inner.P.P.objgen == outer.K[0].objgen


def test_every_tagged_output_shows_its_title_says_its_language_and_has_bookmarks(
    accessible_pdfs,
):
    for name, data in accessible_pdfs.items():
        if profile(name) != "ua1":
            continue
        pdf = pikepdf.open(BytesIO(data))
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True, name
        assert str(pdf.Root.Lang) == (REPRESENTATIVE[name][2] or "en"), name
        assert "/First" in pdf.Root.Outlines, name


def test_an_arabic_paragraph_in_an_english_page_is_tagged_arabic():
    from allprint.render.pdf import render_pdf

    html = (
        '<html lang="en"><head><title>Two languages</title></head><body>'
        "<p>Call us if your child has a fever.</p>"
        '<p lang="ar" dir="rtl">اتصل بنا إذا كانت حرارة طفلك مرتفعة.</p></body></html>'
    )
    data = render_pdf(html, "two-languages", variant=UA).data
    pdf = pikepdf.open(BytesIO(data))
    paragraphs = [e for e, _ in elements(pdf) if str(e.S) == "/P"]
    assert sorted(str(p.get("/Lang", "")) for p in paragraphs) == ["", "ar"]
    assert page.validate_pdf_bytes(data, profile="ua1").is_compliant

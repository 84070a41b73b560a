"""One-sheet handouts, the site's own numbers, and the fill-in tools, read back from PDFs."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, ROOT, pdf_pages_text, pdf_text, run_build_py, run_cli, word_boxes
from pypdf import PdfReader

MM = 72 / 25.4

SITE = """[site]
name = "Lakeside Children's Clinic"
phone = "0100 555 7788"
emergency_number = "112"
fever = "38.3 °C"
approved_by = "Head nurse, oncology day unit"
approved_on = 2026-11-20
"""


# A red block, 40 × 20 px: the only red on a black-and-white sheet.
RED_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#d00000"/></svg>'
)


def flat(text: str) -> str:
    return " ".join(text.split())


def page_one(pdf: Path, folder: Path):
    """Page 1 as poppler draws it (RGB) at 72 dpi: a pixel per point, as word boxes go."""
    from PIL import Image

    stem = folder / pdf.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
        check=True,
    )
    with Image.open(stem.with_suffix(".png")) as image:
        return image.convert("RGB")


@pytest.fixture(scope="module")
def site_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny topic built for a site given with --site, into sites/<name>/."""
    work = tmp_path_factory.mktemp("site")
    shutil.copy(DATA / "tiny-topic.yaml", work)
    (work / "lakeside.toml").write_text(SITE, encoding="utf-8")
    result = run_cli(
        "build", "tiny-topic.yaml", "--site", "lakeside.toml", "--project", str(work), cwd=work
    )
    assert result.returncode == 0, result.stderr
    return work


def test_a_site_build_goes_to_its_own_folder_and_its_decks_to_the_project(site_built):
    out = site_built / "sites" / "lakeside"
    names = sorted(p.name for p in (out / "pamphlets").iterdir())
    assert "tiny-topic-parent-essentials.pdf" in names
    assert not (out / "decks").exists()  # the same for every site: once, in the project
    assert (site_built / "decks" / "tiny-topic.apkg").exists()
    assert not (site_built / "pamphlets").exists()


@pytest.mark.parametrize("tier", ["child", "parent"])
@pytest.mark.parametrize("document", ["", "-essentials"])
def test_page_one_carries_the_site_number_and_fever_rule(site_built, tier, document):
    path = site_built / "sites" / "lakeside" / "pamphlets" / f"tiny-topic-{tier}{document}.pdf"
    pages = [flat(t) for t in pdf_pages_text(path)]
    assert "0100 555 7788" in pages[0]
    assert "38.3 °C" in pages[0]
    assert "112" in pages[0]
    for page in pages:  # the number in the footer of every page
        assert "Care team: 0100 555 7788" in page


def test_site_approval_is_printed_small_on_the_back(site_built):
    path = site_built / "sites" / "lakeside" / "pamphlets" / "tiny-topic-parent-essentials.pdf"
    words = word_boxes(path, len(PdfReader(path).pages))
    approval = "approved by Head nurse, oncology day unit on 2026-11-20"
    start = next(
        i
        for i in range(len(words))
        if " ".join(w for w, *_ in words[i : i + 9]).startswith(approval)
    )
    line = words[start : start + 9]
    # In the small print after the sheet's last part (its teach-back questions)...
    last_part = max(y0 for w, _, y0, _, _ in words if w == "Check")
    assert all(y0 > last_part for _, _, y0, _, _ in line)
    # ...set well below the body's size (word boxes are as tall as their type).
    body = Counter(round(y1 - y0) for _, _, y0, _, y1 in words).most_common(1)[0][0]
    assert all(y1 - y0 < 0.7 * body for _, _, y0, _, y1 in line), (body, line)


def test_without_a_site_blanks_are_printed_to_write_in(tiny_built):
    for name in ("tiny-topic-parent.pdf", "tiny-topic-parent-essentials.pdf"):
        first = flat(pdf_pages_text(tiny_built / "pamphlets" / name)[0])
        assert "Our care team, day and night: ____" in first
        assert "Our fever rule: ______ °C / °F" in first  # the unit, without a site
        assert "Care team: ____" in first


@pytest.mark.parametrize("tier", ["child", "parent", "clinician"])
def test_essentials_fit_one_sheet(tiny_built, tier):
    path = tiny_built / "pamphlets" / f"tiny-topic-{tier}-essentials.pdf"
    assert len(PdfReader(path).pages) <= 2


def test_parent_tools_have_the_four_fill_in_pages_and_a_wallet_card(tiny_built):
    pages = [
        flat(t) for t in pdf_pages_text(tiny_built / "pamphlets" / "tiny-topic-parent-tools.pdf")
    ]
    text = " ".join(pages)
    fill_in = (
        "My child's care team",
        "Medicine schedule",
        "Temperature and symptom log",
        "Questions for the next visit",
    )
    # Each fill-in page is a page of its own, its heading at the top; the wallet card is
    # on another page (to cut out).
    starts = [[i for i, page in enumerate(pages) if page.startswith(h)] for h in fill_in]
    assert all(len(found) == 1 for found in starts), starts
    assert len({found[0] for found in starts}) == 4
    wallet = [i for i, page in enumerate(pages) if "Wallet card" in page]
    assert wallet and not set(wallet) & {found[0] for found in starts}
    for line in (
        "Child's name:",
        "Allergies:",
        "Weight",
        "Type of central line:",
        "Treatment phase:",
    ):
        assert line in text
    guide = flat(pdf_text(tiny_built / "pamphlets" / "tiny-topic-parent.pdf"))
    assert "Medicine schedule" in guide and "Wallet card" not in guide


def test_strict_fails_without_a_site_number(tmp_path):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    result = run_build_py(
        str(tmp_path / "tiny-topic.yaml"), "--out", str(tmp_path / "o"), "--strict"
    )
    assert result.returncode == 1
    assert "no site phone number" in result.stderr


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[site]\nphone = "' + "9" * 60 + '"\n', "lakeside.toml:2: [site] phone is 60 characters"),
        ("[site]\nphone = 5550100\n", "lakeside.toml:2: [site] phone must be text"),
        ('[site]\nlogo = "../logo.svg"\n', "lakeside.toml:2: logo '../logo.svg' is outside"),
        ('[site]\nphone = "1"\nfax = "2"\n', "lakeside.toml:3: unknown setting fax"),
        ('[site]\napproved_on = "soon"\n', "lakeside.toml:2: [site] approved_on must be a date"),
    ],
)
def test_site_mistakes_are_one_line_with_file_and_line(tmp_path, toml, message):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    (tmp_path / "lakeside.toml").write_text(toml, encoding="utf-8")
    result = run_cli("build", "tiny-topic.yaml", "--site", "lakeside.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_an_overflowing_sheet_fails_and_names_the_parts(tmp_path):
    source = tmp_path / "tiny-topic.yaml"
    long = " ".join(["Wash your hands with soap and water before you eat."] * 200)
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    source.write_text(
        text
        + f"essentials:\n  parent:\n    - urgent\n    - section: what-is-it\n      text: {long}\n",
        "utf-8",
    )
    result = run_build_py(str(source), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "tiny-topic-parent-essentials.pdf takes" in result.stderr
    assert "what-is-it" in result.stderr
    assert not (tmp_path / "o" / "pamphlets").exists()
    checked = run_cli("check", str(source))
    assert checked.returncode == 1
    assert "tiny-topic-parent-essentials.pdf takes 4 pages; at most 2" in checked.stderr


def test_essentials_pick_an_unknown_section_is_an_error_with_its_line(tmp_path):
    source = tmp_path / "tiny-topic.yaml"
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    source.write_text(text + "essentials:\n  parent:\n    - urgent\n    - what-is-itt\n", "utf-8")
    result = run_cli("check", str(source))
    assert result.returncode == 1
    lines = len(text.splitlines())
    assert f"tiny-topic.yaml:{lines + 4}:7: essentials: no section 'what-is-itt'" in result.stderr
    assert "did you mean 'what-is-it'?" in result.stderr


def test_page_one_of_each_sheet_renders_to_png(tiny_built, tmp_path):
    # Each word's box on the picture holds dark ink, as a cheap black-and-white printer
    # would print it (not grey, not blank).
    for tier in ("child", "parent", "clinician"):
        pdf = tiny_built / "pamphlets" / f"tiny-topic-{tier}-essentials.pdf"
        page = page_one(pdf, tmp_path).convert("L")
        words = [w for w in word_boxes(pdf, 1) if any(c.isalnum() for c in w[0])]
        assert len(words) > 20, tier
        darkest = {
            word: page.crop((int(x0), int(y0), int(x1) + 1, int(y1) + 1)).getextrema()[0]
            for word, x0, y0, x1, y1 in words
        }
        faint = {word: ink for word, ink in darkest.items() if ink >= 110}
        assert faint == {}, (tier, faint)


def test_a_site_logo_is_read_from_the_project_and_nothing_else(tmp_path):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    (tmp_path / "logo.svg").write_text(RED_LOGO, encoding="utf-8")
    (tmp_path / "allprint.toml").write_text(SITE + 'logo = "logo.svg"\n', encoding="utf-8")
    result = run_cli("build", "tiny-topic.yaml", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sheet = tmp_path / "pamphlets" / "tiny-topic-parent-essentials.pdf"
    assert "0100 555 7788" in flat(pdf_pages_text(sheet)[0])
    assert_red_logo_at_top_right(sheet, tmp_path)


def assert_red_logo_at_top_right(sheet: Path, folder: Path) -> None:
    """The red logo (RED_LOGO) is drawn on page 1, whole, at the top right."""
    page = page_one(sheet, folder)
    width, height = page.size
    pixels = page.load()
    red = [
        (x, y)
        for y in range(height)
        for x in range(width)
        if (rgb := pixels[x, y])[0] > 160 and rgb[1] < 90 and rgb[2] < 90
    ]
    assert len(red) >= 400, len(red)  # 30 × 15 points
    assert min(x for x, _ in red) > width / 2 and max(y for _, y in red) < height / 4


def test_a_job_carries_the_site_logo_to_a_worker_that_cannot_read_it(tmp_path):
    # A Dask worker on another machine does not see the project's files: the logo was read
    # there by its path. It now travels inlined in the job's HTML, so a job laid out once
    # the file is gone still draws it.
    import datetime as dt

    from allprint.pipeline.outputs import pdf_job
    from allprint.pipeline.plan import PlannedOutput
    from allprint.pipeline.prepare import prepare
    from allprint.pipeline.workers import run_job
    from allprint.project.config import Site

    logo = tmp_path / "logo.svg"
    logo.write_text(RED_LOGO, encoding="utf-8")
    site = Site(name="Lakeside Children's Clinic", phone="0100 555 7788", logo=logo)
    prepared = prepare(DATA / "tiny-topic.yaml", dt.date(2026, 1, 1), site)
    output = PlannedOutput("tiny-topic", "handout", "parent", "essentials")
    job = pdf_job(prepared, output, site)
    logo.unlink()
    sheet = tmp_path / "sheet.pdf"
    sheet.write_bytes(run_job(job).data)
    assert_red_logo_at_top_right(sheet, tmp_path)


@pytest.mark.parametrize("options", [("--paper", "letter"), ("--large-print",)])
def test_the_call_box_is_on_page_one_on_every_paper(tmp_path, options):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    result = run_build_py(str(tmp_path / "tiny-topic.yaml"), "--out", str(tmp_path / "o"), *options)
    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "o" / "pamphlets").glob("tiny-topic-parent*.pdf"):
        if "tools" not in path.name:
            assert "When to call" in flat(pdf_pages_text(path)[0]), path.name


def test_the_longest_site_number_stays_inside_its_box_in_large_print(tmp_path):
    # A number as long as a site may give (40 characters) ran past the call box and off
    # the page in large print; it wraps inside the box instead.
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    phone = "+44 (0)20 7946 0958 ext 1234 or 0800 999"
    (tmp_path / "long.toml").write_text(SITE.replace("0100 555 7788", phone), encoding="utf-8")
    result = run_cli(
        "build", "tiny-topic.yaml", "--site", "long.toml", "--large-print", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "sites" / "long" / "pamphlets" / "tiny-topic-child-essentials-large.pdf"
    height = float(PdfReader(pdf).pages[0].mediabox.height)
    words = word_boxes(pdf, 1)
    assert phone in " ".join(w for w, *_ in words)
    # The footer ("Page 1 of N") ends at the right margin; the box's padding is inside it.
    right = max(x1 for _, _, y0, x1, _ in words if y0 > height - 25 * MM)
    number = set(phone.split())
    assert all(x1 < right - 2 * MM for w, _, _, x1, _ in words if w in number)


LONGEST_SITE = dict(  # as long as a site profile allows: 80, 40, 20 and 30 characters
    name="Saint Example Children's Hospital and Regional Oncology Centre, Ward 7, EastWing",
    phone="+44 (0)20 7946 0000 ext. 1234 or 1235 12",
    emergency_number="999 or 112 (EU/UK) 9",
    fever="38.0 °C (100.4 °F) or more, 1h",
)


def printed(part) -> list[str]:
    """A one-sheet part's lines, its section's heading and item titles."""
    section = [part.section.heading, *(i.title for i in part.section.items)] if part.section else []
    return [*part.lines, *section]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_sheet_fits_with_the_longest_site_values(tmp_path, paper):
    # A clinic name of 45 characters pushed the parent one-sheet to 3 pages on A4, and the
    # whole topic failed. A sheet that runs over is laid out again with its lines set
    # closer; with the longest values a site may give, every sheet of the topic fits.
    import datetime as dt

    from allprint.checks.pages import layout_findings, sheet_pages
    from allprint.pipeline.outputs import render_one
    from allprint.pipeline.plan import plan_topic
    from allprint.pipeline.prepare import prepare
    from allprint.project.config import Site
    from allprint.render.layout import PrintOptions

    site = Site(**LONGEST_SITE)
    prepared = prepare(ROOT / "content" / "pediatric-all.yaml", dt.date(2026, 1, 1), site)
    sheets = [
        o
        for o in plan_topic("pediatric-all", [PrintOptions(paper=paper)], deck=False)
        if o.document == "essentials"
    ]
    closer = []
    for sheet in sheets:
        pdf = render_one(prepared, sheet, site)
        assert pdf.pages <= sheet_pages(PrintOptions()), sheet.path
        assert layout_findings(sheet, pdf.pages, pdf.anchors, site) == [], sheet.path
        if "lines set closer to fit" in pdf.detail:
            closer.append(sheet.tier)
            path = tmp_path / Path(sheet.path).name
            path.write_bytes(pdf.data)
            text = flat(pdf_text(path))
            lines = [line for part in prepared.sheets[sheet.tier].parts for line in printed(part)]
            assert len(lines) > 5 and all(flat(line) in text for line in lines)  # all there
            assert site.phone in text
    # Some sheet needs it on each paper (today the parent's on A4, the child's on Letter).
    assert closer


def test_sheets_are_set_closer_only_when_they_run_over(built_topic):
    # Laid out again only when needed: the bundled topic's sheets fit A4 as they are, but
    # the parent sheets (English and Spanish), whose fever steps, drawings and medicine
    # rules run over their sheet unless set closer.
    import datetime as dt
    from dataclasses import replace

    from allprint.pipeline.cache import BuildCache
    from allprint.pipeline.outputs import pdf_job
    from allprint.pipeline.plan import plan_topic
    from allprint.pipeline.prepare import prepare
    from allprint.pipeline.workers import run_job
    from allprint.render.layout import PrintOptions

    cache = BuildCache(built_topic)
    sheets = sorted(built_topic.glob("pamphlets/*-essentials*.pdf"))
    assert len(sheets) == 6  # three readers; the child's and parent's in Spanish, Arabic
    details = {s.name: cache.size_and_detail(f"pamphlets/{s.name}") for s in sheets}
    assert all(size for size, _ in details.values())
    closer = {name: detail for name, (_, detail) in details.items() if detail != "2 pages"}
    # The parent sheets carry the fever steps with their drawings and the medicine rules.
    assert closer == {
        "pediatric-all-parent-essentials.pdf": "2 pages, lines set closer to fit",
        "pediatric-all-parent-essentials-es.pdf": "2 pages, lines set closer to fit",
    }
    prepared = prepare(ROOT / "content" / "pediatric-all.yaml", dt.date(2026, 1, 1))
    [spanish] = [
        o
        for o in plan_topic("pediatric-all", [PrintOptions()], deck=False, languages=["es"])
        if o.language == "es" and o.tier == "parent" and o.document == "essentials"
    ]
    as_it_is = run_job(replace(pdf_job(prepared, spanish, None), closer=(), most_pages=None))
    assert as_it_is.pages > 2


def test_a_call_box_too_tall_for_page_one_goes_on_to_page_two(tmp_path):
    # With site values as long as a site may give, the child one-sheet's call box no longer
    # fitted below "What is happening in my body?": kept whole, it moved to page 2, left
    # half of page 1 empty and pushed the sheet to 3 pages. It goes on to page 2 instead;
    # the care team's numbers and the emergency signs stay on page 1.
    import datetime as dt

    from allprint.checks.pages import layout_findings
    from allprint.pipeline.outputs import render_one
    from allprint.pipeline.plan import plan_topic
    from allprint.pipeline.prepare import prepare
    from allprint.project.config import Site
    from allprint.render.layout import PrintOptions

    site = Site(**LONGEST_SITE)
    assert [len(v) for v in (site.name, site.phone, site.emergency_number, site.fever)] == [
        80,
        40,
        20,
        30,
    ]
    prepared = prepare(ROOT / "content" / "pediatric-all.yaml", dt.date(2026, 1, 1), site)
    [sheet] = [
        o
        for o in plan_topic("pediatric-all", [PrintOptions()], deck=False)
        if o.tier == "child" and o.document == "essentials"
    ]
    pdf = render_one(prepared, sheet, site)
    assert pdf.pages == 2
    assert layout_findings(sheet, pdf.pages, pdf.anchors, site) == []
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf.data)
    first = flat(pdf_pages_text(path)[0])
    assert site.phone in first and "TELL A GROWN-UP NOW" in first

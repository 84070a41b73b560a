"""The offline site bundle: complete, verifiable, and readable in a real browser at phone width."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DATA, pdf_text, phone_view, run_cli, word_boxes
from pypdf import PdfReader

from allprint.source.readers import TIERS


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        self.hrefs += [value for name, value in attrs if name in ("href", "src") and value]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    shutil.copy(DATA / "tiny-topic.yaml", work)
    result = run_cli("bundle", str(work / "tiny-topic.yaml"), "--out", str(work / "dist"))
    assert result.returncode == 0, result.stderr
    archive = work / "dist" / "allprint-bundle.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(work / "unzipped")
    return work / "unzipped" / "allprint-bundle"


def test_bundle_holds_every_variant(bundle):
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    for tier in ("child", "parent", "clinician"):
        for suffix in ("", "-letter", "-booklet", "-letter-booklet"):
            assert f"pamphlets/tiny-topic-{tier}{suffix}.pdf" in names
        assert f"phone/tiny-topic-{tier}.html" in names
    for tier in ("child", "parent"):
        assert f"pamphlets/tiny-topic-{tier}-large.pdf" in names
    assert {"index.html", "SHA256SUMS", "decks/tiny-topic.apkg"} <= names
    deck = {"decks/tiny-topic.tsv", "decks/tiny-topic.csv", "decks/tiny-topic-cards.pdf"}
    assert deck | {"decks/tiny-topic-cards-letter.pdf"} <= names


def test_the_index_links_every_file_of_the_bundle(bundle):
    parser = Links()
    parser.feed((bundle / "index.html").read_text(encoding="utf-8"))
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert names - {"index.html"} == set(parser.hrefs)


def test_checksums_verify(bundle):
    lines = (bundle / "SHA256SUMS").read_text().splitlines()
    listed = set()
    for line in lines:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest
        listed.add(name)
    on_disk = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert listed == on_disk - {"SHA256SUMS"}


@pytest.mark.parametrize("page", ["index.html", "phone/tiny-topic-parent.html"])
def test_pages_link_only_inside_the_bundle_and_have_no_scripts(bundle, page):
    parser = Links()
    parser.feed((bundle / page).read_text(encoding="utf-8"))
    assert parser.scripts == 0
    for href in parser.hrefs:
        if href.startswith("#") or href.startswith("data:image/"):  # inlined pictures
            continue
        assert "://" not in href and not href.startswith("/"), href
        assert (bundle / page).parent.joinpath(href).resolve().is_file(), href


def test_bundle_is_byte_identical(bundle, tmp_path):
    # Another folder, another time, with workers: the same bytes as the module's bundle.
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    result = run_cli("bundle", str(tmp_path / "tiny-topic.yaml"), "--out", str(tmp_path / "b"))
    assert result.returncode == 0, result.stderr
    first = bundle.parents[1] / "dist" / "allprint-bundle.zip"
    assert (tmp_path / "b" / "allprint-bundle.zip").read_bytes() == first.read_bytes()


def test_bundle_refuses_a_broken_topic_and_writes_nothing(tmp_path):
    broken = tmp_path / "tiny-topic.yaml"
    broken.write_text((DATA / "tiny-topic.yaml").read_text().replace("deck:", "dekc:", 1))
    result = run_cli("bundle", str(broken), "--out", str(tmp_path / "dist"))
    assert result.returncode == 1
    assert "unknown key 'dekc'" in result.stderr
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    "page", ["index.html", "phone/tiny-topic-parent.html", "phone/tiny-topic-clinician.html"]
)
def test_pages_fit_a_phone_screen_in_a_real_browser(bundle, page, tmp_path):
    with phone_view((bundle / page).as_uri()) as (view, requests):
        scroll, width = view.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= width, f"{page} scrolls sideways on a phone"
        links = view.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert all(link.startswith("file://") for link in links)
        for link in links:
            assert Path(link.removeprefix("file://").split("#")[0]).is_file(), link
        assert all(url.startswith("file://") for url in requests), requests
        shot = tmp_path / "screen.png"
        view.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 5000  # something was drawn
        assert view.title()


def test_a_bundle_takes_the_pdfs_a_build_made_but_never_stale_ones(bundle, tmp_path):
    """`allprint build` then `allprint bundle` in one project: the bundle copies the
    build's PDFs instead of laying them out again, and its zip has the bytes of a bundle
    made from nothing; a PDF whose source changed since the build is made anew."""
    (tmp_path / "allprint.toml").write_text("")
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "tiny-topic.yaml"
    shutil.copy(DATA / "tiny-topic.yaml", source)
    assert run_cli("build", cwd=tmp_path).returncode == 0
    built = sorted(p.name for p in tmp_path.glob("*/*.pdf"))
    result = run_cli("bundle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"; {len(built)} PDFs taken from the last build" in result.stdout
    made_alone = bundle.parents[1] / "dist" / "allprint-bundle.zip"
    assert (tmp_path / "dist" / "allprint-bundle.zip").read_bytes() == made_alone.read_bytes()

    text = source.read_text(encoding="utf-8")
    edited = text.replace("child: ", "child: Zebra news. ", 1)
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    result = run_cli("bundle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    taken = int(result.stdout.split("; ")[1].split()[0]) if "; " in result.stdout else 0
    assert taken < len(built)
    with zipfile.ZipFile(tmp_path / "dist" / "allprint-bundle.zip") as zf:
        child = zf.read("allprint-bundle/pamphlets/tiny-topic-child.pdf")
    (tmp_path / "child.pdf").write_bytes(child)
    assert "Zebra news." in pdf_text(tmp_path / "child.pdf")

    result = run_cli("bundle", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "taken from the last build" not in result.stdout  # --force makes everything


A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
# Laid out once on a page that fits both papers, then placed on each: a booklet's pages,
# a large-print guide's, and the printable cards'.
ONE_LAYOUT = [
    *(f"pamphlets/tiny-topic-{tier}{{paper}}-booklet.pdf" for tier in TIERS),
    *(f"pamphlets/tiny-topic-{tier}{{paper}}-large.pdf" for tier in ("child", "parent")),
    "decks/tiny-topic-cards{paper}.pdf",
]


@pytest.mark.parametrize("name", ONE_LAYOUT)
def test_a4_and_letter_copies_are_one_layout_centred_on_each_paper(bundle, name):
    a4, letter = bundle / name.format(paper=""), bundle / name.format(paper="-letter")
    booklet = "booklet" in name
    sheets = [(s[1], s[0]) if booklet else s for s in (A4, LETTER)]
    pages = []
    for path, sheet in zip((a4, letter), sheets, strict=True):
        reader = PdfReader(path)
        for page in reader.pages:
            box = [round(float(v), 2) for v in page.mediabox]
            assert round(box[2] - box[0], 1) == round(sheet[0], 1), path.name
            assert round(box[3] - box[1], 1) == round(sheet[1], 1), path.name
            # The paper is the finished page: no smaller trim box for a printer to cut to.
            for other in ("/CropBox", "/TrimBox", "/BleedBox"):
                if other in page:
                    assert [round(float(v), 2) for v in page[other]] == box, other
        pages.append(len(reader.pages))
    assert pages[0] == pages[1]
    for number in range(1, pages[0] + 1):
        words_a4, words_letter = word_boxes(a4, number), word_boxes(letter, number)
        assert [w[0] for w in words_a4] == [w[0] for w in words_letter]
        # Every word moves by the same amount (on a booklet's sheet: one per half sheet):
        # one layout, placed. A placed page is centred on its paper.
        moves = {
            (booklet and x0 >= sheets[0][0] / 2, round(lx - x0, 1), round(ly - y0, 1))
            for (_, x0, y0, *_), (_, lx, ly, *_) in zip(words_a4, words_letter, strict=True)
        }
        assert len(moves) <= (2 if booklet else 1), moves
        if not booklet and moves:
            [(_, dx, dy)] = moves
            assert (dx, dy) == (
                round((LETTER[0] - A4[0]) / 2, 1),
                round((LETTER[1] - A4[1]) / 2, 1),
            )


def test_a_bundle_for_one_paper_size_holds_that_size_only(bundle, tmp_path):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    source, out = str(tmp_path / "tiny-topic.yaml"), str(tmp_path / "dist")
    result = run_cli("bundle", source, "--paper", "letter", "--out", out)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "dist" / "allprint-bundle.zip") as zf:
        names = [n.removeprefix("allprint-bundle/") for n in zf.namelist()]
        index = zf.read("allprint-bundle/index.html").decode()
        # Laid out alone, each file has the bytes it has when laid out with its A4 copy.
        for name in names:
            if name.endswith(".pdf"):
                assert zf.read(f"allprint-bundle/{name}") == (bundle / name).read_bytes(), name
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert pdfs and all("-letter" in n for n in pdfs), pdfs
    assert "pamphlets/tiny-topic-child-letter-booklet.pdf" in pdfs
    assert "decks/tiny-topic-cards-letter.pdf" in pdfs and "decks/tiny-topic.apkg" in names
    assert "A4" not in index and "US Letter booklet" in index

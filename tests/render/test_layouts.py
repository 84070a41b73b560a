"""Paper sizes, booklets, large print and PDF standards, from one source."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import time
from collections import Counter

import pytest
from conftest import DATA, ROOT, run_build_py, text_positions, word_boxes
from pypdf import PdfReader

from allprint.pipeline.outputs import handout_html, pdf_job, render_one
from allprint.pipeline.plan import plan_topic
from allprint.pipeline.prepare import prepare
from allprint.pipeline.workers import run_job, run_jobs
from allprint.render.impose import saddle_stitch_order
from allprint.render.layout import PrintOptions

A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


def build(tmp_path, *options: str):
    tmp_path.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    out = tmp_path / "out"
    result = run_build_py(str(tmp_path / "tiny-topic.yaml"), "--out", str(out), *options)
    assert result.returncode == 0, result.stderr
    return out / "pamphlets"


def size(page) -> tuple[float, float]:
    return round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)


@pytest.mark.parametrize(("option", "expected"), [((), A4), (("--paper", "letter"), LETTER)])
def test_paper_size_and_content_inside_the_margins(tmp_path, option, expected):
    folder = build(tmp_path, *option)
    suffix = "-letter" if option else ""
    for tier in ("child", "parent", "clinician"):
        pdf = folder / f"tiny-topic-{tier}{suffix}.pdf"
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            width, height = size(page)
            assert (width, height) == expected
            # Each word where poppler draws it: pypdf places the text of a drawing (a
            # timeline's numbers, in a form of its own) as if the form were not moved.
            for word, x0, y0, x1, y1 in word_boxes(pdf, number):
                inside = x0 >= 25 and x1 <= width - 25 and y0 >= 20 and y1 <= height - 11
                assert inside, (tier, number, word, x0, y0, x1, y1)


def test_saddle_stitch_order():
    assert saddle_stitch_order(4) == [(3, 0), (1, 2)]
    assert saddle_stitch_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    with pytest.raises(ValueError):
        saddle_stitch_order(6)


@pytest.mark.parametrize(("paper", "sheet"), [("a4", A4), ("letter", LETTER)])
def test_booklet_is_two_up_on_landscape_sheets(tmp_path, paper, sheet):
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    out = tmp_path / "out"
    args = ("--layout", "booklet", "--paper", paper)
    result = run_build_py(str(tmp_path / "tiny-topic.yaml"), "--out", str(out), *args)
    assert result.returncode == 0, result.stderr
    folder = out / "pamphlets"
    suffix = "-booklet" if paper == "a4" else "-letter-booklet"
    reader = PdfReader(folder / f"tiny-topic-parent{suffix}.pdf")
    sides = len(reader.pages)
    # Each sheet carries 4 half-size pages, 2 a side, the pages padded to a multiple of 4.
    said = re.search(rf"parent{suffix}.pdf .*?(\d+) pages, (\d+) sheets? folded", result.stdout)
    pages, sheets = int(said.group(1)), int(said.group(2))
    assert sheets == -(-pages // 4) and sides == 2 * sheets
    for page in reader.pages:
        assert size(page) == (round(sheet[1], 1), round(sheet[0], 1))
    # The first sheet's front: the last page on the left, page 1 on the right.
    first = reader.pages[0]
    half = float(first.mediabox.width) / 2
    words = word_boxes(folder / f"tiny-topic-parent{suffix}.pdf", 1)
    title = [x0 for word, x0, *_ in words if word == "tiny"]
    assert title and min(title) > half, "page 1 is on the right half of the first sheet"
    assert all(x1 <= float(first.mediabox.width) - 20 for _, _, _, x1, _ in words)
    assert "The tiny topic" in first.extract_text()
    assert reader.trailer["/Root"]["/Lang"] == "en"


@pytest.mark.parametrize(("paper", "sheet"), [("a4", A4), ("letter", LETTER)])
def test_large_print_is_18_pt_or_more(tmp_path, paper, sheet):
    # On Letter, large print was set 5 % smaller, as Letter's standard handouts are: 17 pt.
    folder = build(tmp_path, "--large-print", "--paper", paper)
    suffix = "-large" if paper == "a4" else "-letter-large"
    assert sorted(p.name for p in folder.iterdir()) == [
        f"tiny-topic-child-essentials{suffix}.pdf",
        f"tiny-topic-child{suffix}.pdf",
        f"tiny-topic-parent-essentials{suffix}.pdf",
        f"tiny-topic-parent{suffix}.pdf",
    ]
    for tier in ("child", "parent"):
        for document in ("", "-essentials"):
            reader = PdfReader(folder / f"tiny-topic-{tier}{document}{suffix}.pdf")
            sizes = Counter()
            for page in reader.pages:
                assert size(page) == (round(sheet[0], 1), round(sheet[1], 1))
                for _, _, font_size in text_positions(page):
                    sizes[round(font_size)] += 1
            body = sizes.most_common(1)[0][0]
            assert body >= 18, (tier, document, sizes)
            # A guide's footer (its care-team number) and status mark were 8.5 and 10 pt.
            if not document:
                assert min(sizes) >= 12, (tier, sizes)


def test_copies_laid_out_together_have_the_bytes_each_has_alone():
    # A booklet's and a large-print guide's A4 and Letter copies are one layout, laid out
    # once in a bundle (run_jobs); standard handouts are laid out for their paper. The
    # copies centred on each paper (large print, the printable cards, tagged or not) are
    # painted once and written again with the other paper's boxes.
    prepared = prepare(DATA / "tiny-topic.yaml", dt.date(2026, 1, 1))

    def jobs(kind: str = "handout", **options) -> tuple:
        """The parent guide's (or the printable cards') A4 and Letter jobs in one print
        variant."""
        variants = [PrintOptions(paper, **options) for paper in ("a4", "letter")]
        guides = [
            o
            for o in plan_topic("tiny-topic", variants)
            if o.kind == kind and o.tier in ("parent", None) and o.document == "guide"
        ]
        return tuple(pdf_job(prepared, output, None) for output in guides)

    tagged = {"large_print": True, "pdf_variant": "pdf/ua-1"}
    for shared in (jobs(booklet=True), jobs(large_print=True), jobs(**tagged), jobs("cards")):
        assert len(shared) == 2 and shared[0].layout() == shared[1].layout()
        together = run_jobs(shared)
        assert [r.data for r in together] == [run_job(job).data for job in shared]
        assert together[0].data != together[1].data  # each on its own paper
    standard = jobs()
    assert standard[0].layout() != standard[1].layout()
    with pytest.raises(ValueError):
        run_jobs(standard)


def test_pdf_ua_is_tagged(tmp_path):
    folder = build(tmp_path, "--pdf-variant", "pdf/ua-1")
    root = PdfReader(folder / "tiny-topic-parent-pdfua.pdf").trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"]


def test_pdf_a_has_an_output_intent(tmp_path):
    folder = build(tmp_path, "--pdf-variant", "pdf/a-3b")
    root = PdfReader(folder / "tiny-topic-parent-pdfa.pdf").trailer["/Root"]
    assert root["/OutputIntents"]
    assert "/Metadata" in root


def test_builds_are_byte_identical_across_folders_and_times(tmp_path, tiny_built):
    first = build(tmp_path / "one", "--layout", "booklet")
    time.sleep(1.1)
    second = build(tmp_path / "two", "--layout", "booklet")
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # The shared build was made earlier, in another folder; decks too (the notes' GUIDs).
    plain_one, plain_two = tiny_built / "pamphlets", build(tmp_path / "four")
    for name in sorted(p.name for p in plain_one.iterdir()):
        assert (plain_one / name).read_bytes() == (plain_two / name).read_bytes(), name
    deck = "decks/tiny-topic.apkg"
    assert (plain_one.parent / deck).read_bytes() == (plain_two.parent / deck).read_bytes()


@pytest.fixture(scope="module")
def bundled_topic():
    return prepare(ROOT / "content" / "pediatric-all.yaml", dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("tier", "variant"),
    [
        # The clinician's drug tables in a booklet: "Pegaspargase" was cut anywhere.
        ("clinician", PrintOptions("a4", booklet=True)),
        # The parent's fill-in tables: day columns printed "Mo" / "n", "We" / "d".
        ("parent", PrintOptions("a4")),
        ("parent", PrintOptions("letter", large_print=True)),
        ("parent", PrintOptions("letter", booklet=True)),
    ],
)
def test_no_word_is_cut_without_a_hyphen(tmp_path, bundled_topic, tier, variant):
    # Every word a reader sees is a word of the handout, or two halves of one joined at
    # a line-end hyphen.
    outputs = plan_topic("pediatric-all", [variant])
    [output] = [o for o in outputs if o.tier == tier and o.document == "guide"]
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(render_one(bundled_topic, output).data)
    laid_out = handout_html(bundled_topic, output)
    text = html.unescape(re.sub("<[^>]+>", " ", laid_out)).lower()
    known = set(re.findall(r"[a-z]+", text))
    # A web address wraps wherever it must (the reader types it, never reads it as words):
    # its pieces are not words cut.
    addresses = " ".join(s.url.lower() for s in bundled_topic.topic.sources if s.url)

    seen = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split()
    cut, at = [], 0
    while at < len(seen):
        token = seen[at].lower()
        if token.endswith("-") and at + 1 < len(seen):
            joined = re.findall(r"[a-z]+", token[:-1] + seen[at + 1].lower())
            if all(w in known for w in joined):  # hyphenated at a line end
                at += 2
                continue
        cut += [w for w in re.findall(r"[a-z]+", token) if w not in known and w not in addresses]
        at += 1
    assert cut == [], cut

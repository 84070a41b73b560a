"""Translations through gettext catalogues: extract, update (fuzzy), a translated deck
that is never half English, and stale text said out loud."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from anki.collection import Collection
from conftest import DATA, import_deck, pdf_pages_text, pdf_text, run_cli, word_boxes
from pypdf import PdfReader


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    (tmp_path / "allprint.toml").write_text("")
    return tmp_path


def catalogue(project: Path) -> Path:
    return project / "translations" / "tiny-topic"


def pot(project: Path) -> polib.POFile:
    assert run_cli("translate", "extract", cwd=project).returncode == 0
    return polib.pofile(str(catalogue(project) / "tiny-topic.pot"))


def spanish(project: Path, fill=lambda e: "ES " + e.msgid, **headers: str) -> Path:
    """A complete Spanish catalogue (every entry "translated" by `fill`), with `headers`
    added to its metadata (`X_Allprint_Outputs` for "X-Allprint-Outputs")."""
    template = pot(project)
    po = polib.POFile()
    po.metadata = {**template.metadata, "Language": "es", "X-Allprint-English-Version": "0.1.0"}
    po.metadata.update({name.replace("_", "-"): value for name, value in headers.items()})
    for e in template:
        po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=fill(e)))
    path = catalogue(project) / "es.po"
    po.save(str(path))
    return path


def untranslate(path: Path, context: str) -> polib.POEntry:
    """Empty the translation of one entry of the catalogue at `path`; the entry."""
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == context)
    entry.msgstr = ""
    po.save(str(path))
    return entry


def test_extract_lists_each_string_by_place_with_its_line(project):
    entries = {(e.msgctxt, e.msgid): e for e in pot(project)}
    source = (project / "content" / "tiny-topic.yaml").read_text().splitlines()
    key = ("sections/medicines/text/parent", "Your child will take several medicines.")
    assert key in entries
    line = int(entries[key].occurrences[0][1])
    assert "Your child will take several medicines." in source[line - 1]
    fact = "sections/medicines/items/vincristine/facts/Mechanism"
    assert (fact, "Blocks microtubules so cells cannot divide.") in entries
    assert ("cards/fever-threshold/back", "38 °C or higher.") in entries
    assert ("fact-label/Mechanism", "Mechanism") in entries
    assert ("ui", "Sources: ") in entries
    contexts = {c for c, _ in entries}
    assert not any(c.startswith("sources") or c.endswith("/id") for c in contexts)


def test_update_marks_changed_english_fuzzy_and_adds_new_entries(project):
    path = spanish(project)
    source = project / "content" / "tiny-topic.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("back: 38 °C or higher.", "back: 38.0 °C or higher."), encoding="utf-8"
    )
    result = run_cli("translate", "update", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "1 fuzzy" in result.stdout
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == "cards/fever-threshold/back")
    assert entry.msgid == "38.0 °C or higher." and "fuzzy" in entry.flags
    assert entry.previous_msgid == "38 °C or higher." and entry.msgstr == "ES 38 °C or higher."


def test_a_complete_translation_makes_its_own_deck_beside_the_english(project, tmp_path):
    spanish(project)
    result = run_cli("build", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    deck = project / "decks" / "tiny-topic-es.apkg"
    assert deck.exists() and "tiny-topic-es.apkg" in result.stdout
    # The deck in every form: Anki text, plain text, printable cards in its words.
    assert (project / "decks" / "tiny-topic-es.tsv").exists()
    rows = list(csv.reader((project / "decks" / "tiny-topic-es.csv").read_text().splitlines()))
    assert len(rows) == 8 and all(front.startswith("ES ") for front, _ in rows)
    # The printable cards: every card's front and back as the reader cuts them out.
    printed = pdf_pages_text(project / "decks" / "tiny-topic-es-cards.pdf")
    fronts, backs = (" ".join(page.split()) for page in printed)
    assert "ES flashcards" in fronts and "ES print double-sided" in fronts
    for front, back in rows:
        assert front in fronts and back in backs, (front, back)
    assert (catalogue(project) / "es.deck-lock.json").exists()
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        english = import_deck(col, project / "decks" / "tiny-topic.apkg")
        translated = import_deck(col, deck)
        # Own notes: importing one deck never overwrites the other.
        assert len(translated.new) == len(english.new) and not translated.updated
        note = col.get_note(col.find_notes('"deck:ES Tiny Topic::*"')[0])
        assert all(f.startswith("ES ") for f in note.fields if f)
    finally:
        col.close()


def test_changed_english_marks_the_deck_out_of_date_and_strict_fails(project):
    path = spanish(project)  # from an older English: the longer mark, naming both versions
    path.write_text(path.read_text("utf-8").replace("Version: 0.1.0", "Version: 0.0.9"), "utf-8")
    source = project / "content" / "tiny-topic.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("back: 38 °C or higher.", "back: 38.0 °C or higher."), "utf-8")
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "tiny-topic-es.apkg is marked out of date" in said
    assert "'cards/fever-threshold/back' at es.po:" in said
    assert "out of date" in next(x for x in result.stdout.splitlines() if "-es.apkg" in x)
    assert run_cli("build", "--jobs", "1", "--strict", cwd=project).returncode == 1


def test_printable_cards_carry_every_mark_whole_on_both_sides(project):
    # Translation not reviewed, translation out of date (and a draft's mark): at the end
    # of the instructions line they ran off the page ("BORRADOR — no distrib").
    path = spanish(project)  # from an older English: the longer mark, naming both versions
    path.write_text(path.read_text("utf-8").replace("Version: 0.1.0", "Version: 0.0.9"), "utf-8")
    source = project / "content" / "tiny-topic.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("back: 38 °C or higher.", "back: 38.0 °C or higher."), "utf-8")
    result = run_cli("build", "--jobs", "1", "--paper", "letter", cwd=project)
    assert result.returncode == 0, result.stderr
    pdf = project / "decks" / "tiny-topic-es-cards-letter.pdf"
    box = PdfReader(pdf).pages[0].mediabox
    width, height, edge = float(box.width), float(box.height), 5 * 72 / 25.4
    marks = (
        "ES Translation not yet reviewed by a medical translator",
        "ES Translation out of date (English version 0.0.9; now 0.1.0)",
    )
    for page in (1, 2):  # the fronts, and the backs behind them
        words = word_boxes(pdf, page)
        seen = " ".join(w for w, *_ in words)
        assert all(mark in seen for mark in marks), seen
        assert all(x0 >= 0 and x1 <= width for _, x0, _, x1, _ in words)
        # 5 mm clear of the paper's edge, where cheap printers stop printing.
        near = [w for w in words if w[2] < edge or w[4] > height - edge]
        assert near == [], near


def test_a_missing_translation_withdraws_the_deck_with_a_warning(project):
    path = spanish(project)
    assert run_cli("build", "--jobs", "1", cwd=project).returncode == 0
    deck = project / "decks" / "tiny-topic-es.apkg"
    assert deck.exists()
    untranslate(path, "cards/fever-threshold/front")
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "tiny-topic-es.apkg is not made: 1 entries of es.po" in said
    assert "'cards/fever-threshold/front'" in said
    assert not deck.exists()  # never handed out half in English


# --- translated handouts ------------------------------------------------------------------


def test_a_complete_translation_makes_every_handout_in_its_language(project):
    spanish(project)
    result = run_cli("build", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    pdf = project / "pamphlets" / "tiny-topic-child-es.pdf"
    assert pdf.exists() and (project / "pamphlets" / "tiny-topic-parent-essentials-es.pdf").exists()
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert len(pages) >= 2  # so that each page's number is its own
    for number, text in enumerate(pages, start=1):
        assert f"ES Page {number} ES of {len(pages)}" in text, (number, text)
    # Nothing of the English handout's own words is left in it.
    for english in ("For children", "Version", "Where this information comes from"):
        assert all(f"ES {english}" in p or english not in p for p in pages), english


def test_an_incomplete_handout_is_withdrawn_and_the_others_are_made(project):
    path = spanish(project)
    assert run_cli("build", "--jobs", "1", cwd=project).returncode == 0
    child = project / "pamphlets" / "tiny-topic-child-es.pdf"
    assert child.exists()
    untranslate(path, "sections/what-is-it/text/child")
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "pamphlets/tiny-topic-child-es.pdf is not made: 1 entries of es.po" in said
    assert "'sections/what-is-it/text/child' at es.po:" in said
    assert not child.exists()
    assert (project / "pamphlets" / "tiny-topic-parent-es.pdf").exists()


def test_a_clinicians_facts_table_heads_its_columns_in_the_catalogues_words(project):
    path = spanish(project, X_Allprint_Outputs="clinician")
    assert run_cli("build", "--jobs", "1", cwd=project).returncode == 0
    pdf = project / "pamphlets" / "tiny-topic-clinician-es.pdf"
    text = pdf_text(pdf)
    for label in ("Class", "Mechanism", "Monitoring"):
        assert f"ES {label}" in text and text.count(label) == text.count(f"ES {label}"), label
    untranslate(path, "fact-label/Mechanism")
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "tiny-topic-clinician-es.pdf is not made: 1 entries of es.po" in said
    assert "'fact-label/Mechanism'" in said
    assert not pdf.exists()  # never a column headed in English


def test_a_handout_from_older_english_says_so_on_every_page(project):
    spanish(project)
    source = project / "content" / "tiny-topic.yaml"
    text = source.read_text(encoding="utf-8")
    old = "child: Your blood is made inside your bones."
    assert old in text
    source.write_text(text.replace(old, "child: Your blood is made in your bones."), "utf-8")
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "tiny-topic-child-es.pdf is marked out of date" in said
    pages = PdfReader(project / "pamphlets" / "tiny-topic-child-es.pdf").pages
    marks = [(p.extract_text() or "").lower() for p in pages]
    # The English version is the catalogue's: it is printed once, not "0.1.0; now 0.1.0".
    assert all("es translation out of date (english now at version 0.1.0)" in m for m in marks)
    assert run_cli("build", "--jobs", "1", "--strict", cwd=project).returncode == 1


@pytest.mark.parametrize("layout", ["standard", "booklet"])
def test_marks_and_footers_stay_clear_of_the_paper_edge(project, layout):
    # Two marks at full size took two lines and rose past the top edge ("BORRADOR" was
    # cut off); a three-line footer reached the bottom edge, where printers stop printing.
    spanish(project)
    source = project / "content" / "tiny-topic.yaml"
    text = source.read_text(encoding="utf-8")
    old = "child: Your blood is made inside your bones."  # the child's handouts: out of date
    source.write_text(text.replace(old, "child: Your blood is made in your bones."), "utf-8")
    result = run_cli("build", "--jobs", "1", "--layout", layout, cwd=project)
    assert result.returncode == 0, result.stderr
    edge = 4 * 72 / 25.4  # 4 mm, in points
    pdfs = sorted(p for p in (project / "pamphlets").glob("*.pdf") if "es" in p.stem.split("-"))
    assert len(pdfs) >= 3
    for pdf in pdfs:
        reader = PdfReader(pdf)
        height = float(reader.pages[0].mediabox.height)
        for page in range(1, len(reader.pages) + 1):
            words = word_boxes(pdf, page)
            seen = " ".join(w for w, *_ in words).lower()
            assert "es translation not yet reviewed by a medical translator" in seen, pdf.name
            if "-child-" in pdf.name:
                assert "es translation out of date" in seen, pdf.name
            assert all(y0 >= edge and y1 <= height - edge for _, _, y0, _, y1 in words), (
                pdf.name,
                page,
                [w for w in words if w[2] < edge or w[4] > height - edge],
            )


def arabic(project: Path) -> Path:
    """A complete Arabic catalogue (placeholder text, placeholders and blanks kept)."""
    template = pot(project)
    po = polib.POFile()
    po.metadata = {**template.metadata, "Language": "ar"}
    for e in template:
        placeholders = " ".join(re.findall(r"\{\w+\}", e.msgid))
        text = f"نص عربي {placeholders}".strip()
        if "{{c1::" in e.msgid:
            text = "نص {{c1::عربي}}"
        po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=text))
    path = catalogue(project) / "ar.po"
    po.save(str(path))
    return path


def test_arabic_is_laid_out_right_to_left_with_an_arabic_font(project):
    arabic(project)
    result = run_cli("build", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    pdf = project / "pamphlets" / "tiny-topic-parent-essentials-ar.pdf"
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "ar"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Noto-Sans-Arabic" in fonts
    # Right to left: lines start at the right margin.
    words = word_boxes(pdf, 1)
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    body = [w for w in words if 150 < w[2] < 700]
    assert body and max(w[3] for w in body) > width - 60
    assert min(w[1] for w in body) > 40


def test_a_catalogue_covers_only_the_outputs_its_header_names(project):
    path = spanish(project, X_Allprint_Outputs="child-essentials, deck")
    untranslate(path, "sections/what-is-it/text/parent")
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    made = sorted(p.name for p in (project / "pamphlets").glob("*-es.pdf"))
    assert made == ["tiny-topic-child-essentials-es.pdf"]
    assert (project / "decks" / "tiny-topic-es.apkg").exists()
    assert "not made" not in said  # the parent guide lacks an entry, but is not in scope


def test_a_translation_is_held_to_its_own_languages_reading_ease(project):
    # Enough Spanish child text to score (100 words or more).
    longer = " La sangre se hace dentro de los huesos." * 20
    spanish(project, lambda e: "ES " + e.msgid + (longer if e.msgctxt.endswith("/child") else ""))
    source = project / "content" / "tiny-topic.yaml"
    text = source.read_text(encoding="utf-8")
    assert "reading_level:" not in text
    source.write_text(text + "reading_level:\n  ease: {es: {child: 200}}\n", "utf-8")
    result = run_cli("check", cwd=project)
    said = result.stdout + result.stderr
    assert "tiny-topic-child-es.pdf reads at Fernández-Huerta ease" in said
    assert "the least is 200" in said


# --- the bundled translations ---------------------------------------------------------------


def test_the_bundled_spanish_deck_imports_beside_the_english_one(built_topic, tmp_path):
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        english = import_deck(col, built_topic / "decks" / "pediatric-all.apkg")
        spanish_deck = import_deck(col, built_topic / "decks" / "pediatric-all-es.apkg")
        assert len(spanish_deck.new) >= 150 and not spanish_deck.updated
        assert col.note_count() == len(english.new) + len(spanish_deck.new)
        assert col.find_notes('"deck:LLA pediátrica::Medicamentos"')
    finally:
        col.close()


def test_the_bundled_translations_print_in_their_language(built_topic):
    child = built_topic / "pamphlets" / "pediatric-all-child-es.pdf"
    reader = PdfReader(child)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in text and "Page " not in text, number
    arabic = built_topic / "pamphlets" / "pediatric-all-parent-essentials-ar.pdf"
    assert PdfReader(arabic).trailer["/Root"]["/Lang"] == "ar"
    assert len(PdfReader(arabic).pages) <= 2
    fonts = subprocess.run(["pdffonts", str(arabic)], capture_output=True, text=True).stdout
    assert "Noto-Sans-Arabic" in fonts
    for name in ("parent-essentials-es", "child-essentials-es"):
        assert len(PdfReader(built_topic / "pamphlets" / f"pediatric-all-{name}.pdf").pages) <= 2


def test_translated_text_the_fonts_cannot_draw_is_named_at_its_catalogue_line(project):
    def fill(e: polib.POEntry) -> str:
        return ("ES 白血病 " if "what-is-it" in e.msgctxt else "ES ") + e.msgid

    path = spanish(project, fill)
    result = run_cli("check", cwd=project)
    said = result.stdout + result.stderr
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("msgstr") and "白" in text)
    assert f"es.po:{line}: the handout fonts cannot draw" in said and "U+767D" in said


def test_an_unreviewed_translation_says_so_on_every_page(project):
    spanish(project)
    assert run_cli("build", "--jobs", "1", cwd=project).returncode == 0
    pages = PdfReader(project / "pamphlets" / "tiny-topic-parent-essentials-es.pdf").pages
    marks = [(p.extract_text() or "").lower() for p in pages]
    assert all("es translation not yet reviewed by a medical translator" in m for m in marks)


def test_a_term_list_keeps_one_translation_per_medical_word(project):
    path = spanish(project)
    (catalogue(project) / "es.terms").write_text("# fixed terms\nbone marrow = médula ósea\n")
    result = run_cli("check", cwd=project)
    said = result.stdout + result.stderr
    line = next(e.linenum for e in polib.pofile(str(path)) if "bone marrow" in e.msgid.lower())
    assert f"es.po:{line}: 'bone marrow' is translated 'médula ósea' in es.terms" in said


def test_a_reviewed_translation_names_its_reviewer(project):
    spanish(project, X_Allprint_Review="reviewed by Ana Ruiz on 2026-11-20")
    assert run_cli("build", "--jobs", "1", cwd=project).returncode == 0
    pdf = project / "pamphlets" / "tiny-topic-parent-es.pdf"
    text = " ".join((p.extract_text() or "") for p in PdfReader(pdf).pages)
    # the date as the catalogue's date pattern writes it ("ES {year}-{mm}-{dd}")
    assert "ES Translation reviewed by Ana Ruiz on ES 2026-11-20." in " ".join(text.split())
    assert "not yet reviewed by a medical translator" not in text.lower()


# Each paragraph and list item of a page as the browser laid it out: its first line's
# left and right ends, its content box, and the box of the list it is in.
# Every line of text, but the words centred on a drawing (a timeline's, a step's).
LINES = """() => [...document.querySelectorAll('body p, body li')]
  .filter(e => e.innerText.trim() && !e.closest('.timeline, .steps'))
  .map(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    const top = Math.min(...rects.map(r => r.top));
    const first = rects.filter(r => r.top < top + 2);
    const box = e.getBoundingClientRect(), style = getComputedStyle(e);
    const list = e.parentElement;
    return {
      text: e.innerText.slice(0, 30), bulleted: e.tagName == 'LI' && list.tagName == 'UL'
        && !list.className, left: box.left, right: box.right,
      start: Math.max(...first.map(r => r.right)),
      edge: box.right - parseFloat(style.paddingRight),
      listLeft: list.getBoundingClientRect().left, listRight: list.getBoundingClientRect().right,
    };
  })"""


def test_an_arabic_phone_page_reads_right_to_left(project, tmp_path):
    import datetime as dt

    from conftest import phone_view

    from allprint.pipeline.prepare import prepare
    from allprint.render.html import render_phone_html

    arabic(project)
    prepared = prepare(project / "content" / "tiny-topic.yaml", dt.date(2026, 11, 26))
    page = tmp_path / "parent-ar.html"
    page.write_text(render_phone_html(prepared.handouts["ar"].views["parent"]), "utf-8")
    with phone_view(page.as_uri()) as (view, requests):
        blocks = view.evaluate(LINES)
    assert requests == [page.as_uri()]  # nothing to fetch: the phone's own fonts
    assert len(blocks) > 10
    for block in blocks:  # every line starts at the right
        assert abs(block["start"] - block["edge"]) < 1.5, block
    bullets = [b for b in blocks if b["bulleted"]]
    assert bullets
    for item in bullets:  # indented from the right, where its bullet goes
        assert item["listRight"] - item["right"] >= 16 and item["left"] - item["listLeft"] < 1


def test_a_catalogue_that_cannot_be_read_stops_only_its_language(project):
    (catalogue(project)).mkdir(parents=True)
    (catalogue(project) / "es.po").write_bytes(b"\xff\xfe\x00 not text")
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "es.po:1: is not UTF-8 text (byte 0xff)" in said and "Traceback" not in said
    assert (project / "pamphlets" / "tiny-topic-child.pdf").exists()
    assert not list((project / "pamphlets").glob("*-es.pdf"))
    update = run_cli("translate", "update", cwd=project)
    assert update.returncode == 1 and "es.po:1: is not UTF-8 text" in update.stderr


def test_a_catalogue_that_is_a_folder_is_named_not_a_traceback(project):
    (catalogue(project) / "es.po").mkdir(parents=True)
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in said
    assert "es.po: is not a file a catalogue can be read from" in said


def test_html_shows_a_handout_in_a_catalogues_language(project):
    path = spanish(project)
    source = str(project / "content" / "tiny-topic.yaml")
    result = run_cli("html", source, "--tier", "child", "--language", "es", cwd=project)
    assert result.returncode == 0, result.stderr
    assert 'lang="es"' in result.stdout and "ES Page" in result.stdout
    assert result.stderr == ""

    entry = untranslate(path, "sections/what-is-it/text/child")
    result = run_cli("html", source, "--tier", "child", "--language", "es", cwd=project)
    assert result.returncode == 0, result.stderr
    assert entry.msgid in result.stdout  # shown in English
    assert "note: 1 entries of es.po for this handout are not translated" in result.stderr

    result = run_cli("html", source, "--tier", "child", "--language", "fr", cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: content/tiny-topic.yaml: no usable translation into 'fr' (catalogues: es; "
        "start one by "
        "copying translations/tiny-topic/tiny-topic.pot to fr.po beside it)"
    ]


def test_check_lists_each_translated_output_and_what_a_build_does_with_it(project):
    import json

    path = spanish(project)
    untranslate(path, "sections/what-is-it/text/child")
    result = run_cli("check", cwd=project)
    table = result.stdout.split("Translations (translations/ID/LANG.po):\n")[1]
    rows = {" ".join(line.split()[:3]): line for line in table.splitlines()[2:] if line.strip()}
    assert "not made: 1 entries missing" in rows["es child guide"]
    assert rows["es parent guide"].split()[3] == "made"
    assert rows["es deck made"].split()[2:] == ["made", "(8", "notes)"]
    assert "(allprint translate status lists each entry lacking, at its .po line)" in table

    report = json.loads(run_cli("check", "--json", cwd=project).stdout)[0]
    states = {(r["language"], r["output"]): r["state"] for r in report["translations"]}
    assert states[("es", "child guide")] == "not made: 1 entries missing"
    assert states[("es", "parent guide")] == "made"
    child = next(r for r in report["translations"] if r["output"] == "child guide")
    assert [m["context"] for m in child["missing"]] == ["sections/what-is-it/text/child"]
    at = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index('msgctxt "sections/what-is-it/text/child"')
    )
    assert child["missing"][0]["po_line"] == at + 2  # its msgid, after its context


def test_the_printable_cards_title_and_date_are_in_the_cards_language(project):
    # The catalogue's date pattern decides the form; "ES " marks each translated string.
    spanish(project)
    result = run_cli("build", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    cards = project / "decks" / "tiny-topic-es-cards.pdf"
    about = PdfReader(cards).metadata  # what a viewer shows in its title bar
    assert about.title.startswith("ES ") and about.title.endswith("flashcards to print")
    assert about.subject.startswith("ES ")
    pages = pdf_pages_text(cards)
    text = " ".join(" ".join(pages).split())
    assert "ES updated ES 2026-01-15" in text, text


def test_translate_status_lists_every_entry_lacking_at_its_po_line(project):
    """Every missing and fuzzy entry of each output, at its line in es.po (the build's
    warning names a few and says where to see them all), in `check --json` too."""
    import json

    path = spanish(project)
    po = polib.pofile(str(path))
    parts = ("/text/", "/definition/", "/heading/")
    emptied = [e.msgctxt for e in po if any(part in e.msgctxt for part in parts)]
    for entry in po:
        if entry.msgctxt in emptied:
            entry.msgstr = ""
    changed = next(e for e in po if e.msgctxt.startswith("cards/"))
    changed.flags.append("fuzzy")
    po.save(str(path))
    assert len(emptied) > 5
    lines = path.read_text(encoding="utf-8").splitlines()

    def po_line(context: str) -> int:  # the entry's English (msgid) follows its context
        at = lines.index(f'msgctxt "{context}"')
        return at + 2

    said = run_cli("translate", "status", cwd=project)
    assert said.returncode == 0, said.stderr
    out = said.stdout.splitlines()
    assert out[0] == "content/tiny-topic.yaml:"
    for context in emptied:
        hits = [ln for ln in out if f": missing: {context} " in ln]
        assert hits, context
        assert hits[0].lstrip().startswith(f"translations/tiny-topic/es.po:{po_line(context)}: ")
    fuzzy = [ln for ln in out if f": fuzzy: {changed.msgctxt} " in ln]
    assert fuzzy and f"es.po:{po_line(changed.msgctxt)}: " in fuzzy[0]
    assert any(ln.startswith("  es child guide: not made: ") for ln in out)

    report = json.loads(run_cli("check", "--json", cwd=project).stdout)[0]
    row = next(r for r in report["translations"] if r["output"] == "child guide")
    missing = {m["context"]: m["po_line"] for m in row["missing"]}
    child = [c for c in emptied if c.endswith("/child")]
    assert child and all(missing[c] == po_line(c) for c in child)

    checked = run_cli("check", cwd=project)  # the build's warnings, without the build
    warned = checked.stdout + checked.stderr
    assert "pamphlets/tiny-topic-parent-es.pdf is not made: " in warned
    assert "more: `allprint translate status` lists every one" in warned, warned

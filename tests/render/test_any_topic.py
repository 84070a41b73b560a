"""A topic of another kind than the bundled one (childhood asthma, tests/data/asthma.yaml)
prints nothing of leukemia's: every output built once from the command line and read
back. The bundled topic still prints its own lines, and the small things seen on its
pages (the fever blank's unit, the tools' title, the wallet card's pointer to the
number, the clinician sheet's references) read right."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, ROOT, pdf_pages_text, pdf_text, run_cli, word_boxes
from pypdf import PdfReader

from allprint.pipeline.outputs import render_one
from allprint.pipeline.plan import PlannedOutput
from allprint.pipeline.prepare import prepare
from allprint.project.config import Site

TOOL_WORDS = ("central line", "treatment phase", "chemotherapy")
HANDOUTS = [
    f"asthma-{tier}{document}.pdf"
    for tier in ("child", "parent", "clinician")
    for document in ("", "-essentials")
] + ["asthma-parent-tools.pdf"]


@pytest.fixture(scope="module")
def asthma(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every output of the asthma topic, built once with `allprint build` in a new project."""
    project = tmp_path_factory.mktemp("asthma")
    (project / "content").mkdir()
    shutil.copy(DATA / "asthma.yaml", project / "content")
    result = run_cli("build", "--project", str(project), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return project


def test_every_pdf_of_another_topic_is_free_of_the_first_topics_tool_words(asthma):
    pdfs = sorted((asthma / "pamphlets").glob("*.pdf")) + sorted((asthma / "decks").glob("*.pdf"))
    assert sorted(p.name for p in pdfs) == sorted([*HANDOUTS, "asthma-cards.pdf"])
    for pdf in pdfs:
        text = pdf_text(pdf).lower()
        assert text, pdf.name
        for word in TOOL_WORDS:
            assert word not in text, f"{word!r} in {pdf.name}"
        # The topic says fever is not its sign to act on: no fever rule, no blank for one.
        assert "fever rule" not in text, pdf.name


def test_the_deck_of_another_topic_is_free_of_them_in_anki(asthma, tmp_path):
    from anki.collection import Collection
    from conftest import import_deck

    col = Collection(str(tmp_path / "c.anki2"))
    try:
        import_deck(col, asthma / "decks" / "asthma.apkg")
        notes = [col.get_note(nid) for nid in col.find_notes("")]
        text = " ".join(field for note in notes for field in note.fields).lower()
    finally:
        col.close()
    assert len(notes) == 2 and "reliever" in text
    exports = [(asthma / "decks" / f"asthma.{kind}").read_text().lower() for kind in ("tsv", "csv")]
    for word in TOOL_WORDS:
        assert word not in text
        assert all(word not in export for export in exports)


def test_the_fill_in_pages_ask_what_the_topic_says(asthma):
    tools = pdf_pages_text(asthma / "pamphlets" / "asthma-parent-tools.pdf")
    flat = [" ".join(page.split()) for page in tools]
    card, care_team, schedule, log = flat[0], flat[1], flat[2], flat[3]
    assert "Reliever inhaler:" in card and "Diagnosis: Asthma" in card
    assert "Asthma action plan given on:" in care_team and "Known triggers:" in care_team
    assert "Medicine Puffs or dose When Mon" in schedule
    assert "Breathing log" in log and "Temperature" not in log
    assert "Signs to write down: Cough; Wheezing; Short of breath; Waking at night." in log
    assert "Date Time Symptoms Reliever used What I did" in log
    # The parent guide ends with the same pages.
    guide = pdf_text(asthma / "pamphlets" / "asthma-parent.pdf")
    assert "Known triggers:" in guide and "Breathing log" in guide


def test_the_tools_are_titled_by_the_topic_not_as_a_guide(asthma):
    path = asthma / "pamphlets" / "asthma-parent-tools.pdf"
    title = "Fill-in pages and wallet card: Childhood asthma"
    assert title in " ".join(pdf_pages_text(path)[0].split())
    assert PdfReader(path).metadata.title == title


@pytest.fixture(scope="module")
def bundled():
    """The bundled topic prepared once; its outputs are made one at a time, as needed."""
    return prepare(ROOT / "content" / "pediatric-all.yaml", dt.date(2026, 12, 1))


def _pdf(prepared, tmp_path: Path, tier: str, document: str, site: Site | None = None) -> Path:
    rendered = render_one(prepared, PlannedOutput("pediatric-all", "handout", tier, document), site)
    path = tmp_path / f"{tier}-{document}.pdf"
    path.write_bytes(rendered.data)
    return path


def test_the_bundled_topic_still_prints_its_own_lines_and_the_fever_unit(bundled, tmp_path):
    path = _pdf(bundled, tmp_path, "parent", "tools")
    pages = [" ".join(page.split()) for page in pdf_pages_text(path)]
    card, care_team, log = pages[0], pages[1], pages[3]
    assert "Central line:" in card
    assert "Type of central line:" in care_team and "Treatment phase:" in care_team
    assert "Temperature and symptom log" in log
    # Without a site, the blank for the fever rule names both units.
    assert "Our fever rule: ______ °C / °F" in card
    assert "Our fever rule: ______ °C / °F. With a fever, call the care team" in log
    assert "Fill-in pages and wallet card: Pediatric ALL" in card
    # The front of the card says where the number is: on the back (the other half).
    words = word_boxes(path)
    back = next(x0 for w, x0, *_ in words if w == "Please")
    turn = [x0 for w, x0, *_ in words if w in ("number", "back.")]
    assert "The number to call is on the back." in card
    assert turn and all(x < back for x in turn)


def test_the_child_sheet_is_not_called_a_book(bundled, tmp_path):
    text = pdf_text(_pdf(bundled, tmp_path, "child", "essentials"))
    assert "These pages help you learn." in text
    assert "book" not in text.lower()


def test_every_number_the_clinician_sheet_cites_is_listed_on_it(bundled, tmp_path):
    text = pdf_text(_pdf(bundled, tmp_path, "clinician", "essentials"))
    body, _, sources = text.rpartition("Sources: [")
    cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", body) for n in group.split(",")}
    listed = {int(n) for n in re.findall(r"\[(\d+)\] ", "[" + sources)}
    assert cited and cited == listed


def test_the_approval_date_and_the_sources_are_two_sentences(bundled, tmp_path):
    site = Site(phone="555 0100", approved_by="Head nurse", approved_on=dt.date(2026, 11, 1))
    text = pdf_text(_pdf(bundled, tmp_path, "parent", "essentials", site))
    assert "approved by Head nurse on 2026-11-01. Sources: " in text


def test_a_bundle_index_names_no_flashcards_for_a_topic_without_a_deck(bundled):
    from allprint.pipeline.bundle import _DECK_LABELS, _index
    from allprint.pipeline.plan import plan_topic
    from allprint.render.layout import PrintOptions

    variants = [PrintOptions()]
    outputs = plan_topic("pediatric-all", variants, phone_pages=True)
    files = {o.path: b"x" for o in outputs if o.kind not in _DECK_LABELS}
    assert "Flashcards for staff" not in _index([bundled.topic], files, {}, variants)
    every = {o.path: b"x" for o in outputs}
    assert "Flashcards for staff" in _index([bundled.topic], every, {}, variants)


def test_the_bundled_topics_own_lines_keep_their_translations():
    import polib

    contexts = ("tools/care_team_lines/0", "tools/care_team_lines/1", "wallet_card/lines/0")
    for language in ("es", "ar"):
        po = polib.pofile(str(ROOT / "translations" / "pediatric-all" / f"{language}.po"))
        found = {e.msgctxt: e for e in po if e.msgctxt in contexts and not e.obsolete}
        assert sorted(found) == sorted(contexts)
        assert all(e.msgstr and "fuzzy" not in e.flags for e in found.values()), language
        assert found["tools/care_team_lines/0"].msgid == "Type of central line:"

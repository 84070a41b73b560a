"""What a catalogue must hold before it prints: language names, marks that are
translations like any other text, and `check` saying what `build` does."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polib
import pytest
from conftest import DATA, run_cli

from allprint.editions.tiers import DRAFT_MARK
from allprint.editions.words import UI
from allprint.pipeline.options import BuildOptions
from allprint.pipeline.outputs import is_withdrawn, output_views, pdf_job
from allprint.pipeline.plan import PlannedOutput
from allprint.pipeline.prepare import plan, prepare
from allprint.render.layout import PrintOptions
from allprint.translation.translate import OUT_OF_DATE_NOW

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    (tmp_path / "allprint.toml").write_text("")
    assert run_cli("translate", "extract", cwd=tmp_path).returncode == 0
    return tmp_path


def source(project: Path) -> Path:
    return project / "content" / "tiny-topic.yaml"


def catalogue(project: Path, name: str = "es.po", fill=lambda e: "ES " + e.msgid, **header):
    """A complete catalogue at translations/tiny-topic/`name`, each entry filled by `fill`
    (None: left untranslated)."""
    folder = project / "translations" / "tiny-topic"
    template = polib.pofile(str(folder / "tiny-topic.pot"))
    po = polib.POFile(wrapwidth=0)
    po.metadata = {**template.metadata, "Language": "es", "X-Allprint-English-Version": "0.1.0"}
    po.metadata.update({key.replace("_", "-"): value for key, value in header.items()})
    for e in template:
        po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=fill(e) or ""))
    po.save(str(folder / name))
    return folder / name


def but(*msgids: str):
    """A fill translating everything but the handouts' words `msgids`."""
    return lambda e: None if e.msgctxt == UI and e.msgid in msgids else "ES " + e.msgid


@pytest.mark.parametrize(
    ("name", "language"), [("es_MX.po", "es-MX"), ("pt-br.po", "pt-BR"), ("zh_Hant.po", "zh-Hant")]
)
def test_gettext_and_lower_case_region_names_are_read_as_bcp47(project, name, language):
    catalogue(project, name, Language=name.removesuffix(".po"))
    prepared = prepare(source(project), TODAY)
    assert list(prepared.handouts) == [language]
    assert prepared.handouts[language].views["child"].language == language
    ((_, outputs),) = plan([source(project)], BuildOptions(project / "out"))
    assert f"pamphlets/tiny-topic-child-{language}.pdf" in [o.path for o in outputs]


def test_a_language_header_that_disagrees_with_the_file_name_names_both(project):
    path = catalogue(project, "es_MX.po", Language="es")
    prepared = prepare(source(project), TODAY)
    said = [f.message for f in prepared.fit.findings if f.code == "translation-invalid"]
    line = path.read_text(encoding="utf-8").splitlines().index('"Language: es\\n"') + 1
    assert said == [
        f"{path}:{line}: its header says `Language: es`, its file name says 'es-MX' (make "
        "them agree: name the file es.po, or write `Language: es-MX`); nothing in es-MX is made"
    ]
    assert prepared.handouts == {}


def cards(language: str | None = "es") -> PlannedOutput:
    return PlannedOutput("tiny-topic", "cards", language=language, print=PrintOptions())


def test_untranslated_draft_mark_withholds_the_printable_cards_not_prints_english(project):
    text = source(project).read_text(encoding="utf-8")
    source(project).write_text(text.replace("status: reviewed", "status: draft"), "utf-8")
    catalogue(project, fill=but(DRAFT_MARK))
    prepared = prepare(source(project), TODAY)
    assert (UI, DRAFT_MARK) in prepared.translations["es"].missing
    assert is_withdrawn(prepared, cards())
    assert not is_withdrawn(prepared, cards(None))

    catalogue(project)  # the mark translated: the cards print it in Spanish
    prepared = prepare(source(project), TODAY)
    assert not is_withdrawn(prepared, cards())
    html = pdf_job(prepared, cards(), None).html
    assert f"ES {DRAFT_MARK}" in html and html.count(DRAFT_MARK) == html.count(f"ES {DRAFT_MARK}")


def test_untranslated_out_of_date_mark_withholds_what_would_print_it(project):
    def stale(path: Path) -> None:  # one entry of the child guide from older English
        po = polib.pofile(str(path))
        next(e for e in po if e.msgctxt == "sections/what-is-it/text/child").flags = ["fuzzy"]
        po.save(str(path))

    stale(catalogue(project, fill=but(OUT_OF_DATE_NOW)))
    prepared = prepare(source(project), TODAY)
    child = prepared.handouts["es"].status[("child", "guide")]
    assert child.missing == [(UI, OUT_OF_DATE_NOW)]
    assert prepared.handouts["es"].status[("parent", "guide")].complete  # not stale

    stale(catalogue(project))
    prepared = prepare(source(project), TODAY)
    output = PlannedOutput("tiny-topic", "handout", "child", language="es")
    assert not is_withdrawn(prepared, output)
    views, _ = output_views(prepared, output)
    # Translated from this very version: the version is printed once.
    assert f"ES {OUT_OF_DATE_NOW}".format(version="0.1.0") in views["child"].marks


def test_check_and_build_agree_on_a_translated_one_sheet_that_runs_over(project):
    def long(e: polib.POEntry) -> str:  # every sentence 30 times over, placeholders kept
        plain = "{" not in e.msgid and "%" not in e.msgid and e.msgctxt not in (UI, "short_title")
        return "ES " + (" ".join([e.msgid] * 30) if plain else e.msgid)

    catalogue(project, fill=long, X_Allprint_Outputs="parent-essentials")
    result = run_cli("check", cwd=project)
    table = result.stdout.split("Translations (translations/ID/LANG.po):\n")[1]
    row = next(line for line in table.splitlines() if line.startswith("es "))
    assert "parent essentials" in row and "not made: fails a page check" in row, table
    assert "tiny-topic-parent-essentials-es.pdf" in result.stdout + result.stderr

    built = run_cli("build", "--jobs", "1", cwd=project)
    assert built.returncode == 0, built.stderr
    assert not (project / "pamphlets" / "tiny-topic-parent-essentials-es.pdf").exists()
    assert "tiny-topic-parent-essentials-es.pdf" in built.stderr and "; not made" in built.stderr


@pytest.mark.parametrize(
    ("pattern", "refused"),
    [
        ("{day} de {month} de {year}", False),  # a translator picks the date's form
        ("{dd}/{mm}/{year}", False),
        ("{day}/{mm}", True),  # no year
        ("{day} {hour} {year}", True),  # a place the date does not have
        ("{day} {day} {year}", True),
    ],
)
def test_a_date_pattern_may_take_any_of_its_places_once_with_the_year(project, pattern, refused):
    from allprint.editions.dates import DATE_PATTERN

    def fill(e):
        return pattern if (e.msgctxt, e.msgid) == (UI, DATE_PATTERN) else "ES " + e.msgid

    catalogue(project, fill=fill)
    result = run_cli("check", cwd=project)
    said = result.stdout + result.stderr
    assert ("placeholders" in said and "nothing in es is made" in said) == refused, said

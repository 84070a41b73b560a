"""The words of timelines and step pictures go through the catalogues like any other
text: extracted by place, and a handout whose catalogue lacks one is not made."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from conftest import DATA, pdf_pages_text, run_cli

PHASE = "sections/what-is-it/timeline/phases/first/name/parent"


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    (tmp_path / "allprint.toml").write_text("")
    return tmp_path


def template(project: Path) -> polib.POFile:
    assert run_cli("translate", "extract", cwd=project).returncode == 0
    return polib.pofile(str(project / "translations" / "tiny-topic" / "tiny-topic.pot"))


def test_phase_names_lengths_and_step_words_are_extracted(project):
    entries = {(e.msgctxt, e.msgid) for e in template(project)}
    assert (PHASE, "First phase") in entries
    assert ("sections/what-is-it/timeline/phases/first/length/parent", "About a month") in entries
    assert ("sections/what-is-it/timeline/total/parent", "About a year in all") in entries
    for words in ("Timeline", "Wet your hands", "A running tap", "Put the tip in the armpit"):
        assert ("ui", words) in entries, words
    assert not any(ctx.endswith("/width") or ctx.endswith("/picture") for ctx, _ in entries)


def spanish(project: Path, leave_out: str | None = None) -> None:
    po = polib.POFile()
    pot = template(project)
    po.metadata = {**pot.metadata, "Language": "es", "X-Allprint-Outputs": "parent"}
    for e in pot:
        text = "" if e.msgctxt == leave_out else "ES " + e.msgid
        po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=text))
    po.save(str(project / "translations" / "tiny-topic" / "es.po"))


def test_a_translated_guide_draws_the_translated_phases(project):
    spanish(project)
    result = run_cli("build", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_pages_text(project / "pamphlets" / "tiny-topic-parent-es.pdf"))
    text = " ".join(text.split())
    assert "ES First phase" in text and "ES About a year in all" in text
    assert "1 ES Wet your hands" in text


def test_a_guide_whose_catalogue_lacks_a_phase_name_is_not_made(project):
    spanish(project, leave_out=PHASE)
    result = run_cli("build", "--jobs", "1", cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "pamphlets/tiny-topic-parent-es.pdf is not made: 1 entries of es.po" in said
    assert f"'{PHASE}' at es.po:" in said
    assert not (project / "pamphlets" / "tiny-topic-parent-es.pdf").exists()

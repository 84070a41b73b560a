"""Placeholders never reach print unnoticed: `check` names, at its line, each text left
from the scaffold or a first draft; a warning in a draft, an error once reviewed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import line_of, run_cli

REVIEWED = """review:
  status: reviewed
  reviewers:
    - name: Dr A. Example
      role: Pediatric hematologist
  reviewed_on: 2026-01-10
  next_review: 2028-01-10
"""
# Notes and filler an author may leave in a draft, each in a text that prints.
LEFT = {
    "TODO check this with the team": "a note left to do",
    "Dose TBD by the team": "a note left to do",
    "Lorem ipsum dolor sit amet": "filler text",
    "see www.example.com/sickle": "an example address",
}


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`allprint new` in an empty folder, with a few more notes left in its texts."""
    folder = tmp_path_factory.mktemp("new")
    made = run_cli("new", "sickle-cell", "--title", "Sickle cell disease", cwd=folder)
    assert made.returncode == 0, made.stderr
    source = folder / "content" / "sickle-cell.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "disclaimer:\n",
        "subtitle:\n"
        + "".join(
            f"  {tier}: {note}\n"
            for tier, note in zip(("child", "parent", "clinician"), list(LEFT)[:3], strict=True)
        )
        + f"faq_heading: Questions ({list(LEFT)[3]})\n\ndisclaimer:\n",
    )
    # An author's note on a source is never printed: its TODO is not a placeholder.
    url = "    url: https://example.org/replace-me\n"
    text = text.replace(url, url + "    note: TODO ask the library\n")
    source.write_text(text, encoding="utf-8")
    return folder


def _said(result) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


def test_an_untouched_scaffold_warns_of_each_placeholder_at_its_line(scaffold):
    text = (scaffold / "content" / "sickle-cell.yaml").read_text(encoding="utf-8")
    result = run_cli("check", cwd=scaffold)
    said = _said(result)
    assert result.returncode == 0, result.stderr  # a draft: warnings
    found = [line for line in said if "still in the topic" in line]
    for marker in ("[Your clinic or programme]", "[Title of the source]", "[A word]"):
        line = line_of(text, marker)
        assert any(
            f"warning: content/sickle-cell.yaml:{line}:" in f and marker in f for f in found
        ), marker
    url = line_of(text, "https://example.org/replace-me")
    assert any(f"sickle-cell.yaml:{url}:" in f and "an example address" in f for f in found)
    for note, kind in LEFT.items():
        line = line_of(text, note)
        assert any(f"sickle-cell.yaml:{line}:" in f and kind in f for f in found), note
    # Each placeholder once, none in the comments or notes (they are never printed).
    assert len(found) == len(set(found))
    note = line_of(text, "note: TODO ask the library")
    assert not any(f"sickle-cell.yaml:{note}:" in f for f in found)
    assert not any("# " in f.split("still in the topic")[0] for f in found)


def test_strict_fails_a_draft_that_holds_placeholders(scaffold):
    result = run_cli("check", "--strict", cwd=scaffold)
    assert result.returncode == 1
    assert any("[Your clinic or programme]" in line for line in _said(result))


def test_a_reviewed_topic_that_holds_placeholders_fails(scaffold, tmp_path):
    source = scaffold / "content" / "sickle-cell.yaml"
    text = source.read_text(encoding="utf-8")
    start = text.index("review:\n")
    end = text.index("deck:", start)
    reviewed = tmp_path / "content" / "sickle-cell.yaml"
    reviewed.parent.mkdir()
    reviewed.write_text(text[:start] + REVIEWED + text[end:], encoding="utf-8")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in _said(result) if line.startswith("error:")]
    line = line_of(reviewed.read_text(encoding="utf-8"), "[Who wrote it]")
    assert any(f"content/sickle-cell.yaml:{line}:" in e and "[Who wrote it]" in e for e in errors)
    assert any("filler text" in e and "'Lorem'" in e for e in errors)
    built = run_cli("build", cwd=tmp_path)
    assert built.returncode == 1 and not (tmp_path / "pamphlets").exists()

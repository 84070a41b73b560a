"""Broken sources: one clear `file:line: message` each, exit 1, no traceback, nothing written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import DATA, run_build_py, run_cli

from allprint.source.loader import load_topic

GOOD = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")

# (case, text to replace, replacement, text on the line the error must name, words it must say)
CASES = [
    ("invalid-yaml", 'version: "0.1.0"', 'version: "0.1.0', "version:", ["quote is never closed"]),
    ("tab-indent", "  child: Your body", "\tchild: Your body", "\tchild", ["a tab character"]),
    (
        "unknown-key",
        "deck: Tiny Topic",
        "dekc: Tiny Topic",
        "dekc",
        ["unknown key 'dekc'", "'deck'"],
    ),
    (
        "unknown-tier",
        "          parent: Given through a drip",
        "          parnet: Given through a drip",
        "parnet",
        ["unknown key 'parnet'", "'parent'"],
    ),
    ("wrong-type", 'version: "0.1.0"', "version: 1.0", "version:", ["version", "quotes"]),
    ("bad-date", "updated: 2026-01-15", "updated: soon", "updated:", ["updated", "YYYY-MM-DD"]),
    ("duplicate-id", "  - id: medicines", "  - id: what-is-it  # again", "# again", ["duplicate"]),
    ("undefined-source", "sources: [nci]", "sources: [ncx]", "[ncx]", ["'ncx'", "not defined"]),
    (
        "duplicate-key",
        "author: Example",
        "deck: Again\nauthor: Example",
        "deck: Tiny",
        ["duplicate key"],
    ),
    ("id-with-space", "  - id: medicines", "  - id: my medicines", "my medicines", ["not allowed"]),
    (
        "python-tag",
        "deck: Tiny Topic",
        "deck: !!python/object:os.system ls",
        "python/object",
        ["tag"],
    ),
    ("alias", "disclaimer: This", "x: &a [1]\ny: *a\ndisclaimer: This", "*a", ["alias"]),
]


def _write_case(tmp_path: Path, old: str, new: str) -> Path:
    assert old in GOOD, f"test data drifted: {old!r} not in tiny-topic.yaml"
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    return source


def _line_of(source: Path, marker: str) -> int:
    text = source.read_text(encoding="utf-8")
    return text[: text.index(marker)].count("\n") + 1


def _assert_clear_error(output: str, source: Path, line: int | None, words: list[str]) -> None:
    assert "Traceback" not in output
    errors = [ln for ln in output.splitlines() if ln.startswith("error: ")]
    assert errors, output
    first = errors[0]
    where = re.escape(str(source)) + (f":{line}(:|\\b)" if line else "")
    assert re.search(where, first), first
    for word in words:
        assert word.lower() in first.lower(), first


@pytest.mark.parametrize(("case", "old", "new", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_build_rejects_with_line_and_writes_nothing(tmp_path, case, old, new, line, words):
    source = _write_case(tmp_path, old, new)
    out = tmp_path / "out"
    result = run_build_py(str(source), "--out", str(out))
    assert result.returncode == 1
    _assert_clear_error(result.stderr, source, _line_of(source, line), words)
    assert not out.exists() or not any(out.rglob("*"))
    assert not (tmp_path / "tiny-topic.deck-lock.json").exists()


@pytest.mark.parametrize(("case", "old", "new", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_check_rejects_with_line(tmp_path, case, old, new, line, words):
    source = _write_case(tmp_path, old, new)
    result = run_cli("check", str(source))
    assert result.returncode == 1
    _assert_clear_error(result.stderr, source, _line_of(source, line), words)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny-topic.yaml"]


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("sources: [nci]", "sources: [ncx]").replace(
        "  - id: medicines", "  - id: what-is-it"
    )
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(text, encoding="utf-8")
    result = run_cli("check", str(source))
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 2, result.stderr


# Empty files, a list or a string at the top, a missing file and a folder are in the
# broken-source corpus (test_broken_corpus.py), checked through both commands.


def test_good_topic_still_builds_beside_a_bad_one(tmp_path):
    good = tmp_path / "good" / "tiny-topic.yaml"
    good.parent.mkdir()
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad-topic.yaml"
    bad.write_text(
        GOOD.replace("id: tiny-topic", "id: bad-topic", 1).replace("deck:", "dekc:", 1), "utf-8"
    )
    out = tmp_path / "out"
    result = run_build_py(str(bad), str(good), "--out", str(out))
    assert result.returncode == 1
    assert (out / "pamphlets" / "tiny-topic-parent.pdf").exists()
    assert not (out / "pamphlets" / "bad-topic-parent.pdf").exists()
    assert "1 topic(s) built, 0 up to date, 1 failed" in result.stderr


def test_two_sources_that_would_write_the_same_files_are_refused(tmp_path):
    one, two = tmp_path / "a" / "tiny-topic.yaml", tmp_path / "b" / "tiny-topic.yaml"
    for source in (one, two):
        source.parent.mkdir()
        source.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    result = run_build_py(str(one), str(two), "--out", str(out))
    assert result.returncode == 1
    assert "would write pamphlets/tiny-topic-child.pdf, which" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_mistakes_of_different_kinds_are_reported_in_one_run(tmp_path):
    source = tmp_path / "tiny-topic.yaml"
    text = GOOD.replace("deck: Tiny Topic", "dekc: Tiny Topic", 1)
    source.write_text(text.replace("sources: [article]", "sources: [articel]", 1), "utf-8")
    result = run_cli("check", str(source))
    assert result.returncode == 1
    assert "unknown key 'dekc' (did you mean 'deck'?)" in result.stderr
    assert (
        "source 'articel' is not defined under `sources:` (did you mean 'article'?)"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("    cloze: {{c1::bone marrow}} makes blood.", "a cloze) must be in quotes"),
        ("    front: Fever: what to do?", "text holding ': ' must be in quotes"),
    ],
)
def test_text_that_needs_quotes_gets_a_specific_hint(tmp_path, line, hint):
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(f"id: tiny-topic\ncards:\n  - id: a\n{line}\n", "utf-8")
    result = run_cli("check", str(source))
    assert result.returncode == 1
    assert "tiny-topic.yaml:4:" in result.stderr
    assert hint in result.stderr


def test_did_you_mean_prefers_an_id_sharing_its_start():
    from allprint.source.suggest import suggest as _suggest

    assert _suggest("bone-pains", ["one-pain", "bone-pain"]) == "did you mean 'bone-pain'?"


@pytest.mark.parametrize("char", ["\\u202e", "\\u202a", "\\x07", "\\x7f", "\\x85"])
def test_hidden_and_reversing_characters_are_refused_at_their_line(tmp_path, char):
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(
        GOOD.replace("short_title: Tiny topic", f'short_title: "Tiny {char}exe.live"')
    )
    result = run_cli("check", str(source))
    assert result.returncode == 1
    assert "tiny-topic.yaml:19:" in result.stderr
    assert "invisible character U+" in result.stderr


@pytest.mark.parametrize("char", ["\\u200f", "\\u2067", "\\u200d", "\\u061c"])
def test_marks_right_to_left_text_needs_are_kept(tmp_path, char):
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(GOOD.replace("short_title: Tiny topic", f'short_title: "Tiny {char}topic"'))
    assert run_cli("check", str(source)).returncode == 0
    mark = char.encode().decode("unicode_escape")  # as YAML reads the escape
    assert load_topic(source).short_title == f"Tiny {mark}topic"  # accepted, and not dropped


def test_a_short_title_too_long_for_the_footer_is_refused(tmp_path):
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(GOOD.replace("short_title: Tiny topic", "short_title: " + "Long " * 12))
    result = run_cli("check", str(source))
    assert result.returncode == 1
    assert "tiny-topic.yaml:19:" in result.stderr
    assert "short_title" in result.stderr and "40" in result.stderr


def test_characters_the_fonts_cannot_draw_are_named_at_their_line(tmp_path):
    source = tmp_path / "tiny-topic.yaml"
    old = "      child: Your blood is made inside your bones."
    source.write_text(GOOD.replace(old, f"{old} 白血病 😀"), encoding="utf-8")
    line = GOOD.splitlines().index(old) + 1
    result = run_cli("check", str(source))
    said = result.stdout + result.stderr
    assert result.returncode == 0  # a warning
    assert f"tiny-topic.yaml:{line}:" in said and "U+1F600" in said and "U+767D" in said
    assert run_cli("check", str(source), "--strict").returncode == 1

    # Printed with the shipped fonts only (boxes), never a font the host happens to have.
    assert run_cli("build", str(source), "--out", str(tmp_path / "out")).returncode == 0
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "out" / "pamphlets" / "tiny-topic-child.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert fonts and all("Atkinson-Hyperlegible" in line for line in fonts), fonts

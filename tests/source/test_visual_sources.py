"""Timelines and step pictures in a source: mistakes named at their line with a hint, and
topics written before them still build."""

from __future__ import annotations

import re

import pytest
from conftest import DATA, pdf_text, run_build_py, run_cli

GOOD = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")

# (case, text to replace, replacement, text on the line the error must name, words it must say)
CASES = [
    ("width-zero", "          width: 3", "          width: 0", "width: 0", ["greater than 0"]),
    ("width-huge", "          width: 3", "          width: 11", "width: 11", ["less than or"]),
    (
        "unknown-picture",
        "picture: hand-washing",
        "picture: hand-wash",
        "picture: hand-wash",
        ["'hand-washing'", "'temperature-under-arm'"],
    ),
    (
        "duplicate-phase",
        "        - id: second",
        "        - id: first  # again",
        "# again",
        ["duplicate phase id 'first'"],
    ),
    ("misspelt-total", "      total:", "      totl:", "totl:", ["unknown key 'totl'", "'total'"]),
    (
        "phase-without-name",
        "        - id: second\n          name:\n            parent: Second phase\n"
        "            clinician: Maintenance\n",
        "        - id: second\n",
        "id: second",
        ["missing required key 'name'"],
    ),
]


@pytest.mark.parametrize(("case", "old", "new", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_named_at_its_line(tmp_path, case, old, new, line, words):
    assert old in GOOD, f"test data drifted: {old!r} not in tiny-topic.yaml"
    text = GOOD.replace(old, new, 1)
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(text, encoding="utf-8")
    result = run_cli("check", str(source))
    assert result.returncode == 1
    first = next(ln for ln in result.stderr.splitlines() if ln.startswith("error: "))
    number = text[: text.index(line)].count("\n") + 1
    assert re.search(re.escape(str(source)) + f":{number}:", first), first
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in first, first


def test_a_topic_written_before_timelines_and_step_pictures_still_builds(tmp_path):
    old = re.sub(r"    timeline:\n(?:      .*\n)+", "", GOOD)
    old = old.replace("        picture: hand-washing\n", "")
    assert "timeline" not in old and "picture" not in old
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(old, encoding="utf-8")
    result = run_build_py(str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "out" / "pamphlets" / "tiny-topic-parent.pdf")
    assert "What is the tiny topic?" in text and "Wash hands" in text
    assert "First phase" not in text and "Wet your hands" not in text

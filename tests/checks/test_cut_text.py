"""No silent cuts: unquoted text followed by ` #` is cut by YAML; `check` names it."""

from __future__ import annotations

import json

from conftest import DATA, line_of, run_cli, write_tiny

TINY = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_text_cut_by_a_hash_is_named_at_its_line_and_column(tmp_path):
    text = _with(TINY, "    - Wash your hands often.", "    - Wash your hands #1 rule")
    text = _with(text, "You feel very hot or shivery.", "You feel hot # or shivery")
    source = write_tiny(tmp_path, text)
    result = run_cli("check", str(source))
    assert result.returncode == 0, result.stderr  # a warning: the topic still checks
    cuts = [ln for ln in result.stdout.splitlines() if "is cut at" in ln]
    first, second = line_of(text, "#1 rule"), line_of(text, "# or shivery")
    assert cuts[0].startswith(f"warning: {source}:{first}:23: text under `items` is cut at '#1")
    assert '- "Wash your hands #1 rule"' in cuts[0]  # the fix: quote the whole text
    assert cuts[1].startswith(f"warning: {source}:{second}:")
    assert "put the whole text in quotes" in cuts[1]
    assert len(cuts) == 2
    strict = run_cli("check", "--strict", str(source))
    assert strict.returncode == 1


def test_comments_after_settings_are_comments(tmp_path):
    """A comment after an id, a level or a date, written as `# words`, is no cut; a quoted
    text holds its # whole."""
    text = _with(TINY, "    - level: emergency", "    - level: emergency   # act now")
    text = _with(text, "  status: reviewed", "  status: reviewed  # by two people")
    text = _with(text, "    - Wash your hands often.", '    - "Wash your hands: rule #1"')
    source = write_tiny(tmp_path, text)
    result = run_cli("check", "--json", str(source))
    assert result.returncode == 0, result.stderr
    codes = [f["code"] for f in json.loads(result.stdout)[0]["findings"]]
    assert "cut-text" not in codes


def test_a_glued_hash_after_a_setting_is_named_too(tmp_path):
    text = _with(TINY, "deck: Tiny Topic", "deck: Tiny Topic #2")
    result = run_cli("check", "--json", str(write_tiny(tmp_path, text)))
    found = [f for f in json.loads(result.stdout)[0]["findings"] if f["code"] == "cut-text"]
    assert [(f["line"], f["severity"]) for f in found] == [(line_of(text, "#2"), "warning")]


def test_the_bundled_topic_has_no_cut_text(built_topic):
    messages = (built_topic.parent / "build-messages.txt").read_text(encoding="utf-8")
    assert "warning:" in messages  # the build's warnings were kept
    assert "is cut at" not in messages

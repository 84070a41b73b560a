"""Error paths count list entries from 1, as people do, and say what the entry is."""

from __future__ import annotations

from conftest import DATA, line_of, run_cli, write_tiny

TINY = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")


def test_an_entry_of_a_list_is_named_by_its_ordinal_from_one(tmp_path):
    text = TINY.replace("    - level: today", "    - level: tomorrow", 1)
    text = text.replace("  deck: Basics", "  dekc: Basics", 1)
    source = write_tiny(tmp_path, text)
    result = run_cli("check", str(source))
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    level, card = line_of(text, "level: tomorrow"), line_of(text, "dekc: Basics")
    assert errors[0].startswith(f"error: {source}:{level}:")
    assert "`level` of the 2nd group of `urgent`: " in errors[0]  # not urgent.groups.1.level
    assert errors[1].startswith(f"error: {source}:{card}:")
    assert "unknown key 'dekc' in the 2nd card (did you mean 'deck'?)" in errors[1]
    assert len(errors) == 2


def test_a_nested_entry_names_each_list_it_is_in(tmp_path):
    text = TINY.replace("    items:\n      - id:", "    items:\n      - idd:", 1)
    source = write_tiny(tmp_path, text)
    result = run_cli("check", str(source))
    assert result.returncode == 1
    assert "unknown key 'idd' in the 1st item of the " in result.stderr
    assert "section (did you mean 'id'?)" in result.stderr

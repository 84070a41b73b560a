"""Reading YAML safely, with the place of every value."""

from __future__ import annotations

import pytest

from allprint.errors import SourceError
from allprint.source.yaml_reader import MAX_SOURCE_BYTES, read_yaml


def read(tmp_path, text: str | bytes):
    path = tmp_path / "t.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return read_yaml(path)


def problem(tmp_path, text):
    with pytest.raises(SourceError) as info:
        read(tmp_path, text)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def test_records_line_and_column_of_keys_and_items(tmp_path):
    data, positions = read(tmp_path, "a: 1\nlist:\n  - x\n  - y: 2\n")
    assert data == {"a": 1, "list": ["x", {"y": 2}]}
    assert positions[("a",)] == (1, 1)
    assert positions[("list", 1)] == (4, 5)
    assert positions[("list", 1, "y")] == (4, 5)


def test_yes_and_no_stay_words(tmp_path):
    data, _ = read(tmp_path, "answer: Yes\nflag: true\n")
    assert data == {"answer": "Yes", "flag": True}


def test_duplicate_key_names_both_lines(tmp_path):
    found = problem(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert found.line == 3
    assert "first given on line 1" in found.message
    assert "duplicate key 'a'" in found.message


def test_alias_is_refused_where_it_is_used(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    found = problem(tmp_path, bomb)
    assert found.line == 2 and "alias" in found.message


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system", "!custom"])
def test_unsafe_tags_are_refused(tmp_path, tag):
    assert "tag" in problem(tmp_path, f"a: {tag} x\n").message


def test_unclosed_quote_points_at_the_quote(tmp_path):
    found = problem(tmp_path, 'a: ok\nb: "never closed\nc: d\ne: f\n')
    assert (found.line, found.column) == (2, 4)
    assert "quote" in found.message


def test_tab_indentation(tmp_path):
    found = problem(tmp_path, "a:\n\tb: 1\n")
    assert found.line == 2 and "tab" in (found.hint or "")


def test_not_utf8_names_the_line(tmp_path):
    found = problem(tmp_path, b"a: fine\nb: caf\xe9\n")
    assert found.line == 2 and "UTF-8" in found.message


def test_binary_junk(tmp_path):
    assert "NUL" in problem(tmp_path, b"a: 1\n\x00\x01\x02").message


def test_empty_file(tmp_path):
    assert "empty" in problem(tmp_path, "# only a comment\n").message


def test_size_limit(tmp_path):
    found = problem(tmp_path, "a: " + "x" * (MAX_SOURCE_BYTES + 1))
    assert "at most" in found.message


def test_deep_nesting(tmp_path):
    assert "nested" in problem(tmp_path, "a: " + "[" * 5000 + "]" * 5000).message


def test_multiple_documents(tmp_path):
    assert "YAML" in problem(tmp_path, "a: 1\n---\nb: 2\n").message

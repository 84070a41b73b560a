"""Random mutations of the real source: the loader loads them or raises our own error."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allprint.editions.tiers import tier_views
from allprint.errors import SourceError
from allprint.render.html import render_html
from allprint.source.loader import load_topic

LINES = (ROOT / "content" / "pediatric-all.yaml").read_text(encoding="utf-8").splitlines(True)
JUNK = st.sampled_from(
    [
        ":",
        "- ",
        "  ",
        "\t",
        '"',
        "'",
        "&a ",
        "*a ",
        "!!python/object ",
        "{",
        "[",
        "#",
        "---\n",
        "\x00",
    ]
)


@st.composite
def mutated_source(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "repeat", "swap", "indent", "dedent", "junk", "cut"]))
        if op == "delete":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
        elif op == "junk":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(JUNK) + lines[i][at:]
        else:
            lines = lines[:i]
        if not lines:
            break
    return "".join(lines)


def load_or_our_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "pediatric-all.yaml"
        source.write_text(text, encoding="utf-8")
        try:
            topic = load_topic(source)
        except SourceError as exc:
            assert exc.problems, "an error with nothing to say"
            return
    for view in tier_views(topic, dt.date(2026, 1, 1)).values():  # what loads must also render
        assert "<html" in render_html(view)


def test_top_level_key_with_a_bracket_is_an_unknown_key(tmp_path):
    # Found by the mutation test: a key such as `i[d` once emptied the error's path and crashed.
    source = tmp_path / "pediatric-all.yaml"
    source.write_text("".join(LINES).replace("id: pediatric-all", "i[d: pediatric-all", 1))
    with pytest.raises(SourceError) as caught:
        load_topic(source)
    assert "unknown key 'i[d'" in caught.value.text
    assert "did you mean 'id'?" in caught.value.text
    assert "missing required key 'id'" not in caught.value.text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_source())
def test_mutated_real_source(text):
    load_or_our_error(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text(text):
    load_or_our_error(text)

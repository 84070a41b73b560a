"""Cutting a topic down to one reader's text."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import DATA

from allprint.editions.tiers import paragraphs, tier_view
from allprint.source.loader import load_topic

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def topic():
    return load_topic(DATA / "tiny-topic.yaml")


def test_paragraphs_split_on_blank_lines_and_join_lines():
    assert paragraphs("one\ntwo\n\n  three  \n") == ["one two", "three"]
    assert paragraphs(None) == []


def test_each_tier_sees_only_its_sections(topic):
    assert [s.id for s in tier_view(topic, "child", TODAY).sections] == [
        "what-is-it",
        "you-can-help",
    ]
    parent = [s.id for s in tier_view(topic, "parent", TODAY).sections]
    assert parent == ["what-is-it", "medicines", "you-can-help"]


def test_facts_only_for_clinicians(topic):
    parent = tier_view(topic, "parent", TODAY).sections[1]
    clinician = tier_view(topic, "clinician", TODAY).sections[0]
    assert all(not item.facts for item in parent.items)
    assert parent.fact_labels == []
    med = tier_view(topic, "clinician", TODAY).sections[1]
    assert med.fact_labels == ["Class", "Mechanism", "Key toxicities", "Monitoring"]
    assert clinician.cites == [1]


def test_references_are_numbered_in_order_of_first_citation(topic):
    view = tier_view(topic, "clinician", TODAY)
    assert [r.number for r in view.references] == list(range(1, len(view.references) + 1))
    assert view.references[0].publisher == "Example Press"


def test_urgent_groups_without_tier_text_are_left_out(topic):
    child = tier_view(topic, "child", TODAY).urgent
    assert [g.label for g in child.groups] == ["Tell a grown-up now"]
    assert [g.level for g in tier_view(topic, "parent", TODAY).urgent.groups] == [
        "emergency",
        "today",
        "next-visit",
    ]
    assert tier_view(topic, "clinician", TODAY).urgent is None


def test_an_item_with_only_a_title_is_shown_as_a_plain_entry(tmp_path):
    from conftest import DATA

    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    old = "    items:\n      - id: wash-hands"
    assert old in text, "test data drifted"
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(
        text.replace(
            old,
            "    items:\n      - id: a-name\n        title: Just a name\n      - id: wash-hands",
        )
    )
    topic = load_topic(source)
    for tier in ("child", "parent"):
        section = next(s for s in tier_view(topic, tier, TODAY).sections if s.id == "you-can-help")
        plain = [i for i in section.items if i.title == "Just a name"]
        assert plain and plain[0].paragraphs == [] and plain[0].facts == []

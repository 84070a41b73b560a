"""A timeline as one reader sees it: only the phases that reader has names for, numbered
in order, each part's share of the bar, and the words that describe the drawing."""

from __future__ import annotations

import datetime as dt

import yaml
from conftest import DATA

from allprint.editions.tiers import tier_view
from allprint.editions.timeline import timeline_view
from allprint.editions.words import english
from allprint.source.model import Topic
from allprint.source.timeline import Timeline

TODAY = dt.date(2026, 1, 1)


def timeline(phases: list[dict], **more) -> Timeline:
    return Timeline.model_validate({"phases": phases, **more})


def pick(tier: str):
    return lambda value: value.get(tier) if value is not None else None


def test_a_reader_sees_only_the_phases_named_for_them_numbered_in_order():
    t = timeline(
        [
            {"id": "a", "name": {"clinician": "Prophase"}},
            {"id": "b", "name": "Middle", "length": {"parent": "Some weeks"}},
            {"id": "c", "name": "Last"},
        ]
    )
    parent = timeline_view(t, pick("parent"), english)
    assert [(p.number, p.name, p.length) for p in parent.phases] == [
        (1, "Middle", "Some weeks"),
        (2, "Last", None),
    ]
    assert parent.description == "Timeline: 1. Middle: Some weeks. 2. Last."
    assert len(timeline_view(t, pick("clinician"), english).phases) == 3
    only_clinician = timeline([{"id": "a", "name": {"clinician": "Prophase"}}])
    assert timeline_view(only_clinician, pick("child"), english) is None
    assert timeline_view(None, pick("child"), english) is None


def test_shares_follow_the_widths_but_every_part_keeps_room_for_its_name():
    shares = [p.share for p in timeline_view(_widths(1, 2, 1), pick("parent"), english).phases]
    assert [round(s, 3) for s in shares] == [0.25, 0.5, 0.25]
    narrow = [p.share for p in timeline_view(_widths(1, 10, 10), pick("parent"), english).phases]
    assert abs(sum(narrow) - 1) < 1e-9
    assert narrow[0] > 2 * 1 / 21  # half an even share, rescaled: not a hairline of 1/21


def _widths(*widths: float) -> Timeline:
    return timeline([{"id": f"p{i}", "name": f"P{i}", "width": w} for i, w in enumerate(widths)])


def test_the_description_gives_the_total_and_each_phase_once_without_doubled_stops():
    t = timeline([{"id": "a", "name": "Induction.", "length": "About a month."}], total="A year.")
    view = timeline_view(t, pick("parent"), english)
    assert view.description == "Timeline: A year. 1. Induction: About a month."
    words = timeline_view(t, pick("parent"), lambda context, text: f"<{text}>")
    assert words.description.startswith("<Timeline>: ")  # the handout's own word, translated


def test_the_tiny_topics_sections_carry_their_timeline_to_each_reader():
    data = yaml.safe_load((DATA / "tiny-topic.yaml").read_text(encoding="utf-8"))
    topic = Topic.model_validate(data)
    parent = {s.id: s for s in tier_view(topic, "parent", TODAY).sections}["what-is-it"]
    child = {s.id: s for s in tier_view(topic, "child", TODAY).sections}["what-is-it"]
    assert [p.name for p in parent.timeline.phases] == ["First phase", "Second phase"]
    assert parent.timeline.total == "About a year in all"
    assert child.timeline is None

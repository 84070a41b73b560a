"""Fit to print: required blocks, review marks, reading limits, through the real commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, pdf_pages_text, run_build_py, run_cli, write_tiny

GOOD = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
HARD_PARENT = (
    "Administration of intravenous chemotherapeutic combinations necessitates meticulous "
    "pharmacological monitoring, particularly regarding myelosuppression and hepatotoxicity. "
) * 8


def edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def test_tiny_topic_is_fit_to_print(tmp_path):
    result = run_cli("check", str(write_tiny(tmp_path, GOOD)))
    assert result.returncode == 0, result.stderr
    assert "ok: fit to print" in result.stdout
    assert "FK grade" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("teach_back:\n", "teach_back_removed:\n", None),
        ("    - level: next-visit", "    - level: today", "when-to-call level 'next-visit'"),
        ("    kind: actions\n", "", "action list"),
        ("key_points:", "key_points_removed:", None),
    ],
)
def test_missing_required_block_fails_and_is_named(tmp_path, old, new, named):
    if named is None:  # removing a whole top-level block: cut it out of the file
        start = GOOD.index(old)
        end = GOOD.index("\n\n", start)
        text = GOOD[:start] + GOOD[end + 2 :]
        named = {"teach_back:\n": "teach-back questions", "key_points:": "key points"}[old]
    else:
        text = edit(old, new)
    result = run_cli("check", str(write_tiny(tmp_path, text)))
    assert result.returncode == 1
    assert f"missing required block: {named}" in result.stderr


def test_clinician_section_without_references_fails(tmp_path):
    text = edit(
        "      clinician: A clonal disorder of lymphoid precursors.\n    sources: [article]\n",
        "      clinician: A clonal disorder of lymphoid precursors.\n",
    )
    result = run_cli("check", str(write_tiny(tmp_path, text)))
    assert result.returncode == 1
    assert "references for section 'what-is-it'" in result.stderr


def test_reading_level_over_limit_fails_check_and_build_unless_allowed(tmp_path):
    text = edit(
        "      parent: Your child will take several medicines.", f"      parent: {HARD_PARENT}"
    )
    source = write_tiny(tmp_path, text)
    check = run_cli("check", str(source))
    assert check.returncode == 1
    assert "'medicines' reads at grade" in check.stderr
    assert "OVER LIMIT" in check.stdout

    out = tmp_path / "out"
    blocked = run_build_py(str(source), "--out", str(out))
    assert blocked.returncode == 1
    assert not out.exists()
    allowed = run_build_py(str(source), "--out", str(out), "--allow-draft")
    assert allowed.returncode == 0, allowed.stderr


def test_limits_can_be_set_per_topic(tmp_path):
    text = edit(
        "      parent: Your child will take several medicines.", f"      parent: {HARD_PARENT}"
    )
    text = text.replace("deck: Tiny Topic", "deck: Tiny Topic\nreading_level:\n  parent: null", 1)
    assert run_cli("check", str(write_tiny(tmp_path, text))).returncode == 0


def test_json_output(tmp_path):
    result = run_cli("check", "--json", str(write_tiny(tmp_path, GOOD)))
    assert result.returncode == 0
    [report] = json.loads(result.stdout)
    assert report["ok"] is True
    tiers = {s["tier"] for s in report["scores"]}
    assert tiers == {"child", "parent", "clinician"}
    whole = {s["tier"]: s for s in report["scores"] if s["part"] == "whole handout"}
    assert set(whole) == {"child", "parent", "clinician"}
    # The tiny topic is too short to score: the report says so rather than inventing one.
    assert all(s["fk"] is None and s["words"] > 0 for s in whole.values())
    assert all(s["limit"] in (4, 6, None) for s in whole.values())


def test_unused_source_is_a_warning_and_strict_fails(tmp_path):
    text = edit(
        "sources:\n  - id: article",
        "sources:\n  - id: spare\n    title: Spare\n    publisher: Nobody\n  - id: article",
    )
    source = write_tiny(tmp_path, text)
    relaxed = run_cli("check", str(source))
    assert relaxed.returncode == 0
    assert "source 'spare' is never cited" in relaxed.stdout
    assert run_cli("check", "--strict", str(source)).returncode == 1


DRAFT = "  status: reviewed\n  reviewers:\n    - name: Dr A. Example\n      role: Pediatric oncologist\n    - name: B. Example\n      role: Clinical nurse specialist\n  reviewed_on: 2026-01-10\n  next_review: 2028-01-10\n"  # noqa: E501


def test_draft_is_marked_on_every_page_and_fails_strict(tmp_path):
    assert DRAFT in GOOD
    source = write_tiny(tmp_path, GOOD.replace(DRAFT, "  status: draft\n"))
    check = run_cli("check", str(source))
    assert check.returncode == 0 and "draft" in check.stdout
    assert run_cli("check", "--strict", str(source)).returncode == 1
    assert run_build_py(str(source), "--out", str(tmp_path / "s"), "--strict").returncode == 1

    assert run_build_py(str(source), "--out", str(tmp_path / "out")).returncode == 0
    for tier in ("child", "parent", "clinician"):
        pages = pdf_pages_text(tmp_path / "out" / "pamphlets" / f"tiny-topic-{tier}.pdf")
        for text in pages:
            assert "DRAFT — NOT FOR DISTRIBUTION" in text.upper()
            assert "Not yet clinically reviewed" in " ".join(text.split())


def test_overdue_review_is_marked_and_warned(tmp_path):
    source = write_tiny(tmp_path, GOOD)
    late = run_cli("check", "--as-of", "2028-06-01", str(source))
    assert late.returncode == 0
    assert "review overdue since 2028-01-10" in late.stdout
    assert run_cli("check", "--strict", "--as-of", "2028-06-01", str(source)).returncode == 1

    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out), "--as-of", "2028-06-01").returncode == 0
    parent = pdf_pages_text(out / "pamphlets" / "tiny-topic-parent.pdf")
    assert all("REVIEW OVERDUE" in page.upper() for page in parent)
    assert all("Reviewed 2026-01-10" in " ".join(page.split()) for page in parent)

    on_time = tmp_path / "on-time"
    assert run_build_py(str(source), "--out", str(on_time), "--as-of", "2027-06-01").returncode == 0
    text = " ".join(pdf_pages_text(on_time / "pamphlets" / "tiny-topic-parent.pdf")).upper()
    assert "OVERDUE" not in text and "DRAFT" not in text


@pytest.mark.parametrize("tier", ["child", "parent"])
def test_back_matter_shows_reviewers_sources_and_disclaimer(tiny_built, tier):
    pages = pdf_pages_text(tiny_built / "pamphlets" / f"tiny-topic-{tier}.pdf")
    # The parent guide ends with four fill-in pages; the back matter comes just before them.
    last = " ".join(pages[-5 if tier == "parent" else -1].split())
    for words in (
        "Dr A. Example, Pediatric oncologist",
        "Example Press",
        "not medical advice",
        "Next review due by 2028-01-10",
        "Licence: CC BY 4.0",
    ):
        assert words in last, words


@pytest.mark.parametrize(
    ("review", "message"),
    [
        ("  status: reviewed\n", "needs `reviewers`"),
        (DRAFT.replace("2028-01-10", "2030-01-11"), "at most 3 years"),
        (DRAFT.replace("2028-01-10", "2025-01-10"), "must come after"),
    ],
)
def test_review_dates_are_validated(tmp_path, review, message):
    result = run_cli("check", str(write_tiny(tmp_path, GOOD.replace(DRAFT, review))))
    assert result.returncode == 1
    assert message in result.stderr


NOT_PRINTED_SECTION = """  - id: forgotten
    heading:
      parent: A heading with nothing under it

  - id: you-can-help
"""


def test_what_reaches_no_handout_and_no_card_is_named_at_its_line(tmp_path):
    text = edit("  - id: you-can-help\n", NOT_PRINTED_SECTION)
    old = "      - id: methotrexate\n        title: Methotrexate\n"
    assert old in text
    # A title for the child only and text for the parent only: no reader gets the item.
    text = text.replace(
        old,
        "      - id: split\n        title:\n          child: Split item\n        text:\n"
        "          parent: Text for parents.\n" + old,
    )
    result = run_cli("check", str(write_tiny(tmp_path, text)))
    said = result.stdout + result.stderr
    assert result.returncode == 0, said  # warnings
    lines = text.splitlines()
    section_line = lines.index("  - id: forgotten") + 1
    item_line = lines.index("      - id: split") + 1
    assert f"tiny-topic.yaml:{section_line}:" in said and "'forgotten' is in no handout" in said
    assert f"tiny-topic.yaml:{item_line}:" in said and "item 'split'" in said
    assert "clinician handout: no when-to-call box" in said
    assert run_cli("check", str(write_tiny(tmp_path, text)), "--strict").returncode == 1


def test_a_sheet_that_does_not_fit_names_the_site_values_that_take_its_room():
    # Long (valid) site values alone can push a sheet that fits without them over its page:
    # the clinic is told which of its values print in the call box.
    from allprint.checks.pages import layout_findings
    from allprint.pipeline.plan import PlannedOutput
    from allprint.project.config import Site

    sheet = PlannedOutput("t", "handout", "child", "essentials")
    anchors = {"sheet-key_points": 1, "when-to-call": 1, "call-number": 2, "sheet-draw": 3}
    site = Site(phone="+1 (555) 123-4567 ext. 890", fever="38 °C", source=Path("s/lake.toml"))
    crowded = layout_findings(sheet, 3, anchors, site)
    assert {f.code for f in crowded} == {"essentials-overflow", "call-box-not-first"}
    assert all("shorten the site's phone, fever in lake.toml" in f.message for f in crowded)
    assert all(f.message.endswith(")") for f in crowded)
    alone = layout_findings(sheet, 3, anchors)
    assert not any("site" in f.message for f in alone)

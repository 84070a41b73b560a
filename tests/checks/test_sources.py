"""What facts rest on: secondary sources are named where they stand alone, flashcards
name primary sources first, and the bundled topic cites no wiki, blog or social site."""

from __future__ import annotations

from urllib.parse import urlparse

import yaml
from conftest import DATA, ROOT, run_cli, write_tiny

from allprint.editions.cards import note_specs
from allprint.source.loader import load_located

GOOD = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
SECONDARY = GOOD.replace(
    "    url: https://tiny-topic.test/article\n",
    "    url: https://tiny-topic.test/article\n    kind: secondary\n",
    1,
)


def test_a_text_resting_only_on_a_secondary_source_is_named_with_its_line(tmp_path):
    assert SECONDARY != GOOD
    result = run_cli("check", str(write_tiny(tmp_path, SECONDARY)))
    said = result.stdout + result.stderr
    lines = [line for line in said.splitlines() if "kind: secondary" in line]
    assert len(lines) == 1, said  # one warning per source, not one per text
    # The first text citing only `article` is the urgent box's `sources:` line.
    first = SECONDARY.splitlines().index("  sources: [article]") + 1
    assert f"tiny-topic.yaml:{first}:" in lines[0]
    assert "texts rest only on source 'article'" in lines[0]
    assert "cite a primary source" in lines[0]


def test_without_secondary_sources_nothing_is_said(tmp_path):
    result = run_cli("check", str(write_tiny(tmp_path, GOOD)))
    assert "kind: secondary" not in result.stdout + result.stderr


def test_check_strict_fails_on_a_secondary_source(tmp_path):
    text = SECONDARY.replace("status: draft", "status: reviewed")
    assert run_cli("check", "--strict", str(write_tiny(tmp_path, text))).returncode != 0


def test_flashcards_name_primary_sources_first(tmp_path):
    text = SECONDARY.replace("    sources: [nci]\n", "    sources: [article, nci]\n", 1)
    topic, _ = load_located(write_tiny(tmp_path, text))
    marrow = next(s for s in note_specs(topic) if s.card_id == "marrow-cloze")
    assert marrow.source.endswith("National Cancer Institute; An article about the tiny topic")


# Sites whose pages are written by anyone, or for entertainment: never a medical source.
NOT_A_SOURCE = (
    "wikipedia.org",
    "researchgate.net",
    "livescience.com",
    "facebook.com",
    "twitter.com",
    "x.com",
    "reddit.com",
    "quora.com",
    "youtube.com",
    "medium.com",
    "blogspot.com",
    "wordpress.com",
    "tumblr.com",
)


def test_the_bundled_topic_cites_no_wiki_blog_or_social_site():
    data = yaml.safe_load((ROOT / "content" / "pediatric-all.yaml").read_text(encoding="utf-8"))
    hosts = {s["id"]: urlparse(s.get("url", "")).hostname or "" for s in data["sources"]}
    banned = {i: h for i, h in hosts.items() if h.endswith(NOT_A_SOURCE)}
    assert not banned
    # The article the topic was first written from is a pharmacy site's review: kept, and
    # marked so that `check` names every text resting on it alone.
    kinds = {s["id"]: s.get("kind", "primary") for s in data["sources"]}
    assert kinds["article"] == "secondary"

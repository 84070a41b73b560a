"""The handouts' own words a template looks up, read from its syntax tree: the branch
Jinja would take where the values decide it, every branch where they do not."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import DATA

from allprint.editions.sheets import essentials_sheet
from allprint.editions.tiers import tier_views
from allprint.paths import TEMPLATES_DIR
from allprint.project.config import Site
from allprint.render.layout import PrintOptions
from allprint.source.loader import load_topic
from allprint.source.pictures import STEP_PICTURES
from allprint.translation.template_words import DATES, WORDS, every_word, template_words


@pytest.fixture(scope="module")
def parent():
    topic = load_topic(DATA / "tiny-topic.yaml")
    view = tier_views(topic, dt.date(2026, 11, 26))["parent"]
    return view, essentials_sheet(topic, view)


def looked_up(name: str, **values) -> tuple[list[str], list, bool]:
    words: list[str] = []
    dates: list = []
    calls = {WORDS: lambda w: words.append(w) or w, DATES: lambda d: dates.append(d) or ""}
    sure = template_words(name, {"page": PrintOptions(), **values}, calls)
    return words, dates, sure


def test_a_sites_words_are_looked_up_only_as_its_values_say(parent):
    view, sheet = parent
    blank, _, sure = looked_up("essentials.html", h=view, sheet=sheet, site=Site())
    assert sure
    assert "Our care team" in blank and "{team}, day and night:" in blank
    assert not [w for w in blank if w.startswith("Phone numbers and fever rule")]
    site = Site(name="Lakeside", approved_by="Head nurse", approved_on=dt.date(2026, 11, 20))
    named, dates, _ = looked_up("essentials.html", h=view, sheet=sheet, site=site)
    assert "Our care team" not in named  # the site's name is printed instead
    assert "Phone numbers and fever rule approved by {name} on {date}." in named
    assert dt.date(2026, 11, 20) in dates and view.updated in dates


def test_a_one_sheet_looks_up_the_words_of_its_own_parts(parent):
    view, sheet = parent
    words, _, _ = looked_up("essentials.html", h=view, sheet=sheet, site=Site())
    assert "Draw how you feel today" not in words  # a child's part
    assert "the essentials" in words and "Page" in words  # through super() in its styles
    child = looked_up("child.html", h=view, site=Site())[0]
    assert "For grown-ups" in child and "Please note" not in child  # a block overridden


def test_what_the_values_do_not_decide_takes_every_branch(parent):
    view, sheet = parent
    known = set(looked_up("parent.html", h=view, sheet=sheet, site=Site())[0])
    unknown, _, sure = looked_up("parent.html", site=Site())  # no view: every branch
    # A step picture's words are the section's data, known only with the view.
    pictures = {w for steps in STEP_PICTURES.values() for s in steps for w in (s.caption, s.alt)}
    assert known - pictures < set(unknown)
    assert "Reviewed on {date} by:" in unknown and "This is a draft." in " ".join(unknown)
    assert not sure  # a picture's description, from a section nobody knows


@pytest.mark.parametrize(
    "name", [*sorted(p.name for p in TEMPLATES_DIR.glob("*.html")), "cards/print.html"]
)
def test_every_word_of_a_template_is_in_the_template_for_translators(name):
    # What `translate extract` finds in the file is what the syntax tree holds.
    text = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    written = {m.group(2) for m in re.finditer(r"""\b_\((["'])(.+?)\1\)""", text)}
    assert written <= set(every_word(name))

"""Whether a translated document is complete is known without rendering it. What a build
decides (each document's missing and out-of-date entries, and whether any of it is
translated) is held to what the document's marked HTML, rendered by the real templates,
shows: for catalogues lacking entries of every kind, for a draft and a reviewed topic,
with and without a site."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import jinja2
import polib
import pytest
from conftest import DATA, run_cli

from allprint.editions.cards import deck_description, note_specs
from allprint.editions.sheets import essentials_sheet
from allprint.editions.tiers import tier_views
from allprint.editions.words import UI
from allprint.pipeline.outputs import is_withdrawn
from allprint.pipeline.plan import PlannedOutput
from allprint.pipeline.prepare import prepare
from allprint.project.config import load_site, site_in
from allprint.render.html import render_html, render_phone_html
from allprint.render.print_cards import render_cards_html
from allprint.translation.translated import _draft_marked

TODAY = dt.date(2026, 11, 26)
DOCUMENTS = [
    ("child", "guide"),
    ("parent", "guide"),
    ("clinician", "guide"),
    ("child", "essentials"),
    ("parent", "essentials"),
    ("clinician", "essentials"),
    ("parent", "tools"),
]
SITES = {
    "no site": None,
    "a whole site": (
        '[site]\nname = "Lakeside"\nphone = "0100 555"\nemergency_number = "112"\n'
        'fever = "38.3 °C"\napproved_by = "Head nurse"\napproved_on = 2026-11-20\n'
        '[site.es]\nname = "Clínica Lakeside"\n'
    ),
    "numbers only": '[site]\nphone = "0100 555"\nemergency_number = "112"\n',
    "an approver, no name": '[site]\nphone = "0100"\napproved_by = "Head nurse"\n',
}


def write_catalogue(folder: Path, language: str, keep) -> None:
    """A catalogue of every entry of the template; `keep(entry)` says which are
    translated ("fuzzy": translated from older English)."""
    template = polib.pofile(str(folder / "tiny-topic.pot"))
    po = polib.POFile()
    po.metadata = {**template.metadata, "Language": language}
    for e in template:
        kept = keep(e)
        entry = polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=f"{language} {e.msgid}")
        entry.msgstr = "" if not kept else entry.msgstr
        entry.flags = ["fuzzy"] if kept == "fuzzy" else []
        po.append(entry)
    po.save(str(folder / f"{language}.po"))


def by_chance(seed: int, ui: float, text: float, fuzzy: float = 0.0):
    draw = random.Random(seed).random

    def keep(entry: polib.POEntry) -> bool | str:
        if draw() < (ui if entry.msgctxt == UI else text):
            return False
        return "fuzzy" if draw() < fuzzy else True

    return keep


@pytest.fixture(scope="module", params=["reviewed", "draft"])
def project(request, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp(request.param)
    (root / "content").mkdir()
    source = root / "content" / "tiny-topic.yaml"
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    text = text.replace("status: reviewed", f"status: {request.param}")
    # Text for a clinician of an item the clinician's table shows by its facts alone.
    weekly = "parent: Given through a drip, once a week."
    text = text.replace(weekly, f"{weekly}\n          clinician: Weekly IV push.")
    source.write_text(text, "utf-8")
    (root / "allprint.toml").write_text("")
    assert run_cli("translate", "extract", cwd=root).returncode == 0
    folder = root / "translations" / "tiny-topic"
    write_catalogue(folder, "es", lambda e: True)  # complete
    write_catalogue(folder, "fr", by_chance(1, ui=0.12, text=0.0))  # some own words
    write_catalogue(folder, "de", by_chance(2, ui=0.03, text=0.05, fuzzy=0.1))
    write_catalogue(folder, "it", by_chance(3, ui=0.2, text=0.0, fuzzy=0.05))
    write_catalogue(folder, "nl", by_chance(4, ui=0.04, text=0.0))
    unseen = "sections/medicines/items/vincristine/text/clinician"  # in no document
    write_catalogue(folder, "pt", lambda e: e.msgctxt != unseen)
    for name, site in SITES.items():
        if site:
            (root / f"{name.replace(' ', '-')}.toml").write_text(site, encoding="utf-8")
    return root


def shown(html: str, translation) -> tuple[set, set, bool]:
    """What rendered, marked HTML shows a document lacks: the old way of knowing."""
    missing, fuzzy, done = translation.marked.found(html)
    return set(missing + translation.lacking_marks(fuzzy)), set(fuzzy), bool(done)


def decided(status) -> tuple[set, set, bool]:
    return set(status.missing), set(status.fuzzy), bool(status.translated)


@pytest.mark.parametrize("site_name", list(SITES))
def test_what_a_build_decides_is_what_the_rendered_document_shows(project, site_name):
    site_file = project / f"{site_name.replace(' ', '-')}.toml"
    site = load_site(site_file) if SITES[site_name] else None
    prepared = prepare(project / "content" / "tiny-topic.yaml", TODAY, site)
    assert sorted(prepared.handouts) == ["de", "es", "fr", "it", "nl", "pt"]
    made = withheld = 0
    for language, handouts in prepared.handouts.items():
        t = handouts.translation
        views = _draft_marked(t, tier_views(t.marked_topic, TODAY, t.marked), True)
        sheets = {tier: essentials_sheet(t.marked_topic, view) for tier, view in views.items()}
        printed = site_in(site, language)
        for tier, document in DOCUMENTS:
            html = render_html(views[tier], site=printed, document=document, sheet=sheets[tier])
            status = handouts.status[(tier, document)]
            assert decided(status) == shown(html, t), (language, tier, document)
            made += status.complete
            withheld += not status.complete
        for tier, view in views.items():
            page = render_phone_html(view, printed)
            assert decided(handouts.phones[tier]) == shown(page, t), (language, tier, "phone")
        deck = prepared.translations[language]
        notes = note_specs(t.marked_topic, t.marked)
        text = "\n".join("\n".join(n.text) + n.deck for n in notes) + t.marked_topic.deck
        text += deck_description(t.marked_topic, t.marked)
        cards = render_cards_html(t.marked_topic, notes[:1], handouts.marks, t.marked)
        missing, fuzzy, _ = shown(text + cards, t)
        assert (set(deck.missing), set(deck.fuzzy)) == (missing, fuzzy), language
    # The catalogues leave some documents whole and some not: both kinds are compared.
    assert made >= 14 and withheld >= 7
    assert prepared.handouts["pt"].status[("clinician", "guide")].complete


def test_completeness_is_known_without_rendering_a_template(project, monkeypatch):
    rendered: list[str] = []
    render = jinja2.Template.render

    def noted(self, *args, **kwargs):
        rendered.append(self.name)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", noted)
    prepared = prepare(project / "content" / "tiny-topic.yaml", TODAY)
    assert len(prepared.handouts) == 6
    assert rendered == []


def test_a_phone_page_is_made_only_when_its_own_words_are_translated(tmp_path):
    # A phone page has words its guide has not: "Contents" (the child guide has none).
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    (tmp_path / "allprint.toml").write_text("")
    assert run_cli("translate", "extract", cwd=tmp_path).returncode == 0
    folder = tmp_path / "translations" / "tiny-topic"
    write_catalogue(folder, "es", lambda e: (e.msgctxt, e.msgid) != (UI, "Contents"))
    prepared = prepare(tmp_path / "content" / "tiny-topic.yaml", TODAY)
    guide = PlannedOutput("tiny-topic", "handout", "child", language="es")
    phone = PlannedOutput("tiny-topic", "phone", "child", language="es")
    assert not is_withdrawn(prepared, guide)
    assert is_withdrawn(prepared, phone)  # else it would print "Contents" in English
    assert prepared.handouts["es"].phones["child"].missing == [(UI, "Contents")]

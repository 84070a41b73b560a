"""The bundle's web pages (each phone page, in each language, and index.html) checked in
Debian's chromium: axe-core finds no WCAG 2.2 AA violation (contrast of 4.5:1 included),
nothing scrolls sideways at 320 px or at 200 % zoom, languages and directions are marked,
headings come in order.

axe-core is vendored (tests/vendor/axe-core, MPL-2.0): the tests run offline.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT

from allprint.pipeline.bundle import _index
from allprint.pipeline.outputs import is_withdrawn, render_one
from allprint.pipeline.plan import PlannedOutput, plan_topic
from allprint.pipeline.prepare import prepare
from allprint.render.layout import every_variant
from allprint.source.readers import TIERS
from allprint.translation.catalogue_rules import planned_languages

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SOURCE = ROOT / "content" / "pediatric-all.yaml"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Each phone page a bundle of the topic carries, the Arabic parent's page (not in the
    bundle until its catalogue is complete, but the one laid out right to left) and the
    index: name -> (file, its language)."""
    folder = tmp_path_factory.mktemp("phone")
    prepared = prepare(SOURCE, dt.date(2026, 1, 1))
    made = {}
    for language in (None, "es", "ar"):
        for tier in TIERS:
            output = PlannedOutput("pediatric-all", "phone", tier, language=language)
            if is_withdrawn(prepared, output) and (language, tier) != ("ar", "parent"):
                continue
            path = folder / Path(output.path).name
            path.write_bytes(render_one(prepared, output).data)
            made[path.stem] = (path, language or "en")
    scopes = {"pediatric-all": planned_languages(SOURCE)}
    variants = every_variant()
    outputs = plan_topic(
        "pediatric-all", variants, phone_pages=True, languages=scopes["pediatric-all"]
    )
    files = {o.path: b"-" * 2048 for o in outputs}
    index = folder / "index.html"
    index.write_text(_index([prepared.topic], files, scopes, variants), encoding="utf-8")
    made["index"] = (index, "en")
    return made


LANGUAGES = """() => {
  const root = document.documentElement;
  const latin = [...document.querySelectorAll('body *')].filter(e =>
    [...e.childNodes].some(n => n.nodeType === 3 && /[A-Za-z]{2}/.test(n.textContent)));
  return {lang: root.lang, dir: root.dir || 'ltr',
          latinIn: [...new Set(latin.map(e => e.closest('[lang]').lang))]};
}"""
HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.getClientRects().length).map(h => Number(h.tagName[1]))"""
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations']})"""
# A phone, the narrowest width WCAG asks pages to fit (400 % zoom of a 1280 px window),
# and 200 % zoom of that window: zoom makes a CSS pixel larger, the page that much narrower.
WIDTHS = (360, 320, 640)


@pytest.fixture(scope="module")
def seen(pages) -> dict[str, dict]:
    """What chromium finds on each page, each page opened once: axe-core's violations,
    the page's width at each of `WIDTHS`, its languages and its headings."""
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, (path, _) in pages.items():
                view = browser.new_page(viewport={"width": WIDTHS[0], "height": 740})
                view.goto(path.as_uri())
                widths = {}
                for width in WIDTHS:
                    view.set_viewport_size({"width": width, "height": 740})
                    widths[width] = view.evaluate("document.documentElement.scrollWidth")
                view.set_viewport_size({"width": WIDTHS[0], "height": 740})
                view.add_script_tag(content=AXE.read_text(encoding="utf-8"))
                found[name] = {
                    "violations": view.evaluate(AXE_RUN, WCAG_22_AA)["violations"],
                    "widths": widths,
                    "languages": view.evaluate(LANGUAGES),
                    "headings": view.evaluate(HEADINGS),
                }
                view.close()
        finally:
            browser.close()
    return found


def test_axe_core_finds_no_wcag_22_aa_violation(seen):
    found = {
        name: [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes'][:3]]})" for v in got]
        for name, page in seen.items()
        if (got := page["violations"])
    }
    assert not found
    assert len(seen) >= 6  # three readers, Spanish, Arabic, the index


def test_nothing_scrolls_sideways_at_320_px_or_at_200_percent_zoom(seen):
    wide = {
        f"{name} at {width} px": scroll
        for name, page in seen.items()
        for width, scroll in page["widths"].items()
        if scroll > width
    }
    assert not wide


def test_each_page_says_its_language_and_direction(seen, pages):
    for name, page in seen.items():
        language, found = pages[name][1], page["languages"]
        assert found["lang"] == language, name
        assert found["dir"] == ("rtl" if language == "ar" else "ltr"), name
        if language == "ar":  # English names (medicines, sources) are marked English
            assert found["latinIn"] == ["en"], found


def test_headings_come_in_order(seen):
    for name, page in seen.items():
        levels = page["headings"]
        assert levels and levels[0] == 1 and levels.count(1) == 1, (name, levels)
        skipped = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert not skipped, (name, skipped)

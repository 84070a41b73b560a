"""A site's values in every language its catalogues cover: [site.LANG] tables, the site's
own words translated, numbers and site values kept in their order in right-to-left text,
and dates in the reader's form. Read back from the PDFs."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import polib
import pytest
from conftest import DATA, ROOT, pdf_pages_text, run_cli, word_boxes

from allprint.editions.dates import format_date
from allprint.project.config import load_config, load_site
from allprint.render.bidi import direction, isolate, isolate_numbers

SITE = """[site]
name = "Lakeside Children's Clinic"
phone = "+1 555 010 2030"
emergency_number = "112"
fever = "38.3 °C"
approved_by = "Head nurse, oncology day unit"
approved_on = 2026-11-20

[site.es]
name = "Clínica Infantil Lakeside"
fever = "38,3 °C o más"
approved_by = "Jefa de enfermería, hospital de día"

[site.ar]
name = "عيادة ليكسايد للأطفال"
fever = "38.3 °C أو أكثر"
"""
PHONE = ["+1", "555", "010", "2030"]


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the site file ----------------------------------------------------------------------------


def test_a_language_table_gives_its_words_and_the_rest_comes_from_site(tmp_path):
    path = tmp_path / "lakeside.toml"
    path.write_text(SITE, encoding="utf-8")
    site = load_site(path)
    spanish = site.in_language("es")
    assert (spanish.name, spanish.fever) == ("Clínica Infantil Lakeside", "38,3 °C o más")
    assert (spanish.phone, spanish.approved_on) == ("+1 555 010 2030", dt.date(2026, 11, 20))
    assert site.in_language("ar").approved_by == "Head nurse, oncology day unit"  # no own
    assert site.in_language(None).name == site.in_language("fr").name == site.name


def test_the_projects_settings_take_language_tables_too(tmp_path):
    path = tmp_path / "allprint.toml"
    path.write_text('[build]\npaper = "letter"\n\n' + SITE, encoding="utf-8")
    site = load_config(path).site
    assert site is not None and site.in_language("ar").name == "عيادة ليكسايد للأطفال"


def test_language_table_mistakes_are_named_all_at_once_with_their_lines(tmp_path):
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    (tmp_path / "allprint.toml").write_text("")
    (tmp_path / "lakeside.toml").write_text(
        '[site]\nphone = "1"\nfever = "38 °C"\n\n[site.es]\nfever = ""\nphone = "2"\n\n'
        '[site.Spanish]\nname = "x"\n',
        encoding="utf-8",
    )
    result = run_cli("check", "--site", "lakeside.toml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        'error: lakeside.toml:6: [site.es] fever must be text (write fever = "...")',
        "error: lakeside.toml:7: unknown setting phone (allowed in [site.es]: name, fever, "
        "approved_by; the rest is in [site])",
        "error: lakeside.toml:9: [site.Spanish] is not a language (name a language as its "
        "catalogue is named, e.g. [site.es] for es.po)",
    ], result.stderr


# --- isolates and dates, as text ------------------------------------------------------------------


def test_site_words_take_the_direction_of_most_of_their_letters():
    assert direction("Lakeside Children's Clinic") == "ltr"
    assert direction("38.3 °C أو أكثر") == "rtl"  # Arabic with a Latin unit
    assert str(isolate("+1 555")) == '<bdi dir="ltr">+1 555</bdi>'
    assert str(isolate("<b>")) == '<bdi dir="ltr">&lt;b&gt;</bdi>'  # still escaped


def test_numbers_of_right_to_left_text_are_isolated_but_not_tokens_or_entities():
    html = (
        "<head><title>2026</title></head><body>\n<p>خذ 2.5 mg، 38.0–38.5 °C، +1 555 010 2030"
        ' \u2063done@@12\u2063 &#8203;</p><img alt="1 2"></body>'
    )
    out = isolate_numbers(html)
    for number in ("2.5", "38.0–38.5 °C", "+1 555 010 2030"):
        assert f'<bdi dir="ltr">{number}</bdi>' in out
    assert "<title>2026</title>" in out and "done@@12\u2063" in out and "&#8203;" in out
    assert 'alt="1 2"' in out


def test_a_number_already_in_a_left_to_right_isolate_is_not_isolated_again():
    # An isolate inside the phone number's own took away its line-break chances: on the
    # narrow wallet card a long number broke inside "010-2031" instead of at a space.
    phone = str(isolate("+1 555 010 2030 or 010-2031"))
    out = isolate_numbers(f'<body><p>اتصلوا {phone} <bdi dir="rtl">عند 38 °C</bdi> 7</p></body>')
    assert f"اتصلوا {phone} " in out
    assert '<bdi dir="ltr">38 °C</bdi>' in out and '<bdi dir="ltr">7</bdi>' in out


def test_dates_follow_the_catalogues_pattern_and_month_names():
    words = {"{year}-{mm}-{dd}": "{day} {month} {year}", "November": "نوفمبر"}
    arabic = format_date(dt.date(2026, 11, 5), lambda _, text: words.get(text, text))
    assert arabic == "5 نوفمبر 2026"
    assert format_date(dt.date(2026, 11, 5)) == "2026-11-05"  # English: unambiguous
    broken = format_date(dt.date(2026, 11, 5), lambda _, text: "{dia}/{mes}")
    assert broken == "2026-11-05"  # a pattern with unknown places never stops a build


# --- a site's build of the bundled project --------------------------------------------------------


@pytest.fixture(scope="module")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`allprint build --site lakeside.toml` on a copy of the bundled project."""
    work = tmp_path_factory.mktemp("site-languages")
    for name in ("content", "translations"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "allprint.toml", work)
    (work / "lakeside.toml").write_text(SITE, encoding="utf-8")
    result = run_cli("build", "--site", "lakeside.toml", "--jobs", "2", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "is not made" not in result.stderr, result.stderr
    return work / "sites" / "lakeside" / "pamphlets"


def test_a_site_build_makes_every_edition_its_catalogues_cover(site_build):
    names = {p.name for p in site_build.glob("*.pdf")}
    for name in (
        "pediatric-all-parent-essentials.pdf",
        "pediatric-all-parent-essentials-es.pdf",
        "pediatric-all-child-essentials-es.pdf",
        "pediatric-all-child-es.pdf",
        "pediatric-all-parent-essentials-ar.pdf",
    ):
        assert name in names


def _runs(path: Path, words: list[str]) -> list[float]:
    """The heights (y) of page 1 where `words` stand side by side, left to right."""
    boxes = word_boxes(path)
    found = []
    for i in range(len(boxes) - len(words) + 1):
        run = boxes[i : i + len(words)]
        same_line = all(abs(b[2] - run[0][2]) < 2 for b in run)
        in_order = all(a[3] <= b[1] + 1 for a, b in itertools.pairwise(run))
        if [b[0] for b in run] == words and same_line and in_order:
            found.append(run[0][2])
    return found


def test_the_arabic_sheet_prints_the_number_in_one_order_in_call_box_and_footer(site_build):
    path = site_build / "pediatric-all-parent-essentials-ar.pdf"
    heights = _runs(path, PHONE)
    assert len(heights) == 2, heights  # the call box near the top, the footer at the foot
    assert min(heights) < 400 < 780 < max(heights)
    text = pdf_pages_text(path)[0]
    assert "2030 010 555" not in text and "1+" not in text
    assert "Lakeside" not in text  # the clinic's Arabic name, from [site.ar]


def test_the_arabic_date_reads_day_month_year_right_to_left(site_build):
    # "25 <month> 2026" from the right: the day stands right of the year on the line
    # (it printed as "25-11-2026" read the wrong way before).
    boxes = word_boxes(site_build / "pediatric-all-parent-essentials-ar.pdf")
    footer = [b for b in boxes if b[2] > 780]
    year = next(b for b in footer if b[0] == "2026")
    day = next(b for b in footer if b[0] == "25" and abs(b[2] - year[2]) < 2)
    assert day[1] > year[3]


def test_the_spanish_sheet_prints_the_sites_spanish_words(site_build):
    pages = [flat(t) for t in pdf_pages_text(site_build / "pediatric-all-parent-essentials-es.pdf")]
    assert "Clínica Infantil Lakeside, día y noche: +1 555 010 2030" in pages[0]
    assert "Nuestra regla para la fiebre: 38,3 °C o más" in pages[0]
    back = " ".join(pages)
    assert "aprobados por Jefa de enfermería, hospital de día el 20/11/2026." in back
    english = flat(pdf_pages_text(site_build / "pediatric-all-parent-essentials.pdf")[0])
    assert "Lakeside Children's Clinic, day and night: +1 555 010 2030" in english
    assert "Our fever rule: 38.3 °C" in english


# --- a site's words the catalogue lacks -----------------------------------------------------------


def test_a_site_edition_lacking_the_sites_words_is_named_and_strict_fails(tmp_path):
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    (tmp_path / "allprint.toml").write_text("")
    (tmp_path / "lakeside.toml").write_text(SITE, encoding="utf-8")
    assert run_cli("translate", "extract", cwd=tmp_path).returncode == 0
    folder = tmp_path / "translations" / "tiny-topic"
    po = polib.pofile(str(folder / "tiny-topic.pot"))
    po.metadata.update({"Language": "es", "X-Allprint-Outputs": "parent-essentials"})
    lacking = "Phone numbers and fever rule approved by {name} on {date}."
    for entry in po:  # all translated but the sentence only a site with an approver prints
        entry.msgstr = "" if entry.msgid == lacking else "ES " + entry.msgid
    po.save(str(folder / "es.po"))

    without_site = run_cli("check", cwd=tmp_path)
    assert "is not made" not in without_site.stdout + without_site.stderr
    result = run_cli("check", "--site", "lakeside.toml", cwd=tmp_path)
    assert result.returncode == 0
    said = flat(result.stdout + result.stderr)
    named = "pamphlets/tiny-topic-parent-essentials-es.pdf is not made: 1 entries of es.po "
    assert f"warning: content/tiny-topic.yaml: parent handout: {named}" in said
    assert f"(ui {lacking!r} at es.po:" in said
    strict = run_cli("check", "--site", "lakeside.toml", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert f"error: content/tiny-topic.yaml: parent handout: {named}" in flat(strict.stderr)
    po.find(lacking, msgctxt="ui").msgstr = "ES " + lacking
    po.save(str(folder / "es.po"))
    again = run_cli("check", "--site", "lakeside.toml", cwd=tmp_path)
    assert "is not made" not in again.stdout + again.stderr

"""Render one tier's handout view to the HTML that WeasyPrint lays out (or a phone reads)."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import re
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from allprint.editions.dates import format_date, format_iso
from allprint.editions.sheets import Sheet
from allprint.editions.tiers import HandoutView
from allprint.memo import per_build
from allprint.paths import TEMPLATES_DIR
from allprint.project.config import Site
from allprint.render.bidi import fill, isolate, isolate_numbers, mark_latin_runs, number
from allprint.render.layout import PrintOptions
from allprint.render.timeline import timeline_svg


@per_build
def environment() -> jinja2.Environment:
    # Autoescape everything: source text is data, never markup.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_compiled_templates(),
    )
    env.filters["breakable_url"] = breakable_url
    env.filters["css_string"] = css_string
    env.filters["isolate"] = isolate
    env.filters["number"] = number
    return env


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, or None (templates are compiled each time).

    Where: `allprint-*.cache` in the user's own folder of the system's temporary folder
    (`_jinja2-cache-UID`, which Jinja makes readable by that user only).
    Why: compiling the templates took 0.06 s of every build; loading them compiled takes
    a few milliseconds. A cached template is used only while its file is unchanged
    (Jinja compares the template's checksum) and by the Python version that made it.
    """
    if os.environ.get("ALLPRINT_TEMPLATE_CACHE", "1") == "0":
        return None
    try:
        return _QuietBytecodeCache(pattern="allprint-%s.cache")
    except (OSError, RuntimeError):  # no temporary folder, or one another user owns
        return None


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that is never a reason for a build to fail: a compiled template that
    cannot be kept (a full or read-only disk) is simply compiled again next time."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file can fail to unpickle in many ways: compile anew
            bucket.reset()


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, for words set in a style sheet (page numbers)."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\\n<>&' else c for c in text)
    return Markup(f'"{escaped}"')


_URL_BREAKS = re.compile(r"(?<=[/.\-])(?!/)")


def breakable_url(url: str) -> Markup:
    """`url`, escaped, with line-break chances after `/`, `.` and `-` only, never inside
    the scheme (`https://`): a wrapped address can still be typed from paper."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    pieces = _URL_BREAKS.split(rest)
    head = escape(scheme + sep)
    return Markup(head + Markup("<wbr>").join(escape(p) for p in pieces))


def render_html(
    view: HandoutView,
    page: PrintOptions | None = None,
    base_href: str | None = None,
    *,
    site: Site | None = None,
    document: str = "guide",
    sheet: Sheet | None = None,
    closer: int = 0,
) -> str:
    """The complete HTML document of one handout, linking only assets in `templates/`.

    `page` sets paper size, booklet pages and large print; `site` the clinic's own
    numbers (blanks to fill in by hand without one); `document` is the tier's `guide`,
    its one-sheet `essentials` (made of `sheet`) or the parent's fill-in `tools`.
    `base_href` adds a <base> so that a saved copy finds its styles from any folder.
    `closer` (1 or 2) sets a one-sheet's lines closer, to fit its sheet (`sheet.css`).
    """
    name = f"{view.tier}.html" if document == "guide" else f"{document}.html"
    template = environment().get_template(name)
    html = template.render(
        h=view,
        page=page or PrintOptions(),
        base_href=base_href,
        site=site or Site(),
        logo=_logo(site),
        document=document,
        sheet=sheet,
        closer=closer,
        icon=_icon_url,
        drawing=_picture_url,
        **_helpers(view),
    )
    return _right_to_left(html) if view.direction == "rtl" else html


def render_phone_html(view: HandoutView, site: Site | None = None) -> str:
    """One handout as a single self-contained page for phones: inline CSS and pictures."""
    template = environment().get_template("phone.html")
    css = (TEMPLATES_DIR / "phone.css").read_text(encoding="utf-8")
    if view.direction == "rtl":
        css += (TEMPLATES_DIR / "phone-rtl.css").read_text(encoding="utf-8")
    html = template.render(
        h=view,
        page=PrintOptions(),
        css=css,
        base_href=None,
        site=site or Site(),
        logo=_logo(site),
        document="guide",
        sheet=None,
        icon=_icon_data,
        drawing=_picture_data,
        **_helpers(view),
    )
    return _right_to_left(html) if view.direction == "rtl" else html


# Latin-script words in a right-to-left handout (names of medicines and sources) are left
# as the source has them: in English, the language the bundled topics are written in.
LATIN_WORDS_LANGUAGE = "en"


def _right_to_left(html: str) -> str:
    """A right-to-left handout's numbers in isolates, its Latin words marked as such."""
    return mark_latin_runs(isolate_numbers(html), LATIN_WORDS_LANGUAGE)


def _helpers(view: HandoutView) -> dict:
    """The handout's words (`_`), dates in its language (`day`), `fill` for words with
    places (`{team}`) filled by site values kept in their isolates, and `timeline` (a
    section's timeline drawn, in the handout's direction)."""

    def day(value: dt.date | str | None) -> str:
        if isinstance(value, str):
            return format_iso(value, view.words)
        return format_date(value, view.words)

    def timeline(section) -> Markup:
        return timeline_svg(section.timeline, f"timeline-{section.id}", view.direction == "rtl")

    return {"_": view.ui, "day": day, "fill": fill, "timeline": timeline}


def _logo(site: Site | None) -> str | None:
    """The site's logo, inlined as a data URL: a handout's HTML carries everything of the
    site's own it prints, so a worker on another machine needs none of the site's files."""
    if site is None or site.logo is None:
        return None
    return _data_url(site.logo)


def _icon_url(name: str) -> str:
    """A pictogram from `templates/icons/`, linked (read by the locked-down fetcher)."""
    return f"icons/{name}.svg"


def _icon_data(name: str) -> str:
    """A pictogram inlined as a data URL: phone pages carry everything they show."""
    return _data_url(TEMPLATES_DIR / "icons" / f"{name}.svg")


def _picture_url(path: str) -> str:
    """A drawing of a step picture, by its path under `templates/`, linked."""
    return path


def _picture_data(path: str) -> str:
    """A drawing of a step picture inlined as a data URL (phone pages)."""
    return _data_url(TEMPLATES_DIR / path)


@per_build
def _data_url(path: Path) -> str:
    kind = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def templates_base_href() -> str:
    """The address of `templates/`, for a <base> element."""
    return TEMPLATES_DIR.as_uri() + "/"

"""Render one tier's handout view to the HTML that WeasyPrint lays out."""

from __future__ import annotations

import datetime as dt
from functools import cache

import jinja2

from allprint.layout import PrintOptions
from allprint.model import Tier, Topic
from allprint.paths import TEMPLATES_DIR
from allprint.tiers import tier_view


@cache
def environment() -> jinja2.Environment:
    # Autoescape everything: source text is data, never markup.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    topic: Topic, tier: Tier, today: dt.date | None = None, page: PrintOptions | None = None
) -> str:
    """The complete HTML document for `tier`, linking only assets in `templates/`.

    `today` decides whether pages are marked "Review overdue" (default: the real today);
    `page` sets paper size, booklet pages and large print.
    """
    template = environment().get_template(f"{tier}.html")
    return template.render(h=tier_view(topic, tier, today), page=page or PrintOptions())


def render_phone_html(topic: Topic, tier: Tier, today: dt.date | None = None) -> str:
    """One handout as a single self-contained page for phones: inline CSS, no scripts."""
    template = environment().get_template("phone.html")
    css = (TEMPLATES_DIR / "phone.css").read_text(encoding="utf-8")
    return template.render(h=tier_view(topic, tier, today), page=PrintOptions(), css=css)

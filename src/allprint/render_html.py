"""Render one tier's handout view to the HTML that WeasyPrint lays out (or a phone reads)."""

from __future__ import annotations

from functools import cache

import jinja2

from allprint.layout import PrintOptions
from allprint.paths import TEMPLATES_DIR
from allprint.tiers import HandoutView


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
    view: HandoutView, page: PrintOptions | None = None, base_href: str | None = None
) -> str:
    """The complete HTML document of one handout, linking only assets in `templates/`.

    `page` sets paper size, booklet pages and large print. `base_href` adds a <base>
    so that a saved copy finds its styles from any folder (WeasyPrint needs none).
    """
    template = environment().get_template(f"{view.tier}.html")
    return template.render(h=view, page=page or PrintOptions(), base_href=base_href)


def render_phone_html(view: HandoutView) -> str:
    """One handout as a single self-contained page for phones: inline CSS, no scripts."""
    template = environment().get_template("phone.html")
    css = (TEMPLATES_DIR / "phone.css").read_text(encoding="utf-8")
    return template.render(h=view, page=PrintOptions(), css=css, base_href=None)


def templates_base_href() -> str:
    """The address of `templates/`, for a <base> element."""
    return TEMPLATES_DIR.as_uri() + "/"

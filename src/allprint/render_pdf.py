"""Lay out a handout's HTML as a PDF with WeasyPrint, reading only the project's own assets."""

from __future__ import annotations

from io import BytesIO

from allprint.fetcher import AssetFetcher
from allprint.paths import TEMPLATES_DIR


def render_pdf(html: str, identifier: str) -> tuple[bytes, int]:
    """Return the PDF bytes for `html` and its page count; links resolve inside `templates/`.

    `identifier` is a stable id (e.g. `pediatric-all-parent`): equal input, equal bytes.
    """
    import weasyprint  # heavy: imported only when a PDF is really made

    fetcher = AssetFetcher([TEMPLATES_DIR])
    document = weasyprint.HTML(
        string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher
    )
    # custom_metadata puts <meta name="publisher"> into the PDF's document info.
    options = {"custom_metadata": True, "pdf_identifier": identifier.encode()}
    rendered = document.render(**options)
    out = BytesIO()
    rendered.write_pdf(out, **options)
    return out.getvalue(), len(rendered.pages)

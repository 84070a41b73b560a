"""Lay out a handout's HTML as a PDF with WeasyPrint, reading only the project's own assets."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from allprint.paths import TEMPLATES_DIR
from allprint.render.engine import weasyprint  # heavy: this module is loaded only to make PDFs
from allprint.render.fetcher import AssetFetcher

Sheet = tuple[float, float]  # width and height in PDF points
PT_PER_PX = 0.75  # a CSS pixel is 1/96 inch, a PDF point 1/72


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    assets: tuple[str, ...]  # the files it read: template assets relative to `templates/`
    anchors: dict[str, int]  # element id -> the page (1-based) it starts on; and
    # `ID:overflows` -> the page where the text of box ID runs past it (`overflowing`)


def render_pdf(
    html: str,
    identifier: str,
    *,
    epoch: int | None = None,
    variant: str | None = None,
    font_config=None,
    image_cache: dict | None = None,
) -> RenderedPdf:
    """Lay out `html` as a PDF; links resolve inside `templates/` and nowhere else.

    Equal input gives equal bytes: `identifier` is the PDF's fixed file id (e.g.
    `pediatric-all-parent`) and `epoch` the time stamped into embedded fonts.
    `variant` is a PDF standard WeasyPrint knows, e.g. `pdf/a-3b` or `pdf/ua-1`.
    `font_config` (a WeasyPrint FontConfiguration) and `image_cache` (a dict) may be
    shared between documents, to load fonts and images once.
    """
    (pdf,), _ = render_first_fitting(
        (html,),
        ((identifier, None),),
        epoch=epoch,
        variant=variant,
        font_config=font_config,
        image_cache=image_cache,
    )
    return pdf


Fits = Callable[[int, dict[str, int]], bool]  # (pages, anchors) -> whether to keep it


def render_first_fitting(
    htmls: Sequence[str],
    files: Sequence[tuple[str, Sheet | None]],
    *,
    fits: Fits | None = None,
    epoch: int | None = None,
    variant: str | None = None,
    font_config=None,
    image_cache: dict | None = None,
) -> tuple[list[RenderedPdf], int]:
    """The PDFs of the first of `htmls` whose layout `fits` (else of the last), one per
    file, each an (identifier, sheet), and its index. Each HTML is laid out in turn, and
    only the layout kept is written (writing is a quarter of a PDF's time, wasted on a
    layout thrown away), once per file, each with the bytes it would have alone. A
    sheet, when given, is the paper each page is centred on (the A4 and Letter copies of
    a large-print guide, laid out on a page that fits both)."""
    if font_config is None:
        font_config = shipped_fonts()
    options: dict = {"custom_metadata": True}  # <meta name="publisher"> into the document info
    mend = None
    if variant:  # tagged or archival: mended after writing (pikepdf, loaded only then)
        from allprint.render.tagging import carry_html_semantics, finish

        options["pdf_variant"] = variant
        carry_html_semantics()
        mend = finish
    if image_cache is not None:
        options["cache"] = image_cache
    written = []
    with _source_date_epoch(epoch), _collector_paused():
        for index, html in enumerate(htmls):
            fetcher = AssetFetcher([TEMPLATES_DIR])
            document = weasyprint.HTML(
                string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher
            )
            rendered = document.render(font_config=font_config, **options)
            anchors = _anchors(rendered.pages)
            pages = len(rendered.pages)
            if index == len(htmls) - 1 or fits is None or fits(pages, anchors):
                break
        for data in _written(rendered, files, options):
            written.append(mend(data, variant) if mend else data)
        del rendered, document  # garbage by the time the collector looks
    assets = tuple(sorted(_asset_name(path) for path in fetcher.read))
    return [RenderedPdf(data, pages, assets, anchors) for data in written], index


def _written(rendered, files: Sequence[tuple[str, Sheet | None]], options: dict) -> list[bytes]:
    """Each file's PDF of one laid-out document. Copies placed on other sheets (the A4 and
    Letter copies of a large-print guide) differ only in their pages' boxes and their id:
    the pages are painted once, for the first placed copy, whose PDF is then written again
    with each other sheet's boxes (the bytes each has when written alone: tested)."""
    written, painted = [], None
    for identifier, sheet in files:
        out = BytesIO()
        if painted is not None and sheet is not None:
            painted.write_on(rendered.pages, sheet, identifier.encode(), out)
        else:
            painted = _Painted() if sheet is not None else None
            with _placed(rendered.pages, sheet):
                write = {"pdf_identifier": identifier.encode(), "finisher": painted}
                rendered.write_pdf(out, **write, **options)
        written.append(out.getvalue())
    return written


class _Painted:
    """A WeasyPrint finisher that makes the sheet each page's every box (`_whole_sheet`)
    and keeps the PDF as it is about to be written, to write it again on other sheets."""

    def __init__(self) -> None:
        self.pdf = None
        self.objects = 0  # the PDF's objects before writing added its own
        self.how: tuple = ()  # the version and compression WeasyPrint wrote it with

    def __call__(self, document, pdf) -> None:
        _whole_sheet(document, pdf)
        self.pdf, self.objects = pdf, len(pdf.objects)
        write = pdf.write

        def keep(output, version=b"1.7", identifier=False, compress=False):
            self.how = (version, compress)
            return write(output, version, identifier, compress)

        pdf.write = keep

    def write_on(self, pages: list, sheet: Sheet, identifier: bytes, out: BytesIO) -> None:
        """The same pages centred on `sheet`, as `_placed` and WeasyPrint would box them."""
        pdf = self.pdf
        del pdf.objects[self.objects :]  # the info, object and cross-reference streams
        pdf.current_position, pdf.xref_position = 0, None
        boxed = [o for o in pdf.objects if isinstance(o, dict) and o.get("Type") == "/Page"]
        for box, page in zip(boxed, pages, strict=True):
            bleed = _bleed(page, sheet)
            # As WeasyPrint's generate_pdf boxes a page, operation for operation.
            width = PT_PER_PX * (page.width + bleed["left"] + bleed["right"])
            height = PT_PER_PX * (page.height + bleed["top"] + bleed["bottom"])
            left, top = -PT_PER_PX * bleed["left"], -PT_PER_PX * bleed["top"]
            media = type(box["MediaBox"])([left, top, left + width, top + height])
            box["MediaBox"] = box["TrimBox"] = box["BleedBox"] = media
        version, compress = self.how
        type(pdf).write(pdf, out, version, identifier, compress)


def _anchors(pages: list) -> dict[str, int]:
    """Each marked element's id, and each overflowing box's, -> the page it starts on."""
    anchors: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for anchor in (*page.anchors, *overflowing(page.anchors)):
            anchors.setdefault(anchor, number)
    return anchors


# A box of fixed size whose text must stay inside it (each side of the wallet card) holds
# that text in a box of its own, with the id `ID-text` inside the box `ID`.
OVERFLOWS = ":overflows"


def overflowing(boxes: dict[str, tuple[float, float, float, float]]) -> list[str]:
    """`ID:overflows` for each box `ID` on a page whose text (`ID-text`, whose height is
    its text's) runs past its bottom. `boxes`: a page's anchors, id -> (x1, y1, x2, y2)."""
    found = []
    for name, (*_, bottom) in boxes.items():
        outer = boxes.get(name.removesuffix("-text")) if name.endswith("-text") else None
        if outer is not None and bottom > outer[3] + 0.5:  # half a pixel: rounding
            found.append(name.removesuffix("-text") + OVERFLOWS)
    return found


@contextlib.contextmanager
def _placed(pages: list, sheet: Sheet | None) -> Iterator[None]:
    """Centre each page on `sheet` while a PDF is written (`_Painted` then makes the sheet
    each page's trim and bleed boxes too).

    How: WeasyPrint's bleed, the area a page may print beyond its edge, is set to what
    the sheet has around the page, so that the PDF page (its MediaBox) is the sheet and
    links and bookmarks keep their places on it. Bleed does not change the layout. The
    trim and bleed boxes, which WeasyPrint draws at the laid-out page, become the sheet
    too: the sheet is the finished page, nothing is to be cut off.
    """
    if sheet is None:
        yield
        return
    saved = [page.bleed for page in pages]
    for page in pages:
        page.bleed = _bleed(page, sheet)
    try:
        yield
    finally:
        for page, bleed in zip(pages, saved, strict=True):
            page.bleed = bleed


def _bleed(page, sheet: Sheet) -> dict[str, float]:
    """What `sheet` has around a page centred on it, in CSS pixels, as WeasyPrint's bleed."""
    across = max(0.0, sheet[0] / PT_PER_PX - page.width) / 2
    down = max(0.0, sheet[1] / PT_PER_PX - page.height) / 2
    return {"top": down, "bottom": down, "left": across, "right": across}


def _whole_sheet(_document, pdf) -> None:
    """A WeasyPrint finisher: each page's trim and bleed boxes become its media box."""
    for item in pdf.objects:
        if isinstance(item, dict) and item.get("Type") == "/Page" and "MediaBox" in item:
            item["TrimBox"] = item["BleedBox"] = item["MediaBox"]


def shipped_fonts():
    """A WeasyPrint font configuration that knows only the fonts in `templates/fonts`.

    Why: with the host's configuration, a character the shipped fonts lack would be drawn
    from whatever fonts that machine has, so the same source would print differently (and
    give other bytes) from one clinic to the next. Fontconfig reads FONTCONFIG_FILE when
    the configuration is made, so it is set only for that moment.
    """
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)
    try:
        return weasyprint.text.fonts.FontConfiguration()
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


FONTS_CONF = TEMPLATES_DIR / "fonts" / "fonts.conf"


def remove_font_copies(font_config) -> None:
    """Remove the temporary folder where WeasyPrint copied a configuration's @font-face
    fonts. WeasyPrint removes it only when the configuration is garbage collected, which
    does not happen to one still held when the interpreter exits: each such process left
    a folder in the system's temporary directory."""
    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _asset_name(path: Path) -> str:
    """A template asset by its path inside `templates/`; any other allowed file in full."""
    templates = TEMPLATES_DIR.resolve()
    return path.relative_to(templates).as_posix() if path.is_relative_to(templates) else str(path)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while WeasyPrint makes a PDF; collect once after.

    Why: layout allocates millions of short-lived objects, so the collector ran hundreds
    of times per document, each pass walking every object still alive (a tenth of the
    time of a PDF). Afterwards one pass over what the document left frees it.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


@contextlib.contextmanager
def _source_date_epoch(epoch: int | None) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH while fonts are subset.

    Why: fontTools stamps each embedded font subset with the current time unless this
    reproducible-builds variable is set, which alone makes two builds differ.
    """
    if epoch is None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]

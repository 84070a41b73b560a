"""Booklet imposition: half-size pages placed 2-up on landscape sheets in saddle-stitch order.

Print the result double-sided (flip on the short edge), fold the stack in half and
staple on the fold: the pages then read in order.
"""

from __future__ import annotations

from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """Pairs of page indexes (left, right) for each sheet side; `pages` is a multiple of 4.

    Sheet k's front carries the last-but-2k page on the left and page 2k on the right;
    its back carries page 2k+1 on the left and the last-but-(2k+1) on the right.
    """
    if pages % 4:
        raise ValueError("a saddle-stitched booklet needs a multiple of 4 pages")
    sides = []
    for k in range(pages // 4):
        sides.append((pages - 1 - 2 * k, 2 * k))
        sides.append((2 * k + 1, pages - 2 - 2 * k))
    return sides


def impose_booklet(pdf: bytes, sheet_width: float, sheet_height: float) -> bytes:
    """2-up landscape sheets (size in points) from the half-size pages in `pdf`.

    Pages are padded with blanks to a multiple of 4 and centred in each half sheet
    (a booklet's page fits half an A4 and half a Letter sheet, so it is smaller than
    at least one of them). Each page becomes a form
    XObject drawn on its sheet. Why not pypdf's page merging: it parses and rewrites
    every content stream, which took longer than laying out the booklet.
    """
    reader = PdfReader(BytesIO(pdf))
    pages = list(reader.pages)
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    writer = PdfWriter()
    forms: list[IndirectObject | None] = [_as_form(writer, page) for page in pages]
    forms += [None] * (-len(forms) % 4)  # blank pages

    half = sheet_width / 2
    dx, dy = (half - width) / 2, (sheet_height - height) / 2
    for left, right in saddle_stitch_order(len(forms)):
        sheet = writer.add_blank_page(width=sheet_width, height=sheet_height)
        placed = {
            f"/P{i}": (form, x)
            for i, (form, x) in enumerate(((forms[left], dx), (forms[right], half + dx)))
            if form
        }
        drawing = "".join(
            f"q 1 0 0 1 {x:.4f} {dy:.4f} cm {name} Do Q\n" for name, (_, x) in placed.items()
        )
        content = StreamObject()
        content.set_data(drawing.encode())
        sheet[NameObject("/Contents")] = writer._add_object(content)
        xobjects = DictionaryObject({NameObject(name): form for name, (form, _) in placed.items()})
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    # Keep the document's title, author, dates and language, so the booklet is as
    # traceable and as readable by assistive tools as the rest.
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    if "/Lang" in reader.trailer["/Root"]:
        writer.root_object[NameObject("/Lang")] = reader.trailer["/Root"]["/Lang"]
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _as_form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """The page as a form XObject in `writer`; its content keeps its compression."""
    contents = page.get("/Contents")
    stream = contents.get_object() if contents is not None else None
    if isinstance(stream, StreamObject):
        form = stream.clone(writer)  # fonts and images are cloned once for all pages
    else:  # no content, or an array of streams: join them
        form = StreamObject()
        data = page.get_contents()
        form.set_data(data.get_data() if data is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in page.mediabox]),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form)

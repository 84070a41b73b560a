"""Booklet imposition: half-size pages placed 2-up on landscape sheets in saddle-stitch order.

Print the result double-sided (flip on the short edge), fold the stack in half and
staple on the fold: the pages then read in order.
"""

from __future__ import annotations

from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject


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
    (an A5 page is a hair narrower than half an A4 sheet).
    """
    reader = PdfReader(BytesIO(pdf))
    pages = list(reader.pages)
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    while len(pages) % 4:
        pages.append(PageObject.create_blank_page(width=width, height=height))

    half = sheet_width / 2
    dx, dy = (half - width) / 2, (sheet_height - height) / 2
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(pages)):
        sheet = writer.add_blank_page(width=sheet_width, height=sheet_height)
        sheet.merge_transformed_page(pages[left], Transformation().translate(tx=dx, ty=dy))
        sheet.merge_transformed_page(pages[right], Transformation().translate(tx=half + dx, ty=dy))
        sheet.compress_content_streams()
    # Keep the document's title, author, dates and language, so the booklet is as
    # traceable and as readable by assistive tools as the rest.
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    if "/Lang" in reader.trailer["/Root"]:
        writer.root_object[NameObject("/Lang")] = reader.trailer["/Root"]["/Lang"]
    # Every sheet refers to the same fonts: keep one copy of each.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()

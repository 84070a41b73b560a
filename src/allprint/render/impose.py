"""Booklet imposition: half-size pages placed 2-up on landscape sheets in saddle-stitch order.

Print the result double-sided (flip on the short edge), fold the stack in half and
staple on the fold: the pages then read in order.

The booklet stays the document it was: its title, language, metadata, bookmarks and (in a
tagged PDF) structure tree are kept, each pointing at the sheet its page went to, so a
screen reader reads it in page order and the bookmarks open the right place.
"""

from __future__ import annotations

from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name

from allprint.render.tagging import compressed


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
    at least one of them). Each page's content becomes a form XObject drawn on its
    sheet, as it is: nothing is parsed or recompressed.
    """
    with pikepdf.open(BytesIO(pdf)) as document:
        pages = list(document.pages)
        box = [float(v) for v in pages[0].MediaBox]
        width, height = box[2] - box[0], box[3] - box[1]
        forms: list[pikepdf.Stream | None] = [_as_form(document, page) for page in pages]
        forms += [None] * (-len(forms) % 4)  # blank pages
        half = sheet_width / 2
        dx, dy = (half - width) / 2, (sheet_height - height) / 2
        placed: dict[tuple[int, int], tuple[pikepdf.Page, float, pikepdf.Stream]] = {}
        for left, right in saddle_stitch_order(len(forms)):
            sheet = _sheet(document, pages[0], sheet_width, sheet_height)
            drawing, xobjects = [], Dictionary()
            for i, (index, x) in enumerate(((left, dx), (right, half + dx))):
                if forms[index] is None:
                    continue
                xobjects[f"/P{i}"] = forms[index]
                drawing.append(f"q 1 0 0 1 {x:.4f} {dy:.4f} cm /P{i} Do Q\n")
                placed[pages[index].objgen] = (sheet, x, forms[index])
            sheet.Resources = Dictionary(XObject=xobjects)
            drawn = compressed("".join(drawing).encode())
            sheet.Contents = document.make_stream(drawn, Filter=Name.FlateDecode)
        _repoint(document, placed, dy)
        for _ in pages:
            del document.pages[0]
        out = BytesIO()
        # A booklet keeps no file id of its pages' (its A4 and Letter copies are made
        # from the same pages): its own is computed from its content.
        if "/ID" in document.trailer:
            del document.trailer.ID
        # No object streams: their cross-reference stream, compressed, may end in a
        # carriage return, which a PDF/A validator misreads (`tagging.compressed`).
        document.save(
            out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable
        )
    return out.getvalue()


def _as_form(document: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Stream:
    """The page's content as a form XObject, keeping its compression; it keeps the
    page's key in the structure tree's parent tree, so its marked content stays tagged."""
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        form = contents
    else:  # no content, or an array of streams: join them
        joined = b"\n".join(part.read_bytes() for part in contents or ())
        form = document.make_stream(joined)
    form.Type, form.Subtype = Name.XObject, Name.Form
    form.BBox = page.MediaBox
    form.Resources = page.Resources
    if "/StructParents" in page.obj:
        form.StructParents = page.obj.StructParents
    return form


def _sheet(document: pikepdf.Pdf, first: pikepdf.Page, width: float, height: float):
    sheet = pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, width, height])))
    if "/Group" in first.obj:  # the pages' transparency blending space, for PDF/A
        sheet.obj.Group = first.obj.Group
    document.pages.append(sheet)
    return document.pages[-1]


def _repoint(document: pikepdf.Pdf, placed: dict, dy: float) -> None:
    """Structure elements, bookmarks and named places that pointed at a page point at its
    sheet; marked content is found in the page's form. Links are not kept: a printed
    booklet is not clicked."""
    root = document.Root
    tree = root.get("/StructTreeRoot")
    if tree is not None:
        _repoint_structure(tree, placed)
    outline = root.get("/Outlines")
    todo = [outline.First] if outline is not None and "/First" in outline else []
    while todo:
        item = todo.pop()
        if "/Dest" in item:
            item.Dest = _moved(item.Dest, placed, dy)
        todo += [item[key] for key in ("/First", "/Next") if key in item]
    names = root.get("/Names", {}).get("/Dests")
    todo = [names] if names is not None else []
    while todo:
        node = todo.pop()
        todo += list(node.get("/Kids", ()))
        entries = node.get("/Names", ())
        for i in range(1, len(entries), 2):
            entries[i] = _moved(entries[i], placed, dy)


def _moved(destination, placed: dict, dy: float):
    """A destination `[page /XYZ left top zoom]` on the sheet the page went to."""
    if not isinstance(destination, Array) or not destination or destination[0].objgen not in placed:
        return destination
    sheet, x, _ = placed[destination[0].objgen]
    left, top = destination[2], destination[3] if len(destination) > 3 else None
    return Array(
        [
            sheet.obj,
            *destination[1:2],
            None if left is None else float(left) + x,
            None if top is None else float(top) + dy,
            *destination[4:],
        ]
    )


def _repoint_structure(tree: pikepdf.Dictionary, placed: dict) -> None:
    numbers = tree.ParentTree.Nums
    keep = {int(f.StructParents) for _, _, f in placed.values() if "/StructParents" in f}
    entries: list = []
    for i in range(0, len(numbers), 2):  # the links' entries go with the links
        if int(numbers[i]) in keep:
            entries += [numbers[i], numbers[i + 1]]
    tree.ParentTree.Nums = Array(entries)
    todo = [tree.K]
    while todo:
        element = todo.pop()
        if isinstance(element, Array):
            todo += list(element)
            continue
        if not isinstance(element, Dictionary) or "/S" not in element:
            continue
        page = element.get("/Pg")
        where = placed.get(page.objgen) if page is not None else None
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]
        mended = []
        for kid in kids:
            if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
                continue
            if isinstance(kid, int) and where is not None:
                sheet, _, form = where
                kid = Dictionary(Type=Name.MCR, Pg=sheet.obj, MCID=kid, Stm=form)
            mended.append(kid)
            todo.append(kid)
        element.K = Array(mended)
        if where is not None:
            element.Pg = where[0].obj

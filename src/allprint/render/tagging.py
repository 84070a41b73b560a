"""Tagged PDFs (PDF/UA-1) that pass a validator: what WeasyPrint's tagging leaves out.

WeasyPrint builds the structure tree from the HTML, but writes no language for an element
whose `lang` differs from the page's, and no `/Scope` for a header cell. `carry_html_semantics`
makes its tree builder copy both from the HTML, and mark images the HTML calls decoration.
`finish` then mends the written PDF: decoration becomes an artifact; list items wrapped in
a `<div>` (the glossary's) and nested lists go where a list's parts belong; link areas of a
link's inner boxes join their `Link`; a table with no header cell becomes divisions; every
glyph maps to text; and, for PDF/A, the metadata is stored unfiltered and no compressed
content ends in a carriage return.
"""

from __future__ import annotations

import re
import zlib
from io import BytesIO

import pikepdf

DECORATION = "/AllprintDecoration"  # an image with `alt=""`, until `finish` sees it
PRINT_FLAG = 4  # an annotation's /F bit: printed as shown
# A glyph an Arabic font draws as a part of a letter (its dots) maps to no character; a
# zero-width joiner is text that reads as nothing, and every glyph then maps to something.
_EMPTY_MAPPING = re.compile(rb"(<[0-9A-Fa-f]+>\s*)<>")
_JOINER = rb"\1<200D>"


def carry_html_semantics() -> None:
    """Let WeasyPrint's structure tree carry each element's `lang` as `/Lang`, and each
    header cell's `scope` as `/Scope` (`row`: Row; else Column, as WeasyPrint's own
    header-to-cell links read it). Installed once per process."""
    from weasyprint.pdf import tags

    if getattr(tags._build_box_tree, "carries_html", False):
        return
    original = tags._build_box_tree

    def build_box_tree(box, *args, **kwargs):
        for element in original(box, *args, **kwargs):
            _copy_semantics(getattr(box, "_box", box), element)
            yield element

    build_box_tree.carries_html = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_box_tree


def _copy_semantics(box, element) -> None:
    import pydyf

    html = getattr(box, "element", None)
    if html is None or getattr(box, "element_tag", None) in ("html", "body"):
        return  # their elements are their children's
    language = html.get("lang")
    if language and "Lang" not in element:
        element["Lang"] = pydyf.String(language)
    if html.tag == "img" and html.get("alt") == "" and element.get("S") == "/Figure":
        element[DECORATION[1:]] = "true"  # `finish` makes it an artifact
    if element.get("S") == "/TH" and "A" in element:
        element["A"]["Scope"] = "/Row" if html.get("scope") == "row" else "/Column"


def finish(data: bytes, variant: str) -> bytes:
    """A written PDF of `variant` (`pdf/ua-1`, `pdf/a-3b`) mended for its standard."""
    with pikepdf.open(BytesIO(data)) as pdf:
        _uncompressed_metadata(pdf)
        _no_content_ends_in_return(pdf)
        if "/StructTreeRoot" in pdf.Root:
            root = pdf.Root.StructTreeRoot
            parents = _parent_tree(root)
            decorations = []
            for element in _elements(root):
                _layout_grid(element)
                _items_in_lists(element)
                _nested_lists_in_their_items(element)
                _link_areas_in_links(element, parents)
                if DECORATION in element:
                    decorations.append(element)
            _decorations_as_artifacts(pdf, decorations, parents)
            _write_parent_tree(root, parents)
            for page in pdf.pages:
                for annotation in page.get("/Annots", ()):
                    annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG
            _every_glyph_mapped(pdf)
        out = BytesIO()
        # PDF/A: no object streams (`compressed`: their cross-reference stream too may end
        # in a carriage return).
        streams = pikepdf.ObjectStreamMode.disable if "pdf/a" in variant else None
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=streams or pikepdf.ObjectStreamMode.preserve,
        )
    return out.getvalue()


def _uncompressed_metadata(pdf: pikepdf.Pdf) -> None:
    """PDF/A: the XMP metadata stream is stored unfiltered (readable without a PDF reader)."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is not None and "/Filter" in metadata:
        metadata.write(metadata.read_bytes())


def _no_content_ends_in_return(pdf: pikepdf.Pdf) -> None:
    """Each page's compressed content ends in something other than a carriage return
    (`content_stream`)."""
    for page in pdf.pages:
        content = page.obj.get("/Contents")
        if isinstance(content, pikepdf.Stream) and content.read_raw_bytes().endswith(b"\r"):
            content.write(compressed(content.read_bytes()), filter=pikepdf.Name.FlateDecode)


def compressed(content: bytes) -> bytes:
    """Page content compressed (Flate), whose last byte is not a carriage return: a PDF/A
    validator reads such a stream as one byte shorter than its /Length (the return and the
    newline before `endstream` look like one line end). A newline more at the end of the
    content changes the last bytes (a checksum of the content)."""
    data = zlib.compress(content)
    return zlib.compress(content + b"\n") if data.endswith(b"\r") else data


def _elements(root: pikepdf.Dictionary):
    """Every structure element, parents before children."""
    todo = list(_kids(root))
    while todo:
        element = todo.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            yield element
            todo.extend(_kids(element))


def _kids(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


TABLE_PARTS = ("/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TD")


def _layout_grid(element: pikepdf.Dictionary) -> None:
    """A table with no header cell lays things out (the printable cards' cutting grid):
    it and its rows and cells are plain divisions, not data a reader goes through by
    row and column."""
    if element.S != "/Table":
        return
    parts = [element]
    for kid in parts:
        parts += [k for k in _kids(kid) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    if any(part.S == "/TH" for part in parts):
        return
    for part in parts:
        if str(part.S) in TABLE_PARTS:
            part.S = pikepdf.Name.Div
            if "/A" in part and part.A.get("/O") == "/Table":
                del part.A


def _items_in_lists(element: pikepdf.Dictionary) -> None:
    """A list whose items are wrapped (`<dl><div><dt>...`): the wrappers give way to their
    items, which a list alone may hold."""
    if element.S != "/L":
        return
    kids = []
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") in ("/Div", "/NonStruct"):
            for inner in _kids(kid):
                if isinstance(inner, pikepdf.Dictionary) and "/S" in inner:
                    inner.P = element
                kids.append(inner)
        else:
            kids.append(kid)
    element.K = pikepdf.Array(kids)


def _nested_lists_in_their_items(element: pikepdf.Dictionary) -> None:
    """WeasyPrint puts a list nested in an item into the outer list, after the item, as
    if it were the next item (Kozea/WeasyPrint#2874: a screen reader then reads it as a
    list of its own, not as the item's sub-points). It goes into its item's body, as in
    the HTML."""
    if element.S != "/L":
        return
    kids = []
    for kid in _kids(element):
        before = kids[-1] if kids else None
        item = isinstance(before, pikepdf.Dictionary) and before.get("/S") == "/LI"
        body = [k for k in _kids(before) if k.get("/S") == "/LBody"] if item else []
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/L" and body:
            body[-1].K = pikepdf.Array([*_kids(body[-1]), kid])
            kid.P = body[-1]
        else:
            kids.append(kid)
    element.K = pikepdf.Array(kids)


def _link_areas_in_links(element: pikepdf.Dictionary, parents: dict) -> None:
    """WeasyPrint gives each box inside a link (a span, a page number) a link area of its
    own, tagged by that box's element: each is moved into the `Link` around it."""
    if element.get("/S") == "/Link":
        return
    kids = _kids(element)
    areas = [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
    link = _ancestor(element, "/Link")
    if not areas or link is None:
        return
    moved = {area.objgen for area in areas}
    element.K = pikepdf.Array([k for k in kids if k.objgen not in moved])
    link.K = pikepdf.Array([*_kids(link), *areas])
    for area in areas:
        key = area.Obj.get("/StructParent")
        if key is not None:
            parents[int(key)] = link


def _decorations_as_artifacts(pdf: pikepdf.Pdf, figures: list, parents: dict) -> None:
    """An image the HTML calls decoration (`alt=""`) leaves the structure tree, and its
    drawing is marked as an artifact, which a screen reader passes over."""
    by_page: dict = {}
    for figure in figures:
        kids = figure.P.K
        figure.P.K = pikepdf.Array([k for k in kids if k.objgen != figure.objgen])
        by_page.setdefault(figure.Pg.objgen, set()).update(
            int(k) for k in _kids(figure) if isinstance(k, int)
        )
    for page in pdf.pages:
        numbers = by_page.get(page.objgen)
        if not numbers:
            continue
        marks = parents[int(page.StructParents)]
        commands = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and int(operands[1].get("/MCID", -1)) in numbers:
                marks[int(operands[1].MCID)] = None
                operands, operator = [pikepdf.Name.Artifact], pikepdf.Operator("BMC")
            commands.append((operands, operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(commands))


def _ancestor(element: pikepdf.Dictionary, kind: str) -> pikepdf.Dictionary | None:
    parent = element.get("/P")
    while isinstance(parent, pikepdf.Dictionary) and "/S" in parent:
        if str(parent.S) == kind:
            return parent
        parent = parent.get("/P")
    return None


def _parent_tree(root: pikepdf.Dictionary) -> dict:
    """The parent tree's entries (WeasyPrint writes one flat /Nums array)."""
    numbers = root.ParentTree.Nums
    return {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}


def _write_parent_tree(root: pikepdf.Dictionary, parents: dict) -> None:
    entries: list = []
    for key in sorted(parents):
        entries += [key, parents[key]]
    root.ParentTree.Nums = pikepdf.Array(entries)


def _every_glyph_mapped(pdf: pikepdf.Pdf) -> None:
    """Each font's ToUnicode map gives every glyph some text (`_EMPTY_MAPPING`)."""
    seen = set()
    for page in pdf.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            text = cmap.read_bytes()
            mended = _EMPTY_MAPPING.sub(_JOINER, text)
            if mended != text:
                cmap.write(mended)

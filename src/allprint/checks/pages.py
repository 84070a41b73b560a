"""The checks on laid-out pages: a one-sheet fits its sheet, the call box's numbers and
emergency signs are on page 1 (and the parent guide's key points), a family guide stays
short enough to read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allprint.checks.fit import Finding

if TYPE_CHECKING:
    from allprint.pipeline.plan import PlannedOutput
    from allprint.project.config import Site

from dataclasses import replace
from pathlib import Path

from allprint.render.layout import PrintOptions

# Pages a one-sheet handout may take: one sheet, both sides (large print: two sheets).
SHEET_PAGES = 2


LARGE_SHEET_PAGES = 4


CALL_NUMBER = "call-number"  # the site's number, in the call-for-help box


EMERGENCY_GROUP = "urgent-emergency"  # its "act now" group


KEY_POINTS = "key-points"  # the parent guide's main messages, first


FAMILY_GUIDE_PAGES = 20


# The wallet card's sides (templates/fill_in.html), each a box of fixed size: the keys of
# `wallet_card:` and the site values printed on it. The render notes `ID:overflows` where
# a side's text runs past it (render/pdf.py, `overflowing`).
WALLET_SIDES = {
    "wallet-front": ("front", "warning, diagnosis, lines", ()),
    "wallet-back": ("back", "note_for_staff", ("name", "phone", "fever")),
}


def layout_findings(
    output: PlannedOutput, pages: int, anchors: dict[str, int], site: Site | None = None
) -> list[Finding]:
    """What the laid-out pages of one handout must satisfy: a sheet fits its sheet, families
    find the call-for-help box on page 1, a family guide stays short enough to read, and
    the wallet card's text stays on the card.

    With `site`, a handout that does not fit says that the site's values take room too:
    long ones can push a topic that fits without them over its page.
    """
    name = Path(output.path).name
    variant = output.print or PrintOptions()
    checks = (_sheet_fits, _call_box_first, _key_points_first, _guide_length)
    found = [f for check in checks if (f := check(output, variant, name, pages, anchors))]
    hint = _site_hint(site)
    found = [
        replace(f, message=f.message[:-1] + hint + ")") if hint and f.code in _CROWDED else f
        for f in found
    ]
    return found + _card_fits(output, name, anchors, site)


_CROWDED = ("essentials-overflow", "call-box-not-first")


_CALL_BOX_VALUES = ("name", "phone", "emergency_number", "fever")


def _site_hint(site: Site | None) -> str:
    printed = [key for key in _CALL_BOX_VALUES if getattr(site, key)] if site else []
    if not site or not printed:
        return ""
    where = site.source.name if site.source else "the site profile"
    return f"; or shorten the site's {', '.join(printed)} in {where}: they print in the call box"


def sheet_pages(variant: PrintOptions) -> int:
    """The most pages a one-sheet handout may take: one sheet, printed on both sides."""
    return LARGE_SHEET_PAGES if variant.large_print else SHEET_PAGES


def _sheet_fits(output, variant, name, pages, anchors) -> Finding | None:
    most = sheet_pages(variant)
    if output.document != "essentials" or pages <= most:
        return None
    parts = {a.removeprefix("sheet-"): p for a, p in anchors.items() if a.startswith("sheet-")}
    # The parts that start past the sheet, or else the last one, which runs over it.
    spill = [part for part, page in parts.items() if page > most] or list(parts)[-1:]
    return Finding(
        "error",
        "essentials-overflow",
        output.tier,
        f"{name} takes {pages} pages; at most {most} fit one sheet (shorten these parts, "
        f"or leave them out of `essentials:`: {', '.join(spill) or 'the last ones'})",
    )


def first_page_anchors(output: PlannedOutput) -> tuple[str, ...]:
    """The ids of the parts that must start on page 1 of a handout (`_call_box_first`,
    `_key_points_first`); a handout laid out without them there is laid out again with
    page 1 set closer (`PdfJob.closer`)."""
    variant = output.print or PrintOptions()
    return _call_box_targets(output, variant) + _key_points_targets(output, variant)


def _call_box_targets(output, variant) -> tuple[str, ...]:
    if output.tier not in ("child", "parent") or output.document == "tools" or variant.booklet:
        return ()
    # The box may go on to page 2 (kept whole, a box too tall for what is left of page 1
    # left that room empty); the care team's number and the emergency signs start on page 1
    # (in a standard guide they stay together: all on page 1).
    return (CALL_NUMBER, EMERGENCY_GROUP)


def _key_points_targets(output, variant) -> tuple[str, ...]:
    # The main message first (PEMAT), on the standard paper sizes; in large print the call
    # box comes first and fills most of page 1.
    guide = output.tier == "parent" and output.document == "guide"
    return (KEY_POINTS,) if guide and not (variant.large_print or variant.booklet) else ()


def _first_page(targets: tuple[str, ...], anchors: dict[str, int]) -> int | None:
    """The page the last of `targets` starts on, when it is not page 1."""
    page = max((anchors[t] for t in targets if t in anchors), default=None)
    return None if page is None or page == 1 else page


def _call_box_first(output, variant, name, pages, anchors) -> Finding | None:
    return _on_page_one(
        _call_box_targets(output, variant),
        anchors,
        output,
        "call-box-not-first",
        f"{name}: the care team's number and the emergency signs in the call-for-help box",
        "shorten what comes before them, such as the key points or the box's intro",
    )


def _on_page_one(targets, anchors, output, code: str, what: str, hint: str) -> Finding | None:
    """An error when `targets` (what `what` names) do not all start on page 1."""
    page = _first_page(targets, anchors)
    if page is None:
        return None
    message = f"{what} start on page {page}; they must be on page 1 ({hint})"
    return Finding("error", code, output.tier, message)


def _card_fits(output, name, anchors, site: Site | None) -> list[Finding]:
    if output.document != "tools":
        return []
    found = []
    for box, (side, keys, values) in WALLET_SIDES.items():
        if f"{box}:overflows" not in anchors:
            continue
        printed = [key for key in values if site and getattr(site, key)]
        where = site.source.name if site and site.source else "the site profile"
        also = f", or the site's {', '.join(printed)} in {where}" if printed else ""
        said = f"the text on the wallet card's {side} runs past the card"
        found.append(
            Finding(
                "error",
                "wallet-card-overflow",
                output.tier,
                f"{name}: {said} (shorten `wallet_card:` {keys}{also})",
            )
        )
    return found


def _key_points_first(output, variant, name, pages, anchors) -> Finding | None:
    return _on_page_one(
        _key_points_targets(output, variant),
        anchors,
        output,
        "key-points-not-first",
        f"{name}: the key points",
        "shorten the key points",
    )


def _guide_length(output, variant, name, pages, anchors) -> Finding | None:
    family_guide = output.document == "guide" and output.tier == "parent"
    if not family_guide or variant.large_print or variant.booklet or pages <= FAMILY_GUIDE_PAGES:
        return None
    return Finding(
        "warning",
        "long-guide",
        output.tier,
        f"{name} runs to {pages} pages; families read at most {FAMILY_GUIDE_PAGES} "
        "(say each thing once; leave detail to the clinician handout)",
    )

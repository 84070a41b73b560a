"""How a handout is printed: paper size, booklet or not, large print, PDF standard.

One source gives every variant; `plan.py` names each variant's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")
PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1")
LARGE_PRINT_TIERS = ("child", "parent")  # large print is for patients and families

# Page sizes in CSS terms. Booklets and large-print guides are laid out once, on a page
# that fits both papers, and placed on each: a booklet's page fits half an A4 sheet (A5 is
# 148 x 210 mm) and half a Letter sheet (5.5 x 8.5 in); a whole page, A4's width and
# Letter's height. Standard handouts and one-sheets fill their own paper.
_SHEET = {"a4": "A4", "letter": "letter"}
BOTH_SHEETS_MM = (210.0, 279.4)
_BOTH_SHEETS = f"{BOTH_SHEETS_MM[0]}mm {BOTH_SHEETS_MM[1]}mm"
_BOTH_HALF_SHEETS = "139.7mm 210mm"
# Sheets in PDF points (1/72 inch), portrait; a booklet is printed on them landscape.
_SHEET_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@dataclass(frozen=True)
class PrintOptions:
    paper: Paper = "a4"
    booklet: bool = False
    large_print: bool = False
    pdf_variant: str | None = None

    def page_size(self, document: str = "guide") -> str:
        """The CSS `size` of one page of `document` (`guide`, `essentials`, `tools`)."""
        if self.booklet:
            return _BOTH_HALF_SHEETS
        return _BOTH_SHEETS if self.shares_pages(document) else _SHEET[self.paper]

    def page_paper(self, document: str = "guide") -> str:
        """The paper `document`'s pages are laid out for: `both` when they fit either."""
        return "both" if self.shares_pages(document) else self.paper

    def shares_pages(self, document: str = "guide") -> bool:
        """Whether `document` is laid out on a page that fits both papers, so that its A4
        and Letter copies are one layout: booklets, and large-print guides (a guide runs
        to as many pages as it needs; a one-sheet must fill its own paper to fit)."""
        return self.booklet or (self.large_print and document == "guide")

    @property
    def sheet(self) -> tuple[float, float]:
        """Width and height, in points, of the paper, portrait."""
        return _SHEET_POINTS[self.paper]

    def placed_on(self, document: str = "guide") -> tuple[float, float] | None:
        """The paper a whole page that fits both is centred on; None for a page laid out
        for its paper, or a booklet's (imposed on `booklet_sheet` instead)."""
        return self.sheet if self.shares_pages(document) and not self.booklet else None

    @property
    def booklet_sheet(self) -> tuple[float, float]:
        """Width and height, in points, of the landscape sheet a booklet is printed on."""
        width, height = self.sheet
        return height, width

    def tiers(self, all_tiers: tuple[str, ...]) -> tuple[str, ...]:
        return LARGE_PRINT_TIERS if self.large_print else all_tiers


def every_variant(papers: tuple[Paper, ...] = PAPERS) -> list[PrintOptions]:
    """What a site bundle carries: both papers (or those given), standard and booklet, and
    large print."""
    variants = []
    for paper in papers:
        variants += [
            PrintOptions(paper),
            PrintOptions(paper, booklet=True),
            PrintOptions(paper, large_print=True),
        ]
    return variants

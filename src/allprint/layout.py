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

# Page sizes in CSS terms: the whole sheet, and the half sheet a booklet page uses.
_SHEET = {"a4": "A4", "letter": "letter"}
_BOOKLET_PAGE = {"a4": "A5", "letter": "5.5in 8.5in"}
# Landscape sheets a booklet is printed on, in PDF points (1/72 inch).
_LANDSCAPE_SHEET = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}


@dataclass(frozen=True)
class PrintOptions:
    paper: Paper = "a4"
    booklet: bool = False
    large_print: bool = False
    pdf_variant: str | None = None

    @property
    def page_size(self) -> str:
        """The CSS `size` of one handout page."""
        return (_BOOKLET_PAGE if self.booklet else _SHEET)[self.paper]

    @property
    def booklet_sheet(self) -> tuple[float, float]:
        """Width and height, in points, of the landscape sheet a booklet is printed on."""
        return _LANDSCAPE_SHEET[self.paper]

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

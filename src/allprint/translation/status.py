"""`allprint translate status`: for each translated output, every entry it lacks (missing,
or fuzzy: its English changed) with its line in the `.po` file and in the source."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from allprint.errors import shown
from allprint.translation.catalogue import Catalogue


@dataclass(frozen=True)
class EntryPlace:
    """One entry an output lacks, and where a translator finds it."""

    context: str
    english: str
    po_line: int | None  # None: not in the catalogue yet (`allprint translate update`)
    source_line: int | None

    def as_dict(self) -> dict:
        return asdict(self)


def entry_places(
    keys: list[tuple[str, str]], catalogue: Catalogue, source_lines: dict[str, int]
) -> list[EntryPlace]:
    """Each of `keys` (context, English) with its line in `catalogue` and in the source."""
    return [
        EntryPlace(
            context,
            english,
            catalogue.po_line((context, english)),
            source_lines.get(context) or catalogue.lines.get((context, english)),
        )
        for context, english in keys
    ]


def status_lines(rows: list, po_paths: dict[str, str]) -> list[str]:
    """The report for people: each output's state, then each entry it lacks at its line.

    `rows`: `TranslationRow`s; `po_paths`: each language's catalogue, as printed."""
    lines = []
    for row in rows:
        lines.append(f"  {row.language} {row.output}: {row.state}")
        po = po_paths[row.language]
        for kind, places in (("missing", row.missing), ("fuzzy", row.fuzzy)):
            for place in places:
                lines.append("    " + _entry_line(po, kind, place))
    return lines


def _entry_line(po: str, kind: str, place: dict) -> str:
    english = place["english"]
    english = english if len(english) <= 50 else english[:47] + "..."
    where = f" (source line {place['source_line']})" if place["source_line"] else ""
    if place["po_line"] is None:
        return (
            f"{po}: {kind}, not in the catalogue yet: {place['context']} {english!r}{where} "
            "(run allprint translate update)"
        )
    return f"{po}:{place['po_line']}: {kind}: {place['context']} {english!r}{where}"


def po_paths(handouts: dict) -> dict[str, str]:
    """Each language's catalogue path as messages print it."""
    return {lang: shown(h.translation.catalogue.path) for lang, h in handouts.items()}

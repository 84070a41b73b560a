"""Plain-text tables for people reading a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allprint.checks.readability import Score

if TYPE_CHECKING:
    from allprint.translation.translated import TranslationRow


def reading_table(scores: list[Score]) -> str:
    """Reading grades, tier by part, worst first; parts too short to score last."""

    def order(s: Score) -> tuple:
        return (not s.over_limit, s.fk is None, -(s.fk or 0.0), s.tier, s.part)

    rows = [("tier", "part", "words", "FK grade", "SMOG", "limit", "")]
    for s in sorted(scores, key=order):
        rows.append(
            (
                s.tier,
                s.part,
                str(s.words),
                f"{s.fk:.1f}" if s.fk is not None else "too short",
                f"{s.smog:.1f}" if s.smog is not None else "too short",
                f"{s.limit:g}" if s.limit is not None else "none",
                "OVER LIMIT" if s.over_limit else "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [_row(r, widths) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    title = "Reading level (Flesch-Kincaid grade; SMOG shown for reference), worst first:"
    return "\n".join([title, *lines])


def translation_table(rows: list[TranslationRow]) -> str:
    """Each translated output a catalogue covers: made or not, and its reading ease."""
    cells = [("language", "output", "state", "reading ease")]
    cells += [(r.language, r.output, r.state, r.ease) for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = [_row(r, widths) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if any(r.missing or r.fuzzy for r in rows):
        lines.append("(allprint translate status lists each entry lacking, at its .po line)")
    return "\n".join(["Translations (translations/ID/LANG.po):", *lines])


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

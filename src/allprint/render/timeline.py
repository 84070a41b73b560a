"""A timeline → the SVG drawn in the handout: a bar of numbered parts, one per phase.

Made for black-and-white printers: each part has its own pattern (lines, dots...) and its
number in a white circle, so no part is told from another by colour. The names and
lengths are printed under the bar by the template (as text, so that they wrap, hyphenate
and take the reader's direction); the drawing's `<title>` says it all in words (a tagged
PDF's alternate text, a screen reader's name for it). Right to left, the bar is mirrored:
phase 1 on the right, the arrow of time pointing left.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from allprint.editions.timeline import TimelineView

WIDTH = 1000  # user units across the bar: the drawing scales to the width of the page
_BAR = (32, 76)  # top and bottom of the bar
_HEIGHT = 86
_GAP = 10  # white space between two parts
_ARROW = 30  # length of the arrowhead at the end of the last part
_BRACKET = 12  # height of the line above the bar that spans the total

# One pattern per phase, in order (then again): drawn in the cell of each `<pattern>`.
_PATTERNS = (
    ('width="14" height="14" patternTransform="rotate(45)"', '<path d="M0 0V14" {s}/>'),
    ('width="13" height="13"', '<circle cx="6.5" cy="6.5" r="2.6" fill="#000"/>'),
    ('width="10" height="10"', '<path d="M0 5H10" {s}/>'),
    ('width="14" height="14"', '<path d="M0 7H14M7 0V14" {s}/>'),
    ('width="14" height="14" patternTransform="rotate(-45)"', '<path d="M0 0V14" {s}/>'),
    ('width="10" height="10"', '<path d="M5 0V10" {s}/>'),
    ('width="8" height="8"', '<circle cx="4" cy="4" r="1.8" fill="#000"/>'),
    ('width="10" height="10"', ""),  # white
)
_STROKE = 'stroke="#000" stroke-width="3"'


def timeline_svg(view: TimelineView, key: str, rtl: bool = False) -> Markup:
    """The bar of `view` as inline SVG; `key` makes its pattern ids unique in the page."""
    parts, defs, start = [], [], 0.0
    for i, phase in enumerate(view.phases):
        pid = f"{key}-p{i + 1}"
        size, cell = _PATTERNS[i % len(_PATTERNS)]
        defs.append(
            f'<pattern id="{pid}" patternUnits="userSpaceOnUse" {size}>'
            f'<rect width="100%" height="100%" fill="#fff"/>{cell.format(s=_STROKE)}</pattern>'
        )
        end = start + phase.share * WIDTH
        last = i == len(view.phases) - 1
        parts.append(_part(start, end, last, pid, phase.number, rtl))
        start = end
    bracket = _bracket(_BAR[0]) if view.total else ""
    return Markup(
        f'<svg class="timeline-bar" viewBox="0 0 {WIDTH} {_HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(view.description)}</title>'
        f"<defs>{''.join(defs)}</defs>{bracket}{''.join(parts)}</svg>"
    )


def _part(start: float, end: float, last: bool, pattern: str, number: int, rtl: bool) -> str:
    """One phase's part of the bar: its patterned box (with the arrowhead, if last) and
    its number."""
    top, bottom = _BAR
    x0, x1 = start + _GAP / 2, end - (_ARROW if last else _GAP / 2)
    middle = (top + bottom) / 2
    points = [(x0, top), (x1, top), (x1, bottom), (x0, bottom)]
    if last:  # the box runs on into an arrowhead: time goes on
        points[2:2] = [(x1, top - 8), (WIDTH - 2, middle), (x1, bottom + 8)]
    shape = " ".join(f"{_x(x, rtl):.1f},{y:.1f}" for x, y in points)
    centre = _x((x0 + x1) / 2, rtl)
    return (
        f'<polygon points="{shape}" fill="url(#{pattern})" {_STROKE} stroke-linejoin="round"/>'
        f'<circle cx="{centre:.1f}" cy="{middle}" r="17" fill="#fff" {_STROKE}/>'
        f'<text x="{centre:.1f}" y="{middle + 8}" text-anchor="middle" font-size="23" '
        f'font-weight="700" font-family="Atkinson Hyperlegible" fill="#000">{number}</text>'
    )


def _bracket(top: int) -> str:
    """A line over the whole bar with a tick at each end: the total spans all phases."""
    y, low = top - _BRACKET - 12, top - 12  # clear of the arrowhead's tips
    return (
        f'<path d="M{_GAP / 2} {low}V{y}H{WIDTH - _GAP / 2}V{low}" fill="none" '
        f'stroke="#000" stroke-width="2.5"/>'
    )


def _x(x: float, rtl: bool) -> float:
    return WIDTH - x if rtl else x

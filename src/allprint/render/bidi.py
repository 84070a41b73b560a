"""Text of one direction kept whole inside text of the other (bidi isolates).

A phone number inside an Arabic line is laid out by the line's right-to-left rules unless
it is set apart: "+1 555 010 2030" then prints as "2030 010 555 1+". So every site value
and every number is printed in an isolate of its own: an element with its own direction
(`<bdi dir="ltr">`), which WeasyPrint lays out as a run of its own, as browsers do.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

_LTR, _RTL = {"L"}, {"R", "AL"}


def direction(text: str) -> str | None:
    """`ltr` or `rtl`: the direction of most of its letters, else of its first letter (a
    fever rule "38.3 °C أو أكثر" is Arabic with a Latin unit). None for digits and signs only."""
    kinds = [unicodedata.bidirectional(char) for char in text]
    ltr = sum(kind in _LTR for kind in kinds)
    rtl = sum(kind in _RTL for kind in kinds)
    if ltr != rtl:
        return "ltr" if ltr > rtl else "rtl"
    first = next((kind for kind in kinds if kind in _LTR | _RTL), None)
    return None if first is None else "ltr" if first in _LTR else "rtl"


def isolate(text: str | None) -> Markup:
    """A site's words (a name, a fever rule) in an isolate of their own direction; digits
    and signs alone read left to right. Nothing (falsy) for no value."""
    if not text:
        return Markup("")
    return Markup('<bdi dir="{}">{}</bdi>').format(direction(text) or "ltr", text)


def number(text: str | None) -> Markup:
    """A phone or emergency number: always left to right, in its own isolate."""
    if not text:
        return Markup("")
    return Markup('<bdi dir="ltr">{}</bdi>').format(text)


def fill(text: str, **values: object) -> Markup:
    """`text` (the handout's words, escaped) with `{name}` places filled by `values`,
    which keep their markup (isolates) and are escaped otherwise."""
    return escape(text).format(**values)


# A number as printed: digits with their separators (38.5, 2026-11-25, 0100 555 7788,
# 1/2, 38.0–38.5), a leading sign, and a temperature's or a percentage's unit. Not when it
# follows a letter, a digit or "@"/"#" (a word with digits, a catalogue token, an entity).
_NUMBER = re.compile(r"(?<![\w@#.,+])[+−]?\d+(?:[ .,:/–-]\d+)*(?:\s?(?:°\s?[CF]|%))?(?!\w)")
_TAG = re.compile(r"(<[^>]*>)")


def isolate_numbers(html: str) -> str:
    """`html` with every number in its body's text in a left-to-right isolate, for a
    right-to-left handout: doses, temperatures and dates keep their order.

    Text already in a left-to-right isolate (a phone number) is left as it is: it reads
    left to right, and an isolate inside it took away its line-break chances (a long
    number on a narrow card broke inside "010-2031")."""
    head, sep, body = html.partition("<body")
    if not sep:
        return html
    parts = _TAG.split(body)
    ltr: list[bool] = []  # the open isolates, innermost last: left to right or not
    in_svg = False  # a drawing's text (a timeline's numbers, its title) takes no HTML
    for index in range(1, len(parts)):  # parts[0] is in <body ...>; then tag, text, ...
        part = parts[index]
        if index % 2:
            in_svg = (in_svg or part.startswith("<svg")) and part != "</svg>"
            if part.startswith("<bdi"):
                ltr.append('dir="ltr"' in part)
            elif part == "</bdi>" and ltr:
                ltr.pop()
        elif not in_svg and not (ltr and ltr[-1]):
            parts[index] = _NUMBER.sub(r'<bdi dir="ltr">\g<0></bdi>', part)
    return head + sep + "".join(parts)


# A run of Latin-script words (a medicine's brand name, a source's name) inside right-to-left
# text: letters, then letters, digits, apostrophes, entities, and spaces or punctuation that
# lead to another letter.
_LATIN = r"[A-Za-z\u00C0-\u024F]"
_LATIN_RUN = re.compile(
    rf"{_LATIN}(?:{_LATIN}|[0-9'’.\-]|&#?\w+;|[ ,:()/&](?=(?:[ ,:()/]|&#?\w+;)*{_LATIN}))*"
)


def mark_latin_runs(html: str, language: str) -> str:
    """`html` of a right-to-left handout with each run of Latin words in its body's text
    marked as being in `language` (`<span lang="en">`): a screen reader then reads it
    with that language's voice, and a tagged PDF says so (`/Lang`)."""
    head, sep, body = html.partition("<body")
    if not sep:
        return html
    parts = _TAG.split(body)
    skip = 0  # inside a drawing, or a style or script, whose text is not prose
    for index in range(1, len(parts)):
        part = parts[index]
        if index % 2:
            if part.startswith(("<svg", "<style", "<script")):
                skip += 1
            elif part in ("</svg>", "</style>", "</script>"):
                skip -= 1
        elif not skip:
            parts[index] = _LATIN_RUN.sub(rf'<span lang="{language}">\g<0></span>', part)
    return head + sep + "".join(parts)

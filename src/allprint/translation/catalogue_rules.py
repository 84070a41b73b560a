"""What a catalogue must hold before any of it is printed: every translation is held to
the rules a source's text is held to, and its name and header to what they claim.

    the same characters as a source (no controls, NUL or bidi overrides)
    the same placeholders as its English ({name}, {{c1::, %s)
    no line break where the English has none; never only white space
    one translation per entry (a second is named at both lines)
    a BCP 47 language code (gettext's `es_MX` read as `es-MX`), the same in the
    file name and the `Language:` header; output names in `X-Allprint-Outputs` known

Problems are collected, one line each at `file:line`, and raised together.
"""

from __future__ import annotations

import re
from pathlib import Path

from allprint.editions.dates import DATE_PATTERN
from allprint.errors import Problem
from allprint.source.characters import hidden_character, language_code
from allprint.source.suggest import suggest
from allprint.translation.catalogue import SCOPE_KEY, Catalogue, catalogues_for, scope_of
from allprint.translation.catalogue_reader import (
    CatalogueError,
    decode,
    header_text,
    parse,
    read_bytes,
)

# ISO 639-1, and a few ISO 639-3 codes of languages clinics ask for that have no 639-1 code.
_LANGUAGES = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
    ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
    ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
    nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
    vi vo wa wo xh yi yo za zh zu
    ast ceb chr ckb cmn fil haw hmn ilo kab mai nds prs quc sat yue zgh""".split()  # noqa: SIM905
)
_BRACES = re.compile(r"\{\{c\d+::|\{[^{}\s]*\}")  # cloze blanks, {name}, {0}, {}
_PERCENT = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0+]*\d*(?:\.\d+)?[sdifr]")
_BREAK = re.compile("[\n\u2028\u2029]")
_NOT_INK = "\u200b\u200c\u200d\u200e\u200f\u2060\u2063\u061c\u2066\u2067\u2068\u2069\ufeff"
_NAME_HINT = "name it LANG.po with a BCP 47 language code: es.po, ar.po, pt-BR.po"


def language_of(path: Path) -> str | None:
    return language_code(path.stem)


def planned_languages(source: Path) -> dict[str, frozenset[str] | None]:
    """The languages of a source's catalogues and the outputs each covers, read from
    their headers without opening what may not be opened (said when it is read)."""
    found: dict[str, frozenset[str] | None] = {}
    for path in catalogues_for(source):
        language = language_of(path)
        if language is None or language in found:
            continue
        head = header_text(path) or ""
        match = re.search(rf'"{SCOPE_KEY}: ([^"\\]*)(?:\\n)?"', head)
        found[language] = scope_of(match.group(1)) if match else None
    return found


def output_names() -> set[str]:
    """The names `X-Allprint-Outputs` may use: `child`, `parent-essentials`, `deck`..."""
    from allprint.pipeline.plan import plan_topic, scope_name
    from allprint.render.layout import PrintOptions

    return {scope_name(o) for o in plan_topic("topic", [PrintOptions()], phone_pages=True)}


def read_catalogue(path: Path) -> Catalogue:
    """The catalogue at `path`, read safely and held to the rules above."""
    from allprint.checks.fit import font_coverage
    from allprint.editions.words import UI

    language = language_of(path)
    text = decode(path, read_bytes(path))
    po = parse(path, text)
    lines = text.split("\n")
    problems, warnings = _header_problems(path, po, lines, language)
    problems += _entry_problems(path, po, lines)
    if problems:
        raise CatalogueError(sorted(problems, key=lambda p: p.line or 0))
    covered = font_coverage()
    finished, fuzzy, places, by_place, undrawable, msgstr_lines = {}, {}, {}, {}, [], {}
    translated, po_lines = [], {}
    for e in po:
        if e.obsolete:
            continue
        key = (e.msgctxt or "", e.msgid)
        po_lines[key] = _line(lines, e, "msgid")
        where = e.occurrences[0][1] if e.occurrences else ""
        places[key] = int(where) if str(where).isdigit() else None  # as an editor left it
        if e.msgstr:
            translated.append((e.linenum, e.msgid, e.msgstr))
            (fuzzy if "fuzzy" in e.flags else finished)[key] = e.msgstr
            if key[0] != UI:
                by_place[key[0]] = e.msgstr
                msgstr_lines[key[0]] = _line(lines, e, "msgstr")
            lacking = sorted(c for c in set(e.msgstr) if not c.isspace() and ord(c) not in covered)
            if lacking:
                undrawable.append((_line(lines, e, "msgstr"), "".join(lacking)))
    review = po.metadata.get("X-Allprint-Review", "draft").strip() or "draft"
    return Catalogue(
        str(language),
        path,
        finished,
        fuzzy,
        places,
        po.metadata.get("X-Allprint-English-Version"),
        by_place,
        scope_of(po.metadata.get(SCOPE_KEY)),
        review,
        undrawable,
        warnings,
        msgstr_lines,
        translated,
        po_lines,
    )


def _header_problems(
    path: Path, po, lines: list[str], language: str | None
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of the file name and the header."""
    problems, warnings = [], []
    if language is None:
        problems.append(Problem(path, f"{path.stem!r} is not a language code", hint=_NAME_HINT))
    for key, value in po.metadata.items():
        found = hidden_character(value)
        if found:
            problems.append(_hidden(path, _header_line(lines, key), found))
    declared = po.metadata.get("Language", "").strip()
    if language and declared and language_code(declared) != language:
        problems.append(
            Problem(
                path,
                f"its header says `Language: {declared}`, its file name says {language!r}",
                _header_line(lines, "Language"),
                hint=f"make them agree: name the file {language_code(declared)}.po, or "
                f"write `Language: {language}`"
                if language_code(declared)
                else f"write `Language: {language}` in the header",
            )
        )
    if language and language.split("-")[0] not in _LANGUAGES:
        warnings.append(
            Problem(
                path,
                f"{language!r} is not a language code allprint knows",
                _header_line(lines, "Language"),
                hint="check the file name: ISO 639 codes such as es, ar, pt-BR",
            )
        )
    known = output_names()
    for name in sorted(scope_of(po.metadata.get(SCOPE_KEY)) or ()):
        if name not in known:
            hint = suggest(name, known) or "known: " + ", ".join(sorted(known))
            warnings.append(
                Problem(
                    path,
                    f"{SCOPE_KEY} names {name!r}, which is no output: nothing is made for it",
                    _header_line(lines, SCOPE_KEY),
                    hint=hint,
                )
            )
    return problems, warnings


def _entry_problems(path: Path, po, lines: list[str]) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for e in po:
        if e.obsolete:
            continue
        key = (e.msgctxt or "", e.msgid)
        at = _line(lines, e, "msgid")
        if key in seen:
            problems.append(
                Problem(
                    path,
                    f"the entry {_name(key)} is here and at line {seen[key]}: the second would "
                    "silently win",
                    at,
                    hint=f"keep one of lines {seen[key]} and {at}",
                )
            )
        seen.setdefault(key, at)
        if e.msgstr:
            problems += _msgstr_problems(path, e.msgid, e.msgstr, _line(lines, e, "msgstr"))
    return problems


# Entries whose places a translator may choose among, e.g. how a date is written.
_FREE_PLACES = {DATE_PATTERN: frozenset({"{day}", "{dd}", "{month}", "{mm}", "{year}"})}


def _msgstr_problems(path: Path, english: str, text: str, line: int) -> list[Problem]:
    """A translation held to the rules of the source's text and to its English's shape."""
    found = hidden_character(text)
    if found:
        return [_hidden(path, line, found)]
    if all(c.isspace() or c in _NOT_INK for c in text):
        return [
            Problem(
                path,
                "the translation is only white space",
                line,
                hint='translate it, or leave it empty, msgstr "", until it is translated',
            )
        ]
    problems = []
    want, got = _placeholders(english), _placeholders(text)
    if english in _FREE_PLACES:  # a date pattern: its translator picks the form
        want = _free_places(english, got)
    if want != got:
        problems.append(
            Problem(
                path,
                _placeholder_message(want, got),
                line,
                hint="keep every {…}, {{c1::…}} and %s of the English exactly as it is",
            )
        )
    if _BREAK.search(text) and not _BREAK.search(english):
        problems.append(
            Problem(
                path,
                "the translation has a line break where the English has none",
                line,
                hint="write it on one line",
            )
        )
    return problems


def _free_places(english: str, got: tuple[list[str], int, int]) -> tuple[list[str], int, int]:
    """What a translation of a pattern with free places must hold: any of its places, each
    at most once, the year always (`{day} de {month} de {year}` for `{year}-{mm}-{dd}`)."""
    places = [token for token in got[0] if token in _FREE_PLACES[english]]
    fine = len(set(places)) == len(places) == len(got[0]) and "{year}" in places
    return (got[0] if fine else _placeholders(english)[0]), got[1], got[2]


def _placeholders(text: str) -> tuple[list[str], int, int]:
    tokens = sorted(_BRACES.findall(text) + _PERCENT.findall(text))
    return tokens, text.count("{"), text.count("}")


def _placeholder_message(want: tuple, got: tuple) -> str:
    if want[0] != got[0]:
        return (
            f"the translation's placeholders ({', '.join(got[0]) or 'none'}) differ from the "
            f"English's ({', '.join(want[0]) or 'none'})"
        )
    return (
        f"the translation has {got[1]} '{{' and {got[2]} '}}', the English {want[1]} and "
        f"{want[2]}: a placeholder is broken"
    )


def _hidden(path: Path, line: int | None, found: str) -> Problem:
    return Problem(
        path,
        f"holds the invisible character U+{ord(found):04X}, which can change or hide what prints",
        line,
        hint="retype the text, or delete the character",
    )


def _name(key: tuple[str, str]) -> str:
    context, english = key
    shown = english if len(english) <= 40 else english[:37] + "..."
    return f"{context} {shown!r}" if context else repr(shown)


def _line(lines: list[str], entry, keyword: str) -> int:
    """The line of `keyword` (msgid, msgstr) in `entry`, which polib knows by its first."""
    start = max(entry.linenum - 1, 0)
    for index in range(start, min(start + 400, len(lines))):
        if lines[index].lstrip("#~ ").startswith(keyword):
            return index + 1
    return entry.linenum


def _header_line(lines: list[str], key: str) -> int | None:
    for index, text in enumerate(lines[:200]):
        if text.startswith(f'"{key}:'):
            return index + 1
    return None

"""Project settings from `allprint.toml` (all optional), and a site profile.

    [build]
    paper = "letter"              # default paper size: "a4" (the default) or "letter"
    scheduler = "tcp://host:8786" # optional: render on this Dask cluster (allprint[dask])

    [site]                        # the clinic's own values, printed on its handouts
    name = "Lakeside Children's Clinic"
    phone = "0100 555 7788"       # the number families call, day and night
    emergency_number = "112"
    fever = "38.3 °C"             # the site's fever rule, printed as written
    logo = "logo.svg"             # optional: an SVG or PNG file in the project folder
    approved_by = "Head nurse, oncology day unit"
    approved_on = 2026-11-20

    [site.es]                     # optional: the values printed in Spanish editions
    name = "Clínica Infantil Lakeside"
    fever = "38,3 °C"

A table per language (`[site.LANG]`, LANG as in `translations/ID/LANG.po`) gives the
values that are words in that language: `name`, `fever` and `approved_by`; the others
come from `[site]`.

A site profile may also be a file of its own (`--site FILE.toml`, holding `[site]`), so a
regional programme can build for many clinics. Site values are text from a file the
clinic controls: they are printed literally, length-checked, and every mistake is
reported with the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from allprint.errors import Problem, UserError
from allprint.render.layout import PAPERS, Paper
from allprint.source.characters import hidden_character, language_code

# What fits the places a value is printed in (the call box, the footer).
_TEXT_LIMITS = {
    "name": 80,
    "phone": 40,
    "emergency_number": 20,
    "fever": 30,
    "approved_by": 100,
}
_SITE_KEYS = (*_TEXT_LIMITS, "logo", "approved_on")
# What a language's own table may set: the values written in words.
LANGUAGE_KEYS = ("name", "fever", "approved_by")
_LOGO_TYPES = (".svg", ".png")
_MAX_LOGO_BYTES = 512 * 1024


@dataclass(frozen=True)
class Site:
    """A clinic's own values. Every one is optional; what is missing prints as a blank."""

    name: str | None = None
    phone: str | None = None
    emergency_number: str | None = None
    fever: str | None = None
    logo: Path | None = None  # resolved, inside the project folder
    approved_by: str | None = None
    approved_on: dt.date | None = None
    source: Path | None = None  # the file the values came from
    # ([site.LANG] tables) language -> (key, value) pairs that replace [site]'s there
    languages: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def in_language(self, language: str | None) -> Site:
        """The values printed in `language`'s editions: its own table over `[site]`."""
        for name, values in self.languages:
            if name == language:
                return replace(self, **dict(values), languages=())
        return replace(self, languages=()) if self.languages else self


def site_in(site: Site | None, language: str | None) -> Site | None:
    """`site` as printed in `language` (None: English); no site stays none."""
    return site.in_language(language) if site is not None else None


@dataclass(frozen=True)
class Config:
    paper: Paper = "a4"
    site: Site | None = None
    scheduler: str | None = None  # a Dask scheduler's address: render jobs go there


def load_config(path: Path) -> Config:
    """`allprint.toml` at `path`; defaults when there is none. Every mistake at once."""
    if not path.exists():
        return Config()
    data, text = _read_toml(path)
    problems: list[Problem] = []
    allowed = {"build": {"paper", "scheduler"}, "site": set(_SITE_KEYS)}
    _refuse_unknown(path, text, data, allowed, problems)
    build = data.get("build", {})
    paper = build.get("paper", "a4") if isinstance(build, dict) else "a4"
    if paper not in PAPERS:
        hint = 'use "a4" or "letter"'
        problems.append(_problem(path, text, "paper", f"paper {paper!r} is not known", hint))
    scheduler = build.get("scheduler") if isinstance(build, dict) else None
    if scheduler is not None and not isinstance(scheduler, str):
        hint = 'write scheduler = "tcp://HOST:8786"'
        problems.append(_problem(path, text, "scheduler", "scheduler must be an address", hint))
    site = _site(path, text, data["site"], problems) if isinstance(data.get("site"), dict) else None
    _raise(problems)
    return Config(paper=paper, site=site, scheduler=scheduler or None)  # type: ignore[arg-type]


def load_site(path: Path) -> Site:
    """A site profile of its own (`--site FILE.toml`): a file holding a `[site]` table."""
    if not path.is_file():
        raise UserError([Problem(path, "no such site file", hint="check the path and file name")])
    data, text = _read_toml(path)
    problems: list[Problem] = []
    _refuse_unknown(path, text, data, {"site": set(_SITE_KEYS)}, problems)
    if not isinstance(data.get("site"), dict):
        problems.append(Problem(path, "no [site] table", hint="start the file with a [site] line"))
        _raise(problems)
    site = _site(path, text, data["site"], problems)
    _raise(problems)
    return site


def _raise(problems: list[Problem]) -> None:
    """Every problem of the file, in the order of its lines."""
    if problems:
        raise UserError(sorted(problems, key=lambda p: (p.line is None, p.line or 0)))


# What tomllib's words mean for a person writing a site file.
_TOML_HINTS = (
    ("Invalid value", 'put text in quotes: name = "Lakeside Clinic"'),
    ("Expected '=' after a key", 'write one setting per line: key = "value"'),
    ("Illegal character", "close the quote on the same line"),
    ("Unterminated string", "close the quote on the same line"),
    ("Expected ']' at the end of a table", "write the table name in brackets: [site]"),
    ("Cannot overwrite a value", "give each setting once"),
    ("Cannot declare", "give each [table] once"),
    ("Expected newline", 'one setting per line, text in quotes: phone = "0100 555 7788"'),
)
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _read_toml(path: Path) -> tuple[dict, str]:
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise UserError([_toml_problem(path, str(exc))]) from None
    except UnicodeDecodeError:
        raise UserError([Problem(path, "not UTF-8 text", hint="save it as UTF-8")]) from None
    except OSError as exc:
        raise UserError([Problem(path, f"cannot be read: {exc.strerror}")]) from None


def _toml_problem(path: Path, said: str) -> Problem:
    """tomllib's error with its line and column (given only in its words before 3.14)."""
    at = _AT.search(said)
    message = said[: at.start()] if at else said
    hint = next((h for start, h in _TOML_HINTS if message.startswith(start)), None)
    return Problem(
        path,
        f"not valid TOML: {message}",
        line=int(at.group(1)) if at else None,
        column=int(at.group(2)) if at else None,
        hint=hint or 'see the example under "Your clinic\'s numbers" in the README',
    )


def _refuse_unknown(
    path: Path, text: str, data: dict, allowed: dict[str, set[str]], problems: list[Problem]
) -> None:
    for table, value in data.items():
        if table not in allowed or not isinstance(value, dict):
            hint = "allowed: " + ", ".join(f"[{t}]" for t in allowed)
            line = _line(text, table)
            problems.append(Problem(path, f"unknown setting {table}", line, hint=hint))
            continue
        for key, inner in value.items():
            if table == "site" and isinstance(inner, dict):
                continue  # a language's own table: checked with the site's values
            if key not in allowed[table]:
                hint = f"allowed in [{table}]: {', '.join(sorted(allowed[table]))}"
                problems.append(_problem(path, text, key, f"unknown setting {key}", hint))


def _site(path: Path, text: str, table: dict, problems: list[Problem]) -> Site:
    """The site's values; each mistake added to `problems` (the site is then unusable)."""
    values: dict = _texts(path, text, table, "site", problems)
    if "approved_on" in table:
        day = table["approved_on"]
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            problems.append(
                _problem(
                    path,
                    text,
                    "approved_on",
                    "[site] approved_on must be a date",
                    "write approved_on = 2026-11-20",
                )
            )
        else:
            values["approved_on"] = day
    languages = _languages(path, text, table, problems)
    if "logo" in table:
        try:
            values["logo"] = _logo(path, text, table["logo"])
        except UserError as exc:
            problems += exc.problems
    return Site(**values, source=path, languages=languages)


def _texts(path: Path, text: str, table: dict, name: str, problems: list[Problem]) -> dict:
    """The text values of `table` ([site] or [site.LANG]), each checked as printed."""
    values: dict = {}
    head = None if name == "site" else name
    for key, limit in _TEXT_LIMITS.items():
        if key not in table:
            continue
        value = table[key]

        def fault(message: str, hint: str, key: str = key) -> None:
            problems.append(_problem(path, text, key, f"[{name}] {key} {message}", hint, head))

        if not isinstance(value, str) or not value.strip():
            fault("must be text", f'write {key} = "..."')
            continue
        value = " ".join(value.split())
        if len(value) > limit:
            fault(
                f"is {len(value)} characters; at most {limit} fit where it is printed", "shorten it"
            )
        elif hidden_character(value):
            fault("holds control characters", "retype it")
        else:
            values[key] = value
    return values


def _languages(path: Path, text: str, table: dict, problems: list[Problem]) -> tuple:
    """The `[site.LANG]` tables: a language's own name, fever rule and approver."""
    found = []
    for language, inner in table.items():
        if not isinstance(inner, dict):
            continue
        name = f"site.{language}"
        code = language_code(language)  # [site.es_MX] is es-MX, as es_MX.po is
        if code is None:
            hint = "name a language as its catalogue is named, e.g. [site.es] for es.po"
            problems.append(_problem(path, text, name, f"[{name}] is not a language", hint))
            continue
        for key in inner:
            if key not in LANGUAGE_KEYS:
                hint = f"allowed in [{name}]: {', '.join(LANGUAGE_KEYS)}; the rest is in [site]"
                problems.append(_problem(path, text, key, f"unknown setting {key}", hint, name))
        values = _texts(
            path, text, {k: v for k, v in inner.items() if k in LANGUAGE_KEYS}, name, problems
        )
        found.append((code, tuple(values.items())))
    return tuple(found)


def _logo(path: Path, text: str, value: object) -> Path:
    """The logo file: SVG or PNG, inside the folder of the settings file, small."""
    if not isinstance(value, str) or not value.strip():
        raise _error(
            path, text, "logo", "[site] logo must be a file name", 'write logo = "logo.svg"'
        )
    folder = path.parent.resolve()
    logo = (folder / value).resolve()
    if not logo.is_relative_to(folder):
        raise _error(
            path,
            text,
            "logo",
            f"logo {value!r} is outside {folder}",
            "put the logo file in that folder",
        )
    if logo.suffix.lower() not in _LOGO_TYPES:
        raise _error(
            path,
            text,
            "logo",
            f"logo {value!r} is not an SVG or PNG file",
            "use a .svg or .png file",
        )
    if not logo.is_file():
        raise _error(path, text, "logo", f"logo file {value!r} not found", "check the file name")
    if logo.stat().st_size > _MAX_LOGO_BYTES:
        raise _error(path, text, "logo", f"logo {value!r} is over 512 KB", "use a smaller file")
    return logo


def _error(path: Path, text: str, key: str, message: str, hint: str) -> UserError:
    return UserError([_problem(path, text, key, message, hint)])


def _problem(
    path: Path, text: str, key: str, message: str, hint: str, table: str | None = None
) -> Problem:
    return Problem(path, message, line=_line(text, key, table), hint=hint)


def _line(text: str, key: str, table: str | None = None) -> int | None:
    """The line a key or table is written on (tomllib does not tell); with `table`, the
    key as written under that table's header."""
    start = 0
    if table is not None:
        header = re.search(rf"^[ \t]*\[\s*{re.escape(table)}\s*\]", text, re.MULTILINE)
        start = header.end() if header else 0
    pattern = re.compile(
        rf"^[ \t]*(?:\[\s*{re.escape(key)}\s*\]|{re.escape(key)}\s*=)", re.MULTILINE
    )
    match = pattern.search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None

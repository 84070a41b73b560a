"""A language's catalogue as the pipeline uses it: where catalogues are, what one holds
(finished and fuzzy translations, its scope, its review), its term list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from allprint.editions.words import UI  # context of the handouts' own words
from allprint.translation.strings import SUB_DECK

TRANSLATIONS = "translations"


def catalogue_dir(project_root: Path, topic_id: str) -> Path:
    return project_root / TRANSLATIONS / topic_id


def read_po(path: Path):
    """A catalogue or template, read as input from outside (`catalogue_reader`)."""
    from allprint.translation.catalogue_reader import read_po as read_safely

    return read_safely(path)


@dataclass
class Catalogue:
    """One language's translations, by (context, English)."""

    language: str
    path: Path
    finished: dict[tuple[str, str], str]
    fuzzy: dict[tuple[str, str], str]  # the English changed since: the old translation
    lines: dict[tuple[str, str], int | None]  # where each entry's English is, for messages
    english_version: str | None = None  # the English version it was translated from
    by_place: dict[str, str] = field(default_factory=dict)  # context -> translation
    scope: frozenset[str] | None = None  # the outputs it covers (None: all)
    review: str = "draft"  # X-Allprint-Review: "draft ..." or "reviewed by NAME on DATE"
    undrawable: list[tuple[int, str]] = field(default_factory=list)  # (PO line, characters)
    warnings: list = field(default_factory=list)  # Problem: unknown language, output names
    msgstr_lines: dict[str, int] = field(default_factory=dict)  # context -> its msgstr's line
    # Each translated entry (fuzzy ones too): (its line, English, translation)
    translated: list[tuple[int, str, str]] = field(default_factory=list)
    po_lines: dict[tuple[str, str], int] = field(default_factory=dict)  # each entry's msgid line

    def po_line(self, key: tuple[str, str]) -> int | None:
        """The line of the catalogue that holds an entry (or its older English's)."""
        return self.po_lines.get(key) or self.msgstr_lines.get(key[0])

    def stale(self, context: str) -> str | None:
        """The translation of an older English at this place (the catalogue is not yet
        updated to the changed source)."""
        return None if context in (UI, SUB_DECK) else self.by_place.get(context)

    @classmethod
    def read(cls, path: Path) -> Catalogue:
        """The catalogue at `path`, refused with every problem it has (`catalogue_rules`)."""
        from allprint.translation.catalogue_rules import read_catalogue

        return read_catalogue(path)


SCOPE_KEY = "X-Allprint-Outputs"


def scope_of(value: str | None) -> frozenset[str] | None:
    names = {n.strip() for n in (value or "").split(",") if n.strip()}
    return frozenset(names) or None


def catalogues_for(source: Path) -> list[Path]:
    """The catalogues of a source: translations/<id>/<lang>.po beside its content/ folder."""
    folder = catalogue_folder(source)
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def catalogue_folder(source: Path) -> Path:
    """Where the catalogues of a source are (or would be): translations/<id>/."""
    return catalogue_dir(source.resolve().parent.parent, source.stem)


def terms_path(catalogue: Path) -> Path:
    """A language's term list: `English = translation` per line, beside its catalogue."""
    return catalogue.with_suffix(".terms")


def term_findings(catalogue: Catalogue) -> list[tuple[int, str]]:
    """(catalogue line, message) for each translated entry that contains a listed English
    term without its listed translation: one medical word, one translation."""
    from allprint.translation.catalogue_reader import read_bytes

    path = terms_path(catalogue.path)
    if not path.exists() and not path.is_symlink():
        return []
    terms = []
    lines = read_bytes(path, 1024 * 1024, "term list").decode("utf-8", errors="replace")
    for raw in lines.splitlines():
        line = raw.split("#", 1)[0]
        english, sep, translated = line.partition("=")
        if sep and english.strip() and translated.strip():
            pattern = re.compile(rf"\b{re.escape(english.strip())}\b", re.IGNORECASE)
            terms.append((english.strip(), translated.strip(), pattern))
    found = []
    for number, msgid, msgstr in catalogue.translated:  # read once, with the catalogue
        for english, translated, pattern in terms:
            if pattern.search(msgid) and translated.lower() not in msgstr.lower():
                found.append(
                    (
                        number,
                        f"{english!r} is translated {translated!r} in {path.name}; this "
                        "entry does not use it",
                    )
                )
    return found

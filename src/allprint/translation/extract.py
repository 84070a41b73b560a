"""`allprint translate extract` and `update`: the template of every string to translate, and
catalogues merged with it as msgmerge does."""

from __future__ import annotations

import re
from pathlib import Path

from allprint.editions.words import UI  # context of the handouts' own words
from allprint.translation.catalogue import catalogue_dir, read_po
from allprint.translation.strings import SUB_DECK, Entry, entries
from allprint.translation.translate import DRAFT_TRANSLATION_MARK, OUT_OF_DATE_MARK, OUT_OF_DATE_NOW


def make_pot(topic_id: str, source: Path, items: list[Entry], ui: list[str]):
    import polib

    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {
        "Project-Id-Version": topic_id,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for entry in items:
        where = [(source.name, str(entry.line))] if entry.line else []
        note = REGISTERS.get(entry.context.rsplit("/", 1)[-1], "")
        if entry.context.startswith("cards/") or entry.context == SUB_DECK:
            note = REGISTERS["cards"]
        pot.append(
            polib.POEntry(msgctxt=entry.context, msgid=entry.text, occurrences=where, comment=note)
        )
    from allprint.editions.dates import DATE_NOTE, DATE_PATTERN

    for text in ui:
        note = DATE_NOTE if text == DATE_PATTERN else REGISTERS[UI]
        pot.append(polib.POEntry(msgctxt=UI, msgid=text, comment=note))
    return pot


# Notes for translators, printed in the catalogue beside each entry (`#.` comments).
REGISTERS = {
    "child": "For a sick child of 6-11, read with a grown-up: short sentences, everyday "
    "words, warm and calm. Same facts, nothing added.",
    "parent": "For parents and caregivers: plain words, short sentences, what to do and "
    "when to call. Same facts, nothing added.",
    "clinician": "For nurses and doctors: precise medical terms. Same facts, nothing added.",
    "cards": "A flashcard for nurses: exact and short; keep {{c1::...}} blanks, {item} and "
    "{fact} as they are.",
    UI: "The handout's own words. Keep {placeholders} as they are.",
}


def update_po(po, pot) -> tuple[int, int, int]:
    """Merge `pot` into `po` as msgmerge does: new entries empty; an entry whose English
    changed keeps its old translation, marked fuzzy, with the old English beside it;
    entries gone are kept as obsolete. Returns the (new, fuzzy, obsolete) counts."""
    import polib

    def key(e) -> tuple[str, str]:
        # Text of the topic is found by its place; the handouts' words by themselves.
        return (e.msgctxt or "", e.msgid if e.msgctxt in (UI, SUB_DECK) else "")

    old = {key(e): e for e in po if not e.obsolete}
    merged, new, fuzzy = [], 0, 0
    for template in pot:
        entry = polib.POEntry(
            msgctxt=template.msgctxt,
            msgid=template.msgid,
            occurrences=template.occurrences,
            comment=template.comment,
        )
        before = old.pop(key(template), None)
        if before is None:
            new += 1
        elif before.msgid == template.msgid:
            entry.msgstr = before.msgstr
            entry.flags = list(before.flags)
            entry.previous_msgid = before.previous_msgid
        else:
            entry.msgstr = before.msgstr
            entry.previous_msgid = before.msgid
            entry.flags = sorted({*before.flags, "fuzzy"})
            fuzzy += 1
        merged.append(entry)
    obsolete = [e for e in old.values() if e.msgstr]
    for entry in obsolete:
        entry.obsolete = True
    po[:] = merged + obsolete
    return new, fuzzy, len(obsolete)


# The deck's own words, translated through the same catalogues.
DECK_WORDS = ("Source: ", "Sources: ")


_CALL = re.compile(r"""\b_\((["'])(.+?)\1\)""")


def ui_strings() -> list[str]:
    """The handouts' and cards' own words: every `_("...")` of the templates, and the
    labels, marks and picture descriptions the code prints."""
    from allprint.editions.dates import DATE_PATTERN, MONTHS
    from allprint.editions.tiers import DRAFT_MARK, OVERDUE_MARK, TIER_LABELS
    from allprint.editions.timeline import TIMELINE_WORDS
    from allprint.paths import TEMPLATES_DIR
    from allprint.source.pictures import ICONS, step_words

    found = [*TIER_LABELS.values(), DRAFT_MARK, OVERDUE_MARK]
    found += ["Not yet clinically reviewed", "Reviewed {date}", DATE_PATTERN, *MONTHS]
    found += [alt for _, alt in ICONS.values()]
    found += [*step_words(), *TIMELINE_WORDS]
    for template in sorted([*TEMPLATES_DIR.glob("*.html"), *TEMPLATES_DIR.glob("cards/*.html")]):
        found += [m.group(2) for m in _CALL.finditer(template.read_text(encoding="utf-8"))]
    found += [*DECK_WORDS, OUT_OF_DATE_MARK, OUT_OF_DATE_NOW, DRAFT_TRANSLATION_MARK]
    found += ["Translation reviewed by {name} on {date}."]
    return list(dict.fromkeys(found))


def extract(source: Path, project_root: Path) -> tuple[Path, int]:
    """Write translations/<id>/<id>.pot for `source`; returns its path and entry count."""
    from allprint.pipeline.write import write_atomic
    from allprint.source.loader import validate
    from allprint.source.yaml_reader import read_document

    document = read_document(source)
    topic = validate(document)  # only a valid topic is extracted
    pot = make_pot(topic.id, source, entries(document.data, document.positions), ui_strings())
    path = catalogue_dir(project_root, topic.id) / f"{topic.id}.pot"
    write_atomic(path, str(pot).encode())
    return path, len(pot)


def update(source: Path, project_root: Path) -> list[tuple[Path, int, int, int]]:
    """Extract anew, then merge the template into each <lang>.po beside it."""
    from allprint.pipeline.write import write_atomic

    pot_path, _ = extract(source, project_root)
    pot = read_po(pot_path)
    results = []
    for po_path in sorted(pot_path.parent.glob("*.po")):
        po = read_po(po_path)
        counts = update_po(po, pot)
        write_atomic(po_path, str(po).encode())
        results.append((po_path, *counts))
    return results

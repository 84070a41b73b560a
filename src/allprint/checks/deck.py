"""Checks on the deck, run by `check` and by every build.

- Cards that teach badly (the lint): an answer that lists more than three things, two
  answers that say nearly the same, an empty or placeholder answer, a Source line longer
  than one line of a phone.
- Answers repeated across notes: the same answer (a back, or a cloze blank) or the same
  extra text on two or more notes. A nurse who meets one answer on many cards learns to
  guess it instead of recalling what is particular to each; the finding names every card
  that has it, with its line.
- Answers that belong to another question, told from the words alone (no topic's terms):
  - an answer that points elsewhere instead of answering: it opens with "like",
    "similar to" or "as with", says "same as", "as for", "as above"/"as below" or "see
    above", "see page", "see the section"..., or puts "(see ...)" in brackets. Not a
    pointer: "Like X" later in a sentence ("Blocks the protein, like X, but binds it more
    strongly"), "see a doctor", examples in brackets ("(like tingling)").
  - a "how it works" (mechanism) question answered with a purpose: the answer opens
    with what the thing is for ("Prevent or treat...", "To...", "Used for...") and says
    nothing of how it acts (no "by", binds, blocks, damages, mimics...).
  - a "monitoring" question whose answer leads with nothing to monitor: its first part
    (before any ";") names nothing to watch, test, check or measure ("Dosing carefully
    limited"). Precautions may follow what is monitored; they may not stand in for it.
  Each of these looks at Basic cards' backs (a cloze's blanks are its answers, and only
  the pointer rule reads them); the words are kept few so that a card that answers well
  is rarely named.
- What changed since the deck lock: cards added, changed, renamed, removed or retired.
  A renamed card loses every nurse's review history, and a card removed without being
  retired stays in every collection (Anki never deletes a note on import): both are
  warnings, and fail under `--strict`. A card never released (built only into a draft's
  decks, see `deck_lock.py`) is in no collection: it may be renamed, removed or change
  kind freely, and is not retired.

Generated cards are judged like the author's; `cards.py` shapes them so that most pass
(a cloze per listed thing, shared things shown rather than asked).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from allprint.checks.fit import Finding
from allprint.editions.cards import MAX_LISTED, NoteSpec, answer_key, cloze_answers, listed_parts
from allprint.editions.deck_lock import DeckLock
from allprint.source.model import Topic

MAX_SOURCE = 160  # characters: one line on a phone
NEAR_DUPLICATE = 0.9  # similarity of two answers, once brackets and case are set aside
_PLACEHOLDER = re.compile(
    r"^\W*(tbd|tba|todo|fixme|xxx+|n/?a|none|placeholder|answer|lorem ipsum.*)?\W*$", re.I
)

Place = Callable[[tuple, str], tuple[int | None, int | None]]


def deck_lint(specs: list[NoteSpec], place: Place | None = None) -> list[Finding]:
    findings = [f for spec in specs for f in _one_card(spec, place)]
    findings += _near_duplicates(specs, place)
    findings += _repeated(specs, place)
    return findings


def _one_card(spec: NoteSpec, place: Place | None) -> Iterator[Finding]:
    def finding(message: str) -> Finding:
        line, column = _at(spec, place)
        return Finding(
            "warning", "deck-lint", None, f"card {spec.card_id!r}: {message}", line, column
        )

    answer = spec.answer
    if _PLACEHOLDER.match(answer):
        yield finding(f"the answer {answer!r} says nothing (write the answer)")
    elif not spec.cloze and answer_key(answer) == answer_key(spec.question):
        yield finding("the answer repeats the question")
    if not spec.cloze and len(parts := listed_parts(answer)) > MAX_LISTED:
        yield finding(
            f"the answer lists {len(parts)} things (a card should ask for at most "
            f"{MAX_LISTED}: ask about one, or make a cloze with one blank per thing)"
        )
    if (wrong := _another_question(spec)) is not None:
        yield finding(wrong + _HOW_TO_FIX["generated" if "generated" in spec.tags else "card"])
    if len(spec.source) > MAX_SOURCE:
        yield finding(
            f"its Source line is {len(spec.source)} characters, over {MAX_SOURCE} (cite "
            "fewer sources, or give them a `short:` name)"
        )


def _near_duplicates(specs: list[NoteSpec], place: Place | None) -> Iterator[Finding]:
    """Answers that say nearly the same: one card is redundant, or one answer is wrong."""
    seen: list[tuple[str, set[str], NoteSpec]] = []
    for spec in specs:
        norm = answer_key(spec.answer)
        words = set(norm.split())
        if len(norm) < 20:  # "T-cell ALL" and "B-cell ALL" are different answers
            continue
        matcher = difflib.SequenceMatcher(None, "", norm, autojunk=False)  # `norm` indexed once
        for other_norm, other_words, other in seen:
            if other_norm == norm:
                continue  # the same answer: named by `_repeated`
            # Cheap first: answers this similar share most of their words.
            if len(words & other_words) < 0.5 * len(words | other_words):
                continue
            matcher.set_seq1(other_norm)
            if matcher.real_quick_ratio() >= NEAR_DUPLICATE and matcher.ratio() >= NEAR_DUPLICATE:
                line, column = _at(spec, place)
                yield Finding(
                    "warning",
                    "deck-lint",
                    None,
                    f"card {spec.card_id!r} has nearly the same answer as {other.card_id!r} "
                    "(keep one, or make each answer say what is particular to it)",
                    line,
                    column,
                )
                break
        seen.append((norm, words, spec))


def _at(
    spec: NoteSpec, place: Place | None, text: str | None = None
) -> tuple[int | None, int | None]:
    """Where a card's answer (or `text` of it) is written in the source, when known."""
    return place(spec.loc, text or spec.answer) if place and spec.loc else (None, None)


def _repeated(specs: list[NoteSpec], place: Place | None) -> Iterator[Finding]:
    """One answer, or one extra text, on two or more notes: named once, at the first."""
    holders: dict[tuple[str, str], list[tuple[NoteSpec, str]]] = {}
    for spec in specs:
        answers = cloze_answers(spec.text[0]) if spec.cloze else [spec.answer]
        said = [("answer", a) for a in answers] + [("extra text", spec.extra)]
        for kind, text in dict.fromkeys(said):
            key = (kind, answer_key(text))
            if key[1] and all(s is not spec for s, _ in holders.get(key, [])):
                holders.setdefault(key, []).append((spec, text))
    for (kind, _), held in holders.items():
        if len(held) < 2:
            continue
        (first, text), others = held[0], held[1:]
        line, column = _at(first, place, text)
        named = ", ".join(f"{o.card_id!r}{_line_of(o, place, t)}" for o, t in others)
        verb = "does" if len(others) == 1 else "do"
        yield Finding(
            "warning",
            "deck-lint",
            None,
            f"card {first.card_id!r} has the {kind} {text!r}, as {verb} {named}: one answer "
            "on many cards is guessed, not recalled (keep it on one card, and make each of "
            "the others ask what is particular to it)",
            line,
            column,
        )


def _line_of(spec: NoteSpec, place: Place | None, text: str) -> str:
    line, _ = _at(spec, place, text)
    return f" (line {line})" if line else ""


# --- answers that belong to another question --------------------------------------------

_POINTER = re.compile(  # "see a doctor" and "(like tingling)" answer: not pointers
    r"^\W*(like|similar to|as with)\b"
    r"|\b(same as|as for|as above|as below)\b"
    r"|\bsee (above|below|page|section|card|table|chapter|figure|the (section|card|table)"
    r"|[\"“'])"
    r"|\(\s*(see|similar to|as with|cf)\b",
    re.I,
)
_MECHANISM_QUESTION = re.compile(
    r"\bhow (it|they) works?\b|\bhow (does|do) .+ work\b|\bmechanism\b|\bmode of action\b",
    re.I,
)
_PURPOSE = re.compile(
    r"^\W*(it |they )?(is |are )?(used |given )?"
    r"(to|for|prevents?|treats?|preventing|treating|helps?|protects?|relieves?|controls?"
    r"|(reduces?|lowers?) the (risk|chance))\b",
    re.I,
)
_HOW_IT_ACTS = re.compile(
    r"\b(by|bind|block|inhibit|damag|break|convert|activat|link|mimic|trigger"
    r"|suppl(y|ies|ying)\b|deliver|stimulat|kill|interfer|disrupt|target|neutrali|destroy"
    r"|starv|deplet|acts? (like|as|on)|signal|attach|insert|built into)",
    re.I,
)
_MONITORING_QUESTION = re.compile(r"\bmonitor(ing|ed)?\b", re.I)
_SOMETHING_TO_MONITOR = re.compile(
    r"\b(watch|monitor|check|test|level|count|measur|assess|observ|look(ing)? for"
    r"|signs?\b|symptom|screen|scan|exam(s|ination)?\b|weigh|temperature|pressure|sugar"
    r"|glucose|function|rates?\b|output|lab(s|oratory)?\b|review|follow-up)",
    re.I,
)
_HOW_TO_FIX = {
    "card": " (write the answer to this question, or ask the question this answer gives)",
    "generated": " (rewrite the fact to answer its question, or `skip:` it under the "
    "section's `cards_from_facts` if as a card it teaches nothing)",
}


def _another_question(spec: NoteSpec) -> str | None:
    """What is wrong when the answer belongs to another question; None when it fits."""
    answers = cloze_answers(spec.text[0]) if spec.cloze else [spec.answer]
    for answer in answers:
        if match := _POINTER.search(answer):
            said = match.group(0).strip(" (")
            return f"the answer points elsewhere ({said!r} ...) instead of answering"
    if spec.cloze:
        return None
    answer, question = spec.answer, spec.question
    if (
        _MECHANISM_QUESTION.search(question)
        and _PURPOSE.match(answer)
        and not _HOW_IT_ACTS.search(answer)
    ):
        return f"the question asks how it works, but {answer!r} says what it is for"
    first = answer.split(";")[0]
    if _MONITORING_QUESTION.search(question) and not _SOMETHING_TO_MONITOR.search(first):
        return f"the question asks what to monitor, but the answer leads with {first!r}"
    return None


# --- changes since the lock ---------------------------------------------------------------


@dataclass
class DeckChanges:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    removed: list[str] = field(default_factory=list)  # gone, and not retired
    dropped: list[str] = field(default_factory=list)  # gone, never released: nothing to retire
    retired: list[str] = field(default_factory=list)  # shipping as retired for the first time
    kind_changed: list[str] = field(default_factory=list)  # Basic <-> Cloze: Anki refuses

    def summary(self) -> str:
        parts = [
            f"{len(ids)} {what}"
            for ids, what in (
                (self.added, "added"),
                (self.changed, "changed"),
                (self.renamed, "renamed"),
                ([*self.removed, *self.dropped], "removed"),
                (self.retired, "retired"),
            )
            if ids
        ]
        return ", ".join(parts) if parts else "no card changed"


def deck_changes(notes: list[NoteSpec], lock: DeckLock, retired: set[str]) -> DeckChanges:
    """What `notes` (the package's notes; `retired`: ids of those that are retired
    notes) change in a deck last built with `lock`."""
    changes = DeckChanges()
    now = {n.card_id: n.content_hash() for n in notes}
    kinds = {n.card_id: n.cloze for n in notes}
    for card_id, digest in now.items():
        old = lock.entries.get(card_id)
        if old is None:
            changes.added.append(card_id)
        elif card_id in retired:
            if not old.retired:
                changes.retired.append(card_id)
        elif old.hash != digest:
            changes.changed.append(card_id)
            if old.released and old.cloze is not None and old.cloze != kinds[card_id]:
                changes.kind_changed.append(card_id)
    gone = [i for i, e in lock.entries.items() if i not in now and not e.retired]
    changes.dropped = [i for i in gone if not lock.entries[i].released]
    added_by_hash = {now[i]: i for i in changes.added}
    for card_id in (i for i in gone if lock.entries[i].released):
        new_id = added_by_hash.pop(lock.entries[card_id].hash, None)
        if new_id is None:
            changes.removed.append(card_id)
        else:
            changes.renamed.append((card_id, new_id))
            changes.added.remove(new_id)
    return changes


def change_findings(
    topic: Topic, changes: DeckChanges, specs: list[NoteSpec], lock: DeckLock, place: Place | None
) -> Iterator[Finding]:
    by_id = {s.card_id: s for s in specs}
    for old, new in changes.renamed:
        spec = by_id[new]
        line, column = _at(spec, place)
        yield Finding(
            "warning",
            "deck-renamed",
            None,
            f"card {old!r} is now {new!r}: every nurse who studies it loses its review "
            f"history (give it back the id {old!r} unless the card really is new)",
            line,
            column,
        )
    for card_id in changes.kind_changed:
        spec = by_id[card_id]
        line, column = _at(spec, place)
        was, now = ("Cloze", "Basic") if not spec.cloze else ("Basic", "Cloze")
        yield Finding(
            "error",
            "deck-kind-changed",
            None,
            f"card {card_id!r} was a {was} card and is now a {now} card: Anki never changes "
            f"an existing note's kind, so nurses would keep the old card (give this card a "
            f"new id, and list {card_id!r} under `retired_cards:`)",
            line,
            column,
        )
    for card_id in changes.removed:
        yield Finding(
            "warning",
            "deck-removed",
            None,
            f"card {card_id!r} is gone from the source but stays in every nurse's "
            f"collection: list it under `retired_cards:` so that they are told to delete it",
        )
    for card_id in topic.retired_cards:
        entry = lock.entries.get(card_id)
        if card_id in by_id or (entry and entry.released):
            continue
        yield Finding(
            "warning",
            "deck-retired-unknown",
            None,
            f"retired card {card_id!r} was never in a reviewed topic's deck, so no nurse has "
            "it and it needs no retire note (check the id, or remove it from `retired_cards`)",
        )

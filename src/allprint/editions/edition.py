"""An edition: a topic in one language, for the run's site (or none), as data.

It holds all that the outputs of that language print (the text, each reader's view and
one-sheet, the notes with their lock and GUID base, the marks) and which of them can be
made. The source's own language is an edition like the others: the pipeline asks an
edition what to print and whether an output is made, never which language it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from allprint.editions.cards import NoteSpec
    from allprint.editions.deck_lock import DeckLock
    from allprint.editions.sheets import Sheet
    from allprint.editions.tiers import HandoutView
    from allprint.source.model import Topic


@dataclass
class Edition:
    language: str | None  # None: the source's own language, which keeps the plain names
    topic: Topic  # the text the deck and cards print
    views: dict[str, HandoutView]
    sheets: dict[str, Sheet]  # what each tier's one-sheet holds
    notes: list[NoteSpec]  # what the deck holds, retired notes last
    lock: DeckLock
    lock_file: Path  # where its lock is kept: beside the source, or beside its catalogue
    guid_base: str  # what its notes' GUIDs are made from (`cards.guid_base`)
    deck_summary: str  # said of the deck when it is written: "182 notes: 2 new"
    deck_description: str | None = None  # None: the default, from the topic
    deck_made: bool = True  # False: a card lacks its translation
    deck_stale: bool = False  # made from older text: each of its outputs says so
    # Per (tier, document): what a document lacks (`complete`, `fuzzy`: a translation's
    # `HandoutStatus`); None: every document is complete.
    status: Mapping[tuple[str, str], Any] | None = None
    phones: Mapping[str, Any] = field(default_factory=dict)  # per tier: its guide's phone page
    stale_mark: str | None = None  # printed on an output made from older text
    # A page check that fails withdraws the output with a warning instead of stopping
    # the topic: a translation never holds up the source's own language.
    optional: bool = False
    misfits: set[tuple[str, str]] = field(default_factory=set)  # laid out: over their page
    lock_owner: str = "the source"  # what its lock is kept beside, for messages

    def makes(self, kind: str, tier: str | None, document: str) -> bool:
        """Whether the edition's output of this kind can be printed (nothing missing)."""
        if kind not in ("handout", "phone"):  # the deck, in any form
            return self.deck_made
        if self.status is None:
            return True
        if kind == "phone":  # the guide as a web page: its own words besides the guide's
            phone = self.phones.get(tier or "")
            guide = self.status[(tier or "", "guide")]
            return guide.complete and (phone is None or phone.complete)
        return self.status[(tier or "", document)].complete

    def stale(self, tier: str | None, document: str) -> bool:
        status = self.status.get((tier or "", document)) if self.status is not None else None
        return bool(status.fuzzy) if status is not None else self.deck_stale

    def views_for(
        self, tier: str | None, document: str
    ) -> tuple[dict[str, HandoutView], dict[str, Sheet]]:
        """The views and one-sheets an output prints: marked where it is made from older
        text. An output of no tier (the printable cards) takes the clinician's marks."""
        if not self.stale(tier, document) or self.stale_mark is None:
            return self.views, self.sheets
        name = tier or "clinician"
        view = self.views[name]
        marked = replace(view, marks=[*view.marks, self.stale_mark])
        return {**self.views, name: marked}, self.sheets


def source_edition(
    topic: Topic,
    views: dict[str, HandoutView],
    sheets: dict[str, Sheet],
    notes: list[NoteSpec],
    lock: DeckLock,
    lock_file: Path,
    changes_summary: str,
) -> Edition:
    """The edition in the source's own language: every output made."""
    from allprint.editions.cards import guid_base

    summary = f"{len(notes)} notes: {changes_summary}"
    return Edition(None, topic, views, sheets, notes, lock, lock_file, guid_base(topic.id), summary)

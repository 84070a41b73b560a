"""What each translated document prints, known without rendering it, and so which entries
of its catalogue it still lacks.

A document prints text of its reader's view (all of it for a guide; for a one-sheet the
parts of its sheet and the few lines round them; for the fill-in tools the wallet card),
and the handouts' own words its templates look up (`template_words.py`). Each string of a
marked view carries a token naming its entry (`translate.Translator`), and each own word
is looked up through the same marked words, so that what a document holds shows what it
lacks: a translated document that would print a word of English is never made.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from allprint.editions.dates import format_date, format_iso
from allprint.editions.words import UI
from allprint.source.model import ICONS
from allprint.translation.template_words import DATES, WORDS, every_word, template_words

if TYPE_CHECKING:
    from allprint.editions.sheets import Sheet
    from allprint.editions.tiers import HandoutView
    from allprint.project.config import Site
    from allprint.source.model import Topic
    from allprint.translation.translate import Translator

PHONE = "phone"  # a guide as a phone page: its own template, its own words


@dataclass(frozen=True)
class HandoutStatus:
    """Whether one translated handout can be printed: nothing missing."""

    missing: list[tuple[str, str]]
    fuzzy: list[tuple[str, str]]
    translated: int  # strings of it translated: 0 means nobody started it

    @property
    def complete(self) -> bool:
        return not self.missing


class Statuses(Mapping[Any, HandoutStatus]):
    """Statuses by key, each worked out when first asked for: a run asks only about the
    outputs it may make (those its catalogue covers)."""

    def __init__(self, keys: list, work: Callable[[Any], HandoutStatus]) -> None:
        self._keys, self._work = keys, work
        self._found: dict[Any, HandoutStatus] = {}

    def __getitem__(self, key: Any) -> HandoutStatus:
        if key not in self._found:
            if key not in self._keys:
                raise KeyError(key)
            self._found[key] = self._work(key)
        return self._found[key]

    def __iter__(self) -> Iterator:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class Documents:
    """A translation's documents: what each prints that its catalogue lacks."""

    def __init__(
        self,
        marked: Translator,
        views: dict[str, HandoutView],
        sheets: dict[str, Sheet],
        site: Site | None,
        lacking_marks: Callable[[list], list],
    ) -> None:
        """`views` and `sheets` are the marked topic's, in `marked`'s words; `lacking_marks`
        names the out-of-date mark when one from older English would print it untranslated."""
        self.marked, self.views, self.sheets, self.site = marked, views, sheets, site
        self.lacking_marks = lacking_marks
        self._texts: dict[tuple[str, str], list[str]] = {}

    def with_site(self, site: Site | None) -> Documents:
        """The same documents printing another site's values; the text of the views,
        the same for every site, is worked out once for all of them."""
        other = copy.copy(self)  # shares `_texts`
        other.site = site
        return other

    def status(self, tier: str, document: str) -> HandoutStatus:
        """Of `tier`'s `document`: `guide`, `essentials`, `tools`, or `PHONE` (its guide
        as a phone page)."""
        view, sheet = self.views[tier], self.sheets[tier]
        shown = "guide" if document == PHONE else document  # a phone page shows its guide
        if (tier, shown) not in self._texts:
            self._texts[(tier, shown)] = view_text(view, sheet, shown)
        text = [*self._texts[(tier, shown)], *own_words(view, sheet, document, self.site)]
        missing, fuzzy, done = self.marked.found("\n".join(text))
        return HandoutStatus([*missing, *self.lacking_marks(fuzzy)], fuzzy, done)


def view_text(view: HandoutView, sheet: Sheet | None, document: str) -> list[str]:
    """The text of `view` that `document` prints (ids, addresses and names of works too:
    they carry no token, so they change nothing)."""
    head = [view.title, view.tier_label, view.short_title, view.review_line, *view.marks]
    head.append(view.subtitle or "")
    if document == "tools":  # the fill-in pages and the wallet card
        card = view.wallet_card.model_dump(exclude_none=True) if view.wallet_card else {}
        return [*head, *_strings(list(card.values())), *_strings(view.tools)]
    if document == "essentials" and sheet is not None:
        kinds = {part.kind for part in sheet.parts}
        parts = _strings(sheet.parts)
        if "urgent" in kinds:
            parts += _strings(view.urgent)
        if "glossary" in kinds:
            parts += [view.glossary_heading, *_strings(view.glossary)]
        return [*head, *parts, view.translation_review or "", *view.disclaimer[:1]]
    skip = {"wallet_card", "words"}
    skip |= set() if view.faqs else {"faq_heading"}
    skip |= set() if view.glossary else {"glossary_heading"}
    fields = [f.name for f in dataclasses.fields(view) if f.name not in skip]
    return [*head, *(s for name in fields for s in _strings(getattr(view, name)))]


def own_words(
    view: HandoutView, sheet: Sheet | None, document: str, site: Site | None
) -> list[str]:
    """The handouts' own words and dates `document` prints, in `view`'s words."""
    from allprint.project.config import Site
    from allprint.render.layout import PrintOptions

    name = {"guide": f"{view.tier}.html", PHONE: "phone.html"}.get(document, f"{document}.html")
    printed: list[str] = []
    site = site or Site()
    values = {
        "h": view,
        "site": site,
        "logo": site.logo,
        "page": PrintOptions(),
        "document": "guide" if document == PHONE else document,
        "sheet": sheet,
    }
    if not template_words(name, values, _calls(printed, view.words)):
        printed += _every_word(name, view.words)
    return printed


def _every_word(name: str, words: Callable[[str, str], str]) -> list[str]:
    """A word or date looked up by a value the walk does not know: every word template
    `name` may look up, every picture's description and every month's name."""
    every = [*every_word(name), *(alt for _, alt in ICONS.values())]
    months = [format_date(dt.date(2000, month, 1), words) for month in range(1, 13)]
    return [*(words(UI, word) for word in every), *months]


def cards_words(topic: Topic, studied: int, marks: list[str], words: Translator) -> list[str]:
    """The printable cards' own words, marks and date, with `studied` cards to print."""
    printed = [*marks, format_date(topic.updated, words)]
    values = {"topic": topic, "marks": marks, "sheets": [((), ())] * min(studied, 1)}
    if not template_words("cards/print.html", values, _calls(printed, words)):
        printed += _every_word("cards/print.html", words)
    return printed


def _calls(printed: list[str], words: Callable[[str, str], str]) -> dict[str, Callable]:
    """The template's `_` and `day`, noting in `printed` what each prints."""

    def word(text: Any) -> Any:
        printed.append(words(UI, str(text)))
        return text  # the English, with its known places, for a `.format(...)` after it

    def day(value: Any) -> str:
        written = format_iso(value, words) if isinstance(value, str) else format_date(value, words)
        printed.append(written)
        return written

    return {WORDS: word, DATES: day}


def _strings(value: Any) -> list[str]:
    """Every string in `value`: a view's dataclasses, lists and tuples, as deep as they go;
    of a section, what its template prints."""
    from allprint.editions.tiers import SectionView

    if isinstance(value, str):
        return [value]
    if isinstance(value, SectionView) and value.fact_labels:
        # A table: each item's name and facts, not its paragraphs (the list's, not shown).
        rows = [s for item in value.items for s in [item.title, *_strings(item.facts)]]
        return [value.heading, *value.paragraphs, *value.fact_labels, *rows, *value.after]
    if isinstance(value, list | tuple):
        return [s for inner in value for s in _strings(inner)]
    names = _field_names(type(value))
    return [s for name in names for s in _strings(getattr(value, name))]


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's fields (none for any other type), found once per class."""
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else ()

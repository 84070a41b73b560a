"""The output plan: every file a run writes, and the one place its name is made.

Names are flat and self-describing, because files get separated from their folders
when they are passed around on phones:

    pamphlets/<id>-<tier>[-essentials|-tools][-<lang>][-letter][-large|-booklet][-pdfa|-pdfua].pdf
    decks/<id>[-<lang>].apkg                                 Anki package
    decks/<id>[-<lang>].tsv, .csv                            the deck as text
    decks/<id>[-<lang>]-cards[-letter][-pdfa|-pdfua].pdf     printable flashcards
    phone/<id>-<tier>[-<lang>].html                         (bundles only)

A run that would write one path twice (topic `x` in Spanish and a topic whose id is
`x-es`, say) is refused before anything is rendered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from allprint.errors import UserError, shown
from allprint.render.layout import PrintOptions
from allprint.source.readers import TIERS

PAMPHLETS = "pamphlets"
DECKS = "decks"

Kind = Literal["handout", "deck", "deck-tsv", "deck-csv", "cards", "phone"]
PDF_KINDS = ("handout", "cards")  # laid out by WeasyPrint (in workers)
PHONE = "phone"
Document = Literal["guide", "essentials", "tools"]
_PDF_VARIANT_SUFFIX = {"pdf/a-3b": "pdfa", "pdf/ua-1": "pdfua"}


@dataclass(frozen=True)
class PlannedOutput:
    """One file of a run: what it is and where it goes (relative to the output folder)."""

    topic: str
    kind: Kind
    tier: str | None = None
    document: Document = "guide"
    language: str | None = None  # None: the topic's own language, which keeps the plain name
    print: PrintOptions | None = None

    @property
    def path(self) -> str:
        return output_path(self)


def output_path(output: PlannedOutput) -> str:
    """The path of `output` under the output folder, by the naming scheme above."""
    lang = f"-{output.language}" if output.language else ""
    if output.kind == "deck":
        return f"{DECKS}/{output.topic}{lang}.apkg"
    if output.kind in ("deck-tsv", "deck-csv"):
        return f"{DECKS}/{output.topic}{lang}.{output.kind.removeprefix('deck-')}"
    if output.kind == "cards":
        return f"{DECKS}/{output.topic}{lang}-cards{print_suffix(output.print)}.pdf"
    if output.kind == "phone":
        return f"{PHONE}/{output.topic}-{output.tier}{lang}.html"
    document = "" if output.document == "guide" else f"-{output.document}"
    return (
        f"{PAMPHLETS}/{output.topic}-{output.tier}{document}{lang}{print_suffix(output.print)}.pdf"
    )


def print_suffix(options: PrintOptions | None) -> str:
    """`-letter`, `-large`, `-booklet`, `-pdfa`...; A4 standard keeps the plain name."""
    options = options or PrintOptions()
    parts = []
    if options.paper != "a4":
        parts.append(options.paper)
    if options.large_print:
        parts.append("large")
    if options.booklet:
        parts.append("booklet")
    if options.pdf_variant:
        parts.append(_PDF_VARIANT_SUFFIX[options.pdf_variant])
    return "".join(f"-{p}" for p in parts)


def plan_topic(
    topic_id: str,
    variants: Sequence[PrintOptions],
    phone_pages: bool = False,
    deck: bool = True,
    languages: Mapping[str, frozenset[str] | None] | Sequence[str] = (),
) -> list[PlannedOutput]:
    """Every output of one topic, per print variant: the guide of each tier, the one-sheet
    essentials of each tier and the parent's fill-in tools (neither as a booklet: a sheet
    needs no folding; no large-print tools: they are written in by hand); then the deck,
    as Anki package, text and printable cards (one per paper and PDF standard), and (for
    bundles) a phone page per tier; and the deck of each translation (`languages`)."""
    # The source's own language first; its scope (None) holds every output.
    given = languages if isinstance(languages, Mapping) else dict.fromkeys(languages)
    scopes: dict[str | None, frozenset[str] | None] = {None: None, **given}
    outputs = []
    for language, scope in scopes.items():  # each translation's handouts: those it covers
        for variant in variants:
            outputs += [o for o in _handouts(topic_id, variant, language) if in_scope(o, scope)]
    for language, scope in scopes.items() if deck else ():  # each language's deck
        if not in_scope(PlannedOutput(topic_id, "deck"), scope):
            continue
        kinds = ("deck", "deck-tsv", "deck-csv")
        outputs += [PlannedOutput(topic_id, kind, language=language) for kind in kinds]
        for variant in variants:
            if not (variant.booklet or variant.large_print):
                outputs.append(PlannedOutput(topic_id, "cards", language=language, print=variant))
    if phone_pages:  # English, and each translation's that completes the tier's guide
        for language, scope in scopes.items():
            phones = [PlannedOutput(topic_id, "phone", tier, language=language) for tier in TIERS]
            outputs += [p for p in phones if in_scope(p, scope)]
    return outputs


def scope_name(output: PlannedOutput) -> str:
    """How a catalogue names an output it covers: `child`, `parent-essentials`, `deck`."""
    if output.kind == "phone":  # the guide, as a web page
        return output.tier or ""
    if output.kind != "handout":
        return "deck"  # the deck in every form: package, text, printable cards
    return output.tier if output.document == "guide" else f"{output.tier}-{output.document}"


def in_scope(output: PlannedOutput, scope: frozenset[str] | None) -> bool:
    return scope is None or scope_name(output) in scope


def _handouts(topic_id: str, variant: PrintOptions, language: str | None) -> list[PlannedOutput]:
    tiers = variant.tiers(TIERS)

    def handout(tier: str, document: Document = "guide") -> PlannedOutput:
        return PlannedOutput(topic_id, "handout", tier, document, language, variant)

    outputs = [handout(tier) for tier in tiers]
    if variant.booklet:
        return outputs
    outputs += [handout(tier, "essentials") for tier in tiers]
    if not variant.large_print:
        outputs.append(handout("parent", "tools"))
    return outputs


def refuse_duplicates(plans: Iterable[tuple[Path, list[PlannedOutput]]]) -> None:
    """Stop when two outputs of a run, from one source or two, would have the same path."""
    owners: dict[str, Path] = {}
    for source, outputs in plans:
        for output in outputs:
            other = owners.setdefault(output.path, source)
            if other != source or _count(outputs, output.path) > 1:
                raise UserError(
                    f"{shown(source)}: would write {shown(output.path)}, which "
                    f"{shown(other)} writes too "
                    "(change one topic's id so that their file names differ)"
                )


def _count(outputs: list[PlannedOutput], path: str) -> int:
    return sum(1 for o in outputs if o.path == path)

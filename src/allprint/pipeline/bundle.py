"""The offline bundle for a site: one zip with every handout, deck, phone page and checksum.

Layout inside `allprint-bundle.zip` (all under `allprint-bundle/`):

    index.html                       topics x readers, with sizes and links; no scripts
    SHA256SUMS                       `sha256sum -c SHA256SUMS` verifies every file
    pamphlets/<topic>-<tier>[...].pdf every paper size, booklets, large print, one-sheet
                                     essentials and the parent's fill-in tools
    phone/<topic>-<tier>.html        one self-contained page per handout, for phones
    decks/<topic>.apkg, .tsv, .csv   staff flashcards: Anki package, Anki text, plain text
    decks/<topic>-cards[-letter].pdf the flashcards to print and cut out

Entries are sorted and dated from the topics, so equal sources give an equal zip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from allprint.editions.tiers import TIER_LABELS
from allprint.paths import TEMPLATES_DIR
from allprint.pipeline.build import build
from allprint.pipeline.cache import CACHE_DIR
from allprint.pipeline.options import BuildOptions, Progress, TopicResult
from allprint.pipeline.plan import PlannedOutput, output_path, plan_topic
from allprint.project.config import Site
from allprint.render.layout import PAPERS, Paper, PrintOptions, every_variant
from allprint.source.loader import load_topic
from allprint.source.model import TIERS, Topic
from allprint.translation.catalogue_rules import planned_languages

BUNDLE_NAME = "allprint-bundle"


@dataclass
class BundleReport:
    path: Path
    results: list[TopicResult]
    files: dict[str, int] = field(default_factory=dict)  # name -> size

    @property
    def failed(self) -> list[TopicResult]:
        return [r for r in self.results if r.error is not None]


def make_bundle(
    sources: Sequence[Path],
    options: BuildOptions,
    on_result: Callable[[TopicResult], None] | None = None,
    progress: Progress | None = None,
    papers: tuple[Paper, ...] = PAPERS,
) -> BundleReport:
    """Build every topic in every variant on `papers` (default: A4 and US Letter), with
    phone pages, then write one zip.

    The files are built by the same pipeline as `build`, into a folder inside the
    cache (`DIR/.allprint-cache/bundle/`), so that only what changed is made again; a
    PDF that `build` made from the same input in `options.reuse` (default: DIR) is
    copied from there.
    The zip is written only if every topic made it, so a site never receives a bundle
    with a handout silently missing.
    """
    run = _staged(options, papers)
    results = build(sources, run, on_result, progress).results
    report = BundleReport(options.out_dir / f"{BUNDLE_NAME}.zip", results)
    if not report.failed:
        _pack(report, [(run.out_dir, results)], run.variants)
    return report


def make_bundles(
    sources: Sequence[Path],
    runs: Sequence[BuildOptions],
    on_result: Callable[[TopicResult], None] | None = None,
    progress: Progress | None = None,
    papers: tuple[Paper, ...] = PAPERS,
) -> list[BundleReport]:
    """A network's bundles: one zip per site (`runs[1:]`, each into its own folder) with
    its handouts and phone pages and the decks, made once for all (`runs[0]`); and an
    `index.html` beside them listing the sites. A site's zip is written only if all of it
    was made; the others are written still."""
    from allprint.pipeline.build import build_all
    from allprint.pipeline.write import write_atomic

    staged = [_staged(run, papers) for run in runs]
    built = build_all(sources, staged, on_result, progress)
    decks = (staged[0].out_dir, built[0].results)
    reports = []
    for run, stage, made in zip(runs[1:], staged[1:], built[1:], strict=True):
        report = BundleReport(run.out_dir / f"{BUNDLE_NAME}.zip", [*made.results])
        report.results += [r for r in decks[1] if r.error is not None]
        if not report.failed:
            _pack(report, [(stage.out_dir, made.results), decks], stage.variants)
        reports.append(report)
    made = [(run.site, report) for run, report in zip(runs[1:], reports, strict=True)]
    write_atomic(runs[0].out_dir / "index.html", _sites_index(runs[0].out_dir, made).encode())
    return reports


def _staged(options: BuildOptions, papers: tuple[Paper, ...]) -> BuildOptions:
    """A bundle's run: every variant and phone pages, built into a folder inside the
    cache; what `build` already made (`options.reuse`) is copied, not made again."""
    return replace(
        options,
        out_dir=options.out_dir / CACHE_DIR / "bundle",
        variants=tuple(every_variant(papers)),
        phone_pages=options.handouts,
        reuse=options.reuse or options.out_dir,
    )


def _pack(report: BundleReport, parts: list[tuple[Path, list[TopicResult]]], variants) -> None:
    """Write `report`'s zip from the files each of `parts` (a staging folder and the
    results built there) made, with its index and checksums."""
    from allprint.pipeline.write import write_atomic

    files = {
        o.path.relative_to(staging).as_posix(): o.path.read_bytes()
        for staging, results in parts
        for r in results
        for o in r.outputs
    }
    results = parts[0][1]
    topics = [r.topic or load_topic(r.source) for r in results]
    languages = {
        topic.id: planned_languages(r.source) for topic, r in zip(topics, results, strict=True)
    }
    files["index.html"] = _index(topics, files, languages, variants).encode()
    files["SHA256SUMS"] = _checksums(files).encode()
    newest = max(topic.updated for topic in topics)
    write_atomic(report.path, _zip(files, newest))
    report.files = {name: len(data) for name, data in files.items()}


def _sites_index(folder: Path, bundles: list[tuple[Site | None, BundleReport]]) -> str:
    """The network's front page: each site's name and its bundle (or that it failed)."""
    from html import escape

    rows = []
    for site, report in bundles:
        name = escape(getattr(site, "name", None) or report.path.parent.name)  # else its folder
        href = escape(report.path.relative_to(folder).as_posix())
        if report.failed:
            rows.append(f"<li>{name}: not made (see the build's messages)</li>")
            continue
        size = _size(report.path.stat().st_size)
        rows.append(f'<li><a href="{href}">{name}</a> ({size})</li>')
    items = "\n".join(rows)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Handouts for each site</title></head>\n<body><h1>Handouts for each site</h1>"
        f"\n<p>One zip per site: its handouts and the staff decks.</p>\n<ul>\n{items}\n</ul>"
        "\n</body></html>\n"
    )


def _index(
    topics: list[Topic],
    files: dict[str, bytes],
    languages: dict,
    variants: Sequence[PrintOptions],
) -> str:
    """The bundle's front page: per topic, the English handouts by reader, then each
    translation's (only the files it made), then the decks."""
    from allprint.render.html import environment

    def link(name: str, label: str) -> dict[str, str]:
        return {"href": name, "label": label, "size": _size(len(files[name]))}

    entries = []
    for topic in topics:
        scopes = languages.get(topic.id, {})
        outputs = plan_topic(topic.id, variants, phone_pages=True, languages=scopes)
        by_language: dict[str | None, list[PlannedOutput]] = {}
        for o in outputs:
            if o.path in files:  # a translation makes only some
                by_language.setdefault(o.language, []).append(o)
        own = by_language.pop(None, [])  # the source's own language, listed first
        rows = []
        for tier in TIERS:
            pdfs = [link(o.path, _label(o)) for o in own if o.kind == "handout" and o.tier == tier]
            phone = link(output_path(PlannedOutput(topic.id, "phone", tier)), "Open")
            rows.append({"label": TIER_LABELS[tier], "phone": phone, "pdfs": pdfs})
        deck = [link(o.path, _label(o)) for o in own if o.kind in _DECK_LABELS]
        translated = [
            {
                "language": lang,
                "files": [link(o.path, _label(o, tiered=True)) for o in by_language.get(lang, [])],
            }
            for lang in scopes
        ]
        review = topic.review
        entries.append(
            {
                "id": topic.id,
                "title": topic.short_title or topic.titles.parent,
                "language": topic.language,
                "version": topic.version,
                "updated": topic.updated.isoformat(),
                "status": review.status,
                "reviewed_on": review.reviewed_on,
                "next_review": review.next_review,
                "tiers": rows,
                "deck": deck,
                "translations": [t for t in translated if t["files"]],
            }
        )
    css = (TEMPLATES_DIR / "index.css").read_text(encoding="utf-8")
    template = environment().get_template("index.html")
    return template.render(topics=entries, css=css, made=None)


_DOCUMENT_LABELS = {
    "guide": "Handout",
    "essentials": "One-sheet essentials",
    "tools": "Fill-in tools",
}
_DECK_LABELS = {
    "deck": "Anki deck (.apkg)",
    "deck-tsv": "Anki text import (.tsv)",
    "deck-csv": "Front and back as plain text (.csv), for other flashcard apps",
    "cards": "Printable cards to cut out",
}


def _label(output: PlannedOutput, tiered: bool = False) -> str:
    if output.kind == "phone":
        return f"{TIER_LABELS[output.tier or 'parent']}: read on a phone"
    if tiered and output.tier:
        label = _label(output)
        return f"{TIER_LABELS[output.tier]}: {label[0].lower()}{label[1:]}"
    if output.kind in _DECK_LABELS:
        label = _DECK_LABELS[output.kind]
        return f"{label}, {_variant_label(output.print)}" if output.print else label
    return f"{_DOCUMENT_LABELS[output.document]}, {_variant_label(output.print)}"


def _variant_label(variant: PrintOptions) -> str:
    paper = {"a4": "A4", "letter": "US Letter"}[variant.paper]
    if variant.booklet:
        return f"{paper} booklet (fold and staple)"
    if variant.large_print:
        return f"{paper} large print"
    return paper


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _checksums(files: dict[str, bytes]) -> str:
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())]
    return "\n".join(lines) + "\n"


def _zip(files: dict[str, bytes], day: dt.date) -> bytes:
    # Zip dates run from 1980 to 2107: clamp a topic dated outside them.
    day = min(max(day, dt.date(1980, 1, 1)), dt.date(2107, 12, 31))
    stamp = (day.year, day.month, day.day, 12, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{BUNDLE_NAME}/{name}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()

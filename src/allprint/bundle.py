"""The offline bundle for a site: one zip with every handout, deck, phone page and checksum.

Layout inside `allprint-bundle.zip` (all under `allprint-bundle/`):

    index.html                       topics x readers, with sizes and links; no scripts
    SHA256SUMS                       `sha256sum -c SHA256SUMS` verifies every file
    pamphlets/<topic>-<tier>[...].pdf every paper size, booklets, large print
    phone/<topic>-<tier>.html        one self-contained page per handout, for phones
    decks/<topic>.apkg               staff flashcards

Entries are sorted and dated from the topics, so equal sources give an equal zip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from allprint.build import BuildOptions, RenderedTopic, check_fit, render_topic
from allprint.errors import UserError
from allprint.layout import PrintOptions, every_variant, pdf_name
from allprint.loader import load_topic
from allprint.model import TIERS, Topic
from allprint.paths import DECKS, PAMPHLETS, TEMPLATES_DIR, deck_name
from allprint.tiers import TIER_LABELS

BUNDLE_NAME = "allprint-bundle"
PHONE = "phone"


@dataclass
class BundleReport:
    path: Path
    files: dict[str, int] = field(default_factory=dict)  # name -> size
    failures: list[tuple[Path, UserError]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def make_bundle(sources: Sequence[Path], options: BuildOptions, now: int) -> BundleReport:
    """Render every topic in every variant and write one zip to `options.out_dir`.

    A topic that fails is reported and left out; the zip is written only if every topic
    made it, so a site never receives a bundle with a handout silently missing.
    """
    from allprint.render_html import render_phone_html
    from allprint.write import write_all, write_atomic

    report = BundleReport(options.out_dir / f"{BUNDLE_NAME}.zip")
    files: dict[str, bytes] = {}
    topics: list[tuple[Topic, RenderedTopic]] = []
    side_files: dict[Path, bytes] = {}
    for source in sources:
        try:
            topic = load_topic(source)
            fit = check_fit(topic, source, options)
            report.warnings += [f"{source}: {f}" for f in fit.findings if f.severity == "warning"]
            rendered = render_topic(topic, source, every_variant(), options.today, now)
        except UserError as exc:
            report.failures.append((source, exc))
            continue
        files.update(rendered.files)
        side_files.update(rendered.side_files)
        for tier in TIERS:
            page = render_phone_html(topic, tier, options.today)
            files[f"{PHONE}/{topic.id}-{tier}.html"] = page.encode()
        topics.append((topic, rendered))
    if report.failures:
        return report
    if not topics:
        raise UserError("no topic sources found: add a content/<topic-id>.yaml or name one")

    files["index.html"] = _index(topics, files).encode()
    files["SHA256SUMS"] = _checksums(files).encode()
    newest = max(topic.updated for topic, _ in topics)
    write_atomic(report.path, _zip(files, newest))
    write_all(side_files)
    report.files = {name: len(data) for name, data in files.items()}
    return report


def _index(topics: list[tuple[Topic, RenderedTopic]], files: dict[str, bytes]) -> str:
    from allprint.render_html import environment

    def link(name: str, label: str) -> dict[str, str]:
        return {"href": name, "label": label, "size": _size(len(files[name]))}

    entries = []
    for topic, _ in topics:
        rows = []
        for tier in TIERS:
            pdfs = [
                link(f"{PAMPHLETS}/{pdf_name(topic.id, tier, v)}", _variant_label(v))
                for v in every_variant()
                if tier in v.tiers(TIERS)
            ]
            phone = link(f"{PHONE}/{topic.id}-{tier}.html", "Open")
            rows.append({"label": TIER_LABELS[tier], "phone": phone, "pdfs": pdfs})
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
                "deck": link(f"{DECKS}/{deck_name(topic.id)}", deck_name(topic.id)),
            }
        )
    css = (TEMPLATES_DIR / "index.css").read_text(encoding="utf-8")
    template = environment().get_template("index.html")
    return template.render(topics=entries, css=css, made=None)


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
    stamp = (max(day.year, 1980), day.month, day.day, 12, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{BUNDLE_NAME}/{name}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()

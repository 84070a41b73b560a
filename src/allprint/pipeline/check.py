"""`allprint check`: the same first stages as a build, and the one-sheets laid out in
memory; nothing written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from allprint.checks.fit import Finding, FitReport
from allprint.errors import UserError
from allprint.pipeline.options import BuildOptions
from allprint.pipeline.outputs import is_withdrawn, not_made, page_findings, render_one
from allprint.pipeline.plan import plan_topic
from allprint.pipeline.prepare import Prepared, plan, prepare

if TYPE_CHECKING:
    pass


# --- check: the same first stages, nothing written ------------------------------------------


@dataclass
class CheckResult:
    source: Path
    prepared: Prepared | None = None
    error: UserError | None = None
    blocking: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.blocking


def check(sources: Sequence[Path], options: BuildOptions) -> list[CheckResult]:
    """Plan, read, validate and check every source, as a build would; write nothing."""
    results = []
    for source, _ in plan(sources, options):
        try:
            prepared = prepare(source, options.today, options.site)
        except UserError as exc:
            results.append(CheckResult(source, error=exc))
            continue
        layout = _sheet_layout(prepared, options)
        prepared.fit = FitReport(prepared.fit.scores, [*prepared.fit.findings, *layout])
        blocking = prepared.fit.blocking(options.strict)
        results.append(CheckResult(source, prepared, blocking=blocking))
    return results


def _sheet_layout(prepared: Prepared, options: BuildOptions) -> list[Finding]:
    """Lay out each one-sheet handout, in memory, to check that it fits its sheet, and the
    fill-in tools, whose wallet card must fit the card; and each translated handout a
    build would make: one that fails a page check is not made,
    as a build would not make it, so that check and build agree."""
    languages = {
        language: handouts.translation.catalogue.scope
        for language, handouts in prepared.handouts.items()
    }
    outputs = plan_topic(prepared.topic.id, options.variants[:1], deck=False, languages=languages)
    findings = []
    for output in outputs:
        if is_withdrawn(prepared, output):
            continue
        edition = prepared.edition_of(output.language)
        # The source's own guides are laid out by a build only: they never stop a check.
        if not edition.optional and output.document not in ("essentials", "tools"):
            continue
        pdf = render_one(prepared, output, options.site)
        found = page_findings(prepared, output, pdf.pages, pdf.anchors, options.site)
        if edition.optional and any(f.severity == "error" for f in found):
            edition.misfits.add((output.tier, output.document))
            found = not_made(found)
        findings += found
    return findings

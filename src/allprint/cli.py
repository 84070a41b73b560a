"""Command line: parse arguments, call the library, turn user errors into messages.

This is the one place that prints and chooses exit codes (0 ok, 1 user error or a
topic not fit to print). A bug still raises with its traceback: hiding it would
hide the fix.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from allprint.errors import UserError
from allprint.paths import PROJECT_ROOT


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UserError as exc:
        _error(exc)
        return 1
    except KeyboardInterrupt:
        print("interrupted: files already written are complete", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="allprint",
        description="Build printable patient handouts (PDF) and staff flashcards (Anki) "
        "from YAML topic sources.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build PDFs and decks",
        description="Build the three tiered PDF handouts and the Anki deck of each source "
        "(default: every content/*.yaml).",
    )
    _common(build)
    _writing(build, PROJECT_ROOT, "write DIR/pamphlets and DIR/decks (default: the project folder)")
    _print_options(build)
    build.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    build.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes rendering PDFs (default: the number of cores)",
    )
    build.set_defaults(run=_run_build)

    bundle = commands.add_parser(
        "bundle",
        help="make one zip for a site: every handout and deck, phone pages, checksums",
        description="Build every topic in every print variant, a phone-readable page per "
        "handout, the decks, an index.html and SHA256SUMS, into DIR/allprint-bundle.zip.",
    )
    _common(bundle)
    _writing(bundle, PROJECT_ROOT / "dist", "write DIR/allprint-bundle.zip (default: dist/)")
    bundle.set_defaults(run=_run_bundle)

    html = commands.add_parser(
        "html",
        help="print the HTML handed to WeasyPrint for one handout",
        description="Print the exact HTML that is laid out as the PDF of one tier, for "
        "debugging templates in a browser and for benchmarks. It links the files in "
        "templates/ by relative paths.",
    )
    html.add_argument("source", type=Path, metavar="SOURCE", help="topic YAML file")
    html.add_argument("--tier", required=True, choices=("child", "parent", "clinician"))
    _print_options(html)
    _as_of(html)
    html.set_defaults(run=_run_html)

    check = commands.add_parser(
        "check",
        help="validate sources and check they are fit to print; writes nothing",
        description="Validate topic sources (every problem, with its line), then measure the "
        "reading level of each tier and check required blocks, review status and sources.",
    )
    _common(check)
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    check.set_defaults(run=_run_check)
    return parser


def _print_options(command: argparse.ArgumentParser) -> None:
    from allprint.layout import PAPERS, PDF_VARIANTS

    command.add_argument(
        "--paper", choices=PAPERS, help="paper size (default: allprint.toml, else a4)"
    )
    command.add_argument(
        "--layout",
        choices=("standard", "booklet"),
        default="standard",
        help="booklet: half-size pages 2-up on landscape sheets, to fold and staple",
    )
    command.add_argument(
        "--large-print",
        action="store_true",
        help="child and parent handouts in 18 pt or larger, for low vision",
    )
    command.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        help="pdf/a-3b: archival; pdf/ua-1: tagged for screen readers",
    )


def _as_of(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        metavar="YYYY-MM-DD",
        help="judge review dates as of this day (default: today)",
    )


def _writing(command: argparse.ArgumentParser, default_out: Path, out_help: str) -> None:
    command.add_argument("--out", type=Path, default=default_out, metavar="DIR", help=out_help)
    command.add_argument(
        "--allow-draft",
        action="store_true",
        help="go on even if the fit-to-print checks fail (reading level, required blocks)",
    )


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("sources", nargs="*", type=Path, metavar="SOURCE", help="topic YAML files")
    command.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (draft, review overdue, unused source) as failures",
    )
    _as_of(command)


def _sources(args: argparse.Namespace) -> list[Path]:
    from allprint.build import default_sources

    return list(args.sources) or default_sources()


def _run_build(args: argparse.Namespace) -> int:
    from allprint.build import BuildOptions, TopicResult, build

    progress = _Progress()

    def show(result: TopicResult) -> None:
        progress.clear()
        for finding in result.findings:
            print(f"{finding.severity}: {_shown(result.source)}: {finding}", file=sys.stderr)
        if result.error is not None:
            _error(result.error)
            print(f"failed: {_shown(result.source)} (nothing of it was written)", file=sys.stderr)
            return
        if result.skipped:
            print(f"up to date: {_shown(result.source)} ({len(result.outputs)} files)")
            return
        for out in result.outputs:
            print(f"wrote {_shown(out.path)}  ({out.size / 1024:.0f} KB, {out.detail})")
        grades = ", ".join(f"{g.tier} {g.fk:.1f}" for g in result.grades if g.fk is not None)
        if grades:
            print(f"reading grade (Flesch-Kincaid, whole handout): {grades}")

    started = time.monotonic()
    options = BuildOptions(
        args.out,
        args.allow_draft,
        args.strict,
        args.as_of,
        _print_choice(args),
        force=args.force,
        jobs=max(1, args.jobs),
    )
    report = build(_sources(args), options, on_result=show, progress=progress)
    failed = [r for r in report.results if r.error is not None]
    skipped = [r for r in report.results if r.skipped]
    built = len(report.results) - len(failed) - len(skipped)
    written = [o for r in report.results if not r.skipped for o in r.outputs]
    size = sum(o.size for o in written) / 1024
    summary = (
        f"{built} topic(s) built, {len(skipped)} up to date, {len(failed)} failed · "
        f"{len(written)} files written, {size:.0f} KB · {time.monotonic() - started:.1f} s"
    )
    progress.clear()
    print(summary, file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


class _Progress:
    """A progress line on a terminal; nothing extra in logs (each file gets its own line)."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.live = sys.stderr.isatty()
        self.shown = False

    def expect(self, more: int) -> None:
        self.total += more

    def advance(self, result) -> None:
        self.done += 1
        if self.live and self.total > 3:
            line = f"\rrendering {self.done}/{self.total}: {result.name}\033[K"
            print(line, end="", file=sys.stderr, flush=True)
            self.shown = True

    def clear(self) -> None:
        """Wipe the progress line before other output, so lines never run together."""
        if self.shown:
            sys.stdout.flush()
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            self.shown = False


def _run_bundle(args: argparse.Namespace) -> int:

    from allprint.build import BuildOptions
    from allprint.bundle import make_bundle

    options = BuildOptions(args.out, args.allow_draft, args.strict, args.as_of)
    report = make_bundle(_sources(args), options, int(time.time()))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for source, error in report.failures:
        _error(error)
        print(f"failed: {_shown(source)}", file=sys.stderr)
    if report.failures:
        print("no bundle written: fix the topics above first", file=sys.stderr)
        return 1
    total = sum(report.files.values())
    print(f"wrote {_shown(report.path)}  ({len(report.files)} files, {total / 1024:.0f} KB)")
    return 0


def _run_html(args: argparse.Namespace) -> int:
    from allprint.loader import load_topic
    from allprint.render_html import render_html

    topic = load_topic(args.source)
    sys.stdout.write(render_html(topic, args.tier, args.as_of, _print_choice(args)))
    return 0


def _print_choice(args: argparse.Namespace):
    from allprint.config import load_config
    from allprint.layout import PrintOptions

    return PrintOptions(
        paper=args.paper or load_config().paper,
        booklet=args.layout == "booklet",
        large_print=args.large_print,
        pdf_variant=args.pdf_variant,
    )


def _run_check(args: argparse.Namespace) -> int:
    from allprint.checks import fit_to_print
    from allprint.loader import load_topic

    failed = 0
    results = []
    for source in _sources(args):
        try:
            topic = load_topic(source)
        except UserError as exc:
            failed += 1
            results.append({"source": str(source), "ok": False, "errors": exc.text.splitlines()})
            if not args.json:
                _error(exc)
            continue
        report = fit_to_print(topic, args.as_of)
        blocking = report.blocking(args.strict)
        failed += bool(blocking)
        results.append(
            {
                "source": str(source),
                "ok": not blocking,
                "scores": [s.as_dict() for s in report.scores],
                "findings": [f.as_dict() for f in report.findings],
            }
        )
        if not args.json:
            _print_report(source, topic, report, blocking)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    return 1 if failed else 0


def _print_report(source: Path, topic, report, blocking) -> None:
    from allprint.report import reading_table

    counts = f"{len(topic.sections)} sections, {len(topic.cards)} hand-written cards"
    print(f"{_shown(source)}: {counts}")
    print(reading_table(report.scores))
    for finding in report.findings:
        stream = sys.stderr if finding in blocking else sys.stdout
        label = "error" if finding in blocking else finding.severity
        print(f"{label}: {_shown(source)}: {finding}", file=stream)
    verdict = "NOT fit to print" if blocking else "ok: fit to print"
    print(
        f"{verdict}: {source}" + (" (as a marked draft)" if topic.review.status == "draft" else "")
    )


def _error(exc: UserError) -> None:
    for line in exc.text.splitlines():
        print(f"error: {line}", file=sys.stderr)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())

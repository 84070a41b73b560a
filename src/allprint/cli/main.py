"""Command line: parse arguments, call the library, turn user errors into messages.

This is the one place that prints and chooses exit codes (0 ok, 1 user error or a
topic not fit to print). A bug still raises with its traceback: hiding it would
hide the fix.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import NoReturn

from allprint.errors import UserError


def main(argv: Sequence[str] | None = None) -> int:
    # Past a file-size limit (ulimit -f) a write should fail with an error we can report,
    # not kill the process.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
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


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The `allprint` command (and `python build.py`): `main`, then exit.

    The cycle collector runs less often for the whole run (`collect_less_often`). Before
    exiting, the garbage of the run (WeasyPrint's layouts, a hundred thousand
    objects) is set aside rather than collected one by one: that took 0.3 s after every
    build, and the operating system frees the memory at once. Files are closed by then;
    the temporary folders are removed by exit handlers, which still run.
    """
    from allprint.pipeline.workers import collect_less_often

    collect_less_often()
    code = main(argv)
    gc.freeze()
    sys.exit(code)


def _parser() -> argparse.ArgumentParser:
    from allprint.render.layout import PAPERS

    parser = argparse.ArgumentParser(
        prog="allprint",
        description="Build printable patient handouts (PDF) and staff flashcards (Anki) "
        "from YAML topic sources.",
    )
    parser.add_argument(
        "--version",
        action=_Version,
        nargs=0,
        help="print the versions of allprint and of the libraries that make its files",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build PDFs and decks",
        description="Build the three tiered PDF handouts and the Anki deck of each source "
        "(default: every content/*.yaml of the project).",
    )
    _common(build)
    _writing(build, "write DIR/pamphlets and DIR/decks (default: the project folder)")
    _site_option(build)
    _print_options(build)
    build.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    _jobs(build)
    _watch_option(build, "then build again after each save of a topic, setting or template")
    build.set_defaults(run=_run_build)

    bundle = commands.add_parser(
        "bundle",
        help="make one zip for a site: every handout and deck, phone pages, checksums",
        description="Build every topic in every print variant (on both paper sizes, or the "
        "one --paper names), a phone-readable page per handout, the decks, an index.html and "
        "SHA256SUMS, into DIR/allprint-bundle.zip.",
    )
    _common(bundle)
    _writing(bundle, "write DIR/allprint-bundle.zip (default: dist/ in the project folder)")
    _site_option(bundle)
    bundle.add_argument(
        "--paper",
        choices=PAPERS,
        help="only this paper size, for a smaller bundle (default: both A4 and US Letter)",
    )
    bundle.add_argument("--force", action="store_true", help="remake even what is up to date")
    _jobs(bundle)
    bundle.set_defaults(run=_run_bundle)

    html = commands.add_parser(
        "html",
        help="the HTML handed to WeasyPrint for one handout",
        description="Print (or with -o, save) the exact HTML that is laid out as the PDF "
        "of one handout, for working on templates in a browser and for benchmarks. (A "
        "one-sheet that runs over its sheet is laid out again from this HTML with the "
        "class closer-1, then closer-2, on <html>: its lines set closer.)",
    )
    html.add_argument("source", type=Path, metavar="SOURCE", help="topic YAML file")
    html.add_argument("--tier", required=True, choices=TIER_CHOICES)
    which = html.add_mutually_exclusive_group()
    which.add_argument("--essentials", action="store_true", help="the one-sheet handout")
    which.add_argument("--tools", action="store_true", help="the parent's fill-in pages")
    html.add_argument(
        "--language",
        metavar="LANG",
        help="in the language of translations/ID/LANG.po (e.g. es); untranslated entries "
        "show in English",
    )
    html.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write FILE, with a <base> so that it opens styled from any folder",
    )
    _site_option(html)
    _watch_option(html, "with -o: write the file again after each save (keep it open in a browser)")
    _print_options(html)
    _as_of(html)
    _project(html)
    html.set_defaults(run=_run_html)

    new = commands.add_parser(
        "new",
        help="start a new topic: content/ID.yaml, a draft with every block to fill in",
        description="Write content/ID.yaml in the project: a draft topic with every block "
        "each reader's handout needs and a comment on each key, and content/topic.schema.json "
        "so that editors (VS Code with the YAML extension, and others) complete and check "
        "keys offline. An existing file is never overwritten.",
    )
    new.add_argument("id", metavar="ID", help="topic id, e.g. sickle-cell-disease")
    new.add_argument("--title", help='the topic\'s name, e.g. "Sickle cell disease"')
    _project(new)
    new.set_defaults(run=_run_new)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a topic source, for editors and tools",
        description="Print the JSON Schema that a topic source follows.",
    )
    schema.add_argument(
        "--markdown", action="store_true", help="a reference of every key, for people"
    )
    schema.set_defaults(run=_run_schema)

    check = commands.add_parser(
        "check",
        help="validate sources and check they are fit to print; writes nothing",
        description="Validate topic sources (every problem, with its line), then measure the "
        "reading level of each tier and check required blocks, review status and sources.",
    )
    _common(check)
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    _site_option(check)
    check.set_defaults(run=_run_check)

    translate = commands.add_parser(
        "translate",
        help="gettext catalogues for translators: extract the strings, update catalogues",
        description="extract: write translations/ID/ID.pot, every translatable string of "
        "each topic with its context and source line. update: extract, then merge the "
        "template into every translations/ID/LANG.po (new entries empty, entries whose "
        "English changed marked fuzzy, as msgmerge does). Translators use Poedit, Weblate "
        "or any PO editor; a build then makes each language's deck once its catalogue is "
        "complete.",
    )
    translate.add_argument("action", choices=("extract", "update"))
    translate.add_argument("sources", nargs="*", type=Path, metavar="SOURCE")
    _project(translate)
    translate.set_defaults(run=_run_translate)

    lock = commands.add_parser(
        "lock",
        help="repair a deck lock after a git merge conflict",
        description="A deck lock (content/ID.deck-lock.json) records when each card last "
        "changed, so that Anki takes corrected cards. After a git merge conflict, --repair "
        "keeps every card of both sides, each with the newer time, and writes the file whole.",
    )
    lock.add_argument("file", metavar="FILE", type=Path, help="the deck lock to repair")
    lock.add_argument("--repair", action="store_true", required=True, help="repair FILE")
    lock.set_defaults(run=_run_lock)
    return parser


TIER_CHOICES = ("child", "parent", "clinician")


class _Version(argparse.Action):
    """`--version`: what a bug report needs, since these decide the bytes of every file."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import version

        from allprint.render.engine import weasyprint

        pango = weasyprint.text.ffi.pango

        number = pango.pango_version()
        pango_version = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
        print(f"allprint {version('allprint')}")
        print(f"WeasyPrint {version('weasyprint')}, Pango {pango_version}")
        print(f"genanki {version('genanki')}")
        parser.exit()


def _print_options(command: argparse.ArgumentParser) -> None:
    from allprint.render.layout import PAPERS, PDF_VARIANTS

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


def _project(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="the project folder (default: the nearest folder, from here up, holding "
        "allprint.toml; else the current folder)",
    )


def _watch_option(command: argparse.ArgumentParser, text: str) -> None:
    command.add_argument("--watch", action="store_true", help=text + "; Ctrl-C stops")


def _watched(args: argparse.Namespace, sources: list[Path], whole: bool) -> list[Path]:
    """What a watch looks at: the topics with their deck locks and catalogues
    (`translations/<id>/`: `.po`, `.terms`, deck locks), the project's settings, the site
    file, the templates. For the `whole` project, all of `content/` and `translations/`, so
    that a topic or catalogue added while watching is built too."""
    from allprint.editions.deck_lock import lock_path
    from allprint.paths import TEMPLATES_DIR
    from allprint.translation.translate import TRANSLATIONS, catalogue_folder

    project = _project_of(args)
    site = [args.site] if getattr(args, "site", None) else []
    topics = [project.content_dir, project.root / TRANSLATIONS]
    if not whole:
        topics = [
            path
            for source in sources
            for path in (source, lock_path(source), catalogue_folder(source))
        ]
    return [*topics, project.config_file, *site, TEMPLATES_DIR]


def _locks(sources: list[Path]) -> list[Path]:
    """The deck locks a build writes: beside each source, and beside each catalogue."""
    from allprint.editions.deck_lock import lock_path
    from allprint.translation.translate import catalogues_for

    translated = [lock_path(po) for source in sources for po in catalogues_for(source)]
    return [*(lock_path(source) for source in sources), *translated]


def _keep_watching(
    args: argparse.Namespace, sources: Callable[[], list[Path]], again, whole: bool = False
) -> int:
    """Run `again` after each save of what `sources()` are made from (`_watched`)."""
    from allprint.pipeline.watch import watch

    sys.stdout.reconfigure(line_buffering=True)  # each line shows as it happens, even in a pipe

    def rerun(changed: set[Path]) -> None:
        print(f"changed: {', '.join(sorted(_shown(p) for p in changed))}")
        try:
            again()
        except UserError as exc:  # a half-typed file: say so and keep watching
            _error(exc)

    def locks() -> list[Path]:
        try:
            return _locks(sources())
        except UserError:  # no topic left: nothing of ours to tell from a save
            return []

    def ready() -> None:
        print("watching for changes (Ctrl-C stops)")

    watch(_watched(args, sources(), whole), rerun, own=locks, ready=ready)
    print("stopped watching")
    return 0


def _site_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--site",
        type=Path,
        metavar="FILE",
        help="build for the site in FILE.toml (its [site] numbers), into "
        "sites/<FILE>/ unless --out is given; no decks (default: [site] in allprint.toml)",
    )


def _jobs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes rendering PDFs (default: the number of cores)",
    )


def _writing(command: argparse.ArgumentParser, out_help: str) -> None:
    command.add_argument("--out", type=Path, metavar="DIR", help=out_help)
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
    _project(command)


def _options(args: argparse.Namespace, out_dir: Path, variants=()):
    """The library's options from the command line and the project's settings."""
    from allprint.pipeline.options import BuildOptions
    from allprint.render.layout import PrintOptions

    project = _project_of(args)
    site, site_file = _site_of(args)
    if site_file is not None:  # a site's own build never overwrites the project's
        out_dir = out_dir.parent if out_dir.name == "dist" else out_dir
        out_dir = out_dir / "sites" / site_file.stem
    return BuildOptions(
        out_dir=args.out if getattr(args, "out", None) else out_dir,
        allow_draft=getattr(args, "allow_draft", False),
        strict=args.strict,
        today=args.as_of,
        variants=tuple(variants) or (PrintOptions(),),
        force=getattr(args, "force", False),
        jobs=max(1, getattr(args, "jobs", 1)),
        settings=(project.config_file, *([site_file] if site_file else [])),
        site=site,
        decks=site_file is None,
    )


def _site_of(args: argparse.Namespace):
    """The site profile: `--site FILE`, else `[site]` in the project's allprint.toml."""
    from allprint.project.config import load_config, load_site

    if getattr(args, "site", None):
        return load_site(args.site), args.site
    return load_config(_project_of(args).config_file).site, None


def _project_of(args: argparse.Namespace):
    from allprint.project.folder import Project, find_project

    return Project(args.project.resolve()) if args.project else find_project()


def _sources(args: argparse.Namespace) -> list[Path]:
    if args.sources:
        return list(args.sources)
    project = _project_of(args)
    sources = project.sources()
    if not sources:
        raise UserError(
            f"no topic found in {_shown(project.content_dir)}: add content/<topic-id>.yaml "
            "(or run allprint in the project folder, or name a source file)"
        )
    return sources


def _run_build(args: argparse.Namespace) -> int:
    code = _build_once(args)
    if not args.watch:
        return code
    whole = not args.sources  # the project's topics, as many as there are each round
    return _keep_watching(args, lambda: _sources(args), lambda: _build_once(args), whole)


def _build_once(args: argparse.Namespace) -> int:
    from allprint.pipeline.build import build

    progress = _Progress()
    started = time.monotonic()
    options = _options(args, _project_of(args).root, [_print_choice(args)])
    report = build(_sources(args), options, on_result=_shower(progress), progress=progress)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    failed = report.failed
    # Built: something of it was made again; up to date: nothing needed to be.
    built = sum(1 for r in report.results if r.error is None and r.written)
    current = len(report.results) - len(failed) - built
    written = [o for r in report.results for o in r.written]
    size = sum(o.size for o in written) / 1024
    summary = (
        f"{built} topic(s) built, {current} up to date, {len(failed)} failed · "
        f"{len(written)} files written, {size:.0f} KB · {time.monotonic() - started:.1f} s"
    )
    progress.clear()
    print(summary, file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def _shower(progress: _Progress):
    """What to print as each topic is done."""

    def show(result) -> None:
        progress.clear()
        for finding in result.findings:
            where = finding.where(_shown(result.source))
            print(f"{finding.severity}: {where}: {finding}", file=sys.stderr)
        if result.error is not None:
            _error(result.error)
            print(f"failed: {_shown(result.source)} (nothing of it was written)", file=sys.stderr)
            return
        if not result.written:  # not even read, or read again and found the same
            print(f"up to date: {_shown(result.source)} ({len(result.outputs)} files)")
        for out in result.written:
            print(f"wrote {_shown(out.path)}  ({out.size / 1024:.0f} KB, {out.detail})")
        kept = len(result.outputs) - len(result.written)
        if kept and result.written:
            print(f"up to date: {kept} other file(s) of {_shown(result.source)}")
        if result.skipped:
            return
        grades = ", ".join(f"{g.tier} {g.fk:.1f}" for g in result.grades if g.fk is not None)
        if grades:
            print(f"reading grade (Flesch-Kincaid, whole handout): {grades}")

    return show


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
    from allprint.pipeline.bundle import make_bundle
    from allprint.render.layout import PAPERS

    progress = _Progress()
    options = _options(args, _project_of(args).root / "dist")
    # The PDFs `allprint build` (same options) made are taken from where it wrote them.
    options = replace(options, reuse=_options(args, _project_of(args).root).out_dir)
    quiet = _shower(progress)

    def show(result) -> None:  # a bundle lists its zip, not the files inside it
        if result.error is not None or result.findings:
            quiet(replace(result, outputs=[], grades=[], skipped=False))

    papers = (args.paper,) if args.paper else PAPERS
    report = make_bundle(_sources(args), options, show, progress, papers)
    progress.clear()
    if report.failed:
        print("no bundle written: fix the topics above first", file=sys.stderr)
        return 1
    total = sum(report.files.values())
    copied = sum(r.copied for r in report.results)
    taken = f"; {copied} PDFs taken from the last build" if copied else ""
    print(f"wrote {_shown(report.path)}  ({len(report.files)} files, {total / 1024:.0f} KB{taken})")
    return 0


def _run_html(args: argparse.Namespace) -> int:
    from allprint.pipeline.outputs import handout_html
    from allprint.pipeline.plan import PlannedOutput
    from allprint.pipeline.prepare import prepare
    from allprint.pipeline.write import write_atomic
    from allprint.render.html import templates_base_href

    site, _ = _site_of(args)
    prepared = prepare(args.source, args.as_of, site)
    document = "essentials" if args.essentials else "tools" if args.tools else "guide"
    if document == "tools" and args.tier != "parent":
        raise UserError("--tools: the fill-in pages are for parents; use --tier parent")

    def page(base_href: str | None) -> str:
        options = _print_choice(args)
        output = PlannedOutput(
            prepared.topic.id, "handout", args.tier, document, args.language, options
        )
        html = handout_html(prepared, output, site, base_href)  # an unknown language: stops
        status = prepared.edition_of(args.language).status or {}
        lacking = status.get((args.tier, document))
        if lacking is not None and not lacking.complete:
            print(
                f"note: {len(lacking.missing)} entries of {args.language}.po for this "
                "handout are not translated: shown in English (a build makes no PDF of "
                "it until they are)",
                file=sys.stderr,
            )
        return html

    if args.output is None:
        if args.watch:
            raise UserError("--watch needs -o FILE: the file to write again after each save")
        sys.stdout.write(page(None))
        return 0

    def write() -> None:
        nonlocal prepared
        prepared = prepare(args.source, args.as_of, site)
        write_atomic(args.output, page(templates_base_href()).encode())
        print(f"wrote {_shown(args.output)}")

    write()
    return _keep_watching(args, lambda: [args.source], write) if args.watch else 0


def _print_choice(args: argparse.Namespace):
    from allprint.project.config import load_config
    from allprint.render.layout import PrintOptions

    return PrintOptions(
        paper=args.paper or load_config(_project_of(args).config_file).paper,
        booklet=args.layout == "booklet",
        large_print=args.large_print,
        pdf_variant=args.pdf_variant,
    )


def _run_new(args: argparse.Namespace) -> int:
    from allprint.project.scaffold import new_topic

    project = _project_of(args)
    path = new_topic(project.content_dir, args.id, args.title, dt.date.today())
    shown = _shown(path)
    print(f"wrote {shown}: fill in the [bracketed] text, then run allprint check {shown}")
    return 0


def _run_schema(args: argparse.Namespace) -> int:
    from allprint.project.scaffold import generate_schema, source_format_markdown

    sys.stdout.write(source_format_markdown() if args.markdown else generate_schema())
    return 0


def _run_translate(args: argparse.Namespace) -> int:
    from allprint.translation.translate import extract, update

    for source in _sources(args):
        root = source.resolve().parent.parent  # translations/ is beside content/
        if args.action == "extract":
            path, count = extract(source, root)
            print(f"wrote {_shown(path)}: {count} entries")
            continue
        results = update(source, root)
        if not results:
            print(f"no catalogue to update for {_shown(source)} (add translations/ID/LANG.po)")
        for path, new, fuzzy, obsolete in results:
            print(f"updated {_shown(path)}: {new} new, {fuzzy} fuzzy, {obsolete} obsolete")
    return 0


def _run_lock(args: argparse.Namespace) -> int:
    from allprint.editions.deck_lock import repair
    from allprint.pipeline.write import write_atomic

    lock, conflicts = repair(args.file)
    if conflicts == 0:
        print(f"{_shown(args.file)}: no merge conflict; left as it is")
        return 0
    try:
        write_atomic(args.file, lock.to_text().encode())
    except OSError as exc:
        raise UserError(f"{args.file}: cannot write: {exc.strerror}") from None
    print(
        f"repaired {_shown(args.file)}: {conflicts} conflict(s) resolved, "
        f"{len(lock.entries)} cards kept; commit it"
    )
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from allprint.pipeline.check import check

    results = check(_sources(args), _options(args, _project_of(args).root))
    if args.json:
        print(json.dumps([_check_json(r) for r in results], indent=2, ensure_ascii=False))
    else:
        for r in results:
            if r.error is not None:
                _error(r.error)
            else:
                _print_report(r.prepared, r.blocking)
    return 0 if all(r.ok for r in results) else 1


def _check_json(result) -> dict:
    if result.error is not None:
        return {"source": str(result.source), "ok": False, "errors": result.error.text.splitlines()}
    from allprint.translation.translated import translation_rows

    prepared = result.prepared
    rows = translation_rows(prepared.topic, prepared.handouts, prepared.translations)
    return {
        "source": str(result.source),
        "ok": result.ok,
        "scores": [s.as_dict() for s in prepared.fit.scores],
        "findings": [f.as_dict() for f in prepared.fit.findings],
        "translations": [asdict(row) for row in rows],
    }


def _print_report(prepared, blocking) -> None:
    from allprint.cli.report import reading_table, translation_table
    from allprint.translation.translated import translation_rows

    source, topic, report = prepared.source, prepared.topic, prepared.fit
    counts = f"{len(topic.sections)} sections, {len(topic.cards)} hand-written cards"
    print(f"{_shown(source)}: {counts}")
    print(reading_table(report.scores))
    if rows := translation_rows(topic, prepared.handouts, prepared.translations):
        print(translation_table(rows))
    for finding in report.findings:
        stream = sys.stderr if finding in blocking else sys.stdout
        label = "error" if finding in blocking else finding.severity
        print(f"{label}: {finding.where(_shown(source))}: {finding}", file=stream)
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
    run()

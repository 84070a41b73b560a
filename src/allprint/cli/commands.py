"""Each command: turn its arguments into a call of the library, and print what it made."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import asdict, replace

from allprint.cli.arguments import print_choice, project_of, run_options, site_of, sources_of
from allprint.cli.messages import print_error, shown
from allprint.cli.progress import BuildProgress, shower
from allprint.cli.sites import site_runs
from allprint.cli.watching import keep_watching
from allprint.errors import UserError


def run_build(args: argparse.Namespace) -> int:
    code = build_once(args)
    if not args.watch:
        return code
    whole = not args.sources  # the project's topics, as many as there are each round
    return keep_watching(args, lambda: sources_of(args), lambda: build_once(args), whole)


def build_once(args: argparse.Namespace) -> int:
    from allprint.pipeline.build import build_all

    progress = BuildProgress()
    started = time.monotonic()
    runs, broken = site_runs(args, project_of(args).root, [print_choice(args)])
    for error in broken:  # a site file that cannot be read: that site only
        print_error(error)
    reports = build_all(sources_of(args), runs, on_result=shower(progress), progress=progress)
    for warning in dict.fromkeys(w for report in reports for w in report.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    results = [r for report in reports for r in report.results]
    failed = [r for r in results if r.error is not None]
    # Built: something of it was made again; up to date: nothing needed to be.
    built = sum(1 for r in results if r.error is None and r.written)
    current = len(results) - len(failed) - built
    written = [o for r in results for o in r.written]
    size = sum(o.size for o in written) / 1024
    sites = f"{len(runs) - 1} site(s), " if len(runs) > 1 else ""
    sites += f"{len(broken)} site file(s) broken, " if broken else ""
    summary = (
        f"{sites}{built} topic(s) built, {current} up to date, {len(failed)} failed · "
        f"{len(written)} files written, {size:.0f} KB · {time.monotonic() - started:.1f} s"
    )
    progress.clear()
    print(summary, file=sys.stderr if failed or broken else sys.stdout)
    return 1 if failed or broken else 0


def run_bundle(args: argparse.Namespace) -> int:
    from allprint.pipeline.bundle import make_bundle, make_bundles
    from allprint.render.layout import PAPERS

    progress = BuildProgress()
    runs, broken = site_runs(args, project_of(args).root / "dist", bundle=True)
    for error in broken:  # a site file that cannot be read: that site only
        print_error(error)
    quiet = shower(progress)

    def show(result) -> None:  # a bundle lists its zip, not the files inside it
        if result.error is not None or result.findings:
            quiet(replace(result, outputs=[], grades=[], skipped=False))

    papers = (args.paper,) if args.paper else PAPERS
    if len(runs) > 1:  # a network: a zip per site, and an index of them
        reports = make_bundles(sources_of(args), runs, show, progress, papers)
        progress.clear()
        for report in reports:
            if report.failed:
                print(f"no bundle written for {shown(report.path.parent)}", file=sys.stderr)
            else:
                _wrote(report)
        print(f"wrote {shown(runs[0].out_dir / 'index.html')}")
        return 1 if broken or any(r.failed for r in reports) else 0
    # The PDFs `allprint build` (same options) made are taken from where it wrote them.
    options = replace(runs[0], reuse=run_options(args, project_of(args).root).out_dir)
    report = make_bundle(sources_of(args), options, show, progress, papers)
    progress.clear()
    if report.failed:
        print("no bundle written: fix the topics above first", file=sys.stderr)
        return 1
    _wrote(report)
    return 0


def _wrote(report) -> None:
    total = sum(report.files.values())
    copied = sum(r.copied for r in report.results)
    taken = f"; {copied} PDFs taken from the last build" if copied else ""
    print(f"wrote {shown(report.path)}  ({len(report.files)} files, {total / 1024:.0f} KB{taken})")


def run_html(args: argparse.Namespace) -> int:
    from allprint.pipeline.outputs import handout_html
    from allprint.pipeline.plan import PlannedOutput
    from allprint.pipeline.prepare import prepare
    from allprint.pipeline.write import write_atomic
    from allprint.render.html import templates_base_href

    site, _ = site_of(args)
    prepared = prepare(args.source, args.as_of, site)
    document = "essentials" if args.essentials else "tools" if args.tools else "guide"
    if document == "tools" and args.tier != "parent":
        raise UserError("--tools: the fill-in pages are for parents; use --tier parent")

    def page(base_href: str | None) -> str:
        options = print_choice(args)
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
        print(f"wrote {shown(args.output)}")

    write()
    return keep_watching(args, lambda: [args.source], write) if args.watch else 0


def run_new(args: argparse.Namespace) -> int:
    from allprint.project.scaffold import new_topic

    project = project_of(args)
    path = new_topic(project.content_dir, args.id, args.title, dt.date.today())
    name = shown(path)
    print(f"wrote {name}: fill in the [bracketed] text, then run allprint check {name}")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from allprint.project.scaffold import generate_schema, source_format_markdown

    sys.stdout.write(source_format_markdown() if args.markdown else generate_schema())
    return 0


def run_translate(args: argparse.Namespace) -> int:
    from allprint.translation.extract import extract, update

    if args.action == "status":
        return translation_status(sources_of(args))
    for source in sources_of(args):
        root = source.resolve().parent.parent  # translations/ is beside content/
        if args.action == "extract":
            path, count = extract(source, root)
            print(f"wrote {shown(path)}: {count} entries")
            continue
        results = update(source, root)
        if not results:
            print(f"no catalogue to update for {shown(source)} (add translations/ID/LANG.po)")
        for path, new, fuzzy, obsolete in results:
            print(f"updated {shown(path)}: {new} new, {fuzzy} fuzzy, {obsolete} obsolete")
    return 0


def translation_status(sources: list) -> int:
    """Each translated output of each topic, and every entry it lacks at its lines."""
    from allprint.pipeline.prepare import prepare
    from allprint.translation.status import po_paths, status_lines
    from allprint.translation.translated import translation_rows

    failed = False
    for source in sources:
        try:
            prepared = prepare(source, dt.date.today())
        except UserError as exc:
            print_error(exc)
            failed = True
            continue
        rows = translation_rows(prepared.topic, prepared.handouts, prepared.translations)
        print(f"{shown(source)}:" + ("" if rows else " no catalogue (translations/ID/LANG.po)"))
        for line in status_lines(rows, po_paths(prepared.handouts)):
            print(line)
    return 1 if failed else 0


def run_lock(args: argparse.Namespace) -> int:
    from allprint.editions.deck_lock import repair
    from allprint.pipeline.write import write_atomic

    lock, conflicts = repair(args.file)
    if conflicts == 0:
        print(f"{shown(args.file)}: no merge conflict; left as it is")
        return 0
    try:
        write_atomic(args.file, lock.to_text().encode())
    except OSError as exc:
        raise UserError(f"{shown(args.file)}: cannot write: {exc.strerror}") from None
    print(
        f"repaired {shown(args.file)}: {conflicts} conflict(s) resolved, "
        f"{len(lock.entries)} cards kept; commit it"
    )
    return 0


def run_check(args: argparse.Namespace) -> int:
    from allprint.pipeline.check import check

    results = check(sources_of(args), run_options(args, project_of(args).root))
    if args.json:
        print(json.dumps([check_json(r) for r in results], indent=2, ensure_ascii=False))
    else:
        for r in results:
            if r.error is not None:
                print_error(r.error)
            else:
                print_report(r.prepared, r.blocking)
    return 0 if all(r.ok for r in results) else 1


def check_json(result) -> dict:
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


def print_report(prepared, blocking) -> None:
    from allprint.cli.report import reading_table, translation_table
    from allprint.translation.translated import translation_rows

    source, topic, report = prepared.source, prepared.topic, prepared.fit
    counts = f"{len(topic.sections)} sections, {len(topic.cards)} hand-written cards"
    print(f"{shown(source)}: {counts}")
    print(reading_table(report.scores))
    if rows := translation_rows(topic, prepared.handouts, prepared.translations):
        print(translation_table(rows))
    for finding in report.findings:
        stream = sys.stderr if finding in blocking else sys.stdout
        label = "error" if finding in blocking else finding.severity
        print(f"{label}: {finding.where(shown(source))}: {finding}", file=stream)
    print(_verdict(shown(source), blocking, topic.review.status == "draft"))


def _verdict(source: str, blocking: list, draft: bool) -> str:
    """The last line of a check: fit or not, and why not (what counted, under --strict)."""
    if not blocking:
        return f"ok: fit to print: {source}" + (
            " (as a draft: every page says DRAFT until it is reviewed)" if draft else ""
        )
    warned = sum(1 for f in blocking if f.severity == "warning")
    errors = len(blocking) - warned
    why = [f"{errors} error(s)"] if errors else []
    if warned:
        why.append(f"{warned} warning(s) that fail under --strict")
    return f"NOT fit to print: {source}: {', and '.join(why)} (shown above as errors)"

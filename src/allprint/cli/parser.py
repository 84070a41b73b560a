"""The command line's grammar: every command, option and help text."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from allprint.cli.arguments import worker_count
from allprint.cli.commands import (
    run_build,
    run_bundle,
    run_check,
    run_html,
    run_lock,
    run_new,
    run_schema,
    run_translate,
)


def build_parser() -> argparse.ArgumentParser:
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
    _build_command(commands)
    _bundle_command(commands)
    _html_command(commands)
    _new_command(commands)
    _schema_command(commands)
    _check_command(commands)
    _translate_command(commands)
    _lock_command(commands)
    return parser


def _build_command(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser(
        "build",
        help="build PDFs and decks",
        description="Build the three tiered PDF handouts and the Anki deck of each source "
        "(default: every content/*.yaml of the project).",
    )
    _common(build)
    _writing(build, "write DIR/pamphlets and DIR/decks (default: the project folder)")
    _site_option(build, "build")
    _print_options(build)
    build.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    _jobs(build)
    _watch_option(build, "then build again after each save of a topic, setting or template")
    build.set_defaults(run=run_build)


def _bundle_command(commands: argparse._SubParsersAction) -> None:
    from allprint.render.layout import PAPERS

    bundle = commands.add_parser(
        "bundle",
        help="make one zip for a site: every handout and deck, phone pages, checksums",
        description="Build every topic in every print variant (on both paper sizes, or the "
        "one --paper names), a phone-readable page per handout, the decks, an index.html and "
        "SHA256SUMS, into DIR/allprint-bundle.zip.",
    )
    _common(bundle)
    _writing(bundle, "write DIR/allprint-bundle.zip (default: dist/ in the project folder)")
    _site_option(bundle, "bundle")
    bundle.add_argument(
        "--paper",
        choices=PAPERS,
        help="only this paper size, for a smaller bundle (default: both A4 and US Letter)",
    )
    bundle.add_argument("--force", action="store_true", help="remake even what is up to date")
    _jobs(bundle)
    bundle.set_defaults(run=run_bundle)


def _html_command(commands: argparse._SubParsersAction) -> None:
    html = commands.add_parser(
        "html",
        help="the HTML handed to WeasyPrint for one handout",
        description="Print (or with -o, save) the exact HTML that is laid out as the PDF "
        "of one handout, for working on templates in a browser and for benchmarks. (A "
        "one-sheet that runs over its sheet, or a guide whose page 1 does not hold the call "
        "box's numbers and emergency signs, is laid out again from this HTML with the class "
        "closer-1, then closer-2, on <html>: its lines, or page 1's, set closer.)",
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
    _site_option(html, "html")
    _watch_option(html, "with -o: write the file again after each save (keep it open in a browser)")
    _print_options(html)
    _as_of(html)
    _project(html)
    html.set_defaults(run=run_html)


def _new_command(commands: argparse._SubParsersAction) -> None:
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
    new.set_defaults(run=run_new)


def _schema_command(commands: argparse._SubParsersAction) -> None:
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a topic source, for editors and tools",
        description="Print the JSON Schema that a topic source follows.",
    )
    schema.add_argument(
        "--markdown", action="store_true", help="a reference of every key, for people"
    )
    schema.set_defaults(run=run_schema)


def _check_command(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check",
        help="validate sources and check they are fit to print; writes nothing",
        description="Validate topic sources (every problem, with its line), then measure the "
        "reading level of each tier and check required blocks, review status and sources.",
    )
    _common(check)
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    _site_option(check, "check")
    check.set_defaults(run=run_check)


def _translate_command(commands: argparse._SubParsersAction) -> None:
    translate = commands.add_parser(
        "translate",
        help="gettext catalogues for translators: extract the strings, update catalogues, "
        "list what each translated output lacks",
        description="extract: write translations/ID/ID.pot, every translatable string of "
        "each topic with its context and source line. update: extract, then merge the "
        "template into every translations/ID/LANG.po (new entries empty, entries whose "
        "English changed marked fuzzy, as msgmerge does). Translators use Poedit, Weblate "
        "or any PO editor; a build then makes each language's deck once its catalogue is "
        "complete. status: for each translated output, whether a build makes it, and "
        "every entry it lacks (missing, or fuzzy: its English changed) with its line in "
        "the .po file and in the source; writes nothing.",
    )
    translate.add_argument("action", choices=("extract", "update", "status"))
    translate.add_argument("sources", nargs="*", type=Path, metavar="SOURCE")
    _project(translate)
    translate.set_defaults(run=run_translate)


def _lock_command(commands: argparse._SubParsersAction) -> None:
    lock = commands.add_parser(
        "lock",
        help="repair a deck lock after a git merge conflict",
        description="A deck lock (content/ID.deck-lock.json) records when each card last "
        "changed, so that Anki takes corrected cards. After a git merge conflict, --repair "
        "keeps every card of both sides, each with the newer time, and writes the file whole.",
    )
    lock.add_argument("file", metavar="FILE", type=Path, help="the deck lock to repair")
    lock.add_argument("--repair", action="store_true", required=True, help="repair FILE")
    lock.set_defaults(run=run_lock)


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


def _site_option(command: argparse.ArgumentParser, use: str) -> None:
    """`--site`; `use`: what the command does with it (only build and bundle write, and
    they take many sites)."""
    if use in ("build", "bundle"):
        command.add_argument(
            "--site",
            type=Path,
            action="append",
            metavar="FILE",
            help="for the site in FILE.toml (its [site] numbers), into sites/<FILE>/; a "
            "folder of *.toml or a glob for many sites, and it may be given again; the decks "
            "once, into the project folder or --out (default: [site] in allprint.toml)",
        )
        return
    texts = {
        "check": "check the topics as they print for the site in FILE.toml (its [site] "
        "numbers), and check that file; writes nothing",
        "html": "show the handout as it prints for the site in FILE.toml (its [site] numbers)",
    }
    help_text = texts[use] + " (default: [site] in allprint.toml)"
    command.add_argument("--site", type=Path, metavar="FILE", help=help_text)


def _jobs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs",
        type=worker_count,
        default=None,
        metavar="N",
        help="worker processes rendering PDFs (default: $ALLPRINT_JOBS, else the number of cores)",
    )
    command.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="lay out the PDFs on the Dask cluster of this scheduler, e.g. tcp://HOST:8786 "
        "(pip install 'allprint[dask]'; default: [build] scheduler in allprint.toml, else "
        "--jobs local workers)",
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

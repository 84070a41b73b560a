"""Command line: parse arguments, call the library, turn user errors into messages.

This is the one place that prints and chooses exit codes (0 ok, 1 user error).
A bug still raises with its traceback: hiding it would hide the fix.
"""

from __future__ import annotations

import argparse
import sys
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
        print(
            "interrupted: outputs already written are complete; others untouched", file=sys.stderr
        )
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
    build.add_argument("sources", nargs="*", type=Path, metavar="SOURCE", help="topic YAML files")
    build.add_argument(
        "--out",
        type=Path,
        default=PROJECT_ROOT,
        metavar="DIR",
        help="write DIR/pamphlets and DIR/decks (default: the project folder)",
    )
    build.set_defaults(run=_run_build)

    check = commands.add_parser(
        "check",
        help="validate sources without writing anything",
        description="Validate topic sources and report every problem with its line.",
    )
    check.add_argument("sources", nargs="*", type=Path, metavar="SOURCE", help="topic YAML files")
    check.set_defaults(run=_run_check)
    return parser


def _sources(args: argparse.Namespace) -> list[Path]:
    from allprint.build import default_sources

    return list(args.sources) or default_sources()


def _run_build(args: argparse.Namespace) -> int:
    from allprint.build import TopicResult, build

    def show(result: TopicResult) -> None:
        if result.error is not None:
            _error(result.error)
            print(f"failed: {result.source} (nothing of it was written)", file=sys.stderr)
            return
        for out in result.outputs:
            print(f"wrote {_shown(out.path)}  ({out.size / 1024:.0f} KB, {out.detail})")

    report = build(_sources(args), args.out, on_result=show)
    failed = [r for r in report.results if r.error is not None]
    built = len(report.results) - len(failed)
    print(
        f"{built} topic(s) built, {len(failed)} failed", file=sys.stderr if failed else sys.stdout
    )
    return 1 if failed else 0


def _run_check(args: argparse.Namespace) -> int:
    from allprint.loader import load_topic

    failed = 0
    for source in _sources(args):
        try:
            topic = load_topic(source)
        except UserError as exc:
            _error(exc)
            failed += 1
            continue
        print(
            f"ok: {source} ({len(topic.sections)} sections, {len(topic.cards)} hand-written cards)"
        )
    return 1 if failed else 0


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

"""`--watch`: what a watch looks at, and running again on each save."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from allprint.cli.arguments import project_of
from allprint.cli.messages import print_error, shown
from allprint.errors import UserError


def _watched(args: argparse.Namespace, sources: list[Path], whole: bool) -> list[Path]:
    """What a watch looks at: the topics with their deck locks and catalogues
    (`translations/<id>/`: `.po`, `.terms`, deck locks), the project's settings, the site
    file, the templates. For the `whole` project, all of `content/` and `translations/`, so
    that a topic or catalogue added while watching is built too."""
    from allprint.editions.deck_lock import lock_path
    from allprint.paths import TEMPLATES_DIR
    from allprint.translation.catalogue import TRANSLATIONS, catalogue_folder

    project = project_of(args)
    given = getattr(args, "site", None) or []
    site = list(given) if isinstance(given, list) else [given]  # build: a list of sites
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
    from allprint.translation.catalogue import catalogues_for

    translated = [lock_path(po) for source in sources for po in catalogues_for(source)]
    return [*(lock_path(source) for source in sources), *translated]


def keep_watching(
    args: argparse.Namespace, sources: Callable[[], list[Path]], again, whole: bool = False
) -> int:
    """Run `again` after each save of what `sources()` are made from (`_watched`)."""
    from allprint.pipeline.watch import watch

    sys.stdout.reconfigure(line_buffering=True)  # each line shows as it happens, even in a pipe

    def rerun(changed: set[Path]) -> None:
        print(f"changed: {', '.join(sorted(shown(p) for p in changed))}")
        try:
            again()
        except UserError as exc:  # a half-typed file: say so and keep watching
            print_error(exc)

    def locks() -> list[Path]:
        try:
            return _locks(sources())
        except UserError:  # no topic left: nothing of ours to tell from a save
            return []

    def ready() -> None:
        print("watching for changes (Ctrl-C stops)")

    try:
        watch(_watched(args, sources(), whole), rerun, own=locks, ready=ready)
    except KeyboardInterrupt:  # Ctrl-C during a round: the files it wrote are whole
        print("stopped watching (in the middle of a round: the files it wrote are complete)")
        return 130
    print("stopped watching")
    return 0

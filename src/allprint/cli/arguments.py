"""What the arguments name: the project, its sources, its site, the print options of a run."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from allprint.cli.messages import shown
from allprint.errors import UserError


def run_options(args: argparse.Namespace, out_dir: Path, variants=()):
    """The library's options from the command line and the project's settings, for one
    run: the project's own site (`[site]` in allprint.toml) or the one site file given
    (to `check`; where sites' builds go is `cli/sites.py`'s)."""
    from allprint.pipeline.options import BuildOptions
    from allprint.project.config import load_config
    from allprint.render.layout import PrintOptions

    project = project_of(args)
    site, site_file = site_of(args)
    scheduler = getattr(args, "scheduler", None) or load_config(project.config_file).scheduler
    return BuildOptions(
        out_dir=args.out if getattr(args, "out", None) else out_dir,
        allow_draft=getattr(args, "allow_draft", False),
        strict=args.strict,
        today=args.as_of,
        variants=tuple(variants) or (PrintOptions(),),
        force=getattr(args, "force", False),
        jobs=_jobs(getattr(args, "jobs", 1)),
        settings=(project.config_file, *([site_file] if site_file else [])),
        site=site,
        decks=site_file is None,
        store=pdf_store(),
        scheduler=scheduler,
    )


def site_of(args: argparse.Namespace):
    """The site profile: `--site FILE`, else `[site]` in the project's allprint.toml."""
    from allprint.project.config import load_config, load_site

    if getattr(args, "site", None):
        return load_site(args.site), args.site
    return load_config(project_of(args).config_file).site, None


def project_of(args: argparse.Namespace):
    from allprint.project.folder import Project, find_project

    return Project(args.project.resolve()) if args.project else find_project()


def sources_of(args: argparse.Namespace) -> list[Path]:
    if args.sources:
        return list(args.sources)
    project = project_of(args)
    sources = project.sources()
    if not sources:
        raise UserError(
            f"no topic found in {shown(project.content_dir)}: add content/<topic-id>.yaml "
            "(or run allprint in the project folder, or name a source file)"
        )
    return sources


def print_choice(args: argparse.Namespace):
    from allprint.project.config import load_config
    from allprint.render.layout import PrintOptions

    return PrintOptions(
        paper=args.paper or load_config(project_of(args).config_file).paper,
        booklet=args.layout == "booklet",
        large_print=args.large_print,
        pdf_variant=args.pdf_variant,
    )


def pdf_store() -> Path | None:
    """ALLPRINT_STORE: a folder where builds of any project keep the PDFs they make and
    take those made before from the same inputs (a CI runner's cache, a network's builds)."""
    value = os.environ.get("ALLPRINT_STORE", "").strip()
    return Path(value).expanduser() if value else None


def _jobs(given: int | None) -> int:
    return default_jobs() if given is None else given


def default_jobs() -> int:
    """ALLPRINT_JOBS, for machines where something else already uses the cores (a CI
    runner, a shared server); else one worker per core."""
    value = os.environ.get("ALLPRINT_JOBS", "").strip()
    if not value:
        return os.cpu_count() or 1
    try:
        return worker_count(value)
    except argparse.ArgumentTypeError as exc:
        raise UserError(f"ALLPRINT_JOBS: {exc}; unset it or give a whole number") from None


def worker_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers (1 or more)")
    return count

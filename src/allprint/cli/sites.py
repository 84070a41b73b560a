"""Many sites in one run: the site files the command line names, and the runs they make.

`--site` may name a file, a folder of `*.toml` profiles, or a glob, and may be given
more than once. Each site's handouts go to `sites/<name>/` (its file's name), the decks
once to the run's own folder. A broken site file stops that site only.
"""

from __future__ import annotations

import argparse
import glob
from dataclasses import replace
from pathlib import Path

from allprint.cli.arguments import project_of, run_options
from allprint.errors import UserError

SITES = "sites"


def site_files(args: argparse.Namespace) -> list[Path]:
    """Every site file named, in order; two of one name (one output folder) refused."""
    files: list[Path] = []
    for given in args.site or ():
        if given.is_dir():
            found = sorted(given.glob("*.toml"))
            if not found:
                raise UserError(f"{given}: no site file (*.toml) in this folder")
            files += found
        elif not given.exists() and glob.has_magic(str(given)):
            found = sorted(Path(p) for p in glob.glob(str(given)))
            if not found:
                raise UserError(f"{given}: no site file matches")
            files += found
        else:
            files.append(given)
    owners: dict[str, Path] = {}
    for path in dict.fromkeys(files):
        other = owners.setdefault(path.stem, path)
        if other != path:
            raise UserError(
                f"{path}: a site named '{path.stem}' is given twice ({other} too): both would "
                f"write to {SITES}/{path.stem}/ (rename one of the files)"
            )
    return list(owners.values())


def site_runs(
    args: argparse.Namespace, root: Path, variants=(), bundle: bool = False
) -> tuple[list, list[UserError]]:
    """The runs of a command: one without `--site` (the project's own, as before); with
    sites, the decks once into `root` and each site's handouts into its folder. Also the
    site files that cannot be read, each stopping its site only.

    A bundle's sites go to `root/<name>/`, and take what `build` made in
    `sites/<name>/`."""
    from allprint.project.config import load_site

    files = site_files(args)
    if not files:
        return [run_options(args, root, variants)], []
    one = argparse.Namespace(**{**vars(args), "site": None})
    base = run_options(one, root, variants)
    base = replace(base, out_dir=args.out or root, site=None)
    built = project_of(args).root if bundle else None  # where `build` wrote the decks
    runs = [replace(base, handouts=False, reuse=built)]
    broken = []
    for path in files:
        try:
            site = load_site(path)
        except UserError as exc:
            broken.append(exc)
            continue
        out = base.out_dir / path.stem if bundle else base.out_dir / SITES / path.stem
        runs.append(
            replace(
                base,
                out_dir=out,
                site=site,
                decks=False,
                settings=(*base.settings, path),
                reuse=project_of(args).root / SITES / path.stem if bundle else None,
            )
        )
    if not runs[1:]:  # not one site could be read: nothing to build
        raise UserError("\n".join(e.text for e in broken))
    return runs, broken

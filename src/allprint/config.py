"""Project settings from `allprint.toml` in the project folder (all optional).

[build]
paper = "letter"   # default paper size: "a4" (the default) or "letter"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from allprint.errors import Problem, UserError
from allprint.layout import PAPERS, Paper


@dataclass(frozen=True)
class Config:
    paper: Paper = "a4"


def load_config(path: Path) -> Config:
    if not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError([Problem(path, f"not valid TOML: {exc}")]) from None
    build = data.get("build", {})
    unknown = (set(data) - {"build"}) | (set(build) - {"paper"})
    if unknown:
        names = ", ".join(sorted(unknown))
        raise UserError([Problem(path, f"unknown setting {names}", hint="allowed: [build] paper")])
    paper = build.get("paper", "a4")
    if paper not in PAPERS:
        raise UserError(
            [Problem(path, f"paper {paper!r} is not known", hint='use "a4" or "letter"')]
        )
    return Config(paper=paper)
